"""The encrypted store of one profile: creating, unlocking, keys, keyring, locking, migrations.

Every test works on real SQLCipher files in a temporary profile directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keyring
import pytest
import sqlalchemy as sa
import sqlcipher3
from keyring.backends import fail
from testvalues import FAST_KDF, PASSPHRASE

from hcdesk.errors import (
    KeyringUnavailable,
    ProfileExists,
    ProfileNotFound,
    StoreLocked,
    UsageError,
    WeakPassphrase,
    WrongPassphrase,
)
from hcdesk.interchange import importer
from hcdesk.models import CaseFile, Outbox, Person, SyncState
from hcdesk.models.base import domain_columns
from hcdesk.models.enums import PersonRole
from hcdesk.store import migrations, search, secrets
from hcdesk.store.engine import raw_connect
from hcdesk.store.keys import KdfParams, KeyFile, new_db_key
from hcdesk.store.store import PAGE_SIZE, ProfilePaths, Store

NEW_PASSPHRASE = "violet kettle under moonlight"


# -- helpers -----------------------------------------------------------------------------------
def one_case(ref: str = "L-TEST-00001", name: str = "Amara Okonkwo", summary: str = "") -> dict:
    return {
        "id": str(uuid.uuid4()),
        "local_ref": ref,
        "record_type": "HATE_CRIME",
        "summary": summary or f"Shouted at outside the library ({ref})",
        "victim": {"id": str(uuid.uuid4()), "name": name, "phone": "01926 000000"},
    }


def document(*cases: dict) -> dict[str, Any]:
    return {"format": "hcdesk-interchange", "version": 1, "cases": list(cases)}


def add_case(store: Store, **kwargs: Any) -> str:
    case = one_case(**kwargs)
    with store.transaction() as s:
        importer.import_document(s, document(case))
    return case["id"]


def victim_names(store: Store) -> list[str]:
    with store.session() as s:
        return list(s.scalars(sa.select(Person.name).where(Person.role == PersonRole.VICTIM)))


def digests(profile: Path) -> dict[str, str]:
    """sha256 of every file in the profile directory (names include any stray new file)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(profile.iterdir())
        if p.is_file()
    }


def reopen(store: Store, passphrase: str = PASSPHRASE) -> Store:
    store.close()
    return Store.open(store.paths.root, passphrase)


# -- create and open ---------------------------------------------------------------------------
def test_create_makes_a_private_encrypted_profile(store: Store) -> None:
    root = store.paths.root
    assert sorted(p.name for p in root.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "keyfile.json",
        "store.db",
    ]
    assert stat.S_IMODE(root.stat().st_mode) & 0o077 == 0
    for name in ("store.db", "keyfile.json"):
        assert stat.S_IMODE((root / name).stat().st_mode) & 0o077 == 0, name
    header = (root / "store.db").read_bytes()[:16]
    assert header != b"SQLite format 3\x00"
    assert (root / "store.db").stat().st_size % PAGE_SIZE == 0
    assert store.officer == "PC Test"
    assert store.device_id and store.node_id
    assert migrations.current_revision(store.engine_or_raise()) == migrations.HEAD


def test_create_refuses_a_directory_that_holds_a_profile(
    make_store: Callable[..., Store], tmp_path: Path
) -> None:
    first = make_store("p")
    add_case(first)
    first.close()
    before = digests(tmp_path / "p")
    with pytest.raises(ProfileExists):
        Store.create(tmp_path / "p", NEW_PASSPHRASE, kdf=FAST_KDF)
    assert digests(tmp_path / "p") == before
    with Store.open(tmp_path / "p", PASSPHRASE) as again:
        assert victim_names(again) == ["Amara Okonkwo"]


def test_create_refuses_a_weak_passphrase_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(WeakPassphrase, match="at least 12"):
        Store.create(tmp_path / "p", "short", kdf=FAST_KDF)
    assert not ProfilePaths(tmp_path / "p").exists()


def test_open_a_missing_profile_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(ProfileNotFound):
        Store.open(tmp_path / "nowhere", PASSPHRASE)
    assert not (tmp_path / "nowhere").exists()
    (tmp_path / "empty").mkdir()
    with pytest.raises(ProfileNotFound):
        Store.open(tmp_path / "empty", PASSPHRASE)
    assert list((tmp_path / "empty").iterdir()) == []


def test_open_needs_a_passphrase_or_keyring(store: Store) -> None:
    store.close()
    with pytest.raises(UsageError):
        Store.open(store.paths.root)


