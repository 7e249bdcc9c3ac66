"""Push, pull, resolve and share on the central store (reference/SYNC.md §5.2, §5.4, §5.5).

The server is the only place that decides between concurrent edits. Per field:

* a version equal to the one stored is a replay: nothing happens;
* an edit whose ``base_ver`` is the stored version (the officer saw what is there) replaces it,
  whatever the clocks say: if its version is not newer (a slow clock) the server re-stamps it
  with a newer one, so an edit made after seeing another always comes after it;
* otherwise the edit is concurrent. Equal values merge quietly. Different values: the newer
  version wins (last writer wins) and the other is kept in a conflict record, for scalars and
  narratives alike; narrative conflicts are marked for review and nothing is ever merged into
  text nobody wrote;
* a version more than ``MAX_SKEW_MS`` ahead of the server's wall clock is re-stamped and the
  device flagged, so a laptop with its clock hours or days ahead cannot win every future
  argument; a version within the margin is folded into the server clock (:mod:`.clock`),
  which therefore never runs more than the margin ahead of the wall clock.

A delete is the versioned field ``deleted``. An edit to a deleted row is kept (the row stays
deleted) and raises a ``delete`` conflict; so does a delete that overtakes an edit its author
had not seen. Append-only rows are inserted once and never changed.

Every mutation is authorised against the case's home team and shares, and every accepted one
is written, with its change-log entries in each bucket of the case, the bucket counters and
checksums, the idempotency record and the device's sequence number, in one transaction.
Bucket counters are locked in name order for the whole transaction, so within a bucket
sequence order is commit order and a pull can never skip a row committed late.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.models.base import uuid7
from hcdesk.models.values import BadValue, decode_value
from hcdesk.server.clock import ServerClock
from hcdesk.server.db import (
    AppliedMutation,
    BucketCounter,
    CaseHome,
    CaseShare,
    ChangeLog,
    Device,
    FieldHistory,
    Record,
    ServerConflict,
    Team,
    utcnow,
)
from hcdesk.server.errors import UNSTORABLE_MESSAGE, unstorable
from hcdesk.wire import protocol as p
from hcdesk.wire.hlc import HLC
from hcdesk.wire.registry import BOOKKEEPING, ENTITIES, Entity

log = logging.getLogger("hcdesk.server.sync")

META_FIELDS = BOOKKEEPING


class SeqGap(Exception):
    def __init__(self, expected: int) -> None:
        super().__init__(f"expected client_seq {expected}")
        self.expected = expected


class PushRefused(Exception):
    """The whole request is wrong (not one mutation): answered with a 4xx."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


class ShareError(Exception):
    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


MAX_UNKNOWN_FIELDS = 20


# -- the principal, as this module needs it ------------------------------------------------------
@dataclass(frozen=True)
class Actor:
    user_id: str
    username: str
    role: str
    team_ids: tuple[str, ...]
    device_id: str


def actor_of(principal: Any) -> Actor:
    return Actor(
        principal.user_id,
        principal.username,
        principal.role,
        tuple(principal.team_ids),
        principal.device_id,
    )


# -- a unit of work ----------------------------------------------------------------------------
@dataclass
class _Work:
    """Collects the effects of one transaction and allocates bucket sequence numbers."""

    s: Session
    counters: dict[str, BucketCounter] = field(default_factory=dict)
    changes: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    applied: list[dict[str, Any]] = field(default_factory=list)
    top: dict[str, int] = field(default_factory=dict)

    def lock_buckets(self, buckets: Iterable[str]) -> None:
        wanted = sorted(set(buckets) - set(self.counters))
        if not wanted:
            return
        # Create missing counters first, then lock them all in name order.
        existing = set(
            self.s.scalars(sa.select(BucketCounter.bucket).where(BucketCounter.bucket.in_(wanted)))
        )
        for b in wanted:
            if b not in existing:
                self.s.add(BucketCounter(bucket=b, seq=0, count=0, hash=0))
        if len(existing) < len(wanted):
            self.s.flush()
        rows = self.s.scalars(
            sa.select(BucketCounter)
            .where(BucketCounter.bucket.in_(wanted))
            .order_by(BucketCounter.bucket)
            .with_for_update()
        )
        for row in rows:
            self.counters[row.bucket] = row

    def emit(
        self,
        buckets: Iterable[str],
        entity: str,
        entity_id: str,
        case_id: str,
        op: str,
        fields: dict[str, Any],
        mutation_id: str | None,
    ) -> dict[str, int]:
        out: dict[str, int] = {}
        for b in sorted(buckets):
            c = self.counters[b]
            c.seq += 1
            c.count += 1
            c.hash = (c.hash + p.change_hash(b, c.seq, entity, entity_id, op, fields)) % p.HASH_MOD
            self.changes.append(
                {
                    "bucket": b,
                    "seq": c.seq,
                    "entity": entity,
                    "entity_id": entity_id,
                    "case_id": case_id,
                    "op": op,
                    "fields": fields,
                    "mutation_id": mutation_id,
                    "checksum_count": c.count,
                    "checksum_hash": c.hash,
                }
            )
            out[b] = c.seq
            self.top[b] = c.seq
        return out

    def flush(self) -> None:
        # Plain table inserts, one executemany each (rows that nothing in this transaction
        # reads back as objects; the ORM's per-row bookkeeping was most of a push's time).
        for table, rows in (
            (_CHANGE_LOG, self.changes),
            (_FIELD_HISTORY, self.history),
            (_APPLIED, self.applied),
        ):
            if rows:
                self.s.execute(sa.insert(table), rows)
        self.changes, self.history, self.applied = [], [], []
        self.s.flush()


