"""The Victims' Code duty panel of the case file, above the log of Victims' Code events: the
victim's enhanced statuses with where each comes from, and every duty of the case with its
deadline and what became of it (rules: :mod:`hcdesk.casework.duties`, docs/victims-code.md).

What is recorded here (the victim told, a breach, a status added or withdrawn) is saved at
once, through its own transaction, not with the case's Save: the panel asks for it with
``write_requested`` (a :class:`DutyWrite`), which the main window runs on the write worker
(:mod:`hcdesk.ui.window_duties`). So that no typing is ever lost, nothing is recorded here while
the case file has unsaved changes: the buttons are off, with a line saying to save first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework import duties
from hcdesk.casework.fields import FieldError, format_date, parse_date
from hcdesk.casework.records import CaseFileView
from hcdesk.models import labels
from hcdesk.models.enums import VictimsCodeStatus
from hcdesk.ui.casefile_panels import esc

# What is recorded from the panel, by the main window (hcdesk.ui.window_duties).
TOLD, BREACH, ADD_STATUS, WITHDRAW_STATUS = "told", "breach", "add_status", "withdraw_status"

# The duties told from here: the updates of key events, and the VPS offer. The others are done
# where they are recorded (an assessment, a review, an action, a referral, a contact).
TOLD_HERE = duties.INFORM_KINDS | {duties.DutyKind.VPS_OFFER}
# The duties whose breach is recorded here: those, and the first offer of a needs assessment.
BREACH_HERE = TOLD_HERE | {duties.DutyKind.NEEDS_REVIEW}

LATE = (duties.DutyStatus.OVERDUE, duties.DutyStatus.BREACHED)  # shown in bold, not only red

# The words of the panel that are said in more than one place.
SAVE_FIRST = (
    "Save the case first (Ctrl+S): what is recorded here is saved at once, on its own, and "
    "the changes not yet saved must not be mixed up with it."
)
DRAFT = "This new case is not saved yet, so it has no duties yet: save it, then record them here."
VOIDED = "This case was voided: it has no duties."
NO_DUTIES = "No duties on this case yet."
STANDARD_RIGHTS = "Standard rights"
WORKING = "Recording…"


def _tr(text: str) -> str:
    return QCoreApplication.translate("DutyPanel", text)


def status_name(status: VictimsCodeStatus) -> str:
    """A Victims' Code status by its label ("Enhanced: persistently targeted")."""
    return labels.label(status)


def done_text(duty: duties.Duty) -> str:
    """What became of a duty, in words: when the victim was told, why its deadline was missed."""
    parts = []
    if duty.met_on is not None:
        parts.append(_tr("Done %1").replace("%1", format_date(duty.met_on)))
    if duty.breach_reason:
        parts.append(_tr("Breach: %1").replace("%1", duty.breach_reason))
    elif duty.status is duties.DutyStatus.BREACHED:
        parts.append(_tr("after the deadline; no reason recorded yet"))
    return "; ".join(parts)


@dataclass
class DutyWrite:
    """One thing the panel asks to record, and where the answer goes: ``done`` with a line
    saying what was recorded, ``refused`` with the reason nothing was."""

    action: str  # TOLD, BREACH, ADD_STATUS or WITHDRAW_STATUS
    case_id: str
    target: str  # the duty's key, or the status's value
    day: dt.date | None = None  # the day the victim was told
    text: str = ""  # the notes, or the reason
    done: Callable[[str], None] = field(default=lambda _m: None)
    refused: Callable[[str], None] = field(default=lambda _m: None)


