"""What the officer owes the victim, and by when: the Victims' Code duties of a case and the
rest of its work queue, from the case as the store holds it (rules: docs/victims-code.md).

* **Enhanced rights** (:func:`enhanced_statuses`). A hate crime makes the victim a victim of
  the most serious crime (Victims' Code 2020); a victim under 18 at the time of the offence
  is vulnerable. Officers add statuses on the victim's record or, with a reason, as an
  :class:`~hcdesk.models.case.EnhancedStatusClaim` (:func:`add_status`, :func:`withdraw_status`).
  Each status comes with its source.
* **Telling the victim** (:func:`case_duties`). Each key event (arrest, interview, bail, release
  under investigation, charge, no further action, a court date, the outcome, a change to bail,
  an appeal) is a duty to tell the victim within 1 working day with enhanced rights, else 5
  (:func:`deadline`). The events come from the Victims' Code log, and from the charges, bail
  records and hearings not (yet) logged as an event: see :func:`_derived` for how the two are
  matched so that one event is one duty.
* **The rest of the queue**: needs assessments (the first offer, and a review after a change in
  circumstances), support-plan reviews, support actions, referral follow-ups, the VPS offer of
  a hate crime, planned contacts and the case's next review.

A duty is MET when done on or before its deadline, BREACHED when done after it or when a breach
is recorded with its reason, OVERDUE when its deadline has passed with neither, DUE otherwise
(a duty due today is DUE). What was done is recorded as a
:class:`~hcdesk.models.case.DutyRecord` (:func:`record_told`, :func:`record_breach`), named by
the duty's key; the latest record of a duty stands.

Working days: :mod:`hcdesk.casework.workdays`. A voided case has no duties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.casework import workdays
from hcdesk.casework.casefile import (
    MODELS,
    ORDER,
    CaseSnapshot,
    Changes,
    case_file_view,
    read_case_file,
    save_changes,
)
from hcdesk.casework.fields import format_date, humanise
from hcdesk.casework.overdue import is_past
from hcdesk.casework.records import (
    CaseFileView,
    CodeEventRecord,
    DutyRecordRecord,
    ListingRecord,
)
from hcdesk.errors import HcdeskError, NotFound
from hcdesk.models.base import Base, domain_columns
from hcdesk.models.case import CaseFile
from hcdesk.models.enums import (
    ActionStatus,
    BailStatus,
    ChargeOutcome,
    HearingType,
    RecordType,
    ReferralOutcome,
    VictimsCodeEventKind,
    VictimsCodeStatus,
    VPSStatus,
)

if TYPE_CHECKING:
    from hcdesk.store.store import Store


class DutyKind(StrEnum):
    INFORM_ARREST = "INFORM_ARREST"
    INFORM_INTERVIEW = "INFORM_INTERVIEW"
    INFORM_CHARGE = "INFORM_CHARGE"
    INFORM_NFA = "INFORM_NFA"
    INFORM_BAIL = "INFORM_BAIL"
    INFORM_BAIL_CHANGE = "INFORM_BAIL_CHANGE"
    INFORM_RUI = "INFORM_RUI"
    INFORM_COURT_DATE = "INFORM_COURT_DATE"
    INFORM_OUTCOME = "INFORM_OUTCOME"
    INFORM_APPEAL = "INFORM_APPEAL"
    NEEDS_REVIEW = "NEEDS_REVIEW"
    PLAN_REVIEW = "PLAN_REVIEW"
    REFERRAL_FOLLOW_UP = "REFERRAL_FOLLOW_UP"
    VPS_OFFER = "VPS_OFFER"
    PLANNED_CONTACT = "PLANNED_CONTACT"
    ACTION_DUE = "ACTION_DUE"
    CASE_REVIEW = "CASE_REVIEW"


class DutyStatus(StrEnum):
    MET = "MET"
    DUE = "DUE"
    OVERDUE = "OVERDUE"
    BREACHED = "BREACHED"


# The words for each kind and status, written once (the CLI, the case file and My work use them).
LABELS: dict[DutyKind | DutyStatus, str] = {
    DutyKind.INFORM_ARREST: "Update: arrest",
    DutyKind.INFORM_INTERVIEW: "Update: interview",
    DutyKind.INFORM_CHARGE: "Update: charge",
    DutyKind.INFORM_NFA: "Update: no further action",
    DutyKind.INFORM_BAIL: "Update: bail or remand",
    DutyKind.INFORM_BAIL_CHANGE: "Update: change to bail",
    DutyKind.INFORM_RUI: "Update: released under investigation",
    DutyKind.INFORM_COURT_DATE: "Update: court date",
    DutyKind.INFORM_OUTCOME: "Update: outcome",
    DutyKind.INFORM_APPEAL: "Update: appeal",
    DutyKind.NEEDS_REVIEW: "Needs assessment",
    DutyKind.PLAN_REVIEW: "Support plan review",
    DutyKind.REFERRAL_FOLLOW_UP: "Referral follow-up",
    DutyKind.VPS_OFFER: "Victim Personal Statement offer",
    DutyKind.PLANNED_CONTACT: "Planned contact",
    DutyKind.ACTION_DUE: "Support action",
    DutyKind.CASE_REVIEW: "Case review",
    DutyStatus.MET: "Met",
    DutyStatus.DUE: "Due",
    DutyStatus.OVERDUE: "Overdue",
    DutyStatus.BREACHED: "Breached",
}

# The duties to tell the victim of a key event (the Victims' Code's 1 or 5 working days).
INFORM_KINDS = frozenset(k for k in DutyKind if k.startswith("INFORM_"))

# What each key event of the Victims' Code log is a duty to tell.
EVENT_DUTIES: dict[VictimsCodeEventKind, DutyKind] = {
    VictimsCodeEventKind.SUSPECT_ARRESTED: DutyKind.INFORM_ARREST,
    VictimsCodeEventKind.SUSPECT_INTERVIEWED: DutyKind.INFORM_INTERVIEW,
    VictimsCodeEventKind.SUSPECT_BAILED: DutyKind.INFORM_BAIL,
    VictimsCodeEventKind.SUSPECT_RELEASED_UNDER_INVESTIGATION: DutyKind.INFORM_RUI,
    VictimsCodeEventKind.SUSPECT_CHARGED: DutyKind.INFORM_CHARGE,
    VictimsCodeEventKind.NO_FURTHER_ACTION: DutyKind.INFORM_NFA,
    VictimsCodeEventKind.COURT_DATE_SET: DutyKind.INFORM_COURT_DATE,
    VictimsCodeEventKind.COURT_OUTCOME: DutyKind.INFORM_OUTCOME,
    VictimsCodeEventKind.BAIL_CONDITIONS_CHANGED: DutyKind.INFORM_BAIL_CHANGE,
    VictimsCodeEventKind.APPEAL: DutyKind.INFORM_APPEAL,
}

# The case-file section where each kind of duty is done.
SECTIONS: dict[DutyKind, str] = {
    **{kind: "code" for kind in INFORM_KINDS},
    DutyKind.VPS_OFFER: "code",
    DutyKind.NEEDS_REVIEW: "needs",
    DutyKind.PLAN_REVIEW: "needs",
    DutyKind.ACTION_DUE: "needs",
    DutyKind.REFERRAL_FOLLOW_UP: "referrals",
    DutyKind.PLANNED_CONTACT: "contacts",
    DutyKind.CASE_REVIEW: "incident",
}

ENHANCED_DAYS = 1  # working days to tell a victim with enhanced rights of a key event
STANDARD_DAYS = 5  # and any other victim
# A first needs assessment is offered within 5 working days (a working week) of the report. The
# Code sets no number of days for it: this is hcdesk's choice (docs/victims-code.md).
ASSESSMENT_DAYS = 5
# A needs assessment is reviewed within 5 working days of a change in circumstances: a charge,
# no further action, a change to bail, the outcome or an appeal (the events in REASSESS_AFTER).
REASSESS_DAYS = 5
REASSESS_AFTER = frozenset(
    {
        DutyKind.INFORM_CHARGE,
        DutyKind.INFORM_NFA,
        DutyKind.INFORM_BAIL_CHANGE,
        DutyKind.INFORM_OUTCOME,
        DutyKind.INFORM_APPEAL,
    }
)
# A referral with no outcome is followed up 5 working days (a working week) after it was made.
REFERRAL_FOLLOW_UP_DAYS = 5
# A charge, bail record or outcome is the same event as an entry of the log of the same kind
# dated up to 2 days before or after it (an arrest at night is often logged the next morning).
MATCH_DAYS = 2

HATE_CRIME_SOURCE = "hate crime"
PERSON_SOURCE = "set on the victim's record"


class DutyRefused(HcdeskError):
    """What was asked would record something that cannot be right (a date to come, a reason
    left empty); nothing was recorded."""

    exit_code = 4
    default_message = "That cannot be recorded for this duty; nothing was recorded."


@dataclass(frozen=True)
class Duty:
    case_id: str
    reference: str
    key: str  # "<table>:<record id>" (+":suffix" if one record makes two)
    kind: DutyKind
    due: dt.date
    status: DutyStatus
    owner: str | None
    team: str
    # The case-file section to open: "incident", "victim", "people", "wishes", "needs",
    # "referrals", "contacts", "code", "court" or "history".
    section: str
    what: str  # one human line: "Tell the victim of the charge (charged 10/03/2025)"
    met_on: dt.date | None
    breach_reason: str | None


@dataclass(frozen=True)
class StatusEntry:
    """One enhanced status of the victim, where it comes from and, for one an officer added,
    why."""

    status: VictimsCodeStatus
    source: str  # "hate crime", "under 18 on 01/03/2025", "added by PC 1 Ann Lee on 02/03/2025"
    reason: str | None = None
    claim_id: str | None = None  # the officer's entry (EnhancedStatusClaim), when it is one

    @property
    def text(self) -> str:
        """The source, and the reason when there is one: what the case file shows."""
        return f"{self.source}: {self.reason}" if self.reason else self.source

    @property
    def derived(self) -> bool:
        """Given by the law (a hate crime, a child), so no officer can withdraw it."""
        return self.claim_id is None and self.source != PERSON_SOURCE


def status_label(status: VictimsCodeStatus) -> str:
    """The words for a Victims' Code status (the model's labels, hcdesk.casework.fields)."""
    return humanise(str(status))


# -- enhanced rights ---------------------------------------------------------------------------
def _london() -> dt.tzinfo | None:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/London")
    except Exception:  # no time-zone data on this machine: the machine's own time
        return None


_LONDON = _london()


def local_time(when: dt.datetime) -> dt.datetime:
    """A stored time (UTC) as the time in England and Wales."""
    return when.astimezone(_LONDON) if when.tzinfo is not None else when


def _local_day(when: dt.datetime) -> dt.date:
    return local_time(when).date()


def offence_date(view: CaseFileView) -> dt.date | None:
    """The day of the offence, for the victim's age: the incident date, else the report."""
    return view.case.incident_date or view.case.reported_date


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def enhanced_statuses(view: CaseFileView, on: dt.date) -> list[StatusEntry]:
    """The victim's enhanced statuses in force on ``on``, each with its source: those the law
    gives (a hate crime; a child at the time of the offence), those set on the victim's record,
    and those officers added with a reason up to that day and did not withdraw (the latest
    entry for a status stands)."""
    out: list[StatusEntry] = []
    if view.case.record_type == RecordType.HATE_CRIME:
        out.append(StatusEntry(VictimsCodeStatus.ENHANCED_MOST_SERIOUS_CRIME, HATE_CRIME_SOURCE))
    victim = view.victim()
    when = offence_date(view)
    born = victim.date_of_birth if victim is not None else None
    if born is not None and when is not None and _age_on(born, when) < 18:
        out.append(
            StatusEntry(
                VictimsCodeStatus.ENHANCED_VULNERABLE_OR_INTIMIDATED,
                f"under 18 on {format_date(when)}",
            )
        )
    if victim is not None:
        for status in dict.fromkeys(victim.victims_code_statuses):
            if status != VictimsCodeStatus.STANDARD:
                out.append(StatusEntry(VictimsCodeStatus(status), PERSON_SOURCE))
    latest: dict[VictimsCodeStatus, Any] = {}
    for claim in sorted(view.status_claims, key=lambda c: c.recorded_at):
        if _local_day(claim.recorded_at) <= on:
            latest[VictimsCodeStatus(claim.status)] = claim
    for status, claim in latest.items():
        if not claim.withdrawn and status != VictimsCodeStatus.STANDARD:
            out.append(
                StatusEntry(
                    status,
                    f"added by {claim.recorded_by or 'an officer'} on "
                    f"{format_date(_local_day(claim.recorded_at))}",
                    claim.reason,
                    claim.id,
                )
            )
    return out


