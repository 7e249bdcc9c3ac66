"""Locking: after a period without input (measured on the wall clock, so a laptop's sleep cannot
skip it), at once with the quick-hide key, and the unlock screen's back-off after wrong tries."""

from __future__ import annotations

import inspect
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from testvalues import PASSPHRASE
from uikit import WAIT_MS, unlock_with

from hcdesk.casework import casefile as cf
from hcdesk.models.case import CaseFile
from hcdesk.store.settings import AUTO_LOCK_S, ProfileSettings
from hcdesk.store.store import Store
from hcdesk.ui.mainwindow import AUTO_LOCK_DEFAULT_S, IdleWatch, Shell, UnlockWidget


class FakeClock:
    """A wall clock the test moves by hand."""

    def __init__(self, start: float = 1_750_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def press_key(qtbot: Any, widget: QWidget) -> None:
    """Some keyboard activity, delivered through the application like a real key press."""
    qtbot.keyClick(widget, Qt.Key.Key_Shift)


# -- auto-lock ---------------------------------------------------------------------------------


def test_idle_time_is_wall_clock_time() -> None:
    """Sleep must not pause the idle count: monotonic clocks may stop while a laptop sleeps."""
    assert inspect.signature(Shell).parameters["clock"].default is time.time
    assert inspect.signature(IdleWatch).parameters["clock"].default is time.time


def test_auto_lock_after_idle_limit_and_activity_resets_it(
    qtbot: Any, shells: Any, profile: Path
) -> None:
    clock = FakeClock()
    shell = shells(profile, clock=clock)
    shell.start()
    window = unlock_with(qtbot, shell)
    assert shell.idle.seconds == AUTO_LOCK_DEFAULT_S == 300
    search = window.list_panel.search

    # Nearly at the limit, then the officer types: the idle time starts again.
    clock.advance(299)
    shell.idle.check()
    assert shell.store is not None
    press_key(qtbot, search)
    clock.advance(299)  # 598 s since unlocking, 299 s since the key press
    shell.idle.check()
    assert shell.store is not None and window.isVisible()

    # A mouse click counts as activity too.
    qtbot.mouseClick(search, Qt.MouseButton.LeftButton)
    clock.advance(250)
    shell.idle.check()
    assert shell.store is not None

    # Past the limit with no input: the 1-second timer locks without anyone calling check().
    store = shell.store
    clock.advance(51)
    with qtbot.waitSignal(shell.locked, timeout=3000):
        pass
    assert shell.store is None and store.locked
    assert not window.isVisible() and shell.unlock_widget.isVisible()
    assert not shell.idle.timer.isActive()

    # Unlocking starts the idle count afresh from the (moved) clock.
    unlock_with(qtbot, shell)
    shell.idle.check()
    assert shell.store is not None
    clock.advance(AUTO_LOCK_DEFAULT_S - 1)
    shell.idle.check()
    assert shell.store is not None


def test_wall_clock_jump_locks_at_once(qtbot: Any, shells: Any, profile: Path) -> None:
    """Lid closed for the night: on waking, the first timer tick sees 9 hours have passed."""
    clock = FakeClock()
    shell = shells(profile, clock=clock)
    shell.start()
    unlock_with(qtbot, shell)
    clock.advance(9 * 3600)
    with qtbot.waitSignal(shell.locked, timeout=3000):
        pass
    assert shell.store is None


def test_auto_lock_limit_comes_from_settings(qtbot: Any, shells: Any, profile: Path) -> None:
    ProfileSettings(profile).set(AUTO_LOCK_S, 60)
    clock = FakeClock()
    shell = shells(profile, clock=clock)
    shell.start()
    unlock_with(qtbot, shell)
    clock.advance(59)
    shell.idle.check()
    assert shell.store is not None
    clock.advance(1)
    shell.idle.check()
    assert shell.store is None


def test_auto_lock_keeps_a_half_typed_edit(qtbot: Any, shells: Any, profile: Path) -> None:
    """Locking saves what can be saved (encrypted) rather than throwing the officer's typing
    away; after unlocking the case is back as it was."""
    clock = FakeClock()
    shell = shells(profile, clock=clock)
    shell.start()
    window = unlock_with(qtbot, shell)
    qtbot.waitUntil(lambda: window.model.total == 1, timeout=WAIT_MS)
    case_id = window.model.data(window.model.index(0, 0), Qt.ItemDataRole.UserRole + 1).case_id
    window.request_open(case_id)
    qtbot.waitUntil(lambda: window.case_id == case_id, timeout=WAIT_MS)
    place = window.casefile.case_form.form.editors["place"]
    place.clear()
    qtbot.keyClicks(place, "Nuneaton bus station")
    assert window.casefile.has_changes()

    clock.advance(AUTO_LOCK_DEFAULT_S)
    # The save and the closing of the store run on the write worker; `locked` says it is done.
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        shell.idle.check()
    assert shell.store is None
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        assert s.get(CaseFile, case_id).place == "Nuneaton bus station"  # type: ignore[union-attr]
    unlock_with(qtbot, shell)
    assert window.case_id == case_id and not window.casefile.has_changes()
    assert window.casefile.case_form.form.editors["place"].text() == "Nuneaton bus station"  # type: ignore[attr-defined]


# -- quick-hide ----------------------------------------------------------------------------------


def test_quick_hide_hides_everything_clears_clipboard_and_locks(
    qtbot: Any, shells: Any, profile: Path
) -> None:
    shell = shells(profile)
    shell.start()
    window = unlock_with(qtbot, shell)
    store = shell.store
    extra = QLabel("A second window, e.g. a detached case summary")
    qtbot.addWidget(extra)
    extra.show()
    qtbot.waitExposed(extra)
    QGuiApplication.clipboard().setText("Victim's address: 12 Example Road")
    assert QGuiApplication.clipboard().text()
    assert window.hide_action.shortcut() == QKeySequence("F12")

    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        window.hide_action.trigger()

    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert visible == [shell.unlock_widget], [type(w).__name__ for w in visible]
    assert shell.unlock_widget.isMinimized()
    assert not window.isVisible() and not extra.isVisible()
    assert QGuiApplication.clipboard().text() == ""
    assert shell.store is None and store is not None and store.locked

    # Coming back: unlock as usual.
    shell.unlock_widget.showNormal()
    unlock_with(qtbot, shell)
    assert window.isVisible()


# -- unlock back-off ---------------------------------------------------------------------------


@pytest.fixture
def open_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []
    real_open = Store.open

    def spy(*args: Any, **kwargs: Any) -> Store:
        calls.append(args)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Store, "open", staticmethod(spy))
    return calls


