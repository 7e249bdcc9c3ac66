"""SQLCipher under SQLAlchemy: the dialect, connection settings and the engine factory.

:func:`storage_error` is the one place where SQLite's result codes become hcdesk's typed
errors: a busy profile, a full disk, an I/O failure, a read-only folder, a damaged file. The
store applies it to every statement (through SQLAlchemy's ``handle_error`` event) and to the
raw connections it opens itself, so no caller ever sees a bare ``OperationalError``.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlcipher3
from sqlalchemy import event
from sqlalchemy.dialects.sqlite.pysqlcipher import SQLiteDialect_pysqlcipher
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.pool import QueuePool

from hcdesk.errors import ProfileBusy, StoreDamaged, StoreError, StoreFull, StoreIOError
from hcdesk.store.paths import DEFAULT_BUSY_WAIT_S


class HcdeskCipherDialect(SQLiteDialect_pysqlcipher):
    """The pysqlcipher dialect, keyed by our own connection factory (raw key, never the URL)."""

    supports_statement_cache = True

    @classmethod
    def get_pool_class(cls, url: Any) -> Any:
        return QueuePool

    def on_connect_url(self, url: Any) -> Any:
        return SQLiteDialect_pysqlite.on_connect_url(self, url)


sa.dialects.registry.register("sqlite.hcdesk_cipher", __name__, "HcdeskCipherDialect")

# What a raw connection raises for a store it cannot read (wrong key, damaged pages).
DBAPI_ERRORS: tuple[type[Exception], ...] = (sqlcipher3.DatabaseError, sqlite3.DatabaseError)

PRAGMAS = (
    "PRAGMA cipher_memory_security = OFF",
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA synchronous = FULL",
    "PRAGMA secure_delete = ON",
)

# SQLite's primary result codes (https://sqlite.org/rescode.html).
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 5, 6, 8
NEARLY_FULL_BYTES = 256 * 1024  # less free space than this on the profile's disk is "full"


def result_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of ``exc`` (or of the DB-API error SQLAlchemy wraps)."""
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def storage_error(exc: BaseException, root: Path, busy_wait_s: float) -> StoreError | None:
    """The typed error for a storage failure of the profile at ``root``, or None.

    Every message says what happened, that nothing was changed (SQLite rolled the statement and
    its transaction back) and what the officer can do.
    """
    code = result_code(exc)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return ProfileBusy(
            f"The profile {root} is in use by another hcdesk program (an import, an export, a "
            f"sync or the desktop application) and was still busy after {busy_wait_s:g} s. "
            "Nothing was changed; try again when it has finished."
        )
    if code == SQLITE_READONLY:
        return StoreIOError(
            f"The profile {root} cannot be written (its folder or disk is read-only), so "
            "nothing was changed."
        )
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN) and _nearly_full(root):
        # SQLite reports some writes that a full disk refused (growing the shared-memory
        # index, creating the log) as I/O errors; the disk's free space tells them apart.
        code = SQLITE_FULL
    if code == SQLITE_FULL:
        return StoreFull(
            f"The disk holding the profile {root} is full, so nothing was changed. Free some "
            "space on it and try again."
        )
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN):
        return StoreIOError(
            f"The profile {root} could not be read or written (a disk input/output error), so "
            "nothing was changed. Check the disk, then try again."
        )
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StoreDamaged(
            f"The store file {root / 'store.db'} is damaged ({_first_line(exc)}); nothing was "
            "changed. Restore it from a backup or sync a fresh copy."
        )
    return None


def _nearly_full(root: Path) -> bool:
    try:
        return shutil.disk_usage(root).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", exc)
    return str(orig).splitlines()[0][:120]


def raw_connect(
    path: Path, key: bytes | None, create: bool = False, busy_wait_s: float = DEFAULT_BUSY_WAIT_S
) -> Any:
    """One DB-API connection. ``key=None`` opens a plain SQLite file (benchmark baseline only).

    A statement that finds the database locked by another connection waits ``busy_wait_s``.
    """
    mode = "rwc" if create else "rw"
    uri = f"file:{path.as_posix()}?mode={mode}"
    if key is None:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
    else:
        conn = sqlcipher3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        # SQLCipher logs decryption failures to stderr by default; hcdesk reports them itself
        # (one clear line, see Store), so its own log would only add noise to the terminal.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    for pragma in PRAGMAS if key is not None else PRAGMAS[1:]:
        conn.execute(pragma)
    conn.execute(f"PRAGMA busy_timeout = {max(0, round(busy_wait_s * 1000))}")
    return conn


def make_engine(connect: Callable[[], Any], plain: bool = False) -> sa.Engine:
    url = "sqlite+pysqlite://" if plain else "sqlite+hcdesk_cipher://"
    engine = sa.create_engine(
        url, creator=connect, poolclass=QueuePool, pool_size=4, max_overflow=4
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        # The DB-API runs in autocommit mode; we issue BEGIN ourselves so SQLAlchemy's
        # transactions are real SQLite transactions. Writers take the lock up front.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine
