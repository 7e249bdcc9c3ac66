"""The central store's hybrid logical clock, bounded by its own wall clock (docs/sync.md).

One :class:`ServerClock` per application. A timestamp from outside (a laptop's
``X-Client-HLC``, a pushed version, a stored version an edit must come after) is folded in only
if it is at most ``MAX_SKEW_MS`` ahead of the server's *wall* clock. One further ahead is not
folded in: the caller re-stamps it and flags the device that sent it. So the server's clock
never runs more than the margin ahead of its wall clock, and neither does any version it hands
out, whatever one laptop's clock says.
"""

from __future__ import annotations

import threading

from hcdesk.wire import protocol as p
from hcdesk.wire.hlc import HLC, MAX_COUNTER, HybridClock


class ServerClock:
    """Thread-safe; ``clock`` and ``lock`` may be given (the tests drive the wall clock)."""

    def __init__(
        self,
        clock: HybridClock | None = None,
        lock: threading.Lock | None = None,
        *,
        margin_ms: int = p.MAX_SKEW_MS,
    ) -> None:
        self.clock = clock if clock is not None else HybridClock("server")
        self.lock = lock if lock is not None else threading.Lock()
        self.margin_ms = margin_ms

    @property
    def last(self) -> HLC:
        with self.lock:
            return self.clock.last

    def now_ms(self) -> int:
        """The server's wall clock."""
        return self.clock.wall_ms()

    def tick(self) -> str:
        with self.lock:
            return self.clock.tick().encode()

    def too_far_ahead(self, remote: HLC) -> bool:
        """Whether ``remote`` is more than the margin ahead of the server's wall clock."""
        return remote.wall_ms - self.now_ms() > self.margin_ms

    def observe(self, remote: HLC) -> bool:
        """Fold ``remote`` in if it is within the margin; False (nothing changes) if not."""
        with self.lock:
            if remote.wall_ms - self.clock.wall_ms() > self.margin_ms:
                return False
            self.clock.receive(remote)
            return True

    def after(self, ver: str) -> str:
        """A new server version later than ``ver`` (an edit made after seeing ``ver``).

        A ``ver`` further ahead than the margin (stored before the clock was bounded) is not
        folded in: the version returned is the next one after it, and the clock stays where
        it was. Text that is not a version gets a fresh tick.
        """
        try:
            remote = HLC.decode(ver)
        except ValueError:
            return self.tick()
        with self.lock:
            if remote.wall_ms - self.clock.wall_ms() <= self.margin_ms:
                self.clock.receive(remote)
                return self.clock.tick().encode()
            mine = self.clock.tick()
        if remote.counter < MAX_COUNTER:
            successor = HLC(remote.wall_ms, remote.counter + 1, mine.node)
        else:
            successor = HLC(remote.wall_ms + 1, 0, mine.node)
        return max(mine, successor).encode()

    def read_header(self, value: str | None) -> bool:
        """Fold in a client's ``X-Client-HLC`` (call it only once the request is authenticated).

        True if the header holds a clock more than the margin ahead (not folded in: the caller
        flags the device). A missing or garbled header is ignored, never an error.
        """
        if not value:
            return False
        try:
            remote = HLC.decode(value[:100])
        except ValueError:
            return False
        return not self.observe(remote)