def test_data_survives_closing_and_reopening(store: Store) -> None:
    cid = add_case(store, name="Dariusz Wójcik")
    again = reopen(store)
    try:
        assert victim_names(again) == ["Dariusz Wójcik"]
        with again.session() as s:
            assert search.search(s.connection(), "wojcik") == [cid]
        assert again.device_id == store.device_id
    finally:
        again.close()


def test_wrong_passphrase_is_refused_and_changes_nothing(store: Store) -> None:
    add_case(store)
    store.close()
    before = digests(store.paths.root)
    with pytest.raises(WrongPassphrase, match="does not unlock"):
        Store.open(store.paths.root, "not the passphrase at all")
    assert digests(store.paths.root) == before


# -- changing the passphrase -------------------------------------------------------------------
def test_change_passphrase_old_stops_working_new_works(store: Store) -> None:
    add_case(store)
    store.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    store.close()
    with pytest.raises(WrongPassphrase):
        Store.open(store.paths.root, PASSPHRASE)
    with Store.open(store.paths.root, NEW_PASSPHRASE) as again:
        assert victim_names(again) == ["Amara Okonkwo"]


def test_change_passphrase_keeps_the_kdf_cost_but_not_the_salt(store: Store) -> None:
    before = KeyFile.load(store.paths.keyfile)
    store.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    after = KeyFile.load(store.paths.keyfile)
    assert after.store_id == before.store_id
    assert (after.kdf.time_cost, after.kdf.memory_kib) == (FAST_KDF.time_cost, FAST_KDF.memory_kib)
    assert after.kdf.salt != before.kdf.salt
    assert after.wrapped_key != before.wrapped_key


@pytest.mark.parametrize("weak", ["short", "aaaaaaaaaaaaaaaa", "abababababababab"])
def test_weak_new_passphrase_is_refused_and_old_still_works(store: Store, weak: str) -> None:
    add_case(store)
    keyfile_before = store.paths.keyfile.read_bytes()
    with pytest.raises(WeakPassphrase):
        store.change_passphrase(PASSPHRASE, weak)
    assert store.paths.keyfile.read_bytes() == keyfile_before
    again = reopen(store)
    try:
        assert victim_names(again) == ["Amara Okonkwo"]
    finally:
        again.close()
    with pytest.raises(WrongPassphrase):
        Store.open(store.paths.root, weak)


def test_change_passphrase_with_the_wrong_old_one_changes_nothing(store: Store) -> None:
    keyfile_before = store.paths.keyfile.read_bytes()
    with pytest.raises(WrongPassphrase):
        store.change_passphrase("not the passphrase at all", NEW_PASSPHRASE)
    assert store.paths.keyfile.read_bytes() == keyfile_before


# -- locking -----------------------------------------------------------------------------------
def test_lock_makes_every_session_refuse(store: Store) -> None:
    add_case(store)
    idle = store.session()  # made before locking, not yet connected
    store.lock()
    assert store.locked
    with pytest.raises(StoreLocked):
        store.session()
    with pytest.raises(StoreLocked), store.transaction():
        pass
    with pytest.raises(StoreLocked):
        idle.scalars(sa.select(CaseFile)).all()
    with pytest.raises(StoreLocked):
        store.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    with pytest.raises(StoreLocked):
        store.set_keyring(True)
    with pytest.raises(StoreLocked):
        store.checkpoint()
    store.lock()  # locking twice is harmless
    with Store.open(store.paths.root, PASSPHRASE) as again:
        assert victim_names(again) == ["Amara Okonkwo"]


def test_lock_forgets_the_key_bytes(store: Store) -> None:
    key = store._key
    assert key is not None and any(key)
    store.lock()
    assert store._key is None
    assert not any(key)  # the buffer that held the key was overwritten


# -- OS keyring --------------------------------------------------------------------------------
def test_keyring_unlocks_after_set_keyring(store: Store, memory_keyring: Any) -> None:
    add_case(store)
    store.set_keyring(True)
    assert KeyFile.load(store.paths.keyfile).keyring is True
    assert len(memory_keyring.secrets) == 1
    store.close()
    with Store.open(store.paths.root, use_keyring=True) as again:
        assert victim_names(again) == ["Amara Okonkwo"]


def test_keyring_is_refused_for_a_profile_not_set_up_for_it(store: Store) -> None:
    store.close()
    with pytest.raises(KeyringUnavailable, match="passphrase"):
        Store.open(store.paths.root, use_keyring=True)


