"""Errors of the central store's HTTP API: every one is JSON ``{"error": code, "message": text}``.

Route code raises :class:`ApiError` (or FastAPI's ``HTTPException``, whose ``detail`` may be a
dict with ``error``/``message``); the handlers in :mod:`hcdesk.server.app` turn both into that
body. Messages are written for a person and never contain request bodies or secrets.
:func:`responses` documents a route's error responses in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from hcdesk.wire.protocol import ErrorBody

# The error code used for a bare HTTP status (from FastAPI/Starlette or HTTPException).
STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorised",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    411: "length_required",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    426: "upgrade_required",
    429: "rate_limited",
    500: "internal",
    503: "unavailable",
}


def code_for_status(status: int) -> str:
    return STATUS_CODES.get(status, f"http_{status}")


class ApiError(Exception):
    """An error answer: HTTP ``status``, machine ``code``, and a ``message`` for a person."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra  # e.g. wipe=True, expected=n

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.extra}


def unauthorised(message: str = "Sign in again: the session has ended.") -> ApiError:
    return ApiError(401, "unauthorised", message, headers={"WWW-Authenticate": "Bearer"})


def device_revoked() -> ApiError:
    return ApiError(
        403,
        "device_revoked",
        "This device has been revoked by the administrator. Its local store must be wiped; "
        "unsynced work is reported to the administrator.",
        wipe=True,
    )


def account_disabled() -> ApiError:
    return ApiError(403, "account_disabled", "This account is disabled; ask your administrator.")


def forbidden(message: str = "You are not allowed to do this.") -> ApiError:
    return ApiError(403, "forbidden", message)


UNSTORABLE_MESSAGE = (
    "The request contains a character that cannot be stored (a NUL character or half of a "
    "surrogate pair)."
)


def unstorable(value: Any) -> bool:
    """Whether any string in ``value`` (a key or an item, at any depth) holds a character the
    database cannot store: NUL (PostgreSQL refuses it in text and JSON) or an unpaired surrogate
    (not encodable as UTF-8 at all). Walked without recursion: the value may be deeply nested.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


async def refuse_unstorable(request: Request) -> None:
    """FastAPI dependency: 422 when the path, the query or the JSON body holds such a character.

    Without it, such a value reached the database and failed there (a 500 on PostgreSQL, or on
    both databases for a surrogate); SQLite would store a NUL that PostgreSQL refuses, so both
    now refuse it alike. Push is not covered: its changes are refused one by one instead.
    """
    if (
        unstorable(request.url.path)
        or unstorable(dict(request.path_params))
        or unstorable(request.query_params.multi_items())
    ):
        raise ApiError(422, "invalid", UNSTORABLE_MESSAGE)
    if not await request.body():
        return
    try:
        data = await request.json()  # already parsed (and cached) for a route with a body
    except (ValueError, RecursionError):
        return  # not JSON: a route that reads its body has refused it already
    if unstorable(data):
        raise ApiError(422, "invalid", UNSTORABLE_MESSAGE)


# -- OpenAPI documentation of error responses -----------------------------------------------
_DESCRIPTIONS = {
    400: "Bad request",
    401: "Missing, expired or unknown access token (`unauthorised`)",
    403: "Forbidden: `forbidden`, `device_revoked` (with `wipe: true`) or `account_disabled`",
    404: "Not found",
    409: "Conflict with the current state",
    413: "Request body too large",
    422: "The request body or parameters are not valid (`invalid`)",
    429: "Too many attempts (`rate_limited`); see Retry-After",
    500: "Internal error (`internal`)",
    503: "The database is unavailable",
}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: each status documented with the ErrorBody model."""
    return {
        status: {"model": ErrorBody, "description": _DESCRIPTIONS.get(status, "Error")}
        for status in statuses
    }
