"""The case file: sections for incident and hostility, victim (with the contact-safety panel
always in view), wishes, needs and plan, referrals, contacts, Victims' Code, charges, history."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework.casefile import MODELS, Changes, record_victim
from hcdesk.casework.fields import FieldSpec, format_date, humanise, spec_for
from hcdesk.casework.overdue import action_overdue
from hcdesk.casework.records import CaseFileView, HistoryEntry, Record
from hcdesk.models.base import domain_columns
from hcdesk.models.enums import ActionStatus
from hcdesk.ui.forms import FieldForm
from hcdesk.ui.sync import CASE_SYNC_STATES

_temp_ids = itertools.count(1)

MASKED = (
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
    "self_described_characteristics",
)


def specs(table: str, exclude: tuple[str, ...] = ()) -> list[FieldSpec]:
    return [spec_for(c) for c in domain_columns(MODELS[table]) if c.key not in exclude]


def show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone().strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(humanise(str(v)) for v in value)
    text = str(value)
    return humanise(text) if (text.isupper() and "_" in text) or text.isupper() else text


def scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


class SafetyPanel(QFrame):
    """How to contact the victim safely: always visible above every section."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("safetyPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#safetyPanel { border: 2px solid #b26a00; border-radius: 4px; }")
        layout = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAccessibleName(self.tr("Contact safety"))
        layout.addWidget(self.label)
        self.setAccessibleName(self.tr("Contact safety panel"))

    def set_victim(self, victim: Mapping[str, Any] | None) -> None:
        if not victim:
            self.label.setText(self.tr("<b>Contact safety:</b> no victim recorded yet."))
            return
        parts = [self.tr("<b>Contact safety</b> for %1").replace("%1", _esc(victim.get("name")))]
        parts.append(
            self.tr("Safe times: %1").replace(
                "%1", _esc(victim.get("safe_times")) or self.tr("not recorded")
            )
        )
        channels = victim.get("safe_channels") or []
        parts.append(
            self.tr("Safe channels: %1").replace("%1", show(channels) or self.tr("not recorded"))
        )
        if victim.get("no_voicemail"):
            parts.append(self.tr("<b>NO VOICEMAIL</b>"))
        if victim.get("interpreter_needed"):
            parts.append(
                self.tr("<b>Interpreter: %1</b>").replace("%1", _esc(victim.get("language")) or "?")
            )
        if victim.get("access_needs"):
            parts.append(self.tr("Access needs recorded (Victim section)"))
        self.label.setText(" &nbsp;·&nbsp; ".join(parts))


def _esc(value: Any) -> str:
    import html

    return html.escape(str(value)) if value else ""


