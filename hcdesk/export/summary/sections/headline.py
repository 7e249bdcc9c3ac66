"""The headline, the summary of events, a chronology from disclosable dates, and what the key
witnesses say.

The headline states the allegation as an allegation, and the perception as a perception: a case
is *flagged* on anyone's perception, but the hostility is *proved* by evidence (DOMAIN.md (a)
principle 3), so it points to the evidence schedule instead of calling the case a hate crime.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hcdesk.casework import court
from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Block, Cell, Section, Table, Text
from hcdesk.export.summary.order import Part
from hcdesk.export.summary.rules import evidence_restricted
from hcdesk.export.summary.wording import (
    ACCOUNTS,
    BAIL,
    HEARINGS,
    RECORD_TYPES,
    day,
    human,
    join,
    lower_first,
    perceivers_phrase,
    strands_phrase,
)
from hcdesk.models.enums import PersonRole


def _when_where(case: dict[str, Any]) -> str:
    start, end = case.get("incident_date"), case.get("incident_end_date")
    if start and end and end != start:
        when = f"between {day(start)} and {day(end)}"
    elif start:
        time = f" at about {case['incident_time']}" if case.get("incident_time") else ""
        when = f"on {day(start)}{time}"
    else:
        when = "on a date not recorded"
    where = f"at {case['place']}" if case.get("place") else "at a place not recorded"
    return f"{when} {where}"


def _perception(case: dict[str, Any], subject: str) -> str:
    who = perceivers_phrase(case.get("perceived_by") or []) or "a person not recorded"
    grounds = strands_phrase(case.get("monitored_strands") or [])
    on = f" on the grounds of {grounds}" if grounds else ""
    return f"{who[0].upper()}{who[1:]} perceived {subject} as motivated by hostility{on}"


def prosecution_lead(ctx: CaseContext) -> str:
    """ "It is alleged that on ... at ..., [defendant] committed [offences]. The victim ...
    perceived it as motivated by hostility on the grounds of ...; the prosecution relies on the
    evidence in section N to prove the hostility." """
    case = ctx.case
    charges = ctx.records("charge")
    alleged: list[str] = []
    for p in ctx.role(PersonRole.SUSPECT):
        if p["id"] not in ctx.charged:
            continue
        offences = [
            lower_first(str(ch["offence"]))
            for ch in court.charges_of(p["id"], ctx.people, charges)
            if ch.get("offence")
        ]
        if offences:
            alleged.append(f"{p['name']} committed {join(offences)}")
    unassigned = [
        lower_first(str(c["offence"]))
        for c in charges
        if c.get("offence") and court.charge_defendant(c, ctx.people) is None
    ]
    if unassigned:
        noun = "the offence" if len(unassigned) == 1 else "the offences"
        verb = "was" if len(unassigned) == 1 else "were"
        alleged.append(
            f"{noun} of {join(unassigned)} {verb} committed (the charge does not say by whom)"
        )
    if alleged:
        first = f"It is alleged that {_when_where(case)}, {join(alleged)}."
    else:
        first = f"An offence is alleged {_when_where(case)}; no charge is recorded yet."
    section = ctx.number(Part.EVIDENCE)
    proof = (
        f"the prosecution relies on the evidence in section {section} to prove the hostility"
        if any(not evidence_restricted(e) for e in ctx.evidence)
        else f"no evidence to prove the hostility is recorded in section {section} yet"
    )
    return f"{first} {_perception(case, 'it')}; {proof}."


def incident_lead(ctx: CaseContext) -> str:
    """The incident record's headline: what was reported and how it is recorded, no offence."""
    case = ctx.case
    kind = RECORD_TYPES.get(str(case.get("record_type")), "hate incident")
    status = (
        "It is recorded as a non-crime hate incident: no offence is alleged."
        if kind == RECORD_TYPES["NON_CRIME_HATE_INCIDENT"]
        else "It is recorded as a hate incident not yet classified: no offence is alleged."
    )
    return (
        f"An incident was reported {_when_where(case)}. "
        f"{_perception(case, 'the incident')}. {status}"
    )


