"""Fixtures for the desktop UI tests: isolated QSettings, no stray modal dialogs, real stores,
real widgets and real worker threads, everything shut down in order at the end of a test.

Plain helpers (``WAIT_MS``, ``open_main``, ``unlock_with``...) live in ``uikit`` and plain values
in ``testvalues``: test modules import from those, never ``from conftest import``, because with
no ``__init__.py`` files pytest leaves whichever conftest it imported last under that name.
This module still re-exports them, and the plain names of tests/conftest.py.
"""

from __future__ import annotations

import importlib.util
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from uikit import (  # noqa: F401 - re-exported for modules that still say conftest
    WAIT_MS,
    new_case_opened,
    open_main,
    save_and_wait,
    section_tab,
    show_section,
    unlock_with,
)

from hcdesk.store.store import Store
from hcdesk.ui.mainwindow import Shell
from hcdesk.ui.tasks import TaskRunner


def _root_conftest() -> Any:
    path = Path(__file__).resolve().parent.parent / "conftest.py"
    spec = importlib.util.spec_from_file_location("_hcdesk_tests_root_conftest", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_root = _root_conftest()
for _name, _value in vars(_root).items():
    if not _name.startswith("_") and not hasattr(_value, "_fixture_function_marker"):
        globals().setdefault(_name, _value)
PASSPHRASE: str = _root.PASSPHRASE
FAST_KDF = _root.FAST_KDF



@pytest.fixture(autouse=True)
def isolated_settings(qapp: QApplication, tmp_path: Path) -> Iterator[Path]:
    """QSettings written under tmp_path for this test only (``last_case`` must not leak)."""
    old_org, old_app = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QCoreApplication.setOrganizationName("hcdesk-tests")
    QCoreApplication.setApplicationName("hcdesk-tests")
    where = tmp_path / "qsettings"
    where.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(where))
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, str(where / "system"))
    settings = QSettings()
    settings.clear()
    settings.sync()
    yield where
    QSettings().clear()
    QCoreApplication.setOrganizationName(old_org)
    QCoreApplication.setApplicationName(old_app)


class UnexpectedDialog(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...]]]:
    """A modal QMessageBox would hang an offscreen test: every static one fails the test unless
    the test patches it itself."""
    calls: list[tuple[str, tuple[Any, ...]]] = []

    def refuse(kind: str) -> Callable[..., Any]:
        def box(*args: Any, **kwargs: Any) -> Any:
            calls.append((kind, args))
            raise UnexpectedDialog(f"unexpected QMessageBox.{kind}: {args[1:3]!r}")

        return box

    for kind in ("question", "warning", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(refuse(kind)))
    return calls


class GuiThreadWatch:
    """Records blocking work done on the GUI thread: SQL statements (any engine), HTTP requests
    and key derivation. Deterministic, unlike timing an event-loop gap on a shared machine: the
    GUI thread must do none of these, whatever the load."""

    def __init__(self) -> None:
        self.done: list[str] = []
        self.active = False

    def note(self, what: str) -> None:
        if self.active and threading.current_thread() is threading.main_thread():
            ours = [
                f
                for f in traceback.extract_stack()
                if "/hcdesk/" in f.filename or "/tests/" in f.filename
            ][-4:]
            self.done.append(
                what
                + " from "
                + " < ".join(f"{Path(f.filename).name}:{f.name}" for f in reversed(ours))
            )


@pytest.fixture
def gui_thread_watch(monkeypatch: pytest.MonkeyPatch) -> Iterator[GuiThreadWatch]:
    """Set ``watch.active`` while the work under test runs; ``watch.done`` lists what the GUI
    thread did that it must not (SQL, HTTP, key derivation)."""
    import httpx
    import sqlalchemy as sa

    from hcdesk.store.keys import KdfParams

    watch = GuiThreadWatch()

    def on_execute(conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        watch.note("SQL " + " ".join(statement.split())[:60])

    send = httpx.Client.send

    def watched_send(client: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        watch.note(f"HTTP {request.method} {request.url.path}")
        return send(client, request, *args, **kwargs)

    derive = KdfParams.derive

    def watched_derive(params: Any, passphrase: str) -> bytes:
        watch.note("key derivation")
        return derive(params, passphrase)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", on_execute)
    monkeypatch.setattr(httpx.Client, "send", watched_send)
    monkeypatch.setattr(KdfParams, "derive", watched_derive)
    try:
        yield watch
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", on_execute)


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    assert r.wait(WAIT_MS), "background work still running at the end of the test"
    QCoreApplication.processEvents()


@pytest.fixture
def close_widgets(qtbot: Any) -> Iterator[Callable[[QWidget], QWidget]]:
    """Register top-level widgets to be closed (after their workers finished) at the end."""
    widgets: list[QWidget] = []

    def add(w: QWidget) -> QWidget:
        widgets.append(w)
        return w

    yield add
    for w in widgets:
        w.close()
        w.deleteLater()
    QCoreApplication.processEvents()


@pytest.fixture
def shells(qapp: QApplication) -> Iterator[Callable[..., Shell]]:
    """Make Shells; each one's workers are waited for and its store closed at the end."""
    made: list[Shell] = []

    def factory(profile: Path, **kwargs: Any) -> Shell:
        shell = Shell(profile, **kwargs)
        made.append(shell)
        return shell

    yield factory
    for shell in made:
        shell.idle.stop()
        assert shell.runner.wait(WAIT_MS)
        QCoreApplication.processEvents()
        if shell.store is not None:
            shell.store.close()
            shell.store = None
        for w in (shell.window, shell.unlock_widget):
            if w is not None:
                w.close()
                w.deleteLater()
        qapp.removeEventFilter(shell.idle)
    QCoreApplication.processEvents()












@pytest.fixture
def profile(make_store: Callable[..., Store], tmp_path: Path) -> Path:
    """A profile on disk (closed) holding one case, L-…-00001, with a place and a summary."""
    from hcdesk.casework.cases import new_case
    from hcdesk.models.enums import RecordType

    store = make_store("profile")
    with store.transaction(reason="test set-up") as s:
        new_case(s, RecordType.HATE_CRIME, place="Leamington Spa", summary="Shouted at on a bus")
    store.close()
    return tmp_path / "profile"

