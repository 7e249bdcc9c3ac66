"""Sign-in, device-bound tokens and the request's principal.

* Passwords are Argon2id hashes (argon2-cffi). An unknown username is verified against a dummy
  hash, so a wrong username and a wrong password take the same time and get the same message.
* Tokens are opaque random strings; the database keeps only their SHA-256. Each token belongs
  to one device, which belongs to one user. An access token lives minutes, a refresh token days;
  refreshing rotates the refresh token (the old one stops working).
* Revoking a device turns its tokens into *revoked markers*: they no longer authorise anything,
  but a request carrying one is answered ``403 device_revoked`` with ``wipe: true`` (rather than
  a bare 401), so the laptop learns it must wipe its local store, and may still send its
  :class:`~hcdesk.wire.protocol.WipeReport`.
* Every authenticated request re-reads the token, device and user, so a revocation or a disabled
  account takes effect on the very next request.
* Only then is the client's ``X-Client-HLC`` read into the server clock: a clock more than
  ``MAX_SKEW_MS`` ahead of the server's wall clock is left out and the device that sent it
  flagged (``device.skew_flagged_at``). An anonymous request cannot move the server's clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from hcdesk.server import errors
from hcdesk.server.clock import ServerClock
from hcdesk.server.config import ServerConfig
from hcdesk.server.database import Database
from hcdesk.server.db import Device, ServerAudit, Team, TeamMember, Token, User, utcnow
from hcdesk.server.errors import ApiError
from hcdesk.wire.protocol import (
    HEADER_CLIENT_HLC,
    HEADER_DEVICE,
    LoginRequest,
    RefreshRequest,
    TeamInfo,
    TokenPair,
    UserInfo,
)

log = logging.getLogger("hcdesk.server.auth")

ACCESS = "access"
REFRESH = "refresh"
REVOKED = "revoked"  # a token of a revoked device: answers device_revoked, authorises nothing
LAST_SEEN_EVERY = dt.timedelta(minutes=1)
WRONG_CREDENTIALS = "Wrong username or password."

# -- passwords -----------------------------------------------------------------------------------
# argon2-cffi's defaults are Argon2id with the RFC 9106 low-memory profile. Tests swap in a
# cheaper hasher; hashes record their own parameters, so old hashes keep verifying and are
# re-hashed at the next sign-in when the parameters change.
PASSWORD_HASHER = PasswordHasher()
_dummy_hashes: dict[tuple[int, int, int], str] = {}


def hash_password(password: str) -> str:
    return PASSWORD_HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return PASSWORD_HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _dummy_hash() -> str:
    h = PASSWORD_HASHER
    key = (h.time_cost, h.memory_cost, h.parallelism)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = h.hash(secrets.token_urlsafe(16))
    return _dummy_hashes[key]


def normalise_username(username: str) -> str:
    return username.strip().lower()


# -- tokens --------------------------------------------------------------------------------------
def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything here is stored in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def issue_tokens(
    session: Session, device_id: str, config: ServerConfig, now: dt.datetime
) -> tuple[str, str]:
    """A new access and refresh token for the device; the device's expired tokens are dropped."""
    session.execute(
        sa.delete(Token).where(
            Token.device_id == device_id, Token.kind != REVOKED, Token.expires_at <= now
        )
    )
    access = "hca_" + secrets.token_urlsafe(32)
    refresh = "hcr_" + secrets.token_urlsafe(32)
    session.add_all(
        [
            Token(
                token_hash=token_digest(access),
                device_id=device_id,
                kind=ACCESS,
                expires_at=now + dt.timedelta(seconds=config.access_token_seconds),
                created_at=now,
            ),
            Token(
                token_hash=token_digest(refresh),
                device_id=device_id,
                kind=REFRESH,
                expires_at=now + dt.timedelta(seconds=config.refresh_token_seconds),
                created_at=now,
            ),
        ]
    )
    return access, refresh


