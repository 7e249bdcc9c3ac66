"""The application shell: health, meta, error bodies, body limits, clocks, logs and OpenAPI."""

from __future__ import annotations

import datetime as dt
import json
import logging
import socket
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import hypothesis
import pytest
from hypothesis import strategies as st

from hcdesk.server.app import TOO_DEEP_MESSAGE, json_depth
from hcdesk.server.database import make_database
from hcdesk.wire.hlc import HLC
from hcdesk.wire.protocol import MAX_BATCH, MAX_BODY_BYTES, MAX_JSON_DEPTH, MAX_SKEW_MS


def test_health_and_meta(http: httpx.Client, base_url: str, live_server: Any) -> None:
    r = http.get(f"{base_url}/v1/health")
    assert r.status_code == 200
    assert r.json() == {
        "status": "ok",
        "database": live_server.db(base_url).dialect,
        "version": "0.1.0",
    }
    r = http.get(f"{base_url}/v1/sync/meta")
    assert r.status_code == 200
    meta = r.json()
    assert meta["min_schema"] == 1 and meta["max_schema"] >= 1
    assert meta["max_batch"] == MAX_BATCH and meta["max_skew_ms"] == MAX_SKEW_MS
    assert dt.datetime.fromisoformat(meta["server_time"]).tzinfo is not None
    assert HLC.decode(meta["server_hlc"]).node == "server"


def test_health_is_503_when_the_database_is_gone(
    http: httpx.Client, sqlite_base_url: str, live_server: Any
) -> None:
    app = live_server.app(sqlite_base_url)
    working = app.state.db
    app.state.db = make_database("postgresql+psycopg://nobody@127.0.0.1:1/gone")
    try:
        r = http.get(f"{sqlite_base_url}/v1/health")
    finally:
        app.state.db.dispose()
        app.state.db = working
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "degraded"
    assert body["error"] == "unavailable"
    assert r.headers["retry-after"]


def test_every_response_carries_the_server_clock(http: httpx.Client, sqlite_base_url: str) -> None:
    seen = []
    for method, path in (("GET", "/v1/health"), ("GET", "/nowhere"), ("GET", "/v1/admin/users")):
        r = http.request(method, f"{sqlite_base_url}{path}")
        seen.append(HLC.decode(r.headers["x-server-hlc"]))
    assert seen == sorted(seen) and len(set(seen)) == 3


def test_a_client_clock_header_never_breaks_a_request(
    http: httpx.Client, sqlite_base_url: str
) -> None:
    """Any X-Client-HLC is answered normally; without a sign-in it is not even read (folding a
    signed-in clock in, and refusing one too far ahead: tests/server/test_clock_skew.py)."""
    url = f"{sqlite_base_url}/v1/health"
    now = HLC.decode(http.get(url).headers["x-server-hlc"])
    for value in (
        HLC(now.wall_ms + 60_000, 7, "laptopA").encode(),  # a minute ahead
        HLC(now.wall_ms + 400 * 24 * 3600 * 1000, 0, "laptopB").encode(),  # a year ahead
        "yesterday-ish",
        "0" * 5000,
    ):
        r = http.get(url, headers={"X-Client-HLC": value})
        assert r.status_code == 200
        assert HLC.decode(r.headers["x-server-hlc"]).wall_ms < now.wall_ms + 60_000


def test_errors_are_json_with_error_and_message(http: httpx.Client, sqlite_base_url: str) -> None:
    r = http.get(f"{sqlite_base_url}/v1/nothing-here")
    assert r.status_code == 404
    assert r.json()["error"] == "not_found" and r.json()["message"]
    assert "detail" in r.json()
    r = http.get(f"{sqlite_base_url}/v1/auth/login")
    assert r.status_code == 405
    assert r.json()["error"] == "method_not_allowed"


