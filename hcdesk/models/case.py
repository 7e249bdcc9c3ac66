"""The case file and everything that hangs off it (DOMAIN.md (a) "Entities").

Fields the defence must not see carry ``disclosure=POLICE_CPS_ONLY``; the CPS summary puts them
in the police/CPS-only annex. Free-text fields that sync must never merge silently carry
``narrative=True``.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hcdesk.models.base import AppendOnly, Base, EnumList, JSONText, Versioned, field
from hcdesk.models.enums import (
    ActionStatus,
    AggravationFactor,
    ApplicationKind,
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

PRIVATE = DisclosureClass.POLICE_CPS_ONLY
# A column holding the id of one of the case's suspects (a person of the case), chosen by name.
SUSPECT_ID = {"person": PersonRole.SUSPECT}


def _case_fk() -> sa.ForeignKey:
    return sa.ForeignKey("case_file.id", ondelete="RESTRICT")


class CaseFile(Versioned, Base):
    __tablename__ = "case_file"

    # References. ``reference`` is what the case list shows: the URN once there is one,
    # otherwise a local reference made when the case is opened.
    local_ref: Mapped[str] = field(sa.String(32), unique=True, label="local reference")
    urn: Mapped[str | None] = field(sa.String(32), index=True, label="URN")
    crime_reference: Mapped[str | None] = field(sa.String(40), index=True, label="crime reference")
    force: Mapped[Force] = field(default=Force.WARWICKSHIRE, label="police force")
    team: Mapped[str] = field(sa.String(80), default="", label="team")
    status: Mapped[CaseStatus] = field(default=CaseStatus.OPEN, label="case status")
    record_type: Mapped[RecordType] = field(label="record type")
    monitored_strands: Mapped[list[MonitoredStrand]] = field(
        EnumList(MonitoredStrand), default=list, label="monitored strands"
    )
    local_strands: Mapped[list[LocalStrand]] = field(
        EnumList(LocalStrand), default=list, label="locally monitored strands"
    )
    perceived_by: Mapped[list[PerceivedBy]] = field(
        EnumList(PerceivedBy), default=list, label="hostility perceived by"
    )
    perception_date: Mapped[dt.date | None] = field(label="date hostility perceived")
    perception_note: Mapped[str | None] = field(narrative=True, label="how hostility was perceived")
    hocr_codes: Mapped[list[str]] = field(JSONText, default=list, label="HOCR codes")
    fcr_decision: Mapped[str | None] = field(label="Force Crime Registrar decision")
    incident_date: Mapped[dt.date | None] = field(label="incident date")
    incident_end_date: Mapped[dt.date | None] = field(label="incident end date (course of conduct)")
    incident_time: Mapped[str | None] = field(sa.String(5), label="incident time")
    reported_date: Mapped[dt.date | None] = field(label="date reported")
    place: Mapped[str | None] = field(label="place")
    place_type: Mapped[str | None] = field(sa.String(60), label="type of place")
    summary: Mapped[str | None] = field(narrative=True, label="summary of the incident")
    oic: Mapped[str | None] = field(sa.String(120), label="officer in the case")
    liaison_officer: Mapped[str | None] = field(sa.String(120), label="victim liaison officer")
    supervisor: Mapped[str | None] = field(sa.String(120), label="supervisor")
    file_stage: Mapped[FileStage | None] = field(label="file stage")
    anticipated_plea: Mapped[Plea | None] = field(label="anticipated plea")
    cps_area: Mapped[str | None] = field(sa.String(80), label="CPS area")
    cms_hate_flag: Mapped[bool] = field(default=False, label="CMS hate-crime flag applied")
    cps_charging_decision: Mapped[str | None] = field(narrative=True, label="CPS charging decision")
    protective_marking: Mapped[ProtectiveMarking] = field(
        default=ProtectiveMarking.OFFICIAL_SENSITIVE, label="protective marking"
    )
    next_review_date: Mapped[dt.date | None] = field(label="next review date")
    retention_review_date: Mapped[dt.date | None] = field(label="retention review date")
    victim_agreed_wishes_disclosed: Mapped[bool] = field(
        default=False, label="victim agreed their wishes may be disclosed"
    )
    # A case opened by mistake is voided, never deleted: it leaves the case list and every count
    # of work, and the reason, who and when travel with it (hcdesk.casework.cases.void_case).
    voided_reason: Mapped[str | None] = field(label="reason the case was voided")
    voided_at: Mapped[dt.datetime | None] = field(label="voided at")
    voided_by: Mapped[str | None] = field(sa.String(120), label="voided by")

    people: Mapped[list[Person]] = relationship(back_populates="case", order_by="Person.created_at")
    evidence: Mapped[list[HostilityEvidence]] = relationship(
        order_by="HostilityEvidence.created_at"
    )
    wishes: Mapped[list[VictimWish]] = relationship(order_by="VictimWish.recorded_at")
    assessments: Mapped[list[NeedsAssessment]] = relationship(
        order_by="NeedsAssessment.assessed_on"
    )
    plans: Mapped[list[SupportPlan]] = relationship(order_by="SupportPlan.created_at")
    actions: Mapped[list[SupportAction]] = relationship(order_by="SupportAction.order_key")
    referrals: Mapped[list[Referral]] = relationship(order_by="Referral.referred_on")
    contacts: Mapped[list[ContactLog]] = relationship(order_by="ContactLog.occurred_at")
    code_events: Mapped[list[VictimsCodeEvent]] = relationship(
        order_by="VictimsCodeEvent.event_date"
    )
    charges: Mapped[list[Charge]] = relationship(order_by="Charge.created_at")
    statements: Mapped[list[VictimPersonalStatement]] = relationship(
        order_by="VictimPersonalStatement.created_at"
    )
    impact_statements: Mapped[list[CommunityImpactStatement]] = relationship(
        order_by="CommunityImpactStatement.created_at"
    )
    shares: Mapped[list[PartnershipShare]] = relationship(order_by="PartnershipShare.shared_on")
    listings: Mapped[list[CourtListing]] = relationship(order_by="CourtListing.listed_for")
    bail_records: Mapped[list[BailRecord]] = relationship(order_by="BailRecord.created_at")
    applications: Mapped[list[CourtApplication]] = relationship(
        order_by="CourtApplication.created_at"
    )
    interviews: Mapped[list[InterviewAccount]] = relationship(
        order_by="InterviewAccount.created_at"
    )
    signoffs: Mapped[list[SummarySignOff]] = relationship(order_by="SummarySignOff.signed_at")
    consents: Mapped[list[DisclosureConsent]] = relationship(
        order_by="DisclosureConsent.recorded_at"
    )
    acknowledgements: Mapped[list[PreflightAcknowledgement]] = relationship(
        order_by="PreflightAcknowledgement.acknowledged_at"
    )
    status_claims: Mapped[list[EnhancedStatusClaim]] = relationship(
        order_by="EnhancedStatusClaim.recorded_at"
    )
    duty_records: Mapped[list[DutyRecord]] = relationship(order_by="DutyRecord.recorded_at")
    planned_contacts: Mapped[list[PlannedContact]] = relationship(
        order_by="PlannedContact.planned_for"
    )

    @property
    def reference(self) -> str:
        return self.urn or self.local_ref

    @property
    def case_id(self) -> str:
        return self.id

    @property
    def victim(self) -> Person | None:
        return next((p for p in self.people if p.role == PersonRole.VICTIM and not p.deleted), None)


class Person(Versioned, Base):
    """A victim, suspect or witness, with the victim's contact safety kept beside them."""

    __tablename__ = "person"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    role: Mapped[PersonRole] = field(label="role in the case")
    name: Mapped[str] = field(label="name")
    date_of_birth: Mapped[dt.date | None] = field(disclosure=PRIVATE, label="date of birth")
    gender: Mapped[str | None] = field(sa.String(40), label="gender")
    address: Mapped[str | None] = field(disclosure=PRIVATE, label="address")
    postcode: Mapped[str | None] = field(sa.String(10), disclosure=PRIVATE, label="postcode")
    phone: Mapped[str | None] = field(sa.String(40), disclosure=PRIVATE, label="phone number")
    email: Mapped[str | None] = field(sa.String(200), disclosure=PRIVATE, label="email address")
    # Contact safety (Victims' Code rights 1 and 6).
    safe_times: Mapped[str | None] = field(disclosure=PRIVATE, label="safe times to contact")
    safe_channels: Mapped[list[ContactChannel]] = field(
        EnumList(ContactChannel), default=list, disclosure=PRIVATE, label="safe channels"
    )
    no_voicemail: Mapped[bool] = field(default=False, disclosure=PRIVATE, label="no voicemail")
    contact_notes: Mapped[str | None] = field(
        narrative=True, disclosure=PRIVATE, label="contact safety notes"
    )
    interpreter_needed: Mapped[bool] = field(default=False, label="interpreter needed")
    language: Mapped[str | None] = field(sa.String(60), label="preferred language")
    access_needs: Mapped[str | None] = field(
        narrative=True, disclosure=PRIVATE, label="access or communication needs"
    )
    nominated_spokesperson: Mapped[str | None] = field(
        disclosure=PRIVATE, label="nominated family spokesperson or guardian"
    )
    self_described_characteristics: Mapped[str | None] = field(
        disclosure=PRIVATE, label="self-described characteristics"
    )
    victims_code_statuses: Mapped[list[VictimsCodeStatus]] = field(
        EnumList(VictimsCodeStatus), default=list, disclosure=PRIVATE, label="Victims' Code status"
    )
    # Suspect details. Previous incidents, group association and intelligence are unproven or
    # prejudicial: police/CPS only unless an officer marks them as evidence relied on.
    previous_incidents: Mapped[str | None] = field(
        narrative=True, disclosure=PRIVATE, label="previous incidents"
    )
    previous_incidents_relied_on: Mapped[bool] = field(
        default=False, label="previous incidents relied on as evidence"
    )
    orders_injunctions: Mapped[str | None] = field(label="orders or injunctions")
    group_association: Mapped[str | None] = field(
        narrative=True, disclosure=PRIVATE, label="group association"
    )
    group_association_relied_on: Mapped[bool] = field(
        default=False, label="group association relied on as evidence"
    )
    intelligence: Mapped[str | None] = field(
        narrative=True, disclosure=PRIVATE, label="intelligence (never disclosed)"
    )
    # Witness details.
    statement_ref: Mapped[str | None] = field(sa.String(40), label="statement reference")
    statement_date: Mapped[dt.date | None] = field(label="date of statement")
    statement_summary: Mapped[str | None] = field(
        narrative=True, label="what the statement says (summary)"
    )

    case: Mapped[CaseFile] = relationship(back_populates="people")


