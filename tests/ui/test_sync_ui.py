"""Sync in the desktop application, end to end: the real SyncClient talking to a real central store
(the server app under uvicorn, on SQLite), driven through the real windows.

The status-bar indicator through signing in and syncing; the sync that follows a save; going
offline and coming back without a single dialog; conflicts made by two real laptops and resolved
in the Resolve dialog; a change the central store refuses, in the quarantine list and its export;
a withdrawn laptop; and the event loop kept turning while thousands of rows arrive.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import serverkit
from conftest import WAIT_MS, show_section, unlock_with
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from hcdesk.casework import casefile as cf
from hcdesk.models.case import CaseFile
from hcdesk.server.db import Record
from hcdesk.store.store import Store
from hcdesk.sync.client import SyncClient
from hcdesk.ui import sync as sy
from hcdesk.ui.caselist import SYNC_COLUMN
from hcdesk.ui.mainwindow import MainWindow, Shell
from hcdesk.ui.sync_widgets import ConflictsDialog, ResolveDialog, SignInDialog

PASSWORD = serverkit.USER_PASSWORD


# -- fixtures -------------------------------------------------------------------------------------
@pytest.fixture
def central(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[serverkit.CentralStore]:
    """A real central store, serving; accounts hash passwords with cheap Argon2id."""
    monkeypatch.setattr(serverkit.auth, "PASSWORD_HASHER", serverkit.FAST_HASHER)
    store = serverkit.CentralStore(tmp_path / "central")
    store.start()
    yield store
    store.close()


@pytest.fixture(autouse=True)
def quick_sync_timers(isolated_settings: Path) -> None:
    """Short debounce and back-off, and no periodic sync getting in a test's way."""
    settings = QSettings()
    settings.setValue("sync/debounce_ms", 300)
    settings.setValue("sync/interval_s", 3600)
    settings.setValue("sync/backoff_base_s", 0.3)
    settings.setValue("sync/backoff_cap_s", 1.0)


@pytest.fixture
def sync_shells(shells: Callable[..., Shell], qtbot: Any) -> Iterator[Callable[..., Shell]]:
    """Shells whose sync is stopped (the store locked) before the shells fixture closes them."""
    made: list[Shell] = []

    def factory(profile: Path, **kwargs: Any) -> Shell:
        shell = shells(profile, **kwargs)
        made.append(shell)
        return shell

    yield factory
    for shell in made:
        if shell.store is not None:
            with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
                shell.lock()


@pytest.fixture
def laptops(make_store: Callable[..., Store]) -> Iterator[Callable[..., tuple[Store, SyncClient]]]:
    """Other officers' laptops, without a window: a real store and a real SyncClient each."""
    clients: list[SyncClient] = []

    def make(name: str, central: serverkit.CentralStore, username: str) -> tuple[Store, SyncClient]:
        store = make_store(name, officer=username)
        client = SyncClient(store)
        client.login(central.url, username, PASSWORD, name)
        clients.append(client)
        return store, client

    yield make
    for client in clients:
        client.close()


# -- helpers --------------------------------------------------------------------------------------
def signed_in(qtbot: Any, window: MainWindow, central: serverkit.CentralStore, user: str) -> None:
    """Sign in through the dialog and wait for the first sync to finish."""
    dialog = window.open_sign_in()
    assert isinstance(dialog, SignInDialog)
    dialog.server.setText(central.url)
    dialog.username.setText(user)
    dialog.password.setText(PASSWORD)
    assert window.sync is not None
    with qtbot.waitSignal(window.sync.finished, timeout=WAIT_MS):
        dialog.ok.click()
    assert window.sync.state == sy.ONLINE, window.sync.last_error


def first_case(qtbot: Any, window: MainWindow) -> str:
    qtbot.waitUntil(lambda: window.model.total >= 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.model.row_at(0) is not None, timeout=WAIT_MS)
    row = window.model.row_at(0)
    assert row is not None
    return row.case_id


def open_case(qtbot: Any, window: MainWindow, case_id: str) -> None:
    window.request_open(case_id)
    qtbot.waitUntil(lambda: window.case_id == case_id, timeout=WAIT_MS)


