"""My work (hcdesk.casework.mywork) and its index (hcdesk.casework.workindex), on a real store of
demo cases: what it lists is what an independent count finds, its statuses follow the date
without a refresh, voided cases never appear, and the index follows saves and imports."""

from __future__ import annotations

import collections
import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from hcdesk import demo
from hcdesk.casework import duties, mywork, workindex
from hcdesk.casework.casefile import (
    Changes,
    case_file_views,
    read_case_file,
    save_case,
)
from hcdesk.casework.cases import new_case
from hcdesk.interchange import importer
from hcdesk.models import CaseFile
from hcdesk.models.case import CourtListing, SupportAction, SupportPlan
from hcdesk.models.enums import (
    ActionStatus,
    HearingType,
    NeedArea,
    PersonRole,
    RecordType,
)
from hcdesk.models.sync import Conflict
from hcdesk.store.store import Store

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def filled(store: Store) -> Store:
    with store.transaction() as s:
        importer.import_document(s, demo.generate(150, seed=7, today=TODAY))
    return store


def busiest(store: Store, column: str) -> str:
    with store.engine_or_raise().connect() as conn:
        values = [r[0] for r in conn.exec_driver_sql(f"SELECT {column} FROM case_file")]
    return collections.Counter(v for v in values if v).most_common(1)[0][0]


# -- the independent count ------------------------------------------------------------------
def read_all(store: Store) -> tuple[list[Any], list[Conflict]]:
    """Every case read the ordinary way (one at a time through the ORM), and the raw open
    conflict rows."""
    with store.session() as s:
        ids = s.scalars(sa.select(CaseFile.id).where(CaseFile.deleted.is_(False))).all()
        views = [read_case_file(s, cid, consult=False) for cid in ids]
        conflicts = list(s.scalars(sa.select(Conflict).where(Conflict.status == "open")).all())
        s.expunge_all()
    return views, conflicts


def expected(
    store: Store,
    officer: str,
    teams: tuple[str, ...],
    today: dt.date,
    read: tuple[list[Any], list[Conflict]] | None = None,
) -> dict[str, set[tuple[str, str]]]:
    """What My work should hold, worked out here from the cases and conflicts as
    :func:`read_all` gives them, with the rules of hcdesk.casework.mywork's docstring written
    out again (not through the index or its queries)."""
    views, conflicts = read or read_all(store)
    out: dict[str, set[tuple[str, str]]] = {k: set() for k in mywork.GROUPS}
    live = {}
    for view in views:
        case = view.case
        if case.voided_at is not None:
            continue
        live[view.case_id] = case

        def mine(owner: str | None, case: Any = case) -> bool:
            if teams:
                return case.team in teams
            return officer in (owner, case.liaison_officer, case.oic)

        for d in duties.case_duties(view, today):
            if d.status not in (duties.DutyStatus.DUE, duties.DutyStatus.OVERDUE):
                continue  # met, or a breach recorded
            if not mine(d.owner):
                continue
            if d.due < today:
                out[mywork.OVERDUE].add((view.case_id, d.key))
            elif d.due == today:
                out[mywork.DUE_TODAY].add((view.case_id, d.key))
            elif d.kind in mywork.REVIEW_KINDS and d.due <= today + dt.timedelta(days=7):
                out[mywork.REVIEWS].add((view.case_id, d.key))
        for listing in view.listings:
            if mine(None) and today <= listing.listed_for <= today + dt.timedelta(days=14):
                out[mywork.COURT].add((view.case_id, f"hearing:{listing.id}"))
    for c in conflicts:
        case = live.get(c.case_id)
        if case is None:
            continue
        if (case.team in teams) if teams else officer in (case.liaison_officer, case.oic):
            out[mywork.CONFLICTS].add((c.case_id, c.id))
    return out


def got(work: mywork.MyWork) -> dict[str, set[tuple[str, str]]]:
    return {g.key: {(i.case_id, i.key) for i in g.items} for g in work.groups}


def add_conflicts(store: Store, n: int) -> None:
    with store.engine_or_raise().begin() as conn:
        rows = conn.exec_driver_sql(
            "SELECT c.id, p.id FROM case_file c JOIN person p ON p.case_id = c.id "
            "AND p.role = 'VICTIM' ORDER BY c.id LIMIT ?",
            (n,),
        ).all()
        for i, (case_id, person_id) in enumerate(rows):
            conn.execute(
                sa.insert(Conflict.__table__),  # type: ignore[arg-type]
                {
                    "id": f"k{i}",
                    "entity": "person",
                    "entity_id": person_id,
                    "case_id": case_id,
                    "field": "phone",
                    "winner": {"value": "1", "ver": "v2"},
                    "loser": {"value": "2", "ver": "v1"},
                    "base": None,
                    "status": "open",
                    "created_at": dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
                    "policy": "scalar",
                },
            )


