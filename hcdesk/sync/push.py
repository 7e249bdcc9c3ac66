"""Push: outbox entries become mutations, and the central store's answers are applied (acks).

**Freezing.** Before its first send, an entry's mutation body is built and written into the
entry (its payload becomes an :class:`~hcdesk.store.outbox.Frozen`, state ``inflight``) in one
local transaction; every resend sends
exactly those bytes, because the server refuses a mutation id reused with other content.

**Building a body** (entries are frozen in ``client_seq`` order, so every earlier entry of the
same row is already frozen):

* a new row's snapshot sends every travelling field of the row as it was created, with the
  row's creation version and ``base_ver`` None (a field edited since takes its created value
  from the first edit, which kept it as ``base_value``; were that unknown, the field is sent as
  it is now, with its current version, and the edits up to it are not sent again);
* every edit sends its fields, in order, so every value the officer saved reaches the
  server's history; each field's ``base_ver`` is the version the server will hold when it gets
  there (the version of the edit before it, or the server's re-stamped version of it once that
  edit was acknowledged, or that edit's own base if it was refused);
* a delete also says which version of the row it had seen (``seen``);
* audit events send the values recorded with them; conflict resolutions send the choice.

**Acks** (one local transaction per response): accepted entries become ``acked``; the server's
canonical value and version of each field are written into the row unless the officer has
changed the field again since; refused entries become ``rejected`` and go to the quarantine with
the exact body sent. Every row's set of pending fields is recomputed from the entries still
unacknowledged. All writes are plain SQL on the tables, so they make no new outbox entries.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from hcdesk.models.base import ALL_FIELDS, JSONText, utcnow
from hcdesk.models.sync import ACTIVE, Outbox, OutboxOp, OutboxState, Quarantine
from hcdesk.store import caseindex, tracking
from hcdesk.store.outbox import (
    AuditAppend,
    Carry,
    Change,
    FieldEdits,
    Frozen,
    Payload,
    Resolve,
    Snapshot,
    decode_payload,
    encode_payload,
    source_of,
)
from hcdesk.sync.clockcheck import foldable
from hcdesk.sync.storage import warn
from hcdesk.wire import protocol as p
from hcdesk.wire.registry import (
    CASE_ENTITY,
    ENTITIES,
    Entity,
    EntityKind,
    Skip,
    decode,
    encode,
    pending_set,
    version_of,
)

log = logging.getLogger("hcdesk.sync")

# The central store's results that mean it took the change (it holds the sent version or one
# it merged it into); "conflict" took it too, but kept another value.
ACCEPTED = ("applied", "merged", "duplicate")
_OUTBOX: sa.Table = Outbox.__table__  # type: ignore[assignment]
_QUARANTINE: sa.Table = Quarantine.__table__  # type: ignore[assignment]
CHUNK = 500
_JSON = JSONText()


def chunks(items: Sequence[Any], n: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


@dataclass
class Entry:
    client_seq: int
    mutation_id: str
    entity: str
    entity_id: str
    case_id: str
    op: OutboxOp
    payload: Payload
    hlc: str
    state: OutboxState
    server_result: dict[str, Any] | None
    size: int = 0  # length of the stored payload, when known

    @classmethod
    def of(cls, row: Any) -> Entry:
        seq, mutation_id, entity, entity_id, case_id, op, payload, hlc, state, result = row
        return cls(
            seq,
            mutation_id,
            entity,
            entity_id,
            case_id,
            op,
            decode_payload(op, payload),
            hlc,
            state,
            result,
        )

    @property
    def frozen(self) -> dict[str, Any] | None:
        """The mutation body as sent, once the entry is frozen."""
        return self.payload.body if isinstance(self.payload, Frozen) else None

    @property
    def source(self) -> Change:
        """The local change the entry stands for."""
        return source_of(self.payload)


_ENTRY_COLUMNS = [
    _OUTBOX.c[k]
    for k in (
        "client_seq",
        "mutation_id",
        "entity",
        "entity_id",
        "case_id",
        "op",
        "payload",
        "hlc",
        "state",
        "server_result",
    )
]


def load_entries(
    conn: sa.Connection, *where: Any, limit: int | None = None, newest_first: bool = False
) -> list[Entry]:
    order = _OUTBOX.c.client_seq.desc() if newest_first else _OUTBOX.c.client_seq
    stmt = sa.select(*_ENTRY_COLUMNS).where(*where).order_by(order)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [Entry.of(row) for row in conn.execute(stmt)]


def _entries_of(conn: sa.Connection, entity_ids: Iterable[str], *where: Any) -> list[Entry]:
    ids = sorted(set(entity_ids))
    out: list[Entry] = []
    for chunk in chunks(ids):
        out += load_entries(conn, _OUTBOX.c.entity_id.in_(chunk), *where)
    out.sort(key=lambda e: e.client_seq)
    return out


# "state IN ACTIVE" written so that SQLite cannot answer it from the state index: next to a
# few rows' entity ids, that index would walk every unsent entry in the outbox (a whole import's
# worth), once per acknowledged batch; the (entity_id, client_seq) index finds them directly.
_STILL_ACTIVE = (_OUTBOX.c.state + "").in_(ACTIVE)


def load_rows(conn: sa.Connection, entity: Entity, ids: Iterable[str]) -> dict[str, Any]:
    """Current rows by id (all columns, as Python values)."""
    table = entity.table
    out: dict[str, Any] = {}
    for chunk in chunks(sorted(set(ids))):
        for row in conn.execute(sa.select(table).where(table.c.id.in_(chunk))):
            out[row.id] = row
    return out


# -- freezing ------------------------------------------------------------------------------------
@dataclass
class _Known:
    """What the server will hold for one field of a row after the entries frozen so far."""

    local_ver: str | None  # the version this device gave the field in that entry
    base: str | None  # the base_ver to send for an edit made on top of it
    # Set when a snapshot already sent a later value of the field (see _freeze_one): edits up
    # to this version are on the server already and are not sent again.
    held: str | None = None


def _covered(entity: Entity, source: Change) -> dict[str, str | None]:
    """The fields an entry's local change covers, with the version it gave each."""
    if isinstance(source, Snapshot):
        return dict.fromkeys(entity.versioned_fields, source.ver)
    if isinstance(source, FieldEdits):
        return {f: fv.ver for f, fv in source.fields.items() if f in entity.fields}
    return {}


