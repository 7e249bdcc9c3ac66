"""The words a person reads for every stored value: one label (and, where a person needs one,
a line of help) for each value of each enumeration, and help for each field of the model.

Written once, here, at the lowest layer, so the desktop forms, the case list, the court
summary, the interchange documentation and the command line all say the same thing. Nothing
here derives text from an identifier: :func:`label` raises :class:`MissingLabel` for a value
without a label, and ``tests/unit/test_labels.py`` walks every enumeration and every field so a
new value or field without its words fails there, before anyone sees ``Cj process court``.

Labels are sentence case ("Criminal justice process and court"), written as a British police or
CPS professional says them. Help says what the value or field means, in a sentence or two.

Field labels stay beside their columns (``field(label=...)`` in :mod:`hcdesk.models.case`,
lower case so they read inside a message: "Enter the date of birth"); their help is here, in
:data:`FIELD_HELP`, keyed by (table, column).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

import sqlalchemy as sa

from hcdesk.models.enums import (
    ActionStatus,
    AggravationFactor,
    AggravationLevel,
    ApplicationKind,
    AuditOperation,
    BailStatus,
    CaseStatus,
    CDAUnderlyingOffence,
    ChargeOutcome,
    CISType,
    ContactChannel,
    ContactDirection,
    DisclosureClass,
    EvidenceSource,
    FileStage,
    Force,
    HearingType,
    HostilityLimb,
    HostilityTiming,
    InterviewAccountKind,
    LegalRoute,
    LocalStrand,
    LocationType,
    MonitoredStrand,
    NeedArea,
    NeedLevel,
    PerceivedBy,
    PersonRole,
    Plea,
    ProtectiveMarking,
    RecordType,
    ReferralAgency,
    ReferralOutcome,
    ReporterRole,
    ReportingCentre,
    SignOffRole,
    TriageOutcome,
    VictimsCodeEventKind,
    VictimsCodeStatus,
    VPSImpact,
    VPSReadPreference,
    VPSStatus,
    WishItem,
    WorkArea,
    YesNoUnsure,
)

E = TypeVar("E", bound=StrEnum)


class MissingLabel(LookupError):
    """A value or field that has no words written for it (a programming error: add them here)."""


# -- the law's short and long names (casework.legal reads them from here) --------------------

ROUTE_LABELS = {
    LegalRoute.CDA_S29_ASSAULT: "Aggravated assault (CDA s.29)",
    LegalRoute.CDA_S30_CRIMINAL_DAMAGE: "Aggravated criminal damage (CDA s.30)",
    LegalRoute.CDA_S31_PUBLIC_ORDER: "Aggravated public order (CDA s.31)",
    LegalRoute.CDA_S32_HARASSMENT: "Aggravated harassment (CDA s.32)",
    LegalRoute.SA2020_S66_UPLIFT: "Basic offence, s.66 uplift",
    LegalRoute.POA1986_PART3_RACIAL_HATRED: "Stirring up racial hatred (POA Pt 3)",
    LegalRoute.POA1986_PART3A_RELIGIOUS_OR_SO_HATRED: "Stirring up hatred (POA Pt 3A)",
}
"""The legal routes as the case file's choices name them (short, for a form)."""
ROUTE_NAMES = {
    LegalRoute.CDA_S29_ASSAULT: (
        "Racially or religiously aggravated assault, Crime and Disorder Act 1998 s.29"
    ),
    LegalRoute.CDA_S30_CRIMINAL_DAMAGE: (
        "Racially or religiously aggravated criminal damage, Crime and Disorder Act 1998 s.30"
    ),
    LegalRoute.CDA_S31_PUBLIC_ORDER: (
        "Racially or religiously aggravated public order offence, Crime and Disorder Act 1998 s.31"
    ),
    LegalRoute.CDA_S32_HARASSMENT: (
        "Racially or religiously aggravated harassment, Crime and Disorder Act 1998 s.32"
    ),
    LegalRoute.SA2020_S66_UPLIFT: "Sentence uplift for hostility, Sentencing Act 2020 s.66",
    LegalRoute.POA1986_PART3_RACIAL_HATRED: (
        "Stirring up racial hatred, Public Order Act 1986 Part 3"
    ),
    LegalRoute.POA1986_PART3A_RELIGIOUS_OR_SO_HATRED: (
        "Stirring up religious or sexual-orientation hatred, Public Order Act 1986 Part 3A"
    ),
}
"""The legal routes in full, as the court summary and the help name them."""
UNDERLYING_LABELS = {
    CDAUnderlyingOffence.OAPA_S20: "GBH or wounding (OAPA s.20)",
    CDAUnderlyingOffence.OAPA_S47: "ABH (OAPA s.47)",
    CDAUnderlyingOffence.COMMON_ASSAULT: "Common assault",
    CDAUnderlyingOffence.SCA2015_S75A_STRANGULATION: "Strangulation (SCA s.75A)",
    CDAUnderlyingOffence.CDA1971_S1_1: "Criminal damage (CDA 1971 s.1(1))",
    CDAUnderlyingOffence.POA_S4: "Fear of violence (POA s.4)",
    CDAUnderlyingOffence.POA_S4A: "Intentional harassment (POA s.4A)",
    CDAUnderlyingOffence.POA_S5: "Harassment, alarm or distress (POA s.5)",
    CDAUnderlyingOffence.PHA_S2: "Harassment (PHA s.2)",
    CDAUnderlyingOffence.PHA_S2A: "Stalking (PHA s.2A)",
    CDAUnderlyingOffence.PHA_S4: "Fear of violence (PHA s.4)",
    CDAUnderlyingOffence.PHA_S4A: "Stalking, fear or alarm (PHA s.4A)",
}
"""The basic offences of the aggravated offences, as the case file's choices name them."""
UNDERLYING_NAMES = {
    CDAUnderlyingOffence.OAPA_S20: "wounding or grievous bodily harm (OAPA 1861 s.20)",
    CDAUnderlyingOffence.OAPA_S47: "assault occasioning actual bodily harm (OAPA 1861 s.47)",
    CDAUnderlyingOffence.COMMON_ASSAULT: "common assault",
    CDAUnderlyingOffence.SCA2015_S75A_STRANGULATION: (
        "strangulation or suffocation (Serious Crime Act 2015 s.75A)"
    ),
    CDAUnderlyingOffence.CDA1971_S1_1: "criminal damage (Criminal Damage Act 1971 s.1(1))",
    CDAUnderlyingOffence.POA_S4: "fear or provocation of violence (Public Order Act 1986 s.4)",
    CDAUnderlyingOffence.POA_S4A: (
        "intentional harassment, alarm or distress (Public Order Act 1986 s.4A)"
    ),
    CDAUnderlyingOffence.POA_S5: "harassment, alarm or distress (Public Order Act 1986 s.5)",
    CDAUnderlyingOffence.PHA_S2: "harassment (Protection from Harassment Act 1997 s.2)",
    CDAUnderlyingOffence.PHA_S2A: "stalking (Protection from Harassment Act 1997 s.2A)",
    CDAUnderlyingOffence.PHA_S4: (
        "putting people in fear of violence (Protection from Harassment Act 1997 s.4)"
    ),
    CDAUnderlyingOffence.PHA_S4A: (
        "stalking involving fear of violence or serious alarm or distress "
        "(Protection from Harassment Act 1997 s.4A)"
    ),
}
"""The basic offences in full, inside a sentence (lower case)."""


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- every value of every enumeration ---------------------------------------------------------
# Each entry: value -> label, or value -> (label, help).

