"""What the court summary says, assembled from the store as plain data (DOMAIN.md (b)).

:func:`build_summary_data` reads one case (through :func:`hcdesk.casework.casefile.load_case`,
so the reading is logged as a consultation) and returns a :class:`SummaryData`: plain
dataclasses of text, no ORM objects, no reportlab and no Qt. The renderer
(:mod:`hcdesk.export.summary`) only lays it out.

Placement follows each field's disclosure class (``info["disclosure"]`` on the model column).
The builder tags every value it takes from a ``POLICE_CPS_ONLY`` field as *restricted*; then,
for the CPS variant, :func:`place` moves every restricted block or item to the police/CPS-only
annex under the same section number, and the disclosable part keeps only what the defence may
see. The victim's wishes are restricted unless ``victim_agreed_wishes_disclosed`` is set. For
the FULL (internal) variant everything stays in order and restricted material is labelled.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from hcdesk import __version__
from hcdesk.casework.casefile import MODELS, CaseSnapshot, load_case
from hcdesk.errors import UsageError
from hcdesk.models.base import uuid7
from hcdesk.models.enums import (
    AggravationFactor,
    DisclosureClass,
    EvidenceSource,
    HostilityLimb,
    LegalRoute,
    PersonRole,
    ProtectiveMarking,
    RecordType,
    VictimsCodeEventKind,
    VictimsCodeStatus,
)

# -- the document model ------------------------------------------------------------------------


class SummaryVariant(enum.StrEnum):
    CPS = "cps"  # disclosable summary + separately paginated police/CPS-only annex
    FULL = "full"  # internal: everything, in section order


@dataclass(frozen=True)
class Item:
    """One labelled value. ``restricted``: taken from a police/CPS-only field."""

    label: str
    value: str
    restricted: bool = False


@dataclass
class KeyValues:
    items: list[Item]
    restricted: bool = False
    title: str | None = None


@dataclass
class Text:
    """A paragraph. ``style``: body, lead (headline), note, empty (nothing recorded), quote."""

    text: str
    style: str = "body"
    restricted: bool = False


@dataclass(frozen=True)
class Cell:
    """A table cell: main text, optional second line (e.g. a translation) in a quieter style."""

    text: str
    sub: str | None = None
    verbatim: bool = False  # words quoted exactly: printed as they are, in any script


@dataclass
class Table:
    header: list[str]
    rows: list[list[Cell]]
    widths: list[float]  # relative column widths
    restricted: bool = False
    title: str | None = None


@dataclass
class Signatures:
    """Certification boxes: (role, name, declaration)."""

    rows: list[tuple[str, str, str]]
    restricted: bool = False


Block = KeyValues | Text | Table | Signatures


@dataclass
class Section:
    number: str  # "1".."16"; annex sections "A1", "A9"...
    title: str
    blocks: list[Block] = field(default_factory=list)
    # Said in the disclosable part when everything in the section went to the annex.
    moved_note: str = "Held in the police/CPS-only annex; not for disclosure."
    restricted: bool = False  # the whole section is police/CPS-only (FULL variant label)


@dataclass
class Banner:
    """The boxed hostility-aggravation flag on page 1 (DOMAIN.md (b)2)."""

    heading: str
    items: list[Item]  # (i)..(iv): strands, perceived by and when, legal route, limbs
    statements: list[str]  # (v)..(vii): what the law requires of the court and the prosecution
    warning: str | None = None  # e.g. recorded as a non-crime hate incident


@dataclass
class SummaryData:
    variant: SummaryVariant
    case_id: str
    reference: str  # URN, else the local reference
    reference_label: str  # "URN 23WK1710025" or "Local ref L-ABCD-00001 (no URN yet)"
    marking: ProtectiveMarking
    marking_label: str  # "OFFICIAL-SENSITIVE"
    marking_reason: str | None
    generated_at: dt.datetime
    generated_by: str
    version: str
    export_id: str
    recipient: str | None
    reason: str | None
    banner: Banner
    sections: list[Section]  # the disclosable part (CPS) or everything (FULL)
    annex: list[Section]  # CPS only: the police/CPS-only annex

    @property
    def title(self) -> str:
        return "Hate crime case summary"

    @property
    def caveat(self) -> str:
        if self.variant is SummaryVariant.FULL:
            return (
                f"{self.marking_label}: internal police/CPS version. Not for service on the "
                "defence. Need to know only; do not copy or forward."
            )
        return (
            f"{self.marking_label}: for the CPS. Serve only the disclosable pages; the annex is "
            "police/CPS only. Need to know; do not forward."
        )


# -- wording -------------------------------------------------------------------------------------

MARKING_LABELS = {
    ProtectiveMarking.OFFICIAL: "OFFICIAL",
    ProtectiveMarking.OFFICIAL_SENSITIVE: "OFFICIAL-SENSITIVE",
}
DEFAULT_MARKING = ProtectiveMarking.OFFICIAL_SENSITIVE

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
CDA_ROUTES = {
    LegalRoute.CDA_S29_ASSAULT,
    LegalRoute.CDA_S30_CRIMINAL_DAMAGE,
    LegalRoute.CDA_S31_PUBLIC_ORDER,
    LegalRoute.CDA_S32_HARASSMENT,
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
ROLES = {"VICTIM": "Victim", "SUSPECT": "Defendant / suspect", "WITNESS": "Witness"}
KEY_DECISIONS = {
    VictimsCodeEventKind.SUSPECT_ARRESTED,
    VictimsCodeEventKind.SUSPECT_INTERVIEWED,
    VictimsCodeEventKind.SUSPECT_BAILED,
    VictimsCodeEventKind.SUSPECT_RELEASED_UNDER_INVESTIGATION,
    VictimsCodeEventKind.SUSPECT_CHARGED,
    VictimsCodeEventKind.NO_FURTHER_ACTION,
    VictimsCodeEventKind.COURT_DATE_SET,
    VictimsCodeEventKind.COURT_OUTCOME,
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


def _join(parts: Iterable[str], last: str = "and") -> str:
    items = [p for p in parts if p]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


# -- disclosure classes --------------------------------------------------------------------------


def restricted(table: str, key: str) -> bool:
    """Whether a field is police/CPS only, from the model column's ``info["disclosure"]``."""
    column = MODELS[table].__table__.columns[key]
    return bool(column.info.get("disclosure") == DisclosureClass.POLICE_CPS_ONLY)


