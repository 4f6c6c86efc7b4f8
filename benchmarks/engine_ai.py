"""Engine and AI benchmarks: whole games, think time, orders a second, scaling, batch throughput.

Run them all with `.venv/bin/python -m benchmarks` (add `--quick` for a
short run); the results replace the "Engine and AI" section of
docs/performance.md.  Each table says how it was measured: inside this process
(CPU time, steadier than the wall clock on a shared machine; batch and sweep
throughput in wall time) or, in benchmarks/whole.py, as whole commands.
"""

from __future__ import annotations

import math
import os
import statistics
import time
from dataclasses import dataclass, field

from game.ai.players import make_player
from game.ai.view import ask
from game.core.engine import apply
from game.core.setup import make_setup, new_game
from game.scenario.validate import load_scenario
from game.sim.simulate import play

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAIN = os.path.join(ROOT, "scenarios", "dushanbe_1922.yaml")


def main_setup():
    loaded = load_scenario(MAIN)
    return make_setup(loaded.scenario, loaded.rules)


def cpu() -> float:
    return time.process_time()


@dataclass
class Section:
    """Lines of markdown for docs/performance.md."""
    lines: list[str] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        for line in lines:
            print(line, flush=True)
            self.lines.append(line)


def full_games(out: Section, seeds: range) -> None:
    """A whole AI-against-AI game of the main scenario, both sides at one level."""
    setup = main_setup()
    play(setup, 0, {s: make_player("normal", s, 0) for s in setup.sides})  # warm the route caches
    out.add("### A whole game of the main scenario, AI against AI (inside the process, CPU time)", "",
            "| level | games | turns a game | CPU s a game: median | max |", "| --- | --- | --- | --- | --- |")
    for level in ("easy", "normal", "historical", "hard"):
        times, turns = [], []
        for seed in seeds if level != "hard" else seeds[:max(2, len(seeds) // 3)]:
            players = {s: make_player(level, s, seed) for s in setup.sides}
            start = cpu()
            record = play(setup, seed, players)
            times.append(cpu() - start)
            turns.append(len(record.turns))
        out.add(f"| {level} | {len(times)} | {statistics.median(turns):.0f} | {statistics.median(times):.2f} | {max(times):.2f} |")
    out.add("")


def think_times(out: Section, seeds: range) -> None:
    """CPU time each AI takes for one side's whole phase (all its orders), by level."""
    setup = main_setup()
    out.add("### AI think time per phase (one side's half of a turn), main scenario (inside the process, CPU time)", "",
            "| level | side | phases | mean ms | median ms | 90th percentile ms | max ms |",
            "| --- | --- | --- | --- | --- | --- | --- |")
    for level in ("easy", "normal", "historical", "hard"):
        per_side: dict[str, list[float]] = {s: [] for s in setup.sides}
        for seed in seeds if level != "hard" else seeds[:max(2, len(seeds) // 3)]:
            players = {s: make_player(level, s, seed) for s in setup.sides}
            state, _ = new_game(setup, seed)
            while not state.over:
                side, phase, spent = state.side, (state.turn, state.active), 0.0
                while not state.over and (state.turn, state.active) == phase:
                    start = cpu()
                    order = ask(players[side], state)
                    spent += cpu() - start
                    state, _ = apply(state, order)
                per_side[side].append(spent * 1000)
        for side, ms in per_side.items():
            ms.sort()
            out.add(f"| {level} | {side} | {len(ms)} | {statistics.mean(ms):.1f} | {statistics.median(ms):.1f} | "
                    f"{ms[int(0.9 * (len(ms) - 1))]:.1f} | {ms[-1]:.1f} |")
    out.add("", "The first phase of a process also builds the map's route tables (kept for the rest of the game); "
            "that is the maximum in most rows.", "")


def engine_alone(out: Section, seeds: range) -> None:
    """Orders applied a second: the recorded orders of normal-level games, replayed through `apply` alone."""
    setup = main_setup()
    games = []
    for seed in seeds:
        record = play(setup, seed, {s: make_player("normal", s, seed) for s in setup.sides})
        games.append((seed, [o for t in record.turns for o in t.orders]))
    count, spent, upkeep, phases = 0, 0.0, 0.0, 0
    from game.core.orders import EndPhase

    for seed, orders in games:
        state, _ = new_game(setup, seed)
        for order in orders:
            start = cpu()
            state, _ = apply(state, order)
            took = cpu() - start
            spent += took
            if isinstance(order, EndPhase):
                upkeep += took
                phases += 1
            count += 1
    out.add("### The engine alone (inside the process, CPU time)", "",
            f"{count} orders of {len(games)} normal-level games of the main scenario replayed through `apply`: "
            f"**{count / spent:,.0f} orders a second** ({1e6 * spent / count:.0f} µs an order on average). "
            f"Without the {phases} end-of-phase orders, which carry the end-of-turn upkeep (supply lines for every "
            f"unit, morale, defection, support) and take {100 * upkeep / spent:.0f}% of the time: "
            f"**{(count - phases) / (spent - upkeep):,.0f} orders a second**; an end of phase takes "
            f"{1000 * upkeep / phases:.1f} ms on average.", "")


def scaling(out: Section, quick: bool) -> None:
    """Turn time on generated maps, by map size and by number of units."""
    from benchmarks.generated import generated

    cases = [(25, 50), (50, 50), (75, 50), (100, 50), (100, 125), (100, 250), (100, 495)]  # 495 a side: a scenario holds at most 1,000 units
    if quick:
        cases = [(25, 50), (50, 50), (100, 50), (100, 250)]
    out.add("### Turn time on generated maps (normal AI on both sides; inside the process, CPU time)", "",
            "A turn is both sides' phases and the end-of-turn upkeep. The first turn also builds the "
            "map's movement and supply graphs and the AI's route tables; later turns reuse them.", "",
            "| map | hexes | units a side | orders a turn | first turn s | later turns s (mean of 2) | ms an order |",
            "| --- | --- | --- | --- | --- | --- | --- |")
    by_units: list[tuple[int, float, float]] = []  # on the largest map: (units a side, later turn s, ms an order)
    for size, units in cases:
        loaded = generated(size, units)
        setup = make_setup(loaded.scenario, loaded.rules)
        state, _ = new_game(setup, 1)
        players = {s: make_player("normal", s, 1) for s in setup.sides}
        times, orders = [], []
        for _ in range(3):
            start, turn, n = cpu(), state.turn, 0
            while not state.over and state.turn == turn:
                state, _ = apply(state, ask(players[state.side], state))
                n += 1
            times.append(cpu() - start)
            orders.append(n)
        later = statistics.mean(times[1:])
        per_order = 1000 * later / statistics.mean(orders[1:])
        if size == cases[-1][0]:
            by_units.append((units, later, per_order))
        out.add(f"| {size}x{size} | {size * size} | {units} | {statistics.mean(orders[1:]):.0f} | {times[0]:.2f} | "
                f"{later:.2f} | {per_order:.2f} |")
    fewest, most = by_units[0], by_units[-1]
    out.add("", SCALING_NOTE.format(exponent=growth([(u, t) for u, t, _ in by_units]), few=fewest[0], many=most[0],
                                    few_ms=fewest[2], many_ms=most[2]), "")


def growth(points: list[tuple[int, float]]) -> float:
    """The exponent k of y ~ x^k, by least squares on log x and log y."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


# Why the numbers grow as they do, printed under the scaling table.
SCALING_NOTE = (
    'Map size costs little after the first turn: the graphs and route tables are built once per map (the '
    'first turn grows with the number of hexes, about linearly). For units, the '
    'state keeps an index of its units (game/core/units.py) - who stands in each hex, each side\'s zone of '
    'control, the front where the sides touch, the hidden units, what each side sees - brought up to date as '
    'units move, so a move, a zone of control or an "is an enemy near?" looks at a few hexes instead of every '
    'unit. On the largest map an order costs {few_ms:.2f} ms with {few} units a side and {many_ms:.2f} ms with '
    '{many}, and a later turn grows as units^{exponent:.2f} (least squares over its rows). What grows with the '
    'units in every order is what a player is given: its side\'s observation (every unit of its own, every '
    'enemy seen or last known) and the fogged state the AI plans on, made again after every order, and '
    'copying the unit tables for the new state (done in C, not unit by unit).'
)


def batch_throughput(out: Section, games: int) -> None:
    """Games a second through `dushanbe batch` on 1 and 2 workers (wall time)."""
    from game.sim.runner import run_games
    from game.sim.tasks import Job

    setup = main_setup()
    job = Job(MAIN, setup.start, tuple((s, "normal") for s in setup.sides))
    out.add("### Batch throughput (normal against normal, main scenario; the batch runner inside this process, wall time, "
            "median of 3 runs)", "",
            "| workers | games | seconds | games a second |", "| --- | --- | --- | --- |")
    for workers in (1, 2):
        took = []
        for _ in range(3):
            start = time.perf_counter()
            n = sum(1 for _ in run_games(job, games, 1, workers))
            took.append(time.perf_counter() - start)
        mid = statistics.median(took)
        out.add(f"| {workers} | {n} | {mid:.1f} | {n / mid:.2f} |")
    out.add("", f"This machine has {os.cpu_count()} CPUs.", "")


def sweep_throughput(out: Section, points: int, games: int) -> None:
    """A real sweep (Latin hypercube over three of the siege's numbers) on 2 workers, and 10,000 games at that rate."""
    import tempfile

    from game.scenario.validate import load_scenario
    from game.sim.sweep import Sweep, chosen, run_sweep

    loaded = load_scenario(MAIN)
    setup = main_setup()
    names = ["defection.base_local", "morale.cut_off_per_day", "ambush.surprise"]
    sweep = Sweep(loaded, setup, tuple((s, "normal") for s in setup.sides), chosen(loaded, names), "lhs", points, games, 1)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        run_sweep(sweep, 2, os.path.join(folder, "sweep.csv"))
        took = time.perf_counter() - start
    n = points * games
    rate = n / took
    out.add("### Sweep throughput (normal against normal, main scenario; 2 workers; the sweep runner inside this process, "
            "wall time)", "",
            f"`dushanbe sweep` over {', '.join(names)}: a Latin hypercube of {points} points, {games} games a point.", "",
            "| games | seconds | games a second | 10,000 games would take |", "| --- | --- | --- | --- |",
            f"| {n} | {took:.1f} | {rate:.2f} | {10_000 / rate / 60:.0f} minutes |", "",
            "Aim (issue 13): 10,000 games in under an hour on this machine.", "")
