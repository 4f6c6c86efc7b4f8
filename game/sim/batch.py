"""Many headless games at once, compared with the scenario's `history` block.

`dushanbe batch SCENARIO --games N --workers K --seed S` plays N games, game
i with the seed `SeedSequence(S)` gives its i-th child, in K processes.  Each
game becomes one CSV row, written (in game order) as soon as it and every
game before it are done, so an interrupted batch keeps what it finished, and
the rows are the same whatever K is.  At most a few games per worker are in
flight at once, so memory stays flat however many games are asked for.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import sys
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any, Iterator

from game import faults
from game.core.state import WEAPONS
from game.core.events import PlaceTaken, TurnBegan
from game.core.rules import control, victory
from game.scenario.measures import COUNTED_EVENTS
from game.scenario.problems import InputError, Problem
from game.sim.targets import median, verdicts

IN_FLIGHT_PER_WORKER = 4


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
    from game.scenario.validate import load_scenario, load_scenario_text

    loaded = load_scenario_text(job.text, job.scenario) if job.text else load_scenario(job.scenario)
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


def game_row(index: int, record, scenario) -> dict:
    """The numbers of one game that the summary, the CSV and the plot use."""
    state = record.final
    setup = state.setup
    history = scenario.history
    sides = setup.sides
    owner = unit_sides(scenario)
    kinds: Counter = Counter(e.kind for e in record.events)
    row: dict[str, Any] = {
        "game": index, "seed": record.seed, "start_date": setup.start.isoformat(), "winner": state.winner,
        "end_reason": state.end_reason, "turns": len(record.turns),
        **{f"won_{side}": int(state.winner == side) for side in setup.sides},
    }
    place = history.place_taken
    fell_on = first_taken(record.events, place, history.winner) if place and history.winner else ""
    row["fell"] = int(bool(fell_on))
    row["fell_on"] = fell_on
    row["fell_day"] = (dt.date.fromisoformat(fell_on) - setup.start).days if fell_on else ""
    row["held_at_end"] = state.control.get(place, "") if place else ""
    score = victory.points(state)
    for side in sides:
        row[f"points_{side}"] = score[side]
    for side in sides:
        book = state.books.get(side, {})
        row[f"losses_{side}"] = book.get("men_lost", 0) + book.get("men_prisoners", 0)
    for side in sides:
        row[f"defected_to_{side}"] = state.books.get(side, {}).get("men_defected_in", 0)
    for side in sides:
        row[f"exited_{side}"] = state.books.get(side, {}).get("men_exited", 0)
    for side in sides:  # places taken from the enemy that the scenario scores for taking; men caught at the end
        row[f"took_{side}"] = len(control.places_taken(state, side))
        row[f"caught_{side}"] = victory.caught(state, side)
    for side in sides:
        book = state.books.get(side, {})
        for w in WEAPONS:
            row[f"captured_{side}_{w}"] = book.get(f"{w}_captured", 0)
    ambushed = Counter(owner.get(e.victim, "") for e in record.events if e.kind == "ambush")
    for side in sides:
        row[f"ambushed_{side}"] = ambushed.get(side, 0)
    row["ambush_victims"] = " ".join(sorted({e.victim for e in record.events if e.kind == "ambush"}))
    destroyed = {e.unit for e in record.events if e.kind in ("unit_destroyed", "surrendered")}
    row["units_destroyed"] = " ".join(sorted(destroyed))
    for kind in COUNTED_EVENTS:
        row[f"events_{kind}"] = kinds.get(kind, 0)
    for uid in sorted({t.measure[len("lost_"):] for t in history.targets if t.measure.startswith("lost_")}):
        row[f"lost_{uid}"] = int(uid in destroyed)
    return row


def row_columns(scenario, setup) -> list[str]:
    """The columns of every game's row, in order: a game not yet begun has them all (none depends on play)."""
    from game.core.setup import new_game
    from game.core.record import GameRecord

    state, events = new_game(setup, 0)
    return list(game_row(0, GameRecord(0, "", [], state, list(events)), scenario))


