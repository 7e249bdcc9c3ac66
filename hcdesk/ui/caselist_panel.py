"""The case list panel: filters, search as you type, and the case table of the main window.

The table is one stop for Tab (Tab moves on to the case file; the arrow keys move within the
list). Moving the highlight with the keys opens that case once the keys rest, and opening a
case highlights its row, so the highlighted row and the open case stay in step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework.caselist import CaseFilter
from hcdesk.models import labels
from hcdesk.models.enums import CaseStatus, LocalStrand, MonitoredStrand, RecordType
from hcdesk.ui.caselist import COLUMNS, ROW_ROLE, CaseListModel, sync_icon
from hcdesk.ui.forms import ColumnsLayout
from hcdesk.ui.sync import CASE_SYNC_STATES

# How long the arrow keys must rest on a row before its case opens (each opening is a
# consultation in the audit trail: running down the list must not open every case it passes).
OPEN_AFTER_MS = 400
# The widest a column other than the reference starts (longer text is cut short with "…" and
# shown whole in its tooltip); the reference column always shows the whole reference.
COLUMN_CAP_PX = 200
VOIDED = "voided"
MOVE_KEYS = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
}


class CaseTable(QTableView):
    """The case table: ``moved`` when the officer moves the highlight with the keys."""

    moved = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        before = self.currentIndex().row()
        super().keyPressEvent(event)
        if event.key() in MOVE_KEYS and self.currentIndex().row() != before:
            self.moved.emit()


class SyncLegend(QWidget):
    """What each sync mark before a reference means, in one line under the list."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("syncLegend")
        row = ColumnsLayout(self, spacing=10, stretch=False, most=5)
        row.addWidget(QLabel(self.tr("Sync:")))
        tips = []
        for state, (label, tip) in CASE_SYNC_STATES.items():
            icon = sync_icon(state)
            mark = QLabel()
            if icon is not None:
                mark.setPixmap(icon.pixmap(12, 12))
            text = QLabel(self.tr(label))
            text.setToolTip(self.tr(tip))
            mark.setToolTip(text.toolTip())
            pair = QWidget()
            inner = QHBoxLayout(pair)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.setSpacing(4)
            inner.addWidget(mark)
            inner.addWidget(text, 1)
            row.addWidget(pair)
            tips.append(f"{self.tr(label)}: {self.tr(tip)}")
        self.setAccessibleName(self.tr("Sync marks"))
        self.setAccessibleDescription("; ".join(tips))


