"""The pre-flight check between Ctrl+P and the court-summary dialog: run on a worker; findings
that must be fixed send the officer back to the case; the others stand once acknowledged with a
reason (recorded on the case in one transaction), and then the summary dialog opens. Back to the
case records nothing. The rules are registered here (hcdesk.casework.preflight.CHECKS) in place
of the real ones, which are put back after each test."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from uikit import WAIT_MS, open_case, save_and_wait, show_section

from hcdesk.casework import preflight
from hcdesk.casework.casefile import CaseSnapshot
from hcdesk.casework.cases import new_case
from hcdesk.casework.preflight import Finding
from hcdesk.models.case import PreflightAcknowledgement
from hcdesk.models.enums import RecordType
from hcdesk.store.store import Store
from hcdesk.ui.mainwindow import MainWindow
from hcdesk.ui.preflight_dialog import PreflightDialog
from hcdesk.ui.summary_dialog import SummaryDialog
from hcdesk.ui.tasks import TaskRunner

UNSIGNED = "Nobody has signed off the court summary; the officer in the case signs it off first."
NO_PLACE = "The place of the incident is not recorded; record where it happened."


def unsigned(snap: CaseSnapshot) -> Iterable[Finding]:
    if not snap.records["summary_signoff"]:
        yield Finding("test-unsigned", UNSIGNED)


def no_place(snap: CaseSnapshot) -> Iterable[Finding]:
    if not snap.case.get("place"):
        yield Finding("test-no-place", NO_PLACE, blocking=True)


@pytest.fixture
def rules() -> Iterator[Callable[..., None]]:
    """Pre-flight rules for this test only, instead of the real ones (put back after)."""
    saved = list(preflight.CHECKS)
    preflight.CHECKS.clear()

    def register(*fns: preflight.Check) -> None:
        preflight.CHECKS.extend(fns)

    yield register
    preflight.CHECKS[:] = saved


def a_case(store: Store, place: str | None = "Nuneaton") -> str:
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place=place, summary="Shouted at on a bus")
        s.flush()
        return case.id


def acknowledgements(store: Store, case_id: str) -> list[PreflightAcknowledgement]:
    with store.session() as s:
        found = list(
            s.scalars(
                sa.select(PreflightAcknowledgement).where(
                    PreflightAcknowledgement.case_id == case_id
                )
            )
        )
        for row in found:
            s.expunge(row)
        return found


def press_print(qtbot: Any, window: MainWindow) -> PreflightDialog | None:
    """Ctrl+P; wait for the check to come back: its dialog, or None if the summary opened."""
    window.print_action.trigger()
    qtbot.waitUntil(
        lambda: window.preflight.dialog is not None
        or (isinstance(window.summary_dialog, SummaryDialog) and window.summary_dialog.isVisible()),
        timeout=WAIT_MS,
    )
    dialog = window.preflight.dialog
    if dialog is not None:
        qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    return dialog


def listed(dialog: PreflightDialog) -> list[str]:
    return [dialog.list.item(i).text() for i in range(dialog.list.count())]


def test_a_finding_acknowledged_with_a_reason_is_recorded_and_the_summary_opens(
    qtbot: Any, store: Store, runner: TaskRunner, rules: Any, gui_thread_watch: Any
) -> None:
    rules(unsigned)
    case_id = a_case(store)
    window = open_case(qtbot, store, runner, case_id)
    gui_thread_watch.active = True
    dialog = press_print(qtbot, window)
    gui_thread_watch.active = False
    assert gui_thread_watch.done == []  # the check ran on a worker
    assert isinstance(dialog, PreflightDialog)
    assert window.summary_dialog is None
    assert listed(dialog) == [f"To acknowledge: {UNSIGNED}"]
    assert dialog.acknowledge_button.isVisible() and dialog.reason.isVisible()

    # No reason: refused by casework, said in the dialog, nothing recorded.
    qtbot.mouseClick(dialog.acknowledge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.error.isVisible(), timeout=WAIT_MS)
    assert dialog.error.text().startswith("Say why these findings can stand")
    assert dialog.isVisible() and window.summary_dialog is None
    assert acknowledgements(store, case_id) == []

    qtbot.keyClicks(dialog.reason, "Signed on paper at the station; scanned copy on file")
    qtbot.mouseClick(dialog.acknowledge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.summary_dialog, SummaryDialog), timeout=WAIT_MS)
    assert window.summary_dialog.case_id == case_id
    assert window.preflight.dialog is None
    (ack,) = acknowledgements(store, case_id)
    assert (ack.check, ack.finding) == ("test-unsigned", UNSIGNED)
    assert ack.acknowledged_by == store.officer
    assert ack.reason == "Signed on paper at the station; scanned copy on file"
    assert not window.casefile.has_changes()

    # Acknowledged, worded as it was: not asked again.
    window.summary_dialog.close()
    assert press_print(qtbot, window) is None
    assert window.summary_dialog.isVisible()
    assert len(acknowledgements(store, case_id)) == 1


def test_a_finding_that_must_be_fixed_sends_the_officer_back_to_the_case(
    qtbot: Any, store: Store, runner: TaskRunner, rules: Any
) -> None:
    rules(unsigned, no_place)
    case_id = a_case(store, place=None)
    window = open_case(qtbot, store, runner, case_id)
    dialog = press_print(qtbot, window)
    assert isinstance(dialog, PreflightDialog)
    assert listed(dialog) == [f"Must be fixed: {NO_PLACE}", f"To acknowledge: {UNSIGNED}"]
    must_fix = dialog.list.item(0)
    assert must_fix.font().bold()
    assert not dialog.acknowledge_button.isVisible() and not dialog.reason.isVisible()
    assert "must be fixed" in dialog.advice.text()
    assert dialog.back_button.isVisible() and dialog.back_button.isDefault()
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.preflight.dialog is None, timeout=WAIT_MS)
    assert window.summary_dialog is None
    assert acknowledgements(store, case_id) == []

    # Fixed on the case and saved: only the finding that may stand is left.
    form = window.casefile.case_form.form
    show_section(window.casefile, window.casefile.case_form)
    place = form.editors["place"]
    assert isinstance(place, QLineEdit)
    qtbot.keyClicks(place, "Nuneaton bus station")
    save_and_wait(qtbot, window)
    dialog = press_print(qtbot, window)
    assert isinstance(dialog, PreflightDialog)
    assert listed(dialog) == [f"To acknowledge: {UNSIGNED}"]
    dialog.reject()


def test_back_to_the_case_records_nothing_and_opens_nothing(
    qtbot: Any, store: Store, runner: TaskRunner, rules: Any
) -> None:
    rules(unsigned)
    case_id = a_case(store)
    window = open_case(qtbot, store, runner, case_id)
    dialog = press_print(qtbot, window)
    assert isinstance(dialog, PreflightDialog)
    qtbot.keyClicks(dialog.reason, "Typed, then thought better of it")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.preflight.dialog is None, timeout=WAIT_MS)
    assert window.summary_dialog is None
    assert acknowledgements(store, case_id) == []
    assert not window.casefile.has_changes()


def test_the_findings_leave_the_screen_when_the_window_hides_for_a_lock(
    qtbot: Any, store: Store, runner: TaskRunner, rules: Any
) -> None:
    rules(unsigned)
    case_id = a_case(store)
    window = open_case(qtbot, store, runner, case_id)
    dialog = press_print(qtbot, window)
    assert isinstance(dialog, PreflightDialog)
    window.hide()
    qtbot.waitUntil(lambda: window.preflight.dialog is None, timeout=WAIT_MS)
    assert not dialog.isVisible()
    assert window.summary_dialog is None and acknowledgements(store, case_id) == []


def test_a_case_with_unsaved_changes_is_not_checked(
    qtbot: Any, store: Store, runner: TaskRunner, rules: Any
) -> None:
    rules(unsigned)
    case_id = a_case(store)
    window = open_case(qtbot, store, runner, case_id)
    show_section(window.casefile, window.casefile.case_form)
    place = window.casefile.case_form.form.editors["place"]
    assert isinstance(place, QLineEdit)
    qtbot.keyClicks(place, " town centre")
    window.print_action.trigger()
    assert window.statusBar().currentMessage().startswith("Save this case first")
    assert window.preflight.dialog is None and not window.preflight.checking
