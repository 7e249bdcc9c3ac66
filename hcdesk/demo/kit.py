"""Small helpers of the demo generator: weighted and plain choices, dates, names and phrases.

Every choice takes ``r``, a case's ``random()``, so a case draws all its numbers from one
generator, in one order.
"""

from __future__ import annotations

import datetime
import unicodedata
from bisect import bisect
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Any

from hcdesk.casework.workdays import add_working_days

Rand = Callable[[], float]

# -- choices -----------------------------------------------------------------------------------


class W:
    """A weighted list of choices, picked with one call to ``random()``."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.items = [p[0] for p in pairs]
        self.cum = list(accumulate(p[1] for p in pairs))
        self.total = self.cum[-1]

    def pick(self, r: Rand) -> Any:
        return self.items[bisect(self.cum, r() * self.total)]


def pick(r: Rand, seq: Sequence[Any]) -> Any:
    return seq[int(r() * len(seq))]


def rint(r: Rand, lo: int, hi: int) -> int:
    """A whole number from ``lo`` to ``hi`` inclusive."""
    return lo + int(r() * (hi - lo + 1))


def some(r: Rand, seq: Sequence[Any], k: int) -> list[Any]:
    """``k`` distinct items of ``seq``, in the order they appear in ``seq``."""
    n = len(seq)
    if k >= n:
        return list(seq)
    chosen: set[int] = set()
    while len(chosen) < k:
        chosen.add(int(r() * n))
    return [seq[i] for i in sorted(chosen)]


# -- dates (days are ordinals: datetime.date.toordinal()) --------------------------------------

EPOCH = datetime.date(1970, 1, 1).toordinal()
ISO: dict[int, str] = {}  # day ordinal -> "YYYY-MM-DD", filled by prepare()
_BST: set[int] = set()  # days on which UK clocks are on summer time, filled by prepare()
_PREPARED: set[int] = set()
DAY = datetime.date.fromordinal
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)


def prepare(today: int) -> None:
    """Fill the day tables for every date a case made on ``today`` can hold.

    Dates of birth go back about 93 years, retention reviews forward six; looking dates up in
    a dict is much quicker than formatting each one.
    """
    if today in _PREPARED:
        return
    day = DAY
    for d in range(today - 100 * 366, today + 7 * 366):
        if d not in ISO:
            ISO[d] = day(d).isoformat()
    for year in range(day(today).year - 3, day(today).year + 2):
        _BST.update(range(_last_sunday(year, 3), _last_sunday(year, 10)))
    _PREPARED.add(today)


def long_date(day: int) -> str:
    """``Saturday 14 June 2025``."""
    d = DAY(day)
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month]} {d.year}"


def short_date(day: int) -> str:
    """``14 Jun 2025``."""
    d = DAY(day)
    return f"{d.day} {MONTHS[d.month][:3]} {d.year}"


def _last_sunday(year: int, month: int) -> int:
    last = datetime.date(year, month + 1, 1).toordinal() - 1
    return last - (last % 7)  # ordinal % 7 == 0 is a Sunday


def utc_stamps(r: Rand, moments: list[tuple[int, int]], after: tuple[int, int]) -> list[str]:
    """UTC timestamps for (day, minute past local midnight in UK time) pairs, in that order.

    The moments are made strictly increasing (a clash moves one minute on), so a log sorted by
    time keeps the order it was written in. Every moment is later than ``after``.
    """
    out = []
    last = after
    for day, minute in moments:
        if (day, minute) <= last:
            day, minute = last[0], last[1] + 1
        last = (day, minute)
        utc = minute - 60 if day in _BST else minute
        d = day
        if utc >= 1440:
            d, utc = d + 1, utc - 1440
        elif utc < 0:
            d, utc = d - 1, utc + 1440
        micro = int(r() * 60_000_000)
        # %-formatting: over twice as quick as an f-string with format specs here.
        out.append("%sT%02d:%02d:%02d.%06dZ" % (  # noqa: UP031
            ISO[d], utc // 60, utc % 60, micro // 1_000_000, micro % 1_000_000))
    return out


def working_days_after(day: int, n: int) -> int:
    """The ``n``-th working day after ``day``: the calendar of every deadline
    (:func:`hcdesk.casework.workdays.add_working_days`, bank holidays left out)."""
    return add_working_days(DAY(day), n).toordinal()


def add_years(day: int, years: int) -> int:
    d = DAY(day)
    try:
        return d.replace(year=d.year + years).toordinal()
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28).toordinal()


# -- names and phrases -------------------------------------------------------------------------

_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "đ": "d", "ß": "ss", "ı": "i", "'": ""})
_ASCII: dict[str, str] = {}


def ascii_name(text: str) -> str:
    """``text`` in lower-case ASCII letters, digits and hyphens, as in an e-mail address."""
    out = _ASCII.get(text)
    if out is None:
        folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
        out = "".join(c for c in folded if c.isascii() and (c.isalnum() or c in "-"))
        _ASCII[text] = out = out.lower()
    return out


_WORDS_AT: dict[tuple[tuple[str, ...], str], tuple[str, ...]] = {}
_WISHES_AT: dict[tuple[int, str], tuple[Any, ...]] = {}


def _fits(text: str, place_type: str) -> bool:
    """Whether a phrase fits the place: unmarked, or marked ``"Bus,Taxi|..."`` with it."""
    return "|" not in text or place_type in text.split("|", 1)[0].split(",")


def wishes_at(wishes: tuple[Any, ...], place_type: str) -> tuple[Any, ...]:
    """The wishes (tuples led by their words) that fit ``place_type``, as :func:`words_at`."""
    found = _WISHES_AT.get((id(wishes), place_type))
    if found is None:
        found = tuple((w[0].split("|", 1)[-1], *w[1:]) for w in wishes if _fits(w[0], place_type))
        _WISHES_AT[(id(wishes), place_type)] = found
    return found


def words_at(words: tuple[str, ...], place_type: str) -> tuple[str, ...]:
    """The phrases that fit ``place_type``: unmarked ones, and those marked ``"Place|..."``."""
    found = _WORDS_AT.get((words, place_type))
    if found is None:
        found = tuple(w.split("|", 1)[-1] for w in words if _fits(w, place_type))
        _WORDS_AT[(words, place_type)] = found
    return found


def quoted(words: str) -> str:
    """``words`` in quotes, ending the sentence: ``"Go home."``, ``"Which one, then?"``."""
    return f'"{words}"' if words[-1] in "?!." else f'"{words}."'


def fill(text: str, subs: dict[str, str]) -> str:
    """``text`` with its ``{placeholders}`` filled in from ``subs``."""
    return text.format_map(subs) if "{" in text else text
