"""Connections to the local store for sync: reads, and write transactions that take the lock.

Sync writes with plain SQL on the tables (never through a tracked Session), so nothing it
writes makes an outbox entry or an audit event of its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlalchemy as sa

from hcdesk.store.store import Store


@contextlib.contextmanager
def read(store: Store) -> Iterator[sa.Connection]:
    with store.engine_or_raise().connect() as conn:
        yield conn


@contextlib.contextmanager
def write(store: Store, *, foreign_keys: bool = True) -> Iterator[sa.Connection]:
    """One write transaction (SQLite's write lock is taken when it begins).

    ``foreign_keys=False`` is for pulled data: the central store decides what exists, and a
    page may hold a record before the case it belongs to (the case follows on a later page).
    """
    with store.engine_or_raise().connect() as conn:
        raw = None
        if not foreign_keys:
            raw = conn.connection.driver_connection
            raw.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn
        finally:
            if raw is not None:
                try:
                    raw.execute("PRAGMA foreign_keys = ON")
                except Exception:
                    conn.invalidate()  # never hand a connection without them back to the pool
