"""The messages of an online game, as docs/online.md lists them (protocol version `PROTOCOL`).

JSON text over WebSocket.  What a client sends is checked here with
pydantic before the server reads it; a message of the wrong shape is
answered with an error naming what is wrong.  What the server sends is
plain JSON built by the referee (game/online/referee.py).
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Annotated, Any, Literal, Union

import pydantic
from pydantic import Field, StringConstraints

import game

PROTOCOL = 3  # 2: log lines carry their kind and gainer; 3: a seat's go-to plan is kept by the server, a state
# carries the side's account of the other side's phase
MAX_MESSAGE = 2 * 1024 * 1024  # bytes: a scenario file is the largest thing a client sends (docs/online.md)
MAX_NOTE = 500  # characters of the note that may travel with an ended phase
MAX_PLAN = 500  # go-to orders a seat's plan may hold


@functools.cache
def rules_sha256() -> str:
    """The SHA-256 of the rules this copy of the game plays by (game/data/rules.yaml, as read)."""
    from game.scenario.validate import base_rules_data

    return hashlib.sha256(json.dumps(base_rules_data(), sort_keys=True).encode("utf-8")).hexdigest()


class Message(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


Code = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=200)]
Version = Annotated[str, StringConstraints(strict=True, max_length=40)]
Sha = Annotated[str, StringConstraints(strict=True, max_length=64)]


class Hello(Message):
    """Take a seat in a game with a join code; the versions are checked before anything is played."""
    kind: Literal["hello"]
    protocol: int
    engine_version: Version
    rules_sha256: Sha
    code: Code


class Create(Message):
    """Make a new game of a scenario (its whole text) and be given one join code a side."""
    kind: Literal["create"]
    protocol: int
    engine_version: Version
    rules_sha256: Sha
    scenario_name: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=100,
                                                    pattern=r"^[A-Za-z0-9_.-]+\.ya?ml$")]
    scenario_text: Annotated[str, StringConstraints(strict=True, max_length=MAX_MESSAGE)]
    start_date: Annotated[str, StringConstraints(strict=True, max_length=10)] | None = None
    seed: Annotated[int, Field(strict=True, ge=0, lt=2**63)] | None = None


class Give(Message):
    """An order for the seat's side; `seq` is how many orders the game had when it was decided (so an order is
    never given twice, nor given to a game that has moved on)."""
    kind: Literal["order"]
    seq: Annotated[int, Field(strict=True, ge=0)]
    order: dict[str, Any]
    note: Annotated[str, StringConstraints(strict=True, max_length=MAX_NOTE)] = ""


Coordinate = Annotated[int, Field(strict=True, ge=-10**6, le=10**6)]
GoToEntry = tuple[Annotated[str, StringConstraints(strict=True, min_length=1, max_length=100)], Coordinate, Coordinate]


class KeepPlan(Message):
    """The seat's go-to orders (unit, q, r), kept by the server for the seat alone and given back when it joins
    again: the player's plan, never the other side's to see."""
    kind: Literal["plan"]
    go_to: Annotated[list[GoToEntry], Field(max_length=MAX_PLAN)]


class AskReplay(Message):
    """The whole replay, every hidden move in it: given when the game is over."""
    kind: Literal["replay"]


class Ping(Message):
    kind: Literal["ping"]


ClientMessage = Annotated[Union[Hello, Create, Give, KeepPlan, AskReplay, Ping], Field(discriminator="kind")]
_READER = pydantic.TypeAdapter(ClientMessage)


class BadMessage(ValueError):
    """A message the server cannot take, and why in words."""


def read(text: str | bytes) -> Message:
    """The client message in `text`, or BadMessage saying what is wrong with it."""
    if isinstance(text, bytes):
        raise BadMessage("messages are JSON text, not binary")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise BadMessage(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise BadMessage(f"a message is a JSON object with a \"kind\", not {type(data).__name__}")
    if data.get("kind") not in ("hello", "create", "order", "plan", "replay", "ping"):
        raise BadMessage(f"unknown kind {str(data.get('kind'))[:40]!r}: a client sends hello, create, order, "
                         "plan, replay or ping")
    try:
        return _READER.validate_python(data)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"][1:]) or "message"
        raise BadMessage(f"{data['kind']}: {where}: {first['msg']}") from None


def versions() -> dict:
    """What a client says of itself: the protocol, the engine and the rules it plays by."""
    return {"protocol": PROTOCOL, "engine_version": game.ENGINE_VERSION, "rules_sha256": rules_sha256()}


def mismatch(protocol: int, engine_version: str, rules: str, game_engine: str, game_rules: str) -> str:
    """Why a client cannot play this game, in words ("" when it can)."""
    if protocol != PROTOCOL:
        return (f"this server speaks protocol {PROTOCOL} and your client {protocol}: install the same version "
                f"of the game as the server's")
    if engine_version != game_engine:
        return (f"this game is played with engine version {game_engine} and yours is {engine_version}: the "
                "same orders would give another game; install the game's version to play it")
    if rules != game_rules:
        return (f"this game is played by rules {game_rules[:12]} and yours are {rules[:12]} (game/data/rules.yaml "
                "differs): the same orders would give another game; install the game's version to play it")
    return ""


def dumps(message: dict) -> str:
    return json.dumps(message, separators=(",", ":"))
