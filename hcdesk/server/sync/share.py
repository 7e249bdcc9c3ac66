"""Case sharing on the central store (reference/SYNC.md §5.5, §5.7): a supervisor of a case's
home team, or an administrator at the console, shares the case with another team's share
bucket, or stops; a stopped share leaves nothing of the case readable in that bucket."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.server.db import (
    BucketCounter,
    CaseHome,
    CaseShare,
    ChangeLog,
    Record,
    ServerConflict,
    Team,
)
from hcdesk.server.sync.common import Actor, Cases, ShareError, conflict_fields
from hcdesk.server.sync.work import Work
from hcdesk.wire import protocol as p
from hcdesk.wire.registry import ENTITIES


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
    cases = Cases(s)
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
    work = Work(s)
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
                "append" if ENTITIES.get(rec.entity) and ENTITIES[rec.entity].append_only else "put"
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
