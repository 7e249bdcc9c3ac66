"""The notice shown when the central store says this device was withdrawn."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from hcdesk.ui.sync import field, tr


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
