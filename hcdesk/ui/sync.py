"""Sync in the desktop application: the controller that runs the client's sync loop off the GUI
thread (reference/SYNC.md §5.5, "Client sync loop").

One :class:`SyncController` per unlocked store owns one ``SyncClient``. Every call into the client
runs on a worker: sign-in, sign-out, sync and resolving a conflict on a single "sync worker" (one
at a time, in order), read-only questions (status, per-case states, conflicts, quarantine) on a
small read pool. The GUI thread never waits on the database or the network.

Triggers: unlock (:meth:`start`), a save (:meth:`schedule`, debounced), a timer while online, a
retry with exponential back-off and jitter after an offline result, and "Sync now"
(:meth:`sync_now`), which also cuts a back-off short. Locking calls :meth:`stop` on the GUI thread
(cancel, timers off) and runs the function it returns on a worker before the store closes.

Nothing here logs case content: only counts, states and error class names.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from hcdesk.errors import message_for
from hcdesk.store import settings as prefs
from hcdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from hcdesk.store.store import Store

log = logging.getLogger(__name__)

# Indicator states.
STARTING = "starting"
NOT_SIGNED_IN = "not_signed_in"
SYNCING = "syncing"
ONLINE = "online"
OFFLINE = "offline"
ERROR = "error"
REVOKED = "revoked"
STOPPED = "stopped"

# What the sync engine says about one case: (label, explanation).
CASE_SYNC_STATES = {
    "local": ("Local only", "Changed on this computer; not yet sent to the central store"),
    "sent": ("Sent", "Sent to the central store; waiting for it to confirm"),
    "confirmed": ("Confirmed", "The central store holds this case as shown"),
    "refused": (
        "Refused",
        "The central store refused a change to this case; it is kept here (see Refused changes)",
    ),
}

# Sync timing: per-profile settings (hcdesk.store.settings), each with its default.
DEBOUNCE_MS = prefs.SYNC_DEBOUNCE_MS
INTERVAL_S = prefs.SYNC_INTERVAL_S
BACKOFF_BASE_S = prefs.SYNC_BACKOFF_BASE_S
BACKOFF_CAP_S = prefs.SYNC_BACKOFF_CAP_S
PROGRESS_EVERY_S = 0.05  # progress reports reach the GUI at most this often


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("hcdesk.sync", text, disambiguation, n)


def error_kind(exc: BaseException) -> str:
    """What kind of sync failure ``exc`` is, by its class (or a base class) name, so that the
    controller needs no import of the sync engine on the GUI thread."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    for name, kind in (
        ("DeviceRevoked", REVOKED),
        ("SyncCancelled", "cancelled"),
        ("SyncOffline", OFFLINE),
        ("NotLoggedIn", NOT_SIGNED_IN),
    ):
        if name in names:
            return kind
    return ERROR


