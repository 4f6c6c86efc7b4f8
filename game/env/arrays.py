"""What a side observes, as numpy arrays (docs/research.md, "What a side observes"), made from `observe` only.

- `map`: planes over the board's rectangle (column, row of the odd-r offset layout), `PLANES` in order;
- `units`: one row a unit slot (the side's units by id), `UNIT_FIELDS` in order;
- `vector`: the moment of the game, `VECTOR` in order.
Men are counted in hundreds, movement points in tens; a plane or field with nothing in it is 0.
"""

from __future__ import annotations

from operator import attrgetter

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
        place_planes = [self.plane("held by me"), self.plane("held by the enemy"), self.plane("support for me")]
        self.place_planes = np.repeat(np.array(place_planes, dtype=np.intp), len(placed))
        self.place_rows3 = np.tile(np.array([rc[0] for _, rc in placed], dtype=np.intp), 3)
        self.place_cols3 = np.tile(np.array([rc[1] for _, rc in placed], dtype=np.intp), 3)
        self.width, self.height = board.width, board.height
        self.plane_size = board.width * board.height
        self.own_planes = ({m: self.plane("my men " + m) for m in MOVERS}, self.plane("my units that may move"),
                           self.plane("my hidden men"))
        self._places: tuple = (None, None)  # (what the side knows of the places, their planes' values)
        self._rows: tuple = ((), None)  # (the units of the last rows made, those rows)

    def plane(self, name: str) -> int:
        return self.index[name]

    def make(self, obs: Observation, pending: Pending, mask, base: tuple | None = None) -> dict:
        """The arrays of one observation, with what was chosen towards the next order marked on the map (`base`:
        `self.base(obs)` made before, for the same observation)."""
        grid, units, vector = base if base is not None else self.base(obs)
        grid, vector = grid.copy(), vector.copy()
        if pending.unit:
            plane, cell, own = self.index, self.cell, {u.id: u for u in obs.units}
            for uid, name in [(pending.unit, "chosen unit"), *((a, "attackers chosen") for a in pending.attackers)]:
                if uid in own and own[uid].hex in cell:
                    r, c = cell[own[uid].hex]
                    grid[plane[name], r, c] += 1
            if pending.target in cell:
                grid[(plane["attack target"], *cell[pending.target])] = 1
            vector[-2:] = (pending.stage == "unit", pending.stage == "attack")
        return {"map": grid, "units": units.copy(), "vector": vector,
                "action_mask": np.frombuffer(mask, dtype=np.int8).copy()}

    def base(self, obs: Observation) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The map's planes, the unit rows and the vector of an observation, nothing chosen yet."""
        plane, cell = self.index, self.cell
        grid = self.static.copy()
        grid[self.place_planes, self.place_rows3, self.place_cols3] = self.places_seen(obs)
        added: dict[tuple[int, int, int], float] = {}  # (plane, row, column) -> amount: summed over a stack
        kinds = self.setup.rules.unit_types
        mine, movable, hidden = self.own_planes
        for u in obs.units:
            r, c = cell.get(u.hex, (-1, -1))
            if r >= 0:
                men = u.men / 100
                key = (mine[kinds[u.type].mover], r, c)
                added[key] = added.get(key, 0.0) + men
                if may_move(u):
                    key = (movable, r, c)
                    added[key] = added.get(key, 0.0) + 1
                if u.hidden:
                    key = (hidden, r, c)
                    added[key] = added.get(key, 0.0) + men
        seen, known, fresh = plane["enemy men in sight"], plane["enemy men last known"], plane["last known: freshness"]
        for e in obs.enemies:
            r, c = cell.get(Hex(*e.hex), (-1, -1))
            if r >= 0:
                added[seen, r, c] = added.get((seen, r, c), 0.0) + e.men / 100
        for last in obs.last_seen:
            r, c = cell.get(Hex(*last.hex), (-1, -1))
            if r >= 0:
                added[known, r, c] = added.get((known, r, c), 0.0) + last.men / 100
                added[fresh, r, c] = max(added.get((fresh, r, c), 0.0), 1 / (1 + last.age))  # its freshest note
        if added:
            grid.reshape(-1)[[p * self.plane_size + r * self.width + c for p, r, c in added]] = list(added.values())
        return grid, self.unit_rows(obs.units), self.vector(obs, Pending())

    def places_seen(self, obs: Observation) -> np.ndarray:
        """The places' planes (held by me, by the enemy, support for me) as the side knows them, in place order
        (the same as the last observation's while nothing changed: most orders change no place)."""
        key = (obs.side, obs.control, obs.support)
        if self._places[0] != key:
            held, support = dict(obs.control), dict(obs.support)
            holders = [held.get(pid, "") for pid in self.place_ids]
            values = [*(float(h == obs.side) for h in holders), *(float(bool(h) and h != obs.side) for h in holders),
                      *(dict(support.get(pid, ())).get(obs.side, 0) / 100 for pid in self.place_ids)]
            self._places = (key, np.asarray(values, dtype=np.float32))
        return self._places[1]

    def unit_rows(self, units: tuple) -> np.ndarray:
        """One row a unit slot (the side's units by id); the rows of units unchanged since the last call kept."""
        kept_units, kept_rows = self._rows
        ordered = sorted(units, key=attrgetter("id"))[:self.most_units]
        if len(ordered) == len(kept_units) and all(a.id == b.id for a, b in zip(ordered, kept_units)):
            out = kept_rows.copy()
            for k, (now, was) in enumerate(zip(ordered, kept_units)):
                if now is not was:
                    out[k] = self.unit_row(now)
        else:
            out = np.zeros((self.most_units, len(UNIT_FIELDS)), dtype=np.float32)
            for k, u in enumerate(ordered):
                out[k] = self.unit_row(u)
        self._rows = (ordered, out)
        return out

    def unit_row(self, u) -> tuple:
        r, c = self.cell.get(u.hex, (0, 0))
        mover = self.setup.rules.unit_types[u.type].mover
        return (1, c / self.width, r / self.height, u.men / 100, u.moves_left / 10, may_move(u), u.attacked,
                u.hidden, u.morale / 100, *(mover == m for m in MOVERS), u.turns_cut_off,
                POSTURE_STEPS.index(u.posture) if u.posture in POSTURE_STEPS else 0)

    def vector(self, obs: Observation, pending: Pending) -> np.ndarray:
        points = dict(obs.points)
        mine = points.get(obs.side, 0)
        theirs = sum(p for s, p in points.items() if s != obs.side)
        weathers = sorted(self.setup.rules.weather)
        return np.asarray((obs.turn / max(1, self.setup.total_turns), obs.part == "night",
                           *(obs.weather == w for w in weathers), obs.to_move == obs.side, obs.over,
                           mine / 100, theirs / 100, pending.stage == "unit",
                           pending.stage == "attack"), dtype=np.float32)
