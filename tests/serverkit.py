"""A real central store for desktop tests (plain helpers, no fixtures, so any test directory can
import it without conftest name clashes).

:class:`CentralStore` runs the real app (``hcdesk.server.app.create_app``) under real uvicorn in a
separate process, on SQLite under a temporary directory. It can be stopped and started again on
the same port, so a client sees the central store go away and come back. Accounts are made with
the same admin functions the ``hcdesk-server`` command uses.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from argon2 import PasswordHasher

from hcdesk.server import admin, auth, process
from hcdesk.server.app import create_app
from hcdesk.server.config import ServerConfig
from hcdesk.server.database import Database, init_schema, make_database

USER_PASSWORD = "correct horse battery staple"
# Real Argon2id at a low cost, so signing in stays quick (tests patch auth.PASSWORD_HASHER).
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


class CentralStore:
    """``store = CentralStore(tmp_path / "central"); url = store.start(); ...; store.close()``.

    By default the server runs in a thread of the test process (it starts in a fraction of a
    second; the test patches ``auth.PASSWORD_HASHER`` for quick sign-ins). With
    ``own_process=True`` it runs in its own process, as in production: a test that measures
    how responsive the desktop stays must not share the interpreter (and its GIL) with it.
    """

    def __init__(self, directory: Path, own_process: bool = False, **config: Any) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.own_process = own_process
        self.db_url = f"sqlite:///{directory / 'central.db'}"
        self.config = config
        self.db: Database = make_database(self.db_url)
        init_schema(self.db)
        self.port = 0
        self.process: process.ServerProcess | None = None
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None or self.server is not None

    def start(self) -> str:
        """Serve (again, on the same port once one was chosen); returns the base URL."""
        assert not self.running, "already running"
        if not self.port:
            self.port = process.free_port()
        if self.own_process:
            self._start_process()
        else:
            self._start_thread()
        return self.url

    def _start_thread(self) -> None:
        app = create_app(ServerConfig(database_url=self.db_url, **self.config), self.db)
        server = uvicorn.Server(
            uvicorn.Config(
                app,
                host="127.0.0.1",
                port=self.port,
                log_config=None,
                log_level="warning",
                lifespan="on",
                timeout_graceful_shutdown=1,
            )
        )
        thread = threading.Thread(target=server.run, name="central-store", daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the central store did not start")
            time.sleep(0.01)
        self.server, self.thread = server, thread

    def _start_process(self) -> None:
        self.process = process.start(
            [sys.executable, __file__, self.db_url, str(self.port), json.dumps(self.config)],
            self.url,
            self.directory / "server.log",
        )

    def stop(self) -> None:
        """Stop serving: connections are refused until :meth:`start`."""
        child, self.process = self.process, None
        if child is not None:
            child.stop(timeout=15)
        server, thread = self.server, self.thread
        self.server = self.thread = None
        if server is not None and thread is not None:
            server.should_exit = True
            thread.join(timeout=15)
            assert not thread.is_alive(), "the central store did not stop"

    def close(self) -> None:
        self.stop()
        self.db.dispose()

    # -- accounts ----------------------------------------------------------------------------
    def add_user(
        self,
        username: str,
        role: str = "caseworker",
        teams: tuple[str, ...] = ("North",),
        password: str = USER_PASSWORD,
        display_name: str = "",
    ) -> str:
        with self.db.write_session() as s, s.begin():
            for team in teams:
                if admin._find_team(s, team) is None:
                    admin.add_team(s, team, actor="test")
            user = admin.add_user(
                s, username, password, role, list(teams), display_name or username, actor="test"
            )
            return user.id

    def revoke(self, device_id: str, reason: str = "lost laptop") -> None:
        with self.db.write_session() as s, s.begin():
            admin.revoke_device(s, device_id, reason, actor="test")

    def devices(self) -> list[Any]:
        with self.db.session() as s:
            return list(admin.list_devices(s))

    def share(self, case_id: str, team: str, supervisor: str) -> None:
        """Share a case with another team, as a supervisor of its team does (over HTTP)."""
        login = httpx.post(
            f"{self.url}/v1/auth/login",
            json={
                "username": supervisor,
                "password": USER_PASSWORD,
                "device_id": f"share-{uuid.uuid4().hex[:12]}",
            },
            timeout=30,
        )
        assert login.status_code == 200, login.text
        token = login.json()["access_token"]
        r = httpx.post(
            f"{self.url}/v1/cases/{case_id}/shares",
            json={"team": team},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert r.status_code == 204, r.text


def _serve(db_url: str, port: int, config: dict[str, Any]) -> None:
    """The server process: the real app under real uvicorn, with cheap password hashing.

    In production the central store runs on another machine; here it shares the CPUs with the
    desktop under test, so it yields them to it (a lower scheduling priority)."""
    auth.PASSWORD_HASHER = FAST_HASHER  # type: ignore[misc]
    if hasattr(os, "nice"):
        os.nice(10)
    app = create_app(ServerConfig(database_url=db_url, **config))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1)


def self_signed_cert(directory: Path, common_name: str = "127.0.0.1") -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that is its own CA, and its key: ``(cert, key)`` PEM files."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "server.crt", directory / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


__all__ = ["FAST_HASHER", "USER_PASSWORD", "CentralStore", "auth", "self_signed_cert"]


if __name__ == "__main__":
    _serve(sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]))
