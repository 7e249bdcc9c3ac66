"""Conflict resolution on the central store (reference/SYNC.md §5.2): a supervisor picks the
winner, the loser or a value of their own for an open conflict. The first resolution stands;
a later one is refused with the name of who resolved it."""

from __future__ import annotations

from typing import Any

from hcdesk.models.values import BadValue, decode_value
from hcdesk.server.db import Record, ServerConflict
from hcdesk.server.sync.common import conflict_fields, iso
from hcdesk.server.sync.work import Context, Invalid, field_value, rejected
from hcdesk.wire import protocol as p
from hcdesk.wire.registry import ENTITIES


def resolve(ctx: Context, m: p.Mutation) -> p.MutationResult:
    """Apply a supervisor's choice in an open conflict: the chosen value becomes the record's,
    and the conflict, resolved, travels to every bucket of the case."""
    body = m.resolve
    if body is None or body.conflict_id != m.entity_id or m.entity != "conflict":
        raise Invalid("A resolution must name its conflict.")
    c = ctx.s.get(ServerConflict, body.conflict_id, with_for_update=True)
    if c is None or c.case_id != m.case_id:
        raise Invalid("There is no such conflict on this case.")
    if c.status != "open":
        return rejected(
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
    rec = ctx.records.get(c.entity_id) or ctx.s.get(Record, c.entity_id)
    if rec is None:
        raise Invalid("The record of this conflict no longer exists.")
    ctx.records[rec.entity_id] = rec
    current = dict(rec.fields)
    changed: dict[str, dict[str, Any]] = {}
    if c.policy == "delete":
        if not isinstance(value, bool):
            raise Invalid("Choose whether the record stays deleted.")
        if current.get("deleted", {}).get("value") != value:
            ver = ctx.clock.after(current.get("deleted", {}).get("ver", ""))
            current["deleted"] = changed["deleted"] = {"value": value, "ver": ver}
            rec.deleted = value
    else:
        col = spec.domain.get(c.field)
        if col is not None:
            try:
                decode_value(col, value)
            except BadValue as exc:
                raise Invalid(f"{spec.label(c.field)} {exc}.") from None
        cur = current.get(c.field, {})
        if cur.get("value") != value:
            ver = ctx.clock.after(cur.get("ver", ""))
            current[c.field] = changed[c.field] = {"value": value, "ver": ver}
    rec.fields = current
    rec.updated_at = ctx.now
    c.status = "resolved"
    c.resolved_by = ctx.actor.username
    c.resolved_at = ctx.now
    c.resolution = {
        "choice": body.choice,
        "value": value,
        "note": body.note,
        "by": ctx.actor.username,
        "at": iso(ctx.now),
    }
    buckets = ctx.cases.buckets(c.case_id)
    seqs: dict[str, int] = {}
    if changed:
        ctx.history(rec.entity_id, m, changed, "applied")
        seqs = ctx.work.emit(
            buckets, rec.entity, rec.entity_id, rec.case_id, "put", changed, m.mutation_id
        )
    seqs.update(
        ctx.work.emit(
            buckets, "conflict", c.id, c.case_id, "conflict", conflict_fields(c), m.mutation_id
        )
    )
    return p.MutationResult(
        mutation_id=m.mutation_id,
        client_seq=m.client_seq,
        status="applied",
        canonical={k: field_value(v) for k, v in changed.items()},
        bucket_seq=seqs,
    )
