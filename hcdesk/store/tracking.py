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

import datetime as dt
import threading
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from hcdesk.errors import HcdeskError
from hcdesk.models.audit import AuditEvent
from hcdesk.models.base import (
    ALL_FIELDS,
    AppendOnly,
    Versioned,
    column_defaults,
    domain_columns,
    utcnow,
    uuid7,
)
from hcdesk.models.case import SYNCED_MODELS, CaseFile
from hcdesk.models.enums import AuditOperation
from hcdesk.models.sync import Outbox, OutboxOp, SyncState
from hcdesk.models.values import encode_value
from hcdesk.store import audit, caseindex
from hcdesk.store.outbox import (
    ABSENT,
    AuditAppend,
    Change,
    FieldEdit,
    FieldEdits,
    Snapshot,
    new_entry,
)
from hcdesk.wire.hlc import HLC, HybridClock, wall_clock_ms

if TYPE_CHECKING:
    from hcdesk.store.store import Store

_AUDIT_TABLE: sa.Table = AuditEvent.__table__  # type: ignore[assignment]
AUDIT_COLUMNS: list[sa.Column[Any]] = [c for c in _AUDIT_TABLE.columns if c.key != "server_seq"]


class ImmutableRecord(HcdeskError):
    default_message = "That record cannot be changed once written; add a new entry instead."


class StoreClock:
    """A store's hybrid logical clock, shared by its sessions (``Store.clock``).

    Started on first use from the persisted high-water mark and the device's node id.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._hlc: HybridClock | None = None
        self.offset_ms = 0  # how far this device's clock is from the wall clock (tests only)

    def now_ms(self) -> int:
        return wall_clock_ms() + self.offset_ms

    def newest(self) -> HLC | None:
        """The newest timestamp the clock has issued or taken in (None before its first use)."""
        with self.lock:
            return None if self._hlc is None else self._hlc.last

    def tick(self, session: Session) -> HLC:
        with self.lock:
            if self._hlc is None:
                with session.no_autoflush:
                    hw = session.get(SyncState, "hlc_hw")
                    node = session.get(SyncState, "node_id")
                last = HLC.decode(hw.value) if hw else None
                self._hlc = HybridClock(node.value if node else "local", last, self.now_ms)
            return self._hlc.tick()

    def observe(self, bind: Session | sa.Connection, remote: HLC) -> HLC | None:
        """Fold in a timestamp from the central store; returns the clock's newest, or None if
        the timestamp was not ahead of it. The server is the authority: no drift guard, so a
        device whose own clock is wrong still stamps its next edits after what it has seen."""
        with self.lock:
            if self._hlc is None:
                rows = dict(
                    bind.execute(
                        sa.select(SyncState.key, SyncState.value).where(
                            SyncState.key.in_(("hlc_hw", "node_id"))
                        )
                    ).all()
                )
                last = HLC.decode(rows["hlc_hw"]) if "hlc_hw" in rows else None
                self._hlc = HybridClock(rows.get("node_id") or "local", last, self.now_ms)
            clock = self._hlc
            if (remote.wall_ms, remote.counter) <= (clock.last.wall_ms, clock.last.counter):
                return None
            guard = clock.max_drift_ms
            clock.max_drift_ms = 2**62
            try:
                return clock.receive(remote)
            finally:
                clock.max_drift_ms = guard


def set_clock_offset(store: Store, offset_ms: int) -> None:
    """Make this store's clock run ``offset_ms`` away from the real time: how the tests put a
    laptop's clock days wrong. The hybrid clock still never goes backwards."""
    store.clock.offset_ms = offset_ms


def next_version(session: Session, store: Store) -> str:
    """A new version from this device's clock (for entries written outside a tracked flush)."""
    return store.clock.tick(session).encode()


_RAISE_HW = sa.text(
    "INSERT INTO sync_state(key, value) VALUES ('hlc_hw', :v) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE excluded.value > sync_state.value"
)


def observe(bind: Session | sa.Connection, store: Store, hlc_text: str | None) -> None:
    """Fold a version received from the central store into this device's clock.

    Runs in the caller's transaction and raises the persisted high-water mark there, so a
    restart resumes after it. Text that is not a version is ignored (the server sent it; a bad
    one must not stop the sync).
    """
    if not hlc_text:
        return
    try:
        remote = HLC.decode(hlc_text)
    except ValueError:
        return
    newest = store.clock.observe(bind, remote)
    if newest is not None:
        bind.execute(_RAISE_HW, {"v": newest.encode()})


def attach(session: Session, store: Store, *, actor: str, reason: str | None) -> None:
    session.info["store"] = store
    session.info["actor"] = actor
    session.info["reason"] = reason
    event.listen(session, "before_flush", _before_flush)
    event.listen(session, "after_flush", _after_flush)


def _entity(obj: Any) -> str:
    return str(obj.__table__.name)


