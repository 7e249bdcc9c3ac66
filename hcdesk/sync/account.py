"""Signing in to the central store: login and logout, the access token and its refresh, and
what happens when IT has revoked this device (the wipe report, then the wipe).

The server address, the officer's account and the tokens are kept only in the encrypted store
(:mod:`hcdesk.sync.state`); none of them is ever logged.
"""

from __future__ import annotations

import contextlib
import logging
import platform
import time
from typing import Any, NoReturn

import httpx
import pydantic
import sqlalchemy as sa

from hcdesk.errors import HcdeskError, UsageError
from hcdesk.store import secrets, tracking
from hcdesk.store.store import Store
from hcdesk.sync import epoch, local, state
from hcdesk.sync import push as push_mod
from hcdesk.sync.errors import (
    Contested,
    DeviceRevoked,
    Forbidden,
    NotLoggedIn,
    Revoked,
    ServerRefused,
    SyncError,
    SyncOffline,
    TooManyRequests,
    Unauthorized,
)
from hcdesk.sync.transport import Transport, normalise_url, parse, refusal, tls_verify
from hcdesk.sync.views import OUTBOX, case_refs, count_active
from hcdesk.wire import protocol as p
from hcdesk.wire.protocol import UserInfo
from hcdesk.wire.version import WIRE_VERSION

log = logging.getLogger("hcdesk.sync")

REFRESH_MARGIN_S = 30.0


class RevokedLater(Exception):
    """The device was revoked, found on a worker thread: the sync's own thread wipes."""

    def __init__(self, token: str | None) -> None:
        super().__init__("device revoked")
        self.token = token


