"""A profile's own preferences: ``settings.json`` in the profile directory, mode 0600.

Only the non-sensitive preferences listed in :data:`SETTINGS` are ever kept here (how long
before the store locks, sync timing, where the window was). Nothing about a case, a victim or
the officer's account: those live in the encrypted store. A value that is missing, of the wrong
type or out of range reads as its default, and a key that is not listed is dropped when the
file is next written, so nothing else can creep in.

Deliberately light (no database, crypto or Qt imports): the unlock screen reads it at start-up.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hcdesk.fileio import atomic_write
from hcdesk.store.paths import ProfilePaths

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
SETTINGS_FORMAT = "hcdesk-settings"
SETTINGS_VERSION = 1
FILE_MODE = 0o600


@dataclass(frozen=True)
class Setting:
    """One preference: its key in the file, its default and the values it may take."""

    key: str
    default: int | float | str
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 0  # text settings only
    choices: tuple[str, ...] = ()  # text settings only: the values it may take, if listed

    def check(self, value: Any) -> int | float | str | None:
        """``value`` as this setting's type, or None when it is not a value it may take."""
        if isinstance(self.default, str):
            if not isinstance(value, str) or len(value) > self.max_length:
                return None
            return value if not self.choices or value in self.choices else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if value != value or (self.minimum is not None and value < self.minimum):  # NaN
            return None
        if self.maximum is not None and value > self.maximum:
            return None
        if isinstance(self.default, int):
            return int(value) if float(value).is_integer() else None
        return float(value)


AUTO_LOCK_S = Setting("auto_lock_seconds", 5 * 60, minimum=60, maximum=60 * 60)
SYNC_DEBOUNCE_MS = Setting("sync/debounce_ms", 2000, minimum=0, maximum=10 * 60 * 1000)
SYNC_INTERVAL_S = Setting("sync/interval_s", 60.0, minimum=1, maximum=24 * 3600)
SYNC_BACKOFF_BASE_S = Setting("sync/backoff_base_s", 5.0, minimum=0.01, maximum=3600)
SYNC_BACKOFF_CAP_S = Setting("sync/backoff_cap_s", 300.0, minimum=0.01, maximum=24 * 3600)
# Qt's saveGeometry() bytes, base64: a size and a position on the screen, nothing more.
WINDOW_GEOMETRY = Setting("window/geometry", "", max_length=4096)
# The protective marking a new case starts with (ProtectiveMarking's values; a light module
# like this one does not import the models).
DEFAULT_MARKING = Setting(
    "cases/default_marking",
    "OFFICIAL_SENSITIVE",
    max_length=40,
    choices=("OFFICIAL", "OFFICIAL_SENSITIVE"),
)
# Whether the line under the case list that says what each sync mark means is shown (1) or not.
SYNC_LEGEND = Setting("window/sync_legend", 1, minimum=0, maximum=1)

SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        AUTO_LOCK_S,
        SYNC_DEBOUNCE_MS,
        SYNC_INTERVAL_S,
        SYNC_BACKOFF_BASE_S,
        SYNC_BACKOFF_CAP_S,
        WINDOW_GEOMETRY,
        DEFAULT_MARKING,
        SYNC_LEGEND,
    )
}


def settings_path(profile: Path) -> Path:
    return Path(profile) / SETTINGS_FILE


def parse(text: str) -> dict[str, Any]:
    """The known, valid values in a settings file's text (anything else is left out)."""
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(data, dict) or data.get("format") != SETTINGS_FORMAT:
        return {}
    values = data.get("settings")
    if not isinstance(values, dict):
        return {}
    return valid(values)


def valid(values: Mapping[str, Any]) -> dict[str, Any]:
    """Only the listed settings, each with a value it may take."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        setting = SETTINGS.get(key)
        checked = setting.check(value) if setting is not None else None
        if checked is not None:
            out[key] = checked
    return out


def render(values: Mapping[str, Any]) -> bytes:
    body = {"format": SETTINGS_FORMAT, "version": SETTINGS_VERSION, "settings": valid(values)}
    return (json.dumps(body, indent=2, sort_keys=True) + "\n").encode("utf-8")


class ProfileSettings:
    """The preferences of one profile. Reads the file on each :meth:`get` (it is tiny), so a
    change made by another window of the same profile is seen; writes replace it atomically.

    Nothing is written while the profile does not exist yet: a settings file alone must not
    make an empty directory look used (a new profile is only ever made in an empty one).
    """

    def __init__(self, profile: Path) -> None:
        self.profile = Path(profile)
        self.path = settings_path(self.profile)

    def values(self) -> dict[str, Any]:
        try:
            text = self.path.read_text("utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("settings: %s could not be read (%s)", self.path, type(exc).__name__)
            return {}
        return parse(text)

    def exists(self) -> bool:
        return self.path.exists()

    def get(self, setting: Setting) -> Any:
        return self.values().get(setting.key, setting.default)

    def set(self, setting: Setting, value: Any) -> None:
        self.update({setting.key: value})

    def update(self, changes: Mapping[str, Any]) -> None:
        """Set several settings at once (None removes one). Raises ValueError for a value a
        setting may not take, OSError when the file cannot be written."""
        values = self.values()
        for key, value in changes.items():
            setting = SETTINGS.get(key)
            if setting is None:
                raise ValueError(f"{key!r} is not a setting hcdesk keeps in the profile.")
            if value is None:
                values.pop(key, None)
                continue
            checked = setting.check(value)
            if checked is None:
                raise ValueError(f"{value!r} is not a value {key!r} can take.")
            values[key] = checked
        self._write(values)

    def take_over(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Copy valid values (from the settings of an older hcdesk) into a profile that has no
        settings file yet; returns what was copied. Does nothing once the profile has one."""
        if self.exists() or not ProfilePaths(self.profile).exists():
            return {}
        taken = valid(values)
        self._write(taken)
        return taken

    def keep_private(self) -> None:
        """Put the file back to mode 0600 if something widened it."""
        try:
            mode = stat.S_IMODE(self.path.stat().st_mode)
            if mode != FILE_MODE:
                os.chmod(self.path, FILE_MODE)
        except FileNotFoundError:
            pass

    def _write(self, values: Mapping[str, Any]) -> None:
        if not ProfilePaths(self.profile).exists():
            return
        atomic_write(self.path, render(values))  # created owner-only (0600)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
