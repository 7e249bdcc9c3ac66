"""Layering: only hcdesk.ui may use Qt, so store, CLI, server and tests run without a display."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import hcdesk

PACKAGE = Path(hcdesk.__file__).resolve().parent
UI = PACKAGE / "ui"

IMPORT_EVERYTHING_BUT_UI = r"""
import importlib, json, pkgutil, sys
import hcdesk

imported, failed = [], {}
for info in pkgutil.walk_packages(hcdesk.__path__, "hcdesk."):
    name = info.name
    if name == "hcdesk.ui" or name.startswith("hcdesk.ui."):
        continue
    if name == "hcdesk.__main__":  # runs the CLI when imported
        continue
    if name == "hcdesk.store.migrations.env":  # an Alembic script, run only by Alembic
        continue
    try:
        importlib.import_module(name)
    except Exception as exc:  # reported below, so a broken module cannot hide
        failed[name] = f"{type(exc).__name__}: {exc}"
    else:
        imported.append(name)
qt = sorted(m for m in sys.modules if m == "PySide6" or m.startswith("PySide6."))
print(json.dumps({"imported": imported, "failed": failed, "qt": qt}))
"""


def test_nothing_outside_the_ui_loads_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING_BUT_UI],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["failed"] == {}
    for expected in ("hcdesk.store.store", "hcdesk.cli", "hcdesk.interchange.importer"):
        assert expected in report["imported"]
    assert len(report["imported"]) >= 15
    assert report["qt"] == [], f"Qt was imported outside hcdesk.ui: {report['qt']}"


def _qt_imports(path: Path) -> list[str]:
    """``import`` statements in a file that name PySide6 (also inside functions)."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        if any(n == "PySide6" or n.startswith("PySide6.") for n in names):
            found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_no_module_outside_the_ui_imports_qt() -> None:
    offenders: list[str] = []
    checked = 0
    for path in sorted(PACKAGE.rglob("*.py")):
        if UI in path.parents:
            continue
        checked += 1
        offenders += _qt_imports(path)
        # importlib.import_module("PySide6...") or __import__ would dodge the AST check.
        text = path.read_text("utf-8")
        for line_no, line in enumerate(text.splitlines(), 1):
            if "PySide6" in line and ("import" in line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line_no}")
    assert checked >= 15
    assert sorted(set(offenders)) == []


def test_the_ui_is_where_qt_lives() -> None:
    """Guard for the check above: it does find Qt imports where they are."""
    found = [hit for path in sorted(UI.rglob("*.py")) for hit in _qt_imports(path)]
    assert found, "hcdesk.ui is expected to import PySide6"