_TEXT: dict[type[StrEnum], Mapping[Any, str | tuple[str, str]]] = {
    MonitoredStrand: {
        MonitoredStrand.RACE: (
            "Race",
            "Hostility based on race or perceived race, including colour, nationality and "
            "ethnic or national origin.",
        ),
        MonitoredStrand.RELIGION: (
            "Religion",
            "Hostility based on religion or belief, or a perceived religion or belief, "
            "including having none.",
        ),
        MonitoredStrand.DISABILITY: (
            "Disability",
            "Hostility based on disability or perceived disability: physical, sensory, mental "
            "or learning disability.",
        ),
        MonitoredStrand.SEXUAL_ORIENTATION: (
            "Sexual orientation",
            "Hostility based on sexual orientation or perceived sexual orientation.",
        ),
        MonitoredStrand.TRANSGENDER: (
            "Transgender identity",
            "Hostility towards a person who is, or is perceived to be, transgender, including "
            "non-binary people.",
        ),
    },
    LocalStrand: {
        LocalStrand.ALTERNATIVE_SUBCULTURE: (
            "Alternative subculture",
            "Recorded locally (for example goths, emos, punks, metallers). Not covered by the "
            "Crime and Disorder Act or by Sentencing Act 2020 s.66.",
        ),
        LocalStrand.SEX_GENDER: (
            "Sex or gender",
            "Recorded locally, including misogyny. Not covered by the Crime and Disorder Act or "
            "by Sentencing Act 2020 s.66.",
        ),
        LocalStrand.AGE: (
            "Age",
            "Recorded locally. Not covered by the Crime and Disorder Act or by Sentencing Act "
            "2020 s.66.",
        ),
        LocalStrand.OTHER_PERSONAL_CHARACTERISTIC: (
            "Other personal characteristic",
            "Another characteristic the force records locally (for example homelessness or sex "
            "work). Not covered by the Crime and Disorder Act or by Sentencing Act 2020 s.66.",
        ),
    },
    RecordType: {
        RecordType.HATE_CRIME: (
            "Hate crime",
            "A criminal offence which the victim or anyone else perceives to be motivated by "
            "hostility or prejudice towards a monitored characteristic.",
        ),
        RecordType.NON_CRIME_HATE_INCIDENT: (
            "Non-crime hate incident",
            "Perceived as motivated by hostility, but not a crime. Recorded only under the "
            "Non-Crime Hate Incidents Code of Practice; no prosecution summary.",
        ),
        RecordType.HATE_INCIDENT_UNCLASSIFIED: (
            "Hate incident (not yet classified)",
            "Reported, and not yet decided whether it is a crime.",
        ),
    },
    Force: {
        Force.WARWICKSHIRE: "Warwickshire Police",
        Force.WEST_MERCIA: "West Mercia Police",
    },
    CaseStatus: {
        CaseStatus.OPEN: ("Open", "Under investigation, or the victim is being supported."),
        CaseStatus.AWAITING_CPS: (
            "Awaiting CPS decision",
            "With the Crown Prosecution Service for a charging decision or a review.",
        ),
        CaseStatus.AT_COURT: ("At court", "Charged: court proceedings are under way."),
        CaseStatus.CLOSED: ("Closed", "No further work; kept until its retention review."),
    },
    HostilityLimb: {
        HostilityLimb.DEMONSTRATED: (
            "Demonstrated",
            "Hostility shown at the time of the offence or immediately before or after it "
            "(Sentencing Act 2020 s.66(4)(a); Crime and Disorder Act 1998 s.28(1)(a))",
        ),
        HostilityLimb.MOTIVATED: (
            "Motivated",
            "The offence was motivated wholly or partly by hostility "
            "(Sentencing Act 2020 s.66(4)(b); Crime and Disorder Act 1998 s.28(1)(b))",
        ),
    },
    HostilityTiming: {
        HostilityTiming.IMMEDIATELY_BEFORE: "Immediately before",
        HostilityTiming.DURING: "During",
        HostilityTiming.IMMEDIATELY_AFTER: "Immediately after",
        HostilityTiming.BACKGROUND_EARLIER: (
            "Earlier (background; evidence of motive only)",
            "Shown on an earlier occasion: it cannot prove hostility was demonstrated, but may "
            "be evidence that the offence was motivated by it.",
        ),
    },
    PerceivedBy: {
        PerceivedBy.VICTIM: "Victim",
        PerceivedBy.WITNESS: "Witness",
        PerceivedBy.POLICE_OFFICER_STAFF: "Police officer or member of staff",
        PerceivedBy.FAMILY_MEMBER: "Family member",
        PerceivedBy.CARER_PROFESSIONAL: "Carer or professional",
        PerceivedBy.THIRD_PARTY_REPORTING_ORG: (
            "Third-party reporting organisation",
            "For example True Vision, Tell MAMA or a community reporting centre.",
        ),
        PerceivedBy.MEMBER_OF_TARGETED_GROUP: "Member of the targeted group",
        PerceivedBy.OTHER: "Someone else",
    },
    LegalRoute: {route: (text, ROUTE_NAMES[route]) for route, text in ROUTE_LABELS.items()},
    CDAUnderlyingOffence: {
        offence: (text, _capitalised(UNDERLYING_NAMES[offence]))
        for offence, text in UNDERLYING_LABELS.items()
    },
    AggravationFactor: {
        AggravationFactor.PLANNED: ("Planned", "The hostility was planned"),
        AggravationFactor.PATTERN: (
            "Part of a pattern",
            "Part of a pattern of offending against the victim or the victim's group",
        ),
        AggravationFactor.GROUP_MEMBERSHIP: (
            "Group promoting hostility",
            "Membership of, or association with, a group promoting hostility",
        ),
        AggravationFactor.PREDOMINANT_MOTIVATION: (
            "Predominant motivation",
            "Hostility was the predominant motivation for the offence",
        ),
        AggravationFactor.DISTRESS_BEYOND_OFFENCE: (
            "Distress beyond the offence",
            "Severe distress to the victim or the victim's family over and above the basic offence",
        ),
        AggravationFactor.COMMUNITY_FEAR: (
            "Fear in the community",
            "Fear and distress caused in the wider community",
        ),
    },
    AggravationLevel: {
        AggravationLevel.HIGH: (
            "High",
            "Sentencing Council: for example hostility the predominant motivation, planned or "
            "part of a pattern, or causing severe distress or fear in the community.",
        ),
        AggravationLevel.MEDIUM: (
            "Medium",
            "Sentencing Council: hostility formed a significant part of the offence as a whole.",
        ),
        AggravationLevel.LOW: (
            "Low",
            "Sentencing Council: hostility limited in scope or duration, causing limited distress.",
        ),
    },
    EvidenceSource: {
        EvidenceSource.WITNESS_STATEMENT_MG11: "Witness statement (MG11)",
        EvidenceSource.BWV: "Body-worn video",
        EvidenceSource.CCTV: "CCTV",
        EvidenceSource.SOCIAL_MEDIA: "Social media",
        EvidenceSource.INTERVIEW_ADMISSION_MG15: "Interview (MG15)",
        EvidenceSource.PREVIOUS_INCIDENT: (
            "Previous incident",
            "Police/CPS only unless marked as relied on as evidence.",
        ),
        EvidenceSource.GROUP_ASSOCIATION: (
            "Group association",
            "Police/CPS only unless marked as relied on as evidence.",
        ),
        EvidenceSource.GRAFFITI_DAMAGE: "Graffiti or damage",
        EvidenceSource.INTELLIGENCE: (
            "Intelligence",
            "Police/CPS only unless marked as relied on as evidence; never its source.",
        ),
        EvidenceSource.OTHER: "Other source",
    },
    VictimsCodeStatus: {
        VictimsCodeStatus.STANDARD: ("Standard", "The rights every victim has under the Code."),
        VictimsCodeStatus.ENHANCED_MOST_SERIOUS_CRIME: (
            "Enhanced: victim of the most serious crime",
            "Victims of the most serious crime, which includes hate crime, have enhanced "
            "rights under the Victims' Code 2020: updates within 1 working day, not 5.",
        ),
        VictimsCodeStatus.ENHANCED_PERSISTENTLY_TARGETED: (
            "Enhanced: persistently targeted",
            "Targeted repeatedly over a period, for example by harassment or stalking: enhanced "
            "rights under the Victims' Code 2020.",
        ),
        VictimsCodeStatus.ENHANCED_VULNERABLE_OR_INTIMIDATED: (
            "Enhanced: vulnerable or intimidated",
            "Under 18, or whose evidence is likely to suffer from a mental disorder, a "
            "disability, or fear or distress about testifying (Youth Justice and Criminal "
            "Evidence Act 1999 ss.16-17): enhanced rights under the Victims' Code 2020.",
        ),
    },
    VPSStatus: {
        VPSStatus.NOT_YET_OFFERED: "Not yet offered",
        VPSStatus.OFFERED: ("Offered", "Offered to the victim; they have not decided yet."),
        VPSStatus.MADE: "Made",
        VPSStatus.DECLINED: ("Declined", "The victim chose not to make a statement."),
        VPSStatus.UPDATED: ("Updated", "Updated by the victim since it was first made."),
    },
    VPSReadPreference: {
        VPSReadPreference.READ_BY_VICTIM: "Read aloud by the victim",
        VPSReadPreference.READ_BY_PROSECUTOR: "Read aloud by the prosecutor",
        VPSReadPreference.NOT_READ_COURT_CONSIDERS_ONLY: (
            "Not read aloud: the court reads it",
            "The court reads the statement and takes it into account, but no one reads it "
            "aloud in court.",
        ),
    },
    VPSImpact: {
        VPSImpact.PHYSICAL: "Physical",
        VPSImpact.FINANCIAL: "Financial",
        VPSImpact.EMOTIONAL_PSYCHOLOGICAL: "Emotional or psychological",
        VPSImpact.VULNERABLE_OR_INTIMIDATED: "Feels vulnerable or intimidated",
        VPSImpact.NO_LONGER_SAFE: "No longer feels safe",
        VPSImpact.FAMILY: "Impact on the family",
        VPSImpact.QUALITY_OF_LIFE: "Quality of life",
        VPSImpact.SUPPORT_NEEDED: "Support needed",
    },
    NeedArea: {
        NeedArea.HEALTH: ("Health", "Physical or mental health, injuries, medical care."),
        NeedArea.EMOTIONAL: ("Emotional wellbeing", "Fear, anxiety, sleep, counselling."),
        NeedArea.SAFETY_SECURITY: (
            "Safety and security",
            "Risk at home or in the street: locks, alarms, safety planning.",
        ),
        NeedArea.HOUSING: ("Housing", "Staying in, or moving from, their home."),
        NeedArea.FINANCIAL_COMPENSATION: (
            "Money and compensation",
            "Loss, damage, and compensation (including the Criminal Injuries Compensation Scheme).",
        ),
        NeedArea.WORK_STUDY: ("Work or study", "Effects on work, school, college or university."),
        NeedArea.FAMILY: ("Family", "Children, dependants and others at home."),
        NeedArea.COMMUNICATION_ACCESS: (
            "Communication and access",
            "Interpreter, easy-read, hearing or sight needs, getting to appointments.",
        ),
        NeedArea.CJ_PROCESS_COURT: (
            "Criminal justice process and court",
            "Understanding the investigation and court, pre-trial visits, special measures.",
        ),
        NeedArea.ONLINE_HARM: ("Online harm", "Abuse online, reporting and removing content."),
        NeedArea.COMMUNITY_ISOLATION: (
            "Community and isolation",
            "Feeling cut off from, or unwelcome in, their community.",
        ),
    },
    NeedLevel: {
        NeedLevel.NONE: "No need",
        NeedLevel.LOW: "Low",
        NeedLevel.MEDIUM: "Medium",
        NeedLevel.HIGH: "High",
    },
    ReferralAgency: {
        ReferralAgency.VICTIM_SUPPORT_OR_PCC_COMMISSIONED: (
            "Victim Support or the PCC-commissioned service"
        ),
        ReferralAgency.STOP_HATE_UK: "Stop Hate UK",
        ReferralAgency.STOP_LD_HATE_CRIME_LINE: "Stop Learning Disability Hate Crime line",
        ReferralAgency.GALOP: ("Galop", "The LGBT+ anti-abuse charity."),
        ReferralAgency.TELL_MAMA: ("Tell MAMA", "Measuring anti-Muslim attacks."),
        ReferralAgency.CST: (
            "Community Security Trust (CST)",
            "Supports Jewish communities; records antisemitic incidents.",
        ),
        ReferralAgency.EQUIP_WARWICKSHIRE: (
            "EQuIP (Warwickshire)",
            "Equality and Inclusion Partnership: hate crime advocacy in Warwickshire.",
        ),
        ReferralAgency.TRUE_VISION: "True Vision",
        ReferralAgency.SOPHIE_LANCASTER_FOUNDATION: (
            "Sophie Lancaster Foundation",
            "Supports people targeted for alternative subcultures.",
        ),
        ReferralAgency.WITNESS_SERVICE: (
            "Witness Service",
            "Citizens Advice: support for witnesses at court.",
        ),
        ReferralAgency.OTHER: "Other agency",
    },
    ReferralOutcome: {
        ReferralOutcome.PENDING: "Awaiting a response",
        ReferralOutcome.ACCEPTED: "Accepted",
        ReferralOutcome.DECLINED: ("Declined", "The victim or the agency declined the referral."),
        ReferralOutcome.NO_CONTACT: (
            "Could not make contact",
            "The agency could not reach the victim.",
        ),
    },
    ActionStatus: {
        ActionStatus.OPEN: "Open",
        ActionStatus.DONE: "Done",
        ActionStatus.DECLINED: ("Declined by the victim", "The victim did not want this action."),
    },
    YesNoUnsure: {
        YesNoUnsure.YES: "Yes",
        YesNoUnsure.NO: "No",
        YesNoUnsure.UNSURE: "Not sure",
    },
    ContactChannel: {
        ContactChannel.PHONE: "Phone call",
        ContactChannel.TEXT_MESSAGE: "Text message",
        ContactChannel.EMAIL: "Email",
        ContactChannel.LETTER: "Letter",
        ContactChannel.IN_PERSON: "In person",
        ContactChannel.VIDEO_CALL: "Video call",
        ContactChannel.VIA_THIRD_PARTY: (
            "Through someone else",
            "Through a nominated person, a support worker or an interpreter.",
        ),
    },
    ContactDirection: {
        ContactDirection.TO_VICTIM: "To the victim",
        ContactDirection.FROM_VICTIM: "From the victim",
        ContactDirection.ATTEMPTED: (
            "Attempt, not reached",
            "An attempt to contact the victim that did not reach them.",
        ),
    },
    PersonRole: {
        PersonRole.VICTIM: "Victim",
        PersonRole.SUSPECT: "Suspect",
        PersonRole.WITNESS: "Witness",
    },
    Plea: {
        Plea.GUILTY: "Guilty",
        Plea.NOT_GUILTY: "Not guilty",
        Plea.UNKNOWN: "Not known",
    },
    FileStage: {
        FileStage.PRE_CHARGE_MG3: (
            "Pre-charge (MG3)",
            "The file for a CPS charging decision, with the MG3 report to the Crown Prosecutor.",
        ),
        FileStage.FIRST_HEARING_GAP: (
            "First hearing, guilty plea anticipated",
            "The guilty anticipated plea (GAP) file for the first hearing (National File "
            "Standard).",
        ),
        FileStage.FIRST_HEARING_NGAP: (
            "First hearing, not guilty plea anticipated",
            "The not guilty anticipated plea (NGAP) file for the first hearing: fuller, as a "
            "trial is likely.",
        ),
        FileStage.UPGRADE_TRIAL: (
            "Upgrade for trial",
            "The full file built after a not guilty plea, for trial.",
        ),
        FileStage.SENTENCE: (
            "Sentence",
            "What the court needs to sentence: the Victim Personal Statement, any community "
            "impact statement and the applications on conviction.",
        ),
    },
    ChargeOutcome: {
        ChargeOutcome.PENDING: "Not yet decided",
        ChargeOutcome.CONVICTED: "Convicted",
        ChargeOutcome.CONVICTED_AGGRAVATION_NOT_PROVED: (
            "Convicted; aggravation not proved",
            "Convicted of the basic offence only: the racial or religious aggravation (Crime "
            "and Disorder Act 1998) was not proved.",
        ),
        ChargeOutcome.ACQUITTED: "Acquitted",
        ChargeOutcome.DISCONTINUED: ("Discontinued", "The CPS stopped the prosecution."),
        ChargeOutcome.NFA: "No further action",
    },
    ProtectiveMarking: {
        ProtectiveMarking.OFFICIAL: (
            "OFFICIAL",
            "Government Security Classifications: routine information.",
        ),
        ProtectiveMarking.OFFICIAL_SENSITIVE: (
            "OFFICIAL-SENSITIVE",
            "Government Security Classifications: information that could cause harm if lost "
            "or disclosed, such as a victim's details. The usual marking for a case file.",
        ),
    },
    DisclosureClass: {
        DisclosureClass.DISCLOSABLE: (
            "Disclosable",
            "May go to the defence: printed in the disclosable court summary.",
        ),
        DisclosureClass.POLICE_CPS_ONLY: (
            "Police/CPS only",
            "Never printed in the disclosable summary; only in the separate police/CPS annex.",
        ),
    },
    AuditOperation: {
        AuditOperation.COLLECTION: ("Recorded", "Collection (Data Protection Act 2018 s.62)."),
        AuditOperation.ALTERATION: ("Changed", "Alteration (Data Protection Act 2018 s.62)."),
        AuditOperation.CONSULTATION: ("Viewed", "Consultation (Data Protection Act 2018 s.62)."),
        AuditOperation.DISCLOSURE: (
            "Disclosed",
            "Disclosure, including exports and prints (Data Protection Act 2018 s.62).",
        ),
        AuditOperation.COMBINATION: ("Combined", "Combination (Data Protection Act 2018 s.62)."),
        AuditOperation.ERASURE: ("Erased", "Erasure (Data Protection Act 2018 s.62)."),
    },
    CISType: {
        CISType.GENERIC: (
            "Generic (an area or community)",
            "Made for an area or a community and used in any case that affects it.",
        ),
        CISType.SPECIFIC: ("Specific to this case", "Made for this case alone."),
    },
    VictimsCodeEventKind: {
        VictimsCodeEventKind.SUSPECT_ARRESTED: "Suspect arrested",
        VictimsCodeEventKind.SUSPECT_INTERVIEWED: "Suspect interviewed",
        VictimsCodeEventKind.SUSPECT_BAILED: "Suspect bailed",
        VictimsCodeEventKind.SUSPECT_RELEASED_UNDER_INVESTIGATION: (
            "Suspect released under investigation"
        ),
        VictimsCodeEventKind.SUSPECT_CHARGED: "Suspect charged",
        VictimsCodeEventKind.NO_FURTHER_ACTION: "No further action",
        VictimsCodeEventKind.COURT_DATE_SET: "Court date set",
        VictimsCodeEventKind.COURT_OUTCOME: "Court outcome",
        VictimsCodeEventKind.BAIL_CONDITIONS_CHANGED: "Bail conditions changed",
        VictimsCodeEventKind.APPEAL: "Appeal",
        VictimsCodeEventKind.NEEDS_ASSESSMENT_OFFERED: "Needs assessment offered",
        VictimsCodeEventKind.REFERRAL_MADE: "Referral made",
        VictimsCodeEventKind.VPS_OFFERED: "Victim Personal Statement offered",
        VictimsCodeEventKind.RJ_INFORMATION_GIVEN: "Restorative justice information given",
        VictimsCodeEventKind.OTHER: "Other event",
    },
    HearingType: {
        HearingType.FIRST_HEARING: "First hearing",
        HearingType.PLEA_AND_TRIAL_PREPARATION: (
            "Plea and trial preparation hearing",
            "PTPH: in the Crown Court, where the plea is taken and the trial prepared.",
        ),
        HearingType.CASE_MANAGEMENT: "Case management hearing",
        HearingType.TRIAL: "Trial",
        HearingType.NEWTON_HEARING: (
            "Newton hearing",
            "After a guilty plea, to decide facts the prosecution and defence disagree on.",
        ),
        HearingType.SENTENCE: "Sentence",
        HearingType.APPEAL: "Appeal",
        HearingType.OTHER: "Other hearing",
    },
    BailStatus: {
        BailStatus.RELEASED_UNDER_INVESTIGATION: (
            "Released under investigation",
            "Released without bail while the investigation continues: no conditions.",
        ),
        BailStatus.POLICE_BAIL: "Police bail",
        BailStatus.COURT_BAIL: "Court bail",
        BailStatus.REMANDED_IN_CUSTODY: "Remanded in custody",
    },
    ApplicationKind: {
        ApplicationKind.RESTRAINING_ORDER: (
            "Restraining order",
            "On conviction or acquittal, to protect the victim from harassment (Sentencing Act "
            "2020 s.359; Protection from Harassment Act 1997 s.5A).",
        ),
        ApplicationKind.CRIMINAL_BEHAVIOUR_ORDER: "Criminal behaviour order",
        ApplicationKind.COMPENSATION_ORDER: "Compensation order",
        ApplicationKind.STALKING_PROTECTION_ORDER: "Stalking protection order",
        ApplicationKind.FORFEITURE_OR_DEPRIVATION: "Forfeiture or deprivation order",
        ApplicationKind.FOOTBALL_BANNING_ORDER: "Football banning order",
        ApplicationKind.OTHER: "Other application",
    },
    InterviewAccountKind: {
        InterviewAccountKind.FULL_ADMISSION: "Full admission",
        InterviewAccountKind.PARTIAL_ADMISSION: "Partial admission",
        InterviewAccountKind.DENIAL: "Denial",
        InterviewAccountKind.NO_COMMENT: "No comment",
        InterviewAccountKind.PREPARED_STATEMENT: "Prepared statement",
        InterviewAccountKind.NOT_INTERVIEWED: "Not interviewed",
    },
    WishItem: {
        WishItem.VIEWS_ON_PROSECUTION: "Views on prosecution",
        WishItem.OUT_OF_COURT_AND_RJ: "Views on out-of-court disposal and restorative justice",
        WishItem.COMPENSATION: ("Compensation", "Whether the victim seeks compensation."),
    },
    SignOffRole: {
        SignOffRole.OIC: "Officer in the case",
        SignOffRole.SUPERVISOR: "Supervisor",
    },
    # -- third-party reporting (docs/third-party-reports.md) --------------------------------
    ReportingCentre: {
        ReportingCentre.TRUE_VISION: (
            "True Vision",
            "The police-funded online reporting site for hate crime (report-it.org.uk).",
        ),
        ReportingCentre.STOP_HATE_UK: (
            "Stop Hate UK",
            "The 24-hour hate crime reporting line and its local helplines.",
        ),
        ReportingCentre.TELL_MAMA: ("Tell MAMA", "Measuring anti-Muslim attacks."),
        ReportingCentre.CST: (
            "Community Security Trust (CST)",
            "Supports Jewish communities; records antisemitic incidents.",
        ),
        ReportingCentre.GALOP: ("Galop", "The LGBT+ anti-abuse charity."),
        ReportingCentre.EQUIP_WARWICKSHIRE: (
            "EQuIP (Warwickshire)",
            "Equality and Inclusion Partnership: a local third-party reporting centre in "
            "Warwickshire.",
        ),
        ReportingCentre.OTHER: (
            "Another reporting centre",
            "A local or national centre not listed; its name is given with the report.",
        ),
    },
    ReporterRole: {
        ReporterRole.VICTIM: ("Victim", "The person the incident was aimed at reported it."),
        ReporterRole.WITNESS: ("Witness", "Someone who saw or heard the incident reported it."),
        ReporterRole.THIRD_PARTY: (
            "Someone on the victim's behalf",
            "A relative, friend, carer or worker reported it for the victim.",
        ),
    },
    LocationType: {
        LocationType.HOME: "At or near home",
        LocationType.STREET: "In the street or a public place",
        LocationType.PUBLIC_TRANSPORT: "On public transport or at a station",
        LocationType.ONLINE: ("Online", "Social media, messages, email or a website."),
        LocationType.WORKPLACE: "At work",
        LocationType.SCHOOL: "At school, college or university",
        LocationType.SHOP: "In a shop, pub or other business",
        LocationType.PLACE_OF_WORSHIP: "At or near a place of worship",
        LocationType.OTHER: "Somewhere else",
    },
    TriageOutcome: {
        TriageOutcome.NEW_CASE: (
            "New case opened",
            "A draft case was opened from the report; the officer completes it.",
        ),
        TriageOutcome.LINKED_TO_CASE: (
            "Linked to an existing case",
            "The report is about an incident that already has a case.",
        ),
        TriageOutcome.RECORD_ONLY: (
            "Recorded, no case opened",
            "Kept for the record and for counting (for example an anonymous report with too "
            "little to act on); the reason is recorded.",
        ),
        TriageOutcome.NOT_HATE_INCIDENT: (
            "Not a hate incident",
            "Nothing in the report points to hostility based on a strand; the reason is "
            "recorded.",
        ),
    },
    # -- the strategy's activities (docs/activities.md) ------------------------------------------
    WorkArea: {
        WorkArea.AWARENESS: (
            "Raising awareness",
            "Telling people what hate crime is and that it is taken seriously.",
        ),
        WorkArea.PREVENTION_EDUCATION: (
            "Prevention through education",
            "Sessions in schools, colleges and groups to stop hate crime before it happens.",
        ),
        WorkArea.BUILDING_TRUST: (
            "Building trust",
            "Work with communities so that victims trust the police and partners to help.",
        ),
        WorkArea.INCREASED_REPORTING: (
            "Increasing reporting",
            "Helping people to report hate crime, to the police or a third-party centre.",
        ),
    },
}


