"""Local store benchmarks (issue 2): bulk import, full-text search, open and unlock."""

from __future__ import annotations

import random
import shutil
import sqlite3
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from bench.common import BENCH_PASSPHRASE, OUT, Result, fresh_dir, median_ms, timed
from hcdesk import demo
from hcdesk.interchange import importer
from hcdesk.models import CaseFile, Person, SyncState
from hcdesk.store import migrations, search
from hcdesk.store.engine import raw_connect
from hcdesk.store.keys import KeyFile
from hcdesk.store.store import ProfilePaths, Store

BIG = 100_000
BIG_DIR = OUT / f"store{BIG // 1000}k"


def plain_store(root: Path) -> Store:
    """The same schema, code path and pragmas on unencrypted SQLite: the baseline only."""
    root.mkdir(parents=True, exist_ok=True)
    conn = raw_connect(root / "store.db", None, create=True)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    store = Store(ProfilePaths(root), keyfile=None, db_key=bytes(32), plain=True)  # type: ignore[arg-type]
    migrations.upgrade(store.engine_or_raise())
    with store.session() as s, s.begin():
        s.add_all(
            [
                SyncState(key="device_id", value=str(uuid.uuid4())),
                SyncState(key="node_id", value=uuid.uuid4().hex[:16]),
                SyncState(key="officer", value="bench"),
            ]
        )
    store._load_identity()
    return store


def _import(store: Store, document: dict) -> float:
    with store:
        t, _ = timed(lambda: _import_tx(store, document))
        store.checkpoint()
    return t


def _import_tx(store: Store, document: dict) -> None:
    with store.transaction(reason="benchmark") as s:
        importer.import_document(s, document)


def bench_import_10k() -> Result:
    n = 10_000
    gen_t, document = timed(lambda: demo.generate(n, seed=7))
    print(f"  generated {n:,} demo cases in {gen_t:.1f} s (not counted)")
    enc_times, plain_times = [], []
    for round_ in range(2):
        d = fresh_dir("import_plain")
        plain_times.append(_import(plain_store(d / "p"), document))
        d = fresh_dir("import_enc")
        store = Store.create(d / "p", BENCH_PASSPHRASE)  # key derivation not counted
        enc_times.append(_import(store, document))
        print(
            f"  round {round_ + 1}: plain {plain_times[-1]:.2f} s, encrypted {enc_times[-1]:.2f} s"
        )
    enc, plain = min(enc_times), min(plain_times)
    return Result(
        name="import 10,000 demo cases (encrypted store)",
        figure=enc,
        unit="s",
        baseline_name="same import into plain SQLite",
        baseline=plain,
        goal="ratio <= 1.5",
        ok=enc / plain <= 1.5,
        notes={"cases": n, "rates_cases_per_s": round(n / enc)},
    )


def big_store() -> tuple[Path, Path, bytes]:
    """A 100,000-case encrypted profile and a plain SQLite copy, built once and reused."""
    marker = BIG_DIR / "ready"  # an older store is migrated when it is opened
    profile, plain = BIG_DIR / "profile", BIG_DIR / "plain.db"
    if not marker.exists():
        shutil.rmtree(BIG_DIR, ignore_errors=True)
        BIG_DIR.mkdir(parents=True)
        print(f"  building a {BIG:,}-case store (once; cached in {BIG_DIR})...", flush=True)
        start = time.perf_counter()
        with Store.create(profile, BENCH_PASSPHRASE) as store:
            batch = 10_000
            for first in range(0, BIG, batch):
                document = demo.generate(batch, seed=first + 1, start_index=first + 1)
                with store.transaction(reason="benchmark") as s:
                    importer.import_document(s, document)
                print(f"    {first + batch:,} cases", flush=True)
            store.checkpoint()
            with store.engine_or_raise().connect() as conn:
                raw = conn.connection.dbapi_connection
                raw.execute(f"ATTACH DATABASE '{plain}' AS plaintext KEY ''")
                raw.execute("SELECT sqlcipher_export('plaintext')")
                raw.execute("DETACH DATABASE plaintext")
        print(f"  built in {time.perf_counter() - start:.0f} s", flush=True)
        marker.touch()
    key = KeyFile.load(profile / "keyfile.json").unwrap(BENCH_PASSPHRASE)
    return profile, plain, key


