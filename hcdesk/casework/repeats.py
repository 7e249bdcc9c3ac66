"""Repeat victimisation: when two cases share a victim, a place or a suspect.

Three rules, each a key worked out from one case; two cases that give the same key are linked.
* **Same victim:** the victim's name, written the same way once case, accents, spacing and
  punctuation are set aside, and the same date of birth. When a date of birth is missing on
  either side, the same name and the same postcode.
* **Same suspect:** the same rule, for a suspect.
* **Same place:** the place of the incident, written the same way once case and spacing are set
  aside, with its postcode district when the victim's postcode is in the same district. A place
  that names no more than a town ("Rugby") links nothing: the key needs at least two words.

A link is a pattern to look at, never a finding: two people can share a name and a birthday.
It is shown with its reason, and the court summary puts an unproven pattern in the annex, never
in the open summary.

The keys are stored in the local figures index (hcdesk.casework.workindex), never synced and
encrypted with the store, so that the figures count repeat victims without reading every case,
and :func:`linked_cases` finds a case's links by its keys without reading the other cases.

Who may see a link: the store holds only cases the officer can already see, so naming the other
case (its reference, record type and incident date) shows nothing new. Nothing else of the other
case is shown: the reason is this case's own words for the shared key (its victim's name and
date of birth, its place), which the other case matched.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.casework.fields import format_date
from hcdesk.casework.records import CaseFileView, PersonRecord
from hcdesk.models.case import CaseFile
from hcdesk.models.enums import PersonRole, RecordType

VICTIM = "VICTIM"
SUSPECT = "SUSPECT"
PLACE = "PLACE"
KINDS = (VICTIM, SUSPECT, PLACE)

LINK_LABELS = {
    VICTIM: "Same victim",
    SUSPECT: "Same suspect",
    PLACE: "Same place",
}
"""What each kind of link is called, on the case, in the summary and in the figures."""

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9][A-Z]{2})?$")


def normalise(text: str | None) -> str:
    """Text as the rules compare it: no accents, case or punctuation, single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.sub(r"[^\w]+", " ", plain.casefold()).split()
    return " ".join(words)


def postcode_district(postcode: str | None) -> str:
    """The outward part of a UK postcode ("CV34 4AB" -> "CV34"), or "" if it is not one."""
    found = _POSTCODE.match((postcode or "").strip().upper())
    return found.group(1) if found else ""


def person_key(person: PersonRecord) -> str | None:
    """The key of the same-person rule for one person, or None when there is too little to
    link on (no name, or neither a date of birth nor a postcode)."""
    name = normalise(person.name)
    if not name:
        return None
    if person.date_of_birth is not None:
        return f"{name}|{person.date_of_birth.isoformat()}"
    district = (person.postcode or "").strip().upper().replace(" ", "")
    if district:
        return f"{name}|{district}"
    return None


def place_key(view: CaseFileView) -> str | None:
    """The key of the same-place rule, or None when the place is too vague to link on."""
    place = normalise(view.case.place)
    if len(place.split()) < 2:
        return None
    victim = view.victim()
    district = postcode_district(victim.postcode if victim is not None else None)
    return f"{place}|{district}" if district else place


@dataclass(frozen=True)
class Key:
    kind: str  # VICTIM, SUSPECT or PLACE
    key: str


# What the key of each kind is made of, for the words of a link.
DATE_OF_BIRTH = "date_of_birth"
POSTCODE = "postcode"
PLACE_WORDS = "place"


@dataclass(frozen=True)
class KeyOf:
    """A key of one case with this case's own words for it: ``words`` the person's name as
    recorded (or the place), ``detail`` the date of birth (dd/mm/yyyy) or postcode the key also
    holds ("" for a place), ``basis`` which of them it is (:data:`DATE_OF_BIRTH`,
    :data:`POSTCODE` or :data:`PLACE_WORDS`)."""

    key: Key
    words: str
    detail: str
    basis: str


