"""The audit trail (Data Protection Act 2018 s.62): append-only and hash-chained per device."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from hcdesk.models.base import AppendOnly, Base, JSONText
from hcdesk.models.enums import AuditOperation


class AuditEvent(AppendOnly, Base):
    """Who did what to which record, when, why and (for a disclosure) to whom.

    ``seq`` numbers the events of one device without gaps; ``hash`` covers the event's content
    and ``prev_hash``, so an edited, deleted or reordered event breaks the chain.
    Events hold references and field names, never the victim data itself.
    """

    __tablename__ = "audit_event"
    __table_args__ = (sa.UniqueConstraint("device_id", "seq"),)

    device_id: Mapped[str] = mapped_column(sa.String(36))
    seq: Mapped[int] = mapped_column()
    occurred_at: Mapped[dt.datetime] = mapped_column()
    actor: Mapped[str] = mapped_column(sa.String(120))
    operation: Mapped[AuditOperation] = mapped_column()
    case_id: Mapped[str | None] = mapped_column(sa.String(36), index=True)
    entity: Mapped[str | None] = mapped_column(sa.String(60))
    record_id: Mapped[str | None] = mapped_column(sa.String(36))
    reason: Mapped[str | None] = mapped_column()
    recipient: Mapped[str | None] = mapped_column()
    details: Mapped[dict[str, object]] = mapped_column(JSONText, default=dict)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))
