"""The list of sync conflicts (every one, or one case's); "Review…" opens the Resolve dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hcdesk.ui.sync import SyncController, field, tr
from hcdesk.ui.sync_dialogs.common import (
    ATTENTION,
    NEEDS_REVIEW,
    POLICIES,
    RowsModel,
    field_name,
    record_label,
    status_text,
    version_text,
)
from hcdesk.ui.sync_dialogs.resolve import ResolveDialog

CONFLICT_COLUMNS = ("Case", "Record", "Field", "What happened", "Kept", "Also kept", "Status")
VIEW_ROLE = Qt.ItemDataRole.UserRole + 1


class ConflictModel(RowsModel):
    COLUMNS = CONFLICT_COLUMNS

    def text(self, c: Any, column: int) -> str:
        policy = str(field(c, "policy") or "")
        return [
            lambda: str(field(c, "case_ref") or field(c, "case_id") or ""),
            lambda: record_label(field(c, "entity")),
            lambda: field_name(c),
            lambda: tr(POLICIES.get(policy, policy)),
            lambda: version_text(field(c, "winner")),
            lambda: version_text(field(c, "loser")),
            lambda: status_text(c),
        ][column]()

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        c = self.rows[index.row()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return self.text(c, index.column())
        if role == VIEW_ROLE:
            return c
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.column() == 3
            and field(c, "policy") in NEEDS_REVIEW
            and field(c, "status") == "open"
        ):
            return QColor(ATTENTION)
        return None


class ConflictsDialog(QDialog):
    """Every conflict (or one case's), with "Review…" opening the Resolve dialog."""

    def __init__(
        self,
        controller: SyncController,
        parent: QWidget | None = None,
        case_id: str | None = None,
        case_ref: str = "",
    ) -> None:
        super().__init__(parent)
        self.controller, self.case_id = controller, case_id
        self.setObjectName("conflictsDialog")
        self.setWindowTitle(
            tr("Conflicts in case %1").replace("%1", case_ref) if case_id else tr("Conflicts")
        )
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "A conflict is a change two people made to the same thing before they synced. "
                "The central store kept both versions: nothing was lost. Changed texts and "
                "deletions need a person to review them; a supervisor decides which version "
                "stays."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = ConflictModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(tr("Conflicts"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.activated.connect(self.review)
        self.table.doubleClicked.connect(self.review)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(tr("There are no conflicts."))
        self.empty.hide()
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.show_resolved = QCheckBox(tr("Show &resolved conflicts too"))
        self.show_resolved.toggled.connect(self.refresh)
        row.addWidget(self.show_resolved)
        row.addStretch(1)
        self.review_button = QPushButton(tr("&Review…"))
        self.review_button.setAccessibleName(tr("Review the selected conflict"))
        self.review_button.clicked.connect(lambda: self.review(self.table.currentIndex()))
        close = QPushButton(tr("Close"))
        close.setAccessibleName(tr("Close the conflicts list"))
        close.clicked.connect(self.close)
        row.addWidget(self.review_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(980, 420)
        self.resolve_dialog: ResolveDialog | None = None
        controller.finished.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args: Any) -> None:
        self.controller.conflicts(
            self._loaded, case_id=self.case_id, include_resolved=self.show_resolved.isChecked()
        )

    loaded = Signal()

    def _loaded(self, rows: list[Any]) -> None:
        current = self.table.currentIndex().row()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        for col in range(self.model.columnCount()):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 260))
        self.empty.setVisible(not rows)
        self.review_button.setEnabled(bool(rows))
        if rows:
            self.table.selectRow(max(0, min(current, len(rows) - 1)))
        self.loaded.emit()

    def review(self, index: QModelIndex | None = None) -> ResolveDialog | None:
        index = index if index is not None and index.isValid() else self.table.currentIndex()
        if not index.isValid():
            return None
        conflict = self.model.data(self.model.index(index.row(), 0), VIEW_ROLE)
        if self.resolve_dialog is not None:
            self.resolve_dialog.close()
            self.resolve_dialog.deleteLater()
        self.resolve_dialog = ResolveDialog(self.controller, conflict, self)
        self.resolve_dialog.resolved.connect(self.refresh)
        self.resolve_dialog.open()
        return self.resolve_dialog
