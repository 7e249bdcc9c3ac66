"""Third-party reporting intake (docs/third-party-reports.md): the format, the queue, likely
duplicates, triage and the outcomes sent back to a centre, over a real encrypted store."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator, FormatChecker
from testvalues import PASSPHRASE

from hcdesk.casework import intake
from hcdesk.casework.cases import new_case
from hcdesk.errors import NotFound, UsageError, ValidationFailed
from hcdesk.interchange import thirdparty
from hcdesk.models import CaseFile, Person, labels
from hcdesk.models.audit import AuditEvent
from hcdesk.models.enums import (
    AuditOperation,
    PerceivedBy,
    PersonRole,
    RecordType,
    ReportingCentre,
    TriageOutcome,
)
from hcdesk.models.intake import ThirdPartyReport
from hcdesk.store import audit
from hcdesk.store.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_JSON = ROOT / "docs" / "examples" / "third-party-reports.json"
EXAMPLE_CSV = ROOT / "docs" / "examples" / "third-party-reports.csv"
DOCS = ROOT / "docs" / "third-party-reports.md"
NAMES = ("Leyla Demir", "Daniel Okafor")
CONTACTS = ("07700 900123", "d.okafor@example.org")


def _example() -> dict[str, Any]:
    return json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))


def _write_json(path: Path, reports: list[dict[str, Any]]) -> Path:
    doc = {"format": thirdparty.FORMAT, "version": thirdparty.VERSION, "reports": reports}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _write_csv(path: Path, reports: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([f.key for f in thirdparty.FIELDS])
        for r in reports:
            row = []
            for f in thirdparty.FIELDS:
                v = r.get(f.key)
                if isinstance(v, bool):
                    row.append("yes" if v else "no")
                elif isinstance(v, list):
                    row.append(";".join(v))
                else:
                    row.append("" if v is None else str(v))
            writer.writerow(row)
    return path


def _queue_count(store: Store) -> int:
    with store.session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(ThirdPartyReport)) or 0


# -- the format ---------------------------------------------------------------------------------
def test_committed_schema_is_the_generated_one_and_the_example_is_valid() -> None:
    committed = thirdparty.SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == thirdparty.schema_text(), (
        "third-party-report-v1.schema.json is out of date: run "
        "`python -m hcdesk.interchange.thirdparty --write`"
    )
    Draft202012Validator.check_schema(thirdparty.build_schema())
    validator = Draft202012Validator(thirdparty.build_schema(), format_checker=FormatChecker())
    assert list(validator.iter_errors(_example())) == []


def test_docs_field_table_is_the_generated_one() -> None:
    text = DOCS.read_text(encoding="utf-8")
    begin = text.index("<!-- BEGIN GENERATED FIELDS")
    begin = text.index("\n", begin) + 1
    end = text.index("<!-- END GENERATED FIELDS -->")
    assert text[begin:end].strip("\n") + "\n" == thirdparty.markdown_tables(), (
        "the field table in docs/third-party-reports.md is out of date: paste the output of "
        "`python -m hcdesk.interchange.thirdparty --markdown` between the markers"
    )
    for needle in ("hcdesk intake FILE --profile DIR", "examples/third-party-reports.csv"):
        assert needle in text


def test_csv_and_json_give_the_same_reports() -> None:
    from_json = intake.check_file(EXAMPLE_JSON).reports
    from_csv = intake.check_file(EXAMPLE_CSV).reports
    assert len(from_json) == 5
    assert from_csv == from_json
    first = from_json[0]
    assert first["centre"] is ReportingCentre.STOP_HATE_UK
    assert first["postcode_area"] == "CV34 4"
    assert first["received_at"] == dt.datetime(2026, 3, 2, 14, 5, tzinfo=dt.UTC)


def _bad_rows() -> list[dict[str, Any]]:
    """The example's reports, with one bad report planted among the good ones (index 3)."""
    reports = _example()["reports"]
    bad = dict(reports[1])  # an anonymous witness report
    bad.update(
        centre_reference="TV-99999",
        postcode_area="CV34 4AB",
        victim_name="Someone Named",
        consent_to_contact=True,
        incident_date="2026-02-30",
    )
    bad.pop("monitored_strands")
    return [*reports[:3], bad, *reports[3:]]


