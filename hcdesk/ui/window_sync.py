"""The main window's part in sync with the central store: the indicator and progress in the
status bar, the sync dialogs (one of each at a time), and the open case's sync state."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMainWindow

from hcdesk.errors import HcdeskError, message_for
from hcdesk.ui import operations
from hcdesk.ui.sync import SyncController
from hcdesk.ui.sync_dialogs.conflicts import ConflictsDialog
from hcdesk.ui.sync_dialogs.indicator import SyncIndicator
from hcdesk.ui.sync_dialogs.panel import SyncPanel
from hcdesk.ui.sync_dialogs.progress import SyncProgress
from hcdesk.ui.sync_dialogs.quarantine import QuarantineDialog
from hcdesk.ui.sync_dialogs.signin import SignInDialog

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from hcdesk.casework.records import CaseFileView
    from hcdesk.store.store import Store
    from hcdesk.ui.casefile import CaseFileWidget
    from hcdesk.ui.caselist import CaseListModel
    from hcdesk.ui.tasks import TaskRunner


if TYPE_CHECKING:
    _Base = QMainWindow
else:
    _Base = object


class WindowSync(_Base):
    """Mixed into :class:`~hcdesk.ui.mainwindow.MainWindow` (which has what is declared here)."""

    store: Store
    runner: TaskRunner
    casefile: CaseFileWidget
    model: CaseListModel
    case_id: str | None
    saving: bool
    sync: SyncController | None
    sync_dialogs: dict[str, Any]
    sync_action: QAction
    sync_panel_action: QAction
    sign_in_action: QAction
    sync_indicator: SyncIndicator
    sync_progress: SyncProgress | None

    if TYPE_CHECKING:  # the main window's own (never defined here: it would shadow it)

        def is_draft(self) -> bool: ...

    def _sync_widgets(self) -> None:
        """The sync indicator in the status bar (shown once a store is attached)."""
        self.sync_indicator = SyncIndicator()
        self.sync_indicator.clicked.connect(self.open_sync_panel)
        self.sync_indicator.hide()
        self.statusBar().addPermanentWidget(self.sync_indicator)
        self.sync_progress = None

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
        if received and self.case_id is not None and not self.saving and not self.is_draft():
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
        if sync is None or case_id is None or self.is_draft():
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

    def server_address(self) -> str:
        """The central store this profile syncs with, as last read ("" when not signed in)."""
        status = self.sync.status if self.sync is not None else None
        return str(getattr(status, "server_url", "") or "")
