"""The central store's merge rules, driven through the sync service on SQLite and PostgreSQL.

Each test pushes the mutations two officers' laptops would send and checks what the server
keeps: current values, conflicts with both values, history, change-log entries and checksums.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker

from hcdesk.server import sync_service as svc
from hcdesk.server.db import (
    AppliedMutation,
    ChangeLog,
    Device,
    FieldHistory,
    Record,
    ServerBase,
    ServerConflict,
    Team,
    TeamMember,
    User,
)
from hcdesk.wire import protocol as p
from hcdesk.wire.hlc import HLC, HybridClock

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DAY_MS = 24 * 3600 * 1000


def _pg_engine() -> Iterator[sa.Engine]:
    name = f"hcdesk_merge_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.exec_driver_sql(f"CREATE DATABASE {name}")
    except sa.exc.OperationalError as exc:
        admin.dispose()
        reason = f"PostgreSQL is not reachable on 127.0.0.1:5432 ({type(exc).__name__})"
        if os.environ.get("HCDESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " and HCDESK_REQUIRE_POSTGRES=1")
        print(f"SKIP: {reason}")
        pytest.skip(reason)
    engine = sa.create_engine(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as c:
            c.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


class Server:
    """The sync service over a real database, with a controllable server clock."""

    def __init__(self, engine: sa.Engine) -> None:
        ServerBase.metadata.create_all(engine)
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.now = 1_800_000_000_000
        self.clock = svc.ServerClock(
            HybridClock("server", now_ms=lambda: self.now), threading.Lock()
        )
        self.seq: dict[str, int] = {}
        with self.sessions.begin() as s:
            for team in ("A", "B", "CPS"):
                s.add(Team(id=f"t{team}", name=team))

    def actor(
        self, name: str, role: str = "caseworker", teams: tuple[str, ...] = ("A",)
    ) -> svc.Actor:
        with self.sessions.begin() as s:
            s.add(User(id=f"u-{name}", username=name, password_hash="x", role=role))
            s.flush()
            for t in teams:
                s.add(TeamMember(team_id=f"t{t}", user_id=f"u-{name}"))
            s.add(Device(device_id=f"d-{name}", user_id=f"u-{name}", last_client_seq=0))
        return svc.Actor(f"u-{name}", name, role, tuple(f"t{t}" for t in teams), f"d-{name}")

    def push(self, actor: svc.Actor, *mutations: dict[str, Any]) -> list[p.MutationResult]:
        muts = []
        for m in mutations:
            if "client_seq" not in m:
                self.seq[actor.device_id] = self.seq.get(actor.device_id, 0) + 1
                m = {**m, "client_seq": self.seq[actor.device_id]}
            muts.append(p.Mutation.model_validate(m))
        req = p.PushRequest(
            batch_id="b" + uuid.uuid4().hex,
            device_id=actor.device_id,
            schema_version=5,
            mutations=muts,
        )
        with self.sessions.begin() as s:
            return svc.push(s, actor, req, self.clock, max_schema=99).results

    def pull(
        self, actor: svc.Actor, cursors: dict[str, int] | None = None, limit: int = 2000
    ) -> p.PullResponse:
        req = p.PullRequest(
            device_id=actor.device_id, schema_version=5, cursors=cursors or {}, limit=limit
        )
        with self.sessions.begin() as s:
            return svc.pull(s, actor, req, self.clock)

    def record(self, entity_id: str) -> dict[str, Any]:
        with self.sessions() as s:
            rec = s.get(Record, entity_id)
            assert rec is not None
            return {k: v["value"] for k, v in rec.fields.items()}

    def ver(self, entity_id: str, field: str) -> str:
        with self.sessions() as s:
            rec = s.get(Record, entity_id)
            assert rec is not None
            return str(rec.fields[field]["ver"])

    def conflicts(self) -> list[ServerConflict]:
        with self.sessions() as s:
            return list(s.scalars(sa.select(ServerConflict).order_by(ServerConflict.created_at)))

    def count(self, model: Any) -> int:
        with self.sessions() as s:
            return int(s.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Server]:
    if request.param == "sqlite":
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'central.db'}")
        yield Server(engine)
        engine.dispose()
    else:
        gen = _pg_engine()
        engine = next(gen)
        yield Server(engine)
        for _ in gen:
            pass


def hlc(ms: int, node: str, counter: int = 0) -> str:
    return HLC(ms, counter, node).encode()


CASE = "0190aaaa-0000-7000-8000-000000000001"
PERSON = "0190aaaa-0000-7000-8000-000000000002"


def new_case(at: int, node: str = "nodeA", **extra: Any) -> dict[str, Any]:
    v = hlc(at, node)
    fields = {
        "local_ref": "HC-1",
        "record_type": "HATE_CRIME",
        "status": "OPEN",
        "summary": "Abuse at a bus stop",
        "place": "Leamington Spa",
        "deleted": False,
        **extra,
    }
    return {
        "mutation_id": uuid.uuid4().hex,
        "entity": "case_file",
        "entity_id": CASE,
        "case_id": CASE,
        "op": "upsert",
        "hlc": v,
        "fields": {k: {"value": val, "ver": v} for k, val in fields.items()},
    }


def edit(
    entity_id: str, entity: str, at: int, node: str, base: str | None, **values: Any
) -> dict[str, Any]:
    v = hlc(at, node)
    return {
        "mutation_id": uuid.uuid4().hex,
        "entity": entity,
        "entity_id": entity_id,
        "case_id": CASE,
        "op": "upsert",
        "hlc": v,
        "fields": {k: {"value": val, "ver": v, "base_ver": base} for k, val in values.items()},
    }


def test_new_case_reaches_the_team_with_a_checksum_that_adds_up(server: Server) -> None:
    a = server.actor("ann")
    b = server.actor("bob")
    (res,) = server.push(a, new_case(server.now - 1000))
    assert res.status == "applied"
    assert res.bucket_seq == {"team:tA": 1}
    page = server.pull(b)
    assert [c.entity_id for c in page.changes] == [CASE]
    assert page.changes[0].fields["summary"]["value"] == "Abuse at a bus stop"
    assert page.cursors == {"share:tA": 0, "team:tA": 1} and not page.has_more
    change = page.changes[0]
    expected = p.change_hash("team:tA", 1, "case_file", CASE, "put", change.fields)
    assert page.checksums["team:tA"].model_dump() == {"seq": 1, "count": 1, "hash": expected}
    # Another team sees nothing of it.
    c = server.actor("cat", teams=("B",))
    assert server.pull(c).changes == []


def test_same_scalar_edited_offline_by_two_officers_keeps_both_values(server: Server) -> None:
    a, b = server.actor("ann"), server.actor("bob")
    server.push(a, new_case(server.now - 10_000))
    base = server.ver(CASE, "place")
    server.push(a, edit(CASE, "case_file", server.now - 5000, "nodeA", base, place="Warwick"))
    (res,) = server.push(
        b, edit(CASE, "case_file", server.now - 4000, "nodeB", base, place="Rugby")
    )
    # Bob's edit is newer: it wins, Ann's value is kept in an open conflict.
    assert res.status == "conflict" and len(res.conflict_ids) == 1
    assert server.record(CASE)["place"] == "Rugby"
    (conflict,) = server.conflicts()
    assert conflict.policy == "scalar" and conflict.status == "open"
    assert conflict.winner["value"] == "Rugby" and conflict.winner["author"] == "bob"
    assert conflict.loser["value"] == "Warwick" and conflict.loser["author"] == "ann"
    assert conflict.base == {"value": "Leamington Spa", "ver": base}


def test_older_concurrent_edit_loses_but_is_kept(server: Server) -> None:
    a, b = server.actor("ann"), server.actor("bob")
    server.push(a, new_case(server.now - 10_000))
    base = server.ver(CASE, "place")
    server.push(a, edit(CASE, "case_file", server.now - 3000, "nodeA", base, place="Warwick"))
    (res,) = server.push(
        b, edit(CASE, "case_file", server.now - 6000, "nodeB", base, place="Rugby")
    )
    assert res.status == "conflict"
    assert res.canonical["place"].value == "Warwick"
    assert server.record(CASE)["place"] == "Warwick"
    (conflict,) = server.conflicts()
    assert conflict.loser["value"] == "Rugby"
    with server.sessions() as s:
        outcomes = {h.outcome for h in s.scalars(sa.select(FieldHistory))}
    assert "lost" in outcomes


def test_concurrent_narrative_edits_are_a_conflict_never_merged(server: Server) -> None:
    a, b = server.actor("ann"), server.actor("bob")
    server.push(a, new_case(server.now - 10_000))
    base = server.ver(CASE, "summary")
    server.push(
        a, edit(CASE, "case_file", server.now - 5000, "nodeA", base, summary="Ann's account")
    )
    server.push(
        b, edit(CASE, "case_file", server.now - 4000, "nodeB", base, summary="Bob's account")
    )
    (conflict,) = server.conflicts()
    assert conflict.policy == "narrative"
    assert server.record(CASE)["summary"] == "Bob's account"  # one of the two, never a blend
    assert conflict.loser["value"] == "Ann's account"


def test_different_fields_merge_without_conflict(server: Server) -> None:
    a, b = server.actor("ann"), server.actor("bob")
    server.push(a, new_case(server.now - 10_000))
    base_place, base_status = server.ver(CASE, "place"), server.ver(CASE, "status")
    server.push(a, edit(CASE, "case_file", server.now - 5000, "nodeA", base_place, place="Warwick"))
    (res,) = server.push(
        b, edit(CASE, "case_file", server.now - 4000, "nodeB", base_status, status="CLOSED")
    )
    assert res.status == "applied"
    assert (server.record(CASE)["place"], server.record(CASE)["status"]) == ("Warwick", "CLOSED")
    assert server.conflicts() == []


def test_equal_concurrent_values_merge_quietly(server: Server) -> None:
    a, b = server.actor("ann"), server.actor("bob")
    server.push(a, new_case(server.now - 10_000))
    base = server.ver(CASE, "place")
    server.push(a, edit(CASE, "case_file", server.now - 5000, "nodeA", base, place="Warwick"))
    (res,) = server.push(
        b, edit(CASE, "case_file", server.now - 4000, "nodeB", base, place="Warwick")
    )
    assert res.status == "merged" and server.conflicts() == []


def test_an_edit_made_after_seeing_another_wins_even_with_a_slow_clock(server: Server) -> None:
    a, b = server.actor("ann"), server.actor("bob")
    server.push(a, new_case(server.now - 10_000))
    seen = server.ver(CASE, "place")
    # Bob's laptop is seven days slow, but he edited the value he had pulled.
    (res,) = server.push(
        b, edit(CASE, "case_file", server.now - 7 * DAY_MS, "nodeB", seen, place="Rugby")
    )
    assert res.status == "applied"
    assert server.record(CASE)["place"] == "Rugby"
    assert server.ver(CASE, "place") > seen
    assert res.canonical["place"].ver == server.ver(CASE, "place")


def test_a_clock_days_ahead_is_clamped_and_flagged(server: Server) -> None:
    a, b = server.actor("ann"), server.actor("bob")
    server.push(a, new_case(server.now - 10_000))
    base = server.ver(CASE, "place")
    (res,) = server.push(
        b, edit(CASE, "case_file", server.now + 7 * DAY_MS, "nodeB", base, place="Rugby")
    )
    stored = HLC.decode(server.ver(CASE, "place"))
    assert stored.wall_ms <= server.now + p.MAX_SKEW_MS
    assert res.canonical["place"].ver == server.ver(CASE, "place")
    with server.sessions() as s:
        assert s.get(Device, "d-bob").skew_flagged_at is not None  # type: ignore[union-attr]
        assert s.get(Device, "d-ann").skew_flagged_at is None  # type: ignore[union-attr]
    # A later honest edit by Ann, made after pulling Bob's, still wins.
    (res2,) = server.push(
        a,
        edit(
            CASE,
            "case_file",
            server.now + 1,
            "nodeA",
            server.ver(CASE, "place"),
            place="Kenilworth",
        ),
    )
    assert res2.status == "applied" and server.record(CASE)["place"] == "Kenilworth"


def test_a_version_within_the_margin_is_kept_and_the_server_clock_moves_past_it(
    server: Server,
) -> None:
    a, b = server.actor("ann"), server.actor("bob")
    server.push(a, new_case(server.now - 10_000))
    base = server.ver(CASE, "place")
    ahead = server.now + p.MAX_SKEW_MS - 1000  # four minutes and a bit ahead: a clock a bit off
    (res,) = server.push(b, edit(CASE, "case_file", ahead, "nodeB", base, place="Rugby"))
    assert res.canonical["place"].ver == hlc(ahead, "nodeB")
    assert HLC.decode(server.clock.tick()).wall_ms >= ahead  # folded in
    with server.sessions() as s:
        assert s.get(Device, "d-bob").skew_flagged_at is None  # type: ignore[union-attr]


def test_an_edit_after_a_version_from_the_future_comes_after_it_without_dragging_the_clock(
    server: Server,
) -> None:
    """A version stored before the clock was bounded, 12 hours ahead: an edit made after
    seeing it still replaces it, and the server's clock stays within the margin."""
    a, b = server.actor("ann"), server.actor("bob")
    server.push(a, new_case(server.now - 10_000))
    stored = hlc(server.now + 12 * 3600 * 1000, "nodeA")
    with server.sessions.begin() as s:  # as an unbounded server once stored it
        rec = s.get(Record, CASE)
        assert rec is not None
        rec.fields = {**rec.fields, "place": {"value": "Warwick", "ver": stored}}
    (res,) = server.push(
        b, edit(CASE, "case_file", server.now, "nodeB", stored, place="Kenilworth")
    )
    assert res.status == "applied" and server.record(CASE)["place"] == "Kenilworth"
    assert server.ver(CASE, "place") > stored
    assert HLC.decode(server.clock.tick()).wall_ms <= server.now + p.MAX_SKEW_MS
    with server.sessions() as s:
        assert s.get(Device, "d-bob").skew_flagged_at is None  # type: ignore[union-attr]


