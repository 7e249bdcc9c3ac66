"""Helpers for the desktop UI tests (plain functions and values, not fixtures).

They live in a module of their own name: test modules import them with ``from uikit import ...``
rather than from ``conftest``, which pytest may have bound to another directory's conftest
when several test directories are given on one command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from testvalues import PASSPHRASE

from hcdesk.store.store import Store
from hcdesk.ui.casefile import CaseFileWidget
from hcdesk.ui.casefile_sections import RecordSection, bring_into_view
from hcdesk.ui.mainwindow import MainWindow, Shell
from hcdesk.ui.tasks import TaskRunner

WAIT_MS = 20_000


def open_main(
    qtbot: Any,
    store: Store,
    runner: TaskRunner,
    today: Callable[[], dt.date] = dt.date.today,
) -> MainWindow:
    """A shown MainWindow whose first case-list count has arrived."""
    window = MainWindow(store, runner, today=today)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=WAIT_MS):
        window.show()
    return window


def open_case(qtbot: Any, store: Store, runner: TaskRunner, case_id: str) -> MainWindow:
    """A shown MainWindow with ``case_id`` open in the case file."""
    window = open_main(qtbot, store, runner)
    window.request_open(case_id)
    qtbot.waitUntil(lambda: window.case_id == case_id, timeout=WAIT_MS)
    return window


def new_case_opened(qtbot: Any, window: MainWindow, victim: str | None = "Test Victim") -> str:
    """Ctrl+N: the new case open in the case file (a draft: nothing is stored until its first
    save), with ``victim`` typed as the victim's name so that the save can create it. Returns
    the id the case gets when it is created."""
    before = window.case_id
    window.new_action.trigger()
    qtbot.waitUntil(
        lambda: window.case_id is not None and window.case_id != before, timeout=WAIT_MS
    )
    assert window.casefile.isVisible() and window.casefile.isEnabled() and window.is_draft()
    if victim:
        name = window.casefile.victim_form.form.editors["name"]
        qtbot.keyClicks(name, victim)
    return window.case_id  # type: ignore[return-value]


def save_and_wait(qtbot: Any, window: MainWindow) -> None:
    """Press Save and wait for the background save to finish; fail with its message if not."""
    assert window.save_action.isEnabled(), "Save is not enabled after the edits"
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS, raising=False) as blocker:
        window.save_action.trigger()
        assert window.saving, window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: not window.saving, timeout=WAIT_MS)
    assert blocker.signal_triggered, window.statusBar().currentMessage()


def section_tab(casefile: CaseFileWidget, section: QWidget) -> int:
    """The index of the tab that holds ``section``."""
    for i in range(casefile.tabs.count()):
        page = casefile.tabs.widget(i)
        if page is section or page.isAncestorOf(section):
            return i
    raise LookupError(section)


def show_section(casefile: CaseFileWidget, section: RecordSection | QWidget) -> None:
    """Bring ``section`` into view: its tab, and its page of a tab of pages (the court's)."""
    casefile.tabs.setCurrentIndex(section_tab(casefile, section))
    bring_into_view(section)


def unlock_with(qtbot: Any, shell: Shell, passphrase: str = PASSPHRASE) -> MainWindow:
    """Type the passphrase on the shell's unlock screen, press Enter, wait for the main window."""
    unlock = shell.unlock_widget
    assert unlock.isVisible() and not unlock.creating
    unlock.passphrase.clear()
    qtbot.keyClicks(unlock.passphrase, passphrase)
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: shell.store is not None and shell.window is not None and shell.window.isVisible(),
        timeout=WAIT_MS,
    )
    assert shell.window is not None
    return shell.window
