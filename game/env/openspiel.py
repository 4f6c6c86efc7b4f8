"""The siege as an OpenSpiel game: `import game.env.openspiel` registers `python_dushanbe_1922`.

    import pyspiel
    import game.env.openspiel  # noqa: F401 (registers the game)
    game = pyspiel.load_game("python_dushanbe_1922", {"scenario": "dushanbe_1922", "seed": 7})

Sequential, two players (0 the scenario's first side), imperfect information, chance sampled inside the moves from
the game's own dice (seeded by the `seed` parameter), rewards at the end (+1/−1/0). The actions are the
PettingZoo environment's (game/env/actions.py), with one bound OpenSpiel needs (a game's length must be
bounded): a phase takes at most `ACTIONS_A_PHASE` actions a unit slot, after which only ending it is allowed.
A player's observation tensor is the environment's arrays (map planes, unit rows, vector) laid end to end; its
information state is its observation and the actions it has taken (docs/research.md).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pyspiel

from game.core import worlds
from game.core.engine import apply
from game.core.observe import known_state, observe
from game.core.setup import new_game
from game.env.actions import CANCEL, END, Codec, Pending, outcome, unit_slots
from game.scenario.bundled import scenario_file
from game.env.arrays import UNIT_FIELDS, Arrays
from game.scenario.validate import load_scenario, start_setup

ACTIONS_A_PHASE = 12  # a unit slot: a phase ends after at most this many actions for each

_GAME_TYPE = pyspiel.GameType(
    short_name="python_dushanbe_1922",
    long_name="Siege of Dushanbe 1922",
    dynamics=pyspiel.GameType.Dynamics.SEQUENTIAL,
    chance_mode=pyspiel.GameType.ChanceMode.DETERMINISTIC,
    information=pyspiel.GameType.Information.IMPERFECT_INFORMATION,
    utility=pyspiel.GameType.Utility.ZERO_SUM,
    reward_model=pyspiel.GameType.RewardModel.TERMINAL,
    max_num_players=2,
    min_num_players=2,
    provides_information_state_string=True,
    provides_information_state_tensor=False,
    provides_observation_string=True,
    provides_observation_tensor=True,
    parameter_specification={"scenario": "dushanbe_1922", "start_date": "", "seed": 1},
)


class DushanbeGame(pyspiel.Game):
    """A scenario from a start date with its dice's seed (the parameters)."""

    def __init__(self, params=None):
        params = params or {}
        scenario = scenario_file(params.get("scenario", "dushanbe_1922"))
        self.setup = start_setup(load_scenario(scenario), params.get("start_date") or None)
        self.seed = int(params.get("seed", 1))
        most = unit_slots(self.setup)
        self.codec, self.arrays = Codec(self.setup, most), Arrays(self.setup, most)
        self.phase_cap = ACTIONS_A_PHASE * most
        length = self.setup.total_turns * len(self.setup.sides) * self.phase_cap
        super().__init__(_GAME_TYPE, pyspiel.GameInfo(
            num_distinct_actions=self.codec.size, max_chance_outcomes=0, num_players=len(self.setup.sides),
            min_utility=-1.0, max_utility=1.0, utility_sum=0.0, max_game_length=length), params)

    def new_initial_state(self) -> "DushanbeState":
        return DushanbeState(self)

    def make_py_observer(self, iig_obs_type=None, params=None) -> "DushanbeObserver":
        return DushanbeObserver(self, iig_obs_type or pyspiel.IIGObservationType(perfect_recall=False))


class Play:
    """The game underway in a state: copied as the game copies itself (the scenario shared), not deeply; written
    down (pickled, for OpenSpiel's serialising) as the game's parameters and the actions taken, and read back by
    taking them again."""

    def __init__(self, game_state, pending: Pending, acted: int, own: tuple, params: dict, history: tuple = ()):
        self.state, self.pending, self.acted, self.own = game_state, pending, acted, own
        self.params, self.history = params, history

    def __deepcopy__(self, memo) -> "Play":
        return Play(self.state.copy(), self.pending, self.acted, self.own, self.params, self.history)

    def __reduce__(self):
        if self.history is None:
            raise ValueError("a world drawn for a search (resample_from_infostate) is not a game with a history: "
                             "it cannot be serialised; serialise the state it was drawn from")
        return replayed, (self.params, self.history)


def replayed(params: dict, history: tuple) -> Play:
    """The play of a game with these parameters after these actions."""
    state = pyspiel.load_game("python_dushanbe_1922", params).new_initial_state()
    for action in history:
        state.apply_action(action)
    return state.play


