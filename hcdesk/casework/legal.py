"""The law of hostility aggravation, as rules over a case's plain data (no ORM, no Qt, no PDF).

Each rule is one function or one entry here, with a test named after it
(``tests/unit/test_legal_rules.py``). The court summary, the save and the pre-flight check all
ask these rules; none of them restates the law.

The law (reference/DOMAIN.md (c)1):

* **Crime and Disorder Act 1998 ss.28-32** create *aggravated offences* for **racial or
  religious** hostility only: s.29 assaults, s.30 criminal damage, s.31 public order, s.32
  harassment, each over a listed basic offence. The hostility is an element of the offence.
* **Sentencing Act 2020 s.66** makes hostility an aggravating factor on sentence for the five
  monitored strands (race, religion, disability, sexual orientation, transgender identity). The
  court must treat it as aggravating and state so in open court (s.66(2)). For race and religion
  it does not apply to a CDA aggravated offence (s.66(3)); it still applies to disability,
  sexual-orientation or transgender hostility on the same charge.
* **Sentencing Council**: s.66 should not normally be used for racial or religious hostility
  where the aggravated form was available but not charged, and never once the aggravated form
  failed (aggravation not proved, or acquittal of the aggravated form).
* **Local strands** (alternative subculture, sex or gender, age, other) are recorded locally;
  neither CDA s.28 nor s.66 covers them.
* **Perception is not proof**: a case is flagged on the perception of the victim or anyone else;
  proving the hostility needs evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from hcdesk.errors import UsageError
from hcdesk.models.enums import (
    CDAUnderlyingOffence,
    ChargeOutcome,
    LegalRoute,
    LocalStrand,
    MonitoredStrand,
    PersonRole,
    RecordType,
)

# The routes' and basic offences' names are written once, in hcdesk.models.labels: the forms,
# the summary and these rules' messages share them.
from hcdesk.models.labels import ROUTE_LABELS as ROUTE_LABELS
from hcdesk.models.labels import UNDERLYING_LABELS as UNDERLYING_LABELS
from hcdesk.models.labels import UNDERLYING_NAMES as UNDERLYING_NAMES

Row = Mapping[str, Any]

# -- strands ----------------------------------------------------------------------------------

CDA_STRANDS = frozenset({MonitoredStrand.RACE, MonitoredStrand.RELIGION})
"""The strands the Crime and Disorder Act's aggravated offences cover (s.28)."""
S66_STRANDS = frozenset(MonitoredStrand)
"""The strands Sentencing Act 2020 s.66 covers: the five monitored strands."""

STRAND_HOSTILITY = {
    MonitoredStrand.RACE: "racial hostility",
    MonitoredStrand.RELIGION: "religious hostility",
    MonitoredStrand.DISABILITY: "hostility related to disability",
    MonitoredStrand.SEXUAL_ORIENTATION: "hostility related to sexual orientation",
    MonitoredStrand.TRANSGENDER: "hostility related to transgender identity",
}
LOCAL_NAMES = {
    LocalStrand.ALTERNATIVE_SUBCULTURE: "alternative subculture",
    LocalStrand.SEX_GENDER: "sex or gender",
    LocalStrand.AGE: "age",
    LocalStrand.OTHER_PERSONAL_CHARACTERISTIC: "another personal characteristic",
}


def monitored(case: Row) -> list[MonitoredStrand]:
    """The case's monitored strands, in the law's order."""
    chosen = {str(s) for s in case.get("monitored_strands") or []}
    return [s for s in MonitoredStrand if s.value in chosen]


def local(case: Row) -> list[LocalStrand]:
    chosen = {str(s) for s in case.get("local_strands") or []}
    return [s for s in LocalStrand if s.value in chosen]


# -- which document ---------------------------------------------------------------------------


def prosecution_summary_allowed(record_type: RecordType | str | None) -> bool:
    """rule: prosecution_summary_only_for_a_hate_crime. Only a case recorded as a hate crime (an
    offence) gets a prosecution summary; a non-crime hate incident, or an incident not yet
    classified, gets an incident record for partners and the file."""
    return str(record_type) == RecordType.HATE_CRIME.value