def try_passphrase(qtbot: Any, unlock: UnlockWidget, text: str) -> None:
    unlock.passphrase.clear()
    qtbot.keyClicks(unlock.passphrase, text)
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)


def test_backoff_after_three_wrong_passphrases(
    qtbot: Any, profile: Path, runner: Any, open_calls: list[tuple[Any, ...]]
) -> None:
    clock = FakeClock(1000.0)
    unlock = UnlockWidget(profile, runner, clock=clock)
    qtbot.addWidget(unlock)
    unlock.show()
    stores: list[Store] = []
    unlock.unlocked.connect(stores.append)

    for attempt in (1, 2, 3):
        try_passphrase(qtbot, unlock, f"wrong guess number {attempt}")
        qtbot.waitUntil(lambda a=attempt: unlock.failures == a, timeout=WAIT_MS)
        assert unlock.button.isEnabled()
        assert "does not unlock this profile" in unlock.message.text()
        if attempt < 3:
            assert "Wait" not in unlock.message.text()
    assert "Wait 2 second(s) before trying again." in unlock.message.text()
    assert len(open_calls) == 3

    # An immediate fourth try, even with the right passphrase, is refused without trying it.
    try_passphrase(qtbot, unlock, PASSPHRASE)
    assert "Too many attempts; try again in" in unlock.message.text()
    assert len(open_calls) == 3
    assert runner.wait(WAIT_MS)
    assert not stores and unlock.failures == 3

    # Once the wait is over, a fourth wrong try doubles the wait.
    clock.advance(2)
    try_passphrase(qtbot, unlock, "wrong guess number 4")
    qtbot.waitUntil(lambda: unlock.failures == 4, timeout=WAIT_MS)
    assert "Wait 4 second(s)" in unlock.message.text()
    clock.advance(3)
    try_passphrase(qtbot, unlock, PASSPHRASE)
    assert "Too many attempts" in unlock.message.text() and len(open_calls) == 4

    # The right passphrase after the wait unlocks, and the count starts again.
    clock.advance(1)
    with qtbot.waitSignal(unlock.unlocked, timeout=WAIT_MS):
        try_passphrase(qtbot, unlock, PASSPHRASE)
    assert len(open_calls) == 5 and unlock.failures == 0
    stores[0].close()


def test_enter_pressed_twice_tries_once(
    qtbot: Any, profile: Path, runner: Any, open_calls: list[tuple[Any, ...]]
) -> None:
    """A second Enter while the first try is still running must not start a parallel try
    (parallel tries would get round the back-off)."""
    unlock = UnlockWidget(profile, runner)
    qtbot.addWidget(unlock)
    unlock.show()
    qtbot.keyClicks(unlock.passphrase, "not the passphrase")
    for _ in range(3):
        qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: unlock.button.isEnabled(), timeout=WAIT_MS)
    assert runner.wait(WAIT_MS)
    assert len(open_calls) == 1 and unlock.failures == 1


def test_profile_fixture_holds_one_loadable_case(profile: Path) -> None:
    """Guards the fixture the locking tests start from."""
    with Store.open(profile, PASSPHRASE) as store, store.transaction() as s:
        (case,) = s.query(CaseFile).all()
        assert cf.load_case(s, case.id).case["place"] == "Leamington Spa"
