"""Sections 5 to 7, from the hostility evidence: the schedule (words or conduct quoted verbatim),
background and pattern evidence, and the Sentencing Council's aggravation-level indicators.
"""

from __future__ import annotations

from typing import Any

from hcdesk.casework import legal
from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Block, Cell, Item, KeyValues, Section, Table, Text
from hcdesk.export.summary.rules import evidence_restricted, restricted
from hcdesk.export.summary.wording import (
    FACTORS,
    LIMBS,
    PERCEIVERS,
    SOURCES,
    STRANDS,
    TIMINGS,
    human,
    join,
)
from hcdesk.models.enums import AggravationFactor, EvidenceSource, PersonRole

# -- 5. hostility evidence schedule ----------------------------------------------------------------


def _evidence_row(ctx: CaseContext, e: dict[str, Any]) -> list[Cell]:
    sub = []
    if e.get("language"):
        sub.append(f"Language: {e['language']}")
    if e.get("translation"):
        sub.append(f"Translation: {e['translation']}")
    strand = STRANDS.get(str(e.get("strand")), "") if e.get("strand") else ""
    if e.get("local_strand"):
        strand = join([strand, STRANDS[str(e["local_strand"])]])
    refs = [
        f"Exhibit {e['exhibit_ref']}" if e.get("exhibit_ref") else "",
        f"Witness {e['witness_ref']}" if e.get("witness_ref") else "",
    ]
    perceived = (
        f"Perceived by {PERCEIVERS[str(e['perceived_by'])]}" if e.get("perceived_by") else None
    )
    return [
        Cell(ctx.numbers[e["id"]]),
        Cell(e.get("words_or_conduct") or "", sub="\n".join(sub) or None, verbatim=True),
        Cell(TIMINGS.get(str(e.get("timing")), human(e.get("timing")))),
        Cell(LIMBS.get(str(e.get("limb")), human(e.get("limb")))),
        Cell(strand or "Not recorded"),
        Cell(SOURCES.get(str(e.get("source")), human(e.get("source")))),
        Cell("\n".join(r for r in refs if r) or "None", sub=perceived),
    ]


EVIDENCE_HEADER = [
    "No.",
    "Words or conduct (verbatim)",
    "Timing",
    "Limb",
    "Strand",
    "Source",
    "Refs",
]
EVIDENCE_WIDTHS = [0.45, 2.85, 1.05, 1.3, 1.0, 1.05, 1.15]


def evidence_schedule(ctx: CaseContext) -> Section:
    open_rows = [_evidence_row(ctx, e) for e in ctx.evidence if not evidence_restricted(e)]
    closed_rows = [_evidence_row(ctx, e) for e in ctx.evidence if evidence_restricted(e)]
    blocks: list[Block] = []
    if open_rows:
        blocks.append(
            Text(
                "Words are quoted exactly as recorded, in the original language and spelling; "
                "translations are given beneath. Timing is relative to the offence.",
                "note",
            )
        )
        blocks.append(Table(EVIDENCE_HEADER, open_rows, EVIDENCE_WIDTHS))
    else:
        blocks.append(Text("No disclosable hostility evidence recorded.", "empty"))
    if closed_rows:
        blocks.append(
            Table(
                EVIDENCE_HEADER,
                closed_rows,
                EVIDENCE_WIDTHS,
                restricted=True,
                title="Hostility evidence classed police/CPS only",
            )
        )
    blocks.append(Text("Admissions or denials in interview (MG15)", "subhead"))
    interview = [
        e
        for e in ctx.evidence
        if str(e.get("source")) == EvidenceSource.INTERVIEW_ADMISSION_MG15.value
        and not evidence_restricted(e)
    ]
    if interview:
        blocks += [
            Text(f"{ctx.numbers[e['id']]}: \u201c{e['words_or_conduct']}\u201d") for e in interview
        ]
    else:
        blocks.append(Text("No admissions or denials in interview recorded.", "empty"))
    return Section("5", "Hostility evidence schedule", blocks)


