"""Export and import of cases in the interchange format (docs/interchange.md).

Import checks the whole file first and reports every problem with its path, e.g.
``cases[3].victim.date_of_birth: not a date``. A file with any problem imports nothing; a file
without problems imports in one transaction, so a crash leaves all of it or none of it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from jsonschema import Draft202012Validator
from sqlalchemy.orm import Session, selectinload

from hcdesk.errors import ValidationFailed
from hcdesk.interchange.spec import (
    DATE_PATTERN,
    DATETIME_PATTERN,
    FORMAT,
    JSON_FIELD_SCHEMAS,
    SECTIONS,
    UUID_PATTERN,
    VERSION,
    Section,
    case_columns,
    is_required,
)
from hcdesk.models.base import Base, UTCDateTime, utcnow
from hcdesk.models.case import CaseFile, Person, SupportPlan
from hcdesk.models.values import BadValue, decode_value, encode_value
from hcdesk.store import tracking

UUID_RE = re.compile(UUID_PATTERN)
DATE_RE = re.compile(DATE_PATTERN)
DATETIME_RE = re.compile(DATETIME_PATTERN)
MAX_FILE_BYTES = 512 * 1024 * 1024


# -- export ------------------------------------------------------------------------------------
def _record(obj: Any, section: Section | None) -> dict[str, Any]:
    cols = section.columns() if section else case_columns()
    out: dict[str, Any] = {"id": obj.id}
    if hasattr(obj, "supersedes_id"):
        out["supersedes_id"] = obj.supersedes_id
    for c in cols:
        out[c.key] = encode_value(c, getattr(obj, c.key))
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


def case_to_dict(case: CaseFile) -> dict[str, Any]:
    data = _record(case, None)
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
        records = []
        for row in rows:
            rec = _record(row, section)
            for child in section.children:
                fk = child.parent_fk or ""
                rec[child.key] = [_record(a, child) for a in actions if getattr(a, fk) == row.id]
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


def export_cases(session: Session, case_ids: Sequence[str] | None = None) -> dict[str, Any]:
    """The interchange document for the given cases (all live cases when ``None``)."""
    stmt = sa.select(CaseFile.id).where(CaseFile.deleted.is_(False)).order_by(CaseFile.id)
    if case_ids is not None:
        stmt = stmt.where(CaseFile.id.in_(list(case_ids)))
    cases: list[dict[str, Any]] = []
    # Load in batches so a large store exports in bounded memory. The ids are read in id
    # order, so the whole document (not only each batch) lists the cases by id.
    ids = list(session.scalars(stmt))
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        rows = session.scalars(
            sa.select(CaseFile)
            .where(CaseFile.id.in_(batch))
            .order_by(CaseFile.id)
            .options(*LOAD_OPTIONS)
        )
        cases.extend(case_to_dict(c) for c in rows)
        session.expunge_all()
    return {"format": FORMAT, "version": VERSION, "cases": cases}


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


# -- validation --------------------------------------------------------------------------------
@dataclass
class Problems:
    items: list[str] = field(default_factory=list)
    limit: int = 1000

    def add(self, path: str, message: str) -> None:
        if len(self.items) < self.limit:
            self.items.append(f"{path}: {message}" if path else message)

    def __bool__(self) -> bool:
        return bool(self.items)


_json_validators: dict[tuple[str, str], Draft202012Validator] = {}


def _json_validator(key: tuple[str, str]) -> Draft202012Validator:
    if key not in _json_validators:
        _json_validators[key] = Draft202012Validator(JSON_FIELD_SCHEMAS[key])
    return _json_validators[key]


def _describe(error: Any) -> list[tuple[str, str]]:
    sub = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    if error.validator == "enum":
        return [(sub, "must be one of " + ", ".join(str(v) for v in error.validator_value))]
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return [(sub + (f".{missing[0]}" if missing else ""), "is required")]
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {}))
        return [(f"{sub}.{k}", "is not a known field") for k in error.instance if k not in known]
    if error.validator == "type":
        return [(sub, f"must be of type {error.validator_value}")]
    if error.validator == "maxLength":
        return [(sub, f"is longer than {error.validator_value} characters")]
    return [(sub, error.message)]


def _path_key(error: Any) -> list[tuple[int, int | str]]:
    return [(0, p) if isinstance(p, int) else (1, str(p)) for p in error.absolute_path]


def _check_record(
    data: Any,
    path: str,
    table: str,
    columns: list[Any],
    extra_keys: set[str],
    problems: Problems,
    ids: dict[str, str],
) -> dict[str, Any] | None:
    if not isinstance(data, dict):
        problems.add(path, "must be an object")
        return None
    values: dict[str, Any] = {}
    known = {c.key for c in columns} | extra_keys | {"id"}
    for key in data:
        if key not in known:
            problems.add(f"{path}.{key}", "is not a known field")
    rid = data.get("id")
    if not isinstance(rid, str) or not UUID_RE.fullmatch(rid):
        problems.add(f"{path}.id", "is required and must be a lower-case UUID")
    elif rid in ids:
        problems.add(f"{path}.id", f"is used twice in this file (also at {ids[rid]})")
    else:
        ids[rid] = path
        values["id"] = rid
    if "supersedes_id" in extra_keys:
        sup = data.get("supersedes_id")
        if sup is not None and (not isinstance(sup, str) or not UUID_RE.fullmatch(sup)):
            problems.add(f"{path}.supersedes_id", "must be a lower-case UUID or null")
        values["supersedes_id"] = sup
    for col in columns:
        fpath = f"{path}.{col.key}"
        if col.key not in data:
            if is_required(col):
                problems.add(fpath, "is required")
            continue
        raw = data[col.key]
        if raw is None:
            # null means "no value". A field that always has a value is left out to take its
            # default; null is refused rather than quietly turned into the default.
            if is_required(col):
                problems.add(fpath, "is required")
            elif not col.nullable:
                problems.add(fpath, "must not be null (leave it out to use the default)")
            else:
                values[col.key] = None
            continue
        if (table, col.key) in JSON_FIELD_SCHEMAS:
            errs = sorted(_json_validator((table, col.key)).iter_errors(raw), key=_path_key)
            for err in errs:
                for sub, msg in _describe(err):
                    problems.add(fpath + sub, msg)
            if not errs:
                values[col.key] = raw
            continue
        # Only the RFC 3339 forms the schema documents: Python would also take e.g. 20240102.
        if isinstance(col.type, UTCDateTime):
            if not isinstance(raw, str) or not DATETIME_RE.fullmatch(raw):
                problems.add(fpath, "not a date and time")
                continue
        elif isinstance(col.type, sa.Date) and (
            not isinstance(raw, str) or not DATE_RE.fullmatch(raw)
        ):
            problems.add(fpath, "not a date")
            continue
        try:
            values[col.key] = decode_value(col, raw)
        except BadValue as exc:
            problems.add(fpath, str(exc))
    return values


@dataclass
class ParsedCase:
    case: dict[str, Any]
    sections: dict[str, list[tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]]]
    # (model, id, path) of every record below the case, for the clash check against the store.
    records: list[tuple[type[Base], str, str]] = field(default_factory=list)


def validate_document(document: Any, problems: Problems) -> list[ParsedCase]:
    if not isinstance(document, dict):
        problems.add("", "the file must hold a JSON object")
        return []
    if document.get("format") != FORMAT:
        problems.add("format", f'must be "{FORMAT}"')
    version = document.get("version")
    if isinstance(version, bool) or version != VERSION:
        problems.add("version", f"must be {VERSION} (this hcdesk reads version {VERSION})")
    for key in document:
        if key not in ("format", "version", "cases"):
            problems.add(key, "is not a known field")
    cases = document.get("cases")
    if not isinstance(cases, list):
        problems.add("cases", "must be a list of cases")
        return []
    ids: dict[str, str] = {}
    refs: dict[str, str] = {}
    parsed: list[ParsedCase] = []
    section_keys = {s.key for s in SECTIONS}
    for i, raw_case in enumerate(cases):
        path = f"cases[{i}]"
        case_values = _check_record(
            raw_case, path, "case_file", case_columns(), section_keys, problems, ids
        )
        if case_values is None:
            continue
        ref = case_values.get("local_ref")
        if isinstance(ref, str):
            if ref in refs:
                problems.add(
                    f"{path}.local_ref", f"is used twice in this file (also at {refs[ref]})"
                )
            refs[ref] = f"{path}.local_ref"
        pc = ParsedCase(case_values, {})
        assessment_ids: set[str] = set()
        for section in SECTIONS:
            spath = f"{path}.{section.key}"
            raw = raw_case.get(section.key)
            if section.many:
                if section.key not in raw_case:
                    raw = []
                if not isinstance(raw, list):
                    problems.add(spath, "must be a list")
                    continue
                items = [(f"{spath}[{j}]", r) for j, r in enumerate(raw)]
            else:
                items = [] if raw is None else [(spath, raw)]
            rows: list[tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]] = []
            row_paths: list[str] = []
            extra = {"supersedes_id"} if hasattr(section.model, "supersedes_id") else set()
            extra |= {c.key for c in section.children}
            table = section.model.__tablename__
            for ipath, item in items:
                values = _check_record(item, ipath, table, section.columns(), extra, problems, ids)
                if values is None:
                    continue
                if "id" in values:
                    pc.records.append((section.model, values["id"], ipath))
                kids: dict[str, list[dict[str, Any]]] = {}
                for child in section.children:
                    craw = item.get(child.key, [])
                    if not isinstance(craw, list):
                        problems.add(f"{ipath}.{child.key}", "must be a list")
                        continue
                    cextra = {"supersedes_id"} if hasattr(child.model, "supersedes_id") else set()
                    kids[child.key] = []
                    for k, c in enumerate(craw):
                        cpath = f"{ipath}.{child.key}[{k}]"
                        cv = _check_record(
                            c,
                            cpath,
                            child.model.__tablename__,
                            child.columns(),
                            cextra,
                            problems,
                            ids,
                        )
                        if cv is None:
                            continue
                        if "id" in cv:
                            pc.records.append((child.model, cv["id"], cpath))
                        kids[child.key].append(cv)
                rows.append((values, kids))
                row_paths.append(ipath)
                if section.key == "needs_assessments" and "id" in values:
                    assessment_ids.add(values["id"])
            pc.sections[section.key] = rows
            if "supersedes_id" in extra:
                _check_supersedes(rows, row_paths, section.key, problems)
        for j, (plan, _kids) in enumerate(pc.sections.get("support_plans", [])):
            aid = plan.get("assessment_id")
            if aid is not None and aid not in assessment_ids:
                problems.add(
                    f"{path}.support_plans[{j}].assessment_id",
                    "names no needs assessment of this case",
                )
        parsed.append(pc)
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


def _check_against_store(session: Session, parsed: list[ParsedCase], problems: Problems) -> None:
    case_ids = {pc.case["id"]: i for i, pc in enumerate(parsed) if "id" in pc.case}
    refs = {pc.case.get("local_ref"): i for i, pc in enumerate(parsed)}
    present: set[int] = set()
    for chunk in _chunks(list(case_ids), 500):
        for (cid,) in session.execute(sa.select(CaseFile.id).where(CaseFile.id.in_(chunk))):
            present.add(case_ids[cid])
            problems.add(
                f"cases[{case_ids[cid]}].id", "a case with this id is already in the store"
            )
    for chunk in _chunks([r for r in refs if isinstance(r, str)], 500):
        for (ref,) in session.execute(
            sa.select(CaseFile.local_ref).where(CaseFile.local_ref.in_(chunk))
        ):
            problems.add(
                f"cases[{refs[ref]}].local_ref",
                f"a case with reference {ref} is already in the store",
            )
    # Record ids are kept on import, so one that is already in the store (in another case, or
    # in a deleted one) would break the database's uniqueness rule part-way through the import.
    # (The records of a case that is itself already there are not listed one by one.)
    by_model: dict[type[Base], dict[str, str]] = {}
    for i, pc in enumerate(parsed):
        if i in present:
            continue
        for model, rid, rpath in pc.records:
            by_model.setdefault(model, {})[rid] = rpath
    for model, paths in by_model.items():
        id_col: Any = model.__table__.c.id
        for chunk in _chunks(list(paths), 500):
            for (rid,) in session.execute(sa.select(id_col).where(id_col.in_(chunk))):
                problems.add(f"{paths[rid]}.id", "a record with this id is already in the store")


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# -- import ------------------------------------------------------------------------------------
@dataclass
class ImportResult:
    cases: int
    records: int
    case_ids: list[str]


def load_file(path: Path) -> Any:
    """Parse a JSON file, turning every failure into one clear message."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationFailed([f"cannot read {path}: {exc.strerror}"], what=str(path)) from None
    if size > MAX_FILE_BYTES:
        raise ValidationFailed([f"{path} is larger than {MAX_FILE_BYTES // 2**20} MiB"], str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationFailed([f"cannot read {path}: {exc.strerror}"], what=str(path)) from None
    try:
        # A leading byte-order mark (as some Windows tools write) is allowed and ignored.
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            [f"{path} is not UTF-8 text (bad byte at offset {exc.start})"], what=str(path)
        ) from None
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            [f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"], what=str(path)
        ) from None
    except RecursionError:
        raise ValidationFailed(["the JSON is nested too deeply"], what=str(path)) from None


def validate(session: Session, document: Any) -> list[ParsedCase]:
    """Every problem in the document (and clashes with the store), or the parsed cases."""
    problems = Problems()
    parsed = validate_document(document, problems)
    if not problems:
        _check_against_store(session, parsed, problems)
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

    ``progress(done, total)`` is called as cases are added; returning ``False`` cancels (the
    caller then rolls back). Rows are written in batches through
    :func:`hcdesk.store.tracking.bulk_insert`, which does everything a single save does.
    """
    parsed = validate(session, document)
    records = 0
    total = len(parsed)
    clock = _CreationClock()
    batch: dict[type[Base], list[dict[str, Any]]] = {}
    for n, pc in enumerate(parsed, 1):
        _add_case(batch, pc, clock)
        if n % batch_size == 0 or n == total:
            records += tracking.bulk_insert(session, batch)
            batch = {}
            if progress is not None and progress(n, total) is False:
                raise ImportCancelled()
    return ImportResult(cases=total, records=records, case_ids=[pc.case["id"] for pc in parsed])


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
