"""The strategy's figures (hcdesk.casework.figures) on a real store of demo cases: each figure
equals a count made here, independently, from the cases read one at a time through the ORM;
the compliance measures counted from the index equal hcdesk.casework.duties.compliance worked
out from the case views; repeat victims are linked by the rules of hcdesk.casework.repeats."""

from __future__ import annotations

import collections
import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from hcdesk import demo
from hcdesk.casework import duties, figures, repeats, workindex
from hcdesk.casework.casefile import read_case_file
from hcdesk.casework.cases import new_case, void_case
from hcdesk.casework.records import PersonRecord
from hcdesk.interchange import importer
from hcdesk.models import CaseFile, Person
from hcdesk.models.case import Charge, Referral, SupportAction, SupportPlan
from hcdesk.models.enums import ActionStatus, ChargeOutcome, PersonRole, RecordType
from hcdesk.store.store import Store

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def filled(store: Store) -> Store:
    with store.transaction() as s:
        importer.import_document(s, demo.generate(150, seed=11, today=TODAY))
    return store


def counted(store: Store, scope: figures.Scope) -> figures.Figures:
    workindex.catch_up(store, TODAY)
    with store.engine_or_raise().connect() as conn:
        return figures.figures(conn, scope, today=TODAY)


def live_cases(store: Store) -> list[CaseFile]:
    with store.session() as s:
        cases = list(
            s.scalars(
                sa.select(CaseFile).where(CaseFile.deleted.is_(False), CaseFile.voided_at.is_(None))
            )
        )
        for c in cases:  # load what the counts below read, then let go of the session
            _ = (c.charges, c.referrals, c.plans, c.actions, c.people)
        s.expunge_all()
    return cases


def day_of(case: CaseFile) -> dt.date:
    return case.reported_date or case.incident_date or case.created_at.date()


def in_scope(case: CaseFile, scope: figures.Scope) -> bool:
    day = day_of(case)
    if (scope.first and day < scope.first) or (scope.last and day > scope.last):
        return False
    return not scope.team or case.team == scope.team


