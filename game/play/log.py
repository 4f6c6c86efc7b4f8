"""A game's log: each order given (`Step`) and its events as lines, each with who may read it (core/audience.py),
and the sides' names as the scenario gives them."""

from __future__ import annotations

from dataclasses import dataclass

from game.core.audience import lines_of
from game.core.events import Event
from game.core.orders import Order
from game.core.state import State


@dataclass
class Step:
    """One order given: the states around it, what happened, and whether undo stops here."""
    order: Order
    before: State
    after: State
    events: list[Event]
    barrier: bool


QUIET = {"dice"}  # kept in the session's log, not shown: the rolls that matter are in their own events


@dataclass
class LogLine:
    text: str
    kind: str
    audience: frozenset = frozenset()  # the sides that read it (core/audience.py)
    side: str = ""  # side whose order caused it
    rumour: bool = False  # word of an event its audience did not see
    gainer: str = ""  # the side it is a gain for (audience.gainer), drawn in that side's colour

    def read_by(self, viewer: str) -> bool:
        """Whether `viewer` reads this line ("" sees every event as it was, and no rumour of it)."""
        return self.kind not in QUIET and (not self.rumour if viewer == "" else viewer in self.audience)


def log_lines(events: list[Event], after: State, before: State | None, side: str = "") -> list[LogLine]:
    """The events of one order as log lines, each with who may read it."""
    return [LogLine(l.text, l.kind, l.audience, side, l.rumour, l.gainer) for l in lines_of(events, after, before)]


def side_name(state: State, side: str) -> str:
    for spec in state.setup.scenario.sides:
        if spec.id == side:
            return spec.name.split(" (")[0]
    return side
