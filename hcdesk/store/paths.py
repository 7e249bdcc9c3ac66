"""Where a profile's files live, and what can be learnt about it without unlocking.

Deliberately light (no database or crypto imports) so the unlock screen appears quickly.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from hcdesk.fileio import TMP_SUFFIX

STORE_FILE = "store.db"
KEY_FILE = "keyfile.json"

# How long a statement waits for another program's write lock on the profile before it gives up
# with ProfileBusy (``hcdesk --wait SECONDS`` changes it for one command).
DEFAULT_BUSY_WAIT_S = 10.0

MIN_PASSPHRASE_LENGTH = 12
PASSPHRASE_GUIDANCE = (
    f"Use at least {MIN_PASSPHRASE_LENGTH} characters; three or four unrelated words are easy "
    "to remember and hard to guess."
)


@dataclass(frozen=True)
class ProfilePaths:
    root: Path

    @property
    def store(self) -> Path:
        return self.root / STORE_FILE

    @property
    def keyfile(self) -> Path:
        return self.root / KEY_FILE

    @property
    def creating(self) -> Path:
        return self.root / f".{STORE_FILE}.creating"

    def exists(self) -> bool:
        return self.keyfile.exists() or self.store.exists()

    def leftovers(self) -> list[Path]:
        """Files an interrupted or failed creation left: never a key file or a finished store."""
        if not self.root.is_dir():
            return []
        names = {f"{self.creating.name}{end}" for end in ("", "-wal", "-shm", "-journal")}
        return [
            child
            for child in self.root.iterdir()
            if child.name in names
            or (child.name.startswith(f".{KEY_FILE}.") and child.name.endswith(TMP_SUFFIX))
        ]

    def holds_only_leftovers(self) -> bool:
        """True for a directory that is empty apart from what a failed creation left."""
        if not self.root.is_dir():
            return True
        found = set(self.leftovers())
        return all(child in found for child in self.root.iterdir())

    def clear_leftovers(self, *, remove_root: bool) -> None:
        """Remove a failed creation's files (and the directory, if it made it and it is empty)."""
        for leftover in self.leftovers():
            with contextlib.suppress(OSError):
                leftover.unlink()
        if remove_root:
            with contextlib.suppress(OSError):
                self.root.rmdir()  # only if empty

    def keyring_enabled(self) -> bool:
        """Whether the officer chose to keep the key in the OS keyring (False if unreadable)."""
        try:
            return bool(json.loads(self.keyfile.read_text("utf-8")).get("keyring", False))
        except (OSError, ValueError, AttributeError):
            return False
