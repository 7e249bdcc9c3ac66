"""Shared fixtures: offscreen Qt, an in-memory keyring, cheap key derivation, temporary profiles."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from testvalues import FAST_KDF, PASSPHRASE

from hcdesk.store.store import Store


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps its secrets in a dict (no desktop session here)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        import keyring.errors

        if (service, username) not in self.secrets:
            raise keyring.errors.PasswordDeleteError("not found")
        del self.secrets[(service, username)]


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    yield kr
    keyring.set_keyring(previous)


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Callable[..., Store]]:
    """Create stores under tmp_path; every store made is closed at the end of the test."""
    made: list[Store] = []

    def factory(name: str = "profile", **kwargs: object) -> Store:
        kwargs.setdefault("kdf", FAST_KDF)
        kwargs.setdefault("officer", "PC Test")
        store = Store.create(tmp_path / name, PASSPHRASE, **kwargs)  # type: ignore[arg-type]
        made.append(store)
        return store

    yield factory
    for s in made:
        s.close()


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store()
