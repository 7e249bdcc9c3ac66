"""A new case is a draft until its first save with its required fields; a mistaken case is
voided with a reason; red marks show at the first save; a masked field says why it ignores
typing; a case opens at a named section; the home view comes first."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt, Signal
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from shellkit import focused, key, seed_cases, tab_until, type_text
from uikit import WAIT_MS, open_main

from hcdesk.casework.cases import REQUIRED_FOR_NEW_CASE
from hcdesk.models.audit import AuditEvent
from hcdesk.models.case import CaseFile, Person
from hcdesk.models.enums import AuditOperation, PersonRole
from hcdesk.models.sync import Outbox
from hcdesk.store.store import Store
from hcdesk.ui.caselist_panel import VOIDED
from hcdesk.ui.mainwindow import MainWindow
from hcdesk.ui.tasks import TaskRunner
from hcdesk.ui.void_dialog import VoidDialog

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def window_with(qtbot: Any, store: Store, runner: TaskRunner, cases: int) -> MainWindow:
    seed_cases(store, cases)
    window = open_main(qtbot, store, runner)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.model.total == cases, timeout=WAIT_MS)
    return window


def stored(store: Store) -> list[CaseFile]:
    with store.session() as s:
        found = list(s.scalars(sa.select(CaseFile)))
        for c in found:
            s.expunge(c)
        return found


def outbox_size(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(Outbox)) or 0)


def test_ctrl_n_is_a_draft_until_saved_with_its_required_fields(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = window_with(qtbot, store, runner, cases=0)
    key(Qt.Key.Key_N, CTRL)
    casefile = window.casefile
    assert window.is_draft() and casefile.isVisible()
    # The focus is in the first field of the tab that shows, never on a hidden one.
    page = casefile.tabs.currentWidget()
    assert focused() is not None and page.isAncestorOf(focused()) and focused().isVisible()
    assert focused().objectName() == "field_record_type"
    assert stored(store) == [] and outbox_size(store) == 0 and window.model.total == 0
    # Something typed, the victim's name missing: Ctrl+S says what is missing, at once in red.
    place = tab_until(lambda w: w.objectName() == "field_place")
    type_text("Leamington Spa")
    key(Qt.Key.Key_S, CTRL)
    message = window.statusBar().currentMessage()
    assert message.startswith("Not created yet") and "victim's name" in message
    error = casefile.victim_form.form.errors["name"]
    assert error.isVisible() and error.text(), "the red mark shows at the first save"
    assert focused() is casefile.victim_form.form.editors["name"]
    assert stored(store) == [] and outbox_size(store) == 0
    # The name typed: the save creates it.
    type_text("Ewa Kowalska")
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        key(Qt.Key.Key_S, CTRL)
    assert not window.is_draft() and not error.isVisible()
    (case,) = stored(store)
    assert case.id == window.case_id and case.place == "Leamington Spa"
    assert case.liaison_officer == store.officer
    with store.session() as s:
        (victim,) = s.scalars(sa.select(Person).where(Person.case_id == case.id))
        assert (victim.name, victim.role) == ("Ewa Kowalska", PersonRole.VICTIM)
    assert case.reference in casefile.header.text()
    qtbot.waitUntil(lambda: window.model.total == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.list_panel.table.selectionModel().hasSelection())
    assert isinstance(place, QLineEdit)
    assert [r.label for r in REQUIRED_FOR_NEW_CASE] == ["record type", "victim's name"]


def test_a_new_case_left_untouched_leaves_nothing_behind(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = window_with(qtbot, store, runner, cases=1)
    key(Qt.Key.Key_N, CTRL)
    key(Qt.Key.Key_N, CTRL)  # no question: nothing was typed
    first = window.model.loaded_rows()[0].case_id
    window.request_open(first)
    qtbot.waitUntil(lambda: window.case_id == first, timeout=WAIT_MS)
    assert [c.id for c in stored(store)] == [first]


def test_a_mistaken_case_is_voided_with_a_reason_audited_and_synced(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = window_with(qtbot, store, runner, cases=2)
    victim = window.model.loaded_rows()[0]
    window.request_open(victim.case_id)
    qtbot.waitUntil(lambda: window.case_id == victim.case_id, timeout=WAIT_MS)
    before = outbox_size(store)
    window.void_action.trigger()  # Case → Void this case…
    dialog = window.dialogs["void"]
    assert isinstance(dialog, VoidDialog) and not dialog.void.isEnabled()
    QTest.keyClick(dialog.reason, Qt.Key.Key_Return)  # no reason: nothing happens
    assert dialog.isVisible()
    QTest.keyClicks(dialog.reason, "opened twice by mistake")
    assert dialog.void.isEnabled()
    with qtbot.waitSignal(window.voided, timeout=WAIT_MS):
        QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert window.case_id is None and window.placeholder.isVisible()
    assert "voided" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.model.total == 1, timeout=WAIT_MS)
    with store.session() as s:
        case = s.get(CaseFile, victim.case_id)
        assert case is not None and not case.deleted
        assert case.voided_reason == "opened twice by mistake" and case.voided_by == store.officer
        reasons = s.scalars(
            sa.select(AuditEvent.reason).where(
                AuditEvent.case_id == victim.case_id,
                AuditEvent.operation == AuditOperation.ALTERATION,
            )
        ).all()
        assert "case voided: opened twice by mistake" in reasons
    assert outbox_size(store) > before  # on its way to the central store
    # The status filter still shows it, marked as voided when opened.
    panel = window.list_panel
    panel.status.setCurrentIndex(panel.status.findData(VOIDED))
    qtbot.waitUntil(
        lambda: [r.case_id for r in window.model.loaded_rows()] == [victim.case_id],
        timeout=WAIT_MS,
    )
    window.request_open(victim.case_id)
    qtbot.waitUntil(lambda: window.case_id == victim.case_id, timeout=WAIT_MS)
    assert "Voided on" in window.casefile.header.text()
    assert not window.void_action.isEnabled()


def test_red_marks_show_at_the_first_save(qtbot: Any, store: Store, runner: TaskRunner) -> None:
    window = window_with(qtbot, store, runner, cases=1)
    window.request_open(window.model.loaded_rows()[0].case_id)
    qtbot.waitUntil(lambda: window.case_id is not None, timeout=WAIT_MS)
    key(Qt.Key.Key_I, ALT)
    tab_until(lambda w: w.objectName() == "field_incident_date")
    type_text("31/02/2026")
    key(Qt.Key.Key_S, CTRL)
    error = window.casefile.case_form.form.errors["incident_date"]
    assert "marked in red" in window.statusBar().currentMessage()
    assert error.isVisible() and error.text()
    assert error.geometry().height() > 0 and not error.visibleRegion().isEmpty()


def test_typing_into_a_hidden_field_says_why_and_how_to_reveal(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = window_with(qtbot, store, runner, cases=1)
    window.request_open(window.model.loaded_rows()[0].case_id)
    qtbot.waitUntil(lambda: window.case_id is not None, timeout=WAIT_MS)
    key(Qt.Key.Key_M, ALT)
    casefile = window.casefile
    note = casefile.masked_note
    assert note.isVisible() and "Reveal (Alt+R)" in note.text()
    phone = tab_until(lambda w: w.objectName() == "field_phone")
    assert isinstance(phone, QLineEdit) and phone.isReadOnly()
    type_text("0")
    assert phone.text() == ""
    assert "hidden to protect the victim" in window.statusBar().currentMessage()
    assert "typing there does nothing" in note.text()
    key(Qt.Key.Key_R, ALT)  # Reveal (audited)
    qtbot.waitUntil(lambda: not phone.isReadOnly(), timeout=WAIT_MS)
    assert not note.isVisible()
    phone.setFocus()
    type_text("07700")
    assert phone.text() == "07700"


class Home(QWidget):
    open_requested = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("My work"))
        self.button = QPushButton("Open")
        layout.addWidget(self.button)


def test_my_work_comes_first_and_opens_a_case_at_its_section(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = window_with(qtbot, store, runner, cases=2)
    assert not window.home_action.isEnabled()
    home = Home()
    window.set_home(home)
    window.show_start()
    assert window.stack.currentWidget() is home and focused() is home.button
    key(Qt.Key.Key_2, CTRL)
    assert window.stack.currentWidget() is window.splitter
    key(Qt.Key.Key_1, CTRL)
    assert window.stack.currentWidget() is home
    case_id = window.model.loaded_rows()[1].case_id
    home.open_requested.emit(case_id, "actions")
    qtbot.waitUntil(lambda: window.case_id == case_id, timeout=WAIT_MS)
    casefile = window.casefile
    assert window.stack.currentWidget() is window.splitter
    assert casefile.support_actions.isAncestorOf(QApplication.focusWidget())
    assert window.open_at(case_id, "history") is None
    assert casefile.tabs.currentWidget() is casefile.history
    assert not window.show_section("no such section")


def test_every_section_my_work_and_the_overview_name_opens_in_the_case_file(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    """My work and the overview name sections by the Qt-free keys of casework.sections; the
    case file must open each of them (a key it did not know would open nothing)."""
    from hcdesk.casework.sections import SECTIONS as NAMED

    window = window_with(qtbot, store, runner, cases=1)
    case_id = window.model.loaded_rows()[0].case_id
    window.open_at(case_id, "incident")
    qtbot.waitUntil(lambda: window.case_id == case_id, timeout=WAIT_MS)
    casefile = window.casefile
    assert casefile.tabs.indexOf(casefile.overview) == 0
    for key_name in NAMED:
        assert window.show_section(key_name), key_name
        page = casefile.tabs.currentWidget()
        assert page is not None and page.isAncestorOf(QApplication.focusWidget()), key_name
    # The overview's own links open their section too.
    casefile.tabs.setCurrentWidget(casefile.overview)
    casefile.overview.open_requested.emit("contacts")
    assert casefile.contacts.isAncestorOf(QApplication.focusWidget())