class HostilityEvidence(Versioned, Base):
    __tablename__ = "hostility_evidence"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    strand: Mapped[MonitoredStrand | None] = field(label="monitored strand")
    local_strand: Mapped[LocalStrand | None] = field(label="locally monitored strand")
    limb: Mapped[HostilityLimb] = field(label="limb (demonstrated or motivated)")
    timing: Mapped[HostilityTiming] = field(label="timing")
    words_or_conduct: Mapped[str] = field(narrative=True, label="words or conduct (verbatim)")
    language: Mapped[str | None] = field(sa.String(60), label="language")
    translation: Mapped[str | None] = field(narrative=True, label="translation")
    source: Mapped[EvidenceSource] = field(label="source of the evidence")
    exhibit_ref: Mapped[str | None] = field(sa.String(40), label="exhibit reference")
    witness_ref: Mapped[str | None] = field(sa.String(40), label="witness statement reference")
    perceived_by: Mapped[PerceivedBy | None] = field(label="perceived by")
    aggravation_factors: Mapped[list[AggravationFactor]] = field(
        EnumList(AggravationFactor), default=list, label="aggravation factors"
    )
    disclosure_class: Mapped[DisclosureClass] = field(
        default=DisclosureClass.DISCLOSABLE, label="who may see it"
    )
    relied_on: Mapped[bool] = field(default=False, label="relied on as evidence")


