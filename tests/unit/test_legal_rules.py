"""The law of hostility aggravation (hcdesk.casework.legal): one test per rule, named after it."""

from __future__ import annotations

from typing import Any

import pytest

from hcdesk.casework import legal
from hcdesk.casework.legal import Route, Stage
from hcdesk.models.enums import (
    CDAUnderlyingOffence,
    ChargeOutcome,
    LegalRoute,
    LocalStrand,
    MonitoredStrand,
    RecordType,
)

RACE, RELIGION, DISABILITY = (
    MonitoredStrand.RACE,
    MonitoredStrand.RELIGION,
    MonitoredStrand.DISABILITY,
)


def case(
    *strands: MonitoredStrand, local: tuple[LocalStrand, ...] = (), **kw: Any
) -> dict[str, Any]:
    return {
        "record_type": kw.pop("record_type", RecordType.HATE_CRIME),
        "monitored_strands": list(strands),
        "local_strands": list(local),
        **kw,
    }


def charge(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": kw.pop("id", "c1"),
        "offence": "Racially aggravated s.4A public order",
        "statute_section": None,
        "legal_route": None,
        "cda_underlying": None,
        "aggravated_form_available": False,
        "aggravated_form_charged": False,
        "outcome": ChargeOutcome.PENDING,
        "uplift_stated_in_court": False,
        "defendant_id": None,
    }
    base.update(kw)
    return base


def cda31(**kw: Any) -> dict[str, Any]:
    return charge(
        legal_route=LegalRoute.CDA_S31_PUBLIC_ORDER,
        cda_underlying=CDAUnderlyingOffence.POA_S4A,
        aggravated_form_available=True,
        aggravated_form_charged=True,
        **kw,
    )


def s66(offence: str = "Assault by beating", **kw: Any) -> dict[str, Any]:
    return charge(offence=offence, legal_route=LegalRoute.SA2020_S66_UPLIFT, **kw)


def rules(
    c: dict[str, Any], *charges: dict[str, Any], people: tuple[dict[str, Any], ...] = ()
) -> set[str]:
    return {p.rule for p in legal.route_problems(c, charges, people)}


# -- which document -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record_type", "allowed"),
    [
        (RecordType.HATE_CRIME, True),
        (RecordType.NON_CRIME_HATE_INCIDENT, False),
        (RecordType.HATE_INCIDENT_UNCLASSIFIED, False),
    ],
)
def test_prosecution_summary_only_for_a_hate_crime(record_type: RecordType, allowed: bool) -> None:
    assert legal.prosecution_summary_allowed(record_type) is allowed
    if not allowed:
        reason = legal.no_prosecution_summary_reason(record_type)
        assert "no prosecution summary" in reason
        assert "incident record for partners and the file" in reason


# -- per strand ---------------------------------------------------------------------------------


def test_cda_only_for_race_or_religion() -> None:
    # Race on a CDA charge: an element of the offence, s.66 does not apply to it.
    r = legal.strand_route(case(RACE), cda31(), RACE)
    assert r.route is Route.CDA_ELEMENT
    assert "s.28 and s.31" in r.text and "does not apply to it (s.66(3))" in r.text
    # Disability can never be a CDA element, even on a CDA charge.
    assert legal.strand_route(case(RACE, DISABILITY), cda31(), DISABILITY).route is Route.S66
    # And a CDA route on a disability-only case is refused.
    assert "cda_only_for_race_or_religion" in rules(case(DISABILITY), cda31())


@pytest.mark.parametrize("strand", list(MonitoredStrand))
def test_s66_for_the_five_monitored_strands(strand: MonitoredStrand) -> None:
    r = legal.strand_route(case(strand), s66(), strand)
    assert r.route is Route.S66 and r.s66_applies
    assert "Sentencing Act 2020 s.66" in r.text
    if strand not in legal.CDA_STRANDS:
        assert "no aggravated offence for this hostility" in r.text
        assert "s.28" not in r.text


def test_s66_3_excludes_only_race_and_religion() -> None:
    mixed = case(RACE, DISABILITY)
    race = legal.strand_route(mixed, cda31(), RACE)
    disability = legal.strand_route(mixed, cda31(), DISABILITY)
    assert race.route is Route.CDA_ELEMENT and not race.s66_applies
    assert disability.s66_applies
    assert "s.66(3) excludes only racial and religious hostility" in disability.text
    law = legal.hostility_law(mixed, [cda31()])
    # The open-court duty is stated for the disability hostility only, never contradicted.
    duty = next(s for s in law.statements if "s.66(2)" in s)
    assert "hostility related to disability" in duty and "racial" not in duty


def test_s66_not_normally_where_the_aggravated_form_was_not_charged() -> None:
    basic = charge(
        offence="Using threatening words (s.5)",
        statute_section="Public Order Act 1986 s.5",
        legal_route=LegalRoute.SA2020_S66_UPLIFT,
        aggravated_form_available=True,
    )
    r = legal.strand_route(case(RACE), basic, RACE)
    assert r.route is Route.S66_NOT_NORMALLY
    assert "should not normally be used" in r.text