def no_prosecution_summary_reason(record_type: RecordType | str | None) -> str:
    """Why a case gets an incident record and not a prosecution summary, for people."""
    if str(record_type) == RecordType.NON_CRIME_HATE_INCIDENT.value:
        return (
            "This case is recorded as a non-crime hate incident: no offence is recorded, so "
            "there is no prosecution summary. It is written as an incident record for partners "
            "and the file, not for service on the defence."
        )
    return (
        "This incident is not yet classified as a crime, so there is no prosecution summary. "
        "It is written as an incident record for partners and the file; once the force crime "
        "registrar records it as a hate crime, a prosecution summary can be produced."
    )


# -- offences ---------------------------------------------------------------------------------

CDA_ROUTES: dict[LegalRoute, frozenset[CDAUnderlyingOffence]] = {
    LegalRoute.CDA_S29_ASSAULT: frozenset(
        {
            CDAUnderlyingOffence.OAPA_S20,
            CDAUnderlyingOffence.OAPA_S47,
            CDAUnderlyingOffence.COMMON_ASSAULT,
            CDAUnderlyingOffence.SCA2015_S75A_STRANGULATION,
        }
    ),
    LegalRoute.CDA_S30_CRIMINAL_DAMAGE: frozenset({CDAUnderlyingOffence.CDA1971_S1_1}),
    LegalRoute.CDA_S31_PUBLIC_ORDER: frozenset(
        {CDAUnderlyingOffence.POA_S4, CDAUnderlyingOffence.POA_S4A, CDAUnderlyingOffence.POA_S5}
    ),
    LegalRoute.CDA_S32_HARASSMENT: frozenset(
        {
            CDAUnderlyingOffence.PHA_S2,
            CDAUnderlyingOffence.PHA_S2A,
            CDAUnderlyingOffence.PHA_S4,
            CDAUnderlyingOffence.PHA_S4A,
        }
    ),
}
"""rule: cda_offence_must_be_of_its_section. Each aggravated offence and its basic offences."""

SECTION_OF = {offence: route for route, offences in CDA_ROUTES.items() for offence in offences}
CDA_SECTION = {
    LegalRoute.CDA_S29_ASSAULT: "s.29",
    LegalRoute.CDA_S30_CRIMINAL_DAMAGE: "s.30",
    LegalRoute.CDA_S31_PUBLIC_ORDER: "s.31",
    LegalRoute.CDA_S32_HARASSMENT: "s.32",
}
# Statute text an officer types, read as the basic offence it names (when no underlying offence
# was chosen): "POA 1986 s.5", "Public Order Act 1986, section 4A", "OAPA s.47"...
_STATUTE_PATTERNS: tuple[tuple[re.Pattern[str], CDAUnderlyingOffence], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), offence)
    for pattern, offence in (
        (r"\b(poa|public order act)\b[^;]*?\b(s\.?|section)\s*4a\b", CDAUnderlyingOffence.POA_S4A),
        (r"\b(poa|public order act)\b[^;]*?\b(s\.?|section)\s*4\b", CDAUnderlyingOffence.POA_S4),
        (r"\b(poa|public order act)\b[^;]*?\b(s\.?|section)\s*5\b", CDAUnderlyingOffence.POA_S5),
        (
            r"\b(oapa|offences against the person)\b[^;]*?\b(s\.?|section)\s*20\b",
            CDAUnderlyingOffence.OAPA_S20,
        ),
        (
            r"\b(oapa|offences against the person)\b[^;]*?\b(s\.?|section)\s*47\b",
            CDAUnderlyingOffence.OAPA_S47,
        ),
        (
            r"\bcommon assault\b|\bcja\b[^;]*?\bs\.?\s*39\b|criminal justice act 1988[^;]*?39",
            CDAUnderlyingOffence.COMMON_ASSAULT,
        ),
        (r"\bcriminal damage act\b|\bcda 1971\b", CDAUnderlyingOffence.CDA1971_S1_1),
        (
            r"\b(pha|protection from harassment)\b[^;]*?\b(s\.?|section)\s*2a\b",
            CDAUnderlyingOffence.PHA_S2A,
        ),
        (
            r"\b(pha|protection from harassment)\b[^;]*?\b(s\.?|section)\s*4a\b",
            CDAUnderlyingOffence.PHA_S4A,
        ),
        (
            r"\b(pha|protection from harassment)\b[^;]*?\b(s\.?|section)\s*2\b",
            CDAUnderlyingOffence.PHA_S2,
        ),
        (
            r"\b(pha|protection from harassment)\b[^;]*?\b(s\.?|section)\s*4\b",
            CDAUnderlyingOffence.PHA_S4,
        ),
        (
            r"\bserious crime act\b[^;]*?75a|\bstrangulation\b",
            CDAUnderlyingOffence.SCA2015_S75A_STRANGULATION,
        ),
    )
)
_S66_IN_TEXT = re.compile(
    r"\bs(ection)?\.?\s*66\b|\bsentencing act\b|\buplift\b|\bcja 2003\b[^;]*\b14[56]\b",
    re.IGNORECASE,
)


