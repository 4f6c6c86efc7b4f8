"""Plausible ranges of the rules' numbers: what a sweep may vary, and by how much.

A number in `game/data/rules.yaml` (or in a scenario's `rules:`) that is a
design choice or an assumption is written with its range and source:

    base_loss: {value: 0.05, range: [0.03, 0.08], source: "design choice after Dupuy"}

The game plays with `value`; `dushanbe sweep` samples within `range`.  Each
end of a pair is ranged on its own (`share: [{value: 0.02, range: [0.01,
0.04]}, {value: 0.08, range: [0.05, 0.15]}]`, swept as `defection.share[0]`
and `defection.share[1]`).  Both
ends of a range must be values the rulebook accepts there, and the value must
lie between them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from game.scenario.problems import InputError, Problem, dotted

Path = tuple


@dataclass(frozen=True)
class Range:
    """A number the rules use, its plausible range and where it comes from."""
    path: Path  # ('defection', 'base_local')
    value: float
    low: float
    high: float
    source: str = ""
    whole: bool = False  # a whole number (days, points): samples are rounded

    @property
    def name(self) -> str:
        return dotted(self.path)

    def at(self, share: float) -> float | int:
        """The value `share` of the way from low to high (a sample in [0, 1] mapped onto the range)."""
        value = self.low + share * (self.high - self.low)
        return round(value) if self.whole else value


def is_ranged(node: Any) -> bool:
    return isinstance(node, dict) and "value" in node and "range" in node and set(node) <= {"value", "range", "source"}


def split(data: Any, path: Path = ()) -> tuple[Any, dict[Path, dict]]:
    """The data with every ranged number replaced by its value, and the ranged entries by path."""
    if is_ranged(data):
        return data["value"], {path: data}
    if isinstance(data, dict):
        plain, found = {}, {}
        for key, value in data.items():
            plain[key], inner = split(value, path + (key,))
            found.update(inner)
        return plain, found
    if isinstance(data, list):  # a pair such as `defection.share`: each end may be ranged on its own
        plain_list, found = [], {}
        for index, value in enumerate(data):
            item, inner = split(value, path + (index,))
            plain_list.append(item)
            found.update(inner)
        return plain_list, found
    return data, {}


def merge_ranged(base: Any, over: Any) -> Any:
    """`over` laid on `base`; a plain number over a ranged one keeps the range and changes the value."""
    if is_ranged(base) and not isinstance(over, dict):
        return {**base, "value": over}
    if isinstance(base, list) and isinstance(over, list) and len(base) == len(over):  # a pair: end by end
        return [merge_ranged(b, o) for b, o in zip(base, over)]
    if isinstance(base, dict) and isinstance(over, dict) and not is_ranged(over):
        out = copy.deepcopy(base)
        for key, value in over.items():
            out[key] = merge_ranged(out[key], value) if key in out else value
        return out
    return copy.deepcopy(over)


def ranges_of(entries: dict[Path, dict], locate) -> dict[str, Range]:
    """Each ranged entry as a Range, or an InputError at its line saying what is wrong with it.

    `locate(path)` gives the file, its LineMap and the path's prefix in that file
    (a scenario's own ranges are under `rules:`; the shipped ones are not).
    """
    problems, out = [], {}
    for path, entry in sorted(entries.items(), key=lambda item: dotted(item[0])):
        file, lines, prefix = locate(path)
        where = prefix + path

        def fail(message: str, part: str = "") -> None:
            problems.append(Problem(file, lines.line(where + ((part,) if part else ())),
                                    f"{dotted(where)}{'.' + part if part else ''}: {message}"))

        value, bounds = entry["value"], entry["range"]
        if not (isinstance(bounds, list) and len(bounds) == 2 and all(_number(b) for b in bounds)):
            fail("a range is [low, high], two numbers", "range")
        elif not _number(value):
            fail("a ranged value is a number", "value")
        elif not bounds[0] < bounds[1]:
            fail(f"the low end must be below the high end (got {bounds})", "range")
        elif not bounds[0] <= value <= bounds[1]:
            fail(f"the value {value} is outside its range {bounds}; widen the range or change the value")
        else:
            whole = all(isinstance(v, int) for v in (value, *bounds))
            out[dotted(path)] = Range(path, value, bounds[0], bounds[1], str(entry.get("source", "")), whole)
    if problems:
        raise InputError(problems)
    return out


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def ends_allowed(model, plain: dict, ranges: dict[str, Range], locate) -> None:
    """Both ends of every range must be values the rulebook accepts there (all lows at once, then all highs)."""
    import pydantic

    problems = []
    for end in ("low", "high"):
        try:
            model.model_validate(with_values(plain, {r.path: getattr(r, end) for r in ranges.values()}))
        except pydantic.ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = tuple(err["loc"])
                for r in ranges.values():
                    if loc[: len(r.path)] == r.path:
                        file, lines, prefix = locate(r.path)
                        problems.append(Problem(file, lines.line(prefix + r.path + ("range",)),
                                                f"{dotted(prefix + r.path)}.range: the {end} end {getattr(r, end)} "
                                                f"is not allowed here: {err['msg']}"))
    if problems:
        raise InputError(problems)


def with_values(plain: dict, values: dict[Path, float]) -> dict:
    """A copy of plain rules data with the numbers at `values`' paths set (pairs given as tuples become lists)."""
    out = _editable(plain)
    for path, value in values.items():
        target = out
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return out


def _editable(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _editable(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_editable(v) for v in data]
    return data
