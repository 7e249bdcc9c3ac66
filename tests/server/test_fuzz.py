"""Malformed, oversized and hostile requests get a 4xx JSON error and change nothing.

Schemathesis reads the live server's ``/openapi.json`` (a real uvicorn server on SQLite) and
sends generated requests (valid ones, and ones that break the schema on purpose) to every
operation: signed in as a caseworker of a team with no cases, as an administrator (the admin
operations only) and without a token. Every answer is checked: never a 5xx, the documented
status codes, content types and bodies, and, for every 4xx, a JSON ``{error, message}`` body
and not a row more, less or different in the tables that hold cases, accounts and devices.
Generation is derandomized and bounded (see FULL/FEW/ADMIN), so a run is reproducible and
takes well under a minute. The cases are drawn with schemathesis's Python API
(``APIOperation.as_strategy``) under plain Hypothesis; its pytest loader for a schema from a
fixture does not work with pytest 9.

Explicit hostile requests follow, on SQLite and PostgreSQL: a 20 MB body, deeply nested JSON,
the wrong content type, invalid UTF-8, out-of-range ``client_seq``, 501 mutations, unknown or
malformed entities, SQL in ids, NUL characters and lone surrogates (PostgreSQL cannot store
the one, no database the other), a mutation id reused with another body and path traversal
in the case id.
"""

from __future__ import annotations

