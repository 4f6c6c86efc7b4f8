"""The PettingZoo environment (game/env): PettingZoo's own checks on every scenario, and the action space's
promises: every action the mask allows leads to an order the engine accepts, every legal order can be reached,
an action outside the mask is refused with the game unchanged, and a side observes nothing it may not know."""

import glob
import random

import numpy as np
import pytest

pytest.importorskip("pettingzoo")

from pettingzoo.test import api_test, seed_test  # noqa: E402

from game.core.digest import state_digest  # noqa: E402
from game.core.engine import legal_orders, why_not  # noqa: E402
from game.core.orders import Attack, EndPhase, Entrench, Move  # noqa: E402
from game.env import dushanbe_v0  # noqa: E402
from game.env.actions import IllegalAction, Pending  # noqa: E402

SCENARIOS = sorted(glob.glob("scenarios/*.yaml"))
pytestmark = pytest.mark.filterwarnings(  # PettingZoo's advice on choices made on purpose (docs/research.md)
    "ignore:Observation is not a NumPy array",  # a dict of arrays with the action mask, as its classic games
    "ignore:Observation space for each agent probably should be",
    "ignore:We recommend agents to be named",  # the sides' own names
    "ignore:Action mask numpy array is all zeros",  # the side not to move has no legal action
)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_pettingzoo_api_and_seed_tests_pass(scenario):
    api_test(dushanbe_v0.env(scenario=scenario), num_cycles=1000, verbose_progress=False)
    seed_test(lambda: dushanbe_v0.env(scenario=scenario), num_cycles=200)


def played(seed: int, steps: int):
    """A raw environment played `steps` random masked actions from `seed` (the game may end sooner)."""
    env = dushanbe_v0.raw_env()
    env.reset(seed=seed)
    rng = random.Random(seed)
    for _ in range(steps):
        if env.game.over:
            break
        mask = env.observe(env.agent_selection)["action_mask"]
        env.step(rng.choice(np.flatnonzero(mask).tolist()))
    return env


@pytest.mark.parametrize("seed", [1, 2])
def test_every_masked_action_leads_to_an_order_the_engine_accepts(seed):
    env = dushanbe_v0.raw_env()
    env.reset(seed=seed)
    rng, checked = random.Random(seed), 0
    for _ in range(400):
        if env.game.over:
            break
        side = env.agent_selection
        view, mask = env.view(side), env.observe(side)["action_mask"]
        for action in np.flatnonzero(mask):
            order, then = env.codec.take(view, side, env.pending, int(action))
            if order is not None:
                assert why_not(env.game, order) == "", (env.codec.name(int(action)), order)
                checked += 1
            else:  # a choice on the way to an order: something can follow it
                assert any(env.codec.mask(view, side, then)), env.codec.name(int(action))
        env.step(rng.choice(np.flatnonzero(mask).tolist()))
    assert checked > 500


def path_to(env, order) -> list[int]:
    return env.actions_for(env.agent_selection, order)


@pytest.mark.parametrize("seed", [3, 4])
def test_every_legal_order_can_be_reached(seed):
    """At moments along a random game: every legal order but attacks, and fifty of the attacks (every group of the
    units next to a target is one: thousands), reached by the actions that give it, each allowed by the mask."""
    reached = set()
    for steps in (0, 40, 80, 160):
        env = played(seed, steps)
        if env.game.over:
            break
        orders = legal_orders(env.game, env.agent_selection)
        attacks = [o for o in orders if isinstance(o, Attack)]
        for order in [o for o in orders if not isinstance(o, Attack)] + random.Random(seed).sample(attacks, min(50, len(attacks))):
            side, pending, view, given = env.agent_selection, Pending(), env.view(env.agent_selection), None
            for action in path_to(env, order):
                assert env.codec.mask(view, side, pending)[action], (order, env.codec.name(action))
                given, pending = env.codec.take(view, side, pending, action)
            assert given == order
            reached.add(type(order))
    assert {Move, EndPhase, Entrench, Attack} <= reached


def test_an_action_outside_the_mask_is_refused_and_the_game_is_unchanged():
    env = played(5, 10)
    mask = env.observe(env.agent_selection)["action_mask"]
    illegal = int(np.flatnonzero(mask == 0)[0])
    before = state_digest(env.game)
    with pytest.raises(IllegalAction, match="may not be chosen now"):
        env.step(illegal)
    with pytest.raises(IllegalAction, match="outside the action space"):
        env.step(env.codec.size)
    assert state_digest(env.game) == before


def test_a_side_observes_nothing_it_may_not_know():
    """A hidden enemy band moved elsewhere out of the side's sight: the side's arrays (and its mask) are the same."""
    env = played(6, 0)
    game = env.game
    hidden = next(u for u in game.units_of("basmachi") if u.hidden)
    elsewhere = next(h for h in game.board.hexes if h != hidden.hex and not game.units.at(h)
                     and all(abs(h.q - v.hex.q) + abs(h.r - v.hex.r) > 12 for v in game.units_of("soviet"))
                     and game.board.terrain[h] == game.board.terrain[hidden.hex])
    mine = env.observe("soviet")
    moved = game.copy()
    moved.units[hidden.id] = hidden.but(hex=elsewhere)
    env.game, env._moment = moved, env._moment + 1
    theirs = env.observe("soviet")
    for key in mine:
        assert np.array_equal(mine[key], theirs[key]), key
    assert not np.array_equal(env.observe("basmachi")["units"], mine["units"])


