"""A central store restored from a backup, or dropped and made again, after laptops synced.

The laptops trusted what the store acknowledged. After the restore every case and every value
each laptop holds must be back on the central store, the laptops must converge with it, nothing
may be quarantined, and each laptop's sync report must say it sent its changes again. Real
laptops (encrypted stores, the real client) against a real server over HTTP; the backups are
real (``hcdesk-server backup``: pg_dump, or SQLite's online backup) and so are the restores
(``pg_restore`` into a re-created database, or the backup file put back).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from conftest import PG_ADMIN_DSN
from synckit import (
    PASSWORD,
    Fleet,
    Ledger,
    Officer,
    assert_converged,
    edit,
    log_contact,
    open_case,
)

from hcdesk.models import CaseFile, Person
from hcdesk.models.enums import CaseStatus
from hcdesk.models.sync import Outbox, SyncBucket
from hcdesk.server import cli as server_cli
from hcdesk.server.backup import libpq_url
from hcdesk.server.database import Database
from hcdesk.server.db import BucketCounter, Device, Record, ServerAudit, StoreIdentity
from hcdesk.sync.client import NotLoggedIn, SyncReport


# -- helpers ----------------------------------------------------------------------------------
def admin(url: str, *args: str) -> None:
    assert server_cli.main(["--database", url, *args]) == 0


def identity(db: Database) -> tuple[str, str]:
    with db.session() as s:
        row = s.get(StoreIdentity, 1)
        assert row is not None
        return row.store_id, row.generation


def server_cases(db: Database) -> set[str]:
    with db.session() as s:
        return set(s.scalars(sa.select(Record.entity_id).where(Record.entity == "case_file")))


def quarantined(o: Officer) -> int:
    return len(o.client.quarantine())


def states(o: Officer) -> dict[str, int]:
    with o.store.session() as s:
        return dict(
            s.execute(sa.select(Outbox.state, sa.func.count()).group_by(Outbox.state)).all()
        )


class World:
    """A team of two laptops on one running central store, and what they saved."""

    def __init__(self, live_server: Any, url: str, tmp_path: Path) -> None:
        self.live_server, self.url, self.tmp_path = live_server, url, tmp_path
        self.base = live_server(url)
        self.fleet = Fleet(self.base, live_server.db(self.base), tmp_path)
        self.team = self.fleet.team()
        for name in ("amber", "blake", "carter"):
            self.fleet.account(name, teams=[self.team])
        self.amber = self.fleet.laptop("amber")
        self.blake = self.fleet.laptop("blake")
        self.ledger = Ledger()
        self.cases: list[str] = []
        self.people: dict[str, str] = {}

    @property
    def db(self) -> Database:
        return self.live_server.db(self.base)

    def open_case(self, who: Officer, victim: str) -> str:
        case_id, person_id = open_case(who, self.ledger, self.team, victim=victim)
        self.cases.append(case_id)
        self.people[case_id] = person_id
        return case_id

    def sync(self, *officers: Officer, rounds: int = 2) -> None:
        for _ in range(rounds):
            for o in officers:
                o.sync()

    def close(self) -> None:
        self.fleet.close()


@pytest.fixture
def sqlite_world(live_server: Any, sqlite_db_url: str, tmp_path: Path) -> Iterator[World]:
    world = World(live_server, sqlite_db_url, tmp_path)
    yield world
    world.close()


def populate_and_back_up(w: World, backup: Path) -> None:
    """Work from both laptops, synced everywhere, then a backup of the central store."""
    for i in range(3):
        w.open_case(w.amber, f"Amber victim {i}")
    for i in range(2):
        w.open_case(w.blake, f"Blake victim {i}")
    w.sync(w.amber, w.blake)
    admin(w.url, "backup", "--out", str(backup))


def work_after_backup(w: World) -> None:
    """New cases on both laptops and edits of old ones (each of the other's), synced."""
    w.open_case(w.amber, "After backup A")
    w.open_case(w.blake, "After backup B")
    old_amber, old_blake = w.cases[0], w.cases[3]
    edit(w.blake, w.ledger, CaseFile, old_amber, place="Coventry, Far Gosford Street")
    edit(w.amber, w.ledger, Person, w.people[old_blake], phone="07700 900777")
    edit(w.amber, w.ledger, CaseFile, w.cases[1], summary="Spat at on the bus; CCTV requested")
    log_contact(w.blake, w.ledger, old_amber, "Called back about the CCTV")
    w.sync(w.amber, w.blake)


def restore_sqlite(w: World, backup: Path) -> None:
    """Stop the service, put the backup file back in place of the database, start it."""
    path = Path(sa.make_url(w.url).database or "")
    w.live_server.stop(w.base)
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    shutil.copyfile(backup, path)
    w.live_server.restart(w.base, w.url)


def assert_all_back(w: World, *officers: Officer) -> None:
    assert server_cases(w.db) == set(w.cases), "cases are missing on the central store"
    assert_converged(w.db, officers, w.cases)
    assert w.ledger.lost(w.db) == []
    for o in officers:
        assert quarantined(o) == 0, f"{o.name} has refused changes"


# -- PostgreSQL: pg_dump, more work, drop and re-create the database, pg_restore ---------------
@pytest.mark.postgres
@pytest.mark.parametrize("told", [True, False], ids=["hcdesk-server-restored", "not-told"])
def test_restored_postgres_store_gets_back_every_change_the_laptops_hold(
    live_server: Any, postgres_db_url: str, tmp_path: Path, told: bool
) -> None:
    w = World(live_server, postgres_db_url, tmp_path)
    try:
        backup = tmp_path / "central.dump"
        populate_and_back_up(w, backup)
        assert backup.stat().st_size > 0
        work_after_backup(w)
        # A laptop signed in for the first time after the backup, with work of its own.
        carter = w.fleet.laptop("carter")
        carter.sync()
        w.open_case(carter, "Carter victim")
        edit(carter, w.ledger, CaseFile, w.cases[0], status=CaseStatus.AT_COURT)
        w.sync(carter, w.amber, w.blake)
        before = identity(w.db)
        assert len(server_cases(w.db)) == 8

        # The restore: stop the service, drop and re-create the database, pg_restore.
        w.live_server.stop(w.base)
        name = sa.make_url(postgres_db_url).database
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        uri, _ = libpq_url(postgres_db_url)
        done = subprocess.run(
            ["pg_restore", "--no-owner", "--dbname", uri, str(backup)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        if told:
            admin(postgres_db_url, "restored")
        w.live_server.restart(w.base, postgres_db_url)
        assert len(server_cases(w.db)) == 5  # what the backup held
        assert identity(w.db)[0] == before[0]  # the same store...
        assert (identity(w.db)[1] != before[1]) is told  # ...a new generation once told

        # Sync again: amber and blake have nothing new to send, and notice all the same.
        reports: dict[str, SyncReport] = {"amber": w.amber.sync(), "blake": w.blake.sync()}
        with pytest.raises(NotLoggedIn):  # the restored store never knew carter's laptop
            carter.sync()
        carter.client.login(w.base, "carter", PASSWORD)
        reports["carter"] = carter.sync()
        w.sync(w.amber, w.blake, carter)

        for who, report in reports.items():
            assert report.restore is not None, f"{who}'s report does not say"
            assert "restored from a backup" in report.restore
            assert report.resent > 0, who
            assert f"sent again the {report.resent} change" in report.restore
        assert_all_back(w, w.amber, w.blake, carter)
        assert identity(w.db)[1] != before[1]
        for o in (w.amber, w.blake, carter):
            status = o.client.status()
            assert status.restore_notice is not None and "restored" in status.restore_notice
    finally:
        w.close()


# -- SQLite: each way of noticing -------------------------------------------------------------
def test_restored_sqlite_store_after_hcdesk_server_restored(
    sqlite_world: World, tmp_path: Path
) -> None:
    w = sqlite_world
    populate_and_back_up(w, tmp_path / "central.db.bak")
    work_after_backup(w)
    restore_sqlite(w, tmp_path / "central.db.bak")
    admin(w.url, "restored")
    before = identity(w.db)

    report = w.amber.sync()
    assert report.restore is not None and report.resent > 0
    w.sync(w.blake, w.amber)
    assert_all_back(w, w.amber, w.blake)
    assert identity(w.db) == before  # one restore, one generation: no laptop made another


def test_idle_laptop_proves_the_loss_and_the_store_takes_a_new_generation(
    sqlite_world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Nobody ran 'hcdesk-server restored'; amber has nothing new to send, but her
    acknowledgements go beyond what the store holds of her laptop."""
    w = sqlite_world
    populate_and_back_up(w, tmp_path / "central.db.bak")
    work_after_backup(w)
    restore_sqlite(w, tmp_path / "central.db.bak")
    before = identity(w.db)
    assert states(w.amber) == {"acked": states(w.amber)["acked"]}  # nothing to push

    with caplog.at_level(logging.WARNING, logger="hcdesk.server.epoch"):
        report = w.amber.sync()
    assert report.restore is not None and report.resent > 0
    after = identity(w.db)
    assert after[0] == before[0] and after[1] != before[1]
    warnings = [r.getMessage() for r in caplog.records if r.name == "hcdesk.server.epoch"]
    assert len(warnings) == 1 and "holds acknowledgements up to change" in warnings[0]
    assert "Victim" not in warnings[0] and "victim" not in warnings[0]  # never case data

    blake = w.blake.sync()  # told by the new generation
    assert blake.restore is not None and blake.resent > 0
    w.sync(w.amber, w.blake)
    assert_all_back(w, w.amber, w.blake)
    assert identity(w.db) == after  # blake's own loss made no second generation
    with w.db.session() as s:
        made = s.scalars(
            sa.select(ServerAudit).where(ServerAudit.action == "new_generation")
        ).all()
    assert len(made) == 1


def test_reading_laptop_ahead_of_the_bucket_counter_proves_the_loss(
    sqlite_world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Blake only read what amber did after the backup: none of his changes are missing, but
    his cursor is beyond the restored bucket's counter."""
    w = sqlite_world
    populate_and_back_up(w, tmp_path / "central.db.bak")
    w.open_case(w.amber, "After backup A")
    edit(w.amber, w.ledger, CaseFile, w.cases[3], place="Nuneaton")
    w.sync(w.amber, w.blake)
    restore_sqlite(w, tmp_path / "central.db.bak")
    before = identity(w.db)

    with caplog.at_level(logging.WARNING, logger="hcdesk.server.epoch"):
        report = w.blake.sync()
    assert identity(w.db)[1] != before[1]
    assert any("has read bucket" in r.getMessage() for r in caplog.records)
    assert report.restore is not None and report.resent == 0
    assert "had no change the store lacked" in report.restore
    with w.blake.store.session() as s:  # read again from the start, up to the store's counter
        mine = {b.bucket: b.seq for b in s.scalars(sa.select(SyncBucket)) if b.seq}
    with w.db.session() as s:
        theirs = {b.bucket: b.seq for b in s.scalars(sa.select(BucketCounter))}
    assert mine and mine == theirs

    amber = w.amber.sync()
    assert amber.restore is not None and amber.resent > 0
    w.sync(w.blake, w.amber)
    assert_all_back(w, w.amber, w.blake)


def test_new_change_after_an_unannounced_restore_is_not_refused(
    sqlite_world: World, tmp_path: Path
) -> None:
    """Amber's next change is numbered beyond what the restored store expects: before, the
    409 seq_gap stopped her sync with 'tell IT'; now the missing changes go first."""
    w = sqlite_world
    populate_and_back_up(w, tmp_path / "central.db.bak")
    work_after_backup(w)
    restore_sqlite(w, tmp_path / "central.db.bak")
    w.open_case(w.amber, "After restore")

    report = w.amber.sync()
    assert report.restore is not None and report.resent > 0
    w.sync(w.blake, w.amber)
    assert_all_back(w, w.amber, w.blake)


def test_store_too_old_to_say_who_it_is_still_gets_the_changes_again(
    sqlite_world: World, tmp_path: Path
) -> None:
    """A store that sends no identity headers (here: its identity row removed, as on a server
    from before this change): the seq_gap itself is the sign, and the changes go again."""
    w = sqlite_world
    populate_and_back_up(w, tmp_path / "central.db.bak")
    work_after_backup(w)
    restore_sqlite(w, tmp_path / "central.db.bak")
    with w.db.write_session() as s, s.begin():
        s.execute(sa.delete(StoreIdentity))
    w.open_case(w.amber, "After restore A")
    w.open_case(w.blake, "After restore B")

    reports = {o.name: o.sync() for o in (w.amber, w.blake)}
    for who, report in reports.items():
        assert report.restore is not None and report.resent > 0, who
    w.sync(w.amber, w.blake)
    assert_all_back(w, w.amber, w.blake)


# -- a recreated store: new identity, sign in again, everything again ---------------------------
def test_recreated_store_gets_everything_again_once_the_laptops_sign_in(
    sqlite_world: World, tmp_path: Path
) -> None:
    w = sqlite_world
    populate_and_back_up(w, tmp_path / "central.db.bak")
    work_after_backup(w)
    before = identity(w.db)

    # Dropped and made again: an empty database, the same team and accounts set up again.
    path = Path(sa.make_url(w.url).database or "")
    w.live_server.stop(w.base)
    for extra in ("", "-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    admin(w.url, "init-db")
    w.live_server.restart(w.base, w.url)
    w.fleet.db = w.db
    with w.db.write_session() as s, s.begin():
        from hcdesk.server import admin as server_admin

        server_admin.add_team(s, w.team, actor="test")
    for name in ("amber", "blake"):
        w.fleet.account(name, teams=[w.team])
    assert identity(w.db)[0] != before[0]
    assert server_cases(w.db) == set()

    reports = {}
    for o in (w.amber, w.blake):
        with pytest.raises(NotLoggedIn):
            o.sync()
        o.client.login(w.base, o.name, PASSWORD)
        reports[o.name] = o.sync()
    w.sync(w.amber, w.blake)

    for who, report in reports.items():
        assert report.restore is not None, who
        assert "set up again from empty" in report.restore
        assert report.resent > 0
    assert_all_back(w, w.amber, w.blake)
    with w.db.session() as s:
        devices = {d.device_id: d.last_client_seq for d in s.scalars(sa.select(Device))}
    for o in (w.amber, w.blake):  # every change this laptop ever made is on the new store
        with o.store.session() as s:
            top = s.scalar(sa.select(sa.func.max(Outbox.client_seq)))
        assert devices[o.store.device_id] == top


# -- the protocol stays additive ---------------------------------------------------------------
def test_older_client_sees_the_same_bodies_and_never_moves_the_generation(
    sqlite_world: World, tmp_path: Path, http: Any, login: Any
) -> None:
    w = sqlite_world
    pair = login(w.base, "carter")
    populate_and_back_up(w, tmp_path / "central.db.bak")
    work_after_backup(w)
    headers = {"Authorization": f"Bearer {pair['access_token']}", "X-Device-Id": pair["device_id"]}
    body = {"device_id": pair["device_id"], "schema_version": 1, "cursors": {}}
    first = http.post(f"{w.base}/v1/sync/pull", json=body, headers=headers)
    assert first.status_code == 200
    cursors = first.json()["cursors"]
    restore_sqlite(w, tmp_path / "central.db.bak")
    before = identity(w.db)

    # An older client sends no claim: its cursor beyond the counter moves nothing.
    again = http.post(
        f"{w.base}/v1/sync/pull", json={**body, "cursors": cursors}, headers=headers
    )
    assert again.status_code == 200
    assert set(again.json()) == {
        "changes", "cursors", "has_more", "buckets", "buckets_removed", "checksums", "server_hlc"
    }  # fmt: skip
    assert again.headers["X-Store-Id"] == before[0]
    assert identity(w.db) == before


def test_backup_marks_what_each_device_sent_as_durable(
    sqlite_world: World, tmp_path: Path, http: Any
) -> None:
    w = sqlite_world
    w.open_case(w.amber, "Before the backup")
    w.sync(w.amber)
    with w.amber.store.session() as s:
        sent = s.scalar(sa.select(sa.func.max(Outbox.client_seq)))
    backup = tmp_path / "central.db.bak"
    admin(w.url, "backup", "--out", str(backup))
    assert server_cli.main(["--database", w.url, "backup", "--out", str(backup)]) == 2  # kept
    w.open_case(w.amber, "After the backup")
    w.sync(w.amber)
    with w.db.session() as s:
        device = s.get(Device, w.amber.store.device_id)
        assert device is not None
        assert device.durable_seq == sent < device.last_client_seq
    # The backup itself is a complete store holding the marked changes.
    copy = sa.create_engine(f"sqlite:///{backup}")
    with copy.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        durable = conn.execute(
            sa.text("SELECT durable_seq, last_client_seq FROM device WHERE device_id = :d"),
            {"d": w.amber.store.device_id},
        ).one()
    copy.dispose()
    assert tuple(durable) == (sent, sent)
    # The laptop is told how far its changes are in the last backup.
    with w.amber.store.session() as s:
        token = s.execute(
            sa.text("SELECT value FROM sync_state WHERE key = 'sync.access_token'")
        ).scalar_one()
    answer = http.post(
        f"{w.base}/v1/sync/pull",
        json={"device_id": w.amber.store.device_id, "schema_version": 1, "cursors": {}},
        headers={"Authorization": f"Bearer {token}", "X-Device-Id": w.amber.store.device_id},
    )
    assert answer.status_code == 200
    assert int(answer.headers["X-Durable-Seq"]) == sent
    assert int(answer.headers["X-Device-Seq"]) > sent
