"""View → Figures on a real store of demo cases: each table shows the numbers counted here,
independently, from the cases read through the ORM; the counting runs off the GUI thread; the
period and team filter; Save CSV and PDF write files (and a storage error is said plainly);
the dashboard fits a 1366×768 screen and one at 150% (911×512) with no label cut short; its
Alt+letters are unique."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtTest import QTest
from shellkit import clashes, every_tab, menu_clashes
from test_window_fit import clipped
from uikit import WAIT_MS, open_main

from hcdesk import demo
from hcdesk.casework import duties, figures
from hcdesk.casework.casefile import read_case_file
from hcdesk.casework.fields import format_date
from hcdesk.interchange import importer
from hcdesk.models import CaseFile
from hcdesk.models import labels as words
from hcdesk.models.enums import ActionStatus, ChargeOutcome, MonitoredStrand, RecordType
from hcdesk.store.store import Store
from hcdesk.ui import screenfit
from hcdesk.ui.dashboard import FiguresDialog
from hcdesk.ui.tasks import TaskRunner

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def filled(store: Store) -> Store:
    with store.transaction(reason="test set-up") as s:
        importer.import_document(s, demo.generate(60, seed=3, today=TODAY))
    return store


def shown(qtbot: Any, store: Store, runner: TaskRunner) -> FiguresDialog:
    dialog = FiguresDialog(store, runner, lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    counted(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.team.count() > 1, timeout=WAIT_MS)
    return dialog


def counted(qtbot: Any, dialog: FiguresDialog) -> figures.Figures:
    qtbot.waitUntil(lambda: dialog.task is None and not dialog.busy.isVisible(), timeout=WAIT_MS)
    assert dialog.found is not None
    return dialog.found


def cells(dialog: FiguresDialog, key: str) -> dict[str, tuple[str, ...]]:
    """A figure's table as shown: its first column mapped to the other cells' text."""
    table = dialog.tables()[key]
    out = {}
    for r in range(table.rowCount()):
        row = tuple(table.item(r, c).text() for c in range(table.columnCount()))
        out[row[0]] = row[1:]
    return out


def live_cases(store: Store, first: dt.date | None, last: dt.date | None, team: str | None):
    with store.session() as s:
        cases = list(
            s.scalars(
                sa.select(CaseFile).where(CaseFile.deleted.is_(False), CaseFile.voided_at.is_(None))
            )
        )
        for c in cases:
            _ = (c.charges, c.referrals, c.plans, c.actions)
        s.expunge_all()

    def keep(c: CaseFile) -> bool:
        day = c.reported_date or c.incident_date or c.created_at.date()
        if (first and day < first) or (last and day > last):
            return False
        return team is None or c.team == team

    return [c for c in cases if keep(c)]


def assert_tables_match_the_cases(
    dialog: FiguresDialog, store: Store, first: dt.date | None, last: dt.date | None,
    team: str | None = None,
) -> None:  # fmt: skip
    cases = live_cases(store, first, last, team)
    assert cases, "the period holds no cases: the comparison would compare nothing"
    months = collections.Counter(
        figures.month_label(
            (c.reported_date or c.incident_date or c.created_at.date()).strftime("%Y-%m")
        )
        for c in cases
    )
    assert {k: int(v[0]) for k, v in cells(dialog, "cases_by_month").items()} == dict(months)
    strands = collections.Counter(words.label(m) for c in cases for m in c.monitored_strands)
    shown_strands = {k: int(v[0]) for k, v in cells(dialog, "cases_by_strand").items()}
    assert {k: v for k, v in shown_strands.items() if v} == dict(strands)
    assert set(shown_strands) == {words.label(m) for m in MonitoredStrand}  # zeros shown too
    types = collections.Counter(words.label(c.record_type) for c in cases)
    shown_types = {k: int(v[0]) for k, v in cells(dialog, "cases_by_record_type").items()}
    assert {k: v for k, v in shown_types.items() if v} == dict(types)
    assert set(shown_types) == {words.label(t) for t in RecordType}
    charges = [g for c in cases for g in c.charges if not g.deleted]
    outcomes = collections.Counter(words.label(g.outcome) for g in charges)
    shown_outcomes = {k: int(v[0]) for k, v in cells(dialog, "outcomes").items()}
    assert {k: v for k, v in shown_outcomes.items() if v} == dict(outcomes)
    convicted = [g for g in charges if g.outcome == ChargeOutcome.CONVICTED]
    stated = sum(bool(g.uplift_stated_in_court) for g in convicted)
    (aggravation,) = cells(dialog, "aggravation_stated").values()
    assert aggravation[:2] == (str(stated), str(len(convicted)))
    agencies = collections.Counter(
        words.label(r.agency) for c in cases for r in c.referrals if not r.deleted
    )
    shown_agencies = {k: int(v[0]) for k, v in cells(dialog, "referrals_by_agency").items()}
    assert {k: v for k, v in shown_agencies.items() if v} == dict(agencies)
    plans = [
        [a for a in c.actions if a.plan_id == p.id and not a.deleted]
        for c in cases
        for p in c.plans
        if not p.deleted
    ]
    with_actions = [acts for acts in plans if acts]
    done = [acts for acts in with_actions if all(a.status != ActionStatus.OPEN for a in acts)]
    (plan_line,) = cells(dialog, "support_plans").values()
    assert plan_line[:2] == (str(len(done)), str(len(with_actions)))
    if len(with_actions):
        assert plan_line[2] == f"{len(done) / len(with_actions):.0%}"


def test_each_table_shows_the_numbers_of_the_cases(
    qtbot: Any, filled: Store, runner: TaskRunner
) -> None:
    dialog = shown(qtbot, filled, runner)
    assert_tables_match_the_cases(dialog, filled, None, None)
    # The compliance measures equal those worked out case by case (duties.compliance).
    found = dialog.found
    assert found is not None
    with filled.session() as s:
        ids = s.scalars(sa.select(CaseFile.id).where(CaseFile.deleted.is_(False))).all()
        views = [read_case_file(s, cid, consult=False) for cid in ids]
    first_day = min(
        (c.reported_date or c.incident_date or c.created_at.date())
        for c in live_cases(filled, None, None, None)
    )
    want = duties.compliance(views, (min(first_day, dt.date(2000, 1, 1)), TODAY))
    shown_measures = cells(dialog, "compliance")
    for m in want.measures():
        assert shown_measures[duties.MEASURE_LABELS[m.name]][:2] == (
            str(m.numerator), str(m.denominator)
        ), m.name  # fmt: skip
    assert any(int(v[1]) for v in shown_measures.values())
    # Every chart is titled with the figure's name, and its table is named the same.
    titles = {p.title.text() for p in dialog.panels.values()}
    assert {figures.LABELS[k] for k in ("cases_by_month", "cases_by_strand", "outcomes",
                                        "compliance", "referrals_by_agency")} <= titles  # fmt: skip
    for panel in dialog.panels.values():
        assert panel.table.accessibleName() == panel.title.text()
        assert panel.chart.series(), panel.title.text()
    assert f"{found.cases} case(s) counted for all dates, all teams" in dialog.status.text()


def test_the_counting_runs_off_the_gui_thread(
    qtbot: Any, filled: Store, runner: TaskRunner, gui_thread_watch: Any
) -> None:
    gui_thread_watch.active = True
    dialog = FiguresDialog(filled, runner, lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.busy.isVisibleTo(dialog)  # counting: the busy bar shows at once
    counted(qtbot, dialog)
    dialog.first.setText("01/01/2026")
    QTest.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
    counted(qtbot, dialog)
    gui_thread_watch.active = False
    assert gui_thread_watch.done == []
    assert dialog.found is not None and dialog.found.scope.first == dt.date(2026, 1, 1)


def test_the_period_and_the_team_choose_the_cases(
    qtbot: Any, filled: Store, runner: TaskRunner
) -> None:
    dialog = shown(qtbot, filled, runner)
    everything = counted(qtbot, dialog).cases
    first, last = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    dialog.first.setText("1/1/2025")
    dialog.last.setText("2025-12-31")
    dialog.refresh()
    found = counted(qtbot, dialog)
    assert dialog.first.text() == format_date(first)  # shown back in the one date format
    assert dialog.last.text() == format_date(last)
    assert found.scope == figures.Scope(first, last)
    assert 0 < found.cases < everything
    assert_tables_match_the_cases(dialog, filled, first, last)
    assert "01/01/2025 to 31/12/2025, all teams" in dialog.status.text()
    # One team.
    with filled.session() as s:
        teams = sorted({t for t in s.scalars(sa.select(CaseFile.team)) if t})
    assert [dialog.team.itemText(i) for i in range(1, dialog.team.count())] == teams
    dialog.first.clear()
    dialog.last.clear()
    dialog.team.setCurrentIndex(1)
    dialog.refresh()
    found = counted(qtbot, dialog)
    assert found.scope.team == teams[0]
    assert_tables_match_the_cases(dialog, filled, None, None, teams[0])


@pytest.mark.parametrize(
    ("first", "last", "said"),
    [
        ("31/02/2026", "", "From: That date does not exist"),
        ("yesterday", "", "From: Type a date as day/month/year"),
        ("01/02/2026", "01/01/2026", "ends before it starts"),
    ],
)
def test_a_wrong_period_is_said_and_nothing_is_counted(
    qtbot: Any, filled: Store, runner: TaskRunner, first: str, last: str, said: str
) -> None:
    dialog = shown(qtbot, filled, runner)
    before = dialog.found
    dialog.first.setText(first)
    dialog.last.setText(last)
    dialog.refresh()
    assert dialog.error.isVisibleTo(dialog) and said in dialog.error.text()
    assert dialog.task is None and dialog.found is before


def test_save_csv_and_pdf_write_the_figures(
    qtbot: Any, filled: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    dialog = shown(qtbot, filled, runner)
    found = counted(qtbot, dialog)
    out = tmp_path / "figures.csv"
    dialog.save_as("csv", out)
    qtbot.waitUntil(lambda: "Saved the figures" in dialog.status.text(), timeout=WAIT_MS)
    assert out.read_bytes() == figures.as_csv(found)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["Figure", "Item", "Value"]
    race = cells(dialog, "cases_by_strand")[words.label(MonitoredStrand.RACE)][0]
    assert ["Cases by monitored strand", "Race", race] in rows
    pdf = tmp_path / "figures.pdf"
    dialog.save_as("pdf", pdf)
    qtbot.waitUntil(lambda: str(pdf) in dialog.status.text(), timeout=WAIT_MS)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert f"Race {race}" in text and "small numbers are not suppressed" in text


def test_a_storage_error_on_saving_is_said_plainly(
    qtbot: Any, filled: Store, runner: TaskRunner, tmp_path: Path
) -> None:
    dialog = shown(qtbot, filled, runner)
    dialog.save_as("csv", tmp_path / "no such folder" / "figures.csv")
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT_MS)
    assert "not saved" in dialog.status.text()
    assert "Traceback" not in dialog.error.text() and "Errno" not in dialog.error.text()
    assert dialog.csv_button.isEnabled()  # and it can be tried again


def test_a_table_is_copied_with_its_header(qtbot: Any, filled: Store, runner: TaskRunner) -> None:
    dialog = shown(qtbot, filled, runner)
    table = dialog.tables()["cases_by_strand"]
    table.setFocus()
    table.selectAll()
    QTest.keySequence(table, QKeySequence(QKeySequence.StandardKey.Copy))
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0] == "Item\tCases"
    race = cells(dialog, "cases_by_strand")[words.label(MonitoredStrand.RACE)][0]
    assert f"Race\t{race}" in lines


# 1366×768 and 1280×720 less a task bar, and 1366×768 at 150% (911×512 logical).
SCREENS = [QRect(0, 0, 1366, 728), QRect(0, 0, 1280, 680), QRect(0, 0, 911, 472)]


@pytest.mark.parametrize("screen", SCREENS, ids=["1366", "1280", "911"])
def test_the_dashboard_fits_the_screen_and_cuts_no_label_short(
    qtbot: Any, filled: Store, runner: TaskRunner, screen: QRect
) -> None:
    dialog = shown(qtbot, filled, runner)
    screenfit.fit_to(dialog, screen, dialog.size().expandedTo(screen.size()))
    qtbot.wait(50)
    assert screen.contains(dialog.geometry()), (dialog.geometry(), screen)
    problems = []
    for where in every_tab(dialog):
        qtbot.wait(10)
        problems += [f"[{where}] {p}" for p in clipped(dialog)]
    assert problems == []
    assert clashes(dialog) == {}


def test_view_figures_opens_it_from_the_menu_with_its_keys(
    qtbot: Any, filled: Store, runner: TaskRunner
) -> None:
    window = open_main(qtbot, filled, runner)
    assert window.figures_action in window.menus["view"].actions()
    assert window.figures_action.shortcut().toString() == "Ctrl+3"
    assert menu_clashes(window.menus["view"]) == {}
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "figures" in window.dialogs, timeout=WAIT_MS)
    dialog = window.dialogs["figures"]
    assert isinstance(dialog, FiguresDialog)
    counted(qtbot, dialog)
    assert window.open_figures() is dialog  # one at a time
    dialog.close_button.click()
    qtbot.waitUntil(lambda: "figures" not in window.dialogs, timeout=WAIT_MS)


def test_the_trend_names_its_months_whole_at_most_twelve_of_them(
    qtbot: Any, filled: Store, runner: TaskRunner
) -> None:
    """Qt shortens a month's name under the trend to dots when each has too little room: the
    axis names one month in every few, at most about twelve, the first month first (the table
    beside has every month)."""
    from PySide6.QtCharts import QCategoryAxis

    from hcdesk.ui.dashboard import _short_month, month_step

    dialog = shown(qtbot, filled, runner)
    found = dialog.found
    assert found is not None
    months = [figures.month_label(m) for m in found.cases_by_month]
    assert len(months) > 12  # the demo's cases span more than a year
    (axis,) = [a for a in dialog.panels["trend"].chart.axes(Qt.Orientation.Horizontal)]
    assert isinstance(axis, QCategoryAxis)
    names = axis.categoriesLabels()
    step = month_step(len(months))
    assert names == [_short_month(m) for m in months[::step]] and len(names) <= 12
    assert [month_step(n) for n in (1, 12, 13, 24, 25, 60)] == [1, 1, 2, 2, 3, 5]
