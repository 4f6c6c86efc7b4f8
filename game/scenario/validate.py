"""Load a scenario file: YAML, then shape, then cross-references.

`load_scenario(path)` returns a `LoadedScenario` or raises `InputError` with
every problem as FILE:LINE: message.  Warnings ride along on the result.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import os
import types
import typing
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pydantic

from game.core.rulebook import RuleBook
from game import cache
from game.scenario.problems import InputError, Problem, did_you_mean, dotted as _dotted
from game.scenario.schema import Scenario
from game.scenario.textfile import LineMap, read_text

if TYPE_CHECKING:
    from game.scenario.ranges import Range


@dataclass(frozen=True)
class LoadedScenario:
    path: str
    scenario: Scenario
    rules: RuleBook
    lines: LineMap
    sha256: str
    warnings: list[Problem] = field(default_factory=list)
    ranges: dict[str, Range] = field(default_factory=dict)  # the rules' numbers a sweep may vary, by name
    text: str = field(default="", repr=False)  # the file's text (what a cluster's workers are sent)
    shared: tuple[str, str] = ()  # (file, SHA-256) of the scenario whose map this one shares (`map: same_as`)


RULES_FILE = "game/data/rules.yaml"


@functools.cache
def _base_rules() -> tuple[dict, LineMap]:
    """The rules data file shipped with the game, with its ranges, and the line of every value."""
    from game.scenario.yamlfile import parse_yaml

    from importlib import resources

    text = resources.files("game.data").joinpath("rules.yaml").read_text(encoding="utf-8")
    return parse_yaml(text, RULES_FILE)


def base_rules_data() -> dict:
    """The rules data file shipped with the game, as plain data (each ranged number as its value)."""
    from game.scenario import ranges

    return ranges.split(copy.deepcopy(_base_rules()[0]))[0]


_LOADED: dict[tuple[str, str], LoadedScenario] = {}  # (path, SHA-256 of the text) -> the scenario read from it
CACHED = 16


def load_scenario(path: str) -> LoadedScenario:
    """The scenario in `path`, read again only when its text has changed (the menu and loaders ask often)."""
    return scenario_kept(read_text(path), path)


def scenario_kept(text: str, path: str) -> LoadedScenario:
    """The scenario in `text` (read from `path`), checked once: kept in this process and in the cache of checked
    files (a batch's worker is given the text; forked, it finds the scenario its parent loaded)."""
    key = (path, hashlib.sha256(text.encode("utf-8")).hexdigest())
    if key in _LOADED and _LOADED[key].shared and stale(_LOADED[key].shared):
        del _LOADED[key]  # the map it shares has changed
    if key not in _LOADED:
        if len(_LOADED) >= CACHED:
            del _LOADED[next(iter(_LOADED))]
        _LOADED[key] = cache.kept(path, text, lambda: load_scenario_text(text, path),
                                  still_good=lambda loaded: not (loaded.shared and stale(loaded.shared)))
    return _LOADED[key]


def stale(shared: tuple[str, str]) -> bool:
    file, digest = shared
    try:
        return load_scenario(file).sha256 != digest
    except InputError:
        return True


def load_scenario_text(text: str, path: str) -> LoadedScenario:
    """The scenario in `text` (read from `path`), parsed and checked (the YAML reader is loaded only now: a scenario
    read back from the cache needs none)."""
    import yaml

    from game.scenario.yamlfile import parse_yaml

    data, lines = parse_yaml(text, path)
    if data is None:
        raise InputError([Problem(path, None, "the file is empty (a document with no keys)")])
    if not isinstance(data, dict):
        raise InputError([Problem(path, 1, f"a scenario is a mapping of keys (title:, map:, sides: ...), not {type(data).__name__}")])
    if {"first", "steps"} <= set(data) and "map" not in data:
        raise InputError([Problem(path, None, "this is a campaign, not a scenario (a scenario has `map:` and "
                                              "`sides:`); play a campaign with `dushanbe campaign` or from the menu")])
    shared = shared_map(data, lines, path)
    if shared is not None:
        data = {**data, "map": shared[0]}
    scenario = check_shape(Scenario, data, lines, path)
    rules, number_ranges = merged_rules(scenario, lines, path)
    from game.scenario.references import check_references

    problems = check_references(scenario, rules, lines, path)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(problems)
    digest = hashlib.sha256((text + (shared[2] if shared else "")).encode("utf-8")).hexdigest()
    whole = text if shared is None else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)  # for a worker elsewhere
    return LoadedScenario(path, scenario, rules, lines, digest, [p for p in problems if p.severity != "error"],
                          number_ranges, whole, shared[1:] if shared else ())


