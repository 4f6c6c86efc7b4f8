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
        self.played: list[Played] = []  # the turn's orders given before it (by_turn fills them in)


def rerun(state: State, turns: Iterable[Iterable[Order]]) -> Iterator[Played]:
    """Give each turn's orders to the reducer in turn, from `state`; Refused at the first it will not take."""
    for turn, orders in enumerate(turns):
        for p in one_turn(state, turn, orders):
            yield p
            state = p.after


def one_turn(state: State, turn: int, orders: Iterable[Order]) -> Iterator[Played]:
    """The orders of the record's turn `turn`, given from `state`."""
    for index, order in enumerate(orders):
        try:
            after, events = apply(state, order)
        except IllegalOrder as exc:
            raise Refused(turn, index, order, state, str(exc)) from None
        yield Played(turn, index, order, state, after, events)
        state = after


def by_turn(state: State, turns: list[list[Order]]) -> Iterator[tuple[int, list[Played], State]]:
    """The re-run a turn at a time: (turn, its orders played, the state after it), each turn told before the
    next one's orders are given (a Refused carries the orders of its turn given before it)."""
    for turn, orders in enumerate(turns):
        played: list[Played] = []
        try:
            for p in one_turn(state, turn, orders):
                played.append(p)
                state = p.after
        except Refused as r:
            r.played = played
            raise
        yield turn, played, state
