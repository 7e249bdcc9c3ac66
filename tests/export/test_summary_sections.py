"""The summary's sections from the prosecutor's file: the disclosure defaults, what each section
says from the new records (listings, bail, MG13, MG15, sign-off, consent), the MG5 order and
its cross-references, and the incident record a non-crime or unclassified incident gets.

Cases are imported into a real store and built with build_summary_data; where a test is about
what the PDF says, the PDF is rendered and read back with pypdf.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader
from testvalues import FAST_KDF, PASSPHRASE

from hcdesk import demo
from hcdesk.casework.cases import find_case
from hcdesk.export.summary.build import build_summary_data
from hcdesk.export.summary.model import (
    DocumentKind,
    Item,
    KeyValues,
    SummaryData,
    SummaryVariant,
    Text,
    all_text,
    fill_blanks,
)
from hcdesk.export.summary.order import ORDER, Part, numbers
from hcdesk.export.summary.render import render_summary
from hcdesk.export.summary.rules import (
    background_disclosable,
    evidence_restricted,
    wish_consent,
    wish_field_restricted,
    without_names,
)
from hcdesk.interchange import importer
from hcdesk.models.base import uuid7
from hcdesk.models.enums import WishItem
from hcdesk.store.store import Store

TODAY = dt.date(2026, 3, 1)
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
URN = "23WK1710025"  # demo case 21: Tariq Khan (born 7 Feb 2011) charged; incident 18 Aug 2025
NCHI_REF = "L-DEMO-000015"  # demo case 15: a non-crime hate incident; subject Megan Lloyd
COURSE_URN = "22BR9430125"  # demo case 2, made a course of conduct
SUBJECT = "Megan Lloyd"

UNCHARGED = "Dean Morris"
PREVIOUS_RELIED = "Shouted abuse at the victim's family outside the shop in June 2025."
GROUP_HELD = "Follows a local group that posts anti-Ahmadi material."
INTEL = "Intelligence: said to have boasted about the damage at a youth club."
UNCHARGED_PREVIOUS = "Two earlier reports of abuse near the college (not charged)."
UNCHARGED_ORDERS = "Community protection warning, May 2025."
EV_PREVIOUS_HELD = "Earlier incident: spat at the victim's brother in May 2025."
EV_GROUP_RELIED = "Wore a badge of a group that promotes hostility to Ahmadi Muslims."
EV_EARLIER_HELD = "A week before, wrote 'go back' on the victim's locker."
EV_INTEL_RELIED = "Source reports the suspect planned to target the victim."
VICTIM_SAYS = "She was at her locker when the boy said the words in Urdu and tore her bag."
WITNESS_SAYS = "She heard the words from the corridor and saw the torn books."
ACCOUNT_CHARGED = "Accepted being there; denied damaging the bag."
HOSTILITY_RESPONSE = "Denied saying the words; said it was a row about a football."
ACCOUNT_UNCHARGED = "Made no comment to all questions."
BAIL_CONDITIONS = "Not to contact the victim; not to enter Windy Arbour."
BAIL_GROUNDS = "To prevent interference with the victim as a witness."
UNCHARGED_BAIL = "Released while enquiries continue."
MG13_TERMS = "Not to contact Sana Malik directly or indirectly for two years."
MG13_GROUNDS = "To protect the victim from further harassment."


def _evidence(words: str, source: str, **extra: Any) -> dict[str, Any]:
    item = {
        "id": uuid7(),
        "strand": "RELIGION",
        "local_strand": None,
        "limb": "MOTIVATED",
        "timing": "DURING",
        "words_or_conduct": words,
        "language": None,
        "translation": None,
        "source": source,
        "exhibit_ref": None,
        "witness_ref": None,
        "perceived_by": "VICTIM",
        "aggravation_factors": [],
        "disclosure_class": "DISCLOSABLE",
        "relied_on": False,
    }
    item.update(extra)
    return item


def _person(name: str, **extra: Any) -> dict[str, Any]:
    person = {
        "id": uuid7(),
        "name": name,
        "date_of_birth": "2008-05-01",
        "gender": "Male",
        "address": "12 Elm Row, Kenilworth",
        "postcode": "CV8 1AA",
        "phone": "07700 900111",
        "interpreter_needed": False,
        "language": None,
    }
    person.update(extra)
    return person


def _court_case(case: dict[str, Any]) -> None:
    """Demo case 21 with a second, uncharged suspect and the whole prosecutor's file."""
    tariq = case["suspects"][0]
    tariq.update(
        previous_incidents=PREVIOUS_RELIED,
        previous_incidents_relied_on=True,
        group_association=GROUP_HELD,
        intelligence=INTEL,
    )
    dean = _person(
        UNCHARGED,
        previous_incidents=UNCHARGED_PREVIOUS,
        previous_incidents_relied_on=True,  # relied on, but he is not charged
        orders_injunctions=UNCHARGED_ORDERS,
        language="Polish",
    )
    case["suspects"].append(dean)
    case["charges"][0]["defendant_id"] = tariq["id"]
    case["victim"].update(statement_summary=VICTIM_SAYS, statement_date="2025-09-17")
    case["witnesses"][0].update(statement_summary=WITNESS_SAYS, statement_date="2025-09-18")
    case["hostility_evidence"] += [
        _evidence(EV_PREVIOUS_HELD, "PREVIOUS_INCIDENT"),
        _evidence(EV_GROUP_RELIED, "GROUP_ASSOCIATION", relied_on=True),
        _evidence(EV_EARLIER_HELD, "GRAFFITI_DAMAGE", timing="BACKGROUND_EARLIER"),
        _evidence(EV_INTEL_RELIED, "INTELLIGENCE", relied_on=True),
    ]
    case["court_listings"] = [
        {
            "id": uuid7(),
            "court": "Leamington Spa Youth Court",
            "listed_for": "2026-01-05",
            "time": "10:00",
            "hearing_type": "FIRST_HEARING",
            "notes": None,
        },
        {
            "id": uuid7(),
            "court": "Leamington Spa Youth Court",
            "listed_for": "2026-04-14",
            "time": "10:00",
            "hearing_type": "TRIAL",
            "notes": None,
        },
    ]
    case["bail_records"] = [
        {
            "id": uuid7(),
            "person_id": tariq["id"],
            "status": "COURT_BAIL",
            "proposed": False,
            "conditions": BAIL_CONDITIONS,
            "grounds": BAIL_GROUNDS,
            "from_date": "2026-01-05",
            "until_date": "2026-04-14",
        },
        {
            "id": uuid7(),
            "person_id": dean["id"],
            "status": "RELEASED_UNDER_INVESTIGATION",
            "proposed": False,
            "conditions": None,
            "grounds": UNCHARGED_BAIL,
            "from_date": "2025-10-20",
            "until_date": None,
        },
    ]
    case["court_applications"] = [
        {
            "id": uuid7(),
            "person_id": tariq["id"],
            "kind": "RESTRAINING_ORDER",
            "terms": MG13_TERMS,
            "grounds": MG13_GROUNDS,
            "victim_consulted": True,
            "outcome": None,
        }
    ]
    case["interview_accounts"] = [
        {
            "id": uuid7(),
            "person_id": tariq["id"],
            "interviewed_on": "2025-10-06",
            "account": "PARTIAL_ADMISSION",
            "summary": ACCOUNT_CHARGED,
            "hostility_response": HOSTILITY_RESPONSE,
            "record_ref": "MG15-TK1",
        },
        {
            "id": uuid7(),
            "person_id": dean["id"],
            "interviewed_on": "2025-10-20",
            "account": "NO_COMMENT",
            "summary": ACCOUNT_UNCHARGED,
            "hostility_response": None,
            "record_ref": "MG15-DM1",
        },
    ]
    case["summary_signoffs"] = [
        {
            "id": uuid7(),
            "role": "OIC",
            "signed_by": "DC 3706 Craig Astley",
            "signed_at": "2026-02-01T10:00:00Z",
            "document_version": 1,
            "notes": None,
        },
        {
            "id": uuid7(),
            "role": "OIC",
            "signed_by": "DC 3706 Craig Astley",
            "signed_at": "2026-02-20T10:00:00Z",
            "document_version": 2,
            "notes": None,
        },
        {
            "id": uuid7(),
            "role": "SUPERVISOR",
            "signed_by": "DS 7603 Nataliia Oliinyk",
            "signed_at": "2026-02-02T09:00:00Z",
            "document_version": 1,
            "notes": None,
        },
    ]
    case["disclosure_consents"] = [
        {
            "id": uuid7(),
            "recorded_at": "2026-02-10T15:30:00Z",
            "recorded_by": "PCSO 5162 Lucy Bennett",
            "given_by": "Sana Malik, with her father Bilal Khan",
            "oic_agreed": True,
            "wish_items": ["VIEWS_ON_PROSECUTION", "COMPENSATION"],
            "notes": None,
        }
    ]


