"""Applying pulled pages to a real encrypted store: new cases appear (list and search), local
pending edits survive, cursor and data commit together, checksums, buckets, conflicts."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from sync_helpers import TEAM, Stream, case_changes, count, get, make_case, outbox

from hcdesk.casework.caselist import CaseFilter, fetch_rows
from hcdesk.casework.cases import log_contact
from hcdesk.models import (
    AuditEvent,
    CaseFile,
    Conflict,
    ContactLog,
    Outbox,
    Person,
    Quarantine,
)
from hcdesk.models.enums import ContactChannel, ContactDirection
from hcdesk.models.sync import CaseBucket, SyncBucket
from hcdesk.store import audit, search
from hcdesk.store.store import Store
from hcdesk.sync import local, pull
from hcdesk.wire import protocol as p
from hcdesk.wire.hlc import HLC

OTHER = p.team_bucket("team-b")


def later(ver: str, ms: int = 1000, node: str = "othernode") -> str:
    return HLC(HLC.decode(ver).wall_ms + ms, 0, node).encode()


def cursors(store: Store) -> dict[str, int]:
    with local.read(store) as conn:
        return {b: s.seq for b, s in pull.load_buckets(conn).items()}


def pull_all(store: Store, stream: Stream, buckets: list[str] | None = None) -> pull.PageOutcome:
    total = pull.PageOutcome()
    while True:
        page = stream.page(cursors(store), limit=7, buckets=buckets)
        out = pull.apply_page(store, page)
        total.changes += out.changes
        total.new_conflicts |= out.new_conflicts
        total.purged |= out.purged
        total.mismatched += out.mismatched
        if not page.has_more:
            return total


@pytest.fixture
def source(make_store: Callable[..., Store]) -> Store:
    """Another officer's device, whose cases reach ours through the central store."""
    return make_store("source", officer="PC Source")


@pytest.fixture
def mine(make_store: Callable[..., Store]) -> Store:
    return make_store("mine", officer="PC Mine")


def add_contact(store: Store, case_id: str, summary: str) -> str:
    with store.transaction() as s:
        case = s.get(CaseFile, case_id)
        entry = log_contact(
            s,
            case,
            occurred_at=dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.UTC),
            channel=ContactChannel.PHONE,
            direction=ContactDirection.TO_VICTIM,
            summary=summary,
            recorded_by="PC Source",
        )
        s.flush()
        return entry.id


def test_a_pulled_case_appears_in_the_list_and_search(source: Store, mine: Store) -> None:
    case_id, victim_id = make_case(source, name="Grzegorz Brzęczyszczykiewicz")
    contact_id = add_contact(source, case_id, "Discussed the hate-crime report with the victim")
    stream = Stream()
    case_changes(stream, source, case_id)
    before = count(mine, Outbox), count(mine, AuditEvent)
    out = pull_all(mine, stream)
    assert out.changes == 3
    case = get(mine, CaseFile, case_id)
    assert case.summary == "Spat at on the bus" and case.pending() == set()
    assert case.versions() == get(source, CaseFile, case_id).versions()
    assert get(mine, Person, victim_id).name == "Grzegorz Brzęczyszczykiewicz"
    assert get(mine, ContactLog, contact_id).summary.startswith("Discussed")
    # Pulled data makes no outbox entries and no audit events of its own.
    assert (count(mine, Outbox), count(mine, AuditEvent)) == before
    with mine.engine_or_raise().connect() as conn:
        assert search.search(conn, "brzeczyszczykiewicz") == [case_id]
        assert search.search(conn, "hate-crime report") == [case_id]
        rows = fetch_rows(conn, CaseFilter(), limit=10)
    assert [r.case_id for r in rows] == [case_id]
    assert rows[0].victim == "Grzegorz Brzęczyszczykiewicz"
    assert cursors(mine) == {TEAM: 3}
    assert count(mine, CaseBucket, CaseBucket.case_id == case_id) == 1


def test_later_puts_change_only_newer_fields_and_never_pending_ones(
    source: Store, mine: Store
) -> None:
    case_id, victim_id = make_case(source)
    stream = Stream()
    case_changes(stream, source, case_id)
    pull_all(mine, stream)
    base = get(mine, Person, victim_id).version_of("name")
    with mine.transaction() as s:  # a local edit, not yet acknowledged
        s.get(Person, victim_id).phone = "07700 900001"  # type: ignore[union-attr]
    v2 = later(base)
    stream.emit(
        TEAM,
        "person",
        victim_id,
        case_id,
        "put",
        {
            "phone": {"value": "01632 960000", "ver": v2},
            "email": {"value": "leyla@example.org", "ver": v2},
            "name": {"value": "Old Name", "ver": base[:-3] + "000"},  # older: ignored
            "brand_new_field": {"value": 1, "ver": v2},  # unknown: ignored
        },
    )
    pull_all(mine, stream)
    victim = get(mine, Person, victim_id)
    assert victim.phone == "07700 900001"  # pending locally: the server decides, not the pull
    assert victim.email == "leyla@example.org" and victim.version_of("email") == v2
    assert victim.name == "Leyla Demir"
    assert victim.pending() == {"phone"}


