"""The demo's data tables, read once from the JSON files in ``hcdesk/demo/data/``.

Each file begins with an ``about`` that says what its tables mean. Here they become the
immutable shapes the generator uses: tuples (phrases are looked up by tuple), weighted lists
(:class:`~hcdesk.demo.kit.W`) and frozen records. The order of every list is kept: it is part of
what a seed gives.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any, NamedTuple

from hcdesk.demo.kit import W


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        files("hcdesk.demo").joinpath("data", f"{name}.json").read_text("utf-8")
    )
    return data


_PEOPLE = _load("people")
_PLACES = _load("places")
_STRANDS = _load("strands")
_OFFENCES = _load("offences")
_SUPPORT = _load("support")
_SUMMARY = _load("summary")
_COURT = _load("court")


def _weighted(weights: dict[str, float]) -> W:
    return W(list(weights.items()))


def _minute(hh_mm: str) -> int:
    hh, mm = hh_mm.split(":")
    return int(hh) * 60 + int(mm)


# -- people ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Community:
    key: str
    label: str  # how a person might describe themselves
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    female_surnames: tuple[str, ...] = ()  # when women's family names differ in form
    languages: tuple[tuple[str, float], ...] = ()  # (language, chance an interpreter is needed)
    native: dict[str, str] = field(default_factory=dict)  # Latin spelling -> own script
    surname_first_native: bool = False  # Chinese names are written family name first
    middle: tuple[str, str] = ("", "")  # Sikh names: ("Singh", "Kaur")
    muslim: bool = False

    def native_name(self, given: str, surname: str) -> str | None:
        g, s = self.native.get(given), self.native.get(surname)
        if g is None or s is None:
            return None
        return s + g if self.surname_first_native else f"{g} {s}"


def _community(d: dict[str, Any]) -> Community:
    middle = d.get("middle")
    return Community(
        key=d["key"],
        label=d["label"],
        male=tuple(d["male"]),
        female=tuple(d["female"]),
        surnames=tuple(d["surnames"]),
        female_surnames=tuple(d.get("female_surnames", ())),
        languages=tuple(d.get("languages", {}).items()),
        native=d.get("native", {}),
        surname_first_native=d.get("surname_first_native", False),
        middle=(middle["male"], middle["female"]) if middle else ("", ""),
        muslim=d.get("muslim", False),
    )


COMMUNITIES: dict[str, Community] = {
    c.key: c for c in (_community(d) for d in _PEOPLE["communities"])
}
# Everyone else in a case (witnesses, most suspects, officers): roughly the local population.
POPULATION = _weighted(_PEOPLE["population"])
SUSPECT_POPULATION = _weighted(_PEOPLE["suspect_population"])
UNKNOWN_SUSPECTS: tuple[tuple[str, bool], ...] = tuple(
    (s["description"], s["female"]) for s in _PEOPLE["unknown_suspects"]
)
PRONOUNS: dict[str, dict[str, str]] = _PEOPLE["victim_pronouns"]
SUSPECT_PRONOUNS: dict[bool, dict[str, str]] = {
    False: _PEOPLE["suspect_pronouns"]["male"],
    True: _PEOPLE["suspect_pronouns"]["female"],
}

# -- places ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Town:
    name: str
    force: str
    districts: tuple[str, ...]
    station: str  # two letters for the URN
    team: str
    council: str
    hipp: str
    courts: tuple[str, str]  # (magistrates', Crown)
    areas: tuple[str, ...]
    streets: tuple[str, ...]
    weight: float


def _town(d: dict[str, Any]) -> Town:
    return Town(
        d["name"], d["force"], tuple(d["districts"]), d["station"], d["team"], d["council"],
        d["hipp"], (d["magistrates_court"], d["crown_court"]), tuple(d["areas"]),
        tuple(d["streets"]), d["weight"],
    )


TOWNS: tuple[Town, ...] = tuple(_town(d) for d in _PLACES["towns"])
# Coventry is policed by West Midlands Police, so no incident here happens in it; it appears
# as the home of victims and witnesses who travel into north Warwickshire.
COVENTRY = _town(_PLACES["coventry"])
WEIGHTED_TOWNS = W([(t, t.weight) for t in TOWNS])
FORCE_CODE: dict[str, str] = _PLACES["force_codes"]
FORCE_TOWNS = {f: [t for t in TOWNS if t.force == f] for f in FORCE_CODE}
RES_STREETS: tuple[str, ...] = tuple(_PLACES["residential_streets"])
BLOCKS: tuple[str, ...] = tuple(_PLACES["blocks_of_flats"])
INWARD: str = _PLACES["postcode_letters"]
_PLACE_WEIGHTS: dict[str, float] = _PLACES["place_weights"]
# Hours in which incidents at a place happen (first and last hour, local time).
OPENING: dict[str, tuple[int, int]] = {
    k: (v[0], v[1]) for k, v in _PLACES["opening_hours"].items()
}
GRAFFITI_PLACES = frozenset(_PLACES["graffiti_places"])
GRAFFITI_SURFACES: dict[str, str] = _PLACES["graffiti_surfaces"]
GRAFFITI_SURFACE_ELSEWHERE: str = _PLACES["graffiti_surface_elsewhere"]
PLATFORMS: tuple[str, ...] = tuple(_PLACES["platforms"])
ACCOUNTS: dict[str, str] = _PLACES["platform_accounts"]
WORKPLACES: tuple[str, ...] = tuple(_PLACES["workplaces"])
SCHOOLS: tuple[str, ...] = tuple(_PLACES["schools"])
WORSHIP: dict[str, str] = _PLACES["places_of_worship"]
WITNESS_ROLES: dict[str, str] = _PLACES["witness_roles"]

# -- strands -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flavour:
    """One kind of hostility a case can show (see data/strands.json)."""

    key: str
    strand: str | None
    local: str | None
    weight: float
    communities: W
    words: tuple[str, ...]
    conduct: tuple[tuple[str, str], ...]  # (what the suspect did, harm kind)
    group: str  # the people the hostility is aimed at, e.g. "Muslims"
    characteristic: str  # e.g. "religion"
    perception: str  # e.g. "motivated by hostility towards Muslims"
    agencies: tuple[str, ...]  # the first is the specialist one
    places: W
    self_described: tuple[str, ...]
    genders: W
    ages: tuple[int, int] = (18, 75)
    access: tuple[str, ...] = ()
    community_label: str | None = None  # for community impact statements
    others: tuple[str, ...] = ("Local support charity",)  # names for OTHER referrals


RACE_GENERIC: tuple[str, ...] = tuple(_STRANDS["race_generic"])


def _words(words: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for w in words:
        out.extend(RACE_GENERIC if w == "@race_generic" else (w,))
    return tuple(out)


def _flavour(d: dict[str, Any]) -> Flavour:
    places = dict(_PLACE_WEIGHTS)
    places.update(d["place_weights"])
    female, male, non_binary = d["genders"]
    return Flavour(
        key=d["key"],
        strand=d["strand"],
        local=d["local_strand"],
        weight=d["weight"],
        communities=(POPULATION if d["communities"] == "population"
                     else _weighted(d["communities"])),
        words=_words(d["words"]),
        conduct=tuple((c["act"], c["harm"]) for c in d["conduct"]),
        group=d["group"],
        characteristic=d["characteristic"],
        perception=d["perception"],
        agencies=tuple(d["agencies"]),
        places=_weighted(places),
        self_described=tuple(d["self_described"]),
        genders=W([("Female", female), ("Male", male), ("Non-binary", non_binary)]),
        ages=(d["ages"][0], d["ages"][1]),
        access=tuple(d.get("access_needs", ())),
        community_label=d.get("community_label"),
        others=tuple(d.get("other_agencies", ("Local support charity",))),
    )


FLAVOURS: tuple[Flavour, ...] = tuple(_flavour(d) for d in _STRANDS["flavours"])
WEIGHTED_FLAVOURS = W([(f, f.weight) for f in FLAVOURS])
BY_KEY = {f.key: f for f in FLAVOURS}
# Racial hostility added to a religious case: the words that fit the victim's community.
RACE_FOR = {
    community: BY_KEY[key]
    for key, communities in _STRANDS["race_for_community"].items()
    for community in communities
}
RACE_ANY = dataclasses.replace(BY_KEY["race_irish"], key="race_any", words=RACE_GENERIC)
GENDERED_WORDS: dict[tuple[str, str], tuple[str, ...]] = {
    (key, gender): tuple(words)
    for key, by_gender in _STRANDS["gendered_words"].items()
    for gender, words in by_gender.items()
}
GENDERED_SELF: dict[tuple[str, str], tuple[str, ...]] = {
    (key, gender): tuple(words)
    for key, by_gender in _STRANDS["gendered_self_described"].items()
    for gender, words in by_gender.items()
}


class Foreign(NamedTuple):
    """Words in the speaker's own language, with an English translation."""

    flavour: str
    victim_community: str
    speaker_community: str
    language: str
    words: str
    translation: str


