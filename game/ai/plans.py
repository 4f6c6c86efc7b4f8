"""What a commander works with: its posture (how a level plays), the tasks it gives its units and the plan of a
phase, and what an attack is worth to it.  The numbers are in
game/data/ai.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.ai.doctrine import DOCTRINE, Knobs, knobs
from game.core.hexgrid import Hex
from game.core.orders import CallWireless
from game.core.rules import combat

D = DOCTRINE  # the numbers every level shares (game/data/ai.yaml)


class Posture(Knobs):
    """How a commander plays: a level's name and its knobs (doctrine.Knobs; game/data/ai.yaml explains each)."""
    name: str

    @classmethod
    def of(cls, level: str, side: str = "", **changes) -> "Posture":
        """The level's posture from ai.yaml (for `side`, where the level sets one apart), with `changes` (for tests
        and experiments: checked here; ai.yaml's own levels were checked when it was read)."""
        if not changes:
            return cls.model_construct(name=level, **knobs(level, side))
        return cls(name=level, **{**knobs(level, side), **changes})


@dataclass(frozen=True)
class Task:
    kind: str  # hold, hide, go, assault, sortie, exit, join
    to: Hex
    lead: str = ""  # for join: the unit whose hex to make for


@dataclass
class Plan:
    tasks: dict[str, Task] = field(default_factory=dict)
    sequence: list[str] = field(default_factory=list)  # unit ids in the order they act
    target: Hex | None = None
    storm: tuple[str, ...] = ()
    keep: Hex | None = None  # the town to hold
    calls: list[CallWireless] = field(default_factory=list)
    exits: list[str] = field(default_factory=list)  # units whose task is to leave the map, by id
    no_strike: set[Hex] = field(default_factory=set)
    strike_odds: dict[str, float] = field(default_factory=dict)  # per-unit least odds
    marching: set[str] = field(default_factory=set)  # columns on the march, wary of bands gone to ground, by id
    drive_off: set[Hex] = field(default_factory=set)  # enemies worth a loss to drive off: by the town we besiege, or by a column's road
    last_chance: bool = False  # a raid's last turn for its place: storm at the last day's chance
    pressed: set[str] = field(default_factory=set)  # runners with no turn to lose: they ride on, and strike only when done moving


TASK_ORDER = {"exit": 0, "sortie": 1, "assault": 2, "go": 3, "block": 3, "hide": 3, "join": 5, "hold": 6}


def strike_worth(f: combat.Forecast, need: float, gain: float, drive_off: bool, place: bool = False) -> float | None:
    """What an attack is worth (expected losses inflicted less taken, plus driving the enemy off where that pays),
    or None if the odds are under `need`, or the exchange under `gain` and it is not an enemy worth a loss to drive off."""
    exchange = f.expected_defender_losses / max(1.0, f.expected_attacker_losses)
    if f.odds < need or (exchange < gain and not (drive_off and f.retreat_chance >= D.break_chance)):
        return None
    pays = place or drive_off
    return f.expected_defender_losses - f.expected_attacker_losses + D.drive_off_worth * f.retreat_chance * pays
