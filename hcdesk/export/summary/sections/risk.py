"""Risk, bail and ancillary orders (bail and remand records, MG13 applications), and
information shared with partners."""

from __future__ import annotations

from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Block, Cell, Item, KeyValues, Section, Table, Text
from hcdesk.export.summary.order import Part
from hcdesk.export.summary.rules import restricted
from hcdesk.export.summary.wording import APPLICATIONS, BAIL, day, human
from hcdesk.models.enums import PersonRole

# -- risk, bail and ancillary orders --------------------------------------------------------------


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
    if not ctx.incident:
        blocks += bail_and_remand(ctx)
    orders = [p for p in ctx.role(PersonRole.SUSPECT) if p.get("orders_injunctions")]
    shown = [
        Item(f"Existing orders: {p['name']}", str(p["orders_injunctions"]))
        for p in orders
        if not ctx.hidden(p, "orders_injunctions")
    ]
    held = [
        Item(f"Existing orders: {p['name']} ({ctx.label(p)})", str(p["orders_injunctions"]), True)
        for p in orders
        if ctx.hidden(p, "orders_injunctions")
    ]
    if not ctx.incident:  # an incident's subject: in the background section's annex part
        blocks.append(KeyValues(shown or [Item("Existing orders", "None recorded")]))
    if held and not ctx.incident:
        blocks.append(KeyValues(held, restricted=True))
    if not ctx.incident:
        blocks += applications(ctx)
    title = "Risk and safeguarding" if ctx.incident else "Risk, bail and ancillary orders"
    return Section(ctx.number(Part.RISK), title, blocks)


def _suspect_cell(ctx: CaseContext, person_id: str | None) -> tuple[Cell, bool]:
    """The person a record is about, and whether the record goes to the annex (an uncharged
    suspect, an incident's subject, or not known which suspect)."""
    p = ctx.person(person_id)
    if p is None:
        return Cell("Not recorded"), True
    return Cell(p["name"], sub=ctx.label(p), verbatim=True), ctx.held_back(p)


def bail_and_remand(ctx: CaseContext) -> list[Block]:
    """Each release or remand: status, suggested or imposed, conditions, grounds, dates."""
    open_rows: list[list[Cell]] = []
    closed_rows: list[list[Cell]] = []
    for b in ctx.records("bail_record"):
        who, hidden = _suspect_cell(ctx, b.get("person_id"))
        dates = []
        if b.get("from_date"):
            dates.append(f"From {day(b['from_date'])}")
        if b.get("until_date"):
            dates.append(f"until {day(b['until_date'])}")
        row = [
            who,
            Cell(
                BAIL.get(str(b.get("status")), human(b.get("status"))),
                sub="Suggested to the court, not yet decided" if b.get("proposed") else "Imposed",
            ),
            Cell(b.get("conditions") or "None recorded"),
            Cell(b.get("grounds") or "Not recorded"),
            Cell(" ".join(dates) or "Not recorded"),
        ]
        (closed_rows if hidden else open_rows).append(row)
    header = ["Defendant", "Bail or remand", "Conditions", "Grounds", "Dates"]
    widths = [1.3, 1.2, 2.0, 1.7, 0.9]
    blocks: list[Block] = [Text("Bail and remand", "subhead")]
    if open_rows:
        blocks.append(Table(header, open_rows, widths))
    else:
        blocks.append(Text("No bail or remand of a defendant recorded.", "empty"))
    if closed_rows:
        blocks.append(
            Table(
                ["Suspect", *header[1:]],
                closed_rows,
                widths,
                restricted=True,
                title="Bail and remand of suspects not charged (or not known which suspect)",
            )
        )
    return blocks


def applications(ctx: CaseContext) -> list[Block]:
    """Applications on conviction (MG13): kind, terms, grounds, whether the victim's views were
    taken, outcome."""
    open_rows: list[list[Cell]] = []
    closed_rows: list[list[Cell]] = []
    for a in ctx.records("court_application"):
        who, hidden = _suspect_cell(ctx, a.get("person_id"))
        row = [
            who,
            Cell(
                APPLICATIONS.get(str(a.get("kind")), human(a.get("kind"))),
                sub=f"Outcome: {a['outcome']}" if a.get("outcome") else None,
            ),
            Cell(a.get("terms") or "Not recorded"),
            Cell(a.get("grounds") or "Not recorded"),
            Cell("Yes" if a.get("victim_consulted") else "No"),
        ]
        (closed_rows if hidden else open_rows).append(row)
    header = ["Defendant", "Application", "Terms sought", "Grounds", "Victim's views taken"]
    widths = [1.3, 1.3, 2.0, 1.6, 0.9]
    blocks: list[Block] = [Text("Applications on conviction (MG13)", "subhead")]
    if open_rows:
        blocks.append(Table(header, open_rows, widths))
    else:
        blocks.append(
            Text(
                "None recorded; consider a restraining order where the victim needs protection.",
                "empty",
            )
        )
    if closed_rows:
        blocks.append(
            Table(
                ["Suspect", *header[1:]],
                closed_rows,
                widths,
                restricted=True,
                title="Applications about suspects not charged (or not known which suspect)",
            )
        )
    return blocks


# -- partner information ---------------------------------------------------------------------------


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
    return Section(ctx.number(Part.PARTNERS), "Partner information", blocks, restricted=hidden)
