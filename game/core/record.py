"""A played game as plain data: its seed, each turn's orders and digest, the final state and every event.

What the headless simulator returns, a replay file holds, the window's session and the server's referee
record; kept in the core so that none of them needs the simulator to name it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.core.carry import Carried
from game.core.events import Event
from game.core.orders import Order
from game.core.state import State


@dataclass
class TurnRecord:
    turn: int
    orders: list[Order] = field(default_factory=list)
    digest: str = ""


@dataclass
class GameRecord:
    seed: int
    start_digest: str
    turns: list[TurnRecord]
    final: State
    events: list[Event]
    carried: Carried = Carried()  # what earlier scenarios of a campaign brought into this one