SCOPES = [
    figures.Scope(),
    figures.Scope(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    figures.Scope(dt.date(2026, 1, 1), None),
]


@pytest.mark.parametrize("scope", SCOPES, ids=["all", "2025", "from 2026"])
def test_each_figure_equals_an_independent_count(filled: Store, scope: figures.Scope) -> None:
    got = counted(filled, scope)
    cases = [c for c in live_cases(filled) if in_scope(c, scope)]
    assert got.cases == len(cases) > 0
    strands = collections.Counter(s.value for c in cases for s in c.monitored_strands)
    assert {k: v for k, v in got.cases_by_strand.items() if v} == dict(strands)
    local = collections.Counter(s.value for c in cases for s in c.local_strands)
    assert {k: v for k, v in got.cases_by_local_strand.items() if v} == dict(local)
    types = collections.Counter(c.record_type.value for c in cases)
    assert {k: v for k, v in got.cases_by_record_type.items() if v} == dict(types)
    months = collections.Counter(day_of(c).strftime("%Y-%m") for c in cases)
    assert got.cases_by_month == dict(sorted(months.items()))
    charges = [g for c in cases for g in c.charges if not g.deleted]
    outcomes = collections.Counter(g.outcome.value for g in charges)
    assert {k: v for k, v in got.outcomes.items() if v} == dict(outcomes)
    convicted = [g for g in charges if g.outcome == ChargeOutcome.CONVICTED]
    assert got.aggravation_stated == figures.Share(
        sum(g.uplift_stated_in_court for g in convicted), len(convicted)
    )
    agencies = collections.Counter(r.agency.value for c in cases for r in c.referrals)
    assert {k: v for k, v in got.referrals_by_agency.items() if v} == dict(agencies)
    plans = [
        [a for a in c.actions if a.plan_id == p.id and not a.deleted]
        for c in cases
        for p in c.plans
        if not p.deleted
    ]
    with_actions = [acts for acts in plans if acts]
    done = [acts for acts in with_actions if all(a.status != ActionStatus.OPEN for a in acts)]
    assert got.support_plans == figures.Share(len(done), len(with_actions))
    assert sum(got.cases_by_strand.values()) > 0 and sum(got.outcomes.values()) > 0


@pytest.mark.parametrize(
    "period",
    [
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        (dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        (dt.date(2020, 1, 1), TODAY),
    ],
)
def test_compliance_from_the_index_equals_the_measures_worked_out_from_the_cases(
    filled: Store, period: tuple[dt.date, dt.date]
) -> None:
    got = counted(filled, figures.Scope(*period)).compliance
    with filled.session() as s:
        ids = s.scalars(sa.select(CaseFile.id).where(CaseFile.deleted.is_(False))).all()
        views = [read_case_file(s, cid, consult=False) for cid in ids]
    want = duties.compliance(views, period)
    for m in want.measures():
        assert got[m.name] == figures.Share(m.numerator, m.denominator), m.name
    assert want.acknowledgement.denominator > 0 or period[0].year == 2026


def _victim(store: Store, name: str, born: dt.date | None, postcode: str | None = None) -> str:
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Bus station, Rugby")
        case.reported_date = dt.date(2026, 3, 2)
        s.flush()
        s.add(
            Person(
                case_id=case.id,
                role=PersonRole.VICTIM,
                name=name,
                date_of_birth=born,
                postcode=postcode,
            )
        )
        return case.id


def test_a_victim_with_two_cases_is_a_repeat_victim(store: Store) -> None:
    born = dt.date(1990, 4, 1)
    first = _victim(store, "Leyla Demir", born)
    _victim(store, "  LEYLA   demir ", born)  # the same victim, typed differently
    _victim(store, "Leyla Demir", dt.date(1991, 4, 1))  # another woman of the same name
    _victim(store, "Amira Haddad", None, "CV34 4AB")
    _victim(store, "Amira Haddad", None, "cv34 4ab")
    got = counted(store, figures.Scope())
    assert (got.repeat_victims, got.repeat_cases) == (2, 4)
    # A voided case is no longer a repeat.
    with store.transaction(reason="test: void") as s:
        void_case(s, first, "Opened twice by mistake for the same report", by="PC Test")
    got = counted(store, figures.Scope())
    assert (got.repeat_victims, got.repeat_cases) == (1, 2)


def _person(name: str, born: dt.date | None = None, postcode: str | None = None) -> Any:
    fields = {n: None for n in PersonRecord.field_names()}
    fields.update(id="p", created_by="t", created_at=dt.datetime(2026, 1, 1), name=name)
    fields.update(role=PersonRole.VICTIM, date_of_birth=born, postcode=postcode)
    return PersonRecord(**fields)


def test_same_person_rule_sets_aside_case_accents_and_spacing() -> None:
    born = dt.date(1980, 1, 2)
    assert repeats.person_key(_person("Zofia Górecka", born)) == repeats.person_key(
        _person(" zofia  GORECKA", born)
    )
    assert repeats.person_key(_person("Zofia Górecka", born)) != repeats.person_key(
        _person("Zofia Górecka", dt.date(1980, 1, 3))
    )
    # Too little to link on: a name alone.
    assert repeats.person_key(_person("Zofia Górecka")) is None


def test_same_place_rule_needs_more_than_a_town() -> None:
    assert repeats.normalise("Convenience store, Wyle Cop") == "convenience store wyle cop"
    assert repeats.postcode_district("cv34 4ab") == "CV34"
    assert repeats.postcode_district("not a postcode") == ""


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(figures.FiguresRefused, match="ends before it starts"):
        figures.Scope(dt.date(2026, 2, 1), dt.date(2026, 1, 1))


def test_support_and_charges_fixture_is_rich_enough(filled: Store) -> None:
    # The demo data holds what the counts above compare, so they compare something.
    with filled.session() as s:
        for model in (Charge, Referral, SupportPlan, SupportAction):
            assert s.scalar(sa.select(sa.func.count()).select_from(model)), model.__tablename__


def test_a_deleted_case_leaves_no_index_rows_and_is_not_counted(filled: Store) -> None:
    before = counted(filled, figures.Scope())
    with filled.session() as s:
        gone_id = s.scalars(
            sa.select(Charge.case_id).where(Charge.deleted.is_(False)).limit(1)
        ).one()
    with filled.transaction(reason="test: delete") as s:
        case = s.get(CaseFile, gone_id)
        assert case is not None
        case.deleted = True
    after = counted(filled, figures.Scope())
    with filled.engine_or_raise().connect() as conn:
        left = conn.execute(
            sa.text("SELECT count(*) FROM case_fact WHERE case_id = :c"), {"c": gone_id}
        ).scalar()
    assert left == 0
    assert after.cases == before.cases - 1
    assert sum(after.outcomes.values()) < sum(before.outcomes.values())


def test_every_index_row_carries_its_cases_counted_day_and_team(filled: Store) -> None:
    workindex.catch_up(filled, TODAY)
    with filled.engine_or_raise().connect() as conn:
        wrong = conn.execute(
            sa.text(
                "SELECT count(*) FROM case_fact f JOIN case_fact c ON c.case_id = f.case_id "
                "AND c.fact = 'CASE' WHERE f.cday IS NOT c.day OR f.team IS NOT c.team"
            )
        ).scalar()
        not_the_case = conn.execute(
            sa.text(
                "SELECT count(*) FROM case_fact f JOIN case_file k ON k.id = f.case_id "
                "WHERE f.fact = 'CASE' AND (f.team IS NOT k.team OR f.cday IS NOT "
                "coalesce(k.reported_date, k.incident_date, date(k.created_at)))"
            )
        ).scalar()
    assert wrong == 0
    assert not_the_case == 0


@pytest.mark.parametrize(
    "referred",
    [
        [dt.date(2026, 2, 20)],  # before the report only
        [dt.date(2026, 3, 20)],  # after it only
        [dt.date(2026, 1, 5), dt.date(2026, 4, 20)],  # one long before, one well after
    ],
)
def test_support_before_or_after_the_report_counts_as_the_measures_say(
    store: Store, referred: list[dt.date]
) -> None:
    from hcdesk.models.enums import ReferralAgency

    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Bus station, Rugby")
        case.reported_date = dt.date(2026, 3, 10)
        s.flush()
        s.add(Person(case_id=case.id, role=PersonRole.VICTIM, name="Leyla Demir"))
        for day in referred:
            s.add(
                Referral(
                    case_id=case.id,
                    agency=ReferralAgency.VICTIM_SUPPORT_OR_PCC_COMMISSIONED,
                    referred_on=day,
                    consent_obtained=True,
                )
            )
        cid = case.id
    with store.session() as s:
        views = [read_case_file(s, cid, consult=False)]
    for first, last in [
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 2, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 3, 10), dt.date(2026, 3, 15)),
        (dt.date(2026, 3, 5), dt.date(2026, 4, 30)),
        (dt.date(2026, 1, 1), dt.date(2026, 3, 10)),
    ]:
        got = counted(store, figures.Scope(first, last)).compliance
        want = duties.compliance(views, (first, last))
        assert want.referral.denominator == 1
        for m in want.measures():
            assert got[m.name] == figures.Share(m.numerator, m.denominator), (m.name, first)


