"""The main window: the case list beside the case file, its toolbar and menus, sync, closing."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework.casefile import SaveResult
from hcdesk.casework.records import CaseFileView
from hcdesk.errors import HcdeskError, message_for
from hcdesk.store import settings as prefs
from hcdesk.store.store import Store
from hcdesk.ui import operations
from hcdesk.ui.casefile import CaseFileWidget
from hcdesk.ui.caselist import CaseListModel
from hcdesk.ui.caselist_panel import CaseListPanel
from hcdesk.ui.preflight_dialog import PreflightGate
from hcdesk.ui.shell import AUTO_LOCK_DEFAULT_S
from hcdesk.ui.sync import SyncController
from hcdesk.ui.sync_dialogs.conflicts import ConflictsDialog
from hcdesk.ui.sync_dialogs.indicator import SyncIndicator
from hcdesk.ui.sync_dialogs.panel import SyncPanel
from hcdesk.ui.sync_dialogs.progress import SyncProgress
from hcdesk.ui.sync_dialogs.quarantine import QuarantineDialog
from hcdesk.ui.sync_dialogs.signin import SignInDialog
from hcdesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def quit_shortcuts() -> list[QKeySequence]:
    """The platform's Quit keys, and Ctrl+Q wherever the platform has none or others
    (Windows has no standard Quit key; Qt maps Ctrl to Cmd on macOS, so Cmd+Q there)."""
    keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit))
    ctrl_q = QKeySequence("Ctrl+Q")
    if ctrl_q not in keys:
        keys.append(ctrl_q)
    return keys


class MainWindow(QMainWindow):
    lock_requested = Signal()
    hide_requested = Signal()

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
        self.saving = False
        # Closing: the open question (if any), a close waiting for a save, a close allowed.
        self.close_prompt: QMessageBox | None = None
        self.close_after_save = False
        self.close_approved = False
        self.summary_dialog: Any = None
        self.preflight = PreflightGate(self, runner)
        self.sync: SyncController | None = None
        self.sync_dialogs: dict[str, Any] = {}
        self.setWindowTitle(self.tr("hcdesk — %1[*]").replace("%1", store.officer or ""))
        self.model = CaseListModel(store, runner, self, today=today)
        self.list_panel = CaseListPanel(self.model, store.officer)
        self.casefile = CaseFileWidget(today=today, officer=lambda: store.officer)
        self.casefile.setEnabled(False)
        self.placeholder = QLabel(
            self.tr("Choose a case from the list, or press Ctrl+N for a new case.")
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.placeholder)
        rl.addWidget(self.casefile, 1)
        self.casefile.hide()
        splitter = QSplitter()
        splitter.addWidget(self.list_panel)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 880])  # the case file gets the room its forms need
        self.setCentralWidget(splitter)
        self.task_progress = operations.StatusProgress(self.statusBar())
        self.progress, self.cancel_button = self.task_progress.bar, self.task_progress.cancel
        self._actions()
        self._sync_actions()
        self._menus()
        self.list_panel.open_case.connect(self.request_open)
        self.casefile.edited.connect(self._edited)
        self.casefile.reveal_requested.connect(self._reveal)
        self.casefile.conflicts_requested.connect(lambda: self.open_conflicts(self.case_id))
        self.model.failed.connect(lambda m: self.statusBar().showMessage(m))
        self.resize(1280, 800)
        self._restore_geometry()
        self.list_panel.apply()

    def _actions(self) -> None:
        bar = QToolBar(self.tr("Main"))
        bar.setObjectName("mainToolbar")
        bar.setAccessibleName(self.tr("Main toolbar"))
        self.addToolBar(bar)

        def action(text: str, shortcut: Any, slot: Callable[[], Any], tip: str) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.setToolTip(f"{tip} ({QKeySequence(shortcut).toString()})" if shortcut else tip)
            act.setStatusTip(tip)
            act.triggered.connect(slot)
            bar.addAction(act)
            self.addAction(act)
            return act

        self.new_action = action(
            self.tr("&New case"),
            QKeySequence.StandardKey.New,
            self.new_case,
            self.tr("Open a new case"),
        )
        self.find_action = action(
            self.tr("&Find"),
            QKeySequence.StandardKey.Find,
            self.focus_search,
            self.tr("Search the case list"),
        )
        self.save_action = action(
            self.tr("&Save"),
            QKeySequence.StandardKey.Save,
            self.save,
            self.tr("Save the changes to this case"),
        )
        self.print_action = action(
            self.tr("&Print summary"),
            QKeySequence.StandardKey.Print,
            self.print_summary,
            self.tr("Court summary for the CPS"),
        )
        self.lock_action = action(
            self.tr("&Lock"), "Ctrl+L", self.lock_requested.emit, self.tr("Lock the store")
        )
        self.hide_action = action(
            self.tr("&Hide now"),
            "F12",
            self.hide_requested.emit,
            self.tr("Hide every window at once and lock"),
        )
        self.import_action = action(
            self.tr("&Import…"),
            "Ctrl+I",
            self.import_file,
            self.tr("Import cases from an interchange JSON file (all or nothing)"),
        )
        self.autolock_action = QAction(self.tr("&Auto-lock after…"), self)
        self.autolock_action.setStatusTip(self.tr("How long without input before the store locks"))
        self.autolock_action.triggered.connect(self.choose_auto_lock)
        self.addAction(self.autolock_action)
        bar.addAction(self.autolock_action)
        self.save_action.setEnabled(False)

    # -- sync with the central store -----------------------------------------------------------
    def _sync_actions(self) -> None:
        bar = self.findChild(QToolBar, "mainToolbar")
        self.sync_action = QAction(self.tr("S&ync now"), self)
        self.sync_action.setShortcut(QKeySequence("F5"))
        self.sync_action.setToolTip(self.tr("Send and receive changes now (F5)"))
        self.sync_action.setStatusTip(self.tr("Send and receive changes now"))
        self.sync_action.triggered.connect(self.sync_now)
        self.sync_panel_action = QAction(self.tr("Sync &status…"), self)
        self.sync_panel_action.setShortcut(QKeySequence("Shift+F5"))
        self.sync_panel_action.setStatusTip(self.tr("Sync state, conflicts and refused changes"))
        self.sync_panel_action.triggered.connect(self.open_sync_panel)
        self.sign_in_action = QAction(self.tr("Sign in to the central store…"), self)
        self.sign_in_action.setStatusTip(self.tr("Sign in so that your cases sync"))
        self.sign_in_action.triggered.connect(self.open_sign_in)
        for act in (self.sync_action, self.sync_panel_action, self.sign_in_action):
            self.addAction(act)
            act.setEnabled(False)
        self.sign_in_action.setIconText(self.tr("Sign in…"))
        self.sign_in_action.setVisible(False)
        if bar is not None:
            bar.addAction(self.sync_action)
            bar.addAction(self.sign_in_action)
        self.sync_indicator = SyncIndicator()
        self.sync_indicator.clicked.connect(self.open_sync_panel)
        self.sync_indicator.hide()
        self.statusBar().addPermanentWidget(self.sync_indicator)
        self.sync_progress: SyncProgress | None = None

    def _menus(self) -> None:
        """The menu bar. File holds the case and file commands and Quit; later menus (Edit,
        Help...) go in with :meth:`menu`, each action once, shared with the toolbar."""
        self.menus: dict[str, QMenu] = {}
        file_menu = self.menu("file", self.tr("&File"))
        for act in (self.new_action, self.import_action, self.save_action, self.print_action):
            file_menu.addAction(act)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcuts(quit_shortcuts())
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.setStatusTip(
            self.tr("Close hcdesk (if there are unsaved changes, it asks what to do with them)")
        )
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)
        self.addAction(self.quit_action)

    def menu(self, key: str, title: str) -> QMenu:
        """The menu-bar menu ``key``, made (with ``title``) on first use."""
        found = self.menus.get(key)
        if found is None:
            found = self.menuBar().addMenu(title)
            found.setObjectName(f"{key}Menu")
            self.menus[key] = found
        return found

    def attach_sync(self, controller: SyncController) -> None:
        """Show and drive sync for this (newly unlocked) store."""
        for dialog in self.sync_dialogs.values():
            dialog.close()
            dialog.deleteLater()
        self.sync_dialogs.clear()
        self.sync = controller
        self.sync_indicator.attach(controller)
        self.sync_indicator.show()
        if self.sync_progress is not None:
            self.statusBar().removeWidget(self.sync_progress)
            self.sync_progress.deleteLater()
        self.sync_progress = SyncProgress(controller)
        self.statusBar().insertPermanentWidget(0, self.sync_progress)
        for act in (self.sync_action, self.sync_panel_action, self.sign_in_action):
            act.setEnabled(True)
        controller.finished.connect(self._synced)
        controller.stateChanged.connect(self._sync_state)
        controller.statusChanged.connect(self._sync_state)
        self.model.set_state_source(controller.case_states)
        self._sync_state(controller.state)

    def _sync_state(self, *_args: Any) -> None:
        self.sign_in_action.setVisible(self.sync is not None and not self.sync.signed_in())

    def _synced(self, report: Any) -> None:
        received = int(getattr(report, "pulled", 0) or 0) + int(getattr(report, "purged", 0) or 0)
        if received:
            self.model.refresh()  # new or changed cases from the team
        else:
            self.model.refresh_sync_states()
        self.refresh_case_sync()
        if received and self.case_id is not None and not self.saving:
            self._reload_case(self.case_id)

    def _reload_case(self, case_id: str) -> None:
        """Show what the sync brought for the open case, unless the officer is editing it."""
        if self.casefile.has_changes():
            return

        def loaded(snap: CaseFileView) -> None:
            # Typing may have started while the case was read: never overwrite it.
            if self.case_id != case_id or self.saving or self.casefile.has_changes():
                return
            shown = self.casefile.snapshot
            if shown is not None and shown.same_records(snap):
                return  # only our own changes came back: leave the screen as it is
            revealed = self.casefile.revealed
            self.casefile.load(snap)
            if revealed:  # the officer's reveal (already audited) holds for the open case
                self.casefile.reveal()
            self.statusBar().showMessage(
                self.tr("Case %1 was updated by the sync.").replace("%1", snap.reference), 6000
            )

        def failed(exc: BaseException) -> None:
            if self.case_id == case_id and isinstance(exc, HcdeskError):
                self.statusBar().showMessage(message_for(exc), 6000)

        operations.reload_case(self.runner, self.store, case_id, loaded, failed)

    def refresh_case_sync(self) -> None:
        """The open case's sync state and open conflicts (asked on a worker)."""
        sync, case_id = self.sync, self.case_id
        if sync is None or case_id is None:
            return

        def states(result: dict[str, str]) -> None:
            if self.case_id == case_id:
                self.casefile.set_sync_state(result.get(case_id))

        def conflicts(rows: list[Any]) -> None:
            if self.case_id == case_id:
                self.casefile.set_conflicts(rows)

        sync.case_states([case_id], states)
        sync.conflicts(conflicts, case_id=case_id)

    def sync_now(self) -> None:
        if self.sync is None:
            return
        if not self.sync.signed_in() and self.sync.configured is not None:
            self.open_sign_in()
            return
        self.sync.sync_now()

    def _sync_dialog(self, key: str, make: Callable[[], Any]) -> Any:
        dialog = self.sync_dialogs.get(key)
        if dialog is None:
            dialog = make()
            self.sync_dialogs[key] = dialog
            dialog.finished.connect(lambda _r, k=key: self._forget_dialog(k))
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _forget_dialog(self, key: str) -> None:
        dialog = self.sync_dialogs.pop(key, None)
        if dialog is not None:
            dialog.deleteLater()

    def open_sync_panel(self) -> Any:
        if self.sync is None:
            return None
        sync = self.sync

        def make() -> SyncPanel:
            panel = SyncPanel(sync, self)
            panel.sign_in_requested.connect(self.open_sign_in)
            panel.conflicts_requested.connect(lambda: self.open_conflicts(None))
            panel.quarantine_requested.connect(self.open_quarantine)
            return panel

        return self._sync_dialog("panel", make)

    def open_sign_in(self) -> Any:
        if self.sync is None:
            return None
        sync = self.sync
        return self._sync_dialog("sign_in", lambda: SignInDialog(sync, self))

    def open_conflicts(self, case_id: str | None = None) -> Any:
        if self.sync is None:
            return None
        sync = self.sync
        ref = self.casefile.snapshot.reference if case_id and self.casefile.snapshot else ""
        key = f"conflicts:{case_id or ''}"
        return self._sync_dialog(key, lambda: ConflictsDialog(sync, self, case_id, ref))

    def open_quarantine(self) -> Any:
        if self.sync is None:
            return None
        sync = self.sync
        return self._sync_dialog("quarantine", lambda: QuarantineDialog(sync, self))

    # -- long work: import with progress and cancel --------------------------------------------
    auto_lock_changed = Signal(int)

    def choose_auto_lock(self) -> None:
        current = int(self.settings.get(prefs.AUTO_LOCK_S)) // 60
        minutes, ok = QInputDialog.getInt(
            self,
            self.tr("Auto-lock"),
            self.tr("Lock after this many minutes without input:"),
            current,
            1,
            60,
        )
        if ok:
            try:
                self.settings.set(prefs.AUTO_LOCK_S, minutes * 60)
            except OSError as exc:
                self.statusBar().showMessage(
                    self.tr("The setting could not be kept for next time (%1).").replace(
                        "%1", exc.strerror or type(exc).__name__
                    ),
                    6000,
                )
            self.auto_lock_changed.emit(minutes * 60)
            self.statusBar().showMessage(
                self.tr("The store now locks after %n minute(s) without input.", "", minutes), 4000
            )

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import cases"), "", self.tr("Interchange JSON (*.json)")
        )
        if path:
            self.start_import(Path(path))

    def start_import(self, path: Path) -> None:
        """Validate and import in the background, with progress; Cancel rolls it all back."""
        self._import_handle = operations.import_file(
            self.runner, self.store, path, self.task_progress, self._imported, self._import_failed
        )

    def _imported(self, count: int) -> None:
        if count < 0:
            self.statusBar().showMessage(self.tr("Import cancelled; nothing was imported."))
        else:
            self.statusBar().showMessage(self.tr("Imported %n case(s).", "", count))
            self.model.refresh()
            if self.sync is not None:
                self.sync.schedule()
        self.imported.emit(count)

    imported = Signal(int)

    def _import_failed(self, exc: BaseException) -> None:
        from hcdesk.errors import ValidationFailed

        if isinstance(exc, ValidationFailed):
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(self.tr("Nothing was imported"))
            box.setText(str(exc))
            box.setDetailedText("\n".join(exc.problems))
            box.open()
        self.statusBar().showMessage(
            self.tr("Nothing was imported: %1").replace("%1", message_for(exc))
        )
        self.imported.emit(-2)

    # -- cases ---------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.list_panel.search.setFocus()
        self.list_panel.search.selectAll()

    def confirm_discard(self) -> bool:
        """True when it is fine to leave the current case (saved, or the officer said so)."""
        if self.case_id is None or not self.casefile.has_changes():
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("This case has changes that are not saved. Save them now?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def request_open(self, case_id: str) -> None:
        if case_id == self.case_id or not self.confirm_discard():
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

    def _opened(self, snap: CaseFileView) -> None:
        self.case_id = snap.case_id
        self.casefile.load(snap)
        self.placeholder.hide()
        self.casefile.show()
        self.casefile.setEnabled(True)
        self.save_action.setEnabled(False)
        self.statusBar().showMessage(self.tr("Case %1 opened").replace("%1", snap.reference), 4000)
        self.refresh_case_sync()
        if self.sync is not None:
            self.sync.schedule()  # opening is audited, and the audit trail syncs too

    def new_case(self) -> None:
        if not self.confirm_discard():
            return
        operations.new_case(self.runner, self.store, self._created, self._error)

    def _created(self, case_id: str) -> None:
        self.model.refresh()
        self.open(case_id)

    def _edited(self) -> None:
        self.save_action.setEnabled(True)
        self.setWindowModified(True)

    def save(self) -> bool:
        """Check every field; save everything in one transaction or nothing at all."""
        if self.case_id is None or self.saving:
            return False
        changes, errors = self.casefile.collect()
        if errors:
            self.statusBar().showMessage(
                self.tr(
                    "Nothing was saved: %n field(s) need attention (marked in red).",
                    "",
                    len(errors),
                )
            )
            return False
        if not changes:
            self.statusBar().showMessage(self.tr("No changes to save."), 3000)
            return True
        self.saving = True
        self.statusBar().showMessage(self.tr("Saving…"))
        operations.save_case(
            self.runner, self.store, self.case_id, changes, self._saved, self._save_failed
        )
        return True

    def _saved(self, result: SaveResult) -> None:
        snap = result.case
        self.saving = False
        self.setWindowModified(False)
        self.save_action.setEnabled(False)
        self.casefile.load(snap)
        self.model.refresh()
        self.statusBar().showMessage(self.tr("Saved."), 4000)
        self.refresh_case_sync()
        if self.sync is not None:
            self.sync.schedule()
        self.saved.emit()
        if self.close_after_save:  # Save and close: the save is done, close now
            self.close_after_save = False
            self.request_close()

    saved = Signal()

    def _save_failed(self, exc: BaseException) -> None:
        self.saving = False
        from hcdesk.casework.contact_safety import ContactAgainstWishes

        if isinstance(exc, ContactAgainstWishes) and not self.close_after_save:
            # Contact safety: ask the officer; going ahead puts the reason on and saves again.
            self.casefile.contacts_page.ask_override(exc, self.save)
        message = message_for(exc)  # a refusal may say so itself (legal.RouteRefused)
        if not message.startswith("Not saved"):
            message = self.tr("Not saved: %1").replace("%1", message)
        self.statusBar().showMessage(message)
        if self.close_after_save:
            self.close_after_save = False
            self._ask_close_unsaveable(reason=message_for(exc))

    def _reveal(self, fields: list[str]) -> None:
        if self.case_id is None:
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
        if self.casefile.has_changes():
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
            self._reference(),
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
        self.summary_dialog.show()

    def _error(self, exc: BaseException) -> None:
        self.statusBar().showMessage(message_for(exc))

    # -- closing: what the officer typed is never lost without asking --------------------------
    closed = Signal()  # the window has closed for good

    def closeEvent(self, event: QCloseEvent) -> None:
        """The title-bar close, Alt+F4, File → Quit and Ctrl+Q all come here."""
        if self.close_approved or not self.isVisible():
            # Hidden means locked or quick-hidden: nothing is asked over a locked screen (the
            # valid changes were saved when it locked; the shell guards what could not be).
            if self.close_approved:
                self._save_geometry()
            event.accept()
            super().closeEvent(event)
            self.closed.emit()
            return
        if self._nothing_to_ask():
            # Approved here and now: Qt ignores a close() made from inside closeEvent.
            self._approve_close(now=False)
            self.closeEvent(event)
            return
        event.ignore()
        self.request_close()

    def _nothing_to_ask(self) -> bool:
        return (
            self.close_prompt is None
            and not self.saving
            and (self.case_id is None or not self.casefile.has_changes())
        )

    def request_close(self) -> None:
        """Close, once any unsaved changes are saved or the officer chose to lose them."""
        if self.close_prompt is not None:
            self._show_prompt(self.close_prompt)
            return
        if self.saving:  # a save is on its way: close when it has finished
            self.close_after_save = True
            self.statusBar().showMessage(self.tr("Saving… hcdesk closes once the save is done."))
            return
        if self.case_id is None or not self.casefile.has_changes():
            self._approve_close()
            return
        _, errors = self.casefile.collect()  # marks the wrong fields in red, shows the first
        if errors:
            self._ask_close_unsaveable(count=len(errors))
        else:
            self._ask_close_with_changes()

    def _reference(self) -> str:
        snap = self.casefile.snapshot
        return snap.reference if snap is not None else ""

    def _close_box(self, text: str, informative: str, save: bool) -> QMessageBox:
        Button = QMessageBox.StandardButton
        box = QMessageBox(self)
        box.setObjectName("closePrompt")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Close hcdesk"))
        box.setText(text)
        box.setInformativeText(informative)
        buttons = Button.Discard | Button.Cancel
        if save:
            buttons |= Button.Save
        box.setStandardButtons(buttons)
        if save:
            box.button(Button.Save).setText(self.tr("&Save and close"))
        box.button(Button.Discard).setText(self.tr("Close &without saving"))
        box.button(Button.Cancel).setText(self.tr("Cancel"))
        box.setDefaultButton(Button.Save if save else Button.Cancel)
        box.setEscapeButton(Button.Cancel)
        # Quick-hide (F12) and Lock must work while the question is up.
        box.addAction(self.hide_action)
        box.addAction(self.lock_action)
        box.finished.connect(lambda _result, b=box: self._close_answered(b))
        self.close_prompt = box
        self._show_prompt(box)
        return box

    def _show_prompt(self, box: QMessageBox) -> None:
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        box.open()
        box.raise_()
        box.activateWindow()

    def _ask_close_with_changes(self) -> None:
        self._close_box(
            self.tr("The changes to case %1 are not saved yet.").replace("%1", self._reference()),
            self.tr("Save them before hcdesk closes? If you close without saving, they are lost."),
            save=True,
        )

    def _ask_close_unsaveable(self, count: int = 0, reason: str = "") -> None:
        if reason:
            text = self.tr("The changes to case %1 could not be saved: %2").replace(
                "%1", self._reference()
            )
            text = text.replace("%2", reason)
        else:
            text = self.tr(
                "The changes to case %1 cannot be saved as they are: %n field(s) need attention "
                "(marked in red).",
                "",
                count,
            ).replace("%1", self._reference())
        self._close_box(
            text,
            self.tr(
                "Choose Cancel to go back to the case and put them right. If you close without "
                "saving, the changes are lost."
            ),
            save=False,
        )

    def _close_answered(self, box: QMessageBox) -> None:
        if self.close_prompt is not box:
            return  # dismissed by a lock or quick-hide: nothing to do
        self.close_prompt = None
        box.deleteLater()
        clicked = box.clickedButton()
        answer = box.standardButton(clicked) if clicked is not None else None
        if answer == QMessageBox.StandardButton.Save:
            if not self.save():
                self.request_close()  # it could not start after all: say why, ask again
            elif self.saving:
                self.close_after_save = True
            else:
                self._approve_close()
        elif answer == QMessageBox.StandardButton.Discard:
            self._approve_close()
        elif box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel):
            # Back to the case to put it right: the first field marked in red, in view. After
            # the question has gone, which gives the focus back to where it was before.
            QTimer.singleShot(0, self._back_to_first_error)
        # Cancel (or Escape): everything stays as it was, the edits in the form.

    def _back_to_first_error(self) -> None:
        self.activateWindow()
        self.casefile.collect()

    def cancel_close(self) -> None:
        """The store is locking or hiding: forget a pending close and take its question away."""
        self.close_after_save = False
        box, self.close_prompt = self.close_prompt, None
        if box is not None:
            box.reject()
            box.deleteLater()

    def _approve_close(self, now: bool = True) -> None:
        self.close_approved = True
        for dialog in list(self.sync_dialogs.values()):
            dialog.close()
        if self.summary_dialog is not None:
            self.summary_dialog.close()
        if now:
            self.close()

    def _restore_geometry(self) -> None:
        saved = self.settings.get(prefs.WINDOW_GEOMETRY)
        if not saved:
            return
        try:
            data = base64.b64decode(saved, validate=True)
        except (binascii.Error, ValueError):
            return
        self.restoreGeometry(QByteArray(data))

    def _save_geometry(self) -> None:
        encoded = base64.b64encode(bytes(self.saveGeometry().data())).decode("ascii")
        try:
            self.settings.set(prefs.WINDOW_GEOMETRY, encoded)
        except (OSError, ValueError) as exc:  # a window size is not worth an error on the way out
            log.warning("the window size could not be kept: %s", type(exc).__name__)


# The unlock screen and the life cycle live in light modules of their own (fast start-up);
# re-exported here for callers that know them from this module.
from hcdesk.ui.shell import IdleWatch, Shell  # noqa: E402
from hcdesk.ui.unlock import UnlockWidget  # noqa: E402

__all__ = ["AUTO_LOCK_DEFAULT_S", "IdleWatch", "MainWindow", "Shell", "UnlockWidget"]
