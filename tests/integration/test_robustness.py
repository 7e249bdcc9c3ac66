"""Victim data never reaches the disk in the clear; damaged profiles are refused, never replaced;
a crash mid-import leaves all of it or none of it.

Real SQLCipher files and real processes throughout: the CLI runs as ``python -m hcdesk``.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import sqlcipher3
from clikit import cli_env, hcdesk, one_clear_line
from testvalues import PASSPHRASE

from hcdesk.errors import (
    FutureSchema,
    NotEncrypted,
    StoreDamaged,
    StoreError,
    WrongPassphrase,
)
from hcdesk.interchange import exporter, importer
from hcdesk.models import AuditEvent, CaseFile, HostilityEvidence, Outbox, Person, VictimWish
from hcdesk.store import audit, search
from hcdesk.store.keys import KeyFile
from hcdesk.store.store import PAGE_SIZE, Store

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

ASCII_CANARY = "qzcanary7319wx"
UNICODE_CANARY = "Żółćkanarekŝ7319ü"


# -- helpers -----------------------------------------------------------------------------------
def snapshot(profile: Path) -> dict[str, str]:
    """sha256 of every file in the profile (a new or vanished file shows up as a new name)."""
    return {
        str(p.relative_to(profile)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(profile.rglob("*"))
        if p.is_file()
    }


WHO = ("--recipient", "CPS West Midlands", "--reason", "file for trial")


def case_doc(ref: str, *, text: str = "", big: int = 0) -> dict[str, Any]:
    """A case; ``big`` repeats a sentence that many times, spread over narratives of at most
    3,000 sentences (84,000 characters) each, as a narrative holds at most 100,000."""
    tag = f" {text}" if text else ""
    long_words = [
        {
            "id": str(uuid.uuid4()),
            "limb": "DEMONSTRATED",
            "timing": "DURING",
            "words_or_conduct": "Charge under s.31 CDA 1998. " * 3_000,
            "source": "OTHER",
        }
        for _ in range(max(0, big - 3_000) // 3_000)
    ]
    return {
        "id": str(uuid.uuid4()),
        "local_ref": ref,
        "record_type": "HATE_CRIME",
        "summary": f"Abuse shouted in the street{tag}",
        "place": "Nuneaton",
        "cps_charging_decision": "Charge under s.31 CDA 1998. " * min(big, 3_000) or None,
        "victim": {
            "id": str(uuid.uuid4()),
            "name": f"Mariam Haddad{tag}",
            "address": f"12 Church Street{tag}",
            "phone": f"07700 {text}"[:40] if text else "07700 900000",
        },
        "wishes": [
            {
                "id": str(uuid.uuid4()),
                "recorded_at": "2025-02-01T09:30:00Z",
                "recorded_by": "PC Test",
                "victim_words": f"I want him stopped{tag}",
            }
        ],
        "hostility_evidence": [
            {
                "id": str(uuid.uuid4()),
                "limb": "DEMONSTRATED",
                "timing": "DURING",
                "words_or_conduct": f"Go back home{tag}",
                "source": "OTHER",
            },
            *long_words,
        ],
    }


def interchange(*cases: dict[str, Any]) -> dict[str, Any]:
    return {"format": "hcdesk-interchange", "version": 1, "cases": list(cases)}


def import_cases(store: Store, *cases: dict[str, Any]) -> None:
    with store.transaction() as s:
        importer.import_document(s, interchange(*cases))


# -- 1. no victim data in the clear ------------------------------------------------------------
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def canary_needles() -> list[bytes]:
    needles = set()
    for canary in (ASCII_CANARY, UNICODE_CANARY):
        forms = {canary, canary.lower(), canary.upper(), _fold(canary)}
        forms.add(_fold(canary).replace("ł", "l"))  # as the search index folds it
        for form in forms:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                needles.add(form.encode(encoding))
    return sorted(needles)


def files_holding_canary(root: Path) -> list[str]:
    hits = []
    needles = canary_needles()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path.name}: {n!r}" for n in needles if n in data]
    return hits


def test_the_canary_scan_finds_plain_text(tmp_path: Path) -> None:
    """Control: the scan does see the canary in an ordinary SQLite file, in every encoding."""
    conn = sqlite3.connect(tmp_path / "plain.db")
    conn.execute("CREATE TABLE t(x)")
    conn.execute("INSERT INTO t VALUES (?)", (f"{ASCII_CANARY} {UNICODE_CANARY}",))
    conn.commit()
    conn.close()
    (tmp_path / "utf16.txt").write_bytes(UNICODE_CANARY.encode("utf-16-le"))
    hits = files_holding_canary(tmp_path)
    assert any(h.startswith("plain.db") for h in hits)
    assert any(h.startswith("utf16.txt") for h in hits)


def _find_canary(profile: Path) -> str:
    """The case holding the canary, found through ordinary queries and search."""
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        (case_id,) = s.scalars(
            sa.select(Person.case_id).where(Person.name.contains(ASCII_CANARY))
        ).all()
        victim = s.scalars(sa.select(Person).where(Person.case_id == case_id)).one()
        assert UNICODE_CANARY in victim.name
        assert UNICODE_CANARY in (victim.address or "")
        assert ASCII_CANARY in (victim.phone or "")
        wish = s.scalars(sa.select(VictimWish).where(VictimWish.case_id == case_id)).one()
        assert UNICODE_CANARY in wish.victim_words
        ev = s.scalars(
            sa.select(HostilityEvidence).where(HostilityEvidence.case_id == case_id)
        ).one()
        assert ASCII_CANARY in ev.words_or_conduct
        case = s.get(CaseFile, case_id)
        assert case is not None and UNICODE_CANARY in (case.summary or "")
        conn = s.connection()
        assert search.search(conn, ASCII_CANARY) == [case_id]
        assert search.search(conn, UNICODE_CANARY) == [case_id]
        assert search.search(conn, _fold(UNICODE_CANARY)) == [case_id]  # diacritics folded
        return case_id


def test_victim_data_never_reaches_the_disk_unencrypted(
    make_store: Callable[..., Store],
) -> None:
    store = make_store()
    profile = store.paths.root
    canaries = f"{ASCII_CANARY} {UNICODE_CANARY}"
    with store.transaction() as s:
        importer.import_document(
            s, interchange(case_doc("L-C-1"), case_doc("L-C-2", text=canaries), case_doc("L-C-3"))
        )
        # Mid-transaction: the data is in SQLite's pages and possibly spilled to the WAL.
        assert files_holding_canary(profile) == []
    # Committed, with the WAL and shared-memory files still in place.
    assert any(p.name.endswith("-wal") for p in profile.iterdir())
    assert files_holding_canary(profile) == []
    store.close()
    assert files_holding_canary(profile) == []
    assert {p.name for p in profile.iterdir()} >= {"store.db", "keyfile.json"}
    _find_canary(profile)


def test_victim_data_imported_through_the_cli_stays_encrypted_and_unprinted(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "profile"
    source = tmp_path / "cases.json"
    doc = interchange(case_doc("L-C-1"), case_doc("L-C-2", text=f"{ASCII_CANARY} {UNICODE_CANARY}"))
    source.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    result = hcdesk("import", source, "--profile", profile)
    assert result.returncode == 0, result.stderr
    assert "Imported 2 cases" in result.stderr
    output = result.stdout + result.stderr
    assert ASCII_CANARY not in output and UNICODE_CANARY not in output
    assert files_holding_canary(profile) == []
    _find_canary(profile)
    # Searching the store from the CLI's export prints nothing either.
    out = tmp_path / "out.json"
    result = hcdesk("export-json", "--profile", profile, "--out", out, *WHO)
    assert result.returncode == 0, result.stderr
    assert ASCII_CANARY not in result.stdout + result.stderr
    assert ASCII_CANARY in out.read_text("utf-8")  # the export itself does hold the data


# -- 2. damaged profiles are refused and left exactly as they were ----------------------------
def _flip(path: Path, offset: int, length: int = 16) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        data = fh.read(length)
        fh.seek(offset)
        fh.write(bytes(b ^ 0xA5 for b in data))


def _raw_keyed(profile: Path) -> Any:
    key = KeyFile.load(profile / "keyfile.json").unwrap(PASSPHRASE)
    conn = sqlcipher3.connect(str(profile / "store.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def flip_page_one_header(profile: Path) -> None:
    _flip(profile / "store.db", 100)


def flip_page_one_body(profile: Path) -> None:
    _flip(profile / "store.db", 2000)


def flip_salt(profile: Path) -> None:
    _flip(profile / "store.db", 0, 8)


def flip_middle(profile: Path) -> None:
    """Damage every page in the middle fifth of the file: opening can still succeed."""
    store_db = profile / "store.db"
    pages = store_db.stat().st_size // PAGE_SIZE
    for page in range(int(pages * 0.4), int(pages * 0.6)):
        _flip(store_db, page * PAGE_SIZE + 1024)


def truncate_mid_page(profile: Path) -> None:
    store_db = profile / "store.db"
    os.truncate(store_db, store_db.stat().st_size - 1000)


def truncate_to_half(profile: Path) -> None:
    store_db = profile / "store.db"
    os.truncate(store_db, (store_db.stat().st_size // PAGE_SIZE // 2) * PAGE_SIZE)


def empty_store(profile: Path) -> None:
    os.truncate(profile / "store.db", 0)


def plain_sqlite(profile: Path) -> None:
    (profile / "store.db").unlink()
    conn = sqlite3.connect(profile / "store.db")
    conn.execute("CREATE TABLE person(name TEXT)")
    conn.execute("INSERT INTO person VALUES ('someone')")
    conn.commit()
    conn.close()


def future_schema(profile: Path) -> None:
    conn = _raw_keyed(profile)
    try:
        conn.execute("UPDATE alembic_version SET version_num = '0999_from_the_future'")
        conn.commit()
    finally:
        conn.close()


def missing_keyfile(profile: Path) -> None:
    (profile / "keyfile.json").unlink()


def garbled_keyfile(profile: Path) -> None:
    (profile / "keyfile.json").write_text('{"format": "hcdesk-keyfile", "vers', "utf-8")


def missing_store(profile: Path) -> None:
    (profile / "store.db").unlink()


def no_damage(profile: Path) -> None:
    pass


DAMAGE: list[tuple[Callable[[Path], None], str, type[StoreError], str]] = [
    # (damage, passphrase, error, words the message must contain)
    (no_damage, "not the right passphrase", WrongPassphrase, "passphrase"),
    (flip_page_one_header, PASSPHRASE, StoreDamaged, "damaged"),
    (flip_page_one_body, PASSPHRASE, StoreDamaged, "damaged"),
    (flip_salt, PASSPHRASE, StoreDamaged, "damaged"),
    (flip_middle, PASSPHRASE, StoreDamaged, "damaged"),
    (truncate_mid_page, PASSPHRASE, StoreDamaged, "truncated"),
    (truncate_to_half, PASSPHRASE, StoreDamaged, "damaged"),
    (empty_store, PASSPHRASE, StoreDamaged, "truncated"),
    (plain_sqlite, PASSPHRASE, NotEncrypted, "unencrypted"),
    (future_schema, PASSPHRASE, FutureSchema, "newer version"),
    (missing_keyfile, PASSPHRASE, StoreDamaged, "key file is missing"),
    (garbled_keyfile, PASSPHRASE, StoreDamaged, "key file"),
    (missing_store, PASSPHRASE, StoreDamaged, "will not create a new one"),
]


@pytest.fixture
def sample_profile(make_store: Callable[..., Store]) -> Path:
    """A closed profile with a few cases, most of its bytes in one case's record."""
    store = make_store()
    import_cases(store, case_doc("L-D-1"), case_doc("L-D-2", big=20_000), case_doc("L-D-3"))
    store.close()
    return store.paths.root


