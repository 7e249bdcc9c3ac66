"""Editing two versions of a text into the one that stays."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from hcdesk.ui.sync import tr


class CombineDialog(QDialog):
    def __init__(self, first: str, second: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("combineDialog")
        self.setWindowTitle(tr("Combined text"))
        layout = QVBoxLayout(self)
        hint = QLabel(tr("Both texts are below; edit them into the text that should stay."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(tr("Combined text"))
        self.editor.setPlainText(first if first == second else f"{first}\n\n{second}")
        layout.addWidget(self.editor, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("&Keep the combined text"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(700, 480)
