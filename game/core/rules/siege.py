"""The siege: how a besieged place stands, and what a storm this turn would do.

Source: the record (the town cut off, its garrison worn down by isolation,
hunger and defections until the storm of 14 February).  Nothing here changes
the game: it reads the rules (morale, supply, defection, the battle prospect)
so that the window, `simulate --json` and the AI judge a siege by the same
numbers.  The storm chance is the one the AI storms on.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from game.core.hexgrid import Hex, distance
from game.core.rules import battle, combat, morale, movement, supply
from game.core.rules.visibility import visible_enemies_at
from game.core.state import State, Unit

STORM_REACH = 12  # hexes beyond which a unit is not counted for a storm this turn


@dataclass(frozen=True)
class Siege:
    """One besieged place, as its besieger can judge it."""
    place: str
    name: str
    holder: str
    besieger: str
    garrison: int  # men in the place
    turns_cut_off: int  # the longest any of the garrison has been without a supply line
    morale: int  # the garrison's morale, weighted by men
    trend: int  # its change over the next day if nothing else happens (rest, supply, leaders, isolation)
    broken: float  # share of the garrison's men already below the break point
    defected: int  # men of the holder who have gone over so far in the game
    food_days: float  # days the garrison's food and the place's stocks last
    hungry: bool  # some of the garrison go hungry this turn
    storm: float  # chance that the besieger's storm this turn empties the place
    stormers: tuple[str, ...]  # who would go in


def assault_spots(state: State, side: str, target: Hex) -> list[Hex]:
    """Hexes next to `target` to storm it from: river hexes first (they take away the river's help)."""
    rivers = state.board.rivers
    terrain = state.rules.terrain
    spots = [h for h in state.board.neighbours(target) if not any(u.side != side for u in state.units_at(h))
             and (movement.passable(state, h, "horse") or movement.passable(state, h, "foot"))]
    return sorted(spots, key=lambda h: (h not in rivers, -terrain[state.board.terrain[h]].defence, h))


def placed(state: State, moves: dict[str, Hex]) -> State:
    """A copy of the state with some units standing elsewhere (to weigh a plan)."""
    trial = state.copy()
    for uid, h in moves.items():
        trial.units[uid] = trial.units[uid].but(hex=h)
    return trial


def storm_option(state: State, own: list[Unit], target: Hex) -> tuple[dict[str, Hex], float]:
    """Who of `own` can be next to `target` this turn, and the chance their assault empties it."""
    side = own[0].side if own else state.side
    spots = assault_spots(state, side, target)
    if not spots or not visible_enemies_at(state, side, target):
        return {}, 0.0
    group: dict[str, Hex] = {}
    load: Counter = Counter()
    for u in sorted((u for u in own if combat.ready_to_attack(state, u)), key=lambda u: (-u.men, u.id)):
        if distance(u.hex, target) == 1:
            group[u.id] = u.hex
            load[u.hex] += 1
            continue
        if u.moves_left <= 0 or distance(u.hex, target) > STORM_REACH:
            continue
        reach = movement.reachable(state, u)
        options = [h for h in spots if h in reach and load[h] < movement.stack_limit_at(state, h)]
        if options:
            spot = min(options, key=lambda h: (load[h] > 0 and h != spots[0], spots.index(h)))
            group[u.id] = spot
            load[spot] += 1
    if not group:
        return {}, 0.0
    return group, battle.prospect(placed(state, group), tuple(sorted(group)), target).emptied_chance


def trend(state: State, unit: Unit) -> int:
    """The morale a unit gains or loses over the next day if it stays as it is."""
    parts = state.setup.turns_per_day
    return sum(morale.recovery(state, unit, end_of_day=(i == parts - 1)) for i in range(parts))


def food_days(state: State, place: str, garrison: list[Unit]) -> float:
    daily = sum(u.men for u in garrison) * state.rules.supply.rations_per_man_day
    food = sum(u.food for u in garrison) + state.stocks.get(place, {}).get("food", 0)
    return food / daily if daily else math.inf


def besieger_of(state: State, place_hex: Hex, holder: str) -> str:
    """The enemy side with the most men within `wireless.besieged_range` of the place ("" for none)."""
    near = Counter()
    for u in state.units.near(place_hex, state.rules.wireless.besieged_range):
        if u.side != holder:
            near[u.side] += u.men
    return min(near, key=lambda s: (-near[s], s)) if near else ""


def sieges(state: State, besieger: str | None = None) -> list[Siege]:
    """Every place held by a garrison with enemies near it or cut off (by `besieger`, if given)."""
    found = []
    for pid, place in sorted(state.board.places.items()):
        holder = state.control.get(pid, "")
        garrison = [u for u in state.units_at(place.hex) if u.side == holder]
        if not holder or not garrison:
            continue
        enemy = besieger_of(state, place.hex, holder)
        if besieger is not None and enemy != besieger:
            continue
        if not enemy and not any(u.turns_cut_off for u in garrison):
            continue
        found.append(report(state, pid, holder, enemy, garrison))
    return found


def weighted(garrison: list[Unit], value) -> int:
    """A value of the garrison's units, weighted by their men."""
    men = sum(u.men for u in garrison)
    return round(sum(value(u) * u.men for u in garrison) / men) if men else 0


def report(state: State, pid: str, holder: str, enemy: str, garrison: list[Unit]) -> Siege:
    place = state.board.places[pid]
    men = sum(u.men for u in garrison)
    own = sorted((u for u in state.units.values() if u.side == enemy), key=lambda u: u.id) if enemy else []
    group, chance = storm_option(state, own, place.hex) if own else ({}, 0.0)
    stocked = state.stocks.get(pid, {}).get("food", 0)
    return Siege(
        place=pid, name=place.name, holder=holder, besieger=enemy, garrison=men,
        turns_cut_off=max(u.turns_cut_off for u in garrison),
        morale=weighted(garrison, lambda u: u.morale), trend=weighted(garrison, lambda u: trend(state, u)),
        broken=sum(u.men for u in garrison if morale.broken(state, u)) / men if men else 0.0,
        defected=state.books.get(holder, {}).get("men_defected_out", 0),
        food_days=food_days(state, pid, garrison),
        hungry=not stocked and any(u.food < supply.ration(state, u) for u in garrison),
        storm=chance, stormers=tuple(sorted(group)),
    )


def storm_turns(state: State, s: Siege, level: float) -> int | None:
    """Turns from now until a storm by the besieger would reach `level` (the chance the besieger storms at), if
    the garrison goes on as today: its morale drifting by its trend, its days cut off counting on.  0 if it
    reaches it now; None if not before the scenario ends, or there is nobody to storm with."""
    if s.storm >= level:
        return 0
    if not s.besieger:
        return None
    place = state.board.places[s.place]
    own = sorted((u for u in state.units.values() if u.side == s.besieger), key=lambda u: u.id)
    garrison = [u for u in state.units_at(place.hex) if u.side == s.holder]
    per_day = state.setup.turns_per_day
    days_left = (state.setup.total_turns - 1 - state.turn) // per_day

    def reaches(days: int) -> bool:
        trial = state.copy()
        for u in garrison:
            cut = u.turns_cut_off + days * per_day if u.turns_cut_off else 0
            trial.put(u.but(morale=morale.clamp(u.morale + trend(state, u) * days), turns_cut_off=cut))
        return storm_option(trial, own, place.hex)[1] >= level

    if days_left < 1 or not reaches(days_left):
        return None
    low, high = 0, days_left  # reaches(high), not reaches(low): the first day it does, assuming the drift is one way
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if reaches(mid) else (mid, high)
    return high * per_day