import json
import re
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import hypothesis
import pytest
import requests
import schemathesis
import sqlalchemy as sa
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from hcdesk.server.app import create_app
from hcdesk.server.config import ServerConfig
from hcdesk.server.database import Database
from hcdesk.server.db import (
    AppliedMutation,
    BucketCounter,
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
from hcdesk.server.errors import UNSTORABLE_MESSAGE
from hcdesk.server.sync_service import ENTITIES
from hcdesk.wire.hlc import HLC
from hcdesk.wire.protocol import MAX_JSON_DEPTH
from hcdesk.wire.version import WIRE_VERSION

# The tables whose content a refused request must leave exactly as it was.
GUARDED = (
    Record,
    ChangeLog,
    AppliedMutation,
    FieldHistory,
    ServerConflict,
    CaseHome,
    CaseShare,
    BucketCounter,
    Team,
    User,
    Device,
    ServerAudit,
)


def state(db: Database) -> tuple[Any, ...]:
    """Row counts of every guarded table, and the content of those updated in place."""
    counts = sa.select(
        *(
            sa.select(sa.func.count())
            .select_from(model)
            .scalar_subquery()
            .label(model.__tablename__)
            for model in GUARDED
        )
    )
    with db.session() as s:
        return (
            tuple(s.execute(counts).one()),
            tuple(s.execute(sa.select(Record.entity_id, Record.fields, Record.deleted)).all()),
            tuple(
                s.execute(
                    sa.select(
                        Device.device_id,
                        Device.last_client_seq,
                        Device.revoked_at,
                        Device.wipe_report,
                    )
                ).all()
            ),
            tuple(s.execute(sa.select(User.username, User.active)).all()),
            tuple(s.execute(sa.select(Token.token_hash, Token.kind, Token.expires_at)).all()),
            tuple(s.execute(sa.select(CaseShare.case_id, CaseShare.team_id)).all()),
        )


@dataclass
class Target:
    base: str
    db: Database
    http: httpx.Client
    token: str | None
    device_id: str | None


CASE = "0190e000-bbbb-7000-8000-0000000000aa"
KINDS = sorted(ENTITIES)


def _hlc() -> str:
    return HLC(int(time.time() * 1000) - 1000, 0, "fuzz").encode()


def _constrained(parameter: dict[str, Any]) -> bool:
    schema = parameter.get("schema", {})
    return schema.get("type") != "string" or bool(set(schema) - {"type", "title"})


def _operations() -> dict[str, tuple[bool, bool]]:
    """Every operation of the application, as "METHOD /path" -> (whether it takes input that a
    request can get wrong: a body, or a parameter that is not any string at all; whether it
    needs a token)."""
    spec = create_app(ServerConfig(database_url="sqlite:///unused.db")).openapi()
    return {
        f"{m.upper()} {path}": (
            bool(op.get("requestBody") or any(_constrained(x) for x in op.get("parameters", []))),
            bool(op.get("security")),
        )
        for path, ops in spec["paths"].items()
        for m, op in ops.items()
    }


OPERATION_INPUTS = _operations()
OPERATIONS = sorted(OPERATION_INPUTS)
# Signing out with the one token would leave nothing to fuzz the rest with; it is fuzzed
# without a token, and its refusals with one are in test_api_authz.
SKIP_SIGNED_IN = {"POST /v1/auth/logout"}
PUBLIC = {"GET /v1/health", "GET /v1/sync/meta", "POST /v1/auth/login", "POST /v1/auth/refresh"}


def make_target(
    auth: str,
    live_server: Any,
    db_url: str,
    make_user: Callable[..., str],
    login: Callable[..., dict[str, Any]],
    http: httpx.Client,
) -> Target:
    base = live_server(db_url)
    db = live_server.db(base)
    make_user(db, "quinn", role="caseworker", teams=("Quiet",))
    make_user(db, "ann", role="caseworker", teams=("A",))
    # Another team's case, so there is something to damage.
    ann = login(base, "ann", device_id="ann-laptop")
    ver = _hlc()
    body = {
        "batch_id": "b1",
        "device_id": "ann-laptop",
        "schema_version": WIRE_VERSION,
        "mutations": [
            {
                "mutation_id": "m1",
                "client_seq": 1,
                "entity": "case_file",
                "entity_id": CASE,
                "case_id": CASE,
                "op": "upsert",
                "hlc": ver,
                "fields": {
                    k: {"value": v, "ver": ver}
                    for k, v in {
                        "local_ref": "HC-FUZZ-1",
                        "record_type": "HATE_CRIME",
                        "status": "OPEN",
                        "summary": "Fuzz target",
                    }.items()
                },
            }
        ],
    }
    r = http.post(
        f"{base}/v1/sync/push",
        json=body,
        headers={"Authorization": f"Bearer {ann['access_token']}"},
    )
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "applied", r.text
    if auth == "caseworker":
        pair = login(base, "quinn", device_id="quinn-laptop")
        return Target(base, db, http, pair["access_token"], "quinn-laptop")
    if auth == "admin":
        make_user(db, "root", role="admin", teams=())
        pair = login(base, "root", device_id="root-laptop")
        return Target(base, db, http, pair["access_token"], "root-laptop")
    return Target(base, db, http, None, None)


def _aim(case: Any, target: Target) -> None:
    """A valid request of the signed-in caseworker: its own device id and next change numbers,
    so generated pushes reach the merge code instead of stopping at the device check."""
    body = case.body
    if target.device_id is None or not isinstance(body, dict):
        return
    if isinstance(body.get("device_id"), str):
        body["device_id"] = target.device_id
    if isinstance(body.get("schema_version"), int):
        body["schema_version"] = WIRE_VERSION
    mutations = body.get("mutations")
    if isinstance(mutations, list) and all(isinstance(m, dict) for m in mutations):
        with target.db.session() as s:
            device = s.get(Device, target.device_id)
            last = device.last_client_seq if device is not None else 0
        for i, m in enumerate(mutations, start=1):
            m["client_seq"] = last + i
            # Mostly real kinds of record and real versions, so the merge code runs on them
            # (what is picked depends only on the generated values: the same on every run).
            if isinstance(m.get("entity"), str) and m["entity"] not in ENTITIES:
                m["entity"] = KINDS[len(m["entity"]) % len(KINDS)]
            values = m.get("fields")
            if isinstance(values, dict):
                for name, fv in values.items():
                    if isinstance(fv, dict) and len(name) % 3 != 0:
                        fv["ver"] = _hlc()


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Examples per operation and generation mode. Without a token every protected operation
# answers 401 before it reads anything, so a few examples show that; public operations are
# fuzzed in full once, without a token (a token changes nothing for them).
FULL = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 12}
FEW = {GenerationMode.POSITIVE: 4, GenerationMode.NEGATIVE: 4}
ADMIN = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 6}


