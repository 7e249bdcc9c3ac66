"""Importing from the desktop runs in the background with progress, and Cancel keeps nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from uikit import WAIT_MS, open_main

from hcdesk import demo
from hcdesk.models import CaseFile
from hcdesk.store.store import Store
from hcdesk.ui.tasks import TaskRunner


def case_count(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(CaseFile)) or 0)


def test_import_shows_progress_and_adds_every_case(
    qtbot: Any, store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(demo.generate(300, seed=11)), encoding="utf-8")
    window = open_main(qtbot, store, runner)
    with qtbot.waitSignal(window.imported, timeout=WAIT_MS * 4) as blocker:
        window.start_import(path)
        assert window.progress.isVisible() and window.cancel_button.isVisible()
        qtbot.waitUntil(lambda: window.progress.maximum() > 0 or not window.progress.isVisible(),
                        timeout=WAIT_MS * 4)
    assert blocker.args == [300]
    assert case_count(store) == 300
    assert not window.progress.isVisible() and not window.cancel_button.isVisible()


def test_cancelled_import_keeps_nothing(
    qtbot: Any, store: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(demo.generate(1500, seed=12)), encoding="utf-8")
    window = open_main(qtbot, store, runner)
    with qtbot.waitSignal(window.imported, timeout=WAIT_MS * 6) as blocker:
        window.start_import(path)
        qtbot.waitUntil(lambda: window.progress.value() > 0, timeout=WAIT_MS * 6)
        window.cancel_button.click()
    assert blocker.args == [-1]
    assert case_count(store) == 0
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_bad_file_imports_nothing_and_says_why(
    qtbot: Any, store: Store, runner: TaskRunner, tmp_path: Path, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    opened: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda self: opened.append(self.detailedText()))
    document = demo.generate(3, seed=13)
    document["cases"][1]["victim"]["date_of_birth"] = "31/02/1990"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    window = open_main(qtbot, store, runner)
    with qtbot.waitSignal(window.imported, timeout=WAIT_MS * 2):
        window.start_import(path)
    assert case_count(store) == 0
    assert "Nothing was imported" in window.statusBar().currentMessage()
    assert opened and "cases[1].victim.date_of_birth: not a date" in opened[0]
