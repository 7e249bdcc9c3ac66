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


class StoreDamaged(StoreError):
    pass


class NotEncrypted(StoreError):
    pass


class FutureSchema(StoreError):
    pass


class StoreLocked(StoreError):
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
