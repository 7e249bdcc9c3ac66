"""The desktop application's start-up: QApplication, unlock, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hcdesk import __version__


def make_app(argv: list[str] | None = None) -> QApplication:
    if QApplication.instance() is None:
        QApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("hcdesk")
    app.setOrganizationName("hcdesk")
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("hcdesk")
    return app  # type: ignore[return-value]


def run(profile: Path) -> int:
    app = make_app()
    from hcdesk.ui.shell import Shell

    shell = Shell(profile)
    shell.start()
    code = app.exec()
    shell.shutdown()  # the windows are gone: stop the sync, finish queued writes, close the store
    return code