def test_replayed_push_has_no_further_effect(server: Server) -> None:
    a = server.actor("ann")
    m = new_case(server.now - 1000)
    (first,) = server.push(a, m)
    before = (server.count(ChangeLog), server.count(FieldHistory), server.count(AppliedMutation))
    (again,) = server.push(a, {**m, "client_seq": 1})
    assert again.status == "duplicate"
    assert again.canonical == first.canonical and again.bucket_seq == first.bucket_seq
    assert (
        server.count(ChangeLog),
        server.count(FieldHistory),
        server.count(AppliedMutation),
    ) == before


def test_a_reused_mutation_id_with_other_content_is_refused(server: Server) -> None:
    a = server.actor("ann")
    m = new_case(server.now - 1000)
    server.push(a, m)
    changed = {**m, "client_seq": 1, "fields": {"place": {"value": "Elsewhere", "ver": m["hlc"]}}}
    (res,) = server.push(a, changed)
    assert res.status == "rejected" and res.code == "reused_id"
    assert server.record(CASE)["place"] == "Leamington Spa"


def test_a_gap_in_the_device_sequence_is_refused_whole(server: Server) -> None:
    a = server.actor("ann")
    with pytest.raises(svc.SeqGap) as gap:
        server.push(a, {**new_case(server.now), "client_seq": 3})
    assert gap.value.expected == 1
    assert server.count(Record) == 0


