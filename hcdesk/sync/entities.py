"""What travels for each synced table: its fields, how they are read and written, their labels.

One :class:`Entity` per table named on the wire (``entity`` in mutations and changes): the
synced case tables and ``audit_event``. Values travel in their JSON form
(:func:`~hcdesk.models.values.encode_value`) and are checked on the way in with
:func:`~hcdesk.models.values.decode_value`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
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


_MODELS: tuple[type[Any], ...] = (*SYNCED_MODELS, AuditEvent)
ENTITIES: dict[str, Entity] = {m.__tablename__: _entity(m) for m in _MODELS}
# Insert order within a page: parents before the rows that refer to them.
ORDER: tuple[str, ...] = tuple(m.__tablename__ for m in _MODELS)
CASE_ENTITY = CaseFile.__tablename__


# -- per-field versions in their compact form (see hcdesk.models.base.Versioned) ----------------
def version_of(field_vers: dict[str, str] | None, name: str) -> str | None:
    vers = field_vers or {}
    return vers.get(name, vers.get(ALL_FIELDS))


def pending_set(entity: Entity, pending_fields: list[str] | None) -> set[str]:
    names = set(pending_fields or [])
    if ALL_FIELDS in names:
        names.discard(ALL_FIELDS)
        names |= set(entity.versioned_fields)
    return names


def compact_versions(entity: Entity, vers: dict[str, str]) -> dict[str, str]:
    """``vers`` with the most common version folded into ``*`` when every field has one."""
    if not vers or any(f not in vers for f in entity.versioned_fields):
        return dict(vers)
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


def warn(entity: str, field: str, problem: str) -> None:
    """Log a problem with received data: names only, never a value (it may be victim data)."""
    log.warning("sync: %s.%s %s; the field was left as it was", entity, field, problem)


__all__ = ["APPEND", "AUDIT", "ENTITIES", "VERSIONED", "BadValue", "Entity"]
