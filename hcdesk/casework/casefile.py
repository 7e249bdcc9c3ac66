"""Loading a whole case for the case-file screen, and saving what the officer changed in one
transaction. Records never travel as live ORM objects: the screen gets typed records
(:mod:`hcdesk.casework.records`, through :func:`read_case_file`); :func:`load_case` gives the
same case as plain dicts of Python values, for code that reads every column by name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.casework import legal
from hcdesk.casework.records import (
    AcknowledgementRecord,
    ActionRecord,
    ApplicationRecord,
    AssessmentRecord,
    BailRecordRecord,
    CaseFileView,
    CaseRecord,
    ChargeRecord,
    CodeEventRecord,
    ConsentRecord,
    ContactRecord,
    DutyRecordRecord,
    EvidenceRecord,
    HistoryEntry,
    InterviewRecord,
    ListingRecord,
    PersonRecord,
    PlannedContactRecord,
    PlanRecord,
    Record,
    ReferralRecord,
    SignOffRecord,
    StatusClaimRecord,
    WishRecord,
)
from hcdesk.errors import HcdeskError, NotFound
from hcdesk.models.audit import AuditEvent
from hcdesk.models.base import AppendOnly, Base, domain_columns
from hcdesk.models.case import SYNCED_MODELS, CaseFile, Charge, Person, SupportPlan
from hcdesk.models.enums import AuditOperation, PersonRole
from hcdesk.models.sync import SyncState
from hcdesk.models.values import BadValue, check_value
from hcdesk.store import audit

MODELS: dict[str, type[Base]] = {m.__tablename__: m for m in SYNCED_MODELS}
ORDER: dict[str, str] = {
    "victim_wish": "recorded_at",
    "contact_log": "occurred_at",
    "victims_code_event": "event_date",
    "support_action": "order_key",
    "court_listing": "listed_for",
    "summary_signoff": "signed_at",
    "disclosure_consent": "recorded_at",
    "preflight_acknowledgement": "acknowledged_at",
    "enhanced_status_claim": "recorded_at",
    "duty_record": "recorded_at",
    "planned_contact": "planned_for",
}


def record_dict(obj: Any) -> dict[str, Any]:
    out = {c.key: getattr(obj, c.key) for c in domain_columns(type(obj))}
    out["id"] = obj.id
    out["created_at"] = obj.created_at
    out["created_by"] = obj.created_by
    return out


@dataclass
class CaseSnapshot:
    case_id: str
    reference: str
    case: dict[str, Any]
    records: dict[str, list[dict[str, Any]]]
    history: list[dict[str, Any]]

    def victim(self) -> dict[str, Any] | None:
        return next((p for p in self.records["person"] if str(p["role"]) == "VICTIM"), None)


def load_case(
    session: Session, case_id: str, *, audit_reason: str | None = None, consult: bool = True
) -> CaseSnapshot:
    """Everything on the case-file screen, recorded as a consultation in the audit trail
    (``consult=False`` when re-reading a case just saved, which the save already logged)."""
    case = session.get(CaseFile, case_id)
    if case is None or case.deleted:
        raise NotFound("That case is no longer in this store.")
    records: dict[str, list[dict[str, Any]]] = {}
    for name, model in MODELS.items():
        if model is CaseFile:
            continue
        stmt = sa.select(model).where(model.case_id == case_id)  # type: ignore[attr-defined]
        if hasattr(model, "deleted"):
            stmt = stmt.where(model.deleted.is_(False))
        order = ORDER.get(name)
        stmt = stmt.order_by(getattr(model, order or "created_at"))
        records[name] = [record_dict(r) for r in session.scalars(stmt)]
    if consult:
        audit.record(
            session,
            AuditOperation.CONSULTATION,
            case_id=case_id,
            entity="case_file",
            record_id=case_id,
            reason=audit_reason,
        )
    session.flush()
    history = [
        {
            "seq": e.seq,
            "when": e.occurred_at,
            "actor": e.actor,
            "operation": str(e.operation),
            "reason": e.reason,
            "recipient": e.recipient,
            "details": e.details,
        }
        for e in session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.case_id == case_id)
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.seq.desc())
        )
    ]
    return CaseSnapshot(case_id, case.reference, record_dict(case), records, history)


def read_case_file(
    session: Session, case_id: str, *, audit_reason: str | None = None, consult: bool = True
) -> CaseFileView:
    """The case-file screen's :func:`load_case`: the same case, as typed records."""
    return case_file_view(load_case(session, case_id, audit_reason=audit_reason, consult=consult))


