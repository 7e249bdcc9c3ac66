"""The status-bar indicator: Online / Offline / Syncing… / Not signed in, with counts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QToolButton, QWidget

from hcdesk.ui import sync as s
from hcdesk.ui.sync import SyncController, tr
from hcdesk.ui.sync_dialogs.common import ATTENTION, COLOURS, counts, dot, summary


class SyncIndicator(QToolButton):
    """Online / Offline / Syncing… / Not signed in, with counts; click for the Sync panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(tr("Sync status"))
        self.state, self.status = s.STARTING, None
        self.last_error = ""
        self.tick = QTimer(self)  # keeps "synced 2 min ago" true
        self.tick.setInterval(30_000)
        self.tick.timeout.connect(self.show_status)
        self.tick.start()
        self.show_status()

    def attach(self, controller: SyncController) -> None:
        self.state, self.status = controller.state, controller.status
        controller.stateChanged.connect(self._state)
        controller.statusChanged.connect(self._status)
        controller.failed.connect(self._failed)
        self.controller = controller
        self.show_status()

    def _state(self, state: str) -> None:
        self.state = state
        self.show_status()

    def _status(self, status: Any) -> None:
        self.status = status
        self.show_status()

    def _failed(self, message: str) -> None:
        self.last_error = message
        self.show_status()

    def show_status(self) -> None:
        text, detail = summary(self.state, self.status)
        _, conflicts, refused = counts(self.status)
        colour = COLOURS.get(self.state, "#9e9e9e")
        if self.state == s.ONLINE and (conflicts or refused):
            colour = ATTENTION
        self.setIcon(dot(colour))
        self.setText(text)
        problem = getattr(getattr(self, "controller", None), "last_error", "") or ""
        if problem and self.state in (s.OFFLINE, s.ERROR, s.NOT_SIGNED_IN):
            detail += "\n" + problem
        self.setToolTip(detail + "\n" + tr("Click for the Sync panel (Shift+F5)."))
        self.setAccessibleDescription(detail)
