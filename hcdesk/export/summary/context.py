"""What every section builder reads: one case as read from the store, its evidence numbered,
who is charged, the consent to disclose the victim's wishes, and the document's section
numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hcdesk.casework import court, repeats
from hcdesk.casework.casefile import CaseSnapshot
from hcdesk.casework.legal import prosecution_summary_allowed
from hcdesk.export.summary import rules
from hcdesk.export.summary.model import DocumentKind
from hcdesk.export.summary.order import Part, numbers
from hcdesk.models.enums import PersonRole


@dataclass
class CaseContext:
    snap: CaseSnapshot
    case: dict[str, Any]
    people: list[dict[str, Any]]
    evidence: list[dict[str, Any]]  # live evidence items, numbered
    numbers: dict[str, str]  # evidence id -> "E1" / "R1"
    kind: DocumentKind
    today: dt.date  # the summary's date: "next hearing" is on or after it
    charged: set[str]  # ids of the suspects a charge is against
    consent: rules.WishConsent
    section_numbers: dict[Part, str]
    links: tuple[repeats.Link, ...] = ()  # other cases sharing the victim, a suspect, the place

    @classmethod
    def of(
        cls,
        snap: CaseSnapshot,
        *,
        today: dt.date,
        kind: DocumentKind | None = None,
        links: Sequence[repeats.Link] = (),
    ) -> CaseContext:
        evidence = list(snap.records.get("hostility_evidence", []))
        people = snap.records.get("person", [])
        if kind is None:
            kind = document_kind(snap.case)
        return cls(
            snap=snap,
            case=snap.case,
            people=people,
            evidence=evidence,
            numbers=rules.number_evidence(evidence),
            kind=kind,
            today=today,
            charged=court.charged_ids(people, snap.records.get("charge", [])),
            consent=rules.wish_consent(snap.case, snap.records.get("disclosure_consent", [])),
            section_numbers=numbers(kind),
            links=tuple(links),
        )

    @property
    def incident(self) -> bool:
        return self.kind is DocumentKind.INCIDENT_RECORD

    def records(self, table: str) -> list[dict[str, Any]]:
        return self.snap.records.get(table, [])

    def role(self, role: PersonRole) -> list[dict[str, Any]]:
        return [p for p in self.people if str(p["role"]) == role.value]

    def number(self, part: Part) -> str:
        """The section number of ``part`` in this document (for cross-references)."""
        return self.section_numbers[part]

    def label(self, person: dict[str, Any]) -> str:
        """What the person is called: Victim, Witness, Defendant, Suspect (not charged), Subject."""
        return rules.role_label(person, self.charged, self.incident)

    def hidden(self, person: dict[str, Any], key: str) -> bool:
        """Whether a field of a person goes to the annex (:func:`rules.person_field_restricted`)."""
        return rules.person_field_restricted(person, key, self.charged, self.incident)

    def held_back(self, person: dict[str, Any] | None) -> bool:
        """Whether a record about this person goes to the annex whole: an uncharged suspect,
        an incident's subject, or (None) a record that does not say which suspect it is
        about."""
        if person is None:
            return True
        return rules.person_details_restricted(
            person, self.charged
        ) or rules.person_name_restricted(person, self.incident)

    def unnamed(self, text: str) -> str:
        """Free text for the first part of an incident record, the subject's name taken out
        (:func:`rules.without_names`); any other document's text as it is."""
        if not self.incident:
            return text
        return rules.without_names(text, [p["name"] for p in self.role(PersonRole.SUSPECT)])

    def person(self, person_id: str | None) -> dict[str, Any] | None:
        """The suspect a record names (its only suspect when it names none)."""
        found = court.person_for(person_id, self.people)
        return None if found is None else dict(found)


def document_kind(case: dict[str, Any]) -> DocumentKind:
    """A prosecution summary for a hate crime; an incident record otherwise."""
    if prosecution_summary_allowed(case.get("record_type")):
        return DocumentKind.PROSECUTION_SUMMARY
    return DocumentKind.INCIDENT_RECORD
