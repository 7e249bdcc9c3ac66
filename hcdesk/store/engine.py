"""SQLCipher under SQLAlchemy: the dialect, connection settings and the engine factory."""

from __future__ import annotations

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
    "PRAGMA busy_timeout = 10000",
    "PRAGMA secure_delete = ON",
)


def raw_connect(path: Path, key: bytes | None, create: bool = False) -> Any:
    """One DB-API connection. ``key=None`` opens a plain SQLite file (benchmark baseline only)."""
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
