"""Re-run recorded orders from a seed: the one loop behind verifying a replay, restoring a save, stepping
through a replay in the window and re-recording the golden replays."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from game.core.engine import IllegalOrder, apply
from game.core.events import Event
from game.core.orders import Order
from game.core.state import State


@dataclass(frozen=True)
class Played:
    """One recorded order given again: where it stands in the record, and the states around it."""
    turn: int  # the record's turn, from 0
    index: int  # the order's place in its turn, from 0
    order: Order
    before: State
    after: State
    events: list[Event]


class Refused(Exception):
    """A recorded order the reducer refuses on the re-run (the record and the rules no longer agree)."""

    def __init__(self, turn: int, index: int, order: Order, before: State, reason: str):
        super().__init__(reason)
        self.turn, self.index, self.order, self.before, self.reason = turn, index, order, before, reason


def rerun(state: State, turns: Iterable[Iterable[Order]]) -> Iterator[Played]:
    """Give each turn's orders to the reducer in turn, from `state`; Refused at the first it will not take."""
    for turn, orders in enumerate(turns):
        for index, order in enumerate(orders):
            try:
                after, events = apply(state, order)
            except IllegalOrder as exc:
                raise Refused(turn, index, order, state, str(exc)) from None
            yield Played(turn, index, order, state, after, events)
            state = after


def by_turn(state: State, turns: list[list[Order]]) -> Iterator[tuple[int, list[Played], State]]:
    """The re-run a turn at a time: (turn, its orders played, the state after it)."""
    played: list[Played] = []
    current = 0
    for p in rerun(state, turns):
        while p.turn != current:  # a turn with no orders ends where the last one did
            yield current, played, state
            played, current = [], current + 1
        played.append(p)
        state = p.after
    while current < len(turns):
        yield current, played, state
        played, current = [], current + 1