FOREIGN_BY: dict[tuple[str, str], list[Foreign]] = {}
for _item in _STRANDS["foreign_words"]:
    _foreign = Foreign(**_item)
    FOREIGN_BY.setdefault((_foreign.flavour, _foreign.victim_community), []).append(_foreign)
LOCAL_KEYS = frozenset(_STRANDS["local_strands"])
S66_HOSTILITY: dict[str, str] = _STRANDS["s66_hostility"]

# -- offences ----------------------------------------------------------------------------------


class Offence(NamedTuple):
    cda_underlying: str  # the underlying offence of the aggravated form
    cda_section: str  # its section of the Crime and Disorder Act 1998
    wording: str
    statute: str  # of the basic offence
    hocr_aggravated: str
    hocr_basic: str


HARMS = _weighted(_OFFENCES["harm_weights"])
GENERIC_HARM: dict[str, tuple[str, ...]] = {
    k: tuple(v) for k, v in _OFFENCES["generic_harm"].items()
}
ONLINE_HARM: tuple[str, ...] = tuple(_OFFENCES["online_harm"])
OFFENCES: dict[str, tuple[Offence, ...]] = {
    harm: tuple(Offence(**o) for o in offences)
    for harm, offences in _OFFENCES["offences"].items()
}
CDA_ROUTE: dict[str, str] = _OFFENCES["cda_routes"]
SUSPECT_ORDERS: tuple[str, ...] = tuple(_OFFENCES["suspect_orders"])
GROUP_ASSOCIATION: str = _OFFENCES["group_association"]
# What the prosecution must prove for each basic offence: (element, kind) pairs; see the file.
ELEMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    k: tuple((e["element"], e["kind"]) for e in v) for k, v in _OFFENCES["elements"].items()
}
AGGRAVATION_ELEMENTS: dict[str, str] = _OFFENCES["aggravation_elements"]

