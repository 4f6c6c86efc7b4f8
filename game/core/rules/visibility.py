"""What a side can see.

Source: Wesnoth's hidden units (a design choice; docs/ai.md, "Fog of war").  A side sees all of
its own units and every enemy unit that is not hidden.  The ambush rule
reveals hidden units (sets `hidden` to False) when they are discovered.
`view_for` is the game as one side knows it: the AI plans on it and the
window judges the siege on it.
"""

from __future__ import annotations

from game.core.hexgrid import Hex
from game.core.state import State, Unit


def sees(side: str, unit: Unit) -> bool:
    return unit.side == side or not unit.hidden


def private_to(event, after: State) -> str:
    """The side that alone may read of this event ("" when everyone may): news of a unit still hidden after it."""
    uid = getattr(event, "unit", None)
    unit = after.units.get(uid) if isinstance(uid, str) else None
    if unit is not None and unit.hidden:
        return unit.side
    return ""


def visible_units(state: State, side: str) -> list[Unit]:
    """The units `side` can see, sorted by id."""
    return [u for _, u in sorted(state.units.items()) if sees(side, u)]


def visible_enemies_at(state: State, side: str, h: Hex) -> list[Unit]:
    return [u for u in state.units_at(h) if u.side != side and sees(side, u)]


def view_for(state: State, side: str) -> State:
    """The game as `side` knows it: a copy without the enemy units it cannot see, nor the enemy's
    reinforcements and their schedule (which it cannot know).  The dice are the game's."""
    view = state.copy()
    for unit in view.units.hidden():
        if not sees(side, unit):
            del view.units[unit.id]
    mine = side + ":"
    view.reserves = {k: v for k, v in state.reserves.items() if k.startswith(mine)}
    view.schedule = tuple(entry for entry in state.schedule if entry[1].startswith(mine))
    return view
