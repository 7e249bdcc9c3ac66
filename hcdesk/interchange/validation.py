"""Checks of interchange documents (docs/interchange.md): every record, and the file as a whole.

A document is checked a case at a time (:class:`Checker`), and every problem is reported with
its path, e.g. ``cases[3].victim.date_of_birth: not a date``. Only the ids and references of
the records seen are kept, so memory stays bounded by the file's limits
(:mod:`hcdesk.interchange.spec`); :func:`check_against_store` then checks those against the
store. Nothing here writes anything.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.errors import ValidationFailed
from hcdesk.interchange.reader import DuplicateKeys
from hcdesk.interchange.spec import (
    ACTIONS,
    DATE_PATTERN,
    DATETIME_PATTERN,
    FORMAT,
    JSON_FIELD_SCHEMAS,
    MAX_CASES,
    MAX_ITEMS,
    MAX_RECORDS,
    READABLE_VERSIONS,
    SECTIONS,
    SUSPECT_REF_PROBLEM,
    SUSPECTS,
    UUID_PATTERN,
    Section,
    case_columns,
    is_required,
)
from hcdesk.models.base import Base, UTCDateTime
from hcdesk.models.case import CaseFile
from hcdesk.models.values import BadValue, decode_value, json_field_problems, key_text

UUID_RE = re.compile(UUID_PATTERN)
DATE_RE = re.compile(DATE_PATTERN)
DATETIME_RE = re.compile(DATETIME_PATTERN)


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


def too_many_items() -> str:
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
_SECTION_SLOT = 32
assert len(_SECTION_CODES) <= _SECTION_SLOT and MAX_ITEMS < _SLOT


def _code(case: int, section: int, j: int = 0, k: int = 0) -> int:
    return ((case * _SECTION_SLOT + section) * _SLOT + j) * _SLOT + k


def _decode_code(code: int) -> tuple[int, int, int, int]:
    code, k = divmod(code, _SLOT)
    code, j = divmod(code, _SLOT)
    case, section = divmod(code, _SECTION_SLOT)
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


class Stop(Exception):
    """Enough problems have been found: stop reading."""


class Checker:
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
                    problems.add(spath, too_many_items())
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
                        problems.add(f"{ipath}.{child.key}", too_many_items())
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
            if section.suspect_ref is not None and SUSPECTS.key in pc.sections:
                # SECTIONS lists the suspects before every section that names one (when the
                # suspects are not a list at all, that is the problem reported).
                suspects = {values.get("id") for values, _ in pc.sections[SUSPECTS.key]}
                _check_suspect_refs(rows, row_paths, section.suspect_ref, suspects, problems)
        for j, (plan, _kids) in enumerate(pc.sections.get("support_plans", [])):
            aid = plan.get("assessment_id")
            if aid is not None and aid not in assessment_ids:
                problems.add(
                    f"{path}.support_plans[{j}].assessment_id",
                    "names no needs assessment of this case",
                )
        self._count(records)
        if problems.full:
            raise Stop()
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


_VERSIONS = [str(v) for v in READABLE_VERSIONS]
VERSION_REASON = (
    f"must be {', '.join(_VERSIONS[:-1])} or {_VERSIONS[-1]} (this hcdesk reads versions "
    f"{', '.join(_VERSIONS[:-1])} and {_VERSIONS[-1]})"
)


def validate_document(document: Any, problems: Problems) -> list[ParsedCase]:
    """Check a whole document in memory; every problem goes to ``problems``."""
    return check_document(document, Checker(problems))


def check_document(document: Any, checker: Checker) -> list[ParsedCase]:
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
    except Stop:
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


def _check_suspect_refs(
    rows: list[tuple[dict[str, Any], Any]],
    paths: list[str],
    key: str,
    suspects: set[Any],
    problems: Problems,
) -> None:
    """A charge's defendant, or the person of a bail record, application or interview account,
    is one of the suspects of the same case."""
    for (values, _), ipath in zip(rows, paths, strict=True):
        sid = values.get(key)
        if sid is not None and sid not in suspects:
            problems.add(f"{ipath}.{key}", SUSPECT_REF_PROBLEM)


def check_against_store(
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


def validate(session: Session, document: Any) -> list[ParsedCase]:
    """Every problem in an in-memory document (and clashes with the store), or its cases."""
    problems = Problems()
    checker = Checker(problems)
    parsed = check_document(document, checker)
    if not problems:
        check_against_store(session, checker.ids, checker.refs, problems)
    if problems:
        raise ValidationFailed(problems.items, what="the import file")
    return parsed


__all__ = [
    "DATETIME_RE",
    "DATE_RE",
    "UUID_RE",
    "VERSION_REASON",
    "Checker",
    "ParsedCase",
    "Problems",
    "Stop",
    "check_against_store",
    "check_document",
    "too_many_items",
    "validate",
    "validate_document",
]
