"""The siege as a PettingZoo AEC environment: agents `basmachi` and `soviet`, turn by turn as the game is played.

    from game.env import dushanbe_v0
    env = dushanbe_v0.env(scenario="dushanbe_1922", start_date=None)  # a bundled scenario by name, or a file
    env.reset(seed=7)
    for agent in env.agent_iter():
        observation, reward, termination, truncation, info = env.last()
        action = None if termination or truncation else env.action_space(agent).sample(observation["action_mask"])
        env.step(action)

Actions (game/env/actions.py), observations (game/env/arrays.py) and rewards are described in docs/research.md.
The game's own dice are seeded by `reset(seed=...)`: the same seed and actions give the same game.  An agent is
given only what its side observes (`game.core.observe`), never the game's state or its generator.
"""

from __future__ import annotations

import os

import gymnasium
import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv
from pettingzoo.utils import wrappers

from game.core.engine import apply
from game.core.observe import Observation, known_state, observe
from game.core.orders import Order
from game.core.rules import victory
from game.core.setup import new_game
from game.env.actions import Codec, IllegalAction, Pending, outcome, unit_slots
from game.env.arrays import UNIT_FIELDS, Arrays
from game.scenario.bundled import scenario_file
from game.scenario.validate import load_scenario, start_setup

def env(**kwargs) -> AECEnv:
    """The environment with PettingZoo's checks around it (an action outside the mask is an error)."""
    return wrappers.OrderEnforcingWrapper(raw_env(**kwargs))