def _documents() -> dict[str, Any]:
    doc = demo.generate(21, seed=1, today=TODAY)
    court, course, nchi = doc["cases"][20], doc["cases"][1], doc["cases"][14]
    assert court["urn"] == URN and course["urn"] == COURSE_URN and nchi["local_ref"] == NCHI_REF
    _court_case(court)
    course["incident_end_date"] = "2025-07-30"
    assert nchi["suspects"][0]["name"] == SUBJECT
    nchi["summary"] += f" {SUBJECT} was spoken to and given words of advice."
    nchi["suspects"][0]["group_association"] = GROUP_HELD
    return {"format": doc["format"], "version": doc["version"], "cases": [court, course, nchi]}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    st = Store.create(
        tmp_path_factory.mktemp("sections") / "profile", PASSPHRASE, kdf=FAST_KDF, officer="PC T1"
    )
    with st.transaction(reason="test data") as s:
        importer.import_document(s, _documents())
    yield st
    st.close()


def _data(
    store: Store, ref: str, variant: SummaryVariant = SummaryVariant.CPS, **kw: Any
) -> SummaryData:
    with store.transaction() as s:
        return build_summary_data(s, find_case(s, ref).id, variant, generated_at=NOW, **kw)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u200a", " "))


def _parts(data: SummaryData) -> tuple[str, str]:
    """(disclosable text, annex text) of the summary as built."""
    return _flat(" ".join(all_text(data.sections))), _flat(" ".join(all_text(data.annex)))


