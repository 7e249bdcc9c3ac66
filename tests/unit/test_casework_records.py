"""The case file travels to the screen as typed records: one for each table the screen shows,
with exactly the table's case data, read the same by attribute and by field name."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import typing
from collections.abc import Mapping

import pytest

from hcdesk.casework import casefile as cf
from hcdesk.casework.cases import new_case
from hcdesk.casework.records import (
    RECORD_TYPES,
    ActionRecord,
    CaseFileView,
    CaseRecord,
    PersonRecord,
    Record,
)
from hcdesk.models.base import domain_columns
from hcdesk.models.case import SupportAction, SupportPlan
from hcdesk.models.enums import ActionStatus, NeedArea, PersonRole, RecordType
from hcdesk.store.store import Store

BOOKKEEPING = ("id", "created_at", "created_by")


def _mapped(model: type, key: str) -> str:
    for klass in model.__mro__:
        annotation = getattr(klass, "__annotations__", {}).get(key)
        if annotation is not None:
            match = re.fullmatch(r"Mapped\[(.*)\]", str(annotation))
            assert match, (model, key, annotation)
            return match.group(1)
    raise LookupError(key)


@pytest.mark.parametrize("table", sorted(RECORD_TYPES))
def test_each_record_holds_exactly_its_tables_case_data(table: str) -> None:
    record = RECORD_TYPES[table]
    model = cf.MODELS[table]
    columns = [c.key for c in domain_columns(model)]
    assert list(record.field_names()) == [*BOOKKEEPING, *columns]
    hints = {f.name: f.type for f in dataclasses.fields(record)}
    for key in columns:
        assert hints[key] == _mapped(model, key), (table, key)
    clashes = set(record.field_names()) & {n for n in dir(Mapping) if not n.startswith("_")}
    assert not clashes, f"{table}: fields named like a mapping's methods: {clashes}"


def test_records_are_frozen_and_read_by_attribute_or_name(store: Store) -> None:
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Rugby")
        s.flush()
        plan = SupportPlan(case_id=case.id)
        s.add(plan)
        s.flush()
        s.add(
            SupportAction(
                case_id=case.id,
                plan_id=plan.id,
                need_area=NeedArea.HOUSING,
                action="Chase the landlord",
                owner="PC Test",
                due_date=dt.date(2026, 11, 24),
            )
        )
        s.flush()
        snap = cf.load_case(s, case.id, consult=False)
        view = cf.read_case_file(s, case.id, consult=False)
    assert view.case.place == view.case["place"] == "Rugby"
    assert view.reference == snap.reference and view.case_id == case.id
    (action,) = view.actions
    assert isinstance(action, ActionRecord) and action.status is ActionStatus.OPEN
    assert action.plan_id == plan.id and action["due_date"] == dt.date(2026, 11, 24)
    with pytest.raises(dataclasses.FrozenInstanceError):
        action.owner = "someone else"  # type: ignore[misc]
    with pytest.raises(KeyError):
        action["no_such_field"]
    for table, rows in snap.records.items():
        if table in RECORD_TYPES:
            assert [dict(r) for r in view.records[table]] == rows, table
    assert dict(view.case) == snap.case
    assert [e.seq for e in view.history] == [e["seq"] for e in snap.history]
    assert view.victim() is None


def test_the_victim_is_the_person_whose_role_is_victim() -> None:
    def person(pid: str, role: PersonRole) -> PersonRecord:
        values: dict[str, typing.Any] = dict.fromkeys(PersonRecord.field_names())
        values.update(id=pid, role=role, name=pid, safe_channels=[], victims_code_statuses=[])
        return PersonRecord(**values)

    people = (person("w", PersonRole.WITNESS), person("v", PersonRole.VICTIM))
    view = dataclasses.replace(_empty_view(), people=people)
    victim = view.victim()
    assert victim is not None and victim.id == "v"
    assert isinstance(victim, Record)


def _empty_view() -> CaseFileView:
    case = CaseRecord(**dict.fromkeys(CaseRecord.field_names()))
    return CaseFileView("c", "L-1", case, *([()] * 18))