def grouped(
    entries: Iterable[StatusEntry],
) -> list[tuple[VictimsCodeStatus, tuple[StatusEntry, ...]]]:
    """The statuses as people read them: each once, with all its sources (a hate crime victim
    whose record also says "most serious crime" holds one status, for two reasons)."""
    out: dict[VictimsCodeStatus, list[StatusEntry]] = {}
    for entry in entries:
        out.setdefault(entry.status, []).append(entry)
    return [(status, tuple(group)) for status, group in out.items()]


def is_enhanced(view: CaseFileView, on: dt.date) -> bool:
    """Whether the victim has enhanced rights on ``on`` (a status of :func:`enhanced_statuses`)."""
    return bool(enhanced_statuses(view, on))


def deadline(event_day: dt.date, enhanced: bool) -> dt.date:
    """The day by which the victim must be told of an event on ``event_day``: 1 working day
    after it with enhanced rights, else 5."""
    return workdays.add_working_days(event_day, ENHANCED_DAYS if enhanced else STANDARD_DAYS)


# -- the events a victim is told of ------------------------------------------------------------
_TOLD_OF: dict[DutyKind, tuple[str, str]] = {  # what the victim is told of; the date's word
    DutyKind.INFORM_ARREST: ("the arrest", "arrested"),
    DutyKind.INFORM_INTERVIEW: ("the interview", "interviewed"),
    DutyKind.INFORM_CHARGE: ("the charge", "charged"),
    DutyKind.INFORM_NFA: ("the decision to take no further action", "decided"),
    DutyKind.INFORM_BAIL: ("the bail or remand decision", "decided"),
    DutyKind.INFORM_BAIL_CHANGE: ("the change to bail", "changed"),
    DutyKind.INFORM_RUI: ("the release under investigation", "released"),
    DutyKind.INFORM_COURT_DATE: ("the court date", "set"),
    DutyKind.INFORM_OUTCOME: ("the outcome", "decided"),
    DutyKind.INFORM_APPEAL: ("the appeal", "lodged"),
}
# Kinds that name the same event: a log entry of one may stand for a record of the other.
_SAME_EVENT: dict[DutyKind, frozenset[DutyKind]] = {
    DutyKind.INFORM_BAIL: frozenset({DutyKind.INFORM_BAIL, DutyKind.INFORM_BAIL_CHANGE}),
    DutyKind.INFORM_BAIL_CHANGE: frozenset({DutyKind.INFORM_BAIL, DutyKind.INFORM_BAIL_CHANGE}),
}


