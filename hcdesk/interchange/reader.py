"""Reading an interchange file a case at a time, in bounded memory.

The file is opened without blocking and refused unless it is a regular file (a FIFO, a device
such as ``/dev/zero`` or a directory never hangs or fills memory; a symlink to a regular file is
fine). Its text is read in chunks of :data:`CHUNK` bytes; the top-level object is taken apart
here, and each case (and each other top-level value) is parsed on its own with the standard
JSON parser, so at most one case, of at most ``MAX_CASE_CHARS``, is in memory at a time.

Every refusal is a :class:`~hcdesk.errors.ValidationFailed` with one line for the whole file.
Duplicate keys are not refused here: objects that have them come back as :class:`DuplicateKeys`,
so the importer can name them by their path.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hcdesk.errors import ValidationFailed
from hcdesk.models.values import key_text

CHUNK = 1 << 20
_WS = re.compile(r"[ \t\n\r]*")
_LOOKAHEAD = 64  # a value ending this close to the end of what is read may go on: read more


class DuplicateKeys(dict[str, Any]):
    """A JSON object that gave some keys more than once (the last value of each is kept)."""

    twice: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    dup = DuplicateKeys(obj)
    seen: set[str] = set()
    dup.twice = []
    for key, _ in pairs:
        if key in seen and key not in dup.twice:
            dup.twice.append(key)
        seen.add(key)
    return dup


class _NotJson(ValueError):
    pass


class _TooBig(ValidationFailed):
    pass


def _constant(name: str) -> Any:
    raise _NotJson(f"{name} is not a JSON value")


_DECODER = json.JSONDecoder(object_pairs_hook=_object, parse_constant=_constant)


def refuse(message: str, path: Path) -> ValidationFailed:
    return ValidationFailed([message], what=str(path))


def changed(path: Path) -> ValidationFailed:
    return refuse(
        f"{path} changed while it was being imported; nothing was saved. Import it again once "
        "nothing else is writing it.",
        path,
    )


def open_regular(path: Path) -> int:
    """A descriptor for reading ``path``, which must be a regular file (symlinks followed).

    Opened non-blocking, so that a FIFO with no writer cannot hang the open; then refused on
    its type before anything is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise refuse(f"cannot read {path}: {exc.strerror}", path) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = (
                "a folder"
                if stat.S_ISDIR(mode)
                else "a named pipe (FIFO)"
                if stat.S_ISFIFO(mode)
                else "a device"
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket"
                if stat.S_ISSOCK(mode)
                else "not a regular file"
            )
            raise refuse(f"{path} is {kind}; give a regular file to import", path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


class Digests:
    """The SHA-256 of each chunk of a file as it was first read, to tell on a later read that
    the file has changed since it was checked."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0


class JsonStream:
    """The text of one file, read chunk by chunk, with positions in file lines and columns."""

    def __init__(
        self,
        fd: int,
        path: Path,
        max_bytes: int,
        *,
        record: Digests | None = None,
        verify: Digests | None = None,
    ) -> None:
        self.fd, self.path, self.max_bytes = fd, path, max_bytes
        self.record, self.verify = record, verify
        self.text = ""
        self.pos = 0
        self.eof = False
        self.bytes_read = 0
        self.chunk_no = 0
        self.lines_before = 0  # newlines in the text already dropped
        self.col_before = 0  # characters after the last dropped newline
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.first = True

    # -- reading ----------------------------------------------------------------------------
    def _read_chunk(self) -> bytes:
        parts: list[bytes] = []
        want = CHUNK
        while want:
            data = os.read(self.fd, want)
            if not data:
                break
            parts.append(data)
            want -= len(data)
        return b"".join(parts)

    def _more(self, at_least: int = 1) -> None:
        """Read on until ``at_least`` more characters are there, or to the end of the file."""
        if self.pos:
            dropped = self.text[: self.pos]
            newlines = dropped.count("\n")
            if newlines:
                self.lines_before += newlines
                self.col_before = len(dropped) - dropped.rfind("\n") - 1
            else:
                self.col_before += len(dropped)
            self.text = self.text[self.pos :]
            self.pos = 0
        target = len(self.text) + at_least
        pieces = [self.text]
        have = len(self.text)
        while have < target and not self.eof:
            data = self._read_chunk()
            self._check_chunk(data)
            start = self.bytes_read
            self.bytes_read += len(data)
            if self.bytes_read > self.max_bytes:
                raise refuse(self.too_large(), self.path)
            pending = len(self.decoder.getstate()[0])
            try:
                piece = self.decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                offset = start - pending + exc.start
                raise refuse(
                    f"{self.path} is not UTF-8 text (bad byte at offset {offset})", self.path
                ) from None
            if not data:
                self.eof = True
            if self.first and piece:
                self.first = False
                if piece[0] == "\ufeff":  # a byte-order mark, as some Windows tools write
                    piece = piece[1:]
            pieces.append(piece)
            have += len(piece)
        self.text = "".join(pieces)

    def _check_chunk(self, data: bytes) -> None:
        if self.record is None and self.verify is None:
            return
        digest = hashlib.sha256(data).digest()
        n = self.chunk_no
        self.chunk_no += 1
        if self.record is not None:
            self.record.chunks.append(digest)
            self.record.size += len(data)
        if self.verify is not None:
            known = self.verify.chunks
            if n >= len(known) or known[n] != digest:
                raise changed(self.path)

    def too_large(self) -> str:
        return (
            f"{self.path} is larger than {self.max_bytes // 2**20:,} MiB, the most one file "
            "may hold; split it into smaller files"
        )

    # -- positions --------------------------------------------------------------------------
    def where(self, pos: int) -> tuple[int, int]:
        """Line and column (from 1) of a position in the text, as the json module counts."""
        line = self.lines_before + self.text.count("\n", 0, pos) + 1
        last = self.text.rfind("\n", 0, pos)
        col = pos - last if last >= 0 else self.col_before + pos + 1
        return line, col

    def syntax(self, msg: str, pos: int) -> ValidationFailed:
        line, col = self.where(pos)
        return refuse(f"not valid JSON at line {line}, column {col}: {msg}", self.path)

    # -- tokens -----------------------------------------------------------------------------
    def peek(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            m = _WS.match(self.text, self.pos)
            assert m is not None
            self.pos = m.end()
            if self.pos < len(self.text):
                return self.text[self.pos]
            if self.eof:
                return ""
            self._more()

    def value(self, limit: int, where: str, what: str) -> Any:
        """Parse the JSON value that starts here (of at most ``limit`` characters)."""
        self.peek()
        while True:
            start = self.pos
            try:
                value, end = _DECODER.raw_decode(self.text, start)
            except json.JSONDecodeError as exc:
                if not self.eof and (
                    exc.pos >= len(self.text) - _LOOKAHEAD
                    or exc.msg.startswith("Unterminated string")
                ):
                    self._grow(limit, where, what)
                    continue
                raise self.syntax(exc.msg, exc.pos) from None
            except RecursionError:
                raise refuse("the JSON is nested too deeply", self.path) from None
            except _NotJson as exc:
                raise refuse(f"{where}: not valid JSON: {exc}", self.path) from None
            except ValueError:  # e.g. a number of more than 4,300 digits
                raise refuse(f"{where}: holds a number too long to read", self.path) from None
            if end > len(self.text) - _LOOKAHEAD and not self.eof:
                self._grow(limit, where, what)  # a number may go on past what was read
                continue
            if end - start > limit:
                raise _TooBig([self._too_big(limit, where, what)], str(self.path))
            self.pos = end
            return value

    def _grow(self, limit: int, where: str, what: str) -> None:
        have = len(self.text) - self.pos
        if have > limit:
            raise _TooBig([self._too_big(limit, where, what)], str(self.path))
        self._more(max(CHUNK, have))  # double what is held, so parsing stays linear

    @staticmethod
    def _too_big(limit: int, where: str, what: str) -> str:
        return f"{where}: {what} takes more than {limit:,} characters of JSON, the most allowed"

    def expect(self, char: str, msg: str) -> None:
        if self.peek() != char:
            raise self.syntax(msg, self.pos)
        self.pos += 1


def read_object(
    stream: JsonStream,
    stream_key: str,
    item_limit: int,
    on_item: Callable[[int, Any], None],
    on_member: Callable[[str, Any], None],
    on_not_object: Callable[[], None],
    item_name: str = "this case",
) -> list[str]:
    """Take apart a top-level JSON object, a value at a time; returns its keys in order.

    The list under ``stream_key`` is handed to ``on_item`` an item at a time (each of at most
    ``item_limit`` characters); the value of every other key (``stream_key`` too, when it is not
    a list) to ``on_member``. A key given twice is refused. A document that is valid JSON but
    not an object goes to ``on_not_object``. ``item_name`` is what a message calls an item
    that is too long.
    """
    first = stream.peek()
    if first != "{":
        if first == "":
            raise stream.syntax("Expecting value", stream.pos)
        try:
            stream.value(item_limit, "the file", "the document")  # a syntax error says where
        except _TooBig:
            pass  # valid or not, it is no object
        else:
            if stream.peek() != "":
                raise stream.syntax("Extra data", stream.pos)
        on_not_object()
        return []
    stream.pos += 1
    keys: list[str] = []
    if stream.peek() == "}":
        stream.pos += 1
    else:
        while True:
            if stream.peek() != '"':
                raise stream.syntax("Expecting property name enclosed in double quotes", stream.pos)
            key = stream.value(1000, "the file", "a key")
            if key in keys:
                raise refuse(
                    f"{key_text(key)}: is given twice in the document (keys must be unique)",
                    stream.path,
                )
            keys.append(key)
            stream.expect(":", "Expecting ':' delimiter")
            if key == stream_key and stream.peek() == "[":
                stream.pos += 1
                _read_list(stream, key, item_limit, on_item, item_name)
            else:
                on_member(key, stream.value(item_limit, key_text(key), "the value"))
            after = stream.peek()
            if after == ",":
                stream.pos += 1
                continue
            if after == "}":
                stream.pos += 1
                break
            raise stream.syntax("Expecting ',' delimiter", stream.pos)
    if stream.peek() != "":
        raise stream.syntax("Extra data", stream.pos)
    return keys


def _read_list(
    stream: JsonStream,
    key: str,
    item_limit: int,
    on_item: Callable[[int, Any], None],
    item_name: str,
) -> None:
    if stream.peek() == "]":
        stream.pos += 1
        return
    n = 0
    while True:
        on_item(n, stream.value(item_limit, f"{key}[{n}]", item_name))
        n += 1
        after = stream.peek()
        if after == ",":
            stream.pos += 1
            continue
        if after == "]":
            stream.pos += 1
            return
        raise stream.syntax("Expecting ',' delimiter", stream.pos)


__all__ = [
    "CHUNK",
    "Digests",
    "DuplicateKeys",
    "JsonStream",
    "changed",
    "open_regular",
    "read_object",
    "refuse",
]