def test_the_winner_is_rewarded_and_the_same_seed_gives_the_same_game():
    def game_of(seed):
        env = dushanbe_v0.env()
        env.reset(seed=seed)
        rng, rewards = random.Random(seed), {}
        for agent in env.agent_iter(max_iter=20000):
            obs, reward, termination, truncation, info = env.last()
            rewards[agent] = reward
            env.step(None if termination or truncation else rng.choice(np.flatnonzero(obs["action_mask"]).tolist()))
        return rewards, state_digest(env.unwrapped.game), env.unwrapped.game.winner

    first = game_of(9)
    assert first == game_of(9)
    rewards, _, winner = first
    assert sorted(rewards.values()) == ([-1.0, 1.0] if winner else [0.0, 0.0])
    if winner:
        assert rewards[winner] == 1.0


def test_the_example_of_docs_research_runs_the_games_ai_through_the_environment():
    """The example in docs/research.md, run as written: a random Basmachi agent against the game's normal AI,
    which plays through actions_for; the game ends with a winner's rewards."""
    import re

    text = open("docs/research.md", encoding="utf-8").read()
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    scope: dict = {}
    exec(compile(code, "docs/research.md", "exec"), scope)
    game, final = scope["env"].unwrapped.game, scope["final"]
    assert game.over and set(final) == {"basmachi", "soviet"}
    assert final == ({s: 1.0 if s == game.winner else -1.0 for s in final} if game.winner else {s: 0.0 for s in final})


def test_shaping_adds_the_points_margin_to_the_final_reward():
    env = dushanbe_v0.raw_env(shaping=True)
    env.reset(seed=11)
    rng = random.Random(11)
    while not env.game.over:
        env.step(rng.choice(np.flatnonzero(env.observe(env.agent_selection)["action_mask"]).tolist()))
    from game.core.rules import victory

    points = victory.points(env.game)
    for side in env.possible_agents:
        won = 1.0 if env.game.winner == side else -1.0 if env.game.winner else 0.0
        assert env.rewards[side] == pytest.approx(won + (2 * points[side] - sum(points.values())) / 100)


def test_rgb_array_draws_the_map_as_the_agent_to_move_knows_it():
    """With the game's own drawing code, off screen: a picture of the map that changes when a unit moves and not
    when what the agent to move may not know changes (an enemy unit it does not see moved elsewhere out of sight)."""
    from game.core.rules import sight

    env = dushanbe_v0.raw_env(render_mode="rgb_array")
    env.reset(seed=6)
    first = env.render()
    assert first.dtype == np.uint8 and first.ndim == 3 and first.shape[2] == 3 and first.shape[0] > 300
    assert len(np.unique(first.reshape(-1, 3), axis=0)) > 50  # terrain, rivers, places, counters
    viewer = env.agent_selection
    unseen = next(u for u in env.game.units_of_not(viewer) if u.id not in sight.in_sight(env.game, viewer))
    watched = sight.hexes_in_sight(env.game, viewer)
    far = next(h for h in sorted(env.game.board.hexes) if h != unseen.hex and not env.game.units.at(h)
               and h not in watched)
    moved = env.game.copy()
    moved.units[unseen.id] = unseen.but(hex=far)
    assert sight.in_sight(moved, viewer) == sight.in_sight(env.game, viewer)
    was, env.game = env.game, moved
    assert np.array_equal(env.render(), first)
    env.game = was
    mask = env.observe(viewer)["action_mask"]
    env.step(int(np.flatnonzero(mask)[1]))  # a unit chosen: it is marked
    chosen = env.render()
    assert not np.array_equal(chosen, first)
    env.step(int(np.flatnonzero(env.observe(viewer)["action_mask"])[-1]))  # and moved
    assert not np.array_equal(env.render(), chosen)


def test_pettingzoos_render_test_passes():
    from pettingzoo.test import render_test

    render_test(lambda render_mode=None: dushanbe_v0.env(scenario="kampchi_raid", render_mode=render_mode))


def test_human_opens_a_window_drawn_after_every_step_and_close_closes_it():
    import pygame

    env = dushanbe_v0.env(scenario="kampchi_raid", render_mode="human")
    env.reset(seed=1)
    assert env.render() is None and pygame.display.get_surface() is not None
    env.step(int(np.flatnonzero(env.observe(env.agent_selection)["action_mask"])[0]))
    assert pygame.display.get_caption()[0].startswith("Siege of Dushanbe 1922")
    env.close()
    assert not pygame.display.get_init()


def test_an_unknown_render_mode_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="'rgb_array'.*'human'"):
        dushanbe_v0.env(render_mode="ansi")


def test_a_scenario_by_name_and_a_start_date_as_written_and_clear_errors_for_either():
    from game.scenario.problems import InputError

    env = dushanbe_v0.raw_env(scenario="dushanbe_1922", start_date="1922-02-08")
    env.reset(seed=1)
    assert str(env.game.date) == "1922-02-08"
    with pytest.raises(InputError, match="no scenario of that name; the game's own are .*kampchi_raid"):
        dushanbe_v0.raw_env(scenario="kampchi")
    with pytest.raises(InputError, match=r"dushanbe_1922.yaml:\d+: a start date is written YYYY-MM-DD"):
        dushanbe_v0.raw_env(start_date="8 Feb")
    with pytest.raises(InputError, match="not one of the scenario's: 1922-01-28, 1922-02-08"):
        dushanbe_v0.raw_env(start_date="1922-02-09")
