"""Orders: what a player may tell the game to do, as plain frozen data.

Every order has a `kind` and turns into a dict and back (for replays and
saves).  Whether an order is legal is the engine's business.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
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
    if not isinstance(data, dict):
        raise ValueError(f"an order is a mapping, not {type(data).__name__}")
    kind = data.get("kind")
    cls = ORDER_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ValueError(f"unknown order kind {kind!r}; known: {', '.join(sorted(ORDER_TYPES))}")
    names = [f.name for f in fields(cls)]
    extra = set(data) - set(names) - {"kind"}
    missing = set(names) - set(data)
    if extra or missing:
        raise ValueError(f"{kind} order: " + "; ".join(
            ([f"unknown field(s) {sorted(extra, key=repr)}"] if extra else []) + ([f"missing field(s) {sorted(missing)}"] if missing else [])))
    values = {}
    for name in names:
        values[name] = _field(kind, name, data[name])
    return cls(**values)


def _field(kind: str, name: str, value: object):
    if name in ("to", "target"):
        if not (isinstance(value, (list, tuple)) and len(value) == 2 and all(type(v) is int for v in value)):
            raise ValueError(f"{kind} order: {name} must be a hex [q, r]")
        return Hex(*value)
    if name == "units":
        if not (isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value)):
            raise ValueError(f"{kind} order: units must be a non-empty list of unit ids")
        return tuple(value)
    if not isinstance(value, str):
        raise ValueError(f"{kind} order: {name} must be a string")
    return value
