"""The rules the summary follows: what is police/CPS only, where it goes, the legal route.

These are the domain rules of the court summary, in plain Python over plain data (no ORM
objects, no reportlab, no Qt); the section builders and the renderer only apply them.

* **Disclosure.** A field is police/CPS only when its model column says so
  (``info["disclosure"]``); an evidence item by its own ``disclosure_class``. On top of that,
  the *disclosure defaults*: background evidence (previous incidents, group association,
  anything earlier than the offence) unless relied on; intelligence always; a suspect's
  previous incidents and group association unless relied on and the suspect is charged;
  everything about an uncharged suspect but their name and role; of the victim's wishes, all
  but the items the victim consented to disclose; every link to another case sharing the
  victim, a suspect or the place (:func:`link_restricted`). :func:`place` then moves every
  restricted block or item of the CPS variant to the annex under the same section number.
* **Marking.** OFFICIAL-SENSITIVE unless another marking is chosen, with a reason.
* **Legal route.** Not here: the law of hostility aggravation is :mod:`hcdesk.casework.legal`,
  which the save and the pre-flight check use too.
* **Victims' Code.** Not here either: the victim's enhanced rights, the duties to tell them of
  each key event and the working days are :mod:`hcdesk.casework.duties` and
  :mod:`hcdesk.casework.workdays`, which the case file, My work and ``hcdesk due`` use too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, replace
from typing import Any

from hcdesk.casework.casefile import MODELS
from hcdesk.errors import UsageError
from hcdesk.export.summary.model import Block, Item, KeyValues, Section, SummaryVariant, Text
from hcdesk.export.summary.wording import (
    MARKING_LABELS,
    ROLES,
    SUBJECT,
    UNCHARGED_SUSPECT,
    human,
    label,
)
from hcdesk.models.enums import (
    DisclosureClass,
    EvidenceSource,
    HostilityTiming,
    PersonRole,
    ProtectiveMarking,
    WishItem,
)

# -- disclosure ----------------------------------------------------------------------------------


def restricted(table: str, key: str) -> bool:
    """Whether a field is police/CPS only, from the model column's ``info["disclosure"]``."""
    column = MODELS[table].__table__.columns[key]
    return bool(column.info.get("disclosure") == DisclosureClass.POLICE_CPS_ONLY)


def item(table: str, record: dict[str, Any], key: str, *, name: str | None = None) -> Item:
    """The field as an :class:`Item` with its label and disclosure class."""
    return Item(name or label(table, key), human(record.get(key)), restricted(table, key))


# -- marking -------------------------------------------------------------------------------------

DEFAULT_MARKING = ProtectiveMarking.OFFICIAL_SENSITIVE


def choose_marking(
    marking: ProtectiveMarking | str | None, reason: str | None
) -> ProtectiveMarking:
    """The marking asked for (the default when none is), refused without a reason to differ."""
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


# -- disclosure defaults --------------------------------------------------------------------------
# What goes to the annex unless an officer says the prosecution relies on it. Each rule is one
# function; :func:`evidence_restricted` and :func:`person_field_restricted` combine them, and
# every section builder (the banner, the indicators and the file index too) asks those two.

BACKGROUND_SOURCES = frozenset({EvidenceSource.PREVIOUS_INCIDENT, EvidenceSource.GROUP_ASSOCIATION})


def evidence_classed_restricted(ev: Mapping[str, Any]) -> bool:
    """Whether an evidence item's own disclosure class is police/CPS only."""
    return str(ev.get("disclosure_class")) == DisclosureClass.POLICE_CPS_ONLY.value


def evidence_is_intelligence(ev: Mapping[str, Any]) -> bool:
    """Intelligence is never disclosable, relied on or not: what the prosecution means to rely
    on must first become evidence (a statement, an exhibit) and be recorded as that source.
    So ``relied_on`` does not bring an intelligence item out of the annex."""
    return str(ev.get("source")) == EvidenceSource.INTELLIGENCE.value


def evidence_is_background(ev: Mapping[str, Any]) -> bool:
    """A previous incident, a group association, or anything earlier than the offence
    (evidence of motive only): unproven or prejudicial unless the prosecution relies on it."""
    return (
        str(ev.get("source")) in BACKGROUND_SOURCES
        or str(ev.get("timing")) == HostilityTiming.BACKGROUND_EARLIER.value
    )


def background_not_relied_on(ev: Mapping[str, Any]) -> bool:
    """Background evidence goes to the annex unless it is marked as relied on."""
    return evidence_is_background(ev) and not ev.get("relied_on")


def evidence_restricted(ev: Mapping[str, Any]) -> bool:
    """Whether an evidence item goes to the annex (is numbered R1, R2...): classed police/CPS
    only, intelligence, or background evidence not relied on."""
    return (
        evidence_classed_restricted(ev)
        or evidence_is_intelligence(ev)
        or background_not_relied_on(ev)
    )


def evidence_annex_reason(ev: Mapping[str, Any]) -> str:
    """Why an item is in the annex, for the annex's schedule."""
    if evidence_is_intelligence(ev):
        return "Intelligence: never disclosed"
    if evidence_classed_restricted(ev):
        return "Classed police/CPS only"
    if background_not_relied_on(ev):
        return "Background: not relied on"
    return ""


def suspect_charged(person: Mapping[str, Any], charged: Set[str]) -> bool:
    """Whether a suspect is charged: some charge is against them (``charged``: the ids from
    :func:`hcdesk.casework.court.charged_ids`). A victim or witness counts as charged: the
    rules on uncharged suspects do not apply to them."""
    return str(person.get("role")) != PersonRole.SUSPECT.value or person.get("id") in charged


