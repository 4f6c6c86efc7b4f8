"""The shape of a scenario file, checked field by field (pydantic v2).

`docs/scenario-format.md` documents every field; `dushanbe schema` exports
this as JSON Schema for editors.  Cross-references (hexes on the map, unit
ids, leaders) are checked afterwards in `references.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, field_validator, model_validator

MAX_MEN = 1_000_000
MAX_COUNT = 100_000_000
MAX_MAP_SIDE = 200
MAX_UNITS = 1_000  # units in a scenario, reinforcements too: a game of that size plays in under a minute

RANGE_RE = re.compile(r"^\s*(\d{1,9})\s*\.\.\s*(\d{1,9})\s*$")


class Strict(BaseModel):
    """Every scenario model refuses unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Range(Strict):
    """An inclusive range `low..high`, drawn from the game's seed at set-up."""

    low: int
    high: int

    def __str__(self) -> str:
        return f"{self.low}..{self.high}"


def _parse_amount(value: object) -> object:
    if isinstance(value, str):
        m = RANGE_RE.match(value)
        if not m:
            raise ValueError(f"expected a whole number or a range like '7000..8000', got {value!r}")
        low, high = int(m.group(1)), int(m.group(2))
        if low > high:
            raise ValueError(f"range {value!r} runs backwards: write it as '{high}..{low}'")
        return Range(low=low, high=high)
    if isinstance(value, bool):
        raise ValueError("expected a whole number, not true/false")
    return value


def _amount(max_value: int):
    def check(value: object) -> object:
        value = _parse_amount(value)
        if isinstance(value, Range):
            if value.high > max_value:
                raise ValueError(f"range {value} is larger than the limit of {max_value}")
            return value
        if not isinstance(value, int):
            raise ValueError("expected a whole number or a range like '7000..8000'")
        if value < 0:
            raise ValueError(f"must not be negative (got {value})")
        if value > max_value:
            raise ValueError(f"{value} is larger than the limit of {max_value}")
        return value

    return check


Men = Annotated[Union[int, Range], BeforeValidator(_amount(MAX_MEN))]
Count = Annotated[Union[int, Range], BeforeValidator(_amount(MAX_COUNT))]
Percent = Annotated[int, Field(ge=0, le=100)]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
OffsetHex = Annotated[tuple[int, int], Field(description="[column, row] on the map (odd-r offset)")]


class LatLon(Strict):
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]


def _position(value: object) -> object:
    if isinstance(value, str):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
            raise ValueError(f"{value!r} is not a place id (lower-case letters, digits and _)")
        return value
    if isinstance(value, (list, tuple)):
        if len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            raise ValueError("a hex is written [column, row] with two whole numbers")
        if not all(-MAX_MAP_SIDE <= v <= 10 * MAX_MAP_SIDE for v in value):
            raise ValueError(f"hex {list(value)} is far outside any map")
        return tuple(value)
    if isinstance(value, dict):
        return LatLon.model_validate(value)
    raise ValueError("a position is a place id, a hex [column, row], or {lat: .., lon: ..}")


Position = Annotated[Union[str, tuple[int, int], LatLon], BeforeValidator(_position)]


class Stocks(Strict):
    """What a town or depot holds: rations (man-days) and rounds of ammunition."""

    food: Annotated[int, Field(ge=0, le=MAX_COUNT)] = 0
    ammunition: Annotated[int, Field(ge=0, le=MAX_COUNT)] = 0


class UnitSituation(Strict):
    """How a starting unit stands on this start date, where that differs from its entry under `sides`."""

    at: Position | None = None
    men: Men | None = None
    rifles: Count | None = None
    machine_guns: Count | None = None
    cannons: Count | None = None
    ammunition: Count | None = None
    food: Count | None = None
    horses: Count | None = None
    morale: Percent | None = None
    posture: Literal["none", "hasty", "entrenched", "fortified"] | None = None
    hidden: StrictBool | None = None
    days_cut_off: Annotated[int, Field(ge=0, le=366, description="full days already without a supply line")] = 0
    note: str = ""


class PlaceSituation(Strict):
    """How a place stands on this start date: who holds it, its support, what is left of its stocks."""

    held_by: Identifier | None = None
    support: dict[Identifier, Percent] | None = None
    stocks: Stocks | None = None
    note: str = ""


class CallMade(Strict):
    """A wireless call already made before this start date: its reinforcements are on their way."""

    side: Identifier
    station: Identifier
    turns_ago: Annotated[int, Field(ge=0, le=10_000)] = 0


class Situation(Strict):
    """What a start date sets up beyond the scenario's own forces: the situation on that day."""

    reading: str = Field(description="what this start date stands for, and what is assumed")
    units: dict[Identifier, UnitSituation] = Field(default_factory=dict)
    places: dict[Identifier, PlaceSituation] = Field(default_factory=dict)
    calls: list[CallMade] = Field(default_factory=list)


