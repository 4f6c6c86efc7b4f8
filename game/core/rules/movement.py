"""Movement: terrain costs, tracks, rivers, night, weather and zones of control.

Sources: terrain costs per mover in rules.yaml (design choices); zones of
control after classic hex wargames (SPI; Unity of Command): a unit entering a
hex next to a visible enemy stops there.  Units may not enter hexes holding
enemies.  Paths are cheapest-first with ties broken by hex order, so the same
order always walks the same path.
"""

from __future__ import annotations

import math
from typing import Callable, Collection, Mapping

from game.core.board import ByHex
from game.core.hexgrid import Hex, disc
from game.core.rules import supply
from game.core.rules.sight import in_sight
from game.core.state import State, Unit
from game.core.ways import NOWHERE, Ways


def movement_allowance(state: State, unit: Unit) -> int:
    """Movement points a unit gets at the start of a turn: its type's, times each cut (`cuts`).  (Worked out once
    a game for each type, hour, weather and cut-off factor: every unit asks each turn.)"""
    key = ("allowance", unit.type, state.is_night, state.weather, supply.move_factor(state, unit))
    points = state.setup.memo.get(key)
    if points is None:
        points = state.rules.unit_types[unit.type].movement
        for _, factor in cuts(state, unit):
            points *= factor
        points = state.setup.memo[key] = max(1, math.floor(points + 1e-9)) if points > 0 else 0
    return points


def cuts(state: State, unit: Unit) -> list[tuple[str, float]]:
    """What multiplies the unit's allowance this turn, by name, in the order the rule applies them: the night,
    the weather, being cut off."""
    return ([("night", state.rules.movement.night_factor)] if state.is_night else []) + \
        [(state.weather, state.rules.weather[state.weather].move), ("cut off", supply.move_factor(state, unit))]


def slowed_by(state: State, unit: Unit) -> list[str]:
    """What cuts the unit's allowance this turn, in the allowance's own words: night, the weather, cut off."""
    return [name for name, factor in cuts(state, unit) if factor < 1]


def why_not_step(state: State, unit: Unit, h: Hex) -> str:
    """Why the unit cannot step into `h`, a hex next to it, this turn ("" if nothing in the rules stops it)."""
    cost = step_cost(state, state.rules.unit_types[unit.type].mover)(unit.hex, h)
    if cost is None:
        return "the next hex cannot be entered"
    if blocked(state, unit.side, h):
        return "an enemy holds the next hex"
    if beyond_a_turn(state, unit, unit.hex, h):
        return f"the next {why_never(state, unit, unit.hex, h)}"
    if cost > unit.moves_left:
        slowed = slowed_by(state, unit)
        return (f"the next step costs {cost} moves, with {unit.moves_left} to move this turn" +
                (f" ({', '.join(slowed)})" if slowed else ""))
    return ""


def why_never(state: State, unit: Unit, a: Hex, b: Hex) -> str:
    """What makes the step from `a` into `b` one the unit can never take (`beyond_a_turn`), without its subject."""
    cost = step_cost(state, state.rules.unit_types[unit.type].mover)(a, b)
    return (f"step into {state.board.terrain[b]} costs {cost} moves, more than a whole turn gives "
            f"({state.rules.unit_types[unit.type].movement})")


def beyond_a_turn(state: State, unit: Unit, a: Hex, b: Hex) -> bool:
    """The step from `a` into `b` costs more than the unit's whole allowance on a clear day: it can never take it."""
    cost = step_cost(state, state.rules.unit_types[unit.type].mover)(a, b)
    return cost is None or cost > state.rules.unit_types[unit.type].movement


def passable(state: State, h: Hex, mover: str) -> bool:
    """Whether `mover` (foot, horse, wheeled) may enter hex `h` at all: on the map, and its terrain has a cost."""
    return state.board.on_map(h) and state.rules.terrain[state.board.terrain[h]].cost[mover] is not None


def step_cost(state: State, mover: str) -> Callable[[Hex, Hex], int | None]:
    """Points for a `mover` to step from a hex into a neighbouring one (None: impassable), as a function of the two
    hexes: along a track `track_cost`, else the terrain's cost, plus `river_extra` for stepping into a river."""
    track, river_extra = state.rules.movement.track_cost, state.rules.movement.river_extra
    cost_of = {name: terrain.cost[mover] for name, terrain in state.rules.terrain.items()}
    terrain, rivers, tracks = state.board.terrain, state.board.rivers, state.board.track_steps

    def cost(a: Hex, b: Hex) -> int | None:
        if (a, b) in tracks:
            return track
        points = cost_of[terrain[b]]
        if points is not None and b in rivers and a not in rivers:
            points += river_extra
        return points

    return cost


