"""The case file: sections for incident and hostility, victim (with the contact-safety panel
always in view), suspects and witnesses, wishes, needs and plan, referrals, contacts, Victims'
Code, the court pages (charges, hearings, bail, applications, interviews, sign-off and consent),
history.

The sections themselves are in :mod:`hcdesk.ui.casefile_sections`, the people and court pages
in :mod:`hcdesk.ui.casefile_court`, the panels above them in :mod:`hcdesk.ui.casefile_panels`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
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

from hcdesk.casework import sharing
from hcdesk.casework.casefile import Changes, record_victim
from hcdesk.casework.fields import format_date
from hcdesk.casework.overdue import action_overdue
from hcdesk.casework.records import CaseFileView, HistoryEntry
from hcdesk.casework.signoff import next_summary_version
from hcdesk.models import labels
from hcdesk.models.case import VictimWish
from hcdesk.models.enums import ActionStatus, AuditOperation, PersonRole
from hcdesk.ui.casefile_contacts import ContactsPage
from hcdesk.ui.casefile_court import NOT_FOR_VICTIMS, CourtFile, PeoplePage
from hcdesk.ui.casefile_duties import DutyPanel
from hcdesk.ui.casefile_panels import ConflictBanner, SafetyPanel, esc
from hcdesk.ui.casefile_sections import (
    RecordSection,
    SingleForm,
    bring_into_view,
    capitalised,
    scrolled,
    show,
)
from hcdesk.ui.forms import FieldForm
from hcdesk.ui.masking import MaskGuard, masked_note, typed_note
from hcdesk.ui.overview import CaseOverviewWidget
from hcdesk.ui.sync import CASE_SYNC_STATES

MASKED = (
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
    "self_described_characteristics",
)


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
    "incident_end_date",
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


def heading(text: str) -> QLabel:
    """A section's heading (rich text), wrapping on a narrow case file."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _operation(operation: str) -> str:
    """What an audit event did, in words ("Viewed"); a kind this version does not know as
    it is."""
    try:
        return labels.label(AuditOperation(operation))
    except ValueError:
        return operation