def _entry(value: StrEnum) -> str | tuple[str, str]:
    if not isinstance(value, StrEnum):
        raise TypeError(f"not an enumeration value: {value!r}")
    try:
        return _TEXT[type(value)][value]
    except KeyError:
        raise MissingLabel(
            f"{type(value).__name__}.{value.name} has no label: write one in hcdesk.models.labels"
        ) from None


def label(value: StrEnum) -> str:
    """The words a person reads for ``value``: ``NeedArea.CJ_PROCESS_COURT`` ->
    "Criminal justice process and court". Raises :class:`MissingLabel` for a value without
    one (never made up from its name)."""
    entry = _entry(value)
    return entry if isinstance(entry, str) else entry[0]


def help_text(value: StrEnum) -> str:
    """What ``value`` means, in a sentence ("" where its label says it all)."""
    entry = _entry(value)
    return "" if isinstance(entry, str) else entry[1]


def label_of(enum_cls: type[E], value: str) -> str:
    """The label of the stored text ``value`` of ``enum_cls`` (a ValueError for text that is
    not one of its values)."""
    return label(enum_cls(value))


def choices(enum_cls: type[E]) -> list[tuple[E, str]]:
    """Every value of ``enum_cls`` with its label, in the enumeration's order."""
    return [(member, label(member)) for member in enum_cls]


