"""Full-text search over references, names, places and narratives (SQLite FTS5).

One FTS document per live case (a voided case has none), rebuilt from the case's rows whenever
a flush touches the case. The tokenizer folds case and diacritics, so ``wojcik`` finds
``Wójcik``. Every search term is a prefix match and all terms must match: ``kow bir`` finds
Kowalski in Birmingham.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import sqlalchemy as sa

_DELETE = (
    "DELETE FROM case_search WHERE rowid = (SELECT docid FROM case_search_doc WHERE case_id = :cid)"
)
_FORGET = "DELETE FROM case_search_doc WHERE case_id = :cid"
_INSERT = """
INSERT INTO case_search(refs, names, places, body)
SELECT
  coalesce(c.local_ref, '') || ' ' || coalesce(c.urn, '') || ' ' || coalesce(c.crime_reference, ''),
  coalesce((SELECT group_concat(p.name, ' ') FROM person p
            WHERE p.case_id = c.id AND p.deleted = 0), ''),
  coalesce(c.place, ''),
  coalesce(c.summary, '') || ' ' || coalesce(c.perception_note, '') || ' ' ||
  coalesce((SELECT group_concat(e.words_or_conduct || ' ' || coalesce(e.translation, ''), ' ')
            FROM hostility_evidence e WHERE e.case_id = c.id AND e.deleted = 0), '') || ' ' ||
  coalesce((SELECT group_concat(a.action, ' ') FROM support_action a
            WHERE a.case_id = c.id AND a.deleted = 0), '') || ' ' ||
  coalesce((SELECT group_concat(l.summary, ' ') FROM contact_log l WHERE l.case_id = c.id), '')
FROM case_file c WHERE c.id = :cid AND c.deleted = 0 AND c.voided_at IS NULL
"""
_REMEMBER = (
    "INSERT INTO case_search_doc(case_id, docid) SELECT :cid, last_insert_rowid() "
    "WHERE changes() > 0"
)

REINDEX_STATEMENTS = (_DELETE, _FORGET, _INSERT, _REMEMBER)


def reindex(conn: sa.Connection, case_ids: Iterable[str]) -> None:
    """Rebuild the search documents of these cases inside the caller's transaction."""
    for cid in case_ids:
        for statement in REINDEX_STATEMENTS:
            conn.exec_driver_sql(statement, {"cid": cid})


_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """An FTS5 query for what a person typed: every word, as a prefix, must match."""
    terms = _TOKEN.findall(text)
    if not terms:
        return None
    return " AND ".join(f'"{t}"*' for t in terms[:12])


def search(conn: sa.Connection, text: str, limit: int = 200) -> list[str]:
    """Ids of the live cases matching ``text``, newest documents first."""
    query = fts_query(text)
    if query is None:
        return []
    rows = conn.exec_driver_sql(
        "SELECT d.case_id FROM case_search s JOIN case_search_doc d ON d.docid = s.rowid "
        "WHERE case_search MATCH ? ORDER BY s.rowid DESC LIMIT ?",
        (query, limit),
    )
    return [r[0] for r in rows]
