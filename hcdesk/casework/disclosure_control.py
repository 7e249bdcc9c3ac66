"""Statistical disclosure control for the counts hcdesk shares: Hate Incident Partnership (HIP)
meeting packs, the public results sheet and the dashboard exports. Plain data in, plain data out
(no ORM, no Qt); every output that shows counts asks these rules and none restates them.
docs/partnership.md ("Disclosure control") says the same in words for a data-protection officer.

The rules, one function each:

1. **Small counts are not shown** (:func:`is_small`, :func:`primary_suppression`). A count from 1
   to ``THRESHOLD - 1`` (1 to 9) is not shown, in a cell or a total. Zero is shown: a true zero
   says nothing about any person, and ONS tables show zeros. A pack can hide zeros as well
   (``suppress_zeros=True``), for a table where "none" would itself say too much.
2. **Rounding, where the pack says so** (:func:`round_to_base`). Every count that is shown is
   rounded to the nearest ``ROUNDING_BASE`` (5); zero stays zero. A total is rounded from its own
   true value, never summed from rounded cells, so a total need not equal the sum of its rounded
   cells. The checks below are made on the true (unrounded) values, which is the stricter case:
   a reader of rounded counts knows less than a reader of exact ones.
3. **Hidden counts cannot be worked out** (:func:`lines_needing_complements`, :func:`audit`).
   Where totals are shown, one hidden count in a row is the total minus the rest. So every row,
   column and line of totals holding a hidden count holds at least two, the second chosen as the
   smallest count that could be shown ("complement"). That rule of thumb is not enough, so
   :func:`audit` then works out, for every hidden small count, the tightest range a reader can
   prove from everything shown (exact linear programming over the table's sums, counts whole and
   not negative), and :func:`protect` keeps hiding further counts until the audit is clean.
4. **Comparing packs** (:func:`differencing_risks`). Two packs for overlapping periods with the
   same rows and columns can be subtracted: a pack for January to March showing 12 and one for
   January to the first week of April showing 15 tell a reader there were 3 in that week.
   :func:`protect` is given the packs already shared with the partnership and hides further
   counts in the new one until no difference is small and nothing hidden can be worked out from
   the two packs together.

**What a reader is assumed to know** (the attacker of the audit): every value shown; that cells
add up to their totals; that counts are whole and not negative; the reason shown beside each
hidden value (so a count marked "Fewer than 10" is known to be 1 to 9, or 0 to 9 when zeros are
hidden, and a count hidden for any other reason is known to be 10 or more, because complements
are only ever chosen among counts of 10 or more); and, between two packs, that a pack for a
longer period that contains a shorter one has at least as many in every cell.

**When a hidden count is protected.** Marking a count "Fewer than 10" tells the reader it is 1
to 9; that is the accepted cost of the threshold rule (ONS publish the same). What must not
happen is the reader working the count out, or narrowing it to a few values. So:

* a hidden small count must have a provable range at least ``PROTECTION_MARGIN`` (3) wide, that
  is at least four values it could be (:func:`hidden_count_is_exposed`): "1 to 9" or "2 to 5"
  pass, "exactly 3" or "4 or 5" do not;
* a difference between packs (the count for the period one pack has and the other has not) must
  not be provably small and not zero within fewer than four values
  (:func:`difference_is_exposed`): a difference of exactly 0 is fine (identical counts for
  nested or identical periods), "exactly 3" or "between 1 and 2" are not, "0 to 2" is fine (the
  reader cannot tell whether there was a case at all), "2 to 9" is fine (no more than the
  "Fewer than 10" mark would say).

**The audit is exact for one table**: the sums of a two-way table form a network, whose linear
programme has whole-number corners, so the range the linear programme gives is the range a
reader can prove with whole numbers. Ranges are computed with exact fractions, never floats.

**What is not protected** (the limits, also in docs/partnership.md):

* Differencing is checked pack against pack: the new pack against each earlier one. A reader
  combining three or more packs (January-March, February-April and January, to get April) is
  not analysed jointly. Packs on a fixed calendar (whole months, or year to date) keep every
  useful difference a difference of two packs, which is checked.
* Between two packs the linear programme is a relaxation (the two tables together are no longer
  a network), so a reader reasoning with whole numbers might, in rare tables, prove a slightly
  narrower range than the audit finds.
* An earlier pack that was rounded is compared value by value (each rounded count stands for
  a range of five), without its sums; an unrounded earlier pack is compared with its sums.
* Packs are compared only when they have the same row and column labels (in any order). A pack
  that merges or splits categories is not compared.
* When later figures revise earlier ones (a case withdrawn, a strand corrected), a longer period
  can hold fewer than a shorter one; then the two packs are compared without the "at least as
  many" knowledge, and each difference shown is still checked.
* Totals must equal the sum of their cells. A table where a case counts in several columns
  (a case with two strands) must be given without totals, or as separate one-way tables.
* Counts only: nothing here protects free text, dates or the small areas a map would show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from hcdesk.errors import UsageError

#: A count from 1 to THRESHOLD - 1 is not shown.
THRESHOLD = 10
#: Counts are rounded to the nearest multiple of this, where the pack says so.
ROUNDING_BASE = 5
#: A hidden small count must have a provable range at least this wide (at least four values).
PROTECTION_MARGIN = 3

#: Index of a total in a position: (i, TOTAL) is row i's total, (TOTAL, j) column j's,
#: (TOTAL, TOTAL) the grand total.
TOTAL = -1

Position = tuple[int, int]


class Reason(StrEnum):
    """Why a value is not shown."""

    SMALL = "small"
    COMPLEMENT = "complement"
    DIFFERENCING = "differencing"


#: What a reader sees for each reason, in a pack, a CSV file or a PDF (and in the docs).
REASON_LABELS: Mapping[Reason, str] = {
    Reason.SMALL: f"Fewer than {THRESHOLD} — not shown",
    Reason.COMPLEMENT: "Not shown so that a hidden count cannot be worked out",
    Reason.DIFFERENCING: (
        "Not shown so that a hidden count cannot be worked out by comparing with an earlier pack"
    ),
}
#: The short mark in a table cell for a value not shown; the reason goes in a note beside it.
HIDDEN_MARK = "[c]"
#: The note under a table with rounded counts.
ROUNDING_NOTE = (
    f"Counts are rounded to the nearest {ROUNDING_BASE}; totals are rounded separately, "
    "so they may not equal the sum of the rounded counts."
)
#: The note under every table with hidden values.
HIDDEN_NOTE = (
    f"{HIDDEN_MARK}: not shown to protect the people counted. Counts of 1 to {THRESHOLD - 1} "
    "are not shown, and other counts are hidden where they would let a hidden count be worked out."
)


class DisclosureError(UsageError):
    """The table cannot be published safely (even hiding everything would not protect it)."""


# ------------------------------------------------------------------------------------ data


@dataclass(frozen=True)
class Period:
    """The days a pack counts, both ends included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class CountTable:
    """True counts, before any control. Totals that are None are not part of the table (not
    published at all); totals given must equal the sums of their cells."""

    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    row_totals: tuple[int, ...] | None = None
    col_totals: tuple[int, ...] | None = None
    grand_total: int | None = None
    period: Period | None = None

    def __post_init__(self) -> None:
        rows, cols = len(self.row_labels), len(self.col_labels)
        if rows == 0 or cols == 0:
            raise ValueError("a table needs at least one row and one column")
        if len(self.counts) != rows or any(len(r) != cols for r in self.counts):
            raise ValueError(f"counts must be {rows} rows of {cols}")
        for value in (v for r in self.counts for v in r):
            _check_count(value)
        if self.row_totals is not None:
            if len(self.row_totals) != rows:
                raise ValueError(f"row totals must be {rows} values")
            for i, total in enumerate(self.row_totals):
                if total != sum(self.counts[i]):
                    raise ValueError(
                        f"the total of row {self.row_labels[i]!r} is {total}, "
                        f"not the sum of its cells ({sum(self.counts[i])})"
                    )
        if self.col_totals is not None:
            if len(self.col_totals) != cols:
                raise ValueError(f"column totals must be {cols} values")
            for j, total in enumerate(self.col_totals):
                column = sum(r[j] for r in self.counts)
                if total != column:
                    raise ValueError(
                        f"the total of column {self.col_labels[j]!r} is {total}, "
                        f"not the sum of its cells ({column})"
                    )
        if self.grand_total is not None:
            everything = sum(v for r in self.counts for v in r)
            if self.grand_total != everything:
                raise ValueError(
                    f"the grand total is {self.grand_total}, "
                    f"not the sum of the cells ({everything})"
                )

    @classmethod
    def with_totals(
        cls,
        row_labels: Sequence[str],
        col_labels: Sequence[str],
        counts: Sequence[Sequence[int]],
        *,
        rows: bool = True,
        cols: bool = True,
        grand: bool = True,
        period: Period | None = None,
    ) -> CountTable:
        """A table with the chosen totals worked out from its cells."""
        grid = tuple(tuple(r) for r in counts)
        return cls(
            tuple(row_labels),
            tuple(col_labels),
            grid,
            tuple(sum(r) for r in grid) if rows else None,
            tuple(sum(r[j] for r in grid) for j in range(len(col_labels))) if cols else None,
            sum(v for r in grid for v in r) if grand else None,
            period,
        )

    @classmethod
    def one_way(
        cls,
        labels: Sequence[str],
        counts: Sequence[int],
        *,
        total: bool = True,
        heading: str = "Count",
        period: Period | None = None,
    ) -> CountTable:
        """A list of counts with (optionally) its total: one column, its total the list's."""
        return cls.with_totals(
            labels, (heading,), [[c] for c in counts], rows=False, cols=total, grand=False,
            period=period,
        )

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.row_labels), len(self.col_labels)

    def positions(self) -> list[Position]:
        return _positions(
            *self.shape,
            self.row_totals is not None,
            self.col_totals is not None,
            self.grand_total is not None,
        )

    def value(self, pos: Position) -> int:
        i, j = pos
        if i != TOTAL and j != TOTAL:
            return self.counts[i][j]
        if i != TOTAL:
            assert self.row_totals is not None
            return self.row_totals[i]
        if j != TOTAL:
            assert self.col_totals is not None
            return self.col_totals[j]
        assert self.grand_total is not None
        return self.grand_total