def fuzz_operation(
    schema: Any, label: str, target: Target, budget: dict[GenerationMode, int]
) -> dict[str, int]:
    """Run one operation's generated requests; returns how often each status came back."""
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    headers = {"Authorization": f"Bearer {target.token}"} if target.token else None
    seen: dict[str, int] = {}
    session = requests.Session()  # keep-alive: one connection for the operation's requests

    def one(case: Any, positive: bool) -> None:
        if positive:
            _aim(case, target)
        before = state(target.db)

        def refusal_changes_nothing(ctx: Any, response: Any, case: Any) -> bool | None:
            if 400 <= response.status_code < 500:
                body = response.json()
                assert isinstance(body, dict), response.text
                assert isinstance(body.get("error"), str) and body["error"], response.text
                assert isinstance(body.get("message"), str) and body["message"], response.text
                assert state(target.db) == before, "a refused request changed the database"
            return None

        response = case.call(session=session)
        key = str(response.status_code)
        if response.status_code == 422 and response.json().get("message") == UNSTORABLE_MESSAGE:
            key += " unstorable"
        seen[key] = seen.get(key, 0) + 1
        case.validate_response(response, checks=[*CHECKS, refusal_changes_nothing])

    def for_mode(positive: bool) -> Callable[[Any], None]:
        def run(case: Any) -> None:
            one(case, positive)

        return run

    for mode, examples in budget.items():
        takes_input, secured = OPERATION_INPUTS[label]
        if mode == GenerationMode.NEGATIVE and not takes_input and (headers or not secured):
            continue  # nothing to get wrong: no body, no parameters, no token or a fixed one
        strategy = operation.as_strategy(generation_mode=mode, headers=headers)

        positive = mode == GenerationMode.POSITIVE
        settings = hypothesis.settings(
            max_examples=examples,
            derandomize=True,  # the same requests on every run
            database=None,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            phases=(hypothesis.Phase.explicit, hypothesis.Phase.generate, hypothesis.Phase.shrink),
        )
        settings(hypothesis.given(case=strategy)(for_mode(positive)))()
    return seen


@pytest.mark.parametrize("auth", ["caseworker", "admin", "anonymous"])
def test_generated_requests_get_no_5xx_and_refusals_change_nothing(
    auth: str,
    subtests: Any,
    live_server: Any,
    sqlite_db_url: str,
    make_user: Callable[..., str],
    login: Callable[..., dict[str, Any]],
    http: httpx.Client,
) -> None:
    target = make_target(auth, live_server, sqlite_db_url, make_user, login, http)
    schema = schemathesis.openapi.from_url(f"{target.base}/openapi.json")
    schema.config.update(base_url=target.base)
    statuses: dict[str, dict[str, int]] = {}
    for label in OPERATIONS:
        if auth != "anonymous" and (label in SKIP_SIGNED_IN or label in PUBLIC):
            continue
        if auth == "admin" and " /v1/admin/" not in label:
            continue  # the sync operations refuse an administrator: the caseworker covers them
        budget = {"caseworker": FULL, "admin": ADMIN}.get(auth, FULL if label in PUBLIC else FEW)
        with subtests.test(msg=label):
            statuses[label] = fuzz_operation(schema, label, target, budget)
    print(auth, json.dumps(statuses, indent=1))
    if auth == "anonymous":
        for label, seen in statuses.items():
            if label not in PUBLIC:
                # Refused before the token is looked at: JSON that does not parse, and text
                # no database can store. Nothing else is answered without a token.
                assert set(seen) <= {"400", "401", "422 unstorable"}, (label, seen)


# -- explicit hostile requests --------------------------------------------------------------------
def _mutation(**over: Any) -> dict[str, Any]:
    ver = _hlc()
    m = {
        "mutation_id": str(uuid.uuid4()),
        "client_seq": 1,
        "entity": "case_file",
        "entity_id": str(uuid.uuid4()),
        "case_id": "",
        "op": "upsert",
        "hlc": ver,
        "fields": {"summary": {"value": "hostile", "ver": ver}},
    }
    m["case_id"] = m["entity_id"]
    m.update(over)
    return m


def _push_body(*mutations: dict[str, Any], device_id: str = "quinn-laptop") -> dict[str, Any]:
    return {
        "batch_id": str(uuid.uuid4()),
        "device_id": device_id,
        "schema_version": WIRE_VERSION,
        "mutations": list(mutations),
    }


