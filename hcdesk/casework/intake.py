"""Third-party reporting intake (docs/third-party-reports.md): reports from reporting centres
come into a local queue, never straight into cases; an officer triages each one.

* :func:`check_file` checks a file of reports (JSON or CSV) and lists every problem with its
  path; :func:`import_reports` adds a checked file to the queue, all of it or none of it. A
  report already in the queue (the same centre and reference) is not added again, and the
  result says so.
* :func:`likely_duplicates` finds live cases that may be about the same incident: the same
  victim or place within :data:`WINDOW_DAYS` of the incident, with the reasons in words.
* :func:`triage` records the officer's decision: a new case (a draft made through
  :mod:`hcdesk.casework.cases`, prefilled from the report), a link to an existing case, or no
  case (with the reason). Every write is in the audit trail.
* :func:`export_outcomes` writes a centre its reports' outcomes by its own references, with no
  case content and no names.

Plain Python, no Qt: the command line uses it today, the desktop's queue will. Every word a
person reads is here or in :mod:`hcdesk.models.labels`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk import fileio
from hcdesk.casework.casefile import Changes
from hcdesk.casework.cases import create_case, draft_case, find_case, is_voided, live_cases
from hcdesk.casework.contact_safety import uk_time
from hcdesk.errors import NotFound, UsageError
from hcdesk.interchange import thirdparty
from hcdesk.interchange.thirdparty import CheckedReports, centre_key, centre_label
from hcdesk.models import labels
from hcdesk.models.base import utcnow
from hcdesk.models.case import CaseFile, Person
from hcdesk.models.enums import (
    AuditOperation,
    PerceivedBy,
    PersonRole,
    RecordType,
    ReporterRole,
    ReportingCentre,
    TriageOutcome,
)
from hcdesk.models.intake import ThirdPartyReport
from hcdesk.store import audit

ENTITY = ThirdPartyReport.__tablename__
WINDOW_DAYS = 7
"""How far apart two incidents may be, in days, and still be flagged as perhaps the same."""
QUEUE_PREFIX = "TPR-"
"""How the queue numbers a report: TPR-12 (``hcdesk triage TPR-12``)."""
NEEDS_REASON = frozenset({TriageOutcome.RECORD_ONLY, TriageOutcome.NOT_HATE_INCIDENT})
REASON_LIMIT = 2_000

# The perception a case opened from a report records: who perceived the hostility, and that a
# third-party reporting centre passed it on.
_PERCEIVED = {
    ReporterRole.VICTIM: PerceivedBy.VICTIM,
    ReporterRole.WITNESS: PerceivedBy.WITNESS,
    ReporterRole.THIRD_PARTY: PerceivedBy.OTHER,
}


# -- the messages a person reads -------------------------------------------------------------------
def queue_ref(report: ThirdPartyReport | QueueItem) -> str:
    """The report's number in the queue, as a person types it: TPR-12."""
    return f"{QUEUE_PREFIX}{report.queue_no}"


def days_apart_text(days: int | None) -> str:
    if days is None:
        return "incident dates overlap"
    if days == 0:
        return "incident on the same day"
    return f"incident {days} day{'s' if days != 1 else ''} apart"


REASON_NEEDED = "Give the reason with the outcome “{outcome}”; it is kept with the report."
CASE_NEEDED = "Give the case the report is linked to (its URN or local reference)."
CASE_NOT_WANTED = "A case is given only when the report is linked to one; nothing was changed."
ALREADY_TRIAGED = "{ref} was triaged already ({outcome}, {when}); nothing was changed."
VOIDED_CASE = "Case {ref} was voided; link the report to a live case. Nothing was changed."
NO_REPORT = "No report {ref} is in the intake queue of this profile."
GIVE_REPORT = "Give the report's number in the queue, for example TPR-12."
REASON_TOO_LONG = f"Keep the reason to {REASON_LIMIT:,} characters or fewer; nothing was changed."
NAME_FOR_OTHER = "Give the centre's name for another centre (OTHER)."


class AlreadyTriaged(UsageError):
    default_message = "That report was triaged already; nothing was changed."


