"""Reinforcements: units that enter on a date, or after a wireless call.

Source: the scenario's `reinforcements` (HISTORY.md: calls to Tashkent,
Bukhara and Samarkand).  Arrivals come on at their entry hex, or the nearest
free hex within two; if the enemy holds all of those, they wait a turn.
"""

from __future__ import annotations

from game.core.events import Event, ReinforcementsArrived, ReinforcementsDelayed
from game.core.hexgrid import Hex, spiral
from game.core.rules.movement import movement_allowance
from game.core.state import State


def turn_of(state: State, date, part: str) -> int:
    """The turn number of a date and day part (0 for anything before the start)."""
    days = (date - state.setup.start).days
    night = 1 if part == "night" and state.setup.turns_per_day == 2 else 0
    return max(0, days * state.setup.turns_per_day + night)


def schedule(state: State, turn: int, key: str) -> None:
    state.schedule = tuple(sorted(state.schedule + ((turn, key),)))


def entry_hex(state: State, side: str, wanted: Hex, type_: str) -> Hex | None:
    mover = state.rules.unit_types[type_].mover
    enemy = {u.hex for u in state.units.values() if u.side != side}
    for h in spiral(wanted, 2):
        if state.board.on_map(h) and h not in enemy and state.rules.terrain[state.board.terrain[h]].cost[mover] is not None:
            return h
    return None


def arrive(state: State) -> list[Event]:
    """Bring on every reinforcement due this turn."""
    events: list[Event] = []
    due = [entry for entry in state.schedule if entry[0] <= state.turn]
    state.schedule = tuple(entry for entry in state.schedule if entry[0] > state.turn)
    for _, key in due:
        units = state.reserves.pop(key, ())
        if not units:
            continue
        side = units[0].side
        at = entry_hex(state, side, units[0].hex, units[0].type)
        if at is None:
            state.reserves[key] = units
            schedule(state, state.turn + 1, key)
            events.append(ReinforcementsDelayed(side, key, "the enemy holds the way in"))
            continue
        for unit in units:
            placed = unit.but(hex=at)
            state.put(placed.but(moves_left=movement_allowance(state, placed)))
            for asset in ("men", "rifles", "machine_guns", "cannons"):
                state.book(side, f"{asset}_arrived", getattr(unit, asset))
        events.append(ReinforcementsArrived(side, tuple(u.id for u in units), sum(u.men for u in units), tuple(at)))
    return events
