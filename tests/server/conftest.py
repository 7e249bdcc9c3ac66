"""Fixtures for the central store's tests: real databases, a real uvicorn server, quick accounts.

* ``server_db_url``: a fresh empty database, once on SQLite (a file under tmp_path) and once on
  PostgreSQL (a uniquely named database, dropped afterwards). Without a reachable PostgreSQL
  the PostgreSQL variant is skipped with the reason printed, or fails when
  HCDESK_REQUIRE_POSTGRES=1 (as in CI). ``sqlite_db_url`` / ``postgres_db_url`` give one each.
* ``server_db``: a :class:`~hcdesk.server.database.Database` on ``server_db_url`` with the
  schema created.
* ``live_server(url, **config) -> base_url``: creates the schema, then runs the real app under
  real uvicorn in a background thread on a free port; stopped cleanly at the end of the test.
  ``live_server.restart(base_url, url)`` stops it and starts one at the same address (on
  another database, or the same one after a restore).
  ``live_server.app(base_url)`` / ``live_server.db(base_url)`` give the app and its Database.
* ``make_user(db_or_url, username, role=..., teams=(...)) -> user_id``: through the same admin
  functions as the CLI, creating missing teams; the password is ``user_password``.
* ``login(base_url, username, device_id=...) -> dict``: the TokenPair JSON of a sign-in.
* ``http``: one shared ``httpx.Client`` (use it rather than ``httpx.get``: much faster).

Password hashing uses real Argon2id at a low cost so the suite stays quick.
"""

from __future__ import annotations

import os
import queue
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import psycopg
import pytest
import uvicorn
from argon2 import PasswordHasher
from fastapi import FastAPI

# Re-exported for test modules that do ``from conftest import PASSPHRASE`` (see testvalues).
from testvalues import FAST_KDF, PASSPHRASE  # noqa: F401

from hcdesk.server import admin, auth
from hcdesk.server.app import create_app
from hcdesk.server.config import ServerConfig
from hcdesk.server.database import Database, init_schema, make_database

PG_HOST = os.environ.get("HCDESK_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("HCDESK_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("HCDESK_TEST_PG_USER", "postgres")
PG_ADMIN_DSN = f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/postgres"
USER_PASSWORD = "correct horse battery staple"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "PASSWORD_HASHER", FAST_HASHER)


@pytest.fixture
def user_password() -> str:
    return USER_PASSWORD


# -- databases -------------------------------------------------------------------------------------
_pg_state: dict[str, str | None] = {}


def _postgres_unavailable() -> str | None:
    """None when PostgreSQL answers, else why not (checked once per session)."""
    if "reason" not in _pg_state:
        try:
            psycopg.connect(PG_ADMIN_DSN, connect_timeout=3).close()
            _pg_state["reason"] = None
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            _pg_state["reason"] = f"PostgreSQL is not reachable at {PG_HOST}:{PG_PORT} ({first})"
    return _pg_state["reason"]


class _Dropper:
    """Drops finished test databases on a background thread (DROP ... FORCE takes ~0.4 s)."""

    def __init__(self) -> None:
        self.names: queue.Queue[str | None] = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="pg-dropper", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (name := self.names.get()) is not None:
            try:
                with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except psycopg.Error as exc:  # left behind: named hcdesk_t_*, harmless
                print(f"could not drop the test database {name}: {exc}")

    def close(self) -> None:
        self.names.put(None)
        self.thread.join(timeout=120)


@pytest.fixture(scope="session")
def _pg_dropper() -> Iterator[_Dropper]:
    dropper = _Dropper()
    yield dropper
    dropper.close()


@pytest.fixture
def postgres_db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A new, empty PostgreSQL database for this test; dropped (with FORCE) afterwards."""
    reason = _postgres_unavailable()
    if reason is not None:
        if os.environ.get("HCDESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason}, and HCDESK_REQUIRE_POSTGRES=1")
        print(f"SKIPPED: {reason}")
        pytest.skip(reason)
    dropper: _Dropper = request.getfixturevalue("_pg_dropper")
    name = f"hcdesk_t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        dropper.names.put(name)


@pytest.fixture
def sqlite_db_url(tmp_path: Any) -> str:
    return f"sqlite:///{tmp_path / 'central' / 'central.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server_db_url(request: pytest.FixtureRequest) -> str:
    """An empty database URL: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_db_url"))
    return str(request.getfixturevalue("postgres_db_url"))


@pytest.fixture
def server_db(server_db_url: str) -> Iterator[Database]:
    db = make_database(server_db_url)
    init_schema(db)
    yield db
    db.dispose()


