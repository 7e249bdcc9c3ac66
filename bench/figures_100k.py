"""The strategy's figures at 100,000 cases (issue 13): every figure for all of time, and for one
year of one team.

``python -m bench figures_100k_all figures_100k_team`` (or ``python -m bench.figures_100k``).

The store: 2,000 rich demo cases imported the ordinary way and indexed by the casework rules
(hcdesk.casework.workindex.catch_up, timed for the notes); then their rows in every table the
figures read (cases, charges, referrals, support plans and actions, and the figures index)
copied in SQL to make 100,000 cases, each copy with ids of its own, one of five team copies,
and its days moved by a few weeks.

The figure: ``figures(conn, scope)`` (the index's stale check included), median of 9. The
same-run baseline: the very statements it ran, captured from the engine, run again straight on
the same encrypted connection's DB-API cursor, rows fetched as tuples, nothing built from them.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.common import BENCH_PASSPHRASE, OUT, Result, median_ms, timed
from hcdesk.store.keys import KeyFile
from hcdesk.store.store import Store

CASES = 100_000
SEED_CASES = 2_000
COPIES = CASES // SEED_CASES
DIR = OUT / "figures100k"
TODAY = dt.date(2026, 11, 25)
# The tables the figures read, and the columns that name another row of a copied case.
TABLES = {
    "case_file": ("id",),
    "charge": ("id", "case_id"),
    "referral": ("id", "case_id"),
    "support_plan": ("id", "case_id"),
    "support_action": ("id", "case_id", "plan_id"),
    "case_fact": ("case_id",),
}
UNLINKED = ("defendant_id", "assessment_id")  # rows the figures do not read: not copied
DAY_COLUMNS = {
    "case_file": ("reported_date", "incident_date"),
    "case_fact": ("day", "met_on", "cday", "support_on", "support_before"),
}
TEAM_TABLES = ("case_file", "case_fact")  # the case's team, and the index's copy of it


def build() -> tuple[Path, bytes, dict[str, Any]]:
    """The profile (built once, cached in bench/out/figures100k) and its facts."""
    from hcdesk import demo
    from hcdesk.casework import workindex
    from hcdesk.interchange import importer

    profile, marker = DIR / "profile", DIR / "ready.txt"
    if not marker.exists():
        shutil.rmtree(DIR, ignore_errors=True)
        DIR.mkdir(parents=True)
        print(f"  building the {CASES:,}-case store (once; cached in {DIR})...")
        with Store.create(profile, BENCH_PASSPHRASE, officer="bench") as store:
            with store.transaction(reason="benchmark") as s:
                t_import, _ = timed(
                    lambda: importer.import_document(
                        s, demo.generate(SEED_CASES, seed=13, today=TODAY)
                    )
                )
            t_index, n = timed(lambda: workindex.catch_up(store, TODAY))
            assert n == SEED_CASES
            team = _busiest_team(store)
            t_copy, cases = timed(lambda: _copy(store))
            assert cases == CASES, cases
            store.checkpoint()
        marker.write_text("\n".join([team, f"{t_import:.1f}", f"{t_index:.2f}", f"{t_copy:.1f}"]))
    team, t_import_s, t_index_s, t_copy_s = marker.read_text().splitlines()
    key = KeyFile.load(profile / "keyfile.json").unwrap(BENCH_PASSPHRASE)
    facts = {
        "team": team,
        "import_2000_s": float(t_import_s),
        "index_2000_cases_s": float(t_index_s),
        "index_ms_per_case": round(float(t_index_s) * 1000 / SEED_CASES, 2),
        "copy_s": float(t_copy_s),
    }
    return profile, key, facts


def _busiest_team(store: Store) -> str:
    with store.engine_or_raise().connect() as conn:
        return str(
            conn.exec_driver_sql(
                "SELECT team FROM case_file GROUP BY team ORDER BY count(*) DESC LIMIT 1"
            ).scalar()
        )


def _copy(store: Store) -> int:
    """COPIES - 1 more copies of the seed cases' rows, each with ids and a team of its own."""
    with store.engine_or_raise().begin() as conn:
        conn.exec_driver_sql("PRAGMA cache_size = -262144")  # 256 MiB for the copy
        columns = {
            t: [r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({t})")] for t in TABLES
        }
        # The seed rows are those there before the copy: a rowid range, read by the table's
        # own b-tree (a LIKE on the ids would scan every copy made so far, each time).
        seeds = {
            t: int(conn.exec_driver_sql(f"SELECT max(rowid) FROM {t}").scalar() or 0)
            for t in TABLES
        }
        for k in range(1, COPIES):
            tag, shift = f"#{k}", f"{(k * 11) % 61 - 30:+d} days"
            for table, ids in TABLES.items():
                picked = []
                for c in columns[table]:
                    if c in ids:
                        picked.append(f"CASE WHEN {c} IS NULL THEN NULL ELSE {c} || '{tag}' END")
                    elif c in UNLINKED:
                        picked.append("NULL")
                    elif c == "local_ref":
                        picked.append(f"local_ref || '-{k:02d}'")
                    elif c == "team" and table in TEAM_TABLES:
                        picked.append("team" if k % 5 == 0 else f"team || ' ({k % 5})'")
                    elif c in DAY_COLUMNS.get(table, ()):
                        picked.append(f"date({c}, '{shift}')")
                    else:
                        picked.append(c)
                conn.exec_driver_sql(
                    f"INSERT INTO {table} ({', '.join(columns[table])}) "
                    f"SELECT {', '.join(picked)} FROM {table} WHERE rowid <= {seeds[table]}"
                )
        return int(conn.exec_driver_sql("SELECT count(*) FROM case_file").scalar() or 0)


def _capture(store: Store, scope: Any) -> tuple[Any, list[tuple[str, Any]]]:
    """The figures, and every statement (with its parameters) they ran."""
    from hcdesk.casework import figures

    seen: list[tuple[str, Any]] = []

    def note(_c: Any, _cur: Any, statement: str, parameters: Any, *_a: Any) -> None:
        seen.append((statement, parameters))

    engine = store.engine_or_raise()
    sa.event.listen(engine, "before_cursor_execute", note)
    try:
        with engine.connect() as conn:
            found = figures.figures(conn, scope, today=TODAY)
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)
    return found, seen