def _pdf_parts(data: SummaryData) -> tuple[str, str]:
    """(disclosable pages, annex pages) of the rendered PDF, read back."""
    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(render_summary(data))).pages]
    main = [p for p in pages if re.search(r"(?<!Annex A - )Page \d+ of \d+", p)]
    annex = [p for p in pages if re.search(r"Annex A - Page \d+ of \d+", p)]
    assert len(main) + len(annex) == len(pages)
    return _flat(" ".join(main)), _flat(" ".join(annex))


@pytest.fixture(scope="module")
def court(store: Store) -> SummaryData:
    return _data(store, URN, recipient="CPS", reason="trial file", summary_version=2)


@pytest.fixture(scope="module")
def court_pdf(court: SummaryData) -> tuple[str, str]:
    return _pdf_parts(court)


def _section(data: SummaryData, part: Part, annex: bool = False) -> str:
    number = numbers(data.kind)[part]
    secs = data.annex if annex else data.sections
    want = f"A{number}" if annex else number
    return _flat(" ".join(all_text([s for s in secs if s.number == want])))


# -- 1. disclosure defaults --------------------------------------------------------------------


def test_background_evidence_goes_to_the_annex_unless_relied_on(
    court: SummaryData, court_pdf: tuple[str, str]
) -> None:
    main, annex = court_pdf
    for held in (EV_PREVIOUS_HELD, EV_EARLIER_HELD):
        assert held not in main and held in annex, held
    assert EV_GROUP_RELIED in main and EV_GROUP_RELIED not in annex
    assert "Background: not relied on" in annex
    # the rule itself, on plain records
    base = {"source": "PREVIOUS_INCIDENT", "timing": "DURING", "disclosure_class": "DISCLOSABLE"}
    assert evidence_restricted(base)
    assert not evidence_restricted({**base, "relied_on": True})
    assert evidence_restricted({**base, "source": "CCTV", "timing": "BACKGROUND_EARLIER"})
    assert not evidence_restricted({**base, "source": "CCTV"})
    assert evidence_restricted({**base, "source": "CCTV", "disclosure_class": "POLICE_CPS_ONLY"})


