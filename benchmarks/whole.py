"""Whole-command benchmarks: what a user waits for, from the command to its end (wall clock, a fresh process).

- start-up: from the command to the first order of a game: `dushanbe simulate` of the main scenario, stopped
  when the first side has given its first order (the time printed then), beside a process that does nothing;
- `dushanbe simulate` of the main scenario, beside a Wesnoth 1.16 AI-against-AI game on The Freelands when
  Wesnoth is installed (`apt-get install wesnoth-1.16-core`; both medians over the same number of runs);
- `dushanbe batch --games 40 --workers 2`.

Each command is run once unmeasured first, as a user's second game is: Python has written the bytecode of the
game's modules (never written under PYTHONDONTWRITEBYTECODE, which the runs here leave out), and the checked
scenario is in its cache.  Medians, since one run on a shared machine can be slowed by anything else on it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from benchmarks.engine_ai import MAIN, ROOT, Section

FIRST_ORDER = """
import os, time
import game.sim.simulate as simulate
from game.cli import main

def first(player, state, asked=simulate.ask):
    order = asked(player, state)
    print(time.time(), flush=True)
    os._exit(0)

simulate.ask = first
main(["simulate", {main!r}, "--seed", "1"])
"""


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, **kwargs)
    return time.perf_counter() - start


def median_of(runs: int, command: list[str], **kwargs) -> float:
    wall(command, **kwargs)  # bytecode and the scenario cache written
    return statistics.median(wall(command, **kwargs) for _ in range(runs))


def until_printed(command: list[str], **kwargs) -> float:
    """From starting `command` to the moment it prints (the clock's time; its exit is not waited for)."""
    start = time.time()
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=ENV, **kwargs)
    return float(done.stdout.split()[-1]) - start


def wesnoth() -> str | None:
    return shutil.which("wesnoth") or next((p for p in ("/usr/games/wesnoth",) if os.path.exists(p)), None)


def whole_commands(out: Section, runs: int) -> None:
    python, dushanbe = sys.executable, [sys.executable, "-m", "game"]
    nothing = median_of(runs, [python, "-c", "pass"])
    script = [python, "-c", FIRST_ORDER.format(main=MAIN)]
    until_printed(script, cwd=ROOT)  # bytecode and the scenario cache written
    first = statistics.median(until_printed(script, cwd=ROOT) for _ in range(runs))
    wall([*dushanbe, "simulate", MAIN, "--seed", "0"], cwd=ROOT)
    simulate = statistics.median(wall([*dushanbe, "simulate", MAIN, "--seed", str(seed)], cwd=ROOT)
                                 for seed in range(1, runs + 1))
    out.add("### Whole commands (wall clock, a fresh process each run after a first one; median of "
            f"{runs} runs)", "",
            "| what | seconds |", "| --- | --- |",
            f"| Python starting and doing nothing | {nothing:.3f} |",
            f"| from the command to the first order of a normal AI game of the main scenario | {first:.3f} |",
            f"| `dushanbe simulate` of the main scenario, normal against normal (seeds 1–{runs}) | {simulate:.2f} |")
    engine = wesnoth()
    if engine:
        freelands = statistics.median(
            wall([engine, "--nogui", "--multiplayer", "--rng-seed", str(seed), "--controller", "1:ai",
                  "--controller", "2:ai", "--scenario", "multiplayer_The_Freelands", "--exit-at-end"])
            for seed in range(1, runs + 1))
        out.add(f"| a Wesnoth AI-against-AI game on The Freelands (`--rng-seed` 1–{runs}) | {freelands:.2f} |")
    with tempfile.TemporaryDirectory() as folder:
        batch = statistics.median(
            wall([*dushanbe, "batch", MAIN, "--games", "40", "--workers", "2", "--out", os.path.join(folder, "b.csv")],
                 cwd=ROOT) for _ in range(3))
    out.add(f"| `dushanbe batch --games 40 --workers 2` (median of 3; {40 / batch:.2f} games a second) | {batch:.2f} |",
            "")
    if engine:
        out.add(f"`dushanbe simulate` takes {simulate / freelands:.2f} times a Wesnoth AI game here.", "")