EXPECTED_PROBLEMS = [
    "reports[3].incident_date: not a date (give YYYY-MM-DD)",
    "reports[3].postcode_area: is a full postcode; give the area or district, e.g. CV34",
    "reports[3].monitored_strands: " + thirdparty.NO_STRAND,
    "reports[3].victim_name: must be left out of an anonymous report",
    "reports[3].preferred_channel: is required when consent_to_contact is true",
]


@pytest.mark.parametrize("form", ["json", "csv"])
def test_a_bad_report_among_good_ones_imports_nothing(
    form: str, store: Store, tmp_path: Path
) -> None:
    write = _write_json if form == "json" else _write_csv
    path = write(tmp_path / f"reports.{form}", _bad_rows())
    with pytest.raises(ValidationFailed) as refused:
        intake.check_file(path)
    assert sorted(refused.value.problems) == sorted(EXPECTED_PROBLEMS)
    with pytest.raises(ValidationFailed):
        intake.import_reports(store, path, "PC Test")
    assert _queue_count(store) == 0


def test_whole_file_refusals_are_one_line(tmp_path: Path) -> None:
    cases = {
        "not-json.json": b"{not json",
        "latin1.csv": "centre\nSTOP_HATE_UK caf\xe9\n".encode("latin-1"),
        "other.txt": b"hello",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ValidationFailed) as refused:
            intake.check_file(path)
        assert len(refused.value.problems) == 1, name
    with pytest.raises(ValidationFailed, match="problem"):
        intake.check_file(tmp_path)  # a folder
    with pytest.raises(ValidationFailed) as missing:
        intake.check_file(tmp_path / "nowhere.json")
    assert "cannot read" in missing.value.problems[0]


def test_rules_between_fields(tmp_path: Path) -> None:
    reports = _example()["reports"]
    other = dict(reports[4])
    other.pop("centre_name")
    twice = dict(reports[0])
    email = dict(reports[3])
    email.pop("victim_email")
    backwards = dict(reports[2], incident_end_date="2026-02-01")
    path = _write_json(tmp_path / "r.json", [other, reports[0], twice, email, backwards])
    with pytest.raises(ValidationFailed) as refused:
        intake.check_file(path)
    problems = refused.value.problems
    assert "reports[0].centre_name: " + thirdparty.NAME_FOR_OTHER in problems
    assert "reports[3].preferred_channel: needs victim_email (the report has none)" in problems
    assert "reports[4].incident_end_date: is before incident_date" in problems
    # A reference given twice is told only once the reports are otherwise fine.
    fine = _write_json(tmp_path / "twice.json", [reports[0], twice])
    with pytest.raises(ValidationFailed) as again:
        intake.check_file(fine)
    assert again.value.problems == [
        "reports[1].centre_reference: is given twice in this file (also at reports[0])"
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"postcode_area": "CV34 4AB"},
        {"centre": "NOT_A_CENTRE"},
        {"anonymous": True},  # the report names the victim
        {"consent_to_contact": False},  # and still gives a channel
        {"monitored_strands": []},
    ],
)
def test_the_schema_and_the_check_both_refuse(change: dict[str, Any], tmp_path: Path) -> None:
    report = dict(_example()["reports"][0], **change)
    doc = {"format": thirdparty.FORMAT, "version": 1, "reports": [report]}
    validator = Draft202012Validator(thirdparty.build_schema(), format_checker=FormatChecker())
    assert list(validator.iter_errors(doc)), f"the schema accepts {change}"
    with pytest.raises(ValidationFailed):
        intake.check_file(_write_json(tmp_path / "r.json", [report]))


def test_postcode_areas() -> None:
    assert thirdparty.postcode_district("cv34  4") == "CV34"
    assert thirdparty.postcode_district("CV34 4AB") == "CV34"
    assert thirdparty.postcode_district("CV") is None
    assert thirdparty.districts_in("12 Regent Street, Leamington Spa CV32 4AB") == {"CV32"}


