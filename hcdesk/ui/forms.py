"""Forms built from the domain model's column metadata, with the message for a bad value shown
right under the field. Parsing and messages come from :mod:`hcdesk.casework.fields`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework.fields import FieldError, FieldSpec, Kind, format_date, humanise, parse_value
from hcdesk.models.enums import NeedArea, NeedLevel


class MultiChoice(QWidget):
    """Several check boxes for a multi-select enum (e.g. monitored strands)."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, value in enumerate(spec.choices):
            box = QCheckBox(humanise(value))
            box.setAccessibleName(f"{spec.label}: {humanise(value)}")
            box.toggled.connect(self.changed)
            grid.addWidget(box, i // 2, i % 2)
            self.boxes[value] = box
        self.setAccessibleName(spec.label)

    def value(self) -> list[str]:
        return [v for v, b in self.boxes.items() if b.isChecked()]

    def set_value(self, values: list[Any]) -> None:
        chosen = {str(v) for v in values or []}
        for v, b in self.boxes.items():
            b.setChecked(v in chosen)


class NeedAreasEditor(QWidget):
    """Need areas of an assessment: a level and a note for each area."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.rows: dict[str, tuple[QComboBox, QLineEdit]] = {}
        for i, area in enumerate(NeedArea):
            label = QLabel(humanise(area.value))
            level = QComboBox()
            level.addItem(self.tr("Not assessed"), "")
            for lv in NeedLevel:
                level.addItem(humanise(lv.value), lv.value)
            level.setAccessibleName(self.tr("%1 need level").replace("%1", humanise(area.value)))
            note = QLineEdit()
            note.setAccessibleName(self.tr("%1 notes").replace("%1", humanise(area.value)))
            label.setBuddy(level)
            level.currentIndexChanged.connect(self.changed)
            note.textChanged.connect(self.changed)
            grid.addWidget(label, i, 0)
            grid.addWidget(level, i, 1)
            grid.addWidget(note, i, 2)
            self.rows[area.value] = (level, note)
        self.setAccessibleName(spec.label)

    def value(self) -> list[dict[str, str]]:
        out = []
        for area, (level, note) in self.rows.items():
            lv = level.currentData()
            if lv:
                item = {"area": area, "level": lv}
                if note.text().strip():
                    item["notes"] = note.text().strip()
                out.append(item)
        return out

    def set_value(self, items: list[dict[str, str]]) -> None:
        by_area = {i.get("area"): i for i in items or []}
        for area, (level, note) in self.rows.items():
            item = by_area.get(area, {})
            level.setCurrentIndex(max(0, level.findData(item.get("level", ""))))
            note.setText(item.get("notes", ""))


class FieldForm(QWidget):
    """One editor per field, in the model's order; ``values()`` checks every field at once."""

    edited = Signal()

    def __init__(self, specs: list[FieldSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs = specs
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        layout = QGridLayout(self)
        layout.setColumnStretch(1, 1)
        row = 0
        for spec in specs:
            editor = self._editor(spec)
            text = spec.label[:1].upper() + spec.label[1:]
            label = QLabel(text + (" *" if spec.required else ""))
            label.setBuddy(editor)
            if spec.private:
                label.setToolTip(self.tr("Police/CPS only: never in the disclosable summary"))
                editor.setToolTip(label.toolTip())
            error = QLabel()
            error.setObjectName("fieldError")
            error.setStyleSheet("QLabel#fieldError { color: #c62828; font-weight: 600; }")
            error.setAccessibleName(self.tr("%1 error").replace("%1", text))
            error.setWordWrap(True)
            error.hide()
            col_box = QVBoxLayout()
            col_box.setSpacing(2)
            col_box.addWidget(editor)
            col_box.addWidget(error)
            layout.addWidget(label, row, 0)
            layout.addLayout(col_box, row, 1)
            self.editors[spec.key] = editor
            self.errors[spec.key] = error
            row += 1
        layout.setRowStretch(row, 1)
        self.loaded: dict[str, Any] = self.raw_values()

    def _editor(self, spec: FieldSpec) -> QWidget:
        w: QWidget
        if spec.kind == Kind.NARRATIVE:
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            w.setMinimumHeight(70)
            w.textChanged.connect(self.edited)
        elif spec.kind == Kind.CHOICE:
            w = QComboBox()
            w.addItem("" if spec.required else self.tr("(not recorded)"), "")
            for value in spec.choices:
                w.addItem(humanise(value), value)
            w.currentIndexChanged.connect(self.edited)
        elif spec.kind == Kind.MULTI:
            w = MultiChoice(spec)
            w.changed.connect(self.edited)
        elif spec.kind == Kind.FLAG:
            w = QCheckBox()
            w.toggled.connect(self.edited)
        elif spec.kind == Kind.LIST and spec.key == "areas":
            w = NeedAreasEditor(spec)
            w.changed.connect(self.edited)
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
        w.setAccessibleName(spec.label[:1].upper() + spec.label[1:])
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
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(str(value) if value is not None else "")))
            elif isinstance(w, MultiChoice | NeedAreasEditor):
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
        finally:
            w.blockSignals(False)

    def _raw(self, spec: FieldSpec, w: QWidget) -> Any:
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QComboBox):
            return w.currentData() or None
        if isinstance(w, MultiChoice | NeedAreasEditor):
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
                if spec.kind == Kind.LIST and spec.key != "areas":
                    out[spec.key] = [p.strip() for p in (raw or "").split(",") if p.strip()]
                elif spec.kind == Kind.LIST:
                    out[spec.key] = raw
                elif spec.kind == Kind.DATETIME:
                    out[spec.key] = _parse_datetime(raw)
                else:
                    out[spec.key] = parse_value(spec, raw)
            except FieldError as exc:
                errors[spec.key] = str(exc)
        if show:
            self.show_errors(errors)
        return out, errors

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