def unit_sides(scenario) -> dict[str, str]:
    """Unit id -> side, for every unit the scenario can put on the map."""
    owner = {}
    for side in scenario.sides:
        for spec in side.units:
            owner[spec.id] = side.id
        for rein in side.reinforcements:
            for spec in rein.units:
                owner[spec.id] = side.id
    return owner


def first_taken(events, place: str, side: str) -> str:
    """The date `side` first took `place` ("" if it never did)."""
    date = ""
    for e in events:
        if isinstance(e, TurnBegan):
            date = e.date
        elif isinstance(e, PlaceTaken) and e.place == place and e.side == side:
            return date
    return ""


# -- running the games ---------------------------------------------------------------

def run_games(job: Job, games: int, seed: int, workers: int) -> Iterator[dict]:
    """Rows of games 0..games-1, in game order, as they finish."""
    return run_tasks(job, (Task(i, game_seed(seed, i)) for i in range(games)), workers)


def run_tasks(job: Job, tasks, workers: int, cluster: str | None = None) -> Iterator[dict]:
    """The rows of the tasks' games, in task order, as they finish: here, in local processes, or on a cluster."""
    if cluster:
        yield from run_on_cluster(job, tasks, cluster)
        return
    if workers <= 1:
        prepare(job)
        for task in tasks:
            yield play_game(task)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("spawn" if sys.platform == "win32" else "fork")
    with ctx.Pool(workers, initializer=prepare, initargs=(job,)) as pool:
        pending: deque = deque()
        for task in tasks:
            pending.append(pool.apply_async(play_game, (task,)))
            while len(pending) >= workers * IN_FLIGHT_PER_WORKER or (pending and pending[0].ready()):
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def run_on_cluster(job: Job, tasks, address: str) -> Iterator[dict]:
    """The games on a Dask distributed cluster: the job sent once to every worker, rows back in task order;
    ClusterLost if the scheduler goes away."""
    client = connect(address)
    done = 0
    try:
        sent = client.scatter(job, broadcast=True)
        slots = IN_FLIGHT_PER_WORKER * max(1, sum(client.nthreads().values()))
        pending: deque = deque()
        for task in tasks:
            pending.append(client.submit(play_remote, sent, task, pure=False))
            while len(pending) >= slots or (pending and pending[0].done()):
                yield pending.popleft().result()
                done += 1
        while pending:
            yield pending.popleft().result()
            done += 1
    except LOST_CLUSTER as exc:
        raise ClusterLost(address, done, exc) from None
    finally:
        quietly_close(client)


class ClusterLost(InputError):
    """The cluster went away in the middle of a run (its scheduler stopped, the network failed)."""

    def __init__(self, address: str, done: int, cause: BaseException, kept: str = ""):
        self.address, self.done, self.cause = address, done, cause
        reason = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
        said = (f"the cluster at {address} went away after {done} game{'s' if done != 1 else ''} of this run "
                f"({reason[:200]})" + (f"; {kept}" if kept else ""))
        super().__init__([Problem("--cluster", None, said)])

    def kept(self, what: str) -> "ClusterLost":
        """The same loss, saying what of the run was kept."""
        return ClusterLost(self.address, self.done, self.cause, what)


def _lost_cluster() -> tuple[type[BaseException], ...]:
    """What a Dask client raises when its scheduler goes away: futures cancelled, connections closed."""
    from concurrent.futures import CancelledError

    kinds: list[type[BaseException]] = [CancelledError, OSError, TimeoutError]
    try:
        from distributed.comm.core import CommClosedError
        from distributed.scheduler import KilledWorker

        kinds += [CommClosedError, KilledWorker]
    except ImportError:
        pass
    return tuple(kinds)


