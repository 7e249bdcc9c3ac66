"""Real small disks for the full-disk tests (plain helpers, no fixtures).

:func:`small_disk` mounts a tmpfs of a given size: a real file system that really fills up, so
``write()`` comes back short and SQLite really gets SQLITE_FULL. Mounting needs root (CI runs
as root on its machine). Where it is not allowed the test skips with the reason printed, and
with ``HCDESK_REQUIRE_SMALL_DISK=1`` (set by ``.ci/run``) it fails instead. The short-write
behaviour itself is also tested without root, under a file-size limit (tests/unit/test_fileio.py).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount_refused(target: Path, size_kib: int) -> str | None:
    if shutil.which("mount") is None:
        return "there is no mount command"
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return f"a tmpfs cannot be mounted here ({done.stderr.strip() or done.returncode})"
    return None


@contextlib.contextmanager
def small_disk(where: Path, size_kib: int) -> Iterator[Path]:
    """A freshly mounted tmpfs of ``size_kib`` KiB at ``where`` (unmounted afterwards)."""
    where.mkdir(parents=True, exist_ok=True)
    reason = _mount_refused(where, size_kib)
    if reason is not None:
        message = f"full-disk test needs a small real disk: {reason}"
        if os.environ.get("HCDESK_REQUIRE_SMALL_DISK") == "1":
            pytest.fail(message + ", and HCDESK_REQUIRE_SMALL_DISK=1")
        pytest.skip(message)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def free_kib(path: Path) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize // 1024


def fill(disk: Path, leave_kib: int) -> Path:
    """Fill ``disk`` with one file until only about ``leave_kib`` KiB are free. The free
    space reported counts no room for the file's own blocks, and the program under test may
    write meanwhile: a write that meets the full disk first has done what was asked."""
    filler = disk / "filler"
    size = max(0, free_kib(disk) - leave_kib) * 1024
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        block = b"\0" * (1 << 20)
        while size > 0:
            try:
                size -= os.write(fd, block[: min(size, len(block))])
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                break
    finally:
        os.close(fd)
    return filler


def listing(folder: Path) -> list[str]:
    """Every name in ``folder`` (hidden temporary files included), sorted."""
    return sorted(p.name for p in folder.iterdir())
