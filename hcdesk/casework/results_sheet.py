"""The public results sheet of the communications strategy (docs/activities.md, "The public
results sheet"): force-wide counts for a period, every one through
:func:`hcdesk.casework.disclosure_control.protect` with ``rounded=True`` (counts of 1 to 9
hidden, every count shown rounded to the nearest 5, hidden counts that could be worked out
hidden too).

What the sheet holds (aggregate only; never a name, a case reference, a place, a team or any
free text):

* hate crimes and incidents reported, by month, with the total (the trend);
* the same cases by monitored strand (a case with two strands counts under each: no total);
* charges that ended in conviction, and how many of them had the aggravation stated in open
  court (Sentencing Act 2020 s.66(2)); the share only when both numbers are shown, worked out
  from the rounded numbers shown (so it tells nothing more than they do);
* the strategy's activities by work area, with the total, and the people they reached
  (rounded, and hidden under 10, like every other count).

The counts are those of :mod:`hcdesk.casework.figures` (the same rule of which cases count in
a period) and :func:`hcdesk.casework.activities.count_activities`. Plain data, no Qt; the PDF
is :mod:`hcdesk.export.results_sheet`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from hcdesk.casework import activities, figures
from hcdesk.casework import disclosure_control as dc
from hcdesk.casework.fields import format_date
from hcdesk.models import labels
from hcdesk.models.enums import MonitoredStrand, WorkArea

# -- the words of the sheet (each written once) ---------------------------------------------
TITLE = "Tackling hate crime: our results"
MARKING = "OFFICIAL"
CAVEAT = (
    "OFFICIAL: for publication once approved by the communications team. Aggregate figures "
    "for the whole force; no person can be picked out."
)
RECIPIENT = "Communications team (for publication once approved)"
DEFAULT_REASON = "Public results sheet of the hate crime strategy: aggregate figures"
DISCLOSURE_FORMAT = "results-sheet"
LEAD = (
    "What the force and its partners did about hate crime from {period}: the hate crimes and "
    "incidents reported to us, the convictions at court, and our work to raise awareness, "
    "educate, build trust and help people to report."
)
ROUNDING = (
    "To protect the people counted, every number is rounded to the nearest 5, and numbers "
    f"under {dc.THRESHOLD} are not shown (marked {dc.HIDDEN_MARK})."
)
HIDDEN = (
    f"{dc.HIDDEN_MARK}: not shown, to protect the people counted (fewer than {dc.THRESHOLD}, "
    "or a number that would let a hidden one be worked out)."
)
TOTAL = "Total"
REPORTS = "Reports"
CHARGES = "Charges"
ACTIVITIES = "Activities"
PEOPLE = "People"
MONTH = "Month"
STRAND = "Strand"
WORK_AREA = "Work area"
STATED = "Aggravation stated in open court"
NOT_STATED = "Aggravation not stated in open court"
ALL_CONVICTIONS = "All convictions"
REACHED = "People reached by the activities"
SHARE_LINE = "In {share} of the convictions shown the court stated the aggravation in open court."
NO_SHARE = (
    "The share of convictions where the court stated the aggravation is not given, because "
    "one of its numbers is not shown."
)
TITLES = {
    "months": "Hate crimes and incidents reported, by month",
    "strands": "Hate crimes and incidents reported, by what the hostility was about",
    "convictions": "Convictions at court",
    "activities": "Our work with communities, by area of work",
    "reach": "People our work reached",
}
NOTES = {
    "months": "A crime or incident counts in the month it was reported to us.",
    "strands": "A crime or incident can be about more than one of these, so this table has "
    "no total.",
    "convictions": "One count per charge that ended in a conviction. The court must treat "
    "hostility as making the offence more serious, and say so in open court.",
    "activities": "Events, talks, school sessions and other work, held with our partners.",
    "reach": "Counted where we recorded how many people took part.",
}


class SheetRefused(dc.DisclosureError):
    """The sheet cannot be published safely for this period (the message says which table)."""


@dataclass(frozen=True)
class SheetTable:
    key: str
    title: str
    item_header: str
    count_header: str
    published: dc.PublishedTable
    note: str = ""

    def shown_rows(self) -> list[tuple[str, str]]:
        """Each row as a reader sees it (label, the rounded number or the hidden mark), then the
        total where the table has one."""
        out = [
            (label, _shown(row[0]))
            for label, row in zip(self.published.row_labels, self.published.cells, strict=True)
        ]
        if self.published.col_totals is not None:
            out.append((TOTAL if self.key != "convictions" else ALL_CONVICTIONS,
                        _shown(self.published.col_totals[0])))  # fmt: skip
        return out

    def shown_counts(self) -> list[int]:
        """Every number shown (hidden values left out)."""
        values = [row[0] for row in self.published.cells]
        if self.published.col_totals is not None:
            values.append(self.published.col_totals[0])
        return [v for v in values if v is not None]


def _shown(value: int | None) -> str:
    return dc.HIDDEN_MARK if value is None else f"{value:,}"


@dataclass(frozen=True)
class Sheet:
    period: dc.Period
    generated_at: dt.datetime
    tables: tuple[SheetTable, ...]
    share: int | None  # the share of convictions with the aggravation stated, whole per cent

    def describe_period(self) -> str:
        return f"{format_date(self.period.start)} to {format_date(self.period.end)}"

    def table(self, key: str) -> SheetTable:
        return next(t for t in self.tables if t.key == key)

    def share_text(self) -> str:
        return NO_SHARE if self.share is None else SHARE_LINE.format(share=f"{self.share}%")


def _months(period: dc.Period) -> list[str]:
    out, year, month = [], period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _protect(key: str, header: str, counts: Mapping[str, int], *, total: bool,
             period: dc.Period, heading: str) -> SheetTable:  # fmt: skip
    table = dc.CountTable.one_way(
        list(counts), list(counts.values()), total=total, heading=heading, period=period
    )
    try:
        published = dc.protect(table, rounded=True)
    except dc.DisclosureError as exc:
        raise SheetRefused(f"{TITLES[key]}: {exc} Nothing was written.") from None
    return SheetTable(key, TITLES[key], header, heading, published, NOTES.get(key, ""))


def build_sheet(
    conn: sa.Connection, period: dc.Period, *, generated_at: dt.datetime | None = None,
    today: dt.date | None = None,
) -> Sheet:  # fmt: skip
    """The sheet for ``period``, force-wide, every count protected (after the figures index
    has caught up: hcdesk.casework.workindex.catch_up)."""
    found = figures.figures(conn, figures.Scope(period.start, period.end), today=today)
    months = {figures.month_label(m): found.cases_by_month.get(m, 0) for m in _months(period)}
    strands = {labels.label(m): found.cases_by_strand.get(m.value, 0)
               for m in MonitoredStrand}  # fmt: skip
    stated = found.aggravation_stated.numerator
    convicted = found.aggravation_stated.denominator
    convictions = {STATED: stated, NOT_STATED: convicted - stated}
    counted = activities.count_activities(conn, period.start, period.end)
    by_area = {labels.label(a): counted.by_area.get(a.value, 0) for a in WorkArea}
    tables = (
        _protect("months", MONTH, months, total=True, period=period, heading=REPORTS),
        _protect("strands", STRAND, strands, total=False, period=period, heading=REPORTS),
        _protect("convictions", "", convictions, total=True, period=period, heading=CHARGES),
        _protect("activities", WORK_AREA, by_area, total=True, period=period,
                 heading=ACTIVITIES),
        _protect("reach", "", {REACHED: counted.reach}, total=False, period=period,
                 heading=PEOPLE),
    )  # fmt: skip
    return Sheet(period, generated_at or dt.datetime.now(dt.UTC), tables, share_shown(tables[2]))


def share_shown(convictions: SheetTable) -> int | None:
    """The share of convictions with the aggravation stated, in whole per cent, from the
    numbers as shown (rounded); None unless both the number stated and the total are shown
    (and the total is not zero)."""
    table = convictions.published
    stated = table.cells[0][0]
    total = table.col_totals[0] if table.col_totals is not None else None
    if stated is None or not total:
        return None
    return round(100 * stated / total)


__all__ = [
    "CAVEAT", "MARKING", "TITLE", "Sheet", "SheetRefused", "SheetTable", "build_sheet",
    "share_shown",
]  # fmt: skip
