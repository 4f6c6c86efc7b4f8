"""Saved games: versioned JSON (never pickle), restored by replaying the orders.

A save names its scenario file and that file's SHA-256, the rules' hash, the
engine version, the seed, the start date, who plays each side, and every
order given so far, one order a line.  Loading runs the orders through the
reducer again, which guarantees the state: a save cannot hold a state the
rules would not produce.  Every problem with a save file is an `InputError`
naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field

import game
from game.core.engine import IllegalOrder, apply
from game.core.events import Event
from game.core.orders import Order, order_from_dict, order_to_dict
from game.core.setup import SetupError, make_setup, new_game
from game.core.state import State
from game.replay.record import rules_hash, write_atomic
from game.scenario.problems import InputError, Problem
from game.scenario.validate import LoadedScenario, load_scenario
from game.scenario.yamlfile import read_text

FORMAT = "dushanbe-save"
VERSION = 1
HUMAN = "human"
SCENARIOS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "scenarios")


@dataclass(frozen=True)
class SavedGame:
    path: str
    scenario_path: str
    scenario_id: str
    scenario_sha256: str
    rules_sha256: str
    engine_version: str
    seed: int
    start_date: dt.date
    players: dict[str, str]  # side -> "human" or an AI level
    orders: list[Order]
    label: str = ""
    order_lines: list[int] = field(default_factory=list)  # file line of each order


@dataclass
class Restored:
    """A saved game brought back: the start, then every order with the state after it."""
    loaded: LoadedScenario
    start: State
    start_events: list[Event]
    steps: list[tuple[Order, State, list[Event]]]

    @property
    def state(self) -> State:
        return self.steps[-1][1] if self.steps else self.start


def save_text(loaded: LoadedScenario, seed: int, start_date: dt.date, players: dict[str, str],
              orders: list[Order], label: str = "") -> str:
    """The save file's text: a header, then one order a line (so errors can name the line)."""
    head = {
        "format": FORMAT,
        "version": VERSION,
        "engine_version": game.ENGINE_VERSION,
        "scenario": {"path": os.path.abspath(loaded.path), "id": loaded.scenario.id, "sha256": loaded.sha256},
        "rules_sha256": rules_hash(loaded.rules),
        "seed": seed,
        "start_date": start_date.isoformat(),
        "players": dict(sorted(players.items())),
        "label": label,
    }
    text = json.dumps(head, indent=1, ensure_ascii=False)[:-2]
    body = ",\n".join("  " + json.dumps(order_to_dict(o), ensure_ascii=False) for o in orders)
    return text + ',\n "orders": [\n' + body + ("\n" if orders else "") + " ]\n}\n"


def save_game(path: str, loaded: LoadedScenario, seed: int, start_date: dt.date, players: dict[str, str],
              orders: list[Order], label: str = "") -> None:
    """Write a save atomically: a crash mid-save leaves the old file whole."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    write_atomic(path, save_text(loaded, seed, start_date, players, orders, label))


def read_save(path: str) -> SavedGame:
    """Parse a save file; InputError (file:line) if it is not a good one."""
    text = read_text(path)

    def fail(message: str, line: int = 1) -> InputError:
        return InputError([Problem(path, line, message)])

    def line_of(needle: str) -> int:
        at = text.find(needle)
        return text[:at].count("\n") + 1 if at >= 0 else 1

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(f"this save is damaged (not valid JSON: {exc.msg})", exc.lineno) from None
    except RecursionError:
        raise fail("this save is damaged (the JSON is nested too deeply)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise fail(f"this is not a saved game of this game (no \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise fail(f"save format version {data.get('version')!r} is not supported (this game reads {VERSION})",
                   line_of('"version"'))
    try:
        scenario = data["scenario"]
        players = data["players"]
        if not (isinstance(players, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in players.items())):
            raise fail("players must map each side to \"human\" or an AI level", line_of('"players"'))
        seed = data["seed"]
        if type(seed) is not int or not 0 <= seed < 2**64:
            raise fail("seed must be a whole number from 0 to 2^64-1", line_of('"seed"'))
        try:
            start = dt.date.fromisoformat(data["start_date"])
        except (TypeError, ValueError):
            raise fail(f"start_date {data['start_date']!r} is not a date (YYYY-MM-DD)", line_of('"start_date"')) from None
        raw_orders = data["orders"]
        if not isinstance(raw_orders, list):
            raise fail("orders must be a list", line_of('"orders"'))
        first = line_of('"orders"') + 1
        lines = [first + i for i in range(len(raw_orders))]
        orders = []
        for i, raw in enumerate(raw_orders):
            try:
                orders.append(order_from_dict(raw))
            except ValueError as exc:
                raise fail(f"order {i + 1}: {exc}", lines[i]) from None
        return SavedGame(path, str(scenario["path"]), str(scenario.get("id", "")), str(scenario["sha256"]),
                         str(data["rules_sha256"]), str(data["engine_version"]), seed, start, dict(players), orders,
                         str(data.get("label", "")), lines)
    except KeyError as exc:
        raise fail(f"this save is damaged: missing field {exc}") from None
    except (TypeError, AttributeError) as exc:
        raise fail(f"this save is damaged: {exc}") from None


def scenario_of(saved: SavedGame) -> LoadedScenario:
    """The save's scenario, refused if it has changed since the game was saved."""
    path = saved.scenario_path
    if not os.path.exists(path):
        bundled = os.path.join(SCENARIOS_DIR, os.path.basename(path))
        if not os.path.exists(bundled):
            raise InputError([Problem(saved.path, 1, f"the scenario file {path} of this save is not there")])
        path = bundled
    loaded = load_scenario(path)
    if loaded.sha256 != saved.scenario_sha256:
        raise InputError([Problem(saved.path, 1, f"the scenario file {path} has changed since this game was saved; "
                                                 "the save cannot be replayed on it")])
    if rules_hash(loaded.rules) != saved.rules_sha256:
        raise InputError([Problem(saved.path, 1, "the rules data has changed since this game was saved")])
    if saved.engine_version != game.ENGINE_VERSION:
        raise InputError([Problem(saved.path, 1, f"saved with engine version {saved.engine_version}; "
                                                 f"this is {game.ENGINE_VERSION}")])
    return loaded


def restore(saved: SavedGame, loaded: LoadedScenario | None = None) -> Restored:
    """Start the saved game again and give every order to the reducer."""
    loaded = loaded or scenario_of(saved)
    try:
        setup = make_setup(loaded.scenario, loaded.rules, saved.start_date)
    except SetupError as exc:
        raise InputError([Problem(saved.path, 1, str(exc))]) from None
    unknown = sorted(set(saved.players) - set(setup.sides))
    if unknown:
        raise InputError([Problem(saved.path, 1, f"players name side(s) the scenario does not have: {', '.join(unknown)}")])
    start, events = new_game(setup, saved.seed)
    state, steps = start, []
    for i, order in enumerate(saved.orders):
        try:
            state, new_events = apply(state, order)
        except IllegalOrder as exc:
            line = saved.order_lines[i] if i < len(saved.order_lines) else 1
            raise InputError([Problem(saved.path, line, f"order {i + 1} ({order.kind}) cannot be given here: {exc}")]) from None
        steps.append((order, state, new_events))
    return Restored(loaded, start, events, steps)


def load_game(path: str) -> tuple[SavedGame, Restored]:
    saved = read_save(path)
    return saved, restore(saved)
