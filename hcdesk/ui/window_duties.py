"""The main window's part in the Victims' Code duty panel (:mod:`hcdesk.ui.casefile_duties`):
what the panel asks to record runs on the write worker (:mod:`hcdesk.ui.operations`), and the
case file then shows the case as the store now holds it (the duties, the history, the
Overview). Never while the case has unsaved changes: those are saved by Save, not here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow

from hcdesk.casework.fields import format_date
from hcdesk.errors import message_for
from hcdesk.ui import operations
from hcdesk.ui.casefile_duties import (
    ADD_STATUS,
    BREACH,
    SAVE_FIRST,
    TOLD,
    WITHDRAW_STATUS,
    DutyWrite,
    status_name,
)

if TYPE_CHECKING:
    import datetime as dt

    from hcdesk.casework.records import CaseFileView
    from hcdesk.store.store import Store
    from hcdesk.ui.casefile import CaseFileWidget
    from hcdesk.ui.caselist import CaseListModel
    from hcdesk.ui.sync import SyncController
    from hcdesk.ui.tasks import TaskRunner

    _Base = QMainWindow
else:
    _Base = object


def _tr(text: str) -> str:
    return QCoreApplication.translate("WindowDuties", text)


class WindowDuties(_Base):
    """Mixed into :class:`~hcdesk.ui.mainwindow.MainWindow` (which has what is declared here)."""

    store: Store
    runner: TaskRunner
    casefile: CaseFileWidget
    model: CaseListModel
    case_id: str | None
    saving: bool
    sync: SyncController | None
    today: Callable[[], dt.date]

    if TYPE_CHECKING:  # the main window's own (never defined here: it would shadow it)

        def is_draft(self) -> bool: ...

        def refresh_case_sync(self) -> None: ...

        def _case_actions(self) -> None: ...

    def record_duty(self, write: DutyWrite) -> None:
        """Record what the duty panel asks, on the write worker; ``write.done`` or
        ``write.refused`` gets the answer in words."""
        if write.case_id != self.case_id or self.is_draft():
            write.refused(_tr("This case is not the one open any more; nothing was recorded."))
            return
        if self.saving or self.casefile.has_changes():
            write.refused(_tr(SAVE_FIRST))
            self.casefile.duties.set_unsaved(True)
            return
        today = self.today()

        def done(result: tuple[Any, CaseFileView]) -> None:
            self._duty_recorded(write, result[1], self._recorded_line(write, result[0]))

        def failed(exc: BaseException) -> None:
            write.refused(message_for(exc))

        args = (self.runner, self.store, write.case_id)
        if write.action == TOLD:
            assert write.day is not None
            operations.record_told(
                *args, write.target, write.day, write.text or None, today, done, failed
            )
        elif write.action == BREACH:
            operations.record_breach(*args, write.target, write.text, today, done, failed)
        elif write.action == ADD_STATUS:
            operations.add_status(*args, write.target, write.text, today, done, failed)
        elif write.action == WITHDRAW_STATUS:
            operations.withdraw_status(*args, write.target, write.text, today, done, failed)
        else:  # pragma: no cover - a programming error
            raise ValueError(write.action)

    def _recorded_line(self, write: DutyWrite, result: Any) -> str:
        from hcdesk.casework import duties
        from hcdesk.models.enums import VictimsCodeStatus

        if write.action in (TOLD, BREACH):
            duty = result
            state = duties.LABELS[duty.status].lower()
            line = (
                _tr("Recorded: the victim was told on %1.").replace("%1", format_date(write.day))
                if write.action == TOLD
                else _tr("Recorded: why the deadline was missed.")
            )
            line += " " + _tr("%1: %2 (due %3).").replace("%1", duty.what)
            line = line.replace("%2", state).replace("%3", format_date(duty.due))
            if duty.status is duties.DutyStatus.BREACHED and not duty.breach_reason:
                line += " " + _tr("That is after the deadline: record why with Record breach….")
            return line
        name = status_name(VictimsCodeStatus(write.target))
        if write.action == ADD_STATUS:
            return _tr("Recorded: %1 added.").replace("%1", name)
        return _tr("Recorded: %1 withdrawn.").replace("%1", name)

    def _duty_recorded(self, write: DutyWrite, view: CaseFileView, line: str) -> None:
        """Show the case as it now is, once something was recorded from the duty panel."""
        if self.case_id == view.case_id and not self.is_draft():
            if self.casefile.has_changes():  # typed while it was recorded: kept as typed
                self.casefile.show_recorded(view)
            else:
                self.casefile.load(view)
            self._case_actions()
        self.model.refresh()
        self.refresh_case_sync()
        if self.sync is not None:
            self.sync.schedule()
        self.statusBar().showMessage(line, 8000)
        write.done(line)
