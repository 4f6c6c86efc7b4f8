"""The state digest: SHA-256 over the state's integers and strings.

docs/architecture.md, "Determinism": no floats go in, so the digest is the same on
every machine.  Units, leaders, places and books are written in sorted order.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields

from game.core.state import State


def canonical(value: object) -> str:
    """A canonical text for ints, strings, bools, tuples, lists, dicts and dataclasses."""
    kind = type(value)
    if kind is bool:
        return "T" if value else "F"
    if kind is int:
        return str(value)
    if kind is str:
        return repr(value)
    if isinstance(value, bool):
        return "T" if value else "F"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (tuple, list)):
        return "(" + ",".join([canonical(v) for v in value]) + ")"
    if isinstance(value, dict):
        return "{" + ",".join([f"{canonical(k)}:{canonical(value[k])}" for k in sorted(value)]) + "}"
    if hasattr(value, "__dataclass_fields__"):
        return "<" + ",".join([f"{name}={canonical(getattr(value, name))}" for name in _names(kind)]) + ">"
    raise TypeError(f"the state digest takes only integers and strings, not {type(value).__name__}: {value!r}")


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(kind: type) -> tuple[str, ...]:
    """A dataclass's field names, in order (looked up once a class)."""
    if kind not in _NAMES:
        _NAMES[kind] = tuple(f.name for f in fields(kind))
    return _NAMES[kind]


def state_digest(state: State) -> str:
    parts = {
        "turn": state.turn, "active": state.active, "weather": state.weather, "dice": state.dice.state,
        "units": state.units, "leaders": state.leaders, "control": state.control, "books": state.books,
        "reserves": state.reserves, "schedule": state.schedule, "support": state.support,
        "wins": state.wins, "calls": state.calls, "stocks": state.stocks,
        "winner": state.winner, "over": state.over, "end_reason": state.end_reason,
        "sightings": state.sightings, "heard": state.heard,
    }
    if state.departed:  # (added after the first replays were recorded: absent, it leaves their digests as they were)
        parts["departed"] = state.departed
    return hashlib.sha256(canonical(parts).encode("utf-8")).hexdigest()

