"""Plain-JSON form of column values, shared by the outbox, sync and the interchange format."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa

from hcdesk.models.base import UTC, EnumList, JSONText, UTCDateTime


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


def decode_value(column: sa.Column[Any], raw: Any) -> Any:
    """The Python value for ``raw``; raises :class:`BadValue` with a short reason."""
    if raw is None:
        if not column.nullable and column.default is None:
            raise BadValue("is required")
        return None
    ctype = column.type
    if isinstance(ctype, UTCDateTime):
        if not isinstance(raw, str):
            raise BadValue("not a date and time")
        try:
            value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            raise BadValue("not a date and time") from None
        if value.tzinfo is None:
            raise BadValue("date and time needs a time zone (e.g. Z)")
        return value.astimezone(UTC)
    if isinstance(ctype, sa.Date):
        if not isinstance(raw, str):
            raise BadValue("not a date")
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise BadValue("not a date") from None
    if isinstance(ctype, EnumList):
        if not isinstance(raw, list):
            raise BadValue("must be a list")
        try:
            return [ctype.enum_cls(v) for v in raw]
        except ValueError:
            raise BadValue(_enum_reason(ctype.enum_cls)) from None
    if isinstance(ctype, sa.Enum) and ctype.enum_class is not None:
        try:
            return ctype.enum_class(raw)
        except ValueError:
            raise BadValue(_enum_reason(ctype.enum_class)) from None
    if isinstance(ctype, sa.Boolean):
        if not isinstance(raw, bool):
            raise BadValue("must be true or false")
        return raw
    if isinstance(ctype, sa.Integer):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise BadValue("must be a whole number")
        return raw
    if isinstance(ctype, sa.String | sa.Text) and not isinstance(ctype, JSONText):
        if not isinstance(raw, str):
            raise BadValue("must be text")
        length = getattr(ctype, "length", None)
        if length and len(raw) > length:
            raise BadValue(f"is longer than {length} characters")
        return raw
    return raw


def _enum_reason(enum_cls: Any) -> str:
    values = ", ".join(m.value for m in enum_cls)
    return f"must be one of {values}"
