"""The siege as an OpenSpiel game (game/env/openspiel.py): OpenSpiel's own random simulation test (clones,
serialising, observation tensors and strings, legal-action masks), and its bots can play it."""

import pytest

pyspiel = pytest.importorskip("pyspiel")

import numpy as np  # noqa: E402

import game.env.openspiel  # noqa: E402,F401  (registers python_dushanbe_1922)

RELIEF = "denov_relief_column"


def load(scenario: str, seed: int = 3):
    return pyspiel.load_game("python_dushanbe_1922", {"scenario": scenario, "seed": seed})


def test_openspiels_random_simulation_test_passes_with_serialising():
    """On the relief map (five days; the main map's twenty games take minutes: docs/research.md says when they
    were run)."""
    pyspiel.random_sim_test(load(RELIEF), num_sims=20, serialize=True, verbose=False)


def test_the_same_parameters_and_actions_give_the_same_game_and_a_clone_goes_its_own_way():
    def game_of(seed):
        state, rng = load(RELIEF, seed).new_initial_state(), np.random.RandomState(seed)
        while not state.is_terminal():
            state.apply_action(int(rng.choice(state.legal_actions())))
        return state.history(), state.returns()

    assert game_of(5) == game_of(5)
    state = load(RELIEF).new_initial_state()
    clone = state.clone()
    clone.apply_action(clone.legal_actions()[-1])
    assert state.history() == [] and len(clone.history()) == 1


def test_a_players_observation_and_information_state_say_only_what_its_side_knows():
    siege = load(RELIEF)
    state = siege.new_initial_state()
    other = state.clone()
    other.apply_action([a for a in other.legal_actions() if a != 0][0])  # the first side chooses a unit
    assert state.observation_string(1) == other.observation_string(1)  # the other side sees no choosing
    assert state.information_state_string(0) != other.information_state_string(0)  # its own action it recalls
    assert np.array_equal(state.observation_tensor(1), other.observation_tensor(1))


def test_openspiels_bots_play_it():
    from open_spiel.python.algorithms import mcts
    from open_spiel.python.bots import uniform_random

    siege = load(RELIEF)
    rng = np.random.RandomState(1)
    bots = [mcts.MCTSBot(siege, uct_c=2, max_simulations=2, random_state=rng,
                         evaluator=mcts.RandomRolloutEvaluator(n_rollouts=1, random_state=rng)),
            uniform_random.UniformRandomBot(1, rng)]
    state = siege.new_initial_state()
    for _ in range(6):
        action = bots[state.current_player()].step(state)
        assert action in state.legal_actions()
        state.apply_action(action)
    assert len(state.history()) == 6


def test_the_playthrough_regenerates_byte_for_byte():
    """tests/playthroughs/python_dushanbe_1922.txt, as OpenSpiel keeps one for each of its games: the same game
    and actions give the same text (after a deliberate change: `python -m tests.playthroughs.regenerate`)."""
    from tests.playthroughs import regenerate

    text, game_string, actions = regenerate.recorded()
    assert game_string == regenerate.GAME and len(actions) == text.count("# Apply action")
    assert "Returns() = [1, -1]" in text or "Returns() = [-1, 1]" in text  # the recorded game is played to its end
    again = regenerate.written(game_string, actions)
    assert again == text, "the playthrough changed: if on purpose, python -m tests.playthroughs.regenerate"
