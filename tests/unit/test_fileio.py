"""The one atomic-write helper: all of a file or none of it, short writes included.

A process whose file-size limit (RLIMIT_FSIZE) is below the file's size gets a real short
``write()`` (the kernel writes up to the limit and returns fewer bytes than asked), then EFBIG:
the same thing a nearly full disk does, without needing root for a small disk.
"""

from __future__ import annotations

import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hcdesk import fileio
from hcdesk.errors import DiskFull, FileWriteFailed

ROOT = Path(__file__).resolve().parents[2]


def run_limited(code: str, limit_bytes: int) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter whose files cannot grow past ``limit_bytes``."""
    prelude = textwrap.dedent(
        f"""
        import resource, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, no kill
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit_bytes}, {limit_bytes}))
        """
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_short_write_fails_the_whole_write_and_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    result = run_limited(
        f"""
        from pathlib import Path
        from hcdesk import fileio
        from hcdesk.errors import FileWriteFailed
        try:
            fileio.atomic_write(Path({str(target)!r}), b"%PDF" + b"x" * 300_000)
        except FileWriteFailed as exc:
            print("refused:", exc)
        else:
            print("written")
        """,
        limit_bytes=64 * 1024,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"refused: Could not write {target}")
    assert list(tmp_path.iterdir()) == []  # no cut-off file, no temporary file


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_write_all_goes_on_after_a_short_write(tmp_path: Path) -> None:
    """Under the limit, a short write is followed by the rest: every byte arrives."""
    target = tmp_path / "data"
    result = run_limited(
        f"""
        import os
        from hcdesk import fileio
        fd = os.open({str(target)!r}, os.O_WRONLY | os.O_CREAT, 0o600)
        os.lseek(fd, 60_000, 0)
        first = os.write(fd, b"y" * 10_000)  # the kernel takes only what fits under the limit
        os.lseek(fd, 0, 0)
        fileio.write_all(fd, b"z" * 50_000)
        os.close(fd)
        print(first)
        """,
        limit_bytes=64 * 1024,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) < 10_000  # a real short write happened in this process
    assert target.read_bytes()[:50_000] == b"z" * 50_000


def test_atomic_write_replaces_the_whole_file_with_owner_only_access(tmp_path: Path) -> None:
    target = tmp_path / "keyfile.json"
    target.write_text("old", "utf-8")
    fileio.atomic_write(target, b'{"new": true}')
    assert target.read_bytes() == b'{"new": true}'
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keyfile.json"]


def test_a_staged_file_is_not_there_until_published(tmp_path: Path) -> None:
    target = tmp_path / "cases.json"
    with fileio.stage(target, b"[]") as staged:
        assert not target.exists()
        staged.publish()
    assert target.read_bytes() == b"[]"
    with fileio.stage(target, b"[1]"):
        pass  # not published: discarded
    assert target.read_bytes() == b"[]"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.json"]


def test_leftovers_of_a_killed_write_are_cleared_on_the_next(tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    (tmp_path / f".summary.pdf.deadbeef{fileio.TMP_SUFFIX}").write_bytes(b"half a pdf")
    (tmp_path / f".other.pdf.deadbeef{fileio.TMP_SUFFIX}").write_bytes(b"not ours")
    fileio.atomic_write(target, b"%PDF-1.7")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f".other.pdf.deadbeef{fileio.TMP_SUFFIX}",
        "summary.pdf",
    ]


def test_write_errors_name_the_file_and_what_to_do(tmp_path: Path) -> None:
    import errno

    full = fileio.write_error(tmp_path / "a.pdf", OSError(errno.ENOSPC, "No space left"))
    assert isinstance(full, DiskFull) and full.exit_code == 5
    assert str(full).startswith(f"Could not write {tmp_path / 'a.pdf'}: the disk is full.")
    denied = fileio.write_error(tmp_path / "a.pdf", OSError(errno.EACCES, "Permission denied"))
    assert "may not write there" in str(denied) and denied.exit_code == 5
    missing = tmp_path / "gone" / "a.pdf"
    with pytest.raises(FileWriteFailed, match="folder does not exist"):
        fileio.atomic_write(missing, b"x")
