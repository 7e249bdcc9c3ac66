"""Freezing reads only the newest earlier entry per field it needs (not a row's whole history):
the bodies must be exactly those built from the whole history, whatever the history holds
(edits of several fields, edits on top of unacknowledged ones, server re-stamps, refusals,
deletes undone, a field never edited before)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from sync_helpers import make_case

from hcdesk.models import CaseFile, Person
from hcdesk.store.store import Store
from hcdesk.sync import local, push
from hcdesk.wire import protocol as p
from hcdesk.wire.hlc import HLC

CASE_FIELDS = ("summary", "place", "perception_note", "oic")
PERSON_FIELDS = ("phone", "email", "safe_times", "contact_notes", "address")


def _whole_history(
    conn: sa.Connection, todo: Any, first: int, ids: Any
) -> list[push.Entry]:  # the previous way: every earlier entry of the rows
    return push._entries_of(conn, ids, push._OUTBOX.c.client_seq < first)


def _next_batch_both_ways(
    store: Store, limit: int, monkeypatch: pytest.MonkeyPatch
) -> list[push.Entry]:
    """next_batch with the whole history (rolled back), then as it is; both must agree."""
    with local.write(store) as conn:
        savepoint = conn.begin_nested()
        with monkeypatch.context() as m:
            m.setattr(push, "_earlier_setters", _whole_history)
            expected = [e.frozen for e in push.next_batch(conn, limit=limit)]
        savepoint.rollback()
        batch = push.next_batch(conn, limit=limit)
    assert [e.frozen for e in batch] == expected
    return batch


def _ack(store: Store, batch: list[push.Entry], rng: random.Random) -> None:
    results = []
    for e in batch:
        body = e.frozen or {}
        fields = body.get("fields") or {}
        status = "rejected" if rng.random() < 0.1 else "applied"
        canonical = {}
        for k, v in fields.items():
            ver = v.get("ver") or e.hlc
            if rng.random() < 0.3:  # the server re-stamped it (a slow clock, a concurrent edit)
                ver = HLC(HLC.decode(ver).wall_ms + rng.randint(1, 50), 0, "server").encode()
            canonical[k] = {"value": v.get("value"), "ver": ver}
        results.append(
            p.MutationResult.model_validate(
                {
                    "mutation_id": body["mutation_id"],
                    "client_seq": body["client_seq"],
                    "status": status,
                    "canonical": canonical if status != "rejected" else {},
                    "bucket_seq": {"team:a": body["client_seq"]},
                }
            )
        )
    with local.write(store) as conn:
        push.apply_results(conn, store, p.PushResponse(results=results))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bodies_built_from_the_newest_entries_equal_the_whole_history(
    store: Store, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    rows: list[tuple[Any, str, tuple[str, ...]]] = []
    for i in range(3):
        case_id, victim_id = make_case(store, name=f"Victim {i}")
        rows += [(CaseFile, case_id, CASE_FIELDS), (Person, victim_id, PERSON_FIELDS)]
    inflight: list[push.Entry] = []
    edit: Callable[[], None]

    def edit() -> None:
        model, ident, names = rng.choice(rows)
        with store.transaction() as s:
            obj = s.get(model, ident)
            assert obj is not None
            for name in rng.sample(names, rng.randint(1, 2)):
                setattr(obj, name, f"{name} {rng.randrange(10**6)}")
            if model is Person and rng.random() < 0.05:
                obj.deleted = not obj.deleted

    for _step in range(60):
        for _ in range(rng.randint(0, 4)):
            edit()
        if rng.random() < 0.6:
            inflight = _next_batch_both_ways(store, rng.randint(1, 12), monkeypatch)
        if inflight and rng.random() < 0.7:
            _ack(store, inflight, rng)
            inflight = []
    _next_batch_both_ways(store, p.MAX_BATCH, monkeypatch)