@dataclass
class _Event:
    """A key event the victim is to be told of, with every key a record of it may be under."""

    kind: DutyKind
    day: dt.date
    key: str
    told: dt.date | None = None
    what: str = ""
    aliases: list[str] = field(default_factory=list)
    notes: str = ""


def _date_texts(day: dt.date) -> tuple[str, ...]:
    """The ways a date is written in a note: 14/06/2025, 2025-06-14, 14 Jun 2025, 14 June 2025."""
    month = day.strftime("%B")
    return (
        day.strftime("%d/%m/%Y"),
        day.isoformat(),
        f"{day.day} {month[:3]} {day.year}",
        f"{day.day} {month} {day.year}",
        f"{day.day:02d} {month[:3]} {day.year}",
    )


def _logged(view: CaseFileView) -> list[_Event]:
    out = []
    for e in view.code_events:
        kind = EVENT_DUTIES.get(VictimsCodeEventKind(e.event))
        if kind is None:
            continue
        thing, verb = _TOLD_OF[kind]
        out.append(
            _Event(
                kind,
                e.event_date,
                f"{CodeEventRecord.TABLE}:{e.id}",
                e.victim_told_on,
                f"Tell the victim of {thing} ({verb} {format_date(e.event_date)})",
                notes=e.notes or "",
            )
        )
    return out


def _covered(candidate: _Event, logged: Sequence[_Event]) -> _Event | None:
    """The log entry that is the same event as ``candidate``: of the same kind, dated within
    MATCH_DAYS of it (the nearest, the earlier on a tie)."""
    kinds = _SAME_EVENT.get(candidate.kind, frozenset({candidate.kind}))
    near = [
        e for e in logged if e.kind in kinds and abs((e.day - candidate.day).days) <= MATCH_DAYS
    ]
    return min(near, key=lambda e: (abs((e.day - candidate.day).days), e.day), default=None)


