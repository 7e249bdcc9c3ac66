"""Hostile interchange files through the real ``hcdesk import`` (issue 9).

Each file is given to the CLI as its own process, with a bound on its address space (1 GiB)
and on its time, so that a regression shows as a failure (MemoryError, a hang) rather than a
machine brought to its knees. Every refusal must be exit 4 with one problem line and no
traceback, and must leave the profile exactly as it was: the same bytes on disk, an intact
database and audit chain, the same cases.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from testvalues import FAST_KDF, PASSPHRASE

from hcdesk import demo
from hcdesk.cli import main
from hcdesk.interchange import importer
from hcdesk.interchange.spec import MAX_CASES
from hcdesk.models import CaseFile
from hcdesk.store.store import Store

ROOT = Path(__file__).resolve().parents[2]
ADDRESS_SPACE = 1 << 30  # the child may map at most 1 GiB
TIMEOUT = 60.0


# The CLI's own entry point, reporting its peak resident memory (VmHWM) as it exits. Not the
# rusage of the child: Linux carries the high-water mark of the forking process (this pytest)
# across exec into the child's ru_maxrss.
CHILD = """
import atexit, sys

def report():
    with open("/proc/self/status") as f:
        kb = next(line.split()[1] for line in f if line.startswith("VmHWM:"))
    with open(sys.argv[1], "w") as out:
        out.write(kb)

