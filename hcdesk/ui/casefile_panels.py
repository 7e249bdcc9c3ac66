"""What stays in view above every section of the case file: how to contact the victim safely,
and the case's open sync conflicts."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from hcdesk.ui.casefile_sections import show


class SafetyPanel(QFrame):
    """How to contact the victim safely: always visible above every section."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("safetyPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#safetyPanel { border: 2px solid #b26a00; border-radius: 4px; }")
        layout = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAccessibleName(self.tr("Contact safety"))
        layout.addWidget(self.label)
        self.setAccessibleName(self.tr("Contact safety panel"))

    def set_victim(self, victim: Mapping[str, Any] | None) -> None:
        if not victim:
            self.label.setText(self.tr("<b>Contact safety:</b> no victim recorded yet."))
            return
        parts = [self.tr("<b>Contact safety</b> for %1").replace("%1", esc(victim.get("name")))]
        parts.append(
            self.tr("Safe times: %1").replace(
                "%1", esc(victim.get("safe_times")) or self.tr("not recorded")
            )
        )
        channels = victim.get("safe_channels") or []
        parts.append(
            self.tr("Safe channels: %1").replace("%1", show(channels) or self.tr("not recorded"))
        )
        if victim.get("no_voicemail"):
            parts.append(self.tr("<b>NO VOICEMAIL</b>"))
        if victim.get("interpreter_needed"):
            parts.append(
                self.tr("<b>Interpreter: %1</b>").replace("%1", esc(victim.get("language")) or "?")
            )
        if victim.get("access_needs"):
            parts.append(self.tr("Access needs recorded (Victim section)"))
        self.label.setText(" &nbsp;·&nbsp; ".join(parts))


def esc(value: Any) -> str:
    """``value`` as text for rich-text labels ("" for nothing)."""
    return html.escape(str(value)) if value else ""


class ConflictBanner(QFrame):
    """Shown above a case's sections while it has open sync conflicts."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("conflictBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#conflictBanner { border: 2px solid #b26a00; border-radius: 4px; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Sync conflicts in this case"))
        layout.addWidget(self.label, 1)
        self.review = QPushButton(self.tr("Review conflic&ts…"))
        self.review.setAccessibleName(self.tr("Review the conflicts in this case"))
        layout.addWidget(self.review)
        self.count = 0
        self.needs_review = 0
        self.hide()

    def set_conflicts(self, conflicts: list[Any]) -> None:
        open_ = [c for c in conflicts if _get(c, "status", "open") == "open"]
        self.count = len(open_)
        self.needs_review = sum(1 for c in open_ if _get(c, "policy") in ("narrative", "delete"))
        if not open_:
            self.hide()
            return
        text = self.tr("This case has %n sync conflict(s)", "", self.count)
        if self.needs_review:
            text += self.tr(", %n needing review", "", self.needs_review)
        text += self.tr(
            ": someone else changed the same thing before syncing. Both versions are kept."
        )
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.show()


def _get(obj: Any, name: str, default: Any = None) -> Any:
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)
