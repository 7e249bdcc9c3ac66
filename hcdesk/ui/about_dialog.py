"""Help → About (the version, where the store is, the central store, licence notes) and
Help → Keyboard shortcuts (every command of the window with its keys, read from the actions
themselves so the list cannot drift from what the keys do)."""

from __future__ import annotations

import platform
from html import escape
from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hcdesk import __version__

LICENCES = (
    ("hcdesk", "for the force's own use (not open source)"),
    ("Qt 6 and PySide6", "GNU Lesser General Public Licence v3"),
    ("SQLCipher", "BSD-style licence (Zetetic)"),
    ("SQLAlchemy", "MIT licence"),
    ("ReportLab", "BSD licence"),
    ("Noto fonts", "SIL Open Font Licence 1.1 (resources/fonts/OFL-1.1.txt)"),
    ("Droid Sans Fallback", "Apache Licence 2.0 (resources/fonts/Apache-2.0.txt)"),
)


class AboutDialog(QDialog):
    def __init__(
        self, profile: Path, officer: str, server: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About hcdesk"))
        layout = QVBoxLayout(self)
        rows = [
            (self.tr("Version"), f"hcdesk {__version__}"),
            (self.tr("Signed in as"), officer or self.tr("(no name)")),
            (self.tr("Case store"), str(profile)),
            (self.tr("Central store"), server or self.tr("Not signed in")),
            (
                self.tr("Built with"),
                f"Python {platform.python_version()}, Qt {qVersion()}, "
                f"PySide6 {PySide6.__version__}",
            ),
        ]
        table = "".join(
            f"<tr><td><b>{escape(k)}</b>&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in rows
        )
        licences = "".join(f"<li>{escape(a)}: {escape(b)}</li>" for a, b in LICENCES)
        self.text = QLabel(
            "<h3>hcdesk</h3>"
            + escape(self.tr("Case work for hate-crime victim liaison staff."))
            + f"<table>{table}</table><p><b>{escape(self.tr('Licences'))}</b></p><ul>{licences}"
            "</ul>"
        )
        self.text.setObjectName("aboutText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(self.text.textInteractionFlags())
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.setMinimumWidth(min(560, self.screen().availableGeometry().width() - 40))


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    """(command, keys) for every action with a shortcut, in the order given."""
    rows = []
    for act in actions:
        keys = ", ".join(
            k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts()
        )
        if keys:
            rows.append((act.text().replace("&", "").rstrip("…"), keys))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(
        self, actions: list[QAction], extra: list[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        rows = shortcut_rows(actions) + extra
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Command"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        for i, (what, keys) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(what))
            self.table.setItem(i, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(1)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, min(560, self.screen().availableGeometry().height() - 80))
