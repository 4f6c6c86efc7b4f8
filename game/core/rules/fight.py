"""A fight as the rules after it see it: who fought where, who won and fell back, what each side lost.

`battle.fight` fills it in; capture, leaders and support read it (each its
own rule, none of them importing the battle).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.core.hexgrid import Hex


@dataclass
class Fight:
    """What happened in one fight, for the rules that follow it."""
    attackers: tuple[str, ...]
    defenders: tuple[str, ...]
    attacker_side: str
    defender_side: str
    target: Hex
    attacker_hexes: set[Hex]
    winner: str = ""
    loser: str = ""
    loser_fell_back: bool = False
    lost: dict[str, dict[str, int]] = field(default_factory=dict)  # side -> gear lost
    lost_share: dict[str, float] = field(default_factory=dict)  # unit -> share of its men lost
