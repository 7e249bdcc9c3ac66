"""The sync client against the real central store (FastAPI app under uvicorn, SQLite): sign-in,
token refresh, push and pull between two officers, conflicts and their resolution, refused
changes, a revoked device's wipe, offline, and the ``hcdesk login/sync/logout`` commands."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import uvicorn
from argon2 import PasswordHasher
from serverkit import self_signed_cert
from sync_helpers import get, make_case, outbox
from testvalues import PASSPHRASE

from hcdesk import cli
from hcdesk.models import CaseFile, Outbox, Person
from hcdesk.server import admin, auth
from hcdesk.server.app import create_app
from hcdesk.server.config import ServerConfig
from hcdesk.server.database import init_schema, make_database
from hcdesk.server.db import Device
from hcdesk.store import search, secrets
from hcdesk.store.store import Store
from hcdesk.sync import local, state
from hcdesk.sync.client import (
    DeviceRevoked,
    NotLoggedIn,
    SyncCancelled,
    SyncClient,
    SyncOffline,
    SyncProgress,
)

PASSWORD = "correct horse battery staple"


class Central:
    """The real app on SQLite, served by uvicorn in a thread; can stop and start again."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True)
        self.db_url = f"sqlite:///{directory / 'central.db'}"
        self.db = make_database(self.db_url)
        init_schema(self.db)
        self.port = 0
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None

    scheme = "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self, tls: tuple[Path, Path] | None = None) -> str:
        app = create_app(ServerConfig(database_url=self.db_url), self.db)
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_config=None,
            log_level="warning",
            ssl_certfile=str(tls[0]) if tls else None,
            ssl_keyfile=str(tls[1]) if tls else None,
        )
        self.scheme = "https" if tls else "http"
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
            time.sleep(0.01)
        self.port = server.servers[0].sockets[0].getsockname()[1]
        self.server, self.thread = server, thread
        return self.url

    def stop(self) -> None:
        if self.server is not None and self.thread is not None:
            self.server.should_exit = True
            self.thread.join(timeout=15)
        self.server = self.thread = None

    def add_user(
        self, username: str, role: str = "caseworker", teams: tuple[str, ...] = ("North",)
    ) -> None:
        with self.db.write_session() as s, s.begin():
            for team in teams:
                if admin._find_team(s, team) is None:
                    admin.add_team(s, team, actor="test")
            admin.add_user(s, username, PASSWORD, role, list(teams), username, actor="test")

    def revoke(self, device_id: str) -> None:
        with self.db.write_session() as s, s.begin():
            admin.revoke_device(s, device_id, "lost laptop", actor="test")

    def device(self, device_id: str) -> Device | None:
        with self.db.session() as s:
            return s.get(Device, device_id)


@pytest.fixture
def central(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Central]:
    monkeypatch.setattr(
        auth, "PASSWORD_HASHER", PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    )
    c = Central(tmp_path / "central")
    c.start()
    c.add_user("pc.amber")
    c.add_user("pc.blake")
    c.add_user("sgt.carter", role="supervisor")
    c.add_user("cps.dunn", role="cps")
    yield c
    c.stop()
    c.db.dispose()


@pytest.fixture
def officer(central: Central, make_store: Callable[..., Store]) -> Callable[[str], SyncClient]:
    def make(username: str) -> SyncClient:
        client = SyncClient(make_store(username))
        client.login(central.url, username, PASSWORD, device_name=f"{username}'s laptop")
        return client

    return make


def states(store: Store) -> set[str]:
    return {e.state for e in outbox(store)}


def test_sign_in_keeps_tokens_only_in_the_encrypted_store(
    central: Central, make_store: Callable[..., Store], tmp_path: Path
) -> None:
    store = make_store("amber")
    client = SyncClient(store)
    assert not client.configured()
    user = client.login(central.url, "pc.amber", PASSWORD)
    assert user.username == "pc.amber" and user.role == "caseworker"
    assert [t.name for t in user.teams] == ["North"]
    status = client.status()
    assert status.configured and status.online and status.username == "pc.amber"
    assert status.role == "caseworker" and status.server_url == central.url
    with local.read(store) as conn:
        token = state.read(conn)[state.ACCESS]
    store.checkpoint()
    for path in (tmp_path / "amber").iterdir():
        assert token.encode() not in path.read_bytes()
    import platform

    assert central.device(store.device_id).name == platform.node()  # type: ignore[union-attr]