def test_intelligence_is_never_disclosed_even_if_relied_on(
    court: SummaryData, court_pdf: tuple[str, str]
) -> None:
    main, annex = court_pdf
    for secret in (EV_INTEL_RELIED, INTEL):
        assert secret not in main and secret in annex, secret
    assert "Intelligence: never disclosed" in annex
    # nothing on the disclosable pages even says intelligence exists
    assert "ntelligence" not in main
    intel = {"source": "INTELLIGENCE", "timing": "DURING", "disclosure_class": "DISCLOSABLE"}
    assert evidence_restricted({**intel, "relied_on": True})


def test_suspect_background_prints_only_when_relied_on_and_charged(
    court: SummaryData, court_pdf: tuple[str, str]
) -> None:
    main, annex = court_pdf
    background = _section(court, Part.BACKGROUND)
    assert PREVIOUS_RELIED in background  # relied on, and Tariq Khan is charged
    assert GROUP_HELD not in main and GROUP_HELD in annex  # not relied on
    assert UNCHARGED_PREVIOUS not in main and UNCHARGED_PREVIOUS in annex  # relied on, uncharged
    assert "No group association is relied on" in background
    assert "MG16" in background
    charged = {"id": "a", "role": "SUSPECT", "previous_incidents_relied_on": True}
    assert background_disclosable(charged, "previous_incidents", {"a"})
    assert not background_disclosable(charged, "previous_incidents", set())
    assert not background_disclosable(charged, "group_association", {"a"})
    assert not background_disclosable({**charged, "intelligence": "x"}, "intelligence", {"a"})


def test_an_uncharged_suspect_is_labelled_and_held_in_the_annex(
    court: SummaryData, court_pdf: tuple[str, str]
) -> None:
    main, annex = court_pdf
    assert f"Suspect (not charged) {UNCHARGED}" in main  # name and role only
    assert "Defendant Tariq Khan" in main
    assert "Defendant / suspect" not in main + annex
    for about_him in (
        UNCHARGED_ORDERS,
        ACCOUNT_UNCHARGED,
        UNCHARGED_BAIL,
        "MG15-DM1",
        "Language: Polish",
        "Released under investigation",
    ):
        assert about_him not in main, about_him
        assert about_him in annex, about_him
    assert "Suspect (not charged)" in annex


def test_only_consented_wish_items_are_disclosed(
    court: SummaryData, court_pdf: tuple[str, str]
) -> None:
    main, annex = court_pdf
    wishes = _section(court, Part.WISHES)
    assert "Wants prosecution Yes" in wishes
    assert "Compensation sought (MG19) No" in wishes
    assert "Out-of-court disposal" not in wishes  # not consented
    assert "only their views on prosecution and compensation" in wishes
    assert "recorded by PCSO 5162 Lucy Bennett on 10 Feb 2026 15:30 GMT" in wishes
    for never in (
        "I'll go to court if I can give evidence behind a screen.",  # the victim's words
        "Only when there is news",  # contact frequency
        "Screens",  # special measures
        "Sana Malik, with her father Bilal Khan",  # who gave consent
    ):
        assert never not in main, never
    assert "I'll go to court if I can give evidence behind a screen." in annex
    assert "Only when there is news" in annex