def _grouped(items: Iterable[tuple[DutyKind, dt.date, str, str]]) -> list[_Event]:
    """One candidate event per kind and day (three charges on one day are one update), keyed by
    its first record, the others' keys kept as aliases."""
    out: dict[tuple[DutyKind, dt.date], _Event] = {}
    for kind, day, key, what in items:
        found = out.get((kind, day))
        if found is None:
            out[(kind, day)] = _Event(kind, day, key, what=what)
        else:
            found.aliases.append(key)
    return list(out.values())


def _derived(view: CaseFileView, logged: list[_Event]) -> list[_Event]:
    """The key events that the charges, bail records and hearings show but the log does not.

    * A **charge** (its ``charged_on``) and its **outcome** (``outcome_date``; no further action
      is its own kind) are the log's "charged" or "outcome" entry of the same kind dated within
      MATCH_DAYS. Charges on one day are one event.
    * A **bail record** (decided, with a ``from_date``) is a bail or remand decision, a release
      under investigation, or, after an earlier record for the same suspect, a change to bail;
      it is the log's entry of that kind (bail and a change to bail count as one kind) within
      MATCH_DAYS.
    * A **hearing** is a court date (an appeal hearing: an appeal). The victim is told of it
      when it is recorded in hcdesk, and by the hearing at the latest: its day is the earlier of
      the two. The log's "court date set" entries stand for hearings: first an entry whose notes
      name the hearing's date (14/06/2025, 2025-06-14, 14 Jun 2025), then the others, in date
      order, each for the earliest hearing on or after it that none stands for yet.

    What the log holds is never counted twice: a record matched to an entry adds its key to
    the entry's duty (a record of what was done may name either).
    """
    found: list[_Event] = []
    charged = _grouped(
        (
            DutyKind.INFORM_CHARGE,
            c.charged_on,
            f"charge:{c.id}",
            f"Tell the victim of the charge (charged {format_date(c.charged_on)})",
        )
        for c in view.charges
        if c.charged_on is not None
    )
    outcomes = []
    for c in view.charges:
        if c.outcome == ChargeOutcome.PENDING or c.outcome_date is None:
            continue
        nfa = c.outcome == ChargeOutcome.NFA
        kind = DutyKind.INFORM_NFA if nfa else DutyKind.INFORM_OUTCOME
        thing, verb = _TOLD_OF[kind]
        outcomes.append(
            (
                kind,
                c.outcome_date,
                f"charge:{c.id}:outcome",
                f"Tell the victim of {thing} ({verb} {format_date(c.outcome_date)})",
            )
        )
    bail = []
    seen: set[str | None] = set()
    for b in sorted(view.bail, key=lambda b: (b.from_date or dt.date.min, b.created_at)):
        if b.proposed or b.from_date is None:
            continue
        if b.person_id in seen:
            kind = DutyKind.INFORM_BAIL_CHANGE
        elif b.status == BailStatus.RELEASED_UNDER_INVESTIGATION:
            kind = DutyKind.INFORM_RUI
        else:
            kind = DutyKind.INFORM_BAIL
        seen.add(b.person_id)
        thing, verb = _TOLD_OF[kind]
        bail.append(
            (
                kind,
                b.from_date,
                f"bail_record:{b.id}",
                f"Tell the victim of {thing} ({humanise(str(b.status)).lower()} from "
                f"{format_date(b.from_date)})",
            )
        )
    for candidate in [*charged, *_grouped(outcomes), *_grouped(bail)]:
        entry = _covered(candidate, logged)
        if entry is None:
            found.append(candidate)
        else:
            entry.aliases += [candidate.key, *candidate.aliases]
    found += _hearings(view, logged)
    return found


def _hearings(view: CaseFileView, logged: list[_Event]) -> list[_Event]:
    """The hearings no "court date set" (or appeal) entry of the log stands for (see
    :func:`_derived`)."""
    groups: dict[tuple[DutyKind, dt.date], list[ListingRecord]] = {}
    for listing in sorted(view.listings, key=lambda x: (x.listed_for, x.created_at)):
        kind = (
            DutyKind.INFORM_APPEAL
            if listing.hearing_type == HearingType.APPEAL
            else DutyKind.INFORM_COURT_DATE
        )
        groups.setdefault((kind, listing.listed_for), []).append(listing)
    open_groups = dict(groups)
    entries = sorted(
        (e for e in logged if e.kind in (DutyKind.INFORM_COURT_DATE, DutyKind.INFORM_APPEAL)),
        key=lambda e: e.day,
    )
    unused = []
    for entry in entries:  # first, the entries whose notes name a hearing's date
        named = next(
            (
                g
                for g in open_groups
                if g[0] == entry.kind and any(t in entry.notes for t in _date_texts(g[1]))
            ),
            None,
        )
        if named is None:
            unused.append(entry)
            continue
        entry.aliases += [f"court_listing:{x.id}" for x in open_groups.pop(named)]
    for entry in unused:  # then the others, in order
        later = next((g for g in open_groups if g[0] == entry.kind and g[1] >= entry.day), None)
        if later is not None:
            entry.aliases += [f"court_listing:{x.id}" for x in open_groups.pop(later)]
    out = []
    for (kind, hearing), listings in open_groups.items():
        first = listings[0]
        day = min(_local_day(first.created_at), hearing)
        what = humanise(str(first.hearing_type)).lower()
        thing, _verb = _TOLD_OF[kind]
        out.append(
            _Event(
                kind,
                day,
                f"court_listing:{first.id}",
                what=f"Tell the victim of {thing} ({what} at {first.court} on "
                f"{format_date(hearing)})",
                aliases=[f"court_listing:{x.id}" for x in listings[1:]],
            )
        )
    return out


