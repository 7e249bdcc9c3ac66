"""The local store's sync migration (0005_sync): the schema matches the models, and a store made
by the previous version upgrades with its sync bookkeeping intact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from testvalues import FAST_KDF, PASSPHRASE

from hcdesk.models import Base, Conflict, Quarantine
from hcdesk.models.sync import CaseBucket, SyncBucket
from hcdesk.store import migrations
from hcdesk.store.engine import raw_connect
from hcdesk.store.keys import KeyFile, new_db_key
from hcdesk.store.store import PAGE_SIZE, ProfilePaths, Store

# Made by hand-written SQL, not by the models.
NOT_MODELS = ("case_search", "case_list", "work_list", "case_fact", "hip_pack", "hip_pseudonym_key")


def test_the_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine_or_raise().connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(ctx, Base.metadata) if not _hand_made(d)]
    assert diffs == []


def _hand_made(diff: Any) -> bool:
    obj = diff[1] if isinstance(diff, tuple) else diff[0][1]
    table = getattr(obj, "name", "") if isinstance(obj, sa.Table) else getattr(obj, "table", None)
    name = table if isinstance(table, str) else getattr(table, "name", "")
    return any(name.startswith(prefix) for prefix in NOT_MODELS)


def test_a_store_from_the_previous_version_upgrades(tmp_path: Path) -> None:
    root = tmp_path / "old"
    paths = ProfilePaths(root)
    root.mkdir(mode=0o700)
    key = new_db_key()
    KeyFile.new(key, PASSPHRASE, FAST_KDF).save(paths.keyfile)
    conn = raw_connect(paths.store, key, create=True)
    conn.execute(f"PRAGMA cipher_page_size = {PAGE_SIZE}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    old = Store(paths, KeyFile.load(paths.keyfile), key)
    try:
        migrations.upgrade(old.engine_or_raise(), "0004_case_list_order")
        with old.engine_or_raise().begin() as db:
            for k, v in (
                ("device_id", "dev-1"),
                ("node_id", "abcdef0123456789"),
                ("officer", "PC"),
            ):
                db.exec_driver_sql("INSERT INTO sync_state(key, value) VALUES (?, ?)", (k, v))
            db.exec_driver_sql(
                "INSERT INTO conflict(id, entity, entity_id, case_id, field, winner, loser, base,"
                " status, created_at) VALUES ('k1', 'person', 'p1', 'c1', 'phone', ?, ?, 'null',"
                " 'open', '2026-01-01T00:00:00.000000Z')",
                (json.dumps({"value": "2", "ver": "v2"}), json.dumps({"value": "1", "ver": "v1"})),
            )
            db.exec_driver_sql(
                "INSERT INTO quarantine(mutation_id, reason, http_status, payload, created_at)"
                " VALUES ('m1', 'refused', 200, '{}', '2026-01-01T00:00:00.000000Z')"
            )
    finally:
        old.close()
    with Store.open(root, PASSPHRASE) as store:
        assert migrations.current_revision(store.engine_or_raise()) == migrations.HEAD
        with store.session() as s:
            c = s.get(Conflict, "k1")
            assert c is not None and c.policy == "scalar" and c.resolution is None
            assert c.winner == {"value": "2", "ver": "v2"}
            q = s.get(Quarantine, "m1")
            assert q is not None and q.code is None and q.reason == "refused"
        with store.transaction() as s:  # the new tables work, and a conflict's base may be null
            s.add(SyncBucket(bucket="team:t", seq=1, count=1, hash=2**63 - 1))
            s.add(CaseBucket(case_id="c1", bucket="team:t"))
            s.get(Conflict, "k1").base = None  # type: ignore[union-attr]
        with store.session() as s:
            assert s.get(SyncBucket, "team:t").hash == 2**63 - 1  # type: ignore[union-attr]
            indexes = {
                r[0]
                for r in s.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'index'"))
            }
        assert {"ix_outbox_state_seq", "ix_outbox_entity_seq", "ix_case_bucket_bucket"} <= indexes