def test_wrong_password_is_refused_and_nothing_is_stored(
    central: Central, make_store: Callable[..., Store]
) -> None:
    from hcdesk.sync.client import ServerRefused

    client = SyncClient(make_store("amber"))
    with pytest.raises(ServerRefused, match="not right"):
        client.login(central.url, "pc.amber", "wrong password here")
    assert not client.configured()


def test_a_case_travels_from_one_officer_to_another_and_back(
    officer: Callable[[str], SyncClient],
) -> None:
    amber, blake = officer("pc.amber"), officer("pc.blake")
    case_id, victim_id = make_case(amber.store, name="Amira Haddad")
    assert amber.case_states([case_id]) == {case_id: "local"}
    seen: list[SyncProgress] = []
    report = amber.sync(progress=seen.append)
    assert report.pushed == len(outbox(amber.store)) and report.rejected == 0
    assert states(amber.store) == {"acked"}
    assert {p.phase for p in seen} == {"push", "pull", "index"}
    assert report.pulled > 0 and report.buckets_reset == []
    assert amber.case_states([case_id]) == {case_id: "confirmed"}
    assert get(amber.store, Person, victim_id).pending() == set()

    report = blake.sync()
    assert report.pushed == 0 and report.pulled > 0
    theirs = get(blake.store, Person, victim_id)
    assert theirs.name == "Amira Haddad" and theirs.pending() == set()
    assert get(blake.store, CaseFile, case_id).summary == "Spat at on the bus"

    with blake.store.transaction() as s:
        s.get(Person, victim_id).phone = "07700 900321"  # type: ignore[union-attr]
    blake.sync()
    amber.sync()
    assert get(amber.store, Person, victim_id).phone == "07700 900321"
    # Both copies hold the same versions, and no bucket needed re-reading.
    assert (
        get(amber.store, Person, victim_id).versions()
        == get(blake.store, Person, victim_id).versions()
    )
    assert amber.sync().buckets_reset == [] and blake.sync().pulled >= 0


def test_concurrent_edits_become_a_conflict_a_supervisor_resolves(
    officer: Callable[[str], SyncClient],
) -> None:
    amber, blake, carter = officer("pc.amber"), officer("pc.blake"), officer("sgt.carter")
    case_id, victim_id = make_case(amber.store)
    amber.sync()
    blake.sync()
    for client, phone in ((amber, "01111 111111"), (blake, "02222 222222")):
        with client.store.transaction() as s:
            s.get(Person, victim_id).phone = phone  # type: ignore[union-attr]
    amber.sync()
    report = blake.sync()
    assert report.conflicts == 1
    amber.sync()
    (conflict,) = amber.conflicts(case_id)
    assert conflict.field == "phone" and conflict.field_label == "phone number"
    assert {conflict.winner.value, conflict.loser.value} == {"01111 111111", "02222 222222"}
    assert conflict.case_ref == get(amber.store, CaseFile, case_id).local_ref
    winner = conflict.winner.value
    assert get(amber.store, Person, victim_id).phone == winner
    assert get(blake.store, Person, victim_id).phone == winner

    carter.sync()
    carter.resolve(conflict.id, "loser")
    assert carter.conflicts(case_id)[0].resolving
    carter.sync()
    amber.sync()
    assert amber.conflicts(case_id) == []
    (done,) = amber.conflicts(case_id, include_resolved=True)
    assert done.status == "resolved"
    assert get(amber.store, Person, victim_id).phone == conflict.loser.value
    assert amber.status().open_conflicts == 0


def test_a_refused_change_is_quarantined_and_kept(officer: Callable[[str], SyncClient]) -> None:
    dunn = officer("cps.dunn")  # CPS accounts read cases but may not change them
    case_id, _victim = make_case(dunn.store)
    report = dunn.sync()
    assert report.rejected >= 2
    items = dunn.quarantine()
    assert {q.code for q in items} == {"forbidden"}
    case_item = next(q for q in items if q.entity == "case_file")
    assert case_item.case_id == case_id and case_item.payload["entity_id"] == case_id
    assert "summary" in case_item.fields
    assert get(dunn.store, CaseFile, case_id) is not None  # nothing silently undone
    assert dunn.status().quarantined == len(items) and dunn.status().pending == 0


