"""The prosecutor's file without a screen: a field naming a suspect (a charge's defendant, a bail
record's person) names one of the case's suspects, one added by the same save included; the
entries of a list-of-entries field (the elements of an offence) are checked as typed; a sign-off
certifies the summary exported next."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from hcdesk.casework import casefile as cf
from hcdesk.casework import preflight
from hcdesk.casework.cases import new_case
from hcdesk.casework.fields import FieldError, check_entries, spec_for
from hcdesk.casework.signoff import next_summary_version, summaries_exported
from hcdesk.export.service import export_summary, summary_version
from hcdesk.models.case import BailRecord, Charge, Person
from hcdesk.models.enums import BailStatus, PersonRole, RecordType
from hcdesk.store.store import Store


def _case(store: Store, *people: tuple[str, PersonRole]) -> tuple[str, list[str]]:
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Nuneaton")
        s.flush()
        ids = []
        for name, role in people:
            person = Person(case_id=case.id, name=name, role=role)
            s.add(person)
            s.flush()
            ids.append(person.id)
        return case.id, ids


def _save(store: Store, case_id: str, changes: cf.Changes) -> cf.SaveResult:
    with store.transaction(reason="edited in the case file") as s:
        return cf.save_case(s, case_id, changes)


def _charges(store: Store, case_id: str) -> list[Charge]:
    with store.session() as s:
        return list(s.scalars(sa.select(Charge).where(Charge.case_id == case_id)))


# -- a person field names a suspect of the case -------------------------------------------------
def test_a_charge_names_a_suspect_added_by_the_same_save(store: Store) -> None:
    case_id, _ = _case(store)
    result = _save(
        store,
        case_id,
        cf.Changes(
            new=[
                ("person", {"_key": "new-1", "name": "Dean Shaw", "role": PersonRole.SUSPECT}),
                ("charge", {"offence": "s.4A Public Order Act 1986", "defendant_id": "new-1"}),
                ("bail_record", {"person_id": "new-1", "status": BailStatus.POLICE_BAIL}),
            ]
        ),
    )
    suspect_id = result.created["new-1"]
    (charge,) = _charges(store, case_id)
    assert charge.defendant_id == suspect_id
    (bail,) = result.case.bail
    assert bail.person_id == suspect_id
    (suspect,) = [p for p in result.case.people if p.role == PersonRole.SUSPECT]
    assert suspect.id == suspect_id and suspect.name == "Dean Shaw"


def test_an_edited_charge_may_name_a_suspect_added_by_the_same_save(store: Store) -> None:
    case_id, _ = _case(store)
    with store.transaction() as s:
        charge = Charge(case_id=case_id, offence="Criminal damage")
        s.add(charge)
        s.flush()
        charge_id = charge.id
    result = _save(
        store,
        case_id,
        cf.Changes(
            new=[("person", {"_key": "new-7", "name": "Kyle Ross", "role": PersonRole.SUSPECT})],
            updates=[("charge", charge_id, {"defendant_id": "new-7"})],
        ),
    )
    (charge,) = _charges(store, case_id)
    assert charge.defendant_id == result.created["new-7"]


@pytest.mark.parametrize("who", ["witness", "victim", "deleted suspect", "another case", "nobody"])
def test_a_person_field_refuses_anyone_but_a_suspect_of_the_case(store: Store, who: str) -> None:
    case_id, (witness, victim, suspect) = _case(
        store,
        ("Ann Lee", PersonRole.WITNESS),
        ("Ravi Patel", PersonRole.VICTIM),
        ("Dean Shaw", PersonRole.SUSPECT),
    )
    _other_case, (elsewhere,) = _case(store, ("Kyle Ross", PersonRole.SUSPECT))
    deletes: list[tuple[str, str]] = []
    named = {
        "witness": witness,
        "victim": victim,
        "deleted suspect": suspect,
        "another case": elsewhere,
        "nobody": "new-99",  # the key of an entry taken off the screen before the save
    }[who]
    if who == "deleted suspect":
        deletes.append(("person", suspect))
    changes = cf.Changes(
        case={"place": "Bedworth"},
        new=[("charge", {"offence": "Common assault", "defendant_id": named})],
        deletes=deletes,
    )
    with pytest.raises(cf.PersonNotInCase, match="defendant chosen is not a suspect"):
        _save(store, case_id, changes)
    assert _charges(store, case_id) == []  # nothing at all was saved
    with store.session() as s:
        assert cf.load_case(s, case_id, consult=False).case["place"] == "Nuneaton"
        assert s.scalars(sa.select(BailRecord)).all() == []


# -- the entries of a list-of-entries field are checked as typed --------------------------------
def test_check_entries_strips_each_part_and_leaves_empty_parts_out() -> None:
    spec = spec_for(Charge.__table__.columns["elements"])
    entries = [{"element": " Threatening words ", "evidence": "  "}, {"element": "Intent"}]
    assert check_entries(spec, entries) == [{"element": "Threatening words"}, {"element": "Intent"}]


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([{"evidence": "CCTV exhibit JB/1"}], "Fill in the element of each row"),
        ([{"element": "x" * 201}], "Keep the element of each row to 200 characters"),
        ([{"element": "Intent", "evidence": "x" * 4001}], "Keep the evidence of each row"),
        ([{"element": f"Element {n}"} for n in range(51)], "Keep this to 50 rows or fewer"),
        ([{"element": "Bad\x00text"}], "cannot be stored"),
    ],
)
def test_check_entries_refuses_a_row_the_store_would_refuse(
    entries: list[dict[str, str]], message: str
) -> None:
    spec = spec_for(Charge.__table__.columns["elements"])
    with pytest.raises(FieldError, match=message):
        check_entries(spec, entries)


# -- a sign-off certifies the summary exported next ---------------------------------------------
def test_next_summary_version(store: Store) -> None:
    case_id, _ = _case(store, ("Ravi Patel", PersonRole.VICTIM))
    with store.session() as s:
        view = cf.read_case_file(s, case_id, consult=False)
    assert summaries_exported(view.history) == 0
    assert next_summary_version(view.history) == 1
    reference = view.reference
    with store.transaction(reason="test set-up") as s:
        found = preflight.outstanding(cf.load_case(s, case_id, consult=False))
        if found:  # the export refuses while any is outstanding
            preflight.acknowledge(s, case_id, found, by="PC Test", reason="test set-up")
    for _ in range(2):
        export_summary(store, reference, "cps", recipient="CPS West Midlands", reason="review")
    with store.session() as s:
        view = cf.read_case_file(s, case_id, consult=False)
        # The same count as the export service's, which prints the version on the summary.
        assert next_summary_version(view.history) == summary_version(s, case_id)
    assert summaries_exported(view.history) == 2
    assert next_summary_version(view.history) == 3