def _learn(known: dict[tuple[str, str], _Known], entity: Entity, e: Entry) -> None:
    """Fold an already frozen entry into ``known``."""
    if entity.kind != EntityKind.VERSIONED or not isinstance(e.payload, Frozen):
        return
    sent: dict[str, Any] = e.payload.body.get("fields") or {}
    carry = e.payload.carry
    result = e.server_result or {}
    canonical = result.get("canonical") or {}
    accepted = e.state == OutboxState.ACKED and result.get("status") in ACCEPTED
    for f, local_ver in _covered(entity, e.payload.source).items():
        c = carry.get(f)
        held = c.held if c is not None else None
        if f in sent:  # the version the server holds once this entry is applied
            fv = sent[f]
            if e.state == OutboxState.REJECTED:
                base = fv.get("base_ver")
            elif accepted and isinstance(canonical.get(f), dict) and canonical[f].get("ver"):
                base = canonical[f]["ver"]
            else:
                base = fv.get("ver")
        elif c is not None:  # not sent: the base it was given is handed on
            base = c.base
        else:
            continue
        known[(e.entity_id, f)] = _Known(local_ver, base, held)


def _body(e: Entry, fields: dict[str, Any], op: str | None = None, **extra: Any) -> dict[str, Any]:
    mutation = p.Mutation(
        mutation_id=e.mutation_id,
        client_seq=e.client_seq,
        entity=e.entity,
        entity_id=e.entity_id,
        case_id=e.case_id or "",
        op=op or e.op,  # type: ignore[arg-type]
        hlc=e.hlc,
        fields=fields,
        **extra,
    )
    return mutation.model_dump(mode="json")