class Account:
    """The sign-in of one store's officer on this device."""

    def __init__(self, store: Store, *, verify: bool | str = True, timeout: float = 30.0) -> None:
        self.store = store
        self._verify = verify
        self._timeout = timeout

    def state(self) -> dict[str, str]:
        with local.read(self.store) as conn:
            return state.read(conn)

    def set_state(self, values: dict[str, str | None]) -> None:
        with local.write(self.store) as conn:
            state.write(conn, values)

    def connect(self, url: str, creds: dict[str, str]) -> Transport:
        """A transport to the central store this officer signed in to."""
        verify = tls_verify(self._verify, creds.get(state.CA_PEM))
        transport = Transport(
            url,
            device_id=self.store.device_id,
            verify=verify,
            timeout=self._timeout,
            schema_version=WIRE_VERSION,
        )
        with local.read(self.store) as conn:
            hw = conn.scalar(sa.text("SELECT value FROM sync_state WHERE key = 'hlc_hw'"))
        transport.client_hlc = hw or ""
        return transport

    def configured(self) -> bool:
        creds = self.state()
        return bool(creds.get(state.SERVER_URL) and creds.get(state.REFRESH))

    # -- sign in and out ------------------------------------------------------------------------
    def login(
        self, server_url: str, username: str, password: str, device_name: str = ""
    ) -> UserInfo:
        """Sign in on this device; the tokens are kept in the encrypted store."""
        url = normalise_url(server_url)
        username = username.strip()
        if not username or not password:
            raise UsageError("Give your username and password.")
        with local.read(self.store) as conn:
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
            try:
                resp = transport.send(f"{p.API_PREFIX}/auth/login", body, None)
            except Unauthorized as exc:
                raise ServerRefused("The username or password is not right.", exc.status) from None
            except Revoked:
                # A revoked device's old tokens still let it send its wipe report.
                self.revoked(transport, creds.get(state.ACCESS) or creds.get(state.REFRESH))
            except Forbidden as exc:
                raise ServerRefused(
                    exc.reason or "The central store refused this sign-in.", exc.status
                ) from None
            except Contested as exc:
                raise ServerRefused(
                    exc.reason
                    or "This device is registered to another officer; ask IT to release it.",
                    exc.status,
                ) from None
            except TooManyRequests as exc:
                wait = exc.retry_after
                when = f" in {int(wait) + 1} s" if wait else " later"
                raise ServerRefused(
                    f"Too many sign-in attempts; try again{when}.", exc.status
                ) from None
            pair = parse(resp, p.TokenPair)
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
        with local.write(self.store) as conn:
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
        creds = self.state()
        url, token = creds.get(state.SERVER_URL), creds.get(state.ACCESS)
        if url and token:
            try:
                transport = self.connect(url, creds)
                try:
                    transport.post(f"{p.API_PREFIX}/auth/logout", None, token)
                finally:
                    transport.close()
            except (SyncError, UsageError):
                pass  # offline: the tokens expire on their own
        self.set_state(dict.fromkeys(state.TOKENS))

    # -- tokens ---------------------------------------------------------------------------------
    def access(self, transport: Transport, wipe: bool = True) -> str:
        creds = self.state()
        token = creds.get(state.ACCESS)
        try:
            expires = float(creds.get(state.ACCESS_EXPIRES, "0"))
        except ValueError:
            expires = 0.0
        if token and expires - REFRESH_MARGIN_S > time.time():
            return token
        return self.refresh(transport, wipe, failed=token or "")

    def refresh(self, transport: Transport, wipe: bool = True, failed: str | None = None) -> str:
        """A fresh access token (the refresh token rotates). ``failed``: the access token the
        server just refused; if another thread has replaced it meanwhile, that one is used."""
        with self.store.token_lock:
            creds = self.state()
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
        try:
            resp = transport.send(f"{p.API_PREFIX}/auth/refresh", body, None)
        except (Unauthorized, Forbidden) as exc:
            if exc.error == "device_revoked":
                if not wipe:
                    raise RevokedLater(creds.get(state.ACCESS) or refresh) from None
                self.revoked(transport, creds.get(state.ACCESS) or refresh)
            self.set_state(dict.fromkeys(state.TOKENS))
            if exc.error == "account_disabled" and exc.reason:
                raise NotLoggedIn(exc.reason) from None
            raise NotLoggedIn("Your sign-in has expired; sign in again (hcdesk login).") from None
        pair = parse(resp, p.TokenPair)
        with local.write(self.store) as conn:
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

    def call(
        self, transport: Transport, path: str, body: Any, *, wipe: bool = True
    ) -> httpx.Response:
        """POST with the access token; refreshes it once if it is refused; a revoked device is
        wiped (``wipe=False``: :class:`RevokedLater` is raised instead, for the caller's
        thread). The answer is any other the central store gave: :func:`check` it."""
        token = self.access(transport, wipe)
        resp = transport.post(path, body, token)
        refused = refusal(resp)
        if isinstance(refused, Unauthorized):
            token = self.refresh(transport, wipe, failed=token)
            resp = transport.post(path, body, token)
            refused = refusal(resp)
            if isinstance(refused, Unauthorized):
                self.set_state(dict.fromkeys(state.TOKENS))
                raise NotLoggedIn(
                    "The central store no longer accepts this sign-in; sign in again."
                )
        if isinstance(refused, Revoked):
            if not wipe:
                raise RevokedLater(token)
            self.revoked(transport, token)
        if isinstance(refused, Forbidden):
            raise ServerRefused(
                refused.reason or "The central store refused this request.",
                refused.status,
                refused.error,
            )
        return resp

    # -- revoked device -------------------------------------------------------------------------
    def revoked(self, transport: Transport, token: str | None) -> NoReturn:
        """Report what is unsent, then wipe the profile; keep everything if the report fails."""
        with local.read(self.store) as conn:
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
            transport.send(f"{p.API_PREFIX}/devices/wipe-report", report, token)
            sent = True
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


def _known(creds: dict[str, str]) -> epoch.Known:
    sid, gen = creds.get(epoch.STORE_ID), creds.get(epoch.STORE_GENERATION)
    return (sid, gen) if sid and gen else None


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