@dataclass(frozen=True)
class PublishedTable:
    """A table as shown: each value an int, or None where it is not shown, with the reason for
    each value not shown (keyed by position). This is also how earlier packs are given back to
    :func:`protect` and :func:`differencing_risks` (plain data, as they were published)."""

    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...] | None = None
    col_totals: tuple[int | None, ...] | None = None
    grand_total: int | None = None
    has_grand_total: bool = False
    reasons: Mapping[Position, Reason] = field(default_factory=dict)
    period: Period | None = None
    #: 1 for exact counts, ROUNDING_BASE where the counts shown were rounded.
    rounding_base: int = 1
    #: Whether zeros were hidden too (a pack states its rule, so a reader knows it).
    suppress_zeros: bool = False

    def __post_init__(self) -> None:
        rows, cols = len(self.row_labels), len(self.col_labels)
        if len(self.cells) != rows or any(len(r) != cols for r in self.cells):
            raise ValueError(f"cells must be {rows} rows of {cols}")
        if self.row_totals is not None and len(self.row_totals) != rows:
            raise ValueError(f"row totals must be {rows} values")
        if self.col_totals is not None and len(self.col_totals) != cols:
            raise ValueError(f"column totals must be {cols} values")
        if self.grand_total is not None and not self.has_grand_total:
            raise ValueError("a grand total is given but has_grand_total is False")
        hidden = {p for p in self.positions() if self.value(p) is None}
        if set(self.reasons) != hidden:
            raise ValueError("every value not shown needs a reason, and only those")

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.row_labels), len(self.col_labels)

    def positions(self) -> list[Position]:
        return _positions(
            *self.shape, self.row_totals is not None, self.col_totals is not None,
            self.has_grand_total,
        )

    def value(self, pos: Position) -> int | None:
        i, j = pos
        if i != TOTAL and j != TOTAL:
            return self.cells[i][j]
        if i != TOTAL:
            return self.row_totals[i] if self.row_totals is not None else None
        if j != TOTAL:
            return self.col_totals[j] if self.col_totals is not None else None
        return self.grand_total

    def reason(self, pos: Position) -> Reason | None:
        return self.reasons.get(pos)

    def label(self, pos: Position) -> str | None:
        """What a reader sees for a value not shown (None for a value shown)."""
        reason = self.reasons.get(pos)
        return REASON_LABELS[reason] if reason is not None else None


