"""Administration of the central store: teams, users, devices. One implementation, two callers.

The HTTP admin endpoints (:mod:`hcdesk.server.routes`) and the ``hcdesk-server`` command line
both call these functions. Each takes a Session and never commits (the caller owns the
transaction), validates its input with a message a person can act on, and writes a
``server_audit`` row for every change. Nothing here reads or returns case content.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from collections.abc import Iterable
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, StringConstraints
from sqlalchemy.orm import Session

from hcdesk.errors import HcdeskError
from hcdesk.server import auth
from hcdesk.server.db import Device, ServerAudit, Team, TeamMember, Token, User, utcnow
from hcdesk.wire.protocol import ROLES, Name, Secret, WipeReport

log = logging.getLogger("hcdesk.server.admin")

MIN_PASSWORD_LENGTH = 12
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,119}$")


class AdminError(HcdeskError):
    """A refused administrative change. ``status``/``code`` are its HTTP answer."""

    status = 422
    code = "invalid"
    default_message = "That administrative change was refused; nothing was changed."


class AlreadyExists(AdminError):
    status = 409
    code = "exists"


class NotFound(AdminError):
    status = 404
    code = "not_found"


class NotRevoked(AdminError):
    status = 409
    code = "not_revoked"


# -- what the API and CLI show --------------------------------------------------------------------
class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TeamOut(_Out):
    id: str
    name: str
    members: int
    created_at: dt.datetime


class UserOut(_Out):
    id: str
    username: str
    display_name: str
    role: str
    active: bool
    teams: list[str]
    created_at: dt.datetime


class DeviceOut(_Out):
    device_id: str
    name: str
    user_id: str
    username: str
    registered_at: dt.datetime
    last_seen_at: dt.datetime | None
    revoked_at: dt.datetime | None
    revoked_reason: str | None
    wiped_at: dt.datetime | None
    wipe_report: dict[str, Any] | None  # counts per case reference, never content
    # Last time the device sent a clock or versions too far ahead of the server's wall clock.
    skew_flagged_at: dt.datetime | None = None


class AuditOut(_Out):
    id: int
    at: dt.datetime
    actor: str
    action: str
    subject: str
    details: Any = None


class NewTeam(_Out):
    name: Name


class NewUser(_Out):
    username: Name
    password: Secret
    role: Annotated[str, StringConstraints(max_length=20)]
    teams: list[Name] = []
    display_name: Annotated[str, StringConstraints(max_length=120)] = ""


class RevokeDevice(_Out):
    reason: Annotated[str, StringConstraints(max_length=500)] = ""


# -- helpers -------------------------------------------------------------------------------------
def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else auth.aware(value)


def audit(
    session: Session, actor: str, action: str, subject: str, details: dict[str, Any] | None = None
) -> None:
    """One server_audit row (actor, action, subject): never a password or case content."""
    session.add(
        ServerAudit(
            at=utcnow(), actor=actor[:120], action=action, subject=subject[:120], details=details
        )
    )


def _find_team(session: Session, name: str) -> Team | None:
    return session.scalar(sa.select(Team).where(sa.func.lower(Team.name) == name.strip().lower()))


def find_user(session: Session, username: str) -> User:
    user = session.scalar(sa.select(User).where(User.username == auth.normalise_username(username)))
    if user is None:
        raise NotFound(f"There is no user {username.strip()!r}.")
    return user


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AdminError(
            f"The password is too short: use at least {MIN_PASSWORD_LENGTH} characters "
            "(a few unrelated words make a good one)."
        )
    if len(password) > 512:
        raise AdminError("The password is too long: use at most 512 characters.")
    if password.strip() != password:
        raise AdminError("The password must not begin or end with a space.")


# -- teams ---------------------------------------------------------------------------------------
def add_team(session: Session, name: str, actor: str = "cli") -> Team:
    clean = " ".join(name.split())
    if not clean or len(clean) > 120:
        raise AdminError("A team name must have between 1 and 120 characters.")
    existing = _find_team(session, clean)
    if existing is not None:
        raise AlreadyExists(f"There is already a team called {existing.name!r}.")
    team = Team(id=str(uuid.uuid4()), name=clean, created_at=utcnow())
    session.add(team)
    audit(session, actor, "add_team", clean, {"team_id": team.id})
    session.flush()
    return team


def list_teams(session: Session) -> list[TeamOut]:
    members = (
        sa.select(TeamMember.team_id, sa.func.count().label("n"))
        .group_by(TeamMember.team_id)
        .subquery()
    )
    rows = session.execute(
        sa.select(Team, sa.func.coalesce(members.c.n, 0))
        .outerjoin(members, members.c.team_id == Team.id)
        .order_by(Team.name)
    ).all()
    return [
        TeamOut(id=t.id, name=t.name, members=int(n), created_at=auth.aware(t.created_at))
        for t, n in rows
    ]


# -- users ---------------------------------------------------------------------------------------
def add_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    teams: Iterable[str] = (),
    display_name: str = "",
    actor: str = "cli",
) -> User:
    """A new active user in the named teams. Every officer role needs at least one team."""
    name = auth.normalise_username(username)
    if not USERNAME_PATTERN.match(name):
        raise AdminError(
            "A username has 1 to 120 characters: letters, digits, '.', '_', '-' or '@', "
            "starting with a letter or digit."
        )
    if role not in ROLES:
        raise AdminError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    check_password(password)
    display = " ".join(display_name.split())
    if len(display) > 120:
        raise AdminError("A display name has at most 120 characters.")
    team_names = list(dict.fromkeys(" ".join(t.split()) for t in teams))
    if not team_names and role != "admin":
        raise AdminError(f"A {role} must belong to at least one team; give --team.")
    found: list[Team] = []
    for team_name in team_names:
        team = _find_team(session, team_name)
        if team is None:
            raise AdminError(f"There is no team called {team_name!r}; create it first (add-team).")
        found.append(team)
    if session.scalar(sa.select(User.id).where(User.username == name)) is not None:
        raise AlreadyExists(f"There is already a user called {name!r}.")
    user = User(
        id=str(uuid.uuid4()),
        username=name,
        display_name=display,
        password_hash=auth.hash_password(password),
        role=role,
        active=True,
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    for team in found:
        session.add(TeamMember(team_id=team.id, user_id=user.id))
    audit(
        session,
        actor,
        "add_user",
        name,
        {"user_id": user.id, "role": role, "teams": [t.name for t in found]},
    )
    session.flush()
    return user


def set_user_active(session: Session, username: str, active: bool, actor: str = "cli") -> User:
    """Disable (or enable again) a user: a disabled user's every request is refused at once."""
    user = find_user(session, username)
    if user.active != active:
        user.active = active
        audit(session, actor, "enable_user" if active else "disable_user", user.username)
    return user