def disarm_device_tokens(session: Session, device_id: str) -> None:
    """Revocation: the device's tokens stop authorising and become revoked markers."""
    session.execute(sa.update(Token).where(Token.device_id == device_id).values(kind=REVOKED))


def user_info(session: Session, user: User) -> UserInfo:
    teams = session.execute(
        sa.select(Team.id, Team.name)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.user_id == user.id)
        .order_by(Team.name)
    ).all()
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,  # type: ignore[arg-type]
        teams=[TeamInfo(id=t.id, name=t.name) for t in teams],
    )


def _token_pair(
    session: Session, user: User, access: str, refresh: str, cfg: ServerConfig
) -> TokenPair:
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=cfg.access_token_seconds,
        refresh_expires_in=cfg.refresh_token_seconds,
        user=user_info(session, user),
    )


# -- failed sign-in limiter -----------------------------------------------------------------------
class LoginLimiter:
    """Counts failed sign-ins per key (username + client address) in a sliding window.

    In memory, per server process: behind a load balancer each instance counts on its own.
    """

    def __init__(
        self,
        max_failures: int = 5,
        window_seconds: float = 300,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 50_000,
    ) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self._clock = clock
        self._max_keys = max_keys
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def retry_after(self, key: str) -> int | None:
        """Seconds to wait when the key is blocked, else None."""
        with self._lock:
            now = self._clock()
            times = self._prune(key, now)
            if times is None or len(times) < self.max_failures:
                return None
            return max(1, int(times[0] + self.window - now + 0.999))

    def failed(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            times = self._prune(key, now) or deque()
            times.append(now)
            while len(times) > self.max_failures:
                times.popleft()
            self._failures[key] = times
            self._failures.move_to_end(key)
            while len(self._failures) > self._max_keys:
                self._failures.popitem(last=False)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


# -- sign-in and refresh ----------------------------------------------------------------------
def _audit(
    session: Session, actor: str, action: str, subject: str, details: dict[str, Any] | None
) -> None:
    session.add(ServerAudit(actor=actor, action=action, subject=subject, details=details))


def login(
    db: Database,
    config: ServerConfig,
    limiter: LoginLimiter,
    request: LoginRequest,
    client_ip: str,
) -> TokenPair:
    """Check the password, register or re-use the device, and issue a token pair."""
    username = normalise_username(request.username)
    key = f"{username}\x00{client_ip}"
    wait = limiter.retry_after(key)
    if wait is not None:
        raise ApiError(
            429,
            "rate_limited",
            f"Too many failed sign-in attempts; try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )
    with db.session() as s:
        user = s.scalar(sa.select(User).where(User.username == username))
    password_ok = verify_password(user.password_hash if user else _dummy_hash(), request.password)
    if user is None or not password_ok:
        limiter.failed(key)
        if user is not None:
            log.warning("failed sign-in for user %s from %s", user.username, client_ip)
        else:
            log.warning("failed sign-in for an unknown username from %s", client_ip)
        raise errors.unauthorised(WRONG_CREDENTIALS)
    limiter.succeeded(key)
    new_hash = (
        hash_password(request.password)
        if PASSWORD_HASHER.check_needs_rehash(user.password_hash)
        else None
    )

    for attempt in range(2):
        try:
            return _register_and_issue(db, config, user.id, request, new_hash)
        except sa.exc.IntegrityError:  # the same new device signing in twice at once
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _register_and_issue(
    db: Database, config: ServerConfig, user_id: str, request: LoginRequest, new_hash: str | None
) -> TokenPair:
    now = utcnow()
    with db.write_session() as s, s.begin():
        user = s.get(User, user_id)
        device = s.get(Device, request.device_id)
        if device is not None and device.revoked_at is not None:
            raise errors.device_revoked()
        if user is None or not user.active:
            raise errors.account_disabled()
        if new_hash is not None:
            user.password_hash = new_hash
        if device is None:
            device = Device(
                device_id=request.device_id,
                user_id=user.id,
                name=request.device_name,
                last_client_seq=request.client_seq_base,
                registered_at=now,
                last_seen_at=now,
            )
            s.add(device)
            _audit(
                s,
                user.username,
                "register_device",
                request.device_id,
                {"name": request.device_name, "client_seq_base": request.client_seq_base},
            )
            s.flush()
        else:
            if device.user_id != user.id:
                raise ApiError(
                    409,
                    "device_in_use",
                    "This device is registered to another user. Each officer signs in on "
                    "their own profile; ask your administrator if the laptop changed hands.",
                )
            if request.device_name and device.name != request.device_name:
                device.name = request.device_name
            device.last_seen_at = now
        access, refresh = issue_tokens(s, device.device_id, config, now)
        pair = _token_pair(s, user, access, refresh, config)
    log.info("user %s signed in on device %s", pair.user.username, request.device_id)
    return pair


def refresh(db: Database, config: ServerConfig, request: RefreshRequest) -> TokenPair:
    """A new token pair for a valid refresh token, which is used up (rotation)."""
    digest = token_digest(request.refresh_token)
    now = utcnow()
    with db.write_session() as s, s.begin():
        token = s.get(Token, digest)
        if token is None or token.device_id != request.device_id:
            raise errors.unauthorised(
                "The refresh token is not known (used already, expired or signed out); "
                "sign in again."
            )
        device = s.get(Device, token.device_id)
        if token.kind == REVOKED or device is None or device.revoked_at is not None:
            raise errors.device_revoked()
        if token.kind != REFRESH:
            raise errors.unauthorised("That is not a refresh token; sign in again.")
        if aware(token.expires_at) <= now:
            raise errors.unauthorised("The refresh token has expired; sign in again.")
        user = s.get(User, device.user_id)
        if user is None or not user.active:
            raise errors.account_disabled()
        used = s.execute(sa.delete(Token).where(Token.token_hash == digest, Token.kind == REFRESH))
        if getattr(used, "rowcount", 0) != 1:  # another request rotated it first
            raise errors.unauthorised("The refresh token was used already; sign in again.")
        device.last_seen_at = now
        access, new_refresh = issue_tokens(s, device.device_id, config, now)
        return _token_pair(s, user, access, new_refresh, config)


def logout(db: Database, device_id: str) -> None:
    with db.write_session() as s, s.begin():
        s.execute(
            sa.delete(Token).where(Token.device_id == device_id, Token.kind.in_([ACCESS, REFRESH]))
        )


# -- the request's principal ----------------------------------------------------------------------
@dataclass(frozen=True)
class Principal:
    user_id: str
    username: str
    display_name: str
    role: str  # caseworker | supervisor | cps | admin
    team_ids: tuple[str, ...]
    device_id: str


_bearer = HTTPBearer(
    auto_error=False,
    description="The access token from POST /v1/auth/login or /v1/auth/refresh.",
)
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)]


