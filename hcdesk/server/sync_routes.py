"""HTTP endpoints of sync: push, pull and case sharing (reference/SYNC.md §5.5)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from hcdesk.server import epoch
from hcdesk.server import sync_service as svc
from hcdesk.server.auth import Principal, current_principal
from hcdesk.server.errors import refuse_unstorable
from hcdesk.sync import faults
from hcdesk.wire import protocol as p
from hcdesk.wire.version import MIN_WIRE_VERSION, WIRE_VERSION

router = APIRouter(prefix=p.API_PREFIX, tags=["sync"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": p.ErrorBody, "description": "The body is not valid JSON"},
    401: {"model": p.ErrorBody, "description": "Not signed in, or the token expired"},
    403: {"model": p.ErrorBody, "description": "Not allowed, or the device was revoked"},
    413: {"model": p.ErrorBody, "description": "The request is too large"},
    422: {"model": p.ErrorBody, "description": "The request is malformed"},
}


def _error(
    status: int, error: str, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(
        {"error": error, "message": message, **extra}, status_code=status, headers=headers
    )


def _told(db: Any, seen: epoch.Seen | None, proof: str | None) -> dict[str, str] | None:
    """The store headers of an answer; a proof of loss first gives the store a new generation
    (in its own transaction: it stands whether or not the request itself succeeded)."""
    if seen is None:
        return None
    if proof is not None:
        seen = epoch.new_generation_if(db, seen, proof)
    return seen.headers()


def _clock(request: Request) -> svc.ServerClock:
    clock: svc.ServerClock = request.app.state.clock
    return clock


def _schema_check(version: int) -> JSONResponse | None:
    if version < MIN_WIRE_VERSION:
        return _error(
            426,
            "upgrade_required",
            "This copy of hcdesk is too old for the central store; update it.",
        )
    return None


@router.post(
    "/sync/push",
    response_model=p.PushResponse,
    responses={
        **_ERRORS,
        409: {"model": p.ErrorBody, "description": "A gap in the device's change numbers"},
        426: {"model": p.ErrorBody, "description": "The client must be updated"},
    },
)
def push(
    body: p.PushRequest,
    request: Request,
    response: Response,
    principal: Annotated[Principal, Depends(current_principal)],
) -> Any:
    """Apply a batch of a device's changes, in order, exactly once each."""
    if (refusal := _schema_check(body.schema_version)) is not None:
        return refusal
    db = request.app.state.db
    actor = svc.actor_of(principal)
    claim = epoch.Claim.of(request.headers)
    seen: epoch.Seen | None = None
    proof: str | None = None
    try:
        with db.write_session() as s, s.begin():
            seen, proof = epoch.check(s, actor.device_id, claim)
            result = svc.push(s, actor, body, _clock(request), max_schema=WIRE_VERSION)
            faults.point("server.push.apply")
            seqs = epoch.device_seqs(s, actor.device_id)
            if seen is not None and seqs is not None:
                seen = epoch.Seen(seen.store_id, seen.generation, *seqs)
        faults.point("server.push.committed")
        response.headers.update(_told(db, seen, proof) or {})
        return result
    except svc.SeqGap as gap:
        return _error(
            409,
            "seq_gap",
            f"Changes are missing before number {gap.expected}; resend from there.",
            _told(db, seen, proof),
            expected=gap.expected,
        )
    except svc.PushRefused as exc:
        return _error(exc.status, exc.error, exc.message)


@router.post(
    "/sync/pull",
    response_model=p.PullResponse,
    responses={**_ERRORS, 426: {"model": p.ErrorBody, "description": "The client must be updated"}},
)
def pull(
    body: p.PullRequest,
    request: Request,
    principal: Annotated[Principal, Depends(current_principal)],
) -> Any:
    """The changes in the buckets this user may read, after the cursors given."""
    if (refusal := _schema_check(body.schema_version)) is not None:
        return refusal
    db = request.app.state.db
    actor = svc.actor_of(principal)
    claim = epoch.Claim.of(request.headers)
    try:
        with db.session() as s, s.begin():
            readable = set(svc.readable_buckets(actor))
            seen, proof = epoch.check(
                s,
                actor.device_id,
                claim,
                {b: n for b, n in body.cursors.items() if b in readable},
            )
            # A PullResponse, serialised from the change log's stored JSON (documented above
            # by response_model; a page of thousands of changes is not decoded and re-encoded).
            content = svc.pull_json(s, actor, body, _clock(request))
    except svc.PushRefused as exc:
        return _error(exc.status, exc.error, exc.message)
    return Response(
        content=content, media_type="application/json", headers=_told(db, seen, proof)
    )


@router.post(
    "/cases/{case_id}/shares",
    status_code=204,
    response_model=None,
    response_class=Response,
    responses={**_ERRORS, 404: {"model": p.ErrorBody}, 409: {"model": p.ErrorBody}},
    dependencies=[Depends(refuse_unstorable)],
)
def share(
    case_id: p.Id,
    body: p.ShareRequest,
    request: Request,
    principal: Annotated[Principal, Depends(current_principal)],
) -> Any:
    """Share a case with another team (a supervisor of the case's team only)."""
    return _share(request, principal, case_id, body.team, grant=True)


@router.delete(
    "/cases/{case_id}/shares/{team}",
    status_code=204,
    response_model=None,
    response_class=Response,
    responses={**_ERRORS, 404: {"model": p.ErrorBody}, 409: {"model": p.ErrorBody}},
    dependencies=[Depends(refuse_unstorable)],
)
def unshare(
    case_id: p.Id,
    team: Annotated[str, p.StringConstraints(min_length=1, max_length=120)],
    request: Request,
    principal: Annotated[Principal, Depends(current_principal)],
) -> Any:
    """Stop sharing a case with a team."""
    return _share(request, principal, case_id, team, grant=False)


def _share(request: Request, principal: Principal, case_id: str, team: str, *, grant: bool) -> Any:
    db = request.app.state.db
    try:
        with db.write_session() as s, s.begin():
            svc.share_case(s, svc.actor_of(principal), case_id, team, grant=grant)
    except svc.ShareError as exc:
        return _error(exc.status, exc.error, exc.message)
    return Response(status_code=204)