def enemy_zoc(state: State, side: str) -> set[Hex]:
    """Hexes with or next to a visible enemy unit: entering them ends movement (the whole map, for the window)."""
    return {h for zone in enemy_zones(state, side) for h in zone if state.board.on_map(h)}


def in_enemy_zoc(state: State, side: str, h: Hex) -> bool:
    """`h` holds or is next to a visible enemy unit: entering it ends movement."""
    return any(h in zone for zone in enemy_zones(state, side))


def next_to_seen_enemy(state: State, unit: Unit) -> bool:
    """The unit's hex holds or is next to an enemy unit with men that its side sees: in its zone of control.
    (The unit sees the hexes next to it: so, one not hidden, as the units' index of zones has them.)"""
    return any(unit.hex in state.units.zone(side) for side in state.enemies(unit.side))


def enemy_zones(state: State, side: str) -> list[Mapping[Hex, int]]:
    """The zones of control of the enemy units `side` sees (hidden units, units out of its sight and units
    without men have none it knows of: a move planned through one stops where the enemy comes into sight)."""
    def build() -> dict[Hex, int]:
        zone: dict[Hex, int] = {}
        for uid in sorted(in_sight(state, side)):
            unit = state.units[uid]
            if unit.men > 0:
                for h in disc(unit.hex, 1):
                    zone[h] = zone.get(h, 0) + 1
        return zone

    return [state.units.remembered(("zones", side, state.is_night, state.weather), build)]  # forgotten on any change


def neighbour_map(state: State) -> dict[Hex, tuple[Hex, ...]]:
    """`board.neighbours` of every hex (the board works it out once)."""
    return state.board.around


def blocked(state: State, side: str, h: Hex) -> bool:
    """A unit of `side` may not enter `h`: visible enemies stand there."""
    return h in enemy_hexes(state, side)


def enemy_hexes(state: State, side: str) -> Collection[Hex]:
    """The hexes where `side` sees enemy units: none of its units may enter them."""
    return state.units.remembered(("enemy hexes", side, state.is_night, state.weather),
                                  lambda: {state.units[uid].hex for uid in in_sight(state, side)})


def stack_limit_at(state: State, h: Hex) -> int:
    """Units of one side that may stand in `h`: more in a town, whose streets and yards hold a regiment."""
    pid = state.board.place_at.get(h)
    town = pid is not None and state.board.places[pid].kind == "town"
    return state.rules.movement.town_stack_limit if town else state.rules.movement.stack_limit


def own_stack_full(state: State, unit: Unit, h: Hex) -> bool:
    count = sum(1 for u in state.units.at(h) if u.side == unit.side and u.id != unit.id)
    return count >= stack_limit_at(state, h)


def step_graph(state: State, mover: str) -> ByHex:
    """Every hex's enterable neighbours for `mover`, in board order, with `step_cost`.

    The board and the rules never change during a game, so it is worked out once per game and mover (each hex
    when first asked).
    """
    def build() -> ByHex:
        cost, around = step_cost(state, mover), state.board.around

        def steps_from(here: Hex) -> tuple[tuple[Hex, int], ...]:
            steps = []
            for nxt in around[here]:
                step = cost(here, nxt)
                if step is not None:
                    steps.append((nxt, step))
            return tuple(steps)

        return ByHex(state.board.terrain, steps_from)

    return state.setup.remember(("steps", mover), build)


def steps_into(state: State, mover: str) -> ByHex:
    """`step_graph` turned round: for every hex, the hexes a `mover` can step into it from, in board order, with the
    step's cost (what a search backwards from a goal walks; worked out once per game and mover, each hex when first
    asked)."""
    def build() -> ByHex:
        cost, around = step_cost(state, mover), state.board.around

        def steps_to(here: Hex) -> tuple[tuple[Hex, int], ...]:
            steps = []
            for prev in sorted(around[here]):
                step = cost(prev, here)
                if step is not None:
                    steps.append((prev, step))
            return tuple(steps)

        return ByHex(state.board.terrain, steps_to)

    return state.setup.remember(("steps into", mover), build)


