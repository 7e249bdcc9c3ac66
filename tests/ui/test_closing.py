"""Closing the window never loses what the officer typed: with unsaved changes, the title-bar
close, Alt+F4, File → Quit and Ctrl+Q ask first (save, close without saving, or cancel), and
the store is checked afterwards. Quick-hide stays instant and never asks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QWidget
from testvalues import PASSPHRASE
from uikit import WAIT_MS, open_case, show_section, unlock_with

from hcdesk.casework import casefile as cf
from hcdesk.casework.cases import new_case
from hcdesk.models.case import CaseFile
from hcdesk.models.enums import RecordType
from hcdesk.models.sync import SyncState
from hcdesk.store.settings import AUTO_LOCK_S, SYNC_DEBOUNCE_MS, ProfileSettings
from hcdesk.store.store import Store
from hcdesk.ui.mainwindow import MainWindow, Shell

Button = QMessageBox.StandardButton


# -- helpers ----------------------------------------------------------------------------------
@pytest.fixture
def seeded(store: Store) -> tuple[Store, str]:
    """A store holding one case whose place is Rugby."""
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Rugby")
        s.flush()
        case_id = case.id
    return store, case_id


@pytest.fixture
def window(qtbot: Any, seeded: tuple[Store, str], runner: Any) -> MainWindow:
    """The main window with the seeded case open in the case file."""
    store, case_id = seeded
    return open_case(qtbot, store, runner, case_id)


def stored_place(store: Store, case_id: str) -> str | None:
    with store.session() as s:
        case = s.get(CaseFile, case_id)
        assert case is not None
        return case.place


def editor(window: MainWindow, key: str) -> QLineEdit:
    show_section(window.casefile, window.casefile.case_form)
    found = window.casefile.case_form.form.editors[key]
    assert isinstance(found, QLineEdit)
    return found


def type_into(qtbot: Any, window: MainWindow, key: str, text: str) -> QLineEdit:
    """Replace a case field's text as the officer would, with the keyboard."""
    line = editor(window, key)
    line.setFocus()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)
    return line


def error_label(window: MainWindow, key: str) -> QLabel:
    return window.casefile.case_form.form.errors[key]


def the_question(qtbot: Any, window: MainWindow) -> QMessageBox:
    """The close question, once it is on screen and has the keyboard."""
    assert window.isVisible(), "the window closed without asking"

    def asking() -> bool:
        box = getattr(window, "close_prompt", None)
        return box is not None and box.isVisible() and QApplication.activeWindow() is box

    qtbot.waitUntil(asking, timeout=WAIT_MS)
    box = window.close_prompt
    assert box is not None
    return box


