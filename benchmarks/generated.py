"""Generated siege scenarios of any size, for the scaling benchmark.

A square map of farmland, orchards, villages, hills and thickets drawn from
the game's own dice; a Soviet town in the middle with a road to a railhead on
the west edge; Basmachi home villages on the east edge; `units` units a side,
the Soviets in and west of the town, the Basmachi east of it.
"""

from __future__ import annotations

import yaml

from game.core.dice import Dice
from game.scenario.validate import LoadedScenario, load_scenario_text

TERRAIN = [("f", 55), ("o", 15), ("v", 5), ("h", 15), ("t", 10)]
LEGEND = {"f": "farmland", "o": "orchard", "v": "village", "h": "hills", "t": "thicket", "T": "town", ".": "plain"}


def rows(size: int, dice: Dice) -> list[str]:
    out = []
    for _ in range(size):
        line = []
        for _ in range(size):
            roll, edge = dice.below(100), 0
            for char, share in TERRAIN:
                edge += share
                if roll < edge:
                    line.append(char)
                    break
        out.append("".join(line))
    mid = size // 2
    out[mid] = out[mid][:mid] + "T" + out[mid][mid + 1:]
    return out


def positions(cols: range, size: int, count: int, per_hex: int) -> list[list[int]]:
    """`count` unit positions filling the columns `cols` row by row, `per_hex` to a hex."""
    spots = [[c, r] for r in range(size) for c in cols]
    return [spots[i // per_hex] for i in range(count)]


def unit(uid: str, at, kind: str) -> dict:
    return {"id": uid, "name": uid, "type": kind, "at": at, "men": 200, "rifles": 180, "ammunition": 20000,
            "food": 1200, "morale": 60}


def generated(size: int, units: int, seed: int = 1) -> LoadedScenario:
    dice = Dice.seeded(seed)
    mid = size // 2
    half = max(2, size // 2 - 2)
    per_hex = max(1, -(-units // (half * size)))
    soviet = [unit(f"s{i}", [mid, mid] if i < 6 else at, "infantry" if i % 3 else "cavalry")
              for i, at in enumerate([[mid, mid]] * 6 + positions(range(0, half), size, max(0, units - 6), per_hex))][:units]
    basmachi = [unit(f"b{i}", at, "horsemen" if i % 4 else "foot_band")
                for i, at in enumerate(positions(range(size - half, size), size, units, per_hex))]
    data = {
        "id": f"generated_{size}x{size}_{units}",
        "title": f"Generated siege {size}x{size}, {units} units a side",
        "calendar": {"start_dates": [{"date": "1922-02-01"}], "end_date": "1922-02-10", "turns_per_day": 2},
        "map": {
            "hex_km": 5, "legend": LEGEND, "rows": rows(size, dice),
            "tracks": [{"name": "road", "hexes": [[0, mid], "town"]}],
            "places": [
                {"id": "town", "name": "Town", "kind": "town", "at": [mid, mid], "supply_source": ["soviet"],
                 "held_by": "soviet", "wireless": True, "support": {"basmachi": 45, "soviet": 55}},
                {"id": "railhead", "name": "Railhead", "kind": "border", "at": [0, mid], "supply_source": ["soviet"],
                 "rear": True, "held_by": "soviet"},
                {"id": "hills", "name": "Home villages", "kind": "village", "at": [size - 1, mid],
                 "supply_source": ["basmachi"], "rear": True, "held_by": "basmachi", "support": {"basmachi": 80, "soviet": 20}},
            ],
        },
        "sides": [
            {"id": "basmachi", "name": "Basmachi", "colour": "#2e7d32", "units": basmachi},
            {"id": "soviet", "name": "Soviet", "colour": "#c62828", "units": soviet, "stations": ["tashkent"],
             "reinforcements": [{"on_call": "tashkent", "delay_turns": "2..4",
                                 "units": [unit("relief", "railhead", "infantry")]}]},
        ],
        "victory": {"objectives": [{"place": "town", "points": {"basmachi": 10, "soviet": 10}}],
                    "sudden_death": [{"side": "basmachi", "control": ["town"]}], "tie_goes_to": "soviet"},
    }
    return load_scenario_text(yaml.safe_dump(data, sort_keys=False), f"generated_{size}x{size}_{units}.yaml")