def route_of(charge: Row) -> LegalRoute | None:
    route = charge.get("legal_route")
    return LegalRoute(str(route)) if route else None


def underlying_offence(charge: Row) -> CDAUnderlyingOffence | None:
    """The basic offence of a charge: the one chosen, else the one its statute text names."""
    chosen = charge.get("cda_underlying")
    if chosen:
        return CDAUnderlyingOffence(str(chosen))
    text = str(charge.get("statute_section") or "")
    for pattern, offence in _STATUTE_PATTERNS:
        if pattern.search(text):
            return offence
    return None


def aggravated_form_exists(case: Row, charge: Row) -> bool:
    """rule: aggravated_form_exists_only_for_race_or_religion. A CDA aggravated form of the
    charge exists when its basic offence is one the Act lists and the case alleges racial or
    religious hostility."""
    return underlying_offence(charge) is not None and bool(set(monitored(case)) & CDA_STRANDS)


def cda_charged(charge: Row) -> bool:
    """Whether the charge is a CDA aggravated offence (charged in its aggravated form)."""
    return route_of(charge) in CDA_ROUTES and bool(charge.get("aggravated_form_charged"))


# -- outcomes ---------------------------------------------------------------------------------


class Stage(StrEnum):
    """Where a charge stands, for what the law then asks."""

    PENDING = "pending"  # before verdict: alleged; put the defendant on notice
    CONVICTED = "convicted"  # sentence: the court must treat and state the aggravation
    AGGRAVATION_NOT_PROVED = "not proved"  # basic offence only; no s.66 for that hostility
    ENDED = "ended"  # acquitted, discontinued or no further action: nothing to sentence


def stage(charge: Row) -> Stage:
    outcome = str(charge.get("outcome") or ChargeOutcome.PENDING.value)
    if outcome == ChargeOutcome.CONVICTED.value:
        return Stage.CONVICTED
    if outcome == ChargeOutcome.CONVICTED_AGGRAVATION_NOT_PROVED.value:
        return Stage.AGGRAVATION_NOT_PROVED
    if outcome in (
        ChargeOutcome.ACQUITTED.value,
        ChargeOutcome.DISCONTINUED.value,
        ChargeOutcome.NFA.value,
    ):
        return Stage.ENDED
    return Stage.PENDING


OUTCOME_WORDS = {
    ChargeOutcome.ACQUITTED.value: "acquitted",
    ChargeOutcome.DISCONTINUED.value: "discontinued",
    ChargeOutcome.NFA.value: "no further action taken",
}

AGGRAVATED_HOCR = {"8P": "8N", "105B": "105A", "8M": "8L", "9B": "9A", "58J": "58A"}
"""Home Office Counting Rules: each aggravated offence code and its basic offence's code."""
BASIC_HOCR = {basic: aggravated for aggravated, basic in AGGRAVATED_HOCR.items()}


def hocr_code_now(charge: Row) -> tuple[str | None, str | None]:
    """rule: hocr_code_follows_the_outcome. (The code that applies now, a note on why it
    differs from the one recorded.) An aggravated code stands only while the aggravated form
    stands: after "convicted, aggravation not proved" the basic offence's code applies."""
    code = (charge.get("hocr_code") or "").strip().upper() or None
    if code in AGGRAVATED_HOCR and stage(charge) is Stage.AGGRAVATION_NOT_PROVED:
        basic = AGGRAVATED_HOCR[code]
        return basic, (
            f"Recorded as {code} (aggravated); the aggravation was not proved, so the basic "
            f"offence code {basic} applies."
        )
    return code, None


