"""The parts of the case file that show and edit records: a list of one kind of record with a
form for the selected or new one (:class:`RecordSection`), and one record edited in place
(:class:`SingleForm`). Both are built from the columns of the record's table."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework.casefile import MODELS, Changes
from hcdesk.casework.fields import (
    FieldSpec,
    Kind,
    format_date,
    format_datetime,
    spec_for,
)
from hcdesk.casework.records import Record
from hcdesk.models import labels
from hcdesk.models.base import domain_columns
from hcdesk.ui.forms import ColumnsLayout, FieldForm, capital

_temp_ids = itertools.count(1)


def specs(
    table: str, exclude: tuple[str, ...] = (), keys: Sequence[str] | None = None
) -> list[FieldSpec]:
    """The fields of ``table`` in the model's order (or in the order of ``keys``, only those),
    leaving out ``exclude``."""
    found = [spec_for(c) for c in domain_columns(MODELS[table]) if c.key not in exclude]
    if keys is None:
        return found
    by_key = {s.key: s for s in found}
    return [by_key[k] for k in keys]


capitalised = capital  # ``label`` with a capital letter, the rest as it is ("CPS area")


def show(value: Any, spec: FieldSpec | None = None) -> str:
    """A stored value as a person reads it: an enumeration's value by its label (stored text
    too, given the field's ``spec``), a date as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(show(v, spec) for v in value)
    if isinstance(value, StrEnum):
        return labels.label(value)
    if spec is not None and spec.enum_cls is not None and value in spec.choices:
        return spec.choice_label(str(value))
    return str(value)


def bring_into_view(widget: QWidget) -> None:
    """Make ``widget`` visible where it is: every tab that holds it current, from the outside
    in, then scrolled to within each scroll area around it."""
    chain: list[QWidget] = []
    parent = widget.parentWidget()
    while parent is not None:
        chain.append(parent)
        parent = parent.parentWidget()
    for holder in reversed(chain):
        if isinstance(holder, QTabWidget):
            for i in range(holder.count()):
                page = holder.widget(i)
                if page is not None and (page is widget or page.isAncestorOf(widget)):
                    holder.setCurrentIndex(i)
                    break
    for holder in chain:
        if isinstance(holder, QScrollArea):
            holder.ensureWidgetVisible(widget)


def scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