_CHANGE_LOG: sa.Table = ChangeLog.__table__  # type: ignore[assignment]
_FIELD_HISTORY: sa.Table = FieldHistory.__table__  # type: ignore[assignment]
_APPLIED: sa.Table = AppliedMutation.__table__  # type: ignore[assignment]


# -- case access -------------------------------------------------------------------------------
class _Cases:
    """Case homes and shares, loaded once per request."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.home: dict[str, str | None] = {}
        self.shares: dict[str, set[str]] = {}
        self.team_by_name: dict[str, str | None] = {}  # for new cases' home teams

    def load(self, case_ids: Iterable[str]) -> None:
        ids = sorted({c for c in case_ids if c and c not in self.home})
        for chunk in _chunks(ids, 500):
            for cid, tid in self.s.execute(
                sa.select(CaseHome.case_id, CaseHome.team_id).where(CaseHome.case_id.in_(chunk))
            ):
                self.home[cid] = tid
            for cid, tid in self.s.execute(
                sa.select(CaseShare.case_id, CaseShare.team_id).where(CaseShare.case_id.in_(chunk))
            ):
                self.shares.setdefault(cid, set()).add(tid)
            for cid in chunk:
                self.home.setdefault(cid, None)

    def teams(self, case_id: str) -> set[str]:
        home = self.home.get(case_id)
        if home is None:
            return set()
        return {home} | self.shares.get(case_id, set())

    def buckets(self, case_id: str) -> set[str]:
        home = self.home.get(case_id)
        if home is None:
            return set()
        shared = {p.share_bucket(t) for t in self.shares.get(case_id, set())}
        return {p.team_bucket(home)} | shared

    def readable(self, case_id: str, actor: Actor) -> bool:
        return bool(self.buckets(case_id) & set(readable_buckets(actor)))


def _chunks(items: list[str], n: int) -> Iterable[list[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _home_team_for_new_case(
    s: Session, actor: Actor, m: p.Mutation, known: dict[str, str | None] | None = None
) -> str | None:
    """The team a new case belongs to: the one its ``team`` field names, else the first.
    ``known`` remembers the names already looked up in this request."""
    if not actor.team_ids:
        return None
    if m.entity == "case_file":
        named = m.fields.get("team")
        if named is not None and isinstance(named.value, str) and named.value:
            if known is not None and named.value in known:
                tid = known[named.value]
            else:
                with s.no_autoflush:  # teams are not written here: nothing pending to flush
                    tid = s.scalar(
                        sa.select(Team.id).where(
                            Team.name == named.value, Team.id.in_(actor.team_ids)
                        )
                    )
                if known is not None:
                    known[named.value] = tid
            if tid:
                return tid
    return sorted(actor.team_ids)[0]


# -- push --------------------------------------------------------------------------------------
def push(
    s: Session, actor: Actor, req: p.PushRequest, clock: ServerClock, *, max_schema: int
) -> p.PushResponse:
    """Apply one push request in the caller's transaction; raises SeqGap / PushRefused."""
    if req.device_id != actor.device_id:
        raise PushRefused(403, "wrong_device", "This token belongs to another device.")
    if req.schema_version > max_schema:
        raise PushRefused(
            422, "schema_too_new", "This client is newer than the central store; update it."
        )
    seqs = [m.client_seq for m in req.mutations]
    if seqs != sorted(seqs) or len(set(seqs)) != len(seqs):
        raise PushRefused(422, "bad_order", "Mutations must be in increasing client_seq order.")
    ids = [m.mutation_id for m in req.mutations]
    if len(set(ids)) != len(ids):
        raise PushRefused(422, "duplicate_id", "A mutation id appears twice in one request.")

    device = s.get(Device, actor.device_id, with_for_update=True)
    if device is None:
        raise PushRefused(403, "unknown_device", "This device is not registered; sign in again.")
    applied = {
        a.mutation_id: a
        for a in s.scalars(sa.select(AppliedMutation).where(AppliedMutation.mutation_id.in_(ids)))
    }
    cases = _Cases(s)
    cases.load(m.case_id for m in req.mutations)
    work = _Work(s)
    # Lock every bucket this request can touch before writing anything (fixed order).
    buckets: set[str] = set()
    for m in req.mutations:
        if cases.home.get(m.case_id) is None and m.case_id:
            home = _home_team_for_new_case(s, actor, m, cases.team_by_name)
            if home:
                buckets.add(p.team_bucket(home))
        buckets |= cases.buckets(m.case_id)
    work.lock_buckets(buckets)
    records = {
        r.entity_id: r
        for chunk in _chunks(sorted({m.entity_id for m in req.mutations}), 500)
        for r in s.scalars(sa.select(Record).where(Record.entity_id.in_(chunk)))
    }

    results: list[p.MutationResult] = []
    last = device.last_client_seq
    skewed = False
    for m in req.mutations:
        digest = p.request_hash(m)
        prior = applied.get(m.mutation_id)
        if prior is not None:
            if prior.request_hash == digest:
                res = p.MutationResult.model_validate(prior.result)
                res.status = "duplicate"
            else:
                res = _rejected(
                    m, "reused_id", "This change id was already used for another change."
                )
            results.append(res)
            continue
        if m.client_seq <= last:
            res = _rejected(
                m,
                "reused_seq",
                "This device already sent a different change with this number; the change is "
                "kept here for a person to look at.",
            )
            results.append(res)
            continue
        if m.client_seq != last + 1:
            raise SeqGap(last + 1)
        ctx = _Ctx(s, actor, clock, cases, work, records)
        res = ctx.apply(m)
        skewed = skewed or ctx.skewed
        work.applied.append(
            {
                "mutation_id": m.mutation_id,
                "device_id": actor.device_id,
                "client_seq": m.client_seq,
                "request_hash": digest,
                "result": res.model_dump(mode="json"),
            }
        )
        last = m.client_seq
        results.append(res)
    device.last_client_seq = last
    device.last_seen_at = utcnow()
    if skewed:
        device.skew_flagged_at = utcnow()
        log.warning("device %s sent versions too far ahead of the server clock", device.device_id)
    work.flush()
    readable = set(readable_buckets(actor))
    checkpoint = {b: c.seq for b, c in work.counters.items() if b in readable}
    return p.PushResponse(results=results, write_checkpoint=checkpoint, server_hlc=clock.tick())