LOST_CLUSTER = _lost_cluster()
SCHEMES = ("tcp",)  # the transports the game can use without more set-up (tls needs certificates, ucx a GPU stack)


def connect(address: str):
    """A client of the cluster's scheduler, or an InputError saying why there is none."""
    scheme = address.split("://", 1)[0].lower() if "://" in address else "tcp"
    if scheme not in SCHEMES:
        raise InputError([Problem("--cluster", None, f"{scheme}:// addresses are not supported; give the "
                                                     "scheduler's address as tcp://HOST:PORT")])
    try:
        from distributed import Client
    except ImportError:
        raise InputError([Problem("--cluster", None, "Dask is not installed: `.venv/bin/pip install -e '.[cluster]'`")]) from None
    logging.getLogger("distributed").setLevel(logging.CRITICAL)  # our own message says what went wrong
    try:
        return Client(address, timeout="5s")
    except Exception as exc:  # an address Dask cannot use, or a scheduler not there: input, not a bug
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError([Problem("--cluster", None, f"cannot reach the scheduler at {address}: {reason[:300]}")]) from None


def quietly_close(client) -> None:
    """Close the client; one whose scheduler is gone may only complain."""
    try:
        client.close(timeout=5)
    except Exception:
        pass


def run_batch(loaded, setup, levels: tuple[tuple[str, str], ...], games: int, workers: int, seed: int,
              out: str | None = None, plot: str | None = None, progress: bool = False, cluster: str | None = None) -> int:
    """Play the games, write their rows to `out` as they finish, print the summary, draw the plot."""
    job = job_for(loaded, setup, levels)
    bar = progress_bar(games, "games", progress)
    tally = Tally()
    handle = open_csv(out) if out else None
    writer = None
    try:
        for row in run_tasks(job, (Task(i, game_seed(seed, i)) for i in range(games)), workers, cluster):
            if handle is not None:
                if writer is None:
                    writer = csv.DictWriter(handle, fieldnames=list(row))
                    writer.writeheader()
                writer.writerow(row)
                handle.flush()
                faults.reached("table.row")
            tally.add(row)
            bar.update()
    except ClusterLost as lost:
        raise lost.kept(f"the {tally.games} games finished are in {out}" if out and tally.games else
                        "no game was finished") from None
    finally:
        if handle is not None:
            handle.close()
        bar.close()
    print(summary_text(tally, loaded.scenario, setup, levels))
    if plot:
        from game.sim.plot import plot_batch

        plot_batch(plot, tally, loaded.scenario, setup)
        print(f"plot written to {plot}")
    return 0


def open_csv(path: str):
    try:
        return open(path, "w", newline="", encoding="utf-8")
    except OSError as exc:
        raise InputError([Problem(path, None, f"cannot write the table of games: {exc.strerror}")]) from None


class Tally:
    """What the summary and the plot need of the games: how often each value came up.

    Counts of whole numbers, not rows, so that memory stays flat however many
    games are played, and medians and ranges are still exact.
    """

    def __init__(self):
        self.games = 0
        self.winners: Counter = Counter()
        self.counts: dict[str, Counter] = {}

    def add(self, row: dict) -> None:
        self.games += 1
        self.winners[row["winner"]] += 1
        for key, value in row.items():
            if isinstance(value, int) and not isinstance(value, bool) and key not in ("game", "seed"):
                self.counts.setdefault(key, Counter())[value] += 1

    def values(self, column: str) -> Counter:
        """value -> number of games (games where the column is empty are left out)."""
        return self.counts.get(column, Counter())


def progress_bar(total: int, unit: str, shown: bool, done: int = 0):
    """A progress bar on stderr: done, rate, time left (tqdm); silent when not `shown`."""
    from tqdm import tqdm

    return tqdm(total=total, initial=done, unit=unit.rstrip("s"), file=sys.stderr, disable=not shown,
                dynamic_ncols=True, smoothing=0.1)


