"""Every kind of player by name, so the CLI, the window and the batch runner agree.

`make_player(level, side, seed)` returns an object with `side` and
`next_order(observation)`: it is given `observe(state, side)` and nothing
else (`ask` gives it).  Levels (docs/ai.md):

- simple: the built-in player (attack at good odds, else march);
- easy: marches straight at its aims, attacks at poor odds, storms on raw
  odds, no ring, no ambushes, no sorties, one wireless call a day, relief
  piecemeal and heedless of the bands it meets, and a third of its moves
  picked at random among the good ones;
- normal: the full siege play of game/ai/commander.py (and its roles: besieger.py,
  defender.py, marching.py);
- hard: normal, with a ring that stands against sorties and calls back the
  bands that rode off, two ambushes, relief kept out of the bands' ambushes,
  and sorties at 1.2:1 that strike to drive the besieger off;
- historical: the recorded plans of Enver Pasha (encircle, ambush the relief,
  wait for defections, then storm) and of Mazarof (hold, call every station,
  one mounted relief column from the nearest post, the raid of 31 January).
"""

from __future__ import annotations

from game.ai.commander import Commander
from game.ai.levels import LEVELS
from game.ai.plans import Posture
from game.ai.simple import SimplePlayer
from game.ai.view import ask
from game.core.state import State


POSTURES = {level: Posture.of(level) for level in LEVELS if level != "simple"}  # game/data/ai.yaml


def resume(player, asked: list[State], now: State) -> None:
    """Bring a new player to where it would stand had it played the game so far itself.

    `asked` are the states it was asked to move in, in order (the state before
    each order of its side); `now` is the state it is to move in next.  What a
    player remembers of the enemy is in its observation (the side's record of
    sightings); what it did this phase (its plan, the units it moved) is rebuilt
    by playing the current phase through again: a game saved and loaded plays
    on as it would have.
    """
    phase = (now.turn, now.active)
    for state in asked:
        if (state.turn, state.active) == phase:
            ask(player, state)


def make_player(level: str, side: str, seed: int = 0):
    if level == "simple":
        return SimplePlayer(side)
    if level in POSTURES:
        return Commander(side, Posture.of(level, side), seed)
    raise ValueError(f"unknown AI level {level!r}; choose one of: {', '.join(LEVELS)}")
