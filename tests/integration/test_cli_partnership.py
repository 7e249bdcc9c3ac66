"""``hcdesk partnership-export``, run as a real process on a profile of demo cases: the CSV and
the PDF hold no identifying value of any victim or case, a second pack for an overlapping
period is protected against the logged first one (and says so in one line), each pack is a
logged disclosure to the partnership, and bad input gets one clear line with nothing written."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from clikit import cli_env, hcdesk, one_clear_line
from pypdf import PdfReader
from testvalues import PASSPHRASE

from hcdesk import cli, demo
from hcdesk.casework import disclosure_control as dc
from hcdesk.casework import partnership_pack as pp
from hcdesk.interchange import importer
from hcdesk.models import AuditEvent, CaseFile, Person
from hcdesk.models.enums import AuditOperation, PersonRole
from hcdesk.store.store import Store

HIP = "Rugby Hate Incident Partnership"
YEAR = ("--from", "01/01/2025", "--to", "31/12/2025")
LONGER = ("--from", "01/01/2025", "--to", "15/01/2026")


@pytest.fixture
def profile(make_store: Callable[..., Store]) -> Path:
    store = make_store("profile")
    with store.transaction(reason="test set-up") as s:
        importer.import_document(s, demo.generate(200, seed=7, today=dt.date(2026, 11, 25)))
    root = store.paths.root
    store.close()
    return root


def identifiers(profile: Path) -> set[str]:
    """Every victim's name, postcode, phone and e-mail, and every case reference."""
    found: set[str] = set()
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        for p in s.scalars(sa.select(Person).where(Person.role == PersonRole.VICTIM)):
            found.update(v for v in (p.name, p.postcode, p.phone, p.email) if v)
            found.update(w for w in p.name.split() if len(w) > 3)  # a surname alone too
        for c in s.scalars(sa.select(CaseFile)):
            found.update(v for v in (c.urn, c.local_ref, c.crime_reference) if v)
    return found


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def logged(profile: Path) -> tuple[int, list[AuditEvent]]:
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        packs = s.execute(sa.text("SELECT count(*) FROM hip_pack")).scalar() or 0
        events = list(s.scalars(
            sa.select(AuditEvent).where(AuditEvent.operation == AuditOperation.DISCLOSURE)
        ))  # fmt: skip
        s.expunge_all()
    return int(packs), events


def test_the_pack_names_no_one(profile: Path, tmp_path: Path) -> None:
    out_csv, out_pdf = tmp_path / "pack.csv", tmp_path / "pack.pdf"
    for out in (out_csv, out_pdf):
        ran = hcdesk("partnership-export", "--profile", profile, *YEAR, "--out", out,
                     "--partnership", HIP)  # fmt: skip
        assert ran.returncode == 0, ran.stderr
        assert f"to {out}" in ran.stderr and "disclosure to the partnership" in ran.stderr
    text_csv = out_csv.read_text(encoding="utf-8-sig")
    text_pdf = pdf_text(out_pdf)
    words = identifiers(profile)
    assert len(words) > 300
    folded_csv, folded_pdf = text_csv.casefold(), text_pdf.casefold()
    leaks = sorted(w for w in words if w.casefold() in folded_csv or w.casefold() in folded_pdf)
    assert leaks == []
    # what is there: the header block, and one row per published value
    rows = list(csv.reader(io.StringIO(text_csv)))
    head = dict(r for r in rows[: rows.index([])])
    assert head["Partnership"] == HIP and head["Period"] == "01/01/2025 to 31/12/2025"
    assert head["Rounded"].startswith("No") and "1 to 9" in head["Threshold"]
    assert head["Protective marking"] == "OFFICIAL-SENSITIVE"
    body = rows[rows.index(list(pp.CSV_HEADER)) + 1:]
    assert {r[0] for r in body} == set(pp.TABLE_TITLES.values())
    for _table, _row, _col, value, note in body:
        if value == dc.HIDDEN_MARK:
            assert note in dc.REASON_LABELS.values()
        else:
            assert not 0 < int(value) < dc.THRESHOLD and note == ""
    assert any(r[3] == dc.HIDDEN_MARK for r in body)
    for words_in_pdf in ("OFFICIAL-SENSITIVE", HIP, "01/01/2025 to 31/12/2025", "Key to the marks",
                         dc.REASON_LABELS[dc.Reason.SMALL], "Cases by area"):
        assert words_in_pdf in text_pdf
    packs, events = logged(profile)
    assert packs == 2 and [e.recipient for e in events] == [HIP, HIP]
    assert all(e.details["format"] == pp.DISCLOSURE_FORMAT for e in events)