# -- reading a file --------------------------------------------------------------------------------
def check_file(path: Path) -> CheckedReports:
    """Check a file of reports on its own, writing nothing. Raises
    :class:`~hcdesk.errors.ValidationFailed` with every problem and its path
    (``reports[3].postcode_area: "CV34 4AB" is a full postcode; ...``)."""
    return thirdparty.read_reports(Path(path))


@dataclass(frozen=True)
class Candidate:
    """A live case that may be about the same incident as a report, and why."""

    case_id: str
    reference: str
    reasons: tuple[str, ...]

    @property
    def why(self) -> str:
        """The reasons in words: "same victim name, Leyla Demir; incident 2 days apart"."""
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class QueueItem:
    """One report as the queue lists it (no contact details)."""

    id: str
    queue_no: int
    centre: str
    centre_reference: str
    received_at: dt.datetime
    strands: str
    location: str
    incident_date: dt.date
    anonymous: bool
    outcome: TriageOutcome | None
    outcome_label: str
    case_reference: str | None
    triaged_by: str | None
    triaged_at: dt.datetime | None

    @property
    def ref(self) -> str:
        return queue_ref(self)


@dataclass
class ImportResult:
    """What an import did: the reports it queued, those already in the queue, and for each
    queued report the live cases it may duplicate."""

    added: list[QueueItem] = field(default_factory=list)
    already: list[tuple[str, str, str]] = field(default_factory=list)  # (centre, ref, queued as)
    duplicates: dict[str, list[Candidate]] = field(default_factory=dict)  # report id -> cases

    def already_line(self, centre: str, reference: str, queued_as: str) -> str:
        return f"{centre} {reference} is already in the queue as {queued_as}; not added again."


def import_reports(
    store: Any, path: Path | CheckedReports, by: str, *, reason: str | None = None
) -> ImportResult:
    """Add a file of reports to the intake queue, in one transaction: every report, or none
    if the file has a problem (:class:`~hcdesk.errors.ValidationFailed`, nothing written).
    A report whose centre and reference are in the queue already is left as it is."""
    checked = path if isinstance(path, CheckedReports) else check_file(Path(path))
    result = ImportResult()
    source = checked.path.name[:255]
    why = reason or f"third-party reports imported from {source}"
    with store.transaction(reason=why) as s:
        number = int(s.scalar(sa.select(sa.func.max(ThirdPartyReport.queue_no))) or 0)
        now = utcnow()
        added: list[ThirdPartyReport] = []
        for values in checked.reports:
            key = centre_key(values["centre"], values["centre_name"])
            existing = s.scalar(
                sa.select(ThirdPartyReport).where(
                    ThirdPartyReport.centre_key == key,
                    ThirdPartyReport.centre_reference == values["centre_reference"],
                )
            )
            if existing is not None:
                result.already.append(
                    (
                        centre_label(values["centre"], values["centre_name"]),
                        values["centre_reference"],
                        queue_ref(existing),
                    )
                )
                continue
            number += 1
            report = ThirdPartyReport(
                **values,
                queue_no=number,
                centre_key=key,
                imported_at=now,
                imported_by=by,
                source_file=source,
            )
            s.add(report)
            added.append(report)
        s.flush()
        for report in added:
            audit.record(
                s,
                AuditOperation.COLLECTION,
                entity=ENTITY,
                record_id=report.id,
                details={"centre": str(report.centre), "queue_no": report.queue_no},
            )
            result.duplicates[report.id] = likely_duplicates(s, report)
        result.added = [_item(s, r) for r in added]
    return result


