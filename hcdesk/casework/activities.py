"""The strategy's activities beyond the case (docs/activities.md): awareness, prevention through
education, building trust and increased reporting.

* :func:`add_activity` records one activity (theme, work area, date, partners, audience, reach,
  description, linked cases by their references), checked first: each problem is refused in
  one sentence (a :class:`ActivityRefused`) and nothing is written. Audited.
* :func:`list_activities` lists them for a period, oldest first, with the linked cases'
  references; :func:`remove_activity` deletes one recorded by mistake (audited, with the
  reason).
* :func:`count_activities` counts them by month and work area for a period, with the people
  reached: the dashboard's table beside the trend, and the public results sheet.

Activities are kept in the profile's local store only (``strategy_activity``): they are not yet
shared through the central store. Plain Python, no Qt; every word a person reads is here or in
:mod:`hcdesk.models.labels`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hcdesk.casework.cases import find_case, is_voided
from hcdesk.casework.fields import FieldError, format_date, parse_date
from hcdesk.errors import NotFound, UsageError
from hcdesk.models import labels
from hcdesk.models.activity import StrategyActivity
from hcdesk.models.case import CaseFile
from hcdesk.models.enums import AuditOperation, WorkArea
from hcdesk.store import audit

ENTITY = StrategyActivity.__tablename__
PREFIX = "ACT-"
"""How an activity is named: ACT-3 (``hcdesk activity remove ACT-3``)."""
THEME_LIMIT = 200
TEXT_LIMIT = 500
DESCRIPTION_LIMIT = 4_000
REACH_LIMIT = 10_000_000

# -- the messages a person reads ------------------------------------------------------------
NO_THEME = "Give the activity's theme, for example “Hate crime awareness week stall”."
THEME_TOO_LONG = f"Keep the theme to {THEME_LIMIT} characters or fewer; nothing was recorded."
TOO_LONG = "Keep the {what} to {limit:,} characters or fewer; nothing was recorded."
NO_DATE = "Give the day the activity was held, for example 25/11/2026."
BAD_DATE = "The activity's date: {problem}"
NEGATIVE_REACH = "The reach is a number of people, 0 or more; nothing was recorded."
BAD_REACH = "Give the reach as a whole number of people, for example 40; nothing was recorded."
HUGE_REACH = f"A reach over {REACH_LIMIT:,} people is not believable; check the number."
UNKNOWN_CASE = "No case with the reference {ref} is in this store; nothing was recorded."
VOIDED_CASE = "Case {ref} was voided; link the activity to a live case. Nothing was recorded."
NO_ACTIVITY = "No activity {ref} is recorded in this profile."
GIVE_ACTIVITY = "Give the activity's number, as hcdesk activity list shows it, for example ACT-3."
BACKWARDS = "The period ends before it starts; give the first day, then the last."
DEFAULT_REASON = "strategy activity recorded"
REMOVED_REASON = "strategy activity removed"


class ActivityRefused(UsageError):
    """An activity that cannot be recorded as given (the message says what to give)."""

    default_message = "That activity cannot be recorded as given; nothing was recorded."


class MissingTheme(ActivityRefused):
    default_message = NO_THEME


class UnknownWorkArea(ActivityRefused):
    default_message = "That is not one of the strategy's work areas."


class BadActivityDate(ActivityRefused):
    default_message = NO_DATE


class BadReach(ActivityRefused):
    default_message = BAD_REACH


class UnknownCase(ActivityRefused):
    default_message = "That case is not in this store; nothing was recorded."


def area_key(area: WorkArea) -> str:
    """A work area as it is typed on the command line: prevention-education."""
    return area.value.lower().replace("_", "-")


def area_choices() -> str:
    """The work areas as typed, for a message: "awareness, prevention-education, ..."."""
    return ", ".join(area_key(a) for a in WorkArea)


def parse_area(text: str | WorkArea) -> WorkArea:
    """A work area as typed: its value in any case, with hyphens or underscores (building-trust),
    or its label ("Building trust"). Refused with the list of choices."""
    if isinstance(text, WorkArea):
        return text
    typed = " ".join((text or "").split())
    key = re.sub(r"[\s\-]+", "_", typed).upper()
    for area in WorkArea:
        if key == area.value or typed.casefold() == labels.label(area).casefold():
            return area
    shown = f"“{typed}” is not" if typed else "Give"
    raise UnknownWorkArea(
        f"{shown} one of the strategy's work areas; choose from: {area_choices()}."
    )


def parse_day(value: str | dt.date | None) -> dt.date:
    """The day an activity was held: a date, or dd/mm/yyyy or yyyy-mm-dd as typed."""
    if isinstance(value, dt.date):
        return value
    try:
        day = parse_date(value or "")
    except FieldError as exc:
        raise BadActivityDate(BAD_DATE.format(problem=exc)) from None
    if day is None:
        raise BadActivityDate(NO_DATE)
    return day


def parse_reach(value: str | int | None) -> int | None:
    """The number of people reached: a whole number, 0 or more, or none given."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadReach(BAD_REACH)
    if isinstance(value, int):
        number = value
    else:
        text = value.strip().replace(",", "")
        if not text:
            return None
        if re.fullmatch(r"-\s*\d+", text):
            raise BadReach(NEGATIVE_REACH)
        if not re.fullmatch(r"\+?\d+", text):
            raise BadReach(BAD_REACH)
        number = int(text)
    if number < 0:
        raise BadReach(NEGATIVE_REACH)
    if number > REACH_LIMIT:
        raise BadReach(HUGE_REACH)
    return number


