"""Leaders: they lift their unit's fighting and morale, and they can be hit.

Source: docs/history.md (Enver Pasha wounded in February; an unnamed Soviet
commander killed; Mazarof).  A leader's combat bonus is in rules/combat.py
and his morale bonus in rules/morale.py and rules/defection.py.  After a
fight, each leader in it is hit with a chance in proportion to the share of
his unit's men lost; a hit wounds or kills (rules.yaml `leaders`).  A
wounded leader gives half his combat bonus and half his steadiness (the
break and surrender checks), and nothing to morale or defection, until he
recovers.  A leader whose unit
is gone joins the nearest friendly unit within `rejoin_range`, or is taken.
"""

from __future__ import annotations

from dataclasses import replace

from game.core.dice import needed, succeeds
from game.core.events import DiceRolled, Event, LeaderHit, LeaderMoved
from game.core.hexgrid import distance
from game.core.state import Leader, State
from game.core.rules.fight import Fight


def after_fight(state: State, f: Fight) -> list[Event]:
    events: list[Event] = []
    rules = state.rules.leaders
    for lid, leader in sorted(state.leaders.items()):
        if leader.status in ("killed", "captured", "left") or leader.unit not in f.lost_share:
            continue
        chance = rules.hit_per_loss * f.lost_share[leader.unit]
        if chance <= 0:
            continue
        roll = state.dice.roll()
        if not succeeds(roll, chance):
            events.append(DiceRolled("leader hit", lid, roll, needed(chance), False))
            continue
        fate = state.dice.roll()
        killed = succeeds(fate, rules.killed_share)
        state.leaders[lid] = leader_hit(state, leader, killed)
        events += [LeaderHit(lid, "killed" if killed else "wounded", roll),
                   DiceRolled("leader fate", lid, fate, needed(rules.killed_share), killed)]
    return events


def leader_hit(state: State, leader: Leader, killed: bool) -> Leader:
    if killed:
        return replace(leader, status="killed", unit="")
    return replace(leader, status="wounded", wounded_turns=state.rules.leaders.wounded_turns)


def recover(state: State) -> list[Event]:
    """End of turn: wounded leaders heal a turn's worth."""
    for lid, leader in sorted(state.leaders.items()):
        if leader.status == "wounded":
            left = leader.wounded_turns - 1
            state.leaders[lid] = replace(leader, wounded_turns=max(0, left), status="fit" if left <= 0 else "wounded")
    return []


def taken_with(state: State, unit_id: str) -> list[Event]:
    """Leaders of a unit that surrenders are taken prisoner with it."""
    events: list[Event] = []
    for lid, leader in sorted(state.leaders.items()):
        if leader.unit == unit_id and leader.status in ("fit", "wounded"):
            state.leaders[lid] = replace(leader, unit="", status="captured")
            events.append(LeaderMoved(lid, ""))
    return events


def rejoin(state: State, before: State) -> list[Event]:
    """Leaders whose unit has gone join a friend nearby, or are taken."""
    events: list[Event] = []
    for lid, leader in sorted(state.leaders.items()):
        if not leader.unit or leader.unit in state.units or leader.status in ("killed", "captured", "left"):
            continue
        last = before.units.get(leader.unit)
        if last is None:
            continue  # his unit has not come on yet (reinforcements)
        friends = [u for u in state.units_of(leader.side) if distance(u.hex, last.hex) <= state.rules.leaders.rejoin_range]
        if friends:
            nearest = min(friends, key=lambda u: (distance(u.hex, last.hex), -u.men, u.id))
            state.leaders[lid] = replace(leader, unit=nearest.id)
            events.append(LeaderMoved(lid, nearest.id))
        else:
            state.leaders[lid] = replace(leader, unit="", status="captured")
            events.append(LeaderMoved(lid, ""))
    return events
