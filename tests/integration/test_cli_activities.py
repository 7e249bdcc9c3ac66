"""``hcdesk activity`` and ``hcdesk results-sheet``, run as real processes on a profile of demo
cases: an activity is recorded with its cases and listed as a table; each mistake gets one
clear line with nothing written; the public results sheet, parsed back from its PDF, shows no
count from 1 to 9, every count a multiple of 5 (the true counts rounded), no victim, case
reference or team, is marked OFFICIAL for publication once approved, and is a logged
disclosure to the communications team."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from clikit import hcdesk, one_clear_line
from pypdf import PdfReader
from testvalues import PASSPHRASE

from hcdesk import demo
from hcdesk.casework import activities as act
from hcdesk.casework import disclosure_control as dc
from hcdesk.casework import results_sheet as rs
from hcdesk.interchange import importer
from hcdesk.models import AuditEvent, CaseFile, Person, StrategyActivity, labels
from hcdesk.models.enums import AuditOperation, PersonRole, WorkArea
from hcdesk.store.store import Store

TODAY = dt.date(2026, 11, 25)
YEAR = ("--from", "01/01/2025", "--to", "31/12/2025")
START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.fixture
def profile(make_store: Callable[..., Store]) -> Path:
    store = make_store("profile")
    with store.transaction(reason="test set-up") as s:
        importer.import_document(s, demo.generate(200, seed=7, today=TODAY))
    root = store.paths.root
    store.close()
    return root


def a_case(profile: Path, n: int = 2) -> list[str]:
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        cases = s.scalars(
            sa.select(CaseFile).where(CaseFile.voided_at.is_(None)).order_by(CaseFile.id)
        ).all()
        return [c.reference for c in cases[:n]]


def activities_in(profile: Path) -> list[StrategyActivity]:
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        found = list(s.scalars(sa.select(StrategyActivity).order_by(StrategyActivity.number)))
        s.expunge_all()
    return found


def test_an_activity_is_recorded_and_listed(profile: Path) -> None:
    refs = a_case(profile)
    ran = hcdesk("activity", "add", "--profile", profile, "--theme", "Awareness week stall",
                 "--area", "awareness", "--date", "14/10/2025", "--partners", "Stop Hate UK",
                 "--audience", "Market shoppers", "--reach", "120", "--description",
                 "A stall in the market square.", "--case", refs[0], "--case", refs[1])  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("Recorded ACT-1: Awareness week stall (Raising awareness, "
                                 "14/10/2025); linked to ")  # fmt: skip
    ran = hcdesk("activity", "add", "--profile", profile, "--theme", "Assembly",
                 "--area", "prevention-education", "--date", "2025-03-02")  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    [first, second] = activities_in(profile)
    assert first.work_area is WorkArea.AWARENESS and first.reach == 120
    assert first.held_on == dt.date(2025, 10, 14) and len(first.case_ids) == 2
    assert first.recorded_by == "PC Test" and first.recorded_at is not None
    assert second.reach is None and second.case_ids == []

    listed = hcdesk("activity", "list", "--profile", profile, "--from", "01/01/2025")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0] == "2 activities (from 01/01/2025), reaching 120 people (where the reach " \
        "was recorded):"
    assert lines[1].split() == ["Number", "Date", "Work", "area", "Reach", "Theme"]
    assert lines[2].split()[:2] == ["ACT-2", "02/03/2025"]  # oldest first
    assert "Prevention through education" in lines[2] and lines[2].rstrip().endswith("Assembly")
    assert "Partners: Stop Hate UK" in listed.stdout and f"Cases: {refs[0]}, {refs[1]}" in \
        listed.stdout
    only = hcdesk("activity", "list", "--profile", profile, "--from", "01/10/2025",
                  "--to", "31/10/2025")  # fmt: skip
    assert "1 activity (01/10/2025 to 31/10/2025)" in only.stdout and "ACT-2" not in only.stdout

    gone = hcdesk("activity", "remove", "--profile", profile, "ACT-2", "--reason", "a mistake")
    assert gone.returncode == 0 and gone.stdout.startswith("Removed ACT-2: Assembly")
    assert [a.number for a in activities_in(profile)] == [1]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--theme", "  ", "--area", "awareness", "--date", "01/02/2025"),
         "Give the activity's theme"),
        (("--theme", "Talk", "--area", "outreach", "--date", "01/02/2025"),
         "choose from: awareness, prevention-education, building-trust, increased-reporting"),
        (("--theme", "Talk", "--area", "awareness", "--date", "30/02/2025"),
         "That date does not exist"),
        (("--theme", "Talk", "--area", "awareness", "--date", "01/02/2025", "--reach", "-5"),
         "0 or more"),
        (("--theme", "Talk", "--area", "awareness", "--date", "01/02/2025", "--reach", "lots"),
         "whole number"),
        (("--theme", "Talk", "--area", "awareness", "--date", "01/02/2025", "--case", "NO-SUCH"),
         "No case with the reference NO-SUCH"),
    ],
)  # fmt: skip
def test_each_mistake_gets_one_clear_line_and_nothing_is_recorded(
    profile: Path, args: tuple[str, ...], fragment: str
) -> None:
    one_clear_line(hcdesk("activity", "add", "--profile", profile, *args), fragment)
    assert activities_in(profile) == []


def identifiers(profile: Path) -> set[str]:
    """Every victim's name, postcode, phone and e-mail, every case reference, every team."""
    found: set[str] = set()
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        for p in s.scalars(sa.select(Person).where(Person.role == PersonRole.VICTIM)):
            found.update(v for v in (p.name, p.postcode, p.phone, p.email) if v)
            found.update(w for w in p.name.split() if len(w) > 3)  # a surname alone too
        for c in s.scalars(sa.select(CaseFile)):
            found.update(v for v in (c.urn, c.local_ref, c.crime_reference, c.team) if v)
    return found


