"""The level-against-level tables of docs/ai.md, measured: each cell a batch of games.

    .venv/bin/python -m benchmarks.ai_tables scenarios/dushanbe_1922.yaml --games 200 --seed 2026
    .venv/bin/python -m benchmarks.ai_tables scenarios/denov_relief_column.yaml --levels easy,normal

Each cell: Basmachi win rate (games) · median victory-point margin for the Soviets · median men lost (killed
and taken) Basmachi/Soviet · the share of games in which the scenario's place fell (where it names one).
The games are those `dushanbe batch SCENARIO --games N --seed S --ai-basmachi B --ai-soviet S` plays.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from game.scenario.validate import load_scenario, start_setup  # noqa: E402
from game.sim.runner import run_tasks  # noqa: E402
from game.sim.tasks import Task, game_seed, job_for  # noqa: E402


def cell(loaded, setup, basmachi: str, soviet: str, games: int, seed: int, workers: int) -> str:
    job = job_for(loaded, setup, (("basmachi", basmachi), ("soviet", soviet)))
    rows = list(run_tasks(job, (Task(i, game_seed(seed, i)) for i in range(games)), workers))
    wins = sum(r["won_basmachi"] for r in rows)
    margin = statistics.median(r["points_soviet"] - r["points_basmachi"] for r in rows)
    lost = [statistics.median(r[f"losses_{s}"] for r in rows) for s in ("basmachi", "soviet")]
    fell = f" · falls {100 * sum(r['fell'] for r in rows) / len(rows):g}%" if loaded.scenario.history.place_taken else ""
    return (f"{100 * wins / len(rows):g}% ({len(rows)}) · {margin:+g} · {lost[0]:g}/{lost[1]:g}{fell}"
            .replace("-", "−"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.ai_tables", description=__doc__.splitlines()[0])
    p.add_argument("scenario")
    p.add_argument("--games", type=int, default=200)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--levels", default="easy,normal,hard")
    p.add_argument("--start-date", default=None)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    import datetime as dt

    loaded = load_scenario(args.scenario)
    setup = start_setup(loaded, dt.date.fromisoformat(args.start_date) if args.start_date else None)
    levels = args.levels.split(",")
    print("| Basmachi \\ Soviet | " + " | ".join(levels) + " |")
    print("| --- |" + " --- |" * len(levels))
    for b in levels:
        cells = [cell(loaded, setup, b, s, args.games, args.seed, args.workers) for s in levels]
        print(f"| **{b}** | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