def test_edit_after_delete_is_kept_and_raises_a_conflict(server: Server) -> None:
    a, b = server.actor("ann"), server.actor("bob")
    server.push(a, new_case(server.now - 10_000))
    base_del, base_place = server.ver(CASE, "deleted"), server.ver(CASE, "place")
    deletion = edit(CASE, "case_file", server.now - 5000, "nodeA", base_del, deleted=True)
    deletion["op"] = "delete"
    deletion["seen"] = base_place
    server.push(a, deletion)
    (res,) = server.push(
        b, edit(CASE, "case_file", server.now - 4000, "nodeB", base_place, place="Rugby")
    )
    assert res.status == "conflict"
    rec = server.record(CASE)
    assert rec["deleted"] is True and rec["place"] == "Rugby"  # nothing lost, still deleted
    (conflict,) = server.conflicts()
    assert conflict.policy == "delete" and conflict.loser["edits"] == {"place": "Rugby"}


def test_delete_that_overtakes_an_unseen_edit_raises_a_conflict(server: Server) -> None:
    a, b = server.actor("ann"), server.actor("bob")
    server.push(a, new_case(server.now - 10_000))
    seen = server.ver(CASE, "place")
    server.push(b, edit(CASE, "case_file", server.now - 6000, "nodeB", seen, place="Rugby"))
    deletion = edit(
        CASE, "case_file", server.now - 5000, "nodeA", server.ver(CASE, "deleted"), deleted=True
    )
    deletion["op"] = "delete"
    deletion["seen"] = seen
    (res,) = server.push(a, deletion)
    assert res.status == "conflict"
    (conflict,) = server.conflicts()
    assert conflict.policy == "delete" and conflict.loser["edits"] == {"place": "Rugby"}


