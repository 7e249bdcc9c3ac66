"""File → Settings: how long before the store locks, unlocking with the computer login (the OS
keyring), the central store, and the protective marking a new case starts with.

The dialog only gathers the choices; the main window keeps them (the preferences in the
profile's settings file, hcdesk.store.settings; the keyring through the store, on a worker)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework.fields import humanise
from hcdesk.store import settings as prefs

AUTO_LOCK_MINUTES = (
    int(prefs.AUTO_LOCK_S.minimum or 60) // 60,
    int(prefs.AUTO_LOCK_S.maximum or 3600) // 60,
)


@dataclass(frozen=True)
class Choices:
    auto_lock_minutes: int
    keyring: bool
    default_marking: str


class SettingsDialog(QDialog):
    """``chosen`` with the :class:`Choices` when the officer presses OK;
    ``sign_in_requested`` for a (different) central store."""

    chosen = Signal(object)
    sign_in_requested = Signal()

    def __init__(
        self,
        current: Choices,
        keyring_where: str,
        server: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.current = current
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(*AUTO_LOCK_MINUTES)
        self.auto_lock.setValue(current.auto_lock_minutes)
        self.auto_lock.setSuffix(self.tr(" minutes"))
        self.auto_lock.setAccessibleName(self.tr("Lock after this many minutes without input"))
        lock_label = QLabel(self.tr("&Lock after no input for"))
        lock_label.setBuddy(self.auto_lock)
        form.addRow(lock_label, self.auto_lock)
        self.keyring = QCheckBox(
            self.tr("&Unlock with my computer login (%1)").replace("%1", keyring_where)
        )
        self.keyring.setChecked(current.keyring)
        self.keyring.setAccessibleName(self.tr("Keep the key in the OS keyring"))
        self.keyring.setToolTip(
            self.tr("The passphrase always works as well; the keyring only adds a way in.")
        )
        form.addRow(self.keyring)
        self.marking = QComboBox()
        for value in prefs.DEFAULT_MARKING.choices:
            self.marking.addItem(humanise(value), value)
        self.marking.setCurrentIndex(max(0, self.marking.findData(current.default_marking)))
        self.marking.setAccessibleName(self.tr("Protective marking of a new case"))
        marking_label = QLabel(self.tr("New cases are &marked"))
        marking_label.setBuddy(self.marking)
        form.addRow(marking_label, self.marking)
        server_row = QHBoxLayout()
        self.server = QLabel(server or self.tr("Not signed in"))
        self.server.setObjectName("serverAddress")
        self.server.setWordWrap(True)
        self.server.setAccessibleName(self.tr("Central store address"))
        server_row.addWidget(self.server, 1)
        self.sign_in = QPushButton(
            self.tr("Sign in to a &different one…") if server else self.tr("Sign &in…")
        )
        self.sign_in.setAccessibleName(self.tr("Sign in to a central store"))
        self.sign_in.clicked.connect(self._sign_in)
        server_row.addWidget(self.sign_in)
        form.addRow(QLabel(self.tr("Central store")), server_row)
        layout.addLayout(form)
        note = QLabel(
            self.tr(
                "These settings are kept for this profile only, in a file readable by you "
                "alone; they hold nothing about cases."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.auto_lock.setFocus()

    def choices(self) -> Choices:
        return Choices(
            auto_lock_minutes=self.auto_lock.value(),
            keyring=self.keyring.isChecked(),
            default_marking=str(self.marking.currentData()),
        )

    def _ok(self) -> None:
        self.chosen.emit(self.choices())
        self.accept()

    def _sign_in(self) -> None:
        self.sign_in_requested.emit()
        self.accept()