def test_expired_and_unknown_access_tokens_are_refreshed(
    officer: Callable[[str], SyncClient],
) -> None:
    amber = officer("pc.amber")
    make_case(amber.store)
    with local.read(amber.store) as conn:
        before = state.read(conn)
    with local.write(amber.store) as conn:  # the access token expired
        state.write(conn, {state.ACCESS_EXPIRES: "0"})
    amber.sync()
    with local.write(amber.store) as conn:  # the server no longer knows it
        state.write(conn, {state.ACCESS: "not-a-token", state.ACCESS_EXPIRES: str(2e9)})
    amber.sync()
    with local.read(amber.store) as conn:
        after = state.read(conn)
    assert after[state.REFRESH] != before[state.REFRESH]  # rotated
    assert states(amber.store) == {"acked"}


def test_an_unusable_refresh_token_means_signing_in_again(
    officer: Callable[[str], SyncClient],
) -> None:
    amber = officer("pc.amber")
    make_case(amber.store)
    with local.write(amber.store) as conn:
        state.write(conn, {state.REFRESH: "stolen-or-expired", state.ACCESS_EXPIRES: "0"})
    with pytest.raises(NotLoggedIn):
        amber.sync()
    status = amber.status()
    assert not status.configured and status.pending > 0 and status.last_error
    assert status.inflight == 0  # nothing was prepared for sending
    amber.login(amber.status().server_url or "", "pc.amber", PASSWORD)
    amber.sync()
    assert states(amber.store) == {"acked"}


def test_offline_keeps_everything(central: Central, officer: Callable[[str], SyncClient]) -> None:
    amber = officer("pc.amber")
    make_case(amber.store)
    central.stop()
    with pytest.raises(SyncOffline):
        amber.sync()
    status = amber.status()
    assert not status.online and "cannot be reached" in (status.last_error or "")
    assert status.pending + status.inflight == len(outbox(amber.store))
    central.start()
    amber.sync()
    assert amber.status().online and amber.status().last_error is None
    assert states(amber.store) == {"acked"}


def test_a_revoked_device_reports_and_wipes(
    central: Central, officer: Callable[[str], SyncClient], tmp_path: Path
) -> None:
    amber = officer("pc.amber")
    store = amber.store
    store.set_keyring(True)
    store_id = store.keyfile.store_id
    case_id, _victim = make_case(store)
    amber.sync()
    with store.transaction() as s:
        s.get(CaseFile, case_id).place = "Coventry"  # type: ignore[union-attr]
    ref = get(store, CaseFile, case_id).local_ref
    central.revoke(store.device_id)
    with pytest.raises(DeviceRevoked) as caught:
        amber.sync()
    assert caught.value.wiped
    assert caught.value.report.cases == {ref: 2}  # the edit and its audit event
    root = tmp_path / "pc.amber"
    assert not (root / "store.db").exists() and not (root / "keyfile.json").exists()
    assert not list(root.glob("store.db-*"))
    with pytest.raises(Exception, match="no longer holds"):
        secrets.load_key(store_id)
    device = central.device(store.device_id)
    assert device is not None and device.wiped_at is not None
    assert device.wipe_report["pending_changes"] == 2  # type: ignore[index]


def test_a_revoked_device_that_cannot_report_keeps_everything(
    central: Central, officer: Callable[[str], SyncClient], tmp_path: Path
) -> None:
    amber = officer("pc.amber")
    make_case(amber.store)
    amber.logout()  # no token left to send the report with
    central.revoke(amber.store.device_id)
    with pytest.raises(DeviceRevoked) as caught:
        amber.login(central.url, "pc.amber", PASSWORD)
    assert not caught.value.wiped
    assert (tmp_path / "pc.amber" / "store.db").exists()
    assert amber.status().pending > 0


def test_sync_commands(
    central: Central,
    make_store: Callable[..., Store],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    store = make_store("cli")
    make_case(store)
    store.close()
    profile = ["--profile", str(tmp_path / "cli")]
    monkeypatch.setenv(cli.ENV_PASSPHRASE, PASSPHRASE)
    assert cli.main(["sync", *profile]) == NotLoggedIn.exit_code
    assert "hcdesk login" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    args = ["login", *profile, "--server", central.url, "--user", "pc.amber", "--password-stdin"]
    assert cli.main(args) == 0
    assert "Signed in" in capsys.readouterr().err
    assert cli.main(["sync", *profile, "--status"]) == 0
    out = capsys.readouterr().out
    assert "Unsent changes: " in out and "pc.amber" in out
    assert cli.main(["sync", *profile]) == 0
    assert "Synced: sent" in capsys.readouterr().out
    central.stop()
    assert cli.main(["sync", *profile]) == SyncOffline.exit_code
    assert "cannot be reached" in capsys.readouterr().err
    central.start()
    assert cli.main(["logout", *profile]) == 0
    assert cli.main(["sync", *profile]) == NotLoggedIn.exit_code
    with Store.open(tmp_path / "cli", PASSPHRASE) as reopened:
        assert {e.state for e in outbox(reopened)} == {"acked"}
        with reopened.session() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(Outbox)) > 0
    assert Any


