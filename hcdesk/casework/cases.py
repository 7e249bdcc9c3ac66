"""Case use cases in plain Python. Functions take a Session and never commit: the caller owns
the transaction (``with store.transaction() as s: ...``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.errors import NotFound
from hcdesk.models.base import utcnow
from hcdesk.models.case import CaseFile, ContactLog, VictimWish
from hcdesk.models.enums import AuditOperation, RecordType
from hcdesk.models.sync import SyncState
from hcdesk.store import audit


def _next_local_ref(session: Session) -> str:
    with session.no_autoflush:
        counter = session.get(SyncState, "local_ref_counter")
        node = session.get(SyncState, "node_id")
    n = int(counter.value) + 1 if counter else 1
    if counter is None:
        session.add(SyncState(key="local_ref_counter", value=str(n)))
    else:
        counter.value = str(n)
    prefix = (node.value[:4] if node else "0000").upper()
    return f"L-{prefix}-{n:05d}"


def new_case(session: Session, record_type: RecordType, **fields: Any) -> CaseFile:
    """Open a new case file with a local reference the officer can quote until a URN exists."""
    case = CaseFile(local_ref=_next_local_ref(session), record_type=record_type, **fields)
    session.add(case)
    return case


def find_case(session: Session, reference: str) -> CaseFile:
    """The live case whose URN, local reference, crime reference or id is ``reference``."""
    ref = reference.strip()
    if not ref:
        raise NotFound("Give a case reference (its URN, or its local reference).")
    case = session.scalars(
        sa.select(CaseFile)
        .where(
            CaseFile.deleted.is_(False),
            sa.or_(
                CaseFile.urn == ref,
                CaseFile.local_ref == ref,
                CaseFile.id == ref.lower(),
                CaseFile.crime_reference == ref,
            ),
        )
        .limit(2)
    ).all()
    if not case:
        raise NotFound(f"No case with the reference {ref} is in this store.")
    if len(case) > 1:
        raise NotFound(f"More than one case matches {ref}; use the case's URN or local reference.")
    return case[0]


def open_case(session: Session, reference: str, reason: str | None = None) -> CaseFile:
    """Find a case and record the consultation in the audit trail."""
    case = find_case(session, reference)
    audit.record(
        session,
        AuditOperation.CONSULTATION,
        case_id=case.id,
        entity="case_file",
        record_id=case.id,
        reason=reason,
    )
    return case


def record_wish(
    session: Session,
    case: CaseFile,
    victim_words: str,
    *,
    recorded_by: str,
    confirmed_with_victim: bool = False,
    recorded_at: dt.datetime | None = None,
    **fields: Any,
) -> VictimWish:
    """Add a dated entry to the victim's wishes in their words; earlier entries stay as they are."""
    wish = VictimWish(
        case_id=case.id,
        victim_words=victim_words,
        recorded_by=recorded_by,
        confirmed_with_victim=confirmed_with_victim,
        recorded_at=recorded_at or utcnow(),
        **fields,
    )
    session.add(wish)
    return wish


def log_contact(session: Session, case: CaseFile, **fields: Any) -> ContactLog:
    entry = ContactLog(case_id=case.id, **fields)
    session.add(entry)
    return entry