def reachable(state: State, unit: Unit) -> dict[Hex, tuple[int, Hex | None]]:
    """Every hex the unit may move to this turn: hex -> (cost, previous hex).

    Paths may pass through hexes where the unit may not stop (its side's
    stack is full there): take paths from `routes`, which keeps those.
    """
    def build() -> dict[Hex, tuple[int, Hex | None]]:
        return {h: v for h, v in routes(state, unit).items() if may_stop(state, unit, h)}

    return state.units.remembered(("reach", unit, state.is_night, state.weather), build)  # (read it, never change it)


def may_stop(state: State, unit: Unit, h: Hex) -> bool:
    """The unit may end a move in `h` (one its way reaches): where it stands, or where its side's stack is not full."""
    return h == unit.hex or h not in state.units.occupied() or not own_stack_full(state, unit, h)


def can_move(state: State, unit: Unit) -> bool:
    """Whether the unit can move anywhere this turn: a neighbour it may step into and stop in answers at once;
    failing that, the whole search (`reachable`: a way may pass through a full stack of its own)."""
    if unit.moves_left <= 0:
        return False
    graph, side = step_graph(state, state.rules.unit_types[unit.type].mover), unit.side
    occupied = state.units.occupied()
    for nxt, step in graph[unit.hex]:
        if step <= unit.moves_left and (nxt not in occupied or (not blocked(state, side, nxt)
                                                                 and not own_stack_full(state, unit, nxt))):
            return True
    return len(reachable(state, unit)) > 1


def routes(state: State, unit: Unit) -> dict[Hex, tuple[int, Hex | None]]:
    """Every hex the unit can pass through or reach this turn: hex -> (cost, previous hex).  Worked out once while
    the units stand as they are (checking a move, making it and the AI's choosing ask alike); read it, never change it."""
    return state.units.remembered(("routes", unit, state.is_night, state.weather), lambda: search_routes(state, unit))


def search_routes(state: State, unit: Unit) -> dict[Hex, tuple[int, Hex | None]]:
    """`routes`, searched: cheapest first, ties by hex, never into a hex with a visible enemy, stopping where an
    enemy zone of control begins."""
    ways = ways_of(state, unit).walk()
    cost = ways.cost
    return {h: (cost[h], before) for h, before in ways.before.items()}


def ways_of(state: State, unit: Unit) -> Ways[Hex]:
    """The search behind `routes`, walked as far as it has been asked (kept while the units stand as they are)."""
    def build() -> Ways[Hex]:
        zones = enemy_zones(state, unit.side)
        stops = zones[0] if len(zones) == 1 else {h for zone in zones for h in zone}  # one lookup a hex
        return Ways(step_graph(state, state.rules.unit_types[unit.type].mover), (unit.hex,), limit=unit.moves_left,
                    barred=enemy_hexes(state, unit.side), halts=stops, in_order=True)

    return state.units.remembered(("ways", unit, state.is_night, state.weather), build)


def way_to(state: State, unit: Unit, to: Hex) -> list[tuple[Hex, int]]:
    """The path `routes` gives from the unit's hex to `to`, each hex with the points spent to reach it ([] if no
    route reaches it this turn): the search walked only as far as `to` costs (a move's check and the move ask)."""
    ways = ways_of(state, unit)
    return [(h, ways.cost[h]) for h in ways.path(to)] if ways.get(to) < NOWHERE else []


def can_reach(state: State, unit: Unit, to: Hex) -> bool:
    """Whether the unit may move to `to` this turn (`to in reachable(state, unit)`, searched only as far as `to`)."""
    return to == unit.hex or (bool(way_to(state, unit, to)) and may_stop(state, unit, to))


def path_to(reach: dict[Hex, tuple[int, Hex | None]], to: Hex) -> list[Hex]:
    """The path from the unit's hex to `to` (both included) in a `routes` map."""
    path = [to]
    while reach[path[-1]][1] is not None:
        path.append(reach[path[-1]][1])
    return path[::-1]


UNREACHABLE = NOWHERE  # the cost of a hex no route reaches


def route_map(into: Mapping[Hex, tuple[tuple[Hex, int], ...]], goals: tuple[Hex, ...],
              avoid: Collection[Hex] = frozenset()) -> Ways[Hex]:
    """Cheapest movement points from any hex to the nearest of some goals, ignoring units and never through
    `avoid`: searched backwards from the goals over `steps_into`, as far as it is asked (`get`)."""
    return Ways(into, goals, barred=avoid)