def _chronology(ctx: CaseContext) -> list[Block]:
    case = ctx.case
    where = case.get("place") or "a place not recorded"
    open_events: list[tuple[dt.date, str]] = []
    closed_events: list[tuple[dt.date, str]] = []

    def about(person_id: str | None, when: dt.date | None, text: str) -> None:
        """An event about a suspect: in the annex when the suspect is not charged."""
        if when is None:
            return
        p = ctx.person(person_id)
        if ctx.incident:
            who, hidden = "The subject", True
        elif p is None:  # not known which suspect: treated as not charged
            who, hidden = "A suspect", True
        else:
            who, hidden = p["name"], ctx.held_back(p)
        (closed_events if hidden else open_events).append((when, f"{who}: {text}"))

    if case.get("incident_date"):
        time = f" at about {case['incident_time']}" if case.get("incident_time") else ""
        end = case.get("incident_end_date")
        if end and end != case["incident_date"]:
            open_events.append((case["incident_date"], f"Course of conduct begins, at {where}."))
            open_events.append((end, "Last incident of the course of conduct."))
        else:
            open_events.append((case["incident_date"], f"Incident{time} at {where}."))
    if case.get("reported_date"):
        open_events.append((case["reported_date"], "Reported to the police."))
    if case.get("perception_date"):
        open_events.append((case["perception_date"], "Hostility perceived and recorded."))
    for iv in ctx.records("interview_account"):
        account = ACCOUNTS.get(str(iv.get("account")), human(iv.get("account")))
        about(iv.get("person_id"), iv.get("interviewed_on"), f"interviewed ({account.lower()}).")
    for b in ctx.records("bail_record"):
        if b.get("proposed"):
            continue
        status = BAIL.get(str(b.get("status")), human(b.get("status")))
        until = f" until {day(b['until_date'])}" if b.get("until_date") else ""
        about(b.get("person_id"), b.get("from_date"), f"{status.lower()}{until}.")
    for ch in ctx.records("charge"):
        who = ctx.person(court.charge_defendant(ch, ctx.people))
        name = f"{who['name']} charged" if who else "Charged"
        if ch.get("charged_on"):
            open_events.append((ch["charged_on"], f"{name}: {ch.get('offence')}."))
        if ch.get("outcome_date"):
            open_events.append(
                (
                    ch["outcome_date"],
                    f"Outcome for {ch.get('offence')}: {human(ch.get('outcome'))}.",
                )
            )
    if not ctx.incident:
        for listing in ctx.records("court_listing"):
            what = HEARINGS.get(str(listing.get("hearing_type")), "Hearing")
            at = f" at {listing['time']}" if listing.get("time") else ""
            open_events.append((listing["listed_for"], f"{what} at {listing['court']}{at}."))
    for vps in ctx.records("victim_personal_statement"):
        if vps.get("taken_on"):
            open_events.append((vps["taken_on"], "Victim Personal Statement taken."))
    blocks: list[Block] = [Text("Chronology", "subhead")]
    if open_events:
        open_events.sort(key=lambda e: e[0])
        blocks.append(
            Table(["Date", "Event"], [[Cell(day(d)), Cell(t)] for d, t in open_events], [1.2, 5.8])
        )
    else:
        blocks.append(Text("No dated events recorded.", "empty"))
    if closed_events:
        closed_events.sort(key=lambda e: e[0])
        blocks.append(
            Table(
                ["Date", "Event"],
                [[Cell(day(d)), Cell(t)] for d, t in closed_events],
                [1.2, 5.8],
                restricted=True,
                title="Chronology: the subject"
                if ctx.incident
                else "Chronology: suspects not charged",
            )
        )
    return blocks


def _witnesses(ctx: CaseContext) -> list[Block]:
    """What each victim and witness says (their statement's summary) and the evidence each
    gives, by statement reference."""
    said: list[Block] = []
    for p in [*ctx.role(PersonRole.VICTIM), *ctx.role(PersonRole.WITNESS)]:
        ref = p.get("statement_ref")
        items = [
            e
            for e in ctx.evidence
            if ref and e.get("witness_ref") == ref and not evidence_restricted(e)
        ]
        role = ctx.label(p)
        if not (ref or p.get("statement_summary")):
            continue
        made = []
        if ref:
            made.append(f"statement {ref}")
        if p.get("statement_date"):
            made.append(f"made {day(p['statement_date'])}")
        head = f"{role} {p['name']}" + (f" ({', '.join(made)})" if made else "")
        summary = ctx.unnamed(str(p.get("statement_summary") or "").strip())
        said.append(Text(f"{head}: {summary}" if summary else f"{head}: no summary recorded."))
        if items:
            quotes = "; ".join(
                f"{ctx.numbers[e['id']]}: \u201c{e['words_or_conduct']}\u201d"
                + (f" (translation: {e['translation']})" if e.get("translation") else "")
                for e in items
            )
            said.append(Text(f"Gives evidence of {quotes}.", "note"))
    return said or [Text("No witness statements are referenced on the case file.", "empty")]


def headline(ctx: CaseContext) -> Section:
    case = ctx.case
    lead = incident_lead(ctx) if ctx.incident else prosecution_lead(ctx)
    blocks: list[Block] = [Text("Headline", "subhead"), Text(lead, "lead")]
    blocks.append(Text("Summary of events", "subhead"))
    if case.get("summary"):
        text = ctx.unnamed(str(case["summary"]))
        blocks += [Text(p.strip()) for p in text.split("\n\n") if p.strip()]
    else:
        blocks.append(Text("No summary of the incident recorded.", "empty"))
    blocks += _chronology(ctx)
    blocks.append(
        Text("What the witnesses say" if ctx.incident else "What the key witnesses say", "subhead")
    )
    blocks += _witnesses(ctx)
    title = (
        "Headline, summary of events and witnesses"
        if ctx.incident
        else "Headline, summary of events and key witnesses"
    )
    return Section(ctx.number(Part.HEADLINE), title, blocks)
