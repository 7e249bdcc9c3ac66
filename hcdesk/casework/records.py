"""The case file as it travels from casework to the screen: typed, frozen records.

Each record holds one row's case data (its domain columns) with the row's id and who made it
when, as the Python values the store keeps (enums, dates, lists). A record is also a read-only
mapping of its field names to their values, because the forms that show and edit records are
built from the columns (hcdesk.casework.fields) and read them by name: ``record.place`` and
``record["place"]`` are the same value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from functools import cache
from typing import Any, ClassVar

from hcdesk.models.enums import (
    ActionStatus,
    AggravationFactor,
    ApplicationKind,
    AuditOperation,
    BailStatus,
    CaseStatus,
    CDAUnderlyingOffence,
    ChargeOutcome,
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
    SignOffRole,
    VictimsCodeEventKind,
    VictimsCodeStatus,
    VPSImpact,
    VPSReadPreference,
    VPSStatus,
    WishItem,
    YesNoUnsure,
)


@cache
def _names(cls: type[Record]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@dataclass(frozen=True, kw_only=True)
class Record(Mapping[str, Any]):
    """One row of a case, read from the store. ``TABLE`` names its table."""

    TABLE: ClassVar[str]

    id: str
    created_at: dt.datetime
    created_by: str

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return _names(cls)

    def __getitem__(self, key: str) -> Any:
        if key not in _names(type(self)):
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(_names(type(self)))

    def __len__(self) -> int:
        return len(_names(type(self)))

    def __contains__(self, key: object) -> bool:
        return key in _names(type(self))


@dataclass(frozen=True, kw_only=True)
class CaseRecord(Record):
    """The case itself: references, incident, hostility, court."""

    TABLE: ClassVar[str] = "case_file"

    local_ref: str
    urn: str | None
    crime_reference: str | None
    force: Force
    team: str
    status: CaseStatus
    record_type: RecordType
    monitored_strands: list[MonitoredStrand]
    local_strands: list[LocalStrand]
    perceived_by: list[PerceivedBy]
    perception_date: dt.date | None
    perception_note: str | None
    hocr_codes: list[str]
    fcr_decision: str | None
    incident_date: dt.date | None
    incident_end_date: dt.date | None
    incident_time: str | None
    reported_date: dt.date | None
    place: str | None
    place_type: str | None
    summary: str | None
    oic: str | None
    liaison_officer: str | None
    supervisor: str | None
    file_stage: FileStage | None
    anticipated_plea: Plea | None
    cps_area: str | None
    cms_hate_flag: bool
    cps_charging_decision: str | None
    protective_marking: ProtectiveMarking
    next_review_date: dt.date | None
    retention_review_date: dt.date | None
    victim_agreed_wishes_disclosed: bool
    voided_reason: str | None = None
    voided_at: dt.datetime | None = None
    voided_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class PersonRecord(Record):
    """A person in the case (the victim, with their contact safety, a suspect or a witness)."""

    TABLE: ClassVar[str] = "person"

    role: PersonRole
    name: str
    date_of_birth: dt.date | None
    gender: str | None
    address: str | None
    postcode: str | None
    phone: str | None
    email: str | None
    safe_times: str | None
    safe_channels: list[ContactChannel]
    no_voicemail: bool
    contact_notes: str | None
    interpreter_needed: bool
    language: str | None
    access_needs: str | None
    nominated_spokesperson: str | None
    self_described_characteristics: str | None
    victims_code_statuses: list[VictimsCodeStatus]
    previous_incidents: str | None
    previous_incidents_relied_on: bool
    orders_injunctions: str | None
    group_association: str | None
    group_association_relied_on: bool
    intelligence: str | None
    statement_ref: str | None
    statement_date: dt.date | None
    statement_summary: str | None


@dataclass(frozen=True, kw_only=True)
class EvidenceRecord(Record):
    """One item of hostility evidence, the words or conduct verbatim."""

    TABLE: ClassVar[str] = "hostility_evidence"

    strand: MonitoredStrand | None
    local_strand: LocalStrand | None
    limb: HostilityLimb
    timing: HostilityTiming
    words_or_conduct: str
    language: str | None
    translation: str | None
    source: EvidenceSource
    exhibit_ref: str | None
    witness_ref: str | None
    perceived_by: PerceivedBy | None
    aggravation_factors: list[AggravationFactor]
    disclosure_class: DisclosureClass
    relied_on: bool


@dataclass(frozen=True, kw_only=True)
class WishRecord(Record):
    """One dated entry of the victim's wishes, in their words."""

    TABLE: ClassVar[str] = "victim_wish"

    recorded_at: dt.datetime
    recorded_by: str
    victim_words: str
    confirmed_with_victim: bool
    wants_prosecution: YesNoUnsure | None
    out_of_court_views: str | None
    willing_to_give_evidence: YesNoUnsure | None
    special_measures: str | None
    vps_read_preference: VPSReadPreference | None
    contact_frequency: str | None
    contact_channel: ContactChannel | None
    share_with_hip: bool
    partner_consents: list[str]
    compensation_sought: bool


