"""View → Figures: the strategy's figures as charts, each with its table beside it.

The officer chooses the period (dd/mm/yyyy, either end left blank for any date) and the team
(all teams, or one of those in the store), and Refresh counts again. Counting runs on a worker
(:func:`hcdesk.ui.operations.count_figures`: the figures index is brought up to date, then
hcdesk.casework.figures counts), with a busy bar; the window never waits on the database.

Every chart has the same numbers in a table beside it, titled with the figure's name
(hcdesk.casework.figures.LABELS): a table reads out to a screen reader, can be selected and
copied (Ctrl+C, or Copy on its menu), and says what a share is out of. The tables are
hcdesk.casework.figure_tables, the same the figures PDF prints. Colour never carries meaning
alone: each chart has one series, its bars or points labelled with their numbers, its
categories named on the axis.

Save CSV and Save PDF write the figures counted last (hcdesk.casework.figures.as_csv,
hcdesk.export.figures_pdf) on a worker, whole or not at all.

Under the trend, the strategy's activities of the same period by month (how many, the people
reached, the work areas: hcdesk.casework.activities), counted on the same worker; they are not
per team, and the table's note says so.

Figures added later (third-party reports) arrive in
``Figures.extra``; :func:`hcdesk.casework.figure_tables.extra_tables` makes them tables, and
they are shown on the "More figures" tab (:meth:`FiguresDialog._show_extra`).
"""

from __future__ import annotations

import datetime as dt
import html
import math
import textwrap
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPoint, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework import figure_tables as ft
from hcdesk.casework.fields import FieldError, format_date, parse_date
from hcdesk.casework.figures import Figures, FiguresRefused, Scope
from hcdesk.errors import message_for
from hcdesk.store.store import Store
from hcdesk.ui import operations, screenfit
from hcdesk.ui.tasks import TaskHandle, TaskRunner

# The tabs: (title with its mnemonic, the tables on it). The mnemonics are unique with the
# controls' (From, To, Team, Refresh, CSV, PDF): tests/ui/test_dashboard.py checks.
PAGES: list[tuple[str, list[Callable[[Figures], ft.FigureTable]]]] = [
    ("Cases by &month", [ft.trend, ft.activities_by_month]),
    ("&Strands", [ft.strands, ft.local_strands]),
    ("Record t&ype", [ft.record_types]),
    ("&Outcomes", [ft.outcomes, ft.aggravation]),
    ("Re&peat victims", [ft.repeat_victims]),
    ("&Victims' Code", [ft.compliance]),
    ("Referr&als", [ft.referrals]),
    ("Support p&lans", [ft.support_plans]),
]
# Then, where Figures.extra has any: the strategy's activities and third-party reports.
EXTRA_TAB = "More fi&gures"

PREFERRED = QSize(1240, 780)
CHART_MIN = QSize(380, 250)
TABLE_MIN_WIDTH = 280
INK = QColor("#1f2328")  # the numbers on the bars and points: dark on the light chart
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


AXIS_WRAP = 24  # characters a line of a category's name on a chart's axis


def _axis_lines(text: str, width: int = AXIS_WRAP) -> list[str]:
    """A category's name on a chart's axis: the head of a long name ("Timely updates" of
    "Timely updates: key events told on time", whole in the table beside), over lines."""
    head = text.split(": ", 1)[0]
    return textwrap.wrap(head, width) or [""]


def _axis_label(text: str, width: int = AXIS_WRAP) -> str:
    """The axis takes markup: the lines broken with <br> rather than cut short."""
    return "<br>".join(html.escape(part) for part in _axis_lines(text, width))


def _short_month(label: str) -> str:
    """ "September 2025" (figures.month_label) as the trend's axis shows it: "Sep 2025"."""
    name, _, year = label.rpartition(" ")
    return f"{name[:3]} {year}" if name else label


