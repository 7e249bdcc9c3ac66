"""The pre-flight check before a summary export: one test per rule, named after it, and
acknowledgements recorded on the case (a real store)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hcdesk.casework import casefile as cf
from hcdesk.casework import preflight
from hcdesk.casework.casefile import CaseSnapshot
from hcdesk.casework.cases import new_case
from hcdesk.errors import UsageError
from hcdesk.models.enums import (
    CDAUnderlyingOffence,
    ChargeOutcome,
    LegalRoute,
    MonitoredStrand,
    RecordType,
)
from hcdesk.store.store import Store

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


def snap(case: dict[str, Any] | None = None, **records: list[dict[str, Any]]) -> CaseSnapshot:
    base = {"record_type": RecordType.HATE_CRIME, "monitored_strands": [MonitoredStrand.RACE]}
    return CaseSnapshot("c", "L-1", {**base, **(case or {})}, dict(records), [])


def checks(s: CaseSnapshot) -> list[str]:
    return [f.check for f in preflight.check_case(s)]


def charge(**kw: Any) -> dict[str, Any]:
    return {
        "id": "ch",
        "offence": "Threatening behaviour",
        "legal_route": LegalRoute.CDA_S31_PUBLIC_ORDER,
        "cda_underlying": CDAUnderlyingOffence.POA_S4,
        "aggravated_form_available": True,
        "aggravated_form_charged": True,
        "outcome": ChargeOutcome.PENDING,
        **kw,
    }


def test_a_consistent_case_has_no_findings() -> None:
    assert preflight.check_case(snap(charge=[charge(hocr_code="9B")])) == []


def test_charge_routes_against_strands() -> None:
    found = preflight.check_case(
        snap({"monitored_strands": [MonitoredStrand.DISABILITY]}, charge=[charge()])
    )
    assert {f.check for f in found} == {"charge_routes_against_strands"}
    assert all(f.blocking for f in found)
    assert any("exist only for racial or religious hostility" in f.message for f in found)


def test_aggravated_form_not_charged() -> None:
    basic = charge(
        legal_route=LegalRoute.SA2020_S66_UPLIFT, aggravated_form_charged=False, offence="s.4 POA"
    )
    basic["offence"] = "Threatening behaviour"
    (f,) = preflight.check_case(snap(charge=[basic]))
    assert f.check == "aggravated_form_not_charged" and not f.blocking
    assert "should not normally be used for racial hostility" in f.message


def test_perceived_by_against_evidence() -> None:
    ev = [{"id": "e1", "perceived_by": "WITNESS"}]
    assert checks(snap({"perceived_by": ["VICTIM"]}, hostility_evidence=ev)) == [
        "perceived_by_against_evidence"
    ]
    assert checks(snap({"perceived_by": ["VICTIM", "WITNESS"]}, hostility_evidence=ev)) == []
    assert checks(snap({"perceived_by": []}, hostility_evidence=[{"id": "e1"}])) == [
        "perceived_by_against_evidence"
    ]


def test_special_measures_against_wishes() -> None:
    assessed = [{"assessed_on": dt.date(2026, 1, 1), "special_measures_indicated": True}]
    declined = [
        {"recorded_at": NOW, "special_measures": "Does not want screens; will give evidence"}
    ]
    asked = [{"recorded_at": NOW, "special_measures": "Screens, and a live link if possible"}]
    assert checks(snap(needs_assessment=assessed, victim_wish=declined)) == [
        "special_measures_against_wishes"
    ]
    assert checks(snap(needs_assessment=assessed, victim_wish=asked)) == []
    not_indicated = [{**assessed[0], "special_measures_indicated": False}]
    assert checks(snap(needs_assessment=not_indicated, victim_wish=asked)) == [
        "special_measures_against_wishes"
    ]


def test_vps_preference_against_wishes() -> None:
    vps = [{"read_preference": "READ_BY_PROSECUTOR", "notes": None}]
    wish = [{"recorded_at": NOW, "vps_read_preference": "READ_BY_VICTIM"}]
    (f,) = preflight.check_case(snap(victim_personal_statement=vps, victim_wish=wish))
    assert f.check == "vps_preference_against_wishes" and "read by the victim" in f.message
    own_notes = [
        {"read_preference": "READ_BY_PROSECUTOR", "notes": "She wants to read it herself."}
    ]
    assert checks(snap(victim_personal_statement=own_notes)) == ["vps_preference_against_wishes"]


def test_hocr_code_against_route() -> None:
    assert checks(snap(charge=[charge(hocr_code="9A")])) == ["hocr_code_against_route"]
    basic = charge(
        legal_route=LegalRoute.SA2020_S66_UPLIFT, aggravated_form_charged=False, hocr_code="9B"
    )
    assert "hocr_code_against_route" in checks(snap(charge=[basic]))


def test_guilty_plea_with_a_basis() -> None:
    pleaded = charge(plea="GUILTY", plea_basis="Accepts the words but not that they were racist")
    (f,) = preflight.check_case(snap(charge=[pleaded]))
    assert f.check == "guilty_plea_with_a_basis" and "Newton hearing" in f.message


def test_wishes_consent_not_recorded() -> None:
    flagged = {"victim_agreed_wishes_disclosed": True}
    assert checks(snap(flagged)) == ["wishes_consent_not_recorded"]
    assert checks(snap(flagged, disclosure_consent=[{"id": "x"}])) == []


def test_acknowledged_findings_are_not_outstanding_until_their_words_change(store: Store) -> None:
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Nuneaton")
        case.monitored_strands = [MonitoredStrand.RACE]
        case.perceived_by = []
        s.flush()
        case_id = case.id
    with store.transaction(reason="edited in the case file") as s:
        cf.save_case(
            s,
            case_id,
            cf.Changes(
                new=[
                    (
                        "hostility_evidence",
                        {
                            "limb": "DEMONSTRATED",
                            "timing": "DURING",
                            "words_or_conduct": "…",
                            "source": "BWV",
                            "perceived_by": "WITNESS",
                        },
                    )
                ]
            ),
        )
    with store.session() as s:
        found = preflight.outstanding(cf.load_case(s, case_id, consult=False))
    assert [f.check for f in found] == ["perceived_by_against_evidence"]
    with store.transaction(reason="pre-flight") as s, pytest.raises(UsageError):
        preflight.acknowledge(s, case_id, found, by="PC Test", reason="  ")
    with store.transaction(reason="pre-flight") as s:
        preflight.acknowledge(s, case_id, found, by="PC Test", reason="The witness told PC Ray")
    with store.session() as s:
        again = cf.load_case(s, case_id, consult=False)
    assert preflight.outstanding(again) == []
    (ack,) = again.records["preflight_acknowledgement"]
    assert (ack["acknowledged_by"], ack["reason"]) == ("PC Test", "The witness told PC Ray")
    # A blocking finding can never be acknowledged.
    blocking = preflight.Finding("charge_routes_against_strands", "x", blocking=True)
    with store.transaction(reason="pre-flight") as s, pytest.raises(preflight.MustFix):
        preflight.acknowledge(s, case_id, [blocking], by="PC Test", reason="because")