# -- support -----------------------------------------------------------------------------------

# (words, wants prosecution, willing to give evidence, out-of-court views, special measures)
Wish = tuple[str, str, str, str | None, str | None]


def _wishes(items: list[dict[str, Any]]) -> tuple[Wish, ...]:
    return tuple(
        (w["words"], w["wants_prosecution"], w["willing_to_give_evidence"],
         w["out_of_court_views"], w["special_measures"])
        for w in items
    )


FIRST_WISHES = _wishes(_SUPPORT["first_wishes"])
LATER_WISHES = _wishes(_SUPPORT["later_wishes"])
FREQUENCIES: tuple[str, ...] = tuple(_SUPPORT["contact_frequencies"])
# (safe-times text, earliest and latest minute of UK local time); the first is for children.
SAFE_TIMES: tuple[tuple[str, int, int], ...] = tuple(
    (s["text"], _minute(s["from"]), _minute(s["to"])) for s in _SUPPORT["safe_times"]
)
NO_VOICEMAIL_NOTE: str = _SUPPORT["no_voicemail_note"]
CONTACT_NOTES: tuple[str, ...] = tuple(_SUPPORT["contact_notes"])
CHANNELS: tuple[str, ...] = tuple(_SUPPORT["channels"])
NEED_NOTES: dict[str, tuple[str, ...]] = {
    k: tuple(v) for k, v in _SUPPORT["need_notes"].items()
}
NEED_AREAS = tuple(NEED_NOTES)
# Areas any victim may raise; the others follow from the case (language, access, online).
EXTRA_NEEDS: tuple[str, ...] = tuple(_SUPPORT["extra_needs"])
# (action, owner) per need area; {oic} {vlo} {team} {council} {court} are filled in.
NEED_ACTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    k: tuple((a["action"], a["owner"]) for a in v) for k, v in _SUPPORT["need_actions"].items()
}
PROTECTION_NEEDS: tuple[str | None, ...] = tuple(_SUPPORT["protection_needs"])
REASSESSMENT_TRIGGERS: tuple[str | None, ...] = tuple(_SUPPORT["reassessment_triggers"])
PLAN_RATIONALES: tuple[str, ...] = tuple(_SUPPORT["plan_rationales"])
CLOSURE_REASONS: tuple[str, ...] = tuple(_SUPPORT["closure_reasons"])
COURT_CLOSURE: str = _SUPPORT["court_closure"]
AGENCY_NAMES: dict[str, str] = _SUPPORT["agency_names"]
CONSENT_HOW: tuple[str, ...] = tuple(_SUPPORT["consent_how"])
CONSENT_HOW_WITH_INTERPRETER: str = _SUPPORT["consent_how_with_interpreter"]
REFERRAL_NOTES: tuple[str | None, ...] = tuple(_SUPPORT["referral_notes"])
IMPACTS: tuple[str, ...] = tuple(_SUPPORT["vps_impacts"])
VPS_NOTES: tuple[str | None, ...] = tuple(_SUPPORT["vps_notes"])
TOLD_ABOUT: dict[str, str] = _SUPPORT["told_about"]
CALLS_FROM_VICTIM: tuple[str, ...] = tuple(_SUPPORT["calls_from_victim"])
LAWFUL_BASES: tuple[str, ...] = tuple(_SUPPORT["lawful_bases"])
SHARE_PURPOSES: tuple[str, ...] = tuple(_SUPPORT["share_purposes"])