# -- likely duplicates -----------------------------------------------------------------------------
def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _days_apart(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> tuple[int | None, int]:
    """(days apart, or None when two ranges overlap; the distance in days, 0 when they touch)."""
    if a[0] <= b[1] and b[0] <= a[1]:
        same_day = a[0] == a[1] == b[0] == b[1]
        return (0 if same_day else None), 0
    gap = (b[0] - a[1]).days if b[0] > a[1] else (a[0] - b[1]).days
    return gap, gap


def likely_duplicates(
    session: Session, report: ThirdPartyReport, *, window_days: int = WINDOW_DAYS
) -> list[Candidate]:
    """Live cases that may be about the incident of ``report``: within ``window_days`` of its
    dates, and with the same victim (the name, ignoring case and spacing) or the same place
    (the postcode district, or the place in words). Closest first."""
    start = report.incident_date
    end = report.incident_end_date or start
    lo, hi = start - dt.timedelta(days=window_days), end + dt.timedelta(days=window_days)
    case_start = sa.func.coalesce(CaseFile.incident_date, CaseFile.reported_date)
    case_end = sa.func.coalesce(
        CaseFile.incident_end_date, CaseFile.incident_date, CaseFile.reported_date
    )
    with session.no_autoflush:
        cases = list(
            session.scalars(
                sa.select(CaseFile).where(live_cases(), case_start <= hi, case_end >= lo)
            )
        )
        if not cases:
            return []
        victims: dict[str, list[Person]] = {}
        for person in session.scalars(
            sa.select(Person).where(
                Person.case_id.in_([c.id for c in cases]),
                Person.role == PersonRole.VICTIM,
                Person.deleted.is_(False),
            )
        ):
            victims.setdefault(person.case_id, []).append(person)
    name = _norm(report.victim_name)
    district = thirdparty.postcode_district(report.postcode_area)
    place = _norm(report.place)
    found: list[tuple[int, str, Candidate]] = []
    for case in cases:
        reasons: list[str] = []
        people = victims.get(case.id, [])
        same = next((p for p in people if name and _norm(p.name) == name), None)
        if same is not None:
            reasons.append(f"same victim name, {' '.join(same.name.split())}")
        districts = thirdparty.districts_in(case.place)
        districts |= {d for p in people if (d := thirdparty.postcode_district(p.postcode))}
        case_place = _norm(case.place)
        if district and district in districts:
            reasons.append(f"same postcode district, {district}")
        elif place and case_place and (place in case_place or case_place in place):
            reasons.append(f"same place, {' '.join((case.place or '').split())}")
        if not reasons:
            continue
        c_start = case.incident_date or case.reported_date
        assert c_start is not None  # the query asked for one
        c_end = case.incident_end_date or c_start
        days, distance = _days_apart((start, end), (c_start, c_end))
        reasons.append(days_apart_text(days))
        found.append((distance, case.reference, Candidate(case.id, case.reference, tuple(reasons))))
    found.sort(key=lambda t: (t[0], t[1]))
    return [c for _, _, c in found]


# -- the queue -------------------------------------------------------------------------------------
def _strands(report: ThirdPartyReport) -> str:
    return ", ".join(
        [labels.label(m) for m in report.monitored_strands]
        + [labels.label(m) for m in report.local_strands]
    )


def _item(session: Session, report: ThirdPartyReport) -> QueueItem:
    case_ref = None
    if report.case_id:
        case = session.get(CaseFile, report.case_id)
        case_ref = case.reference if case is not None else None
    return QueueItem(
        id=report.id,
        queue_no=report.queue_no,
        centre=centre_label(report.centre, report.centre_name),
        centre_reference=report.centre_reference,
        received_at=report.received_at,
        strands=_strands(report),
        location=labels.label(report.location_type),
        incident_date=report.incident_date,
        anonymous=report.anonymous,
        outcome=report.outcome,
        outcome_label=outcome_label(report.outcome),
        case_reference=case_ref,
        triaged_by=report.triaged_by,
        triaged_at=report.triaged_at,
    )


def outcome_label(outcome: TriageOutcome | None) -> str:
    return labels.label(outcome) if outcome is not None else labels.INTAKE_NOT_TRIAGED


def list_queue(store: Any, *, include_triaged: bool = False) -> list[QueueItem]:
    """The reports of the queue, oldest received first: those awaiting triage, or all."""
    with store.session() as s:
        stmt = sa.select(ThirdPartyReport).order_by(
            ThirdPartyReport.received_at, ThirdPartyReport.queue_no
        )
        if not include_triaged:
            stmt = stmt.where(ThirdPartyReport.outcome.is_(None))
        return [_item(s, r) for r in s.scalars(stmt)]


@dataclass(frozen=True)
class QueueEntry:
    """A report as the desktop's queue shows it to the officer who triages it: the queue's
    line, the account in the centre's words, who reported it and whether they may be
    contacted (never how: the contact details stay in the report), and the live cases it may
    duplicate (for a report still waiting)."""

    item: QueueItem
    account: str
    reporter: str
    contact: str
    outcome_reason: str | None
    candidates: tuple[Candidate, ...]


def contact_line(report: ThirdPartyReport) -> str:
    """Whether the reporter may be contacted, and by what, in words."""
    if report.anonymous:
        return labels.INTAKE_ANONYMOUS
    if not report.consent_to_contact:
        return labels.INTAKE_NO_CONTACT
    if report.preferred_channel is not None:
        return labels.INTAKE_CONTACT_BY.format(channel=labels.label(report.preferred_channel))
    return labels.INTAKE_MAY_CONTACT


def queue_entries(store: Any, *, include_triaged: bool = False) -> list[QueueEntry]:
    """:func:`list_queue` with what the officer needs to decide (:class:`QueueEntry`)."""
    with store.session() as s:
        stmt = sa.select(ThirdPartyReport).order_by(
            ThirdPartyReport.received_at, ThirdPartyReport.queue_no
        )
        if not include_triaged:
            stmt = stmt.where(ThirdPartyReport.outcome.is_(None))
        return [
            QueueEntry(
                item=_item(s, r),
                account=r.what_happened,
                reporter=labels.label(r.reporter_role),
                contact=contact_line(r),
                outcome_reason=r.outcome_reason,
                candidates=tuple(likely_duplicates(s, r)) if r.outcome is None else (),
            )
            for r in s.scalars(stmt)
        ]


def find_report(session: Session, text: str) -> ThirdPartyReport:
    """The report named by its queue number (TPR-12, or 12) or its id."""
    ref = (text or "").strip()
    if not ref:
        raise NotFound(GIVE_REPORT)
    number = re.fullmatch(rf"(?i:{re.escape(QUEUE_PREFIX)})?(\d{{1,9}})", ref)
    if number:
        where: Any = ThirdPartyReport.queue_no == int(number.group(1))
    else:
        where = ThirdPartyReport.id == ref.lower()
    report = session.scalar(sa.select(ThirdPartyReport).where(where))
    if report is None:
        raise NotFound(NO_REPORT.format(ref=ref))
    return report


# -- triage ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TriageResult:
    report: QueueItem
    case_id: str | None
    case_reference: str | None

    @property
    def message(self) -> str:
        """What was done, in a sentence."""
        where = f": case {self.case_reference}" if self.case_reference else ""
        return (
            f"{self.report.ref} ({self.report.centre} {self.report.centre_reference}) "
            f"triaged as {self.report.outcome_label.lower()}{where}."
        )


def triage(
    store: Any,
    report_id: str,
    outcome: TriageOutcome | str,
    by: str,
    reason: str | None = None,
    case_id: str | None = None,
) -> TriageResult:
    """Record the triage of a report, once: a new case opened from it (a draft prefilled from
    the report, through :func:`hcdesk.casework.cases.create_case`), a link to the live case
    ``case_id`` (its id, URN or local reference), or no case, with the reason (required for
    :data:`NEEDS_REASON`). Audited; raises :class:`UsageError` and changes nothing when the
    decision is incomplete or the report was triaged already."""
    chosen = TriageOutcome(outcome)
    text = (reason or "").strip() or None
    if chosen in NEEDS_REASON and not text:
        raise UsageError(REASON_NEEDED.format(outcome=labels.label(chosen)))
    if text and len(text) > REASON_LIMIT:
        raise UsageError(REASON_TOO_LONG)
    case_ref = (case_id or "").strip() or None
    if chosen is TriageOutcome.LINKED_TO_CASE and not case_ref:
        raise UsageError(CASE_NEEDED)
    if chosen is not TriageOutcome.LINKED_TO_CASE and case_ref:
        raise UsageError(CASE_NOT_WANTED)
    why = f"third-party report triaged: {labels.label(chosen).lower()}"
    with store.transaction(reason=why) as s:
        report = find_report(s, report_id)
        if report.outcome is not None:
            when = f"{uk_time(report.triaged_at):%d/%m/%Y}" if report.triaged_at else "earlier"
            raise AlreadyTriaged(
                ALREADY_TRIAGED.format(
                    ref=queue_ref(report), outcome=labels.label(report.outcome), when=when
                )
            )
        case: CaseFile | None = None
        if chosen is TriageOutcome.NEW_CASE:
            case = _open_case(s, report, by)
        elif chosen is TriageOutcome.LINKED_TO_CASE:
            assert case_ref is not None
            case = find_case(s, case_ref)
            if is_voided(case):
                raise UsageError(VOIDED_CASE.format(ref=case.reference))
        report.outcome = chosen
        report.outcome_reason = text
        report.case_id = case.id if case is not None else None
        report.triaged_by = by
        report.triaged_at = utcnow()
        s.flush()
        audit.record(
            s,
            AuditOperation.COMBINATION if case is not None else AuditOperation.ALTERATION,
            case_id=case.id if case is not None else None,
            entity=ENTITY,
            record_id=report.id,
            reason=text or why,
            details={"outcome": str(chosen), "centre": str(report.centre)},
        )
        item = _item(s, report)
        return TriageResult(item, report.case_id, item.case_reference)


def _open_case(session: Session, report: ThirdPartyReport, by: str) -> CaseFile:
    """A case made from a report: strands, dates, place and the centre's account quoted, the
    victim as the report names them, marked as reported through a third-party centre."""
    centre = centre_label(report.centre, report.centre_name)
    received_day = uk_time(report.received_at).date()
    perceived = [_PERCEIVED[report.reporter_role], PerceivedBy.THIRD_PARTY_REPORTING_ORG]
    place = report.place or ""
    if report.postcode_area:
        place = f"{place} ({report.postcode_area})" if place else report.postcode_area
    account = labels.INTAKE_ACCOUNT.format(
        centre=centre,
        reference=report.centre_reference,
        received=f"{uk_time(report.received_at):%d/%m/%Y %H:%M}",
        text=report.what_happened,
    )
    baseline, view = draft_case(
        liaison_officer=by or None,
        # The Force Crime Registrar decides whether it is a crime; until then, unclassified.
        record_type=RecordType.HATE_INCIDENT_UNCLASSIFIED,
        monitored_strands=list(report.monitored_strands),
        local_strands=list(report.local_strands),
        perceived_by=list(dict.fromkeys(perceived)),
        perception_date=received_day,
        perception_note=(
            f"Reported through {centre} (reference {report.centre_reference}) by "
            f"{labels.label(report.reporter_role).lower()}."
        ),
        incident_date=report.incident_date,
        incident_end_date=report.incident_end_date,
        incident_time=report.incident_time,
        reported_date=received_day,
        place=place or None,
        place_type=labels.label(report.location_type),
        summary=account,
    )
    name = report.victim_name or labels.INTAKE_ANONYMOUS_VICTIM.format(
        centre=centre, reference=report.centre_reference
    )
    victim: dict[str, Any] = {
        "role": PersonRole.VICTIM,
        "name": name,
        "phone": report.victim_phone,
        "email": report.victim_email,
    }
    if report.consent_to_contact and report.preferred_channel is not None:
        victim["safe_channels"] = [report.preferred_channel]
    else:
        victim["contact_notes"] = (
            f"Did not consent to be contacted when reporting to {centre}; reach them only "
            "through the centre, if at all."
        )
    create_case(session, view.case_id, baseline, Changes(new=[("person", victim)]))
    case = session.get(CaseFile, view.case_id)
    assert case is not None
    return case


# -- outcomes back to a centre ---------------------------------------------------------------------
def export_outcomes(
    store: Any, centre: ReportingCentre | str, path: Path, *, centre_name: str | None = None
) -> int:
    """Write, atomically, a CSV of a centre's reports by its own references: the reference,
    when it was received, the outcome and the day it was triaged; no case content and no
    names. Recorded as a disclosure to the centre. Returns how many reports it lists."""
    chosen = ReportingCentre(centre)
    if chosen is ReportingCentre.OTHER and not (centre_name or "").strip():
        raise UsageError(NAME_FOR_OTHER)
    key = centre_key(chosen, centre_name)
    recipient = centre_label(chosen, centre_name)
    with store.transaction(reason=f"outcomes sent to {recipient}") as s:
        reports = list(
            s.scalars(
                sa.select(ThirdPartyReport)
                .where(ThirdPartyReport.centre_key == key)
                .order_by(ThirdPartyReport.received_at, ThirdPartyReport.centre_reference)
            )
        )
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(labels.INTAKE_OUTCOME_COLUMNS)
        for r in reports:
            writer.writerow(
                [
                    fileio.spreadsheet_text(r.centre_reference),
                    r.received_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    outcome_label(r.outcome),
                    f"{uk_time(r.triaged_at):%Y-%m-%d}" if r.triaged_at else "",
                ]
            )
        data = buf.getvalue().encode("utf-8-sig")
        staged = fileio.stage(Path(path), data)
        try:
            audit.record(
                s,
                AuditOperation.DISCLOSURE,
                entity=ENTITY,
                recipient=recipient,
                details={"reports": len(reports), "file": Path(path).name},
            )
            s.flush()
        except BaseException:
            staged.discard()
            raise
    staged.publish()
    return len(reports)


def parse_outcome(text: str) -> TriageOutcome:
    """An outcome as typed: new-case, linked-to-case (or linked), record-only,
    not-hate-incident (or not-hate); any case, hyphens or underscores."""
    key = re.sub(r"[\s\-]+", "_", (text or "").strip()).upper()
    key = {"LINKED": "LINKED_TO_CASE", "NOT_HATE": "NOT_HATE_INCIDENT", "NEW": "NEW_CASE"}.get(
        key, key
    )
    try:
        return TriageOutcome(key)
    except ValueError:
        names = ", ".join(m.value.lower().replace("_", "-") for m in TriageOutcome)
        raise UsageError(f"Choose the outcome from: {names}.") from None


def parse_centre(text: str) -> ReportingCentre:
    """A centre as typed: its value in any case (stop-hate-uk), or its label."""
    key = re.sub(r"[\s\-]+", "_", (text or "").strip()).upper()
    for member in ReportingCentre:
        if key == member.value or _norm(text) == _norm(labels.label(member)):
            return member
    names = ", ".join(m.value.lower().replace("_", "-") for m in ReportingCentre)
    raise UsageError(f"Choose the centre from: {names}.")


__all__ = [
    "NEEDS_REASON",
    "WINDOW_DAYS",
    "AlreadyTriaged",
    "Candidate",
    "ImportResult",
    "QueueItem",
    "TriageResult",
    "check_file",
    "export_outcomes",
    "find_report",
    "import_reports",
    "likely_duplicates",
    "list_queue",
    "outcome_label",
    "parse_centre",
    "parse_outcome",
    "queue_ref",
    "triage",
]


# -- the figures of the intake queue ---------------------------------------------------------
BY_CENTRE = "third_party_by_centre"
BY_OUTCOME = "third_party_by_outcome"


def received_day(report: ThirdPartyReport) -> dt.date:
    """The day (UK time) a report reached the queue: the day it counts by in the figures."""
    when = report.received_at
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)  # the store keeps times in UTC
    return uk_time(when).date()


def figure_counts(
    session: Session, first: dt.date | None = None, last: dt.date | None = None
) -> dict[str, dict[str, int]]:
    """Third-party reports received from ``first`` to ``last`` (either end open), counted by
    centre and by triage outcome (those still waiting included): the figures
    :data:`BY_CENTRE` and :data:`BY_OUTCOME`, each a label -> number mapping, largest first.
    Reports are not a team's, so a team's figures count them all."""
    by_centre: dict[str, int] = {}
    by_outcome: dict[str, int] = {outcome_label(None): 0}
    by_outcome.update({outcome_label(o): 0 for o in TriageOutcome})
    for report in session.scalars(sa.select(ThirdPartyReport)):
        day = received_day(report)
        if (first and day < first) or (last and day > last):
            continue
        centre = centre_label(report.centre, report.centre_name)
        by_centre[centre] = by_centre.get(centre, 0) + 1
        by_outcome[outcome_label(report.outcome)] += 1
    if not by_centre:
        return {BY_CENTRE: {}, BY_OUTCOME: {}}
    ordered = dict(sorted(by_centre.items(), key=lambda kv: (-kv[1], kv[0].casefold())))
    return {BY_CENTRE: ordered, BY_OUTCOME: by_outcome}
