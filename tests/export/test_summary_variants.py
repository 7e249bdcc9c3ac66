"""The court summary of each legal variant, exported through the disclosure service and read
back from the real PDFs: what a prosecutor must and must not read on each.

Each case is built in a real store through the case file's own save (so a route the law does
not allow could not be saved), and exported as the CPS variant: the disclosable file and the
annex are parsed separately.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader

from hcdesk.casework import casefile as cf
from hcdesk.casework import preflight
from hcdesk.casework.cases import find_case, new_case
from hcdesk.export.service import export_summary
from hcdesk.models.enums import (
    CDAUnderlyingOffence,
    ChargeOutcome,
    LegalRoute,
    LocalStrand,
    MonitoredStrand,
    PerceivedBy,
    RecordType,
)
from hcdesk.store.store import Store

RACE, DISABILITY = MonitoredStrand.RACE, MonitoredStrand.DISABILITY


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _text(pdf: bytes) -> str:
    return _flat(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))


def _page1(pdf: bytes) -> str:
    return _flat(PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or "")


def _make(
    store: Store,
    record_type: RecordType,
    strands: list[MonitoredStrand],
    charges: list[dict[str, Any]],
    local: list[LocalStrand] | None = None,
) -> str:
    with store.transaction(reason="test set-up") as s:
        case = new_case(
            s,
            record_type,
            place="Market Square, Rugby",
            incident_date=dt.date(2026, 3, 3),
            monitored_strands=strands,
            local_strands=local or [],
            perceived_by=[PerceivedBy.VICTIM],
            perception_date=dt.date(2026, 3, 3),
        )
        s.flush()
        case_id, ref = case.id, case.reference
    new: list[tuple[str, dict[str, Any]]] = [
        ("person", {"role": "VICTIM", "name": "Amal Haddad", "_key": "v"}),
        (
            "hostility_evidence",
            {
                "limb": "DEMONSTRATED",
                "timing": "DURING",
                "words_or_conduct": "Shouted words of hostility at the victim",
                "source": "BWV",
                "perceived_by": "VICTIM",
                "strand": strands[0] if strands else None,
                "local_strand": local[0] if local and not strands else None,
            },
        ),
    ]
    if charges:
        new.append(("person", {"role": "SUSPECT", "name": "Dean Carver", "_key": "d"}))
    with store.transaction(reason="edited in the case file") as s:
        created = cf.save_case(s, case_id, cf.Changes(new=new)).created
    if charges:
        with store.transaction(reason="edited in the case file") as s:
            cf.save_case(
                s,
                case_id,
                cf.Changes(new=[("charge", {**c, "defendant_id": created["d"]}) for c in charges]),
            )
    return ref


def _export(store: Store, ref: str, acknowledge: str | None = None) -> tuple[str, str, str]:
    if acknowledge:
        with store.transaction(reason="pre-flight") as s:
            case_id = find_case(s, ref).id
            found = preflight.outstanding(cf.load_case(s, case_id, consult=False))
            preflight.acknowledge(s, case_id, found, by="PC Test", reason=acknowledge)
    result = export_summary(store, ref, "cps", recipient="CPS West Midlands", reason="trial file")
    main = result.file("disclosable").data
    annex = result.file("annex").data
    return _page1(main), _text(main), _text(annex)


S31 = {
    "offence": "Racially aggravated intentional harassment",
    "statute_section": "Crime and Disorder Act 1998 s.31(1)(b)",
    "legal_route": LegalRoute.CDA_S31_PUBLIC_ORDER,
    "cda_underlying": CDAUnderlyingOffence.POA_S4A,
    "aggravated_form_available": True,
    "aggravated_form_charged": True,
    "hocr_code": "9B",
}
S29 = {
    "offence": "Racially aggravated assault by beating",
    "statute_section": "Crime and Disorder Act 1998 s.29(1)(c)",
    "legal_route": LegalRoute.CDA_S29_ASSAULT,
    "cda_underlying": CDAUnderlyingOffence.COMMON_ASSAULT,
    "aggravated_form_available": True,
    "aggravated_form_charged": True,
    "hocr_code": "105B",
}
S66_ASSAULT = {
    "offence": "Assault by beating",
    "statute_section": "Criminal Justice Act 1988 s.39",
    "legal_route": LegalRoute.SA2020_S66_UPLIFT,
    "cda_underlying": None,
    "hocr_code": "105A",
}
S5_BASIC = {
    "offence": "Using threatening words or behaviour",
    "statute_section": "Public Order Act 1986 s.5",
    "legal_route": LegalRoute.SA2020_S66_UPLIFT,
    "aggravated_form_available": True,
    "hocr_code": "9A",
}


@pytest.fixture
def exported(store: Store) -> Callable[..., tuple[str, str, str]]:
    def make(*args: Any, acknowledge: str | None = None, **kw: Any) -> tuple[str, str, str]:
        ref = _make(store, *args, **kw)
        return _export(store, ref, acknowledge)

    return make


def test_a_non_crime_incident_gets_an_incident_record(exported: Callable[..., Any]) -> None:
    page1, main, annex = exported(RecordType.NON_CRIME_HATE_INCIDENT, [RACE], [])
    assert "Non-crime hate incident record" in page1
    assert "no prosecution summary" in main
    for word in ("MG5", "Defendant", "served on the defence", "s.66", "Crime and Disorder Act"):
        assert word not in main, word
        assert word not in annex, word


def test_race_with_a_cda_s31_offence_charged(exported: Callable[..., Any]) -> None:
    page1, main, _ = exported(RecordType.HATE_CRIME, [RACE], [S31])
    assert "HOSTILITY AGGRAVATION ALLEGED" in page1
    assert (
        "the racial hostility is an element of the aggravated offence charged (Crime and "
        "Disorder Act 1998 s.28 and s.31)" in page1
    )
    assert "s.66 does not apply to it (s.66(3))" in page1
    assert "s.66(2)" not in main  # no open-court duty under s.66 for race on a CDA charge
    assert "Defendant: Dean Carver" in main
    assert "Exists: Yes (Crime and Disorder Act 1998 s.31) Charged: Yes" in main
    assert "With intent to cause a person harassment, alarm or distress" in main  # an element


def test_race_with_an_available_but_uncharged_aggravated_form(
    exported: Callable[..., Any],
) -> None:
    with pytest.raises(preflight.Outstanding, match="should not normally be used"):
        exported(RecordType.HATE_CRIME, [RACE], [S5_BASIC])
    page1, main, _ = exported(
        RecordType.HATE_CRIME, [RACE], [S5_BASIC], acknowledge="CPS decision on the MG3"
    )
    assert (
        "the aggravated form under the Crime and Disorder Act 1998 was available but not "
        "charged" in page1
    )
    assert "should not normally be used for racial hostility" in page1
    assert "Basic offence; uplift on sentence sought under Sentencing Act 2020 s.66" in main


def test_disability_with_an_s66_uplift(exported: Callable[..., Any]) -> None:
    page1, main, _ = exported(RecordType.HATE_CRIME, [DISABILITY], [S66_ASSAULT])
    assert (
        "hostility related to disability is an aggravating factor on sentence under "
        "Sentencing Act 2020 s.66 (sought)" in page1
    )
    assert "There is no aggravated offence for this hostility" in page1
    assert (
        "If the defendant is convicted, the court must treat the hostility related to "
        "disability as an aggravating factor and state in open court" in page1
    )
    assert "s.28(1)(a) is cited" not in main
    assert not re.search(r"[Dd]isability aggravated", main)


def test_race_plus_disability_on_a_cda_charge(exported: Callable[..., Any]) -> None:
    page1, _, _ = exported(RecordType.HATE_CRIME, [RACE, DISABILITY], [S29])
    assert "the racial hostility is an element of the aggravated offence charged" in page1
    assert "s.66(3) excludes only racial and religious hostility" in page1
    duty = page1[page1.index("the court must treat") :][:200]
    assert "hostility related to disability" in duty and "racial" not in duty


def test_a_local_strand_only(exported: Callable[..., Any]) -> None:
    page1, main, _ = exported(
        RecordType.HATE_CRIME, [], [], local=[LocalStrand.ALTERNATIVE_SUBCULTURE]
    )
    assert "HOSTILITY: NO MONITORED STRAND RECORDED" in page1
    assert "neither Crime and Disorder Act 1998 s.28 nor Sentencing Act 2020 s.66 applies" in page1
    assert "s.66(2)" not in main and "put on notice" not in main


def test_aggravation_not_proved(exported: Callable[..., Any]) -> None:
    failed = {**S31, "outcome": ChargeOutcome.CONVICTED_AGGRAVATION_NOT_PROVED}
    page1, main, _ = exported(RecordType.HATE_CRIME, [RACE], [failed])
    assert "HOSTILITY AGGRAVATION: NOT PROVED" in page1
    assert "Sentencing Act 2020 s.66 must not then be used for the same racial hostility" in page1
    assert "s.66(2)" not in main
    assert (
        "Recorded as 9B (aggravated); the aggravation was not proved, so the basic offence "
        "code 9A applies" in main
    )
    assert "the Sentencing Council indicators do not arise" in main


def test_acquittal(exported: Callable[..., Any]) -> None:
    acquitted = {**S31, "outcome": ChargeOutcome.ACQUITTED}
    page1, main, _ = exported(RecordType.HATE_CRIME, [RACE], [acquitted])
    assert "HOSTILITY AGGRAVATION: NO CONVICTION" in page1
    assert "there is no hostility aggravation to sentence" in page1
    assert "s.66(2)" not in main and "put on notice" not in main
