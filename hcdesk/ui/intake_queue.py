"""View → Third-party reports: the intake queue on the desktop (hcdesk.casework.intake).

Reports from third-party reporting centres wait here, never in the case list, until an
officer triages each: a new case opened from it, a link to a case, record only, or not a hate
incident (the last two with a reason). The list shows the reports waiting (or all of them);
the panel beside it shows the selected report in the centre's words, who reported it and
whether they may be contacted (never how: the contact details stay in the report and reach a
case only when one is opened from it), and the live cases it may duplicate, with the reasons.
Choosing a likely duplicate fills in the case to link to.

Every read and write runs on a worker (hcdesk.ui.operations): the window never waits on the
store. A decision that is not complete is refused with its sentence under the controls, and
nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework import intake
from hcdesk.casework.contact_safety import uk_time
from hcdesk.casework.fields import format_date
from hcdesk.errors import ValidationFailed, message_for
from hcdesk.models import labels
from hcdesk.models.enums import TriageOutcome
from hcdesk.store.store import Store
from hcdesk.ui import operations, screenfit
from hcdesk.ui.tasks import TaskRunner

PREFERRED = QSize(1180, 720)
COLUMNS = ("Report", "Centre", "Strands", "Incident", "Status")
WRAPPED = (1, 2, 4)  # the centre, the strands and the status


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class IntakeDialog(QDialog):
    """The intake queue: the reports, the one selected, and its triage."""

    #: a triage opened a case or linked one (its id): the case list shows it
    case_changed = Signal(str)

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        parent: QWidget | None = None,
        ask_file: Callable[[], Path | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.runner = store, runner
        self.ask_file = ask_file or self._ask_file
        self.entries: list[intake.QueueEntry] = []
        self.generation = 0
        self.busy = False
        self.notice = ""  # what was just done, said before the queue's count
        self.problems_box: QMessageBox | None = None  # the last file refused, problem by problem
        self.setWindowTitle(self.tr("Third-party reports"))

        self.show_all = QCheckBox(self.tr("Show &triaged reports too"))
        self.show_all.toggled.connect(lambda _on: self.refresh())
        self.import_button = QPushButton(self.tr("&Import a centre's file…"))
        self.import_button.clicked.connect(self.import_file)
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.show_all)
        top.addStretch(1)
        for b in (self.import_button, self.refresh_button):
            b.setAutoDefault(False)
            top.addWidget(b)
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setAccessibleName(self.tr("Third-party reports"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the report's panel
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for wraps in WRAPPED:  # the long names share the room left, over lines
            head.setSectionResizeMode(wraps, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self._report_panel())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)
        screenfit.fit_to(self, screenfit.available_for(parent or self), PREFERRED)
        self._show(None)
        self.refresh()

    def _report_panel(self) -> QScrollArea:
        panel = QWidget()
        pl = QVBoxLayout(panel)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        pl.addWidget(self.heading)
        self.account = QLabel()
        self.account.setWordWrap(True)
        self.account.setTextFormat(Qt.TextFormat.PlainText)
        self.account.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        pl.addWidget(self.account)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        pl.addWidget(self.about)

        self.dup_label = QLabel(self.tr("&Likely duplicates (choose one to link to it)"))
        self.duplicates = QListWidget()
        self.duplicates.setAccessibleName(self.tr("Likely duplicates"))
        self.duplicates.setWordWrap(True)
        self.duplicates.itemSelectionChanged.connect(self._duplicate_chosen)
        self.dup_label.setBuddy(self.duplicates)
        pl.addWidget(self.dup_label)
        pl.addWidget(self.duplicates)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.outcome = QComboBox()
        self.outcome.addItem(self.tr("Choose the outcome…"), None)
        for o in TriageOutcome:
            self.outcome.addItem(labels.label(o), o.value)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self.case_ref = QLineEdit()
        self.case_ref.setPlaceholderText(self.tr("URN or local reference"))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(90)
        outcome_label = QLabel(self.tr("&Outcome"))
        outcome_label.setBuddy(self.outcome)
        case_label = QLabel(self.tr("&Case to link to"))
        case_label.setBuddy(self.case_ref)
        reason_label = QLabel(self.tr("&Reason"))
        reason_label.setBuddy(self.reason)
        form.addRow(outcome_label, self.outcome)
        form.addRow(case_label, self.case_ref)
        form.addRow(reason_label, self.reason)
        pl.addLayout(form)
        self.triage_button = QPushButton(self.tr("Record &the triage"))
        self.triage_button.setAutoDefault(False)
        self.triage_button.clicked.connect(self.record_triage)
        pl.addWidget(self.triage_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        pl.addWidget(self.message)
        pl.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(panel)
        area.setMinimumWidth(300)
        return area

    # -- the queue -----------------------------------------------------------------------------
    def set_store(self, store: Store) -> None:
        """Unlocked again: the store's new handle."""
        self.store = store

    def refresh(self, keep: str | None = None) -> None:
        """Read the queue again, in the background (``keep``: the report to select after)."""
        self.generation += 1
        gen = self.generation
        self.status.setText(self.tr("Reading the queue…"))
        chosen = keep or self.current_id()
        operations.intake_queue(
            self.runner,
            self.store,
            self.show_all.isChecked(),
            lambda entries: self._loaded(gen, entries, chosen),
            lambda exc: self._read_failed(gen, exc),
        )

    def _loaded(self, gen: int, entries: list[intake.QueueEntry], keep: str | None) -> None:
        if gen != self.generation:
            return
        self.entries = entries
        waiting = sum(e.item.outcome is None for e in entries)
        if not entries:
            self.status.setText(
                self.tr("No reports are waiting for triage.")
                if not self.show_all.isChecked()
                else self.tr("The queue is empty: import a centre's file to add reports.")
            )
        elif waiting == 1:
            self.status.setText(self.tr("1 report is waiting for triage."))
        else:
            self.status.setText(self.tr("%1 reports are waiting for triage.").replace(
                "%1", f"{waiting:,}"
            ))
        if self.notice:
            self.status.setText(f"{self.notice} {self.status.text()}")
            self.notice = ""
        self.table.blockSignals(True)
        self.table.setRowCount(len(entries))
        row_to_select = 0
        for r, entry in enumerate(entries):
            item = entry.item
            cells = (
                item.ref,
                item.centre,
                item.strands,
                format_date(item.incident_date),
                item.outcome_label
                + (f": {item.case_reference}" if item.case_reference else ""),
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, _cell(text))
            if item.id == keep:
                row_to_select = r
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        if entries:
            self.table.selectRow(row_to_select)
            self._selected()
        else:
            self._show(None)

    def _read_failed(self, gen: int, exc: BaseException) -> None:
        if gen == self.generation:
            self.status.setText(message_for(exc))

    def current_id(self) -> str | None:
        entry = self.current()
        return entry.item.id if entry is not None else None

    def current(self) -> intake.QueueEntry | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.entries):
            return None
        return self.entries[rows[0].row()]

    def _selected(self) -> None:
        self._show(self.current())

    def _show(self, entry: intake.QueueEntry | None) -> None:
        self.message.setText("")
        self.duplicates.clear()
        self.outcome.setCurrentIndex(0)
        self.case_ref.clear()
        self.reason.clear()
        if entry is None:
            self.heading.setText(self.tr("No report selected."))
            self.account.setText("")
            self.about.setText("")
            self._controls(False)
            self.dup_label.hide()
            self.duplicates.hide()
            return
        item = entry.item
        self.heading.setText(
            self.tr("%1: %2 %3, received %4").replace("%1", item.ref).replace("%2", item.centre)
            .replace("%3", item.centre_reference)
            .replace("%4", format_date(uk_time(item.received_at).date()))
        )
        self.account.setText(f"“{entry.account}”")
        lines = [
            self.tr("Incident: %1, %2").replace("%1", format_date(item.incident_date))
            .replace("%2", item.location),
            self.tr("Reported by: %1").replace("%1", entry.reporter),
            entry.contact,
            self.tr("Strands as perceived: %1").replace("%1", item.strands or "none given"),
        ]
        if item.outcome is not None:
            done = item.outcome_label
            if item.case_reference:
                done += f", case {item.case_reference}"
            when = format_date(uk_time(item.triaged_at).date()) if item.triaged_at else ""
            lines.append(
                self.tr("Triaged on %1 by %2: %3.")
                .replace("%1", when)
                .replace("%2", item.triaged_by or "")
                .replace("%3", done)
            )
            if entry.outcome_reason:
                lines.append(self.tr("Reason: %1").replace("%1", entry.outcome_reason))
        self.about.setText("\n".join(lines))
        waiting = item.outcome is None
        self.dup_label.setVisible(waiting)
        self.duplicates.setVisible(waiting)
        if waiting:
            if entry.candidates:
                for c in entry.candidates:
                    row = QListWidgetItem(f"{c.reference}: {c.why}")
                    row.setData(Qt.ItemDataRole.UserRole, c.reference)
                    self.duplicates.addItem(row)
            else:
                row = QListWidgetItem(self.tr("No live case looks like the same incident."))
                row.setFlags(Qt.ItemFlag.NoItemFlags)
                self.duplicates.addItem(row)
            # As tall as its lines, up to four of them (then it scrolls).
            rows = min(self.duplicates.count(), 4)
            line = max(self.duplicates.sizeHintForRow(0), self.fontMetrics().height())
            self.duplicates.setFixedHeight(rows * line + 2 * self.duplicates.frameWidth() + 6)
        self._controls(waiting)

    def _controls(self, on: bool) -> None:
        for w in (self.outcome, self.reason, self.triage_button):
            w.setEnabled(on and not self.busy)
        self._outcome_changed()

    def _chosen_outcome(self) -> TriageOutcome | None:
        value = self.outcome.currentData()
        return TriageOutcome(value) if value else None

    def _outcome_changed(self, *_: Any) -> None:
        linking = self._chosen_outcome() is TriageOutcome.LINKED_TO_CASE
        self.case_ref.setEnabled(linking and self.outcome.isEnabled())

    def _duplicate_chosen(self) -> None:
        picked = self.duplicates.selectedItems()
        ref = picked[0].data(Qt.ItemDataRole.UserRole) if picked else None
        if ref:
            self.outcome.setCurrentIndex(self.outcome.findData(TriageOutcome.LINKED_TO_CASE.value))
            self.case_ref.setText(str(ref))

    # -- triage --------------------------------------------------------------------------------
    def record_triage(self) -> None:
        entry = self.current()
        if entry is None or self.busy:
            return
        outcome = self._chosen_outcome()
        if outcome is None:
            self.message.setText(self.tr("Choose the outcome first; nothing was recorded."))
            self.outcome.setFocus()
            return
        case_ref = self.case_ref.text().strip() if outcome is TriageOutcome.LINKED_TO_CASE else ""
        self._busy(True, self.tr("Recording the triage of %1…").replace("%1", entry.item.ref))
        operations.triage_report(
            self.runner,
            self.store,
            entry.item.id,
            outcome.value,
            self.reason.toPlainText(),
            case_ref or None,
            lambda result: self._triaged(entry.item.id, result),
            self._triage_failed,
        )

    def _busy(self, on: bool, text: str = "") -> None:
        self.busy = on
        self.message.setText(text)
        for w in (self.import_button, self.refresh_button, self.show_all):
            w.setEnabled(not on)
        entry = self.current()
        self._controls(not on and entry is not None and entry.item.outcome is None)

    def _triaged(self, report_id: str, result: intake.TriageResult) -> None:
        self._busy(False)
        self.notice = result.message
        self.refresh(keep=report_id)
        if result.case_id:
            self.case_changed.emit(result.case_id)

    def _triage_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.message.setText(
            self.tr("Not recorded: %1").replace("%1", message_for(exc))
        )

    # -- importing -----------------------------------------------------------------------------
    def _ask_file(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a centre's file of reports"),
            "",
            self.tr("Third-party reports (*.json *.csv)"),
        )
        return Path(name) if name else None

    def import_file(self) -> None:
        path = self.ask_file()
        if path is None or self.busy:
            return
        self._busy(True, self.tr("Checking and importing %1…").replace("%1", path.name))
        operations.import_third_party(
            self.runner, self.store, path, self._imported, self._import_failed
        )

    def _imported(self, result: intake.ImportResult) -> None:
        self._busy(False)
        added, already = len(result.added), len(result.already)
        flagged = sum(bool(c) for c in result.duplicates.values())
        parts = [self.tr("1 report added to the queue") if added == 1 else
                 self.tr("%1 reports added to the queue").replace("%1", f"{added:,}")]
        if already:
            parts.append(self.tr("%1 already in it, not added again").replace("%1", f"{already:,}"))
        if flagged:
            parts.append(self.tr("%1 may duplicate a case").replace("%1", f"{flagged:,}"))
        self.notice = "; ".join(parts) + "."
        self.refresh()

    def _import_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.status.setText(self.tr("Nothing was imported: %1").replace("%1", message_for(exc)))
        if isinstance(exc, ValidationFailed):  # every problem, with its place in the file
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(self.tr("Nothing was imported"))
            box.setText(str(exc))
            box.setDetailedText("\n".join(exc.problems))
            self.problems_box = box
            box.open()
