"""Contact safety: whether a contact with the victim goes against what they asked, as rules over
plain data (no ORM, no Qt). The case-file save, the desktop and ``hcdesk contact`` /
``hcdesk plan-contact`` all ask these rules; none of them restates them.

What the victim asked is kept on the victim (``Person``):

* ``safe_channels`` — the only channels to use (empty: no preference);
* ``safe_times`` — free text ("Weekdays after 18:00; not during shop hours"). The common forms
  are read into :class:`SafeTimes` (windows of days and hours, and times to avoid); whatever
  cannot be read is kept as a note the officer is shown, never treated as checked;
* ``no_voicemail`` — never leave a voicemail.

:func:`check_contact` gives one :class:`Concern` per thing a contact does that the victim asked
to avoid. A contact the victim started (``FROM_VICTIM``) is theirs: its channel and time are not
judged. :func:`contact_reminders` gives what an officer should keep in mind when planning or
logging any contact (interpreter, spokesperson, notes, and the parts of the safe times that
could not be read).

Times are read in UK time (Europe/London), where the victims and the officers are.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hcdesk.errors import UsageError
from hcdesk.models.enums import ContactChannel, ContactDirection

# rule names (each has a test named after it in tests/unit/test_contact_safety_rules.py)
CHANNEL = "channel_not_among_safe_channels"
TIME = "time_outside_safe_times"
VOICEMAIL = "voicemail_when_no_voicemail"

# The shortest reason an officer may give for going ahead: a few words, not "ok".
MIN_OVERRIDE_REASON = 10

# How each channel reads in a sentence ("contacted only by text message or phone").
CHANNEL_PHRASES: dict[ContactChannel, str] = {
    ContactChannel.PHONE: "by phone",
    ContactChannel.TEXT_MESSAGE: "by text message",
    ContactChannel.EMAIL: "by email",
    ContactChannel.LETTER: "by letter",
    ContactChannel.IN_PERSON: "in person",
    ContactChannel.VIDEO_CALL: "by video call",
    ContactChannel.VIA_THIRD_PARTY: "through someone else",
}

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ALL_DAYS: frozenset[int] = frozenset(range(7))
WEEKDAYS: frozenset[int] = frozenset(range(5))
WEEKENDS: frozenset[int] = frozenset({5, 6})


@lru_cache(maxsize=1)
def uk_zone() -> dt.tzinfo | None:
    """Europe/London, or None where the time-zone database is missing (then local time)."""
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:  # pragma: no cover - Windows without tzdata
        return None


def uk_time(when: dt.datetime) -> dt.datetime:
    """``when`` in UK time (a naive time is taken as the computer's local time)."""
    zone = uk_zone()
    return when.astimezone(zone) if zone is not None else when.astimezone()


def parse_when(text: str) -> dt.datetime:
    """A time typed as "dd/mm/yyyy HH:MM" (or "yyyy-mm-dd HH:MM"), in UK time. Raises
    ValueError with what to type."""
    value = (text or "").strip()
    for fmt in ("%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"):
        try:
            naive = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        zone = uk_zone()
        return naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
    raise ValueError(
        f"“{value}” is not a date and time; type day/month/year hours:minutes, e.g. "
        "25/11/2026 14:30"
    )


# -- the structured safe times ------------------------------------------------------------------
@dataclass(frozen=True)
class Window:
    """Some days, and the hours of those days from ``start`` (None: midnight) up to ``end``
    (None: the end of the day). ``start`` after ``end`` runs over midnight."""

    days: frozenset[int] = ALL_DAYS
    start: dt.time | None = None
    end: dt.time | None = None

    def holds(self, when: dt.datetime) -> bool:
        t = when.time().replace(second=0, microsecond=0)
        start, end = self.start or dt.time(0), self.end
        if end is not None and start > end:  # over midnight: the evening part, or the morning
            if t >= start:
                return when.weekday() in self.days
            return t < end and (when.weekday() - 1) % 7 in self.days
        return when.weekday() in self.days and t >= start and (end is None or t < end)

    def describe(self) -> str:
        parts = [days_phrase(self.days)]
        if self.start is not None and self.end is not None:
            parts.append(f"between {_hhmm(self.start)} and {_hhmm(self.end)}")
        elif self.start is not None:
            parts.append(f"after {_hhmm(self.start)}")
        elif self.end is not None:
            parts.append(f"before {_hhmm(self.end)}")
        text = " ".join(p for p in parts if p)
        return text or "at any time"


@dataclass(frozen=True)
class SafeTimes:
    """The victim's safe times as read from their words. A contact is in them when it falls in
    one of the ``windows`` (no windows: any time) and in none of the times to ``avoid``.
    ``notes``: what could not be read, in the victim's words, for the officer to check."""

    text: str
    windows: tuple[Window, ...] = ()
    avoid: tuple[Window, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def checks(self) -> bool:
        """Whether anything here can be checked against a time."""
        return bool(self.windows or self.avoid)

    @property
    def fully_read(self) -> bool:
        return not self.notes

    def allows(self, when: dt.datetime) -> bool:
        local = uk_time(when)
        if self.windows and not any(w.holds(local) for w in self.windows):
            return False
        return not any(w.holds(local) for w in self.avoid)

    def describe(self) -> str:
        """What was read, in plain words ("on weekdays after 18:00; not on Sundays")."""
        parts = []
        if self.windows:
            parts.append(" or ".join(w.describe() for w in self.windows))
        parts += [f"not {w.describe()}" for w in self.avoid]
        return "; ".join(parts)


def days_phrase(days: frozenset[int]) -> str:
    if days == ALL_DAYS:
        return ""
    if days == WEEKDAYS:
        return "on weekdays"
    if days == WEEKENDS:
        return "at weekends"
    names = [f"{DAY_NAMES[d]}s" for d in sorted(days)]
    return "on " + _join(names, "and")


def _hhmm(t: dt.time) -> str:
    return t.strftime("%H:%M")


def _join(items: Sequence[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


# -- reading the victim's words ------------------------------------------------------------------
_DAY = (
    r"(?P<{n}>monday|mon|tuesday|tues|tue|wednesday|weds|wed|thursday|thurs|thur|thu|friday|fri"
    r"|saturday|sat|sunday|sun)"
)
_DAY_INDEX = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
_T = (
    r"(?:(?P<{n}h>\d{{1,2}})(?:[:.](?P<{n}m>\d{{2}}))?\s*(?P<{n}ap>a\.?m\.?|p\.?m\.?)?"
    r"|(?P<{n}w>noon|midday|midnight))"
)


def _t(name: str) -> str:
    return _T.format(n=name)


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("day_range", re.compile(rf"\b{_DAY.format(n='d1')}s?\s*(?:-|–|to|until|till|through)\s*"
                             rf"{_DAY.format(n='d2')}s?\b")),
    ("weekdays", re.compile(r"\b(?:week[\s-]?days?|working days)\b")),
    ("weekends", re.compile(r"\bweek[\s-]?ends?\b")),
    ("every_day", re.compile(r"\b(?:every ?day|daily|any day|all week|7 days a week)\b")),
    ("day", re.compile(rf"\b{_DAY.format(n='d1')}s?\b")),
    ("not_before", re.compile(rf"\b(?:no|not) (?:earlier|sooner) than\s+{_t('a')}")),
    ("not_after", re.compile(rf"\b(?:no|not) later than\s+{_t('b')}")),
    ("range", re.compile(rf"(?P<pre>\bbetween\s+|\bfrom\s+)?{_t('a')}\s*"
                         rf"(?P<sep>-|–|\bto\b|\band\b|\buntil\b|\btill\b)\s*{_t('b')}")),
    ("after", re.compile(rf"\b(?:after|from|since|any time after)\s+{_t('a')}")),
    ("before", re.compile(rf"\b(?:before|until|till|til|by|up to)\s+{_t('b')}")),
    ("part", re.compile(r"\b(?P<part>mornings?|afternoons?|evenings?|lunch ?times?|lunch"
                        r"|day ?time|during the day|nights?|overnight)\b")),
    ("any_time", re.compile(r"\b(?:at )?(?:any ?time|whenever|24/7)\b")),
]  # fmt: skip

# Parts of the day, for words with no hours given.
PARTS_OF_DAY: dict[str, tuple[dt.time, dt.time | None]] = {
    "morning": (dt.time(6), dt.time(12)),
    "lunch": (dt.time(12), dt.time(14)),
    "afternoon": (dt.time(12), dt.time(18)),
    "evening": (dt.time(18), dt.time(22)),
    "day": (dt.time(8), dt.time(20)),
    "night": (dt.time(22), dt.time(6)),
}

_NEGATION = re.compile(r"\b(?:not|never|no|avoid|don'?t|do not|except|but not)\b")
# Words that say nothing about when, left over once the days and times are read.
_FILLER = frozenset(
    re.findall(
        r"\S+",
        """only on at in the a an and or please preferably ideally best is are ok okay fine good
    time times any all to call calls called ring phone contact contacted contacting during of
    between from but it with except not never no avoid dont don't do be can me her him them
    they she he prefer prefers preferred usually generally normally also""",
    )
)
_SPLIT_CLAUSES = re.compile(r"[;\n]+")
# Parts of a clause: "weekdays after 6pm, or Saturday mornings but not ..."; "except" stays with
# the part it starts (it says what to avoid), "or" is kept to carry a "not" over it.
_SPLIT_PARTS = re.compile(r"(,|\bor\b|\bbut\b|(?=\bexcept\b))")
_PAREN = re.compile(r"\(([^()]*)\)")


class _Unreadable(ValueError):
    pass


def _clock(m: re.Match[str], n: str, *, bare_ok: bool = False) -> tuple[dt.time | None, str]:
    """The time named ``n`` in ``m``, and its am/pm ("" if not given). A bare hour (no minutes,
    no am/pm) is only a time where ``bare_ok``; "midnight" as an end is None."""
    word = m.group(f"{n}w")
    if word:
        return (None if word == "midnight" else dt.time(12)), ("w" if word == "midnight" else "")
    hour, minute = int(m.group(f"{n}h")), int(m.group(f"{n}m") or 0)
    ap = (m.group(f"{n}ap") or "").replace(".", "")
    if not ap and m.group(f"{n}m") is None and not bare_ok:
        raise _Unreadable
    if minute > 59 or hour > 23 or (ap and not 1 <= hour <= 12):
        raise _Unreadable
    if ap == "pm" and hour != 12:
        hour += 12
    elif ap == "am" and hour == 12:
        hour = 0
    return dt.time(hour, minute), ap


def _range(m: re.Match[str]) -> tuple[dt.time | None, dt.time | None]:
    prefix, sep = m.group("pre"), m.group("sep")
    if sep == "and" and not (prefix and prefix.strip() == "between"):
        raise _Unreadable
    a_ap = (m.group("aap") or "").replace(".", "")
    b_ap = (m.group("bap") or "").replace(".", "")
    a_bare = not a_ap and m.group("am") is None and not m.group("aw")
    b_bare = not b_ap and m.group("bm") is None and not m.group("bw")
    start, _ = _clock(m, "a", bare_ok=True)
    end, _ = _clock(m, "b", bare_ok=True)
    if a_bare and b_ap and start is not None:
        # "6-8pm": the start takes the end's am/pm, unless that puts it after the end.
        hour = start.hour % 12 + (12 if b_ap == "pm" else 0)
        if end is None or dt.time(hour, start.minute) < end:
            start = dt.time(hour, start.minute)
    elif b_bare and a_ap and start is not None and end is not None:
        if end <= start and end.hour < 12:  # "9am-5"
            end = dt.time(end.hour + 12, end.minute)
    elif a_bare and b_bare and start is not None and end is not None:
        if end <= start and end.hour < 12:  # "9-5", "from 9 to 5"
            end = dt.time(end.hour + 12, end.minute)
        elif not prefix:
            raise _Unreadable  # "2-3 times a week" is no time
        elif start.hour < 8 and end.hour < 12:  # "between 2 and 4": the afternoon
            start, end = dt.time(start.hour + 12, start.minute), dt.time(end.hour + 12, end.minute)
    if start is not None and start == end:
        raise _Unreadable
    return start, end


@dataclass
class _Reading:
    days: set[int] = field(default_factory=set)
    start: dt.time | None = None
    end: dt.time | None = None
    timed: bool = False
    any_time: bool = False
    part: tuple[dt.time, dt.time | None] | None = None
    negated: bool = False
    unclear: bool = False
    leftover: str = ""

    @property
    def says_something(self) -> bool:
        return not self.unclear and bool(self.days or self.timed or self.any_time or self.part)

    def hours(self) -> tuple[dt.time | None, dt.time | None]:
        """The hours read: those given, with a part of the day ("evenings") filling a side not
        given ("evenings after 6pm": 18:00 to 22:00)."""
        if self.part is None:
            return self.start, self.end
        if not self.timed:
            return self.part
        start = self.start if self.start is not None else self.part[0]
        end = self.end if self.end is not None else self.part[1]
        return start, end


def _read_part(text: str) -> _Reading:
    """What one part of the victim's words says of days and hours. A "not" before what was read
    makes it a time to avoid; one after it ("Sundays are not good") leaves the part unread."""
    r = _Reading()
    rest = text.lower().replace("’", "'")
    first: int | None = None
    for kind, pattern in _PATTERNS:
        while (m := pattern.search(rest)) is not None:
            blank = " " * (m.end() - m.start())
            try:
                _apply(r, kind, m)
            except _Unreadable:
                # Not a time after all: the part is left as a note.
                rest = rest[: m.start()] + "\x00" + blank[1:] + rest[m.end() :]
                continue
            first = m.start() if first is None else min(first, m.start())
            rest = rest[: m.start()] + blank + rest[m.end() :]
    negations = [m.start() for m in _NEGATION.finditer(rest)]
    if first is not None and negations:
        r.negated = min(negations) < first
        if any(n > first for n in negations) and not r.negated:
            r.unclear = True
    words = [w for w in re.findall(r"[a-z0-9'\x00]+", rest) if w not in _FILLER]
    r.leftover = " ".join(words)
    return r


def _day(name: str) -> int:
    return _DAY_INDEX[name[:3]]


def _apply(r: _Reading, kind: str, m: re.Match[str]) -> None:
    if kind == "day_range":
        a, b = _day(m.group("d1")), _day(m.group("d2"))
        r.days |= {(a + i) % 7 for i in range((b - a) % 7 + 1)}
    elif kind == "weekdays":
        r.days |= WEEKDAYS
    elif kind == "weekends":
        r.days |= WEEKENDS
    elif kind == "every_day":
        r.days |= ALL_DAYS
    elif kind == "day":
        r.days.add(_day(m.group("d1")))
    elif kind == "range":
        if r.timed:
            raise _Unreadable
        r.start, r.end = _range(m)
        r.timed = True
    elif kind in ("after", "not_before"):
        if r.start is not None:
            raise _Unreadable
        r.start, _ = _clock(m, "a")
        if r.start is None:
            raise _Unreadable
        r.timed = True
    elif kind in ("before", "not_after"):
        if r.end is not None:
            raise _Unreadable
        end, _ = _clock(m, "b")
        if end == dt.time(0):
            raise _Unreadable
        r.end = end
        r.timed = True
    elif kind == "part":
        word = m.group("part").replace(" ", "")
        key = next(k for k in PARTS_OF_DAY if k in word or (k == "day" and "day" in word))
        r.part = PARTS_OF_DAY[key]
    elif kind == "any_time":
        r.any_time = True


def parse_safe_times(text: str | None) -> SafeTimes:
    """rule: safe_times_are_read_where_they_can_be. The victim's words read into windows of
    days and hours, times to avoid, and notes for what could not be read (shown to the officer,
    never checked)."""
    text = (text or "").strip()
    if not text:
        return SafeTimes("")
    windows: list[Window] = []
    avoid: list[Window] = []
    notes: list[str] = []
    for clause in _SPLIT_CLAUSES.split(_PAREN.sub(lambda m: f", {m.group(1)},", text)):
        pending: _Reading | None = None
        pieces = _SPLIT_PARTS.split(clause)
        negated_before = False
        for i in range(0, len(pieces), 2):
            part = pieces[i].strip(" .,-–")
            after_or = i > 0 and pieces[i - 1].strip() == "or"
            if not part:
                continue
            r = _read_part(part)
            if r.leftover or not r.says_something:
                notes.append(part)
            if not r.says_something:
                negated_before = False
                continue
            r.negated = r.negated or (after_or and negated_before)  # "not before 9 or after 8"
            negated_before = r.negated
            if r.negated:
                start, end = r.hours()
                avoid.append(Window(frozenset(r.days) or ALL_DAYS, start, end))
                continue
            if pending is None:
                pending = r
                continue
            pending_hours = pending.timed or pending.part or pending.any_time
            r_hours = r.timed or r.part or r.any_time
            if r.days and not r_hours and not pending_hours:
                pending.days |= r.days  # "Mondays, Wednesdays"
            elif r_hours and not r.days and not pending_hours:
                r.days = set(pending.days)  # "weekdays, after 6pm"
                pending = r
            else:
                windows.append(_window(pending))
                if r_hours and not r.days:
                    r.days = set(pending.days)  # "weekdays 9-11am, 2-4pm"
                pending = r
        if pending is not None:
            windows.append(_window(pending))
    if any(w == Window() for w in windows):
        windows = []  # "any time" somewhere: every time is a safe time (less what to avoid)
    return SafeTimes(
        text,
        tuple(dict.fromkeys(windows)),
        tuple(dict.fromkeys(avoid)),
        tuple(dict.fromkeys(notes)),
    )


def _window(r: _Reading) -> Window:
    start, end = (None, None) if r.any_time and not r.timed and not r.part else r.hours()
    return Window(frozenset(r.days) or ALL_DAYS, start, end)


# -- the check -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Concern:
    """One thing a contact does that the victim asked to avoid, said in plain words."""

    rule: str
    message: str


def _get(row: Mapping[str, Any] | Any, key: str, default: Any = None) -> Any:
    if isinstance(row, Mapping):
        return row.get(key, default)
    return getattr(row, key, default)


def _channels(values: Iterable[Any] | None) -> list[ContactChannel]:
    out = []
    for v in values or []:
        try:
            out.append(ContactChannel(str(v)))
        except ValueError:
            continue
    return out


def channels_phrase(channels: Sequence[ContactChannel]) -> str:
    """ "by text message or phone"; "by phone or in person"."""
    phrases = [CHANNEL_PHRASES[c] for c in channels]
    for i in range(len(phrases) - 1, 0, -1):
        if phrases[i].startswith("by ") and phrases[i - 1].startswith("by "):
            phrases[i] = phrases[i][3:]
    return _join(phrases, "or")


def who(victim: Mapping[str, Any] | Any) -> str:
    name = str(_get(victim, "name") or "").strip()
    return name or "The victim"


def when_phrase(when: dt.datetime) -> str:
    local = uk_time(when)
    return f"{DAY_NAMES[local.weekday()]} {local:%d/%m/%Y} at {local:%H:%M}"


def check_contact(
    victim: Mapping[str, Any] | Any | None,
    channel: ContactChannel | str | None,
    when: dt.datetime | None,
    voicemail: bool = False,
    *,
    direction: ContactDirection | str | None = None,
    planned: bool = False,
) -> list[Concern]:
    """Every way this contact goes against what the victim asked: one :class:`Concern` each
    for a channel not among their safe channels, a time outside their safe times (as far as
    they can be read) and a voicemail when they asked for none. ``victim``: the victim's row
    (a mapping or an object with the ``Person`` fields); no victim, no concern. A contact the
    victim made (``direction`` FROM_VICTIM) is not judged on its channel or time."""
    if victim is None:
        return []
    concerns: list[Concern] = []
    name = who(victim)
    this = "this planned contact" if planned else "this contact"
    theirs = str(direction or "") == ContactDirection.FROM_VICTIM.value
    safe = _channels(_get(victim, "safe_channels"))
    if channel and not theirs and safe:
        chosen = ContactChannel(str(channel))
        if chosen not in safe:
            concerns.append(
                Concern(
                    CHANNEL,
                    f"{name} asked to be contacted only {channels_phrase(safe)}; {this} is "
                    f"{CHANNEL_PHRASES[chosen]}.",
                )
            )
    times = parse_safe_times(_get(victim, "safe_times"))
    if when is not None and not theirs and times.checks and not times.allows(when):
        concerns.append(Concern(TIME, _time_message(name, this, times, when)))
    if voicemail and _get(victim, "no_voicemail"):
        verb = "may leave one" if planned else "left one"
        concerns.append(
            Concern(VOICEMAIL, f"{name} asked for no voicemail messages; {this} {verb}.")
        )
    return concerns


def _time_message(name: str, this: str, times: SafeTimes, when: dt.datetime) -> str:
    local = uk_time(when)
    hit = next((w for w in times.avoid if w.holds(local)), None)
    if hit is not None:
        asked = f"asked not to be contacted {hit.describe()}"
    else:
        asked = "asked to be contacted only " + " or ".join(w.describe() for w in times.windows)
    return f"{name} {asked} (“{times.text}”); {this} is on {when_phrase(when)}."


# -- what to keep in mind ------------------------------------------------------------------------
@dataclass(frozen=True)
class Reminder:
    """Something to keep in mind when planning or logging a contact; ``kind`` says what."""

    kind: str  # safe_channels | safe_times | unread_times | no_voicemail | interpreter |
    # spokesperson | access_needs | contact_notes | wishes
    message: str


def contact_reminders(
    victim: Mapping[str, Any] | Any | None, wish: Mapping[str, Any] | Any | None = None
) -> list[Reminder]:
    """What to keep in mind for any contact with the victim, most pressing first: how they
    may be contacted, an interpreter (and the language), a nominated spokesperson, their
    access needs and contact notes, the parts of their safe times that could not be read (to
    check by hand), and what their latest ``wish`` says of contact."""
    if victim is None:
        return [Reminder("no_victim", "No victim is recorded on this case yet.")]
    out: list[Reminder] = []
    safe = _channels(_get(victim, "safe_channels"))
    if safe:
        out.append(Reminder("safe_channels", f"Contact only {channels_phrase(safe)}."))
    times = parse_safe_times(_get(victim, "safe_times"))
    if times.checks:
        out.append(Reminder("safe_times", f"Safe times: {times.describe()} (“{times.text}”)."))
    if times.notes:
        said = "; ".join(f"“{n}”" for n in times.notes)
        lead = "Their safe times also say" if times.checks else "Their safe times say"
        out.append(
            Reminder(
                "unread_times",
                f"{lead} {said}: hcdesk cannot check this; check the time yourself.",
            )
        )
    if _get(victim, "no_voicemail"):
        out.append(Reminder("no_voicemail", "Do not leave a voicemail."))
    if _get(victim, "interpreter_needed"):
        language = str(_get(victim, "language") or "").strip()
        lang = f" ({language})" if language else " (the language is not recorded)"
        out.append(Reminder("interpreter", f"Needs an interpreter{lang}: arrange one first."))
    spokesperson = str(_get(victim, "nominated_spokesperson") or "").strip()
    if spokesperson:
        out.append(Reminder("spokesperson", f"Nominated spokesperson or guardian: {spokesperson}."))
    for key, label in (("access_needs", "Access needs"), ("contact_notes", "Contact notes")):
        value = str(_get(victim, key) or "").strip()
        if value:
            out.append(Reminder(key, f"{label}: {value}"))
    if wish is not None:
        parts = []
        channel = _get(wish, "contact_channel")
        if channel:
            parts.append(f"prefers contact {CHANNEL_PHRASES[ContactChannel(str(channel))]}")
        frequency = str(_get(wish, "contact_frequency") or "").strip()
        if frequency:
            parts.append(f"how often: {frequency}")
        if parts:
            recorded = _get(wish, "recorded_at")
            on = f" ({uk_time(recorded):%d/%m/%Y})" if isinstance(recorded, dt.datetime) else ""
            out.append(Reminder("wishes", f"Latest wishes{on}: {'; '.join(parts)}."))
    return out


# -- going ahead ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class FlaggedRow:
    """One row of a save that goes against the victim's wishes. ``index``: for a new row, its
    place among the new rows of its table in the save (0 the first); ``record_id``: for a
    changed one, its id."""

    table: str
    concerns: tuple[Concern, ...]
    index: int | None = None
    record_id: str | None = None


class ContactAgainstWishes(UsageError):
    """A contact logged or planned by a channel, at a time or with a voicemail that the victim
    asked to avoid, without a reason for going ahead. Nothing was saved."""

    default_message = (
        "Not saved: this contact goes against what the victim asked. Change it, or give the "
        "reason for going ahead; nothing was saved."
    )

    def __init__(self, rows: Sequence[FlaggedRow], message: str | None = None) -> None:
        self.rows = tuple(rows)
        super().__init__(message or refusal_message(self.concerns))

    @property
    def concerns(self) -> list[Concern]:
        return [c for row in self.rows for c in row.concerns]


def refusal_message(concerns: Sequence[Concern]) -> str:
    first = concerns[0].message if concerns else ""
    more = f" ({len(concerns) - 1} more.)" if len(concerns) > 1 else ""
    return (
        f"Not saved: {first}{more} Change the contact, or give the reason for going ahead "
        "(it is recorded with the contact)."
    )


def override_problem(reason: str | None) -> str | None:
    """rule: going_ahead_needs_a_reason. Why ``reason`` cannot stand as the reason for going
    ahead (None: it can)."""
    text = (reason or "").strip()
    if not text:
        return "Give the reason for going ahead; it is recorded with the contact."
    if len(text) < MIN_OVERRIDE_REASON:
        return (
            f"Say why in a few words (at least {MIN_OVERRIDE_REASON} characters); it is "
            "recorded with the contact."
        )
    return None


def has_override(reason: str | None) -> bool:
    return override_problem(reason) is None
