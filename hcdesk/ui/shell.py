"""The application's life cycle: unlock, main window, auto-lock, lock, quick-hide."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from hcdesk.errors import HcdeskError, message_for
from hcdesk.store import settings as prefs
from hcdesk.ui import operations, screenfit
from hcdesk.ui.tasks import TaskRunner
from hcdesk.ui.unlock import UnlockWidget

if TYPE_CHECKING:
    from hcdesk.casework.casefile import Changes
    from hcdesk.casework.records import CaseFileView
    from hcdesk.store.store import Store
    from hcdesk.ui.mainwindow import MainWindow
    from hcdesk.ui.sync import SyncController

log = logging.getLogger(__name__)

AUTO_LOCK_DEFAULT_S = int(prefs.AUTO_LOCK_S.default)
# What hcdesk before per-profile settings kept in one QSettings file shared by every profile
# (~/.config/hcdesk/hcdesk.conf on Linux), beside the settings below: the last case's id.
LEGACY_LAST_CASE = "last_case"


def _legacy_value(value: Any) -> Any:
    """A QSettings value (text in an INI file) as the number it stood for."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    for kind in (int, float):
        try:
            return kind(str(value))
        except ValueError:
            continue
    return value


def retire_global_settings(settings: prefs.ProfileSettings) -> None:
    """Remove the last case's id from the old global settings file, and copy its other
    settings into this profile once (when the profile has no settings file yet).

    The old file stays for other profiles to take their copy from; it holds nothing else.
    """
    old = QSettings()
    keys = old.allKeys()
    if not keys:
        return
    values = {k: _legacy_value(old.value(k)) for k in keys if k in prefs.SETTINGS}
    try:
        settings.take_over(values)
    except OSError as exc:
        log.warning("settings: the old settings were not copied (%s)", type(exc).__name__)
    if LEGACY_LAST_CASE in keys:
        old.remove(LEGACY_LAST_CASE)
        old.sync()
        file = Path(old.fileName())  # not a file where QSettings uses the registry
        if not old.allKeys() and file.is_file():
            file.unlink(missing_ok=True)


class IdleWatch(QObject):
    """Locks after a period without keyboard or mouse input, measured in wall-clock time so that
    a laptop's sleep cannot bypass it (monotonic clocks may stop while asleep)."""

    idle = Signal()

    def __init__(
        self, seconds: float, clock: Callable[[], float] = time.time, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.seconds, self.clock = seconds, clock
        self.last = clock()
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.check)
        self.active = False

    def start(self) -> None:
        self.last = self.clock()
        self.active = True
        self.timer.start()

    def stop(self) -> None:
        self.active = False
        self.timer.stop()

    def check(self) -> None:
        if self.active and self.clock() - self.last >= self.seconds:
            self.stop()
            self.idle.emit()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
        ):
            self.last = self.clock()
        return False


