"""The Sync panel: everything about sync in one place, and the buttons to act on it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework.fields import humanise
from hcdesk.ui import sync as s
from hcdesk.ui.sync import SyncController, ago, field, tr
from hcdesk.ui.sync_dialogs.common import COLOURS, counts, escape, summary, when_text


class SyncPanel(QDialog):
    """Where the officer sees everything about sync and acts on it."""

    conflicts_requested = Signal()
    quarantine_requested = Signal()
    sign_in_requested = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(tr("Sync with the central store"))
        self.setObjectName("syncPanel")
        layout = QVBoxLayout(self)
        self.headline = QLabel()
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setAccessibleName(tr("Sync state"))
        layout.addWidget(self.headline)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("server", tr("Central store")),
            ("user", tr("Signed in as")),
            ("last", tr("Last successful sync")),
            ("pending", tr("Changes waiting to be sent")),
            ("conflicts", tr("Open conflicts")),
            ("refused", tr("Refused changes")),
            ("problem", tr("Last problem")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            form.addRow(label + ":", value)
            self.values[key] = value
        layout.addLayout(form)
        self.explain = QLabel(
            tr(
                "Your work is always saved on this computer first. hcdesk sends it to the "
                "central store when there is a connection, and brings back your team's changes."
            )
        )
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        buttons = QHBoxLayout()
        self.sync_button = QPushButton(tr("&Sync now"))
        self.sync_button.setToolTip(tr("Send and receive changes now (F5)"))
        self.sync_button.clicked.connect(lambda: controller.sync_now())
        self.sign_button = QPushButton()
        self.sign_button.clicked.connect(self._sign)
        self.conflicts_button = QPushButton(tr("&Conflicts…"))
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        self.quarantine_button = QPushButton(tr("&Refused changes…"))
        self.quarantine_button.clicked.connect(self.quarantine_requested)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.close)
        for b in (
            self.sync_button,
            self.sign_button,
            self.conflicts_button,
            self.quarantine_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        controller.stateChanged.connect(self.show_status)
        controller.statusChanged.connect(self.show_status)
        controller.failed.connect(self.show_status)
        self.resize(560, 0)
        self.show_status()

    def _sign(self) -> None:
        if self.controller.signed_in():
            self.sign_button.setEnabled(False)
            self.controller.logout(lambda: self.sign_button.setEnabled(True))
        else:
            self.sign_in_requested.emit()

    def show_status(self, *_args: Any) -> None:
        c = self.controller
        status, state = c.status, c.state
        text, _ = summary(state, status)
        colour = COLOURS.get(state, "#9e9e9e")
        self.headline.setText(f"<h3 style='color:{colour}'>{escape(text)}</h3>")
        pending, conflicts, refused = counts(status)
        user = field(status, "username")
        self.values["server"].setText(str(field(status, "server_url") or tr("not set")))
        self.values["user"].setText(
            tr("%1 (%2)")
            .replace("%1", str(user))
            .replace("%2", humanise(str(field(status, "role") or "")))
            if user and c.signed_in()
            else tr("not signed in")
        )
        last = field(status, "last_success_at")
        self.values["last"].setText(
            tr("%1 (%2)").replace("%1", when_text(last)).replace("%2", ago(last))
            if last
            else tr("never")
        )
        self.values["pending"].setText(str(pending))
        self.values["conflicts"].setText(str(conflicts))
        self.values["refused"].setText(str(refused))
        self.values["problem"].setText(c.last_error or str(field(status, "last_error") or "—"))
        signed_in = c.signed_in()
        self.sign_button.setText(tr("Sign &out") if signed_in else tr("Sign &in…"))
        self.sign_button.setAccessibleName(
            tr("Sign out of the central store") if signed_in else tr("Sign in to the central store")
        )
        self.sync_button.setEnabled(signed_in and state not in (s.SYNCING, s.REVOKED))
        self.conflicts_button.setText(tr("&Conflicts (%1)…").replace("%1", str(conflicts)))
        self.conflicts_button.setAccessibleName(tr("Show conflicts"))
        self.quarantine_button.setText(tr("&Refused changes (%1)…").replace("%1", str(refused)))
        self.quarantine_button.setAccessibleName(tr("Show refused changes"))
