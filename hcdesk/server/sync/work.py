"""One transaction's work: bucket locks and sequence numbers, the change-log, history and
idempotency rows it writes, and the context a mutation is applied in (push and resolve).

Bucket counters are locked in name order for the whole transaction, so within a bucket
sequence order is commit order and a pull can never skip a row committed late.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.server.clock import ServerClock
from hcdesk.server.db import AppliedMutation, BucketCounter, ChangeLog, FieldHistory, Record, utcnow
from hcdesk.server.sync.common import Actor, Cases
from hcdesk.wire import protocol as p


@dataclass
class Work:
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


# -- applying one mutation ---------------------------------------------------------------------
class Invalid(Exception):
    """This mutation is refused as invalid; its message says why, to the officer."""


class Context:
    """What applying a mutation needs: the request's session, actor, clock, cases, unit of
    work and the records it has read."""

    def __init__(
        self,
        s: Session,
        actor: Actor,
        clock: ServerClock,
        cases: Cases,
        work: Work,
        records: dict[str, Record],
    ) -> None:
        self.s, self.actor, self.clock, self.cases, self.work = s, actor, clock, cases, work
        self.records = records
        self.skewed = False
        self.now = utcnow()

    def history(
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


def rejected(m: p.Mutation, code: str, reason: str) -> p.MutationResult:
    return p.MutationResult(
        mutation_id=m.mutation_id,
        client_seq=m.client_seq,
        status="rejected",
        code=code,
        reason=reason,
    )


def field_value(stored: dict[str, Any]) -> p.FieldValue:
    return p.FieldValue(value=stored.get("value"), ver=stored.get("ver"))
