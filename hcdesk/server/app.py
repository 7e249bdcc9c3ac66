"""The central store's ASGI application: ``create_app(config)`` for uvicorn.

Around every request a small ASGI middleware

* reads the body before anything parses it, and refuses one larger than ``MAX_BODY_BYTES``
  with 413 (by its Content-Length, and by counting the bytes actually streamed) and one whose
  arrays and objects nest deeper than ``MAX_JSON_DEPTH`` with 422 ``too_deep`` (a value nested
  a few hundred deep parses, but then fails to serialise or to store: it was a 500),
* stamps ``X-Server-HLC`` on the response (the client's ``X-Client-HLC`` is read only once the
  request is authenticated: :func:`hcdesk.server.auth.current_principal`),
* turns an unhandled exception into ``500 {"error": "internal", ...}`` and one log line that
  names the route and the exception type, never the request body.

Every error answer is JSON ``{"error": code, "message": text}`` (FastAPI's own validation and
HTTP errors keep their ``detail`` beside those two). Request bodies are never logged.
"""

from __future__ import annotations

import contextlib
import http
import inspect
import logging
import re
import traceback
from collections.abc import AsyncIterator
from itertools import accumulate, count
from operator import sub
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError, ResponseValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hcdesk import __version__
from hcdesk.server.admin import AdminError
from hcdesk.server.auth import LoginLimiter
from hcdesk.server.clock import ServerClock
from hcdesk.server.config import ServerConfig
from hcdesk.server.database import Database, make_database
from hcdesk.server.errors import ApiError, code_for_status
from hcdesk.server.sync_routes import router as sync_router
from hcdesk.wire.protocol import HEADER_SERVER_HLC, MAX_BODY_BYTES, MAX_JSON_DEPTH

log = logging.getLogger("hcdesk.server")


def _too_large_message() -> str:
    return f"The request body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MiB."


TOO_DEEP_MESSAGE = (
    f"The request body nests arrays and objects more than {MAX_JSON_DEPTH} levels deep."
)
# A JSON string (its brackets are text); one never closed runs to the end. Possessive, and it
# cannot fail once it has started, so no input makes it backtrack.
_JSON_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_OPEN_CLOSE = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


def json_depth(body: bytes) -> int:
    """How deep the arrays and objects of ``body`` nest (``[[1]]`` is 2), without parsing it.

    The brackets outside strings, counted +1 for an opening one and -1 for a closing one: the
    deepest running total. Linear and at C speed (about 50 ms for a 3 MB push, 1 s at worst
    for 16 MiB of brackets); for text that is not JSON the figure means little, but the
    parser refuses that anyway.
    """
    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKET).translate(_OPEN_CLOSE)
    if not brackets:
        return 0
    # Running sum of (2 for an opening bracket, 0 for a closing one) minus the position.
    return max(0, max(map(sub, accumulate(brackets), count(1))))


def _error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": code, "message": message, **extra}, status_code=status)


class ServerMiddleware:
    """Body limits, the server clock header and the last-resort 500 (see module doc)."""

    def __init__(self, app: ASGIApp, clock: ServerClock) -> None:
        self.app = app
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        content_length: bytes | None = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                content_length = value

        started = False

        async def send_stamped(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message).append(HEADER_SERVER_HLC, self.clock.tick())
            await send(message)

        async def refuse(status: int, code: str, message: str) -> None:
            await _error(status, code, message)(scope, receive, send_stamped)

        if content_length is not None:
            try:
                declared = int(content_length)
            except ValueError:
                declared = -1
            if declared < 0:
                await refuse(400, "bad_request", "The Content-Length header is not valid.")
                return
            if declared > MAX_BODY_BYTES:
                await refuse(413, "too_large", _too_large_message())
                return

        # The whole body, read before anything parses it (FastAPI reads it whole anyway).
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > MAX_BODY_BYTES:
                await refuse(413, "too_large", _too_large_message())
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        del chunks
        if json_depth(body) > MAX_JSON_DEPTH:
            await refuse(422, "too_deep", TOO_DEEP_MESSAGE)
            return
        replayed = False

        async def receive_body() -> Message:
            nonlocal replayed, body
            if replayed:
                return await receive()  # a disconnect, when it comes
            replayed = True
            whole, body = body, b""
            return {"type": "http.request", "body": whole, "more_body": False}

        try:
            await self.app(scope, receive_body, send_stamped)
        except Exception as exc:
            if started:
                raise
            _log_unhandled(scope, exc)
            await refuse(
                500,
                "internal",
                "The server could not complete the request. Nothing was lost on your side; "
                "try again, and tell IT if it keeps happening.",
            )


