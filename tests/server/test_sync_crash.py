"""kill -9 at every step of push and pull, on the laptop and on the central store; duplicated and
reordered requests (reference/SYNC.md §6, tests 1–3).

The laptop's sync runs as a real ``hcdesk sync`` process that kills itself with SIGKILL at a
named crash point (hcdesk.faults); the central store runs as a real ``hcdesk-server serve``
process for the server crashes. After a restart: the store passes ``PRAGMA integrity_check``,
the outbox drains within two syncs without anyone doing anything, every change was applied
exactly once, and the laptops converge with nothing lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from synckit import (
    PASSPHRASE,
    Fleet,
    Ledger,
    Officer,
    assert_converged,
    edit,
    log_contact,
    open_case,
)

from hcdesk import faults
from hcdesk.models import CaseFile, Person
from hcdesk.server import process
from hcdesk.server.database import Database, init_schema, make_database
from hcdesk.server.db import AppliedMutation, ChangeLog, Record
from hcdesk.store.store import Store
from hcdesk.sync import state
from hcdesk.sync.client import SyncClient, SyncOffline

CLIENT_POINTS = [p for p in faults.POINTS if not p.startswith("server.")]
SERVER_POINTS = [p for p in faults.POINTS if p.startswith("server.")]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != faults.ENV}
    env.update(
        {"HCDESK_PASSPHRASE": PASSPHRASE, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    )
    env.update(extra)
    return env


def sync_process(root: Path, crash_at: str | None) -> subprocess.CompletedProcess[str]:
    extra = {faults.ENV: crash_at} if crash_at else {}
    return subprocess.run(
        [sys.executable, "-m", "hcdesk", "sync", "--profile", str(root)],
        env=_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


def integrity_ok(root: Path) -> None:
    with Store.open(root, PASSPHRASE) as store, store.engine_or_raise().connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def exactly_once(db: Database, outbox_entries: int) -> None:
    with db.session() as s:
        applied = s.scalar(sa.select(sa.func.count()).select_from(AppliedMutation))
        dupes = s.execute(
            sa.select(ChangeLog.bucket, ChangeLog.entity_id, ChangeLog.mutation_id)
            .where(ChangeLog.mutation_id.is_not(None), ChangeLog.entity != "conflict")
            .group_by(ChangeLog.bucket, ChangeLog.entity_id, ChangeLog.mutation_id)
            .having(sa.func.count() > 1)
        ).all()
    assert applied == outbox_entries, "every change applied once, none twice, none missing"
    assert dupes == [], "a change was written to a bucket twice"


def indexes_match_the_cases(o: Officer) -> None:
    """Search and the case list hold exactly the live cases (they are updated after the rows
    a pull stores; a kill in between must not leave them behind)."""
    with o.store.engine_or_raise().connect() as conn:
        live = {r[0] for r in conn.exec_driver_sql("SELECT id FROM case_file WHERE deleted = 0")}
        listed = {r[0] for r in conn.exec_driver_sql("SELECT case_id FROM case_list")}
        searchable = {r[0] for r in conn.exec_driver_sql("SELECT case_id FROM case_search_doc")}
        stale = state.read(conn, [state.INDEX_STALE])
    assert live and listed == live and searchable == live, o.name
    assert stale == {}, f"{o.name}'s indexes are still marked stale"


def outbox_size(o: Officer) -> int:
    with o.store.engine_or_raise().connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM outbox").scalar() or 0)


class Scene:
    """Two officers of one team; Amber's work is what crashes."""

    def __init__(self, fleet: Fleet) -> None:
        self.fleet = fleet
        self.team = fleet.team()
        fleet.account("amber", teams=[self.team])
        fleet.account("blake", teams=[self.team])
        self.ledger = Ledger()
        self.cases: list[str] = []
        self.amber = fleet.laptop("amber")
        self.blake = fleet.laptop("blake")

    def work(self, o: Officer, cases: int = 3) -> None:
        for i in range(cases):
            case_id, person_id = open_case(o, self.ledger, self.team, victim=f"Victim {i}")
            self.cases.append(case_id)
            edit(o, self.ledger, CaseFile, case_id, place=f"Place {i}")
            edit(o, self.ledger, Person, person_id, phone=f"07700 90{i:04d}")
            log_contact(o, self.ledger, case_id, f"Call {i}")

    def reopen(self, o: Officer) -> None:
        o.store = Store.open(o.root, PASSPHRASE)
        o.client = SyncClient(o.store)

    def finish(self) -> None:
        """Restart, let the outbox drain in at most two syncs, and check everything."""
        for o in (self.amber, self.blake):
            for _ in range(2):
                o.sync()
                if o.client.status().pending + o.client.status().inflight == 0:
                    break
        for o in (self.amber, self.blake):
            o.sync()
        assert_converged(self.fleet.db, [self.amber, self.blake], self.cases)
        for o in (self.amber, self.blake):
            indexes_match_the_cases(o)
        assert self.ledger.lost(self.fleet.db) == []
        exactly_once(self.fleet.db, outbox_size(self.amber) + outbox_size(self.blake))


def _scene(live_server: Any, url: str, tmp_path: Path) -> Iterator[Scene]:
    base = live_server(url)
    fleet = Fleet(base, live_server.db(base), tmp_path)
    yield Scene(fleet)
    fleet.close()


@pytest.fixture
def scene(live_server: Any, server_db_url: str, tmp_path: Path) -> Iterator[Scene]:
    yield from _scene(live_server, server_db_url, tmp_path)


@pytest.fixture
def sqlite_scene(live_server: Any, sqlite_db_url: str, tmp_path: Path) -> Iterator[Scene]:
    """A laptop's crash does not depend on the central store's database: SQLite is enough."""
    yield from _scene(live_server, sqlite_db_url, tmp_path)