def test_set_keyring_off_forgets_the_key(store: Store, memory_keyring: Any) -> None:
    store.set_keyring(True)
    store.set_keyring(False)
    assert memory_keyring.secrets == {}
    assert KeyFile.load(store.paths.keyfile).keyring is False
    store.close()
    with pytest.raises(KeyringUnavailable, match="passphrase"):
        Store.open(store.paths.root, use_keyring=True)


def test_create_remembering_the_key_in_the_keyring(tmp_path: Path, memory_keyring: Any) -> None:
    with Store.create(tmp_path / "p", PASSPHRASE, kdf=FAST_KDF, remember_in_keyring=True) as s:
        assert s.keyfile.keyring
    with Store.open(tmp_path / "p", use_keyring=True) as again:
        assert again.device_id == s.device_id


def test_create_without_a_keyring_leaves_a_locked_profile_the_passphrase_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(fail.Keyring())
    opened: list[Store] = []
    real_open = Store.open.__func__  # type: ignore[attr-defined]

    def spy(cls: type[Store], *args: Any, **kwargs: Any) -> Store:
        store = real_open(cls, *args, **kwargs)
        opened.append(store)
        return store  # type: ignore[no-any-return]

    monkeypatch.setattr(Store, "open", classmethod(spy))
    with pytest.raises(KeyringUnavailable, match="passphrase"):
        Store.create(tmp_path / "p", PASSPHRASE, kdf=FAST_KDF, remember_in_keyring=True)
    assert [s.locked for s in opened] == [True]  # not left unlocked behind the error
    monkeypatch.undo()
    assert KeyFile.load(tmp_path / "p" / "keyfile.json").keyring is False
    with Store.open(tmp_path / "p", PASSPHRASE) as again:
        assert again.officer


def test_set_keyring_without_a_keyring_says_so(store: Store) -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(KeyringUnavailable, match="passphrase"):
        store.set_keyring(True)
    assert KeyFile.load(store.paths.keyfile).keyring is False


def _entry(memory_keyring: Any) -> tuple[str, str]:
    (entry,) = memory_keyring.secrets
    return entry  # type: ignore[no-any-return]


def _delete_entry(memory_keyring: Any) -> None:
    memory_keyring.secrets.clear()


def _no_backend(memory_keyring: Any) -> None:
    keyring.set_keyring(fail.Keyring())


def _garbage(memory_keyring: Any) -> None:
    memory_keyring.secrets[_entry(memory_keyring)] = "this is not base64 at all!"


def _short_key(memory_keyring: Any) -> None:
    import base64

    memory_keyring.secrets[_entry(memory_keyring)] = base64.b64encode(b"x" * 16).decode()


def _other_key(memory_keyring: Any) -> None:
    import base64

    memory_keyring.secrets[_entry(memory_keyring)] = base64.b64encode(new_db_key()).decode()


class _BrokenBackend(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("no")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringError("the collection is locked")


def _locked_backend(memory_keyring: Any) -> None:
    keyring.set_keyring(_BrokenBackend())


@pytest.mark.parametrize(
    "spoil",
    [_delete_entry, _no_backend, _garbage, _short_key, _other_key, _locked_backend],
    ids=["deleted", "fail-backend", "garbage", "short-key", "other-store-key", "locked"],
)
def test_keyring_failures_fall_back_to_the_passphrase(
    store: Store, memory_keyring: Any, spoil: Callable[[Any], None]
) -> None:
    add_case(store)
    store.set_keyring(True)
    store.close()
    spoil(memory_keyring)
    before = digests(store.paths.root)
    with pytest.raises(KeyringUnavailable) as caught:
        Store.open(store.paths.root, use_keyring=True)
    message = str(caught.value)
    assert "passphrase" in message
    assert "Traceback" not in message and "\n" not in message
    assert digests(store.paths.root) == before  # no new store, nothing rewritten
    with Store.open(store.paths.root, PASSPHRASE) as again:
        assert victim_names(again) == ["Amara Okonkwo"]


def test_secrets_never_raise_keyring_errors() -> None:
    keyring.set_keyring(_BrokenBackend())
    with pytest.raises(KeyringUnavailable):
        secrets.store_key("x", new_db_key())
    with pytest.raises(KeyringUnavailable):
        secrets.load_key("x")
    with pytest.raises(KeyringUnavailable):
        secrets.forget_key("x")
    assert secrets.available()
    keyring.set_keyring(fail.Keyring())
    assert not secrets.available()


# -- key file ----------------------------------------------------------------------------------
def test_key_file_is_bound_to_its_store(make_store: Callable[..., Store]) -> None:
    """A key file copied onto another profile's store does not open it."""
    a = make_store("a")
    b = make_store("b")
    add_case(a)
    a.close()
    b.close()
    (b.paths.keyfile).write_bytes(a.paths.keyfile.read_bytes())
    before = digests(b.paths.root)
    from hcdesk.errors import StoreDamaged

    with pytest.raises(StoreDamaged, match="does not belong"):
        Store.open(b.paths.root, PASSPHRASE)
    assert digests(b.paths.root) == before


def test_key_file_holds_no_key_in_the_clear(store: Store) -> None:
    key = bytes(store._key or b"")
    text = store.paths.keyfile.read_bytes()
    import base64

    for form in (key, key.hex().encode(), base64.b64encode(key)):
        assert form not in text
    assert PASSPHRASE.encode() not in text


# -- migrations --------------------------------------------------------------------------------
def test_revisions_match_the_alembic_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(migrations.HERE))
    in_order = [rev.revision for rev in reversed(list(scripts.walk_revisions()))]
    assert tuple(in_order) == migrations.REVISIONS
    assert scripts.get_current_head() == migrations.HEAD


