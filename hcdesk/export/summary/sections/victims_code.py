"""Victims' Code compliance: the victim's rights, referrals, and each update against
its target (police/CPS only).

The statuses, deadlines and what counts as told on time are the duty rules of
:mod:`hcdesk.casework.duties`, the same as the case file's and ``hcdesk due``'s.
"""

from __future__ import annotations

import datetime as dt

from hcdesk.casework import duties, workdays
from hcdesk.casework.casefile import case_file_view
from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Block, Cell, Item, KeyValues, Section, Table, Text
from hcdesk.export.summary.order import Part
from hcdesk.export.summary.rules import restricted
from hcdesk.export.summary.wording import CODE_STATUS, day, human, join
from hcdesk.models.enums import VictimsCodeEventKind

# The right of the Victims' Code an update given without a log entry falls under.
_RIGHT = {
    duties.DutyKind.INFORM_COURT_DATE: 8,
    duties.DutyKind.INFORM_OUTCOME: 9,
    duties.DutyKind.INFORM_APPEAL: 9,
}


def _plural(n: int) -> str:
    return f"{n} working day{'s' if n != 1 else ''}"


def _against_target(duty: duties.Duty, since: dt.date | None) -> Cell:
    """How the update went against its deadline: met, missed (with the reason), or not yet."""
    reason = duty.breach_reason or None
    if duty.met_on is None:
        if duty.status is duties.DutyStatus.BREACHED:
            return Cell("MISSED", sub=reason)
        late = duty.status is duties.DutyStatus.OVERDUE
        return Cell(f"{'Overdue' if late else 'Not yet told'}: due {day(duty.due)}", sub=reason)
    taken = workdays.working_days_between(since, duty.met_on) if since else 0
    took = "Same day" if taken == 0 else _plural(taken)
    met = duty.status is duties.DutyStatus.MET
    return Cell(f"{took}: {'met' if met else 'MISSED'}", sub=reason)


def victims_code(ctx: CaseContext) -> Section:
    view = case_file_view(ctx.snap)
    private = restricted("person", "victims_code_statuses")
    statuses = duties.enhanced_statuses(view, ctx.today)
    enhanced = bool(statuses)
    target = duties.ENHANCED_DAYS if enhanced else duties.STANDARD_DAYS
    shown = join(f"{CODE_STATUS[str(s.status)]} ({s.text})" for s in statuses)
    blocks: list[Block] = [
        KeyValues(
            [
                Item("Victims' Code status", shown or CODE_STATUS["STANDARD"], private),
                Item(
                    "Target for telling the victim of key decisions",
                    f"{_plural(target)} ({'enhanced' if enhanced else 'standard'} rights)",
                    private,
                ),
            ],
            restricted=private,
        )
    ]
    referrals = ctx.records("referral")
    t = "referral"
    if referrals:
        ref_rows = []
        for r in referrals:
            agency = r.get("agency_other") or human(r.get("agency"))
            consent = "Consent given" if r.get("consent_obtained") else "No consent recorded"
            if r.get("consent_how"):
                consent += f" ({r['consent_how']})"
            ref_rows.append(
                [
                    Cell(day(r.get("referred_on"))),
                    Cell(agency, sub=r.get("notes") or None),
                    Cell(consent),
                    Cell(human(r.get("outcome"))),
                ]
            )
        blocks.append(
            Table(
                ["Referred", "Agency", "Consent", "Outcome"],
                ref_rows,
                [1.1, 2.4, 2.5, 1.0],
                restricted=restricted(t, "agency"),
                title="Referrals to support services",
            )
        )
    else:
        blocks.append(
            Text(
                "No referral to support services recorded.",
                "empty",
                restricted=restricted(t, "agency"),
            )
        )
    all_duties = duties.case_duties(view, ctx.today)
    by_key = {d.key: d for d in all_duties}
    since = duties.event_days(view, ctx.today)
    rows: list[tuple[dt.date | None, list[Cell]]] = []
    logged = set()
    for e in ctx.records("victims_code_event"):
        kind = VictimsCodeEventKind(str(e["event"]))
        key = f"victims_code_event:{e['id']}"
        logged.add(key)
        duty = by_key.get(key)
        told = duty.met_on if duty is not None else e.get("victim_told_on")
        rows.append(
            (
                e["event_date"],
                [
                    Cell(f"Right {e.get('right_number')}"),
                    Cell(human(kind), sub=e.get("notes") or None),
                    Cell(day(e.get("event_date"))),
                    Cell(day(told) or "Not told"),
                    _against_target(duty, since.get(key)) if duty else Cell("No target set"),
                ],
            )
        )
    for duty in all_duties:  # updates the charges, bail and hearings call for, not in the log
        if duty.kind not in duties.INFORM_KINDS or duty.key in logged:
            continue
        when = since.get(duty.key)
        rows.append(
            (
                when,
                [
                    Cell(f"Right {_RIGHT.get(duty.kind, 6)}"),
                    Cell(duties.LABELS[duty.kind], sub=f"{duty.what}; not in the log"),
                    Cell(day(when)),
                    Cell(day(duty.met_on) or "Not told"),
                    _against_target(duty, when),
                ],
            )
        )
    rows.sort(key=lambda r: r[0] or ctx.today)
    if rows:
        blocks.append(
            Table(
                ["Right", "Event", "Event date", "Victim told", "Against target"],
                [cells for _when, cells in rows],
                [0.8, 3.0, 1.1, 1.1, 1.2],
                restricted=restricted("victims_code_event", "event"),
                title="Key updates given to the victim",
            )
        )
        note = (
            "Working days leave out weekends and England and Wales bank holidays; the target "
            "is that of the victim's rights on the day of each event."
        )
        warning = duties.calendar_warning(all_duties, ctx.today)
        blocks.append(
            Text(
                f"{note} {warning}" if warning else note,
                "note",
                restricted=restricted("victims_code_event", "event"),
            )
        )
    else:
        blocks.append(
            Text(
                "No Victims' Code updates recorded.",
                "empty",
                restricted=restricted("victims_code_event", "event"),
            )
        )
    return Section(
        ctx.number(Part.VICTIMS_CODE), "Victims' Code compliance summary", blocks, restricted=True
    )