def shared_map(data: dict, lines: LineMap, path: str) -> tuple[dict, str, str] | None:
    """`map: {same_as: FILE}`: the map of another scenario file (relative to this one), that file, and its SHA-256
    (a change to it is a change to this scenario too); None for a map of its own."""
    given = data.get("map")
    if not (isinstance(given, dict) and "same_as" in given):
        return None
    where = lines.line(("map", "same_as"))
    other = given["same_as"]
    if set(given) != {"same_as"} or not isinstance(other, str):
        raise InputError([Problem(path, where, "map: `same_as: FILE` stands alone: the whole map of another scenario "
                                               "file, or a map of this file's own")])
    file = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), other))
    if os.path.abspath(file) == os.path.abspath(path):
        raise InputError([Problem(path, where, "map.same_as: a scenario cannot share its own map")])
    if not os.path.isfile(file):
        raise InputError([Problem(path, where, f"map.same_as: no scenario file {file}")])
    from game.scenario.yamlfile import parse_yaml

    try:
        other_data, _ = parse_yaml(read_text(file), file)
        if isinstance(other_data, dict) and isinstance(other_data.get("map"), dict) and "same_as" in other_data["map"]:
            raise InputError([Problem(path, where, f"{other} shares its map too; name the file that draws it")])
        loaded = load_scenario(file)  # (only now: two files that share each other's map would load each other)
    except InputError as exc:
        raise InputError([Problem(path, where, f"map.same_as: {p.message if p.file == path else p}")
                          for p in exc.problems]) from None
    return other_data["map"], file, loaded.sha256


def start_setup(loaded: LoadedScenario, start_date=None):
    """The game's set-up from `start_date` (a date or "YYYY-MM-DD"; the first by default), or an InputError at the
    scenario's start dates."""
    import datetime as dt

    from game.core.setup import SetupError, make_setup

    if isinstance(start_date, str):
        try:
            start_date = dt.date.fromisoformat(start_date)
        except ValueError:
            raise InputError([Problem(loaded.path, loaded.lines.line(("calendar", "start_dates")),
                                      f"a start date is written YYYY-MM-DD (e.g. 1922-02-08), not {start_date!r}")]) from None
    try:
        return make_setup(loaded.scenario, loaded.rules, start_date)
    except SetupError as exc:
        raise InputError([Problem(loaded.path, loaded.lines.line(("calendar", "start_dates")), str(exc))]) from None


def merged_rules(scenario: Scenario, lines: LineMap, path: str) -> tuple[RuleBook, dict[str, Range]]:
    """The shipped rules with the scenario's `rules:` overrides laid over them, and the ranges of their numbers."""
    from game.scenario import ranges

    base, base_lines = _base_rules()
    plain, entries = ranges.split(ranges.merge_ranged(base, scenario.rules))
    rules = check_shape(RuleBook, plain, lines, path, prefix=("rules",))

    def locate(where: tuple) -> tuple[str, LineMap, tuple]:
        given = _at(scenario.rules, where) is not None  # the scenario's own rules give this number
        return (path, lines, ("rules",)) if given else (RULES_FILE, base_lines, ())

    found = ranges.ranges_of(entries, locate)
    ranges.ends_allowed(RuleBook, plain, found, locate)
    return rules, found


def check_shape(model: type[pydantic.BaseModel], data: Any, lines: LineMap, path: str, prefix: tuple = ()) -> Any:
    """Validate `data` against `model`, or raise with one problem per error."""
    try:
        result = model.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = []
        seen = set()
        for err in exc.errors(include_url=False):
            where = prefix + _data_path(data, err["loc"], err["type"] == "missing")
            message = _message(model, err, where[len(prefix):])
            where = prefix + _pinpoint(data, where[len(prefix):], message)
            key = (lines.line(where), message)
            if key not in seen:
                seen.add(key)
                problems.append(Problem(path, lines.line(where), f"{_dotted(where)}: {message}"))
        raise InputError(problems) from None
    slips = list(_bool_slips(data, result, ()))
    if slips:
        raise InputError(Problem(path, lines.line(prefix + loc), f"{_dotted(prefix + loc)}: {message}") for loc, message in slips)
    return result


PINPOINTS = {"start date": ("end_date",), "a scenario may last": ("end_date",),
             "weather chances": ("chances",), "the spell ends": ("end",)}


