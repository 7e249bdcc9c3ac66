"""Case use cases in plain Python. Functions take a Session and never commit: the caller owns
the transaction (``with store.transaction() as s: ...``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.casework.casefile import Changes, SaveResult, check_limits, save_case
from hcdesk.casework.records import CaseFileView, CaseRecord
from hcdesk.errors import HcdeskError, NotFound, UsageError
from hcdesk.models.base import column_defaults, domain_columns, utcnow, uuid7
from hcdesk.models.case import CaseFile, ContactLog, VictimWish
from hcdesk.models.enums import AuditOperation, PersonRole, RecordType
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
    """Open a new case file with a local reference the officer can quote until a URN exists
    (``id=...`` among ``fields`` gives it the id a draft was shown with)."""
    case = CaseFile(local_ref=_next_local_ref(session), record_type=record_type, **fields)
    session.add(case)
    return case


# -- a new case is a draft until it is first saved with its required fields ------------------
@dataclass(frozen=True)
class Required:
    """A field a new case must have before it is created: on the case itself (``part``
    "case") or on its victim ("victim"), with the words a person reads."""

    part: str
    key: str
    label: str


REQUIRED_FOR_NEW_CASE: tuple[Required, ...] = (
    Required("case", "record_type", "record type"),
    Required("victim", "name", "victim's name"),
)


class MissingFields(HcdeskError):
    """A new case was saved without a field it must have: nothing was created."""

    exit_code = 4
    default_message = (
        "Not created yet: a new case needs its record type and the victim's name. Fill them "
        "in, then save."
    )

    def __init__(self, missing: list[Required]) -> None:
        self.missing = missing
        names = ", ".join(f"the {m.label}" for m in missing)
        super().__init__(f"Not created yet: a new case needs {names}. Fill them in, then save.")


def draft_case(
    liaison_officer: str | None = None, **values: Any
) -> tuple[dict[str, Any], CaseFileView]:
    """A new case as the case file shows it before anything is stored: its values (the
    defaults, the officer as its liaison officer, and ``values``: a default protective marking,
    say) and the view to show. Nothing is written until :func:`create_case`."""
    case_id = uuid7()
    baseline: dict[str, Any] = {"record_type": RecordType.HATE_CRIME}
    if liaison_officer:
        baseline["liaison_officer"] = liaison_officer
    baseline.update(values)
    defaults = {key: make for key, make in column_defaults(CaseFile)}
    row: dict[str, Any] = {}
    for column in domain_columns(CaseFile):
        make = defaults.get(column.key)
        row[column.key] = make(None) if make is not None else None
    row.update(baseline)
    row.update(id=case_id, created_at=utcnow(), created_by=liaison_officer or "", local_ref="")
    known: dict[str, Any] = {k: row.get(k) for k in CaseRecord.field_names()}
    record = CaseRecord(**known)
    view = CaseFileView(
        case_id=case_id,
        reference="",
        case=record,
        people=(),
        evidence=(),
        wishes=(),
        assessments=(),
        plans=(),
        actions=(),
        referrals=(),
        contacts=(),
        code_events=(),
        charges=(),
        listings=(),
        bail=(),
        applications=(),
        interviews=(),
        signoffs=(),
        consents=(),
        acknowledgements=(),
        history=(),
    )
    return baseline, view


def missing_for_new_case(baseline: Mapping[str, Any], changes: Changes) -> list[Required]:
    """What a new case still lacks before it may be created: a required field of the case
    that is empty, and the victim's name unless a victim with a name is among ``changes``."""
    values = {**baseline, **changes.case}
    victims = [
        v for table, v in changes.new if table == "person" and v.get("role") == PersonRole.VICTIM
    ]
    missing: list[Required] = []
    for need in REQUIRED_FOR_NEW_CASE:
        if need.part == "case":
            given = values.get(need.key)
        else:
            given = next((v.get(need.key) for v in victims if v.get(need.key)), None)
        if given is None or (isinstance(given, str) and not given.strip()):
            missing.append(need)
    return missing


def create_case(
    session: Session, case_id: str, baseline: Mapping[str, Any], changes: Changes
) -> SaveResult:
    """A case created by its first save: ``baseline`` (from :func:`draft_case`) with the
    changes typed on the draft, checked and written together in the caller's transaction.
    Raises :class:`MissingFields`, and writes nothing, if a required field is missing."""
    missing = missing_for_new_case(baseline, changes)
    if missing:
        raise MissingFields(missing)
    values = {**baseline, **changes.case}
    check_limits(CaseFile, values)
    record_type = values.pop("record_type")
    case = new_case(session, record_type, id=case_id, **values)
    session.flush()
    rest = Changes(new=list(changes.new), updates=list(changes.updates))
    return save_case(session, case.id, rest)


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


# -- a case opened by mistake is voided, never deleted -----------------------------------------
VOID_REASON_LIMIT = 500


class AlreadyVoided(UsageError):
    default_message = "That case is voided already; nothing was changed."


def is_voided(case: Any) -> bool:
    """Whether a case (a CaseFile, or a record of one) was voided: it is not work any more."""
    return getattr(case, "voided_at", None) is not None


def live_cases() -> sa.ColumnElement[bool]:
    """The cases that count as work, for a query of case_file: neither deleted nor voided."""
    return sa.and_(CaseFile.deleted.is_(False), CaseFile.voided_at.is_(None))


def void_case(
    session: Session, case_id: str, reason: str, by: str, *, at: dt.datetime | None = None
) -> CaseFile:
    """Void a case opened by mistake, with the reason (required), who and when. The case stays
    in the store, and its change travels like any other (audited and synced); it leaves the
    case list and every count of work. Raises :class:`UsageError` without a reason."""
    text = (reason or "").strip()
    if not text:
        raise UsageError("Give the reason the case is voided; it is recorded on the case.")
    if len(text) > VOID_REASON_LIMIT:
        raise UsageError(
            f"Keep the reason to {VOID_REASON_LIMIT} characters or fewer; nothing was changed."
        )
    case = session.get(CaseFile, case_id)
    if case is None or case.deleted:
        raise NotFound("That case is no longer in this store; nothing was changed.")
    if is_voided(case):
        raise AlreadyVoided(
            f"Case {case.reference} was voided already ({case.voided_reason}); nothing was "
            "changed."
        )
    case.voided_reason = text
    case.voided_at = at or utcnow()
    case.voided_by = by
    case.updated_at = utcnow()
    session.flush()
    return case
