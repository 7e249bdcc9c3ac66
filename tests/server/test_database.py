"""The central store's database: migrations match the models, schema checks, SQLite settings."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hcdesk.server import migrations
from hcdesk.server.database import (
    Database,
    DatabaseError,
    SchemaNotInitialised,
    SchemaTooNew,
    check_schema,
    current_revision,
    init_schema,
    make_database,
)
from hcdesk.server.db import ServerBase, Team


def test_migrated_schema_matches_the_models(server_db_url: str) -> None:
    """Alembic's autogenerate finds no difference between the migrations and db.py."""
    db = make_database(server_db_url)
    try:
        init_schema(db)
        init_schema(db)  # idempotent
        check_schema(db)
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, ServerBase.metadata)
        assert diff == [], f"the migrations differ from hcdesk/server/db.py: {diff}"
        assert current_revision(db) == migrations.HEAD
    finally:
        db.dispose()


def test_revisions_list_matches_the_scripts() -> None:
    scripts = sorted(p.stem for p in (migrations.HERE / "versions").glob("*.py"))
    assert tuple(scripts) == migrations.REVISIONS


def test_schema_checks_name_the_fix(sqlite_db_url: str) -> None:
    db = make_database(sqlite_db_url)
    try:
        with pytest.raises(SchemaNotInitialised, match="run 'hcdesk-server init-db'"):
            check_schema(db)
        init_schema(db)
        with db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
        with pytest.raises(SchemaTooNew, match="newer hcdesk-server"):
            check_schema(db)
        with pytest.raises(SchemaTooNew):
            init_schema(db)  # never touches a newer schema
    finally:
        db.dispose()


def test_sqlite_settings(sqlite_server_db: Database) -> None:
    assert sqlite_server_db.dialect == "sqlite"
    with sqlite_server_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000


def test_sqlite_file_folder_is_created(tmp_path: Path) -> None:
    db = make_database(f"sqlite:///{tmp_path / 'a' / 'b' / 'central.db'}")
    try:
        init_schema(db)
        assert (tmp_path / "a" / "b" / "central.db").exists()
    finally:
        db.dispose()


def test_sqlite_write_sessions_are_serialised(sqlite_server_db: Database) -> None:
    """A second writer waits for the first to commit and then sees its row (BEGIN IMMEDIATE);
    readers are not blocked meanwhile."""
    db = sqlite_server_db
    first_wrote = threading.Event()
    order: list[str] = []
    seen_by_second: list[int] = []

    def second_writer() -> None:
        first_wrote.wait(5)
        with db.write_session() as s, s.begin():
            seen_by_second.append(s.scalar(sa.select(sa.func.count()).select_from(Team)) or 0)
            order.append("second")
            s.add(Team(id="t2", name="Second"))

    thread = threading.Thread(target=second_writer)
    thread.start()
    with db.write_session() as s, s.begin():
        s.add(Team(id="t1", name="First"))
        s.flush()
        first_wrote.set()
        time.sleep(0.3)
        with db.session() as reader:  # WAL: a reader is not blocked by the writer
            assert reader.scalar(sa.select(sa.func.count()).select_from(Team)) == 0
        order.append("first")
    thread.join(10)
    assert order == ["first", "second"]
    assert seen_by_second == [1]


def test_postgresql_url_uses_psycopg(postgres_db_url: str) -> None:
    plain = postgres_db_url.replace("postgresql+psycopg://", "postgresql://")
    db = make_database(plain)
    try:
        assert db.dialect == "postgresql"
        assert db.engine.dialect.driver == "psycopg"
        with pytest.raises(SchemaNotInitialised):
            check_schema(db)
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("mysql://u:pw@h/db", "PostgreSQL .* or SQLite"),
        ("postgresql+psycopg2://u:pw@h/db", "driver 'postgresql\\+psycopg2' is not supported"),
        ("nonsense", "not a database URL"),
    ],
)
def test_unsupported_urls_are_refused(url: str, match: str) -> None:
    with pytest.raises(DatabaseError, match=match) as caught:
        make_database(url)
    assert ":pw@" not in str(caught.value)


def test_unreachable_database_message_hides_the_password() -> None:
    db = make_database("postgresql+psycopg://hcdesk:hunter2hunter2@127.0.0.1:1/nothing")
    try:
        with pytest.raises(DatabaseError, match="Cannot use the database") as caught:
            check_schema(db)
        assert "hunter2hunter2" not in str(caught.value)
    finally:
        db.dispose()


def test_starting_on_an_up_to_date_schema_does_not_load_alembic(sqlite_server_db: Database) -> None:
    code = (
        "import sys\n"
        "from hcdesk.server.database import make_database, check_schema, init_schema\n"
        f"db = make_database({sqlite_server_db.url!r})\n"
        "check_schema(db); init_schema(db)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"
