"""The links of one case (hcdesk.casework.repeats.linked_cases) on a real store: planted cases
sharing a victim, a suspect or a place are linked, with the reason in words; a voided or deleted
case is not, a place that names only a town links nothing, and a case is never its own link."""

from __future__ import annotations

import datetime as dt

import pytest

from hcdesk.casework import repeats, workindex
from hcdesk.casework.casefile import read_case_file
from hcdesk.casework.cases import new_case, void_case
from hcdesk.models import CaseFile, Person
from hcdesk.models.enums import PersonRole, RecordType
from hcdesk.store.store import Store

TODAY = dt.date(2026, 11, 25)
BORN = dt.date(1990, 4, 1)


def plant(
    store: Store,
    victim: tuple[str, dt.date | None, str | None] | None = None,
    *,
    suspects: tuple[tuple[str, dt.date | None], ...] = (),
    place: str | None = None,
    urn: str | None = None,
    record_type: RecordType = RecordType.HATE_CRIME,
    incident: dt.date | None = None,
) -> str:
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, record_type, place=place, urn=urn, incident_date=incident)
        s.flush()
        if victim is not None:
            name, born, postcode = victim
            s.add(
                Person(
                    case_id=case.id,
                    role=PersonRole.VICTIM,
                    name=name,
                    date_of_birth=born,
                    postcode=postcode,
                )
            )
        for name, born in suspects:
            s.add(Person(case_id=case.id, role=PersonRole.SUSPECT, name=name, date_of_birth=born))
        return case.id


def links(store: Store, case_id: str) -> list[repeats.Link]:
    workindex.catch_up(store, TODAY)
    with store.session() as s:
        view = read_case_file(s, case_id, consult=False)
        return repeats.linked_cases(s, view)


def reasons(found: list[repeats.Link]) -> list[tuple[str, str]]:
    return [(link.reference, link.reason) for link in found]


def test_cases_sharing_a_victim_are_linked_with_the_reason_in_words(store: Store) -> None:
    me = plant(store, ("Leyla Demir", BORN, None), place="Rugby")
    other = plant(
        store,
        ("  LEYLA   démir ", BORN, None),  # the same victim, typed differently
        urn="23WK1202726",
        incident=dt.date(2025, 3, 2),
    )
    plant(store, ("Leyla Demir", dt.date(1991, 4, 1), None))  # another woman of that name
    found = links(store, me)
    assert reasons(found) == [("23WK1202726", "Same victim: Leyla Demir, born 01/04/1990")]
    link = found[0]
    assert (link.case_id, link.kind, link.record_type) == (other, repeats.VICTIM, "HATE_CRIME")
    assert link.incident_date == dt.date(2025, 3, 2)
    # The other case's own spelling of the name is never shown: the words are this case's.
    assert "démir" not in link.reason and "LEYLA" not in link.reason
    assert link.masked_reason == "Same victim: Leyla Demir, same date of birth"
    # And the other way round, in that case's words.
    back = links(store, other)
    assert [(lk.case_id, lk.reason) for lk in back] == [
        (me, "Same victim: LEYLA démir, born 01/04/1990")
    ]


def test_without_a_date_of_birth_the_postcode_links_and_is_hidden_until_revealed(
    store: Store,
) -> None:
    me = plant(store, ("Amira Haddad", None, "CV34 4AB"))
    plant(store, ("Amira Haddad", None, "cv34 4ab"))
    plant(store, ("Amira Haddad", None, "CV35 4AB"))  # another district: not her
    (link,) = links(store, me)
    assert link.reason == "Same victim: Amira Haddad, postcode CV34 4AB"
    assert link.masked_reason == "Same victim: Amira Haddad, same postcode"


def test_cases_sharing_a_suspect_are_linked(store: Store) -> None:
    me = plant(
        store,
        ("Leyla Demir", BORN, None),
        suspects=(("Darren Cole", dt.date(1985, 6, 30)), ("Jay Pike", None)),
    )
    other = plant(
        store,
        ("Sam Okafor", dt.date(1970, 1, 1), None),
        suspects=(("Darren  COLE", dt.date(1985, 6, 30)),),
    )
    plant(store, suspects=(("Jay Pike", None),))  # a name alone is too little to link on
    found = links(store, me)
    assert [(lk.case_id, lk.kind, lk.reason) for lk in found] == [
        (other, repeats.SUSPECT, "Same suspect: Darren Cole, born 30/06/1985")
    ]
    assert found[0].masked_reason == found[0].reason  # a suspect's details are not masked


def test_cases_at_the_same_place_are_linked_but_a_town_alone_links_nothing(
    store: Store,
) -> None:
    me = plant(store, place="Bus station, Rugby", incident=dt.date(2026, 1, 5))
    older = plant(store, place="bus station   rugby", incident=dt.date(2024, 7, 1))
    newer = plant(store, place="Bus Station, Rugby.", incident=dt.date(2025, 9, 9))
    plant(store, place="Bus station, Coventry")
    town = plant(store, place="Rugby")
    plant(store, place="rugby")
    found = links(store, me)
    assert [lk.case_id for lk in found] == [newer, older]  # the latest incident first
    assert {lk.reason for lk in found} == {"Same place: Bus station, Rugby"}
    assert links(store, town) == []


def test_a_voided_or_deleted_case_is_not_linked_and_a_voided_case_links_nothing(
    store: Store,
) -> None:
    me = plant(store, ("Leyla Demir", BORN, None), place="Bus station, Rugby")
    voided = plant(store, ("Leyla Demir", BORN, None))
    deleted = plant(store, place="Bus station, Rugby")
    kept = plant(store, ("Leyla Demir", BORN, None))
    assert {lk.case_id for lk in links(store, me)} == {voided, deleted, kept}
    with store.transaction(reason="test: void") as s:
        void_case(s, voided, "Opened twice by mistake for the same report", by="PC Test")
        case = s.get(CaseFile, deleted)
        assert case is not None
        case.deleted = True
    assert {lk.case_id for lk in links(store, me)} == {kept}
    # The voided case itself, read as it is, links to nothing.
    with store.session() as s:
        assert repeats.linked_cases(s, read_case_file(s, voided, consult=False)) == []


def test_a_case_is_never_its_own_link_and_several_keys_give_several_links(
    store: Store,
) -> None:
    me = plant(
        store,
        ("Leyla Demir", BORN, None),
        suspects=(("Darren Cole", dt.date(1985, 6, 30)),),
        place="Bus station, Rugby",
    )
    both = plant(
        store,
        ("Leyla Demir", BORN, None),
        suspects=(("Darren Cole", dt.date(1985, 6, 30)),),
        place="Bus station, Rugby",
    )
    found = links(store, me)
    assert [(lk.case_id, lk.kind) for lk in found] == [
        (both, repeats.VICTIM),
        (both, repeats.SUSPECT),
        (both, repeats.PLACE),
    ]
    assert all(lk.case_id != me for lk in found)


def test_a_change_is_found_once_the_index_has_caught_up(store: Store) -> None:
    me = plant(store, ("Leyla Demir", BORN, None))
    other = plant(store, ("Someone Else", BORN, None))
    assert links(store, me) == []
    with store.transaction(reason="test: the victim's name corrected") as s:
        person = s.query(Person).filter_by(case_id=other).one()
        person.name = "Leyla Demir"
    assert [lk.case_id for lk in links(store, me)] == [other]


@pytest.mark.parametrize("kind", repeats.KINDS)
def test_every_kind_of_link_has_its_label(kind: str) -> None:
    assert repeats.LINK_LABELS[kind].startswith("Same ")
