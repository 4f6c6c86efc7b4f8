"""Hand-made scenarios for rule tests: a few lines of Python, a real scenario file."""

from __future__ import annotations

import copy

import yaml

from game.core.dice import Dice
from game.core.engine import apply
from game.core.orders import EndPhase
from game.core.setup import make_setup, new_game
from game.scenario.validate import LoadedScenario, load_scenario_text

BASE = {
    "id": "test",
    "title": "Test",
    "calendar": {"start_dates": [{"date": "1922-02-08"}], "end_date": "1922-02-10"},
    "map": {
        "hex_km": 5,
        "legend": {".": "farmland", "v": "village", "o": "orchard", "h": "hills", "M": "mountains", "T": "town", "~": "water"},
        "rows": [
            "MMMMMMMM",
            "........",
            "...T....",
            "........",
            "o.......",
            "........",
        ],
        "places": [{"id": "town", "name": "Town", "kind": "town", "at": [3, 2], "supply_source": ["red"], "held_by": "red"}],
    },
    "sides": [
        {"id": "green", "name": "Green", "colour": "#2e7d32", "units": []},
        {"id": "red", "name": "Red", "colour": "#c62828", "units": []},
    ],
    "victory": {"objectives": [{"place": "town", "points": {"green": 10, "red": 10}}],
                "sudden_death": [{"side": "green", "control": ["town"]}], "tie_goes_to": "red"},
}


def unit(uid: str, at, men: int = 300, type: str = "infantry", **extra) -> dict:
    return {"id": uid, "name": uid.title(), "type": type, "at": list(at) if isinstance(at, tuple) else at,
            "men": men, "rifles": extra.pop("rifles", men), "ammunition": extra.pop("ammunition", men * 100), **extra}


def place(pid: str, at, kind: str = "village", **extra) -> dict:
    return {"id": pid, "name": pid.title(), "kind": kind, "at": list(at), **extra}


def leader(lid: str, with_unit: str, combat: int = 20, morale: int = 10) -> dict:
    return {"id": lid, "name": lid.title(), "with_unit": with_unit, "combat": combat, "morale": morale}


def on_call(station: str, units, delay="1..3") -> dict:
    """Reinforcements that come when `station` is called by wireless."""
    return {"on_call": station, "delay_turns": delay, "units": list(units)}


def scenario(green=(), red=(), rows=None, green_side=None, red_side=None, **changes) -> LoadedScenario:
    """`green_side`/`red_side` add keys to a side (leaders, reinforcements, stations)."""
    data = copy.deepcopy(BASE)
    data["sides"][0]["units"] = list(green)
    data["sides"][1]["units"] = list(red)
    data["sides"][0].update(green_side or {})
    data["sides"][1].update(red_side or {})
    if rows is not None:
        data["map"]["rows"] = rows
    for key, value in changes.items():
        target = data
        *path, last = key.split("__")
        for part in path:
            target = target[part]
        target[last] = value
    return load_scenario_text(yaml.safe_dump(data, sort_keys=False), "test.yaml")


def game(green=(), red=(), seed: int = 1, **changes):
    """A started game (state, events) of a hand-made scenario."""
    loaded = scenario(green, red, **changes)
    return new_game(make_setup(loaded.scenario, loaded.rules), seed)


NO_PLACES = {"map__places": [], "victory__objectives": [], "victory__sudden_death": []}


def open_field(green=(), red=(), **changes):
    """A game with no places and no objectives: just the units."""
    return game(green, red, **{**NO_PLACES, **changes})


def end_phase(state):
    return apply(state, EndPhase(state.side))


def end_turn(state):
    """End the phases left in this turn: upkeep runs and the next turn begins.  Returns (state, events)."""
    events, turn = [], state.turn
    while state.turn == turn and not state.over:
        state, more = end_phase(state)
        events += more
    return state, events


def changed(state, uid: str, **fields):
    """A copy of `state` with one unit changed (a test's shortcut; the game never does this)."""
    new = state.copy()
    new.put(new.units[uid].but(**fields))
    return new


def dice_where(test, draws: int = 1, start: int = 0):
    """Dice whose next `draws` rolls pass `test(rolls)`: forces a random outcome in a test."""
    for seed in range(start, start + 100_000):
        dice = Dice.seeded(seed)
        probe = dice.copy()
        if test([probe.roll() for _ in range(draws)]):
            return dice
    raise AssertionError("no dice found")


def with_dice(state, dice):
    new = state.copy()
    new.dice = dice.copy()
    return new


def kinds(events) -> list[str]:
    return [e.kind for e in events]
