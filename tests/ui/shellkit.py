"""Helpers for the tests of the desktop shell (keyboard, menus, mnemonics, fitting the screen):
plain functions, imported as ``from shellkit import ...``."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QTabBar,
    QTabWidget,
    QWidget,
)

from hcdesk.casework.cases import new_case
from hcdesk.models.case import Person
from hcdesk.models.enums import PersonRole, RecordType
from hcdesk.store.store import Store

_MNEMONIC = re.compile(r"&(.)")


def mnemonic(text: str) -> str | None:
    """The Alt+letter of a text ("Sus&pects" -> "p"); "&&" is a plain ampersand."""
    for match in _MNEMONIC.finditer(text.replace("&&", "")):
        if not match.group(1).isspace():
            return match.group(1).lower()
    return None


def mnemonic_targets(window: QWidget) -> dict[str, list[str]]:
    """Every Alt+letter that a window answers to as it is now, with what each would reach:
    shown buttons and check boxes, labels with a buddy, group boxes, the tabs of shown tab
    bars and the menus of the menu bar."""
    found: dict[str, list[str]] = defaultdict(list)

    def note(text: str, what: QWidget) -> None:
        key = mnemonic(text)
        if key is not None:
            found[key].append(f"{type(what).__name__} {text!r}")

    for w in [window, *window.findChildren(QWidget)]:
        if w.window() is not window or not (w is window or w.isVisibleTo(window)):
            continue
        if isinstance(w, QAbstractButton) or (isinstance(w, QLabel) and w.buddy() is not None):
            note(w.text(), w)
        elif isinstance(w, QGroupBox):
            note(w.title(), w)
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.isTabVisible(i) and w.isTabEnabled(i):
                    note(w.tabText(i), w)
        elif isinstance(w, QMenuBar):
            for act in w.actions():
                if act.isVisible():
                    note(act.text(), w)
    return dict(found)


def clashes(window: QWidget) -> dict[str, list[str]]:
    return {k: v for k, v in mnemonic_targets(window).items() if len(v) > 1}


def menu_clashes(menu: QMenu) -> dict[str, list[str]]:
    """Alt+letters shared by two items of one menu (or of one of its submenus)."""
    out: dict[str, list[str]] = {}
    seen: dict[str, list[str]] = defaultdict(list)
    for act in menu.actions():
        if act.isSeparator() or not act.isVisible():
            continue
        key = mnemonic(act.text())
        if key is not None:
            seen[key].append(act.text())
        if act.menu() is not None:
            out.update(menu_clashes(act.menu()))  # type: ignore[arg-type]
    out.update({f"{menu.title()}:{k}": v for k, v in seen.items() if len(v) > 1})
    return out


def every_tab(root: QWidget) -> Iterator[str]:
    """Make each tab of each tab widget under ``root`` current in turn (the inner ones of each
    outer tab too), yielding where it is."""
    outer = [t for t in root.findChildren(QTabWidget) if t.parentWidget() is not None]
    tops = [t for t in outer if not any(o is not t and o.isAncestorOf(t) for o in outer)]
    for tabs in tops:
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            yield tabs.tabText(i)
            page = tabs.widget(i)
            for inner in page.findChildren(QTabWidget):
                for j in range(inner.count()):
                    inner.setCurrentIndex(j)
                    yield f"{tabs.tabText(i)} / {inner.tabText(j)}"


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def key(k: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press and release a key where the focus is, as the keyboard would."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClick(target, k, mod)


def type_text(text: str) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClicks(target, text)


def tab_until(predicate: Any, limit: int = 80, back: bool = False) -> QWidget:
    """Press Tab (Shift+Tab) until the focused widget satisfies ``predicate``."""
    for _ in range(limit):
        w = focused()
        if w is not None and predicate(w):
            return w
        key(Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached it; the focus is on {focused()!r}")


def seed_cases(store: Store, count: int) -> list[str]:
    """``count`` cases, each with a victim, newest last."""
    ids = []
    with store.transaction(reason="test set-up") as s:
        for i in range(count):
            case = new_case(s, RecordType.HATE_CRIME, place=f"Place {i}", summary="Shouted at")
            s.flush()
            s.add(Person(case_id=case.id, role=PersonRole.VICTIM, name=f"Victim {i}"))
            ids.append(case.id)
    return ids
