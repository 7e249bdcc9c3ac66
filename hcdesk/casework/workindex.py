"""My work's index: one narrow row per open duty and per court hearing of each live case; and
beside it the figures index (``case_fact``: hcdesk.casework.figures), made from the same views.

My work reads 100,000 cases' duties from this local table (``work_list``, never synced,
encrypted with the rest of the store) instead of working the Victims' Code rules out for every
case each time. A row keeps the duty's due date, never its status: whether it is due or
overdue is asked against today's date when My work is read (hcdesk.casework.mywork), so a duty
due today is overdue tomorrow without the index being touched.

The rows come from :func:`hcdesk.casework.duties.case_duties`, in Python, so the store cannot
make them in the transaction that changes a case (the store is below casework). Instead,
whatever rebuilds a case's case-list row (a save, an import, a sync pull, the demo load; see
hcdesk.store.caseindex) also marks the case in ``work_list_stale``, and :func:`catch_up` makes
the marked cases' rows again before My work is read. A voided or deleted case has no rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from hcdesk.casework import duties, figures
from hcdesk.casework.casefile import case_file_views
from hcdesk.casework.records import CaseFileView, ListingRecord
from hcdesk.models.labels import label
from hcdesk.store.store import Store

HEARING = "HEARING"
"""The kind of a court hearing's row (the others are duties' kinds)."""

# Raise when the rows of a case would come out differently for the same case (a new rule, a
# new kind of row): every case is then indexed again, the next time My work is read.
RULES_VERSION = "3"  # 2: the figures index (case_fact); 3: its rows carry day and team
RULES_KEY = "work_list.rules"
CHUNK = 250  # cases indexed per write transaction

COLUMNS = (
    "case_id",
    "item_key",
    "kind",
    "due",
    "owner",
    "liaison",
    "oic",
    "team",
    "section",
    "what",
    "reference",
)
_INSERT = sa.text(
    f"INSERT OR REPLACE INTO work_list ({', '.join(COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in COLUMNS)})"
)


def hearing_what(listing: ListingRecord) -> str:
    """A hearing as My work names it: "Trial at Warwick Crown Court, 10:00"."""
    at = f", {listing.time}" if listing.time else ""
    return f"{label(listing.hearing_type)} at {listing.court}{at}"


def rows_for(view: CaseFileView, today: dt.date) -> list[dict[str, Any]]:
    """The index rows of one case: its open duties and its hearings (none if it is voided)."""
    case = view.case
    if case.voided_at is not None:
        return []
    common = {
        "case_id": view.case_id,
        "liaison": case.liaison_officer,
        "oic": case.oic,
        "reference": view.reference,
    }
    rows: list[dict[str, Any]] = []
    for duty in duties.case_duties(view, today):
        if not duties.is_open(duty):
            continue
        rows.append(
            {
                **common,
                "item_key": duty.key,
                "kind": str(duty.kind),
                "due": duty.due.isoformat(),
                "owner": duty.owner,
                "team": duty.team or case.team,
                "section": duty.section,
                "what": duty.what,
            }
        )
    for listing in view.listings:
        rows.append(
            {
                **common,
                "item_key": f"hearing:{listing.id}",
                "kind": HEARING,
                "due": listing.listed_for.isoformat(),
                "owner": None,
                "team": case.team,
                "section": "court",
                "what": hearing_what(listing),
            }
        )
    return rows


def refresh(conn: sa.Connection, case_ids: Sequence[str], today: dt.date) -> None:
    """Make these cases' rows again, in the caller's (write) transaction, and clear their
    marks."""
    ids = list(dict.fromkeys(case_ids))
    views = case_file_views(conn, ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join(f":c{i}" for i in range(len(chunk)))
        params = {f"c{i}": cid for i, cid in enumerate(chunk)}
        conn.execute(sa.text(f"DELETE FROM work_list WHERE case_id IN ({marks})"), params)
        conn.execute(sa.text(f"DELETE FROM case_fact WHERE case_id IN ({marks})"), params)
        conn.execute(sa.text(f"DELETE FROM work_list_stale WHERE case_id IN ({marks})"), params)
    rows = [row for cid in ids if cid in views for row in rows_for(views[cid], today)]
    if rows:
        conn.execute(_INSERT, rows)
    figures.write_facts(
        conn, [fact for cid in ids if cid in views for fact in figures.facts_for(views[cid], today)]
    )


def stale_count(conn: sa.Connection) -> int:
    """How many cases wait to be indexed (all of them, if the rules changed since)."""
    if _rules(conn) != RULES_VERSION:
        return int(conn.exec_driver_sql("SELECT count(*) FROM case_file").scalar() or 0)
    return int(conn.exec_driver_sql("SELECT count(*) FROM work_list_stale").scalar() or 0)


def _rules(conn: sa.Connection) -> str | None:
    return conn.execute(
        sa.text("SELECT value FROM sync_state WHERE key = :k"), {"k": RULES_KEY}
    ).scalar()


def catch_up(
    store: Store,
    today: dt.date,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Index every marked case, :data:`CHUNK` cases per write transaction so that a save never
    waits long behind it. Returns the cases indexed. Cheap when nothing is marked (one read)."""
    engine = store.engine_or_raise()
    with engine.connect() as conn:
        if _rules(conn) == RULES_VERSION and not _any_stale(conn):
            return 0
        rules_changed = _rules(conn) != RULES_VERSION
    if rules_changed:
        with _write(store) as conn:
            conn.exec_driver_sql(
                "INSERT OR IGNORE INTO work_list_stale (case_id) "
                "SELECT id FROM case_file UNION SELECT case_id FROM work_list"
            )
            conn.execute(
                sa.text("INSERT OR REPLACE INTO sync_state (key, value) VALUES (:k, :v)"),
                {"k": RULES_KEY, "v": RULES_VERSION},
            )
    with engine.connect() as conn:
        total = int(conn.exec_driver_sql("SELECT count(*) FROM work_list_stale").scalar() or 0)
    done = 0
    while not cancelled():
        with _write(store) as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    sa.text("SELECT case_id FROM work_list_stale LIMIT :n"), {"n": CHUNK}
                )
            ]
            if ids:
                refresh(conn, ids, today)
        if not ids:
            break
        done += len(ids)
        if progress is not None:
            progress(min(done, total), max(total, done))
    return done


def _any_stale(conn: sa.Connection) -> bool:
    return conn.exec_driver_sql("SELECT 1 FROM work_list_stale LIMIT 1").first() is not None


@contextlib.contextmanager
def _write(store: Store) -> Iterator[sa.Connection]:
    """One write transaction on a connection of its own (the write lock taken at its start)."""
    with store.engine_or_raise().connect() as conn:
        conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            yield conn