def _read_everything(profile: Path, passphrase: str) -> None:
    """Open and read every case, as an export does (damage may only show when a page is read)."""
    with Store.open(profile, passphrase) as store, store.session() as s:
        document = exporter.export_cases(s)
        assert len(document["cases"]) == 3
        rows = s.connection().exec_driver_sql("PRAGMA integrity_check").all()
        if rows != [("ok",)]:
            raise StoreDamaged(f"integrity check: {rows[:3]}")


@pytest.mark.parametrize(
    ("damage", "passphrase", "error", "words"),
    DAMAGE,
    ids=[d[0].__name__ for d in DAMAGE],
)
def test_a_damaged_profile_is_refused_and_left_as_it_was(
    sample_profile: Path,
    tmp_path: Path,
    damage: Callable[[Path], None],
    passphrase: str,
    error: type[StoreError],
    words: str,
) -> None:
    damage(sample_profile)
    before = snapshot(sample_profile)

    with pytest.raises(error) as caught:
        _read_everything(sample_profile, passphrase)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message and "Traceback" not in message
    assert snapshot(sample_profile) == before, "the profile was changed"

    # The same through the CLI: one clear line, a non-zero status, nothing written anywhere.
    out = tmp_path / "export.json"
    result = hcdesk(
        "export-json", "--profile", sample_profile, "--out", out, *WHO, env=cli_env(passphrase)
    )
    one_clear_line(result, words)
    assert not out.exists()
    assert snapshot(sample_profile) == before, "the CLI changed the profile"


