"""The strategy's activities beyond the case (docs/activities.md): awareness events, prevention
through education, building trust, increased reporting.

A local table, like ``third_party_report``: it never travels to the central store (it is not
among :data:`hcdesk.models.case.SYNCED_MODELS`), and it sits in the profile's encrypted store
like everything else. An activity names no victim; it may be linked to cases by their ids (for
example the reports that followed an event), and those are only counted, never shown outside
the force.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from hcdesk.models.base import Base, JSONText, utcnow, uuid7
from hcdesk.models.enums import WorkArea


class StrategyActivity(Base):
    """One activity of the strategy: what, which work area, when, with whom, for whom, how
    many people it reached, and the cases that followed it."""

    __tablename__ = "strategy_activity"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=uuid7)
    # How a person names it: ACT-12 (hcdesk activity remove ACT-12).
    number: Mapped[int] = mapped_column(unique=True)
    theme: Mapped[str] = mapped_column(sa.String(200))
    work_area: Mapped[WorkArea] = mapped_column(index=True)
    held_on: Mapped[dt.date] = mapped_column(index=True)
    partners: Mapped[str | None] = mapped_column(sa.String(500))
    audience: Mapped[str | None] = mapped_column(sa.String(500))
    reach: Mapped[int | None] = mapped_column()
    description: Mapped[str | None] = mapped_column()
    # The ids of the linked cases (a JSON list; the cases are found by their references).
    case_ids: Mapped[list[str]] = mapped_column(JSONText(), default=list)
    recorded_by: Mapped[str] = mapped_column(sa.String(120))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


__all__ = ["StrategyActivity"]
