"""Import of interchange files and documents (docs/interchange.md).

Import checks the whole file first (:mod:`hcdesk.interchange.validation`) and reports every
problem with its path. A file with any problem imports nothing; a file without problems imports
in one transaction, so a crash leaves all of it or none of it.

A file is read a case at a time (:mod:`hcdesk.interchange.reader`), twice: :func:`load_file`
checks it on its own, keeping only the ids and references of its records, and
:func:`import_document` checks those against the store, then reads the file again (refusing it
if a single byte has changed) and imports it. Memory stays bounded by the file's limits
(:mod:`hcdesk.interchange.spec`), whatever the size of the file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hcdesk.errors import ValidationFailed
from hcdesk.interchange.reader import Digests, JsonStream, changed, open_regular, read_object
from hcdesk.interchange.spec import MAX_CASE_CHARS, MAX_FILE_BYTES, SECTIONS
from hcdesk.interchange.validation import (
    Checker,
    ParsedCase,
    Problems,
    Stop,
    check_against_store,
    validate,
)
from hcdesk.models.base import Base, utcnow
from hcdesk.models.case import CaseFile
from hcdesk.store import tracking


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
        checker = Checker(problems)

        def on_case(i: int, raw: Any) -> None:
            checker.case(i, raw)  # the parsed case is dropped: only its ids are kept

        try:
            keys = read_object(
                stream, "cases", MAX_CASE_CHARS, on_case, checker.member, checker.not_object
            )
            if keys or not problems:
                checker.finish(keys)
        except Stop:
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
        check_against_store(session, document.ids, document.refs, problems)
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
        checker = Checker(Problems(), track=False)

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

    Export breaks ties in a section's order by creation time (see
    :func:`hcdesk.interchange.exporter._ordered`); records made in one flush could otherwise
    share a timestamp and lose the order of the file.
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


__all__ = ["CheckedFile", "ImportCancelled", "ImportResult", "import_document", "load_file"]
