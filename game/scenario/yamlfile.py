"""Read YAML safely and remember the line of every value.

`read_yaml(path)` returns the data (built with PyYAML's safe constructor
only) and a `LineMap` from value paths such as ('sides', 0, 'men') to line
numbers.  Every failure becomes an `InputError` naming the file and line.
"""

from __future__ import annotations

import os
from typing import Any

import yaml

from game.scenario.problems import InputError, Problem

MAX_BYTES = 20 * 1024 * 1024
MAX_NODES = 2_000_000
MAX_DEPTH = 60

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


def read_text(path: str) -> str:
    """The file's text, or an `InputError` saying why it cannot be read."""
    def fail(message: str, line: int = 1) -> InputError:
        return InputError([Problem(path, line, message)])

    if os.path.isdir(path):
        raise fail("is a directory, not a file")
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
    if b"\x00" in raw:
        raise fail("this is a binary file, not YAML text", raw[: raw.index(b"\x00")].count(b"\n") + 1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail("the file is not UTF-8 text", raw[: exc.start].count(b"\n") + 1) from None


def read_yaml(path: str) -> tuple[Any, LineMap]:
    """Parse a YAML file with the safe loader; return (data, lines)."""
    return parse_yaml(read_text(path), path)


def parse_yaml(text: str, path: str) -> tuple[Any, LineMap]:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError([Problem(path, 1, "the file is empty")])
        lines = LineMap()
        _walk(node, (), lines, path, [0], 0)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in str(exc):
            what = f"YAML tag {node_tag(exc)} is not allowed here (only plain YAML data)"
        raise InputError([Problem(path, line, f"YAML error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, 1, f"YAML error: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(path, 1, "the YAML is nested too deeply")]) from None
    finally:
        loader.dispose()
    return data, lines


def node_tag(exc: yaml.MarkedYAMLError) -> str:
    text = str(exc.problem or "")
    return text.split("tag", 1)[-1].strip() if "tag" in text else "?"


def _walk(node: yaml.Node, path: Path, lines: LineMap, file: str, count: list[int], depth: int) -> None:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise InputError([Problem(file, node.start_mark.line + 1, "the YAML expands to too many values (aliases?)")])
    if depth > MAX_DEPTH:
        raise InputError([Problem(file, node.start_mark.line + 1, f"the YAML is nested more than {MAX_DEPTH} levels deep")])
    lines.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node.value)[:40]
            line = key_node.start_mark.line + 1
            if key in seen and key != "<<":
                raise InputError([Problem(file, line, f"duplicate key '{key}' (first given on line {seen[key]})")])
            seen[key] = line
            lines.lines.setdefault(path + (key,), line)
            _walk(value_node, path + (key,), lines, file, count, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines, file, count, depth + 1)
