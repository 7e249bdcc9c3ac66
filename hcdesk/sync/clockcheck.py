"""The laptop's side of the bounded clock (docs/sync.md, "The laptop's clock").

The central store's clock never runs more than ``MAX_SKEW_MS`` ahead of its own wall clock,
so the laptop folds it in whatever the laptop's own clock says: a laptop a week slow still
stamps its next edit after what it has seen. On top of that:

* a version received from the central store (pulled, or in a push's answer) that is more than
  the margin ahead of the central store's clock in the same answer was stamped before that
  bound existed, by a laptop whose clock was wrong. It is stored like any other, but it is not
  folded into this laptop's clock, which would otherwise stamp this officer's edits from the
  future (and the central store would flag this laptop for it). The central store still puts
  an edit based on it after it;
* after a sync the officer is told, in the sync status the CLI and the desktop show, when this
  computer's clock is more than the margin off the central store's (reference/SYNC.md §2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcdesk.wire.hlc import HLC
from hcdesk.wire.protocol import MAX_SKEW_MS

if TYPE_CHECKING:
    from hcdesk.store.store import Store

MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS


def _wall(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return HLC.decode(text).wall_ms
    except ValueError:
        return None


def foldable(version: str | None, server_hlc: str | None, margin_ms: int = MAX_SKEW_MS) -> str:
    """``version`` if this laptop's clock may take it in, else ``""`` (nothing to fold in).

    Refused: a version more than ``margin_ms`` ahead of ``server_hlc``, the central store's
    clock in the same answer. Without that clock (an older server) the version is taken in.
    """
    wall, server = _wall(version), _wall(server_hlc)
    if wall is None:
        return ""
    if server is not None and wall - server > margin_ms:
        return ""
    return version or ""


def laptop_clock_ms(store: Store) -> int:
    """This laptop's wall clock, as its hybrid clock reads it (the tests set it hours off)."""
    return store.clock.now_ms()


def _amount(ms: int) -> str:
    if ms < 2 * HOUR_MS:
        n, unit = round(ms / MINUTE_MS), "minute"
    elif ms < 2 * DAY_MS:
        n, unit = round(ms / HOUR_MS), "hour"
    else:
        n, unit = round(ms / DAY_MS), "day"
    return f"about {n} {unit}{'s' if n != 1 else ''}"


def clock_warning(
    laptop_ms: int, server_hlc: str | None, margin_ms: int = MAX_SKEW_MS
) -> str | None:
    """One line for the officer when this computer's clock is off, else None.

    ``server_hlc`` is the newest central store clock seen in this sync. That clock is never
    behind the central store's wall clock and at most ``margin_ms`` ahead of it, so this warns
    when the laptop is more than the margin ahead of it, or more than twice the margin behind:
    either way the laptop's clock is off by more than the margin, never a false alarm.
    """
    server = _wall(server_hlc)
    if server is None:
        return None
    ahead = laptop_ms - server
    if ahead > margin_ms:
        return (
            f"This computer's clock is {_amount(ahead)} ahead of the central store's. Set the "
            "right date, time and time zone on this computer (or ask IT): until then the "
            "central store gives your changes its own time and marks this device."
        )
    if -ahead > 2 * margin_ms:
        return (
            f"This computer's clock is {_amount(-ahead)} behind the central store's. Set the "
            "right date, time and time zone on this computer (or ask IT): until then the "
            "times it records are wrong. Your changes are kept and synced."
        )
    return None
