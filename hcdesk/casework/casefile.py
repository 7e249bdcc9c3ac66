"""Loading a whole case for the case-file screen, and saving what the officer changed in one
transaction. Records never travel as live ORM objects: the screen gets typed records
(:mod:`hcdesk.casework.records`, through :func:`read_case_file`); :func:`load_case` gives the
same case as plain dicts of Python values, for code that reads every column by name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.casework import contact_safety, legal, sharing
from hcdesk.casework.records import (
    RECORD_TYPES,
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
    ShareRecord,
    SignOffRecord,
    StatementRecord,
    StatusClaimRecord,
    WishRecord,
)
from hcdesk.errors import HcdeskError, NotFound
from hcdesk.models import labels
from hcdesk.models.audit import AuditEvent
from hcdesk.models.base import AppendOnly, Base, EnumList, domain_columns
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
    records = {table: snap.records.get(table, []) for table in MODELS}
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
        statements=_typed(StatementRecord, records["victim_personal_statement"]),
        shares=_typed(ShareRecord, records["partnership_share"]),
        history=tuple(
            HistoryEntry(**{**event, "operation": AuditOperation(event["operation"])})
            for event in snap.history
        ),
    )


def case_file_views(conn: sa.Connection, case_ids: Sequence[str]) -> dict[str, CaseFileView]:
    """Many cases at once as :func:`read_case_file` gives one, on a plain connection, without
    their history and without recording a consultation: for indexes worked out from the case
    (hcdesk.casework.workindex), never for showing a case to a person. Cases no longer live
    are left out."""
    out: dict[str, CaseFileView] = {}
    for start in range(0, len(case_ids), _VIEW_CHUNK):
        chunk = list(case_ids[start : start + _VIEW_CHUNK])
        cases = _rows(conn, CaseFile, chunk, "id")
        if not cases:
            continue
        records: dict[str, dict[str, list[dict[str, Any]]]] = {
            c["id"]: {} for c in cases
        }
        for name in RECORD_TYPES:
            if name == CaseFile.__tablename__:
                continue
            for cid in records:
                records[cid][name] = []
            for row in _rows(conn, MODELS[name], list(records), "case_id", ORDER.get(name)):
                records[row.pop("case_id")][name].append(row)
        for case in cases:
            cid = case["id"]
            ref = case["urn"] or case["local_ref"]
            out[cid] = case_file_view(CaseSnapshot(cid, ref, case, records[cid], []))
    return out


_VIEW_CHUNK = 200  # cases read per statement (SQLite allows 32,766 bound values)


def _rows(
    conn: sa.Connection, model: type[Base], ids: list[str], by: str, order: str | None = None
) -> list[dict[str, Any]]:
    table: sa.Table = model.__table__  # type: ignore[assignment]
    names = [c.key for c in domain_columns(model)] + ["id", "created_at", "created_by"]
    if by == "case_id":
        names.append("case_id")
    stmt = sa.select(*(table.c[n] for n in names)).where(table.c[by].in_(ids))
    if "deleted" in table.c:
        stmt = stmt.where(table.c.deleted.is_(False))
    stmt = stmt.order_by(table.c[order or "created_at"])
    return [dict(r._mapping) for r in conn.execute(stmt)]


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
            label = labels.field_label(col)
            raise PersonNotInCase(
                f"The {label} chosen is not a {str(role).lower()} in this case (any more); "
                "choose again. Nothing was saved."
            )
        values[col.key] = ref


def _as_members(column: sa.Column[Any], value: Any) -> Any:
    """A choice as its enum member (a form gives its text), so that the case as saved holds
    the same values as the case read back: one value, whatever path it came by."""
    if value is None:
        return value
    ctype = column.type
    members = getattr(ctype, "enum_class", None) or getattr(ctype, "enum_cls", None)
    if members is None:
        return value
    try:
        if isinstance(ctype, EnumList):
            return [members(v) for v in value]
        return members(value)
    except (TypeError, ValueError):
        return value  # not one of its choices: check_value says so, in words


def check_limits(model: type[Base], values: dict[str, Any]) -> None:
    """Refuse a value the store must not hold: one its own importer would refuse on export.

    The forms check most fields as they are typed (:mod:`hcdesk.casework.fields`); this is the
    last gate for every saved value, lists and need areas included.
    """
    for col in domain_columns(model):
        if col.key in values:
            values[col.key] = _as_members(col, values[col.key])
            try:
                check_value(col, values[col.key])
            except BadValue as exc:
                label = labels.field_label(col)
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
    contacts = _ContactRows()
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
        if table == sharing.TABLE:
            sharing.check_share(record_dict(new_obj))
        session.add(new_obj)
        session.flush()
        contacts.added(table, new_obj)
        if table == sharing.TABLE:
            sharing.record_share_disclosure(session, case_id, new_obj)
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
        contacts.changing(table, obj, values)
        for key, value in _domain_only(model, values).items():
            _set(obj, key, value)
        if table == sharing.TABLE:
            sharing.check_share(record_dict(obj))
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
    contacts.refuse_against_wishes(session, case_id)
    return created


# What a contact is judged on: its channel, its time and whether it leaves a voicemail.
_CONTACT_FIELDS = {
    "contact_log": ("channel", "occurred_at", "left_voicemail"),
    "planned_contact": ("channel", "planned_for", "may_leave_voicemail"),
}


class _ContactRows:
    """The contacts a save adds, and the planned contacts it changes, to be checked against
    the victim's contact safety once everything is in place (contact_safety.check_contact)."""

    def __init__(self) -> None:
        self.new: list[tuple[str, int, Any]] = []  # table, place among its new rows, row
        self.counts: dict[str, int] = {}
        # table, row, its judged fields before the save, whether the save gives a reason
        self.changed: list[tuple[str, Any, dict[str, Any], bool]] = []

    def added(self, table: str, obj: Any) -> None:
        if table in _CONTACT_FIELDS:
            index = self.counts.get(table, 0)
            self.counts[table] = index + 1
            self.new.append((table, index, obj))

    def changing(self, table: str, obj: Any, values: dict[str, Any]) -> None:
        judged = _CONTACT_FIELDS.get(table)
        if judged is None or not any(
            k in values and values[k] != getattr(obj, k) for k in judged
        ):
            return  # marking a planned contact made, or its purpose, is not judged again
        before = {k: getattr(obj, k) for k in judged}
        gives_reason = contact_safety.has_override(values.get("safety_override_reason"))
        self.changed.append((table, obj, before, gives_reason))

    def refuse_against_wishes(self, session: Session, case_id: str) -> None:
        """rule: a_contact_against_the_victims_wishes_needs_a_reason. Raise
        :class:`~hcdesk.casework.contact_safety.ContactAgainstWishes` for every new contact,
        and every planned contact whose channel, time or voicemail changed, that goes against
        what the victim asked without a reason for going ahead. A changed planned contact
        keeps the reason it had for the problems it had; a new problem needs a new reason."""
        if not self.new and not self.changed:
            return
        victim = session.scalars(
            sa.select(Person)
            .where(
                Person.case_id == case_id,
                Person.role == PersonRole.VICTIM,
                Person.deleted.is_(False),
            )
            .order_by(Person.created_at)
            .limit(1)
        ).first()
        if victim is None:
            return
        person = record_dict(victim)
        flagged: list[contact_safety.FlaggedRow] = []
        for table, index, obj in self.new:
            if contact_safety.has_override(obj.safety_override_reason):
                continue
            concerns = _concerns(person, table, record_dict(obj))
            if concerns:
                flagged.append(contact_safety.FlaggedRow(table, tuple(concerns), index=index))
        for table, obj, before, gives_reason in self.changed:
            if gives_reason:
                continue
            concerns = _concerns(person, table, record_dict(obj))
            had = set()
            if contact_safety.has_override(obj.safety_override_reason):
                had = {c.rule for c in _concerns(person, table, {**record_dict(obj), **before})}
            new = [c for c in concerns if c.rule not in had]
            if new:
                flagged.append(contact_safety.FlaggedRow(table, tuple(new), record_id=obj.id))
        if flagged:
            raise contact_safety.ContactAgainstWishes(flagged)


def _concerns(
    victim: dict[str, Any], table: str, row: dict[str, Any]
) -> list[contact_safety.Concern]:
    if table == "contact_log":
        return contact_safety.check_contact(
            victim,
            row["channel"],
            row["occurred_at"],
            bool(row.get("left_voicemail")),
            direction=row.get("direction"),
        )
    return contact_safety.check_contact(
        victim,
        row["channel"],
        row["planned_for"],
        bool(row.get("may_leave_voicemail")),
        planned=True,
    )


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