class StartDate(Strict):
    date: dt.date
    label: str = ""
    situation: Situation | None = None


class Calendar(Strict):
    start_dates: Annotated[list[StartDate], Field(min_length=1)]
    end_date: dt.date
    turns_per_day: Literal[1, 2] = 2

    @model_validator(mode="after")
    def _ends_after_start(self) -> "Calendar":
        for start in self.start_dates:
            if start.date > self.end_date:
                raise ValueError(f"start date {start.date} is after the end date {self.end_date}")
        if (self.end_date - min(s.date for s in self.start_dates)).days > 366:
            raise ValueError("a scenario may last at most a year")
        return self


class Projection(Strict):
    """Where the map's hex (0, 0) lies, so places can be given by latitude/longitude."""

    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]


class NamedPath(Strict):
    name: str
    hexes: Annotated[list[Position], Field(min_length=2)]


class Place(Strict):
    id: Identifier
    name: str
    kind: Literal["town", "village", "fort", "depot", "crossing", "border", "station"] = "village"
    at: Position
    supply_source: list[Identifier] = Field(default_factory=list, description="sides this place supplies")
    rear: StrictBool = Field(False, description="an unlimited source (railhead, road off the map): supply lines run back to it")
    stocks: Stocks = Field(default_factory=lambda: Stocks())
    support: dict[Identifier, Percent] = Field(default_factory=dict)
    wireless: StrictBool = False
    held_by: Identifier | None = Field(None, description="side holding the place at the start")
    note: str = ""


class GameMap(Strict):
    hex_km: Annotated[float, Field(gt=0, le=100)]
    origin: Projection | None = None
    legend: dict[Annotated[str, Field(min_length=1, max_length=1)], Identifier]
    rows: Annotated[list[str], Field(min_length=1, max_length=MAX_MAP_SIDE)]
    rivers: list[NamedPath] = Field(default_factory=list)
    tracks: list[NamedPath] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)

    @field_validator("rows")
    @classmethod
    def _rectangular(cls, rows: list[str]) -> list[str]:
        widths = {len(row) for row in rows}
        if len(widths) != 1:
            raise ValueError(f"every row must be equally long; found widths {sorted(widths)}")
        if max(widths) > MAX_MAP_SIDE or max(widths) == 0:
            raise ValueError(f"rows must be 1 to {MAX_MAP_SIDE} hexes wide")
        return rows


class Leader(Strict):
    id: Identifier
    name: str
    with_unit: Identifier = Field(description="id of the unit the leader starts with")
    combat: Annotated[int, Field(ge=0, le=100)] = 10
    morale: Annotated[int, Field(ge=0, le=50)] = 10
    note: str = ""


class Unit(Strict):
    id: Identifier
    name: str
    type: Identifier
    at: Position
    men: Men
    rifles: Count = 0
    machine_guns: Count = 0
    cannons: Count = 0
    ammunition: Count = 0
    food: Count = Field(0, description="rations carried, in man-days")
    horses: Count = 0
    morale: Percent = 60
    posture: Literal["none", "hasty", "entrenched", "fortified"] = "none"
    hidden: StrictBool = False
    wireless: StrictBool = False
    note: str = ""


class Reinforcement(Strict):
    """Units that enter later: on a date, or when a wireless call brings them."""

    units: Annotated[list[Unit], Field(min_length=1)]
    date: dt.date | None = None
    part: Literal["day", "night"] = "day"
    on_call: Identifier | None = Field(None, description="arrives after a wireless call to this station")
    delay_turns: Men = 0
    note: str = ""

    @model_validator(mode="after")
    def _has_trigger(self) -> "Reinforcement":
        if (self.date is None) == (self.on_call is None):
            raise ValueError("give exactly one of 'date' or 'on_call'")
        return self


class Side(Strict):
    id: Identifier
    name: str
    colour: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
    leaders: list[Leader] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    reinforcements: list[Reinforcement] = Field(default_factory=list)
    stations: list[Identifier] = Field(default_factory=list, description="wireless stations this side can call")


class WeatherSpell(Strict):
    """Weather from one date to another: fixed, or drawn from chances each turn."""

    start: dt.date
    end: dt.date
    part: Literal["day", "night", "both"] = "both"
    weather: Identifier | None = None
    chances: dict[Identifier, Annotated[int, Field(ge=0, le=100)]] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> "WeatherSpell":
        if (self.weather is None) == (self.chances is None):
            raise ValueError("give exactly one of 'weather' or 'chances'")
        if self.chances is not None and sum(self.chances.values()) != 100:
            raise ValueError(f"weather chances must add up to 100, not {sum(self.chances.values())}")
        if self.end < self.start:
            raise ValueError(f"the spell ends ({self.end}) before it starts ({self.start})")
        return self