@dataclass(frozen=True)
class Disclosure:
    """A value a reader could work out, or narrow too far, from what is shown."""

    position: Position
    low: int
    high: int | None  # None: no upper limit
    #: "hidden count" (a count not shown) or "difference" (between this pack and ``earlier``)
    kind: str
    #: the period of the earlier pack, for a difference (or an earlier pack's hidden count)
    earlier: Period | None = None
    #: for a hidden count: whether it is in the earlier pack rather than this one
    in_earlier: bool = False

    def __str__(self) -> str:
        span = (
            f"exactly {self.low}" if self.high == self.low
            else f"between {self.low} and {self.high}" if self.high is not None
            else f"at least {self.low}"
        )
        where = _describe(self.position)
        if self.kind == "difference":
            return (
                f"comparing with the pack for {self.earlier}, the difference at {where} is {span}"
            )
        pack = " of the earlier pack" if self.in_earlier else ""
        return f"the hidden count at {where}{pack} can be worked out as {span}"


def _describe(pos: Position) -> str:
    i, j = pos
    if i == TOTAL and j == TOTAL:
        return "the grand total"
    if j == TOTAL:
        return f"the total of row {i + 1}"
    if i == TOTAL:
        return f"the total of column {j + 1}"
    return f"row {i + 1}, column {j + 1}"


def _check_count(value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"a count must be a whole number, 0 or more (not {value!r})")


def _positions(rows: int, cols: int, has_rows: bool, has_cols: bool, has_grand: bool
               ) -> list[Position]:
    found = [(i, j) for i in range(rows) for j in range(cols)]
    if has_rows:
        found += [(i, TOTAL) for i in range(rows)]
    if has_cols:
        found += [(TOTAL, j) for j in range(cols)]
    if has_grand:
        found.append((TOTAL, TOTAL))
    return found