def test_wish_consent_is_the_latest_agreed_entry_narrowed_by_later_ones() -> None:
    at = [dt.datetime(2026, 1, d, tzinfo=dt.UTC) for d in (1, 2, 3, 4)]
    agreed_all = {
        "recorded_at": at[0],
        "recorded_by": "PC A",
        "oic_agreed": True,
        "wish_items": list(WishItem),
    }
    not_agreed = {"recorded_at": at[1], "recorded_by": "PC B", "oic_agreed": False}
    # an entry the OIC has not agreed to cannot widen consent
    c = wish_consent({}, [agreed_all, {**not_agreed, "wish_items": ["COMPENSATION"]}])
    assert c.items == {WishItem.COMPENSATION} and c.recorded_by == "PC B"
    # ... but narrowing needs no OIC; an entry with no items withdraws it
    assert not wish_consent({}, [agreed_all, {**not_agreed, "wish_items": []}]).given
    # a later agreed entry replaces the earlier one
    later = {**agreed_all, "recorded_at": at[2], "recorded_by": "PC C", "wish_items": []}
    assert not wish_consent({}, [agreed_all, later]).given
    again = {**later, "recorded_at": at[3], "wish_items": ["VIEWS_ON_PROSECUTION"]}
    c = wish_consent({}, [agreed_all, later, again])
    assert c.items == {WishItem.VIEWS_ON_PROSECUTION} and c.recorded_at == at[3]
    # never agreed: nothing
    assert not wish_consent({}, [{**not_agreed, "wish_items": list(WishItem)}]).given
    # the legacy flag alone: all three, who and when not recorded
    legacy = wish_consent({"victim_agreed_wishes_disclosed": True}, [])
    assert legacy.items == set(WishItem) and legacy.legacy and legacy.recorded_by is None
    # entries, once there are any, decide; the flag does not add to them
    assert not wish_consent({"victim_agreed_wishes_disclosed": True}, [later]).given
    # the fields: only the three, whatever the consent
    assert wish_field_restricted("victim_words", legacy)
    assert wish_field_restricted("contact_channel", legacy)
    assert wish_field_restricted("special_measures", legacy)
    assert not wish_field_restricted("out_of_court_views", legacy)


# -- 2. section content ------------------------------------------------------------------------


def test_identification_gives_the_next_hearing_and_the_youth_flag(
    court: SummaryData, court_pdf: tuple[str, str]
) -> None:
    main, annex = court_pdf
    ident = _section(court, Part.IDENTIFICATION)
    assert "Court Leamington Spa Youth Court" in ident
    assert "Next hearing Trial, 14 Apr 2026 at 10:00" in ident
    assert "Youth: under 18 at the offence date" in ident  # born 7 Feb 2011, offence 18 Aug 2025
    assert "7 Feb 2011" not in main and "7 Feb 2011" in annex  # the date of birth itself
    # the annex no longer repeats a listing from the Victims' Code log beside section 1
    assert "Latest listing told to the victim" not in annex
    # the youth flag is for defendants only: Dean Morris (born 2008, so 17) is not charged
    assert ident.count("Youth:") == 1


def test_identification_says_last_listed_when_no_hearing_is_ahead(store: Store) -> None:
    with store.transaction() as s:
        case_id = find_case(s, URN).id
        data = build_summary_data(
            s, case_id, generated_at=dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
        )
    ident = _section(data, Part.IDENTIFICATION)
    assert "Court Leamington Spa Youth Court" in ident
    assert "Next hearing None; last listed 14 Apr 2026 at 10:00 (trial)" in ident


def test_a_course_of_conduct_gives_the_incident_period(store: Store) -> None:
    data = _data(store, COURSE_URN)
    ident = _section(data, Part.IDENTIFICATION)
    assert re.search(r"Incident period \d+ \w+ 2025 to 30 Jul 2025 \(a course of conduct\)", ident)
    assert "between" in _section(data, Part.HEADLINE)


def test_the_headline_alleges_and_does_not_call_it_a_hate_crime(court: SummaryData) -> None:
    head = _section(court, Part.HEADLINE)
    ev = numbers(court.kind)[Part.EVIDENCE]
    assert (
        "It is alleged that on 18 Aug 2025 at about 10:45 at A sixth-form college, Windy Arbour, "
        "Kenilworth, Tariq Khan committed religiously aggravated criminal damage."
    ) in head
    assert (
        "The victim, a witness, a family member and a police officer or member of staff "
        "perceived it as motivated by hostility on the "
        f"grounds of religion; the prosecution relies on the evidence in section {ev} to prove "
        "the hostility."
    ) in head
    assert not re.search(r"\bA hate crime\b", head)
    assert "A hate crime" not in " ".join(all_text(court.sections))