class VictimWish(AppendOnly, Base):
    """One dated entry of the victim's wishes, in the victim's words. Never edited."""

    __tablename__ = "victim_wish"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    recorded_at: Mapped[dt.datetime] = field(label="date and time recorded")
    recorded_by: Mapped[str] = field(sa.String(120), label="recorded by")
    victim_words: Mapped[str] = field(
        narrative=True, disclosure=PRIVATE, label="the victim's words"
    )
    confirmed_with_victim: Mapped[bool] = field(
        default=False, disclosure=PRIVATE, label="confirmed with the victim"
    )
    wants_prosecution: Mapped[YesNoUnsure | None] = field(
        disclosure=PRIVATE, label="wants a prosecution"
    )
    out_of_court_views: Mapped[str | None] = field(
        disclosure=PRIVATE, label="views on out-of-court disposal and restorative justice"
    )
    willing_to_give_evidence: Mapped[YesNoUnsure | None] = field(
        disclosure=PRIVATE, label="willing to give evidence"
    )
    special_measures: Mapped[str | None] = field(
        disclosure=PRIVATE, label="special measures wished for"
    )
    vps_read_preference: Mapped[VPSReadPreference | None] = field(
        disclosure=PRIVATE, label="how the personal statement is read"
    )
    contact_frequency: Mapped[str | None] = field(
        sa.String(80), disclosure=PRIVATE, label="how often to update"
    )
    contact_channel: Mapped[ContactChannel | None] = field(
        disclosure=PRIVATE, label="preferred contact method"
    )
    share_with_hip: Mapped[bool] = field(
        default=False, disclosure=PRIVATE, label="may share with the Hate Incident Partnership"
    )
    partner_consents: Mapped[list[str]] = field(
        JSONText, default=list, disclosure=PRIVATE, label="partners consented to"
    )
    compensation_sought: Mapped[bool] = field(
        default=False, disclosure=PRIVATE, label="compensation sought"
    )


