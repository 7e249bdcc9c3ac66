"""The victim's sensitive details, masked until revealed: typing into a masked field says why
nothing happens and how to reveal, instead of ignoring the keys without a word."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget


def masked_note() -> str:
    return QCoreApplication.translate(
        "masking",
        "Hidden to protect the victim: press Reveal (Alt+R) to see and edit them. "
        "Each reveal is recorded in the audit trail.",
    )


def typed_note() -> str:
    return QCoreApplication.translate(
        "masking",
        "That field is hidden to protect the victim, so typing there does nothing: press "
        "Reveal (Alt+R) first.",
    )


class MaskGuard(QObject):
    """Watches masked (read-only) fields: ``typed`` when someone types into one."""

    typed = Signal(QWidget)

    def __init__(self, editors: Iterable[QWidget], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editors = [e for e in editors if isinstance(e, QLineEdit)]
        for editor in self.editors:
            editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QLineEdit)
            and watched.isReadOnly()
            and isinstance(event, QKeyEvent)
        ):
            text = event.text()
            typing = bool(text) and text.isprintable() and not (
                event.modifiers()
                & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            )
            if typing or event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
                self.typed.emit(watched)
                return True
        return False