def labelled_enums() -> tuple[type[StrEnum], ...]:
    """The enumerations that have words here."""
    return tuple(_TEXT)


def value_label(text: str) -> str | None:
    """The label of ``text`` where only the stored text is known (a value in a sync conflict):
    the label every enumeration holding that value gives it, or None when there is none or
    they differ (then say which enumeration with :func:`label_of`)."""
    found = {label(m) for enum_cls in _TEXT for m in enum_cls if m.value == text}
    return found.pop() if len(found) == 1 else None


# -- the records and the fields ---------------------------------------------------------------

RECORD_LABELS: dict[str, str] = {
    "case_file": "Case",
    "person": "Person",
    "hostility_evidence": "Hostility evidence item",
    "victim_wish": "Wishes entry",
    "needs_assessment": "Needs assessment",
    "support_plan": "Support plan",
    "support_action": "Support plan action",
    "referral": "Referral",
    "contact_log": "Contact",
    "victims_code_event": "Victims' Code event",
    "charge": "Charge",
    "victim_personal_statement": "Victim Personal Statement",
    "community_impact_statement": "Community impact statement",
    "partnership_share": "Partnership share",
    "court_listing": "Court listing",
    "bail_record": "Bail or remand",
    "court_application": "Application to the court (MG13)",
    "interview_account": "Interview account (MG15)",
    "summary_signoff": "Summary sign-off",
    "disclosure_consent": "Consent to disclose the victim's wishes",
    "preflight_acknowledgement": "Pre-flight acknowledgement",
    "enhanced_status_claim": "Victims' Code status added by an officer",
    "duty_record": "Duty to the victim: what was done",
    "planned_contact": "Planned contact",
    "audit_event": "Audit event",
    "third_party_report": "Third-party report",
    "strategy_activity": "Strategy activity",
}
"""What a person calls one record of each table."""