class NeedsAssessment(Versioned, Base):
    __tablename__ = "needs_assessment"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    assessed_on: Mapped[dt.date] = field(label="date assessed")
    assessor: Mapped[str] = field(sa.String(120), label="assessor")
    areas: Mapped[list[dict[str, str]]] = field(
        JSONText, default=list, disclosure=PRIVATE, label="need areas"
    )
    repeat_risk: Mapped[NeedLevel | None] = field(
        disclosure=PRIVATE, label="risk of repeat victimisation"
    )
    protection_needs: Mapped[str | None] = field(
        narrative=True, disclosure=PRIVATE, label="protection needs"
    )
    special_measures_indicated: Mapped[bool] = field(
        default=False, label="special measures indicated"
    )
    reassessment_trigger: Mapped[str | None] = field(
        disclosure=PRIVATE, label="re-assessment trigger"
    )


class SupportPlan(Versioned, Base):
    __tablename__ = "support_plan"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    assessment_id: Mapped[str | None] = field(
        sa.String(36), sa.ForeignKey("needs_assessment.id"), label="needs assessment"
    )
    rationale: Mapped[str | None] = field(
        narrative=True, disclosure=PRIVATE, label="plan rationale"
    )
    review_date: Mapped[dt.date | None] = field(label="review date")
    closure_reason: Mapped[str | None] = field(disclosure=PRIVATE, label="closure reason")

    assessment: Mapped[NeedsAssessment | None] = relationship()


