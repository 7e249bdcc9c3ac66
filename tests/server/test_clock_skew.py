"""One fast laptop cannot drag the others: the central store's clock is bounded by its own wall
clock, reads a client's clock only from a signed-in request, and flags only the device whose
clock is off. Real laptops (encrypted stores, the real sync client) against a real server, on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from synckit import Fleet, Ledger, Officer, assert_converged, edit, log_contact, open_case

from hcdesk.models import CaseFile
from hcdesk.models.base import Versioned
from hcdesk.models.case import SYNCED_MODELS
from hcdesk.models.sync import SyncState
from hcdesk.server import cli as server_cli
from hcdesk.server.clock import ServerClock
from hcdesk.server.database import Database
from hcdesk.server.db import ChangeLog, Device, FieldHistory, Record
from hcdesk.wire.hlc import HLC, HybridClock
from hcdesk.wire.protocol import MAX_SKEW_MS
from hcdesk.wire.version import WIRE_VERSION

HOUR_MS = 3600 * 1000


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


def server_clock(live_server: Any, base: str) -> ServerClock:
    clock: ServerClock = live_server.app(base).state.clock
    return clock


def flagged(db: Database) -> dict[str, bool]:
    """Device id -> whether the central store flagged its clock."""
    with db.session() as s:
        return {d.device_id: d.skew_flagged_at is not None for d in s.scalars(sa.select(Device))}


# -- the X-Client-HLC header ----------------------------------------------------------------------
def test_an_anonymous_request_cannot_move_the_server_clock(
    http: httpx.Client,
    live_server: Any,
    server_db_url: str,
    make_user: Any,
    login: Any,
) -> None:
    base = live_server(server_db_url)
    db = live_server.db(base)
    make_user(db, "ann", teams=("A",))
    ann = login(base, "ann", device_id="ann-laptop")
    for ahead_ms in (60_000, 12 * HOUR_MS, 23 * HOUR_MS):
        header = {"X-Client-HLC": HLC(wall_ms() + ahead_ms, 3, "evil").encode()}
        answers = [
            http.get(f"{base}/v1/health", headers=header),
            http.get(f"{base}/v1/sync/meta", headers=header),
            http.get(f"{base}/v1/nowhere", headers=header),
            http.post(
                f"{base}/v1/auth/login",
                json={"username": "ann", "password": "wrong", "device_id": "ann-laptop"},
                headers=header,
            ),
            http.post(
                f"{base}/v1/sync/pull",
                json={"device_id": "ann-laptop", "schema_version": WIRE_VERSION},
                headers={**header, "Authorization": "Bearer not-a-token"},
            ),
            # A refresh token is no access token: still not signed in.
            http.post(
                f"{base}/v1/sync/pull",
                json={"device_id": "ann-laptop", "schema_version": WIRE_VERSION},
                headers={**header, "Authorization": f"Bearer {ann['refresh_token']}"},
            ),
        ]
        assert [r.status_code for r in answers] == [200, 200, 404, 401, 401, 401]
        now = wall_ms()
        for r in answers:
            assert HLC.decode(r.headers["x-server-hlc"]).wall_ms <= now
        assert server_clock(live_server, base).last.wall_ms <= now
    assert flagged(db) == {"ann-laptop": False}


def test_a_signed_in_clock_within_the_margin_is_folded_in(
    http: httpx.Client, live_server: Any, server_db_url: str, make_user: Any, login: Any
) -> None:
    base = live_server(server_db_url)
    db = live_server.db(base)
    make_user(db, "ann", teams=("A",))
    ann = login(base, "ann", device_id="ann-laptop")
    ahead = HLC(wall_ms() + 60_000, 7, "laptopA")  # a minute ahead: within the margin
    r = http.post(
        f"{base}/v1/sync/pull",
        json={"device_id": "ann-laptop", "schema_version": WIRE_VERSION},
        headers={"Authorization": f"Bearer {ann['access_token']}", "X-Client-HLC": ahead.encode()},
    )
    assert r.status_code == 200
    assert HLC.decode(r.headers["x-server-hlc"]) > ahead
    assert HLC.decode(r.json()["server_hlc"]) > ahead
    for garbled in ("yesterday-ish", "", "9" * 200):
        r = http.post(
            f"{base}/v1/sync/pull",
            json={"device_id": "ann-laptop", "schema_version": WIRE_VERSION},
            headers={"Authorization": f"Bearer {ann['access_token']}", "X-Client-HLC": garbled},
        )
        assert r.status_code == 200
    assert flagged(db) == {"ann-laptop": False}


def test_a_signed_in_clock_12_hours_ahead_is_not_folded_in_and_flags_that_device_only(
    http: httpx.Client, live_server: Any, server_db_url: str, make_user: Any, login: Any
) -> None:
    base = live_server(server_db_url)
    db = live_server.db(base)
    make_user(db, "ann", teams=("A",))
    make_user(db, "bob", teams=("A",))
    make_user(db, "root", role="admin", teams=())
    pairs = {
        "ann-laptop": login(base, "ann", device_id="ann-laptop"),
        "bob-laptop": login(base, "bob", device_id="bob-laptop"),
        "root-laptop": login(base, "root", device_id="root-laptop"),
    }

    def pull(device: str, clock: HLC) -> httpx.Response:
        return http.post(
            f"{base}/v1/sync/pull",
            json={"device_id": device, "schema_version": WIRE_VERSION},
            headers={
                "Authorization": f"Bearer {pairs[device]['access_token']}",
                "X-Client-HLC": clock.encode(),
            },
        )

    fast = HLC(wall_ms() + 12 * HOUR_MS, 0, "annnode")
    r = pull("ann-laptop", fast)
    assert r.status_code == 200
    assert HLC.decode(r.headers["x-server-hlc"]).wall_ms <= wall_ms()
    r = pull("bob-laptop", HLC(wall_ms(), 0, "bobnode"))  # Bob's clock is right
    assert r.status_code == 200
    # An administrator's request reads the header too.
    r = http.get(
        f"{base}/v1/admin/teams",
        headers={
            "Authorization": f"Bearer {pairs['root-laptop']['access_token']}",
            "X-Client-HLC": HLC(wall_ms() + 2 * HOUR_MS, 0, "rootnode").encode(),
        },
    )
    assert r.status_code == 200
    assert server_clock(live_server, base).last.wall_ms <= wall_ms() + MAX_SKEW_MS
    assert flagged(db) == {"ann-laptop": True, "bob-laptop": False, "root-laptop": True}


# -- real laptops ---------------------------------------------------------------------------
class Team:
    def __init__(self, fleet: Fleet, clock: ServerClock, db_url: str) -> None:
        self.fleet, self.clock, self.db_url = fleet, clock, db_url
        self.name = fleet.team()
        fleet.account("amber", teams=[self.name])
        fleet.account("blake", teams=[self.name])
        self.amber = fleet.laptop("amber")  # her clock is right
        self.blake = fleet.laptop("blake")
        self.ledger = Ledger()
        self.cases: list[str] = []


@pytest.fixture
def team(live_server: Any, server_db_url: str, tmp_path: Path) -> Iterator[Team]:
    base = live_server(server_db_url)
    fleet = Fleet(base, live_server.db(base), tmp_path)
    team = Team(fleet, server_clock(live_server, base), server_db_url)
    yield team
    fleet.close()


def laptop_versions(o: Officer) -> list[str]:
    """Every version a laptop holds: each synced row's field versions and its clock's mark."""
    out: list[str] = []
    with o.store.session() as s:
        for model in SYNCED_MODELS:
            if issubclass(model, Versioned):
                for vers in s.scalars(sa.select(model.field_vers)):
                    out += [v for v in vers.values() if v]
        hw = s.get(SyncState, "hlc_hw")
        assert hw is not None
        out.append(hw.value)
    return out


def central_versions(db: Database) -> list[str]:
    """Every version the central store holds and hands out: stored fields, their history and
    the change log (``was``, a device's own version kept to recognise its next edit, is not
    handed out and not compared)."""
    out: list[str] = []
    with db.session() as s:
        for fields in s.scalars(sa.select(Record.fields)):
            out += [fv["ver"] for fv in fields.values()]
        for fields in s.scalars(sa.select(FieldHistory.fields)):
            out += [fv["ver"] for fv in (fields or {}).values()]
        for fields in s.scalars(sa.select(ChangeLog.fields)):
            out += [fv["ver"] for fv in (fields or {}).values() if isinstance(fv, dict)]
    return out


def from_the_future(versions: list[str], now: int) -> list[str]:
    return [v for v in versions if HLC.decode(v).wall_ms > now + MAX_SKEW_MS]


def test_a_laptop_12_hours_fast_drags_no_one_and_only_it_is_flagged(
    team: Team, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    amber, blake, db = team.amber, team.blake, team.fleet.db
    case_id, _ = open_case(amber, team.ledger, team.name)
    team.cases.append(case_id)
    amber.sync()
    blake.sync()
    blake.skew(12 * HOUR_MS)
    edit(blake, team.ledger, CaseFile, case_id, place="Rugby")
    log_contact(blake, team.ledger, case_id, "Phoned the victim")
    blake.sync()
    amber.sync()  # Amber sees Blake's edit...
    edit(amber, team.ledger, CaseFile, case_id, place="Leamington Spa")  # ...and changes it
    amber.sync()
    blake.sync()
    edit(blake, team.ledger, CaseFile, case_id, summary="Spat at and pushed on the bus")
    for o in (blake, amber, blake, amber):
        o.sync()
    assert_converged(db, [amber, blake], team.cases)
    assert team.ledger.lost(db) == []
    # Amber's edit, made after she saw Blake's, is the one that stands.
    with amber.store.session() as s:
        case = s.get(CaseFile, case_id)
        assert case is not None
        assert (case.place, case.summary) == ("Leamington Spa", "Spat at and pushed on the bus")

    now = wall_ms()
    assert from_the_future(central_versions(db), now) == []
    assert from_the_future(laptop_versions(amber), now) == []
    assert team.clock.last.wall_ms <= now + MAX_SKEW_MS
    assert flagged(db) == {amber.store.device_id: False, blake.store.device_id: True}
    # IT sees which one.
    monkeypatch.delenv("HCDESK_SERVER_CONFIG", raising=False)
    capsys.readouterr()
    assert server_cli.main(["--database", team.db_url, "list-devices"]) == 0
    listed = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:]}
    assert "clock ahead" in listed[blake.store.device_id]
    assert "clock ahead" not in listed[amber.store.device_id]
    # Blake is told his clock is off; Amber is told nothing.
    status = blake.client.status()
    assert status.last_error is not None
    assert "clock is about 12 hours ahead of the central store's" in status.last_error
    assert amber.client.status().last_error is None
    report = blake.sync()
    assert report.clock_warning == status.last_error
    assert amber.sync().clock_warning is None
    # Once Blake's clock is right again, the warning goes with the next sync.
    blake.skew(0)
    assert blake.sync().clock_warning is None
    assert blake.client.status().last_error is None


def test_a_version_from_the_future_already_on_the_central_store_drags_no_laptop(
    team: Team,
) -> None:
    """A central store whose clock was not yet bounded took in versions 12 hours ahead. A
    laptop that pulls one after the upgrade keeps its own clock; its edit based on it still
    comes after it, and it is not flagged for a clock that is right."""
    amber, blake, db = team.amber, team.blake, team.fleet.db
    clock = team.clock
    case_id, _ = open_case(amber, team.ledger, team.name)
    team.cases.append(case_id)
    amber.sync()
    blake.sync()
    # Before the upgrade: the central store took in anything less than a day ahead.
    clock.margin_ms = 24 * HOUR_MS
    blake.skew(12 * HOUR_MS)
    edit(blake, team.ledger, CaseFile, case_id, place="Warwick")
    blake.sync()
    with db.session() as s:
        rec = s.get(Record, case_id)
        assert rec is not None
        future = rec.fields["place"]["ver"]
    assert HLC.decode(future).wall_ms > wall_ms() + 11 * HOUR_MS
    # The upgrade: the central store restarts with a bounded clock; Blake's clock is set right.
    clock.margin_ms = MAX_SKEW_MS
    clock.clock = HybridClock("server")
    blake.skew(0)
    amber.sync()
    with amber.store.session() as s:
        case = s.get(CaseFile, case_id)
        assert case is not None and case.place == "Warwick"
    assert from_the_future(laptop_versions(amber), wall_ms()) == [future]  # the field, only
    edit(amber, team.ledger, CaseFile, case_id, place="Kenilworth")
    amber.sync()
    blake.sync()
    amber.sync()
    assert_converged(db, [amber, blake], team.cases)
    with db.session() as s:
        rec = s.get(Record, case_id)
        assert rec is not None
        assert rec.fields["place"]["value"] == "Kenilworth"
        assert rec.fields["place"]["ver"] > future  # after the version it replaced
    assert from_the_future(laptop_versions(amber)[-1:], wall_ms()) == []  # her clock's mark
    assert clock.last.wall_ms <= wall_ms() + MAX_SKEW_MS
    assert flagged(db)[amber.store.device_id] is False
    assert amber.client.status().last_error is None
