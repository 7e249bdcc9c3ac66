"""Declarative base, column types and the sync-ready mixins shared by every domain table.

Sync readiness (reference/SYNC.md §5.3): every row has a client-generated UUIDv7 ``id`` and a
``case_id`` that places it in a sync bucket. Mutable rows (:class:`Versioned`) carry per-field
versions (``field_vers``: field -> HLC string), a versioned soft-delete flag and the set of fields
with unacknowledged local mutations. Append-only rows (:class:`AppendOnly`) are never updated:
corrections are new rows that name the row they supersede.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import time
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from hcdesk.models.enums import DisclosureClass

UTC = dt.UTC


def uuid7() -> str:
    """A time-ordered UUID (RFC 9562 version 7) as text; ids sort by creation time."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware datetimes stored as ISO-8601 UTC text that sorts correctly."""

    impl = sa.String(32)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("datetimes must be timezone-aware")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def process_result_value(self, value: str | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if len(value) == 27 and value[10] == "T" and value[26] == "Z":  # as written above
            return dt.datetime.fromisoformat(value[:26]).replace(tzinfo=UTC)  # strptime: 30x
        return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


class EnumList(TypeDecorator[list[Any]]):
    """A list of enum members (e.g. several monitored strands) stored as a JSON array."""

    impl = sa.Text
    cache_ok = True

    def __init__(self, enum_cls: type[enum.StrEnum]) -> None:
        super().__init__()
        self.enum_cls = enum_cls

    def process_bind_param(self, value: list[Any] | None, dialect: Any) -> str | None:
        if value is None:
            return "[]"
        members = [self.enum_cls(v) for v in value]
        return json.dumps([m.value for m in members])

    def process_result_value(self, value: str | None, dialect: Any) -> list[Any]:
        if not value:
            return []
        return [self.enum_cls(v) for v in json.loads(value)]


class JSONText(TypeDecorator[Any]):
    """JSON stored as compact text, with stable key order."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        return None if value is None else json.loads(value)


class Base(DeclarativeBase):
    type_annotation_map = {  # noqa: RUF012
        enum.StrEnum: sa.Enum(enum.StrEnum, native_enum=False, length=64, create_constraint=False),
        dt.datetime: UTCDateTime(),
        dt.date: sa.Date(),
        str: sa.Text(),
    }

    def __repr__(self) -> str:
        ident = getattr(self, "id", None)
        return f"<{type(self).__name__} {ident}>"


def field(
    *args: Any,
    disclosure: DisclosureClass = DisclosureClass.DISCLOSABLE,
    narrative: bool = False,
    label: str | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    **kwargs: Any,
) -> Any:
    """A domain column with the metadata the rest of the program reads.

    ``disclosure``: whether the defence may see it (CPS annex placement follows it).
    ``narrative``: free text that sync never merges silently.
    ``label``: how a person names the field in messages.
    ``minimum``, ``maximum``: the range of a whole-number field (every one must give both; see
    :mod:`hcdesk.models.limits`).
    """
    info = dict(kwargs.pop("info", {}))
    info.update({"disclosure": disclosure, "narrative": narrative, "domain": True})
    if label:
        info["label"] = label
    if minimum is not None or maximum is not None:
        info["range"] = (minimum, maximum)
    return mapped_column(*args, info=info, **kwargs)


ALL_FIELDS = "*"


class Versioned:
    """Mutable synced rows: per-field HLC versions and a versioned soft delete."""

    __sync_kind__ = "versioned"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=uuid7)
    field_vers: Mapped[dict[str, str]] = mapped_column(JSONText, default=dict, nullable=False)
    deleted: Mapped[bool] = mapped_column(default=False, nullable=False)
    server_seq: Mapped[int | None] = mapped_column(default=None)
    pending_fields: Mapped[list[str]] = mapped_column(JSONText, default=list, nullable=False)
    created_hlc: Mapped[str] = mapped_column(sa.String(48), default="", nullable=False)
    created_by: Mapped[str] = mapped_column(sa.String(120), default="", nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, nullable=False)

    # ``field_vers`` and ``pending_fields`` are stored compactly: the key ``*`` stands for every
    # field not named (a new row has one version for all its fields). Read them through these.
    def version_of(self, name: str) -> str | None:
        vers = self.field_vers or {}
        return vers.get(name, vers.get(ALL_FIELDS))

    def versions(self) -> dict[str, str]:
        """Every synced field (and ``deleted``) with its version."""
        keys = [c.key for c in domain_columns(type(self))] + ["deleted"]
        return {k: v for k in keys if (v := self.version_of(k)) is not None}

    def pending(self) -> set[str]:
        """Fields with local changes the central store has not acknowledged."""
        names = set(self.pending_fields or [])
        if ALL_FIELDS in names:
            names.discard(ALL_FIELDS)
            names |= {c.key for c in domain_columns(type(self))} | {"deleted"}
        return names


class AppendOnly:
    """Insert-only synced rows (logs, wishes history): a grow-only set that never conflicts."""

    __sync_kind__ = "append"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=uuid7)
    server_seq: Mapped[int | None] = mapped_column(default=None)
    created_hlc: Mapped[str] = mapped_column(sa.String(48), default="", nullable=False)
    created_by: Mapped[str] = mapped_column(sa.String(120), default="", nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, nullable=False)
    supersedes_id: Mapped[str | None] = mapped_column(sa.String(36), default=None)


_DOMAIN_COLUMNS: dict[type[Any], tuple[sa.Column[Any], ...]] = {}


def domain_columns(model: type[Any]) -> tuple[sa.Column[Any], ...]:
    """The columns of a model that hold case data (not ids, versions or bookkeeping)."""
    cols = _DOMAIN_COLUMNS.get(model)
    if cols is None:
        table: sa.Table = model.__table__
        cols = _DOMAIN_COLUMNS[model] = tuple(c for c in table.columns if c.info.get("domain"))
    return cols


def column_defaults(model: type[Any]) -> list[tuple[str, Any]]:
    """Each column's key with a callable giving its default (None where it has none), for rows
    inserted without the ORM (bulk import, pulled rows)."""
    out: list[tuple[str, Any]] = []
    for col in model.__table__.columns:
        default = col.default
        if default is None:
            out.append((col.key, None))
        elif default.is_callable:
            out.append((col.key, default.arg))
        else:
            out.append((col.key, (lambda v: lambda _ctx: v)(default.arg)))
    return out