@pytest.mark.parametrize("damage", [missing_keyfile, missing_store], ids=lambda d: d.__name__)
def test_commands_that_create_profiles_do_not_replace_a_damaged_one(
    sample_profile: Path, damage: Callable[[Path], None]
) -> None:
    """``demo`` and ``import`` make a profile where there is none, never over half of one."""
    damage(sample_profile)
    before = snapshot(sample_profile)
    result = hcdesk("demo", "--profile", sample_profile, "--cases", "1")
    assert "from a backup" in one_clear_line(result, "missing")
    assert snapshot(sample_profile) == before


def test_a_profile_that_was_not_damaged_exports(sample_profile: Path, tmp_path: Path) -> None:
    """Control for the test above: the same steps succeed on the undamaged profile."""
    _read_everything(sample_profile, PASSPHRASE)
    result = hcdesk("export-json", "--profile", sample_profile, "--out", tmp_path / "e.json", *WHO)
    assert result.returncode == 0, result.stderr
    assert len(json.loads((tmp_path / "e.json").read_text("utf-8"))["cases"]) == 3


# -- 3. kill -9 in the middle of a bulk import -------------------------------------------------
CHILD = HERE / "bulk_import_child.py"
# Cases imported (in batches) before the kill. Both runs go side by side to keep the test short.
KILL_POINTS = (250, 1500)
DEMO_CASES = 10_000


