"""The Victims' Code duty panel of the case file: the victim's statuses with where each comes
from; the duties with their deadline, status in words and what was done; Victim told…, Record
breach…, Add a status… and Withdraw… recorded on the write worker, refusals said in the dialog,
the case shown again as stored; nothing recorded while there are unsaved changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from uikit import WAIT_MS, open_case, save_and_wait, show_section

from hcdesk.casework import duties, workdays
from hcdesk.casework.casefile import read_case_file
from hcdesk.casework.cases import new_case
from hcdesk.casework.fields import format_date
from hcdesk.models.case import DutyRecord, EnhancedStatusClaim, Person, VictimsCodeEvent
from hcdesk.models.enums import PersonRole, RecordType, VictimsCodeEventKind, VictimsCodeStatus
from hcdesk.store.store import Store
from hcdesk.ui import casefile_duties as panel_module
from hcdesk.ui.casefile_duties import DutyPanel, DutyWrite, StatusDialog
from hcdesk.ui.mainwindow import MainWindow
from hcdesk.ui.tasks import TaskRunner

TODAY = dt.date.today()  # a status an officer adds counts from the day it is recorded: today
ARREST_WHAT = f"Tell the victim of the arrest (arrested {format_date(TODAY)})"


def make_case(
    store: Store,
    record_type: RecordType = RecordType.HATE_CRIME,
    born: dt.date | None = None,
    events: tuple[tuple[VictimsCodeEventKind, dt.date], ...] = (),
) -> str:
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, record_type, place="Rugby", summary="Shouted at on a bus")
        case.reported_date = TODAY
        s.flush()
        s.add(
            Person(case_id=case.id, role=PersonRole.VICTIM, name="Leyla Demir", date_of_birth=born)
        )
        for kind, day in events:
            s.add(VictimsCodeEvent(case_id=case.id, right_number=6, event=kind, event_date=day))
        return case.id


def opened(
    qtbot: Any, store: Store, runner: TaskRunner, case_id: str
) -> tuple[MainWindow, DutyPanel]:
    window = open_case(qtbot, store, runner, case_id)
    panel = window.casefile.duties
    show_section(window.casefile, panel)
    return window, panel


def row_of(panel: DutyPanel, what: str) -> int:
    for i, duty in enumerate(panel.duty_rows):
        if duty.what == what:
            return i
    raise LookupError(f"{what!r} not in {[d.what for d in panel.duty_rows]}")


def cells(panel: DutyPanel, row: int) -> list[str]:
    return [panel.table.item(row, j).text() for j in range(panel.table.columnCount())]


def answered(qtbot: Any, dialog: Any) -> None:
    """Wait for the write the dialog sent to be answered (done: closed; refused: the line)."""
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)


def stored(store: Store, case_id: str) -> list[duties.Duty]:
    """The duties as the store holds them, read independently of the window."""
    with store.session() as s:
        return duties.case_duties(read_case_file(s, case_id, consult=False), TODAY)


def rows(store: Store, model: Any) -> list[Any]:
    with store.session() as s:
        found = list(s.scalars(sa.select(model)))
        s.expunge_all()
        return found


# -- what is shown -------------------------------------------------------------------------------
def test_the_statuses_are_shown_with_where_they_come_from(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    child = make_case(store, born=TODAY.replace(year=TODAY.year - 15))
    plain = make_case(store, RecordType.NON_CRIME_HATE_INCIDENT)
    window, panel = opened(qtbot, store, runner, child)
    text = panel.status_text.text()
    assert "Enhanced: victim of the most serious crime" in text
    assert "given by the law: hate crime" in text
    assert "Enhanced: vulnerable or intimidated" in text
    assert f"under 18 on {format_date(TODAY)}" in text
    assert "Standard rights" not in text
    window.request_open(plain)
    qtbot.waitUntil(lambda: window.case_id == plain, timeout=WAIT_MS)
    assert "Standard rights" in panel.status_text.text()
    assert not panel.withdraw_button.isEnabled()  # nothing to withdraw
    assert panel.add_status_button.isEnabled()


def test_a_status_held_for_two_reasons_is_shown_once_with_both(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    # A hate crime victim whose record also says "most serious crime": one status, two sources.
    case_id = make_case(store)
    with store.transaction(reason="test set-up") as s:
        victim = s.scalars(sa.select(Person).where(Person.case_id == case_id)).one()
        victim.victims_code_statuses = [VictimsCodeStatus.ENHANCED_MOST_SERIOUS_CRIME]
    window, panel = opened(qtbot, store, runner, case_id)
    text = panel.status_text.text()
    assert text.count("Enhanced: victim of the most serious crime") == 1, text
    # html.escape'd rich text: the apostrophe as &#x27;
    assert "given by the law: hate crime; set on the victim&#x27;s record" in text, text
    overview = window.casefile.overview.statuses.text()
    assert overview.count("victim of the most serious crime") == 1, overview


def test_each_duty_shows_its_deadline_and_status_in_words(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    long_ago = TODAY - dt.timedelta(days=21)
    case_id = make_case(
        store,
        RecordType.NON_CRIME_HATE_INCIDENT,
        events=((VictimsCodeEventKind.SUSPECT_ARRESTED, long_ago),),
    )
    _window, panel = opened(qtbot, store, runner, case_id)
    (duty,) = panel.duty_rows
    what, due, status, done = cells(panel, 0)
    assert what == duty.what and due == format_date(duty.due)  # dd/mm/yyyy, the one format
    assert status == "Overdue" and done == ""  # the word, not only a colour
    assert "1 overdue" in panel.notice.text()
    assert panel.table.item(0, 2).font().bold()


# -- adding and withdrawing a status ---------------------------------------------------------------
def test_adding_a_status_makes_the_updates_due_in_1_working_day(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    case_id = make_case(
        store,
        RecordType.NON_CRIME_HATE_INCIDENT,
        events=((VictimsCodeEventKind.SUSPECT_ARRESTED, TODAY),),
    )
    window, panel = opened(qtbot, store, runner, case_id)
    row = row_of(panel, ARREST_WHAT)
    assert cells(panel, row)[1] == format_date(workdays.add_working_days(TODAY, 5))
    history_before = window.casefile.history.rowCount()

    qtbot.mouseClick(panel.add_status_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, StatusDialog) and dialog.isVisible()
    labels_listed = [dialog.status.itemText(i) for i in range(dialog.status.count())]
    assert "Enhanced: persistently targeted" in labels_listed
    assert "Standard" not in labels_listed
    dialog.status.setCurrentIndex(labels_listed.index("Enhanced: persistently targeted"))
    # The reason is required: casework says so, in the dialog.
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    answered(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "Give the reason for the status" in dialog.error.text()
    assert rows(store, EnhancedStatusClaim) == []

    qtbot.keyClicks(dialog.reason, "Third incident at the shop since January")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT_MS)

    (claim,) = rows(store, EnhancedStatusClaim)
    assert claim.status == VictimsCodeStatus.ENHANCED_PERSISTENTLY_TARGETED
    assert claim.recorded_by == "PC Test" and not claim.withdrawn
    text = panel.status_text.text()
    assert "Enhanced: persistently targeted" in text
    assert "added by PC Test on" in text and "Third incident at the shop since January" in text
    row = row_of(panel, ARREST_WHAT)
    one_day = format_date(workdays.add_working_days(TODAY, 1))
    assert cells(panel, row)[1] == one_day
    assert "Recorded: Enhanced: persistently targeted added." in panel.message.text()
    # The case file shows the case as stored: the history and the Overview too.
    assert window.casefile.history.rowCount() > history_before
    overview = " ".join(w.text() for w in window.casefile.overview.findChildren(QLabel))
    assert "persistently targeted" in overview.lower()
    assert {d.due for d in stored(store, case_id) if d.what == ARREST_WHAT} == {
        workdays.add_working_days(TODAY, 1)
    }


def test_a_status_the_law_gives_cannot_be_withdrawn_and_says_why(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    case_id = make_case(store)  # a hate crime
    _window, panel = opened(qtbot, store, runner, case_id)
    assert panel.withdraw_button.isEnabled()
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, StatusDialog)
    assert dialog.status.currentText().startswith("Enhanced: victim of the most serious crime")
    why = (
        "Enhanced: victim of the most serious crime comes from the law (hate crime) and cannot "
        "be withdrawn; correct the case itself if that is wrong."
    )
    assert dialog.why_not.isVisible() and dialog.why_not.text() == why
    assert not dialog.ok.isEnabled()
    # Sent all the same (a key pressed at the wrong moment): casework refuses it, in the dialog.
    dialog.reason.setPlainText("Not a hate crime after all")
    dialog.submit()
    answered(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.text() == why
    assert "unexpected" not in dialog.error.text().lower()
    assert rows(store, EnhancedStatusClaim) == []
    dialog.reject()
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT_MS)


def test_a_status_an_officer_gave_is_withdrawn_with_its_reason(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    case_id = make_case(store, RecordType.NON_CRIME_HATE_INCIDENT)
    duties.add_status(store, case_id, "ENHANCED_PERSISTENTLY_TARGETED", "Third time", "PC Lee")
    _window, panel = opened(qtbot, store, runner, case_id)
    assert "added by PC Lee" in panel.status_text.text()
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, StatusDialog) and dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.reason, "Recorded on the wrong case")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT_MS)
    assert "Standard rights" in panel.status_text.text()
    assert [c.withdrawn for c in rows(store, EnhancedStatusClaim)] == [False, True]


# -- recording a duty -----------------------------------------------------------------------------
def test_victim_told_marks_the_duty_met_in_the_store(
    qtbot: Any, store: Store, runner: TaskRunner, gui_thread_watch: Any
) -> None:
    case_id = make_case(store, events=((VictimsCodeEventKind.SUSPECT_ARRESTED, TODAY),))
    window, panel = opened(qtbot, store, runner, case_id)
    row = row_of(panel, ARREST_WHAT)
    panel.table.setFocus()
    panel.table.selectRow(row)
    assert panel.told_button.isEnabled() and not panel.breach_button.isEnabled()
    QTest.keyClick(panel.table, Qt.Key.Key_Return)  # Enter on the duty: Victim told…
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.day.text() == format_date(TODAY)  # today unless changed
    # A day to come is refused, by casework, in the dialog.
    dialog.day.setText(format_date(TODAY + dt.timedelta(days=3)))
    dialog.submit()
    answered(qtbot, dialog)
    assert "still to come" in dialog.error.text() and dialog.isVisible()
    # A date that is not one is said at once.
    dialog.day.setText("31/02/2026")
    dialog.submit()
    assert "That date does not exist" in dialog.error.text()
    dialog.day.setText(format_date(TODAY))
    dialog.notes.setPlainText("Rang her; she was relieved")
    gui_thread_watch.active = True
    dialog.submit()
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT_MS)
    gui_thread_watch.active = False
    assert gui_thread_watch.done == []  # the write and the read were on the worker

    (record,) = rows(store, DutyRecord)
    assert record.victim_told_on == TODAY and record.notes == "Rang her; she was relieved"
    (duty,) = [d for d in stored(store, case_id) if d.what == ARREST_WHAT]
    assert duty.status is duties.DutyStatus.MET and duty.met_on == TODAY
    row = row_of(panel, ARREST_WHAT)
    assert cells(panel, row)[2:] == ["Met", f"Done {format_date(TODAY)}"]
    assert not panel.told_button.isEnabled()  # the same duty chosen again, and met
    assert panel.selected() is not None and panel.selected().what == ARREST_WHAT
    assert "Recorded: the victim was told on" in window.statusBar().currentMessage()


def test_a_breach_without_a_reason_is_refused(qtbot: Any, store: Store, runner: TaskRunner) -> None:
    long_ago = TODAY - dt.timedelta(days=21)
    case_id = make_case(store, events=((VictimsCodeEventKind.SUSPECT_ARRESTED, long_ago),))
    _window, panel = opened(qtbot, store, runner, case_id)
    what = f"Tell the victim of the arrest (arrested {format_date(long_ago)})"
    panel.table.selectRow(row_of(panel, what))
    assert panel.breach_button.isEnabled()
    qtbot.mouseClick(panel.breach_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.reason, "   ")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    answered(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text() == "Give the reason the deadline was missed; nothing was recorded."
    assert rows(store, DutyRecord) == []
    dialog.reason.setPlainText("Officer on leave; no cover arranged")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT_MS)
    (duty,) = [d for d in stored(store, case_id) if d.what == what]
    assert duty.status is duties.DutyStatus.BREACHED
    assert duty.breach_reason == "Officer on leave; no cover arranged"
    assert "Breach: Officer on leave" in cells(panel, row_of(panel, what))[3]


# -- unsaved work, new cases ----------------------------------------------------------------------
def test_nothing_is_recorded_over_unsaved_changes_and_they_are_kept(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    case_id = make_case(store, events=((VictimsCodeEventKind.SUSPECT_ARRESTED, TODAY),))
    window, panel = opened(qtbot, store, runner, case_id)
    panel.table.selectRow(row_of(panel, ARREST_WHAT))
    assert panel.told_button.isEnabled()
    place = window.casefile.case_form.form.editors["place"]
    place.end(False)
    qtbot.keyClicks(place, " town centre")
    qtbot.waitUntil(lambda: not panel.told_button.isEnabled(), timeout=WAIT_MS)
    assert not panel.add_status_button.isEnabled() and not panel.withdraw_button.isEnabled()
    assert panel.hint.isVisible() and panel.hint.text() == panel_module.SAVE_FIRST
    # Asked all the same (the answer arriving late, say): refused, and nothing is touched.
    answers: list[str] = []
    window.record_duty(
        DutyWrite(panel_module.TOLD, case_id, panel.selected().key, TODAY, refused=answers.append)
    )
    assert answers == [panel_module.SAVE_FIRST]
    assert rows(store, DutyRecord) == []
    assert place.text() == "Rugby town centre" and window.casefile.has_changes()
    # Saved: the panel can record again, and what was typed is in the store.
    save_and_wait(qtbot, window)
    assert panel.told_button.isEnabled() and panel.hint.text() != panel_module.SAVE_FIRST
    assert place.text() == "Rugby town centre"
    with store.session() as s:
        assert read_case_file(s, case_id, consult=False).case.place == "Rugby town centre"


def test_typing_while_a_write_runs_is_kept(qtbot: Any, store: Store, runner: TaskRunner) -> None:
    """The write is answered after the officer typed (a slow disk): the duties are shown as
    stored, the typing stays, unsaved, in its field."""
    case_id = make_case(store, events=((VictimsCodeEventKind.SUSPECT_ARRESTED, TODAY),))
    window, panel = opened(qtbot, store, runner, case_id)
    key = panel.duty_rows[row_of(panel, ARREST_WHAT)].key
    done: list[str] = []
    window.record_duty(DutyWrite(panel_module.TOLD, case_id, key, TODAY, done=done.append))
    place = window.casefile.case_form.form.editors["place"]
    place.setText("Rugby, by the station")  # before the answer is handled on this thread
    place.textEdited.emit(place.text())
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
    assert place.text() == "Rugby, by the station" and window.casefile.has_changes()
    row = row_of(panel, ARREST_WHAT)
    assert cells(panel, row)[2] == "Met"


def test_a_new_case_has_no_duties_yet(qtbot: Any, store: Store, runner: TaskRunner) -> None:
    from uikit import new_case_opened, open_main

    window = open_main(qtbot, store, runner)
    new_case_opened(qtbot, window)
    panel = window.casefile.duties
    show_section(window.casefile, panel)
    assert panel.notice.text() == panel_module.DRAFT
    assert panel.duty_rows == [] and not panel.table.isVisible()
    for button in (
        panel.add_status_button,
        panel.withdraw_button,
        panel.told_button,
        panel.breach_button,
    ):
        assert not button.isEnabled()


@pytest.mark.parametrize("action", [panel_module.ADD_STATUS, panel_module.TOLD])
def test_a_write_for_a_case_no_longer_open_is_refused(
    qtbot: Any, store: Store, runner: TaskRunner, action: str
) -> None:
    case_id = make_case(store)
    window, _panel = opened(qtbot, store, runner, case_id)
    answers: list[str] = []
    window.record_duty(DutyWrite(action, "another", "x", TODAY, refused=answers.append))
    assert answers and "nothing was recorded" in answers[0]
    QApplication.processEvents()


def test_alt_t_lands_on_the_duties_and_enter_records_one(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    case_id = make_case(store, events=((VictimsCodeEventKind.SUSPECT_ARRESTED, TODAY),))
    window = open_case(qtbot, store, runner, case_id)
    panel = window.casefile.duties
    window.activateWindow()
    window.casefile.tabs.setCurrentIndex(0)
    window.casefile.tabs.widget(0).setFocus()
    QTest.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.table, timeout=WAIT_MS)
    assert panel.selected() is not None and panel.selected().what == ARREST_WHAT
    QTest.keyClick(panel.table, Qt.Key.Key_Return)
    dialog = panel.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.day, timeout=WAIT_MS)
    QTest.keyClick(dialog.day, Qt.Key.Key_Return)  # today, as it is offered
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT_MS)
    assert panel.message.text().startswith("Recorded"), panel.message.text()
    assert [d.status for d in stored(store, case_id) if d.what == ARREST_WHAT] == [
        duties.DutyStatus.MET
    ]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.table, timeout=WAIT_MS)


def test_a_voided_case_has_no_duties_and_nothing_to_record(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    from hcdesk.casework.cases import void_case

    case_id = make_case(store, events=((VictimsCodeEventKind.SUSPECT_ARRESTED, TODAY),))
    with store.transaction(reason="test set-up") as s:
        void_case(s, case_id, "opened twice by mistake", by="PC Test")
    _window, panel = opened(qtbot, store, runner, case_id)
    assert panel.notice.text() == panel_module.VOIDED and panel.duty_rows == []
    assert not panel.add_status_button.isEnabled() and not panel.withdraw_button.isEnabled()


def test_add_a_status_offers_first_one_the_victim_does_not_have(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    case_id = make_case(store)  # a hate crime: the most serious crime already
    _window, panel = opened(qtbot, store, runner, case_id)
    qtbot.mouseClick(panel.add_status_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, StatusDialog)
    assert dialog.status.currentText() == "Enhanced: persistently targeted"
    assert dialog.ok.isEnabled() and not dialog.why_not.isVisible()
    dialog.status.setCurrentIndex(
        dialog.status.findText("Enhanced: victim of the most serious crime")
    )
    assert not dialog.ok.isEnabled() and "already" in dialog.why_not.text()
    dialog.reject()
