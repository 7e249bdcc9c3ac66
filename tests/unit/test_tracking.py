"""What every save does besides writing the row: field versions, outbox, audit, one transaction."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from typing import Any

import pytest
import sqlalchemy as sa
from testvalues import PASSPHRASE

from hcdesk.casework.cases import log_contact, new_case, record_wish
from hcdesk.models import (
    AuditEvent,
    CaseFile,
    ContactLog,
    Outbox,
    Person,
    SyncState,
    VictimWish,
)
from hcdesk.models.base import domain_columns, uuid7
from hcdesk.models.enums import (
    AuditOperation,
    CaseStatus,
    ContactChannel,
    ContactDirection,
    PersonRole,
    RecordType,
)
from hcdesk.store import search
from hcdesk.store.store import Store
from hcdesk.store.tracking import ImmutableRecord
from hcdesk.wire.hlc import HLC


def counts(store: Store) -> dict[str, int]:
    with store.session() as s:
        return {
            model.__tablename__: s.scalar(sa.select(sa.func.count()).select_from(model)) or 0
            for model in (CaseFile, Person, VictimWish, ContactLog, Outbox, AuditEvent)
        }


def outbox(store: Store, entity: str | None = None) -> list[Outbox]:
    with store.session() as s:
        stmt = sa.select(Outbox).order_by(Outbox.client_seq)
        if entity is not None:
            stmt = stmt.where(Outbox.entity == entity)
        return list(s.scalars(stmt))


def make_case(store: Store, **fields: Any) -> tuple[str, str]:
    """A case and its victim, saved in one flush."""
    with store.transaction() as s:
        case = new_case(s, RecordType.HATE_CRIME, id=uuid7(), summary="Spat at on the bus")
        victim = Person(case_id=case.id, role=PersonRole.VICTIM, name="Leyla Demir", **fields)
        s.add(victim)
        s.flush()
        return case.id, victim.id


def issued_versions(store: Store) -> list[str]:
    """Every HLC this device has handed out: outbox entries, field versions, audit events."""
    with store.session() as s:
        found = set(s.scalars(sa.select(Outbox.hlc)))
        found |= set(s.scalars(sa.select(AuditEvent.created_hlc)))
        for row in [*s.scalars(sa.select(Person)), *s.scalars(sa.select(CaseFile))]:
            found |= set(row.versions().values())
    return sorted(found)


def test_new_row_gets_a_version_for_every_field(store: Store) -> None:
    case_id, victim_id = make_case(store)
    with store.session() as s:
        victim = s.get(Person, victim_id)
        assert victim is not None
        fields = {c.key for c in domain_columns(Person)}
        assert set(victim.versions()) == fields | {"deleted"}
        assert len(set(victim.versions().values())) == 1  # one save, one version
        assert victim.pending() == fields | {"deleted"}
        assert victim.created_by == "PC Test"
        assert victim.created_hlc == next(iter(victim.versions().values()))
        assert victim.deleted is False
        ver = victim.created_hlc
    (entry,) = outbox(store, "person")
    assert (entry.op, entry.entity_id, entry.case_id, entry.state) == (
        "upsert",
        victim_id,
        case_id,
        "pending",
    )
    assert entry.hlc == ver
    assert_new_row_payload(entry, fields | {"deleted"}, {"name": "Leyla Demir", "deleted": False})
    assert entry.schema_version >= 1


def assert_new_row_payload(entry: Outbox, fields: set[str], some_values: dict[str, Any]) -> None:
    """A new row's outbox entry: a snapshot of the row at its version, or every field inline."""
    if entry.payload.get("snapshot"):
        assert entry.payload == {"snapshot": True, "ver": entry.hlc}
    elif entry.op == "append":
        assert set(entry.payload["values"]) == fields
        assert entry.payload["ver"] == entry.hlc
        for key, value in some_values.items():
            assert entry.payload["values"][key] == value
    else:
        assert set(entry.payload) == fields
        for key, value in some_values.items():
            assert entry.payload[key] == {"value": value, "ver": entry.hlc, "base_ver": None}


def test_editing_one_field_sends_only_that_field(store: Store) -> None:
    _case_id, victim_id = make_case(store)
    with store.session() as s:
        before = s.get(Person, victim_id).versions()  # type: ignore[union-attr]
    with store.transaction() as s:
        victim = s.get(Person, victim_id)
        assert victim is not None
        victim.phone = "07700 900123"
    with store.session() as s:
        victim = s.get(Person, victim_id)
        assert victim is not None
        after = victim.versions()
    first, edit = outbox(store, "person")
    assert edit.op == "upsert"
    assert list(edit.payload) == ["phone"]
    # The row's first entry is not sent yet, so the edit keeps the value it replaced: the
    # snapshot can then send the row as created and the edit after it.
    assert edit.payload["phone"] == {
        "value": "07700 900123",
        "ver": edit.hlc,
        "base_ver": before["phone"],
        "base_value": None,
    }
    assert after["phone"] == edit.hlc > before["phone"]
    assert {k: v for k, v in after.items() if k != "phone"} == {
        k: v for k, v in before.items() if k != "phone"
    }
    assert edit.client_seq > first.client_seq
    # The case row was not touched, so it sent nothing new.
    assert len(outbox(store, "case_file")) == 1