def _case_of(obj: Any) -> str:
    return str(obj.id if isinstance(obj, CaseFile) else obj.case_id)


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    store: Store = session.info["store"]
    clock = store.clock
    actor: str = session.info["actor"]
    touched: set[str] = session.info.setdefault("touched_cases", set())
    audit_groups: dict[tuple[str, AuditOperation], dict[str, list[str]]] = defaultdict(dict)
    new_rows = NewRows(session)

    for obj in list(session.deleted):
        if isinstance(obj, Versioned | AppendOnly | AuditEvent):
            raise ImmutableRecord(
                f"{_entity(obj)} records are never deleted outright; mark them deleted instead."
            )

    now = utcnow()
    # In the order the objects were added, each a microsecond apart, so ids and creation times
    # keep the order the officer made them in.
    new_objects = sorted(session.new, key=lambda o: sa.inspect(o).insert_order)
    for n, obj in enumerate(new_objects):
        if isinstance(obj, AuditEvent):
            continue
        if isinstance(obj, Versioned | AppendOnly):
            table: sa.Table = obj.__table__  # type: ignore[union-attr]
            values = {c.key: getattr(obj, c.key) for c in table.columns}
            filled = new_rows.stamp(type(obj), values, now + dt.timedelta(microseconds=n))
            for key, value in filled.items():
                setattr(obj, key, value)

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
        ver = clock.tick(session)
        # The versions as stored now, not as loaded: a sync may have changed other fields of
        # this row (and acknowledged some) since the officer opened it. The base of each edit
        # stays what the officer saw (the loaded version), so a field changed under them
        # becomes a conflict on the central store instead of a silent overwrite.
        stored_vers, stored_pending = _stored_versions(session, obj)
        vers = dict(stored_vers)
        by_key = {c.key: c for c in domain_columns(type(obj))}
        edits: dict[str, FieldEdit] = {}
        # While the row's first (snapshot) entry is unsent, the snapshot will carry the row as
        # it is when sent; an edit made before then keeps the value it replaced, so the
        # snapshot can send the value as created and every edit travels in order.
        unsent_snapshot = ALL_FIELDS in stored_pending
        created_ver = stored_vers.get(ALL_FIELDS)
        state = sa.inspect(obj)
        for name in sorted(changed):
            value = (
                obj.deleted if name == "deleted" else encode_value(by_key[name], getattr(obj, name))
            )
            base_ver = obj.version_of(name)
            base_value = ABSENT
            if unsent_snapshot and base_ver is not None and base_ver == created_ver:
                old = state.attrs[name].history.deleted
                if old:
                    base_value = old[0] if name == "deleted" else encode_value(by_key[name], old[0])
            edits[name] = FieldEdit(value, ver.encode(), base_ver, base_value)
            vers[name] = ver.encode()
        obj.field_vers = vers
        obj.pending_fields = sorted(set(stored_pending) | changed)  # keeps "*"
        obj.updated_at = utcnow()
        case_id = _case_of(obj)
        op = OutboxOp.DELETE if "deleted" in changed and obj.deleted else OutboxOp.UPSERT
        _outbox(session, obj, case_id, op, FieldEdits(edits), ver)
        touched.add(case_id)
        kind = AuditOperation.ERASURE if op == OutboxOp.DELETE else AuditOperation.ALTERATION
        audit_groups[(case_id, kind)].setdefault(_entity(obj), []).extend(sorted(changed))

    # Written once every check above has passed: a refused flush writes nothing.
    new_rows.finish()
    for (case_id, operation), entities in audit_groups.items():
        audit.record(
            session,
            operation,
            case_id=case_id,
            entity="case_file",
            record_id=case_id,
            details={"fields": {k: sorted(set(v)) for k, v in sorted(entities.items())}},
        )

    _chain_audit(session, clock, store.device_id, actor)
    _raise_high_water(session, clock)


def _stored_versions(session: Session, obj: Any) -> tuple[dict[str, str], list[str]]:
    """A row's ``field_vers`` and ``pending_fields`` as the database holds them now."""
    table: sa.Table = obj.__table__
    with session.no_autoflush:
        row = session.execute(
            sa.select(table.c.field_vers, table.c.pending_fields).where(table.c.id == obj.id)
        ).first()
    if row is None:
        return dict(obj.field_vers or {}), list(obj.pending_fields or [])
    return dict(row[0] or {}), list(row[1] or [])


_OUTBOX: sa.Table = Outbox.__table__  # type: ignore[assignment]


