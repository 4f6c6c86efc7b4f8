"""Movement: terrain costs, tracks, rivers, night, weather and zones of control.

Sources: terrain costs per mover in rules.yaml (design choices); zones of
control after classic hex wargames (SPI; Unity of Command): a unit entering a
hex next to a visible enemy stops there.  Units may not enter hexes holding
enemies.  Paths are cheapest-first with ties broken by hex order, so the same
order always walks the same path.
"""

from __future__ import annotations

import heapq
import math

from game.core.hexgrid import Hex
from game.core.rules import supply
from game.core.rules.visibility import sees
from game.core.state import State, Unit


def movement_allowance(state: State, unit: Unit) -> int:
    """Movement points a unit gets at the start of a turn."""
    points = state.rules.unit_types[unit.type].movement
    if state.is_night:
        points *= state.rules.movement.night_factor
    points *= state.rules.weather[state.weather].move
    points *= supply.move_factor(state, unit)
    return max(1, math.floor(points + 1e-9)) if points > 0 else 0


def step_cost(state: State, unit: Unit, a: Hex, b: Hex) -> int | None:
    """Points to step from `a` into neighbouring `b` (None: impassable)."""
    rules = state.rules
    mover = rules.unit_types[unit.type].mover
    if state.board.has_track(a, b):
        return rules.movement.track_cost
    cost = rules.terrain[state.board.terrain[b]].cost[mover]
    if cost is None:
        return None
    if b in state.board.rivers and a not in state.board.rivers:
        cost += rules.movement.river_extra
    return cost


def enemy_zoc(state: State, side: str) -> set[Hex]:
    """Hexes next to a visible enemy unit: entering them ends movement."""
    zone: set[Hex] = set()
    for u in state.units.values():
        if u.side != side and sees(side, u) and u.men > 0:
            zone.add(u.hex)
            zone.update(state.board.neighbours(u.hex))
    return zone


def blocked_hexes(state: State, side: str) -> set[Hex]:
    """Hexes a unit of `side` may not enter: those with visible enemies."""
    return {u.hex for u in state.units.values() if u.side != side and sees(side, u)}


def own_stack_full(state: State, unit: Unit, h: Hex) -> bool:
    count = sum(1 for u in state.units.values() if u.hex == h and u.side == unit.side and u.id != unit.id)
    return count >= state.rules.movement.stack_limit


def reachable(state: State, unit: Unit) -> dict[Hex, tuple[int, Hex | None]]:
    """Every hex the unit can reach this turn: hex -> (cost, previous hex)."""
    zoc = enemy_zoc(state, unit.side)
    blocked = blocked_hexes(state, unit.side)
    best: dict[Hex, tuple[int, Hex | None]] = {unit.hex: (0, None)}
    frontier = [(0, unit.hex)]
    while frontier:
        cost, here = heapq.heappop(frontier)
        if cost > best[here][0]:
            continue
        if here != unit.hex and here in zoc:
            continue  # entering an enemy zone of control ends the move
        for nxt in state.board.neighbours(here):
            if nxt in blocked:
                continue
            step = step_cost(state, unit, here, nxt)
            if step is None:
                continue
            total = cost + step
            if total <= unit.moves_left and (nxt not in best or total < best[nxt][0]):
                best[nxt] = (total, here)
                heapq.heappush(frontier, (total, nxt))
    return {h: v for h, v in best.items() if h == unit.hex or not own_stack_full(state, unit, h)}


def path_to(reach: dict[Hex, tuple[int, Hex | None]], to: Hex) -> list[Hex]:
    """The path from the unit's hex to `to` (both included) in a `reachable` map."""
    path = [to]
    while reach[path[-1]][1] is not None:
        path.append(reach[path[-1]][1])
    return path[::-1]
