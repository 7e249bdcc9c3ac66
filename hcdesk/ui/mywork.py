"""My work, the home page after unlocking: what is due today, what is overdue, the coming court
dates, the reviews and the sync conflicts, for me or (supervisors) for my team.

Filled in the background (hcdesk.ui.tasks): the widget never reads the store itself. Each group
is a table with its count in its heading; Tab moves from group to group, the arrow keys within
one, and Enter (or a double click) opens the row's case at the section it is about
(``open_requested(case_id, section)``). The rules of what goes where are in
hcdesk.casework.mywork.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework import mywork
from hcdesk.casework.fields import format_date
from hcdesk.errors import message_for
from hcdesk.store.store import Store
from hcdesk.sync import state as sync_state
from hcdesk.sync import views as sync_views
from hcdesk.ui.tasks import TaskHandle, TaskRunner

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
VISIBLE_ROWS = 8  # rows a group shows before it scrolls

# (header, value) per column; the date column is named for what its dates are.
_COLUMNS: list[tuple[str, Callable[[mywork.WorkItem], str]]] = [
    ("Reference", lambda i: i.reference),
    ("What", lambda i: i.what),
    ("Kind", lambda i: i.kind_label),
    ("Date", lambda i: format_date(i.due)),
    ("Status", lambda i: i.status_label),
    ("Officer", lambda i: i.owner),
]
DATE_HEADERS = {
    mywork.OVERDUE: "Was due",
    mywork.DUE_TODAY: "Due",
    mywork.COURT: "Hearing",
    mywork.REVIEWS: "Due",
    mywork.CONFLICTS: "Since",
}


class WorkModel(QAbstractTableModel):
    """The items of one group."""

    def __init__(self, group_key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.group_key = group_key
        self.items: tuple[mywork.WorkItem, ...] = ()

    def set_items(self, items: tuple[mywork.WorkItem, ...]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _COLUMNS[index.column()][1](item)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(f"{h}: {f(item)}" for h, f in _COLUMNS if f(item))
        if role == ITEM_ROLE:
            return item
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if _COLUMNS[section][0] == "Date":
                return self.tr(DATE_HEADERS.get(self.group_key, "Date"))
            return self.tr(_COLUMNS[section][0])
        return None


class GroupView(QWidget):
    """One group: its heading with the count, and its table or what to say when it is empty."""

    activated = Signal(object)  # the WorkItem

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.box = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        self.heading = QLabel(self.tr(mywork.TITLES[key]))
        self.heading.setObjectName(f"myWorkHeading_{key}")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.model = WorkModel(key, self)
        self.table = QTableView()
        self.table.setObjectName(f"myWork_{key}")
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)  # Tab leaves the group; arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setMinimumWidth(200)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.heading.setBuddy(self.table)
        layout.addWidget(self.table)
        self.empty = QLabel()
        self.empty.setObjectName(f"myWorkEmpty_{key}")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        self.show_group(None)

    def show_group(self, group: mywork.Group | None) -> None:
        if group is None:
            self.heading.setText(self.tr(mywork.TITLES[self.key]))
            self.model.set_items(())
            self.table.hide()
            self.empty.setText(self.tr("Counting…"))
            self.empty.show()
            return
        self.heading.setText(self.tr(group.heading))
        self.table.setAccessibleName(self.tr(group.heading))
        self.model.set_items(group.items)
        if group.items:
            self.empty.setText(
                self.tr("Showing the first %1 of %2.")
                .replace("%1", f"{len(group.items):,}")
                .replace("%2", f"{group.total:,}")
            )
            self.empty.setVisible(group.total > len(group.items))
            self.table.show()
            self._fit_height()
            # A current row for Enter, selected only once the group has the focus.
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        else:
            self.table.hide()
            self.empty.setText(self.tr(group.empty))
            self.empty.show()

    def _fit_height(self) -> None:
        rows = min(len(self.model.items), VISIBLE_ROWS)
        height = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(rows))
        self.table.setFixedHeight(height)

    def _activated(self, index: QModelIndex) -> None:
        item = self.model.data(index, ITEM_ROLE)
        if item is not None:
            self.activated.emit(item)


def supervised_teams(store: Store) -> tuple[str, ...]:
    """The teams of the officer signed in to the central store, if they are a supervisor (as
    the central store said at the last sign-in); none otherwise. Reads the store: call it off
    the GUI thread."""
    with store.engine_or_raise().connect() as conn:
        user = sync_views.user_of(sync_state.read(conn, [sync_state.USER]))
    if user is None or user.role != "supervisor":
        return ()
    return tuple(t.name for t in user.teams)


class MyWorkWidget(QWidget):
    """The My work home page. ``teams(store)``, asked in the background with each count: the
    teams whose work the officer may see as "My team" (a supervisor's; none for everyone else,
    and "My team" is then not offered)."""

    open_requested = Signal(str, str)  # case id, section
    filled = Signal(object)  # the MyWork shown
    failed = Signal(str)

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        officer: str,
        teams: Callable[[Store], Sequence[str]] = supervised_teams,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__()
        self.store, self.runner, self.officer = store, runner, officer
        self.teams, self.today = teams, today
        self.team_names: tuple[str, ...] = ()
        self.generation = 0
        self.task: TaskHandle | None = None
        self.work: mywork.MyWork | None = None
        self.setObjectName("myWork")
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        title = QLabel(self.tr("My work"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        title.setFont(font)
        top.addWidget(title)
        top.addStretch(1)
        self.me = QRadioButton(self.tr("&Me"))
        self.me.setAccessibleName(self.tr("Show my work"))
        self.team = QRadioButton(self.tr("My &team"))
        self.team.setAccessibleName(self.tr("Show my team's work"))
        self.scope = QButtonGroup(self)
        for button in (self.me, self.team):
            self.scope.addButton(button)
            top.addWidget(button)
        self.me.setChecked(True)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setToolTip(self.tr("Count again (F5)"))
        top.addWidget(self.refresh_button)
        outer.addLayout(top)
        self.status = QLabel()
        self.status.setObjectName("myWorkStatus")
        self.status.setAccessibleName(self.tr("My work status"))
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        body = QWidget()
        self.groups_layout = groups_layout = QVBoxLayout(body)
        groups_layout.setContentsMargins(0, 0, 0, 0)
        self.groups: dict[str, GroupView] = {}
        for key in mywork.GROUPS:
            view = GroupView(key)
            view.activated.connect(self._open)
            self.groups[key] = view
            groups_layout.addWidget(view)
        groups_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(scroll, 1)
        self.scope.buttonToggled.connect(self._scope_toggled)
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        self._offer_team(())

    def _scope_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self.refresh()

    # -- filling -------------------------------------------------------------------------
    def set_store(self, store: Store) -> None:
        """Unlocked again: the store's new handle."""
        self.store = store
        self.refresh()

    def _offer_team(self, teams: tuple[str, ...]) -> None:
        """Offer "My team" only to a supervisor."""
        self.team_names = teams
        self.team.setEnabled(bool(teams))
        self.team.setToolTip(
            self.tr("The work of %1").replace("%1", ", ".join(teams))
            if teams
            else self.tr("For supervisors signed in to the central store")
        )
        if not teams and self.team.isChecked():
            self.me.setChecked(True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # back from a case, or after a sync: count again

    def refresh(self) -> None:
        """Count again in the background (after unlocking, a save, a sync, or F5)."""
        if self.store.locked:
            return
        self.generation += 1
        gen, store, officer, teams_of = self.generation, self.store, self.officer, self.teams
        want_team, today = self.team.isChecked(), self.today()
        if self.task is not None:
            self.task.cancel()
        if self.work is None:
            for view in self.groups.values():
                view.show_group(None)
        self.status.setText(self.tr("Counting your work…"))

        def op(
            handle: TaskHandle, progress: Callable[[int, int], None]
        ) -> tuple[tuple[str, ...], mywork.MyWork] | None:
            teams = tuple(teams_of(store))
            work = mywork.my_work(
                store,
                officer,
                teams if want_team else None,
                today,
                progress=progress,
                cancelled=lambda: handle.cancelled,
            )
            return None if handle.cancelled else (teams, work)  # else a newer count is coming

        self.task = self.runner.run(
            op,
            on_success=lambda result: self._filled(gen, result),
            on_error=lambda exc: self._failed(gen, exc),
            on_progress=lambda done, total: self._progress(gen, done, total),
            with_handle=True,
        )

    def _progress(self, gen: int, done: int, total: int) -> None:
        if gen == self.generation:
            self.status.setText(
                self.tr("Bringing the list of duties up to date: %1 of %2 cases…")
                .replace("%1", f"{done:,}")
                .replace("%2", f"{total:,}")
            )

    def _filled(self, gen: int, result: tuple[tuple[str, ...], mywork.MyWork] | None) -> None:
        if gen != self.generation or result is None:
            return
        self.task = None
        teams, work = result
        self.work = work
        self._offer_team(teams)
        focused = self.focusWidget()
        for group in work.groups:
            self.groups[group.key].show_group(group)
        # Lay the groups out for their new sizes now, not on a later pass of the event loop.
        for view in self.groups.values():
            view.box.activate()
        self.groups_layout.activate()
        whose = (
            self.tr("The work of %1").replace("%1", ", ".join(work.teams))
            if work.teams
            else self.tr("Work for %1").replace("%1", work.officer or self.tr("this profile"))
        )
        self.status.setText(
            self.tr("%1, as of %2.").replace("%1", whose).replace("%2", format_date(work.today))
        )
        if focused is not None and not focused.isVisible():
            self.focus_first()
        self.filled.emit(work)

    def _failed(self, gen: int, exc: BaseException) -> None:
        if gen != self.generation:
            return
        self.task = None
        message = self.tr("My work could not be counted: %1 Press F5 to try again.").replace(
            "%1", message_for(exc)
        )
        self.status.setText(message)
        self.failed.emit(message)

    # -- keyboard ------------------------------------------------------------------------
    def focus_first(self) -> None:
        """Focus the first group that has rows (else the Me / My team switch)."""
        for view in self.groups.values():
            if view.table.isVisible():
                view.table.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.me.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open(self, item: mywork.WorkItem) -> None:
        self.open_requested.emit(item.case_id, item.section)


def make_home(window: Any) -> MyWorkWidget:
    """My work for a main window (``Shell(home=make_home)``): its store, runner and date."""
    store = window.store
    return MyWorkWidget(store, window.runner, store.officer, today=window.today)
