"""Supply: a line to the rear, stocks in the towns, and what being cut off does.

Sources: supply traced as a path to a source, blocked by enemy units and
their zones of control, with effects that grow the longer a unit is cut off
(Unity of Command; John Tiller's games; War in the East); "Siege of Dushanbe" (docs/history.md): the
Basmachi cut the supply lines and isolate the town.

- A side's *rear sources* are `rear` places (a railhead, a road off the map)
  whose `supply_source` names it and that it holds.  Supply runs along
  tracks from them as far as the track is open, then at most `path_cost`
  points across country.  Villages whose support for a side is at least
  `forage_support`, and that the enemy does not hold, feed it (food only).
- A line may not enter a hex with an enemy unit, or an enemy zone of control
  that no friendly unit stands in.  A unit with no line is *cut off*.
- Supplied units are filled up to a basic load of food and ammunition.  Cut
  off units may still draw on the stocks of a town their side holds, in it
  or next to it, while the stocks last.  Everyone eats.
- Effects by days cut off: no morale recovery, weaker attack, weaker
  defence and slower movement, then attrition; hunger brings attrition at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import math

from game.core.events import Attrition, CutOff, Event, Resupplied, Supplied
from game.core.hexgrid import Hex
from game.core.state import State, Unit


def trace_cost(state: State, a: Hex, b: Hex) -> int | None:
    """Supply points to trace from `a` into `b`; along an open track it costs `track_cost` (0: free)."""
    rules = state.rules.supply
    if state.board.has_track(a, b):
        return rules.track_cost
    if not open_ground(state, b):
        return None
    return rules.rough_cost if state.board.terrain[b] in rules.rough_terrain else rules.open_cost


def open_ground(state: State, h: Hex) -> bool:
    """Whether a supply line can cross `h` off a track: ground some mover can cross."""
    return any(cost is not None for cost in state.rules.terrain[state.board.terrain[h]].cost.values())


def sources(state: State, side: str) -> dict[Hex, str]:
    """Rear source hexes: "full" (food and ammunition) or "forage" (food only)."""
    found: dict[Hex, str] = {}
    forage = state.rules.supply.forage_support
    for pid, place in sorted(state.board.places.items()):
        holder = state.control.get(pid, "")
        if side in place.supply_source and holder == side and place.rear:
            found[place.hex] = "full"
        elif holder in (side, "") and state.support[pid].get(side, 0) >= forage:
            found.setdefault(place.hex, "forage")
    return found


def blocked(state: State, side: str) -> set[Hex]:
    """Hexes a supply line of `side` cannot pass: enemies and their uncontested zones.

    Hidden enemies block their own hex but have no zone of control (rules/ambush.py).
    The zones come from the units index and may hold hexes off the map, where no line goes.
    """
    enemy, own = set(), set()
    for u in state.units.values():
        (own if u.side == side else enemy).add(u.hex)
    zone = set().union(*(state.units.zone(e) for e in state.enemies(side)))  # visible enemies' hexes and neighbours
    return enemy | (zone - own)


def trace_graph(state: State) -> dict[Hex, tuple[tuple[Hex, int], ...]]:
    """Every hex's neighbours a supply line can enter, with the cost (`trace_cost`).

    The board and the rules never change during a game, so it is built once per game.
    """
    def build() -> dict[Hex, tuple[tuple[Hex, int], ...]]:
        graph = {}
        for here in state.board.hexes:
            steps = ((nxt, trace_cost(state, here, nxt)) for nxt in state.board.neighbours(here))
            graph[here] = tuple((nxt, step) for nxt, step in steps if step is not None)
        return graph

    return state.setup.remember("supply lines", build)


def reach(state: State, side: str, starts: list[Hex], stop: set[Hex]):
    """Which hexes lie within `path_cost` supply points of any start, not passing `stop`: a mask over
    `trace_matrix(state).hexes` (the board's hexes in order).

    One multi-source shortest-path search over the board's graph
    (`scipy.sparse.csgraph.dijkstra`, in C) with the edges into `stop` taken
    out; a start in `stop` still counts if a unit of the side stands there.
    """
    import numpy as np

    found = search(state, side, starts, stop, state.rules.supply.path_cost)
    return np.isfinite(found[0]) if found else np.zeros(trace_matrix(state).size, dtype=bool)


def search(state: State, side: str, starts: list[Hex], stop: set[Hex], limit: float, predecessors: bool = False):
    """The multi-source search behind `reach` and `way`: (cost to each hex, [where each step came from]) over the
    board's hexes in order, or None when no start counts (a start in `stop` only if a unit of the side is there)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    graph = trace_matrix(state)
    own = {u.hex for u in state.units.values() if u.side == side}
    first = sorted(graph.index[h] for h in starts if (h not in stop or h in own) and h in graph.index)
    if not first:
        return None
    closed = np.zeros(graph.size, dtype=bool)
    closed[[graph.index[h] for h in stop if h in graph.index]] = True
    costs = np.where(closed[graph.targets], np.inf, graph.costs)  # no step into a blocked hex
    matrix = csr_matrix((costs, graph.targets, graph.rows), shape=(graph.size, graph.size))
    found = dijkstra(matrix, indices=first, min_only=True, limit=limit + 0.5, return_predecessors=predecessors)
    return found if predecessors else (found,)


class TraceMatrix:
    """The supply graph as arrays, step by step in order of the hex stepped from: where from, where to,
    the cost (free steps cost a hair, which sparse graphs need; whole-number limits never feel it)."""

    FREE = 1e-6

    def __init__(self, graph: dict[Hex, tuple[tuple[Hex, int], ...]]):
        import numpy as np

        self.hexes = sorted(graph)
        self.index = {h: i for i, h in enumerate(self.hexes)}
        self.size = len(self.hexes)
        steps = [(self.index[a], self.index[b], cost or self.FREE) for a in self.hexes for b, cost in graph[a]]
        self.froms = np.array([s[0] for s in steps], dtype=np.int32)
        self.targets = np.array([s[1] for s in steps], dtype=np.int32)
        self.costs = np.array([s[2] for s in steps], dtype=float)
        self.rows = np.zeros(self.size + 1, dtype=np.int64)  # where each hex's steps begin (steps are in hex order)
        np.cumsum(np.bincount(self.froms, minlength=self.size), out=self.rows[1:])


def trace_matrix(state: State) -> TraceMatrix:
    return state.setup.remember("supply matrix", lambda: TraceMatrix(trace_graph(state)))


def network(state: State, side: str) -> "Network":
    """Every hex a supply line of `side` reaches: "full" or, failing that, "forage"."""
    found = sources(state, side)
    stop = blocked(state, side)
    full = reach(state, side, [h for h, k in found.items() if k == "full"], stop)
    forage = reach(state, side, [h for h, k in found.items() if k == "forage"], stop)
    return Network(trace_matrix(state), full, forage)


class Network(Mapping):
    """hex -> "full" or "forage" for the hexes a side's supply lines reach, in board order; read from the
    search's masks when asked (the upkeep asks for a few units' hexes, not the whole board)."""

    def __init__(self, graph: TraceMatrix, full, forage):
        self.graph, self.full, self.forage = graph, full, forage
        self._whole: dict[Hex, str] | None = None

    def get(self, h: Hex, default=None):
        i = self.graph.index.get(h)
        if i is None or not (self.full[i] or self.forage[i]):
            return default
        return "full" if self.full[i] else "forage"

    def __getitem__(self, h: Hex) -> str:
        line = self.get(h)
        if line is None:
            raise KeyError(h)
        return line

    def whole(self) -> dict[Hex, str]:
        """The network as a dict, in board order (made once, when something asks for all of it)."""
        if self._whole is None:
            hexes, full = self.graph.hexes, self.full
            self._whole = {hexes[i]: ("full" if full[i] else "forage") for i in (full | self.forage).nonzero()[0]}
        return self._whole

    def items(self):
        return self.whole().items()

    def __iter__(self):
        return iter(self.whole())

    def __len__(self) -> int:
        return len(self.whole())


@dataclass(frozen=True)
class Trace:
    """Why a hex has a supply line or not: the way from the nearest source to it, and what stops it."""
    line: str  # "full", "forage" or "" (none)
    path: tuple[Hex, ...]  # from the source to the hex: the open line, or the way it would run with nothing in it
    source: str  # the place the way starts from ("" if the side has no source at all)
    blocked: tuple[Hex, ...]  # hexes on that way a line may not pass: enemies and their zones of control
    too_far: bool  # the way is longer than `path_cost` supply points, blocked or not


def trace(state: State, side: str, h: Hex) -> Trace:
    """The supply line of `side` to hex `h` as the rules trace it (`network`), with the way it runs; with none,
    the way it would run if nothing stood in it, the hexes that block it and whether it is too long anyway."""
    found = sources(state, side)
    stop = blocked(state, side)
    for kind in ("full", "forage"):
        path, _ = way(state, side, [s for s, k in found.items() if k == kind], h, stop, state.rules.supply.path_cost)
        if path:
            return Trace(kind, path, state.board.place_at.get(path[0], ""), (), False)
    starts = [s for s, k in found.items() if k == "full"] or list(found)
    path, cost = way(state, side, starts, h, set(), math.inf)
    return Trace("", path, state.board.place_at.get(path[0], "") if path else "",
                 tuple(x for x in path[1:] if x in stop), cost > state.rules.supply.path_cost)


def way(state: State, side: str, starts: list[Hex], goal: Hex, stop: set[Hex], limit: float):
    """The cheapest way from any start to `goal` within `limit` supply points, not entering `stop` (`search`,
    keeping where each step came from): (hexes from the start to the goal, its cost)."""
    graph = trace_matrix(state)
    found = search(state, side, starts, stop, limit, predecessors=True) if goal in graph.index else None
    at = graph.index.get(goal)
    if found is None or not math.isfinite(found[0][at]):
        return (), math.inf
    cost, before, _ = found
    path = [at]
    while before[path[-1]] >= 0:
        path.append(int(before[path[-1]]))
    return tuple(graph.hexes[i] for i in reversed(path)), round(float(cost[at]), 3)


def days_cut_off(state: State, unit: Unit) -> int:
    return unit.turns_cut_off // state.setup.turns_per_day


def combat_factor(state: State, unit: Unit, role: str) -> float:
    rules = state.rules.supply
    days = days_cut_off(state, unit)
    if role == "attack" and days >= rules.weak_attack_days:
        return rules.weak_attack
    if role == "defence" and days >= rules.weak_defence_days:
        return rules.weak_defence
    return 1.0


def move_factor(state: State, unit: Unit) -> float:
    return state.rules.supply.slow_move if days_cut_off(state, unit) >= state.rules.supply.weak_defence_days else 1.0


def basic_load(state: State, unit: Unit) -> dict[str, int]:
    rules = state.rules.supply
    return {"food": unit.men * rules.rations_per_man_day * rules.food_days,
            "ammunition": unit.rifles * rules.basic_load_rounds + unit.machine_guns * rules.basic_load_mg}


def upkeep(state: State) -> list[Event]:
    """End of turn: trace supply for every unit, feed, refill, and count the days."""
    events: list[Event] = []
    for side in state.setup.sides:
        net = network(state, side)
        for unit in state.units_of(side):
            events += supply_unit(state, unit, net.get(unit.hex, ""))
    return events


def supply_unit(state: State, unit: Unit, line: str) -> list[Event]:
    events: list[Event] = []
    supplied = line == "full" or (line == "forage" and state.rules.unit_types[unit.type].forages)
    turns = 0 if supplied else unit.turns_cut_off + 1
    if supplied and unit.turns_cut_off:
        events.append(Resupplied(unit.id, unit.side, unit.turns_cut_off))
    if not supplied and unit.supplied:
        events.append(CutOff(unit.id, unit.side))
    unit = unit.but(supplied=supplied, turns_cut_off=turns)
    load = basic_load(state, unit)
    before = unit
    source = "rear"
    if line == "full":
        unit = unit.but(food=max(unit.food, load["food"]), ammunition=max(unit.ammunition, load["ammunition"]))
    else:
        if line == "forage":
            unit = unit.but(food=max(unit.food, load["food"]))
        unit, source = draw_stocks(state, unit, load)
    for kind in ("food", "ammunition"):  # from the rear, the countryside or a town's stocks
        if getattr(unit, kind) > getattr(before, kind):
            state.book(unit.side, f"{kind}_supplied", getattr(unit, kind) - getattr(before, kind))
    if unit.ammunition > before.ammunition:
        events.append(Supplied(unit.id, unit.side, unit.ammunition - before.ammunition, source))
    eaten = ration(state, unit)
    hungry = unit.food < eaten  # not enough left to eat this turn
    if min(eaten, unit.food):
        state.book(unit.side, "food_used", min(eaten, unit.food))
    unit = unit.but(food=max(0, unit.food - eaten))
    state.put(unit)
    return events + attrition(state, unit, hungry)


def ration(state: State, unit: Unit) -> int:
    """What the unit's men eat in a turn: a day's rations shared over the day's turns, rounded up."""
    return -(-unit.men * state.rules.supply.rations_per_man_day // state.setup.turns_per_day)


def draw_stocks(state: State, unit: Unit, load: dict[str, int]) -> tuple[Unit, str]:
    """A cut-off unit in or next to towns of its side's takes from their stocks, town by town; with the first town
    that gave it rounds."""
    source = ""
    for pid, stock in sorted(state.stocks.items()):
        place = state.board.places[pid]
        if state.control.get(pid) != unit.side or unit.hex not in [place.hex, *state.board.neighbours(place.hex)]:
            continue
        changes = {}
        for kind in ("food", "ammunition"):
            want = max(0, load[kind] - getattr(unit, kind))
            got = min(want, stock[kind])
            stock[kind] -= got
            changes[kind] = getattr(unit, kind) + got
        source = source or (pid if changes["ammunition"] > unit.ammunition else "")
        unit = unit.but(**changes)
    return unit, source


def attrition(state: State, unit: Unit, hungry: bool) -> list[Event]:
    from game.core.rules.losses import take_losses

    rules = state.rules.supply
    causes = []
    share = 0.0
    if days_cut_off(state, unit) >= rules.attrition_days:
        share, causes = share + rules.attrition, causes + ["cut off"]
    if hungry:
        share, causes = share + rules.hunger_attrition, causes + ["hunger"]
    men = min(unit.men, math.ceil(round(unit.men * share, 6)))  # rounded up: small units waste away too
    if men <= 0:
        return []
    cause = " and ".join(causes)
    take_losses(state, unit, men)
    return [Attrition(unit.id, men, cause)]
