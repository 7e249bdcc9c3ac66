"""Forms built from the domain model's column metadata, with the message for a bad value shown
right under the field. Parsing and messages come from :mod:`hcdesk.casework.fields`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStyleOptionFocusRect,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework.fields import (
    FieldError,
    FieldSpec,
    Kind,
    check_entries,
    format_date,
    parse_value,
)
from hcdesk.models import labels
from hcdesk.models.enums import NeedArea, NeedLevel


def capital(text: str) -> str:
    """A label as a form shows it: its first letter a capital ("Date of birth")."""
    return text[:1].upper() + text[1:]


def fit_choices(box: QComboBox, shortest: int = 10) -> None:
    """A drop-down as narrow as ``shortest`` characters when room is short (its long choices
    are not what sets a form's width), its list as wide as its longest choice, and the
    chosen choice in full as its tooltip (above the field's help, its What's This)."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(shortest)
    box.view().setTextElideMode(Qt.TextElideMode.ElideNone)

    def widen() -> None:
        widest = box.view().sizeHintForColumn(0) + 2 * box.view().frameWidth() + 24
        box.view().setMinimumWidth(widest)

    def tip(text: str) -> None:
        box.setToolTip("\n".join(t for t in (text, box.whatsThis()) if t))
        widen()

    box.currentTextChanged.connect(tip)
    widen()


class WrapCheckBox(QCheckBox):
    """A check box whose text wraps onto more lines when it is narrow (a Qt check box's text
    never does), and which is checked by a click anywhere on it."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _indicator(self) -> int:
        style = self.style()
        return style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self) + (
            style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, self)
        )

    def _text_rect(self, width: int) -> QRect:
        left = self._indicator() + 2
        return QRect(left, 1, max(1, width - left - 2), 100_000)

    def _text_height(self, width: int) -> int:
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
        return self.fontMetrics().boundingRect(self._text_rect(width), flags, self.text()).height()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        indicator = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight, None, self)
        return max(indicator, self._text_height(width)) + 4

    def sizeHint(self) -> QSize:
        width = self._indicator() + 6 + self.fontMetrics().horizontalAdvance(self.text())
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        words = self.text().split()
        widest = max((self.fontMetrics().horizontalAdvance(w) for w in words), default=0)
        width = self._indicator() + 6 + widest
        return QSize(width, self.heightForWidth(width))

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        indicator = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight, None, self)
        option.rect = QRect(0, 2, self._indicator(), indicator)
        painter.drawControl(QStyle.ControlElement.CE_CheckBox, option)
        text = self._text_rect(self.width())
        text.setHeight(self.height() - 2)
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
        painter.drawItemText(text, flags, self.palette(), self.isEnabled(), self.text())
        if self.hasFocus():
            focus = QStyleOptionFocusRect()
            focus.initFrom(self)
            focus.rect = text.adjusted(-1, 0, 1, 0)
            focus.rect.setHeight(self._text_height(self.width()) + 2)
            painter.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus)


class ColumnsLayout(QLayout):
    """Its widgets in as many equal columns as fit the width, row after row: two or three
    columns of short check boxes on a wide form, one under another on a narrow one (where a
    long one wraps)."""

    def __init__(
        self, parent: QWidget | None = None, spacing: int = 6, stretch: bool = True, most: int = 3
    ) -> None:
        """``stretch``: each item as wide as its column (else as wide as it asks, up to it);
        ``most``: the most columns."""
        super().__init__(parent)
        self.items: list[QLayoutItem] = []
        self.gap = spacing
        self.stretch = stretch
        self.most = most
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self.items.append(item)

    def count(self) -> int:
        return len(self.items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self.items[index] if 0 <= index < len(self.items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self.items.pop(index) if 0 <= index < len(self.items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self.items if not i.isEmpty()]  # not a hidden button

    def sizeHint(self) -> QSize:
        widest = max((i.sizeHint().width() for i in self._shown()), default=0)
        count = max(1, min(self.most, len(self._shown())))
        width = count * widest + (count - 1) * self.gap
        return QSize(width, self.heightForWidth(width))

    def minimumSize(self) -> QSize:
        widest = max((i.minimumSize().width() for i in self._shown()), default=0)
        return QSize(widest, self.heightForWidth(widest))

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def _place(self, rect: QRect, move: bool) -> int:
        shown = self._shown()
        if not shown:
            return 0
        widest = max(i.sizeHint().width() for i in shown)
        columns = max(1, min(self.most, (rect.width() + self.gap) // (widest + self.gap)))
        column = (rect.width() - (columns - 1) * self.gap) // columns
        y = rect.y()
        for start in range(0, len(shown), columns):
            row = shown[start : start + columns]
            height = max(
                i.heightForWidth(column) if i.hasHeightForWidth() else i.sizeHint().height()
                for i in row
            )
            if move:
                for k, item in enumerate(row):
                    x = rect.x() + k * (column + self.gap)
                    width = column if self.stretch else min(column, widest)
                    item.setGeometry(QRect(x, y, width, height))
            y += height + self.gap
        return y - self.gap - rect.y()


class MultiChoice(QWidget):
    """Several check boxes for a multi-select enum (e.g. monitored strands), each named by
    its label (hcdesk.models.labels), in as many columns as fit."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        flow = ColumnsLayout(self)
        self.boxes: dict[str, QCheckBox] = {}
        for value in spec.choices:
            text = spec.choice_label(value)
            box = WrapCheckBox(text)
            box.setAccessibleName(f"{capital(spec.label)}: {text}")
            help_text = labels.help_text(spec.enum_cls(value)) if spec.enum_cls else ""
            if help_text:
                box.setToolTip(help_text)
            box.toggled.connect(self.changed)
            flow.addWidget(box)
            self.boxes[value] = box
        self.setAccessibleName(capital(spec.label))

    def value(self) -> list[str]:
        return [v for v, b in self.boxes.items() if b.isChecked()]

    def set_value(self, values: list[Any]) -> None:
        chosen = {str(v) for v in values or []}
        for v, b in self.boxes.items():
            b.setChecked(v in chosen)


class EntriesEditor(QWidget):
    """A list of entries of a few parts each (a JSON list of objects, its structure in
    :mod:`hcdesk.models.limits`), one row of editors for each entry: a drop-down for a part
    with choices, a line of text otherwise. The kinds below say which rows there are."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.rows: list[dict[str, QComboBox | QLineEdit]] = []
        self.setAccessibleName(spec.label)

    def _part_editor(
        self, name: str, choices: list[tuple[str, str]] | None = None
    ) -> QComboBox | QLineEdit:
        """One part's editor, named ``name`` for screen readers; ``choices``: (text, value)."""
        w: QComboBox | QLineEdit
        if choices is not None:
            w = QComboBox()
            for text, value in choices:
                w.addItem(text, value)
            fit_choices(w, 8)
            w.currentIndexChanged.connect(self.changed)
        else:
            w = QLineEdit()
            w.textChanged.connect(self.changed)
            w.textChanged.connect(w.setToolTip)  # a long entry can be read in full
        w.setAccessibleName(name)
        return w

    @staticmethod
    def _read(row: dict[str, QComboBox | QLineEdit]) -> dict[str, str]:
        out = {}
        for key, w in row.items():
            text = (w.currentData() or "") if isinstance(w, QComboBox) else w.text()
            if text.strip():
                out[key] = text
        return out

    @staticmethod
    def _write(row: dict[str, QComboBox | QLineEdit], item: dict[str, str]) -> None:
        for key, w in row.items():
            if isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(item.get(key, ""))))
            else:
                w.setText(item.get(key, ""))
                w.setCursorPosition(0)  # its beginning in view, not its end

    def value(self) -> list[dict[str, str]]:
        return [entry for row in self.rows if (entry := self._read(row))]

    def set_value(self, items: list[dict[str, str]]) -> None:
        raise NotImplementedError