def edit_case_field(qtbot: Any, window: MainWindow, key: str, text: str) -> None:
    """Type into one field of the case form (replacing what is there)."""
    show_section(window.casefile, window.casefile.case_form)
    editor: Any = window.casefile.case_form.form.editors[key]
    if hasattr(editor, "setPlainText"):
        editor.setPlainText(text)
    else:
        editor.clear()
        qtbot.keyClicks(editor, text)


def save(qtbot: Any, window: MainWindow) -> None:
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        window.save_action.trigger()


def sync_column(window: MainWindow, row: int = 0) -> Any:
    return window.model.data(window.model.index(row, SYNC_COLUMN))


def no_modal() -> None:
    modal = QApplication.activeModalWidget()
    assert modal is None, f"a modal window is open: {modal.windowTitle()}"


# -- the indicator ----------------------------------------------------------------------------------
def test_indicator_from_not_signed_in_to_online(
    qtbot: Any, sync_shells: Any, profile: Path, central: serverkit.CentralStore
) -> None:
    central.add_user("amara", "caseworker", display_name="PC Amara Okafor")
    shell = sync_shells(profile)
    shell.start()
    window = unlock_with(qtbot, shell)
    sync = window.sync
    assert sync is not None and shell.sync is sync
    indicator = window.sync_indicator
    states: list[str] = []
    sync.stateChanged.connect(states.append)

    # A new profile: not signed in, with the case made on this laptop waiting to be sent.
    qtbot.waitUntil(lambda: sync.state == sy.NOT_SIGNED_IN and sync.status is not None)
    assert indicator.isVisible()
    assert indicator.text().startswith("Not signed in")
    assert "to send" in indicator.text()
    case_id = first_case(qtbot, window)
    qtbot.waitUntil(lambda: sync_column(window) == "Local only", timeout=WAIT_MS)
    assert window.sign_in_action.isVisible()

    # "Sync now" while not signed in asks to sign in.
    window.sync_action.trigger()
    dialog = window.sync_dialogs.get("sign_in")
    assert isinstance(dialog, SignInDialog) and dialog.isVisible()

    # A wrong password: said in the dialog, the password field emptied, nothing else happens.
    dialog.server.clear()
    qtbot.keyClicks(dialog.server, central.url)
    qtbot.keyClicks(dialog.username, "amara")
    qtbot.keyClicks(dialog.password, "not the password")
    dialog.ok.click()
    assert dialog.busy and dialog.password.text() == ""
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)
    assert "not right" in dialog.message.text()
    assert dialog.isVisible() and dialog.password.text() == "" and dialog.password.isEnabled()
    assert sync.state == sy.NOT_SIGNED_IN

    # The right one: the dialog closes, a sync runs, the indicator ends online with no counts.
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(sync.finished, timeout=WAIT_MS) as done:
        dialog.ok.click()
    report = done.args[0]
    assert report.pushed >= 1 and report.rejected == 0
    assert "sign_in" not in window.sync_dialogs  # closed (and gone)
    assert sy.SYNCING in states and states[-1] == sy.ONLINE
    text = indicator.text()
    assert text.startswith("Online · synced just now"), text
    assert "to send" not in text and "conflict" not in text and "refused" not in text
    assert "amara" in indicator.toolTip() and central.url in indicator.toolTip()
    assert not window.sign_in_action.isVisible()
    # The case the laptop made is now confirmed by the central store, in the list and the file.
    qtbot.waitUntil(lambda: sync_column(window) == "Confirmed", timeout=WAIT_MS)
    open_case(qtbot, window, case_id)
    label = window.casefile.sync_label
    qtbot.waitUntil(lambda: label.isVisible() and label.text() == "Sync: Confirmed")

    # The Sync panel (Shift+F5) says the same, with the account.
    window.sync_panel_action.trigger()
    panel = window.sync_dialogs["panel"]
    assert panel.isVisible()
    assert panel.values["user"].text() == "amara (Caseworker)"
    assert panel.values["pending"].text() == "0"
    assert panel.sign_button.text().replace("&", "") == "Sign out"
    no_modal()


