"""The case overview, the first page of a case: who, what, the legal route, the latest wishes in
the victim's words, the open actions, the next duty, the linked cases and the timeline.

Pure display of :func:`hcdesk.casework.overview.overview_model`: it reads nothing from the
store, and what it shows of the case is plain text (never rich text made from case data).
``open_requested(section)`` asks for the case file's section that a line is about (Enter on a
timeline entry, or the next duty's button); ``case_requested(case_id)`` asks for another case
(Enter or a double-click on a linked case).

The linked cases (hcdesk.casework.repeats) are looked up after the case, off the screen's
thread: :meth:`CaseOverviewWidget.show_links` puts them in when they come. While the victim's
sensitive details are masked in the case file, a link's reason leaves out the victim's date of
birth and postcode (:meth:`CaseOverviewWidget.set_masked`).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hcdesk.casework.overview import (
    LINKS_DRAFT,
    LINKS_FAILED,
    LINKS_LOADING,
    LINKS_NOTE,
    NO_ACTIONS,
    NO_DUTY,
    NO_LINKS,
    NO_TIMELINE,
    NO_WISHES,
    LinkLine,
    Overview,
    overview_model,
)
from hcdesk.casework.records import CaseFileView
from hcdesk.ui.forms import ColumnsLayout

SECTION_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ROLE = Qt.ItemDataRole.UserRole + 2
LINK_ROWS_SHOWN = 6  # the list of linked cases grows to this many rows, then scrolls


def _text(text: str = "", *, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


class CaseOverviewWidget(QWidget):
    open_requested = Signal(str)  # a section of the case file
    case_requested = Signal(str)  # another case (a linked case), by its id

    def __init__(self) -> None:
        super().__init__()
        self.model: Overview | None = None
        # The linked cases shown, and the case they are of (None: not looked up yet).
        self.links: tuple[LinkLine, ...] | None = None
        self.links_of: str | None = None
        self.links_waiting = LINKS_LOADING  # what the box says while there are none to list
        self.masked = True
        self.setObjectName("caseOverview")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.voided = _text(name="overviewVoided")
        self.voided.hide()
        layout.addWidget(self.voided)

        # Boxes side by side where there is room, one under another on a narrow case file.
        top_row = QWidget()
        top = ColumnsLayout(top_row, spacing=layout.spacing(), most=2)
        who = QGroupBox(self.tr("Who"))
        grid = QGridLayout(who)
        self.victim = _text(name="overviewVictim")
        font = self.victim.font()
        font.setBold(True)
        self.victim.setFont(font)
        self.role = _text(name="overviewRole")
        self.statuses = _text(name="overviewStatuses")
        grid.addWidget(self.victim, 0, 0)
        grid.addWidget(self.role, 1, 0)
        grid.addWidget(self.statuses, 2, 0)
        grid.setRowStretch(3, 1)  # the lines at the top when the box beside it is taller
        top.addWidget(who)
        what = QGroupBox(self.tr("What"))
        grid = QGridLayout(what)
        self.record_type = _text(name="overviewRecordType")
        self.strands = _text(name="overviewStrands")
        self.incident = _text(name="overviewIncident")
        self.routes = _text(name="overviewRoutes")
        for row, (caption, label) in enumerate(
            (
                (self.tr("Record"), self.record_type),
                (self.tr("Strands"), self.strands),
                (self.tr("Incident"), self.incident),
                (self.tr("Legal route"), self.routes),
            )
        ):
            grid.addWidget(QLabel(caption), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(4, 1)
        top.addWidget(what)
        layout.addWidget(top_row)

        wish = QGroupBox(self.tr("Latest wishes, in the victim's words"))
        wl = QVBoxLayout(wish)
        self.wish_words = _text(name="overviewWishWords")
        self.wish_meta = _text(name="overviewWishMeta")
        wl.addWidget(self.wish_words)
        wl.addWidget(self.wish_meta)
        layout.addWidget(wish)

        middle_row = QWidget()
        middle = ColumnsLayout(middle_row, spacing=layout.spacing(), most=2)
        actions = QGroupBox(self.tr("Open actions"))
        al = QVBoxLayout(actions)
        self.action_list = _text(name="overviewActions")
        al.addWidget(self.action_list)
        al.addStretch(1)
        middle.addWidget(actions)
        duty = QGroupBox(self.tr("Next duty"))
        dl = QVBoxLayout(duty)
        self.duty = _text(name="overviewNextDuty")
        dl.addWidget(self.duty)
        self.duty_button = QPushButton(self.tr("&Go to it"))
        self.duty_button.setAccessibleName(self.tr("Open the section of the next duty"))
        self.duty_button.clicked.connect(self._open_duty)
        dl.addWidget(self.duty_button, 0, Qt.AlignmentFlag.AlignLeft)
        dl.addStretch(1)
        middle.addWidget(duty)
        layout.addWidget(middle_row)

        linked = QGroupBox(self.tr("Linked cases"))
        linked.setObjectName("overviewLinkedBox")
        kl = QVBoxLayout(linked)
        self.links_status = _text(name="overviewLinksStatus")
        kl.addWidget(self.links_status)
        self.link_list = QTreeWidget()
        self.link_list.setObjectName("overviewLinks")
        self.link_list.setAccessibleName(self.tr("Linked cases"))
        self.link_list.setHeaderLabels([self.tr("Case"), self.tr("Record"), self.tr("Why linked")])
        self.link_list.setRootIsDecorated(False)
        self.link_list.setUniformRowHeights(True)
        self.link_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.link_list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.link_list.itemActivated.connect(self._open_link)
        self.link_list.hide()
        kl.addWidget(self.link_list)
        self.links_note = _text(LINKS_NOTE, name="overviewLinksNote")
        self.links_note.hide()
        kl.addWidget(self.links_note)
        layout.addWidget(linked)

        timeline = QGroupBox(self.tr("Timeline, newest first"))
        tl = QVBoxLayout(timeline)
        self.timeline = QTreeWidget()
        self.timeline.setObjectName("overviewTimeline")
        self.timeline.setAccessibleName(self.tr("Timeline, newest first"))
        self.timeline.setHeaderLabels([self.tr("When"), self.tr("Kind"), self.tr("What")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setUniformRowHeights(True)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.timeline.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.timeline.setMinimumHeight(160)
        self.timeline.itemActivated.connect(self._open_entry)
        self.timeline_empty = _text(name="overviewTimelineEmpty")
        tl.addWidget(self.timeline)
        tl.addWidget(self.timeline_empty)
        layout.addWidget(timeline, 1)

        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)

    def show_view(self, view: CaseFileView, today: dt.date) -> None:
        self.show_model(overview_model(view, today))

    def show_model(self, m: Overview) -> None:
        self.model = m
        if m.links is not None:
            self.links, self.links_of = m.links, m.case_id
        elif self.links_of != m.case_id:  # another case: its links are still to come
            self.links, self.links_of, self.links_waiting = None, m.case_id, LINKS_LOADING
        self._fill_links()
        self.voided.setVisible(m.voided is not None)
        self.voided.setText(
            self.tr("This case was voided: %1").replace("%1", m.voided or "") if m.voided else ""
        )
        self.victim.setText(m.victim)
        self.role.setText(m.role)
        self.statuses.setText(
            "\n".join(
                f"{s.status} ({s.source}{': ' + s.reason if s.reason else ''})" for s in m.statuses
            )
            or self.tr("Victims' Code status not worked out yet.")
        )
        self.record_type.setText(m.record_type)
        self.strands.setText(", ".join(m.strands) or self.tr("None recorded"))
        self.incident.setText(", ".join(x for x in (m.incident_date, m.place) if x) or "—")
        self.routes.setText("\n".join(m.routes))
        if m.wish is None:
            self.wish_words.setText(self.tr(NO_WISHES))
            self.wish_meta.setText("")
        else:
            self.wish_words.setText(f"“{m.wish.words}”")
            confirmed = (
                self.tr("confirmed with the victim")
                if m.wish.confirmed
                else self.tr("not yet confirmed with the victim")
            )
            self.wish_meta.setText(
                self.tr("Recorded %1 by %2, %3.")
                .replace("%1", m.wish.recorded)
                .replace("%2", m.wish.recorded_by)
                .replace("%3", confirmed)
            )
        self.action_list.setText(
            "\n".join(
                f"• {a.action} — {a.owner}"
                + (f", due {a.due}" if a.due else "")
                + f" ({a.status_label})"
                for a in m.actions
            )
            or self.tr(NO_ACTIONS)
        )
        if m.next_duty is None:
            self.duty.setText(self.tr(NO_DUTY))
            self.duty_button.setEnabled(False)
        else:
            d = m.next_duty
            self.duty.setText(f"{d.what}\n{d.due}: {d.status_label}")
            self.duty_button.setEnabled(True)
        self.timeline.clear()
        items = []
        for entry in m.timeline:
            item = QTreeWidgetItem([entry.when_text, entry.kind_label, entry.text])
            item.setToolTip(2, entry.text)
            item.setData(0, SECTION_ROLE, entry.section)
            items.append(item)
        self.timeline.addTopLevelItems(items)
        self.timeline.setVisible(bool(items))
        self.timeline_empty.setVisible(not items)
        self.timeline_empty.setText(self.tr(NO_TIMELINE))

    # -- the linked cases --------------------------------------------------------------------
    def show_links(self, case_id: str, links: tuple[LinkLine, ...] | None, note: str = "") -> None:
        """The linked cases of ``case_id`` (ignored if another case is shown by now). None with
        a ``note``: there are none to show, and why (a new case, a lookup that failed)."""
        if self.model is None or self.model.case_id != case_id:
            return
        self.links, self.links_of = links, case_id
        self.links_waiting = note or LINKS_LOADING
        self._fill_links()

    def show_links_draft(self) -> None:
        """A new case not saved yet: nothing is looked up until it is."""
        if self.model is not None:
            self.show_links(self.model.case_id, None, LINKS_DRAFT)

    def show_links_failed(self, case_id: str, message: str) -> None:
        self.show_links(case_id, None, LINKS_FAILED.replace("%1", message))

    def set_masked(self, masked: bool) -> None:
        """Whether the victim's sensitive details are masked (their date of birth and postcode
        left out of a link's reason) or revealed."""
        if masked != self.masked:
            self.masked = masked
            self._fill_links()

    def _fill_links(self) -> None:
        links = self.links
        self.link_list.clear()
        if links is None or not links:
            waiting = self.links_waiting if links is None else NO_LINKS
            self.links_status.setText(self.tr(waiting))
            self.links_status.show()
            self.link_list.hide()
            self.links_note.hide()
            return
        items = []
        for line in links:
            reason = line.masked_reason if self.masked else line.reason
            item = QTreeWidgetItem([line.reference, line.what, reason])
            for column, text in enumerate((line.reference, line.what, reason)):
                item.setToolTip(column, text)
            item.setData(0, CASE_ROLE, line.case_id)
            items.append(item)
        self.link_list.addTopLevelItems(items)
        rows = min(len(items), LINK_ROWS_SHOWN)
        frame = 2 * self.link_list.frameWidth()
        header = self.link_list.header().sizeHint().height()
        row = self.link_list.sizeHintForRow(0)
        self.link_list.setFixedHeight(header + rows * row + frame + 2)
        self.links_status.hide()
        self.link_list.show()
        self.links_note.show()

    def _open_link(self, item: QTreeWidgetItem, _column: int) -> None:
        case_id = item.data(0, CASE_ROLE)
        if case_id:
            self.case_requested.emit(str(case_id))

    def _open_duty(self) -> None:
        if self.model is not None and self.model.next_duty is not None:
            self.open_requested.emit(self.model.next_duty.section)

    def _open_entry(self, item: QTreeWidgetItem, _column: int) -> None:
        section = item.data(0, SECTION_ROLE)
        if section:
            self.open_requested.emit(str(section))
