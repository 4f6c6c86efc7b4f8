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

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

import math

from game.core.events import Attrition, CutOff, Event, Resupplied, Supplied
from game.core.board import ByHex
from game.core.hexgrid import Hex
from game.core.state import State, Unit
from game.core.hexbits import HexBits
from game.core.rules.losses import take_losses
from game.core.ways import Ways


def trace_cost(state: State) -> Callable[[Hex, Hex], int | None]:
    """Supply points to trace from a hex into a neighbouring one, as a function of the two hexes (None: no line):
    along an open track `track_cost` (0: free), else across open or rough ground (`open_ground`)."""
    rules, board = state.rules.supply, state.board
    cost_of = {name: None if not open_ground(state, name) else rules.rough_cost if name in rules.rough_terrain
               else rules.open_cost for name in state.rules.terrain}

    tracks, terrain = board.track_steps, board.terrain

    def cost(a: Hex, b: Hex) -> int | None:
        return rules.track_cost if (a, b) in tracks else cost_of[terrain[b]]

    return cost


def open_ground(state: State, terrain: str) -> bool:
    """Whether a supply line can cross a hex of `terrain` off a track: ground some mover can cross."""
    return any(cost is not None for cost in state.rules.terrain[terrain].cost.values())


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


def trace_graph(state: State) -> "TraceGraph":
    """The supply graph: the steps a supply line can take out of every hex, with their cost (`trace_cost`).

    The board and the rules never change during a game, so it is built once per game.
    """
    return state.setup.remember("supply lines", lambda: TraceGraph(state.board.hexes, state.board.around,
                                                                   trace_cost(state)))


class TraceGraph:
    """The board's hexes numbered in order, each with the steps out of it a supply line can take: (number, cost).
    (A search over numbers keeps its costs in a list: supply searches walk most of the map.)"""

    def __init__(self, hexes: Iterable[Hex], around: Mapping[Hex, Iterable[Hex]], cost: Callable[[Hex, Hex], int | None]):
        self.hexes = sorted(hexes)
        self.index = index = {h: i for i, h in enumerate(self.hexes)}

        def steps_from(i: int) -> tuple[tuple[int, int], ...]:
            a = self.hexes[i]
            return tuple((index[b], step) for b in around[a] if (step := cost(a, b)) is not None)

        self.steps = ByHex(range(len(self.hexes)), steps_from)  # each hex's steps worked out when first needed

    def numbers(self, hexes: Iterable[Hex]) -> set[int]:
        index = self.index
        return {index[h] for h in hexes if h in index}


def search(state: State, side: str, starts: list[Hex], stop: set[Hex], limit: float) -> Ways[int]:
    """The cheapest supply lines from any start to each hex within `limit` points, never entering `stop` (a start in
    `stop` counts if a unit of the side stands there), ties by the order reached (free steps along a track stay at
    the cost being walked), by hex number (`trace_graph`)."""
    graph = trace_graph(state)
    own = {u.hex for u in state.units.values() if u.side == side}
    first = sorted(graph.numbers(h for h in starts if h not in stop or h in own))
    return Ways(graph.steps, first, limit=limit, barred=graph.numbers(stop)).walk()


def reached(state: State, side: str, starts: list[Hex], stop: set[Hex], targets: Collection[Hex] = ()) -> int:
    """The hexes a supply line from `starts` reaches within `path_cost` (as `search` has them), as bits of
    `spread_graph`; given `targets`, it stops once it has them all."""
    graph = spread_graph(state)
    own = {u.hex for u in state.units.values() if u.side == side}
    first = graph.of(h for h in starts if h not in stop or h in own)
    return graph.reach(first, graph.of(stop) & ~first, state.rules.supply.path_cost, graph.of(targets))


def spread_graph(state: State) -> HexBits:
    """The supply graph (`trace_cost`) as bits, for asking only which hexes the lines reach (built once per game)."""
    return state.setup.remember("supply reach", lambda: HexBits(state.board.hexes, state.board.around,
                                                                trace_cost(state)))


def lines_at(state: State, side: str, hexes: list[Hex]) -> dict[Hex, str]:
    """The supply line of `side` to each of `hexes` ("full", "forage" or ""), as `network` has it: the searches go
    only as far as these hexes need (the upkeep asks for the side's units' hexes)."""
    graph, found, stop = spread_graph(state), sources(state, side), blocked(state, side)
    full = reached(state, side, [h for h, k in found.items() if k == "full"], stop, hexes)
    lines = {h: "full" if graph.holds(full, h) else "" for h in hexes}
    wanted = [h for h, line in lines.items() if not line and h in graph.bit]
    if wanted:
        forage = reached(state, side, [h for h, k in found.items() if k == "forage"], stop, wanted)
        lines.update({h: "forage" for h in wanted if graph.holds(forage, h)})
    return lines


def network(state: State, side: str) -> "Network":
    """Every hex a supply line of `side` reaches: "full" or, failing that, "forage" (traced when first asked: most
    units have a full line)."""
    found = sources(state, side)
    stop = blocked(state, side)
    full = reached(state, side, [h for h, k in found.items() if k == "full"], stop)
    return Network(spread_graph(state), full,
                   lambda: reached(state, side, [h for h, k in found.items() if k == "forage"], stop))