def test_cursor_and_data_commit_together(source: Store, mine: Store) -> None:
    case_id, _victim = make_case(source)
    add_contact(source, case_id, "first contact")
    stream = Stream()
    case_changes(stream, source, case_id)
    # A real failure in the middle of the page: the database refuses the contact log row.
    with local.write(mine) as conn:
        conn.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE INSERT ON contact_log "
            "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    with pytest.raises(sa.exc.DatabaseError):
        pull.apply_page(mine, stream.page({}))
    assert cursors(mine) == {}
    assert count(mine, CaseFile) == 0 and count(mine, Person) == 0
    with local.write(mine) as conn:
        conn.exec_driver_sql("DROP TRIGGER refuse")
    pull.apply_page(mine, stream.page({}))
    assert cursors(mine) == {TEAM: 3} and count(mine, ContactLog) == 1


def test_a_replayed_page_changes_nothing(source: Store, mine: Store) -> None:
    case_id, _victim = make_case(source)
    stream = Stream()
    case_changes(stream, source, case_id)
    page = stream.page({})
    pull.apply_page(mine, page)
    with local.read(mine) as conn:
        before = pull.load_buckets(conn)
    out = pull.apply_page(mine, page)
    assert out.changes == 0 and out.mismatched == []
    with local.read(mine) as conn:
        assert pull.load_buckets(conn) == before


def test_a_checksum_mismatch_resets_the_bucket_once(source: Store, mine: Store) -> None:
    case_id, _victim = make_case(source)
    stream = Stream()
    case_changes(stream, source, case_id)
    page = stream.page({})
    bad = page.model_copy(update={"checksums": {TEAM: p.Checksum(seq=2, count=2, hash=12345)}})
    out = pull.apply_page(mine, bad)
    assert out.mismatched == [TEAM]
    assert cursors(mine) == {TEAM: 0}  # read the bucket again from the start
    assert count(mine, CaseFile) == 1  # what was applied is kept (re-applying is harmless)
    out = pull.apply_page(mine, bad, reset_allowed=set())  # a second mismatch: no loop
    assert out.still_mismatched == [TEAM] and cursors(mine) == {TEAM: 2}
    pull.apply_page(mine, page)  # and with the true checksum, all is well
    with local.read(mine) as conn:
        state = pull.load_buckets(conn)[TEAM]
    assert (state.seq, state.count, state.hash) == (2, 2, page.checksums[TEAM].hash)


def test_a_case_that_leaves_every_bucket_is_purged_but_not_its_outbox(
    source: Store, mine: Store
) -> None:
    case_id, victim_id = make_case(source)
    kept_id, _other = make_case(source, name="Someone Else")
    stream = Stream()
    case_changes(stream, source, case_id)
    case_changes(stream, source, kept_id)
    case_changes(stream, source, kept_id, bucket=OTHER)
    pull_all(mine, stream)
    with mine.transaction() as s:  # an edit made here before the case was unshared
        s.get(Person, victim_id).phone = "07700 900002"  # type: ignore[union-attr]
    mutation_id = outbox(mine, Outbox.entity == "person")[-1].mutation_id
    with mine.transaction() as s:
        s.add(Quarantine(mutation_id="q-1", reason="kept", payload={"x": 1}, case_id=case_id))
    stream.emit(TEAM, "case_file", case_id, case_id, "remove", {})
    stream.emit(TEAM, "case_file", kept_id, kept_id, "remove", {})
    out = pull_all(mine, stream)
    assert out.purged == {case_id}
    assert get(mine, CaseFile, case_id) is None and get(mine, Person, victim_id) is None
    assert get(mine, CaseFile, kept_id) is not None  # still shared through the other team
    with mine.engine_or_raise().connect() as conn:
        assert search.search(conn, "leyla") == []
        assert [r.case_id for r in fetch_rows(conn, CaseFilter(), limit=10)] == [kept_id]
    (entry,) = outbox(mine, Outbox.mutation_id == mutation_id)
    assert entry.state == "inflight"  # frozen with its content before the row went
    assert entry.payload["frozen"]["fields"]["phone"]["value"] == "07700 900002"
    assert get(mine, Quarantine, "q-1") is not None
    assert count(mine, AuditEvent, AuditEvent.case_id == case_id) > 0  # this device's own