def label(table: str, key: str) -> str:
    column = MODELS[table].__table__.columns[key]
    text = str(column.info.get("label") or key.replace("_", " "))
    return text[0].upper() + text[1:]


def item(table: str, record: dict[str, Any], key: str, *, name: str | None = None) -> Item:
    """The field as an :class:`Item` with its label and disclosure class."""
    return Item(name or label(table, key), human(record.get(key)), restricted(table, key))


# -- the builder ---------------------------------------------------------------------------------


@dataclass
class _Ctx:
    snap: CaseSnapshot
    case: dict[str, Any]
    people: list[dict[str, Any]]
    evidence: list[dict[str, Any]]  # live evidence items, numbered
    numbers: dict[str, str]  # evidence id -> "E1" / "R1"
    wishes_restricted: bool

    def records(self, table: str) -> list[dict[str, Any]]:
        return self.snap.records.get(table, [])

    def role(self, role: PersonRole) -> list[dict[str, Any]]:
        return [p for p in self.people if str(p["role"]) == role.value]


def build_summary_data(
    session: Session,
    case_id: str,
    variant: SummaryVariant | str = SummaryVariant.CPS,
    *,
    marking: ProtectiveMarking | str | None = None,
    marking_reason: str | None = None,
    recipient: str | None = None,
    reason: str | None = None,
    export_id: str | None = None,
    generated_at: dt.datetime | None = None,
    generated_by: str | None = None,
) -> SummaryData:
    """Assemble the summary of one case. Takes a Session, never commits (casework style)."""
    variant = SummaryVariant(str(variant).lower())
    chosen = _marking(marking, marking_reason)
    snap = load_case(session, case_id, audit_reason=reason or "court summary export")
    case = snap.case
    evidence = list(snap.records.get("hostility_evidence", []))
    numbers: dict[str, str] = {}
    open_n = restricted_n = 0
    for ev in evidence:
        if _evidence_restricted(ev):
            restricted_n += 1
            numbers[ev["id"]] = f"R{restricted_n}"
        else:
            open_n += 1
            numbers[ev["id"]] = f"E{open_n}"
    ctx = _Ctx(
        snap=snap,
        case=case,
        people=snap.records.get("person", []),
        evidence=evidence,
        numbers=numbers,
        wishes_restricted=not bool(case.get("victim_agreed_wishes_disclosed")),
    )
    urn = case.get("urn")
    reference = urn or case["local_ref"]
    reference_label = f"URN {urn}" if urn else f"Local ref {case['local_ref']} (no URN yet)"
    now = generated_at or dt.datetime.now(dt.UTC)
    data = SummaryData(
        variant=variant,
        case_id=case_id,
        reference=reference,
        reference_label=reference_label,
        marking=chosen,
        marking_label=MARKING_LABELS[chosen],
        marking_reason=(marking_reason or "").strip() or None,
        generated_at=now,
        generated_by=generated_by or str(session.info.get("actor") or ""),
        version=__version__,
        export_id=export_id or uuid7(),
        recipient=recipient,
        reason=reason,
        banner=_banner(ctx, with_restricted=variant is SummaryVariant.FULL),
        sections=[],
        annex=[],
    )
    sections = [
        _identification(ctx),
        _charges(ctx),
        _headline(ctx),
        _evidence_schedule(ctx),
        _background(ctx),
        _indicators(ctx),
        _impact(ctx),
        _wishes(ctx),
        _community(ctx),
        _risk(ctx),
        _partners(ctx),
        _file_index(ctx),
        _victims_code(ctx),
        _certification(ctx),
        _export_record(data),
    ]
    data.sections, data.annex = place(sections, variant)
    return data


