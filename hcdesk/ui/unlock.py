"""The first screen: create a profile, or unlock it by passphrase or the OS keyring.

Kept light: the database and crypto modules are imported on a worker thread when the officer
presses Unlock, so this screen appears almost as fast as a bare window.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hcdesk.errors import HcdeskError, message_for
from hcdesk.store.paths import MIN_PASSPHRASE_LENGTH, PASSPHRASE_GUIDANCE, ProfilePaths
from hcdesk.ui.tasks import TaskRunner


def _store() -> Any:
    from hcdesk.store.store import Store

    return Store


def where_keyring() -> str:
    from hcdesk.store import secrets

    return secrets.where()


class UnlockWidget(QWidget):
    """First run (create a profile) or unlock, by passphrase or the OS keyring."""

    unlocked = Signal(object)

    def __init__(
        self, profile: Path, runner: TaskRunner, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self.profile, self.runner, self.clock = profile, runner, clock
        self.failures = 0
        self.blocked_until = 0.0
        self.setWindowTitle(self.tr("hcdesk"))
        layout = QVBoxLayout(self)
        self.title = QLabel()
        layout.addWidget(self.title)
        self.where = QLabel(self.tr("Profile: %1").replace("%1", str(profile)))
        self.where.setWordWrap(True)
        layout.addWidget(self.where)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        form.addRow(self.tr("&Passphrase"), self.passphrase)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setAccessibleName(self.tr("Passphrase again"))
        self.confirm_label = QLabel(self.tr("&Again"))
        self.confirm_label.setBuddy(self.confirm)
        form.addRow(self.confirm_label, self.confirm)
        self.remember = QCheckBox(self.tr("Also unlock with my computer login (OS keyring)"))
        self.remember.setAccessibleName(self.tr("Remember the key in the OS keyring"))
        form.addRow(self.remember)
        layout.addLayout(form)
        self.guidance = QLabel(PASSPHRASE_GUIDANCE)
        self.guidance.setWordWrap(True)
        layout.addWidget(self.guidance)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Unlock status"))
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.button = QPushButton()
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        buttons.addWidget(self.button)
        self.keyring_button = QPushButton(self.tr("Unlock with &computer login"))
        self.keyring_button.setAccessibleName(self.tr("Unlock with the OS keyring"))
        self.keyring_button.clicked.connect(self.unlock_keyring)
        buttons.addWidget(self.keyring_button)
        layout.addLayout(buttons)
        self.passphrase.returnPressed.connect(self.submit)
        self.confirm.returnPressed.connect(self.submit)
        self.refresh_mode()

    @property
    def creating(self) -> bool:
        return not ProfilePaths(self.profile).exists()

    def refresh_mode(self) -> None:
        creating = self.creating
        self.title.setText(
            self.tr("<h2>Create your case store</h2>")
            if creating
            else self.tr("<h2>Unlock your case store</h2>")
        )
        self.button.setText(self.tr("&Create") if creating else self.tr("&Unlock"))
        self.button.setAccessibleName(self.button.text().replace("&", ""))
        for w in (self.confirm, self.confirm_label, self.guidance, self.remember):
            w.setVisible(creating)
        keyring_on = not creating and ProfilePaths(self.profile).keyring_enabled()
        self.keyring_button.setVisible(keyring_on)
        self.passphrase.setFocus()
        # Say exactly where the secret lives; asking the keyring is slow, so off the GUI thread.
        self.runner.run(where_keyring, self._where_known, lambda _exc: None)

    def _where_known(self, where: str) -> None:
        self.remember.setText(
            self.tr("Also unlock with my computer login (%1)").replace("%1", where)
        )
        self.keyring_button.setToolTip(self.tr("The key is kept in %1.").replace("%1", where))

    def submit(self) -> None:
        if not self.button.isEnabled():
            return  # a try is already running (Enter pressed again); one at a time
        now = self.clock()
        if now < self.blocked_until:
            wait = int(self.blocked_until - now) + 1
            self.message.setText(self.tr("Too many attempts; try again in %n second(s).", "", wait))
            return
        text = self.passphrase.text()
        profile = self.profile
        if self.creating:
            if text != self.confirm.text():
                self.message.setText(self.tr("The two passphrases differ."))
                return
            if len(text) < MIN_PASSPHRASE_LENGTH:
                self.message.setText(PASSPHRASE_GUIDANCE)
                return
            remember = self.remember.isChecked()
            self._busy(self.tr("Creating your encrypted store…"))

            def create() -> tuple[Any, str]:
                store = _store().create(profile, text)
                note = ""
                if remember:
                    try:
                        store.set_keyring(True)
                    except HcdeskError as exc:
                        note = str(exc)
                return store, note

            self.runner.run(create, self._created, self._failed)
            return
        self._busy(self.tr("Unlocking…"))
        self.runner.run(lambda: _store().open(profile, text), self._done, self._failed)

    def unlock_keyring(self) -> None:
        if not self.keyring_button.isEnabled():
            return
        self._busy(self.tr("Unlocking with your computer login…"))
        profile = self.profile
        self.runner.run(
            lambda: _store().open(profile, use_keyring=True), self._done, self._keyring_failed
        )

    def _busy(self, text: str) -> None:
        self.button.setEnabled(False)
        self.keyring_button.setEnabled(False)
        self.message.setText(text)

    def _created(self, result: tuple[Any, str]) -> None:
        store, note = result
        if note:
            self.message.setText(note)
        self._done(store)

    def _done(self, store: Any) -> None:
        self.failures = 0
        self.passphrase.clear()
        self.confirm.clear()
        self.button.setEnabled(True)
        self.keyring_button.setEnabled(True)
        self.message.setText("")
        self.unlocked.emit(store)

    def _failed(self, exc: BaseException) -> None:
        self.failures += 1
        if self.failures >= 3:
            delay = min(2 ** (self.failures - 2), 300)
            self.blocked_until = self.clock() + delay
        self.button.setEnabled(True)
        self.keyring_button.setEnabled(True)
        text = message_for(exc)
        if self.failures >= 3:
            text += " " + self.tr(
                "Wait %n second(s) before trying again.", "", int(self.blocked_until - self.clock())
            )
        self.message.setText(text)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _keyring_failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.keyring_button.setEnabled(True)
        self.message.setText(message_for(exc))
        self.passphrase.setFocus()
