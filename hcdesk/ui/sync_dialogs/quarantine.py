"""Changes the central store refused: the list, and its export without case content."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework.fields import humanise
from hcdesk.errors import message_for
from hcdesk.fileio import atomic_write
from hcdesk.ui.sync import SyncController, as_datetime, field, tr
from hcdesk.ui.sync_dialogs.common import RowsModel, record_label, when_text

QUARANTINE_COLUMNS = ("When", "Case", "Record", "Reason")


def quarantine_row(q: Any) -> dict[str, str]:
    """The exportable facts of one refused change: ids, references, reasons; no case content."""
    return {
        "mutation_id": str(field(q, "mutation_id") or ""),
        "created_at": _iso(field(q, "created_at")),
        "case_ref": str(field(q, "case_ref") or ""),
        "record": str(
            field(q, "description")
            or field(q, "entity_description")
            or record_label(field(q, "entity"))
        ),
        "code": str(field(q, "code") or ""),
        "reason": str(field(q, "reason") or ""),
    }


def _iso(value: Any) -> str:
    when = as_datetime(value)
    return when.isoformat() if when else ""


class QuarantineModel(RowsModel):
    COLUMNS = QUARANTINE_COLUMNS

    def row_of(self, item: Any) -> dict[str, str]:
        return quarantine_row(item)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        row = self.rows[index.row()]
        return [
            when_text(row["created_at"]),
            row["case_ref"],
            row["record"],
            row["reason"] or humanise(row["code"]),
        ][index.column()]


class QuarantineDialog(QDialog):
    """Changes the central store refused: kept here, never sent again automatically."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("quarantineDialog")
        self.setWindowTitle(tr("Refused changes"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "The central store refused these changes, usually because your account may not "
                "change that case. <b>Nothing was lost</b>: each change is kept on this computer "
                "and is not sent again automatically. Talk to your supervisor: they can check "
                "your access and make the change if it is still needed. The exported list holds "
                "only references and reasons, no case details."
            )
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)
        self.model = QuarantineModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(tr("Refused changes"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(tr("No change has been refused."))
        self.empty.hide()
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.message = QLabel()
        self.message.setAccessibleName(tr("Export message"))
        row.addWidget(self.message, 1)
        self.export_button = QPushButton(tr("&Export list…"))
        self.export_button.setAccessibleName(tr("Export the list of refused changes (CSV)"))
        self.export_button.clicked.connect(self.choose_export)
        close = QPushButton(tr("Close"))
        close.setAccessibleName(tr("Close the refused changes list"))
        close.clicked.connect(self.close)
        row.addWidget(self.export_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(820, 380)
        controller.finished.connect(self.refresh)
        self.refresh()

    loaded = Signal()
    exported = Signal(str)

    def refresh(self, *_args: Any) -> None:
        self.controller.quarantine(self._loaded)

    def _loaded(self, rows: list[Any]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not rows)
        self.export_button.setEnabled(bool(rows))
        self.loaded.emit()

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export refused changes"), "refused-changes.csv", tr("CSV (*.csv)")
        )
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> None:
        rows = [dict(r) for r in self.model.rows]

        def op() -> int:
            text = io.StringIO(newline="")
            writer = csv.DictWriter(
                text,
                fieldnames=["mutation_id", "created_at", "case_ref", "record", "code", "reason"],
            )
            writer.writeheader()
            writer.writerows(rows)
            atomic_write(path, text.getvalue().encode("utf-8"))
            return len(rows)

        def done(n: int) -> None:
            self.message.setText(tr("%n change(s) listed in %1", "", n).replace("%1", path.name))
            self.exported.emit(str(path))

        self.controller.runner.run(op, done, lambda exc: self.message.setText(message_for(exc)))
