"""The crafted demo cases (hcdesk.demo.variants): valid interchange, each legally consistent,
and each the variant it says it is. Also the charging rules every demo case keeps."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from hcdesk import demo
from hcdesk.casework.cases import find_case
from hcdesk.demo import variants
from hcdesk.interchange import exporter, importer, schema, validation
from hcdesk.store.store import Store

TODAY = dt.date(2026, 3, 1)

# CDA 1998 ss.29-32: the route of each aggravated offence, and the basic offences it covers.
CDA_SECTIONS = {
    "CDA_S29_ASSAULT": {"OAPA_S20", "OAPA_S47", "COMMON_ASSAULT", "SCA2015_S75A_STRANGULATION"},
    "CDA_S30_CRIMINAL_DAMAGE": {"CDA1971_S1_1"},
    "CDA_S31_PUBLIC_ORDER": {"POA_S4", "POA_S4A", "POA_S5"},
    "CDA_S32_HARASSMENT": {"PHA_S2", "PHA_S2A", "PHA_S4", "PHA_S4A"},
}


@pytest.fixture(scope="module")
def cases() -> dict[str, dict[str, Any]]:
    return variants.variants(today=TODAY)


def _charge(case: dict[str, Any]) -> dict[str, Any]:
    assert len(case["charges"]) == 1
    charge: dict[str, Any] = case["charges"][0]
    return charge


def assert_charges_are_legally_consistent(case: dict[str, Any]) -> None:
    """A CDA route only with a race or religion strand and an underlying offence of that
    section; the aggravated form available whenever the underlying offence is CDA-listed and
    the case has race or religion; s.66 only ever as the legal route."""
    race_or_religion = bool({"RACE", "RELIGION"} & set(case["monitored_strands"]))
    suspects = {s["id"] for s in case["suspects"]}
    for ch in case["charges"]:
        route, underlying = ch["legal_route"], ch["cda_underlying"]
        assert ch["defendant_id"] in suspects
        assert "s.66" not in ch["offence"] and "s.66" not in (ch["statute_section"] or "")
        assert "Sentencing Act" not in (ch["statute_section"] or "")
        if route in CDA_SECTIONS:
            assert race_or_religion and underlying in CDA_SECTIONS[route], ch
        if underlying is not None:
            assert route in CDA_SECTIONS and underlying in CDA_SECTIONS[route], ch
            assert ch["aggravated_form_available"] == race_or_religion, ch
        else:
            assert not ch["aggravated_form_available"] and not ch["aggravated_form_charged"]
        if ch["aggravated_form_charged"]:
            assert ch["aggravated_form_available"] and ch["offence"].split()[0] in (
                "Racially",
                "Religiously",
            )
            assert re.match(
                r"Crime and Disorder Act 1998 s\.(29|30|31|32)\(", ch["statute_section"]
            )
        else:
            assert "Crime and Disorder Act" not in ch["statute_section"]
        if route == "SA2020_S66_UPLIFT":
            assert not race_or_religion or not ch["aggravated_form_available"]


def test_charges_keep_the_cda_and_s66_rules_in_every_demo_case(
    cases: dict[str, dict[str, Any]],
) -> None:
    generated = demo.generate(300, seed=5, today=TODAY)["cases"]
    charged = [c for c in [*generated, *cases.values()] if c["charges"]]
    assert len(charged) > 50
    for case in charged:
        assert_charges_are_legally_consistent(case)


def test_the_variants_are_valid_interchange_and_round_trip(store: Store) -> None:
    doc = variants.document(today=TODAY)
    assert [c["local_ref"] for c in doc["cases"]] == [
        f"L-DEMO-VARIANT-{k.upper()}" for k in "abcdefgh"
    ]
    problems = validation.Problems()
    validation.validate_document(doc, problems)
    assert problems.items == []
    assert [e.message for e in Draft202012Validator(schema.build_schema()).iter_errors(doc)] == []
    with store.transaction() as s:
        importer.import_document(s, doc)
        assert find_case(s, variants.local_ref("race_cda_s31")).urn == doc["cases"][1]["urn"]
    with store.session() as s:
        exported = exporter.export_cases(s)
    expected = {**doc, "cases": sorted(doc["cases"], key=lambda c: c["id"])}
    assert exporter.dumps(exported) == exporter.dumps(expected)


def test_variants_depend_only_on_seed_and_day_and_never_clash_with_generated_cases() -> None:
    one = variants.document("c", "a", today=TODAY)
    assert one == variants.document("c", "a", today=TODAY)
    assert [c["local_ref"] for c in one["cases"]] == ["L-DEMO-VARIANT-C", "L-DEMO-VARIANT-A"]
    crafted = variants.document(seed=2026, today=TODAY)["cases"]
    generated = demo.generate(300, seed=2026, today=TODAY)["cases"]
    for key in ("id", "local_ref", "urn", "crime_reference"):
        values = [c[key] for c in crafted + generated if c[key]]
        assert len(values) == len(set(values)), key
    assert variants.variant("g", today=TODAY) == variants.variant(
        "aggravation_not_proved", today=TODAY
    )
    with pytest.raises(KeyError):
        variants.variant("z")


def test_each_variant_hangs_together(cases: dict[str, dict[str, Any]]) -> None:
    today = TODAY.isoformat()
    for letter, c in cases.items():
        assert c["summary"].startswith(f"DEMO VARIANT ({letter}): ")
        assert c["incident_date"] <= c["reported_date"] < today
        suspects = {s["id"] for s in c["suspects"]}
        for key in ("bail_records", "court_applications", "interview_accounts"):
            assert all(r["person_id"] in suspects for r in c[key]), (letter, key)
        for e in c["victims_code_events"]:
            assert c["reported_date"] <= e["event_date"] <= e["victim_told_on"] < today
        for key, at in (
            ("contacts", "occurred_at"),
            ("wishes", "recorded_at"),
            ("summary_signoffs", "signed_at"),
        ):
            stamps = [r[at] for r in c[key]]
            assert all(c["reported_date"] <= s[:10] < today for s in stamps), (letter, key)
        for ch in c["charges"]:
            assert c["incident_date"] <= ch["charged_on"] < today
            assert all(e["element"] and e["evidence"] for e in ch["elements"])
            aggravation = [e for e in ch["elements"] if "CDA 1998 s.28" in e["element"]]
            assert len(aggravation) == (1 if ch["aggravated_form_charged"] else 0)
            if ch["outcome"] != "PENDING":
                assert ch["outcome_date"] and ch["outcome_date"] < today
        pending = c["status"] != "CLOSED"
        upcoming = [x for x in c["court_listings"] if x["listed_for"] >= today]
        assert bool(upcoming) == (pending and bool(c["charges"])), letter
        if c["status"] == "CLOSED":
            assert all(ch["outcome"] != "PENDING" for ch in c["charges"])


def test_a_is_a_non_crime_hate_incident_with_no_court_file(
    cases: dict[str, dict[str, Any]],
) -> None:
    a = cases["a"]
    assert a["record_type"] == "NON_CRIME_HATE_INCIDENT" and a["monitored_strands"] == ["RELIGION"]
    assert not (a["charges"] or a["crime_reference"] or a["urn"] or a["hocr_codes"])
    for key in (
        "court_listings",
        "bail_records",
        "court_applications",
        "interview_accounts",
        "summary_signoffs",
        "victims_code_events",
    ):
        assert a[key] == [], key


def test_b_charges_cda_s31_and_relies_on_a_previous_incident_only(
    cases: dict[str, dict[str, Any]],
) -> None:
    b = cases["b"]
    ch = _charge(b)
    assert (ch["legal_route"], ch["cda_underlying"]) == ("CDA_S31_PUBLIC_ORDER", "POA_S4A")
    assert ch["aggravated_form_available"] and ch["aggravated_form_charged"]
    assert ch["plea"] == "NOT_GUILTY" and ch["outcome"] == "PENDING"
    suspect = b["suspects"][0]
    assert ch["defendant_id"] == suspect["id"]
    assert suspect["previous_incidents_relied_on"] and not suspect["group_association_relied_on"]
    assert suspect["intelligence"] and suspect["group_association"]
    by_source = {e["source"]: e for e in b["hostility_evidence"]}
    assert by_source["PREVIOUS_INCIDENT"]["relied_on"]
    assert by_source["PREVIOUS_INCIDENT"]["disclosure_class"] == "DISCLOSABLE"
    assert not by_source["GROUP_ASSOCIATION"]["relied_on"]
    assert by_source["GROUP_ASSOCIATION"]["disclosure_class"] == "POLICE_CPS_ONLY"
    assert {x["hearing_type"] for x in b["court_listings"]} == {"FIRST_HEARING", "TRIAL"}
    assert [a["kind"] for a in b["court_applications"]] == ["RESTRAINING_ORDER"]
    assert b["disclosure_consents"] and b["preflight_acknowledgements"]
    assert [s["role"] for s in b["summary_signoffs"]] == ["OIC", "SUPERVISOR"] * 2


def test_c_has_the_aggravated_form_available_but_the_basic_offence_charged(
    cases: dict[str, dict[str, Any]],
) -> None:
    ch = _charge(cases["c"])
    assert (ch["legal_route"], ch["cda_underlying"]) == ("CDA_S31_PUBLIC_ORDER", "POA_S5")
    assert ch["aggravated_form_available"] and not ch["aggravated_form_charged"]
    assert ch["statute_section"] == "Public Order Act 1986 s.5" and ch["hocr_code"] == "9A"
    assert cases["c"]["preflight_acknowledgements"][0]["check"] == "aggravated_not_charged"


def test_d_seeks_a_s66_uplift_for_disability_with_no_cda_route(
    cases: dict[str, dict[str, Any]],
) -> None:
    d = cases["d"]
    ch = _charge(d)
    assert d["monitored_strands"] == ["DISABILITY"]
    assert ch["legal_route"] == "SA2020_S66_UPLIFT" and ch["cda_underlying"] is None
    assert not ch["aggravated_form_available"]
    assert ch["outcome"] == "CONVICTED" and ch["uplift_stated_in_court"]


def test_e_charges_race_and_disability_on_cda_s29(cases: dict[str, dict[str, Any]]) -> None:
    e = cases["e"]
    ch = _charge(e)
    assert e["monitored_strands"] == ["RACE", "DISABILITY"]
    assert (ch["legal_route"], ch["cda_underlying"]) == ("CDA_S29_ASSAULT", "OAPA_S47")
    assert {x["strand"] for x in e["hostility_evidence"]} == {"RACE", "DISABILITY"}
    assert [b["status"] for b in e["bail_records"]] == ["COURT_BAIL", "REMANDED_IN_CUSTODY"]


def test_f_has_a_local_strand_only(cases: dict[str, dict[str, Any]]) -> None:
    f = cases["f"]
    ch = _charge(f)
    assert f["monitored_strands"] == [] and f["local_strands"] == ["ALTERNATIVE_SUBCULTURE"]
    assert ch["legal_route"] is None and not ch["uplift_stated_in_court"]
    assert {e["local_strand"] for e in f["hostility_evidence"]} == {"ALTERNATIVE_SUBCULTURE"}


def test_g_and_h_are_a_conviction_without_the_aggravation_and_an_acquittal(
    cases: dict[str, dict[str, Any]],
) -> None:
    g, h = _charge(cases["g"]), _charge(cases["h"])
    assert g["legal_route"] == "CDA_S31_PUBLIC_ORDER" and g["aggravated_form_charged"]
    assert g["outcome"] == "CONVICTED_AGGRAVATION_NOT_PROVED" and not g["uplift_stated_in_court"]
    assert h["legal_route"] == "CDA_S32_HARASSMENT" and h["outcome"] == "ACQUITTED"
    assert h["sentence"] is None
    assert cases["h"]["incident_end_date"] > cases["h"]["incident_date"]
    order = cases["h"]["court_applications"][0]
    assert order["kind"] == "RESTRAINING_ORDER" and "s.5A" in order["grounds"]
