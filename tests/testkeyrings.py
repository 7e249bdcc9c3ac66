"""Keyring backends for CLI tests that run ``hcdesk`` as a separate process.

The ``keyring`` library loads them by name, as it would a desktop keyring:
``PYTHON_KEYRING_BACKEND=testkeyrings.FileKeyring`` with ``tests/`` on ``PYTHONPATH``.

* :class:`FileKeyring` keeps its entries in the JSON file named by ``HCDESK_TEST_KEYRING``, so a
  test can see what a command left in the keyring.
* :class:`LockedKeyring` is that same keyring, locked: every call fails as a locked Secret
  Service or a Credential Manager that refuses access does.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.errors
from keyring.backend import KeyringBackend


def _file() -> Path:
    return Path(os.environ["HCDESK_TEST_KEYRING"])


def entries() -> dict[str, str]:
    try:
        return dict(json.loads(_file().read_text("utf-8")))
    except FileNotFoundError:
        return {}


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return entries().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = entries()
        data[f"{service}/{username}"] = password
        _file().write_text(json.dumps(data), "utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = entries()
        if f"{service}/{username}" not in data:
            raise keyring.errors.PasswordDeleteError("not found")
        del data[f"{service}/{username}"]
        _file().write_text(json.dumps(data), "utf-8")


class LockedKeyring(FileKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the keyring is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("the keyring is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("the keyring is locked")
