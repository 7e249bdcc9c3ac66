"""Make the screenshots in docs/screenshots/ from a fresh demo profile, at a laptop's size:

    xvfb-run -s "-screen 0 1366x768x24" python scripts/screenshots.py
    QT_SCALE_FACTOR=1.5 xvfb-run -s "-screen 0 1366x768x24" \
        python scripts/screenshots.py --suffix -150

The whole screen is grabbed (dialogs included), so each picture shows what fits on it. Run it
under Xvfb (or a desktop session); offscreen, Qt has no screen to grab.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from hcdesk.devrun import DEMO_PASSPHRASE, ensure_demo_profile
from hcdesk.ui.app import make_app

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
EXAMPLES = OUT.parent / "examples"
# The case file's tabs, in order, by the name of their picture.
TABS = [
    "overview",
    "case-file",
    "victim",
    "people",
    "wishes",
    "needs-plan",
    "referrals",
    "contacts",
    "victims-code",
    "charges",
    "history",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--suffix", default="", help="added to each file name, e.g. -150")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    QCoreApplication.setOrganizationName("hcdesk-screenshots")
    QSettings().clear()
    from hcdesk.ui.shell import Shell

    def wait(cond: Callable[[], bool], timeout: float = 20.0) -> bool:
        end = time.time() + timeout
        while time.time() < end and not cond():
            app.processEvents()
            time.sleep(0.01)
        for _ in range(40):
            app.processEvents()
            time.sleep(0.005)
        return bool(cond())

    def shot(name: str) -> None:
        wait(lambda: False, 0.3)
        screen = QGuiApplication.primaryScreen()
        screen.grabWindow(0).save(str(out / f"{name}{args.suffix}.png"))
        print(f"  {name}{args.suffix}.png", flush=True)

    screen = QGuiApplication.primaryScreen()
    print(
        f"Screen {screen.size().width()}x{screen.size().height()} (device-independent), "
        f"scale {screen.devicePixelRatio():g}",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "demo"
        ensure_demo_profile(profile, cases=300)
        shell = Shell(profile)
        shell.start()
        unlock = shell.unlock_widget
        wait(unlock.isVisible)
        shot("unlock")
        QTest.keyClick(unlock.passphrase, "D")  # a capital without Shift: Caps Lock is on
        unlock.show_text.setChecked(True)
        shot("unlock-caps-lock")
        unlock.show_text.setChecked(False)
        unlock.passphrase.setText(DEMO_PASSPHRASE)
        unlock.submit()
        assert wait(lambda: shell.window is not None and shell.window.isVisible()), "no unlock"
        window = shell.window
        assert window is not None
        assert wait(lambda: window.model.total > 0)
        g = window.frameGeometry()
        print(f"Main window {g.width()}x{g.height()} at {g.x()},{g.y()}", flush=True)
        shot("case-list")
        # A case with wishes, actions and evidence.
        window.list_panel.search.setText("Kowalczyk")
        wait(lambda: False, 1.0)
        if window.model.total == 0:
            window.list_panel.search.setText("")
            wait(lambda: window.model.total > 0)
        window.list_panel.table.setFocus()
        window.request_open(window.model.loaded_rows()[0].case_id)
        assert wait(lambda: window.case_id is not None)
        for i, name in enumerate(TABS[: window.casefile.tabs.count()]):
            window.casefile.tabs.setCurrentIndex(i)
            shot(name)
        # A new case saved without the victim's name: what is missing, in red.
        window.casefile.tabs.setCurrentIndex(0)
        window.new_case()
        window.save()
        shot("new-case")
        window.confirm_discard = lambda: True  # type: ignore[method-assign]
        window.ask_void()  # a new case is only thrown away
        window.request_open(window.model.loaded_rows()[0].case_id)
        assert wait(lambda: window.case_id is not None and not window.is_draft())
        for name, open_it in (
            ("settings", window.open_settings),
            ("about", window.show_about),
            ("shortcuts", window.show_shortcuts),
            ("void", window.ask_void),
        ):
            open_it()
            shot(name)
            for dialog in list(window.dialogs.values()):
                dialog.reject()
        # The strategy's figures, and the intake queue with the example centre reports.
        figures = window.open_figures()
        assert wait(lambda: getattr(figures, "found", None) is not None, 60)
        shot("figures")
        figures.reject()
        from hcdesk.casework import intake

        assert shell.store is not None
        intake.import_reports(shell.store, EXAMPLES / "third-party-reports.json", "screenshots")
        queue = window.open_intake()
        assert wait(lambda: queue.table.rowCount() > 0)  # type: ignore[attr-defined]
        shot("intake-queue")
        queue.reject()
        window.menus["file"].popup(window.mapToGlobal(window.menuBar().geometry().bottomLeft()))
        shot("menu-file")
        window.menus["file"].hide()
        shell.auto_lock()
        assert wait(lambda: shell.store is None)
        shot("unlock-after-auto-lock")
    print(f"Screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