def true_cases(profile: Path) -> int:
    """The live cases counting in the year, counted here from the ORM by the figures' rule."""
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        cases = s.scalars(
            sa.select(CaseFile).where(CaseFile.deleted.is_(False), CaseFile.voided_at.is_(None))
        ).all()
        days = [c.reported_date or c.incident_date or c.created_at.date() for c in cases]
    return sum(START <= d <= END for d in days)


def test_the_results_sheet_shows_only_rounded_counts_of_10_or_more(
    profile: Path, tmp_path: Path
) -> None:
    # 12 awareness events, 15 school sessions, 3 visits building trust (hidden: fewer than
    # 10) and 11 for reporting (the next smallest, hidden so that the 3 cannot be worked out).
    plan = {WorkArea.AWARENESS: 12, WorkArea.PREVENTION_EDUCATION: 15,
            WorkArea.BUILDING_TRUST: 3, WorkArea.INCREASED_REPORTING: 11}  # fmt: skip
    reach = 0
    with Store.open(profile, PASSPHRASE) as store:
        for area, n in plan.items():
            for i in range(n):
                act.add_activity(store, theme=f"Event {i}", area=area, by="PC", reach=20 + i,
                                 held_on=dt.date(2025, 1 + i % 12, 10))  # fmt: skip
                reach += 20 + i
    out = tmp_path / "sheet.pdf"
    ran = hcdesk("results-sheet", "--profile", profile, *YEAR, "--out", out)
    assert ran.returncode == 0, ran.stderr
    assert f"to {out}" in ran.stderr and "communications team has approved" in ran.stderr
    pages = [p.extract_text() for p in PdfReader(out).pages]
    text = "\n".join(pages)
    flat = " ".join(text.split())

    # Every figure's row, read back: the hidden mark or a multiple of 5 that is not 1 to 9.
    rows = {
        *(dt.date(2025, m, 1).strftime("%B %Y") for m in range(1, 13)),
        *(labels.label(m) for m in WorkArea), rs.STATED, rs.NOT_STATED, rs.ALL_CONVICTIONS,
        rs.TOTAL, rs.REACHED, "Race", "Religion", "Disability", "Sexual orientation",
    }  # fmt: skip
    seen: dict[str, list[str]] = {}
    lines = [ln.strip() for ln in text.splitlines()]
    for label, value in itertools.pairwise(lines):  # a cell, then the one beside it
        if label in rows:
            assert re.fullmatch(r"[\d,]+|\[c\]", value), (label, value)
            seen.setdefault(label, []).append(value)
    assert set(seen) == rows, rows - set(seen)
    values = [v for vs in seen.values() for v in vs]
    shown = [int(v.replace(",", "")) for v in values if v != dc.HIDDEN_MARK]
    assert shown and all(n % 5 == 0 and not 0 < n < dc.THRESHOLD for n in shown)
    assert dc.HIDDEN_MARK in values
    by_area = {area: seen[labels.label(area)] for area in plan}
    assert by_area[WorkArea.BUILDING_TRUST] == [dc.HIDDEN_MARK]  # 3
    assert by_area[WorkArea.INCREASED_REPORTING] == [dc.HIDDEN_MARK]  # else 3 = total - rest
    assert by_area[WorkArea.AWARENESS] == ["10"] and by_area[WorkArea.PREVENTION_EDUCATION] == [
        "15"
    ]  # 12 and 15, rounded
    assert seen[rs.REACHED] == [f"{dc.round_to_base(reach):,}"]
    assert seen[rs.TOTAL][0] == f"{dc.round_to_base(true_cases(profile)):,}"  # the months'

    # And anywhere on the page, once dates, times, page numbers and the sentences that state
    # the rules are set aside: no number from 1 to 9, every number a multiple of 5.
    rest = flat
    for sentence in (rs.ROUNDING, rs.HIDDEN):
        rest = rest.replace(" ".join(sentence.split()), " ")
    for pattern in (r"\d{2}/\d{2}/\d{4}", r"\d{2}:\d{2}", r"Page \d+ of \d+",
                    r"hcdesk \d+\.\d+\.\d+", r"Export [0-9a-f]+", r"\b(?:19|20)\d\d\b",
                    r"\d+%"):  # fmt: skip
        rest = re.sub(pattern, " ", rest)
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\b\d[\d,]*\b", rest)]
    assert numbers and all(n % 5 == 0 and not 0 < n < dc.THRESHOLD for n in numbers), numbers

    words = identifiers(profile)
    assert len(words) > 300
    folded = flat.casefold()
    assert sorted(w for w in words if w.casefold() in folded) == []
    for fragment in ("OFFICIAL", "for publication once approved by the communications team",
                     rs.TITLE, "01/01/2025 to 31/12/2025"):  # fmt: skip
        assert fragment in flat
    assert "OFFICIAL-SENSITIVE" not in flat

    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        events = s.scalars(
            sa.select(AuditEvent).where(AuditEvent.operation == AuditOperation.DISCLOSURE)
        ).all()
        assert [e.recipient for e in events] == [rs.RECIPIENT]
        assert events[0].details["format"] == rs.DISCLOSURE_FORMAT
        assert events[0].details["rounded"] is True


@pytest.mark.parametrize(
    ("args", "name", "fragment"),
    [
        (("--from", "31/02/2025", "--to", "31/03/2025"), "s.pdf", "--from: That date does not"),
        (("--from", "01/02/2025", "--to", "01/01/2025"), "s.pdf", "ends before it starts"),
        (YEAR, "s.csv", "write the results sheet to a .pdf file"),
    ],
)
def test_a_bad_sheet_request_gets_one_clear_line_and_writes_nothing(
    profile: Path, tmp_path: Path, args: tuple[str, ...], name: str, fragment: str
) -> None:
    (folder := tmp_path / "out").mkdir()
    one_clear_line(hcdesk("results-sheet", "--profile", profile, *args, "--out",
                          folder / name), fragment)  # fmt: skip
    assert list(folder.iterdir()) == []
