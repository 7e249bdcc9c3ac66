"""The strategy's activities (hcdesk.casework.activities) on a real store of demo cases: each is
recorded with its linked cases and audited, every problem is refused in one sentence with
nothing written, and the counts by month and work area are those of the activities recorded."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from hcdesk import demo
from hcdesk.casework import activities as act
from hcdesk.interchange import importer
from hcdesk.models import AuditEvent, CaseFile, StrategyActivity
from hcdesk.models.enums import AuditOperation, WorkArea
from hcdesk.store.store import Store

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def filled(store: Store) -> Store:
    with store.transaction(reason="test set-up") as s:
        importer.import_document(s, demo.generate(12, seed=5, today=TODAY))
    return store


def references(store: Store, n: int) -> list[str]:
    with store.session() as s:
        cases = s.scalars(sa.select(CaseFile).where(CaseFile.voided_at.is_(None))).all()
        return [c.reference for c in cases[:n]]


def how_many(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(StrategyActivity)) or 0)


def test_an_activity_is_recorded_with_its_cases_and_audited(filled: Store) -> None:
    refs = references(filled, 2)
    item = act.add_activity(
        filled, theme="  Hate crime awareness   week stall ", area="awareness",
        held_on="14/10/2026", by="PC Test", partners="Stop Hate UK", audience="Shoppers",
        reach="1,250", description="A stall in the market square.", cases=refs,
    )  # fmt: skip
    assert item.ref == "ACT-1"
    assert item.theme == "Hate crime awareness week stall"
    assert item.work_area is WorkArea.AWARENESS and item.area_label == "Raising awareness"
    assert item.held_on == dt.date(2026, 10, 14) and item.reach == 1250
    assert item.case_references == tuple(refs)
    second = act.add_activity(
        filled, theme="Assembly", area="Prevention through education",
        held_on=dt.date(2026, 9, 1), by="PC Test",
    )  # fmt: skip
    assert second.ref == "ACT-2" and second.reach is None and second.case_references == ()
    listed = act.list_activities(filled)
    assert [i.ref for i in listed] == ["ACT-2", "ACT-1"]  # oldest first
    assert [i.ref for i in act.list_activities(filled, dt.date(2026, 10, 1))] == ["ACT-1"]
    with filled.session() as s:
        events = s.scalars(
            sa.select(AuditEvent).where(AuditEvent.entity == "strategy_activity")
        ).all()
    ops = [e.operation for e in events]
    assert ops.count(AuditOperation.COLLECTION) == 2
    assert ops.count(AuditOperation.COMBINATION) == 2  # one per linked case
    assert {e.case_id for e in events if e.operation is AuditOperation.COMBINATION} == {
        c for c in _ids(filled, refs)
    }


def _ids(store: Store, refs: list[str]) -> set[str]:
    from hcdesk.casework.cases import find_case

    with store.session() as s:
        return {find_case(s, r).id for r in refs}


@pytest.mark.parametrize(
    ("given", "error", "fragment"),
    [
        ({"theme": "   "}, act.MissingTheme, "Give the activity's theme"),
        ({"area": "outreach"}, act.UnknownWorkArea,
         "choose from: awareness, prevention-education, building-trust, increased-reporting"),
        ({"held_on": "31/02/2026"}, act.BadActivityDate, "does not exist"),
        ({"held_on": "next tuesday"}, act.BadActivityDate, "day/month/year"),
        ({"held_on": ""}, act.BadActivityDate, "Give the day"),
        ({"reach": "-3"}, act.BadReach, "0 or more"),
        ({"reach": -3}, act.BadReach, "0 or more"),
        ({"reach": "about forty"}, act.BadReach, "whole number"),
        ({"reach": "12.5"}, act.BadReach, "whole number"),
        ({"cases": ["NO-SUCH-REF"]}, act.UnknownCase, "No case with the reference NO-SUCH-REF"),
    ],
)  # fmt: skip
def test_each_problem_is_refused_in_one_sentence_and_nothing_is_written(
    filled: Store, given: dict[str, object], error: type[Exception], fragment: str
) -> None:
    values: dict[str, object] = {
        "theme": "Talk", "area": "building-trust", "held_on": "2026-11-02", "by": "PC Test",
    }  # fmt: skip
    values.update(given)
    with pytest.raises(error) as caught:
        act.add_activity(filled, **values)  # type: ignore[arg-type]
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message and message.endswith(".")
    assert isinstance(caught.value, act.ActivityRefused)
    assert how_many(filled) == 0


def test_a_voided_case_cannot_be_linked(filled: Store) -> None:
    ref = references(filled, 1)[0]
    with filled.transaction(reason="test") as s:
        case = s.scalar(sa.select(CaseFile).where(CaseFile.voided_at.is_(None)).limit(1))
        assert case is not None
        case.voided_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        ref = case.reference
    with pytest.raises(act.UnknownCase, match="voided"):
        act.add_activity(
            filled, theme="Talk", area="awareness", held_on="02/11/2026", by="PC", cases=[ref]
        )
    assert how_many(filled) == 0


def test_an_activity_is_removed_with_its_reason(filled: Store) -> None:
    act.add_activity(filled, theme="Talk", area="awareness", held_on="02/11/2026", by="PC")
    removed = act.remove_activity(filled, "act-1", "PC", "recorded twice")
    assert removed.ref == "ACT-1" and how_many(filled) == 0
    with filled.session() as s:
        erased = s.scalars(
            sa.select(AuditEvent).where(AuditEvent.operation == AuditOperation.ERASURE)
        ).all()
    assert [e.reason for e in erased] == ["recorded twice"]
    with pytest.raises(act.NotFound, match="No activity ACT-1"):
        act.remove_activity(filled, "ACT-1", "PC")


def test_counts_by_month_and_work_area(filled: Store) -> None:
    refs = references(filled, 3)
    plan = [
        ("awareness", "03/09/2026", 100, refs[:2]),
        ("awareness", "20/09/2026", None, refs[1:3]),
        ("building-trust", "05/10/2026", 30, []),
        ("increased-reporting", "31/10/2026", 0, refs[:1]),
        ("prevention-education", "01/12/2026", 200, []),  # outside the period below
    ]
    for area, day, reach, cases in plan:
        act.add_activity(
            filled, theme="T", area=area, held_on=day, by="PC", reach=reach, cases=cases
        )
    with filled.engine_or_raise().connect() as conn:
        counts = act.count_activities(conn, dt.date(2026, 9, 1), dt.date(2026, 11, 30))
    assert [m.month for m in counts.months] == ["2026-09", "2026-10"]
    sept, octo = counts.months
    assert (sept.activities, sept.reach, sept.without_reach) == (2, 100, 1)
    assert sept.by_area["AWARENESS"] == 2 and sum(sept.by_area.values()) == 2
    assert (octo.activities, octo.reach) == (2, 30)
    assert counts.total == 4 and counts.reach == 130 and counts.without_reach == 1
    assert counts.by_area == {
        "AWARENESS": 2, "PREVENTION_EDUCATION": 0, "BUILDING_TRUST": 1, "INCREASED_REPORTING": 1,
    }  # fmt: skip
    assert counts.linked_cases == 3  # distinct cases
    with filled.engine_or_raise().connect() as conn:
        everything = act.count_activities(conn)
    assert everything.total == 5 and everything.reach == 330
