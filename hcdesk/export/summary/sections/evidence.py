"""The sections drawn from the hostility evidence: the schedule (words or conduct quoted
verbatim, then the interview accounts), background and pattern evidence, and the Sentencing
Council's aggravation-level indicators. (Section numbers: hcdesk.export.summary.order.)
"""

from __future__ import annotations

from typing import Any

from hcdesk.casework import legal
from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Block, Cell, Item, KeyValues, Section, Table, Text
from hcdesk.export.summary.order import Part
from hcdesk.export.summary.rules import (
    evidence_annex_reason,
    evidence_is_background,
    evidence_restricted,
    link_restricted,
)
from hcdesk.export.summary.wording import (
    ACCOUNTS,
    FACTORS,
    LIMBS,
    LINKS_NOTE,
    LINKS_TITLE,
    PERCEIVERS,
    SOURCES,
    STRANDS,
    TIMINGS,
    day,
    human,
    join,
    link_case,
    link_shared,
    links_sentence,
    lower_first,
)
from hcdesk.models.enums import AggravationFactor, EvidenceSource, PersonRole

# -- hostility evidence schedule -------------------------------------------------------------------


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
    source = SOURCES.get(str(e.get("source")), human(e.get("source")))
    relied = "Relied on" if evidence_is_background(e) and e.get("relied_on") else None
    return [
        Cell(ctx.numbers[e["id"]]),
        Cell(e.get("words_or_conduct") or "", sub="\n".join(sub) or None, verbatim=True),
        Cell(TIMINGS.get(str(e.get("timing")), human(e.get("timing")))),
        Cell(LIMBS.get(str(e.get("limb")), human(e.get("limb")))),
        Cell(strand or "Not recorded"),
        Cell(source, sub=(evidence_annex_reason(e) or None) if evidence_restricted(e) else relied),
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
                "translations are given beneath. Timing is relative to the "
                + ("incident." if ctx.incident else "offence."),
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
                title=(
                    "Hostility evidence not for disclosure: classed police/CPS only, background "
                    "not relied on, or intelligence"
                ),
            )
        )
    if not ctx.incident:
        blocks += interview_accounts(ctx)
    title = "Words and conduct recorded" if ctx.incident else "Hostility evidence schedule"
    return Section(ctx.number(Part.EVIDENCE), title, blocks)


ACCOUNT_HEADER = ["Suspect", "Account", "Summary", "Response to the alleged hostility", "MG15"]
ACCOUNT_WIDTHS = [1.2, 1.0, 2.2, 1.7, 0.9]


def interview_accounts(ctx: CaseContext) -> list[Block]:
    """What each suspect said in interview (MG15), then the schedule's interview items. An
    uncharged suspect's account is police/CPS only, like everything else about them."""
    open_rows: list[list[Cell]] = []
    closed_rows: list[list[Cell]] = []
    for iv in ctx.records("interview_account"):
        p = ctx.person(iv.get("person_id"))
        who = Cell(p["name"], sub=ctx.label(p), verbatim=True) if p else Cell("Not recorded")
        row = [
            who,
            Cell(
                ACCOUNTS.get(str(iv.get("account")), human(iv.get("account"))),
                sub=day(iv.get("interviewed_on")) or None,
            ),
            Cell(iv.get("summary") or "No summary recorded"),
            Cell(iv.get("hostility_response") or "Not recorded"),
            Cell(iv.get("record_ref") or "Not recorded"),
        ]
        hidden = ctx.held_back(p)
        (closed_rows if hidden else open_rows).append(row)
    blocks: list[Block] = [Text("Admissions or denials in interview (MG15)", "subhead")]
    if open_rows:
        blocks.append(Table(ACCOUNT_HEADER, open_rows, ACCOUNT_WIDTHS))
    if closed_rows:
        blocks.append(
            Table(
                ACCOUNT_HEADER,
                closed_rows,
                ACCOUNT_WIDTHS,
                restricted=True,
                title="Interview accounts of suspects not charged (or not known which suspect)",
            )
        )
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
    if not (open_rows or interview):
        blocks.append(Text("No admissions or denials in interview recorded.", "empty"))
    return blocks


# -- background and pattern ------------------------------------------------------------------------

