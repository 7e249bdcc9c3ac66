"""The pull route answers with JSON built from the change log's stored text (``pull_json``):
it must say exactly what the PullResponse model of ``pull`` says, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from test_sync_merge import CASE, PERSON, Server, _pg_engine, edit, new_case

from hcdesk.server import sync_service as svc
from hcdesk.wire import protocol as p


@pytest.fixture(params=["sqlite", "postgresql"])
def central(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Server]:
    if request.param == "sqlite":
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'central.db'}")
        yield Server(engine)
        engine.dispose()
    else:
        gen = _pg_engine()
        yield Server(next(gen))
        for _ in gen:
            pass


def _both(server: Server, actor: svc.Actor, cursors: dict[str, int], limit: int) -> Any:
    req = p.PullRequest(device_id=actor.device_id, schema_version=5, cursors=cursors, limit=limit)
    with server.sessions.begin() as s:
        model = svc.pull(s, actor, req, server.clock)
    with server.sessions.begin() as s:
        raw = svc.pull_json(s, actor, req, server.clock)
    parsed = p.PullResponse.model_validate_json(raw)
    assert set(json.loads(raw)) == set(p.PullResponse.model_fields)
    assert parsed.server_hlc and parsed.server_hlc > model.server_hlc
    mine = parsed.model_dump(exclude={"server_hlc"})
    theirs = p.PullResponse.model_validate(model.model_dump()).model_dump(exclude={"server_hlc"})
    assert mine == theirs
    return parsed


def test_pull_json_says_what_the_model_says_page_by_page(central: Server) -> None:
    server = central
    ann, bob = server.actor("ann"), server.actor("bob")
    odd = 'Zoë said "get off" — twice;\nthen: \\ / \u2028 \U0001f600 <b>&amp;</b>'
    server.push(ann, new_case(server.now - 10_000, summary=odd, monitored_strands=["RACE"]))
    person = {
        "mutation_id": "m-person",
        "entity": "person",
        "entity_id": PERSON,
        "case_id": CASE,
        "op": "upsert",
        "hlc": f"{server.now - 9_000:013d}-0000-nodeA",
        "fields": {
            "role": {"value": "VICTIM", "ver": f"{server.now - 9_000:013d}-0000-nodeA"},
            "name": {"value": "Łucja Kowalska", "ver": f"{server.now - 9_000:013d}-0000-nodeA"},
        },
    }
    server.push(ann, person)
    base = server.ver(CASE, "place")
    server.push(ann, edit(CASE, "case_file", server.now - 5_000, "nodeA", base, place="Coventry"))
    server.push(bob, edit(CASE, "case_file", server.now - 4_000, "nodeB", base, place="Rugby"))
    with server.sessions.begin() as s:  # a share and its end: a blanked "remove" entry
        svc.share_case(s, None, CASE, "B", grant=True)
    with server.sessions.begin() as s:
        svc.share_case(s, None, CASE, "B", grant=False)

    cursors: dict[str, int] = {}
    ops: list[str] = []
    for _ in range(10):
        page = _both(server, bob, cursors, limit=2)
        ops += [c.op for c in page.changes]
        cursors = page.cursors
        if not page.has_more:
            break
    assert not page.has_more
    assert {"put", "conflict"} <= set(ops)
    everything = _both(server, bob, {}, limit=2000)
    case = next(c for c in everything.changes if c.entity_id == CASE and c.op == "put")
    assert case.fields["summary"]["value"] == odd

    # The other team reads its share bucket, where the case was shared and then removed.
    cat = server.actor("cat", teams=("B",))
    shared = _both(server, cat, {}, limit=2000)
    assert [c.op for c in shared.changes][-1] == "remove"
    assert shared.changes[-1].fields == {}
    # Cursors past the end, and a bucket no longer readable.
    _both(server, cat, {**shared.cursors, "team:tA": 3}, limit=5)


def test_a_gap_in_a_bucket_does_not_end_or_stall_the_pull(central: Server) -> None:
    """Pages are read as the window after the cursor (sequence numbers are dense); should a
    bucket ever have a gap wider than a page, the pull still reads on past it."""
    server = central
    ann, bob = server.actor("ann"), server.actor("bob")
    server.push(ann, new_case(server.now - 10_000, summary="first", monitored_strands=["RACE"]))
    for i in range(6):
        base = server.ver(CASE, "place")
        server.push(
            ann, edit(CASE, "case_file", server.now - 9_000 + i, "nodeA", base, place=f"P{i}")
        )
    full = _both(server, bob, {}, limit=2000)
    bucket = full.changes[0].bucket
    seqs = [c.seq for c in full.changes if c.bucket == bucket]
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) >= 7
    with server.sessions.begin() as s:  # take out entries 2..5: a gap of four
        s.execute(
            sa.delete(svc.ChangeLog).where(
                svc.ChangeLog.bucket == bucket, svc.ChangeLog.seq.between(2, 5)
            )
        )
    got: list[int] = []
    cursors: dict[str, int] = {}
    for _ in range(20):
        page = _both(server, bob, cursors, limit=2)
        got += [c.seq for c in page.changes if c.bucket == bucket]
        cursors = page.cursors
        if not page.has_more:
            break
    assert got == [1, *seqs[5:]]
