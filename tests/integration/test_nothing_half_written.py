"""Full disks, busy profiles and broken keyrings: nothing half-written, every status true.

Real processes (``python -m hcdesk``), real SQLCipher stores and real small disks (a tmpfs that
really fills up; see tests/diskkit.py). After every failure the data is checked: the file is
complete or absent, ``PRAGMA integrity_check`` is ok, the audit chain verifies, no disclosure
was logged for a file that is not there, and every case is still there.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from clikit import Ran, cli_env, count, hcdesk, integrity, one_clear_line
from diskkit import fill, listing, small_disk
from testvalues import PASSPHRASE

from hcdesk import demo
from hcdesk.interchange import exporter, importer
from hcdesk.models import AuditEvent, CaseFile
from hcdesk.models.enums import AuditOperation
from hcdesk.store.keys import KeyFile
from hcdesk.store.store import Store

CASES = 20


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    profile = tmp_path_factory.mktemp("half") / "profile"
    made = hcdesk("demo", "--profile", profile, "--cases", str(CASES), "--officer", "PC Disk")
    assert made.returncode == 0, made.stderr
    return profile


@pytest.fixture
def profile(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "profile"
    shutil.copytree(template, copy)
    return copy


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "disk", 4096) as mounted:
        yield mounted


def without_first_line(result: Ran) -> Ran:
    rest = result.stderr.split("\n", 1)[1]
    return Ran(result.args, result.returncode, result.stdout, rest)


def more_cases(folder: Path, n: int) -> Path:
    """An interchange file of ``n`` demo cases that follow on from the profile's own."""
    out = folder / f"more-{n}.json"
    out.write_text(exporter.dumps(demo.generate(n, seed=7, start_index=CASES + 1)), "utf-8")
    return out


def a_case_ref(profile: Path) -> str:
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        return str(s.scalar(sa.select(CaseFile.local_ref).order_by(CaseFile.local_ref)))


def disclosures(profile: Path) -> int:
    return count(profile, AuditEvent, operation=AuditOperation.DISCLOSURE)


WHO = ("--recipient", "CPS West Midlands", "--reason", "file for trial")


def assert_intact(profile: Path, cases: int = CASES) -> None:
    assert integrity(profile) == "ok"
    verified = hcdesk("audit", "verify", "--profile", profile)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert count(profile, CaseFile) == cases


# -- exports onto a nearly full disk ----------------------------------------------------------
def test_a_summary_that_does_not_fit_leaves_no_file_and_logs_no_disclosure(
    profile: Path, disk: Path
) -> None:
    fill(disk, leave_kib=40)  # a summary PDF is about 60 KiB: some of it fits, not all
    before = disclosures(profile)
    out = disk / "summary.pdf"
    result = hcdesk("summary", a_case_ref(profile), "--profile", profile, "--out", out, *WHO)
    assert result.returncode == 5
    one_clear_line(result, str(out), "disk is full")
    assert listing(disk) == ["filler"]  # no cut-off PDF, no temporary file
    assert disclosures(profile) == before
    assert_intact(profile)