def _text(value: str | None, what: str, limit: int) -> str | None:
    tidy = (value or "").strip() or None
    if tidy is not None and len(tidy) > limit:
        raise ActivityRefused(TOO_LONG.format(what=what, limit=limit))
    return tidy


def activity_ref(number: int) -> str:
    return f"{PREFIX}{number}"


@dataclass(frozen=True)
class ActivityItem:
    """One activity as a person reads it."""

    id: str
    number: int
    theme: str
    work_area: WorkArea
    held_on: dt.date
    partners: str | None
    audience: str | None
    reach: int | None
    description: str | None
    case_references: tuple[str, ...]
    recorded_by: str
    recorded_at: dt.datetime

    @property
    def ref(self) -> str:
        return activity_ref(self.number)

    @property
    def area_label(self) -> str:
        return labels.label(self.work_area)


def _references(session: Session, case_ids: Sequence[str]) -> tuple[str, ...]:
    if not case_ids:
        return ()
    found = {
        c.id: c.reference
        for c in session.scalars(sa.select(CaseFile).where(CaseFile.id.in_(list(case_ids))))
    }
    return tuple(found.get(cid, cid) for cid in case_ids)


def _item(session: Session, a: StrategyActivity) -> ActivityItem:
    return ActivityItem(
        a.id, a.number, a.theme, a.work_area, a.held_on, a.partners, a.audience, a.reach,
        a.description, _references(session, a.case_ids or []), a.recorded_by, a.recorded_at,
    )  # fmt: skip


def _linked(session: Session, references: Iterable[str]) -> list[CaseFile]:
    out: list[CaseFile] = []
    for ref in references:
        text = (ref or "").strip()
        if not text:
            continue
        try:
            case = find_case(session, text)
        except NotFound as exc:
            message = str(exc)
            if message.startswith("No case"):
                message = UNKNOWN_CASE.format(ref=text)
            raise UnknownCase(message) from None
        if is_voided(case):
            raise UnknownCase(VOIDED_CASE.format(ref=case.reference))
        if case not in out:
            out.append(case)
    return out