def press(qtbot: Any, key: Qt.Key, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard is (shortcuts go by the active window)."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def answer(qtbot: Any, box: QMessageBox, button: QMessageBox.StandardButton) -> None:
    found = box.button(button)
    assert found is not None, f"the question has no {button} button"
    qtbot.mouseClick(found, Qt.MouseButton.LeftButton)


def buttons(box: QMessageBox) -> dict[QMessageBox.StandardButton, str]:
    return {box.standardButton(b): b.text().replace("&", "") for b in box.buttons()}


# -- the question -----------------------------------------------------------------------------
def test_closing_with_unsaved_edits_asks_save_discard_or_cancel(
    qtbot: Any, window: MainWindow, seeded: tuple[Store, str]
) -> None:
    store, case_id = seeded
    type_into(qtbot, window, "place", "Kenilworth")
    window.close()  # the title-bar close and Alt+F4 send the same close event

    box = the_question(qtbot, window)
    assert window.isVisible(), "the window closed before the officer answered"
    reference = window.casefile.snapshot.reference  # type: ignore[union-attr]
    assert box.text() == f"The changes to case {reference} are not saved yet."
    assert "If you close without saving, they are lost." in box.informativeText()
    assert buttons(box) == {
        Button.Save: "Save and close",
        Button.Discard: "Close without saving",
        Button.Cancel: "Cancel",
    }
    assert box.defaultButton() is box.button(Button.Save)
    assert box.escapeButton() is box.button(Button.Cancel)
    assert box.windowModality() == Qt.WindowModality.WindowModal
    answer(qtbot, box, Button.Cancel)
    assert stored_place(store, case_id) == "Rugby"


def test_save_and_close_saves_off_the_gui_thread_then_closes(
    qtbot: Any, window: MainWindow, seeded: tuple[Store, str], gui_thread_watch: Any
) -> None:
    store, case_id = seeded
    type_into(qtbot, window, "place", "Kenilworth")
    window.close()
    box = the_question(qtbot, window)
    gui_thread_watch.active = True
    with qtbot.waitSignal(window.closed, timeout=WAIT_MS):
        answer(qtbot, box, Button.Save)
        assert window.isVisible(), "closed before the save had finished"
    gui_thread_watch.active = False
    assert not window.isVisible()
    assert stored_place(store, case_id) == "Kenilworth"
    assert gui_thread_watch.done == []


def test_close_without_saving_closes_and_the_store_keeps_the_old_value(
    qtbot: Any, window: MainWindow, seeded: tuple[Store, str]
) -> None:
    store, case_id = seeded
    type_into(qtbot, window, "place", "Kenilworth")
    window.close()
    with qtbot.waitSignal(window.closed, timeout=WAIT_MS):
        answer(qtbot, the_question(qtbot, window), Button.Discard)
    assert not window.isVisible()
    assert stored_place(store, case_id) == "Rugby"


def test_cancel_keeps_the_window_open_with_the_edits_in_the_form(
    qtbot: Any, window: MainWindow, seeded: tuple[Store, str]
) -> None:
    store, case_id = seeded
    type_into(qtbot, window, "place", "Kenilworth")
    window.close()
    answer(qtbot, the_question(qtbot, window), Button.Cancel)
    qtbot.waitUntil(lambda: window.close_prompt is None, timeout=WAIT_MS)
    assert window.isVisible()
    assert editor(window, "place").text() == "Kenilworth"
    assert window.casefile.has_changes() and window.save_action.isEnabled()
    assert stored_place(store, case_id) == "Rugby"
    # Escape is Cancel too.
    window.close()
    the_question(qtbot, window)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.close_prompt is None, timeout=WAIT_MS)
    assert window.isVisible() and editor(window, "place").text() == "Kenilworth"


def test_edits_that_fail_their_check_cannot_be_saved_and_the_window_stays_unless_discarded(
    qtbot: Any, window: MainWindow, seeded: tuple[Store, str]
) -> None:
    """A half-typed date is the only change: it cannot be saved, so only Cancel (go back and
    put it right) or Close without saving is offered, and the field stays marked in red."""
    store, case_id = seeded
    type_into(qtbot, window, "incident_date", "31/02/2026")
    window.close()

    box = the_question(qtbot, window)
    reference = window.casefile.snapshot.reference  # type: ignore[union-attr]
    assert box.text() == (
        f"The changes to case {reference} cannot be saved as they are: 1 field(s) need "
        "attention (marked in red)."
    )
    assert buttons(box) == {Button.Discard: "Close without saving", Button.Cancel: "Cancel"}
    assert box.defaultButton() is box.button(Button.Cancel)
    assert error_label(window, "incident_date").isVisible()

    answer(qtbot, box, Button.Cancel)
    qtbot.waitUntil(lambda: window.close_prompt is None, timeout=WAIT_MS)
    assert window.isVisible()
    date = editor(window, "incident_date")
    assert date.text() == "31/02/2026"
    qtbot.waitUntil(date.hasFocus, timeout=WAIT_MS)  # back at the field to put right
    assert not date.visibleRegion().isEmpty(), "the field to put right is scrolled out of view"
    # Asking whether there are changes (as a sync's refresh does) leaves the mark in place.
    assert window.casefile.has_changes()
    assert error_label(window, "incident_date").isVisible()

    window.close()
    with qtbot.waitSignal(window.closed, timeout=WAIT_MS):
        answer(qtbot, the_question(qtbot, window), Button.Discard)
    assert not window.isVisible()
    with store.session() as s:
        case = s.get(CaseFile, case_id)
        assert case is not None and case.incident_date is None and case.place == "Rugby"


def test_a_save_that_fails_on_close_says_why_and_keeps_the_window(
    qtbot: Any, window: MainWindow, seeded: tuple[Store, str]
) -> None:
    store, case_id = seeded
    type_into(qtbot, window, "place", "Kenilworth")
    with store.transaction(reason="removed elsewhere") as s:  # gone before the save runs
        case = s.get(CaseFile, case_id)
        assert case is not None
        case.deleted = True
    window.close()
    answer(qtbot, the_question(qtbot, window), Button.Save)

    qtbot.waitUntil(lambda: not window.saving and window.close_prompt is not None, timeout=WAIT_MS)
    box = the_question(qtbot, window)
    assert box.text().endswith(
        "could not be saved: That case is no longer in this store; nothing was saved."
    )
    assert set(buttons(box)) == {Button.Discard, Button.Cancel}
    answer(qtbot, box, Button.Cancel)
    qtbot.waitUntil(lambda: window.close_prompt is None, timeout=WAIT_MS)
    assert window.isVisible() and editor(window, "place").text() == "Kenilworth"