@pytest.mark.parametrize("point", CLIENT_POINTS)
def test_laptop_killed_at_each_step_of_push_and_pull(sqlite_scene: Scene, point: str) -> None:
    scene = sqlite_scene
    scene.work(scene.blake)  # something for Amber to pull
    scene.blake.sync()
    scene.work(scene.amber)  # something for Amber to push
    scene.amber.close()
    crashed = sync_process(scene.amber.root, point)
    assert crashed.returncode == -9, f"did not crash at {point}: {crashed.stderr}"
    integrity_ok(scene.amber.root)
    scene.reopen(scene.amber)
    if point == "pull.applied":  # Blake's cases stored, their index entries not yet made
        with scene.amber.store.engine_or_raise().connect() as conn:
            assert state.read(conn, [state.INDEX_STALE]) == {state.INDEX_STALE: "1"}
    scene.finish()


@pytest.mark.parametrize("point", SERVER_POINTS)
def test_central_store_killed_mid_push(server_db_url: str, tmp_path: Path, point: str) -> None:
    db = make_database(server_db_url)
    init_schema(db)
    server = CentralProcess(server_db_url, tmp_path)
    try:
        base = server.start(crash_at=point)
        fleet = Fleet(base, db, tmp_path)
        scene = Scene(fleet)
        scene.work(scene.amber)
        with pytest.raises(SyncOffline):
            scene.amber.sync()  # the server dies under this push
        assert server.wait_dead() == -9
        # Nothing half-written on the central store after the crash.
        if point == "server.push.apply":
            with db.session() as s:
                assert s.scalar(sa.select(sa.func.count()).select_from(Record)) == 0
        server.start(crash_at=None)
        scene.finish()
        fleet.close()
    finally:
        server.stop()
        db.dispose()


class CentralProcess:
    """``hcdesk-server serve`` as a real process on a fixed port, restartable."""

    def __init__(self, url: str, workdir: Path) -> None:
        self.url = url
        self.log = workdir / "server.log"
        self.port = process.free_port()
        self.server: process.ServerProcess | None = None

    def start(self, crash_at: str | None) -> str:
        extra = {faults.ENV: crash_at} if crash_at else {}
        self.server = process.start(
            process.serve_command(self.url, self.port),
            f"http://{process.HOST}:{self.port}",
            self.log,
            env=_env(**extra),
            timeout=30,
        )
        return self.server.url

    def wait_dead(self) -> int | None:
        assert self.server is not None
        return self.server.proc.wait(30)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop(timeout=30)


# -- duplicated and reordered requests ------------------------------------------------------------
def test_duplicated_and_reordered_pushes_have_no_further_effect(scene: Scene) -> None:
    scene.work(scene.amber, cases=2)
    scene.amber.sync()
    db = scene.fleet.db

    def central() -> tuple[Any, ...]:
        with db.session() as s:
            records = sorted(
                (r.entity_id, json.dumps(r.fields, sort_keys=True))
                for r in s.scalars(sa.select(Record))
            )
            log = s.scalar(sa.select(sa.func.count()).select_from(ChangeLog))
            applied = s.scalar(sa.select(sa.func.count()).select_from(AppliedMutation))
        return records, log, applied

    before = central()
    # Replay every body Amber sent, each up to three times, in shuffled order.
    with scene.amber.store.engine_or_raise().connect() as conn:
        bodies = [
            json.loads(row[0])["frozen"]
            for row in conn.exec_driver_sql("SELECT payload FROM outbox ORDER BY client_seq")
        ]
    token = scene.amber.client._state()[state.ACCESS]
    headers = {"Authorization": f"Bearer {token}", "X-Device-Id": scene.amber.store.device_id}
    import random

    rng = random.Random(7)
    batches = [bodies[i : i + 3] for i in range(0, len(bodies), 3)] * 3
    rng.shuffle(batches)
    with httpx.Client(base_url=scene.fleet.base_url, headers=headers) as http:
        for batch in batches:
            r = http.post(
                "/v1/sync/push",
                json={
                    "batch_id": uuid.uuid4().hex,
                    "device_id": scene.amber.store.device_id,
                    "schema_version": 5,
                    "mutations": batch,
                },
            )
            assert r.status_code == 200, r.text
            assert {x["status"] for x in r.json()["results"]} <= {"duplicate"}
    assert central() == before
    scene.finish()


def test_a_push_that_overtakes_an_earlier_one_is_refused_until_the_gap_is_filled(
    scene: Scene,
) -> None:
    amber = scene.amber
    scene.work(amber, cases=1)
    # Freeze the outbox the way a sync does, then send the second half first.
    from hcdesk.sync import local
    from hcdesk.sync import push as push_mod

    with local.write(amber.store) as conn:
        batch = push_mod.next_batch(conn, limit=500)
    bodies = [e.frozen for e in batch]
    half = len(bodies) // 2
    token = amber.client._state()[state.ACCESS]
    headers = {"Authorization": f"Bearer {token}", "X-Device-Id": amber.store.device_id}

    def send(part: list[Any]) -> httpx.Response:
        return httpx.post(
            f"{scene.fleet.base_url}/v1/sync/push",
            headers=headers,
            json={
                "batch_id": uuid.uuid4().hex,
                "device_id": amber.store.device_id,
                "schema_version": 5,
                "mutations": part,
            },
        )

    late = send(bodies[half:])
    assert late.status_code == 409 and late.json()["error"] == "seq_gap"
    assert late.json()["expected"] == bodies[0]["client_seq"]
    with scene.fleet.db.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(AppliedMutation)) == 0
    assert send(bodies[:half]).status_code == 200
    assert send(bodies[half:]).status_code == 200
    scene.finish()  # the client then learns the results as duplicates and drains