def _marking(marking: ProtectiveMarking | str | None, reason: str | None) -> ProtectiveMarking:
    if marking is None or marking == "":
        return DEFAULT_MARKING
    text = str(marking).strip().upper().replace("-", "_").replace(" ", "_")
    try:
        chosen = ProtectiveMarking(text)
    except ValueError:
        raise UsageError("The marking must be OFFICIAL or OFFICIAL-SENSITIVE.") from None
    if chosen != DEFAULT_MARKING and not (reason or "").strip():
        raise UsageError(
            f"Give a reason for marking this export {MARKING_LABELS[chosen]} instead of "
            f"{MARKING_LABELS[DEFAULT_MARKING]}; it is recorded in the audit trail."
        )
    return chosen


def _evidence_restricted(ev: dict[str, Any]) -> bool:
    return str(ev.get("disclosure_class")) == DisclosureClass.POLICE_CPS_ONLY.value


# -- placement -----------------------------------------------------------------------------------


def place(
    sections: Sequence[Section], variant: SummaryVariant
) -> tuple[list[Section], list[Section]]:
    """Split sections into the disclosable part and the annex (CPS) or keep them (FULL)."""
    if variant is SummaryVariant.FULL:
        return list(sections), []
    main: list[Section] = []
    annex: list[Section] = []
    for sec in sections:
        open_blocks: list[Block] = []
        closed_blocks: list[Block] = []
        for block in sec.blocks:
            if block.restricted:
                closed_blocks.append(block)
            elif isinstance(block, KeyValues):
                shown = [i for i in block.items if not i.restricted]
                hidden = [i for i in block.items if i.restricted]
                if shown:
                    open_blocks.append(replace(block, items=shown))
                if hidden:
                    closed_blocks.append(replace(block, items=hidden, restricted=True))
            else:
                open_blocks.append(block)
        if closed_blocks and not open_blocks:
            open_blocks.append(Text(sec.moved_note, "empty"))
        main.append(replace(sec, blocks=open_blocks, restricted=False))
        if closed_blocks:
            annex.append(
                replace(sec, number=f"A{sec.number}", blocks=closed_blocks, restricted=True)
            )
    return main, annex


def all_text(sections: Iterable[Section]) -> list[str]:
    """Every string in the given sections (tests use it to prove what is and is not there)."""
    out: list[str] = []
    for sec in sections:
        out.append(sec.title)
        for block in sec.blocks:
            if isinstance(block, KeyValues):
                out += [t for i in block.items for t in (i.label, i.value)]
            elif isinstance(block, Text):
                out.append(block.text)
            elif isinstance(block, Table):
                out += block.header
                out += [t for row in block.rows for c in row for t in (c.text, c.sub or "")]
            else:
                out += [t for row in block.rows for t in row]
    return out


# -- banner (section 2) ----------------------------------------------------------------------------


def _routes(ctx: _Ctx) -> tuple[list[str], list[str]]:
    """(statements of the legal route, notes on it) from the charges."""
    charges = ctx.records("charge")
    lines: list[str] = []
    notes: list[str] = []
    for ch in charges:
        route = ch.get("legal_route")
        offence = ch.get("offence") or "Offence"
        if route in CDA_ROUTES and ch.get("aggravated_form_charged"):
            lines.append(f"Aggravated offence charged: {offence} ({ROUTES[str(route)]}).")
        elif route == LegalRoute.SA2020_S66_UPLIFT:
            lines.append(f"Sentence uplift sought under Sentencing Act 2020 s.66 for: {offence}.")
        elif route in CDA_ROUTES:
            lines.append(
                f"{offence}: aggravated form ({ROUTES[str(route)]}) not charged; "
                "s.66 uplift to be considered."
            )
        elif route is not None:
            lines.append(f"{offence} ({ROUTES.get(str(route), human(route))}).")
        else:
            lines.append(f"{offence}: legal route not recorded.")
        if ch.get("aggravated_form_available") and not ch.get("aggravated_form_charged"):
            notes.append(
                f"{offence}: the aggravated form was available but not charged. The Sentencing "
                "Council says s.66 should not normally be used for race or religion in that case."
            )
    if not charges:
        lines.append(
            "No charge recorded yet. Route to be decided by the CPS: an aggravated offence under "
            "Crime and Disorder Act 1998 ss.29-32, or a Sentencing Act 2020 s.66 uplift."
        )
    return lines, notes


def _banner(ctx: _Ctx, *, with_restricted: bool = False) -> Banner:
    """The banner. The CPS variant's banner is on a disclosable page, so it cites only
    disclosable evidence; the FULL variant's cites police/CPS-only items (R1...) too."""
    case = ctx.case
    strands = [STRANDS[str(s)] for s in case.get("monitored_strands") or []]
    local = [STRANDS[str(s)] for s in case.get("local_strands") or []]
    strand_text = _join(strands) or "No monitored strand recorded"
    if local:
        strand_text += f"; also recorded locally: {_join(local)} (not covered by s.66)"
    perceivers = [PERCEIVERS[str(p)] for p in case.get("perceived_by") or []]
    perceived = _join(perceivers) or "Not recorded"
    perceived = perceived[0].upper() + perceived[1:]
    if case.get("perception_date"):
        perceived += f", on {day(case['perception_date'])}"
    if case.get("perception_note"):
        perceived += f". {case['perception_note']}"
    routes, notes = _routes(ctx)
    open_ev = [e for e in ctx.evidence if with_restricted or not _evidence_restricted(e)]
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


