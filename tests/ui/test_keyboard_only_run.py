"""A whole session from the keyboard alone, driven by key events only (QTest.keyClick and
keyClicks where the focus is): unlock, create a case, record a wish, plan an action, save, find
the case, open its court summary, lock. The test only looks (where the focus is, what is
stored); every step is a key a person would press."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from shellkit import focused, key, tab_until, type_text
from testvalues import PASSPHRASE
from uikit import WAIT_MS

from hcdesk.models.case import CaseFile, Person, SupportAction, VictimWish
from hcdesk.store.store import Store
from hcdesk.ui.mainwindow import Shell
from hcdesk.ui.preflight_dialog import PreflightDialog
from hcdesk.ui.summary_dialog import SummaryDialog

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def name_is(name: str) -> Any:
    return lambda w: w.objectName() == f"field_{name}"


def test_create_wish_plan_save_find_summary_lock_by_keyboard_alone(
    qtbot: Any, shells: Any, profile: Path
) -> None:
    shell: Shell = shells(profile)
    shell.start()
    unlock = shell.unlock_widget
    qtbot.waitUntil(lambda: focused() is unlock.passphrase, timeout=WAIT_MS)

    # -- unlock ------------------------------------------------------------------------------
    type_text(PASSPHRASE)
    key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible(), timeout=WAIT_MS)
    window = shell.window
    assert window is not None
    qtbot.waitUntil(lambda: window.isActiveWindow() and focused() is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.model.total == 1, timeout=WAIT_MS)
    casefile = window.casefile

    # -- Ctrl+N: a new case, the focus in its first field --------------------------------------
    key(Qt.Key.Key_N, CTRL)
    assert window.is_draft()
    assert casefile.tabs.currentWidget().isAncestorOf(focused())
    key(Qt.Key.Key_M, ALT)  # Victim
    assert name_is("name")(focused())
    type_text("Ewa Kowalska")

    # -- a wish in the victim's words -----------------------------------------------------------
    key(Qt.Key.Key_W, ALT)  # Wishes
    assert name_is("victim_words")(focused())
    type_text("I want him charged, and I want to know when he is in court.")

    # -- plan an action -------------------------------------------------------------------------
    key(Qt.Key.Key_N, ALT)  # Needs and plan
    actions = casefile.support_actions
    tab_until(lambda w: name_is("action")(w) and actions.isAncestorOf(w))
    type_text("Fit a door camera")
    tab_until(lambda w: name_is("owner")(w) and actions.isAncestorOf(w))
    type_text("PC Kowalska")
    tab_until(lambda w: name_is("due_date")(w) and actions.isAncestorOf(w))
    type_text("18/12/2026")

    # -- save: the action lacks its need area; the save says so and goes to it ----------------
    key(Qt.Key.Key_S, CTRL)
    assert "need attention" in window.statusBar().currentMessage()
    assert name_is("need_area")(focused()) and actions.form.errors["need_area"].isVisible()
    type_text("Safety")  # the combo box finds "Safety and security" as it is typed

    # -- save: the case is created, with its wish and its action --------------------------------
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS, raising=False) as saved:
        key(Qt.Key.Key_S, CTRL)
    assert saved.signal_triggered, (window.statusBar().currentMessage(), focused().objectName())
    assert not window.is_draft()
    case_id = window.case_id
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        case = s.get(CaseFile, case_id)
        assert case is not None
        reference = case.reference
        assert s.scalars(sa.select(Person.name).where(Person.case_id == case_id)).all() == [
            "Ewa Kowalska"
        ]
        (wish,) = s.scalars(sa.select(VictimWish).where(VictimWish.case_id == case_id))
        assert wish.victim_words.startswith("I want him charged")
        (action,) = s.scalars(sa.select(SupportAction).where(SupportAction.case_id == case_id))
        assert (action.action, action.owner) == ("Fit a door camera", "PC Kowalska")

    # -- find it: Ctrl+F, type, Tab to the list, Enter --------------------------------------------
    qtbot.waitUntil(lambda: window.model.total == 2, timeout=WAIT_MS)
    key(Qt.Key.Key_F, CTRL)
    assert focused() is window.list_panel.search
    type_text("Kowalska")
    qtbot.waitUntil(lambda: window.model.total == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(window.model.loaded_rows()), timeout=WAIT_MS)
    table = tab_until(lambda w: w is window.list_panel.table)
    key(Qt.Key.Key_Return)
    assert window.case_id == case_id
    assert table.selectionModel().isRowSelected(0)
    assert reference in casefile.header.text()

    # -- the court summary: Ctrl+P, the pre-flight check first ----------------------------------
    key(Qt.Key.Key_P, CTRL)

    def summary_or_preflight() -> bool:
        active = QApplication.activeModalWidget() or QApplication.activeWindow()
        return isinstance(active, PreflightDialog | SummaryDialog) and active.isVisible()

    qtbot.waitUntil(summary_or_preflight, timeout=WAIT_MS)
    preflight = QApplication.activeModalWidget() or QApplication.activeWindow()
    if isinstance(preflight, PreflightDialog):
        assert not preflight.blocking, [f.message for f in preflight.blocking]
        QTest.keyClick(preflight, Qt.Key.Key_W, ALT)  # the reason
        type_text("Early days: the summary is for the file review.")
        key(Qt.Key.Key_A, ALT)  # Acknowledge and continue
    qtbot.waitUntil(
        lambda: isinstance(window.summary_dialog, SummaryDialog)
        and window.summary_dialog.isVisible(),
        timeout=WAIT_MS,
    )
    summary = window.summary_dialog
    assert summary.case_id == case_id
    qtbot.waitUntil(lambda: summary.isActiveWindow(), timeout=WAIT_MS)
    key(Qt.Key.Key_Escape)  # closed without exporting anything
    qtbot.waitUntil(lambda: not summary.isVisible(), timeout=WAIT_MS)

    # -- lock: Ctrl+L ----------------------------------------------------------------------------
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=WAIT_MS)
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        key(Qt.Key.Key_L, CTRL)
    assert shell.store is None and not window.isVisible() and unlock.isVisible()