def _authenticate(
    request: Request, credentials: HTTPAuthorizationCredentials | None, allow_revoked: bool
) -> Principal:
    if credentials is None:
        raise errors.unauthorised("Sign in: this request needs an access token.")
    token = credentials.credentials
    if len(token) > 512:
        raise errors.unauthorised("The access token is not valid; sign in again.")
    db: Database = request.app.state.db
    now = utcnow()
    with db.session() as s:
        row = s.execute(
            sa.select(
                Token.kind,
                Token.expires_at,
                Device.device_id,
                Device.revoked_at,
                Device.last_seen_at,
                Device.skew_flagged_at,
                User.id.label("user_id"),
                User.username,
                User.display_name,
                User.role,
                User.active,
            )
            .join(Device, Device.device_id == Token.device_id)
            .join(User, User.id == Device.user_id)
            .where(Token.token_hash == token_digest(token))
        ).first()
        if row is None:
            raise errors.unauthorised(
                "The access token is not known (expired, replaced or signed out); refresh it "
                "or sign in again."
            )
        revoked = row.kind == REVOKED or row.revoked_at is not None
        if revoked and not allow_revoked:
            raise errors.device_revoked()
        if row.kind not in (ACCESS, REVOKED):
            raise errors.unauthorised("That is not an access token.")
        if row.kind == ACCESS and aware(row.expires_at) <= now:
            raise errors.unauthorised("The access token has expired; refresh it or sign in again.")
        if not row.active and not revoked:
            raise errors.account_disabled()
        claimed = request.headers.get(HEADER_DEVICE)
        if claimed and claimed != row.device_id:
            raise errors.unauthorised("The access token belongs to another device; sign in again.")
        team_ids = tuple(
            s.scalars(
                sa.select(TeamMember.team_id)
                .where(TeamMember.user_id == row.user_id)
                .order_by(TeamMember.team_id)
            )
        )
    if row.last_seen_at is None or now - aware(row.last_seen_at) >= LAST_SEEN_EVERY:
        _touch_device(db, row.device_id, now)
    if not revoked:
        _read_client_clock(request, db, row.device_id, row.skew_flagged_at, now)
    principal = Principal(
        user_id=row.user_id,
        username=row.username,
        display_name=row.display_name,
        role=row.role,
        team_ids=team_ids,
        device_id=row.device_id,
    )
    request.state.principal = principal
    return principal