# -- the queue ---------------------------------------------------------------------------------
def _records_by_key(view: CaseFileView) -> dict[str, DutyRecordRecord]:
    """The latest record of each duty key."""
    latest: dict[str, DutyRecordRecord] = {}
    for rec in sorted(view.duty_records, key=lambda r: (r.recorded_at, r.created_at)):
        latest[rec.duty_key] = rec
    return latest


def _status(due: dt.date, today: dt.date, done: dt.date | None, breach: str | None) -> DutyStatus:
    if breach:
        return DutyStatus.BREACHED
    if done is not None:
        return DutyStatus.MET if done <= due else DutyStatus.BREACHED
    return DutyStatus.OVERDUE if is_past(due, today) else DutyStatus.DUE


@dataclass
class _Builder:
    view: CaseFileView
    today: dt.date
    records: dict[str, DutyRecordRecord]
    owner: str | None
    out: list[Duty] = field(default_factory=list)
    origins: dict[str, dt.date] = field(default_factory=dict)  # key -> the day the duty arose

    def add(
        self,
        key: str,
        kind: DutyKind,
        due: dt.date,
        what: str,
        *,
        done: dt.date | None = None,
        aliases: Sequence[str] = (),
        owner: str | None = None,
        since: dt.date | None = None,
    ) -> None:
        recs = [self.records[k] for k in (key, *aliases) if k in self.records]
        rec = max(recs, key=lambda r: (r.recorded_at, r.created_at), default=None)
        breach = None
        if rec is not None:
            done = rec.victim_told_on or done
            breach = rec.breach_reason or None
        case = self.view.case
        self.out.append(
            Duty(
                case_id=self.view.case_id,
                reference=self.view.reference,
                key=key,
                kind=kind,
                due=due,
                status=_status(due, self.today, done, breach),
                owner=owner if owner is not None else self.owner,
                team=case.team,
                section=SECTIONS[kind],
                what=what,
                met_on=done,
                breach_reason=breach,
            )
        )
        if since is not None:
            self.origins[key] = since


def _build(view: CaseFileView, today: dt.date) -> _Builder:
    case = view.case
    b = _Builder(view, today, _records_by_key(view), case.liaison_officer or case.oic or None)
    if case.voided_at is not None:
        return b
    victim = view.victim()
    crime = case.record_type == RecordType.HATE_CRIME
    events: list[_Event] = []
    if victim is not None:
        logged = _logged(view)
        events = logged + (_derived(view, logged) if crime else [])
        for e in sorted(events, key=lambda e: (e.day, e.key)):
            due = deadline(e.day, is_enhanced(view, e.day))
            b.add(e.key, e.kind, due, e.what, done=e.told, aliases=e.aliases, since=e.day)
    if victim is not None and crime:
        _assessments(b, events)
        _vps(b, events)
    _support(b)
    _contacts(b)
    if case.next_review_date is not None:
        b.add(
            f"case_file:{view.case_id}:review:{case.next_review_date.isoformat()}",
            DutyKind.CASE_REVIEW,
            case.next_review_date,
            f"Review the case (review date {format_date(case.next_review_date)})",
            owner=case.oic or case.liaison_officer or None,
        )
    return b


def _assessments(b: _Builder, events: list[_Event]) -> None:
    """The first needs assessment, then a review after each change in circumstances."""
    view = b.view
    reported = view.case.reported_date or offence_date(view) or _local_day(view.case.created_at)
    offered = [a.assessed_on for a in view.assessments] + [
        e.event_date
        for e in view.code_events
        if e.event == VictimsCodeEventKind.NEEDS_ASSESSMENT_OFFERED
    ]
    b.add(
        f"case_file:{view.case_id}:assessment",
        DutyKind.NEEDS_REVIEW,
        workdays.add_working_days(reported, ASSESSMENT_DAYS),
        f"Offer the victim a needs assessment (reported {format_date(reported)})",
        done=min(offered, default=None),
        since=reported,
    )
    if not view.assessments:
        return
    latest = max(view.assessments, key=lambda a: (a.assessed_on, a.created_at))
    change = min(
        (e for e in events if e.kind in REASSESS_AFTER and e.day > latest.assessed_on),
        key=lambda e: e.day,
        default=None,
    )
    if change is None:
        return
    thing, _verb = _TOLD_OF[change.kind]
    b.add(
        f"needs_assessment:{latest.id}",
        DutyKind.NEEDS_REVIEW,
        workdays.add_working_days(change.day, REASSESS_DAYS),
        f"Review the needs assessment of {format_date(latest.assessed_on)} after {thing} "
        f"on {format_date(change.day)}",
        since=change.day,
    )


def _vps(b: _Builder, events: list[_Event]) -> None:
    """A hate crime's Victim Personal Statement: offered by the time the victim is told of the
    first charge."""
    view = b.view
    charge = min(
        (e for e in events if e.kind == DutyKind.INFORM_CHARGE), key=lambda e: e.day, default=None
    )
    if charge is None:
        return
    offers = [e.event_date for e in view.code_events if e.event == VictimsCodeEventKind.VPS_OFFERED]
    # A statement offered, made, declined or updated was offered: on the day it was taken when
    # that is recorded (an offer with no date and no log entry counts from the charge).
    for statement in view.statements:
        if statement.status != VPSStatus.NOT_YET_OFFERED:
            offers.append(statement.taken_on or charge.day)
    offered = min(offers, default=None)
    b.add(
        f"case_file:{view.case_id}:vps",
        DutyKind.VPS_OFFER,
        deadline(charge.day, is_enhanced(view, charge.day)),
        f"Offer the victim a Victim Personal Statement (charged {format_date(charge.day)})",
        done=offered,
        owner=view.case.oic or b.owner,
        since=charge.day,
    )


