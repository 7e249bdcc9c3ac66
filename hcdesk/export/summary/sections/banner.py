"""Section 2, the boxed hostility-aggravation flag on page 1: strands, on whose perception the
case was flagged, the legal route per charge and strand, the limbs relied on, and what the law
then asks of the court. The law itself is :mod:`hcdesk.casework.legal`; this only words it.
"""

from __future__ import annotations

from hcdesk.casework import legal
from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Banner, Item
from hcdesk.export.summary.rules import evidence_restricted
from hcdesk.export.summary.wording import LIMB_LAW, PERCEIVERS, STRANDS, day, join
from hcdesk.models.enums import HostilityLimb

PERCEPTION_IS_NOT_PROOF = (
    "Perception is the basis for flagging the case as a hate crime, not proof of hostility: "
    "proof rests on the hostility evidence schedule."
)


def _strands(ctx: CaseContext) -> str:
    case = ctx.case
    strands = [STRANDS[s.value] for s in legal.monitored(case)]
    local = [STRANDS[s.value] for s in legal.local(case)]
    text = join(strands) or "No monitored strand recorded"
    if local:
        text += (
            f"; also recorded locally: {join(local)} (not a monitored strand; no statutory "
            "aggravation applies)"
        )
    return text


def _perception(ctx: CaseContext, *, incident: bool = False) -> str:
    case = ctx.case
    perceivers = join(PERCEIVERS[str(p)] for p in case.get("perceived_by") or []) or "no one"
    text = perceivers[0].upper() + perceivers[1:]
    if case.get("perception_date"):
        text += f", on {day(case['perception_date'])}"
    text += "."
    if case.get("perception_note"):
        note = str(case["perception_note"]).strip().rstrip(".")
        text += f" {ctx.unnamed(note) if incident else note}."
    return text if incident else f"{text}\n{PERCEPTION_IS_NOT_PROOF}"


def _routes(ctx: CaseContext, law: legal.HostilityLaw) -> str:
    charges = ctx.records("charge")
    lines: list[str] = []
    for r in law.routes:
        if r.text not in lines:
            lines.append(r.text)
    if not charges and legal.monitored(ctx.case):
        lines.insert(
            0,
            "No charge recorded yet. For racial or religious hostility the CPS may charge an "
            "aggravated offence (Crime and Disorder Act 1998 ss.29-32) where the basic offence "
            "is one the Act lists; otherwise, and for the other monitored strands, it asks for "
            "a Sentencing Act 2020 s.66 uplift.",
        )
    return "\n".join(lines) or "No legal route: no monitored strand is recorded."


def banner(ctx: CaseContext, *, with_restricted: bool = False) -> Banner:
    """The banner. The CPS variant's banner is on a disclosable page, so it cites only
    disclosable evidence; the FULL variant's cites police/CPS-only items (R1...) too."""
    case = ctx.case
    if not legal.prosecution_summary_allowed(case.get("record_type")):
        return Banner(
            "Hate incident: no offence recorded",
            [
                Item("Strand(s)", _strands(ctx)),
                Item("Perceived as motivated by hostility by", _perception(ctx, incident=True)),
            ],
            [],
            legal.no_prosecution_summary_reason(case.get("record_type")),
        )
    law = legal.hostility_law(case, ctx.records("charge"))
    open_ev = [e for e in ctx.evidence if with_restricted or not evidence_restricted(e)]
    limbs: list[str] = []
    for limb in HostilityLimb:
        refs = [ctx.numbers[e["id"]] for e in open_ev if str(e.get("limb")) == limb.value]
        if refs:
            limbs.append(f"{LIMB_LAW[limb.value]}. Evidence {', '.join(refs)}.")
    items = [
        Item("(i) Monitored strand(s)", _strands(ctx)),
        Item("(ii) Flagged as a hate crime on the perception of", _perception(ctx)),
        Item("(iii) Legal route", _routes(ctx, law)),
        Item(
            "(iv) Limb(s) relied on",
            "\n".join(limbs) or "No hostility evidence recorded in the schedule.",
        ),
    ]
    warning = "\n".join(law.warnings) or None
    return Banner(law.heading, items, list(law.statements), warning)
