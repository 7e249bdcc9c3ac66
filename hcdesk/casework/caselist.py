"""The case list: filtered, sorted pages of case rows for the desktop list and reports.

Reads the narrow ``case_list`` index (see hcdesk.store.caseindex) so that counting, sorting and
filtering 100,000 cases stays fast; text search goes through the full-text index.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from hcdesk.casework.overdue import case_overdue
from hcdesk.models.enums import CaseStatus, LocalStrand, MonitoredStrand, RecordType
from hcdesk.store.search import fts_query

SORT_COLUMNS: dict[str, str] = {
    "reference": "reference",
    "record_type": "record_type",
    "victim": "victim",
    "place": "place",
    "status": "status",
    "owner": "owner",
    "incident_date": "incident_date",
    "next_review_date": "next_review_date",
    "updated": "updated_at",
}


@dataclass(frozen=True)
class CaseFilter:
    text: str = ""
    statuses: frozenset[CaseStatus] = frozenset()
    strand: MonitoredStrand | LocalStrand | None = None
    record_type: RecordType | None = None
    owner: str | None = None
    team: str | None = None
    overdue_only: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    # Only the voided cases (opened by mistake: no other list shows them, none counts as work).
    voided: bool = False


@dataclass(frozen=True)
class CaseRow:
    case_id: str
    reference: str
    record_type: str
    strands: tuple[str, ...]
    victim: str
    place: str
    status: str
    owner: str
    incident_date: dt.date | None
    next_review_date: dt.date | None
    earliest_open_due: dt.date | None
    open_actions: int

    def overdue(self, today: dt.date) -> bool:
        return case_overdue(self.next_review_date, self.earliest_open_due, today)


# The voided cases, in the shape of the case_list index (which holds only live cases). Few
# cases are ever voided, so they are read from the case files themselves.
_VOIDED = """(SELECT c.id AS case_id, coalesce(c.urn, c.local_ref) AS reference,
       c.record_type AS record_type, c.monitored_strands || c.local_strands AS strands,
       (SELECT p.name FROM person p WHERE p.case_id = c.id AND p.role = 'VICTIM'
          AND p.deleted = 0 ORDER BY p.created_at LIMIT 1) AS victim,
       c.place AS place, c.status AS status, c.liaison_officer AS owner, c.team AS team,
       c.incident_date AS incident_date, c.next_review_date AS next_review_date,
       NULL AS earliest_open_due, 0 AS open_actions, c.updated_at AS updated_at
  FROM case_file c WHERE c.deleted = 0 AND c.voided_at IS NOT NULL)"""


def _source(f: CaseFilter) -> str:
    return _VOIDED if f.voided else "case_list"


def _where(f: CaseFilter) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if f.voided and f.text.strip():
        # No search documents for voided cases: a plain match on reference, victim and place.
        clauses.append(
            "instr(lower(l.reference || ' ' || coalesce(l.victim, '') || ' ' || "
            "coalesce(l.place, '')), :t) > 0"
        )
        params["t"] = f.text.strip().lower()
    elif f.text.strip():
        query = fts_query(f.text)
        if query is None:
            return "0", {}
        clauses.append(
            "l.case_id IN (SELECT d.case_id FROM case_search s JOIN case_search_doc d "
            "ON d.docid = s.rowid WHERE case_search MATCH :q)"
        )
        params["q"] = query
    if f.statuses:
        names = sorted(str(s) for s in f.statuses)
        keys = [f"st{i}" for i in range(len(names))]
        clauses.append(f"l.status IN ({', '.join(':' + k for k in keys)})")
        params.update(dict(zip(keys, names, strict=True)))
    if f.strand is not None:
        clauses.append("l.strands LIKE :strand")
        params["strand"] = f'%"{f.strand}"%'
    if f.record_type is not None:
        clauses.append("l.record_type = :rt")
        params["rt"] = str(f.record_type)
    if f.owner:
        clauses.append("l.owner = :owner")
        params["owner"] = f.owner
    if f.team:
        clauses.append("l.team = :team")
        params["team"] = f.team
    if f.overdue_only:
        # hcdesk.casework.overdue.case_overdue, asked of the index.
        clauses.append("(l.next_review_date < :today OR l.earliest_open_due < :today)")
        params["today"] = f.today.isoformat()
    return (" AND ".join(clauses) or "1"), params


def count_cases(conn: sa.Connection, f: CaseFilter) -> int:
    if _text_only(f) and not f.voided:
        # One search document per live case: count in the full-text index alone.
        query = fts_query(f.text)
        if query is None:
            return 0
        return int(
            conn.execute(
                sa.text("SELECT count(*) FROM case_search WHERE case_search MATCH :q"), {"q": query}
            ).scalar()
            or 0
        )
    where, params = _where(f)
    return int(
        conn.execute(
            sa.text(f"SELECT count(*) FROM {_source(f)} l WHERE {where}"), params
        ).scalar()
        or 0
    )


def _text_only(f: CaseFilter) -> bool:
    return bool(f.text.strip()) and f == CaseFilter(text=f.text, today=f.today)


def fetch_rows(
    conn: sa.Connection,
    f: CaseFilter,
    sort: str = "updated",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[CaseRow]:
    if sort not in SORT_COLUMNS:
        raise ValueError(f"cannot sort the case list by {sort!r}")
    direction = "DESC" if descending else "ASC"
    query = fts_query(f.text) if f.text.strip() else None
    if query is not None and sort == "updated" and not f.voided:
        # Searching, newest changes first: walk the search index in document order (a case's
        # document is rewritten whenever the case changes) and stop at the page.
        rest, params = _where(dataclasses.replace(f, text=""))
        params.update(q=query, limit=limit, offset=offset)
        rows = conn.execute(
            sa.text(
                f"SELECT {_ROW_COLUMNS} FROM case_search s "
                "JOIN case_search_doc d ON d.docid = s.rowid "
                "JOIN case_list l ON l.case_id = d.case_id "
                f"WHERE case_search MATCH :q AND {rest} "
                f"ORDER BY s.rowid {direction} LIMIT :limit OFFSET :offset"
            ),
            params,
        )
        return [_row(r) for r in rows]
    where, params = _where(f)
    col = SORT_COLUMNS[sort]
    # Columns that are never empty sort straight off their index.
    nulls_last = (
        ""
        if col in ("updated_at", "reference", "status", "record_type")
        else (f"l.{col} IS NULL, ")
    )
    params.update(limit=limit, offset=offset)
    rows = conn.execute(
        sa.text(
            f"SELECT {_ROW_COLUMNS} FROM {_source(f)} l WHERE {where} "
            f"ORDER BY {nulls_last}l.{col} {direction}, l.case_id {direction} "
            "LIMIT :limit OFFSET :offset"
        ),
        params,
    )
    return [_row(r) for r in rows]


_ROW_COLUMNS = (
    "l.case_id, l.reference, l.record_type, l.strands, l.victim, l.place, l.status, l.owner, "
    "l.incident_date, l.next_review_date, l.earliest_open_due, l.open_actions"
)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _strands(text: str) -> tuple[str, ...]:
    out: list[str] = []
    # stored as two JSON arrays back to back: '["RACE"]["AGE"]'
    for part in text.replace("][", "]\x00[").split("\x00"):
        if part:
            out.extend(json.loads(part))
    return tuple(out)


def _row(r: Any) -> CaseRow:
    return CaseRow(
        case_id=r[0],
        reference=r[1],
        record_type=r[2],
        strands=_strands(r[3]),
        victim=r[4] or "",
        place=r[5] or "",
        status=r[6],
        owner=r[7] or "",
        incident_date=_date(r[8]),
        next_review_date=_date(r[9]),
        earliest_open_due=_date(r[10]),
        open_actions=int(r[11] or 0),
    )
