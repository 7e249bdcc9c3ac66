"""The strategy's figures as tables for people: what the desktop dashboard shows beside each
chart and what the figures PDF prints, from one place, so the two never say different things.

Each :class:`FigureTable` is one figure of :class:`hcdesk.casework.figures.Figures`, titled
with its name in :data:`hcdesk.casework.figures.LABELS`, its lines labelled in words
(:func:`hcdesk.models.labels.label`, :func:`hcdesk.casework.figures.month_label`). A table of
counts has one number a line; a table of shares has the number, what it is out of and the
share. Qt-free: the dashboard draws the charts from these tables.

Figures added later come in through ``Figures.extra``. Each entry that maps an item to a count,
such as the third-party reports by centre and by triage outcome
(:data:`hcdesk.casework.figures.THIRD_PARTY`), becomes a table of counts here
(:func:`extra_tables`), and so a tab of the dashboard and a table of the PDF, without changing
either. The strategy's activities are not of that shape (a month with its activities, reach
and work areas): they are :data:`ACTIVITIES_KEY`, a table of their own under the trend
(:func:`activities_by_month`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from hcdesk.casework import activities, duties
from hcdesk.casework.figures import LABELS, Figures, Share, month_label
from hcdesk.models import labels
from hcdesk.models.enums import (
    ChargeOutcome,
    LocalStrand,
    MonitoredStrand,
    RecordType,
    ReferralAgency,
    WorkArea,
)

# -- the words of the tables ------------------------------------------------------------------
ITEM = "Item"
CASES = "Cases"
CHARGES = "Charges"
REFERRALS = "Referrals"
NUMBER = "Number"
OUT_OF = "Out of"
SHARE = "Share"
MONTH = "Month"
MEASURE = "Measure"
NONE_TO_COUNT = "none to count"
NONE_IN_PERIOD = "None in this period and team"
REPEATS = "Repeat victims"
PLANS_COMPLETE = "Plans whose actions are all done or declined"
AGGRAVATION_STATED = "Convictions as charged with the uplift stated in open court"
NOTES = {
    "cases_by_strand": "A case with two strands counts under each, so the lines can add up "
    "to more than the cases.",
    "cases_by_local_strand": "A case with two strands counts under each.",
    "outcomes": "One count per charge.",
    "aggravation_stated": "Sentencing Act 2020 s.66(2): the court must state the aggravation "
    "in open court.",
    "repeat_victims": "A repeat is a repeat in any team and at any date: one of the victim's "
    "cases is in the period.",
    "compliance": "The MoJ measures, counted over the period (from the first case to today "
    "when it is open-ended).",
    "referrals_by_agency": "One count per referral.",
    "support_plans": "Out of the plans that have at least one action.",
}
"""A sentence under a table where its numbers need one to be read right."""


@dataclass(frozen=True)
class Line:
    """One line of a table: ``count`` things, or (``of`` given) ``count`` out of ``of``."""

    item: str
    count: int
    of: int | None = None
    more: tuple[str, ...] = ()  # the cells of a table's further columns (FigureTable.more)

    @property
    def share(self) -> float | None:
        if self.of is None:
            return None
        return Share(self.count, self.of).share

    def share_text(self) -> str:
        share = self.share
        return NONE_TO_COUNT if share is None else f"{share:.0%}"


@dataclass(frozen=True)
class FigureTable:
    key: str  # the figure's name in Figures (or in Figures.extra)
    title: str  # the figure's name for people (figures.LABELS)
    lines: tuple[Line, ...]
    item_header: str = ITEM
    count_header: str = CASES
    shares: bool = False  # lines are numerator and denominator
    note: str = ""
    more: tuple[str, ...] = ()  # the headers of further columns (each line's ``more`` cells)

    def header(self) -> tuple[str, ...]:
        if self.shares:
            return (self.item_header, self.count_header, OUT_OF, SHARE)
        return (self.item_header, self.count_header, *self.more)

    def cells(self) -> list[tuple[str, ...]]:
        """Each line as the text of its cells, in the order of :meth:`header`."""
        if self.shares:
            return [(ln.item, str(ln.count), str(ln.of), ln.share_text()) for ln in self.lines]
        return [(ln.item, str(ln.count), *ln.more) for ln in self.lines]


def _counts(
    f: Figures, key: str, enum_cls: Any, unit: str = CASES, item_header: str = ITEM
) -> FigureTable:
    counts: Mapping[str, int] = getattr(f, key)
    lines = tuple(Line(labels.label(enum_cls(v)), n) for v, n in counts.items())
    return FigureTable(key, LABELS[key], lines, item_header, unit, note=NOTES.get(key, ""))


def _share(key: str, item: str, share: Share, unit: str = NUMBER) -> FigureTable:
    line = Line(item, share.numerator, share.denominator)
    return FigureTable(key, LABELS[key], (line,), ITEM, unit, shares=True, note=NOTES.get(key, ""))


def trend(f: Figures) -> FigureTable:
    lines = tuple(Line(month_label(m), n) for m, n in f.cases_by_month.items())
    return FigureTable("cases_by_month", LABELS["cases_by_month"], lines, MONTH, CASES)


def strands(f: Figures) -> FigureTable:
    return _counts(f, "cases_by_strand", MonitoredStrand)


def local_strands(f: Figures) -> FigureTable:
    return _counts(f, "cases_by_local_strand", LocalStrand)


def record_types(f: Figures) -> FigureTable:
    return _counts(f, "cases_by_record_type", RecordType)


def outcomes(f: Figures) -> FigureTable:
    return _counts(f, "outcomes", ChargeOutcome, CHARGES)


def aggravation(f: Figures) -> FigureTable:
    return _share("aggravation_stated", AGGRAVATION_STATED, f.aggravation_stated, CHARGES)


def repeat_victims(f: Figures) -> FigureTable:
    lines = (
        Line(LABELS["repeat_victims"], f.repeat_victims),
        Line(LABELS["repeat_cases"], f.repeat_cases),
    )
    return FigureTable(
        "repeat_victims", REPEATS, lines, ITEM, NUMBER, note=NOTES["repeat_victims"]
    )


def compliance(f: Figures) -> FigureTable:
    lines = tuple(
        Line(duties.MEASURE_LABELS[name], s.numerator, s.denominator)
        for name, s in f.compliance.items()
    )
    return FigureTable(
        "compliance", LABELS["compliance"], lines, MEASURE, NUMBER, shares=True,
        note=NOTES["compliance"],
    )  # fmt: skip


def referrals(f: Figures) -> FigureTable:
    return _counts(f, "referrals_by_agency", ReferralAgency, REFERRALS)


def support_plans(f: Figures) -> FigureTable:
    return _share("support_plans", PLANS_COMPLETE, f.support_plans)


# -- the strategy's activities (hcdesk.casework.activities), beside the trend --------------------
ACTIVITIES_KEY = "strategy_activities"
"""Where the dashboard's count puts the activities of the period in ``Figures.extra`` (an
:class:`~hcdesk.casework.activities.ActivityCounts`; not a mapping, so not an extra table)."""
ACTIVITIES_TITLE = "Strategy activities by month"
ACTIVITIES = "Activities"
REACH = "Reach"
WORK_AREAS = "Work areas"
REACH_NOT_RECORDED = "{n} not recorded"
ACTIVITIES_NOTE = (
    "Activities are not per team: every activity of the period is counted, whichever team is "
    "chosen. Reach is the people reached, where it was recorded."
)


def activities_by_month(f: Figures) -> FigureTable:
    """The activities of the period by month: how many, the people reached and the work areas
    (empty when the count brought none: ``Figures.extra[ACTIVITIES_KEY]``)."""
    counted = f.extra.get(ACTIVITIES_KEY)
    lines: list[Line] = []
    if isinstance(counted, activities.ActivityCounts):
        for m in counted.months:
            reach = f"{m.reach:,}"
            if m.without_reach:
                reach += f" ({REACH_NOT_RECORDED.format(n=m.without_reach)})"
            areas = ", ".join(
                f"{labels.label(WorkArea(a))} {n}" for a, n in m.by_area.items() if n
            )
            lines.append(Line(month_label(m.month), m.activities, more=(reach, areas)))
    return FigureTable(
        ACTIVITIES_KEY, ACTIVITIES_TITLE, tuple(lines), MONTH, ACTIVITIES,
        note=ACTIVITIES_NOTE, more=(REACH, WORK_AREAS),
    )  # fmt: skip


def extra_tables(f: Figures) -> list[FigureTable]:
    """Figures added later (``Figures.extra``): each mapping of item to count, as a table of
    counts titled with its name in LABELS (or its key where it has none yet)."""
    out = []
    for key, value in f.extra.items():
        if isinstance(value, Mapping) and all(isinstance(n, int) for n in value.values()):
            lines = tuple(Line(str(item), int(n)) for item, n in value.items())
            out.append(FigureTable(key, LABELS.get(key, key), lines, ITEM, NUMBER))
    return out


def all_tables(f: Figures) -> list[FigureTable]:
    """Every table, in the order the dashboard's tabs and the PDF show them."""
    return [
        trend(f),
        strands(f),
        local_strands(f),
        record_types(f),
        outcomes(f),
        aggravation(f),
        repeat_victims(f),
        compliance(f),
        referrals(f),
        support_plans(f),
        *extra_tables(f),
    ]


def teams(conn: sa.Connection) -> list[str]:
    """The teams the figures can be asked for: those of the live cases in the store, by name."""
    found = conn.execute(
        sa.text(
            "SELECT DISTINCT team FROM case_file WHERE deleted = 0 AND voided_at IS NULL "
            "AND team IS NOT NULL AND trim(team) != '' ORDER BY team"
        )
    )
    return [str(t) for (t,) in found]
