"""Signing this profile in to the central store."""

from __future__ import annotations

import socket
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hcdesk.errors import message_for
from hcdesk.ui import sync as s
from hcdesk.ui.sync import SyncController, field, tr
from hcdesk.ui.sync_dialogs.common import COLOURS


class SignInDialog(QDialog):
    """Server address, user name and password; the sign-in runs on the sync worker."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.busy = False
        self.setWindowTitle(tr("Sign in to the central store"))
        self.setObjectName("signInDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Sign in once on this computer. Your force's IT team gives you the central "
                "store's address; use your hcdesk user name and password."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        status = controller.status
        self.server = QLineEdit(str(field(status, "server_url") or ""))
        self.server.setPlaceholderText("https://hcdesk.example.police.uk")
        self.server.setAccessibleName(tr("Central store address"))
        self.username = QLineEdit(str(field(status, "username") or ""))
        self.username.setAccessibleName(tr("User name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("Password"))
        self.device = QLineEdit(_hostname())
        self.device.setAccessibleName(tr("Name of this computer"))
        self.device.setToolTip(tr("Shown to the IT team in the list of devices"))
        for label, editor in (
            (tr("Central store &address:"), self.server),
            (tr("&User name:"), self.username),
            (tr("&Password:"), self.password),
            (tr("&This computer:"), self.device),
        ):
            lab = QLabel(label)
            lab.setBuddy(editor)
            form.addRow(lab, editor)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(tr("Sign-in message"))
        self.message.setStyleSheet(f"color: {COLOURS[s.ERROR]};")
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(tr("&Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel.setAccessibleName(tr("Cancel signing in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(520, 0)
        (self.password if self.server.text() and self.username.text() else self.server).setFocus()

    def submit(self) -> None:
        if self.busy:
            return
        url = self.server.text().strip()
        user = self.username.text().strip()
        password = self.password.text()
        problem = ""
        if not url.lower().startswith(("https://", "http://")):
            problem = tr("Enter the central store's address, starting with https://")
            target: QLineEdit = self.server
        elif not user:
            problem, target = tr("Enter your user name."), self.username
        elif not password:
            problem, target = tr("Enter your password."), self.password
        if problem:
            self.show_message(problem)
            target.setFocus()
            return
        self.busy = True
        self.password.clear()  # not kept in the widget while the sign-in runs
        for w in (self.server, self.username, self.password, self.device, self.ok):
            w.setEnabled(False)
        self.show_message(tr("Signing in…"), error=False)
        self.controller.login(
            url, user, password, self.device.text().strip(), self._signed_in, self._failed
        )

    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet(f"color: {COLOURS[s.ERROR]};" if error else "")
        self.message.setText(text)
        self.message.setAccessibleDescription(text)
        self.message.show()

    def _signed_in(self, user: Any) -> None:
        self.busy = False
        self.password.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        for w in (self.server, self.username, self.password, self.device, self.ok):
            w.setEnabled(True)
        self.password.clear()
        self.show_message(message_for(exc))
        self.password.setFocus()

    def reject(self) -> None:
        self.password.clear()
        super().reject()


def _hostname() -> str:
    try:
        return socket.gethostname()[:120]
    except OSError:
        return ""