def _rejected(m: p.Mutation, code: str, reason: str) -> p.MutationResult:
    return p.MutationResult(
        mutation_id=m.mutation_id,
        client_seq=m.client_seq,
        status="rejected",
        code=code,
        reason=reason,
    )


class _Invalid(Exception):
    pass


class _Ctx:
    def __init__(
        self,
        s: Session,
        actor: Actor,
        clock: ServerClock,
        cases: _Cases,
        work: _Work,
        records: dict[str, Record],
    ) -> None:
        self.s, self.actor, self.clock, self.cases, self.work = s, actor, clock, cases, work
        self.records = records
        self.skewed = False
        self.now = utcnow()

    # -- authorisation
    def _may_write(self, m: p.Mutation, spec: Entity | None) -> str | None:
        """None if allowed, else why not."""
        role = self.actor.role
        if role == "admin":
            return "Administrators manage users and devices; they do not change case records."
        teams = self.cases.teams(m.case_id)
        readable = self.cases.readable(m.case_id, self.actor)
        if m.op == "resolve":
            if role != "supervisor":
                return "Only a supervisor can resolve a sync conflict."
            return None if readable else "This case belongs to a team you are not in."
        if role == "cps":
            if m.entity == "audit_event" and (readable or not m.case_id):
                return None
            return "CPS liaison accounts can read shared cases but not change them."
        if m.entity == "audit_event" and not m.case_id:
            return None
        if not teams:  # a new case: it will belong to the officer's team
            return None if self.actor.team_ids else "Your account is not in any team."
        return None if readable else "This case belongs to a team you are not in."

    # -- dispatch
    def apply(self, m: p.Mutation) -> p.MutationResult:
        spec = ENTITIES.get(m.entity)
        if m.op != "resolve" and spec is None:
            return _rejected(m, "invalid", f"Unknown kind of record {m.entity!r}.")
        if m.case_id and self.cases.home.get(m.case_id) is None:
            self.cases.load([m.case_id])
        why = self._may_write(m, spec)
        if why:
            return _rejected(m, "forbidden", why)
        if unstorable(m.model_dump()):
            return _rejected(m, "invalid", UNSTORABLE_MESSAGE)
        try:
            if m.op == "resolve":
                return self._resolve(m)
            assert spec is not None
            if not m.case_id and m.entity != "audit_event":
                raise _Invalid("Every record must belong to a case.")
            if m.entity == "audit_event":
                device = m.fields.get("device_id")
                if device is None or device.value != self.actor.device_id:
                    raise _Invalid("An audit event must come from the device that recorded it.")
            values = self._validate(m, spec)
            rec = self.records.get(m.entity_id)
            if rec is not None and (rec.entity != m.entity or rec.case_id != m.case_id):
                raise _Invalid("This record id already belongs to another record.")
            if m.entity == "case_file" and m.entity_id != m.case_id:
                raise _Invalid("A case's id and its case id must be the same.")
            self._ensure_home(m)
            if spec.append_only:
                if m.op != "append":
                    raise _Invalid(f"{m.entity} entries are append-only; add a new entry instead.")
                return self._append(m, spec, values, rec)
            if m.op not in ("upsert", "delete"):
                raise _Invalid(f"{m.entity} records are updated, not appended.")
            return self._upsert(m, spec, values, rec)
        except _Invalid as exc:
            return _rejected(m, "invalid", str(exc))

    def _ensure_home(self, m: p.Mutation) -> None:
        if not m.case_id or self.cases.home.get(m.case_id) is not None:
            return
        home = _home_team_for_new_case(self.s, self.actor, m, self.cases.team_by_name)
        assert home is not None  # _may_write refused accounts without a team
        self.s.add(CaseHome(case_id=m.case_id, team_id=home))
        self.cases.home[m.case_id] = home
        self.work.lock_buckets([p.team_bucket(home)])

    def _validate(self, m: p.Mutation, spec: Entity) -> dict[str, Any]:
        """Field -> value after checking; unknown fields are kept (newer clients, §5.6)."""
        out: dict[str, Any] = {}
        unknown = 0
        for name, fv in m.fields.items():
            if fv.ver is None and spec.versioned:
                raise _Invalid(f"{spec.label(name)}: no version given.")
            value = fv.value
            if name in spec.domain:
                col = spec.domain[name]
                try:
                    decode_value(col, value)
                except BadValue as exc:
                    raise _Invalid(f"{spec.label(name)} {exc}.") from None
                except (TypeError, ValueError):
                    raise _Invalid(f"{spec.label(name)} is not valid.") from None
                if isinstance(value, str) and len(value) > p.MAX_TEXT:
                    raise _Invalid(f"{spec.label(name)} is too long.")
            elif name == "deleted":
                if not isinstance(value, bool):
                    raise _Invalid("deleted must be true or false.")
            elif name in spec.extra:
                if value is not None and not isinstance(value, str):
                    raise _Invalid(f"{name} must be text.")
                if isinstance(value, str) and len(value) > 200:
                    raise _Invalid(f"{name} is too long.")
            else:
                unknown += 1
                if unknown > MAX_UNKNOWN_FIELDS:
                    raise _Invalid("Too many fields this server does not know.")
                if len(p.canonical_json(value)) > p.MAX_TEXT:
                    raise _Invalid(f"{name} is too long.")
            out[name] = value
        if m.op == "delete" and out.get("deleted") is not True:
            raise _Invalid("A delete must set deleted to true.")
        return out

    def _stamp(self, ver: str | None) -> str:
        """The version to store: the client's, unless it is too far ahead of the server."""
        if ver is None:
            return self.clock.tick()
        try:
            remote = HLC.decode(ver)
        except ValueError:
            raise _Invalid(f"{ver!r} is not a version.") from None
        if not self.clock.observe(remote):  # more than the margin ahead of the wall clock
            self.skewed = True
            return self.clock.tick()
        return ver

    def _author(self, rec: Record, name: str, ver: str) -> dict[str, Any]:
        """Who wrote version ``ver`` of a field (from the history), for a conflict record."""
        self.work.flush()
        rows = self.s.execute(
            sa.select(
                FieldHistory.author, FieldHistory.device_id, FieldHistory.at, FieldHistory.fields
            )
            .where(FieldHistory.entity_id == rec.entity_id)
            .order_by(FieldHistory.id.desc())
        )
        for author, device, at, fields in rows:
            fv = (fields or {}).get(name)
            if fv and fv.get("ver") == ver:
                return {"author": author, "device_id": device, "at": _iso(at)}
        return {"author": "", "device_id": "", "at": ""}

    def _base_value(self, rec: Record, name: str, base_ver: str | None) -> dict[str, Any] | None:
        if base_ver is None:
            return None
        self.work.flush()
        rows = self.s.execute(
            sa.select(FieldHistory.fields).where(FieldHistory.entity_id == rec.entity_id)
        )
        for (fields,) in rows:
            fv = (fields or {}).get(name)
            if fv and fv.get("ver") == base_ver:
                return {"value": fv.get("value"), "ver": base_ver}
        return {"value": None, "ver": base_ver}

    def _me(self) -> dict[str, Any]:
        return {
            "author": self.actor.username,
            "device_id": self.actor.device_id,
            "at": _iso(self.now),
        }

    def _conflict(
        self,
        rec: Record,
        m: p.Mutation,
        name: str,
        policy: str,
        winner: dict[str, Any],
        loser: dict[str, Any],
        base: dict[str, Any] | None,
    ) -> str:
        cid = uuid7()
        row = ServerConflict(
            id=cid,
            entity=rec.entity,
            entity_id=rec.entity_id,
            case_id=rec.case_id,
            field=name,
            policy=policy,
            winner=winner,
            loser=loser,
            base=base,
            status="open",
        )
        self.s.add(row)
        self.work.emit(
            self.cases.buckets(rec.case_id),
            "conflict",
            cid,
            rec.case_id,
            "conflict",
            conflict_fields(row),
            m.mutation_id,
        )
        return cid

    def _history(
        self, entity_id: str, m: p.Mutation | None, fields: dict[str, Any], outcome: str
    ) -> None:
        self.work.history.append(
            {
                "entity_id": entity_id,
                "mutation_id": m.mutation_id if m else None,
                "author": self.actor.username,
                "device_id": self.actor.device_id,
                "fields": fields,
                "outcome": outcome,
                "at": self.now,
            }
        )

    # -- append-only rows
    def _append(
        self, m: p.Mutation, spec: Entity, values: dict[str, Any], rec: Record | None
    ) -> p.MutationResult:
        ver = self._stamp(m.hlc)
        fields = {k: {"value": v, "ver": ver} for k, v in values.items()}
        if rec is not None:
            same = {k: v["value"] for k, v in rec.fields.items()} == values
            if not same:
                raise _Invalid(f"{spec.name} entries cannot be changed; add a new entry instead.")
            return p.MutationResult(
                mutation_id=m.mutation_id,
                client_seq=m.client_seq,
                status="merged",
                canonical={k: _fv(v) for k, v in rec.fields.items()},
            )
        rec = Record(
            entity_id=m.entity_id,
            entity=m.entity,
            case_id=m.case_id,
            fields=fields,
            deleted=False,
            created_by=self.actor.user_id,
        )
        self.s.add(rec)
        self.records[m.entity_id] = rec
        self._history(m.entity_id, m, fields, "applied")
        seqs = self.work.emit(
            self.cases.buckets(m.case_id),
            m.entity,
            m.entity_id,
            m.case_id,
            "append",
            fields,
            m.mutation_id,
        )
        return p.MutationResult(
            mutation_id=m.mutation_id,
            client_seq=m.client_seq,
            status="applied",
            canonical={k: _fv(v) for k, v in fields.items()},
            bucket_seq=seqs,
        )

    # -- versioned rows
    def _upsert(
        self, m: p.Mutation, spec: Entity, values: dict[str, Any], rec: Record | None
    ) -> p.MutationResult:
        conflict_ids: list[str] = []
        status = "applied"
        changed: dict[str, dict[str, Any]] = {}
        sent: dict[str, dict[str, Any]] = {}
        lost: dict[str, dict[str, Any]] = {}
        if rec is None:
            fields = {}
            for name, value in values.items():
                ver = self._stamp(m.fields[name].ver)
                fields[name] = _entry(value, ver, m.fields[name].ver)
            fields.setdefault("deleted", {"value": False, "ver": self._stamp(m.hlc)})
            rec = Record(
                entity_id=m.entity_id,
                entity=m.entity,
                case_id=m.case_id,
                fields=fields,
                deleted=bool(fields["deleted"]["value"]),
                created_by=self.actor.user_id,
            )
            self.s.add(rec)
            self.records[m.entity_id] = rec
            changed = dict(fields)
            sent = dict(fields)
        else:
            current = dict(rec.fields)
            was_deleted = rec.deleted
            for name, value in values.items():
                fv = m.fields[name]
                cur = current.get(name)
                if cur is not None and fv.ver in (cur["ver"], cur.get("was")):
                    continue  # this very version is already here
                ver = self._stamp(fv.ver)
                sent[name] = _entry(value, ver, fv.ver)
                if cur is None:
                    current[name] = changed[name] = sent[name]
                    continue
                # The officer edited what is stored (under the version the server gave it, or
                # the one their device gave it before the server re-stamped it).
                saw_current = fv.base_ver is not None and fv.base_ver in (
                    cur["ver"],
                    cur.get("was"),
                )
                if saw_current or cur["value"] == value:
                    if cur["value"] == value and not saw_current:
                        status = "merged"
                        if ver <= cur["ver"]:
                            continue  # same value, already at a newer version
                    if ver <= cur["ver"]:
                        ver = self.clock.after(cur["ver"])
                        sent[name] = _entry(value, ver, fv.ver)
                    current[name] = changed[name] = sent[name]
                    continue
                # Concurrent and different: the newer version wins, the other is kept.
                policy = "narrative" if name in spec.narrative else "scalar"
                base = self._base_value(rec, name, fv.base_ver)
                mine = {"value": value, "ver": ver, **self._me()}
                theirs = {**cur, **self._author(rec, name, cur["ver"])}
                if ver > cur["ver"]:
                    winner, loser = mine, theirs
                    current[name] = changed[name] = sent[name]
                else:
                    winner, loser = theirs, mine
                    lost[name] = sent[name]
                conflict_ids.append(self._conflict(rec, m, name, policy, winner, loser, base))
                status = "conflict"
            edits = {k: v for k, v in values.items() if k not in ("deleted", *META_FIELDS)}
            now_deleted = bool(current.get("deleted", {}).get("value", False))
            if was_deleted and "deleted" not in values and edits:
                # An edit to a record someone deleted: keep the edit, keep the delete, ask.
                d = current["deleted"]
                conflict_ids.append(
                    self._conflict(
                        rec,
                        m,
                        "deleted",
                        "delete",
                        {"value": True, "ver": d["ver"], **self._author(rec, "deleted", d["ver"])},
                        {"value": False, "ver": self._stamp(m.hlc), "edits": edits, **self._me()},
                        None,
                    )
                )
                status = "conflict"
            elif not was_deleted and now_deleted and m.seen is not None:
                unseen = {
                    k: v
                    for k, v in rec.fields.items()
                    if k != "deleted" and isinstance(v, dict) and str(v.get("ver", "")) > m.seen
                }
                if unseen:
                    d = current["deleted"]
                    newest = max(unseen, key=lambda k: str(unseen[k]["ver"]))
                    edit_ver = str(unseen[newest]["ver"])
                    conflict_ids.append(
                        self._conflict(
                            rec,
                            m,
                            "deleted",
                            "delete",
                            {"value": True, "ver": d["ver"], **self._me()},
                            {
                                "value": False,
                                "ver": edit_ver,
                                "edits": {k: v["value"] for k, v in unseen.items()},
                                **self._author(rec, newest, edit_ver),
                            },
                            None,
                        )
                    )
                    status = "conflict"
            rec.fields = current
            rec.deleted = now_deleted
            rec.updated_at = self.now
        if sent:
            applied_part = {k: v for k, v in sent.items() if k not in lost}
            if applied_part:
                self._history(m.entity_id, m, applied_part, "applied")
            if lost:
                self._history(m.entity_id, m, lost, "lost")
        seqs: dict[str, int] = {}
        if changed:
            seqs = self.work.emit(
                self.cases.buckets(m.case_id),
                m.entity,
                m.entity_id,
                m.case_id,
                "put",
                changed,
                m.mutation_id,
            )
        elif status == "applied":
            status = "merged"
        canonical = {k: _fv(rec.fields[k]) for k in values if k in rec.fields}
        return p.MutationResult(
            mutation_id=m.mutation_id,
            client_seq=m.client_seq,
            status=status,  # type: ignore[arg-type]
            canonical=canonical,
            conflict_ids=conflict_ids,
            bucket_seq=seqs,
        )

    # -- conflict resolution
    def _resolve(self, m: p.Mutation) -> p.MutationResult:
        body = m.resolve
        if body is None or body.conflict_id != m.entity_id or m.entity != "conflict":
            raise _Invalid("A resolution must name its conflict.")
        c = self.s.get(ServerConflict, body.conflict_id, with_for_update=True)
        if c is None or c.case_id != m.case_id:
            raise _Invalid("There is no such conflict on this case.")
        if c.status != "open":
            return _rejected(
                m,
                "resolved",
                f"This conflict was already resolved by {c.resolved_by or 'someone else'}; "
                "your choice is kept here.",
            )
        spec = ENTITIES[c.entity]
        if body.choice == "winner":
            value = c.winner.get("value")
        elif body.choice == "loser":
            value = c.loser.get("value")
        else:
            value = body.value
        rec = self.records.get(c.entity_id) or self.s.get(Record, c.entity_id)
        if rec is None:
            raise _Invalid("The record of this conflict no longer exists.")
        self.records[rec.entity_id] = rec
        current = dict(rec.fields)
        changed: dict[str, dict[str, Any]] = {}
        if c.policy == "delete":
            if not isinstance(value, bool):
                raise _Invalid("Choose whether the record stays deleted.")
            if current.get("deleted", {}).get("value") != value:
                ver = self.clock.after(current.get("deleted", {}).get("ver", ""))
                current["deleted"] = changed["deleted"] = {"value": value, "ver": ver}
                rec.deleted = value
        else:
            col = spec.domain.get(c.field)
            if col is not None:
                try:
                    decode_value(col, value)
                except BadValue as exc:
                    raise _Invalid(f"{spec.label(c.field)} {exc}.") from None
            cur = current.get(c.field, {})
            if cur.get("value") != value:
                ver = self.clock.after(cur.get("ver", ""))
                current[c.field] = changed[c.field] = {"value": value, "ver": ver}
        rec.fields = current
        rec.updated_at = self.now
        c.status = "resolved"
        c.resolved_by = self.actor.username
        c.resolved_at = self.now
        c.resolution = {
            "choice": body.choice,
            "value": value,
            "note": body.note,
            "by": self.actor.username,
            "at": _iso(self.now),
        }
        buckets = self.cases.buckets(c.case_id)
        seqs: dict[str, int] = {}
        if changed:
            self._history(rec.entity_id, m, changed, "applied")
            seqs = self.work.emit(
                buckets, rec.entity, rec.entity_id, rec.case_id, "put", changed, m.mutation_id
            )
        seqs.update(
            self.work.emit(
                buckets, "conflict", c.id, c.case_id, "conflict", conflict_fields(c), m.mutation_id
            )
        )
        return p.MutationResult(
            mutation_id=m.mutation_id,
            client_seq=m.client_seq,
            status="applied",
            canonical={k: _fv(v) for k, v in changed.items()},
            bucket_seq=seqs,
        )


