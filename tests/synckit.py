"""Real officers against a real central store, for the sync scenario, property and fault tests.

* :class:`Fleet` makes accounts on a running server and officers with their own encrypted
  stores (copied from one template store, each with its own device and clock node, which is
  much quicker than making each store from scratch) signed in through the real client.
* :func:`client_rows` / :func:`server_rows` read what a laptop and the central store hold, in
  the same plain form, so convergence is one comparison.
* :class:`Ledger` remembers every value an officer saved; :meth:`Ledger.lost` lists those that
  are neither current, nor in the central store's history, nor in a conflict (must be empty).
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from hcdesk.casework.cases import new_case
from hcdesk.models import CaseFile, ContactLog, Person
from hcdesk.models.base import Versioned, domain_columns, uuid7
from hcdesk.models.enums import ContactChannel, ContactDirection, PersonRole, RecordType
from hcdesk.models.sync import Conflict
from hcdesk.models.values import encode_value
from hcdesk.server import admin
from hcdesk.server.database import Database
from hcdesk.server.db import FieldHistory, Record, ServerConflict
from hcdesk.store import tracking
from hcdesk.store.store import Store
from hcdesk.sync.client import SyncClient

PASSPHRASE = "correct horse battery staple"
PASSWORD = "correct horse battery staple"
TRACKED = (CaseFile, Person, ContactLog)


def _encode(obj: Any, name: str) -> Any:
    if name == "deleted":
        return bool(obj.deleted)
    col = next(c for c in domain_columns(type(obj)) if c.key == name)
    return encode_value(col, getattr(obj, name))


@dataclass
class Officer:
    name: str
    root: Path
    store: Store
    client: SyncClient
    clock_offset_ms: int = 0

    def sync(self) -> Any:
        return self.client.sync()

    def restart(self) -> None:
        """Close the application and open it again (same profile, same device)."""
        self.client.close()
        self.store.close()
        self.store = Store.open(self.root, PASSPHRASE)
        self.client = SyncClient(self.store)
        self.skew(self.clock_offset_ms)

    def skew(self, offset_ms: int) -> None:
        """Set this laptop's clock ``offset_ms`` away from the real time."""
        self.clock_offset_ms = offset_ms
        tracking.set_clock_offset(self.store, offset_ms)

    def close(self) -> None:
        self.client.close()
        self.store.close()


class Fleet:
    """Accounts on one running central store and officers' laptops signed in to it."""

    def __init__(self, base_url: str, db: Database, workdir: Path) -> None:
        self.base_url, self.db, self.workdir = base_url, db, workdir
        self.template = workdir / "template"
        if not self.template.exists():
            Store.create(self.template, PASSPHRASE, officer="template", kdf=_fast_kdf()).close()
        self.officers: list[Officer] = []

    def team(self, prefix: str = "Team") -> str:
        name = f"{prefix} {uuid.uuid4().hex[:8]}"
        with self.db.write_session() as s, s.begin():
            admin.add_team(s, name, actor="test")
        return name

    def account(self, username: str, role: str = "caseworker", teams: Iterable[str] = ()) -> None:
        with self.db.write_session() as s, s.begin():
            admin.add_user(s, username, PASSWORD, role, tuple(teams), username, actor="test")

    def laptop(self, username: str) -> Officer:
        """A new laptop (own store, device and clock node) signed in as ``username``."""
        root = self.workdir / f"{username}-{uuid.uuid4().hex[:6]}"
        shutil.copytree(self.template, root)
        store = Store.open(root, PASSPHRASE)
        with store.engine_or_raise().begin() as conn:
            for key, value in (
                ("device_id", str(uuid.uuid4())),
                ("node_id", uuid.uuid4().hex[:16]),
                ("officer", username),
            ):
                conn.execute(
                    sa.text("UPDATE sync_state SET value = :v WHERE key = :k"),
                    {"v": value, "k": key},
                )
        store.close()
        store = Store.open(root, PASSPHRASE)
        client = SyncClient(store)
        client.login(self.base_url, username, PASSWORD, device_name=f"{username}'s laptop")
        officer = Officer(username, root, store, client)
        self.officers.append(officer)
        return officer

    def close(self) -> None:
        for o in self.officers:
            o.close()


def _fast_kdf() -> Any:
    from hcdesk.store.keys import KdfParams

    return KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)


# -- what each side holds --------------------------------------------------------------------------
Rows = dict[tuple[str, str], dict[str, Any]]


def client_rows(store: Store, case_ids: Iterable[str]) -> Rows:
    ids = sorted(set(case_ids))
    out: Rows = {}
    with store.session() as s:
        for model in TRACKED:
            key = model.id if model is CaseFile else model.case_id
            for obj in s.scalars(sa.select(model).where(key.in_(ids))):
                names = [c.key for c in domain_columns(model)]
                if isinstance(obj, Versioned):
                    names.append("deleted")
                out[(model.__tablename__, obj.id)] = {n: _encode(obj, n) for n in names}
    return out


