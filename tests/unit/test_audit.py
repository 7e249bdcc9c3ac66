"""The tamper-evident audit trail: what is recorded, and that tampering with the file is found.

Tampering goes through a raw SQLCipher connection keyed with the profile's real key, as someone
holding the passphrase and a SQLite tool could do.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import sqlcipher3
from testvalues import PASSPHRASE

from hcdesk.casework.cases import find_case, open_case
from hcdesk.interchange import importer
from hcdesk.models import AuditEvent, Person, SyncState
from hcdesk.models.enums import AuditOperation
from hcdesk.store import audit
from hcdesk.store.keys import KeyFile
from hcdesk.store.store import Store

VICTIM = "Halina Zawadzka"


def one_case(ref: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "local_ref": ref,
        "record_type": "HATE_CRIME",
        "summary": "Abuse shouted from a car",
        "victim": {"id": str(uuid.uuid4()), "name": f"{VICTIM} {ref}", "address": "4 Mill Lane"},
    }


def fill(store: Store) -> None:
    """Six events: three imports, an edit, a consultation and a disclosure."""
    for n in (1, 2, 3):
        with store.transaction(reason=f"import {n}") as s:
            importer.import_document(
                s, {"format": "hcdesk-interchange", "version": 1, "cases": [one_case(f"L-A-{n}")]}
            )
    with store.transaction(actor="PC Edit", reason="victim moved house") as s:
        person = s.scalars(sa.select(Person).order_by(Person.name).limit(1)).one()
        person.address = "9 New Road"
    with store.transaction(reason="review") as s:
        open_case(s, "L-A-2")
    with store.transaction(reason="CPS file") as s:
        case = find_case(s, "L-A-3")
        audit.record(
            s, AuditOperation.DISCLOSURE, case_id=case.id, entity="case_file",
            record_id=case.id, recipient="CPS West Midlands", details={"format": "pdf"},
        )


def verify(store_root: Path) -> audit.Report:
    with Store.open(store_root, PASSPHRASE) as store, store.session() as s:
        return audit.verify(s)


@pytest.fixture
def trail(store: Store) -> Iterator[Path]:
    """A closed profile holding six chained events."""
    fill(store)
    store.close()
    yield store.paths.root


def raw(root: Path) -> Any:
    key = KeyFile.load(root / "keyfile.json").unwrap(PASSPHRASE)
    conn = sqlcipher3.connect(str(root / "store.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def tamper(root: Path, *statements: str) -> None:
    conn = raw(root)
    try:
        for statement in statements:
            assert conn.execute(statement).rowcount >= 0
        conn.commit()
    finally:
        conn.close()


# -- what is recorded --------------------------------------------------------------------------
def test_every_change_is_recorded_in_order(trail: Path) -> None:
    with Store.open(trail, PASSPHRASE) as store, store.session() as s:
        events = s.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)).all()
        ops = [e.operation for e in events]
        assert ops == [
            AuditOperation.COLLECTION,
            AuditOperation.COLLECTION,
            AuditOperation.COLLECTION,
            AuditOperation.ALTERATION,
            AuditOperation.CONSULTATION,
            AuditOperation.DISCLOSURE,
        ]
        assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
        assert {e.device_id for e in events} == {store.device_id}
        assert [e.reason for e in events] == [
            "import 1", "import 2", "import 3", "victim moved house", "review", "CPS file",
        ]
        assert events[3].actor == "PC Edit"
        assert events[0].actor == "PC Test"
        assert events[3].details == {"fields": {"person": ["address"]}}
        assert events[0].details == {"records": {"case_file": 1, "person": 1}}
        assert events[5].recipient == "CPS West Midlands"
        # Each event follows the one before it, and the head names the newest.
        assert events[0].prev_hash == audit.GENESIS
        for before, after in itertools.pairwise(events):
            assert after.prev_hash == before.hash
        head = s.get(SyncState, audit.head_key(store.device_id))
        assert head is not None and head.value == f"6:{events[-1].hash}"


def test_audit_events_hold_no_victim_data(trail: Path) -> None:
    conn = raw(trail)
    try:
        rows = conn.execute("SELECT * FROM audit_event").fetchall()
    finally:
        conn.close()
    text = repr(rows)
    for secret in (VICTIM, "Halina", "Mill Lane", "New Road", "Abuse shouted"):
        assert secret not in text


def test_verify_ok_on_a_normal_store(trail: Path) -> None:
    report = verify(trail)
    assert report.ok, [str(f) for f in report.findings]
    assert (report.events, report.devices) == (6, 1)


def test_verify_ok_on_an_empty_trail(store: Store) -> None:
    with store.session() as s:
        report = audit.verify(s)
    assert report.ok and report.events == 0


# -- tampering ---------------------------------------------------------------------------------
def _problems(report: audit.Report) -> list[tuple[int | None, str]]:
    return [(f.seq, f.problem) for f in report.findings]


def test_edited_reason_is_detected(trail: Path) -> None:
    tamper(trail, "UPDATE audit_event SET reason = 'routine check' WHERE seq = 4")
    report = verify(trail)
    assert not report.ok
    assert (4, "content was altered after it was written") in _problems(report)
    assert all(f.seq == 4 for f in report.findings)  # the break is located, not smeared


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET actor = 'PC Someone Else' WHERE seq = 2",
        "UPDATE audit_event SET operation = 'CONSULTATION' WHERE seq = 6",
        "UPDATE audit_event SET recipient = NULL WHERE seq = 6",
        "UPDATE audit_event SET occurred_at = '2020-01-01T00:00:00.000000Z' WHERE seq = 3",
        "UPDATE audit_event SET details = '{\"format\":\"csv\"}' WHERE seq = 6",
    ],
    ids=["actor", "operation", "recipient", "time", "details"],
)
def test_any_edited_field_is_detected(trail: Path, statement: str) -> None:
    tamper(trail, statement)
    report = verify(trail)
    assert not report.ok
    assert any("altered" in problem for _seq, problem in _problems(report))


def test_deleted_middle_event_is_detected(trail: Path) -> None:
    tamper(trail, "DELETE FROM audit_event WHERE seq = 3")
    report = verify(trail)
    assert not report.ok
    assert report.events == 5
    problems = _problems(report)
    assert (4, "expected event 3: events missing") in problems
    assert any(seq == 4 and "does not follow" in p for seq, p in problems)


def test_swapped_events_are_detected(trail: Path) -> None:
    tamper(
        trail,
        "UPDATE audit_event SET seq = -1 WHERE seq = 2",
        "UPDATE audit_event SET seq = 2 WHERE seq = 5",
        "UPDATE audit_event SET seq = 5 WHERE seq = -1",
    )
    report = verify(trail)
    assert not report.ok
    flagged = {seq for seq, _p in _problems(report)}
    assert {2, 5} <= flagged


def test_swapped_events_with_rehashed_seq_are_still_detected(trail: Path) -> None:
    """Swapping rows' places (not only their numbers) breaks the prev_hash links."""
    tamper(
        trail,
        "UPDATE audit_event SET seq = -1 WHERE seq = 2",
        "UPDATE audit_event SET seq = -3 WHERE seq = 3",
        "UPDATE audit_event SET seq = 2 WHERE seq = -3",
        "UPDATE audit_event SET seq = 3 WHERE seq = -1",
    )
    report = verify(trail)
    assert not report.ok
    assert any("does not follow" in p for _s, p in _problems(report))


