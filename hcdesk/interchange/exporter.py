"""Export of cases in the interchange format (docs/interchange.md).

:func:`export_cases` reads cases from the store into an interchange document, and :func:`dumps`
writes a document as hcdesk writes files. Both refuse what hcdesk could not import again (the
file's limits, :mod:`hcdesk.interchange.spec`): export writes only what import reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from hcdesk.errors import ValidationFailed
from hcdesk.interchange.spec import (
    FORMAT,
    MAX_CASE_CHARS,
    MAX_CASES,
    MAX_ITEMS,
    MAX_RECORDS,
    SECTIONS,
    SUSPECT_REF_PROBLEM,
    SUSPECTS,
    VERSION,
    Section,
    case_columns,
)
from hcdesk.interchange.validation import Problems, too_many_items
from hcdesk.models.case import CaseFile
from hcdesk.models.values import BadValue, check_value, encode_value


def _record(obj: Any, section: Section | None, path: str, problems: Problems) -> dict[str, Any]:
    cols = section.columns() if section else case_columns()
    out: dict[str, Any] = {"id": obj.id}
    if hasattr(obj, "supersedes_id"):
        out["supersedes_id"] = obj.supersedes_id
    for c in cols:
        value = getattr(obj, c.key)
        try:
            check_value(c, value)
        except BadValue as exc:
            problems.add(f"{path}.{c.key}", str(exc))
        out[c.key] = encode_value(c, value)
    return out


def _live(rows: Iterable[Any]) -> list[Any]:
    return [r for r in rows if not getattr(r, "deleted", False)]


def _ordered(case: CaseFile, relationship: str) -> list[Any]:
    """The live rows of one of the case's relationships, in a fully determined order.

    The relationship's ``order_by`` first, then creation order, then id. Without the
    tie-break, rows that share an ``order_by`` value (two actions with the same order key, two
    events on one day) come back in whatever order the database likes, and export, import and
    re-export could list them differently. Import creates records in file order (see
    :func:`hcdesk.interchange.importer._add_case`), so the tie-break also keeps the order of the
    file.
    """
    prop = sa.inspect(CaseFile).relationships[relationship]
    keys = [str(c.key) for c in prop.order_by or ()]
    rows = _live(getattr(case, relationship))

    def key(row: Any) -> tuple[Any, ...]:
        values = [getattr(row, k) for k in keys]
        return (*((v is None, v) for v in values), row.created_at, row.id)

    return sorted(rows, key=key)


def case_to_dict(case: CaseFile, problems: Problems | None = None) -> dict[str, Any]:
    """The interchange form of a case. ``problems`` collects what its importer would refuse
    (a value beyond a limit the store took before there was one), by case reference."""
    if problems is None:
        problems = Problems()
    where = case.reference
    data = _record(case, None, where, problems)
    by_relationship: dict[str, list[Any]] = {}

    def rows_of(name: str) -> list[Any]:
        if name not in by_relationship:
            by_relationship[name] = _ordered(case, name)
        return by_relationship[name]

    suspects = {p.id for p in rows_of(SUSPECTS.relationship) if p.role == SUSPECTS.role}
    for section in SECTIONS:
        rows = rows_of(section.relationship)
        if section.role is not None:
            rows = [p for p in rows if p.role == section.role]
        spath = f"{where}.{section.key}"
        if section.many and len(rows) > MAX_ITEMS:
            problems.add(spath, too_many_items())
        records = []
        for j, row in enumerate(rows):
            rpath = f"{spath}[{j}]" if section.many else spath
            rec = _record(row, section, rpath, problems)
            ref = section.suspect_ref
            if ref is not None and rec[ref] is not None and rec[ref] not in suspects:
                # A deleted suspect, or someone else: its importer would refuse the file.
                problems.add(f"{rpath}.{ref}", SUSPECT_REF_PROBLEM)
            for child in section.children:
                fk = child.parent_fk or ""
                kids = [a for a in rows_of(child.relationship) if getattr(a, fk) == row.id]
                if len(kids) > MAX_ITEMS:
                    problems.add(f"{rpath}.{child.key}", too_many_items())
                rec[child.key] = [
                    _record(a, child, f"{rpath}.{child.key}[{k}]", problems)
                    for k, a in enumerate(kids)
                ]
            records.append(rec)
        if section.many:
            data[section.key] = records
        else:
            data[section.key] = records[0] if records else None
    return data


LOAD_OPTIONS = tuple(
    selectinload(getattr(CaseFile, name))
    for name in dict.fromkeys(
        s.relationship for section in SECTIONS for s in (section, *section.children)
    )
)


EXPORT_REFUSED = "the export (correct these in hcdesk, then export again)"


def export_cases(session: Session, case_ids: Sequence[str] | None = None) -> dict[str, Any]:
    """The interchange document for the given cases (all live cases when ``None``).

    Refused (:class:`ValidationFailed`) when hcdesk could not import it again: more cases or
    records than a file may hold, or a value beyond a limit (one the store took before the
    limit existed), each named by case reference and field.
    """
    stmt = sa.select(CaseFile.id).where(CaseFile.deleted.is_(False)).order_by(CaseFile.id)
    if case_ids is not None:
        stmt = stmt.where(CaseFile.id.in_(list(case_ids)))
    cases: list[dict[str, Any]] = []
    # Load in batches so a large store exports in bounded memory. The ids are read in id
    # order, so the whole document (not only each batch) lists the cases by id.
    ids = list(session.scalars(stmt))
    if len(ids) > MAX_CASES:
        raise ValidationFailed(
            [
                f"this would put {len(ids):,} cases in one file, and a file holds at most "
                f"{MAX_CASES:,}; export fewer cases at a time"
            ],
            what="the export",
        )
    problems = Problems()
    records = 0
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        rows = session.scalars(
            sa.select(CaseFile)
            .where(CaseFile.id.in_(batch))
            .order_by(CaseFile.id)
            .options(*LOAD_OPTIONS)
        )
        for c in rows:
            data = case_to_dict(c, problems)
            records += _count_records(data)
            cases.append(data)
        session.expunge_all()
    if records > MAX_RECORDS:
        raise ValidationFailed(
            [
                f"this would put {records:,} records in one file, and a file holds at most "
                f"{MAX_RECORDS:,}; export fewer cases at a time"
            ],
            what="the export",
        )
    if problems:
        raise ValidationFailed(problems.items, what=EXPORT_REFUSED)
    return {"format": FORMAT, "version": VERSION, "cases": cases}


def _count_records(case: dict[str, Any]) -> int:
    n = 1
    for section in SECTIONS:
        value = case.get(section.key)
        items = value if isinstance(value, list) else [] if value is None else [value]
        n += len(items)
        for child in section.children:
            n += sum(len(item.get(child.key) or []) for item in items)
    return n


_CASES_MARK = "\x00hcdesk cases\x00"


def dumps(document: dict[str, Any]) -> str:
    """The document as hcdesk writes it: UTF-8 text, 2-space indent, a newline at the end.

    Each case is written on its own (the same text as one ``json.dumps`` of the document), so
    that a case whose text would be longer than a file may hold for one case is refused here,
    as its importer would refuse it, rather than written.
    """
    cases = document.get("cases")
    if not isinstance(cases, list):
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    parts: list[str] = []
    problems = Problems()
    for n, case in enumerate(cases):
        text = "    " + json.dumps(case, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        if len(text) - 4 > MAX_CASE_CHARS:
            ref = case.get("local_ref") if isinstance(case, dict) else None
            problems.add(
                f"case {ref}" if ref else f"cases[{n}]",
                f"takes more than {MAX_CASE_CHARS:,} characters of JSON, the most one case "
                "may take in a file; shorten its longest texts or remove records",
            )
        parts.append(text)
    if problems:
        raise ValidationFailed(problems.items, what=EXPORT_REFUSED)
    body = "[\n" + ",\n".join(parts) + "\n  ]" if parts else "[]"
    shell = json.dumps({**document, "cases": _CASES_MARK}, ensure_ascii=False, indent=2)
    return shell.replace(json.dumps(_CASES_MARK), body, 1) + "\n"


__all__ = ["EXPORT_REFUSED", "LOAD_OPTIONS", "case_to_dict", "dumps", "export_cases"]