# -- the queue ------------------------------------------------------------------------------------
@pytest.fixture
def casework(store: Store) -> Store:
    """A store with three live cases: Leyla Demir's, near the first example report's date; a
    case in Rugby a month later; and a voided case about Leyla Demir."""
    with store.transaction(reason="test set-up") as s:
        near = new_case(
            s,
            RecordType.HATE_CRIME,
            incident_date=dt.date(2026, 2, 25),
            place="Leamington Spa town centre",
        )
        near.local_ref = "L-TEST-000001"
        s.flush()
        later = new_case(
            s, RecordType.HATE_CRIME, incident_date=dt.date(2026, 4, 20), place="Rugby CV21 2AA"
        )
        later.local_ref = "L-TEST-000002"
        s.flush()
        voided = new_case(s, RecordType.HATE_CRIME, incident_date=dt.date(2026, 2, 27))
        voided.local_ref = "L-TEST-000003"
        voided.voided_at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
        voided.voided_reason = "opened twice"
        s.flush()
        s.add(Person(case_id=near.id, role=PersonRole.VICTIM, name="  leyla   DEMIR "))
        s.add(Person(case_id=later.id, role=PersonRole.VICTIM, name="Sam Carter"))
        s.add(Person(case_id=voided.id, role=PersonRole.VICTIM, name="Leyla Demir"))
    return store


def test_planted_duplicates_are_flagged_with_their_reasons(casework: Store) -> None:
    result = intake.import_reports(casework, EXAMPLE_JSON, "PC Test")
    assert len(result.added) == 5 and result.already == []
    by_ref = {item.centre_reference: result.duplicates[item.id] for item in result.added}
    [candidate] = by_ref["SHUK-2026-00412"]
    assert candidate.reference == "L-TEST-000001"
    assert candidate.why == "same victim name, leyla DEMIR; incident 2 days apart"
    # The Rugby bus report is a month before the Rugby case: not the same incident; the
    # others share neither victim nor place with any live case; the voided case is no case.
    for ref in ("TV-88213", "TM-5501", "EQ-0193", "ND-17"):
        assert by_ref[ref] == [], ref


def test_same_place_in_the_window_is_flagged(casework: Store, tmp_path: Path) -> None:
    report = dict(
        _example()["reports"][1],
        centre_reference="TV-1",
        incident_date="2026-04-24",
        received_at="2026-04-25T08:00:00Z",
    )
    result = intake.import_reports(casework, _write_json(tmp_path / "r.json", [report]), "PC")
    [candidate] = result.duplicates[result.added[0].id]
    assert candidate.why == "same postcode district, CV21; incident 4 days apart"


def test_importing_again_adds_nothing_and_says_so(casework: Store) -> None:
    first = intake.import_reports(casework, EXAMPLE_JSON, "PC Test")
    again = intake.import_reports(casework, EXAMPLE_CSV, "PC Test")
    assert again.added == []
    assert [(c, r) for c, r, _ in again.already] == [
        ("Stop Hate UK", "SHUK-2026-00412"),
        ("True Vision", "TV-88213"),
        ("Tell MAMA", "TM-5501"),
        ("EQuIP (Warwickshire)", "EQ-0193"),
        ("Nuneaton Hate Crime Drop-in", "ND-17"),
    ]
    assert [q for _, _, q in again.already] == [item.ref for item in first.added]
    assert _queue_count(casework) == 5
    assert [i.ref for i in intake.list_queue(casework)] == [f"TPR-{n}" for n in range(1, 6)]


def test_the_queue_is_encrypted_with_the_store(store: Store) -> None:
    intake.import_reports(store, EXAMPLE_JSON, "PC Test")
    store.checkpoint()
    raw = b"".join(p.read_bytes() for p in store.paths.root.rglob("*") if p.is_file())
    for secret in (*NAMES, *CONTACTS, "SHUK-2026-00412"):
        assert secret.encode() not in raw


