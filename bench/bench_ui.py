"""Desktop benchmarks (issue 3): cold start, unlock to list, keystroke to list, memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_store import big_store
from bench.common import Result

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import os, sys, time
t0 = float(os.environ["BENCH_T0"])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget(); w.resize(480, 320); w.show()
def shown():
    print(time.time() - t0); app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

HCDESK = """
import os, sys, time
t0 = float(os.environ["BENCH_T0"])
from pathlib import Path
import hcdesk.cli  # the path `hcdesk` takes
from PySide6.QtCore import QTimer
from hcdesk.ui.app import make_app
app = make_app()
from hcdesk.ui.shell import Shell
shell = Shell(Path(sys.argv[1]))
shell.start()
def shown():
    print(time.time() - t0); app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def _launch(code: str, *args: str) -> float:
    env = dict(os.environ, BENCH_T0=repr(time.time()), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=ROOT,
    )
    return float(out.stdout.strip().splitlines()[-1]) * 1000


def bench_cold_start() -> Result:
    profile, _plain, _key = big_store()
    _launch(BARE), _launch(HCDESK, str(profile))  # warm the OS file cache for both
    bare = statistics.median(_launch(BARE) for _ in range(7))
    ours = statistics.median(_launch(HCDESK, str(profile)) for _ in range(7))
    return Result(
        name="cold start to the unlock screen (median of 7 launches)",
        figure=ours,
        unit="ms",
        baseline_name="bare PySide6 window, same interpreter",
        baseline=bare,
        goal="ratio <= 2.0",
        ok=ours / bare <= 2.0,
    )


def _app():  # type: ignore[no-untyped-def]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from hcdesk.ui.app import make_app

    return make_app()


def _wait(app, cond, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    end = time.perf_counter() + timeout
    while not cond():
        if time.perf_counter() > end:
            raise TimeoutError("benchmark condition not reached")
        app.processEvents()
        time.sleep(0.0005)


def bench_unlock_to_list() -> Result:
    from hcdesk.store.store import Store
    from hcdesk.ui.mainwindow import MainWindow
    from hcdesk.ui.tasks import TaskRunner

    profile, plain, key = big_store()
    app = _app()
    runner = TaskRunner()
    samples, base = [], []
    for _ in range(5):
        start = time.perf_counter()
        store = Store.open(profile, key=key)
        window = MainWindow(store, runner)
        window.show()
        _wait(app, lambda w=window: w.model.total > 0 and 0 in w.model.pages)
        app.processEvents()
        samples.append((time.perf_counter() - start) * 1000)
        rows = window.model.total
        window.close()
        runner.wait()
        store.close()
        # Baseline: the same count and first page with plain sqlite3 and no UI.
        import sqlite3

        t = time.perf_counter()
        conn = sqlite3.connect(plain)
        conn.execute("SELECT count(*) FROM case_list").fetchone()
        conn.execute("SELECT * FROM case_list ORDER BY updated_at DESC LIMIT 100").fetchall()
        conn.close()
        base.append((time.perf_counter() - t) * 1000)
    med = statistics.median(samples)
    return Result(
        name=f"unlock to a filled case list, {rows:,} cases, key derivation excluded (median of 5)",
        figure=med,
        unit="ms",
        baseline_name="plain sqlite3 count + first page, no UI",
        baseline=statistics.median(base),
        goal="<= 500 ms",
        ok=med <= 500,
    )


def bench_keystroke() -> Result:
    from hcdesk.store.store import Store
    from hcdesk.ui.mainwindow import MainWindow
    from hcdesk.ui.tasks import TaskRunner

    profile, _plain, key = big_store()
    app = _app()
    runner = TaskRunner()
    store = Store.open(profile, key=key)
    window = MainWindow(store, runner)
    window.show()
    _wait(app, lambda: window.model.total > 0)
    words = ["Kowalski", "Begum", "Okafor", "Nuneaton", "Patel", "Leamington", "Murphy", "Ahmed"]
    samples = []
    loaded = []
    window.model.loaded.connect(lambda n: loaded.append(n))
    for word in words:
        for i in range(1, len(word) + 1):
            loaded.clear()
            start = time.perf_counter()
            window.list_panel.search.setText(word[:i])  # one keystroke
            _wait(app, lambda: bool(loaded))
            samples.append((time.perf_counter() - start) * 1000)
        window.list_panel.search.clear()
        _wait(app, lambda: bool(loaded))
    # Baseline: the same filter work without the UI (count + first page straight from SQL).
    from hcdesk.casework.caselist import CaseFilter, count_cases, fetch_rows

    base = []
    for word in words:
        for i in range(1, len(word) + 1):
            t = time.perf_counter()
            with store.engine_or_raise().connect() as conn:
                f = CaseFilter(text=word[:i])
                count_cases(conn, f)
                fetch_rows(conn, f, limit=100)
            base.append((time.perf_counter() - t) * 1000)
    window.close()
    runner.wait()
    store.close()
    med = statistics.median(samples)
    p95 = sorted(samples)[int(len(samples) * 0.95) - 1]
    return Result(
        name=f"keystroke to filtered list at 100,000 cases (median of {len(samples)})",
        figure=med,
        unit="ms",
        baseline_name="same count + first page in SQL, no UI",
        baseline=statistics.median(base),
        goal="median <= 50 ms",
        ok=med <= 50,
        notes={"p95_ms": round(p95, 1)},
    )


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


MEMORY = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
sys.path.insert(0, os.getcwd())
from bench.bench_ui import _app, _wait, _rss_mb
app = _app()
if sys.argv[1] == "bare":
    from PySide6.QtWidgets import QMainWindow
    w = QMainWindow(); w.resize(1280, 800); w.show()
    for _ in range(50): app.processEvents()
    print(_rss_mb()); raise SystemExit
from hcdesk.store.store import Store
from hcdesk.ui.mainwindow import MainWindow
from hcdesk.ui.tasks import TaskRunner
key = bytes.fromhex(sys.argv[3])
store = Store.open(Path(sys.argv[2]), key=key)
runner = TaskRunner()
w = MainWindow(store, runner); w.show()
_wait(app, lambda: w.model.total > 0)
table = w.list_panel.table
for step in range(0, w.model.total, w.model.total // 20):
    table.scrollTo(w.model.index(step, 0))
    _wait(app, lambda s=step: (s // 100) in w.model.pages)
table.scrollToBottom()
_wait(app, lambda: ((w.model.total - 1) // 100) in w.model.pages)
w.list_panel._activated(w.model.index(w.model.total - 1, 0))
_wait(app, lambda: w.case_id is not None)
for _ in range(50): app.processEvents()
print(_rss_mb())
"""


def bench_memory() -> Result:
    profile, _plain, key = big_store()

    def run(*args: str) -> float:
        out = subprocess.run(
            [sys.executable, "-c", MEMORY, *args],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        return float(out.stdout.strip().splitlines()[-1])

    bare = run("bare")
    ours = run("hcdesk", str(profile), key.hex())
    return Result(
        name="memory (RSS) with 100,000 cases, list scrolled end to end and a case open",
        figure=ours,
        unit="MB",
        baseline_name="bare PySide6 main window",
        baseline=bare,
        goal="RSS <= 300 MB",
        ok=ours <= 300,
    )


BENCHMARKS = {
    "cold_start": bench_cold_start,
    "unlock_to_list_100k": bench_unlock_to_list,
    "keystroke_100k": bench_keystroke,
    "memory_100k": bench_memory,
}
