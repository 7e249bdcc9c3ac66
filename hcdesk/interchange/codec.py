"""Export and import of cases in the interchange format (docs/interchange.md).

Import checks the whole file first and reports every problem with its path, e.g.
``cases[3].victim.date_of_birth: not a date``. A file with any problem imports nothing; a file
without problems imports in one transaction, so a crash leaves all of it or none of it.

A file is read a case at a time (:mod:`hcdesk.interchange.reader`), twice: :func:`load_file`
checks it on its own, keeping only the ids and references of its records, and
:func:`import_document` checks those against the store, then reads the file again (refusing it
if a single byte has changed) and imports it. Memory stays bounded by the file's limits
(:mod:`hcdesk.interchange.spec`), whatever the size of the file.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from hcdesk.errors import ValidationFailed
from hcdesk.interchange.reader import (
    Digests,
    DuplicateKeys,
    JsonStream,
    changed,
    open_regular,
    read_object,
)
from hcdesk.interchange.spec import (
    ACTIONS,
    DATE_PATTERN,
    DATETIME_PATTERN,
    FORMAT,
    JSON_FIELD_SCHEMAS,
    MAX_CASE_CHARS,
    MAX_CASES,
    MAX_FILE_BYTES,
    MAX_ITEMS,
    MAX_RECORDS,
    READABLE_VERSIONS,
    SECTIONS,
    UUID_PATTERN,
    VERSION,
    Section,
    case_columns,
    is_required,
)
from hcdesk.models.base import Base, UTCDateTime, utcnow
from hcdesk.models.case import CaseFile, Person, SupportPlan
from hcdesk.models.values import (
    BadValue,
    check_value,
    decode_value,
    encode_value,
    json_field_problems,
    key_text,
)
from hcdesk.store import tracking

UUID_RE = re.compile(UUID_PATTERN)
DATE_RE = re.compile(DATE_PATTERN)
DATETIME_RE = re.compile(DATETIME_PATTERN)


# -- export ------------------------------------------------------------------------------------
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
    :func:`_add_case`), so the tie-break also keeps the order of the file.
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
    people = _ordered(case, "people")
    plans = _ordered(case, "plans")
    actions = _ordered(case, "actions")
    by_attr = {
        "hostility_evidence": _ordered(case, "evidence"),
        "wishes": _ordered(case, "wishes"),
        "needs_assessments": _ordered(case, "assessments"),
        "support_plans": plans,
        "referrals": _ordered(case, "referrals"),
        "contacts": _ordered(case, "contacts"),
        "victims_code_events": _ordered(case, "code_events"),
        "charges": _ordered(case, "charges"),
        "victim_personal_statements": _ordered(case, "statements"),
        "community_impact_statements": _ordered(case, "impact_statements"),
        "partnership_shares": _ordered(case, "shares"),
    }
    for section in SECTIONS:
        if section.role is not None:
            rows = [p for p in people if p.role == section.role]
        else:
            rows = by_attr[section.key]
        spath = f"{where}.{section.key}"
        if section.many and len(rows) > MAX_ITEMS:
            problems.add(spath, _too_many_items())
        records = []
        for j, row in enumerate(rows):
            rpath = f"{spath}[{j}]" if section.many else spath
            rec = _record(row, section, rpath, problems)
            for child in section.children:
                fk = child.parent_fk or ""
                kids = [a for a in actions if getattr(a, fk) == row.id]
                if len(kids) > MAX_ITEMS:
                    problems.add(f"{rpath}.{child.key}", _too_many_items())
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


LOAD_OPTIONS = (
    selectinload(CaseFile.people),
    selectinload(CaseFile.evidence),
    selectinload(CaseFile.wishes),
    selectinload(CaseFile.assessments),
    selectinload(CaseFile.plans),
    selectinload(CaseFile.actions),
    selectinload(CaseFile.referrals),
    selectinload(CaseFile.contacts),
    selectinload(CaseFile.code_events),
    selectinload(CaseFile.charges),
    selectinload(CaseFile.statements),
    selectinload(CaseFile.impact_statements),
    selectinload(CaseFile.shares),
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


# -- validation --------------------------------------------------------------------------------
@dataclass
class Problems:
    items: list[str] = field(default_factory=list)
    limit: int = 1000

    def add(self, path: str, message: str) -> None:
        if len(self.items) < self.limit:
            self.items.append(f"{path}: {message}" if path else message)

    @property
    def full(self) -> bool:
        return len(self.items) >= self.limit

    def __bool__(self) -> bool:
        return bool(self.items)


def _too_many_items() -> str:
    return f"has more than {MAX_ITEMS:,} entries, the most one section may hold"


@dataclass(frozen=True, eq=False)
class _Field:
    key: str
    column: Any
    required: bool
    nullable: bool
    json: tuple[str, str] | None  # the key of its structure, for a JSON field
    pattern: re.Pattern[str] | None  # the only lexical form of a date or date-time
    pattern_reason: str


@dataclass(frozen=True, eq=False)
class _Plan:
    """How each record of one kind is checked, worked out once."""

    fields: tuple[_Field, ...]
    extra: frozenset[str]  # keys besides the fields: supersedes_id, the sections or actions
    known: frozenset[str]


def _make_plan(table: str, columns: Sequence[Any], extra: set[str]) -> _Plan:
    fields = []
    for col in columns:
        # Only the RFC 3339 forms the schema documents: Python would also take e.g. 20240102.
        pattern, reason = None, ""
        if isinstance(col.type, UTCDateTime):
            pattern, reason = DATETIME_RE, "not a date and time"
        elif isinstance(col.type, sa.Date):
            pattern, reason = DATE_RE, "not a date"
        key = (table, col.key)
        fields.append(
            _Field(
                col.key,
                col,
                is_required(col),
                bool(col.nullable),
                key if key in JSON_FIELD_SCHEMAS else None,
                pattern,
                reason,
            )
        )
    known = frozenset(f.key for f in fields) | extra | {"id"}
    return _Plan(tuple(fields), frozenset(extra), known)


@functools.cache
def _plan(section: Section | None) -> _Plan:
    """The plan of a case (``None``) or of the records of a section (or of a plan's actions)."""
    if section is None:
        return _make_plan("case_file", case_columns(), {s.key for s in SECTIONS})
    extra = {"supersedes_id"} if hasattr(section.model, "supersedes_id") else set()
    extra |= {c.key for c in section.children}
    return _make_plan(section.model.__tablename__, section.columns(), extra)


def _check_record(data: Any, path: str, plan: _Plan, problems: Problems) -> dict[str, Any] | None:
    """The values of one record (``id`` only when it is a well-formed UUID), every problem
    added to ``problems``; None when it is not an object at all."""
    if not isinstance(data, dict):
        problems.add(path, "must be an object")
        return None
    values: dict[str, Any] = {}
    if isinstance(data, DuplicateKeys):
        for key in data.twice:
            problems.add(
                f"{path}.{key_text(key)}", "is given twice in this object (keys must be unique)"
            )
    if not data.keys() <= plan.known:
        for key in data:
            if key not in plan.known:
                problems.add(f"{path}.{key_text(key)}", "is not a known field")
    rid = data.get("id")
    if not isinstance(rid, str) or not UUID_RE.fullmatch(rid):
        problems.add(f"{path}.id", "is required and must be a lower-case UUID")
    else:
        values["id"] = rid
    if "supersedes_id" in plan.extra:
        sup = data.get("supersedes_id")
        if sup is not None and (not isinstance(sup, str) or not UUID_RE.fullmatch(sup)):
            problems.add(f"{path}.supersedes_id", "must be a lower-case UUID or null")
        values["supersedes_id"] = sup
    for f in plan.fields:
        if f.key not in data:
            if f.required:
                problems.add(f"{path}.{f.key}", "is required")
            continue
        raw = data[f.key]
        if raw is None:
            # null means "no value". A field that always has a value is left out to take its
            # default; null is refused rather than quietly turned into the default.
            if f.required:
                problems.add(f"{path}.{f.key}", "is required")
            elif not f.nullable:
                problems.add(
                    f"{path}.{f.key}", "must not be null (leave it out to use the default)"
                )
            else:
                values[f.key] = None
            continue
        if f.json is not None:
            found = json_field_problems(f.json, raw)
            found += _duplicate_keys_in(raw)
            for sub, msg in found:
                problems.add(f"{path}.{f.key}{sub}", msg)
            if not found:
                values[f.key] = raw
            continue
        if f.pattern is not None and (not isinstance(raw, str) or not f.pattern.fullmatch(raw)):
            problems.add(f"{path}.{f.key}", f.pattern_reason)
            continue
        try:
            values[f.key] = decode_value(f.column, raw)
        except BadValue as exc:
            problems.add(f"{path}.{f.key}", str(exc))
    return values


def _duplicate_keys_in(value: Any) -> list[tuple[str, str]]:
    """Objects with a key given twice inside a JSON field's value (the list of need areas)."""
    if not isinstance(value, list):
        return []
    return [
        (f"[{n}].{key_text(key)}", "is given twice in this object (keys must be unique)")
        for n, item in enumerate(value)
        if isinstance(item, DuplicateKeys)
        for key in item.twice
    ]


@dataclass
class ParsedCase:
    case: dict[str, Any]
    sections: dict[str, list[tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]]]


