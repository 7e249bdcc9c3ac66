"""Plain-JSON form of column values, shared by the outbox, sync and the interchange format."""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from jsonschema import Draft202012Validator

from hcdesk.models.base import UTC, EnumList, JSONText, UTCDateTime
from hcdesk.models.limits import JSON_FIELD_SCHEMAS, int_range, text_limit


def encode_value(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        return None
    ctype = column.type
    if isinstance(ctype, UTCDateTime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(ctype, sa.Date):
        return value.isoformat()
    if isinstance(ctype, EnumList):
        return [str(v) for v in value]
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(ctype, JSONText):
        return value
    return value


class BadValue(ValueError):
    """``str(exc)`` is the short reason, e.g. ``not a date``."""


NUL_REASON = "must not contain a NUL character"
SURROGATE_REASON = "is not valid Unicode (it holds half of a surrogate pair)"


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored, or None: a NUL character (PostgreSQL refuses it in text)
    or an unpaired surrogate (not encodable as UTF-8, so SQLite cannot take it either)."""
    if "\x00" in text:
        return NUL_REASON
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return SURROGATE_REASON
    return None


def decode_value(column: sa.Column[Any], raw: Any) -> Any:
    """The Python value for ``raw``; raises :class:`BadValue` with a short reason.

    Types first, then the field's limits (:func:`check_value`), so a value this returns can be
    stored, exported and imported again. (The rules of each column are put together once, on
    first use: an import decodes millions of values.)
    """
    decode = _DECODERS.get(column)
    if decode is None:
        decode = _DECODERS[column] = _make_decoder(column)
    return decode(raw)


LIST_ONCE_REASON = "must list each value at most once"


def check_value(column: sa.Column[Any], value: Any) -> None:
    """Raise :class:`BadValue` if a value of the right type breaks its field's limits.

    ``value`` is the Python value (as :func:`decode_value` returns it, or as a form gives it):
    text within the field's length and storable, a whole number within the field's range, a
    list of choices without repeats, a JSON value of the field's structure.
    """
    if value is None:
        return
    check = _CHECKERS.get(column)
    if check is None:
        check = _CHECKERS[column] = _make_checker(column)
    check(value)


Rule = Callable[[Any], Any]
_DECODERS: dict[sa.Column[Any], Rule] = {}
_CHECKERS: dict[sa.Column[Any], Rule] = {}


def _nothing(value: Any) -> None:
    return None


def _make_checker(column: sa.Column[Any]) -> Rule:
    ctype = column.type
    if isinstance(ctype, EnumList):
        most = len(ctype.enum_cls)

        def check_choices(value: Any) -> None:
            if len(value) > most or len(set(value)) != len(value):
                raise BadValue(LIST_ONCE_REASON)

        return check_choices
    if isinstance(ctype, JSONText):
        key = (column.table.name, column.key)
        if key not in JSON_FIELD_SCHEMAS:
            return _nothing

        def check_json(value: Any) -> None:
            problems = json_field_problems(key, value)
            if problems:
                sub, reason = problems[0]
                raise BadValue(f"{sub.lstrip('.')} {reason}".strip() if sub else reason)

        return check_json
    if isinstance(ctype, sa.Integer) and not isinstance(ctype, sa.Boolean):
        low, high = int_range(column)
        outside = f"must be between {low:,} and {high:,}"

        def check_int(value: Any) -> None:
            if not isinstance(value, bool) and not low <= value <= high:
                raise BadValue(outside)

        return check_int
    if isinstance(ctype, sa.String | sa.Text) and not isinstance(ctype, UTCDateTime | sa.Enum):
        # Case data has a limit by its kind; other synced text (an audit event's reason) only
        # the length its column gives, if any.
        limit = text_limit(column) if column.info.get("domain") else getattr(ctype, "length", 0)
        too_long = longer_than(limit) if limit else ""

        def check_text(value: Any) -> None:
            if not isinstance(value, str):
                return
            if "\x00" in value or not value.isascii():
                problem = text_problem(value)
                if problem:
                    raise BadValue(problem)
            if limit and len(value) > limit:
                raise BadValue(too_long)

        return check_text
    return _nothing


def _make_decoder(column: sa.Column[Any]) -> Rule:
    ctype = column.type
    required = not column.nullable and column.default is None
    check = _make_checker(column)
    decode: Rule

    if isinstance(ctype, UTCDateTime):

        def decode(raw: Any) -> Any:
            if not isinstance(raw, str):
                raise BadValue("not a date and time")
            try:
                value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except ValueError:
                raise BadValue("not a date and time") from None
            if value.tzinfo is None:
                raise BadValue("date and time needs a time zone (e.g. Z)")
            return value.astimezone(UTC)

    elif isinstance(ctype, sa.Date):

        def decode(raw: Any) -> Any:
            if not isinstance(raw, str):
                raise BadValue("not a date")
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                raise BadValue("not a date") from None

    elif isinstance(ctype, EnumList):
        enum_cls = ctype.enum_cls
        most, bad_member = len(enum_cls), _enum_reason(enum_cls)

        def decode(raw: Any) -> Any:
            if not isinstance(raw, list):
                raise BadValue("must be a list")
            if len(raw) > most:
                raise BadValue(LIST_ONCE_REASON)
            try:
                members = [enum_cls(v) for v in raw]
            except (ValueError, TypeError):
                raise BadValue(bad_member) from None
            check(members)
            return members

    elif isinstance(ctype, sa.Enum) and ctype.enum_class is not None:
        enum_class, bad_member = ctype.enum_class, _enum_reason(ctype.enum_class)

        def decode(raw: Any) -> Any:
            try:
                return enum_class(raw)
            except (ValueError, TypeError):
                raise BadValue(bad_member) from None

    elif isinstance(ctype, sa.Boolean):

        def decode(raw: Any) -> Any:
            if not isinstance(raw, bool):
                raise BadValue("must be true or false")
            return raw

    elif isinstance(ctype, sa.Integer):

        def decode(raw: Any) -> Any:
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise BadValue("must be a whole number")
            check(raw)
            return raw

    elif isinstance(ctype, sa.String | sa.Text) and not isinstance(ctype, JSONText):

        def decode(raw: Any) -> Any:
            if not isinstance(raw, str):
                raise BadValue("must be text")
            check(raw)
            return raw

    else:  # JSON, and any other type: as given, within its structure

        def decode(raw: Any) -> Any:
            check(raw)
            return raw

    def decode_or_null(raw: Any) -> Any:
        if raw is None:
            if required:
                raise BadValue("is required")
            return None
        return decode(raw)

    return decode_or_null


def longer_than(limit: int) -> str:
    return f"is longer than {limit:,} characters"


# -- JSON-valued fields ------------------------------------------------------------------------
_json_validators: dict[tuple[str, str], Draft202012Validator] = {}


def _json_validator(key: tuple[str, str]) -> Draft202012Validator:
    if key not in _json_validators:
        _json_validators[key] = Draft202012Validator(JSON_FIELD_SCHEMAS[key])
    return _json_validators[key]


def json_field_problems(key: tuple[str, str], value: Any) -> list[tuple[str, str]]:
    """Every way a JSON field's value breaks its structure or its limits, as (sub-path, reason),
    e.g. ``("[1].level", "must be one of NONE, LOW, MEDIUM, HIGH")``; empty if it is fine."""
    most = JSON_FIELD_SCHEMAS[key].get("maxItems")
    if isinstance(value, list) and most is not None and len(value) > most:
        return [("", f"has more than {most:,} entries")]  # without checking each of them
    validator = _json_validator(key)
    if validator.is_valid(value):
        return _json_text_problems(value)
    out: list[tuple[str, str]] = []
    for error in sorted(validator.iter_errors(value), key=_path_key):
        out.extend(_describe(error))
    return out


def _json_text_problems(value: Any) -> list[tuple[str, str]]:
    """NUL characters and lone surrogates in the text of a JSON value (the schema cannot see
    them). Only called on values of a field's structure, which nests two levels at most."""
    out: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        sub, item = stack.pop()
        if isinstance(item, str):
            reason = text_problem(item)
            if reason:
                out.append((sub, reason))
        elif isinstance(item, dict):
            stack.extend((f"{sub}.{k}", v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((f"{sub}[{n}]", v) for n, v in enumerate(item))
    return sorted(out)


def _describe(error: Any) -> list[tuple[str, str]]:
    sub = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    if error.validator == "enum":
        return [(sub, "must be one of " + ", ".join(str(v) for v in error.validator_value))]
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return [(sub + (f".{missing[0]}" if missing else ""), "is required")]
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {}))
        return [
            (f"{sub}.{key_text(k)}", "is not a known field")
            for k in error.instance
            if k not in known
        ]
    if error.validator == "type":
        return [(sub, f"must be of type {error.validator_value}")]
    if error.validator == "maxLength":
        return [(sub, longer_than(error.validator_value))]
    if error.validator == "maxItems":
        return [(sub, f"has more than {error.validator_value:,} entries")]
    return [(sub, "is not valid")]


def _path_key(error: Any) -> list[tuple[int, int | str]]:
    return [(0, p) if isinstance(p, int) else (1, str(p)) for p in error.absolute_path]


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_\-]{1,64}")


def key_text(key: str) -> str:
    """A key as a message may show it: as it is when plain, else quoted with escapes (so a NUL,
    a lone surrogate or a megabyte of text in a key cannot spoil the message)."""
    if _PLAIN_KEY.fullmatch(key):
        return key
    shown = json.dumps(key[:64])
    return shown + ("…" if len(key) > 64 else "")


def _enum_reason(enum_cls: Any) -> str:
    values = ", ".join(m.value for m in enum_cls)
    return f"must be one of {values}"