# -- triage ---------------------------------------------------------------------------------------
def test_triage_outcomes_are_recorded_audited_and_exported(casework: Store, tmp_path: Path) -> None:
    intake.import_reports(casework, EXAMPLE_JSON, "PC Test")
    opened = intake.triage(casework, "TPR-1", TriageOutcome.NEW_CASE, "PC Test")
    assert opened.case_reference and opened.case_reference.startswith("L-")
    linked = intake.triage(casework, "tpr-4", "LINKED_TO_CASE", "PC Test", case_id="L-TEST-000002")
    assert linked.case_reference == "L-TEST-000002"
    with pytest.raises(UsageError, match="Give the reason"):
        intake.triage(casework, "TPR-2", TriageOutcome.RECORD_ONLY, "PC Test")
    intake.triage(
        casework, "2", TriageOutcome.RECORD_ONLY, "PC Test", reason="Anonymous; nothing to act on"
    )
    with pytest.raises(intake.AlreadyTriaged):
        intake.triage(casework, "TPR-2", TriageOutcome.NOT_HATE_INCIDENT, "PC", reason="x")
    with pytest.raises(UsageError, match="voided"):
        intake.triage(casework, "TPR-3", "LINKED_TO_CASE", "PC", case_id="L-TEST-000003")
    with pytest.raises(NotFound):
        intake.triage(casework, "TPR-99", TriageOutcome.NEW_CASE, "PC")

    with casework.session() as s:
        case = s.scalar(sa.select(CaseFile).where(CaseFile.id == opened.case_id))
        assert case is not None
        assert case.record_type is RecordType.HATE_INCIDENT_UNCLASSIFIED
        assert [str(m) for m in case.monitored_strands] == ["RACE", "RELIGION"]
        assert PerceivedBy.THIRD_PARTY_REPORTING_ORG in case.perceived_by
        assert case.incident_date == dt.date(2026, 2, 27) and case.incident_time == "17:40"
        assert case.place == "Regent Street, Leamington Spa (CV34 4)"
        assert case.summary is not None and case.summary.startswith(
            "Account from Stop Hate UK, reference SHUK-2026-00412, received 02/03/2026 14:05:"
        )
        assert "pulled at her headscarf" in case.summary
        assert case.victim is not None and case.victim.name == "Leyla Demir"
        reports = {r.queue_no: r for r in s.scalars(sa.select(ThirdPartyReport))}
        assert reports[1].case_id == case.id and reports[1].triaged_by == "PC Test"
        assert reports[2].outcome is TriageOutcome.RECORD_ONLY
        assert reports[2].outcome_reason == "Anonymous; nothing to act on"
        assert reports[3].outcome is None
        events = list(
            s.scalars(sa.select(AuditEvent).where(AuditEvent.entity == "third_party_report"))
        )
        ops = [e.operation for e in events]
        assert ops.count(AuditOperation.COLLECTION) == 5
        assert ops.count(AuditOperation.COMBINATION) == 2  # the new case and the link
        assert ops.count(AuditOperation.ALTERATION) == 1
        assert audit.verify(s).ok
        for e in events:  # the trail, which goes to the central store, names no one
            text = json.dumps([e.details, e.reason])
            assert not any(n in text for n in NAMES)

    out = tmp_path / "outcomes.csv"
    assert intake.export_outcomes(casework, ReportingCentre.STOP_HATE_UK, out) == 1
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    today = dt.date.today().isoformat()
    assert rows == [
        ["Your reference", "Received", "Outcome", "Date triaged"],
        ["SHUK-2026-00412", "2026-03-02T14:05:00Z", "New case opened", today],
    ]
    other = tmp_path / "other.csv"
    intake.export_outcomes(casework, "OTHER", other, centre_name="nuneaton hate crime  drop-in")
    assert list(csv.reader(other.read_text(encoding="utf-8-sig").splitlines()))[1][2] == (
        "Not yet triaged"
    )
    for f in (out, other):
        text = f.read_bytes()
        for secret in (*NAMES, *CONTACTS, "headscarf", "L-TEST", "Leamington"):
            assert secret.encode() not in text, (f.name, secret)
    with casework.session() as s:
        disclosures = s.scalars(
            sa.select(AuditEvent).where(AuditEvent.operation == AuditOperation.DISCLOSURE)
        ).all()
        assert [d.recipient for d in disclosures] == [
            "Stop Hate UK",
            "nuneaton hate crime drop-in",
        ]