def test_the_chronology_has_listings_bail_and_interviews(court: SummaryData) -> None:
    head = _section(court, Part.HEADLINE)
    for event in (
        "6 Oct 2025 Tariq Khan: interviewed (partial admission).",
        "5 Jan 2026 Tariq Khan: court bail until 14 Apr 2026.",
        "5 Jan 2026 First hearing at Leamington Spa Youth Court at 10:00.",
        "14 Apr 2026 Trial at Leamington Spa Youth Court at 10:00.",
        "12 Dec 2025 Tariq Khan charged: Religiously aggravated criminal damage.",
    ):
        assert event in head, event
    assert UNCHARGED not in head  # his interview and release are in the annex's chronology
    assert f"{UNCHARGED}: interviewed (no comment)." in _section(court, Part.HEADLINE, annex=True)


def test_what_the_key_witnesses_say_comes_from_their_statements(court: SummaryData) -> None:
    head = _section(court, Part.HEADLINE)
    assert f"(statement MG11-V1, made 17 Sep 2025): {VICTIM_SAYS}" in head
    assert (
        f"Witness Hina Shah (teacher) (statement MG11-W1, made 18 Sep 2025): {WITNESS_SAYS}" in head
    )
    assert "Gives evidence of E1:" in head


def test_the_schedule_is_followed_by_each_suspects_interview_account(court: SummaryData) -> None:
    schedule = _section(court, Part.EVIDENCE)
    for text in (
        "Admissions or denials in interview (MG15)",
        "Tariq Khan",
        "Partial admission",
        "6 Oct 2025",
        ACCOUNT_CHARGED,
        HOSTILITY_RESPONSE,
        "MG15-TK1",
    ):
        assert text in schedule, text
    assert ACCOUNT_UNCHARGED in _section(court, Part.EVIDENCE, annex=True)


def test_risk_gives_bail_remand_and_mg13_applications(court: SummaryData) -> None:
    risk = _section(court, Part.RISK)
    for text in (
        "Court bail",
        "Imposed",
        BAIL_CONDITIONS,
        BAIL_GROUNDS,
        "From 5 Jan 2026 until 14 Apr 2026",
        "Restraining order",
        MG13_TERMS,
        MG13_GROUNDS,
        "Victim's views taken",
    ):
        assert text in risk, text
    assert UNCHARGED_BAIL in _section(court, Part.RISK, annex=True)
    index = _section(court, Part.FILE_INDEX)
    assert f"1 application(s) recorded; see section {numbers(court.kind)[Part.RISK]}" in index
    assert "MG15-TK1" in index and "MG15-DM1" not in index


def test_certification_shows_the_latest_signoff_and_an_earlier_version(store: Store) -> None:
    v2 = _section(_data(store, URN, summary_version=2), Part.CERTIFICATION)
    assert "Signed by DC 3706 Craig Astley on 20 Feb 2026 10:00 GMT for version 2." in v2
    assert "1 Feb 2026" not in v2  # replaced by the later sign-off
    assert (
        "Signed by DS 7603 Nataliia Oliinyk on 2 Feb 2026 09:00 GMT for version 1. This sign-off "
        "is for an earlier version of this summary; version 2 (this document) has not been "
        "certified."
    ) in v2
    assert v2.count("earlier version") == 1  # the OIC's is for this version
    v3 = _section(_data(store, URN, summary_version=3), Part.CERTIFICATION)
    assert v3.count("earlier version") == 2


def test_one_not_recorded_line_in_place_of_many() -> None:
    block = KeyValues(
        [
            Item("URN", "23WK1710025"),
            Item("Crime reference", ""),
            Item("CPS area", ""),
            Item("File stage", ""),
            Item("Address", "", restricted=True),
        ]
    )
    out = fill_blanks(block)
    assert isinstance(out[0], KeyValues) and [i.label for i in out[0].items] == ["URN"]
    assert out[1] == Text("Not recorded: crime reference, CPS area and file stage.", "empty")
    assert out[2] == Text("Not recorded: address.", "empty", restricted=True)
    assert block.items[1].value == ""  # the block given is left as it was
    assert fill_blanks(KeyValues([Item("URN", "X")])) == [KeyValues([Item("URN", "X")])]


def test_identification_prints_one_not_recorded_line(store: Store) -> None:
    main, _ = _pdf_parts(_data(store, COURSE_URN))
    assert main.count("Not recorded:") >= 1
    assert "Not recorded Not recorded" not in main


