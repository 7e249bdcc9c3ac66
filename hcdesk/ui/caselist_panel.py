"""The case list panel: filters, search as you type, and the case table of the main window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
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
from hcdesk.casework.fields import humanise
from hcdesk.models.enums import CaseStatus, LocalStrand, MonitoredStrand, RecordType
from hcdesk.ui.caselist import ROW_ROLE, CaseListModel


class CaseListPanel(QWidget):
    """Filters, search-as-you-type and the lazily loaded case table."""

    open_case = Signal(str)

    def __init__(self, model: CaseListModel, officer: str) -> None:
        super().__init__()
        self.model, self.officer = model, officer
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search references, names, places, narratives…"))
        self.search.setAccessibleName(self.tr("Search cases"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        row = QHBoxLayout()
        self.scope = QComboBox()
        self.scope.setAccessibleName(self.tr("My cases or team"))
        self.scope.addItem(self.tr("Team"), "team")
        self.scope.addItem(self.tr("My cases"), "mine")
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Status filter"))
        self.status.addItem(self.tr("Any status"), "")
        for s in CaseStatus:
            self.status.addItem(humanise(s.value), s.value)
        self.strand = QComboBox()
        self.strand.setAccessibleName(self.tr("Strand filter"))
        self.strand.addItem(self.tr("Any strand"), "")
        for s in [*MonitoredStrand, *LocalStrand]:
            self.strand.addItem(humanise(s.value), s.value)
        self.record_type = QComboBox()
        self.record_type.setAccessibleName(self.tr("Record type filter"))
        self.record_type.addItem(self.tr("Any record type"), "")
        for r in RecordType:
            self.record_type.addItem(humanise(r.value), r.value)
        self.overdue = QCheckBox(self.tr("O&verdue review"))
        self.overdue.setAccessibleName(self.tr("Only cases with an overdue review or action"))
        for w in (self.scope, self.status, self.strand, self.record_type, self.overdue):
            row.addWidget(w)
        layout.addLayout(row)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Cases"))
        self.table.setModel(model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Number of cases shown"))
        layout.addWidget(self.count)
        self.search.textChanged.connect(self.apply)
        for combo in (self.scope, self.status, self.strand, self.record_type):
            combo.currentIndexChanged.connect(self.apply)
        self.overdue.toggled.connect(self.apply)
        self.table.activated.connect(self._activated)
        self.table.clicked.connect(self._activated)
        model.loaded.connect(lambda n: self.count.setText(self.tr("%n case(s)", "", n)))

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
        return CaseFilter(
            text=self.search.text(),
            statuses=frozenset({CaseStatus(status)}) if status else frozenset(),
            strand=strand,
            record_type=enum_or_none(self.record_type, RecordType),
            owner=self.officer if self.scope.currentData() == "mine" else None,
            overdue_only=self.overdue.isChecked(),
            today=self.model.today(),
        )

    def apply(self) -> None:
        self.model.set_filter(self.current_filter())

    def _activated(self, index: Any) -> None:
        row = self.model.data(index, ROW_ROLE)
        if row is not None:
            self.open_case.emit(row.case_id)
