"""How the values of each synced table are stored in the laptop's SQLCipher store.

:mod:`hcdesk.wire.registry` says what travels; this module turns received JSON values into the
form SQLite stores them, so pulled rows are inserted with plain ``executemany`` statements.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hcdesk.models.base import UTC, EnumList, JSONText, UTCDateTime
from hcdesk.store.engine import HcdeskCipherDialect
from hcdesk.wire.registry import ENTITIES, Entity, Skip, decode_column

log = logging.getLogger("hcdesk.sync")


# -- storage form ------------------------------------------------------------------------------
# Pulled rows are inserted with plain executemany statements in the form SQLite stores them, which
# skips building Python objects only for SQLAlchemy to turn them back into text. Each converter
# checks what decode_value checks and gives exactly what the column's type would store (a test
# compares the two for every column).
_DIALECT = HcdeskCipherDialect()
_CANONICAL_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")


def to_storage(col: sa.Column[Any]) -> Callable[[Any], Any]:
    """Python value -> stored value, as SQLAlchemy would bind it for this column."""
    proc = col.type.dialect_impl(_DIALECT).bind_processor(_DIALECT)
    if proc is None:
        return lambda v: v
    return lambda v: None if v is None else proc(v)


def wire_to_storage(col: sa.Column[Any]) -> Callable[[Any], Any]:
    """JSON value received -> stored value; raises :class:`Skip` for what cannot be stored."""
    ctype = col.type
    store = to_storage(col)
    nullable = bool(col.nullable)
    convert: Callable[[Any], Any]

    if isinstance(ctype, EnumList):
        allowed = {m.value for m in ctype.enum_cls}
        reason = _enum_reason(ctype.enum_cls)

        def convert(raw: Any) -> Any:
            if raw is None:
                return _none(nullable)
            if not isinstance(raw, list):
                raise Skip("must be a list")
            for v in raw:
                if not isinstance(v, str) or v not in allowed:
                    raise Skip(reason)
            return json.dumps(raw)

    elif isinstance(ctype, sa.Enum) and ctype.enum_class is not None:
        names = {m.value: m.name for m in ctype.enum_class}
        reason = _enum_reason(ctype.enum_class)

        def convert(raw: Any) -> Any:
            if raw is None:
                return _none(nullable)
            if not isinstance(raw, str) or raw not in names:
                raise Skip(reason)
            return names[raw]

    elif isinstance(ctype, UTCDateTime):

        def convert(raw: Any) -> Any:
            if raw is None:
                return _none(nullable)
            if isinstance(raw, str) and _CANONICAL_TIME.fullmatch(raw):
                try:
                    dt.datetime.fromisoformat(raw[:-1])
                except ValueError:
                    raise Skip("not a date and time") from None
                return raw
            return store(decode_column(col, raw))

    elif isinstance(ctype, sa.Date):

        def convert(raw: Any) -> Any:
            if raw is None:
                return _none(nullable)
            if not isinstance(raw, str):
                raise Skip("not a date")
            try:
                return store(dt.date.fromisoformat(raw))
            except ValueError:
                raise Skip("not a date") from None

    elif isinstance(ctype, sa.Boolean):

        def convert(raw: Any) -> Any:
            if raw is None:
                return _none(nullable)
            if not isinstance(raw, bool):
                raise Skip("must be true or false")
            return int(raw)

    elif isinstance(ctype, sa.Integer):

        def convert(raw: Any) -> Any:
            if raw is None:
                return _none(nullable)
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise Skip("must be a whole number")
            return raw

    elif isinstance(ctype, JSONText):

        def convert(raw: Any) -> Any:
            if raw is None:
                return _none(nullable)
            return store(raw)

    elif isinstance(ctype, sa.String | sa.Text):
        length = getattr(ctype, "length", None)

        def convert(raw: Any) -> Any:
            if raw is None:
                return _none(nullable)
            if not isinstance(raw, str):
                raise Skip("must be text")
            if length and len(raw) > length:
                raise Skip(f"is longer than {length} characters")
            return raw

    else:

        def convert(raw: Any) -> Any:
            if raw is None:
                return _none(nullable)
            return store(decode_column(col, raw))

    return convert


def _none(nullable: bool) -> None:
    if not nullable:
        raise Skip("is required")
    return None


def _enum_reason(enum_cls: Any) -> str:
    return "must be one of " + ", ".join(m.value for m in enum_cls)


def empty_value(col: sa.Column[Any]) -> Any:
    """A stand-in for a required value the central store did not send."""
    ctype = col.type
    if isinstance(ctype, EnumList):
        return []
    if isinstance(ctype, sa.Enum) and ctype.enum_class is not None:
        return next(iter(ctype.enum_class))
    if isinstance(ctype, UTCDateTime):
        return dt.datetime(1970, 1, 1, tzinfo=UTC)
    if isinstance(ctype, sa.Date):
        return dt.date(1970, 1, 1)
    if isinstance(ctype, sa.Boolean):
        return False
    if isinstance(ctype, sa.Integer):
        return 0
    if isinstance(ctype, JSONText):
        return []
    return ""


_SECONDS: dict[int, str] = {}


def stored_time(ver: str | None) -> str | None:
    """The wall-clock time of a version, already in the stored form of a UTCDateTime column
    (rows made together share their second, so the formatted second is remembered)."""
    if not ver or len(ver) < 17 or ver[16] != "-":
        return None
    try:
        sec, milli = divmod(int(ver[:16]), 1000)
        head = _SECONDS.get(sec)
        if head is None:
            head = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec))
            if len(_SECONDS) > 4096:
                _SECONDS.clear()
            _SECONDS[sec] = head
    except (ValueError, OverflowError, OSError):
        return None
    return f"{head}.{milli * 1000:06d}Z"


def warn(entity: str, field: str, problem: str) -> None:
    """Log a problem with received data: names only, never a value (it may be victim data)."""
    log.warning("sync: %s.%s %s; the field was left as it was", entity, field, problem)


@dataclass(frozen=True)
class StorageForm:
    """One synced table's converters, built once: per column, Python value -> stored value; per
    field that travels, received JSON -> stored value."""

    columns: dict[str, Callable[[Any], Any]]
    from_wire: dict[str, Callable[[Any], Any]]


def _form(entity: Entity) -> StorageForm:
    return StorageForm(
        columns={col.key: to_storage(col) for col in entity.table.columns},
        from_wire={name: wire_to_storage(col) for name, col in entity.fields.items()},
    )


FORMS: dict[str, StorageForm] = {name: _form(e) for name, e in ENTITIES.items()}
