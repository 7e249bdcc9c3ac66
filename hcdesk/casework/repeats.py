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
encrypted with the store, so that the figures count repeat victims without reading every case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from hcdesk.casework.records import CaseFileView, PersonRecord
from hcdesk.models.enums import PersonRole

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


def case_keys(view: CaseFileView) -> Iterator[Key]:
    """Every key of one live case: its victim's, each suspect's and its place's."""
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
        if key is not None:
            yield Key(kind, key)
    place = place_key(view)
    if place is not None:
        yield Key(PLACE, place)
