"""The intake queue of reports from third-party reporting centres (docs/third-party-reports.md).

A local table, like ``work_list``: it never travels to the central store (it is not among
:data:`hcdesk.models.case.SYNCED_MODELS`), and it sits in the profile's encrypted store like
everything else. A report never becomes a case by itself: an officer triages it
(hcdesk.casework.intake), and a case made from it is a case like any other, synced as usual.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from hcdesk.models.base import Base, EnumList, utcnow, uuid7
from hcdesk.models.enums import (
    ContactChannel,
    LocalStrand,
    LocationType,
    MonitoredStrand,
    ReporterRole,
    ReportingCentre,
    TriageOutcome,
)


class ThirdPartyReport(Base):
    """One report as the centre sent it, with the officer's triage of it."""

    __tablename__ = "third_party_report"
    __table_args__ = (sa.UniqueConstraint("centre_key", "centre_reference"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=uuid7)
    queue_no: Mapped[int] = mapped_column(unique=True)
    # The report, as the centre gave it.
    centre: Mapped[ReportingCentre] = mapped_column()
    centre_name: Mapped[str | None] = mapped_column(sa.String(120))
    # Which centre, for telling references apart: the centre's value, or for another centre
    # OTHER: and its name, folded (two local centres may use the same references).
    centre_key: Mapped[str] = mapped_column(sa.String(140))
    centre_reference: Mapped[str] = mapped_column(sa.String(64))
    received_at: Mapped[dt.datetime] = mapped_column()
    reporter_role: Mapped[ReporterRole] = mapped_column()
    anonymous: Mapped[bool] = mapped_column()
    monitored_strands: Mapped[list[MonitoredStrand]] = mapped_column(
        EnumList(MonitoredStrand), default=list
    )
    local_strands: Mapped[list[LocalStrand]] = mapped_column(EnumList(LocalStrand), default=list)
    what_happened: Mapped[str] = mapped_column()
    incident_date: Mapped[dt.date] = mapped_column()
    incident_end_date: Mapped[dt.date | None] = mapped_column()
    incident_time: Mapped[str | None] = mapped_column(sa.String(5))
    location_type: Mapped[LocationType] = mapped_column()
    postcode_area: Mapped[str | None] = mapped_column(sa.String(8))
    place: Mapped[str | None] = mapped_column(sa.String(200))
    victim_name: Mapped[str | None] = mapped_column(sa.String(200))
    victim_phone: Mapped[str | None] = mapped_column(sa.String(40))
    victim_email: Mapped[str | None] = mapped_column(sa.String(200))
    consent_to_contact: Mapped[bool] = mapped_column()
    preferred_channel: Mapped[ContactChannel | None] = mapped_column()
    # How it came in.
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    imported_by: Mapped[str] = mapped_column(sa.String(120))
    source_file: Mapped[str] = mapped_column(sa.String(255))
    # The triage: empty until an officer decides.
    outcome: Mapped[TriageOutcome | None] = mapped_column(index=True)
    outcome_reason: Mapped[str | None] = mapped_column()
    case_id: Mapped[str | None] = mapped_column(sa.String(36), index=True)
    triaged_by: Mapped[str | None] = mapped_column(sa.String(120))
    triaged_at: Mapped[dt.datetime | None] = mapped_column()


__all__ = ["ThirdPartyReport"]