# -- 6. background and pattern ---------------------------------------------------------------------


def background(ctx: CaseContext) -> Section:
    blocks: list[Block] = []
    victims = ctx.role(PersonRole.VICTIM)
    suspects = ctx.role(PersonRole.SUSPECT)

    def kv(title: str, people: list[dict[str, Any]], key: str, empty: str) -> None:
        items = [
            Item(p["name"], str(p[key]), restricted("person", key)) for p in people if p.get(key)
        ]
        blocks.append(Text(title, "subhead"))
        blocks.append(KeyValues(items) if items else Text(empty, "empty"))

    kv(
        "Previous incidents involving the victim",
        victims,
        "previous_incidents",
        "No previous incidents involving the victim recorded.",
    )
    kv(
        "Previous incidents involving the defendant",
        suspects,
        "previous_incidents",
        "No previous incidents involving the defendant recorded.",
    )
    kv("Group association", suspects, "group_association", "No group association recorded.")
    kv(
        "Existing orders or injunctions and any breach",
        suspects,
        "orders_injunctions",
        "No existing orders or injunctions recorded.",
    )
    pattern = [
        e
        for e in ctx.evidence
        if str(e.get("source"))
        in (EvidenceSource.PREVIOUS_INCIDENT.value, EvidenceSource.GROUP_ASSOCIATION.value)
        and not evidence_restricted(e)
    ]
    if pattern:
        blocks.append(
            Text(
                "See also the hostility evidence schedule: "
                + ", ".join(ctx.numbers[e["id"]] for e in pattern)
                + "."
            )
        )
    blocks.append(Text("Bad character is dealt with on a separate MG16.", "note"))
    return Section("6", "Background and pattern evidence", blocks)


# -- 7. aggravation-level indicators ---------------------------------------------------------------


def indicators(ctx: CaseContext) -> Section:
    def rows(items: list[dict[str, Any]]) -> list[list[Cell]]:
        out = []
        for factor in AggravationFactor:
            refs = [
                ctx.numbers[e["id"]]
                for e in items
                if factor.value in [str(f) for f in e.get("aggravation_factors") or []]
            ]
            if refs:
                out.append([Cell(FACTORS[factor.value]), Cell(", ".join(refs))])
        return out

    open_rows = rows([e for e in ctx.evidence if not evidence_restricted(e)])
    closed_rows = rows([e for e in ctx.evidence if evidence_restricted(e)])
    if legal.monitored(ctx.case) and not legal.aggravation_for_sentence(
        ctx.case, ctx.records("charge")
    ):
        # rule: indicators_only_while_the_aggravation_stands
        blocks: list[Block] = [
            Text(
                "The hostility aggravation was not proved, or there was no conviction: the "
                "Sentencing Council indicators do not arise. Any recorded are kept in the "
                "police/CPS-only annex for the record.",
                "note",
            )
        ]
        if open_rows or closed_rows:
            blocks.append(
                Table(
                    ["Factor recorded", "Evidence"],
                    open_rows + closed_rows,
                    [5.2, 1.8],
                    restricted=True,
                    title="Indicators recorded before the outcome (not for sentence)",
                )
            )
        return Section("7", "Aggravation-level indicators", blocks)
    blocks = [
        Text(
            "Sentencing Council factors indicating a higher level of hostility, each with the "
            "evidence that supports it. Facts only: this is not a police view on sentence.",
            "note",
        )
    ]
    if open_rows:
        blocks.append(Table(["Factor present", "Evidence"], open_rows, [5.2, 1.8]))
    else:
        blocks.append(Text("No aggravation-level indicators recorded.", "empty"))
    if closed_rows:
        blocks.append(
            Table(
                ["Factor present", "Evidence"],
                closed_rows,
                [5.2, 1.8],
                restricted=True,
                title="Indicators supported by police/CPS-only evidence",
            )
        )
    return Section("7", "Aggravation-level indicators", blocks)
