"""My work: what is due today, what is overdue, the coming court dates, the open sync
conflicts and the coming reviews, for an officer ("me") or for a supervisor's team.

Read from My work's index (hcdesk.casework.workindex), brought up to date first, so it stays
fast at 100,000 cases. The rules, in one place:

* A duty is overdue when its due date has passed (hcdesk.casework.overdue.is_past: a duty due
  today is not yet overdue); the index keeps due dates, and the status is asked against
  ``today`` here, so it changes with the date and never goes stale.
* "Me": duties the officer owns, and every duty, hearing and conflict of the cases where they
  are the liaison officer or the officer in the case. "My team": everything of the team's cases.
* Each duty shows in one group at most: overdue, due today, or (a review due in the coming
  :data:`REVIEW_DAYS` days) reviews. Court dates: hearings from today to :data:`COURT_DAYS`
  days ahead. Conflicts: the open ones.
* Voided cases never appear (they have no rows in the index, and their conflicts are left out).

A group lists at most :data:`LIMIT` items, the most pressing first; its ``total`` counts them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hcdesk.casework import duties, workindex
from hcdesk.casework.overdue import is_past
from hcdesk.casework.sections import section_of
from hcdesk.store.store import Store
from hcdesk.wire.registry import ENTITIES

COURT_DAYS = 14
REVIEW_DAYS = 7
LIMIT = 200
REVIEW_KINDS = (
    duties.DutyKind.NEEDS_REVIEW,
    duties.DutyKind.PLAN_REVIEW,
    duties.DutyKind.CASE_REVIEW,
)
CONFLICT = "CONFLICT"

DUE_TODAY, OVERDUE, COURT, CONFLICTS, REVIEWS = (
    "due_today",
    "overdue",
    "court",
    "conflicts",
    "reviews",
)
GROUPS = (DUE_TODAY, OVERDUE, COURT, CONFLICTS, REVIEWS)
"""The groups in the order My work shows them."""

TITLES = {
    OVERDUE: "Overdue",
    DUE_TODAY: "Due today",
    COURT: f"Court dates in the next {COURT_DAYS} days",
    REVIEWS: f"Reviews in the next {REVIEW_DAYS} days",
    CONFLICTS: "Sync conflicts to resolve",
}
EMPTY = {
    OVERDUE: "Nothing is overdue.",
    DUE_TODAY: "Nothing is due today.",
    COURT: f"No court dates in the next {COURT_DAYS} days.",
    REVIEWS: f"No reviews are due in the next {REVIEW_DAYS} days.",
    CONFLICTS: "No sync conflicts are waiting.",
}
EMPTY_TEAM = {
    OVERDUE: "Nothing of the team's is overdue.",
    DUE_TODAY: "Nothing of the team's is due today.",
    COURT: f"The team has no court dates in the next {COURT_DAYS} days.",
    REVIEWS: f"The team has no reviews due in the next {REVIEW_DAYS} days.",
    CONFLICTS: "No sync conflicts are waiting for the team.",
}
HEARING_LABEL = "Court hearing"
CONFLICT_LABEL = "Sync conflict"
CONFLICT_STATUS = "Waiting for a supervisor"


@dataclass(frozen=True)
class WorkItem:
    """One row of My work: what it is about, and where its case opens."""

    case_id: str
    reference: str
    key: str  # the duty's key, "hearing:<listing id>", or the conflict's id
    kind: str  # a DutyKind value, workindex.HEARING or CONFLICT
    kind_label: str
    what: str
    due: dt.date | None
    status: duties.DutyStatus | None  # duties only
    status_label: str  # in words: "Overdue by 3 days", "Due today", "In 5 days"
    owner: str  # who it falls to ("" if nobody is named)
    section: str  # the case-file section to open (hcdesk.casework.sections)


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    empty: str  # what to say when there is nothing in it
    total: int
    items: tuple[WorkItem, ...]

    @property
    def heading(self) -> str:
        return f"{self.title} ({self.total:,})"


@dataclass(frozen=True)
class MyWork:
    officer: str
    teams: tuple[str, ...]  # empty: the officer's own work
    today: dt.date
    groups: tuple[Group, ...]

    def group(self, key: str) -> Group:
        return next(g for g in self.groups if g.key == key)


def status_on(due: dt.date, today: dt.date) -> duties.DutyStatus:
    """An open duty's status on ``today``: overdue once its due date has passed."""
    return duties.DutyStatus.OVERDUE if is_past(due, today) else duties.DutyStatus.DUE


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n:,} days"


def status_words(due: dt.date, today: dt.date) -> str:
    """A duty's status in words, never a colour alone."""
    if is_past(due, today):
        return f"{duties.LABELS[duties.DutyStatus.OVERDUE]} by {_days((today - due).days)}"
    if due == today:
        return "Due today"
    return f"Due in {_days((due - today).days)}"


def hearing_words(day: dt.date, today: dt.date) -> str:
    if day == today:
        return "Today"
    if day == today + dt.timedelta(days=1):
        return "Tomorrow"
    return f"In {_days((day - today).days)}"


def my_work(
    store: Store,
    officer: str,
    team: str | Sequence[str] | None = None,
    today: dt.date | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    catch_up: bool = True,
) -> MyWork:
    """My work of ``officer``, or (``team`` given) of the team or teams. The index is brought up
    to date first (``progress(done, total)`` while cases are indexed); ``catch_up=False``
    reads it as it is."""
    day = today or dt.date.today()
    teams = (team,) if isinstance(team, str) else tuple(team or ())
    if catch_up:
        workindex.catch_up(store, day, progress, cancelled)
    with store.engine_or_raise().connect() as conn:
        return read(conn, officer, teams, day)


