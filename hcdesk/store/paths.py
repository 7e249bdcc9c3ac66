"""Where a profile's files live, and what can be learnt about it without unlocking.

Deliberately light (no database or crypto imports) so the unlock screen appears quickly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

STORE_FILE = "store.db"
KEY_FILE = "keyfile.json"

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

    def keyring_enabled(self) -> bool:
        """Whether the officer chose to keep the key in the OS keyring (False if unreadable)."""
        try:
            return bool(json.loads(self.keyfile.read_text("utf-8")).get("keyring", False))
        except (OSError, ValueError, AttributeError):
            return False
