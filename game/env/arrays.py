"""What a side observes, as numpy arrays (docs/research.md, "What a side observes"), made from `observe` only.

- `map`: planes over the board's rectangle (column, row of the odd-r offset layout), `PLANES` in order;
- `units`: one row a unit slot (the side's units by id), `UNIT_FIELDS` in order;
- `vector`: the moment of the game, `VECTOR` in order.
Men are counted in hundreds, movement points in tens; a plane or field with nothing in it is 0.
"""

from __future__ import annotations

import numpy as np

from game.core.engine import may_move
from game.core.hexgrid import Hex, to_offset
from game.core.observe import Observation
from game.core.state import Setup
from game.env.actions import Pending

MOVERS = ("foot", "horse", "wheeled")


def planes(setup: Setup) -> tuple[str, ...]:
    """The names of the map's planes for a scenario: its terrains, then the same list for every scenario."""
    return (*(f"terrain {t}" for t in sorted(setup.rules.terrain)), "river", "track", "place", "held by me",
            "held by the enemy", "support for me", *(f"my men {m}" for m in MOVERS), "my units that may move",
            "my hidden men", "enemy men in sight", "enemy men last known", "last known: freshness", "chosen unit",
            "attackers chosen", "attack target")


UNIT_FIELDS = ("present", "column", "row", "men", "moves left", "may move", "attacked", "hidden", "morale",
               *(f"mover {m}" for m in MOVERS), "cut off turns", "posture")
POSTURE_STEPS = ("none", "hasty", "entrenched", "fortified")


def vector_names(setup: Setup) -> tuple[str, ...]:
    return ("turn share", "night", *(f"weather {w}" for w in sorted(setup.rules.weather)), "my phase", "over",
            "my points", "enemy points", "chose a unit", "making an attack")


class Arrays:
    """The arrays of one scenario's observations (the static planes made once)."""

    def __init__(self, setup: Setup, most_units: int):
        self.setup, self.most_units = setup, most_units
        self.names = planes(setup)
        self.vector_names = vector_names(setup)
        board = setup.board
        self.shape = (len(self.names), board.height, board.width)
        self.cell = {h: to_offset(h)[::-1] for h in board.hexes}  # hex -> (row, column)
        self.static = np.zeros(self.shape, dtype=np.float32)
        terrains = sorted(setup.rules.terrain)
        track_hexes = {h for step in board.tracks for h in step}
        for h, (r, c) in self.cell.items():
            self.static[terrains.index(board.terrain[h]), r, c] = 1
            self.static[self.plane("river"), r, c] = h in board.rivers
            self.static[self.plane("track"), r, c] = h in track_hexes
            self.static[self.plane("place"), r, c] = h in board.place_at

    def plane(self, name: str) -> int:
        return self.names.index(name)

    def make(self, obs: Observation, pending: Pending, mask) -> dict:
        side, board = obs.side, self.setup.board
        grid = self.static.copy()
        held = dict(obs.control)
        support = dict(obs.support)
        for pid, place in board.places.items():
            if place.hex in self.cell:
                r, c = self.cell[place.hex]
                holder = held.get(pid, "")
                grid[self.plane("held by me"), r, c] = holder == side
                grid[self.plane("held by the enemy"), r, c] = bool(holder) and holder != side
                grid[self.plane("support for me"), r, c] = dict(support.get(pid, ())).get(side, 0) / 100
        kinds = self.setup.rules.unit_types
        for u in obs.units:
            if u.hex in self.cell:
                r, c = self.cell[u.hex]
                grid[self.plane(f"my men {kinds[u.type].mover}"), r, c] += u.men / 100
                grid[self.plane("my units that may move"), r, c] += may_move(u)
                grid[self.plane("my hidden men"), r, c] += u.men / 100 if u.hidden else 0
        for e in obs.enemies:
            cell = self.cell.get(Hex(*e.hex))
            if cell:
                grid[self.plane("enemy men in sight"), cell[0], cell[1]] += e.men / 100
        for last in obs.last_seen:
            cell = self.cell.get(Hex(*last.hex))
            if cell:
                grid[self.plane("enemy men last known"), cell[0], cell[1]] += last.men / 100
                grid[self.plane("last known: freshness"), cell[0], cell[1]] = max(
                    grid[self.plane("last known: freshness"), cell[0], cell[1]], 1 / (1 + last.age))
        own = {u.id: u for u in obs.units}
        if pending.unit in own and own[pending.unit].hex in self.cell:
            r, c = self.cell[own[pending.unit].hex]
            grid[self.plane("chosen unit"), r, c] = 1
        for uid in pending.attackers:
            if uid in own and own[uid].hex in self.cell:
                r, c = self.cell[own[uid].hex]
                grid[self.plane("attackers chosen"), r, c] += 1
        if pending.target is not None and pending.target in self.cell:
            r, c = self.cell[pending.target]
            grid[self.plane("attack target"), r, c] = 1
        return {"map": grid, "units": self.unit_rows(obs), "vector": self.vector(obs, pending),
                "action_mask": np.asarray(mask, dtype=np.int8)}

    def unit_rows(self, obs: Observation) -> np.ndarray:
        rows = np.zeros((self.most_units, len(UNIT_FIELDS)), dtype=np.float32)
        kinds = self.setup.rules.unit_types
        for k, u in enumerate(sorted(obs.units, key=lambda u: u.id)[:self.most_units]):
            r, c = self.cell.get(u.hex, (0, 0))
            mover = kinds[u.type].mover
            rows[k] = (1, c / self.setup.board.width, r / self.setup.board.height, u.men / 100, u.moves_left / 10,
                       may_move(u), u.attacked, u.hidden, u.morale / 100, *(mover == m for m in MOVERS),
                       u.turns_cut_off, POSTURE_STEPS.index(u.posture) if u.posture in POSTURE_STEPS else 0)
        return rows

    def vector(self, obs: Observation, pending: Pending) -> np.ndarray:
        points = dict(obs.points)
        mine = points.get(obs.side, 0)
        theirs = sum(p for s, p in points.items() if s != obs.side)
        weathers = sorted(self.setup.rules.weather)
        return np.asarray((obs.turn / max(1, self.setup.total_turns), obs.part == "night",
                           *(obs.weather == w for w in weathers), obs.to_move == obs.side, obs.over,
                           mine / 100, theirs / 100, pending.stage == "unit",
                           pending.stage == "attack"), dtype=np.float32)
