"""The central store's platform endpoints: health, meta, sign-in, devices and administration.

The sync endpoints (push, pull, share) live in :mod:`hcdesk.server.sync_routes`. Every route
that touches the database is a plain ``def`` (FastAPI runs it on a worker thread).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.responses import JSONResponse

from hcdesk import __version__
from hcdesk.server import admin, auth, epoch
from hcdesk.server.app import tick
from hcdesk.server.auth import AdminPrincipal, CurrentPrincipal, Principal
from hcdesk.server.database import Database, DatabaseError, ping
from hcdesk.server.errors import ApiError, refuse_unstorable, responses
from hcdesk.wire.protocol import (
    API_PREFIX,
    Health,
    LoginRequest,
    Meta,
    RefreshRequest,
    TokenPair,
    WipeReport,
)
from hcdesk.wire.version import MIN_WIRE_VERSION, WIRE_VERSION

# Text the database cannot store is refused before any route reads it (see refuse_unstorable).
router = APIRouter(prefix=API_PREFIX, dependencies=[Depends(refuse_unstorable)])
admin_router = APIRouter(
    prefix=f"{API_PREFIX}/admin", tags=["admin"], dependencies=[Depends(refuse_unstorable)]
)

def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _hlc(request: Request) -> str:
    return tick(request.app)


# -- public ------------------------------------------------------------------------------------
@router.get(
    "/health",
    response_model=Health,
    tags=["platform"],
    summary="Is the service up and its database reachable?",
    responses={503: {"description": "The database does not answer (status `degraded`)"}},
)
def health(request: Request) -> Health | JSONResponse:
    db = _db(request)
    try:
        ping(db)
    except DatabaseError:
        body = Health(status="degraded", database=db.dialect, version=__version__).model_dump()
        body.update(error="unavailable", message="The database does not answer.")
        return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})
    return Health(status="ok", database=db.dialect, version=__version__)


@router.get("/sync/meta", response_model=Meta, tags=["platform"], summary="Protocol limits")
def meta(request: Request) -> Meta:
    return Meta(
        min_schema=MIN_WIRE_VERSION,
        max_schema=WIRE_VERSION,
        server_time=dt.datetime.now(dt.UTC).isoformat(),
        server_hlc=_hlc(request),
    )


# -- sign-in -------------------------------------------------------------------------------------
def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post(
    "/auth/login",
    response_model=TokenPair,
    tags=["auth"],
    summary="Sign in on a device; returns an access and a refresh token",
    responses=responses(400, 401, 403, 409, 413, 422, 429),
)
def login(body: LoginRequest, request: Request, response: Response) -> TokenPair:
    app = request.app
    pair = auth.login(
        _db(request), app.state.config, app.state.login_limiter, body, _client_ip(request)
    )
    pair.server_hlc = _hlc(request)
    _tell_store(request, response, body.device_id)
    return pair


@router.post(
    "/auth/refresh",
    response_model=TokenPair,
    tags=["auth"],
    summary="Swap a refresh token for a new token pair (the old refresh token is used up)",
    responses=responses(400, 401, 403, 413, 422),
)
def refresh(body: RefreshRequest, request: Request, response: Response) -> TokenPair:
    pair = auth.refresh(_db(request), request.app.state.config, body)
    pair.server_hlc = _hlc(request)
    _tell_store(request, response, body.device_id)
    return pair


def _tell_store(request: Request, response: Response, device_id: str) -> None:
    """The store's identity and what it holds of the device, as headers (see epoch); a laptop
    signing in with acknowledgements the store lacks gives it a new generation."""
    db = _db(request)
    with db.session() as s, s.begin():
        seen, proof = epoch.check(s, device_id, epoch.Claim.of(request.headers))
    if seen is not None and proof is not None:
        seen = epoch.new_generation_if(db, seen, proof)
    if seen is not None:
        response.headers.update(seen.headers())


@router.post(
    "/auth/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    tags=["auth"],
    summary="Sign this device out (its tokens stop working)",
    responses=responses(401, 403),
)
def logout(principal: CurrentPrincipal, request: Request) -> Response:
    auth.logout(_db(request), principal.device_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/devices/wipe-report",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    tags=["auth"],
    summary="A revoked device reports what it wiped (counts only)",
    responses=responses(400, 401, 403, 409, 413, 422),
)
def wipe_report(
    body: WipeReport,
    principal: Annotated[Principal, Depends(auth.revoked_device_principal)],
    request: Request,
) -> Response:
    if body.device_id != principal.device_id:
        raise ApiError(400, "bad_request", "The report names another device than the token.")
    with _db(request).write_session() as s, s.begin():
        admin.record_wipe_report(s, principal.device_id, body, actor=principal.username)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# -- administration (role admin) -------------------------------------------------------------------
ADMIN_ERRORS = responses(401, 403, 413, 422)


@admin_router.get("/teams", response_model=list[admin.TeamOut], responses=ADMIN_ERRORS)
def list_teams(principal: AdminPrincipal, request: Request) -> list[admin.TeamOut]:
    with _db(request).session() as s:
        return admin.list_teams(s)


@admin_router.post(
    "/teams",
    response_model=admin.TeamOut,
    status_code=status.HTTP_201_CREATED,
    responses=responses(400, 401, 403, 409, 413, 422),
)
def add_team(body: admin.NewTeam, principal: AdminPrincipal, request: Request) -> admin.TeamOut:
    with _db(request).write_session() as s, s.begin():
        team = admin.add_team(s, body.name, actor=principal.username)
        return admin.TeamOut(
            id=team.id, name=team.name, members=0, created_at=auth.aware(team.created_at)
        )


@admin_router.get("/users", response_model=list[admin.UserOut], responses=ADMIN_ERRORS)
def list_users(principal: AdminPrincipal, request: Request) -> list[admin.UserOut]:
    with _db(request).session() as s:
        return admin.list_users(s)


def _user_out(db: Database, username: str) -> admin.UserOut:
    with db.session() as s:
        return next(u for u in admin.list_users(s) if u.username == username)


@admin_router.post(
    "/users",
    response_model=admin.UserOut,
    status_code=status.HTTP_201_CREATED,
    responses=responses(400, 401, 403, 409, 413, 422),
)
def add_user(body: admin.NewUser, principal: AdminPrincipal, request: Request) -> admin.UserOut:
    db = _db(request)
    with db.write_session() as s, s.begin():
        user = admin.add_user(
            s,
            body.username,
            body.password,
            body.role,
            body.teams,
            body.display_name,
            actor=principal.username,
        )
        username = user.username
    return _user_out(db, username)


@admin_router.post(
    "/users/{username}/disable",
    response_model=admin.UserOut,
    responses=responses(401, 403, 404, 422),
)
def disable_user(username: str, principal: AdminPrincipal, request: Request) -> admin.UserOut:
    db = _db(request)
    with db.write_session() as s, s.begin():
        name = admin.disable_user(s, username, actor=principal.username).username
    return _user_out(db, name)


@admin_router.post(
    "/users/{username}/enable",
    response_model=admin.UserOut,
    responses=responses(401, 403, 404, 422),
)
def enable_user(username: str, principal: AdminPrincipal, request: Request) -> admin.UserOut:
    db = _db(request)
    with db.write_session() as s, s.begin():
        name = admin.set_user_active(s, username, True, actor=principal.username).username
    return _user_out(db, name)


@admin_router.get("/devices", response_model=list[admin.DeviceOut], responses=ADMIN_ERRORS)
def list_devices(principal: AdminPrincipal, request: Request) -> list[admin.DeviceOut]:
    with _db(request).session() as s:
        return admin.list_devices(s)


@admin_router.post(
    "/devices/{device_id}/revoke",
    response_model=admin.DeviceOut,
    responses=responses(400, 401, 403, 404, 409, 413, 422),
)
def revoke_device(
    device_id: str,
    principal: AdminPrincipal,
    request: Request,
    body: admin.RevokeDevice | None = None,
) -> admin.DeviceOut:
    db = _db(request)
    with db.write_session() as s, s.begin():
        device = admin.revoke_device(
            s, device_id, body.reason if body else "", actor=principal.username
        )
        revoked_id = device.device_id
    with db.session() as s:
        return next(d for d in admin.list_devices(s) if d.device_id == revoked_id)


@admin_router.get("/audit", response_model=list[admin.AuditOut], responses=ADMIN_ERRORS)
def list_audit(
    principal: AdminPrincipal,
    request: Request,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
    action: Annotated[str | None, Query(max_length=60)] = None,
) -> list[admin.AuditOut]:
    """The server's audit trail, newest first: who changed which account, device or share."""
    with _db(request).session() as s:
        return admin.list_audit(s, limit, action)
