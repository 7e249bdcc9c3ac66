"""The status bar's progress bar and Cancel while a long sync runs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from hcdesk.ui import sync as s
from hcdesk.ui.sync import SyncController, field, tr


class SyncProgress(QWidget):
    """A progress bar and Cancel, shown in the status bar while a long sync runs."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setAccessibleName(tr("Sync progress message"))
        self.bar = QProgressBar()
        self.bar.setAccessibleName(tr("Sync progress"))
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(True)
        self.cancel = QPushButton(tr("Cancel sync"))
        self.cancel.setAccessibleName(tr("Cancel the sync"))
        self.cancel.clicked.connect(controller.cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.hide()
        # Only a sync that takes a while shows a bar (a quick one would only flicker).
        self.delay = QTimer(self)
        self.delay.setSingleShot(True)
        self.delay.setInterval(600)
        self.delay.timeout.connect(self._reveal)
        controller.started.connect(self._started)
        controller.progress.connect(self._progress)
        controller.stateChanged.connect(self._state)

    def _started(self) -> None:
        self.bar.setRange(0, 0)
        self.label.setText(tr("Syncing…"))
        self.cancel.setEnabled(True)
        self.delay.start()

    def _reveal(self) -> None:
        if self.controller.running and self.controller.state == s.SYNCING:
            self.show()

    def _progress(self, p: Any) -> None:
        total, done = field(p, "total"), int(field(p, "done", 0) or 0)
        phase = field(p, "phase", "")
        if total:
            self.bar.setRange(0, int(total))
            self.bar.setValue(min(done, int(total)))
        else:
            self.bar.setRange(0, 0)
        verb = {"push": tr("Sending"), "index": tr("Updating the case list")}.get(
            phase, tr("Receiving")
        )
        self.label.setText(
            tr("%1: %2 of %3")
            .replace("%1", verb)
            .replace("%2", f"{done:,}")
            .replace("%3", f"{int(total):,}")
            if total
            else tr("%1: %2").replace("%1", verb).replace("%2", f"{done:,}")
        )

    def _state(self, state: str) -> None:
        if state != s.SYNCING:
            self.delay.stop()
            self.hide()
        elif self.controller.running and not self.delay.isActive():
            self.delay.start()  # a quiet retry that got through
