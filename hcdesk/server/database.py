"""The central store's database: engine settings per dialect, sessions, schema creation and checks.

PostgreSQL (``postgresql+psycopg://``) is the production database; SQLite (``sqlite:///path``) is
the embedded default for one machine and for development. On SQLite every write transaction
starts with ``BEGIN IMMEDIATE``, which serialises writers exactly as the bucket-counter row lock
does on PostgreSQL (reference/SYNC.md §5.4); readers are never blocked (WAL).

Bound parameters are hidden from SQLAlchemy's error messages and logs (``hide_parameters``), so
a failing statement never writes case data or password hashes into a log line.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from hcdesk.errors import HcdeskError
from hcdesk.server import migrations
from hcdesk.server.config import redact_url

log = logging.getLogger("hcdesk.server.database")

SQLITE_BUSY_TIMEOUT_MS = 30_000
_PG_INIT_LOCK = 0x68636465736B  # pg_advisory_xact_lock key: one init-db at a time ("hcdesk")
_WRITE = "hcdesk_write"


class DatabaseError(HcdeskError):
    """The database cannot be used: unsupported URL, unreachable, or the wrong schema."""

    default_message = "The central store's database cannot be used; nothing was changed."


class SchemaNotInitialised(DatabaseError):
    pass


class SchemaOutdated(DatabaseError):
    pass


class SchemaTooNew(DatabaseError):
    pass


class Database:
    """An engine plus session factories. ``dialect`` is ``"postgresql"`` or ``"sqlite"``."""

    def __init__(self, url: str, engine: sa.Engine) -> None:
        self.url = url
        self.engine = engine
        self.dialect: str = engine.dialect.name
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)
        write_engine = engine.execution_options(**{_WRITE: True})
        self._write_sessions = sessionmaker(bind=write_engine, expire_on_commit=False)

    @property
    def redacted_url(self) -> str:
        return redact_url(self.url)

    def session(self) -> Session:
        """A plain session: ``with db.session() as s, s.begin(): ...``."""
        return self._sessions()

    def write_session(self) -> Session:
        """A session for a transaction that writes.

        On SQLite its transaction begins with ``BEGIN IMMEDIATE`` (takes the write lock at once,
        waiting up to 30 s), so two writers never interleave and never deadlock upgrading a read
        lock. On PostgreSQL it is a plain READ COMMITTED transaction.
        """
        return self._write_sessions()

    def dispose(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.redacted_url!r})"


def _sqlite_path(url: sa.URL) -> Path | None:
    db = url.database
    if not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db).expanduser()


def make_database(url: str) -> Database:
    """An engine configured for the central store. Raises DatabaseError for an unusable URL."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise DatabaseError(
            f"{redact_url(url)} is not a database URL; use sqlite:///PATH or "
            "postgresql+psycopg://USER@HOST/NAME."
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        else:
            raise DatabaseError(
                f"The PostgreSQL driver {parsed.drivername!r} is not supported; use "
                "postgresql+psycopg://."
            )
        engine = sa.create_engine(
            parsed,
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=10,
            pool_timeout=30,
            hide_parameters=True,
            connect_args={"connect_timeout": 10, "application_name": "hcdesk-server"},
        )
        return Database(url, engine)
    if backend == "sqlite":
        if parsed.drivername not in ("sqlite", "sqlite+pysqlite"):
            raise DatabaseError(
                f"The SQLite driver {parsed.drivername!r} is not supported; use sqlite:///PATH."
            )
        path = _sqlite_path(parsed)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"Cannot create the folder {path.parent}: {exc}") from None
        engine = sa.create_engine(
            parsed,
            hide_parameters=True,
            pool_size=10,
            max_overflow=20,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        _configure_sqlite(engine)
        return Database(url, engine)
    raise DatabaseError(
        f"{redact_url(url)}: the central store runs on PostgreSQL (postgresql+psycopg://) or "
        f"SQLite (sqlite:///PATH), not {backend}."
    )


def _configure_sqlite(engine: sa.Engine) -> None:
    """WAL, a 30 s busy timeout, foreign keys, and SQLAlchemy in charge of BEGIN."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # sqlite3 must not issue BEGIN itself; we do
        cur = dbapi_conn.cursor()
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=FULL")  # an acknowledged push survives power loss
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get(_WRITE):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


# -- schema --------------------------------------------------------------------------------------
def _unreachable(db: Database, exc: Exception) -> DatabaseError:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = reason[0] if reason else type(exc).__name__
    parsed = sa.make_url(db.url)
    secrets = [parsed.password] + [v for k, v in parsed.query.items() if "password" in k.lower()]
    for secret in secrets:
        for value in secret if isinstance(secret, tuple) else (secret,):
            if value:
                first = first.replace(str(value), "***")
    return DatabaseError(f"Cannot use the database {db.redacted_url}: {first}")


def current_revision(db: Database) -> str | None:
    """The schema revision recorded in the database, or None when it has no schema yet."""
    try:
        with db.engine.connect() as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return None
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except sa.exc.OperationalError as exc:
        raise _unreachable(db, exc) from None


def init_schema(db: Database) -> str:
    """Create the schema, or upgrade it to the newest revision (idempotent). Returns it."""
    rev = current_revision(db)
    if rev == migrations.HEAD:
        return rev
    if rev is not None and rev not in migrations.REVISIONS:
        raise SchemaTooNew(
            f"The database {db.redacted_url} has schema {rev}, made by a newer hcdesk-server; "
            "install that version. Nothing was changed."
        )
    from alembic import command
    from alembic.config import Config

    try:
        with db.engine.begin() as conn:
            if db.dialect == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_INIT_LOCK})")
            cfg = Config()
            cfg.set_main_option("script_location", str(migrations.HERE))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except sa.exc.OperationalError as exc:
        raise _unreachable(db, exc) from None
    log.info("schema of %s is at %s (was %s)", db.redacted_url, migrations.HEAD, rev or "empty")
    return migrations.HEAD


def check_schema(db: Database) -> str:
    """Refuse a database without the current schema, with the command that fixes it."""
    rev = current_revision(db)
    if rev == migrations.HEAD:
        return rev
    if rev is None:
        raise SchemaNotInitialised(
            f"The database {db.redacted_url} has no hcdesk schema yet; run "
            "'hcdesk-server init-db' first."
        )
    if rev in migrations.REVISIONS:
        raise SchemaOutdated(
            f"The database {db.redacted_url} has the older schema {rev}; back it up, then run "
            "'hcdesk-server init-db' to upgrade it."
        )
    raise SchemaTooNew(
        f"The database {db.redacted_url} has schema {rev}, made by a newer hcdesk-server; "
        "install that version."
    )


def ping(db: Database) -> None:
    """SELECT 1; raises DatabaseError when the database does not answer."""
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.SQLAlchemyError as exc:
        raise _unreachable(db, exc) from None
