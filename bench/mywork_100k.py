"""My work at 100,000 cases (issue 12): filling My work for an officer and for a supervisor's team.

``python -m bench mywork_100k_me mywork_100k_team`` (or ``python -m bench.mywork_100k``).

The store: 2,000 rich demo cases imported the ordinary way and indexed by the duty rules
(hcdesk.casework.workindex.catch_up, timed for the notes), with 60 open sync conflicts; then
their My work index rows copied, in SQL, to make 100,000 cases' rows. Each copy gets case ids
and references of its own, officers of its own (so one officer holds a caseload like a real
one: the busiest demo officer's, about a hundred cases) and one of five team copies (so a
team holds about 1,300 cases), and its dates moved by a few weeks. My work reads only that
index (and the open conflicts), so this is the table it meets at 100,000 cases.

The figure: ``my_work(...)`` with the index up to date (its stale check included), median of
15. The same-run baseline: the same statements (every group's count and first page, the
conflicts) run straight on the same encrypted connection's DB-API cursor, rows fetched as
tuples, nothing built from them.
"""

from __future__ import annotations

import collections
import datetime as dt
import shutil
import time
from pathlib import Path
from typing import Any

from bench.common import BENCH_PASSPHRASE, OUT, Result, median_ms, timed
from hcdesk.store.keys import KeyFile
from hcdesk.store.store import Store

CASES = 100_000
SEED_CASES = 2_000
COPIES = CASES // SEED_CASES
DIR = OUT / "mywork100k"
TODAY = dt.date(2026, 11, 25)


def build() -> tuple[Path, bytes, dict[str, Any]]:
    """The profile (built once, cached in bench/out/mywork100k) and its facts."""
    from hcdesk import demo
    from hcdesk.casework import workindex
    from hcdesk.interchange import importer

    profile, marker = DIR / "profile", DIR / "ready.txt"
    if not marker.exists():
        shutil.rmtree(DIR, ignore_errors=True)
        DIR.mkdir(parents=True)
        print(f"  building the {CASES:,}-case My work index (once; cached in {DIR})...")
        with Store.create(profile, BENCH_PASSPHRASE, officer="bench") as store:
            t_import, _ = timed(lambda: _import(store, demo, importer))
            t_index, n = timed(lambda: workindex.catch_up(store, TODAY))
            assert n == SEED_CASES
            _conflicts(store, 60)
            officer, team = _busiest(store)
            t_copy, rows = timed(lambda: _copy(store))
            store.checkpoint()
        marker.write_text(
            "\n".join(
                [
                    officer,
                    team,
                    f"{t_import:.1f}",
                    f"{t_index:.2f}",
                    f"{t_copy:.1f}",
                    str(rows),
                ]
            )
        )
    officer, team, t_import_s, t_index_s, t_copy_s, rows_s = marker.read_text().splitlines()
    key = KeyFile.load(profile / "keyfile.json").unwrap(BENCH_PASSPHRASE)
    facts = {
        "officer": officer,
        "team": team,
        "index_rows": int(rows_s),
        "import_2000_s": float(t_import_s),
        "index_2000_cases_s": float(t_index_s),
        "index_ms_per_case": round(float(t_index_s) * 1000 / SEED_CASES, 2),
        "copy_s": float(t_copy_s),
    }
    return profile, key, facts


def _import(store: Store, demo: Any, importer: Any) -> None:
    with store.transaction(reason="benchmark") as s:
        importer.import_document(s, demo.generate(SEED_CASES, seed=12, today=TODAY))


def _conflicts(store: Store, n: int) -> None:
    with store.engine_or_raise().begin() as conn:
        rows = conn.exec_driver_sql(
            "SELECT c.id, p.id FROM case_file c JOIN person p ON p.case_id = c.id "
            "AND p.role = 'VICTIM' ORDER BY c.id LIMIT ?",
            (n,),
        ).all()
        for i, (case_id, person_id) in enumerate(rows):
            conn.exec_driver_sql(
                "INSERT INTO conflict (id, entity, entity_id, case_id, field, winner, loser, "
                "base, status, created_at, policy) VALUES (?, 'person', ?, ?, 'phone', "
                "'{\"value\": \"1\"}', '{\"value\": \"2\"}', 'null', 'open', "
                "'2026-11-20T09:00:00.000000Z', 'scalar')",
                (f"bench-conflict-{i}", person_id, case_id),
            )


def _busiest(store: Store) -> tuple[str, str]:
    with store.engine_or_raise().connect() as conn:
        rows = conn.exec_driver_sql("SELECT liaison_officer, team FROM case_file").all()
    officer = collections.Counter(r[0] for r in rows if r[0]).most_common(1)[0][0]
    team = collections.Counter(r[1] for r in rows if r[1]).most_common(1)[0][0]
    return officer, team


def _copy(store: Store) -> int:
    """COPIES - 1 more copies of the seed cases' index rows, each its own cases and officers."""
    with store.engine_or_raise().begin() as conn:
        for k in range(1, COPIES):
            tag = f" #{k}"
            conn.exec_driver_sql(
                "INSERT INTO work_list (case_id, item_key, kind, due, owner, liaison, oic, team, "
                "section, what, reference) "
                "SELECT case_id || ?, item_key, kind, date(due, ?), owner || ?, liaison || ?, "
                "oic || ?, team || ?, section, what, reference || ? FROM work_list "
                "WHERE case_id NOT LIKE '%#%'",
                (
                    tag,
                    f"{(k * 11) % 61 - 30:+d} days",
                    tag,
                    tag,
                    tag,
                    "" if k % 5 == 0 else f" ({k % 5})",
                    f"-{k:02d}",
                ),
            )
        return int(conn.exec_driver_sql("SELECT count(*) FROM work_list").scalar() or 0)