class NeedAreasEditor(EntriesEditor):
    """Need areas of an assessment: a row for each area, with a level and a note; an area
    counts once it has a level."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.areas = [area.value for area in NeedArea]
        levels = [(self.tr("Not assessed"), "")]
        levels += [(text, level.value) for level, text in labels.choices(NeedLevel)]
        self.names: list[QLabel] = []
        for area, name in labels.choices(NeedArea):
            label = QLabel(name)
            label.setWordWrap(True)  # "Criminal justice process and court" on a narrow form
            label.setToolTip(labels.help_text(area))
            level = self._part_editor(self.tr("%1 need level").replace("%1", name), levels)
            note = self._part_editor(self.tr("%1 notes").replace("%1", name))
            note.setMinimumWidth(60)
            label.setBuddy(level)
            self.names.append(label)
            self.rows.append({"level": level, "notes": note})
        self.narrow: bool | None = None
        self._arrange(False)


    def _arrange(self, narrow: bool) -> None:
        if narrow == self.narrow:
            return
        self.narrow = narrow
        for label, row in zip(self.names, self.rows, strict=True):
            for w in (label, row["level"], row["notes"]):
                self.grid.removeWidget(w)
        for i, (label, row) in enumerate(zip(self.names, self.rows, strict=True)):
            if narrow:
                self.grid.addWidget(label, 2 * i, 0, 1, 2)
                self.grid.addWidget(row["level"], 2 * i + 1, 0)
                self.grid.addWidget(row["notes"], 2 * i + 1, 1)
            else:
                self.grid.addWidget(label, i, 0)
                self.grid.addWidget(row["level"], i, 1)
                self.grid.addWidget(row["notes"], i, 2)
        for column, stretch in enumerate((0, 1) if narrow else (2, 0, 3)):
            self.grid.setColumnStretch(column, stretch)
        if narrow:
            self.grid.setColumnStretch(2, 0)

    def resizeEvent(self, event: Any) -> None:
        # Narrower than about 60 characters, each area's name goes above its level and note.
        self._arrange(event.size().width() < self.fontMetrics().averageCharWidth() * 60)
        super().resizeEvent(event)

    def value(self) -> list[dict[str, str]]:
        return [
            {"area": area, **entry}
            for area, row in zip(self.areas, self.rows, strict=True)
            if (entry := self._read(row)).get("level")
        ]

    def set_value(self, items: list[dict[str, str]]) -> None:
        by_area = {i.get("area"): i for i in items or []}
        for area, row in zip(self.areas, self.rows, strict=True):
            self._write(row, by_area.get(area, {}))


class ElementsEditor(EntriesEditor):
    """The elements of an offence, each with the evidence for it: rows added and removed. Each
    entry takes two lines, the element and under it its evidence, so both have the width; on a
    narrow form four, each name above its editor."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.grid.setColumnStretch(1, 1)
        self.narrow = False
        self.removers: list[QPushButton] = []
        self.others: list[list[QWidget]] = []  # each entry's labels, to take away with it
        self.add_button = QPushButton(self.tr("Add an element"))
        self.add_button.setAccessibleName(self.tr("Add an element of the offence"))
        self.add_button.clicked.connect(self._add_clicked)
        self._place_add()

    def _place_add(self) -> None:
        self.grid.addWidget(
            self.add_button, self._lines() * len(self.rows), 0, 1, 2, Qt.AlignmentFlag.AlignLeft
        )

    def _lines(self) -> int:
        return 4 if self.narrow else 2

    def _place(self, i: int) -> None:
        """Entry ``i``'s widgets in the grid: the element beside its name and the Remove
        button, the evidence under it; or, narrow, each name above its editor."""
        element_label, evidence_label = self.others[i]
        row, remove = self.rows[i], self.removers[i]
        for w in (element_label, row["element"], remove, evidence_label, row["evidence"]):
            self.grid.removeWidget(w)
        top = self._lines() * i
        if self.narrow:
            self.grid.addWidget(element_label, top, 0)
            self.grid.addWidget(remove, top, 1, Qt.AlignmentFlag.AlignRight)
            self.grid.addWidget(row["element"], top + 1, 0, 1, 2)
            self.grid.addWidget(evidence_label, top + 2, 0, 1, 2)
            self.grid.addWidget(row["evidence"], top + 3, 0, 1, 2)
        else:
            self.grid.addWidget(element_label, top, 0)
            self.grid.addWidget(row["element"], top, 1)
            self.grid.addWidget(remove, top, 2)
            self.grid.addWidget(evidence_label, top + 1, 0)
            self.grid.addWidget(row["evidence"], top + 1, 1, 1, 2)

    def resizeEvent(self, event: Any) -> None:
        # Narrower than about 45 characters, each name goes above its editor.
        narrow = event.size().width() <= self.fontMetrics().averageCharWidth() * 45
        if narrow != self.narrow:
            self.narrow = narrow
            self.grid.removeWidget(self.add_button)
            for i in range(len(self.rows)):
                self._place(i)
            self._place_add()
        super().resizeEvent(event)

    def _add_clicked(self) -> None:
        self.add_row()
        self.rows[-1]["element"].setFocus()
        self.changed.emit()

    def add_row(self, item: dict[str, str] | None = None) -> None:
        n = len(self.rows) + 1
        element = self._part_editor(self.tr("Element %1").replace("%1", str(n)))
        evidence = self._part_editor(self.tr("Evidence for element %1").replace("%1", str(n)))
        element_label = QLabel(self.tr("Element %1").replace("%1", str(n)))
        element_label.setBuddy(element)
        evidence_label = QLabel(self.tr("Evidence for it"))
        evidence_label.setBuddy(evidence)
        for lb in (element_label, evidence_label):
            lb.setMinimumWidth(lb.sizeHint().width())  # never cut short: the editor gives way
        remove = QPushButton(self.tr("Remove"))
        remove.setAccessibleName(self.tr("Remove element %1").replace("%1", str(n)))
        remove.clicked.connect(lambda _c=False, b=remove: self._remove_clicked(b))
        row: dict[str, QComboBox | QLineEdit] = {"element": element, "evidence": evidence}
        self._write(row, item or {})
        self.rows.append(row)
        self.removers.append(remove)
        self.others.append([element_label, evidence_label])
        self.grid.removeWidget(self.add_button)
        self._place(n - 1)
        self._place_add()

    def _remove_clicked(self, button: QPushButton) -> None:
        entries = [self._read(r) for r in self.rows]
        del entries[self.removers.index(button)]
        self._rebuild(entries)
        self.changed.emit()

    def _rebuild(self, entries: list[dict[str, str]]) -> None:
        for row, remove, others in zip(self.rows, self.removers, self.others, strict=True):
            for w in [*row.values(), remove, *others]:
                self.grid.removeWidget(w)
                w.deleteLater()
        self.rows.clear()
        self.removers.clear()
        self.others.clear()
        for entry in entries:
            self.add_row(entry)
        self._place_add()

    def set_value(self, items: list[dict[str, str]]) -> None:
        self.blockSignals(True)
        try:
            self._rebuild(list(items or []))
        finally:
            self.blockSignals(False)


