"""Defection: men who cross over to the other side, with their weapons.

Sources: docs/history.md (7 Feb: 72 Russian troops defect; 14 Feb: 88 soldiers
defect); modelling references: defection grows with low morale, time out of
supply, losses, the enemy's local support and a nearby enemy success, and
falls with a leader present; local militia defect far more readily than
regulars.  Numbers in rules.yaml `defection` (design choices).

Once a day, at the end of the night turn, each unit may lose a share of its
men to the nearest enemy unit.  `defection_chance` is the function the rule
uses, so the window and the AI show the same chance and its causes.
"""

from __future__ import annotations

from typing import NamedTuple

from game.core.dice import ROLL_SIDES, needed, succeeds
from game.core.events import Defected, DiceRolled, Event
from game.core.hexgrid import distance
from game.core.rules import supply, support
from game.core.rules.losses import take_losses
from game.core.state import ASSETS, GEAR, State, Unit



class Factor(NamedTuple):
    """One cause of a defection chance: a part added to it, or (`scales`) a factor it is multiplied by; `name`
    says it in words ('regulars', '2 days cut off'; 'the people here back the enemy only 25%')."""
    name: str
    value: float
    scales: bool = False


def defection_chance(state: State, unit: Unit) -> tuple[float, list[Factor]]:
    """The daily chance that some of `unit`'s men defect, and the factors behind it."""
    d = state.rules.defection
    local = state.rules.unit_types[unit.type].local
    factors = [Factor("local troops" if local else "regulars", d.base_local if local else d.base_regular)]
    if unit.morale < d.morale_line:
        factors.append(Factor("low morale", d.low_morale * (d.morale_line - unit.morale) / d.morale_line))
    days = supply.days_cut_off(state, unit)
    if days:
        factors.append(Factor(f"{days} days cut off", d.per_day_cut_off * days))
    if unit.lost_share > 0:
        factors.append(Factor("losses", d.losses * min(1.0, unit.lost_share / d.losses_full_at)))
    if enemy_success_near(state, unit):
        factors.append(Factor("enemy success nearby", d.enemy_success))
    chance = sum(f.value for f in factors)
    backing = support.enemy_support(state, unit.side, unit.hex)
    low, high = d.support_scale
    scale = low + (high - low) * backing / 100
    only = "only " if scale < 1 else ""
    factors.append(Factor(f"the people here back the enemy {only}{backing}%", scale, scales=True))
    chance *= scale
    steadiness = max((l.morale for l in state.leaders_with(unit.id) if l.status == "fit"), default=0)
    if steadiness:
        keep = max(0.0, 1 - d.leader_per_point * steadiness)
        factors.append(Factor("a leader is with them", keep, scales=True))
        chance *= keep
    return min(chance, d.max_chance), factors


def enemy_success_near(state: State, unit: Unit) -> bool:
    """An enemy won a fight within `success_range` hexes in the last day."""
    recent = state.turn - state.setup.turns_per_day
    return any(turn > recent and side != unit.side and distance(h, unit.hex) <= state.rules.defection.success_range
               for turn, side, h in state.wins)


def daily(state: State) -> list[Event]:
    """End of each day: roll for every unit that has a chance."""
    if not support.is_end_of_day(state):
        return []
    events: list[Event] = []
    for uid in sorted(state.units):
        unit = state.units.get(uid)
        if unit is None or unit.men <= 0:
            continue
        chance, _ = defection_chance(state, unit)
        if chance <= 0:
            continue
        roll = state.dice.roll()
        if succeeds(roll, chance):
            events += defect(state, unit, roll, chance)
        else:
            events.append(DiceRolled("defection", uid, roll, needed(chance), False))
    return events


def defect(state: State, unit: Unit, roll: int, chance: float) -> list[Event]:
    receivers = [u for u in state.units.values() if u.side != unit.side]
    if not receivers:
        return []
    to = min(receivers, key=lambda u: (distance(u.hex, unit.hex), u.id))
    low, high = state.rules.defection.share
    drawn = state.dice.below(int((high - low) * ROLL_SIDES) + 1)
    share = (low * ROLL_SIDES + drawn) / ROLL_SIDES
    men = max(1, int(unit.men * share))
    gone = take_losses(state, unit, men, "defected_out")
    state.put(to.but(men=to.men + men, full_men=to.full_men + men, **{k: getattr(to, k) + gone[k] for k in GEAR}))
    for asset in ASSETS:
        if gone[asset]:
            state.book(to.side, f"{asset}_defected_in", gone[asset])
    return [DiceRolled("defection share", unit.id, drawn, -1, True),
            Defected(unit.id, unit.side, to.side, to.id, men, gone["rifles"], gone["machine_guns"], roll, needed(chance))]
