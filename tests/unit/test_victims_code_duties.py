"""Victims' Code duties: working days in England and Wales, enhanced rights, the duty to tell
the victim of each key event and the rest of the queue, what is recorded about each, the MoJ
measures, and ``hcdesk due`` (docs/victims-code.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.metadata
import json
import typing
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import holidays
import pytest
import sqlalchemy as sa
from clikit import hcdesk
from hypothesis import given, settings
from hypothesis import strategies as st

from hcdesk.casework import duties, workdays
from hcdesk.casework.casefile import read_case_file
from hcdesk.casework.cases import new_case
from hcdesk.casework.duties import DutyKind, DutyStatus
from hcdesk.casework.records import (
    ActionRecord,
    AssessmentRecord,
    BailRecordRecord,
    CaseFileView,
    CaseRecord,
    ChargeRecord,
    CodeEventRecord,
    DutyRecordRecord,
    ListingRecord,
    PersonRecord,
    PlannedContactRecord,
    PlanRecord,
    Record,
    ReferralRecord,
    StatementRecord,
    StatusClaimRecord,
)
from hcdesk.errors import NotFound
from hcdesk.models.audit import AuditEvent
from hcdesk.models.case import (
    Charge,
    NeedsAssessment,
    Person,
    PlannedContact,
    SupportAction,
    SupportPlan,
    VictimsCodeEvent,
)
from hcdesk.models.enums import (
    ActionStatus,
    AuditOperation,
    BailStatus,
    ChargeOutcome,
    ContactChannel,
    HearingType,
    NeedArea,
    PersonRole,
    RecordType,
    ReferralAgency,
    ReferralOutcome,
    VictimsCodeEventKind,
    VictimsCodeStatus,
    VPSStatus,
)
from hcdesk.models.sync import Outbox
from hcdesk.store.store import Store

D = dt.date
ADULT = D(1980, 5, 5)
EV = VictimsCodeEventKind
UTC = dt.UTC

# -- building cases by hand ---------------------------------------------------------------------


def rec(cls: type[Record], **values: Any) -> Any:
    """A record with every field empty (lists empty, flags off) but those given."""
    hints = typing.get_type_hints(cls)
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        hint = str(hints[f.name])
        out[f.name] = [] if hint.startswith("list") else False if hint == "<class 'bool'>" else None
    out.update(id=str(uuid.uuid4()), created_at=dt.datetime(2026, 1, 1, tzinfo=UTC), created_by="")
    out.update(values)
    return cls(**out)


def case_view(
    record_type: RecordType = RecordType.HATE_CRIME,
    *,
    born: dt.date | None = ADULT,
    victim: bool = True,
    statuses: list[VictimsCodeStatus] | None = None,
    **tables: Any,
) -> CaseFileView:
    case_fields = {k: tables.pop(k) for k in list(tables) if k in CaseRecord.field_names()}
    defaults = {
        "local_ref": "L-T-00001",
        "team": "Rugby SNT",
        "liaison_officer": "PC 1 Ann Lee",
        "oic": "DC 2 Bob Roy",
        "incident_date": D(2026, 3, 1),
        "reported_date": D(2026, 3, 2),
    }
    case = rec(CaseRecord, record_type=record_type, **{**defaults, **case_fields})
    people = tables.pop("people", ())
    if victim:
        people = (
            rec(
                PersonRecord,
                role=PersonRole.VICTIM,
                name="V",
                date_of_birth=born,
                victims_code_statuses=statuses or [],
            ),
            *people,
        )
    empty = {
        f.name: ()
        for f in dataclasses.fields(CaseFileView)
        if f.name not in ("case_id", "reference", "case")
    }
    return CaseFileView(
        **{
            **empty,
            "case_id": case.id,
            "reference": case.local_ref,
            "case": case,
            "people": tuple(people),
            **{k: tuple(v) for k, v in tables.items()},
        }
    )


def event(
    kind: VictimsCodeEventKind, day: dt.date, told: dt.date | None = None, notes: str | None = None
) -> CodeEventRecord:
    return rec(
        CodeEventRecord,
        right_number=6,
        event=kind,
        event_date=day,
        victim_told_on=told,
        notes=notes,
    )


def record(
    key: str,
    told: dt.date | None = None,
    breach: str | None = None,
    at: dt.datetime = dt.datetime(2026, 3, 20, 10, tzinfo=UTC),
) -> DutyRecordRecord:
    return rec(
        DutyRecordRecord,
        duty_key=key,
        victim_told_on=told,
        breach_reason=breach,
        recorded_by="PC 1 Ann Lee",
        recorded_at=at,
    )


def by_kind(view: CaseFileView, today: dt.date, kind: DutyKind) -> list[duties.Duty]:
    return [d for d in duties.case_duties(view, today) if d.kind == kind]


# -- working days ----------------------------------------------------------------------------------


def test_an_enhanced_deadline_on_christmas_eve_2026_skips_christmas_the_weekend_and_boxing_day():
    # 25 Dec is a Friday, 26 Dec a Saturday: Boxing Day is kept on Monday 28 Dec.
    assert workdays.is_bank_holiday(D(2026, 12, 28))
    assert duties.deadline(D(2026, 12, 24), enhanced=True) == D(2026, 12, 29)
    # Five working days: 29, 30, 31 December, then 4 and 5 January (1 January a Friday).
    assert duties.deadline(D(2026, 12, 24), enhanced=False) == D(2027, 1, 5)


def test_good_friday_and_easter_monday_are_not_working_days():
    assert not workdays.is_working_day(D(2026, 4, 3)) and not workdays.is_working_day(D(2026, 4, 6))
    assert duties.deadline(D(2026, 4, 2), enhanced=True) == D(2026, 4, 7)
    assert duties.deadline(D(2025, 4, 17), enhanced=True) == D(2025, 4, 22)
    assert duties.deadline(D(2025, 4, 17), enhanced=False) == D(2025, 4, 28)


def test_substitute_days_are_not_working_days():
    # 2021: Christmas on a Saturday and Boxing Day on a Sunday, kept on 27 and 28 December;
    # 2022: New Year's Day on a Saturday, kept on 3 January.
    for day in (D(2021, 12, 27), D(2021, 12, 28), D(2022, 1, 3)):
        assert not workdays.is_working_day(day), day
    assert duties.deadline(D(2021, 12, 24), enhanced=True) == D(2021, 12, 29)
    assert duties.deadline(D(2021, 12, 31), enhanced=True) == D(2022, 1, 4)


def test_the_one_off_bank_holidays_of_2022_and_2023_are_not_working_days():
    for day in (D(2022, 6, 2), D(2022, 6, 3), D(2022, 9, 19), D(2023, 5, 8)):
        assert not workdays.is_working_day(day), day
    assert duties.deadline(D(2022, 9, 16), enhanced=True) == D(2022, 9, 20)


def test_an_event_at_the_weekend_is_due_on_the_next_working_days():
    assert duties.deadline(D(2026, 3, 7), enhanced=True) == D(2026, 3, 9)  # Saturday -> Monday
    assert duties.deadline(D(2026, 3, 6), enhanced=False) == D(2026, 3, 13)  # Friday -> Friday
    assert workdays.working_days_between(D(2026, 3, 6), D(2026, 3, 9)) == 1


days = st.dates(min_value=D(1990, 1, 1), max_value=D(2099, 12, 31))


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(days, st.booleans())
def test_a_deadline_never_falls_on_a_weekend_or_a_bank_holiday(day: dt.date, enhanced: bool):
    due = duties.deadline(day, enhanced)
    assert due.weekday() < 5
    assert due not in holidays.country_holidays("GB", subdiv="ENG", years=due.year)
    assert workdays.working_days_between(day, due) == (1 if enhanced else 5)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(days, days, st.integers(0, 40), st.integers(0, 40))
def test_adding_working_days_is_monotonic(a: dt.date, b: dt.date, m: int, n: int):
    a, b = min(a, b), max(a, b)
    m, n = min(m, n), max(m, n)
    assert workdays.add_working_days(a, n) <= workdays.add_working_days(b, n)
    assert workdays.add_working_days(a, m) <= workdays.add_working_days(a, n)
    assert workdays.working_days_between(a, b) <= workdays.working_days_between(
        a, b + dt.timedelta(1)
    )


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(days, st.integers(0, 600))
def test_adding_then_counting_working_days_gives_back_the_number(day: dt.date, n: int):
    assert workdays.working_days_between(day, workdays.add_working_days(day, n)) == n


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(days, st.integers(0, 120))
def test_counting_working_days_agrees_with_walking_day_by_day(day: dt.date, span: int):
    end = day + dt.timedelta(days=span)
    walked = sum(workdays.is_working_day(day + dt.timedelta(days=k)) for k in range(1, span + 1))
    assert workdays.working_days_between(day, end) == walked


def test_the_calendar_warns_before_it_runs_out():
    end = workdays.KNOWN_TO
    assert workdays.calendar_warning(end - dt.timedelta(days=workdays.WARN_DAYS + 1)) is None
    soon = workdays.calendar_warning(end - dt.timedelta(days=10))
    assert soon == f"Bank holidays are known to {end:%d/%m/%Y}: update hcdesk before then."
    past = workdays.calendar_warning(D(2026, 1, 1), end + dt.timedelta(days=1))
    assert past is not None and "known only to" in past and "Update hcdesk" in past
    assert workdays.covered_years()[1] == end.year


def test_the_calendar_end_is_reviewed_with_the_package():
    """Updating ``holidays`` means checking KNOWN_TO against gov.uk (docs/victims-code.md)."""
    assert importlib.metadata.version("holidays") == workdays.REVIEWED_PACKAGE
    assert workdays.bank_holidays(workdays.KNOWN_TO.year)  # the package has that year


# -- enhanced rights -----------------------------------------------------------------------------


def test_a_hate_crime_victim_is_a_victim_of_the_most_serious_crime():
    (entry,) = duties.enhanced_statuses(case_view(), D(2026, 3, 10))
    assert entry.status == VictimsCodeStatus.ENHANCED_MOST_SERIOUS_CRIME
    assert entry.source == "hate crime" and entry.derived
    assert not duties.is_enhanced(case_view(RecordType.NON_CRIME_HATE_INCIDENT), D(2026, 3, 10))


def test_a_victim_under_18_at_the_time_of_the_offence_is_vulnerable():
    child = case_view(RecordType.NON_CRIME_HATE_INCIDENT, born=D(2008, 3, 2))  # 17 on 1 Mar
    (entry,) = duties.enhanced_statuses(child, D(2026, 12, 1))
    assert entry.status == VictimsCodeStatus.ENHANCED_VULNERABLE_OR_INTIMIDATED
    assert entry.source == "under 18 on 01/03/2026"
    adult = case_view(RecordType.NON_CRIME_HATE_INCIDENT, born=D(2008, 3, 1))  # 18 that day
    assert duties.enhanced_statuses(adult, D(2026, 12, 1)) == []


def test_officer_statuses_count_from_the_day_added_until_withdrawn_each_with_its_source():
    def claim(day: int, withdrawn: bool = False) -> StatusClaimRecord:
        return rec(
            StatusClaimRecord,
            status=VictimsCodeStatus.ENHANCED_PERSISTENTLY_TARGETED,
            reason="Third incident since January",
            withdrawn=withdrawn,
            recorded_by="PC 1 Ann Lee",
            recorded_at=dt.datetime(2026, 3, day, 12, tzinfo=UTC),
        )

    view = case_view(
        RecordType.NON_CRIME_HATE_INCIDENT,
        statuses=[VictimsCodeStatus.STANDARD, VictimsCodeStatus.ENHANCED_VULNERABLE_OR_INTIMIDATED],
        status_claims=[claim(5), claim(20, withdrawn=True)],
    )
    texts = [e.text for e in duties.enhanced_statuses(view, D(2026, 3, 10))]
    assert texts == [
        "set on the victim's record",
        "added by PC 1 Ann Lee on 05/03/2026: Third incident since January",
    ]
    assert len(duties.enhanced_statuses(view, D(2026, 3, 4))) == 1  # not yet added
    assert len(duties.enhanced_statuses(view, D(2026, 3, 20))) == 1  # withdrawn


def test_the_deadline_follows_the_rights_the_victim_had_on_the_day_of_the_event():
    view = case_view(
        RecordType.NON_CRIME_HATE_INCIDENT,
        code_events=[event(EV.SUSPECT_ARRESTED, D(2026, 3, 2))],
        status_claims=[
            rec(
                StatusClaimRecord,
                status=VictimsCodeStatus.ENHANCED_PERSISTENTLY_TARGETED,
                reason="r",
                recorded_by="x",
                recorded_at=dt.datetime(2026, 3, 4, tzinfo=UTC),
            )
        ],
    )
    (duty,) = by_kind(view, D(2026, 3, 5), DutyKind.INFORM_ARREST)
    assert duty.due == D(2026, 3, 9)  # 5 working days: the status came after the arrest


# -- each status of a duty ---------------------------------------------------------------------

ARREST = D(2026, 3, 2)  # a Monday; enhanced (a hate crime): due Tuesday 3 March


def _arrest(told: dt.date | None = None, *records: Any) -> duties.Duty:
    e = event(EV.SUSPECT_ARRESTED, ARREST, told)
    recs = [dataclasses.replace(r, duty_key=f"victims_code_event:{e.id}") for r in records]
    view = case_view(code_events=[e], duty_records=recs)
    (duty,) = by_kind(view, D(2026, 3, 10), DutyKind.INFORM_ARREST)
    return duty


def test_told_on_or_before_the_deadline_is_met():
    duty = _arrest(D(2026, 3, 3))
    assert (duty.status, duty.due, duty.met_on) == (DutyStatus.MET, D(2026, 3, 3), D(2026, 3, 3))
    assert duty.what == "Tell the victim of the arrest (arrested 02/03/2026)"
    assert duty.section == "code" and duty.owner == "PC 1 Ann Lee" and duty.team == "Rugby SNT"


def test_told_after_the_deadline_is_breached():
    assert _arrest(D(2026, 3, 4)).status == DutyStatus.BREACHED


def test_a_breach_recorded_with_its_reason_is_breached():
    duty = _arrest(None, record("", breach="Victim abroad"))
    assert (duty.status, duty.breach_reason, duty.met_on) == (
        DutyStatus.BREACHED,
        "Victim abroad",
        None,
    )


def test_not_told_when_the_deadline_has_passed_is_overdue():
    assert _arrest().status == DutyStatus.OVERDUE


def test_a_duty_not_yet_past_its_deadline_is_due_even_on_the_day():
    e = event(EV.SUSPECT_ARRESTED, ARREST)
    view = case_view(code_events=[e])
    for today in (ARREST, D(2026, 3, 3)):
        (duty,) = by_kind(view, today, DutyKind.INFORM_ARREST)
        assert duty.status == DutyStatus.DUE


def test_the_latest_record_of_a_duty_stands():
    later = dt.datetime(2026, 3, 21, tzinfo=UTC)
    duty = _arrest(
        None, record("", breach="Not reachable"), record("", told=D(2026, 3, 3), at=later)
    )
    assert (duty.status, duty.met_on) == (DutyStatus.MET, D(2026, 3, 3))


def test_a_voided_case_has_no_duties():
    view = case_view(
        code_events=[event(EV.SUSPECT_ARRESTED, ARREST)],
        next_review_date=D(2026, 3, 1),
        voided_at=dt.datetime(2026, 3, 5, tzinfo=UTC),
        voided_reason="Opened twice",
    )
    assert duties.case_duties(view, D(2026, 3, 10)) == []
    with pytest.raises(NotFound, match="voided"):
        duties.find_duty(view, f"case_file:{view.case_id}:assessment", D(2026, 3, 10))


# -- events not in the log ----------------------------------------------------------------------


def test_a_charge_in_the_log_is_one_duty_and_one_not_in_the_log_is_a_duty_of_its_own():
    charge = rec(
        ChargeRecord, offence="x", charged_on=D(2026, 3, 10), outcome=ChargeOutcome.PENDING
    )
    logged = case_view(charges=[charge], code_events=[event(EV.SUSPECT_CHARGED, D(2026, 3, 11))])
    (duty,) = by_kind(logged, D(2026, 3, 20), DutyKind.INFORM_CHARGE)
    assert duty.key.startswith("victims_code_event:")
    # A record under the charge's own key counts for the log entry's duty.
    found, _ = duties.find_duty(logged, f"charge:{charge.id}", D(2026, 3, 20))
    assert found.key == duty.key
    alone = case_view(charges=[charge, dataclasses.replace(charge, id=str(uuid.uuid4()))])
    (duty,) = by_kind(alone, D(2026, 3, 20), DutyKind.INFORM_CHARGE)
    assert duty.key == f"charge:{charge.id}" and duty.due == D(2026, 3, 11)


def test_an_outcome_and_no_further_action_on_a_charge_are_duties():
    charges = [
        rec(ChargeRecord, offence="a", outcome=ChargeOutcome.CONVICTED, outcome_date=D(2026, 5, 1)),
        rec(ChargeRecord, offence="b", outcome=ChargeOutcome.NFA, outcome_date=D(2026, 5, 4)),
    ]
    view = case_view(charges=charges)
    kinds = {d.kind: d.due for d in duties.case_duties(view, D(2026, 5, 20))}
    assert kinds[DutyKind.INFORM_OUTCOME] == D(2026, 5, 5)  # Mon 4 May is a bank holiday
    assert kinds[DutyKind.INFORM_NFA] == D(2026, 5, 5)


def test_bail_records_make_bail_and_change_to_bail_duties_unless_logged():
    suspect = "s1"
    bail = [
        rec(
            BailRecordRecord,
            person_id=suspect,
            status=BailStatus.POLICE_BAIL,
            from_date=D(2026, 3, 2),
        ),
        rec(
            BailRecordRecord,
            person_id=suspect,
            status=BailStatus.COURT_BAIL,
            from_date=D(2026, 4, 9),
        ),
        rec(
            BailRecordRecord,
            person_id=suspect,
            status=BailStatus.COURT_BAIL,
            from_date=D(2026, 6, 1),
            proposed=True,
        ),
    ]
    view = case_view(
        bail=bail, code_events=[event(EV.SUSPECT_BAILED, D(2026, 3, 3), D(2026, 3, 3))]
    )
    found = {
        (d.kind, d.key.split(":")[0])
        for d in duties.case_duties(view, D(2026, 6, 30))
        if d.kind in duties.INFORM_KINDS
    }
    assert found == {
        (DutyKind.INFORM_BAIL, "victims_code_event"),
        (DutyKind.INFORM_BAIL_CHANGE, "bail_record"),
    }


def test_hearings_are_matched_to_court_date_entries_by_the_date_they_name_then_in_order():
    def listing(day: dt.date, kind: HearingType = HearingType.TRIAL) -> ListingRecord:
        return rec(
            ListingRecord,
            court="Warwick",
            listed_for=day,
            hearing_type=kind,
            created_at=dt.datetime(2026, 3, 1, tzinfo=UTC),
        )

    first, ptph, trial = listing(D(2026, 4, 1)), listing(D(2026, 5, 1)), listing(D(2026, 7, 1))
    entries = [
        event(EV.COURT_DATE_SET, D(2026, 3, 10), D(2026, 3, 10), "Trial on 1 Jul 2026"),
        event(EV.COURT_DATE_SET, D(2026, 3, 11), D(2026, 3, 11), "First hearing"),
    ]
    view = case_view(listings=[first, ptph, trial], code_events=entries)
    court = by_kind(view, D(2026, 3, 12), DutyKind.INFORM_COURT_DATE)
    keys = {d.key for d in court}
    # The trial is the first entry's (it names 1 Jul 2026); the first hearing the second's, the
    # earliest after it; the PTPH no entry stands for: due from when it was recorded.
    assert f"court_listing:{ptph.id}" in keys and len(court) == 3
    (own,) = [d for d in court if d.key == f"court_listing:{ptph.id}"]
    assert own.due == D(2026, 3, 2) and own.status == DutyStatus.OVERDUE
    assert duties.find_duty(view, f"court_listing:{trial.id}", D(2026, 3, 12))[0].key == (
        f"victims_code_event:{entries[0].id}"
    )
    assert duties.find_duty(view, f"court_listing:{first.id}", D(2026, 3, 12))[0].key == (
        f"victims_code_event:{entries[1].id}"
    )


# -- the rest of the queue -----------------------------------------------------------------------


def test_the_queue_holds_reviews_actions_referrals_contacts_and_the_vps_offer():
    plan = rec(PlanRecord, review_date=D(2026, 3, 20))
    view = case_view(
        next_review_date=D(2026, 3, 25),
        assessments=[rec(AssessmentRecord, assessed_on=D(2026, 3, 3), assessor="x")],
        code_events=[event(EV.SUSPECT_CHARGED, D(2026, 3, 9), D(2026, 3, 9))],
        plans=[plan, rec(PlanRecord, review_date=D(2026, 3, 1), closure_reason="Closed")],
        actions=[
            rec(
                ActionRecord,
                plan_id=plan.id,
                need_area=NeedArea.HOUSING,
                action="a",
                owner="Housing officer",
                due_date=D(2026, 3, 9),
                status=ActionStatus.OPEN,
            ),
            rec(
                ActionRecord,
                plan_id=plan.id,
                need_area=NeedArea.HOUSING,
                action="b",
                owner="x",
                due_date=D(2026, 3, 9),
                status=ActionStatus.DONE,
            ),
        ],
        referrals=[
            rec(
                ReferralRecord,
                agency=ReferralAgency.STOP_HATE_UK,
                referred_on=D(2026, 3, 3),
                outcome=ReferralOutcome.PENDING,
                contact_attempts=0,
            ),
            rec(
                ReferralRecord,
                agency=ReferralAgency.GALOP,
                referred_on=D(2026, 3, 3),
                outcome=ReferralOutcome.ACCEPTED,
                contact_attempts=0,
            ),
        ],
        planned_contacts=[
            rec(
                PlannedContactRecord,
                planned_for=dt.datetime(2026, 3, 12, 17, 30, tzinfo=UTC),
                channel=ContactChannel.PHONE,
                owner="PC 3 Cy Dee",
            ),
            rec(
                PlannedContactRecord,
                planned_for=dt.datetime(2026, 3, 2, 17, 30, tzinfo=UTC),
                channel=ContactChannel.PHONE,
                owner="PC 3 Cy Dee",
                done=True,
            ),
        ],
        statements=[rec(StatementRecord, status=VPSStatus.OFFERED, taken_on=D(2026, 3, 10))],
    )
    got = {(d.kind, d.due, d.status) for d in duties.case_duties(view, D(2026, 3, 11))}
    assert got == {
        (DutyKind.INFORM_CHARGE, D(2026, 3, 10), DutyStatus.MET),
        (DutyKind.NEEDS_REVIEW, D(2026, 3, 9), DutyStatus.MET),  # offered 3 March
        (DutyKind.NEEDS_REVIEW, D(2026, 3, 16), DutyStatus.DUE),  # review after the charge
        (DutyKind.VPS_OFFER, D(2026, 3, 10), DutyStatus.MET),
        (DutyKind.PLAN_REVIEW, D(2026, 3, 20), DutyStatus.DUE),
        (DutyKind.ACTION_DUE, D(2026, 3, 9), DutyStatus.OVERDUE),
        (DutyKind.REFERRAL_FOLLOW_UP, D(2026, 3, 10), DutyStatus.OVERDUE),
        (DutyKind.PLANNED_CONTACT, D(2026, 3, 12), DutyStatus.DUE),
        (DutyKind.CASE_REVIEW, D(2026, 3, 25), DutyStatus.DUE),
    }
    owners = {d.kind: d.owner for d in duties.case_duties(view, D(2026, 3, 11))}
    assert owners[DutyKind.ACTION_DUE] == "Housing officer"
    assert owners[DutyKind.PLANNED_CONTACT] == "PC 3 Cy Dee"
    assert owners[DutyKind.CASE_REVIEW] == "DC 2 Bob Roy"


def test_every_kind_and_status_has_its_words_and_every_kind_its_section():
    for value in [*DutyKind, *DutyStatus]:
        assert duties.LABELS[value] and "_" not in duties.LABELS[value]
    sections = {
        "incident",
        "victim",
        "people",
        "wishes",
        "needs",
        "referrals",
        "contacts",
        "code",
        "court",
        "history",
    }
    assert {duties.SECTIONS[k] for k in DutyKind} <= sections


# -- MoJ measures ---------------------------------------------------------------------------------


def test_compliance_measures_count_a_small_crafted_set():
    told_on_time = case_view(
        reported_date=D(2026, 3, 2),
        assessments=[rec(AssessmentRecord, assessed_on=D(2026, 3, 3), assessor="x")],
        code_events=[
            event(EV.SUSPECT_ARRESTED, D(2026, 3, 2), D(2026, 3, 2)),
            event(EV.SUSPECT_CHARGED, D(2026, 3, 9), D(2026, 3, 9)),
            event(EV.VPS_OFFERED, D(2026, 3, 9), D(2026, 3, 9)),
        ],
    )
    late = case_view(
        reported_date=D(2026, 3, 16),
        referrals=[
            rec(
                ReferralRecord,
                agency=ReferralAgency.GALOP,
                referred_on=D(2026, 3, 17),
                outcome=ReferralOutcome.ACCEPTED,
                contact_attempts=0,
            )
        ],
        code_events=[event(EV.SUSPECT_CHARGED, D(2026, 3, 18), D(2026, 3, 25))],
    )
    before = case_view(reported_date=D(2026, 1, 5))  # reported before the period
    incident = case_view(
        RecordType.NON_CRIME_HATE_INCIDENT, code_events=[event(EV.SUSPECT_ARRESTED, D(2026, 3, 2))]
    )
    voided = dataclasses.replace(
        told_on_time,
        case=dataclasses.replace(told_on_time.case, voided_at=dt.datetime(2026, 3, 3, tzinfo=UTC)),
    )
    m = duties.compliance(
        [told_on_time, late, before, incident, voided], (D(2026, 3, 1), D(2026, 3, 31))
    )
    assert (m.acknowledgement.numerator, m.acknowledgement.denominator) == (1, 2)
    assert (m.referral.numerator, m.referral.denominator) == (2, 2)
    assert (m.timely_updates.numerator, m.timely_updates.denominator) == (2, 3)
    assert (m.vps_offered.numerator, m.vps_offered.denominator) == (1, 2)
    assert m.timely_updates.share == pytest.approx(2 / 3)
    assert m.vps_offered.label == "Victim Personal Statement offered"


# -- recording, through the save ------------------------------------------------------------------


def _seed(store: Store) -> dict[str, str]:
    """Three cases: two in Rugby SNT (one the officer's), one in Stratford SNT."""
    ids: dict[str, str] = {}
    with store.transaction(reason="test set-up") as s:
        a = new_case(
            s,
            RecordType.HATE_CRIME,
            urn="11AA0000126",
            team="Rugby SNT",
            liaison_officer="PC Test",
            oic="DC 2 Bob Roy",
            incident_date=D(2026, 3, 1),
            reported_date=D(2026, 3, 2),
            next_review_date=D(2026, 3, 25),
        )
        s.flush()
        b = new_case(
            s,
            RecordType.HATE_CRIME,
            urn="11AA0000226",
            team="Rugby SNT",
            liaison_officer="PC 9 Zed Ray",
            incident_date=D(2026, 3, 1),
            reported_date=D(2026, 3, 2),
        )
        s.flush()
        c = new_case(
            s,
            RecordType.NON_CRIME_HATE_INCIDENT,
            urn="11AA0000326",
            team="Stratford SNT",
            liaison_officer="PC Test",
            incident_date=D(2026, 3, 1),
            reported_date=D(2026, 3, 2),
        )
        s.flush()
        for case in (a, b, c):
            s.add(
                Person(
                    case_id=case.id,
                    role=PersonRole.VICTIM,
                    name="Victim",
                    date_of_birth=D(1980, 1, 1),
                )
            )
        # A: the arrest told on time, the charge not told; assessed on 3 March.
        s.add(
            VictimsCodeEvent(
                case_id=a.id,
                right_number=6,
                event=EV.SUSPECT_ARRESTED,
                event_date=D(2026, 3, 2),
                victim_told_on=D(2026, 3, 2),
            )
        )
        s.add(
            VictimsCodeEvent(
                case_id=a.id, right_number=6, event=EV.SUSPECT_CHARGED, event_date=D(2026, 3, 9)
            )
        )
        s.add(NeedsAssessment(case_id=a.id, assessed_on=D(2026, 3, 3), assessor="PC Test"))
        # B: a charge record not in the log, told nothing; offered an assessment by the log.
        s.add(
            Charge(
                case_id=b.id, offence="Racially aggravated harassment", charged_on=D(2026, 3, 10)
            )
        )
        s.add(
            VictimsCodeEvent(
                case_id=b.id,
                right_number=4,
                event=EV.NEEDS_ASSESSMENT_OFFERED,
                event_date=D(2026, 3, 2),
                victim_told_on=D(2026, 3, 2),
            )
        )
        # C (not a crime): a plan review, an action of the officer's, a planned contact.
        plan = SupportPlan(case_id=c.id, review_date=D(2026, 3, 16))
        s.add(plan)
        s.flush()
        s.add(
            SupportAction(
                case_id=c.id,
                plan_id=plan.id,
                need_area=NeedArea.SAFETY_SECURITY,
                action="Fit a door camera",
                owner="PC Test",
                due_date=D(2026, 3, 11),
            )
        )
        s.add(
            PlannedContact(
                case_id=c.id,
                planned_for=dt.datetime(2026, 3, 13, 17, tzinfo=UTC),
                channel=ContactChannel.PHONE,
                owner="PC 9 Zed Ray",
            )
        )
        ids.update(a=a.id, b=b.id, c=c.id)
    return ids


TODAY = D(2026, 3, 12)
# What _seed's cases owe on 12 March 2026, worked out by hand (docs/victims-code.md): the case,
# the kind, the due date, the status and the owner.
EXPECTED = [
    ("11AA0000126", "INFORM_CHARGE", "2026-03-10", "OVERDUE", "PC Test"),
    ("11AA0000126", "VPS_OFFER", "2026-03-10", "OVERDUE", "DC 2 Bob Roy"),
    ("11AA0000226", "INFORM_CHARGE", "2026-03-11", "OVERDUE", "PC 9 Zed Ray"),
    ("11AA0000226", "VPS_OFFER", "2026-03-11", "OVERDUE", "PC 9 Zed Ray"),
    ("11AA0000326", "ACTION_DUE", "2026-03-11", "OVERDUE", "PC Test"),
    ("11AA0000326", "PLANNED_CONTACT", "2026-03-13", "DUE", "PC 9 Zed Ray"),
    ("11AA0000126", "NEEDS_REVIEW", "2026-03-16", "DUE", "PC Test"),  # after the charge
    ("11AA0000326", "PLAN_REVIEW", "2026-03-16", "DUE", "PC Test"),
    ("11AA0000126", "CASE_REVIEW", "2026-03-25", "DUE", "DC 2 Bob Roy"),
]


def test_recording_told_and_a_breach_is_saved_audited_and_sent(store: Store):
    ids = _seed(store)
    with store.session() as s:
        view = read_case_file(s, ids["a"], consult=False)
    (charge,) = by_kind(view, TODAY, DutyKind.INFORM_CHARGE)
    duty = duties.record_told(
        store, ids["a"], charge.key, D(2026, 3, 11), "PC Test", "Told by phone", today=TODAY
    )
    assert (duty.status, duty.met_on) == (DutyStatus.BREACHED, D(2026, 3, 11))  # due 10 March
    duty = duties.record_breach(
        store, ids["a"], charge.key, "Victim in hospital", "PC Test", today=TODAY
    )
    assert (duty.status, duty.met_on, duty.breach_reason) == (
        DutyStatus.BREACHED,
        D(2026, 3, 11),
        "Victim in hospital",
    )
    with store.session() as s:
        view = read_case_file(s, ids["a"], consult=False)
        sent = s.scalars(sa.select(Outbox.entity).where(Outbox.case_id == ids["a"])).all()
        audited = [
            e
            for e in s.scalars(sa.select(AuditEvent).where(AuditEvent.case_id == ids["a"]))
            if "duty_record" in (e.details or {}).get("records", {})
        ]
    assert [r.victim_told_on for r in view.duty_records] == [D(2026, 3, 11), D(2026, 3, 11)]
    assert [r.recorded_by for r in view.duty_records] == ["PC Test", "PC Test"]
    assert sent.count("duty_record") == 2
    assert len(audited) == 2 and {e.operation for e in audited} == {AuditOperation.COLLECTION}
    assert {e.reason for e in audited} == {duties.RECORDED}


def test_a_told_date_to_come_or_before_the_event_or_an_empty_reason_is_refused(store: Store):
    ids = _seed(store)
    with store.session() as s:
        (charge,) = by_kind(
            read_case_file(s, ids["a"], consult=False), TODAY, DutyKind.INFORM_CHARGE
        )
    with pytest.raises(duties.DutyRefused, match="still to come"):
        duties.record_told(store, ids["a"], charge.key, D(2026, 3, 13), "PC Test", today=TODAY)
    with pytest.raises(duties.DutyRefused, match="before the event"):
        duties.record_told(store, ids["a"], charge.key, D(2026, 3, 8), "PC Test", today=TODAY)
    with pytest.raises(duties.DutyRefused, match="reason"):
        duties.record_breach(store, ids["a"], charge.key, "  ", "PC Test", today=TODAY)
    with pytest.raises(NotFound, match="no duty"):
        duties.record_told(store, ids["a"], "charge:nope", TODAY, "PC Test", today=TODAY)
    with store.session() as s:
        assert read_case_file(s, ids["a"], consult=False).duty_records == ()


def test_an_officer_adds_and_withdraws_a_status_but_not_one_the_law_gives(store: Store):
    ids = _seed(store)
    with pytest.raises(duties.DutyRefused, match="reason"):
        duties.add_status(store, ids["c"], "ENHANCED_PERSISTENTLY_TARGETED", " ", "PC Test")
    now = duties.add_status(
        store,
        ids["c"],
        VictimsCodeStatus.ENHANCED_PERSISTENTLY_TARGETED,
        "Third incident since January",
        "PC Test",
    )
    assert [e.status for e in now] == [VictimsCodeStatus.ENHANCED_PERSISTENTLY_TARGETED]
    assert now[0].source.startswith("added by PC Test on ")
    with pytest.raises(duties.DutyRefused, match="already has"):
        duties.add_status(store, ids["c"], "ENHANCED_PERSISTENTLY_TARGETED", "again", "PC Test")
    assert (
        duties.withdraw_status(
            store, ids["c"], "ENHANCED_PERSISTENTLY_TARGETED", "No incident since", "PC Test"
        )
        == []
    )
    with pytest.raises(duties.DutyRefused, match="comes from the law"):
        duties.withdraw_status(store, ids["a"], "ENHANCED_MOST_SERIOUS_CRIME", "x", "PC Test")
    with pytest.raises(duties.DutyRefused, match="Standard"):
        duties.add_status(store, ids["a"], "STANDARD", "x", "PC Test")
    with store.session() as s:
        claims = read_case_file(s, ids["c"], consult=False).status_claims
    assert [c.withdrawn for c in claims] == [False, True]


# -- hcdesk due -----------------------------------------------------------------------------------


@pytest.fixture
def profile(make_store: Callable[..., Store]) -> tuple[Path, dict[str, str]]:
    store = make_store("duties")
    ids = _seed(store)
    path = Path(store.paths.root)
    store.close()
    return path, ids


def _items(profile: Path, *args: str) -> list[dict[str, Any]]:
    ran = hcdesk("due", "--profile", profile, "--json", "--today", "12/03/2026", *args)
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


def test_due_json_lists_what_an_independent_count_finds(profile: tuple[Path, dict[str, str]]):
    path, _ids = profile
    items = _items(path)
    got = [(i["case"], i["kind"], i["due"], i["status"], i["owner"]) for i in items]
    assert sorted(got) == sorted(EXPECTED)
    assert [i["status"] for i in items] == sorted(
        (i["status"] for i in items), key=lambda s: s != "OVERDUE"
    )  # overdue first
    for item in items:
        assert {"case", "kind", "due", "status", "what", "owner", "team", "key"} <= item.keys()
    mine = {(i["case"], i["kind"]) for i in _items(path, "--mine")}
    assert mine == {(c, k) for c, k, _d, _s, owner in EXPECTED if owner == "PC Test"}
    team = {i["case"] for i in _items(path, "--team", "stratford snt")}
    assert team == {"11AA0000326"}


def test_due_prints_a_table_overdue_first_and_told_closes_a_duty(
    profile: tuple[Path, dict[str, str]],
):
    path, _ids = profile
    ran = hcdesk("due", "--profile", path, "--today", "12/03/2026")
    assert ran.returncode == 0, ran.stderr
    lines = [line for line in ran.stdout.splitlines() if line.startswith(("Overdue", "Due"))]
    assert len(lines) == len(EXPECTED)
    assert lines[0].startswith("Overdue") and lines[-1].startswith("Due")
    assert ran.stdout.startswith("9 duties on 12/03/2026: 4 due, 5 overdue.")
    (charge,) = [i for i in _items(path, "--case", "11AA0000226") if i["kind"] == "INFORM_CHARGE"]
    ran = hcdesk("told", "--profile", path, "11AA0000226", charge["key"], "--on", "11/03/2026")
    assert ran.returncode == 0, ran.stderr
    assert "met (due 11/03/2026)" in ran.stderr
    assert charge["key"] not in {i["key"] for i in _items(path)}
    every = {i["key"]: i for i in _items(path, "--all")}
    assert (
        every[charge["key"]]["status"] == "MET" and every[charge["key"]]["met_on"] == "2026-03-11"
    )


def test_told_and_breach_refuse_bad_input_with_one_clear_line(
    profile: tuple[Path, dict[str, str]],
):
    from clikit import one_clear_line

    path, _ids = profile
    one_clear_line(
        hcdesk("told", "--profile", path, "11AA0000226", "charge:x", "--on", "today"),
        "has no duty charge:x",
        "hcdesk due --case 11AA0000226",
    )
    one_clear_line(
        hcdesk("told", "--profile", path, "NOPE", "charge:x", "--on", "today"),
        "No case with the reference NOPE",
    )
    (vps,) = [i for i in _items(path, "--case", "11AA0000226") if i["kind"] == "VPS_OFFER"]
    ran = hcdesk("breach", "--profile", path, "11AA0000226", vps["key"], "--reason", " ")
    assert ran.returncode == 4
    one_clear_line(ran, "Give the reason")
    ran = hcdesk("told", "--profile", path, "11AA0000226", vps["key"], "--on", "32/01/2026")
    assert ran.returncode == 2 and "That date does not exist" in ran.stderr
