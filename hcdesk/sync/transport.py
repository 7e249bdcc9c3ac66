"""HTTP to the central store: the common headers, TLS trust, and failures turned into errors.

Every HTTP status is read here and nowhere else: :meth:`Transport.send` gives back only a
successful answer, and raises for any other the error of :mod:`hcdesk.sync.errors` it means,
so that its callers deal in refusals (a sign-in to refresh, a batch too large), never in codes.

Tokens travel only in the ``Authorization`` header and are never logged; neither are request
or response bodies (they hold case data).
"""

from __future__ import annotations

import email.utils
import functools
import json
import ssl
import time
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import pydantic
from pydantic import BaseModel

from hcdesk.errors import UsageError
from hcdesk.sync.errors import (
    Busy,
    Contested,
    Forbidden,
    Refusal,
    Revoked,
    ServerRefused,
    SyncError,
    SyncOffline,
    TooLarge,
    TooManyRequests,
    Unauthorized,
    Unreadable,
)
from hcdesk.wire import protocol as p

JSON = "application/json"
M = TypeVar("M", bound=BaseModel)
LOOPBACK = ("localhost", "127.0.0.1", "::1")


def normalise_url(url: str) -> str:
    """The server address as stored: scheme and host, no trailing slash. Plain http only to
    this machine (tokens and case data must not cross a network unencrypted)."""
    text = (url or "").strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"{url!r} is not a server address; give one like https://hcdesk.example.police.uk"
        )
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise UsageError(
            "The central store must be reached over https (only a server on this computer may "
            "use plain http)."
        )
    if parts.query or parts.fragment:
        raise UsageError("The server address must not contain '?' or '#'.")
    return text


def tls_verify(verify: bool | str, ca_pem: str | None) -> bool | ssl.SSLContext:
    """What httpx should trust: the system's roots, or a private CA (a PEM file or PEM text).

    The context is built once per trust setting and shared: loading a CA bundle costs about
    100 ms, which would otherwise be paid on every sync.
    """
    if verify is False:
        return False
    pem = verify if isinstance(verify, str) else ca_pem
    try:
        return _context(pem or None)
    except (OSError, ssl.SSLError, ValueError) as exc:
        raise UsageError(f"The CA certificate cannot be used ({type(exc).__name__}).") from None


@functools.lru_cache(maxsize=8)
def _context(pem: str | None) -> ssl.SSLContext:
    if pem is None:
        import certifi

        return ssl.create_default_context(cafile=certifi.where())
    if "-----BEGIN" in pem:
        return ssl.create_default_context(cadata=pem)
    return ssl.create_default_context(cafile=pem)


def retry_after(resp: httpx.Response) -> float | None:
    value = resp.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def error_of(resp: httpx.Response) -> tuple[str, str, dict[str, Any]]:
    """(error code, message, body) of an error response; tolerant of any body."""
    try:
        body = resp.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return "", "", {}
    detail = body.get("detail")
    if isinstance(detail, dict):  # an HTTPException with a structured detail
        body = {**body, **detail}
    code = body.get("error")
    message = body.get("message")
    if message is None and isinstance(detail, str):
        message = detail
    return (
        code if isinstance(code, str) else "",
        message if isinstance(message, str) else "",
        body,
    )


_REFUSALS: dict[int, type[Refusal]] = {
    401: Unauthorized,
    403: Forbidden,
    409: Contested,
    413: TooLarge,
    422: Unreadable,
}


def check(resp: httpx.Response) -> httpx.Response:
    """The answer, if it is a success; otherwise the error it means is raised (nothing local
    changes)."""
    failure = refusal(resp)
    if failure is not None:
        raise failure
    return resp


def refusal(resp: httpx.Response) -> SyncError | None:
    """The error an answer means; None for a success."""
    status = resp.status_code
    if 200 <= status < 300:
        return None
    code, message, body = error_of(resp)
    if status in (429, 503):
        wait = retry_after(resp)
        busy = TooManyRequests if status == 429 else Busy
        return busy(
            "The central store is busy; your changes are kept and will be sent "
            + (f"in about {int(wait) + 1} s." if wait else "later."),
            wait,
        )
    if status == 426:
        return ServerRefused(
            message or "This copy of hcdesk is too old for the central store; update hcdesk.",
            426,
            code,
        )
    if status >= 500:
        return SyncOffline(
            f"The central store had a problem (HTTP {status}); your changes are kept and "
            "will be sent later.",
            retry_after(resp),
        )
    kind = _REFUSALS.get(status, Refusal)
    if kind is Forbidden and code == "device_revoked":
        kind = Revoked
    return kind(
        message or f"The central store refused the request (HTTP {status}).",
        status,
        code,
        reason=message,
        body=body,
    )


def parse(resp: httpx.Response, model: type[M]) -> M:
    """The answer's body, read as ``model``."""
    try:
        return model.model_validate_json(resp.content)
    except pydantic.ValidationError:
        raise ServerRefused(
            "The central store sent an answer this version of hcdesk cannot read; update "
            "hcdesk or tell IT.",
            resp.status_code,
        ) from None


class Transport:
    def __init__(
        self,
        base_url: str,
        *,
        device_id: str,
        verify: bool | ssl.SSLContext,
        timeout: float,
        schema_version: int,
    ) -> None:
        self.base_url = base_url
        self.device_id = device_id
        self.schema_version = schema_version
        self.client_hlc = ""
        self.server_hlc = ""  # the newest X-Server-HLC seen
        self.headers: dict[str, str] = {}  # sent with every request (the store claim, epoch.py)
        self.http = httpx.Client(
            base_url=base_url,
            verify=verify,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 15.0)),
            follow_redirects=False,
            headers={"Accept": JSON, "User-Agent": "hcdesk"},
        )

    def close(self) -> None:
        self.http.close()

    def post(self, path: str, body: BaseModel | bytes | None, token: str | None) -> httpx.Response:
        headers = {
            "Content-Type": JSON,
            p.HEADER_DEVICE: self.device_id,
            p.HEADER_SCHEMA: str(self.schema_version),
        }
        if self.client_hlc:
            headers[p.HEADER_CLIENT_HLC] = self.client_hlc
        headers.update(self.headers)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if isinstance(body, BaseModel):
            content = body.model_dump_json().encode("utf-8")
        elif body is None:
            content = b"{}"
        else:
            content = body
        try:
            resp = self.http.post(path, content=content, headers=headers)
        except httpx.TimeoutException:
            raise SyncOffline(
                "The central store did not answer in time; your changes are kept and will be "
                "sent at the next sync."
            ) from None
        except httpx.ConnectError as exc:
            if "CERTIFICATE_VERIFY_FAILED" in str(exc) or "certificate" in str(exc).lower():
                raise ServerRefused(
                    "The central store's certificate is not trusted by this computer; ask IT "
                    "for its CA certificate (hcdesk login --ca-cert)."
                ) from None
            raise SyncOffline(
                f"The central store at {self.base_url} cannot be reached; you are working "
                "offline and your changes are kept."
            ) from None
        except httpx.TransportError:
            raise SyncOffline(
                "The connection to the central store failed; your changes are kept and will be "
                "sent at the next sync."
            ) from None
        seen = resp.headers.get(p.HEADER_SERVER_HLC)
        if seen and seen > self.server_hlc:
            self.server_hlc = seen
        return resp

    def send(self, path: str, body: BaseModel | bytes | None, token: str | None) -> httpx.Response:
        """:meth:`post`, and its answer if it is a success; for any other, the error it means
        is raised (see :func:`check`)."""
        return check(self.post(path, body, token))


def dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
