"""The words the summary uses for stored values: labels, legal wording, dates and times."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

from hcdesk.casework import repeats
from hcdesk.casework.casefile import MODELS
from hcdesk.models import labels
from hcdesk.models.enums import (
    AggravationFactor,
    ApplicationKind,
    BailStatus,
    EvidenceSource,
    FileStage,
    Force,
    HearingType,
    HostilityLimb,
    HostilityTiming,
    InterviewAccountKind,
    LegalRoute,
    LocalStrand,
    MonitoredStrand,
    PersonRole,
    ProtectiveMarking,
    RecordType,
    ReferralAgency,
    SignOffRole,
    VictimsCodeEventKind,
    VictimsCodeStatus,
    VPSImpact,
    WishItem,
)

# -- labels for stored values ---------------------------------------------------------------------
# The words for every stored value are written once, in hcdesk.models.labels; these tables give
# them by stored text for the sections. Only what the summary says differently is written here:
# who perceived the hostility inside a sentence ("a witness"), a suspect as "Defendant" once
# charged, and the law in full where a form shows its short name.


def lower_first(text: str) -> str:
    """A label inside a sentence: "Crime reference" -> "crime reference"; "CPS area" stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _words(enum_cls: type[enum.StrEnum]) -> dict[str, str]:
    return {str(m.value): labels.label(m) for m in enum_cls}


MARKING_LABELS = {m: labels.label(m) for m in ProtectiveMarking}

STRANDS = {
    **_words(MonitoredStrand),
    **{str(s.value): f"{labels.label(s)} (local)" for s in LocalStrand},
}
PERCEIVERS = {
    "VICTIM": "the victim",
    "WITNESS": "a witness",
    "POLICE_OFFICER_STAFF": "a police officer or member of staff",
    "FAMILY_MEMBER": "a family member",
    "CARER_PROFESSIONAL": "a carer or professional",
    "THIRD_PARTY_REPORTING_ORG": "a third-party reporting organisation",
    "MEMBER_OF_TARGETED_GROUP": "a member of the targeted group",
    "OTHER": "another person",
}
"""Who perceived the hostility, inside a sentence ("perceived by a witness")."""
ROUTES = {str(r.value): labels.ROUTE_NAMES[r] for r in LegalRoute}
LIMBS = _words(HostilityLimb)
LIMB_LAW = {
    str(limb.value): f"{labels.label(limb)}: {lower_first(labels.help_text(limb))}"
    for limb in HostilityLimb
}
TIMINGS = _words(HostilityTiming)
SOURCES = _words(EvidenceSource)
FACTORS = {str(f.value): labels.help_text(f) for f in AggravationFactor}
RECORD_TYPES = _words(RecordType)
FILE_STAGES = _words(FileStage)
FORCES = _words(Force)
CODE_STATUS = _words(VictimsCodeStatus)
EVENTS = _words(VictimsCodeEventKind)
AGENCIES = _words(ReferralAgency)
IMPACTS = _words(VPSImpact)
ROLES = {**_words(PersonRole), "SUSPECT": "Defendant"}
UNCHARGED_SUSPECT = "Suspect (not charged)"  # a suspect no charge is against, everywhere
SUBJECT = "Subject"  # the person an incident record is about (never "suspect" or "defendant")
HEARINGS = _words(HearingType)
BAIL = _words(BailStatus)
APPLICATIONS = _words(ApplicationKind)
ACCOUNTS = _words(InterviewAccountKind)
SIGNOFF_ROLES = _words(SignOffRole)
WISH_ITEMS = {str(i.value): lower_first(labels.label(i)) for i in WishItem}


def human(value: Any) -> str:
    """Readable text for any stored value."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return when(value)
    if isinstance(value, dt.date):
        return day(value)
    if isinstance(value, list | tuple):
        return ", ".join(human(v) for v in value if human(v))
    if isinstance(value, enum.StrEnum):
        return labels.label(value)
    return str(value)


def day(value: dt.date | None) -> str:
    return value.strftime("%d %b %Y").lstrip("0") if value else ""


def _london() -> dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/London")
    except Exception:  # no time-zone data on this machine: say UTC rather than guess
        return dt.UTC


def when(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(_london())
    return f"{day(local.date())} {local:%H:%M} {local.tzname() or 'UTC'}"


def join(parts: Iterable[str], last: str = "and") -> str:
    items = [p for p in parts if p]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def strands_phrase(strands: Iterable[Any]) -> str:
    """Monitored strands as words in a sentence: "religion and race"."""
    return join(STRANDS[str(s)].lower() for s in strands)


def perceivers_phrase(perceivers: Iterable[Any]) -> str:
    """Who perceived the hostility, in a sentence: "the victim, a witness and a family member"."""
    return join(PERCEIVERS[str(p)] for p in perceivers)


def label(table: str, key: str) -> str:
    """A field's label from its model column (``field(label=...)``), capitalised."""
    text = labels.field_label(MODELS[table].__table__.columns[key])
    return text[0].upper() + text[1:]


# -- other cases linked to this one (hcdesk.casework.repeats) -----------------------------------

LINKS_TITLE = "Other cases sharing the victim, a suspect or the place (a pattern, not proven)"
LINKS_NOTE = (
    "A shared name and date of birth, postcode or place is a pattern on the force's records, "
    "not evidence in this case: two people can share a name and a birthday. Nothing else of "
    "those cases is set out here."
)


def link_shared(link: repeats.Link, suspect_label: str = "the suspect") -> str:
    """What the cases share, inside a sentence: "the victim's name and date of birth"."""
    detail = "date of birth" if link.basis == repeats.DATE_OF_BIRTH else "postcode"
    if link.kind == repeats.VICTIM:
        return f"the victim's name and {detail}"
    if link.kind == repeats.SUSPECT:
        return f"the name and {detail} of {suspect_label} {link.words}"
    return f"the place of the incident ({link.words})"


def link_case(link: repeats.Link) -> str:
    """Another case as a link names it: "23WK1202726 (hate crime, 2 Mar 2025)"."""
    what = [lower_first(labels.label(link.record_type)), day(link.incident_date)]
    return f"{link.reference} ({', '.join(w for w in what if w)})"


def links_sentence(shared: str, cases: Iterable[str]) -> str:
    """ "Other cases on this force's records share the victim's name and date of birth: ..."."""
    named = list(cases)
    which = (
        "Another case on this force's records shares"
        if len(named) == 1
        else ("Other cases on this force's records share")
    )
    return f"{which} {shared}: {', '.join(named)}."
