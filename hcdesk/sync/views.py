"""What the desktop and ``hcdesk sync --status`` show of sync: the status, each case's sync
state, the conflicts (and a supervisor's decision on one, sent by the next sync) and the
quarantine. Everything here reads the local store only; nothing reaches the network.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pydantic
import sqlalchemy as sa

from hcdesk.errors import NotFound, UsageError, ValidationFailed
from hcdesk.models.base import uuid7
from hcdesk.models.case import CaseFile
from hcdesk.models.enums import AuditOperation
from hcdesk.models.sync import Conflict, Outbox, OutboxOp, OutboxState, Quarantine
from hcdesk.store import audit, tracking
from hcdesk.store.outbox import Resolve
from hcdesk.store.store import Store
from hcdesk.sync import epoch, local, state
from hcdesk.sync import push as push_mod
from hcdesk.sync.pull import load_buckets
from hcdesk.wire import protocol as p
from hcdesk.wire.protocol import UserInfo
from hcdesk.wire.registry import ENTITIES, Skip, decode
from hcdesk.wire.version import WIRE_VERSION

OUTBOX: sa.Table = Outbox.__table__  # type: ignore[assignment]
# The outbox's state, written so that SQLite cannot answer a filter on it from the state index:
# looking cases up by case_id is far narrower than every unsent (or every acked) entry.
_NOT_BY_STATE = OUTBOX.c.state + ""
_CONFLICT: sa.Table = Conflict.__table__  # type: ignore[assignment]
_QUARANTINE: sa.Table = Quarantine.__table__  # type: ignore[assignment]
_CASE: sa.Table = CaseFile.__table__  # type: ignore[assignment]
CONFIRMED_UPTO = "sync.confirmed_upto"  # acked entries up to this client_seq are pulled back


@dataclass(frozen=True)
class SyncStatus:
    pending: int  # changes not yet sent
    inflight: int  # sent (or ready to send) but not yet acknowledged
    quarantined: int
    open_conflicts: int
    last_success_at: dt.datetime | None
    last_error: str | None
    server_url: str | None
    username: str | None
    role: str | None
    online: bool  # the last attempt reached the central store
    configured: bool
    restore_notice: str | None = None  # the last time the central store was found restored


@dataclass(frozen=True)
class ConflictSide:
    value: Any
    ver: str
    author: str
    at: str
    device_id: str = ""
    edits: dict[str, Any] | None = None  # a delete conflict: the edits the delete hid


@dataclass(frozen=True)
class ConflictView:
    id: str
    case_id: str
    case_ref: str
    entity: str
    entity_id: str
    field: str
    field_label: str
    policy: str  # scalar | narrative | delete
    winner: ConflictSide
    loser: ConflictSide
    status: str  # open | resolved
    base: Any = None
    resolution: dict[str, Any] | None = None
    resolving: bool = False  # a resolution made here is waiting to be sent


@dataclass(frozen=True)
class QuarantineView:
    mutation_id: str
    case_id: str
    case_ref: str
    entity: str
    entity_id: str
    code: str
    reason: str
    http_status: int | None
    created_at: dt.datetime | None
    fields: list[str]
    payload: dict[str, Any]


def user_of(creds: dict[str, str]) -> UserInfo | None:
    """The signed-in officer as the central store described them at the last sign-in."""
    try:
        return UserInfo.model_validate_json(creds.get(state.USER, ""))
    except pydantic.ValidationError:
        return None


def status(store: Store) -> SyncStatus:
    with local.read(store) as conn:
        creds = state.read(conn)
        counts: dict[str, int] = dict(
            conn.execute(
                sa.select(OUTBOX.c.state, sa.func.count())
                .where(OUTBOX.c.state.in_(push_mod.ACTIVE))
                .group_by(OUTBOX.c.state)
            ).all()
        )
        quarantined = conn.scalar(sa.select(sa.func.count()).select_from(_QUARANTINE)) or 0
        conflicts = (
            conn.scalar(
                sa.select(sa.func.count())
                .select_from(_CONFLICT)
                .where(_CONFLICT.c.status == "open")
            )
            or 0
        )
    user = user_of(creds)
    return SyncStatus(
        pending=int(counts.get(OutboxState.PENDING, 0)),
        inflight=int(counts.get(OutboxState.INFLIGHT, 0)),
        quarantined=int(quarantined),
        open_conflicts=int(conflicts),
        last_success_at=_parse_iso(creds.get(state.LAST_SUCCESS)),
        last_error=creds.get(state.LAST_ERROR),
        server_url=creds.get(state.SERVER_URL),
        username=creds.get(state.USERNAME),
        role=user.role if user else None,
        online=creds.get(state.ONLINE) == "1",
        configured=bool(creds.get(state.SERVER_URL) and creds.get(state.REFRESH)),
        restore_notice=creds.get(epoch.RESTORE_NOTICE),
    )


def case_states(store: Store, case_ids: Sequence[str]) -> dict[str, str]:
    """Per case: ``local`` (changes not yet acknowledged), ``sent`` (acknowledged, but not yet
    read back from the central store) or ``confirmed``."""
    ids = list(dict.fromkeys(case_ids))
    out = dict.fromkeys(ids, "confirmed")
    if not ids:
        return out
    with local.read(store) as conn:
        cursors = {b: s.seq for b, s in load_buckets(conn).items()}
        facts = state.read(conn, [CONFIRMED_UPTO, state.USER])
        upto = int(facts.get(CONFIRMED_UPTO, "0") or 0)
        # Buckets this officer reads (an ack may also name other teams' buckets of a
        # shared case, which never come back here).
        user = user_of(facts)
        for team in user.teams if user else []:
            cursors.setdefault(p.team_bucket(team.id), 0)
            cursors.setdefault(p.share_bucket(team.id), 0)
        # Audit events (opening a case records one) are not changes to the case.
        case_change = OUTBOX.c.entity != "audit_event"
        for chunk in push_mod.chunks(ids):
            for (cid,) in conn.execute(
                sa.select(OUTBOX.c.case_id)
                .where(
                    OUTBOX.c.case_id.in_(chunk),
                    _NOT_BY_STATE.in_(push_mod.ACTIVE),
                    case_change,
                )
                .distinct()
            ):
                out[cid] = "local"
            rest = [c for c in chunk if out[c] != "local"]
            if not rest:
                continue
            for cid, result in conn.execute(
                sa.select(OUTBOX.c.case_id, OUTBOX.c.server_result).where(
                    OUTBOX.c.case_id.in_(rest),
                    _NOT_BY_STATE == OutboxState.ACKED,
                    OUTBOX.c.client_seq > upto,
                    case_change,
                )
            ):
                seqs = (result or {}).get("bucket_seq") or {}
                if any(b in cursors and s > cursors[b] for b, s in seqs.items()):
                    out[cid] = "sent"
    return out


# -- conflicts -------------------------------------------------------------------------------------
def conflicts(
    store: Store, case_id: str | None = None, include_resolved: bool = False
) -> list[ConflictView]:
    stmt = sa.select(_CONFLICT).order_by(_CONFLICT.c.created_at, _CONFLICT.c.id)
    if case_id is not None:
        stmt = stmt.where(_CONFLICT.c.case_id == case_id)
    if not include_resolved:
        stmt = stmt.where(_CONFLICT.c.status == "open")
    with local.read(store) as conn:
        rows = conn.execute(stmt).all()
        refs = case_refs(conn, [r.case_id for r in rows])
        resolving = set(
            conn.scalars(
                sa.select(OUTBOX.c.entity_id).where(
                    OUTBOX.c.op == OutboxOp.RESOLVE, OUTBOX.c.state.in_(push_mod.ACTIVE)
                )
            )
        )
    views = []
    for r in rows:
        entity = ENTITIES.get(r.entity)
        views.append(
            ConflictView(
                id=r.id,
                case_id=r.case_id,
                case_ref=refs.get(r.case_id, ""),
                entity=r.entity,
                entity_id=r.entity_id,
                field=r.field,
                field_label=entity.label(r.field) if entity else r.field.replace("_", " "),
                policy=r.policy or "scalar",
                winner=_side(r.winner),
                loser=_side(r.loser),
                status=r.status,
                base=r.base,
                resolution=r.resolution,
                resolving=r.id in resolving,
            )
        )
    return views


def resolve(store: Store, conflict_id: str, choice: str, value: Any = None, note: str = "") -> None:
    """Record a supervisor's decision on a conflict; the next sync sends it."""
    if choice not in ("winner", "loser", "value"):
        raise UsageError("Choose 'winner', 'loser' or 'value'.")
    with local.read(store) as conn:
        user = user_of(state.read(conn))
    if user is None or user.role != "supervisor":
        raise UsageError("Only a supervisor can resolve a sync conflict.")
    with store.transaction(reason="sync conflict resolved") as s:
        c = s.get(Conflict, conflict_id)
        if c is None:
            raise NotFound("There is no such conflict in this profile.")
        if c.status != "open":
            raise UsageError("This conflict has already been resolved.")
        waiting = s.scalar(
            sa.select(sa.func.count())
            .select_from(Outbox)
            .where(
                Outbox.entity_id == conflict_id,
                Outbox.op == OutboxOp.RESOLVE,
                Outbox.state.in_(push_mod.ACTIVE),
            )
        )
        if waiting:
            raise UsageError("A decision on this conflict is already waiting to be sent.")
        entity = ENTITIES.get(c.entity)
        if choice == "value":
            if c.policy == "delete":
                if not isinstance(value, bool):
                    raise UsageError("Choose whether the record stays deleted (true/false).")
            elif entity is not None and c.field in entity.fields:
                try:
                    decode(entity, c.field, value)
                except Skip as exc:
                    raise ValidationFailed(
                        [f"{entity.label(c.field)}: {exc}"], "The chosen value"
                    ) from None
        body: dict[str, Any] = {"conflict_id": c.id, "choice": choice, "value": value}
        if note:
            body["note"] = note[:2000]
        try:
            p.ResolveBody(**body)
        except pydantic.ValidationError:
            raise UsageError("That decision cannot be sent.") from None
        s.add(
            Outbox(
                mutation_id=uuid7(),
                entity="conflict",
                entity_id=c.id,
                case_id=c.case_id,
                op=OutboxOp.RESOLVE,
                payload=Resolve(c.id, choice, value, body.get("note")).encode(),
                schema_version=WIRE_VERSION,
                hlc=tracking.next_version(s, store),
                state=OutboxState.PENDING,
                attempts=0,
            )
        )
        audit.record(
            s,
            AuditOperation.ALTERATION,
            case_id=c.case_id,
            entity=c.entity,
            record_id=c.entity_id,
            details={"resolved_conflict": c.id, "field": c.field, "choice": choice},
        )