def test_append_only_entries_cannot_be_rewritten(server: Server) -> None:
    a = server.actor("ann")
    server.push(a, new_case(server.now - 10_000))
    v = hlc(server.now - 5000, "nodeA")
    entry = {
        "mutation_id": uuid.uuid4().hex,
        "entity": "contact_log",
        "entity_id": PERSON,
        "case_id": CASE,
        "op": "append",
        "hlc": v,
        "fields": {
            k: {"value": val, "ver": v}
            for k, val in {
                "occurred_at": "2026-11-20T10:00:00.000000Z",
                "channel": "PHONE",
                "direction": "TO_VICTIM",
                "summary": "Called the victim",
                "recorded_by": "ann",
            }.items()
        },
    }
    (res,) = server.push(a, entry)
    assert res.status == "applied"
    rewritten = {**entry, "mutation_id": uuid.uuid4().hex}
    rewritten["fields"] = {**entry["fields"], "summary": {"value": "Something else", "ver": v}}
    (res2,) = server.push(a, rewritten)
    assert res2.status == "rejected" and res2.code == "invalid"
    assert server.record(PERSON)["summary"] == "Called the victim"


@pytest.mark.parametrize(
    ("role", "teams"),
    [
        ("caseworker", ("B",)),
        ("supervisor", ("B",)),
        ("cps", ("A",)),
        ("admin", ()),
        ("caseworker", ()),
    ],
)
def test_no_write_to_a_case_outside_the_officers_reach(
    server: Server, role: str, teams: tuple[str, ...]
) -> None:
    a = server.actor("ann")
    server.push(a, new_case(server.now - 10_000))
    other = server.actor("eve", role=role, teams=teams)
    (res,) = server.push(
        other, edit(CASE, "case_file", server.now, "nodeE", server.ver(CASE, "place"), place="X")
    )
    assert res.status == "rejected" and res.code == "forbidden"
    assert server.record(CASE)["place"] == "Leamington Spa"
    # Nor can they read it.
    assert server.pull(other).changes == []