def _raw(base: str, request: bytes) -> tuple[int, bytes]:
    """Send bytes as they are (httpx would normalise a path or refuse a bad header)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
            head, _, payload = answer.partition(b"\r\n\r\n")
            length = re.search(rb"(?i)content-length: *(\d+)", head)
            if length and len(payload) >= int(length.group(1)):
                break
    head, _, payload = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), payload


def test_hostile_requests_get_a_4xx_json_error_and_change_nothing(
    live_server: Any,
    server_db_url: str,
    make_user: Callable[..., str],
    login: Callable[..., dict[str, Any]],
    http: httpx.Client,
) -> None:
    target = make_target("caseworker", live_server, server_db_url, make_user, login, http)
    base, db = target.base, target.db
    auth = {"Authorization": f"Bearer {target.token}", "X-Device-Id": "quinn-laptop"}
    json_auth = {**auth, "Content-Type": "application/json"}
    push, pull = f"{base}/v1/sync/push", f"{base}/v1/sync/pull"

    def refused(r: httpx.Response | tuple[int, bytes], *statuses: int) -> dict[str, Any]:
        status, payload = (r.status_code, r.content) if isinstance(r, httpx.Response) else r
        assert status in statuses, (status, payload[:300])
        body = json.loads(payload)
        assert isinstance(body["error"], str) and body["error"], body
        assert isinstance(body["message"], str) and body["message"], body
        return body

    hostile: list[tuple[str, Callable[[], httpx.Response | tuple[int, bytes]], tuple[int, ...]]] = [
        # 20 MB, declared: refused from the headers alone, and streamed without a length.
        (
            "20 MB body",
            lambda: http.post(
                push, content=b"[" + b"0," * (10 * 1024 * 1024) + b"0]", headers=json_auth
            ),
            (413,),
        ),
        (
            "20 MB streamed",
            lambda: http.post(push, content=iter([b" " * (1024 * 1024)] * 20), headers=json_auth),
            (413,),
        ),
        (
            "deeply nested array",
            lambda: http.post(push, content=b"[" * 200_000 + b"]" * 200_000, headers=json_auth),
            (400, 422),
        ),
        (
            "deeply nested object",
            lambda: http.post(
                push, content=b'{"a":' * 100_000 + b"1" + b"}" * 100_000, headers=json_auth
            ),
            (400, 422),
        ),
        (
            "nested field value",
            lambda: http.post(
                push,
                content=json.dumps(_push_body(_mutation()))
                .replace('"hostile"', "[" * 50_000 + "]" * 50_000)
                .encode(),
                headers=json_auth,
            ),
            (400, 422),
        ),
        (
            "wrong content type",
            lambda: http.post(
                push,
                content=json.dumps(_push_body(_mutation())).encode(),
                headers={**auth, "Content-Type": "text/plain"},
            ),
            (400, 415, 422),
        ),
        (
            "form body",
            lambda: http.post(push, data={"device_id": "quinn-laptop"}, headers=auth),
            (400, 415, 422),
        ),
        (
            "invalid UTF-8",
            lambda: http.post(push, content=b'{"batch_id": "\xff\xfe\xc3\x28"}', headers=json_auth),
            (400, 422),
        ),
        (
            "invalid UTF-8 in a login",
            lambda: http.post(
                f"{base}/v1/auth/login",
                content=b'{"username": "\xc3\x28", "password": "x", "device_id": "d"}',
                headers={"Content-Type": "application/json"},
            ),
            (400, 422),
        ),
        (
            "not JSON",
            lambda: http.post(push, content=b"{'mutations': []}", headers=json_auth),
            (400,),
        ),
        ("empty body", lambda: http.post(push, content=b"", headers=json_auth), (400, 422)),
        (
            "negative client_seq",
            lambda: http.post(push, json=_push_body(_mutation(client_seq=-1)), headers=auth),
            (422,),
        ),
        (
            "zero client_seq",
            lambda: http.post(push, json=_push_body(_mutation(client_seq=0)), headers=auth),
            (422,),
        ),
        (
            "huge client_seq",
            lambda: http.post(push, json=_push_body(_mutation(client_seq=2**64)), headers=auth),
            (422,),
        ),
        (
            "float client_seq",
            lambda: http.post(push, json=_push_body(_mutation(client_seq=1.5)), headers=auth),
            (422,),
        ),
        (
            "gap in client_seq",
            lambda: http.post(push, json=_push_body(_mutation(client_seq=7)), headers=auth),
            (409,),
        ),
        (
            "huge schema_version",
            lambda: http.post(
                push, json={**_push_body(_mutation()), "schema_version": 10**30}, headers=auth
            ),
            (422,),
        ),
        (
            "too new a schema",
            lambda: http.post(
                push,
                json={**_push_body(_mutation()), "schema_version": WIRE_VERSION + 1},
                headers=auth,
            ),
            (422,),
        ),
        (
            "too old a schema",
            lambda: http.post(
                push, json={**_push_body(_mutation()), "schema_version": 0}, headers=auth
            ),
            (426,),
        ),
        (
            "501 mutations",
            lambda: http.post(
                push,
                json=_push_body(*(_mutation(client_seq=i) for i in range(1, 502))),
                headers=auth,
            ),
            (413, 422),
        ),
        ("no mutations", lambda: http.post(push, json=_push_body(), headers=auth), (422,)),
        (
            "entity that breaks the pattern",
            lambda: http.post(push, json=_push_body(_mutation(entity="Case File!")), headers=auth),
            (422,),
        ),
        (
            "unknown op",
            lambda: http.post(push, json=_push_body(_mutation(op="drop")), headers=auth),
            (422,),
        ),
        (
            "201 fields",
            lambda: http.post(
                push,
                json=_push_body(
                    _mutation(fields={f"f{i}": {"value": 1, "ver": _hlc()} for i in range(201)})
                ),
                headers=auth,
            ),
            (422,),
        ),
        (
            "unknown key",
            lambda: http.post(push, json={**_push_body(_mutation()), "admin": True}, headers=auth),
            (422,),
        ),
        (
            "another device's batch",
            lambda: http.post(
                push, json=_push_body(_mutation(), device_id="ann-laptop"), headers=auth
            ),
            (403,),
        ),
        (
            "pull for another device",
            lambda: http.post(
                pull,
                json={"device_id": "ann-laptop", "schema_version": WIRE_VERSION},
                headers=auth,
            ),
            (403,),
        ),
        (
            "pull limit 0",
            lambda: http.post(
                pull,
                json={"device_id": "quinn-laptop", "schema_version": WIRE_VERSION, "limit": 0},
                headers=auth,
            ),
            (422,),
        ),
        (
            "negative cursor",
            lambda: http.post(
                pull,
                json={
                    "device_id": "quinn-laptop",
                    "schema_version": WIRE_VERSION,
                    "cursors": {"team:x": -1},
                },
                headers=auth,
            ),
            (422,),
        ),
        (
            "token over 512 characters",
            lambda: http.post(
                push,
                json=_push_body(_mutation()),
                headers={"Authorization": "Bearer " + "a" * 5000},
            ),
            (401,),
        ),
        (
            "header X-Device-Id of another device",
            lambda: http.post(
                push, json=_push_body(_mutation()), headers={**auth, "X-Device-Id": "ann-laptop"}
            ),
            (401,),
        ),
    ]
    for sql in ("x'; DROP TABLE record;--", '1" OR "1"="1', "a b", "%27%20OR%201=1"):
        hostile += [
            (
                f"SQL in entity_id {sql!r}",
                lambda sql=sql: http.post(
                    push, json=_push_body(_mutation(entity_id=sql)), headers=auth
                ),
                (422,),
            ),
            (
                f"SQL in case_id {sql!r}",
                lambda sql=sql: http.post(
                    push, json=_push_body(_mutation(case_id=sql, entity="person")), headers=auth
                ),
                (422,),
            ),
            (
                f"SQL in mutation_id {sql!r}",
                lambda sql=sql: http.post(
                    push, json=_push_body(_mutation(mutation_id=sql)), headers=auth
                ),
                (422,),
            ),
            (
                f"SQL in device_id {sql!r}",
                lambda sql=sql: http.post(
                    push, json=_push_body(_mutation(), device_id=sql), headers=auth
                ),
                (422,),
            ),
            (
                f"SQL in a login {sql!r}",
                lambda sql=sql: http.post(
                    f"{base}/v1/auth/login",
                    json={"username": sql, "password": sql, "device_id": "dx"},
                ),
                (401,),
            ),
        ]
    # Text no database can store: NUL (PostgreSQL refuses it) and a lone surrogate (not UTF-8).
    for bad in ("a\\u0000b", "a\\ud800b"):
        quoted = f'"{bad}"'
        hostile += [
            (
                f"{bad} in a login",
                lambda q=quoted: http.post(
                    f"{base}/v1/auth/login",
                    content=f'{{"username": {q}, "password": "p", "device_id": "d1"}}'.encode(),
                    headers={"Content-Type": "application/json"},
                ),
                (422,),
            ),
            (
                f"{bad} in a device name",
                lambda q=quoted: http.post(
                    f"{base}/v1/auth/login",
                    content=(
                        f'{{"username": "quinn", "password": "p", "device_id": "d2", '
                        f'"device_name": {q}}}'
                    ).encode(),
                    headers={"Content-Type": "application/json"},
                ),
                (401, 422),
            ),
            (
                f"{bad} in a team to share with",
                lambda q=quoted: http.post(
                    f"{base}/v1/cases/{CASE}/shares",
                    content=f'{{"team": {q}}}'.encode(),
                    headers=json_auth,
                ),
                (403, 422),
            ),
            (
                f"{bad} in a wipe report",
                lambda q=quoted: http.post(
                    f"{base}/v1/devices/wipe-report",
                    content=(
                        '{"device_id": "quinn-laptop", "pending_changes": 1, '
                        f'"cases": {{{q}: 1}}}}'
                    ).encode(),
                    headers=json_auth,
                ),
                (409, 422),
            ),
            (
                f"{bad} in a pull cursor",
                lambda q=quoted: http.post(
                    pull,
                    content=(
                        f'{{"device_id": "quinn-laptop", "schema_version": {WIRE_VERSION}, '
                        f'"cursors": {{{q}: 0}}}}'
                    ).encode(),
                    headers=json_auth,
                ),
                (422,),
            ),
        ]
    for path in (
        "/v1/admin/users/a%00b/disable",
        "/v1/admin/devices/a%00b/revoke",
        "/v1/admin/audit?action=a%00b",
        "/v1/cases/abc/shares/a%00b",
    ):
        method = "DELETE" if path.startswith("/v1/cases") else "POST"
        method = "GET" if "audit" in path else method
        hostile.append(
            (
                f"NUL in {path}",
                lambda path=path, method=method: http.request(
                    method, f"{base}{path}", headers=auth
                ),
                (403, 422),
            )
        )
    for path in (
        "/v1/cases/..%2F..%2Fadmin%2Fteams/shares",
        "/v1/cases/%2E%2E/shares",
        "/v1/cases/..;/shares",
        "/v1/cases/%00/shares",
        f"/v1/cases/{CASE}%2F..%2F..%2Fadmin/shares",
        "/v1/cases/" + "a" * 70 + "/shares",
    ):
        hostile.append(
            (
                f"path traversal {path}",
                lambda path=path: _raw(
                    base,
                    f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {target.token}\r\n"
                    "Content-Type: application/json\r\nContent-Length: 15\r\n\r\n"
                    '{"team": "A"}  '.encode(),
                ),
                (403, 404, 422),
            )
        )
    failures = []
    for what, send, statuses in hostile:
        before = state(db)
        try:
            refused(send(), *statuses)
            assert state(db) == before, "the database changed"
        except (AssertionError, ValueError, KeyError) as exc:
            failures.append(f"{what}: {exc!r}"[:400])
    assert failures == [], "\n".join(failures)

    # Broken HTTP framing never reaches the application: uvicorn answers a plain 400 itself.
    before = state(db)
    for length in (b"-5", b"abc", b"5\r\nContent-Length: 6"):
        status, _ = _raw(
            base,
            b"POST /v1/sync/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: " + length + b"\r\n\r\n",
        )
        assert status == 400
    assert state(db) == before

    # Well-formed but refused change by change (answered 200, each change with its reason, and
    # nothing stored but the refusal): an unknown kind of record, text no database can store
    # anywhere in a change, and a mutation id used again for other content.
    seq = 0
    for entity, text in (
        ("no_such_thing", "hostile"),
        ("case_file", "a\\u0000b"),
        ("case_file", "a\\ud800b"),
        ("person", '{"a\\u0000": 1}'),
        ("person", '["x", ["\\udfff"]]'),
    ):
        seq += 1
        m = _mutation(entity=entity, client_seq=seq)
        raw = json.dumps(_push_body(m)).replace(
            '"hostile"', text if text[0] in "[{" else f'"{text}"'
        )
        before = state(db)
        r = http.post(push, content=raw.encode(), headers=json_auth)
        assert r.status_code == 200, r.text
        (res,) = r.json()["results"]
        assert (res["status"], res["code"]) == ("rejected", "invalid"), res
        with db.session() as s:
            assert s.get(Record, m["entity_id"]) is None
        assert state(db)[0][:2] == before[0][:2]  # no record, no change-log entry
    ok = _mutation(client_seq=seq + 1)
    r = http.post(push, json=_push_body(ok), headers=auth)
    assert r.json()["results"][0]["status"] == "applied", r.text
    after_ok = state(db)
    reused = {**_mutation(client_seq=seq + 2), "mutation_id": ok["mutation_id"]}
    r = http.post(push, json=_push_body(reused), headers=auth)
    (res,) = r.json()["results"]
    assert (res["status"], res["code"]) == ("rejected", "reused_id"), res
    assert state(db) == after_ok
    with db.session() as s:
        assert s.get(Record, reused["entity_id"]) is None


# -- nesting depth ---------------------------------------------------------------------------
MAX_DEPTH_TRIED = 300


def _nested(depth: int, kind: str) -> Any:
    """A value ``depth`` arrays (or objects) deep: ``_nested(2, "array") == [["x"]]``."""
    value: Any = "x"
    for _ in range(depth):
        value = [value] if kind == "array" else {"k": value}
    return value


def _body_depth(value: Any) -> int:
    """How deep a request body's arrays and objects nest (the body itself is level 1): worked
    out on the value, independently of the server's scan of the bytes."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend(
                (x, level + 1) for x in (item.values() if isinstance(item, dict) else item)
            )
    return deepest


