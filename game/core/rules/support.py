"""Local support: what each village and town thinks of each side.

Source: docs/history.md (Mazarof reports growing local support for Enver; the
Basmachi live off friendly villages).  Support (0-100 per side) moves with
fights won and lost nearby and with holding a place; it feeds recruitment
(here), foraging (rules/supply.py), hiding (rules/ambush.py) and defection
(rules/defection.py).  Numbers in rules.yaml `support` (design choices).
"""

from __future__ import annotations

from game.core.events import Event, Recruited
from game.core.hexgrid import Hex, distance
from game.core.state import State
from game.core.rules.fight import Fight


def shift(state: State, place_id: str, side: str, amount: int) -> None:
    levels = state.support[place_id]
    levels[side] = max(0, min(100, levels.get(side, 0) + amount))


def places_near(state: State, h: Hex, radius: int) -> list[str]:
    return [pid for pid, p in sorted(state.board.places.items()) if distance(p.hex, h) <= radius]


def after_fight(state: State, f: Fight) -> None:
    """Villages near a fight warm to the winner and cool to the loser."""
    rules = state.rules.support
    for pid in places_near(state, f.target, rules.range):
        shift(state, pid, f.winner, rules.win)
        shift(state, pid, f.loser, -rules.loss)
    keep_from = state.turn - state.setup.turns_per_day
    state.wins = tuple(w for w in state.wins if w[0] > keep_from) + ((state.turn, f.winner, f.target),)


def nearest_place(state: State, h: Hex, radius: int | None = None) -> str:
    """The nearest place within `radius` (default `support.nearest_range`) hexes, '' if none."""
    radius = state.rules.support.nearest_range if radius is None else radius
    nearest = state.setup.remember("nearest place", dict)  # the board's places never move: worked out once a hex

    def find() -> str:
        near = [(distance(p.hex, h), pid) for pid, p in state.board.places.items() if distance(p.hex, h) <= radius]
        return min(near)[1] if near else ""

    if (h, radius) not in nearest:
        nearest[h, radius] = find()
    return nearest[h, radius]


def enemy_support(state: State, side: str, h: Hex) -> int:
    """The strongest enemy support at the nearest place (0 when none is near)."""
    pid = nearest_place(state, h)
    if not pid:
        return 0
    return max((state.support[pid].get(e, 0) for e in state.enemies(side)), default=0)


def own_support(state: State, side: str, h: Hex) -> int:
    pid = nearest_place(state, h)
    return state.support[pid].get(side, 0) if pid else 0


def is_end_of_day(state: State) -> bool:
    return state.turn % state.setup.turns_per_day == state.setup.turns_per_day - 1


def daily(state: State) -> list[Event]:
    """End of each day: holders gain support; loyal villages send recruits."""
    if not is_end_of_day(state):
        return []
    rules = state.rules.support
    events: list[Event] = []
    for pid, place in sorted(state.board.places.items()):
        holder = state.control.get(pid, "")
        if holder and state.support[pid].get(holder, 0) < rules.hold_cap:
            shift(state, pid, holder, min(rules.hold_per_day, rules.hold_cap - state.support[pid][holder]))
        for side in state.setup.sides:
            if state.support[pid].get(side, 0) < rules.recruit_support or holder not in (side, ""):
                continue
            near = [u for u in state.units_of(side) if distance(u.hex, place.hex) <= 1]
            if near and rules.recruits_per_day:
                unit = near[0]
                state.put(unit.but(men=unit.men + rules.recruits_per_day, full_men=unit.full_men + rules.recruits_per_day))
                state.book(side, "men_recruited", rules.recruits_per_day)
                events.append(Recruited(unit.id, pid, rules.recruits_per_day))
    return events
