"""The books: every man, weapon, round, ration and horse a side has is accounted for.

For each side and asset (state.ASSETS), what came in — at the start, as
reinforcements, captured, defected in, recruited, supplied from the rear or
from stocks — equals what is on the map now plus what went out: lost,
defected, taken prisoner, led off the map, or used (rounds fired, rations
eaten).  The rules write every such movement into `State.books`; this
module only reads them, so a test, a debugging session or a historian can
ask where the books do not balance.
"""

from __future__ import annotations

from game.core.state import ASSETS, State

GAINS = ("start", "arrived", "captured", "defected_in", "recruited", "supplied")
SPENDS = ("lost", "defected_out", "prisoners", "exited", "used")


def imbalances(state: State) -> list[str]:
    """Each side's asset whose books do not balance, in words ("" when all do)."""
    wrong = []
    for side in state.setup.sides:
        books = state.books.get(side, {})
        for asset in ASSETS:
            now = sum(getattr(u, asset) for u in state.units.values() if u.side == side)
            came = sum(books.get(f"{asset}_{k}", 0) for k in GAINS)
            went = sum(books.get(f"{asset}_{k}", 0) for k in SPENDS)
            if came != now + went:
                wrong.append(f"{side} {asset}: {came} came in, but {now} are on the map and {went} went out "
                             f"({came - now - went:+d})")
    return wrong
