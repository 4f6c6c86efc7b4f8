"""Orders that last: a go-to carried out turn after turn until the unit arrives, or until something it must
react to happens: an enemy comes in sight near it, it is fought or ambushed, or its way is barred.

Pure: the route is found on the map as the side knows it (the AI's route search, around the enemies it sees);
each turn the session gives the unit an ordinary `Move` to the farthest hex of that route it can reach, which
the engine checks like any other.  The standing orders are the player's plan, not the game's: they are kept
in saves beside the orders, never in the state.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.ai import reading
from game.core.hexgrid import Hex, distance
from game.core.rules import movement
from game.core.state import State, Unit

WARY = 3  # an enemy seen this close stops a go-to (hexes)


@dataclass(frozen=True)
class GoTo:
    unit: str
    to: Hex


def route(state: State, unit: Unit, to: Hex) -> tuple[Hex, ...]:
    """The cheapest way from the unit to `to` over the map, turns not counted (its mover's step costs, around
    the enemies the side sees: the AI's own route search, ai/reading.py); () if there is none."""
    enemies = {u.hex for u in state.units.values() if u.side != unit.side}
    return () if to in enemies else tuple(reading.route(state, reading.mover(state, unit), unit.hex, to, enemies))


def turns_to(state: State, unit: Unit, way: tuple[Hex, ...]) -> int:
    """About how many turns the way takes at the unit's full allowance."""
    if len(way) < 2:
        return 0
    graph = movement.step_graph(state, state.rules.unit_types[unit.type].mover)
    cost = sum(dict(graph[a])[b] for a, b in zip(way, way[1:]))
    return -(-cost // max(1, movement.movement_allowance(state, unit)))


def leg(state: State, unit: Unit, way: tuple[Hex, ...]) -> Hex | None:
    """The farthest hex of the way the unit can move to this turn (None if it cannot move along it at all)."""
    reach = movement.reachable(state, unit)
    return next((h for h in reversed(way[1:]) if h in reach), None)


def wary_of(state: State, unit: Unit) -> Unit | None:
    """The nearest enemy the side sees within `WARY` hexes of the unit (what a go-to stops for)."""
    near = [(distance(u.hex, unit.hex), u.id, u) for u in state.units.values()
            if u.side != unit.side and distance(u.hex, unit.hex) <= WARY]
    return min(near)[2] if near else None
