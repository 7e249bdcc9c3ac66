"""The case list's filters, search and sorting, against a real store of demo cases."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from hcdesk import demo
from hcdesk.casework.caselist import CaseFilter, count_cases, fetch_rows
from hcdesk.interchange import importer
from hcdesk.models import CaseFile, Person
from hcdesk.models.enums import CaseStatus, MonitoredStrand, PersonRole, RecordType
from hcdesk.store.store import Store

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def filled(store: Store) -> Store:
    with store.transaction() as s:
        importer.import_document(s, demo.generate(120, seed=21, today=TODAY))
    return store


def all_rows(store: Store, f: CaseFilter, **kw: object) -> list:  # type: ignore[type-arg]
    with store.engine_or_raise().connect() as conn:
        return fetch_rows(conn, f, limit=10_000, **kw)  # type: ignore[arg-type]


def test_count_and_rows_agree_for_every_filter(filled: Store) -> None:
    filters = [
        CaseFilter(today=TODAY),
        CaseFilter(text="a", today=TODAY),
        CaseFilter(strand=MonitoredStrand.RACE, today=TODAY),
        CaseFilter(record_type=RecordType.NON_CRIME_HATE_INCIDENT, today=TODAY),
        CaseFilter(statuses=frozenset({CaseStatus.OPEN}), today=TODAY),
        CaseFilter(overdue_only=True, today=TODAY),
        CaseFilter(text="a", strand=MonitoredStrand.RELIGION, today=TODAY),
    ]
    for f in filters:
        with filled.engine_or_raise().connect() as conn:
            total = count_cases(conn, f)
        assert len(all_rows(filled, f)) == total, f
        assert total > 0, f


def test_search_finds_a_victim_by_surname_without_accents(filled: Store) -> None:
    with filled.session() as s:
        name = (
            s.scalars(
                sa.select(Person.name).where(
                    Person.role == PersonRole.VICTIM, Person.name.like("%ó%")
                )
            ).first()
            or s.scalars(sa.select(Person.name).where(Person.role == PersonRole.VICTIM)).first()
        )
    assert name
    surname = name.split()[-1]
    plain = surname.translate(str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ"))
    rows = all_rows(filled, CaseFilter(text=plain[:4], today=TODAY))
    assert any(surname in r.victim for r in rows)


def test_searching_newest_first_matches_the_general_query(filled: Store) -> None:
    """The fast search path returns the same cases as filtering the list index."""
    f = CaseFilter(text="street", today=TODAY)
    fast = {r.case_id for r in all_rows(filled, f)}
    slow = {r.case_id for r in all_rows(filled, f, sort="reference")}
    assert fast == slow and fast


def test_filters_select_what_they_say(filled: Store) -> None:
    for r in all_rows(filled, CaseFilter(strand=MonitoredStrand.DISABILITY, today=TODAY)):
        assert "DISABILITY" in r.strands
    for r in all_rows(filled, CaseFilter(overdue_only=True, today=TODAY)):
        assert r.overdue(TODAY)
    rows = all_rows(filled, CaseFilter(today=TODAY), sort="reference", descending=False)
    refs = [r.reference for r in rows]
    assert refs == sorted(refs)


def test_a_changed_case_moves_to_the_top(filled: Store) -> None:
    first = all_rows(filled, CaseFilter(today=TODAY))[-1]
    with filled.transaction() as s:
        case = s.get(CaseFile, first.case_id)
        assert case is not None
        case.place = "Market Place, Warwick"
    top = all_rows(filled, CaseFilter(today=TODAY))[0]
    assert top.case_id == first.case_id and top.place == "Market Place, Warwick"
    top_search = all_rows(filled, CaseFilter(text="warwick", today=TODAY))[0]
    assert top_search.case_id == first.case_id