def test_no_s66_once_the_aggravated_form_failed() -> None:
    failed = cda31(outcome=ChargeOutcome.CONVICTED_AGGRAVATION_NOT_PROVED)
    r = legal.strand_route(case(RACE), failed, RACE)
    assert r.route is Route.NOT_PROVED and not r.s66_applies
    assert "must not then be used for the same racial hostility" in r.text
    law = legal.hostility_law(case(RACE), [failed])
    assert law.heading == "Hostility aggravation: not proved"
    assert law.warnings and not any("s.66(2)" in s for s in law.statements)
    # Stating an uplift in court for that hostility is refused at save...
    assert "no_s66_once_the_aggravated_form_failed" in rules(
        case(RACE),
        cda31(outcome=ChargeOutcome.CONVICTED_AGGRAVATION_NOT_PROVED, uplift_stated_in_court=True),
    )
    # ...but a disability hostility on the same charge can still be uplifted under s.66.
    mixed = legal.hostility_law(case(RACE, DISABILITY), [failed])
    assert any("hostility related to disability" in s and "s.66(2)" in s for s in mixed.statements)
    assert "no_s66_once_the_aggravated_form_failed" not in rules(
        case(RACE, DISABILITY),
        cda31(outcome=ChargeOutcome.CONVICTED_AGGRAVATION_NOT_PROVED, uplift_stated_in_court=True),
    )


def test_no_statutory_text_for_local_strands() -> None:
    law = legal.hostility_law(case(local=(LocalStrand.ALTERNATIVE_SUBCULTURE,)), [])
    (r,) = law.routes
    assert r.route is Route.NONE
    assert "neither Crime and Disorder Act 1998 s.28 nor Sentencing Act 2020 s.66" in r.text
    assert law.heading == "Hostility: no monitored strand recorded"
    assert not any("s.66(2)" in s or "put on notice" in s for s in law.statements)


# -- outcomes -----------------------------------------------------------------------------------


def test_banner_statements_follow_strands_routes_and_outcomes() -> None:
    pending = legal.hostility_law(case(DISABILITY), [s66()])
    assert pending.heading == "Hostility aggravation alleged"
    assert pending.statements[0].startswith("If the defendant is convicted, the court must")
    assert any("put on notice" in s for s in pending.statements)
    convicted = legal.hostility_law(case(DISABILITY), [s66(outcome=ChargeOutcome.CONVICTED)])
    assert convicted.heading == "Hostility aggravation: for sentence"
    assert convicted.statements[0].startswith("The court must")
    assert not any("put on notice" in s for s in convicted.statements)
    acquitted = legal.hostility_law(case(RACE), [cda31(outcome=ChargeOutcome.ACQUITTED)])
    assert acquitted.heading == "Hostility aggravation: no conviction"
    assert acquitted.statements == (
        "No charge resulted in a conviction: there is no hostility aggravation to sentence.",
    )
    assert "acquitted" in acquitted.routes[0].text


def test_hocr_code_follows_the_outcome() -> None:
    assert legal.hocr_code_now(cda31(hocr_code="9B")) == ("9B", None)
    code, note = legal.hocr_code_now(
        cda31(hocr_code="9b", outcome=ChargeOutcome.CONVICTED_AGGRAVATION_NOT_PROVED)
    )
    assert code == "9A" and note and "basic offence code 9A" in note
    assert set(legal.AGGRAVATED_HOCR.items()) == {
        ("8P", "8N"),
        ("105B", "105A"),
        ("8M", "8L"),
        ("9B", "9A"),
        ("58J", "58A"),
    }


def test_stage_of_each_outcome() -> None:
    assert [legal.stage(charge(outcome=o)) for o in ChargeOutcome] == [
        Stage.PENDING,
        Stage.CONVICTED,
        Stage.AGGRAVATION_NOT_PROVED,
        Stage.ENDED,
        Stage.ENDED,
        Stage.ENDED,
    ]


# -- route combinations refused at save ---------------------------------------------------------


def test_cda_offence_must_be_of_its_section() -> None:
    wrong = charge(
        legal_route=LegalRoute.CDA_S31_PUBLIC_ORDER,
        cda_underlying=CDAUnderlyingOffence.OAPA_S47,
        aggravated_form_available=True,
        aggravated_form_charged=True,
    )
    (problem,) = legal.route_problems(case(RACE), [wrong])
    assert problem.rule == "cda_offence_must_be_of_its_section"
    assert "s.29, not s.31" in problem.message
    assert not rules(case(RACE), cda31())


def test_aggravated_form_exists_for_listed_offences() -> None:
    # Race, POA s.5 written as statute text, an s.66 uplift, and "available: No": refused.
    s5 = charge(
        offence="Using threatening words",
        statute_section="POA 1986 s.5",
        legal_route=LegalRoute.SA2020_S66_UPLIFT,
    )
    assert legal.underlying_offence(s5) is CDAUnderlyingOffence.POA_S5
    assert rules(case(RACE), s5) == {"aggravated_form_exists_for_listed_offences"}
    assert not rules(case(RACE), {**s5, "aggravated_form_available": True})