def test_buckets_removed_purges_cases_held_only_there(source: Store, mine: Store) -> None:
    gone_id, _v1 = make_case(source)
    shared_id, _v2 = make_case(source, name="Shared Case")
    stream = Stream()
    case_changes(stream, source, gone_id, bucket=OTHER)
    case_changes(stream, source, shared_id, bucket=OTHER)
    case_changes(stream, source, shared_id, bucket=TEAM)
    pull_all(mine, stream)
    out = pull_all(mine, stream, buckets=[TEAM])  # no longer a member of team-b
    assert out.purged == {gone_id}
    assert get(mine, CaseFile, gone_id) is None and get(mine, CaseFile, shared_id) is not None
    assert set(cursors(mine)) == {TEAM}
    assert count(mine, SyncBucket) == 1


def test_a_child_before_its_case_is_kept_until_the_case_arrives(source: Store, mine: Store) -> None:
    case_id, victim_id = make_case(source)
    stream = Stream()
    changes = case_changes(stream, source, case_id)
    assert changes[0].entity == "case_file"
    # Seen alone (as on an earlier page), the person row is stored although its case is not.
    stream2 = Stream()
    stream2.emit(TEAM, "person", victim_id, case_id, "put", changes[1].fields)
    stream2.emit(TEAM, "case_file", case_id, case_id, "put", changes[0].fields)
    pull.apply_page(mine, stream2.page({}, limit=1))
    assert get(mine, Person, victim_id) is not None and get(mine, CaseFile, case_id) is None
    pull.apply_page(mine, stream2.page(cursors(mine)))
    with mine.session() as s:
        assert s.get(CaseFile, case_id).victim.id == victim_id  # type: ignore[union-attr]
    with mine.engine_or_raise().connect() as conn:
        assert [r.victim for r in fetch_rows(conn, CaseFilter(), limit=5)] == ["Leyla Demir"]
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_missing_required_values_are_filled_and_logged_without_data(
    mine: Store, caplog: pytest.LogCaptureFixture
) -> None:
    stream = Stream()
    ver = "0001767225600000-0000-abcdef"
    stream.emit(
        TEAM,
        "case_file",
        "c-1",
        "c-1",
        "put",
        {"summary": {"value": "Very private words", "ver": ver}},
    )
    with caplog.at_level(logging.WARNING, logger="hcdesk.sync"):
        pull_all(mine, stream)
    case = get(mine, CaseFile, "c-1")
    assert case.summary == "Very private words" and case.local_ref == ""
    assert str(case.record_type) == "HATE_CRIME"
    assert "case_file.local_ref" in caplog.text and "case_file.record_type" in caplog.text
    assert "private" not in caplog.text


def test_a_local_reference_used_by_another_case_gets_a_suffix(
    source: Store, mine: Store, caplog: pytest.LogCaptureFixture
) -> None:
    mine_id, _v = make_case(mine)
    theirs_id, _v2 = make_case(source)
    ref = get(mine, CaseFile, mine_id).local_ref
    stream = Stream()
    fields_changes = case_changes(stream, source, theirs_id)
    stream.log[TEAM].clear()
    stream.sums[TEAM].clear()
    fields = dict(fields_changes[0].fields)
    fields["local_ref"] = {**fields["local_ref"], "value": ref}
    stream.emit(TEAM, "case_file", theirs_id, theirs_id, "put", fields)
    pull_all(mine, stream)
    assert get(mine, CaseFile, theirs_id).local_ref == f"{ref}~{theirs_id[:8]}"
    assert get(mine, CaseFile, mine_id).local_ref == ref


