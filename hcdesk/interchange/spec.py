"""The shape of a case in the interchange format, derived from the domain model.

One list of sections drives export, import, validation and the JSON Schema, so they cannot drift
apart. A section is a child table of the case: ``one`` (an object or null) or ``many`` (a list).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from hcdesk.models.base import Base, domain_columns
from hcdesk.models.case import (
    BailRecord,
    CaseFile,
    Charge,
    CommunityImpactStatement,
    ContactLog,
    CourtApplication,
    CourtListing,
    DisclosureConsent,
    DutyRecord,
    EnhancedStatusClaim,
    HostilityEvidence,
    InterviewAccount,
    NeedsAssessment,
    PartnershipShare,
    Person,
    PlannedContact,
    PreflightAcknowledgement,
    Referral,
    SummarySignOff,
    SupportAction,
    SupportPlan,
    VictimPersonalStatement,
    VictimsCodeEvent,
    VictimWish,
)
from hcdesk.models.enums import PersonRole
from hcdesk.models.limits import JSON_FIELD_SCHEMAS

FORMAT = "hcdesk-interchange"
VERSION = 4
"""The version hcdesk writes. Version 2 is version 1 with limits; version 3 adds the court file
(listings, bail and remand, MG13 applications, interview accounts, sign-off, consent to disclose
wishes, pre-flight acknowledgements) and new fields on people, evidence and charges; version 4
adds the victim-led duties (officer-added Victims' Code statuses, duty records, planned
contacts), contact-safety overrides on contacts, two Victims' Code events (bail conditions
changed, appeal) and voided cases (docs/interchange.md)."""
READABLE_VERSIONS = (1, 2, 3, 4)
"""Versions hcdesk reads. A version 1, 2 or 3 file is read by the rules of version 4: every
field it has means what it meant, within the limits (a value beyond them is refused, as hcdesk
can no longer hold it), and the fields it lacks take their defaults."""

# -- limits of a file (the limits of each field are in hcdesk.models.limits) -------------------
MAX_FILE_BYTES = 512 * 1024 * 1024
"""The size of a file."""
MAX_CASES = 20_000
"""Cases in one file."""
MAX_RECORDS = 600_000
"""Records in one file, counting each case and everything in it (a demo case has about 32)."""
MAX_ITEMS = 2_000
"""Records in one section of a case (evidence items, contacts...) or actions in one plan."""
MAX_CASE_CHARS = 10_000_000
"""The JSON text of one case, in characters (the import reads one case at a time)."""


@dataclass(frozen=True)
class Section:
    key: str
    model: type[Base]
    many: bool = True
    role: PersonRole | None = None  # for people: which role this section holds
    children: tuple[Section, ...] = ()
    parent_fk: str | None = None  # column on the child naming its parent record
    hidden: frozenset[str] = field(default_factory=frozenset)  # implied by the section
    relationship: str = ""  # the CaseFile relationship that holds the section's records
    suspect_ref: str | None = None  # a column naming a suspect of the same case

    def columns(self) -> list[sa.Column[Any]]:
        return _section_columns(self.model, self.hidden)


ACTIONS = Section(
    "actions",
    SupportAction,
    parent_fk="plan_id",
    hidden=frozenset({"plan_id"}),
    relationship="actions",
)

_ROLE = frozenset({"role"})
SECTIONS: tuple[Section, ...] = (
    Section(
        "victim", Person, many=False, role=PersonRole.VICTIM, hidden=_ROLE, relationship="people"
    ),
    Section("suspects", Person, role=PersonRole.SUSPECT, hidden=_ROLE, relationship="people"),
    Section("witnesses", Person, role=PersonRole.WITNESS, hidden=_ROLE, relationship="people"),
    Section("hostility_evidence", HostilityEvidence, relationship="evidence"),
    Section("wishes", VictimWish, relationship="wishes"),
    Section("needs_assessments", NeedsAssessment, relationship="assessments"),
    Section("support_plans", SupportPlan, children=(ACTIONS,), relationship="plans"),
    Section("referrals", Referral, relationship="referrals"),
    Section("contacts", ContactLog, relationship="contacts"),
    Section("victims_code_events", VictimsCodeEvent, relationship="code_events"),
    Section("charges", Charge, relationship="charges", suspect_ref="defendant_id"),
    Section("victim_personal_statements", VictimPersonalStatement, relationship="statements"),
    Section(
        "community_impact_statements", CommunityImpactStatement, relationship="impact_statements"
    ),
    Section("partnership_shares", PartnershipShare, relationship="shares"),
    Section("court_listings", CourtListing, relationship="listings"),
    Section("bail_records", BailRecord, relationship="bail_records", suspect_ref="person_id"),
    Section(
        "court_applications", CourtApplication, relationship="applications", suspect_ref="person_id"
    ),
    Section(
        "interview_accounts", InterviewAccount, relationship="interviews", suspect_ref="person_id"
    ),
    Section("summary_signoffs", SummarySignOff, relationship="signoffs"),
    Section("disclosure_consents", DisclosureConsent, relationship="consents"),
    Section(
        "preflight_acknowledgements", PreflightAcknowledgement, relationship="acknowledgements"
    ),
    Section("status_claims", EnhancedStatusClaim, relationship="status_claims"),
    Section("duty_records", DutyRecord, relationship="duty_records"),
    Section("planned_contacts", PlannedContact, relationship="planned_contacts"),
)
SUSPECTS = next(s for s in SECTIONS if s.role == PersonRole.SUSPECT)
"""The section whose records the ``suspect_ref`` columns of other sections name."""
SUSPECT_REF_PROBLEM = "names no suspect of this case"
assert all(SECTIONS.index(SUSPECTS) < SECTIONS.index(s) for s in SECTIONS if s.suspect_ref)


def case_columns() -> list[sa.Column[Any]]:
    return _section_columns(CaseFile, frozenset())


@functools.cache
def _section_columns(model: type[Base], hidden: frozenset[str]) -> list[sa.Column[Any]]:
    return [c for c in domain_columns(model) if c.key not in hidden]


def is_required(column: sa.Column[Any]) -> bool:
    """A field every record must give: it cannot be null and has no default."""
    return not column.nullable and column.default is None


# The lexical forms accepted for ids, dates and datetimes (the JSON Schema uses the same ones).
UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
DATE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
DATETIME_PATTERN = (
    "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    "T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?"
    "(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)


__all__ = [
    "ACTIONS",
    "DATETIME_PATTERN",
    "DATE_PATTERN",
    "FORMAT",
    "JSON_FIELD_SCHEMAS",
    "MAX_CASES",
    "MAX_CASE_CHARS",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_RECORDS",
    "READABLE_VERSIONS",
    "SECTIONS",
    "SUSPECTS",
    "SUSPECT_REF_PROBLEM",
    "UUID_PATTERN",
    "VERSION",
    "Section",
    "case_columns",
    "is_required",
]
