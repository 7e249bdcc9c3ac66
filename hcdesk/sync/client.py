"""The sync client: sign in, push the outbox, pull the team's changes, conflicts and quarantine.

Used by the desktop application (from a worker thread) and by ``hcdesk login/logout/sync``::

    client = SyncClient(store)
    client.login("https://hcdesk.example.police.uk", "pc1234", password)
    report = client.sync(progress=print)

Each call opens its own connections from the store's pool, so the GUI thread can keep using
the store while a sync runs; the store's write lock is taken one short transaction at a time
(freeze a batch, apply one response, apply one pull page). Locking the store mid-sync stops
the sync cleanly with :class:`~hcdesk.errors.StoreLocked`; whatever was committed stays.

The server address, the officer's account and the tokens are kept only in the encrypted
store. Nothing here logs a token or any case data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import platform
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import pydantic
import sqlalchemy as sa

from hcdesk.errors import HcdeskError, StoreLocked, UsageError
from hcdesk.models.base import utcnow, uuid7
from hcdesk.store import secrets, tracking
from hcdesk.store.store import Store
from hcdesk.sync import clockcheck, epoch, local, state, views
from hcdesk.sync import pull as pull_mod
from hcdesk.sync import push as push_mod
from hcdesk.sync.errors import (
    DeviceRevoked,
    NotLoggedIn,
    ServerRefused,
    SyncCancelled,
    SyncError,
    SyncOffline,
)
from hcdesk.sync.pull import PageApplier, change_hash, load_buckets
from hcdesk.sync.transport import Transport, error_of, normalise_url, retry_after, tls_verify
from hcdesk.sync.views import (
    CONFIRMED_UPTO,
    OUTBOX,
    ConflictSide,
    ConflictView,
    QuarantineView,
    SyncStatus,
    case_refs,
    count_active,
)
from hcdesk.wire import protocol as p
from hcdesk.wire.protocol import UserInfo
from hcdesk.wire.version import WIRE_VERSION

log = logging.getLogger("hcdesk.sync")

try:  # crash points for the fault-injection tests (kill -9 at each step); no-ops otherwise
    from hcdesk.sync.faults import point as crash_point
except ImportError:  # pragma: no cover

    def crash_point(name: str) -> None:
        return None


# A fetched pull page and its changes' checksum digests.
_Fetched = tuple[p.PullResponse, list[int], epoch.Seen | None]
REFRESH_MARGIN_S = 30.0

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


# -- what the client reports ---------------------------------------------------------------------
@dataclass(frozen=True)
class SyncProgress:
    phase: str  # push | pull
    done: int
    total: int | None
    message: str


@dataclass
class SyncReport:
    pushed: int = 0  # changes the central store acknowledged (any outcome)
    applied: int = 0  # of those, accepted (applied, merged, already there, or with a conflict)
    conflicts: int = 0  # new conflicts (made by our changes or received)
    rejected: int = 0  # refused by the central store, now in the quarantine
    pulled: int = 0  # change entries received and applied
    buckets_reset: list[str] = field(default_factory=list)  # re-read after a checksum mismatch
    purged: int = 0  # cases removed because this officer may no longer read them
    resent: int = 0  # acknowledged changes sent again to a restored or recreated central store
    restore: str | None = None  # the sentence that says so (see hcdesk.sync.epoch)
    duration_s: float = 0.0
    clock_warning: str | None = None  # this computer's clock is off (also in the status)

    def summary(self) -> str:
        parts = [
            f"sent {self.pushed} change{'s' if self.pushed != 1 else ''}",
            f"received {self.pulled}",
        ]
        if self.conflicts:
            parts.append(f"{self.conflicts} new conflict{'s' if self.conflicts != 1 else ''}")
        if self.rejected:
            parts.append(f"{self.rejected} refused (see the quarantine)")
        if self.purged:
            parts.append(f"{self.purged} case{'s' if self.purged != 1 else ''} no longer shared")
        if self.buckets_reset:
            parts.append(f"{len(self.buckets_reset)} team list(s) re-read after a data check")
        if self.restore is not None:
            parts.append(
                f"{self.resent} sent again to the restored central store"
                if self.resent
                else "all team lists re-read from the restored central store"
            )
        return ", ".join(parts) + f" in {self.duration_s:.1f} s"


class _Restart(Exception):
    """A restored or recreated central store was found and recovered from: push and pull
    again (the entries it lacks are queued again, every bucket is read from the start)."""


_ROUNDS = 3  # push-and-pull rounds in one sync: the first, and one after each recovery


def _known(creds: dict[str, str]) -> epoch.Known:
    sid, gen = creds.get(epoch.STORE_ID), creds.get(epoch.STORE_GENERATION)
    return (sid, gen) if sid and gen else None


class _RevokedLater(Exception):
    """The device was revoked, found on a worker thread: the sync's own thread wipes."""

    def __init__(self, token: str | None) -> None:
        super().__init__("device revoked")
        self.token = token