@dataclass(frozen=True, kw_only=True)
class AssessmentRecord(Record):
    """A needs assessment."""

    TABLE: ClassVar[str] = "needs_assessment"

    assessed_on: dt.date
    assessor: str
    areas: list[dict[str, str]]
    repeat_risk: NeedLevel | None
    protection_needs: str | None
    special_measures_indicated: bool
    reassessment_trigger: str | None


@dataclass(frozen=True, kw_only=True)
class PlanRecord(Record):
    """A support plan."""

    TABLE: ClassVar[str] = "support_plan"

    assessment_id: str | None
    rationale: str | None
    review_date: dt.date | None
    closure_reason: str | None


@dataclass(frozen=True, kw_only=True)
class ActionRecord(Record):
    """One action of a support plan."""

    TABLE: ClassVar[str] = "support_action"

    plan_id: str
    need_area: NeedArea
    action: str
    owner: str
    due_date: dt.date | None
    status: ActionStatus
    review_date: dt.date | None
    victim_agreed: bool
    order_key: str


@dataclass(frozen=True, kw_only=True)
class ReferralRecord(Record):
    """A referral to another agency."""

    TABLE: ClassVar[str] = "referral"

    agency: ReferralAgency
    agency_other: str | None
    referred_on: dt.date
    consent_obtained: bool
    consent_how: str | None
    enhanced_rights: bool
    outcome: ReferralOutcome
    contact_attempts: int
    notes: str | None


@dataclass(frozen=True, kw_only=True)
class ShareRecord(Record):
    """Information shared with a Hate Incident Partnership or a named partner."""

    TABLE: ClassVar[str] = "partnership_share"

    partner: str
    shared_on: dt.date
    purpose: str
    data_items: str | None
    lawful_basis: str | None
    victim_consent: YesNoUnsure | None
    no_consent_reason: str | None
    meeting_ref: str | None


@dataclass(frozen=True, kw_only=True)
class ContactRecord(Record):
    """One contact with (or attempt to reach) the victim."""

    TABLE: ClassVar[str] = "contact_log"

    occurred_at: dt.datetime
    channel: ContactChannel
    direction: ContactDirection
    with_whom: str | None
    summary: str
    recorded_by: str
    left_voicemail: bool = False
    safety_override_reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class CodeEventRecord(Record):
    """One event of the Victims' Code log."""

    TABLE: ClassVar[str] = "victims_code_event"

    right_number: int
    event: VictimsCodeEventKind
    event_date: dt.date
    victim_told_on: dt.date | None
    notes: str | None


