"""Shared helpers for the sync client tests: a change stream built like the central store's,
rows of a real store turned into the changes the server would send, and small store readers.

Nothing here replaces hcdesk code: the stream computes sequence numbers and checksums with
the protocol's own :func:`~hcdesk.wire.protocol.change_hash`, as the server does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from hcdesk.casework.cases import new_case
from hcdesk.models import CaseFile, Outbox, Person
from hcdesk.models.base import uuid7
from hcdesk.models.enums import PersonRole, RecordType
from hcdesk.store.store import Store
from hcdesk.wire import protocol as p
from hcdesk.wire.registry import ENTITIES, EntityKind, encode, version_of

TEAM = p.team_bucket("team-a")


class Stream:
    """Per-bucket change log with running checksums, paged like the server's pull."""

    def __init__(self) -> None:
        self.log: dict[str, list[p.Change]] = defaultdict(list)
        self.sums: dict[str, list[tuple[int, int]]] = defaultdict(list)  # (count, hash) per seq

    def emit(
        self, bucket: str, entity: str, entity_id: str, case_id: str, op: str, fields: dict
    ) -> p.Change:
        seq = len(self.log[bucket]) + 1
        change = p.Change(
            bucket=bucket,
            seq=seq,
            entity=entity,
            entity_id=entity_id,
            case_id=case_id,
            op=op,  # type: ignore[arg-type]
            fields=fields,
        )
        count, total = self.sums[bucket][-1] if self.sums[bucket] else (0, 0)
        h = p.change_hash(bucket, seq, entity, entity_id, op, fields)
        self.log[bucket].append(change)
        self.sums[bucket].append((count + 1, (total + h) % p.HASH_MOD))
        return change

    def page(
        self, cursors: dict[str, int], limit: int = 2000, buckets: Iterable[str] | None = None
    ) -> p.PullResponse:
        allowed = sorted(buckets if buckets is not None else self.log)
        removed = sorted(b for b in cursors if b not in allowed)
        out: list[p.Change] = []
        new_cursors = {b: cursors.get(b, 0) for b in allowed}
        checksums: dict[str, p.Checksum] = {}
        has_more = False
        for b in allowed:
            start = new_cursors[b]
            rows = [c for c in self.log[b] if c.seq > start]
            room = limit - len(out)
            if len(rows) > room:
                rows = rows[:room]
                has_more = True
            out += rows
            if rows:
                new_cursors[b] = rows[-1].seq
            seq = new_cursors[b]
            if seq:
                count, total = self.sums[b][seq - 1]
                checksums[b] = p.Checksum(seq=seq, count=count, hash=total)
        return p.PullResponse(
            changes=out,
            cursors=new_cursors,
            has_more=has_more,
            buckets=allowed,
            buckets_removed=removed,
            checksums=checksums,
            server_hlc="",
        )


def row_fields(store: Store, entity_name: str, entity_id: str) -> dict[str, dict[str, Any]]:
    """A row of ``store`` as the fields of its first put: every travelling field, with versions."""
    entity = ENTITIES[entity_name]
    with store.engine_or_raise().connect() as conn:
        row = conn.execute(sa.select(entity.table).where(entity.table.c.id == entity_id)).one()
    out: dict[str, dict[str, Any]] = {}
    for f in entity.snapshot_fields:
        ver = row.created_hlc
        if entity.kind == EntityKind.VERSIONED and f in entity.versioned_fields:
            ver = version_of(row.field_vers, f) or ver
        out[f] = {"value": encode(entity, f, getattr(row, f)), "ver": ver}
    return out


def case_changes(stream: Stream, source: Store, case_id: str, bucket: str = TEAM) -> list[p.Change]:
    """Emit every synced row of a case of ``source`` into the stream (case first)."""
    emitted = []
    with source.engine_or_raise().connect() as conn:
        ids: list[tuple[str, str]] = [("case_file", case_id)]
        for name, entity in ENTITIES.items():
            if name in ("case_file", "audit_event"):
                continue
            for (rid,) in conn.execute(
                sa.select(entity.table.c.id)
                .where(entity.table.c.case_id == case_id)
                .order_by(entity.table.c.id)
            ):
                ids.append((name, rid))
    for name, rid in ids:
        op = "put" if ENTITIES[name].kind == EntityKind.VERSIONED else "append"
        emitted.append(stream.emit(bucket, name, rid, case_id, op, row_fields(source, name, rid)))
    return emitted


def make_case(store: Store, name: str = "Leyla Demir", **case_fields: Any) -> tuple[str, str]:
    with store.transaction() as s:
        case = new_case(
            s, RecordType.HATE_CRIME, id=uuid7(), summary="Spat at on the bus", **case_fields
        )
        victim = Person(case_id=case.id, role=PersonRole.VICTIM, name=name)
        s.add(victim)
        s.flush()
        return case.id, victim.id


def outbox(store: Store, *where: Any) -> list[Outbox]:
    with store.session() as s:
        return list(s.scalars(sa.select(Outbox).where(*where).order_by(Outbox.client_seq)))


def count(store: Store, model: Any, *where: Any) -> int:
    with store.session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0


def get(store: Store, model: Any, ident: str) -> Any:
    with store.session() as s:
        return s.get(model, ident)


__all__ = ["TEAM", "CaseFile", "Stream", "case_changes", "count", "get", "make_case", "outbox"]
