"""The case list index: one narrow row per live case, kept beside the case like the search index.

The case list sorts and filters 100,000 cases by scanning this table rather than the case files
themselves (whose narratives make their rows wide). It is rebuilt for every case a flush touches,
in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

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
FROM case_file c WHERE c.id = :cid AND c.deleted = 0
"""
STATEMENTS = (_DELETE, _INSERT)


def reindex(conn: sa.Connection, case_ids: Iterable[str]) -> None:
    for cid in case_ids:
        for statement in STATEMENTS:
            conn.exec_driver_sql(statement, {"cid": cid})
