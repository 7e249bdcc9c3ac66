"""Make the README's screenshots from a fresh demo profile: ``python scripts/screenshots.py``.

Runs the real application offscreen (or under Xvfb) and saves PNGs in docs/screenshots/.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings

from hcdesk.devrun import DEMO_PASSPHRASE, ensure_demo_profile
from hcdesk.ui.app import make_app

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = make_app()
    QCoreApplication.setOrganizationName("hcdesk-screenshots")
    QSettings().clear()
    from hcdesk.ui.shell import Shell

    def wait(cond, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
        end = time.time() + timeout
        while time.time() < end and not cond():
            app.processEvents()
            time.sleep(0.01)
        for _ in range(30):
            app.processEvents()
            time.sleep(0.005)
        return bool(cond())

    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "demo"
        ensure_demo_profile(profile, cases=300)
        shell = Shell(profile)
        shell.start()
        shell.unlock_widget.resize(520, 300)
        wait(lambda: True)
        shell.unlock_widget.grab().save(str(OUT / "unlock.png"))
        shell.unlock_widget.passphrase.setText(DEMO_PASSPHRASE)
        shell.unlock_widget.submit()
        assert wait(lambda: shell.window is not None), "did not unlock"
        window = shell.window
        assert window is not None
        window.resize(1400, 860)
        assert wait(lambda: window.model.total > 0)
        window.list_panel.table.resizeColumnsToContents()
        window.grab().save(str(OUT / "case-list.png"))
        # Open a case that has wishes, actions and evidence.
        window.list_panel.search.setText("Kowalczyk")
        wait(lambda: False, 1.0)
        if window.model.total == 0:
            window.list_panel.search.setText("")
            wait(lambda: window.model.total > 0)
        window.list_panel._activated(window.model.index(0, 0))
        assert wait(lambda: window.case_id is not None)
        names = ["case-file", "victim", "wishes", "needs-plan", "referrals", "contacts",
                 "victims-code", "charges", "history"]
        for i, name in enumerate(names):
            window.casefile.tabs.setCurrentIndex(i)
            wait(lambda: False, 0.2)
            window.grab().save(str(OUT / f"{name}.png"))
        shell.lock()
    print(f"Screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
