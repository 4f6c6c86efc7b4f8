"""The shape of the rules data (`game/data/rules.yaml`), validated once at load.

The numbers themselves live in the data file with their sources; this module
only says which numbers there are.  A scenario may override any of them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Positive = Annotated[float, Field(gt=0, le=1000)]
Share = Annotated[float, Field(ge=0, le=1)]
Mover = Literal["foot", "horse", "wheeled"]


class Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Terrain(Data):
    cost: dict[Mover, Annotated[int, Field(ge=1, le=100)] | None]
    defence: Positive
    cover: bool
    source: str


class UnitType(Data):
    mover: Mover
    movement: Annotated[int, Field(ge=0, le=100)]
    melee: Annotated[float, Field(ge=0, le=10)]
    local: bool
    source: str


class Movement(Data):
    track_cost: Annotated[int, Field(ge=1, le=100)]
    river_extra: Annotated[int, Field(ge=0, le=100)]
    night_factor: Share
    stack_limit: Annotated[int, Field(ge=1, le=100)]
    source: str


class Combat(Data):
    rifle: Positive
    machine_gun: Positive
    cannon: Positive
    base_loss: Share
    max_loss: Share
    small_force_men: Annotated[int, Field(ge=0)]
    small_force_factor: Positive
    retreat_loss: Share
    posture: dict[Literal["none", "hasty", "entrenched", "fortified"], Positive]
    river_defence: Positive
    rounds_per_rifle: Annotated[int, Field(ge=0)]
    rounds_per_machine_gun: Annotated[int, Field(ge=0)]
    out_of_ammunition: Share
    morale_floor: Share
    forecast_buckets: Annotated[int, Field(ge=2, le=1000)]
    source: str


class Weather(Data):
    move: Share
    casualties: Positive
    attack: Positive
    source: str


class Morale(Data):
    loss_per_10pct_men: Annotated[int, Field(ge=0, le=100)]
    win: Annotated[int, Field(ge=0, le=100)]
    source: str


class RuleBook(Data):
    terrain: dict[str, Terrain]
    unit_types: dict[str, UnitType]
    movement: Movement
    combat: Combat
    weather: dict[str, Weather]
    morale: Morale
