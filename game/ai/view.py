"""What a side knows: the state as its commander sees it, and its own dice.

The AI decides from `fogged(state, side)`: the core's `view_for` (every enemy
unit the side cannot see taken out, the enemy's reinforcements and schedule,
which it cannot know, removed).  Its dice are its own: drawn from the game's
generator state mixed with the player's seed, so the same state and seed give
the same choices, the game's dice are never moved, and a look-ahead cannot
read the rolls the real game will make.
"""

from __future__ import annotations

from game.core.dice import Dice
from game.core.rules.visibility import view_for
from game.core.state import State

_MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15  # spreads small seeds over all 64 bits


def player_key(side: str, seed: int) -> int:
    """A 64-bit key for one player: its seed and its side."""
    key = (seed * _GOLDEN) & _MASK64
    for ch in side:
        key = ((key ^ ord(ch)) * 0x100000001B3) & _MASK64
    return key


def own_dice(state: State, key: int) -> Dice:
    """The player's own dice for this moment of the game (the state is not touched)."""
    return Dice.seeded(state.dice.state ^ key)


def fogged(state: State, side: str, key: int = 0, sees_all: bool = False) -> State:
    """The state as `side` sees it (`visibility.view_for`), with the player's own dice.

    `sees_all` lifts the fog (a setting for experiments, never a level's default).
    """
    view = state.copy() if sees_all else view_for(state, side)
    view.dice = own_dice(state, key)
    return view
