"""The Contacts tab: what to keep in mind for any contact with the victim (how and when they may
be contacted, an interpreter, a spokesperson, notes), the contact log, and the planned
contacts. A new contact, or a planned one, is checked against the victim's contact safety
(hcdesk.casework.contact_safety) as soon as it is added; one that goes against what the victim
asked is added only with the officer's reason (:class:`ContactSafetyDialog`). The save checks
it again, and a save refused for it comes back here (:meth:`ContactsPage.ask_override`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework import contact_safety as cs
from hcdesk.casework.records import CaseFileView
from hcdesk.ui.casefile_panels import esc
from hcdesk.ui.casefile_sections import RecordSection, bring_into_view, scrolled
from hcdesk.ui.contact_safety_dialog import ContactSafetyDialog

Victim = Callable[[], Mapping[str, Any] | None]
REASON = "safety_override_reason"


class RemindersPanel(QFrame):
    """What to keep in mind for any contact with the victim, beside the contacts."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("contactReminders")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAccessibleName(self.tr("Before any contact"))
        layout.addWidget(self.label)
        self.reminders: list[cs.Reminder] = []

    def set_reminders(self, reminders: list[cs.Reminder]) -> None:
        self.reminders = list(reminders)
        if not reminders:
            text = self.tr("<b>Before any contact:</b> the victim asked for nothing in particular.")
        else:
            # One paragraph, not a list: it stays in view above the contacts on a small screen.
            items = " &nbsp;·&nbsp; ".join(esc(r.message) for r in reminders)
            text = self.tr("<b>Before any contact:</b> %1").replace("%1", items)
        self.label.setText(text)
        self.label.setAccessibleDescription(" ".join(r.message for r in reminders))


class CheckedSection(RecordSection):
    """A section of contacts (logged or planned) whose "Add to case" checks the new entry
    against the victim's contact safety first, and asks the officer if it goes against it."""

    def __init__(self, table: str, victim: Victim, *args: Any, **kwargs: Any) -> None:
        super().__init__(table, *args, **kwargs)
        self.victim = victim
        self.dialog: ContactSafetyDialog | None = None

    def concerns(self, values: Mapping[str, Any]) -> list[cs.Concern]:
        victim = self.victim()
        if self.table == "contact_log":
            return cs.check_contact(
                victim,
                values.get("channel"),
                values.get("occurred_at"),
                bool(values.get("left_voicemail")),
                direction=values.get("direction"),
            )
        return cs.check_contact(
            victim,
            values.get("channel"),
            values.get("planned_for"),
            bool(values.get("may_leave_voicemail")),
            planned=True,
        )

    def add_new(self) -> bool:
        values, errors = self.form.values()
        if errors or cs.has_override(values.get(REASON)):
            return super().add_new()
        concerns = self.concerns(values)
        if not concerns:
            return super().add_new()
        self.ask(concerns, self._add_with_reason)
        return False

    def ask(self, concerns: list[cs.Concern], went_ahead: Callable[[str], None]) -> None:
        """The dialog for ``concerns``; ``went_ahead(reason)`` if the officer goes ahead. If
        they choose to change the contact, the entry stays on the form to be changed."""
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        victim = self.victim()
        reminders = cs.contact_reminders(victim) if victim is not None else []
        self.dialog = ContactSafetyDialog(
            concerns, reminders, self, planned=self.table == "planned_contact"
        )
        self.dialog.went_ahead.connect(went_ahead)
        self.dialog.rejected.connect(self._changing)
        self.dialog.open()

    def _add_with_reason(self, reason: str) -> None:
        self.set_form_reason(reason)
        super().add_new()

    def _changing(self) -> None:
        self.hint.setText(self.tr("Not added: change the contact, then add it again."))
        bring_into_view(self.form)
        channel = self.form.editors.get("channel")
        if channel is not None:
            channel.setFocus()

    def set_form_reason(self, reason: str) -> None:
        editor = self.form.editors.get(REASON)
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(reason)  # also marks a record being edited as changed

    def give_reason(self, row: cs.FlaggedRow, reason: str) -> None:
        """Put ``reason`` on the entry of a refused save that ``row`` names: the n-th new
        entry (those added, then the one on the form), or a record being edited."""
        if row.index is not None:
            if row.index < len(self.pending_new):
                self.pending_new[row.index][REASON] = reason
            elif self.current is None:  # the entry typed on the form, not yet added
                self.set_form_reason(reason)
                super().add_new()
            return
        rid = row.record_id
        if self.current is not None and self.current.get("id") == rid:
            self.set_form_reason(reason)
            return
        original = next((r for r in self.records if r.id == rid), None)
        if original is not None:
            edited = self.dirty.get(str(rid), {})
            self.dirty[str(rid)] = {**dict(original), **edited, REASON: reason}


