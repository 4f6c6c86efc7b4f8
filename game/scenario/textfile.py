"""A data file's text, read with every failure said in words, and the line of each of its values.

Shared by the YAML and JSON readers (`yamlfile`, `jsonfile`); it needs neither parser, so what a checked
scenario keeps (its `LineMap`) can be read back without loading one.
"""

from __future__ import annotations

import codecs
import os
from typing import Any

from game.scenario.problems import InputError, Problem

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 60
MAX_NUMBER_CHARS = 100

Path = tuple[Any, ...]


class LineMap:
    """Line numbers of the values in a YAML document, by path."""

    def __init__(self) -> None:
        self.lines: dict[Path, int] = {(): 1}

    def line(self, path: Path) -> int:
        """The line of the deepest known value on `path`."""
        path = tuple(path)
        while path not in self.lines:
            path = path[:-1]
        return self.lines[path]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LineMap) and self.lines == other.lines

    __hash__ = None  # type: ignore[assignment]  (changes as a document is read)


def read_text(path: str) -> str:
    """The file's text, or an `InputError` saying why it cannot be read."""
    def fail(message: str, line: int | None = None) -> InputError:
        return InputError([Problem(path, line, message)])

    if os.path.islink(path) and not os.path.exists(path):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        raise fail(f"is a link to {target}, which is not there (or a loop of links)")
    if os.path.isdir(path):
        raise fail("is a directory, not a file")
    if os.path.exists(path) and not os.path.isfile(path):
        raise fail("is not a regular file (a pipe or device?); give the path of a file")
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise fail(f"file is too large ({size} bytes; the limit is {MAX_BYTES})")
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("permission denied: cannot read the file") from None
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror or exc}") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise fail("the file is UTF-16 text; save it as UTF-8")
    if b"\x00" in raw:
        raise fail("this is a binary file, not text", raw[: raw.index(b"\x00")].count(b"\n") + 1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail("the file is not UTF-8 text", raw[: exc.start].count(b"\n") + 1) from None
