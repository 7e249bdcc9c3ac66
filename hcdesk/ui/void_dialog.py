"""Case → Void this case: a case opened by mistake is voided with a reason (required), never
deleted. The reason, who and when are recorded on the case, in the audit trail, and synced."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework.cases import VOID_REASON_LIMIT


class VoidDialog(QDialog):
    """Asks why the case is voided; ``reason_given`` with the reason on Void."""

    reason_given = Signal(str)

    def __init__(self, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voidDialog")
        self.setWindowTitle(self.tr("Void case %1").replace("%1", reference))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Void case %1 if it was opened by mistake. It stays in the store with the reason, "
                "but leaves the case list and every count of work. This is recorded in the audit "
                "trail and sent to the central store."
            ).replace("%1", reference)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        label = QLabel(self.tr("&Why is it voided? (required)"))
        self.reason = QLineEdit()
        self.reason.setMaxLength(VOID_REASON_LIMIT)
        self.reason.setAccessibleName(self.tr("Reason the case is voided"))
        self.reason.setPlaceholderText(self.tr("e.g. opened twice by mistake; see L-0A1B-00012"))
        label.setBuddy(self.reason)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.void = self.buttons.addButton(
            self.tr("&Void the case"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.void.setEnabled(False)
        self.reason.textChanged.connect(lambda t: self.void.setEnabled(bool(t.strip())))
        self.buttons.accepted.connect(self._void)
        self.buttons.rejected.connect(self.reject)
        self.reason.returnPressed.connect(self._void)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def _void(self) -> None:
        text = self.reason.text().strip()
        if not text:
            return
        self.reason_given.emit(text)
        self.accept()
