"""The pre-flight check before a court summary is exported: the contradictions on a case file
that a prosecutor would put the summary down for, listed for the officer to fix or acknowledge.

Each check is one rule with a code (``Finding.check``). A finding is either one the officer
must fix before a summary can be exported (``blocking``), or one they may acknowledge with a
reason; an acknowledgement is recorded on the case (``preflight_acknowledgement``, synced with
the rest of it) and silences that finding, worded as it was, for later exports. If the facts
change, the finding's words change, and it must be acknowledged again.

Qt-free: the export dialog, the CLI and the export service all call :func:`check_case` and
:func:`outstanding`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from hcdesk.casework.casefile import CaseSnapshot
from hcdesk.errors import UsageError
from hcdesk.models.case import PreflightAcknowledgement


@dataclass(frozen=True)
class Finding:
    """One contradiction on the case file. ``check``: the rule's code; ``message``: what is
    wrong and what to do, for the officer; ``blocking``: it must be fixed, not acknowledged."""

    check: str
    message: str
    blocking: bool = False


Check = Callable[[CaseSnapshot], Iterable[Finding]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    """Register a pre-flight rule."""
    CHECKS.append(fn)
    return fn


def check_case(snap: CaseSnapshot) -> list[Finding]:
    """Every finding on the case, acknowledged or not, in the order of the rules."""
    return [f for rule in CHECKS for f in rule(snap)]


def _acknowledged(snap: CaseSnapshot) -> set[tuple[str, str]]:
    return {
        (str(a["check"]), str(a["finding"]))
        for a in snap.records.get("preflight_acknowledgement", [])
    }


def outstanding(snap: CaseSnapshot) -> list[Finding]:
    """The findings still to deal with: every blocking one, and those not yet acknowledged."""
    done = _acknowledged(snap)
    return [f for f in check_case(snap) if f.blocking or (f.check, f.message) not in done]


class MustFix(UsageError):
    default_message = "This finding must be fixed on the case file; it cannot be acknowledged."


def acknowledge(
    session: Session,
    case_id: str,
    findings: Sequence[Finding],
    *,
    by: str,
    reason: str,
    now: dt.datetime | None = None,
) -> list[str]:
    """Record the officer's acknowledgement of ``findings`` with their reason, in the caller's
    transaction. Returns the ids of the acknowledgements. Refuses a blocking finding, and an
    acknowledgement with no reason."""
    if not reason.strip():
        raise UsageError("Say why these findings can stand; the reason is recorded on the case.")
    if not by.strip():
        raise UsageError("An acknowledgement must say who made it.")
    for f in findings:
        if f.blocking:
            raise MustFix(f"This must be fixed on the case file first: {f.message}")
    when = now or dt.datetime.now(dt.UTC)
    ids: list[str] = []
    for f in findings:
        row: Any = PreflightAcknowledgement(
            case_id=case_id,
            check=f.check,
            finding=f.message,
            acknowledged_by=by.strip(),
            acknowledged_at=when,
            reason=reason.strip(),
        )
        session.add(row)
        session.flush()
        ids.append(row.id)
    return ids
