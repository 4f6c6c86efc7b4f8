"""Sweeps: many games at many settings of the rules' uncertain numbers, and what decides the outcome.

`dushanbe sweep SCENARIO --param defection.base_local --param supply.path_cost
--design lhs|sobol|morris --points N --games G --seed S` samples the named
numbers within their ranges (game/scenario/ranges.py) — a Latin hypercube
from `scipy.stats.qmc`, or SALib's Saltelli (Sobol) and Morris designs — and
plays G games at each point through the batch runner.  Game g of point p
gets the seed `SeedSequence(S, spawn_key=(p, g))`, so the rows are the same
whatever the number of workers.  Each game is one CSV row (the point, the
numbers, every outcome `batch` records), written in order as games finish;
run the same command again and it plays only what the file does not hold.
`--out sweep.parquet` writes the same table as Parquet (pyarrow) when the
sweep ends; while it runs, rows go to `sweep.parquet.rows.csv` beside it.

The report (`--report DIR`) gives, for each outcome, how much each number
moves it: Sobol first- and total-order indices, Morris mu*/sigma, or for a
Latin hypercube Spearman's rank correlation; and the points whose games come
closest to the scenario's `history` block.
"""

from __future__ import annotations

import csv
import math
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any

from game.files import TEMP_PREFIX
from game.scenario.problems import InputError, Problem, did_you_mean
from game.scenario.ranges import Range
from game.sim.batch import Task, job_for, progress_bar, run_tasks

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
                                    f"{did_you_mean(name, loaded.ranges)}; ranged numbers: "
                                    f"{', '.join(sorted(loaded.ranges))}"))
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

    def columns(self, row: dict) -> list[str]:
        return ["point"] + [p.name for p in self.params] + list(row)


def journal_of(out: str) -> str:
    """Where rows go as games finish: the CSV itself, or beside a Parquet file (which cannot grow row by row)."""
    return out + ".rows.csv" if is_parquet(out) else out


def is_parquet(out: str) -> bool:
    return out.lower().endswith(".parquet")


def read_rows(out: str) -> list[dict[str, str]]:
    """Every row an earlier run of a sweep wrote to `out` (and its journal), as text, in file order."""
    rows: list[dict[str, str]] = []
    if is_parquet(out) and os.path.exists(out):
        rows += parquet_rows(out)
    journal = journal_of(out)
    if os.path.exists(journal) and os.path.getsize(journal) > 0:
        with open(journal, newline="", encoding="utf-8") as handle:
            rows += list(csv.DictReader(handle))
    return rows


def parquet_rows(path: str) -> list[dict[str, str]]:
    pq = parquet_module(path)
    table = pq.read_table(path)
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in table.to_pylist()]


def parquet_module(path: str):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError([Problem(path, None, "a .parquet table needs pyarrow: pip install -e '.[parquet]', "
                                  "or name the table .csv")]) from None
    return pq


def already_played(path: str, params: list[Range]) -> set[tuple[int, int]]:
    """(point, game) of the rows an earlier run of the same sweep wrote to `path`."""
    try:
        rows = read_rows(path)
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise InputError([Problem(path, None, f"cannot read the earlier rows to resume: {exc}")]) from None
    if rows and list(rows[0])[: len(params) + 1] != ["point"] + [p.name for p in params]:
        raise InputError([Problem(path, 1, "this file holds another sweep (other columns); give another "
                                  "--out, or remove it to start again")])
    return {(int(r["point"]), int(r["game"])) for r in rows if str(r.get("game", "")).isdigit()}


def run_sweep(sweep: Sweep, workers: int, out: str, progress: bool = False, cluster: str | None = None) -> int:
    """Play every game of the sweep the output does not hold yet."""
    done = already_played(out, sweep.params)
    total = len(sweep.grid()) * sweep.games
    job = job_for(sweep.loaded, sweep.setup, sweep.levels)
    bar = progress_bar(total, "games", progress, done=len(done))
    journal = journal_of(out)
    fresh = not os.path.exists(journal) or os.path.getsize(journal) == 0
    with open(journal, "a", newline="", encoding="utf-8") as handle:
        writer = None
        try:
            for task, row in zip(list(sweep.tasks(done)), run_tasks(job, sweep.tasks(done), workers, cluster)):
                values = dict(task.changes)
                full = {"point": task.point, **{p.name: values[p.path] for p in sweep.params}, **row}
                if writer is None:
                    writer = csv.DictWriter(handle, fieldnames=list(full))
                    if fresh:
                        writer.writeheader()
                writer.writerow(full)
                handle.flush()
                bar.update()
                bar.set_postfix_str(f"point {task.point + 1}/{len(sweep.grid())}")
        finally:
            bar.close()
    if is_parquet(out):
        write_parquet(out, journal)
    print(f"{out}: {total} games at {len(sweep.grid())} points ({total - len(done)} played now, "
          f"{len(done)} there already)")
    return 0


def write_parquet(out: str, journal: str) -> None:
    """The whole table as Parquet (the earlier file's rows and the journal's), then the journal is dropped."""
    import pyarrow as pa

    pq = parquet_module(out)
    rows = read_rows(out)
    columns = list(rows[0]) if rows else []
    table = pa.table({c: column(pa, [typed(r.get(c, "")) for r in rows]) for c in columns}) if rows else pa.table({})
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=os.path.dirname(os.path.abspath(out)))
    os.close(fd)
    pq.write_table(table, temp)
    os.replace(temp, out)
    os.remove(journal)


def column(pa, values: list):
    """A Parquet column of the values: numbers where they all are (seeds are unsigned 64-bit), else text."""
    try:
        return pa.array(values)
    except (OverflowError, pa.ArrowInvalid, pa.ArrowTypeError):
        if all(isinstance(v, int) and v >= 0 for v in values):
            return pa.array(values, type=pa.uint64())
        return pa.array(["" if v == "" else str(v) for v in values])


def typed(text: str) -> Any:
    """A CSV cell as the number it is, or the text (empty for nothing)."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def check_points(kind: str, points: int, params: int) -> str:
    """Why this many points will not do for the design ("" when they will)."""
    if kind == "sobol" and points & (points - 1):
        return f"a Sobol design takes a power of 2 as --points (e.g. {2 ** max(1, math.ceil(math.log2(points)))})"
    if kind == "lhs" and points < 2:
        return "a Latin hypercube takes at least 2 points"
    return ""