def test_every_nesting_depth_of_every_body_gets_an_answer_and_never_a_5xx(
    live_server: Any,
    server_db_url: str,
    make_user: Callable[..., str],
    login: Callable[..., dict[str, Any]],
    http: httpx.Client,
) -> None:
    """Depths 1 to 300, arrays and objects, in every JSON-valued place of a push (a field
    value, a field this server does not know, bookkeeping, an audit event's details, a
    resolution's value, and the typed places) and in every other body, as a caseworker, a
    supervisor, a CPS account, an administrator and without a token. A body nested deeper than
    MAX_JSON_DEPTH is refused with 422 too_deep before anything parses it; every shallower one
    is answered as it was before (a push: each change applied or refused with its reason)."""
    target = make_target("caseworker", live_server, server_db_url, make_user, login, http)
    base, db = target.base, target.db
    make_user(db, "sam", role="supervisor", teams=("A",))
    make_user(db, "carla", role="cps", teams=("A",))
    make_user(db, "root", role="admin", teams=())
    devices = {"caseworker": "quinn-laptop", "supervisor": "sam-laptop"}
    devices |= {"cps": "carla-laptop", "admin": "root-laptop"}
    tokens = {"caseworker": str(target.token)}
    for role, user in (("supervisor", "sam"), ("cps", "carla"), ("admin", "root")):
        tokens[role] = login(base, user, device_id=devices[role])["access_token"]
    ann = login(base, "ann", device_id="ann-laptop-2")
    # A conflict on Ann's case, for the supervisor to resolve.
    with db.session() as s:
        rec = s.get(Record, CASE)
        assert rec is not None
        base_ver = rec.fields["summary"]["ver"]
    for who, token, text in (
        (ann, ann["access_token"], "Ann's"),
        (None, tokens["supervisor"], "Sam's"),
    ):
        device = who["device_id"] if who else devices["supervisor"]
        m = {
            **_mutation(entity_id=CASE, case_id=CASE),
            "fields": {"summary": {"value": text, "ver": _hlc(), "base_ver": base_ver}},
        }
        r = http.post(
            f"{base}/v1/sync/push",
            json=_push_body(m, device_id=device),
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.status_code == 200, r.text
    with db.session() as s:
        (conflict_id,) = s.scalars(sa.select(ServerConflict.id))
    seqs = {"supervisor": 1}

    def push_every_place(role: str, value: Any) -> dict[str, Any]:
        device = devices[role]
        first = seqs.get(role, 0) + 1
        ver = _hlc()
        mutations = [
            _mutation(fields={"summary": {"value": value, "ver": ver}}),
            _mutation(
                fields={
                    "summary": {"value": "ok", "ver": ver},
                    "newer_clients_field": {"value": value, "ver": ver},
                }
            ),
            _mutation(fields={"created_by": {"value": value, "ver": ver}}),
            {
                **_mutation(entity="audit_event", case_id="", op="append"),
                "fields": {
                    "device_id": {"value": device, "ver": ver},
                    "details": {"value": value, "ver": ver},
                },
            },
            {
                **_mutation(entity="conflict", entity_id=conflict_id, case_id=CASE, op="resolve"),
                "fields": {},
                "resolve": {"conflict_id": conflict_id, "choice": "value", "value": value},
            },
        ]
        for i, m in enumerate(mutations):
            m["client_seq"] = first + i
        return _push_body(*mutations, device_id=device)

    def typed_places(role: str, value: Any) -> dict[str, Any]:
        m = _mutation(client_seq=value, hlc=value, seen=value, entity=value)
        m["fields"] = {"summary": {"value": "ok", "ver": value, "base_ver": value}}
        return {**_push_body(m, device_id=devices[role]), "schema_version": value}

    def requests(depth: int, kind: str) -> list[tuple[str, str, str, str | None, dict[str, Any]]]:
        v = _nested(depth, kind)
        out: list[tuple[str, str, str, str | None, dict[str, Any]]] = []
        for role in ("caseworker", "supervisor", "cps", "admin"):
            out.append((f"push {role}", "POST", "/v1/sync/push", role, push_every_place(role, v)))
        pulled = {"device_id": devices["cps"], "schema_version": WIRE_VERSION, "cursors": v}
        out += [
            (
                "push typed places",
                "POST",
                "/v1/sync/push",
                "caseworker",
                typed_places("caseworker", v),
            ),
            ("pull", "POST", "/v1/sync/pull", "cps", pulled),
            ("share", "POST", f"/v1/cases/{CASE}/shares", "supervisor", {"team": v}),
            (
                "wipe report",
                "POST",
                "/v1/devices/wipe-report",
                "caseworker",
                {"device_id": devices["caseworker"], "pending_changes": 0, "cases": v},
            ),
            ("add team", "POST", "/v1/admin/teams", "admin", {"name": v}),
            (
                "add user",
                "POST",
                "/v1/admin/users",
                "admin",
                {"username": "u", "password": "p" * 12, "role": "caseworker", "teams": v},
            ),
            ("revoke", "POST", "/v1/admin/devices/nobody/revoke", "admin", {"reason": v}),
            (
                "login",
                "POST",
                "/v1/auth/login",
                None,
                {"username": v, "password": "p", "device_id": "d"},
            ),
            (
                "refresh",
                "POST",
                "/v1/auth/refresh",
                None,
                {"refresh_token": v, "device_id": "d"},
            ),
        ]
        return out

    failures: list[str] = []
    seen: dict[str, set[int]] = {}
    for depth in range(1, MAX_DEPTH_TRIED + 1):
        for kind in ("array", "object"):
            for what, method, path, role, body in requests(depth, kind):
                headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
                r = http.request(method, f"{base}{path}", json=body, headers=headers)
                where = f"{what}, {kind} {depth} deep: HTTP {r.status_code}"
                seen.setdefault(what, set()).add(r.status_code)
                if r.status_code >= 500:
                    failures.append(f"{where} {r.text[:200]}")
                    continue
                answer = r.json() if r.content else {}
                if r.status_code >= 400 and not (answer.get("error") and answer.get("message")):
                    failures.append(f"{where} without error and message")
                too_deep = _body_depth(body) > MAX_JSON_DEPTH
                if too_deep and (r.status_code, answer.get("error")) != (422, "too_deep"):
                    failures.append(f"{where} {answer.get('error')}, not too_deep")
                if not too_deep and answer.get("error") == "too_deep":
                    failures.append(f"{where}: refused as too deep at {_body_depth(body)}")
                if what.startswith("push ") and role and not too_deep and "typed" not in what:
                    if r.status_code != 200:
                        failures.append(f"{where} {r.text[:200]}")
                    else:
                        results = answer["results"]
                        assert len(results) == 5, where
                        seqs[role] = results[-1]["client_seq"]
    assert failures == [], "\n".join(failures[:40])
    print({what: sorted(statuses) for what, statuses in seen.items()})
    # Nothing deeper than the limit reached the database.
    with db.session() as s:
        stored = [r.fields for r in s.scalars(sa.select(Record))]
        history = [h.fields for h in s.scalars(sa.select(FieldHistory))]
    assert max(_body_depth(f) for f in stored + history) <= MAX_JSON_DEPTH
    # And the central store still works for everyone.
    r = http.post(
        f"{base}/v1/sync/pull",
        json={"device_id": devices["supervisor"], "schema_version": WIRE_VERSION},
        headers={"Authorization": f"Bearer {tokens['supervisor']}"},
    )
    assert r.status_code == 200 and r.json()["changes"], r.text