# -- triggers -------------------------------------------------------------------------------------
def test_a_save_syncs_after_a_pause(
    qtbot: Any, sync_shells: Any, profile: Path, central: serverkit.CentralStore
) -> None:
    """Saving starts one sync once the officer pauses (the debounce), not one per save."""
    QSettings().setValue("sync/debounce_ms", 800)
    central.add_user("amara")
    shell = sync_shells(profile)
    shell.start()
    window = unlock_with(qtbot, shell)
    signed_in(qtbot, window, central, "amara")
    sync = window.sync
    assert sync is not None
    case_id = first_case(qtbot, window)
    open_case(qtbot, window, case_id)
    with qtbot.waitSignal(sync.finished, timeout=WAIT_MS):
        pass  # the sync that sends the consultation of opening the case
    started: list[float] = []
    sync.started.connect(lambda: started.append(time.monotonic()))

    edit_case_field(qtbot, window, "place", "Rugby bus station")
    save(qtbot, window)
    first_saved = time.monotonic()
    # Saved here at once: the case is "Local only" until the central store has it.
    qtbot.waitUntil(lambda: window.casefile.sync_label.text() == "Sync: Local only")
    edit_case_field(qtbot, window, "place", "Rugby railway station")
    save(qtbot, window)
    assert started == [], "a sync started straight after a save"
    with qtbot.waitSignal(sync.finished, timeout=WAIT_MS) as done:
        pass
    assert len(started) == 1 and started[0] - first_saved >= 0.5
    assert done.args[0].pushed >= 2
    qtbot.waitUntil(lambda: window.casefile.sync_label.text() == "Sync: Confirmed", timeout=WAIT_MS)
    qtbot.wait(1200)
    assert len(started) == 1, "more than one sync for two quick saves"
    # What reached the central store is what was saved last.
    with central.db.session() as s:
        record = s.get(Record, case_id)
        assert record is not None and record.fields["place"]["value"] == "Rugby railway station"


def test_offline_is_quiet_keeps_saving_and_recovers(
    qtbot: Any, sync_shells: Any, profile: Path, central: serverkit.CentralStore
) -> None:
    """The central store goes away: the indicator says Offline (no dialog), saves go on, the
    controller retries with back-off, and everything is sent once the store is back."""
    central.add_user("amara")
    shell = sync_shells(profile)
    shell.start()
    window = unlock_with(qtbot, shell)
    signed_in(qtbot, window, central, "amara")
    sync = window.sync
    assert sync is not None
    case_id = first_case(qtbot, window)
    open_case(qtbot, window, case_id)
    with qtbot.waitSignal(sync.finished, timeout=WAIT_MS):
        pass

    central.stop()
    edit_case_field(qtbot, window, "place", "Warwick library")
    save(qtbot, window)
    qtbot.waitUntil(lambda: sync.state == sy.OFFLINE, timeout=WAIT_MS)
    no_modal()
    qtbot.waitUntil(lambda: "to send" in window.sync_indicator.text(), timeout=WAIT_MS)
    assert window.sync_indicator.text().startswith("Offline · synced")
    assert "could not" in window.sync_indicator.toolTip() or sync.last_error
    assert window.casefile.sync_label.text() == "Sync: Local only"
    # More work while offline is saved as usual.
    edit_case_field(qtbot, window, "place", "Warwick library, Barrack Street")
    save(qtbot, window)
    assert not window.casefile.has_changes()
    # The back-off keeps trying, quietly (0.3 s, then up to 1 s in this test).
    retries: list[str] = []
    sync.started.connect(lambda: retries.append(sync.state))
    qtbot.waitUntil(lambda: len(retries) >= 2, timeout=WAIT_MS)
    assert sync.state == sy.OFFLINE and 0 < sync.retry_delay_s <= 1.0
    no_modal()

    # Back on the same address: the next retry sends everything.
    central.start()
    with qtbot.waitSignal(sync.finished, timeout=WAIT_MS) as done:
        pass
    assert done.args[0].pushed >= 2
    assert sync.state == sy.ONLINE
    qtbot.waitUntil(lambda: "to send" not in window.sync_indicator.text(), timeout=WAIT_MS)
    assert window.sync_indicator.text().startswith("Online")
    qtbot.waitUntil(lambda: window.casefile.sync_label.text() == "Sync: Confirmed", timeout=WAIT_MS)
    with central.db.session() as s:
        record = s.get(Record, case_id)
        assert record is not None
        assert record.fields["place"]["value"] == "Warwick library, Barrack Street"

    # Offline again, and "Sync now" (F5) does not wait for the back-off once it is back.
    QSettings().setValue("sync/backoff_base_s", 60)
    QSettings().setValue("sync/backoff_cap_s", 300)
    central.stop()
    with qtbot.waitSignal(
        sync.stateChanged, timeout=WAIT_MS, check_params_cb=lambda s: s == sy.OFFLINE
    ):
        window.sync_action.trigger()
    assert 30 <= sync.retry_delay_s <= 60 and sync.retry.isActive()
    central.start()
    with qtbot.waitSignal(sync.finished, timeout=5000):
        window.sync_action.trigger()
    assert sync.state == sy.ONLINE and not sync.retry.isActive()
    no_modal()


