"""Section 1, case identification, kept short: references, officers, the court and next
hearing, the incident date or period, the people in the case (defendants, suspects not charged,
victims, witnesses) and, police/CPS only, their contact details and contact safety.

An incident record names no court, plea or CPS area, and its subject only in the annex.
"""

from __future__ import annotations

from typing import Any

from hcdesk.casework import court
from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import (
    Block,
    Cell,
    Item,
    KeyValues,
    Section,
    Table,
    Text,
    fill_blanks,
)
from hcdesk.export.summary.order import Part
from hcdesk.export.summary.rules import item, restricted
from hcdesk.export.summary.wording import HEARINGS, day, human, label
from hcdesk.models.enums import PersonRole

_PERSON_CONTACT = (
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
    "safe_times",
    "safe_channels",
    "no_voicemail",
    "contact_notes",
    "access_needs",
    "nominated_spokesperson",
    "self_described_characteristics",
    "victims_code_statuses",
)
YOUTH = "Youth: under 18 at the offence date"


def hearing_items(ctx: CaseContext) -> list[Item]:
    """The court and the next hearing: the next listing on or after the summary's date, else
    the latest, "last listed". From the court listings only, so page 1 and the annex agree."""
    found = court.next_listing(ctx.records("court_listing"), ctx.today)
    if found is None:
        return [Item("Court", ""), Item("Next hearing", "")]
    listing, ahead = found
    when = day(listing["listed_for"]) + (f" at {listing['time']}" if listing.get("time") else "")
    what = HEARINGS.get(str(listing.get("hearing_type")), human(listing.get("hearing_type")))
    hearing = f"{what}, {when}" if ahead else f"None; last listed {when} ({what.lower()})"
    return [Item("Court", str(listing["court"])), Item("Next hearing", hearing)]


def incident_when(case: dict[str, Any]) -> str:
    """The incident date, or its period for a course of conduct."""
    start, end = case.get("incident_date"), case.get("incident_end_date")
    if start and end and end != start:
        return f"{day(start)} to {day(end)} (a course of conduct)"
    return day(start)


def _details(ctx: CaseContext) -> KeyValues:
    case = ctx.case
    t = "case_file"
    items = [
        Item("URN", case.get("urn") or ("" if ctx.incident else "Not yet allocated")),
        item(t, case, "crime_reference", name="Crime reference"),
        Item("Force", human(case.get("force"))),
    ]
    if not case.get("urn"):
        items.insert(1, item(t, case, "local_ref", name="Local reference"))
    period = case.get("incident_end_date") and case.get("incident_end_date") != case.get(
        "incident_date"
    )
    items.append(Item("Incident period" if period else "Incident date", incident_when(case)))
    items += [
        item(t, case, "oic", name="Officer in the case"),
        item(t, case, "liaison_officer", name="Victim liaison officer"),
        item(t, case, "supervisor", name="Supervisor"),
    ]
    if ctx.incident:
        items.append(Item("Record type", human(case.get("record_type"))))
    else:
        items += [
            item(t, case, "cps_area", name="CPS area"),
            item(t, case, "file_stage", name="File stage"),
            item(t, case, "anticipated_plea", name="Anticipated plea"),
            *hearing_items(ctx),
        ]
    return KeyValues(items)


def _facts(ctx: CaseContext, p: dict[str, Any]) -> str:
    facts = []
    if p.get("statement_ref"):
        dated = f" ({day(p['statement_date'])})" if p.get("statement_date") else ""
        facts.append(f"Statement {p['statement_ref']}{dated}")
    if str(p["role"]) == PersonRole.SUSPECT.value and p["id"] in ctx.charged:
        youth = court.is_youth(p, ctx.people, ctx.records("charge"), ctx.case)
        if youth:
            facts.append(YOUTH)
    facts.append(p.get("gender") or "")
    if p.get("interpreter_needed"):
        facts.append(f"Interpreter needed: {p.get('language') or 'language not recorded'}")
    elif p.get("language"):
        facts.append(f"Language: {p['language']}")
    return "; ".join(f for f in facts if f)


def _people(ctx: CaseContext) -> list[Block]:
    suspects = ctx.role(PersonRole.SUSPECT)
    order = [
        *(p for p in suspects if p["id"] in ctx.charged),
        *(p for p in suspects if p["id"] not in ctx.charged),
        *ctx.role(PersonRole.VICTIM),
        *ctx.role(PersonRole.WITNESS),
    ]
    open_rows: list[list[Cell]] = []
    closed_rows: list[list[Cell]] = []
    for p in order:
        name = Cell(p["name"], verbatim=True)
        facts = _facts(ctx, p)
        if ctx.hidden(p, "name"):
            closed_rows.append([Cell(ctx.label(p)), name, Cell(facts)])
            continue
        open_rows.append([Cell(ctx.label(p)), name, Cell("" if ctx.held_back(p) else facts)])
        if ctx.held_back(p) and facts:
            closed_rows.append([Cell(ctx.label(p)), name, Cell(facts)])
    blocks: list[Block] = []
    widths = [1.3, 2.2, 3.5]
    if open_rows:
        blocks.append(Table(["Role", "Name", "Details"], open_rows, widths, title="People"))
    elif not closed_rows:
        blocks.append(Text("No defendant, victim or witness recorded.", "empty"))
    if closed_rows:
        title = "The subject" if ctx.incident else "Suspects not charged: details"
        blocks.append(
            Table(["Role", "Name", "Details"], closed_rows, widths, restricted=True, title=title)
        )
    return blocks


def _contacts(ctx: CaseContext) -> list[Block]:
    """Contact details: police/CPS only by their disclosure class."""
    rows: list[list[Cell]] = []
    for p in ctx.people:
        facts = []
        for key in _PERSON_CONTACT:
            value = human(p.get(key))
            if value and value != "No":
                facts.append(f"{label('person', key)}: {value}")
        if facts:
            rows.append(
                [Cell(ctx.label(p)), Cell(p["name"], verbatim=True), Cell("\n".join(facts))]
            )
    if not rows:
        return []
    return [
        Table(
            ["Role", "Name", "Contact details and contact safety"],
            rows,
            [1.3, 2.2, 3.5],
            restricted=all(restricted("person", k) for k in _PERSON_CONTACT),
            title="Contact details and contact safety",
        )
    ]


def identification(ctx: CaseContext) -> Section:
    blocks: list[Block] = [*fill_blanks(_details(ctx)), *_people(ctx), *_contacts(ctx)]
    title = "Incident identification" if ctx.incident else "Case identification"
    return Section(ctx.number(Part.IDENTIFICATION), title, blocks)