def test_invalid_values_are_refused_with_a_reason(server: Server) -> None:
    a = server.actor("ann")
    (res,) = server.push(a, new_case(server.now, incident_date="31/02/2026"))
    assert res.status == "rejected" and res.code == "invalid"
    assert "incident date" in (res.reason or "")
    assert server.count(Record) == 0
    # The refusal still used the device's number: the next change follows it.
    (ok,) = server.push(a, new_case(server.now))
    assert ok.status == "applied" and ok.client_seq == 2


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"summary": "x" * 100_001}, "summary of the incident is longer than 100,000 characters."),
        ({"place": "y" * 4_001}, "place is longer than 4,000 characters."),
        ({"monitored_strands": ["RACE", "RACE"]}, "must list each value at most once."),
        ({"hocr_codes": ["9B"] * 51}, "HOCR codes has more than 50 entries."),
        ({"hocr_codes": [[[["9B"]]]]}, "HOCR codes [0] must be of type string."),
    ],
    ids=["narrative", "text", "strand-twice", "hocr-codes", "nested-list"],
)
def test_values_beyond_their_limits_are_refused_as_import_would_refuse_them(
    server: Server, extra: dict[str, Any], reason: str
) -> None:
    """The central store checks with the importer's rules (decode_value), so a laptop can never
    pull a value that it could not export and import again."""
    a = server.actor("ann")
    (res,) = server.push(a, new_case(server.now, **extra))
    assert res.status == "rejected" and res.code == "invalid"
    assert (res.reason or "").endswith(reason)
    assert server.count(Record) == 0