# Where a record is in a file, in one int: case index, section (0 is the case itself, then
# SECTIONS in order, then the actions of a plan), index in the section, index of an action.
# A file's ids are kept with these (not with their paths) so that even the largest file it
# may hold takes little memory: under 100 bytes a record.
_SECTION_CODES: tuple[Section | None, ...] = (None, *SECTIONS, ACTIONS)
_ACTIONS_CODE = len(_SECTION_CODES) - 1
_PLANS = next(s for s in SECTIONS if ACTIONS in s.children)
_SLOT = 2048
assert len(_SECTION_CODES) <= 16 and MAX_ITEMS < _SLOT


def _code(case: int, section: int, j: int = 0, k: int = 0) -> int:
    return ((case * 16 + section) * _SLOT + j) * _SLOT + k


def _decode_code(code: int) -> tuple[int, int, int, int]:
    code, k = divmod(code, _SLOT)
    code, j = divmod(code, _SLOT)
    case, section = divmod(code, 16)
    return case, section, j, k


def _code_path(code: int) -> str:
    case, section_no, j, k = _decode_code(code)
    where = f"cases[{case}]"
    section = _SECTION_CODES[section_no]
    if section is None:
        return where
    if section_no == _ACTIONS_CODE:
        return f"{where}.{_PLANS.key}[{j}].{ACTIONS.key}[{k}]"
    return f"{where}.{section.key}" + (f"[{j}]" if section.many else "")


