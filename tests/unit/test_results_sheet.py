"""The public results sheet's counts (hcdesk.casework.results_sheet) on a real store of demo
cases: every value shown is the true count rounded to 5, never 1 to 9; the share of
convictions with the aggravation stated is given only when both its numbers are shown."""

from __future__ import annotations

import datetime as dt

import pytest

from hcdesk import demo
from hcdesk.casework import activities as act
from hcdesk.casework import disclosure_control as dc
from hcdesk.casework import figures, workindex
from hcdesk.casework import results_sheet as rs
from hcdesk.interchange import importer
from hcdesk.models.enums import WorkArea
from hcdesk.store.store import Store

TODAY = dt.date(2026, 11, 25)
PERIOD = dc.Period(dt.date(2025, 1, 1), dt.date(2026, 6, 30))


@pytest.fixture
def filled(store: Store) -> Store:
    with store.transaction(reason="test set-up") as s:
        importer.import_document(s, demo.generate(150, seed=11, today=TODAY))
    for i in range(27):
        act.add_activity(store, theme="Talk", area=WorkArea.PREVENTION_EDUCATION,
                         held_on=dt.date(2025, 2, 1 + i), by="PC", reach=30)  # fmt: skip
    act.add_activity(store, theme="Stall", area=WorkArea.AWARENESS,
                     held_on=dt.date(2025, 5, 5), by="PC", reach=7)  # fmt: skip
    for i in range(14):  # the complement that keeps the 1 above from being worked out
        act.add_activity(store, theme="Visit", area=WorkArea.BUILDING_TRUST,
                         held_on=dt.date(2025, 7, 1 + i), by="PC")  # fmt: skip
    workindex.catch_up(store, TODAY)
    return store


def test_every_value_shown_is_the_true_count_rounded(filled: Store) -> None:
    with filled.engine_or_raise().connect() as conn:
        sheet = rs.build_sheet(conn, PERIOD, today=TODAY)
        true = figures.figures(conn, figures.Scope(PERIOD.start, PERIOD.end), today=TODAY)
    assert [t.key for t in sheet.tables] == ["months", "strands", "convictions", "activities",
                                             "reach"]  # fmt: skip
    for table in sheet.tables:
        for n in table.shown_counts():
            assert n % 5 == 0 and not 0 < n < dc.THRESHOLD, (table.key, n)
    months = sheet.table("months").published
    assert months.col_totals == (dc.round_to_base(true.cases),)
    assert len(months.row_labels) == 18 and months.row_labels[0] == "January 2025"
    activities = dict(sheet.table("activities").shown_rows())
    assert activities["Prevention through education"] == "25"  # 27, rounded
    assert activities[rs.TOTAL] == "40"  # 42, rounded
    assert activities["Raising awareness"] == dc.HIDDEN_MARK  # 1
    assert activities["Building trust"] == dc.HIDDEN_MARK  # 14, else 1 = total - the rest
    assert activities["Increasing reporting"] == "0"
    assert dict(sheet.table("reach").shown_rows()) == {rs.REACHED: "815"}  # 27 × 30 + 7 = 817
    stated, convicted = true.aggravation_stated.numerator, true.aggravation_stated.denominator
    conv = sheet.table("convictions").published
    assert conv.col_totals in ((dc.round_to_base(convicted),), (None,))
    if conv.cells[0][0] is not None and conv.col_totals and conv.col_totals[0]:
        assert conv.cells[0][0] == dc.round_to_base(stated)
        assert sheet.share == round(100 * conv.cells[0][0] / conv.col_totals[0])
        assert f"{sheet.share}%" in sheet.share_text()


def _convictions(stated: int, not_stated: int) -> rs.SheetTable:
    table = dc.CountTable.one_way([rs.STATED, rs.NOT_STATED], [stated, not_stated])
    return rs.SheetTable("convictions", "", "", rs.CHARGES, dc.protect(table, rounded=True))


def test_the_share_is_given_only_when_both_numbers_are_shown() -> None:
    assert rs.share_shown(_convictions(42, 18)) == 67  # 40 of 60
    assert rs.share_shown(_convictions(3, 40)) is None  # the number stated is hidden
    assert rs.share_shown(_convictions(0, 0)) is None  # nothing to count
    sheet = rs.Sheet(PERIOD, dt.datetime.now(dt.UTC), (_convictions(3, 40),), None)
    assert sheet.share_text() == rs.NO_SHARE


def test_an_empty_store_gives_a_sheet_of_zeros(store: Store) -> None:
    workindex.catch_up(store, TODAY)
    with store.engine_or_raise().connect() as conn:
        sheet = rs.build_sheet(conn, PERIOD, today=TODAY)
    assert all(n == 0 for t in sheet.tables for n in t.shown_counts())
    assert sheet.share is None
