"""Crash points for the fault-injection tests (reference/SYNC.md §6, tests 1 and 2).

The sync client and the central store call :func:`point` at each step where a crash could
lose or duplicate work: after freezing a batch, after the server answered, inside and after the
local acknowledgement, inside and after applying a pulled page, and inside and after the
server's push transaction. Normally it does nothing (one dictionary lookup). When the
environment variable ``HCDESK_CRASH_AT`` names the point (``name`` or ``name:N`` for its N-th
passage) the process kills itself with SIGKILL there, exactly like a power cut or ``kill -9``,
so the tests can prove a restart loses nothing and applies nothing twice.
"""

from __future__ import annotations

import os
import signal

ENV = "HCDESK_CRASH_AT"
POINTS = (
    "push.frozen",  # a batch is frozen (state inflight), not yet sent
    "push.sent",  # the central store answered; nothing acknowledged locally yet
    "push.ack",  # inside the local acknowledgement transaction, before it commits
    "push.acked",  # after the acknowledgement committed
    "pull.received",  # a page arrived; nothing applied
    "pull.apply",  # inside the page's transaction (rows written, cursor moved), before commit
    "pull.applied",  # after the page committed
    "server.push.apply",  # on the server, inside the push transaction, before it commits
    "server.push.committed",  # on the server, after the commit, before the answer is sent
)
_passed: dict[str, int] = {}


def point(name: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    target, _, nth = spec.partition(":")
    if target != name:
        return
    _passed[name] = _passed.get(name, 0) + 1
    if _passed[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
