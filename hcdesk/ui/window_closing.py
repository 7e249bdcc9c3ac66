"""Closing the main window: what the officer typed is never lost without asking.

The title-bar close, Alt+F4, File → Quit and Ctrl+Q all come to :meth:`closeEvent`; a close
during a save waits for it; changes that cannot be saved as they are (a field marked in red, a
new case without its required fields) are never thrown away without a question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from hcdesk.ui.casefile import CaseFileWidget


if TYPE_CHECKING:
    _Base = QMainWindow
else:
    _Base = object


class WindowClosing(_Base):
    """Mixed into :class:`~hcdesk.ui.mainwindow.MainWindow` (which has what is declared here)."""

    casefile: CaseFileWidget
    case_id: str | None
    saving: bool
    close_prompt: QMessageBox | None
    close_after_save: bool
    close_approved: bool
    summary_dialog: Any
    sync_dialogs: dict[str, Any]
    hide_action: QAction
    lock_action: QAction
    if TYPE_CHECKING:  # the main window's own (never defined here: they would shadow it)
        closed: Signal

        def save(self) -> bool: ...
        def check_case(self, show: bool = True) -> tuple[Any, dict[str, str]]: ...
        def reference_shown(self) -> str: ...
        def _save_geometry(self) -> None: ...

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
        _, errors = self.check_case()  # marks the wrong fields in red, shows the first
        if errors:
            self._ask_close_unsaveable(count=len(errors))
        else:
            self._ask_close_with_changes()

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
            self.tr("The changes to case %1 are not saved yet.").replace(
                "%1", self.reference_shown()
            ),
            self.tr("Save them before hcdesk closes? If you close without saving, they are lost."),
            save=True,
        )

    def _ask_close_unsaveable(self, count: int = 0, reason: str = "") -> None:
        if reason:
            text = self.tr("The changes to case %1 could not be saved: %2").replace(
                "%1", self.reference_shown()
            )
            text = text.replace("%2", reason)
        else:
            text = self.tr(
                "The changes to case %1 cannot be saved as they are: %n field(s) need attention "
                "(marked in red).",
                "",
                count,
            ).replace("%1", self.reference_shown())
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
        self.check_case()

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
