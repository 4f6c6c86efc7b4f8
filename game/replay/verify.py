"""Replay a recorded game and compare the state digest after every turn.

Wesnoth's out-of-sync check: the first turn whose digest differs from the
record is named, so a broken rule is found at the exact turn it bites.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from game.core.digest import state_digest
from game.core.setup import make_setup, new_game, start_dates
from game.core.state import State
from game.replay.record import Replay
from game.replay.rerun import Refused, by_turn
from game.replay.same import played_on
from game.scenario.validate import LoadedScenario


@dataclass
class Verdict:
    ok: bool
    turns_checked: int
    message: str
    first_bad_turn: int | None = None
    final: State | None = None


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
    state, _ = new_game(setup, replay.seed)
    if state_digest(state) != replay.start_digest:
        return Verdict(False, 0, "out of sync before the first order (the set-up differs)", 0, state)
    start = state
    try:
        for index, played, state in by_turn(start, [orders for orders, _ in replay.turns]):
            turn = played[0].before.turn if played else state.turn
            if state_digest(state) != replay.turns[index][1]:
                return Verdict(False, index, f"out of sync at turn {turn} ({state.date.isoformat()}): "
                                             "the state after the turn differs from the record", turn, state)
    except Refused as r:
        turn = r.before.turn
        return Verdict(False, r.turn, f"turn {turn}: order {r.index + 1} ({r.order.kind}) is illegal here: {r.reason}",
                       turn, r.before)
    return Verdict(True, len(replay.turns), f"replay verified: {len(replay.turns)} turns, every digest matches", None, state)
