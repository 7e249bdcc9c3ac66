"""The repeat pattern in the court summary: the other cases sharing the victim, a suspect or the
place are set out in the background section of the police/CPS-only annex, worded neutrally, and
never in the disclosable summary. Checked on real PDFs made by the export (hcdesk.export.service)
and read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from testvalues import FAST_KDF, PASSPHRASE

from hcdesk import demo
from hcdesk.casework import repeats
from hcdesk.casework.casefile import read_case_file
from hcdesk.casework.cases import find_case, new_case, void_case
from hcdesk.export.service import export_summary
from hcdesk.export.summary import rules
from hcdesk.export.summary.build import build_summary_data
from hcdesk.export.summary.model import SummaryVariant, all_text
from hcdesk.interchange import importer
from hcdesk.models import Person
from hcdesk.models.enums import PersonRole, RecordType
from hcdesk.store.store import Store

URN = "23WK1710025"  # a demo hate crime with a victim, suspects and a place
WHO = {"recipient": "CPS West Midlands", "reason": "file for first hearing"}
SAME_VICTIM = "23WK1202726"
SAME_SUSPECT = "23WK1202727"
SAME_PLACE = "23WK1202728"
VOIDED = "23WK1202729"


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("links") / "profile"
    st = Store.create(path, PASSPHRASE, kdf=FAST_KDF, officer="PC 4321 Exporter")
    with st.transaction(reason="test data") as s:
        importer.import_document(s, demo.generate(21, seed=1, today=dt.date(2026, 3, 1)))
    with st.session() as s:
        view = read_case_file(s, find_case(s, URN).id, consult=False)
    victim = view.victim()
    suspect = next(p for p in view.people if p.role == PersonRole.SUSPECT)
    assert victim is not None and victim.date_of_birth and suspect.date_of_birth
    assert repeats.place_key(view) is not None, view.case.place
    # Planted: a case of the same victim (typed differently), one of a suspect, one at the
    # place (its victim another person living in the same postcode district, as the rule of
    # the place asks), and one of the same victim that is then voided.
    assert victim.postcode
    with st.transaction(reason="test data") as s:
        planted = {}
        for urn, day, role, person, place in (
            (SAME_VICTIM, dt.date(2025, 3, 2), PersonRole.VICTIM, victim, None),
            (SAME_SUSPECT, dt.date(2024, 11, 20), PersonRole.SUSPECT, suspect, None),
            (SAME_PLACE, None, PersonRole.VICTIM, None, f"  {(view.case.place or '').upper()} "),
            (VOIDED, dt.date(2025, 5, 5), PersonRole.VICTIM, victim, None),
        ):
            case = new_case(s, RecordType.HATE_CRIME, urn=urn, incident_date=day, place=place)
            s.flush()
            planted[urn] = case.id
            if person is None and role is not None:
                district = repeats.postcode_district(victim.postcode)
                s.add(Person(case_id=case.id, role=role, name="Another Person", postcode=district))
            if person is not None:
                s.add(
                    Person(
                        case_id=case.id,
                        role=role,
                        name=f" {person.name.upper()} ",
                        date_of_birth=person.date_of_birth,
                    )
                )
        s.flush()
        void_case(s, planted[VOIDED], "Opened twice for the same report", by="PC Test")
    st.close()
    yield path


@pytest.fixture(scope="module")
def store(profile: Path) -> Iterator[Store]:
    st = Store.open(profile, PASSPHRASE)
    yield st
    st.close()


@pytest.fixture(scope="module")
def names(store: Store) -> tuple[str, str, str, str]:
    """The victim's name, their date of birth as the summary prints it, a suspect's name and
    the place, as recorded on the case summarised."""
    with store.session() as s:
        view = read_case_file(s, find_case(s, URN).id, consult=False)
    victim = view.victim()
    assert victim is not None and victim.date_of_birth is not None
    suspect = next(p for p in view.people if p.role == PersonRole.SUSPECT)
    return (
        victim.name,
        victim.date_of_birth.strftime("%d/%m/%Y"),
        suspect.name,
        view.case.place or "",
    )


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _parts(store: Store, variant: str = "cps") -> dict[str, str]:
    result = export_summary(store, URN, variant, **WHO)
    return {
        f.part.value: _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(f.data)).pages))
        for f in result.files
    }


def test_a_link_to_another_case_goes_to_the_annex(
    store: Store, names: tuple[str, str, str, str]
) -> None:
    victim, born, suspect, place = names
    parts = _parts(store)
    main, annex = parts["disclosable"], parts["annex"]
    assert (
        "Another case on this force's records shares the victim's name and date of birth: "
        f"{SAME_VICTIM} (hate crime, 2 Mar 2025)." in annex
    ), annex
    assert (
        "Another case on this force's records shares the name and date of birth of the suspect "
        f"{suspect}: {SAME_SUSPECT} (hate crime, 20 Nov 2024)." in annex
    )
    assert (
        f"Another case on this force's records shares the place of the incident ({place}): "
        f"{SAME_PLACE} (hate crime)." in annex
    )
    assert "a pattern, not proven" in annex and "Same victim" in annex
    # The disclosable summary says nothing of them, not even that there are any.
    for ref in (SAME_VICTIM, SAME_SUSPECT, SAME_PLACE, VOIDED):
        assert ref not in main and ref not in main.replace(" ", "")
    assert "force's records" not in main and "not proven" not in main
    # A voided case is no link; the victim's name as the other case typed it is not printed.
    assert VOIDED not in annex
    assert f" {victim.upper()} " not in annex or victim.upper() == victim
    assert born not in annex  # dates are printed the summary's way: "1 Apr 1990"


def test_the_full_summary_shows_the_links_as_police_only(store: Store) -> None:
    (text,) = _parts(store, "full").values()
    assert f"{SAME_VICTIM} (hate crime, 2 Mar 2025)" in text
    at = text.index("Other cases sharing the victim")
    assert "POLICE/CPS ONLY" in text[at - 80 : at]  # tagged as restricted material


def test_the_rule_puts_every_kind_of_link_in_the_annex(store: Store) -> None:
    with store.transaction() as s:
        data = build_summary_data(s, find_case(s, URN).id, SummaryVariant.CPS, consult=False)
    open_text = " ".join(all_text(data.sections))
    closed_text = " ".join(all_text(data.annex))
    for ref in (SAME_VICTIM, SAME_SUSPECT, SAME_PLACE):
        assert ref not in open_text and ref in closed_text
    for kind in repeats.KINDS:
        link = repeats.Link("x", "REF", RecordType.HATE_CRIME, None, kind, "w", "", "")
        assert rules.link_restricted(link)