# -- 3. the incident record --------------------------------------------------------------------

FORBIDDEN = ("MG5", "Defendant", "served on the defence", "s.66", "Crime and Disorder Act")
# What render.py prints of its own on every disclosable page; it should print
# SummaryData.part_bands and SummaryData.subtitle instead (the PDF engineer's change).
RENDER_OWNED = (
    "DISCLOSABLE - case summary (MG5) - may be served on the defence",
    "MG5-style police report: the disclosable summary",
)


@pytest.fixture(scope="module")
def nchi(store: Store) -> SummaryData:
    return _data(store, NCHI_REF)


def test_a_non_crime_incident_gets_an_incident_record(nchi: SummaryData) -> None:
    assert nchi.kind is DocumentKind.INCIDENT_RECORD
    assert nchi.title == "Non-crime hate incident record"
    assert "Not a prosecution document and not for service" in nchi.caveat
    numbers_ = [s.number for s in nchi.sections]
    assert numbers_ == [str(n) for n in (1, *range(3, len(ORDER[nchi.kind]) + 1))]
    titles = [s.title for s in nchi.sections]
    assert "Charges and offences" not in titles and "Aggravation-level indicators" not in titles
    assert nchi.banner.statements == []  # no legal route, no open-court duty
    for text in (nchi.title, nchi.caveat, nchi.subtitle, *nchi.part_bands.values()):
        for word in FORBIDDEN:
            assert word not in text, (word, text)


def test_the_incident_record_pdf_is_not_a_prosecution_document(nchi: SummaryData) -> None:
    main, annex = _pdf_parts(nchi)
    for owned in RENDER_OWNED:  # printed by render.py until it prints the data's own bands
        main = main.replace(owned, "")
    for word in FORBIDDEN:
        assert word not in main, word
        assert word not in annex, word
    assert "Non-crime hate incident record" in main
    assert "recorded as a non-crime hate incident: no offence is recorded" in main
    assert "Not a prosecution document and not for service" in main  # the caveat, every page


def test_the_incident_record_pdf_furniture_says_what_it_is(nchi: SummaryData) -> None:
    main, _ = _pdf_parts(nchi)
    for word in FORBIDDEN:
        assert word not in main, word


def test_the_incident_records_subject_is_named_only_in_the_annex(nchi: SummaryData) -> None:
    main, annex = _pdf_parts(nchi)
    assert SUBJECT not in main
    assert f"Subject {SUBJECT}" in annex
    assert "[the subject] was spoken to" in main  # the summary of events, name taken out
    assert GROUP_HELD in annex and GROUP_HELD not in main
    assert "Suspect" not in " ".join(all_text(nchi.sections))
    assert without_names("Megan LLOYD said; Megan Lloyds", [SUBJECT]) == (
        "[the subject] said; Megan Lloyds"
    )


# -- 4. MG5 order and cross-references ---------------------------------------------------------


def test_the_prosecution_summary_is_in_mg5_order(court: SummaryData) -> None:
    titles = [s.title for s in court.sections]
    assert titles[:4] == [
        "Case identification",
        "Charges and offences",
        "Hostility evidence schedule",
        "Headline, summary of events and key witnesses",
    ]
    assert [s.number for s in court.sections] == [str(n) for n in (1, *range(3, 17))]
    annex_numbers = {s.number for s in court.annex}
    assert annex_numbers <= {f"A{s.number}" for s in court.sections}


def test_cross_references_follow_the_order(court: SummaryData) -> None:
    n = numbers(court.kind)
    schedule = next(s for s in court.sections if s.title == "Hostility evidence schedule")
    assert schedule.number == n[Part.EVIDENCE] == "4"
    assert f"evidence in section {n[Part.EVIDENCE]} to prove" in _section(court, Part.HEADLINE)
    assert f"See also the evidence in section {n[Part.EVIDENCE]}: E" in _section(
        court, Part.BACKGROUND
    )
    assert (
        f"certify sections {n[Part.IDENTIFICATION]} to {n[Part.INDICATORS]} of this summary"
        in _section(court, Part.CERTIFICATION)
    )
    assert f"summarised in section {n[Part.EVIDENCE]}" in _section(court, Part.FILE_INDEX)
