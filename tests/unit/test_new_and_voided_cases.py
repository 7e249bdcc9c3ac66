"""The rules of a case's beginning and end, Qt-free: a new case is created when first saved
with its required fields; a case opened by mistake is voided with a reason, audited, synced,
and never counted as work; the recent cases name no one."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from hcdesk.casework import cases, recent
from hcdesk.casework.casefile import Changes, record_victim
from hcdesk.casework.caselist import CaseFilter, count_cases, fetch_rows
from hcdesk.errors import UsageError
from hcdesk.models.audit import AuditEvent
from hcdesk.models.case import CaseFile, Person
from hcdesk.models.enums import AuditOperation, PersonRole, ProtectiveMarking, RecordType
from hcdesk.models.sync import Outbox
from hcdesk.store import search
from hcdesk.store import settings as prefs
from hcdesk.store.store import Store


def victim_named(name: str) -> Changes:
    changes = Changes()
    record_victim(changes, None, {"name": name}, {"name": name})
    return changes


def case_count(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(CaseFile)) or 0)


# -- a case is created when it is first saved with its required fields ------------------------
def test_a_new_case_needs_the_victims_name_and_a_record_type() -> None:
    baseline, view = cases.draft_case("PC Test")
    assert view.case.record_type == RecordType.HATE_CRIME and view.case.liaison_officer == "PC Test"
    assert [m.label for m in cases.missing_for_new_case(baseline, Changes())] == ["victim's name"]
    assert cases.missing_for_new_case(baseline, victim_named("Ewa Kowalska")) == []
    assert cases.missing_for_new_case(baseline, victim_named("   ")) != []
    no_type = Changes(case={"record_type": None})
    no_type.new = victim_named("Ewa").new
    assert [m.key for m in cases.missing_for_new_case(baseline, no_type)] == ["record_type"]


def test_a_case_is_created_when_first_saved_with_its_required_fields(store: Store) -> None:
    baseline, view = cases.draft_case("PC Test", protective_marking=ProtectiveMarking.OFFICIAL)
    assert case_count(store) == 0  # a draft is nothing in the store
    with pytest.raises(cases.MissingFields) as refused, store.transaction(reason="new") as s:
        cases.create_case(s, view.case_id, baseline, Changes(case={"place": "Rugby"}))
    assert "victim's name" in str(refused.value)
    assert case_count(store) == 0
    with store.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Outbox)) == 0

    changes = victim_named("Ewa Kowalska")
    changes.case["place"] = "Rugby"
    with store.transaction(reason="new case") as s:
        result = cases.create_case(s, view.case_id, baseline, changes)
    case = result.case
    assert case.case_id == view.case_id and case.reference.startswith("L-")
    assert case.case.place == "Rugby" and case.case.protective_marking == ProtectiveMarking.OFFICIAL
    assert [(p.name, p.role) for p in case.people] == [("Ewa Kowalska", PersonRole.VICTIM)]
    with store.session() as s:
        entities = set(s.scalars(sa.select(Outbox.entity).where(Outbox.case_id == case.case_id)))
    assert {"case_file", "person"} <= entities  # created, and on its way to the central store


# -- a voided case is never counted as work -----------------------------------------------------
def two_cases(store: Store) -> list[str]:
    ids = []
    with store.transaction(reason="test set-up") as s:
        for place in ("Rugby", "Nuneaton"):
            case = cases.new_case(s, RecordType.HATE_CRIME, place=place, summary="Shouted at")
            s.flush()
            s.add(Person(case_id=case.id, role=PersonRole.VICTIM, name=f"Victim in {place}"))
            case.next_review_date = dt.date(2020, 1, 1)  # overdue: work, unless voided
            ids.append(case.id)
    return ids


def listed(store: Store, f: CaseFilter) -> tuple[int, list[str]]:
    with store.engine_or_raise().connect() as conn:
        return count_cases(conn, f), [r.case_id for r in fetch_rows(conn, f)]


def test_a_voided_case_is_never_counted_as_work(store: Store) -> None:
    kept, voided = two_cases(store)
    today = dt.date(2026, 3, 2)
    with store.transaction(reason="case voided: opened twice") as s:
        recent.remember_recent(s, voided)
        recent.remember_recent(s, kept)
        case = cases.void_case(s, voided, "opened twice by mistake", by="PC Test")
        assert cases.is_voided(case)
    for f in (
        CaseFilter(today=today),
        CaseFilter(today=today, overdue_only=True),
        CaseFilter(today=today, text="Victim"),
        CaseFilter(today=today, text="Nuneaton"),
    ):
        total, ids = listed(store, f)
        assert voided not in ids and total == len(ids), f
    assert listed(store, CaseFilter(today=today, voided=True)) == (1, [voided])
    assert listed(store, CaseFilter(today=today, voided=True, text="nuneaton")) == (1, [voided])
    assert listed(store, CaseFilter(today=today, voided=True, text="rugby")) == (0, [])
    with store.engine_or_raise().connect() as conn:
        assert search.search(conn, "Nuneaton") == []
    with store.session() as s:
        live = s.scalars(sa.select(CaseFile.id).where(cases.live_cases())).all()
        assert live == [kept]
        assert [cid for cid, _ref in recent.recent_cases(s)] == [kept]
        stored = s.get(CaseFile, voided)
        assert stored is not None and not stored.deleted  # kept, never deleted
        assert (stored.voided_reason, stored.voided_by) == ("opened twice by mistake", "PC Test")
        assert stored.voided_at is not None
        # Audited with its reason, and on its way to the central store.
        events = s.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.case_id == voided,
                AuditEvent.operation == AuditOperation.ALTERATION,
                AuditEvent.reason == "case voided: opened twice",
            )
        ).all()
        assert len(events) == 1 and "voided_reason" in str(events[0].details)
        outbox = s.scalars(
            sa.select(Outbox).where(Outbox.case_id == voided, Outbox.entity == "case_file")
        ).all()
        assert any("voided_reason" in str(o.payload) for o in outbox)


def test_voiding_needs_a_reason_and_happens_once(store: Store) -> None:
    (case_id, _other) = two_cases(store)
    with store.transaction(reason="t") as s:
        with pytest.raises(UsageError, match="reason"):
            cases.void_case(s, case_id, "  ", by="PC Test")
        cases.void_case(s, case_id, "a test case", by="PC Test")
        with pytest.raises(cases.AlreadyVoided):
            cases.void_case(s, case_id, "again", by="PC Test")


def test_the_recent_cases_keep_eight_ids_newest_first(store: Store) -> None:
    ids = []
    with store.transaction(reason="t") as s:
        for _ in range(10):
            case = cases.new_case(s, RecordType.HATE_CRIME)
            s.flush()
            ids.append(case.id)
            recent.remember_recent(s, case.id)
        recent.remember_recent(s, ids[3])  # opened again: first
    with store.session() as s:
        got = recent.recent_cases(s)
    newest = [ids[3], ids[9], ids[8], ids[7], ids[6], ids[5], ids[4], ids[2]]
    assert [cid for cid, _ in got] == newest
    assert all(ref.startswith("L-") for _, ref in got)


def test_the_default_marking_setting_takes_the_markings_there_are() -> None:
    assert set(prefs.DEFAULT_MARKING.choices) == {m.value for m in ProtectiveMarking}
    assert prefs.DEFAULT_MARKING.check("OFFICIAL") == "OFFICIAL"
    assert prefs.DEFAULT_MARKING.check("SECRET") is None
