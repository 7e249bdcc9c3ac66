"""The sync wire protocol, shared by the client (hcdesk.sync) and the central store (hcdesk.server).

JSON over HTTP(S), following reference/SYNC.md §5.5 with these choices:

* **Buckets follow teams.** A case belongs to the bucket of its home team (``team:<id>``) and to
  the share bucket (``share:<id>``) of every team it is shared with. Caseworkers and supervisors
  pull both buckets of each of their teams; CPS liaison accounts pull only share buckets, so they
  see only what was shared with them; administrators pull nothing. Sharing a case writes the
  whole case into the other team's share bucket; unsharing writes a ``remove`` entry there.
* **Every field travels as** ``{"value": ..., "ver": HLC}``; a pushed edit adds ``base_ver``, the
  version the officer's edit replaced (``None`` for a new row).
* **Checksums cover the change stream.** Each change entry has a 63-bit hash
  (:func:`change_hash`); the server keeps, per bucket, the running count and sum (mod 2^63) at
  every sequence number and returns it with each pull page, so a client that skipped or
  mis-applied an entry notices at once and re-reads that bucket from the start.

Requests and responses are pydantic models with size limits, so malformed and hostile input is
refused at the boundary with a 4xx and never reaches the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

PROTOCOL_VERSION = 1
API_PREFIX = "/v1"
MAX_BATCH = 500  # mutations per push
MAX_PULL = 5000  # changes per pull page
DEFAULT_PULL = 2000
MAX_BODY_BYTES = 16 * 1024 * 1024
MAX_JSON_DEPTH = 32  # arrays and objects in a request body (the body itself is one level)
# A version further ahead of the server's wall clock is re-stamped and its device flagged; the
# laptop warns when its own clock is further than this from the server's.
MAX_SKEW_MS = 5 * 60 * 1000
MAX_TEXT = 200_000  # characters in one field value

HEADER_DEVICE = "X-Device-Id"
HEADER_SCHEMA = "X-Schema-Version"
HEADER_CLIENT_HLC = "X-Client-HLC"
HEADER_SERVER_HLC = "X-Server-HLC"
# Which central store answered, and what it holds of this device (reference: docs/sync.md,
# "A restored central store"). Headers rather than body fields, because both sides refuse
# unknown body fields: an older client or server simply does not see them.
#   request (a laptop that has seen a store): the store and generation it last saw, and the
#   highest change number that store acknowledged to it;
#   response (sign-in, refresh, push, pull): the store's identity and generation, this device's
#   last change number the store holds, and how far of it was in the last backup marked.
HEADER_STORE_ID = "X-Store-Id"
HEADER_STORE_GENERATION = "X-Store-Generation"
HEADER_ACKED_SEQ = "X-Acked-Seq"
HEADER_DEVICE_SEQ = "X-Device-Seq"
HEADER_DURABLE_SEQ = "X-Durable-Seq"
_MAX_HEADER_SEQ = 2**62


def header_word(value: str | None) -> str | None:
    """An id from one of those headers (trimmed, at most 36 characters), or None."""
    text = (value or "").strip()
    return text[:36] if text else None


def header_number(value: str | None) -> int | None:
    """A change number from one of those headers, or None when it is missing or not one."""
    try:
        n = int((value or "").strip())
    except ValueError:
        return None
    return n if 0 <= n <= _MAX_HEADER_SEQ else None


@dataclass(frozen=True)
class StoreSeen:
    """What one answer of the central store says about itself and the device it answers."""

    store_id: str
    generation: str
    device_seq: int | None = None
    durable_seq: int | None = None

    def headers(self) -> dict[str, str]:
        out = {HEADER_STORE_ID: self.store_id, HEADER_STORE_GENERATION: self.generation}
        if self.device_seq is not None:
            out[HEADER_DEVICE_SEQ] = str(self.device_seq)
        if self.durable_seq is not None:
            out[HEADER_DURABLE_SEQ] = str(self.durable_seq)
        return out

    @classmethod
    def of(cls, headers: Mapping[str, str]) -> StoreSeen | None:
        """From an answer's headers; None from a store that sends none (an older one)."""
        store_id = header_word(headers.get(HEADER_STORE_ID))
        generation = header_word(headers.get(HEADER_STORE_GENERATION))
        if not store_id or not generation:
            return None
        return cls(
            store_id,
            generation,
            header_number(headers.get(HEADER_DEVICE_SEQ)),
            header_number(headers.get(HEADER_DURABLE_SEQ)),
        )


