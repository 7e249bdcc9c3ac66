"""The case file's use cases, without a screen: a save writes everything or nothing, a new
support action finds (or makes) its support plan, a person added to a case without a victim is
the victim."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from hcdesk.casework import casefile as cf
from hcdesk.casework.cases import new_case
from hcdesk.models.audit import AuditEvent
from hcdesk.models.case import Person, SupportAction, SupportPlan
from hcdesk.models.enums import AuditOperation, NeedArea, PersonRole, RecordType
from hcdesk.store.store import Store

ACTION = {"need_area": NeedArea.HOUSING, "action": "Chase the landlord", "owner": "PC Test"}


def _case(store: Store, plans: int = 0) -> str:
    with store.transaction(reason="test set-up") as s:
        case = new_case(s, RecordType.HATE_CRIME, place="Rugby")
        s.flush()
        for _ in range(plans):
            s.add(SupportPlan(case_id=case.id))
            s.flush()
        return case.id


def _plans(store: Store, case_id: str) -> list[SupportPlan]:
    with store.session() as s:
        return list(
            s.scalars(
                sa.select(SupportPlan)
                .where(SupportPlan.case_id == case_id, SupportPlan.deleted.is_(False))
                .order_by(SupportPlan.created_at)
            )
        )


def _actions(store: Store, case_id: str) -> list[SupportAction]:
    with store.session() as s:
        return list(s.scalars(sa.select(SupportAction).where(SupportAction.case_id == case_id)))


def _save(store: Store, case_id: str, changes: cf.Changes) -> cf.SaveResult:
    with store.transaction(reason="edited in the case file") as s:
        return cf.save_case(s, case_id, changes)


# -- a new support action creates a support plan if the case has none ----------------------------
def test_a_new_support_action_creates_a_support_plan_if_the_case_has_none(store: Store) -> None:
    case_id = _case(store)
    _save(store, case_id, cf.Changes(new=[("support_action", dict(ACTION))]))
    (plan,) = _plans(store, case_id)
    (action,) = _actions(store, case_id)
    assert action.plan_id == plan.id


def test_a_new_support_action_joins_the_first_plan_of_the_case(store: Store) -> None:
    case_id = _case(store, plans=2)
    first, _second = _plans(store, case_id)
    _save(store, case_id, cf.Changes(new=[("support_action", dict(ACTION))]))
    assert len(_plans(store, case_id)) == 2
    assert [a.plan_id for a in _actions(store, case_id)] == [first.id]


def test_a_new_support_action_joins_a_plan_added_in_the_same_save(store: Store) -> None:
    case_id = _case(store)
    changes = cf.Changes(
        new=[
            ("support_plan", {"rationale": "Safety first"}),
            ("support_action", dict(ACTION)),
            ("support_action", {**ACTION, "action": "Fit a door camera"}),
        ]
    )
    _save(store, case_id, changes)
    (plan,) = _plans(store, case_id)
    assert plan.rationale == "Safety first"
    assert {a.plan_id for a in _actions(store, case_id)} == {plan.id}
    assert "_key" not in changes.new[0][1]  # the caller's changes are left as they were


def test_a_new_support_action_does_not_join_a_plan_deleted_in_the_same_save(
    store: Store,
) -> None:
    case_id = _case(store, plans=1)
    (old,) = _plans(store, case_id)
    changes = cf.Changes(new=[("support_action", dict(ACTION))], deletes=[("support_plan", old.id)])
    _save(store, case_id, changes)
    (plan,) = _plans(store, case_id)
    assert plan.id != old.id
    assert [a.plan_id for a in _actions(store, case_id)] == [plan.id]


def test_a_support_action_that_names_its_plan_keeps_it(store: Store) -> None:
    case_id = _case(store, plans=2)
    _first, second = _plans(store, case_id)
    _save(store, case_id, cf.Changes(new=[("support_action", {**ACTION, "plan_id": second.id})]))
    assert [a.plan_id for a in _actions(store, case_id)] == [second.id]


# -- a new person on a new case is the victim ------------------------------------------------------
def test_a_new_person_on_a_new_case_is_the_victim(store: Store) -> None:
    case_id = _case(store)
    changes = cf.Changes()
    entered = {"name": "Anna Kowalska", "language": "Polish", "no_voicemail": False}
    cf.record_victim(changes, None, {"name": "Anna Kowalska", "language": "Polish"}, entered)
    assert changes.new == [("person", {**entered, "role": PersonRole.VICTIM})]
    result = _save(store, case_id, changes)
    victim = result.case.victim()
    assert victim is not None and victim["name"] == "Anna Kowalska"
    with store.session() as s:
        (person,) = s.scalars(sa.select(Person).where(Person.case_id == case_id))
        assert person.role == PersonRole.VICTIM and person.language == "Polish"


def test_no_person_is_added_without_a_name(store: Store) -> None:
    changes = cf.Changes()
    cf.record_victim(changes, None, {"language": "Polish"}, {"name": None, "language": "Polish"})
    assert not changes


def test_edits_on_a_case_with_a_victim_change_that_person(store: Store) -> None:
    changes = cf.Changes()
    cf.record_victim(changes, "person-1", {"phone": "01926 000000"}, {"name": "Anna"})
    assert changes.updates == [("person", "person-1", {"phone": "01926 000000"})]
    assert changes.new == []
    unchanged = cf.Changes()
    cf.record_victim(unchanged, "person-1", {}, {"name": "Anna"})
    assert not unchanged


# -- the save --------------------------------------------------------------------------------------
def _consultations(store: Store, case_id: str) -> int:
    with store.session() as s:
        return len(
            s.scalars(
                sa.select(AuditEvent).where(
                    AuditEvent.case_id == case_id,
                    AuditEvent.operation == AuditOperation.CONSULTATION,
                )
            ).all()
        )


def test_a_save_writes_every_change_and_returns_the_case_as_saved(store: Store) -> None:
    case_id = _case(store)
    before = _consultations(store, case_id)
    result = _save(
        store,
        case_id,
        cf.Changes(
            case={"place": "Leamington Spa", "incident_date": dt.date(2026, 11, 20)},
            new=[("support_action", {**ACTION, "_key": "new-1"})],
        ),
    )
    assert result.case.case["place"] == "Leamington Spa"
    (action,) = result.case.records["support_action"]
    assert result.created["new-1"] == action["id"]
    assert _consultations(store, case_id) == before  # the save is logged; its re-reading is not


def test_a_save_with_a_refused_value_saves_nothing(store: Store) -> None:
    case_id = _case(store)
    changes = cf.Changes(
        case={"place": "Leamington Spa"},
        new=[("support_action", {**ACTION, "owner": "x" * 121})],
    )
    with pytest.raises(cf.BadField, match="nothing was saved"):
        _save(store, case_id, changes)
    with store.session() as s:
        assert cf.load_case(s, case_id, consult=False).case["place"] == "Rugby"
    assert _actions(store, case_id) == [] and _plans(store, case_id) == []


# -- a save may not introduce a route contradiction ----------------------------------------------
def test_a_save_may_not_introduce_a_route_contradiction(store: Store) -> None:
    from hcdesk.casework.legal import RouteRefused
    from hcdesk.errors import message_for
    from hcdesk.models.case import Charge
    from hcdesk.models.enums import CDAUnderlyingOffence, LegalRoute, MonitoredStrand

    case_id = _case(store)
    _save(store, case_id, cf.Changes(case={"monitored_strands": [MonitoredStrand.DISABILITY]}))
    cda = {
        "offence": "Disability aggravated threatening behaviour",
        "legal_route": LegalRoute.CDA_S31_PUBLIC_ORDER,
        "cda_underlying": CDAUnderlyingOffence.POA_S4,
        "aggravated_form_charged": True,
    }
    with pytest.raises(RouteRefused) as info:
        _save(store, case_id, cf.Changes(new=[("charge", cda)]))
    message = message_for(info.value)
    assert message.startswith("Not saved: “Disability aggravated threatening behaviour”:")
    assert "exist only for racial or religious hostility" in message
    with store.session() as s:  # nothing was saved
        assert s.scalars(sa.select(Charge).where(Charge.case_id == case_id)).first() is None
    # The same charge on a race case saves; taking the race strand away afterwards is refused.
    _save(store, case_id, cf.Changes(case={"monitored_strands": [MonitoredStrand.RACE]}))
    _save(store, case_id, cf.Changes(new=[("charge", {**cda, "aggravated_form_available": True})]))
    with pytest.raises(RouteRefused):
        _save(store, case_id, cf.Changes(case={"monitored_strands": [MonitoredStrand.DISABILITY]}))
