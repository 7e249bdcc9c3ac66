"""End-to-end sync benchmarks: the real central store and the real client over loopback HTTP.

The central store runs as its own process, exactly as deployed
(``python -m hcdesk.server.cli --database URL serve --port PORT``: uvicorn, FastAPI, PostgreSQL),
and laptops are real encrypted profiles driven by the real :class:`hcdesk.sync.client.SyncClient`
(sign in, push, pull). Nothing is faked: every central store is filled by a laptop pushing its
cases with a real sync, and every "synced laptop" got its data by really pulling it.

* ``sync_first_10k``: first sync (sign-in + sync until done) of 10,000 rich demo cases into a
  new, empty laptop. Figure: rows per second; baseline: a raw bulk insert of the very same rows
  (one executemany per table, one transaction) into a fresh encrypted store. Goals: ≤ 30 s and a
  rate at least a third of the baseline's. ``sync_first_10k_trim`` is the same with each case
  trimmed to 10 rows (about 100,000 rows in all, the size the issue had in mind).
* ``sync_one_change_100k``: one field of one case edited, then a sync (push + pull until the
  change is confirmed), with 100,000 cases on the laptop and on the central store. Baseline: the
  same on a store of 100 cases. Goal: median ≤ 200 ms.
* ``sync_push_500``: 500 edits across 100 cases sent by a synced laptop. Figure: the push (until
  every edit is acknowledged); baseline: saving those 500 edits locally. Goal: median ≤ 2 s.

* ``sync_ui_first_sync``: the desktop window with its Sync controller makes the first sync of
  the 10,000 trimmed cases; a 10 ms timer on the GUI thread gives the largest event-loop gap.
  Baseline: the same timer with the window idle. Goal: worst gap ≤ 100 ms.

Central stores are PostgreSQL databases ``hcdesk_bench_*`` kept between runs (a ``bench_marker``
row says one is complete; without it the database is made again). Laptops that are expensive to
sync are kept in ``bench/out/central/`` with a ``ready`` file naming the database build they
belong to. ``HCDESK_BENCH_PG`` overrides the server URL (default
``postgresql+psycopg://postgres@127.0.0.1:5432``).

Profiling: ``HCDESK_BENCH_SERVER_WRAP="py-spy record -f raw -o server.txt --"`` runs each central
store under that command; ``HCDESK_BENCH_PROFILE_CLIENT=FILE`` writes a cProfile of each timed
sync (the last one wins) to FILE.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import json
import os
import random
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.common import BENCH_PASSPHRASE, OUT, Result
from hcdesk import demo
from hcdesk.interchange import codec
from hcdesk.models import CaseFile, Person
from hcdesk.models.enums import PersonRole
from hcdesk.server import admin, process
from hcdesk.server.database import make_database
from hcdesk.store.keys import KdfParams
from hcdesk.store.store import Store
from hcdesk.sync.client import SyncClient, SyncProgress, SyncReport
from hcdesk.sync.transport import Transport
from hcdesk.wire.registry import ENTITIES

PG = os.environ.get("HCDESK_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
ROOT = OUT / "central"
TEAM = "Bench Hate Crime Team"
OFFICER = "pc.bench"
PASSWORD = "benchmark officer password"  # synthetic accounts on a local database only
KDF = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)  # laptops made quickly


# -- the central store: a PostgreSQL database and a server process ---------------------------------
def pg_url(name: str) -> str:
    return f"{PG}/{name}"


def _maintenance() -> sa.Engine:
    return sa.create_engine(pg_url("postgres"), isolation_level="AUTOCOMMIT")


def _marker(name: str) -> dict[str, Any] | None:
    """The details of a complete benchmark database, or None (missing or half made)."""
    engine = sa.create_engine(pg_url(name))
    try:
        with engine.connect() as conn:
            row = conn.exec_driver_sql("SELECT details FROM bench_marker WHERE name = 'ready'")
            found = row.scalar()
            return dict(found) if found else None
    except sa.exc.SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def _cli(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "hcdesk.server.cli", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _new_database(name: str) -> str:
    """An empty central store (schema by ``hcdesk-server init-db``) with the bench officer."""
    engine = _maintenance()
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    url = pg_url(name)
    _cli("--database", url, "init-db")
    db = make_database(url)
    try:
        with db.write_session() as s, s.begin():
            admin.add_team(s, TEAM, actor="bench")
            admin.add_user(s, OFFICER, PASSWORD, "caseworker", [TEAM], "PC Bench", actor="bench")
    finally:
        db.dispose()
    return url


def _mark_ready(name: str, details: dict[str, Any]) -> dict[str, Any]:
    details = {
        **details,
        "build": uuid.uuid4().hex,
        "built_at": dt.datetime.now(dt.UTC).isoformat(),
    }
    engine = sa.create_engine(pg_url(name))
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS bench_marker (name text PRIMARY KEY, details jsonb)"
        )
        conn.exec_driver_sql(
            "INSERT INTO bench_marker (name, details) VALUES ('ready', %(d)s::jsonb)",
            {"d": json.dumps(details)},
        )
    engine.dispose()
    return details


def database(name: str, seed: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """A seeded central store, made once: ``seed(url)`` fills it through the running server
    at ``url`` and says how it went."""
    details = _marker(name)
    if details is not None:
        _cli("--database", pg_url(name), "init-db")  # upgrades an older schema, keeps the data
        return details
    print(f"  making the central store {name} (once; kept in PostgreSQL)...", flush=True)
    _new_database(name)
    with central(name) as url:
        details = seed(url)
    return _mark_ready(name, details)


@contextlib.contextmanager
def central(name: str) -> Iterator[str]:
    """``hcdesk-server serve`` on this database, in its own process; yields its URL."""
    port = process.free_port()
    ROOT.mkdir(parents=True, exist_ok=True)
    wrap = shlex.split(os.environ.get("HCDESK_BENCH_SERVER_WRAP", ""))
    server = process.start(
        [*wrap, *process.serve_command(pg_url(name), port)],
        f"http://{process.HOST}:{port}",
        ROOT / f"{name}.log",
    )
    try:
        yield server.url
    finally:  # SIGINT lets a profiler write out
        server.stop(timeout=20, sig=signal.SIGINT if wrap else signal.SIGTERM)


# -- laptops ---------------------------------------------------------------------------------
def _template() -> Path:
    path = ROOT / "template"
    if not (path / "ready").exists():
        shutil.rmtree(path, ignore_errors=True)
        Store.create(path / "p", BENCH_PASSPHRASE, officer="template", kdf=KDF).close()
        (path / "ready").touch()
    return path / "p"


def new_laptop(root: Path, officer: str = OFFICER) -> Store:
    """A new, empty laptop profile: a copy of one empty store with its own device and clock."""
    shutil.rmtree(root, ignore_errors=True)
    root.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(_template(), root)
    store = Store.open(root, BENCH_PASSPHRASE)
    with store.engine_or_raise().begin() as conn:
        for key, value in (
            ("device_id", str(uuid.uuid4())),
            ("node_id", uuid.uuid4().hex[:16]),
            ("officer", officer),
        ):
            conn.execute(
                sa.text("UPDATE sync_state SET value = :v WHERE key = :k"), {"v": value, "k": key}
            )
    store.close()
    return Store.open(root, BENCH_PASSPHRASE)


@dataclass
class Timed:
    """One sync: its report, its total time, when its pull began, and how much of its push
    was spent waiting for the central store's answers (HTTP round trips)."""

    report: SyncReport
    total_s: float
    push_s: float
    pull_s: float
    push_wait_s: float = 0.0
    phases: list[tuple[str, int]] = field(default_factory=list)


