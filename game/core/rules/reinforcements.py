"""Reinforcements: units that enter on a date, or after a wireless call.

Source: the scenario's `reinforcements` (docs/history.md: calls to Tashkent,
Bukhara and Samarkand).  Each unit comes on at its own entry hex, or the
nearest hex within two that holds no enemy and has room in the stack; if
any unit of the group cannot, the group waits a turn.
"""

from __future__ import annotations

from game.core.dice import amount
from game.core.events import Event, ReinforcementsArrived, ReinforcementsDelayed
from game.core.hexgrid import Hex, spiral
from game.core.rules.movement import movement_allowance, passable, stack_limit_at
from game.core.state import ASSETS, State, Unit


def turn_of(state: State, date, part: str) -> int:
    """The turn number of a date and day part (0 for anything before the start)."""
    days = (date - state.setup.start).days
    night = 1 if part == "night" and state.setup.turns_per_day == 2 else 0
    return max(0, days * state.setup.turns_per_day + night)


def schedule(state: State, turn: int, key: str) -> None:
    state.schedule = tuple(sorted(state.schedule + ((turn, key),)))


def answer_call(state: State, side: str, station: str, since: int = 0) -> list[tuple[int, int]]:
    """A call to `station` made `since` turns ago: its reinforcements' (arrival turn, delay), each scheduled.

    Each delay is drawn from the game's dice; help is never due before the next turn.
    """
    spec = state.setup.scenario.side(side)
    state.calls = state.calls + (f"{side}:{station}",)
    due = []
    for index, rein in enumerate(spec.reinforcements):
        if rein.on_call != station:
            continue
        delay = amount(state.dice, rein.delay_turns)
        arrives = state.turn + max(1, delay - since)
        schedule(state, arrives, f"{side}:{index}")
        due.append((arrives, delay))
    return due


def entry_hex(state: State, unit: Unit, arriving: dict[Hex, int]) -> Hex | None:
    """The unit's own entry hex, or the nearest within two that is free of enemies and not full."""
    mover = state.rules.unit_types[unit.type].mover
    enemy = {u.hex for u in state.units.values() if u.side != unit.side}
    for h in spiral(unit.hex, 2):
        if h in enemy or not passable(state, h, mover):
            continue
        stacked = sum(1 for u in state.units.values() if u.hex == h and u.side == unit.side) + arriving.get(h, 0)
        if stacked < stack_limit_at(state, h):
            return h
    return None


def entries(state: State, units: tuple[Unit, ...]) -> list[Hex] | None:
    """Where each unit of a group comes on, or None if any of them cannot."""
    arriving: dict[Hex, int] = {}
    out = []
    for unit in units:
        h = entry_hex(state, unit, arriving)
        if h is None:
            return None
        arriving[h] = arriving.get(h, 0) + 1
        out.append(h)
    return out


def arrive(state: State) -> list[Event]:
    """Bring on every reinforcement due this turn; a group that cannot come on waits a turn."""
    events: list[Event] = []
    due = [entry for entry in state.schedule if entry[0] <= state.turn]
    state.schedule = tuple(entry for entry in state.schedule if entry[0] > state.turn)
    for _, key in due:
        units = state.reserves.pop(key, ())
        if not units:
            continue
        side = units[0].side
        where = entries(state, units)
        if where is None:
            state.reserves[key] = units
            schedule(state, state.turn + 1, key)
            events.append(ReinforcementsDelayed(side, key, "the enemy holds the way in"))
            continue
        for unit, at in zip(units, where):
            placed = unit.but(hex=at)
            state.put(placed.but(moves_left=movement_allowance(state, placed)))
            for asset in ASSETS:
                state.book(side, f"{asset}_arrived", getattr(unit, asset))
        events.append(ReinforcementsArrived(side, tuple(u.id for u in units), sum(u.men for u in units), tuple(where[0])))
    return events
