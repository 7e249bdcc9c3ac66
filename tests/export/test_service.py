"""Exporting the court summary: the disclosure audit event, marking overrides, passwords, CLI."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError
from testvalues import FAST_KDF, PASSPHRASE

from hcdesk import cli, demo
from hcdesk.errors import HcdeskError, UsageError
from hcdesk.export.service import export_summary
from hcdesk.interchange import importer
from hcdesk.models import AuditEvent
from hcdesk.models.enums import AuditOperation
from hcdesk.store import audit
from hcdesk.store.store import Store

URN = "23WK1710025"
WHO = {"recipient": "CPS West Midlands", "reason": "file for first hearing"}
LOCAL_ONLY = "L-DEMO-000001"  # demo case 1 has no URN yet


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("export") / "profile"
    st = Store.create(path, PASSPHRASE, kdf=FAST_KDF, officer="PC 4321 Exporter")
    with st.transaction(reason="test data") as s:
        importer.import_document(s, demo.generate(21, seed=1, today=dt.date(2026, 3, 1)))
    st.close()
    yield path


@pytest.fixture
def store(profile: Path) -> Iterator[Store]:
    st = Store.open(profile, PASSPHRASE)
    yield st
    st.close()


def _disclosures(store: Store) -> list[AuditEvent]:
    with store.session() as s:
        events = s.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.operation == AuditOperation.DISCLOSURE)
            .order_by(AuditEvent.seq)
        ).all()
        s.expunge_all()
        return list(events)


def _text(pdf: bytes, password: str | None = None) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    if password is not None:
        reader.decrypt(password)
    return [p.extract_text() for p in reader.pages]


def test_the_disclosure_event_holds_the_hash_of_the_bytes_returned(store: Store) -> None:
    before = len(_disclosures(store))
    result = export_summary(store, URN, "cps", **WHO)
    events = _disclosures(store)
    assert len(events) == before + 1
    ev = events[-1]
    assert ev.details["files"] == [
        {"part": f.part.value, "file": None, "sha256": f.sha256, "bytes": len(f.data)}
        for f in result.files
    ]
    assert [f.part.value for f in result.files] == ["disclosable", "annex"]
    assert all(f.sha256 == hashlib.sha256(f.data).hexdigest() for f in result.files)
    assert ev.details["variant"] == "cps"
    assert ev.details["version"] == result.version
    assert ev.details["marking"] == "OFFICIAL_SENSITIVE"
    assert ev.recipient == "CPS West Midlands"
    assert ev.reason == "file for first hearing"
    assert ev.actor == "PC 4321 Exporter"
    # the export id printed on every page is the one in the audit trail
    export_id = str(ev.details["export_id"])
    assert all(export_id in page for f in result.files for page in _text(f.data))
    with store.session() as s:
        assert audit.verify(s).ok


def test_a_case_without_a_urn_is_found_and_printed_by_its_local_reference(store: Store) -> None:
    [full] = export_summary(store, LOCAL_ONLY, "full", **WHO).files
    assert full.part.value == "full"
    pages = _text(full.data)
    assert all(f"Local ref {LOCAL_ONLY}" in page for page in pages)


def test_a_marking_override_is_printed_and_recorded_with_its_reason(store: Store) -> None:
    result = export_summary(
        store,
        URN,
        "cps",
        marking="OFFICIAL",
        marking_reason="Force policy: routine file, no special-category detail",
        recipient="CPS",
        reason="trial",
    )
    pdf = result.file("disclosable").data
    for f in result.files:
        for page in _text(f.data):
            assert "OFFICIAL-SENSITIVE" not in page
            assert page.count("OFFICIAL") >= 2
    ev = _disclosures(store)[-1]
    assert [f["sha256"] for f in ev.details["files"]] == [f.sha256 for f in result.files]
    assert ev.details["marking"] == "OFFICIAL"
    assert ev.details["marking_reason"] == "Force policy: routine file, no special-category detail"
    assert "set for this export: Force policy" in " ".join(_text(pdf))


def test_an_override_without_a_reason_is_refused_and_nothing_is_logged(store: Store) -> None:
    before = len(_disclosures(store))
    with pytest.raises(UsageError, match="reason"):
        export_summary(store, URN, "cps", marking="OFFICIAL", **WHO)
    with pytest.raises(UsageError):
        export_summary(store, URN, "cps", marking="SECRET", marking_reason="x", **WHO)
    with pytest.raises(UsageError):
        export_summary(store, URN, "everything", **WHO)
    with pytest.raises(HcdeskError, match="No case"):
        export_summary(store, "NO-SUCH-CASE", "cps", **WHO)
    assert len(_disclosures(store)) == before


def test_a_password_protected_pdf_opens_only_with_the_password(store: Store) -> None:
    result = export_summary(
        store, URN, "cps", recipient="CPS", reason="emailed", password="s3cret-Pa55"
    )
    logged = _disclosures(store)[-1].details
    assert [f.sha256 for f in result.files] == [f["sha256"] for f in logged["files"]]
    assert logged["encrypted"] is True
    for f in result.files:  # each file is encrypted on its own
        assert PdfReader(io.BytesIO(f.data)).is_encrypted
    pdf = result.file("disclosable").data
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"].get_object()
    assert encrypt["/V"] == 5 and encrypt["/R"] == 6  # AES-256
    assert encrypt["/CF"]["/StdCF"]["/CFM"] == "/AESV3"
    with pytest.raises(FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert not PdfReader(io.BytesIO(pdf)).decrypt("wrong password")
    pages = _text(pdf, "s3cret-Pa55")
    assert "HOSTILITY AGGRAVATION" in pages[0]
    with pytest.raises(UsageError, match="at least 8"):
        export_summary(store, URN, "cps", password="short", **WHO)


CLI_WHO = ("--recipient", "CPS West Midlands", "--reason", "file for first hearing")


def _run(monkeypatch: pytest.MonkeyPatch, *argv: Any) -> int:
    monkeypatch.setenv("HCDESK_PASSPHRASE", PASSPHRASE)
    return cli.main([str(a) for a in argv])


def test_the_summary_command_writes_the_pdf_and_logs_its_hash(
    profile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "summary.pdf"
    status = _run(
        monkeypatch,
        "summary",
        URN,
        "--profile",
        profile,
        "--out",
        out,
        "--variant",
        "full",
        "--recipient",
        "CPS Area",
        "--reason",
        "review",
    )
    assert status == 0
    data = out.read_bytes()
    with Store.open(profile, PASSPHRASE) as st:
        ev = _disclosures(st)[-1]
    assert ev.details["files"] == [
        {
            "part": "full",
            "file": "summary.pdf",
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
        }
    ]
    assert ev.details["variant"] == "full"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.pdf"]  # one file
    assert "INTERNAL FULL VERSION" in _text(data)[0]


def test_the_summary_command_encrypts_with_a_password_from_the_environment(
    profile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "locked.pdf"
    monkeypatch.setenv("HCDESK_PDF_PASSWORD", "correct-horse-9")
    argv = ["summary", URN, "--profile", profile, "--out", out, "--password", *CLI_WHO]
    assert _run(monkeypatch, *argv) == 0
    for path in (out, tmp_path / "locked-annex.pdf"):
        reader = PdfReader(io.BytesIO(path.read_bytes()))
        assert reader.is_encrypted and reader.decrypt("correct-horse-9")


def test_the_summary_command_refuses_bad_input_clearly(
    profile: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "x.pdf"
    assert _run(monkeypatch, "summary", "NOPE", "--profile", profile, "--out", out, *CLI_WHO) != 0
    assert "No case with the reference NOPE" in capsys.readouterr().err
    assert (
        _run(
            monkeypatch,
            "summary",
            URN,
            "--profile",
            profile,
            "--out",
            out,
            "--marking",
            "official",
            *CLI_WHO,
        )
        == 2
    )
    assert "--marking-reason" in capsys.readouterr().err
    assert (
        _run(
            monkeypatch,
            "summary",
            URN,
            "--profile",
            profile,
            "--out",
            tmp_path / "missing" / "x.pdf",
            *CLI_WHO,
        )
        == 2
    )
    assert not out.exists()


def test_the_whole_banner_is_on_page_one_even_for_crowded_cases(store: Store) -> None:
    """The five demo cases with the most people and evidence (the longest section 1)."""
    from hcdesk.casework.cases import find_case
    from hcdesk.export.summary.build import build_summary_data
    from hcdesk.export.summary.render import render_summary
    from hcdesk.models import CaseFile

    with store.transaction() as s:
        cases = s.scalars(sa.select(CaseFile)).all()
        crowded = sorted(cases, key=lambda c: -(len(c.people) + len(c.evidence)))[:5]
        refs = [c.reference for c in crowded]
        datas = [
            build_summary_data(s, find_case(s, ref).id, variant)
            for ref, variant in zip(refs, ["cps", "full"] * 3, strict=False)
        ]
    for data in datas:
        page1 = " ".join(_text(render_summary(data))[0].split())
        assert "HOSTILITY" in page1, data.reference
        last = " ".join((data.banner.statements or [data.banner.items[-1].value])[-1].split())
        assert last[-60:] in page1, data.reference


def test_the_summary_command_does_not_create_a_mistyped_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "mistyped"
    status = _run(
        monkeypatch, "summary", URN, "--profile", missing, "--out", tmp_path / "x.pdf", *CLI_WHO
    )
    assert status != 0
    assert "no hcdesk profile" in capsys.readouterr().err.lower()
    assert not missing.exists() and not (tmp_path / "x.pdf").exists()


def test_the_store_takes_other_writes_while_the_summary_is_rendered(profile: Path) -> None:
    """Only the audit event is written under the store's write lock. While the PDF is laid out
    and encrypted, another thread's save commits at once instead of waiting for the export (it
    would wait out its busy timeout and fail if the export held the lock)."""
    from hcdesk.casework.casefile import remember_open_case
    from hcdesk.casework.cases import find_case
    from hcdesk.export.service import ExportStep
    from hcdesk.models import SyncState

    steps: list[ExportStep] = []
    saved: dict[ExportStep, float] = {}
    errors: list[BaseException] = []

    with Store.open(profile, PASSPHRASE, busy_wait_s=2.0) as st:
        with st.session() as s:
            other_case = find_case(s, LOCAL_ONLY).id

        def save_elsewhere(step: ExportStep) -> None:
            """Another officer's save, in its own thread, with the store's own busy timeout."""
            started = time.monotonic()
            try:
                with st.transaction(reason="another officer's save") as s:
                    remember_open_case(s, other_case)
            except BaseException as exc:
                errors.append(exc)
            else:
                saved[step] = time.monotonic() - started

        def progress(step: ExportStep) -> None:
            steps.append(step)
            if step in (ExportStep.RENDER, ExportStep.ENCRYPT):
                worker = threading.Thread(target=save_elsewhere, args=(step,))
                worker.start()
                worker.join(timeout=30)
                assert not worker.is_alive()

        before = len(_disclosures(st))
        result = export_summary(st, URN, "cps", **WHO, password="long-enough-1", progress=progress)
        assert errors == [], errors
        assert set(saved) == {ExportStep.RENDER, ExportStep.ENCRYPT}
        assert all(seconds < st.busy_wait_s for seconds in saved.values()), saved
        assert steps == [ExportStep.READ, ExportStep.RENDER, ExportStep.ENCRYPT, ExportStep.RECORD]
        events = _disclosures(st)
        assert len(events) == before + 1
        assert [f["sha256"] for f in events[-1].details["files"]] == [
            hashlib.sha256(f.data).hexdigest() for f in result.files
        ]
        with st.session() as s:
            assert s.get(SyncState, "ui.last_case") is not None  # the other save is there
            assert audit.verify(s).ok


def test_a_summary_written_to_a_file_is_staged_before_the_event_and_published_after(
    store: Store, tmp_path: Path
) -> None:
    """The file exists in full under a temporary name while the disclosure is recorded, and
    under its own name only once the event has committed."""
    from hcdesk.export.service import ExportStep

    out = tmp_path / "summary.pdf"
    seen: dict[ExportStep, list[str]] = {}

    def progress(step: ExportStep) -> None:
        seen[step] = sorted(p.name for p in tmp_path.iterdir())

    before = len(_disclosures(store))
    result = export_summary(store, URN, "cps", **WHO, write_to=out, progress=progress)
    assert seen[ExportStep.STAGE] == []  # nothing on disk before the files are staged
    staged = seen[ExportStep.RECORD]
    assert len(staged) == 2 and not {out.name, "summary-annex.pdf"} & set(staged)
    assert out.read_bytes() == result.file("disclosable").data
    assert (tmp_path / "summary-annex.pdf").read_bytes() == result.file("annex").data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary-annex.pdf", out.name]
    events = _disclosures(store)
    assert len(events) == before + 1
    assert [(f["part"], f["file"]) for f in events[-1].details["files"]] == [
        ("disclosable", "summary.pdf"),
        ("annex", "summary-annex.pdf"),
    ]