class SupportAction(Versioned, Base):
    __tablename__ = "support_action"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    plan_id: Mapped[str] = field(
        sa.String(36), sa.ForeignKey("support_plan.id"), label="support plan"
    )
    need_area: Mapped[NeedArea] = field(label="need area")
    action: Mapped[str] = field(narrative=True, disclosure=PRIVATE, label="action")
    owner: Mapped[str] = field(sa.String(120), label="owner")
    due_date: Mapped[dt.date | None] = field(label="due date")
    status: Mapped[ActionStatus] = field(default=ActionStatus.OPEN, label="status")
    review_date: Mapped[dt.date | None] = field(label="review date")
    victim_agreed: Mapped[bool] = field(default=False, label="victim agreed")
    order_key: Mapped[str] = field(sa.String(40), default="m", label="position in the plan")

    plan: Mapped[SupportPlan] = relationship()


class Referral(Versioned, Base):
    __tablename__ = "referral"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    agency: Mapped[ReferralAgency] = field(disclosure=PRIVATE, label="agency")
    agency_other: Mapped[str | None] = field(disclosure=PRIVATE, label="name of the other agency")
    referred_on: Mapped[dt.date] = field(disclosure=PRIVATE, label="date referred")
    consent_obtained: Mapped[bool] = field(
        default=False, disclosure=PRIVATE, label="victim consented to the referral"
    )
    consent_how: Mapped[str | None] = field(disclosure=PRIVATE, label="how consent was given")
    enhanced_rights: Mapped[bool] = field(
        default=False, disclosure=PRIVATE, label="victim has enhanced rights"
    )
    outcome: Mapped[ReferralOutcome] = field(
        default=ReferralOutcome.PENDING, disclosure=PRIVATE, label="outcome"
    )
    contact_attempts: Mapped[int] = field(
        default=0, minimum=0, maximum=10_000, disclosure=PRIVATE, label="contact attempts"
    )
    notes: Mapped[str | None] = field(narrative=True, disclosure=PRIVATE, label="notes")


class ContactLog(AppendOnly, Base):
    """One contact with (or attempt to reach) the victim. Append-only."""

    __tablename__ = "contact_log"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    occurred_at: Mapped[dt.datetime] = field(label="date and time")
    channel: Mapped[ContactChannel] = field(disclosure=PRIVATE, label="contact method")
    direction: Mapped[ContactDirection] = field(disclosure=PRIVATE, label="direction")
    with_whom: Mapped[str | None] = field(disclosure=PRIVATE, label="with whom")
    summary: Mapped[str] = field(narrative=True, disclosure=PRIVATE, label="summary")
    recorded_by: Mapped[str] = field(sa.String(120), label="recorded by")
    left_voicemail: Mapped[bool] = field(
        default=False, disclosure=PRIVATE, label="left a voicemail"
    )
    # Why the officer went ahead although the contact is by a channel, at a time or by a
    # voicemail the victim asked to avoid (hcdesk.casework.contact_safety).
    safety_override_reason: Mapped[str | None] = field(
        narrative=True,
        disclosure=PRIVATE,
        label="reason for contacting against the victim's wishes",
    )


class PlannedContact(Versioned, Base):
    """A contact with the victim the officer means to make: when, how and why."""

    __tablename__ = "planned_contact"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    planned_for: Mapped[dt.datetime] = field(label="planned for")
    channel: Mapped[ContactChannel] = field(disclosure=PRIVATE, label="contact method")
    purpose: Mapped[str | None] = field(narrative=True, disclosure=PRIVATE, label="purpose")
    owner: Mapped[str] = field(sa.String(120), label="who will make it")
    may_leave_voicemail: Mapped[bool] = field(
        default=False, disclosure=PRIVATE, label="may leave a voicemail"
    )
    done: Mapped[bool] = field(default=False, label="contact made")
    safety_override_reason: Mapped[str | None] = field(
        narrative=True,
        disclosure=PRIVATE,
        label="reason for contacting against the victim's wishes",
    )