@dataclass(frozen=True, kw_only=True)
class ChargeRecord(Record):
    """A charge and its outcome."""

    TABLE: ClassVar[str] = "charge"

    defendant_id: str | None
    offence: str
    statute_section: str | None
    legal_route: LegalRoute | None
    cda_underlying: CDAUnderlyingOffence | None
    hocr_code: str | None
    aggravated_form_available: bool
    aggravated_form_charged: bool
    offence_date: dt.date | None
    charged_on: dt.date | None
    plea: Plea | None
    plea_basis: str | None
    elements: list[dict[str, str]]
    outcome: ChargeOutcome
    outcome_date: dt.date | None
    sentence: str | None
    uplift_stated_in_court: bool


@dataclass(frozen=True, kw_only=True)
class ListingRecord(Record):
    """A court hearing."""

    TABLE: ClassVar[str] = "court_listing"

    court: str
    listed_for: dt.date
    time: str | None
    hearing_type: HearingType
    notes: str | None


@dataclass(frozen=True, kw_only=True)
class BailRecordRecord(Record):
    """A suspect's release or remand (MG7)."""

    TABLE: ClassVar[str] = "bail_record"

    person_id: str | None
    status: BailStatus
    proposed: bool
    conditions: str | None
    grounds: str | None
    from_date: dt.date | None
    until_date: dt.date | None


@dataclass(frozen=True, kw_only=True)
class ApplicationRecord(Record):
    """An application to the court (MG13)."""

    TABLE: ClassVar[str] = "court_application"

    person_id: str | None
    kind: ApplicationKind
    terms: str | None
    grounds: str | None
    victim_consulted: bool
    outcome: str | None


@dataclass(frozen=True, kw_only=True)
class InterviewRecord(Record):
    """A suspect's interview account (MG15)."""

    TABLE: ClassVar[str] = "interview_account"

    person_id: str | None
    interviewed_on: dt.date | None
    account: InterviewAccountKind
    summary: str | None
    hostility_response: str | None
    record_ref: str | None


@dataclass(frozen=True, kw_only=True)
class SignOffRecord(Record):
    """A certification of the court summary."""

    TABLE: ClassVar[str] = "summary_signoff"

    role: SignOffRole
    signed_by: str
    signed_at: dt.datetime
    document_version: int
    notes: str | None


@dataclass(frozen=True, kw_only=True)
class ConsentRecord(Record):
    """The victim's consent to disclose parts of their wishes."""

    TABLE: ClassVar[str] = "disclosure_consent"

    recorded_at: dt.datetime
    recorded_by: str
    given_by: str
    oic_agreed: bool
    wish_items: list[WishItem]
    notes: str | None


@dataclass(frozen=True, kw_only=True)
class AcknowledgementRecord(Record):
    """A pre-flight finding an officer acknowledged."""

    TABLE: ClassVar[str] = "preflight_acknowledgement"

    check: str
    finding: str
    acknowledged_by: str
    acknowledged_at: dt.datetime
    reason: str


@dataclass(frozen=True, kw_only=True)
class StatusClaimRecord(Record):
    """A Victims' Code status an officer added for the victim, with the reason."""

    TABLE: ClassVar[str] = "enhanced_status_claim"

    status: VictimsCodeStatus
    reason: str
    withdrawn: bool
    recorded_by: str
    recorded_at: dt.datetime


@dataclass(frozen=True, kw_only=True)
class DutyRecordRecord(Record):
    """What was done about one duty to the victim: when they were told, or why it was late."""

    TABLE: ClassVar[str] = "duty_record"

    duty_key: str
    victim_told_on: dt.date | None
    breach_reason: str | None
    notes: str | None
    recorded_by: str
    recorded_at: dt.datetime


@dataclass(frozen=True, kw_only=True)
class PlannedContactRecord(Record):
    """A contact with the victim an officer plans to make."""

    TABLE: ClassVar[str] = "planned_contact"

    planned_for: dt.datetime
    channel: ContactChannel
    purpose: str | None
    owner: str
    may_leave_voicemail: bool
    done: bool
    safety_override_reason: str | None


@dataclass(frozen=True, kw_only=True)
class StatementRecord(Record):
    """A Victim Personal Statement: offered, made, declined or updated."""

    TABLE: ClassVar[str] = "victim_personal_statement"

    status: VPSStatus
    taken_on: dt.date | None
    updated_before_sentence: bool
    read_preference: VPSReadPreference | None
    impacts: list[VPSImpact]
    notes: str | None