def _raw(store: Store, statements: list[tuple[str, Any]]) -> int:
    with store.engine_or_raise().connect() as conn:
        cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        n = 0
        for statement, parameters in statements:
            cur.execute(statement, parameters)
            n += len(cur.fetchall())
    return n


def _bench(team_view: bool) -> Result:
    from hcdesk.casework import figures, workindex

    profile, key, facts = build()
    store = Store.open(profile, key=key)
    try:
        if team_view:
            scope = figures.Scope(dt.date(2025, 1, 1), dt.date(2025, 12, 31), facts["team"])
        else:
            scope = figures.Scope()
        workindex.catch_up(store, TODAY)
        found, statements = _capture(store, scope)  # warms the caches too
        _raw(store, statements)

        def run() -> Any:
            workindex.catch_up(store, TODAY)
            with store.engine_or_raise().connect() as conn:
                return figures.figures(conn, scope, today=TODAY)

        med, samples = median_ms(run, 9)
        base, _ = median_ms(lambda: _raw(store, statements), 9)
    finally:
        store.close()
    what = f"one year of team {facts['team']!r}" if team_view else "all of time, all teams"
    return Result(
        name=f"The strategy's figures for {what}, {CASES:,} cases (median of 9)",
        figure=med,
        unit="ms",
        baseline_name="the same statements on the DB-API cursor, no objects built",
        baseline=base,
        goal="<= 1000 ms",
        ok=med <= 1000,
        notes={
            **facts,
            "cases_counted": found.cases,
            "statements": len(statements),
            "max_ms": round(max(samples), 1),
            "repeat_victims": found.repeat_victims,
            "timely_updates": [
                found.compliance["timely_updates"].numerator,
                found.compliance["timely_updates"].denominator,
            ],
        },
    )


def bench_figures_all() -> Result:
    return _bench(team_view=False)


def bench_figures_team() -> Result:
    return _bench(team_view=True)


BENCHMARKS = {"figures_100k_all": bench_figures_all, "figures_100k_team": bench_figures_team}


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
