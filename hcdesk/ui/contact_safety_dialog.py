"""Asking the officer before a contact goes against what the victim asked: the concerns in
plain words (hcdesk.casework.contact_safety), a box for the reason, and "Go ahead and record
why" or "Change the contact". Opened window-modal with ``open()``: nothing waits on it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework.contact_safety import Concern, Reminder, override_problem
from hcdesk.ui.casefile_panels import esc

# The reminders worth repeating in the dialog: the others are beside the contact log already.
DIALOG_REMINDERS = ("interpreter", "spokesperson", "unread_times")


class ContactSafetyDialog(QDialog):
    """``went_ahead(reason)`` when the officer goes ahead with a reason; rejected when they
    choose to change the contact (or close the dialog)."""

    went_ahead = Signal(str)

    def __init__(
        self,
        concerns: Sequence[Concern],
        reminders: Sequence[Reminder] = (),
        parent: QWidget | None = None,
        *,
        planned: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactSafetyDialog")
        self.setWindowTitle(self.tr("Contact against the victim's wishes"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.concerns = list(concerns)
        layout = QVBoxLayout(self)
        what = self.tr("planned contact") if planned else self.tr("contact")
        head = QLabel(
            self.tr("<b>This %1 goes against what the victim asked:</b>").replace("%1", what)
        )
        head.setWordWrap(True)
        layout.addWidget(head)
        items = "".join(f"<li>{esc(c.message)}</li>" for c in self.concerns)
        self.concern_list = QLabel(f"<ul style='margin-left: 0'>{items}</ul>")
        self.concern_list.setTextFormat(Qt.TextFormat.RichText)
        self.concern_list.setWordWrap(True)
        self.concern_list.setAccessibleName(self.tr("What the victim asked"))
        self.concern_list.setAccessibleDescription(" ".join(c.message for c in self.concerns))
        layout.addWidget(self.concern_list)
        extra = [r for r in reminders if r.kind in DIALOG_REMINDERS]
        if extra:
            keep = QLabel(
                self.tr("Keep in mind: %1").replace("%1", " ".join(esc(r.message) for r in extra))
            )
            keep.setWordWrap(True)
            keep.setAccessibleName(self.tr("Keep in mind"))
            layout.addWidget(keep)
        label = QLabel(
            self.tr(
                "If you go ahead, say &why. The reason is recorded with the %1 and is in its "
                "history."
            ).replace("%1", what)
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName(self.tr("Reason for going ahead"))
        self.reason.setMinimumHeight(70)
        self.reason.setMaximumHeight(120)
        label.setBuddy(self.reason)
        layout.addWidget(self.reason)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setStyleSheet("QLabel#fieldError { color: #c62828; font-weight: 600; }")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Reason error"))
        self.error.hide()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        self.change_button = QPushButton(self.tr("&Change the contact"))
        self.change_button.setAccessibleName(self.tr("Change the contact; nothing is recorded"))
        self.change_button.setDefault(True)  # Enter does the safe thing
        self.change_button.clicked.connect(self.reject)
        self.go_button = QPushButton(self.tr("&Go ahead and record why"))
        self.go_button.setAccessibleName(self.tr("Go ahead and record why"))
        self.go_button.setAutoDefault(False)
        self.go_button.clicked.connect(self.go_ahead)
        row.addWidget(self.change_button)
        row.addWidget(self.go_button)
        layout.addLayout(row)
        self.reason.setFocus()
        self.resize(560, self.sizeHint().height())

    def go_ahead(self) -> None:
        text = self.reason.toPlainText().strip()
        problem = override_problem(text)
        if problem is not None:
            self.error.setText(self.tr(problem))
            self.error.show()
            self.reason.setFocus()
            return
        self.error.hide()
        self.went_ahead.emit(text)
        self.accept()
