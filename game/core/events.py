"""Events: what happened, as plain frozen data with integers and strings only.

The reducer returns them; the log, the UI, the statistics and the replay
checks read them.  Every random outcome appears here as its roll (0..9999).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


class Event:
    kind: ClassVar[str] = "event"


def event(kind: str):
    """Class decorator: a frozen dataclass event with this kind."""
    def wrap(cls):
        cls.kind = kind
        return dataclass(frozen=True)(cls)
    return wrap


@event("turn_began")
class TurnBegan(Event):
    turn: int
    date: str
    part: str  # day or night
    weather: str
    roll: int = -1  # the weather roll, or -1 when the weather was fixed


@event("phase_ended")
class PhaseEnded(Event):
    side: str
    turn: int


@event("unit_moved")
class UnitMoved(Event):
    unit: str
    side: str
    path: tuple
    cost: int


@event("move_stopped")
class MoveStopped(Event):
    unit: str
    at: tuple
    reason: str  # "ran into hidden enemies", "ambushed" or SIGHT_STOP


SIGHT_STOP = "enemy in sight"  # a move stopped next to an enemy that came into sight on its way


@event("entrenched")
class Entrenched(Event):
    unit: str
    posture: str


@event("combat")
class Combat(Event):
    attackers: tuple
    defenders: tuple
    attacker_side: str
    defender_side: str
    target: tuple
    roll: int
    attacker_power: int  # combat power x 100
    defender_power: int
    attacker_losses: int
    defender_losses: int
    retreat: bool
    winner: str
    attacker_rounds: int = 0  # rounds fired by each side
    defender_rounds: int = 0


@event("retreated")
class Retreated(Event):
    unit: str
    from_hex: tuple
    to_hex: tuple


@event("cut_down")
class CutDown(Event):
    """A beaten unit with nowhere to fall back loses more men instead."""
    unit: str
    men: int


@event("advanced")
class Advanced(Event):
    unit: str
    to_hex: tuple


@event("unit_destroyed")
class UnitDestroyed(Event):
    unit: str
    side: str
    at: tuple


@event("place_taken")
class PlaceTaken(Event):
    place: str
    side: str
    previous: str


@event("reinforcements_arrived")
class ReinforcementsArrived(Event):
    side: str
    units: tuple
    men: int
    at: tuple


@event("reinforcements_delayed")
class ReinforcementsDelayed(Event):
    side: str
    key: str
    reason: str


@event("game_over")
class GameOver(Event):
    winner: str
    reason: str
    points: tuple  # ((side, points), ...)


@event("hid")
class Hid(Event):
    unit: str


@event("spotted")
class Spotted(Event):
    unit: str  # the hidden unit found
    by: str
    distance: int
    roll: int  # -1 when found automatically (adjacent)


@event("ambush")
class Ambush(Event):
    ambushers: tuple
    victim: str
    at: tuple


@event("panicked")
class Panicked(Event):
    unit: str
    roll: int


@event("surrendered")
class Surrendered(Event):
    unit: str
    side: str
    to_side: str
    men: int


@event("cut_off")
class CutOff(Event):
    """A unit has lost its supply line."""
    unit: str
    side: str


@event("resupplied")
class Resupplied(Event):
    unit: str
    side: str
    turns_cut_off: int


@event("attrition")
class Attrition(Event):
    unit: str
    men: int
    cause: str  # "cut off" or "hunger"


@event("defected")
class Defected(Event):
    unit: str
    side: str
    to_side: str
    to_unit: str
    men: int
    rifles: int
    machine_guns: int
    roll: int
    chance: int  # per 10,000


@event("captured")
class Captured(Event):
    side: str
    from_side: str
    at: tuple
    rifles: int
    machine_guns: int
    cannons: int
    ammunition: int
    horses: int
    food: int
    stores: str = ""  # the place whose stores were taken; "" for what the loser of a fight dropped


@event("supplied")
class Supplied(Event):
    """A unit's ammunition filled up at the end of a turn (food is refilled every turn as it is eaten: no event)."""
    unit: str
    side: str
    ammunition: int
    source: str  # "rear" (a supply line) or the id of the place whose stores it drew on


@event("wireless_call")
class WirelessCall(Event):
    side: str
    unit: str
    station: str
    arrives_turn: int
    delay: int  # turns, drawn from the reinforcement's delay_turns


@event("leader_hit")
class LeaderHit(Event):
    leader: str
    fate: str  # wounded, killed
    roll: int


@event("leader_moved")
class LeaderMoved(Event):
    leader: str
    to_unit: str  # "" when the leader is captured


@event("left_map")
class LeftMap(Event):
    unit: str
    side: str
    men: int
    exit: int  # index of the scenario's exit


@event("way_opened")
class WayOpened(Event):
    side: str
    exit: int  # index of the scenario's exit, open from today (a warning received, a withdrawal ordered)


@event("recruited")
class Recruited(Event):
    unit: str
    place: str
    men: int


@event("sighted")
class Sighted(Event):
    """An enemy unit comes into a side's sight."""
    side: str  # the side that sees it
    unit: str
    at: tuple
    men: int  # as counted from afar


@event("reported")
class Reported(Event):
    """A place's people tell a side of an enemy unit in or near it."""
    side: str  # the side told
    unit: str
    place: str
    at: tuple
    men: int  # as the people judge it
    roll: int


@event("dice")
class DiceRolled(Event):
    """A roll that no other event carries: failed checks, the defection share, a leader's fate."""
    purpose: str  # spotting, panic, defection, defection share, leader hit, leader fate
    subject: str  # the unit or leader concerned
    roll: int  # 0..9999, or the number drawn
    needed: int  # the roll succeeds below this (per 10,000); -1 for a number drawn
    success: bool
