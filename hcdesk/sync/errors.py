"""Why a sync (or sign-in) stopped, each with a sentence the officer can act on.

Nothing is lost when any of these is raised: every unsent change stays in the outbox and is
sent by the next sync.

:mod:`hcdesk.sync.transport` turns every answer that is not a success into one of these, so
no caller looks at an HTTP status. The refusals a caller may treat in its own way (a sign-in
that needs refreshing, a batch too large, a gap in the change numbers) have their own classes,
each a :class:`ServerRefused` or a :class:`SyncOffline` with the sentence that fits any caller
that does not.
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


# -- refusals, as the transport raises them ------------------------------------------------------
class Refusal(ServerRefused):
    """The central store refused the request. ``error`` is its error code, ``reason`` its own
    sentence ("" if it gave none) and ``body`` the whole error body."""

    def __init__(
        self,
        message: str,
        status: int | None = None,
        error: str | None = None,
        *,
        reason: str = "",
        body: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, status, error)
        self.reason = reason
        self.body = body or {}

    default_message = "The central store refused the request; nothing was lost."


class Unauthorized(Refusal):
    """The token (or the password) was not accepted."""

    default_message = "The central store did not accept your sign-in; sign in again."


class Forbidden(Refusal):
    """The signed-in officer, or this device, may not do this."""

    default_message = "The central store does not allow this account or this device to do that."


class Revoked(Forbidden):
    """IT revoked this device: its old tokens still let it send its wipe report."""

    default_message = "IT has revoked this device; it can no longer sync."


class Contested(Refusal):
    """The request does not fit what the central store holds: the device is another officer's,
    or the changes sent do not follow the last one it has."""

    default_message = (
        "The central store holds something that does not fit these changes; sync again, and "
        "call IT if this stays."
    )


class TooLarge(Refusal):
    """The request is larger than the central store accepts."""

    default_message = "The changes were too large for the central store to take at once."


class Unreadable(Refusal):
    """The central store could not read the request (a fault in hcdesk)."""

    default_message = "The central store could not read what hcdesk sent; report it to IT."


class Busy(SyncOffline):
    """The central store asked us to come back later (``retry_after`` seconds, if it said)."""

    default_message = "The central store is busy; hcdesk will try again shortly."


class TooManyRequests(Busy):
    """Too many requests from here in a short time (sign-in attempts, say)."""

    default_message = "Too many attempts in a short time; wait a minute and try again."

    status = 429
