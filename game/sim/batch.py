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

from game import faults
from game.scenario.problems import InputError, Problem
from game.sim.runner import ClusterLost, run_tasks
from game.sim.tally import Tally, progress_bar, summary_text
from game.sim.tasks import Task, game_seed, job_for


# -- running the games ---------------------------------------------------------------


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


# -- the summary -----------------------------------------------------------------------


