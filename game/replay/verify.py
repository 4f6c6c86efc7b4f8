"""Replay a recorded game and compare the state digest after every turn.

Wesnoth's out-of-sync check: the first turn whose digest differs from the
record is named, so a broken rule is found at the exact turn it bites; a
replay that keeps its log (version 3) also shows that turn's lines as
recorded against the lines of the re-run.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field

from game.core.digest import state_digest
from game.core.narrate import when_text
from game.core.setup import make_setup, new_game, start_dates
from game.core.state import State
from game.replay.record import Replay
from game.replay.rerun import Refused, by_turn
from game.replay.same import played_on
from game.replay.turnlog import TurnLog, differences, events_in_words, kinds_changed, turn_log
from game.scenario.problems import InputError, Problem
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
    if scenario_path and not os.path.exists(scenario_path):
        raise InputError([Problem(scenario_path, None, "the scenario file given with --scenario is not there")])
    if not os.path.exists(path):
        raise replay.fail(f"the replay's scenario file {path} is not there (give it with --scenario)", "scenario", "path")
    loaded = played_on(replay, path, "this replay was recorded")
    starts = start_dates(loaded.scenario)
    if dt.date.fromisoformat(replay.start_date) not in starts:
        raise replay.fail(f"{replay.start_date} is not a start date of {path} (its start dates: "
                          f"{', '.join(map(str, starts))})", "start_date")
    return loaded


def verify(replay: Replay, loaded: LoadedScenario) -> Verdict:
    """Re-run the record and check everything it says the re-run can contradict: every turn's digest, the log's
    events and numbers, who gave the orders (an AI gives them again), and whether the game was over."""
    setup = make_setup(loaded.scenario, loaded.rules, dt.date.fromisoformat(replay.start_date))
    state, events = new_game(setup, replay.seed, replay.carried)
    if replay.scenario_id and replay.scenario_id != loaded.scenario.id:
        return Verdict(False, 0, f"scenario.id: the record says '{replay.scenario_id}', but its scenario file is "
                                 f"'{loaded.scenario.id}'", 0, state)
    start_log = events_in_words(events, state).lines
    if state_digest(state) != replay.start_digest:
        return Verdict(False, 0, "out of sync before the first order (the set-up differs)", 0, state,
                       differences(replay.start_log, start_log) if replay.start_log is not None else [])
    if replay.start_log is not None and told_otherwise(TurnLog({}, replay.start_log), TurnLog({}, start_log)):
        return Verdict(False, 0, "out of sync before the first order: the record's start log tells other numbers "
                                 "than the set-up gives", 0, state, differences(replay.start_log, start_log))
    notes = reworded("the start", replay.start_log and TurnLog({}, replay.start_log), TurnLog({}, start_log))
    audit = Audit(replay)
    try:
        for index, played, state in by_turn(state, [orders for orders, _ in replay.turns]):
            turn = played[0].before.turn if played else state.turn
            now, recorded = turn_log(played), logged(replay, index)
            if state_digest(state) != replay.turns[index][1]:
                return Verdict(False, index, f"out of sync at turn {turn} ({when_text(state, turn)}): "
                                             "the state after the turn differs from the record", turn, state,
                               told_apart(recorded, now))
            if recorded is not None and told_otherwise(recorded, now):
                return Verdict(False, index, f"out of sync at turn {turn} ({when_text(state, turn)}): the state "
                                             "matches, but the record's log tells other events or numbers than the "
                                             "re-run", turn, state, told_apart(recorded, now))
            wrong = audit.check(played)
            if wrong:
                return Verdict(False, index, f"turn {turn} ({when_text(state, turn)}): {wrong}", turn, state)
            notes = notes or reworded(f"turn {turn}", recorded, now)
    except Refused as r:
        turn = r.before.turn
        recorded = logged(replay, r.turn)
        return Verdict(False, r.turn, f"turn {turn}: order {r.index + 1} ({r.order.kind}) is illegal here: {r.reason}",
                       turn, r.before, told_apart(recorded, turn_log(r.played)))
    if replay.over != state.over:
        said = "was over" if replay.over else "was still going on"
        return Verdict(False, len(replay.turns), f"end.over: the record says the game {said} after its last turn; "
                                                 f"the re-run gives {'over' if state.over else 'going on'}", None, state)
    return Verdict(True, len(replay.turns), f"replay verified: {len(replay.turns)} turns, every digest matches"
                   + audit.said(), None, state, notes=notes)


class Audit:
    """Who the record says gave the orders: a side it names an AI level for gets its orders from that AI again
    (seeded as in play, from the game's seed), and each must be the order recorded."""

    def __init__(self, replay: Replay):
        from game.ai.players import LEVELS, make_player

        self.levels = {side: level for side, level in sorted(replay.players.items()) if level in LEVELS}
        self.ais = {side: make_player(level, side, replay.seed) for side, level in self.levels.items()}

    def check(self, played: list) -> str:
        """Why the turn's orders are not those the record's AI gives ("" when they are)."""
        from game.ai.view import ask

        for p in played:
            ai = self.ais.get(p.before.side)
            if ai is None:
                continue
            again = ask(ai, p.before)
            if again != p.order:
                return (f"players.{p.before.side}: the record says the {self.levels[p.before.side]} AI played "
                        f"{p.before.side}, but at order {p.index + 1} of the turn that AI gives {again.kind} "
                        f"{order_words(again)} where the record has {p.order.kind} {order_words(p.order)} "
                        "(an edited record, or another version of the AI)")
        return ""

    def said(self) -> str:
        return "".join(f"; {side}'s orders are the {level} AI's" for side, level in self.levels.items())


def order_words(order) -> str:
    from game.core.orders import order_to_dict

    fields = {k: v for k, v in order_to_dict(order).items() if k != "kind"}
    return "(" + ", ".join(f"{k} {v}" for k, v in fields.items()) + ")"


def logged(replay: Replay, index: int) -> TurnLog | None:
    return replay.logs[index] if index < len(replay.logs) else None


def told_apart(recorded: TurnLog | None, now: TurnLog) -> list[str]:
    """What the record says happened in a turn against what happens now (nothing for a replay without a log)."""
    if recorded is None:
        return []
    changed = kinds_changed(recorded.kinds, now.kinds)
    shown = ([f"  events, record -> now: {changed}"] if changed else []) + differences(recorded.lines, now.lines)
    return shown or ["  the turn's log reads as recorded: what differs is not told in the log (supply, morale, dice)"]


NUMBER = re.compile(r"\d+(?:,\d{3})*")


def numbers(lines: list[str]) -> list[str]:
    """Every number the lines tell, in order (thousands written with or without commas alike)."""
    return [n.replace(",", "") for line in lines for n in NUMBER.findall(line)]


def told_otherwise(recorded: TurnLog, now: TurnLog) -> bool:
    """Whether the record's log tells another game than the re-run: other events, or other numbers (a roll, a
    count, a date). Other words alone are wording."""
    return bool(recorded.kinds and kinds_changed(recorded.kinds, now.kinds)) or \
        numbers(recorded.lines) != numbers(now.lines)


def reworded(when: str, recorded: TurnLog | None, now: TurnLog) -> list[str]:
    """A note when the state agrees but the log reads differently (the words changed, not the game)."""
    if recorded is None or (recorded.lines == now.lines and recorded.kinds in ({}, now.kinds)):
        return []
    changed = kinds_changed(recorded.kinds, now.kinds) if recorded.kinds else ""
    return [f"{when}: the state matches the record but the log reads differently now",
            *([f"  events, record -> now: {changed}"] if changed else []), *differences(recorded.lines, now.lines)]