PART_LABELS: dict[tuple[str, str, str], str] = {
    ("needs_assessment", "areas", "area"): "need area",
    ("needs_assessment", "areas", "level"): "level of need",
    ("needs_assessment", "areas", "notes"): "notes",
    ("charge", "elements", "element"): "element",
    ("charge", "elements", "evidence"): "evidence",
}
"""The parts of each entry of a list-of-entries field (need areas, elements of an offence)."""

FIELD_HELP: dict[tuple[str, str], str] = {
    # -- the case -----------------------------------------------------------------------------
    ("case_file", "local_ref"): "Made when the case is opened; unique on this laptop and team.",
    ("case_file", "urn"): (
        "The prosecution's Unique Reference Number, once the CPS has one, e.g. 23AB1234567."
    ),
    ("case_file", "crime_reference"): "The force's crime or incident number.",
    ("case_file", "force"): "The police force that holds the case.",
    ("case_file", "team"): "The team whose officers may see and work on the case.",
    ("case_file", "status"): "Where the case is now: open, with the CPS, at court or closed.",
    ("case_file", "record_type"): (
        "A hate crime, a non-crime hate incident, or not yet classified. Only a hate crime "
        "gets a prosecution summary."
    ),
    ("case_file", "monitored_strands"): (
        "The nationally monitored strands the hostility was aimed at. Tick every one that was "
        "perceived: perception is enough to flag a case."
    ),
    ("case_file", "local_strands"): (
        "Strands the force monitors locally. They are not covered by the Crime and Disorder "
        "Act or by Sentencing Act 2020 s.66."
    ),
    ("case_file", "perceived_by"): (
        "Who perceived the hostility. The perception of the victim or of anyone else is "
        "enough to record it; proving it needs evidence."
    ),
    ("case_file", "perception_date"): "When the hostility was first perceived or reported.",
    ("case_file", "perception_note"): (
        "How the hostility was perceived, and by whom, in a few sentences."
    ),
    ("case_file", "hocr_codes"): (
        "Home Office Counting Rules classifications, e.g. 8L, 9B; separate them with commas."
    ),
    ("case_file", "fcr_decision"): (
        "The Force Crime Registrar's decision on how the incident is recorded, if one was made."
    ),
    ("case_file", "incident_date"): "The day of the incident, or the first day of a course of "
    "conduct.",
    ("case_file", "incident_end_date"): (
        "For harassment or stalking over a period: the last day of the course of conduct."
    ),
    ("case_file", "incident_time"): "Typed in 24-hour time, e.g. 17:45.",
    ("case_file", "reported_date"): "When the incident was reported to the police.",
    ("case_file", "place"): "Where it happened: a street, building or online platform.",
    ("case_file", "place_type"): "For example street, home, public transport, school or online.",
    ("case_file", "summary"): (
        "What happened, in plain words: who did what to whom. The summary the court reads "
        "starts here."
    ),
    ("case_file", "oic"): "The officer in the case: name, rank and collar number.",
    ("case_file", "liaison_officer"): "The officer or member of staff supporting the victim.",
    ("case_file", "supervisor"): "Who reviews the case and signs off the court summary.",
    ("case_file", "file_stage"): "The National File Standard stage the file is prepared for.",
    ("case_file", "anticipated_plea"): "The plea the officer expects at the first hearing.",
    ("case_file", "cps_area"): "The CPS area that prosecutes, e.g. CPS West Midlands.",
    ("case_file", "cms_hate_flag"): (
        "Tick once the CPS has applied the hate-crime flag in its case management system."
    ),
    ("case_file", "cps_charging_decision"): (
        "The CPS charging decision and its reasons, as the MG3 records them."
    ),
    ("case_file", "protective_marking"): (
        "The Government Security Classification printed on every page of an export."
    ),
    ("case_file", "next_review_date"): "When the case is next reviewed by its officer.",
    ("case_file", "retention_review_date"): (
        "When the case is reviewed for keeping or deleting (Management of Police Information)."
    ),
    ("case_file", "victim_agreed_wishes_disclosed"): (
        "Tick only if the victim agreed that their wishes may go in the disclosable summary."
    ),
    ("case_file", "voided_reason"): (
        "Why the case was opened by mistake. A voided case is kept, but leaves the case list "
        "and every count of work."
    ),
    ("case_file", "voided_at"): "When the case was voided.",
    ("case_file", "voided_by"): "Who voided the case.",
    # -- people ---------------------------------------------------------------------------------
    ("person", "role"): "Victim, suspect or witness.",
    ("person", "name"): "Full name, spelt as the person spells it.",
    ("person", "date_of_birth"): "Typed as day/month/year, e.g. 25/11/1980.",
    ("person", "gender"): "As the person describes it.",
    ("person", "address"): "Home address: never shown to the defence.",
    ("person", "postcode"): "The postcode of the address.",
    ("person", "phone"): "Check the safe times and channels before calling.",
    ("person", "email"): "Use only if email is one of the safe channels.",
    ("person", "safe_times"): (
        "When it is safe to contact the person, e.g. weekdays after 6pm. Shown above every section."
    ),
    ("person", "safe_channels"): (
        "The ways it is safe to contact the person. Contact by any other way is checked first."
    ),
    ("person", "no_voicemail"): "Never leave a voicemail: someone else may hear it.",
    ("person", "contact_notes"): (
        "Anything else about contacting the person safely: who may answer, words to avoid."
    ),
    ("person", "interpreter_needed"): "Tick if an interpreter is needed for contact or court.",
    ("person", "language"): "The language the person prefers, e.g. Polish, British Sign Language.",
    ("person", "access_needs"): (
        "Needs for communication or getting to appointments: easy-read, hearing loop, step-free."
    ),
    ("person", "nominated_spokesperson"): (
        "Who speaks for the victim or their family, if the victim chose someone."
    ),
    ("person", "self_described_characteristics"): (
        "How the person describes their identity, in their own words. Police/CPS only."
    ),
    ("person", "victims_code_statuses"): (
        "Standard, or the enhanced-rights categories of the Victims' Code 2020 that apply. A "
        "hate-crime victim is a victim of the most serious crime."
    ),
    ("person", "previous_incidents"): (
        "Earlier incidents involving this suspect. Police/CPS only unless relied on as evidence."
    ),
    ("person", "previous_incidents_relied_on"): (
        "Tick if the prosecution relies on the previous incidents as evidence: then they may "
        "be disclosed."
    ),
    ("person", "orders_injunctions"): "Orders or injunctions in force against the suspect.",
    ("person", "group_association"): (
        "Links to groups promoting hostility. Police/CPS only unless relied on as evidence."
    ),
    ("person", "group_association_relied_on"): (
        "Tick if the prosecution relies on the group association as evidence: then it may be "
        "disclosed."
    ),
    ("person", "intelligence"): (
        "Intelligence about the suspect: never in the disclosable summary, nor its source."
    ),
    ("person", "statement_ref"): "The witness statement's reference, e.g. its MG11 number.",
    ("person", "statement_date"): "When the statement was taken.",
    ("person", "statement_summary"): "What the witness saw or heard, in a few sentences.",
    # -- hostility evidence -------------------------------------------------------------------
    ("hostility_evidence", "strand"): "The monitored strand the hostility was aimed at.",
    ("hostility_evidence", "local_strand"): "Or a locally monitored strand instead.",
    ("hostility_evidence", "limb"): (
        "Demonstrated (hostility shown around the offence) or motivated (the offence was "
        "motivated by hostility)."
    ),
    ("hostility_evidence", "timing"): "When the hostility was shown, relative to the offence.",
    ("hostility_evidence", "words_or_conduct"): (
        "Exactly as said, written or done, in the original language and spelling. Do not "
        "soften or correct it."
    ),
    ("hostility_evidence", "language"): "The language of the words, if not English.",
    ("hostility_evidence", "translation"): "Into English, when the words are in another language.",
    ("hostility_evidence", "source"): "Where the evidence comes from.",
    ("hostility_evidence", "exhibit_ref"): "The exhibit reference, e.g. JS/1.",
    ("hostility_evidence", "witness_ref"): "The statement of the witness who gives this evidence.",
    ("hostility_evidence", "perceived_by"): "Who perceived this hostility.",
    ("hostility_evidence", "aggravation_factors"): (
        "The Sentencing Council indicators of the level of aggravation this evidence supports."
    ),
    ("hostility_evidence", "disclosure_class"): "Whether this item may go to the defence.",
    ("hostility_evidence", "relied_on"): (
        "For a previous incident, group association or intelligence: tick if the prosecution "
        "relies on it. Otherwise it stays police/CPS only."
    ),
    # -- wishes ---------------------------------------------------------------------------------
    ("victim_wish", "recorded_at"): "When this entry was recorded.",
    ("victim_wish", "recorded_by"): "Who recorded this entry.",
    ("victim_wish", "victim_words"): (
        "What the victim wants, in the victim's own words. Entries are never changed: a "
        "change of mind is a new entry."
    ),
    ("victim_wish", "confirmed_with_victim"): "Tick once the victim agreed this is what they said.",
    ("victim_wish", "wants_prosecution"): "Whether the victim wants the suspect prosecuted.",
    ("victim_wish", "out_of_court_views"): (
        "What the victim thinks of a caution, community resolution or restorative justice."
    ),
    ("victim_wish", "willing_to_give_evidence"): "Whether the victim is willing to go to court.",
    ("victim_wish", "special_measures"): (
        "For example screens, a live link, evidence in private, a pre-recorded interview."
    ),
    ("victim_wish", "vps_read_preference"): (
        "How the victim would like their personal statement used in court."
    ),
    ("victim_wish", "contact_frequency"): "How often the victim wants updates, e.g. weekly.",
    ("victim_wish", "contact_channel"): "How the victim prefers to be contacted.",
    ("victim_wish", "share_with_hip"): (
        "Tick if the victim agreed their case may be discussed at the Hate Incident Partnership."
    ),
    ("victim_wish", "partner_consents"): (
        "The partners the victim agreed may be told; separate them with commas."
    ),
    ("victim_wish", "compensation_sought"): "Tick if the victim wants to ask for compensation.",
    # -- needs and plan ------------------------------------------------------------------------
    ("needs_assessment", "assessed_on"): "When the needs assessment was made.",
    ("needs_assessment", "assessor"): "Who made the assessment.",
    ("needs_assessment", "areas"): (
        "Each area of need, with its level and a note. Leave an area “Not assessed” if "
        "it was not discussed."
    ),
    ("needs_assessment", "repeat_risk"): "How likely the victim is to be targeted again.",
    ("needs_assessment", "protection_needs"): (
        "What would keep the victim safe: at home, on the way to court, online."
    ),
    ("needs_assessment", "special_measures_indicated"): (
        "Tick if the assessment shows the victim may need special measures at court."
    ),
    ("needs_assessment", "reassessment_trigger"): (
        "What would prompt a new assessment, e.g. the suspect's release."
    ),
    ("support_plan", "assessment_id"): "The needs assessment this plan answers.",
    ("support_plan", "rationale"): "Why the plan is what it is: the victim's wishes and needs.",
    ("support_plan", "review_date"): "When the plan is next reviewed with the victim.",
    ("support_plan", "closure_reason"): "Why support ended, once it has.",
    ("support_action", "plan_id"): "The support plan this action belongs to.",
    ("support_action", "need_area"): "The need this action meets.",
    ("support_action", "action"): "What will be done, by whom, in plain words.",
    ("support_action", "owner"): "Who is responsible for the action.",
    ("support_action", "due_date"): "When it should be done; overdue actions are marked.",
    ("support_action", "status"): "Open, done, or declined by the victim.",
    ("support_action", "review_date"): "When to check on the action.",
    ("support_action", "victim_agreed"): "Tick if the victim agreed to this action.",
    ("support_action", "order_key"): "Places the action among the plan's actions.",
    # -- referrals -------------------------------------------------------------------------
    ("referral", "agency"): "The support agency referred to.",
    ("referral", "agency_other"): "The agency's name, when it is not in the list.",
    ("referral", "referred_on"): "When the referral was made.",
    ("referral", "consent_obtained"): (
        "Tick only if the victim consented to the referral (Victims' Code right 4)."
    ),
    ("referral", "consent_how"): "For example by phone, in writing, or through their carer.",
    ("referral", "enhanced_rights"): (
        "Tick if the victim has enhanced rights under the Victims' Code: tell the agency, so "
        "it can prioritise them."
    ),
    ("referral", "outcome"): "What came of the referral.",
    ("referral", "contact_attempts"): "How many times the agency tried to reach the victim.",
    ("referral", "notes"): "Anything else about the referral.",
    # -- contacts ---------------------------------------------------------------------------
    ("contact_log", "occurred_at"): "When the contact or attempt happened.",
    ("contact_log", "channel"): "How the contact was made.",
    ("contact_log", "direction"): "Who contacted whom, or an attempt that did not reach them.",
    ("contact_log", "with_whom"): "If not the victim: who was spoken to.",
    ("contact_log", "summary"): (
        "What was said or done, and what was agreed. Entries are never changed; add a new "
        "one to correct."
    ),
    ("contact_log", "recorded_by"): "Who recorded the contact.",
    ("contact_log", "left_voicemail"): "Tick if a voicemail message was left.",
    ("contact_log", "safety_override_reason"): (
        "Why the contact went ahead by a channel, at a time or by a voicemail the victim asked "
        "to avoid."
    ),
    ("planned_contact", "planned_for"): "When the contact is to be made.",
    ("planned_contact", "channel"): "How the contact is to be made.",
    ("planned_contact", "purpose"): (
        "What the contact is for: the update to give or the question to ask."
    ),
    ("planned_contact", "owner"): "The officer who will make the contact.",
    ("planned_contact", "may_leave_voicemail"): (
        "Tick if a voicemail may be left when the victim does not answer."
    ),
    ("planned_contact", "done"): "Tick once the contact has been made (and logged).",
    ("planned_contact", "safety_override_reason"): (
        "Why the contact is planned by a channel, at a time or by a voicemail the victim asked "
        "to avoid."
    ),
    # -- Victims' Code -----------------------------------------------------------------------
    ("victims_code_event", "right_number"): (
        "The Victims' Code right (1 to 12) concerned, e.g. 6 for updates on the case."
    ),
    ("victims_code_event", "event"): "What happened in the case that the victim must be told of.",
    ("victims_code_event", "event_date"): "When it happened.",
    ("victims_code_event", "victim_told_on"): (
        "When the victim was told: within 1 working day for enhanced rights, 5 otherwise."
    ),
    ("victims_code_event", "notes"): "How the victim was told, or why they were not.",
    # -- charges --------------------------------------------------------------------------------
    ("charge", "defendant_id"): "The suspect of this case who is charged.",
    ("charge", "offence"): "The offence as charged, e.g. Racially aggravated common assault.",
    (
        "charge",
        "statute_section",
    ): "The statute and section, e.g. Crime and Disorder Act 1998 s.29.",
    ("charge", "legal_route"): (
        "How the hostility is prosecuted: an aggravated offence (CDA 1998 ss.29-32), a "
        "sentence uplift (Sentencing Act 2020 s.66), or stirring up hatred."
    ),
    ("charge", "cda_underlying"): "The basic offence a Crime and Disorder Act 1998 aggravated "
    "offence is built on.",
    ("charge", "hocr_code"): "The Home Office Counting Rules classification of this offence.",
    ("charge", "aggravated_form_available"): (
        "Whether a racially or religiously aggravated form of this offence exists (CDA 1998)."
    ),
    ("charge", "aggravated_form_charged"): "Whether the aggravated form is the one charged.",
    ("charge", "offence_date"): "When the offence was committed.",
    ("charge", "charged_on"): "When the suspect was charged or the requisition issued.",
    ("charge", "plea"): "The plea entered in court.",
    ("charge", "plea_basis"): "The written basis of a guilty plea, if the defence gave one.",
    ("charge", "elements"): (
        "Each element the prosecution must prove, with the evidence for it. Left empty, the "
        "summary lists the standard elements of the offence."
    ),
    ("charge", "outcome"): "The result of the charge.",
    ("charge", "outcome_date"): "When the outcome was decided.",
    ("charge", "sentence"): "The sentence passed, as the court gave it.",
    ("charge", "uplift_stated_in_court"): (
        "Tick if the court said in open court that it increased the sentence for hostility "
        "(Sentencing Act 2020 s.66(2))."
    ),
    # -- statements -------------------------------------------------------------------------
    ("victim_personal_statement", "status"): "Whether the statement was offered, made or declined.",
    ("victim_personal_statement", "taken_on"): "When the statement was taken.",
    ("victim_personal_statement", "updated_before_sentence"): (
        "Tick if the victim updated the statement before sentence."
    ),
    ("victim_personal_statement", "read_preference"): (
        "How the victim wants the statement used in court; the court decides."
    ),
    ("victim_personal_statement", "impacts"): "The headings of impact the statement covers.",
    ("victim_personal_statement", "notes"): "Anything else about the statement.",
    (
        "community_impact_statement",
        "cis_type",
    ): "Generic (an area or community) or this case alone.",
    ("community_impact_statement", "author"): "Who made the statement, e.g. a neighbourhood "
    "inspector.",
    ("community_impact_statement", "community"): "The community affected, in its own terms.",
    ("community_impact_statement", "period"): "The period the statement covers.",
    ("community_impact_statement", "served_on_all_parties"): (
        "Tick once the statement was served on the defence and the court."
    ),
    ("community_impact_statement", "summary"): "What the community told the police.",
    # -- partnership shares -----------------------------------------------------------------
    ("partnership_share", "partner"): "Who the information was shared with.",
    ("partnership_share", "shared_on"): "When it was shared.",
    ("partnership_share", "purpose"): "Why it was shared, e.g. safety planning.",
    ("partnership_share", "data_items"): "What was shared, item by item.",
    ("partnership_share", "lawful_basis"): (
        "The lawful basis for sharing, e.g. Data Protection Act 2018 s.35(2)(b)."
    ),
    ("partnership_share", "victim_consent"): "Whether the victim agreed to the sharing.",
    ("partnership_share", "no_consent_reason"): ("Why it was shared without the victim's consent."),
    ("partnership_share", "meeting_ref"): "The partnership meeting, if it was shared at one.",
    # -- court ------------------------------------------------------------------------------
    ("court_listing", "court"): "The court's name, e.g. Leamington Spa Magistrates' Court.",
    ("court_listing", "listed_for"): "The day of the hearing.",
    ("court_listing", "time"): "Typed in 24-hour time, e.g. 10:00.",
    ("court_listing", "hearing_type"): "What the hearing is for.",
    ("court_listing", "notes"): "Courtroom, special measures in place, who attends.",
    ("bail_record", "person_id"): "The suspect released or remanded.",
    ("bail_record", "status"): "Released under investigation, on police or court bail, or "
    "remanded in custody.",
    ("bail_record", "proposed"): (
        "Tick if these are conditions the police suggest to the court, not yet decided."
    ),
    ("bail_record", "conditions"): "Each condition, e.g. not to contact the victim.",
    ("bail_record", "grounds"): "Why the conditions or the remand are needed (MG7).",
    ("bail_record", "from_date"): "When the bail or remand started.",
    ("bail_record", "until_date"): "When it ends or is next reviewed.",
    ("court_application", "person_id"): "The defendant the application is against.",
    ("court_application", "kind"): "The order applied for.",
    ("court_application", "terms"): "The terms asked for, e.g. no contact, exclusion zone.",
    ("court_application", "grounds"): "Why the order is needed, and the evidence for it.",
    ("court_application", "victim_consulted"): "Tick once the victim's views were taken.",
    ("court_application", "outcome"): "What the court decided.",
    ("interview_account", "person_id"): "The suspect interviewed.",
    ("interview_account", "interviewed_on"): "When the interview took place.",
    ("interview_account", "account"): "What kind of account the suspect gave.",
    ("interview_account", "summary"): "What the suspect said, in a few sentences (MG15).",
    ("interview_account", "hostility_response"): (
        "What the suspect said about the hostility alleged."
    ),
    ("interview_account", "record_ref"): "The reference of the MG15 record of interview.",
    # -- sign-off, consent, pre-flight ------------------------------------------------------------
    ("summary_signoff", "role"): "The officer in the case signs first, then the supervisor.",
    ("summary_signoff", "signed_by"): "Who certifies the summary.",
    ("summary_signoff", "signed_at"): "When it was certified.",
    ("summary_signoff", "document_version"): (
        "The version of the court summary certified: the next export, unless you name another."
    ),
    ("summary_signoff", "notes"): "Anything the person certifying wants recorded.",
    ("disclosure_consent", "recorded_at"): "When the consent was recorded.",
    ("disclosure_consent", "recorded_by"): "Who recorded it.",
    ("disclosure_consent", "given_by"): "The victim, or who gave consent for them.",
    ("disclosure_consent", "oic_agreed"): (
        "Tick once the officer in the case agreed the items may be disclosed."
    ),
    ("disclosure_consent", "wish_items"): (
        "The parts of the victim's wishes that may be disclosed. Tick nothing to withdraw consent."
    ),
    ("disclosure_consent", "notes"): "How and when the victim gave or withdrew consent.",
    ("preflight_acknowledgement", "check"): "The pre-flight check that found it.",
    ("preflight_acknowledgement", "finding"): "What the check found.",
    ("preflight_acknowledgement", "acknowledged_by"): "Who acknowledged the finding.",
    ("preflight_acknowledgement", "acknowledged_at"): "When it was acknowledged.",
    ("preflight_acknowledgement", "reason"): "Why the export went ahead despite the finding.",
    ("enhanced_status_claim", "status"): "The Victims' Code status the officer adds.",
    ("enhanced_status_claim", "reason"): (
        "Why the victim has this status, e.g. what makes them vulnerable or intimidated, or how "
        "they are persistently targeted."
    ),
    ("enhanced_status_claim", "withdrawn"): "Set on a later entry that takes the status back.",
    ("enhanced_status_claim", "recorded_by"): "Who added or withdrew the status.",
    ("enhanced_status_claim", "recorded_at"): "When the status was added or withdrawn.",
    ("duty_record", "duty_key"): "Which duty to the victim this entry is about.",
    ("duty_record", "victim_told_on"): "The day the victim was told.",
    ("duty_record", "breach_reason"): (
        "Why the victim was not told within the Victims' Code deadline."
    ),
    ("duty_record", "notes"): "How the victim was told, or anything else worth keeping.",
    ("duty_record", "recorded_by"): "Who recorded the entry.",
    ("duty_record", "recorded_at"): "When the entry was recorded.",
}
"""What each field of the model means, as its help line and tooltip say."""