def _created_value(later: Sequence[Entry], snapshot: Entry, field: str) -> tuple[bool, Any]:
    """The value a field had when its row was created, from the first later edit of it (an
    edit made before the row's first push keeps the value it replaced: ``base_value``)."""
    created = snapshot.source
    ver = (created.ver if isinstance(created, Snapshot) else None) or snapshot.hlc
    for e in later:
        if e.entity_id != snapshot.entity_id or e.client_seq <= snapshot.client_seq:
            continue
        source = e.source
        fv = source.fields.get(field) if isinstance(source, FieldEdits) else None
        if fv is not None:
            if fv.base_ver == ver and fv.has_base_value:
                return True, fv.base_value
            return False, None  # the first edit of the field does not know: send it as it is
    return False, None


def _freeze_one(
    e: Entry,
    entity: Entity | None,
    row: Any,
    known: dict[tuple[str, str], _Known],
    later: Sequence[Entry] = (),
) -> Frozen:
    """The new payload of a pending entry: its frozen body and what it carries forward."""
    source = e.source
    if isinstance(source, Resolve):
        resolve = p.ResolveBody(
            conflict_id=source.conflict_id,
            choice=source.choice,  # type: ignore[arg-type]
            value=source.value,
            note=source.note,
        )
        return Frozen(source, _body(e, {}, resolve=resolve))
    if entity is None:  # written by a newer hcdesk: sent as it is, for the server to judge
        log.warning("sync: outbox entry %s names a table this version does not know", e.client_seq)
        edits = source.fields if isinstance(source, FieldEdits) else {}
        fields = {
            f: {"value": fv.value, "ver": fv.ver, "base_ver": fv.base_ver}
            for f, fv in edits.items()
        }
        return Frozen(source, _body(e, fields))
    if entity.kind == EntityKind.AUDIT:
        recorded = source if isinstance(source, AuditAppend) else AuditAppend({}, None)
        ver = recorded.ver or e.hlc
        fields = {k: {"value": v, "ver": ver} for k, v in recorded.values.items()}
        return Frozen(source, _body(e, fields))
    carry: dict[str, Carry] = {}
    fields = {}
    if isinstance(source, Snapshot):
        ver = source.ver or e.hlc
        if row is None:
            warn(entity.name, "*", "was not found when its first push was prepared")
        else:
            vers = row.field_vers if entity.kind == EntityKind.VERSIONED else None
            for f in entity.snapshot_fields:
                fver = ver
                value = encode(entity, f, getattr(row, f))
                if f in entity.versioned_set:
                    fver = version_of(vers, f) or ver
                    if fver != ver:
                        # Edited since: send the value as created, and the edits after it.
                        found, created = _created_value(later, e, f)
                        if found:
                            fver, value = ver, created
                        else:  # no record of it: send it as it is now (edits up to it are
                            # then on the server already)
                            carry[f] = Carry(base=fver, held=fver)
                fields[f] = {"value": value, "ver": fver}
        return Frozen(source, _body(e, fields), carry)
    if entity.kind == EntityKind.APPEND:  # an append-only row is only ever pushed as a snapshot
        return Frozen(source, _body(e, {}))
    vers = row.field_vers if row is not None else None
    edits = source.fields if isinstance(source, FieldEdits) else {}
    for f, fv in edits.items():
        if f not in entity.fields:
            continue
        # Every edit travels, in order, so each value reaches the server's history. Its base is
        # the one handed on by the entry it was made on top of (the server's version of it).
        prior = known.get((e.entity_id, f))
        continues = prior is not None and prior.local_ver == fv.base_ver
        base = prior.base if prior is not None and continues else fv.base_ver
        held = prior.held if prior is not None and continues else None
        if held is not None and isinstance(fv.ver, str) and fv.ver <= held:
            carry[f] = Carry(base=base, held=held)
        else:
            fields[f] = {"value": fv.value, "ver": fv.ver, "base_ver": base}
    op = e.op
    seen = None
    if op == OutboxOp.DELETE:
        if fields.get("deleted", {}).get("value") is not True:
            op = OutboxOp.UPSERT  # the delete itself was undone by a later edit
        elif row is not None:
            pending = pending_set(entity, row.pending_fields)
            seen_vers = [version_of(vers, f) for f in entity.versioned_fields if f not in pending]
            seen = max((v for v in seen_vers if v), default=None)
    return Frozen(source, _body(e, fields, op=op, seen=seen), carry)


