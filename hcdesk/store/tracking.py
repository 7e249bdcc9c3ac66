"""What every local save does besides writing the row (reference/SYNC.md §5.3, DESIGN.md Audit).

Attached to each Session the store hands out. In the same flush, and so in the same
transaction, as the domain rows it:

* stamps per-field versions (HLC) and the pending-field set on mutable rows,
* writes one outbox entry per changed row,
* refuses updates to append-only rows and hard deletes of synced rows,
* records COLLECTION / ALTERATION / ERASURE audit events and chains every audit event,
* rebuilds the full-text search documents of the cases it touched.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from hcdesk.errors import HcdeskError
from hcdesk.models.audit import AuditEvent
from hcdesk.models.base import AppendOnly, Versioned, domain_columns, utcnow, uuid7
from hcdesk.models.case import CaseFile
from hcdesk.models.enums import AuditOperation
from hcdesk.models.sync import Outbox, SyncState
from hcdesk.models.values import encode_value
from hcdesk.store import audit, caseindex, search
from hcdesk.store.migrations import REVISIONS
from hcdesk.sync.hlc import HLC, HybridClock

if TYPE_CHECKING:
    from hcdesk.store.store import Store

SCHEMA_VERSION = len(REVISIONS)
AUDIT_COLUMNS: list[sa.Column[Any]] = [
    c for c in AuditEvent.__table__.columns if c.key != "server_seq"  # type: ignore[misc]
]


class ImmutableRecord(HcdeskError):
    pass


class Tracker:
    """Per-store state shared by its sessions: the clock and its lock."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lock = threading.Lock()
        self.clock: HybridClock | None = None

    def tick(self, session: Session) -> HLC:
        with self.lock:
            if self.clock is None:
                with session.no_autoflush:
                    hw = session.get(SyncState, "hlc_hw")
                    node = session.get(SyncState, "node_id")
                last = HLC.decode(hw.value) if hw else None
                self.clock = HybridClock(node.value if node else "local", last)
            return self.clock.tick()


_trackers: dict[int, Tracker] = {}
_trackers_lock = threading.Lock()


def _tracker(store: Store) -> Tracker:
    with _trackers_lock:
        tr = getattr(store, "_tracker", None)
        if tr is None:
            tr = Tracker(store)
            store._tracker = tr  # type: ignore[attr-defined]
        return tr


def attach(session: Session, store: Store, *, actor: str, reason: str | None) -> None:
    session.info["tracker"] = _tracker(store)
    session.info["actor"] = actor
    session.info["reason"] = reason
    event.listen(session, "before_flush", _before_flush)
    event.listen(session, "after_flush", _after_flush)


def _entity(obj: Any) -> str:
    return str(obj.__table__.name)


def _case_of(obj: Any) -> str:
    return str(obj.id if isinstance(obj, CaseFile) else obj.case_id)


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    tracker: Tracker = session.info["tracker"]
    actor: str = session.info["actor"]
    store = tracker.store
    touched: set[str] = session.info.setdefault("touched_cases", set())
    audit_groups: dict[tuple[str, AuditOperation], dict[str, list[str]]] = defaultdict(dict)

    for obj in list(session.deleted):
        if isinstance(obj, Versioned | AppendOnly | AuditEvent):
            raise ImmutableRecord(
                f"{_entity(obj)} records are never deleted outright; mark them deleted instead."
            )

    for obj in list(session.new):
        if isinstance(obj, AuditEvent):
            continue
        if isinstance(obj, Versioned | AppendOnly):
            if not obj.id:
                obj.id = uuid7()
            ver = tracker.tick(session)
            obj.created_hlc = ver.encode()
            obj.created_by = actor
            cols = domain_columns(type(obj))
            payload = {c.key: encode_value(c, getattr(obj, c.key)) for c in cols}
            body: dict[str, Any]
            if isinstance(obj, Versioned):
                vers = {c.key: ver.encode() for c in cols}
                vers["deleted"] = ver.encode()
                obj.field_vers = vers
                obj.pending_fields = sorted(vers)
                obj.deleted = bool(obj.deleted)
                payload["deleted"] = obj.deleted
                body = {
                    k: {"value": v, "ver": ver.encode(), "base_ver": None}
                    for k, v in payload.items()
                }
                op = "upsert"
            else:
                body = {"values": payload, "ver": ver.encode()}
                op = "append"
            case_id = _case_of(obj)
            _outbox(session, obj, case_id, op, body, ver)
            touched.add(case_id)
            audit_groups[(case_id, AuditOperation.COLLECTION)].setdefault(_entity(obj), []).append(
                obj.id
            )

    for obj in list(session.dirty):
        if isinstance(obj, AuditEvent) and session.is_modified(obj):
            raise ImmutableRecord("Audit events cannot be changed.")
        if isinstance(obj, AppendOnly) and session.is_modified(obj):
            changed = _changed_columns(obj)
            if changed - {"server_seq"}:
                raise ImmutableRecord(
                    f"{_entity(obj)} entries cannot be changed; add a new entry that supersedes it."
                )
            continue
        if not isinstance(obj, Versioned):
            continue
        changed = _changed_columns(obj) & ({c.key for c in domain_columns(type(obj))} | {"deleted"})
        if not changed:
            continue
        ver = tracker.tick(session)
        vers = dict(obj.field_vers or {})
        by_key = {c.key: c for c in domain_columns(type(obj))}
        body = {}
        for name in sorted(changed):
            value = (
                obj.deleted if name == "deleted" else encode_value(by_key[name], getattr(obj, name))
            )
            body[name] = {"value": value, "ver": ver.encode(), "base_ver": vers.get(name)}
            vers[name] = ver.encode()
        obj.field_vers = vers
        obj.pending_fields = sorted(set(obj.pending_fields or []) | changed)
        obj.updated_at = utcnow()
        case_id = _case_of(obj)
        op = "delete" if "deleted" in changed and obj.deleted else "upsert"
        _outbox(session, obj, case_id, op, body, ver)
        touched.add(case_id)
        kind = AuditOperation.ERASURE if op == "delete" else AuditOperation.ALTERATION
        audit_groups[(case_id, kind)].setdefault(_entity(obj), []).extend(sorted(changed))

    for (case_id, operation), entities in audit_groups.items():
        if operation == AuditOperation.COLLECTION:
            details: dict[str, Any] = {"records": {k: len(v) for k, v in sorted(entities.items())}}
        else:
            details = {"fields": {k: sorted(set(v)) for k, v in sorted(entities.items())}}
        audit.record(
            session,
            operation,
            case_id=case_id,
            entity="case_file",
            record_id=case_id,
            details=details,
        )

    _chain_audit(session, tracker, store.device_id, actor)
    _raise_high_water(session, tracker)