def _entry(value: Any, ver: str, sent_ver: str | None) -> dict[str, Any]:
    """A stored field; ``was`` keeps the device's own version when the server re-stamped it."""
    if sent_ver is None or sent_ver == ver:
        return {"value": value, "ver": ver}
    return {"value": value, "ver": ver, "was": sent_ver}


def _fv(stored: dict[str, Any]) -> p.FieldValue:
    return p.FieldValue(value=stored.get("value"), ver=stored.get("ver"))


def conflict_fields(c: ServerConflict) -> dict[str, Any]:
    return {
        "id": c.id,
        "entity": c.entity,
        "entity_id": c.entity_id,
        "case_id": c.case_id,
        "field": c.field,
        "policy": c.policy,
        "winner": c.winner,
        "loser": c.loser,
        "base": c.base,
        "status": c.status,
        "resolution": c.resolution,
    }


def _iso(when: dt.datetime | None) -> str:
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# -- pull --------------------------------------------------------------------------------------
def readable_buckets(actor: Actor) -> list[str]:
    """Administrators read no case; CPS reads what was shared with its teams."""
    if actor.role == "admin":
        return []
    buckets = [p.share_bucket(t) for t in actor.team_ids]
    if actor.role != "cps":
        buckets += [p.team_bucket(t) for t in actor.team_ids]
    return sorted(buckets)


