"""The main window from the keyboard: Tab order, the case list in step with the case file,
unique mnemonics in every window, a menu bar with every toolbar command, undo for typing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTabBar, QWidget
from shellkit import (
    clashes,
    every_tab,
    focused,
    key,
    menu_clashes,
    seed_cases,
    tab_until,
    type_text,
)
from uikit import WAIT_MS, open_main

from hcdesk.store.store import Store
from hcdesk.ui.about_dialog import AboutDialog, ShortcutsDialog
from hcdesk.ui.caselist_panel import OPEN_AFTER_MS
from hcdesk.ui.mainwindow import MainWindow
from hcdesk.ui.mywork import make_home
from hcdesk.ui.settings_dialog import Choices, SettingsDialog
from hcdesk.ui.summary_dialog import SummaryDialog
from hcdesk.ui.tasks import TaskRunner
from hcdesk.ui.unlock import UnlockWidget
from hcdesk.ui.void_dialog import VoidDialog

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def shown(qtbot: Any, store: Store, runner: TaskRunner, cases: int = 0) -> MainWindow:
    seed_cases(store, cases)
    window = open_main(qtbot, store, runner)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.model.total == cases, timeout=WAIT_MS)
    return window


def open_by_keys(qtbot: Any, window: MainWindow) -> str:
    """Ctrl+F, Tab to the list, Down, Enter: the first case open."""
    key(Qt.Key.Key_F, CTRL)
    tab_until(lambda w: w is window.list_panel.table)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.case_id is not None, timeout=WAIT_MS)
    assert window.case_id is not None
    return window.case_id


# -- Tab order -------------------------------------------------------------------------------
def test_the_case_list_is_one_tab_stop_then_the_case_file_then_its_sections(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = shown(qtbot, store, runner, cases=300)
    case_id = open_by_keys(qtbot, window)
    table = window.list_panel.table
    assert focused() is table and not table.tabKeyNavigation()
    key(Qt.Key.Key_Tab)  # out of the list at once, not into its next cell
    tabs = window.casefile.tabs
    assert focused() is tabs.tabBar(), focused()
    assert table.currentIndex().row() == window.list_panel.model.row_of(case_id)
    key(Qt.Key.Key_Right)  # along the sections with the arrow keys
    assert tabs.currentIndex() == 1
    key(Qt.Key.Key_Tab)  # into the section shown
    assert tabs.currentWidget().isAncestorOf(focused()), focused()
    key(Qt.Key.Key_Backtab)
    assert isinstance(focused(), QTabBar)
    key(Qt.Key.Key_Backtab)
    assert focused() is table  # and back, one stop


def test_the_highlighted_row_and_the_open_case_stay_in_step(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = shown(qtbot, store, runner, cases=5)
    first = open_by_keys(qtbot, window)
    panel, table = window.list_panel, window.list_panel.table
    assert panel.model.row_of(first) == table.currentIndex().row()
    assert table.selectionModel().isRowSelected(table.currentIndex().row())
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Down)  # the keys rest here: this case opens
    moved_to = panel.model.data(table.currentIndex(), Qt.ItemDataRole.UserRole + 1).case_id
    assert window.case_id == first  # not while the keys are moving
    qtbot.waitUntil(lambda: window.case_id == moved_to, timeout=WAIT_MS)
    assert moved_to != first
    # Opened from elsewhere (File → Recent, My work): the list highlights it.
    window.request_open(first)
    qtbot.waitUntil(lambda: window.case_id == first, timeout=WAIT_MS)
    assert table.currentIndex().row() == panel.model.row_of(first)
    # A new case is not in the list: nothing is highlighted.
    key(Qt.Key.Key_N, CTRL)
    assert window.is_draft() and not table.selectionModel().hasSelection()
    qtbot.wait(OPEN_AFTER_MS + 100)
    assert window.is_draft()


def test_alt_letter_reaches_each_section_and_lands_in_its_first_field(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = shown(qtbot, store, runner, cases=1)
    open_by_keys(qtbot, window)
    casefile = window.casefile
    for letter, page_title in ((Qt.Key.Key_M, "Victim"), (Qt.Key.Key_W, "Wishes")):
        key(letter, ALT)
        title = casefile.tabs.tabText(casefile.tabs.currentIndex()).replace("&", "")
        assert title.startswith(page_title)
        assert casefile.tabs.currentWidget().isAncestorOf(focused()), focused()


# -- mnemonics ---------------------------------------------------------------------------------
def test_no_two_targets_share_an_alt_letter_in_any_window(
    qtbot: Any, store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    window = shown(qtbot, store, runner, cases=1)
    open_by_keys(qtbot, window)
    problems = []
    for where in every_tab(window.casefile):
        problems += [f"main window, {where}: {k} -> {v}" for k, v in clashes(window).items()]
    key(Qt.Key.Key_N, CTRL)  # a new case: its own buttons and notes
    for where in every_tab(window.casefile):
        problems += [f"new case, {where}: {k} -> {v}" for k, v in clashes(window).items()]
    for menu in window.menus.values():
        problems += [f"menu {k} -> {v}" for k, v in menu_clashes(menu).items()]
    window.set_home(make_home(window))  # My work
    window.show_home()
    problems += [f"My work: {k} -> {v}" for k, v in clashes(window).items()]
    window.show_cases()

    dialogs: list[QWidget] = [
        SettingsDialog(Choices(5, False, "OFFICIAL_SENSITIVE"), "the keyring", "", window),
        AboutDialog(store.paths.root, "PC Test", "", window),
        ShortcutsDialog(window.actions(), [], window),
        VoidDialog("L-0000-00001", window),
        SummaryDialog(store, runner, window.list_panel.model.loaded_rows()[0].case_id, window),
    ]
    for make in (lambda: UnlockWidget(tmp_path / "new", runner), lambda: UnlockWidget(
        store.paths.root, runner
    )):
        dialogs.append(make())
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        problems += [f"{type(dialog).__name__}: {k} -> {v}" for k, v in clashes(dialog).items()]
        dialog.close()
    assert problems == []


def test_the_check_finds_a_clash(qtbot: Any) -> None:
    """The walker itself: two buttons with one letter are found (so the test above can fail)."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    w = QWidget()
    qtbot.addWidget(w)
    layout = QVBoxLayout(w)
    layout.addWidget(QPushButton("&Save"))
    layout.addWidget(QPushButton("&Send"))
    layout.addWidget(QPushButton("Fish && chips"))
    w.show()
    assert list(clashes(w)) == ["s"]


