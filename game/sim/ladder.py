"""`dushanbe ladder`: every pairing of AI levels on both sides, each seed played twice with the sides swapped
(the siege is asymmetric), rated on one Elo scale with 95% intervals (sim/ratings.py); or, with --sprt, a
sequential test of whether one level is stronger than the other, stopping as soon as it knows.

Games run on the batch runner (local processes or a Dask cluster); rows are written as they finish into a table
that survives kills and is resumed by running the same command again (sim/table.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from game.sim.rows import other_run, row_columns, scenario_mark
from game.sim.runner import ClusterLost, run_tasks
from game.sim.tally import progress_bar
from game.sim.tasks import Task, game_seed, job_for
from game.sim.ratings import Ratings, Verdict, fit, sprt
from game.sim.table import Rows, append, finish, held, read_back, start_journal


@dataclass
class Ladder:
    loaded: Any
    setup: Any
    levels: tuple[str, ...]
    games: int  # seeds a pairing (each played twice, sides swapped); with --sprt, the most it may play
    seed: int
    _columns: list | None = field(default=None, repr=False)

    @property
    def sides(self) -> tuple[str, str]:
        return self.setup.sides[0], self.setup.sides[1]

    def pairings(self) -> list[tuple[str, str]]:
        return [(a, b) for i, a in enumerate(self.levels) for b in self.levels[i + 1:]]

    def who(self, point: int) -> tuple[str, str]:
        """The levels playing the first and the second side at a point (a pairing, then its swap)."""
        a, b = self.pairings()[point // 2]
        return (a, b) if point % 2 == 0 else (b, a)

    def tasks(self, done: set):
        """Seed by seed, each pairing's two games (sides swapped) next to each other."""
        first, second = self.sides
        for g in range(self.games):
            for point in range(2 * len(self.pairings())):
                if (point, g) not in done:
                    x, y = self.who(point)
                    yield Task(g, game_seed(self.seed, g), point=point, levels=((first, x), (second, y)))

    def table(self) -> Rows:
        if self._columns is None:
            self._columns = ["point", "first", "second", "scenario", *row_columns(self.loaded.scenario, self.setup)]
        return Rows(self._columns, 3, lambda row: (int(row["point"]), int(row["game"])), self.not_ours)

    def not_ours(self, row: dict[str, str]) -> str:
        p, g = int(row["point"]), int(row["game"])
        if not (0 <= p < 2 * len(self.pairings()) and 0 <= g < self.games):
            return f"game {g} of pairing {p} is not one of this ladder's ({len(self.pairings())} pairings of " \
                   f"{self.games} seeds, sides swapped)"
        if (row["first"], row["second"]) != self.who(p):
            return f"pairing {p} is {row['first']} against {row['second']} there, {self.who(p)[0]} against " \
                   f"{self.who(p)[1]} here (other --levels?)"
        if row["seed"] != str(game_seed(self.seed, g)):
            return f"game {g} was played from another seed than this ladder's (--seed {self.seed})"
        if other := other_run(row, self.loaded, self.setup):
            return f"game {g} of pairing {p} {other}"
        return ""


def results(ladder: Ladder, rows) -> list[tuple[str, str, float]]:
    """(level on the first side, level on the second, the first side's score) of every game in the table."""
    first = ladder.sides[0]
    return [(r["first"], r["second"], float(r[f"won_{first}"])) for r in rows]


def pair_scores(ladder: Ladder, rows, level: str) -> list[float]:
    """For two levels: `level`'s mean score over each seed's two games (sides swapped), seeds with both played."""
    by_seed: dict[int, list[float]] = {}
    first = ladder.sides[0]
    for r in rows:
        won_first = float(r[f"won_{first}"])
        by_seed.setdefault(int(r["game"]), []).append(won_first if r["first"] == level else 1 - won_first)
    return [sum(s) / 2 for g, s in sorted(by_seed.items()) if len(s) == 2]