def _code_model(code: int) -> type[Base]:
    section = _SECTION_CODES[_decode_code(code)[1]]
    return CaseFile if section is None else section.model


def _id_key(rid: str) -> int:
    return int(rid.replace("-", ""), 16)


class _Stop(Exception):
    """Enough problems have been found: stop reading."""


class _Checker:
    """Checks a document a case at a time; keeps the ids and references it has seen (unless
    ``track`` is off: the second reading of a file that was checked already)."""

    def __init__(self, problems: Problems, *, track: bool = True) -> None:
        self.problems = problems
        self.track = track
        self.ids: dict[int, int] = {}  # record id (as a number) -> where (see _code)
        self.refs: dict[str, int] = {}  # case local_ref -> case index
        self.cases = 0
        self.records = 0
        self.version: Any = None

    # -- the envelope --------------------------------------------------------------------------
    def member(self, key: str, value: Any) -> None:
        """A top-level key other than the list of cases."""
        if key == "format":
            if value != FORMAT:
                self.problems.add("format", f'must be "{FORMAT}"')
        elif key == "version":
            self.version = value
            if isinstance(value, bool) or not any(value == v for v in READABLE_VERSIONS):
                self.problems.add("version", VERSION_REASON)
        elif key == "cases":
            self.problems.add("cases", "must be a list of cases")
        else:
            self.problems.add(key_text(key), "is not a known field")

    def finish(self, keys: Iterable[str]) -> None:
        present = set(keys)
        if "format" not in present:
            self.problems.add("format", f'must be "{FORMAT}"')
        if "version" not in present:
            self.problems.add("version", VERSION_REASON)
        if "cases" not in present:
            self.problems.add("cases", "must be a list of cases")

    def not_object(self) -> None:
        self.problems.add("", "the file must hold a JSON object")

    # -- cases ---------------------------------------------------------------------------------
    def case(self, i: int, raw_case: Any) -> ParsedCase | None:
        if i >= MAX_CASES:
            raise ValidationFailed(
                [
                    f"the file holds more than {MAX_CASES:,} cases, the most one file may "
                    "hold; split it into smaller files"
                ],
                what="the import file",
            )
        self.cases = i + 1
        problems = self.problems
        path = f"cases[{i}]"
        case_values = _check_record(raw_case, path, _plan(None), problems)
        records = 1
        if case_values is None:
            self._count(records)
            return None
        self._id(case_values, path, _code(i, 0))
        ref = case_values.get("local_ref")
        if isinstance(ref, str) and self.track:
            if ref in self.refs:
                problems.add(
                    f"{path}.local_ref",
                    f"is used twice in this file (also at cases[{self.refs[ref]}].local_ref)",
                )
            else:
                self.refs[ref] = i
        pc = ParsedCase(case_values, {})
        assessment_ids: set[str] = set()
        for s_no, section in enumerate(SECTIONS, 1):
            spath = f"{path}.{section.key}"
            raw = raw_case.get(section.key)
            if section.many:
                if section.key not in raw_case:
                    raw = []
                if not isinstance(raw, list):
                    problems.add(spath, "must be a list")
                    continue
                if len(raw) > MAX_ITEMS:
                    problems.add(spath, _too_many_items())
                    continue
                items = [(f"{spath}[{j}]", r) for j, r in enumerate(raw)]
            else:
                items = [] if raw is None else [(spath, raw)]
            rows: list[tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]] = []
            row_paths: list[str] = []
            rules = _plan(section)
            for j, (ipath, item) in enumerate(items):
                records += 1
                values = _check_record(item, ipath, rules, problems)
                if values is None:
                    continue
                self._id(values, ipath, _code(i, s_no, j))
                kids: dict[str, list[dict[str, Any]]] = {}
                for child in section.children:
                    craw = item.get(child.key, [])
                    if not isinstance(craw, list):
                        problems.add(f"{ipath}.{child.key}", "must be a list")
                        continue
                    if len(craw) > MAX_ITEMS:
                        problems.add(f"{ipath}.{child.key}", _too_many_items())
                        continue
                    kids[child.key] = []
                    for k, c in enumerate(craw):
                        records += 1
                        cpath = f"{ipath}.{child.key}[{k}]"
                        cv = _check_record(c, cpath, _plan(child), problems)
                        if cv is None:
                            continue
                        self._id(cv, cpath, _code(i, _ACTIONS_CODE, j, k))
                        kids[child.key].append(cv)
                rows.append((values, kids))
                row_paths.append(ipath)
                if section.key == "needs_assessments" and "id" in values:
                    assessment_ids.add(values["id"])
            pc.sections[section.key] = rows
            if "supersedes_id" in rules.extra:
                _check_supersedes(rows, row_paths, section.key, problems)
        for j, (plan, _kids) in enumerate(pc.sections.get("support_plans", [])):
            aid = plan.get("assessment_id")
            if aid is not None and aid not in assessment_ids:
                problems.add(
                    f"{path}.support_plans[{j}].assessment_id",
                    "names no needs assessment of this case",
                )
        self._count(records)
        if problems.full:
            raise _Stop()
        return pc

    def _count(self, records: int) -> None:
        self.records += records
        if self.records > MAX_RECORDS:
            raise ValidationFailed(
                [
                    f"the file holds more than {MAX_RECORDS:,} records (cases and everything in "
                    "them), the most one file may hold; split it into smaller files"
                ],
                what="the import file",
            )

    def _id(self, values: dict[str, Any], path: str, code: int) -> None:
        rid = values.get("id")
        if rid is None or not self.track:
            return
        key = _id_key(rid)
        seen = self.ids.setdefault(key, code)
        if seen != code:
            self.problems.add(
                f"{path}.id", f"is used twice in this file (also at {_code_path(seen)})"
            )
            del values["id"]


