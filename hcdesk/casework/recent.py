"""The cases opened most recently in the case file, newest first, for File → Recent.

Kept as case ids inside the encrypted store (a ``sync_state`` row, a local fact of this device
that never travels), like the case to reopen after unlocking: nothing about a case, not even
its reference, goes into the plain settings file. The menu shows each case by its reference
only, never by the victim's name.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.models.case import CaseFile
from hcdesk.models.sync import SyncState

RECENT_KEY = "ui.recent_cases"
RECENT_LIMIT = 8


def _ids(session: Session) -> list[str]:
    with session.no_autoflush:
        row = session.get(SyncState, RECENT_KEY)
    if row is None:
        return []
    try:
        ids = json.loads(row.value)
    except ValueError:
        return []
    return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []


def _keep(session: Session, ids: list[str]) -> None:
    with session.no_autoflush:
        row = session.get(SyncState, RECENT_KEY)
    value = json.dumps(ids[:RECENT_LIMIT])
    if row is None:
        session.add(SyncState(key=RECENT_KEY, value=value))
        session.flush()  # found by the next get() in this transaction
    elif row.value != value:
        row.value = value


def remember_recent(session: Session, case_id: str) -> None:
    """Put ``case_id`` first among the recent cases (the caller's transaction)."""
    _keep(session, [case_id, *(i for i in _ids(session) if i != case_id)])


def forget_recent(session: Session, case_id: str) -> None:
    """Take a case off the recent cases (it was voided)."""
    ids = _ids(session)
    if case_id in ids:
        _keep(session, [i for i in ids if i != case_id])


def recent_cases(session: Session) -> list[tuple[str, str]]:
    """(case id, reference) of the recent cases still live in this store, newest first:
    at most :data:`RECENT_LIMIT`; a deleted or voided case is left out."""
    ids = _ids(session)
    if not ids:
        return []
    rows = session.execute(
        sa.select(CaseFile.id, CaseFile.urn, CaseFile.local_ref).where(
            CaseFile.id.in_(ids), CaseFile.deleted.is_(False), CaseFile.voided_at.is_(None)
        )
    ).all()
    refs = {r.id: r.urn or r.local_ref for r in rows}
    return [(i, refs[i]) for i in ids if i in refs][:RECENT_LIMIT]
