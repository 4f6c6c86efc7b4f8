"""Calibration: the values of the rules' uncertain numbers that put the record most inside the games.

`dushanbe calibrate SCENARIO --param NAME ...` searches the named numbers'
ranges with scipy's differential evolution (a well-kept global optimiser
that needs no gradient and copes with a noisy score), seeded, so the same
command finds the same values.  Each candidate is worth the stated
closeness score of `sweep_report.closeness` over G games — 0 when every
history target lies inside its recorded range — and every candidate plays
the same G seeds (common random numbers), so two candidates differ by their
numbers, not by their luck.  A generation's candidates are played together
through the batch runner, in parallel.

The result: the best values, how far their games lie from the record, the
range of each number among the candidates that scored as well within the
noise of G games (its uncertainty), and a `rules:` block to paste into a
scenario.
"""

from __future__ import annotations

import math
import os
import statistics
from dataclasses import dataclass, field

from game.sim.runner import run_tasks
from game.sim.tally import progress_bar
from game.sim.tasks import Task, job_for
from game.sim.sweep import Sweep, point_seed
from game.sim.sweep_report import closeness


@dataclass
class Search:
    sweep: Sweep  # the scenario, sides, numbers, games a candidate and seed
    workers: int
    rounds: int
    cluster: str | None = None
    tried: list[tuple[float, tuple]] = field(default_factory=list)  # (score, values)
    bar: object = None

    def values(self, x) -> tuple:
        return tuple(round(v) if p.whole else float(v) for v, p in zip(x, self.sweep.params))

    def scores(self, population) -> list[float]:
        """The score of each candidate (columns of `population`), its games played together."""
        candidates = [self.values(population[:, k]) for k in range(population.shape[1])]
        s = self.sweep
        tasks = [Task(g, point_seed(s.seed, 0, g), tuple((p.path, v) for p, v in zip(s.params, values)), k)
                 for k, values in enumerate(candidates) for g in range(s.games)]
        job = job_for(s.loaded, s.setup, s.levels)
        rows: dict[int, list[dict]] = {}
        for task, row in zip(tasks, run_tasks(job, tasks, self.workers, self.cluster)):
            rows.setdefault(task.point, []).append(row)
            self.bar.update()
        out = []
        for k, values in enumerate(candidates):
            score = closeness(s, rows[k])
            score = 10.0 if math.isnan(score) else score
            self.tried.append((score, values))
            out.append(score)
        return out


SMALLEST_POPULATION = 4  # differential evolution's population a number, at least


def generation(population: int, numbers: int) -> int:
    """Candidates a generation of the search: `population` a number searched (at least SMALLEST_POPULATION)."""
    return max(population, SMALLEST_POPULATION) * numbers


def calibrate(sweep: Sweep, workers: int, rounds: int, population: int, progress: bool = False,
              cluster: str | None = None) -> dict:
    """Search the numbers' ranges; the best values, their score, and their uncertainty."""
    import numpy as np
    from scipy.optimize import differential_evolution

    size = generation(population, len(sweep.params))
    search = Search(sweep, workers, rounds, cluster)
    search.bar = progress_bar(size * (rounds + 1) * sweep.games, "games", progress)
    try:
        found = differential_evolution(
            lambda pop: np.asarray(search.scores(np.atleast_2d(pop))), [(p.low, p.high) for p in sweep.params],
            maxiter=rounds, popsize=max(population, SMALLEST_POPULATION), seed=sweep.seed % 2**32, vectorized=True,
            polish=False, tol=0, updating="deferred", init="latinhypercube")
    finally:
        search.bar.close()
    best = search.values(found.x)
    best_score = min(score for score, _ in search.tried)
    noise = noise_of(search.tried, sweep.games)
    near = [values for score, values in search.tried if score <= best_score + noise]
    spread = {p.name: (min(v[i] for v in near), max(v[i] for v in near)) for i, p in enumerate(sweep.params)}
    return {"best": dict(zip((p.name for p in sweep.params), best)), "score": float(found.fun),
            "noise": noise, "spread": spread, "candidates": len(search.tried), "near": len(near)}


def noise_of(tried: list[tuple[float, tuple]], games: int) -> float:
    """How much a score moves by luck alone: the scores' spread shrunk by the games a candidate plays."""
    scores = [s for s, _ in tried]
    if len(scores) < 2:
        return 0.0
    return statistics.pstdev(scores) / math.sqrt(max(1, games)) * 2


def rules_block(sweep: Sweep, best: dict) -> str:
    """The best values as a `rules:` block a scenario can include."""
    nested: dict = {}
    for p in sweep.params:
        section = nested.setdefault(p.path[0], {})
        for part in p.path[1:-1]:
            section = section.setdefault(part, {})
        section[p.path[-1]] = best[p.name]
    lines = [f"# calibrated by dushanbe calibrate against the history block of {os.path.basename(sweep.loaded.path)}",
             "rules:"]

    def walk(data: dict, depth: int) -> None:
        for key, value in data.items():
            if isinstance(value, dict):
                lines.append("  " * depth + f"{key}:")
                walk(value, depth + 1)
            else:
                shown = value if isinstance(value, int) else float(f"{value:.4g}")
                lines.append("  " * depth + f"{key}: {shown}")

    walk(nested, 1)
    return "\n".join(lines) + "\n"
