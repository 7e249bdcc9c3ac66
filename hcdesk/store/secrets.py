"""The one wrapper over the OS keyring (STYLE.md C6).

It never raises a keyring error at the caller: every failure becomes
:class:`~hcdesk.errors.KeyringUnavailable` with a sentence that says what happened and that the
passphrase still works.
"""

from __future__ import annotations

import base64
import binascii
import sys

import keyring
import keyring.errors
from keyring.backends import fail

from hcdesk.errors import KeyringUnavailable

SERVICE = "hcdesk"


def _username(store_id: str) -> str:
    return f"store-key:{store_id}"


def entry_name(store_id: str) -> str:
    """How a person finds the profile's entry in a keyring manager."""
    return f"“{SERVICE}” / “{_username(store_id)}”"


def backend_name() -> str:
    try:
        kr = keyring.get_keyring()
    except Exception:
        return "none"
    return getattr(kr, "name", type(kr).__name__)


def where() -> str:
    """Where a remembered key lives, in words an officer understands."""
    if sys.platform == "win32":
        return "Windows Credential Manager"
    if sys.platform == "darwin":
        return "the macOS Keychain"
    return f"the desktop keyring ({backend_name()})"


def available() -> bool:
    try:
        kr = keyring.get_keyring()
    except Exception:
        return False
    return not isinstance(kr, fail.Keyring) and getattr(kr, "priority", 1) > 0


def _unavailable(action: str, exc: BaseException | None = None) -> KeyringUnavailable:
    why = f" ({type(exc).__name__})" if exc else ""
    hint = (
        ""
        if sys.platform in ("win32", "darwin")
        else (" On Linux, install and unlock GNOME Keyring or KWallet.")
    )
    return KeyringUnavailable(
        f"The OS keyring could not {action}{why}; unlock with your passphrase instead.{hint}"
    )


def store_key(store_id: str, key: bytes) -> None:
    if not available():
        raise _unavailable("be found")
    try:
        keyring.set_password(SERVICE, _username(store_id), base64.b64encode(key).decode())
    except Exception as exc:
        raise _unavailable("save the key", exc) from None


def load_key(store_id: str) -> bytes:
    if not available():
        raise _unavailable("be found")
    try:
        text = keyring.get_password(SERVICE, _username(store_id))
    except Exception as exc:
        raise _unavailable("be read", exc) from None
    if not text:
        raise KeyringUnavailable(
            "The OS keyring no longer holds this profile's key; unlock with your passphrase."
        )
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise KeyringUnavailable(
            "The key in the OS keyring is not valid for this profile; unlock with your passphrase."
        )
    return key


def forget_key(store_id: str) -> None:
    try:
        keyring.delete_password(SERVICE, _username(store_id))
    except keyring.errors.PasswordDeleteError:
        pass
    except Exception as exc:
        raise _unavailable("remove the key", exc) from None
