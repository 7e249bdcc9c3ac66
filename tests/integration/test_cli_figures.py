"""``hcdesk figures``, run as a real process on a profile of demo cases: the JSON's counts are
the cases' own (counted here from the store), the CSV and the PDF are written whole, and bad
input gets one clear line."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from clikit import hcdesk, one_clear_line
from pypdf import PdfReader
from testvalues import PASSPHRASE

from hcdesk import demo
from hcdesk.interchange import importer
from hcdesk.models import CaseFile
from hcdesk.store.store import Store


@pytest.fixture
def profile(make_store: Callable[..., Store]) -> Path:
    store = make_store("profile")
    with store.transaction(reason="test set-up") as s:
        importer.import_document(s, demo.generate(40, seed=5, today=dt.date(2026, 11, 25)))
    root = store.paths.root
    store.close()
    return root


def _strands(profile: Path, first: dt.date, last: dt.date) -> dict[str, int]:
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        cases = s.scalars(sa.select(CaseFile).where(CaseFile.voided_at.is_(None))).all()
        counted = collections.Counter(
            m.value
            for c in cases
            if first <= (c.reported_date or c.incident_date or c.created_at.date()) <= last
            for m in c.monitored_strands
        )
    return dict(counted)


def test_the_json_counts_the_cases_of_the_period(profile: Path) -> None:
    ran = hcdesk("figures", "--profile", profile, "--from", "01/01/2025", "--to", "31/12/2025",
                 "--json")  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    got = json.loads(ran.stdout)
    assert got["scope"] == {"from": "2025-01-01", "to": "2025-12-31", "team": None}
    want = _strands(profile, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert {k: v for k, v in got["cases_by_strand"].items() if v} == want and want
    assert set(got["cases_by_strand"]) == {
        "RACE", "RELIGION", "DISABILITY", "SEXUAL_ORIENTATION", "TRANSGENDER"
    }  # fmt: skip
    assert got["compliance"]["timely_updates"]["denominator"] > 0


def test_the_figures_go_to_a_csv_for_people(profile: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.csv"
    ran = hcdesk("figures", "--profile", profile, "--out", out)
    assert ran.returncode == 0, ran.stderr
    assert f"to {out}" in ran.stderr
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["Figure", "Item", "Value"]
    assert any(r[:2] == ["Cases by monitored strand", "Race"] for r in rows)
    months = [r[1] for r in rows if r[0] == "Cases by month"]
    assert months and all(dt.datetime.strptime(m, "%B %Y") for m in months)


def test_the_figures_go_to_a_pdf(profile: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.pdf"
    ran = hcdesk("figures", "--profile", profile, "--from", "01/01/2025", "--to", "31/12/2025",
                 "--out", out)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert f"to {out}" in ran.stderr
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    text = " ".join(text.split())
    assert "Counted for 01/01/2025 to 31/12/2025, all teams" in text
    want = _strands(profile, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert want["RACE"] and f"Race {want['RACE']}" in text


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--from", "01/02/2026", "--to", "01/01/2026"), "ends before it starts"),
        (("--team", " "), "--team needs a team name"),
        (("--out", "figures.txt"), "write the figures to a .csv or a .pdf file"),
    ],
)
def test_bad_input_gets_one_clear_line(
    profile: Path, args: tuple[str, ...], fragment: str
) -> None:
    one_clear_line(hcdesk("figures", "--profile", profile, *args), fragment)


def test_a_day_that_does_not_exist_is_told_before_anything_is_opened(profile: Path) -> None:
    ran = hcdesk("figures", "--profile", profile, "--from", "31/02/2026")
    assert ran.returncode == 2 and "Traceback" not in ran.stderr
    assert "--from: That date does not exist; check the day and month." in ran.stderr
