"""What a side can see.

Source: Wesnoth's hidden units (a design choice; docs/ai.md, "Fog of war").  A side sees all of
its own units and every enemy unit that is not hidden.  The ambush rule
reveals hidden units (sets `hidden` to False) when they are discovered.
"""

from __future__ import annotations

from game.core.hexgrid import Hex
from game.core.state import State, Unit


def sees(side: str, unit: Unit) -> bool:
    return unit.side == side or not unit.hidden


def visible_units(state: State, side: str) -> list[Unit]:
    """The units `side` can see, sorted by id."""
    return [u for _, u in sorted(state.units.items()) if sees(side, u)]


def visible_enemies_at(state: State, side: str, h: Hex) -> list[Unit]:
    return [u for u in state.units_at(h) if u.side != side and sees(side, u)]
