"""A share with a partner, entered on the "Referrals and sharing" tab: what makes it lawful is
asked for at its fields before it is added, and a share saved is one DISCLOSURE event to the
partner (hcdesk.casework.sharing)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit
from uikit import open_case, save_and_wait, show_section

from hcdesk.casework import sharing
from hcdesk.casework.cases import new_case
from hcdesk.models.audit import AuditEvent
from hcdesk.models.case import PartnershipShare
from hcdesk.models.enums import AuditOperation, RecordType
from hcdesk.store.store import Store
from hcdesk.ui.mainwindow import MainWindow


@pytest.fixture
def window(qtbot: Any, store: Store, runner: Any) -> tuple[MainWindow, Store, str]:
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Rugby")
        s.flush()
        case_id = case.id
    return open_case(qtbot, store, runner, case_id), store, case_id


def type_into(qtbot: Any, editor: Any, text: str) -> None:
    assert isinstance(editor, QLineEdit | QPlainTextEdit)
    editor.setFocus()
    qtbot.keyClicks(editor, text)


def choose(editor: Any, text: str) -> None:
    assert isinstance(editor, QComboBox)
    index = editor.findText(text)
    assert index >= 0, [editor.itemText(i) for i in range(editor.count())]
    editor.setCurrentIndex(index)


def test_a_share_asks_for_its_lawful_basis_then_is_saved_as_a_disclosure(
    qtbot: Any, window: tuple[MainWindow, Store, str]
) -> None:
    win, store, case_id = window
    section = win.casefile.shares
    show_section(win.casefile, section)
    form = section.form
    type_into(qtbot, form.editors["partner"], "Rugby HIPP")
    type_into(qtbot, form.editors["purpose"], "Safety planning")
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    # Not added: the fields that make it lawful are marked, each with its sentence.
    assert section.pending_new == []
    for key, message in (
        ("data_items", sharing.NEEDS_ITEMS),
        ("lawful_basis", sharing.NEEDS_BASIS),
        ("no_consent_reason", sharing.NEEDS_CONSENT_OR_REASON),
    ):
        assert form.errors[key].isVisible() and form.errors[key].text() == message
    assert not form.errors["partner"].isVisible()

    type_into(qtbot, form.editors["data_items"], "First name and area, strands")
    type_into(qtbot, form.editors["lawful_basis"], "Crime and Disorder Act 1998 s.115")
    choose(form.editors["victim_consent"], "Yes")
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert len(section.pending_new) == 1
    save_and_wait(qtbot, win)

    with store.session() as s:
        (share,) = s.scalars(
            sa.select(PartnershipShare).where(PartnershipShare.case_id == case_id)
        ).all()
        (event,) = s.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.case_id == case_id,
                AuditEvent.operation == AuditOperation.DISCLOSURE,
            )
        ).all()
    assert share.partner == "Rugby HIPP" and share.lawful_basis.startswith("Crime and Disorder")
    assert event.recipient == "Rugby HIPP" and event.record_id == share.id
    assert section.list.rowCount() == 1