# -- the summary -------------------------------------------------------------------------------

PERCEIVED_BY: dict[str, str] = _SUMMARY["perceived_by"]
VERBS_OF_SPEECH: tuple[str, ...] = tuple(_SUMMARY["verbs_of_speech"])
ONLINE_AFTERMATH: tuple[str, ...] = tuple(_SUMMARY["online_aftermath"])
AFTERMATH: tuple[str, ...] = tuple(_SUMMARY["aftermath"])
VERDICTS: dict[str, str] = _SUMMARY["verdicts"]

# -- the court file ----------------------------------------------------------------------------

# Raw tables of texts with {placeholders} (see data/court.json): statements, MG15, MG7, MG13...
COURT: dict[str, Any] = _COURT


# -- duties to the victim ----------------------------------------------------------------------
_DUTIES = _load("duties")
STATUS_REASONS: dict[str, tuple[str, ...]] = {
    k: tuple(v) for k, v in _DUTIES["status_reasons"].items()
}
WITHDRAW_REASONS: tuple[str, ...] = tuple(_DUTIES["withdraw_reasons"])
BREACH_REASONS: tuple[str, ...] = tuple(_DUTIES["breach_reasons"])
UNREACHABLE_REASONS: tuple[str, ...] = tuple(_DUTIES["unreachable_reasons"])
TOLD_NOTES: tuple[str, ...] = tuple(_DUTIES["told_notes"])
REVIEW_NOTES: tuple[str, ...] = tuple(_DUTIES["review_notes"])
CONTACT_PURPOSES: tuple[str, ...] = tuple(_DUTIES["contact_purposes"])
OVERRIDE_REASONS: tuple[str, ...] = tuple(_DUTIES["override_reasons"])