class Network(Mapping):
    """hex -> "full" or "forage" for the hexes a side's supply lines reach, in board order; read from the
    reach of its lines when asked (the upkeep asks for a few units' hexes, not the whole board)."""

    def __init__(self, graph: HexBits, full: int, forage: Callable[[], int]):
        self.graph, self.full, self._forage, self._foraged = graph, full, forage, None
        self._whole: dict[Hex, str] | None = None

    @property
    def forage(self) -> int:
        if self._foraged is None:
            self._foraged = self._forage()
        return self._foraged

    def get(self, h: Hex, default=None):
        if h not in self.graph.bit:
            return default
        if self.graph.holds(self.full, h):
            return "full"
        return "forage" if self.graph.holds(self.forage, h) else default

    def __getitem__(self, h: Hex) -> str:
        line = self.get(h)
        if line is None:
            raise KeyError(h)
        return line

    def whole(self) -> dict[Hex, str]:
        """The network as a dict, in board order (made once, when something asks for all of it)."""
        if self._whole is None:
            full = set(self.graph.members(self.full))
            self._whole = {h: "full" if h in full else "forage"
                           for h in sorted(full.union(self.graph.members(self.forage)))}
        return self._whole

    def full_lines(self) -> list[Hex]:
        """The hexes a full line reaches, in board order (without tracing the forage lines)."""
        return self.graph.members(self.full)

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
    """The cheapest way from any start to `goal` within `limit` supply points, not entering `stop` (`search`):
    (hexes from the start to the goal, its cost)."""
    graph = trace_graph(state)
    at = graph.index.get(goal)
    lines = search(state, side, starts, stop, limit)
    if at is None or not lines.reaches(at):
        return (), math.inf
    return tuple(graph.hexes[i] for i in lines.path(at)), lines.cost[at]


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
        units = state.units_of(side)
        lines = lines_at(state, side, [u.hex for u in units])
        for unit in units:
            events += supply_unit(state, unit, lines[unit.hex])
    return events


def supply_unit(state: State, unit: Unit, line: str) -> list[Event]:
    """One unit's upkeep: its line (or none) counted, its basic load filled from the rear, the countryside or a
    town's stocks, a turn's rations eaten; then attrition."""
    events: list[Event] = []
    supplied = line == "full" or (line == "forage" and state.rules.unit_types[unit.type].forages)
    if supplied and unit.turns_cut_off:
        events.append(Resupplied(unit.id, unit.side, unit.turns_cut_off))
    if not supplied and unit.supplied:
        events.append(CutOff(unit.id, unit.side))
    load = basic_load(state, unit)
    food, ammunition, source = unit.food, unit.ammunition, "rear"
    if line == "full":
        food, ammunition = max(food, load["food"]), max(ammunition, load["ammunition"])
    else:
        if line == "forage":
            food = max(food, load["food"])
        food, ammunition, source = draw_stocks(state, unit, {"food": food, "ammunition": ammunition}, load)
    for kind, now, was in (("food", food, unit.food), ("ammunition", ammunition, unit.ammunition)):
        if now > was:  # from the rear, the countryside or a town's stocks
            state.book(unit.side, f"{kind}_supplied", now - was)
    if ammunition > unit.ammunition:
        events.append(Supplied(unit.id, unit.side, ammunition - unit.ammunition, source))
    eaten = ration(state, unit)
    hungry = food < eaten  # not enough left to eat this turn
    if min(eaten, food):
        state.book(unit.side, "food_used", min(eaten, food))
    now = (supplied, 0 if supplied else unit.turns_cut_off + 1, max(0, food - eaten), ammunition)
    if now != (unit.supplied, unit.turns_cut_off, unit.food, unit.ammunition):  # (a supplied unit's often are not)
        unit = unit.but(supplied=now[0], turns_cut_off=now[1], food=now[2], ammunition=now[3])
        state.put(unit)
    return events + attrition(state, unit, hungry)


def ration(state: State, unit: Unit) -> int:
    """What the unit's men eat in a turn: a day's rations shared over the day's turns, rounded up."""
    return -(-unit.men * state.rules.supply.rations_per_man_day // state.setup.turns_per_day)


def draw_stocks(state: State, unit: Unit, has: dict[str, int], load: dict[str, int]) -> tuple[int, int, str]:
    """A cut-off unit in or next to towns of its side's takes from their stocks up to its load (`has`: what it has),
    town by town: its food and ammunition then, and the first town that gave it rounds."""
    source = ""
    for pid, stock in sorted(state.stocks.items()):
        place = state.board.places[pid]
        if state.control.get(pid) != unit.side or unit.hex not in [place.hex, *state.board.neighbours(place.hex)]:
            continue
        for kind in ("food", "ammunition"):
            got = min(max(0, load[kind] - has[kind]), stock[kind])
            stock[kind] -= got
            has[kind] += got
            if kind == "ammunition" and got > 0:
                source = source or pid
    return has["food"], has["ammunition"], source


def attrition(state: State, unit: Unit, hungry: bool) -> list[Event]:
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
