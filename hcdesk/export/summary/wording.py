"""The words the summary uses for stored values: labels, legal wording, dates and times."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

from hcdesk.casework.casefile import MODELS
from hcdesk.models.enums import ProtectiveMarking

# -- labels for stored values ---------------------------------------------------------------------

MARKING_LABELS = {
    ProtectiveMarking.OFFICIAL: "OFFICIAL",
    ProtectiveMarking.OFFICIAL_SENSITIVE: "OFFICIAL-SENSITIVE",
}

STRANDS = {
    "RACE": "Race",
    "RELIGION": "Religion",
    "DISABILITY": "Disability",
    "SEXUAL_ORIENTATION": "Sexual orientation",
    "TRANSGENDER": "Transgender identity",
    "ALTERNATIVE_SUBCULTURE": "Alternative subculture (local)",
    "SEX_GENDER": "Sex or gender (local)",
    "AGE": "Age (local)",
    "OTHER_PERSONAL_CHARACTERISTIC": "Other personal characteristic (local)",
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
ROUTES = {
    "CDA_S29_ASSAULT": (
        "Racially or religiously aggravated assault, Crime and Disorder Act 1998 s.29"
    ),
    "CDA_S30_CRIMINAL_DAMAGE": (
        "Racially or religiously aggravated criminal damage, Crime and Disorder Act 1998 s.30"
    ),
    "CDA_S31_PUBLIC_ORDER": (
        "Racially or religiously aggravated public order offence, Crime and Disorder Act 1998 s.31"
    ),
    "CDA_S32_HARASSMENT": (
        "Racially or religiously aggravated harassment, Crime and Disorder Act 1998 s.32"
    ),
    "SA2020_S66_UPLIFT": "Sentence uplift for hostility, Sentencing Act 2020 s.66",
    "POA1986_PART3_RACIAL_HATRED": "Stirring up racial hatred, Public Order Act 1986 Part 3",
    "POA1986_PART3A_RELIGIOUS_OR_SO_HATRED": (
        "Stirring up religious or sexual-orientation hatred, Public Order Act 1986 Part 3A"
    ),
}
LIMBS = {
    "DEMONSTRATED": "Demonstrated",
    "MOTIVATED": "Motivated",
}
LIMB_LAW = {
    "DEMONSTRATED": (
        "Demonstrated: hostility shown at the time of the offence or immediately before or after "
        "it (Sentencing Act 2020 s.66(4)(a); Crime and Disorder Act 1998 s.28(1)(a))"
    ),
    "MOTIVATED": (
        "Motivated: the offence was motivated wholly or partly by hostility "
        "(Sentencing Act 2020 s.66(4)(b); Crime and Disorder Act 1998 s.28(1)(b))"
    ),
}
TIMINGS = {
    "IMMEDIATELY_BEFORE": "Immediately before",
    "DURING": "During",
    "IMMEDIATELY_AFTER": "Immediately after",
    "BACKGROUND_EARLIER": "Earlier (background; evidence of motive only)",
}
SOURCES = {
    "WITNESS_STATEMENT_MG11": "Witness statement (MG11)",
    "BWV": "Body-worn video",
    "CCTV": "CCTV",
    "SOCIAL_MEDIA": "Social media",
    "INTERVIEW_ADMISSION_MG15": "Interview (MG15)",
    "PREVIOUS_INCIDENT": "Previous incident",
    "GROUP_ASSOCIATION": "Group association",
    "GRAFFITI_DAMAGE": "Graffiti or damage",
    "OTHER": "Other",
}
FACTORS = {
    "PLANNED": "Planned: the hostility was planned",
    "PATTERN": "Pattern: part of a pattern of offending against the victim or group",
    "GROUP_MEMBERSHIP": "Membership of, or association with, a group promoting hostility",
    "PREDOMINANT_MOTIVATION": "Hostility was the predominant motivation",
    "DISTRESS_BEYOND_OFFENCE": (
        "Severe distress to the victim or the victim's family over and above the basic offence"
    ),
    "COMMUNITY_FEAR": "Fear and distress caused in the wider community",
}
RECORD_TYPES = {
    "HATE_CRIME": "Hate crime",
    "NON_CRIME_HATE_INCIDENT": "Non-crime hate incident",
    "HATE_INCIDENT_UNCLASSIFIED": "Hate incident (not yet classified)",
}
FILE_STAGES = {
    "PRE_CHARGE_MG3": "Pre-charge (MG3)",
    "FIRST_HEARING_GAP": "First hearing, guilty plea anticipated",
    "FIRST_HEARING_NGAP": "First hearing, not guilty plea anticipated",
    "UPGRADE_TRIAL": "Upgrade for trial",
    "SENTENCE": "Sentence",
}
FORCES = {"WARWICKSHIRE": "Warwickshire Police", "WEST_MERCIA": "West Mercia Police"}
CODE_STATUS = {
    "STANDARD": "Standard",
    "ENHANCED_MOST_SERIOUS_CRIME": "Enhanced: victim of the most serious crime",
    "ENHANCED_PERSISTENTLY_TARGETED": "Enhanced: persistently targeted",
    "ENHANCED_VULNERABLE_OR_INTIMIDATED": "Enhanced: vulnerable or intimidated",
}
EVENTS = {
    "SUSPECT_ARRESTED": "Suspect arrested",
    "SUSPECT_INTERVIEWED": "Suspect interviewed",
    "SUSPECT_BAILED": "Suspect bailed",
    "SUSPECT_RELEASED_UNDER_INVESTIGATION": "Suspect released under investigation",
    "SUSPECT_CHARGED": "Suspect charged",
    "NO_FURTHER_ACTION": "No further action",
    "COURT_DATE_SET": "Court date set",
    "COURT_OUTCOME": "Court outcome",
    "NEEDS_ASSESSMENT_OFFERED": "Needs assessment offered",
    "REFERRAL_MADE": "Referral made",
    "VPS_OFFERED": "Victim Personal Statement offered",
    "RJ_INFORMATION_GIVEN": "Restorative justice information given",
    "OTHER": "Other",
}
AGENCIES = {
    "VICTIM_SUPPORT_OR_PCC_COMMISSIONED": "Victim Support or the PCC-commissioned service",
    "STOP_HATE_UK": "Stop Hate UK",
    "STOP_LD_HATE_CRIME_LINE": "Stop Learning Disability Hate Crime line",
    "GALOP": "Galop",
    "TELL_MAMA": "Tell MAMA",
    "CST": "Community Security Trust (CST)",
    "EQUIP_WARWICKSHIRE": "EQuIP (Warwickshire)",
    "TRUE_VISION": "True Vision",
    "SOPHIE_LANCASTER_FOUNDATION": "Sophie Lancaster Foundation",
    "WITNESS_SERVICE": "Witness Service",
    "OTHER": "Other",
}
IMPACTS = {
    "PHYSICAL": "Physical",
    "FINANCIAL": "Financial",
    "EMOTIONAL_PSYCHOLOGICAL": "Emotional or psychological",
    "VULNERABLE_OR_INTIMIDATED": "Feels vulnerable or intimidated",
    "NO_LONGER_SAFE": "No longer feels safe",
    "FAMILY": "Impact on the family",
    "QUALITY_OF_LIFE": "Quality of life",
    "SUPPORT_NEEDED": "Support needed",
}
ROLES = {"VICTIM": "Victim", "SUSPECT": "Defendant", "WITNESS": "Witness"}
UNCHARGED_SUSPECT = "Suspect (not charged)"  # a suspect no charge is against, everywhere
SUBJECT = "Subject"  # the person an incident record is about (never "suspect" or "defendant")
HEARINGS = {
    "FIRST_HEARING": "First hearing",
    "PLEA_AND_TRIAL_PREPARATION": "Plea and trial preparation hearing",
    "CASE_MANAGEMENT": "Case management hearing",
    "TRIAL": "Trial",
    "NEWTON_HEARING": "Newton hearing",
    "SENTENCE": "Sentence",
    "APPEAL": "Appeal",
    "OTHER": "Other hearing",
}
BAIL = {
    "RELEASED_UNDER_INVESTIGATION": "Released under investigation",
    "POLICE_BAIL": "Police bail",
    "COURT_BAIL": "Court bail",
    "REMANDED_IN_CUSTODY": "Remanded in custody",
}
APPLICATIONS = {
    "RESTRAINING_ORDER": "Restraining order",
    "CRIMINAL_BEHAVIOUR_ORDER": "Criminal behaviour order",
    "COMPENSATION_ORDER": "Compensation order",
    "STALKING_PROTECTION_ORDER": "Stalking protection order",
    "FORFEITURE_OR_DEPRIVATION": "Forfeiture or deprivation order",
    "FOOTBALL_BANNING_ORDER": "Football banning order",
    "OTHER": "Other application",
}
ACCOUNTS = {
    "FULL_ADMISSION": "Full admission",
    "PARTIAL_ADMISSION": "Partial admission",
    "DENIAL": "Denial",
    "NO_COMMENT": "No comment",
    "PREPARED_STATEMENT": "Prepared statement",
    "NOT_INTERVIEWED": "Not interviewed",
}
SIGNOFF_ROLES = {"OIC": "Officer in the case", "SUPERVISOR": "Supervisor"}
WISH_ITEMS = {
    "VIEWS_ON_PROSECUTION": "views on prosecution",
    "OUT_OF_COURT_AND_RJ": "views on out-of-court disposal and restorative justice",
    "COMPENSATION": "compensation",
}


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
    if isinstance(value, enum.Enum):
        text = str(value.value)
        for table in (
            STRANDS,
            TIMINGS,
            SOURCES,
            RECORD_TYPES,
            FILE_STAGES,
            FORCES,
            CODE_STATUS,
            EVENTS,
            AGENCIES,
            IMPACTS,
            HEARINGS,
            BAIL,
            APPLICATIONS,
            ACCOUNTS,
            SIGNOFF_ROLES,
        ):
            if text in table:
                return table[text]
        if text in PERCEIVERS:
            return PERCEIVERS[text][0].upper() + PERCEIVERS[text][1:]
        return text.replace("_", " ").capitalize()
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


def lower_first(text: str) -> str:
    """A label inside a sentence: "Crime reference" -> "crime reference"; "CPS area" stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def label(table: str, key: str) -> str:
    """A field's label from its model column (``info["label"]``), capitalised."""
    column = MODELS[table].__table__.columns[key]
    text = str(column.info.get("label") or key.replace("_", " "))
    return text[0].upper() + text[1:]