def _support(b: _Builder) -> None:
    view = b.view
    for plan in view.plans:
        if plan.review_date is None or plan.closure_reason:
            continue
        b.add(
            f"support_plan:{plan.id}:{plan.review_date.isoformat()}",
            DutyKind.PLAN_REVIEW,
            plan.review_date,
            f"Review the support plan (review date {format_date(plan.review_date)})",
        )
    for action in view.actions:
        if action.status != ActionStatus.OPEN or action.due_date is None:
            continue
        b.add(
            f"support_action:{action.id}",
            DutyKind.ACTION_DUE,
            action.due_date,
            f"Support action due ({humanise(str(action.need_area)).lower()})",
            owner=action.owner or None,
        )
    for ref in view.referrals:
        if ref.outcome != ReferralOutcome.PENDING:
            continue
        agency = ref.agency_other or humanise(str(ref.agency))
        b.add(
            f"referral:{ref.id}",
            DutyKind.REFERRAL_FOLLOW_UP,
            workdays.add_working_days(ref.referred_on, REFERRAL_FOLLOW_UP_DAYS),
            f"Follow up the referral to {agency} (referred {format_date(ref.referred_on)})",
            since=ref.referred_on,
        )


def _contacts(b: _Builder) -> None:
    for pc in b.view.planned_contacts:
        if pc.done:
            continue
        local = local_time(pc.planned_for)
        b.add(
            f"planned_contact:{pc.id}",
            DutyKind.PLANNED_CONTACT,
            local.date(),
            f"Planned contact by {humanise(str(pc.channel)).lower()} at {local:%H:%M}",
            owner=pc.owner or None,
        )


_STATUS_ORDER = {
    DutyStatus.OVERDUE: 0,
    DutyStatus.DUE: 1,
    DutyStatus.BREACHED: 2,
    DutyStatus.MET: 3,
}


def sort_key(duty: Duty) -> tuple[int, dt.date, str, str]:
    """Overdue first, then due, then breached and met; each by due date."""
    return (_STATUS_ORDER[duty.status], duty.due, duty.reference, duty.key)


def case_duties(view: CaseFileView, today: dt.date) -> list[Duty]:
    """Every duty of the case as of ``today``, met ones included, overdue first (see
    :func:`sort_key`). A voided case has none."""
    return sorted(_build(view, today).out, key=sort_key)


def event_days(view: CaseFileView, today: dt.date) -> dict[str, dt.date]:
    """The day each duty of :func:`case_duties` arose (an event's day, a report, a referral),
    by its key; duties that arise on their due date (reviews, actions, contacts) are left out."""
    return dict(_build(view, today).origins)


def is_open(duty: Duty) -> bool:
    """Still to be done: due or overdue."""
    return duty.status in (DutyStatus.DUE, DutyStatus.OVERDUE)


def calendar_warning(duties: Iterable[Duty], today: dt.date) -> str | None:
    """The calendar's warning (:func:`hcdesk.casework.workdays.calendar_warning`) for a list
    of duties shown on ``today``."""
    return workdays.calendar_warning(today, *(d.due for d in duties))


# -- MoJ Victims' Code compliance measures -------------------------------------------------------
MEASURE_LABELS = {
    "acknowledgement": "Acknowledgement: needs assessment offered",
    "referral": "Referral to support: referral made or needs assessment offered in the period",
    "timely_updates": "Timely updates: key events told on time",
    "vps_offered": "Victim Personal Statement offered",
}


@dataclass(frozen=True)
class Measure:
    name: str
    numerator: int
    denominator: int

    @property
    def label(self) -> str:
        return MEASURE_LABELS[self.name]

    @property
    def share(self) -> float | None:
        """numerator / denominator, or None when there is nothing to measure."""
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class ComplianceMeasures:
    period: tuple[dt.date, dt.date]
    acknowledgement: Measure
    referral: Measure
    timely_updates: Measure
    vps_offered: Measure

    def measures(self) -> tuple[Measure, ...]:
        return (self.acknowledgement, self.referral, self.timely_updates, self.vps_offered)


def counts_for_compliance(view: CaseFileView) -> bool:
    """Whether a case is one the MoJ compliance measures count: a hate crime with a victim,
    not voided."""
    case = view.case
    if case.voided_at is not None or case.record_type != RecordType.HATE_CRIME:
        return False
    return view.victim() is not None


def report_day(view: CaseFileView) -> dt.date | None:
    """The day the compliance measures count a case as reported: the date reported, else the
    day of the offence."""
    return view.case.reported_date or offence_date(view)


def offer_days(view: CaseFileView) -> list[dt.date]:
    """Each day the victim was offered a needs assessment (or had one)."""
    return [a.assessed_on for a in view.assessments] + [
        e.event_date
        for e in view.code_events
        if e.event == VictimsCodeEventKind.NEEDS_ASSESSMENT_OFFERED
    ]


def referral_days(view: CaseFileView) -> list[dt.date]:
    """Each day the victim was referred to support."""
    return [r.referred_on for r in view.referrals]


def compliance_duties(view: CaseFileView, on: dt.date) -> list[Duty]:
    """The duties the compliance measures count, as they stand on ``on``: the duties to tell
    the victim of a key event, and the Victim Personal Statement offers."""
    return [
        d
        for d in _build(view, on).out
        if d.kind in INFORM_KINDS or d.kind == DutyKind.VPS_OFFER
    ]


