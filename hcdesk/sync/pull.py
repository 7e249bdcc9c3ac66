"""Pull: apply one page of changes from the central store in one local transaction.

Rows, the cases' bucket memberships, the bucket cursors and their running checksums are all
written in the caller's transaction, so a crash never leaves a cursor ahead of the data
(reference/SYNC.md §5.1 rule 4). Pulled data is written with plain SQL statements on the tables,
batched per table, so it makes no outbox entries or audit events of its own; the cases it
touched get their search and case-list documents rebuilt in the same transaction.

Per field, a received version replaces the local one only if it is newer and the field has no
unacknowledged local change (that change is on its way to the server, which decides).
"""

from __future__ import annotations

import datetime as dt
import logging
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hcdesk.models.audit import AuditEvent
from hcdesk.models.base import UTC, utcnow
from hcdesk.models.case import SYNCED_MODELS
from hcdesk.models.sync import CaseBucket, Conflict, SyncBucket
from hcdesk.store import caseindex, tracking
from hcdesk.sync import state as sync_state
from hcdesk.sync.clockcheck import foldable
from hcdesk.sync.push import chunks, freeze_case, grouped_update
from hcdesk.sync.storage import FORMS, empty_value, stored_time, warn
from hcdesk.wire import protocol as p
from hcdesk.wire.registry import (
    CASE_ENTITY,
    ENTITIES,
    ORDER,
    Entity,
    EntityKind,
    Skip,
    compact_versions,
    decode,
    hlc_time,
    pending_set,
    version_of,
)

log = logging.getLogger("hcdesk.sync")

_BUCKET: sa.Table = SyncBucket.__table__  # type: ignore[assignment]
_CASE_BUCKET: sa.Table = CaseBucket.__table__  # type: ignore[assignment]
_CONFLICT: sa.Table = Conflict.__table__  # type: ignore[assignment]
_AUDIT: sa.Table = AuditEvent.__table__  # type: ignore[assignment]


def change_hash(c: p.Change) -> int:
    return p.change_hash(c.bucket, c.seq, c.entity, c.entity_id, c.op, c.fields)


@dataclass
class Checksum:
    seq: int = 0
    count: int = 0
    hash: int = 0

    def add(self, change: p.Change, digest: int | None = None) -> None:
        """Count ``change`` in; ``digest`` is its :func:`change_hash` when already known."""
        self.seq = change.seq
        self.count += 1
        self.hash = (self.hash + (change_hash(change) if digest is None else digest)) % p.HASH_MOD


def load_buckets(conn: sa.Connection) -> dict[str, Checksum]:
    rows = conn.execute(sa.select(_BUCKET.c.bucket, _BUCKET.c.seq, _BUCKET.c.count, _BUCKET.c.hash))
    return {b: Checksum(seq, count, h) for b, seq, count, h in rows}


def reset_bucket(conn: sa.Connection, bucket: str) -> None:
    conn.execute(
        sa.update(_BUCKET).where(_BUCKET.c.bucket == bucket).values(seq=0, count=0, hash=0)
    )


@dataclass
class PageOutcome:
    changes: int = 0  # change entries applied (replays not counted)
    rows_written: int = 0
    new_conflicts: set[str] = field(default_factory=set)
    cases: set[str] = field(default_factory=set)
    purged: set[str] = field(default_factory=set)
    mismatched: list[str] = field(default_factory=list)  # buckets reset for a re-read
    still_mismatched: list[str] = field(default_factory=list)  # differs again after a reset