class DushanbeState(pyspiel.State):
    def __init__(self, game: DushanbeGame, play: Play | None = None):
        super().__init__(game)
        if play is None:
            start, _ = new_game(game.setup, game.seed)
            play = Play(start, Pending(), 0, ((), ()), game.get_parameters())
        self.play = play  # (OpenSpiel clones a state by deep-copying its attributes)

    @property
    def spiel(self) -> DushanbeGame:
        return self.get_game()

    # -- OpenSpiel's questions ----------------------------------------------------------------
    def current_player(self) -> int:
        game = self.play.state
        return pyspiel.PlayerId.TERMINAL if game.over else game.setup.sides.index(game.side)

    def view(self):
        """The side to move's own view of the game (what its legal actions are asked of)."""
        game = self.play.state
        return known_state(observe(game, game.side))

    def mask(self, view=None) -> bytearray:
        game, play = self.play.state, self.play
        mask = self.spiel.codec.mask(view if view is not None else self.view(), game.side, play.pending)
        if play.acted >= self.spiel.phase_cap - 2:  # the phase has had its actions: only ending it now
            mask = bytearray(len(mask))
            mask[END if play.pending.stage == "free" else CANCEL] = 1
        return mask

    def _legal_actions(self, player: int) -> list[int]:
        return [] if self.is_terminal() else [i for i, legal in enumerate(self.mask()) if legal]

    def _apply_action(self, action: int) -> None:
        play, game = self.play, self.play.state
        side, before = game.side, (game.turn, game.active)
        view = self.view()
        order, play.pending = self.spiel.codec.take(view, side, play.pending, action, self.mask(view))
        player = game.setup.sides.index(side)
        play.own = tuple(actions + (action,) if p == player else actions for p, actions in enumerate(play.own))
        play.acted += 1
        if play.history is not None:  # (None: a world drawn for a search)
            play.history += (action,)
        if order is not None:
            play.state, _ = apply(game, order)
            if (play.state.turn, play.state.active) != before:
                play.acted = 0

    def resample_from_infostate(self, player_id: int, probability_sampler) -> "DushanbeState":
        """A state `player_id` cannot tell from this one (the same information state), drawn from what its side
        knows only (game.core.worlds): the enemy where last known or where the scenario starts it, new dice
        from the sampler. What OpenSpiel's ISMCTS searches; it cannot be serialised (it has no history)."""
        play, game = self.play, self.play.state
        side = game.setup.sides[player_id]
        world = worlds.drawn(observe(game, side), int(probability_sampler() * 2**32))
        pending = play.pending if game.side == side else Pending()
        return DushanbeState(self.spiel, Play(world, pending, play.acted, play.own, play.params, None))

    def _action_to_string(self, player: int, action: int) -> str:
        return self.spiel.codec.name(action)

    def is_terminal(self) -> bool:
        return self.play.state.over

    def returns(self) -> list[float]:
        game = self.play.state
        return [outcome(game, side) for side in game.setup.sides]

    def __str__(self) -> str:
        game = self.play.state
        return (f"turn {game.turn} {game.side}{' over' if game.over else ''} {self.play.pending.stage} "
                f"{self.play.pending.unit}")


class DushanbeObserver:
    """What a player observes (game.core.observe) as a tensor and a string; with perfect recall, its string also
    holds the actions it has taken."""

    def __init__(self, game: DushanbeGame, iig_obs_type):
        self.game, self.recall = game, iig_obs_type.perfect_recall
        arrays = game.arrays
        shape_map, rows = arrays.shape, (game.codec.most_units, len(UNIT_FIELDS))
        sizes = [("map", int(np.prod(shape_map)), shape_map), ("units", rows[0] * rows[1], rows),
                 ("vector", len(arrays.vector_names), (len(arrays.vector_names),))]
        self.tensor, self.dict, at = None, {}, 0
        if self.recall:  # (no information-state tensor: the string is the information state)
            return
        self.tensor = np.zeros(sum(size for _, size, _ in sizes), np.float32)
        for name, size, shape in sizes:
            self.dict[name] = self.tensor[at:at + size].reshape(shape)
            at += size

    def set_from(self, state: DushanbeState, player: int) -> None:
        if self.tensor is None:
            return
        game = state.play.state
        side = game.setup.sides[player]
        pending = state.play.pending if game.side == side else Pending()
        made = self.game.arrays.make(observe(game, side), pending, bytearray(self.game.codec.size))
        for name in ("map", "units", "vector"):
            self.dict[name][...] = made[name]

    def string_from(self, state: DushanbeState, player: int) -> str:
        """What the player observes in words (the moment, its units, the enemy seen and last known, the places as
        heard, what it is choosing), closed by a digest of all it observes of its units, the enemy and the places
        (so two such observations differ in their strings whenever they differ at all, in any field); with perfect
        recall, then the actions it has taken."""
        game = state.play.state
        side = game.setup.sides[player]
        obs = observe(game, side)
        pending = state.play.pending if game.side == side else Pending()
        seen = obs.to_dict()
        text = repr((side, seen["turn"], seen["to_move"], seen["units"], seen["enemies"], seen["last_seen"],
                     seen["control"], str(pending)))
        said = f"{words(obs, pending)} #{hashlib.sha256(text.encode()).hexdigest()[:16]}"
        if self.recall:
            return f"{said} | taken: {' '.join(map(str, state.play.own[player]))}"
        return said


def words(obs, pending: Pending) -> str:
    """An observation in one line: "basmachi, turn 3 (1922-01-29 night, snow), soviet to move, points 4-6 | own:
    enver_band (25,9) 800 | seen: ~350 at (26,9) | last known: ~200 at (20,14) 2 turns ago | held: dushanbe soviet"."""
    mine = dict(obs.points).get(obs.side, 0)
    theirs = sum(p for s, p in obs.points if s != obs.side)
    parts = [f"{obs.side}, turn {obs.turn} ({obs.date} {obs.part}, {obs.weather}), "
             f"{obs.to_move or 'nobody'} to move, points {mine}-{theirs}{', over' if obs.over else ''}",
             "own: " + listed(f"{u.id} {tuple(u.hex)} {u.men}" for u in obs.units),
             "seen: " + listed(f"{e.id} {e.hex} ~{e.men}" for e in obs.enemies),
             "last known: " + listed(f"{last.id} {last.hex} ~{last.men} {last.age} turns ago" for last in obs.last_seen),
             "held: " + listed(f"{place} {holder or 'nobody'}" for place, holder in obs.control)]
    if pending.stage != "free":  # (the side to move's own choosing)
        parts.append(f"choosing: {pending.unit}" + (f" against {tuple(pending.target)} with {', '.join(pending.attackers)}"
                                                    if pending.target is not None else ""))
    return " | ".join(parts)


def listed(items) -> str:
    return ", ".join(items) or "none"


pyspiel.register_game(_GAME_TYPE, DushanbeGame)
