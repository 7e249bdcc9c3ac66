"""Local sync bookkeeping (reference/SYNC.md §5.3): outbox, state, conflicts, quarantine."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from hcdesk.models.base import Base, JSONText, utcnow


class OutboxState(enum.StrEnum):
    """Where an outbox entry is on its way to the central store."""

    PENDING = "pending"  # written by a save; its body is not built yet
    INFLIGHT = "inflight"  # frozen: its body is fixed, and sent (again) until answered
    ACKED = "acked"  # accepted by the central store
    REJECTED = "rejected"  # refused by the central store; its body is in the quarantine


class OutboxOp(enum.StrEnum):
    """What an outbox entry does to its row."""

    UPSERT = "upsert"  # a new row's snapshot, or edits of fields
    DELETE = "delete"  # edits that mark the row deleted
    APPEND = "append"  # a new append-only row, or an audit event
    RESOLVE = "resolve"  # a supervisor's decision on a conflict


ACTIVE = (OutboxState.PENDING, OutboxState.INFLIGHT)  # not yet answered by the central store
ANSWERED = (OutboxState.ACKED, OutboxState.REJECTED)  # the central store held them once

_E = TypeVar("_E", bound=enum.StrEnum)


class EnumText(TypeDecorator[_E], Generic[_E]):
    """A StrEnum stored as its value in a plain text column (the stored text is the value, as
    with a plain string column); read back as the enum member."""

    impl = sa.String
    cache_ok = True

    def __init__(self, enum_cls: type[_E], length: int) -> None:
        super().__init__(length)
        self.enum_cls = enum_cls

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: str | None, dialect: Any) -> _E | None:
        return None if value is None else self.enum_cls(value)


class Outbox(Base):
    """One local mutation waiting for the central store, in the order it was made."""

    __tablename__ = "outbox"

    client_seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    entity: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[str] = mapped_column(sa.String(36))
    case_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    op: Mapped[OutboxOp] = mapped_column(EnumText(OutboxOp, 10))
    # One of hcdesk.store.outbox's payloads (encode_payload / decode_payload).
    payload: Mapped[dict[str, Any]] = mapped_column(JSONText)
    schema_version: Mapped[int] = mapped_column()
    hlc: Mapped[str] = mapped_column(sa.String(48))
    state: Mapped[OutboxState] = mapped_column(
        EnumText(OutboxState, 10), default=OutboxState.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    acked_at: Mapped[dt.datetime | None] = mapped_column()
    server_result: Mapped[dict[str, Any] | None] = mapped_column(JSONText)

    __table_args__ = (
        sa.CheckConstraint("op IN ('upsert','delete','append','resolve')", name="outbox_op"),
        # The push reads the unsent entries in order; acks and pulls look up an entity's entries.
        sa.Index("ix_outbox_state_seq", "state", "client_seq"),
        sa.Index("ix_outbox_entity_seq", "entity_id", "client_seq"),
    )


class SyncState(Base):
    """Small key/value facts about this device: device id, HLC high-water mark, officer."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    value: Mapped[str] = mapped_column()


class Conflict(Base):
    """Two values of one field that the central store could not both keep: the winner is in
    the record, the loser is kept here until a supervisor resolves it (as the server sent it)."""

    __tablename__ = "conflict"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[str] = mapped_column(sa.String(36))
    case_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    field: Mapped[str] = mapped_column(sa.String(60))
    winner: Mapped[Any] = mapped_column(JSONText)
    loser: Mapped[Any] = mapped_column(JSONText)
    base: Mapped[Any] = mapped_column(JSONText, nullable=True)
    status: Mapped[str] = mapped_column(sa.String(12), default="open")
    server_seq: Mapped[int | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    policy: Mapped[str] = mapped_column(sa.String(20), default="scalar")  # scalar|narrative|delete
    resolution: Mapped[Any | None] = mapped_column(JSONText, nullable=True)
    resolved_at: Mapped[dt.datetime | None] = mapped_column()


class Quarantine(Base):
    """A change the central store refused: kept with its full body, never silently dropped."""

    __tablename__ = "quarantine"

    mutation_id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    reason: Mapped[str] = mapped_column()
    http_status: Mapped[int | None] = mapped_column()
    payload: Mapped[Any] = mapped_column(JSONText)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    code: Mapped[str | None] = mapped_column(sa.String(20))  # forbidden|invalid|gone|reused_id...
    entity: Mapped[str | None] = mapped_column(sa.String(60))
    entity_id: Mapped[str | None] = mapped_column(sa.String(36))
    case_id: Mapped[str | None] = mapped_column(sa.String(36))


class SyncBucket(Base):
    """How far this device has read one bucket of the central store, and the running checksum
    of the change entries read (count and sum of their hashes mod 2^63) up to ``seq``."""

    __tablename__ = "sync_bucket"

    bucket: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger)
    count: Mapped[int] = mapped_column(sa.BigInteger)
    hash: Mapped[int] = mapped_column(sa.BigInteger)


class CaseBucket(Base):
    """Which buckets a case reached this device through; a case in none is purged."""

    __tablename__ = "case_bucket"

    case_id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    bucket: Mapped[str] = mapped_column(sa.String(80), primary_key=True, index=True)