VERSION_REASON = (
    f"must be {' or '.join(str(v) for v in READABLE_VERSIONS)} (this hcdesk reads versions "
    f"{', '.join(str(v) for v in READABLE_VERSIONS[:-1])} and {READABLE_VERSIONS[-1]})"
)


def validate_document(document: Any, problems: Problems) -> list[ParsedCase]:
    """Check a whole document in memory; every problem goes to ``problems``."""
    return _check_document(document, _Checker(problems))


def _check_document(document: Any, checker: _Checker) -> list[ParsedCase]:
    if not isinstance(document, dict):
        checker.not_object()
        return []
    parsed: list[ParsedCase] = []
    try:
        for key, value in document.items():
            if key == "cases" and isinstance(value, list):
                for i, raw_case in enumerate(value):
                    pc = checker.case(i, raw_case)
                    if pc is not None:
                        parsed.append(pc)
            else:
                checker.member(key, value)
        checker.finish(document)
    except _Stop:
        pass
    return parsed


def _check_supersedes(
    rows: list[tuple[dict[str, Any], Any]], paths: list[str], key: str, problems: Problems
) -> None:
    """An append-only entry can only supersede another entry of the same section and case."""
    section_ids = {values.get("id") for values, _ in rows}
    for (values, _), ipath in zip(rows, paths, strict=True):
        sup = values.get("supersedes_id")
        if not isinstance(sup, str) or not UUID_RE.fullmatch(sup):
            continue
        if sup == values.get("id") or sup not in section_ids:
            problems.add(f"{ipath}.supersedes_id", f"names no other entry in {key} of this case")