# -- one sync at a time per store ---------------------------------------------------------------
_locks_guard = threading.Lock()


def _lock_of(store: Store, name: str) -> threading.Lock:
    with _locks_guard:
        lock = getattr(store, name, None)
        if lock is None:
            lock = threading.Lock()
            setattr(store, name, lock)
        return lock


def _sync_lock(store: Store) -> threading.Lock:
    return _lock_of(store, "_sync_lock")


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


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
        self._verify = verify
        self._timeout = timeout
        self.page_size = max(1, min(page_size, p.MAX_PULL))  # changes per pull request

    # -- connections --------------------------------------------------------------------------
    def _read(self) -> contextlib.AbstractContextManager[sa.Connection]:
        return local.read(self.store)

    def _write(
        self, *, foreign_keys: bool = True
    ) -> contextlib.AbstractContextManager[sa.Connection]:
        return local.write(self.store, foreign_keys=foreign_keys)

    def _state(self) -> dict[str, str]:
        with self._read() as conn:
            return state.read(conn)

    def _set_state(self, values: dict[str, str | None]) -> None:
        with self._write() as conn:
            state.write(conn, values)

    def _transport(self, url: str, creds: dict[str, str]) -> Transport:
        verify = tls_verify(self._verify, creds.get(state.CA_PEM))
        transport = Transport(
            url,
            device_id=self.store.device_id,
            verify=verify,
            timeout=self._timeout,
            schema_version=WIRE_VERSION,
        )
        with self._read() as conn:
            hw = conn.scalar(sa.text("SELECT value FROM sync_state WHERE key = 'hlc_hw'"))
        transport.client_hlc = hw or ""
        return transport

    # -- account ----------------------------------------------------------------------------------
    def configured(self) -> bool:
        creds = self._state()
        return bool(creds.get(state.SERVER_URL) and creds.get(state.REFRESH))

    def login(
        self, server_url: str, username: str, password: str, device_name: str = ""
    ) -> UserInfo:
        """Sign in on this device; the tokens are kept in the encrypted store."""
        url = normalise_url(server_url)
        username = username.strip()
        if not username or not password:
            raise UsageError("Give your username and password.")
        with self._read() as conn:
            creds = state.read(conn)
            base = _client_seq_base(conn)
            unsent = count_active(conn)
            acked = epoch.acked_upto(conn)
        previous = creds.get(state.USERNAME)
        if previous and previous != username and unsent:
            raise UsageError(
                f"This profile still has {unsent} change(s) by {previous} that have not reached "
                f"the central store; {previous} must sign in and sync them first."
            )
        ca = self._verify if isinstance(self._verify, str) else None
        if ca and "-----BEGIN" not in ca:
            try:
                with open(ca, encoding="ascii") as fh:
                    ca = fh.read()
            except (OSError, UnicodeDecodeError) as exc:
                raise UsageError(f"The CA certificate {ca} cannot be read ({exc}).") from None
        same_server = creds.get(state.SERVER_URL) == url
        remembered = _known(creds) if same_server else None
        if same_server:
            # This laptop synced with this store before: should the store not know the device
            # (restored from before its first sign-in, or recreated), it holds none of its
            # changes, and must expect them all again (see hcdesk.sync.epoch).
            base = 0
        trust = (
            tls_verify(ca, None)
            if ca
            else tls_verify(self._verify, creds.get(state.CA_PEM) if same_server else None)
        )
        transport = Transport(
            url,
            device_id=self.store.device_id,
            verify=trust,
            timeout=self._timeout,
            schema_version=WIRE_VERSION,
        )
        transport.headers = epoch.claim_headers(remembered, acked)
        try:
            try:
                body = p.LoginRequest(
                    username=username,
                    password=password,
                    device_id=self.store.device_id,
                    device_name=(device_name or platform.node() or "")[:120],
                    client_seq_base=base,
                )
            except pydantic.ValidationError:
                raise UsageError("The username or password is too long.") from None
            resp = transport.post(f"{p.API_PREFIX}/auth/login", body, None)
            if resp.status_code == 401:
                raise ServerRefused("The username or password is not right.", 401)
            if resp.status_code == 403:
                code, message, _ = error_of(resp)
                if code == "device_revoked":
                    # A revoked device's old tokens still let it send its wipe report.
                    self._revoked(transport, creds.get(state.ACCESS) or creds.get(state.REFRESH))
                raise ServerRefused(message or "The central store refused this sign-in.", 403)
            if resp.status_code == 409:
                _code, message, _ = error_of(resp)
                raise ServerRefused(
                    message
                    or "This device is registered to another officer; ask IT to release it.",
                    409,
                )
            if resp.status_code == 429:
                wait = retry_after(resp)
                when = f" in {int(wait) + 1} s" if wait else " later"
                raise ServerRefused(f"Too many sign-in attempts; try again{when}.", 429)
            self._check(resp)
            pair = self._parse(resp, p.TokenPair)
            seen = epoch.seen_of(resp)
        finally:
            transport.close()
        values: dict[str, str | None] = {
            state.SERVER_URL: url,
            state.USERNAME: pair.user.username,
            state.USER: pair.user.model_dump_json(),
            **_token_values(pair),
            state.LAST_ERROR: None,
            state.ONLINE: "1",
        }
        if ca:
            values[state.CA_PEM] = ca
        elif not same_server:
            values[state.CA_PEM] = None
        with self._write() as conn:
            if creds.get(state.SERVER_URL) and creds[state.SERVER_URL] != url:
                # Another central store: its sequence numbers mean nothing here; read it afresh.
                conn.execute(sa.text("DELETE FROM sync_bucket"))
                conn.execute(sa.text("DELETE FROM case_bucket"))
                epoch.forget(conn)
            cause = epoch.judge(remembered, seen, acked)
            if cause is not None and seen is not None:
                epoch.recover(conn, seen.device_seq or 0, cause, seen)
            else:
                epoch.remember(conn, seen)
            state.write(conn, values)
            tracking.observe(conn, self.store, pair.server_hlc)
            tracking.observe(conn, self.store, transport.server_hlc)
        return pair.user

    def logout(self) -> None:
        """Sign out: the tokens are forgotten here (and revoked on the server if it is reachable).
        Unsent changes stay in the outbox for the next sign-in."""
        creds = self._state()
        url, token = creds.get(state.SERVER_URL), creds.get(state.ACCESS)
        if url and token:
            try:
                transport = self._transport(url, creds)
                try:
                    transport.post(f"{p.API_PREFIX}/auth/logout", None, token)
                finally:
                    transport.close()
            except (SyncError, UsageError):
                pass  # offline: the tokens expire on their own
        self._set_state(dict.fromkeys(state.TOKENS))

    # -- tokens -----------------------------------------------------------------------------------
    def _access(self, transport: Transport, wipe: bool = True) -> str:
        creds = self._state()
        token = creds.get(state.ACCESS)
        try:
            expires = float(creds.get(state.ACCESS_EXPIRES, "0"))
        except ValueError:
            expires = 0.0
        if token and expires - REFRESH_MARGIN_S > time.time():
            return token
        return self._refresh(transport, wipe, failed=token or "")

    def _refresh(self, transport: Transport, wipe: bool = True, failed: str | None = None) -> str:
        """A fresh access token (the refresh token rotates). ``failed``: the access token the
        server just refused; if another thread has replaced it meanwhile, that one is used."""
        with _lock_of(self.store, "_sync_refresh_lock"):
            creds = self._state()
            current = creds.get(state.ACCESS)
            try:
                expires = float(creds.get(state.ACCESS_EXPIRES, "0"))
            except ValueError:
                expires = 0.0
            fresh = expires - REFRESH_MARGIN_S > time.time()
            if failed is not None and current and current != failed and fresh:
                return current
            return self._refresh_locked(transport, creds, wipe)

    def _refresh_locked(self, transport: Transport, creds: dict[str, str], wipe: bool) -> str:
        refresh = creds.get(state.REFRESH)
        if not refresh:
            raise NotLoggedIn("Sign in to the central store first (hcdesk login).")
        body = p.RefreshRequest(refresh_token=refresh, device_id=self.store.device_id)
        resp = transport.post(f"{p.API_PREFIX}/auth/refresh", body, None)
        if resp.status_code in (401, 403):
            code, message, _ = error_of(resp)
            if code == "device_revoked":
                if not wipe:
                    raise _RevokedLater(creds.get(state.ACCESS) or refresh)
                self._revoked(transport, creds.get(state.ACCESS) or refresh)
            self._set_state(dict.fromkeys(state.TOKENS))
            if code == "account_disabled" and message:
                raise NotLoggedIn(message)
            raise NotLoggedIn("Your sign-in has expired; sign in again (hcdesk login).")
        self._check(resp)
        pair = self._parse(resp, p.TokenPair)
        with self._write() as conn:
            state.write(
                conn,
                {
                    **_token_values(pair),
                    state.USER: pair.user.model_dump_json(),
                    state.USERNAME: pair.user.username,
                },
            )
            tracking.observe(conn, self.store, pair.server_hlc)
        return pair.access_token

    def _call(
        self, transport: Transport, path: str, body: Any, *, wipe: bool = True
    ) -> httpx.Response:
        """POST with the access token; refreshes it once on 401; a revoked device is wiped
        (``wipe=False``: :class:`_RevokedLater` is raised instead, for the caller's thread)."""
        token = self._access(transport, wipe)
        resp = transport.post(path, body, token)
        if resp.status_code == 401:
            token = self._refresh(transport, wipe, failed=token)
            resp = transport.post(path, body, token)
            if resp.status_code == 401:
                self._set_state(dict.fromkeys(state.TOKENS))
                raise NotLoggedIn(
                    "The central store no longer accepts this sign-in; sign in again."
                )
        if resp.status_code == 403:
            code, message, _ = error_of(resp)
            if code == "device_revoked":
                if not wipe:
                    raise _RevokedLater(token)
                self._revoked(transport, token)
            raise ServerRefused(message or "The central store refused this request.", 403, code)
        return resp

    def _check(self, resp: httpx.Response) -> None:
        """Turn an unsuccessful answer into the right error (nothing local changes)."""
        status = resp.status_code
        if 200 <= status < 300:
            return
        code, message, _ = error_of(resp)
        if status in (429, 503):
            wait = retry_after(resp)
            raise SyncOffline(
                "The central store is busy; your changes are kept and will be sent "
                + (f"in about {int(wait) + 1} s." if wait else "later."),
                wait,
            )
        if status == 426:
            raise ServerRefused(
                message or "This copy of hcdesk is too old for the central store; update hcdesk.",
                426,
                code,
            )
        if status >= 500:
            raise SyncOffline(
                f"The central store had a problem (HTTP {status}); your changes are kept and "
                "will be sent later.",
                retry_after(resp),
            )
        raise ServerRefused(
            message or f"The central store refused the request (HTTP {status}).", status, code
        )

    def _parse(self, resp: httpx.Response, model: type[Any]) -> Any:
        try:
            return model.model_validate_json(resp.content)
        except pydantic.ValidationError:
            raise ServerRefused(
                "The central store sent an answer this version of hcdesk cannot read; update "
                "hcdesk or tell IT.",
                resp.status_code,
            ) from None

    # -- sync -------------------------------------------------------------------------------------
    def sync(
        self,
        progress: Callable[[SyncProgress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncReport:
        """Send every unsent change, then read every change of the officer's teams."""
        with _sync_lock(self.store):
            started = time.monotonic()
            report = SyncReport()
            run = _Run(self, report, progress, cancel)
            if pull_mod.indexes_stale(self.store):  # a pull was cut off before indexing
                run.reindex(None)
            creds = self._state()
            url = creds.get(state.SERVER_URL)
            if not url or not creds.get(state.REFRESH):
                raise NotLoggedIn("Sign in to the central store first (hcdesk login).")
            transport = self._transport(url, creds)
            try:
                for attempt in range(_ROUNDS):
                    try:
                        run.push(transport)
                        run.pull(transport)
                        break
                    except _Restart:
                        # The central store lacks what it had acknowledged: what it lacks is
                        # queued again and every bucket is read from the start.
                        if attempt == _ROUNDS - 1:
                            raise ServerRefused(
                                "The central store keeps changing its identity during the "
                                "sync; your changes are kept here. Tell IT."
                            ) from None
            except SyncOffline as exc:
                self._record_failure(str(exc), online=False)
                raise
            except (ServerRefused, NotLoggedIn) as exc:
                self._record_failure(str(exc), online=True)
                raise
            finally:
                transport.close()
                report.duration_s = time.monotonic() - started
            report.clock_warning = clockcheck.clock_warning(
                clockcheck.laptop_clock_ms(self.store), transport.server_hlc
            )
            values: dict[str, str | None] = {
                state.LAST_SUCCESS: _iso(utcnow()),
                state.ONLINE: "1",
            }
            if run.confirmed_upto is not None:
                values[CONFIRMED_UPTO] = str(run.confirmed_upto)
            with self._write() as conn:
                report.resent = epoch.pending_resent(conn)
                report.restore = epoch.take_notice(conn)
                warnings = [w for w in (run.warning, report.restore, report.clock_warning) if w]
                values[state.LAST_ERROR] = " ".join(warnings) or None
                state.write(conn, values)
            return report

    def _record_failure(self, message: str, *, online: bool) -> None:
        with contextlib.suppress(StoreLocked, sa.exc.SQLAlchemyError):
            self._set_state(
                {
                    state.LAST_ERROR: message[:500],
                    state.ONLINE: "1" if online else "0",
                    state.LAST_ATTEMPT: _iso(utcnow()),
                }
            )

    # -- revoked device ----------------------------------------------------------------------------
    def _revoked(self, transport: Transport, token: str | None) -> None:
        """Report what is unsent, then wipe the profile; keep everything if the report fails."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(OUTBOX.c.case_id, sa.func.count())
                .where(OUTBOX.c.state.in_(push_mod.ACTIVE))
                .group_by(OUTBOX.c.case_id)
            ).all()
            refs = case_refs(conn, [cid for cid, _n in rows if cid])
        cases: dict[str, int] = {}
        for cid, n in rows:
            ref = refs.get(cid) or ("(no case)" if not cid else f"case {cid[:8]}")
            cases[ref] = cases.get(ref, 0) + int(n)
        report = p.WipeReport(
            device_id=self.store.device_id, pending_changes=sum(cases.values()), cases=cases
        )
        try:
            resp = transport.post(f"{p.API_PREFIX}/devices/wipe-report", report, token)
            sent = 200 <= resp.status_code < 300
        except (SyncOffline, ServerRefused):
            sent = False
        if not sent:
            raise DeviceRevoked(
                "IT has revoked this device. What it holds could not be reported to the central "
                "store, so nothing was deleted; connect to the force network and sync again, or "
                "contact IT.",
                report,
                wiped=False,
            )
        self._wipe()
        lost = report.pending_changes
        raise DeviceRevoked(
            "IT has revoked this device, so its hcdesk profile has been removed from this "
            f"computer. {lost} unsent change{'s were' if lost != 1 else ' was'} reported to the "
            "central store.",
            report,
            wiped=True,
        )

    def _wipe(self) -> None:
        store = self.store
        paths = store.paths
        store_id = store.keyfile.store_id if store.keyfile is not None else None
        store.close()
        for path in (
            paths.store,
            paths.store.with_name(paths.store.name + "-wal"),
            paths.store.with_name(paths.store.name + "-shm"),
            paths.creating,
            paths.keyfile,
        ):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        if store_id:
            try:
                secrets.forget_key(store_id)
            except HcdeskError:
                log.warning("sync: the OS keyring entry of the wiped profile could not be removed")

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


# -- one sync run ----------------------------------------------------------------------------------
class _Run:
    def __init__(
        self,
        client: SyncClient,
        report: SyncReport,
        progress: Callable[[SyncProgress], None] | None,
        cancel: threading.Event | None,
    ) -> None:
        self.client = client
        self.store = client.store
        self.report = report
        self.progress = progress
        self.cancel = cancel
        self.checkpoint: dict[str, int] = {}
        self.conflict_ids: set[str] = set()
        self.warning: str | None = None
        self.confirmed_upto: int | None = None
        self.max_acked = 0
        self.known: epoch.Known = None  # the store identity last seen (sync_state)
        self.acked = 0  # the highest change number the store has answered

    # -- a restored central store ----------------------------------------------------------
    def _claim(self, transport: Transport) -> None:
        """Read what this laptop knows of the store, and tell it with every request."""
        with self.client._read() as conn:
            self.known = epoch.known(conn)
            self.acked = epoch.acked_upto(conn)
        transport.headers = epoch.claim_headers(self.known, self.acked)

    def _observe(
        self, transport: Transport, seen: epoch.Seen | None, conn: sa.Connection | None = None
    ) -> None:
        """Act on what an answer says about the store: remember a new identity; on a sign of
        loss, recover (:func:`hcdesk.sync.epoch.recover`) and raise :class:`_Restart`."""
        if seen is None:
            return
        cause = epoch.judge(self.known, seen, self.acked)
        if cause is None and self.known == (seen.store_id, seen.generation):
            return
        with contextlib.ExitStack() as stack:
            if conn is None:
                conn = stack.enter_context(self.client._write())
            if cause is not None:
                epoch.recover(conn, seen.device_seq or 0, cause, seen)
            else:
                epoch.remember(conn, seen)
        self.known = (seen.store_id, seen.generation)
        transport.headers = epoch.claim_headers(self.known, self.acked)
        if cause is not None:
            raise _Restart()

    def _tell(self, phase: str, done: int, total: int | None, message: str) -> None:
        if self.progress is not None:
            self.progress(SyncProgress(phase, done, total, message))

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise SyncCancelled("Sync cancelled; everything sent and received so far is kept.")

    # -- push --------------------------------------------------------------------------------------
    def push(self, transport: Transport) -> None:
        client = self.client
        with client._read() as conn:
            total = count_active(conn)
        limit = p.MAX_BATCH
        stalled = 0
        done = 0
        client._access(transport)  # signed in (or refreshed) before anything is frozen
        self._claim(transport)
        self._tell("push", 0, total, "Sending changes")
        while True:
            self._check_cancel()
            with client._write() as conn:
                batch = push_mod.next_batch(conn, limit=limit)
            if not batch:
                break
            crash_point("push.frozen")
            body = _push_body(self.store.device_id, batch)
            resp = client._call(transport, f"{p.API_PREFIX}/sync/push", body)
            crash_point("push.sent")
            status = resp.status_code
            if status == 413:
                if limit > 1:
                    limit = max(1, len(batch) // 2)
                    continue
                text = (
                    "A change is too large for the central store to accept; it is kept here. "
                    "Tell IT."
                )
                self._note_batch_error(batch, text)
                raise ServerRefused(text, 413)
            if status == 409:
                code, message, err = error_of(resp)
                expected = err.get("expected")
                first = batch[0].client_seq
                if code == "seq_gap" and isinstance(expected, int) and expected < first:
                    self._observe(transport, epoch.seen_of(resp))
                    # A store too old to say who it is: the gap is the same sign of a loss.
                    with client._write() as conn:
                        again = epoch.recover(conn, expected - 1, epoch.LACKS, None)
                    if again:
                        raise _Restart()
                    text = (
                        f"The central store is waiting for change number {expected}, but this "
                        f"device's next unsent change is number {first}: changes are missing "
                        "from its outbox. Nothing was skipped; tell IT."
                    )
                else:
                    text = message or "The central store refused the order of the changes sent."
                self._note_batch_error(batch, text)
                raise ServerRefused(text, 409, code)
            if status == 422:
                _code, message, _ = error_of(resp)
                text = (
                    "The central store could not read the changes sent (a fault in hcdesk); "
                    "they are kept here. " + (message or "")
                ).strip()
                self._note_batch_error(batch, text)
                raise ServerRefused(text, 422)
            client._check(resp)
            parsed: p.PushResponse = client._parse(resp, p.PushResponse)
            with client._write() as conn:
                outcome = push_mod.apply_results(conn, self.store, parsed)
                tracking.observe(conn, self.store, transport.server_hlc)
                self.acked = max(self.acked, epoch.acked_upto(conn))
                crash_point("push.ack")
            crash_point("push.acked")
            if outcome.acked == 0:
                stalled += 1
                if stalled >= 2:
                    raise ServerRefused(
                        "The central store answered without acknowledging the changes sent; "
                        "they are kept here and will be sent again."
                    )
            else:
                stalled = 0
            for b, s in {**parsed.write_checkpoint, **outcome.bucket_seq}.items():
                self.checkpoint[b] = max(self.checkpoint.get(b, 0), s)
            self.max_acked = max(self.max_acked, batch[-1].client_seq)
            self.report.pushed += outcome.acked
            self.report.applied += outcome.applied
            self.report.rejected += outcome.rejected
            self.conflict_ids |= outcome.conflicts
            self.report.conflicts = len(self.conflict_ids)
            done += outcome.acked
            self._tell("push", done, max(total, done), f"Sent {done} of {max(total, done)}")
            self._observe(transport, epoch.seen_of(resp))

    def _note_batch_error(self, batch: Sequence[push_mod.Entry], text: str) -> None:
        with self.client._write() as conn:
            conn.execute(
                sa.update(OUTBOX)
                .where(OUTBOX.c.client_seq.in_([e.client_seq for e in batch]))
                .values(last_error=text[:2000])
            )

    # -- pull --------------------------------------------------------------------------------------
    def pull(self, transport: Transport) -> None:
        client = self.client
        with client._read() as conn:
            # Every change acknowledged so far is confirmed once the pull has caught up.
            upto = (
                conn.scalar(
                    sa.select(sa.func.max(OUTBOX.c.client_seq)).where(
                        OUTBOX.c.state.in_(("acked", "rejected"))
                    )
                )
                or 0
            )
        reset_done: set[str] = set()
        behind: list[str] = []
        extra = False
        received = 0
        self._tell("pull", 0, None, "Receiving changes")
        # The next page is fetched while this one is applied (the cursors it asks from are the
        # ones this page moves to); it is thrown away if this page resets a bucket.
        ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hcdesk-pull")
        coming: Future[_Fetched] | None = None
        # Cases whose rows were stored but whose search and case-list entries are not yet
        # rebuilt (the store marks its indexes stale meanwhile). A case's rows arrive together,
        # over one page or two: a case is indexed on the first page that does not touch it,
        # once rather than on every page that brings one of its rows, and while the next page
        # is being fetched.
        pending: set[str] = set()
        marked = False
        try:
            while True:
                self._check_cancel()
                if coming is not None:
                    try:
                        page, digests, seen = coming.result()
                    except _RevokedLater as revoked:  # report and wipe here, not on the worker
                        client._revoked(transport, revoked.token)
                        raise
                    coming = None
                else:
                    with client._read() as conn:
                        cursors = {b: s.seq for b, s in load_buckets(conn).items()}
                    page, digests, seen = self._fetch(transport, cursors)
                crash_point("pull.received")
                self._observe(transport, seen)  # before the page: a restart drops it
                if page.has_more:
                    following = {b: page.cursors.get(b, 0) for b in page.buckets}
                    coming = ahead.submit(self._fetch, transport, following, False)
                with client._write(foreign_keys=False) as conn:
                    applier = PageApplier(
                        conn, self.store, set(page.buckets) - reset_done, defer_index=True
                    )
                    out = applier.apply(page, digests)
                    now = out.cases | out.purged
                    marked = marked or bool(now)
                    ready = pending - now
                    if ready:
                        pull_mod.reindex(conn, sorted(ready))
                    tracking.observe(conn, self.store, transport.server_hlc)
                    crash_point("pull.apply")
                pending = (pending - ready) | now  # only once the page is committed
                crash_point("pull.applied")
                received += out.changes
                self.report.pulled += out.changes
                self.report.purged += len(out.purged)
                self.conflict_ids |= out.new_conflicts
                self.report.conflicts = len(self.conflict_ids)
                if out.mismatched:
                    reset_done |= set(out.mismatched)
                    self.report.buckets_reset += out.mismatched
                    if coming is not None:  # asked from cursors that are no longer ours
                        with contextlib.suppress(Exception):
                            coming.result()
                        coming = None
                if out.still_mismatched:
                    self.warning = (
                        "The data check of a team's records still fails after reading them "
                        "again; your data is kept, but tell IT."
                    )
                self._tell("pull", received, None, f"Received {received} changes")
                if page.has_more or out.mismatched:
                    continue
                behind = [
                    b
                    for b, s in self.checkpoint.items()
                    if b in page.cursors and page.cursors[b] < s
                ]
                if behind and not extra:
                    extra = True  # the push's writes may not be readable yet; look once more
                    continue
                break
        except BaseException:
            # Cancelled, offline, refused: what arrived is kept, so index it now (if the store
            # can still be written; else the stale mark has the next sync index everything).
            if marked:
                with contextlib.suppress(Exception):
                    self.reindex(pending)
            raise
        finally:
            ahead.shutdown(wait=True, cancel_futures=True)
        if marked:
            self.reindex(pending)
        self.confirmed_upto = upto if not behind else None

    def reindex(self, case_ids: set[str] | None) -> None:
        """Search and case-list indexes of these cases (None: every case) brought up to date,
        and the store's stale mark cleared."""

        def tell(done: int, total: int) -> None:
            self._tell("index", done, total, f"Updating search and the case list ({done}/{total})")

        pull_mod.update_indexes(self.store, case_ids, tell)

    def _fetch(self, transport: Transport, cursors: dict[str, int], wipe: bool = True) -> _Fetched:
        """A page and its changes' checksum digests. Worked out here, on the thread that
        fetches the next page while this one is applied, they cost the apply nothing."""
        client = self.client
        request = p.PullRequest(
            device_id=self.store.device_id,
            schema_version=WIRE_VERSION,
            cursors=cursors,
            limit=client.page_size,
        )
        resp = client._call(transport, f"{p.API_PREFIX}/sync/pull", request, wipe=wipe)
        client._check(resp)
        page: p.PullResponse = client._parse(resp, p.PullResponse)
        return page, [change_hash(c) for c in page.changes], epoch.seen_of(resp)


def _push_body(device_id: str, batch: Sequence[push_mod.Entry]) -> bytes:
    """The request, with every mutation exactly as frozen."""
    return json.dumps(
        {
            "batch_id": uuid7(),
            "device_id": device_id,
            "schema_version": WIRE_VERSION,
            "mutations": [e.frozen for e in batch],
        },
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")


def _token_values(pair: p.TokenPair) -> dict[str, str | None]:
    return {
        state.ACCESS: pair.access_token,
        state.ACCESS_EXPIRES: str(time.time() + max(0, pair.expires_in)),
        state.REFRESH: pair.refresh_token,
    }


def _client_seq_base(conn: sa.Connection) -> int:
    """The highest change number this device has used that the server must not expect."""
    first_active = conn.scalar(
        sa.select(sa.func.min(OUTBOX.c.client_seq)).where(OUTBOX.c.state.in_(push_mod.ACTIVE))
    )
    if first_active is not None:
        return int(first_active) - 1
    return int(conn.scalar(sa.select(sa.func.max(OUTBOX.c.client_seq))) or 0)
