"""Database key management.

The database key is 32 random bytes used by SQLCipher as a raw key. The profile's key file holds
it wrapped (AES-256-GCM) under a key derived from the officer's passphrase with Argon2id. The
wrapped key is bound to the store's id through the GCM associated data, so a key file cannot be
swapped onto another store unnoticed. The key file is replaced atomically
(:func:`hcdesk.fileio.atomic_write`), so a full disk or a crash never leaves half a key file.
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from hcdesk.errors import StoreDamaged, WeakPassphrase, WrongPassphrase
from hcdesk.fileio import atomic_write

KEYFILE_FORMAT = "hcdesk-keyfile"
KEYFILE_VERSION = 1
from hcdesk.store.paths import MIN_PASSPHRASE_LENGTH, PASSPHRASE_GUIDANCE  # noqa: E402


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The default takes roughly a quarter of a second on a laptop."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 2
    salt: str = field(default_factory=lambda: _b64(secrets.token_bytes(16)))

    def derive(self, passphrase: str) -> bytes:
        return hash_secret_raw(
            passphrase.encode("utf-8"),
            _unb64(self.salt),
            time_cost=self.time_cost,
            memory_cost=self.memory_kib,
            parallelism=self.parallelism,
            hash_len=32,
            type=Type.ID,
        )

    def fresh(self) -> KdfParams:
        """The same cost with a new salt (a new passphrase always gets a new salt)."""
        return KdfParams(self.time_cost, self.memory_kib, self.parallelism)


@dataclass
class KeyFile:
    store_id: str
    kdf: KdfParams
    wrapped_key: str
    keyring: bool = False

    @staticmethod
    def _aad(store_id: str) -> bytes:
        return f"{KEYFILE_FORMAT}:{KEYFILE_VERSION}:{store_id}".encode()

    @classmethod
    def new(cls, db_key: bytes, passphrase: str, kdf: KdfParams | None = None) -> KeyFile:
        check_passphrase(passphrase)
        kf = cls(store_id=str(uuid.uuid4()), kdf=(kdf or KdfParams()).fresh(), wrapped_key="")
        kf._wrap(db_key, passphrase)
        return kf

    def _wrap(self, db_key: bytes, passphrase: str) -> None:
        kek = self.kdf.derive(passphrase)
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(kek).encrypt(nonce, db_key, self._aad(self.store_id))
        self.wrapped_key = _b64(nonce + sealed)

    def unwrap(self, passphrase: str) -> bytes:
        """The database key, or :class:`WrongPassphrase`."""
        blob = _unb64(self.wrapped_key)
        kek = self.kdf.derive(passphrase)
        try:
            return AESGCM(kek).decrypt(blob[:12], blob[12:], self._aad(self.store_id))
        except InvalidTag:
            raise WrongPassphrase("That passphrase does not unlock this profile.") from None

    def rewrap(self, db_key: bytes, new_passphrase: str) -> None:
        check_passphrase(new_passphrase)
        self.kdf = self.kdf.fresh()
        self._wrap(db_key, new_passphrase)

    # -- persistence -------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "format": KEYFILE_FORMAT,
            "version": KEYFILE_VERSION,
            "store_id": self.store_id,
            "kdf": {"name": "argon2id", **asdict(self.kdf)},
            "cipher": "aes-256-gcm",
            "wrapped_key": self.wrapped_key,
            "keyring": self.keyring,
        }

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("format") != KEYFILE_FORMAT:
                raise ValueError("not an hcdesk key file")
            if data.get("version") != KEYFILE_VERSION:
                raise ValueError(f"key file version {data.get('version')} is not supported")
            kdf = data["kdf"]
            return cls(
                store_id=str(data["store_id"]),
                kdf=KdfParams(
                    time_cost=int(kdf["time_cost"]),
                    memory_kib=int(kdf["memory_kib"]),
                    parallelism=int(kdf["parallelism"]),
                    salt=str(kdf["salt"]),
                ),
                wrapped_key=str(data["wrapped_key"]),
                keyring=bool(data.get("keyring", False)),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreDamaged(f"The profile's key file {path} cannot be read ({exc}).") from None

    def save(self, path: Path) -> None:
        atomic_write(path, json.dumps(self.to_json(), indent=2).encode("utf-8"))


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphrase(f"That passphrase is too short. {PASSPHRASE_GUIDANCE}")
    if len(set(passphrase)) < 4:
        raise WeakPassphrase(f"That passphrase is too easy to guess. {PASSPHRASE_GUIDANCE}")


def new_db_key() -> bytes:
    return secrets.token_bytes(32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