def test_conflicts_are_kept_and_shown(source: Store, mine: Store) -> None:
    case_id, victim_id = make_case(source)
    stream = Stream()
    case_changes(stream, source, case_id)
    fields: dict[str, Any] = {
        "id": "k-1",
        "entity": "person",
        "entity_id": victim_id,
        "case_id": case_id,
        "field": "phone",
        "policy": "scalar",
        "winner": {"value": "2", "ver": "v2", "author": "pc2", "device_id": "d2", "at": "t2"},
        "loser": {"value": "1", "ver": "v1", "author": "pc1", "device_id": "d1", "at": "t1"},
        "base": None,
        "status": "open",
        "resolution": None,
    }
    stream.emit(TEAM, "conflict", "k-1", case_id, "conflict", fields)
    out = pull_all(mine, stream)
    assert out.new_conflicts == {"k-1"}
    from hcdesk.sync.client import SyncClient

    (view,) = SyncClient(mine).conflicts(case_id)
    assert view.field_label == "phone number" and view.winner.author == "pc2"
    assert view.case_ref == get(mine, CaseFile, case_id).local_ref
    resolved = {
        **fields,
        "status": "resolved",
        "resolution": {"choice": "loser", "value": "1", "by": "sup", "at": "2026-05-01T10:00:00Z"},
    }
    stream.emit(TEAM, "conflict", "k-1", case_id, "conflict", resolved)
    pull_all(mine, stream)
    assert SyncClient(mine).conflicts(case_id) == []
    (done,) = SyncClient(mine).conflicts(case_id, include_resolved=True)
    assert done.status == "resolved" and done.resolution["choice"] == "loser"  # type: ignore[index]
    c = get(mine, Conflict, "k-1")
    assert c.resolved_at == dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.UTC)


def test_other_devices_audit_events_verify_despite_gaps(source: Store, mine: Store) -> None:
    case_id, _v = make_case(source)
    add_contact(source, case_id, "one")
    add_contact(source, case_id, "two")
    make_case(mine)  # this device's own, complete chain
    stream = Stream()
    case_changes(stream, source, case_id)
    with source.engine_or_raise().connect() as conn:
        table = AuditEvent.__table__
        events = conn.execute(sa.select(table).order_by(table.c.seq)).all()
    assert len(events) >= 3
    for ev in events[1:]:  # the first event is about something this officer cannot see
        fields = {
            c.key: {"value": _enc(c, getattr(ev, c.key)), "ver": ev.created_hlc}
            for c in table.columns
            if c.key not in ("id", "server_seq")
        }
        stream.emit(TEAM, "audit_event", ev.id, case_id, "append", fields)
    pull_all(mine, stream)
    with mine.session() as s:
        report = audit.verify(s)
    assert report.ok, [str(f) for f in report.findings]
    assert report.devices == 2
    with local.write(mine) as conn:
        conn.execute(
            sa.update(table).where(table.c.id == events[-1].id).values(reason="something else")
        )
    with mine.session() as s:
        report = audit.verify(s)
    assert [f.problem for f in report.findings] == ["content was altered after it was written"]


def _enc(column: Any, value: Any) -> Any:
    from hcdesk.models.values import encode_value

    return encode_value(column, value)


def _raw_rows(store: Store, table: sa.Table) -> dict[str, dict[str, Any]]:
    """Rows as stored (text, numbers), bypassing the column types."""
    cols = [sa.type_coerce(c, sa.types.NullType()).label(c.key) for c in table.columns]
    with store.engine_or_raise().connect() as conn:
        return {r.id: dict(r._mapping) for r in conn.execute(sa.select(*cols))}


def test_pulled_rows_are_stored_exactly_as_the_source_stores_them(
    source: Store, mine: Store
) -> None:
    """Pulled rows skip the column types for speed; what they store must be identical."""
    from hcdesk import demo
    from hcdesk.interchange import importer
    from hcdesk.wire.registry import ENTITIES, EntityKind

    with source.transaction() as s:
        result = importer.import_document(s, demo.generate(25, seed=5))
    stream = Stream()
    for case_id in result.case_ids:
        case_changes(stream, source, case_id)
    pull_all(mine, stream)
    compared = 0
    for name, entity in ENTITIES.items():
        if name == "audit_event":
            continue
        theirs, ours = _raw_rows(source, entity.table), _raw_rows(mine, entity.table)
        assert set(ours) == set(theirs), name
        fields = [f for f in entity.snapshot_fields if f != "deleted"] + (
            ["deleted"] if entity.kind == EntityKind.VERSIONED else []
        )
        for rid, row in theirs.items():
            for f in fields:
                assert ours[rid][f] == row[f], (name, f)
                compared += 1
    assert compared > 5000


def test_the_local_change_hash_is_the_protocols() -> None:
    change = p.Change(
        bucket="team:x",
        seq=7,
        entity="person",
        entity_id="e-1",
        case_id="c-1",
        op="put",
        fields={
            "name": {"value": "Zoë Ł. Ünal — 😀", "ver": "v"},
            "tags": {"value": [1, True, None, {"b": 1, "a": [2.5, "x"]}], "ver": "w"},
        },
    )
    expected = p.change_hash(
        change.bucket, change.seq, change.entity, change.entity_id, change.op, change.fields
    )
    assert pull.change_hash(change) == expected