def test_saving_without_a_change_sends_nothing(store: Store) -> None:
    _case_id, victim_id = make_case(store)
    before = counts(store)
    with store.transaction() as s:
        victim = s.get(Person, victim_id)
        assert victim is not None
        victim.name = "Leyla Demir"  # the same value
    assert counts(store) == before


def test_versions_strictly_increase_across_edits_and_reopening(store: Store) -> None:
    _case_id, victim_id = make_case(store)
    root = store.paths.root
    for n in range(12):
        if n == 6:
            store.close()
            store = Store.open(root, PASSPHRASE)
        with store.transaction() as s:
            victim = s.get(Person, victim_id)
            assert victim is not None
            victim.safe_times = f"after {n} pm"
    try:
        hlcs = [e.hlc for e in outbox(store)]
        assert len(hlcs) == len(set(hlcs))
        assert hlcs == sorted(hlcs)
        decoded = [HLC.decode(h) for h in hlcs]
        assert all(a < b for a, b in itertools.pairwise(decoded))
        with store.session() as s:
            hw = s.get(SyncState, "hlc_hw")
            assert hw is not None and hw.value == max(hlcs)
            vers = [HLC.decode(v) for v in s.scalars(sa.select(AuditEvent.created_hlc))]
            assert len(vers) == len(set(vers))
    finally:
        store.close()


def test_versions_stay_ahead_when_the_wall_clock_goes_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The laptop's clock is set back an hour: new versions still follow every earlier one."""
    _case_id, victim_id = make_case(store)
    before = issued_versions(store)
    root = store.paths.root
    store.close()
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() - 3600 * 10**9)
    with Store.open(root, PASSPHRASE) as again:
        with again.transaction() as s:
            victim = s.get(Person, victim_id)
            assert victim is not None
            victim.phone = "07700 900456"
        after = [v for v in issued_versions(again) if v not in before]
    assert after, "the edit issued new versions"
    assert min(after) > max(before)


def test_soft_delete_sends_a_delete_and_records_an_erasure(store: Store) -> None:
    case_id, _victim_id = make_case(store)
    with store.session() as s:
        assert search.search(s.connection(), "demir") == [case_id]
    with store.transaction(reason="duplicate record") as s:
        case = s.get(CaseFile, case_id)
        assert case is not None
        case.deleted = True
    last = outbox(store, "case_file")[-1]
    assert last.op == "delete"
    assert last.payload["deleted"]["value"] is True
    with store.session() as s:
        erasure = s.scalars(
            sa.select(AuditEvent).where(AuditEvent.operation == AuditOperation.ERASURE)
        ).one()
        assert erasure.case_id == case_id
        assert erasure.reason == "duplicate record"
        assert erasure.details == {"fields": {"case_file": ["deleted"]}}
        assert s.get(CaseFile, case_id) is not None  # kept, only marked
        assert search.search(s.connection(), "demir") == []


def test_every_save_is_audited_and_the_events_are_sent(store: Store) -> None:
    case_id, _victim_id = make_case(store)
    with store.session() as s:
        (collection,) = s.scalars(sa.select(AuditEvent)).all()
    assert collection.operation == AuditOperation.COLLECTION
    assert collection.case_id == case_id
    assert collection.details == {"records": {"case_file": 1, "person": 1}}
    (sent,) = outbox(store, "audit_event")
    assert sent.op == "append"
    assert sent.entity_id == collection.id
    assert sent.payload["values"]["hash"] == collection.hash


def _wish_and_contact(store: Store) -> tuple[str, str, str]:
    case_id, _ = make_case(store)
    with store.transaction() as s:
        case = s.get(CaseFile, case_id)
        assert case is not None
        wish = record_wish(s, case, "I want them charged", recorded_by="PC Test")
        contact = log_contact(
            s,
            case,
            occurred_at=dt.datetime(2025, 3, 1, 10, 0, tzinfo=dt.UTC),
            channel=ContactChannel.PHONE,
            direction=ContactDirection.TO_VICTIM,
            summary="Update on the investigation",
            recorded_by="PC Test",
        )
        s.flush()
        return case_id, wish.id, contact.id