def server_rows(db: Database, case_ids: Iterable[str]) -> Rows:
    ids = sorted(set(case_ids))
    wanted = {m.__tablename__: m for m in TRACKED}
    out: Rows = {}
    with db.session() as s:
        for rec in s.scalars(sa.select(Record).where(Record.case_id.in_(ids))):
            model = wanted.get(rec.entity)
            if model is None:
                continue
            names = [c.key for c in domain_columns(model)]
            if issubclass(model, Versioned):
                names.append("deleted")
            out[(rec.entity, rec.entity_id)] = {
                n: rec.fields[n]["value"] for n in names if n in rec.fields
            }
    return out


def client_conflicts(store: Store, case_ids: Iterable[str]) -> dict[str, str]:
    with store.session() as s:
        return {
            c.id: c.status
            for c in s.scalars(
                sa.select(Conflict).where(Conflict.case_id.in_(sorted(set(case_ids))))
            )
        }


def server_conflicts(db: Database, case_ids: Iterable[str]) -> dict[str, str]:
    with db.session() as s:
        return {
            c.id: c.status
            for c in s.scalars(
                sa.select(ServerConflict).where(ServerConflict.case_id.in_(sorted(set(case_ids))))
            )
        }


def assert_converged(db: Database, officers: Iterable[Officer], case_ids: Iterable[str]) -> None:
    ids = sorted(set(case_ids))
    central = server_rows(db, ids)
    conflicts = server_conflicts(db, ids)
    for o in officers:
        local = client_rows(o.store, ids)
        # Compare the fields the central store holds (a row it has never seen cannot differ).
        assert set(local) == set(central), f"{o.name} holds other rows than the central store"
        for key, fields in central.items():
            mine = {k: v for k, v in local[key].items() if k in fields}
            assert mine == fields, f"{o.name} differs from the central store on {key}"
        assert client_conflicts(o.store, ids) == conflicts, f"{o.name}'s conflicts differ"
        status = o.client.status()
        assert status.pending == 0 and status.inflight == 0, f"{o.name}'s outbox did not drain"


# -- the ledger of everything an officer saved -----------------------------------------
@dataclass
class Ledger:
    saved: list[tuple[str, str, str, str, Any]] = field(default_factory=list)

    def note(self, who: str, obj: Any, names: Iterable[str]) -> None:
        for n in names:
            self.saved.append((who, obj.__tablename__, obj.id, n, _encode(obj, n)))

    def lost(self, db: Database) -> list[tuple[str, str, str, str, Any]]:
        """Saved values that are nowhere on the central store: current, history or conflict."""
        known: dict[tuple[str, str], list[Any]] = {}
        with db.session() as s:
            ids = sorted({eid for _, _, eid, _, _ in self.saved})
            for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
                for rec in s.scalars(sa.select(Record).where(Record.entity_id.in_(chunk))):
                    for name, fv in rec.fields.items():
                        known.setdefault((rec.entity_id, name), []).append(fv.get("value"))
                for h in s.scalars(
                    sa.select(FieldHistory).where(FieldHistory.entity_id.in_(chunk))
                ):
                    for name, fv in (h.fields or {}).items():
                        known.setdefault((h.entity_id, name), []).append(fv.get("value"))
                for c in s.scalars(
                    sa.select(ServerConflict).where(ServerConflict.entity_id.in_(chunk))
                ):
                    for side in (c.winner, c.loser):
                        known.setdefault((c.entity_id, c.field), []).append(side.get("value"))
                        for name, value in (side.get("edits") or {}).items():
                            known.setdefault((c.entity_id, name), []).append(value)
        return [item for item in self.saved if item[4] not in known.get((item[2], item[3]), [])]


# -- what officers do --------------------------------------------------------------------
def open_case(
    o: Officer, ledger: Ledger, team: str, victim: str = "Leyla Demir"
) -> tuple[str, str]:
    with o.store.transaction() as s:
        case = new_case(
            s, RecordType.HATE_CRIME, id=uuid7(), summary="Spat at on the bus", team=team
        )
        person = Person(case_id=case.id, role=PersonRole.VICTIM, name=victim, phone="07700 900001")
        s.add(person)
        s.flush()
        ledger.note(o.name, case, ["summary", "place", "status"])
        ledger.note(o.name, person, ["name", "phone", "deleted"])
        return case.id, person.id


def edit(o: Officer, ledger: Ledger, model: Any, ident: str, **values: Any) -> None:
    with o.store.transaction() as s:
        obj = s.get(model, ident)
        assert obj is not None, f"{o.name} has no {model.__tablename__} {ident}"
        for k, v in values.items():
            setattr(obj, k, v)
        s.flush()
        ledger.note(o.name, obj, values)


def log_contact(o: Officer, ledger: Ledger, case_id: str, summary: str) -> str:
    with o.store.transaction() as s:
        entry = ContactLog(
            case_id=case_id,
            occurred_at=dt.datetime.now(dt.UTC),
            channel=ContactChannel.PHONE,
            direction=ContactDirection.TO_VICTIM,
            summary=summary,
            recorded_by=o.name,
        )
        s.add(entry)
        s.flush()
        ledger.note(o.name, entry, ["summary"])
        return entry.id