# -- what the law says about each strand on each charge ---------------------------------------


class Route(StrEnum):
    """How the hostility of one strand is dealt with on one charge."""

    CDA_ELEMENT = "cda"  # an element of the CDA aggravated offence charged
    S66 = "s66"  # an aggravating factor on sentence under s.66
    S66_NOT_NORMALLY = "s66 not normally"  # aggravated form available but not charged
    NOT_PROVED = "not proved"  # the aggravated form failed: no s.66 for it
    ENDED = "ended"  # acquitted / discontinued: nothing to sentence
    NONE = "none"  # a local strand: no statutory aggravation


@dataclass(frozen=True)
class StrandRoute:
    """The law for one strand's hostility on one charge, in a sentence for the banner."""

    strand: MonitoredStrand | LocalStrand
    route: Route
    text: str

    @property
    def s66_applies(self) -> bool:
        return self.route in (Route.S66, Route.S66_NOT_NORMALLY)


def _offence(charge: Row) -> str:
    return str(charge.get("offence") or "the offence").strip()


def strand_route(
    case: Row, charge: Row, strand: MonitoredStrand, *, also: Sequence[MonitoredStrand] = ()
) -> StrandRoute:
    """rule: cda_only_for_race_or_religion, s66_for_the_five_monitored_strands,
    s66_3_excludes_only_race_and_religion, no_s66_once_the_aggravated_form_failed,
    s66_not_normally_where_the_aggravated_form_was_not_charged.

    ``also``: other strands the same rule applies to on this charge, named in the same
    sentence ("the racial and religious hostility")."""
    hostility = _hostilities([strand, *also])
    offence = _offence(charge)
    now = stage(charge)
    route = route_of(charge)
    if now is Stage.ENDED:
        word = OUTCOME_WORDS.get(str(charge.get("outcome")), "ended")
        return StrandRoute(
            strand, Route.ENDED, f"{offence}: {word}. No {hostility} falls to be sentenced."
        )
    if strand in CDA_STRANDS and cda_charged(charge):
        section = CDA_SECTION.get(route, "ss.29-32") if route else "ss.29-32"
        if now is Stage.AGGRAVATION_NOT_PROVED:
            return StrandRoute(
                strand,
                Route.NOT_PROVED,
                f"{offence}: the aggravated form (Crime and Disorder Act 1998 {section}) was not "
                f"proved; convicted of the basic offence only. Sentencing Act 2020 s.66 must not "
                f"then be used for the same {hostility}.",
            )
        verb = "is" if now is Stage.PENDING else "was"
        return StrandRoute(
            strand,
            Route.CDA_ELEMENT,
            f"{offence}: the {hostility} {verb} an element of the aggravated offence charged "
            f"(Crime and Disorder Act 1998 s.28 and {section}), to be proved to the criminal "
            f"standard. Sentencing Act 2020 s.66 does not apply to it (s.66(3)).",
        )
    if strand in CDA_STRANDS and aggravated_form_exists(case, charge):
        return StrandRoute(
            strand,
            Route.S66_NOT_NORMALLY,
            f"{offence}: the aggravated form under the Crime and Disorder Act 1998 was available "
            f"but not charged. The Sentencing Council says s.66 should not normally be used for "
            f"{hostility} in that case.",
        )
    if now is Stage.AGGRAVATION_NOT_PROVED and strand in CDA_STRANDS:
        return StrandRoute(
            strand,
            Route.NOT_PROVED,
            f"{offence}: the aggravation was not proved. Sentencing Act 2020 s.66 must not then "
            f"be used for the same {hostility}.",
        )
    on_cda = ""
    if cda_charged(charge) and strand not in CDA_STRANDS:
        on_cda = (
            " It applies although the offence charged is racially or religiously aggravated: "
            "s.66(3) excludes only racial and religious hostility."
        )
    elif strand not in CDA_STRANDS:
        on_cda = " There is no aggravated offence for this hostility; s.66 is the route."
    sought = "sought" if route == LegalRoute.SA2020_S66_UPLIFT else "applies on conviction"
    return StrandRoute(
        strand,
        Route.S66,
        f"{offence}: {hostility} is an aggravating factor on sentence under Sentencing Act 2020 "
        f"s.66 ({sought}).{on_cda}",
    )