class ContactsPage(QWidget):
    """The Contacts tab: the reminders, always in view, over the contact log and the planned
    contacts, which scroll."""

    def __init__(self, victim: Victim, officer: Callable[[], str]) -> None:
        super().__init__()
        self.victim = victim
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.reminders = RemindersPanel()
        outer.addWidget(self.reminders)
        body = QWidget()
        layout = QVBoxLayout(body)
        outer.addWidget(scrolled(body), 1)
        layout.addWidget(QLabel(self.tr("<b>Contact log</b>, newest first")))
        self.contacts = CheckedSection(
            "contact_log",
            victim,
            ["occurred_at", "channel", "direction", "summary"],
            append_only=True,
            newest_first=True,
            exclude=("recorded_by",),
            title=self.tr("contact"),
            defaults=lambda: {"occurred_at": dt.datetime.now().astimezone()},
        )
        layout.addWidget(self.contacts)
        layout.addWidget(QLabel(self.tr("<b>Planned contacts</b>")))
        self.planned = CheckedSection(
            "planned_contact",
            victim,
            ["planned_for", "channel", "purpose", "owner", "done"],
            title=self.tr("planned contact"),
            defaults=lambda: {"owner": officer()},
        )
        layout.addWidget(self.planned)
        row = QHBoxLayout()
        self.mark_made = QPushButton(self.tr("Mar&k as made"))
        self.mark_made.setAccessibleName(self.tr("Mark the selected planned contact as made"))
        self.mark_made.clicked.connect(self.mark_selected_made)
        row.addWidget(self.mark_made)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.sections = [self.contacts, self.planned]
        self.wish: Mapping[str, Any] | None = None

    def load(self, view: CaseFileView) -> None:
        self.wish = view.wishes[-1] if view.wishes else None
        self.contacts.set_records(view.contacts)
        self.planned.set_records(view.planned_contacts)
        self.refresh_reminders()

    def refresh_reminders(self) -> None:
        self.reminders.set_reminders(cs.contact_reminders(self.victim(), self.wish))

    def mark_selected_made(self) -> None:
        """Tick "made" on the planned contact selected (Save keeps it)."""
        if self.planned.current is None:
            self.planned.hint.setText(self.tr("Choose a planned contact in the list first."))
            return
        done = self.planned.form.editors.get("done")
        if done is not None and hasattr(done, "setChecked"):
            done.setChecked(True)

    # -- a save refused for contact safety ---------------------------------------------------
    def ask_override(
        self, refused: cs.ContactAgainstWishes, save_again: Callable[[], object]
    ) -> None:
        """Ask the officer about the contacts a save refused; if they go ahead, put their
        reason on each of those entries and save again."""
        bring_into_view(self)
        section = (
            self.planned
            if all(r.table == "planned_contact" for r in refused.rows)
            else self.contacts
        )

        def went_ahead(reason: str) -> None:
            by_table = {s.table: s for s in self.sections}
            for row in refused.rows:
                target = by_table.get(row.table)
                if target is not None:
                    target.give_reason(row, reason)
            save_again()

        bring_into_view(section)
        section.ask(list(refused.concerns), went_ahead)
