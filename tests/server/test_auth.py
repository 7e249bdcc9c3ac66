"""Sign-in, tokens, devices and revocation against a real server (uvicorn + database)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import sqlalchemy as sa

from hcdesk.server.auth import LoginLimiter, token_digest
from hcdesk.server.db import Device, ServerAudit, Token
from hcdesk.wire.hlc import HLC

Login = Callable[..., dict[str, Any]]


def bearer(pair: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}


def test_login_refresh_rotation_and_logout(
    http: httpx.Client, base_url: str, live_server: Any, make_user: Callable[..., str], login: Login
) -> None:
    make_user(live_server.db(base_url), "root", role="admin", teams=())
    pair = login(base_url, "Root", device_id="laptop-1", device_name="Force laptop 1")
    assert pair["token_type"] == "bearer"
    assert pair["expires_in"] == 15 * 60
    assert pair["refresh_expires_in"] == 30 * 86400
    assert pair["user"]["username"] == "root"  # usernames are case-insensitive
    assert pair["user"]["role"] == "admin"
    assert HLC.decode(pair["server_hlc"]).node == "server"

    r = http.get(f"{base_url}/v1/admin/teams", headers=bearer(pair))
    assert r.status_code == 200, r.text

    r = http.post(
        f"{base_url}/v1/auth/refresh",
        json={"refresh_token": pair["refresh_token"], "device_id": "laptop-1"},
    )
    assert r.status_code == 200, r.text
    fresh = r.json()
    assert fresh["access_token"] != pair["access_token"]
    assert fresh["refresh_token"] != pair["refresh_token"]
    assert http.get(f"{base_url}/v1/admin/teams", headers=bearer(fresh)).status_code == 200

    # The old refresh token is used up.
    r = http.post(
        f"{base_url}/v1/auth/refresh",
        json={"refresh_token": pair["refresh_token"], "device_id": "laptop-1"},
    )
    assert r.status_code == 401
    assert r.json()["error"] == "unauthorised"
    # A refresh token is bound to its device.
    r = http.post(
        f"{base_url}/v1/auth/refresh",
        json={"refresh_token": fresh["refresh_token"], "device_id": "laptop-2"},
    )
    assert r.status_code == 401

    # Only hashes are stored.
    with live_server.db(base_url).session() as s:
        stored = set(s.scalars(sa.select(Token.token_hash)))
    assert token_digest(fresh["access_token"]) in stored
    assert fresh["access_token"] not in stored

    r = http.post(f"{base_url}/v1/auth/logout", headers=bearer(fresh))
    assert r.status_code == 204
    r = http.get(f"{base_url}/v1/admin/teams", headers=bearer(fresh))
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    r = http.post(
        f"{base_url}/v1/auth/refresh",
        json={"refresh_token": fresh["refresh_token"], "device_id": "laptop-1"},
    )
    assert r.status_code == 401


def test_access_token_expires(
    http: httpx.Client,
    live_server: Any,
    sqlite_db_url: str,
    make_user: Callable[..., str],
    login: Login,
) -> None:
    base_url = live_server(sqlite_db_url, access_token_minutes=1 / 60)  # one second
    make_user(sqlite_db_url, "root", role="admin", teams=())
    pair = login(base_url, "root", device_id="d1")
    assert pair["expires_in"] == 1
    assert http.get(f"{base_url}/v1/admin/users", headers=bearer(pair)).status_code == 200
    time.sleep(1.1)
    r = http.get(f"{base_url}/v1/admin/users", headers=bearer(pair))
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json() == {
        "error": "unauthorised",
        "message": "The access token has expired; refresh it or sign in again.",
    }
    r = http.post(
        f"{base_url}/v1/auth/refresh",
        json={"refresh_token": pair["refresh_token"], "device_id": "d1"},
    )
    assert r.status_code == 200
    assert http.get(f"{base_url}/v1/admin/users", headers=bearer(r.json())).status_code == 200


def test_missing_or_unknown_token(http: httpx.Client, sqlite_base_url: str) -> None:
    r = http.get(f"{sqlite_base_url}/v1/admin/users")
    assert r.status_code == 401
    assert r.json()["error"] == "unauthorised"
    assert r.headers["www-authenticate"] == "Bearer"
    r = http.get(f"{sqlite_base_url}/v1/admin/users", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
    r = http.get(f"{sqlite_base_url}/v1/admin/users", headers={"Authorization": "Basic eDp5"})
    assert r.status_code == 401


def test_wrong_username_and_wrong_password_look_the_same(
    http: httpx.Client, sqlite_base_url: str, live_server: Any, make_user: Callable[..., str]
) -> None:
    make_user(live_server.db(sqlite_base_url), "alice")
    answers = []
    for username, password in (("alice", "not the password"), ("nobody", "not the password")):
        r = http.post(
            f"{sqlite_base_url}/v1/auth/login",
            json={"username": username, "password": password, "device_id": "d1"},
        )
        answers.append((r.status_code, r.json()))
    assert (
        answers[0]
        == answers[1]
        == (
            401,
            {"error": "unauthorised", "message": "Wrong username or password."},
        )
    )
    with live_server.db(sqlite_base_url).session() as s:
        assert s.get(Device, "d1") is None  # nothing registered


def test_failed_logins_are_rate_limited(
    http: httpx.Client,
    live_server: Any,
    sqlite_db_url: str,
    make_user: Callable[..., str],
    user_password: str,
) -> None:
    base_url = live_server(sqlite_db_url, login_max_failures=3)
    make_user(sqlite_db_url, "alice")
    make_user(sqlite_db_url, "bob")

    def attempt(username: str, password: str) -> httpx.Response:
        return http.post(
            f"{base_url}/v1/auth/login",
            json={"username": username, "password": password, "device_id": f"d-{username}"},
        )

    for _ in range(3):
        assert attempt("alice", "wrong guess here").status_code == 401
    blocked = attempt("alice", user_password)  # even the right password waits now
    assert blocked.status_code == 429
    assert blocked.json()["error"] == "rate_limited"
    assert 1 <= int(blocked.headers["retry-after"]) <= 300
    assert attempt("ALICE", "wrong guess here").status_code == 429  # same user, any case
    assert attempt("bob", user_password).status_code == 200  # others are not affected


def test_limiter_window_slides() -> None:
    now = [1000.0]
    limiter = LoginLimiter(max_failures=2, window_seconds=60, clock=lambda: now[0])
    limiter.failed("k")
    now[0] += 30
    limiter.failed("k")
    assert limiter.retry_after("k") == 30
    now[0] += 31
    assert limiter.retry_after("k") is None  # the first failure left the window
    limiter.failed("k")
    assert limiter.retry_after("k") is not None
    limiter.succeeded("k")
    assert limiter.retry_after("k") is None


def test_device_is_bound_to_its_first_user(
    http: httpx.Client,
    base_url: str,
    live_server: Any,
    make_user: Callable[..., str],
    login: Login,
    user_password: str,
) -> None:
    db = live_server.db(base_url)
    make_user(db, "alice")
    make_user(db, "bob")
    login(base_url, "alice", device_id="laptop-7", client_seq_base=41)
    r = http.post(
        f"{base_url}/v1/auth/login",
        json={"username": "bob", "password": user_password, "device_id": "laptop-7"},
    )
    assert r.status_code == 409
    assert r.json()["error"] == "device_in_use"
    # Signing in again on the same device re-uses it; the sequence base is kept.
    login(base_url, "alice", device_id="laptop-7", client_seq_base=99)
    with db.session() as s:
        device = s.get(Device, "laptop-7")
        assert device is not None
        assert device.last_client_seq == 41
        assert device.user_id != ""


def test_revoked_device_is_told_to_wipe(
    http: httpx.Client,
    base_url: str,
    live_server: Any,
    make_user: Callable[..., str],
    login: Login,
    user_password: str,
) -> None:
    db = live_server.db(base_url)
    make_user(db, "root", role="admin", teams=())
    make_user(db, "alice")
    boss = login(base_url, "root")
    alice = login(base_url, "alice", device_id="lost-laptop")
    laptop = bearer(alice)

    # Not revoked yet: a wipe report is refused.
    report = {
        "device_id": "lost-laptop",
        "pending_changes": 3,
        "cases": {"HC-0001": 2, "HC-0002": 1},
    }
    r = http.post(f"{base_url}/v1/devices/wipe-report", headers=laptop, json=report)
    assert r.status_code == 409
    assert r.json()["error"] == "not_revoked"

    r = http.post(
        f"{base_url}/v1/admin/devices/lost-laptop/revoke",
        headers=bearer(boss),
        json={"reason": "left on a bus"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["revoked_reason"] == "left on a bus"

    r = http.post(f"{base_url}/v1/auth/logout", headers=laptop)
    assert r.status_code == 403
    body = r.json()
    assert body["error"] == "device_revoked"
    assert body["wipe"] is True
    assert body["message"]

    r = http.get(f"{base_url}/v1/admin/teams", headers=laptop)
    assert (r.status_code, r.json()["error"], r.json()["wipe"]) == (403, "device_revoked", True)
    r = http.post(
        f"{base_url}/v1/auth/refresh",
        json={"refresh_token": alice["refresh_token"], "device_id": "lost-laptop"},
    )
    assert (r.status_code, r.json()["error"], r.json()["wipe"]) == (403, "device_revoked", True)
    r = http.post(
        f"{base_url}/v1/auth/login",
        json={"username": "alice", "password": user_password, "device_id": "lost-laptop"},
    )
    assert (r.status_code, r.json()["error"], r.json()["wipe"]) == (403, "device_revoked", True)
    # The wrong password on a revoked device says nothing about the device.
    r = http.post(
        f"{base_url}/v1/auth/login",
        json={"username": "alice", "password": "a wrong password", "device_id": "lost-laptop"},
    )
    assert r.status_code == 401

    # A report for another device is refused; the device's own is stored (counts only).
    other = {**report, "device_id": "someone-else"}
    r = http.post(f"{base_url}/v1/devices/wipe-report", headers=laptop, json=other)
    assert r.status_code == 400
    r = http.post(f"{base_url}/v1/devices/wipe-report", headers=laptop, json=report)
    assert r.status_code == 204, r.text

    with db.session() as s:
        device = s.get(Device, "lost-laptop")
        assert device is not None and device.wiped_at is not None
        assert device.wipe_report["pending_changes"] == 3
        assert device.wipe_report["cases"] == {"HC-0001": 2, "HC-0002": 1}
        actions = list(s.scalars(sa.select(ServerAudit.action).order_by(ServerAudit.id)))
    assert "revoke_device" in actions and actions[-1] == "device_wiped"

    # Alice signs in on a new laptop as usual.
    assert login(base_url, "alice", device_id="new-laptop")["user"]["username"] == "alice"


def test_disabled_account_is_refused_at_once(
    http: httpx.Client,
    sqlite_base_url: str,
    live_server: Any,
    make_user: Callable[..., str],
    login: Login,
    user_password: str,
) -> None:
    base_url = sqlite_base_url
    make_user(live_server.db(base_url), "root", role="admin", teams=())
    make_user(live_server.db(base_url), "alice")
    make_user(live_server.db(base_url), "ann", role="admin", teams=())
    boss = login(base_url, "root")
    ann = login(base_url, "ann")
    r = http.post(f"{base_url}/v1/admin/users/ann/disable", headers=bearer(boss))
    assert r.status_code == 200 and r.json()["active"] is False
    r = http.get(f"{base_url}/v1/admin/users", headers=bearer(ann))
    assert (r.status_code, r.json()["error"]) == (403, "account_disabled")
    r = http.post(
        f"{base_url}/v1/auth/refresh",
        json={"refresh_token": ann["refresh_token"], "device_id": ann["device_id"]},
    )
    assert (r.status_code, r.json()["error"]) == (403, "account_disabled")
    r = http.post(
        f"{base_url}/v1/auth/login",
        json={"username": "ann", "password": user_password, "device_id": ann["device_id"]},
    )
    assert (r.status_code, r.json()["error"]) == (403, "account_disabled")
    r = http.post(f"{base_url}/v1/admin/users/ann/enable", headers=bearer(boss))
    assert r.status_code == 200 and r.json()["active"] is True
    assert http.get(f"{base_url}/v1/admin/users", headers=bearer(ann)).status_code == 200


def test_token_is_bound_to_the_device_header(
    http: httpx.Client,
    sqlite_base_url: str,
    live_server: Any,
    make_user: Callable[..., str],
    login: Login,
) -> None:
    make_user(live_server.db(sqlite_base_url), "root", role="admin", teams=())
    pair = login(sqlite_base_url, "root", device_id="mine")
    url = f"{sqlite_base_url}/v1/admin/users"
    assert http.get(url, headers={**bearer(pair), "X-Device-Id": "mine"}).status_code == 200
    r = http.get(url, headers={**bearer(pair), "X-Device-Id": "theirs"})
    assert r.status_code == 401


def test_last_seen_is_recorded(
    http: httpx.Client,
    sqlite_base_url: str,
    live_server: Any,
    make_user: Callable[..., str],
    login: Login,
) -> None:
    db = live_server.db(sqlite_base_url)
    make_user(db, "root", role="admin", teams=())
    pair = login(sqlite_base_url, "root", device_id="d1")
    with db.write_session() as s, s.begin():
        s.execute(sa.update(Device).values(last_seen_at=None))
    assert http.get(f"{sqlite_base_url}/v1/admin/users", headers=bearer(pair)).status_code == 200
    with db.session() as s:
        first = s.scalar(sa.select(Device.last_seen_at))
    assert first is not None
    http.get(f"{sqlite_base_url}/v1/admin/users", headers=bearer(pair))
    with db.session() as s:
        assert s.scalar(sa.select(Device.last_seen_at)) == first  # at most once a minute