def keys_of(view: CaseFileView) -> Iterator[KeyOf]:
    """Every key of one live case with its words (see :func:`case_keys`)."""
    if view.case.voided_at is not None:
        return
    for person in view.people:  # a view holds the live rows only
        if person.role == PersonRole.VICTIM:
            kind = VICTIM
        elif person.role == PersonRole.SUSPECT:
            kind = SUSPECT
        else:
            continue
        key = person_key(person)
        if key is None:
            continue
        if person.date_of_birth is not None:
            detail, basis = format_date(person.date_of_birth), DATE_OF_BIRTH
        else:
            detail, basis = (person.postcode or "").strip().upper(), POSTCODE
        yield KeyOf(Key(kind, key), " ".join(person.name.split()), detail, basis)
    place = place_key(view)
    if place is not None:
        yield KeyOf(Key(PLACE, place), " ".join((view.case.place or "").split()), "", PLACE_WORDS)


def case_keys(view: CaseFileView) -> Iterator[Key]:
    """Every key of one live case: its victim's, each suspect's and its place's."""
    for found in keys_of(view):
        yield found.key


# -- the links of one case ----------------------------------------------------------------------

_DETAIL_WORDS = {DATE_OF_BIRTH: "born {}", POSTCODE: "postcode {}"}
_HIDDEN_WORDS = {DATE_OF_BIRTH: "same date of birth", POSTCODE: "same postcode"}


@dataclass(frozen=True)
class Link:
    """Another live case that shares a key with this one: a pattern to look at, not a finding.

    ``case_id``, ``reference`` (the URN, else the local reference), ``record_type`` and
    ``incident_date`` are the other case's; ``kind`` is :data:`VICTIM`, :data:`SUSPECT` or
    :data:`PLACE`; ``words``, ``detail`` and ``basis`` are this case's words for the shared key
    (:class:`KeyOf`)."""

    case_id: str
    reference: str
    record_type: RecordType
    incident_date: dt.date | None
    kind: str
    words: str
    detail: str
    basis: str

    @property
    def label(self) -> str:
        """The kind in words: "Same victim", "Same suspect" or "Same place"."""
        return LINK_LABELS[self.kind]

    @property
    def reason(self) -> str:
        """Why, in plain words: "Same victim: Leyla Demir, born 01/04/1990"."""
        shared = self.words
        if self.detail and self.basis in _DETAIL_WORDS:
            shared += ", " + _DETAIL_WORDS[self.basis].format(self.detail)
        return f"{self.label}: {shared}"

    @property
    def masked_reason(self) -> str:
        """The reason without the victim's date of birth or postcode, for a screen that hides
        them until they are revealed: "Same victim: Leyla Demir, same date of birth". A
        suspect's details and a place are not hidden, so their reason is the same."""
        if self.kind != VICTIM or self.basis not in _HIDDEN_WORDS:
            return self.reason
        return f"{self.label}: {self.words}, {_HIDDEN_WORDS[self.basis]}"


_KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}
_FACT = sa.table("case_fact", sa.column("case_id"), sa.column("fact"), sa.column("key"))


def linked_cases(db: sa.Connection | Session, view: CaseFileView) -> list[Link]:
    """The other live cases that share this case's victim, a suspect or its place, by its keys
    looked up in the figures index (bring it up to date first with
    :func:`hcdesk.casework.workindex.catch_up`; a case changed since is found by its keys as
    last indexed). This case's keys are worked out from ``view``, so they are those shown.
    Voided and deleted cases link nothing, and neither does a voided case. One link per other
    case and key, by kind (victim, suspect, place), then the latest incident first."""
    links: dict[tuple[str, Key], Link] = {}
    for found in keys_of(view):
        rows = db.execute(
            sa.select(CaseFile.id, CaseFile.urn, CaseFile.local_ref, CaseFile.record_type)
            .add_columns(CaseFile.incident_date)
            .join(_FACT, _FACT.c.case_id == CaseFile.id)
            .where(
                _FACT.c.fact == found.key.kind,
                _FACT.c.key == found.key.key,
                CaseFile.id != view.case_id,
                CaseFile.deleted.is_(False),
                CaseFile.voided_at.is_(None),
            )
        )
        for cid, urn, local_ref, record_type, incident in rows:
            links.setdefault(
                (cid, found.key),
                Link(
                    cid,
                    urn or local_ref,
                    record_type,
                    incident,
                    found.key.kind,
                    found.words,
                    found.detail,
                    found.basis,
                ),
            )
    return sorted(
        links.values(),
        key=lambda k: (
            _KIND_ORDER[k.kind],
            -(k.incident_date or dt.date.min).toordinal(),
            k.reference,
            k.words,
        ),
    )