@dataclass
class _Page:
    """One pull page as read from the change log; ``fields`` of each change as stored (a dict,
    or the column's JSON text when read for :func:`pull_json`)."""

    changes: list[tuple[str, int, str, str, str, str, Any]]
    cursors: dict[str, int]
    has_more: bool
    buckets: list[str]
    removed: list[str]
    checksums: dict[str, tuple[int, int, int]]


def _read_page(s: Session, actor: Actor, req: p.PullRequest, *, as_text: bool) -> _Page:
    if req.device_id != actor.device_id:
        raise PushRefused(403, "wrong_device", "This token belongs to another device.")
    allowed = readable_buckets(actor)
    removed = sorted(b for b in req.cursors if b not in allowed)
    cursors = {b: req.cursors.get(b, 0) for b in allowed}
    changes: list[tuple[str, int, str, str, str, str, Any]] = []
    checksums: dict[str, tuple[int, int, int]] = {}
    budget = req.limit
    has_more = False
    for b in allowed:
        start = cursors[b]
        if budget <= 0:
            has_more = has_more or _has_after(s, b, start)
            continue
        # A bucket's sequence numbers are dense (one per entry, allocated in the committing
        # transaction), so the next page lies in (start, start + budget + 1]. Saying so keeps
        # the query to the page's rows whatever the planner believes: without statistics (a
        # freshly loaded table, autovacuum off) PostgreSQL would otherwise read every entry
        # after the cursor and sort them, 0.2-1.3 s a page instead of 30 ms.
        window = start + budget + 1
        rows = s.execute(_page_query(b, start, window, budget, as_text)).all()
        if len(rows) <= budget and _has_after(s, b, window):  # a gap after all
            rows = s.execute(_page_query(b, start, None, budget, as_text)).all()
        if len(rows) > budget:
            rows = rows[:budget]
            has_more = True
        for seq, entity, entity_id, case_id, op, fields, _count, _hash in rows:
            changes.append((b, seq, entity, entity_id, case_id, op, fields))
        if rows:
            last = rows[-1]
            cursors[b] = last[0]
            checksums[b] = (last[0], last[6], last[7])
        budget -= len(rows)
        if b not in checksums and start > 0:
            row = s.execute(
                sa.select(ChangeLog.checksum_count, ChangeLog.checksum_hash).where(
                    ChangeLog.bucket == b, ChangeLog.seq == start
                )
            ).first()
            if row is not None:
                checksums[b] = (start, row[0], row[1])
    return _Page(changes, cursors, has_more, allowed, removed, checksums)


