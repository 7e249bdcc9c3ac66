"""Disclosure control for partnership packs (hcdesk.casework.disclosure_control): one test per
rule with fixed examples, and property tests that check the published tables against an
attacker written here independently (every table of whole counts that fits what is shown,
enumerated by brute force on small tables)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import hypothesis
import pytest
from hypothesis import strategies as st

from hcdesk.casework import disclosure_control as dc
from hcdesk.casework.disclosure_control import (
    TOTAL,
    CountTable,
    Period,
    Position,
    PublishedTable,
    Reason,
)

T = dc.THRESHOLD


def grid(
    n_rows: int, n_cols: int, counts: list[list[int]], /, *, rows: bool = True,
    cols: bool = True, grand: bool = True, period: Period | None = None,
) -> CountTable:
    return CountTable.with_totals(
        [f"r{i}" for i in range(n_rows)], [f"c{j}" for j in range(n_cols)], counts,
        rows=rows, cols=cols, grand=grand, period=period,
    )


def shown(pub: PublishedTable) -> list[tuple[Position, int]]:
    return [(p, v) for p in pub.positions() if (v := pub.value(p)) is not None]


# --------------------------------------------------------------- the independent attacker


def feasible_tables(pub: PublishedTable, cap: int) -> Iterator[dict[Position, int]]:
    """Every table of whole counts 0..cap that fits what ``pub`` shows, its sums and the reason
    beside each hidden value (small: 1..9, or 0..9 when zeros are hidden; otherwise 10 or more).
    Brute force over the hidden cells in reading order, a plain search that never uses the
    auditor's linear programme: a sum is checked as soon as its last cell is chosen, and the
    most its total can be bounds the cells still to choose in it."""
    rows, cols = pub.shape
    present = set(pub.positions())
    small_low = 0 if pub.suppress_zeros else 1

    def bounds(pos: Position) -> tuple[int, int]:
        known = pub.value(pos)
        if known is not None:
            return known, known
        return (small_low, T - 1) if pub.reasons[pos] is Reason.SMALL else (T, cap)

    cells = [(i, j) for i in range(rows) for j in range(cols)]
    hidden = [p for p in cells if pub.value(p) is None]
    lines: list[tuple[Position, list[Position]]] = []  # each total and the cells it adds up
    for total in present:
        i, j = total
        if TOTAL in total:
            lines.append((total, [
                (a, b) for a, b in cells if (i == TOTAL or a == i) and (j == TOTAL or b == j)
            ]))
    table: dict[Position, int] = {p: v for p in cells if (v := pub.value(p)) is not None}

    def search(k: int) -> Iterator[dict[Position, int]]:
        if k == len(hidden):
            whole = dict(table)
            for total, members in lines:
                whole[total] = sum(table[q] for q in members)
            yield whole
            return
        pos = hidden[k]
        low, high = bounds(pos)
        mine = [(total, members) for total, members in lines if pos in members]
        for total, members in mine:
            rest = [q for q in members if q not in table and q != pos]
            spare = bounds(total)[1] - sum(table[q] for q in members if q in table)
            high = min(high, spare - sum(bounds(q)[0] for q in rest))
        for value in range(low, high + 1):
            table[pos] = value
            if all(
                bounds(total)[0] <= sum(table[q] for q in members) <= bounds(total)[1]
                for total, members in mine
                if all(q in table for q in members)
            ):
                yield from search(k + 1)
            del table[pos]

    yield from search(0)


def attacker_ranges(pub: PublishedTable, cap: int) -> dict[Position, tuple[int, int]]:
    lows: dict[Position, int] = {}
    highs: dict[Position, int] = {}
    for table in feasible_tables(pub, cap):
        for pos in pub.reasons:
            lows[pos] = min(lows.get(pos, table[pos]), table[pos])
            highs[pos] = max(highs.get(pos, table[pos]), table[pos])
    return {p: (lows[p], highs[p]) for p in lows}


# ------------------------------------------------------------------------------- rule 1


def test_is_small() -> None:
    assert [n for n in range(15) if dc.is_small(n)] == list(range(1, 10))
    assert dc.is_small(0, suppress_zeros=True)
    assert not dc.is_small(10, suppress_zeros=True)


def test_primary_suppression_hides_small_cells_and_totals_and_shows_zeros() -> None:
    table = grid(2, 2, [[0, 4], [20, 30]])
    hidden = dc.primary_suppression(table)
    assert hidden == {(0, 1): Reason.SMALL, (0, TOTAL): Reason.SMALL}
    assert (0, 0) not in hidden  # zero shown
    zeros = dc.primary_suppression(table, suppress_zeros=True)
    assert zeros[(0, 0)] is Reason.SMALL


# ------------------------------------------------------------------------------- rule 2


def test_round_to_base() -> None:
    assert [dc.round_to_base(n) for n in (0, 10, 12, 13, 17, 18, 22, 23)] == [
        0, 10, 10, 15, 15, 20, 20, 25,
    ]


def test_totals_are_rounded_from_their_own_values_not_summed() -> None:
    table = grid(1, 3, [[12, 12, 12]], cols=False, grand=False)
    pub = dc.protect(table, rounded=True)
    assert pub.cells == ((10, 10, 10),)
    assert pub.row_totals == (35,)  # 36 rounded, not 30
    assert pub.rounding_base == dc.ROUNDING_BASE


def test_rounding_never_shows_a_small_count_and_keeps_the_same_hidden_cells() -> None:
    table = grid(2, 3, [[3, 12, 14], [17, 22, 11]])
    exact = dc.protect(table)
    rounded = dc.protect(table, rounded=True)
    assert rounded.reasons == exact.reasons
    assert all(v % 5 == 0 and (v == 0 or v >= T) for _, v in shown(rounded))


# ------------------------------------------------------------------------------- rule 3


def test_a_lone_hidden_cell_in_a_row_is_found_by_the_audit() -> None:
    pub = PublishedTable(
        ("a", "b"), ("x", "y"), ((None, 12), (15, 20)), (None, 35), (18, 32), 50, True,
        {(0, 0): Reason.SMALL, (0, TOTAL): Reason.COMPLEMENT},
    )
    found = dc.audit(pub)
    assert {d.position for d in found} == {(0, 0)}
    cell = next(d for d in found if d.position == (0, 0))
    assert (cell.low, cell.high) == (3, 3)
    assert "exactly 3" in str(cell)


def test_the_audit_says_when_a_table_does_not_add_up() -> None:
    # a row total of 15 marked "fewer than 10": no counts fit, and the audit says so
    pub = PublishedTable(
        ("a", "b"), ("x", "y"), ((None, 12), (15, 20)), (None, 35), (18, 32), 50, True,
        {(0, 0): Reason.SMALL, (0, TOTAL): Reason.SMALL},
    )
    with pytest.raises(ValueError, match="does not add up"):
        dc.audit(pub)


def test_a_total_hidden_in_one_table_and_added_up_in_another_is_found() -> None:
    # Alone, the 3 is 1 to 9 (the total is hidden too). Beside a table of the same cases that
    # shows all its counts, the total is 33, so 3 + the 10 = 13 and the 3 is 1, 2 or 3.
    alone = PublishedTable(
        ("a", "b", "c"), ("cases",), ((None,), (None,), (20,)), None, (None,), None, False,
        {(0, 0): Reason.SMALL, (1, 0): Reason.COMPLEMENT, (TOTAL, 0): Reason.COMPLEMENT},
    )
    assert dc.audit(alone) == []
    beside = PublishedTable(
        ("x", "y"), ("cases",), ((15,), (18,)), None, (None,), None, False,
        {(TOTAL, 0): Reason.COMPLEMENT},
    )
    found = dc.audit_together([alone, beside], [(TOTAL, 0), (TOTAL, 0)])
    assert [(k, d.position, d.low, d.high) for k, d in found] == [(0, (0, 0), 1, 3)]
    assert attacker_ranges(alone, cap=100)[(0, 0)] == (1, 9)  # what the table alone allows


def test_two_hidden_per_row_and_column_is_not_enough() -> None:
    # Every row and column with a hidden value holds two, but the complement of 10 is known
    # (from its reason) to be at least 10, so the 3 beside it is 1, 2 or 3.
    pub = PublishedTable(
        ("a", "b"), ("x", "y", "z"),
        ((None, None, 20), (None, None, 30)), (33, 110), (28, 65, 50), 143, True,
        {(0, 0): Reason.SMALL, (0, 1): Reason.COMPLEMENT, (1, 0): Reason.COMPLEMENT,
         (1, 1): Reason.COMPLEMENT},
    )
    assert dc.lines_needing_complements(
        grid(2, 3, [[3, 10, 20], [25, 55, 30]]), pub.reasons
    ) == []
    found = dc.audit(pub)
    assert [(d.position, d.low, d.high) for d in found] == [((0, 0), 1, 3)]
    assert attacker_ranges(pub, cap=143)[(0, 0)] == (1, 3)


def test_protect_adds_complements_until_the_audit_is_clean() -> None:
    table = grid(2, 3, [[3, 10, 20], [25, 55, 30]])
    pub = dc.protect(table)
    assert dc.audit(pub) == []
    ranges = attacker_ranges(pub, cap=table.grand_total or 0)
    low, high = ranges[(0, 0)]
    assert high - low >= dc.PROTECTION_MARGIN
    assert pub.reason((0, 0)) is Reason.SMALL
    assert pub.label((0, 0)) == "Fewer than 10 — not shown"
    assert any(r is Reason.COMPLEMENT for r in pub.reasons.values())


def test_a_one_way_table() -> None:
    pub = dc.protect(CountTable.one_way(["a", "b", "c"], [3, 15, 20]))
    assert pub.cells == ((None,), (None,), (20,)) and pub.col_totals == (38,)
    assert pub.reason((1, 0)) is Reason.COMPLEMENT
    # Two small counts that add up to 2 pin each other: the 30 is hidden too.
    pub = dc.protect(CountTable.one_way(["a", "b", "c"], [1, 1, 30]))
    assert pub.cells == ((None,), (None,), (None,)) and pub.col_totals == (32,)
    assert dc.audit(pub) == []
    # Without a total there is nothing to work out from.
    pub = dc.protect(CountTable.one_way(["a", "b"], [3, 15], total=False))
    assert pub.cells == ((None,), (15,))


def test_small_totals_are_hidden_and_protected() -> None:
    table = grid(3, 3, [[1, 2, 0], [12, 15, 30], [20, 11, 40]])
    pub = dc.protect(table)
    assert pub.reason((0, TOTAL)) is Reason.SMALL
    assert dc.audit(pub) == []


def test_totals_must_add_up() -> None:
    with pytest.raises(ValueError, match="not the sum"):
        CountTable(("a",), ("x", "y"), ((1, 2),), row_totals=(4,))
    with pytest.raises(ValueError, match="whole number"):
        CountTable(("a",), ("x",), ((-1,),))


def test_a_table_hidden_entirely_is_refused_when_still_exposed() -> None:
    # The reasons alone would pin this: suppressing zeros, one cell, a total of 1 shown? No:
    # a total of 1 is small; still, hiding everything of 10 or more must not raise for it.
    pub = dc.protect(grid(1, 1, [[1]]))
    assert pub.cells == ((None,),) and dc.audit(pub) == []


# ------------------------------------------------------------------- property tests

SMALL_VALUES = st.sampled_from([0, 0, 1, 2, 3, 5, 9, 10, 11, 12, 14, 20])


@st.composite
def small_tables(draw: st.DrawFn) -> CountTable:
    rows, cols = draw(st.sampled_from([(2, 2), (2, 3), (3, 2), (3, 3)]))
    counts = [[draw(SMALL_VALUES) for _ in range(cols)] for _ in range(rows)]
    totals = draw(st.sampled_from([(True, True, True), (True, True, False), (True, False, False)]))
    return grid(rows, cols, counts, rows=totals[0], cols=totals[1], grand=totals[2])


@hypothesis.settings(max_examples=150, deadline=None, derandomize=True, database=None)
@hypothesis.given(table=small_tables(), zeros=st.booleans(), rounded=st.booleans())
def test_no_small_count_is_shown_and_what_is_shown_is_true(
    table: CountTable, zeros: bool, rounded: bool
) -> None:
    pub = dc.protect(table, suppress_zeros=zeros, rounded=rounded)
    for pos, value in shown(pub):
        assert not dc.is_small(value, suppress_zeros=zeros)
        true = table.value(pos)
        assert value == (dc.round_to_base(true) if rounded else true)
    for pos in table.positions():
        if dc.is_small(table.value(pos), suppress_zeros=zeros):
            assert pub.reason(pos) is Reason.SMALL
        elif pub.value(pos) is None:
            assert table.value(pos) >= T  # complements only among counts of 10 or more


@hypothesis.settings(max_examples=120, deadline=None, derandomize=True, database=None)
@hypothesis.given(table=small_tables(), zeros=st.booleans())
def test_no_hidden_count_can_be_worked_out_by_brute_force(table: CountTable, zeros: bool) -> None:
    pub = dc.protect(table, suppress_zeros=zeros)
    hidden_cells = [p for p in pub.reasons if TOTAL not in p]
    hypothesis.assume(len(hidden_cells) <= 5)
    everything = sum(v for r in table.counts for v in r)
    cap = everything + 10
    ranges = attacker_ranges(pub, cap)
    for pos, reason in pub.reasons.items():
        true = table.value(pos)
        low, high = ranges[pos]
        assert low <= true <= high
        if reason is Reason.SMALL:
            assert high - low >= dc.PROTECTION_MARGIN, (pos, true, low, high, pub)
    # the module's auditor agrees with the brute force on every hidden small count
    model = dc._Model()
    exprs = model.add_table(pub)
    for pos, reason in pub.reasons.items():
        if reason is Reason.SMALL:
            assert model.range_of(exprs[pos]) == ranges[pos]


@hypothesis.settings(max_examples=60, deadline=None, derandomize=True, database=None)
@hypothesis.given(table=small_tables())
def test_audit_matches_brute_force_on_any_pattern(table: CountTable) -> None:
    """Also on patterns protect would not choose (the rule of thumb only): the auditor's range
    is the brute-force range, so the audit's claim of exactness is checked, not assumed."""
    hidden = dc.primary_suppression(table)
    while needy := dc.lines_needing_complements(table, hidden):
        pick = dc._smallest(table, hidden, [needy[0][0], *needy[0][1]])
        assume_pick = pick is not None
        hypothesis.assume(assume_pick)
        assert pick is not None
        hidden[pick] = Reason.COMPLEMENT
    pub = dc.publish(table, hidden)
    hypothesis.assume(sum(TOTAL not in p for p in hidden) <= 5)
    ranges = attacker_ranges(pub, cap=sum(v for r in table.counts for v in r) + 10)
    exposed = {p for p, (lo, hi) in ranges.items()
               if hidden[p] is Reason.SMALL and hi - lo < dc.PROTECTION_MARGIN}
    assert {d.position for d in dc.audit(pub)} == exposed