def test_when_the_annex_does_not_fit_neither_file_is_left_and_nothing_is_logged(
    profile: Path, disk: Path, tmp_path: Path
) -> None:
    """The disclosable summary fits, its annex does not: no file at all, no disclosure."""
    ref = a_case_ref(profile)
    roomy = tmp_path / "roomy"
    roomy.mkdir()
    trial = hcdesk("summary", ref, "--profile", profile, "--out", roomy / "s.pdf", *WHO)
    assert trial.returncode == 0, trial.stderr
    main_kib = (roomy / "s.pdf").stat().st_size // 1024
    annex_kib = (roomy / "s-annex.pdf").stat().st_size // 1024
    assert annex_kib > 24  # room for the first file and half the second is a real gap
    fill(disk, leave_kib=main_kib + 8 + annex_kib // 2)
    before = disclosures(profile)
    out = disk / "summary.pdf"
    result = hcdesk("summary", ref, "--profile", profile, "--out", out, *WHO)
    assert result.returncode == 5
    one_clear_line(result, "summary-annex.pdf", "disk is full")
    assert listing(disk) == ["filler"]  # the staged disclosable file was taken back too
    assert disclosures(profile) == before
    assert_intact(profile)


def test_a_summary_that_fits_is_complete_and_logged(profile: Path, disk: Path) -> None:
    out = disk / "summary.pdf"
    result = hcdesk("summary", a_case_ref(profile), "--profile", profile, "--out", out, *WHO)
    assert result.returncode == 0, result.stderr
    for path in (out, disk / "summary-annex.pdf"):
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        assert f"to {path} (SHA-256 " in result.stderr
    assert listing(disk) == ["summary-annex.pdf", "summary.pdf"]
    assert disclosures(profile) == 1


def test_a_json_export_that_does_not_fit_leaves_no_file_and_logs_no_disclosure(
    profile: Path, disk: Path
) -> None:
    fill(disk, leave_kib=100)  # twenty demo cases are several hundred KiB of JSON
    before = disclosures(profile)
    out = disk / "cases.json"
    result = hcdesk("export-json", "--profile", profile, "--out", out, *WHO)
    assert result.returncode == 5
    one_clear_line(result, str(out), "disk is full")
    assert listing(disk) == ["filler"]
    assert disclosures(profile) == before
    assert_intact(profile)


def test_a_failed_export_leaves_an_earlier_file_of_that_name_as_it_was(
    profile: Path, disk: Path
) -> None:
    out = disk / "cases.json"
    out.write_text('{"earlier": true}\n', "utf-8")
    fill(disk, leave_kib=100)
    result = hcdesk("export-json", "--profile", profile, "--out", out, *WHO)
    one_clear_line(result, "disk is full")
    assert json.loads(out.read_text("utf-8")) == {"earlier": True}
    assert listing(disk) == ["cases.json", "filler"]


# -- the store on a full disk -------------------------------------------------------------------
def test_an_import_onto_a_full_disk_exits_5_and_keeps_the_store(
    profile: Path, tmp_path: Path
) -> None:
    exported = more_cases(tmp_path, 60)
    size_kib = sum(p.stat().st_size for p in profile.iterdir()) // 1024
    with small_disk(tmp_path / "disk", size_kib + 600) as disk:
        on_disk = disk / "profile"
        shutil.copytree(profile, on_disk)
        result = hcdesk("import", exported, "--profile", on_disk)
        assert result.returncode == 5
        one_clear_line(result, str(on_disk), "disk holding the profile", "full")
        assert_intact(on_disk)
        demo = hcdesk("demo", "--profile", on_disk, "--cases", "300")
        assert demo.returncode == 5
        one_clear_line(demo, "full")
        assert_intact(on_disk)


def test_an_import_that_committed_exits_0_when_only_tidying_up_fails(
    profile: Path, tmp_path: Path
) -> None:
    """The import is in the write-ahead log; folding the log into the file needs more space."""
    exported = more_cases(tmp_path, 60)
    # Measure the same import on a roomy disk: the log it writes, and how much the store file
    # grows when the log is folded in. A disk with room for the log but for only half the
    # growth lets the import commit and fails only the fold.
    trial = tmp_path / "trial"
    shutil.copytree(profile, trial)
    before = (trial / "store.db").stat().st_size
    with Store.open(trial, PASSPHRASE) as store:
        with store.transaction() as s:
            importer.import_document(s, importer.load_file(exported))
        wal = (trial / "store.db-wal").stat().st_size
    growth = (trial / "store.db").stat().st_size - before
    assert growth > 512 * 1024
    base = sum(p.stat().st_size for p in profile.iterdir())
    size_kib = (base + wal + 64 * 1024 + growth // 2) // 1024
    with small_disk(tmp_path / "disk", size_kib) as disk:
        on_disk = disk / "profile"
        shutil.copytree(profile, on_disk)
        result = hcdesk("import", exported, "--profile", on_disk)
        assert result.returncode == 0, result.stderr
        assert "Imported 60 cases" in result.stderr
        assert "could not yet fold its log" in result.stderr
        assert "nothing is lost" in result.stderr
        assert_intact(on_disk, CASES + 60)


def test_a_profile_half_made_on_a_full_disk_is_cleared_and_the_next_try_makes_it(
    tmp_path: Path,
) -> None:
    with small_disk(tmp_path / "disk", 2048) as disk:
        filler = fill(disk, leave_kib=120)
        target = disk / "new-profile"
        result = hcdesk("demo", "--profile", target, "--cases", "2")
        assert result.returncode == 5
        assert result.stderr.startswith(f"Creating a new profile at {target}.")
        one_clear_line(without_first_line(result), "full")
        assert not target.exists()  # nothing half-made is left to refuse the next try
        filler.unlink()
        again = hcdesk("demo", "--profile", target, "--cases", "2")
        assert again.returncode == 0, again.stderr
        assert_intact(target, 2)


def test_a_new_profile_is_made_over_what_a_killed_creation_left(tmp_path: Path) -> None:
    target = tmp_path / "new-profile"
    target.mkdir()
    (target / ".store.db.creating").write_bytes(b"\x13" * 4096)
    (target / ".store.db.creating-wal").write_bytes(b"\x00" * 100)
    (target / ".keyfile.json.0a1b2c3d.hcdesk-tmp").write_bytes(b"{")
    result = hcdesk("demo", "--profile", target, "--cases", "1")
    assert result.returncode == 0, result.stderr
    assert listing(target) == ["keyfile.json", "store.db"]
    assert_intact(target, 1)


def test_a_directory_with_other_files_is_still_refused(tmp_path: Path) -> None:
    target = tmp_path / "not-a-profile"
    target.mkdir()
    (target / ".store.db.creating").write_bytes(b"\x13" * 4096)
    (target / "notes.txt").write_text("mine", "utf-8")
    one_clear_line(hcdesk("demo", "--profile", target), "not empty")
    assert listing(target) == [".store.db.creating", "notes.txt"]


def test_a_passphrase_change_on_a_full_disk_keeps_the_old_key_file(
    profile: Path, tmp_path: Path
) -> None:
    with small_disk(tmp_path / "disk", 4096) as disk:
        on_disk = disk / "profile"
        shutil.copytree(profile, on_disk)
        keyfile = (on_disk / "keyfile.json").read_bytes()
        env = cli_env(HCDESK_NEW_PASSPHRASE="amber lantern over quiet water")
        # Another connection keeps the store's log files in being, so the command can open
        # the store on a disk that is then filled to the last byte.
        with Store.open(on_disk, PASSPHRASE) as other, other.session() as s:
            s.execute(sa.text("SELECT count(*) FROM case_file")).scalar()
            fill(disk, leave_kib=0)
            result = hcdesk("passphrase", "--profile", on_disk, env=env)
        assert result.returncode == 5
        one_clear_line(result, "keyfile.json", "disk is full")
        assert (on_disk / "keyfile.json").read_bytes() == keyfile
        assert not [n for n in listing(on_disk) if n.endswith(".hcdesk-tmp")]
        (disk / "filler").unlink()
        assert_intact(on_disk)  # the old passphrase still opens it


# -- a busy profile -------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["import", "export-json", "summary"])
def test_a_command_on_a_busy_profile_waits_then_says_so(
    profile: Path, tmp_path: Path, command: str
) -> None:
    """Another program holds the profile's write lock, as a large import does for its length."""
    ref = a_case_ref(profile)
    exported = more_cases(tmp_path, 2)
    out = tmp_path / "out"
    args = {
        "import": ["import", exported],
        "export-json": ["export-json", "--out", out, *WHO],
        "summary": ["summary", ref, "--out", out, *WHO],
    }[command]
    before = disclosures(profile)
    with Store.open(profile, PASSPHRASE) as other, other.transaction(reason="a long import") as s:
        s.execute(sa.text("SELECT 1"))  # the transaction, and its write lock, begin here
        result = hcdesk(*args, "--profile", profile, "--wait", "0.5")
    assert result.returncode == 6
    one_clear_line(result, str(profile), "in use by another hcdesk program", "0.5 s")
    assert not out.exists()
    assert disclosures(profile) == before
    assert_intact(profile)
    again = hcdesk(*args, "--profile", profile)  # once the other program is done, it works
    assert again.returncode == 0, again.stderr


def test_the_wait_must_be_a_sensible_number_of_seconds(profile: Path) -> None:
    for bad in ("soon", "-1", "nan", "1e9"):
        result = hcdesk("audit", "verify", "--profile", profile, "--wait", bad)
        assert result.returncode == 2
        assert "seconds" in result.stderr


# -- the OS keyring -------------------------------------------------------------------------------
def keyring_env(kind: str, tmp_path: Path, passphrase: str | None = PASSPHRASE) -> dict[str, str]:
    return cli_env(
        passphrase,
        PYTHON_KEYRING_BACKEND=f"testkeyrings.{kind}",
        HCDESK_TEST_KEYRING=str(tmp_path / "keyring.json"),
    )


def test_keyring_unlock_falls_back_to_the_passphrase_and_says_why(
    profile: Path, tmp_path: Path
) -> None:
    on = hcdesk("keyring", "on", "--profile", profile, env=keyring_env("FileKeyring", tmp_path))
    assert on.returncode == 0, on.stderr
    locked = keyring_env("LockedKeyring", tmp_path)
    result = hcdesk("audit", "verify", "--profile", profile, "--keyring", env=locked)
    assert result.returncode == 0, result.stderr
    assert "Audit trail intact" in result.stdout
    assert "could not be read" in result.stderr
    assert "Using the passphrase from HCDESK_PASSPHRASE" in result.stderr
    without = keyring_env("LockedKeyring", tmp_path, passphrase=None)
    refused = hcdesk("audit", "verify", "--profile", profile, "--keyring", env=without)
    one_clear_line(refused, "passphrase")


def test_keyring_off_with_a_locked_keyring_does_not_claim_the_key_was_removed(
    profile: Path, tmp_path: Path
) -> None:
    on = hcdesk("keyring", "on", "--profile", profile, env=keyring_env("FileKeyring", tmp_path))
    assert on.returncode == 0, on.stderr
    assert len(keyring_entries(tmp_path)) == 1
    locked = keyring_env("LockedKeyring", tmp_path)
    result = hcdesk("keyring", "off", "--profile", profile, env=locked)
    assert result.returncode == 1
    line = one_clear_line(result, "no longer unlocks from the OS keyring", "could not be reached")
    assert "was removed" not in line
    assert KeyFile.load(profile / "keyfile.json").keyring is False
    assert len(keyring_entries(tmp_path)) == 1  # the copy is still there, as the line says
    # Once the keyring works again, the same command removes the copy and says so.
    again = hcdesk("keyring", "off", "--profile", profile, env=keyring_env("FileKeyring", tmp_path))
    assert again.returncode == 0, again.stderr
    assert "no copy of its key is left" in again.stderr
    assert keyring_entries(tmp_path) == {}


def test_keyring_off_removes_the_key_and_says_so(profile: Path, tmp_path: Path) -> None:
    env = keyring_env("FileKeyring", tmp_path)
    assert hcdesk("keyring", "on", "--profile", profile, env=env).returncode == 0
    result = hcdesk("keyring", "off", "--profile", profile, env=env)
    assert result.returncode == 0, result.stderr
    assert "was removed from" in result.stderr
    assert keyring_entries(tmp_path) == {}


def keyring_entries(tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "keyring.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else {}