def test_a_pull_in_many_small_pages_gets_everything(
    central: Central, officer: Callable[[str], SyncClient], make_store: Callable[..., Store]
) -> None:
    """Pages are fetched ahead while the one before is applied; the result is the same."""
    amber = officer("pc.amber")
    ids = [make_case(amber.store, name=f"Person {n}") for n in range(4)]
    amber.sync()
    blake = SyncClient(make_store("small-pages"), page_size=3)
    blake.login(central.url, "pc.blake", PASSWORD)
    report = blake.sync()
    assert report.pulled >= 12 and report.buckets_reset == []
    for case_id, victim_id in ids:
        assert get(blake.store, CaseFile, case_id) is not None
        assert (
            get(blake.store, Person, victim_id).versions()
            == get(amber.store, Person, victim_id).versions()
        )
    assert blake.sync().pulled == 0


def _indexed(store: Store) -> tuple[set[str], set[str], set[str], dict[str, str]]:
    """(live cases, cases in the case list, cases search can find, the stale mark)."""
    with store.engine_or_raise().connect() as conn:
        live = {r[0] for r in conn.exec_driver_sql("SELECT id FROM case_file WHERE deleted = 0")}
        listed = {r[0] for r in conn.exec_driver_sql("SELECT case_id FROM case_list")}
        found = set(search.search(conn, "Indexed"))
        return live, listed, found, state.read(conn, [state.INDEX_STALE])


def test_search_and_the_case_list_follow_a_paged_pull_even_a_cancelled_one(
    central: Central, officer: Callable[[str], SyncClient], make_store: Callable[..., Store]
) -> None:
    """Pulled cases are indexed once their rows are in, not page by page; a pull cut short
    still leaves every case it stored listed and searchable."""
    amber = officer("pc.amber")
    ids = {make_case(amber.store, name=f"Indexed Person{n}")[0] for n in range(6)}
    amber.sync()

    blake = SyncClient(make_store("paged"), page_size=3)
    blake.login(central.url, "pc.blake", PASSWORD)
    stop = threading.Event()

    def progress(p: SyncProgress) -> None:
        if p.phase == "pull" and p.done >= 6:
            stop.set()  # cancelled after a few pages

    with pytest.raises(SyncCancelled):
        blake.sync(progress=progress, cancel=stop)
    live, listed, found, stale = _indexed(blake.store)
    assert live and live < ids, "part of the cases arrived"
    assert listed == live and found == live and stale == {}

    phases: list[str] = []
    blake.sync(progress=lambda p: phases.append(p.phase))
    live, listed, found, stale = _indexed(blake.store)
    assert live == listed == found == ids and stale == {}
    assert phases[-1] == "index"


def test_revoked_while_reading_ahead_still_reports_and_wipes(
    central: Central,
    officer: Callable[[str], SyncClient],
    make_store: Callable[..., Store],
    tmp_path: Path,
) -> None:
    amber = officer("pc.amber")
    for n in range(3):
        make_case(amber.store, name=f"Person {n}")
    amber.sync()
    blake = SyncClient(make_store("revoked-ahead"), page_size=2)
    blake.login(central.url, "pc.blake", PASSWORD)
    seen: list[SyncProgress] = []

    def progress(p: SyncProgress) -> None:
        seen.append(p)
        if p.phase == "pull" and p.done and len(seen) == 3:
            central.revoke(blake.store.device_id)

    with pytest.raises(DeviceRevoked) as caught:
        blake.sync(progress=progress)
    assert caught.value.wiped
    assert not (tmp_path / "revoked-ahead" / "store.db").exists()


