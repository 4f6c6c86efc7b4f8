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
    pyspiel.random_sim_test(load(RELIEF), num_sims=8, serialize=True, verbose=False)


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


def test_openspiels_ismcts_searches_worlds_drawn_from_what_the_player_knows():
    """`resample_from_infostate` gives a state the player cannot tell from the real one (same information state,
    same legal actions) with dice of its own, so a search no longer sees the rolls to come."""
    from open_spiel.python.algorithms import ismcts, mcts

    siege = load(RELIEF)
    state = siege.new_initial_state()
    for _ in range(2):  # a unit chosen, then what it does
        state.apply_action(state.legal_actions()[1])
    player = state.current_player()
    sampler = pyspiel.UniformProbabilitySampler(0.0, 1.0)
    worlds = [state.resample_from_infostate(player, sampler) for _ in range(3)]
    for world in worlds:
        assert world.information_state_string(player) == state.information_state_string(player)
        assert world.legal_actions() == state.legal_actions()
    assert len({w.play.state.dice.state for w in worlds} | {state.play.state.dice.state}) == 4
    with pytest.raises(ValueError, match="cannot be serialised"):
        worlds[0].serialize()

    rng = np.random.RandomState(2)
    bot = ismcts.ISMCTSBot(siege, mcts.RandomRolloutEvaluator(1, rng), uct_c=2.0, max_simulations=4,
                           random_state=rng)
    for _ in range(3):
        action = bot.step(state)  # (ISMCTS asserts every world it draws has the state's information state)
        assert action in state.legal_actions()
        state.apply_action(action)


def test_the_start_date_parameter_chooses_the_scenarios_start():
    state = pyspiel.load_game("python_dushanbe_1922", {"start_date": "1922-02-08", "seed": 2}).new_initial_state()
    assert str(state.play.state.date) == "1922-02-08"


def test_openspiels_rl_environment_plays_it_to_the_end():
    """OpenSpiel's RL loop (rl_environment): the observation tensor as the agents' input, rewards at the end."""
    from open_spiel.python import rl_environment

    env = rl_environment.Environment("python_dushanbe_1922", scenario="kampchi_raid", seed=3)
    assert env.observation_spec()["info_state"] == (load("kampchi_raid").observation_tensor_size(),)
    step, rng = env.reset(), np.random.RandomState(1)
    while not step.last():
        player = step.observations["current_player"]
        step = env.step([rng.choice(step.observations["legal_actions"][player])])
    assert sorted(step.rewards) == [-1.0, 1.0] or step.rewards == [0.0, 0.0]


def test_an_observation_string_reads_as_what_the_side_knows():
    state = load("kampchi_raid").new_initial_state()
    own = sorted(u.id for u in state.play.state.units_of("basmachi"))
    said = state.observation_string(0)
    assert said.startswith("basmachi, turn 0 (1922-01-31 day") and all(uid in said for uid in own)
    hidden = [u.id for u in state.play.state.units_of("soviet") if u.id not in said]  # the enemy it does not see
    assert hidden and all(uid not in said for uid in hidden)
    state.apply_action(state.legal_actions()[1])  # a unit chosen
    assert "| choosing: " in state.observation_string(0) and "choosing" not in state.observation_string(1)
