"""Sync client benchmark: a first pull of many cases into an empty encrypted store.

Figure: rows per second applying the pages a central store sends (JSON parsed and checked,
rows written, memberships, cursors and checksums, search and case-list documents rebuilt),
page by page in one transaction each. Baseline, same run and same rows: a raw bulk insert of the
ready-made rows (one executemany per table, one transaction, no indexing documents).
Goal: at least a third of the baseline's rate.

``python -m bench.bench_sync [CASES]`` (default 2,000 demo cases, about 29 rows each).
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from bench.common import BENCH_PASSPHRASE, Result, fresh_dir
from hcdesk import demo
from hcdesk.interchange import codec
from hcdesk.models.base import ALL_FIELDS, column_defaults
from hcdesk.store.keys import KdfParams
from hcdesk.store.store import Store
from hcdesk.sync.pull import apply_page
from hcdesk.wire import protocol as p
from hcdesk.wire.hlc import HLC
from hcdesk.wire.registry import ENTITIES, EntityKind, encode

BUCKET = p.team_bucket("bench")
KDF = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)


def _rows(cases: int) -> dict[str, list[dict[str, Any]]]:
    """Demo cases as complete rows per table (Python values), as a store would hold them."""
    scratch = fresh_dir("sync_scratch")
    with Store.create(scratch / "p", BENCH_PASSPHRASE, kdf=KDF) as store:
        document = demo.generate(cases, seed=7)
        with store.session() as s:
            parsed = codec.validate(s, document)
    clock = codec._CreationClock()
    batch: dict[Any, list[dict[str, Any]]] = {}
    for pc in parsed:
        codec._add_case(batch, pc, clock)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    wall = int(time.time() * 1000) - 10_000_000
    for model, rows in batch.items():
        defaults = column_defaults(model)
        entity = ENTITIES[model.__tablename__]
        for values in rows:
            wall += 1
            ver = HLC(wall, 0, "benchnode").encode()
            row = dict(values)
            for key, default in defaults:
                if key not in row:
                    row[key] = default(None) if default is not None else None
            row["created_hlc"] = ver
            row["created_by"] = "PC Bench"
            if entity.kind == EntityKind.VERSIONED:
                row["field_vers"] = {ALL_FIELDS: ver}
                row["pending_fields"] = []
            out[entity.name].append(row)
    return out


def _pages(rows: dict[str, list[dict[str, Any]]], size: int = p.DEFAULT_PULL) -> list[bytes]:
    changes: list[dict[str, Any]] = []
    count, total = 0, 0
    sums: list[tuple[int, int]] = []
    # As officers push them: each case, then its records.
    by_case: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for name in ENTITIES:
        for row in rows.get(name, []):
            by_case[row["id"] if name == "case_file" else row["case_id"]].append((name, row))
    for items in by_case.values():
        for name, row in items:
            entity = ENTITIES[name]
            ver = row["created_hlc"]
            fields = {
                f: {"value": encode(entity, f, row[f]), "ver": ver} for f in entity.snapshot_fields
            }
            op = "put" if entity.kind == EntityKind.VERSIONED else "append"
            case_id = row["id"] if name == "case_file" else row["case_id"]
            seq = len(changes) + 1
            count += 1
            h = p.change_hash(BUCKET, seq, name, row["id"], op, fields)
            total = (total + h) % p.HASH_MOD
            sums.append((count, total))
            changes.append(
                {
                    "bucket": BUCKET,
                    "seq": seq,
                    "entity": name,
                    "entity_id": row["id"],
                    "case_id": case_id,
                    "op": op,
                    "fields": fields,
                }
            )
    pages = []
    for start in range(0, len(changes), size):
        chunk = changes[start : start + size]
        last = chunk[-1]["seq"]
        c, h = sums[last - 1]
        page = p.PullResponse.model_construct(
            changes=[p.Change.model_construct(**ch) for ch in chunk],
            cursors={BUCKET: last},
            has_more=start + size < len(changes),
            buckets=[BUCKET],
            buckets_removed=[],
            checksums={BUCKET: p.Checksum(seq=last, count=c, hash=h)},
            server_hlc="",
        )
        pages.append(page.model_dump_json().encode("utf-8"))
    return pages


def bench_first_pull(cases: int = 2000) -> Result:
    rows = _rows(cases)
    n_rows = sum(len(v) for v in rows.values())
    pages = _pages(rows)
    print(f"  {cases:,} cases, {n_rows:,} rows, {len(pages)} pages", flush=True)

    root = fresh_dir("sync_pull")
    with Store.create(root / "pulled", BENCH_PASSPHRASE, kdf=KDF) as store:
        parse_s = apply_cpu = 0.0
        start = time.perf_counter()
        for raw in pages:
            t0 = time.process_time()
            page = p.PullResponse.model_validate_json(raw)
            t1 = time.process_time()
            out = apply_page(store, page)
            apply_cpu += time.process_time() - t1
            parse_s += t1 - t0
            assert not out.mismatched
        pull_s = time.perf_counter() - start
        with store.engine_or_raise().connect() as conn:
            listed = conn.exec_driver_sql("SELECT count(*) FROM case_list").scalar()
        assert listed == cases, listed

    with Store.create(root / "raw", BENCH_PASSPHRASE, kdf=KDF) as store:
        start = time.perf_counter()
        cpu = time.process_time()
        with store.engine_or_raise().begin() as conn:
            for name in ENTITIES:
                if name in rows:
                    conn.execute(sa.insert(ENTITIES[name].table), rows[name])
        raw_s = time.perf_counter() - start
        raw_cpu = time.process_time() - cpu

    pull_rate, raw_rate = n_rows / pull_s, n_rows / raw_s
    print(
        f"  first pull {pull_s:.1f} s (CPU: parse {parse_s:.1f} s, apply {apply_cpu:.1f} s), "
        f"raw bulk insert {raw_s:.1f} s (CPU {raw_cpu:.1f} s); CPU ratio apply/raw "
        f"{apply_cpu / raw_cpu:.2f}, parse+apply/raw {(parse_s + apply_cpu) / raw_cpu:.2f}",
        flush=True,
    )
    return Result(
        name=f"first pull of {cases:,} demo cases ({n_rows:,} rows)",
        figure=pull_rate,
        unit="rows/s",
        baseline_name="raw bulk insert of the same rows",
        baseline=raw_rate,
        goal="rate >= 1/3 of the baseline",
        ok=pull_rate >= raw_rate / 3,
        notes={
            "pull_s": pull_s,
            "raw_s": raw_s,
            "parse_cpu_s": parse_s,
            "apply_cpu_s": apply_cpu,
            "raw_cpu_s": raw_cpu,
            "rows": n_rows,
            "cases": cases,
        },
    )


BENCHMARKS = {"sync_first_pull": bench_first_pull}


if __name__ == "__main__":
    result = bench_first_pull(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
    print(result.line())
    sys.exit(0 if result.ok else 1)
