"""Withdrawal: how far a unit is from its side's way out, and whether the time left still carries it there.

Source: "warned of a Soviet counterattack, he withdrew to Kofarnihon"
(docs/history.md, the February campaign).  A way out may open only on a
date (`victory.exits[].opens`) and a scenario may count the men still on
the map at the end as caught (`victory.left_behind_caught`): then a band
must weigh one more town against the turns it needs to get away.  The
reckoning is the map's: the cheapest way by road and country at the unit's
pace over a day and a night in the weather the season promises
(`weather.expected_move`), ignoring the enemy (who only makes it longer).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from game.core.hexgrid import Hex
from game.core.rules import movement, victory, weather
from game.core.rules.exits import is_open
from game.core.state import State, Unit
from game.core.ways import Ways

FAR = 10**6  # no way out at all


@dataclass(frozen=True)
class WayOut:
    """A unit's reckoning of its withdrawal, for the panel: what the rules know, in one place."""
    turns_needed: int  # this turn counted (FAR: no way there)
    turns_left: int  # this turn counted
    opens: dt.date | None  # the first of its side's ways out to open, if none is open yet
    caught: bool  # the scenario counts the side's men still on the map at the end as caught

    @property
    def spare(self) -> int:
        return self.turns_left - self.turns_needed


def has_way_out(state: State, side: str) -> bool:
    return any(s == side for s, _, _ in state.board.exits)


def costs_to_leave(state: State, side: str, mover: str) -> Ways[Hex]:
    """Movement points from every hex to the nearest of the side's ways out, open or not yet (worked out once a
    game: `costs_to_leave(...).get(hex, FAR)`)."""
    def build() -> Ways[Hex]:
        goals = tuple(sorted(h for s, hexes, _ in state.board.exits if s == side for h in hexes if state.board.on_map(h)))
        return movement.route_map(movement.steps_into(state, mover), goals).walk()

    return state.setup.remember(("way out", side, mover), build)


def pace(state: State, unit: Unit) -> float:
    """Movement points a turn over today's day and night, in the weather the day may be expected to bring."""
    rules = state.rules
    day, night = (weather.expected_move(state, state.date, part) for part in ("day", "night"))
    if state.setup.turns_per_day == 1:
        return rules.unit_types[unit.type].movement * day
    return rules.unit_types[unit.type].movement * (day + rules.movement.night_factor * night) / 2


def turns_to_leave(state: State, unit: Unit, start: Hex | None = None) -> int:
    """Turns (this one counted) the unit needs from `start` (its hex) to a way out of its side; FAR if none."""
    mover = state.rules.unit_types[unit.type].mover
    return turns_for(state, unit, costs_to_leave(state, unit.side, mover).get(unit.hex if start is None else start, FAR))


def turns_for(state: State, unit: Unit, cost: float) -> int:
    """Turns (this one counted) the unit needs for a way of `cost` movement points at its pace; FAR if it has none."""
    if cost >= FAR or pace(state, unit) <= 0:
        return FAR
    return max(1, math.ceil(cost / pace(state, unit)))


def turns_left(state: State) -> int:
    """Turns still to play, this one counted."""
    return state.setup.total_turns - state.turn


def spare_turns(state: State, unit: Unit, start: Hex | None = None) -> int:
    """Turns to spare before the unit, from `start`, must make for the way out (negative: already too late)."""
    return turns_left(state) - turns_to_leave(state, unit, start)


def turns_until_open(state: State, side: str) -> int:
    """Turns until the first of the side's ways out opens (0: one is open now; FAR: it has none)."""
    mine = [i for i, (s, _, _) in enumerate(state.board.exits) if s == side]
    if not mine:
        return FAR
    if any(is_open(state, i) for i in mine):
        return 0
    first = min(state.board.exit_opens[i] for i in mine)
    turn = state.turn
    while state.setup.date_of(turn) < first:
        turn += 1
    return turn - state.turn


def way_out(state: State, unit: Unit) -> WayOut | None:
    """The unit's withdrawal reckoning, if its side has a way out."""
    mine = [i for i, (s, _, _) in enumerate(state.board.exits) if s == unit.side]
    if not mine:
        return None
    shut = [state.board.exit_opens[i] for i in mine if not is_open(state, i)]
    opens = min(shut) if len(shut) == len(mine) else None
    return WayOut(turns_to_leave(state, unit), turns_left(state), opens, victory.caught_if_left(state, unit.side))