def _hostilities(strands: Sequence[MonitoredStrand]) -> str:
    """ "racial hostility", "racial and religious hostility", "racial hostility and hostility
    related to disability"."""
    adjectives = [s for s in strands if s in CDA_STRANDS]
    others = [STRAND_HOSTILITY[s] for s in strands if s not in CDA_STRANDS]
    words = []
    if adjectives:
        words.append(
            _join(STRAND_HOSTILITY[s].removesuffix(" hostility") for s in adjectives) + " hostility"
        )
    return _join([*words, *others])


def charge_routes(case: Row, charge: Row) -> list[StrandRoute]:
    """The route of each monitored strand on a charge, strands under the same rule in one
    sentence (so the banner says each thing once)."""
    strands = monitored(case)
    single = {s: strand_route(case, charge, s) for s in strands}
    out: list[StrandRoute] = []
    done: set[MonitoredStrand] = set()
    for s in strands:
        if s in done:
            continue
        # Strands of the same kind (CDA or not) under the same rule share a sentence.
        same = [
            t
            for t in strands
            if t not in done
            and single[t].route is single[s].route
            and (t in CDA_STRANDS) == (s in CDA_STRANDS)
        ]
        done.update(same)
        out.append(strand_route(case, charge, same[0], also=same[1:]))
    return out


def local_strand_route(strand: LocalStrand) -> StrandRoute:
    """rule: no_statutory_text_for_local_strands."""
    return StrandRoute(
        strand,
        Route.NONE,
        f"Recorded locally: hostility related to {LOCAL_NAMES[strand]}. It is not one of the "
        "five monitored strands: neither Crime and Disorder Act 1998 s.28 nor Sentencing Act "
        "2020 s.66 applies to it.",
    )


@dataclass(frozen=True)
class HostilityLaw:
    """What the law says about a case's hostility across its charges, for the banner."""

    routes: tuple[StrandRoute, ...]  # per charge and strand, then the local strands
    heading: str
    statements: tuple[str, ...]  # what the law requires of the court and the prosecution
    warnings: tuple[str, ...]  # things a prosecutor must not do on this outcome


def hostility_law(case: Row, charges: Sequence[Row]) -> HostilityLaw:
    """rule: banner_statements_follow_strands_routes_and_outcomes."""
    strands = monitored(case)
    routes: list[StrandRoute] = []
    for ch in charges:
        routes += charge_routes(case, ch)
    routes += [local_strand_route(s) for s in local(case)]
    stages = {stage(ch) for ch in charges}
    s66 = [r for r in routes if r.s66_applies]
    cda = [r for r in routes if r.route is Route.CDA_ELEMENT]
    statements: list[str] = []
    warnings = [r.text for r in routes if r.route is Route.NOT_PROVED]
    live = stages - {Stage.ENDED} if charges else {Stage.PENDING}
    if charges and not live:
        heading = "Hostility aggravation: no conviction"
        statements.append(
            "No charge resulted in a conviction: there is no hostility aggravation to sentence."
        )
        return HostilityLaw(tuple(routes), heading, tuple(statements), tuple(warnings))
    if not strands:
        heading = "Hostility: no monitored strand recorded"
        statements.append(
            "No monitored strand is recorded: no statutory hostility aggravation is alleged."
        )
        return HostilityLaw(tuple(routes), heading, tuple(statements), tuple(warnings))
    convicted = Stage.CONVICTED in live or Stage.AGGRAVATION_NOT_PROVED in live
    if not s66 and not cda:
        heading = (
            "Hostility aggravation: not proved" if warnings else "Hostility aggravation alleged"
        )
    else:
        heading = (
            "Hostility aggravation: for sentence" if convicted else "Hostility aggravation alleged"
        )
    if s66:
        named = _hostilities(
            [
                s
                for s in strands
                if any(strand_route(case, ch, s).s66_applies for ch in charges)
                or not charges
            ]
        )
        lead = "The court must" if convicted else "If the defendant is convicted, the court must"
        statements.append(
            f"{lead} treat the {named} as an aggravating factor and state in open court that "
            "the offence is so aggravated (Sentencing Act 2020 s.66(2)). The Sentencing Council "
            "expects the court to say what the sentence would have been without it."
        )
    if cda:
        statements.append(
            "On conviction of a racially or religiously aggravated offence the court sentences "
            "it as such, following the Sentencing Council's guidance on the level of the "
            "aggravation, and should say what the sentence for the basic offence would have been."
        )
    if Stage.PENDING in live and (s66 or cda):
        statements.append(
            "The defendant must be put on notice of the alleged hostility and be able to "
            "challenge it. If a guilty plea disputes the hostility, a Newton hearing may be "
            "needed (DPP v Giles [2019] EWHC 2015 (Admin))."
        )
    return HostilityLaw(tuple(routes), heading, tuple(statements), tuple(warnings))