def test_a_second_pack_is_protected_against_the_first(profile: Path, tmp_path: Path) -> None:
    first = hcdesk("partnership-export", "--profile", profile, *YEAR, "--out",
                   tmp_path / "first.csv", "--partnership", HIP)  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "hidden so that" not in first.stderr
    second = hcdesk("partnership-export", "--profile", profile, *LONGER, "--out",
                    tmp_path / "second.csv", "--partnership", HIP.upper())  # fmt: skip
    assert second.returncode == 0, second.stderr
    lines = [ln for ln in second.stderr.splitlines() if "hidden so that" in ln]
    assert len(lines) == 1 and "01/01/2025 to 31/12/2025" in lines[0]
    with Store.open(profile, PASSPHRASE) as store, store.engine_or_raise().connect() as conn:
        packs = pp.logged_packs(conn, HIP)
    assert [p.period.end for p in packs] == [dt.date(2025, 12, 31), dt.date(2026, 1, 15)]
    for key, old in packs[0].tables.items():
        new = packs[1].tables[key]
        pair = pp.comparable(old, new)
        assert pair is not None and dc.differencing_risks(*pair) == [], key
        assert dc.audit(new) == [], key


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--from", "31/02/2026", "--to", "31/03/2026"), "--from: That date does not exist"),
        (("--from", "01/01/2026", "--to", "soon"), "--to:"),
        (("--from", "01/02/2026", "--to", "01/01/2026"), "ends before it starts"),
        ((*YEAR, "--partnership", "  "), "--partnership needs"),
    ],
)
def test_bad_input_gets_one_clear_line(
    profile: Path, tmp_path: Path, args: tuple[str, ...], fragment: str
) -> None:
    (folder := tmp_path / "out").mkdir()
    one_clear_line(hcdesk("partnership-export", "--profile", profile, *args, "--out",
                          folder / "pack.csv"), fragment)  # fmt: skip
    assert list(folder.iterdir()) == []


def test_an_unknown_kind_of_file_and_a_table_that_cannot_be_shared_write_nothing(
    profile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for key, value in cli_env().items():
        monkeypatch.setenv(key, value)
    (folder := tmp_path / "out").mkdir()
    out = folder / "pack.xlsx"
    assert cli.main(["partnership-export", "--profile", str(profile), *YEAR,
                     "--out", str(out)]) == 2  # fmt: skip
    err = capsys.readouterr().err.strip()
    assert err == "hcdesk: pack.xlsx: write the pack to a .csv or a .pdf file."

    def refuse(*_: object, **__: object) -> dc.PublishedTable:
        raise dc.DisclosureError("This table cannot be shared safely even with every count "
                                 "hidden.")  # fmt: skip

    monkeypatch.setattr(pp.dc, "protect", refuse)
    out = folder / "pack.pdf"
    status = cli.main(["partnership-export", "--profile", str(profile), *YEAR,
                       "--out", str(out)])  # fmt: skip
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert status != 0 and len(lines) == 1, lines
    assert lines[0].startswith("hcdesk: Cases by monitored strand: This table cannot be shared")
    assert "Nothing was written" in lines[0]
    assert list(folder.iterdir()) == []
    assert logged(profile) == (0, [])