def run_ladder(ladder: Ladder, workers: int, out: str, progress: bool = False, cluster: str | None = None,
               test: tuple[float, float] | None = None) -> tuple[list[dict[str, str]], Verdict | None]:
    """Play the games the table does not hold yet (with `test`, only until the SPRT decides); the rows, in order."""
    rows = ladder.table()
    verdict = None
    with held(out):
        earlier = read_back(out, rows)
        done = set(earlier.rows)
        have = list(earlier.rows.values())
        total = 2 * len(ladder.pairings()) * ladder.games
        if test is not None:
            verdict = sprt(pair_scores(ladder, have, ladder.levels[1]), *test)
        bar = progress_bar(total, "games", progress, done=len(done))
        handle = start_journal(out, rows, earlier)
        try:
            if verdict is None or not verdict.decided:
                tasks = list(ladder.tasks(done))
                for task, row in zip(tasks, run_tasks(job_for(ladder.loaded, ladder.setup, ()), tasks, workers,
                                                      cluster)):
                    x, y = ladder.who(task.point)
                    full = {"point": task.point, "first": x, "second": y, "scenario": scenario_mark(ladder.loaded), **row}
                    append(handle, rows, full)
                    have.append({k: str(v) for k, v in full.items()})
                    bar.update()
                    if test is not None and task.point % 2 == 1:  # a seed's pair is whole: test again
                        verdict = sprt(pair_scores(ladder, have, ladder.levels[1]), *test)
                        if verdict.decided:
                            break
        except ClusterLost as lost:
            raise lost.kept(f"the games finished are kept in {out}; run the same command again to play the rest") \
                from None
        finally:
            handle.close()
            bar.close()
        return finish(out, rows), verdict


def tables(ladder: Ladder, rows) -> list[str]:
    """Each pairing's games by side: the first side's level down, the second's across, the first side's wins."""
    first = ladder.sides[0]
    names = [s.name.split(" (")[0] for s in ladder.setup.scenario.sides]
    width = max(len(lv) for lv in ladder.levels) + 2
    lines = [f"{names[0]} level (down) against {names[1]} level (across): the {names[0]}'s wins"]
    lines.append(" " * width + "".join(f"{lv:>{width + 8}}" for lv in ladder.levels))
    for x in ladder.levels:
        cells = []
        for y in ladder.levels:
            games = [r for r in rows if r["first"] == x and r["second"] == y]
            wins = sum(int(r[f"won_{first}"]) for r in games)
            cells.append(f"{wins}/{len(games)} {100 * wins / len(games):3.0f}%" if games else "—")
        lines.append(f"{x:<{width}}" + "".join(f"{c:>{width + 8}}" for c in cells))
    return lines


def rating_lines(r: Ratings) -> list[str]:
    lines = [f"Ratings (Elo, {r.levels[0]} = 0; 95% intervals; {r.games} games; the first side is worth "
             f"{r.side_advantage:+.0f}):"]
    for lv in sorted(r.levels, key=lambda x: -r.elo[x]):
        lines.append(f"  {lv:<12} {r.elo[lv]:+7.0f}  [{r.low[lv]:+.0f}, {r.high[lv]:+.0f}]")
    order = sorted(r.levels, key=lambda x: -r.elo[x])
    for a, b in zip(order, order[1:]):
        d, lo, hi = r.difference(a, b)
        lines.append(f"  {a} over {b}: {d:+.0f} [{lo:+.0f}, {hi:+.0f}]" + ("" if lo > 0 else "  (not clear of zero)"))
    return lines


def write_report(ladder: Ladder, r: Ratings, rows, folder: str) -> list[str]:
    """ratings.csv and ladder.png (each level's rating with its interval) in `folder`."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from game.files import ensure_folder, write_atomic

    ensure_folder(folder)
    csv_path, png_path = os.path.join(folder, "ratings.csv"), os.path.join(folder, "ladder.png")
    text = "level,elo,low,high,games\n" + "".join(
        f"{lv},{r.elo[lv]:.1f},{r.low[lv]:.1f},{r.high[lv]:.1f},{sum(1 for x in rows if lv in (x['first'], x['second']))}\n"
        for lv in r.levels)
    write_atomic(csv_path, text)
    fig, ax = plt.subplots(figsize=(6, 3))
    order = sorted(r.levels, key=lambda x: r.elo[x])
    ax.errorbar([r.elo[lv] for lv in order], range(len(order)),
                xerr=[[r.elo[lv] - r.low[lv] for lv in order], [r.high[lv] - r.elo[lv] for lv in order]], fmt="o")
    ax.set_yticks(range(len(order)), order)
    ax.set_xlabel(f"Elo ({r.levels[0]} = 0), 95% intervals")
    ax.set_title(f"{ladder.loaded.scenario.title}: AI levels")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(png_path)
    plt.close(fig)
    return [csv_path, png_path]
