"""A saved game continues exactly as the game would have: for random games of every scenario and AI
level, save at a random order, restore in a fresh process, play both on, and compare every digest."""

import os
import random
import subprocess
import sys

import pytest

from game.ai.view import ask
from game.ai.players import LEVELS, make_player
from game.core.digest import state_digest
from game.core.engine import apply
from game.replay.save import save_game
from tests.test_books import ROOT, SCENARIOS, shipped
from tests.test_reducer import loaded

PLAY_ON = 4  # turns played after the save (the hard level's look-ahead makes each of its turns dear)


def unbroken(state, players, until_turn: int):
    """Play on from `state`; the orders given and the digest after each."""
    orders, digests = [], []
    while not state.over and state.turn < until_turn:
        order = ask(players[state.side], state)
        state, _ = apply(state, order)
        orders.append(order)
        digests.append(state_digest(state))
    return orders, digests


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("name, start", SCENARIOS)
def test_a_game_saved_and_loaded_in_a_fresh_process_plays_on_as_the_unbroken_game(tmp_path, name, start, level):
    rng = random.Random(f"{name}{start}{level}")
    seed = rng.randrange(1000)
    state = shipped(name, start, seed)
    total = state.setup.total_turns
    save_turn = rng.randrange(1, max(2, min(total - 1, 8 if level == "hard" else total - 1)))
    players = {side: make_player(level, side, seed) for side in state.setup.sides}
    orders, digests = unbroken(state, players, save_turn + PLAY_ON)
    cut = rng.randrange(len(orders) // 3, len(orders) * 2 // 3 + 1)  # often mid-phase: the plan must be rebuilt too
    path = str(tmp_path / "game.json")
    save_game(path, loaded(name), seed, state.setup.start, {side: level for side in state.setup.sides}, orders[:cut])
    child = subprocess.run([sys.executable, "-m", "tests.resume_child", path, str(PLAY_ON + save_turn)],
                           capture_output=True, text=True, cwd=ROOT, timeout=300,
                           env={**os.environ, "PYTHONHASHSEED": "123"})
    assert child.returncode == 0, child.stderr
    resumed = child.stdout.split()
    expected = digests[cut:cut + len(resumed)]
    assert resumed and resumed == expected, (
        f"after loading at order {cut}, the game differs from order {cut + 1 + first_difference(resumed, expected)}")


def first_difference(a: list, b: list) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