# -- the quarantine --------------------------------------------------------------------------------
def quarantine(store: Store) -> list[QuarantineView]:
    with local.read(store) as conn:
        rows = conn.execute(sa.select(_QUARANTINE).order_by(_QUARANTINE.c.created_at)).all()
        refs = case_refs(conn, [r.case_id for r in rows if r.case_id])
    out = []
    for r in rows:
        payload = r.payload if isinstance(r.payload, dict) else {}
        out.append(
            QuarantineView(
                mutation_id=r.mutation_id,
                case_id=r.case_id or "",
                case_ref=refs.get(r.case_id or "", ""),
                entity=r.entity or str(payload.get("entity", "")),
                entity_id=r.entity_id or str(payload.get("entity_id", "")),
                code=r.code or "",
                reason=r.reason,
                http_status=r.http_status,
                created_at=r.created_at,
                fields=sorted((payload.get("fields") or {}).keys()),
                payload=payload,
            )
        )
    return out


# -- shared reads ----------------------------------------------------------------------------------
def count_active(conn: sa.Connection) -> int:
    """Changes not yet acknowledged by the central store."""
    return int(
        conn.scalar(
            sa.select(sa.func.count())
            .select_from(OUTBOX)
            .where(OUTBOX.c.state.in_(push_mod.ACTIVE))
        )
        or 0
    )


def case_refs(conn: sa.Connection, case_ids: Sequence[str]) -> dict[str, str]:
    """The reference officers know each case by: its URN, or else its local reference."""
    out: dict[str, str] = {}
    ids = sorted({c for c in case_ids if c})
    for chunk in push_mod.chunks(ids):
        for cid, urn, local_ref in conn.execute(
            sa.select(_CASE.c.id, _CASE.c.urn, _CASE.c.local_ref).where(_CASE.c.id.in_(chunk))
        ):
            out[cid] = urn or local_ref
    return out


def _side(data: Any) -> ConflictSide:
    d = data if isinstance(data, dict) else {}
    edits = d.get("edits")
    return ConflictSide(
        value=d.get("value"),
        ver=str(d.get("ver") or ""),
        author=str(d.get("author") or ""),
        at=str(d.get("at") or ""),
        device_id=str(d.get("device_id") or ""),
        edits=edits if isinstance(edits, dict) else None,
    )


def _parse_iso(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
