"""What is overdue: one rule, asked by the case file, the case list and reports alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hcdesk.casework.caselist import CaseRow
from hcdesk.casework.overdue import action_overdue, case_overdue, is_overdue
from hcdesk.models.case import SupportAction
from hcdesk.models.enums import ActionStatus, NeedArea

TODAY = dt.date(2026, 11, 25)
YESTERDAY = TODAY - dt.timedelta(days=1)


def test_an_open_action_past_its_due_date_is_overdue() -> None:
    assert action_overdue(ActionStatus.OPEN, YESTERDAY, TODAY)


def test_an_action_due_today_is_not_yet_overdue() -> None:
    assert not action_overdue(ActionStatus.OPEN, TODAY, TODAY)


def test_an_action_without_a_due_date_is_never_overdue() -> None:
    assert not action_overdue(ActionStatus.OPEN, None, TODAY)


def test_a_done_or_declined_action_is_not_overdue() -> None:
    assert not action_overdue(ActionStatus.DONE, YESTERDAY, TODAY)
    assert not action_overdue(ActionStatus.DECLINED, YESTERDAY, TODAY)


def test_a_deleted_action_is_not_overdue() -> None:
    action = SupportAction(need_area=NeedArea.HOUSING, action="x", owner="y", due_date=YESTERDAY)
    action.status = ActionStatus.OPEN
    action.deleted = False
    assert is_overdue(action, TODAY)
    action.deleted = True
    assert not is_overdue(action, TODAY)


def test_any_action_with_a_status_and_a_due_date_is_asked_the_same_way() -> None:
    @dataclass(frozen=True)
    class Shown:
        status: ActionStatus
        due_date: dt.date | None

    assert is_overdue(Shown(ActionStatus.OPEN, YESTERDAY), TODAY)
    assert not is_overdue(Shown(ActionStatus.DONE, YESTERDAY), TODAY)


def test_a_case_is_overdue_when_its_review_or_an_open_action_is_overdue() -> None:
    assert case_overdue(YESTERDAY, None, TODAY)
    assert case_overdue(None, YESTERDAY, TODAY)
    assert not case_overdue(TODAY, TODAY, TODAY)
    assert not case_overdue(None, None, TODAY)


def test_the_case_list_asks_the_same_rule() -> None:
    def row(review: dt.date | None, due: dt.date | None) -> CaseRow:
        return CaseRow("id", "L-1", "HATE_CRIME", (), "", "", "OPEN", "", None, review, due, 1)

    for review in (None, YESTERDAY, TODAY):
        for due in (None, YESTERDAY, TODAY):
            assert row(review, due).overdue(TODAY) == case_overdue(review, due, TODAY)