class raw_env(AECEnv):
    metadata = {"render_modes": ["rgb_array", "human"], "name": "dushanbe_v0", "is_parallelizable": False,
                "render_fps": 4}

    def __init__(self, scenario: str = "dushanbe_1922", start_date=None, render_mode: str | None = None,
                 shaping: bool = False):
        super().__init__()
        self.loaded = load_scenario(scenario_file(scenario))
        self.setup = start_setup(self.loaded, start_date)
        self.shaping = shaping  # add the victory-point margin (per 100 points) to the final reward
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise ValueError(f"render_mode {render_mode!r} is not one of None, 'rgb_array' (the map as an array, "
                             "drawn off screen) or 'human' (the map in a window)")
        self.render_mode = render_mode
        self._painter = None  # the map's drawing (game.ui.picture), made at the first render
        self._window = None  # the window of render_mode "human", opened at the first render
        most = unit_slots(self.setup)
        self.codec = Codec(self.setup, most)
        self.arrays = Arrays(self.setup, most)
        self.possible_agents = list(self.setup.sides)
        space = spaces.Dict({
            "map": spaces.Box(-np.inf, np.inf, self.arrays.shape, np.float32),
            "units": spaces.Box(-np.inf, np.inf, (most, len(UNIT_FIELDS)), np.float32),
            "vector": spaces.Box(-np.inf, np.inf, (len(self.arrays.vector_names),), np.float32),
            "action_mask": spaces.Box(0, 1, (self.codec.size,), np.int8),
        })
        self.observation_spaces = {a: space for a in self.possible_agents}
        self.action_spaces = {a: spaces.Discrete(self.codec.size) for a in self.possible_agents}

    def observation_space(self, agent: str) -> spaces.Space:
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space:
        return self.action_spaces[agent]

    # -- the game ------------------------------------------------------------------
    def reset(self, seed: int | None = None, options: dict | None = None) -> None:
        self.game, _ = new_game(self.setup, 0 if seed is None else seed)
        self.pending = Pending()
        self.agents = list(self.possible_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos = {a: {} for a in self.agents}
        self.agent_selection = self.game.side
        self._views: tuple = (None, None)  # (agent, moment), (its observation, its view)
        self._mask: tuple = (None, None)
        self._seen: tuple = (None, None)
        self._base: tuple = (None, None)
        self._moment = 0  # counts the game's states: what was worked out for one is not used for another

    def observe(self, agent: str) -> dict:
        obs = self.side_observation(agent)
        pending = self.pending if agent == self.agent_selection else Pending()
        key = (agent, self._moment)
        if self._base[0] != key:  # what the side observes, made once a state (choosing changes only the marks)
            self._base = (key, self.arrays.base(obs))
        return self.arrays.make(obs, pending, self.mask(agent, pending, obs), self._base[1])

    def mask(self, agent: str, pending: Pending, obs=None) -> bytearray:
        """The side's legal actions now (worked out once for a state and what is chosen)."""
        if self.game.over:
            return bytearray(self.codec.size)
        key = (agent, self._moment, pending)
        if self._mask[0] != key:
            self._mask = (key, self.codec.mask(self.view(agent, obs), agent, pending))
        return self._mask[1]

    def side_observation(self, agent: str) -> Observation:
        """What the side knows now, as the game's own players are given it (`game.core.observe`; made once a state:
        choosing a unit changes nothing the side knows)."""
        key = (agent, self._moment)
        if self._seen[0] != key:
            self._seen = (key, observe(self.game, agent))
        return self._seen[1]

    def actions_for(self, agent: str, order: Order) -> list[int]:
        """The actions that give a game order (the game's AI plays through the environment this way)."""
        return self.codec.actions_for(self.view(agent), agent, order)

    def view(self, agent: str, obs=None):
        """The side's own view of the game now (what its legal actions are asked of), made once a state, from the
        view of the state before where only some units changed (`known_state`'s `before`)."""
        key = (agent, self._moment)
        if self._views[0] != key:
            obs = obs if obs is not None else self.side_observation(agent)
            before = self._views[1] if self._views[0] is not None and self._views[0][0] == agent else None
            self._views = (key, (obs, known_state(obs, before)))
        return self._views[1][1]

    def step(self, action) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0.0
        order, self.pending = self.codec.take(self.view(agent), agent, self.pending, int(action),
                                              self.mask(agent, self.pending))
        if order is not None:
            self.game, _ = apply(self.game, order)
            self._moment += 1
        if self.game.over:
            self.finish()
        else:
            self.agent_selection = self.game.side
        self._accumulate_rewards()
        if self.render_mode == "human":
            self.render()

    def finish(self) -> None:
        points = victory.points(self.game)  # the game's own count at the end
        for a in self.agents:
            won = outcome(self.game, a)
            margin = (2 * points.get(a, 0) - sum(points.values())) / 100 if self.shaping else 0.0
            self.rewards[a] = won + margin
            self.terminations[a] = True
            self.infos[a] = {"winner": self.game.winner, "end_reason": self.game.end_reason}

    def render(self):
        """The map as the agent to move knows it (all revealed once the game is over), drawn by the game's own
        code: an (height, width, 3) array of bytes (`rgb_array`), or shown in a window (`human`)."""
        if self.render_mode is None:
            gymnasium.logger.warn("render() was called without a render_mode: pass render_mode='rgb_array' or "
                                  "'human' to dushanbe_v0.env")
            return None
        if self.render_mode == "rgb_array":
            os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # drawn off screen: no window opens
        from game.ui.mapview import Marks
        from game.ui.picture import Picture, Shown, Window, rgb

        if self._painter is None:
            self._painter = Picture(self.loaded.scenario, self.setup.board, RENDER_BOX)
        viewer = "" if self.game.over else self.agent_selection
        marks = Marks(selected=self.pending.unit or None,
                      targets={self.pending.target} if self.pending.target is not None else set())
        surface = self._painter.draw(Shown(self.game), viewer, marks)
        if self.render_mode == "rgb_array":
            return rgb(surface)
        if self._window is None:
            self._window = Window("Siege of Dushanbe 1922 — dushanbe_v0")
        self._window.show(surface)
        return None

    def close(self) -> None:
        if self._window is not None:
            self._window.close()


RENDER_BOX = (1040, 720)  # the largest the map is drawn, in pixels


__all__ = ["env", "raw_env", "IllegalAction"]
