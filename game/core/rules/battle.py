"""A fight from first shot to last: roll, losses, morale, retreat or surrender, and what follows.

Source: the combat rule (rules/combat.py) decides losses; this module applies
them in order: ammunition spent, men and gear lost, morale, the loser falls
back (or, trapped and below the surrender point, surrenders), the winner
takes a place left empty, then the rules that feed on a fight: leaders hit,
captured weapons, local support.  Ordered attacks and ambushes both come through here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from game.core.events import Combat, Event, Surrendered, UnitDestroyed
from game.core.hexgrid import Hex
from game.core.rules import capture, combat, control, leaders, morale, retreat, rout, support
from game.core.rules.fight import Fight
from game.core.rules.losses import take_losses
from game.core.state import State


def fight(state: State, attacker_ids: tuple[str, ...], target: Hex, surprise: float = 1.0,
          victim_losses: float = 1.0, in_column: bool = False) -> list[Event]:
    m = combat.matchup(state, attacker_ids, target, surprise, victim_losses, in_column)
    roll = state.dice.roll()
    result = combat.outcome(state, m, roll)
    a_side = state.units[m.attackers[0]].side
    d_side = state.units[m.defenders[0]].side
    f = Fight(m.attackers, m.defenders, a_side, d_side, target, {state.units[u].hex for u in m.attackers})
    fired = spend_ammunition(state, m.attackers), spend_ammunition(state, m.defenders)
    lost_a = lose(state, f, m.attackers, result.attacker_rate)
    lost_d = lose(state, f, m.defenders, result.defender_rate)
    attacker_won = result.defender_rate > result.attacker_rate
    f.winner, f.loser = (a_side, d_side) if attacker_won else (d_side, a_side)
    events: list[Event] = [Combat(
        m.attackers, m.defenders, a_side, d_side, tuple(target), roll, round(m.attacker_power * 100),
        round(m.defender_power * 100), lost_a, lost_d, result.retreat, f.winner, *fired)]
    for uid in m.attackers + m.defenders:
        if uid in state.units:
            state.put(state.units[uid].but(fought=True, hidden=False))
    if a_side == state.side:  # ambushers striking in the enemy's phase keep their own
        for uid in m.attackers:
            if uid in state.units:
                state.put(state.units[uid].but(attacked=True, moves_left=0))
    for uid in m.attackers + m.defenders:
        if uid in state.units:
            won = state.units[uid].side == f.winner
            state.put(morale.after_fight(state, state.units[uid], f.lost_share.get(uid, 0.0), won))
    events += defenders_fall_back(state, f, result.retreat)
    if f.winner == d_side and not any(u in state.units and state.units[u].hex == target for u in m.defenders):
        events[0] = concede(state, f, events[0])
    events += leaders.after_fight(state, f)
    events += capture.after_fight(state, f)
    support.after_fight(state, f)
    events += [UnitDestroyed(uid, side, tuple(target)) for uid, side in
               [(u, a_side) for u in m.attackers] + [(u, d_side) for u in m.defenders] if uid not in state.units]
    return events + control.update_control(state, f.attacker_hexes | {target})


def concede(state: State, f: Fight, fought: Combat) -> Combat:
    """Defenders who all broke and left (fell back or gave up) lost, whatever the losses said."""
    f.winner, f.loser = f.attacker_side, f.defender_side
    swing = state.rules.morale.win + state.rules.morale.defeat
    for uid in f.attackers + f.defenders:
        if uid in state.units:
            u = state.units[uid]
            state.put(u.but(morale=morale.clamp(u.morale + (swing if u.side == f.winner else -swing))))
    return replace(fought, winner=f.winner)


def lose(state: State, f: Fight, unit_ids: tuple[str, ...], rate: float) -> int:
    total = 0
    for uid in unit_ids:
        unit = state.units[uid]
        gone = take_losses(state, unit, combat.share(unit.men, rate))
        f.lost_share[uid] = gone["men"] / unit.men if unit.men else 0.0
        side_lost = f.lost.setdefault(unit.side, {})
        for k, v in gone.items():
            side_lost[k] = side_lost.get(k, 0) + v
        total += gone["men"]
    return total


def gives_way(state: State, unit, beaten: bool, lost_share: float) -> bool:
    """A defender falls back when the roll beats it, or when it is broken and lost men."""
    return falls_back(beaten, morale.broken(state, unit), lost_share)


def falls_back(beaten: bool, broken: bool, lost_share: float) -> bool:
    return beaten or (broken and lost_share > 0)


def collapses(state: State, men_giving_way: int, men_defending: int) -> bool:
    """When most of a garrison gives way, the rest do not hold the place alone."""
    return men_defending > 0 and men_giving_way >= state.rules.morale.collapse_share * men_defending


def defenders_fall_back(state: State, f: Fight, beaten: bool) -> list[Event]:
    """Beaten or broken defenders fall back, and the rest with them if most gave way;
    broken ones rout (rules/rout.py), or surrender with nowhere to go."""
    events: list[Event] = []
    standing = [state.units[uid] for uid in f.defenders if uid in state.units]
    going = [u for u in standing if gives_way(state, u, beaten, f.lost_share.get(u.id, 0))]
    if collapses(state, sum(u.men for u in going), sum(u.men for u in standing)):
        going = standing
    victors = list(f.attackers)  # by id: each hand-over reads the victor as it is by then
    for unit in going:
        uid = unit.id
        if retreat.retreat_hex(state, unit, f.attacker_hexes) is None and morale.surrenders(state, unit):
            events += surrender(state, f, uid)
        else:
            if morale.broken(state, unit):
                m = state.rules.morale
                events += rout.abandon(state, uid, m.rout_abandon, victors, unit.hex, m.rout_stragglers)
            events += retreat.fall_back(state, uid, f.attacker_hexes)
        f.loser_fell_back = True
    if f.loser_fell_back:
        events += retreat.advance(state, tuple(u for u in f.attackers if u in state.units), f.target)
    return events


@dataclass(frozen=True)
class Prospect:
    """What an attack may come to, roll by roll: the forecast's losses, then the steps `fight` takes after them."""
    forecast: combat.Forecast
    gives_way: tuple[bool, ...]  # for each equally likely roll: some defender falls back (beaten, or broken and hit)
    broken: tuple[bool, ...]  # some defender ends the fight below the break point
    emptied: tuple[bool, ...]  # every defender goes (most did, and the rest with them): the hex is the attacker's

    @property
    def fall_back_chance(self) -> float:
        return sum(self.gives_way) / len(self.gives_way)

    @property
    def broken_chance(self) -> float:
        return sum(self.broken) / len(self.broken)

    @property
    def emptied_chance(self) -> float:
        return sum(self.emptied) / len(self.emptied)


