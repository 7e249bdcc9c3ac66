"""Errors a person can act on. Each carries one clear sentence for the GUI, CLI and API alike.

An error is raised with the sentence that fits where it happened (naming the file, the profile,
the count); ``default_message`` is the class's own sentence for when none was given, so
``str(error)`` is never empty. :func:`message_for` gives the sentence for any exception, typed or
not: the desktop and the command line both show what it returns.
"""

from __future__ import annotations

import errno
from typing import ClassVar


class HcdeskError(Exception):
    """Base class: ``str(error)`` is the message shown to the user, never a traceback."""

    exit_code = 1
    default_message: ClassVar[str] = "hcdesk could not do that; nothing further was changed."

    def __str__(self) -> str:
        return super().__str__() or self.default_message


class UsageError(HcdeskError):
    exit_code = 2
    default_message = "That cannot be done as it was asked; nothing was changed."


class StoreError(HcdeskError):
    """Something about the local store prevents opening or using it."""

    default_message = "The profile cannot be opened or used; nothing was changed."


class ProfileNotFound(StoreError):
    default_message = "There is no hcdesk profile there."


class ProfileExists(StoreError):
    default_message = "An hcdesk profile is already there; nothing was changed."


class WrongPassphrase(StoreError):
    default_message = "That passphrase does not unlock this profile."


class WeakPassphrase(StoreError):
    default_message = "That passphrase is too easy to guess; choose a longer one."


class KeyringUnavailable(StoreError):
    """The OS keyring cannot give the key; the passphrase still works."""

    default_message = "The OS keyring cannot give this profile's key; unlock with your passphrase."


class KeyringKeyNotRemoved(KeyringUnavailable):
    """The profile stopped using the keyring, but the keyring's copy could not be removed."""

    default_message = (
        "This profile no longer unlocks from the OS keyring, but the keyring could not be "
        "reached to remove its copy of the key; run this again when the keyring works."
    )


class StoreDamaged(StoreError):
    default_message = (
        "The profile is damaged and cannot be opened; it was not changed. Restore it from a "
        "backup, or ask IT."
    )


class NotEncrypted(StoreError):
    default_message = (
        "The profile's store is not encrypted, so it is no hcdesk store; it was not opened."
    )


class FutureSchema(StoreError):
    default_message = (
        "This profile was written by a newer version of hcdesk; install that version to open "
        "it. The profile was not changed."
    )


class StoreLocked(StoreError):
    default_message = "The profile is locked; unlock it and try again."


class ProfileBusy(StoreError):
    """Another hcdesk program kept the profile's write lock for longer than we wait."""

    exit_code = 6
    default_message = (
        "The profile is in use by another hcdesk program, so nothing was changed; try again "
        "when it has finished."
    )


class StoreFull(StoreError):
    """The disk holding the profile is full; the transaction was rolled back."""

    exit_code = 5
    default_message = (
        "The disk holding the profile is full, so nothing was changed. Free some space on it "
        "and try again."
    )


class StoreIOError(StoreError):
    """The operating system could not read or write the profile's files."""

    exit_code = 5
    default_message = (
        "The profile could not be read or written, so nothing was changed. Check the disk, "
        "then try again."
    )


class FileWriteFailed(HcdeskError):
    """A file hcdesk writes outside its store could not be written in full; none was left."""

    exit_code = 5
    default_message = (
        "The file could not be written, so nothing was written; choose another folder."
    )


class DiskFull(FileWriteFailed):
    default_message = (
        "The disk is full, so nothing was written; free some space or choose another folder, "
        "then try again."
    )


class ValidationFailed(HcdeskError):
    """Input was checked and refused; ``problems`` lists every problem with its path."""

    default_message = "The input has problems; nothing was saved."

    def __init__(self, problems: list[str], what: str = "input") -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"{what} has {count} problem{'s' if count != 1 else ''}; nothing was saved"
        )


class NotFound(HcdeskError):
    default_message = "That is no longer in this profile; nothing was changed."


# -- the sentence for any exception ------------------------------------------------------------
_DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
_NOT_ALLOWED = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def _os_message(exc: OSError) -> str:
    reason = f" ({exc.strerror})" if exc.strerror else ""
    if isinstance(exc, ConnectionError | TimeoutError):
        return f"The connection failed{reason}; nothing further was changed. Try again later."
    if exc.errno in _DISK_FULL:
        where = f" ({exc.filename})" if exc.filename else ""
        return (
            f"The disk is full{where}, so nothing further was changed; free some space and "
            "try again."
        )
    if not exc.filename:
        return (
            f"The computer could not read or write what was needed{reason}; nothing further "
            "was changed."
        )
    if exc.errno in _NOT_ALLOWED:
        return f"This account may not use {exc.filename}; nothing further was changed."
    if exc.errno == errno.ENOENT:
        return f"There is no file or folder {exc.filename}; nothing further was changed."
    return f"Could not use {exc.filename}{reason}; nothing further was changed."


def message_for(exc: BaseException) -> str:
    """The sentence a person reads for ``exc``: a typed error's own sentence, a plain one for
    a file or disk error, cancelling or running out of memory, and for anything else its kind
    (a class name, never its text, which may hold case data) and that nothing further changed."""
    if isinstance(exc, HcdeskError):
        return str(exc)
    if isinstance(exc, KeyboardInterrupt):
        return "Cancelled; nothing was changed by the interrupted step."
    if isinstance(exc, OSError):
        return _os_message(exc)
    if isinstance(exc, MemoryError):
        return (
            "There was not enough memory to finish, so nothing further was changed; close "
            "other programs and try again."
        )
    return f"Something went wrong ({type(exc).__name__}); nothing further was changed."