def _log_unhandled(scope: Scope, exc: BaseException) -> None:
    """Route, exception type and traceback; the message only for types that cannot echo input."""
    route = f"{scope.get('method', '?')} {scope.get('path', '?')}"
    echoes_input = isinstance(exc, ValidationError | ResponseValidationError)
    message = "" if echoes_input else str(exc)[:300]
    stack = "".join(traceback.format_tb(exc.__traceback__))
    log.error(
        "unhandled %s in %s%s\n%s",
        type(exc).__name__,
        route,
        f": {message}" if message else "",
        stack.rstrip(),
    )


# -- exception handlers -----------------------------------------------------------------------
async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers or None)


async def _admin_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AdminError)
    return _error(exc.status, exc.code, str(exc))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    detail = exc.detail
    body: dict[str, Any]
    if isinstance(detail, dict) and "error" in detail:
        body = {**detail, "message": str(detail.get("message", "")), "detail": detail}
    else:
        try:
            phrase = http.HTTPStatus(exc.status_code).phrase
        except ValueError:
            phrase = "Error"
        message = detail if isinstance(detail, str) and detail else phrase
        body = {"error": code_for_status(exc.status_code), "message": message, "detail": detail}
    if exc.status_code == 401:
        headers = {"WWW-Authenticate": "Bearer", **(exc.headers or {})}
    else:
        headers = dict(exc.headers or {})
    return JSONResponse(body, status_code=exc.status_code, headers=headers or None)


def _where(loc: Any) -> str:
    return ".".join(str(part) for part in loc) if isinstance(loc, list | tuple) else str(loc)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 (400 for JSON that does not parse) without echoing the input (it may be a password)."""
    assert isinstance(exc, RequestValidationError)
    problems = [
        {
            "loc": list(e.get("loc", ())),
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
    if any(p["type"] == "json_invalid" for p in problems):
        return _error(400, "bad_request", "The request body is not valid JSON.", detail=problems)
    summary = "; ".join(f"{_where(p['loc'])}: {p['msg']}" for p in problems[:3])
    if len(problems) > 3:
        summary += f"; and {len(problems) - 3} more"
    return _error(422, "invalid", f"The request is not valid: {summary}.", detail=problems)


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.warning(
        "database unavailable during %s %s: %s",
        request.method,
        request.url.path,
        type(exc).__name__,
    )
    response = _error(
        503, "unavailable", "The central store's database is not available; try again shortly."
    )
    response.headers["Retry-After"] = "5"
    return response


# -- the application ----------------------------------------------------------------------------
def create_app(config: ServerConfig, database: Database | None = None) -> FastAPI:
    """The central store. Uses ``database`` if given, else opens ``config.database_url``.

    The schema is not checked here (``hcdesk-server serve`` does that before starting).
    """
    db = database if database is not None else make_database(config.database_url)
    owns_db = database is None

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owns_db:
            db.dispose()

    options: dict[str, Any] = {}
    if "telemetry" in inspect.signature(FastAPI.__init__).parameters:
        # No automatic exporters and no logging of validation failures (their input may hold
        # a password or case data).
        options["telemetry"] = {"logs": False, "auto_configure": False}
    app = FastAPI(
        title="hcdesk central store",
        version=__version__,
        description="Sync, accounts and devices for hcdesk (reference/SYNC.md §5).",
        lifespan=lifespan,
        **options,
    )
    clock = ServerClock()
    app.state.config = config
    app.state.db = db
    app.state.clock = clock
    app.state.login_limiter = LoginLimiter(config.login_max_failures, config.login_window_seconds)

    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(AdminError, _admin_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(sa.exc.OperationalError, _database_unavailable)
    app.add_exception_handler(sa.exc.TimeoutError, _database_unavailable)
    app.add_middleware(ServerMiddleware, clock=clock)

    from hcdesk.server import routes

    app.include_router(routes.router)
    app.include_router(routes.admin_router)
    app.include_router(sync_router)
    return app


def tick(app: FastAPI) -> str:
    """A fresh server HLC as text (for response bodies' ``server_hlc``)."""
    clock: ServerClock = app.state.clock
    return clock.tick()
