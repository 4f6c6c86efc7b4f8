"""Leaving the map: men led off at an exit are safe, and score.

Source: "Basmachi rebels flee to Afghanistan and Iran" (docs/history.md: the last groups cross into
Afghanistan and Iran) and the scenario's `victory.exits`.  A unit standing
on one of its side's exit hexes may leave; its men, weapons and any leader
with it leave too.  Each exit scores its own points per 100 men
(rules/victory.py).
"""

from __future__ import annotations

from dataclasses import replace

from game.core.events import Event, LeftMap, WayOpened
from game.core.orders import LeaveMap
from game.core.state import ASSETS, State


def exit_at(state: State, side: str, h, opened: bool = True) -> int:
    """Index of the exit of `side` at hex `h` (open now, unless `opened` is False), or -1."""
    for index, (exit_side, hexes, _) in enumerate(state.board.exits):
        if exit_side == side and h in hexes and (not opened or is_open(state, index)):
            return index
    return -1


def is_open(state: State, index: int) -> bool:
    """The exit may be taken now (a scenario may open one only from a date: `victory.exits[].opens`)."""
    opens = state.board.exit_opens[index] if index < len(state.board.exit_opens) else None
    return opens is None or state.date >= opens


def opening(state: State) -> list[Event]:
    """At the first turn of the day a way out opens on, say so (the February campaign's warning)."""
    if state.turn == 0:
        return []
    before = state.setup.date_of(state.turn - 1)
    return [WayOpened(side, index) for index, (side, _, _) in enumerate(state.board.exits)
            if index < len(state.board.exit_opens) and state.board.exit_opens[index] is not None
            and before < state.board.exit_opens[index] <= state.date]


def why_not(state: State, order: LeaveMap) -> str:
    unit = state.units[order.unit]
    if exit_at(state, unit.side, unit.hex) < 0:
        shut = exit_at(state, unit.side, unit.hex, opened=False)
        if shut >= 0:
            return f"the way out here opens on {state.board.exit_opens[shut].isoformat()}"
        return f"{unit.name} is not at an exit of its side"
    return ""


def leave(state: State, order: LeaveMap) -> list[Event]:
    unit = state.units.pop(order.unit)
    state.departed = state.departed + (unit,)
    index = exit_at(state, unit.side, unit.hex)
    for asset in ASSETS:
        if getattr(unit, asset):
            state.book(unit.side, f"{asset}_exited", getattr(unit, asset))
    state.book(unit.side, f"exit{index}_men", unit.men)
    for lid, leader in sorted(state.leaders.items()):
        if leader.unit == unit.id:
            state.leaders[lid] = replace(leader, status="left")
    return [LeftMap(unit.id, unit.side, unit.men, index)]