# The editor of each list-of-entries field, by its key.
ENTRY_EDITORS: dict[str, type[EntriesEditor]] = {
    "areas": NeedAreasEditor,
    "elements": ElementsEditor,
}


class PersonChoice(QComboBox):
    """One of the case's people of one role (a suspect), chosen by name. Holds the person's
    id, or the temporary key of one added on the screen and not yet saved; a value naming
    nobody on the list is kept, and shown as such."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.people: dict[str, str] = {}
        self._fill(None)

    def set_people(self, people: dict[str, str]) -> None:
        """The people to choose from: id (or temporary key) -> what the list shows."""
        current = self.value()
        self.people = dict(people)
        self._fill(current)

    def value(self) -> str | None:
        return self.currentData() or None

    def set_value(self, value: Any) -> None:
        self._fill(str(value) if value else None)

    def _fill(self, current: str | None) -> None:
        self.blockSignals(True)
        try:
            self.clear()
            if self.people:
                blank = "" if self.spec.required else self.tr("(not recorded)")
            else:
                blank = self.tr("(no %1 recorded yet)").replace(
                    "%1", (self.spec.person_role or "person").lower()
                )
            self.addItem(blank, "")
            for key, name in self.people.items():
                self.addItem(name, key)
            if current and current not in self.people:
                self.addItem(self.tr("(someone no longer in this case)"), current)
            self.setCurrentIndex(max(0, self.findData(current or "")))
        finally:
            self.blockSignals(False)


class NarrativeEdit(QPlainTextEdit):
    """Free text over several lines (a note is never cut to one line): a few lines high to
    begin with (a form of several keeps to a small screen), and it scrolls past that. Tab and
    Shift+Tab move to the next and previous field (a tab is never typed into a note); Ctrl+Z
    undoes typing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMinimumHeight(self.sizeHint().height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        lines = self.fontMetrics().lineSpacing() * NARRATIVE_LINES
        return QSize(hint.width(), lines + 2 * self.frameWidth() + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.sizeHint().height())


# How many lines a free-text field shows before it scrolls.
NARRATIVE_LINES = 4
# The widest a field's label may be, in characters, before it wraps.
LABEL_CHARS = 26
# The narrowest a field beside its label may be, in characters: on a form narrower than a
# label and this, every label goes above its field.
FIELD_CHARS = 30
# The grey line of help under a field: shown for free text and lists of entries, where the
# officer writes at length (every field has its help as a tooltip and as What's This).
HELP_LINE_KINDS = (Kind.NARRATIVE, Kind.LIST)
PRIVATE_NOTE = "Police/CPS only: never in the disclosable summary."


class FieldForm(QWidget):
    """One editor per field, in the model's order; ``values()`` checks every field at once.

    Each field has its label (wrapping, never cut off) beside it on a wide form and above it
    on a narrow one; its help (hcdesk.models.labels) as the tooltip and What's This of both,
    and as a grey line under a free-text field; and a line for its error under it."""

    edited = Signal()

    def __init__(self, specs: list[FieldSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs = specs
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}  # each editor with its error and help lines
        # Yes/no fields: a label beside the box on a wide form; on a narrow one the box
        # says it itself (never a label above a lone box).
        self.flags: dict[str, tuple[QLabel, WrapCheckBox, str]] = {}
        self.one_line: dict[str, int] = {}  # each label's width on one line (LABEL_CHARS at most)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 4, 0, 4)  # the page around it has the margins
        # A field's holder keeps the gap below it: above its field, a label sits close to it.
        self.grid.setVerticalSpacing(2)
        metrics = self.fontMetrics()
        widest = metrics.averageCharWidth() * LABEL_CHARS
        label_column = 0
        for spec in specs:
            editor = self._editor(spec)
            text = capital(spec.label)
            label = QLabel(text + (" *" if spec.required else ""))
            # A long label wraps, rather than push the editors out of a narrow window.
            label.setWordWrap(True)
            one_line = min(metrics.horizontalAdvance(label.text()) + 2, widest)
            self.one_line[spec.key] = one_line  # on one line, up to LABEL_CHARS
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            label.setBuddy(editor)
            label_column = max(label_column, one_line)
            self.labels[spec.key] = label
            tip = spec.help + (f"\n{self.tr(PRIVATE_NOTE)}" if spec.private else "")
            for w in (label, editor):
                w.setWhatsThis(tip)
                w.setToolTip(tip)
            editor.setAccessibleDescription(tip)
            error = QLabel()
            error.setObjectName("fieldError")
            error.setStyleSheet("QLabel#fieldError { color: #c62828; font-weight: 600; }")
            error.setAccessibleName(self.tr("%1 error").replace("%1", text))
            error.setWordWrap(True)
            error.hide()
            holder = QWidget()
            col_box = QVBoxLayout(holder)
            col_box.setContentsMargins(0, 0, 0, 6)
            col_box.setSpacing(2)
            col_box.addWidget(editor)
            col_box.addWidget(error)  # right under the field, above its help
            if spec.kind in HELP_LINE_KINDS and spec.help:
                line = QLabel(spec.help)
                line.setObjectName("fieldHelp")
                line.setWordWrap(True)
                line.setStyleSheet("QLabel#fieldHelp { color: palette(placeholder-text); }")
                line.setAccessibleName(self.tr("%1 help").replace("%1", text))
                col_box.addWidget(line)
            if isinstance(editor, WrapCheckBox):
                self.flags[spec.key] = (label, editor, text)
            self.fields[spec.key] = holder
            self.editors[spec.key] = editor
            self.errors[spec.key] = error
        self.grid.setRowStretch(2 * len(specs), 1)
        self.label_column = label_column + max(self.grid.horizontalSpacing(), 6)
        self.label_width = widest
        self.above: bool | None = None
        self._arrange(False)
        self.loaded: dict[str, Any] = self.raw_values()

    def _arrange(self, above: bool) -> None:
        """Labels beside their fields (a column of them, LABEL_CHARS wide at most), or each
        above its field with the form's width."""
        if above == self.above:
            return
        self.above = above
        for key in self.labels:
            self.grid.removeWidget(self.labels[key])
            self.grid.removeWidget(self.fields[key])
        for i, key in enumerate(self.labels):
            label, holder = self.labels[key], self.fields[key]
            if above:
                label.setMinimumWidth(0)
                label.setMaximumWidth(16_777_215)
                self.grid.addWidget(label, 2 * i, 0, 1, 2)
                self.grid.addWidget(holder, 2 * i + 1, 0, 1, 2)
            else:
                label.setMinimumWidth(self.one_line[key])
                label.setMaximumWidth(self.label_width)
                self.grid.addWidget(label, 2 * i, 0)
                self.grid.addWidget(holder, 2 * i, 1)
        self.grid.setColumnStretch(0, 0)
        self.grid.setColumnStretch(1, 1)
        for label, box, text in self.flags.values():
            label.setVisible(not above)
            box.setText(text if above else "")

    def resizeEvent(self, event: Any) -> None:
        """Every label above its field once the form is too narrow for a label and a field
        side by side (not some beside and some above)."""
        # At exactly the width its labels beside need, a form is at its narrowest: it may be
        # on a page narrower than that (which then scrolls sideways), so its labels go above.
        self._arrange(event.size().width() <= self.beside_width())
        super().resizeEvent(event)

    def beside_width(self) -> int:
        """The narrowest this form has its labels beside its fields: the label column, and
        beside it FIELD_CHARS or the room the widest field needs now (an entry added to a
        list of entries may need more), whichever is more. (Never less than the form needs
        with its labels beside: so a page that scrolls sideways always gets them above.)"""
        fields = max((h.minimumSizeHint().width() for h in self.fields.values()), default=0)
        chars = self.fontMetrics().averageCharWidth() * FIELD_CHARS
        return self.label_column + max(fields, chars)

    def _editor(self, spec: FieldSpec) -> QWidget:
        w: QWidget
        if spec.kind == Kind.NARRATIVE:
            w = NarrativeEdit()
            w.textChanged.connect(self.edited)
        elif spec.kind == Kind.CHOICE:
            w = QComboBox()
            w.addItem("" if spec.required else self.tr("(not recorded)"), "")
            for value in spec.choices:
                w.addItem(spec.choice_label(value), value)
                meaning = labels.help_text(spec.enum_cls(value)) if spec.enum_cls else ""
                if meaning:
                    w.setItemData(w.count() - 1, meaning, Qt.ItemDataRole.ToolTipRole)
            fit_choices(w)
            w.currentIndexChanged.connect(self.edited)
        elif spec.kind == Kind.MULTI:
            w = MultiChoice(spec)
            w.changed.connect(self.edited)
        elif spec.kind == Kind.FLAG:
            w = WrapCheckBox("")
            w.toggled.connect(self.edited)
        elif spec.kind == Kind.LIST and spec.key in ENTRY_EDITORS:
            w = ENTRY_EDITORS[spec.key](spec)
            w.changed.connect(self.edited)
        elif spec.kind == Kind.PERSON:
            w = PersonChoice(spec)
            fit_choices(w)
            w.currentIndexChanged.connect(self.edited)
        else:
            w = QLineEdit()
            if spec.kind == Kind.DATE:
                w.setPlaceholderText(self.tr("dd/mm/yyyy"))
            elif spec.kind == Kind.TIME:
                w.setPlaceholderText(self.tr("HH:MM"))
            elif spec.kind == Kind.LIST:
                w.setPlaceholderText(self.tr("separate entries with commas"))
            elif spec.kind == Kind.DATETIME:
                w.setPlaceholderText(self.tr("dd/mm/yyyy HH:MM"))
            w.textEdited.connect(self.edited)
        w.setAccessibleName(capital(spec.label))
        w.setObjectName(f"field_{spec.key}")
        return w

    # -- values ------------------------------------------------------------------------------
    def set_values(self, values: dict[str, Any]) -> None:
        for spec in self.specs:
            self._set(spec, self.editors[spec.key], values.get(spec.key))
        self.loaded = self.raw_values()
        self.clear_errors()

    def _set(self, spec: FieldSpec, w: QWidget, value: Any) -> None:
        if value is None:
            value = spec.default
        w.blockSignals(True)
        try:
            if isinstance(w, QPlainTextEdit):
                w.setPlainText(value or "")
            elif isinstance(w, PersonChoice):
                w.set_value(value)
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(str(value) if value is not None else "")))
            elif isinstance(w, MultiChoice | EntriesEditor):
                w.set_value(value or [])
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QLineEdit):
                if spec.kind == Kind.DATE:
                    w.setText(format_date(value))
                elif spec.kind == Kind.DATETIME:
                    w.setText(value.astimezone().strftime("%d/%m/%Y %H:%M") if value else "")
                elif spec.kind == Kind.LIST:
                    w.setText(", ".join(value or []))
                else:
                    w.setText("" if value is None else str(value))
                w.setCursorPosition(0)  # its beginning in view, not its end
        finally:
            w.blockSignals(False)

    def _raw(self, spec: FieldSpec, w: QWidget) -> Any:
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QComboBox):
            return w.currentData() or None
        if isinstance(w, MultiChoice | EntriesEditor):
            return w.value()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        assert isinstance(w, QLineEdit)
        return w.text()

    def raw_values(self) -> dict[str, Any]:
        """What the editors hold, unparsed (to tell whether anything was typed)."""
        return {spec.key: self._raw(spec, self.editors[spec.key]) for spec in self.specs}

    def typed_since_loaded(self) -> bool:
        """Whether any editor holds something other than what :meth:`set_values` put there
        (valid or not: a half-typed date counts)."""
        return self.raw_values() != self.loaded

    def values(self, show: bool = True) -> tuple[dict[str, Any], dict[str, str]]:
        """Every field's value, and a message for every field that is wrong (shown under the
        field, and the first one focused, unless ``show`` is False: then the form is left
        exactly as it is on screen)."""
        out: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for spec in self.specs:
            raw = self._raw(spec, self.editors[spec.key])
            try:
                if spec.kind == Kind.LIST and spec.parts:
                    out[spec.key] = check_entries(spec, raw or [])
                elif spec.kind == Kind.LIST:
                    out[spec.key] = [p.strip() for p in (raw or "").split(",") if p.strip()]
                elif spec.kind == Kind.DATETIME:
                    out[spec.key] = _parse_datetime(raw)
                else:
                    out[spec.key] = parse_value(spec, raw)
            except FieldError as exc:
                errors[spec.key] = str(exc)
        if show:
            self.show_errors(errors)
        return out, errors

    def same(self, key: str, before: Any, after: Any) -> bool:
        """Whether field ``key`` still holds ``before``: a multi-select's choices in any order
        (the store keeps them as given; the boxes give them in the list's order)."""
        spec = next((s for s in self.specs if s.key == key), None)
        if spec is not None and spec.kind == Kind.MULTI and isinstance(before, list):
            return sorted(map(str, before)) == sorted(map(str, after or []))
        return bool(before == after)

    def show_errors(self, errors: dict[str, str]) -> None:
        first: QWidget | None = None
        for key, label in self.errors.items():
            message = errors.get(key)
            label.setText(message or "")
            label.setVisible(bool(message))
            if message and first is None:
                first = self.editors[key]
        if first is not None:
            first.setFocus()

    def clear_errors(self) -> None:
        self.show_errors({})

    def set_people(self, role: str, people: dict[str, str]) -> None:
        """The people of ``role`` that each field naming one chooses from (id -> name),
        keeping what is chosen."""
        for editor in self.editors.values():
            if isinstance(editor, PersonChoice) and editor.spec.person_role == role:
                editor.set_people(people)


def _parse_datetime(text: str) -> dt.datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"):
        try:
            return dt.datetime.strptime(text, fmt).astimezone()
        except ValueError:
            continue
    raise FieldError("Type a date and time as day/month/year hours:minutes, e.g. 25/11/2026 14:30.")