FIRST_LOOK = 4  # entries per row read at first: usually the row's last edits are enough


def _earlier_setters(
    conn: sa.Connection, todo: Sequence[Entry], first: int, ids: Sequence[str]
) -> list[Entry]:
    """The entries before ``first`` that freezing ``todo`` depends on.

    Freezing an edit reads what the entries before it left in ``known`` for the fields it
    sends, and :func:`_learn` keeps only the newest entry's word per field: of a row's history
    (which grows with every edit ever made to it) only the newest entry that set each such
    field matters. They are read newest first (the last few of every row in one query, then
    more of a row where a field is still missing) until each field is found or the row's
    history ends. An unfrozen entry found on the way (not expected: ``todo`` holds every unsent
    entry of its rows) brings back the whole history, as it must be frozen too.
    """
    wanted: dict[str, set[str]] = defaultdict(set)
    for e in todo:
        entity = ENTITIES.get(e.entity)
        if entity is None or entity.kind != EntityKind.VERSIONED:
            continue
        if isinstance(e.payload, FieldEdits):
            wanted[e.entity_id] |= {f for f in e.payload.fields if f in entity.fields}
    newest: dict[str, list[Entry]] = defaultdict(list)
    for chunk in chunks(sorted(wanted)):
        for e in _last_entries(conn, chunk, first, FIRST_LOOK):
            newest[e.entity_id].append(e)
    out: list[Entry] = []
    for entity_id, names in wanted.items():
        missing = set(names)
        older = newest.get(entity_id, [])
        more = len(older) == FIRST_LOOK  # the row may have more history
        size = FIRST_LOOK * 8
        while True:
            for e in older:
                entity = ENTITIES.get(e.entity)
                if e.frozen is None and e.state in ACTIVE:
                    return _entries_of(conn, ids, _OUTBOX.c.client_seq < first)
                if entity is None or e.frozen is None:
                    continue
                sets: dict[tuple[str, str], _Known] = {}
                _learn(sets, entity, e)
                found = {f for _id, f in sets} & missing
                if found:
                    out.append(e)
                    missing -= found
            if not missing or not more:
                break
            older = load_entries(
                conn,
                _OUTBOX.c.entity_id == entity_id,
                _OUTBOX.c.client_seq < older[-1].client_seq,
                limit=size,
                newest_first=True,
            )
            more = len(older) == size
            size = min(size * 8, 1024)
    return out


def _last_entries(conn: sa.Connection, ids: Sequence[str], before: int, n: int) -> list[Entry]:
    """The last ``n`` entries before ``before`` of each of these rows, newest first."""
    ranked = (
        sa.select(
            _OUTBOX.c.client_seq.label("seq"),
            sa.func.row_number()
            .over(partition_by=_OUTBOX.c.entity_id, order_by=_OUTBOX.c.client_seq.desc())
            .label("rank"),
        )
        .where(_OUTBOX.c.entity_id.in_(ids), _OUTBOX.c.client_seq < before)
        .subquery()
    )
    stmt = (
        sa.select(*_ENTRY_COLUMNS)
        .select_from(_OUTBOX.join(ranked, ranked.c.seq == _OUTBOX.c.client_seq))
        .where(ranked.c.rank <= n)
        .order_by(_OUTBOX.c.client_seq.desc())
    )
    return [Entry.of(row) for row in conn.execute(stmt)]