@dataclass
class _Segment:
    """Changes between two ``remove`` entries, applied together, table by table."""

    puts: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    appends: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    conflicts: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    memberships: set[tuple[str, str]] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.puts or self.appends or self.conflicts or self.memberships)

    def add(self, c: p.Change) -> None:
        if c.op == "conflict":
            self.conflicts[c.entity_id] = (c.seq, c.fields)
            return
        if c.entity not in ENTITIES:
            return  # a kind of record this version does not know: ignored
        if c.case_id:
            self.memberships.add((c.case_id, c.bucket))
        target = self.appends if c.op == "append" else self.puts
        rows = target[c.entity]
        slot = rows.get(c.entity_id)
        if slot is None:  # the usual case: the fields are used as received
            rows[c.entity_id] = {"case_id": c.case_id, "seq": c.seq, "fields": c.fields}
            return
        # The same row twice in a segment: per field, the newer version.
        slot["seq"] = max(slot["seq"], c.seq)
        fields = dict(slot["fields"])
        for name, fv in c.fields.items():
            old = fields.get(name)
            if old is None or _ver(fv) >= _ver(old):
                fields[name] = fv
        slot["fields"] = fields


def _ver(fv: Any) -> str:
    ver = fv.get("ver") if isinstance(fv, dict) else None
    return ver if isinstance(ver, str) else ""


