"""A profile's settings file (Qt-free): in the profile, mode 0600, only the listed
non-sensitive preferences, and nothing written before the profile exists."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from hcdesk.store import settings as prefs
from hcdesk.store.settings import AUTO_LOCK_S, SYNC_INTERVAL_S, WINDOW_GEOMETRY, ProfileSettings
from hcdesk.store.store import Store


@pytest.fixture
def profile(make_store: Callable[..., Store], tmp_path: Path) -> Path:
    make_store("profile").close()
    return tmp_path / "profile"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_settings_are_written_in_the_profile_at_mode_0600_whatever_the_umask(
    profile: Path,
) -> None:
    old = os.umask(0)
    try:
        ProfileSettings(profile).set(AUTO_LOCK_S, 600)
    finally:
        os.umask(old)
    path = profile / "settings.json"
    assert mode(path) == 0o600
    assert json.loads(path.read_text("utf-8")) == {
        "format": "hcdesk-settings",
        "version": 1,
        "settings": {"auto_lock_seconds": 600},
    }
    assert ProfileSettings(profile).get(AUTO_LOCK_S) == 600
    assert [p.name for p in profile.iterdir() if p.name.startswith(".settings")] == []


def test_a_widened_settings_file_goes_back_to_0600(profile: Path) -> None:
    settings = ProfileSettings(profile)
    settings.set(AUTO_LOCK_S, 600)
    os.chmod(settings.path, 0o644)
    settings.keep_private()
    assert mode(settings.path) == 0o600
    # A leftover temporary file of another mode does not pass its mode on either.
    tmp = profile / ".settings.json.tmp"
    tmp.write_text("{}")
    os.chmod(tmp, 0o644)
    settings.set(AUTO_LOCK_S, 900)
    assert mode(settings.path) == 0o600 and settings.get(AUTO_LOCK_S) == 900


def test_only_listed_settings_are_kept_so_a_case_id_cannot_be(profile: Path) -> None:
    settings = ProfileSettings(profile)
    with pytest.raises(ValueError, match="not a setting"):
        settings.update({"last_case": "01a24f78-1ef9-7877-9435-93b8306d54cd"})
    assert not settings.path.exists()
    # Written by hand (or an older hcdesk): read past, and dropped at the next write.
    settings.path.write_text(
        json.dumps(
            {
                "format": "hcdesk-settings",
                "version": 1,
                "settings": {"last_case": "01a24f78", "auto_lock_seconds": 120},
            }
        )
    )
    assert settings.values() == {"auto_lock_seconds": 120}
    settings.set(SYNC_INTERVAL_S, 30)
    assert "01a24f78" not in settings.path.read_text("utf-8")


@pytest.mark.parametrize(
    "stored",
    [True, "600", -5, 10**9, float("nan"), 59, 300.5, None, [600]],
)
def test_a_setting_out_of_range_or_of_the_wrong_kind_reads_as_its_default(
    profile: Path, stored: object
) -> None:
    settings = ProfileSettings(profile)
    body = {"format": "hcdesk-settings", "version": 1, "settings": {"auto_lock_seconds": stored}}
    settings.path.write_text(json.dumps(body))
    assert settings.get(AUTO_LOCK_S) == 300
    if stored is not None:
        with pytest.raises(ValueError):
            settings.set(AUTO_LOCK_S, stored)


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"settings": {}}', "\udcff"])
def test_an_unreadable_settings_file_reads_as_the_defaults(profile: Path, text: str) -> None:
    settings = ProfileSettings(profile)
    settings.path.write_bytes(text.encode("utf-8", "surrogateescape"))
    assert settings.values() == {}
    assert settings.get(AUTO_LOCK_S) == 300 and settings.get(WINDOW_GEOMETRY) == ""


def test_nothing_is_written_before_the_profile_exists(tmp_path: Path) -> None:
    """A new profile is only made in an empty directory: a settings file must not fill it."""
    empty = tmp_path / "new-profile"
    empty.mkdir()
    settings = ProfileSettings(empty)
    settings.set(AUTO_LOCK_S, 600)
    assert settings.take_over({"auto_lock_seconds": 600}) == {}
    assert list(empty.iterdir()) == []
    assert not (tmp_path / "missing").exists()
    ProfileSettings(tmp_path / "missing").set(AUTO_LOCK_S, 600)
    assert not (tmp_path / "missing").exists()


def test_old_settings_are_taken_over_once_and_only_the_listed_ones(profile: Path) -> None:
    settings = ProfileSettings(profile)
    taken = settings.take_over(
        {"auto_lock_seconds": 120, "last_case": "01a24f78", "sync/debounce_ms": -1}
    )
    assert taken == {"auto_lock_seconds": 120}
    assert settings.values() == {"auto_lock_seconds": 120}
    assert settings.take_over({"auto_lock_seconds": 900}) == {}
    assert settings.get(AUTO_LOCK_S) == 120


def test_every_setting_has_a_default_it_accepts() -> None:
    for setting in prefs.SETTINGS.values():
        assert setting.check(setting.default) == setting.default, setting.key
