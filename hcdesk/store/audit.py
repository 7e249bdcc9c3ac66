"""Tamper-evident audit trail: recording events and verifying the hash chain.

Each device numbers its events 1, 2, 3... and each event's hash covers its content and the
previous event's hash. The device's chain head (last seq and hash) is kept beside the chain, so
removing the newest events is detected as well as editing, deleting or reordering any event.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

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


def verify(session: Session) -> Report:
    """Check every device's chain; report every break found."""
    heads = {
        key.split(":", 1)[1]: value
        for key, value in session.execute(
            sa.select(SyncState.key, SyncState.value).where(SyncState.key.like("audit_head:%"))
        ).tuples()
    }
    findings: list[Finding] = []
    count = 0
    devices: set[str] = set()
    rows = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.device_id, AuditEvent.seq))
    current: str | None = None
    expected_seq = 1
    prev = GENESIS
    last: dict[str, tuple[int, str]] = {}
    for ev in rows:
        count += 1
        if ev.device_id != current:
            current, expected_seq, prev = ev.device_id, 1, GENESIS
            devices.add(ev.device_id)
        if ev.seq != expected_seq:
            findings.append(
                Finding(ev.device_id, ev.seq, f"expected event {expected_seq}: events missing")
            )
        if ev.prev_hash != prev:
            findings.append(
                Finding(
                    ev.device_id, ev.seq, "does not follow the event before it (moved or removed)"
                )
            )
        if event_hash(ev) != ev.hash:
            findings.append(
                Finding(ev.device_id, ev.seq, "content was altered after it was written")
            )
        expected_seq = ev.seq + 1
        prev = ev.hash
        last[ev.device_id] = (ev.seq, ev.hash)
    for device, head in heads.items():
        seq_text, _, digest = head.partition(":")
        got = last.get(device)
        if got is None or got != (int(seq_text), digest):
            findings.append(
                Finding(device, None, f"the newest events are missing (head is event {seq_text})")
            )
    return Report(events=count, devices=len(devices | set(heads)), findings=findings)