def disable_user(session: Session, username: str, actor: str = "cli") -> User:
    return set_user_active(session, username, False, actor)


def set_password(session: Session, username: str, password: str, actor: str = "cli") -> User:
    """A new password; the user's devices must sign in again."""
    user = find_user(session, username)
    check_password(password)
    user.password_hash = auth.hash_password(password)
    device_ids = sa.select(Device.device_id).where(Device.user_id == user.id)
    session.execute(
        sa.delete(Token).where(
            Token.device_id.in_(device_ids), Token.kind.in_([auth.ACCESS, auth.REFRESH])
        )
    )
    audit(session, actor, "set_password", user.username)
    return user


def list_users(session: Session) -> list[UserOut]:
    users = session.scalars(sa.select(User).order_by(User.username)).all()
    teams: dict[str, list[str]] = {}
    for user_id, team_name in session.execute(
        sa.select(TeamMember.user_id, Team.name)
        .join(Team, Team.id == TeamMember.team_id)
        .order_by(Team.name)
    ):
        teams.setdefault(user_id, []).append(team_name)
    return [
        UserOut(
            id=u.id,
            username=u.username,
            display_name=u.display_name,
            role=u.role,
            active=u.active,
            teams=teams.get(u.id, []),
            created_at=auth.aware(u.created_at),
        )
        for u in users
    ]


# -- devices -------------------------------------------------------------------------------------
def _device_out(device: Device, username: str) -> DeviceOut:
    return DeviceOut(
        device_id=device.device_id,
        name=device.name,
        user_id=device.user_id,
        username=username,
        registered_at=auth.aware(device.registered_at),
        last_seen_at=_utc(device.last_seen_at),
        revoked_at=_utc(device.revoked_at),
        revoked_reason=device.revoked_reason,
        wiped_at=_utc(device.wiped_at),
        wipe_report=device.wipe_report,
        skew_flagged_at=_utc(device.skew_flagged_at),
    )


def list_devices(session: Session) -> list[DeviceOut]:
    rows = session.execute(
        sa.select(Device, User.username)
        .join(User, User.id == Device.user_id)
        .order_by(User.username, Device.registered_at)
    ).all()
    return [_device_out(d, username) for d, username in rows]


def revoke_device(session: Session, device_id: str, reason: str = "", actor: str = "cli") -> Device:
    """Refuse the device from now on and tell it to wipe its local store (lost or stolen laptop)."""
    device = session.get(Device, device_id.strip())
    if device is None:
        raise NotFound(f"There is no device {device_id.strip()!r}; list-devices shows them.")
    if device.revoked_at is not None:
        raise AlreadyExists(
            f"Device {device.device_id} was already revoked on "
            f"{auth.aware(device.revoked_at):%Y-%m-%d %H:%M} UTC."
        )
    device.revoked_at = utcnow()
    device.revoked_reason = reason.strip()[:500] or None
    auth.disarm_device_tokens(session, device.device_id)
    audit(
        session,
        actor,
        "revoke_device",
        device.device_id,
        {"user_id": device.user_id, "reason": device.revoked_reason},
    )
    session.flush()
    log.info("device %s revoked by %s", device.device_id, actor)
    return device


def record_wipe_report(session: Session, device_id: str, report: WipeReport, actor: str) -> Device:
    """A revoked device says what it wiped: counts per case reference, never content."""
    device = session.get(Device, device_id)
    if device is None:
        raise NotFound(f"There is no device {device_id!r}.")
    if device.revoked_at is None:
        raise NotRevoked("This device is not revoked; only a revoked device sends a wipe report.")
    details = {
        "pending_changes": report.pending_changes,
        "cases": dict(report.cases),
        "reported_at": utcnow().isoformat(),
    }
    device.wiped_at = utcnow()
    device.wipe_report = details
    audit(
        session,
        actor,
        "device_wiped",
        device.device_id,
        {"pending_changes": report.pending_changes, "cases": len(report.cases)},
    )
    session.flush()
    log.info(
        "revoked device %s reports it wiped %d unsynced change(s)",
        device.device_id,
        report.pending_changes,
    )
    return device


# -- the server's audit trail --------------------------------------------------------------------
def list_audit(session: Session, limit: int = 100, action: str | None = None) -> list[AuditOut]:
    """The newest administrative events first (users, devices, shares, wipes)."""
    query = sa.select(ServerAudit).order_by(ServerAudit.id.desc()).limit(max(1, min(limit, 10_000)))
    if action:
        query = query.where(ServerAudit.action == action)
    return [
        AuditOut(
            id=e.id,
            at=auth.aware(e.at),
            actor=e.actor,
            action=e.action,
            subject=e.subject,
            details=e.details,
        )
        for e in session.scalars(query)
    ]
