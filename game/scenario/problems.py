"""Problems found in an input file, each pinned to a file and, where there is one, a line."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

MESSAGE_CHARS = 600  # a message longer than this is cut: nobody reads more, and the window must not freeze


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # None: the problem is with the file as a whole, or with no line of it
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else "warning: "
        where = f"{self.file}:{self.line}:" if self.line else f"{self.file}:"
        return shown(f"{where} {tag}{self.message}", MESSAGE_CHARS)


_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def not_text(value: str) -> str:
    """Why a string read from a file is no text to show ("" when it is): a control character or half a surrogate pair."""
    found = _NOT_TEXT.search(value)
    if not found:
        return ""
    ch = found.group()
    if "\ud800" <= ch <= "\udfff":
        return f"a string here holds half of a UTF-16 surrogate pair ({ascii(ch)[1:-1]}), which is not text"
    return f"a string here holds the control character {ascii(ch)[1:-1]}; only text, tabs and line breaks are allowed"


def shown(text: object, limit: int = MESSAGE_CHARS) -> str:
    """Text from a file made safe to print or draw: control characters and lone surrogates
    escaped, and cut to `limit` characters."""
    text = str(text)
    if len(text) > limit * 2:
        text = text[: limit * 2]
    out = "".join(map(_safe, text))
    return out if len(out) <= limit else out[: limit - 1] + "…"


def _safe(ch: str) -> str:
    kind = unicodedata.category(ch)
    if ch == "\n" or kind[0] not in "CZ":
        return ch
    return " " if kind == "Zs" else ascii(ch)[1:-1]


def problem(file: str, message: str, line: int | None = None) -> "InputError":
    """One problem as an error to raise: `raise problem(path, "what is wrong", line)`."""
    return InputError([Problem(file, line, message)])


def within(outer: str, exc: "InputError") -> "InputError":
    """Problems in a file another file points at, named from the outer one first (a save's scenario)."""
    return InputError([Problem(outer, None, f"{p.file}{':' + str(p.line) if p.line else ''}: {p.message}", p.severity)
                       if p.file != outer else p for p in exc.problems])


MOST_SHOWN = 50  # problems listed at once: a file of ten thousand bad lines is told in a screenful
ALSO_SHOWN = 8  # the other lines named for a problem found at many


def listed(problems: list[Problem], most: int = MOST_SHOWN) -> list[str]:
    """The problems as lines to print: the same problem at several lines of a file once, at its first line and
    naming the others (a side's id misspelt once is not told forty times); the first `most` of them, and a line
    saying how many more there are."""
    alike: dict[tuple[str, str, str], list[Problem]] = {}
    for p in problems:
        alike.setdefault((p.file, p.message, p.severity), []).append(p)
    lines = [str(same[0]) + elsewhere([p.line for p in same[1:] if p.line]) for same in alike.values()]
    if len(lines) > most:
        rest = list(alike.values())[most][0]
        lines[most:] = [f"... and {len(lines) - most:,} more problems in {rest.file} like these"]
    return lines


def elsewhere(lines: list[int]) -> str:
    """' (also at lines 76, 77 and 40 more)' for the other lines a problem was found at."""
    lines = sorted(set(lines))
    if not lines:
        return ""
    named = ", ".join(map(str, lines[:ALSO_SHOWN]))
    more = f" and {len(lines) - ALSO_SHOWN} more" if len(lines) > ALSO_SHOWN else ""
    return f" (also at line{'s' if len(lines) > 1 else ''} {named}{more})"


class InputError(Exception):
    """Raised with every problem found; the CLI prints them and exits 2."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))
        super().__init__("\n".join(listed(self.problems)))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def dotted(loc: tuple) -> str:
    """A value's place in a file as a dotted name: turns[3].orders[0]."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def at_field(file: str, lines, message: str, where: tuple = ()) -> InputError:
    """A problem with the value at `where` of a file read with line numbers: at its line, its name first."""
    if not where:
        return InputError([Problem(file, None, message)])
    return InputError([Problem(file, lines.line(where), f"{dotted(where)}: {message}")])


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a close match among `choices`, else ''."""
    matches = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