def test_third_party_reports_are_in_the_figures_by_centre_and_outcome(store: Store) -> None:
    from pathlib import Path

    from hcdesk.casework import intake

    example = Path(__file__).resolve().parents[2] / "docs/examples/third-party-reports.json"
    with store.engine_or_raise().connect() as conn:
        assert figures.figures(conn, figures.Scope()).extra == {}  # none received: none shown
    intake.import_reports(store, example, "PC Test")
    intake.triage(store, "TPR-1", "NEW_CASE", "PC Test")
    workindex.catch_up(store, dt.date(2026, 12, 1))
    with store.session() as s:
        expected = intake.figure_counts(s)
    assert set(figures.THIRD_PARTY) == {intake.BY_CENTRE, intake.BY_OUTCOME}
    with store.engine_or_raise().connect() as conn:
        found = figures.figures(conn, figures.Scope())
        team = figures.figures(conn, figures.Scope(team="Rugby SNT"))
    assert found.extra == expected and team.extra == expected  # reports are not a team's
    assert sum(found.extra[intake.BY_CENTRE].values()) == 5
    lines = [r for r in figures.rows(found) if r[0] == "Third-party reports, by triage outcome"]
    assert ("Third-party reports, by triage outcome", "Not yet triaged", "4") in lines
    assert found.as_json()["extra"][intake.BY_CENTRE] == expected[intake.BY_CENTRE]


def test_a_name_typed_like_a_formula_reaches_the_csv_as_text(store: Store) -> None:
    """A centre's or a team's name is written as people typed it; a spreadsheet opening the
    figures CSV must show ``=HYPERLINK(...)`` as text, not run it."""
    import csv
    import dataclasses
    import io

    from hcdesk.fileio import spreadsheet_text

    assert spreadsheet_text("=1+1") == "'=1+1" and spreadsheet_text("Tell MAMA") == "Tell MAMA"
    assert [spreadsheet_text(t) for t in ("+1", "-1", "@x", "\tx")] == ["'+1", "'-1", "'@x", "'\tx"]
    with store.engine_or_raise().connect() as conn:
        found = figures.figures(conn, figures.Scope())
    planted = dataclasses.replace(
        found, extra={"third_party_by_centre": {'=HYPERLINK("http://x")': 2}}
    )
    cells = [c for row in csv.reader(io.StringIO(figures.as_csv(planted).decode())) for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert not any(c.startswith("=") for c in cells)
