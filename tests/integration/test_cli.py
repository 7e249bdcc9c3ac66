"""The ``hcdesk`` command line, run as a real process (``python -m hcdesk``).

The passphrase comes from HCDESK_PASSPHRASE and the OS keyring is the failing backend, as on a
server or in CI: nothing may wait for a prompt or touch a real keyring.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import sqlcipher3
from clikit import Ran, cli_env, count, hcdesk, one_clear_line
from testvalues import PASSPHRASE

from hcdesk.models import AuditEvent, CaseFile, Outbox
from hcdesk.models.enums import AuditOperation
from hcdesk.store import audit
from hcdesk.store.keys import KdfParams, KeyFile
from hcdesk.store.store import Store

NEW_PASSPHRASE = "amber lantern over quiet water"

WHO = ("--recipient", "CPS West Midlands", "--reason", "file for trial")


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Ran]:
    """A profile made once by ``hcdesk demo`` (with the real default key derivation cost)."""
    profile = tmp_path_factory.mktemp("cli") / "demo-profile"
    result = hcdesk("demo", "--profile", profile, "--cases", "20", "--officer", "PC Cli")
    assert result.returncode == 0, result.stderr
    return profile, result


@pytest.fixture
def demo_profile(demo_template: tuple[Path, Any], tmp_path: Path) -> Path:
    """A private copy of the demo profile for one test."""
    profile = tmp_path / "demo-profile"
    shutil.copytree(demo_template[0], profile)
    return profile


# -- demo ----------------------------------------------------------------------------------------
def test_demo_creates_the_profile_and_adds_cases(
    demo_template: tuple[Path, Ran],
) -> None:
    profile, result = demo_template
    assert "Creating a new profile" in result.stderr
    assert "Added 20 synthetic demo cases" in result.stderr
    assert sorted(p.name for p in profile.iterdir()) == ["keyfile.json", "store.db"]
    assert count(profile, CaseFile) == 20
    kdf = KeyFile.load(profile / "keyfile.json").kdf
    assert (kdf.time_cost, kdf.memory_kib) == (KdfParams().time_cost, KdfParams().memory_kib)
    with Store.open(profile, PASSPHRASE) as store:
        assert store.officer == "PC Cli"
        with store.session() as s:
            assert audit.verify(s).ok
            assert s.scalar(sa.select(sa.func.count()).select_from(Outbox)) > 20


def test_demo_adds_to_an_existing_profile(demo_profile: Path) -> None:
    result = hcdesk("demo", "--profile", demo_profile, "--cases", "5")
    assert result.returncode == 0, result.stderr
    assert "Added 5 synthetic demo cases" in result.stderr
    assert "Creating a new profile" not in result.stderr
    with Store.open(demo_profile, PASSPHRASE) as store, store.session() as s:
        refs = list(s.scalars(sa.select(CaseFile.local_ref)))
    assert len(refs) == len(set(refs)) == 25


def test_demo_refuses_a_directory_with_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("keep me", "utf-8")
    result = hcdesk("demo", "--profile", folder, "--cases", "2")
    one_clear_line(result, "not empty")
    assert sorted(p.name for p in folder.iterdir()) == ["letter.txt"]


def test_a_new_profile_refuses_a_weak_passphrase(tmp_path: Path) -> None:
    result = hcdesk("demo", "--profile", tmp_path / "p", "--cases", "1", env=cli_env("short"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    # The guidance shown before asking, then the refusal.
    assert result.stderr.splitlines()[-1].startswith("hcdesk: That passphrase is too short.")
    assert not (tmp_path / "p" / "store.db").exists()
    assert not (tmp_path / "p" / "keyfile.json").exists()


# -- export ----------------------------------------------------------------------------------
def test_export_one_case_records_the_disclosure(demo_profile: Path, tmp_path: Path) -> None:
    with Store.open(demo_profile, PASSPHRASE) as store, store.session() as s:
        case = s.scalars(sa.select(CaseFile).order_by(CaseFile.local_ref).limit(1)).one()
        reference, case_id = case.reference, case.id
    out = tmp_path / "for-cps.json"
    result = hcdesk(
        "export-json",
        "--profile",
        demo_profile,
        "--case",
        reference,
        "--out",
        out,
        "--recipient",
        "CPS West Midlands",
        "--reason",
        "charging file",
    )
    assert result.returncode == 0, result.stderr
    assert "NOT encrypted" in result.stderr
    data = out.read_bytes()
    document = json.loads(data)
    assert [c["id"] for c in document["cases"]] == [case_id]
    assert stat_mode(out) & 0o077 == 0  # readable by the officer only
    with Store.open(demo_profile, PASSPHRASE) as store, store.session() as s:
        (event,) = s.scalars(
            sa.select(AuditEvent).where(AuditEvent.operation == AuditOperation.DISCLOSURE)
        ).all()
        assert event.case_id == case_id
        assert event.recipient == "CPS West Midlands"
        assert event.reason == "charging file"
        assert event.details["sha256"] == hashlib.sha256(data).hexdigest()
        assert event.details["file"] == "for-cps.json"
        assert audit.verify(s).ok


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_export_of_an_unknown_case_writes_nothing(demo_profile: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    events = count(demo_profile, AuditEvent)
    result = hcdesk(
        "export-json", "--profile", demo_profile, "--case", "NO-SUCH", "--out", out, *WHO
    )
    one_clear_line(result, "NO-SUCH")
    assert not out.exists()
    assert count(demo_profile, AuditEvent) == events  # no disclosure was recorded


# -- import ----------------------------------------------------------------------------------
def _case(ref: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "local_ref": ref,
        "record_type": "HATE_CRIME",
        "victim": {"id": str(uuid.uuid4()), "name": "Sunita Sharma"},
    }


def test_import_with_errors_lists_every_problem_and_imports_nothing(
    demo_profile: Path, tmp_path: Path
) -> None:
    good = _case("L-IMP-1")
    bad_date = _case("L-IMP-2")
    bad_date["incident_date"] = "31/02/2025"
    bad_enum = _case("L-IMP-3")
    bad_enum["record_type"] = "HATE"
    no_name = _case("L-IMP-4")
    del no_name["victim"]["name"]
    source = tmp_path / "cases.json"
    source.write_text(
        json.dumps(
            {
                "format": "hcdesk-interchange",
                "version": 1,
                "cases": [good, bad_date, bad_enum, no_name],
            }
        ),
        "utf-8",
    )
    before = count(demo_profile, CaseFile), count(demo_profile, AuditEvent)
    result = hcdesk("import", source, "--profile", demo_profile)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "3 problems" in result.stderr and "nothing was saved" in result.stderr
    for path in (
        "cases[1].incident_date",
        "cases[2].record_type",
        "cases[3].victim.name",
    ):
        assert path in result.stderr, path
    assert (count(demo_profile, CaseFile), count(demo_profile, AuditEvent)) == before


def test_import_of_a_broken_file_says_where(demo_profile: Path, tmp_path: Path) -> None:
    source = tmp_path / "cut-short.json"
    source.write_text('{"format": "hcdesk-interchange", "version": 1, "cases": [', "utf-8")
    result = hcdesk("import", source, "--profile", demo_profile)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "not valid JSON at line 1" in result.stderr
    assert count(demo_profile, CaseFile) == 20


def test_import_then_export_round_trips(demo_profile: Path, tmp_path: Path) -> None:
    exported = tmp_path / "all.json"
    assert hcdesk("export-json", "--profile", demo_profile, "--out", exported, *WHO).returncode == 0
    fresh = tmp_path / "fresh"
    result = hcdesk("import", exported, "--profile", fresh)
    assert result.returncode == 0, result.stderr
    assert "Imported 20 cases" in result.stderr
    again = tmp_path / "again.json"
    assert hcdesk("export-json", "--profile", fresh, "--out", again, *WHO).returncode == 0
    assert json.loads(again.read_text("utf-8")) == json.loads(exported.read_text("utf-8"))


# -- unlocking -----------------------------------------------------------------------------------
def test_a_wrong_passphrase_is_one_line(demo_profile: Path, tmp_path: Path) -> None:
    before = (demo_profile / "store.db").read_bytes()
    for args in (
        ("export-json", "--profile", demo_profile, "--out", tmp_path / "x.json", *WHO),
        ("audit", "verify", "--profile", demo_profile),
        ("demo", "--profile", demo_profile, "--cases", "1"),
        ("passphrase", "--profile", demo_profile),
    ):
        result = hcdesk(*args, env=cli_env("a wrong passphrase", HCDESK_NEW_PASSPHRASE="x" * 20))
        one_clear_line(result, "passphrase does not unlock")
    assert (demo_profile / "store.db").read_bytes() == before
    assert not (tmp_path / "x.json").exists()


def test_no_passphrase_and_no_keyring_is_one_line(demo_profile: Path) -> None:
    result = hcdesk("audit", "verify", "--profile", demo_profile, env=cli_env(None))
    one_clear_line(result, "HCDESK_PASSPHRASE")


def test_keyring_unavailable_is_one_line(demo_profile: Path) -> None:
    result = hcdesk("keyring", "on", "--profile", demo_profile)
    one_clear_line(result, "passphrase")
    assert KeyFile.load(demo_profile / "keyfile.json").keyring is False
    # --keyring with no way to the key: the passphrase from HCDESK_PASSPHRASE, saying why ...
    result = hcdesk("audit", "verify", "--profile", demo_profile, "--keyring")
    assert result.returncode == 0, result.stderr
    assert "not set up to unlock from the OS keyring" in result.stderr
    assert "Using the passphrase from HCDESK_PASSPHRASE" in result.stderr
    # ... and without a passphrase either, one clear line.
    result = hcdesk("audit", "verify", "--profile", demo_profile, "--keyring", env=cli_env(None))
    one_clear_line(result, "passphrase")


def test_passphrase_command_changes_the_passphrase(demo_profile: Path) -> None:
    result = hcdesk(
        "passphrase", "--profile", demo_profile, env=cli_env(HCDESK_NEW_PASSPHRASE=NEW_PASSPHRASE)
    )
    assert result.returncode == 0, result.stderr
    assert "Passphrase changed" in result.stderr
    one_clear_line(hcdesk("audit", "verify", "--profile", demo_profile), "does not unlock")
    result = hcdesk("audit", "verify", "--profile", demo_profile, env=cli_env(NEW_PASSPHRASE))
    assert result.returncode == 0, result.stderr
    assert count(demo_profile, CaseFile, NEW_PASSPHRASE) == 20


def test_passphrase_command_refuses_a_weak_one(demo_profile: Path) -> None:
    keyfile = (demo_profile / "keyfile.json").read_bytes()
    result = hcdesk(
        "passphrase", "--profile", demo_profile, env=cli_env(HCDESK_NEW_PASSPHRASE="password")
    )
    one_clear_line(result, "too short")
    assert (demo_profile / "keyfile.json").read_bytes() == keyfile
    assert count(demo_profile, CaseFile) == 20


# -- audit verify --------------------------------------------------------------------------------
def test_audit_verify_intact_and_tampered(demo_profile: Path) -> None:
    events = count(demo_profile, AuditEvent)
    assert events >= 7
    result = hcdesk("audit", "verify", "--profile", demo_profile)
    assert result.returncode == 0, result.stderr
    assert f"Audit trail intact: {events} events from 1 device(s)." in result.stdout

    key = KeyFile.load(demo_profile / "keyfile.json").unwrap(PASSPHRASE)
    conn = sqlcipher3.connect(str(demo_profile / "store.db"))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("UPDATE audit_event SET actor = 'someone else' WHERE seq = 7")
        conn.commit()
    finally:
        conn.close()

    result = hcdesk("audit", "verify", "--profile", demo_profile)
    assert result.returncode not in (0, 70)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"AUDIT TRAIL BROKEN: 1 problem(s) in {events} events")
    assert "event 7: content was altered after it was written" in lines[1]


@pytest.mark.parametrize(
    "args",
    [
        ("audit", "verify"),
        ("export-json", "--out", "{tmp}/x.json", *WHO),
        ("keyring", "off"),
    ],
    ids=["audit-verify", "export-json", "keyring"],
)
def test_commands_that_read_a_profile_do_not_create_one(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """A mistyped --profile is reported; only demo and import make a new profile."""
    missing = tmp_path / "mistyped"
    result = hcdesk(*(a.format(tmp=tmp_path) for a in args), "--profile", missing)
    one_clear_line(result, "no hcdesk profile")
    assert not missing.exists()
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize("command", [("--version",), ("--help",), ("import", "--help")])
def test_version_and_help(command: tuple[str, ...]) -> None:
    result = hcdesk(*command)
    assert result.returncode == 0
    assert "hcdesk" in result.stdout


def test_the_installed_entry_point_runs() -> None:
    script = Path(sys.executable).with_name("hcdesk")
    if not script.exists():
        pytest.skip("the hcdesk script is not installed next to this Python")
    result = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("hcdesk ")


# -- the pre-flight check --------------------------------------------------------------------------


def test_a_summary_waits_for_the_pre_flight_check(demo_profile: Path, tmp_path: Path) -> None:
    from hcdesk.models import HostilityEvidence

    with Store.open(demo_profile, PASSPHRASE) as store, store.transaction(reason="test") as s:
        case = s.scalars(
            sa.select(CaseFile)
            .join(HostilityEvidence, HostilityEvidence.case_id == CaseFile.id)
            .where(CaseFile.record_type == "HATE_CRIME")
            .order_by(CaseFile.local_ref)
            .limit(1)
        ).one()
        case.perceived_by = []  # hostility evidence, but nobody recorded as perceiving it
        reference = case.reference
    out = tmp_path / "summary.pdf"
    args = ("--profile", demo_profile, "--out", out, "--recipient", "CPS", "--reason", "file")
    refused = hcdesk("summary", reference, *args)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "Not exported: the pre-flight check found" in refused.stderr
    assert "does not say who perceived the incident" in refused.stderr
    assert not out.exists()
    listed = hcdesk("preflight", reference, "--profile", demo_profile)
    assert listed.returncode == 1 and "1 outstanding" in listed.stderr
    empty = hcdesk("preflight", reference, "--profile", demo_profile, "--acknowledge", " ")
    one_clear_line(empty, "--acknowledge needs a reason")
    done = hcdesk(
        "preflight", reference, "--profile", demo_profile, "--acknowledge", "Victim told PC Ray"
    )
    assert done.returncode == 0, done.stderr
    assert "nothing outstanding" in done.stderr
    exported = hcdesk("summary", reference, *args)
    assert exported.returncode == 0, exported.stderr
    assert out.exists()
