"""The games of a run: each game's seed, what every worker needs (`Job`), one game's task, and how a worker
plays it (the scenario loaded once per process)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from game.sim.rows import game_row


def game_seed(seed: int, index: int) -> int:
    """The seed of game `index`: the index-th child of SeedSequence(seed), as one 64-bit word."""
    from numpy.random import SeedSequence

    return int(SeedSequence(seed, spawn_key=(index,)).generate_state(1, "uint64")[0])


@dataclass(frozen=True)
class Job:
    """What every worker needs to play a game of the batch: the scenario's text (never a path a worker on
    another machine could not open), the start date and who plays."""
    scenario: str  # the file's name, for messages
    start_date: dt.date | None
    levels: tuple[tuple[str, str], ...]  # (side, AI level)
    text: str = field(default="", repr=False)


def job_for(loaded, setup, levels: tuple[tuple[str, str], ...]) -> Job:
    return Job(loaded.path, setup.start, levels, loaded.text)


@dataclass(frozen=True)
class Task:
    """One game: its index in the run, its seed, and the rules' numbers changed for it (a sweep's point)."""
    index: int
    seed: int
    changes: tuple[tuple[tuple, float], ...] = ()  # (path in the rules, value)
    point: int = -1  # the sweep point, or -1 in a batch
    levels: tuple[tuple[str, str], ...] = ()  # (side, AI level) for this game only (a ladder's pairing)


_WORKER: dict[str, Any] = {}


def prepare(job: Job) -> None:
    """Load the scenario once per process."""
    from game.core.setup import make_setup
    from game.scenario.validate import load_scenario, scenario_kept

    loaded = scenario_kept(job.text, job.scenario) if job.text else load_scenario(job.scenario)
    _WORKER["job"] = job
    _WORKER["loaded"] = loaded
    _WORKER["setup"] = make_setup(loaded.scenario, loaded.rules, job.start_date)
    _WORKER.pop("changed", None)


def play_remote(job: Job, task: Task) -> dict:
    """A game on a cluster's worker: the job is prepared once per worker process, then reused."""
    if _WORKER.get("job") != job:
        prepare(job)
    return play_game(task)


def play_game(task: Task) -> dict:
    """Play one game and return its CSV row."""
    from game.ai.players import make_player
    from game.sim.simulate import play

    job: Job = _WORKER["job"]
    setup = setup_for(task.changes)
    players = {side: make_player(level, side, task.seed) for side, level in task.levels or job.levels}
    record = play(setup, task.seed, players, digests=False)  # a row needs no state digests
    return game_row(task.index, record, _WORKER["loaded"].scenario)


def setup_for(changes: tuple) -> Any:
    """The game's set-up with the rules' numbers changed as a sweep point says (the board built once)."""
    if not changes:
        return _WORKER["setup"]
    if _WORKER.get("changed", (None,))[0] != changes:
        from game.core.rulebook import RuleBook
        from game.core.setup import make_setup
        from game.scenario.ranges import with_values

        base = _WORKER["setup"]
        rules = RuleBook.model_validate(with_values(base.rules.model_dump(), dict(changes)))
        _WORKER["changed"] = (changes, make_setup(_WORKER["loaded"].scenario, rules, base.start, board=base.board))
    return _WORKER["changed"][1]
