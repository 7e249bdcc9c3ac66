"""Small facts about this device's sync, kept in the encrypted store (``sync_state`` rows).

The server address, the signed-in officer and the tokens live only here: never in a plain
file, never in a log.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.models.sync import SyncState

SERVER_URL = "sync.server_url"
USERNAME = "sync.username"
USER = "sync.user"  # the UserInfo the server returned at login (JSON)
ACCESS = "sync.access_token"
ACCESS_EXPIRES = "sync.access_expires"  # epoch seconds
REFRESH = "sync.refresh_token"
CA_PEM = "sync.ca_pem"  # a CA certificate given at login, for a server with a private CA
LAST_SUCCESS = "sync.last_success_at"
LAST_ERROR = "sync.last_error"
LAST_ATTEMPT = "sync.last_attempt_at"
ONLINE = "sync.online"
# Set (in the same transaction) when pulled rows were stored before the search and case-list
# indexes were brought up to date; cleared once they are. Still set at the start of a sync, it
# means a pull was cut off (a kill, a crash) in between, and every case is indexed again.
INDEX_STALE = "sync.index_stale"

TOKENS = (ACCESS, ACCESS_EXPIRES, REFRESH)

Bind = Session | sa.Connection


def read(bind: Bind, keys: Iterable[str] | None = None) -> dict[str, str]:
    stmt = sa.select(SyncState.key, SyncState.value)
    if keys is not None:
        stmt = stmt.where(SyncState.key.in_(list(keys)))
    else:
        stmt = stmt.where(SyncState.key.like("sync.%"))
    return {k: v for k, v in bind.execute(stmt).all()}


_UPSERT = sa.text(
    "INSERT INTO sync_state(key, value) VALUES (:k, :v) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
)


def write(bind: Bind, values: dict[str, str | None]) -> None:
    """Set (or, for None, remove) keys in the caller's transaction."""
    sets = [{"k": k, "v": v} for k, v in values.items() if v is not None]
    drops = [k for k, v in values.items() if v is None]
    if sets:
        bind.execute(_UPSERT, sets)
    if drops:
        bind.execute(sa.delete(SyncState).where(SyncState.key.in_(drops)))
