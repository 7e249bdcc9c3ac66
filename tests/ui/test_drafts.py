"""Words typed into a new-entry form are saved by Save even if "Add to case" was not pressed."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from PySide6.QtWidgets import QComboBox, QPlainTextEdit
from uikit import new_case_opened, open_main, save_and_wait, show_section

from hcdesk.models.case import ContactLog
from hcdesk.store.store import Store
from hcdesk.ui.tasks import TaskRunner


def test_a_contact_typed_but_not_added_is_saved_with_the_case(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = open_main(qtbot, store, runner)
    case_id = new_case_opened(qtbot, window)
    section = window.casefile.contacts
    show_section(window.casefile, section)
    form = section.form
    for key, value in (("channel", "PHONE"), ("direction", "TO_VICTIM")):
        combo = form.editors[key]
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(value))
    summary = form.editors["summary"]
    assert isinstance(summary, QPlainTextEdit)
    qtbot.keyClicks(summary, "Rang to check on her; she is safe at her sister's.")
    assert section.has_draft() and window.casefile.has_changes()
    save_and_wait(qtbot, window)
    with store.session() as s:
        rows = s.scalars(sa.select(ContactLog).where(ContactLog.case_id == case_id)).all()
    assert [r.summary for r in rows] == ["Rang to check on her; she is safe at her sister's."]
    assert not section.has_draft()


def test_an_invalid_draft_blocks_the_save_with_a_message(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = open_main(qtbot, store, runner)
    case_id = new_case_opened(qtbot, window)
    section = window.casefile.contacts
    show_section(window.casefile, section)
    summary = section.form.editors["summary"]
    assert isinstance(summary, QPlainTextEdit)
    qtbot.keyClicks(summary, "Left a message with her brother")  # no channel chosen
    window.casefile.edited.emit()
    window.save_action.trigger()
    assert not window.saving
    assert "need attention" in window.statusBar().currentMessage()
    assert section.form.errors["channel"].isVisible()
    with store.session() as s:
        assert s.scalar(
            sa.select(sa.func.count()).select_from(ContactLog).where(ContactLog.case_id == case_id)
        ) == 0


def test_the_case_list_starts_newest_changes_first(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    """Qt asks the model to sort by column -1 (no column); that means the default order."""
    window = open_main(qtbot, store, runner)
    assert window.model.sort_key == "updated" and window.model.descending
