"""``hcdesk-server backup --out FILE``: the database written to one file, while it is in use.

PostgreSQL: ``pg_dump --format=custom`` (restore with ``pg_restore``); the password, if the
URL has one, goes to pg_dump in its environment, never on its command line. SQLite: the online
backup API (a consistent copy even while the service writes). Either way the file is written
under a temporary name in the same folder and renamed once complete, so an interrupted backup
never leaves a file that looks like a backup.

The command marks the backup point first (:func:`hcdesk.server.epoch.mark_backup`), then
starts the backup: everything marked durable is in the file.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from pathlib import Path

import sqlalchemy as sa

from hcdesk import fileio
from hcdesk.errors import HcdeskError, UsageError
from hcdesk.server.database import Database


def check_target(out: Path) -> None:
    if out.exists():
        raise UsageError(f"{out} exists already; give a new file name (backups are not replaced).")
    if not out.parent.is_dir():
        raise UsageError(f"The folder {out.parent} does not exist.")


def write(db: Database, out: Path) -> int:
    """Back the database up to ``out``; returns the file's size."""
    check_target(out)
    tmp = out.with_name(f".{out.name}.backup{fileio.TMP_SUFFIX}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    staged = fileio.StagedFile(out, tmp)
    try:
        if db.dialect == "postgresql":
            _pg_dump(db, tmp)
        else:
            _sqlite_backup(db, tmp)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        staged.discard()
        raise fileio.write_error(out, exc) from None
    except sqlite3.Error as exc:
        staged.discard()
        raise HcdeskError(f"The backup to {out} failed ({exc}); no file was left.") from None
    except BaseException:
        staged.discard()
        raise
    staged.publish()  # rename into place and flush the folder
    return out.stat().st_size


def libpq_url(url: str) -> tuple[str, str | None]:
    """(a connection URI for pg_dump/psql without the password, the password or None)."""
    parsed = sa.make_url(url)
    password = parsed.password
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), (str(password) if password else None)


def _pg_dump(db: Database, tmp: Path) -> None:
    uri, password = libpq_url(db.url)
    env = dict(os.environ)
    if password:
        env["PGPASSWORD"] = password
    try:
        done = subprocess.run(
            ["pg_dump", "--format=custom", "--file", str(tmp), "--dbname", uri],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise HcdeskError(
            "pg_dump was not found: install the PostgreSQL client tools (the server's major "
            "version or newer), or run 'hcdesk-server backup-mark' and then your own backup."
        ) from None
    if done.returncode != 0:
        lines = (done.stderr or "").strip().splitlines()
        first = lines[0] if lines else f"exit status {done.returncode}"
        if password:
            first = first.replace(password, "***")
        raise HcdeskError(f"pg_dump failed: {first}")


def _sqlite_backup(db: Database, tmp: Path) -> None:
    path = sa.make_url(db.url).database
    if not path or path == ":memory:" or path.startswith("file:"):
        raise UsageError("Only a SQLite database in a file can be backed up this way.")
    source = sqlite3.connect(f"file:{Path(path).expanduser()}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