def month_step(months: int, most: int = 12) -> int:
    """Name one month in every this many under the trend, so that at most ``most`` (about
    twelve) names share its axis."""
    return max(1, math.ceil(months / most))


def _tick(top: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about five ticks up to ``top``."""
    raw = max(top, 1) / 5
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return max(1.0, factor * power)
    return 10 * power


class ChartView(QChartView):
    """A chart view that asks for the room it needs, not the room it was last given (a chart
    view's own size hint follows its scene, so a page would only ever grow)."""

    def sizeHint(self) -> QSize:
        return self.minimumSize()


class FigureTableWidget(QTableWidget):
    """A figure's table: read-only, each cell selectable, Ctrl+C copies the selection (tab
    separated, with the header), and Tab leaves it at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.setMinimumWidth(TABLE_MIN_WIDTH)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def show_table(self, table: ft.FigureTable) -> None:
        header = table.header()
        cells = table.cells()
        self.clear()
        self.setColumnCount(len(header))
        self.setRowCount(len(cells))
        self.setHorizontalHeaderLabels(list(header))
        for r, row in enumerate(cells):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(RIGHT)
                self.setItem(r, c, item)
        head = self.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(header)):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resizeRowsToContents()  # wrapped names take the lines they need at this width

    def selected_text(self) -> str:
        """The selected cells (all of them if none is selected) as tab-separated lines, the
        header first."""
        every = [(r, c) for r in range(self.rowCount()) for c in range(self.columnCount())]
        picked = self.selectedIndexes() or [self.model().index(r, c) for r, c in every]
        if not picked:
            return ""
        rows = sorted({i.row() for i in picked})
        cols = sorted({i.column() for i in picked})
        chosen = {(i.row(), i.column()) for i in picked}

        def text(item: QTableWidgetItem | None) -> str:
            return item.text() if item is not None else ""

        lines = ["\t".join(text(self.horizontalHeaderItem(c)) for c in cols)]
        for r in rows:
            lines.append(
                "\t".join(text(self.item(r, c)) if (r, c) in chosen else "" for c in cols)
            )
        return "\n".join(lines)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.selected_text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            event.accept()
            return
        super().keyPressEvent(event)

    def _menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.tr("Copy"), self.copy)
        menu.addAction(self.tr("Select all"), self.selectAll)
        menu.popup(self.viewport().mapToGlobal(pos))


class FigurePanel(QWidget):
    """One figure: its name over its chart and, beside the chart, its table (and a note on how
    to read it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().hide()
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.view = ChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumSize(CHART_MIN)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table beside it is for the keys
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.table = FigureTableWidget()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.view, 3)
        row.addWidget(self.table, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.addWidget(self.title)
        layout.addLayout(row, 1)
        layout.addWidget(self.note)
        self.shown: ft.FigureTable | None = None

    def show_table(self, table: ft.FigureTable) -> None:
        self.shown = table
        self.title.setText(table.title)
        self.view.setAccessibleName(self.tr("Chart: %1").replace("%1", table.title))
        self.view.setAccessibleDescription(self.tr("The same numbers are in the table beside it."))
        self.table.setAccessibleName(table.title)
        self.table.show_table(table)
        self.note.setText(table.note)
        self.note.setVisible(bool(table.note))
        self._draw(table)

    def _draw(self, table: ft.FigureTable) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if table.key in ("cases_by_month", ft.ACTIVITIES_KEY):
            self._line(table)
        else:
            self._bars(table)
        # An empty chart says why (the table beside shows the zeros).
        empty = not any(ln.count for ln in table.lines)
        chart.setTitle(self.tr(ft.NONE_IN_PERIOD) if empty else "")

    def _value_axis(self, top: float, title: str, percent: bool = False) -> QValueAxis:
        axis = QValueAxis()
        step = 20.0 if percent else _tick(top)
        # A share's axis runs a little past 100% so that a full bar's number has room.
        axis.setRange(0, 112 if percent else max(step, math.ceil(max(top, 1) / step) * step))
        axis.setTickType(QValueAxis.TickType.TicksDynamic)
        axis.setTickAnchor(0)
        axis.setTickInterval(step)
        axis.setLabelFormat("%d%%" if percent else "%d")
        axis.setTitleText(title)
        return axis

    def _line(self, table: ft.FigureTable) -> None:
        series = QLineSeries()
        series.setName(table.count_header)
        for i, line in enumerate(table.lines):
            series.append(i, line.count)
        series.setPointsVisible(True)
        series.setPointLabelsVisible(True)
        series.setPointLabelsFormat("@yPoint")
        series.setPointLabelsClipping(False)
        series.setPointLabelsColor(INK)
        self.chart.addSeries(series)
        # A month's name under its point, for one month in every few (Qt shortens names to
        # dots when each has less room than it needs); the table beside has every month.
        months = QCategoryAxis()
        months.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        count = len(table.lines)
        months.setRange(-0.5, max(count, 1) - 0.5)
        months.setStartValue(-0.5)
        for i in range(0, count, month_step(count)):
            months.append(_short_month(table.lines[i].item), i)
        if not count:
            months.append(ft.NONE_TO_COUNT, 0)
        months.setLabelsAngle(-90)
        self.chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        top = max((ln.count for ln in table.lines), default=0)
        counts = self._value_axis(top * 1.15, table.count_header)
        self.chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(months)
        series.attachAxis(counts)
        self.view.setMinimumHeight(CHART_MIN.height() + 40)

    def _bars(self, table: ft.FigureTable) -> None:
        # The first line at the top: a horizontal bar chart draws its categories bottom up.
        lines = list(reversed(table.lines))
        bars = QBarSet(table.count_header)
        bars.setLabelColor(INK)
        if table.shares:
            # Whole percentages, as the table beside says them.
            bars.append([float(round(100 * (ln.share or 0))) for ln in lines])
        else:
            bars.append([float(ln.count) for ln in lines])
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value%" if table.shares else "@value")
        series.setLabelsPrecision(6)
        self.chart.addSeries(series)
        items = QBarCategoryAxis()
        items.append([_axis_label(ln.item) for ln in lines])
        self.chart.addAxis(items, Qt.AlignmentFlag.AlignLeft)
        if table.shares:
            values = self._value_axis(100, self.tr("Share"), percent=True)
        else:
            top = max((ln.count for ln in lines), default=0)
            values = self._value_axis(top * 1.2, table.count_header)
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(items)
        series.attachAxis(values)
        # Each category gets an equal band: tall enough for the longest name's lines.
        most = max((len(_axis_lines(ln.item)) for ln in lines), default=1)
        height = max(CHART_MIN.height(), 90 + len(lines) * (18 * most + 16))
        self.view.setMinimumHeight(min(height, 520))


def _page(panels: list[FigurePanel]) -> QScrollArea:
    inner = QWidget()
    layout = QVBoxLayout(inner)
    for panel in panels:
        layout.addWidget(panel, 1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(inner)
    return scroll


class FiguresDialog(QDialog):
    """The strategy's figures for a period and team, as charts with their tables."""

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.runner, self.today = store, runner, today
        self.generation = 0
        self.task: TaskHandle | None = None
        self.found: Figures | None = None
        self.saving = False
        self.setWindowTitle(self.tr("Figures"))
        self.setAccessibleName(self.tr("Figures"))

        self.first = QLineEdit()
        self.first.setAccessibleName(self.tr("First day of the period"))
        self.first.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.last = QLineEdit()
        self.last.setAccessibleName(self.tr("Last day of the period"))
        self.last.setPlaceholderText(self.tr("dd/mm/yyyy"))
        for edit in (self.first, self.last):
            edit.setToolTip(self.tr("Day/month/year; leave it blank for any date"))
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00/00/00000") + 24)
            edit.returnPressed.connect(self.refresh)
        self.team = QComboBox()
        self.team.setAccessibleName(self.tr("Team"))
        self.team.addItem(self.tr("All teams"), None)
        self.team.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setAccessibleName(self.tr("Count the figures again"))
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Counting"))
        self.busy.setMaximumWidth(140)
        self.busy.setTextVisible(False)
        self.busy.hide()

        controls = QHBoxLayout()
        for text, field in (
            (self.tr("&From:"), self.first),
            (self.tr("&To:"), self.last),
            (self.tr("T&eam:"), self.team),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            controls.addWidget(label)
            controls.addWidget(field)
        controls.addWidget(self.refresh_button)
        controls.addWidget(self.busy)
        controls.addStretch(1)

        self.error = QLabel()
        self.error.setAccessibleName(self.tr("Problem"))
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #9b1c1c; font-weight: bold;")
        self.error.hide()
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("What is counted"))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caveat = QLabel(
            self.tr(
                "OFFICIAL-SENSITIVE, internal: not for publication (small numbers are not "
                "suppressed)."
            )
        )
        self.caveat.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setDocumentMode(True)
        self.panels: dict[str, FigurePanel] = {}
        self.makers: dict[str, Callable[[Figures], ft.FigureTable]] = {}
        for title, makers in PAGES:
            panels = []
            for make in makers:
                panel = FigurePanel()
                key = make.__name__
                self.panels[key], self.makers[key] = panel, make
                panels.append(panel)
            self.tabs.addTab(_page(panels), self.tr(title))
        self.extra_panels: list[FigurePanel] = []
        self.extra_tab: QScrollArea | None = None

        self.csv_button = QPushButton(self.tr("Save &CSV…"))
        self.csv_button.setAccessibleName(self.tr("Save the figures as CSV"))
        self.pdf_button = QPushButton(self.tr("Save P&DF…"))
        self.pdf_button.setAccessibleName(self.tr("Save the figures as PDF"))
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.csv_button.clicked.connect(lambda: self.save_as("csv"))
        self.pdf_button.clicked.connect(lambda: self.save_as("pdf"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.caveat, 1)
        for b in (self.csv_button, self.pdf_button, self.close_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        self._exports(False)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        screenfit.fit_to(self, screenfit.available_for(parent or self), PREFERRED)

        self.load_teams()
        self.refresh()

    # -- what is counted -----------------------------------------------------------------------
    def set_store(self, store: Store) -> None:
        """Unlocked again: the store's new handle."""
        self.store = store

    def load_teams(self) -> None:
        operations.figure_teams(self.runner, self.store, self._teams, lambda _exc: None)

    def _teams(self, teams: list[str]) -> None:
        chosen = self.team.currentData()
        self.team.clear()
        self.team.addItem(self.tr("All teams"), None)
        for name in teams:
            self.team.addItem(name, name)
        at = self.team.findData(chosen)
        self.team.setCurrentIndex(max(at, 0))

    def scope(self) -> Scope | None:
        """The period and team chosen, or ``None`` (the problem shown) if a date is wrong."""
        days: list[dt.date | None] = []
        for edit, which in ((self.first, self.tr("From")), (self.last, self.tr("To"))):
            try:
                day = parse_date(edit.text())
            except FieldError as exc:
                self._problem(f"{which}: {exc}", edit)
                return None
            if day is not None:
                edit.setText(format_date(day))
            days.append(day)
        try:
            return Scope(days[0], days[1], self.team.currentData())
        except FiguresRefused as exc:
            self._problem(str(exc), self.last)
            return None

    def _problem(self, text: str, field: QWidget | None = None) -> None:
        self.error.setText(text)
        self.error.show()
        if field is not None:
            field.setFocus()

    def refresh(self) -> None:
        """Count again, in the background, for the period and team chosen."""
        scope = self.scope()
        if scope is None:
            return
        self.error.hide()
        self.generation += 1
        gen = self.generation
        if self.task is not None:
            self.task.cancel()
        self.busy.show()
        self._exports(False)
        self.status.setText(self.tr("Counting the figures for %1…").replace("%1", scope.describe()))
        self.task = operations.count_figures(
            self.runner,
            self.store,
            scope,
            self.today(),
            lambda found: self._counted(gen, found),
            lambda exc: self._failed(gen, exc),
            lambda done, total: self._progress(gen, done, total),
        )

    def _progress(self, gen: int, done: int, total: int) -> None:
        if gen == self.generation:
            self.status.setText(
                self.tr("Bringing the figures up to date: %1 of %2 cases…")
                .replace("%1", f"{done:,}")
                .replace("%2", f"{total:,}")
            )

    def _counted(self, gen: int, found: Figures | None) -> None:
        if gen != self.generation or found is None:
            return  # a newer count is coming
        self.task = None
        self.busy.hide()
        self.found = found
        for key, panel in self.panels.items():
            panel.show_table(self.makers[key](found))
        self._show_extra(ft.extra_tables(found))
        self.status.setText(
            self.tr("%1 case(s) counted for %2.")
            .replace("%1", f"{found.cases:,}")
            .replace("%2", found.scope.describe())
        )
        self._exports(True)

    def _failed(self, gen: int, exc: BaseException) -> None:
        if gen != self.generation:
            return
        self.task = None
        self.busy.hide()
        self.status.setText(self.tr("The figures could not be counted."))
        self._problem(message_for(exc))
        self._exports(self.found is not None)

    def _show_extra(self, tables: list[ft.FigureTable]) -> None:
        """The figures of ``Figures.extra`` (the strategy's activities, third-party reports)
        on a tab of their own, shown only when there are any."""
        if self.extra_tab is not None:
            self.tabs.removeTab(self.tabs.indexOf(self.extra_tab))
            self.extra_tab.deleteLater()
            self.extra_tab, self.extra_panels = None, []
        if not tables:
            return
        self.extra_panels = [FigurePanel() for _ in tables]
        for panel, table in zip(self.extra_panels, tables, strict=True):
            panel.show_table(table)
        self.extra_tab = _page(self.extra_panels)
        self.tabs.addTab(self.extra_tab, self.tr(EXTRA_TAB))

    def tables(self) -> dict[str, FigureTableWidget]:
        """Each figure's table widget by the figure's key (for the tests and the keys)."""
        out = {p.shown.key: p.table for p in self.panels.values() if p.shown is not None}
        out.update({p.shown.key: p.table for p in self.extra_panels if p.shown is not None})
        return out

    # -- saving --------------------------------------------------------------------------------
    def _exports(self, on: bool) -> None:
        for b in (self.csv_button, self.pdf_button):
            b.setEnabled(on and not self.saving)

    def save_as(self, kind: str, path: Path | None = None) -> None:
        """Save the figures counted last as ``kind`` ("csv" or "pdf"), to ``path`` or where
        the officer chooses."""
        if self.found is None:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the figures"),
                f"hcdesk-figures.{kind}",
                self.tr("CSV (*.csv)") if kind == "csv" else self.tr("PDF (*.pdf)"),
            )
            if not name:
                return
            path = Path(name)
            if path.suffix.lower() != f".{kind}":
                path = path.with_name(path.name + f".{kind}")
        self.saving = True
        self._exports(False)
        self.status.setText(self.tr("Saving the figures to %1…").replace("%1", path.name))
        operations.save_figures(
            self.runner, self.found, path, self.store.officer or "", self._saved, self._not_saved
        )

    def _saved(self, path: Path) -> None:
        self.saving = False
        self._exports(True)
        self.error.hide()
        self.status.setText(self.tr("Saved the figures to %1.").replace("%1", str(path)))

    def _not_saved(self, exc: BaseException) -> None:
        self.saving = False
        self._exports(self.found is not None)
        self.status.setText(self.tr("The figures were not saved."))
        self._problem(message_for(exc))