def aggravation_for_sentence(case: Row, charges: Sequence[Row]) -> bool:
    """rule: indicators_only_while_the_aggravation_stands. Whether any hostility aggravation is
    still alleged or to be sentenced: before any charge, or while some charge's route for some
    strand is a CDA element or an s.66 factor (not ended, not failed)."""
    if not monitored(case):
        return False
    if not charges:
        return True
    return any(
        r.route in (Route.CDA_ELEMENT, Route.S66, Route.S66_NOT_NORMALLY)
        for ch in charges
        for r in (strand_route(case, ch, s) for s in monitored(case))
    )


def _join(items: Iterable[str]) -> str:
    parts = [p for p in items if p]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


# -- route combinations that cannot be right --------------------------------------------------


@dataclass(frozen=True)
class RouteProblem:
    """A charge (or the case) whose legal route contradicts the law. ``rule`` names the rule."""

    rule: str
    message: str
    charge_id: str | None = None


class RouteRefused(UsageError):
    """A save that would record a legal route the law does not allow."""

    default_message = (
        "This legal route contradicts the strands or the charge; nothing was saved. Correct the "
        "charge and save again."
    )


def route_problems(
    case: Row, charges: Sequence[Row], people: Sequence[Row] = ()
) -> list[RouteProblem]:
    """Every contradiction between the case's strands and its charges' routes, availability,
    outcomes and defendants. Each message names the charge and says what to do."""
    problems: list[RouteProblem] = []
    strands = set(monitored(case))
    race_or_religion = bool(strands & CDA_STRANDS)
    suspects = {str(p["id"]) for p in people if str(p.get("role")) == PersonRole.SUSPECT.value}
    if charges and str(case.get("record_type")) == RecordType.NON_CRIME_HATE_INCIDENT.value:
        problems.append(
            RouteProblem(
                "charges_need_a_crime",
                "A non-crime hate incident cannot have charges: no offence is recorded. Record "
                "the case as a hate crime first, or remove the charge.",
            )
        )
    for ch in charges:
        cid = str(ch.get("id")) if ch.get("id") else None
        name = f"“{_offence(ch)}”"
        route = route_of(ch)
        under = underlying_offence(ch)

        def add(rule: str, message: str, cid: str | None = cid) -> None:
            problems.append(RouteProblem(rule, message, cid))

        if route in CDA_ROUTES and not race_or_religion:
            add(
                "cda_only_for_race_or_religion",
                f"{name}: Crime and Disorder Act 1998 aggravated offences exist only for racial "
                "or religious hostility, and this case records neither. For disability, "
                "sexual-orientation or transgender hostility choose the Sentencing Act 2020 "
                "s.66 uplift.",
            )
        if route in CDA_ROUTES and under is not None and under not in CDA_ROUTES[route]:
            right = SECTION_OF[under]
            add(
                "cda_offence_must_be_of_its_section",
                f"{name}: {UNDERLYING_NAMES[under]} is aggravated under Crime and Disorder Act "
                f"1998 {CDA_SECTION[right]}, not {CDA_SECTION[route]}. Choose the matching route.",
            )
        if route in CDA_ROUTES and under is None:
            add(
                "cda_route_needs_its_basic_offence",
                f"{name}: choose the basic offence the aggravated offence is built on (one of "
                f"those Crime and Disorder Act 1998 {CDA_SECTION[route]} lists).",
            )
        available = bool(ch.get("aggravated_form_available"))
        if under is not None and race_or_religion and not available:
            add(
                "aggravated_form_exists_for_listed_offences",
                f"{name}: {UNDERLYING_NAMES[under]} has a racially or religiously aggravated "
                f"form (Crime and Disorder Act 1998 {CDA_SECTION[SECTION_OF[under]]}), so "
                "“aggravated form exists” must be Yes.",
            )
        if available and not race_or_religion:
            add(
                "aggravated_form_exists_only_for_race_or_religion",
                f"{name}: an aggravated form exists only for racial or religious hostility, and "
                "this case records neither, so “aggravated form exists” must be No.",
            )
        if ch.get("aggravated_form_charged") and route not in CDA_ROUTES:
            add(
                "aggravated_form_charged_needs_a_cda_route",
                f"{name}: it is marked as charged in its aggravated form, but its route is not "
                "a Crime and Disorder Act 1998 aggravated offence. Choose the s.29-32 route, or "
                "untick “aggravated form charged”.",
            )
        for key in ("offence", "statute_section"):
            if _S66_IN_TEXT.search(str(ch.get(key) or "")):
                add(
                    "s66_is_not_an_offence",
                    f"{name}: Sentencing Act 2020 s.66 is a sentencing provision, not an offence, "
                    "and must not be written into the charge. Record the offence and its statute, "
                    "and choose “s.66 uplift” as its legal route.",
                )
                break
        if route == LegalRoute.SA2020_S66_UPLIFT and not strands:
            add(
                "s66_only_for_monitored_strands",
                f"{name}: Sentencing Act 2020 s.66 covers only the five monitored strands, and "
                "this case records none. Record the strand, or choose no hostility route.",
            )
        if route == LegalRoute.POA1986_PART3_RACIAL_HATRED and MonitoredStrand.RACE not in strands:
            add(
                "stirring_up_needs_its_strand",
                f"{name}: stirring up racial hatred (Public Order Act 1986 Part 3) needs the race "
                "strand on the case.",
            )
        if route == LegalRoute.POA1986_PART3A_RELIGIOUS_OR_SO_HATRED and not (
            strands & {MonitoredStrand.RELIGION, MonitoredStrand.SEXUAL_ORIENTATION}
        ):
            add(
                "stirring_up_needs_its_strand",
                f"{name}: stirring up religious or sexual-orientation hatred (Public Order Act "
                "1986 Part 3A) needs the religion or sexual-orientation strand on the case.",
            )
        now = stage(ch)
        if now is Stage.AGGRAVATION_NOT_PROVED and not cda_charged(ch):
            add(
                "aggravation_not_proved_only_on_an_aggravated_charge",
                f"{name}: “convicted, aggravation not proved” applies only to a Crime and Disorder "
                "Act 1998 aggravated offence. For a basic offence choose “convicted”.",
            )
        if ch.get("uplift_stated_in_court"):
            if now not in (Stage.CONVICTED, Stage.AGGRAVATION_NOT_PROVED):
                add(
                    "uplift_stated_only_on_conviction",
                    f"{name}: an uplift can be stated in open court only on a conviction.",
                )
            elif now is Stage.AGGRAVATION_NOT_PROVED and not (strands - CDA_STRANDS):
                add(
                    "no_s66_once_the_aggravated_form_failed",
                    f"{name}: the aggravation was not proved, so Sentencing Act 2020 s.66 must not "
                    "be used for the same racial or religious hostility; no other monitored "
                    "strand is recorded. Untick “uplift stated in open court”.",
                )
        defendant = ch.get("defendant_id")
        if defendant and str(defendant) not in suspects:
            add(
                "defendant_must_be_a_suspect_of_the_case",
                f"{name}: the defendant named is not a suspect on this case. Choose one of the "
                "case's suspects.",
            )
    return problems