RECORD_TYPES: dict[str, type[Record]] = {
    cls.TABLE: cls
    for cls in (
        CaseRecord,
        PersonRecord,
        EvidenceRecord,
        WishRecord,
        AssessmentRecord,
        PlanRecord,
        ActionRecord,
        ReferralRecord,
        ShareRecord,
        ContactRecord,
        CodeEventRecord,
        ChargeRecord,
        ListingRecord,
        BailRecordRecord,
        ApplicationRecord,
        InterviewRecord,
        SignOffRecord,
        ConsentRecord,
        AcknowledgementRecord,
        StatusClaimRecord,
        DutyRecordRecord,
        PlannedContactRecord,
        StatementRecord,
    )
}


@dataclass(frozen=True)
class HistoryEntry:
    """One event of the case's audit trail, as the History tab lists it."""

    seq: int
    when: dt.datetime
    actor: str
    operation: AuditOperation
    reason: str | None
    recipient: str | None
    details: dict[str, Any] | None


@dataclass(frozen=True)
class CaseFileView:
    """Everything the case-file screen shows of one case, oldest record first (wishes by when
    they were recorded, contacts by when they happened, Victims' Code events by their date,
    actions in their plan's order); the history newest first."""

    case_id: str
    reference: str
    case: CaseRecord
    people: tuple[PersonRecord, ...]
    evidence: tuple[EvidenceRecord, ...]
    wishes: tuple[WishRecord, ...]
    assessments: tuple[AssessmentRecord, ...]
    plans: tuple[PlanRecord, ...]
    actions: tuple[ActionRecord, ...]
    referrals: tuple[ReferralRecord, ...]
    contacts: tuple[ContactRecord, ...]
    code_events: tuple[CodeEventRecord, ...]
    charges: tuple[ChargeRecord, ...]
    listings: tuple[ListingRecord, ...]
    bail: tuple[BailRecordRecord, ...]
    applications: tuple[ApplicationRecord, ...]
    interviews: tuple[InterviewRecord, ...]
    signoffs: tuple[SignOffRecord, ...]
    consents: tuple[ConsentRecord, ...]
    acknowledgements: tuple[AcknowledgementRecord, ...]
    history: tuple[HistoryEntry, ...]
    status_claims: tuple[StatusClaimRecord, ...] = ()
    duty_records: tuple[DutyRecordRecord, ...] = ()
    planned_contacts: tuple[PlannedContactRecord, ...] = ()
    statements: tuple[StatementRecord, ...] = ()
    shares: tuple[ShareRecord, ...] = ()

    def victim(self) -> PersonRecord | None:
        return next((p for p in self.people if p.role == PersonRole.VICTIM), None)

    @property
    def records(self) -> Mapping[str, tuple[Record, ...]]:
        """The records of each table (``"support_action"``: the actions), by table name."""
        return {
            "person": self.people,
            "hostility_evidence": self.evidence,
            "victim_wish": self.wishes,
            "needs_assessment": self.assessments,
            "support_plan": self.plans,
            "support_action": self.actions,
            "referral": self.referrals,
            "contact_log": self.contacts,
            "victims_code_event": self.code_events,
            "charge": self.charges,
            "court_listing": self.listings,
            "bail_record": self.bail,
            "court_application": self.applications,
            "interview_account": self.interviews,
            "summary_signoff": self.signoffs,
            "disclosure_consent": self.consents,
            "preflight_acknowledgement": self.acknowledgements,
            "enhanced_status_claim": self.status_claims,
            "duty_record": self.duty_records,
            "planned_contact": self.planned_contacts,
            "victim_personal_statement": self.statements,
            "partnership_share": self.shares,
        }

    def same_records(self, other: CaseFileView) -> bool:
        """Whether ``other`` holds the same case and records (its history aside)."""
        return (self.case, self.records) == (other.case, other.records)
