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
        self.index = {name: i for i, name in enumerate(self.names)}
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
        placed = sorted((pid, self.cell[p.hex]) for pid, p in board.places.items() if p.hex in self.cell)
        self.place_ids = [pid for pid, _ in placed]
        self.place_rows = np.array([rc[0] for _, rc in placed], dtype=np.intp)
        self.place_cols = np.array([rc[1] for _, rc in placed], dtype=np.intp)

    def plane(self, name: str) -> int:
        return self.index[name]

    def make(self, obs: Observation, pending: Pending, mask, base: tuple | None = None) -> dict:
        """The arrays of one observation, with what was chosen towards the next order marked on the map (`base`:
        `self.base(obs)` made before, for the same observation)."""
        grid, units = base if base is not None else self.base(obs)
        grid, plane, cell = grid.copy(), self.index, self.cell
        own = {u.id: u for u in obs.units}
        for uid, name in [(pending.unit, "chosen unit"), *((a, "attackers chosen") for a in pending.attackers)]:
            if uid in own and own[uid].hex in cell:
                r, c = cell[own[uid].hex]
                grid[plane[name], r, c] += 1
        if pending.target in cell:
            grid[(plane["attack target"], *cell[pending.target])] = 1
        return {"map": grid, "units": units.copy(), "vector": self.vector(obs, pending),
                "action_mask": np.frombuffer(bytes(mask), dtype=np.int8).copy()}

    def base(self, obs: Observation) -> tuple[np.ndarray, np.ndarray]:
        """The map's planes and the unit rows of an observation, nothing chosen yet."""
        side, plane, cell = obs.side, self.index, self.cell
        grid = self.static.copy()
        held, support = dict(obs.control), dict(obs.support)
        holders = [held.get(pid, "") for pid in self.place_ids]
        rows, cols = self.place_rows, self.place_cols
        grid[plane["held by me"], rows, cols] = [h == side for h in holders]
        grid[plane["held by the enemy"], rows, cols] = [bool(h) and h != side for h in holders]
        grid[plane["support for me"], rows, cols] = [dict(support.get(pid, ())).get(side, 0) / 100
                                                     for pid in self.place_ids]
        added: list[tuple[int, int, int, float]] = []  # (plane, row, column, amount): summed in one go (stacks)
        kinds = self.setup.rules.unit_types
        for u in obs.units:
            r, c = cell.get(u.hex, (-1, -1))
            if r >= 0:
                added += [(plane["my men " + kinds[u.type].mover], r, c, u.men / 100),
                          (plane["my units that may move"], r, c, may_move(u))]
                if u.hidden:
                    added.append((plane["my hidden men"], r, c, u.men / 100))
        for e in obs.enemies:
            r, c = cell.get(Hex(*e.hex), (-1, -1))
            if r >= 0:
                added.append((plane["enemy men in sight"], r, c, e.men / 100))
        fresh = plane["last known: freshness"]
        for last in obs.last_seen:
            r, c = cell.get(Hex(*last.hex), (-1, -1))
            if r >= 0:
                added.append((plane["enemy men last known"], r, c, last.men / 100))
                grid[fresh, r, c] = max(grid[fresh, r, c], 1 / (1 + last.age))  # the freshest note of a hex
        if added:
            p, r, c, amount = zip(*added)
            np.add.at(grid, (p, r, c), np.asarray(amount, dtype=np.float32))
        return grid, self.unit_rows({u.id: u for u in obs.units})

    def unit_rows(self, own: dict) -> np.ndarray:
        kinds, width, height = self.setup.rules.unit_types, self.setup.board.width, self.setup.board.height
        rows = []
        for uid in sorted(own)[:self.most_units]:
            u = own[uid]
            r, c = self.cell.get(u.hex, (0, 0))
            mover = kinds[u.type].mover
            rows.append((1, c / width, r / height, u.men / 100, u.moves_left / 10, may_move(u), u.attacked,
                         u.hidden, u.morale / 100, *(mover == m for m in MOVERS), u.turns_cut_off,
                         POSTURE_STEPS.index(u.posture) if u.posture in POSTURE_STEPS else 0))
        out = np.zeros((self.most_units, len(UNIT_FIELDS)), dtype=np.float32)
        if rows:
            out[:len(rows)] = rows
        return out

    def vector(self, obs: Observation, pending: Pending) -> np.ndarray:
        points = dict(obs.points)
        mine = points.get(obs.side, 0)
        theirs = sum(p for s, p in points.items() if s != obs.side)
        weathers = sorted(self.setup.rules.weather)
        return np.asarray((obs.turn / max(1, self.setup.total_turns), obs.part == "night",
                           *(obs.weather == w for w in weathers), obs.to_move == obs.side, obs.over,
                           mine / 100, theirs / 100, pending.stage == "unit",
                           pending.stage == "attack"), dtype=np.float32)
