"""What travels for each synced table: one registry that the laptop and the central store share.

One :class:`Entity` per table named on the wire (``entity`` in mutations and changes): the
synced case tables and ``audit_event``. Values travel in their JSON form
(:func:`~hcdesk.models.values.encode_value`) and are checked on the way in with
:func:`~hcdesk.models.values.decode_value`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from hcdesk.models import labels
from hcdesk.models.audit import AuditEvent
from hcdesk.models.base import (
    ALL_FIELDS,
    UTC,
    AppendOnly,
    Versioned,
    column_defaults,
    domain_columns,
)
from hcdesk.models.case import SYNCED_MODELS, CaseFile
from hcdesk.models.values import BadValue, decode_value, encode_value
from hcdesk.wire.hlc import HLC

BOOKKEEPING = ("created_at", "created_by", "created_hlc")
"""Fields set once when a row is made, sent with its first push."""


class EntityKind(StrEnum):
    VERSIONED = "versioned"  # mutable rows: per-field versions, last writer wins, soft delete
    APPEND = "append"  # append-only case rows: sent once, never changed
    AUDIT = "audit"  # audit events: append-only, hash-chained per device


@dataclass(frozen=True)
class Entity:
    name: str
    model: type[Any]
    table: sa.Table
    kind: EntityKind
    # The columns holding case data, checked against their column type on the way in.
    domain: dict[str, sa.Column[Any]]
    # Fields whose values travel, by name, with the column that holds them: the domain columns,
    # ``deleted`` (versioned rows), and the bookkeeping fields sent with a row's first push.
    fields: dict[str, sa.Column[Any]]
    versioned_fields: tuple[str, ...]  # fields with a per-field version (domain + deleted)
    snapshot_fields: tuple[str, ...]  # what the first push of a row sends
    extra: frozenset[str]  # fields that travel besides the domain columns
    narrative: frozenset[str]  # free text that never merges silently
    has_case_column: bool
    defaults: tuple[tuple[str, Any], ...]
    required: tuple[sa.Column[Any], ...]  # NOT NULL columns apart from the key
    versioned_set: frozenset[str]

    @property
    def versioned(self) -> bool:
        return self.kind is EntityKind.VERSIONED

    @property
    def append_only(self) -> bool:
        return self.kind is not EntityKind.VERSIONED

    def label(self, field: str) -> str:
        """The field's name as a person reads it."""
        if field == "deleted":
            return "deleted"
        col = self.fields.get(field)
        if col is None or not col.info.get("domain"):
            # Bookkeeping of the protocol (created_by, supersedes_id), named as the wire does.
            return field.replace("_", " ")
        return labels.field_label(col)


def _entity(model: type[Any]) -> Entity:
    table: sa.Table = model.__table__
    required = tuple(c for c in table.columns if not c.nullable and not c.primary_key)
    defaults = tuple(column_defaults(model))
    if model is AuditEvent:
        cols = {c.key: c for c in table.columns if c.key not in ("id", "server_seq")}
        return Entity(
            name=table.name,
            model=model,
            table=table,
            kind=EntityKind.AUDIT,
            domain=cols,
            fields=cols,
            versioned_fields=(),
            snapshot_fields=tuple(cols),
            extra=frozenset(),
            narrative=frozenset(),
            has_case_column=True,
            defaults=defaults,
            required=required,
            versioned_set=frozenset(),
        )
    versioned = issubclass(model, Versioned)
    assert versioned or issubclass(model, AppendOnly), model
    domain = {c.key: c for c in domain_columns(model)}
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
        kind=EntityKind.VERSIONED if versioned else EntityKind.APPEND,
        domain=domain,
        fields=fields,
        versioned_fields=versioned_fields,
        snapshot_fields=tuple(fields),
        extra=frozenset(fields) - frozenset(domain),
        narrative=frozenset(k for k, c in domain.items() if c.info.get("narrative")),
        has_case_column="case_id" in table.c,
        defaults=defaults,
        required=required,
        versioned_set=frozenset(versioned_fields),
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
    return decode_column(col, raw)


def decode_column(col: sa.Column[Any], raw: Any) -> Any:
    """The Python value of a received value for this column; :class:`Skip` if it cannot be
    stored."""
    try:
        return decode_value(col, raw)
    except BadValue as exc:
        raise Skip(str(exc)) from None
    except (TypeError, ValueError):
        raise Skip("is not valid") from None


def hlc_time(ver: str | None) -> dt.datetime | None:
    """The wall-clock time of a version, or None if it is not one."""
    if not ver:
        return None
    try:
        ms = HLC.decode(ver).wall_ms
        return dt.datetime.fromtimestamp(ms / 1000, UTC)
    except (ValueError, OverflowError, OSError):
        return None


_MODELS: tuple[type[Any], ...] = (*SYNCED_MODELS, AuditEvent)
ENTITIES: dict[str, Entity] = {m.__tablename__: _entity(m) for m in _MODELS}
# Insert order within a page: parents before the rows that refer to them.
ORDER: tuple[str, ...] = tuple(m.__tablename__ for m in _MODELS)
CASE_ENTITY = CaseFile.__tablename__


__all__ = ["ENTITIES", "ORDER", "BadValue", "Entity", "EntityKind", "Skip"]