def test_the_limits_of_case_data_do_not_hold_back_audit_events(server: Server) -> None:
    a = server.actor("ann")
    v = hlc(server.now, "nodeA")
    values = {
        "device_id": "d-ann",
        "seq": 2**40,
        "actor": "ann",
        "operation": "DISCLOSURE",
        "reason": "r" * 5_000,  # free text beyond what a case field takes
    }
    (own,) = server.push(
        a,
        {
            "mutation_id": uuid.uuid4().hex,
            "entity": "audit_event",
            "entity_id": uuid.uuid4().hex,
            "case_id": "",
            "op": "append",
            "hlc": v,
            "fields": {k: {"value": val, "ver": v} for k, val in values.items()},
        },
    )
    assert own.status == "applied", own.reason
    assert server.count(Record) == 1


def test_only_a_supervisor_resolves_and_the_choice_reaches_everyone(server: Server) -> None:
    a, b = server.actor("ann"), server.actor("bob")
    sup = server.actor("sue", role="supervisor")
    server.push(a, new_case(server.now - 10_000))
    base = server.ver(CASE, "summary")
    server.push(
        a, edit(CASE, "case_file", server.now - 5000, "nodeA", base, summary="Ann's account")
    )
    server.push(
        b, edit(CASE, "case_file", server.now - 4000, "nodeB", base, summary="Bob's account")
    )
    (conflict,) = server.conflicts()

    def resolution(choice: str) -> dict[str, Any]:
        return {
            "mutation_id": uuid.uuid4().hex,
            "entity": "conflict",
            "entity_id": conflict.id,
            "case_id": CASE,
            "op": "resolve",
            "hlc": hlc(server.now, "n"),
            "resolve": {"conflict_id": conflict.id, "choice": choice},
        }

    (refused,) = server.push(a, resolution("loser"))
    assert refused.status == "rejected" and refused.code == "forbidden"
    (done,) = server.push(sup, resolution("loser"))
    assert done.status == "applied"
    assert server.record(CASE)["summary"] == "Ann's account"
    (after,) = server.conflicts()
    assert after.status == "resolved" and after.resolved_by == "sue"
    page = server.pull(b)
    last_conflict = [c for c in page.changes if c.entity == "conflict"][-1]
    assert last_conflict.fields["status"] == "resolved"


def test_sharing_brings_the_whole_case_to_the_other_team_and_unsharing_removes_it(
    server: Server,
) -> None:
    a = server.actor("ann")
    sup = server.actor("sue", role="supervisor")
    cps = server.actor("carl", role="cps", teams=("CPS",))
    server.push(a, new_case(server.now - 10_000))
    server.push(
        a,
        edit(
            CASE,
            "case_file",
            server.now - 5000,
            "nodeA",
            server.ver(CASE, "place"),
            place="Warwick",
        ),
    )
    assert server.pull(cps).changes == []
    with pytest.raises(svc.ShareError), server.sessions.begin() as s:
        svc.share_case(s, a, CASE, "CPS", grant=True)  # caseworkers cannot share
    with server.sessions.begin() as s:
        svc.share_case(s, sup, CASE, "CPS", grant=True)
    page = server.pull(cps)
    assert [(c.entity_id, c.op) for c in page.changes] == [(CASE, "put")]
    assert page.changes[0].fields["place"]["value"] == "Warwick"
    # CPS can read it, but not change it.
    (res,) = server.push(
        cps, edit(CASE, "case_file", server.now, "nodeC", server.ver(CASE, "place"), place="Y")
    )
    assert res.status == "rejected" and res.code == "forbidden"
    with server.sessions.begin() as s:
        svc.share_case(s, sup, CASE, "CPS", grant=False)
    page2 = server.pull(cps, page.cursors)
    assert [(c.entity_id, c.op) for c in page2.changes] == [(CASE, "remove")]