def add_activity(
    store: Any,
    *,
    theme: str,
    area: WorkArea | str,
    held_on: dt.date | str | None,
    by: str,
    partners: str | None = None,
    audience: str | None = None,
    reach: int | str | None = None,
    description: str | None = None,
    cases: Sequence[str] = (),
) -> ActivityItem:
    """Record one activity, checked first (nothing is written when anything is wrong), with
    the cases ``cases`` names (URN, local reference, crime reference or id) linked to it.
    Audited: the activity collected, and each linked case's link."""
    clean_theme = " ".join((theme or "").split())
    if not clean_theme:
        raise MissingTheme(NO_THEME)
    if len(clean_theme) > THEME_LIMIT:
        raise ActivityRefused(THEME_TOO_LONG)
    chosen = parse_area(area)
    day = parse_day(held_on)
    people = parse_reach(reach)
    values = {
        "partners": _text(partners, "partners", TEXT_LIMIT),
        "audience": _text(audience, "audience", TEXT_LIMIT),
        "description": _text(description, "description", DESCRIPTION_LIMIT),
    }
    with store.transaction(reason=DEFAULT_REASON) as s:
        linked = _linked(s, cases)
        number = int(s.scalar(sa.select(sa.func.max(StrategyActivity.number))) or 0) + 1
        activity = StrategyActivity(
            number=number,
            theme=clean_theme,
            work_area=chosen,
            held_on=day,
            reach=people,
            case_ids=[c.id for c in linked],
            recorded_by=by or "",
            **values,
        )
        s.add(activity)
        s.flush()
        audit.record(
            s,
            AuditOperation.COLLECTION,
            entity=ENTITY,
            record_id=activity.id,
            details={"work_area": str(chosen), "held_on": day.isoformat(), "cases": len(linked)},
        )
        for case in linked:
            audit.record(
                s,
                AuditOperation.COMBINATION,
                case_id=case.id,
                entity=ENTITY,
                record_id=activity.id,
                details={"linked": activity_ref(number)},
            )
        return _item(s, activity)


def _period(stmt: Any, first: dt.date | None, last: dt.date | None) -> Any:
    if first and last and last < first:
        raise ActivityRefused(BACKWARDS)
    if first is not None:
        stmt = stmt.where(StrategyActivity.held_on >= first)
    if last is not None:
        stmt = stmt.where(StrategyActivity.held_on <= last)
    return stmt


def list_activities(
    store: Any, first: dt.date | None = None, last: dt.date | None = None
) -> list[ActivityItem]:
    """The activities held in [first, last] (either end open), oldest first."""
    with store.session() as s:
        stmt = _period(sa.select(StrategyActivity), first, last).order_by(
            StrategyActivity.held_on, StrategyActivity.number
        )
        return [_item(s, a) for a in s.scalars(stmt)]


def find_activity(session: Session, text: str) -> StrategyActivity:
    """The activity named by its number (ACT-3, or 3) or its id."""
    ref = (text or "").strip()
    if not ref:
        raise NotFound(GIVE_ACTIVITY)
    number = re.fullmatch(rf"(?i:{re.escape(PREFIX)})?(\d{{1,9}})", ref)
    where: Any = (
        StrategyActivity.number == int(number.group(1))
        if number
        else StrategyActivity.id == ref.lower()
    )
    found = session.scalar(sa.select(StrategyActivity).where(where))
    if found is None:
        raise NotFound(NO_ACTIVITY.format(ref=ref))
    return found


def remove_activity(store: Any, ref: str, by: str, reason: str | None = None) -> ActivityItem:
    """Delete an activity recorded by mistake; audited (ERASURE) with the reason."""
    why = (reason or "").strip() or REMOVED_REASON
    with store.transaction(reason=why) as s:
        activity = find_activity(s, ref)
        item = _item(s, activity)
        audit.record(
            s,
            AuditOperation.ERASURE,
            entity=ENTITY,
            record_id=activity.id,
            reason=why,
            details={"number": activity.number, "work_area": str(activity.work_area),
                     "removed_by": by or ""},
        )  # fmt: skip
        s.delete(activity)
        return item


# -- counting -------------------------------------------------------------------------------
@dataclass(frozen=True)
class MonthActivities:
    """The activities of one month: how many, the people reached (of those with a reach
    recorded), and how many in each work area."""

    month: str  # "2026-11"
    activities: int
    reach: int
    without_reach: int
    by_area: dict[str, int]  # WorkArea value -> activities, every area present


