"""Windows that fit the screen they open on: its available geometry (without the task bar),
at any scaling (Qt's geometry is in device-independent pixels, so 150% is 1366×768 on a
2049×1152 screen)."""

from __future__ import annotations

import base64
import binascii

from PySide6.QtCore import QByteArray, QPoint, QRect, QSize
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# The size the main window would like, where the screen has the room.
PREFERRED = QSize(1280, 800)
# Room kept for a title bar and borders the window manager adds once the window is shown.
FRAME_ALLOWANCE = QSize(16, 40)


def screen_for(widget: QWidget) -> QScreen | None:
    """The screen a window opens on: its own if it has been placed, else the one under the
    mouse pointer, else the primary screen."""
    own = widget.screen() if widget.isWindow() and widget.isVisible() else None
    return own or QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()


def available_for(widget: QWidget) -> QRect:
    screen = screen_for(widget)
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 700)


def fit_to(widget: QWidget, available: QRect, preferred: QSize = PREFERRED) -> None:
    """Size ``widget`` to ``preferred``, or to ``available`` less a frame where that is
    smaller (never below its own minimum), and centre it there."""
    room = available.size() - FRAME_ALLOWANCE
    size = preferred.boundedTo(room).expandedTo(widget.minimumSize())
    widget.resize(size)
    x = available.x() + max(0, (available.width() - size.width() - FRAME_ALLOWANCE.width()) // 2)
    y = available.y() + max(0, (available.height() - size.height() - FRAME_ALLOWANCE.height()) // 2)
    widget.move(QPoint(x, y))


def inside(outer: QRect, inner: QRect, slack: int = 2) -> bool:
    """Whether ``inner`` lies within ``outer`` (give or take ``slack`` pixels)."""
    return outer.adjusted(-slack, -slack, slack, slack).contains(inner)


def fits_a_screen(rect: QRect) -> bool:
    """Whether ``rect`` lies within the available geometry of one of the screens."""
    return any(inside(s.availableGeometry(), rect) for s in QGuiApplication.screens())


def restore_or_fit(widget: QWidget, saved: str, available: QRect | None = None) -> bool:
    """Put the window where it was last time (``saved``: base64 of ``saveGeometry()``) if that
    still fits a screen, otherwise fit it to ``available`` (the screen it opens on). Returns
    whether the saved geometry was used."""
    area = available if available is not None else available_for(widget)
    if saved:
        try:
            data = base64.b64decode(saved, validate=True)
        except (binascii.Error, ValueError):
            data = b""
        before = widget.geometry()
        if data and widget.restoreGeometry(QByteArray(data)):
            # The frame is not known before the window is shown: allow for it.
            framed = widget.geometry().adjusted(0, -FRAME_ALLOWANCE.height() + 8, 0, 0)
            if available is not None and inside(area, framed):
                return True
            if available is None and fits_a_screen(framed):
                return True
        widget.setGeometry(before)
    fit_to(widget, area)
    return False


def encoded_geometry(widget: QWidget) -> str:
    """The window's ``saveGeometry()`` as text for the settings file."""
    return base64.b64encode(bytes(widget.saveGeometry().data())).decode("ascii")


def keep_on_screen(widget: QWidget) -> None:
    """Once shown (the frame is known): shrink and move the window into its screen's
    available geometry if the window manager's frame pushed it out."""
    area = available_for(widget)
    frame = widget.frameGeometry()
    if inside(area, frame):
        return
    extra = frame.size() - widget.geometry().size()
    size = widget.size().boundedTo(area.size() - extra).expandedTo(widget.minimumSize())
    widget.resize(size)
    frame = widget.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() - frame.width() + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - frame.height() + 1)
    widget.move(QPoint(max(x, area.x()), max(y, area.y())))
