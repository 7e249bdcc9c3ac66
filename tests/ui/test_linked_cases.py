"""The Overview's "Linked cases": the other cases sharing the victim, a suspect or the place are
listed with the reason, looked up off the screen's thread; the victim's date of birth stays out
of the reason until the details are revealed; Enter on a link opens that case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from uikit import WAIT_MS, open_case, save_and_wait

from hcdesk.casework import overview as ov
from hcdesk.casework.cases import new_case
from hcdesk.models import Person
from hcdesk.models.enums import PersonRole, RecordType
from hcdesk.store.store import Store
from hcdesk.ui.mainwindow import MainWindow
from hcdesk.ui.tasks import TaskRunner

BORN = dt.date(1990, 4, 1)


def _plant(store: Store, name: str, born: dt.date | None, *, urn: str | None = None) -> str:
    with store.transaction(reason="test set-up") as s:
        case = new_case(
            s, RecordType.HATE_CRIME, urn=urn, place="Bus station, Rugby" if urn else "Rugby"
        )
        case.incident_date = dt.date(2025, 3, 2)
        s.flush()
        s.add(Person(case_id=case.id, role=PersonRole.VICTIM, name=name, date_of_birth=born))
        return case.id


@pytest.fixture
def pair(store: Store) -> tuple[str, str]:
    me = _plant(store, "Leyla Demir", BORN)
    other = _plant(store, "leyla DEMIR", BORN, urn="23WK1202726")
    _plant(store, "Someone Else", BORN)
    return me, other


def _links_shown(window: MainWindow) -> list[list[str]]:
    tree = window.casefile.overview.link_list
    if tree.isHidden():
        return []
    return [
        [tree.topLevelItem(i).text(c) for c in range(3)] for i in range(tree.topLevelItemCount())
    ]


def test_the_overview_lists_the_linked_case_and_enter_opens_it(
    qtbot: Any, store: Store, runner: TaskRunner, pair: tuple[str, str]
) -> None:
    me, other = pair
    window = open_case(qtbot, store, runner, me)
    overview = window.casefile.overview
    qtbot.waitUntil(lambda: bool(_links_shown(window)), timeout=WAIT_MS)
    assert _links_shown(window) == [
        ["23WK1202726", "Hate crime, 02/03/2025", "Same victim: Leyla Demir, same date of birth"]
    ]
    assert overview.links_note.isVisibleTo(window) and not overview.links_status.isVisibleTo(window)
    # Revealed, the reason gives the date of birth (masked again when another case opens).
    window.casefile.reveal()
    assert _links_shown(window)[0][2] == "Same victim: Leyla Demir, born 01/04/1990"

    tree = overview.link_list
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(0))
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.case_id == other, timeout=WAIT_MS)
    # The case opened shows its own links: back to the first, in the words of this one.
    qtbot.waitUntil(lambda: bool(_links_shown(window)), timeout=WAIT_MS)
    assert _links_shown(window) == [
        [_ref(store, me), "Hate crime, 02/03/2025", "Same victim: leyla DEMIR, same date of birth"]
    ]


def test_a_double_click_opens_the_linked_case(
    qtbot: Any, store: Store, runner: TaskRunner, pair: tuple[str, str]
) -> None:
    me, other = pair
    window = open_case(qtbot, store, runner, me)
    qtbot.waitUntil(lambda: bool(_links_shown(window)), timeout=WAIT_MS)
    tree = window.casefile.overview.link_list
    at = tree.visualItemRect(tree.topLevelItem(0)).center()
    # A double-click as the mouse makes it: the first press and release, then the second.
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert window.case_id == me  # one click only chooses the line
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.waitUntil(lambda: window.case_id == other, timeout=WAIT_MS)


def test_a_case_with_no_link_says_so_and_a_save_looks_again(
    qtbot: Any, store: Store, runner: TaskRunner, pair: tuple[str, str]
) -> None:
    alone = _plant(store, "Amira Haddad", BORN)
    window = open_case(qtbot, store, runner, alone)
    status = window.casefile.overview.links_status
    qtbot.waitUntil(lambda: status.text() == ov.NO_LINKS, timeout=WAIT_MS)
    assert _links_shown(window) == []
    # The victim's name corrected and saved: the case now shares the victim of the pair.
    name = window.casefile.victim_form.form.editors["name"]
    name.selectAll()
    qtbot.keyClicks(name, "Leyla Demir")
    save_and_wait(qtbot, window)
    qtbot.waitUntil(lambda: len(_links_shown(window)) == 2, timeout=WAIT_MS)
    assert {row[0] for row in _links_shown(window)} == {"23WK1202726", _ref(store, pair[0])}


def _ref(store: Store, case_id: str) -> str:
    from hcdesk.models import CaseFile

    with store.session() as s:
        case = s.get(CaseFile, case_id)
        assert case is not None
        return case.reference