def _page_query(
    bucket: str, start: int, end: int | None, budget: int, as_text: bool
) -> sa.Select[Any]:
    """Up to ``budget + 1`` entries of a bucket after ``start`` (and up to ``end``)."""
    where = [ChangeLog.bucket == bucket, ChangeLog.seq > start]
    if end is not None:
        where.append(ChangeLog.seq <= end)
    page = (
        sa.select(
            ChangeLog.seq,
            ChangeLog.entity,
            ChangeLog.entity_id,
            ChangeLog.case_id,
            ChangeLog.op,
            ChangeLog.fields,
            ChangeLog.checksum_count,
            ChangeLog.checksum_hash,
        )
        .where(*where)
        .order_by(ChangeLog.seq)
        .limit(budget + 1)
    )
    if as_text:  # cast only the page's rows (never rows a sort or filter would drop)
        sub = page.subquery()
        cols = [sa.cast(c, sa.Text) if c.key == "fields" else c for c in sub.c]
        page = sa.select(*cols).order_by(sub.c.seq)
    return page


def pull(s: Session, actor: Actor, req: p.PullRequest, clock: ServerClock) -> p.PullResponse:
    """The changes in the buckets this user may read, after the cursors given."""
    page = _read_page(s, actor, req, as_text=False)
    return p.PullResponse.model_construct(
        changes=[
            p.Change.model_construct(
                bucket=b,
                seq=seq,
                entity=entity,
                entity_id=entity_id,
                case_id=case_id,
                op=op,
                fields=fields or {},
            )
            for b, seq, entity, entity_id, case_id, op, fields in page.changes
        ],
        cursors=page.cursors,
        has_more=page.has_more,
        buckets=page.buckets,
        buckets_removed=page.removed,
        checksums={
            b: p.Checksum(seq=seq, count=count, hash=h)
            for b, (seq, count, h) in page.checksums.items()
        },
        server_hlc=clock.tick(),
    )