def _touch_device(db: Database, device_id: str, now: dt.datetime) -> None:
    """Record that the device was seen (best effort, at most once a minute)."""
    stale = now - LAST_SEEN_EVERY
    try:
        with db.write_session() as s, s.begin():
            s.execute(
                sa.update(Device)
                .where(
                    Device.device_id == device_id,
                    sa.or_(Device.last_seen_at.is_(None), Device.last_seen_at < stale),
                )
                .values(last_seen_at=now)
            )
    except sa.exc.SQLAlchemyError as exc:
        log.warning("could not record that device %s was seen: %s", device_id, type(exc).__name__)


def _read_client_clock(
    request: Request,
    db: Database,
    device_id: str,
    flagged_at: dt.datetime | None,
    now: dt.datetime,
) -> None:
    """Fold the authenticated client's ``X-Client-HLC`` into the server clock; one too far
    ahead is left out and its device flagged (written at most once a minute, best effort)."""
    clock: ServerClock = request.app.state.clock
    if not clock.read_header(request.headers.get(HEADER_CLIENT_HLC)):
        return
    if flagged_at is not None and now - aware(flagged_at) < LAST_SEEN_EVERY:
        return
    log.warning("device %s sent a clock too far ahead of the server's; not used", device_id)
    try:
        with db.write_session() as s, s.begin():
            s.execute(
                sa.update(Device).where(Device.device_id == device_id).values(skew_flagged_at=now)
            )
    except sa.exc.SQLAlchemyError as exc:
        log.warning("could not flag the clock of device %s: %s", device_id, type(exc).__name__)


def current_principal(request: Request, credentials: BearerCredentials) -> Principal:
    """FastAPI dependency: the signed-in user and device behind the bearer access token.

    401 ``unauthorised`` for a missing, unknown or expired token; 403 ``device_revoked`` (with
    ``wipe: true``) when the device is revoked; 403 ``account_disabled`` for a disabled user.
    """
    return _authenticate(request, credentials, allow_revoked=False)


def revoked_device_principal(request: Request, credentials: BearerCredentials) -> Principal:
    """Like :func:`current_principal`, but a revoked device is accepted too (wipe reports)."""
    return _authenticate(request, credentials, allow_revoked=True)


def require_admin(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    if principal.role != "admin":
        raise errors.forbidden("Only an administrator can do this.")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
AdminPrincipal = Annotated[Principal, Depends(require_admin)]