def as_datetime(value: Any) -> dt.datetime | None:
    """A datetime from a datetime or ISO-8601 text (naive ones are UTC)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        when = value
    else:
        try:
            when = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def ago(value: Any, now: dt.datetime | None = None) -> str:
    """``2 min ago``, ``3 h ago``, ``yesterday 14:05`` or a date."""
    when = as_datetime(value)
    if when is None:
        return ""
    now = now or dt.datetime.now(dt.UTC)
    seconds = (now - when).total_seconds()
    if seconds < 45:
        return tr("just now")
    minutes = round(seconds / 60)
    if minutes < 60:
        return tr("%n min ago", "", max(1, minutes))
    hours = int(seconds // 3600)
    if hours < 12:
        return tr("%n h ago", "", hours)
    local = when.astimezone()
    today = now.astimezone().date()
    if local.date() == today:
        return tr("today %1").replace("%1", local.strftime("%H:%M"))
    if local.date() == today - dt.timedelta(days=1):
        return tr("yesterday %1").replace("%1", local.strftime("%H:%M"))
    return local.strftime("%d/%m/%Y %H:%M")


def field(obj: Any, name: str, default: Any = None) -> Any:
    """An attribute of a view object, or a key of a dict (the client returns either)."""
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


# Changes per pull page in the desktop: a page is parsed in one call that holds the interpreter
# lock (~50 µs a change), so smaller pages keep the window responsive during a big first sync.
PULL_PAGE = 500


def _default_client_factory(store: Store) -> Any:
    from hcdesk.sync.client import SyncClient

    return SyncClient(store, page_size=PULL_PAGE)


class SyncController(QObject):
    """Runs the sync loop of one unlocked store; the UI observes it through signals."""

    statusChanged = Signal(object)  # SyncStatus
    progress = Signal(object)  # SyncProgress
    finished = Signal(object)  # SyncReport
    failed = Signal(str)  # a message a person can act on
    revoked = Signal(object)  # the report of what the withdrawn device held
    stateChanged = Signal(str)  # one of the indicator states above
    started = Signal()  # a sync began
    _progress_relay = Signal(object)

    def __init__(
        self,
        store: Store,
        client_factory: Callable[[Store], Any] | None = None,
        parent: QObject | None = None,
        rng: Callable[[], float] = random.random,
        settings: prefs.ProfileSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings or prefs.ProfileSettings(store.paths.root)
        self._factory = client_factory or _default_client_factory
        self._client: Any = None
        self._client_lock = threading.Lock()
        self._rng = rng
        # The sync worker is the runner's single-thread "write" pool; the status and per-case
        # questions (small reads) share one more thread, so sync adds at most two busy threads
        # to the process, however often the screen asks.
        self.runner = TaskRunner(self)
        self.runner.read_pool.setMaxThreadCount(1)
        self.state = STARTING
        self.status: Any = None
        self.configured: bool | None = None  # unknown until the first status arrives
        self.retry_delay_s = 0.0
        self._auth_failed = False  # the central store refused our tokens: sign in again
        self.revoked_wiped = False
        self._previous_state = STARTING
        self.last_error = ""
        self.last_report: Any = None
        self.running = False
        self.stopped = False
        self._again = False
        self._cancel = threading.Event()
        self._failures = 0
        self._status_gen = 0
        self._progress_relay.connect(self._relay_progress)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.timeout.connect(self._timed_sync)
        self.periodic = QTimer(self)
        self.periodic.timeout.connect(self._tick)
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.timeout.connect(self._timed_sync)

    def setting(self, which: prefs.Setting) -> float:
        """A sync timing from the profile's settings (read each time: it is a tiny file)."""
        return float(self.settings.get(which))

    # -- the client, created and used on workers only ------------------------------------------
    def client(self) -> Any:
        """The store's SyncClient (made on first use). Call from a worker thread only."""
        with self._client_lock:
            if self._client is None:
                self._client = self._factory(self.store)
            return self._client

    def _sync_op(
        self,
        op: Callable[[Any], Any],
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self.runner.run(lambda: op(self.client()), on_success, on_error, write=True)

    def _read_op(
        self,
        op: Callable[[Any], Any],
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        if self.stopped:
            return

        def done(result: Any) -> None:
            if not self.stopped:
                on_success(result)

        def failed(exc: BaseException) -> None:
            if self.stopped:
                return
            log.info("sync query failed: %s", type(exc).__name__)
            if on_error is not None:
                on_error(exc)

        self.runner.run(lambda: op(self.client()), done, failed)

    # -- life cycle --------------------------------------------------------------------------
    def start(self) -> None:
        """After unlocking: read the status, then sync at once if signed in."""
        self.stopped = False
        self.periodic.start(int(self.setting(INTERVAL_S) * 1000))
        self.refresh_status(then_sync=True)

    def stop(self) -> Callable[[], None]:
        """Stop on lock: cancel a running sync, stop the timers. Returns a function to run on a
        worker before the store closes: it waits for the sync worker and closes the client."""
        self.stopped = True
        self._cancel.set()
        for timer in (self.debounce, self.periodic, self.retry):
            timer.stop()
        self._set_state(STOPPED)
        runner, lock = self.runner, self._client_lock

        def join() -> None:
            runner.wait(120_000)
            with lock:
                client, self._client = self._client, None
            if client is not None:
                try:
                    client.close()
                except Exception as exc:  # closing must never stop the store from locking
                    log.warning("closing the sync client failed: %s", type(exc).__name__)

        return join

    # -- triggers ----------------------------------------------------------------------------
    def schedule(self) -> None:
        """A save happened: sync a little later, once the officer pauses."""
        if not self.stopped and self.state not in (NOT_SIGNED_IN, REVOKED):
            self.debounce.start(int(self.setting(DEBOUNCE_MS)))

    def _tick(self) -> None:
        # While offline the back-off timer decides when to try again.
        if self.state not in (OFFLINE, NOT_SIGNED_IN, REVOKED):
            self._timed_sync()

    @Slot()
    def _timed_sync(self) -> None:
        self.sync_now(quiet=True)

    @Slot()
    def sync_now(self, quiet: bool = False) -> None:
        """Sync at once (or straight after the sync that is running). ``quiet``: a timer's
        attempt while offline shows "Offline" until data actually moves, not "Syncing…"."""
        if self.stopped or (self.state == REVOKED and self.revoked_wiped):
            return
        self.debounce.stop()
        self.retry.stop()
        if self.running:
            self._again = True
            return
        if self.configured is False or self._auth_failed:
            self._set_state(NOT_SIGNED_IN)
            return
        self.running = True
        self._again = False
        self._cancel = cancel = threading.Event()
        self._previous_state = self.state
        if not (quiet and self.state == OFFLINE):
            self._set_state(SYNCING)
        self.started.emit()
        relay = self._progress_relay
        last: list[Any] = [0.0, None]

        def progress(p: Any) -> None:  # worker thread: throttled, marshalled by a signal
            now = time.monotonic()
            total, done, phase = field(p, "total"), field(p, "done", 0), field(p, "phase")
            if (
                phase != last[1]
                or now - last[0] >= PROGRESS_EVERY_S
                or (total is not None and done >= total)
            ):
                last[0], last[1] = now, phase
                relay.emit(p)

        def op(client: Any) -> tuple[Any, Any]:
            if not client.configured():
                return None, (False, client.status())
            report = client.sync(progress=progress, cancel=cancel)
            return report, (client.configured(), client.status())

        self._sync_op(op, self._synced, self._sync_failed)

    def cancel(self) -> None:
        """Stop the running sync at its next safe point (what was done so far is kept)."""
        self._cancel.set()

    # -- results -----------------------------------------------------------------------------
    @Slot(object)
    def _relay_progress(self, p: Any) -> None:
        if not self.stopped and self.running:
            if self.state == OFFLINE and field(p, "done", 0):
                self._set_state(SYNCING)  # a quiet retry got through
            self.progress.emit(p)

    def _synced(self, result: tuple[Any, Any]) -> None:
        self.running = False
        if self.stopped:
            return
        report, status = result
        self._set_status(status)
        if report is None:  # not signed in after all
            return
        self._failures = 0
        self.last_error = ""
        self.last_report = report
        self._set_state(ONLINE)
        log.info(
            "sync finished: pushed %s, pulled %s, conflicts %s, rejected %s",
            field(report, "pushed"),
            field(report, "pulled"),
            field(report, "conflicts"),
            field(report, "rejected"),
        )
        self.finished.emit(report)
        if self._again:
            self._again = False
            self.sync_now()

    def _sync_failed(self, exc: BaseException) -> None:
        self.running = False
        if self.stopped:
            return
        kind = error_kind(exc)
        log.info("sync did not complete: %s", type(exc).__name__)
        again, self._again = self._again, False
        if kind == REVOKED:
            self.last_error = message_for(exc)
            # The engine wipes the profile only once IT has the report of what was unsent.
            self.revoked_wiped = bool(getattr(exc, "wiped", True))
            for timer in (self.debounce, self.periodic, self.retry):
                timer.stop()
            self._set_state(REVOKED)
            self.revoked.emit(getattr(exc, "report", None))
            return
        if kind == "cancelled":
            previous = getattr(self, "_previous_state", ONLINE)
            self._set_state(previous if previous != SYNCING else ONLINE)
            self.last_error = tr("The sync was cancelled; it will run again later.")
            self.refresh_status()
            self.failed.emit(self.last_error)
            return
        if kind == OFFLINE:
            self.last_error = message_for(exc)
            self._set_state(OFFLINE)
            self._backoff(getattr(exc, "retry_after", None))
            self.refresh_status()
            if again:
                self.sync_now()
            return
        self.last_error = message_for(exc)
        if kind == NOT_SIGNED_IN:
            self._auth_failed = True
        self._set_state(NOT_SIGNED_IN if kind == NOT_SIGNED_IN else ERROR)
        self.refresh_status()
        self.failed.emit(self.last_error)

    def _backoff(self, retry_after: Any = None) -> None:
        """Try again later: exponential back-off with jitter, capped (about 5 minutes)."""
        self._failures += 1
        base, cap = self.setting(BACKOFF_BASE_S), self.setting(BACKOFF_CAP_S)
        delay = min(cap, base * 2 ** (self._failures - 1))
        delay = delay / 2 + self._rng() * delay / 2  # "equal jitter": between half and all
        try:
            if retry_after is not None:
                delay = max(delay, min(cap, float(retry_after)))
        except (TypeError, ValueError):
            pass
        self.retry_delay_s = delay
        self.retry.start(max(1, int(delay * 1000)))

    # -- status ------------------------------------------------------------------------------
    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)

    def _set_status(self, result: tuple[bool, Any]) -> None:
        """Take a (configured, SyncStatus) pair read on a worker."""
        self.configured, self.status = bool(result[0]), result[1]
        if (not self.configured or self._auth_failed) and not self.running:
            self.retry.stop()
            self._set_state(NOT_SIGNED_IN)
        elif self.state == NOT_SIGNED_IN:
            self._set_state(STARTING)
        self.statusChanged.emit(self.status)

    def refresh_status(self, then_sync: bool = False) -> None:
        """Read the status again on a worker (and, at start, sync if signed in)."""
        self._status_gen += 1
        gen = self._status_gen

        def done(result: tuple[bool, Any]) -> None:
            if gen != self._status_gen:
                return
            self._set_status(result)
            if then_sync and self.configured:
                self.sync_now()

        self._read_op(lambda c: (c.configured(), c.status()), done, self._query_failed)

    def _query_failed(self, exc: BaseException) -> None:
        self.last_error = message_for(exc)

    def signed_in(self) -> bool:
        return bool(self.configured) and not self._auth_failed

    def role(self) -> str:
        return str(field(self.status, "role") or "")

    def may_resolve(self) -> bool:
        return self.role() == "supervisor"

    # -- actions -----------------------------------------------------------------------------
    def login(
        self,
        server_url: str,
        username: str,
        password: str,
        device_name: str,
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Sign in on the sync worker; on success the status is read again and a sync starts."""

        def op(client: Any) -> tuple[Any, Any]:
            user = client.login(server_url, username, password, device_name)
            return user, (client.configured(), client.status())

        def done(result: tuple[Any, Any]) -> None:
            if self.stopped:
                return
            user, status = result
            self._auth_failed = False
            self.last_error = ""
            self._failures = 0
            self._set_state(STARTING)
            self._set_status(status)
            on_success(user)
            self.sync_now()

        def failed(exc: BaseException) -> None:
            if not self.stopped:
                on_error(exc)

        self._sync_op(op, done, failed)

    def logout(self, on_done: Callable[[], None] | None = None) -> None:
        def op(client: Any) -> Any:
            client.logout()
            return client.configured(), client.status()

        def done(status: Any) -> None:
            if self.stopped:
                return
            self.retry.stop()
            self._set_state(NOT_SIGNED_IN)
            self._set_status(status)
            if on_done:
                on_done()

        self._sync_op(op, done, lambda exc: self.failed.emit(message_for(exc)))

    def resolve(
        self,
        conflict_id: str,
        choice: str,
        value: Any,
        on_success: Callable[[], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Queue a decision on the sync worker, then sync so the central store hears it."""

        def done(_result: Any) -> None:
            if self.stopped:
                return
            on_success()
            self.sync_now()

        def failed(exc: BaseException) -> None:
            if not self.stopped:
                on_error(exc)

        self._sync_op(lambda c: c.resolve(conflict_id, choice, value), done, failed)

    # -- read-only questions -----------------------------------------------------------------
    def case_states(
        self, case_ids: Sequence[str], on_success: Callable[[dict[str, str]], None]
    ) -> None:
        ids = list(case_ids)
        refused = int(field(self.status, "quarantined", 0) or 0) > 0

        def op(client: Any) -> dict[str, str]:
            states = dict(client.case_states(ids))
            if refused:  # a case with a refused change is not what the central store holds
                for q in client.quarantine():
                    case_id = field(q, "case_id")
                    if case_id in states:
                        states[case_id] = "refused"
            return states

        self._read_op(op, on_success)

    def conflicts(
        self,
        on_success: Callable[[list[Any]], None],
        case_id: str | None = None,
        include_resolved: bool = False,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._read_op(
            lambda c: c.conflicts(case_id, include_resolved=include_resolved),
            on_success,
            on_error,
        )

    def quarantine(
        self,
        on_success: Callable[[list[Any]], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._read_op(lambda c: c.quarantine(), on_success, on_error)