def test_a_new_case_from_an_anonymous_report(store: Store) -> None:
    intake.import_reports(store, EXAMPLE_JSON, "PC Test")
    result = intake.triage(store, "TPR-2", TriageOutcome.NEW_CASE, "PC Test")
    with store.session() as s:
        case = s.get(CaseFile, result.case_id)
        assert case is not None and case.victim is not None
        assert case.victim.name == "Not known: anonymous report through True Vision (TV-88213)"
        assert case.victim.contact_notes and "Did not consent" in case.victim.contact_notes
        assert case.perceived_by == [PerceivedBy.WITNESS, PerceivedBy.THIRD_PARTY_REPORTING_ORG]


def test_outcomes_and_centres_as_typed() -> None:
    assert intake.parse_outcome("linked") is TriageOutcome.LINKED_TO_CASE
    assert intake.parse_outcome("not-hate-incident") is TriageOutcome.NOT_HATE_INCIDENT
    assert intake.parse_centre("stop-hate-uk") is ReportingCentre.STOP_HATE_UK
    assert intake.parse_centre("Tell MAMA") is ReportingCentre.TELL_MAMA
    with pytest.raises(UsageError, match="Choose the outcome"):
        intake.parse_outcome("maybe")


def test_no_store_change_before_the_whole_file_checks(
    make_store: Callable[..., Store], tmp_path: Path
) -> None:
    # The reports named twice inside a file are refused before any of the file is queued.
    store = make_store("p2")
    reports = _example()["reports"]
    path = _write_json(tmp_path / "twice.json", [reports[0], reports[1], reports[0]])
    with pytest.raises(ValidationFailed):
        intake.import_reports(store, path, "PC")
    assert _queue_count(store) == 0
    assert PASSPHRASE  # the store is the real one, opened with the test passphrase


# -- the figures of the queue -------------------------------------------------------------------
def test_third_party_figures_count_by_centre_and_triage_outcome(casework: Store) -> None:
    intake.import_reports(casework, EXAMPLE_JSON, "PC Test")
    intake.triage(casework, "TPR-1", TriageOutcome.NEW_CASE, "PC Test")
    intake.triage(casework, "TPR-2", TriageOutcome.RECORD_ONLY, "PC Test", reason="Anonymous")
    reports = _example()["reports"]
    # Counted here from the file itself: each report by the centre's label.
    expected: dict[str, int] = {}
    for r in reports:
        centre = thirdparty.centre_label(ReportingCentre(r["centre"]), r.get("centre_name"))
        expected[centre] = expected.get(centre, 0) + 1
    with casework.session() as s:
        found = intake.figure_counts(s)
    assert found[intake.BY_CENTRE] == expected
    assert list(found[intake.BY_CENTRE].values()) == sorted(expected.values(), reverse=True)
    outcomes = found[intake.BY_OUTCOME]
    assert outcomes[labels.label(TriageOutcome.NEW_CASE)] == 1
    assert outcomes[labels.label(TriageOutcome.RECORD_ONLY)] == 1
    assert outcomes[labels.INTAKE_NOT_TRIAGED] == len(reports) - 2
    assert sum(outcomes.values()) == len(reports)
    # A period: only the reports received in it (by the day, UK time, they reached the queue).
    days = sorted(dt.date.fromisoformat(r["received_at"][:10]) for r in reports)
    with casework.session() as s:
        first_day = intake.figure_counts(s, days[0], days[0])
        none = intake.figure_counts(s, dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert sum(first_day[intake.BY_CENTRE].values()) == days.count(days[0])
    assert none == {intake.BY_CENTRE: {}, intake.BY_OUTCOME: {}}
