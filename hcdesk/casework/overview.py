"""A case's first page: who, what, the legal route, the latest wishes in the victim's words,
the open actions, the next duty, the other cases linked to it, and a timeline of what happened.

:func:`overview_model` works the page out from the case file, Qt-free, so the desktop only
lays it out (hcdesk.ui.overview) and the rules are tested here. The timeline rule: contacts
(when they happened), wishes (when they were recorded), Victims' Code events (their date) and
support actions (when they were added to the store), newest first; an entry with a date and no time
counts as the start of its day, so on the same day the timed entries come first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from hcdesk.casework import duties, legal, repeats
from hcdesk.casework.fields import format_date
from hcdesk.casework.mywork import status_words
from hcdesk.casework.overdue import is_overdue
from hcdesk.casework.records import CaseFileView
from hcdesk.casework.sections import section_of
from hcdesk.models.enums import (
    ActionStatus,
    LegalRoute,
)
from hcdesk.models.labels import label

CONTACT, WISH, EVENT, ACTION = "contact", "wish", "event", "action"
KIND_LABELS = {
    CONTACT: "Contact",
    WISH: "Wishes",
    EVENT: "Victims' Code",
    ACTION: "Action added",
}
NO_VICTIM = "No victim is recorded yet."
NO_CHARGE = "No charge yet."
NO_WISHES = "No wishes are recorded yet. Ask the victim what they want, in their own words."
NO_ACTIONS = "No open actions."
NO_DUTY = "Nothing is due on this case."
NO_TIMELINE = "Nothing has happened on this case yet."
NO_LINKS = "No other case shares this case's victim, a suspect or its place."
LINKS_LOADING = "Looking for other cases that share the victim, a suspect or the place…"
LINKS_DRAFT = "Linked cases are looked for once this case is saved."
LINKS_FAILED = "The linked cases could not be looked up: %1"
LINKS_NOTE = (
    "A link is a pattern to look at, not a finding: two people can share a name and a "
    "birthday. Press Enter on a case to open it."
)


def format_when(value: dt.datetime | dt.date | None) -> str:
    """dd/mm/yyyy, with HH:MM in local time for a moment."""
    if isinstance(value, dt.datetime):
        return value.astimezone().strftime("%d/%m/%Y %H:%M")
    return format_date(value)


@dataclass(frozen=True)
class StatusLine:
    """One of the victim's Victims' Code statuses and where it comes from."""

    status: str
    source: str
    reason: str


@dataclass(frozen=True)
class LatestWish:
    words: str  # the victim's words, as recorded
    recorded: str  # dd/mm/yyyy HH:MM
    recorded_by: str
    confirmed: bool  # read back to and confirmed by the victim


@dataclass(frozen=True)
class ActionLine:
    action: str
    owner: str
    due: str  # dd/mm/yyyy or ""
    overdue: bool
    status_label: str  # in words


@dataclass(frozen=True)
class NextDuty:
    what: str
    kind_label: str
    due: str  # dd/mm/yyyy
    status_label: str  # in words: "Overdue by 2 days", "Due today"
    section: str


@dataclass(frozen=True)
class TimelineEntry:
    when: dt.datetime | dt.date
    when_text: str
    kind: str  # CONTACT, WISH, EVENT or ACTION
    kind_label: str
    text: str
    section: str  # where the record is in the case file


@dataclass(frozen=True)
class LinkLine:
    """Another case linked to this one (hcdesk.casework.repeats.Link), as the Overview lists
    it."""

    case_id: str
    reference: str
    what: str  # the other case's record type and incident date: "Hate crime, 02/03/2025"
    reason: str  # "Same victim: Leyla Demir, born 01/04/1990"
    masked_reason: str  # "Same victim: Leyla Demir, same date of birth"


def link_lines(links: Sequence[repeats.Link]) -> tuple[LinkLine, ...]:
    """The Overview's lines for the links of a case, in their order."""
    return tuple(
        LinkLine(
            link.case_id,
            link.reference,
            ", ".join(x for x in (label(link.record_type), format_date(link.incident_date)) if x),
            link.reason,
            link.masked_reason,
        )
        for link in links
    )


@dataclass(frozen=True)
class Overview:
    case_id: str
    reference: str
    voided: str | None  # why the case was voided, if it was
    victim: str  # the victim's name, or NO_VICTIM
    role: str
    statuses: tuple[StatusLine, ...]
    record_type: str
    strands: tuple[str, ...]
    incident_date: str
    place: str
    routes: tuple[str, ...]  # one line per charge, or NO_CHARGE
    wish: LatestWish | None
    actions: tuple[ActionLine, ...]
    next_duty: NextDuty | None
    timeline: tuple[TimelineEntry, ...]
    # The other cases linked to this one; None until they are looked up (off the screen's
    # thread, after the case: hcdesk.ui.operations.linked_cases).
    links: tuple[LinkLine, ...] | None = None