class _AskDialog(QDialog):
    """A small dialog asking what to record; it stays open, its button off and a line saying
    so, while the write runs, and says there why nothing was recorded if it is refused."""

    def __init__(self, title: str, intro: str, action: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.layout_ = QVBoxLayout(self)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.layout_.addWidget(self.intro)
        self.fields = QVBoxLayout()
        self.layout_.addLayout(self.fields)
        self.error = QLabel()
        self.error.setObjectName("dutyDialogError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a00000; font-weight: bold;")
        self.error.setAccessibleName(self.tr("Why nothing was recorded"))
        self.error.hide()
        self.layout_.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self._action = action
        self.ok = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        for button in self.buttons.buttons():  # Enter records; only a click or Esc cancels
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        self.busy = False
        self.setMinimumWidth(460)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ok.setDefault(True)  # the button box gives it to Cancel when it is shown

    def field(self, text: str, editor: QWidget, name: str) -> None:
        label = QLabel(text)
        label.setBuddy(editor)
        label.setWordWrap(True)
        editor.setAccessibleName(name)
        self.fields.addWidget(label)
        self.fields.addWidget(editor)

    def submit(self) -> None:  # each dialog sends its DutyWrite
        raise NotImplementedError

    def send(self, panel: DutyPanel, write: DutyWrite) -> None:
        """Ask the panel's owner to record ``write``; the answer closes the dialog or says in
        it why nothing was recorded."""
        self.busy = True
        self.ok.setEnabled(False)
        self.error.hide()
        self.ok.setText(_tr(WORKING))

        def done(message: str) -> None:
            self.busy = False
            panel.say(message)
            self.accept()

        def refused(message: str) -> None:
            self.busy = False
            self.ok.setText(self._action)
            self.ok.setEnabled(True)
            self.show_error(message)

        write.done, write.refused = done, refused
        panel.write_requested.emit(write)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.error.setAccessibleDescription(message)
        self.adjustSize()  # room for the line, never over the fields

    def reject(self) -> None:
        if not self.busy:  # the write is on its way: its answer closes the dialog
            super().reject()


class ToldDialog(_AskDialog):
    """Victim told…: the day (today unless changed; not a day to come) and how, for one duty."""

    def __init__(self, panel: DutyPanel, case_id: str, duty: duties.Duty, today: dt.date) -> None:
        super().__init__(
            _tr("Victim told"),
            _tr("%1\nDue %2.").replace("%1", duty.what).replace("%2", format_date(duty.due)),
            _tr("&Record"),
            panel,
        )
        self.panel, self.case_id, self.duty = panel, case_id, duty
        self.day = QLineEdit(format_date(today))
        self.day.setPlaceholderText(_tr("dd/mm/yyyy"))
        self.day.setObjectName("toldOn")
        self.field(_tr("&Told on (dd/mm/yyyy, not a day to come)"), self.day, _tr("Told on"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("toldNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self.field(_tr("How the victim was told (&optional)"), self.notes, _tr("Notes"))
        self.day.selectAll()
        self.day.setFocus()

    def submit(self) -> None:
        if self.busy:
            return
        try:
            day = parse_date(self.day.text())
        except FieldError as exc:
            self.show_error(str(exc))
            self.day.setFocus()
            return
        if day is None:
            self.show_error(_tr("Enter the day the victim was told, for example 25/11/2026."))
            self.day.setFocus()
            return
        notes = self.notes.toPlainText().strip()
        self.send(self.panel, DutyWrite(TOLD, self.case_id, self.duty.key, day, notes))


class BreachDialog(_AskDialog):
    """Record breach…: why the deadline was missed (required; checked by casework)."""

    def __init__(self, panel: DutyPanel, case_id: str, duty: duties.Duty) -> None:
        super().__init__(
            _tr("Record a breach"),
            _tr("%1\nDue %2.").replace("%1", duty.what).replace("%2", format_date(duty.due)),
            _tr("&Record"),
            panel,
        )
        self.panel, self.case_id, self.duty = panel, case_id, duty
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("breachReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        self.field(_tr("&Why was the deadline missed? (required)"), self.reason, _tr("Reason"))
        self.reason.setFocus()

    def submit(self) -> None:
        if not self.busy:
            reason = self.reason.toPlainText()
            self.send(self.panel, DutyWrite(BREACH, self.case_id, self.duty.key, text=reason))


class StatusDialog(_AskDialog):
    """Add a status… and Withdraw…: an enhanced status chosen by its label, and the reason."""

    def __init__(
        self,
        panel: DutyPanel,
        case_id: str,
        action: str,
        choices: Sequence[tuple[VictimsCodeStatus, str, str | None]],
    ) -> None:
        """``choices``: (status, its label as listed, why it cannot be chosen or None)."""
        adding = action == ADD_STATUS
        super().__init__(
            _tr("Add an enhanced status") if adding else _tr("Withdraw a status"),
            _tr(
                "An enhanced status gives the victim updates within 1 working day instead of "
                "5. It is recorded with the reason, your name and today's date."
            )
            if adding
            else _tr(
                "Only a status an officer gave can be withdrawn; the reason is recorded. "
                "Those the law gives (a hate crime, a child) stay while the case says so."
            ),
            _tr("&Add the status") if adding else _tr("&Withdraw the status"),
            panel,
        )
        self.panel, self.case_id, self.action = panel, case_id, action
        self.choices = list(choices)
        self.status = QComboBox()
        self.status.setObjectName("statusChoice")
        for status, text, _why in self.choices:
            self.status.addItem(text, str(status))
        self.field(_tr("&Status"), self.status, _tr("Status"))
        self.why_not = QLabel()
        self.why_not.setObjectName("statusWhyNot")
        self.why_not.setWordWrap(True)
        self.fields.addWidget(self.why_not)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("statusReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        self.field(_tr("&Reason (required)"), self.reason, _tr("Reason"))
        self.status.currentIndexChanged.connect(self._chosen)
        self._chosen()
        self.status.setFocus()

    def _chosen(self) -> None:
        i = self.status.currentIndex()
        why = self.choices[i][2] if 0 <= i < len(self.choices) else None
        self.why_not.setText(why or "")
        self.why_not.setVisible(bool(why))
        self.reason.setEnabled(not why)
        if not self.busy:
            self.ok.setEnabled(not why)

    def submit(self) -> None:
        if self.busy or not self.choices:
            return
        status = str(self.status.currentData())
        self.send(
            self.panel,
            DutyWrite(self.action, self.case_id, status, text=self.reason.toPlainText()),
        )


class DutyPanel(QWidget):
    """The victim's statuses and the case's duties, with what can be recorded for them."""

    write_requested = Signal(object)  # a DutyWrite, run by the main window

    def __init__(self, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.today = today
        self.setObjectName("dutyPanel")
        self.view: CaseFileView | None = None
        self.draft = False
        self.unsaved = False
        self.statuses: list[duties.StatusEntry] = []
        self.duty_rows: list[duties.Duty] = []
        self.dialog: _AskDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        # -- the victim's status ---------------------------------------------------------------
        self.status_box = QGroupBox(self.tr("Victim's status"))
        self.status_box.setObjectName("victimStatusBox")
        sl = QVBoxLayout(self.status_box)
        self.status_text = QLabel()
        self.status_text.setObjectName("victimStatuses")
        self.status_text.setWordWrap(True)
        self.status_text.setTextFormat(Qt.TextFormat.RichText)
        self.status_text.setAccessibleName(self.tr("The victim's Victims' Code status"))
        self.status_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        sl.addWidget(self.status_text)
        row = QHBoxLayout()
        self.add_status_button = QPushButton(self.tr("A&dd a status…"))
        self.add_status_button.setAccessibleName(self.tr("Add an enhanced status"))
        self.add_status_button.clicked.connect(self.ask_add_status)
        row.addWidget(self.add_status_button)
        self.withdraw_button = QPushButton(self.tr("Withd&raw…"))
        self.withdraw_button.setAccessibleName(self.tr("Withdraw a status an officer gave"))
        self.withdraw_button.clicked.connect(self.ask_withdraw)
        row.addWidget(self.withdraw_button)
        row.addStretch(1)
        sl.addLayout(row)
        layout.addWidget(self.status_box)

        # -- the duties ------------------------------------------------------------------------
        self.duties_box = QGroupBox(self.tr("Duties"))
        self.duties_box.setObjectName("dutiesBox")
        dl = QVBoxLayout(self.duties_box)
        self.notice = QLabel()
        self.notice.setObjectName("dutyNotice")
        self.notice.setWordWrap(True)
        dl.addWidget(self.notice)
        self.calendar = QLabel()
        self.calendar.setObjectName("dutyCalendarWarning")
        self.calendar.setWordWrap(True)
        self.calendar.hide()
        dl.addWidget(self.calendar)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("dutyTable")
        self.table.setAccessibleName(self.tr("Duties of this case"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Duty"), self.tr("Due"), self.tr("Status"), self.tr("Done, or why not")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        # Enter on a duty: what can be recorded for it (every Alt+letter of the word "Victim
        # told" is taken in the main window).
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                QKeySequence(key),
                self.table,
                self._enter,
                context=Qt.ShortcutContext.WidgetShortcut,
            )
        self.table.doubleClicked.connect(lambda _index: self._enter())
        self.table.setToolTip(self.tr("Enter or a double click: Victim told… (or Record breach…)"))
        dl.addWidget(self.table)
        row = QHBoxLayout()
        self.told_button = QPushButton(self.tr("Victim told…"))
        self.told_button.setAccessibleName(self.tr("Record that the victim was told"))
        self.told_button.clicked.connect(self.ask_told)
        row.addWidget(self.told_button)
        self.breach_button = QPushButton(self.tr("Record &breach…"))
        self.breach_button.setAccessibleName(self.tr("Record why the deadline was missed"))
        self.breach_button.clicked.connect(self.ask_breach)
        row.addWidget(self.breach_button)
        row.addStretch(1)
        dl.addLayout(row)
        self.hint = QLabel()
        self.hint.setObjectName("dutyHint")
        self.hint.setWordWrap(True)
        dl.addWidget(self.hint)
        self.message = QLabel()
        self.message.setObjectName("dutyMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("What was last recorded"))
        self.message.hide()
        dl.addWidget(self.message)
        layout.addWidget(self.duties_box)
        self._fit_table()
        self._update_buttons()

    # -- showing ---------------------------------------------------------------------------------
    def show_view(self, view: CaseFileView, draft: bool = False) -> None:
        """Show the statuses and duties of ``view`` as of today (a draft has none yet)."""
        keep = self.selected()
        if self.view is None or self.view.case_id != view.case_id:
            keep = None
            self.message.hide()
        self.view, self.draft = view, draft
        today = self.today()
        voided = view.case.voided_at is not None
        self.statuses = [] if draft else duties.enhanced_statuses(view, today)
        self.duty_rows = [] if draft or voided else duties.case_duties(view, today)
        self._show_statuses()
        self._fill(keep.key if keep is not None else None)
        warning = duties.calendar_warning(self.duty_rows, today) if self.duty_rows else None
        self.calendar.setText(self.tr("Note: %1").replace("%1", warning or ""))
        self.calendar.setVisible(bool(warning))
        self._update_buttons()

    def set_unsaved(self, unsaved: bool) -> None:
        """The case file has (or no longer has) changes not yet saved: nothing is recorded
        here until they are."""
        if unsaved != self.unsaved:
            self.unsaved = unsaved
            self._update_buttons()

    def say(self, message: str) -> None:
        """What was just recorded, under the duties (and to a screen reader)."""
        self.message.setText(message)
        self.message.setAccessibleDescription(message)
        self.message.show()

    def _show_statuses(self) -> None:
        if self.draft:
            self.status_text.setText(esc(_tr(STANDARD_RIGHTS)))
            return
        if not self.statuses:
            self.status_text.setText(
                "<b>"
                + esc(_tr(STANDARD_RIGHTS))
                + "</b>: "
                + esc(self.tr("updates within 5 working days; no enhanced status applies."))
            )
            return
        lines = [
            f"<b>{esc(status_name(status))}</b> — "
            + esc("; ".join(self._source(e) for e in group))
            for status, group in duties.grouped(self.statuses)
        ]
        lines.append(esc(self.tr("Updates are due within 1 working day.")))
        self.status_text.setText("<br>".join(lines))

    def _source(self, entry: duties.StatusEntry) -> str:
        if entry.derived:
            return self.tr("given by the law: %1").replace("%1", entry.text)
        return entry.text

    def _fill(self, keep: str | None) -> None:
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(self.duty_rows))
        bold = QFont()
        bold.setBold(True)
        select = 0 if self.duty_rows else -1
        for i, duty in enumerate(self.duty_rows):
            state = duties.LABELS[duty.status]
            cells = [duty.what, format_date(duty.due), state, done_text(duty)]
            items = [QTableWidgetItem(text) for text in cells]
            for j, (text, item) in enumerate(zip(cells, items, strict=True)):
                item.setToolTip(text)
                if j == 2 and duty.status in LATE:
                    item.setFont(bold)
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(i, j, item)
            spoken = self.tr("%1, due %2, %3").replace("%1", duty.what)
            spoken = spoken.replace("%2", format_date(duty.due)).replace("%3", state)
            if cells[3]:
                spoken += ", " + cells[3]
            items[0].setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
            if duty.key == keep:
                select = i
        self.table.resizeRowsToContents()
        if select >= 0:
            self.table.selectRow(select)
        self.table.blockSignals(False)
        self._fit_table()
        if self.draft:
            self.notice.setText(_tr(DRAFT))
        elif self.view is not None and self.view.case.voided_at is not None:
            self.notice.setText(_tr(VOIDED))
        elif not self.duty_rows:
            self.notice.setText(_tr(NO_DUTIES))
        else:
            counts = {st: sum(d.status is st for d in self.duty_rows) for st in duties.DutyStatus}
            parts = [f"{n} {duties.LABELS[st].lower()}" for st, n in counts.items() if n]
            count = len(self.duty_rows)
            head = self.tr("1 duty: ") if count == 1 else self.tr("%1 duties: ")
            self.notice.setText(head.replace("%1", str(count)) + ", ".join(parts) + ".")
        self.table.setVisible(bool(self.duty_rows))

    def _fit_table(self) -> None:
        """Tall enough for its rows (up to about eight), so the tab scrolls rather than it."""
        rows = self.table.rowCount()
        height = sum(self.table.rowHeight(i) for i in range(min(rows, 8)))
        if rows == 0:
            height = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height() + height + 2 * self.table.frameWidth()
        )

    def first_stop(self) -> QWidget:
        """Where the keyboard starts in the panel: the duties, where there are any; else the
        first button that can be pressed; else the panel itself."""
        for widget in (self.table, self.add_status_button, self.withdraw_button):
            if not widget.isHidden() and widget.isEnabled():
                return widget
        return self

    def selected(self) -> duties.Duty | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.duty_rows):
            return None
        return self.duty_rows[rows[0].row()]

    # -- what can be recorded --------------------------------------------------------------------
    def can_record(self) -> bool:
        view = self.view
        return (
            view is not None and not self.draft and not self.unsaved and view.case.voided_at is None
        )

    def _update_buttons(self) -> None:
        ok = self.can_record()
        self.add_status_button.setEnabled(ok)
        self.withdraw_button.setEnabled(ok and bool(self.statuses))
        duty = self.selected()
        told = ok and duty is not None and duty.kind in TOLD_HERE and duty.met_on is None
        breach = (
            ok
            and duty is not None
            and duty.kind in BREACH_HERE
            and (
                duty.status is duties.DutyStatus.OVERDUE
                or (duty.status is duties.DutyStatus.BREACHED and not duty.breach_reason)
            )
        )
        self.told_button.setEnabled(told)
        self.breach_button.setEnabled(breach)
        self.hint.setText(self._why_off(duty, ok, told, breach))
        self.hint.setVisible(bool(self.hint.text()))

    def _why_off(self, duty: duties.Duty | None, ok: bool, told: bool, breach: bool) -> str:
        """Why Victim told… or Record breach… is off for the chosen duty, in a line ("" when
        there is nothing to explain)."""
        if self.view is None or self.draft or self.view.case.voided_at is not None:
            return ""  # the notice above the list says so
        if not ok:
            return _tr(SAVE_FIRST)
        if duty is None:
            return (
                self.tr("Choose a duty in the list to record what was done.")
                if (self.duty_rows)
                else ""
            )
        if duty.kind not in BREACH_HERE:
            return self.tr(
                "This duty is done in its own section of the case file (the review, action, "
                "referral or contact itself), not here."
            )
        if duty.status is duties.DutyStatus.MET:
            return self.tr("Met on %1: nothing more to record.").replace(
                "%1", format_date(duty.met_on)
            )
        why = []
        if not told:
            if duty.kind not in TOLD_HERE:
                why.append(self.tr("A needs assessment is offered in Needs and plan."))
            elif duty.met_on is not None:
                why.append(self.tr("Done on %1.").replace("%1", format_date(duty.met_on)))
        if not breach:
            if duty.status is duties.DutyStatus.DUE:
                why.append(
                    self.tr("A breach is recorded only once the deadline (%1) has passed.").replace(
                        "%1", format_date(duty.due)
                    )
                )
            elif duty.breach_reason:
                why.append(self.tr("The reason the deadline was missed is recorded."))
        return " ".join(why)

    # -- asking ----------------------------------------------------------------------------------
    def _open(self, dialog: _AskDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(self._closed)
        dialog.open()

    def _closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        if self.isVisible():  # the keys work in the window again, from the duties
            self.window().activateWindow()
            self.first_stop().setFocus(Qt.FocusReason.OtherFocusReason)

    def _enter(self) -> None:
        if self.told_button.isEnabled():
            self.ask_told()
        elif self.breach_button.isEnabled():
            self.ask_breach()

    def ask_told(self) -> None:
        duty = self.selected()
        if self.view is None or duty is None or not self.told_button.isEnabled():
            return
        self._open(ToldDialog(self, self.view.case_id, duty, self.today()))

    def ask_breach(self) -> None:
        duty = self.selected()
        if self.view is None or duty is None or not self.breach_button.isEnabled():
            return
        self._open(BreachDialog(self, self.view.case_id, duty))

    def ask_add_status(self) -> None:
        if self.view is None or not self.add_status_button.isEnabled():
            return
        held = {s.status for s in self.statuses}
        choices = [
            (
                status,
                status_name(status),
                self.tr("The victim has this status already.") if status in held else None,
            )
            for status in VictimsCodeStatus
            if status != VictimsCodeStatus.STANDARD
        ]
        dialog = StatusDialog(self, self.view.case_id, ADD_STATUS, choices)
        free = [i for i, c in enumerate(choices) if c[2] is None]
        if free:
            dialog.status.setCurrentIndex(free[0])
        self._open(dialog)

    def ask_withdraw(self) -> None:
        if self.view is None or not self.withdraw_button.isEnabled():
            return
        choices = [
            (s.status, f"{status_name(s.status)} ({s.text})", duties.cannot_withdraw(s))
            for s in self.statuses
        ]
        given = [i for i, c in enumerate(choices) if c[2] is None]
        dialog = StatusDialog(self, self.view.case_id, WITHDRAW_STATUS, choices)
        if given:
            dialog.status.setCurrentIndex(given[0])
        self._open(dialog)