def table_lines(rows: int, cols: int, has_rows: bool, has_cols: bool, has_grand: bool
                ) -> list[tuple[Position, list[Position]]]:
    """Each sum a table shows, as (total, the values it adds up)."""
    lines: list[tuple[Position, list[Position]]] = []
    if has_rows:
        lines += [((i, TOTAL), [(i, j) for j in range(cols)]) for i in range(rows)]
    if has_cols:
        lines += [((TOTAL, j), [(i, j) for i in range(rows)]) for j in range(cols)]
    if has_grand:
        grand = (TOTAL, TOTAL)
        if has_rows:
            lines.append((grand, [(i, TOTAL) for i in range(rows)]))
        if has_cols:
            lines.append((grand, [(TOTAL, j) for j in range(cols)]))
        if not has_rows and not has_cols:
            lines.append((grand, [(i, j) for i in range(rows) for j in range(cols)]))
    return lines


def _lines_of(table: CountTable | PublishedTable) -> list[tuple[Position, list[Position]]]:
    has_grand = (
        table.has_grand_total if isinstance(table, PublishedTable)
        else table.grand_total is not None
    )
    return table_lines(
        *table.shape, table.row_totals is not None, table.col_totals is not None, has_grand
    )


# ------------------------------------------------------------------------------ rule 1


def is_small(count: int, *, suppress_zeros: bool = False) -> bool:
    """Rule 1: a count from 1 to THRESHOLD - 1 is not shown (and 0 too, if zeros are hidden)."""
    return 0 < count < THRESHOLD or (suppress_zeros and count == 0)


def primary_suppression(table: CountTable, *, suppress_zeros: bool = False
                        ) -> dict[Position, Reason]:
    """Rule 1 over a table: every small cell and every small total."""
    return {
        pos: Reason.SMALL
        for pos in table.positions()
        if is_small(table.value(pos), suppress_zeros=suppress_zeros)
    }


# ------------------------------------------------------------------------------ rule 2


