"""Running the real ``hcdesk`` command as a separate process (plain helpers, no fixtures).

The passphrase comes from HCDESK_PASSPHRASE and the OS keyring is the failing backend unless a
test says otherwise, as on a server or in CI: nothing may wait for a prompt or touch a real
keyring.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from testvalues import PASSPHRASE

from hcdesk.store.store import Store

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
Ran = subprocess.CompletedProcess[str]


def cli_env(passphrase: str | None = PASSPHRASE, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HCDESK_")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS), env.get("PYTHONPATH")]))
    if passphrase is not None:
        env["HCDESK_PASSPHRASE"] = passphrase
    env.update(extra)
    return env


def hcdesk(*args: str | Path, env: dict[str, str] | None = None) -> Ran:
    return subprocess.run(
        [sys.executable, "-m", "hcdesk", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env if env is not None else cli_env(),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=180,
        check=False,
    )


def one_clear_line(result: Ran, *fragments: str) -> str:
    """A failure is one line on stderr, a non-zero status and never a traceback."""
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("hcdesk: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def count(profile: Path, model: Any, passphrase: str = PASSPHRASE, **where: Any) -> int:
    with Store.open(profile, passphrase) as store, store.session() as s:
        stmt = sa.select(sa.func.count()).select_from(model).filter_by(**where)
        return s.scalar(stmt) or 0


def integrity(profile: Path, passphrase: str = PASSPHRASE) -> str:
    """``PRAGMA integrity_check`` of the profile's store (``ok`` when intact)."""
    with Store.open(profile, passphrase) as store, store.session() as s:
        return str(s.execute(sa.text("PRAGMA integrity_check")).scalar())
