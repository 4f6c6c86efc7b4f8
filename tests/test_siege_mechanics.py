"""The siege as `dushanbe simulate` plays it: over 100 seeds every siege mechanic happens.

Issue 3: ambushes, units cut off, defections, weapons captured, wireless
calls and reinforcements arriving must all come out of the default players'
play of the historical scenario.  Each game is played only until all six
have happened (or it ends), in two processes, to keep the test quick.
"""

import json
import os
from collections import Counter

from game.ai.view import ask
from game.ai.players import make_player
from game.cli import main, parser
from game.core.engine import apply
from game.core.setup import make_setup, new_game
from game.scenario.validate import load_scenario
from game.sim.runner import worker_pool

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAIN = os.path.join(ROOT, "scenarios", "dushanbe_1922.yaml")
SEEDS = range(1, 41)  # every kind happens in every one of 100 games: 40 leave a wide margin over a quarter


def siege_events(event) -> set[str]:
    """The issue's kinds in one event (defections and captures only when men or weapons change hands)."""
    if event.kind == "defected" and event.men > 0:
        return {"defections"}
    if event.kind == "captured" and (event.rifles or event.machine_guns or event.cannons):
        return {"weapons captured"}
    return {KINDS.get(event.kind)} - {None}


KINDS = {"ambush": "ambushes", "cut_off": "units cut off", "wireless_call": "wireless calls",
         "reinforcements_arrived": "reinforcements arrived"}
WANTED = set(KINDS.values()) | {"defections", "weapons captured"}


def main_setup():
    """One set-up per process: its board carries the rules' cached route maps."""
    if "setup" not in _SETUP:
        loaded = load_scenario(MAIN)
        _SETUP["setup"] = make_setup(loaded.scenario, loaded.rules)
    return _SETUP["setup"]


_SETUP: dict = {}


def kinds_in_game(seed: int) -> set[str]:
    setup = main_setup()
    defaults = parser().parse_args(["simulate", MAIN])
    players = {s: make_player(getattr(defaults, f"ai_{s}"), s, seed) for s in setup.sides}
    state, events = new_game(setup, seed)
    seen = set().union(*(siege_events(e) for e in events))
    while not state.over and seen != WANTED:
        state, events = apply(state, ask(players[state.side], state))
        for e in events:
            seen |= siege_events(e)
    return seen


def test_every_siege_event_happens_over_40_seeds_of_the_historical_scenario():
    with worker_pool(2) as pool:
        games = pool.map(kinds_in_game, SEEDS)
    count = Counter(kind for seen in games for kind in seen)
    missing = WANTED - set(count)
    assert not missing, f"never happened in {len(SEEDS)} games: {sorted(missing)}"
    rare = {k: n for k, n in count.items() if n < len(SEEDS) // 4}
    assert not rare, f"happened in fewer than a quarter of the games: {rare}"


def test_simulate_json_reports_the_siege_events_by_kind(capsys):
    assert main(["simulate", MAIN, "--seed", "1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert all(isinstance(n, int) for n in result["events"].values())
    soviet, basmachi = result["sides"]["soviet"], result["sides"]["basmachi"]
    assert set(basmachi["weapons_captured"]) == {"rifles", "machine_guns", "cannons"}
    for key in ("defected_out", "defected_in", "reinforcements"):
        assert key in soviet