def _check_against_store(
    session: Session, ids: dict[int, int], refs: dict[str, int], problems: Problems
) -> None:
    """Clashes with the store: a case, a case reference or a record id already there.

    Only reads the store. The records of a case that is itself already there are not listed
    one by one.
    """
    case_keys = [key for key, code in ids.items() if _decode_code(code)[1] == 0]
    present: set[int] = set()
    for chunk in _chunks(case_keys, 500):
        by_id = {str(uuid.UUID(int=key)): ids[key] for key in chunk}
        for (cid,) in session.execute(sa.select(CaseFile.id).where(CaseFile.id.in_(by_id))):
            i = _decode_code(by_id[cid])[0]
            present.add(i)
            problems.add(f"cases[{i}].id", "a case with this id is already in the store")
    for chunk in _chunks(list(refs), 500):
        for (ref,) in session.execute(
            sa.select(CaseFile.local_ref).where(CaseFile.local_ref.in_(chunk))
        ):
            problems.add(
                f"cases[{refs[ref]}].local_ref",
                f"a case with reference {ref} is already in the store",
            )
    # Record ids are kept on import, so one that is already in the store (in another case, or
    # in a deleted one) would break the database's uniqueness rule part-way through the import.
    by_model: dict[type[Base], list[int]] = {}
    for key, code in ids.items():
        case, section, _, _ = _decode_code(code)
        if section and case not in present:
            by_model.setdefault(_code_model(code), []).append(key)
    for model, keys in by_model.items():
        id_col: Any = model.__table__.c.id
        for chunk in _chunks(keys, 500):
            by_id = {str(uuid.UUID(int=key)): ids[key] for key in chunk}
            for (rid,) in session.execute(sa.select(id_col).where(id_col.in_(by_id))):
                problems.add(
                    f"{_code_path(by_id[rid])}.id", "a record with this id is already in the store"
                )


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# -- import ------------------------------------------------------------------------------------
@dataclass
class ImportResult:
    cases: int
    records: int
    case_ids: list[str]