class ConflictBanner(QFrame):
    """Shown above a case's sections while it has open sync conflicts."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("conflictBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#conflictBanner { border: 2px solid #b26a00; border-radius: 4px; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Sync conflicts in this case"))
        layout.addWidget(self.label, 1)
        self.review = QPushButton(self.tr("Re&view conflicts…"))
        self.review.setAccessibleName(self.tr("Review the conflicts in this case"))
        layout.addWidget(self.review)
        self.count = 0
        self.needs_review = 0
        self.hide()

    def set_conflicts(self, conflicts: list[Any]) -> None:
        open_ = [c for c in conflicts if _get(c, "status", "open") == "open"]
        self.count = len(open_)
        self.needs_review = sum(1 for c in open_ if _get(c, "policy") in ("narrative", "delete"))
        if not open_:
            self.hide()
            return
        text = self.tr("This case has %n sync conflict(s)", "", self.count)
        if self.needs_review:
            text += self.tr(", %n needing review", "", self.needs_review)
        text += self.tr(
            ": someone else changed the same thing before syncing. Both versions are kept."
        )
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.show()


def _get(obj: Any, name: str, default: Any = None) -> Any:
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)


class RecordSection(QWidget):
    """A list of records of one kind with a form for the selected or new one."""

    edited = Signal()

    def __init__(
        self,
        table: str,
        list_fields: list[str],
        *,
        exclude: tuple[str, ...] = (),
        append_only: bool = False,
        newest_first: bool = False,
        title: str = "",
        defaults: Callable[[], dict[str, Any]] | None = None,
    ) -> None:
        super().__init__()
        self.table, self.list_fields = table, list_fields
        self.append_only, self.newest_first = append_only, newest_first
        self.defaults = defaults or dict
        self.records: list[Record] = []
        # Entries added (or typed) on the screen, not yet saved: the form's values, by field.
        self.pending_new: list[dict[str, Any]] = []
        self.dirty: dict[str, dict[str, Any]] = {}
        self.deleted: list[str] = []
        self.current: Record | dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        self.list = QTableWidget(0, len(list_fields))
        self.list.setAccessibleName(title or humanise(table))
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.verticalHeader().hide()
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        specs_by_key = {s.key: s for s in specs(table)}
        self.list.setHorizontalHeaderLabels(
            [
                specs_by_key[k].label.capitalize() if k in specs_by_key else humanise(k)
                for k in list_fields
            ]
        )
        self.list.setMaximumHeight(180)
        self.list.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New entry") if append_only else self.tr("&New"))
        self.new_button.setAccessibleName(self.tr("New %1").replace("%1", title or humanise(table)))
        self.new_button.clicked.connect(self.start_new)
        buttons.addWidget(self.new_button)
        if not append_only:
            self.delete_button = QPushButton(self.tr("&Delete"))
            self.delete_button.setAccessibleName(
                self.tr("Delete selected %1").replace("%1", title or humanise(table))
            )
            self.delete_button.clicked.connect(self.delete_selected)
            buttons.addWidget(self.delete_button)
        self.add_button = QPushButton(self.tr("&Add to case"))
        self.add_button.setAccessibleName(
            self.tr("Add this %1 to the case").replace("%1", title or humanise(table))
        )
        self.add_button.clicked.connect(self.add_new)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        self.hint = QLabel()
        buttons.addWidget(self.hint)
        layout.addLayout(buttons)
        self.form = FieldForm(specs(table, exclude))
        self.form.edited.connect(self._form_edited)
        layout.addWidget(self.form)
        self.start_new()

    # -- data --------------------------------------------------------------------------------
    def set_records(self, records: Sequence[Record]) -> None:
        self.records = list(records)
        self.pending_new.clear()
        self.dirty.clear()
        self.deleted.clear()
        self._refill()
        if self.records and not self.append_only:
            # Show the newest record; "New" starts a fresh one.
            rows = self.rows()
            self.list.selectRow(0 if self.newest_first else len(rows) - 1)
        else:
            self.start_new()

    def rows(self) -> list[Record | dict[str, Any]]:
        """The records shown, then the entries not yet saved (newest first if so shown)."""
        rows: list[Record | dict[str, Any]] = [r for r in self.records if r.id not in self.deleted]
        rows += self.pending_new
        if self.newest_first:
            rows = list(reversed(rows))
        return rows

    def _refill(self) -> None:
        rows = self.rows()
        self.list.blockSignals(True)
        self.list.setRowCount(len(rows))
        for i, rec in enumerate(rows):
            for j, key in enumerate(self.list_fields):
                value = self.dirty.get(rec.get("id", ""), {}).get(key, rec.get(key))
                text = show(value)
                if j == 0 and rec.get("_key"):
                    text = self.tr("(not yet saved) ") + text
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, rec.get("id") or rec.get("_key"))
                self.list.setItem(i, j, item)
        self.list.blockSignals(False)

    def _selected(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        if not rows:
            return
        rec = self.rows()[rows[0].row()]
        self.current = rec
        values = dict(rec)
        values.update(self.dirty.get(rec.get("id", ""), {}))
        self.form.set_values(values)
        editable = not self.append_only or bool(rec.get("_key"))
        self.form.setEnabled(editable)
        self.add_button.setVisible(False)
        self.hint.setText("" if editable else self.tr("Entries cannot be changed; add a new one."))

    def start_new(self) -> None:
        self.current = None
        self.list.clearSelection()
        self.form.setEnabled(True)
        self.form.set_values(self.defaults())
        self.blank = self.form.raw_values()
        self.add_button.setVisible(True)
        self.hint.setText("")

    def has_draft(self) -> bool:
        """Something typed into the new-entry form but not yet added: Save keeps it too."""
        return self.current is None and self.form.raw_values() != self.blank

    def add_new(self) -> bool:
        values, errors = self.form.values()
        if errors:
            self.hint.setText(self.tr("Fix the fields marked in red."))
            return False
        values["_key"] = f"new-{next(_temp_ids)}"
        self.pending_new.append(values)
        self._refill()
        self.start_new()
        self.hint.setText(self.tr("Added; press Save to keep it."))
        self.edited.emit()
        return True

    def _form_edited(self) -> None:
        if self.current is None:
            if self.has_draft():
                self.edited.emit()  # a draft entry: Save will keep it
            return
        values, errors = self.form.values()
        if errors:
            return
        if isinstance(self.current, dict):  # an entry not yet saved
            self.current.update(values)
        else:
            self.dirty[self.current.id] = values
        self.edited.emit()

    def delete_selected(self) -> None:
        if self.current is None:
            return
        if isinstance(self.current, dict):  # an entry not yet saved
            self.pending_new.remove(self.current)
        else:
            self.deleted.append(self.current.id)
        self._refill()
        self.start_new()
        self.edited.emit()

    def validate_current(self, show: bool = True) -> dict[str, str]:
        if self.current is None and not self.has_draft():
            return {}
        _, errors = self.form.values(show=show)
        return errors

    def changes(self, into: Changes, show: bool = True) -> None:
        for rec in self.pending_new:
            into.new.append((self.table, dict(rec)))
        if self.has_draft():
            values, errors = self.form.values(show=show)
            if not errors:
                into.new.append((self.table, values))
        for rid, values in self.dirty.items():
            original: Mapping[str, Any] = next((r for r in self.records if r.id == rid), {})
            changed = {k: v for k, v in values.items() if original.get(k) != v}
            if changed:
                into.updates.append((self.table, rid, changed))
        for rid in self.deleted:
            into.deletes.append((self.table, rid))

    def has_changes(self) -> bool:
        probe = Changes()
        self.changes(probe, show=False)
        return bool(probe)


class SingleForm(QWidget):
    """One record edited in place (the case itself, or the victim)."""

    edited = Signal()

    def __init__(
        self, table: str, field_keys: list[str] | None = None, exclude: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.table = table
        all_specs = specs(table, exclude)
        if field_keys is not None:
            by_key = {s.key: s for s in all_specs}
            all_specs = [by_key[k] for k in field_keys]
        self.form = FieldForm(all_specs)
        self.form.edited.connect(self.edited)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self.original: dict[str, Any] = {}

    def set_record(self, record: Mapping[str, Any] | None) -> None:
        self.original = dict(record or {})
        self.form.set_values(self.original)

    def changed_values(self, show: bool = True) -> tuple[dict[str, Any], dict[str, str]]:
        values, errors = self.form.values(show=show)
        return {k: v for k, v in values.items() if self.original.get(k) != v}, errors


INCIDENT_FIELDS = [
    "record_type",
    "status",
    "urn",
    "crime_reference",
    "force",
    "team",
    "monitored_strands",
    "local_strands",
    "perceived_by",
    "perception_date",
    "perception_note",
    "incident_date",
    "incident_time",
    "reported_date",
    "place",
    "place_type",
    "summary",
    "hocr_codes",
    "fcr_decision",
    "oic",
    "liaison_officer",
    "supervisor",
    "next_review_date",
    "protective_marking",
    "victim_agreed_wishes_disclosed",
]
COURT_FIELDS = [
    "file_stage",
    "anticipated_plea",
    "cps_area",
    "cms_hate_flag",
    "cps_charging_decision",
    "retention_review_date",
]


class CaseFileWidget(QWidget):
    """All sections of one case. ``collect()`` gathers every change, checked, for one save."""

    edited = Signal()
    reveal_requested = Signal(list)
    conflicts_requested = Signal()

    def __init__(self, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.today = today
        self.snapshot: CaseFileView | None = None
        self.revealed = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setAccessibleName(self.tr("Case header"))
        top.addWidget(self.header, 1)
        self.sync_label = QLabel()
        self.sync_label.setObjectName("caseSyncState")
        self.sync_label.setAccessibleName(self.tr("Sync state of this case"))
        self.sync_label.hide()
        top.addWidget(self.sync_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.conflict_banner = ConflictBanner()
        self.conflict_banner.review.clicked.connect(self.conflicts_requested)
        layout.addWidget(self.conflict_banner)
        self.safety = SafetyPanel()
        layout.addWidget(self.safety)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Case sections"))
        layout.addWidget(self.tabs, 1)

        # Incident and hostility
        incident = QWidget()
        il = QVBoxLayout(incident)
        self.case_form = SingleForm("case_file", INCIDENT_FIELDS)
        il.addWidget(self.case_form)
        il.addWidget(QLabel(self.tr("<b>Hostility evidence</b> (words verbatim, exact spelling)")))
        self.evidence = RecordSection(
            "hostility_evidence",
            ["words_or_conduct", "strand", "limb", "timing", "source"],
            title=self.tr("hostility evidence item"),
        )
        il.addWidget(self.evidence)
        self.tabs.addTab(scrolled(incident), self.tr("&Incident and hostility"))

        # Victim
        victim = QWidget()
        vl = QVBoxLayout(victim)
        self.reveal_button = QPushButton(self.tr("&Reveal sensitive details"))
        self.reveal_button.setAccessibleName(self.tr("Reveal sensitive details"))
        self.reveal_button.setToolTip(self.tr("Each reveal is recorded in the audit trail."))
        self.reveal_button.clicked.connect(self._ask_reveal)
        vl.addWidget(self.reveal_button)
        self.victim_form = SingleForm(
            "person",
            exclude=(
                "role",
                "previous_incidents",
                "orders_injunctions",
                "group_association",
                "statement_ref",
            ),
        )
        vl.addWidget(self.victim_form)
        self.tabs.addTab(scrolled(victim), self.tr("&Victim"))

        # Wishes
        wishes = QWidget()
        wl = QVBoxLayout(wishes)
        wl.addWidget(
            QLabel(self.tr("<b>The victim's wishes</b>, in their own words, newest first"))
        )
        self.wish_list = QListWidget()
        self.wish_list.setAccessibleName(self.tr("Wishes history"))
        self.wish_list.setWordWrap(True)
        wl.addWidget(self.wish_list)
        self.wishes = RecordSection(
            "victim_wish",
            ["recorded_at", "victim_words", "confirmed_with_victim"],
            exclude=("recorded_at", "recorded_by"),
            append_only=True,
            newest_first=True,
            title=self.tr("wishes entry"),
        )
        self.wishes.list.hide()
        self.wishes.edited.connect(self._refresh_wishes)
        wl.addWidget(self.wishes)
        self.tabs.addTab(scrolled(wishes), self.tr("&Wishes"))

        # Needs and support plan
        needs = QWidget()
        nl = QVBoxLayout(needs)
        nl.addWidget(QLabel(self.tr("<b>Needs assessments</b>")))
        self.assessments = RecordSection(
            "needs_assessment",
            ["assessed_on", "assessor", "repeat_risk"],
            title=self.tr("needs assessment"),
            defaults=lambda: {"assessed_on": self.today()},
        )
        nl.addWidget(self.assessments)
        nl.addWidget(QLabel(self.tr("<b>Support plan</b>")))
        self.plans = RecordSection(
            "support_plan",
            ["review_date", "rationale"],
            exclude=("assessment_id",),
            title=self.tr("support plan"),
        )
        nl.addWidget(self.plans)
        nl.addWidget(QLabel(self.tr("<b>Support actions</b> (overdue actions are marked)")))
        self.actions = RecordSection(
            "support_action",
            ["action", "owner", "due_date", "status", "review_date"],
            exclude=("plan_id", "order_key"),
            title=self.tr("support action"),
        )
        nl.addWidget(self.actions)
        self.tabs.addTab(scrolled(needs), self.tr("&Needs and plan"))

        self.referrals = RecordSection(
            "referral",
            ["agency", "referred_on", "consent_obtained", "outcome"],
            title=self.tr("referral"),
            defaults=lambda: {"referred_on": self.today()},
        )
        self.tabs.addTab(scrolled(self.referrals), self.tr("Re&ferrals"))

        contacts = QWidget()
        cl = QVBoxLayout(contacts)
        self.contacts = RecordSection(
            "contact_log",
            ["occurred_at", "channel", "direction", "summary"],
            append_only=True,
            newest_first=True,
            exclude=("recorded_by",),
            title=self.tr("contact"),
            defaults=lambda: {"occurred_at": dt.datetime.now().astimezone()},
        )
        cl.addWidget(self.contacts)
        self.tabs.addTab(scrolled(contacts), self.tr("&Contact log"))

        self.code_events = RecordSection(
            "victims_code_event",
            ["event_date", "right_number", "event", "victim_told_on"],
            append_only=True,
            newest_first=True,
            title=self.tr("Victims' Code event"),
        )
        self.tabs.addTab(scrolled(self.code_events), self.tr("Victims' C&ode"))

        court = QWidget()
        col = QVBoxLayout(court)
        self.court_form = SingleForm("case_file", COURT_FIELDS)
        col.addWidget(self.court_form)
        col.addWidget(QLabel(self.tr("<b>Charges and outcome</b>")))
        self.charges = RecordSection(
            "charge",
            ["offence", "legal_route", "aggravated_form_charged", "outcome"],
            title=self.tr("charge"),
        )
        col.addWidget(self.charges)
        self.tabs.addTab(scrolled(court), self.tr("C&harges and outcome"))

        self.history = QTableWidget(0, 5)
        self.history.setAccessibleName(self.tr("Case history"))
        self.history.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Why"), self.tr("Details")]
        )
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.history, self.tr("Histor&y"))

        self.sections = [
            self.evidence,
            self.wishes,
            self.assessments,
            self.plans,
            self.actions,
            self.referrals,
            self.contacts,
            self.code_events,
            self.charges,
        ]
        for section in self.sections:
            section.edited.connect(self.edited)
        self.case_form.edited.connect(self.edited)
        self.court_form.edited.connect(self.edited)
        self.victim_form.edited.connect(self.edited)
        self.victim_form.edited.connect(self._victim_edited)
        self._set_masked(True)

    # -- sync ----------------------------------------------------------------------------------
    def set_sync_state(self, state: str | None) -> None:
        """Local only / Sent / Confirmed beside the header (hidden when not known)."""
        if not state:
            self.sync_label.hide()
            return
        text, tip = CASE_SYNC_STATES.get(state, (state, ""))
        self.sync_label.setText(self.tr("Sync: %1").replace("%1", self.tr(text)))
        self.sync_label.setToolTip(self.tr(tip))
        self.sync_label.setAccessibleDescription(self.tr(tip))
        self.sync_label.show()

    def set_conflicts(self, conflicts: list[Any]) -> None:
        self.conflict_banner.set_conflicts(conflicts)

    # -- loading -----------------------------------------------------------------------------
    def load(self, view: CaseFileView) -> None:
        if self.snapshot is None or self.snapshot.case_id != view.case_id:
            self.set_sync_state(None)
            self.conflict_banner.set_conflicts([])
        self.snapshot = view
        case = view.case
        strands = ", ".join(humanise(str(s)) for s in case.monitored_strands)
        self.header.setText(
            f"<h2>{_esc(view.reference)}</h2>{_esc(show(case.record_type))}"
            + (f" · {_esc(strands)}" if strands else "")
        )
        self.case_form.set_record(case)
        self.court_form.set_record(case)
        victim = view.victim()
        self.victim_form.set_record(victim)
        self.safety.set_victim(victim)
        self.evidence.set_records(view.evidence)
        self.wishes.set_records(view.wishes)
        self.assessments.set_records(view.assessments)
        self.plans.set_records(view.plans)
        self.actions.set_records(view.actions)
        self.referrals.set_records(view.referrals)
        self.contacts.set_records(view.contacts)
        self.code_events.set_records(view.code_events)
        self.charges.set_records(view.charges)
        self._mark_overdue()
        self._refresh_wishes()
        self._fill_history(view.history)
        self.revealed = False
        self._set_masked(True)

    def _mark_overdue(self) -> None:
        today = self.today()
        rows = self.actions.rows()
        for i, rec in enumerate(rows):
            due = rec.get("due_date")
            if action_overdue(ActionStatus(rec.get("status") or ActionStatus.OPEN), due, today):
                item = self.actions.list.item(i, 2)
                if item is not None:
                    item.setText(self.tr("%1 — OVERDUE").replace("%1", format_date(due)))
                    item.setForeground(Qt.GlobalColor.red)

    def _refresh_wishes(self) -> None:
        self.wish_list.clear()
        for rec in self.wishes.rows():
            when = rec.get("recorded_at")
            head = show(when) if when else self.tr("not yet saved")
            by = rec.get("recorded_by") or ""
            confirmed = (
                self.tr("confirmed with the victim")
                if rec.get("confirmed_with_victim")
                else self.tr("not yet confirmed with the victim")
            )
            text = f"{head} — {by} — {confirmed}\n“{rec.get('victim_words') or ''}”"
            extra = [
                f"{humanise(k)}: {show(rec.get(k))}"
                for k in ("wants_prosecution", "willing_to_give_evidence", "contact_channel")
                if rec.get(k)
            ]
            if extra:
                text += "\n" + "; ".join(extra)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            self.wish_list.addItem(item)

    def _fill_history(self, history: Sequence[HistoryEntry]) -> None:
        self.history.setRowCount(len(history))
        for i, ev in enumerate(history):
            details = ev.details or {}
            summary = "; ".join(
                f"{k}: {', '.join(v) if isinstance(v, list) else v}"
                for k, v in (details.get("fields") or details.get("records") or {}).items()
            ) or ", ".join(f"{k}={v}" for k, v in details.items() if k != "sha256")
            for j, value in enumerate(
                [
                    show(ev.when),
                    ev.actor,
                    humanise(ev.operation),
                    ev.reason or "",
                    (f"to {ev.recipient}; " if ev.recipient else "") + summary,
                ]
            ):
                self.history.setItem(i, j, QTableWidgetItem(value))
        self.history.resizeColumnsToContents()

    # -- sensitive details ----------------------------------------------------------------------
    def _set_masked(self, masked: bool) -> None:
        for key in MASKED:
            editor = self.victim_form.form.editors.get(key)
            if isinstance(editor, QLineEdit):
                editor.setEchoMode(
                    QLineEdit.EchoMode.Password if masked else QLineEdit.EchoMode.Normal
                )
                editor.setReadOnly(masked)
        self.reveal_button.setVisible(masked)

    def _ask_reveal(self) -> None:
        self.reveal_requested.emit(list(MASKED))

    def reveal(self) -> None:
        self.revealed = True
        self._set_masked(False)

    def _victim_edited(self) -> None:
        values, errors = self.victim_form.form.values()
        if not errors:
            self.safety.set_victim({**self.victim_form.original, **values})

    # -- saving ------------------------------------------------------------------------------
    def has_changes(self) -> bool:
        """Whether leaving this case now would lose something the officer typed: a change that
        can be saved, or typing that cannot be saved as it is (a field that fails its check).

        The one answer to "are there unsaved changes", for closing the window, opening another
        case, locking and a sync's refresh of the open case. Leaves the screen as it is.
        """
        changes, errors = self.collect(show_errors=False)
        return bool(changes) or (bool(errors) and self._typed_since_loaded())

    def _typed_since_loaded(self) -> bool:
        forms = [self.case_form.form, self.court_form.form, self.victim_form.form]
        forms += [section.form for section in self.sections]
        return any(form.typed_since_loaded() for form in forms)

    def collect(self, show_errors: bool = True) -> tuple[Changes, dict[str, str]]:
        """Every change on every section, and every field that is wrong (nothing is saved
        unless there are none). ``show_errors``: mark the wrong fields in red and bring the
        first into view; without it the screen is left exactly as it is."""
        show = show_errors
        changes = Changes()
        errors: dict[str, str] = {}
        for form in (self.case_form, self.court_form):
            values, errs = form.changed_values(show=show)
            changes.case.update(values)
            errors.update({f"case.{k}": v for k, v in errs.items()})
        victim_values, errs = self.victim_form.changed_values(show=show)
        if not self.victim_form.original.get("id") and not any(victim_values.values()):
            # No victim recorded and nothing typed: the blank form's required name must not
            # stop the rest of the case from being saved.
            errs = {}
            if show:
                self.victim_form.form.clear_errors()
        errors.update({f"victim.{k}": v for k, v in errs.items()})
        if victim_values and not errs:
            entered, _ = self.victim_form.form.values(show=False)
            victim_id = self.victim_form.original.get("id")
            record_victim(changes, victim_id, victim_values, entered)
        for section in self.sections:
            section.changes(changes, show=show)
            errors.update(
                {f"{section.table}.{k}": v for k, v in section.validate_current(show).items()}
            )
        # A new action joins a support plan when it is saved (hcdesk.casework.casefile).
        if show and errors:
            self._show_first_error()
        return changes, errors

    def _show_first_error(self) -> None:
        """Bring the first field marked in red into view (its tab may not be the current one)."""
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            for form in page.findChildren(FieldForm):
                bad = next(
                    (form.editors[k] for k, label in form.errors.items() if not label.isHidden()),
                    None,
                )
                if bad is not None:
                    self.tabs.setCurrentIndex(i)
                    if isinstance(page, QScrollArea):
                        page.ensureWidgetVisible(bad)
                    bad.setFocus()
                    return
