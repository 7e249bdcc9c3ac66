"""Push on the central store (reference/SYNC.md §5.2, §5.5): a device's changes, applied in
order, exactly once each.

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
  argument; a version within the margin is folded into the server clock
  (:mod:`hcdesk.server.clock`), which therefore never runs more than the margin ahead of the
  wall clock.

A delete is the versioned field ``deleted``. An edit to a deleted row is kept (the row stays
deleted) and raises a ``delete`` conflict; so does a delete that overtakes an edit its author
had not seen. Append-only rows are inserted once and never changed.

Every mutation is authorised against the case's home team and shares, and every accepted one
is written, with its change-log entries in each bucket of the case, the bucket counters and
checksums, the idempotency record and the device's sequence number, in one transaction
(:mod:`.work`). A resolution is applied by :mod:`.resolve`.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.models.base import uuid7
from hcdesk.models.values import BadValue, decode_value
from hcdesk.server.clock import ServerClock
from hcdesk.server.db import (
    AppliedMutation,
    CaseHome,
    Device,
    FieldHistory,
    Record,
    ServerConflict,
    Team,
    utcnow,
)
from hcdesk.server.errors import UNSTORABLE_MESSAGE, unstorable
from hcdesk.server.sync.common import (
    Actor,
    Cases,
    PushRefused,
    SeqGap,
    chunks,
    conflict_fields,
    iso,
    readable_buckets,
)
from hcdesk.server.sync.resolve import resolve
from hcdesk.server.sync.work import Context, Invalid, Work, field_value, rejected
from hcdesk.wire import protocol as p
from hcdesk.wire.hlc import HLC
from hcdesk.wire.registry import BOOKKEEPING, ENTITIES, Entity

log = logging.getLogger("hcdesk.server.sync")

META_FIELDS = BOOKKEEPING
MAX_UNKNOWN_FIELDS = 20


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
    cases = Cases(s)
    cases.load(m.case_id for m in req.mutations)
    work = Work(s)
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
        for chunk in chunks(sorted({m.entity_id for m in req.mutations}), 500)
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
                res = rejected(
                    m, "reused_id", "This change id was already used for another change."
                )
            results.append(res)
            continue
        if m.client_seq <= last:
            res = rejected(
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


class _Ctx(Context):
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
            return rejected(m, "invalid", f"Unknown kind of record {m.entity!r}.")
        if m.case_id and self.cases.home.get(m.case_id) is None:
            self.cases.load([m.case_id])
        why = self._may_write(m, spec)
        if why:
            return rejected(m, "forbidden", why)
        if unstorable(m.model_dump()):
            return rejected(m, "invalid", UNSTORABLE_MESSAGE)
        try:
            if m.op == "resolve":
                return resolve(self, m)
            assert spec is not None
            if not m.case_id and m.entity != "audit_event":
                raise Invalid("Every record must belong to a case.")
            if m.entity == "audit_event":
                device = m.fields.get("device_id")
                if device is None or device.value != self.actor.device_id:
                    raise Invalid("An audit event must come from the device that recorded it.")
            values = self._validate(m, spec)
            rec = self.records.get(m.entity_id)
            if rec is not None and (rec.entity != m.entity or rec.case_id != m.case_id):
                raise Invalid("This record id already belongs to another record.")
            if m.entity == "case_file" and m.entity_id != m.case_id:
                raise Invalid("A case's id and its case id must be the same.")
            self._ensure_home(m)
            if spec.append_only:
                if m.op != "append":
                    raise Invalid(f"{m.entity} entries are append-only; add a new entry instead.")
                return self._append(m, spec, values, rec)
            if m.op not in ("upsert", "delete"):
                raise Invalid(f"{m.entity} records are updated, not appended.")
            return self._upsert(m, spec, values, rec)
        except Invalid as exc:
            return rejected(m, "invalid", str(exc))

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
                raise Invalid(f"{spec.label(name)}: no version given.")
            value = fv.value
            if name in spec.domain:
                col = spec.domain[name]
                try:
                    decode_value(col, value)
                except BadValue as exc:
                    raise Invalid(f"{spec.label(name)} {exc}.") from None
                except (TypeError, ValueError):
                    raise Invalid(f"{spec.label(name)} is not valid.") from None
                if isinstance(value, str) and len(value) > p.MAX_TEXT:
                    raise Invalid(f"{spec.label(name)} is too long.")
            elif name == "deleted":
                if not isinstance(value, bool):
                    raise Invalid("deleted must be true or false.")
            elif name in spec.extra:
                if value is not None and not isinstance(value, str):
                    raise Invalid(f"{name} must be text.")
                if isinstance(value, str) and len(value) > 200:
                    raise Invalid(f"{name} is too long.")
            else:
                unknown += 1
                if unknown > MAX_UNKNOWN_FIELDS:
                    raise Invalid("Too many fields this server does not know.")
                if len(p.canonical_json(value)) > p.MAX_TEXT:
                    raise Invalid(f"{name} is too long.")
            out[name] = value
        if m.op == "delete" and out.get("deleted") is not True:
            raise Invalid("A delete must set deleted to true.")
        return out

    def _stamp(self, ver: str | None) -> str:
        """The version to store: the client's, unless it is too far ahead of the server."""
        if ver is None:
            return self.clock.tick()
        try:
            remote = HLC.decode(ver)
        except ValueError:
            raise Invalid(f"{ver!r} is not a version.") from None
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
                return {"author": author, "device_id": device, "at": iso(at)}
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
            "at": iso(self.now),
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

    def _append(
        self, m: p.Mutation, spec: Entity, values: dict[str, Any], rec: Record | None
    ) -> p.MutationResult:
        ver = self._stamp(m.hlc)
        fields = {k: {"value": v, "ver": ver} for k, v in values.items()}
        if rec is not None:
            same = {k: v["value"] for k, v in rec.fields.items()} == values
            if not same:
                raise Invalid(f"{spec.name} entries cannot be changed; add a new entry instead.")
            return p.MutationResult(
                mutation_id=m.mutation_id,
                client_seq=m.client_seq,
                status="merged",
                canonical={k: field_value(v) for k, v in rec.fields.items()},
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
        self.history(m.entity_id, m, fields, "applied")
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
            canonical={k: field_value(v) for k, v in fields.items()},
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
                self.history(m.entity_id, m, applied_part, "applied")
            if lost:
                self.history(m.entity_id, m, lost, "lost")
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
        canonical = {k: field_value(rec.fields[k]) for k in values if k in rec.fields}
        return p.MutationResult(
            mutation_id=m.mutation_id,
            client_seq=m.client_seq,
            status=status,  # type: ignore[arg-type]
            canonical=canonical,
            conflict_ids=conflict_ids,
            bucket_seq=seqs,
        )


def _entry(value: Any, ver: str, sent_ver: str | None) -> dict[str, Any]:
    """A stored field; ``was`` keeps the device's own version when the server re-stamped it."""
    if sent_ver is None or sent_ver == ver:
        return {"value": value, "ver": ver}
    return {"value": value, "ver": ver, "was": sent_ver}
