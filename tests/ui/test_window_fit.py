"""The main window at a 1366×768 laptop size (and at 150%, which is 1366×768 in Qt's
device-independent pixels on a 2049×1152 screen): it fits the screen it opens on, nothing is
clipped, the case list's references show whole on one line, and every date reads dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QMainWindow,
    QTabBar,
    QToolBar,
    QWidget,
)
from shellkit import every_tab, seed_cases
from uikit import WAIT_MS, open_main

from hcdesk.casework.fields import format_date
from hcdesk.models.case import CaseFile
from hcdesk.store import settings as prefs
from hcdesk.store.store import Store
from hcdesk.ui import screenfit
from hcdesk.ui.caselist import COLUMNS
from hcdesk.ui.mainwindow import MainWindow
from hcdesk.ui.tasks import TaskRunner

# A 1366×768 screen less a 40-pixel task bar.
LAPTOP = QRect(0, 0, 1366, 728)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def laptop_window(qtbot: Any, store: Store, runner: TaskRunner, cases: int = 3) -> MainWindow:
    ids = seed_cases(store, cases)
    with store.transaction(reason="test set-up") as s:
        case = s.get(CaseFile, ids[0])
        assert case is not None
        case.urn = "47AB1234567-WIDE"  # the longest reference the list must show whole
        case.incident_date = dt.date(2026, 11, 25)
        case.next_review_date = dt.date(2026, 12, 1)
    window = open_main(qtbot, store, runner)
    screenfit.fit_to(window, LAPTOP)
    qtbot.waitUntil(lambda: window.model.total == cases, timeout=WAIT_MS)
    window.request_open(ids[0])
    qtbot.waitUntil(lambda: window.case_id == ids[0], timeout=WAIT_MS)
    qtbot.wait(50)
    return window


def test_the_window_fits_the_screen_it_opens_on(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = open_main(qtbot, store, runner)
    for screen in (LAPTOP, QRect(0, 0, 1280, 680), QRect(1366, 0, 1920, 1160)):
        screenfit.fit_to(window, screen)
        assert screen.contains(window.frameGeometry()), (screen, window.frameGeometry())
        # Room left for the frame a window manager adds: title bar and borders.
        assert window.width() + 16 <= screen.width() and window.height() + 40 <= screen.height()
    assert window.width() <= 1280 and window.height() <= 800  # no bigger than it needs
    minimum = window.minimumSizeHint()
    assert minimum.width() <= 1024 and minimum.height() <= 560, minimum

    # A saved place is used again only if it fits: from a bigger screen, it is refitted.
    window.setGeometry(QRect(100, 100, 1800, 1100))
    too_big = screenfit.encoded_geometry(window)
    assert not screenfit.restore_or_fit(window, too_big, LAPTOP)
    assert LAPTOP.contains(window.geometry())
    # (Qt's restoreGeometry also fits the window to the screen the test really has.)
    real = screenfit.available_for(window)
    small = window.minimumSizeHint().expandedTo(window.minimumSize())
    if real.width() >= small.width() + 40 and real.height() >= small.height() + 80:
        window.setGeometry(QRect(real.x() + 10, real.y() + 40, small.width(), small.height()))
        fits = screenfit.encoded_geometry(window)
        screenfit.fit_to(window, LAPTOP)
        assert screenfit.restore_or_fit(window, fits, LAPTOP)
        assert window.size() == small
    assert not screenfit.restore_or_fit(window, "not base64!", LAPTOP)


def test_the_saved_place_is_kept_only_when_it_fits(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    settings = prefs.ProfileSettings(store.paths.root)
    huge = QMainWindow()
    qtbot.addWidget(huge)
    huge.setGeometry(QRect(0, 0, 5000, 3000))
    settings.set(prefs.WINDOW_GEOMETRY, screenfit.encoded_geometry(huge))
    window = MainWindow(store, runner, settings=settings)
    qtbot.addWidget(window)
    available = screenfit.available_for(window)
    assert available.contains(window.geometry()), (available, window.geometry())


def clipped(window: QWidget) -> list[str]:
    """Every shown label and button whose box leaves the window (outside a scroll area) or
    whose text does not fit its box."""
    problems = []
    bounds = window.rect()
    for w in window.findChildren(QWidget):
        if not isinstance(w, QLabel | QAbstractButton) or not w.isVisibleTo(window):
            continue
        if isinstance(w.parentWidget(), QTabBar) or not w.isVisible():
            continue  # a tab bar's scroll arrows
        text = w.text() if not isinstance(w, QLabel) or not w.pixmap() else ""
        name = f"{type(w).__name__} {text[:40]!r}"
        in_scroll = any(
            isinstance(p, QAbstractScrollArea) for p in _ancestors(w, window)
        )
        in_toolbar = any(isinstance(p, QToolBar) for p in _ancestors(w, window))
        box = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
        if not in_scroll and not in_toolbar and not bounds.contains(box):
            problems.append(f"{name} at {box} is outside the window {bounds}")
        if not text.strip():
            continue
        if isinstance(w, QLabel):
            if w.wordWrap():
                need = w.heightForWidth(w.width())
                if need > w.height() + 1:
                    problems.append(f"{name}: {w.height()} high, its text needs {need}")
            elif w.width() + 1 < w.minimumSizeHint().width():
                problems.append(f"{name}: {w.width()} wide, its text needs {w.sizeHint().width()}")
        elif w.width() + 1 < w.minimumSizeHint().width() and not in_toolbar:
            problems.append(f"{name}: {w.width()} wide, needs {w.minimumSizeHint().width()}")
    return problems


def _ancestors(w: QWidget, top: QWidget) -> list[QWidget]:
    out = []
    p = w.parentWidget()
    while p is not None and p is not top:
        out.append(p)
        p = p.parentWidget()
    return out


def test_nothing_is_clipped_at_1366_by_768(qtbot: Any, store: Store, runner: TaskRunner) -> None:
    window = laptop_window(qtbot, store, runner)
    assert LAPTOP.contains(window.geometry())
    status = window.statusBar()
    assert QRect(QPoint(0, 0), window.size()).contains(
        QRect(status.mapTo(window, QPoint(0, 0)), status.size())
    ), "the status bar must be on the screen"
    problems = []
    for where in every_tab(window.casefile):
        qtbot.wait(10)
        problems += [f"[{where}] {p}" for p in clipped(window)]
    assert problems == []


def test_the_check_finds_a_clipped_label(qtbot: Any) -> None:
    w = QWidget()
    qtbot.addWidget(w)
    w.resize(200, 100)
    label = QLabel("a label far too long for its little box", w)
    label.setGeometry(10, 10, 60, 20)
    outside = QLabel("out", w)
    outside.setGeometry(180, 90, 60, 20)
    w.show()
    found = clipped(w)
    assert len(found) == 2, found


def test_references_show_whole_on_single_line_rows(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = laptop_window(qtbot, store, runner)
    table = window.list_panel.table
    qtbot.waitUntil(lambda: window.list_panel.fitted, timeout=WAIT_MS)
    metrics = table.fontMetrics()
    header = table.horizontalHeader()
    for row in window.model.loaded_rows():
        need = metrics.horizontalAdvance(row.reference) + 16  # and the sync mark before it
        assert header.sectionSize(0) >= need, (row.reference, header.sectionSize(0))
    left = header.sectionViewportPosition(0)
    assert left >= 0 and left + header.sectionSize(0) <= table.viewport().width()
    assert not table.wordWrap()
    assert table.rowHeight(0) < 2 * metrics.lineSpacing()  # one line per case
    # Long text is cut short with "…" and shown whole in its tooltip.
    index = window.model.index(0, 1)
    assert window.model.data(index) == window.model.data(index, 3)  # ToolTipRole
    # The sync marks have a legend (View → Show sync legend).
    assert window.list_panel.legend.isVisible()
    window.legend_action.trigger()
    assert not window.list_panel.legend.isVisible()
    assert prefs.ProfileSettings(store.paths.root).get(prefs.SYNC_LEGEND) == 0


def test_one_date_format_in_the_list_and_the_case_file(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = laptop_window(qtbot, store, runner)
    model = window.model
    columns = [c[0] for c in COLUMNS]
    row = next(
        i for i, r in enumerate(model.loaded_rows()) if r.incident_date == dt.date(2026, 11, 25)
    )
    shown = model.data(model.index(row, columns.index("incident_date")))
    assert shown == format_date(dt.date(2026, 11, 25)) == "25/11/2026"
    review = model.data(model.index(row, columns.index("next_review_date")))
    assert review.startswith("01/12/2026")  # then " — overdue" once that day has passed
    editor = window.casefile.case_form.form.editors["incident_date"]
    assert editor.text() == shown  # type: ignore[attr-defined]
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            assert not ISO_DATE.search(str(model.data(model.index(r, c)) or ""))
    history = window.casefile.history
    when = history.item(0, 0).text()
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", when), when
