"""The desktop application's start-up: QApplication, unlock, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hcdesk import __version__


def make_app(argv: list[str] | None = None) -> QApplication:
    """The running QApplication, made (with hcdesk's names) if there is none yet."""
    existing = QApplication.instance()
    if existing is None:
        QApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(argv or sys.argv[:1])
    elif isinstance(existing, QApplication):
        app = existing
    else:  # a programming error: widgets need a QApplication, not a bare QCoreApplication
        raise TypeError(f"a {type(existing).__name__} is running; hcdesk needs a QApplication")
    app.setApplicationName("hcdesk")
    app.setOrganizationName("hcdesk")
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("hcdesk")
    return app


def run(profile: Path) -> int:
    app = make_app()
    from hcdesk.ui.mywork import make_home
    from hcdesk.ui.shell import Shell

    shell = Shell(profile, home=make_home)
    shell.start()
    code = app.exec()
    shell.shutdown()  # the windows are gone: stop the sync, finish queued writes, close the store
    return code
