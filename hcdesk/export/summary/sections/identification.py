"""Section 1, case identification: references, officers, the people in the case and, police/CPS
only, their contact details and contact safety.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Block, Cell, Item, KeyValues, Section, Table, Text
from hcdesk.export.summary.rules import item, restricted
from hcdesk.export.summary.wording import ROLES, day, human, label
from hcdesk.models.enums import PersonRole, VictimsCodeEventKind

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


def _latest_listing(ctx: CaseContext) -> dict[str, Any] | None:
    listings = [
        e
        for e in ctx.records("victims_code_event")
        if str(e.get("event")) == VictimsCodeEventKind.COURT_DATE_SET.value and e.get("notes")
    ]
    return listings[-1] if listings else None


def identification(ctx: CaseContext) -> Section:
    case = ctx.case
    t = "case_file"
    details = KeyValues(
        [
            Item("URN", case.get("urn") or "Not yet allocated"),
            item(t, case, "local_ref", name="Local reference"),
            item(t, case, "crime_reference", name="Crime reference"),
            Item("Force", human(case.get("force"))),
            Item("Record type", human(case.get("record_type"))),
            item(t, case, "oic", name="Officer in the case"),
            item(t, case, "liaison_officer", name="Victim liaison officer"),
            item(t, case, "supervisor", name="Supervisor"),
            item(t, case, "cps_area", name="CPS area"),
            item(t, case, "file_stage", name="File stage"),
            item(t, case, "anticipated_plea", name="Anticipated plea"),
            Item(
                "Court and next hearing",
                "Not recorded on the case file",
            ),
        ]
    )
    for i, it in enumerate(details.items):
        if not it.value:
            details.items[i] = replace(it, value="Not recorded")
    blocks: list[Block] = [details]
    listing = _latest_listing(ctx)
    if listing is not None:
        blocks.append(
            KeyValues(
                [
                    Item(
                        "Latest listing told to the victim",
                        f"{listing['notes']} (recorded {day(listing.get('event_date'))})",
                        restricted("victims_code_event", "notes"),
                    )
                ],
                restricted=restricted("victims_code_event", "notes"),
            )
        )
    rows: list[list[Cell]] = []
    for role, name in (
        (PersonRole.SUSPECT, "Defendant / suspect"),
        (PersonRole.VICTIM, "Victim"),
        (PersonRole.WITNESS, "Witness"),
    ):
        for p in ctx.role(role):
            facts = [
                f"Statement {p['statement_ref']}" if p.get("statement_ref") else "",
                p.get("gender") or "",
                f"Interpreter needed: {p.get('language') or 'language not recorded'}"
                if p.get("interpreter_needed")
                else (f"Language: {p['language']}" if p.get("language") else ""),
            ]
            rows.append(
                [Cell(name), Cell(p["name"], verbatim=True), Cell("; ".join(f for f in facts if f))]
            )
    if rows:
        blocks.append(Table(["Role", "Name", "Details"], rows, [1.3, 2.2, 3.5], title="People"))
    else:
        blocks.append(Text("No defendant, victim or witness recorded.", "empty"))
    # Contact details: police/CPS only by their disclosure class.
    contact_rows: list[list[Cell]] = []
    for p in ctx.people:
        facts = []
        for key in _PERSON_CONTACT:
            value = human(p.get(key))
            if value and value != "No":
                facts.append(f"{label('person', key)}: {value}")
        if facts:
            contact_rows.append(
                [
                    Cell(ROLES.get(str(p["role"]), human(p["role"]))),
                    Cell(p["name"], verbatim=True),
                    Cell("\n".join(facts)),
                ]
            )
    if contact_rows:
        blocks.append(
            Table(
                ["Role", "Name", "Contact details and contact safety"],
                contact_rows,
                [1.3, 2.2, 3.5],
                restricted=all(restricted("person", k) for k in _PERSON_CONTACT),
                title="Contact details (victim, witnesses, suspects)",
            )
        )
    return Section("1", "Case identification", blocks)