def compliance(
    views: Iterable[CaseFileView], period: tuple[dt.date, dt.date]
) -> ComplianceMeasures:
    """The MoJ Victims' Code compliance measures for the hate crimes of ``views`` (voided cases
    and other record types left out), over ``period`` (first and last day, inclusive):

    * **acknowledgement**: victims reported in the period who were offered a needs assessment
      (by the end of the period), of those reported in the period;
    * **referral**: victims reported in the period referred to support or offered a needs
      assessment within the period, of those reported in the period;
    * **timely_updates**: duties to tell the victim of a key event falling due in the period
      that were met on time, of all those falling due in it;
    * **vps_offered**: Victim Personal Statement offers falling due in the period that were
      made (on time or late), of all those falling due in it.

    Duties are counted as they stood the day after the period (so every one falling due in it
    has passed its deadline)."""
    first, last = period
    if last < first:
        raise DutyRefused("The period ends before it starts; give the first day, then the last.")
    after = last + dt.timedelta(days=1)
    ack = ref = reported = 0
    timely = timely_of = vps = vps_of = 0
    for view in views:
        if not counts_for_compliance(view):
            continue
        report = report_day(view)
        if report is not None and first <= report <= last:
            reported += 1
            offers = offer_days(view)
            if any(d <= last for d in offers):
                ack += 1
            if any(first <= d <= last for d in offers + referral_days(view)):
                ref += 1
        for duty in compliance_duties(view, after):
            if not first <= duty.due <= last:
                continue
            if duty.kind in INFORM_KINDS:
                timely_of += 1
                timely += duty.status == DutyStatus.MET
            else:  # a Victim Personal Statement offer
                vps_of += 1
                vps += duty.met_on is not None
    return ComplianceMeasures(
        period,
        Measure("acknowledgement", ack, reported),
        Measure("referral", ref, reported),
        Measure("timely_updates", timely, timely_of),
        Measure("vps_offered", vps, vps_of),
    )


# -- recording what was done -----------------------------------------------------------------------
RECORDED = "Victims' Code duty recorded"
STATUS_CHANGED = "Victims' Code status changed"


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


def find_duty(view: CaseFileView, key: str, today: dt.date) -> tuple[Duty, dt.date | None]:
    """The duty of the case named by ``key`` (or by the key of a record it stands for), and
    the day it arose; :class:`~hcdesk.errors.NotFound` when the case has no such duty."""
    if view.case.voided_at is not None:
        raise NotFound(f"Case {view.reference} was voided; it has no duties.")
    built = _build(view, today)
    wanted = key.strip()
    for duty in built.out:
        if duty.key == wanted:
            return duty, built.origins.get(duty.key)
    # A record's key that an event of the log stands for (a hearing, a charge, a bail record).
    logged = _logged(view)
    _derived(view, logged)
    for e in logged:
        if wanted in e.aliases:
            return find_duty(view, e.key, today)
    raise NotFound(
        f"Case {view.reference} has no duty {wanted}; list its duties with "
        f"'hcdesk due --case {view.reference}' and copy the key."
    )


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def record_told(
    store: Store,
    case_id: str,
    key: str,
    told_on: dt.date,
    by: str,
    notes: str | None = None,
    *,
    today: dt.date | None = None,
) -> Duty:
    """Record that the victim was told (or the duty otherwise done) on ``told_on``, as a new
    entry of the duty's log, saved, audited and synced like any other change of the case.
    A breach reason recorded before stays when ``told_on`` is after the deadline. Returns the
    duty as it now stands."""
    now = _today(today)
    if told_on > now:
        raise DutyRefused(
            f"{format_date(told_on)} is still to come; record the day the victim was told."
        )
    with store.transaction(actor=by or None, reason=RECORDED) as s:
        view = read_case_file(s, case_id, consult=False)
        duty, since = find_duty(view, key, now)
        if since is not None and told_on < since:
            raise DutyRefused(
                f"The victim cannot have been told on {format_date(told_on)}, before the "
                f"event on {format_date(since)}; check the date."
            )
        carried = duty.breach_reason if told_on > duty.due else None
        values = {
            "duty_key": duty.key,
            "victim_told_on": told_on,
            "breach_reason": carried,
            "notes": _clean(notes),
            "recorded_by": by,
        }
        save_changes(s, case_id, Changes(new=[("duty_record", values)]))
        view = read_case_file(s, case_id, consult=False)
        return find_duty(view, duty.key, now)[0]


def record_breach(
    store: Store,
    case_id: str,
    key: str,
    reason: str,
    by: str,
    *,
    today: dt.date | None = None,
) -> Duty:
    """Record why the duty's deadline was missed, as a new entry of its log (the day the victim
    was told, if recorded, is kept). Returns the duty as it now stands."""
    why = _clean(reason)
    if why is None:
        raise DutyRefused("Give the reason the deadline was missed; nothing was recorded.")
    now = _today(today)
    with store.transaction(actor=by or None, reason=RECORDED) as s:
        view = read_case_file(s, case_id, consult=False)
        duty, _since = find_duty(view, key, now)
        values = {
            "duty_key": duty.key,
            "victim_told_on": duty.met_on,
            "breach_reason": why,
            "recorded_by": by,
        }
        save_changes(s, case_id, Changes(new=[("duty_record", values)]))
        view = read_case_file(s, case_id, consult=False)
        return find_duty(view, duty.key, now)[0]


def _enhanced(status: VictimsCodeStatus | str) -> VictimsCodeStatus:
    try:
        chosen = VictimsCodeStatus(str(status).strip().upper())
    except ValueError:
        names = ", ".join(s.value for s in VictimsCodeStatus if s != VictimsCodeStatus.STANDARD)
        raise DutyRefused(f"Choose one of the enhanced statuses: {names}.") from None
    if chosen == VictimsCodeStatus.STANDARD:
        raise DutyRefused("Standard rights are not an enhanced status; choose an enhanced one.")
    return chosen