_FREEZE = (
    sa.update(_OUTBOX)
    .where(_OUTBOX.c.client_seq == sa.bindparam("b_seq"))
    .values(payload=sa.bindparam("b_payload", type_=sa.Text()), state=OutboxState.INFLIGHT)
)


def freeze(conn: sa.Connection, todo: Sequence[Entry]) -> None:
    """Build and store the bodies of these pending entries (and of any pending entry of the same
    rows before them), in the caller's transaction. Updates the Entry objects too."""
    todo = [e for e in todo if e.frozen is None]
    if not todo:
        return
    by_entity: dict[str, set[str]] = defaultdict(set)
    for e in todo:
        if e.entity in ENTITIES and ENTITIES[e.entity].kind != EntityKind.AUDIT:
            by_entity[e.entity].add(e.entity_id)
    first, last = min(e.client_seq for e in todo), max(e.client_seq for e in todo)
    ids = [i for entity_ids in by_entity.values() for i in entity_ids]
    history = _entries_of(
        conn, ids, _OUTBOX.c.client_seq >= first, _OUTBOX.c.client_seq <= last
    ) + _earlier_setters(conn, todo, first, ids)
    rows: dict[str, dict[str, Any]] = {
        name: load_rows(conn, ENTITIES[name], entity_ids) for name, entity_ids in by_entity.items()
    }
    merged = {e.client_seq: e for e in history}
    for e in todo:
        merged[e.client_seq] = e
    snapshots = [e for e in todo if isinstance(e.payload, Snapshot)]
    later: dict[str, list[Entry]] = defaultdict(list)
    if snapshots:
        oldest = min(e.client_seq for e in snapshots)
        for e in _entries_of(conn, {e.entity_id for e in snapshots}, _OUTBOX.c.client_seq > oldest):
            later[e.entity_id].append(e)
    known: dict[tuple[str, str], _Known] = {}
    updates = []
    for seq in sorted(merged):
        e = merged[seq]
        entity = ENTITIES.get(e.entity)
        if e.frozen is None and e.state in ACTIVE:
            row = rows.get(e.entity, {}).get(e.entity_id)
            e.payload = _freeze_one(e, entity, row, known, later.get(e.entity_id, ()))
            e.state = OutboxState.INFLIGHT
            text = _JSON.process_bind_param(encode_payload(e.payload), None)
            e.size = len(text or "")
            updates.append({"b_seq": e.client_seq, "b_payload": text})
        if entity is not None and e.frozen is not None:
            _learn(known, entity, e)
    if updates:
        conn.execute(_FREEZE, updates)


def next_batch(
    conn: sa.Connection, limit: int = p.MAX_BATCH, max_bytes: int = 8 * 1024 * 1024
) -> list[Entry]:
    """The next unacknowledged entries in order, frozen; in the caller's write transaction."""
    entries = load_entries(conn, _OUTBOX.c.state.in_(ACTIVE), limit=limit)
    freeze(conn, [e for e in entries if e.frozen is None])
    out: list[Entry] = []
    size = 0
    for e in entries:
        size += e.size or len(json.dumps(e.frozen, separators=(",", ":")))
        if out and size > max_bytes:
            break
        out.append(e)
    if out:
        conn.execute(
            sa.update(_OUTBOX)
            .where(_OUTBOX.c.client_seq.in_([e.client_seq for e in out]))
            .values(attempts=_OUTBOX.c.attempts + 1)
        )
    return out


