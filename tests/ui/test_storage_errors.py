"""A save the store cannot make (another program holds the profile, the disk is full) says so in
words the officer can act on, and keeps every edit on the screen to save again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from diskkit import fill, small_disk
from PySide6.QtCore import Qt
from testvalues import FAST_KDF, PASSPHRASE
from uikit import WAIT_MS, open_case, save_and_wait, show_section

from hcdesk.casework.cases import new_case
from hcdesk.models.case import CaseFile
from hcdesk.models.enums import RecordType
from hcdesk.store.store import Store
from hcdesk.ui.mainwindow import MainWindow
from hcdesk.ui.tasks import TaskRunner


def seed(store: Store) -> str:
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Rugby", team="")
        s.flush()
        return case.id


def place_of(store: Store, case_id: str) -> str | None:
    with store.session() as s:
        case = s.get(CaseFile, case_id)
        assert case is not None
        return case.place


def type_place(qtbot: Any, window: MainWindow, text: str) -> None:
    form = window.casefile.case_form.form
    show_section(window.casefile, window.casefile.case_form)
    editor = form.editors["place"]
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)


def save_expect_failure(qtbot: Any, window: MainWindow) -> str:
    assert window.save_action.isEnabled()
    window.save_action.trigger()
    assert window.saving, window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.saving, timeout=WAIT_MS)
    return window.statusBar().currentMessage()


def test_a_save_while_another_program_writes_the_profile_says_busy_and_keeps_the_edits(
    qtbot: Any, make_store: Callable[..., Store], runner: TaskRunner
) -> None:
    store = make_store(busy_wait_s=0.3)
    case_id = seed(store)
    window = open_case(qtbot, store, runner, case_id)
    type_place(qtbot, window, "Stratford-upon-Avon")
    key = bytes(store._key or b"")
    with Store.open(store.paths.root, key=key) as other, other.transaction() as s:
        s.execute(sa.text("SELECT 1"))  # another program's write lock, as a CLI import holds
        message = save_expect_failure(qtbot, window)
    assert message.startswith("Not saved: The profile ")
    assert "in use by another hcdesk program" in message and "try again" in message
    assert window.casefile.has_changes() and window.save_action.isEnabled()
    assert place_of(store, case_id) == "Rugby"
    save_and_wait(qtbot, window)  # the same edits, once the other program is done
    assert place_of(store, case_id) == "Stratford-upon-Avon"


def test_a_save_on_a_full_disk_says_so_and_keeps_the_edits(
    qtbot: Any, tmp_path: Path, runner: TaskRunner
) -> None:
    with small_disk(tmp_path / "disk", 8192) as disk:
        store = Store.create(disk / "profile", PASSPHRASE, officer="PC Test", kdf=FAST_KDF)
        case_id = seed(store)
        window = open_case(qtbot, store, runner, case_id)
        try:
            filler = fill(disk, leave_kib=0)
            type_place(qtbot, window, "Leamington Spa")
            message = save_expect_failure(qtbot, window)
            assert message.startswith("Not saved: The disk holding the profile ")
            assert "is full" in message and "Free some space" in message
            assert window.casefile.has_changes()
            filler.unlink()
            save_and_wait(qtbot, window)
            assert place_of(store, case_id) == "Leamington Spa"
            with store.session() as s:
                assert s.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
        finally:
            window.close()
            assert runner.wait(WAIT_MS)
            store.close()


def test_closing_the_window_on_a_full_disk_closes_it_without_an_error(
    qtbot: Any, tmp_path: Path, runner: TaskRunner
) -> None:
    """The window's size is kept in the profile's settings on the way out; on a full disk it
    is not kept, and the window still closes with nothing raised (pytest-qt fails the test on
    any exception in the event loop)."""
    with small_disk(tmp_path / "disk", 8192) as disk:
        store = Store.create(disk / "profile", PASSPHRASE, officer="PC Test", kdf=FAST_KDF)
        case_id = seed(store)
        window = open_case(qtbot, store, runner, case_id)
        filler = fill(disk, leave_kib=0)
        try:
            window.move(window.x() + 17, window.y())  # a geometry that differs from the kept one
            assert window.close()
            assert not window.isVisible()
            assert runner.wait(WAIT_MS)
        finally:
            filler.unlink()
            store.close()