def add_status(
    store: Store,
    case_id: str,
    status: VictimsCodeStatus | str,
    reason: str,
    by: str,
    *,
    today: dt.date | None = None,
) -> list[StatusEntry]:
    """Add an enhanced status for the victim, with the reason, as a new entry of the case's
    status log (saved, audited and synced). Refused for a status the victim already has.
    Returns the statuses now in force."""
    chosen = _enhanced(status)
    why = _clean(reason)
    if why is None:
        raise DutyRefused("Give the reason for the status; it is shown with it.")
    now = _today(today)
    with store.transaction(actor=by or None, reason=STATUS_CHANGED) as s:
        view = read_case_file(s, case_id, consult=False)
        if view.victim() is None:
            raise DutyRefused("Record the victim first; a status is the victim's.")
        held = [e for e in enhanced_statuses(view, now) if e.status == chosen]
        if held:
            raise DutyRefused(
                f"The victim already has the status {status_label(chosen)} ({held[0].text})."
            )
        values = {"status": chosen, "reason": why, "withdrawn": False, "recorded_by": by}
        save_changes(s, case_id, Changes(new=[("enhanced_status_claim", values)]))
        return enhanced_statuses(read_case_file(s, case_id, consult=False), now)


def cannot_withdraw(entry: StatusEntry) -> str | None:
    """Why ``entry`` cannot be withdrawn (the law gives it), in words for the officer; None for
    a status an officer gave, which can be."""
    if not entry.derived:
        return None
    return (
        f"{status_label(entry.status)} comes from the law ({entry.text}) and cannot be "
        "withdrawn; correct the case itself if that is wrong."
    )


def withdraw_status(
    store: Store,
    case_id: str,
    status: VictimsCodeStatus | str,
    reason: str,
    by: str,
    *,
    today: dt.date | None = None,
) -> list[StatusEntry]:
    """Withdraw a status an officer gave the victim: a new entry of the status log, marked
    withdrawn, with the reason (and the status taken off the victim's record, if it was set
    there). The statuses the law gives (a hate crime, a child) cannot be withdrawn. Returns the
    statuses now in force."""
    chosen = _enhanced(status)
    why = _clean(reason)
    if why is None:
        raise DutyRefused("Give the reason for withdrawing the status; it is recorded.")
    now = _today(today)
    with store.transaction(actor=by or None, reason=STATUS_CHANGED) as s:
        view = read_case_file(s, case_id, consult=False)
        held = [e for e in enhanced_statuses(view, now) if e.status == chosen]
        given = [e for e in held if not e.derived]
        if not given:
            if held:
                raise DutyRefused(cannot_withdraw(held[0]))
            raise DutyRefused(f"The victim does not have the status {status_label(chosen)}.")
        changes = Changes()
        if any(e.claim_id for e in given):
            changes.new.append(
                (
                    "enhanced_status_claim",
                    {"status": chosen, "reason": why, "withdrawn": True, "recorded_by": by},
                )
            )
        victim = view.victim()
        if victim is not None and chosen in victim.victims_code_statuses:
            kept = [x for x in victim.victims_code_statuses if x != chosen]
            changes.updates.append(("person", victim.id, {"victims_code_statuses": kept}))
            if not changes.new:  # the log says why, even when only the record held it
                changes.new.append(
                    (
                        "enhanced_status_claim",
                        {"status": chosen, "reason": why, "withdrawn": True, "recorded_by": by},
                    )
                )
        save_changes(s, case_id, changes)
        return enhanced_statuses(read_case_file(s, case_id, consult=False), now)


# -- every case of a store ---------------------------------------------------------------------
_CHUNK = 200  # cases read per statement (SQLite allows 32,766 bound values)


def live_case_views(session: Session) -> Iterator[CaseFileView]:
    """Every live case of the store as a :class:`CaseFileView` without its history, read a few
    hundred at a time and not recorded as a consultation: for lists worked out from the cases
    (``hcdesk due``), never for showing a case to a person. (The same reading as
    ``casefile.case_file_views`` of the My work branch; one of the two goes when both are in.)"""
    ids = list(
        session.scalars(
            sa.select(CaseFile.id).where(CaseFile.deleted.is_(False)).order_by(CaseFile.id)
        )
    )
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        cases = {c["id"]: c for c in _rows(session, CaseFile, chunk, "id")}
        records: dict[str, dict[str, list[dict[str, Any]]]] = {cid: {} for cid in cases}
        for name, model in MODELS.items():
            if model is CaseFile:
                continue
            for cid in records:
                records[cid][name] = []
            for row in _rows(session, model, chunk, "case_id", ORDER.get(name)):
                records[row.pop("case_id")][name].append(row)
        for cid in chunk:
            case = cases.get(cid)
            if case is not None:
                ref = case["urn"] or case["local_ref"]
                yield case_file_view(CaseSnapshot(cid, ref, case, records[cid], []))


def _rows(
    session: Session, model: type[Base], ids: list[str], by: str, order: str | None = None
) -> list[dict[str, Any]]:
    table: sa.Table = model.__table__  # type: ignore[assignment]
    names = [c.key for c in domain_columns(model)] + ["id", "created_at", "created_by"]
    if by == "case_id":
        names.append("case_id")
    stmt = sa.select(*(table.c[n] for n in names)).where(table.c[by].in_(ids))
    if "deleted" in table.c:
        stmt = stmt.where(table.c.deleted.is_(False))
    stmt = stmt.order_by(table.c[order or "created_at"], table.c.created_at)
    return [dict(r._mapping) for r in session.execute(stmt)]