@dataclass(frozen=True)
class ActivityCounts:
    """The activities of a period, counted: plain data (the dashboard gets it from a worker)."""

    first: dt.date | None
    last: dt.date | None
    months: tuple[MonthActivities, ...]
    by_area: dict[str, int] = field(default_factory=dict)  # every area present
    reach_by_area: dict[str, int] = field(default_factory=dict)
    linked_cases: int = 0  # distinct live cases linked to an activity of the period

    @property
    def total(self) -> int:
        return sum(m.activities for m in self.months)

    @property
    def reach(self) -> int:
        return sum(m.reach for m in self.months)

    @property
    def without_reach(self) -> int:
        return sum(m.without_reach for m in self.months)


def count_activities(
    conn: sa.Connection | Session, first: dt.date | None = None, last: dt.date | None = None
) -> ActivityCounts:
    """Count the activities held in [first, last] (either end open) by month and work area,
    with the people reached. SQL aggregates on the caller's connection (the dashboard's
    worker, the sheet's read)."""
    table = StrategyActivity.__table__
    month = sa.func.substr(sa.cast(table.c.held_on, sa.String), 1, 7)
    stmt = sa.select(
        month,
        table.c.work_area,
        sa.func.count(),
        sa.func.coalesce(sa.func.sum(table.c.reach), 0),
        sa.func.sum(sa.case((table.c.reach.is_(None), 1), else_=0)),
    )
    if first and last and last < first:
        raise ActivityRefused(BACKWARDS)
    if first is not None:
        stmt = stmt.where(table.c.held_on >= first)
    if last is not None:
        stmt = stmt.where(table.c.held_on <= last)
    stmt = stmt.group_by(month, table.c.work_area).order_by(month)
    per_month: dict[str, dict[str, Any]] = {}
    by_area = {a.value: 0 for a in WorkArea}
    reach_by_area = {a.value: 0 for a in WorkArea}
    for m, area, n, reach, unknown in conn.execute(stmt):
        entry = per_month.setdefault(
            str(m), {"n": 0, "reach": 0, "unknown": 0, "areas": {a.value: 0 for a in WorkArea}}
        )
        entry["n"] += int(n)
        entry["reach"] += int(reach or 0)
        entry["unknown"] += int(unknown or 0)
        entry["areas"][str(area)] = entry["areas"].get(str(area), 0) + int(n)
        by_area[str(area)] = by_area.get(str(area), 0) + int(n)
        reach_by_area[str(area)] = reach_by_area.get(str(area), 0) + int(reach or 0)
    ids: set[str] = set()
    links = sa.select(table.c.case_ids)
    if first is not None:
        links = links.where(table.c.held_on >= first)
    if last is not None:
        links = links.where(table.c.held_on <= last)
    for (raw,) in conn.execute(links):
        ids.update(json.loads(raw) if isinstance(raw, str) else (raw or []))
    live = 0
    if ids:
        cases = CaseFile.__table__
        live = int(
            conn.execute(
                sa.select(sa.func.count()).where(
                    cases.c.id.in_(sorted(ids)),
                    cases.c.deleted.is_(False),
                    cases.c.voided_at.is_(None),
                )
            ).scalar()
            or 0
        )
    months = tuple(
        MonthActivities(m, e["n"], e["reach"], e["unknown"], e["areas"])
        for m, e in sorted(per_month.items())
    )
    return ActivityCounts(first, last, months, by_area, reach_by_area, live)


def describe_period(first: dt.date | None, last: dt.date | None) -> str:
    if first and last:
        return f"{format_date(first)} to {format_date(last)}"
    if first:
        return f"from {format_date(first)}"
    if last:
        return f"up to {format_date(last)}"
    return "all dates"


__all__ = [
    "ActivityCounts",
    "ActivityItem",
    "ActivityRefused",
    "BadActivityDate",
    "BadReach",
    "MissingTheme",
    "MonthActivities",
    "UnknownCase",
    "UnknownWorkArea",
    "add_activity",
    "area_choices",
    "count_activities",
    "find_activity",
    "list_activities",
    "parse_area",
    "parse_day",
    "parse_reach",
    "remove_activity",
]
