"""The main window: the case list beside the case file (and a home view, "My work", when one
is set), its menus and toolbar, new cases, saving, voiding.

Its other parts live beside it: the actions and menus in :mod:`hcdesk.ui.window_actions`, sync
in :mod:`hcdesk.ui.window_sync`, closing in :mod:`hcdesk.ui.window_closing`, the settings,
About and import in :mod:`hcdesk.ui.window_tools`, fitting the screen in
:mod:`hcdesk.ui.screenfit`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework import cases
from hcdesk.casework.casefile import Changes, SaveResult
from hcdesk.casework.fields import format_datetime
from hcdesk.casework.records import CaseFileView
from hcdesk.errors import message_for
from hcdesk.models.enums import ProtectiveMarking
from hcdesk.store import settings as prefs
from hcdesk.store.store import Store
from hcdesk.ui import operations, screenfit, sections, window_actions
from hcdesk.ui.casefile import MASKED, CaseFileWidget
from hcdesk.ui.casefile_panels import esc
from hcdesk.ui.caselist import CaseListModel
from hcdesk.ui.caselist_panel import CaseListPanel
from hcdesk.ui.masking import typed_note
from hcdesk.ui.preflight_dialog import PreflightGate
from hcdesk.ui.shell import AUTO_LOCK_DEFAULT_S
from hcdesk.ui.sync import SyncController
from hcdesk.ui.sync_dialogs.progress import SyncProgress
from hcdesk.ui.tasks import TaskHandle, TaskRunner
from hcdesk.ui.void_dialog import VoidDialog
from hcdesk.ui.window_actions import UndoRedo, quit_shortcuts
from hcdesk.ui.window_closing import WindowClosing
from hcdesk.ui.window_duties import WindowDuties
from hcdesk.ui.window_sync import WindowSync
from hcdesk.ui.window_tools import WindowTools

log = logging.getLogger(__name__)


class MainWindow(WindowSync, WindowClosing, WindowTools, WindowDuties, QMainWindow):
    lock_requested = Signal()
    hide_requested = Signal()
    auto_lock_changed = Signal(int)
    imported = Signal(int)
    saved = Signal()
    voided = Signal(str)  # the case id
    closed = Signal()  # the window has closed for good

    # Made by hcdesk.ui.window_actions.build.
    new_action: QAction
    find_action: QAction
    save_action: QAction
    print_action: QAction
    lock_action: QAction
    hide_action: QAction
    import_action: QAction
    settings_action: QAction
    quit_action: QAction
    home_action: QAction
    cases_action: QAction
    legend_action: QAction
    reveal_action: QAction
    void_action: QAction
    sync_action: QAction
    sync_panel_action: QAction
    sign_in_action: QAction
    shortcuts_action: QAction
    about_action: QAction
    figures_action: QAction
    intake_action: QAction
    edit: UndoRedo
    toolbar: QToolBar
    menus: dict[str, QMenu]
    recent_menu: QMenu

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        today: Callable[[], dt.date] = dt.date.today,
        settings: prefs.ProfileSettings | None = None,
    ) -> None:
        super().__init__()
        self.store, self.runner, self.today = store, runner, today
        self.settings = settings or prefs.ProfileSettings(store.paths.root)
        self.case_id: str | None = None
        # A new case not yet in the store: the values it is created with at its first save.
        self.draft: dict[str, Any] | None = None
        self.wanted_section: tuple[str, str] | None = None  # open_at: (case, section)
        self.saving = False
        # Closing: the open question (if any), a close waiting for a save, a close allowed.
        self.close_prompt: QMessageBox | None = None
        self.close_after_save = False
        self.close_approved = False
        self.summary_dialog: Any = None
        self.dialogs: dict[str, Any] = {}  # settings, About, shortcuts, void: one of each
        self.preflight = PreflightGate(self, runner)
        self.sync: SyncController | None = None
        self.sync_dialogs: dict[str, Any] = {}
        self.sync_progress: SyncProgress | None = None
        self.keyring_where = self.tr("the OS keyring")
        self.setWindowTitle(self.tr("hcdesk — %1[*]").replace("%1", store.officer or ""))
        self.model = CaseListModel(store, runner, self, today=today)
        self.list_panel = CaseListPanel(self.model, store.officer)
        self.casefile = CaseFileWidget(today=today, officer=lambda: store.officer)
        self.casefile.overview.open_requested.connect(self.show_section)
        self.casefile.overview.case_requested.connect(self.request_open)
        self.casefile.loaded.connect(self._find_links)
        self.links_task: TaskHandle | None = None
        self.links_asked = 0  # which lookup of the linked cases is the latest
        self.casefile.setEnabled(False)
        self.placeholder = QLabel(
            self.tr(
                "Choose a case from the list (the arrow keys, then Enter), or press Ctrl+N "
                "for a new case."
            )
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.placeholder)
        rl.addWidget(self.casefile, 1)
        self.casefile.hide()
        self.splitter = QSplitter()
        self.splitter.setObjectName("casesView")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list_panel)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([520, 880])  # the case file gets the room its forms need
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.setCentralWidget(self.stack)
        self.home: QWidget | None = None
        self.task_progress = operations.StatusProgress(self.statusBar())
        self.progress, self.cancel_button = self.task_progress.bar, self.task_progress.cancel
        window_actions.build(self)
        self._sync_widgets()
        self.list_panel.open_case.connect(self.request_open)
        self.casefile.edited.connect(self._edited)
        self.casefile.reveal_requested.connect(self._reveal)
        self.casefile.masked_typing.connect(
            lambda: self.statusBar().showMessage(typed_note(), 8000)
        )
        self.casefile.conflicts_requested.connect(lambda: self.open_conflicts(self.case_id))
        self.casefile.duties.write_requested.connect(self.record_duty)
        self.casefile.tabs.currentChanged.connect(self._tab_changed)
        # The section tabs' scroll arrows (a narrow window) are for the mouse: the arrow keys
        # on the tab bar do the same, and Tab goes from the tab bar into the section.
        for bar in self.casefile.findChildren(QTabBar):
            for arrow in bar.findChildren(QToolButton):
                arrow.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.model.failed.connect(lambda m: self.statusBar().showMessage(m))
        legend = bool(self.settings.get(prefs.SYNC_LEGEND))
        self.legend_action.setChecked(legend)
        self.list_panel.show_legend(legend)
        self._case_actions()
        self.fitted_on_show = False
        screenfit.restore_or_fit(self, str(self.settings.get(prefs.WINDOW_GEOMETRY)))
        self.list_panel.apply()
        self._tools_started()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.fitted_on_show:  # the frame is known now: keep it all on the screen
            self.fitted_on_show = True
            screenfit.keep_on_screen(self)

    def menu(self, key: str, title: str) -> QMenu:
        """The menu-bar menu ``key``, made (with ``title``) on first use."""
        found = self.menus.get(key)
        if found is None:
            found = self.menuBar().addMenu(title)
            found.setObjectName(f"{key}Menu")
            self.menus[key] = found
        return found

    def set_store(self, store: Store) -> None:
        """Unlocked again: the same window, the same case, the store's new handle."""
        self.store = store
        self.model.store = store
        if self.home is not None and hasattr(self.home, "set_store"):
            self.home.set_store(store)
        for dialog in self.dialogs.values():
            if hasattr(dialog, "set_store"):
                dialog.set_store(store)
        self.model.refresh()
        self.refresh_recent()

    # -- the home view ("My work") and the cases ---------------------------------------------
    def set_home(self, widget: QWidget) -> None:
        """The view shown first after unlocking (View → My work, Ctrl+1). A signal
        ``open_requested(case_id, section)`` on it opens that case at that section."""
        if self.home is not None:
            self.stack.removeWidget(self.home)
            self.home.deleteLater()
        self.home = widget
        self.stack.insertWidget(0, widget)
        signal = getattr(widget, "open_requested", None)
        if signal is not None:
            signal.connect(self.open_at)
        self.home_action.setEnabled(True)

    def show_home(self) -> None:
        if self.home is None:
            return
        self.stack.setCurrentWidget(self.home)
        self.home.setFocus()
        first = sections.first_field(self.home)
        if first is not None:
            first.setFocus()

    def show_cases(self) -> None:
        self.stack.setCurrentWidget(self.splitter)

    def show_start(self) -> None:
        """After unlocking: My work when there is one, else the cases."""
        if self.home is not None:
            self.show_home()
        else:
            self.show_cases()

    def open_at(self, case_id: str, section: str) -> None:
        """Open a case at a named section (a key of :data:`hcdesk.ui.sections.SECTIONS`)."""
        self.show_cases()
        if case_id == self.case_id:
            self.show_section(section)
            return
        self.wanted_section = (case_id, section)
        self.request_open(case_id)

    def show_section(self, key: str) -> bool:
        """Bring a section of the open case into view, its first field focused."""
        return sections.show(self.casefile, key)

    # -- cases ---------------------------------------------------------------------------------
    def _tab_changed(self, _index: int) -> None:
        """A section chosen by its Alt+letter: the focus follows into its first field (left
        alone while the officer moves along the tabs themselves)."""
        if QApplication.focusWidget() is self.casefile.tabs.tabBar():
            return
        if self.casefile.isVisible():
            sections.focus_first_field(self.casefile)

    def is_draft(self) -> bool:
        return self.draft is not None

    def focus_search(self) -> None:
        self.show_cases()
        self.list_panel.search.setFocus()
        self.list_panel.search.selectAll()

    def confirm_discard(self) -> bool:
        """True when it is fine to leave the current case (saved, or the officer said so)."""
        if self.case_id is None or not self.casefile.has_changes():
            return True
        text = (
            self.tr("This new case is not saved yet. Save it now?")
            if self.is_draft()
            else self.tr("This case has changes that are not saved. Save them now?")
        )
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            text,
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def request_open(self, case_id: str) -> None:
        if case_id == self.case_id:
            return
        if not self.confirm_discard():
            self.list_panel.select_case(self.case_id)  # the highlight back on the open case
            return
        self.open(case_id)

    def open(self, case_id: str) -> None:
        self.statusBar().showMessage(self.tr("Opening case…"))
        # Remembered as the last case in the encrypted store, never in a settings file.
        operations.open_case(self.runner, self.store, case_id, self._opened, self._error)

    def open_last(self) -> None:
        """After unlocking: open the case that was open last time, if it is still here."""

        def opened(snap: CaseFileView | None) -> None:
            if snap is not None and self.case_id is None:
                self._opened(snap)

        operations.open_last_case(self.runner, self.store, opened, self._error)

    def _show_case(self, snap: CaseFileView) -> None:
        self.case_id = snap.case_id
        self.casefile.load(snap)
        self.placeholder.hide()
        self.casefile.show()
        self.casefile.setEnabled(True)
        self.setWindowModified(False)
        self._case_actions()

    def _opened(self, snap: CaseFileView) -> None:
        self.draft = None
        self._show_case(snap)
        self.save_action.setEnabled(False)
        self.list_panel.select_case(snap.case_id)
        self._note_voided(snap)
        self.statusBar().showMessage(self.tr("Case %1 opened").replace("%1", snap.reference), 4000)
        self.refresh_case_sync()
        self.refresh_recent()
        wanted, self.wanted_section = self.wanted_section, None
        if wanted is not None and wanted[0] == snap.case_id:
            self.show_section(wanted[1])
        if self.sync is not None:
            self.sync.schedule()  # opening is audited, and the audit trail syncs too

    def _find_links(self, view: CaseFileView) -> None:
        """Look up the cases linked to the case just shown, off this thread (its Overview says
        so meanwhile); a lookup overtaken by another case, or by the same case read again, is
        dropped."""
        if self.links_task is not None:
            self.links_task.cancel()
            self.links_task = None
        overview = self.casefile.overview
        if self.is_draft():
            overview.show_links_draft()
            return
        self.links_asked += 1
        asked, case_id = self.links_asked, view.case_id

        def found(links: tuple[Any, ...]) -> None:
            if asked == self.links_asked:
                self.links_task = None
                overview.show_links(case_id, links)

        def failed(exc: BaseException) -> None:
            if asked == self.links_asked:
                self.links_task = None
                overview.show_links_failed(case_id, message_for(exc))

        self.links_task = operations.linked_cases(
            self.runner, self.store, view, self.today(), found, failed
        )

    def _note_voided(self, snap: CaseFileView) -> None:
        case = snap.case
        if not cases.is_voided(case):
            return
        note = self.tr("Voided on %1 by %2: %3").replace("%1", format_datetime(case.voided_at))
        note = note.replace("%2", case.voided_by or "").replace("%3", case.voided_reason or "")
        self.casefile.header.setText(self.casefile.header.text() + f"<p><b>{esc(note)}</b></p>")

    def new_case(self) -> None:
        """Ctrl+N: a new case to fill in. Nothing is stored until it is first saved with its
        required fields (hcdesk.casework.cases.REQUIRED_FOR_NEW_CASE)."""
        if not self.confirm_discard():
            return
        marking = ProtectiveMarking(str(self.settings.get(prefs.DEFAULT_MARKING)))
        baseline, view = cases.draft_case(self.store.officer, protective_marking=marking)
        self.show_cases()
        self.draft = baseline
        self._show_case(view)
        self.casefile.show_draft()
        self.casefile.reveal()  # nothing is stored yet, so nothing is hidden from its author
        self.casefile.header.setText(
            f"<h2>{esc(self.tr('New case (not saved yet)'))}</h2>"
            + esc(self.tr("It is kept once you save it with the fields marked *."))
        )
        self.save_action.setEnabled(True)
        self.list_panel.select_case(None)
        self.statusBar().showMessage(
            self.tr(
                "New case: nothing is stored until you save it with its required fields "
                "(%1)."
            ).replace("%1", ", ".join(n.label for n in cases.REQUIRED_FOR_NEW_CASE))
        )
        # A new case has nothing to overview yet: it opens where its details are typed.
        sections.show(self.casefile, "incident")

    def _edited(self) -> None:
        self.save_action.setEnabled(True)
        self.setWindowModified(True)

    def check_case(self, show: bool = True) -> tuple[Changes, dict[str, str]]:
        """Every change, and every field that is wrong or (for a new case) still missing;
        ``show`` marks them in red at once and brings the first into view."""
        changes, errors = self.casefile.collect(show_errors=show)
        if self.draft is not None:
            missing = cases.missing_for_new_case(self.draft, changes)
            for need in missing:
                errors.setdefault(
                    f"{need.part}.{need.key}",
                    self.tr("Enter the %1: a new case needs it.").replace("%1", need.label),
                )
            if show and missing:
                sections.mark_errors(self.casefile, errors)
        return changes, errors

    def reference_shown(self) -> str:
        snap = self.casefile.snapshot
        if self.is_draft():
            return self.tr("(new)")
        return snap.reference if snap is not None else ""

    def save(self) -> bool:
        """Check every field; save everything in one transaction or nothing at all."""
        if self.case_id is None or self.saving:
            return False
        changes, errors = self.check_case()
        if errors:
            message = self.tr(
                "Nothing was saved: %n field(s) need attention (marked in red).", "", len(errors)
            )
            if self.draft is not None:
                missing = cases.missing_for_new_case(self.draft, changes)
                if missing:
                    names = ", ".join(self.tr("the %1").replace("%1", n.label) for n in missing)
                    message = self.tr("Not created yet: fill in %1 (marked in red).").replace(
                        "%1", names
                    )
            self.statusBar().showMessage(message)
            return False
        if not changes:
            self.statusBar().showMessage(self.tr("No changes to save."), 3000)
            return True
        self.saving = True
        self.statusBar().showMessage(self.tr("Saving…"))
        if self.draft is not None:
            operations.create_case(
                self.runner,
                self.store,
                self.case_id,
                self.draft,
                changes,
                self._created,
                self._save_failed,
            )
        else:
            operations.save_case(
                self.runner, self.store, self.case_id, changes, self._saved, self._save_failed
            )
        return True

    def _created(self, result: SaveResult) -> None:
        self.draft = None
        self._saved(result)
        self.statusBar().showMessage(
            self.tr("Saved: case %1 is created.").replace("%1", result.case.reference), 6000
        )
        self.refresh_recent()

    def _saved(self, result: SaveResult) -> None:
        snap = result.case
        self.saving = False
        self.setWindowModified(False)
        self.save_action.setEnabled(False)
        self.casefile.load(snap)
        self._case_actions()
        self.list_panel.shown_case = snap.case_id
        self.model.refresh()
        self.statusBar().showMessage(self.tr("Saved."), 4000)
        self.refresh_case_sync()
        if self.sync is not None:
            self.sync.schedule()
        self.saved.emit()
        if self.close_after_save:  # Save and close: the save is done, close now
            self.close_after_save = False
            self.request_close()

    def _save_failed(self, exc: BaseException) -> None:
        self.saving = False
        from hcdesk.casework.contact_safety import ContactAgainstWishes

        if isinstance(exc, ContactAgainstWishes) and not self.close_after_save:
            # Contact safety: ask the officer; going ahead puts the reason on and saves again.
            self.casefile.contacts_page.ask_override(exc, self.save)
        message = message_for(exc)  # a refusal may say so itself (legal.RouteRefused)
        if not message.startswith(("Not saved", "Not created")):
            message = self.tr("Not saved: %1").replace("%1", message)
        self.statusBar().showMessage(message)
        if self.close_after_save:
            self.close_after_save = False
            self._ask_close_unsaveable(reason=message_for(exc))

    def changes_to_keep(self) -> tuple[str, Changes, dict[str, Any] | None] | None:
        """What locking saves: the open case's changes if they can be saved as they are (case
        id, changes, and a new case's values, None for a case in the store)."""
        if self.case_id is None or not self.casefile.has_changes():
            return None
        changes, errors = self.check_case(show=False)
        if errors:
            return None  # kept in the hidden form until unlock; never written unencrypted
        return self.case_id, changes, self.draft

    def saved_on_lock(self, view: CaseFileView) -> None:
        """Locking saved (or created) the open case: show what is stored."""
        self.draft = None
        self.casefile.load(view)
        self.list_panel.shown_case = view.case_id
        self.setWindowModified(False)
        self.save_action.setEnabled(False)
        self._case_actions()

    def _close_case(self) -> None:
        """Nothing open in the case file (a new case thrown away, or a case voided)."""
        self.case_id, self.draft = None, None
        self.casefile.hide()
        self.casefile.setEnabled(False)
        self.placeholder.show()
        self.save_action.setEnabled(False)
        self.setWindowModified(False)
        self.list_panel.select_case(None)
        self._case_actions()

    def _case_actions(self) -> None:
        shown = self.case_id is not None
        stored = shown and self.draft is None
        snap = self.casefile.snapshot
        voided = stored and snap is not None and cases.is_voided(snap.case)
        self.print_action.setEnabled(stored)
        self.reveal_action.setEnabled(shown)
        self.void_action.setEnabled(shown and not voided)
        self.void_action.setText(
            self.tr("&Void this case…") if stored or not shown else self.tr("&Discard new case")
        )

    # -- voiding a case opened by mistake ----------------------------------------------------
    def ask_void(self) -> None:
        if self.case_id is None:
            self.statusBar().showMessage(self.tr("Open a case first."), 4000)
            return
        if self.draft is not None:  # never stored: nothing to void, only to throw away
            if self.confirm_discard_new():
                self._close_case()
                self.statusBar().showMessage(self.tr("The new case was not kept."), 4000)
            return
        if self.casefile.has_changes() and not self.confirm_discard():
            return
        case_id, reference = self.case_id, self.reference_shown()
        dialog = VoidDialog(reference, self)
        dialog.reason_given.connect(lambda reason: self._void(case_id, reason))
        self._dialog("void", dialog)

    def confirm_discard_new(self) -> bool:
        if not self.casefile.has_changes():
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Discard the new case"),
            self.tr("Throw away this new case and what was typed into it?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _void(self, case_id: str, reason: str) -> None:
        def done(reference: str) -> None:
            if self.case_id == case_id:
                self._close_case()
            self.model.refresh()
            self.refresh_recent()
            if self.sync is not None:
                self.sync.schedule()
            self.statusBar().showMessage(
                self.tr(
                    "Case %1 is voided: it leaves the case list and every count of work "
                    "(the status filter 'Voided (not work)' still shows it)."
                ).replace("%1", reference),
                10000,
            )
            self.voided.emit(case_id)

        operations.void_case(self.runner, self.store, case_id, reason, done, self._error)

    # -- sensitive details ---------------------------------------------------------------------
    def ask_reveal(self) -> None:
        if self.case_id is not None:
            self._reveal(list(MASKED))

    def _reveal(self, fields: list[str]) -> None:
        if self.case_id is None:
            return
        if self.draft is not None:  # typed here, not read from the store: no consultation
            self.casefile.reveal()
            return
        operations.reveal(
            self.runner,
            self.store,
            self.case_id,
            fields,
            lambda _r: self.casefile.reveal(),
            self._error,
        )

    def print_summary(self) -> None:
        """Ctrl+P: the court-summary dialog (save as PDF, preview, print) for the open case."""
        if self.case_id is None:
            self.statusBar().showMessage(self.tr("Open a case first to print its summary."), 4000)
            return
        if self.draft is not None or self.casefile.has_changes():
            self.statusBar().showMessage(
                self.tr("Save this case first: the summary shows what is saved."), 6000
            )
            return
        old, case_id = self.summary_dialog, self.case_id
        if old is not None and old.case_id == case_id and old.isVisible():
            old.raise_()
            old.activateWindow()
            return
        # The pre-flight check first (on a worker); the summary dialog once it is dealt with.
        self.preflight.check(
            self.store,
            case_id,
            self.reference_shown(),
            lambda: self._open_summary(case_id),
            self._error,
            still_wanted=lambda: self.case_id == case_id and not self.casefile.has_changes(),
        )

    def _open_summary(self, case_id: str) -> None:
        from hcdesk.ui.summary_dialog import SummaryDialog

        old = self.summary_dialog
        if old is not None and old.case_id == case_id:
            old.show()
            old.raise_()
            old.activateWindow()
            return
        if old is not None and not old.busy:
            old.close()
            old.deleteLater()
        self.summary_dialog = SummaryDialog(self.store, self.runner, case_id, self)
        self.summary_dialog.finished.connect(lambda _r: self.back_to_window())
        self.summary_dialog.show()

    def back_to_window(self) -> None:
        """A dialog of this window has closed: the keys work in the window again."""
        if self.isVisible():
            self.activateWindow()

    def _error(self, exc: BaseException) -> None:
        self.statusBar().showMessage(message_for(exc))


# The unlock screen and the life cycle live in light modules of their own (fast start-up);
# re-exported here for callers that know them from this module.
from hcdesk.ui.shell import IdleWatch, Shell  # noqa: E402
from hcdesk.ui.unlock import UnlockWidget  # noqa: E402

__all__ = [
    "AUTO_LOCK_DEFAULT_S",
    "IdleWatch",
    "MainWindow",
    "Shell",
    "UnlockWidget",
    "quit_shortcuts",
]
