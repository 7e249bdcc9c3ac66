"""The one way hcdesk writes a file outside its encrypted store.

Every such file (an exported summary or JSON file, the profile's key file and settings, a CSV
of refused changes) is written in full under a temporary name in the destination's folder,
flushed to the disk (``fsync``), and only then renamed over the destination, whose folder is
flushed too. A crash, a kill or a full disk leaves the old file or the new one, never a mix and
never a cut-off file under the real name.

Writing is split in two so that a disclosure is logged only for a file that exists in full:
:func:`stage` writes and flushes the temporary file (this is where a full disk shows), the
caller then records its audit event, and :meth:`StagedFile.publish` renames the file into
place. :func:`atomic_write` does both at once.

Every failure is a :class:`~hcdesk.errors.FileWriteFailed` (exit status 5) with one sentence
naming the file; no temporary file is left behind. ``os.write`` may write less than it was
given (a nearly full disk, a signal); the rest is written in a loop, never dropped.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from types import TracebackType

from hcdesk.errors import DiskFull, FileWriteFailed

TMP_SUFFIX = ".hcdesk-tmp"
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def write_error(path: Path, exc: OSError) -> FileWriteFailed:
    """The typed error, with one sentence, for an OSError met while writing ``path``."""
    if exc.errno in _FULL:
        return DiskFull(
            f"Could not write {path}: the disk is full. Nothing was written; free some space "
            "or choose another folder, then try again."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return FileWriteFailed(
            f"Could not write {path}: this account may not write there. Nothing was written; "
            "choose another folder."
        )
    if exc.errno == errno.ENOENT:
        return FileWriteFailed(
            f"Could not write {path}: its folder does not exist (any more). Nothing was written."
        )
    reason = exc.strerror or type(exc).__name__
    return FileWriteFailed(f"Could not write {path}: {reason}. Nothing was written.")


def write_all(fd: int, data: bytes | bytearray | memoryview) -> None:
    """Write every byte of ``data`` to ``fd``, looping over short writes."""
    view = memoryview(data).cast("B")
    while view:
        written = os.write(fd, view)
        if written <= 0:  # pragma: no cover - os.write raises rather than return 0 here
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows, where folders cannot be opened
        return
    try:
        os.fsync(fd)
    except OSError as exc:  # pragma: no cover - some file systems refuse fsync on a folder
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _remove_leftovers(path: Path) -> None:
    """Temporary files an earlier, killed write of ``path`` left in its folder."""
    with contextlib.suppress(OSError):
        for old in path.parent.glob(f".{path.name}.*{TMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                old.unlink()


class StagedFile:
    """A file written in full under a temporary name beside ``path``, not yet in place."""

    def __init__(self, path: Path, tmp: Path) -> None:
        self.path, self.tmp = path, tmp
        self.published = False

    def publish(self) -> None:
        """Rename the file into place and flush its folder: from here on it is there."""
        try:
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self.discard()
            raise write_error(self.path, exc) from None
        self.published = True
        try:
            _fsync_dir(self.path.parent)
        except OSError as exc:  # pragma: no cover - the rename itself succeeded
            raise write_error(self.path, exc) from None

    def discard(self) -> None:
        if not self.published:
            with contextlib.suppress(OSError):
                self.tmp.unlink()

    def __enter__(self) -> StagedFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.discard()


def stage(path: Path, data: bytes | bytearray | memoryview, mode: int = 0o600) -> StagedFile:
    """Write ``data`` in full and flush it under a temporary name in ``path``'s folder.

    The file is created with ``mode`` (owner-only by default). Raises
    :class:`~hcdesk.errors.FileWriteFailed` and leaves nothing behind if any byte cannot be
    written.
    """
    path = Path(path)
    _remove_leftovers(path)
    tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}{TMP_SUFFIX}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(tmp, flags, mode)
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise write_error(path, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return StagedFile(path, tmp)


def atomic_write(path: Path, data: bytes | bytearray | memoryview, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data``: afterwards it holds the old content or all of the new."""
    with stage(path, data, mode) as staged:
        staged.publish()


# A cell a spreadsheet would run as a formula starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """A value for a CSV cell that a spreadsheet shows as text and never runs as a formula: a
    leading quote before one that starts like a formula (a team or centre name typed as
    ``=HYPERLINK(...)``). Numbers are written as numbers, not through this."""
    return "'" + text if text[:1] in _FORMULA_START else text

