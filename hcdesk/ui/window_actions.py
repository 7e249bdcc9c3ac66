"""The main window's actions, toolbar and menu bar: each command is one QAction, made once,
with its shortcut, shared by the toolbar and the menus (File, Edit, View, Case, Sync, Help).

Every toolbar action has a shortcut and a place in a menu, so the keyboard reaches them all
(Alt or F10 opens the menu bar). Mnemonics (the underlined letters) are unique in each menu and
across the menu bar, the case file's tabs and the case list (tests/ui/test_shell_keyboard.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QToolBar,
    QWidget,
)

if TYPE_CHECKING:
    from hcdesk.ui.mainwindow import MainWindow

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


def quit_shortcuts() -> list[QKeySequence]:
    """The platform's Quit keys, and Ctrl+Q wherever the platform has none or others
    (Windows has no standard Quit key; Qt maps Ctrl to Cmd on macOS, so Cmd+Q there)."""
    keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit))
    ctrl_q = QKeySequence("Ctrl+Q")
    if ctrl_q not in keys:
        keys.append(ctrl_q)
    return keys


def make_action(
    owner: QWidget,
    text: str,
    shortcut: Shortcut,
    slot: Callable[..., Any],
    tip: str,
    *,
    checkable: bool = False,
) -> QAction:
    """One command: its text (with its mnemonic), shortcut, tooltip naming the shortcut,
    status tip; added to ``owner`` so that its shortcut works wherever the focus is."""
    act = QAction(text, owner)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
    keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    act.setToolTip(f"{tip} ({keys})" if keys else tip)
    act.setStatusTip(tip)
    act.setCheckable(checkable)
    act.triggered.connect(slot)
    owner.addAction(act)
    return act


def text_editor(widget: QWidget | None) -> QLineEdit | QPlainTextEdit | QTextEdit | None:
    """The editable text field ``widget`` is (or is inside, for a combo box's line edit)."""
    while widget is not None:
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            return None if widget.isReadOnly() else widget
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


def _can(editor: QLineEdit | QPlainTextEdit | QTextEdit | None, what: str) -> bool:
    if editor is None:
        return False
    if isinstance(editor, QLineEdit):
        return editor.isUndoAvailable() if what == "undo" else editor.isRedoAvailable()
    document = editor.document()
    return document.isUndoAvailable() if what == "undo" else document.isRedoAvailable()


class UndoRedo(QObject):
    """Edit → Undo and Redo, acting on the text field that has the focus (each field keeps
    its own history of what was typed into it since the case was opened)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.undo = make_action(
            window,
            window.tr("&Undo typing"),
            QKeySequence.StandardKey.Undo,
            lambda: self._do("undo"),
            window.tr("Undo the last typing in the field you are in"),
        )
        self.redo = make_action(
            window,
            window.tr("&Redo typing"),
            QKeySequence.StandardKey.Redo,
            lambda: self._do("redo"),
            window.tr("Type again what Undo took away"),
        )
        self.editor: QLineEdit | QPlainTextEdit | QTextEdit | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus)
        self.refresh()

    def _focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        editor = text_editor(new)
        if editor is None and new is not None and not self.window.isAncestorOf(new):
            return  # the menu (or another window) has the focus: keep the field we were in
        if editor is self.editor:
            return
        self._watch(self.editor, False)
        self.editor = editor if editor is not None and self.window.isAncestorOf(editor) else None
        self._watch(self.editor, True)
        self.refresh()

    def _watch(self, editor: QLineEdit | QPlainTextEdit | QTextEdit | None, on: bool) -> None:
        if editor is None:
            return
        signal = editor.textChanged
        try:
            if on:
                signal.connect(self.refresh)
            else:
                signal.disconnect(self.refresh)
        except (RuntimeError, TypeError):  # already gone, or never connected
            pass

    def refresh(self) -> None:
        self.undo.setEnabled(_can(self.editor, "undo"))
        self.redo.setEnabled(_can(self.editor, "redo"))

    def _do(self, what: str) -> None:
        editor = self.editor
        if editor is None:
            return
        if what == "undo":
            editor.undo()
        else:
            editor.redo()
        if isinstance(editor, QLineEdit):
            editor.textEdited.emit(editor.text())  # the form notices the change
        editor.setFocus()
        self.refresh()


def build(window: MainWindow) -> None:
    """Every action of the main window, its toolbar and its menu bar."""
    tr, w = window.tr, window
    std = QKeySequence.StandardKey
    # (attribute, text with its mnemonic, shortcut, slot, what it does)
    commands: list[tuple[str, str, Shortcut, Callable[..., Any], str]] = [
        ("new_action", tr("&New case"), std.New, w.new_case,
         tr("Start a new case (it is kept once you save it)")),
        ("find_action", tr("&Find a case"), std.Find, w.focus_search, tr("Search the case list")),
        ("save_action", tr("&Save"), std.Save, w.save, tr("Save the changes to this case")),
        ("print_action", tr("&Print summary…"), std.Print, w.print_summary,
         tr("Court summary for the CPS")),
        ("lock_action", tr("&Lock"), "Ctrl+L", w.lock_requested.emit, tr("Lock the store")),
        ("hide_action", tr("&Hide now"), "F12", w.hide_requested.emit,
         tr("Hide every window at once and lock")),
        ("import_action", tr("&Import…"), "Ctrl+I", w.import_file,
         tr("Import cases from an interchange JSON file (all or nothing)")),
        ("settings_action", tr("Se&ttings…"), "Ctrl+,", w.open_settings,
         tr("Auto-lock, keyring, central store, new-case marking")),
        ("quit_action", tr("&Quit"), None, w.close,
         tr("Close hcdesk (if there are unsaved changes, it asks what to do with them)")),
        ("home_action", tr("&My work"), "Ctrl+1", w.show_home,
         tr("What is due, overdue and coming up")),
        ("cases_action", tr("&Cases"), "Ctrl+2", w.show_cases,
         tr("The case list and the case file")),
        ("figures_action", tr("&Figures…"), "Ctrl+3", w.open_figures,
         tr("The strategy's figures for a period and team: charts, tables, CSV and PDF")),
        ("intake_action", tr("Third-party &reports…"), "Ctrl+4", w.open_intake,
         tr("Reports from third-party reporting centres waiting for triage")),
        ("reveal_action", tr("&Reveal sensitive details"), "Ctrl+Shift+R", w.ask_reveal,
         tr("Show the victim's masked details (recorded in the audit trail)")),
        ("void_action", tr("&Void this case…"), None, w.ask_void,
         tr("A case opened by mistake: void it, with the reason")),
        ("sync_action", tr("Sync &now"), "F5", w.sync_now, tr("Send and receive changes now")),
        ("sync_panel_action", tr("Sync &status…"), "Shift+F5", w.open_sync_panel,
         tr("Sync state, conflicts and refused changes")),
        ("sign_in_action", tr("Sign &in to the central store…"), "Ctrl+F5", w.open_sign_in,
         tr("Sign in so that your cases sync")),
        ("shortcuts_action", tr("&Keyboard shortcuts"), std.HelpContents, w.show_shortcuts,
         tr("Every command and its keys")),
        ("about_action", tr("&About hcdesk"), None, w.show_about,
         tr("Version, where the store is, the central store, licences")),
    ]  # fmt: skip
    for name, text, shortcut, slot, tip in commands:
        setattr(w, name, make_action(w, text, shortcut, slot, tip))
    w.legend_action = make_action(
        w,
        tr("Show sync &legend"),
        None,
        w.show_legend,
        tr("A line under the case list saying what each sync mark means"),
        checkable=True,
    )
    w.quit_action.setShortcuts(quit_shortcuts())
    w.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    w.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    w.about_action.setMenuRole(QAction.MenuRole.AboutRole)
    w.sign_in_action.setIconText(tr("Sign in…"))
    w.home_action.setEnabled(False)  # until a home view is set
    w.edit = UndoRedo(w)
    for a in (w.sync_action, w.sync_panel_action, w.sign_in_action):
        a.setEnabled(False)
    w.sign_in_action.setVisible(False)
    w.save_action.setEnabled(False)

    bar = QToolBar(tr("Main"))
    bar.setObjectName("mainToolbar")
    bar.setAccessibleName(tr("Main toolbar"))
    w.addToolBar(bar)
    toolbar = (w.new_action, w.find_action, w.save_action, w.print_action, w.lock_action,
               w.hide_action, w.import_action, w.sync_action, w.sign_in_action)  # fmt: skip
    for a in toolbar:
        bar.addAction(a)
    w.toolbar = bar

    w.menus = {}
    file_menu = w.menu("file", tr("&File"))
    for a in (w.new_action, w.import_action, w.save_action):
        file_menu.addAction(a)
    w.recent_menu = file_menu.addMenu(tr("&Recent cases"))
    w.recent_menu.setObjectName("recentMenu")
    file_menu.addSeparator()
    file_menu.addAction(w.settings_action)
    file_menu.addSeparator()
    file_menu.addAction(w.lock_action)
    file_menu.addAction(w.hide_action)
    file_menu.addSeparator()
    file_menu.addAction(w.quit_action)  # last (tests/ui/test_closing.py)
    edit_menu = w.menu("edit", tr("&Edit"))
    edit_menu.addAction(w.edit.undo)
    edit_menu.addAction(w.edit.redo)
    edit_menu.addSeparator()
    edit_menu.addAction(w.find_action)
    view_menu = w.menu("view", tr("&View"))
    view_menu.addAction(w.home_action)
    view_menu.addAction(w.cases_action)
    view_menu.addAction(w.figures_action)
    view_menu.addAction(w.intake_action)
    view_menu.addSeparator()
    view_menu.addAction(w.legend_action)
    case_menu = w.menu("case", tr("&Case"))
    case_menu.addAction(w.print_action)
    case_menu.addAction(w.reveal_action)
    case_menu.addSeparator()
    case_menu.addAction(w.void_action)
    sync_menu = w.menu("sync", tr("&Sync"))
    for a in (w.sync_action, w.sync_panel_action, w.sign_in_action):
        sync_menu.addAction(a)
    help_menu = w.menu("help", tr("&Help"))
    help_menu.addAction(w.shortcuts_action)
    help_menu.addAction(w.about_action)
    fill_recent(w.recent_menu, [], w.request_open)


def fill_recent(menu: QMenu, recent: list[tuple[str, str]], opener: Callable[[str], Any]) -> None:
    """File → Recent cases: the last cases opened, by reference only (never a name)."""
    menu.clear()
    if not recent:
        empty = menu.addAction(menu.tr("No cases opened yet"))
        empty.setEnabled(False)
        return
    for number, (case_id, reference) in enumerate(recent, start=1):
        item = menu.addAction(f"&{number} {reference}" if number < 10 else reference)
        item.setStatusTip(menu.tr("Open case %1").replace("%1", reference))
        item.triggered.connect(lambda _checked=False, c=case_id: opener(c))