class VictimsCodeEvent(AppendOnly, Base):
    """Victims' Code compliance log: an event and when the victim was told of it."""

    __tablename__ = "victims_code_event"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    right_number: Mapped[int] = field(
        minimum=1, maximum=12, disclosure=PRIVATE, label="Victims' Code right"
    )
    event: Mapped[VictimsCodeEventKind] = field(disclosure=PRIVATE, label="event")
    event_date: Mapped[dt.date] = field(disclosure=PRIVATE, label="event date")
    victim_told_on: Mapped[dt.date | None] = field(
        disclosure=PRIVATE, label="date the victim was told"
    )
    notes: Mapped[str | None] = field(narrative=True, disclosure=PRIVATE, label="notes")


class Charge(Versioned, Base):
    __tablename__ = "charge"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    defendant_id: Mapped[str | None] = field(sa.String(36), label="defendant", info=SUSPECT_ID)
    offence: Mapped[str] = field(label="offence")
    statute_section: Mapped[str | None] = field(sa.String(120), label="statute and section")
    legal_route: Mapped[LegalRoute | None] = field(label="legal route")
    cda_underlying: Mapped[CDAUnderlyingOffence | None] = field(label="basic offence")
    hocr_code: Mapped[str | None] = field(sa.String(10), label="HOCR code")
    aggravated_form_available: Mapped[bool] = field(default=False, label="aggravated form exists")
    aggravated_form_charged: Mapped[bool] = field(default=False, label="aggravated form charged")
    offence_date: Mapped[dt.date | None] = field(label="offence date")
    charged_on: Mapped[dt.date | None] = field(label="date charged")
    plea: Mapped[Plea | None] = field(label="plea entered")
    plea_basis: Mapped[str | None] = field(narrative=True, label="basis of plea")
    elements: Mapped[list[dict[str, str]]] = field(
        JSONText, default=list, label="elements of the offence, with their evidence"
    )
    outcome: Mapped[ChargeOutcome] = field(default=ChargeOutcome.PENDING, label="outcome")
    outcome_date: Mapped[dt.date | None] = field(label="outcome date")
    sentence: Mapped[str | None] = field(label="sentence")
    uplift_stated_in_court: Mapped[bool] = field(default=False, label="uplift stated in open court")


class VictimPersonalStatement(Versioned, Base):
    __tablename__ = "victim_personal_statement"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    status: Mapped[VPSStatus] = field(default=VPSStatus.NOT_YET_OFFERED, label="VPS status")
    taken_on: Mapped[dt.date | None] = field(label="date taken")
    updated_before_sentence: Mapped[bool] = field(default=False, label="updated before sentence")
    read_preference: Mapped[VPSReadPreference | None] = field(label="how it is read")
    impacts: Mapped[list[VPSImpact]] = field(
        EnumList(VPSImpact), default=list, label="impact headings"
    )
    notes: Mapped[str | None] = field(narrative=True, label="notes")


class CommunityImpactStatement(Versioned, Base):
    __tablename__ = "community_impact_statement"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    cis_type: Mapped[CISType] = field(label="type of statement")
    author: Mapped[str] = field(sa.String(120), label="author")
    community: Mapped[str] = field(label="community affected")
    period: Mapped[str | None] = field(sa.String(120), label="period covered")
    served_on_all_parties: Mapped[bool] = field(default=False, label="served on all parties")
    summary: Mapped[str | None] = field(narrative=True, label="summary")