# -- conflicts --------------------------------------------------------------------------------------
OLD_SUMMARY = "Shouted at on a bus"
THEIR_SUMMARY = "Shouted at on the number 16 bus; the driver saw it and stopped the bus."
OUR_SUMMARY = "Shouted at on a bus by two men; one filmed it on his phone."


def test_conflicts_made_by_two_laptops_resolved_by_a_supervisor(
    qtbot: Any, sync_shells: Any, profile: Path, central: serverkit.CentralStore, laptops: Any
) -> None:
    central.add_user("sgt", "supervisor", display_name="Sgt Kaur")
    central.add_user("pc", "caseworker", display_name="PC Lewis")
    shell = sync_shells(profile)
    shell.start()
    window = unlock_with(qtbot, shell)
    signed_in(qtbot, window, central, "sgt")
    sync = window.sync
    assert sync is not None
    case_id = first_case(qtbot, window)
    open_case(qtbot, window, case_id)
    with qtbot.waitSignal(sync.finished, timeout=WAIT_MS):
        pass

    # The other laptop reads the case, changes its summary and place, and syncs first.
    store_b, client_b = laptops("laptop-b", central, "pc")
    client_b.sync()
    with store_b.transaction(reason="test: the other officer's edit") as s:
        cf.save_changes(
            s, case_id, cf.Changes(case={"summary": THEIR_SUMMARY, "place": "Coventry"})
        )
    assert client_b.sync().pushed >= 1

    # Here, without having seen that, the supervisor changes the same two fields and saves.
    edit_case_field(qtbot, window, "summary", OUR_SUMMARY)
    edit_case_field(qtbot, window, "place", "Leamington Spa bus station")
    save(qtbot, window)
    with qtbot.waitSignal(sync.finished, timeout=WAIT_MS) as done:
        pass
    assert done.args[0].conflicts == 2

    # The case file says so, and so does the indicator.
    banner = window.casefile.conflict_banner
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=WAIT_MS)
    assert banner.count == 2 and banner.needs_review == 1
    assert "2 sync conflict(s), 1 needing review" in banner.label.text()
    qtbot.waitUntil(lambda: "2 conflict(s)" in window.sync_indicator.text(), timeout=WAIT_MS)

    # The banner's button opens this case's conflicts.
    banner.review.click()
    dialog = window.sync_dialogs[f"conflicts:{case_id}"]
    assert isinstance(dialog, ConflictsDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=WAIT_MS)
    rows = {dialog.model.text(dialog.model.rows[r], 2): r for r in range(dialog.model.rowCount())}
    assert set(rows) == {"Summary of the incident", "Place"}, rows
    narrative = dialog.model.rows[rows["Summary of the incident"]]
    assert dialog.model.text(narrative, 0) == window.casefile.snapshot.reference  # type: ignore[union-attr]
    assert dialog.model.text(narrative, 1) == "Case"
    assert dialog.model.text(narrative, 3) == "Needs review: text changed twice"
    assert dialog.model.text(narrative, 4).startswith("sgt, ")
    assert dialog.model.text(narrative, 5).startswith("pc, ")
    assert dialog.model.text(dialog.model.rows[rows["Place"]], 3) == "Newer value kept"

    # Both full texts side by side, each with its author; keep the other laptop's.
    dialog.table.selectRow(rows["Summary of the incident"])
    resolve = dialog.review(dialog.model.index(rows["Summary of the incident"], 0))
    assert isinstance(resolve, ResolveDialog) and resolve.isVisible()
    assert resolve.winner.text.toPlainText() == OUR_SUMMARY
    assert resolve.loser.text.toPlainText() == THEIR_SUMMARY
    assert resolve.winner.text.isReadOnly() and resolve.loser.text.isReadOnly()
    assert resolve.combine_button.isVisible() and resolve.combine_button.isEnabled()
    assert resolve.loser.keep.isEnabled()
    with qtbot.waitSignal(sync.finished, timeout=WAIT_MS):
        resolve.loser.keep.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=WAIT_MS)
    # The kept text is back in the case file (it had no unsaved edits).
    summary: Any = window.casefile.case_form.form.editors["summary"]
    qtbot.waitUntil(lambda: summary.toPlainText() == THEIR_SUMMARY, timeout=WAIT_MS)

    # The scalar: keep the newer value (ours).
    resolve = dialog.review(dialog.model.index(0, 0))
    assert resolve is not None
    assert resolve.winner.text.toPlainText() == "Leamington Spa bus station"
    assert resolve.loser.text.toPlainText() == "Coventry"
    assert not resolve.combine_button.isVisible()
    with qtbot.waitSignal(sync.finished, timeout=WAIT_MS):
        resolve.winner.keep.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=WAIT_MS)
    assert dialog.empty.isVisible()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "conflict" not in window.sync_indicator.text(), timeout=WAIT_MS)
    dialog.show_resolved.setChecked(True)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=WAIT_MS)
    assert {dialog.model.text(c, 6) for c in dialog.model.rows} == {"Resolved by sgt"}

    # The other laptop ends with the decisions.
    client_b.sync()
    with store_b.session() as s:
        case = s.get(CaseFile, case_id)
        assert case is not None
        assert (case.summary, case.place) == (THEIR_SUMMARY, "Leamington Spa bus station")
    assert client_b.conflicts() == []