OLD_HLC = "0001767225600000-0000-0123456789abcdef"


def make_old_store(root: Path, revision: str) -> None:
    """A profile as an older hcdesk left it: the schema only up to ``revision``, one case.

    The rows are written in plain SQL with the columns of 0001_initial, as that version wrote
    them (full per-field version maps), so the test does not depend on today's models.
    """
    paths = ProfilePaths(root)
    root.mkdir(mode=0o700)
    db_key = new_db_key()
    KeyFile.new(db_key, PASSPHRASE, FAST_KDF).save(paths.keyfile)
    conn = raw_connect(paths.store, db_key, create=True)
    conn.execute(f"PRAGMA cipher_page_size = {PAGE_SIZE}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    old = Store(paths, KeyFile.load(paths.keyfile), db_key)
    hlc = OLD_HLC
    when = "2026-01-01T00:00:00.000000Z"
    case_id, person_id = str(uuid.uuid4()), str(uuid.uuid4())

    def vers(model: Any) -> str:
        return json.dumps({**{c.key: hlc for c in domain_columns(model)}, "deleted": hlc})

    bookkeeping = {"field_vers": None, "deleted": 0, "pending_fields": "[]",
                   "created_hlc": hlc, "created_by": "PC Old", "created_at": when,
                   "updated_at": when}
    case_row = {
        "id": case_id, "local_ref": "L-OLD-00001", "force": "WARWICKSHIRE", "team": "",
        "status": "OPEN", "record_type": "HATE_CRIME", "monitored_strands": "[]",
        "local_strands": "[]", "perceived_by": "[]", "hocr_codes": "[]",
        "summary": "Graffiti on the community centre door", "place": "Leamington Spa",
        "cms_hate_flag": 0, "protective_marking": "OFFICIAL_SENSITIVE",
        "victim_agreed_wishes_disclosed": 0, **bookkeeping, "field_vers": vers(CaseFile),
    }
    person_row = {
        "id": person_id, "case_id": case_id, "role": "VICTIM", "name": "Priya Raman",
        "safe_channels": "[]", "no_voicemail": 0, "interpreter_needed": 0,
        "victims_code_statuses": "[]", **bookkeeping, "field_vers": vers(Person),
    }
    try:
        migrations.upgrade(old.engine_or_raise(), revision)
        with old.engine_or_raise().begin() as db:
            for key, value in (("device_id", str(uuid.uuid4())),
                               ("node_id", uuid.uuid4().hex[:16]), ("officer", "PC Old")):
                db.exec_driver_sql(
                    "INSERT INTO sync_state(key, value) VALUES (?, ?)", (key, value)
                )
            for table, row in (("case_file", case_row), ("person", person_row)):
                names = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                db.exec_driver_sql(
                    f"INSERT INTO {table}({names}) VALUES ({marks})", tuple(row.values())
                )
    finally:
        old.close()


def test_opening_an_older_store_migrates_it_to_head(tmp_path: Path) -> None:
    root = tmp_path / "old"
    make_old_store(root, migrations.REVISIONS[0])
    probe = Store(ProfilePaths(root), KeyFile.load(root / "keyfile.json"),
                  KeyFile.load(root / "keyfile.json").unwrap(PASSPHRASE))
    try:
        assert migrations.current_revision(probe.engine_or_raise()) == "0001_initial"
    finally:
        probe.close()

    with Store.open(root, PASSPHRASE) as store:
        assert migrations.current_revision(store.engine_or_raise()) == migrations.HEAD
        assert store.officer == "PC Old"
        with store.session() as s:
            conn = s.connection()
            hits = search.search(conn, "priya")
            assert hits == search.search(conn, "leamington graffiti")
            assert len(hits) == 1
            assert s.get(CaseFile, hits[0]).local_ref == "L-OLD-00001"  # type: ignore[union-attr]
        # Its rows can be edited: the edit is versioned against what the old version wrote.
        with store.transaction() as s:
            victim = s.scalars(sa.select(Person).where(Person.name == "Priya Raman")).one()
            victim.phone = "01926 111111"
        with store.session() as s:
            (edit,) = s.scalars(sa.select(Outbox).where(Outbox.entity == "person")).all()
            assert edit.payload["phone"]["base_ver"] == OLD_HLC
            assert edit.hlc > OLD_HLC
        # The migrated store keeps working as usual: new cases are indexed too.
        cid = add_case(store, name="Tomasz Nowak")
        with store.session() as s:
            assert search.search(s.connection(), "nowak") == [cid]

    with Store.open(root, PASSPHRASE) as store:  # and opens without migrating again
        assert migrations.current_revision(store.engine_or_raise()) == migrations.HEAD


def test_default_kdf_is_argon2id_at_real_cost() -> None:
    params = KdfParams()
    assert params.memory_kib >= 64 * 1024 and params.time_cost >= 3
    assert len(params.derive(PASSPHRASE)) == 32
    assert params.derive(PASSPHRASE) != KdfParams().derive(PASSPHRASE)  # salted


def test_a_create_interrupted_before_the_final_rename_is_finished_on_open(tmp_path: Path) -> None:
    """A crash between writing the key file and renaming the store must not strand the profile."""

    store = Store.create(tmp_path / "p", PASSPHRASE, kdf=FAST_KDF)
    with store.transaction() as s:
        s.add(SyncState(key="marker", value="kept"))
    store.checkpoint()
    store.close()
    paths = ProfilePaths(tmp_path / "p")
    os.replace(paths.store, paths.creating)  # the state a crash at that moment leaves
    reopened = Store.open(tmp_path / "p", PASSPHRASE)
    try:
        with reopened.session() as s:
            assert s.get(SyncState, "marker").value == "kept"  # type: ignore[union-attr]
    finally:
        reopened.close()
    assert paths.store.exists() and not paths.creating.exists()


# -- storage errors at the one boundary -----------------------------------------------------------
def test_a_write_to_a_profile_another_program_is_writing_waits_then_is_profile_busy(
    make_store: Callable[..., Store],
) -> None:
    from hcdesk.errors import ProfileBusy

    first = make_store()
    second = Store.open(first.paths.root, key=bytes(first._key or b""), busy_wait_s=0.2)
    try:
        with first.transaction() as s:
            s.execute(sa.text("SELECT 1"))  # holds the write lock, as a long import does
            busy = r"in use by another hcdesk program.*0\.2 s"
            with pytest.raises(ProfileBusy, match=busy), second.transaction() as s2:
                s2.execute(sa.text("SELECT 1"))
        with second.transaction() as s2:  # once the other is done, writing works
            s2.execute(sa.text("SELECT 1"))
    finally:
        second.close()
    assert ProfileBusy("x").exit_code == 6


def test_storage_failures_map_to_typed_errors_with_their_exit_codes(tmp_path: Path) -> None:
    from hcdesk.errors import ProfileBusy, StoreDamaged, StoreFull, StoreIOError
    from hcdesk.store.engine import storage_error

    def failure(code: int) -> Exception:
        exc = sqlcipher3.OperationalError("x")
        exc.sqlite_errorcode = code  # as SQLite sets it on the errors it raises
        return exc

    expected = {
        5: (ProfileBusy, 6),
        6: (ProfileBusy, 6),
        13: (StoreFull, 5),
        10 | (13 << 8): (StoreIOError, 5),  # SQLITE_IOERR_FSYNC, on a disk with room
        14: (StoreIOError, 5),
        8: (StoreIOError, 5),
        11: (StoreDamaged, 1),
        26: (StoreDamaged, 1),
    }
    for code, (kind, exit_code) in expected.items():
        typed = storage_error(failure(code), tmp_path, 10)
        assert isinstance(typed, kind) and typed.exit_code == exit_code, code
        assert str(tmp_path) in str(typed)
    assert storage_error(failure(19), tmp_path, 10) is None  # a constraint: a bug, not storage