def _wait_for(child: subprocess.Popen[str], word: str, deadline: float) -> list[str]:
    lines: list[str] = []
    assert child.stdout is not None
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break  # the child ended
        lines.append(line.strip())
        if line.strip() == word:
            return lines
    child.kill()
    _out, err = child.communicate()
    pytest.fail(f"the import process never said {word!r}: {lines[-5:]} {err[-2000:]}")


@pytest.mark.slow
def test_kill_9_during_a_bulk_import_leaves_all_or_nothing(
    make_store: Callable[..., Store],
) -> None:
    profiles = []
    for point in KILL_POINTS:
        store = make_store(f"kill-at-{point}")
        store.close()
        profiles.append(store.paths.root)
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), str(profile), str(DEMO_CASES), str(point)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(),
            cwd=ROOT,
        )
        for profile, point in zip(profiles, KILL_POINTS, strict=True)
    ]
    deadline = time.monotonic() + 420  # generous: only a hung child should ever reach it
    try:
        for child, profile in zip(children, profiles, strict=True):
            lines = _wait_for(child, "killme", deadline)
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
            assert child.returncode == -signal.SIGKILL
            assert "committed" not in lines
            # The import had written to disk, uncommitted, when it was killed.
            wal = profile / "store.db-wal"
            assert wal.exists() and wal.stat().st_size > 1_000_000
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
            child.communicate()

    for profile in profiles:
        with Store.open(profile, PASSPHRASE) as store:
            with store.session() as s:
                conn = s.connection()
                assert conn.exec_driver_sql("PRAGMA integrity_check").all() == [("ok",)]
                cases = s.scalar(sa.select(sa.func.count()).select_from(CaseFile))
                people = s.scalar(sa.select(sa.func.count()).select_from(Person))
                audit_events = s.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
                outbox = s.scalar(sa.select(sa.func.count()).select_from(Outbox))
                assert cases in (0, DEMO_CASES)
                if cases == 0:  # nothing at all: no orphans, no outbox entries, no audit events
                    assert (people, audit_events, outbox) == (0, 0, 0)
                    assert search.search(conn, "L-DEMO") == []
                assert audit.verify(s).ok
            # The store goes on working: a new import is saved and found.
            import_cases(store, case_doc("L-AFTER-1", text="afterthekill"))
            with store.session() as s:
                assert len(search.search(s.connection(), "afterthekill")) == 1
                assert audit.verify(s).ok
