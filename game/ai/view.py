"""What the AI knows: the observation its side is given, as a state to plan on, and its own dice.

The commander is given `observe(state, side)` (game/core/observe.py) and
nothing else: it plans on `known_state` of it, with the enemy units last seen
or reported standing where they were last known.  Its dice are its own:
seeded from the player's seed and what it observes, so the same observation
and seed give the same choices, the game's dice are never moved, and a
look-ahead cannot read the rolls the real game will make.
"""

from __future__ import annotations

import hashlib

from game.core.dice import Dice
from game.core.observe import Observation, known_state, observe
from game.core.orders import Order
from game.core.state import State

_MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15  # spreads small seeds over all 64 bits


def player_key(side: str, seed: int) -> int:
    """A 64-bit key for one player: its seed and its side."""
    key = (seed * _GOLDEN) & _MASK64
    for ch in side:
        key = ((key ^ ord(ch)) * 0x100000001B3) & _MASK64
    return key


def moment(obs: Observation) -> int:
    """A 64-bit number for what the side observes now: the moment of the game and where every unit it knows of
    stands (so two moments that look alike to it give it the same dice)."""
    text = repr((obs.turn, obs.to_move, tuple((u.id, tuple(u.hex), u.men, u.moves_left) for u in obs.units),
                 tuple((e.id, e.hex, e.men) for e in obs.enemies)))
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def fogged(obs: Observation, key: int = 0, before: tuple[Observation, State] | None = None) -> State:
    """The game as the observation tells it, with the enemy it last knew of, and the player's own dice
    (`before`: the observation and view of a moment ago in the same phase, made again only where they changed)."""
    view = known_state(obs, before, remembered=True)
    view.dice = Dice.seeded(moment(obs) ^ key)
    return view


def ask(player, state: State) -> Order:
    """The player's next order, given what its side observes (and nothing more)."""
    return player.next_order(observe(state, player.side))