def field_label(column: sa.ColumnElement[Any]) -> str:
    """The label a person knows ``column`` by, lower case as written (``field(label=...)``).
    Raises :class:`MissingLabel` for a domain column without one."""
    text = column.info.get("label")
    if not text:
        where = f"{getattr(getattr(column, 'table', None), 'name', '?')}.{column.key}"
        raise MissingLabel(f"{where} has no label: give its field(...) a label=")
    return str(text)


def field_help(table: str, key: str) -> str:
    """What the field ``key`` of ``table`` means. Raises :class:`MissingLabel` for a field
    without help (written in :data:`FIELD_HELP`)."""
    try:
        return FIELD_HELP[(table, key)]
    except KeyError:
        raise MissingLabel(f"{table}.{key} has no help: write it in FIELD_HELP") from None


def record_label(table: str) -> str:
    """What a person calls a record of ``table`` ("Hostility evidence item")."""
    try:
        return RECORD_LABELS[table]
    except KeyError:
        raise MissingLabel(f"the table {table} has no name: add it to RECORD_LABELS") from None


def part_label(table: str, key: str, part: str) -> str:
    """The name of a part of an entry of a list-of-entries field ("level of need")."""
    try:
        return PART_LABELS[(table, key, part)]
    except KeyError:
        raise MissingLabel(f"{table}.{key}[].{part} has no label: add it to PART_LABELS") from None


