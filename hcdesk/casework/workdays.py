"""Working days in England and Wales: Monday to Friday, leaving out the bank holidays.

One calendar for every deadline hcdesk counts (the Victims' Code duties, the court summary's
compliance table, the demo cases). The bank holidays come from the ``holidays`` package,
pinned in pyproject.toml and constraints.txt: the United Kingdom with subdivision ``ENG``
(Wales keeps the same bank holidays), substitute days included (Boxing Day on a Saturday is
kept on the Monday after) and the one-off days (the Platinum Jubilee and the State Funeral in
2022, the Coronation in 2023).

**Where the calendar runs out.** The package computes the usual bank holidays for any year,
but a one-off day, or a moved one, is known only once the government announces it, and
gov.uk announces them a year or two ahead. :data:`KNOWN_TO` is the last day of the last year
whose bank holidays were announced when the pinned package was chosen; the test
``test_the_calendar_end_is_reviewed_with_the_package`` fails when the package is updated, so
the two move together (docs/victims-code.md, "Updating the calendar"). Past that day,
counting goes on with the package's usual bank holidays and :func:`calendar_warning` says so;
it starts saying so :data:`WARN_DAYS` days before.
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache

import holidays

# The package version the end of the calendar was reviewed against (see the module docstring).
REVIEWED_PACKAGE = "0.109"
# The last day whose bank holidays gov.uk had announced when that version was pinned.
KNOWN_TO = dt.date(2027, 12, 31)
# How long before KNOWN_TO the warning starts.
WARN_DAYS = 60
# The years the package has rules for (the Bank Holidays Act 1871 onwards, to 2100).
FIRST_YEAR = holidays.UnitedKingdom.start_year
LAST_YEAR = min(holidays.UnitedKingdom.end_year, 2100)

_lock = threading.Lock()


@cache
def _year(year: int) -> frozenset[dt.date]:
    """The bank holidays of England and Wales in ``year`` (none outside the package's years)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return frozenset()
    with _lock:  # the package's objects are not documented as thread-safe
        return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


@cache
def _weekday_holidays(year: int) -> tuple[int, ...]:
    """The ordinals of ``year``'s bank holidays that fall Monday to Friday, in order."""
    return tuple(sorted(d.toordinal() for d in _year(year) if d.weekday() < 5))


def covered_years() -> tuple[int, int]:
    """The first and last year whose bank holidays are known (not merely computed by rule)."""
    return FIRST_YEAR, KNOWN_TO.year


def bank_holidays(year: int) -> dict[dt.date, str]:
    """The bank holidays of ``year`` with their names, for the documentation and the tests."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return {}
    with _lock:
        return dict(sorted(holidays.country_holidays("GB", subdiv="ENG", years=year).items()))


def is_bank_holiday(day: dt.date) -> bool:
    return day in _year(day.year)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in _year(day.year)


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``day`` (``day`` itself for 0). ``day`` need not be a
    working day: an event on a Saturday with 1 working day is due on the Monday (or on the
    Tuesday when the Monday is a bank holiday)."""
    if n < 0:
        raise ValueError("n must not be negative")
    while n > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def _weekdays_to(ordinal: int) -> int:
    """How many Mondays to Fridays there are from 1 Jan 0001 (a Monday, ordinal 1) to
    ``ordinal``, inclusive."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _holidays_in(start: int, end: int, years: Iterable[int]) -> int:
    """How many weekday bank holidays have ordinals in ``(start, end]``."""
    count = 0
    for year in years:
        days = _weekday_holidays(year)
        count += bisect_right(days, end) - bisect_right(days, start)
    return count


def working_days_between(a: dt.date, b: dt.date) -> int:
    """The working days after ``a`` up to and including ``b`` (0 when ``b`` is not after
    ``a``): how many working days it took to tell the victim of an event on ``a`` on ``b``.
    ``working_days_between(a, add_working_days(a, n)) == n``."""
    if b <= a:
        return 0
    start, end = a.toordinal(), b.toordinal()
    weekdays = _weekdays_to(end) - _weekdays_to(start)
    return weekdays - _holidays_in(start, end, range(a.year, b.year + 1))


def beyond_calendar(day: dt.date) -> bool:
    """Whether ``day`` is after the last day whose bank holidays are known."""
    return day > KNOWN_TO


def calendar_warning(*days: dt.date | None) -> str | None:
    """What to tell the officer when any of ``days`` (today, the latest deadline shown) is past
    the end of the known calendar, or within :data:`WARN_DAYS` days of it; None otherwise."""
    latest = max((d for d in days if d is not None), default=None)
    if latest is None:
        return None
    end = KNOWN_TO.strftime("%d/%m/%Y")
    if latest > KNOWN_TO:
        return (
            f"Bank holidays are known only to {end}: deadlines after it leave out the usual "
            "bank holidays but not any announced since. Update hcdesk to get the new calendar."
        )
    if latest > KNOWN_TO - dt.timedelta(days=WARN_DAYS):
        return f"Bank holidays are known to {end}: update hcdesk before then."
    return None
