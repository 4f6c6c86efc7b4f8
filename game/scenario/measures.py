"""What a played game is measured by: the names a scenario's history targets may use.

`dushanbe batch` writes one row per game with these columns (game/sim/batch.py,
`game_row`); a target names one of them, and says where its median, or the
share of games in which it happened, should fall.
"""

from __future__ import annotations

from typing import Iterable

from game.core.state import WEAPONS

COUNTED_EVENTS = ("ambush", "cut_off", "defected", "captured", "wireless_call", "reinforcements_arrived", "spotted",
                  "panicked", "surrendered", "place_taken")


def measures(sides: Iterable[str], units: Iterable[str]) -> list[str]:
    """Every measure of a game of a scenario with these sides and units."""
    sides = list(sides)
    names = ["fell", "fell_on", "fell_day", "turns"]
    for prefix in ("won", "points", "losses", "defected_to", "ambushed", "exited", "took", "caught"):
        names += [f"{prefix}_{side}" for side in sides]
    names += [f"captured_{side}_{w}" for side in sides for w in WEAPONS]
    names += [f"events_{kind}" for kind in COUNTED_EVENTS]
    names += [f"lost_{uid}" for uid in units]
    return names