class CaseFileWidget(QWidget):
    """All sections of one case. ``collect()`` gathers every change, checked, for one save."""

    edited = Signal()
    reveal_requested = Signal(list)
    masked_typing = Signal()  # typed into a field hidden until Reveal (hcdesk.ui.masking)
    conflicts_requested = Signal()
    loaded = Signal(object)  # the CaseFileView just shown by load()

    def __init__(
        self,
        today: Callable[[], dt.date] = dt.date.today,
        officer: Callable[[], str] = lambda: "",
    ) -> None:
        """``officer``: who is signed in, for the sign-offs they record."""
        super().__init__()
        self.today, self.officer = today, officer
        self.snapshot: CaseFileView | None = None
        self.revealed = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
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

        # The first page: who, what, the route, the victim's latest words, what is next.
        self.overview = CaseOverviewWidget()
        self.tabs.addTab(self.overview, self.tr("&Overview"))
        self.tabs.addTab(self._incident_tab(), self.tr("&Incident and hostility"))
        self.tabs.addTab(self._victim_tab(), self.tr("Victi&m"))
        self.people = PeoplePage()
        self.suspects, self.witnesses = self.people.suspects, self.people.witnesses
        self.tabs.addTab(self.people, self.tr("Sus&pects and witnesses"))
        self.tabs.addTab(self._wishes_tab(), self.tr("&Wishes"))
        self.tabs.addTab(self._needs_tab(), self.tr("&Needs and plan"))
        self.tabs.addTab(self._referrals_tab(), self.tr("Referr&als and sharing"))
        self.tabs.addTab(self._contacts_tab(), self.tr("Contact &log and plans"))
        self.tabs.addTab(self._code_events_tab(), self.tr("Victims' Code and du&ties"))
        self.court = CourtFile(today, self._signoff_defaults, self._consent_defaults)
        self.court_form, self.charges = self.court.court_form, self.court.charges
        self.tabs.addTab(self.court, self.tr("Co&urt and charges"))
        self.tabs.addTab(self._history_tab(), self.tr("Histor&y"))

        # In this order in a save: new suspects are added before the records that name them.
        self.sections: list[RecordSection] = [
            *self.people.sections,
            self.evidence,
            self.wishes,
            self.assessments,
            self.plans,
            self.support_actions,
            self.referrals,
            self.shares,
            self.contacts,
            self.planned_contacts,
            self.code_events,
            *self.court.sections,
        ]
        for section in self.sections:
            section.edited.connect(self.edited)
        self.suspects.edited.connect(self._share_suspects)
        self.case_form.edited.connect(self.edited)
        self.court_form.edited.connect(self.edited)
        self.victim_form.edited.connect(self.edited)
        self.victim_form.edited.connect(self._victim_edited)
        # The duty panel records at once, on its own: never while there are unsaved changes.
        self._unsaved_check = QTimer(self)
        self._unsaved_check.setSingleShot(True)
        self._unsaved_check.setInterval(200)
        self._unsaved_check.timeout.connect(lambda: self.duties.set_unsaved(self.has_changes()))
        self.edited.connect(self._unsaved_check.start)
        self._set_masked(True)

    # -- the sections -------------------------------------------------------------------------
    def _incident_tab(self) -> QScrollArea:
        """Incident and hostility: the case's own fields and the hostility evidence."""
        incident = QWidget()
        il = QVBoxLayout(incident)
        self.case_form = SingleForm("case_file", INCIDENT_FIELDS)
        il.addWidget(self.case_form)
        il.addWidget(heading(self.tr("<b>Hostility evidence</b> (words verbatim, exact spelling)")))
        self.evidence = RecordSection(
            "hostility_evidence",
            ["words_or_conduct", "strand", "limb", "timing", "source"],
            title=self.tr("hostility evidence item"),
        )
        il.addWidget(self.evidence)
        return scrolled(incident)

    def _victim_tab(self) -> QScrollArea:
        """The victim, their sensitive details masked until revealed."""
        victim = QWidget()
        vl = QVBoxLayout(victim)
        self.reveal_button = QPushButton(self.tr("&Reveal sensitive details"))
        self.reveal_button.setAccessibleName(self.tr("Reveal sensitive details"))
        self.reveal_button.setToolTip(self.tr("Each reveal is recorded in the audit trail."))
        self.reveal_button.clicked.connect(self._ask_reveal)
        vl.addWidget(self.reveal_button)
        self.masked_note = QLabel(masked_note())
        self.masked_note.setObjectName("maskedNote")
        self.masked_note.setWordWrap(True)
        vl.addWidget(self.masked_note)
        self.victim_form = SingleForm(
            "person",
            exclude=NOT_FOR_VICTIMS,
        )
        vl.addWidget(self.victim_form)
        editors = self.victim_form.form.editors
        self.mask_guard = MaskGuard([editors[k] for k in MASKED if k in editors], self)
        self.mask_guard.typed.connect(self._typed_while_masked)
        return scrolled(victim)

    def _wishes_tab(self) -> QScrollArea:
        """The victim's wishes: the dated entries, and a form for a new one."""
        wishes = QWidget()
        wl = QVBoxLayout(wishes)
        wl.addWidget(
            heading(self.tr("<b>The victim's wishes</b>, in their own words, newest first"))
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
        return scrolled(wishes)

    def _needs_tab(self) -> QScrollArea:
        """Needs assessments, support plans and their actions."""
        needs = QWidget()
        nl = QVBoxLayout(needs)
        nl.addWidget(heading(self.tr("<b>Needs assessments</b>")))
        self.assessments = RecordSection(
            "needs_assessment",
            ["assessed_on", "assessor", "repeat_risk"],
            title=self.tr("needs assessment"),
            defaults=lambda: {"assessed_on": self.today()},
        )
        nl.addWidget(self.assessments)
        nl.addWidget(heading(self.tr("<b>Support plan</b>")))
        self.plans = RecordSection(
            "support_plan",
            ["review_date", "rationale"],
            exclude=("assessment_id",),
            title=self.tr("support plan"),
        )
        nl.addWidget(self.plans)
        nl.addWidget(heading(self.tr("<b>Support actions</b> (overdue actions are marked)")))
        self.support_actions = RecordSection(
            "support_action",
            ["action", "owner", "due_date", "status", "review_date"],
            exclude=("plan_id", "order_key"),
            title=self.tr("support action"),
        )
        nl.addWidget(self.support_actions)
        return scrolled(needs)

    def _referrals_tab(self) -> QScrollArea:
        """Referrals to support, then what was shared with partners (each share is a
        disclosure: hcdesk.casework.sharing)."""
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.addWidget(heading(self.tr("<b>Referrals</b>")))
        self.referrals = RecordSection(
            "referral",
            ["agency", "referred_on", "consent_obtained", "outcome"],
            title=self.tr("referral"),
            defaults=lambda: {"referred_on": self.today()},
        )
        pl.addWidget(self.referrals)
        pl.addWidget(heading(self.tr(
            "<b>Shared with partners</b> (each share is recorded as a disclosure)"
        )))
        self.shares = RecordSection(
            "partnership_share",
            ["shared_on", "partner", "purpose", "victim_consent"],
            title=self.tr("partnership share"),
            defaults=lambda: {"shared_on": self.today()},
            rule=sharing.share_problems,
        )
        pl.addWidget(self.shares)
        return scrolled(page)

    def _contacts_tab(self) -> QWidget:
        """Contacts: the victim's contact reminders, the contact log and the planned contacts,
        each new one checked against the victim's contact safety (hcdesk.ui.casefile_contacts)."""
        self.contacts_page = ContactsPage(self._victim_on_screen, self.officer)
        self.contacts = self.contacts_page.contacts
        self.planned_contacts = self.contacts_page.planned
        return self.contacts_page

    def _victim_on_screen(self) -> dict[str, Any] | None:
        """The victim as the Victim section shows them now (typed changes that are valid
        included): what a new contact is checked against. None while there is no victim."""
        values, errors = self.victim_form.form.values(show=False)
        shown = {**self.victim_form.original}
        shown.update({k: v for k, v in values.items() if k not in errors})
        if not self.victim_form.original.get("id") and not shown.get("name"):
            return None
        return shown

    def _code_events_tab(self) -> QScrollArea:
        """The victim's status and the case's duties (hcdesk.ui.casefile_duties), then the log
        of Victims' Code events."""
        page = QWidget()
        pl = QVBoxLayout(page)
        self.duties = DutyPanel(self.today)
        pl.addWidget(self.duties)
        pl.addWidget(heading(self.tr("<b>Victims' Code events</b>, newest first")))
        self.code_events = RecordSection(
            "victims_code_event",
            ["event_date", "right_number", "event", "victim_told_on"],
            append_only=True,
            newest_first=True,
            title=self.tr("Victims' Code event"),
        )
        pl.addWidget(self.code_events)
        return scrolled(page)

    def section_widget(self, key: str) -> QWidget | None:
        """The Victims' Code duties (hcdesk.ui.sections): the list of duties, where there is
        one, rather than the first button above it."""
        if key in ("code", "duties"):
            return self.duties.first_stop()
        return None

    def first_field_of(self, page: QWidget) -> QWidget | None:
        """Where the focus goes when ``page`` is chosen (hcdesk.ui.sections): on the Victims'
        Code tab the duties, never the form of a new event below them, which would scroll the
        duties out of view. None: the page's first field."""
        if page.isAncestorOf(self.duties):
            stop = self.duties.first_stop()
            return stop if stop is not self.duties else None
        return None

    def _signoff_defaults(self) -> dict[str, object]:
        """A new sign-off: by whoever is signed in, now, of the summary exported next."""
        history = self.snapshot.history if self.snapshot is not None else ()
        return {
            "signed_by": self.officer(),
            "signed_at": dt.datetime.now().astimezone(),
            "document_version": next_summary_version(history),
        }

    def _consent_defaults(self) -> dict[str, object]:
        victim = self.snapshot.victim() if self.snapshot is not None else None
        return {"given_by": victim.name if victim is not None else ""}

    def _share_suspects(self) -> None:
        """Every field naming a suspect chooses from the suspects on the screen, by name:
        those saved and those added but not yet saved."""
        suspects = []
        for rec in self.suspects.rows():
            key = rec.get("id") or rec.get("_key")
            name = self.suspects.dirty.get(rec.get("id", ""), {}).get("name", rec.get("name"))
            if rec.get("_key"):
                name = self.tr("%1 (not yet saved)").replace("%1", str(name))
            suspects.append((str(key), str(name)))
        self.court.set_suspects(suspects)

    def _history_tab(self) -> QWidget:
        self.history = QTableWidget(0, 5)
        self.history.setAccessibleName(self.tr("Case history"))
        self.history.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Why"), self.tr("Details")]
        )
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setStretchLastSection(True)
        return self.history

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
        self.overview.show_view(view, self.today())
        strands = show(list(case.monitored_strands))
        self.header.setText(
            f"<h2>{esc(view.reference)}</h2>{esc(show(case.record_type))}"
            + (f" · {esc(strands)}" if strands else "")
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
        self.support_actions.set_records(view.actions)
        self.referrals.set_records(view.referrals)
        self.shares.set_records(view.shares)
        self.code_events.set_records(view.code_events)
        self.suspects.set_records([p for p in view.people if p.role == PersonRole.SUSPECT])
        self.witnesses.set_records([p for p in view.people if p.role == PersonRole.WITNESS])
        self._share_suspects()
        self.charges.set_records(view.charges)
        self.court.listings.set_records(view.listings)
        self.court.bail.set_records(view.bail)
        self.court.applications.set_records(view.applications)
        self.court.interviews.set_records(view.interviews)
        self.court.signoffs.set_records(view.signoffs)
        self.court.consents.set_records(view.consents)
        self.contacts_page.load(view)
        self._unsaved_check.stop()
        self.duties.set_unsaved(False)
        self.duties.show_view(view)
        self._mark_overdue()
        self._refresh_wishes()
        self._fill_history(view.history)
        self.revealed = False
        self._set_masked(True)
        self.loaded.emit(view)

    def show_draft(self) -> None:
        """The case shown is new and not saved yet: it has no duties yet (the panel says so)."""
        if self.snapshot is not None:
            self.duties.show_view(self.snapshot, draft=True)

    def show_recorded(self, view: CaseFileView) -> None:
        """After the duty panel recorded something, while the officer has typed changes not
        yet saved: what follows from it (the statuses and duties, the Overview, the history)
        is shown, and the forms are left as they are, typing and all."""
        self.snapshot = view
        self.overview.show_view(view, self.today())
        self.duties.show_view(view)
        self._fill_history(view.history)

    def _mark_overdue(self) -> None:
        today = self.today()
        rows = self.support_actions.rows()
        for i, rec in enumerate(rows):
            due = rec.get("due_date")
            if action_overdue(ActionStatus(rec.get("status") or ActionStatus.OPEN), due, today):
                item = self.support_actions.list.item(i, 2)
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
                f"{capitalised(labels.field_label(VictimWish.__table__.columns[k]))}: "
                f"{show(rec.get(k), self.wishes.specs_by_key.get(k))}"
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
            ) or ", ".join(f"{k}={v}" for k, v in details.items() if k not in ("sha256", "files"))
            for j, value in enumerate(
                [
                    show(ev.when),
                    ev.actor,
                    _operation(ev.operation),
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
        self.overview.set_masked(masked)
        self.reveal_button.setVisible(masked)
        self.masked_note.setVisible(masked)
        self.masked_note.setText(masked_note())

    def _typed_while_masked(self) -> None:
        self.masked_note.setText(f"<b>{esc(typed_note())}</b>")
        self.masked_typing.emit()

    def _ask_reveal(self) -> None:
        self.reveal_requested.emit(list(MASKED))

    def reveal(self) -> None:
        self.revealed = True
        self._set_masked(False)

    def _victim_edited(self) -> None:
        values, errors = self.victim_form.form.values()
        if not errors:
            self.safety.set_victim({**self.victim_form.original, **values})
        self.contacts_page.refresh_reminders()

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
            if page is None:
                continue
            for form in page.findChildren(FieldForm):
                bad = next(
                    (form.editors[k] for k, label in form.errors.items() if not label.isHidden()),
                    None,
                )
                if bad is not None:
                    bring_into_view(bad)
                    bad.setFocus()
                    return
