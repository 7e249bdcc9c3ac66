"""Errors of the central store's HTTP API: every one is JSON ``{"error": code, "message": text}``.

Route code raises :class:`ApiError` (or FastAPI's ``HTTPException``, whose ``detail`` may be a
dict with ``error``/``message``); the handlers in :mod:`hcdesk.server.app` turn both into that
body. Messages are written for a person and never contain request bodies or secrets.
:func:`responses` documents a route's error responses in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from hcdesk.sync.protocol import ErrorBody

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