# -- 1. case identification ------------------------------------------------------------------------

_PERSON_CONTACT = (
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
    "safe_times",
    "safe_channels",
    "no_voicemail",
    "contact_notes",
    "access_needs",
    "nominated_spokesperson",
    "self_described_characteristics",
    "victims_code_statuses",
)


def _latest_listing(ctx: _Ctx) -> dict[str, Any] | None:
    listings = [
        e
        for e in ctx.records("victims_code_event")
        if str(e.get("event")) == VictimsCodeEventKind.COURT_DATE_SET.value and e.get("notes")
    ]
    return listings[-1] if listings else None


def _identification(ctx: _Ctx) -> Section:
    case = ctx.case
    t = "case_file"
    details = KeyValues(
        [
            Item("URN", case.get("urn") or "Not yet allocated"),
            item(t, case, "local_ref", name="Local reference"),
            item(t, case, "crime_reference", name="Crime reference"),
            Item("Force", human(case.get("force"))),
            Item("Record type", human(case.get("record_type"))),
            item(t, case, "oic", name="Officer in the case"),
            item(t, case, "liaison_officer", name="Victim liaison officer"),
            item(t, case, "supervisor", name="Supervisor"),
            item(t, case, "cps_area", name="CPS area"),
            item(t, case, "file_stage", name="File stage"),
            item(t, case, "anticipated_plea", name="Anticipated plea"),
            Item(
                "Court and next hearing",
                "Not recorded on the case file",
            ),
        ]
    )
    for i, it in enumerate(details.items):
        if not it.value:
            details.items[i] = replace(it, value="Not recorded")
    blocks: list[Block] = [details]
    listing = _latest_listing(ctx)
    if listing is not None:
        blocks.append(
            KeyValues(
                [
                    Item(
                        "Latest listing told to the victim",
                        f"{listing['notes']} (recorded {day(listing.get('event_date'))})",
                        restricted("victims_code_event", "notes"),
                    )
                ],
                restricted=restricted("victims_code_event", "notes"),
            )
        )
    rows: list[list[Cell]] = []
    for role, name in (
        (PersonRole.SUSPECT, "Defendant / suspect"),
        (PersonRole.VICTIM, "Victim"),
        (PersonRole.WITNESS, "Witness"),
    ):
        for p in ctx.role(role):
            facts = [
                f"Statement {p['statement_ref']}" if p.get("statement_ref") else "",
                p.get("gender") or "",
                f"Interpreter needed: {p.get('language') or 'language not recorded'}"
                if p.get("interpreter_needed")
                else (f"Language: {p['language']}" if p.get("language") else ""),
            ]
            rows.append(
                [Cell(name), Cell(p["name"], verbatim=True), Cell("; ".join(f for f in facts if f))]
            )
    if rows:
        blocks.append(Table(["Role", "Name", "Details"], rows, [1.3, 2.2, 3.5], title="People"))
    else:
        blocks.append(Text("No defendant, victim or witness recorded.", "empty"))
    # Contact details: police/CPS only by their disclosure class.
    contact_rows: list[list[Cell]] = []
    for p in ctx.people:
        facts = []
        for key in _PERSON_CONTACT:
            value = human(p.get(key))
            if value and value != "No":
                facts.append(f"{label('person', key)}: {value}")
        if facts:
            contact_rows.append(
                [
                    Cell(ROLES.get(str(p["role"]), human(p["role"]))),
                    Cell(p["name"], verbatim=True),
                    Cell("\n".join(facts)),
                ]
            )
    if contact_rows:
        blocks.append(
            Table(
                ["Role", "Name", "Contact details and contact safety"],
                contact_rows,
                [1.3, 2.2, 3.5],
                restricted=all(restricted("person", k) for k in _PERSON_CONTACT),
                title="Contact details (victim, witnesses, suspects)",
            )
        )
    return Section("1", "Case identification", blocks)


# -- 3. charges ------------------------------------------------------------------------------------


def _charges(ctx: _Ctx) -> Section:
    case = ctx.case
    rows = []
    for ch in ctx.records("charge"):
        route = ch.get("legal_route")
        statute = ch.get("statute_section") or ""
        route_text = ROUTES.get(str(route), "") if route else ""
        agg = (
            f"Available: {human(ch.get('aggravated_form_available'))}\n"
            f"Charged: {human(ch.get('aggravated_form_charged'))}"
        )
        outcome = human(ch.get("outcome"))
        if ch.get("outcome_date"):
            outcome += f" ({day(ch['outcome_date'])})"
        if ch.get("sentence"):
            outcome += f"\nSentence: {ch['sentence']}"
        if ch.get("uplift_stated_in_court"):
            outcome += "\nUplift stated in open court"
        dates = []
        if ch.get("offence_date"):
            dates.append(f"Offence {day(ch['offence_date'])}")
        if ch.get("charged_on"):
            dates.append(f"charged {day(ch['charged_on'])}")
        rows.append(
            [
                Cell(ch.get("offence") or "", sub="; ".join(dates) or None),
                Cell(statute or "Not recorded", sub=route_text or None),
                Cell(agg),
                Cell(ch.get("hocr_code") or "Not recorded"),
                Cell(outcome),
            ]
        )
    blocks: list[Block] = []
    if rows:
        blocks.append(
            Table(
                ["Offence", "Statute and legal route", "Aggravated form", "HOCR code", "Outcome"],
                rows,
                [2.0, 2.6, 1.2, 0.9, 1.5],
            )
        )
    else:
        blocks.append(Text("No charge recorded yet.", "empty"))
    hocr = case.get("hocr_codes") or []
    blocks.append(
        KeyValues(
            [
                Item("HOCR code(s) recorded", ", ".join(hocr) or "None recorded"),
                Item(
                    "Hate-crime flag(s)",
                    _join(STRANDS[str(s)] for s in case.get("monitored_strands") or [])
                    or "None recorded",
                ),
                Item("CMS hate-crime monitoring flag applied", human(case.get("cms_hate_flag"))),
                item("case_file", case, "fcr_decision", name="Force crime registrar decision"),
                item("case_file", case, "cps_charging_decision", name="CPS charging decision"),
            ]
        )
    )
    _fill_blanks(blocks[-1])
    return Section("3", "Charges and offences", blocks)


