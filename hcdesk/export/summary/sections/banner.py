"""Section 2, the boxed hostility-aggravation flag on page 1: strands, who perceived the
hostility, the legal route, the limbs relied on, and what the law asks of the court.
"""

from __future__ import annotations

from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Banner, Item
from hcdesk.export.summary.rules import evidence_restricted, legal_route_lines
from hcdesk.export.summary.wording import LIMB_LAW, PERCEIVERS, STRANDS, day, join
from hcdesk.models.enums import HostilityLimb, RecordType


def banner(ctx: CaseContext, *, with_restricted: bool = False) -> Banner:
    """The banner. The CPS variant's banner is on a disclosable page, so it cites only
    disclosable evidence; the FULL variant's cites police/CPS-only items (R1...) too."""
    case = ctx.case
    strands = [STRANDS[str(s)] for s in case.get("monitored_strands") or []]
    local = [STRANDS[str(s)] for s in case.get("local_strands") or []]
    strand_text = join(strands) or "No monitored strand recorded"
    if local:
        strand_text += f"; also recorded locally: {join(local)} (not covered by s.66)"
    perceivers = [PERCEIVERS[str(p)] for p in case.get("perceived_by") or []]
    perceived = join(perceivers) or "Not recorded"
    perceived = perceived[0].upper() + perceived[1:]
    if case.get("perception_date"):
        perceived += f", on {day(case['perception_date'])}"
    if case.get("perception_note"):
        perceived += f". {case['perception_note']}"
    routes, notes = legal_route_lines(ctx.records("charge"))
    open_ev = [e for e in ctx.evidence if with_restricted or not evidence_restricted(e)]
    limbs: list[str] = []
    for limb in HostilityLimb:
        refs = [ctx.numbers[e["id"]] for e in open_ev if str(e.get("limb")) == limb.value]
        if refs:
            limbs.append(f"{LIMB_LAW[limb.value]}. Evidence {', '.join(refs)}.")
    limb_text = "\n".join(limbs) or "No hostility evidence recorded in the schedule."
    items = [
        Item("(i) Monitored strand(s)", strand_text),
        Item("(ii) Perceived as hate crime by", perceived),
        Item("(iii) Legal route", "\n".join(routes + notes)),
        Item("(iv) Limb(s) relied on", limb_text),
    ]
    statements = [
        "(v) The court must treat the hostility as an aggravating factor and must state in "
        "open court that the offence is so aggravated (Sentencing Act 2020 s.66(2)). Where an "
        "aggravated offence under Crime and Disorder Act 1998 ss.29-32 is charged, the hostility "
        "is an element of that offence and s.66 does not apply to it (s.66(3)).",
        "(vi) The Sentencing Council expects the court to state what the sentence would have "
        "been without the aggravation.",
        "(vii) The defendant must be put on notice of the alleged hostility aggravation and be "
        "able to challenge it. If a guilty plea disputes the hostility, a Newton hearing may be "
        "needed (DPP v Giles [2019] EWHC 2015 (Admin)).",
    ]
    warning = None
    rtype = str(case.get("record_type"))
    if rtype == RecordType.NON_CRIME_HATE_INCIDENT.value:
        warning = (
            "Recorded as a non-crime hate incident: no offence is disclosed. The statements below "
            "apply only if an offence is charged."
        )
    elif rtype == RecordType.HATE_INCIDENT_UNCLASSIFIED.value:
        warning = "Recorded as a hate incident that is not yet classified."
    return Banner("Hostility aggravation: hate crime flag", items, statements, warning)