def round_to_base(count: int, base: int = ROUNDING_BASE) -> int:
    """Rule 2: the nearest multiple of ``base`` (halves up); 0 stays 0. Applied only to counts
    that are shown, so never to a count from 1 to THRESHOLD - 1."""
    _check_count(count)
    return ((count + base // 2) // base) * base


# ------------------------------------------------------------------------------ rule 3


def lines_needing_complements(table: CountTable, hidden: Mapping[Position, Reason]
                              ) -> list[tuple[Position, list[Position]]]:
    """Rule 3 (rule of thumb): the sums that hold exactly one hidden value, which the sum would
    give away. Each needs a second hidden value."""
    return [
        (total, parts)
        for total, parts in _lines_of(table)
        if sum(p in hidden for p in [total, *parts]) == 1
    ]


def _publishable(table: CountTable, hidden: Mapping[Position, Reason], pos: Position) -> bool:
    """A value that can be hidden as a complement: shown so far, and THRESHOLD or more (so the
    reason beside it tells a reader it is at least THRESHOLD, which :func:`audit` assumes)."""
    return pos not in hidden and table.value(pos) >= THRESHOLD


def _smallest(table: CountTable, hidden: Mapping[Position, Reason],
              candidates: Iterable[Position]) -> Position | None:
    """The complement that hides least: the smallest count, a cell before a total."""
    options = [p for p in candidates if _publishable(table, hidden, p)]
    if not options:
        return None
    return min(options, key=lambda p: (table.value(p), TOTAL in p, p))


def _best_complement(
    table: CountTable, hidden: Mapping[Position, Reason], candidates: Iterable[Position],
    lines: Sequence[tuple[Position, list[Position]]],
) -> Position | None:
    """The complement for a sum that holds one hidden value: one that also completes another
    such sum if there is one, else one that starts as few new ones as it can; then the
    smallest count."""

    def score(pos: Position) -> tuple[int, int, bool, Position]:
        others = [[t, *ps] for t, ps in lines if pos in (t, *ps)]
        counts = [sum(p in hidden for p in members) for members in others]
        completes = sum(c == 1 for c in counts)
        starts = sum(c == 0 for c in counts)
        return (starts - completes, table.value(pos), TOTAL in pos, pos)

    options = [p for p in candidates if _publishable(table, hidden, p)]
    return min(options, key=score) if options else None


def hidden_count_is_exposed(low: int, high: int | None, margin: int = PROTECTION_MARGIN) -> bool:
    """The protection test for a hidden small count: exposed when a reader can prove it lies in
    a range narrower than ``margin`` (exactly one value, or only a few)."""
    return high is not None and high - low < margin


def difference_is_exposed(low: int, high: int | None, margin: int = PROTECTION_MARGIN) -> bool:
    """The protection test for a difference between packs (a count for the days one pack covers
    and the other does not): exposed when a reader can prove it is at least 1 and less than
    THRESHOLD at its low end, within a range narrower than ``margin``. A difference of exactly 0
    is not exposed (no case in those days says nothing about any person)."""
    return 1 <= low < THRESHOLD and high is not None and high - low < margin


def _hidden_bounds(reason: Reason, suppress_zeros: bool) -> tuple[int, int | None]:
    """What the reason beside a hidden value tells a reader about it."""
    if reason is Reason.SMALL:
        return (0 if suppress_zeros else 1), THRESHOLD - 1
    return THRESHOLD, None


def audit(table: PublishedTable, *, margin: int = PROTECTION_MARGIN) -> list[Disclosure]:
    """Rule 3 (the auditor): every hidden small count a reader could work out, or narrow to
    fewer than ``margin`` + 1 values, from what the table shows. Exact linear programming over
    the table's sums (exact for a single table: see the module's notes). ``table`` must hold the
    counts as they would be shown without rounding; rounding only hides more."""
    if table.rounding_base != 1:
        raise ValueError("audit the table before rounding (rounding only hides more)")
    found: list[Disclosure] = []
    try:
        model = _Model()
        exprs = model.add_table(table)
        for pos, reason in table.reasons.items():
            if reason is not Reason.SMALL or model.at_least_this_wide(exprs[pos], margin):
                continue
            low, high = model.range_of(exprs[pos])
            if hidden_count_is_exposed(low, high, margin):
                found.append(Disclosure(pos, low, high, "hidden count"))
    except _Infeasible:
        raise ValueError(
            "the table does not add up: no counts fit its sums and what the reasons beside "
            "its hidden values say of them"
        ) from None
    return found


def audit_together(
    tables: Sequence[PublishedTable], same: Sequence[Position], *,
    margin: int = PROTECTION_MARGIN,
) -> list[tuple[int, Disclosure]]:
    """Rule 3 across tables that count the same things (a pack's tables of one period's
    cases): ``same[k]`` is the position in ``tables[k]`` of the value all of them share, such as
    the total number of cases. Every hidden small count a reader could work out, or narrow to
    fewer than ``margin`` + 1 values, from all the tables at once, with the index of its table.
    A total hidden in one table and shown, or added up, in another is no protection: this is
    the audit that sees it."""
    if len(tables) != len(same):
        raise ValueError("give the shared position of every table")
    if any(t.rounding_base != 1 for t in tables):
        raise ValueError("audit the tables before rounding (rounding only hides more)")
    found: list[tuple[int, Disclosure]] = []
    try:
        model = _Model()
        exprs = [model.add_table(t) for t in tables]
        for k in range(1, len(tables)):
            model.equal_zero(_minus(exprs[k][same[k]], exprs[0][same[0]]))
        for k, table in enumerate(tables):
            for pos, reason in table.reasons.items():
                expr = exprs[k][pos]
                if reason is not Reason.SMALL or model.at_least_this_wide(expr, margin):
                    continue
                low, high = model.range_of(expr)
                if hidden_count_is_exposed(low, high, margin):
                    found.append((k, Disclosure(pos, low, high, "hidden count")))
    except _Infeasible:
        raise ValueError(
            "the tables do not add up together: no counts fit all of their sums at once"
        ) from None
    return found


# ------------------------------------------------------------------------------ rule 4


def _aligned(earlier: PublishedTable, later: PublishedTable) -> dict[Position, Position] | None:
    """Where each of the later table's positions is in the earlier one, or None when the two
    do not have the same rows and columns (then they are not compared)."""
    if set(earlier.row_labels) != set(later.row_labels) or set(earlier.col_labels) != set(
        later.col_labels
    ):
        return None
    row = {label: i for i, label in enumerate(earlier.row_labels)}
    col = {label: j for j, label in enumerate(earlier.col_labels)}
    present = set(earlier.positions())
    mapping: dict[Position, Position] = {}
    for i, j in later.positions():
        target = (
            row[later.row_labels[i]] if i != TOTAL else TOTAL,
            col[later.col_labels[j]] if j != TOTAL else TOTAL,
        )
        if target in present:
            mapping[(i, j)] = target
    return mapping


def differencing_risks(
    earlier: PublishedTable, later: PublishedTable, *, margin: int = PROTECTION_MARGIN
) -> list[Disclosure]:
    """Rule 4: what a reader of both packs could work out by comparing them. For periods that
    overlap: every difference (later minus earlier, value by value) that is exposed
    (:func:`difference_is_exposed`, either way round where neither period holds the other), and
    every hidden small count of either pack that the two together expose. Positions are the
    later pack's. ``later`` holds its counts as they would be shown without rounding."""
    if earlier.period is None or later.period is None:
        return []
    if not earlier.period.overlaps(later.period):
        return []
    mapping = _aligned(earlier, later)
    if mapping is None:
        return []
    if later.rounding_base != 1:
        raise ValueError("check the new pack before rounding (rounding only hides more)")
    later_holds = later.period.contains(earlier.period)  # later - earlier >= 0
    earlier_holds = earlier.period.contains(later.period)  # earlier - later >= 0
    if earlier.rounding_base != 1:
        return _rounded_differences(earlier, later, mapping, later_holds, earlier_holds, margin)
    for ordered in (True, False):
        model = _Model()
        new = model.add_table(later)
        old = model.add_table(earlier)
        try:
            if ordered:
                for pos, target in mapping.items():
                    if later_holds:
                        model.at_least_zero(_minus(new[pos], old[target]))
                    if earlier_holds:
                        model.at_least_zero(_minus(old[target], new[pos]))
            model.check()
        except _Infeasible:
            if ordered:  # later figures revise earlier ones: compare without the ordering
                continue
            raise ValueError(
                "the two packs contradict themselves (their sums do not add up)"
            ) from None
        break
    found: list[Disclosure] = []
    for pos, target in mapping.items():
        difference = _minus(new[pos], old[target])
        if model.at_least_this_wide(difference, margin):
            continue  # neither exposed one way nor the other
        low, high = model.range_of(difference)
        exposed = difference_is_exposed(low, high, margin)
        if not later_holds:  # the earlier pack may hold more: the other way round as well
            exposed = exposed or difference_is_exposed(*_negated(low, high), margin)
        if exposed:
            found.append(Disclosure(pos, low, high, "difference", earlier.period))
    back = {target: pos for pos, target in mapping.items()}
    for pub, exprs, is_earlier in ((later, new, False), (earlier, old, True)):
        for pos, reason in pub.reasons.items():
            if reason is not Reason.SMALL or model.at_least_this_wide(exprs[pos], margin):
                continue
            low, high = model.range_of(exprs[pos])
            if hidden_count_is_exposed(low, high, margin):
                where = back.get(pos) if is_earlier else pos
                if where is not None:
                    found.append(
                        Disclosure(where, low, high, "hidden count", earlier.period, is_earlier)
                    )
    return found


def _negated(low: int, high: int | None) -> tuple[int, int | None]:
    if high is None:  # the negation has no lower limit: never exposed
        return -(10**9), -low
    return -high, -low


def _rounded_differences(
    earlier: PublishedTable, later: PublishedTable, mapping: Mapping[Position, Position],
    later_holds: bool, earlier_holds: bool, margin: int,
) -> list[Disclosure]:
    """Rule 4 against a rounded earlier pack: value by value, each rounded count standing for
    the range of true counts that round to it."""
    half = earlier.rounding_base // 2
    single = _Model()
    new = single.add_table(later)
    found: list[Disclosure] = []
    for pos, target in mapping.items():
        n_low, n_high = single.range_of(new[pos])
        shown = earlier.value(target)
        if shown is None:
            e_low, e_high = _hidden_bounds(earlier.reasons[target], earlier.suppress_zeros)
        elif shown == 0:
            e_low, e_high = 0, 0
        else:
            e_low, e_high = max(THRESHOLD, shown - half), shown + half
        low = n_low - e_high if e_high is not None else -(10**9)
        high = n_high - e_low if n_high is not None else None
        if later_holds:
            low = max(low, 0)
        if earlier_holds:
            high = 0 if high is None else min(high, 0)
        exposed = difference_is_exposed(low, high, margin)
        if not later_holds:
            exposed = exposed or difference_is_exposed(*_negated(low, high), margin)
        if exposed:
            found.append(Disclosure(pos, low, high, "difference", earlier.period))
    return found


# ------------------------------------------------------------------------------ protect


def publish(
    table: CountTable,
    hidden: Mapping[Position, Reason],
    *,
    suppress_zeros: bool = False,
    rounding_base: int = 1,
) -> PublishedTable:
    """The table as shown, with ``hidden`` not shown and the rest rounded to ``rounding_base``
    (1: exact). Applies no rule itself: :func:`protect` decides what is hidden."""

    def shown(pos: Position) -> int | None:
        if pos in hidden:
            return None
        value = table.value(pos)
        return round_to_base(value, rounding_base) if rounding_base > 1 else value

    rows, cols = table.shape
    return PublishedTable(
        table.row_labels,
        table.col_labels,
        tuple(tuple(shown((i, j)) for j in range(cols)) for i in range(rows)),
        tuple(shown((i, TOTAL)) for i in range(rows)) if table.row_totals is not None else None,
        tuple(shown((TOTAL, j)) for j in range(cols)) if table.col_totals is not None else None,
        shown((TOTAL, TOTAL)) if table.grand_total is not None else None,
        table.grand_total is not None,
        dict(hidden),
        table.period,
        rounding_base,
        suppress_zeros,
    )


def protect(
    table: CountTable,
    *,
    suppress_zeros: bool = False,
    rounded: bool = False,
    earlier: Sequence[PublishedTable] = (),
    margin: int = PROTECTION_MARGIN,
) -> PublishedTable:
    """All the rules: the table as it may be shared. Small counts hidden (rule 1), every sum
    with a hidden value holding two (rule 3), more complements until :func:`audit` is clean,
    more hidden until no comparison with an ``earlier`` pack for an overlapping period exposes
    anything (rule 4, checked again by the audit), then rounded if ``rounded`` (rule 2).
    Raises :class:`DisclosureError` if even hiding every count of 10 or more would not do."""
    hidden = primary_suppression(table, suppress_zeros=suppress_zeros)
    lines = _lines_of(table)
    while True:
        needy = lines_needing_complements(table, hidden)
        if needy:
            total, parts = needy[0]
            pick = _best_complement(table, hidden, [total, *parts], lines)
            if pick is None:  # cannot happen: the sum itself would be small (see the docs)
                raise DisclosureError("This table cannot be shared safely.")
            hidden[pick] = Reason.COMPLEMENT
            continue
        pattern = publish(table, hidden, suppress_zeros=suppress_zeros)
        findings = audit(pattern, margin=margin)
        reason = Reason.COMPLEMENT
        if not findings:
            findings = [d for pack in earlier for d in differencing_risks(pack, pattern,
                                                                          margin=margin)]
            reason = Reason.DIFFERENCING
        if not findings:
            break
        # One value more per round, then the audit again: a second finding of the same round
        # is often answered by the first addition, and hiding for it too would hide more
        # than the table needs.
        finding = findings[0]
        pos = finding.position
        if _publishable(table, hidden, pos):
            hidden[pos] = reason
            continue
        near = [p for total, parts in lines if pos in [total, *parts] for p in [total, *parts]]
        pick = _smallest(table, hidden, near) or _smallest(table, hidden, table.positions())
        if pick is None:
            raise DisclosureError(
                "This table cannot be shared safely even with every count hidden: "
                f"{finding}. Share it with fewer rows or columns, or for a longer period."
            )
        hidden[pick] = reason
    if rounded:
        return publish(table, hidden, suppress_zeros=suppress_zeros, rounding_base=ROUNDING_BASE)
    return pattern


# ------------------------------------------------------------------ the linear programme

_Expr = tuple[dict[int, int], int]  # sum of coefficient * variable, plus a constant


def _minus(a: _Expr, b: _Expr) -> _Expr:
    coeffs = dict(a[0])
    for k, v in b[0].items():
        coeffs[k] = coeffs.get(k, 0) - v
    return {k: v for k, v in coeffs.items() if v}, a[1] - b[1]


class _Infeasible(Exception):
    """No table of counts fits what is shown (the published values contradict each other)."""


class _Model:
    """What a reader knows, as linear constraints over the values not shown (whole numbers
    within bounds, sums equal to totals); :meth:`range_of` gives the tightest range of a value."""

    def __init__(self) -> None:
        self.lower: list[int] = []
        self.upper: list[int | None] = []
        self.equations: list[_Expr] = []  # each expression == 0
        self._lp: _Simplex | None = None

    def var(self, low: int, high: int | None) -> int:
        self._lp = None
        self.lower.append(low)
        self.upper.append(high)
        return len(self.lower) - 1

    def equal_zero(self, expr: _Expr) -> None:
        self._lp = None
        coeffs, const = expr
        if not coeffs:
            if const != 0:
                raise _Infeasible
            return
        self.equations.append(expr)

    def at_least_zero(self, expr: _Expr) -> None:
        coeffs, const = expr
        if not coeffs:
            if const < 0:
                raise _Infeasible
            return
        slack = self.var(0, None)
        self.equal_zero(({**coeffs, slack: -1}, const))

    def add_table(self, table: PublishedTable) -> dict[Position, _Expr]:
        exprs: dict[Position, _Expr] = {}
        for pos in table.positions():
            value = table.value(pos)
            if value is None:
                exprs[pos] = ({self.var(*_hidden_bounds(table.reasons[pos],
                                                        table.suppress_zeros)): 1}, 0)
            else:
                exprs[pos] = ({}, value)
        for total, parts in _lines_of(table):
            expr = exprs[total]
            for part in parts:
                expr = _minus(expr, exprs[part])
            self.equal_zero(expr)
        return exprs

    def check(self) -> _Simplex:
        """The linear programme (raises _Infeasible when nothing fits what is shown)."""
        if self._lp is None:
            self._lp = _Simplex(len(self.lower), self.equations, self.lower, self.upper)
        return self._lp

    def at_least_this_wide(self, expr: _Expr, width: int) -> bool:
        """Whether tables already found fitting what is shown put ``expr`` at least ``width``
        apart (then its range is at least that wide, with no further programme to solve)."""
        return bool(expr[0]) and self.check().spread(expr[0]) >= width

    def range_of(self, expr: _Expr) -> tuple[int, int | None]:
        coeffs, const = expr
        if not coeffs:
            return const, const
        lp = self.check()
        low = lp.minimum(coeffs)
        high = lp.minimum({k: -v for k, v in coeffs.items()})
        assert low is not None  # every variable has a lower bound
        # The optimum is a whole number for a network; rounding inwards is valid in any case.
        return const + _ceil(low), (None if high is None else const + _floor(-high))


def _ceil(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)


def _floor(x: Fraction) -> int:
    return x.numerator // x.denominator


class _Simplex:
    """Exact simplex (fractions, Bland's rule) for min c.x over {A x = b, lower <= x <= upper}.
    Phase one is solved once; each objective starts from the feasible basis it found."""

    def __init__(self, n: int, equations: Sequence[_Expr], lower: Sequence[int],
                 upper: Sequence[int | None]) -> None:
        self.n = n
        self.lower = list(lower)
        rows: list[tuple[dict[int, int], int]] = []
        for coeffs, const in equations:  # sum a x + const = 0, x = lower + y
            rows.append((coeffs, -const - sum(a * lower[k] for k, a in coeffs.items())))
        slacks = 0
        for k in range(n):
            high = upper[k]
            if high is not None:
                if high < lower[k]:
                    raise _Infeasible
                rows.append(({k: 1, n + slacks: 1}, high - lower[k]))
                slacks += 1
        self.cols = n + slacks
        m = len(rows)
        width = self.cols + m
        zero = Fraction(0)
        table: list[list[Fraction]] = []
        for i, (coeffs, rhs) in enumerate(rows):
            sign = -1 if rhs < 0 else 1
            row = [zero] * (width + 1)
            for k, a in coeffs.items():
                row[k] = Fraction(sign * a)
            row[self.cols + i] = Fraction(1)
            row[width] = Fraction(sign * rhs)
            table.append(row)
        basis = [self.cols + i for i in range(m)]
        cost = [zero] * self.cols + [Fraction(1)] * m
        value = _optimise(table, basis, cost, width)
        if value is None or value > 0:
            raise _Infeasible
        keep: list[int] = []
        for i in range(m):  # drive the artificial variables out of the basis
            if basis[i] >= self.cols:
                j = next((j for j in range(self.cols) if table[i][j] != 0), None)
                if j is None:
                    continue  # a redundant equation
                _pivot(table, basis, i, j)
            keep.append(i)
        self.table = [[*table[i][: self.cols], table[i][width]] for i in keep]
        self.basis = [basis[i] for i in keep]
        #: feasible points found so far (each a value for every variable)
        self.points: list[list[Fraction]] = []

    def spread(self, coeffs: Mapping[int, int]) -> Fraction:
        """How far apart the feasible points found so far put a linear expression: a range the
        reader cannot narrow below (each point is a table that fits what is shown)."""
        values = [sum((a * p[k] for k, a in coeffs.items()), Fraction(0)) for p in self.points]
        return max(values) - min(values) if values else Fraction(0)

    def minimum(self, coeffs: Mapping[int, int]) -> Fraction | None:
        """min of sum coeffs[k] * x[k] (None: no lower limit)."""
        cost = [Fraction(0)] * self.cols
        for k, a in coeffs.items():
            cost[k] = Fraction(a)
        table = [row[:] for row in self.table]
        basis = self.basis[:]
        value = _optimise(table, basis, cost, self.cols)
        if value is None:
            return None
        point = [Fraction(v) for v in self.lower]
        for i, k in enumerate(basis):
            if k < self.n:
                point[k] += table[i][-1]
        self.points.append(point)
        return value + sum(Fraction(a * self.lower[k]) for k, a in coeffs.items())


def _pivot(table: list[list[Fraction]], basis: list[int], r: int, c: int) -> None:
    pivot_row = table[r]
    p = pivot_row[c]
    if p != 1:
        table[r] = pivot_row = [v / p for v in pivot_row]
    for i, row in enumerate(table):
        if i != r:
            f = row[c]
            if f != 0:
                table[i] = [a - f * b for a, b in zip(row, pivot_row, strict=True)]
    basis[r] = c


def _optimise(table: list[list[Fraction]], basis: list[int], cost: Sequence[Fraction],
              allowed: int) -> Fraction | None:
    """Phase two from a feasible basis over columns < allowed; the minimum, None if unbounded."""
    m = len(table)
    while True:
        in_basis = set(basis)
        entering = -1
        for j in range(allowed):
            if j in in_basis:
                continue
            reduced = cost[j] - sum(cost[basis[i]] * table[i][j] for i in range(m)
                                    if table[i][j] != 0)
            if reduced < 0:
                entering = j
                break
        if entering < 0:
            return sum((cost[basis[i]] * table[i][-1] for i in range(m)), Fraction(0))
        best: tuple[Fraction, int, int] | None = None
        for i in range(m):
            a = table[i][entering]
            if a > 0:
                key = (table[i][-1] / a, basis[i], i)
                if best is None or key < best:
                    best = key
        if best is None:
            return None
        _pivot(table, basis, best[2], entering)
