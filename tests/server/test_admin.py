"""Administration: the admin-only HTTP endpoints and the shared admin functions behind them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from hcdesk.server import admin, auth
from hcdesk.server.database import Database
from hcdesk.server.db import ServerAudit, Token, User

ADMIN_CALLS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/v1/admin/teams", None),
    ("POST", "/v1/admin/teams", {"name": "South"}),
    ("GET", "/v1/admin/users", None),
    (
        "POST",
        "/v1/admin/users",
        {
            "username": "eve",
            "password": "long enough password",
            "role": "admin",
            "teams": [],
        },
    ),
    ("POST", "/v1/admin/users/alice/disable", None),
    ("GET", "/v1/admin/devices", None),
    ("GET", "/v1/admin/audit", None),
    ("POST", "/v1/admin/devices/some-device/revoke", {"reason": "lost"}),
]


def test_admin_endpoints_need_the_admin_role(
    http: httpx.Client,
    base_url: str,
    live_server: Any,
    make_user: Callable[..., str],
    login: Callable[..., dict[str, Any]],
) -> None:
    db = live_server.db(base_url)
    for name, role in (("carol", "caseworker"), ("sam", "supervisor"), ("cpsuser", "cps")):
        make_user(db, name, role=role)
    make_user(db, "alice")
    for name in ("carol", "sam", "cpsuser"):
        headers = {"Authorization": f"Bearer {login(base_url, name)['access_token']}"}
        for method, path, body in ADMIN_CALLS:
            r = http.request(method, f"{base_url}{path}", headers=headers, json=body)
            assert r.status_code == 403, (name, path, r.text)
            assert r.json()["error"] == "forbidden"
    for method, path, body in ADMIN_CALLS:
        r = http.request(method, f"{base_url}{path}", json=body)
        assert r.status_code == 401, (path, r.text)
    with db.session() as s:  # nothing was changed by the refused calls
        assert s.scalar(sa.select(User).where(User.username == "eve")) is None
        assert s.scalar(sa.select(User.active).where(User.username == "alice")) is True


def test_admin_manages_teams_users_and_devices(
    http: httpx.Client,
    sqlite_base_url: str,
    live_server: Any,
    make_user: Callable[..., str],
    login: Callable[..., dict[str, Any]],
) -> None:
    base = sqlite_base_url
    db = live_server.db(base)
    make_user(db, "root", role="admin", teams=())
    headers = {"Authorization": f"Bearer {login(base, 'root')['access_token']}"}

    r = http.post(f"{base}/v1/admin/teams", headers=headers, json={"name": "  Hate Crime  North "})
    assert r.status_code == 201, r.text
    assert r.json()["name"] == "Hate Crime North"
    r = http.post(f"{base}/v1/admin/teams", headers=headers, json={"name": "hate crime north"})
    assert (r.status_code, r.json()["error"]) == (409, "exists")

    new_user = {
        "username": "Dana",
        "password": "a perfectly long passphrase",
        "role": "supervisor",
        "teams": ["Hate Crime North"],
        "display_name": "Sgt Dana Price",
    }
    r = http.post(f"{base}/v1/admin/users", headers=headers, json=new_user)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["username"] == "dana"
    assert created["teams"] == ["Hate Crime North"]
    assert created["display_name"] == "Sgt Dana Price"
    assert "password" not in r.text and "hash" not in r.text
    r = http.post(f"{base}/v1/admin/users", headers=headers, json=new_user)
    assert (r.status_code, r.json()["error"]) == (409, "exists")

    for change, message in (
        ({"password": "too short"}, "at least 12 characters"),
        ({"role": "superuser"}, "Unknown role 'superuser'"),
        ({"teams": ["Nowhere"]}, "no team called 'Nowhere'"),
        ({"teams": []}, "at least one team"),
    ):
        r = http.post(
            f"{base}/v1/admin/users", headers=headers, json={**new_user, "username": "x1", **change}
        )
        assert r.status_code == 422, r.text
        assert r.json()["error"] == "invalid"
        assert message in r.json()["message"]

    listed = http.get(f"{base}/v1/admin/users", headers=headers).json()
    assert [u["username"] for u in listed] == ["dana", "root"]
    teams = http.get(f"{base}/v1/admin/teams", headers=headers).json()
    assert [(t["name"], t["members"]) for t in teams] == [("Hate Crime North", 1)]

    login(
        base,
        "dana",
        device_id="dana-laptop",
        device_name="Dana's laptop",
        password=new_user["password"],
    )
    devices = http.get(f"{base}/v1/admin/devices", headers=headers).json()
    dana = next(d for d in devices if d["device_id"] == "dana-laptop")
    assert dana["username"] == "dana" and dana["name"] == "Dana's laptop"
    assert dana["revoked_at"] is None

    r = http.post(f"{base}/v1/admin/devices/nope/revoke", headers=headers, json={"reason": "x"})
    assert (r.status_code, r.json()["error"]) == (404, "not_found")
    r = http.post(f"{base}/v1/admin/devices/dana-laptop/revoke", headers=headers)  # no body
    assert r.status_code == 200 and r.json()["revoked_at"]
    r = http.post(f"{base}/v1/admin/devices/dana-laptop/revoke", headers=headers, json={})
    assert (r.status_code, r.json()["error"]) == (409, "exists")
    r = http.post(f"{base}/v1/admin/users/nobody/disable", headers=headers)
    assert (r.status_code, r.json()["error"]) == (404, "not_found")

    r = http.get(f"{base}/v1/admin/audit", headers=headers, params={"action": "revoke_device"})
    assert r.status_code == 200
    assert [(e["actor"], e["subject"]) for e in r.json()] == [("root", "dana-laptop")]

    with db.session() as s:
        audit = s.execute(
            sa.select(ServerAudit.actor, ServerAudit.action, ServerAudit.subject).order_by(
                ServerAudit.id
            )
        ).all()
        assert ("root", "add_team", "Hate Crime North") in audit
        assert ("root", "add_user", "dana") in audit
        assert ("root", "revoke_device", "dana-laptop") in audit
        details = s.scalars(sa.select(ServerAudit.details)).all()
    assert "a perfectly long passphrase" not in repr(details)


def test_admin_functions_validate_and_audit(sqlite_server_db: Database) -> None:
    db = sqlite_server_db
    with db.write_session() as s, s.begin():
        admin.add_team(s, "North", actor="cli:it")
        admin.add_user(s, "root", "root password is long", "admin", [], actor="cli:it")
        admin.add_user(s, "cw1", "caseworker password", "caseworker", ["north"], actor="cli:it")
    bad: list[tuple[Callable[..., Any], tuple[Any, ...], str]] = [
        (admin.add_team, ("NORTH",), "already a team called 'North'"),
        (admin.add_team, ("   ",), "between 1 and 120"),
        (admin.add_user, ("cw1", "caseworker password", "caseworker", ["North"]), "already a user"),
        (admin.add_user, ("bad name", "caseworker password", "caseworker", ["North"]), "username"),
        (admin.add_user, ("cw2", "caseworker password", "boss", ["North"]), "Unknown role"),
        (admin.add_user, ("cw2", "short", "caseworker", ["North"]), "at least 12"),
        (admin.add_user, ("cw2", "caseworker password", "cps", ["South"]), "no team called"),
        (admin.revoke_device, ("ghost",), "no device 'ghost'"),
        (admin.disable_user, ("ghost",), "no user 'ghost'"),
    ]
    for func, args, message in bad:
        with db.write_session() as s, s.begin(), pytest.raises(admin.AdminError, match=message):
            func(s, *args)
    with db.write_session() as s, s.begin():
        admin.set_password(s, "cw1", "a brand new password", actor="cli:it")
        admin.disable_user(s, "cw1", actor="cli:it")
    with db.session() as s:
        user = s.scalar(sa.select(User).where(User.username == "cw1"))
        assert user is not None and not user.active
        assert auth.verify_password(user.password_hash, "a brand new password")
        actions = s.scalars(sa.select(ServerAudit.action).order_by(ServerAudit.id)).all()
        assert actions == [
            "add_team",
            "add_user",
            "add_user",
            "set_password",
            "disable_user",
        ]
        assert s.scalar(sa.select(sa.func.count()).select_from(Token)) == 0
        listed = admin.list_users(s)
    assert [(u.username, u.role, u.teams, u.active) for u in listed] == [
        ("cw1", "caseworker", ["North"], False),
        ("root", "admin", [], True),
    ]