def freeze_case(conn: sa.Connection, case_ids: Iterable[str]) -> int:
    """Freeze every pending entry of these cases (before their rows are purged)."""
    ids = sorted(set(case_ids))
    todo: list[Entry] = []
    for chunk in chunks(ids):
        todo += load_entries(
            conn, _OUTBOX.c.case_id.in_(chunk), _OUTBOX.c.state == OutboxState.PENDING
        )
    todo.sort(key=lambda e: e.client_seq)
    freeze(conn, todo)
    return len(todo)


# -- acks ------------------------------------------------------------------------------------------
@dataclass
class AckOutcome:
    acked: int = 0
    applied: int = 0
    conflicts: set[str] = field(default_factory=set)
    rejected: int = 0
    bucket_seq: dict[str, int] = field(default_factory=dict)
    versions: list[str] = field(default_factory=list)


def _compact_result(r: p.MutationResult) -> dict[str, Any]:
    """What is kept of a result: everything but the canonical values (the row has them)."""
    out = r.model_dump(mode="json", exclude={"canonical"})
    out["canonical"] = {k: {"ver": v.ver} for k, v in r.canonical.items()}
    return out


def covered_pending(entity: Entity, entries: Iterable[Entry]) -> list[str]:
    """pending_fields for a row from its unacknowledged entries."""
    names: set[str] = set()
    for e in entries:
        source = e.source
        if isinstance(source, Snapshot):
            return [ALL_FIELDS]
        body = e.frozen
        if body is not None:
            names |= set(body.get("fields") or {})
        elif isinstance(source, FieldEdits):
            names |= {f for f in source.fields if f in entity.fields}
    return sorted(names & set(entity.versioned_fields))


def apply_results(
    conn: sa.Connection, store: Any, response: p.PushResponse, *, http_status: int = 200
) -> AckOutcome:
    """Apply a push response in the caller's write transaction."""
    out = AckOutcome()
    results = {r.mutation_id: r for r in response.results}
    entries: list[Entry] = []
    for chunk in chunks(sorted(results)):
        entries += load_entries(conn, _OUTBOX.c.mutation_id.in_(chunk))
    entries.sort(key=lambda e: e.client_seq)
    now = utcnow()
    acks: list[dict[str, Any]] = []
    quarantine: list[dict[str, Any]] = []
    done: list[tuple[Entry, p.MutationResult]] = []
    for e in entries:
        r = results[e.mutation_id]
        if e.state not in ACTIVE or e.frozen is None:
            continue  # answered already (a replayed response)
        out.acked += 1
        for b, s in r.bucket_seq.items():
            out.bucket_seq[b] = max(out.bucket_seq.get(b, 0), s)
        out.versions += [v.ver for v in r.canonical.values() if v.ver]
        if r.status == "rejected":
            out.rejected += 1
            e.state = OutboxState.REJECTED
            reason = r.reason or f"The central store refused this change ({r.code or 'no reason'})."
            acks.append(
                {
                    "b_seq": e.client_seq,
                    "b_state": OutboxState.REJECTED,
                    "b_result": _compact_result(r),
                    "b_error": reason[:2000],
                }
            )
            quarantine.append(
                {
                    "mutation_id": e.mutation_id,
                    "reason": reason[:2000],
                    "http_status": http_status,
                    "payload": e.frozen,
                    "created_at": now,
                    "code": (r.code or "")[:20] or None,
                    "entity": e.entity,
                    "entity_id": e.entity_id,
                    "case_id": e.case_id or None,
                }
            )
        else:
            out.applied += 1
            out.conflicts |= set(r.conflict_ids)
            e.state = OutboxState.ACKED
            acks.append(
                {
                    "b_seq": e.client_seq,
                    "b_state": OutboxState.ACKED,
                    "b_result": _compact_result(r),
                    "b_error": None,
                }
            )
        done.append((e, r))
    if acks:
        conn.execute(
            sa.update(_OUTBOX)
            .where(_OUTBOX.c.client_seq == sa.bindparam("b_seq"))
            .values(
                state=sa.bindparam("b_state"),
                server_result=sa.bindparam("b_result", type_=JSONText()),
                last_error=sa.bindparam("b_error"),
                acked_at=now,
            ),
            acks,
        )
    if quarantine:
        conn.execute(sa.insert(_QUARANTINE).prefix_with("OR IGNORE"), quarantine)
    touched = _write_canonical(conn, done)
    newest = foldable(max(out.versions, default=None), response.server_hlc)
    for ver in [newest, response.server_hlc]:
        tracking.observe(conn, store, ver)
    if touched:
        caseindex.refresh(conn, sorted(touched))
    return out