def test_my_work_lists_exactly_what_an_independent_count_finds(filled: Store) -> None:
    add_conflicts(filled, 60)
    officer = busiest(filled, "liaison_officer")
    read = read_all(filled)
    # Days on which each group has something (the comparisons are not of empty sets): the
    # due dates of the officer's duties, the days before their hearings, and a few others.
    dues = sorted(
        {
            d.due
            for v in read[0]
            if officer in (v.case.liaison_officer, v.case.oic)
            for d in duties.case_duties(v, TODAY)
        }
        | {
            listing.listed_for - dt.timedelta(days=3)
            for v in read[0]
            if officer in (v.case.liaison_officer, v.case.oic)
            for listing in v.listings
        }
    )
    days = [TODAY, TODAY - dt.timedelta(days=200), *dues[:: max(1, len(dues) // 12)]]
    seen: collections.Counter[str] = collections.Counter()
    for day in days:
        work = mywork.my_work(filled, officer, today=day)
        want = expected(filled, officer, (), day, read)
        assert got(work) == want, day
        for g in work.groups:
            assert g.total == len(want[g.key]) <= mywork.LIMIT
            seen[g.key] += g.total
    assert all(seen[k] for k in mywork.GROUPS), seen
    # The officer in the case sees the case's work too, and only what is theirs.
    oic = busiest(filled, "oic")
    for day in days[:6]:
        mine = got(mywork.my_work(filled, oic, today=day))
        assert mine == expected(filled, oic, (), day, read), day
        seen[oic] += sum(map(len, mine.values()))
    assert seen[oic]


def test_team_view_for_a_supervisor_lists_the_whole_team(filled: Store) -> None:
    add_conflicts(filled, 150)
    team = busiest(filled, "team")
    officer = "Sgt Nobody Of This Team"
    work = mywork.my_work(filled, officer, team=team, today=TODAY)
    want = expected(filled, officer, (team,), TODAY)
    assert got(work) == want
    assert sum(len(v) for v in want.values()) > 10
    # The officer's own view holds none of it, and another team's items are not in it.
    assert all(not g.items for g in mywork.my_work(filled, officer, today=TODAY).groups)
    with filled.engine_or_raise().connect() as conn:
        theirs = {r[0] for r in conn.exec_driver_sql(
            "SELECT id FROM case_file WHERE team = ?", (team,))}
    assert {i.case_id for g in work.groups for i in g.items} <= theirs
    # Two teams: the union of both.
    other = next(t for t in ("Warwick District SNT", "Telford SNT", "Rugby SNT") if t != team)
    both = mywork.my_work(filled, officer, team=[team, other], today=TODAY)
    assert got(both) == expected(filled, officer, (team, other), TODAY)


def own_case(store: Store, officer: str, **action: Any) -> tuple[str, str]:
    """A new case of ``officer``'s with one open support action; (case id, action id)."""
    with store.transaction() as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Nuneaton", liaison_officer=officer,
                        team="Nuneaton & Bedworth SNT")
        s.flush()
        plan = SupportPlan(case_id=case.id)
        s.add(plan)
        s.flush()
        act = SupportAction(
            case_id=case.id, plan_id=plan.id, need_area=NeedArea.SAFETY_SECURITY,
            action="Fit a door camera", owner=officer, status=ActionStatus.OPEN,
            victim_agreed=True, order_key="a0", **action,
        )
        s.add(act)
        s.flush()
        return case.id, act.id


def items_of(work: mywork.MyWork, case_id: str) -> dict[str, list[mywork.WorkItem]]:
    return {g.key: [i for i in g.items if i.case_id == case_id] for g in work.groups}


def test_a_duty_due_today_is_overdue_the_next_day_without_a_refresh(store: Store) -> None:
    case_id, _ = own_case(store, "PC Test", due_date=TODAY)
    work = mywork.my_work(store, "PC Test", today=TODAY)
    (item,) = items_of(work, case_id)[mywork.DUE_TODAY]
    assert item.status == duties.DutyStatus.DUE and item.status_label == "Due today"
    assert item.section == "needs" and item.due == TODAY
    with store.engine_or_raise().connect() as conn:
        before = conn.exec_driver_sql("SELECT * FROM work_list ORDER BY item_key").all()
        assert workindex.stale_count(conn) == 0

    tomorrow = mywork.my_work(store, "PC Test", today=TODAY + dt.timedelta(days=1),
                              catch_up=False)
    assert not items_of(tomorrow, case_id)[mywork.DUE_TODAY]
    (late,) = items_of(tomorrow, case_id)[mywork.OVERDUE]
    assert late.status == duties.DutyStatus.OVERDUE
    assert late.status_label == "Overdue by 1 day"
    with store.engine_or_raise().connect() as conn:  # the index was not touched
        assert conn.exec_driver_sql("SELECT * FROM work_list ORDER BY item_key").all() == before


def test_voided_cases_never_appear(filled: Store) -> None:
    add_conflicts(filled, 150)
    officer = busiest(filled, "liaison_officer")
    day = TODAY - dt.timedelta(days=30)
    work = mywork.my_work(filled, officer, today=day)
    shown = collections.Counter(i.case_id for g in work.groups for i in g.items)
    victim, _n = shown.most_common(1)[0]
    with filled.transaction() as s:
        case = s.get(CaseFile, victim)
        assert case is not None
        case.voided_reason = "Opened by mistake: a duplicate of another case"
        case.voided_at = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
        case.voided_by = "PC Test"
    after = mywork.my_work(filled, officer, today=day)
    assert all(i.case_id != victim for g in after.groups for i in g.items)
    assert got(after) == expected(filled, officer, (), day)
    team = mywork.my_work(filled, officer, team=case.team, today=day)
    assert all(i.case_id != victim for g in team.groups for i in g.items)
    with filled.engine_or_raise().connect() as conn:
        assert not conn.exec_driver_sql(
            "SELECT 1 FROM work_list WHERE case_id = ?", (victim,)).all()


def test_the_index_follows_a_save(store: Store) -> None:
    case_id, action_id = own_case(store, "PC Test", due_date=TODAY + dt.timedelta(days=20))
    assert not any(items_of(mywork.my_work(store, "PC Test", today=TODAY), case_id).values())
    with store.transaction() as s:
        save_case(s, case_id, Changes(updates=[("support_action", action_id,
                                                {"due_date": TODAY})]))
    with store.engine_or_raise().connect() as conn:
        assert workindex.stale_count(conn) == 1  # marked in the save's own transaction
    (item,) = items_of(mywork.my_work(store, "PC Test", today=TODAY), case_id)[mywork.DUE_TODAY]
    assert item.kind == duties.DutyKind.ACTION_DUE and item.due == TODAY
    with store.transaction() as s:  # done: gone from My work
        save_case(s, case_id, Changes(updates=[("support_action", action_id,
                                                {"status": ActionStatus.DONE})]))
    assert not any(items_of(mywork.my_work(store, "PC Test", today=TODAY), case_id).values())


def test_the_index_follows_an_import_and_a_court_listing(store: Store) -> None:
    assert all(not g.items for g in mywork.my_work(store, "PC Test", team="T", today=TODAY).groups)
    document = demo.generate(20, seed=3, today=TODAY)
    with store.transaction() as s:
        importer.import_document(s, document)
    with store.engine_or_raise().connect() as conn:
        assert workindex.stale_count(conn) == 20
    team = busiest(store, "team")
    work = mywork.my_work(store, "x", team=team, today=TODAY - dt.timedelta(days=60))
    assert got(work) == expected(store, "x", (team,), TODAY - dt.timedelta(days=60))
    case_id, _ = own_case(store, "PC Test", due_date=TODAY + dt.timedelta(days=30))
    with store.transaction() as s:
        for days in (0, 14, 15):
            s.add(CourtListing(case_id=case_id, court="Nuneaton Magistrates' Court",
                               listed_for=TODAY + dt.timedelta(days=days), time="10:00",
                               hearing_type=HearingType.TRIAL))
    court = items_of(mywork.my_work(store, "PC Test", today=TODAY), case_id)[mywork.COURT]
    assert [(i.due, i.status_label, i.section) for i in court] == [
        (TODAY, "Today", "court"),
        (TODAY + dt.timedelta(days=14), "In 14 days", "court"),
    ]
    assert court[0].what == "Trial at Nuneaton Magistrates' Court, 10:00"


def test_a_conflict_opens_the_section_of_its_record(filled: Store) -> None:
    add_conflicts(filled, 5)
    with filled.engine_or_raise().connect() as conn:
        case_id, liaison = conn.exec_driver_sql(
            "SELECT c.id, c.liaison_officer FROM conflict k JOIN case_file c ON c.id = k.case_id "
            "LIMIT 1").one()
    work = mywork.my_work(filled, liaison, today=TODAY)
    (item,) = items_of(work, case_id)[mywork.CONFLICTS]
    assert item.section == "victim"  # a conflict on the victim's record
    assert "phone" in item.what.lower() and item.status_label
    assert item.due == dt.date(2026, 11, 20)


def test_changed_rules_index_every_case_again(filled: Store) -> None:
    mywork.my_work(filled, "x", today=TODAY)
    with filled.engine_or_raise().begin() as conn:
        rows = conn.exec_driver_sql("SELECT count(*) FROM work_list").scalar()
        conn.exec_driver_sql("DELETE FROM work_list")
        conn.exec_driver_sql(
            "UPDATE sync_state SET value = 'an older release' WHERE key = ?",
            (workindex.RULES_KEY,))
        assert workindex.stale_count(conn) == 150
    seen: list[tuple[int, int]] = []
    assert workindex.catch_up(filled, TODAY, lambda d, t: seen.append((d, t))) == 150
    assert seen[-1] == (150, 150)
    with filled.engine_or_raise().connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM work_list").scalar() == rows
    assert workindex.catch_up(filled, TODAY) == 0


def test_many_cases_read_at_once_are_the_cases_read_one_by_one(filled: Store) -> None:
    with filled.session() as s:
        ids = s.scalars(sa.select(CaseFile.id)).all()
        one_by_one = {cid: read_case_file(s, cid, consult=False) for cid in ids}
    with filled.engine_or_raise().connect() as conn:
        at_once = case_file_views(conn, [*ids, "no-such-case"])
    assert set(at_once) == set(ids)
    assert all(at_once[cid].same_records(one_by_one[cid]) for cid in ids)
    assert any(v.listings for v in at_once.values()) and any(v.wishes for v in at_once.values())
    assert all(v.victim() is None or v.victim().role == PersonRole.VICTIM  # type: ignore[union-attr]
               for v in at_once.values())


def test_a_pull_marks_its_cases_like_a_save(filled: Store) -> None:
    from hcdesk.store import caseindex

    mywork.my_work(filled, "x", today=TODAY)
    with filled.engine_or_raise().begin() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM case_file LIMIT 7")]
        caseindex.refresh(conn, ids, fast=True)  # as a pull does, on the driver's cursor
        assert workindex.stale_count(conn) == 7


def test_a_store_from_before_the_index_is_indexed_when_my_work_is_first_read(
    filled: Store,
) -> None:
    from alembic import command

    from hcdesk.store import migrations

    team = busiest(filled, "team")
    want = got(mywork.my_work(filled, "x", team=team, today=TODAY))
    engine = filled.engine_or_raise()
    with engine.begin() as conn:
        command.downgrade(migrations._config(conn), "0007_victim_duties")  # type: ignore[arg-type]
        conn.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (workindex.RULES_KEY,))
    assert migrations.current_revision(engine) == "0007_victim_duties"
    assert migrations.check_and_upgrade(engine) == migrations.HEAD
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM work_list").scalar() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM work_list_stale").scalar() == 150
    assert got(mywork.my_work(filled, "x", team=team, today=TODAY)) == want
    assert any(want.values())


def test_overview_routes_and_timeline_newest_first(filled: Store) -> None:
    from hcdesk.casework import overview

    with filled.session() as s:
        ids = s.scalars(sa.select(CaseFile.id)).all()
        views = [read_case_file(s, cid, consult=False) for cid in ids]
    routes = 0
    for view in views:
        model = overview.overview_model(view, TODAY)
        when = [overview._sort_key(t.when) for t in model.timeline]
        assert when == sorted(when, reverse=True)
        assert len(model.timeline) == (
            len(view.contacts) + len(view.wishes) + len(view.code_events) + len(view.actions)
        )
        latest = max(view.wishes, key=lambda w: w.recorded_at, default=None)
        assert (model.wish.words if model.wish else None) == (
            latest.victim_words if latest else None
        )
        assert len(model.routes) == max(1, len(view.charges))
        for charge, line in zip(view.charges, model.routes, strict=False):
            if charge.legal_route is not None:
                routes += 1
                assert line.startswith(charge.offence.strip())
                assert line.split(": ", 1)[1].startswith(
                    overview.legal.ROUTE_LABELS[charge.legal_route])
        assert all(a.status_label for a in model.actions)
    assert routes > 10
