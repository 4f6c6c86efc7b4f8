"""Read JSON files (saves, replays) safely, and find the line of any value.

The JSON twin of `yamlfile`: `read_json(path)` returns the data and a
`LineMap` from value paths such as ('turns', 3, 'digest') to line numbers, so
the same shape check (`validate.check_shape`) can name the file and line of
every problem.  Whatever the file holds — numbers of thousands of digits,
NaN, duplicate keys, nesting a thousand deep, millions of values — ends in an
`InputError`, never in an exception from the parser, and in bounded time and
memory: the text is parsed by the standard library's C decoder, every check
is one pass over what it built, and a line is found only when a problem asks
for it (`JsonLines` follows the value's path through the text, skipping what
lies before it at the decoder's speed).
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from game.scenario.problems import InputError, Problem, dotted, not_text
from game.scenario.textfile import MAX_DEPTH, MAX_NUMBER_CHARS, LineMap, Path, read_text

MAX_VALUES = 1_000_000  # a 20 MB replay holds about 460,000; the shipped ones hold 3,000
_SPACE = re.compile(r"[ \t\n\r]*")
_LONG_NUMBER = re.compile(r"\d{%d}" % (MAX_NUMBER_CHARS + 1))
_DECODER = json.JSONDecoder()


class _Refused(ValueError):
    """A value the parser was asked to build that no format of ours holds."""


class _Twice(dict):
    """A JSON object that named a key twice (the data keeps the last; the check says where)."""

    def __init__(self, pairs: list[tuple[str, Any]], key: str):
        super().__init__(pairs)
        self.twice = key


def _object(pairs: list[tuple[str, Any]]) -> dict:
    made = dict(pairs)
    if len(made) == len(pairs):
        return made
    seen: set[str] = set()
    return _Twice(pairs, next(k for k, _ in pairs if k in seen or seen.add(k)))


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


_LAST: list[tuple[str, str, Any, LineMap]] = []  # the last file read: a command sniffs a file, then loads it


def read_json(path: str) -> tuple[Any, LineMap]:
    """Parse a JSON file; return (data, lines) or raise an `InputError` naming the file and line. The data is
    not to be changed: the same is handed to the next reader of the same text."""
    text = read_text(path)
    if _LAST and _LAST[0][:2] == (path, text):
        return _LAST[0][2:]
    data, lines = parse_json(text, path)
    _LAST[:] = [(path, text, data, lines)]
    return data, lines


def parse_json(text: str, path: str) -> tuple[Any, LineMap]:
    if not text.strip():
        raise InputError([Problem(path, None, "the file is empty")])
    lines = JsonLines(text)
    if text.count(",") + text.count("[") + text.count("{") >= MAX_VALUES:
        raise InputError([Problem(path, None, f"the file holds more than {MAX_VALUES:,} values (the limit)")])
    hooks: dict[str, Any] = {"parse_float": _float, "parse_constant": _constant, "object_pairs_hook": _object}
    if _LONG_NUMBER.search(text):  # only then is every whole number looked at as it is read
        hooks["parse_int"] = _int
    try:
        data = json.loads(text, **hooks)
    except json.JSONDecodeError as exc:
        if text.lstrip()[:1] not in "{[" and path.lower().endswith((".yaml", ".yml")):
            raise InputError([Problem(path, None, "this is a YAML file (a scenario or a campaign), not a save or a "
                                                  "replay, which the game writes as JSON")]) from None
        raise InputError([Problem(path, exc.lineno, f"not valid JSON: {exc.msg}")]) from None
    except _Refused as exc:
        message, token = exc.args
        raise InputError([Problem(path, lines.line_at(max(text.find(token), 0)), message)]) from None
    except RecursionError:
        raise InputError([Problem(path, None, f"the JSON is nested more than {MAX_DEPTH} levels deep")]) from None
    except ValueError as exc:  # a number Python will not convert (thousands of digits)
        raise InputError([Problem(path, None, f"cannot read a number: {str(exc)[:200]}")]) from None
    problem = first_problem(data)
    if problem:
        where, message = problem
        raise InputError([Problem(path, lines.line(where), message)])
    return data, lines


def first_problem(data: Any) -> tuple[Path, str] | None:
    """The first value no file of ours may hold — nesting too deep, a key given twice, a string that is not
    text — with its path; None when there is none. One pass, no recursion."""
    stack: list[tuple[Any, Path]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if not_text(value):
                return path, f"{dotted(path)}: {not_text(value)}"
            continue
        if not isinstance(value, (dict, list)):
            continue
        if len(path) >= MAX_DEPTH:
            return path, f"the JSON is nested more than {MAX_DEPTH} levels deep"
        if isinstance(value, _Twice):
            return path + (value.twice,), f"duplicate key '{value.twice[:40]}' in {dotted(path)}"
        items = value.items() if isinstance(value, dict) else enumerate(value)
        inner = []
        for key, item in items:
            if isinstance(key, str) and not_text(key):
                return path, f"{dotted(path)}: a key here: {not_text(key)}"
            if isinstance(item, str):
                if not_text(item):
                    return path + (key,), f"{dotted(path + (key,))}: {not_text(item)}"
            elif isinstance(item, (dict, list)):
                inner.append((item, path + (key,)))
        stack.extend(reversed(inner))
    return None


class JsonLines(LineMap):
    """The line of a value of a JSON text, found when asked: its path followed through the text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found: dict[Path, int] = {(): _SPACE.match(text, 0).end()}

    def line_at(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index)

    def line(self, path: Path) -> int:
        return self.line_at(self.find(tuple(path)))

    def find(self, path: Path) -> int:
        """Where the value at `path` starts (or the deepest value on the way there that the text holds)."""
        depth = len(path)
        while path[:depth] not in self.found:
            depth -= 1
        i = self.found[path[:depth]]
        for depth in range(depth, len(path)):
            step, here = path[depth], self.text[i:i + 1]
            inner = self.member(i, step) if here == "{" and isinstance(step, str) else \
                self.item(i, step) if here == "[" and isinstance(step, int) else None
            if inner is None:
                break
            i = self.found[path[:depth + 1]] = inner
        return i

    def member(self, i: int, key: str) -> int | None:
        """Where the value of `key` starts in the object at `i` (its last giving, as the data holds it)."""
        found, i = None, self.space(i + 1)
        while self.text[i:i + 1] == '"':
            name, after = json.decoder.scanstring(self.text, i + 1)
            start = self.space(self.space(after) + 1)
            if name == key:
                found = start
            i = self.space(self.skip(start))
            if self.text[i:i + 1] != ",":
                break
            i = self.space(i + 1)
        return found

    def item(self, i: int, index: int) -> int | None:
        i = self.space(i + 1)
        for _ in range(index):
            if self.text[i:i + 1] in ("]", ""):
                return None
            i = self.space(self.skip(i))
            if self.text[i:i + 1] != ",":
                return None
            i = self.space(i + 1)
        return i if self.text[i:i + 1] not in ("]", "") else None

    def skip(self, i: int) -> int:
        """The end of the value at `i` (the decoder's speed)."""
        try:
            return _DECODER.raw_decode(self.text, i)[1]
        except (ValueError, RecursionError):
            return len(self.text)

    def space(self, i: int) -> int:
        return _SPACE.match(self.text, i).end()
