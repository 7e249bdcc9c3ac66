"""The outbox payloads: typed in Python, stored as the same JSON as ever."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa

from hcdesk.casework.cases import new_case
from hcdesk.models import Outbox, Person
from hcdesk.models.base import JSONText
from hcdesk.models.enums import PersonRole, RecordType
from hcdesk.models.sync import OutboxOp, OutboxState
from hcdesk.store.outbox import (
    AuditAppend,
    Carry,
    FieldEdit,
    FieldEdits,
    Frozen,
    Resolve,
    Snapshot,
    decode_payload,
    encode_payload,
)
from hcdesk.store.store import Store
from hcdesk.sync import local, push

V1, V2 = "0000018f00000000-0000-aaaa", "0000018f00000001-0000-aaaa"
BODY = {"mutation_id": "m", "fields": {"phone": {"value": "1", "ver": V2, "base_ver": V1}}}

# Every stored form, as existing stores hold it, with the typed payload it stands for.
STORED: list[tuple[str, dict[str, Any], Any]] = [
    ("upsert", {"snapshot": True, "ver": V1}, Snapshot(V1)),
    ("append", {"snapshot": True, "ver": V1}, Snapshot(V1)),
    (
        "upsert",
        {"phone": {"value": "1", "ver": V2, "base_ver": V1}},
        FieldEdits({"phone": FieldEdit("1", V2, V1)}),
    ),
    (
        "upsert",
        {"phone": {"value": "1", "ver": V2, "base_ver": V1, "base_value": None}},
        FieldEdits({"phone": FieldEdit("1", V2, V1, None)}),
    ),
    (
        "delete",
        {"deleted": {"value": True, "ver": V2, "base_ver": None}},
        FieldEdits({"deleted": FieldEdit(True, V2, None)}),
    ),
    ("append", {"values": {"seq": 1}, "ver": V1}, AuditAppend({"seq": 1}, V1)),
    (
        "resolve",
        {"resolve": {"conflict_id": "c-1", "choice": "loser", "value": None}},
        Resolve("c-1", "loser"),
    ),
    (
        "resolve",
        {"resolve": {"conflict_id": "c-1", "choice": "value", "value": "x", "note": "n"}},
        Resolve("c-1", "value", "x", "n"),
    ),
    (
        "upsert",
        {
            "source": {"phone": {"value": "1", "ver": V2, "base_ver": V1}},
            "frozen": BODY,
            "carry": {"email": {"base": V1, "held": V1}},
        },
        Frozen(
            FieldEdits({"phone": FieldEdit("1", V2, V1)}),
            BODY,
            {"email": Carry(V1, V1)},
        ),
    ),
    (
        "upsert",
        {"source": {"snapshot": True, "ver": V1}, "frozen": BODY, "carry": {}},
        Frozen(Snapshot(V1), BODY),
    ),
]


@pytest.mark.parametrize(("op", "stored", "typed"), STORED)
def test_every_stored_form_decodes_to_its_type_and_encodes_back_the_same(
    op: str, stored: dict[str, Any], typed: Any
) -> None:
    assert decode_payload(op, stored) == typed
    assert encode_payload(typed) == stored
    text = JSONText().process_bind_param
    assert text(encode_payload(decode_payload(op, stored)), None) == text(stored, None)


def test_real_entries_survive_decode_and_encode_unchanged_before_and_after_freezing(
    store: Store,
) -> None:
    with store.transaction() as s:
        case = new_case(s, RecordType.HATE_CRIME, summary="Spat at on the bus")
        s.flush()
        s.add(Person(case_id=case.id, role=PersonRole.VICTIM, name="Leyla Demir"))
    with store.transaction() as s:
        victim = s.scalars(sa.select(Person)).one()
        victim.phone = "07700 900123"
    with store.transaction() as s:
        s.scalars(sa.select(Person)).one().deleted = True

    def stored() -> list[tuple[str, str, str]]:
        with store.engine_or_raise().connect() as conn:
            return [
                (op, state, text)
                for op, state, text in conn.exec_driver_sql(
                    "SELECT op, state, payload FROM outbox ORDER BY client_seq"
                )
            ]

    def round_trip(rows: list[tuple[str, str, str]]) -> None:
        for op, _state, text in rows:
            again = JSONText().process_bind_param(
                encode_payload(decode_payload(op, json.loads(text))), None
            )
            assert again == text

    before = stored()
    assert {op for op, _s, _t in before} == {"upsert", "append", "delete"}
    assert {state for _o, state, _t in before} == {"pending"}
    round_trip(before)
    with local.write(store) as conn:
        push.next_batch(conn)
    after = stored()
    assert {state for _o, state, _t in after} == {"inflight"}
    assert all(isinstance(e.payload, Frozen) for e in _entries(store))
    round_trip(after)


def _entries(store: Store) -> list[push.Entry]:
    with local.read(store) as conn:
        return push.load_entries(conn)


def test_the_outbox_columns_read_back_as_enums_and_store_their_values(store: Store) -> None:
    with store.transaction() as s:
        new_case(s, RecordType.HATE_CRIME, summary="Leaflets through the door")
    with store.session() as s:
        entry = s.scalars(sa.select(Outbox).where(Outbox.entity == "case_file")).one()
        assert entry.op is OutboxOp.UPSERT and entry.state is OutboxState.PENDING
    with store.engine_or_raise().connect() as conn:
        raw = conn.exec_driver_sql("SELECT op, state FROM outbox WHERE entity = 'case_file'").one()
    assert tuple(raw) == ("upsert", "pending")
    assert type(raw[0]) is str