def _raw(store: Store, officer: str, teams: tuple[str, ...]) -> int:
    """The baseline: My work's statements on the driver's cursor, nothing built from the rows."""
    from hcdesk.casework import mywork

    if teams:
        scope, conflict_scope, args = "team = ?", "c.team = ?", (teams[0],)
    else:
        scope = "(owner = ? OR liaison = ? OR oic = ?)"
        conflict_scope = "(c.liaison_officer = ? OR c.oic = ?)"
        args = (officer,) * 3
    today = TODAY.isoformat()
    court_end = (TODAY + dt.timedelta(days=mywork.COURT_DAYS)).isoformat()
    review_end = (TODAY + dt.timedelta(days=mywork.REVIEW_DAYS)).isoformat()
    reviews = ", ".join(f"'{k.value}'" for k in mywork.REVIEW_KINDS)
    cols = "case_id, reference, item_key, kind, due, owner, liaison, section, what"
    groups = [
        (f"{scope} AND kind != 'HEARING' AND due < ?", "due, reference, item_key", (today,)),
        (f"{scope} AND kind != 'HEARING' AND due = ?", "reference, item_key", (today,)),
        (
            f"{scope} AND kind = 'HEARING' AND due >= ? AND due <= ?",
            "due, what, reference",
            (today, court_end),
        ),
        (
            f"{scope} AND kind != 'HEARING' AND kind IN ({reviews}) AND due > ? AND due <= ?",
            "due, reference, item_key",
            (today, review_end),
        ),
    ]
    with store.engine_or_raise().connect() as conn:
        cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        n = 0
        for where, order, extra in groups:
            cur.execute(f"SELECT count(*) FROM work_list WHERE {where}", (*args, *extra))
            n += cur.fetchone()[0]
            cur.execute(
                f"SELECT {cols} FROM work_list WHERE {where} ORDER BY {order} LIMIT ?",
                (*args, *extra, mywork.LIMIT),
            )
            cur.fetchall()
        cur.execute(
            "SELECT k.id, k.case_id, coalesce(c.urn, c.local_ref), k.entity, k.field, "
            "k.created_at, c.liaison_officer, p.role FROM conflict k "
            "JOIN case_file c ON c.id = k.case_id "
            "LEFT JOIN person p ON k.entity = 'person' AND p.id = k.entity_id "
            f"WHERE k.status = 'open' AND c.deleted = 0 AND c.voided_at IS NULL "
            f"AND {conflict_scope} ORDER BY k.created_at, k.id",
            args[: 1 if teams else 2],
        )
        n += len(cur.fetchall())
    return n


def _bench(team_view: bool) -> Result:
    profile, key, facts = build()
    from hcdesk.casework import mywork

    store = Store.open(profile, key=key)
    try:
        officer = facts["officer"]
        teams = (facts["team"],) if team_view else ()
        work = mywork.my_work(store, officer, teams, TODAY)  # warm the caches once
        raw = _raw(store, officer, teams)
        shown = sum(g.total for g in work.groups)
        assert shown == raw, (shown, raw)  # the baseline does the same work
        med, samples = median_ms(lambda: mywork.my_work(store, officer, teams, TODAY), 15)
        base, _ = median_ms(lambda: _raw(store, officer, teams), 15)
        with store.engine_or_raise().connect() as conn:
            plan = [
                r[-1]
                for r in conn.exec_driver_sql(
                    "EXPLAIN QUERY PLAN SELECT count(*) FROM work_list WHERE "
                    + ("team = ?" if team_view else "(owner = ? OR liaison = ? OR oic = ?)")
                    + " AND kind != 'HEARING' AND due < ?",
                    (*((facts["team"],) if team_view else (officer,) * 3), TODAY.isoformat()),
                )
            ]
    finally:
        store.close()
    who = f"team {facts['team']!r}" if team_view else "one officer"
    return Result(
        name=f"My work filled for {who}, {CASES:,} cases' index (median of 15)",
        figure=med,
        unit="ms",
        baseline_name="the same statements on the DB-API cursor, no objects built",
        baseline=base,
        goal="<= 300 ms",
        ok=med <= 300,
        notes={
            **facts,
            "items_counted": shown,
            "groups": {g.key: g.total for g in work.groups},
            "max_ms": round(max(samples), 1),
            "overdue_count_plan": plan,
        },
    )


def bench_mywork_me() -> Result:
    return _bench(team_view=False)


def bench_mywork_team() -> Result:
    return _bench(team_view=True)


BENCHMARKS = {"mywork_100k_me": bench_mywork_me, "mywork_100k_team": bench_mywork_team}


if __name__ == "__main__":
    from bench.common import machine, save

    print(f"Machine: {machine()}")
    results = []
    for fn in BENCHMARKS.values():
        start = time.perf_counter()
        r = fn()
        print(r.line(), f"({time.perf_counter() - start:.0f} s)")
        print("  ", r.notes)
        results.append(r)
    save(results)