def refuse_new_problems(before: Sequence[RouteProblem], after: Sequence[RouteProblem]) -> None:
    """rule: a_save_may_not_introduce_a_route_contradiction. Raise :class:`RouteRefused` for
    the first contradiction ``after`` has that ``before`` did not (a case that already held one,
    from an older release or a sync, can still be saved while it is being put right)."""
    old = {(p.rule, p.message) for p in before}
    new = [p for p in after if (p.rule, p.message) not in old]
    if new:
        more = f" ({len(new) - 1} more to correct.)" if len(new) > 1 else ""
        raise RouteRefused(f"Not saved: {new[0].message}{more}")


# -- the elements of each offence -------------------------------------------------------------

ELEMENTS: dict[CDAUnderlyingOffence, tuple[str, ...]] = {
    CDAUnderlyingOffence.COMMON_ASSAULT: (
        "The defendant assaulted the victim (caused them to fear immediate unlawful force) or "
        "used unlawful force on them",
        "Intentionally or recklessly",
    ),
    CDAUnderlyingOffence.OAPA_S47: (
        "An assault or battery",
        "Which occasioned actual bodily harm",
        "Intention or recklessness as to the assault or battery",
    ),
    CDAUnderlyingOffence.OAPA_S20: (
        "The defendant unlawfully wounded the victim or inflicted grievous bodily harm",
        "Maliciously: foreseeing that some physical harm might result",
    ),
    CDAUnderlyingOffence.SCA2015_S75A_STRANGULATION: (
        "The defendant intentionally strangled the victim, or did another act affecting their "
        "ability to breathe that amounts to battery",
    ),
    CDAUnderlyingOffence.CDA1971_S1_1: (
        "Property was destroyed or damaged",
        "The property belonged to another",
        "Without lawful excuse",
        "Intending, or being reckless as to, its destruction or damage",
    ),
    CDAUnderlyingOffence.POA_S4: (
        "The defendant used towards another threatening, abusive or insulting words or "
        "behaviour (or distributed or displayed such material)",
        "Intending them to believe that immediate unlawful violence would be used, or to "
        "provoke it, or so that such belief or provocation was likely",
    ),
    CDAUnderlyingOffence.POA_S4A: (
        "The defendant used threatening, abusive or insulting words or behaviour, or disorderly "
        "behaviour (or displayed such material)",
        "With intent to cause a person harassment, alarm or distress",
        "Thereby causing that or another person harassment, alarm or distress",
    ),
    CDAUnderlyingOffence.POA_S5: (
        "The defendant used threatening or abusive words or behaviour, or disorderly behaviour "
        "(or displayed such material)",
        "Within the hearing or sight of a person likely to be caused harassment, alarm or "
        "distress by it",
    ),
    CDAUnderlyingOffence.PHA_S2: (
        "A course of conduct (conduct on at least two occasions) amounting to harassment of "
        "the victim",
        "Which the defendant knew or ought to have known amounted to harassment",
    ),
    CDAUnderlyingOffence.PHA_S2A: (
        "A course of conduct amounting to harassment",
        "Whose acts or omissions are associated with stalking",
        "Which the defendant knew or ought to have known amounted to harassment",
    ),
    CDAUnderlyingOffence.PHA_S4: (
        "A course of conduct causing the victim to fear, on at least two occasions, that "
        "violence will be used against them",
        "Which the defendant knew or ought to have known would cause that fear",
    ),
    CDAUnderlyingOffence.PHA_S4A: (
        "A course of conduct amounting to stalking",
        "Causing the victim to fear violence on at least two occasions, or serious alarm or "
        "distress with a substantial adverse effect on their usual day-to-day activities",
        "Which the defendant knew or ought to have known would cause that",
    ),
}
"""rule: elements_of_each_offence. The elements the prosecution must prove, in plain words."""

CDA_AGGRAVATION_ELEMENT = (
    "Racially or religiously aggravated (Crime and Disorder Act 1998 s.28): at the time of the "
    "offence, or immediately before or after it, the defendant demonstrated hostility towards "
    "the victim based on their membership (or presumed membership) of a racial or religious "
    "group; or the offence was motivated, wholly or partly, by such hostility"
)


def elements(charge: Row) -> list[tuple[str, str]]:
    """(element, evidence) for a charge: the officer's own list if recorded; otherwise the
    elements of its basic offence (and the aggravation, on a CDA charge) with no evidence yet."""
    recorded = [
        (str(e.get("element") or "").strip(), str(e.get("evidence") or "").strip())
        for e in charge.get("elements") or []
        if str(e.get("element") or "").strip()
    ]
    if recorded:
        return recorded
    under = underlying_offence(charge)
    standard = list(ELEMENTS.get(under, ())) if under is not None else []
    if cda_charged(charge):
        standard.append(CDA_AGGRAVATION_ELEMENT)
    return [(e, "") for e in standard]
