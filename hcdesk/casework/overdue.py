"""What is overdue: one rule for a support action, and for a case, wherever it is asked.

An action is overdue when it is still open and its due date has passed (a due date of today is
not yet overdue). A case is overdue when its next review date has passed, or when one of its
open actions is overdue. The case list's index keeps each case's earliest open due date
(hcdesk.store.caseindex), so the case rule reads that one date for all of its actions.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from hcdesk.models.enums import ActionStatus


class Action(Protocol):
    """A support action as the store holds it, or as the case file shows it."""

    @property
    def status(self) -> ActionStatus: ...

    @property
    def due_date(self) -> dt.date | None: ...


def is_past(day: dt.date | None, today: dt.date) -> bool:
    """Whether a date is set and before ``today``."""
    return day is not None and day < today


def action_overdue(status: ActionStatus, due_date: dt.date | None, today: dt.date) -> bool:
    """An open action whose due date has passed."""
    return status == ActionStatus.OPEN and is_past(due_date, today)


def is_overdue(action: Action, today: dt.date) -> bool:
    """:func:`action_overdue` for an action; a deleted one is never overdue."""
    if getattr(action, "deleted", False):
        return False
    return action_overdue(action.status, action.due_date, today)


def case_overdue(
    next_review_date: dt.date | None, earliest_open_due: dt.date | None, today: dt.date
) -> bool:
    """A case whose review is overdue, or whose earliest open action is overdue."""
    return is_past(next_review_date, today) or action_overdue(
        ActionStatus.OPEN, earliest_open_due, today
    )
