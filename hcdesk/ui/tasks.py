"""The one helper for background work (STYLE.md C2/C3).

Widgets never start threads. They call ``runner.run(op, on_success=..., on_error=...)``; ``op``
runs on a worker thread, returns plain data and never touches widgets; the callbacks run on the
GUI thread. Writes go through a single-thread pool so they never race each other.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class Cancelled(Exception):
    pass


class TaskHandle:
    """Lets the GUI ask a running task to stop; the task checks :meth:`cancelled`."""

    def __init__(self) -> None:
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    @property
    def cancelled(self) -> bool:
        return self._cancel


class _Job(QRunnable):
    def __init__(
        self,
        op: Callable[[TaskHandle, Callable[[int, int], None]], Any],
        relay: _Relay,
        handle: TaskHandle,
    ) -> None:
        super().__init__()
        self.op, self.relay, self.handle = op, relay, handle
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread
        try:
            result = self.op(self.handle, self.relay.progressed.emit)
        except BaseException as exc:
            exc.__hcdesk_tb__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


class TaskRunner(QObject):
    """Runs operations off the GUI thread. Inject pools in tests (C3)."""

    def __init__(
        self,
        parent: QObject | None = None,
        read_pool: QThreadPool | None = None,
        write_pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.read_pool = read_pool or QThreadPool(self)
        self.write_pool = write_pool or QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self._live: set[_Relay] = set()

    def run(
        self,
        op: Callable[..., Any],
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        *,
        write: bool = False,
        with_handle: bool = False,
    ) -> TaskHandle:
        relay = _Relay()
        self._live.add(relay)
        handle = TaskHandle()

        @Slot(object)
        def done(result: Any) -> None:
            self._live.discard(relay)
            if on_success:
                on_success(result)

        @Slot(object)
        def failed(exc: BaseException) -> None:
            self._live.discard(relay)
            if on_error:
                on_error(exc)

        relay.succeeded.connect(done)
        relay.failed.connect(failed)
        if on_progress:
            relay.progressed.connect(on_progress)

        def call(h: TaskHandle, progress: Callable[[int, int], None]) -> Any:
            return op(h, progress) if with_handle else op()

        (self.write_pool if write else self.read_pool).start(_Job(call, relay, handle))
        return handle

    def wait(self, msecs: int = 30000) -> bool:
        return self.read_pool.waitForDone(msecs) and self.write_pool.waitForDone(msecs)