def test_case_states_follow_a_change_from_local_to_confirmed(
    central: Central, officer: Callable[[str], SyncClient]
) -> None:
    from hcdesk.sync import push

    amber = officer("pc.amber")
    case_id, _victim = make_case(amber.store)
    other_id, _v = make_case(amber.store, name="Someone Else")
    amber.sync()
    assert amber.case_states([case_id, other_id]) == {case_id: "confirmed", other_id: "confirmed"}
    with amber.store.transaction() as s:
        s.get(CaseFile, case_id).place = "Rugby"  # type: ignore[union-attr]
    assert amber.case_states([case_id, other_id])[case_id] == "local"
    # Sent and acknowledged, but not yet read back from the central store:
    import httpx

    from hcdesk.sync.run import push_body

    with local.write(amber.store) as conn:
        batch = push.next_batch(conn)
    token = amber._state()[state.ACCESS]
    r = httpx.post(
        f"{central.url}/v1/sync/push",
        content=push_body(amber.store.device_id, batch),
        headers={
            "Authorization": f"Bearer {token}",
            "X-Device-Id": amber.store.device_id,
            "Content-Type": "application/json",
        },
    )
    from hcdesk.wire import protocol as p

    with local.write(amber.store) as conn:
        push.apply_results(conn, amber.store, p.PushResponse.model_validate_json(r.content))
    assert amber.case_states([case_id, other_id]) == {case_id: "sent", other_id: "confirmed"}
    amber.sync()
    assert amber.case_states([case_id]) == {case_id: "confirmed"}


def test_locking_the_store_mid_sync_stops_cleanly(
    central: Central, officer: Callable[[str], SyncClient], tmp_path: Path
) -> None:
    from hcdesk.errors import StoreLocked

    amber = officer("pc.amber")
    for n in range(3):
        make_case(amber.store, name=f"Person {n}")
    amber.sync()
    blake = officer("pc.blake")
    blake.page_size = 2

    def progress(p: SyncProgress) -> None:
        if p.phase == "pull" and p.done:
            blake.store.lock()  # the officer walked away: auto-lock

    with pytest.raises(StoreLocked):
        blake.sync(progress=progress)
    with Store.open(tmp_path / "pc.blake", PASSPHRASE) as reopened:
        client = SyncClient(reopened, page_size=2)
        client.sync()  # carries on from the cursor that was committed with its data
        assert client.sync().pulled == 0
        with reopened.session() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(CaseFile)) == 3


def test_missing_outbox_entries_stop_the_push_and_nothing_is_skipped(
    officer: Callable[[str], SyncClient],
) -> None:
    from hcdesk.sync.client import ServerRefused

    amber = officer("pc.amber")
    case_id, victim_id = make_case(amber.store)
    amber.sync()
    for phone in ("1", "2"):
        with amber.store.transaction() as s:
            s.get(Person, victim_id).phone = phone  # type: ignore[union-attr]
    first = outbox(amber.store, Outbox.state == "pending")[0]
    with local.write(amber.store) as conn:  # a damaged outbox: a change number is missing
        conn.execute(sa.delete(Outbox).where(Outbox.client_seq == first.client_seq))
    with pytest.raises(ServerRefused, match="missing"):
        amber.sync()
    left = outbox(amber.store, Outbox.state.in_(("pending", "inflight")))
    assert left and all("missing" in (e.last_error or "") for e in left)
    assert amber.status().last_error and case_id


def test_a_central_store_with_a_private_ca(
    central: Central,
    make_store: Callable[..., Store],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    from hcdesk.sync.client import ServerRefused

    cert, key = self_signed_cert(tmp_path, common_name="hcdesk test CA")
    central.stop()
    central.start(tls=(cert, key))
    assert central.url.startswith("https://")
    store = make_store("tls")
    make_case(store)
    with pytest.raises(ServerRefused, match="certificate is not trusted"):
        SyncClient(store).login(central.url, "pc.amber", PASSWORD)
    store.close()
    profile = ["--profile", str(tmp_path / "tls")]
    monkeypatch.setenv(cli.ENV_PASSPHRASE, PASSPHRASE)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    login = ["login", *profile, "--server", central.url, "--user", "pc.amber", "--password-stdin"]
    assert cli.main([*login, "--ca-cert", str(cert)]) == 0
    with Store.open(tmp_path / "tls", PASSPHRASE) as reopened:
        report = SyncClient(reopened).sync()  # the CA given at sign-in is kept in the profile
        assert report.pushed > 0 and report.rejected == 0
    assert "Signed in" in capsys.readouterr().err