def test_closing_while_a_save_runs_waits_for_it_then_closes_without_asking(
    qtbot: Any, window: MainWindow, seeded: tuple[Store, str]
) -> None:
    store, case_id = seeded
    type_into(qtbot, window, "place", "Kenilworth")
    window.save_action.trigger()
    assert window.saving
    with qtbot.waitSignal(window.closed, timeout=WAIT_MS):
        window.close()
        assert window.isVisible() and window.close_prompt is None
        assert "closes once the save is done" in window.statusBar().currentMessage()
    assert not window.isVisible()
    assert stored_place(store, case_id) == "Kenilworth"


# -- File → Quit and Ctrl+Q -------------------------------------------------------------------
def test_ctrl_q_and_file_quit_ask_the_same_question(qtbot: Any, window: MainWindow) -> None:
    file_menu = window.menus["file"]
    assert window.menuBar().actions()[0] is file_menu.menuAction()
    assert file_menu.title().replace("&", "") == "File"
    quit_action = file_menu.actions()[-1]
    assert quit_action is window.quit_action and quit_action.text().replace("&", "") == "Quit"
    assert QKeySequence("Ctrl+Q") in quit_action.shortcuts()
    for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Quit):
        assert key in quit_action.shortcuts()

    type_into(qtbot, window, "place", "Kenilworth")
    press(qtbot, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    box = the_question(qtbot, window)
    assert box.text().endswith("are not saved yet.")
    answer(qtbot, box, Button.Cancel)
    qtbot.waitUntil(lambda: window.close_prompt is None, timeout=WAIT_MS)

    quit_action.trigger()  # File → Quit
    box = the_question(qtbot, window)
    assert box.text().endswith("are not saved yet.")
    with qtbot.waitSignal(window.closed, timeout=WAIT_MS):
        answer(qtbot, box, Button.Discard)
    assert not window.isVisible()


def test_no_question_when_nothing_changed(
    qtbot: Any, window: MainWindow, seeded: tuple[Store, str]
) -> None:
    """Opened and looked at, or edited and saved: Ctrl+Q closes at once."""
    type_into(qtbot, window, "place", "Kenilworth")
    type_into(qtbot, window, "place", "Rugby")  # typed back to what is stored
    with qtbot.waitSignal(window.closed, timeout=WAIT_MS):
        press(qtbot, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert window.close_prompt is None and not window.isVisible()


# -- with the whole application: lock, quick-hide, quitting from the unlock screen ------------
def open_first_case(qtbot: Any, window: MainWindow) -> str:
    qtbot.waitUntil(lambda: window.model.total == 1, timeout=WAIT_MS)
    case_id = window.model.data(window.model.index(0, 0), Qt.ItemDataRole.UserRole + 1).case_id
    window.request_open(case_id)
    qtbot.waitUntil(lambda: window.case_id == case_id, timeout=WAIT_MS)
    return str(case_id)


def test_quick_hide_during_the_question_hides_at_once_and_never_asks(
    qtbot: Any, shells: Any, profile: Path
) -> None:
    shell: Shell = shells(profile)
    shell.start()
    window = unlock_with(qtbot, shell)
    case_id = open_first_case(qtbot, window)
    type_into(qtbot, window, "place", "Kenilworth")
    window.close()
    box = the_question(qtbot, window)

    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        press(qtbot, Qt.Key.Key_F12)  # the officer's panic key works on the question
        visible: list[QWidget] = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        assert visible in ([], [shell.unlock_widget]), visible
        assert window.close_prompt is None and not box.isVisible()
    assert shell.store is None
    # Locking saved the valid edit, as it always does; nothing else was asked.
    with Store.open(profile, PASSPHRASE) as store:
        assert stored_place(store, case_id) == "Kenilworth"


def test_quitting_from_the_unlock_screen_asks_when_locked_edits_could_not_be_saved(
    qtbot: Any, shells: Any, profile: Path
) -> None:
    shell: Shell = shells(profile)
    shell.start()
    window = unlock_with(qtbot, shell)
    open_first_case(qtbot, window)
    type_into(qtbot, window, "incident_date", "31/02/2026")
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        shell.lock()

    shell.unlock_widget.close()
    qtbot.waitUntil(
        lambda: shell.quit_prompt is not None and shell.quit_prompt.isVisible(), timeout=WAIT_MS
    )
    box = shell.quit_prompt
    assert box is not None and shell.unlock_widget.isVisible()
    assert "could not be saved when hcdesk locked" in box.text()
    assert "31/02" not in box.text() + box.informativeText()  # nothing of the case while locked
    answer(qtbot, box, Button.Cancel)
    qtbot.waitUntil(lambda: shell.quit_prompt is None, timeout=WAIT_MS)
    assert shell.unlock_widget.isVisible()

    again = unlock_with(qtbot, shell)
    assert again is window and editor(window, "incident_date").text() == "31/02/2026"


# -- settings: in the profile, private, and never a case id -----------------------------------
def plaintext_hits(root: Path, needle: str) -> list[str]:
    return sorted(
        str(p)
        for p in root.rglob("*")
        if p.is_file() and needle.encode() in p.read_bytes()
    )


def test_settings_live_in_the_profile_at_mode_0600_and_hold_no_case_id(
    qtbot: Any,
    shells: Any,
    profile: Path,
    isolated_settings: Path,
    monkeypatch: pytest.MonkeyPatch,
    gui_thread_watch: Any,
) -> None:
    shell: Shell = shells(profile)
    shell.start()
    gui_thread_watch.active = True
    window = unlock_with(qtbot, shell)
    case_id = open_first_case(qtbot, window)
    reference = window.casefile.snapshot.reference  # type: ignore[union-attr]
    dialog = window.open_settings()  # File → Settings: lock after 10 minutes
    spin = dialog.auto_lock  # type: ignore[attr-defined]
    spin.selectAll()
    qtbot.keyClicks(spin, "10")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert shell.idle.seconds == 600
    assert not window.casefile.has_changes(), window.statusBar().currentMessage()
    with qtbot.waitSignal(window.closed, timeout=WAIT_MS):
        window.quit_action.trigger()  # nothing changed: closes at once
    gui_thread_watch.active = False
    assert gui_thread_watch.done == []

    path = profile / "settings.json"
    assert path.stat().st_mode & 0o777 == 0o600
    held = json.loads(path.read_text("utf-8"))["settings"]
    assert held["auto_lock_seconds"] == 600 and held["window/geometry"]
    assert set(held) <= {"auto_lock_seconds", "window/geometry"}
    shell.runner.wait(WAIT_MS)
    shell.shutdown()
    for needle in (case_id, reference):
        assert plaintext_hits(profile, needle) == []
        assert plaintext_hits(isolated_settings, needle) == []
    # The case to open again is remembered inside the encrypted store instead.
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        assert s.get(SyncState, cf.LAST_CASE_KEY).value == case_id  # type: ignore[union-attr]

    second: Shell = shells(profile)  # started again: the same settings, the same case
    assert second.idle.seconds == 600
    second.start()
    again = unlock_with(qtbot, second)
    qtbot.waitUntil(lambda: again.case_id == case_id, timeout=WAIT_MS)


def test_the_old_global_settings_file_loses_its_case_id(
    qtbot: Any, shells: Any, profile: Path, isolated_settings: Path
) -> None:
    """hcdesk kept one settings file for every profile, with the last case's id in plain text:
    the id is removed on start, and the other settings are taken into the profile once."""
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        case_id = s.scalars(sa.select(CaseFile.id)).one()
    old = QSettings()
    old.setValue("last_case", case_id)
    old.setValue("auto_lock_seconds", 120)
    old.setValue("sync/debounce_ms", 900)
    old.sync()
    old_file = Path(old.fileName())
    assert case_id.encode() in old_file.read_bytes()
    del old

    shell: Shell = shells(profile)
    assert QSettings().value("last_case") is None
    assert plaintext_hits(isolated_settings, case_id) == []
    assert shell.idle.seconds == 120
    settings = ProfileSettings(profile)
    assert settings.get(AUTO_LOCK_S) == 120 and settings.get(SYNC_DEBOUNCE_MS) == 900
    assert (profile / "settings.json").stat().st_mode & 0o777 == 0o600

    # Once only: a later change in the profile is not overwritten by the old file's value.
    settings.set(AUTO_LOCK_S, 300)
    shells(profile)
    assert settings.get(AUTO_LOCK_S) == 300