# -- the menu bar ------------------------------------------------------------------------------
def test_the_menu_bar_holds_every_toolbar_command_with_its_shortcut(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = shown(qtbot, store, runner)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Case", "Sync", "Help"]
    in_menus = set()
    for menu in window.menus.values():
        for act in menu.actions():
            in_menus.add(act)
            if act.menu() is not None:
                in_menus.update(act.menu().actions())  # type: ignore[union-attr]
    toolbar = window.toolbar.actions()
    assert toolbar, "the toolbar is empty"
    for act in toolbar:
        assert act in in_menus, f"{act.text()} is on the toolbar but in no menu"
        assert not act.shortcut().isEmpty(), f"{act.text()} has no shortcut"
        keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert keys in act.toolTip(), f"{act.text()}: the tooltip does not name {keys}"
    # The keys of every command are unique in the window.
    seen: dict[str, str] = {}
    for act in window.actions():
        for seq in act.shortcuts():
            text = seq.toString()
            assert text not in seen, f"{text}: {seen.get(text)} and {act.text()}"
            seen[text] = act.text()
    # Help → About and Settings are there, and open from the keyboard.
    key(Qt.Key.Key_Comma, CTRL)
    settings = window.dialogs.get("settings")
    assert isinstance(settings, SettingsDialog)
    QTest.keyClick(settings, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: "settings" not in window.dialogs, timeout=WAIT_MS)
    window.about_action.trigger()
    about = window.dialogs["about"]
    text = about.text.text()  # type: ignore[attr-defined]
    assert str(store.paths.root) in text and "Version" in text and "Licences" in text


def test_edit_undo_and_redo_act_on_the_field_with_the_focus(
    qtbot: Any, store: Store, runner: TaskRunner
) -> None:
    window = shown(qtbot, store, runner, cases=1)
    open_by_keys(qtbot, window)
    key(Qt.Key.Key_I, ALT)  # Incident: the first field is the record type; Tab to the URN
    urn = tab_until(lambda w: w.objectName() == "field_urn")
    assert isinstance(urn, QLineEdit)
    assert not window.edit.undo.isEnabled()
    type_text("47AB")
    assert window.edit.undo.isEnabled() and window.save_action.isEnabled()
    window.menus["edit"].menuAction()  # the menu is there; its action is what Alt+E, U runs
    window.edit.undo.trigger()
    assert urn.text() == "" and QApplication.focusWidget() is urn
    assert window.edit.redo.isEnabled()
    window.edit.redo.trigger()
    assert urn.text() == "47AB"
    assert window.casefile.has_changes()
