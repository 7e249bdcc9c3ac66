"""``hcdesk intake``, ``hcdesk triage`` and ``hcdesk intake-outcomes`` run as real processes on
a real encrypted profile (docs/third-party-reports.md)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from clikit import count, hcdesk, one_clear_line

from hcdesk.casework.cases import new_case
from hcdesk.models import CaseFile, Person
from hcdesk.models.enums import PersonRole, RecordType
from hcdesk.models.intake import ThirdPartyReport
from hcdesk.store.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_JSON = ROOT / "docs" / "examples" / "third-party-reports.json"
EXAMPLE_CSV = ROOT / "docs" / "examples" / "third-party-reports.csv"
REF = "L-TEST-000001"


@pytest.fixture
def profile(make_store: Callable[..., Store]) -> Path:
    """A profile with one case: Leyla Demir's, two days before the first example report."""
    store = make_store("profile")
    with store.transaction(reason="test set-up") as s:
        case = new_case(
            s, RecordType.HATE_CRIME, incident_date=dt.date(2026, 2, 25), place="Leamington"
        )
        case.local_ref = REF
        s.flush()
        s.add(Person(case_id=case.id, role=PersonRole.VICTIM, name="Leyla Demir"))
    root = store.paths.root
    store.close()
    return root


def test_intake_queues_reports_flags_duplicates_and_is_idempotent(profile: Path) -> None:
    ran = hcdesk("intake", EXAMPLE_JSON, "--profile", profile)
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0] == (
        "Queued 5 reports from third-party-reports.json (TPR-1 to TPR-5); none was in the "
        "queue already."
    )
    flagged = [line for line in lines if "may be about case" in line]
    assert flagged == [
        f"TPR-1 (Stop Hate UK SHUK-2026-00412) may be about case {REF}: same victim name, "
        "Leyla Demir; same place, Leamington; incident 2 days apart"
    ]
    again = hcdesk("intake", EXAMPLE_CSV, "--profile", profile)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == (
        "Queued 0 reports from third-party-reports.csv; 5 were in the queue already and not "
        "added again."
    )
    assert "  Stop Hate UK SHUK-2026-00412: already in the queue as TPR-1." in again.stdout
    assert count(profile, ThirdPartyReport) == 5
    assert count(profile, CaseFile) == 1  # reports never go straight into cases

    listed = hcdesk("intake", "--list", "--profile", profile)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("5 reports, 5 awaiting triage:")
    assert "TPR-3  received 04/03/2026  Tell MAMA TM-5501" in listed.stdout


def test_a_bad_file_imports_nothing_and_lists_each_problem(profile: Path, tmp_path: Path) -> None:
    doc = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    doc["reports"][2]["postcode_area"] = "CV34 4AB"
    doc["reports"][4]["centre"] = "SOMEWHERE"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    ran = hcdesk("intake", bad, "--profile", profile)
    assert ran.returncode == 4
    assert "Traceback" not in ran.stderr + ran.stdout
    assert ran.stderr.splitlines() == [
        "hcdesk: the report file has 2 problems; nothing was saved",
        "  reports[2].postcode_area: is a full postcode; give the area or district, e.g. CV34",
        "  reports[4].centre: must be one of TRUE_VISION, STOP_HATE_UK, TELL_MAMA, CST, GALOP, "
        "EQUIP_WARWICKSHIRE, OTHER",
    ]
    assert count(profile, ThirdPartyReport) == 0


def test_triage_and_outcomes(profile: Path, tmp_path: Path) -> None:
    assert hcdesk("intake", EXAMPLE_JSON, "--profile", profile).returncode == 0
    opened = hcdesk("triage", "TPR-1", "--outcome", "new-case", "--profile", profile)
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.startswith(
        "TPR-1 (Stop Hate UK SHUK-2026-00412) triaged as new case opened: case L-"
    )
    assert count(profile, CaseFile) == 2
    linked = hcdesk(
        "triage", "TPR-4", "--outcome", "linked-to-case", "--case", REF, "--profile", profile
    )
    assert linked.returncode == 0, linked.stderr
    assert f"triaged as linked to an existing case: case {REF}." in linked.stdout

    one_clear_line(
        hcdesk("triage", "TPR-2", "--outcome", "record-only", "--profile", profile),
        "Give the reason",
    )
    assert hcdesk(
        "triage", "TPR-2", "--outcome", "record-only", "--reason", "Too little to act on",
        "--profile", profile,
    ).returncode == 0  # fmt: skip
    again = hcdesk("triage", "TPR-2", "--outcome", "new-case", "--profile", profile)
    assert one_clear_line(again, "triaged already") and again.returncode == 2
    assert one_clear_line(
        hcdesk("triage", "TPR-77", "--outcome", "new-case", "--profile", profile), "No report"
    )
    assert one_clear_line(
        hcdesk("triage", "TPR-3", "--outcome", "perhaps", "--profile", profile),
        "Choose the outcome",
    )
    assert one_clear_line(
        hcdesk("triage", "TPR-3", "--outcome", "linked", "--profile", profile), "Give the case"
    )

    out = tmp_path / "stop-hate-uk.csv"
    ran = hcdesk("intake-outcomes", "--centre", "stop-hate-uk", "--out", out, "--profile", profile)
    assert ran.returncode == 0, ran.stderr
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "Your reference,Received,Outcome,Date triaged"
    assert rows[1].startswith("SHUK-2026-00412,2026-03-02T14:05:00Z,New case opened,")
    all_out = tmp_path / "equip.csv"
    assert hcdesk(
        "intake-outcomes", "--centre", "equip-warwickshire", "--out", all_out,
        "--profile", profile,
    ).returncode == 0  # fmt: skip
    for f in (out, all_out):
        data = f.read_bytes()
        for secret in (b"Leyla", b"Demir", b"Okafor", b"07700", b"@example.org", b"L-"):
            assert secret not in data, (f.name, secret)
    assert one_clear_line(
        hcdesk("intake-outcomes", "--centre", "nowhere", "--out", out, "--profile", profile),
        "Choose the centre",
    )
    assert hcdesk("audit", "verify", "--profile", profile).returncode == 0


def test_bad_usage_is_one_clear_line(profile: Path, tmp_path: Path) -> None:
    one_clear_line(hcdesk("intake", "--profile", profile), "Give the file of reports")
    one_clear_line(hcdesk("intake", EXAMPLE_JSON, "--list", "--profile", profile), "not both")
    folder = hcdesk("intake", tmp_path, "--profile", profile)
    assert folder.returncode == 4 and "is a folder" in folder.stderr
    assert "Traceback" not in folder.stderr
    missing = hcdesk("intake", EXAMPLE_JSON, "--profile", tmp_path / "no-profile")
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
    assert not (tmp_path / "no-profile").exists()
