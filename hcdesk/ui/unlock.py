"""The first screen: create a profile, or unlock it by passphrase or the OS keyring.

Kept light: the database and crypto modules are imported on a worker thread when the officer
presses Unlock, so this screen appears almost as fast as a bare window.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
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


def caps_lock_from_system() -> bool | None:
    """Whether Caps Lock is on, where the system can say (Windows); None where it cannot
    (Qt itself cannot tell): then :class:`CapsLockWatch` infers it from what is typed."""
    if sys.platform == "win32":
        try:
            import ctypes

            user32 = ctypes.WinDLL("user32")  # type: ignore[attr-defined]
            return bool(user32.GetKeyState(0x14) & 1)  # VK_CAPITAL, toggled
        except (AttributeError, OSError):
            return None
    return None


def caps_lock_from_key(text: str, shift: bool) -> bool | None:
    """What a typed letter says about Caps Lock: a capital without Shift (or a small letter
    with it) means it is on; a letter the other way means off; anything else says nothing."""
    if len(text) != 1 or not text.isalpha():
        return None
    upper, lower = text.upper(), text.lower()
    if upper == lower or len(upper) != 1 or len(lower) != 1:  # no case, or "ß" -> "SS"
        return None
    return text.isupper() != shift


class CapsLockWatch(QObject):
    """Watches the passphrase fields: ``changed(on)`` when Caps Lock is found on or off."""

    changed = Signal(bool)

    def __init__(self, fields: list[QLineEdit], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on: bool | None = None
        for field in fields:
            field.installEventFilter(self)

    def _set(self, on: bool | None) -> None:
        if on is not None and on != self.on:
            self.on = on
            self.changed.emit(on)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusIn:
            self._set(caps_lock_from_system())
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_CapsLock:
                known = caps_lock_from_system()
                if known is None and self.on is not None:
                    known = not self.on  # pressed: it toggles
                self._set(known)
            else:
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self._set(caps_lock_from_key(event.text(), shift))
        return False


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
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        middle = QHBoxLayout()
        outer.addLayout(middle)
        outer.addStretch(2)
        panel = QFrame()
        panel.setObjectName("unlockPanel")
        panel.setMaximumWidth(560)
        middle.addStretch(1)
        middle.addWidget(panel, 4)
        middle.addStretch(1)
        layout = QVBoxLayout(panel)
        self.title = QLabel()
        layout.addWidget(self.title)
        # After an auto-lock: why the screen locked, and what happened to unsaved edits.
        self.notice = QLabel("")
        self.notice.setObjectName("lockNotice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Why hcdesk locked"))
        self.notice.hide()
        layout.addWidget(self.notice)
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
        self.show_text = QCheckBox(self.tr("&Show passphrase"))
        self.show_text.setAccessibleName(self.tr("Show the passphrase as it is typed"))
        self.show_text.toggled.connect(self._show_passphrase)
        form.addRow(self.show_text)
        self.caps = QLabel(self.tr("Caps Lock is on."))
        self.caps.setObjectName("capsLockHint")
        self.caps.setStyleSheet("QLabel#capsLockHint { color: #b00020; font-weight: 600; }")
        self.caps.setAccessibleName(self.tr("Caps Lock warning"))
        self.caps.hide()
        form.addRow(self.caps)
        self.caps_watch = CapsLockWatch([self.passphrase, self.confirm], self)
        self.caps_watch.changed.connect(self.caps.setVisible)
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

    def _show_passphrase(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.confirm.setEchoMode(mode)

    def set_notice(self, text: str) -> None:
        """A line above the passphrase (why hcdesk locked); empty hides it."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

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
        self.show_text.setChecked(False)  # hidden again next time the screen shows
        self.set_notice("")
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
