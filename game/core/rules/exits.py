"""Leaving the map: men led off at an exit are safe, and score.

Source: "Basmachi rebels flee to Afghanistan and Iran" (docs/history.md: the last groups cross into
Afghanistan and Iran) and the scenario's `victory.exits`.  A unit standing
on one of its side's exit hexes may leave; its men, weapons and any leader
with it leave too.  Each exit scores its own points per 100 men
(rules/victory.py).
"""

from __future__ import annotations

from dataclasses import replace

from game.core.events import Event, LeftMap
from game.core.orders import LeaveMap
from game.core.state import ASSETS, State


def exit_at(state: State, side: str, h) -> int:
    """Index of the exit of `side` at hex `h`, or -1."""
    for index, (exit_side, hexes, _) in enumerate(state.board.exits):
        if exit_side == side and h in hexes:
            return index
    return -1


def why_not(state: State, order: LeaveMap) -> str:
    unit = state.units[order.unit]
    if exit_at(state, unit.side, unit.hex) < 0:
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