def test_append_only_rows_are_sent_as_appends(store: Store) -> None:
    _case_id, wish_id, contact_id = _wish_and_contact(store)
    (wish_sent,) = outbox(store, "victim_wish")
    (contact_sent,) = outbox(store, "contact_log")
    assert (wish_sent.op, wish_sent.entity_id) == ("append", wish_id)
    assert (contact_sent.op, contact_sent.entity_id) == ("append", contact_id)
    wish_fields = {c.key for c in domain_columns(VictimWish)}
    assert_new_row_payload(wish_sent, wish_fields, {"victim_words": "I want them charged"})
    with store.session() as s:
        wish = s.get(VictimWish, wish_id)
        assert wish is not None and wish.created_hlc == wish_sent.hlc


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (VictimWish, "victim_words", "I do not want them charged"),
        (ContactLog, "summary", "No answer"),
    ],
)
def test_updating_an_append_only_row_is_refused_and_writes_nothing(
    store: Store, model: Any, field: str, value: str
) -> None:
    _wish_and_contact(store)
    before = counts(store)
    with pytest.raises(ImmutableRecord, match="supersedes"), store.transaction() as s:
        row = s.scalars(sa.select(model)).one()
        setattr(row, field, value)
    assert counts(store) == before
    with store.session() as s:
        assert getattr(s.scalars(sa.select(model)).one(), field) != value


@pytest.mark.parametrize("model", [Person, CaseFile, VictimWish, ContactLog])
def test_deleting_a_synced_row_outright_is_refused(store: Store, model: Any) -> None:
    _wish_and_contact(store)
    before = counts(store)
    with pytest.raises(ImmutableRecord, match="never deleted"), store.transaction() as s:
        s.delete(s.scalars(sa.select(model)).first())
    assert counts(store) == before


def test_a_failed_save_leaves_no_trace(store: Store) -> None:
    make_case(store)
    before = counts(store)
    with store.session() as s:
        state_before = dict(s.execute(sa.select(SyncState.key, SyncState.value)).all())

    class Boom(Exception):
        pass

    with pytest.raises(Boom), store.transaction() as s:
        case = new_case(s, RecordType.NON_CRIME_HATE_INCIDENT, summary="Leaflets through door")
        s.flush()
        s.add(Person(case_id=case.id, role=PersonRole.VICTIM, name="Ioana Popescu"))
        s.flush()  # rows, outbox entries and audit events are all written by now...
        events = s.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
        assert events == before["audit_event"] + 2
        raise Boom  # ...and all rolled back
    assert counts(store) == before
    with store.session() as s:
        assert dict(s.execute(sa.select(SyncState.key, SyncState.value)).all()) == state_before
        assert search.search(s.connection(), "popescu") == []
    # The chain continues from where it was: the next save verifies.
    make_case(store)
    from hcdesk.store import audit

    with store.session() as s:
        assert audit.verify(s).ok


def test_search_follows_edits(store: Store) -> None:
    case_id, victim_id = make_case(store)
    with store.transaction() as s:
        victim = s.get(Person, victim_id)
        assert victim is not None
        victim.name = "Leyla Yilmaz"
    with store.session() as s:
        conn = s.connection()
        assert search.search(conn, "yilmaz") == [case_id]
        assert search.search(conn, "demir") == []
        assert search.search(conn, "spat bus") == [case_id]


def test_a_save_from_a_case_opened_before_a_sync_keeps_what_the_sync_wrote(store: Store) -> None:
    """The officer has the case open; a sync changes another field underneath (and
    acknowledges the case's first push); their save must not put the old versions back."""
    case_id, _ = make_case(store)
    opened = store.session(actor="pc.amber")
    case = opened.get(CaseFile, case_id)
    assert case is not None
    seen_status = case.version_of("status")
    opened.commit()  # the read ends; the form keeps the loaded object, as the case file does
    # What a sync's pull and acknowledgement write, on another connection.
    remote = HLC(int(time.time() * 1000) + 5, 0, "server").encode()
    table = CaseFile.__table__
    with store.engine_or_raise().begin() as conn:
        vers = dict(
            conn.execute(sa.select(table.c.field_vers).where(table.c.id == case_id)).scalar_one()
        )
        vers["place"] = remote
        conn.execute(
            sa.update(table)
            .where(table.c.id == case_id)
            .values(place="Rugby", field_vers=vers, pending_fields=[])
        )
    with opened.begin():
        case.status = CaseStatus.CLOSED
    opened.close()
    with store.session() as s:
        saved = s.get(CaseFile, case_id)
        assert saved is not None
        assert saved.place == "Rugby" and saved.version_of("place") == remote
        assert saved.status == CaseStatus.CLOSED and saved.pending() == {"status"}
    edit = outbox(store, "case_file")[-1]
    assert edit.payload["status"]["base_ver"] == seen_status  # what the officer saw
    assert "base_value" not in edit.payload["status"]  # the first push was acknowledged
