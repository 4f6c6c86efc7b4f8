"""Record the golden replays again: run after a deliberate change to rules or scenarios.

    .venv/bin/python -m tests.golden.regenerate

Each golden game is a scenario, a seed and a start date played by the default
(`normal`) commander on both sides; the seeds are chosen so that together the
games hold every kind of event the engine has.  The test suite re-verifies
every turn's digest and log, and checks both promises.
"""

from __future__ import annotations

import datetime as dt
import os
import sys

import json

from game.ai.players import make_player
from game.core.orders import Move
from game.core.rules.movement import reachable
from game.core.setup import make_setup, new_game
from game.files import write_atomic
from game.replay.record import load_replay, save_replay, to_json
from game.replay.rerun import rerun
from game.scenario.validate import load_scenario
from game.sim.simulate import play

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

LEVEL = "normal"
# (replay file, scenario, seed, start date or None for the first)
# Seeds picked from a search over the first 200 so that the games together hold every kind of event; the
# made-up `cornered.yaml` (this folder) brings the three that no AI game of the shipped scenarios gives: a unit
# cut down with nowhere to fall back, a unit wiped out, reinforcements held up at their way in.
GAMES = [
    ("dushanbe_1922_seed1.json", "scenarios/dushanbe_1922.yaml", 1, None),
    ("dushanbe_1922_feb8_seed7.json", "scenarios/dushanbe_1922.yaml", 7, "1922-02-08"),
    ("denov_relief_column_seed14.json", "scenarios/denov_relief_column.yaml", 14, None),
    ("flight_1926_seed1.json", "scenarios/flight_1926.yaml", 1, None),
    ("kampchi_raid_seed1.json", "scenarios/kampchi_raid.yaml", 1, None),
    ("mirtyube_pursuit_seed1.json", "scenarios/mirtyube_pursuit.yaml", 1, None),
    ("february_campaign_seed1.json", "scenarios/february_campaign.yaml", 1, None),
    ("cornered_seed1.json", "tests/golden/cornered.yaml", 1, None),
]


def record(name: str, scenario: str, seed: int, start: str | None) -> str:
    loaded = load_scenario(os.path.join(ROOT, scenario))
    setup = make_setup(loaded.scenario, loaded.rules, dt.date.fromisoformat(start) if start else None)
    game = play(setup, seed, {side: make_player(LEVEL, side, seed) for side in setup.sides})
    path = os.path.join(HERE, name)
    save_replay(path, loaded, game, {side: LEVEL for side in setup.sides})
    return f"{name}: {len(game.turns)} turns, {game.final.winner} wins"


CORRUPTED = "corrupted.json"  # dushanbe_1922_seed1 with one move sent elsewhere; its "comment" says where
CORRUPT_FROM = 5


def corrupt(source: str, target: str, turn: int) -> str:
    """Send the first move from `turn` on to another hex the unit could reach: a replay that must fail there."""
    replay = load_replay(os.path.join(HERE, source))
    loaded = load_scenario(replay.scenario_path)
    state, _ = new_game(make_setup(loaded.scenario, loaded.rules, dt.date.fromisoformat(replay.start_date)), replay.seed)
    with open(os.path.join(HERE, source), encoding="utf-8") as handle:
        data = json.load(handle)
    for p in rerun(state, [orders for orders, _ in replay.turns]):
        order, before = p.order, p.before
        if p.turn >= turn and isinstance(order, Move):
            went = p.after.units[order.unit].hex if order.unit in p.after.units else None
            others = [h for h in sorted(reachable(before, before.units[order.unit]), reverse=True)
                      if h not in (order.to, before.units[order.unit].hex) and ends_at(before, Move(order.unit, h)) != went]
            if not others:
                continue
            other = others[0]
            data["turns"][p.turn]["orders"][p.index]["to"] = list(other)
            data["comment"] = f"corrupted at turn {p.turn}: {order.unit} sent elsewhere"
            write_atomic(os.path.join(HERE, target), to_json(data))
            return f"{target}: turn {p.turn}, {order.unit} sent to {tuple(other)} instead of {tuple(order.to)}"
    raise SystemExit(f"no move from turn {turn} on in {source}")


def ends_at(state, order):
    """Where the order's unit stands after it (a move may stop short: an enemy in sight, an ambush)."""
    from game.core.engine import apply

    after, _ = apply(state, order)
    return after.units[order.unit].hex if order.unit in after.units else None


def main() -> int:
    for game in GAMES:
        print(record(*game))
    print(corrupt(GAMES[0][0], CORRUPTED, CORRUPT_FROM))
    return 0


if __name__ == "__main__":
    sys.exit(main())
