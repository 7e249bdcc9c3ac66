"""One sentence for every error: ``hcdesk.errors.message_for`` is what the desktop and the command
line show, for every typed error (store, keyring, file, sync, export, central store) and for the
untyped ones (a file or disk error, cancelling, running out of memory, a bug)."""

from __future__ import annotations

import errno
import importlib
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import hcdesk
from hcdesk import cli
from hcdesk import errors as errors_module
from hcdesk.errors import HcdeskError, StoreFull, ValidationFailed, message_for
from hcdesk.sync import errors as sync_errors

PACKAGE = Path(hcdesk.__file__).resolve().parent
GENERIC = (HcdeskError.default_message, "Something went wrong")
# Words a person should never read in an error: a programmer's, or the CLI's catch-all.
NOT_FOR_PEOPLE = re.compile(r"unexpected|traceback|exception|\bNone\b|\w+_\w+|\w+Error\b", re.I)


def _import_everything_but_the_ui() -> None:
    for info in pkgutil.walk_packages(hcdesk.__path__, "hcdesk."):
        name = info.name
        if name == "hcdesk.ui" or name.startswith("hcdesk.ui."):
            continue  # Qt; its errors are the ones below
        if name in ("hcdesk.__main__", "hcdesk.store.migrations.env"):
            continue  # the first runs the CLI, the second is run only by Alembic
        importlib.import_module(name)


def _subclasses(cls: type[HcdeskError]) -> Iterator[type[HcdeskError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


_import_everything_but_the_ui()
TYPED = sorted(set(_subclasses(HcdeskError)), key=lambda c: f"{c.__module__}.{c.__qualname__}")
SYNC = [
    sync_errors.SyncError,
    sync_errors.SyncOffline,
    sync_errors.NotLoggedIn,
    sync_errors.ServerRefused,
    sync_errors.DeviceRevoked,
    sync_errors.SyncCancelled,
]


def _human(message: str) -> None:
    assert message and message == message.strip(), repr(message)
    assert message[0].isupper() and message.endswith("."), message
    assert "\n" not in message and len(message) < 300, message
    assert not NOT_FOR_PEOPLE.search(message), message


def test_every_typed_error_is_found() -> None:
    names = {c.__name__ for c in TYPED}
    for expected in ("StoreFull", "KeyringUnavailable", "DiskFull", "StaleEdit", "FontsMissing"):
        assert expected in names
    assert set(SYNC) <= set(TYPED)


@pytest.mark.parametrize("cls", TYPED, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_typed_error_raised_without_a_sentence_still_gets_its_own(
    cls: type[HcdeskError],
) -> None:
    bare = cls.__new__(cls)  # no message at all: as if raised with none
    message = message_for(bare)
    _human(message)
    assert not message.startswith(GENERIC), f"{cls.__name__} has only the generic sentence"
    assert cls.__name__ not in message
    assert message == str(bare)  # the GUI, the CLI and the API read the same sentence
    assert message_for(cls.__new__(cls, "")) == message  # an empty sentence is none


@pytest.mark.parametrize(
    "cls",
    [c for c in TYPED if c.__module__ in (errors_module.__name__, sync_errors.__name__)],
    ids=lambda c: c.__name__,
)
def test_each_core_and_sync_error_has_a_sentence_of_its_own(cls: type[HcdeskError]) -> None:
    assert "default_message" in vars(cls), f"{cls.__name__} only inherits its sentence"
    parents = [b for b in cls.__mro__[1:] if issubclass(b, HcdeskError)]
    assert all(cls.default_message != p.default_message for p in parents)


@pytest.mark.parametrize("cls", SYNC, ids=lambda c: c.__name__)
def test_a_sync_error_says_what_became_of_the_unsent_changes(cls: type[HcdeskError]) -> None:
    if cls is sync_errors.DeviceRevoked:
        return  # what the device lost or kept is in the sentence it is raised with
    message = message_for(cls.__new__(cls)).lower()
    assert "unsent" in message or "kept" in message, message


def test_the_sentence_an_error_was_raised_with_is_the_one_shown() -> None:
    specific = "The disk holding the profile /p is full, so nothing was changed."
    assert message_for(StoreFull(specific)) == specific
    assert message_for(sync_errors.SyncOffline("The central store is busy.", 30)) == (
        "The central store is busy."
    )
    assert message_for(ValidationFailed(["a: b", "c: d"], "cases.json")) == (
        "cases.json has 2 problems; nothing was saved"
    )


UNTYPED = [
    OSError(errno.ENOSPC, "No space left on device", "/media/usb/cases.json"),
    OSError(errno.ENOSPC, "No space left on device"),
    PermissionError(errno.EACCES, "Permission denied", "/root/cases.json"),
    FileNotFoundError(errno.ENOENT, "No such file or directory", "/tmp/absent.json"),
    IsADirectoryError(errno.EISDIR, "Is a directory", "/tmp"),
    OSError(errno.EIO, "Input/output error"),
    ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"),
    TimeoutError("timed out"),
    KeyboardInterrupt(),
    MemoryError(),
]


@pytest.mark.parametrize(
    "exc",
    UNTYPED,
    ids=lambda e: (
        f"{type(e).__name__}-{e.errno or ''}" if isinstance(e, OSError) else type(e).__name__
    ),
)
def test_untyped_errors_a_person_can_act_on_get_a_plain_sentence(exc: BaseException) -> None:
    message = message_for(exc)
    _human(message)
    assert not message.startswith(GENERIC), message
    if isinstance(exc, OSError) and exc.filename:
        assert exc.filename in message


def test_a_bug_names_its_kind_but_never_its_text() -> None:
    message = message_for(ValueError("Jane Doe, 12 Acacia Avenue"))
    assert message == "Something went wrong (ValueError); nothing further was changed."
    assert "Jane" not in message and "Acacia" not in message


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (StoreFull(), 5),
        (sync_errors.SyncOffline("The central store could not be reached."), 75),
        (sync_errors.NotLoggedIn(), 77),
        (ValidationFailed(["cases[0].urn: missing"], "cases.json"), 4),
        (FileNotFoundError(errno.ENOENT, "No such file or directory", "/tmp/absent.json"), 5),
        (KeyboardInterrupt(), 130),
        (ValueError("Jane Doe"), 70),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else str(v),
)
def test_the_cli_prints_the_same_sentence_with_its_exit_status(
    capsys: pytest.CaptureFixture[str], exc: BaseException, status: int
) -> None:
    with cli._errors(debug=False) as code:
        raise exc
    assert code[0] == status
    first = capsys.readouterr().err.splitlines()[0]
    assert first.startswith(f"hcdesk: {message_for(exc)}")
    assert "Jane" not in first


def test_there_is_one_message_for() -> None:
    defined = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if re.search(r"^\s*def message_for\(", path.read_text("utf-8"), re.M)
    ]
    assert defined == ["errors.py"]