_JSON_TEXT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def pull_json(s: Session, actor: Actor, req: p.PullRequest, clock: ServerClock) -> bytes:
    """:func:`pull` as the JSON of a :class:`~hcdesk.wire.protocol.PullResponse`, built from
    the change log's stored JSON text: the fields of a big page are neither decoded nor
    encoded again (most of the cost of serving a first sync)."""
    page = _read_page(s, actor, req, as_text=True)
    enc = _JSON_TEXT
    known: dict[str, str] = {}  # buckets, entity names and ops repeat on every change

    def word(text: str) -> str:
        found = known.get(text)
        if found is None:
            found = known[text] = enc(text)
        return found

    parts = [
        f'{{"bucket":{word(b)},"seq":{int(seq)},"entity":{word(entity)},'
        f'"entity_id":{enc(entity_id)},"case_id":{enc(case_id)},"op":{word(op)},'
        f'"fields":{fields if fields and fields != "null" else "{}"}}}'
        for b, seq, entity, entity_id, case_id, op, fields in page.changes
    ]
    rest = enc(
        {
            "cursors": page.cursors,
            "has_more": page.has_more,
            "buckets": page.buckets,
            "buckets_removed": page.removed,
            "checksums": {
                b: {"seq": seq, "count": count, "hash": h}
                for b, (seq, count, h) in page.checksums.items()
            },
            "server_hlc": clock.tick(),
        }
    )
    return f'{{"changes":[{",".join(parts)}],{rest[1:]}'.encode()


