"""Replay a recorded game and compare the state digest after every turn.

Wesnoth's out-of-sync check: the first turn whose digest differs from the
record is named, so a broken rule is found at the exact turn it bites; a
replay that keeps its log (version 3) also shows that turn's lines as
recorded against the lines of the re-run.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from game.core.digest import state_digest
from game.core.narrate import when_text
from game.core.setup import make_setup, new_game, start_dates
from game.core.state import State
from game.replay.record import Replay
from game.replay.rerun import Refused, by_turn
from game.replay.same import played_on
from game.replay.turnlog import TurnLog, differences, events_in_words, kinds_changed, turn_log
from game.scenario.validate import LoadedScenario


@dataclass
class Verdict:
    ok: bool
    turns_checked: int
    message: str
    first_bad_turn: int | None = None
    final: State | None = None
    diff: list[str] = field(default_factory=list)  # the first differing turn: record's lines against the re-run's
    notes: list[str] = field(default_factory=list)  # the same game, told in other words (the log's wording changed)


def scenario_for(replay: Replay, scenario_path: str | None = None) -> LoadedScenario:
    """The replay's scenario, refused if it is not the file the game was played with."""
    path = scenario_path or replay.scenario_path
    if not os.path.exists(path):
        raise replay.fail(f"the replay's scenario file {path} is not there (give it with --scenario)", "scenario", "path")
    loaded = played_on(replay, path, "this replay was recorded")
    starts = start_dates(loaded.scenario)
    if dt.date.fromisoformat(replay.start_date) not in starts:
        raise replay.fail(f"{replay.start_date} is not a start date of {path} (its start dates: "
                          f"{', '.join(map(str, starts))})", "start_date")
    return loaded


def verify(replay: Replay, loaded: LoadedScenario) -> Verdict:
    setup = make_setup(loaded.scenario, loaded.rules, dt.date.fromisoformat(replay.start_date))
    state, events = new_game(setup, replay.seed, replay.carried)
    start_log = events_in_words(events, state).lines
    if state_digest(state) != replay.start_digest:
        return Verdict(False, 0, "out of sync before the first order (the set-up differs)", 0, state,
                       differences(replay.start_log, start_log) if replay.start_log is not None else [])
    notes = reworded("the start", replay.start_log and TurnLog({}, replay.start_log), TurnLog({}, start_log))
    start = state
    try:
        for index, played, state in by_turn(start, [orders for orders, _ in replay.turns]):
            turn = played[0].before.turn if played else state.turn
            now, recorded = turn_log(played), logged(replay, index)
            if state_digest(state) != replay.turns[index][1]:
                return Verdict(False, index, f"out of sync at turn {turn} ({when_text(state, turn)}): "
                                             "the state after the turn differs from the record", turn, state,
                               told_apart(recorded, now))
            notes = notes or reworded(f"turn {turn}", recorded, now)
    except Refused as r:
        turn = r.before.turn
        recorded = logged(replay, r.turn)
        return Verdict(False, r.turn, f"turn {turn}: order {r.index + 1} ({r.order.kind}) is illegal here: {r.reason}",
                       turn, r.before, told_apart(recorded, turn_log(r.played)))
    return Verdict(True, len(replay.turns), f"replay verified: {len(replay.turns)} turns, every digest matches", None,
                   state, notes=notes)


def logged(replay: Replay, index: int) -> TurnLog | None:
    return replay.logs[index] if index < len(replay.logs) else None


def told_apart(recorded: TurnLog | None, now: TurnLog) -> list[str]:
    """What the record says happened in a turn against what happens now (nothing for a replay without a log)."""
    if recorded is None:
        return []
    changed = kinds_changed(recorded.kinds, now.kinds)
    shown = ([f"  events, record -> now: {changed}"] if changed else []) + differences(recorded.lines, now.lines)
    return shown or ["  the turn's log reads as recorded: what differs is not told in the log (supply, morale, dice)"]


def reworded(when: str, recorded: TurnLog | None, now: TurnLog) -> list[str]:
    """A note when the state agrees but the log reads differently (the words changed, not the game)."""
    if recorded is None or (recorded.lines == now.lines and recorded.kinds in ({}, now.kinds)):
        return []
    changed = kinds_changed(recorded.kinds, now.kinds) if recorded.kinds else ""
    return [f"{when}: the state matches the record but the log reads differently now",
            *([f"  events, record -> now: {changed}"] if changed else []), *differences(recorded.lines, now.lines)]
