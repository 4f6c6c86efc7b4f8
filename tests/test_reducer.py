"""The reducer stays pure by construction (OpenSpiel's RandomSimTest, with hypothesis).

Over random games of every shipped scenario, after every order: `apply`
leaves its input state as it was; a copy has the same digest as its
original; every order `legal_orders` lists passes `check`; and at random
moments a game saved and restored has the same digest.  `State.copy` is
built from the fields' stated copy policies, so the test that changes every
container of a copy guards any field added later too.
"""

import datetime as dt
import os
from dataclasses import fields

from hypothesis import HealthCheck, given, settings, strategies as st

from game.core.digest import state_digest
from game.core.engine import apply, legal_orders, why_not
from game.core.setup import make_setup, new_game
from game.core.state import State
from game.replay.save import load_game, save_game
from game.scenario.validate import load_scenario
from tests.test_books import ROOT, SCENARIOS

ORDERS_PER_GAME = 120  # long enough to reach fights, ambushes and the end of several turns
LOADED = {}


def loaded(name: str):
    if name not in LOADED:
        LOADED[name] = load_scenario(os.path.join(ROOT, "scenarios", f"{name}.yaml"))
    return LOADED[name]


def start(name: str, date: str | None, seed: int) -> State:
    scenario = loaded(name)
    return new_game(make_setup(scenario.scenario, scenario.rules, dt.date.fromisoformat(date) if date else None), seed)[0]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(SCENARIOS), st.integers(0, 2**32 - 1),
       st.lists(st.integers(0, 10_000), min_size=1, max_size=50), st.sets(st.integers(1, ORDERS_PER_GAME), max_size=2))
def test_every_order_of_random_games_keeps_the_reducer_pure(tmp_path, scenario, seed, picks, save_at):
    name, date = scenario
    state = start(name, date, seed)
    orders = []
    for step in range(ORDERS_PER_GAME):
        if state.over:
            break
        legal = legal_orders(state, state.side)
        for order in legal:
            assert why_not(state, order) == "", f"legal_orders listed {order}, which check refuses: {why_not(state, order)}"
        pick = picks[step % len(picks)]
        order = legal[-1] if pick % 7 == 0 else legal[pick % len(legal)]
        before = state_digest(state)
        after, _ = apply(state, order)
        assert state_digest(state) == before, f"apply changed its input state at order {step + 1} ({order})"
        assert state_digest(after.copy()) == state_digest(after), f"a copy differs from its original after {order}"
        state = after
        orders.append(order)
        if step + 1 in save_at:
            path = str(tmp_path / f"{name}-{seed}-{step}.json")
            save_game(path, loaded(name), seed, state.setup.start, {s: "human" for s in state.setup.sides}, orders)
            assert state_digest(load_game(path)[1].state) == state_digest(state), f"save and restore after {order}"


def test_a_copy_shares_nothing_the_reducer_may_change():
    """Change every container of a copy in place, by what it holds (not by its stated policy, which may
    be the mistake): the original's digest must not move."""
    state = start("dushanbe_1922", None, 5)
    before = state_digest(state)
    twin = state.copy()
    for f in fields(State):
        value = getattr(twin, f.name)
        if isinstance(value, dict):
            for key, inner in list(value.items()):
                if isinstance(inner, dict):
                    for k in list(inner):
                        if isinstance(inner[k], int):
                            inner[k] += 1
                        else:
                            del inner[k]
                else:
                    del value[key]
        elif f.name == "units":
            for uid in list(value):
                value[uid] = value[uid].but(men=value[uid].men + 1)
        elif f.name == "dice":
            value.roll()
    assert state_digest(twin) != before
    assert state_digest(state) == before



def test_a_bounded_memo_keeps_the_values_used_last_and_works_out_the_rest_again():
    """`Setup.recall` (the AI's route tables): a value asked again is the same one, the least recently used goes
    past the bound, and one forgotten is worked out again when asked."""
    from tests.builders import game

    state, _ = game([], [])
    built = []

    def make(key):
        return lambda: built.append(key) or [key]

    first = state.setup.recall("t", "a", make("a"), most=2)
    state.setup.recall("t", "b", make("b"), most=2)
    assert state.setup.recall("t", "a", make("a"), most=2) is first  # used again: now the latest
    state.setup.recall("t", "c", make("c"), most=2)  # "b", used least recently, goes
    assert set(state.setup.memo["t"]) == {"a", "c"}
    state.setup.recall("t", "b", make("b"), most=2)
    assert built == ["a", "b", "c", "b"]