# -- third-party reports (docs/third-party-reports.md) -----------------------------------------

INTAKE_FIELDS: dict[str, tuple[str, str]] = {
    "centre": ("reporting centre", "The third-party reporting centre that sent the report."),
    "centre_name": (
        "centre's name",
        "The name of the centre when it is not one of the listed centres (required then).",
    ),
    "centre_reference": (
        "centre's reference",
        "The centre's own reference for the report; with the centre it names the report, so "
        "a report sent twice is queued once.",
    ),
    "received_at": (
        "date and time received",
        "When the centre received the report, with its offset from UTC (for example "
        "2026-03-02T14:05:00Z).",
    ),
    "reporter_role": ("who reported it", "The victim, a witness, or someone on their behalf."),
    "anonymous": (
        "anonymous",
        "The reporter did not want to be named to the police: no name or contact details are "
        "given.",
    ),
    "monitored_strands": (
        "monitored strands as perceived",
        "The hostility the reporter perceived, as the monitored strands (at least one strand, "
        "monitored or local).",
    ),
    "local_strands": (
        "local strands as perceived",
        "Hostility perceived on a characteristic recorded locally (alternative subculture, sex "
        "or gender, age, another).",
    ),
    "what_happened": (
        "what happened",
        "The account as the centre recorded it, in its words; quoted unchanged on a case "
        "opened from it.",
    ),
    "incident_date": ("incident date", "The day it happened, or the first day of a range."),
    "incident_end_date": (
        "incident end date",
        "The last day, when it happened over a range of days (a course of conduct).",
    ),
    "incident_time": ("time of the incident", "The time, UK time, 24-hour clock (HH:MM)."),
    "location_type": ("type of place", "The kind of place where it happened."),
    "postcode_area": (
        "postcode area or district",
        "Where it happened, no finer than the postcode sector: an area (CV), a district (CV34) "
        "or a sector (CV34 4). Never a full postcode.",
    ),
    "place": (
        "place",
        "Where it happened in words, for example a street, a bus route or a website.",
    ),
    "victim_name": ("victim's name", "Only when the report is not anonymous."),
    "victim_phone": ("victim's phone number", "Only when the report is not anonymous."),
    "victim_email": ("victim's email address", "Only when the report is not anonymous."),
    "consent_to_contact": (
        "consent to be contacted",
        "The reporter agreed that the police may contact them (or the victim) about it.",
    ),
    "preferred_channel": (
        "preferred way to be contacted",
        "How they want to be contacted; required when they consent, and only then. An "
        "anonymous reporter can be reached only through the centre.",
    ),
}
"""Each field of a third-party report (docs/third-party-reports.md): its label (lower case, to
read inside a message) and what it means. The format, its schema and documentation, the command
line and the desktop's queue all read them from here."""