def test_a_caseworker_sees_a_conflict_read_only(
    qtbot: Any, make_store: Any, central: serverkit.CentralStore, laptops: Any
) -> None:
    """Only a supervisor resolves: everyone else sees both versions and who decides."""
    central.add_user("pc1", "caseworker")
    central.add_user("pc2", "caseworker")
    store_a, client_a = laptops("laptop-a", central, "pc1")
    store_b, client_b = laptops("laptop-b", central, "pc2")
    with store_a.transaction(reason="test set-up") as s:
        from hcdesk.casework.cases import new_case
        from hcdesk.models.enums import RecordType

        case = new_case(s, RecordType.HATE_CRIME, summary=OLD_SUMMARY)
        s.flush()
        case_id = case.id
    client_a.sync()
    client_b.sync()
    for store, client, text in (
        (store_b, client_b, THEIR_SUMMARY),
        (store_a, client_a, OUR_SUMMARY),
    ):
        with store.transaction(reason="test: concurrent edit") as s:
            cf.save_changes(s, case_id, cf.Changes(case={"summary": text}))
        client.sync()
    [conflict] = client_a.conflicts()

    controller = sy.SyncController(store_a)
    try:
        with qtbot.waitSignal(controller.statusChanged, timeout=WAIT_MS):
            controller.refresh_status()
        assert controller.role() == "caseworker" and not controller.may_resolve()
        dialog = ResolveDialog(controller, conflict)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.winner.text.toPlainText() == OUR_SUMMARY
        assert dialog.loser.text.toPlainText() == THEIR_SUMMARY
        assert not dialog.winner.keep.isEnabled() and not dialog.loser.keep.isEnabled()
        assert not dialog.combine_button.isEnabled()
        assert dialog.message.text().startswith("A supervisor resolves this conflict.")
        dialog.decide("loser")  # even if asked, nothing is queued
        assert not dialog.busy
    finally:
        controller.stop()()
