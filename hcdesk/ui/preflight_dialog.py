"""The pre-flight check before a court summary: what a prosecutor would query on the case file.

:class:`PreflightGate` asks casework (:mod:`hcdesk.casework.preflight`, on a worker) for
the findings still to deal with. With none, the summary dialog opens at once. Otherwise
:class:`PreflightDialog` lists them: those that must be fixed send the officer back to the
case; the others may stand, with the officer's reason, recorded on the case (one transaction)
before the summary dialog opens. Cancelling changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hcdesk.errors import message_for
from hcdesk.ui import operations
from hcdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from hcdesk.casework.preflight import Finding
    from hcdesk.store.store import Store

MUST_FIX_COLOUR = "#c62828"


class PreflightDialog(QDialog):
    """The findings on one case before its summary is exported. Accepted once the findings
    that may stand are acknowledged (never while one that must be fixed remains)."""

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        case_id: str,
        reference: str,
        findings: list[Finding],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.runner, self.case_id = store, runner, case_id
        self.findings = list(findings)
        self.blocking = [f for f in self.findings if f.blocking]
        self.to_acknowledge = [f for f in self.findings if not f.blocking]
        self.busy = False
        self.setObjectName("preflightDialog")
        self.setWindowTitle(self.tr("Before the court summary: %1").replace("%1", reference))
        self.resize(640, 440)
        layout = QVBoxLayout(self)

        intro = QLabel(
            self.tr(
                "A prosecutor would query %n thing(s) on case %1 as it stands.",
                "",
                len(self.findings),
            ).replace("%1", reference)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("What the pre-flight check found"))
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.list.setSpacing(4)
        for finding in self.blocking + self.to_acknowledge:
            self.list.addItem(self._item(finding))
        layout.addWidget(self.list, 1)

        self.advice = QLabel()
        self.advice.setWordWrap(True)
        layout.addWidget(self.advice)

        reason_label = QLabel(
            self.tr("&Why these can stand (required; recorded on the case with your name):")
        )
        reason_label.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName(self.tr("Why these findings can stand"))
        self.reason.setMaximumHeight(90)
        reason_label.setBuddy(self.reason)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setStyleSheet(
            f"QLabel#fieldError {{ color: {MUST_FIX_COLOUR}; font-weight: 600; }}"
        )
        self.error.setAccessibleName(self.tr("Why the acknowledgement was not recorded"))
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.back_button = QPushButton(self.tr("&Back to the case"))
        self.back_button.setAccessibleName(self.tr("Back to the case without the summary"))
        self.back_button.setToolTip(self.tr("Nothing is recorded; the summary is not opened."))
        self.back_button.clicked.connect(self.reject)
        self.acknowledge_button = QPushButton(self.tr("&Acknowledge and continue"))
        self.acknowledge_button.setAccessibleName(
            self.tr("Acknowledge these findings and continue to the summary")
        )
        self.acknowledge_button.clicked.connect(self.acknowledge)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.acknowledge_button)
        layout.addLayout(buttons)

        if self.blocking:
            self.advice.setText(
                self.tr(
                    "Fix what is marked “must be fixed” on the case file and save it, then "
                    "print the summary again; the rest can be acknowledged then."
                )
            )
            hidden: tuple[QWidget, ...] = (reason_label, self.reason, self.acknowledge_button)
            for widget in hidden:
                widget.hide()
            self.back_button.setDefault(True)
            self.back_button.setFocus()
        else:
            self.advice.setText(
                self.tr(
                    "These may stand if there is a good reason: say why, and the summary opens. "
                    "The reason is kept on the case; they are not asked again while the facts "
                    "stay the same."
                )
            )
            self.acknowledge_button.setDefault(True)
            self.reason.setFocus()

    def _item(self, finding: Finding) -> QListWidgetItem:
        if finding.blocking:
            text = self.tr("Must be fixed: %1").replace("%1", finding.message)
        else:
            text = self.tr("To acknowledge: %1").replace("%1", finding.message)
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
        item.setData(Qt.ItemDataRole.UserRole, finding.check)
        if finding.blocking:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
            item.setForeground(QBrush(QColor(MUST_FIX_COLOUR)))
        return item

    # -- acknowledging ---------------------------------------------------------------------------
    def acknowledge(self) -> None:
        """Record the acknowledgements with the reason (on the write worker), then accept."""
        if self.busy or self.blocking:
            return
        self._set_busy(True)
        self.error.hide()
        operations.acknowledge_findings(
            self.runner,
            self.store,
            self.case_id,
            self.to_acknowledge,
            self.reason.toPlainText(),
            self._acknowledged,
            self._failed,
        )

    def _acknowledged(self, _ids: list[str]) -> None:
        self._set_busy(False)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.error.setText(message_for(exc))
        self.error.show()
        self.reason.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.acknowledge_button.setEnabled(not busy)
        self.back_button.setEnabled(not busy)
        self.reason.setReadOnly(busy)

    def reject(self) -> None:
        """Cancel, back to the case; not while the acknowledgement is being recorded."""
        if not self.busy:
            super().reject()


class PreflightGate(QObject):
    """The pre-flight check between Ctrl+P and the summary dialog, for one window: one check
    at a time, its dialog closed (nothing recorded) when the window hides for a lock."""

    def __init__(self, window: QWidget, runner: TaskRunner) -> None:
        super().__init__(window)
        self.window, self.runner = window, runner
        self.checking = False
        self.dialog: PreflightDialog | None = None
        window.installEventFilter(self)

    def busy(self) -> bool:
        """Whether a check is under way or its dialog is open (it is raised again)."""
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
        return self.checking or self.dialog is not None

    def check(
        self,
        store: Store,
        case_id: str,
        reference: str,
        proceed: Callable[[], None],
        on_failed: Callable[[BaseException], None],
        still_wanted: Callable[[], bool] = lambda: True,
    ) -> None:
        """Check the saved case on a worker; then ``proceed()`` (open the summary dialog) at
        once if nothing is outstanding, or once :class:`PreflightDialog` is accepted. Dropped
        if ``still_wanted()`` is False by then (another case was opened, the store locked)."""
        if self.busy():
            return
        self.checking = True

        def go_on() -> None:
            if still_wanted() and self.window.isVisible():
                proceed()

        def found(findings: list[Finding]) -> None:
            self.checking = False
            if not (still_wanted() and self.window.isVisible()):
                return
            if not findings:
                go_on()
                return
            dialog = PreflightDialog(store, self.runner, case_id, reference, findings, self.window)
            self.dialog = dialog
            dialog.accepted.connect(go_on)
            dialog.finished.connect(lambda _r: self._closed(dialog))
            dialog.open()

        def failed(exc: BaseException) -> None:
            self.checking = False
            on_failed(exc)

        operations.preflight(self.runner, store, case_id, found, failed)

    def _closed(self, dialog: PreflightDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Hide and self.dialog:
            # Locked or hidden: the findings (case data) must not stay on screen. An
            # acknowledgement under way is recorded, then the dialog closes; nothing opens.
            if self.dialog.busy:
                self.dialog.hide()
            else:
                self.dialog.reject()
        return False
