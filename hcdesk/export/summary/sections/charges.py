"""Section 3, charges and offences: each charge with its statute, legal route and outcome."""

from __future__ import annotations

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
from hcdesk.export.summary.rules import item
from hcdesk.export.summary.wording import ROUTES, STRANDS, day, human, join


def charges(ctx: CaseContext) -> Section:
    case = ctx.case
    rows = []
    for ch in ctx.records("charge"):
        route = ch.get("legal_route")
        statute = ch.get("statute_section") or ""
        route_text = ROUTES.get(str(route), "") if route else ""
        agg = (
            f"Available: {human(ch.get('aggravated_form_available'))}\n"
            f"Charged: {human(ch.get('aggravated_form_charged'))}"
        )
        outcome = human(ch.get("outcome"))
        if ch.get("outcome_date"):
            outcome += f" ({day(ch['outcome_date'])})"
        if ch.get("sentence"):
            outcome += f"\nSentence: {ch['sentence']}"
        if ch.get("uplift_stated_in_court"):
            outcome += "\nUplift stated in open court"
        dates = []
        if ch.get("offence_date"):
            dates.append(f"Offence {day(ch['offence_date'])}")
        if ch.get("charged_on"):
            dates.append(f"charged {day(ch['charged_on'])}")
        rows.append(
            [
                Cell(ch.get("offence") or "", sub="; ".join(dates) or None),
                Cell(statute or "Not recorded", sub=route_text or None),
                Cell(agg),
                Cell(ch.get("hocr_code") or "Not recorded"),
                Cell(outcome),
            ]
        )
    blocks: list[Block] = []
    if rows:
        blocks.append(
            Table(
                ["Offence", "Statute and legal route", "Aggravated form", "HOCR code", "Outcome"],
                rows,
                [2.0, 2.6, 1.2, 0.9, 1.5],
            )
        )
    else:
        blocks.append(Text("No charge recorded yet.", "empty"))
    hocr = case.get("hocr_codes") or []
    blocks.append(
        KeyValues(
            [
                Item("HOCR code(s) recorded", ", ".join(hocr) or "None recorded"),
                Item(
                    "Hate-crime flag(s)",
                    join(STRANDS[str(s)] for s in case.get("monitored_strands") or [])
                    or "None recorded",
                ),
                Item("CMS hate-crime monitoring flag applied", human(case.get("cms_hate_flag"))),
                item("case_file", case, "fcr_decision", name="Force crime registrar decision"),
                item("case_file", case, "cps_charging_decision", name="CPS charging decision"),
            ]
        )
    )
    fill_blanks(blocks[-1])
    return Section("3", "Charges and offences", blocks)
