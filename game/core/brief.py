"""The scenario as the core reads it: sides and forces, start dates, weather, victory.

`make_setup` turns the validated scenario file into this frozen data once, as
`board.py` does for the map, so the rules depend on nothing above the core:
positions are resolved to hexes, strength ranges are kept as `Amount`s to be
drawn from the game's dice when the game starts, and each rule finds what it
needs by name (`Brief.side`).  What only people read (notes, sources, the
history block) stays with the scenario file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Union

from game.core.board import Board, resolve
from game.core.hexgrid import Hex


@dataclass(frozen=True)
class Amount:
    """A strength the scenario gives as a range ("7000..8000"): drawn when the game starts."""
    low: int
    high: int


Number = Union[int, Amount]


@dataclass(frozen=True)
class UnitSpec:
    id: str
    name: str
    type: str
    at: Hex
    men: Number
    rifles: Number = 0
    machine_guns: Number = 0
    cannons: Number = 0
    ammunition: Number = 0
    food: Number = 0
    horses: Number = 0
    morale: int = 60
    posture: str = "none"
    hidden: bool = False
    wireless: bool = False


@dataclass(frozen=True)
class UnitOnTheDay:
    """A unit as a start date's situation has it (None: as the scenario lists it)."""
    at: Hex | None = None
    men: Number | None = None
    rifles: Number | None = None
    machine_guns: Number | None = None
    cannons: Number | None = None
    ammunition: Number | None = None
    food: Number | None = None
    horses: Number | None = None
    morale: int | None = None
    posture: str | None = None
    hidden: bool | None = None
    days_cut_off: int = 0


@dataclass(frozen=True)
class PlaceOnTheDay:
    held_by: str | None = None
    support: dict[str, int] | None = None
    stocks: tuple[int, int] | None = None  # (ammunition, food)


@dataclass(frozen=True)
class CallMade:
    side: str
    station: str
    turns_ago: int = 0


@dataclass(frozen=True)
class Situation:
    """What a start date sets up beyond the forces as listed."""
    units: dict[str, UnitOnTheDay] = field(default_factory=dict)
    places: dict[str, PlaceOnTheDay] = field(default_factory=dict)
    calls: tuple[CallMade, ...] = ()


@dataclass(frozen=True)
class StartDate:
    date: dt.date
    situation: Situation | None = None


@dataclass(frozen=True)
class Reinforcement:
    units: tuple[UnitSpec, ...]
    date: dt.date | None = None
    part: str = "day"
    on_call: str | None = None
    delay_turns: Number = 0


@dataclass(frozen=True)
class LeaderSpec:
    id: str
    name: str
    with_unit: str
    combat: int
    morale: int


@dataclass(frozen=True)
class SideSpec:
    id: str
    name: str
    leaders: tuple[LeaderSpec, ...] = ()
    units: tuple[UnitSpec, ...] = ()
    reinforcements: tuple[Reinforcement, ...] = ()
    stations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Spell:
    """A stretch of dates with fixed weather, or weather drawn each turn from `chances` (percent, in order)."""
    start: dt.date
    end: dt.date
    part: str = "both"
    weather: str | None = None
    chances: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Objective:
    place: str
    points: dict[str, int]  # for holding it at the end
    note: str = ""  # shown on the victory screen beside the points
    taking: dict[str, int] = field(default_factory=dict)  # once, for taking it from the enemy


@dataclass(frozen=True)
class SuddenDeath:
    side: str
    control: tuple[str, ...]


@dataclass(frozen=True)
class Victory:
    tie_goes_to: str
    objectives: tuple[Objective, ...] = ()
    sudden_death: tuple[SuddenDeath, ...] = ()
    points_per_100_enemy_losses: int | dict[str, int] = 1
    losses_counted_by: int = 100  # men a step of the loss score (100, or 10 for a small action)
    left_behind_caught: tuple[str, ...] = ()  # sides whose men still on the map at the end count as taken


@dataclass(frozen=True)
class Brief:
    id: str
    title: str
    start_dates: tuple[StartDate, ...]
    end_date: dt.date
    turns_per_day: int
    sides: tuple[SideSpec, ...]
    victory: Victory
    weather: tuple[Spell, ...] = ()

    def side(self, side_id: str) -> SideSpec:
        return next(s for s in self.sides if s.id == side_id)


# -- from the validated scenario file -------------------------------------------

def brief_of(scenario: Any, board: Board) -> Brief:
    """The core's reading of a validated scenario (references already checked) on its board."""
    def at(position: Any) -> Hex:
        return resolve(position, scenario.map, board.places)

    cal, v = scenario.calendar, scenario.victory
    return Brief(
        id=scenario.id, title=scenario.title,
        start_dates=tuple(StartDate(s.date, situation_of(s.situation, at)) for s in cal.start_dates),
        end_date=cal.end_date, turns_per_day=cal.turns_per_day,
        sides=tuple(side_of(s, at) for s in scenario.sides),
        victory=Victory(v.tie_goes_to, tuple(Objective(o.place, dict(o.points), o.note, dict(o.taking))
                                                  for o in v.objectives),
                        tuple(SuddenDeath(r.side, tuple(r.control)) for r in v.sudden_death),
                        v.points_per_100_enemy_losses if isinstance(v.points_per_100_enemy_losses, int)
                        else dict(v.points_per_100_enemy_losses), v.losses_counted_by, tuple(v.left_behind_caught)),
        weather=tuple(Spell(w.start, w.end, w.part, w.weather, tuple((w.chances or {}).items()))
                      for w in scenario.weather),
    )


def number(value: Any) -> Number:
    return value if isinstance(value, int) or value is None else Amount(value.low, value.high)


GEAR = ("rifles", "machine_guns", "cannons", "ammunition", "food", "horses")


def unit_of(spec: Any, at) -> UnitSpec:
    return UnitSpec(spec.id, spec.name, spec.type, at(spec.at), number(spec.men),
                    **{g: number(getattr(spec, g)) for g in GEAR},
                    morale=spec.morale, posture=spec.posture, hidden=spec.hidden, wireless=spec.wireless)


def side_of(side: Any, at) -> SideSpec:
    return SideSpec(
        side.id, side.name,
        tuple(LeaderSpec(l.id, l.name, l.with_unit, l.combat, l.morale) for l in side.leaders),
        tuple(unit_of(u, at) for u in side.units),
        tuple(Reinforcement(tuple(unit_of(u, at) for u in r.units), r.date, r.part, r.on_call, number(r.delay_turns))
              for r in side.reinforcements),
        tuple(side.stations))


def situation_of(given: Any, at) -> Situation | None:
    if given is None:
        return None
    units = {uid: UnitOnTheDay(at(u.at) if u.at is not None else None, number(u.men),
                               **{g: number(getattr(u, g)) for g in GEAR},
                               morale=u.morale, posture=u.posture, hidden=u.hidden, days_cut_off=u.days_cut_off)
             for uid, u in given.units.items()}
    places = {pid: PlaceOnTheDay(p.held_by, dict(p.support) if p.support is not None else None,
                                 (p.stocks.ammunition, p.stocks.food) if p.stocks is not None else None)
              for pid, p in given.places.items()}
    return Situation(units, places, tuple(CallMade(c.side, c.station, c.turns_ago) for c in given.calls))
