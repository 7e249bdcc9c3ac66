"""Which version of the court summary a sign-off certifies.

The export service keeps no version counter of its own: every court summary exported (saved,
previewed or printed) is one DISCLOSURE event in the case's audit trail, its ``details`` saying
``"format": "court-summary-pdf"`` (hcdesk.export.service writes it). The summaries exported so
far are counted from those events; a sign-off recorded now is shown on the summaries exported
after it, so it certifies the next one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from hcdesk.casework.records import HistoryEntry
from hcdesk.models.enums import AuditOperation

# What the export service writes as the format of a court summary's DISCLOSURE event.
SUMMARY_FORMAT = "court-summary-pdf"


def is_summary_export(details: Mapping[str, Any] | None) -> bool:
    """Whether a DISCLOSURE event's details are those of a court summary export."""
    return (details or {}).get("format") == SUMMARY_FORMAT


def summaries_exported(history: Iterable[HistoryEntry]) -> int:
    """How many court summaries of the case have been exported (its DISCLOSURE events)."""
    return sum(
        1
        for event in history
        if event.operation == AuditOperation.DISCLOSURE and is_summary_export(event.details)
    )


def next_summary_version(history: Iterable[HistoryEntry]) -> int:
    """The version number of the court summary exported next, which a sign-off recorded now
    certifies: one more than the summaries exported so far (1 for the first)."""
    return summaries_exported(history) + 1
