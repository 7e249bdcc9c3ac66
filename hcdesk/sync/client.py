"""The sync client: sign in, push the outbox, pull the team's changes, conflicts and quarantine.

Used by the desktop application (from a worker thread) and by ``hcdesk login/logout/sync``::

    client = SyncClient(store)
    client.login("https://hcdesk.example.police.uk", "pc1234", password)
    report = client.sync(progress=print)

Each call opens its own connections from the store's pool, so the GUI thread can keep using
the store while a sync runs (see :mod:`hcdesk.sync.run`).

This is the one door to sync; behind it, :mod:`~hcdesk.sync.account` signs in and keeps the
tokens, :mod:`~hcdesk.sync.run` runs a sync, :mod:`~hcdesk.sync.views` reads the status, the
conflicts and the quarantine, and :mod:`~hcdesk.sync.transport` speaks HTTP. The server
address, the officer's account and the tokens are kept only in the encrypted store. Nothing
here logs a token or any case data.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from hcdesk.store.store import Store
from hcdesk.sync import run, views
from hcdesk.sync.account import Account
from hcdesk.sync.errors import (
    DeviceRevoked,
    NotLoggedIn,
    ServerRefused,
    SyncCancelled,
    SyncError,
    SyncOffline,
)
from hcdesk.sync.run import SyncProgress, SyncReport
from hcdesk.sync.views import ConflictSide, ConflictView, QuarantineView, SyncStatus
from hcdesk.wire import protocol as p
from hcdesk.wire.protocol import UserInfo

__all__ = [
    "ConflictSide",
    "ConflictView",
    "DeviceRevoked",
    "NotLoggedIn",
    "QuarantineView",
    "ServerRefused",
    "SyncCancelled",
    "SyncClient",
    "SyncError",
    "SyncOffline",
    "SyncProgress",
    "SyncReport",
    "SyncStatus",
    "UserInfo",
]


class SyncClient:
    def __init__(
        self,
        store: Store,
        *,
        verify: bool | str = True,
        timeout: float = 30.0,
        page_size: int = p.DEFAULT_PULL,
    ) -> None:
        self.store = store
        self.account = Account(store, verify=verify, timeout=timeout)
        self.page_size = max(1, min(page_size, p.MAX_PULL))  # changes per pull request

    def _state(self) -> dict[str, str]:
        return self.account.state()

    # -- account ----------------------------------------------------------------------------------
    def configured(self) -> bool:
        return self.account.configured()

    def login(
        self, server_url: str, username: str, password: str, device_name: str = ""
    ) -> UserInfo:
        """Sign in on this device; the tokens are kept in the encrypted store."""
        return self.account.login(server_url, username, password, device_name)

    def logout(self) -> None:
        """Sign out: the tokens are forgotten here (and revoked on the server if it is reachable).
        Unsent changes stay in the outbox for the next sign-in."""
        self.account.logout()

    # -- sync -------------------------------------------------------------------------------------
    def sync(
        self,
        progress: Callable[[SyncProgress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncReport:
        """Send every unsent change, then read every change of the officer's teams."""
        return run.sync(self.account, self.page_size, progress, cancel)

    # -- what the UI shows -------------------------------------------------------------------------
    def status(self) -> SyncStatus:
        return views.status(self.store)

    def case_states(self, case_ids: Sequence[str]) -> dict[str, str]:
        """Per case: ``local`` (changes not yet acknowledged), ``sent`` (acknowledged, but not yet
        read back from the central store) or ``confirmed``."""
        return views.case_states(self.store, case_ids)

    def conflicts(
        self, case_id: str | None = None, include_resolved: bool = False
    ) -> list[ConflictView]:
        return views.conflicts(self.store, case_id, include_resolved)

    def resolve(self, conflict_id: str, choice: str, value: Any = None, note: str = "") -> None:
        """Record a supervisor's decision on a conflict; the next sync sends it."""
        views.resolve(self.store, conflict_id, choice, value, note)

    def quarantine(self) -> list[QuarantineView]:
        return views.quarantine(self.store)

    def close(self) -> None:
        """Nothing to release: every call opens and closes its own connections."""
