"""Unlock screen and main window (the full case file arrives with the desktop issue)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hcdesk.errors import HcdeskError
from hcdesk.store.store import ProfilePaths, Store
from hcdesk.ui.tasks import TaskRunner


class UnlockWidget(QWidget):
    def __init__(self, profile: Path, runner: TaskRunner, on_unlocked: Any) -> None:
        super().__init__()
        self.profile, self.runner, self.on_unlocked = profile, runner, on_unlocked
        self.setWindowTitle(self.tr("hcdesk — unlock"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("<h2>Unlock your case store</h2>"))
        layout.addWidget(title)
        layout.addWidget(QLabel(self.tr("Profile: %1").replace("%1", str(profile))))
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        form.addRow(self.tr("&Passphrase"), self.passphrase)
        layout.addLayout(form)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Unlock status"))
        layout.addWidget(self.message)
        self.button = QPushButton(self.tr("&Unlock"))
        self.button.setAccessibleName(self.tr("Unlock"))
        self.button.setDefault(True)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.unlock)
        self.passphrase.returnPressed.connect(self.unlock)
        if not ProfilePaths(profile).exists():
            self.message.setText(
                self.tr(
                    "There is no profile here yet. Create one with 'hcdesk demo' or 'make run'."
                )
            )

    def unlock(self) -> None:
        text = self.passphrase.text()
        self.button.setEnabled(False)
        self.message.setText(self.tr("Unlocking…"))
        self.runner.run(lambda: Store.open(self.profile, text), self._done, self._failed)

    def _done(self, store: Store) -> None:
        self.passphrase.clear()
        self.on_unlocked(store)

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        msg = (
            str(exc) if isinstance(exc, HcdeskError) else self.tr("The store could not be opened.")
        )
        self.message.setText(msg)
        self.passphrase.selectAll()
        self.passphrase.setFocus()


COLUMNS = ("Reference", "Record type", "Strands", "Place", "Status")


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(COLUMNS[section])
        return None


def load_rows(store: Store) -> list[tuple[str, ...]]:
    from hcdesk.models import CaseFile

    with store.session() as s:
        rows = s.execute(
            sa.select(
                CaseFile.urn,
                CaseFile.local_ref,
                CaseFile.record_type,
                CaseFile.monitored_strands,
                CaseFile.place,
                CaseFile.status,
            )
            .where(CaseFile.deleted.is_(False))
            .order_by(CaseFile.id.desc())
        ).all()
    return [
        (
            urn or ref,
            str(rt).replace("_", " ").title(),
            ", ".join(str(x) for x in strands),
            place or "",
            str(status).title(),
        )
        for urn, ref, rt, strands, place, status in rows
    ]


class MainWindow(QMainWindow):
    def __init__(self, store: Store, runner: TaskRunner) -> None:
        super().__init__()
        self.store, self.runner = store, runner
        self.setWindowTitle(self.tr("hcdesk — cases"))
        self.model = CaseTableModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Cases"))
        self.table.setModel(self.model)
        self.setCentralWidget(self.table)
        self.resize(1000, 640)
        self.statusBar().showMessage(self.tr("Loading cases…"))
        runner.run(lambda: load_rows(store), self._loaded)

    def _loaded(self, rows: list[tuple[str, ...]]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.statusBar().showMessage(self.tr("%n case(s)", "", len(rows)))


class Shell(QObject):
    def __init__(self, profile: Path) -> None:
        super().__init__()
        self.profile = profile
        self.runner = TaskRunner(self)
        self.unlock_widget: UnlockWidget | None = None
        self.window: MainWindow | None = None

    def start(self) -> None:
        self.unlock_widget = UnlockWidget(self.profile, self.runner, self._unlocked)
        self.unlock_widget.resize(460, 240)
        self.unlock_widget.show()

    def _unlocked(self, store: Store) -> None:
        self.window = MainWindow(store, self.runner)
        self.window.show()
        if self.unlock_widget:
            self.unlock_widget.hide()
