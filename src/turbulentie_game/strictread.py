"""Strict reading of untrusted files: regular files only, bounded bytes, strict UTF-8 and JSON.

Every file the program takes in from someone else (result files, saves, settings, scenario
files, database rows) goes through here, so a FIFO, a device, a lone surrogate, a duplicate key,
a 5,000-digit integer or a 100,000-deep nesting is one clear ReadProblem, never a hang or a
traceback. A ReadProblem's message is a short English detail (for logs and JSON output); its
`said` is the same detail as catalogue data (keys `read.*`), for callers to say in the user's
language inside their own sentences. The reader itself knows no language.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from pathlib import Path

from .i18n import Number, english, said

MAX_INT_DIGITS = 4300  # Python's own limit for int(); every reader range-checks its integers
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
QUOTE_LIMIT = 80  # characters of user content quoted in a message
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


class ReadProblem(ValueError):
    """A file or text that cannot be taken in; the message says why, in plain English words,
    and `said` says the same as a catalogue key (`read.…`) with its fields."""

    def __init__(self, key: str, /, **params):
        self.said = said(key, **params)
        super().__init__(english().say(self.said))


def _not_a_file(mode: int) -> ReadProblem:
    if stat.S_ISDIR(mode):
        return ReadProblem("read.is_folder")
    if stat.S_ISFIFO(mode):
        return ReadProblem("read.is_fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return ReadProblem("read.is_device")
    if stat.S_ISSOCK(mode):
        return ReadProblem("read.is_socket")
    return ReadProblem("read.not_regular")


def read_bytes(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file (or a link to one) of at most `limit` bytes; ReadProblem if not.

    The type is checked before opening and again on the open file (so a file swapped in between
    is caught); the file is opened non-blocking, and never more than `limit` + 1 bytes are read,
    whatever its size claims to be."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ReadProblem("read.not_found") from None
    except OSError as exc:
        raise ReadProblem("read.cannot_open", reason=exc.strerror or str(exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise _not_a_file(info.st_mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReadProblem("read.cannot_open", reason=exc.strerror or str(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_a_file(mode)
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise ReadProblem("read.cannot_read", reason=exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    if got > limit:
        raise ReadProblem("read.too_large", limit=Number(limit))
    return b"".join(chunks)


def decode_utf8(data: bytes) -> str:
    """Strict UTF-8 text (an initial byte-order mark is dropped); ReadProblem names the byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadProblem("read.not_utf8", byte=Number(exc.start)) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_text(path: str | Path, limit: int) -> str:
    """A regular file's strict UTF-8 text of at most `limit` bytes (ReadProblem otherwise)."""
    return decode_utf8(read_bytes(path, limit))


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ReadProblem("read.duplicate_key", key=quote(key))
            seen.add(key)
    return out


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ReadProblem("read.number_too_large", number=quote(text))
    return value


def _constant(text: str) -> object:
    raise ReadProblem("read.not_a_number", text=text)


def _check_tree(data: object) -> None:
    """Refuse texts (values and keys) with lone surrogates, walking the data iteratively."""
    stack: list[object] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                raise ReadProblem("read.surrogate")
        elif isinstance(node, dict):
            stack.extend(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def loads_json(text: str) -> object:
    """Parse strict JSON: no duplicate keys, no NaN/Infinity or numbers beyond a float, no
    integers over MAX_INT_DIGITS digits (every reader then checks the range of its integers),
    no lone surrogates, no nesting deeper than the parser's recursion limit (our files need 5
    levels; every reader checks the shape it expects); ReadProblem says what is wrong (and
    where, for syntax)."""
    try:
        text.encode("utf-8")  # a lone surrogate in the text itself (not from a file: from a row)
    except UnicodeEncodeError:
        raise ReadProblem("read.surrogate") from None
    try:
        data = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_float=_float,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        raise ReadProblem(
            "read.bad_json", line=Number(exc.lineno), column=Number(exc.colno)
        ) from None
    except RecursionError:
        raise ReadProblem("read.too_deep") from None
    except ValueError as exc:  # ReadProblem from a hook, or int() refusing thousands of digits
        if isinstance(exc, ReadProblem):
            raise
        if "digits" in str(exc):
            raise ReadProblem("read.int_too_long", digits=Number(MAX_INT_DIGITS)) from None
        raise ReadProblem("read.not_json") from None
    # a lone surrogate can now only come from a \\uXXXX escape
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        _check_tree(data)
    return data


def read_json(path: str | Path, limit: int) -> object:
    """A regular file's strict JSON (see read_bytes and loads_json)."""
    return loads_json(read_text(path, limit))


def visible(text: object, limit: int = QUOTE_LIMIT) -> str:
    """User content made safe to show: control, escape and direction characters written as
    visible escapes (\\x1b, \\u202e), lone surrogates as \\udxxx, and cut to `limit` characters
    with an ellipsis."""
    s = str(text)
    cut = len(s) > limit
    s = s[:limit]

    def esc(m: re.Match) -> str:
        c = ord(m.group(0))
        return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"

    s = _SURROGATE.sub(esc, _CONTROL.sub(esc, s))
    return s + "…" if cut else s


def quote(text: object, limit: int = QUOTE_LIMIT) -> str:
    """User content in quotes for a message (see visible)."""
    return f"'{visible(text, limit)}'"
