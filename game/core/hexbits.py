"""Which hexes steps reach within a cost, with the map's hexes as the bits of one integer.

The upkeep asks only *whether* a supply line reaches each unit (rules/supply.py), not which way it runs: that is
the set of hexes whose cheapest way costs at most the limit, the same however ties are broken, so it needs no
search hex by hex (game/core/ways.py finds the ways themselves).  The hexes are numbered row by row as the map
is stored (odd-r offset rows), so a step in one direction moves every hex of a row's parity by the same number
of bits: one shift steps a whole set of hexes at once, and the costs are walked a level at a time, cheapest
first (Dijkstra's order by whole costs, as Dial's buckets).  Steps that cost nothing (supply along an open
track, any distance) run hex by hex over the few hexes that have them, numbered apart so their sets stay small.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from itertools import compress
from operator import itemgetter

from game.core.hexgrid import Hex

Shifts = tuple[tuple[int, int], ...]  # (bits to shift by, the hexes whose step goes that way)


class HexBits:
    """The hexes of a map as bits, and the steps between them (`cost(a, b)`: a whole number, or None for no step)
    grouped by cost: the free ones hex by hex, the others as shifts of every hex that takes them."""

    def __init__(self, hexes: Iterable[Hex], around: Mapping[Hex, Iterable[Hex]], cost: Callable[[Hex, Hex], int | None]):
        self.hexes = hexes = sorted(hexes)
        columns = {h: h.q + (h.r - (h.r & 1)) // 2 for h in hexes}
        top, left = min((h.r for h in hexes), default=0), min(columns.values(), default=0)
        width = max(columns.values(), default=0) - left + 1
        self.bit = {h: (h.r - top) * width + columns[h] - left for h in hexes}  # in board order
        self.every = self.of(hexes)
        self.size = max(self.bit.values(), default=0) + 1
        self._in_board_order = itemgetter(*self.bit.values(), 0)  # (one digit more: a tuple however few hexes)
        shifts: dict[tuple[int, int], int] = defaultdict(int)  # (cost, shift) -> the hexes stepping so
        free: dict[Hex, list[Hex]] = {}
        for a in hexes:
            for b in around[a]:
                step = cost(a, b)
                if step == 0:
                    free.setdefault(a, []).append(b)
                    free.setdefault(b, [])
                elif step is not None:
                    shifts[step, self.bit[b] - self.bit[a]] |= 1 << self.bit[a]
        self.dear: tuple[tuple[int, Shifts], ...] = tuple(
            (step, tuple((shift, bits) for (s, shift), bits in sorted(shifts.items()) if s == step))
            for step in sorted({s for s, _ in shifts}))
        self.free = FreeSteps(free, self.bit)

    def of(self, hexes: Iterable[Hex]) -> int:
        """The bits of those of `hexes` on the map."""
        bits, bit = 0, self.bit
        for h in hexes:
            if h in bit:
                bits |= 1 << bit[h]
        return bits

    def holds(self, bits: int, h: Hex) -> bool:
        return h in self.bit and bits >> self.bit[h] & 1 == 1

    def members(self, bits: int) -> list[Hex]:
        """The hexes of `bits`, in board order (sorted)."""
        digits = bin(bits)[:1:-1].ljust(self.size, "0")  # bit k is digit k
        return list(compress(self.hexes, map("1".__eq__, self._in_board_order(digits))))

    def reach(self, starts: int, barred: int, limit: int, wanted: int = 0) -> int:
        """The hexes whose cheapest way from `starts` costs at most `limit`, never entering `barred` (a start is
        reached whatever bars it); given `wanted`, it stops once it has them all (of the others, those it
        returns are reached, but not all reached are returned)."""
        open_ = self.every & ~barred
        free = self.free.open_in(barred)
        at_cost, reached, freed = {0: starts}, 0, 0
        for spent in range(limit + 1):
            new = at_cost.pop(spent, 0) & ~reached
            if not new:
                continue
            reached |= new
            gained, freed = self.free.spread(new, free, freed)
            reached |= gained
            new |= gained
            if wanted and not wanted & ~reached:
                break
            for step, shifts in self.dear:
                if spent + step <= limit:
                    at_cost[spent + step] = at_cost.get(spent + step, 0) | (shifted(new, shifts) & open_)
        return reached


def shifted(bits: int, shifts: Shifts) -> int:
    """Where one step from each hex of `bits` lands, for the steps `shifts` holds."""
    out = 0
    for shift, takes in shifts:
        if moving := bits & takes:
            out |= moving << shift if shift > 0 else moving >> -shift
    return out


class FreeSteps:
    """The steps that cost nothing, among the few hexes that have them, numbered apart (`own`): a set of them
    is a small integer, and its steps are followed hex by hex."""

    def __init__(self, steps: Mapping[Hex, list[Hex]], bit: Mapping[Hex, int]):
        hexes = sorted(steps)
        own = {h: k for k, h in enumerate(hexes)}
        self.own = {bit[h]: k for h, k in own.items()}  # a map bit -> its own number
        self.map_bit = [1 << bit[h] for h in hexes]  # its own number -> its map bit
        self.out = [sum(1 << own[b] for b in set(steps[h])) for h in hexes]  # its own number -> where it steps
        self.every = sum(1 << k for k in own.values())  # (not 2 ** len - 1: compiled, len() is a C integer)
        self.anywhere = sum(self.map_bit)

    def open_in(self, barred: int) -> int:
        """Those of these hexes not `barred` (by their own numbers)."""
        return self.every & ~self.mine(barred)

    def mine(self, bits: int) -> int:
        """Those of the map's `bits` that are among these hexes, by their own numbers."""
        bits &= self.anywhere
        own, out = self.own, 0
        while bits:
            low = bits & -bits
            out |= 1 << own[low.bit_length() - 1]
            bits ^= low
        return out

    def spread(self, new: int, open_: int, done: int) -> tuple[int, int]:
        """The map's hexes reached from `new` (map bits) by free steps alone through `open_` ones, not yet `done`
        (own numbers); and those done now."""
        frontier = self.mine(new) & ~done
        if not frontier:
            return 0, done
        done |= frontier
        gained, steps = 0, self.out
        while frontier:
            step = 0
            while frontier:
                low = frontier & -frontier
                step |= steps[low.bit_length() - 1]
                frontier ^= low
            frontier = step & open_ & ~done
            done |= frontier
            gained |= frontier
        out, map_bit = 0, self.map_bit
        while gained:
            low = gained & -gained
            out |= map_bit[low.bit_length() - 1]
            gained ^= low
        return out, done
