"""Alembic migrations of the local store, run when a store is opened.

Alembic is imported only when a store actually needs upgrading, so opening an up-to-date store
stays fast. ``REVISIONS`` lists every revision in order; a test keeps it equal to the scripts.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from hcdesk.errors import FutureSchema, StoreDamaged

REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_search",
    "0003_case_list",
    "0004_case_list_order",
    "0005_sync",
    "0006_court_file",
    "0007_victim_duties",
    "0008_work_list",
    "0009_figures_index",
    "0010_third_party_intake",
    "0011_partnership_packs",
    "0012_strategy_activities",
    "0013_figures_index_scope",
)
HEAD = REVISIONS[-1]
HERE = Path(__file__).resolve().parent


def _config(connection: sa.Connection) -> object:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).first()
        if not has_table:
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def upgrade(engine: sa.Engine, target: str = "head") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_config(conn), target)  # type: ignore[arg-type]


def check_and_upgrade(engine: sa.Engine) -> str:
    """Bring an older store up to date; refuse one made by a newer hcdesk. Returns the revision."""
    rev = current_revision(engine)
    if rev == HEAD:
        return rev
    if rev is None:
        raise StoreDamaged("The store has no schema; it was not made by hcdesk or is damaged.")
    if rev not in REVISIONS:
        raise FutureSchema(
            f"This store was written by a newer version of hcdesk (schema {rev}); install that "
            "version to open it. The store was not changed."
        )
    upgrade(engine)
    return HEAD