# ------------------------------------------------------------------------------- rule 4

Q1 = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
Q1_AND_A_WEEK = Period(dt.date(2026, 1, 1), dt.date(2026, 4, 7))
Q2 = Period(dt.date(2026, 4, 1), dt.date(2026, 6, 30))
FEB_TO_APRIL = Period(dt.date(2026, 2, 1), dt.date(2026, 4, 30))

BASE = [[12, 20, 31], [40, 25, 18], [16, 22, 50]]


def test_a_small_difference_between_overlapping_packs_is_prevented() -> None:
    earlier = dc.protect(grid(3, 3, BASE, period=Q1))
    assert earlier.reasons == {}  # nothing small in the first quarter
    later_counts = [row[:] for row in BASE]
    later_counts[0][0] = 15  # 12 plus 3 in the week after
    later_table = grid(3, 3, later_counts, period=Q1_AND_A_WEEK)
    naive = dc.publish(later_table, {})
    assert any(d.kind == "difference" and d.position == (0, 0)
               for d in dc.differencing_risks(earlier, naive))
    later = dc.protect(later_table, earlier=[earlier])
    assert later.reason((0, 0)) is Reason.DIFFERENCING
    assert dc.differencing_risks(earlier, later) == []
    assert dc.audit(later) == []
    for pos, value in shown(later):
        before = earlier.value(pos)
        assert before is None or not (1 <= value - before < T), pos
    # The same week alone, shown without the earlier pack's knowledge, is refused as well.
    assert later.label((0, 0)) == dc.REASON_LABELS[Reason.DIFFERENCING]