def _write_canonical(
    conn: sa.Connection, done: Sequence[tuple[Entry, p.MutationResult]]
) -> set[str]:
    """Canonical values into rows, pending fields recomputed. Returns cases whose data changed."""
    by_entity: dict[str, list[tuple[Entry, p.MutationResult]]] = defaultdict(list)
    for e, r in done:
        entity = ENTITIES.get(e.entity)
        if entity is not None and entity.kind == EntityKind.VERSIONED:
            by_entity[e.entity].append((e, r))
    touched: set[str] = set()
    for name, items in by_entity.items():
        entity = ENTITIES[name]
        ids = {e.entity_id for e, _r in items}
        rows = load_rows(conn, entity, ids)
        remaining: dict[str, list[Entry]] = defaultdict(list)
        for e in _entries_of(conn, ids, _STILL_ACTIVE):
            remaining[e.entity_id].append(e)
        vers: dict[str, dict[str, str]] = {}
        values: dict[str, dict[str, Any]] = defaultdict(dict)
        for e, r in items:
            row = rows.get(e.entity_id)
            if row is None or r.status == "rejected":
                continue
            sent = (e.frozen or {}).get("fields") or {}
            current = vers.setdefault(e.entity_id, dict(row.field_vers or {}))
            for f, cv in r.canonical.items():
                if f not in entity.versioned_set or f not in sent or not cv.ver:
                    continue
                if version_of(current, f) != sent[f].get("ver"):
                    continue  # the officer changed it again since; that edit is on its way
                try:
                    value = decode(entity, f, cv.value)
                except Skip as exc:
                    warn(entity.name, f, str(exc))
                    continue
                current[f] = cv.ver
                if encode(entity, f, getattr(row, f)) != encode(entity, f, value):
                    values[e.entity_id][f] = value
        updates = []
        for entity_id in ids:
            row = rows.get(entity_id)
            if row is None:
                continue
            new_vers = vers.get(entity_id, row.field_vers)
            new_pending = covered_pending(entity, remaining.get(entity_id, []))
            changed = values.get(entity_id, {})
            same = new_vers == row.field_vers and new_pending == list(row.pending_fields or [])
            if same and not changed:
                continue
            upd: dict[str, Any] = {
                "b_id": entity_id,
                "field_vers": new_vers,
                "pending_fields": new_pending,
            }
            if changed:
                upd.update(changed)
                upd["updated_at"] = utcnow()
                touched.add(entity_id if name == CASE_ENTITY else row.case_id)
            updates.append(upd)
        grouped_update(conn, entity.table, updates)
    return touched


def grouped_update(conn: sa.Connection, table: sa.Table, updates: list[dict[str, Any]]) -> None:
    """executemany UPDATE by id, one statement per distinct set of columns."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for u in updates:
        groups[tuple(sorted(u))].append(u)
    for keys, params in groups.items():
        cols = [k for k in keys if k != "b_id"]
        stmt = (
            sa.update(table)
            .where(table.c.id == sa.bindparam("b_id"))
            .values({k: sa.bindparam(f"v_{k}", type_=table.c[k].type) for k in cols})
        )
        conn.execute(stmt, [{"b_id": u["b_id"], **{f"v_{k}": u[k] for k in cols}} for u in params])