@pytest.fixture
def sqlite_server_db(sqlite_db_url: str) -> Iterator[Database]:
    db = make_database(sqlite_db_url)
    init_schema(db)
    yield db
    db.dispose()


# -- accounts --------------------------------------------------------------------------------------
@pytest.fixture
def make_user() -> Iterator[Callable[..., str]]:
    """``make_user(db_or_url, username, role="caseworker", teams=("North",)) -> user_id``."""
    opened: list[Database] = []

    def make(
        db_or_url: Database | str,
        username: str,
        role: str = "caseworker",
        teams: tuple[str, ...] | list[str] = ("North",),
        password: str = USER_PASSWORD,
        display_name: str = "",
    ) -> str:
        if isinstance(db_or_url, str):
            db = make_database(db_or_url)
            opened.append(db)
        else:
            db = db_or_url
        with db.write_session() as s, s.begin():
            for team in teams:
                if admin._find_team(s, team) is None:
                    admin.add_team(s, team, actor="test")
            user = admin.add_user(
                s, username, password, role, list(teams), display_name or username, actor="test"
            )
            return user.id

    yield make
    for db in opened:
        db.dispose()


@pytest.fixture(scope="session")
def http() -> Iterator[httpx.Client]:
    """One HTTP client for the session (a new client per request costs ~80 ms of TLS setup)."""
    with httpx.Client(timeout=30) as client:
        yield client


@pytest.fixture
def login(user_password: str, http: httpx.Client) -> Callable[..., dict[str, Any]]:
    """``login(base_url, username, device_id=None, **fields) -> TokenPair JSON`` (must succeed)."""

    def do(
        base_url: str, username: str, device_id: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        body = {
            "username": username,
            "password": fields.pop("password", user_password),
            "device_id": device_id or f"dev-{username}-{uuid.uuid4().hex[:8]}",
            **fields,
        }
        r = http.post(f"{base_url}/v1/auth/login", json=body)
        assert r.status_code == 200, r.text
        data: dict[str, Any] = r.json()
        data["device_id"] = body["device_id"]
        return data

    return do


# -- a real server ---------------------------------------------------------------------------------
class _Running:
    def __init__(
        self, server: uvicorn.Server, thread: threading.Thread, app: FastAPI, db: Database
    ):
        self.server, self.thread, self.app, self.db = server, thread, app, db


class LiveServers:
    """Starts the app under uvicorn in a thread: ``base_url = live_server(db_url, **config)``."""

    def __init__(self) -> None:
        self.running: dict[str, _Running] = {}

    def __call__(self, url: str, *, port: int = 0, **config: Any) -> str:
        cfg = ServerConfig(database_url=url, **config)
        db = make_database(url)
        init_schema(db)
        app = create_app(cfg, db)
        server = uvicorn.Server(
            uvicorn.Config(
                app,
                host="127.0.0.1",
                port=port,
                log_config=None,  # uvicorn's records propagate, so caplog sees them
                log_level="info",
                lifespan="on",
                timeout_graceful_shutdown=2,
            )
        )
        thread = threading.Thread(target=server.run, name="live-server", daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                db.dispose()
                pytest.fail("the live server did not start")
            time.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        base_url = f"http://127.0.0.1:{port}"
        self.running[base_url] = _Running(server, thread, app, db)
        return base_url

    def app(self, base_url: str) -> FastAPI:
        return self.running[base_url].app

    def db(self, base_url: str) -> Database:
        return self.running[base_url].db

    def stop(self, base_url: str) -> None:
        """Stop one server (its database connections are closed)."""
        running = self.running.pop(base_url)
        running.server.should_exit = True
        running.thread.join(timeout=15)
        running.db.dispose()

    def restart(self, base_url: str, url: str, **config: Any) -> str:
        """Stop the server at ``base_url`` and start one on ``url`` at the same address."""
        if base_url in self.running:
            self.stop(base_url)
        port = int(base_url.rsplit(":", 1)[1])
        started = self(url, port=port, **config)
        assert started == base_url
        return started

    def stop_all(self) -> None:
        for running in self.running.values():
            running.server.should_exit = True
        for running in self.running.values():
            running.thread.join(timeout=15)
            running.db.dispose()
        self.running.clear()


@pytest.fixture
def live_server() -> Iterator[LiveServers]:
    servers = LiveServers()
    yield servers
    servers.stop_all()


@pytest.fixture
def base_url(live_server: LiveServers, server_db_url: str) -> str:
    """A running server on each database of ``server_db_url``."""
    return live_server(server_db_url)


@pytest.fixture
def sqlite_base_url(live_server: LiveServers, sqlite_db_url: str) -> str:
    """A running server on SQLite only (for tests where the database makes no difference)."""
    return live_server(sqlite_db_url)