def _has_after(s: Session, bucket: str, seq: int) -> bool:
    return (
        s.scalar(
            sa.select(ChangeLog.seq).where(ChangeLog.bucket == bucket, ChangeLog.seq > seq).limit(1)
        )
        is not None
    )


# -- sharing -----------------------------------------------------------------------------------
def find_case(s: Session, ref: str) -> str | None:
    """A case id from its id, local reference or URN (for the console)."""
    if s.get(CaseHome, ref) is not None:
        return ref
    for key in ("local_ref", "urn"):
        found = s.scalar(
            sa.select(Record.entity_id)
            .where(Record.entity == "case_file", Record.fields[key]["value"].as_string() == ref)
            .limit(1)
        )
        if found:
            return str(found)
    return None


def share_case(
    s: Session, actor: Actor | None, case_id: str, team_name: str, *, grant: bool, by: str = ""
) -> None:
    """Share a case with another team (or stop): the team's bucket gains (or loses) the case.

    Only a supervisor of the case's home team may do it, or (``actor=None``) an administrator
    at the server's console. Granting writes every record of the case, and its conflicts, into
    the other team's share bucket; revoking writes a ``remove`` there.
    """
    from hcdesk.server.admin import audit

    if actor is not None and actor.role != "supervisor":
        raise ShareError(403, "forbidden", "Only a supervisor can share a case with another team.")
    cases = _Cases(s)
    cases.load([case_id])
    home = cases.home.get(case_id)
    if home is None or (actor is not None and home not in actor.team_ids):
        raise ShareError(404, "not_found", "No case with that id belongs to your team.")
    team = s.scalar(sa.select(Team).where(Team.name == team_name))
    if team is None:
        raise ShareError(404, "unknown_team", f"There is no team called {team_name!r}.")
    if team.id == home:
        raise ShareError(409, "own_team", "The case already belongs to that team.")
    who = actor.username if actor is not None else (by or "console")
    audit(s, who, "share_case" if grant else "unshare_case", case_id, {"team": team_name})
    bucket = p.share_bucket(team.id)
    work = _Work(s)
    work.lock_buckets(cases.buckets(case_id) | {bucket})
    existing = s.get(CaseShare, (case_id, team.id))
    if grant:
        if existing is not None:
            return
        s.add(CaseShare(case_id=case_id, team_id=team.id, granted_by=who))
        for rec in s.scalars(
            sa.select(Record).where(Record.case_id == case_id).order_by(Record.entity_id)
        ):
            op = (
                "append"
                if ENTITIES.get(rec.entity) and ENTITIES[rec.entity].append_only
                else "put"
            )
            work.emit([bucket], rec.entity, rec.entity_id, case_id, op, rec.fields, None)
        for c in s.scalars(sa.select(ServerConflict).where(ServerConflict.case_id == case_id)):
            work.emit([bucket], "conflict", c.id, case_id, "conflict", conflict_fields(c), None)
    else:
        if existing is None:
            return
        s.delete(existing)
        work.emit([bucket], "case_file", case_id, case_id, "remove", {}, None)
    work.flush()
    if not grant:
        work.counters[bucket].hash = _redact_case_history(s, bucket, case_id)


def _redact_case_history(s: Session, bucket: str, case_id: str) -> int:
    """Blank out an unshared case's past entries in a share bucket; returns the bucket's hash.

    Without this, the case's content stays in the bucket's change log after a share ends, and
    any device of that team (including one signed in later by a new member) could read it by
    pulling the bucket from the start. Each of the case's entries becomes a content-free
    ``remove`` of the case (harmless to apply again), and the running checksums from the first
    rewritten entry on are recomputed; a device that had already read those entries sees its
    checksum differ and re-reads the bucket, which is how checksums recover by design.
    """
    old = s.scalars(
        sa.select(ChangeLog)
        .where(ChangeLog.bucket == bucket, ChangeLog.case_id == case_id, ChangeLog.op != "remove")
        .order_by(ChangeLog.seq)
    ).all()
    counter = s.get(BucketCounter, bucket)
    assert counter is not None
    if not old:
        return counter.hash
    for row in old:
        row.entity, row.entity_id, row.op, row.fields = "case_file", case_id, "remove", {}
        row.mutation_id = None
    s.flush()
    first = old[0].seq
    running = s.scalar(
        sa.select(ChangeLog.checksum_hash)
        .where(ChangeLog.bucket == bucket, ChangeLog.seq < first)
        .order_by(ChangeLog.seq.desc())
        .limit(1)
    )
    total = int(running or 0)
    for row in s.scalars(
        sa.select(ChangeLog)
        .where(ChangeLog.bucket == bucket, ChangeLog.seq >= first)
        .order_by(ChangeLog.seq)
    ):
        h = p.change_hash(bucket, row.seq, row.entity, row.entity_id, row.op, row.fields or {})
        total = (total + h) % p.HASH_MOD
        if row.checksum_hash != total:
            row.checksum_hash = total
    s.flush()
    return total