def test_aggravated_form_exists_only_for_race_or_religion() -> None:
    claimed = s66(aggravated_form_available=True)
    assert "aggravated_form_exists_only_for_race_or_religion" in rules(case(DISABILITY), claimed)
    assert not legal.aggravated_form_exists(case(DISABILITY), cda31())
    assert legal.aggravated_form_exists(case(RELIGION), cda31())


def test_aggravated_form_charged_needs_a_cda_route() -> None:
    odd = s66(aggravated_form_charged=True)
    assert "aggravated_form_charged_needs_a_cda_route" in rules(case(RACE), odd)


@pytest.mark.parametrize(
    ("offence", "statute"),
    [
        ("Assault by beating with s.66 uplift", None),
        ("Assault by beating", "CJA 1988 s.39; Sentencing Act 2020 s.66"),
        ("Common assault (uplift)", None),
    ],
)
def test_s66_is_not_an_offence(offence: str, statute: str | None) -> None:
    written = s66(offence=offence, statute_section=statute)
    assert "s66_is_not_an_offence" in rules(case(DISABILITY), written)


def test_s66_only_for_monitored_strands() -> None:
    assert "s66_only_for_monitored_strands" in rules(case(local=(LocalStrand.AGE,)), s66())


def test_stirring_up_needs_its_strand() -> None:
    part3 = charge(legal_route=LegalRoute.POA1986_PART3_RACIAL_HATRED)
    part3a = charge(legal_route=LegalRoute.POA1986_PART3A_RELIGIOUS_OR_SO_HATRED)
    assert "stirring_up_needs_its_strand" in rules(case(RELIGION), part3)
    assert not rules(case(RACE), part3)
    assert "stirring_up_needs_its_strand" in rules(case(DISABILITY), part3a)
    assert not rules(case(MonitoredStrand.SEXUAL_ORIENTATION), part3a)


def test_aggravation_not_proved_only_on_an_aggravated_charge() -> None:
    basic = s66(outcome=ChargeOutcome.CONVICTED_AGGRAVATION_NOT_PROVED)
    assert "aggravation_not_proved_only_on_an_aggravated_charge" in rules(case(DISABILITY), basic)


def test_uplift_stated_only_on_conviction() -> None:
    assert "uplift_stated_only_on_conviction" in rules(
        case(DISABILITY), s66(uplift_stated_in_court=True)
    )
    assert not rules(
        case(DISABILITY), s66(uplift_stated_in_court=True, outcome=ChargeOutcome.CONVICTED)
    )


def test_charges_need_a_crime() -> None:
    nchi = case(RACE, record_type=RecordType.NON_CRIME_HATE_INCIDENT)
    assert "charges_need_a_crime" in rules(nchi, s66())
    assert not rules(nchi)


def test_defendant_must_be_a_suspect_of_the_case() -> None:
    people = ({"id": "p1", "role": "SUSPECT"}, {"id": "p2", "role": "VICTIM"})
    assert not rules(case(RACE), cda31(defendant_id="p1"), people=people)
    assert "defendant_must_be_a_suspect_of_the_case" in rules(
        case(RACE), cda31(defendant_id="p2"), people=people
    )


def test_a_save_may_not_introduce_a_route_contradiction() -> None:
    before = legal.route_problems(case(DISABILITY), [s66(id="old", offence="Old s.66 uplift")])
    legal.refuse_new_problems(before, before)  # a case that already held one can be saved
    after = legal.route_problems(
        case(DISABILITY), [s66(id="old", offence="Old s.66 uplift"), cda31(id="new")]
    )
    with pytest.raises(legal.RouteRefused) as info:
        legal.refuse_new_problems(before, after)
    assert str(info.value).startswith(
        "Not saved: “Racially aggravated s.4A public order”: Crime and"
    )


def test_indicators_only_while_the_aggravation_stands() -> None:
    assert legal.aggravation_for_sentence(case(RACE), [])
    assert legal.aggravation_for_sentence(case(RACE), [cda31()])
    assert not legal.aggravation_for_sentence(
        case(RACE), [cda31(outcome=ChargeOutcome.CONVICTED_AGGRAVATION_NOT_PROVED)]
    )
    assert not legal.aggravation_for_sentence(case(RACE), [cda31(outcome=ChargeOutcome.ACQUITTED)])
    # The disability hostility on the same failed CDA charge still stands under s.66.
    assert legal.aggravation_for_sentence(
        case(RACE, DISABILITY), [cda31(outcome=ChargeOutcome.CONVICTED_AGGRAVATION_NOT_PROVED)]
    )
    assert not legal.aggravation_for_sentence(case(local=(LocalStrand.AGE,)), [])
