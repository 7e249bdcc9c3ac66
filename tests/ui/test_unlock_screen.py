"""The unlock screen: a Caps Lock hint, a Show passphrase toggle, and after an auto-lock a line
saying why it locked and what became of unsaved edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from uikit import WAIT_MS, unlock_with

from hcdesk.ui.mainwindow import Shell, UnlockWidget
from hcdesk.ui.tasks import TaskRunner
from hcdesk.ui.unlock import caps_lock_from_key

SHIFT = Qt.KeyboardModifier.ShiftModifier


class FakeClock:
    def __init__(self, start: float = 1_750_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.mark.parametrize(
    ("text", "shift", "on"),
    [("A", False, True), ("a", True, True), ("a", False, False), ("A", True, False),
     ("7", False, None), ("", False, None), ("ß", False, None)],
)  # fmt: skip
def test_caps_lock_is_inferred_from_a_letter_and_the_shift_key(
    text: str, shift: bool, on: bool | None
) -> None:
    assert caps_lock_from_key(text, shift) is on


def test_caps_lock_hint_and_show_passphrase(qtbot: Any, profile: Path, runner: TaskRunner) -> None:
    unlock = UnlockWidget(profile, runner)
    qtbot.addWidget(unlock)
    unlock.show()
    unlock.activateWindow()
    qtbot.waitUntil(unlock.isActiveWindow, timeout=WAIT_MS)
    field = unlock.passphrase
    assert not unlock.caps.isVisible()
    qtbot.keyClick(field, "C")  # a capital without Shift: Caps Lock is on
    assert unlock.caps.isVisible() and "Caps Lock" in unlock.caps.text()
    qtbot.keyClick(field, "o", SHIFT)  # Shift gives a small letter: still on
    assert unlock.caps.isVisible()
    qtbot.keyClick(field, Qt.Key.Key_CapsLock)  # pressed again: off
    assert not unlock.caps.isVisible()
    qtbot.keyClick(field, "r")
    assert not unlock.caps.isVisible()
    assert field.text() == "Cor"

    assert field.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # Alt+S: Show
    qtbot.waitUntil(unlock.show_text.isChecked, timeout=WAIT_MS)  # an animated click
    assert field.echoMode() == QLineEdit.EchoMode.Normal
    assert unlock.confirm.echoMode() == QLineEdit.EchoMode.Normal
    unlock.show_text.click()
    assert field.echoMode() == QLineEdit.EchoMode.Password


def test_after_an_auto_lock_the_screen_says_why_and_that_the_edits_were_saved(
    qtbot: Any, shells: Any, profile: Path
) -> None:
    clock = FakeClock()
    shell: Shell = shells(profile, clock=clock)
    shell.start()
    window = unlock_with(qtbot, shell)
    unlock = shell.unlock_widget
    assert not unlock.notice.isVisible()
    qtbot.waitUntil(lambda: window.model.total == 1, timeout=WAIT_MS)
    case_id = window.model.loaded_rows()[0].case_id
    window.request_open(case_id)
    qtbot.waitUntil(lambda: window.case_id == case_id, timeout=WAIT_MS)
    place = window.casefile.case_form.form.editors["place"]
    qtbot.keyClicks(place, " bus station")
    clock.advance(shell.idle.seconds)
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        shell.idle.check()
    assert unlock.isVisible() and unlock.notice.isVisible()
    text = unlock.notice.text()
    assert "locked after 5 minutes without input" in text
    assert "Your unsaved changes were saved." in text
    assert "Leamington" not in text and "bus station" not in text  # nothing about the case
    # Unlocked again: the line goes, the passphrase is hidden again.
    unlock.show_text.setChecked(True)
    unlock_with(qtbot, shell)
    assert not unlock.notice.isVisible() and not unlock.show_text.isChecked()


def test_after_an_auto_lock_edits_that_cannot_be_saved_are_said_to_be_kept(
    qtbot: Any, shells: Any, profile: Path
) -> None:
    clock = FakeClock()
    shell: Shell = shells(profile, clock=clock)
    shell.start()
    window = unlock_with(qtbot, shell)
    qtbot.waitUntil(lambda: window.model.total == 1, timeout=WAIT_MS)
    case_id = window.model.loaded_rows()[0].case_id
    window.request_open(case_id)
    qtbot.waitUntil(lambda: window.case_id == case_id, timeout=WAIT_MS)
    date = window.casefile.case_form.form.editors["incident_date"]
    qtbot.keyClicks(date, "31/02/2026")  # no such day: cannot be saved as it is
    clock.advance(shell.idle.seconds)
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        shell.idle.check()
    text = shell.unlock_widget.notice.text()
    assert "locked after 5 minutes" in text and "are kept: unlock to put them right" in text
    # A lock by hand (Ctrl+L) says nothing of inactivity.
    unlock_with(qtbot, shell)
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        window.lock_action.trigger()
    assert "without input" not in shell.unlock_widget.notice.text()
