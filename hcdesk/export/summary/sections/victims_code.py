"""Victims' Code compliance: the victim's rights, referrals, and each update against
its target (police/CPS only).
"""

from __future__ import annotations

from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Block, Cell, Item, KeyValues, Section, Table, Text
from hcdesk.export.summary.order import Part
from hcdesk.export.summary.rules import (
    KEY_DECISIONS,
    enhanced_rights,
    restricted,
    update_target_days,
    working_days,
)
from hcdesk.export.summary.wording import CODE_STATUS, day, human, join
from hcdesk.models.enums import PersonRole, VictimsCodeEventKind


def victims_code(ctx: CaseContext) -> Section:
    victims = ctx.role(PersonRole.VICTIM)
    statuses: list[str] = []
    for v in victims:
        statuses += [str(s) for s in v.get("victims_code_statuses") or []]
    enhanced = enhanced_rights(statuses)
    target = update_target_days(enhanced)
    blocks: list[Block] = [
        KeyValues(
            [
                Item(
                    "Victims' Code status",
                    join(CODE_STATUS[s] for s in dict.fromkeys(statuses)) or "Not recorded",
                    restricted("person", "victims_code_statuses"),
                ),
                Item(
                    "Target for telling the victim of key decisions",
                    f"{target} working day{'s' if target > 1 else ''}"
                    f" ({'enhanced' if enhanced else 'standard'} rights)",
                    restricted("person", "victims_code_statuses"),
                ),
            ],
            restricted=restricted("person", "victims_code_statuses"),
        )
    ]
    referrals = ctx.records("referral")
    t = "referral"
    if referrals:
        rows = []
        for r in referrals:
            agency = r.get("agency_other") or human(r.get("agency"))
            consent = "Consent given" if r.get("consent_obtained") else "No consent recorded"
            if r.get("consent_how"):
                consent += f" ({r['consent_how']})"
            rows.append(
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
                rows,
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
    events = ctx.records("victims_code_event")
    rows = []
    for e in events:
        kind = VictimsCodeEventKind(str(e["event"]))
        told = e.get("victim_told_on")
        if kind in KEY_DECISIONS:
            if told is None:
                status = "Not yet told"
            else:
                taken = working_days(e["event_date"], told)
                plural = "s" if taken > 1 else ""
                took = "Same day" if taken == 0 else f"{taken} working day{plural}"
                status = f"{took}: {'met' if taken <= target else 'MISSED'}"
        else:
            status = "No target set"
        rows.append(
            [
                Cell(f"Right {e.get('right_number')}"),
                Cell(human(kind), sub=e.get("notes") or None),
                Cell(day(e.get("event_date"))),
                Cell(day(told) or "Not told"),
                Cell(status),
            ]
        )
    if rows:
        blocks.append(
            Table(
                ["Right", "Event", "Event date", "Victim told", "Against target"],
                rows,
                [0.8, 3.0, 1.1, 1.1, 1.2],
                restricted=restricted("victims_code_event", "event"),
                title="Key updates given to the victim",
            )
        )
        blocks.append(
            Text(
                "Working days count Monday to Friday; bank holidays are not excluded.",
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