class RecordSection(QWidget):
    """A list of records of one kind with a form for the selected or new one."""

    edited = Signal()

    def __init__(
        self,
        table: str,
        list_fields: list[str],
        *,
        exclude: tuple[str, ...] = (),
        append_only: bool = False,
        newest_first: bool = False,
        title: str = "",
        defaults: Callable[[], dict[str, Any]] | None = None,
        fields: Sequence[str] | None = None,
        fixed: Mapping[str, Any] | None = None,
        rule: Callable[[Mapping[str, Any]], Mapping[str, str]] | None = None,
    ) -> None:
        """``fields``: the form's fields, in this order (default: every field of the table
        but ``exclude``); ``fixed``: values every new entry gets that the form does not show
        (a suspect's role); ``rule``: the casework rule an entry as a whole must meet (its
        problems by field, shown at those fields; the save applies it again)."""
        super().__init__()
        self.rule = rule
        self.table, self.list_fields = table, list_fields
        self.append_only, self.newest_first = append_only, newest_first
        self.defaults = defaults or dict
        self.fixed = dict(fixed or {})
        # The names of the people that person fields name, by role: id or temporary key -> name.
        self.people: dict[str, dict[str, str]] = {}
        self.records: list[Record] = []
        # Entries added (or typed) on the screen, not yet saved: the form's values, by field.
        self.pending_new: list[dict[str, Any]] = []
        self.dirty: dict[str, dict[str, Any]] = {}
        self.deleted: list[str] = []
        self.current: Record | dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the page around it has the margins
        self.list = QTableWidget(0, len(list_fields))
        title = title or labels.record_label(table)
        self.list.setAccessibleName(title)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.verticalHeader().hide()
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        specs_by_key = {s.key: s for s in specs(table)}
        self.specs_by_key = specs_by_key
        self.person_fields = {
            k: s.person_role for k, s in specs_by_key.items() if s.kind == Kind.PERSON
        }
        for j, key in enumerate(list_fields):
            head = QTableWidgetItem(capitalised(specs_by_key[key].label))
            head.setToolTip(specs_by_key[key].help)  # a header cut short reads in full here
            self.list.setHorizontalHeaderItem(j, head)
        self.list.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.list)
        # The buttons side by side, or two to a line on a narrow case file.
        buttons = ColumnsLayout(stretch=False, most=3)
        # No mnemonics here: a tab shows several sections, and Alt+letter must have one target
        # (the tabs and menus own them); Tab reaches these buttons.
        self.new_button = QPushButton(self.tr("New entry") if append_only else self.tr("New"))
        self.new_button.setAccessibleName(self.tr("New %1").replace("%1", title))
        self.new_button.clicked.connect(self.start_new)
        buttons.addWidget(self.new_button)
        if not append_only:
            self.delete_button = QPushButton(self.tr("Delete"))
            self.delete_button.setAccessibleName(
                self.tr("Delete selected %1").replace("%1", title)
            )
            self.delete_button.clicked.connect(self.delete_selected)
            buttons.addWidget(self.delete_button)
        self.add_button = QPushButton(self.tr("Add to case"))
        self.add_button.setAccessibleName(
            self.tr("Add this %1 to the case").replace("%1", title)
        )
        self.add_button.clicked.connect(self.add_new)
        buttons.addWidget(self.add_button)
        layout.addLayout(buttons)
        self.hint = QLabel()
        self.hint.setWordWrap(True)  # a message, never what sets the section's width
        layout.addWidget(self.hint)
        self.form = FieldForm(specs(table, exclude, fields))
        self.form.edited.connect(self._form_edited)
        layout.addWidget(self.form)
        self.start_new()

    # -- data --------------------------------------------------------------------------------
    def set_records(self, records: Sequence[Record]) -> None:
        self.records = list(records)
        self.pending_new.clear()
        self.dirty.clear()
        self.deleted.clear()
        self._refill()
        if self.records and not self.append_only:
            # Show the newest record; "New" starts a fresh one.
            rows = self.rows()
            self.list.selectRow(0 if self.newest_first else len(rows) - 1)
        else:
            self.start_new()

    def set_people(self, role: str, people: dict[str, str]) -> None:
        """The people of ``role`` this section's person fields choose from, and show by name."""
        self.people[role] = dict(people)
        self.form.set_people(role, people)
        if role in self.person_fields.values():
            self._refill()
            self._reselect()

    def _reselect(self) -> None:
        if self.current is None:
            return
        rows = self.rows()
        for i, rec in enumerate(rows):
            if rec is self.current:
                self.list.blockSignals(True)
                self.list.selectRow(i)
                self.list.blockSignals(False)

    def display(self, key: str, value: Any) -> str:
        """A value as the list shows it: a person by name, anything else by :func:`show`."""
        role = self.person_fields.get(key)
        if role is not None and value:
            return self.people.get(role, {}).get(str(value)) or self.tr("(no longer in this case)")
        return show(value, self.specs_by_key.get(key))

    def rows(self) -> list[Record | dict[str, Any]]:
        """The records shown, then the entries not yet saved (newest first if so shown)."""
        rows: list[Record | dict[str, Any]] = [r for r in self.records if r.id not in self.deleted]
        rows += self.pending_new
        if self.newest_first:
            rows = list(reversed(rows))
        return rows

    def _refill(self) -> None:
        rows = self.rows()
        self.list.blockSignals(True)
        self.list.setRowCount(len(rows))
        for i, rec in enumerate(rows):
            for j, key in enumerate(self.list_fields):
                value = self.dirty.get(rec.get("id", ""), {}).get(key, rec.get(key))
                text = self.display(key, value)
                if j == 0 and rec.get("_key"):
                    text = self.tr("(not yet saved) ") + text
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, rec.get("id") or rec.get("_key"))
                self.list.setItem(i, j, item)
        self.list.blockSignals(False)
        self._fit_list()

    def _fit_list(self) -> None:
        """As tall as its rows, from two to five of them (it scrolls past that)."""
        shown = max(2, min(self.list.rowCount(), 5))
        self.list.setFixedHeight(
            self.list.horizontalHeader().sizeHint().height()
            + shown * self.list.verticalHeader().defaultSectionSize()
            + 2 * self.list.frameWidth()
        )

    def _selected(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        if not rows:
            return
        rec = self.rows()[rows[0].row()]
        self.current = rec
        values = dict(rec)
        values.update(self.dirty.get(rec.get("id", ""), {}))
        self.form.set_values(values)
        editable = not self.append_only or bool(rec.get("_key"))
        self.form.setEnabled(editable)
        self.add_button.setVisible(False)
        self.hint.setText("" if editable else self.tr("Entries cannot be changed; add a new one."))

    def start_new(self) -> None:
        self.current = None
        self.list.clearSelection()
        self.form.setEnabled(True)
        self.form.set_values(self.defaults())
        self.blank = self.form.raw_values()
        self.add_button.setVisible(True)
        self.hint.setText("")

    def has_draft(self) -> bool:
        """Something typed into the new-entry form but not yet added: Save keeps it too."""
        return self.current is None and self.form.raw_values() != self.blank

    def _checked(self, show: bool = True) -> tuple[dict[str, Any], dict[str, str]]:
        """The form's values and its problems: each field's own, else the section's rule."""
        values, errors = self.form.values(show=show)
        changing = (
            self.current is None
            or isinstance(self.current, dict)
            or self.current.id in self.dirty
        )  # a saved entry left as it was is not judged again
        if not errors and self.rule is not None and changing:
            merged = {**(self.current if isinstance(self.current, Mapping) else {}), **values}
            errors = dict(self.rule(merged))
            if errors and show:
                self.form.show_errors(errors)
        return values, errors

    def add_new(self) -> bool:
        values, errors = self._checked()
        if errors:
            self.hint.setText(self.tr("Fix the fields marked in red."))
            return False
        values.update(self.fixed)
        values["_key"] = f"new-{next(_temp_ids)}"
        self.pending_new.append(values)
        self._refill()
        self.start_new()
        self.hint.setText(self.tr("Added; press Save to keep it."))
        self.edited.emit()
        return True

    def _form_edited(self) -> None:
        if self.current is None:
            if self.has_draft():
                self.edited.emit()  # a draft entry: Save will keep it
            return
        values, errors = self.form.values()
        if errors:
            return
        if isinstance(self.current, dict):  # an entry not yet saved
            self.current.update(values)
        else:
            self.dirty[self.current.id] = values
        self.edited.emit()

    def delete_selected(self) -> None:
        if self.current is None:
            return
        if isinstance(self.current, dict):  # an entry not yet saved
            self.pending_new.remove(self.current)
        else:
            self.deleted.append(self.current.id)
        self._refill()
        self.start_new()
        self.edited.emit()

    def validate_current(self, show: bool = True) -> dict[str, str]:
        if self.current is None and not self.has_draft():
            return {}
        _, errors = self._checked(show=show)
        return errors

    def changes(self, into: Changes, show: bool = True) -> None:
        for rec in self.pending_new:
            into.new.append((self.table, dict(rec)))
        if self.has_draft():
            values, errors = self.form.values(show=show)
            if not errors:
                into.new.append((self.table, {**values, **self.fixed}))
        for rid, values in self.dirty.items():
            original: Mapping[str, Any] = next((r for r in self.records if r.id == rid), {})
            changed = {
                k: v for k, v in values.items() if not self.form.same(k, original.get(k), v)
            }
            if changed:
                into.updates.append((self.table, rid, changed))
        for rid in self.deleted:
            into.deletes.append((self.table, rid))

    def has_changes(self) -> bool:
        probe = Changes()
        self.changes(probe, show=False)
        return bool(probe)


class SingleForm(QWidget):
    """One record edited in place (the case itself, or the victim)."""

    edited = Signal()

    def __init__(
        self, table: str, field_keys: list[str] | None = None, exclude: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.table = table
        all_specs = specs(table, exclude)
        if field_keys is not None:
            by_key = {s.key: s for s in all_specs}
            all_specs = [by_key[k] for k in field_keys]
        self.form = FieldForm(all_specs)
        self.form.edited.connect(self.edited)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self.original: dict[str, Any] = {}

    def set_record(self, record: Mapping[str, Any] | None) -> None:
        self.original = dict(record or {})
        self.form.set_values(self.original)

    def changed_values(self, show: bool = True) -> tuple[dict[str, Any], dict[str, str]]:
        values, errors = self.form.values(show=show)
        changed = {
            k: v for k, v in values.items() if not self.form.same(k, self.original.get(k), v)
        }
        return changed, errors
