"""Errors a person can act on. Each carries one clear sentence for the GUI, CLI and API alike."""

from __future__ import annotations


class HcdeskError(Exception):
    """Base class: ``str(error)`` is the message shown to the user, never a traceback."""

    exit_code = 1


class UsageError(HcdeskError):
    exit_code = 2


class StoreError(HcdeskError):
    """Something about the local store prevents opening or using it."""


class ProfileNotFound(StoreError):
    pass


class ProfileExists(StoreError):
    pass


class WrongPassphrase(StoreError):
    pass


class WeakPassphrase(StoreError):
    pass


class KeyringUnavailable(StoreError):
    """The OS keyring cannot give the key; the passphrase still works."""


class KeyringKeyNotRemoved(KeyringUnavailable):
    """The profile stopped using the keyring, but the keyring's copy could not be removed."""


class StoreDamaged(StoreError):
    pass


class NotEncrypted(StoreError):
    pass


class FutureSchema(StoreError):
    pass


class StoreLocked(StoreError):
    pass


class ProfileBusy(StoreError):
    """Another hcdesk program kept the profile's write lock for longer than we wait."""

    exit_code = 6


class StoreFull(StoreError):
    """The disk holding the profile is full; the transaction was rolled back."""

    exit_code = 5


class StoreIOError(StoreError):
    """The operating system could not read or write the profile's files."""

    exit_code = 5


class FileWriteFailed(HcdeskError):
    """A file hcdesk writes outside its store could not be written in full; none was left."""

    exit_code = 5


class DiskFull(FileWriteFailed):
    pass


class ValidationFailed(HcdeskError):
    """Input was checked and refused; ``problems`` lists every problem with its path."""

    def __init__(self, problems: list[str], what: str = "input") -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"{what} has {count} problem{'s' if count != 1 else ''}; nothing was saved"
        )


class NotFound(HcdeskError):
    pass
