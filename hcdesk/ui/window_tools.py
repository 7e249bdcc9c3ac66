"""The main window's settings, About, keyboard shortcuts, recent cases, import, and where the
window was: the parts of :class:`~hcdesk.ui.mainwindow.MainWindow` around the case work."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMenu, QMessageBox

from hcdesk.errors import FileWriteFailed, message_for
from hcdesk.store import settings as prefs
from hcdesk.store.paths import ProfilePaths
from hcdesk.ui import operations, screenfit
from hcdesk.ui.about_dialog import AboutDialog, ShortcutsDialog
from hcdesk.ui.settings_dialog import Choices, SettingsDialog
from hcdesk.ui.window_actions import fill_recent

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtGui import QAction

    from hcdesk.store.store import Store
    from hcdesk.ui.caselist import CaseListModel
    from hcdesk.ui.caselist_panel import CaseListPanel
    from hcdesk.ui.sync import SyncController
    from hcdesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def where_keyring() -> str:
    from hcdesk.store import secrets

    return secrets.where()


if TYPE_CHECKING:
    _Base = QMainWindow
else:
    _Base = object


class WindowTools(_Base):
    """Mixed into :class:`~hcdesk.ui.mainwindow.MainWindow` (which has what is declared here)."""

    store: Store
    runner: TaskRunner
    today: Callable[[], dt.date]
    settings: prefs.ProfileSettings
    model: CaseListModel
    list_panel: CaseListPanel
    sync: SyncController | None
    dialogs: dict[str, Any]
    keyring_where: str
    task_progress: operations.StatusProgress
    legend_action: QAction
    recent_menu: QMenu
    if TYPE_CHECKING:  # the main window's own (never defined here: they would shadow it)
        auto_lock_changed: Signal
        imported: Signal

        def open_sign_in(self) -> Any: ...
        def server_address(self) -> str: ...
        def request_open(self, case_id: str) -> None: ...

    def _tools_started(self) -> None:
        def known(where: str) -> None:
            self.keyring_where = where

        # Asking the keyring which backend it uses can be slow: off the GUI thread.
        self.runner.run(where_keyring, known, lambda _exc: None)
        self.refresh_recent()

    def _dialog(self, key: str, dialog: QDialog) -> QDialog:
        """Show ``dialog`` (window-modal, so the keys work in it), one per ``key`` at a time."""
        old = self.dialogs.pop(key, None)
        if old is not None:
            old.close()
            old.deleteLater()
        self.dialogs[key] = dialog
        dialog.finished.connect(lambda _r, k=key, d=dialog: self._dialog_done(k, d))
        dialog.open()
        return dialog

    def _beside(self, key: str, kind: type[QDialog], make: Callable[[], QDialog]) -> QDialog:
        """A dialog that stays open beside the window, one per ``key``: the open one shown
        and raised again, else a new one from ``make``, shown (not modal)."""
        old = self.dialogs.get(key)
        if isinstance(old, kind):
            old.show()
            old.raise_()
            old.activateWindow()
            return old
        dialog = make()
        self.dialogs[key] = dialog
        dialog.finished.connect(lambda _r, k=key, d=dialog: self._dialog_done(k, d))
        dialog.show()
        return dialog

    def _dialog_done(self, key: str, dialog: QDialog) -> None:
        if self.dialogs.get(key) is dialog:
            del self.dialogs[key]
        dialog.deleteLater()
        if self.isVisible():
            self.activateWindow()  # the keys work in the window again

    # -- recent cases ----------------------------------------------------------------------------
    def refresh_recent(self) -> None:
        operations.recent_cases(
            self.runner,
            self.store,
            lambda rows: fill_recent(self.recent_menu, rows, self.request_open),
            lambda _exc: None,
        )

    # -- settings --------------------------------------------------------------------------------
    def current_choices(self) -> Choices:
        return Choices(
            auto_lock_minutes=int(self.settings.get(prefs.AUTO_LOCK_S)) // 60,
            keyring=ProfilePaths(self.store.paths.root).keyring_enabled(),
            default_marking=str(self.settings.get(prefs.DEFAULT_MARKING)),
        )

    def open_settings(self) -> QDialog:
        dialog = SettingsDialog(
            self.current_choices(), self.keyring_where, self.server_address(), self
        )
        dialog.chosen.connect(self.apply_settings)
        dialog.sign_in_requested.connect(self.open_sign_in)
        return self._dialog("settings", dialog)

    def apply_settings(self, choices: Choices) -> None:
        before = self.current_choices()
        changed: dict[str, Any] = {}  # only what changed: defaults stay out of the file
        if choices.auto_lock_minutes != before.auto_lock_minutes:
            changed[prefs.AUTO_LOCK_S.key] = choices.auto_lock_minutes * 60
        if choices.default_marking != before.default_marking:
            changed[prefs.DEFAULT_MARKING.key] = choices.default_marking
        try:
            if changed:
                self.settings.update(changed)
            said = self.tr("Settings kept.")
        except FileWriteFailed as exc:  # a full disk, say: its own sentence
            said = self.tr("The settings apply now but could not be kept for next time: %1")
            said = said.replace("%1", str(exc))
        except (OSError, ValueError) as exc:
            why = getattr(exc, "strerror", None) or type(exc).__name__
            said = self.tr("The settings apply now but could not be kept for next time (%1).")
            said = said.replace("%1", why)
        if choices.auto_lock_minutes != before.auto_lock_minutes:
            self.auto_lock_changed.emit(choices.auto_lock_minutes * 60)
            said += " " + self.tr(
                "The store now locks after %n minute(s) without input.",
                "",
                choices.auto_lock_minutes,
            )
        self.statusBar().showMessage(said, 6000)
        if choices.keyring != before.keyring:
            self._set_keyring(choices.keyring)

    def _set_keyring(self, enabled: bool) -> None:
        def done(on: bool) -> None:
            self.statusBar().showMessage(
                self.tr("hcdesk now also unlocks with your computer login (%1).").replace(
                    "%1", self.keyring_where
                )
                if on
                else self.tr("hcdesk no longer unlocks with your computer login."),
                8000,
            )

        def failed(exc: BaseException) -> None:
            self.statusBar().showMessage(message_for(exc), 10000)

        operations.set_keyring(self.runner, self.store, enabled, done, failed)

    def show_legend(self, shown: bool) -> None:
        self.list_panel.show_legend(shown)
        try:
            self.settings.set(prefs.SYNC_LEGEND, 1 if shown else 0)
        except (OSError, ValueError, FileWriteFailed) as exc:
            log.warning("the sync legend setting could not be kept: %s", type(exc).__name__)

    # -- the strategy's figures ------------------------------------------------------------------
    def open_figures(self) -> QDialog:
        """View → Figures: the dashboard (one at a time; it stays open beside the window)."""
        from hcdesk.ui.dashboard import FiguresDialog

        return self._beside(
            "figures",
            FiguresDialog,
            lambda: FiguresDialog(self.store, self.runner, self.today, self),
        )

    def open_intake(self) -> QDialog:
        """View → Third-party reports: the intake queue (one at a time, beside the window)."""
        from hcdesk.ui.intake_queue import IntakeDialog

        old = self.dialogs.get("intake")
        if isinstance(old, IntakeDialog):
            old.refresh()  # reports may have been imported from the command line since

        def make() -> QDialog:
            dialog = IntakeDialog(self.store, self.runner, self)
            dialog.case_changed.connect(lambda _case_id: self.model.refresh())
            return dialog

        return self._beside("intake", IntakeDialog, make)

    # -- help ------------------------------------------------------------------------------------
    def show_about(self) -> QDialog:
        dialog = AboutDialog(
            self.store.paths.root, self.store.officer, self.server_address(), self
        )
        return self._dialog("about", dialog)

    def show_shortcuts(self) -> QDialog:
        extra = [
            (self.tr("A section, a filter, a button"), self.tr("Alt+underlined letter")),
            (self.tr("The next or previous field"), self.tr("Tab, Shift+Tab")),
            (self.tr("Move in the case list, open the case"), self.tr("Arrow keys, Enter")),
            (self.tr("Open the menu bar"), self.tr("Alt or F10")),
        ]
        dialog = ShortcutsDialog(self.actions(), extra, self)
        return self._dialog("shortcuts", dialog)

    # -- long work: import with progress and cancel ----------------------------------------------
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

    # -- where the window was ----------------------------------------------------------------
    def _save_geometry(self) -> None:
        try:
            self.settings.set(prefs.WINDOW_GEOMETRY, screenfit.encoded_geometry(self))
        # A window size is not worth an error on the way out (a full disk included).
        except (OSError, ValueError, FileWriteFailed) as exc:
            log.warning("the window size could not be kept: %s", type(exc).__name__)