@dataclass
class CheckedFile:
    """An interchange file that passed every check of its own (see :func:`load_file`).

    It holds the ids and case references of the file's records (for the check against the
    store) and a digest of each chunk of the file as checked, not the cases themselves:
    :func:`import_document` reads the file again, and refuses it if it has changed.
    """

    path: Path
    cases: int
    records: int
    version: int
    ids: dict[int, int]
    refs: dict[str, int]
    digests: Digests


def load_file(path: Path) -> CheckedFile:
    """Read and check an interchange file on its own, a case at a time, in bounded memory.

    Every failure is a :class:`ValidationFailed`: one line for a file that cannot be read as
    an interchange file (not a regular file, too large, not UTF-8, not JSON, too many cases),
    or every problem with its path. Nothing is written anywhere.
    """
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        stream = JsonStream(fd, path, MAX_FILE_BYTES, record=Digests())
        if size > MAX_FILE_BYTES:
            raise ValidationFailed([stream.too_large()], what=str(path))
        problems = Problems()
        checker = _Checker(problems)

        def on_case(i: int, raw: Any) -> None:
            checker.case(i, raw)  # the parsed case is dropped: only its ids are kept

        try:
            keys = read_object(
                stream, "cases", MAX_CASE_CHARS, on_case, checker.member, checker.not_object
            )
            if keys or not problems:
                checker.finish(keys)
        except _Stop:
            pass
    finally:
        os.close(fd)
    if problems:
        raise ValidationFailed(problems.items, what="the import file")
    assert stream.record is not None
    return CheckedFile(
        path,
        checker.cases,
        checker.records,
        checker.version,
        checker.ids,
        checker.refs,
        stream.record,
    )


def validate(session: Session, document: Any) -> list[ParsedCase]:
    """Every problem in an in-memory document (and clashes with the store), or its cases."""
    problems = Problems()
    checker = _Checker(problems)
    parsed = _check_document(document, checker)
    if not problems:
        _check_against_store(session, checker.ids, checker.refs, problems)
    if problems:
        raise ValidationFailed(problems.items, what="the import file")
    return parsed


def import_document(
    session: Session,
    document: Any,
    progress: Callable[[int, int], bool | None] | None = None,
    batch_size: int = 250,
) -> ImportResult:
    """Validate, then add every case to the session. The caller owns the transaction.

    ``document`` is a document in memory, or a file checked by :func:`load_file` (read again
    here, a case at a time). Nothing is written until every check has passed, the check
    against the store included. ``progress(done, total)`` is called as cases are added;
    returning ``False`` cancels (the caller then rolls back). Rows are written in batches
    through :func:`hcdesk.store.tracking.bulk_insert`, which does everything a single save does.
    """
    importer = _Importer(session, progress, batch_size)
    if isinstance(document, CheckedFile):
        problems = Problems()
        _check_against_store(session, document.ids, document.refs, problems)
        if problems:
            raise ValidationFailed(problems.items, what="the import file")
        importer.total = document.cases
        _read_again(document, importer.add)
    else:
        parsed = validate(session, document)
        importer.total = len(parsed)
        for pc in parsed:
            importer.add(pc)
    return importer.finish()


