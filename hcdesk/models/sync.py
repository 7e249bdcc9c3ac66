"""Local sync bookkeeping (reference/SYNC.md §5.3): outbox, state, conflicts, quarantine."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from hcdesk.models.base import Base, JSONText, utcnow


class Outbox(Base):
    """One local mutation waiting for the central store, in the order it was made."""

    __tablename__ = "outbox"

    client_seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    entity: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[str] = mapped_column(sa.String(36))
    case_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    op: Mapped[str] = mapped_column(sa.String(10))  # upsert | delete | append | resolve
    payload: Mapped[dict[str, Any]] = mapped_column(JSONText)
    schema_version: Mapped[int] = mapped_column()
    hlc: Mapped[str] = mapped_column(sa.String(48))
    state: Mapped[str] = mapped_column(sa.String(10), default="pending", index=True)
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