class PageApplier:
    """Applies one pull page on ``conn`` (in the caller's write transaction)."""

    def __init__(
        self,
        conn: sa.Connection,
        store: Any,
        reset_allowed: set[str],
        *,
        defer_index: bool = False,
    ) -> None:
        """``defer_index``: leave the search and case-list indexes of the page's cases to the
        caller (:func:`update_indexes` once the pull is over: a case whose rows arrive over
        several pages is then indexed once), marking them stale in the page's transaction."""
        self.conn = conn
        self.store = store
        self.reset_allowed = reset_allowed
        self.defer_index = defer_index
        self.out = PageOutcome()
        self.max_ver = ""
        self._page_defaults: dict[str, dict[str, Any]] = {}

    # -- the page ------------------------------------------------------------------------------
    def apply(self, page: p.PullResponse, digests: Sequence[int] | None = None) -> PageOutcome:
        """Apply a page; ``digests`` are its changes' :func:`change_hash` values if they were
        worked out already (the client does that on the thread that fetched the page)."""
        conn = self.conn
        sums = load_buckets(conn)
        for b in page.buckets:
            sums.setdefault(b, Checksum())
        if page.buckets_removed:
            self._remove_buckets(page.buckets_removed)
            for b in page.buckets_removed:
                sums.pop(b, None)
        allowed = set(page.buckets)
        segment = _Segment()
        for i, c in enumerate(page.changes):
            if c.bucket not in allowed:
                continue
            state = sums[c.bucket]
            if c.seq <= state.seq:
                continue  # already applied (a replayed page)
            state.add(c, None if digests is None else digests[i])
            self.out.changes += 1
            if c.op == "remove":
                self._flush(segment)
                segment = _Segment()
                self._remove_case(c.case_id or c.entity_id, c.bucket)
            else:
                segment.add(c)
        self._flush(segment)
        # Cursors and checksums, in the same transaction as the data.
        rows = []
        for b in sorted(allowed):
            state = sums[b]
            state.seq = max(state.seq, page.cursors.get(b, state.seq))
            theirs = page.checksums.get(b)
            differs = (
                theirs is not None
                and theirs.seq == state.seq
                and (theirs.count, theirs.hash) != (state.count, state.hash)
            )
            if differs:
                if b in self.reset_allowed:
                    log.warning("sync: bucket checksum differs; reading the bucket again")
                    self.out.mismatched.append(b)
                    state = Checksum()
                else:
                    log.warning("sync: bucket checksum still differs after a re-read")
                    self.out.still_mismatched.append(b)
            rows.append({"bucket": b, "seq": state.seq, "count": state.count, "hash": state.hash})
        if rows:
            stmt = sqlite_insert(_BUCKET)
            stmt = stmt.on_conflict_do_update(
                index_elements=[_BUCKET.c.bucket],
                set_={
                    "seq": stmt.excluded.seq,
                    "count": stmt.excluded.count,
                    "hash": stmt.excluded.hash,
                },
            )
            conn.execute(stmt, rows)
        for ver in (foldable(self.max_ver, page.server_hlc), page.server_hlc):
            tracking.observe(conn, self.store, ver)
        cases = sorted(self.out.cases | self.out.purged)
        if cases and self.defer_index:
            sync_state.write(conn, {sync_state.INDEX_STALE: "1"})
        elif cases:
            caseindex.refresh(conn, cases, fast=True)
        return self.out

    # -- rows ------------------------------------------------------------------------------------
    def _flush(self, seg: _Segment) -> None:
        if not seg:
            return
        for name in ORDER:
            if name in seg.puts:
                self._puts(ENTITIES[name], seg.puts[name])
            if name in seg.appends:
                self._appends(ENTITIES[name], seg.appends[name])
        if seg.conflicts:
            self._conflicts(seg.conflicts)
        if seg.memberships:
            self.conn.execute(
                sa.insert(_CASE_BUCKET).prefix_with("OR IGNORE"),
                [{"case_id": c, "bucket": b} for c, b in sorted(seg.memberships)],
            )

    def _case_of(self, entity: Entity, entity_id: str, case_id: str) -> str:
        return entity_id if entity.name == CASE_ENTITY else case_id

    def _note_ver(self, ver: str) -> None:
        if ver > self.max_ver:
            self.max_ver = ver

    def _puts(self, entity: Entity, items: dict[str, dict[str, Any]]) -> None:
        if entity.kind != EntityKind.VERSIONED:  # an append-only row sent as a put: insert once
            self._appends(entity, items)
            return
        table = entity.table
        existing: dict[str, Any] = {}
        cols = [table.c.id, table.c.field_vers, table.c.pending_fields, table.c.updated_at]
        if entity.name == CASE_ENTITY:
            cols.append(table.c.local_ref)
        for chunk in chunks(sorted(items)):
            for found in self.conn.execute(sa.select(*cols).where(table.c.id.in_(chunk))):
                existing[found.id] = found
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for entity_id, item in items.items():
            row = existing.get(entity_id)
            if row is None:
                inserts.append(self._new_row(entity, entity_id, item))
            else:
                upd = self._changed(entity, row, item)
                if upd is not None:
                    updates.append(upd)
            self.out.cases.add(self._case_of(entity, entity_id, item["case_id"]))
        if entity.name == CASE_ENTITY:
            self._unique_refs(inserts, updates, existing)
        self._insert(entity, inserts)
        if updates:
            grouped_update(self.conn, table, updates)
        self.out.rows_written += len(inserts) + len(updates)

    def _values(
        self, entity: Entity, fields: dict[str, tuple[Any, str]]
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """Python values of received fields (for updates through the column types)."""
        values: dict[str, Any] = {}
        vers: dict[str, str] = {}
        for name, (raw, ver) in fields.items():
            if name not in entity.fields:
                continue  # a field this version does not know: ignored
            try:
                values[name] = decode(entity, name, raw)
            except Skip as exc:
                warn(entity.name, name, str(exc))
                continue
            if name in entity.versioned_set and ver:
                vers[name] = ver
            if ver:
                self._note_ver(ver)
        return values, vers

    # New rows are built in the form SQLite stores (see storage.wire_to_storage) and inserted
    # with one executemany per table.
    def _stored(
        self, entity: Entity, fields: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {}
        vers: dict[str, str] = {}
        convert = FORMS[entity.name].from_wire
        versioned = entity.versioned_set
        newest = ""
        for name, fv in fields.items():
            conv = convert.get(name)
            if conv is None:
                continue  # a field this version does not know: ignored
            try:
                raw = fv["value"]
                ver = fv.get("ver")
            except (TypeError, KeyError, AttributeError):
                continue
            try:
                values[name] = conv(raw)
            except Skip as exc:
                warn(entity.name, name, str(exc))
                continue
            if ver.__class__ is str and ver:
                if name in versioned:
                    vers[name] = ver
                if ver > newest:
                    newest = ver
        if newest > self.max_ver:
            self.max_ver = newest
        return values, vers

    def _defaults(self, entity: Entity) -> dict[str, Any]:
        """Every column's default in stored form (evaluated once per page)."""
        found = self._page_defaults.get(entity.name)
        if found is None:
            store = FORMS[entity.name].columns
            found = {
                key: store[key](default(None)) if default is not None else None
                for key, default in entity.defaults
            }
            self._page_defaults[entity.name] = found
        return found

    def _complete(self, entity: Entity, row: dict[str, Any]) -> dict[str, Any]:
        """Every column filled: defaults, then a stand-in for a required value still missing."""
        full = {**self._defaults(entity), **row}
        for col in entity.required:
            if full[col.key] is None:
                warn(entity.name, col.key, "was not sent although it is required")
                full[col.key] = FORMS[entity.name].columns[col.key](empty_value(col))
        return full

    def _new_row(self, entity: Entity, entity_id: str, item: dict[str, Any]) -> dict[str, Any]:
        row, vers = self._stored(entity, item["fields"])
        store = FORMS[entity.name].columns
        row["id"] = entity_id
        row["server_seq"] = item["seq"]
        if entity.has_case_column:
            row["case_id"] = item["case_id"]
        newest = max(vers.values(), default=None)
        row["field_vers"] = store["field_vers"](compact_versions(entity, vers))
        row["pending_fields"] = "[]"
        row.setdefault("deleted", 0)
        row["updated_at"] = stored_time(newest) or store["updated_at"](utcnow())
        if not row.get("created_hlc"):
            row["created_hlc"] = min(vers.values(), default="")
        return self._complete(entity, row)

    def _insert(self, entity: Entity, rows: list[dict[str, Any]], ignore: bool = False) -> None:
        if not rows:
            return
        cols = [c.name for c in entity.table.columns]
        pick = operator.itemgetter(*cols)
        sql = (
            f'INSERT {"OR IGNORE " if ignore else ""}INTO "{entity.table.name}" '
            f"({', '.join(f'{chr(34)}{c}{chr(34)}' for c in cols)}) "
            f"VALUES ({', '.join('?' for _ in cols)})"
        )
        self.conn.exec_driver_sql(sql, [pick(r) for r in rows])

    def _changed(self, entity: Entity, row: Any, item: dict[str, Any]) -> dict[str, Any] | None:
        pending = pending_set(entity, row.pending_fields)
        vers = dict(row.field_vers or {})
        fresh: dict[str, tuple[Any, str]] = {}
        for name, fv in item["fields"].items():
            if name not in entity.versioned_set or name in pending:
                continue
            if not isinstance(fv, dict) or "value" not in fv:
                continue
            raw, ver = fv["value"], _ver(fv)
            local = version_of(vers, name)
            if local is not None and ver <= local:
                continue
            fresh[name] = (raw, ver)
        if not fresh:
            return None
        values, new_vers = self._values(entity, fresh)
        if not values:
            return None
        vers.update({k: v for k, v in new_vers.items() if k in values})
        newest = hlc_time(max(new_vers.values(), default=None))
        upd: dict[str, Any] = {
            "b_id": row.id,
            **values,
            "field_vers": vers,
            "server_seq": item["seq"],
        }
        if newest is not None and (row.updated_at is None or newest > row.updated_at):
            upd["updated_at"] = newest
        return upd

    def _unique_refs(
        self, inserts: list[dict[str, Any]], updates: list[dict[str, Any]], existing: dict[str, Any]
    ) -> None:
        """Local references are unique in this store but made per device: two devices can pick
        the same one. The case keeps its own; the copy shown here gets a short suffix."""
        wanted = [(r["id"], r) for r in inserts] + [
            (u["b_id"], u) for u in updates if "local_ref" in u
        ]
        if not wanted:
            return
        table = ENTITIES[CASE_ENTITY].table
        refs = sorted({r["local_ref"] for _i, r in wanted if r.get("local_ref")})
        taken: dict[str, str] = {}
        for chunk in chunks(refs):
            for cid, ref in self.conn.execute(
                sa.select(table.c.id, table.c.local_ref).where(table.c.local_ref.in_(chunk))
            ):
                taken[ref] = cid
        for cid, r in wanted:
            ref = r.get("local_ref")
            if not ref:
                continue
            owner = taken.get(ref)
            if owner is not None and owner != cid:
                warn(CASE_ENTITY, "local_ref", "is used by another case here; a suffix was added")
                r["local_ref"] = f"{ref}~{cid[:8]}"
            taken[r["local_ref"]] = cid

    def _appends(self, entity: Entity, items: dict[str, dict[str, Any]]) -> None:
        table = entity.table
        present: set[str] = set()
        for chunk in chunks(sorted(items)):
            present |= set(self.conn.scalars(sa.select(table.c.id).where(table.c.id.in_(chunk))))
        inserts = []
        for entity_id, item in items.items():
            if entity.kind != EntityKind.AUDIT:
                self.out.cases.add(self._case_of(entity, entity_id, item["case_id"]))
            if entity_id in present:
                continue
            row, _vers = self._stored(entity, item["fields"])
            row["id"] = entity_id
            row["server_seq"] = item["seq"]
            if entity.has_case_column and entity.kind != EntityKind.AUDIT:
                row["case_id"] = item["case_id"]
            inserts.append(self._complete(entity, row))
        # One device's audit event numbers are unique: a clash is ignored, not a stuck sync.
        self._insert(entity, inserts, ignore=entity.kind == EntityKind.AUDIT)
        self.out.rows_written += len(inserts)

    def _conflicts(self, items: dict[str, tuple[int, dict[str, Any]]]) -> None:
        present = set()
        ids = sorted(items)
        for chunk in chunks(ids):
            present |= set(
                self.conn.scalars(sa.select(_CONFLICT.c.id).where(_CONFLICT.c.id.in_(chunk)))
            )
        rows: list[dict[str, Any]] = []
        for cid, (seq, f) in items.items():
            status = f.get("status") if f.get("status") in ("open", "resolved") else "open"
            resolution = f.get("resolution") if isinstance(f.get("resolution"), dict) else None
            if cid not in present and status == "open":
                self.out.new_conflicts.add(cid)
            rows.append(
                {
                    "id": cid,
                    "entity": str(f.get("entity") or "")[:60],
                    "entity_id": str(f.get("entity_id") or "")[:64],
                    "case_id": str(f.get("case_id") or "")[:64],
                    "field": str(f.get("field") or "")[:60],
                    "policy": str(f.get("policy") or "scalar")[:20],
                    "winner": f.get("winner") if isinstance(f.get("winner"), dict) else {},
                    "loser": f.get("loser") if isinstance(f.get("loser"), dict) else {},
                    "base": f.get("base") if isinstance(f.get("base"), dict) else None,
                    "status": status,
                    "resolution": resolution,
                    "resolved_at": _when((resolution or {}).get("at"))
                    if status == "resolved"
                    else None,
                    "server_seq": seq,
                    "created_at": utcnow(),
                }
            )
        stmt = sqlite_insert(_CONFLICT)
        keep = ("id", "created_at")
        stmt = stmt.on_conflict_do_update(
            index_elements=[_CONFLICT.c.id],
            set_={c.key: stmt.excluded[c.key] for c in _CONFLICT.columns if c.key not in keep},
        )
        self.conn.execute(stmt, rows)

    # -- leaving buckets -------------------------------------------------------------------------
    def _remove_case(self, case_id: str, bucket: str) -> None:
        self.conn.execute(
            sa.delete(_CASE_BUCKET).where(
                _CASE_BUCKET.c.case_id == case_id, _CASE_BUCKET.c.bucket == bucket
            )
        )
        left = self.conn.scalar(
            sa.select(sa.func.count())
            .select_from(_CASE_BUCKET)
            .where(_CASE_BUCKET.c.case_id == case_id)
        )
        if not left:
            self._purge([case_id])

    def _remove_buckets(self, buckets: Sequence[str]) -> None:
        cases = set(
            self.conn.scalars(
                sa.select(_CASE_BUCKET.c.case_id).where(_CASE_BUCKET.c.bucket.in_(buckets))
            )
        )
        self.conn.execute(sa.delete(_CASE_BUCKET).where(_CASE_BUCKET.c.bucket.in_(buckets)))
        self.conn.execute(sa.delete(_BUCKET).where(_BUCKET.c.bucket.in_(buckets)))
        if not cases:
            return
        still: set[str] = set()
        for chunk in chunks(sorted(cases)):
            still |= set(
                self.conn.scalars(
                    sa.select(_CASE_BUCKET.c.case_id).where(_CASE_BUCKET.c.case_id.in_(chunk))
                )
            )
        self._purge(sorted(cases - still))

    def _purge(self, case_ids: Sequence[str]) -> None:
        """Remove cases this device may no longer read. Unsent changes to them stay in the
        outbox (frozen first, so their content is kept); the quarantine is never touched."""
        if not case_ids:
            return
        purge_cases(self.conn, self.store, case_ids)
        self.out.purged |= set(case_ids)
        self.out.cases -= set(case_ids)


INDEX_CHUNK = 2000  # cases indexed per write transaction (about a second's work)


def update_indexes(
    store: Any,
    case_ids: Iterable[str] | None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Bring the search and case-list indexes of these cases up to date, a chunk of cases per
    write transaction, then clear the stale mark. ``None``: every case the store holds or has
    index entries for (after a pull that was cut off before this). Returns the cases done."""
    from hcdesk.sync import local

    if case_ids is None:
        with local.read(store) as conn:
            ids = sorted(
                {
                    r[0]
                    for r in conn.exec_driver_sql(
                        "SELECT id FROM case_file UNION SELECT case_id FROM case_search_doc "
                        "UNION SELECT case_id FROM case_list"
                    )
                }
            )
    else:
        ids = sorted(set(case_ids))
    done = 0
    for start in range(0, max(len(ids), 1), INDEX_CHUNK):
        chunk = ids[start : start + INDEX_CHUNK]
        with local.write(store) as conn:
            if chunk:
                caseindex.refresh(conn, chunk, fast=True)
            if start + INDEX_CHUNK >= len(ids):
                sync_state.write(conn, {sync_state.INDEX_STALE: None})
        done += len(chunk)
        if progress is not None:
            progress(done, len(ids))
    return done


def indexes_stale(store: Any) -> bool:
    from hcdesk.sync import local

    with local.read(store) as conn:
        return bool(sync_state.read(conn, [sync_state.INDEX_STALE]))


def purge_cases(conn: sa.Connection, store: Any, case_ids: Sequence[str]) -> None:
    freeze_case(conn, case_ids)
    device = getattr(store, "device_id", "") or ""
    children = [m for m in reversed(SYNCED_MODELS) if m.__tablename__ != CASE_ENTITY]
    case_table = ENTITIES[CASE_ENTITY].table
    for chunk in chunks(list(case_ids)):
        for model in children:
            table = ENTITIES[model.__tablename__].table
            conn.execute(sa.delete(table).where(table.c.case_id.in_(chunk)))
        conn.execute(
            sa.delete(_AUDIT).where(_AUDIT.c.case_id.in_(chunk), _AUDIT.c.device_id != device)
        )
        conn.execute(sa.delete(_CONFLICT).where(_CONFLICT.c.case_id.in_(chunk)))
        conn.execute(sa.delete(_CASE_BUCKET).where(_CASE_BUCKET.c.case_id.in_(chunk)))
        conn.execute(sa.delete(case_table).where(case_table.c.id.in_(chunk)))
    caseindex.refresh(conn, case_ids, fast=True)


def _when(text: Any) -> dt.datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def apply_page(
    store: Any, page: p.PullResponse, reset_allowed: set[str] | None = None
) -> PageOutcome:
    """Apply one page in its own write transaction (rows, memberships, cursors, checksums)."""
    from hcdesk.sync import local

    allowed = set(page.buckets) if reset_allowed is None else reset_allowed
    with local.write(store, foreign_keys=False) as conn:
        return PageApplier(conn, store, allowed).apply(page)