SUBJECT_HELD = (
    "Anything recorded about the subject (previous incidents, group association, orders or "
    "injunctions) is held in the police-only annex."
)
BACKGROUND_FIELDS = (
    # (title, role, field, what the disclosable page says when none is relied on)
    (
        "Previous incidents involving the victim",
        PersonRole.VICTIM,
        "previous_incidents",
        "No previous incidents involving the victim are relied on.",
    ),
    (
        "Previous incidents involving the defendant",
        PersonRole.SUSPECT,
        "previous_incidents",
        "No previous incidents involving the defendant are relied on.",
    ),
    (
        "Group association",
        PersonRole.SUSPECT,
        "group_association",
        "No group association is relied on.",
    ),
    (
        "Existing orders or injunctions and any breach",
        PersonRole.SUSPECT,
        "orders_injunctions",
        "No existing orders or injunctions against a defendant recorded.",
    ),
)


def background(ctx: CaseContext) -> Section:
    """Background by the disclosure defaults: what is relied on (and, for a suspect, only once
    charged) on the disclosable page; the rest, and all intelligence, in the annex. The
    disclosable page says the same whether or not anything is held back, so it never hints at
    what the annex holds. Bad character is referred to the MG16, never set out here."""
    blocks: list[Block] = []
    incident = ctx.incident
    if incident:
        blocks.append(Text(SUBJECT_HELD, "note"))
    for title, role, key, none in BACKGROUND_FIELDS:
        people = [p for p in ctx.role(role) if p.get(key)]
        shown = [Item(_who(ctx, p), str(p[key])) for p in people if not ctx.hidden(p, key)]
        held = [
            Item(_who(ctx, p), str(p[key]), restricted=True) for p in people if ctx.hidden(p, key)
        ]
        if incident and role is PersonRole.SUSPECT:  # all of it held: said once, above
            about = f"About the subject: {lower_first(title)}"
            blocks += [KeyValues(held, restricted=True, title=about)] if held else []
            continue
        blocks.append(Text(title, "subhead"))
        if shown:
            blocks.append(KeyValues(shown))
            if key == "previous_incidents" and role is PersonRole.SUSPECT:
                blocks.append(
                    Text(
                        "Relied on as evidence of hostility. Any bad character application is "
                        "made on the MG16; previous convictions are not set out here.",
                        "note",
                    )
                )
        else:
            blocks.append(Text(none, "empty"))
        if held:
            blocks.append(
                KeyValues(held, restricted=True, title=f"{title}: not relied on, or not charged")
            )
    intel = [p for p in ctx.role(PersonRole.SUSPECT) if p.get("intelligence")]
    if intel:
        blocks.append(
            KeyValues(
                [Item(_who(ctx, p), str(p["intelligence"]), restricted=True) for p in intel],
                restricted=True,
                title="Intelligence (never disclosed; sensitive material, MG6D)",
            )
        )
    pattern = [e for e in ctx.evidence if evidence_is_background(e) and not evidence_restricted(e)]
    if pattern:
        blocks.append(
            Text(
                f"See also the evidence in section {ctx.number(Part.EVIDENCE)}: "
                + ", ".join(ctx.numbers[e["id"]] for e in pattern)
                + "."
            )
        )
    blocks += linked_cases(ctx)
    if not incident:
        blocks.append(Text("Bad character is dealt with by reference to the MG16 only.", "note"))
    title = "Background" if incident else "Background and pattern evidence"
    return Section(ctx.number(Part.BACKGROUND), title, blocks)


def linked_cases(ctx: CaseContext) -> list[Block]:
    """The repeat pattern: the other cases on the force's records that share the victim, a
    suspect or the place, one line for each thing shared, worded neutrally. Each goes where
    :func:`~hcdesk.export.summary.rules.link_restricted` puts it (the annex); the disclosable
    page says nothing of them, so it never hints that there are any."""
    suspect = "the subject" if ctx.incident else "the suspect"
    groups: dict[tuple[str, str, bool], list[str]] = {}
    for link in ctx.links:
        key = (link.label, link_shared(link, suspect), link_restricted(link))
        groups.setdefault(key, []).append(link_case(link))
    blocks: list[Block] = []
    for restricted in (False, True):
        items = [
            Item(kind, links_sentence(shared, cases), restricted)
            for (kind, shared, r), cases in groups.items()
            if r is restricted
        ]
        if items:
            items.append(Item("Note", LINKS_NOTE, restricted))
            blocks.append(KeyValues(items, restricted=restricted, title=LINKS_TITLE))
    return blocks


def _who(ctx: CaseContext, p: dict[str, Any]) -> str:
    return f"{p['name']}, {lower_first(ctx.label(p))}"


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
