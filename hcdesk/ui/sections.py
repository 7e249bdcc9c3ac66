"""The case file's sections by name, so that other views ("My work", a link in a message) can
open a case at the right place: ``MainWindow.open_at(case_id, "actions")``. And the first field
of whatever is in view, where the focus goes when a case or a section opens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from hcdesk.ui.casefile import CaseFileWidget
from hcdesk.ui.casefile_sections import bring_into_view
from hcdesk.ui.forms import FieldForm

Find = Callable[[CaseFileWidget], Any]

# Section key -> the part of the case file that holds it. Keys of tabs, and of the sections
# within them, so that a row of "My work" opens exactly where its item is.
SECTIONS: dict[str, Find] = {
    "overview": lambda cf: getattr(cf, "overview", None),
    "incident": lambda cf: cf.case_form,
    "hostility": lambda cf: cf.evidence,
    "victim": lambda cf: cf.victim_form,
    "contact_safety": lambda cf: cf.victim_form,
    "people": lambda cf: cf.people,
    "suspects": lambda cf: cf.suspects,
    "witnesses": lambda cf: cf.witnesses,
    "wishes": lambda cf: cf.wishes,
    "needs": lambda cf: cf.assessments,
    "assessments": lambda cf: cf.assessments,
    "plan": lambda cf: cf.plans,
    "actions": lambda cf: cf.support_actions,
    "referrals": lambda cf: cf.referrals,
    "contacts": lambda cf: cf.contacts,
    "victims_code": lambda cf: cf.code_events,
    "code": lambda cf: getattr(cf, "duties", None) or cf.code_events,
    "duties": lambda cf: getattr(cf, "duties", None) or cf.code_events,
    "court": lambda cf: cf.court,
    "charges": lambda cf: cf.charges,
    "hearings": lambda cf: cf.court.listings,
    "bail": lambda cf: cf.court.bail,
    "applications": lambda cf: cf.court.applications,
    "interviews": lambda cf: cf.court.interviews,
    "signoffs": lambda cf: cf.court.signoffs,
    "consents": lambda cf: cf.court.consents,
    "history": lambda cf: cf.history,
}

_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractButton, QAbstractItemView)
_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QCheckBox, QAbstractSpinBox)


def section_widget(casefile: CaseFileWidget, key: str) -> QWidget | None:
    """The widget of section ``key`` (None for a key this case file does not have)."""
    own = getattr(casefile, "section_widget", None)  # the case file may name its own
    if callable(own):
        found = own(key)
        if isinstance(found, QWidget):
            return found
    find = SECTIONS.get(key)
    widget = find(casefile) if find is not None else None
    return widget if isinstance(widget, QWidget) else None


def first_field(container: QWidget) -> QWidget | None:
    """The first field in ``container`` that Tab would reach (shown, enabled, taking focus):
    a field to type or choose in if there is one, else a list or a button."""
    reachable: list[QWidget] = []
    widget = container.nextInFocusChain()
    seen = 0
    while widget is not None and widget is not container and seen < 5000:
        seen += 1
        if (
            container.isAncestorOf(widget)
            and isinstance(widget, _FIELDS)
            and widget.isVisibleTo(container.window())
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            if isinstance(widget, _INPUTS) and not getattr(widget, "isReadOnly", bool)():
                return widget
            reachable.append(widget)
        widget = widget.nextInFocusChain()
    return reachable[0] if reachable else None


def show(casefile: CaseFileWidget, key: str) -> bool:
    """Bring section ``key`` into view and focus its first field; False if there is none."""
    widget = section_widget(casefile, key)
    if widget is None:
        return False
    bring_into_view(widget)
    target = first_field(widget) or widget
    bring_into_view(target)
    target.setFocus(Qt.FocusReason.OtherFocusReason)
    return True


def focus_first_field(casefile: CaseFileWidget) -> bool:
    """The focus in the first field of the tab that is showing (never on a hidden one);
    False if that tab has none."""
    page = casefile.tabs.currentWidget()
    own = getattr(casefile, "first_field_of", None)  # the case file may name its own
    target = own(page) if callable(own) and page is not None else None
    if not isinstance(target, QWidget):
        target = first_field(page) if page is not None else None
    if target is None:
        return False
    bring_into_view(target)
    target.setFocus(Qt.FocusReason.OtherFocusReason)
    return True


def mark_errors(casefile: CaseFileWidget, errors: dict[str, str]) -> None:
    """Show ``errors`` ("victim.name" -> message) under their fields in the victim and case
    forms as well (the case file marks the others itself), then the first one, in tab order,
    in view and focused."""
    for prefix, form in (
        ("victim.", casefile.victim_form.form),
        ("case.", casefile.case_form.form),
    ):
        mine = {k[len(prefix) :]: v for k, v in errors.items() if k.startswith(prefix)}
        if mine:
            form.show_errors({k: v for k, v in mine.items() if k in form.editors})
    for i in range(casefile.tabs.count()):
        page = casefile.tabs.widget(i)
        if page is None:
            continue
        for form in page.findChildren(FieldForm):
            bad = next(
                (form.editors[k] for k, label in form.errors.items() if not label.isHidden()),
                None,
            )
            if bad is not None:
                bring_into_view(bad)
                bad.setFocus(Qt.FocusReason.OtherFocusReason)
                return
