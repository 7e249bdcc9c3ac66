"""Team isolation through the real HTTP API: nobody outside team A reads or writes team A's case.

A caseworker of team A pushes a case with children (case file, victim, a contact-log entry and
an audit event) through ``POST /v1/sync/push`` of a real uvicorn server. Then every route of
the application (enumerated from ``app.routes``: a route added later without a row in
:data:`ROUTES` fails :func:`test_every_route_has_a_row_in_the_table`) is called by every kind of
caller: team B's caseworker and supervisor, a CPS liaison account, an administrator, no token,
an expired token, a revoked device, a token sent with another device's ``X-Device-Id`` and a
disabled account, and, as positive controls, team A's caseworker and supervisor. Each call has
an expected status; no response to a caller outside team A contains the case's ids, the
victim's name or any value of the case (the raw response text and headers are scanned), and
the case's rows, shares, conflicts and change log in the database are byte-for-byte what they
were before the call.

``test_no_write_to_another_teams_case_through_push`` throws every shape of write at the case
(edits, deletes, appends, resolutions, ids smuggled under another case, a reused mutation id),
and ``test_cps_reads_a_case_only_while_it_is_shared`` follows a share with CPS from grant to
revocation. Those two run on SQLite and PostgreSQL; the full route matrix on SQLite.

Deliberate exceptions, asserted as such: the administrator's audit trail names the id of a case
that was shared (who shared which case with whom; never its content), and a CPS account may
append an ``audit_event`` (its own record of consulting a case shared with it: Data Protection
Act 2018 s.62) to a case it can read, but never change any record of the case.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import fastapi.routing
import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from starlette.routing import Route

from hcdesk.server.app import create_app
from hcdesk.server.auth import token_digest
from hcdesk.server.config import ServerConfig
from hcdesk.server.database import Database
from hcdesk.server.db import (
    CaseHome,
    CaseShare,
    ChangeLog,
    Device,
    FieldHistory,
    Record,
    ServerAudit,
    ServerConflict,
    Team,
    Token,
    User,
)
from hcdesk.wire.hlc import HLC
from hcdesk.wire.protocol import HASH_MOD, change_hash
from hcdesk.wire.version import WIRE_VERSION

Login = Callable[..., dict[str, Any]]
MakeUser = Callable[..., str]

# -- team A's case: distinctive values that must never reach anyone outside team A -------------
CASE = "0190d000-aaaa-7000-8000-00000000c0de"
PERSON = "0190d000-aaaa-7000-8000-0000000v1c71"
CONTACT = "0190d000-aaaa-7000-8000-00000000ca11"
AUDIT = "0190d000-aaaa-7000-8000-0000000a0d17"
LOCAL_REF = "HC-AUTHZ-4711"
SUMMARY = "Zephyrine was abused on the 7.42 tram by two men shouting slurs"
PLACE = "Quillfeather Lane tram stop"
VICTIM_NAME = "Zephyrine Quarmby-Okonkwo"
VICTIM_ADDRESS = "Flat 9, 17 Wintergreen Mews"
VICTIM_PHONE = "07700 900431"
CONTACT_NOTE = "Zephyrine asked to be called only after 6pm"
AUDIT_REASON = "Opened to record the victim's first account"
ANN_SUMMARY = "Ann's retelling: two men, one with a green scarf"
SUE_SUMMARY = "Sue's retelling: three men near the kiosk"

ALL_CALLERS = (
    "admin",
    "b_cw",
    "b_sup",
    "cps",
    "anon",
    "expired",
    "revoked",
    "wrong_device",
    "disabled",
    "a_sup",
    "a_cw",
)
TEAM_A_CALLERS = frozenset({"a_cw", "a_sup"})
# How the callers whose credentials do not work are answered on every route that needs them.
BROKEN = {"anon": 401, "expired": 401, "revoked": 403, "wrong_device": 401, "disabled": 403}

_counter = itertools.count(1)


def hlc(node: str = "n") -> str:
    """A fresh version a little in the past (never ahead of the server's clock)."""
    return HLC(int(time.time() * 1000) - 1000, next(_counter) % 0xFFFF, node).encode()


def fields(values: dict[str, Any], ver: str, base: dict[str, str] | None = None) -> dict[str, Any]:
    return {k: {"value": v, "ver": ver, "base_ver": (base or {}).get(k)} for k, v in values.items()}


def mutation(
    entity: str,
    entity_id: str,
    case_id: str,
    op: str,
    values: dict[str, Any],
    base: dict[str, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    ver = hlc()
    return {
        "mutation_id": str(uuid.uuid4()),
        "entity": entity,
        "entity_id": entity_id,
        "case_id": case_id,
        "op": op,
        "hlc": ver,
        "fields": fields(values, ver, base),
        **extra,
    }


def new_case_mutations() -> list[dict[str, Any]]:
    return [
        mutation(
            "case_file",
            CASE,
            CASE,
            "upsert",
            {
                "local_ref": LOCAL_REF,
                "record_type": "HATE_CRIME",
                "status": "OPEN",
                "summary": SUMMARY,
                "place": PLACE,
                "team": "A",
                "deleted": False,
            },
        ),
        mutation(
            "person",
            PERSON,
            CASE,
            "upsert",
            {
                "role": "VICTIM",
                "name": VICTIM_NAME,
                "address": VICTIM_ADDRESS,
                "phone": VICTIM_PHONE,
                "deleted": False,
            },
        ),
        mutation(
            "contact_log",
            CONTACT,
            CASE,
            "append",
            {
                "occurred_at": "2026-11-20T18:30:00.000000Z",
                "channel": "PHONE",
                "direction": "TO_VICTIM",
                "summary": CONTACT_NOTE,
                "recorded_by": "ann",
            },
        ),
        mutation(
            "audit_event",
            AUDIT,
            CASE,
            "append",
            {
                "device_id": "ann-laptop",
                "seq": 1,
                "occurred_at": "2026-11-20T18:31:00.000000Z",
                "actor": "ann",
                "operation": "COLLECTION",
                "case_id": CASE,
                "entity": "person",
                "record_id": PERSON,
                "reason": AUDIT_REASON,
                "details": {},
                "prev_hash": "0" * 64,
                "hash": "a" * 64,
            },
        ),
    ]


# -- the callers -------------------------------------------------------------------------------
@dataclass
class Caller:
    key: str
    username: str | None
    password: str | None
    device_id: str | None
    access: str | None = None
    refresh: str | None = None
    claimed_device: str | None = None  # the X-Device-Id header, when it differs
    team: str = "B"  # the team it would like to give the case to
    login_device: str = "ann-laptop"  # the device it tries to sign in on

    def headers(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.access:
            out["Authorization"] = f"Bearer {self.access}"
        device = self.claimed_device or self.device_id
        if device:
            out["X-Device-Id"] = device
        return out


@dataclass
class World:
    base: str
    http: httpx.Client
    db: Database
    password: str
    callers: dict[str, Caller] = field(default_factory=dict)
    team_ids: dict[str, str] = field(default_factory=dict)
    secrets: set[str] = field(default_factory=set)
    conflict_id: str = ""
    ann_mutation_ids: list[str] = field(default_factory=list)

    # -- HTTP
    def call(self, method: str, path: str, caller: Caller, **kwargs: Any) -> httpx.Response:
        headers = {**caller.headers(), **kwargs.pop("headers", {})}
        return self.http.request(method, f"{self.base}{path}", headers=headers, **kwargs)

    def last_seq(self, device_id: str) -> int:
        with self.db.session() as s:
            device = s.get(Device, device_id)
            return device.last_client_seq if device is not None else 0

    def push(self, caller: Caller, *mutations: dict[str, Any]) -> httpx.Response:
        seq = self.last_seq(caller.device_id) if caller.device_id else 0
        body = {
            "batch_id": str(uuid.uuid4()),
            "device_id": caller.device_id or "no-device",
            "schema_version": WIRE_VERSION,
            "mutations": [
                {**m, "client_seq": m.get("client_seq", seq + i)}
                for i, m in enumerate(mutations, start=1)
            ],
        }
        return self.call("POST", "/v1/sync/push", caller, json=body)

    def pull(self, caller: Caller, cursors: dict[str, int] | None = None) -> httpx.Response:
        body = {
            "device_id": caller.device_id or "no-device",
            "schema_version": WIRE_VERSION,
            "cursors": cursors or {},
            "limit": 5000,
        }
        return self.call("POST", "/v1/sync/pull", caller, json=body)

    def pull_all(self, caller: Caller) -> list[dict[str, Any]]:
        changes: list[dict[str, Any]] = []
        cursors: dict[str, int] = {}
        while True:
            r = self.pull(caller, cursors)
            assert r.status_code == 200, r.text
            page = r.json()
            changes += page["changes"]
            cursors = page["cursors"]
            if not page["has_more"]:
                return changes

    # -- the database
    def ver(self, entity_id: str, name: str) -> str:
        with self.db.session() as s:
            rec = s.get(Record, entity_id)
            assert rec is not None
            return str(rec.fields[name]["ver"])

    def value(self, entity_id: str, name: str) -> Any:
        with self.db.session() as s:
            rec = s.get(Record, entity_id)
            assert rec is not None
            return rec.fields[name]["value"]

    def snapshot(self) -> dict[str, Any]:
        """Everything of team A that no outsider may change (compared as JSON text)."""
        with self.db.session() as s:
            records = {
                r.entity_id: [r.entity, r.case_id, r.fields, r.deleted, r.created_by]
                for r in s.scalars(sa.select(Record).where(Record.case_id == CASE))
            }
            # Rows with A's ids wherever they are filed (an id smuggled under another case).
            for r in s.scalars(
                sa.select(Record).where(Record.entity_id.in_([CASE, PERSON, CONTACT, AUDIT]))
            ):
                records[r.entity_id] = [r.entity, r.case_id, r.fields, r.deleted, r.created_by]
            history = s.scalar(
                sa.select(sa.func.count())
                .select_from(FieldHistory)
                .where(FieldHistory.entity_id.in_(list(records)))
            )
            shares = sorted(
                (c.team_id, c.granted_by)
                for c in s.scalars(sa.select(CaseShare).where(CaseShare.case_id == CASE))
            )
            home = s.get(CaseHome, CASE)
            conflicts = {
                c.id: [c.status, c.winner, c.loser, c.resolution, c.resolved_by]
                for c in s.scalars(sa.select(ServerConflict).where(ServerConflict.case_id == CASE))
            }
            changes = [
                (c.bucket, c.seq, c.op, c.checksum_hash)
                for c in s.scalars(
                    sa.select(ChangeLog).where(ChangeLog.case_id == CASE).order_by(ChangeLog.seq)
                )
            ]
            audit = sorted(
                (a.action, a.actor)
                for a in s.scalars(sa.select(ServerAudit).where(ServerAudit.subject == CASE))
            )
            users = {
                u.username: u.active
                for u in s.scalars(sa.select(User).where(User.username.in_(["ann", "sue", "dan"])))
            }
            devices = {
                d.device_id: [str(d.revoked_at), str(d.wiped_at), d.wipe_report, d.user_id]
                for d in s.scalars(
                    sa.select(Device).where(
                        Device.device_id.in_(["ann-laptop", "sue-laptop", "ann-stolen"])
                    )
                )
            }
        state = {
            "records": records,
            "history": history,
            "shares": shares,
            "home": home.team_id if home else None,
            "conflicts": conflicts,
            "changes": changes,
            "audit": audit,
            "users": users,
            "devices": devices,
        }
        return json.loads(json.dumps(state, sort_keys=True, default=str))

    # -- leaks
    def assert_no_leak(self, r: httpx.Response, *, allow: frozenset[str] = frozenset()) -> None:
        text = r.text + "\n" + "\n".join(f"{k}: {v}" for k, v in r.headers.items())
        lowered = text.lower()
        for secret in self.secrets - allow:
            assert secret.lower() not in lowered, (
                f"{r.request.method} {r.request.url.path} answered with {secret!r}: {r.text[:500]}"
            )


def build_world(
    base: str, http: httpx.Client, db: Database, make_user: MakeUser, login: Login, password: str
) -> World:
    """Teams A, B, CPS, Victim Support and Probation; every caller signed in; A's case pushed."""
    w = World(base=base, http=http, db=db, password=password)
    for name, role, teams in (
        ("ann", "caseworker", ("A",)),
        ("sue", "supervisor", ("A",)),
        ("tess", "caseworker", ("A",)),
        ("dan", "caseworker", ("A",)),
        ("bob", "caseworker", ("B",)),
        ("bea", "supervisor", ("B",)),
        ("carl", "cps", ("CPS",)),
        ("vic", "caseworker", ("Victim Support",)),
        ("pete", "caseworker", ("Probation",)),
        ("root", "admin", ()),
    ):
        make_user(db, name, role=role, teams=teams)
    with db.session() as s:
        w.team_ids = {t.name: t.id for t in s.scalars(sa.select(Team))}

    def signed_in(key: str, username: str, device: str, **kw: Any) -> Caller:
        pair = login(base, username, device_id=device)
        return Caller(
            key, username, password, device, pair["access_token"], pair["refresh_token"], **kw
        )

    c = w.callers
    c["a_cw"] = signed_in("a_cw", "ann", "ann-laptop", team="Probation")
    c["a_sup"] = signed_in("a_sup", "sue", "sue-laptop", team="Probation")
    c["b_cw"] = signed_in("b_cw", "bob", "bob-laptop")
    c["b_sup"] = signed_in("b_sup", "bea", "bea-laptop")
    c["cps"] = signed_in("cps", "carl", "carl-laptop", team="CPS")
    c["admin"] = signed_in("admin", "root", "root-laptop")
    c["anon"] = Caller("anon", "ann", "not the right password", None)
    c["expired"] = signed_in("expired", "ann", "ann-expired", login_device="ann-expired")
    c["revoked"] = signed_in("revoked", "ann", "ann-stolen", login_device="ann-stolen")
    c["wrong_device"] = signed_in(
        "wrong_device", "ann", "ann-other", claimed_device="bob-laptop", login_device="bob-laptop"
    )
    c["disabled"] = signed_in("disabled", "dan", "dan-laptop", login_device="dan-laptop")
    tess = signed_in("tess", "tess", "tess-laptop")
    assert tess.access

    # Team A's case, pushed by its caseworker.
    muts = new_case_mutations()
    w.ann_mutation_ids = [m["mutation_id"] for m in muts]
    r = w.push(c["a_cw"], *muts)
    assert r.status_code == 200, r.text
    assert [x["status"] for x in r.json()["results"]] == ["applied"] * 4, r.text
    # A conflict on the case: Ann and Sue rewrote the summary from the same version.
    base_ver = {"summary": w.ver(CASE, "summary")}
    edit = mutation("case_file", CASE, CASE, "upsert", {"summary": ANN_SUMMARY}, base_ver)
    assert w.push(c["a_cw"], edit).json()["results"][0]["status"] == "applied"
    edit = mutation("case_file", CASE, CASE, "upsert", {"summary": SUE_SUMMARY}, base_ver)
    (res,) = w.push(c["a_sup"], edit).json()["results"]
    assert res["status"] == "conflict", res
    w.conflict_id = res["conflict_ids"][0]
    # Shared with a partner team nobody below belongs to (so unsharing can be attempted).
    r = w.call("POST", f"/v1/cases/{CASE}/shares", c["a_sup"], json={"team": "Victim Support"})
    assert r.status_code == 204, r.text

    # The broken credentials.
    with db.write_session() as s, s.begin():
        s.execute(
            sa.update(Token)
            .where(Token.token_hash == token_digest(c["expired"].access or ""))
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
        )
    admin = c["admin"]
    r = w.call("POST", "/v1/admin/devices/ann-stolen/revoke", admin, json={"reason": "stolen"})
    assert r.status_code == 200, r.text
    r = w.call("POST", "/v1/admin/users/dan/disable", admin)
    assert r.status_code == 200, r.text

    w.secrets = {
        CASE,
        PERSON,
        CONTACT,
        AUDIT,
        w.conflict_id,
        LOCAL_REF,
        SUMMARY,
        PLACE,
        VICTIM_NAME,
        VICTIM_ADDRESS,
        VICTIM_PHONE,
        CONTACT_NOTE,
        AUDIT_REASON,
        ANN_SUMMARY,
        SUE_SUMMARY,
        *w.ann_mutation_ids,
    }
    return w


# -- the route table ---------------------------------------------------------------------------
Request = tuple[str, str, dict[str, Any]]


@dataclass
class RouteCase:
    """What each caller sends to a route, what it gets, and what must (not) happen."""

    expected: dict[str, int]
    request: Callable[[World, Caller], Request]
    # Called after an allowed call (2xx) for its effect; after a refused one, for its absence.
    effect: Callable[[World, Caller, httpx.Response], None] | None = None


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ALL_CALLERS, status)


def signed_in(a_cw: int, a_sup: int, b_cw: int, b_sup: int, cps: int, admin: int) -> dict[str, int]:
    """Expected statuses for the signed-in callers, and BROKEN for the rest."""
    return {
        "a_cw": a_cw,
        "a_sup": a_sup,
        "b_cw": b_cw,
        "b_sup": b_sup,
        "cps": cps,
        "admin": admin,
        **BROKEN,
    }


def admin_only(status: int) -> dict[str, int]:
    return signed_in(403, 403, 403, 403, 403, status)


def get(path: str) -> Callable[[World, Caller], Request]:
    return lambda w, c: ("GET", path, {})


# Requests ---------------------------------------------------------------------------------------
def login_request(w: World, c: Caller) -> Request:
    body = {
        "username": c.username,
        "password": c.password,
        "device_id": c.login_device,
    }
    return "POST", "/v1/auth/login", {"json": body}


def login_effect(w: World, c: Caller, r: httpx.Response) -> None:
    with w.db.session() as s:
        device = s.get(Device, "ann-laptop")
        assert device is not None
        owner = s.get(User, device.user_id)
        assert owner is not None and owner.username == "ann"  # never taken over
    if r.status_code == 200:
        assert r.json()["user"]["username"] == c.username
        if c.key == "a_cw":
            c.access, c.refresh = r.json()["access_token"], r.json()["refresh_token"]


def refresh_request(w: World, c: Caller) -> Request:
    device = c.device_id if c.key == "a_cw" else "ann-laptop"
    token = c.refresh or "hcr_" + "x" * 43
    return "POST", "/v1/auth/refresh", {"json": {"refresh_token": token, "device_id": device}}


def refresh_effect(w: World, c: Caller, r: httpx.Response) -> None:
    if r.status_code == 200:
        assert c.key == "a_cw"
        c.access, c.refresh = r.json()["access_token"], r.json()["refresh_token"]


def logout_effect(w: World, c: Caller, r: httpx.Response) -> None:
    # Whoever else signed out, team A's own sessions still work.
    if c.key not in TEAM_A_CALLERS:
        assert w.pull(w.callers["a_sup"]).status_code == 200


def wipe_request(w: World, c: Caller) -> Request:
    body = {"device_id": "ann-laptop", "pending_changes": 0, "cases": {}}
    return "POST", "/v1/devices/wipe-report", {"json": body}


def new_team_request(w: World, c: Caller) -> Request:
    return "POST", "/v1/admin/teams", {"json": {"name": f"Team of {c.key}"}}


def new_team_effect(w: World, c: Caller, r: httpx.Response) -> None:
    with w.db.session() as s:
        made = s.scalar(sa.select(Team.id).where(Team.name == f"Team of {c.key}"))
    assert (made is not None) == (r.status_code == 201)


def new_user_request(w: World, c: Caller) -> Request:
    body = {
        "username": f"mallory-{c.key.replace('_', '-')}",
        "password": "a long enough password",
        "role": "admin",
        "teams": [],
    }
    return "POST", "/v1/admin/users", {"json": body}


def new_user_effect(w: World, c: Caller, r: httpx.Response) -> None:
    name = f"mallory-{c.key.replace('_', '-')}"
    with w.db.session() as s:
        made = s.scalar(sa.select(User.id).where(User.username == name))
    assert (made is not None) == (r.status_code == 201)


def disable_request(w: World, c: Caller) -> Request:
    target = "tess" if c.key == "admin" else "ann"  # an outsider tries to lock Ann out
    return "POST", f"/v1/admin/users/{target}/disable", {}


def enable_request(w: World, c: Caller) -> Request:
    target = "tess" if c.key == "admin" else "dan"  # an outsider tries to let Dan back in
    return "POST", f"/v1/admin/users/{target}/enable", {}


def tess_active(expected: bool) -> Callable[[World, Caller, httpx.Response], None]:
    def check(w: World, c: Caller, r: httpx.Response) -> None:
        if c.key == "admin":
            with w.db.session() as s:
                active = s.scalar(sa.select(User.active).where(User.username == "tess"))
            assert active is expected

    return check


def revoke_request(w: World, c: Caller) -> Request:
    target = "tess-laptop" if c.key == "admin" else "ann-laptop"
    return "POST", f"/v1/admin/devices/{target}/revoke", {"json": {"reason": "taken"}}


def revoke_effect(w: World, c: Caller, r: httpx.Response) -> None:
    if c.key == "admin":
        with w.db.session() as s:
            device = s.get(Device, "tess-laptop")
            assert device is not None and device.revoked_at is not None


def audit_request(w: World, c: Caller) -> Request:
    return "GET", "/v1/admin/audit", {"params": {"limit": 10_000}}


def audit_effect(w: World, c: Caller, r: httpx.Response) -> None:
    if r.status_code != 200:
        return
    # The one place an outsider sees the case id: the share itself was audited. No content.
    for entry in r.json():
        if CASE in json.dumps(entry):
            assert entry["action"] in ("share_case", "unshare_case"), entry
            assert entry["subject"] == CASE and set(entry["details"]) == {"team"}, entry


def push_request(w: World, c: Caller) -> Request:
    value = f"{PLACE} (edited by {c.key})"
    m = mutation(
        "case_file", CASE, CASE, "upsert", {"place": value}, {"place": w.ver(CASE, "place")}
    )
    seq = w.last_seq(c.device_id) if c.device_id else 0
    body = {
        "batch_id": str(uuid.uuid4()),
        "device_id": c.device_id or "ann-laptop",
        "schema_version": WIRE_VERSION,
        "mutations": [{**m, "client_seq": seq + 1}],
    }
    if c.key in TEAM_A_CALLERS:
        w.secrets.add(value)
    return "POST", "/v1/sync/push", {"json": body}


def push_effect(w: World, c: Caller, r: httpx.Response) -> None:
    place = w.value(CASE, "place")
    if r.status_code != 200:
        assert c.key not in place
        return
    (res,) = r.json()["results"]
    if c.key in TEAM_A_CALLERS:
        assert res["status"] == "applied", res
        assert place == f"{PLACE} (edited by {c.key})"
    else:
        assert (res["status"], res["code"]) == ("rejected", "forbidden"), res
        assert res["canonical"] == {} and res["bucket_seq"] == {}, res
        assert c.key not in place
        readable = {f"team:{w.team_ids[c.team]}", f"share:{w.team_ids[c.team]}"}
        assert set(r.json()["write_checkpoint"]) <= readable, r.text


def pull_request(w: World, c: Caller) -> Request:
    a = w.team_ids["A"]
    cursors = {f"team:{a}": 0, f"share:{a}": 0, f"share:{w.team_ids['Victim Support']}": 0}
    body = {
        "device_id": c.device_id or "ann-laptop",
        "schema_version": WIRE_VERSION,
        "cursors": cursors,
    }
    return "POST", "/v1/sync/pull", {"json": body}


def pull_effect(w: World, c: Caller, r: httpx.Response) -> None:
    if r.status_code != 200:
        return
    page = r.json()
    mine = {CASE, PERSON, CONTACT, AUDIT, w.conflict_id}
    seen = {ch["entity_id"] for ch in page["changes"] if ch["case_id"] == CASE}
    if c.key in TEAM_A_CALLERS:
        assert seen == mine, page
        return
    assert seen == set() and page["changes"] == [], page
    own = w.team_ids.get(c.team)
    allowed = {
        "admin": set(),
        "cps": {f"share:{own}"},
    }.get(c.key, {f"team:{own}", f"share:{own}"})
    assert set(page["buckets"]) == allowed, page
    assert f"team:{w.team_ids['A']}" in page["buckets_removed"], page


def share_request(w: World, c: Caller) -> Request:
    return "POST", f"/v1/cases/{CASE}/shares", {"json": {"team": c.team}}


def unshare_request(w: World, c: Caller) -> Request:
    team = "Probation" if c.key == "a_sup" else "Victim Support"
    return "DELETE", f"/v1/cases/{CASE}/shares/{team}", {}


def probation_shared(expected: bool) -> Callable[[World, Caller, httpx.Response], None]:
    def check(w: World, c: Caller, r: httpx.Response) -> None:
        if c.key == "a_sup":
            with w.db.session() as s:
                share = s.get(CaseShare, (CASE, w.team_ids["Probation"]))
            assert (share is not None) is expected

    return check


ROUTES: dict[tuple[str, str], RouteCase] = {
    # Public: no case data, whoever asks.
    ("GET", "/openapi.json"): RouteCase(everyone(200), get("/openapi.json")),
    ("GET", "/docs"): RouteCase(everyone(200), get("/docs")),
    ("GET", "/docs/oauth2-redirect"): RouteCase(everyone(200), get("/docs/oauth2-redirect")),
    ("GET", "/redoc"): RouteCase(everyone(200), get("/redoc")),
    ("GET", "/v1/health"): RouteCase(everyone(200), get("/v1/health")),
    ("GET", "/v1/sync/meta"): RouteCase(everyone(200), get("/v1/sync/meta")),
    # Sync.
    ("POST", "/v1/sync/push"): RouteCase(
        signed_in(200, 200, 200, 200, 200, 200), push_request, push_effect
    ),
    ("POST", "/v1/sync/pull"): RouteCase(
        signed_in(200, 200, 200, 200, 200, 200), pull_request, pull_effect
    ),
    ("POST", "/v1/cases/{case_id}/shares"): RouteCase(
        signed_in(403, 204, 403, 404, 403, 403), share_request, probation_shared(True)
    ),
    ("DELETE", "/v1/cases/{case_id}/shares/{team}"): RouteCase(
        signed_in(403, 204, 403, 404, 403, 403), unshare_request, probation_shared(False)
    ),
    # A revoked device reports what it wiped: never for another device.
    ("POST", "/v1/devices/wipe-report"): RouteCase(
        {**signed_in(409, 400, 400, 400, 400, 400), "revoked": 400}, wipe_request
    ),
    # Administration.
    ("GET", "/v1/admin/teams"): RouteCase(admin_only(200), get("/v1/admin/teams")),
    ("POST", "/v1/admin/teams"): RouteCase(admin_only(201), new_team_request, new_team_effect),
    ("GET", "/v1/admin/users"): RouteCase(admin_only(200), get("/v1/admin/users")),
    ("POST", "/v1/admin/users"): RouteCase(admin_only(201), new_user_request, new_user_effect),
    ("POST", "/v1/admin/users/{username}/disable"): RouteCase(
        admin_only(200), disable_request, tess_active(False)
    ),
    ("POST", "/v1/admin/users/{username}/enable"): RouteCase(
        admin_only(200), enable_request, tess_active(True)
    ),
    ("GET", "/v1/admin/devices"): RouteCase(admin_only(200), get("/v1/admin/devices")),
    ("POST", "/v1/admin/devices/{device_id}/revoke"): RouteCase(
        admin_only(200), revoke_request, revoke_effect
    ),
    ("GET", "/v1/admin/audit"): RouteCase(admin_only(200), audit_request, audit_effect),
    # Sign-in last: a fresh sign-in replaces the expired token, and logout ends the session.
    ("POST", "/v1/auth/login"): RouteCase(
        {
            "a_cw": 200,  # its own device
            "a_sup": 409,  # Ann's device is Ann's
            "b_cw": 409,
            "b_sup": 409,
            "cps": 409,
            "admin": 409,
            "anon": 401,  # Ann's name, a guessed password
            "expired": 200,  # signing in again is the cure for an expired token
            "revoked": 403,
            "wrong_device": 409,  # Ann on Bob's laptop
            "disabled": 403,
        },
        login_request,
        login_effect,
    ),
    ("POST", "/v1/auth/refresh"): RouteCase(
        {**everyone(401), "a_cw": 200}, refresh_request, refresh_effect
    ),
    ("POST", "/v1/auth/logout"): RouteCase(
        signed_in(204, 204, 204, 204, 204, 204),
        lambda w, c: ("POST", "/v1/auth/logout", {}),
        logout_effect,
    ),
}


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route the application serves (HEAD comes with GET)."""
    # FastAPI >= 0.16x keeps included routers as lazy branches; iter_route_contexts (what its
    # OpenAPI generator walks) flattens them. Older versions list plain routes.
    flatten = getattr(fastapi.routing, "iter_route_contexts", None)
    routes: Iterable[Any] = flatten(app.routes) if flatten is not None else app.routes
    out: set[tuple[str, str]] = set()
    for route in routes:
        original = getattr(route, "original_route", route)
        assert isinstance(original, Route), original  # no mounts or websockets to test apart
        assert route.path and route.methods, route
        for method in route.methods:
            if method != "HEAD":
                out.add((method, route.path))
    return out


def test_every_route_has_a_row_in_the_table(sqlite_db_url: str) -> None:
    """A new endpoint without a row here fails: add what every caller must get from it."""
    app = create_app(ServerConfig(database_url=sqlite_db_url))
    served = app_routes(app)
    assert served - set(ROUTES) == set(), "routes with no authorisation row"
    assert set(ROUTES) - served == set(), "rows for routes that no longer exist"
    for key, case in ROUTES.items():
        assert set(case.expected) == set(ALL_CALLERS), key


def _assert_error_body(r: httpx.Response) -> None:
    if r.status_code >= 400:
        body = r.json()
        assert isinstance(body.get("error"), str) and body["error"], r.text
        assert isinstance(body.get("message"), str) and body["message"], r.text


def test_every_route_and_every_caller(
    http: httpx.Client,
    live_server: Any,
    sqlite_db_url: str,
    make_user: MakeUser,
    login: Login,
    user_password: str,
) -> None:
    base = live_server(sqlite_db_url)
    w = build_world(base, http, live_server.db(base), make_user, login, user_password)
    assert app_routes(live_server.app(base)) == set(ROUTES)
    failures: list[str] = []
    for key in ALL_CALLERS:
        caller = w.callers[key]
        for route, case in ROUTES.items():
            method, path, kwargs = case.request(w, caller)
            before = w.snapshot()
            r = w.call(method, path, caller, **kwargs)
            label = f"{key}: {route[0]} {route[1]} -> {r.status_code}"
            if r.status_code != case.expected[key]:
                failures.append(f"{label}, expected {case.expected[key]}: {r.text[:300]}")
                continue
            _assert_error_body(r)
            if case.effect is not None:
                case.effect(w, caller, r)
            if key not in TEAM_A_CALLERS:
                allow = frozenset({CASE}) if route == ("GET", "/v1/admin/audit") else frozenset()
                w.assert_no_leak(r, allow=allow)
                assert w.snapshot() == before, f"{label} changed team A's data"
            if r.status_code == 403 and key == "revoked":
                assert r.json()["error"] == "device_revoked" and r.json()["wipe"] is True
            if r.status_code == 403 and key == "disabled":
                assert r.json()["error"] == "account_disabled"
    assert failures == [], "\n".join(failures)
    # Positive controls did change what they should: the case still has every row, edited
    # by team A only.
    assert w.value(CASE, "place") == f"{PLACE} (edited by a_cw)"
    with w.db.session() as s:
        assert s.get(CaseShare, (CASE, w.team_ids["Victim Support"])) is not None
        assert s.get(CaseShare, (CASE, w.team_ids["Probation"])) is None


# -- every shape of write through push ------------------------------------------------------------
def hostile_mutations(
    w: World, key: str, own_case: str
) -> list[tuple[str, dict[str, Any], set[str]]]:
    """(what, mutation, acceptable rejection codes) aimed at team A's case."""
    place = {"place": w.ver(CASE, "place")}
    deleted = {"deleted": w.ver(CASE, "deleted")}
    name = {"name": w.ver(PERSON, "name")}
    contact = {
        "occurred_at": "2026-11-21T09:00:00.000000Z",
        "channel": "EMAIL",
        "direction": "FROM_VICTIM",
        "summary": f"Forged contact by {key}",
        "recorded_by": key,
    }
    forged_audit = {
        "device_id": w.callers[key].device_id,
        "seq": 99,
        "occurred_at": "2026-11-21T09:00:00.000000Z",
        "actor": "ann",
        "operation": "ERASURE",
        "case_id": CASE,
        "reason": f"Forged by {key}",
        "details": {},
        "prev_hash": "0" * 64,
        "hash": "b" * 64,
    }

    def resolve(case_id: str) -> dict[str, Any]:
        return {
            "mutation_id": str(uuid.uuid4()),
            "entity": "conflict",
            "entity_id": w.conflict_id,
            "case_id": case_id,
            "op": "resolve",
            "hlc": hlc(),
            "resolve": {"conflict_id": w.conflict_id, "choice": "value", "value": f"by {key}"},
        }

    reused = mutation("case_file", CASE, CASE, "upsert", {"place": f"Reused id by {key}"})
    reused["mutation_id"] = w.ann_mutation_ids[0]
    forbidden = {"forbidden"}
    smuggled = {"forbidden", "invalid"}  # refused as not theirs, or as someone else's id
    return [
        (
            "edit the case",
            mutation("case_file", CASE, CASE, "upsert", {"place": key}, place),
            forbidden,
        ),
        (
            "delete the case",
            mutation("case_file", CASE, CASE, "delete", {"deleted": True}, deleted, seen=hlc()),
            forbidden,
        ),
        (
            "rename the victim",
            mutation("person", PERSON, CASE, "upsert", {"name": key}, name),
            forbidden,
        ),
        (
            "delete the victim",
            mutation(
                "person",
                PERSON,
                CASE,
                "delete",
                {"deleted": True},
                {"deleted": w.ver(PERSON, "deleted")},
            ),
            forbidden,
        ),
        (
            "add a person",
            mutation("person", str(uuid.uuid4()), CASE, "upsert", {"role": "WITNESS", "name": key}),
            forbidden,
        ),
        (
            "append a contact",
            mutation("contact_log", str(uuid.uuid4()), CASE, "append", contact),
            forbidden,
        ),
        (
            "append an audit event",
            mutation("audit_event", str(uuid.uuid4()), CASE, "append", forged_audit),
            forbidden,
        ),
        (
            "rewrite the contact",
            mutation("contact_log", CONTACT, CASE, "append", contact),
            forbidden,
        ),
        ("resolve the conflict", resolve(CASE), forbidden),
        ("resolve it from another case", resolve(own_case), smuggled),
        (
            "victim's id under another case",
            mutation("person", PERSON, own_case, "upsert", {"name": key}, name),
            smuggled,
        ),
        (
            "contact's id under another case",
            mutation("contact_log", CONTACT, own_case, "append", contact),
            smuggled,
        ),
        (
            "case's id as a child of another case",
            mutation("person", CASE, own_case, "upsert", {"role": "VICTIM", "name": key}),
            smuggled,
        ),
        (
            "victim's id under no case",
            mutation("person", PERSON, "", "upsert", {"name": key}, name),
            smuggled,
        ),
        (
            "audit event's id under no case",
            mutation("audit_event", AUDIT, "", "append", forged_audit),
            smuggled,
        ),
        ("a mutation id of team A reused", reused, {"reused_id"}),
    ]


@pytest.mark.parametrize("key", ["b_cw", "b_sup", "cps", "admin"])
def test_no_write_to_another_teams_case_through_push(
    key: str,
    http: httpx.Client,
    live_server: Any,
    server_db_url: str,
    make_user: MakeUser,
    login: Login,
    user_password: str,
) -> None:
    base = live_server(server_db_url)
    w = build_world(base, http, live_server.db(base), make_user, login, user_password)
    caller = w.callers[key]
    # An officer of team B has a case of their own to smuggle ids under.
    own_case = str(uuid.uuid4())
    own = mutation(
        "case_file",
        own_case,
        own_case,
        "upsert",
        {"local_ref": f"B-{key}", "record_type": "HATE_CRIME", "status": "OPEN", "team": "A"},
    )
    r = w.push(caller, own)
    assert r.status_code == 200, r.text
    (res,) = r.json()["results"]
    if key in ("b_cw", "b_sup"):
        assert res["status"] == "applied", res
        with w.db.session() as s:  # naming team A does not file the case there
            home = s.get(CaseHome, own_case)
            assert home is not None and home.team_id == w.team_ids["B"]
    else:
        assert (res["status"], res["code"]) == ("rejected", "forbidden"), res

    before = w.snapshot()
    attempts = hostile_mutations(w, key, own_case)
    # One request per attempt (each is judged alone), then all of them in one batch.
    for what, m, codes in attempts:
        r = w.push(caller, m)
        assert r.status_code == 200, (what, r.text)
        (res,) = r.json()["results"]
        assert res["status"] == "rejected" and res["code"] in codes, (what, res)
        assert res["canonical"] == {} and res["bucket_seq"] == {}, (what, res)
        w.assert_no_leak(r, allow=frozenset({m["mutation_id"]}))  # its own id, echoed
        assert w.snapshot() == before, f"{key}: {what} changed team A's case"
    batch = [{**m, "mutation_id": str(uuid.uuid4())} for _, m, _ in attempts[:-1]]
    r = w.push(caller, *batch)
    assert r.status_code == 200, r.text
    assert {x["status"] for x in r.json()["results"]} == {"rejected"}, r.text
    w.assert_no_leak(r)
    assert w.snapshot() == before

    # Nor through the share endpoints...
    for method, path, kwargs in (
        ("POST", f"/v1/cases/{CASE}/shares", {"json": {"team": caller.team}}),
        ("DELETE", f"/v1/cases/{CASE}/shares/Victim Support", {}),
    ):
        r = w.call(method, path, caller, **kwargs)
        assert r.status_code in (403, 404), r.text
        w.assert_no_leak(r)
    assert w.snapshot() == before
    # ... and nothing of it can be read back.
    changes = w.pull_all(caller)
    assert [c for c in changes if c["case_id"] == CASE] == []
    r = w.pull(caller, {f"team:{w.team_ids['A']}": 0})
    w.assert_no_leak(r)
    # The officers of team A were never disturbed: they still read every row, unchanged.
    seen = {c["entity_id"] for c in w.pull_all(w.callers["a_sup"]) if c["case_id"] == CASE}
    assert seen == {CASE, PERSON, CONTACT, AUDIT, w.conflict_id}
    assert w.value(PERSON, "name") == VICTIM_NAME and w.value(CASE, "place") == PLACE


# -- sharing with CPS -----------------------------------------------------------------------------
def test_cps_reads_a_case_only_while_it_is_shared(
    http: httpx.Client,
    live_server: Any,
    server_db_url: str,
    make_user: MakeUser,
    login: Login,
    user_password: str,
) -> None:
    base = live_server(server_db_url)
    w = build_world(base, http, live_server.db(base), make_user, login, user_password)
    cps, ann, sue = w.callers["cps"], w.callers["a_cw"], w.callers["a_sup"]
    b_sup = w.callers["b_sup"]
    cps_bucket = f"share:{w.team_ids['CPS']}"

    r = w.pull(cps)
    assert r.status_code == 200 and r.json()["changes"] == [], r.text
    assert r.json()["buckets"] == [cps_bucket]
    # Only a supervisor of the case's own team shares it.
    for caller, status in ((ann, 403), (b_sup, 404), (cps, 403)):
        r = w.call("POST", f"/v1/cases/{CASE}/shares", caller, json={"team": "CPS"})
        assert r.status_code == status, r.text
        w.assert_no_leak(r)
    assert w.pull(cps).json()["changes"] == []

    r = w.call("POST", f"/v1/cases/{CASE}/shares", sue, json={"team": "CPS"})
    assert r.status_code == 204, r.text
    page = w.pull(cps).json()
    assert {(c["entity"], c["entity_id"]) for c in page["changes"]} == {
        ("case_file", CASE),
        ("person", PERSON),
        ("contact_log", CONTACT),
        ("audit_event", AUDIT),
        ("conflict", w.conflict_id),
    }
    assert {c["bucket"] for c in page["changes"]} == {cps_bucket}
    victim = next(c for c in page["changes"] if c["entity_id"] == PERSON)
    assert victim["fields"]["name"]["value"] == VICTIM_NAME
    cursors = page["cursors"]

    # CPS reads but never changes a record of the case.
    before = w.snapshot()
    own_case = str(uuid.uuid4())
    for what, m, codes in hostile_mutations(w, "cps", own_case):
        if what == "append an audit event":
            continue  # CPS's own consultation record: see below
        (res,) = w.push(cps, m).json()["results"]
        assert res["status"] == "rejected" and res["code"] in codes, (what, res)
        assert w.snapshot() == before, f"cps: {what} changed the shared case"
    # It may record that it consulted the case (append-only; it cannot rewrite an event).
    consulted = {
        "device_id": cps.device_id,
        "seq": 1,
        "occurred_at": "2026-11-22T09:00:00.000000Z",
        "actor": "carl",
        "operation": "CONSULTATION",
        "case_id": CASE,
        "details": {},
        "prev_hash": "0" * 64,
        "hash": "c" * 64,
    }
    consultation = str(uuid.uuid4())
    (res,) = w.push(cps, mutation("audit_event", consultation, CASE, "append", consulted)).json()[
        "results"
    ]
    assert res["status"] == "applied", res
    (res,) = w.push(cps, mutation("audit_event", AUDIT, CASE, "append", consulted)).json()[
        "results"
    ]
    assert (res["status"], res["code"]) == ("rejected", "invalid"), res
    after = w.snapshot()
    assert after["records"].pop(consultation)[0] == "audit_event"
    assert {k: v for k, v in after.items() if k not in ("history", "changes")} == {
        k: v for k, v in before.items() if k not in ("history", "changes")
    }

    # Team A's later edits reach CPS while the case is shared.
    edit = mutation(
        "case_file",
        CASE,
        CASE,
        "upsert",
        {"place": "Moved to the depot"},
        {"place": w.ver(CASE, "place")},
    )
    assert w.push(ann, edit).json()["results"][0]["status"] == "applied"
    page = w.pull(cps, cursors).json()
    assert [
        c["fields"]["place"]["value"] for c in page["changes"] if c["entity"] == "case_file"
    ] == ["Moved to the depot"]
    cursors = page["cursors"]

    # Only team A's supervisor unshares it; then CPS is told to drop it.
    for caller, status in ((ann, 403), (b_sup, 404), (cps, 403)):
        r = w.call("DELETE", f"/v1/cases/{CASE}/shares/CPS", caller)
        assert r.status_code == status, r.text
    r = w.call("DELETE", f"/v1/cases/{CASE}/shares/CPS", sue)
    assert r.status_code == 204, r.text
    page = w.pull(cps, cursors).json()
    assert [(c["entity_id"], c["op"]) for c in page["changes"]] == [(CASE, "remove")]
    (res,) = w.push(
        cps,
        mutation(
            "case_file", CASE, CASE, "upsert", {"place": "cps"}, {"place": w.ver(CASE, "place")}
        ),
    ).json()["results"]
    assert (res["status"], res["code"]) == ("rejected", "forbidden"), res

    # Once unshared, nothing of the case can be read by CPS again: not by the same laptop
    # reading its bucket from the start, nor by a CPS officer who signs in later.
    w.secrets.add("Moved to the depot")
    make_user(w.db, "cleo", role="cps", teams=("CPS",))
    pair = login(base, "cleo", device_id="cleo-laptop")
    cleo = Caller("cleo", "cleo", user_password, "cleo-laptop", pair["access_token"], team="CPS")
    for reader in (cps, cleo):
        r = w.pull(reader)
        assert r.status_code == 200, r.text
        page = r.json()
        assert page["changes"] and all(c["op"] == "remove" for c in page["changes"]), r.text
        w.assert_no_leak(r, allow=frozenset({CASE}))  # the "remove" names the case
        # The bucket's running checksum still adds up over what is served now.
        total = sum(
            change_hash(c["bucket"], c["seq"], c["entity"], c["entity_id"], c["op"], c["fields"])
            for c in page["changes"]
        )
        assert page["checksums"][cps_bucket] == {
            "seq": page["changes"][-1]["seq"],
            "count": len(page["changes"]),
            "hash": total % HASH_MOD,
        }
    # A case shared again is read again, from then on.
    r = w.call("POST", f"/v1/cases/{CASE}/shares", sue, json={"team": "CPS"})
    assert r.status_code == 204, r.text
    seen = {c["entity_id"] for c in w.pull_all(cleo) if c["op"] != "remove"}
    assert seen == {CASE, PERSON, CONTACT, AUDIT, consultation, w.conflict_id}
