"""One conflict's two versions side by side, and a supervisor's decision between them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hcdesk.errors import message_for
from hcdesk.ui.sync import SyncController, field, tr
from hcdesk.ui.sync_dialogs.combine import CombineDialog
from hcdesk.ui.sync_dialogs.common import (
    escape,
    field_name,
    record_label,
    status_text,
    value_text,
    who_text,
)


class VersionPanel(QGroupBox):
    """One side of a conflict: who, when, and the value or text, with "Keep this version"."""

    def __init__(self, title: str, conflict: Any, side: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        version = field(conflict, side)
        policy = str(field(conflict, "policy") or "scalar")
        value = field(version, "value")
        layout = QVBoxLayout(self)
        self.setAccessibleName(title)
        who = QLabel(who_text(version))
        who.setAccessibleName(tr("%1: author and time").replace("%1", title))
        layout.addWidget(who)
        deleted = policy == "delete" and _is_deletion(value)
        if policy == "delete":
            what = QLabel(
                tr("<b>Deleted</b> the record") if deleted else tr("<b>Changed</b> the record:")
            )
            layout.addWidget(what)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(tr("%1: content").replace("%1", title))
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        if deleted:
            self.text.setPlainText(tr("(deleted)"))
        elif policy == "delete":
            edits = field(version, "edits") or {}
            self.text.setPlainText(value_text(edits) if edits else tr("(changes not listed)"))
        elif policy == "narrative":
            self.text.setPlainText("" if value is None else str(value))
        else:
            self.text.setPlainText(value_text(value))
        if policy == "scalar":
            self.text.setMaximumHeight(70)
            layout.addWidget(self.text)
        else:
            layout.addWidget(self.text, 1)
        self.keep = QPushButton(
            tr("&Keep this version") if side == "winner" else tr("K&eep this version")
        )
        self.keep.setAccessibleName(tr("Keep the version: %1").replace("%1", title))
        layout.addWidget(self.keep)
        if policy == "scalar":
            layout.addStretch(1)


def _is_deletion(value: Any) -> bool:
    return value is True


class ResolveDialog(QDialog):
    """Both versions side by side. A supervisor keeps one (or, for a text, writes the combined
    text); anyone else sees the same, read-only, with who resolves it."""

    resolved = Signal()

    def __init__(self, controller: SyncController, conflict: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller, self.conflict = controller, conflict
        self.busy = False
        self.setObjectName("resolveDialog")
        policy = str(field(conflict, "policy") or "scalar")
        label = field_name(conflict)
        ref = str(field(conflict, "case_ref") or "")
        self.setWindowTitle(tr("Conflict: %1 — %2").replace("%1", label).replace("%2", ref))
        layout = QVBoxLayout(self)
        entity = field(conflict, "entity")
        record = record_label(entity).lower()
        if policy == "delete":
            text = tr(
                "This %1 in case %2 was deleted in one place and changed in another before "
                "they synced."
            ).replace("%1", escape(record))
        elif entity == "case_file":
            text = tr("<b>%1</b> of case %2 was changed in two places before they synced.")
        else:
            text = tr(
                "<b>%1</b> of a %3 in case %2 was changed in two places before they synced."
            ).replace("%3", escape(record))
        head = QLabel(text.replace("%1", escape(label)).replace("%2", escape(ref)))
        head.setWordWrap(True)
        layout.addWidget(head)
        explain = {
            "scalar": tr(
                "The central store kept the newer value and saved the other one here. Keep the "
                "newer one, or put the other one back."
            ),
            "narrative": tr(
                "Texts are never merged silently: both versions are kept in full. Keep one, or "
                "write a combined text."
            ),
            "delete": tr(
                "One person deleted this record while another changed it. Keep it deleted, or "
                "keep it with the changes."
            ),
        }.get(policy, "")
        note = QLabel(explain)
        note.setWordWrap(True)
        layout.addWidget(note)
        sides = QGridLayout()
        self.winner = VersionPanel(tr("Version shown now"), conflict, "winner")
        self.loser = VersionPanel(tr("Other version"), conflict, "loser")
        sides.addWidget(self.winner, 0, 0)
        sides.addWidget(self.loser, 0, 1)
        layout.addLayout(sides, 1)
        self.combine_button = QPushButton(tr("Edit a &combined text…"))
        self.combine_button.setAccessibleName(tr("Edit a combined text"))
        self.combine_button.setVisible(policy == "narrative")
        self.combine_button.clicked.connect(self.combine)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(tr("Resolve message"))
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(self.combine_button)
        row.addStretch(1)
        close = QPushButton(tr("Close"))
        close.setAccessibleName(tr("Close without deciding"))
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.winner.keep.clicked.connect(lambda: self.decide("winner"))
        self.loser.keep.clicked.connect(lambda: self.decide("loser"))
        is_open = field(conflict, "status") == "open" and not field(conflict, "resolving")
        self.may_resolve = controller.may_resolve() and is_open
        if field(conflict, "status") != "open":
            self.message.setText(
                tr("This conflict has been resolved: %1.").replace(
                    "%1", status_text(conflict).lower()
                )
            )
        elif field(conflict, "resolving"):
            self.message.setText(
                tr("A decision on this conflict is waiting to be sent with the next sync.")
            )
        elif not controller.may_resolve():
            self.message.setText(
                tr(
                    "A supervisor resolves this conflict. Both versions are kept until then; "
                    "you can carry on working on the case."
                )
            )
        for b in (self.winner.keep, self.loser.keep, self.combine_button):
            b.setEnabled(self.may_resolve)
        self.resize(900, {"narrative": 560, "delete": 400}.get(policy, 300))

    def decide(self, choice: str, value: Any = None) -> None:
        if not self.may_resolve or self.busy:
            return
        self.busy = True
        for b in (self.winner.keep, self.loser.keep, self.combine_button):
            b.setEnabled(False)
        self.message.setText(tr("Saving the decision…"))
        self.controller.resolve(
            str(field(self.conflict, "id")), choice, value, self._done, self._failed
        )

    def _done(self) -> None:
        self.busy = False
        self.message.setText(tr("Decision saved; it is sent with the next sync."))
        self.resolved.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        for b in (self.winner.keep, self.loser.keep, self.combine_button):
            b.setEnabled(self.may_resolve)
        self.message.setText(message_for(exc))

    def combine(self) -> None:
        dialog = CombineDialog(self.winner.text.toPlainText(), self.loser.text.toPlainText(), self)
        dialog.accepted.connect(lambda: self.decide("value", dialog.editor.toPlainText()))
        self.combine_dialog = dialog
        dialog.open()