class Shell(QObject):
    """The application's life cycle: unlock → main window → lock → unlock again."""

    locked = Signal()
    withdrawn = Signal()  # the device was revoked and its store wiped; back at the start

    def __init__(
        self,
        profile: Path,
        runner: TaskRunner | None = None,
        clock: Callable[[], float] = time.time,
        today: Callable[[], dt.date] = dt.date.today,
        sync_client: Callable[[Store], Any] | None = None,
        home: Callable[[MainWindow], QWidget] | None = None,
    ) -> None:
        """``home``: makes the view shown first after unlocking ("My work") for a new window;
        it gets the store and runner from the window, and may have ``set_store(store)`` and a
        signal ``open_requested(case_id, section)``."""
        super().__init__()
        self.profile, self.today = profile, today
        self.home = home
        self.runner = runner or TaskRunner(self)
        self.store: Store | None = None
        self.window: MainWindow | None = None
        # Makes the SyncClient of an unlocked store (None: hcdesk.sync.client.SyncClient).
        self.sync_client = sync_client
        self.sync: SyncController | None = None
        self.revoked_notice: Any = None
        self.settings = prefs.ProfileSettings(profile)
        retire_global_settings(self.settings)
        self.settings.keep_private()
        self.quit_prompt: QMessageBox | None = None
        self.quit_approved = False
        self.unlock_widget = UnlockWidget(profile, self.runner)
        self.unlock_widget.unlocked.connect(self._unlocked)
        # Centred on the screen it opens on, never bigger than it.
        screenfit.fit_to(
            self.unlock_widget, screenfit.available_for(self.unlock_widget), QSize(560, 380)
        )
        self.unlock_widget.installEventFilter(self)
        seconds = float(self.settings.get(prefs.AUTO_LOCK_S))
        self.idle = IdleWatch(seconds, clock, self)
        self.idle.idle.connect(self.auto_lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)

    def start(self) -> None:
        self.unlock_widget.show()
        operations.warm_up(self.runner)

    def _unlocked(self, store: Store) -> None:
        self.store = store
        if self.window is None:
            from hcdesk.ui.mainwindow import MainWindow

            self.window = MainWindow(store, self.runner, today=self.today, settings=self.settings)
            self.window.lock_requested.connect(self.lock)
            self.window.auto_lock_changed.connect(lambda sec: setattr(self.idle, "seconds", sec))
            self.window.hide_requested.connect(self.quick_hide)
            if self.home is not None:
                self.window.set_home(self.home(self.window))
            self.window.show_start()
            self.window.open_last()
        else:
            # Back to where the officer was: same window, same case, unsaved edits kept.
            self.window.set_store(store)
        from hcdesk.ui.sync import SyncController

        # While unlocked, keep what exists now (modules, the window, caches) out of the cyclic
        # collector's way, so that a full collection during a big sync (which stops every
        # thread, the GUI's too) scans only what is new. Locking gives it back to the collector.
        gc.freeze()
        self.sync = SyncController(store, self.sync_client, self, settings=self.settings)
        self.sync.revoked.connect(self._revoked)
        self.window.attach_sync(self.sync)
        self.unlock_widget.hide()
        self.window.show()
        self.window.raise_()
        self.idle.start()
        self.sync.start()

    def auto_lock(self) -> None:
        """Locked for inactivity: the unlock screen says so, and what became of unsaved edits."""
        self.lock(idle_minutes=max(1, round(self.idle.seconds / 60)))

    def lock(self, idle_minutes: int = 0) -> None:
        """Hide the case at once, save what can be saved, drop the key, show the unlock screen.

        The save and the closing of the store run on the write worker (after any save already
        queued), so the GUI never waits on the database; ``locked`` fires once the key is gone.
        ``idle_minutes``: locked after that long without input (the unlock screen says so).
        """
        if self.store is None:
            return
        self.idle.stop()
        gc.unfreeze()
        store, window, sync = self.store, self.window, self.sync
        self.store, self.sync = None, None
        if window is not None:
            window.cancel_close()  # a close question or a close waiting for a save
        # Cancel a running sync now; wait for it (on the worker) before the store closes.
        stop_sync = sync.stop() if sync is not None else None
        pending: tuple[str, Changes, dict[str, Any] | None] | None = None
        held = False
        if window is not None:
            # Edits that cannot be saved as they are stay in the hidden form until unlock;
            # never written unencrypted.
            pending = window.changes_to_keep()
            held = pending is None and window.case_id is not None and window.casefile.has_changes()
            window.hide()
        unlock = self.unlock_widget
        unlock.refresh_mode()
        why = (
            unlock.tr("hcdesk locked after 1 minute without input.")
            if idle_minutes == 1
            else unlock.tr("hcdesk locked after %1 minutes without input.").replace(
                "%1", str(idle_minutes)
            )
        )
        why = why if idle_minutes else ""
        kept = unlock.tr(
            "Changes that could not be saved as they were are kept: unlock to put them right "
            "and save them."
        )
        saving = unlock.tr("Your unsaved changes are being saved before the store locks.")
        said = (why, kept if held else "", saving if pending else "")
        unlock.set_notice(" ".join(t for t in said if t))
        unlock.show()
        unlock.raise_()

        def closed(view: CaseFileView | None) -> None:
            if view is not None and window is not None:
                window.saved_on_lock(view)
                unlock.set_notice(
                    " ".join(t for t in (why, unlock.tr("Your unsaved changes were saved.")) if t)
                )
            if sync is not None:
                sync.deleteLater()
            self.locked.emit()

        def failed(exc: BaseException) -> None:
            if window is not None and isinstance(exc, HcdeskError):
                window.statusBar().showMessage(str(exc))
            if pending is not None:
                lost = unlock.tr(
                    "Your unsaved changes could not be saved (%1); they are kept: unlock to "
                    "save them."
                ).replace("%1", message_for(exc))
                unlock.set_notice(" ".join(t for t in (why, lost) if t))
            if sync is not None:
                sync.deleteLater()
            self.locked.emit()

        operations.lock_store(self.runner, store, stop_sync, pending, closed, failed)

    def _revoked(self, report: Any) -> None:
        """IT withdrew this device: the sync engine reported what was unsent and wiped the
        store. Say so once, then start again from the unlock (or create) screen."""
        from hcdesk.ui.sync_dialogs.revoked import revoked_box

        store, window, sync = self.store, self.window, self.sync
        if store is None:
            return
        if sync is not None and not sync.revoked_wiped:
            # The report of what is unsent did not reach the central store, so nothing was
            # deleted: say so, and let the officer carry on (the next sync reports and wipes).
            box = revoked_box(report, window, wiped=False, message=sync.last_error)
            self.revoked_notice = box
            box.open()
            return
        self.idle.stop()
        gc.unfreeze()
        self.store, self.window, self.sync = None, None, None
        stop_sync = sync.stop() if sync is not None else None
        # The store (and the last case it remembered) is gone; so are this profile's settings,
        # leaving the directory as empty as a new profile needs it.
        self.settings.remove()
        if window is not None:
            window.hide()

        def closed(_result: Any = None) -> None:
            if sync is not None:
                sync.deleteLater()
            if window is not None:
                window.close()
                window.deleteLater()

        operations.close_store(self.runner, store, stop_sync, closed)
        box = revoked_box(report)
        box.finished.connect(self._after_revoked)
        self.revoked_notice = box
        box.open()

    def _after_revoked(self) -> None:
        if self.revoked_notice is not None:
            self.revoked_notice.deleteLater()
            self.revoked_notice = None
        self.unlock_widget.refresh_mode()
        self.unlock_widget.show()
        self.unlock_widget.raise_()
        self.withdrawn.emit()

    # -- quitting --------------------------------------------------------------------------------
    def held_edits(self) -> bool:
        """Whether the locked window still holds typing that locking could not save."""
        window = self.window
        return (
            self.store is None
            and window is not None
            and window.case_id is not None
            and window.casefile.has_changes()
        )

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Closing the unlock screen quits hcdesk: ask first if that would lose typing."""
        if (
            obj is self.unlock_widget
            and event.type() == QEvent.Type.Close
            and not self.quit_approved
            and self.unlock_widget.isVisible()
            and self.held_edits()
        ):
            event.ignore()
            self._ask_quit_locked()
            return True
        return False

    def _ask_quit_locked(self) -> None:
        if self.quit_prompt is not None:
            self.quit_prompt.raise_()
            self.quit_prompt.activateWindow()
            return
        Button = QMessageBox.StandardButton
        widget = self.unlock_widget
        if widget.isMinimized():
            widget.showNormal()
        box = QMessageBox(widget)
        box.setObjectName("quitLockedPrompt")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(widget.tr("Quit hcdesk"))
        # Locked: say nothing about the case itself.
        box.setText(
            widget.tr("Some changes could not be saved when hcdesk locked; they are still open.")
        )
        box.setInformativeText(
            widget.tr("Unlock to put them right and save them. If you quit now, they are lost.")
        )
        box.setStandardButtons(Button.Discard | Button.Cancel)
        box.button(Button.Discard).setText(widget.tr("&Quit without saving"))
        box.setDefaultButton(Button.Cancel)
        box.setEscapeButton(Button.Cancel)
        box.finished.connect(lambda _r, b=box: self._quit_answered(b))
        self.quit_prompt = box
        box.open()

    def _quit_answered(self, box: QMessageBox) -> None:
        if self.quit_prompt is not box:
            return
        self.quit_prompt = None
        box.deleteLater()
        clicked = box.clickedButton()
        discard = QMessageBox.StandardButton.Discard
        if clicked is not None and box.standardButton(clicked) == discard:
            self.quit_approved = True
            self.unlock_widget.close()

    def shutdown(self, wait_ms: int = 120_000) -> None:
        """After the last window has closed (the event loop has ended): stop the sync, let the
        queued writes (a save, a lock) finish, close the store. Blocks; nothing is on screen."""
        self.idle.stop()
        store, sync = self.store, self.sync
        self.store, self.sync = None, None
        if sync is not None:
            sync.stop()()  # cancel a running sync and wait for it to stop
        self.runner.wait(wait_ms)
        if store is not None:
            store.close()

    def quick_hide(self) -> None:
        """Hide every window at once, clear the clipboard and lock."""
        for w in QApplication.topLevelWidgets():
            w.hide()
        QGuiApplication.clipboard().clear()
        self.lock()
        self.unlock_widget.showMinimized()