INTAKE_RECORD_LABEL = RECORD_LABELS["third_party_report"]
INTAKE_NOT_TRIAGED = "Not yet triaged"
"""The outcome of a report no officer has triaged yet, as the queue and a centre's export say."""
INTAKE_ANONYMOUS = "Anonymous: reachable only through the centre"
INTAKE_NO_CONTACT = "Does not want to be contacted"
INTAKE_CONTACT_BY = "May be contacted; prefers {channel}"
INTAKE_MAY_CONTACT = "May be contacted"
"""Whether a report's reporter may be contacted, as the desktop's queue says it (never how)."""
INTAKE_OUTCOME_COLUMNS = ("Your reference", "Received", "Outcome", "Date triaged")
"""The columns of the outcomes file sent back to a centre: no case content, no names."""
INTAKE_ANONYMOUS_VICTIM = "Not known: anonymous report through {centre} ({reference})"
"""The victim's name on a case opened from an anonymous report (a new case needs one)."""
INTAKE_ACCOUNT = "Account from {centre}, reference {reference}, received {received}:\n“{text}”"
"""How a case opened from a report quotes the centre's account."""


def intake_label(key: str) -> str:
    """The label of the field ``key`` of a third-party report ("postcode area or district")."""
    try:
        return INTAKE_FIELDS[key][0]
    except KeyError:
        raise MissingLabel(f"report field {key} has no label: add it to INTAKE_FIELDS") from None


def intake_help(key: str) -> str:
    """What the field ``key`` of a third-party report means."""
    try:
        return INTAKE_FIELDS[key][1]
    except KeyError:
        raise MissingLabel(f"report field {key} has no help: add it to INTAKE_FIELDS") from None
