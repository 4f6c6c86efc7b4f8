"""Orders: what a player may tell the game to do, as plain frozen data.

Every order has a `kind` and turns into a dict and back (for replays, saves
and the server's messages); the dict is read by a pydantic discriminated union
on `kind`, one model a kind made from the dataclass, strict about its values
(a hex is two whole numbers, never true or 1.0).  Whether an order is legal is
the engine's business.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from functools import cache
from typing import ClassVar

from game.core.hexgrid import Hex


@dataclass(frozen=True)
class Move:
    """Move a unit to a hex along the cheapest path."""
    kind: ClassVar[str] = "move"
    unit: str
    to: Hex


@dataclass(frozen=True)
class Attack:
    """Attack the enemy units in `target` with units next to it."""
    kind: ClassVar[str] = "attack"
    units: tuple[str, ...]
    target: Hex


@dataclass(frozen=True)
class Entrench:
    """Dig in: the unit's posture improves one step (none, hasty, entrenched)."""
    kind: ClassVar[str] = "entrench"
    unit: str


@dataclass(frozen=True)
class Hide:
    """Conceal a unit in cover, to ambush whoever blunders into it."""
    kind: ClassVar[str] = "hide"
    unit: str


@dataclass(frozen=True)
class CallWireless:
    """Call a wireless station for reinforcements."""
    kind: ClassVar[str] = "call_wireless"
    unit: str
    station: str


@dataclass(frozen=True)
class LeaveMap:
    """Lead a unit off the map at one of its side's exits (it scores, and is gone)."""
    kind: ClassVar[str] = "leave_map"
    unit: str


@dataclass(frozen=True)
class EndPhase:
    """The side has finished its phase."""
    kind: ClassVar[str] = "end_phase"
    side: str


Order = Move | Attack | Entrench | Hide | CallWireless | LeaveMap | EndPhase
ORDER_TYPES: dict[str, type] = {cls.kind: cls for cls in (Move, Attack, Entrench, Hide, CallWireless, LeaveMap, EndPhase)}


def order_to_dict(order: Order) -> dict:
    data = {"kind": order.kind}
    for key, value in asdict(order).items():
        data[key] = list(value) if isinstance(value, tuple) else value
    return data


def order_from_dict(data: object) -> Order:
    """An order from its dict form; ValueError says what is wrong."""
    from pydantic import ValidationError

    if not isinstance(data, dict):
        raise ValueError(f"an order is a mapping, not {type(data).__name__}")
    try:
        read = _orders_on_file().validate_python(data)
    except ValidationError as exc:
        raise ValueError(_refusal(data.get("kind"), exc.errors())) from None
    cls = ORDER_TYPES[read.kind]
    return cls(**{name: _READ[kind](getattr(read, name)) for name, kind in _fields(cls)})


# An order on file (a save, a replay, a network message): its kind, then its fields, each of one kind of value
# written as JSON has it. One pydantic model a kind, told apart by "kind" (a discriminated union), made once.
_READ = {"Hex": lambda v: Hex(*v), "tuple[str, ...]": tuple, "str": str}
_WRONG = {"Hex": "must be a hex [q, r]", "tuple[str, ...]": "must be a non-empty list of unit ids",
          "str": "must be a string"}


def _fields(cls: type) -> list[tuple[str, str]]:
    """(name, kind of value) of an order type's fields, in order."""
    return [(f.name, f.type) for f in fields(cls)]


@cache
def _orders_on_file():
    from typing import Annotated, Literal, Union

    from pydantic import ConfigDict, Field, StrictInt, StrictStr, TypeAdapter, create_model

    value = {"Hex": tuple[StrictInt, StrictInt], "tuple[str, ...]": Annotated[list[StrictStr], Field(min_length=1)],
             "str": StrictStr}
    models = tuple(create_model(cls.__name__, __config__=ConfigDict(extra="forbid"), kind=(Literal[kind], ...),
                                **{name: (value[of], ...) for name, of in _fields(cls)})
                   for kind, cls in ORDER_TYPES.items())
    return TypeAdapter(Annotated[Union[models], Field(discriminator="kind")])


def _refusal(kind: object, errors: list) -> str:
    """What is wrong with an order, in words, from pydantic's errors."""
    if errors[0]["type"] in ("union_tag_invalid", "union_tag_not_found"):
        return f"unknown order kind {kind!r}; known: {', '.join(sorted(ORDER_TYPES))}"
    whole = [e for e in errors if len(e["loc"]) == 2]  # about a field itself, not a value inside it
    extra = sorted({e["loc"][1] for e in whole if e["type"] in ("extra_forbidden", "invalid_key")}, key=repr)
    missing = sorted(e["loc"][1] for e in whole if e["type"] == "missing")
    if extra or missing:
        return f"{kind} order: " + "; ".join(([f"unknown field(s) {extra}"] if extra else [])
                                             + ([f"missing field(s) {missing}"] if missing else []))
    name = errors[0]["loc"][1]
    return f"{kind} order: {name} {_WRONG[dict(_fields(ORDER_TYPES[kind]))[name]]}"
