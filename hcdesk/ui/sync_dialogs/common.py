"""What the sync widgets share: state colours and dots, record and policy names, how a synced
value, a time and a conflict read in words, and the indicator's summary of a sync status.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from hcdesk.casework.fields import humanise
from hcdesk.ui import sync as s
from hcdesk.ui.sync import ago, as_datetime, field, tr

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


def escape(text: str) -> str:
    """``text`` safe inside rich text."""
    import html

    return html.escape(text)


# -- a conflict, in words ----------------------------------------------------------------------
def version_text(version: Any) -> str:
    author = str(field(version, "author") or tr("author not recorded"))
    at = when_text(field(version, "at"))
    return tr("%1, %2").replace("%1", author).replace("%2", at) if at else author


def who_text(version: Any) -> str:
    """``By <b>pc.lewis</b> at 25/11/2026 13:10`` (rich text), saying what was not recorded."""
    author, at = field(version, "author"), when_text(field(version, "at"))
    if author and at:
        return tr("By <b>%1</b> at %2").replace("%1", escape(str(author))).replace("%2", at)
    if author:
        return tr("By <b>%1</b> (time not recorded)").replace("%1", escape(str(author)))
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


class RowsModel(QAbstractTableModel):
    """A read-only table of rows with fixed, translated column headings (``COLUMNS``); a
    subclass says how an item becomes a row (:meth:`row_of`) and what each cell shows."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def row_of(self, item: Any) -> Any:
        return item

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = [self.row_of(r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.COLUMNS[section])
        return None
