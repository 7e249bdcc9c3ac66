"""The boxed flag of an incident record (a non-crime hate incident, or one not yet classified):
the strands and who perceived the hostility, and that no offence is alleged. No legal route and
no duty of the court: this is not a prosecution document."""

from __future__ import annotations

from hcdesk.export.summary.context import CaseContext
from hcdesk.export.summary.model import Banner, Item
from hcdesk.export.summary.wording import STRANDS, day, join, perceivers_phrase
from hcdesk.models.enums import RecordType


def incident_banner(ctx: CaseContext) -> Banner:
    case = ctx.case
    strands = join(STRANDS[str(s)] for s in case.get("monitored_strands") or [])
    local = join(STRANDS[str(s)] for s in case.get("local_strands") or [])
    strand_text = strands or "No monitored strand recorded"
    if local:
        strand_text += f"; also recorded locally: {local}"
    perceived = perceivers_phrase(case.get("perceived_by") or []) or "not recorded"
    perceived = perceived[0].upper() + perceived[1:]
    if case.get("perception_date"):
        perceived += f", on {day(case['perception_date'])}"
    if case.get("perception_note"):
        perceived += f". {ctx.unnamed(str(case['perception_note']))}"
    nchi = str(case.get("record_type")) == RecordType.NON_CRIME_HATE_INCIDENT.value
    return Banner(
        "Hostility flag: non-crime hate incident" if nchi else "Hostility flag: hate incident",
        [
            Item("Monitored strand(s)", strand_text),
            Item("Perceived as motivated by hostility by", perceived),
        ],
        [],
        (
            "Recorded as a non-crime hate incident: no offence is alleged. This record is not a "
            "prosecution document and is not for service."
            if nchi
            else "Recorded as a hate incident not yet classified: no offence is alleged. This "
            "record is not a prosecution document and is not for service."
        ),
    )
