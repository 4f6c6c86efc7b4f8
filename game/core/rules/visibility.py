"""What a side can see: its own units, and the enemy units in its sight (rules/sight.py).

Source: Wesnoth's hidden units and vision (a design choice; docs/rules.md, "What a side knows").
The ambush rule reveals hidden units (sets `hidden` to False) when they are
discovered.  All a side is given of the game is `observe` (game/core/observe.py).
"""

from __future__ import annotations

from game.core.hexgrid import Hex
from game.core.rules.sight import sees
from game.core.state import State, Unit


def visible_units(state: State, side: str) -> list[Unit]:
    """The units `side` can see, sorted by id."""
    return [u for _, u in sorted(state.units.items()) if sees(state, side, u)]


def visible_enemies_at(state: State, side: str, h: Hex) -> list[Unit]:
    return [u for u in state.units_at(h) if u.side != side and sees(state, side, u)]
