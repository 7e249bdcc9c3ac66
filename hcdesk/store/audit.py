"""Tamper-evident audit trail: recording events and verifying the hash chain.

Each device numbers its events 1, 2, 3... and each event's hash covers its content and the
previous event's hash. The device's chain head (last seq and hash) is kept beside the chain, so
removing the newest events is detected as well as editing, deleting or reordering any event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.models.audit import AuditEvent
from hcdesk.models.base import uuid7
from hcdesk.models.enums import AuditOperation
from hcdesk.models.sync import SyncState

GENESIS = "0" * 64


def head_key(device_id: str) -> str:
    return f"audit_head:{device_id}"


def event_hash(ev: AuditEvent) -> str:
    body = [
        ev.id,
        ev.device_id,
        ev.seq,
        ev.occurred_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        ev.actor,
        str(ev.operation),
        ev.case_id,
        ev.entity,
        ev.record_id,
        ev.reason,
        ev.recipient,
        ev.details,
        ev.created_hlc,
        ev.prev_hash,
    ]
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(
    session: Session,
    operation: AuditOperation,
    *,
    case_id: str | None = None,
    entity: str | None = None,
    record_id: str | None = None,
    reason: str | None = None,
    recipient: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session; it is numbered and chained when the session flushes."""
    ev = AuditEvent(
        id=uuid7(),
        operation=operation,
        case_id=case_id,
        entity=entity,
        record_id=record_id,
        reason=reason if reason is not None else session.info.get("reason"),
        recipient=recipient,
        details=details or {},
    )
    session.add(ev)
    return ev


@dataclass
class Finding:
    device_id: str
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f"event {self.seq}" if self.seq is not None else "chain"
        return f"device {self.device_id[:8]} {where}: {self.problem}"


@dataclass
class Report:
    events: int
    devices: int
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not self.findings


def _read_events(session: Session) -> Iterator[tuple[Any, AuditEvent | None]]:
    """Every event, oldest first per device, as the raw row and as decoded values.

    Rows are read as stored and decoded one by one, exactly as the ORM would decode them, so
    an event altered into something unreadable (an unknown operation, a time or details that
    do not parse) is reported as altered instead of stopping the check. The decoded event is
    ``None`` for such a row.
    """
    table = AuditEvent.__table__
    dialect = session.get_bind().dialect
    decoders = {c.key: c.type.result_processor(dialect, None) for c in table.columns}
    raw_columns = [sa.type_coerce(c, sa.types.NullType()).label(c.key) for c in table.columns]
    rows = session.execute(sa.select(*raw_columns).order_by(table.c.device_id, table.c.seq))
    for row in rows:
        values = dict(row._mapping)
        try:
            if not isinstance(values["seq"], int) or isinstance(values["seq"], bool):
                raise ValueError("seq is not a number")
            decoded = {}
            for key, value in values.items():
                decode = decoders[key]
                decoded[key] = decode(value) if decode is not None and value is not None else value
        except (ValueError, LookupError, TypeError):
            yield SimpleNamespace(**values), None
            continue
        yield SimpleNamespace(**values), cast(AuditEvent, SimpleNamespace(**decoded))


def verify(session: Session) -> Report:
    """Check every device's chain; report every break found.

    This device's own chain (it has a chain head) must be complete. Other devices' events
    arrive through sync only for the cases this device may read, so their chains have gaps:
    there, a missing number is not a finding, but an event whose hash does not match its
    content is, and so is a broken link between two consecutive events that are both here.
    """
    heads = {
        key.split(":", 1)[1]: value
        for key, value in session.execute(
            sa.select(SyncState.key, SyncState.value).where(SyncState.key.like("audit_head:%"))
        )
    }
    findings: list[Finding] = []
    count = 0
    devices: set[str] = set()
    current: str | None = None
    expected_seq = 1
    prev = GENESIS
    last: dict[str, tuple[int | None, str]] = {}
    partial = False  # another device's chain: this store holds only the events it may see
    for row, ev in _read_events(session):
        count += 1
        seq = row.seq if isinstance(row.seq, int) else None
        if row.device_id != current:
            current, expected_seq, prev = row.device_id, 1, GENESIS
            devices.add(row.device_id)
            partial = row.device_id not in heads
        linked = True
        if seq != expected_seq:
            if partial and seq is not None and seq > expected_seq:
                # Events about cases this device cannot see never arrive: a gap, not a break.
                # Each event's own hash is still checked, and links where neighbours are here.
                linked = False
            else:
                findings.append(
                    Finding(row.device_id, seq, f"expected event {expected_seq}: events missing")
                )
        if linked and row.prev_hash != prev:
            findings.append(
                Finding(
                    row.device_id, seq, "does not follow the event before it (moved or removed)"
                )
            )
        if ev is None:
            findings.append(
                Finding(row.device_id, seq, "cannot be read: it was altered after it was written")
            )
        elif event_hash(ev) != row.hash:
            findings.append(Finding(row.device_id, seq, "content was altered after it was written"))
        expected_seq = (seq if seq is not None else expected_seq) + 1
        prev = row.hash
        last[row.device_id] = (seq, row.hash)
    for device, head in heads.items():
        seq_text, _, digest = head.partition(":")
        got = last.get(device)
        head_seq = int(seq_text) if seq_text.isdigit() else None
        if got is None or head_seq is None or got != (head_seq, digest):
            findings.append(
                Finding(device, None, f"the newest events are missing (head is event {seq_text})")
            )
    return Report(events=count, devices=len(devices | set(heads)), findings=findings)