def _sort_key(when: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(when, dt.datetime):
        return when.astimezone()
    return dt.datetime.combine(when, dt.time.min).astimezone()


def timeline(view: CaseFileView) -> list[TimelineEntry]:
    """The case's contacts, wishes, Victims' Code events and actions, newest first."""
    out: list[TimelineEntry] = []

    def add(when: dt.datetime | dt.date, kind: str, text: str, table: str) -> None:
        out.append(
            TimelineEntry(when, format_when(when), kind, KIND_LABELS[kind], text, section_of(table))
        )

    for c in view.contacts:
        how = f"{label(c.channel)}, {label(c.direction).lower()}"
        add(c.occurred_at, CONTACT, f"{how}: {c.summary}", "contact_log")
    for w in view.wishes:
        add(w.recorded_at, WISH, w.victim_words, "victim_wish")
    for e in view.code_events:
        text = label(e.event)
        if e.victim_told_on is not None:
            text += f"; victim told on {format_date(e.victim_told_on)}"
        if e.notes:
            text += f". {e.notes}"
        add(e.event_date, EVENT, text, "victims_code_event")
    for a in view.actions:
        due = f", due {format_date(a.due_date)}" if a.due_date else ""
        add(
            a.created_at,
            ACTION,
            f"{a.action} ({a.owner}{due}; {label(a.status).lower()})",
            "support_action",
        )
    out.sort(key=lambda t: _sort_key(t.when), reverse=True)
    return out


def _routes(view: CaseFileView) -> tuple[str, ...]:
    lines = []
    for charge in view.charges:
        route = legal.route_of(charge)
        offence = charge.offence.strip() or "Charge"
        if route is None:
            by_strands = {r.route for r in legal.charge_routes(view.case, charge)}
            if by_strands == {legal.Route.S66}:
                uplift = legal.ROUTE_LABELS[LegalRoute.SA2020_S66_UPLIFT]
                lines.append(f"{offence}: {uplift} (from the strands; not recorded on the charge)")
            elif not by_strands and view.case.local_strands:
                lines.append(f"{offence}: no statutory aggravation (the strand is a local one)")
            else:
                lines.append(f"{offence}: route not recorded on the charge")
            continue
        line = f"{offence}: {label(route)}"
        basic = legal.underlying_offence(charge)
        if basic is not None:
            line += f", basic offence {legal.UNDERLYING_LABELS[basic]}"
        lines.append(line)
    return tuple(lines) or (NO_CHARGE,)


def next_duty(view: CaseFileView, today: dt.date) -> NextDuty | None:
    """The open duty due first (the one overdue longest, if any is)."""
    open_ = [d for d in duties.case_duties(view, today) if duties.is_open(d)]
    if not open_:
        return None
    d = min(open_, key=lambda d: (d.due, d.key))
    return NextDuty(
        what=d.what,
        kind_label=duties.LABELS[d.kind],
        due=format_date(d.due),
        status_label=status_words(d.due, today),
        section=d.section,
    )


def overview_model(
    view: CaseFileView, today: dt.date, links: Sequence[repeats.Link] | None = None
) -> Overview:
    case = view.case
    victim = view.victim()
    statuses = tuple(
        StatusLine(duties.status_label(status), "; ".join(e.text for e in group), "")
        for status, group in duties.grouped(duties.enhanced_statuses(view, today))
    )
    latest = max(view.wishes, key=lambda w: w.recorded_at, default=None)
    wish = (
        LatestWish(
            latest.victim_words,
            format_when(latest.recorded_at),
            latest.recorded_by,
            latest.confirmed_with_victim,
        )
        if latest is not None
        else None
    )
    actions = tuple(
        ActionLine(
            a.action,
            a.owner,
            format_date(a.due_date),
            is_overdue(a, today),
            status_words(a.due_date, today) if a.due_date else "No due date",
        )
        for a in sorted(
            (a for a in view.actions if a.status == ActionStatus.OPEN),
            key=lambda a: (a.due_date or dt.date.max, a.order_key),
        )
    )
    return Overview(
        case_id=view.case_id,
        reference=view.reference,
        voided=case.voided_reason if case.voided_at is not None else None,
        victim=victim.name if victim is not None else NO_VICTIM,
        role=label(victim.role) if victim is not None else "",
        statuses=statuses,
        record_type=label(case.record_type),
        strands=tuple(label(s) for s in [*case.monitored_strands, *case.local_strands]),
        incident_date=format_date(case.incident_date),
        place=case.place or "",
        routes=_routes(view),
        wish=wish,
        actions=actions,
        next_duty=next_duty(view, today),
        timeline=tuple(timeline(view)),
        links=None if links is None else link_lines(links),
    )
