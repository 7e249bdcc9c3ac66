"""The case list's item model: counts and pages of rows loaded lazily in the background.

Only the rows on screen are ever fetched. Changing the filter or sort starts a new generation;
answers from an older generation are dropped, so fast typing never shows stale rows.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

from hcdesk.casework.caselist import CaseFilter, CaseRow, count_cases, fetch_rows
from hcdesk.casework.fields import format_date
from hcdesk.models.enums import CaseStatus, LocalStrand, MonitoredStrand, RecordType
from hcdesk.models.labels import label_of
from hcdesk.store.store import Store
from hcdesk.ui.sync import CASE_SYNC_STATES
from hcdesk.ui.tasks import TaskRunner

PAGE = 100
MAX_PAGES = 50
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2


def _strand(value: str) -> str:
    """A monitored or local strand, by its label (a local one says so)."""
    if value in MonitoredStrand.__members__:
        return label_of(MonitoredStrand, value)
    return f"{label_of(LocalStrand, value)} (local)"


# (key, header, sort key or None, value)
COLUMNS: list[tuple[str, str, str | None, Callable[[CaseRow], str]]] = [
    ("reference", "Reference", "reference", lambda r: r.reference),
    ("victim", "Victim", "victim", lambda r: r.victim),
    (
        "record_type",
        "Record type",
        "record_type",
        lambda r: label_of(RecordType, r.record_type),
    ),
    (
        "strands",
        "Strands",
        None,
        lambda r: ", ".join(map(_strand, r.strands)),
    ),
    ("place", "Place", "place", lambda r: r.place),
    ("owner", "Liaison officer", "owner", lambda r: r.owner),
    ("status", "Status", "status", lambda r: label_of(CaseStatus, r.status)),
    (
        "incident_date",
        "Incident",
        "incident_date",
        lambda r: format_date(r.incident_date),
    ),
    (
        "next_review_date",
        "Next review",
        "next_review_date",
        lambda r: format_date(r.next_review_date),
    ),
    # Filled from the sync engine for the rows on screen only (see CaseListModel.sync_states).
    ("sync", "Sync", None, lambda r: ""),
]
SYNC_COLUMN = len(COLUMNS) - 1
SYNC_ROLE = Qt.ItemDataRole.UserRole + 3


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
        # Sync state per case, asked for one page at a time (the pages on screen) through
        # ``state_source(case_ids, on_result)``, which answers on the GUI thread.
        self.state_source: Callable[[list[str], Callable[[dict[str, str]], None]], None] | None
        self.state_source = None
        self.sync_states: dict[str, str] = {}
        self.states_gen = 0
        self.page_states: dict[int, int] = {}  # page -> states_gen asked for

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
        self.page_states.clear()
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

    # -- sync states -------------------------------------------------------------------------
    def set_state_source(
        self, source: Callable[[list[str], Callable[[dict[str, str]], None]], None] | None
    ) -> None:
        self.state_source = source
        self.refresh_sync_states()

    def refresh_sync_states(self) -> None:
        """After a sync: ask again, lazily, for the pages that are drawn next."""
        self.states_gen += 1
        if len(self.sync_states) > 20 * PAGE * MAX_PAGES:
            self.sync_states.clear()
        if self.total:
            self.dataChanged.emit(self.index(0, 0), self.index(self.total - 1, SYNC_COLUMN))

    def _want_states(self, page: int) -> None:
        source = self.state_source
        if source is None or self.page_states.get(page) == self.states_gen:
            return
        rows = self.pages.get(page)
        if not rows:
            return
        self.page_states[page] = self.states_gen
        gen = self.generation
        source([r.case_id for r in rows], lambda states: self._states(gen, page, states))

    def _states(self, gen: int, page: int, states: dict[str, str]) -> None:
        self.sync_states.update(states)
        if gen != self.generation or page not in self.pages:
            return
        first = page * PAGE
        last = min(first + len(self.pages[page]), self.total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, SYNC_COLUMN))

    def sync_text(self, row: CaseRow) -> tuple[str, str]:
        state = self.sync_states.get(row.case_id)
        if state is None:
            return "", ""
        label, tip = CASE_SYNC_STATES.get(state, (state, ""))
        return self.tr(label), self.tr(tip)

    def row_of(self, case_id: str) -> int | None:
        """The row number of a case among the rows loaded (None if not loaded or not listed)."""
        for page, rows in self.pages.items():
            for offset, row in enumerate(rows):
                if row.case_id == case_id:
                    return page * PAGE + offset
        return None

    def loaded_rows(self) -> list[CaseRow]:
        return [row for rows in self.pages.values() for row in rows]

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
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        key = COLUMNS[index.column()][0]
        if key == "sync":
            return self._sync_data(index.row(), row, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = COLUMNS[index.column()][3](row)
            if key == "next_review_date" and row.overdue(self.filter.today):
                text = self.tr("%1 — overdue").replace("%1", text) if text else self.tr("Overdue")
            return text
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            self._want_states(index.row() // PAGE)
            state = self.sync_states.get(row.case_id)
            return sync_icon(state) if state else None
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

    def _sync_data(self, row_number: int, row: CaseRow, role: int) -> Any:
        if role == ROW_ROLE:
            return row
        if role == SYNC_ROLE:
            return self.sync_states.get(row.case_id)
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            return None
        self._want_states(row_number // PAGE)
        text, tip = self.sync_text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.sync_states.get(row.case_id) in ("local", "refused"):
                return QBrush(_local_colour())
            return None
        return text

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section][1])
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and section == SYNC_COLUMN
        ):
            return self.tr("Local only, Sent, or Confirmed by the central store")
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


_ICONS: dict[str, QIcon] = {}


def sync_icon(state: str) -> QIcon | None:
    """A small mark before the reference: hollow amber (local only), half-filled blue (sent),
    filled green (confirmed), a red ring with a cross (a change was refused). The Sync column
    says the same in words."""
    if state not in CASE_SYNC_STATES:
        return None
    icon = _ICONS.get(state)
    if icon is None:
        size = 12
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(1.5, 1.5, size - 3, size - 3)
        colour = {
            "local": "#c77700",
            "sent": "#1565c0",
            "confirmed": "#2e7d32",
            "refused": "#c62828",
        }[state]
        p.setPen(QPen(QColor(colour), 1.6))
        if state == "confirmed":
            p.setBrush(QColor(colour))
        p.drawEllipse(rect)
        if state == "refused":  # a cross in the ring
            p.drawLine(QPointF(4, 4), QPointF(size - 4, size - 4))
            p.drawLine(QPointF(size - 4, 4), QPointF(4, size - 4))
        if state == "sent":
            p.setBrush(QColor(colour))
            p.drawPie(rect, 90 * 16, 180 * 16)
        p.end()
        icon = _ICONS[state] = QIcon(pixmap)
    return icon


def _local_colour() -> QColor:
    palette = QApplication.palette()
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ffb74d") if dark else QColor("#8a4b00")


def _overdue_colour() -> QColor:
    palette = QApplication.palette()
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ff8a80") if dark else QColor("#b00020")
