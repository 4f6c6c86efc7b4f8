"""Reading the map and the odds: routes, the ring round a town, what an assault would do.

Everything here works on a commander's view (game/ai/view.py) and uses the
rules' own functions (movement costs, combat forecast, morale), so the AI
judges by the rules the game plays by.
"""

from __future__ import annotations

from functools import reduce
from itertools import combinations
from operator import or_

from game.core.hexgrid import Hex, distance, ring
from game.core.rules import combat, movement, siege, supply
from game.core.state import State, Unit
from game.core.ways import Ways

UNREACHABLE = movement.UNREACHABLE


def mover(state: State, unit: Unit) -> str:
    return state.rules.unit_types[unit.type].mover


def main_arm(state: State, units: list[Unit]) -> str:
    """The mover most of `units`' men are (a ring or an ambush is placed where they can stand)."""
    men: dict[str, int] = {}
    for u in units:
        men[mover(state, u)] = men.get(mover(state, u), 0) + u.men
    return min(men, key=lambda kind: (-men[kind], kind)) if men else "foot"


def route_costs(state: State, kind: str, goal: Hex) -> Ways[Hex]:
    """Movement points from any hex to `goal` for a `kind` mover, ignoring units.

    The board never changes in a game, so the map is kept with the game's set-up per mover and goal (the 512
    used last: `Setup.recall`), and it is searched only as far as it is asked.
    """
    return state.setup.recall("route tables", (kind, goal), lambda: movement.route_map(movement.steps_into(state, kind), (goal,)))


def route_costs_avoiding(state: State, kind: str, goal: Hex, avoid: set[Hex]) -> Ways[Hex]:
    """Like `route_costs`, but no route passes through a hex in `avoid` (searched afresh each time, as far as asked)."""
    return movement.route_map(movement.steps_into(state, kind), (goal,), avoid)


def route(state: State, kind: str, start: Hex, goal: Hex, avoid: set[Hex] = frozenset()) -> list[Hex]:
    """The cheapest path from `start` to `goal` (both included), ignoring units but not passing `avoid`."""
    costs = route_costs_avoiding(state, kind, goal, avoid) if avoid else route_costs(state, kind, goal)
    if costs.get(start) >= UNREACHABLE:
        return []
    graph = movement.step_graph(state, kind)
    path = [start]
    while path[-1] != goal and len(path) < 500:
        here = path[-1]
        path.append(min(graph[here], key=lambda s: (s[1] + costs.get(s[0], UNREACHABLE), s[0]))[0])
    return path


passable = movement.passable  # the movement rule's own test


def cover(state: State, h: Hex) -> bool:
    return state.rules.terrain[state.board.terrain[h]].cover


def defence(state: State, h: Hex) -> float:
    return state.rules.terrain[state.board.terrain[h]].defence


def power(state: State, units: list[Unit], role: str = "attack") -> float:
    return sum(combat.unit_power(state, u, role) for u in units)


can_fight = combat.ready_to_attack  # the rule's own test, under the name the AI reads best


def ring_cover(state: State, target: Hex, kind: str, taken: set[Hex], fed: set[Hex] = frozenset(),
               held: set[Hex] = frozenset()) -> list[Hex]:
    """The fewest hexes two steps from `target` whose zones of control close every way into it.

    A supply line must enter the town through one of its neighbours; a
    neighbour next to one of our units is closed to it (rules/supply.py).
    Among covers of the same size, hexes we already stand on (`held`) win, so
    the ring does not shuffle from turn to turn; then hexes our own supply
    reaches (`fed`), then strong ground and cover.  Hexes in `taken` (held by the enemy) are
    not used.
    """
    board = state.board
    need = frozenset(h for h in board.neighbours(target)  # the way a supply line may come
                     if supply.open_ground(state, board.terrain[h]))
    covers = {h: frozenset(n for n in board.neighbours(h) if n in need) for h in ring(target, 2)
              if board.on_map(h) and passable(state, h, kind) and h not in taken}
    candidates = sorted(h for h, c in covers.items() if c)
    ways_in = {n: 1 << k for k, n in enumerate(sorted(need))}  # the ways in as bits, a hex's covered at once
    closes = [sum(ways_in[n] for n in covers[h]) for h in candidates]
    worth = {h: 4 * (h in held) + 2 * (h in fed) + defence(state, h) + 0.2 * cover(state, h) for h in candidates}
    for size in range(1, 5):
        best = None
        for combo, closed in zip(combinations(candidates, size), combinations(closes, size)):
            if reduce(or_, closed) != (1 << len(need)) - 1:
                continue
            score = (sum(worth[h] for h in combo), combo)
            if best is None or score[0] > best[0]:
                best = score
        if best is not None:
            return sorted(best[1], key=lambda h: (-defence(state, h), h))
    return candidates[:4]


def reserve_spots(state: State, target: Hex, side: str, taken: set[Hex], kind: str) -> list[Hex]:
    """Cover three steps from `target` a `kind` mover can stand in, out of the enemy's reach, to wait for the
    assault."""
    enemy = [u.hex for u in state.units_of_not(side)]
    spots = [h for h in ring(target, 3) if state.board.on_map(h) and passable(state, h, kind)
             and h not in taken and all(distance(h, e) > 1 for e in enemy)]
    return sorted(spots, key=lambda h: (not cover(state, h), -defence(state, h), h))


assault_spots = siege.assault_spots


placed = siege.placed  # a copy of the view with some units standing elsewhere (to weigh a plan)


def start_hexes(state: State) -> dict[str, Hex]:
    """Where the scenario puts each unit at the start (reinforcements are not in it)."""
    return {spec.id: spec.at for side in state.setup.scenario.sides for spec in side.units}


def enemies_at(view: State, side: str, h: Hex) -> list[Unit]:
    """The enemy units the side reckons stand in `h`: seen there, or last seen or reported there (its view holds
    both: ai/view.py)."""
    return [u for u in view.units_at(h) if u.side != side]


def in_sight_now(view: State, side: str, unit: Unit) -> bool:
    """Whether the side sees `unit` now (its view keeps a record for what it does not see)."""
    return unit.id not in view.sightings.get(side, {})


def known_now(view: State, side: str, unit: Unit) -> bool:
    """Whether the side sees `unit` now or was told of it this turn, not only remembers it from before (its view
    keeps a record for what it does not see)."""
    last = view.sightings.get(side, {}).get(unit.id)
    return last is None or last.turn == view.turn
