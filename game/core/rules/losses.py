"""Losses: men lost take their share of the unit's weapons and stores with them.

Source: design choice.  Weapons, ammunition and horses are kept in
proportion to the men left (rounded to nearest), so a unit that loses half
its men loses about half its rifles.  What is lost is returned, so that the
capture rule can hand part of it to the winner, and written in the books.
"""

from __future__ import annotations

from game.core.state import ASSETS, GEAR, State, Unit


def kept(amount: int, men_after: int, men_before: int) -> int:
    """`amount` scaled by men_after/men_before, rounded half up, in integers."""
    if men_before <= 0:
        return 0
    return (2 * amount * men_after + men_before) // (2 * men_before)


def take_losses(state: State, unit: Unit, men_lost: int, entry: str = "lost") -> dict[str, int]:
    """Remove `men_lost` men and their share of what they carried; return what went.

    `entry` is the books entry: "lost" (killed, wounded, missing),
    "defected_out" or "prisoners".  The unit leaves the map at zero men.
    """
    men_lost = max(0, min(men_lost, unit.men))
    after = unit.men - men_lost
    gone = {"men": men_lost}
    changes = {"men": after}
    for name in GEAR:
        have = getattr(unit, name)
        if after == 0:
            left = 0  # a unit leaving the map takes all it carried (an empty post holding captured stores, too)
        else:
            left = have if men_lost == 0 else kept(have, after, unit.men)
        gone[name] = have - left
        changes[name] = left
    for asset in ASSETS:
        if gone[asset]:
            state.book(unit.side, f"{asset}_{entry}", gone[asset])
    if after == 0:
        del state.units[unit.id]
    else:
        state.put(unit.but(**changes))
    return gone
