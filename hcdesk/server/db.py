"""The central store's tables (reference/SYNC.md §5.4), on PostgreSQL or SQLite.

Case data is kept generically: one ``record`` row per synced row, its fields as
``{field: {"value": ..., "ver": ...}}``, so a field a newer client sends is preserved even before
the server knows it (SYNC.md §5.6). Everything a push does happens in one transaction: the
record, its field history, conflicts, change-log entries in every bucket of the case, the
bucket counters and checksums, the idempotency record and the device's sequence number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

UTC = dt.UTC

JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


class ServerBase(DeclarativeBase):
    type_annotation_map = {  # noqa: RUF012
        dt.datetime: sa.DateTime(timezone=True),
        str: sa.Text(),
        dict[str, Any]: JSONType,
        Any: JSONType,
    }


class Team(ServerBase):
    __tablename__ = "team"
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class User(ServerBase):
    __tablename__ = "app_user"
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(120), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120), default="")
    password_hash: Mapped[str] = mapped_column()
    role: Mapped[str] = mapped_column(sa.String(20))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class TeamMember(ServerBase):
    __tablename__ = "team_member"
    team_id: Mapped[str] = mapped_column(sa.ForeignKey("team.id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("app_user.id"), primary_key=True)


class Device(ServerBase):
    __tablename__ = "device"
    device_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("app_user.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    last_client_seq: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # The device's last_client_seq when the last backup was marked (``hcdesk-server backup``):
    # its changes up to here are in that backup.
    durable_seq: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")
    registered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column()
    revoked_at: Mapped[dt.datetime | None] = mapped_column()
    revoked_reason: Mapped[str | None] = mapped_column()
    skew_flagged_at: Mapped[dt.datetime | None] = mapped_column()
    wiped_at: Mapped[dt.datetime | None] = mapped_column()
    wipe_report: Mapped[Any | None] = mapped_column()


class StoreIdentity(ServerBase):
    """Which central store this is (one row): ``store_id`` is made once, when the schema is
    created, so a store dropped and made again has a new one; ``generation`` changes when the
    store is restored from a backup (``hcdesk-server restored``) or when it finds that it lacks
    changes it had acknowledged. A laptop that sees either change sends again what the store
    no longer holds and reads its teams' changes from the start (docs/server.md, Backups)."""

    __tablename__ = "store_identity"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    store_id: Mapped[str] = mapped_column(sa.String(36))
    generation: Mapped[str] = mapped_column(sa.String(36))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    generation_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    generation_reason: Mapped[str] = mapped_column(default="")
    backup_marked_at: Mapped[dt.datetime | None] = mapped_column()


class Token(ServerBase):
    """A bearer token, stored only as its SHA-256."""

    __tablename__ = "token"
    token_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(sa.ForeignKey("device.device_id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))  # access | refresh
    expires_at: Mapped[dt.datetime] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CaseHome(ServerBase):
    """The team that owns a case (its partition): set by the first push that names the case."""

    __tablename__ = "case_home"
    case_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(sa.ForeignKey("team.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CaseShare(ServerBase):
    __tablename__ = "case_share"
    case_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(sa.ForeignKey("team.id"), primary_key=True, index=True)
    granted_by: Mapped[str] = mapped_column(sa.String(36))
    granted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Record(ServerBase):
    __tablename__ = "record"
    entity_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    entity: Mapped[str] = mapped_column(sa.String(60))
    case_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    fields: Mapped[dict[str, Any]] = mapped_column()
    deleted: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(sa.String(36))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FieldHistory(ServerBase):
    """Every version of a record's fields ever sent, accepted or not, with who sent it.

    One row per mutation per record: ``fields`` is ``{field: {"value", "ver"}}`` as sent (after
    any re-stamping), ``outcome`` says whether it became current (``applied``), lost to a
    concurrent value (``lost``, with a conflict) or was a duplicate of what was there.
    """

    __tablename__ = "field_history"
    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    entity_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    mutation_id: Mapped[str | None] = mapped_column(sa.String(64))
    author: Mapped[str] = mapped_column(sa.String(36))
    device_id: Mapped[str] = mapped_column(sa.String(64))
    fields: Mapped[dict[str, Any]] = mapped_column()
    outcome: Mapped[str] = mapped_column(sa.String(12))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ServerConflict(ServerBase):
    __tablename__ = "conflict"
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    case_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    field: Mapped[str] = mapped_column(sa.String(60))
    policy: Mapped[str] = mapped_column(sa.String(20))  # scalar | narrative | delete
    winner: Mapped[Any] = mapped_column()
    loser: Mapped[Any] = mapped_column()
    base: Mapped[Any] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(sa.String(12), default="open")
    resolution: Mapped[Any | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_by: Mapped[str | None] = mapped_column(sa.String(36))
    resolved_at: Mapped[dt.datetime | None] = mapped_column()


class BucketCounter(ServerBase):
    """The bucket's last sequence number and its running checksum; locked by each writer."""

    __tablename__ = "bucket_counter"
    bucket: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    count: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    hash: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class ChangeLog(ServerBase):
    __tablename__ = "change_log"
    bucket: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    entity: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[str] = mapped_column(sa.String(64))
    case_id: Mapped[str] = mapped_column(sa.String(64))
    op: Mapped[str] = mapped_column(sa.String(10))
    fields: Mapped[dict[str, Any]] = mapped_column()
    mutation_id: Mapped[str | None] = mapped_column(sa.String(64))
    checksum_count: Mapped[int] = mapped_column(sa.BigInteger)
    checksum_hash: Mapped[int] = mapped_column(sa.BigInteger)
    committed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AppliedMutation(ServerBase):
    __tablename__ = "applied_mutation"
    mutation_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(sa.String(64))
    client_seq: Mapped[int] = mapped_column(sa.BigInteger)
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    result: Mapped[dict[str, Any]] = mapped_column()
    applied_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("device_id", "client_seq"),)


class ServerAudit(ServerBase):
    """Administrative events on the central store (users, devices, shares, wipes)."""

    __tablename__ = "server_audit"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(sa.String(120))
    action: Mapped[str] = mapped_column(sa.String(60))
    subject: Mapped[str] = mapped_column(sa.String(120), default="")
    details: Mapped[Any | None] = mapped_column()