def _fill_blanks(block: Block, text: str = "Not recorded") -> None:
    if isinstance(block, KeyValues):
        block.items = [i if i.value else replace(i, value=text) for i in block.items]


# -- 4. headline and chronology --------------------------------------------------------------------


def _headline(ctx: _Ctx) -> Section:
    case = ctx.case
    strands = _join(STRANDS[str(s)].lower() for s in case.get("monitored_strands") or [])
    kind = human(case.get("record_type")).lower() or "hate crime"
    where = case.get("place") or "a place not recorded"
    on = f" on {day(case['incident_date'])}" if case.get("incident_date") else ""
    charges = [c.get("offence") for c in ctx.records("charge") if c.get("offence")]
    charged = (
        f" Charged: {_join(str(c) for c in charges)}." if charges else " No charge recorded yet."
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
            if ref and e.get("witness_ref") == ref and not _evidence_restricted(e)
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


# -- 5. hostility evidence schedule ----------------------------------------------------------------


def _evidence_row(ctx: _Ctx, e: dict[str, Any]) -> list[Cell]:
    sub = []
    if e.get("language"):
        sub.append(f"Language: {e['language']}")
    if e.get("translation"):
        sub.append(f"Translation: {e['translation']}")
    strand = STRANDS.get(str(e.get("strand")), "") if e.get("strand") else ""
    if e.get("local_strand"):
        strand = _join([strand, STRANDS[str(e["local_strand"])]])
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


def _evidence_schedule(ctx: _Ctx) -> Section:
    open_rows = [_evidence_row(ctx, e) for e in ctx.evidence if not _evidence_restricted(e)]
    closed_rows = [_evidence_row(ctx, e) for e in ctx.evidence if _evidence_restricted(e)]
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
        and not _evidence_restricted(e)
    ]
    if interview:
        blocks += [
            Text(f"{ctx.numbers[e['id']]}: \u201c{e['words_or_conduct']}\u201d") for e in interview
        ]
    else:
        blocks.append(Text("No admissions or denials in interview recorded.", "empty"))
    return Section("5", "Hostility evidence schedule", blocks)


# -- 6. background and pattern ---------------------------------------------------------------------


def _background(ctx: _Ctx) -> Section:
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
        and not _evidence_restricted(e)
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


