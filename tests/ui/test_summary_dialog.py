"""The court-summary dialog: Save PDF writes exactly the audited bytes, the marking override needs
a reason, and printing paints every page of the exported PDF onto the printer."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from diskkit import fill, listing, small_disk
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog
from uikit import WAIT_MS, open_main

from hcdesk import demo
from hcdesk.export.service import SummaryExport
from hcdesk.export.summary.render import SummaryPart
from hcdesk.interchange.importer import import_document
from hcdesk.models import AuditEvent
from hcdesk.models.enums import AuditOperation, ProtectiveMarking
from hcdesk.store.store import Store
from hcdesk.ui.mainwindow import MainWindow
from hcdesk.ui.summary_dialog import SummaryDialog
from hcdesk.ui.tasks import TaskRunner


def demo_case(store: Store) -> str:
    with store.transaction(reason="test set-up") as s:
        result = import_document(s, demo.generate(1, seed=3))
    return result.case_ids[0]


def newest_disclosure(store: Store, case_id: str) -> AuditEvent:
    with store.session() as s:
        event = s.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.operation == AuditOperation.DISCLOSURE, AuditEvent.case_id == case_id)
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.seq.desc())
            .limit(1)
        ).one()
        s.expunge(event)
        return event


def disclosures(store: Store, case_id: str) -> int:
    with store.session() as s:
        return int(
            s.scalar(
                sa.select(sa.func.count())
                .select_from(AuditEvent)
                .where(
                    AuditEvent.operation == AuditOperation.DISCLOSURE,
                    AuditEvent.case_id == case_id,
                )
            )
            or 0
        )


@pytest.fixture
def opened(qtbot: Any, store: Store, runner: TaskRunner) -> tuple[MainWindow, SummaryDialog, str]:
    """The main window with the demo case open and the summary dialog shown by Ctrl+P."""
    case_id = demo_case(store)
    window = open_main(qtbot, store, runner)
    window.open(case_id)
    qtbot.waitUntil(lambda: window.case_id == case_id, timeout=WAIT_MS)
    window.print_action.trigger()  # the pre-flight check (on a worker) comes first
    qtbot.waitUntil(lambda: isinstance(window.summary_dialog, SummaryDialog), timeout=WAIT_MS)
    dialog = window.summary_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    return window, dialog, case_id


def fill_in(dialog: SummaryDialog) -> None:
    """Recipient and reason, without which nothing can be exported."""
    dialog.recipient.setText("CPS West Midlands")
    dialog.reason.setText("file for first hearing")


def save_to(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, dialog: SummaryDialog, path: Path
) -> SummaryExport:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "PDF (*.pdf)"))
    )
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS * 2) as blocker:
        dialog.save_button.click()
        assert dialog.busy and dialog.progress.isVisible()
    assert not dialog.busy and not dialog.progress.isVisible()
    result = blocker.args[0]
    assert isinstance(result, SummaryExport)
    return result


def test_dialog_defaults_and_accessible_names(opened: Any) -> None:
    _window, dialog, case_id = opened
    assert dialog.case_id == case_id
    assert dialog.marking.currentData() == ProtectiveMarking.OFFICIAL_SENSITIVE
    assert not dialog.marking_reason.isVisible()
    dialog.marking.setCurrentIndex(dialog.marking.findData(ProtectiveMarking.OFFICIAL))
    assert dialog.marking_reason.isVisible()
    for w in (
        dialog.variant,
        dialog.parts,
        dialog.marking,
        dialog.marking_reason,
        dialog.recipient,
        dialog.reason,
        dialog.password,
        dialog.password_again,
        dialog.save_button,
        dialog.preview_button,
        dialog.print_button,
        dialog.progress,
    ):
        assert w.accessibleName(), w


def test_save_pdf_writes_exactly_the_audited_bytes(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, opened: Any, tmp_path: Path, store: Store
) -> None:
    _window, dialog, case_id = opened
    fill_in(dialog)
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "summary.pdf"
    result = save_to(qtbot, monkeypatch, dialog, path)
    event = newest_disclosure(store, case_id)
    assert listing(folder) == ["summary-annex.pdf", "summary.pdf"]
    written = [(path, "disclosable"), (folder / "summary-annex.pdf", "annex")]
    for (file, part), made, logged in zip(
        written, result.files, event.details["files"], strict=True
    ):
        data = file.read_bytes()
        assert data.startswith(b"%PDF") and data == made.data
        assert hashlib.sha256(data).hexdigest() == made.sha256 == logged["sha256"]
        assert logged["part"] == part and logged["file"] == file.name
        # the status line says which file was written, with its hash
        assert f"to {file.name} (SHA-256 {made.sha256})" in dialog.status.text()
    assert event.recipient == "CPS West Midlands"
    assert f"Summary version {result.version}" in dialog.status.text()


def test_the_disclosable_summary_alone_is_one_file(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, opened: Any, tmp_path: Path, store: Store
) -> None:
    _window, dialog, case_id = opened
    fill_in(dialog)
    dialog.parts.setCurrentIndex(dialog.parts.findData(SummaryPart.DISCLOSABLE.value))
    assert dialog.chosen_parts() == (SummaryPart.DISCLOSABLE,)
    folder = tmp_path / "out"
    folder.mkdir()
    result = save_to(qtbot, monkeypatch, dialog, folder / "to-serve.pdf")
    assert listing(folder) == ["to-serve.pdf"]
    assert [f["part"] for f in newest_disclosure(store, case_id).details["files"]] == [
        "disclosable"
    ]
    assert "Annex A" not in PdfReader(io.BytesIO(result.files[0].data)).pages[0].extract_text()


def test_export_needs_a_recipient_and_a_reason_and_says_so_at_the_field(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, opened: Any, store: Store
) -> None:
    _window, dialog, case_id = opened
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: pytest.fail("dialog opened"))
    )
    before = disclosures(store, case_id)
    buttons = (dialog.save_button, dialog.preview_button, dialog.print_button)
    assert not any(b.isEnabled() for b in buttons)
    assert dialog.recipient_error.isVisible() and dialog.reason_error.isVisible()
    assert "who receives it" in dialog.recipient_error.text()
    assert "why it is disclosed" in dialog.reason_error.text()
    dialog.recipient.setText("CPS West Midlands")
    assert not dialog.recipient_error.isVisible() and dialog.reason_error.isVisible()
    assert not any(b.isEnabled() for b in buttons)
    dialog.reason.setText("   ")  # spaces are no reason
    assert dialog.reason_error.isVisible() and not any(b.isEnabled() for b in buttons)
    dialog.save_button.click()  # a disabled button does nothing
    assert not dialog.busy
    dialog.reason.setText("file for first hearing")
    assert not dialog.reason_error.isVisible() and all(b.isEnabled() for b in buttons)
    dialog.recipient.clear()
    assert dialog.recipient_error.isVisible() and not any(b.isEnabled() for b in buttons)
    assert dialog.print_to(QPrinter()) is False  # refused before anything is exported
    assert disclosures(store, case_id) == before


def test_saving_onto_a_full_disk_says_so_and_leaves_nothing(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, opened: Any, tmp_path: Path, store: Store
) -> None:
    _window, dialog, case_id = opened
    fill_in(dialog)
    before = disclosures(store, case_id)
    with small_disk(tmp_path / "disk", 1024) as disk:
        fill(disk, leave_kib=16)  # the summary is several times that
        path = disk / "summary.pdf"
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "PDF"))
        )
        with qtbot.waitSignal(dialog.failed, timeout=WAIT_MS * 2) as blocker:
            dialog.save_button.click()
        assert blocker.args[0].startswith(f"Could not write {path}: the disk is full.")
        assert dialog.error.isVisible() and dialog.error.text() == blocker.args[0]
        assert not dialog.busy and dialog.save_button.isEnabled()
        assert listing(disk) == ["filler"]
    assert disclosures(store, case_id) == before


def test_changed_marking_without_reason_is_refused_at_the_field(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, opened: Any, store: Store
) -> None:
    _window, dialog, case_id = opened

    def no_dialog(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("the file dialog opened despite the missing reason")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(no_dialog))
    fill_in(dialog)
    before = disclosures(store, case_id)
    dialog.marking.setCurrentIndex(dialog.marking.findData(ProtectiveMarking.OFFICIAL))
    dialog.save_button.click()
    assert dialog.marking_error.isVisible()
    assert "reason" in dialog.marking_error.text().lower()
    assert not dialog.busy
    assert disclosures(store, case_id) == before


def test_mismatched_passwords_are_refused(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, opened: Any
) -> None:
    _window, dialog, _case_id = opened
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: pytest.fail("dialog opened"))
    )
    fill_in(dialog)
    dialog.password.setText("correct horse")
    dialog.password_again.setText("correct horsf")
    dialog.save_button.click()
    assert dialog.password_error.isVisible()
    assert not dialog.busy


@pytest.mark.parametrize("password", [None, "a long passphrase"])
def test_print_paints_every_page_of_the_exported_pdf(
    qtbot: Any, opened: Any, tmp_path: Path, store: Store, password: str | None
) -> None:
    _window, dialog, case_id = opened
    fill_in(dialog)
    if password:
        dialog.password.setText(password)
        dialog.password_again.setText(password)
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    with (
        qtbot.waitSignal(dialog.printed, timeout=WAIT_MS * 3) as printed,
        qtbot.waitSignal(dialog.exported, timeout=WAIT_MS * 3) as exported,
    ):
        assert dialog.print_to(printer)
    event = newest_disclosure(store, case_id)
    result = exported.args[0]
    assert result is dialog.last_export
    assert [f.sha256 for f in result.files] == [f["sha256"] for f in event.details["files"]]
    assert event.details["encrypted"] is bool(password)
    expected = 0
    for f in result.files:  # the disclosable summary, then the annex
        assert hashlib.sha256(f.data).hexdigest() == f.sha256
        reader = PdfReader(io.BytesIO(f.data))
        assert reader.is_encrypted is bool(password)
        if password:
            reader.decrypt(password)
        expected += len(reader.pages)
    assert len(result.files) == 2 and expected >= 2
    assert printed.args == [expected]
    assert len(PdfReader(str(out)).pages) == expected