def case_file_view(snap: CaseSnapshot) -> CaseFileView:
    """The typed records of a case read by :func:`load_case`."""
    records = snap.records
    return CaseFileView(
        case_id=snap.case_id,
        reference=snap.reference,
        case=CaseRecord(**snap.case),
        people=_typed(PersonRecord, records["person"]),
        evidence=_typed(EvidenceRecord, records["hostility_evidence"]),
        wishes=_typed(WishRecord, records["victim_wish"]),
        assessments=_typed(AssessmentRecord, records["needs_assessment"]),
        plans=_typed(PlanRecord, records["support_plan"]),
        actions=_typed(ActionRecord, records["support_action"]),
        referrals=_typed(ReferralRecord, records["referral"]),
        contacts=_typed(ContactRecord, records["contact_log"]),
        code_events=_typed(CodeEventRecord, records["victims_code_event"]),
        charges=_typed(ChargeRecord, records["charge"]),
        listings=_typed(ListingRecord, records["court_listing"]),
        bail=_typed(BailRecordRecord, records["bail_record"]),
        applications=_typed(ApplicationRecord, records["court_application"]),
        interviews=_typed(InterviewRecord, records["interview_account"]),
        signoffs=_typed(SignOffRecord, records["summary_signoff"]),
        consents=_typed(ConsentRecord, records["disclosure_consent"]),
        acknowledgements=_typed(AcknowledgementRecord, records["preflight_acknowledgement"]),
        status_claims=_typed(StatusClaimRecord, records["enhanced_status_claim"]),
        duty_records=_typed(DutyRecordRecord, records["duty_record"]),
        planned_contacts=_typed(PlannedContactRecord, records["planned_contact"]),
        history=tuple(
            HistoryEntry(**{**event, "operation": AuditOperation(event["operation"])})
            for event in snap.history
        ),
    )


R = TypeVar("R", bound=Record)


def _typed(cls: type[R], rows: list[dict[str, Any]]) -> tuple[R, ...]:
    return tuple(cls(**row) for row in rows)


# The case last open in the case file, to open again after the next unlock. A local fact of
# this device (sync_state rows never travel to the central store), encrypted with the rest of
# the store: a case id must not sit in a plain settings file.
LAST_CASE_KEY = "ui.last_case"


def remember_open_case(session: Session, case_id: str | None) -> None:
    """Note (None: forget) the case open in the case file, in the caller's transaction."""
    with session.no_autoflush:
        row = session.get(SyncState, LAST_CASE_KEY)
    if case_id is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(SyncState(key=LAST_CASE_KEY, value=case_id))
    else:
        row.value = case_id


def last_open_case(session: Session) -> str | None:
    """The case to open again after unlocking, if it is still in this store."""
    row = session.get(SyncState, LAST_CASE_KEY)
    if row is None:
        return None
    case = session.get(CaseFile, row.value)
    return None if case is None or case.deleted else case.id


