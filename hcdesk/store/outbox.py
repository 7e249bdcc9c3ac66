"""What an outbox entry carries (reference/SYNC.md §5.3), typed.

An entry's ``payload`` column holds one of these, as JSON; :func:`encode_payload` and
:func:`decode_payload` are the one way between the two. A save writes a *change*:

* :class:`Snapshot`: a new row; the push sends the row's fields that still carry its version;
* :class:`FieldEdits`: edits of some fields of a row (a delete is an edit of ``deleted``);
* :class:`AuditAppend`: an audit event, with the values recorded with it;
* :class:`Resolve`: a supervisor's decision on a sync conflict.

Before its first send the push *freezes* the entry (hcdesk/sync/push.py): the payload becomes a
:class:`Frozen`, which keeps the change it came from, the mutation body exactly as it is sent
(every resend sends those bytes) and what the entry hands on to the next edits of its fields.

The JSON of each (the stored form, which existing stores hold):

* ``{"snapshot": true, "ver": V}``
* ``{FIELD: {"value": X, "ver": V, "base_ver": B[, "base_value": Y]}, ...}``
* ``{"values": {COLUMN: X, ...}, "ver": V}``
* ``{"resolve": {"conflict_id": C, "choice": W, "value": X[, "note": N]}}``
* ``{"source": CHANGE, "frozen": MUTATION, "carry": {FIELD: {"base": B, "held": H}, ...}}``
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hcdesk.models.base import uuid7
from hcdesk.models.sync import OutboxOp, OutboxState
from hcdesk.wire.version import WIRE_VERSION


class _Absent:
    """The value of :attr:`FieldEdit.base_value` when the edit did not keep one."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A new row: sent as its fields that still carry ``ver`` (the row's creation version)."""

    ver: str | None

    def encode(self) -> dict[str, Any]:
        return {"snapshot": True, "ver": self.ver}


@dataclass(frozen=True, slots=True)
class FieldEdit:
    """One edited field: its new (wire-encoded) value, the version the edit gave it and the
    version the officer saw (``base_ver``). While the row's snapshot is unsent, an edit of a
    field still at its created version keeps the value it replaced (``base_value``), so the
    snapshot can send the row as created."""

    value: Any
    ver: str | None
    base_ver: str | None
    base_value: Any = ABSENT

    @property
    def has_base_value(self) -> bool:
        return self.base_value is not ABSENT

    def encode(self) -> dict[str, Any]:
        out = {"value": self.value, "ver": self.ver, "base_ver": self.base_ver}
        if self.has_base_value:
            out["base_value"] = self.base_value
        return out

    @classmethod
    def decode(cls, data: dict[str, Any]) -> FieldEdit:
        base_value = data.get("base_value", ABSENT)
        return cls(data.get("value"), data.get("ver"), data.get("base_ver"), base_value)


@dataclass(frozen=True, slots=True)
class FieldEdits:
    """Edits of some fields of one row, in one save."""

    fields: dict[str, FieldEdit]

    def encode(self) -> dict[str, Any]:
        return {name: edit.encode() for name, edit in self.fields.items()}


@dataclass(frozen=True, slots=True)
class AuditAppend:
    """An audit event: its columns as recorded (wire-encoded) and its version."""

    values: dict[str, Any]
    ver: str | None

    def encode(self) -> dict[str, Any]:
        return {"values": self.values, "ver": self.ver}


@dataclass(frozen=True, slots=True)
class Resolve:
    """A supervisor's decision on a conflict (the fields of the wire's ResolveBody)."""

    conflict_id: str
    choice: str
    value: Any = None
    note: str | None = None

    def encode(self) -> dict[str, Any]:
        body = {"conflict_id": self.conflict_id, "choice": self.choice, "value": self.value}
        if self.note is not None:
            body["note"] = self.note
        return {"resolve": body}


Change = Snapshot | FieldEdits | AuditAppend | Resolve


@dataclass(frozen=True, slots=True)
class Carry:
    """What a frozen entry hands on for a field it did not send: the ``base_ver`` to give the
    next edit of it, and (``held``) the newest version of it the server holds already."""

    base: str | None
    held: str | None

    def encode(self) -> dict[str, Any]:
        return {"base": self.base, "held": self.held}


@dataclass(frozen=True, slots=True)
class Frozen:
    """An entry prepared for sending: the change it came from, the mutation body exactly as it
    is sent (and sent again), and what it carries forward per field."""

    source: Change
    body: dict[str, Any]
    carry: dict[str, Carry] = field(default_factory=dict)

    def encode(self) -> dict[str, Any]:
        return {
            "source": self.source.encode(),
            "frozen": self.body,
            "carry": {name: c.encode() for name, c in self.carry.items()},
        }


Payload = Change | Frozen


def encode_payload(payload: Payload) -> dict[str, Any]:
    """The stored (JSON) form of a payload."""
    return payload.encode()


def decode_payload(op: str, data: Any) -> Payload:
    """A payload from its stored form; ``op`` is the entry's operation."""
    if not isinstance(data, dict):
        data = {}
    frozen = data.get("frozen")
    if isinstance(frozen, dict):
        carry = data.get("carry")
        return Frozen(
            _change(op, data.get("source")),
            frozen,
            {
                name: Carry(c.get("base"), c.get("held"))
                for name, c in (carry if isinstance(carry, dict) else {}).items()
                if isinstance(c, dict)
            },
        )
    return _change(op, data)


def _change(op: str, data: Any) -> Change:
    if not isinstance(data, dict):
        data = {}
    if op == OutboxOp.RESOLVE:
        body = data.get("resolve")
        body = body if isinstance(body, dict) else {}
        return Resolve(
            str(body.get("conflict_id") or ""),
            str(body.get("choice") or ""),
            body.get("value"),
            body.get("note"),
        )
    if data.get("snapshot"):
        return Snapshot(data.get("ver"))
    if op == OutboxOp.APPEND:
        values = data.get("values")
        return AuditAppend(values if isinstance(values, dict) else {}, data.get("ver"))
    return FieldEdits(
        {name: FieldEdit.decode(fv) for name, fv in data.items() if isinstance(fv, dict)}
    )


def source_of(payload: Payload) -> Change:
    """The change a payload stands for, frozen or not."""
    return payload.source if isinstance(payload, Frozen) else payload


def new_entry(
    *,
    entity: str,
    entity_id: str,
    case_id: str,
    op: OutboxOp,
    change: Change,
    hlc: str,
    created_at: dt.datetime,
) -> dict[str, Any]:
    """The columns of a new (pending) outbox entry."""
    return {
        "mutation_id": uuid7(),
        "entity": entity,
        "entity_id": entity_id,
        "case_id": case_id,
        "op": op,
        "payload": change.encode(),
        "schema_version": WIRE_VERSION,
        "hlc": hlc,
        "state": OutboxState.PENDING,
        "attempts": 0,
        "created_at": created_at,
    }
