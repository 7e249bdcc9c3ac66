"""Run the central store as a child process and wait until it answers.

One place for what ``make run`` (:mod:`hcdesk.devrun`), the end-to-end benchmarks and the tests
that kill the central store all do: start ``hcdesk-server serve`` (or a wrapper of it) with its
output in a log file, poll ``GET /v1/health`` until it says 200, and stop it again.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx

HOST = "127.0.0.1"


class ServerStartError(RuntimeError):
    """The central store did not start; the message names its log and ends with its tail."""


def free_port(preferred: int = 0) -> int:
    """``preferred`` if nothing listens there on 127.0.0.1, else any free port."""
    for port in dict.fromkeys((preferred, 0)):
        with socket.socket() as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise OSError(f"no free port on {HOST}")


def serve_command(database_url: str, port: int, *extra: str) -> list[str]:
    """The command line of ``hcdesk-server --database URL serve --port PORT [extra...]``."""
    return [
        sys.executable,
        "-m",
        "hcdesk.server.cli",
        "--database",
        database_url,
        "serve",
        "--port",
        str(port),
        *extra,
    ]


class ServerProcess:
    """A running central store: its process, base URL and log file."""

    def __init__(self, proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
        self.proc, self.url, self.log = proc, url, log

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 15, sig: int = signal.SIGTERM) -> int:
        """Ask it to stop (``sig``), kill it if it has not within ``timeout`` seconds; returns
        its exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                return self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        return self.proc.wait()

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log.read_text("utf-8", "replace")[-chars:]
        except OSError:
            return ""


def start(
    command: Sequence[str],
    url: str,
    log: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
    start_new_session: bool = False,
) -> ServerProcess:
    """Start ``command`` (output appended to ``log``) and wait until ``url`` is healthy."""
    with log.open("ab") as out:
        proc = subprocess.Popen(
            list(command),
            stdout=out,
            stderr=subprocess.STDOUT,
            env=None if env is None else dict(env),
            start_new_session=start_new_session,
        )
    server = ServerProcess(proc, url, log)
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise ServerStartError(
                f"the central store stopped as it started (exit status {proc.returncode}); "
                f"see {log}:\n{server.log_tail()}"
            )
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                return server
        if time.monotonic() > deadline:
            server.stop()
            raise ServerStartError(
                f"the central store did not answer within {timeout:.0f} s; "
                f"see {log}:\n{server.log_tail()}"
            )
        time.sleep(0.05)
