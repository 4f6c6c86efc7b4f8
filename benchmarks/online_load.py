"""The game server under load: many concurrent games driven from one process (docs/performance.md, "Online").

    .venv/bin/python benchmarks/online_load.py [--games 100] [--rate 200] [--seconds 30]

Starts `dushanbe serve` on a free port with a fresh database, makes `--games`
games of the main scenario, seats both sides of each (two connections a
game), and gives the orders of a recorded game (the same seed, so every one
is legal) at `--rate` orders a second in all, spread over the games (each
game first played on to a different order, untimed, so that they do not all
end their turns at the same moment).  The
round trip of an order is from sending it to its `ack` (the order checked,
committed to SQLite and applied); both seats are sent the new state after
it.  Prints the round trip's median, 99th percentile and maximum, the orders
a second given, and the server's CPU time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from websockets.asyncio.client import connect

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from game.ai.players import make_player  # noqa: E402
from game.core.orders import order_to_dict  # noqa: E402
from game.online.protocol import dumps, versions  # noqa: E402
from game.scenario.validate import load_scenario, start_setup  # noqa: E402
from game.sim.simulate import play  # noqa: E402

SCENARIO = os.path.join(ROOT, "scenarios", "dushanbe_1922.yaml")
SEED = 11
WARM_UP = 100  # orders: the last game is this far into its game when the timing starts, the first at its start


def recorded_orders() -> list[tuple[str, dict]]:
    """A normal-level game's orders, with the side that gave each."""
    loaded = load_scenario(SCENARIO)
    setup = start_setup(loaded)
    record = play(setup, SEED, {s: make_player("normal", s, SEED) for s in setup.sides}, digests=False)
    out, state_side = [], None
    from game.core.setup import new_game
    from game.core.engine import apply

    state, _ = new_game(setup, SEED)
    for turn in record.turns:
        for order in turn.orders:
            state_side = state.side
            out.append((state_side, order_to_dict(order)))
            state, _ = apply(state, order)
    return out


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Driven:
    """One game's two seats, giving the recorded orders when told, and timing each to its ack."""

    def __init__(self, url: str, codes: dict, orders: list, times: list):
        self.url, self.codes, self.orders, self.times = url, codes, orders, times
        self.seats: dict = {}
        self.acked: dict[int, asyncio.Future] = {}
        self.next = 0
        self.ready = 0  # seats sent their first state

    async def open(self) -> None:
        for side, code in self.codes.items():
            ws = await connect(self.url, max_size=None)
            await ws.send(dumps({"kind": "hello", **versions(), "code": code}))
            self.seats[side] = ws
            asyncio.create_task(self.read(ws))

    async def read(self, ws) -> None:
        async for text in ws:
            message = json.loads(text)
            if message["kind"] == "state" and message["seq"] == 0:
                self.ready += 1
            if message["kind"] == "ack" and message["seq"] in self.acked:
                self.acked.pop(message["seq"]).set_result(time.perf_counter())
            elif message["kind"] in ("refused", "error"):
                print("the server said:", message, file=sys.stderr)

    async def give(self) -> None:
        if self.next >= len(self.orders):
            return
        side, order = self.orders[self.next]
        done = asyncio.get_running_loop().create_future()
        self.acked[self.next] = done
        start = time.perf_counter()
        await self.seats[side].send(dumps({"kind": "order", "seq": self.next, "order": order}))
        self.next += 1
        self.times.append(await done - start)


async def drive(url: str, games: int, rate: float, seconds: float, orders: list, cpu) -> tuple[list[float], float, float]:
    """Round trips of the timed orders, the seconds they took, and the server's CPU seconds meanwhile."""
    loaded = load_scenario(SCENARIO)
    made = []
    for _ in range(games):
        async with connect(url, max_size=None) as ws:
            await ws.send(dumps({"kind": "create", **versions(), "scenario_name": "dushanbe_1922.yaml",
                                 "scenario_text": loaded.text, "start_date": None, "seed": SEED}))
            made.append(json.loads(await ws.recv())["codes"])
    times: list[float] = []
    driven = [Driven(url, codes, orders, times) for codes in made]
    for d in driven:
        await d.open()
    while any(d.ready < 2 for d in driven):  # every seat welcomed and sent the game
        await asyncio.sleep(0.1)
    for i, d in enumerate(driven):  # games at different moments (in step, every game would end its turn at once)
        for _ in range(i * WARM_UP // games):
            await d.give()
    times.clear()
    before = cpu()
    pending, start, tick, k = set(), time.perf_counter(), 0, 0
    while time.perf_counter() - start < seconds:  # one order a tick, to the next game not waiting for an ack
        idle = [d for d in driven[k:] + driven[:k] if not d.acked]
        if idle:
            pending.add(asyncio.create_task(idle[0].give()))
            k = (driven.index(idle[0]) + 1) % games
        tick += 1
        await asyncio.sleep(max(0.0, start + tick / rate - time.perf_counter()))
    await asyncio.gather(*pending)
    return times, time.perf_counter() - start, cpu() - before


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--games", type=int, default=100)
    p.add_argument("--rate", type=float, default=200.0, help="orders a second in all")
    p.add_argument("--seconds", type=float, default=30.0)
    args = p.parse_args()
    orders = recorded_orders()
    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen([sys.executable, "-m", "game", "serve", "--port", "0", "--db",
                                   os.path.join(folder, "games.sqlite")], cwd=ROOT, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        url = server.stdout.readline().split()[2]
        try:
            times, wall, used = asyncio.run(drive(url, args.games, args.rate, args.seconds, orders,
                                                  lambda: cpu_seconds(server.pid)))
        finally:
            server.terminate()
            server.wait()
    ms = sorted(1000 * t for t in times)
    p99 = ms[min(len(ms) - 1, int(0.99 * len(ms)))]
    print(f"| {args.games} | {len(ms)} | {len(ms) / wall:.0f} | {statistics.median(ms):.1f} | {p99:.1f} | "
          f"{ms[-1]:.1f} | {used:.1f} of {wall:.0f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
