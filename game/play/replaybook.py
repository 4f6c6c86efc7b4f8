"""A replay file as a book of turns: its orders run through the reducer once, the state after every turn kept,
with the turn's log lines and the orders played (no window: the replay viewer, the after-action report and
"play on from here" read it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from game.core.digest import state_digest
from game.core.setup import make_setup, new_game
from game.core.state import State
from game.play.log import LogLine, Step, log_lines
from game.play.session import Session
from game.play.watched import Watched
from game.replay.record import load_replay
from game.replay.rerun import Refused, by_turn
from game.replay.verify import scenario_for


@dataclass
class Frame:
    state: State
    lines: list[LogLine]
    in_sync: bool = True
    played: list = field(default_factory=list)  # the turn's orders given again (replay/rerun.Played)


class ReplayBook(Watched):
    """Every turn of a replay file, as states (InputError if the file or its scenario is bad)."""

    def __init__(self, path: str, scenario: str | None = None):
        replay = load_replay(path)
        self.loaded = scenario_for(replay, scenario)
        setup = make_setup(self.loaded.scenario, self.loaded.rules, dt.date.fromisoformat(replay.start_date))
        state, events = new_game(setup, replay.seed, replay.carried)
        self.replay, self.start = replay, state
        self.frames = [Frame(state, self.lines(events, state, None))]
        try:
            for number, played, state in by_turn(state, [orders for orders, _ in replay.turns]):
                lines = [line for p in played for line in self.lines(p.events, p.after, p.before)]
                self.frames.append(Frame(state, lines, state_digest(state) == replay.turns[number][1], played))
        except Refused as r:
            raise replay.fail(f"turn {r.turn}: order {r.index + 1} is illegal: {r.reason}", "turns", r.turn, "orders",
                              r.index) from None
        self.index = 0
        self.seed = replay.seed

    @staticmethod
    def lines(events, after, before) -> list[LogLine]:
        return log_lines(events, after, before)

    @property
    def state(self) -> State:
        return self.frames[self.index].state

    def go(self, index: int) -> None:
        self.index = max(0, min(len(self.frames) - 1, index))

    def log_upto(self, viewer: str) -> list[LogLine]:
        out = []
        for frame in self.frames[: self.index + 1]:
            out += [line for line in frame.lines if line.read_by(viewer)]
        return out


def play_on(book: ReplayBook, players: dict[str, str]) -> Session:
    """A new game that starts where the book stands: the replay's orders up to this turn are its history (kept
    in its saves, as a loaded game's are, and not to be taken back), and `players` play on from there."""
    replay = book.replay
    session = Session(book.loaded, replay.seed, dt.date.fromisoformat(replay.start_date), dict(players), book.start,
                      carried=replay.carried)
    session.log = list(book.frames[0].lines)
    for frame in book.frames[1:book.index + 1]:
        for p in frame.played:
            session.steps.append(Step(p.order, p.before, p.after, p.events, True))
        session.log += frame.lines
    session.undo_floor = len(session.steps)
    session.saved_at = -1  # a new game: nothing of it is saved yet
    session.undo_stop = "the game went on from a replay here"
    session.origin = f"from-turn{book.state.turn + 1}"
    return session
