"""The shapes of save and replay files, and the one reader of both.

Saves and replays come from disk, so they are untrusted input like
scenarios: the same reader (`jsonfile`, with line numbers) and the same shape
check (`validate.check_shape`, pydantic models with strict types, bounded
numbers and lengths) turn every bad value into a `FILE:LINE: field: message`
problem before anything is played.  A file that passes holds only values the
game can use: known AI levels, real dates, whole numbers in range, orders of
known kinds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any, Literal

import pydantic
from pydantic import AfterValidator, Field, StringConstraints

from game.core.carry import Carried, Roster, Strength
from game.core.orders import Order, order_from_dict
from game.scenario.jsonfile import read_json
from game.scenario.schema import MAX_UNITS
from game.scenario.problems import InputError, Problem
from game.scenario.validate import check_shape
from game.scenario.textfile import LineMap

HUMAN = "human"
MAX_ORDERS = 1_000_000


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD, e.g. 1922-02-08)") from None


def _order(data: Any) -> Order:
    return order_from_dict(data)


def _player(name: str) -> str:
    from game.ai.levels import LEVELS

    if name != HUMAN and name not in LEVELS:
        raise ValueError(f"unknown player {name!r}: each side is {HUMAN!r} or an AI level ({', '.join(LEVELS)})")
    return name


Text = Annotated[str, StringConstraints(strict=True, max_length=4096)]
Name = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=100)]
Digest = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9a-f]{64}$")]
Seed = Annotated[int, Field(strict=True, ge=0, lt=2**64)]
Count = Annotated[int, Field(strict=True, ge=0, le=10_000_000)]
IsoDate = Annotated[str, StringConstraints(strict=True, max_length=10), AfterValidator(_date)]
RawOrder = Annotated[Any, AfterValidator(_order)]
Player = Annotated[str, StringConstraints(strict=True, max_length=20), AfterValidator(_player)]


class Shape(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True, strict=True)


class ScenarioRef(Shape):
    path: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=4096)]
    id: Text = ""
    sha256: Digest


class Header(Shape):
    format: str
    version: int
    engine_version: Name
    scenario: ScenarioRef
    rules_sha256: Digest
    seed: Seed
    start_date: IsoDate
    comment: Text = ""  # a note for people who read the file; the game ignores it


class SaveFile(Header):
    players: Annotated[dict[Name, Player], Field(max_length=10)]
    label: Text = ""
    carried: CarriedShape | None = None  # a campaign's game: what the scenarios before brought in
    campaign: CampaignSave | None = None
    standing: Annotated[list[RawOrder], Field(max_length=MAX_UNITS)] | None = None  # go-to orders, as moves to their ends
    origin: Text = ""  # a game played on from a replay: the turn it went on from ("from-turn12")
    orders: Annotated[list[RawOrder], Field(max_length=MAX_ORDERS)]


Log = Annotated[list[Text], Field(max_length=MAX_ORDERS)]


class TurnEntry(Shape):
    turn: Count
    digest: Digest
    events: Annotated[dict[Name, Count], Field(max_length=100)] | None = None  # kinds that happened, how often
    orders: Annotated[list[RawOrder], Field(max_length=MAX_ORDERS)]
    log: Log | None = None  # the turn in words, as the game's log put it when recorded


class StrengthShape(Shape):
    men: Count
    full_men: Count
    rifles: Count
    machine_guns: Count
    cannons: Count
    ammunition: Count
    food: Count
    horses: Count
    morale: Annotated[int, Field(strict=True, ge=0, le=100)]


class LeaderShape(Shape):
    status: Literal["fit", "wounded", "killed", "captured"]
    wounded_turns: Count = 0


class PlaceShape(Shape):
    holder: Annotated[str, StringConstraints(strict=True, max_length=100)]
    support: Annotated[dict[Name, Annotated[int, Field(strict=True, ge=0, le=100)]], Field(max_length=10)]


class CarriedShape(Shape):
    """What a campaign's earlier scenarios brought into this game (core/carry.py)."""
    units: Annotated[dict[Name, StrengthShape], Field(max_length=10_000)] = {}
    lost: Annotated[list[Name], Field(max_length=10_000)] = []
    leaders: Annotated[dict[Name, LeaderShape], Field(max_length=1000)] = {}
    places: Annotated[dict[Name, PlaceShape], Field(max_length=10_000)] = {}


class RosterShape(Shape):
    """A campaign's memory of its forces (core/carry.py Roster): every unit as last seen (null: lost)."""
    units: Annotated[dict[Name, StrengthShape | None], Field(max_length=10_000)] = {}
    leaders: Annotated[dict[Name, LeaderShape], Field(max_length=1000)] = {}
    places: Annotated[dict[Name, PlaceShape], Field(max_length=10_000)] = {}


# -- between the files' shapes and the core's data (Carried and Roster share their leaders and places) ----------