_calls: list[tuple[float, float]] = []  # (start, end) of every HTTP request of the client


def _timed_post(post: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return post(*args, **kwargs)
        finally:
            _calls.append((start, time.perf_counter()))

    return timed


Transport.post = _timed_post(Transport.post)  # type: ignore[method-assign]


def timed_sync(client: SyncClient, verbose: bool = False) -> Timed:
    start = time.perf_counter()
    pull_at: list[float] = []
    phases: list[tuple[str, int]] = []
    last = [start]

    def progress(p: SyncProgress) -> None:
        now = time.perf_counter()
        if p.phase == "pull" and not pull_at:
            pull_at.append(now)
        phases.append((p.phase, p.done))
        if verbose and now - last[0] > 10:
            last[0] = now
            print(f"    {now - start:6.0f} s: {p.phase} {p.done:,}", flush=True)

    profile = os.environ.get("HCDESK_BENCH_PROFILE_CLIENT")
    if profile:
        import cProfile

        prof = cProfile.Profile()
        report = prof.runcall(client.sync, progress=progress)
        prof.dump_stats(profile)
    else:
        report = client.sync(progress=progress)
    end = time.perf_counter()
    pull = pull_at[0] if pull_at else end
    waited = sum(min(b, pull) - a for a, b in _calls if a >= start and a < pull)
    _calls.clear()
    return Timed(report, end - start, pull - start, end - pull, waited, phases)


def stored_rows(store: Store) -> int:
    """Rows of every synced table (case records and audit events) held by a laptop."""
    with store.engine_or_raise().connect() as conn:
        return sum(
            int(conn.scalar(sa.select(sa.func.count()).select_from(e.table)) or 0)
            for e in ENTITIES.values()
        )


def _import(store: Store, document: dict[str, Any]) -> None:
    with store.transaction(reason="benchmark") as s:
        codec.import_document(s, document)


def seed_by_push(
    url: str, cases: int, make: Callable[[int, int], dict[str, Any]], batch: int = 5000
) -> dict[str, Any]:
    """A laptop imports the cases and pushes them with a real sync (timed, for information)."""
    root = ROOT / f"seeder-{uuid.uuid4().hex[:6]}"
    store = new_laptop(root)
    start = time.perf_counter()
    for first in range(0, cases, batch):
        n = min(batch, cases - first)
        _import(store, make(n, first))
        print(f"    imported {first + n:,} cases", flush=True)
    import_s = time.perf_counter() - start
    client = SyncClient(store, timeout=300)
    client.login(url, OFFICER, PASSWORD, device_name="seeding laptop")
    done = timed_sync(client, verbose=True)
    rows = stored_rows(store)
    store.close()
    shutil.rmtree(root, ignore_errors=True)
    details = {
        "cases": cases,
        "rows": rows,
        "import_s": round(import_s, 1),
        "pushed": done.report.pushed,
        "push_s": round(done.push_s, 1),
        "push_rows_per_s": round(done.report.pushed / done.push_s),
        "seeder_pull_s": round(done.pull_s, 1),
    }
    print(
        f"  seeded: {cases:,} cases imported in {import_s:.0f} s; first push of "
        f"{done.report.pushed:,} changes in {done.push_s:.0f} s "
        f"({details['push_rows_per_s']:,} rows/s); the seeding laptop then read them back in "
        f"{done.pull_s:.0f} s",
        flush=True,
    )
    return details


# -- what the cases look like ----------------------------------------------------------------
def demo_cases(n: int, first: int) -> dict[str, Any]:
    """Rich demo cases (about 29 rows each)."""
    return demo.generate(n, seed=first + 7, start_index=first + 1)


# Sections kept (how many records of each) in a trimmed case: the case, its victim and these
# make 10 rows.
TRIM = {
    "suspects": 1,
    "witnesses": 1,
    "hostility_evidence": 2,
    "wishes": 1,
    "contacts": 2,
    "victims_code_events": 1,
}


def _trim(document: dict[str, Any], keep: dict[str, int]) -> dict[str, Any]:
    for case in document["cases"]:
        for key, value in list(case.items()):
            if isinstance(value, list) and value and isinstance(value[0], dict):
                case[key] = [r for r in value[: keep.get(key, 0)] if not r.get("supersedes_id")]
    return document


def trimmed_cases(n: int, first: int) -> dict[str, Any]:
    """Demo cases cut down to 10 rows each (the case, the victim, 8 records)."""
    return _trim(demo_cases(n, first), TRIM)


def light_cases(n: int, first: int) -> dict[str, Any]:
    """A case file and its victim (2 rows each): for the stores of 100,000 cases."""
    return _trim(demo_cases(n, first), {})


# -- 1. first sync --------------------------------------------------------------------------
FIRST_CASES = 10_000


def _raw_insert(rows: dict[str, list[dict[str, Any]]], root: Path) -> float:
    """The baseline: the same rows into a fresh encrypted store, one executemany per table."""
    shutil.rmtree(root, ignore_errors=True)
    with Store.create(root, BENCH_PASSPHRASE, kdf=KDF) as store:
        start = time.perf_counter()
        with store.engine_or_raise().begin() as conn:
            for name, table_rows in rows.items():
                if table_rows:
                    conn.execute(sa.insert(ENTITIES[name].table), table_rows)
        took = time.perf_counter() - start
    shutil.rmtree(root, ignore_errors=True)
    return took


def _all_rows(store: Store) -> dict[str, list[dict[str, Any]]]:
    with store.engine_or_raise().connect() as conn:
        return {
            name: [dict(r._mapping) for r in conn.execute(sa.select(e.table))]
            for name, e in ENTITIES.items()
        }


def first_sync(
    label: str, db: str, make: Callable[[int, int], dict[str, Any]], reps: int
) -> Result:
    seeded = database(db, lambda url: seed_by_push(url, FIRST_CASES, make))
    totals, rates, pull_times, rows = [], [], [], 0
    laptop = ROOT / db / "laptop"
    with central(db) as url:
        for rep in range(reps):
            store = new_laptop(laptop)
            client = SyncClient(store, timeout=300)
            unlocked()
            start = time.perf_counter()
            client.login(url, OFFICER, PASSWORD, device_name=f"new laptop {rep + 1}")
            done = timed_sync(client)
            total = time.perf_counter() - start
            rows = stored_rows(store)
            totals.append(total)
            rates.append(rows / total)
            pull_times.append(done.pull_s)
            print(
                f"  run {rep + 1}: {total:.1f} s (sign-in and push {total - done.pull_s:.2f} s, "
                f"pull {done.pull_s:.1f} s), {done.report.pulled:,} changes received, "
                f"{rows:,} rows stored, {rows / total:,.0f} rows/s",
                flush=True,
            )
            locked()
            if rep < reps - 1:
                store.close()
    same = _all_rows(store)
    store.close()
    raw = []
    for rep in range(reps):
        gc.collect()
        raw.append(_raw_insert(same, ROOT / db / "raw"))
        print(f"  raw bulk insert {rep + 1}: {raw[-1]:.1f} s, {rows / raw[-1]:,.0f} rows/s")
    shutil.rmtree(laptop, ignore_errors=True)
    total, rate = statistics.median(totals), statistics.median(rates)
    raw_s = statistics.median(raw)
    raw_rate = rows / raw_s
    return Result(
        name=(
            f"first sync of {FIRST_CASES:,} {label} ({rows:,} rows) into an empty laptop, "
            f"sign-in included: {total:.1f} s (median of {reps})"
        ),
        figure=rate,
        unit="rows/s",
        baseline_name="raw bulk insert of the same rows into a fresh encrypted store",
        baseline=raw_rate,
        goal="total <= 30 s and rate >= 1/3 of the baseline",
        ok=total <= 30 and rate >= raw_rate / 3,
        notes={
            "cases": FIRST_CASES,
            "rows": rows,
            "total_s": [round(t, 2) for t in totals],
            "pull_s": [round(t, 2) for t in pull_times],
            "raw_insert_s": [round(t, 2) for t in raw],
            "seeding": seeded,
        },
    )


def bench_first_10k() -> Result:
    return first_sync("rich demo cases", "hcdesk_bench_first10k", demo_cases, reps=3)


def bench_first_10k_trim() -> Result:
    return first_sync(
        "demo cases trimmed to 10 rows each", "hcdesk_bench_first10k_trim", trimmed_cases, reps=3
    )


# -- synced laptops kept between runs ---------------------------------------------------------
def synced_laptop(db: str, details: dict[str, Any], url: str) -> Path:
    """A laptop that pulled everything from this database build (kept in bench/out)."""
    root = ROOT / db / "laptop"
    marker = ROOT / db / "ready"
    if marker.exists() and marker.read_text().strip() == details["build"]:
        return root
    marker.unlink(missing_ok=True)
    print(f"  making a synced laptop for {db} (once; kept in {root})...", flush=True)
    store = new_laptop(root)
    client = SyncClient(store, timeout=300)
    client.login(url, OFFICER, PASSWORD, device_name="benchmark laptop")
    done = timed_sync(client, verbose=True)
    print(f"  pulled {done.report.pulled:,} changes in {done.total_s:.0f} s", flush=True)
    store.close()
    marker.write_text(details["build"])
    return root


@dataclass
class Laptop:
    store: Store
    client: SyncClient
    case_ids: list[str]
    victims: dict[str, str]  # case id -> victim person id

    def close(self) -> None:
        self.store.close()
        locked()


def unlocked() -> None:
    """What the desktop application does once a profile is unlocked (hcdesk.ui.shell): what
    exists now is moved out of the cyclic collector's way for the rest of the session."""
    gc.collect()
    gc.freeze()


def locked() -> None:
    gc.unfreeze()


def open_laptop(root: Path, url: str) -> Laptop:
    store = Store.open(root, BENCH_PASSPHRASE)
    unlocked()
    client = SyncClient(store, timeout=300)
    client.login(url, OFFICER, PASSWORD, device_name="benchmark laptop")  # tokens may be old
    with store.engine_or_raise().connect() as conn:
        ids = list(conn.scalars(sa.select(CaseFile.id).order_by(CaseFile.id)))
        victims = {
            cid: pid
            for cid, pid in conn.execute(
                sa.select(Person.case_id, Person.id).where(Person.role == PersonRole.VICTIM)
            )
        }
    return Laptop(store, client, ids, victims)


# -- 2. one change -----------------------------------------------------------------------------
def _one_change(db: str, cases: int, reps: int) -> tuple[list[float], list[float], int]:
    details = database(db, lambda url: seed_by_push(url, cases, light_cases, batch=10_000))
    rng = random.Random(11)
    with central(db) as url:
        laptop = open_laptop(synced_laptop(db, details, url), url)
        try:
            held = len(laptop.case_ids)
            timed_sync(laptop.client)  # warm: connections, caches, anything left over
            syncs, saves = [], []
            for rep in range(reps + 2):
                cid = rng.choice(laptop.case_ids)
                t0 = time.perf_counter()
                with laptop.store.transaction(reason="benchmark") as s:
                    case = s.get(CaseFile, cid)
                    assert case is not None
                    case.place = f"Bus stop {rep} on Corporation Street ({uuid.uuid4().hex[:6]})"
                save = time.perf_counter() - t0
                done = timed_sync(laptop.client)
                assert done.report.pushed == 2, done.report  # the edit and its audit event
                states = laptop.client.case_states([cid])
                assert states[cid] == "confirmed", states
                if rep >= 2:  # the first two warm up
                    syncs.append(done.total_s * 1000)
                    saves.append(save * 1000)
        finally:
            laptop.close()
    return syncs, saves, held


def bench_one_change_100k() -> Result:
    reps = 20
    big, big_saves, held = _one_change("hcdesk_bench_light100k", 100_000, reps)
    print(f"  100,000 cases: median {statistics.median(big):.0f} ms, max {max(big):.0f} ms")
    small, _, small_held = _one_change("hcdesk_bench_light100", 100, reps)
    print(f"  100 cases: median {statistics.median(small):.0f} ms, max {max(small):.0f} ms")
    med, base = statistics.median(big), statistics.median(small)
    return Result(
        name=(
            f"one field of one case edited, then sync (push + pull until confirmed), "
            f"{held:,} cases on the laptop and the central store (median of {reps})"
        ),
        figure=med,
        unit="ms",
        baseline_name=f"the same on a store of {small_held} cases",
        baseline=base,
        goal="median <= 200 ms",
        ok=med <= 200,
        notes={
            "cases": "light: a case file and its victim (2 rows each), plus its audit event",
            "changes_sent": "2 (the edit and the audit event of the save)",
            "ms": [round(x, 1) for x in big],
            "baseline_ms": [round(x, 1) for x in small],
            "p90_ms": round(sorted(big)[int(len(big) * 0.9) - 1], 1),
            "save_ms_median": round(statistics.median(big_saves), 1),
        },
    )


# -- 3. push of 500 edits ----------------------------------------------------------------------
EDITS_PER_CASE = 5  # 100 cases x 5 = 500 edits, one saved transaction each


def _edits(laptop: Laptop, rep: int) -> float:
    """500 edits (one field each, one transaction each) across 100 cases; returns the time."""
    tag = f"r{rep}-{uuid.uuid4().hex[:4]}"
    todo: list[tuple[Any, str, str, str]] = []
    for i, cid in enumerate(laptop.case_ids[:100]):
        case_fields = [
            ("place", f"Market Street, stall {i} ({tag})"),
            ("perception_note", f"The victim perceived hostility ({tag}, {i})."),
        ]
        person_fields = [
            ("phone", f"0121 496 {i % 10_000:04d} ({tag})"),
            ("safe_times", f"Weekdays after {1 + i % 5} pm ({tag})"),
            ("contact_notes", f"Prefers a call first ({tag})."),
        ]
        vid = laptop.victims.get(cid)
        if vid is None:  # a case without a victim: five edits of the case file
            person_fields = [
                ("summary", f"Abuse reported at the market ({tag}, {i})."),
                ("liaison_officer", f"PC {2000 + i} Liaison ({tag})"),
                ("oic", f"PC {1000 + i} Bench ({tag})"),
            ]
        todo += [(CaseFile, cid, f, v) for f, v in case_fields]
        todo += [(Person if vid else CaseFile, vid or cid, f, v) for f, v in person_fields]
    assert len(todo) == 100 * EDITS_PER_CASE
    start = time.perf_counter()
    for model, ident, name, value in todo:
        with laptop.store.transaction(reason="benchmark") as s:
            obj = s.get(model, ident)
            assert obj is not None
            setattr(obj, name, value)
    return time.perf_counter() - start


def bench_push_500() -> Result:
    db, reps = "hcdesk_bench_push100", 5
    details = database(db, lambda url: seed_by_push(url, 100, demo_cases))
    pushes, totals, saves, waits = [], [], [], []
    with central(db) as url:
        laptop = open_laptop(synced_laptop(db, details, url), url)
        try:
            assert len(laptop.case_ids) >= 100
            timed_sync(laptop.client)
            for rep in range(reps + 1):
                save = _edits(laptop, rep)
                done = timed_sync(laptop.client)
                assert done.report.pushed == 2 * EDITS_PER_CASE * 100, done.report  # + audit
                assert done.report.rejected == 0 and done.report.conflicts == 0, done.report
                print(
                    f"  run {rep + 1}: saved locally in {save:.2f} s; sync {done.total_s:.2f} s "
                    f"(push {done.push_s:.2f} s, of which {done.push_wait_s:.2f} s waiting for "
                    f"the central store; pull {done.pull_s:.2f} s)"
                    + (" (warm-up)" if rep == 0 else ""),
                    flush=True,
                )
                if rep:
                    waits.append(done.push_wait_s)
                    pushes.append(done.push_s)
                    totals.append(done.total_s)
                    saves.append(save)
        finally:
            laptop.close()
    med, base = statistics.median(pushes), statistics.median(saves)
    return Result(
        name=(
            f"push of 500 edits (one field each) across 100 cases from a synced laptop "
            f"(median of {reps})"
        ),
        figure=med,
        unit="s",
        baseline_name="saving the same 500 edits locally (500 transactions)",
        baseline=base,
        goal="median <= 2 s",
        ok=med <= 2,
        notes={
            "push_s": [round(x, 3) for x in pushes],
            "push_waiting_for_the_central_store_s": [round(x, 3) for x in waits],
            "whole_sync_s": [round(x, 3) for x in totals],
            "save_s": [round(x, 3) for x in saves],
            "cases": "rich demo cases",
        },
    )


# -- 4. the desktop stays responsive during a big first sync --------------------------------
def _gaps(ticks: list[float]) -> list[float]:
    return [(b - a) * 1000 for a, b in itertools.pairwise(ticks)]


def bench_ui_first_sync() -> Result:
    """The desktop window (case list and Sync controller, as after unlocking) makes its first
    sync of the 10,000 trimmed cases; a 10 ms timer on the GUI thread measures how long the
    event loop is ever held up. Baseline: the same timer with the window idle for 5 s."""
    from PySide6.QtCore import Qt, QTimer

    from bench.bench_ui import _app, _wait
    from hcdesk.ui.mainwindow import MainWindow
    from hcdesk.ui.sync import PULL_PAGE, SyncController
    from hcdesk.ui.tasks import TaskRunner

    db = "hcdesk_bench_first10k_trim"
    database(db, lambda url: seed_by_push(url, FIRST_CASES, trimmed_cases))
    app = _app()
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    with central(db) as url:
        store = new_laptop(ROOT / db / "desktop")
        first = SyncClient(store, timeout=300)
        first.login(url, OFFICER, PASSWORD, device_name="desktop")
        first.close()
        runner = TaskRunner()
        window = MainWindow(store, runner)
        window.show()
        _wait(app, lambda: time.perf_counter() > 0)  # one turn: the (empty) list is shown
        ticks.clear()
        timer.start()
        idle_start = time.perf_counter()
        _wait(app, lambda: time.perf_counter() - idle_start > 5)
        idle = _gaps(ticks)
        unlocked()
        controller = SyncController(store)
        window.attach_sync(controller)
        finished: list[Any] = []
        controller.finished.connect(finished.append)
        controller.failed.connect(lambda message: finished.append(message))
        ticks.clear()
        start = time.perf_counter()
        controller.start()
        _wait(app, lambda: bool(finished), timeout=900)
        took = time.perf_counter() - start
        timer.stop()
        busy = _gaps(ticks)
        rows = stored_rows(store)
        join = controller.stop()
        join()
        window.close()
        runner.wait()
        locked()
        store.close()
    assert not isinstance(finished[0], str), finished[0]
    worst, base = max(busy), max(idle)
    p99 = sorted(busy)[int(len(busy) * 0.99) - 1]
    over = sum(1 for g in busy if g > 50)
    print(
        f"  first sync of {rows:,} rows in {took:.1f} s (pages of {PULL_PAGE}); event-loop gaps: "
        f"worst {worst:.0f} ms, 99th percentile {p99:.0f} ms, {over} over 50 ms; "
        f"idle: worst {base:.0f} ms",
        flush=True,
    )
    return Result(
        name=(
            f"largest event-loop gap in the desktop during a first sync of {rows:,} rows "
            f"({took:.0f} s, pages of {PULL_PAGE})"
        ),
        figure=worst,
        unit="ms",
        baseline_name="largest gap of the same window idle for 5 s",
        baseline=base,
        goal="worst gap <= 100 ms",
        ok=worst <= 100,
        notes={
            "p99_ms": round(p99, 1),
            "gaps_over_50_ms": over,
            "sync_s": round(took, 1),
            "idle_p99_ms": round(sorted(idle)[int(len(idle) * 0.99) - 1], 1),
        },
    )


def bench_depth_check() -> Result:
    """The central store's nesting-depth check on a 500-change push, against parsing it.

    Every request body is scanned for its depth before anything parses it (a deep body is
    refused with 422, never a 500); the scan should cost no more than parsing the body does.
    """
    from hcdesk.server.app import json_depth

    rng = random.Random(9)
    words = ["abuse", "shouted", "street", "Nuneaton", "Zofia", "Wiśniewska", "\"quoted\""]
    mutations = [
        {
            "mutation_id": str(uuid.UUID(int=rng.getrandbits(128))),
            "client_seq": n + 1,
            "entity": "case_file",
            "entity_id": str(uuid.UUID(int=rng.getrandbits(128))),
            "case_id": str(uuid.UUID(int=rng.getrandbits(128))),
            "op": "upsert",
            "fields": {
                "summary": {
                    "value": " ".join(rng.choice(words) for _ in range(800)),
                    "ver": f"{1_764_000_000_000 + n:016d}-0000-abcdef0123456789",
                    "base_ver": None,
                },
                "hocr_codes": {"value": ["R1", "D2"], "ver": "x", "base_ver": None},
            },
        }
        for n in range(500)
    ]
    body = json.dumps({"batch_id": "b", "schema_version": 1, "mutations": mutations}).encode()
    scan = statistics.median(_seconds(lambda: json_depth(body)) for _ in range(15))
    parse = statistics.median(_seconds(lambda: json.loads(body)) for _ in range(15))
    return Result(
        name=f"nesting-depth check of a 500-change push ({len(body) / 2**20:.1f} MiB)",
        figure=scan * 1000,
        unit="ms",
        baseline_name="json.loads of the same body",
        baseline=parse * 1000,
        goal="ratio <= 3",
        ok=scan <= 3 * parse,
        notes={"bytes": len(body), "depth": json_depth(body)},
    )


def _seconds(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


BENCHMARKS = {
    "depth_check": bench_depth_check,
    "sync_ui_first_sync": bench_ui_first_sync,
    "sync_first_10k": bench_first_10k,
    "sync_first_10k_trim": bench_first_10k_trim,
    "sync_one_change_100k": bench_one_change_100k,
    "sync_push_500": bench_push_500,
}
