"""Rout: broken troops who give way leave part of their weapons behind.

Sources: ASL's rout (broken units run and leave their support weapons);
docs/history.md: the Denov column's machine guns, rifles and ammunition captured
in the ambush; "120 rifles and 2 machine guns" seized on 14 Feb as the
overwhelmed garrison fled towards Mirtyube.  Shares in rules.yaml (design
choices, calibrated): `ambush.rout_abandon` for a column that panics,
`morale.rout_abandon` for broken defenders driven from their position.

A broken garrison driven out also loses `morale.rout_stragglers` of its men
in the flight (cut down or taken as they run: 14 Feb, "~100 casualties"),
and their weapons with them.  What is dropped is the enemy's who stands
over it: the victors pick it up.
"""

from __future__ import annotations

import math

from game.core.events import Event
from game.core.hexgrid import Hex
from game.core.rules import capture
from game.core.rules.losses import take_losses
from game.core.state import GEAR, State, Unit


def left_behind(unit: Unit, share: float) -> dict[str, int]:
    """What `share` of the unit's gear comes to, rounded to the nearest whole (a gun is left or it is not)."""
    return {k: math.floor(getattr(unit, k) * share + 0.5) for k in GEAR}


def abandon(state: State, uid: str, share: float, takers: list[str], at: Hex, stragglers: float = 0.0) -> list[Event]:
    """The unit drops `share` of its weapons and stores and loses `stragglers` of its men; the victors
    (`takers`, by id) pick it all up."""
    unit = state.units[uid]
    dropped = left_behind(unit, share)
    state.put(unit.but(**{k: getattr(unit, k) - dropped[k] for k in GEAR}))
    for k in GEAR:
        if dropped[k]:
            state.book(unit.side, f"{k}_lost", dropped[k])
    if stragglers:  # take_losses books the stragglers and what they carried
        gone = take_losses(state, state.units[uid], math.floor(unit.men * stragglers + 0.5))
        dropped = {k: dropped[k] + gone[k] for k in GEAR}
    enemy = next((state.units[t].side for t in takers if t in state.units), "")
    return capture.hand_over(state, enemy, unit.side, dropped, takers, at) if enemy else []