def test_deleted_newest_event_is_detected_by_the_head(trail: Path) -> None:
    tamper(trail, "DELETE FROM audit_event WHERE seq = 6")
    report = verify(trail)
    assert not report.ok
    assert _problems(report) == [(None, "the newest events are missing (head is event 6)")]
    assert "newest events are missing" in str(report.findings[0])


def test_deleting_every_event_is_detected(trail: Path) -> None:
    tamper(trail, "DELETE FROM audit_event")
    report = verify(trail)
    assert not report.ok and report.events == 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET operation = 'NOTHING_TO_SEE' WHERE seq = 2",
        "UPDATE audit_event SET details = 'not json' WHERE seq = 2",
        "UPDATE audit_event SET occurred_at = 'last tuesday' WHERE seq = 2",
    ],
    ids=["operation", "details", "time"],
)
def test_unreadable_event_is_reported_not_a_crash(trail: Path, statement: str) -> None:
    tamper(trail, statement)
    report = verify(trail)
    assert not report.ok
    assert [seq for seq, _p in _problems(report)] == [2]
    assert report.events == 6


def test_new_events_after_a_break_still_chain(trail: Path) -> None:
    """Verification keeps working on a store that goes on being used after tampering."""
    tamper(trail, "UPDATE audit_event SET reason = 'x' WHERE seq = 1")
    with Store.open(trail, PASSPHRASE) as store:
        with store.transaction(reason="after") as s:
            open_case(s, "L-A-1")
        with store.session() as s:
            report = audit.verify(s)
    assert [seq for seq, _p in _problems(report)] == [1]
    assert report.events == 7


def test_audit_events_cannot_be_changed_through_the_store(
    make_store: Callable[..., Store],
) -> None:
    from hcdesk.store.tracking import ImmutableRecord

    store = make_store()
    fill(store)
    with pytest.raises(ImmutableRecord), store.transaction() as s:
        ev = s.scalars(sa.select(AuditEvent).where(AuditEvent.seq == 2)).one()
        ev.reason = "tidied up"
    with pytest.raises(ImmutableRecord), store.transaction() as s:
        s.delete(s.scalars(sa.select(AuditEvent).where(AuditEvent.seq == 2)).one())
    with store.session() as s:
        assert audit.verify(s).ok