def _read_again(checked: CheckedFile, add: Callable[[ParsedCase], None]) -> None:
    """Read a checked file once more and hand each of its cases to ``add``."""
    fd = open_regular(checked.path)
    try:
        stream = JsonStream(fd, checked.path, MAX_FILE_BYTES, verify=checked.digests)
        checker = _Checker(Problems(), track=False)

        def on_case(i: int, raw: Any) -> None:
            pc = checker.case(i, raw)
            if pc is None or checker.problems:  # pragma: no cover - the same bytes passed
                raise ValidationFailed(checker.problems.items or [f"cases[{i}]: not valid"])
            add(pc)

        read_object(stream, "cases", MAX_CASE_CHARS, on_case, lambda _k, _v: None, lambda: None)
        if stream.chunk_no != len(checked.digests.chunks) or checker.cases != checked.cases:
            raise changed(checked.path)
    finally:
        os.close(fd)


class _Importer:
    def __init__(
        self,
        session: Session,
        progress: Callable[[int, int], bool | None] | None,
        batch_size: int,
    ) -> None:
        self.session, self.progress, self.batch_size = session, progress, batch_size
        self.total = 0
        self.done = 0
        self.records = 0
        self.case_ids: list[str] = []
        self.clock = _CreationClock()
        self.batch: dict[type[Base], list[dict[str, Any]]] = {}

    def add(self, pc: ParsedCase) -> None:
        _add_case(self.batch, pc, self.clock)
        self.case_ids.append(pc.case["id"])
        self.done += 1
        if self.done % self.batch_size == 0:
            self._flush()

    def _flush(self) -> None:
        if self.batch:
            self.records += tracking.bulk_insert(self.session, self.batch)
            self.batch = {}
        if self.progress is not None and self.progress(self.done, self.total) is False:
            raise ImportCancelled()

    def finish(self) -> ImportResult:
        if self.done % self.batch_size or self.batch:
            self._flush()
        return ImportResult(cases=self.done, records=self.records, case_ids=self.case_ids)


class ImportCancelled(Exception):
    pass


class _CreationClock:
    """Creation times for imported records, strictly increasing in file order.

    Export breaks ties in a section's order by creation time (see :func:`_ordered`); records
    made in one flush could otherwise share a timestamp and lose the order of the file.
    """

    def __init__(self) -> None:
        self.base = utcnow()
        self.n = 0

    def stamp(self, model: type[Base]) -> dict[str, dt.datetime]:
        self.n += 1
        when = self.base + dt.timedelta(microseconds=self.n)
        if hasattr(model, "updated_at"):
            return {"created_at": when, "updated_at": when}
        return {"created_at": when}


def _add_case(
    batch: dict[type[Base], list[dict[str, Any]]], pc: ParsedCase, clock: _CreationClock
) -> None:
    case_id = pc.case["id"]
    batch.setdefault(CaseFile, []).append({**pc.case, **clock.stamp(CaseFile)})
    for section in SECTIONS:
        rows = batch.setdefault(section.model, [])
        for values, kids in pc.sections.get(section.key, []):
            row: dict[str, Any] = {**values, "case_id": case_id, **clock.stamp(section.model)}
            if section.role is not None:
                row["role"] = section.role
            rows.append(row)
            for child in section.children:
                child_rows = batch.setdefault(child.model, [])
                for cv in kids.get(child.key, []):
                    child_rows.append(
                        {
                            **cv,
                            "case_id": case_id,
                            child.parent_fk or "": values["id"],
                            **clock.stamp(child.model),
                        }
                    )


__all__ = [
    "CheckedFile",
    "ImportCancelled",
    "ImportResult",
    "Person",
    "SupportPlan",
    "case_to_dict",
    "dumps",
    "export_cases",
    "import_document",
    "load_file",
    "validate",
]
