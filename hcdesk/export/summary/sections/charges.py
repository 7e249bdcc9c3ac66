"""Section 3, charges and offences, per defendant: each charge with its statute, legal route,
whether an aggravated form exists and was charged, the HOCR code as the outcome leaves it, the
plea and the outcome; then the elements of each offence with the evidence for each.

What the law says (which route, which code) is :mod:`hcdesk.casework.legal`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hcdesk.casework import court, legal
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
from hcdesk.models.enums import ChargeOutcome, LegalRoute, PersonRole, Plea

PLEAS = {
    Plea.GUILTY.value: "Guilty",
    Plea.NOT_GUILTY.value: "Not guilty",
    Plea.UNKNOWN.value: "Not yet entered",
}
NO_DEFENDANT = "Defendant not named on the charge"


def _route(ch: dict[str, Any]) -> str:
    route = legal.route_of(ch)
    if route is None:
        return "No hostility route recorded"
    if route == LegalRoute.SA2020_S66_UPLIFT:
        return "Basic offence; uplift on sentence sought under Sentencing Act 2020 s.66"
    if route in legal.CDA_ROUTES and not ch.get("aggravated_form_charged"):
        return "Basic offence charged; the aggravated form was not charged"
    return ROUTES.get(route.value, human(route))


def _aggravated(ctx: CaseContext, ch: dict[str, Any]) -> str:
    under = legal.underlying_offence(ch)
    if legal.aggravated_form_exists(ctx.case, ch) and under is not None:
        section = legal.CDA_SECTION[legal.SECTION_OF[under]]
        exists = f"Exists: Yes (Crime and Disorder Act 1998 {section})"
    else:
        exists = "Exists: No"
    return f"{exists}\nCharged: {'Yes' if legal.cda_charged(ch) else 'No'}"


OUTCOMES = {
    ChargeOutcome.PENDING.value: "Pending",
    ChargeOutcome.CONVICTED.value: "Convicted",
    ChargeOutcome.CONVICTED_AGGRAVATION_NOT_PROVED.value: "Convicted of the basic offence; "
    "aggravation not proved",
    ChargeOutcome.ACQUITTED.value: "Acquitted",
    ChargeOutcome.DISCONTINUED.value: "Discontinued",
    ChargeOutcome.NFA.value: "No further action",
}


def _outcome(ch: dict[str, Any]) -> str:
    text = OUTCOMES.get(str(ch.get("outcome")), human(ch.get("outcome")))
    if ch.get("outcome_date"):
        text += f" ({day(ch['outcome_date'])})"
    if ch.get("sentence"):
        text += f"\nSentence: {ch['sentence']}"
    if ch.get("uplift_stated_in_court") and legal.stage(ch) is not legal.Stage.ENDED:
        text += "\nAggravation stated in open court"
    return text


def _plea(ch: dict[str, Any]) -> str:
    plea = PLEAS.get(str(ch.get("plea")), "Not recorded") if ch.get("plea") else "Not recorded"
    if ch.get("plea_basis"):
        plea += f"\nBasis: {ch['plea_basis']}"
    return plea


def _hocr(ch: dict[str, Any]) -> Cell:
    code, _note = legal.hocr_code_now(ch)
    return Cell(code or "Not recorded")


def by_defendant(ctx: CaseContext) -> list[tuple[str, list[dict[str, Any]]]]:
    """The charges grouped under each defendant's name (casework.court.charge_defendant), in
    the order the suspects were added; charges whose defendant is not known come last."""
    names = {str(p["id"]): str(p["name"]) for p in ctx.role(PersonRole.SUSPECT)}
    groups: dict[str, list[dict[str, Any]]] = {}
    for ch in ctx.records("charge"):
        groups.setdefault(court.charge_defendant(ch, ctx.people) or "", []).append(ch)
    order = [k for k in names if k in groups] + [k for k in groups if k not in names]
    return [(names.get(k, NO_DEFENDANT), groups[k]) for k in order]


def _table(ctx: CaseContext, charges: Sequence[dict[str, Any]], title: str) -> Table:
    rows = []
    for ch in charges:
        dates = []
        if ch.get("offence_date"):
            dates.append(f"Offence {day(ch['offence_date'])}")
        if ch.get("charged_on"):
            dates.append(f"charged {day(ch['charged_on'])}")
        rows.append(
            [
                Cell(ch.get("offence") or "", sub="; ".join(dates) or None),
                Cell(ch.get("statute_section") or "Statute not recorded", sub=_route(ch)),
                Cell(_aggravated(ctx, ch)),
                _hocr(ch),
                Cell(_plea(ch)),
                Cell(_outcome(ch)),
            ]
        )
    return Table(
        ["Offence", "Statute and legal route", "Aggravated form", "HOCR", "Plea", "Outcome"],
        rows,
        [1.9, 2.2, 1.3, 0.8, 1.1, 1.4],
        title=title,
    )


def _elements(ch: dict[str, Any]) -> Table | Text:
    pairs = legal.elements(ch)
    offence = ch.get("offence") or "the offence"
    if not pairs:
        return Text(f"Elements of {offence}: not recorded.", "empty")
    return Table(
        ["Element to prove", "Evidence"],
        [[Cell(e), Cell(ev or "Evidence not yet set against this element")] for e, ev in pairs],
        [3.4, 3.6],
        title=f"Elements of the offence: {offence}",
    )


def charges(ctx: CaseContext) -> Section:
    case = ctx.case
    blocks: list[Block] = []
    groups = by_defendant(ctx)
    for name, group in groups:
        blocks.append(_table(ctx, group, f"Defendant: {name}"))
        for ch in group:
            _code, note = legal.hocr_code_now(ch)
            if note:
                blocks.append(Text(f"{ch.get('offence') or 'Charge'}: {note}", "note"))
        blocks += [_elements(ch) for ch in group]
    if not groups:
        blocks.append(Text("No charge recorded yet.", "empty"))
    summary = KeyValues(
        [
            Item("HOCR code(s) recorded", ", ".join(case.get("hocr_codes") or [])),
            Item(
                "Hate-crime flag(s)",
                join(STRANDS[s.value] for s in legal.monitored(case)),
            ),
            Item("CMS hate-crime monitoring flag applied", human(case.get("cms_hate_flag"))),
            item("case_file", case, "fcr_decision", name="Force crime registrar decision"),
            item("case_file", case, "cps_charging_decision", name="CPS charging decision"),
        ]
    )
    blocks += fill_blanks(summary)
    return Section("3", "Charges and offences", blocks)