def leaders_dict(leaders) -> dict:
    return {lid: {"status": status, "wounded_turns": turns} for lid, status, turns in leaders}


def places_dict(places) -> dict:
    return {pid: {"holder": holder, "support": dict(support)} for pid, holder, support in places}


def leaders_of(shapes: dict) -> tuple:
    return tuple(sorted((lid, l.status, l.wounded_turns) for lid, l in shapes.items()))


def places_of(shapes: dict) -> tuple:
    return tuple(sorted((pid, p.holder, tuple(sorted(p.support.items()))) for pid, p in shapes.items()))


def strength_of(shape: StrengthShape | None) -> Strength | None:
    return Strength(**shape.model_dump()) if shape is not None else None


def carried_to_dict(carried: Carried) -> dict:
    return {"units": {uid: asdict(strength) for uid, strength in carried.units}, "lost": list(carried.lost),
            "leaders": leaders_dict(carried.leaders), "places": places_dict(carried.places)}


def carried_of(shape: CarriedShape | None) -> Carried:
    if shape is None:
        return Carried()
    return Carried(tuple(sorted((uid, strength_of(u)) for uid, u in shape.units.items())), tuple(shape.lost),
                   leaders_of(shape.leaders), places_of(shape.places))


def roster_to_dict(roster: Roster) -> dict:
    return {"units": {uid: (asdict(s) if s is not None else None) for uid, s in roster.units},
            "leaders": leaders_dict(roster.leaders), "places": places_dict(roster.places)}


def roster_of(shape: RosterShape) -> Roster:
    return Roster(tuple(sorted((uid, strength_of(u)) for uid, u in shape.units.items())),
                  leaders_of(shape.leaders), places_of(shape.places))


class StepResult(Shape):
    step: Name
    winner: Annotated[str, StringConstraints(strict=True, max_length=100)]


class CampaignSave(Shape):
    """Where a saved game stands in its campaign: enough to play on to the campaign's end."""
    path: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=4096)]
    sha256: Digest
    step: Name
    seed: Seed  # the campaign's seed (this step is played from seed + its place in the chain)
    previous: Annotated[str, StringConstraints(strict=True, max_length=100)] = ""
    results: Annotated[list[StepResult], Field(max_length=100)] = []
    roster: RosterShape = RosterShape()


class ReplayEnd(Shape):
    turns: Count  # how many turns the game had when it was recorded
    over: bool  # whether the game had ended


class ReplayFile(Header):
    players: Annotated[dict[Name, Player], Field(max_length=10)] | None = None  # who gave the orders
    carried: CarriedShape | None = None  # a campaign's game: what the scenarios before brought in
    start_digest: Digest
    start_log: Log | None = None
    turns: Annotated[list[TurnEntry], Field(max_length=100_000)]
    end: ReplayEnd


KINDS = {"save": "a saved game of this game", "replay": "a replay file", "campaign record": "a campaign record"}


def read_format(path: str, model: type[Header], fmt: str, versions: tuple[int, ...], kind: str) -> tuple[Any, LineMap]:
    """Read a save or replay file: JSON, then its format and version (one of `versions`), then its shape."""
    data, lines = read_json(path)
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise InputError([Problem(path, None, f"this is not {KINDS[kind]} (no \"format\": \"{fmt}\")")])
    if data.get("version") not in versions or isinstance(data.get("version"), bool):
        reads = " or ".join(map(str, versions))
        raise InputError([Problem(path, lines.line(("version",)),
                                  f"{kind} format version {data.get('version')!r} is not supported "
                                  f"(this game reads version {reads})")])
    return check_shape(model, data, lines, path), lines


SaveFile.model_rebuild()  # its campaign block is defined after it


FORMATS = {"dushanbe-save": "save", "dushanbe-replay": "replay", "dushanbe-campaign-record": "campaign record"}


def declared(path: str) -> str:
    """What a JSON file says it is: 'save', 'replay', 'campaign record', 'schema' (a JSON Schema) or '' (none
    of these); InputError naming the file if it is no JSON at all, or names a format the game does not read."""
    data, lines = read_json(path)
    if not isinstance(data, dict):
        return ""
    said = data.get("format")
    if isinstance(said, str) and said in FORMATS:
        return FORMATS[said]
    if "format" in data:
        raise InputError([Problem(path, lines.line(("format",)),
                                  f"format {str(said)[:60]!r}: not a save, replay or campaign record of this game "
                                  f"(their formats: {', '.join(FORMATS)})")])
    return "schema" if "$defs" in data or "$schema" in data else ""


def identify(path: str) -> str:
    """What a file given to a command is: a JSON file what it says it is (`declared`), a YAML file 'campaign' or
    'scenario' (by its keys)."""
    from game.scenario.campaign import is_campaign

    if path.lower().endswith(".json"):
        return declared(path)
    return "campaign" if is_campaign(path) else "scenario"
