"""The demo-case generator: valid, deterministic, varied, and true to the interchange format."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from hcdesk import demo
from hcdesk.interchange import exporter, importer, schema, validation
from hcdesk.interchange.spec import SECTIONS, VERSION
from hcdesk.models.enums import LocalStrand, MonitoredStrand, RecordType
from hcdesk.store.store import Store

TODAY = dt.date(2026, 3, 1)
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
UUID7 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return demo.generate(200, seed=1, today=TODAY)


def _records(case: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The case and every record in it, plans' actions included."""
    yield case
    for section in SECTIONS:
        value = case[section.key]
        for rec in value if section.many else [value] if value else []:
            yield rec
            for child in section.children:
                yield from rec[child.key]


def _names(doc: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for case in doc["cases"]:
        people = ([case["victim"]] if case["victim"] else []) + case["suspects"] + case["witnesses"]
        out.extend(p["name"] for p in people)
    return out


def test_the_document_validates_without_problems(doc: dict[str, Any]) -> None:
    problems = validation.Problems()
    parsed = validation.validate_document(doc, problems)
    assert problems.items == []
    assert len(parsed) == 200
    assert doc["format"] == "hcdesk-interchange" and doc["version"] == VERSION


def test_the_document_satisfies_the_published_json_schema() -> None:
    validator = Draft202012Validator(schema.build_schema())
    errors = list(validator.iter_errors(demo.generate(60, seed=4, today=TODAY)))
    assert [e.message for e in errors] == []


def test_records_have_the_interchange_shapes(doc: dict[str, Any]) -> None:
    for case in doc["cases"]:
        for rec in _records(case):
            assert UUID7.match(rec["id"]), rec["id"]
        for key in ("wishes", "contacts", "victims_code_events"):
            for rec in case[key]:
                assert rec["supersedes_id"] is None
        for rec in case["wishes"]:
            assert STAMP.match(rec["recorded_at"])
        for rec in case["contacts"]:
            assert STAMP.match(rec["occurred_at"])
        for plan in case["support_plans"]:
            assert plan["assessment_id"] in {a["id"] for a in case["needs_assessments"]}


def test_the_same_seed_and_day_give_the_same_cases() -> None:
    first = demo.generate(25, seed=7, today=TODAY)
    assert exporter.dumps(first) == exporter.dumps(demo.generate(25, seed=7, today=TODAY))
    assert exporter.dumps(first) != exporter.dumps(demo.generate(25, seed=8, today=TODAY))


def test_a_case_depends_only_on_its_index_so_batches_can_be_streamed() -> None:
    whole = demo.generate(20, seed=3, today=TODAY)["cases"]
    halves = list(demo.iter_cases(10, seed=3, today=TODAY)) + list(
        demo.iter_cases(10, seed=3, today=TODAY, start_index=11)
    )
    assert halves == whole


def test_200_cases_cover_every_strand_record_type_force_and_section(doc: dict[str, Any]) -> None:
    cases = doc["cases"]
    assert {s for c in cases for s in c["monitored_strands"]} == {m.value for m in MonitoredStrand}
    assert {s for c in cases for s in c["local_strands"]} == {m.value for m in LocalStrand}
    assert {c["record_type"] for c in cases} == {m.value for m in RecordType}
    assert sum(c["record_type"] == "HATE_CRIME" for c in cases) > 120
    assert {c["force"] for c in cases} == {"WARWICKSHIRE", "WEST_MERCIA"}
    assert any(len(c["monitored_strands"]) + len(c["local_strands"]) > 1 for c in cases)
    for section in SECTIONS:
        assert any(c[section.key] for c in cases), section.key
        for child in section.children:
            assert any(rec[child.key] for c in cases for rec in c[section.key]), child.key
    rights = {e["right_number"] for c in cases for e in c["victims_code_events"]}
    assert rights == set(range(1, 13))
    places = {c["place_type"] for c in cases}
    assert {"Bus", "Street", "Shop", "Home address", "Online", "School", "Workplace",
            "Takeaway", "Taxi"} <= places


def test_names_keep_their_diacritics_and_some_are_in_their_own_script(
    doc: dict[str, Any],
) -> None:
    names = _names(doc)
    accented = [n for n in names if any(unicodedata.decomposition(ch) for ch in n if ord(ch) > 127)]
    assert len(accented) >= 10
    assert "ł" in "".join(names) or "Ł" in "".join(names)  # Polish letters that do not decompose
    scripts = {
        "ARABIC" if "ARABIC" in unicodedata.name(ch, "") else
        "CYRILLIC" if "CYRILLIC" in unicodedata.name(ch, "") else
        "CJK" if "CJK" in unicodedata.name(ch, "") else None
        for n in names for ch in n
    } - {None}
    assert scripts, "no name in Arabic, Cyrillic or Chinese script"


def test_some_evidence_is_verbatim_in_another_language_with_a_translation() -> None:
    evidence = [
        e for c in demo.generate(600, seed=2, today=TODAY)["cases"] for e in c["hostility_evidence"]
        if e["language"]
    ]
    assert evidence
    for e in evidence:
        assert e["translation"] and e["words_or_conduct"] != e["translation"]
    assert any(ord(ch) > 0x3FF for e in evidence for ch in e["words_or_conduct"])


def test_batches_with_different_start_indexes_never_clash() -> None:
    one = demo.generate(150, seed=1, today=TODAY)["cases"]
    two = demo.generate(150, seed=1, today=TODAY, start_index=151)["cases"]
    cases = one + two
    refs = [c["local_ref"] for c in cases]
    assert len(set(refs)) == 300 and refs[0] == "L-DEMO-000001" and refs[-1] == "L-DEMO-000300"
    ids = [rec["id"] for c in cases for rec in _records(c)]
    assert len(ids) == len(set(ids))
    for key in ("crime_reference", "urn"):
        values = [c[key] for c in cases if c[key]]
        assert values and len(values) == len(set(values)), key
    assert all(re.fullmatch(r"2[23]/\d{5}/\d\d", c["crime_reference"])
               for c in cases if c["crime_reference"])
    assert all(re.fullmatch(r"2[23][A-Z]{2}\d{7}", c["urn"]) for c in cases if c["urn"])


def test_each_case_hangs_together(doc: dict[str, Any]) -> None:
    today = TODAY.isoformat()
    for c in doc["cases"]:
        incident, reported = c["incident_date"], c["reported_date"]
        assert incident <= reported < today
        assert (TODAY - dt.date.fromisoformat(incident)).days <= 550
        contacts = [x["occurred_at"] for x in c["contacts"]]
        wishes = [x["recorded_at"] for x in c["wishes"]]
        assert contacts == sorted(set(contacts)) and wishes == sorted(set(wishes))
        if c["victim"]:
            assert 3 <= len(contacts) <= 10 and 1 <= len(wishes) <= 4
            assert contacts[0][:10] >= reported and contacts[-1][:10] < today
            assert re.fullmatch(r"07700 900\d{3}", c["victim"]["phone"])
        events = c["victims_code_events"]
        assert [e["event_date"] for e in events] == sorted(e["event_date"] for e in events)
        for e in events:
            assert reported <= e["event_date"] < today and 1 <= e["right_number"] <= 12
            assert e["victim_told_on"] is None or e["event_date"] <= e["victim_told_on"] < today
        if c["record_type"] != "HATE_CRIME":
            assert not (c["charges"] or c["crime_reference"] or c["hocr_codes"])
        if c["force"] != "WARWICKSHIRE":
            assert all(r["agency"] != "EQUIP_WARWICKSHIRE" for r in c["referrals"])
        for plan in c["support_plans"]:
            keys = [a["order_key"] for a in plan["actions"]]
            assert keys == sorted(keys) and 1 <= len(keys) <= 5


def test_charges_follow_the_sentencing_council_rule(doc: dict[str, Any]) -> None:
    charges = [(c, ch) for c in doc["cases"] for ch in c["charges"]]
    assert charges
    routes = {ch["legal_route"] for _c, ch in charges}
    assert "SA2020_S66_UPLIFT" in routes and any(r and r.startswith("CDA_") for r in routes)
    for case, ch in charges:
        race_or_religion = bool({"RACE", "RELIGION"} & set(case["monitored_strands"]))
        # The CDA 1998 aggravated offences cover race and religion only; where one exists it is
        # charged, and s.66 is not used instead of it.
        assert ch["aggravated_form_available"] == race_or_religion
        assert ch["aggravated_form_charged"] == ch["aggravated_form_available"]
        if ch["legal_route"] == "SA2020_S66_UPLIFT":
            assert not ch["aggravated_form_available"] and ch["cda_underlying"] is None
        if (ch["legal_route"] or "").startswith("CDA_"):
            assert ch["cda_underlying"] and ch["hocr_code"] in {"8P", "105B", "8M", "9B", "58J"}
        assert case["urn"] and ch["hocr_code"] in case["hocr_codes"]
        assert case["reported_date"] <= ch["charged_on"] < TODAY.isoformat()


def test_s66_is_the_legal_route_never_the_offence_or_its_statute(doc: dict[str, Any]) -> None:
    charges = [ch for c in doc["cases"] for ch in c["charges"]]
    assert any(ch["legal_route"] == "SA2020_S66_UPLIFT" for ch in charges)
    for ch in charges:
        assert "s.66" not in ch["offence"] and "Sentencing Act" not in ch["statute_section"]
        if ch["cda_underlying"]:
            assert ch["legal_route"] and ch["legal_route"].startswith("CDA_S")


def test_each_charge_names_its_defendant_with_the_plea_and_the_elements(
    doc: dict[str, Any],
) -> None:
    charged = [c for c in doc["cases"] if c["charges"]]
    assert len(charged) > 20
    for c in charged:
        suspects = {s["id"] for s in c["suspects"]}
        first = [
            x["listed_for"] for x in c["court_listings"] if x["hearing_type"] == "FIRST_HEARING"
        ]
        assert len(first) == 1
        pleaded = first[0] < TODAY.isoformat()
        for ch in c["charges"]:
            assert ch["defendant_id"] in suspects
            assert (ch["plea"] is not None) == pleaded
            assert ch["plea"] == (c["anticipated_plea"] if pleaded else None)
            assert ch["plea_basis"] is None or ch["plea"] == "GUILTY"
            elements = ch["elements"]
            assert len(elements) >= 2 and all(e["element"] and e["evidence"] for e in elements)
            aggravation = [e for e in elements if "CDA 1998 s.28" in e["element"]]
            # The aggravation is an element of a CDA offence only; s.66 is for sentence.
            assert len(aggravation) == (1 if ch["aggravated_form_charged"] else 0)
    pleas = {ch["plea"] for c in charged for ch in c["charges"]}
    assert pleas == {"GUILTY", "NOT_GUILTY", None}
    assert any(ch["plea_basis"] for c in charged for ch in c["charges"])


def test_the_court_file_hangs_together(doc: dict[str, Any]) -> None:
    today = TODAY.isoformat()
    listings = [x for c in doc["cases"] for x in c["court_listings"]]
    assert any(x["listed_for"] < today for x in listings)
    assert any(x["listed_for"] >= today for x in listings)  # the next hearing
    assert {x["hearing_type"] for x in listings} >= {"FIRST_HEARING", "TRIAL", "SENTENCE"}
    for c in doc["cases"]:
        suspects = {s["id"] for s in c["suspects"]}
        for key in ("bail_records", "court_applications", "interview_accounts"):
            assert all(r["person_id"] in suspects for r in c[key]), key
        for b in c["bail_records"]:
            assert b["until_date"] is None or b["from_date"] <= b["until_date"]
            assert b["proposed"] == (b["from_date"] >= today)
        for i in c["interview_accounts"]:
            assert c["reported_date"] <= i["interviewed_on"] < today
            assert all(i["interviewed_on"] <= ch["charged_on"] for ch in c["charges"])
        for key, at in (
            ("summary_signoffs", "signed_at"),
            ("disclosure_consents", "recorded_at"),
            ("preflight_acknowledgements", "acknowledged_at"),
        ):
            for rec in c[key]:
                assert rec["supersedes_id"] is None and STAMP.match(rec[at])
                assert c["reported_date"] <= rec[at][:10] < today
        versions = [s["document_version"] for s in c["summary_signoffs"] if s["role"] == "OIC"]
        assert versions == list(range(1, len(versions) + 1))
        people = [p for p in [c["victim"], *c["suspects"], *c["witnesses"]] if p]
        for p in people:
            # Police/CPS only: a generated case never relies on them as evidence.
            assert not p["previous_incidents_relied_on"] and not p["group_association_relied_on"]
            if p["statement_summary"]:
                assert p["statement_ref"] and c["reported_date"] <= p["statement_date"] < today
        for e in c["hostility_evidence"]:
            assert not e["relied_on"]
            if e["source"] in ("PREVIOUS_INCIDENT", "GROUP_ASSOCIATION", "INTELLIGENCE"):
                assert e["disclosure_class"] == "POLICE_CPS_ONLY"
    assert any(s["intelligence"] for c in doc["cases"] for s in c["suspects"])
    kinds = {a["kind"] for c in doc["cases"] for a in c["court_applications"]}
    assert {"RESTRAINING_ORDER", "COMPENSATION_ORDER"} <= kinds


def test_some_support_actions_are_overdue_and_some_done(doc: dict[str, Any]) -> None:
    actions = [a for c in doc["cases"] for p in c["support_plans"] for a in p["actions"]]
    today = TODAY.isoformat()
    assert any(a["status"] == "OPEN" and a["due_date"] < today for a in actions)
    assert any(a["status"] == "DONE" for a in actions)
    assert any(a["status"] == "OPEN" and a["due_date"] >= today for a in actions)


def test_bad_arguments_are_refused() -> None:
    assert demo.generate(0, today=TODAY)["cases"] == []
    with pytest.raises(ValueError):
        demo.generate(-1)
    with pytest.raises(ValueError):
        demo.generate(1, start_index=0)


def test_import_then_export_gives_back_the_same_cases(store: Store) -> None:
    doc = demo.generate(50, seed=11, today=TODAY)
    with store.transaction() as session:
        result = importer.import_document(session, doc)
    assert result.cases == 50
    with store.session() as session:
        exported = exporter.export_cases(session)
    # Export lists cases in id order; each case's records come back in the generated order.
    expected = {**doc, "cases": sorted(doc["cases"], key=lambda c: c["id"])}
    assert exporter.dumps(exported) == exporter.dumps(expected)


def test_the_data_tables_are_files_that_ship_with_the_package() -> None:
    """Every table file is JSON that says what it holds, and the wheel's package data has it."""
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text("utf-8"))
    shipped = pyproject["tool"]["setuptools"]["package-data"]["hcdesk.demo"]
    data = files("hcdesk.demo").joinpath("data")
    names = sorted(f.name for f in data.iterdir() if not f.name.startswith("."))
    assert {"people.json", "places.json", "strands.json"} <= set(names)
    for name in names:
        assert any(fnmatch.fnmatch(f"data/{name}", glob) for glob in shipped), name
        table = json.loads(data.joinpath(name).read_text("utf-8"))
        assert table["about"], name


def test_the_demo_profile_signs_in_as_an_officer_with_cases(doc: dict[str, Any]) -> None:
    """My work under ``make run`` shows the demo officer's own day, not an empty page."""
    from hcdesk.devrun import demo_officer

    officer = demo_officer(doc)
    mine = [c for c in doc["cases"] if c["liaison_officer"] == officer]
    assert len(mine) >= max(
        sum(c["liaison_officer"] == other for c in doc["cases"])
        for other in {c["liaison_officer"] for c in doc["cases"]}
    )
    assert mine