def _queries(store: Store, count: int = 60) -> list[str]:
    rng = random.Random(5)
    with store.session() as s:
        names = s.scalars(sa.select(Person.name).order_by(Person.id).limit(5000)).all()
        refs = s.scalars(sa.select(CaseFile.local_ref).order_by(CaseFile.id).limit(5000)).all()
        places = s.scalars(sa.select(CaseFile.place).order_by(CaseFile.id).limit(5000)).all()
    queries: list[str] = []
    for _ in range(count):
        kind = rng.randrange(4)
        if kind == 0:
            queries.append(rng.choice(names).split()[-1])  # a surname
        elif kind == 1:
            queries.append(rng.choice(names)[:4])  # a few letters typed
        elif kind == 2:
            queries.append(rng.choice(refs))
        else:
            queries.append(" ".join((rng.choice(places) or "Coventry").split()[:2]))
    return queries


def bench_search_100k() -> Result:
    profile, plain, key = big_store()
    store = Store.open(profile, key=key)
    queries = _queries(store)
    plain_conn = sqlite3.connect(plain)

    def run_enc(q: str) -> list[str]:
        with store.engine_or_raise().connect() as conn:
            return search.search(conn, q)

    def run_plain(q: str) -> list[str]:
        query = search.fts_query(q)
        return [
            r[0]
            for r in plain_conn.execute(
                "SELECT d.case_id FROM case_search s JOIN case_search_doc d ON d.docid = s.rowid "
                "WHERE case_search MATCH ? ORDER BY s.rowid DESC LIMIT 200",
                (query,),
            )
        ]

    for q in queries:  # warm both caches once
        run_enc(q), run_plain(q)
    enc = [median_ms(lambda q=q: run_enc(q), 3)[0] for q in queries]
    base = [median_ms(lambda q=q: run_plain(q), 3)[0] for q in queries]
    hits = sum(bool(run_enc(q)) for q in queries)
    store.close()
    plain_conn.close()
    import statistics

    med, med_base = statistics.median(enc), statistics.median(base)
    p95 = sorted(enc)[int(len(enc) * 0.95) - 1]
    return Result(
        name=f"full-text search over {BIG:,} cases (median of {len(queries)} queries)",
        figure=med,
        unit="ms",
        baseline_name="same FTS5 query on a plain SQLite copy",
        baseline=med_base,
        goal="median <= 20 ms",
        ok=med <= 20,
        notes={"p95_ms": round(p95, 2), "queries_with_hits": hits, "examples": queries[:8]},
    )


def bench_open_100k() -> Result:
    profile, plain, key = big_store()

    def open_enc() -> None:
        store = Store.open(profile, key=key)
        with store.session() as s:
            s.scalar(sa.select(sa.func.count()).select_from(CaseFile))
        store.close()

    def open_plain() -> None:
        conn = sqlite3.connect(plain)
        conn.execute("SELECT count(*) FROM case_file").fetchone()
        conn.close()

    open_enc(), open_plain()  # first open pays for imports; measured separately below
    med, samples = median_ms(open_enc, 10)
    base, _ = median_ms(open_plain, 10)
    kdf_t, _ = timed(lambda: KeyFile.load(profile / "keyfile.json").unwrap(BENCH_PASSPHRASE))
    return Result(
        name=f"open and unlock a {BIG:,}-case store, key derivation excluded (median of 10)",
        figure=med,
        unit="ms",
        baseline_name="sqlite3 open + count of a plain copy",
        baseline=base,
        goal="<= 300 ms",
        ok=med <= 300,
        notes={"argon2id_kdf_ms": round(kdf_t * 1000), "max_ms": round(max(samples), 1)},
    )


BENCHMARKS = {
    "import_10k": bench_import_10k,
    "search_100k": bench_search_100k,
    "open_100k": bench_open_100k,
}
