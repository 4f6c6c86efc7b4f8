"""Hand-made scenarios for rule tests: a few lines of Python, a real scenario file."""

from __future__ import annotations

import copy

import yaml

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


def scenario(green=(), red=(), rows=None, **changes) -> LoadedScenario:
    data = copy.deepcopy(BASE)
    data["sides"][0]["units"] = list(green)
    data["sides"][1]["units"] = list(red)
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
