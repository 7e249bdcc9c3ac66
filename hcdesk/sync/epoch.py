"""A restored or recreated central store: noticed, and what it lost sent to it again.

The central store says which store it is and which generation (``X-Store-Id``,
``X-Store-Generation``) and how far it holds this device's changes (``X-Device-Seq``) on every
sign-in, push and pull answer (hcdesk/server/epoch.py). The laptop remembers the identity and
generation it last saw (``sync_state``) and sends them back, with the highest change number the
store acknowledged to it (``X-Acked-Seq``), so the store can tell when it lacks what it had
acknowledged and warn the other laptops with a new generation.

:func:`judge` finds the three signs of a loss: another store at the same address (recreated),
a new generation (restored), or a store that holds fewer of this laptop's changes than it had
acknowledged. A ``409 seq_gap`` that asks for a change this laptop already had acknowledged is
the same sign from a store too old to send the headers. Every one of them calls
:func:`recover`, in one local transaction:

* every acknowledged (or refused) outbox entry after the store's number for this device goes
  back to be sent again, with the same mutation id and the same frozen body (nothing is ever
  pruned from the outbox, so each is still there);
* the rows they touch count those fields as unsent again, so a pull cannot overwrite them with
  the older values the restored store holds;
* the bucket cursors and memberships are forgotten, so every bucket is read from the start
  (the store numbers its changes again from the backup's counters);
* the sync report of the sync that sends them says so (:func:`take_notice`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict
from typing import Any

import httpx
import sqlalchemy as sa

from hcdesk.models.sync import ANSWERED, Outbox, OutboxState
from hcdesk.sync import state
from hcdesk.sync.push import covered_pending, grouped_update, load_rows
from hcdesk.wire import protocol as p
from hcdesk.wire.registry import ENTITIES, EntityKind

log = logging.getLogger("hcdesk.sync")

STORE_ID = "sync.store_id"
STORE_GENERATION = "sync.store_generation"
# A recovery whose changes are still being sent: {"cause", "resent", "at"} (JSON).
RESTORE_PENDING = "sync.restore_pending"
# The last recovery, as the sentence the officer was shown (kept for ``hcdesk sync --status``).
RESTORE_NOTICE = "sync.restore_notice"

RECREATED, RESTORED, LACKS = "recreated", "restored", "lacks"
_OUTBOX: sa.Table = Outbox.__table__  # type: ignore[assignment]


Seen = p.StoreSeen


def seen_of(resp: httpx.Response) -> Seen | None:
    """The store headers of an answer; None from a store that sends none (an older one)."""
    return p.StoreSeen.of(resp.headers)


Known = tuple[str, str] | None  # (store_id, generation) last seen


def known(conn: sa.Connection) -> Known:
    facts = state.read(conn, [STORE_ID, STORE_GENERATION])
    sid, gen = facts.get(STORE_ID), facts.get(STORE_GENERATION)
    return (sid, gen) if sid and gen else None


def acked_upto(conn: sa.Connection) -> int:
    """The highest change number the central store has answered (acknowledged or refused)."""
    return int(
        conn.scalar(
            sa.select(sa.func.max(_OUTBOX.c.client_seq)).where(_OUTBOX.c.state.in_(ANSWERED))
        )
        or 0
    )


def claim_headers(remembered: Known, acked: int) -> dict[str, str]:
    """What the laptop tells the store (see hcdesk/server/epoch.py)."""
    out = {p.HEADER_ACKED_SEQ: str(acked)}
    if remembered is not None:
        out[p.HEADER_STORE_ID], out[p.HEADER_STORE_GENERATION] = remembered
    return out


def judge(remembered: Known, seen: Seen | None, acked: int) -> str | None:
    """Why the store evidently lacks what it acknowledged to this laptop, or None."""
    if seen is None:
        return None
    if remembered is not None and remembered[0] != seen.store_id:
        return RECREATED
    if remembered is not None and remembered[1] != seen.generation:
        return RESTORED
    if seen.device_seq is not None and seen.device_seq < acked:
        return LACKS
    return None


def remember(conn: sa.Connection, seen: Seen | None) -> None:
    if seen is not None:
        state.write(conn, {STORE_ID: seen.store_id, STORE_GENERATION: seen.generation})


def forget(conn: sa.Connection) -> None:
    """Another central store (another address): what was seen of the old one means nothing."""
    state.write(conn, {STORE_ID: None, STORE_GENERATION: None})


def recover(conn: sa.Connection, held: int, cause: str, seen: Seen | None) -> int:
    """Put back to be sent every answered entry after ``held`` (the store's number for this
    device), make every bucket be read from the start, and remember ``seen``; in the caller's
    write transaction. Returns how many entries go again."""
    entries = conn.execute(
        sa.select(_OUTBOX.c.client_seq, _OUTBOX.c.entity, _OUTBOX.c.entity_id).where(
            _OUTBOX.c.state.in_(ANSWERED), _OUTBOX.c.client_seq > held
        )
    ).all()
    if entries:
        conn.execute(
            sa.update(_OUTBOX)
            .where(_OUTBOX.c.state.in_(ANSWERED), _OUTBOX.c.client_seq > held)
            .values(state=OutboxState.INFLIGHT, last_error=None)
        )
        _mark_unsent(conn, entries)
    conn.execute(sa.text("DELETE FROM sync_bucket"))
    conn.execute(sa.text("DELETE FROM case_bucket"))
    remember(conn, seen)
    facts = state.read(conn, [RESTORE_PENDING])
    before = _pending(facts.get(RESTORE_PENDING))
    count = len(entries) + int(before.get("resent", 0))
    at = before.get("at") or dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
    kind = RECREATED if RECREATED in (cause, before.get("cause")) else cause
    state.write(conn, {RESTORE_PENDING: json.dumps({"cause": kind, "resent": count, "at": at})})
    log.warning(
        "sync: the central store lacks changes it had acknowledged (%s); %d change(s) go again "
        "and every bucket is read again",
        cause,
        len(entries),
    )
    return len(entries)


def _mark_unsent(conn: sa.Connection, entries: Any) -> None:
    """Rows whose acknowledged entries go again: their fields count as unsent once more."""
    from hcdesk.sync.push import _STILL_ACTIVE, _entries_of

    by_entity: dict[str, set[str]] = defaultdict(set)
    for _seq, entity, entity_id in entries:
        spec = ENTITIES.get(entity)
        if spec is not None and spec.kind == EntityKind.VERSIONED:
            by_entity[entity].add(entity_id)
    for name, ids in by_entity.items():
        spec = ENTITIES[name]
        rows = load_rows(conn, spec, ids)
        active: dict[str, list[Any]] = defaultdict(list)
        for e in _entries_of(conn, ids, _STILL_ACTIVE):
            active[e.entity_id].append(e)
        updates = []
        for entity_id, row in rows.items():
            pending = covered_pending(spec, active.get(entity_id, []))
            if pending != list(row.pending_fields or []):
                updates.append({"b_id": entity_id, "pending_fields": pending})
        grouped_update(conn, spec.table, updates)


def _pending(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def notice(cause: str, resent: int, at: str) -> str:
    what = (
        "The central store was set up again from empty"
        if cause == RECREATED
        else "The central store was restored from a backup"
    )
    if resent:
        did = (
            f"this laptop sent again the {resent} change{'s' if resent != 1 else ''} it had "
            "that the store no longer held"
        )
    else:
        did = "this laptop had no change the store lacked"
    return f"{what} (noticed {at} UTC); {did}, and read its teams' cases again."


def take_notice(conn: sa.Connection) -> str | None:
    """After a sync that completed: the sentence for a recovery whose changes are now sent
    (kept as the last notice), in the caller's transaction; None when there was none."""
    facts = state.read(conn, [RESTORE_PENDING])
    if RESTORE_PENDING not in facts:
        return None
    info = _pending(facts[RESTORE_PENDING])
    text = notice(str(info.get("cause", RESTORED)), int(info.get("resent", 0)), str(info.get("at")))
    state.write(conn, {RESTORE_PENDING: None, RESTORE_NOTICE: text})
    return text


def pending_resent(conn: sa.Connection) -> int:
    return int(_pending(state.read(conn, [RESTORE_PENDING]).get(RESTORE_PENDING)).get("resent", 0))
