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
    )


class SyncState(Base):
    """Small key/value facts about this device: device id, HLC high-water mark, officer."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    value: Mapped[str] = mapped_column()


class Conflict(Base):
    __tablename__ = "conflict"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[str] = mapped_column(sa.String(36))
    case_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    field: Mapped[str] = mapped_column(sa.String(60))
    winner: Mapped[Any] = mapped_column(JSONText)
    loser: Mapped[Any] = mapped_column(JSONText)
    base: Mapped[Any] = mapped_column(JSONText)
    status: Mapped[str] = mapped_column(sa.String(12), default="open")
    server_seq: Mapped[int | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Quarantine(Base):
    __tablename__ = "quarantine"

    mutation_id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    reason: Mapped[str] = mapped_column()
    http_status: Mapped[int | None] = mapped_column()
    payload: Mapped[Any] = mapped_column(JSONText)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
