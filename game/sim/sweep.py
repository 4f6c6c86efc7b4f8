"""Sweeps: many games at many settings of the rules' uncertain numbers, and what decides the outcome.

`dushanbe sweep SCENARIO --param defection.base_local --param supply.path_cost
--design lhs|sobol|morris --points N --games G --seed S` samples the named
numbers within their ranges (game/scenario/ranges.py) — a Latin hypercube
from `scipy.stats.qmc`, or SALib's Saltelli (Sobol) and Morris designs — and
plays G games at each point through the batch runner.  Game g of point p
gets the seed `SeedSequence(S, spawn_key=(p, g))`, so the rows are the same
whatever the number of workers.  Each game is one CSV row (the point, the
numbers, every outcome `batch` records), written as games finish; run the
same command again and it plays only what the file does not hold. The table
survives kills, damage and a second run on the same file (game/sim/table.py):
it ends holding exactly the rows of an unbroken run, in order. `--out
sweep.parquet` writes the same table as Parquet (pyarrow) when the sweep
ends; while it runs, rows go to `sweep.parquet.rows.csv` beside it.

The report (`--report DIR`) gives, for each outcome, how much each number
moves it: Sobol first- and total-order indices, Morris mu*/sigma, or for a
Latin hypercube Spearman's rank correlation; and the points whose games come
closest to the scenario's `history` block.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from typing import Any

from game import faults
from game.scenario.problems import InputError, Problem, did_you_mean
from game.scenario.ranges import Range
from game.sim.rows import levels_text, other_run, row_columns, scenario_mark
from game.sim.runner import ClusterLost, run_tasks
from game.sim.tally import progress_bar
from game.sim.tasks import Task, job_for
from game.sim.table import Rows, append, finish, held, is_parquet, parquet_rows, read_back, start_journal

DESIGNS = ("lhs", "sobol", "morris")
MORRIS_LEVELS = 4


def point_seed(seed: int, point: int, game: int) -> int:
    """The seed of game `game` at point `point`: a child of SeedSequence(seed), never the order games end in."""
    from numpy.random import SeedSequence

    return int(SeedSequence(seed, spawn_key=(point, game)).generate_state(1, "uint64")[0])


def chosen(loaded, names: list[str]) -> list[Range]:
    """The ranged numbers a sweep varies, by name (a pair's name stands for both its ends);
    an InputError names any the rules give no range."""
    problems = []
    names = [end for name in names for end in ends(loaded.ranges, name)]
    for name in names:
        if name not in loaded.ranges:
            problems.append(Problem("--param", None, f"{name!r} is not a number with a range in the rules"
                                    f"{did_you_mean(name, loaded.ranges)}; `dushanbe validate {loaded.path} --ranges` "
                                    f"lists all {len(loaded.ranges)}"))
    if len(set(names)) != len(names):
        problems.append(Problem("--param", None, "each number may be named once"))
    if problems:
        raise InputError(problems)
    return [loaded.ranges[name] for name in names]


def ends(ranges: dict, name: str) -> list[str]:
    """`defection.share` is `defection.share[0]` and `defection.share[1]` when only its ends are ranged."""
    if name in ranges:
        return [name]
    found = [n for n in sorted(ranges) if n.startswith(name + "[") and n[len(name) + 1:-1].isdigit()]
    return found or [name]


def problem_of(params: list[Range]) -> dict:
    """The parameters as SALib names them."""
    return {"num_vars": len(params), "names": [p.name for p in params], "bounds": [[p.low, p.high] for p in params]}


def design(kind: str, params: list[Range], points: int, seed: int) -> list[tuple[float, ...]]:
    """The points of the sweep, each a value per parameter (whole numbers rounded)."""
    import numpy as np

    if kind == "lhs":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=len(params), seed=np.random.default_rng(seed)).random(points)
        raw = [[p.low + u * (p.high - p.low) for u, p in zip(row, params)] for row in unit]
    elif kind == "sobol":
        from SALib.sample import sobol

        raw = sobol.sample(problem_of(params), points, calc_second_order=False, seed=seed % 2**32).tolist()
    else:
        from SALib.sample import morris

        raw = morris.sample(problem_of(params), points, num_levels=MORRIS_LEVELS, seed=seed % 2**32).tolist()
    return [tuple(round(v) if p.whole else float(v) for v, p in zip(row, params)) for row in raw]


@dataclass
class Sweep:
    loaded: Any
    setup: Any
    levels: tuple[tuple[str, str], ...]
    params: list[Range]
    kind: str
    points: int
    games: int
    seed: int
    _grid: list | None = field(default=None, repr=False)

    def grid(self) -> list[tuple[float, ...]]:
        """The points, worked out once."""
        if self._grid is None:
            self._grid = design(self.kind, self.params, self.points, self.seed)
        return self._grid

    def tasks(self, done: set[tuple[int, int]]):
        for p, values in enumerate(self.grid()):
            changes = tuple((param.path, value) for param, value in zip(self.params, values))
            for g in range(self.games):
                if (p, g) not in done:
                    yield Task(g, point_seed(self.seed, p, g), changes, p)

    def table(self) -> Rows:
        """The sweep's table: its columns, and how its rows are told from damage and from other sweeps'."""
        names = [p.name for p in self.params]
        columns = ["point", *names, "ai", "scenario", *row_columns(self.loaded.scenario, self.setup)]
        return Rows(columns, len(names) + 1, lambda row: (int(row["point"]), int(row["game"])), self.not_ours)

    def not_ours(self, row: dict[str, str]) -> str:
        """Why a whole row is no game of this sweep ("" when it is one)."""
        p, g = int(row["point"]), int(row["game"])
        grid = self.grid()
        if not (0 <= p < len(grid) and 0 <= g < self.games):
            return f"game {g} of point {p} is not one of this sweep's {len(grid)} points of {self.games} games"
        if row["seed"] != str(point_seed(self.seed, p, g)):
            return f"game {g} of point {p} was played from another seed than this sweep's (--seed {self.seed})"
        if row["ai"] != levels_text(self.levels):
            return f"game {g} of point {p} was played by {row['ai']}, this sweep by {levels_text(self.levels)} (--ai-...)"
        if other := other_run(row, self.loaded, self.setup):
            return f"game {g} of point {p} {other}"
        for param, value in zip(self.params, grid[p]):
            if row[param.name] != str(value):
                return f"point {p} has {param.name} = {row[param.name]}, where this sweep has {value}"
        return ""


def run_sweep(sweep: Sweep, workers: int, out: str, progress: bool = False, cluster: str | None = None) -> int:
    """Play every game of the sweep the table does not hold yet, then write the table whole, in order."""
    rows = sweep.table()
    with held(out):
        earlier = read_back(out, rows)
        done = set(earlier.rows)
        total = len(sweep.grid()) * sweep.games
        bar = progress_bar(total, "games", progress, done=len(done))
        handle = start_journal(out, rows, earlier)
        played = 0
        try:
            tasks = list(sweep.tasks(done))
            for task, row in zip(tasks, run_tasks(job_for(sweep.loaded, sweep.setup, sweep.levels), tasks, workers,
                                                  cluster)):
                values = dict(task.changes)
                append(handle, rows, {"point": task.point, **{p.name: values[p.path] for p in sweep.params},
                                      "ai": levels_text(sweep.levels), "scenario": scenario_mark(sweep.loaded), **row})
                played += 1
                faults.reached("table.row")
                bar.update()
                bar.set_postfix_str(f"point {task.point + 1}/{len(sweep.grid())}")
        except ClusterLost as lost:
            raise lost.kept(f"the {len(done) + played} games finished are kept in {out}; run the same command "
                            "again to play the rest") from None
        finally:
            handle.close()
            bar.close()
        finish(out, rows)
    print(f"{out}: {total} games at {len(sweep.grid())} points ({total - len(done)} played now, "
          f"{len(done)} there already)")
    return 0


def read_rows(out: str) -> list[dict[str, str]]:
    """The rows of a finished sweep's table, as text, in order."""
    if is_parquet(out):
        return parquet_rows(out)
    with open(out, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


MOST_GAMES = 10_000_000  # a sweep's games at the most: a month of this machine's time (the table holds them all)


def check_points(kind: str, points: int, params: int, games: int = 1) -> str:
    """Why this many points (of `games` games each) will not do for the design ("" when they will)."""
    total = points * {"sobol": params + 2, "morris": params + 1}.get(kind, 1) * games
    if total > MOST_GAMES:
        return (f"that is {total:,} games; a sweep plays at most {MOST_GAMES:,} (about 2.5 games a second here: "
                "give fewer --points or --games)")
    if kind == "sobol" and points & (points - 1):
        return f"a Sobol design takes a power of 2 as --points (e.g. {2 ** max(1, math.ceil(math.log2(points)))})"
    if kind == "lhs" and points < 2:
        return "a Latin hypercube takes at least 2 points"
    return ""