def _scope(officer: str, teams: tuple[str, ...], prefix: str) -> tuple[str, dict[str, Any]]:
    if teams:
        marks = ", ".join(f":team{i}" for i in range(len(teams)))
        return f"{prefix}team IN ({marks})", {f"team{i}": t for i, t in enumerate(teams)}
    return (
        f"({prefix}owner = :me OR {prefix}liaison = :me OR {prefix}oic = :me)",
        {"me": officer},
    )


_ITEM_COLUMNS = "case_id, reference, item_key, kind, due, owner, liaison, section, what"


def read(conn: sa.Connection, officer: str, teams: tuple[str, ...], today: dt.date) -> MyWork:
    """My work from the index as it stands (see :func:`my_work`)."""
    scope, params = _scope(officer, teams, "")
    params = {
        **params,
        "today": today.isoformat(),
        "court_end": (today + dt.timedelta(days=COURT_DAYS)).isoformat(),
        "review_end": (today + dt.timedelta(days=REVIEW_DAYS)).isoformat(),
        "hearing": workindex.HEARING,
        "limit": LIMIT,
    }
    reviews = ", ".join(f"'{k.value}'" for k in REVIEW_KINDS)
    duty = f"{scope} AND kind != :hearing"
    wheres = {
        # hcdesk.casework.overdue.is_past, asked of the index.
        OVERDUE: (f"{duty} AND due < :today", "due, reference, item_key"),
        DUE_TODAY: (f"{duty} AND due = :today", "reference, item_key"),
        COURT: (
            f"{scope} AND kind = :hearing AND due >= :today AND due <= :court_end",
            "due, what, reference",
        ),
        REVIEWS: (
            f"{duty} AND kind IN ({reviews}) AND due > :today AND due <= :review_end",
            "due, reference, item_key",
        ),
    }
    groups: dict[str, Group] = {}
    empty = EMPTY_TEAM if teams else EMPTY
    for key, (where, order) in wheres.items():
        total = conn.execute(sa.text(f"SELECT count(*) FROM work_list WHERE {where}"), params)
        rows = conn.execute(
            sa.text(
                f"SELECT {_ITEM_COLUMNS} FROM work_list WHERE {where} ORDER BY {order} "
                "LIMIT :limit"
            ),
            params,
        )
        items = tuple(_item(r, today) for r in rows)
        groups[key] = Group(key, TITLES[key], empty[key], int(total.scalar() or 0), items)
    conflicts = _conflicts(conn, officer, teams)
    groups[CONFLICTS] = Group(
        CONFLICTS, TITLES[CONFLICTS], empty[CONFLICTS], len(conflicts), tuple(conflicts[:LIMIT])
    )
    return MyWork(officer, teams, today, tuple(groups[k] for k in GROUPS))


def _item(r: Any, today: dt.date) -> WorkItem:
    case_id, reference, key, kind, due_text, owner, liaison, section, what = r
    due = dt.date.fromisoformat(due_text)
    if kind == workindex.HEARING:
        status, words, label = None, hearing_words(due, today), HEARING_LABEL
    else:
        status = status_on(due, today)
        words = status_words(due, today)
        label = duties.LABELS.get(duties.DutyKind(kind), kind)
    return WorkItem(
        case_id=case_id,
        reference=reference,
        key=key,
        kind=kind,
        kind_label=label,
        what=what,
        due=due,
        status=status,
        status_label=words,
        owner=owner or liaison or "",
        section=section,
    )


def _conflicts(conn: sa.Connection, officer: str, teams: tuple[str, ...]) -> list[WorkItem]:
    if teams:
        scope, params = _scope(officer, teams, "c.")
    else:  # a conflict is nobody's own: it is the case's
        scope, params = "(c.liaison_officer = :me OR c.oic = :me)", {"me": officer}
    rows = conn.execute(
        sa.text(
            "SELECT k.id, k.case_id, coalesce(c.urn, c.local_ref), k.entity, k.field, "
            "k.created_at, c.liaison_officer, p.role "
            "FROM conflict k JOIN case_file c ON c.id = k.case_id "
            "LEFT JOIN person p ON k.entity = 'person' AND p.id = k.entity_id "
            f"WHERE k.status = 'open' AND c.deleted = 0 AND c.voided_at IS NULL AND {scope} "
            "ORDER BY k.created_at, k.id"
        ),
        params,
    )
    out = []
    for cid, case_id, reference, entity, field, created, liaison, role in rows:
        spec = ENTITIES.get(entity)
        label = spec.label(field) if spec is not None else field.replace("_", " ")
        when = _when(created)
        out.append(
            WorkItem(
                case_id=case_id,
                reference=reference,
                key=cid,
                kind=CONFLICT,
                kind_label=CONFLICT_LABEL,
                what=f"Two versions of {label} to choose between",
                due=when,
                status=None,
                status_label=CONFLICT_STATUS,
                owner=liaison or "",
                section=section_of(entity, role),
            )
        )
    return out


def _when(text: Any) -> dt.date | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def as_json(work: MyWork) -> dict[str, Any]:
    """My work as plain data (for a report or a test)."""
    return {
        "today": work.today.isoformat(),
        "groups": {
            g.key: {
                "total": g.total,
                "items": [
                    {
                        "case": i.reference,
                        "kind": i.kind,
                        "what": i.what,
                        "due": i.due.isoformat() if i.due else None,
                        "status": i.status_label,
                        "section": i.section,
                    }
                    for i in g.items
                ],
            }
            for g in work.groups
        },
    }


__all__ = ["GROUPS", "Group", "MyWork", "WorkItem", "as_json", "my_work", "read", "status_on"]
