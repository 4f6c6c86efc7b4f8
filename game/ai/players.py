"""Every kind of player by name, so the CLI, the window and the batch runner agree.

`make_player(level, side, seed)` returns an object with `side` and
`next_order(state)`.  Levels: simple (the built-in player); easy, normal,
hard and historical are the AI proper (see docs/ai.md).
"""

from __future__ import annotations

from game.ai.simple import SimplePlayer

LEVELS = ("simple",)


def make_player(level: str, side: str, seed: int = 0):
    if level == "simple":
        return SimplePlayer(side)
    raise ValueError(f"unknown AI level {level!r}; choose one of: {', '.join(LEVELS)}")