def _changed_columns(obj: Any) -> set[str]:
    state = sa.inspect(obj)
    return {
        attr.key
        for attr in state.attrs
        if attr.key in obj.__table__.columns and attr.history.has_changes()
    }


def _outbox(
    session: Session, obj: Any, case_id: str, op: str, payload: dict[str, Any], ver: HLC
) -> None:
    session.add(
        Outbox(
            mutation_id=uuid7(),
            entity=_entity(obj),
            entity_id=obj.id,
            case_id=case_id,
            op=op,
            payload=payload,
            schema_version=SCHEMA_VERSION,
            hlc=ver.encode(),
        )
    )


def _raise_high_water(session: Session, tracker: Tracker) -> None:
    """Persist the newest timestamp the clock has issued (audit events tick it too).

    The clock resumes from this mark when the store is next opened, so it must never be behind
    a version already handed out: with the wall clock set back, a lagging mark would let the
    clock issue versions older than (or equal to) ones already written.
    """
    if tracker.clock is None:
        return
    with tracker.lock:
        newest = tracker.clock.last
    with session.no_autoflush:
        row = session.get(SyncState, "hlc_hw")
    if row is None:
        session.add(SyncState(key="hlc_hw", value=newest.encode()))
    elif HLC.decode(row.value) < newest:
        row.value = newest.encode()


def _put_state(session: Session, key: str, value: str) -> None:
    with session.no_autoflush:
        row = session.get(SyncState, key)
    if row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value


def _chain_audit(session: Session, tracker: Tracker, device_id: str, actor: str) -> None:
    new_events = [o for o in session.new if isinstance(o, AuditEvent) and not o.hash]
    if not new_events:
        return
    if not device_id:
        with session.no_autoflush:
            row = session.get(SyncState, "device_id")
        device_id = row.value if row else "unknown-device"
    key = audit.head_key(device_id)
    with session.no_autoflush:
        head = session.get(SyncState, key)
    seq, prev = (0, audit.GENESIS)
    if head is not None:
        seq_text, _, prev = head.value.partition(":")
        seq = int(seq_text)
    now = utcnow()
    for ev in sorted(new_events, key=lambda e: e.id):
        seq += 1
        ver = tracker.tick(session)
        ev.device_id = device_id
        ev.seq = seq
        ev.occurred_at = now
        ev.actor = actor
        ev.created_by = actor
        ev.created_hlc = ver.encode()
        ev.prev_hash = prev
        ev.hash = audit.event_hash(ev)
        prev = ev.hash
        values = {
            c.key: encode_value(c, getattr(ev, c.key))
            for c in AUDIT_COLUMNS
        }
        _outbox(
            session, ev, ev.case_id or "", "append", {"values": values, "ver": ver.encode()}, ver
        )
    _put_state(session, key, f"{seq}:{prev}")


def _after_flush(session: Session, flush_context: Any) -> None:
    touched: set[str] = session.info.pop("touched_cases", set())
    if touched:
        conn = session.connection()
        ordered = sorted(touched)
        search.reindex(conn, ordered)
        caseindex.reindex(conn, ordered)