class CaseListPanel(QWidget):
    """Filters, search-as-you-type and the lazily loaded case table."""

    open_case = Signal(str)

    def __init__(self, model: CaseListModel, officer: str) -> None:
        super().__init__()
        self.model, self.officer = model, officer
        self.shown_case: str | None = None  # the case open in the case file
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search references, names, places, narratives…"))
        self.search.setAccessibleName(self.tr("Search cases"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        # The filters in as many columns as fit: one row on a wide list, two or three on a
        # narrow one, so the list never holds the case file to a sliver of the window.
        filters = QWidget()
        row = ColumnsLayout(filters, most=5)
        self.scope = QComboBox()
        self.scope.setAccessibleName(self.tr("My cases or team"))
        self.scope.addItem(self.tr("Team"), "team")
        self.scope.addItem(self.tr("My cases"), "mine")
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Status filter"))
        self.status.addItem(self.tr("Any status"), "")
        for s in CaseStatus:
            self.status.addItem(labels.label(s), s.value)
        self.status.addItem(self.tr("Voided (not work)"), VOIDED)
        self.status.setItemData(
            self.status.count() - 1,
            self.tr("Cases opened by mistake and voided; no other list shows them"),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.strand = QComboBox()
        self.strand.setAccessibleName(self.tr("Strand filter"))
        self.strand.addItem(self.tr("Any strand"), "")
        for s in [*MonitoredStrand, *LocalStrand]:
            self.strand.addItem(labels.label(s), s.value)
        self.record_type = QComboBox()
        self.record_type.setAccessibleName(self.tr("Record type filter"))
        self.record_type.addItem(self.tr("Any type"), "")  # of record: the list says which
        self.record_type.setToolTip(self.tr("Record type"))
        for r in RecordType:
            self.record_type.addItem(labels.label(r), r.value)
        # No Alt+letter: the case file's tabs use them all; Tab reaches it from the search.
        self.overdue = QCheckBox(self.tr("Overdue review"))
        self.overdue.setAccessibleName(self.tr("Only cases with an overdue review or action"))
        # The filters shrink with a narrow list (a long choice is cut short, not the list).
        adjust = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        for combo in (self.scope, self.status, self.strand, self.record_type):
            combo.setSizeAdjustPolicy(adjust)
            combo.setMinimumContentsLength(8)
            row.addWidget(combo)
        row.addWidget(self.overdue)
        layout.addWidget(filters)
        self.table = CaseTable()
        self.table.setAccessibleName(self.tr("Cases"))
        self.table.setModel(model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        # One stop for Tab: the arrow keys move within the list, Tab moves on.
        self.table.setTabKeyNavigation(False)
        # One line per case: long text ends in "…" and shows whole in its tooltip.
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        header.setHighlightSections(False)
        layout.addWidget(self.table, 1)
        self.legend = SyncLegend()
        layout.addWidget(self.legend)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Number of cases shown"))
        layout.addWidget(self.count)
        self.search.textChanged.connect(self.apply)
        for combo in (self.scope, self.status, self.strand, self.record_type):
            combo.currentIndexChanged.connect(self.apply)
        self.overdue.toggled.connect(self.apply)
        self.table.activated.connect(self._activated)
        self.table.clicked.connect(self._activated)
        self.rest = QTimer(self)
        self.rest.setSingleShot(True)
        self.rest.setInterval(OPEN_AFTER_MS)
        self.rest.timeout.connect(self._open_current)
        self.table.moved.connect(self.rest.start)
        self.fitted = False
        model.loaded.connect(self._loaded)
        model.dataChanged.connect(self._rows_arrived)

    # -- filters -----------------------------------------------------------------------------
    def current_filter(self) -> CaseFilter:
        def enum_or_none(combo: QComboBox, cls: Any) -> Any:
            value = combo.currentData()
            return cls(value) if value else None

        strand_value = self.strand.currentData()
        strand: MonitoredStrand | LocalStrand | None = None
        if strand_value:
            strand = (
                MonitoredStrand(strand_value)
                if strand_value in MonitoredStrand.__members__
                else LocalStrand(strand_value)
            )
        status = self.status.currentData()
        voided = status == VOIDED
        return CaseFilter(
            text=self.search.text(),
            statuses=frozenset({CaseStatus(status)}) if status and not voided else frozenset(),
            strand=strand,
            record_type=enum_or_none(self.record_type, RecordType),
            owner=self.officer if self.scope.currentData() == "mine" else None,
            overdue_only=self.overdue.isChecked(),
            today=self.model.today(),
            voided=voided,
        )

    def apply(self) -> None:
        self.model.set_filter(self.current_filter())

    # -- the open case and the highlighted row, in step ---------------------------------------
    def _activated(self, index: QModelIndex) -> None:
        self.rest.stop()
        row = self.model.data(index, ROW_ROLE)
        if row is not None:
            self.open_case.emit(row.case_id)

    def _open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._activated(index)

    def select_case(self, case_id: str | None) -> None:
        """Highlight the row of the case open in the case file (none for a new case, or one
        that this filter does not list or whose page is not loaded)."""
        self.shown_case = case_id
        self.rest.stop()
        row = self.model.row_of(case_id) if case_id else None
        selection = self.table.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        selection.setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _loaded(self, total: int) -> None:
        self.count.setText(self.tr("%n case(s)", "", total))
        self.select_case(self.shown_case)
        self.fitted = False
        self._fit_columns()

    def _rows_arrived(self, *_args: Any) -> None:
        if not self.fitted:
            self._fit_columns()
        if self.shown_case and not self.table.selectionModel().hasSelection():
            self.select_case(self.shown_case)

    # -- columns -----------------------------------------------------------------------------
    def _fit_columns(self) -> None:
        """The reference column as wide as its longest reference; the others as wide as their
        content, up to :data:`COLUMN_CAP_PX`. Measured on the rows already loaded (asking the
        view would fetch a thousand rows to measure them)."""
        rows = self.model.loaded_rows()
        if not rows:
            return
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        style = self.table.style()
        padding = 2 * style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin) + 12
        icon = max(self.table.iconSize().width(), 16) + 4
        for column, (_key, _title, _sort, value) in enumerate(COLUMNS):
            widest = max(metrics.horizontalAdvance(value(r)) for r in rows) + padding
            if column == 0:
                header.resizeSection(column, max(widest + icon, header.sectionSizeHint(column)))
            else:
                hint = max(widest, header.sectionSizeHint(column))
                header.resizeSection(column, min(hint, COLUMN_CAP_PX))
        self.fitted = True

    def show_legend(self, shown: bool) -> None:
        self.legend.setVisible(shown)
