"""Read JSON files (saves, replays) safely and remember the line of every value.

The JSON twin of `yamlfile`: `read_json(path)` returns the data and a
`LineMap` from value paths such as ('turns', 3, 'digest') to line numbers, so
the same shape check (`validate.check_shape`) can name the file and line of
every problem.  Whatever the file holds — numbers of thousands of digits,
NaN, duplicate keys, nesting a thousand deep — ends in an `InputError`,
never in an exception from the parser.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from game.scenario.problems import InputError, Problem, dotted, not_text
from game.scenario.yamlfile import MAX_DEPTH, MAX_NUMBER_CHARS, LineMap, Path, read_text

_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r'-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null')


class _Refused(ValueError):
    """A value the parser was asked to build that no format of ours holds."""


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_CHARS:
        raise _Refused(f"a number of {len(text)} digits is far too large", text)
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused(f"a number of {len(text)} characters is far too long", text)
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused(f"the number {text[:20]} is too large", text)
    return value


def _constant(text: str) -> float:
    raise _Refused(f"{text} is not a number JSON allows", text)


def read_json(path: str) -> tuple[Any, LineMap]:
    """Parse a JSON file; return (data, lines) or raise an `InputError` naming the file and line."""
    return parse_json(read_text(path), path)


def parse_json(text: str, path: str) -> tuple[Any, LineMap]:
    if not text.strip():
        raise InputError([Problem(path, None, "the file is empty")])
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_at(index: int) -> int:
        return bisect.bisect_right(starts, index)

    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise InputError([Problem(path, exc.lineno, f"not valid JSON: {exc.msg}")]) from None
    except _Refused as exc:
        message, token = exc.args
        raise InputError([Problem(path, line_at(max(text.find(token), 0)), message)]) from None
    except RecursionError:
        raise InputError([Problem(path, None, f"the JSON is nested more than {MAX_DEPTH} levels deep")]) from None
    lines = LineMap()
    _Walk(text, path, lines, line_at).value(0, (), 0)
    return data, lines


class _Walk:
    """Record the line of every value of a text json.loads has accepted; refuse duplicate keys and deep nesting."""

    def __init__(self, text: str, path: str, lines: LineMap, line_at) -> None:
        self.text, self.path, self.lines, self.line_at = text, path, lines, line_at

    def fail(self, at: int, message: str) -> InputError:
        return InputError([Problem(self.path, self.line_at(at), message)])

    def space(self, i: int) -> int:
        return _SPACE.match(self.text, i).end()

    def value(self, i: int, path: Path, depth: int) -> int:
        i = self.space(i)
        self.lines.lines.setdefault(path, self.line_at(i))
        c = self.text[i]
        if c in "{[" and depth >= MAX_DEPTH:
            raise self.fail(i, f"the JSON is nested more than {MAX_DEPTH} levels deep")
        if c == "{":
            return self.mapping(i + 1, path, depth)
        if c == "[":
            return self.sequence(i + 1, path, depth)
        if c == '"':
            return self.string(i, path)[1]
        return _SCALAR.match(self.text, i).end()

    def string(self, i: int, path: Path) -> tuple[str, int]:
        """The string starting at the quote at `i` (the value at `path`), refused if it is not text."""
        value, end = json.decoder.scanstring(self.text, i + 1)
        if not_text(value):
            raise self.fail(i, f"{dotted(path)}: {not_text(value)}")
        return value, end

    def mapping(self, i: int, path: Path, depth: int) -> int:
        seen: dict[str, int] = {}
        i = self.space(i)
        if self.text[i] == "}":
            return i + 1
        while True:
            i = self.space(i)
            key, after = self.string(i, path)
            if key in seen:
                raise self.fail(i, f"duplicate key '{key[:40]}' (first given on line {seen[key]})")
            seen[key] = self.line_at(i)
            self.lines.lines.setdefault(path + (key,), seen[key])
            i = self.value(self.space(after) + 1, path + (key,), depth + 1)  # past the ':'
            i = self.space(i)
            if self.text[i] == "}":
                return i + 1
            i += 1  # the ','

    def sequence(self, i: int, path: Path, depth: int) -> int:
        i = self.space(i)
        if self.text[i] == "]":
            return i + 1
        index = 0
        while True:
            i = self.space(self.value(i, path + (index,), depth + 1))
            if self.text[i] == "]":
                return i + 1
            i, index = i + 1, index + 1
