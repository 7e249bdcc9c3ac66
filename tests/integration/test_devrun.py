"""``make run`` without its window (``python -m hcdesk.devrun --no-gui``): a demo profile, a
local central store started as a real ``hcdesk-server`` process beside it, the profile signed in
and able to sync, and the central store stopped again when the application ends."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from hcdesk import devrun
from hcdesk.server import process
from hcdesk.store.store import Store
from hcdesk.sync.client import SyncClient


def test_make_run_starts_a_central_store_signs_the_demo_profile_in_and_stops_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile, root = tmp_path / "demo", tmp_path / "demo-server"
    devrun.ensure_demo_profile(profile, cases=12)  # the real thing makes 300: slower, the same

    assert devrun.main(["--profile", str(profile), "--server-dir", str(root), "--no-gui"]) == 0
    out = capsys.readouterr().out
    assert f'Demo passphrase: "{devrun.DEMO_PASSPHRASE}"' in out
    assert "Central store: http://127.0.0.1:" in out and "server.log" in out
    base = out.split("Central store: ")[1].split()[0]
    # The application ended, so the central store it started has stopped.
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{base}/v1/health", timeout=2)
    assert (root / "central.db").exists() and (root / "server.log").exists()

    with Store.open(profile, devrun.DEMO_PASSPHRASE) as store:
        client = SyncClient(store)
        try:
            status = client.status()
            assert client.configured() and status.server_url == base
            assert status.username == devrun.DEMO_USER and status.role == "supervisor"
            assert status.pending > 0  # the demo cases wait to be sent

            # The next `make run` finds everything made and starts the central store again:
            # the profile's changes reach it and come back confirmed.
            server = devrun.start_demo_server(f"sqlite:///{root / 'central.db'}", root)
            try:
                if server.url != base:  # port 8765 was taken meanwhile: sign in again
                    devrun.sign_in_demo_profile(profile, server.url)
                report = client.sync()
                assert report.pushed == status.pending and report.rejected == 0
                assert client.status().pending == 0
            finally:
                assert server.stop() == 0 or server.proc.returncode < 0
        finally:
            client.close()


def test_a_central_store_that_cannot_start_says_where_its_log_is(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    port = process.free_port()
    missing = f"sqlite:///{tmp_path / 'nowhere' / 'central.db'}"  # no schema: serve refuses
    with pytest.raises(process.ServerStartError) as refused:
        process.start(process.serve_command(missing, port), f"http://127.0.0.1:{port}", log)
    assert str(log) in str(refused.value)
    assert "hcdesk-server init-db" in str(refused.value)  # the log's advice, quoted