class NewRows:
    """The new synced rows of one flush or one bulk insert, stamped the one way every save
    stamps them (reference/SYNC.md §5.3).

    :meth:`stamp` gives a row its id, creation version and bookkeeping and queues its outbox
    entry, a snapshot: the push sends the row's fields that still carry that version, and any
    later edit travels in its own entry. :meth:`finish` writes the entries, one COLLECTION
    audit event per case (how many records of each kind it gained) and marks the cases for
    their search and case-list documents, all in the session's transaction.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.clock: StoreClock = session.info["store"].clock
        self.actor: str = session.info["actor"]
        self.entries: list[dict[str, Any]] = []
        self.counts: dict[str, dict[str, int]] = {}  # case -> table -> new rows, as they came

    def stamp(self, model: type[Any], values: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
        """Fill the bookkeeping of a new row of ``model`` into ``values`` (its columns so far)
        and queue its outbox entry. Returns the columns it set."""
        ver = self.clock.tick(self.session).encode()
        versioned = issubclass(model, Versioned)
        filled: dict[str, Any] = {"created_hlc": ver, "created_by": self.actor}
        if not values.get("id"):
            filled["id"] = uuid7()
        if values.get("created_at") is None:
            filled["created_at"] = now
        if versioned:
            filled["field_vers"] = {ALL_FIELDS: ver}
            filled["pending_fields"] = [ALL_FIELDS]
            filled["deleted"] = bool(values.get("deleted"))
            if values.get("updated_at") is None:
                filled["updated_at"] = filled.get("created_at", values.get("created_at"))
        values.update(filled)
        table = model.__tablename__
        case_id = values["id"] if model is CaseFile else values["case_id"]
        self.entries.append(
            new_entry(
                entity=table,
                entity_id=values["id"],
                case_id=case_id,
                op=OutboxOp.UPSERT if versioned else OutboxOp.APPEND,
                change=Snapshot(ver),
                hlc=ver,
                created_at=now,
            )
        )
        per_case = self.counts.setdefault(case_id, {})
        per_case[table] = per_case.get(table, 0) + 1
        return filled

    def finish(self) -> None:
        session = self.session
        if self.entries:
            session.connection().execute(sa.insert(_OUTBOX), self.entries)
        for case_id, per_table in self.counts.items():
            audit.record(
                session,
                AuditOperation.COLLECTION,
                case_id=case_id,
                entity="case_file",
                record_id=case_id,
                details={"records": dict(sorted(per_table.items()))},
            )
        session.info.setdefault("touched_cases", set()).update(self.counts)
        self.entries, self.counts = [], {}


def bulk_insert(session: Session, rows_by_model: dict[type[Any], list[dict[str, Any]]]) -> int:
    """Insert many new rows at once, doing everything a single save does.

    Each row gets its versions, outbox entry, COLLECTION audit event (one per case) and search
    and case-list documents, as through the ORM (the same :class:`NewRows`), but with one
    INSERT per table. The caller owns the transaction. Returns the number of rows inserted.
    """
    new_rows = NewRows(session)
    now = utcnow()
    total = 0
    for model in SYNCED_MODELS:
        rows = rows_by_model.get(model)
        if not rows:
            continue
        defaults = column_defaults(model)
        for values in rows:
            for key, default in defaults:
                if key not in values:
                    values[key] = default(None) if default is not None else None
            new_rows.stamp(model, values, now)
        session.execute(sa.insert(model), rows)
        total += len(rows)
    new_rows.finish()
    session.flush()
    return total


def _changed_columns(obj: Any) -> set[str]:
    state = sa.inspect(obj)
    return {
        attr.key
        for attr in state.attrs
        if attr.key in obj.__table__.columns and attr.history.has_changes()
    }


def _outbox(
    session: Session, obj: Any, case_id: str, op: OutboxOp, change: Change, ver: HLC
) -> None:
    session.add(
        Outbox(
            **new_entry(
                entity=_entity(obj),
                entity_id=obj.id,
                case_id=case_id,
                op=op,
                change=change,
                hlc=ver.encode(),
                created_at=utcnow(),
            )
        )
    )


def _raise_high_water(session: Session, clock: StoreClock) -> None:
    """Persist the newest timestamp the clock has issued (audit events tick it too).

    The clock resumes from this mark when the store is next opened, so it must never be behind
    a version already handed out: with the wall clock set back, a lagging mark would let the
    clock issue versions older than (or equal to) ones already written.
    """
    newest = clock.newest()
    if newest is None:
        return
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


def _chain_audit(session: Session, clock: StoreClock, device_id: str, actor: str) -> None:
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
        ver = clock.tick(session)
        ev.device_id = device_id
        ev.seq = seq
        ev.occurred_at = now
        ev.actor = actor
        ev.created_by = actor
        ev.created_hlc = ver.encode()
        if ev.created_at is None:  # the column default comes only at INSERT: too late for sync
            ev.created_at = now
        ev.prev_hash = prev
        ev.hash = audit.event_hash(ev)
        prev = ev.hash
        values = {c.key: encode_value(c, getattr(ev, c.key)) for c in AUDIT_COLUMNS}
        _outbox(
            session, ev, ev.case_id or "", OutboxOp.APPEND, AuditAppend(values, ver.encode()), ver
        )
    _put_state(session, key, f"{seq}:{prev}")


def _after_flush(session: Session, flush_context: Any) -> None:
    touched: set[str] = session.info.pop("touched_cases", set())
    if touched:
        caseindex.refresh(session.connection(), sorted(touched))
