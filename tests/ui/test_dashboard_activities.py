"""View → Figures shows the strategy's activities beside the reporting trend, on a real store:
the table "Strategy activities by month" holds the activities recorded (counted here from what
was recorded, independently), for the period chosen, whatever team is chosen (activities have
no team, and the note says so); the counting stays off the GUI thread."""

from __future__ import annotations

import collections
import datetime as dt
from typing import Any

import pytest
from uikit import WAIT_MS

from hcdesk import demo
from hcdesk.casework import activities as act
from hcdesk.casework import figure_tables as ft
from hcdesk.casework.figures import month_label
from hcdesk.interchange import importer
from hcdesk.models import labels
from hcdesk.models.enums import WorkArea
from hcdesk.store.store import Store
from hcdesk.ui.dashboard import FiguresDialog
from hcdesk.ui.tasks import TaskRunner

TODAY = dt.date(2026, 11, 25)
# (work area, day, reach): two months of 2025 and one of 2026.
PLAN = [
    (WorkArea.AWARENESS, dt.date(2025, 3, 4), 120),
    (WorkArea.AWARENESS, dt.date(2025, 3, 20), None),
    (WorkArea.PREVENTION_EDUCATION, dt.date(2025, 3, 28), 60),
    (WorkArea.BUILDING_TRUST, dt.date(2025, 9, 1), 15),
    (WorkArea.INCREASED_REPORTING, dt.date(2026, 2, 14), 400),
]


@pytest.fixture
def filled(store: Store) -> Store:
    with store.transaction(reason="test set-up") as s:
        importer.import_document(s, demo.generate(40, seed=3, today=TODAY))
    for area, day, reach in PLAN:
        act.add_activity(store, theme="Event", area=area, held_on=day, by="PC", reach=reach)
    return store


def counted(qtbot: Any, dialog: FiguresDialog) -> None:
    qtbot.waitUntil(lambda: dialog.task is None and not dialog.busy.isVisible(), timeout=WAIT_MS)
    assert dialog.found is not None


def rows(dialog: FiguresDialog) -> dict[str, tuple[str, ...]]:
    table = dialog.tables()[ft.ACTIVITIES_KEY]
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert header == [ft.MONTH, ft.ACTIVITIES, ft.REACH, ft.WORK_AREAS]
    out = {}
    for r in range(table.rowCount()):
        row = tuple(table.item(r, c).text() for c in range(table.columnCount()))
        out[row[0]] = row[1:]
    return out


def expected(first: dt.date | None, last: dt.date | None) -> dict[str, tuple[str, ...]]:
    """The rows, worked out from PLAN by hand."""
    months: dict[str, list[tuple[WorkArea, int | None]]] = collections.defaultdict(list)
    for area, day, reach in PLAN:
        if (first is None or day >= first) and (last is None or day <= last):
            months[day.strftime("%Y-%m")].append((area, reach))
    out = {}
    for month in sorted(months):
        held = months[month]
        reach = sum(r or 0 for _, r in held)
        unknown = sum(r is None for _, r in held)
        reach_text = f"{reach:,}" + (f" ({unknown} not recorded)" if unknown else "")
        areas = collections.Counter(a for a, _ in held)
        area_text = ", ".join(f"{labels.label(a)} {areas[a]}" for a in WorkArea if areas[a])
        out[month_label(month)] = (str(len(held)), reach_text, area_text)
    return out


def test_the_activities_are_shown_beside_the_trend_for_the_period(
    qtbot: Any, filled: Store, runner: TaskRunner, gui_thread_watch: Any
) -> None:
    gui_thread_watch.active = True
    dialog = FiguresDialog(filled, runner, lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    counted(qtbot, dialog)
    assert rows(dialog) == expected(None, None)
    assert rows(dialog)["March 2025"] == (
        "3", "180 (1 not recorded)", "Raising awareness 2, Prevention through education 1",
    )  # fmt: skip
    # On the trend's tab, under the trend, titled and named for a screen reader.
    panel = dialog.panels["activities_by_month"]
    trend = dialog.panels["trend"]
    assert panel.parentWidget() is trend.parentWidget()
    assert panel.title.text() == ft.ACTIVITIES_TITLE == panel.table.accessibleName()
    assert "not per team" in panel.note.text() and panel.note.isVisibleTo(dialog)
    assert panel.chart.series()

    # The period chooses the activities; a team does not (they have none).
    dialog.first.setText("01/01/2025")
    dialog.last.setText("31/12/2025")
    dialog.refresh()
    counted(qtbot, dialog)
    assert rows(dialog) == expected(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert "February 2026" not in rows(dialog)
    qtbot.waitUntil(lambda: dialog.team.count() > 1, timeout=WAIT_MS)
    dialog.team.setCurrentIndex(1)
    dialog.refresh()
    counted(qtbot, dialog)
    assert rows(dialog) == expected(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    gui_thread_watch.active = False
    assert gui_thread_watch.done == []

    # A period without any: an empty table, and the chart says why.
    dialog.first.setText("01/01/2024")
    dialog.last.setText("31/12/2024")
    dialog.team.setCurrentIndex(0)
    dialog.refresh()
    counted(qtbot, dialog)
    assert rows(dialog) == {}
    assert panel.chart.title() == ft.NONE_IN_PERIOD