# -- the summary -----------------------------------------------------------------------

def spread(values: Counter) -> str:
    """Median and range of counted values: "120 (40-300)"."""
    if not values:
        return "-"
    return f"{fmt(median(values))} ({fmt(min(values))}-{fmt(max(values))})"


def fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def recorded(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if hasattr(value, "low"):
        return f"{value.low}-{value.high}"
    return str(value)


def summary_text(tally: Tally, scenario, setup, levels) -> str:
    h = scenario.history
    n = max(1, tally.games)
    sides = setup.sides
    lines = [f"{scenario.title}: {tally.games} games from {setup.start.isoformat()}, "
             + ", ".join(f"{side} {level}" for side, level in levels),
             f"  {'':34}{'simulated: median (range)':44}history"]

    def line(label: str, sim: str, hist: str = "-") -> None:
        lines.append(f"  {label:34}{sim:44}{hist}")

    for side in sides:
        line(f"{side} wins", f"{100 * tally.winners.get(side, 0) / n:.0f}%", "winner" if h.winner == side else "-")
    if h.place_taken:
        name = setup.board.places[h.place_taken].name if h.place_taken in setup.board.places else h.place_taken
        line(f"{name} taken by {h.winner}", f"{100 * tally.values('fell').get(1, 0) / n:.0f}% of games", "yes")
        days = tally.values("fell_day")
        when = "-"
        if days:
            mid, first, last = (setup.start + dt.timedelta(days=int(d)) for d in (median(days), min(days), max(days)))
            when = f"{mid.isoformat()} ({first.isoformat()} to {last.isoformat()})"
        line(f"{name} fell on", when, recorded(h.fell_on))
        line("  days after the start", spread(days), str((h.fell_on - setup.start).days) if h.fell_on else "-")
    for side in sides:
        line(f"victory points {side}", spread(tally.values(f"points_{side}")))
    for side in sides:
        line(f"losses {side} (killed, taken)", spread(tally.values(f"losses_{side}")), recorded(h.losses.get(side)))
    for side in sides:
        line(f"men defected to {side}", spread(tally.values(f"defected_to_{side}")), recorded(h.defections_to.get(side)))
    for side in sorted({e.side for e in scenario.victory.exits}):
        out = tally.values(f"exited_{side}")
        line(f"men {side} led off the map", spread(out) + f", {100 * (n - out.get(0, 0)) / n:.0f}% of games")
    for side in scenario.victory.left_behind_caught:
        out = tally.values(f"caught_{side}")
        line(f"men {side} caught at the end", spread(out) + f", {100 * (n - out.get(0, 0)) / n:.0f}% of games")
    for side in sorted({s for o in scenario.victory.objectives for s, worth in o.taking.items() if worth}):
        line(f"places {side} took (scored)", spread(tally.values(f"took_{side}")))
    for side in sides:
        caught = h.weapons_captured.get(side, {})
        for w in WEAPONS:
            values = tally.values(f"captured_{side}_{w}")
            if set(values) - {0} or w in caught:
                line(f"{w.replace('_', ' ')} taken by {side}", spread(values), recorded(caught.get(w)))
    for side in sides:
        hit = tally.values(f"ambushed_{side}")
        line(f"ambushes suffered by {side}", spread(hit) + f", {100 * (n - hit.get(0, 0)) / n:.0f}% of games")
    for kind in ("cut_off", "defected", "wireless_call", "reinforcements_arrived"):
        line(f"{kind.replace('_', ' ')} events", spread(tally.values(f"events_{kind}")))
    if h.targets:
        lines.append(f"  {'the record as targets':36}{'simulated':22}{'target':26}verdict")
        for v in verdicts(h.targets, tally, setup.start):
            lines.append(f"  {v.label:36}{v.value:22}{v.wanted:26}{'inside' if v.inside else 'OUTSIDE'}")
    return "\n".join(lines)