def _indicators(ctx: _Ctx) -> Section:
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

    open_rows = rows([e for e in ctx.evidence if not _evidence_restricted(e)])
    closed_rows = rows([e for e in ctx.evidence if _evidence_restricted(e)])
    blocks: list[Block] = [
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


# -- 8. impact on the victim -----------------------------------------------------------------------


def _impact(ctx: _Ctx) -> Section:
    t = "victim_personal_statement"
    blocks: list[Block] = []
    statements = ctx.records(t)
    if statements:
        for vps in statements:
            kv = KeyValues(
                [
                    item(t, vps, "status", name="VPS status"),
                    item(t, vps, "taken_on", name="Date taken"),
                    item(t, vps, "updated_before_sentence", name="Updated before sentence"),
                    item(t, vps, "read_preference", name="Read preference"),
                    item(t, vps, "impacts", name="Impact described"),
                    item(t, vps, "notes", name="Notes"),
                ]
            )
            kv.items = [i for i in kv.items if i.value]
            blocks.append(kv)
    else:
        blocks.append(Text("No Victim Personal Statement recorded.", "empty"))
    assessments = ctx.records("needs_assessment")
    indicated = any(a.get("special_measures_indicated") for a in assessments)
    blocks.append(
        KeyValues(
            [
                Item(
                    "Special measures (MG2)",
                    "Indicated by the needs assessment; see MG2"
                    if indicated
                    else (
                        "Not indicated by the needs assessment"
                        if assessments
                        else "No needs assessment recorded"
                    ),
                )
            ]
        )
    )
    # The victim's own words on giving evidence are held with their wishes.
    wishes = ctx.records("victim_wish")
    if wishes:
        w = wishes[-1]
        hidden = ctx.wishes_restricted
        blocks.append(
            KeyValues(
                [
                    Item(
                        "Willing to give evidence",
                        human(w.get("willing_to_give_evidence")) or "Not recorded",
                        hidden,
                    ),
                    Item(
                        "Special measures the victim wishes for",
                        w.get("special_measures") or "None recorded",
                        hidden,
                    ),
                ],
                restricted=hidden,
                title=f"From the victim's wishes recorded {when(w.get('recorded_at'))}",
            )
        )
    else:
        blocks.append(Text("The victim's willingness to give evidence is not recorded.", "empty"))
    return Section("8", "Impact on the victim", blocks)


# -- 9. victim's wishes ----------------------------------------------------------------------------


def _wishes(ctx: _Ctx) -> Section:
    t = "victim_wish"
    hidden = ctx.wishes_restricted
    wishes = ctx.records(t)
    blocks: list[Block] = []
    if not hidden:
        blocks.append(
            Text("The victim and the OIC agreed that the victim's wishes may be disclosed.", "note")
        )
    if not wishes:
        blocks.append(Text("No wishes recorded.", "empty", restricted=hidden))
    for n, w in enumerate(reversed(wishes)):
        latest = n == 0
        confirmed = (
            "confirmed with the victim"
            if w.get("confirmed_with_victim")
            else ("NOT yet confirmed with the victim")
        )
        heading = (
            f"{'Current wishes' if latest else 'Earlier entry'}: recorded "
            f"{when(w.get('recorded_at'))} by {w.get('recorded_by') or 'not recorded'}; "
            f"{confirmed}"
        )
        items = [Item("In the victim's words", str(w.get("victim_words") or ""), hidden)]
        if latest:
            for key, name in (
                ("wants_prosecution", "Wants prosecution"),
                ("out_of_court_views", "Out-of-court disposal and restorative justice"),
                ("willing_to_give_evidence", "Willing to give evidence"),
                ("special_measures", "Special measures wished for"),
                ("vps_read_preference", "VPS read preference"),
                ("compensation_sought", "Compensation sought (MG19)"),
                ("contact_frequency", "Contact frequency"),
                ("contact_channel", "Contact channel"),
                ("share_with_hip", "May share with Hate Incident Partnership"),
                ("partner_consents", "Partners consented to"),
            ):
                empty = "None" if key == "partner_consents" else "Not recorded"
                items.append(Item(name, human(w.get(key)) or empty, hidden))
        blocks.append(KeyValues(items, restricted=hidden, title=heading))
    return Section(
        "9",
        "Victim's wishes (victim-led)",
        blocks,
        moved_note=(
            "The victim's wishes are held in the police/CPS-only annex. They are not disclosable "
            "unless the victim and the OIC agree."
        ),
        restricted=hidden,
    )


# -- 10. community impact --------------------------------------------------------------------------


def _community(ctx: _Ctx) -> Section:
    t = "community_impact_statement"
    blocks: list[Block] = []
    for cis in ctx.records(t):
        kv = KeyValues(
            [
                item(t, cis, "cis_type", name="Type"),
                item(t, cis, "author", name="Author"),
                item(t, cis, "community", name="Community affected"),
                item(t, cis, "period", name="Period covered"),
                item(t, cis, "served_on_all_parties", name="Served on all parties"),
                item(t, cis, "summary", name="Summary, including any risk of community tension"),
            ]
        )
        _fill_blanks(kv)
        blocks.append(kv)
    if not blocks:
        blocks.append(
            Text(
                "No Community Impact Statement recorded, and no risk of community tension or "
                "unrest recorded.",
                "empty",
            )
        )
    return Section("10", "Community impact", blocks)


# -- 11. risk, bail and ancillary orders -----------------------------------------------------------


def _risk(ctx: _Ctx) -> Section:
    blocks: list[Block] = []
    assessments = ctx.records("needs_assessment")
    if assessments:
        a = assessments[-1]
        kv = KeyValues(
            [
                Item(
                    f"Risk of repeat victimisation ({day(a['assessed_on'])})",
                    human(a.get("repeat_risk")) or "Not assessed",
                    restricted("needs_assessment", "repeat_risk"),
                ),
                Item(
                    "Protection needs",
                    a.get("protection_needs") or "None recorded",
                    restricted("needs_assessment", "protection_needs"),
                ),
                Item(
                    "Re-assessment trigger",
                    a.get("reassessment_trigger") or "None recorded",
                    restricted("needs_assessment", "reassessment_trigger"),
                ),
            ]
        )
        blocks.append(kv)
    else:
        blocks.append(Text("No risk or needs assessment recorded.", "empty"))
    bail = [
        e
        for e in ctx.records("victims_code_event")
        if str(e.get("event")) == VictimsCodeEventKind.SUSPECT_BAILED.value
    ]
    if bail:
        blocks.append(
            KeyValues(
                [
                    Item(
                        f"Bail ({day(e.get('event_date'))})",
                        e.get("notes") or "Conditions not recorded",
                        restricted("victims_code_event", "notes"),
                    )
                    for e in bail
                ],
                restricted=restricted("victims_code_event", "notes"),
                title="Bail (from the Victims' Code log)",
            )
        )
    orders = [p for p in ctx.role(PersonRole.SUSPECT) if p.get("orders_injunctions")]
    blocks.append(
        KeyValues(
            [Item(f"Existing orders: {p['name']}", str(p["orders_injunctions"])) for p in orders]
            or [Item("Existing orders", "None recorded")]
        )
    )
    blocks.append(
        KeyValues(
            [
                Item(
                    "Applications on conviction (MG13)",
                    "None recorded in hcdesk; consider a restraining order where the victim "
                    "needs protection.",
                )
            ]
        )
    )
    return Section("11", "Risk, bail and ancillary orders", blocks)


# -- 12. partner information -----------------------------------------------------------------------


def _partners(ctx: _Ctx) -> Section:
    t = "partnership_share"
    shares = ctx.records(t)
    columns = (
        "partner",
        "shared_on",
        "purpose",
        "data_items",
        "lawful_basis",
        "victim_consent",
        "meeting_ref",
    )
    hidden = any(restricted(t, c) for c in columns)
    blocks: list[Block] = []
    if shares:
        rows = []
        for s in shares:
            consent = human(s.get("victim_consent")) or "Not recorded"
            if s.get("no_consent_reason"):
                consent += f" ({s['no_consent_reason']})"
            rows.append(
                [
                    Cell(s.get("partner") or "", sub=day(s.get("shared_on"))),
                    Cell(s.get("purpose") or "", sub=s.get("data_items") or None),
                    Cell(s.get("lawful_basis") or "Not recorded"),
                    Cell(consent),
                    Cell(s.get("meeting_ref") or ""),
                ]
            )
        blocks.append(
            Table(
                [
                    "Partner and date",
                    "Purpose and data shared",
                    "Lawful basis",
                    "Victim consent",
                    "Meeting",
                ],
                rows,
                [1.6, 2.4, 1.3, 1.1, 0.8],
                restricted=hidden,
            )
        )
    else:
        blocks.append(
            Text(
                "No information shared with or received from partners is recorded.",
                "empty",
                restricted=hidden,
            )
        )
    return Section("12", "Partner information", blocks, restricted=hidden)


# -- 13. file contents index -----------------------------------------------------------------------


def _file_index(ctx: _Ctx) -> Section:
    statements = sorted(
        {p["statement_ref"] for p in ctx.people if p.get("statement_ref")}
        | {
            e["witness_ref"]
            for e in ctx.evidence
            if e.get("witness_ref") and not _evidence_restricted(e)
        }
    )
    exhibits = sorted(
        {
            e["exhibit_ref"]
            for e in ctx.evidence
            if e.get("exhibit_ref") and not _evidence_restricted(e)
        }
    )
    interview = any(
        str(e.get("source")) == EvidenceSource.INTERVIEW_ADMISSION_MG15.value for e in ctx.evidence
    )
    vps = [
        v
        for v in ctx.records("victim_personal_statement")
        if str(v.get("status")) in ("MADE", "UPDATED")
    ]
    sm = any(a.get("special_measures_indicated") for a in ctx.records("needs_assessment"))
    bad = any(p.get("previous_incidents") for p in ctx.role(PersonRole.SUSPECT))
    witnesses = [p for p in ctx.people if str(p["role"]) in ("VICTIM", "WITNESS")]
    rows = [
        (
            "MG2",
            "Special measures assessment",
            "Indicated; to be included" if sm else "Not indicated",
        ),
        ("MG5", "Police report (case summary)", "This document"),
        (
            "MG6 series",
            "Case file information, unused and sensitive material schedules",
            "Referenced only; never reproduced here",
        ),
        ("MG9", "Witness list", f"{len(witnesses)} victim/witness(es) recorded"),
        ("MG11", "Witness statements", ", ".join(statements) or "None referenced"),
        ("MG11 (VPS)", "Victim Personal Statement", "Made" if vps else "None made"),
        (
            "MG11 (CIS)",
            "Community Impact Statement",
            f"{len(ctx.records('community_impact_statement'))} recorded",
        ),
        ("MG12", "Exhibit list", ", ".join(exhibits) or "No exhibits referenced"),
        ("MG13", "Orders on conviction", "To follow if applied for"),
        (
            "MG15",
            "Record of interview",
            "Referenced in the schedule" if interview else "Not referenced",
        ),
        (
            "MG16",
            "Bad character",
            "Previous incidents recorded; consider" if bad else "Not indicated",
        ),
        ("MG18", "Offences taken into consideration", "Not recorded"),
        ("MG19", "Compensation", "See the victim's wishes"),
        ("MG20", "Further evidence or information", "To follow as required"),
    ]
    table = Table(
        ["Form", "What", "Status or references"],
        [[Cell(a), Cell(b), Cell(c)] for a, b, c in rows],
        [1.1, 3.0, 2.9],
    )
    return Section(
        "13",
        "File contents index",
        [
            table,
            Text(
                "Unused and sensitive material is referenced only; it is never reproduced "
                "in this summary.",
                "note",
            ),
        ],
    )


# -- 14. Victims' Code compliance ------------------------------------------------------------------


def working_days(start: dt.date, end: dt.date) -> int:
    """Working days (Monday-Friday) after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    days = 0
    d = start
    while d < end:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            days += 1
    return days


def _victims_code(ctx: _Ctx) -> Section:
    victims = ctx.role(PersonRole.VICTIM)
    statuses: list[str] = []
    for v in victims:
        statuses += [str(s) for s in v.get("victims_code_statuses") or []]
    enhanced = any(s != VictimsCodeStatus.STANDARD.value for s in statuses)
    target = 1 if enhanced else 5
    blocks: list[Block] = [
        KeyValues(
            [
                Item(
                    "Victims' Code status",
                    _join(CODE_STATUS[s] for s in dict.fromkeys(statuses)) or "Not recorded",
                    restricted("person", "victims_code_statuses"),
                ),
                Item(
                    "Target for telling the victim of key decisions",
                    f"{target} working day{'s' if target > 1 else ''}"
                    f" ({'enhanced' if enhanced else 'standard'} rights)",
                    restricted("person", "victims_code_statuses"),
                ),
            ],
            restricted=restricted("person", "victims_code_statuses"),
        )
    ]
    referrals = ctx.records("referral")
    t = "referral"
    if referrals:
        rows = []
        for r in referrals:
            agency = r.get("agency_other") or human(r.get("agency"))
            consent = "Consent given" if r.get("consent_obtained") else "No consent recorded"
            if r.get("consent_how"):
                consent += f" ({r['consent_how']})"
            rows.append(
                [
                    Cell(day(r.get("referred_on"))),
                    Cell(agency, sub=r.get("notes") or None),
                    Cell(consent),
                    Cell(human(r.get("outcome"))),
                ]
            )
        blocks.append(
            Table(
                ["Referred", "Agency", "Consent", "Outcome"],
                rows,
                [1.1, 2.4, 2.5, 1.0],
                restricted=restricted(t, "agency"),
                title="Referrals to support services",
            )
        )
    else:
        blocks.append(
            Text(
                "No referral to support services recorded.",
                "empty",
                restricted=restricted(t, "agency"),
            )
        )
    events = ctx.records("victims_code_event")
    rows = []
    for e in events:
        kind = VictimsCodeEventKind(str(e["event"]))
        told = e.get("victim_told_on")
        if kind in KEY_DECISIONS:
            if told is None:
                status = "Not yet told"
            else:
                taken = working_days(e["event_date"], told)
                plural = "s" if taken > 1 else ""
                took = "Same day" if taken == 0 else f"{taken} working day{plural}"
                status = f"{took}: {'met' if taken <= target else 'MISSED'}"
        else:
            status = "No target set"
        rows.append(
            [
                Cell(f"Right {e.get('right_number')}"),
                Cell(human(kind), sub=e.get("notes") or None),
                Cell(day(e.get("event_date"))),
                Cell(day(told) or "Not told"),
                Cell(status),
            ]
        )
    if rows:
        blocks.append(
            Table(
                ["Right", "Event", "Event date", "Victim told", "Against target"],
                rows,
                [0.8, 3.0, 1.1, 1.1, 1.2],
                restricted=restricted("victims_code_event", "event"),
                title="Key updates given to the victim",
            )
        )
        blocks.append(
            Text(
                "Working days count Monday to Friday; bank holidays are not excluded.",
                "note",
                restricted=restricted("victims_code_event", "event"),
            )
        )
    else:
        blocks.append(
            Text(
                "No Victims' Code updates recorded.",
                "empty",
                restricted=restricted("victims_code_event", "event"),
            )
        )
    return Section("14", "Victims' Code compliance summary", blocks, restricted=True)


# -- 15. certification and 16. export record -------------------------------------------------------


def _certification(ctx: _Ctx) -> Section:
    case = ctx.case
    return Section(
        "15",
        "Certification",
        [
            Signatures(
                [
                    (
                        "Officer in the case",
                        case.get("oic") or "",
                        "I certify that this summary is accurate, objective and balanced, and "
                        "that it takes each element of the offence with the evidence for it.",
                    ),
                    (
                        "Supervisor",
                        case.get("supervisor") or "",
                        "I have reviewed this file and certify parts 1 to 7 of this summary.",
                    ),
                ]
            )
        ],
    )


def _export_record(data: SummaryData) -> Section:
    marking = data.marking_label
    if data.marking_reason:
        marking += f" (set for this export: {data.marking_reason})"
    variant = (
        "CPS: disclosable summary with a separately paginated police/CPS-only annex"
        if data.variant is SummaryVariant.CPS
        else "Full internal version (not for disclosure)"
    )
    return Section(
        "16",
        "Export record",
        [
            KeyValues(
                [
                    Item("Export id", data.export_id),
                    Item("Version", variant),
                    Item("Recipient", data.recipient or "Not given"),
                    Item("Exported by", data.generated_by or "Not recorded"),
                    Item("Date and time", when(data.generated_at)),
                    Item("Justification", data.reason or "Not given"),
                    Item("Protective marking", marking),
                    Item(
                        "File hash",
                        "The SHA-256 of this exact file is recorded with the export id in the "
                        "hcdesk audit trail (DPA 2018 s.62 disclosure log); a file cannot carry "
                        "its own hash.",
                    ),
                ]
            )
        ],
    )
