"""Section 4: the headline, the summary of events, a chronology from disclosable dates, and what
the key witnesses say.
"""

from __future__ import annotations

import datetime as dt

from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Block, Cell, Section, Table, Text
from hcdesk.export.summary.rules import evidence_restricted
from hcdesk.export.summary.wording import STRANDS, day, human, join
from hcdesk.models.enums import PersonRole


def headline(ctx: CaseContext) -> Section:
    case = ctx.case
    strands = join(STRANDS[str(s)].lower() for s in case.get("monitored_strands") or [])
    kind = human(case.get("record_type")).lower() or "hate crime"
    where = case.get("place") or "a place not recorded"
    on = f" on {day(case['incident_date'])}" if case.get("incident_date") else ""
    charges = [c.get("offence") for c in ctx.records("charge") if c.get("offence")]
    charged = (
        f" Charged: {join(str(c) for c in charges)}." if charges else " No charge recorded yet."
    )
    lead = (
        f"A {kind}{' (' + strands + ')' if strands else ''} at {where}{on}, perceived as "
        f"motivated by hostility.{charged}"
    )
    blocks: list[Block] = [Text("Headline", "subhead"), Text(lead, "lead")]
    blocks.append(Text("Summary of events", "subhead"))
    if case.get("summary"):
        blocks += [Text(p.strip()) for p in str(case["summary"]).split("\n\n") if p.strip()]
    else:
        blocks.append(Text("No summary of the incident recorded.", "empty"))
    # Chronology from disclosable dates.
    events: list[tuple[dt.date, str]] = []
    if case.get("incident_date"):
        time = f" at about {case['incident_time']}" if case.get("incident_time") else ""
        events.append((case["incident_date"], f"Incident{time} at {where}."))
    if case.get("reported_date"):
        events.append((case["reported_date"], "Reported to the police."))
    if case.get("perception_date"):
        events.append((case["perception_date"], "Hostility perceived and recorded."))
    for ch in ctx.records("charge"):
        if ch.get("charged_on"):
            events.append((ch["charged_on"], f"Charged: {ch.get('offence')}."))
        if ch.get("outcome_date"):
            events.append(
                (
                    ch["outcome_date"],
                    f"Outcome for {ch.get('offence')}: {human(ch.get('outcome'))}.",
                )
            )
    for vps in ctx.records("victim_personal_statement"):
        if vps.get("taken_on"):
            events.append((vps["taken_on"], "Victim Personal Statement taken."))
    blocks.append(Text("Chronology", "subhead"))
    if events:
        events.sort(key=lambda e: e[0])
        blocks.append(
            Table(["Date", "Event"], [[Cell(day(d)), Cell(t)] for d, t in events], [1.2, 5.8])
        )
    else:
        blocks.append(Text("No dated events recorded.", "empty"))
    # What the key witnesses say: the evidence each one gives.
    blocks.append(Text("What the key witnesses say", "subhead"))
    said = []
    for p in [*ctx.role(PersonRole.VICTIM), *ctx.role(PersonRole.WITNESS)]:
        ref = p.get("statement_ref")
        items = [
            e
            for e in ctx.evidence
            if ref and e.get("witness_ref") == ref and not evidence_restricted(e)
        ]
        role = "Victim" if str(p["role"]) == PersonRole.VICTIM.value else "Witness"
        if items:
            quotes = "; ".join(
                f"{ctx.numbers[e['id']]}: \u201c{e['words_or_conduct']}\u201d"
                + (f" (translation: {e['translation']})" if e.get("translation") else "")
                for e in items
            )
            said.append(Text(f"{role} {p['name']} ({ref}) gives evidence of {quotes}."))
        elif ref:
            said.append(Text(f"{role} {p['name']}: statement {ref}."))
    blocks += said or [Text("No witness statements are referenced on the case file.", "empty")]
    return Section("4", "Headline, summary of events and key witnesses", blocks)
