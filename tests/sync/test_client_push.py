"""Push builder and acks against a real encrypted store: frozen bodies, carried bases, acks,
quarantine, and the clock following the central store's versions."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import sqlalchemy as sa
from sync_helpers import count, get, make_case, outbox

from hcdesk.models import CaseFile, Outbox, Person, Quarantine, SyncState
from hcdesk.models.base import domain_columns
from hcdesk.store import search, tracking
from hcdesk.store.store import Store
from hcdesk.sync import local, push
from hcdesk.wire import protocol as p
from hcdesk.wire.hlc import HLC


def freeze_all(store: Store) -> list[dict[str, Any]]:
    with local.write(store) as conn:
        batch = push.next_batch(conn)
    return [e.frozen for e in batch]  # type: ignore[misc]


def ack(store: Store, bodies: list[dict[str, Any]], **overrides: dict[str, Any]) -> push.AckOutcome:
    """Acknowledge bodies as the server would: applied, canonical = what was sent."""
    results = []
    for b in bodies:
        r: dict[str, Any] = {
            "mutation_id": b["mutation_id"],
            "client_seq": b["client_seq"],
            "status": "applied",
            "canonical": {
                k: {"value": v["value"], "ver": v["ver"]} for k, v in b["fields"].items()
            },
            "bucket_seq": {"team:a": b["client_seq"]},
        }
        r.update(overrides.get(b["mutation_id"], {}))
        results.append(p.MutationResult.model_validate(r))
    response = p.PushResponse(results=results, write_checkpoint={"team:a": 10_000})
    with local.write(store) as conn:
        return push.apply_results(conn, store, response)


def by_entity(bodies: list[dict[str, Any]], entity: str) -> list[dict[str, Any]]:
    return [b for b in bodies if b["entity"] == entity]


def test_a_new_case_is_pushed_as_snapshots_of_its_rows(store: Store) -> None:
    case_id, victim_id = make_case(store)
    bodies = freeze_all(store)
    assert [b["client_seq"] for b in bodies] == sorted(b["client_seq"] for b in bodies)
    (case,) = by_entity(bodies, "case_file")
    (person,) = by_entity(bodies, "person")
    assert case["op"] == "upsert" and case["entity_id"] == case["case_id"] == case_id
    expected = {c.key for c in domain_columns(Person)} | {
        "deleted",
        "created_at",
        "created_by",
        "created_hlc",
    }
    assert set(person["fields"]) == expected
    assert person["fields"]["name"]["value"] == "Leyla Demir"
    assert person["fields"]["role"]["value"] == "VICTIM"
    assert all(f["base_ver"] is None for f in person["fields"].values())
    assert {f["ver"] for f in person["fields"].values()} == {person["hlc"]}
    # Audit events of the save travel too, as appends of the values recorded with them.
    audits = by_entity(bodies, "audit_event")
    assert audits and all(a["op"] == "append" for a in audits)
    assert {"hash", "prev_hash", "seq", "device_id"} <= set(audits[0]["fields"])
    assert all(e.state == "inflight" for e in outbox(store))
    assert victim_id == person["entity_id"]


def test_a_resend_sends_exactly_the_frozen_bytes(store: Store) -> None:
    case_id, victim_id = make_case(store)
    first = freeze_all(store)
    with store.transaction() as s:
        s.get(Person, victim_id).phone = "07700 900123"  # type: ignore[union-attr]
    second = freeze_all(store)
    dump = [json.dumps(b, sort_keys=True) for b in first]
    assert [json.dumps(b, sort_keys=True) for b in second[: len(first)]] == dump
    # The later edit is a new entry; the frozen snapshot was not rebuilt with the new phone.
    (snapshot,) = [b for b in second if b["entity"] == "person" and b["op"] == "upsert"][:1]
    assert snapshot["fields"]["phone"]["value"] is None
    edit = [b for b in second if b["entity"] == "person"][-1]
    assert edit["fields"]["phone"]["value"] == "07700 900123"
    assert edit["fields"]["phone"]["base_ver"] == snapshot["fields"]["phone"]["ver"]
    # The request hash the server keeps for a mutation id is the same on every resend.
    hashes = {p.request_hash(p.Mutation.model_validate(b)) for b in (first[0], second[0])}
    assert len(hashes) == 1
    assert case_id


def test_an_edit_made_before_the_first_push_follows_the_snapshot(store: Store) -> None:
    """The snapshot sends the row as created; the edit travels after it, based on it."""
    _case_id, victim_id = make_case(store)
    with store.transaction() as s:
        s.get(Person, victim_id).phone = "01926 000000"  # type: ignore[union-attr]
    with store.transaction() as s:
        s.get(Person, victim_id).email = "x@example.org"  # type: ignore[union-attr]
    with store.transaction() as s:
        s.get(Person, victim_id).email = "y@example.org"  # type: ignore[union-attr]
    snapshot, phone, email_1, email_2 = by_entity(freeze_all(store), "person")
    created = snapshot["hlc"]
    assert snapshot["fields"]["phone"] == {"value": None, "ver": created, "base_ver": None}
    assert snapshot["fields"]["email"] == {"value": None, "ver": created, "base_ver": None}
    assert phone["fields"]["phone"]["value"] == "01926 000000"
    assert phone["fields"]["phone"]["base_ver"] == created
    # Every edit travels, in order, each based on the one before: all reach the history.
    assert email_1["fields"]["email"]["value"] == "x@example.org"
    assert email_1["fields"]["email"]["base_ver"] == created
    assert email_2["fields"]["email"]["value"] == "y@example.org"
    assert email_2["fields"]["email"]["base_ver"] == email_1["fields"]["email"]["ver"]


def test_without_the_created_value_the_snapshot_sends_the_current_one(store: Store) -> None:
    """Entries written before edits kept the value they replaced: the snapshot sends the row
    as it is, and the edit that follows hands on None (the server then sees a replay)."""
    _case_id, victim_id = make_case(store)
    with store.transaction() as s:
        s.get(Person, victim_id).phone = "01926 000000"  # type: ignore[union-attr]
    (edit,) = outbox(store, Outbox.entity == "person", Outbox.op == "upsert")[1:]
    payload = {"phone": {k: v for k, v in edit.payload["phone"].items() if k != "base_value"}}
    with store.transaction() as s:
        s.get(Outbox, edit.client_seq).payload = payload  # type: ignore[union-attr]
    snapshot, phone = by_entity(freeze_all(store), "person")
    assert snapshot["fields"]["phone"]["value"] == "01926 000000"
    assert snapshot["fields"]["phone"]["ver"] == edit.hlc
    assert phone["fields"] == {}  # the server has that value already; it is not sent twice
    with store.transaction() as s:
        s.get(Person, victim_id).phone = "01926 111111"  # type: ignore[union-attr]
    (later,) = by_entity(freeze_all(store), "person")[2:]
    assert later["fields"]["phone"]["base_ver"] == edit.hlc


def test_every_edit_travels_in_order_based_on_the_one_before(store: Store) -> None:
    _case_id, victim_id = make_case(store)
    ack(store, freeze_all(store))
    server_ver = get(store, Person, victim_id).version_of("phone")
    with store.transaction() as s:
        v = s.get(Person, victim_id)
        v.phone, v.email = "111", "a@example.org"  # type: ignore[union-attr]
    with store.transaction() as s:
        s.get(Person, victim_id).phone = "222"  # type: ignore[union-attr]
    first_edit, second_edit = by_entity(freeze_all(store), "person")
    assert set(first_edit["fields"]) == {"email", "phone"}
    assert first_edit["fields"]["phone"] == {
        "value": "111",
        "ver": first_edit["hlc"],
        "base_ver": server_ver,
    }
    assert first_edit["fields"]["email"]["base_ver"] == server_ver
    assert second_edit["fields"]["phone"]["value"] == "222"
    assert second_edit["fields"]["phone"]["base_ver"] == first_edit["hlc"]
    assert get(store, Person, victim_id).pending() == {"email", "phone"}


def test_a_server_restamped_version_becomes_the_next_base(store: Store) -> None:
    _case_id, victim_id = make_case(store)
    ack(store, freeze_all(store))
    with store.transaction() as s:
        s.get(Person, victim_id).phone = "111"  # type: ignore[union-attr]
    (edit,) = by_entity(freeze_all(store), "person")
    with store.transaction() as s:  # edited again before the ack came back
        s.get(Person, victim_id).phone = "222"  # type: ignore[union-attr]
    restamped = HLC(HLC.decode(edit["hlc"]).wall_ms + 5, 0, "server").encode()
    ack(
        store,
        [edit],
        **{edit["mutation_id"]: {"canonical": {"phone": {"value": "111", "ver": restamped}}}},
    )
    victim = get(store, Person, victim_id)
    assert victim.phone == "222"  # the newer local edit is not overwritten by the ack
    assert victim.pending() == {"phone"}
    (second,) = [b for b in by_entity(freeze_all(store), "person") if b != edit]
    assert second["fields"]["phone"]["base_ver"] == restamped


def test_ack_writes_canonical_values_and_clears_pending(store: Store) -> None:
    case_id, victim_id = make_case(store)
    bodies = freeze_all(store)
    person = by_entity(bodies, "person")[0]
    winner = HLC(HLC.decode(person["hlc"]).wall_ms + 1000, 0, "otherdevice").encode()
    outcome = ack(
        store,
        bodies,
        **{
            person["mutation_id"]: {
                "status": "conflict",
                "conflict_ids": ["c-1"],
                "canonical": {"name": {"value": "Leyla Demirci", "ver": winner}},
            }
        },
    )
    assert outcome.applied == len(bodies) and outcome.conflicts == {"c-1"}
    victim = get(store, Person, victim_id)
    assert victim.name == "Leyla Demirci" and victim.version_of("name") == winner
    assert victim.pending() == set() and get(store, CaseFile, case_id).pending() == set()
    entries = outbox(store)
    assert {e.state for e in entries} == {"acked"}
    assert all(e.acked_at is not None and e.server_result for e in entries)
    with store.session() as s:  # the search index follows the value the server kept
        assert search.search(s.connection(), "demirci") == [case_id]
    # Acks write no outbox entries and no audit events of their own.
    assert count(store, Outbox) == len(bodies)


def test_a_refused_change_goes_to_the_quarantine_with_its_body(store: Store) -> None:
    _case_id, victim_id = make_case(store)
    bodies = freeze_all(store)
    ack(store, bodies)
    with store.transaction() as s:
        s.get(Person, victim_id).phone = "07700 900999"  # type: ignore[union-attr]
    (edit,) = by_entity(freeze_all(store), "person")
    outcome = ack(
        store,
        [edit],
        **{
            edit["mutation_id"]: {
                "status": "rejected",
                "code": "forbidden",
                "reason": "This case belongs to a team you are not in.",
                "canonical": {},
            }
        },
    )
    assert outcome.rejected == 1
    q = get(store, Quarantine, edit["mutation_id"])
    assert q.code == "forbidden" and "team you are not in" in q.reason
    assert q.payload == edit and q.entity == "person" and q.entity_id == victim_id
    victim = get(store, Person, victim_id)
    assert victim.phone == "07700 900999"  # never silently reverted
    assert victim.pending() == set()
    assert outbox(store, Outbox.mutation_id == edit["mutation_id"])[0].state == "rejected"


def test_a_delete_says_what_it_had_seen(store: Store) -> None:
    _case_id, victim_id = make_case(store)
    ack(store, freeze_all(store))
    seen = max(get(store, Person, victim_id).versions().values())
    with store.transaction() as s:
        s.get(Person, victim_id).deleted = True  # type: ignore[union-attr]
    (delete,) = by_entity(freeze_all(store), "person")
    assert delete["op"] == "delete" and delete["fields"]["deleted"]["value"] is True
    assert delete["seen"] == seen


def test_a_delete_undone_before_sending_travels_as_both(store: Store) -> None:
    _case_id, victim_id = make_case(store)
    ack(store, freeze_all(store))
    with store.transaction() as s:
        s.get(Person, victim_id).deleted = True  # type: ignore[union-attr]
    with store.transaction() as s:
        s.get(Person, victim_id).deleted = False  # type: ignore[union-attr]
    delete, undelete = by_entity(freeze_all(store), "person")
    assert delete["op"] == "delete" and delete["fields"]["deleted"]["value"] is True
    assert undelete["op"] == "upsert" and undelete["fields"]["deleted"]["value"] is False
    assert undelete["fields"]["deleted"]["base_ver"] == delete["hlc"]


def test_server_versions_move_the_clock_even_when_far_ahead(store: Store) -> None:
    _case_id, victim_id = make_case(store)
    bodies = freeze_all(store)
    ahead = HLC(time.time_ns() // 1_000_000 + 3 * 24 * 3600 * 1000, 7, "server").encode()
    response = p.PushResponse(results=[], server_hlc=ahead)
    with local.write(store) as conn:
        push.apply_results(conn, store, response)
    assert get(store, SyncState, "hlc_hw").value >= ahead
    with store.transaction() as s:
        s.get(Person, victim_id).phone = "1"  # type: ignore[union-attr]
    assert get(store, Person, victim_id).version_of("phone") > ahead
    assert bodies


def test_observe_survives_a_restart(make_store: Any, tmp_path: Any) -> None:
    from testvalues import PASSPHRASE

    store = make_store("p")
    ahead = HLC(time.time_ns() // 1_000_000 + 10 * 24 * 3600 * 1000, 0, "server").encode()
    with local.write(store) as conn:
        tracking.observe(conn, store, ahead)
        tracking.observe(conn, store, "not a version")
    store.close()
    with Store.open(tmp_path / "p", PASSPHRASE) as reopened:
        case_id, _victim = make_case(reopened)
        assert get(reopened, CaseFile, case_id).created_hlc > ahead


def test_a_conflict_resolution_travels_with_its_choice(store: Store) -> None:
    from hcdesk.models import Conflict
    from hcdesk.sync import state
    from hcdesk.sync.client import SyncClient

    case_id, victim_id = make_case(store)
    with store.transaction() as s:
        s.add(
            Conflict(
                id="c-9",
                entity="person",
                entity_id=victim_id,
                case_id=case_id,
                field="name",
                winner={"value": "A", "ver": "v2"},
                loser={"value": "B", "ver": "v1"},
                base=None,
                status="open",
                policy="scalar",
            )
        )
    with local.write(store) as conn:
        state.write(
            conn, {state.USER: json.dumps({"id": "u", "username": "sup", "role": "supervisor"})}
        )
    SyncClient(store).resolve("c-9", "loser")
    (body,) = [b for b in freeze_all(store) if b["op"] == "resolve"]
    assert body["entity"] == "conflict" and body["entity_id"] == "c-9"
    assert body["case_id"] == case_id and body["fields"] == {}
    assert body["resolve"]["choice"] == "loser" and body["resolve"]["conflict_id"] == "c-9"
    view = SyncClient(store).conflicts(case_id)[0]
    assert view.resolving and view.field_label == "name" and view.loser.value == "B"


def test_batches_follow_client_seq_and_respect_the_limit(store: Store) -> None:
    for n in range(3):
        make_case(store, name=f"Person {n}")
    total = count(store, Outbox)
    with local.write(store) as conn:
        first = push.next_batch(conn, limit=4)
    assert [e.client_seq for e in first] == [e.client_seq for e in outbox(store)][:4]
    with local.write(store) as conn:
        again = push.next_batch(conn, limit=total)
    assert [e.client_seq for e in again] == [e.client_seq for e in outbox(store)]
    with store.session() as s:
        attempts = dict(s.execute(sa.select(Outbox.client_seq, Outbox.attempts)).all())
    assert attempts[first[0].client_seq] == 2 and attempts[again[-1].client_seq] == 1
    assert dt.date.today()