class PartnershipShare(Versioned, Base):
    """Information shared with a Hate Incident Partnership or a named partner."""

    __tablename__ = "partnership_share"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    partner: Mapped[str] = field(disclosure=PRIVATE, label="partner")
    shared_on: Mapped[dt.date] = field(disclosure=PRIVATE, label="date shared")
    purpose: Mapped[str] = field(disclosure=PRIVATE, label="purpose")
    data_items: Mapped[str | None] = field(disclosure=PRIVATE, label="data items shared")
    lawful_basis: Mapped[str | None] = field(disclosure=PRIVATE, label="lawful basis")
    victim_consent: Mapped[YesNoUnsure | None] = field(disclosure=PRIVATE, label="victim consent")
    no_consent_reason: Mapped[str | None] = field(
        disclosure=PRIVATE, label="reason for sharing without consent"
    )
    meeting_ref: Mapped[str | None] = field(
        sa.String(60), disclosure=PRIVATE, label="meeting reference"
    )


class CourtListing(Versioned, Base):
    """A hearing: which court, when, and what for."""

    __tablename__ = "court_listing"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    court: Mapped[str] = field(sa.String(120), label="court")
    listed_for: Mapped[dt.date] = field(label="hearing date")
    time: Mapped[str | None] = field(sa.String(5), label="time")
    hearing_type: Mapped[HearingType] = field(label="type of hearing")
    notes: Mapped[str | None] = field(narrative=True, label="notes")


class BailRecord(Versioned, Base):
    """A suspect's release or remand, with its conditions and grounds (MG7)."""

    __tablename__ = "bail_record"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    person_id: Mapped[str | None] = field(
        sa.String(36), label="defendant or suspect", info=SUSPECT_ID
    )
    status: Mapped[BailStatus] = field(label="bail or remand")
    proposed: Mapped[bool] = field(default=False, label="proposed to the court, not yet decided")
    conditions: Mapped[str | None] = field(narrative=True, label="conditions")
    grounds: Mapped[str | None] = field(
        narrative=True, label="grounds for the conditions or for remand"
    )
    from_date: Mapped[dt.date | None] = field(label="start date")
    until_date: Mapped[dt.date | None] = field(label="end or next review date")


class CourtApplication(Versioned, Base):
    """An application to the court on conviction or acquittal (MG13)."""

    __tablename__ = "court_application"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    person_id: Mapped[str | None] = field(sa.String(36), label="defendant", info=SUSPECT_ID)
    kind: Mapped[ApplicationKind] = field(label="order applied for")
    terms: Mapped[str | None] = field(narrative=True, label="terms sought")
    grounds: Mapped[str | None] = field(narrative=True, label="grounds")
    victim_consulted: Mapped[bool] = field(default=False, label="victim's views taken")
    outcome: Mapped[str | None] = field(label="outcome")


class InterviewAccount(Versioned, Base):
    """What a suspect said in interview (MG15), summarised."""

    __tablename__ = "interview_account"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    person_id: Mapped[str | None] = field(sa.String(36), label="suspect", info=SUSPECT_ID)
    interviewed_on: Mapped[dt.date | None] = field(label="date of interview")
    account: Mapped[InterviewAccountKind] = field(label="account given")
    summary: Mapped[str | None] = field(narrative=True, label="summary of the interview")
    hostility_response: Mapped[str | None] = field(
        narrative=True, label="response to the alleged hostility"
    )
    record_ref: Mapped[str | None] = field(sa.String(40), label="MG15 reference")


class SummarySignOff(AppendOnly, Base):
    """A certification of the court summary: who, as what, when, for which version."""

    __tablename__ = "summary_signoff"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    role: Mapped[SignOffRole] = field(label="signing role")
    signed_by: Mapped[str] = field(sa.String(120), label="signed by")
    signed_at: Mapped[dt.datetime] = field(label="signed at")
    document_version: Mapped[int] = field(
        minimum=1, maximum=1_000_000, label="summary version certified"
    )
    notes: Mapped[str | None] = field(narrative=True, label="notes")


