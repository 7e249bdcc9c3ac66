"""The visible parts of sync: the status-bar indicator, the Sync panel, signing in, the conflict
list and the Resolve dialog, the refused-changes (quarantine) list and the withdrawn-device notice.

Every widget here only shows what the :class:`~hcdesk.ui.sync.SyncController` reports and asks it
to act; nothing here touches the store or the network.
"""

from __future__ import annotations

import csv
import io
import socket
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework.fields import humanise
from hcdesk.errors import message_for
from hcdesk.fileio import atomic_write
from hcdesk.ui import sync as s
from hcdesk.ui.sync import SyncController, ago, as_datetime, field, tr

# -- small helpers ------------------------------------------------------------------------------

COLOURS = {
    s.ONLINE: "#2e7d32",
    s.SYNCING: "#1565c0",
    s.OFFLINE: "#757575",
    s.NOT_SIGNED_IN: "#9e9e9e",
    s.ERROR: "#c62828",
    s.REVOKED: "#c62828",
    s.STARTING: "#9e9e9e",
    s.STOPPED: "#9e9e9e",
}
ATTENTION = "#b26a00"


def dot(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


RECORDS = {
    "case_file": "Case",
    "person": "Person",
    "victim_wish": "Victim's wish",
    "hostility_evidence": "Hostility evidence",
    "needs_assessment": "Needs assessment",
    "support_plan": "Support plan",
    "support_action": "Support action",
    "referral": "Referral",
    "contact_log": "Contact",
    "victims_code_event": "Victims' Code event",
    "charge": "Charge",
    "audit_event": "Audit event",
}


def record_label(entity: Any) -> str:
    name = str(entity or "")
    return tr(RECORDS[name]) if name in RECORDS else humanise(name)


POLICIES = {
    "scalar": "Newer value kept",
    "narrative": "Needs review: text changed twice",
    "delete": "Needs review: deleted and changed",
}
NEEDS_REVIEW = ("narrative", "delete")

STATE_TEXT = {
    s.STARTING: "Signed in",
    s.NOT_SIGNED_IN: "Not signed in",
    s.SYNCING: "Syncing…",
    s.ONLINE: "Online",
    s.OFFLINE: "Offline",
    s.ERROR: "Sync problem",
    s.REVOKED: "Device withdrawn",
    s.STOPPED: "Locked",
}


def when_text(value: Any) -> str:
    when = as_datetime(value)
    return when.astimezone().strftime("%d/%m/%Y %H:%M") if when else ""


def value_text(value: Any) -> str:
    """A synced value as a person reads it (dates, yes/no, choices, lists, changed fields)."""
    if value is None or value == "":
        return tr("(empty)")
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    if isinstance(value, dict):
        return "\n".join(f"{humanise(str(k))}: {value_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v) for v in value) or tr("(none)")
    when = as_datetime(value) if isinstance(value, str) and len(value) >= 19 else None
    if when is not None and "T" in str(value):
        return when.astimezone().strftime("%d/%m/%Y %H:%M")
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
    if text.isupper() and " " not in text:
        return humanise(text)
    return text


def counts(status: Any) -> tuple[int, int, int]:
    """(waiting to be sent, open conflicts, refused) from a SyncStatus."""
    pending = int(field(status, "pending", 0) or 0) + int(field(status, "inflight", 0) or 0)
    return (
        pending,
        int(field(status, "open_conflicts", 0) or 0),
        int(field(status, "quarantined", 0) or 0),
    )


def summary(state: str, status: Any) -> tuple[str, str]:
    """The indicator's short text and its longer description."""
    pending, conflicts, refused = counts(status)
    parts = [tr(STATE_TEXT.get(state, state))]
    last = field(status, "last_success_at")
    if state in (s.ONLINE, s.OFFLINE, s.ERROR, s.STARTING) and last:
        parts.append(tr("synced %1").replace("%1", ago(last)))
    elif state in (s.OFFLINE, s.ERROR) and not last:
        parts.append(tr("never synced"))
    if pending and state != s.SYNCING:  # while syncing, the count read before is being sent
        parts.append(tr("%1 to send").replace("%1", f"{pending:,}"))
    if conflicts:
        parts.append(tr("%n conflict(s)", "", conflicts))
    if refused:
        parts.append(tr("%n refused", "", refused))
    text = " · ".join(parts)
    lines = [text]
    if field(status, "server_url"):
        lines.append(tr("Central store: %1").replace("%1", str(field(status, "server_url"))))
    if field(status, "username"):
        lines.append(
            tr("Signed in as %1 (%2)")
            .replace("%1", str(field(status, "username")))
            .replace("%2", humanise(str(field(status, "role") or "")))
        )
    if last:
        lines.append(tr("Last successful sync: %1").replace("%1", when_text(last)))
    return text, "\n".join(lines)


# -- status bar -------------------------------------------------------------------------------
class SyncIndicator(QToolButton):
    """Online / Offline / Syncing… / Not signed in, with counts; click for the Sync panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(tr("Sync status"))
        self.state, self.status = s.STARTING, None
        self.last_error = ""
        self.tick = QTimer(self)  # keeps "synced 2 min ago" true
        self.tick.setInterval(30_000)
        self.tick.timeout.connect(self.render)
        self.tick.start()
        self.render()

    def attach(self, controller: SyncController) -> None:
        self.state, self.status = controller.state, controller.status
        controller.stateChanged.connect(self._state)
        controller.statusChanged.connect(self._status)
        controller.failed.connect(self._failed)
        self.controller = controller
        self.render()

    def _state(self, state: str) -> None:
        self.state = state
        self.render()

    def _status(self, status: Any) -> None:
        self.status = status
        self.render()

    def _failed(self, message: str) -> None:
        self.last_error = message
        self.render()

    def render(self) -> None:
        text, detail = summary(self.state, self.status)
        _, conflicts, refused = counts(self.status)
        colour = COLOURS.get(self.state, "#9e9e9e")
        if self.state == s.ONLINE and (conflicts or refused):
            colour = ATTENTION
        self.setIcon(dot(colour))
        self.setText(text)
        problem = getattr(getattr(self, "controller", None), "last_error", "") or ""
        if problem and self.state in (s.OFFLINE, s.ERROR, s.NOT_SIGNED_IN):
            detail += "\n" + problem
        self.setToolTip(detail + "\n" + tr("Click for the Sync panel (Shift+F5)."))
        self.setAccessibleDescription(detail)


class SyncProgress(QWidget):
    """A progress bar and Cancel, shown in the status bar while a long sync runs."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QProgressBar

        self.controller = controller
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setAccessibleName(tr("Sync progress message"))
        self.bar = QProgressBar()
        self.bar.setAccessibleName(tr("Sync progress"))
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(True)
        self.cancel = QPushButton(tr("Cancel sync"))
        self.cancel.setAccessibleName(tr("Cancel the sync"))
        self.cancel.clicked.connect(controller.cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.hide()
        # Only a sync that takes a while shows a bar (a quick one would only flicker).
        self.delay = QTimer(self)
        self.delay.setSingleShot(True)
        self.delay.setInterval(600)
        self.delay.timeout.connect(self._reveal)
        controller.started.connect(self._started)
        controller.progress.connect(self._progress)
        controller.stateChanged.connect(self._state)

    def _started(self) -> None:
        self.bar.setRange(0, 0)
        self.label.setText(tr("Syncing…"))
        self.cancel.setEnabled(True)
        self.delay.start()

    def _reveal(self) -> None:
        if self.controller.running and self.controller.state == s.SYNCING:
            self.show()

    def _progress(self, p: Any) -> None:
        total, done = field(p, "total"), int(field(p, "done", 0) or 0)
        phase = field(p, "phase", "")
        if total:
            self.bar.setRange(0, int(total))
            self.bar.setValue(min(done, int(total)))
        else:
            self.bar.setRange(0, 0)
        verb = {"push": tr("Sending"), "index": tr("Updating the case list")}.get(
            phase, tr("Receiving")
        )
        self.label.setText(
            tr("%1: %2 of %3")
            .replace("%1", verb)
            .replace("%2", f"{done:,}")
            .replace("%3", f"{int(total):,}")
            if total
            else tr("%1: %2").replace("%1", verb).replace("%2", f"{done:,}")
        )

    def _state(self, state: str) -> None:
        if state != s.SYNCING:
            self.delay.stop()
            self.hide()
        elif self.controller.running and not self.delay.isActive():
            self.delay.start()  # a quiet retry that got through


# -- the Sync panel -----------------------------------------------------------------------------
class SyncPanel(QDialog):
    """Where the officer sees everything about sync and acts on it."""

    conflicts_requested = Signal()
    quarantine_requested = Signal()
    sign_in_requested = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(tr("Sync with the central store"))
        self.setObjectName("syncPanel")
        layout = QVBoxLayout(self)
        self.headline = QLabel()
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setAccessibleName(tr("Sync state"))
        layout.addWidget(self.headline)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("server", tr("Central store")),
            ("user", tr("Signed in as")),
            ("last", tr("Last successful sync")),
            ("pending", tr("Changes waiting to be sent")),
            ("conflicts", tr("Open conflicts")),
            ("refused", tr("Refused changes")),
            ("problem", tr("Last problem")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            form.addRow(label + ":", value)
            self.values[key] = value
        layout.addLayout(form)
        self.explain = QLabel(
            tr(
                "Your work is always saved on this computer first. hcdesk sends it to the "
                "central store when there is a connection, and brings back your team's changes."
            )
        )
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        buttons = QHBoxLayout()
        self.sync_button = QPushButton(tr("&Sync now"))
        self.sync_button.setToolTip(tr("Send and receive changes now (F5)"))
        self.sync_button.clicked.connect(lambda: controller.sync_now())
        self.sign_button = QPushButton()
        self.sign_button.clicked.connect(self._sign)
        self.conflicts_button = QPushButton(tr("&Conflicts…"))
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        self.quarantine_button = QPushButton(tr("&Refused changes…"))
        self.quarantine_button.clicked.connect(self.quarantine_requested)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.close)
        for b in (
            self.sync_button,
            self.sign_button,
            self.conflicts_button,
            self.quarantine_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        controller.stateChanged.connect(self.render)
        controller.statusChanged.connect(self.render)
        controller.failed.connect(self.render)
        self.resize(560, 0)
        self.render()

    def _sign(self) -> None:
        if self.controller.signed_in():
            self.sign_button.setEnabled(False)
            self.controller.logout(lambda: self.sign_button.setEnabled(True))
        else:
            self.sign_in_requested.emit()

    def render(self, *_args: Any) -> None:
        c = self.controller
        status, state = c.status, c.state
        text, _ = summary(state, status)
        colour = COLOURS.get(state, "#9e9e9e")
        self.headline.setText(f"<h3 style='color:{colour}'>{_html(text)}</h3>")
        pending, conflicts, refused = counts(status)
        user = field(status, "username")
        self.values["server"].setText(str(field(status, "server_url") or tr("not set")))
        self.values["user"].setText(
            tr("%1 (%2)")
            .replace("%1", str(user))
            .replace("%2", humanise(str(field(status, "role") or "")))
            if user and c.signed_in()
            else tr("not signed in")
        )
        last = field(status, "last_success_at")
        self.values["last"].setText(
            tr("%1 (%2)").replace("%1", when_text(last)).replace("%2", ago(last))
            if last
            else tr("never")
        )
        self.values["pending"].setText(str(pending))
        self.values["conflicts"].setText(str(conflicts))
        self.values["refused"].setText(str(refused))
        self.values["problem"].setText(c.last_error or str(field(status, "last_error") or "—"))
        signed_in = c.signed_in()
        self.sign_button.setText(tr("Sign &out") if signed_in else tr("Sign &in…"))
        self.sign_button.setAccessibleName(
            tr("Sign out of the central store") if signed_in else tr("Sign in to the central store")
        )
        self.sync_button.setEnabled(signed_in and state not in (s.SYNCING, s.REVOKED))
        self.conflicts_button.setText(tr("&Conflicts (%1)…").replace("%1", str(conflicts)))
        self.conflicts_button.setAccessibleName(tr("Show conflicts"))
        self.quarantine_button.setText(tr("&Refused changes (%1)…").replace("%1", str(refused)))
        self.quarantine_button.setAccessibleName(tr("Show refused changes"))


def _html(text: str) -> str:
    import html

    return html.escape(text)


# -- signing in -------------------------------------------------------------------------------
class SignInDialog(QDialog):
    """Server address, user name and password; the sign-in runs on the sync worker."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.busy = False
        self.setWindowTitle(tr("Sign in to the central store"))
        self.setObjectName("signInDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Sign in once on this computer. Your force's IT team gives you the central "
                "store's address; use your hcdesk user name and password."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        status = controller.status
        self.server = QLineEdit(str(field(status, "server_url") or ""))
        self.server.setPlaceholderText("https://hcdesk.example.police.uk")
        self.server.setAccessibleName(tr("Central store address"))
        self.username = QLineEdit(str(field(status, "username") or ""))
        self.username.setAccessibleName(tr("User name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("Password"))
        self.device = QLineEdit(_hostname())
        self.device.setAccessibleName(tr("Name of this computer"))
        self.device.setToolTip(tr("Shown to the IT team in the list of devices"))
        for label, editor in (
            (tr("Central store &address:"), self.server),
            (tr("&User name:"), self.username),
            (tr("&Password:"), self.password),
            (tr("&This computer:"), self.device),
        ):
            lab = QLabel(label)
            lab.setBuddy(editor)
            form.addRow(lab, editor)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(tr("Sign-in message"))
        self.message.setStyleSheet(f"color: {COLOURS[s.ERROR]};")
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(tr("&Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel.setAccessibleName(tr("Cancel signing in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(520, 0)
        (self.password if self.server.text() and self.username.text() else self.server).setFocus()

    def submit(self) -> None:
        if self.busy:
            return
        url = self.server.text().strip()
        user = self.username.text().strip()
        password = self.password.text()
        problem = ""
        if not url.lower().startswith(("https://", "http://")):
            problem = tr("Enter the central store's address, starting with https://")
            target: QLineEdit = self.server
        elif not user:
            problem, target = tr("Enter your user name."), self.username
        elif not password:
            problem, target = tr("Enter your password."), self.password
        if problem:
            self.show_message(problem)
            target.setFocus()
            return
        self.busy = True
        self.password.clear()  # not kept in the widget while the sign-in runs
        for w in (self.server, self.username, self.password, self.device, self.ok):
            w.setEnabled(False)
        self.show_message(tr("Signing in…"), error=False)
        self.controller.login(
            url, user, password, self.device.text().strip(), self._signed_in, self._failed
        )

    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet(f"color: {COLOURS[s.ERROR]};" if error else "")
        self.message.setText(text)
        self.message.setAccessibleDescription(text)
        self.message.show()

    def _signed_in(self, user: Any) -> None:
        self.busy = False
        self.password.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        for w in (self.server, self.username, self.password, self.device, self.ok):
            w.setEnabled(True)
        self.password.clear()
        self.show_message(message_for(exc))
        self.password.setFocus()

    def reject(self) -> None:
        self.password.clear()
        super().reject()


def _hostname() -> str:
    try:
        return socket.gethostname()[:120]
    except OSError:
        return ""


# -- conflicts --------------------------------------------------------------------------------
CONFLICT_COLUMNS = ("Case", "Record", "Field", "What happened", "Kept", "Also kept", "Status")
VIEW_ROLE = Qt.ItemDataRole.UserRole + 1


def version_text(version: Any) -> str:
    author = str(field(version, "author") or tr("author not recorded"))
    at = when_text(field(version, "at"))
    return tr("%1, %2").replace("%1", author).replace("%2", at) if at else author


def who_text(version: Any) -> str:
    """``By <b>pc.lewis</b> at 25/11/2026 13:10`` (rich text), saying what was not recorded."""
    author, at = field(version, "author"), when_text(field(version, "at"))
    if author and at:
        return tr("By <b>%1</b> at %2").replace("%1", _html(str(author))).replace("%2", at)
    if author:
        return tr("By <b>%1</b> (time not recorded)").replace("%1", _html(str(author)))
    if at:
        return tr("At %1 (author not recorded)").replace("%1", at)
    return tr("Author and time not recorded")


def field_name(c: Any) -> str:
    label = str(field(c, "field_label") or humanise(str(field(c, "field") or "")))
    return label[:1].upper() + label[1:]


def status_text(c: Any) -> str:
    if field(c, "status") == "open":
        return tr("Decision waiting to be sent") if field(c, "resolving") else tr("Open")
    resolution = field(c, "resolution") or {}
    by = field(resolution, "by")
    return tr("Resolved by %1").replace("%1", str(by)) if by else tr("Resolved")


class ConflictModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CONFLICT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(CONFLICT_COLUMNS[section])
        return None

    def text(self, c: Any, column: int) -> str:
        policy = str(field(c, "policy") or "")
        return [
            lambda: str(field(c, "case_ref") or field(c, "case_id") or ""),
            lambda: record_label(field(c, "entity")),
            lambda: field_name(c),
            lambda: tr(POLICIES.get(policy, policy)),
            lambda: version_text(field(c, "winner")),
            lambda: version_text(field(c, "loser")),
            lambda: status_text(c),
        ][column]()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self.rows[index.row()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return self.text(c, index.column())
        if role == VIEW_ROLE:
            return c
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.column() == 3
            and field(c, "policy") in NEEDS_REVIEW
            and field(c, "status") == "open"
        ):
            return QColor(ATTENTION)
        return None


class ConflictsDialog(QDialog):
    """Every conflict (or one case's), with "Review…" opening the Resolve dialog."""

    def __init__(
        self,
        controller: SyncController,
        parent: QWidget | None = None,
        case_id: str | None = None,
        case_ref: str = "",
    ) -> None:
        super().__init__(parent)
        self.controller, self.case_id = controller, case_id
        self.setObjectName("conflictsDialog")
        self.setWindowTitle(
            tr("Conflicts in case %1").replace("%1", case_ref) if case_id else tr("Conflicts")
        )
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "A conflict is a change two people made to the same thing before they synced. "
                "The central store kept both versions: nothing was lost. Changed texts and "
                "deletions need a person to review them; a supervisor decides which version "
                "stays."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = ConflictModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(tr("Conflicts"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.activated.connect(self.review)
        self.table.doubleClicked.connect(self.review)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(tr("There are no conflicts."))
        self.empty.hide()
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.show_resolved = QCheckBox(tr("Show &resolved conflicts too"))
        self.show_resolved.toggled.connect(self.refresh)
        row.addWidget(self.show_resolved)
        row.addStretch(1)
        self.review_button = QPushButton(tr("&Review…"))
        self.review_button.setAccessibleName(tr("Review the selected conflict"))
        self.review_button.clicked.connect(lambda: self.review(self.table.currentIndex()))
        close = QPushButton(tr("Close"))
        close.setAccessibleName(tr("Close the conflicts list"))
        close.clicked.connect(self.close)
        row.addWidget(self.review_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(980, 420)
        self.resolve_dialog: ResolveDialog | None = None
        controller.finished.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args: Any) -> None:
        self.controller.conflicts(
            self._loaded, case_id=self.case_id, include_resolved=self.show_resolved.isChecked()
        )

    loaded = Signal()

    def _loaded(self, rows: list[Any]) -> None:
        current = self.table.currentIndex().row()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        for col in range(self.model.columnCount()):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 260))
        self.empty.setVisible(not rows)
        self.review_button.setEnabled(bool(rows))
        if rows:
            self.table.selectRow(max(0, min(current, len(rows) - 1)))
        self.loaded.emit()

    def review(self, index: QModelIndex | None = None) -> ResolveDialog | None:
        index = index if index is not None and index.isValid() else self.table.currentIndex()
        if not index.isValid():
            return None
        conflict = self.model.data(self.model.index(index.row(), 0), VIEW_ROLE)
        if self.resolve_dialog is not None:
            self.resolve_dialog.close()
            self.resolve_dialog.deleteLater()
        self.resolve_dialog = ResolveDialog(self.controller, conflict, self)
        self.resolve_dialog.resolved.connect(self.refresh)
        self.resolve_dialog.open()
        return self.resolve_dialog


class VersionPanel(QGroupBox):
    """One side of a conflict: who, when, and the value or text, with "Keep this version"."""

    def __init__(self, title: str, conflict: Any, side: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        version = field(conflict, side)
        policy = str(field(conflict, "policy") or "scalar")
        value = field(version, "value")
        layout = QVBoxLayout(self)
        self.setAccessibleName(title)
        who = QLabel(who_text(version))
        who.setAccessibleName(tr("%1: author and time").replace("%1", title))
        layout.addWidget(who)
        deleted = policy == "delete" and _is_deletion(value)
        if policy == "delete":
            what = QLabel(
                tr("<b>Deleted</b> the record") if deleted else tr("<b>Changed</b> the record:")
            )
            layout.addWidget(what)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(tr("%1: content").replace("%1", title))
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        if deleted:
            self.text.setPlainText(tr("(deleted)"))
        elif policy == "delete":
            edits = field(version, "edits") or {}
            self.text.setPlainText(value_text(edits) if edits else tr("(changes not listed)"))
        elif policy == "narrative":
            self.text.setPlainText("" if value is None else str(value))
        else:
            self.text.setPlainText(value_text(value))
        if policy == "scalar":
            self.text.setMaximumHeight(70)
            layout.addWidget(self.text)
        else:
            layout.addWidget(self.text, 1)
        self.keep = QPushButton(
            tr("&Keep this version") if side == "winner" else tr("K&eep this version")
        )
        self.keep.setAccessibleName(tr("Keep the version: %1").replace("%1", title))
        layout.addWidget(self.keep)
        if policy == "scalar":
            layout.addStretch(1)


def _is_deletion(value: Any) -> bool:
    return value is True


class ResolveDialog(QDialog):
    """Both versions side by side. A supervisor keeps one (or, for a text, writes the combined
    text); anyone else sees the same, read-only, with who resolves it."""

    resolved = Signal()

    def __init__(self, controller: SyncController, conflict: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller, self.conflict = controller, conflict
        self.busy = False
        self.setObjectName("resolveDialog")
        policy = str(field(conflict, "policy") or "scalar")
        label = field_name(conflict)
        ref = str(field(conflict, "case_ref") or "")
        self.setWindowTitle(tr("Conflict: %1 — %2").replace("%1", label).replace("%2", ref))
        layout = QVBoxLayout(self)
        entity = field(conflict, "entity")
        record = record_label(entity).lower()
        if policy == "delete":
            text = tr(
                "This %1 in case %2 was deleted in one place and changed in another before "
                "they synced."
            ).replace("%1", _html(record))
        elif entity == "case_file":
            text = tr("<b>%1</b> of case %2 was changed in two places before they synced.")
        else:
            text = tr(
                "<b>%1</b> of a %3 in case %2 was changed in two places before they synced."
            ).replace("%3", _html(record))
        head = QLabel(text.replace("%1", _html(label)).replace("%2", _html(ref)))
        head.setWordWrap(True)
        layout.addWidget(head)
        explain = {
            "scalar": tr(
                "The central store kept the newer value and saved the other one here. Keep the "
                "newer one, or put the other one back."
            ),
            "narrative": tr(
                "Texts are never merged silently: both versions are kept in full. Keep one, or "
                "write a combined text."
            ),
            "delete": tr(
                "One person deleted this record while another changed it. Keep it deleted, or "
                "keep it with the changes."
            ),
        }.get(policy, "")
        note = QLabel(explain)
        note.setWordWrap(True)
        layout.addWidget(note)
        sides = QGridLayout()
        self.winner = VersionPanel(tr("Version shown now"), conflict, "winner")
        self.loser = VersionPanel(tr("Other version"), conflict, "loser")
        sides.addWidget(self.winner, 0, 0)
        sides.addWidget(self.loser, 0, 1)
        layout.addLayout(sides, 1)
        self.combine_button = QPushButton(tr("Edit a &combined text…"))
        self.combine_button.setAccessibleName(tr("Edit a combined text"))
        self.combine_button.setVisible(policy == "narrative")
        self.combine_button.clicked.connect(self.combine)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(tr("Resolve message"))
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(self.combine_button)
        row.addStretch(1)
        close = QPushButton(tr("Close"))
        close.setAccessibleName(tr("Close without deciding"))
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.winner.keep.clicked.connect(lambda: self.decide("winner"))
        self.loser.keep.clicked.connect(lambda: self.decide("loser"))
        is_open = field(conflict, "status") == "open" and not field(conflict, "resolving")
        self.may_resolve = controller.may_resolve() and is_open
        if field(conflict, "status") != "open":
            self.message.setText(
                tr("This conflict has been resolved: %1.").replace(
                    "%1", status_text(conflict).lower()
                )
            )
        elif field(conflict, "resolving"):
            self.message.setText(
                tr("A decision on this conflict is waiting to be sent with the next sync.")
            )
        elif not controller.may_resolve():
            self.message.setText(
                tr(
                    "A supervisor resolves this conflict. Both versions are kept until then; "
                    "you can carry on working on the case."
                )
            )
        for b in (self.winner.keep, self.loser.keep, self.combine_button):
            b.setEnabled(self.may_resolve)
        self.resize(900, {"narrative": 560, "delete": 400}.get(policy, 300))

    def decide(self, choice: str, value: Any = None) -> None:
        if not self.may_resolve or self.busy:
            return
        self.busy = True
        for b in (self.winner.keep, self.loser.keep, self.combine_button):
            b.setEnabled(False)
        self.message.setText(tr("Saving the decision…"))
        self.controller.resolve(
            str(field(self.conflict, "id")), choice, value, self._done, self._failed
        )

    def _done(self) -> None:
        self.busy = False
        self.message.setText(tr("Decision saved; it is sent with the next sync."))
        self.resolved.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        for b in (self.winner.keep, self.loser.keep, self.combine_button):
            b.setEnabled(self.may_resolve)
        self.message.setText(message_for(exc))

    def combine(self) -> None:
        dialog = CombineDialog(self.winner.text.toPlainText(), self.loser.text.toPlainText(), self)
        dialog.accepted.connect(lambda: self.decide("value", dialog.editor.toPlainText()))
        self.combine_dialog = dialog
        dialog.open()


class CombineDialog(QDialog):
    def __init__(self, first: str, second: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("combineDialog")
        self.setWindowTitle(tr("Combined text"))
        layout = QVBoxLayout(self)
        hint = QLabel(tr("Both texts are below; edit them into the text that should stay."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(tr("Combined text"))
        self.editor.setPlainText(first if first == second else f"{first}\n\n{second}")
        layout.addWidget(self.editor, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("&Keep the combined text"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(700, 480)


# -- refused changes (quarantine) -----------------------------------------------------------------
QUARANTINE_COLUMNS = ("When", "Case", "Record", "Reason")


def quarantine_row(q: Any) -> dict[str, str]:
    """The exportable facts of one refused change: ids, references, reasons; no case content."""
    return {
        "mutation_id": str(field(q, "mutation_id") or ""),
        "created_at": _iso(field(q, "created_at")),
        "case_ref": str(field(q, "case_ref") or ""),
        "record": str(
            field(q, "description")
            or field(q, "entity_description")
            or record_label(field(q, "entity"))
        ),
        "code": str(field(q, "code") or ""),
        "reason": str(field(q, "reason") or ""),
    }


def _iso(value: Any) -> str:
    when = as_datetime(value)
    return when.isoformat() if when else ""


class QuarantineModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, str]] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = [quarantine_row(q) for q in rows]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(QUARANTINE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(QUARANTINE_COLUMNS[section])
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        row = self.rows[index.row()]
        return [
            when_text(row["created_at"]),
            row["case_ref"],
            row["record"],
            row["reason"] or humanise(row["code"]),
        ][index.column()]


class QuarantineDialog(QDialog):
    """Changes the central store refused: kept here, never sent again automatically."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("quarantineDialog")
        self.setWindowTitle(tr("Refused changes"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "The central store refused these changes, usually because your account may not "
                "change that case. <b>Nothing was lost</b>: each change is kept on this computer "
                "and is not sent again automatically. Talk to your supervisor: they can check "
                "your access and make the change if it is still needed. The exported list holds "
                "only references and reasons, no case details."
            )
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)
        self.model = QuarantineModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(tr("Refused changes"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(tr("No change has been refused."))
        self.empty.hide()
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.message = QLabel()
        self.message.setAccessibleName(tr("Export message"))
        row.addWidget(self.message, 1)
        self.export_button = QPushButton(tr("&Export list…"))
        self.export_button.setAccessibleName(tr("Export the list of refused changes (CSV)"))
        self.export_button.clicked.connect(self.choose_export)
        close = QPushButton(tr("Close"))
        close.setAccessibleName(tr("Close the refused changes list"))
        close.clicked.connect(self.close)
        row.addWidget(self.export_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(820, 380)
        controller.finished.connect(self.refresh)
        self.refresh()

    loaded = Signal()
    exported = Signal(str)

    def refresh(self, *_args: Any) -> None:
        self.controller.quarantine(self._loaded)

    def _loaded(self, rows: list[Any]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not rows)
        self.export_button.setEnabled(bool(rows))
        self.loaded.emit()

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export refused changes"), "refused-changes.csv", tr("CSV (*.csv)")
        )
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> None:
        rows = [dict(r) for r in self.model.rows]

        def op() -> int:
            text = io.StringIO(newline="")
            writer = csv.DictWriter(
                text,
                fieldnames=["mutation_id", "created_at", "case_ref", "record", "code", "reason"],
            )
            writer.writeheader()
            writer.writerows(rows)
            atomic_write(path, text.getvalue().encode("utf-8"))
            return len(rows)

        def done(n: int) -> None:
            self.message.setText(tr("%n change(s) listed in %1", "", n).replace("%1", path.name))
            self.exported.emit(str(path))

        self.controller.runner.run(op, done, lambda exc: self.message.setText(message_for(exc)))


# -- a withdrawn device -------------------------------------------------------------------------
def revoked_box(
    report: Any, parent: QWidget | None = None, *, wiped: bool = True, message: str = ""
) -> QMessageBox:
    """The notice shown when the central store says this device was withdrawn."""
    pending = int(field(report, "pending_changes", 0) or 0)
    cases = field(report, "cases", {}) or {}
    box = QMessageBox(parent)
    box.setObjectName("revokedNotice")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr("This computer was withdrawn"))
    box.setText(tr("This computer has been withdrawn from hcdesk by your force's IT team."))
    if wiped:
        lines = [
            tr("%n unsynced change(s)", "", pending)
            + " "
            + tr(
                "in %n case(s) were reported to the central store, so the IT team knows "
                "exactly what was not sent.",
                "",
                len(cases),
            ),
            tr("The local store on this computer has been wiped."),
            tr("If you think this is a mistake, contact your force's IT service desk."),
        ]
    else:
        lines = [
            message
            or tr(
                "What this computer holds could not be reported to the central store, so "
                "nothing was deleted."
            ),
            tr("Contact your force's IT service desk."),
        ]
    box.setInformativeText("\n\n".join(lines))
    if cases:
        box.setDetailedText(
            "\n".join(
                tr("%1: %n change(s)", "", int(n)).replace("%1", str(ref))
                for ref, n in sorted(cases.items())
            )
        )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    return box


__all__ = [
    "ConflictsDialog",
    "QuarantineDialog",
    "ResolveDialog",
    "SignInDialog",
    "SyncIndicator",
    "SyncPanel",
    "SyncProgress",
    "revoked_box",
]
