"""The case file made for people: every page fits a small laptop screen with no label cut off
or out of view and nothing to scroll sideways; choices and fields read their words from
hcdesk.models.labels (with the field's help as tooltip, What's This and, under free text, a grey
line); notes are written in multi-line editors that Tab leaves and Ctrl+Z undoes.

Scaling: QT_SCALE_FACTOR is read once per process, so these tests do not change it. A screen of
W x H pixels at a scale of S gives the window W/S x H/S logical pixels, and Qt lays out in
logical pixels: 1366x768 at 150% is 911x512 logical, at 125% 1093x614; 1280x720 at 150% is
853x480. The window is resized to those logical sizes, which is what the layout sees at that
scale (fonts are scaled with everything else, so the text-to-room ratio is the same).
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QWidget,
)
from uikit import WAIT_MS, open_case, show_section

from hcdesk import demo
from hcdesk.casework.fields import Kind
from hcdesk.interchange.importer import import_document
from hcdesk.models import labels
from hcdesk.models.case import Charge
from hcdesk.models.enums import LocalStrand, MonitoredStrand, NeedArea
from hcdesk.store.store import Store
from hcdesk.ui.casefile import CaseFileWidget
from hcdesk.ui.casefile_sections import RecordSection, SingleForm, bring_into_view
from hcdesk.ui.forms import FieldForm, MultiChoice, NarrativeEdit, WrapCheckBox
from hcdesk.ui.mainwindow import MainWindow
from hcdesk.ui.tasks import TaskRunner

SIZES = {
    "1366x768 at 100%": (1366, 768),
    "1280x720 at 100%": (1280, 720),
    "1366x768 at 125%": (1093, 614),
    "1280x720 at 125%": (1024, 576),
    "1366x768 at 150%": (911, 512),
    "1280x720 at 150%": (853, 480),
}


@pytest.fixture
def full_case(store: Store) -> str:
    """A demo case with charges, hearings, people and evidence: every form holds real text."""
    with store.transaction(reason="test set-up") as s:
        import_document(s, demo.generate(12, seed=3))
    with store.session() as s:
        case_id = s.scalar(
            sa.select(Charge.case_id)
            .group_by(Charge.case_id)
            .order_by(sa.func.count().desc(), Charge.case_id)
            .limit(1)
        )
    assert case_id is not None
    return str(case_id)


def settle(qtbot: Any) -> None:
    """Let the layouts finish: a form that puts its labels above its fields lays out again,
    and its page then takes the new height."""
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(10)


def pages(tabs: QTabWidget) -> list[tuple[QTabWidget, int]]:
    """Every page of the case file: each top-level tab, and each page of a tab of pages."""
    out: list[tuple[QTabWidget, int]] = []
    for i in range(tabs.count()):
        page = tabs.widget(i)
        if isinstance(page, QTabWidget):
            out += pages(page)
        else:
            out.append((tabs, i))
    return out


def clipped_labels(window: QWidget, page: QWidget) -> list[str]:
    """Each visible label on ``page`` that is cut off: outside the window or its scroll area's
    width, or with more text than its size shows."""
    bad = []
    for label in page.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text().strip() or label.width() == 0:
            continue
        name = label.text()[:40]
        left = label.mapTo(window, QPoint(0, 0)).x()
        if left < 0 or left + label.width() > window.width():
            bad.append(f"{name!r} lies outside the window ({left}+{label.width()})")
        area = _scroll_area(label)
        if area is not None:
            inside = label.mapTo(area.viewport(), QPoint(0, 0)).x()
            if inside < 0 or inside + label.width() > area.viewport().width() + 1:
                bad.append(f"{name!r} runs past its page ({inside}+{label.width()})")
        if label.wordWrap():
            if label.heightForWidth(label.width()) > label.height() + 1:
                bad.append(f"{name!r} wraps to more lines than it has room for")
        elif label.sizeHint().width() > label.width() + 1:
            bad.append(f"{name!r} is cut short ({label.sizeHint().width()} > {label.width()})")
    return bad


def _scroll_area(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


@pytest.mark.parametrize("size", list(SIZES.values()), ids=list(SIZES))
def test_every_page_of_the_case_file_fits_with_no_label_cut_off(
    qtbot: Any, store: Store, runner: TaskRunner, full_case: str, size: tuple[int, int]
) -> None:
    window: MainWindow = open_case(qtbot, store, runner, full_case)
    window.resize(*size)
    settle(qtbot)
    found: dict[str, list[str]] = {}
    seen = 0
    for tabs, i in pages(window.casefile.tabs):
        page = tabs.widget(i)
        bring_into_view(page)
        tabs.setCurrentIndex(i)
        qtbot.waitUntil(page.isVisible, timeout=WAIT_MS)
        settle(qtbot)
        name = tabs.tabText(i).replace("&", "")
        problems = clipped_labels(window, page)
        area = page if isinstance(page, QScrollArea) else page.findChild(QScrollArea)
        if area is not None and area.horizontalScrollBar().maximum() > 0:
            problems.append(f"scrolls sideways by {area.horizontalScrollBar().maximum()} px")
        if problems:
            found[name] = problems
        seen += sum(1 for lb in page.findChildren(QLabel) if lb.isVisibleTo(window))
    assert seen > 100  # the walk looked at the forms' labels, not at empty pages
    report = "\n".join(f"{page}: {p}" for page, problems in found.items() for p in problems)
    assert found == {}, f"at {window.width()}x{window.height()}:\n{report}"


def test_the_check_finds_a_cut_off_label(qtbot: Any) -> None:
    # The walk above must be able to fail: a long label squeezed into a narrow window.
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(120, 60)
    short = QLabel("Criminal justice process and court", window)
    short.setGeometry(10, 10, 60, 20)
    outside = QLabel("Safe times", window)
    outside.setGeometry(100, 30, 80, 20)
    window.show()
    bad = clipped_labels(window, window)
    assert any("cut short" in b for b in bad) and any("outside the window" in b for b in bad)


def test_a_form_puts_every_label_above_its_field_when_narrow(qtbot: Any) -> None:
    form = SingleForm("case_file", ["record_type", "summary", "cms_hate_flag", "oic"])
    qtbot.addWidget(form)
    form.resize(900, 400)
    form.show()
    QApplication.processEvents()
    inner = form.form
    label, editor = inner.labels["oic"], inner.fields["oic"]  # the field with its lines
    assert label.geometry().right() < editor.geometry().left()  # beside it
    flag = inner.editors["cms_hate_flag"]
    assert isinstance(flag, WrapCheckBox) and flag.text() == ""  # its label beside it
    form.resize(300, 600)
    QApplication.processEvents()
    assert label.geometry().bottom() < editor.geometry().top()  # above it
    assert editor.width() > 250  # with the form's width
    assert flag.text() == "CMS hate-crime flag applied"  # the box says it, no label above it
    assert not inner.labels["cms_hate_flag"].isVisible()


def test_choices_and_fields_read_the_labels_and_their_help(qtbot: Any) -> None:
    casefile = CaseFileWidget()
    qtbot.addWidget(casefile)
    forms = casefile.findChildren(FieldForm)
    assert len(forms) >= 15
    checked = 0
    for form in forms:
        for spec in form.specs:
            editor = form.editors[spec.key]
            assert spec.help and spec.help in editor.toolTip(), spec.key
            assert editor.whatsThis().startswith(spec.help)
            assert editor.accessibleName() == spec.label[:1].upper() + spec.label[1:]
            if spec.kind == Kind.CHOICE and spec.enum_cls is not None:
                assert isinstance(editor, QComboBox)
                shown = [editor.itemText(i) for i in range(1, editor.count())]
                assert shown == [labels.label(m) for m in spec.enum_cls], spec.key
                checked += 1
            elif spec.kind == Kind.MULTI:
                assert isinstance(editor, MultiChoice)
                boxes = [b.text() for b in editor.boxes.values()]
                assert boxes == [labels.label(m) for m in spec.enum_cls or ()], spec.key
                checked += 1
    assert checked >= 25
    strands = casefile.case_form.form.editors["local_strands"]
    assert isinstance(strands, MultiChoice)
    assert strands.boxes["SEX_GENDER"].text() == "Sex or gender"
    assert strands.boxes["SEX_GENDER"].toolTip() == labels.help_text(LocalStrand.SEX_GENDER)
    force = casefile.case_form.form.editors["force"]
    assert isinstance(force, QComboBox)
    assert force.itemText(force.findData("WEST_MERCIA")) == "West Mercia Police"
    areas = casefile.assessments.form.editors["areas"]
    names = [w.text() for w in areas.findChildren(QLabel)]
    assert "Criminal justice process and court" in names and "Work or study" in names
    assert len(names) == len(NeedArea)


def test_free_text_has_its_help_as_a_grey_line_under_it(qtbot: Any) -> None:
    casefile = CaseFileWidget()
    qtbot.addWidget(casefile)
    form = casefile.evidence.form
    lines = {lb.text() for lb in form.findChildren(QLabel, "fieldHelp")}
    assert labels.field_help("hostility_evidence", "words_or_conduct") in lines
    # Short fields have their help as a tooltip only: the form stays short.
    assert labels.field_help("hostility_evidence", "exhibit_ref") not in lines


def _narratives(casefile: CaseFileWidget) -> list[tuple[FieldForm, str]]:
    return [
        (form, spec.key)
        for form in casefile.findChildren(FieldForm)
        for spec in form.specs
        if spec.kind == Kind.NARRATIVE
    ]


def test_every_narrative_field_is_a_multi_line_editor(qtbot: Any) -> None:
    casefile = CaseFileWidget()
    qtbot.addWidget(casefile)
    found = _narratives(casefile)
    assert len(found) >= 20
    for form, key in found:
        editor = form.editors[key]
        assert isinstance(editor, NarrativeEdit), key
        assert editor.tabChangesFocus() and editor.isUndoRedoEnabled()
        # Three lines or more, never cut to one (its height on screen: the test below).
        assert editor.minimumHeight() >= 3 * editor.fontMetrics().lineSpacing(), key


def test_tab_leaves_a_note_and_ctrl_z_undoes_typing(
    qtbot: Any, store: Store, runner: TaskRunner, full_case: str
) -> None:
    window = open_case(qtbot, store, runner, full_case)
    casefile = window.casefile
    show_section(casefile, casefile.case_form)
    summary = casefile.case_form.form.editors["summary"]
    assert isinstance(summary, QPlainTextEdit)
    before = summary.toPlainText()
    summary.setFocus()
    qtbot.waitUntil(summary.hasFocus, timeout=WAIT_MS)
    summary.moveCursor(summary.textCursor().MoveOperation.End)
    qtbot.keyClicks(summary, " Then he left.")
    assert summary.toPlainText() == before + " Then he left."
    assert summary.height() >= 3 * summary.fontMetrics().lineSpacing()
    qtbot.keyClick(summary, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert summary.toPlainText() != before + " Then he left."  # typing undone
    qtbot.keyClick(summary, Qt.Key.Key_Tab)
    assert "\t" not in summary.toPlainText()
    assert not summary.hasFocus()
    assert QApplication.focusWidget() is not None
    assert QApplication.focusWidget() is casefile.case_form.form.editors["hocr_codes"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert summary.hasFocus()


def test_a_wrapping_check_box_is_checked_by_a_click_on_its_text(qtbot: Any) -> None:
    form = SingleForm("case_file", ["monitored_strands"])
    qtbot.addWidget(form)
    form.resize(160, 400)
    form.show()
    QApplication.processEvents()
    strands = form.form.editors["monitored_strands"]
    assert isinstance(strands, MultiChoice)
    box = strands.boxes[MonitoredStrand.SEXUAL_ORIENTATION]
    assert isinstance(box, QCheckBox)
    assert box.height() >= box.heightForWidth(box.width())  # two lines: it wraps
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.width() - 5, 5))
    assert box.isChecked()


def test_a_record_list_header_names_its_field_and_tells_its_help(qtbot: Any) -> None:
    section = RecordSection("needs_assessment", ["assessed_on", "assessor", "repeat_risk"])
    qtbot.addWidget(section)
    head = section.list.horizontalHeaderItem(2)
    assert head is not None
    assert head.text() == "Risk of repeat victimisation"
    assert head.toolTip() == labels.field_help("needs_assessment", "repeat_risk")
