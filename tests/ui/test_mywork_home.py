"""The My work home page and the case overview, with real stores, widgets and worker threads."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from uikit import WAIT_MS

from hcdesk.casework import duties, mywork
from hcdesk.casework.casefile import read_case_file
from hcdesk.casework.cases import new_case, record_wish
from hcdesk.models.case import Person, SupportAction, SupportPlan
from hcdesk.models.enums import ActionStatus, NeedArea, PersonRole, RecordType
from hcdesk.store.store import Store
from hcdesk.sync import state as sync_state
from hcdesk.ui.mywork import MyWorkWidget
from hcdesk.ui.overview import CaseOverviewWidget
from hcdesk.ui.tasks import TaskRunner

TODAY = dt.date(2026, 11, 25)
OFFICER = "PC Test"


def case_with_work(store: Store, *, due: dt.date, wishes: tuple[str, ...] = ()) -> str:
    """A case of OFFICER's with a victim, one open action due on ``due`` and the wishes given
    (oldest first)."""
    with store.transaction() as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Bedworth", liaison_officer=OFFICER,
                        team="Nuneaton & Bedworth SNT")
        s.flush()
        s.add(Person(case_id=case.id, role=PersonRole.VICTIM, name="Amira Haddad"))
        plan = SupportPlan(case_id=case.id)
        s.add(plan)
        s.flush()
        s.add(SupportAction(case_id=case.id, plan_id=plan.id, need_area=NeedArea.HEALTH,
                            action="Refer to Victim Support for counselling", owner=OFFICER,
                            due_date=due, status=ActionStatus.OPEN, order_key="a0"))
        for i, words in enumerate(wishes):
            record_wish(s, case, victim_words=words, recorded_by=OFFICER,
                        recorded_at=dt.datetime(2026, 11, 1 + i, 10, tzinfo=dt.UTC))
        return case.id


def duties_of(store: Store, case_id: str) -> list[duties.Duty]:
    with store.session() as s:
        return duties.case_duties(read_case_file(s, case_id, consult=False), TODAY)


def filled_widget(qtbot: Any, store: Store, runner: TaskRunner) -> MyWorkWidget:
    widget = MyWorkWidget(store, runner, OFFICER, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    with qtbot.waitSignal(widget.filled, timeout=WAIT_MS):
        widget.refresh()
    return widget


def test_filled_in_the_background_and_enter_opens_the_case_at_its_section(
    qtbot: Any, store: Store, runner: TaskRunner, gui_thread_watch: Any
) -> None:
    late = case_with_work(store, due=TODAY - dt.timedelta(days=2))
    today = case_with_work(store, due=TODAY)
    gui_thread_watch.active = True
    widget = filled_widget(qtbot, store, runner)
    gui_thread_watch.active = False
    assert gui_thread_watch.done == []  # no SQL on the GUI thread

    overdue, due = widget.groups[mywork.OVERDUE], widget.groups[mywork.DUE_TODAY]
    assert overdue.heading.text() == "Overdue (1)" and due.heading.text() == "Due today (1)"
    model = overdue.table.model()
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    (duty,) = [d for d in duties_of(store, late) if d.kind == duties.DutyKind.ACTION_DUE]
    assert row[0].startswith("L-") and row[1] == duty.what
    assert row[2] == duties.LABELS[duties.DutyKind.ACTION_DUE]
    assert row[3] == (TODAY - dt.timedelta(days=2)).strftime("%d/%m/%Y")
    assert row[4] == "Overdue by 2 days"  # in words, not a colour

    due.table.setFocus()
    with qtbot.waitSignal(widget.open_requested, timeout=WAIT_MS) as opened:
        qtbot.keyClick(due.table, Qt.Key.Key_Return)
    assert opened.args == [today, "needs"]
    # Tab leaves the group for the next one, and Enter there opens that row's case.
    qtbot.keyClick(due.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is overdue.table
    with qtbot.waitSignal(widget.open_requested, timeout=WAIT_MS) as opened:
        qtbot.keyClick(overdue.table, Qt.Key.Key_Enter)
    assert opened.args == [late, "needs"]


def test_empty_groups_say_so(qtbot: Any, store: Store, runner: TaskRunner) -> None:
    widget = filled_widget(qtbot, store, runner)
    group = widget.groups[mywork.DUE_TODAY]
    assert group.heading.text() == "Due today (0)"
    assert not group.table.isVisible()
    assert group.empty.isVisible() and group.empty.text() == "Nothing is due today."
    assert not widget.team.isEnabled()  # not a supervisor: no team view offered
    assert "as of 25/11/2026" in widget.status.text()


def sign_in_as(store: Store, role: str, teams: list[str]) -> None:
    """What a sign-in to the central store leaves in the store (the user it described)."""
    user = {
        "id": "u1",
        "username": "sgt",
        "role": role,
        "teams": [{"id": f"t{i}", "name": t} for i, t in enumerate(teams)],
    }
    with store.engine_or_raise().begin() as conn:
        conn.exec_driver_sql(
            "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)",
            (sync_state.USER, json.dumps(user)),
        )


def test_my_team_for_a_supervisor(qtbot: Any, store: Store, runner: TaskRunner) -> None:
    case_with_work(store, due=TODAY)
    sign_in_as(store, "caseworker", ["Nuneaton & Bedworth SNT"])
    widget = MyWorkWidget(store, runner, "Sgt Sup", today=lambda: TODAY)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.filled, timeout=WAIT_MS):
        widget.show()  # counts when shown
    assert widget.groups[mywork.DUE_TODAY].heading.text() == "Due today (0)"
    assert not widget.team.isEnabled()  # a caseworker has no team view

    sign_in_as(store, "supervisor", ["Nuneaton & Bedworth SNT"])
    with qtbot.waitSignal(widget.filled, timeout=WAIT_MS):
        widget.refresh()
    assert widget.team.isEnabled()
    with qtbot.waitSignal(widget.filled, timeout=WAIT_MS) as filled:
        widget.team.click()
    assert filled.args[0].teams == ("Nuneaton & Bedworth SNT",)
    assert widget.groups[mywork.DUE_TODAY].heading.text() == "Due today (1)"


def test_overview_shows_the_latest_wish_in_the_victims_words_and_the_next_duty(
    qtbot: Any, store: Store
) -> None:
    case_id = case_with_work(
        store,
        due=TODAY + dt.timedelta(days=3),
        wishes=(
            "I want him charged.",
            "I just want it to stop. I don't want to go to court <b>any more</b>.",
        ),
    )
    with store.session() as s:
        view = read_case_file(s, case_id, consult=False)
    widget = CaseOverviewWidget()
    qtbot.addWidget(widget)
    widget.show_view(view, TODAY)
    widget.show()
    words = widget.wish_words.text()
    assert "I don't want to go to court <b>any more</b>." in words  # as said, not as markup
    assert "charged" not in words
    assert widget.wish_words.textFormat() == Qt.TextFormat.PlainText
    assert widget.victim.text() == "Amira Haddad"
    duty = widget.duty.text()
    (action,) = [d for d in duties_of(store, case_id) if d.kind == duties.DutyKind.ACTION_DUE]
    assert action.what in duty
    assert (TODAY + dt.timedelta(days=3)).strftime("%d/%m/%Y") in duty and "Due in 3 days" in duty
    with qtbot.waitSignal(widget.open_requested, timeout=WAIT_MS) as opened:
        widget.duty_button.click()
    assert opened.args == ["needs"]
    # The timeline, newest first: the latest wish before the first.
    rows = [widget.timeline.topLevelItem(i) for i in range(widget.timeline.topLevelItemCount())]
    wishes = [r.text(2) for r in rows if r is not None and r.text(1) == "Wishes"]
    assert len(wishes) == 2 and "stop" in wishes[0] and "charged" in wishes[1]


def test_made_for_a_main_window(qtbot: Any, store: Store, runner: TaskRunner) -> None:
    from uikit import open_main

    from hcdesk.ui.mywork import make_home

    window = open_main(qtbot, store, runner, today=lambda: TODAY)
    home = make_home(window)
    qtbot.addWidget(home)
    assert (home.store, home.runner, home.officer) == (store, runner, "PC Test")
    assert home.today() == TODAY