class DisclosureConsent(AppendOnly, Base):
    """The victim's consent to disclose parts of their wishes: who recorded it, when, which
    items. A later entry replaces an earlier one; an entry with no items withdraws consent."""

    __tablename__ = "disclosure_consent"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    recorded_at: Mapped[dt.datetime] = field(label="date and time recorded")
    recorded_by: Mapped[str] = field(sa.String(120), label="recorded by")
    given_by: Mapped[str] = field(
        sa.String(120), disclosure=PRIVATE, label="consent given by (the victim, or who for them)"
    )
    oic_agreed: Mapped[bool] = field(
        default=False, disclosure=PRIVATE, label="officer in the case agreed"
    )
    wish_items: Mapped[list[WishItem]] = field(
        EnumList(WishItem), default=list, disclosure=PRIVATE, label="what may be disclosed"
    )
    notes: Mapped[str | None] = field(narrative=True, disclosure=PRIVATE, label="notes")


class PreflightAcknowledgement(AppendOnly, Base):
    """An officer's acknowledgement of a pre-flight finding before a summary export."""

    __tablename__ = "preflight_acknowledgement"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    check: Mapped[str] = field(sa.String(60), label="pre-flight check")
    finding: Mapped[str] = field(narrative=True, disclosure=PRIVATE, label="finding")
    acknowledged_by: Mapped[str] = field(sa.String(120), label="acknowledged by")
    acknowledged_at: Mapped[dt.datetime] = field(label="acknowledged at")
    reason: Mapped[str] = field(narrative=True, disclosure=PRIVATE, label="reason")


class EnhancedStatusClaim(AppendOnly, Base):
    """A Victims' Code status an officer added for the victim, with the reason (the statuses the
    law gives, such as a hate crime's, are derived: hcdesk.casework.duties). Append-only: a
    status is withdrawn by a later entry with ``withdrawn`` set."""

    __tablename__ = "enhanced_status_claim"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    status: Mapped[VictimsCodeStatus] = field(disclosure=PRIVATE, label="Victims' Code status")
    reason: Mapped[str] = field(narrative=True, disclosure=PRIVATE, label="reason")
    withdrawn: Mapped[bool] = field(default=False, disclosure=PRIVATE, label="withdrawn")
    recorded_by: Mapped[str] = field(sa.String(120), label="recorded by")
    recorded_at: Mapped[dt.datetime] = field(label="date and time recorded")


class DutyRecord(AppendOnly, Base):
    """What was done about one duty to the victim (hcdesk.casework.duties names each duty by its
    key): the day the victim was told, or why the deadline was missed. Append-only: the latest
    entry for a duty stands."""

    __tablename__ = "duty_record"

    case_id: Mapped[str] = mapped_column(sa.String(36), _case_fk(), index=True)
    duty_key: Mapped[str] = field(sa.String(80), label="duty")
    victim_told_on: Mapped[dt.date | None] = field(
        disclosure=PRIVATE, label="date the victim was told"
    )
    breach_reason: Mapped[str | None] = field(
        narrative=True, disclosure=PRIVATE, label="why the deadline was missed"
    )
    notes: Mapped[str | None] = field(narrative=True, disclosure=PRIVATE, label="notes")
    recorded_by: Mapped[str] = field(sa.String(120), label="recorded by")
    recorded_at: Mapped[dt.datetime] = field(label="date and time recorded")


CHILD_MODELS: tuple[type[Base], ...] = (
    Person,
    HostilityEvidence,
    VictimWish,
    NeedsAssessment,
    SupportPlan,
    SupportAction,
    Referral,
    ContactLog,
    VictimsCodeEvent,
    Charge,
    VictimPersonalStatement,
    CommunityImpactStatement,
    PartnershipShare,
    CourtListing,
    BailRecord,
    CourtApplication,
    InterviewAccount,
    SummarySignOff,
    DisclosureConsent,
    PreflightAcknowledgement,
    EnhancedStatusClaim,
    DutyRecord,
    PlannedContact,
)
SYNCED_MODELS: tuple[type[Base], ...] = (CaseFile, *CHILD_MODELS)
