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
from typing import Any

import game
from game.core.carry import Carried
from game.core.events import Event
from game.core.orders import Move, Order, order_to_dict
from game.core.setup import SetupError, make_setup, new_game
from game.core.state import State
from game.files import ensure_folder, write_atomic
from game.replay.record import rules_hash
from game.replay.rerun import Refused, rerun
from game.replay.same import played_on
from game.replay.formats import HUMAN, SaveFile, read_format  # noqa: F401 (the name the window reads: saves.HUMAN)
from game.scenario.bundled import SCENARIOS
from game.scenario.problems import InputError, Problem, at_field
from game.scenario.validate import LoadedScenario
from game.scenario.textfile import LineMap

FORMAT = "dushanbe-save"
VERSION = 1


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
    lines: LineMap = field(default_factory=LineMap)  # file line of every field
    carried: Carried = Carried()  # a campaign's game: what the scenarios before brought in
    campaign: Any = None  # formats.CampaignSave: where the game stands in its campaign, or None
    standing: list[Order] = field(default_factory=list)  # the player's go-to orders, as moves to their ends
    origin: str = ""  # a game played on from a replay: the turn it went on from

    def fail(self, message: str, *where: str | int) -> InputError:
        """A problem with this save, at the line of the field `where`."""
        return at_field(self.path, self.lines, message, where)


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
              orders: list[Order], label: str = "", carried: Carried = Carried(), campaign: dict | None = None,
              standing: list[Order] = (), origin: str = "") -> str:
    """The save file's text: a header, then one order a line (so errors can name the line)."""
    from game.replay.formats import carried_to_dict

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
        **({"carried": carried_to_dict(carried)} if carried else {}),
        **({"campaign": campaign} if campaign else {}),
        **({"standing": [order_to_dict(o) for o in standing]} if standing else {}),
        **({"origin": origin} if origin else {}),
    }
    text = json.dumps(head, indent=1, ensure_ascii=False)[:-2]
    body = ",\n".join("  " + json.dumps(order_to_dict(o), ensure_ascii=False) for o in orders)
    return text + ',\n "orders": [\n' + body + ("\n" if orders else "") + " ]\n}\n"


def save_game(path: str, loaded: LoadedScenario, seed: int, start_date: dt.date, players: dict[str, str],
              orders: list[Order], label: str = "", carried: Carried = Carried(), campaign: dict | None = None,
              standing: list[Order] = (), origin: str = "") -> None:
    """Write a save atomically: a crash mid-save leaves the old file whole."""
    ensure_folder(os.path.dirname(os.path.abspath(path)))
    write_atomic(path, save_text(loaded, seed, start_date, players, orders, label, carried, campaign, standing, origin))


def read_save(path: str) -> SavedGame:
    """Parse a save file; InputError (file:line) if it is not a good one."""
    from game.replay.formats import carried_of

    shape, lines = read_format(path, SaveFile, FORMAT, (VERSION,), "save")
    return SavedGame(path, shape.scenario.path, shape.scenario.id, shape.scenario.sha256, shape.rules_sha256,
                     shape.engine_version, shape.seed, shape.start_date, dict(shape.players), list(shape.orders),
                     shape.label, [lines.line(("orders", i)) for i in range(len(shape.orders))], lines,
                     carried_of(shape.carried), shape.campaign, [o for o in shape.standing or [] if isinstance(o, Move)],
                     shape.origin)


def scenario_of(saved: SavedGame) -> LoadedScenario:
    """The save's scenario, refused if it has changed since the game was saved."""
    path = saved.scenario_path
    if not os.path.exists(path):
        bundled = os.path.join(SCENARIOS, os.path.basename(path))
        if not os.path.isfile(bundled):
            raise saved.fail(f"the scenario file {path} of this save is not there", "scenario", "path")
        path = bundled
    return played_on(saved, path, "this game was saved")


def restore(saved: SavedGame, loaded: LoadedScenario | None = None) -> Restored:
    """Start the saved game again and give every order to the reducer."""
    loaded = loaded or scenario_of(saved)
    try:
        setup = make_setup(loaded.scenario, loaded.rules, saved.start_date)
    except SetupError as exc:
        raise saved.fail(str(exc), "start_date") from None
    unknown = sorted(set(saved.players) - set(setup.sides))
    if unknown:
        raise saved.fail(f"side(s) the scenario does not have: {', '.join(unknown)} "
                         f"(its sides are {', '.join(setup.sides)})", "players")
    start, events = new_game(setup, saved.seed, saved.carried)
    try:
        steps = [(p.order, p.after, p.events) for p in rerun(start, [saved.orders])]
    except Refused as r:
        line = saved.order_lines[r.index] if r.index < len(saved.order_lines) else None
        raise InputError([Problem(saved.path, line, f"order {r.index + 1} ({r.order.kind}) cannot be given here: "
                                                    f"{r.reason}")]) from None
    return Restored(loaded, start, events, steps)


def load_game(path: str) -> tuple[SavedGame, Restored]:
    saved = read_save(path)
    return saved, restore(saved)