@dataclass
class Changes:
    """What the officer changed on the case-file screen, to be saved together."""

    case: dict[str, Any] = field(default_factory=dict)
    updates: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    new: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    deletes: list[tuple[str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.case or self.updates or self.new or self.deletes)


class StaleEdit(HcdeskError):
    default_message = "That record cannot be changed that way; nothing was saved."


class BadField(HcdeskError):
    """A value beyond its field's limits (hcdesk.models.limits) reached the save."""

    default_message = "A value is longer or larger than its field allows; nothing was saved."


class PersonNotInCase(StaleEdit):
    """A field naming a person (a charge's defendant) names someone who is not, or no longer,
    a person of that kind in the case."""

    default_message = (
        "The person chosen is no longer in this case; choose again. Nothing was saved."
    )


def resolve_people(
    session: Session,
    case_id: str,
    model: type[Base],
    values: dict[str, Any],
    created: dict[str, str],
    gone: set[str],
) -> None:
    """The person fields of ``values`` (columns with ``info["person"]``, a role) made to name
    a person's id: one added by the same save is named by its temporary key until then. Each
    must name a live person of this case with that role, not one this save deletes
    (``gone``)."""
    for col in domain_columns(model):
        role = col.info.get("person")
        if role is None or not values.get(col.key):
            continue
        ref = created.get(str(values[col.key]), str(values[col.key]))
        person = session.get(Person, ref)
        if (
            person is None
            or person.case_id != case_id
            or person.deleted
            or ref in gone
            or person.role != role
        ):
            label = str(col.info.get("label") or col.key)
            raise PersonNotInCase(
                f"The {label} chosen is not a {str(role).lower()} in this case (any more); "
                "choose again. Nothing was saved."
            )
        values[col.key] = ref


def check_limits(model: type[Base], values: dict[str, Any]) -> None:
    """Refuse a value the store must not hold: one its own importer would refuse on export.

    The forms check most fields as they are typed (:mod:`hcdesk.casework.fields`); this is the
    last gate for every saved value, lists and need areas included.
    """
    for col in domain_columns(model):
        if col.key in values:
            try:
                check_value(col, values[col.key])
            except BadValue as exc:
                label = str(col.info.get("label") or col.key.replace("_", " "))
                raise BadField(
                    f"{label[:1].upper()}{label[1:]} {exc}; nothing was saved."
                ) from None


def record_victim(
    changes: Changes,
    victim_id: str | None,
    edited: dict[str, Any],
    entered: dict[str, Any],
) -> None:
    """The victim form's part of a save. On a case with a victim, the fields that were
    ``edited`` change that person; on a case with none yet, a person whose name was entered is
    added, as the victim, with everything ``entered`` on the form."""
    if victim_id:
        if edited:
            changes.updates.append(("person", victim_id, dict(edited)))
    elif edited.get("name"):
        changes.new.append(("person", {**entered, "role": PersonRole.VICTIM}))


_NEW_PLAN_KEY = "save:support-plan"


def plan_new_actions(
    session: Session,
    case_id: str,
    new: list[tuple[str, dict[str, Any]]],
    deletes: list[tuple[str, str]],
) -> list[tuple[str, dict[str, Any]]]:
    """``new`` with every new support action in a support plan. An action that names no plan
    joins the case's first plan (leaving out plans this save deletes), or else the first plan
    this save adds; on a case with no plan at all, the save creates one for it."""
    new = [(table, dict(values)) for table, values in new]
    unplanned = [v for t, v in new if t == "support_action" and not v.get("plan_id")]
    if not unplanned:
        return new
    gone = [rid for table, rid in deletes if table == "support_plan"]
    plan: str | None = session.scalars(
        sa.select(SupportPlan.id)
        .where(
            SupportPlan.case_id == case_id,
            SupportPlan.deleted.is_(False),
            SupportPlan.id.not_in(gone),
        )
        .order_by(SupportPlan.created_at)
        .limit(1)
    ).first()
    if plan is None:
        added = next((v for t, v in new if t == "support_plan"), None)
        if added is not None:
            plan = str(added.setdefault("_key", _NEW_PLAN_KEY))
        else:
            plan = _NEW_PLAN_KEY
            new.insert(0, ("support_plan", {"_key": plan}))
    for values in unplanned:
        values["plan_id"] = plan
    return new


def save_changes(session: Session, case_id: str, changes: Changes) -> dict[str, str]:
    """Apply everything or nothing (the caller's transaction). Returns ids of new records by
    the temporary keys the caller gave them (``_key`` in the values). New records are added in
    the order given: one that names another's temporary key comes after it."""
    case = session.get(CaseFile, case_id)
    if case is None or case.deleted:
        raise NotFound("That case is no longer in this store; nothing was saved.")
    check_limits(CaseFile, changes.case)
    routes_before = _route_problems(session, case_id) if _touches_routes(changes) else None
    for table, values in changes.new:
        check_limits(MODELS[table], values)
    for table, _rid, values in changes.updates:
        check_limits(MODELS[table], values)
    for key, value in changes.case.items():
        _set(case, key, value)
    created: dict[str, str] = {}
    gone_people = {rid for table, rid in changes.deletes if table == "person"}
    for table, values in plan_new_actions(session, case_id, changes.new, changes.deletes):
        model = MODELS[table]
        temp = values.pop("_key", None)
        if "plan_id" in values and values["plan_id"] in created:
            values["plan_id"] = created[values["plan_id"]]
        if "assessment_id" in values and values.get("assessment_id") in created:
            values["assessment_id"] = created[values["assessment_id"]]
        resolve_people(session, case_id, model, values, created, gone_people)
        # Who recorded a log entry, and when, are stamped here, not typed on the form.
        columns = model.__table__.columns
        if "recorded_by" in columns and not values.get("recorded_by"):
            values["recorded_by"] = session.info.get("actor") or ""
        if "recorded_at" in columns and not values.get("recorded_at"):
            values["recorded_at"] = dt.datetime.now(dt.UTC)
        new_obj: Any = model(case_id=case_id, **_domain_only(model, values))
        session.add(new_obj)
        session.flush()
        if temp:
            created[str(temp)] = new_obj.id
    for table, rid, values in changes.updates:
        model = MODELS[table]
        if issubclass(model, AppendOnly):
            raise StaleEdit("Entries in this log cannot be changed; add a new entry instead.")
        obj: Any = session.get(model, rid)
        if obj is None or obj.case_id != case_id:
            raise NotFound("A record being edited is no longer in this case; nothing was saved.")
        values = dict(values)
        resolve_people(session, case_id, model, values, created, gone_people)
        for key, value in _domain_only(model, values).items():
            _set(obj, key, value)
    for table, rid in changes.deletes:
        model = MODELS[table]
        gone: Any = session.get(model, rid)
        if gone is None or not hasattr(gone, "deleted"):
            raise StaleEdit("That record cannot be deleted.")
        gone.deleted = True
    case.updated_at = dt.datetime.now(dt.UTC)
    session.flush()
    if routes_before is not None:
        legal.refuse_new_problems(routes_before, _route_problems(session, case_id))
    return created


_ROUTE_TABLES = {"charge", "person"}
_ROUTE_CASE_FIELDS = {"record_type", "monitored_strands", "local_strands"}


def _touches_routes(changes: Changes) -> bool:
    return (
        bool(_ROUTE_CASE_FIELDS & changes.case.keys())
        or any(t in _ROUTE_TABLES for t, _ in changes.new)
        or any(t in _ROUTE_TABLES for t, _, _ in changes.updates)
        or any(t in _ROUTE_TABLES for t, _ in changes.deletes)
    )


def _route_problems(session: Session, case_id: str) -> list[legal.RouteProblem]:
    """The case's legal-route contradictions as the store holds it now (legal.route_problems)."""
    case = session.get(CaseFile, case_id)
    assert case is not None
    charges = session.scalars(
        sa.select(Charge).where(Charge.case_id == case_id, Charge.deleted.is_(False))
    )
    people = session.scalars(
        sa.select(Person).where(Person.case_id == case_id, Person.deleted.is_(False))
    )
    return legal.route_problems(
        record_dict(case), [record_dict(c) for c in charges], [record_dict(p) for p in people]
    )


@dataclass(frozen=True)
class SaveResult:
    """What a save did: the ids of the new records (by their temporary keys), and the case as
    it now stands, to show again."""

    created: dict[str, str]
    case: CaseFileView


def save_case(session: Session, case_id: str, changes: Changes) -> SaveResult:
    """The case file's Save: every change checked and written together, in the caller's
    transaction (nothing is written if one of them is refused), then the case read again. The
    save is in the audit trail already, so the reading is not logged as a consultation."""
    created = save_changes(session, case_id, changes)
    return SaveResult(created, read_case_file(session, case_id, consult=False))


def _domain_only(model: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    keys = {c.key for c in domain_columns(model)}
    return {k: v for k, v in values.items() if k in keys}


def _set(obj: Any, key: str, value: Any) -> None:
    if getattr(obj, key) != value:
        setattr(obj, key, value)


def reveal(session: Session, case_id: str, fields: list[str], reason: str | None = None) -> None:
    """Record that sensitive victim details were shown on screen."""
    audit.record(
        session,
        AuditOperation.CONSULTATION,
        case_id=case_id,
        entity="person",
        record_id=case_id,
        reason=reason or "sensitive details revealed",
        details={"revealed": sorted(fields)},
    )
