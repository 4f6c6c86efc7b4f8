"""The shape of the rules data (`game/data/rules.yaml`), validated once at load.

The numbers themselves live in the data file with their sources; this module
only says which numbers there are.  A scenario may override any of them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

Positive = Annotated[float, Field(gt=0, le=1000)]
Share = Annotated[float, Field(ge=0, le=1)]
Mover = Literal["foot", "horse", "wheeled"]


class Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Terrain(Data):
    cost: dict[Mover, Annotated[int, Field(ge=1, le=100)] | None]
    defence: Positive
    cover: StrictBool
    source: str


class UnitType(Data):
    mover: Mover
    movement: Annotated[int, Field(ge=0, le=100)]
    melee: Annotated[float, Field(ge=0, le=10)]
    local: StrictBool
    forages: StrictBool = False
    source: str


class Movement(Data):
    track_cost: Annotated[int, Field(ge=1, le=100)]
    river_extra: Annotated[int, Field(ge=0, le=100)]
    night_factor: Share
    stack_limit: Annotated[int, Field(ge=1, le=100)]
    town_stack_limit: Annotated[int, Field(ge=1, le=100)]
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
    cut_down_loss: Share
    crew_per_machine_gun: Annotated[int, Field(ge=0, le=100)]
    crew_per_cannon: Annotated[int, Field(ge=0, le=100)]
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


Points = Annotated[int, Field(ge=-100, le=100)]
Turns = Annotated[int, Field(ge=0, le=1000)]


class Morale(Data):
    loss_per_10pct_men: Points
    win: Points
    defeat: Points
    rest: Points
    rest_range: Annotated[int, Field(ge=0, le=50)]
    recovery_cap: Points
    supplied: Points
    cut_off_per_day: Points
    leader: Points
    break_point: Points
    surrender_point: Points
    collapse_share: Share
    rout_abandon: Share
    rout_stragglers: Share
    source: str


class Ambush(Data):
    surprise: Positive
    victim_losses: Positive
    shaken_turns: Turns
    shaken_power: Share
    panic_chance: Share
    rout_morale: Points
    rout_abandon: Share
    give_up_below: Points
    detect_range: Annotated[int, Field(ge=1, le=10)]
    detect_chance: dict[int, Share]
    detect_cavalry: Positive
    detect_night: Share
    detect_weather: dict[str, Positive]
    detect_support: Share
    source: str


class Supply(Data):
    path_cost: Turns
    track_cost: Turns
    open_cost: Turns
    rough_cost: Turns
    rough_terrain: tuple[str, ...]
    forage_support: Points
    rations_per_man_day: Turns
    basic_load_rounds: Annotated[int, Field(ge=0, le=100_000)]
    basic_load_mg: Annotated[int, Field(ge=0, le=1_000_000)]
    food_days: Turns
    no_recovery_days: Turns
    weak_attack_days: Turns
    weak_attack: Share
    weak_defence_days: Turns
    weak_defence: Share
    slow_move: Share
    attrition_days: Turns
    attrition: Share
    hunger_attrition: Share
    source: str


class Defection(Data):
    base_local: Share
    base_regular: Share
    low_morale: Share
    morale_line: Points
    per_day_cut_off: Share
    losses: Share
    losses_full_at: Annotated[float, Field(gt=0, le=1)]
    support_scale: tuple[Annotated[float, Field(ge=0, le=10)], Annotated[float, Field(ge=0, le=10)]]
    enemy_success: Share
    success_range: Annotated[int, Field(ge=0, le=50)]
    leader_per_point: Annotated[float, Field(ge=0, le=0.1)]
    max_chance: Share
    share: tuple[Share, Share]
    source: str


class Capture(Data):
    battle_share: Share
    retreat_share: Share
    town_stocks: Share
    source: str


class Wireless(Data):
    besieged_range: Annotated[int, Field(ge=0, le=50)]
    source: str


class Leaders(Data):
    hit_per_loss: Share
    killed_share: Share
    wounded_turns: Turns
    rejoin_range: Annotated[int, Field(ge=0, le=50)]
    source: str


class Support(Data):
    win: Points
    loss: Points
    range: Annotated[int, Field(ge=0, le=50)]
    nearest_range: Annotated[int, Field(ge=0, le=50)]
    hold_per_day: Points
    hold_cap: Points
    recruit_support: Points
    recruits_per_day: Annotated[int, Field(ge=0, le=10_000)]
    source: str


Hexes = Annotated[int, Field(ge=-10, le=10)]


class Sight(Data):
    base: Annotated[int, Field(ge=1, le=10)]
    ground: dict[str, Hexes]
    cover: Annotated[int, Field(ge=0, le=10)]
    night: Annotated[int, Field(ge=0, le=10)]
    weather: dict[str, Annotated[int, Field(ge=0, le=10)]]
    memory_turns: Annotated[int, Field(ge=1, le=1000)]
    informant_support: Annotated[int, Field(ge=0, le=101)]
    informant_range: Annotated[int, Field(ge=0, le=10)]
    informant_error: Share
    report_round: Annotated[int, Field(ge=1, le=1000)]
    seen_round: Annotated[int, Field(ge=1, le=1000)]
    source: str


class RuleBook(Data):
    terrain: dict[str, Terrain]
    unit_types: dict[str, UnitType]
    movement: Movement
    combat: Combat
    weather: dict[str, Weather]
    morale: Morale
    ambush: Ambush
    supply: Supply
    defection: Defection
    capture: Capture
    wireless: Wireless
    leaders: Leaders
    support: Support
    sight: Sight

    @model_validator(mode="after")
    def rough_ground_is_terrain(self) -> "RuleBook":
        unknown = sorted((set(self.supply.rough_terrain) | set(self.sight.ground)) - set(self.terrain))
        if unknown:
            raise ValueError(f"supply.rough_terrain or sight.ground names {', '.join(unknown)}, which is not terrain of the rules; "
                             f"choose from {', '.join(sorted(self.terrain))}")
        return self
