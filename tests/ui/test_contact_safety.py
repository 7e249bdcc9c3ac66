"""Contact safety on the desktop: a contact against what the victim asked is asked about first;
going ahead records the reason with it; changing it keeps the draft; a save refused for it asks
the same and saves again. The Contacts tab shows what to keep in mind, and planned contacts can
be added, edited and marked as made."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit
from uikit import WAIT_MS, open_case, save_and_wait, show_section

from hcdesk.casework.cases import new_case
from hcdesk.models.case import ContactLog, Person, PlannedContact
from hcdesk.models.enums import ContactChannel, PersonRole, RecordType
from hcdesk.store.store import Store
from hcdesk.ui.casefile_contacts import CheckedSection
from hcdesk.ui.contact_safety_dialog import ContactSafetyDialog
from hcdesk.ui.forms import FieldForm
from hcdesk.ui.mainwindow import MainWindow
from hcdesk.ui.tasks import TaskRunner

SUMMARY = "Rang about the court date"
REASON = "She texted asking me to ring her back at once"
ASKED = "Leyla Demir asked to be contacted only by text message; this contact is by phone."


@pytest.fixture
def case_id(store: Store) -> str:
    """A case whose victim asked for text messages only, and needs a Turkish interpreter."""
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Rugby")
        s.flush()
        s.add(
            Person(
                case_id=case.id,
                role=PersonRole.VICTIM,
                name="Leyla Demir",
                safe_channels=[ContactChannel.TEXT_MESSAGE],
                interpreter_needed=True,
                language="Turkish",
                nominated_spokesperson="Her brother, Emre",
            )
        )
        return case.id


def choose(form: FieldForm, key: str, value: str) -> None:
    combo = form.editors[key]
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(value))


def type_into(qtbot: Any, editor: Any, text: str) -> None:
    if isinstance(editor, QLineEdit | QPlainTextEdit):
        editor.clear()
    qtbot.keyClicks(editor, text)


def phone_contact(qtbot: Any, window: MainWindow) -> CheckedSection:
    section = window.casefile.contacts
    assert isinstance(section, CheckedSection)
    show_section(window.casefile, section)
    choose(section.form, "channel", "PHONE")
    choose(section.form, "direction", "TO_VICTIM")
    type_into(qtbot, section.form.editors["summary"], SUMMARY)
    return section


def asked(qtbot: Any, section: CheckedSection) -> ContactSafetyDialog:
    qtbot.waitUntil(
        lambda: section.dialog is not None and section.dialog.isVisible(), timeout=WAIT_MS
    )
    assert section.dialog is not None
    return section.dialog


def rows(store: Store, model: Any) -> list[Any]:
    with store.session() as s:
        found = list(s.scalars(sa.select(model)))
        s.expunge_all()
        return found


def test_adding_a_phone_contact_for_a_text_only_victim_asks_first(
    qtbot: Any, store: Store, runner: TaskRunner, case_id: str
) -> None:
    window = open_case(qtbot, store, runner, case_id)
    section = phone_contact(qtbot, window)
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    dialog = asked(qtbot, section)
    assert ASKED in dialog.concern_list.text()
    assert "Needs an interpreter (Turkish)" in " ".join(
        label.text() for label in dialog.findChildren(type(dialog.concern_list))
    )
    assert section.pending_new == []  # nothing added while the officer is asked
    # A reason of a word is not enough.
    type_into(qtbot, dialog.reason, "ok")
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "at least 10 characters" in dialog.error.text()
    assert section.pending_new == []


def test_going_ahead_with_a_reason_records_it_with_the_reason(
    qtbot: Any, store: Store, runner: TaskRunner, case_id: str
) -> None:
    window = open_case(qtbot, store, runner, case_id)
    section = phone_contact(qtbot, window)
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    dialog = asked(qtbot, section)
    type_into(qtbot, dialog.reason, REASON)
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    (pending,) = section.pending_new
    assert pending["safety_override_reason"] == REASON and pending["summary"] == SUMMARY
    save_and_wait(qtbot, window)
    (saved,) = rows(store, ContactLog)
    assert (saved.channel, saved.summary) == (ContactChannel.PHONE, SUMMARY)
    assert saved.safety_override_reason == REASON


def test_changing_the_contact_keeps_the_draft(
    qtbot: Any, store: Store, runner: TaskRunner, case_id: str
) -> None:
    window = open_case(qtbot, store, runner, case_id)
    section = phone_contact(qtbot, window)
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    dialog = asked(qtbot, section)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert section.pending_new == [] and section.has_draft()
    summary = section.form.editors["summary"]
    assert isinstance(summary, QPlainTextEdit) and summary.toPlainText() == SUMMARY
    assert "change the contact" in section.hint.text()
    # Changed to a text message, it is added without a question.
    choose(section.form, "channel", "TEXT_MESSAGE")
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and section.dialog is dialog
    (pending,) = section.pending_new
    assert pending["channel"] == ContactChannel.TEXT_MESSAGE
    save_and_wait(qtbot, window)
    (saved,) = rows(store, ContactLog)
    assert saved.safety_override_reason is None


def test_a_save_refused_for_contact_safety_asks_and_saves_again_with_the_reason(
    qtbot: Any, store: Store, runner: TaskRunner, case_id: str
) -> None:
    """The draft was never added: Save sends it, the save refuses it (the guarantee), and the
    same question is asked; going ahead saves again with the reason."""
    window = open_case(qtbot, store, runner, case_id)
    section = phone_contact(qtbot, window)
    assert section.has_draft()
    window.save_action.trigger()
    dialog = asked(qtbot, section)
    assert not window.saving
    assert window.statusBar().currentMessage().startswith("Not saved: Leyla Demir asked")
    assert rows(store, ContactLog) == []
    type_into(qtbot, dialog.reason, REASON)
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    (saved,) = rows(store, ContactLog)
    assert saved.safety_override_reason == REASON
    assert not window.casefile.has_changes()


def test_the_contacts_tab_shows_what_to_keep_in_mind(
    qtbot: Any, store: Store, runner: TaskRunner, case_id: str
) -> None:
    window = open_case(qtbot, store, runner, case_id)
    page = window.casefile.contacts_page
    show_section(window.casefile, page)
    shown = page.reminders.label.text()
    assert "Contact only by text message." in shown
    assert "Needs an interpreter (Turkish): arrange one first." in shown
    assert "Nominated spokesperson or guardian: Her brother, Emre." in shown
    assert page.reminders.isVisible()
    # A change typed on the Victim section shows here at once.
    no_voicemail = window.casefile.victim_form.form.editors["no_voicemail"]
    assert isinstance(no_voicemail, QCheckBox)
    no_voicemail.setChecked(True)
    assert "Do not leave a voicemail." in page.reminders.label.text()


def test_a_planned_contact_is_added_checked_and_marked_as_made(
    qtbot: Any, store: Store, runner: TaskRunner, case_id: str
) -> None:
    window = open_case(qtbot, store, runner, case_id)
    planned = window.casefile.planned_contacts
    assert isinstance(planned, CheckedSection)
    show_section(window.casefile, planned)
    form = planned.form
    owner = form.editors["owner"]
    assert isinstance(owner, QLineEdit) and owner.text() == window.casefile.officer()
    type_into(qtbot, form.editors["planned_for"], "16/03/2026 19:00")
    choose(form, "channel", "EMAIL")
    type_into(qtbot, form.editors["purpose"], "Tell her the trial date")
    qtbot.mouseClick(planned.add_button, Qt.MouseButton.LeftButton)
    dialog = asked(qtbot, planned)
    assert "this planned contact is by email" in dialog.concern_list.text()
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    choose(form, "channel", "TEXT_MESSAGE")
    qtbot.mouseClick(planned.add_button, Qt.MouseButton.LeftButton)
    assert len(planned.pending_new) == 1
    save_and_wait(qtbot, window)
    (plan,) = rows(store, PlannedContact)
    assert (plan.channel, plan.done) == (ContactChannel.TEXT_MESSAGE, False)
    # Mark it as made: the change is saved; it is not judged again.
    planned.list.selectRow(0)
    qtbot.mouseClick(window.casefile.contacts_page.mark_made, Qt.MouseButton.LeftButton)
    save_and_wait(qtbot, window)
    (plan,) = rows(store, PlannedContact)
    assert plan.done is True