def test_identical_counts_for_nested_periods_hide_nothing_more() -> None:
    earlier = dc.protect(grid(3, 3, BASE, period=Q1))
    later = dc.protect(grid(3, 3, BASE, period=Q1_AND_A_WEEK), earlier=[earlier])
    assert later.reasons == {}


def test_periods_that_do_not_overlap_are_not_compared() -> None:
    earlier = dc.protect(grid(3, 3, BASE, period=Q1))
    counts = [row[:] for row in BASE]
    counts[0][0] = 15
    later = dc.protect(grid(3, 3, counts, period=Q2), earlier=[earlier])
    assert later.reasons == {}


def test_partly_overlapping_packs_are_compared_both_ways() -> None:
    earlier = dc.protect(grid(3, 3, BASE, period=Q1))
    counts = [row[:] for row in BASE]
    counts[1][1] = 20  # 5 fewer: January had 5 more than April
    later = dc.protect(grid(3, 3, counts, period=FEB_TO_APRIL), earlier=[earlier])
    assert later.value((1, 1)) is None
    assert dc.differencing_risks(earlier, later) == []


def test_a_new_suppression_pattern_for_the_same_period_cannot_unlock_an_earlier_one() -> None:
    counts = [[3, 12, 30], [11, 40, 25], [35, 20, 45]]
    earlier = dc.protect(grid(3, 3, counts, period=Q1))
    # Republishing the same period with a different pattern: show a complement hidden before.
    complement = next(p for p, r in earlier.reasons.items() if r is Reason.COMPLEMENT)
    hidden = {p: r for p, r in earlier.reasons.items() if p != complement}
    risky = dc.publish(grid(3, 3, counts, period=Q1), hidden)
    found = dc.differencing_risks(earlier, risky)
    assert any(d.kind == "hidden count" and d.in_earlier for d in found)
    # protect, given the earlier pack, keeps it hidden.
    again = dc.protect(grid(3, 3, counts, period=Q1), earlier=[earlier])
    assert dc.differencing_risks(earlier, again) == []


def test_a_rounded_earlier_pack_is_compared_value_by_value() -> None:
    earlier = dc.protect(grid(3, 3, BASE, period=Q1), rounded=True)
    counts = [row[:] for row in BASE]
    counts[2][2] = 52  # shown as 50 before: the week had 2, but the reader cannot tell 0 from 4
    later = dc.protect(grid(3, 3, counts, period=Q1_AND_A_WEEK), earlier=[earlier])
    assert dc.differencing_risks(earlier, later) == []
    counts[2][2] = 60  # at least 8 (60 - 52): narrowed to 8..12 → 8 or 9 possible: hidden
    later = dc.protect(grid(3, 3, counts, period=Q1_AND_A_WEEK), earlier=[earlier])
    assert dc.differencing_risks(earlier, later) == []


def test_every_reason_has_words() -> None:
    assert set(dc.REASON_LABELS) == set(Reason)
    assert dc.REASON_LABELS[Reason.SMALL] == "Fewer than 10 — not shown"
    assert dc.REASON_LABELS[Reason.COMPLEMENT] == (
        "Not shown so that a hidden count cannot be worked out"
    )