def test_malformed_and_invalid_bodies(http: httpx.Client, sqlite_base_url: str) -> None:
    url = f"{sqlite_base_url}/v1/auth/login"
    secret = "Sup3r-Secret-Passw0rd"
    r = http.post(
        url,
        content=f'{{"username": "alice", "password": "{secret}", '.encode(),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400
    assert r.json()["error"] == "bad_request"
    assert r.json()["message"] == "The request body is not valid JSON."
    assert secret not in r.text

    r = http.post(url, json={"username": "alice", "password": secret, "device_id": "bad id!"})
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "invalid"
    assert "device_id" in body["message"]
    assert body["detail"][0]["loc"] == ["body", "device_id"]
    assert secret not in r.text  # the input is never echoed

    r = http.post(url, json={"username": "alice", "password": secret, "extra": 1, "device_id": "d"})
    assert r.status_code == 422
    assert secret not in r.text
    r = http.post(url, content=b"[]", headers={"Content-Type": "application/json"})
    assert r.status_code == 422


def test_oversized_body_is_refused_before_parsing(http: httpx.Client, sqlite_base_url: str) -> None:
    url = f"{sqlite_base_url}/v1/auth/login"
    # Declared too large: answered at once, from the headers alone (httpx will not send a
    # Content-Length it cannot honour, so a raw socket says it).
    host, port = sqlite_base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {MAX_BODY_BYTES + 1}\r\n\r\n".encode()
        )
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    head, _, payload = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert json.loads(payload)["error"] == "too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        block = b" " * (1024 * 1024)
        for _ in range(MAX_BODY_BYTES // len(block) + 2):
            yield block

    r = http.post(url, content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"] == "too_large"
    assert "x-server-hlc" in r.headers


def test_unhandled_error_is_a_json_500_and_a_log_line_without_the_body(
    http: httpx.Client,
    sqlite_base_url: str,
    live_server: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = live_server.app(sqlite_base_url)

    def explode(body: dict[str, Any]) -> None:
        raise RuntimeError("boom in the handler")

    app.add_api_route("/test/explode", explode, methods=["POST"])
    secret = "Victim-Address-12-Acacia-Ave"
    with caplog.at_level(logging.DEBUG):
        r = http.post(f"{sqlite_base_url}/test/explode", json={"address": secret})
    assert r.status_code == 500
    assert r.json()["error"] == "internal"
    assert r.json()["message"]
    assert "x-server-hlc" in r.headers
    records = [rec for rec in caplog.records if rec.name == "hcdesk.server"]
    assert any("RuntimeError" in rec.getMessage() for rec in records)
    assert any("POST /test/explode" in rec.getMessage() for rec in records)
    assert secret not in caplog.text


def test_passwords_never_reach_the_logs(
    http: httpx.Client,
    sqlite_base_url: str,
    live_server: Any,
    make_user: Callable[..., str],
    login: Callable[..., dict[str, Any]],
    user_password: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    base = sqlite_base_url
    new_password = "Another-Long-Passphrase-77"
    wrong = "Wrong-But-Close-Passphrase-1"
    with caplog.at_level(logging.DEBUG):
        make_user(live_server.db(base), "root", role="admin", teams=())
        boss = login(base, "root")
        headers = {"Authorization": f"Bearer {boss['access_token']}"}
        for password in (wrong, user_password):
            http.post(
                f"{base}/v1/auth/login",
                json={"username": "root", "password": password, "device_id": "dx"},
            )
        http.post(
            f"{base}/v1/auth/login",
            content=f'{{"password": "{wrong}"'.encode(),
            headers={"Content-Type": "application/json"},
        )
        http.post(
            f"{base}/v1/auth/login",
            json={"username": "", "password": wrong, "device_id": "dx"},
        )
        http.post(f"{base}/v1/admin/teams", headers=headers, json={"name": "North"})
        http.post(
            f"{base}/v1/admin/users",
            headers=headers,
            json={
                "username": "ann",
                "password": new_password,
                "role": "caseworker",
                "teams": ["North"],
            },
        )
        http.post(
            f"{base}/v1/admin/users",
            headers=headers,
            json={"username": "ann", "password": "short", "role": "caseworker", "teams": ["North"]},
        )
        http.post(
            f"{base}/v1/auth/refresh",
            json={"refresh_token": boss["refresh_token"], "device_id": "x"},
        )
    text = caplog.text
    assert "failed sign-in" in text  # the log did capture the server's records
    for secret in (
        user_password,
        new_password,
        wrong,
        "short",
        boss["access_token"],
        boss["refresh_token"],
    ):
        assert secret not in text, f"{secret!r} was logged"


def test_openapi_documents_every_route_and_its_errors(
    http: httpx.Client, sqlite_base_url: str
) -> None:
    spec = http.get(f"{sqlite_base_url}/openapi.json").json()
    assert spec["info"]["title"] == "hcdesk central store"
    paths = spec["paths"]
    expected = {
        ("/v1/health", "get"): {"200", "503"},
        ("/v1/sync/meta", "get"): {"200"},
        ("/v1/auth/login", "post"): {"200", "401", "403", "409", "413", "422", "429"},
        ("/v1/auth/refresh", "post"): {"200", "401", "403", "422"},
        ("/v1/auth/logout", "post"): {"204", "401", "403"},
        ("/v1/devices/wipe-report", "post"): {"204", "401", "403", "409", "422"},
        ("/v1/admin/teams", "get"): {"200", "401", "403"},
        ("/v1/admin/teams", "post"): {"201", "401", "403", "409", "422"},
        ("/v1/admin/users", "get"): {"200", "401", "403"},
        ("/v1/admin/users", "post"): {"201", "401", "403", "409", "422"},
        ("/v1/admin/users/{username}/disable", "post"): {"200", "401", "403", "404"},
        ("/v1/admin/devices", "get"): {"200", "401", "403"},
        ("/v1/admin/devices/{device_id}/revoke", "post"): {"200", "401", "403", "404", "409"},
    }
    for (path, method), statuses in expected.items():
        operation = paths[path][method]
        assert statuses <= set(operation["responses"]), (path, method, operation["responses"])
        for status, response in operation["responses"].items():
            if status not in ("204",):
                assert "content" in response or status == "503", (path, status)
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert "TokenPair" in spec["components"]["schemas"]
    assert "ErrorBody" in spec["components"]["schemas"]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=60,
)


def _depth(value: Any) -> int:
    if isinstance(value, dict | list):
        items = value.values() if isinstance(value, dict) else value
        return 1 + max((_depth(x) for x in items), default=0)
    return 0


@hypothesis.settings(max_examples=500, derandomize=True, database=None)
@hypothesis.given(value=JSON_VALUES, ascii_only=st.booleans(), indent=st.sampled_from([None, 1]))
def test_the_depth_scan_counts_the_brackets_outside_strings(
    value: Any, ascii_only: bool, indent: int | None
) -> None:
    """The middleware's byte scan agrees with the parsed value, however brackets, quotes and
    backslashes appear inside strings and keys."""
    body = json.dumps(value, ensure_ascii=ascii_only, indent=indent).encode()
    assert json_depth(body) == _depth(value)


def test_the_depth_scan_of_text_that_is_not_json_is_quick_and_bounded() -> None:
    assert json_depth(b"") == 0
    assert json_depth(b'"never closed [[[[') == 0
    assert json_depth(b"[[[}") == 3
    assert json_depth(b'"' + b'\\"' * 200_000) == 0  # no backtracking on escaped quotes


def test_a_body_nested_too_deep_is_refused_before_anything_reads_it(
    http: httpx.Client, sqlite_base_url: str
) -> None:
    url = f"{sqlite_base_url}/v1/auth/login"
    at_limit = b"[" * (MAX_JSON_DEPTH - 1) + b"[]" + b"]" * (MAX_JSON_DEPTH - 1)
    r = http.post(url, content=at_limit, headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"] == "invalid"  # read, and not a login
    deeper = b"[" + at_limit + b"]"
    r = http.post(url, content=deeper, headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert r.json() == {"error": "too_deep", "message": TOO_DEEP_MESSAGE}
    assert str(MAX_JSON_DEPTH) in r.json()["message"]
    # Streamed in chunks, without a length: the same.
    r = http.post(url, content=iter([deeper[:10], deeper[10:]]))
    assert (r.status_code, r.json()["error"]) == (422, "too_deep")
