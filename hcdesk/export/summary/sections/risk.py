"""Sections 11 and 12: risk, bail and ancillary orders, and information shared with partners."""

from __future__ import annotations

from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Block, Cell, Item, KeyValues, Section, Table, Text
from hcdesk.export.summary.rules import restricted
from hcdesk.export.summary.wording import day, human
from hcdesk.models.enums import PersonRole, VictimsCodeEventKind

# -- 11. risk, bail and ancillary orders -----------------------------------------------------------


def risk(ctx: CaseContext) -> Section:
    blocks: list[Block] = []
    assessments = ctx.records("needs_assessment")
    if assessments:
        a = assessments[-1]
        kv = KeyValues(
            [
                Item(
                    f"Risk of repeat victimisation ({day(a['assessed_on'])})",
                    human(a.get("repeat_risk")) or "Not assessed",
                    restricted("needs_assessment", "repeat_risk"),
                ),
                Item(
                    "Protection needs",
                    a.get("protection_needs") or "None recorded",
                    restricted("needs_assessment", "protection_needs"),
                ),
                Item(
                    "Re-assessment trigger",
                    a.get("reassessment_trigger") or "None recorded",
                    restricted("needs_assessment", "reassessment_trigger"),
                ),
            ]
        )
        blocks.append(kv)
    else:
        blocks.append(Text("No risk or needs assessment recorded.", "empty"))
    bail = [
        e
        for e in ctx.records("victims_code_event")
        if str(e.get("event")) == VictimsCodeEventKind.SUSPECT_BAILED.value
    ]
    if bail:
        blocks.append(
            KeyValues(
                [
                    Item(
                        f"Bail ({day(e.get('event_date'))})",
                        e.get("notes") or "Conditions not recorded",
                        restricted("victims_code_event", "notes"),
                    )
                    for e in bail
                ],
                restricted=restricted("victims_code_event", "notes"),
                title="Bail (from the Victims' Code log)",
            )
        )
    orders = [p for p in ctx.role(PersonRole.SUSPECT) if p.get("orders_injunctions")]
    blocks.append(
        KeyValues(
            [Item(f"Existing orders: {p['name']}", str(p["orders_injunctions"])) for p in orders]
            or [Item("Existing orders", "None recorded")]
        )
    )
    blocks.append(
        KeyValues(
            [
                Item(
                    "Applications on conviction (MG13)",
                    "None recorded in hcdesk; consider a restraining order where the victim "
                    "needs protection.",
                )
            ]
        )
    )
    return Section("11", "Risk, bail and ancillary orders", blocks)


# -- 12. partner information -----------------------------------------------------------------------


def partners(ctx: CaseContext) -> Section:
    t = "partnership_share"
    shares = ctx.records(t)
    columns = (
        "partner",
        "shared_on",
        "purpose",
        "data_items",
        "lawful_basis",
        "victim_consent",
        "meeting_ref",
    )
    hidden = any(restricted(t, c) for c in columns)
    blocks: list[Block] = []
    if shares:
        rows = []
        for s in shares:
            consent = human(s.get("victim_consent")) or "Not recorded"
            if s.get("no_consent_reason"):
                consent += f" ({s['no_consent_reason']})"
            rows.append(
                [
                    Cell(s.get("partner") or "", sub=day(s.get("shared_on"))),
                    Cell(s.get("purpose") or "", sub=s.get("data_items") or None),
                    Cell(s.get("lawful_basis") or "Not recorded"),
                    Cell(consent),
                    Cell(s.get("meeting_ref") or ""),
                ]
            )
        blocks.append(
            Table(
                [
                    "Partner and date",
                    "Purpose and data shared",
                    "Lawful basis",
                    "Victim consent",
                    "Meeting",
                ],
                rows,
                [1.6, 2.4, 1.3, 1.1, 0.8],
                restricted=hidden,
            )
        )
    else:
        blocks.append(
            Text(
                "No information shared with or received from partners is recorded.",
                "empty",
                restricted=hidden,
            )
        )
    return Section("12", "Partner information", blocks, restricted=hidden)