def person_details_restricted(person: Mapping[str, Any], charged: Set[str]) -> bool:
    """An uncharged suspect: everything about them except their name and role goes to the
    annex."""
    return not suspect_charged(person, charged)


def person_name_restricted(person: Mapping[str, Any], incident: bool) -> bool:
    """The subject of an incident record (a non-crime or unclassified incident) is named only
    in the police-only part."""
    return incident and str(person.get("role")) == PersonRole.SUSPECT.value


def role_label(person: Mapping[str, Any], charged: Set[str], incident: bool) -> str:
    """What a person is called everywhere: Victim, Witness, Defendant, "Suspect (not charged)",
    or, in an incident record, "Subject"."""
    role = str(person.get("role"))
    if role != PersonRole.SUSPECT.value:
        return ROLES.get(role, human(person.get("role")))
    if incident:
        return SUBJECT
    return ROLES[role] if suspect_charged(person, charged) else UNCHARGED_SUSPECT


SUBJECT_IN_TEXT = "[the subject]"


def without_names(text: str, names: Sequence[str]) -> str:
    """``text`` with each of ``names`` (whole, any case) replaced by "[the subject]": the
    subject of an incident record is named only in the police-only part, so free text on the
    shareable part (the summary of events, statement summaries) must not name them either. Only
    the name as recorded is found: a nickname or a first name alone is not."""
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", SUBJECT_IN_TEXT, text, flags=re.I)
    return text


RELIED_ON_FLAGS = {
    "previous_incidents": "previous_incidents_relied_on",
    "group_association": "group_association_relied_on",
}


def background_disclosable(person: Mapping[str, Any], key: str, charged: Set[str]) -> bool:
    """A person's previous incidents or group association print on the disclosable page only
    when marked as relied on and, for a suspect, only when they are charged. Intelligence (and
    any other field) never does by this rule."""
    flag = RELIED_ON_FLAGS.get(key)
    if flag is None:
        return False
    return bool(person.get(flag)) and suspect_charged(person, charged)


def person_field_restricted(
    person: Mapping[str, Any], key: str, charged: Set[str], incident: bool = False
) -> bool:
    """Whether one field of a person goes to the annex: by its column's disclosure class, by
    the background rule, and always for an uncharged suspect (or an incident's subject)."""
    if key == "name":
        return person_name_restricted(person, incident)
    if person_details_restricted(person, charged) or person_name_restricted(person, incident):
        return True
    if key in RELIED_ON_FLAGS:
        return not background_disclosable(person, key, charged)
    return restricted("person", key)


def link_restricted(link: Any) -> bool:
    """rule: a_link_to_another_case_goes_to_the_annex. Another case sharing the victim's name
    and date of birth, a suspect's, or the place (hcdesk.casework.repeats) is a pattern on the
    force's records, never proven: two people can share a name and a birthday, and another
    case's allegation is not evidence in this one. So every link goes to the police/CPS-only
    annex, whatever the kind, and never to the disclosable summary; what the prosecution means
    to rely on of another case becomes evidence first (a previous incident, relied on)."""
    return True


# -- the victim's wishes: consent to disclose ---------------------------------------------------

WISH_FIELDS: dict[WishItem, str] = {
    WishItem.VIEWS_ON_PROSECUTION: "wants_prosecution",
    WishItem.OUT_OF_COURT_AND_RJ: "out_of_court_views",
    WishItem.COMPENSATION: "compensation_sought",
}


@dataclass(frozen=True)
class WishConsent:
    """Which parts of the victim's wishes may be disclosed, and who recorded that and when
    (None: not recorded, for the legacy flag)."""

    items: frozenset[WishItem]
    recorded_by: str | None = None
    recorded_at: dt.datetime | None = None
    legacy: bool = False

    @property
    def given(self) -> bool:
        return bool(self.items)


def wish_consent(case: Mapping[str, Any], consents: Sequence[Mapping[str, Any]]) -> WishConsent:
    """The consent in force. It is the latest ``disclosure_consent`` entry the OIC agreed to.
    The victim can narrow or withdraw consent without the OIC: a later entry, agreed or not,
    keeps only the items it names (an entry with no items withdraws consent altogether).
    With no entries at all, the legacy flag ``victim_agreed_wishes_disclosed`` means all three
    items, with who and when not recorded."""
    entries = sorted(consents, key=lambda c: c["recorded_at"])
    if not entries:
        if case.get("victim_agreed_wishes_disclosed"):
            return WishConsent(frozenset(WishItem), legacy=True)
        return WishConsent(frozenset())
    agreed = [n for n, c in enumerate(entries) if c.get("oic_agreed") and c.get("wish_items")]
    if not agreed:
        return WishConsent(frozenset())
    start = agreed[-1]
    items = {WishItem(str(i)) for i in entries[start].get("wish_items") or []}
    decided = entries[start]
    for later in entries[start + 1 :]:
        narrowed = items & {WishItem(str(i)) for i in later.get("wish_items") or []}
        if narrowed != items:
            items, decided = narrowed, later
    return WishConsent(frozenset(items), decided.get("recorded_by"), decided.get("recorded_at"))


def wish_field_restricted(key: str, consent: WishConsent) -> bool:
    """A field of the victim's wishes is disclosed only when it is one of the consented items:
    never contact arrangements, partner sharing, special measures or the victim's own words."""
    return not any(WISH_FIELDS[i] == key for i in consent.items)


def number_evidence(evidence: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Evidence id -> its number: E1, E2... if disclosable, R1, R2... if police/CPS only."""
    numbers: dict[str, str] = {}
    open_n = restricted_n = 0
    for ev in evidence:
        if evidence_restricted(ev):
            restricted_n += 1
            numbers[ev["id"]] = f"R{restricted_n}"
        else:
            open_n += 1
            numbers[ev["id"]] = f"E{open_n}"
    return numbers


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
