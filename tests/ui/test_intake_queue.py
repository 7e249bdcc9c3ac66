"""View → Third-party reports: the intake queue on the desktop, on a real store with the
example file of reports and a planted duplicate (docs/examples/third-party-reports.json)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from uikit import WAIT_MS, open_main

from hcdesk.casework import intake
from hcdesk.casework.cases import new_case
from hcdesk.models.case import CaseFile, Person
from hcdesk.models.enums import PersonRole, RecordType, TriageOutcome
from hcdesk.models.intake import ThirdPartyReport
from hcdesk.store.store import Store
from hcdesk.ui.intake_queue import IntakeDialog
from hcdesk.ui.mainwindow import MainWindow

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "third-party-reports.json"
NAMES_AND_CONTACTS = ("07700 900123", "d.okafor@example.org")


@pytest.fixture
def queued(store: Store) -> Store:
    """The example reports in the queue, and a live case of Leyla Demir's two days before the
    first report's incident (its likely duplicate)."""
    with store.transaction(reason="test set-up") as s:
        near = new_case(s, RecordType.HATE_CRIME, incident_date=dt.date(2026, 2, 25),
                        place="Leamington Spa town centre")  # fmt: skip
        near.local_ref = "L-TEST-000001"
        s.flush()
        s.add(Person(case_id=near.id, role=PersonRole.VICTIM, name="Leyla Demir"))
    intake.import_reports(store, EXAMPLE, "PC Test")
    return store


def open_queue(qtbot: Any, window: MainWindow) -> IntakeDialog:
    dialog = window.open_intake()
    assert isinstance(dialog, IntakeDialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=WAIT_MS)
    return dialog


def select(dialog: IntakeDialog, centre_reference: str) -> intake.QueueEntry:
    row = next(i for i, e in enumerate(dialog.entries)
               if e.item.centre_reference == centre_reference)  # fmt: skip
    dialog.table.selectRow(row)
    entry = dialog.current()
    assert entry is not None and entry.item.centre_reference == centre_reference
    return entry


def outcome_of(store: Store, centre_reference: str) -> ThirdPartyReport:
    with store.session() as s:
        report = s.scalar(
            sa.select(ThirdPartyReport).where(
                ThirdPartyReport.centre_reference == centre_reference
            )
        )
        assert report is not None
        s.expunge(report)
        return report


def test_the_queue_shows_each_waiting_report_and_its_likely_duplicate_without_contacts(
    qtbot: Any, queued: Store, runner: Any
) -> None:
    window = open_main(qtbot, queued, runner)
    dialog = open_queue(qtbot, window)
    assert dialog.table.rowCount() == 5
    assert "5 reports are waiting for triage" in dialog.status.text()
    select(dialog, "SHUK-2026-00412")
    assert "pulled at her headscarf" in dialog.account.text()
    assert dialog.duplicates.count() == 1
    assert dialog.duplicates.item(0).text().startswith("L-TEST-000001: same victim name")
    cells = [(r, c) for r in range(5) for c in range(dialog.table.columnCount())]
    shown = " ".join(
        [dialog.heading.text(), dialog.account.text(), dialog.about.text()]
        + [dialog.table.item(r, c).text() for r, c in cells]
    )
    for secret in NAMES_AND_CONTACTS:
        assert secret not in shown
    # Choosing the duplicate fills in the link.
    dialog.duplicates.setCurrentRow(0)
    assert dialog._chosen_outcome() is TriageOutcome.LINKED_TO_CASE
    assert dialog.case_ref.text() == "L-TEST-000001" and dialog.case_ref.isEnabled()


def test_triage_links_a_report_and_an_incomplete_decision_records_nothing(
    qtbot: Any, queued: Store, runner: Any
) -> None:
    window = open_main(qtbot, queued, runner)
    dialog = open_queue(qtbot, window)
    select(dialog, "TV-88213")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(TriageOutcome.RECORD_ONLY.value))
    qtbot.mouseClick(dialog.triage_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and "Not recorded" in dialog.message.text(),
                    timeout=WAIT_MS)  # fmt: skip
    assert "Give the reason" in dialog.message.text()
    assert outcome_of(queued, "TV-88213").outcome is None

    select(dialog, "SHUK-2026-00412")
    dialog.duplicates.setCurrentRow(0)
    qtbot.mouseClick(dialog.triage_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 4, timeout=WAIT_MS)
    report = outcome_of(queued, "SHUK-2026-00412")
    assert report.outcome is TriageOutcome.LINKED_TO_CASE and report.triaged_by
    with queued.session() as s:
        case = s.scalar(sa.select(CaseFile).where(CaseFile.local_ref == "L-TEST-000001"))
        assert case is not None and report.case_id == case.id
    assert "triaged as linked" in dialog.status.text().lower()
    assert "4 reports are waiting" in dialog.status.text()
    # Shown again with the triaged ones: its outcome and the case, and no triage controls.
    dialog.show_all.setChecked(True)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 5, timeout=WAIT_MS)
    select(dialog, "SHUK-2026-00412")
    assert "L-TEST-000001" in dialog.about.text()
    assert not dialog.triage_button.isEnabled() and not dialog.outcome.isEnabled()


def test_a_new_case_from_a_report_reaches_the_case_list(
    qtbot: Any, queued: Store, runner: Any
) -> None:
    window = open_main(qtbot, queued, runner)
    before = window.model.rowCount()
    dialog = open_queue(qtbot, window)
    select(dialog, "TV-88213")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(TriageOutcome.NEW_CASE.value))
    assert not dialog.case_ref.isEnabled()
    with qtbot.waitSignal(dialog.case_changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.triage_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.rowCount() == before + 1, timeout=WAIT_MS)


def test_importing_a_bad_file_adds_nothing_and_says_why(
    qtbot: Any, store: Store, runner: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "reports.json"
    bad.write_text('{"format": "hcdesk-third-party-reports", "version": 1, "reports": '
                   '[{"centre": "NOWHERE"}]}', encoding="utf-8")  # fmt: skip
    window = open_main(qtbot, store, runner)
    dialog = window.open_intake()
    assert isinstance(dialog, IntakeDialog)
    qtbot.waitUntil(lambda: "No reports are waiting" in dialog.status.text(), timeout=WAIT_MS)
    dialog.ask_file = lambda: bad
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Nothing was imported" in dialog.status.text(), timeout=WAIT_MS)
    box = dialog.problems_box
    assert box is not None and "reports[0].centre" in box.detailedText()
    box.close()
    dialog.ask_file = lambda: EXAMPLE
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 5, timeout=WAIT_MS)
    assert dialog.status.text().startswith("5 reports added to the queue")
