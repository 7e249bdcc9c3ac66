"""Domain model: typed SQLAlchemy 2 classes and enums. No Qt, no I/O of its own."""

from hcdesk.models.audit import AuditEvent
from hcdesk.models.base import Base, uuid7
from hcdesk.models.case import (
    CHILD_MODELS,
    SYNCED_MODELS,
    CaseFile,
    Charge,
    CommunityImpactStatement,
    ContactLog,
    HostilityEvidence,
    NeedsAssessment,
    PartnershipShare,
    Person,
    Referral,
    SupportAction,
    SupportPlan,
    VictimPersonalStatement,
    VictimsCodeEvent,
    VictimWish,
)
from hcdesk.models.sync import Conflict, Outbox, Quarantine, SyncState

__all__ = [
    "CHILD_MODELS",
    "SYNCED_MODELS",
    "AuditEvent",
    "Base",
    "CaseFile",
    "Charge",
    "CommunityImpactStatement",
    "Conflict",
    "ContactLog",
    "HostilityEvidence",
    "NeedsAssessment",
    "Outbox",
    "PartnershipShare",
    "Person",
    "Quarantine",
    "Referral",
    "SupportAction",
    "SupportPlan",
    "SyncState",
    "VictimPersonalStatement",
    "VictimWish",
    "VictimsCodeEvent",
    "uuid7",
]
