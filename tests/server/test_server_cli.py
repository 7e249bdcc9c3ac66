"""``hcdesk-server`` end to end: in-process ``main()`` and real processes (add-user, serve)."""

from __future__ import annotations

import io
import os
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from serverkit import self_signed_cert

from hcdesk.server import cli, process
from hcdesk.server.cli import main
from hcdesk.wire.protocol import ROLES

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "station road evidence locker"


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_administration_end_to_end(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sqlite_db_url: str,
    live_server: Any,
    http: httpx.Client,
    login: Callable[..., dict[str, Any]],
) -> None:
    monkeypatch.delenv("HCDESK_SERVER_CONFIG", raising=False)
    db = ("--database", sqlite_db_url)
    code, _, err = run(capsys, monkeypatch, *db, "init-db")
    assert code == 0 and "Created the central store's schema" in err
    code, _, err = run(capsys, monkeypatch, *db, "init-db")
    assert code == 0 and "up to date" in err
    assert run(capsys, monkeypatch, *db, "add-team", "North")[0] == 0
    code, _, err = run(capsys, monkeypatch, *db, "add-team", "north")
    assert (code, err.count("\n")) == (1, 1)
    assert "already a team called 'North'" in err

    code, out, err = run(
        capsys,
        monkeypatch,
        *db,
        "add-user",
        "alice",
        "--role",
        "caseworker",
        "--team",
        "North",
        "--display-name",
        "PC Alice Ward",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 0, err
    assert PASSWORD not in out + err
    code, out, _ = run(capsys, monkeypatch, *db, "list-users")
    assert code == 0
    assert out.splitlines()[0].split() == ["USERNAME", "ROLE", "ACTIVE", "TEAMS", "NAME"]
    assert out.splitlines()[1].split() == [
        "alice",
        "caseworker",
        "yes",
        "North",
        "PC",
        "Alice",
        "Ward",
    ]
    code, out, _ = run(capsys, monkeypatch, *db, "list-teams")
    assert "North" in out and " 1 " in out

    base = live_server(sqlite_db_url)
    pair = login(base, "alice", device_id="alice-laptop", password=PASSWORD)
    code, out, _ = run(capsys, monkeypatch, *db, "list-devices")
    assert code == 0
    assert "alice-laptop" in out and "active" in out

    code, _, err = run(
        capsys, monkeypatch, *db, "revoke-device", "alice-laptop", "--reason", "lost"
    )
    assert code == 0 and "Revoked device alice-laptop" in err
    r = http.get(
        f"{base}/v1/admin/users", headers={"Authorization": f"Bearer {pair['access_token']}"}
    )
    assert (r.status_code, r.json()["error"], r.json()["wipe"]) == (403, "device_revoked", True)
    code, out, _ = run(capsys, monkeypatch, *db, "list-devices")
    assert "revoked" in out
    code, _, err = run(capsys, monkeypatch, *db, "revoke-device", "alice-laptop")
    assert code == 1 and "already revoked" in err

    code, out, _ = run(capsys, monkeypatch, *db, "audit", "--action", "revoke_device")
    assert code == 0
    assert "revoke_device" in out and "alice-laptop" in out and '"reason": "lost"' in out

    code, _, err = run(capsys, monkeypatch, *db, "disable-user", "alice")
    assert code == 0 and "Disabled 'alice'" in err
    code, out, _ = run(capsys, monkeypatch, *db, "list-users")
    assert out.splitlines()[1].split()[2] == "no"


def test_errors_are_one_line_with_documented_exit_codes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sqlite_db_url: str,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv("HCDESK_SERVER_CONFIG", raising=False)
    db = ("--database", sqlite_db_url)
    code, _, err = run(capsys, monkeypatch, *db, "list-users")  # no schema yet
    assert code == 1
    assert err.strip() == (
        f"hcdesk-server: The database {sqlite_db_url} has no hcdesk schema yet; run "
        "'hcdesk-server init-db' first."
    )
    code, _, err = run(capsys, monkeypatch, *db, "serve", "--port", "1")
    assert code == 1 and "init-db" in err
    run(capsys, monkeypatch, *db, "init-db")
    run(capsys, monkeypatch, *db, "add-team", "North")

    user = ("add-user", "bob", "--role", "caseworker", "--team", "North")
    code, _, err = run(capsys, monkeypatch, *db, *user)  # no terminal, no --password-stdin
    assert code == 2 and "--password-stdin" in err
    code, _, err = run(capsys, monkeypatch, *db, *user, "--password-stdin", stdin="short\n")
    assert code == 1 and "at least 12 characters" in err and "short" not in err.split(":", 1)[0]
    code, _, err = run(
        capsys,
        monkeypatch,
        *db,
        "add-user",
        "bob",
        "--role",
        "caseworker",
        "--team",
        "South",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 1 and "no team called 'South'" in err
    assert "Traceback" not in err

    with pytest.raises(SystemExit) as usage:
        main([*db, "add-user", "bob", "--role", "boss"])
    assert usage.value.code == 2
    capsys.readouterr()
    code, _, err = run(capsys, monkeypatch, *db, "serve", "--tls-cert", str(tmp_path / "c.pem"))
    assert code == 2 and "both --tls-cert and --tls-key" in err

    code, _, err = run(
        capsys,
        monkeypatch,
        "--database",
        "postgresql+psycopg://u:Pa55word99@127.0.0.1:1/x",
        "list-users",
    )
    assert code == 1 and "Pa55word99" not in err and "Cannot use the database" in err

    config = tmp_path / "server.toml"
    config.write_text("prot = 1\n", encoding="utf-8")
    code, _, err = run(capsys, monkeypatch, "--config", str(config), "list-users")
    assert code == 1 and "unknown setting 'prot'" in err


def test_cli_roles_are_the_protocol_roles() -> None:
    assert cli.ROLES == ROLES


def test_real_processes_add_a_user_and_serve_over_tls(sqlite_db_url: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HCDESK_SERVER_")}
    env["HCDESK_SERVER_DATABASE_URL"] = sqlite_db_url  # settings from the environment
    env["PYTHONIOENCODING"] = "utf-8"
    cli = [sys.executable, "-m", "hcdesk.server.cli"]

    def call(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*cli, *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=120,
        )

    assert main(["--database", sqlite_db_url, "init-db"]) == 0  # in-process: quicker
    done = call("add-user", "root", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "Added admin 'root'" in done.stderr

    cert, key = self_signed_cert(tmp_path)
    port = process.free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--tls-cert", str(cert), "--tls-key", str(key)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert server.stdout is not None
        assert server.stdout.readline().strip() == f"Listening on https://127.0.0.1:{port}"
        context = ssl.create_default_context(cafile=str(cert))
        deadline = time.monotonic() + 30
        with httpx.Client(verify=context, timeout=5) as client:
            while True:
                try:
                    r = client.get(f"https://127.0.0.1:{port}/v1/health")
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.1)
            assert r.status_code == 200
            assert r.json()["status"] == "ok"
            r = client.post(
                f"https://127.0.0.1:{port}/v1/auth/login",
                json={"username": "root", "password": PASSWORD, "device_id": "tls-dev"},
            )
            assert r.status_code == 200, r.text
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=30)
    # uvicorn shuts down gracefully, then ends with the signal it was stopped by.
    assert server.returncode in (0, -signal.SIGTERM), err
    assert "Application shutdown complete" in err
    assert PASSWORD not in err


def test_store_commands_say_what_they_did(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sqlite_db_url: str,
    tmp_path: Path,
) -> None:
    """store-info, restored, backup-mark and backup: one line each, the generation moves only
    with 'restored', a backup is never written over and a failed one leaves no file."""
    monkeypatch.delenv("HCDESK_SERVER_CONFIG", raising=False)
    db = ("--database", sqlite_db_url)
    assert run(capsys, monkeypatch, *db, "init-db")[0] == 0

    def info() -> dict[str, str]:
        code, out, _ = run(capsys, monkeypatch, *db, "store-info")
        assert code == 0
        return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines())}

    first = info()
    assert first["last backup marked"] == "never"
    code, _, err = run(capsys, monkeypatch, *db, "backup-mark")
    assert code == 0 and "Marked what 0 device(s) have sent as backed up" in err
    assert info()["last backup marked"] != "never"
    assert info()["generation"] == first["generation"]

    code, _, err = run(capsys, monkeypatch, *db, "restored")
    assert code == 0 and "sends again the changes it holds that this store lacks" in err
    after = info()
    assert after["store"] == first["store"] and after["generation"] != first["generation"]
    assert "restored from a backup" in after["generation since"]

    out = tmp_path / "central.bak"
    code, _, err = run(capsys, monkeypatch, *db, "backup", "--out", str(out))
    assert code == 0 and f"to {out}" in err and out.stat().st_size > 0
    size = out.stat().st_size
    code, _, err = run(capsys, monkeypatch, *db, "backup", "--out", str(out))
    assert (code, err.count("\n")) == (2, 1) and "exists already" in err
    assert out.stat().st_size == size
    code, _, err = run(
        capsys, monkeypatch, *db, "backup", "--out", str(tmp_path / "nowhere" / "x.bak")
    )
    assert (code, err.count("\n")) == (2, 1) and "does not exist" in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")) == []
