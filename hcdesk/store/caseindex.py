"""The case list index: one narrow row per live case (a deleted or voided case has none), kept
beside the case like the search index.

The case list sorts and filters 100,000 cases by scanning this table rather than the case files
themselves (whose narratives make their rows wide). :func:`refresh` rebuilds both indexes of a
case (this row and its search document), in the same transaction as whatever changed the case:
a save (hcdesk/store/tracking.py), a push's acknowledgements and a pull. It also marks the case
for My work's index, whose rows hcdesk.casework.workindex makes again before it is next read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import sqlalchemy as sa

from hcdesk.store import search

_DELETE = "DELETE FROM case_list WHERE case_id = :cid"
_INSERT = """
INSERT INTO case_list (case_id, reference, record_type, strands, victim, place, status, owner,
                       team, incident_date, next_review_date, earliest_open_due, open_actions,
                       updated_at)
SELECT c.id, coalesce(c.urn, c.local_ref), c.record_type,
       c.monitored_strands || c.local_strands,
       (SELECT p.name FROM person p WHERE p.case_id = c.id AND p.role = 'VICTIM'
          AND p.deleted = 0 ORDER BY p.created_at LIMIT 1),
       c.place, c.status, c.liaison_officer, c.team, c.incident_date, c.next_review_date,
       (SELECT min(a.due_date) FROM support_action a WHERE a.case_id = c.id
          AND a.status = 'OPEN' AND a.deleted = 0),
       (SELECT count(*) FROM support_action a WHERE a.case_id = c.id
          AND a.status = 'OPEN' AND a.deleted = 0),
       c.updated_at
FROM case_file c WHERE c.id = :cid AND c.deleted = 0 AND c.voided_at IS NULL
"""
# My work's index (work_list) is worked out by the Victims' Code rules, above this layer
# (hcdesk.casework.workindex): here the case is only marked, and its rows are made again before
# My work is next read.
_MARK_WORK = "INSERT OR IGNORE INTO work_list_stale (case_id) VALUES (:cid)"
STATEMENTS = (_DELETE, _INSERT, _MARK_WORK)


def refresh(conn: sa.Connection, case_ids: Iterable[str], *, fast: bool = False) -> None:
    """Rebuild the search document and the case-list row of these cases (a case no longer
    live loses both), in the caller's transaction.

    ``fast`` runs the statements on the connection's DB-API cursor, without SQLAlchemy's
    per-statement overhead (thousands of statements on a big first pull); errors then come
    from the driver as they are, not translated into the store's own.
    """
    ids = list(case_ids)
    if fast:
        try:
            _rebuild(cast(sa.Connection, _DriverSQL(conn)), ids)
            return
        except AttributeError:  # they came to need more than plain statements: the slow way
            pass
    _rebuild(conn, ids)


def _rebuild(conn: sa.Connection, case_ids: list[str]) -> None:
    search.reindex(conn, case_ids)
    for cid in case_ids:
        for statement in STATEMENTS:
            conn.exec_driver_sql(statement, {"cid": cid})


class _DriverSQL:
    """Just enough of a Connection for the statements above, on the same DB-API connection
    and so in the same transaction."""

    def __init__(self, conn: sa.Connection) -> None:
        self._cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def exec_driver_sql(self, statement: str, parameters: Any = None) -> Any:
        return self._cursor.execute(statement, parameters if parameters is not None else ())
