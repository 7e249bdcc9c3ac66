"""Hybrid logical clock (Kulkarni et al. 2014; reference/SYNC.md §2).

A timestamp is (wall milliseconds, counter, node). Its text form sorts in the same order as the
timestamps, so per-field versions can be compared as strings: ``0001764064359000-0000-<node>``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

WALL_DIGITS = 16
MAX_COUNTER = 0xFFFF


class ClockSkewError(ValueError):
    """A remote timestamp is further ahead of our wall clock than the guard allows."""


@dataclass(frozen=True, order=True)
class HLC:
    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.wall_ms:0{WALL_DIGITS}d}-{self.counter:04x}-{self.node}"

    @classmethod
    def decode(cls, text: str) -> HLC:
        try:
            wall, counter, node = text.split("-", 2)
            return cls(int(wall), int(counter, 16), node)
        except ValueError as exc:
            raise ValueError(f"not a hybrid logical clock value: {text!r}") from exc

    def __str__(self) -> str:
        return self.encode()


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    """Issues monotonic timestamps for one node and folds in timestamps it receives."""

    def __init__(
        self,
        node: str,
        last: HLC | None = None,
        now_ms: Callable[[], int] = wall_clock_ms,
        max_drift_ms: int = 24 * 3600 * 1000,
    ) -> None:
        if not node or "-" in node:
            raise ValueError("an HLC node id must be non-empty and contain no '-'")
        self.node = node
        self._now = now_ms
        self.max_drift_ms = max_drift_ms
        self._wall = last.wall_ms if last else 0
        self._counter = last.counter if last else 0

    @property
    def last(self) -> HLC:
        return HLC(self._wall, self._counter, self.node)

    def wall_ms(self) -> int:
        """This node's physical (wall) clock, in milliseconds."""
        return self._now()

    def tick(self) -> HLC:
        """A timestamp for a local event (an edit, a send)."""
        now = self._now()
        if now > self._wall:
            self._wall, self._counter = now, 0
        else:
            self._bump()
        return self.last

    def receive(self, remote: HLC) -> HLC:
        """Fold in a timestamp from another node; refuses one too far ahead of our clock."""
        now = self._now()
        if remote.wall_ms - now > self.max_drift_ms:
            raise ClockSkewError(
                f"a timestamp {(remote.wall_ms - now) // 1000} s ahead of this clock was refused"
            )
        wall = max(self._wall, remote.wall_ms, now)
        if wall == self._wall == remote.wall_ms:
            self._counter = max(self._counter, remote.counter)
            self._bump()
        elif wall == self._wall:
            self._bump()
        elif wall == remote.wall_ms:
            self._wall, self._counter = wall, remote.counter
            self._bump()
        else:
            self._wall, self._counter = wall, 0
        return self.last

    def _bump(self) -> None:
        if self._counter >= MAX_COUNTER:
            self._wall += 1
            self._counter = 0
        else:
            self._counter += 1
