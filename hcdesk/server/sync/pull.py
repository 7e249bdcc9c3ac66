"""Pull on the central store (reference/SYNC.md §5.4, §5.5): the changes in the buckets a user may
read, after the cursors the device gives, a page at a time, with each bucket's running
checksum; :func:`pull_json` serves the same page from the change log's stored JSON text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.server.clock import ServerClock
from hcdesk.server.db import ChangeLog
from hcdesk.server.sync.common import Actor, PushRefused, readable_buckets
from hcdesk.wire import protocol as p


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
