"""The local encrypted store of one officer profile.

A profile directory holds ``store.db`` (SQLCipher, WAL) and ``keyfile.json`` (the database key,
wrapped by the passphrase). Opening never creates: a missing, damaged, unencrypted or newer store
is refused with its own message and left byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from hcdesk.errors import (
    KeyringKeyNotRemoved,
    KeyringUnavailable,
    NotEncrypted,
    ProfileExists,
    ProfileNotFound,
    StoreDamaged,
    StoreIOError,
    StoreLocked,
    UsageError,
)
from hcdesk.models.sync import SyncState
from hcdesk.store import migrations, secrets, tracking
from hcdesk.store.engine import (
    DBAPI_ERRORS,
    DEFAULT_BUSY_WAIT_S,
    make_engine,
    raw_connect,
    storage_error,
)
from hcdesk.store.keys import KdfParams, KeyFile, new_db_key
from hcdesk.store.paths import KEY_FILE, STORE_FILE, ProfilePaths

PAGE_SIZE = 4096
SQLITE_HEADER = b"SQLite format 3\x00"


def default_officer() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "officer"


class Store:
    """An unlocked store. Use :meth:`create` or :meth:`open`; :meth:`lock` forgets the key."""

    def __init__(
        self,
        paths: ProfilePaths,
        keyfile: KeyFile,
        db_key: bytes,
        plain: bool = False,
        busy_wait_s: float = DEFAULT_BUSY_WAIT_S,
    ):
        self.paths = paths
        self.keyfile = keyfile
        self._key: bytearray | None = bytearray(db_key)
        self._plain = plain
        self.busy_wait_s = busy_wait_s
        self._lock = threading.RLock()
        self.engine: sa.Engine | None = make_engine(self._connect, plain=plain)
        sa.event.listen(self.engine, "handle_error", self._translate_error)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.device_id = ""
        self.officer = ""
        self.node_id = ""
        # The store's hybrid logical clock: every version this device hands out comes from it.
        self.clock = tracking.StoreClock()
        # One sync at a time on this store, and one sign-in token refresh at a time.
        self.sync_lock = threading.Lock()
        self.token_lock = threading.Lock()

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        profile: Path | str,
        passphrase: str,
        officer: str | None = None,
        kdf: KdfParams | None = None,
        remember_in_keyring: bool = False,
        busy_wait_s: float = DEFAULT_BUSY_WAIT_S,
    ) -> Store:
        """Make a new empty profile. Refuses a directory that already holds a store.

        The store is built under a temporary name and published with its key file only when it
        is complete. If anything fails on the way (a full disk, say), what was made is removed
        again, so a retry starts from a clean directory; a crash part-way leaves only leftovers
        that :meth:`ProfilePaths.holds_only_leftovers` recognises and the next try clears.
        """
        paths = ProfilePaths(Path(profile))
        if paths.exists():
            raise ProfileExists(f"{paths.root} already holds an hcdesk profile.")
        db_key = new_db_key()
        keyfile = KeyFile.new(db_key, passphrase, kdf)
        made_root = not paths.root.exists()
        paths.clear_leftovers(remove_root=False)  # from an earlier try that was cut short
        try:
            paths.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            cls._build(paths, keyfile, db_key, officer, busy_wait_s)
        except BaseException:
            if not paths.store.exists():  # not published: take back what this call made
                with contextlib.suppress(OSError):
                    paths.keyfile.unlink(missing_ok=True)
                paths.clear_leftovers(remove_root=made_root)
            raise
        store = cls.open(paths.root, key=db_key, busy_wait_s=busy_wait_s)
        if remember_in_keyring:
            try:
                store.set_keyring(True)
            except BaseException:
                # The profile exists and opens with the passphrase; do not leave it unlocked
                # (its key in memory, connections open) behind the error.
                store.close()
                raise
        return store

    @classmethod
    def _build(
        cls,
        paths: ProfilePaths,
        keyfile: KeyFile,
        db_key: bytes,
        officer: str | None,
        busy_wait_s: float,
    ) -> None:
        """Write the store under its temporary name, then the key file, then publish the store."""
        tmp = paths.creating
        try:
            conn = raw_connect(tmp, db_key, create=True, busy_wait_s=busy_wait_s)
            os.chmod(tmp, 0o600)  # SQLite gives the WAL and shared-memory files the same mode
            try:
                conn.execute(f"PRAGMA cipher_page_size = {PAGE_SIZE}")
                conn.execute("PRAGMA journal_mode = WAL")
            finally:
                conn.close()
        except DBAPI_ERRORS as exc:
            raise storage_error(exc, paths.root, busy_wait_s) or StoreIOError(
                f"A new store could not be made in {paths.root} ({_short(exc)})."
            ) from None
        staging = cls(ProfilePaths(paths.root), keyfile, db_key, busy_wait_s=busy_wait_s)
        staging._path_override = tmp
        try:
            migrations.upgrade(staging.engine_or_raise())
            with staging.session() as s, s.begin():
                import uuid

                s.add(SyncState(key="device_id", value=str(uuid.uuid4())))
                s.add(SyncState(key="node_id", value=uuid.uuid4().hex[:16]))
                s.add(SyncState(key="officer", value=officer or default_officer()))
            # Fold the WAL into the file: the published store is then one complete file.
            staging.checkpoint()
        finally:
            staging.close()
        wal = Path(f"{tmp}-wal")
        if wal.exists() and wal.stat().st_size:
            raise StoreIOError(
                f"A new store could not be finished in {paths.root} (its log could not be "
                "written back); nothing was kept. Free some space and try again."
            )
        keyfile.save(paths.keyfile)
        os.replace(tmp, paths.store)

    @classmethod
    def open(
        cls,
        profile: Path | str,
        passphrase: str | None = None,
        *,
        key: bytes | None = None,
        use_keyring: bool = False,
        busy_wait_s: float = DEFAULT_BUSY_WAIT_S,
    ) -> Store:
        """Unlock an existing profile with a passphrase, the OS keyring, or a known key."""
        paths = ProfilePaths(Path(profile))
        keyfile = cls._preflight(paths)
        if key is None:
            if passphrase is not None:
                key = keyfile.unwrap(passphrase)
            elif use_keyring:
                if not keyfile.keyring:
                    raise KeyringUnavailable(
                        "This profile is not set up to unlock from the OS keyring; "
                        "use your passphrase."
                    )
                key = secrets.load_key(keyfile.store_id)
            else:
                raise UsageError("A passphrase is needed to unlock the profile.")
        store = cls(paths, keyfile, key, busy_wait_s=busy_wait_s)
        try:
            store._verify_key(from_keyring=passphrase is None and use_keyring)
            migrations.check_and_upgrade(store.engine_or_raise())
            store._load_identity()
        except BaseException:
            store.close()
            raise
        return store

    @staticmethod
    def _preflight(paths: ProfilePaths) -> KeyFile:
        if not paths.root.is_dir():
            raise ProfileNotFound(f"There is no hcdesk profile at {paths.root}.")
        if not paths.keyfile.exists():
            if paths.store.exists():
                raise StoreDamaged(
                    f"The key file is missing from {paths.root}; the store cannot be unlocked "
                    "without it. Restore keyfile.json from a backup."
                )
            raise ProfileNotFound(f"There is no hcdesk profile at {paths.root}.")
        keyfile = KeyFile.load(paths.keyfile)
        if not paths.store.exists() and paths.creating.exists():
            # Creation was interrupted after the finished store and its key file were written
            # but before the store got its final name: finish the job.
            os.replace(paths.creating, paths.store)
        if not paths.store.exists():
            raise StoreDamaged(
                f"The store file is missing from {paths.root}. hcdesk will not create a new one "
                "in its place; restore store.db from a backup."
            )
        size = paths.store.stat().st_size
        with paths.store.open("rb") as fh:
            header = fh.read(16)
        if header == SQLITE_HEADER:
            raise NotEncrypted(
                f"{paths.store} is an unencrypted SQLite file, not an hcdesk store; it was not "
                "opened."
            )
        if size == 0 or size % PAGE_SIZE:
            raise StoreDamaged(
                f"The store file {paths.store} is truncated ({size} bytes); restore it from a "
                "backup or sync a fresh copy."
            )
        return keyfile

    def _translate_error(self, context: sa.engine.ExceptionContext) -> BaseException | None:
        """A storage failure in any statement becomes its typed error (see ``storage_error``).

        A damaged page, for one, shows up only when it is first read, in whatever statement
        reads it: opening checks only the first page. The transaction is rolled back.
        """
        return storage_error(context.original_exception, self.paths.root, self.busy_wait_s)

    def _verify_key(self, from_keyring: bool) -> None:
        # A bare DB-API connection, closed here whatever happens. Through SQLAlchemy, the failed
        # statement stays referenced from the traceback, and SQLite keeps the file open (and
        # its new -wal and -shm files on disk) until the garbage collector finalises it.
        problem: str | None = None
        try:
            conn = self._connect()
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
            finally:
                conn.close()
        except DBAPI_ERRORS as exc:
            typed = storage_error(exc, self.paths.root, self.busy_wait_s)
            if typed is not None and not isinstance(typed, StoreDamaged):
                raise typed from None  # busy, full or unreadable: not a wrong key
            problem = _short(exc)
        if problem is None:
            return
        if from_keyring:
            raise KeyringUnavailable(
                "The key in the OS keyring does not open this store; unlock with your passphrase."
            )
        raise StoreDamaged(
            f"The store file {self.paths.store} is damaged or does not belong to this "
            f"profile's key file ({problem})."
        )

    def _load_identity(self) -> None:
        with self.session() as s:
            state = {k: v for k, v in s.execute(sa.select(SyncState.key, SyncState.value))}
        self.device_id = state.get("device_id", "")
        self.officer = state.get("officer", "")
        self.node_id = state.get("node_id", "")

    # -- connections and sessions -------------------------------------------------------------
    _path_override: Path | None = None

    def _connect(self) -> Any:
        with self._lock:
            if self._key is None:
                raise StoreLocked("The store is locked.")
            key = None if self._plain else bytes(self._key)
            path = self._path_override or self.paths.store
        return raw_connect(path, key, create=self._plain, busy_wait_s=self.busy_wait_s)

    def engine_or_raise(self) -> sa.Engine:
        if self.engine is None:
            raise StoreLocked("The store is locked.")
        return self.engine

    @property
    def locked(self) -> bool:
        return self.engine is None

    def session(
        self, *, actor: str | None = None, reason: str | None = None, write: bool = False
    ) -> Session:
        """A new Session. The caller owns the transaction (``with s.begin(): ...``).

        ``actor`` and ``reason`` are recorded in the audit trail for every change the session
        makes. ``write=True`` takes SQLite's write lock when the transaction begins.
        """
        engine = self.engine_or_raise()
        bind = engine.execution_options(sqlite_begin="IMMEDIATE") if write else engine
        session = self._sessions(bind=bind)
        tracking.attach(session, self, actor=actor or self.officer, reason=reason)
        return session

    @contextlib.contextmanager
    def transaction(
        self, *, actor: str | None = None, reason: str | None = None
    ) -> Iterator[Session]:
        """A write session in one transaction: committed on success, rolled back on error."""
        with self.session(actor=actor, reason=reason, write=True) as s, s.begin():
            yield s

    # -- locking and keys ----------------------------------------------------------------------
    def lock(self) -> None:
        """Close every connection and forget the key (as far as Python allows)."""
        self.close()

    def close(self) -> None:
        with self._lock:
            if self.engine is not None:
                self.engine.dispose()
                self.engine = None
            if self._key is not None:
                for i in range(len(self._key)):
                    self._key[i] = 0
                self._key = None

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the store file and empty it.

        Only housekeeping: what was committed is already durable in the log. Callers that have
        committed work treat a failure here (a full disk) as a warning, never as a failed save.
        """
        with self.engine_or_raise().connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-wrap the database key under a new passphrase; the data is not re-encrypted."""
        with self._lock:
            if self._key is None:
                raise StoreLocked("The store is locked.")
            key = bytes(self._key)
        current = KeyFile.load(self.paths.keyfile)
        if current.unwrap(old) != key:
            raise StoreDamaged("The key file no longer matches the open store.")
        current.rewrap(key, new)
        current.save(self.paths.keyfile)
        self.keyfile = current

    def set_keyring(self, enabled: bool) -> None:
        """Remember (or forget) the database key in the OS keyring.

        Forgetting first records in the key file that the profile no longer unlocks from the
        keyring, then removes the keyring's copy. If the keyring cannot be reached to remove
        it, :class:`KeyringKeyNotRemoved` says so: the copy may still be there.
        """
        with self._lock:
            if self._key is None:
                raise StoreLocked("The store is locked.")
            key = bytes(self._key)
        if enabled:
            secrets.store_key(self.keyfile.store_id, key)
            self.keyfile.keyring = True
            self.keyfile.save(self.paths.keyfile)
            return
        if self.keyfile.keyring:
            self.keyfile.keyring = False
            self.keyfile.save(self.paths.keyfile)
        try:
            secrets.forget_key(self.keyfile.store_id)
        except KeyringUnavailable:
            raise KeyringKeyNotRemoved(
                "This profile no longer unlocks from the OS keyring, but "
                f"{secrets.where()} could not be reached to remove any copy of its key. When "
                "the keyring works again, run this again, or delete the entry "
                f"{secrets.entry_name(self.keyfile.store_id)} there yourself."
            ) from None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _short(exc: BaseException) -> str:
    orig = getattr(exc, "orig", exc)
    return str(orig).splitlines()[0][:120]


__all__ = ["KEY_FILE", "STORE_FILE", "ProfilePaths", "Store"]
