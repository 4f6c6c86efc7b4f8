"""Ambushes: hiding in cover, being found, and the column that blunders in.

Sources: docs/history.md (the cavalry detachment from Denov ambushed, its men
"neutralized", machine guns, rifles and ammunition captured); Wesnoth's
ambush ability and ASL concealment; Dupuy QJM: complete surprise can more
than double combat power, the surprised side loses more, and surprise
wears off.  Numbers in rules.yaml `ambush` (design choices).

- A unit in cover (terrain with `cover`) that has not fought this turn and
  has no visible enemy next to it may hide.
  Hidden units are invisible to the enemy: no zone of control, not seen.
- At the end of each phase the moving side looks around: an enemy next to a
  hidden unit finds it; at 2-3 hexes there is a chance, worse at night, in
  snow and near villages loyal to the hider, better for horsemen.
- A unit that moves next to an undetected enemy stops at once.  The hidden
  units strike first with surprise; the victim, caught in column, gets no
  terrain or posture, loses more, is shaken for a while and may panic:
  panicked, it drops part of its weapons and runs, or, with its steadiness
  below `give_up_below`, lays down its arms to the ambushers.
"""

from __future__ import annotations

from game.core.dice import needed, succeeds
from game.core.events import Ambush, DiceRolled, Event, Hid, Panicked, Spotted
from game.core.hexgrid import Hex, distance
from game.core.orders import Hide
from game.core.rules import battle, morale, rout, support
from game.core.rules.retreat import fall_back
from game.core.rules.sight import sees
from game.core.state import State, Unit

HORSE = ("horse",)


def why_not_hide(state: State, order: Hide) -> str:
    unit = state.units[order.unit]
    if unit.hidden:
        return f"{unit.name} is already hidden"
    if unit.fought:
        return f"{unit.name} has fought this turn"
    if not state.rules.terrain[state.board.terrain[unit.hex]].cover:
        return f"{state.board.terrain[unit.hex]} gives no cover to hide in"
    if any(u.side != unit.side and sees(state, unit.side, u) for u in state.units_near(unit.hex, 1)):
        return "the enemy is next to it and would see"
    return ""


def hide(state: State, order: Hide) -> list[Event]:
    unit = state.units[order.unit]
    state.put(unit.but(hidden=True, moves_left=0))
    return [Hid(unit.id)]


def hidden_neighbours(state: State, mover: Unit, h: Hex) -> list[Unit]:
    return [u for u in state.units_near(h, 1) if u.side != mover.side and u.hidden and u.hex != h]


def spring(state: State, victim_id: str) -> list[Event]:
    """The victim has just stepped next to hidden enemies: they strike first."""
    victim = state.units[victim_id]
    ambushers = hidden_neighbours(state, victim, victim.hex)
    if not ambushers:
        return []
    for u in ambushers:
        state.put(u.but(hidden=False))
    rules = state.rules.ambush
    events: list[Event] = [Ambush(tuple(u.id for u in ambushers), victim.id, tuple(victim.hex))]
    events += battle.fight(state, tuple(u.id for u in ambushers), victim.hex, rules.surprise, rules.victim_losses, in_column=True)
    if victim.id in state.units:
        state.put(state.units[victim.id].but(shaken=rules.shaken_turns, moves_left=0))
        events += panic(state, victim.id, {u.hex for u in ambushers}, ambushers[0].side)
    return events


def panic(state: State, uid: str, enemy_hexes: set[Hex], enemy_side: str) -> list[Event]:
    """The ambushed may panic: they rout, dropping part of their weapons and running."""
    unit = state.units[uid]
    roll = state.dice.roll()
    chance = state.rules.ambush.panic_chance * (1 + unit.lost_share)
    if not succeeds(roll, chance):
        return [DiceRolled("panic", uid, roll, needed(chance), False)]
    rules = state.rules.ambush
    state.put(unit.but(morale=max(0, unit.morale - rules.rout_morale)))
    takers = [u.id for u in state.units_of(enemy_side) if u.hex in enemy_hexes]
    events: list[Event] = [Panicked(uid, roll)]
    if morale.steadiness(state, state.units[uid]) < rules.give_up_below:
        return events + give_up(state, uid, takers, enemy_side)
    events += rout.abandon(state, uid, rules.rout_abandon, takers, unit.hex)
    return events + fall_back(state, uid, enemy_hexes)  # a rout: one hex more, even if driven off already


def give_up(state: State, uid: str, takers: list[str], enemy_side: str) -> list[Event]:
    """Panicked and below `ambush.give_up_below`, caught in column: the men lay down their arms to the ambushers,
    who take every weapon and store (the Denov column, "neutralized")."""
    dropped = rout.abandon(state, uid, 1.0, takers, state.units[uid].hex)
    events, _ = battle.lay_down_arms(state, uid, enemy_side)
    return events + dropped


def detect_chance(state: State, spotter: Unit, hider: Unit) -> float:
    rules = state.rules.ambush
    d = distance(spotter.hex, hider.hex)
    chance = rules.detect_chance.get(d, 0.0)
    if state.is_night:
        chance *= rules.detect_night
    chance *= rules.detect_weather.get(state.weather, 1.0)
    if state.rules.unit_types[spotter.type].mover in HORSE:
        chance *= rules.detect_cavalry
    chance *= 1 - rules.detect_support * support.own_support(state, hider.side, hider.hex) / 100
    return min(1.0, chance)


def look_around(state: State, side: str) -> list[Event]:
    """End of `side`'s phase: its units find hidden enemies next to them, or perhaps further off."""
    events: list[Event] = []
    reach = state.rules.ambush.detect_range
    for hider in [u for u in state.units.hidden() if u.side != side]:
        spotters = [s for s in state.units_near(hider.hex, reach) if s.side == side and s.men > 0]
        near = sorted((distance(s.hex, hider.hex), s.id, s) for s in spotters)
        for d, sid, spotter in near:
            if d <= 1:
                events.append(found(state, hider, spotter, d, -1))
                break
            roll = state.dice.roll()
            chance = detect_chance(state, spotter, hider)
            if succeeds(roll, chance):
                events.append(found(state, hider, spotter, d, roll))
                break
            events.append(DiceRolled("spotting", hider.id, roll, needed(chance), False))
    return events


def found(state: State, hider: Unit, spotter: Unit, d: int, roll: int) -> Spotted:
    state.put(hider.but(hidden=False))
    return Spotted(hider.id, spotter.id, d, roll)


def wear_off(state: State) -> list[Event]:
    """End of turn: shaken units steady by a turn."""
    for uid in sorted(state.units):
        u = state.units[uid]
        if u.shaken:
            state.put(u.but(shaken=u.shaken - 1))
    return []
