"""Morale: falls with losses, defeat and isolation; rises with victory, rest, supply and leaders.

Source: design choice after Dupuy's treatment of morale and cohesion (numbers
in rules.yaml `morale`).  Low morale makes a defender fall back whenever it
loses men (`break_point`) and a beaten unit with nowhere to go surrender
(`surrender_point`); see rules/battle.py.  A leader's morale points count
in both checks.
"""

from __future__ import annotations

from game.core.events import Event
from game.core.state import State, Unit

MORALE_MAX = 100


def clamp(value: int) -> int:
    return max(0, min(MORALE_MAX, value))


def morale_after_fight(state: State, morale: int, lost_share: float, won: bool) -> int:
    """Morale after a fight in which the unit lost `lost_share` of its men."""
    m = state.rules.morale
    return clamp(morale - int(lost_share * 10 * m.loss_per_10pct_men) + (m.win if won else -m.defeat))


def after_fight(state: State, unit: Unit, lost_share: float, won: bool) -> Unit:
    """A unit's morale after a fight in which it lost `lost_share` of its men."""
    return unit.but(morale=morale_after_fight(state, unit.morale, lost_share, won))


def leader_points(state: State, unit: Unit) -> int:
    """The best leader's morale points with the unit (half while wounded)."""
    return max((l.morale if l.status == "fit" else l.morale // 2 for l in state.leaders_with(unit.id)), default=0)


def steadiness(state: State, unit: Unit) -> int:
    """Morale for the checks below: the unit's own plus its best leader's points."""
    return unit.morale + leader_points(state, unit)


def broken_at(state: State, steady: int) -> bool:
    return steady < state.rules.morale.break_point


def broken(state: State, unit: Unit) -> bool:
    return broken_at(state, steadiness(state, unit))


def surrenders(state: State, unit: Unit) -> bool:
    return steadiness(state, unit) < state.rules.morale.surrender_point


def enemy_near(state: State, unit: Unit, radius: int) -> bool:
    return any(u.side != unit.side for u in state.units.near(unit.hex, radius))  # (in any order)


def isolation(state: State, unit: Unit, end_of_day: bool | None = None) -> int:
    """Morale a unit with no supply line loses this turn: a day's worth, at the end of each day."""
    if end_of_day is None:
        end_of_day = state.turn % state.setup.turns_per_day == state.setup.turns_per_day - 1
    return state.rules.morale.cut_off_per_day if not unit.supplied and end_of_day else 0


def recovery(state: State, u: Unit, end_of_day: bool | None = None) -> int:
    """The morale `u` gains or loses at the end of this turn (or of a day or night turn, if told which)."""
    m = state.rules.morale
    no_recovery = state.turns_for_days(state.rules.supply.no_recovery_days)
    change = 0
    cut_off_long = u.turns_cut_off >= max(1, no_recovery)
    if not u.moved and not u.fought and not cut_off_long and not enemy_near(state, u, m.rest_range):
        change += m.rest
    change += m.supplied if u.supplied else isolation(state, u, end_of_day)
    if any(l.status == "fit" for l in state.leaders_with(u.id)):
        change += m.leader
    if change > 0:
        change = max(0, min(change, m.recovery_cap - u.morale))  # rest does not make veterans
    return change


def turn_recovery(state: State) -> list[Event]:
    """End of turn: rest, supply and leaders lift morale; being cut off lowers it, once a day."""
    for uid in sorted(state.units):
        u = state.units[uid]
        change = recovery(state, u)
        if change:
            state.put(u.but(morale=clamp(u.morale + change)))
    return []