def prospect(state: State, attacker_ids: tuple[str, ...], target: Hex, surprise: float = 1.0) -> Prospect:
    """The forecast of an attack with the fall-back, rout and collapse rules applied to each roll."""
    f = combat.forecast(state, attacker_ids, target, surprise)
    defenders = [(u, morale.leader_points(state, u)) for u in (state.units[uid] for uid in f.matchup.defenders)]
    gives, broke, emptied = [], [], []
    for o in f.outcomes:
        held = o.defender_rate <= o.attacker_rate
        going = standing = 0
        any_going = any_broken = False
        for unit, points in defenders:  # as `fight` leaves each defender before it may fall back
            lost = combat.share(unit.men, o.defender_rate)
            share = lost / unit.men if unit.men else 0.0
            broken = morale.broken_at(state, morale.morale_after_fight(state, unit.morale, share, held) + points)
            standing += unit.men - lost
            any_broken |= broken
            if falls_back(o.retreat, broken, share):
                going += unit.men - lost
                any_going = True
        gives.append(any_going)
        broke.append(any_broken)
        emptied.append(any_going and collapses(state, going, standing))
    return Prospect(f, tuple(gives), tuple(broke), tuple(emptied))


def surrender(state: State, f: Fight, uid: str) -> list[Event]:
    """A beaten unit with nowhere to go lays down its arms; what it carried counts as lost in the fight."""
    side = state.units[uid].side
    events, gone = lay_down_arms(state, uid, f.attacker_side)
    side_lost = f.lost.setdefault(side, {})
    for k, v in gone.items():
        side_lost[k] = side_lost.get(k, 0) + v
    return events


def lay_down_arms(state: State, uid: str, to_side: str) -> tuple[list[Event], dict[str, int]]:
    """The unit's men become prisoners of `to_side`, its leaders taken with them; and what went with them."""
    unit = state.units[uid]
    taken = leaders.taken_with(state, uid)
    gone = take_losses(state, unit, unit.men, "prisoners")
    return [Surrendered(uid, unit.side, to_side, gone["men"])] + taken, gone


def spend_ammunition(state: State, unit_ids: tuple[str, ...]) -> int:
    """Each unit fires what its men and machine guns fire in a fight, as far as its rounds go; the rounds fired."""
    c = state.rules.combat
    total = 0
    for uid in unit_ids:
        u = state.units[uid]
        served = combat.hands(state, u)
        used = min(u.ammunition, served.riflemen * c.rounds_per_rifle + served.machine_guns * c.rounds_per_machine_gun)
        state.put(u.but(ammunition=u.ammunition - used))
        if used:
            state.book(u.side, "ammunition_used", used)
        total += used
    return total