def _pinpoint(data: Any, where: tuple, message: str) -> tuple:
    """A closer location for an error about a whole object (e.g. the row of the wrong width)."""
    if message.startswith("every row must be equally long"):
        rows = _at(data, where)
        if isinstance(rows, list) and rows:
            widths = [len(row) if isinstance(row, str) else -1 for row in rows]
            usual = max(widths, key=widths.count)
            return where + (next(i for i, w in enumerate(widths) if w != usual),)
    for start, sub in PINPOINTS.items():
        if message.startswith(start):
            return where + sub
    return where


def _at(data: Any, where: tuple) -> Any:
    for part in where:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _bool_slips(data: Any, value: Any, loc: tuple) -> typing.Iterator[tuple[tuple, str]]:
    """Where the file says true/false but the model holds a number.

    pydantic reads `true` as 1; a scenario author almost never means that.  (The
    other way round, `1` for a flag, the models refuse themselves: flags are StrictBool.)
    """
    if isinstance(data, dict):
        for key, item in data.items():
            inner = getattr(value, key, None) if isinstance(value, pydantic.BaseModel) and isinstance(key, str) else (
                value.get(key) if isinstance(value, dict) else None)
            yield from _bool_slips(item, inner, loc + (key,))
    elif isinstance(data, list) and isinstance(value, (list, tuple)) and len(data) == len(value):
        for index, (item, inner) in enumerate(zip(data, value)):
            yield from _bool_slips(item, inner, loc + (index,))
    elif isinstance(data, bool) and isinstance(value, (int, float)) and not isinstance(value, bool):
        yield loc, f"expected a number, not {str(data).lower()}"


def _data_path(data: Any, loc: tuple, missing: bool) -> tuple:
    """The parts of a pydantic error location that are keys or indexes in `data`.

    pydantic adds validator names to locations (e.g. 'function-before[...]'); those are dropped,
    except a missing key at the end, which is named.
    """
    where: list = []
    for n, part in enumerate(loc):
        if isinstance(data, dict):
            key = next((k for k in data if k == part or str(k) == str(part)), _NOTHING)
            if key is not _NOTHING:
                data = data[key]
                where.append(key)
                continue
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
            where.append(part)
            continue
        if missing and n == len(loc) - 1:
            where.append(part)
    return tuple(where)


_NOTHING = object()




def _message(model: type, err: dict, loc: tuple) -> str:
    kind, msg = err["type"], err["msg"]
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        return f"unknown key '{loc[-1]}'{did_you_mean(str(loc[-1]), known)}" + (
            f"; allowed keys: {', '.join(sorted(known))}" if known and not did_you_mean(str(loc[-1]), known) else "")
    if kind == "missing":
        return "this key is required"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind == "string_type" and isinstance(err.get("input"), (bool, int, float)):
        given = err["input"]
        said = f"{str(given).lower()}: unquoted, YAML reads a word such as No, Off or Yes as true or false" \
            if isinstance(given, bool) else f"the number {given}"
        return f"expected text, not {said}; put it in quotes (\"...\")"
    if kind == "bool_type":
        return f"expected true or false, not {_short(err.get('input'))}"
    if kind == "literal_error":
        return f"{msg} (got {err.get('input')!r})"
    if kind in ("too_short", "too_long"):
        given = err.get("input")
        count = len(given) if hasattr(given, "__len__") else "?"
        limit = (err.get("ctx") or {}).get("min_length" if kind == "too_short" else "max_length")
        return f"give at {'least' if kind == 'too_short' else 'most'} {limit} here, not {count}"
    return f"{msg} (got {_short(err.get('input'))})"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fields_at(model: Any, loc: tuple) -> set[str]:
    """The keys allowed at `loc` inside `model`, for 'did you mean'."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int) or current is None:
            continue
        if isinstance(current, type) and issubclass(current, pydantic.BaseModel):
            info = current.model_fields.get(part)
            current = info.annotation if info else None
        else:
            current = None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, pydantic.BaseModel):
        return set(current.model_fields)
    return set()


def _unwrap(annotation: Any) -> Any:
    """The model inside list[...], dict[..., ...], Optional[...] or Annotated[...]."""
    for _ in range(6):
        origin = typing.get_origin(annotation)
        if origin is None:
            return annotation
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (list, tuple, set):
            annotation = args[0] if args else None
        elif origin is dict:
            annotation = args[-1] if args else None
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in args if isinstance(a, type) and issubclass(a, pydantic.BaseModel)]
            annotation = models[0] if models else None
        else:
            return None
    return annotation