def test_pull_pages_in_commit_order_and_reports_removed_buckets(server: Server) -> None:
    a = server.actor("ann")
    server.push(a, new_case(server.now - 10_000))
    for i in range(5):
        server.push(
            a,
            edit(
                CASE,
                "case_file",
                server.now - 9000 + i,
                "nodeA",
                server.ver(CASE, "place"),
                place=f"P{i}",
            ),
        )
    seen: list[int] = []
    cursors: dict[str, int] = {"team:gone": 4}
    while True:
        page = server.pull(a, cursors, limit=2)
        assert page.buckets_removed == (["team:gone"] if "team:gone" in cursors else [])
        seen += [c.seq for c in page.changes]
        cursors = page.cursors
        if not page.has_more:
            break
    assert seen == [1, 2, 3, 4, 5, 6]
    assert page.checksums["team:tA"].count == 6


@pytest.mark.parametrize("offset_days", [-7, 7])
def test_a_chain_of_edits_from_a_skewed_laptop_is_not_a_conflict_with_itself(
    server: Server, offset_days: int
) -> None:
    a, b = server.actor("ann"), server.actor("bob")
    server.push(a, new_case(server.now - 10_000))
    seen = server.ver(CASE, "place")
    at = server.now + offset_days * DAY_MS
    first = edit(CASE, "case_file", at, "nodeB", seen, place="Rugby")
    second = edit(CASE, "case_file", at + 1, "nodeB", first["hlc"], place="Coventry")
    third = edit(CASE, "case_file", at + 2, "nodeB", second["hlc"], place="Nuneaton")
    # The first edit alone, then the rest in a later request (after the ack), and replayed.
    server.push(b, first)
    results = server.push(b, second, third)
    assert [r.status for r in results] == ["applied", "applied"]
    assert server.conflicts() == []
    assert server.record(CASE)["place"] == "Nuneaton"
    assert HLC.decode(server.ver(CASE, "place")).wall_ms <= server.now + p.MAX_SKEW_MS
    with server.sessions() as s:
        values = [
            h.fields["place"]["value"]
            for h in s.scalars(sa.select(FieldHistory).order_by(FieldHistory.id))
            if "place" in h.fields
        ]
    assert values[-3:] == ["Rugby", "Coventry", "Nuneaton"]


def test_records_need_a_case_and_audit_events_their_own_device(server: Server) -> None:
    a = server.actor("ann")
    orphan = edit(PERSON, "person", server.now, "nodeA", None, role="VICTIM", name="Nobody")
    orphan["case_id"] = ""
    (res,) = server.push(a, orphan)
    assert res.status == "rejected" and res.code == "invalid"
    v = hlc(server.now, "nodeA")

    def audit_event(device: str) -> dict[str, Any]:
        values = {"device_id": device, "seq": 1, "actor": "ann", "operation": "CONSULTATION"}
        return {
            "mutation_id": uuid.uuid4().hex,
            "entity": "audit_event",
            "entity_id": uuid.uuid4().hex,
            "case_id": "",
            "op": "append",
            "hlc": v,
            "fields": {k: {"value": val, "ver": v} for k, val in values.items()},
        }

    (forged,) = server.push(a, audit_event("d-bob"))
    assert forged.status == "rejected" and forged.code == "invalid"
    (own,) = server.push(a, audit_event("d-ann"))
    assert own.status == "applied"
    assert server.count(Record) == 1
