"""The commanders' doctrine: the numbers the AI plays by, read once from game/data/ai.yaml.

They are not rules (an order does the same whatever they are), so they live
beside rules.yaml, not in it, and no save or replay depends on them.
"""

from __future__ import annotations

import os
from typing import Literal

import pydantic

from game import cache

AI_FILE = "game/data/ai.yaml"


class Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True, defer_build=True, strict=True)


Share = pydantic.confloat(ge=0.0, le=1.0)
Odds = pydantic.confloat(ge=0.0)
Hexes = pydantic.conint(ge=0, le=100)


class Doctrine(Strict):
    """Habits every level shares (each explained in ai.yaml)."""
    threat_range: Hexes
    nearest: pydantic.conint(ge=1)
    break_chance: Share
    lurk_turns: pydantic.conint(ge=0)
    lurk_range: Hexes
    spare_pace: Odds
    moves_per_phase: pydantic.conint(ge=1)
    runner_moves: pydantic.conint(ge=1)
    ring_distance: pydantic.conint(ge=1, le=10)
    lie_in_wait_beyond: Hexes
    sortie_share: Share
    sortie_reach: Hexes
    drive_off_odds: Odds
    drive_off_reach: Hexes
    danger_margin: Odds
    lurker_strike: Odds
    drive_off_worth: Odds
    careless_choices: pydantic.conint(ge=1)
    column_size: pydantic.conint(ge=1)
    column_spread: Hexes
    road_watch_beyond: Hexes
    road_watch_clear: Hexes
    roadside_near: Hexes
    roadside_far: Hexes
    weak_post_reach: Hexes
    weak_post_margin: Odds
    turns_to_take: pydantic.conint(ge=0)
    raid_odds: Odds


class Knobs(Strict):
    """What a difficulty level may set (ai.yaml's `posture`, changed by its `levels`)."""
    strike_odds: Odds
    strike_gain: Odds
    storm_chance: Share
    threat_odds: Odds
    storm_late_chance: Share
    naive_storm_odds: Odds
    ring: bool
    ambushers: pydantic.conint(ge=0)
    hide: bool
    raid: bool
    wireless: Literal["all", "one", "none"]
    sortie_odds: Odds
    relief: Literal["escorted", "piecemeal", "column", "hold"]
    careless: Share
    raid_date: str
    wary: bool
    withdraw_spare: pydantic.conint(ge=0)
    withdraw_when_warned: bool
    steady_ring: bool
    sortie_strikes: bool


class AiFile(Strict):
    doctrine: Doctrine
    posture: Knobs
    levels: dict[str, dict]


def read(text: str) -> AiFile:
    """ai.yaml's text, checked; ValueError naming the key that is wrong."""
    import yaml

    data = checked(AiFile, yaml.safe_load(text), "")
    for level, changes in data.levels.items():
        sides = changes.get("sides", {})
        base = {**data.posture.model_dump(), **{k: v for k, v in changes.items() if k != "sides"}}
        checked(Knobs, base, f"levels.{level}.")
        if not isinstance(sides, dict):
            raise ValueError(f"{AI_FILE}: levels.{level}.sides: a side's id and its changes")
        for side, more in sides.items():
            checked(Knobs, {**base, **(more or {})}, f"levels.{level}.sides.{side}.")
    return data


def checked(model: type[Strict], data, prefix: str):
    try:
        return model.model_validate(data, strict=False)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        where = prefix + ".".join(str(p) for p in first["loc"])
        raise ValueError(f"{AI_FILE}: {where}: {first['msg']}") from None


def load() -> AiFile:
    """ai.yaml, checked, or read back checked from the cache (game/cache.py) when neither it nor the game changed."""
    with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "ai.yaml"),
              encoding="utf-8") as f:  # (the package's data folder; importlib.resources would cost 4 ms to load)
        text = f.read()
    return cache.kept(AI_FILE, text, lambda: read(text))


AI = load()
DOCTRINE = AI.doctrine


def knobs(level: str, side: str = "") -> dict:
    """The posture of a level: the normal commander's, with the level's changes, and its side's where it has some
    (a level's `sides:`: what the record says one side's commander did)."""
    changes = dict(AI.levels[level])
    sides = changes.pop("sides", {})
    return {**dict(AI.posture), **changes, **(sides.get(side) or {})}  # (its fields are plain values: no dump needed)
