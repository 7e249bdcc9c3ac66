"""Why a sync (or sign-in) stopped, each with a sentence the officer can act on.

Nothing is lost when any of these is raised: every unsent change stays in the outbox and is
sent by the next sync.
"""

from __future__ import annotations

from typing import Any

from hcdesk.errors import HcdeskError


class SyncError(HcdeskError):
    exit_code = 1
    default_message = (
        "The sync stopped; nothing was lost: every unsent change stays here for the next sync."
    )


class SyncOffline(SyncError):
    """The central store could not be reached, or asked us to come back later."""

    exit_code = 75  # EX_TEMPFAIL
    default_message = (
        "The central store could not be reached; nothing was lost. Unsent changes are sent "
        "by the next sync."
    )

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotLoggedIn(SyncError):
    """There is no server or no valid sign-in for this profile."""

    exit_code = 77  # EX_NOPERM
    default_message = "Sign in to the central store first; unsent changes stay here until then."


class ServerRefused(SyncError):
    """The central store answered, but refused the request (or gave an answer we cannot use)."""

    exit_code = 76  # EX_PROTOCOL
    default_message = (
        "The central store refused the request; nothing was lost, and unsent changes stay here."
    )

    def __init__(self, message: str, status: int | None = None, error: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.error = error


class DeviceRevoked(SyncError):
    """IT revoked this device. ``wiped`` tells whether the local profile has been removed."""

    exit_code = 78
    default_message = "IT has revoked this device's access to the central store; contact IT."

    def __init__(self, message: str, report: Any = None, wiped: bool = False) -> None:
        super().__init__(message)
        self.report = report
        self.wiped = wiped


class SyncCancelled(SyncError):
    """The officer cancelled; everything finished before the cancel is kept."""

    exit_code = 130
    default_message = "Sync cancelled; everything sent and received so far is kept."