ROLES = ("caseworker", "supervisor", "cps", "admin")
Role = Literal["caseworker", "supervisor", "cps", "admin"]

Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z._:-]+$")]
# A mutation's case: an Id, or empty for an audit event that belongs to no case.
CaseRef = Annotated[str, StringConstraints(max_length=64, pattern=r"^[0-9A-Za-z._:-]*$")]
# A bucket's name, as the server gave it: "team:<id>" or "share:<id>".
Bucket = Annotated[
    str, StringConstraints(min_length=1, max_length=100, pattern=r"^[0-9A-Za-z._:-]+$")
]
Name = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Ver = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Secret = Annotated[str, StringConstraints(min_length=1, max_length=512)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


def team_bucket(team_id: str) -> str:
    """The cases a team owns."""
    return f"team:{team_id}"


def share_bucket(team_id: str) -> str:
    """The cases other teams have shared with a team."""
    return f"share:{team_id}"


# -- field values -----------------------------------------------------------------------------
class FieldValue(_Model):
    value: Any = None
    ver: Ver | None = None
    base_ver: Ver | None = None


class ResolveBody(_Model):
    """What a supervisor decided for an open conflict."""

    conflict_id: Id
    choice: Literal["winner", "loser", "value"]
    value: Any = None  # when choice == "value": an edited text
    note: Annotated[str, StringConstraints(max_length=2000)] | None = None


# -- auth -----------------------------------------------------------------------------------
class LoginRequest(_Model):
    username: Name
    password: Secret
    device_id: Id
    device_name: Annotated[str, StringConstraints(max_length=120)] = ""
    # The highest client_seq this device has already used (its outbox continues from here).
    client_seq_base: Annotated[int, Field(ge=0, le=2**62)] = 0


class RefreshRequest(_Model):
    refresh_token: Secret
    device_id: Id


class TeamInfo(_Model):
    id: Id
    name: Name


class UserInfo(_Model):
    id: Id
    username: Name
    display_name: str = ""
    role: Role
    teams: list[TeamInfo] = []


class TokenPair(_Model):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the scheme name
    expires_in: int
    refresh_expires_in: int
    user: UserInfo
    server_hlc: str = ""


# -- push -----------------------------------------------------------------------------------
Op = Literal["upsert", "delete", "append", "resolve"]
Status = Literal["applied", "duplicate", "merged", "conflict", "rejected"]


class Mutation(_Model):
    mutation_id: Id
    client_seq: Annotated[int, Field(ge=1, le=2**62)]
    entity: Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[a-z_]+$")]
    entity_id: Id
    case_id: CaseRef
    op: Op
    hlc: Ver
    fields: Annotated[dict[str, FieldValue], Field(max_length=200)] = {}
    # For a delete: the newest version of the row this device had seen from the server, so a
    # delete that overtakes someone else's edit becomes a conflict instead of hiding it.
    seen: Ver | None = None
    resolve: ResolveBody | None = None


class PushRequest(_Model):
    batch_id: Id
    device_id: Id
    schema_version: Annotated[int, Field(ge=0, le=10_000)]
    mutations: Annotated[list[Mutation], Field(min_length=1, max_length=MAX_BATCH)]


class MutationResult(_Model):
    mutation_id: str
    client_seq: int
    status: Status
    canonical: dict[str, FieldValue] = {}
    conflict_ids: list[str] = []
    reason: str | None = None
    code: str | None = None  # forbidden | invalid | gone | reused_id
    bucket_seq: dict[str, int] = {}


class PushResponse(_Model):
    results: list[MutationResult]
    write_checkpoint: dict[str, int] = {}
    server_hlc: str = ""


# -- pull -----------------------------------------------------------------------------------
ChangeOp = Literal["put", "append", "remove", "conflict"]


class Change(_Model):
    bucket: str
    seq: int
    entity: str
    entity_id: str
    case_id: str
    op: ChangeOp
    fields: dict[str, Any] = {}


class Checksum(_Model):
    seq: int
    count: int
    hash: int


class PullRequest(_Model):
    device_id: Id
    schema_version: Annotated[int, Field(ge=0, le=10_000)]
    cursors: Annotated[
        dict[Bucket, Annotated[int, Field(ge=0, le=2**62)]], Field(max_length=500)
    ] = {}
    limit: Annotated[int, Field(ge=1, le=MAX_PULL)] = DEFAULT_PULL


class PullResponse(_Model):
    changes: list[Change]
    cursors: dict[str, int]
    has_more: bool
    buckets: list[str]
    buckets_removed: list[str] = []
    checksums: dict[str, Checksum] = {}
    server_hlc: str = ""


# -- misc -----------------------------------------------------------------------------------
class Meta(_Model):
    protocol: int = PROTOCOL_VERSION
    min_schema: int
    max_schema: int
    max_batch: int = MAX_BATCH
    max_pull: int = MAX_PULL
    max_skew_ms: int = MAX_SKEW_MS
    server_time: str
    server_hlc: str


class Health(_Model):
    status: Literal["ok", "degraded"]
    database: str
    version: str


class WipeReport(_Model):
    """What a revoked device is about to lose: counts per case reference, never content."""

    device_id: Id
    pending_changes: Annotated[int, Field(ge=0)]
    cases: Annotated[dict[str, Annotated[int, Field(ge=0)]], Field(max_length=100_000)] = {}


class ShareRequest(_Model):
    team: Name


class ErrorBody(_Model):
    error: str
    message: str
    expected: int | None = None
    wipe: bool = False
    # Validation errors list what is wrong ({loc, msg, type}; never the input); errors raised
    # as HTTPException carry their original detail.
    detail: Any = None


# -- checksums --------------------------------------------------------------------------------
HASH_MOD = 2**63


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def change_hash(
    bucket: str, seq: int, entity: str, entity_id: str, op: str, fields: dict[str, Any]
) -> int:
    text = f"{bucket}|{seq}|{entity}|{entity_id}|{op}|{canonical_json(fields)}"
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") % HASH_MOD


def request_hash(mutation: Mutation) -> str:
    """Identifies a mutation's content: a mutation id reused with other content is refused."""
    body = mutation.model_dump(mode="json", exclude={"client_seq"})
    # surrogatepass: a lone surrogate (refused later, change by change) must not fail the hash.
    return hashlib.sha256(canonical_json(body).encode("utf-8", "surrogatepass")).hexdigest()
