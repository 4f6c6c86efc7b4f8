"""Environment steps a second (issue 29's bar: 2,000 on one core): random legal actions on the main scenario,
each step the acting agent's observation (arrays and mask) and the step itself, inside this process.

    .venv/bin/python benchmarks/env_steps.py [--games 4]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from game.env import dushanbe_v0  # noqa: E402


def steps_a_second(env, games: int) -> tuple[float, float, float, int]:
    """(steps a second, µs an observation, µs a step, steps) over `games` random games, seeds 1.."""
    observing = stepping = 0.0
    steps = 0
    for seed in range(1, games + 1):
        env.reset(seed=seed)
        rng = random.Random(seed)
        while not env.game.over:
            start = time.process_time()
            mask = env.observe(env.agent_selection)["action_mask"]
            middle = time.process_time()
            env.step(rng.choice(np.flatnonzero(mask).tolist()))
            observing += middle - start
            stepping += time.process_time() - middle
            steps += 1
    return steps / (observing + stepping), 1e6 * observing / steps, 1e6 * stepping / steps, steps


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--games", type=int, default=4)
    games = p.parse_args().games
    env = dushanbe_v0.raw_env()  # one environment, reset for each game, as a training run uses it
    steps_a_second(env, 1)  # the map's tables built once, as in a long run
    runs = [steps_a_second(env, games) for _ in range(3)]
    rate, observe, step, steps = (statistics.median(r[i] for r in runs) for i in range(4))
    print(f"{steps:.0f} steps of {games} random games: {rate:,.0f} steps a second "
          f"(an observation {observe:.0f} µs, a step {step:.0f} µs; CPU time, median of 3)")


if __name__ == "__main__":
    main()