class Objective(Strict):
    place: Identifier
    points: dict[Identifier, Annotated[int, Field(ge=0, le=10_000)]] = Field(
        default_factory=dict, description="points for the side holding the place when the scenario ends")
    taking: dict[Identifier, Annotated[int, Field(ge=0, le=10_000)]] = Field(
        default_factory=dict, description="points a side scores once for taking the place from the enemy during the "
                                          "scenario, kept if it is lost again (a raid: the stores and arms carried off)")
    note: str = Field("", description="why holding it is worth that, against the record (shown on the victory screen)")


class SuddenDeath(Strict):
    side: Identifier
    control: Annotated[list[Identifier], Field(min_length=1)]
    note: str = ""


class Exit(Strict):
    """Men of `side` who leave the map at these hexes score points (the flight scenario)."""

    side: Identifier
    at: Annotated[list[Position], Field(min_length=1)]
    points_per_100_men: Annotated[int, Field(ge=0, le=10_000)] = 10
    opens: dt.date | None = Field(None, description="the way out may be taken from this date on (a withdrawal "
                                                    "ordered, a warning received); open from the start by default")


class Victory(Strict):
    objectives: list[Objective] = Field(default_factory=list)
    sudden_death: list[SuddenDeath] = Field(default_factory=list)
    exits: list[Exit] = Field(default_factory=list)
    points_per_100_enemy_losses: Union[Annotated[int, Field(ge=0, le=10_000)],
                                       dict[Identifier, Annotated[int, Field(ge=0, le=10_000)]]] = Field(
        1, description="points per full 100 enemy men killed or taken: one number for every side, or one per side")
    losses_counted_by: Literal[10, 100] = Field(
        100, description="enemy losses score by full hundreds (the default), or by full tens for a small action: "
                         "at 10, each full 10 men scores a tenth of the rate (rounded down)")
    left_behind_caught: list[Identifier] = Field(
        default_factory=list, description="sides whose men still on the map when the scenario ends count as "
                                          "taken by the enemy (a counterattack sweeps up whoever withdrew too late)")
    tie_goes_to: Identifier


Bound = Union[float, dt.date, None]


class Target(Strict):
    """What many games must show to reproduce the record: a measure's median, or the share of games it happens in."""

    label: str
    measure: Identifier = Field(description="a column of `dushanbe batch --out` (docs/scenario-format.md lists them)")
    median: tuple[Bound, Bound] | None = Field(None, description="[low, high] for the median (null: open)")
    share: tuple[Bound, Bound] | None = Field(None, description="[low, high] for the share of games where it is not 0")
    per: Identifier | None = Field(None, description="compare the median of `measure` divided by the median of this")
    note: str = ""

    @model_validator(mode="after")
    def _one_test(self) -> "Target":
        if (self.median is None) == (self.share is None):
            raise ValueError("give exactly one of 'median' or 'share'")
        if self.per is not None and self.median is None:
            raise ValueError("'per' compares medians: give 'median'")
        dated = self.measure == "fell_on" and self.per is None
        for b in self.median or self.share or ():
            if b is not None and isinstance(b, dt.date) != dated:
                raise ValueError("the bounds of 'fell_on' are dates" if dated else f"the bounds of '{self.measure}' are numbers, not dates")
            if self.share is not None and b is not None and not 0 <= b <= 1:
                raise ValueError(f"a share lies between 0 and 1, not {b}")
        return self


class History(Strict):
    """The recorded outcome, for comparison with simulated games."""

    winner: Identifier | None = None
    place_taken: Identifier | None = None
    fell_on: dt.date | None = None
    losses: dict[Identifier, Men] = Field(default_factory=dict)
    defections_to: dict[Identifier, Men] = Field(default_factory=dict)
    weapons_captured: dict[Identifier, dict[Identifier, Count]] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list, description="what the simulation must reproduce, checked by `dushanbe batch`")


def _shared_map(schema: dict) -> None:
    """The schema's `map` is a map of the file's own, or `{same_as: FILE}` (the whole map of another scenario,
    read before this shape is checked: validate.shared_map)."""
    own = schema["properties"]["map"]
    schema["properties"]["map"] = {"anyOf": [own, {
        "type": "object", "additionalProperties": False, "required": ["same_as"],
        "properties": {"same_as": {"type": "string", "description": "another scenario file, relative to this one"}}}]}


class Scenario(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, json_schema_extra=_shared_map)

    id: Identifier
    title: str
    description: str = ""
    sources: list[str] = Field(default_factory=list)
    calendar: Calendar
    map: GameMap
    sides: Annotated[list[Side], Field(min_length=2, max_length=8)]
    weather: list[WeatherSpell] = Field(default_factory=list)
    victory: Victory
    rules: dict = Field(default_factory=dict, description="overrides of the rules data, same shape")
    history: History = Field(default_factory=History)