atexit.register(report)
from hcdesk.cli import main
sys.exit(main(sys.argv[2:]))
"""


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str
    max_rss_mb: float


def run_import(file: Path, profile: Path) -> Ran:
    """``hcdesk import FILE --profile DIR`` in its own process, bounded in memory and time."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HCDESK_")}
    env |= {
        "HCDESK_PASSPHRASE": PASSPHRASE,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PYTHONIOENCODING": "utf-8",
    }

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    out, err = profile.parent / "stdout.txt", profile.parent / "stderr.txt"
    hwm = profile.parent / "vmhwm.txt"
    with out.open("wb") as o, err.open("wb") as e:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, hwm, "import", file, "--profile", profile],
            stdin=subprocess.DEVNULL,
            stdout=o,
            stderr=e,
            env=env,
            cwd=ROOT,
            preexec_fn=limit,
        )
        deadline = time.monotonic() + TIMEOUT
        while True:
            pid, status = os.waitpid(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.send_signal(signal.SIGKILL)
                os.waitpid(child.pid, 0)
                pytest.fail(f"hcdesk import {file.name} did not finish within {TIMEOUT:.0f} s")
            time.sleep(0.05)
    child.returncode = os.waitstatus_to_exitcode(status)
    return Ran(
        child.returncode,
        out.read_text("utf-8"),
        err.read_text("utf-8"),
        int(hwm.read_text()) / 1024,
    )


def snapshot(profile: Path) -> dict[str, str]:
    return {
        str(p.relative_to(profile)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(profile.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """A closed profile holding three demo cases, made once."""
    profile = tmp_path_factory.mktemp("hostile") / "profile"
    with Store.create(profile, PASSPHRASE, kdf=FAST_KDF, officer="PC Hostile") as store:
        with store.transaction() as s:
            result = importer.import_document(s, demo.generate(3, seed=11))
        store.checkpoint()
    return profile, set(result.case_ids)


@pytest.fixture
def profile(template: tuple[Path, set[str]], tmp_path: Path) -> Path:
    copy = tmp_path / "work" / "profile"
    shutil.copytree(template[0], copy)
    return copy


def assert_refused(ran: Ran, problem: str) -> None:
    """Exit 4, the standard first line, then exactly one problem line; no traceback."""
    assert "Traceback" not in ran.stdout + ran.stderr, ran.stderr
    assert ran.returncode == 4, ran.stderr
    lines = [line for line in ran.stderr.splitlines() if line.strip()]
    assert len(lines) == 2, ran.stderr
    assert lines[0].startswith("hcdesk: ") and lines[0].endswith("has 1 problem; nothing was saved")
    assert lines[1].strip() == problem


def assert_untouched(profile: Path, before: dict[str, str], case_ids: set[str]) -> None:
    """Same bytes, intact database and audit chain (by ``hcdesk audit verify``), same cases."""
    assert snapshot(profile) == before
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        assert s.connection().exec_driver_sql("PRAGMA integrity_check").all() == [("ok",)]
        assert set(s.scalars(sa.select(CaseFile.id))) == case_ids
    assert main(["audit", "verify", "--profile", str(profile)]) == 0


def one_case_document(mutate: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = demo.generate(1, seed=99, start_index=500)
    mutate(document["cases"][0])
    return document


def write(path: Path, document: dict[str, Any], *, fix: Callable[[str], str] = str) -> Path:
    path.write_text(fix(json.dumps(document, ensure_ascii=False)), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HCDESK_PASSPHRASE", PASSPHRASE)  # for the in-process audit verify


def _set_first_referral(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(case: dict[str, Any]) -> None:
        case["referrals"][0][key] = value

    return mutate


def _many_evidence(case: dict[str, Any]) -> None:
    item = case["hostility_evidence"][0]
    case["hostility_evidence"] = [
        {**item, "id": f"00000000-0000-4000-8000-{n:012x}"} for n in range(10_000)
    ]


def _long_summary(chars: int) -> Callable[[dict[str, Any]], None]:
    def mutate(case: dict[str, Any]) -> None:
        case["summary"] = "x" * chars

    return mutate


HOSTILE_VALUES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "lone-surrogate": (
        lambda p: write(
            p,
            one_case_document(lambda c: c.update(summary="MARK")),
            fix=lambda t: t.replace('"MARK"', '"Abuse \\ud800 shouted"'),
        ),
        "cases[0].summary: is not valid Unicode (it holds half of a surrogate pair)",
    ),
    "integer-beyond-sqlite": (
        lambda p: write(p, one_case_document(_set_first_referral("contact_attempts", 2**63))),
        "cases[0].referrals[0].contact_attempts: must be between 0 and 10,000",
    ),
    "integer-of-70-bits": (
        lambda p: write(p, one_case_document(_set_first_referral("contact_attempts", 2**70))),
        "cases[0].referrals[0].contact_attempts: must be between 0 and 10,000",
    ),
    "negative-count": (
        lambda p: write(p, one_case_document(_set_first_referral("contact_attempts", -5))),
        "cases[0].referrals[0].contact_attempts: must be between 0 and 10,000",
    ),
    "nul-in-text": (
        lambda p: write(p, one_case_document(lambda c: c.update(place="Nun\x00eaton"))),
        "cases[0].place: must not contain a NUL character",
    ),
    "duplicate-key": (
        lambda p: write(
            p,
            one_case_document(lambda c: c.update(summary="MARK")),
            fix=lambda t: t.replace('"summary": "MARK"', '"summary": "one", "summary": "two"'),
        ),
        "cases[0].summary: is given twice in this object (keys must be unique)",
    ),
    "narrative-of-20-mb": (
        lambda p: write(p, one_case_document(_long_summary(20_000_000))),
        "cases[0]: this case takes more than 10,000,000 characters of JSON, the most allowed",
    ),
    "narrative-over-its-limit": (
        lambda p: write(p, one_case_document(_long_summary(100_001))),
        "cases[0].summary: is longer than 100,000 characters",
    ),
    "10000-evidence-items": (
        lambda p: write(p, one_case_document(_many_evidence)),
        "cases[0].hostility_evidence: has more than 2,000 entries, the most one section may hold",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_VALUES))
def test_a_hostile_value_is_refused_with_its_path_and_changes_nothing(
    name: str, profile: Path, template: tuple[Path, set[str]], tmp_path: Path
) -> None:
    make, problem = HOSTILE_VALUES[name]
    file = make(tmp_path / f"{name}.json")
    before = snapshot(profile)
    ran = run_import(file, profile)
    assert_refused(ran, problem)
    assert_untouched(profile, before, template[1])


def write_million_cases(path: Path) -> None:
    """A million minimal cases (103 MB), written in slices."""
    n = 1_000_000
    with path.open("w", encoding="ascii") as f:
        f.write('{"format": "hcdesk-interchange", "version": 2, "cases": [\n')
        for start in range(0, n, 50_000):
            f.write(
                ",\n".join(
                    f'{{"id": "00000000-0000-4000-8000-{i:012x}", "local_ref": "M-{i:07d}", '
                    '"record_type": "HATE_CRIME"}'
                    for i in range(start, start + 50_000)
                )
            )
            f.write(",\n" if start + 50_000 < n else "\n")
        f.write("]}\n")


def test_a_million_case_file_is_refused_in_bounded_memory(
    profile: Path, template: tuple[Path, set[str]], tmp_path: Path
) -> None:
    file = tmp_path / "million.json"
    write_million_cases(file)
    before = snapshot(profile)
    ran = run_import(file, profile)
    assert_refused(
        ran,
        f"the file holds more than {MAX_CASES:,} cases, the most one file may hold; "
        "split it into smaller files",
    )
    # The whole file would be over 2 GB of Python objects; it is refused once 20,000 are read.
    print(f"peak RSS of the refusing import: {ran.max_rss_mb:.0f} MB")
    assert ran.max_rss_mb < 200, f"peak RSS {ran.max_rss_mb:.0f} MB"
    assert_untouched(profile, before, template[1])


def test_a_fifo_is_refused_without_waiting_for_a_writer(
    profile: Path, template: tuple[Path, set[str]], tmp_path: Path
) -> None:
    fifo = tmp_path / "cases.json"
    os.mkfifo(fifo)
    before = snapshot(profile)
    ran = run_import(fifo, profile)
    assert_refused(ran, f"{fifo} is a named pipe (FIFO); give a regular file to import")
    assert_untouched(profile, before, template[1])


def test_a_link_to_dev_zero_is_refused_before_reading(
    profile: Path, template: tuple[Path, set[str]], tmp_path: Path
) -> None:
    link = tmp_path / "cases.json"
    link.symlink_to("/dev/zero")
    before = snapshot(profile)
    ran = run_import(link, profile)
    assert_refused(ran, f"{link} is a device; give a regular file to import")
    assert_untouched(profile, before, template[1])


def test_a_folder_is_refused(
    profile: Path, template: tuple[Path, set[str]], tmp_path: Path
) -> None:
    folder = tmp_path / "cases.json"
    folder.mkdir()
    before = snapshot(profile)
    ran = run_import(folder, profile)
    assert_refused(ran, f"{folder} is a folder; give a regular file to import")
    assert_untouched(profile, before, template[1])


def test_a_link_to_a_regular_file_imports(
    profile: Path, template: tuple[Path, set[str]], tmp_path: Path
) -> None:
    document = demo.generate(2, seed=5, start_index=900)
    target = write(tmp_path / "real.json", document)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    ran = run_import(link, profile)
    assert ran.returncode == 0, ran.stderr
    assert "Imported 2 cases" in ran.stderr
    with Store.open(profile, PASSPHRASE) as store, store.session() as s:
        ids = set(s.scalars(sa.select(CaseFile.id)))
    assert ids == template[1] | {c["id"] for c in document["cases"]}
    assert main(["audit", "verify", "--profile", str(profile)]) == 0


def test_a_refused_file_makes_no_new_profile(tmp_path: Path) -> None:
    file = write(
        tmp_path / "bad.json", one_case_document(_set_first_referral("contact_attempts", -1))
    )
    new_profile = tmp_path / "new-profile"
    ran = run_import(file, new_profile)
    assert_refused(ran, "cases[0].referrals[0].contact_attempts: must be between 0 and 10,000")
    assert not new_profile.exists()
