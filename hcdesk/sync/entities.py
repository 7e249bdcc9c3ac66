"""What travels for each synced table: its fields, how they are read and written, their labels.

One :class:`Entity` per table named on the wire (``entity`` in mutations and changes): the
synced case tables and ``audit_event``. Values travel in their JSON form
(:func:`~hcdesk.models.values.encode_value`) and are checked on the way in with
:func:`~hcdesk.models.values.decode_value`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from hcdesk.models.audit import AuditEvent
from hcdesk.models.base import (
    ALL_FIELDS,
    UTC,
    EnumList,
    JSONText,
    UTCDateTime,
    Versioned,
    domain_columns,
)
from hcdesk.models.case import SYNCED_MODELS, CaseFile
from hcdesk.models.values import BadValue, decode_value, encode_value
from hcdesk.store.engine import HcdeskCipherDialect
from hcdesk.store.tracking import _column_defaults
from hcdesk.sync.hlc import HLC

log = logging.getLogger("hcdesk.sync")

BOOKKEEPING = ("created_at", "created_by", "created_hlc")
VERSIONED, APPEND, AUDIT = "versioned", "append", "audit"


@dataclass(frozen=True)
class Entity:
    name: str
    model: type[Any]
    table: sa.Table
    kind: str  # versioned | append | audit
    # Fields whose values travel, by name, with the column that holds them: the domain columns,
    # ``deleted`` (versioned rows), and the bookkeeping fields sent with a row's first push.
    fields: dict[str, sa.Column[Any]]
    versioned_fields: tuple[str, ...]  # fields with a per-field version (domain + deleted)
    snapshot_fields: tuple[str, ...]  # what the first push of a row sends
    has_case_column: bool
    defaults: tuple[tuple[str, Any], ...]
    # Built once: per column, Python value -> stored value; per field, JSON -> stored value.
    storage: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    from_wire: dict[str, Callable[[Any], Any]] = field(default_factory=dict)

    required: tuple[sa.Column[Any], ...] = ()  # NOT NULL columns apart from the key
    versioned_set: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "required",
            tuple(c for c in self.table.columns if not c.nullable and not c.primary_key),
        )
        object.__setattr__(self, "versioned_set", frozenset(self.versioned_fields))
        for col in self.table.columns:
            self.storage[col.key] = to_storage(col)
        for name, col in self.fields.items():
            self.from_wire[name] = wire_to_storage(col)

    @property
    def versioned(self) -> bool:
        return self.kind == VERSIONED

    def label(self, field: str) -> str:
        if field == "deleted":
            return "deleted"
        col = self.fields.get(field)
        label = col.info.get("label") if col is not None else None
        return str(label or field.replace("_", " "))


def _entity(model: type[Any]) -> Entity:
    table: sa.Table = model.__table__
    if model is AuditEvent:
        cols = {c.key: c for c in table.columns if c.key not in ("id", "server_seq")}
        keys = tuple(cols)
        return Entity(
            "audit_event", model, table, AUDIT, cols, (), keys, True, tuple(_column_defaults(model))
        )
    domain = {c.key: c for c in domain_columns(model)}
    versioned = issubclass(model, Versioned)
    fields = dict(domain)
    if versioned:
        fields["deleted"] = table.c.deleted
    extra = BOOKKEEPING if versioned else (*BOOKKEEPING, "supersedes_id")
    for key in extra:
        fields[key] = table.c[key]
    versioned_fields = (*domain, "deleted") if versioned else ()
    return Entity(
        name=table.name,
        model=model,
        table=table,
        kind=VERSIONED if versioned else APPEND,
        fields=fields,
        versioned_fields=versioned_fields,
        snapshot_fields=tuple(fields),
        has_case_column="case_id" in table.c,
        defaults=tuple(_column_defaults(model)),
    )


# -- per-field versions in their compact form (see hcdesk.models.base.Versioned) ----------------
def version_of(field_vers: dict[str, str] | None, name: str) -> str | None:
    vers = field_vers or {}
    return vers.get(name, vers.get(ALL_FIELDS))


def pending_set(entity: Entity, pending_fields: list[str] | None) -> set[str]:
    names = set(pending_fields or [])
    if ALL_FIELDS in names:
        names.discard(ALL_FIELDS)
        names |= entity.versioned_set
    return names


def compact_versions(entity: Entity, vers: dict[str, str]) -> dict[str, str]:
    """``vers`` with the most common version folded into ``*`` when every field has one."""
    if len(vers) < len(entity.versioned_fields) or not entity.versioned_set <= vers.keys():
        return dict(vers)
    distinct = set(vers.values())
    if len(distinct) == 1:
        return {ALL_FIELDS: distinct.pop()}
    counts: dict[str, int] = {}
    for v in vers.values():
        counts[v] = counts.get(v, 0) + 1
    common = max(counts, key=lambda v: (counts[v], v))
    out = {k: v for k, v in vers.items() if v != common}
    out[ALL_FIELDS] = common
    return out


def expand_versions(entity: Entity, field_vers: dict[str, str] | None) -> dict[str, str]:
    vers = dict(field_vers or {})
    star = vers.pop(ALL_FIELDS, None)
    if star is not None:
        for f in entity.versioned_fields:
            vers.setdefault(f, star)
    return vers


# -- values ------------------------------------------------------------------------------------
def encode(entity: Entity, field: str, value: Any) -> Any:
    if field == "deleted":
        return bool(value)
    return encode_value(entity.fields[field], value)


class Skip(Exception):
    """A received value that cannot be stored; the field is left as it was."""


def decode(entity: Entity, field: str, raw: Any) -> Any:
    """The Python value of a received field; :class:`Skip` if it cannot be stored."""
    col = entity.fields[field]
    if raw is None:
        if not col.nullable:
            raise Skip("is required")
        return None
    if field == "deleted":
        if not isinstance(raw, bool):
            raise Skip("must be true or false")
        return raw
    try:
        return decode_value(col, raw)
    except BadValue as exc:
        raise Skip(str(exc)) from None
    except (TypeError, ValueError):
        raise Skip("is not valid") from None


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
            return store(_decode_value(col, raw))

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
            return store(_decode_value(col, raw))

    return convert


def _none(nullable: bool) -> None:
    if not nullable:
        raise Skip("is required")
    return None


def _decode_value(col: sa.Column[Any], raw: Any) -> Any:
    try:
        return decode_value(col, raw)
    except BadValue as exc:
        raise Skip(str(exc)) from None
    except (TypeError, ValueError):
        raise Skip("is not valid") from None


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


def hlc_time(ver: str | None) -> dt.datetime | None:
    """The wall-clock time of a version, or None if it is not one."""
    if not ver:
        return None
    try:
        ms = HLC.decode(ver).wall_ms
        return dt.datetime.fromtimestamp(ms / 1000, UTC)
    except (ValueError, OverflowError, OSError):
        return None


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


_MODELS: tuple[type[Any], ...] = (*SYNCED_MODELS, AuditEvent)
ENTITIES: dict[str, Entity] = {m.__tablename__: _entity(m) for m in _MODELS}
# Insert order within a page: parents before the rows that refer to them.
ORDER: tuple[str, ...] = tuple(m.__tablename__ for m in _MODELS)
CASE_ENTITY = CaseFile.__tablename__


__all__ = ["APPEND", "AUDIT", "ENTITIES", "VERSIONED", "BadValue", "Entity"]
