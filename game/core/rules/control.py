"""Control of places: a place belongs to the last side to hold it alone.

Source: design choice (common to operational wargames).  A place with units
of only one side in its hex passes to that side; a contested or empty place
keeps its owner.  Whoever takes a town or depot takes its stocks (rules/capture.py).
Where a scenario scores the taking itself (`victory.objectives[].taking`),
a place taken from the enemy is written in the taker's books (`took_PLACE`).
"""

from __future__ import annotations

from game.core.events import Event, PlaceTaken
from game.core.hexgrid import Hex
from game.core.rules import capture
from game.core.state import State


def sweep(state: State) -> list[Event]:
    """Check every place that has units in it (after any order: moves, retreats, arrivals, flights)."""
    return update_control(state, state.board.place_at.keys() & state.units.occupied())


def update_control(state: State, hexes: list[Hex] | set[Hex]) -> list[Event]:
    events: list[Event] = []
    for h in sorted(hexes):
        pid = state.board.place_at.get(h)
        if pid is None:
            continue
        sides = {u.side for u in state.units.at(h) if u.men > 0}
        if len(sides) == 1:
            (holder,) = sides
            previous = state.control.get(pid, "")
            if holder != previous:
                state.control[pid] = holder
                if previous in state.enemies(holder) and scored_for_taking(state, pid):
                    state.book(holder, taken_entry(pid), 1)
                events.append(PlaceTaken(pid, holder, previous))
                events += capture.take_stocks(state, pid, holder)
    return events


def taken_entry(pid: str) -> str:
    """The books' entry of a side that took `pid` from the enemy: how many times it did."""
    return f"took_{pid}"


def scored_for_taking(state: State, pid: str) -> bool:
    return any(o.place == pid and o.taking for o in state.setup.scenario.victory.objectives)


def took(state: State, side: str, pid: str) -> bool:
    """`side` has taken `pid` from the enemy (booked only where the scenario scores the taking)."""
    return state.books.get(side, {}).get(taken_entry(pid), 0) > 0


def places_taken(state: State, side: str) -> list[str]:
    """The places `side` took from the enemy, of those the scenario scores for taking."""
    return [o.place for o in state.setup.scenario.victory.objectives if o.taking and took(state, side, o.place)]


def places_to_take(state: State, side: str) -> list[str]:
    """The places the enemy holds that `side` would score for taking."""
    return [o.place for o in state.setup.scenario.victory.objectives
            if o.taking.get(side) and state.control.get(o.place) in state.enemies(side)]
