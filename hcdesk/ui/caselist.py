"""The case list's item model: counts and pages of rows loaded lazily in the background.

Only the rows on screen are ever fetched. Changing the filter or sort starts a new generation;
answers from an older generation are dropped, so fast typing never shows stale rows.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from hcdesk.casework.caselist import CaseFilter, CaseRow, count_cases, fetch_rows
from hcdesk.store.store import Store
from hcdesk.ui.tasks import TaskRunner

PAGE = 100
MAX_PAGES = 50
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2

# (key, header, sort key or None, value)
COLUMNS: list[tuple[str, str, str | None, Callable[[CaseRow], str]]] = [
    ("reference", "Reference", "reference", lambda r: r.reference),
    ("victim", "Victim", "victim", lambda r: r.victim),
    (
        "record_type",
        "Record type",
        "record_type",
        lambda r: r.record_type.replace("_", " ").capitalize(),
    ),
    (
        "strands",
        "Strands",
        None,
        lambda r: ", ".join(s.replace("_", " ").lower() for s in r.strands),
    ),
    ("place", "Place", "place", lambda r: r.place),
    ("owner", "Liaison officer", "owner", lambda r: r.owner),
    ("status", "Status", "status", lambda r: r.status.replace("_", " ").capitalize()),
    (
        "incident_date",
        "Incident",
        "incident_date",
        lambda r: r.incident_date.isoformat() if r.incident_date else "",
    ),
    (
        "next_review_date",
        "Next review",
        "next_review_date",
        lambda r: r.next_review_date.isoformat() if r.next_review_date else "",
    ),
]


class CaseListModel(QAbstractTableModel):
    """Rows of the case list. ``loaded`` fires when a count arrives (with the total)."""

    loaded = Signal(int)
    failed = Signal(str)

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        parent: QObject | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.store, self.runner, self.today = store, runner, today
        self.filter = CaseFilter(today=today())
        self.sort_key, self.descending = "updated", True
        self.total = 0
        self.generation = 0
        self.pages: OrderedDict[int, list[CaseRow]] = OrderedDict()
        self.pending: set[int] = set()

    # -- queries -----------------------------------------------------------------------------
    def set_filter(self, f: CaseFilter) -> None:
        self.filter = f
        self.refresh()

    def refresh(self) -> None:
        """Count again and drop cached pages (after a filter change or a save)."""
        self.generation += 1
        gen, f, sort, desc = self.generation, self.filter, self.sort_key, self.descending
        store = self.store

        def op() -> tuple[int, list[CaseRow]]:
            with store.engine_or_raise().connect() as conn:
                total = count_cases(conn, f)
                first = fetch_rows(conn, f, sort, desc, 0, PAGE) if total else []
            return total, first

        self.runner.run(op, lambda res: self._counted(gen, res), self._error)

    def _counted(self, gen: int, result: tuple[int, list[CaseRow]]) -> None:
        if gen != self.generation:
            return
        total, first = result
        self.beginResetModel()
        self.total = total
        self.pages.clear()
        self.pending.clear()
        if first:
            self.pages[0] = first
        self.endResetModel()
        self.loaded.emit(total)

    def _error(self, exc: BaseException) -> None:
        self.failed.emit(str(exc))

    def _request(self, page: int) -> None:
        if page in self.pending:
            return
        self.pending.add(page)
        gen, f, sort, desc = self.generation, self.filter, self.sort_key, self.descending
        store = self.store

        def op() -> list[CaseRow]:
            with store.engine_or_raise().connect() as conn:
                return fetch_rows(conn, f, sort, desc, page * PAGE, PAGE)

        self.runner.run(op, lambda rows: self._page(gen, page, rows), self._error)

    def _page(self, gen: int, page: int, rows: list[CaseRow]) -> None:
        if gen != self.generation:
            return
        self.pending.discard(page)
        self.pages[page] = rows
        while len(self.pages) > MAX_PAGES:
            self.pages.popitem(last=False)
        first = page * PAGE
        last = min(first + len(rows), self.total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def row_at(self, row: int) -> CaseRow | None:
        page = row // PAGE
        rows = self.pages.get(page)
        if rows is None:
            self._request(page)
            return None
        self.pages.move_to_end(page)
        offset = row - page * PAGE
        return rows[offset] if offset < len(rows) else None

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        key = COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = COLUMNS[index.column()][3](row)
            if key == "next_review_date" and row.overdue(self.filter.today):
                text = self.tr("%1 — overdue").replace("%1", text) if text else self.tr("Overdue")
            return text
        if role == ROW_ROLE:
            return row
        if role == OVERDUE_ROLE:
            return row.overdue(self.filter.today)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and key == "next_review_date"
            and row.overdue(self.filter.today)
        ):
            return QBrush(_overdue_colour())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return COLUMNS[index.column()][3](row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section][1])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:  # no sort column chosen: newest changes first
            key: str | None = "updated"
            order = Qt.SortOrder.DescendingOrder
        else:
            key = COLUMNS[column][2]
        if key is None:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()


def _overdue_colour() -> QColor:
    palette = QApplication.palette()
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ff8a80") if dark else QColor("#b00020")
