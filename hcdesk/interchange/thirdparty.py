"""The third-party report format (docs/third-party-reports.md): reports from reporting centres
(True Vision, Stop Hate UK, Tell MAMA, CST, Galop, local centres such as EQuIP) in JSON or CSV.

One list of fields (:data:`FIELDS`) drives the check of a file in either form, the JSON Schema
(``third-party-report-v1.schema.json`` beside this module; ``python -m
hcdesk.interchange.thirdparty --write`` refreshes it) and the field table of the documentation
(``--markdown``); tests keep the committed copies equal to what this module generates.

A file is checked whole, as an interchange file is (:mod:`hcdesk.interchange.validation`):
every problem is listed with its path (``reports[3].postcode_area: ...``), and a file with any
problem gives no reports. It is opened with :func:`~hcdesk.interchange.reader.open_regular`
(a FIFO or a device is refused before anything is read) and read within :data:`MAX_FILE_BYTES`;
JSON is read a report at a time by :mod:`hcdesk.interchange.reader`. Nothing here writes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from hcdesk.errors import ValidationFailed
from hcdesk.interchange.reader import (
    DuplicateKeys,
    JsonStream,
    open_regular,
    read_object,
    refuse,
)
from hcdesk.interchange.spec import DATE_PATTERN, DATETIME_PATTERN
from hcdesk.interchange.validation import Problems, Stop
from hcdesk.models import labels
from hcdesk.models.base import UTC
from hcdesk.models.enums import (
    ContactChannel,
    LocalStrand,
    LocationType,
    MonitoredStrand,
    ReporterRole,
    ReportingCentre,
)
from hcdesk.models.limits import NARRATIVE_CHARS
from hcdesk.models.values import key_text, longer_than, text_problem

FORMAT = "hcdesk-third-party-reports"
VERSION = 1
SCHEMA_ID = f"urn:hcdesk:schema:third-party-report-v{VERSION}"
SCHEMA_FILE = Path(__file__).with_name(f"third-party-report-v{VERSION}.schema.json")

# -- limits of a file ---------------------------------------------------------------------------
MAX_FILE_BYTES = 32 * 1024 * 1024
"""The size of a file."""
MAX_REPORTS = 5_000
"""Reports in one file."""
MAX_REPORT_CHARS = 400_000
"""The JSON text of one report, in characters."""
LIST_SEPARATOR = ";"
"""Between the values of a list (the strands) in one CSV cell."""


@dataclass(frozen=True)
class ReportField:
    """One field of a report: its key (the JSON key and the CSV column), its kind, and
    whether every report must give it. Its label and help are in
    :data:`hcdesk.models.labels.INTAKE_FIELDS`."""

    key: str
    kind: str  # text, enum, enums, bool, date, datetime, time, postcode, phone, email
    required: bool = False
    enum_cls: type[StrEnum] | None = None
    max_length: int = 0

    @property
    def label(self) -> str:
        return labels.intake_label(self.key)

    @property
    def help(self) -> str:
        return labels.intake_help(self.key)


FIELDS: tuple[ReportField, ...] = (
    ReportField("centre", "enum", True, ReportingCentre),
    ReportField("centre_name", "text", max_length=120),
    ReportField("centre_reference", "text", True, max_length=64),
    ReportField("received_at", "datetime", True),
    ReportField("reporter_role", "enum", True, ReporterRole),
    ReportField("anonymous", "bool", True),
    ReportField("monitored_strands", "enums", enum_cls=MonitoredStrand),
    ReportField("local_strands", "enums", enum_cls=LocalStrand),
    ReportField("what_happened", "text", True, max_length=NARRATIVE_CHARS),
    ReportField("incident_date", "date", True),
    ReportField("incident_end_date", "date"),
    ReportField("incident_time", "time"),
    ReportField("location_type", "enum", True, LocationType),
    ReportField("postcode_area", "postcode", max_length=8),
    ReportField("place", "text", max_length=200),
    ReportField("victim_name", "text", max_length=200),
    ReportField("victim_phone", "phone", max_length=40),
    ReportField("victim_email", "email", max_length=200),
    ReportField("consent_to_contact", "bool", True),
    ReportField("preferred_channel", "enum", enum_cls=ContactChannel),
)
BY_KEY: dict[str, ReportField] = {f.key: f for f in FIELDS}
PERSONAL = ("victim_name", "victim_phone", "victim_email")
"""The fields that name or reach a person: never in an anonymous report."""

# -- the lexical forms (the schema uses the same ones) --------------------------------------------
TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$"
_DISTRICT = "[A-Za-z]{1,2}[0-9][0-9A-Za-z]?"
POSTCODE_PATTERN = f"^\\s*([A-Za-z]{{1,2}}|{_DISTRICT}|{_DISTRICT}\\s+[0-9])\\s*$"
"""A postcode area (CV), district (CV34) or sector (CV34 4): never finer."""
PHONE_PATTERN = "^\\+?[0-9][0-9 ()\\-]{5,38}$"
EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"
_DATE_RE = re.compile(DATE_PATTERN)
_DATETIME_RE = re.compile(DATETIME_PATTERN)
_TIME_RE = re.compile(TIME_PATTERN)
_POSTCODE_RE = re.compile(POSTCODE_PATTERN)
_FULL_POSTCODE_RE = re.compile(f"^\\s*{_DISTRICT}\\s*[0-9][A-Za-z]{{2}}\\s*$")
_PHONE_RE = re.compile(PHONE_PATTERN)
_EMAIL_RE = re.compile(EMAIL_PATTERN)
_UK_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def normalise_postcode(text: str) -> str:
    """``" cv34  4"`` -> ``"CV34 4"``: upper case, one space between district and sector."""
    return " ".join(text.upper().split())


_DISTRICT_OF = re.compile(r"([A-Z]{1,2}[0-9][0-9A-Z]?)(?: ?[0-9][A-Z]{2}| [0-9])?")


def postcode_district(text: str | None) -> str | None:
    """The district (``CV34``) of a full postcode, a sector or a district; None otherwise (an
    area alone, or text that is no postcode)."""
    if not text:
        return None
    m = _DISTRICT_OF.fullmatch(normalise_postcode(text))
    return m.group(1) if m else None


_POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?) ?[0-9][A-Z]{2}\b")


def districts_in(text: str | None) -> set[str]:
    """The districts of the full postcodes written in ``text`` (a case's place, say)."""
    return {m.group(1) for m in _POSTCODE_IN_TEXT.finditer((text or "").upper())}


def centre_key(centre: ReportingCentre, name: str | None) -> str:
    """Which centre, for telling references apart (another centre by its name, folded)."""
    if centre is ReportingCentre.OTHER:
        return "OTHER:" + " ".join((name or "").split()).casefold()
    return str(centre)


def centre_label(centre: ReportingCentre, name: str | None = None) -> str:
    """A centre as a person names it: its label, or the name given for another centre."""
    if centre is ReportingCentre.OTHER and name:
        return " ".join(name.split())
    return labels.label(centre)


# -- the messages of the check --------------------------------------------------------------------
FULL_POSTCODE = "is a full postcode; give the area or district, e.g. {district}"
NOT_POSTCODE = "is not a postcode area or district; give one such as CV34 or CV34 4"
NOT_IN_ANONYMOUS = "must be left out of an anonymous report"
NAME_FOR_OTHER = "is required when the centre is OTHER: give the centre's name"
NO_STRAND = (
    "give at least one strand as perceived, in monitored_strands or local_strands (a report "
    "with none is not a report of hate)"
)
CHANNEL_WITHOUT_CONSENT = "is only given when consent_to_contact is true"
CHANNEL_NEEDED = "is required when consent_to_contact is true"
ANONYMOUS_CHANNEL = (
    "an anonymous reporter can be contacted only through the centre: give VIA_THIRD_PARTY"
)
CHANNEL_NEEDS = "needs {field} (the report has none)"
END_BEFORE_START = "is before incident_date"
AFTER_RECEIVED = "is after the report was received ({received})"
IN_FUTURE = "is in the future"
TWICE = "is given twice in this file (also at reports[{other}])"


def _enum_reason(enum_cls: type[StrEnum]) -> str:
    return "must be one of " + ", ".join(m.value for m in enum_cls)


class _Bad(ValueError):
    pass


def _text(raw: Any, f: ReportField) -> str | None:
    if not isinstance(raw, str):
        raise _Bad("must be text")
    text = raw.strip()
    if not text:
        return None
    problem = text_problem(text)
    if problem:
        raise _Bad(problem)
    if len(text) > f.max_length:
        raise _Bad(longer_than(f.max_length))
    return text


def _enum_member(raw: Any, enum_cls: type[StrEnum], lenient: bool) -> StrEnum:
    if not isinstance(raw, str):
        raise _Bad(_enum_reason(enum_cls))
    text = raw.strip()
    if lenient:
        text = re.sub(r"[\s\-]+", "_", text).upper()
    try:
        return enum_cls(text)
    except ValueError:
        raise _Bad(_enum_reason(enum_cls)) from None


def _value(f: ReportField, raw: Any, from_csv: bool) -> Any:
    """The Python value of one field (None for a value left empty); raises :class:`_Bad`."""
    if raw is None:
        return None
    if from_csv:
        assert isinstance(raw, str)
        if not raw.strip():
            return None
    kind = f.kind
    if kind in ("text", "phone", "email", "postcode"):
        text = _text(raw, f)
        if text is None:
            return None
        if kind == "phone" and not _PHONE_RE.fullmatch(text):
            raise _Bad("is not a phone number")
        if kind == "email" and not _EMAIL_RE.fullmatch(text):
            raise _Bad("is not an email address")
        if kind == "postcode":
            if _FULL_POSTCODE_RE.fullmatch(text):
                raise _Bad(FULL_POSTCODE.format(district=postcode_district(text)))
            if not _POSTCODE_RE.fullmatch(text):
                raise _Bad(NOT_POSTCODE)
            return normalise_postcode(text)
        return text
    if kind == "enum":
        assert f.enum_cls is not None
        return _enum_member(raw, f.enum_cls, from_csv)
    if kind == "enums":
        assert f.enum_cls is not None
        if from_csv:
            items: Any = [p for p in raw.split(LIST_SEPARATOR) if p.strip()]
        else:
            items = raw
        if not isinstance(items, list):
            raise _Bad("must be a list")
        members = [_enum_member(v, f.enum_cls, from_csv) for v in items]
        if len(set(members)) != len(members):
            raise _Bad("must list each value at most once")
        return members
    if kind == "bool":
        if from_csv:
            word = raw.strip().lower()
            if word in ("true", "yes", "y", "1"):
                return True
            if word in ("false", "no", "n", "0"):
                return False
            raise _Bad("must be true or false (or yes or no)")
        if not isinstance(raw, bool):
            raise _Bad("must be true or false")
        return raw
    if kind == "date":
        if not isinstance(raw, str):
            raise _Bad("not a date")
        text = raw.strip()
        uk = _UK_DATE_RE.fullmatch(text) if from_csv else None
        try:
            if uk:
                return dt.date(int(uk.group(3)), int(uk.group(2)), int(uk.group(1)))
            if not _DATE_RE.fullmatch(text):
                raise ValueError
            return dt.date.fromisoformat(text)
        except ValueError:
            raise _Bad("not a date (give YYYY-MM-DD)") from None
    if kind == "datetime":
        if not isinstance(raw, str) or not _DATETIME_RE.fullmatch(raw.strip()):
            raise _Bad("not a date and time with its offset (e.g. 2026-03-02T14:05:00Z)")
        try:
            return dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00")).astimezone(UTC)
        except ValueError:
            raise _Bad("not a date and time") from None
    if kind == "time":
        if not isinstance(raw, str) or not _TIME_RE.fullmatch(raw.strip()):
            raise _Bad("not a time (give HH:MM, 24-hour clock)")
        return raw.strip()
    raise AssertionError(f"no rule for the kind {kind}")  # pragma: no cover


def check_report(
    raw: Any, path: str, problems: Problems, *, from_csv: bool, now: dt.datetime
) -> dict[str, Any] | None:
    """The values of one report (every field, None where left out), every problem added to
    ``problems``; None when it is not an object at all."""
    if not isinstance(raw, dict):
        problems.add(path, "must be an object")
        return None
    if isinstance(raw, DuplicateKeys):
        for key in raw.twice:
            problems.add(f"{path}.{key_text(key)}", "is given twice in this object")
    for key in raw:
        if key not in BY_KEY:
            problems.add(f"{path}.{key_text(key)}", "is not a known field")
    values: dict[str, Any] = {}
    bad: set[str] = set()
    for f in FIELDS:
        try:
            values[f.key] = _value(f, raw.get(f.key), from_csv)
        except _Bad as exc:
            problems.add(f"{path}.{f.key}", str(exc))
            values[f.key] = None
            bad.add(f.key)
            continue
        if f.required and values[f.key] is None:
            problems.add(f"{path}.{f.key}", "is required")
            bad.add(f.key)
    _cross_checks(values, bad, path, problems, now)
    values["monitored_strands"] = values["monitored_strands"] or []
    values["local_strands"] = values["local_strands"] or []
    return values


def _cross_checks(
    v: dict[str, Any], bad: set[str], path: str, problems: Problems, now: dt.datetime
) -> None:
    """The rules between fields, each reported once and only when its fields are readable."""
    if v["centre"] is ReportingCentre.OTHER and not v["centre_name"] and "centre_name" not in bad:
        problems.add(f"{path}.centre_name", NAME_FOR_OTHER)
    strands_read = "monitored_strands" not in bad and "local_strands" not in bad
    if strands_read and not v["monitored_strands"] and not v["local_strands"]:
        problems.add(f"{path}.monitored_strands", NO_STRAND)
    if v["anonymous"] is True:
        for key in PERSONAL:
            if v[key] is not None:
                problems.add(f"{path}.{key}", NOT_IN_ANONYMOUS)
    channel = v["preferred_channel"]
    if v["consent_to_contact"] is False and channel is not None:
        problems.add(f"{path}.preferred_channel", CHANNEL_WITHOUT_CONSENT)
    elif v["consent_to_contact"] is True and "preferred_channel" not in bad:
        if channel is None:
            problems.add(f"{path}.preferred_channel", CHANNEL_NEEDED)
        elif v["anonymous"] is True and channel is not ContactChannel.VIA_THIRD_PARTY:
            problems.add(f"{path}.preferred_channel", ANONYMOUS_CHANNEL)
        elif v["anonymous"] is False:
            needs = {
                ContactChannel.PHONE: "victim_phone",
                ContactChannel.TEXT_MESSAGE: "victim_phone",
                ContactChannel.EMAIL: "victim_email",
            }.get(channel)
            if needs and v[needs] is None and needs not in bad:
                problems.add(f"{path}.preferred_channel", CHANNEL_NEEDS.format(field=needs))
    start, end, received = v["incident_date"], v["incident_end_date"], v["received_at"]
    if start and end and end < start:
        problems.add(f"{path}.incident_end_date", END_BEFORE_START)
    if received is not None:
        if received > now + dt.timedelta(days=1):
            problems.add(f"{path}.received_at", IN_FUTURE)
        # A day's grace: the received time is in UTC, the incident's day in UK time.
        last_day = (received + dt.timedelta(days=1)).date()
        if start and start > last_day:
            shown = f"{received:%Y-%m-%d}"
            problems.add(f"{path}.incident_date", AFTER_RECEIVED.format(received=shown))


# -- reading a file ------------------------------------------------------------------------------
@dataclass
class CheckedReports:
    """A file of reports that passed every check: the reports' values, in file order."""

    path: Path
    form: str  # "json" or "csv"
    reports: list[dict[str, Any]] = field(default_factory=list)


def read_reports(path: Path, *, now: dt.datetime | None = None) -> CheckedReports:
    """Read and check a file of reports (JSON or CSV, by its name or else its first character).

    Every failure is a :class:`ValidationFailed`: one line for a file that cannot be read (not
    a regular file, too large, not UTF-8, not JSON or CSV), or every problem with its path.
    """
    now = now or dt.datetime.now(UTC)
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        if size > MAX_FILE_BYTES:
            raise refuse(_too_large(path), path)
        form = _form(path, fd)
        problems = Problems()
        checked = CheckedReports(path, form)
        if form == "json":
            _read_json(fd, path, problems, checked, now)
        else:
            _read_csv(fd, path, problems, checked, now)
    finally:
        os.close(fd)
    if not problems:
        _check_unique(checked.reports, problems)
    if problems:
        raise ValidationFailed(problems.items, what="the report file")
    return checked


def _too_large(path: Path) -> str:
    return (
        f"{path} is larger than {MAX_FILE_BYTES // 2**20:,} MiB, the most one file of reports "
        "may hold; split it into smaller files"
    )


def _form(path: Path, fd: int) -> str:
    suffix = path.suffix.lower()
    if suffix in (".json", ".csv"):
        return suffix[1:]
    head = os.pread(fd, 64, 0) if hasattr(os, "pread") else b""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        return "json"
    raise refuse(
        f"{path} is neither a .json nor a .csv file; give a file of reports in one of the two "
        "forms (docs/third-party-reports.md)",
        path,
    )


def _too_many() -> ValidationFailed:
    return ValidationFailed(
        [
            f"the file holds more than {MAX_REPORTS:,} reports, the most one file may hold; "
            "split it into smaller files"
        ],
        what="the report file",
    )


def _read_json(
    fd: int, path: Path, problems: Problems, checked: CheckedReports, now: dt.datetime
) -> None:
    stream = JsonStream(fd, path, MAX_FILE_BYTES)

    def on_report(i: int, raw: Any) -> None:
        if i >= MAX_REPORTS:
            raise _too_many()
        values = check_report(raw, f"reports[{i}]", problems, from_csv=False, now=now)
        if values is not None:
            checked.reports.append(values)
        if problems.full:
            raise Stop()

    def on_member(key: str, value: Any) -> None:
        if key == "format":
            if value != FORMAT:
                problems.add("format", f'must be "{FORMAT}"')
        elif key == "version":
            if isinstance(value, bool) or value != VERSION:
                problems.add("version", f"must be {VERSION} (this hcdesk reads version {VERSION})")
        elif key == "reports":
            problems.add("reports", "must be a list of reports")
        else:
            problems.add(key_text(key), "is not a known field")

    def not_object() -> None:
        problems.add("", "the file must hold a JSON object")

    try:
        keys = read_object(
            stream, "reports", MAX_REPORT_CHARS, on_report, on_member, not_object, "this report"
        )
    except Stop:
        return
    if keys or not problems:
        for key, message in (
            ("format", f'must be "{FORMAT}"'),
            ("version", f"must be {VERSION} (this hcdesk reads version {VERSION})"),
            ("reports", "must be a list of reports"),
        ):
            if key not in keys:
                problems.add(key, message)


def _read_csv(
    fd: int, path: Path, problems: Problems, checked: CheckedReports, now: dt.datetime
) -> None:
    data = bytearray()
    while chunk := os.read(fd, 1 << 20):
        data += chunk
        if len(data) > MAX_FILE_BYTES:
            raise refuse(_too_large(path), path)
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(
            f"{path} is not UTF-8 text (bad byte at offset {exc.start}); save it as "
            "“CSV UTF-8” and import it again",
            path,
        ) from None
    if "\x00" in text:
        raise refuse(f"{path} is not a CSV file (it holds NUL characters)", path)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise refuse(f"{path} is not a readable CSV file: {exc}", path) from None
    if not rows:
        raise refuse(f"{path} is empty; a CSV file of reports starts with a header row", path)
    header = [h.strip() for h in rows[0]]
    seen: set[str] = set()
    for column in header:
        if column not in BY_KEY:
            problems.add(f"header.{key_text(column)}", "is not a known column")
        elif column in seen:
            problems.add(f"header.{column}", "is given twice")
        seen.add(column)
    for f in FIELDS:
        if f.required and f.key not in seen:
            problems.add(f"header.{f.key}", "is missing (every report must give it)")
    if problems:
        return  # the rows cannot be read by a header that is wrong
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    if len(body) > MAX_REPORTS:
        raise _too_many()
    for i, row in enumerate(body):
        path_i = f"reports[{i}]"
        if len(row) != len(header):
            problems.add(path_i, f"has {len(row)} cells; the header has {len(header)}")
            continue
        raw = {column: cell for column, cell in zip(header, row, strict=True) if cell.strip()}
        values = check_report(raw, path_i, problems, from_csv=True, now=now)
        if values is not None:
            checked.reports.append(values)
        if problems.full:
            return


def _check_unique(reports: list[dict[str, Any]], problems: Problems) -> None:
    first: dict[tuple[str, str], int] = {}
    for i, values in enumerate(reports):
        key = (centre_key(values["centre"], values["centre_name"]), values["centre_reference"])
        if key in first:
            problems.add(f"reports[{i}].centre_reference", TWICE.format(other=first[key]))
        else:
            first[key] = i


# -- the JSON Schema and the documentation -------------------------------------------------------
def _field_schema(f: ReportField) -> dict[str, Any]:
    out: dict[str, Any] = {"description": f"{_capital(f.label)}. {f.help}"}
    nullable = not f.required
    if f.kind == "enum":
        assert f.enum_cls is not None
        out["enum"] = [m.value for m in f.enum_cls] + ([None] if nullable else [])
        return out
    if f.kind == "enums":
        assert f.enum_cls is not None
        out.update(
            type=["array", "null"],
            items={"enum": [m.value for m in f.enum_cls]},
            uniqueItems=True,
            maxItems=len(f.enum_cls),
        )
        return out
    if f.kind == "bool":
        out["type"] = "boolean"
        return out
    patterns = {
        "date": DATE_PATTERN,
        "datetime": DATETIME_PATTERN,
        "time": TIME_PATTERN,
        "postcode": POSTCODE_PATTERN,
        "phone": PHONE_PATTERN,
        "email": EMAIL_PATTERN,
    }
    out["type"] = ["string", "null"] if nullable else "string"
    if f.kind == "date":
        out["format"] = "date"
    elif f.kind == "datetime":
        out["format"] = "date-time"
    if f.kind in patterns:
        out["pattern"] = patterns[f.kind]
    elif f.required:
        out["pattern"] = "\\S"
    if f.max_length:
        out["maxLength"] = f.max_length
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_NOT_GIVEN = {"not": {"type": "string", "pattern": "\\S"}}


def report_schema() -> dict[str, Any]:
    """The JSON Schema of one report, with the rules between fields it can express."""
    return {
        "title": labels.INTAKE_RECORD_LABEL,
        "type": "object",
        "additionalProperties": False,
        "required": [f.key for f in FIELDS if f.required],
        "properties": {f.key: _field_schema(f) for f in FIELDS},
        "allOf": [
            {
                "if": {"properties": {"centre": {"const": "OTHER"}}},
                "then": {
                    "required": ["centre_name"],
                    "properties": {"centre_name": {"type": "string", "pattern": "\\S"}},
                },
            },
            {
                "anyOf": [
                    {
                        "required": [key],
                        "properties": {key: {"type": "array", "minItems": 1}},
                    }
                    for key in ("monitored_strands", "local_strands")
                ]
            },
            {
                "if": {"properties": {"anonymous": {"const": True}}},
                "then": {"properties": dict.fromkeys(PERSONAL, _NOT_GIVEN)},
            },
            {
                "if": {"properties": {"consent_to_contact": {"const": False}}},
                "then": {"properties": {"preferred_channel": {"const": None}}},
                "else": {
                    "required": ["preferred_channel"],
                    "properties": {
                        "preferred_channel": {"enum": [m.value for m in ContactChannel]}
                    },
                },
            },
            {
                "if": {
                    "properties": {
                        "anonymous": {"const": True},
                        "consent_to_contact": {"const": True},
                    }
                },
                "then": {"properties": {"preferred_channel": {"const": "VIA_THIRD_PARTY"}}},
            },
        ],
    }


def build_schema() -> dict[str, Any]:
    """The JSON Schema of a whole JSON file of reports."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"Third-party reports of hate for hcdesk, version {VERSION}",
        "description": (
            "Reports of hate incidents passed to the police by third-party reporting centres. "
            "Generated from hcdesk by `python -m hcdesk.interchange.thirdparty`; do not edit "
            "by hand. Documentation: docs/third-party-reports.md, which also gives the CSV "
            "form and the rules this schema cannot express (the size of a file, a centre's "
            "reference given twice, dates in order, the contact details a channel needs)."
        ),
        "version": VERSION,
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "version", "reports"],
        "properties": {
            "format": {"description": f"Always the text {FORMAT}.", "const": FORMAT},
            "version": {"description": "The format version.", "const": VERSION},
            "reports": {
                "description": "The reports, in any order.",
                "type": "array",
                "maxItems": MAX_REPORTS,
                "items": {"$ref": "#/$defs/report"},
            },
        },
        "$defs": {"report": report_schema()},
    }


def schema_text() -> str:
    """The schema as committed: 2-space indent, UTF-8, trailing newline."""
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


_KIND_TEXT = {
    "bool": "true or false (CSV: true, false, yes or no)",
    "date": "date, YYYY-MM-DD (CSV: also DD/MM/YYYY)",
    "datetime": "date-time with its offset, e.g. 2026-03-02T14:05:00Z",
    "time": "time, HH:MM",
    "postcode": "postcode area, district or sector (CV, CV34, CV34 4)",
    "phone": "phone number",
    "email": "email address",
}


def _type_text(f: ReportField) -> str:
    if f.kind == "enum":
        assert f.enum_cls is not None
        return f"[{f.enum_cls.__name__}](#{f.enum_cls.__name__.lower()})"
    if f.kind == "enums":
        assert f.enum_cls is not None
        return (
            f"list of [{f.enum_cls.__name__}](#{f.enum_cls.__name__.lower()}), each at most "
            f"once (CSV: separated by `{LIST_SEPARATOR}`)"
        )
    if f.kind == "text":
        return f"text ≤ {f.max_length:,}"
    return _KIND_TEXT[f.kind]


def markdown_tables() -> str:
    """The field table and enumerations of docs/third-party-reports.md (between its markers)."""
    out = ["| Field | Type | Required | Meaning |", "|---|---|---|---|"]
    for f in FIELDS:
        out.append(
            f"| `{f.key}` | {_type_text(f)} | {'yes' if f.required else 'no'} "
            f"| {_capital(f.label)}. {f.help} |"
        )
    enums: dict[str, type[StrEnum]] = {}
    for f in FIELDS:
        if f.enum_cls is not None:
            enums.setdefault(f.enum_cls.__name__, f.enum_cls)
    out.append("")
    for name, enum_cls in enums.items():
        out += ["", f"#### {name}", "", "| Value | Label | Meaning |", "|---|---|---|"]
        for member in enum_cls:
            out.append(
                f"| `{member.value}` | {labels.label(member)} | {labels.help_text(member)} |"
            )
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the third-party report JSON Schema.")
    parser.add_argument("--write", action="store_true", help=f"write {SCHEMA_FILE.name}")
    parser.add_argument("--markdown", action="store_true", help="print the docs field table")
    args = parser.parse_args(argv)
    if args.markdown:
        sys.stdout.write(markdown_tables())
    elif args.write:
        SCHEMA_FILE.write_text(schema_text(), encoding="utf-8", newline="\n")
        print(f"wrote {SCHEMA_FILE}")
    else:
        sys.stdout.write(schema_text())
    return 0


def as_json_report(values: Mapping[str, Any]) -> dict[str, Any]:
    """One report's values as the JSON form writes them (for examples and tests)."""
    out: dict[str, Any] = {}
    for f in FIELDS:
        value = values.get(f.key)
        if value is None or value == []:
            continue
        if isinstance(value, dt.datetime):
            value = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, list):
            value = [str(v) for v in value]
        elif isinstance(value, StrEnum):
            value = str(value)
        out[f.key] = value
    return out


__all__ = [
    "BY_KEY",
    "FIELDS",
    "FORMAT",
    "MAX_FILE_BYTES",
    "MAX_REPORTS",
    "PERSONAL",
    "SCHEMA_FILE",
    "VERSION",
    "CheckedReports",
    "ReportField",
    "as_json_report",
    "build_schema",
    "centre_key",
    "centre_label",
    "districts_in",
    "markdown_tables",
    "normalise_postcode",
    "postcode_district",
    "read_reports",
    "schema_text",
]

if __name__ == "__main__":
    sys.exit(main())
