"""Which hexes steps reach within a cost, with the map's hexes as the bits of one integer.

The upkeep asks only *whether* a supply line reaches each unit (rules/supply.py), not which way it runs: that is
the set of hexes whose cheapest way costs at most the limit, the same however ties are broken, so it needs no
search hex by hex (game/core/ways.py finds the ways themselves).  The hexes are numbered row by row as the map
is stored (odd-r offset rows), so a step in one direction moves every hex of a row's parity by the same number
of bits: one shift steps a whole set of hexes at once, and the costs are walked a level at a time, cheapest
first (Dijkstra's order by whole costs, as Dial's buckets).  Steps that cost nothing (supply along an open
track, any distance) run over the few hexes that have them, numbered apart along the tracks so that a stretch of
track is a run of bits, filled at once (`FreeSteps`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from itertools import accumulate, compress
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
    """The steps that cost nothing (a supply line along a track), among the few hexes that have them, numbered apart
    (`own`) so that a set of them is a small integer.  The numbers run along the tracks: hexes one step apart both
    ways follow each other, each stretch of track ending in a number no hex has.  So the hexes a set reaches along
    a stretch are a run of bits, filled by one addition (`along`), and only the steps off a stretch (at a fork)
    are followed hex by hex."""

    def __init__(self, steps: Mapping[Hex, list[Hex]], bit: Mapping[Hex, int]):
        order = stretches(steps)
        own = {h: k for k, h in enumerate(order) if h is not None}
        self.own = {bit[h]: k for h, k in own.items()}  # a map bit -> its own number
        self.width = len(order)
        self.every = sum(1 << k for k in own.values())
        self.anywhere = sum(1 << bit[h] for h in own)
        self.forks = {own[a]: sum(1 << own[b] for b in set(out) if abs(own[b] - own[a]) != 1)
                      for a, out in steps.items()}  # own number -> the steps off its stretch
        self.forks = {k: out for k, out in self.forks.items() if out}
        self.at_forks = sum(1 << k for k in self.forks)
        self.map_bits = list(accumulate((1 << bit[h] if h is not None else 0 for h in order), initial=0))
        # (the map bits of own numbers below k, summed: those of a run of own numbers i..j are [j + 1] - [i])

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

    def along(self, lane: int, seeds: int) -> int:
        """The own numbers reached from `seeds` along their stretches through `lane`: the runs of `lane` holding
        a seed.  Upwards one addition carries each seed through the ones above it; downwards, the same on the
        numbers read backwards."""
        up = (lane & ~(lane + seeds)) | seeds
        width = self.width
        backwards = int(f"{lane:0{width}b}"[::-1], 2), int(f"{seeds:0{width}b}"[::-1], 2)
        down = (backwards[0] & ~(backwards[0] + backwards[1])) | backwards[1]
        return up | int(f"{down:0{width}b}"[::-1], 2)

    def spread(self, new: int, open_: int, done: int) -> tuple[int, int]:
        """The map's hexes reached from `new` (map bits) by free steps alone through `open_` ones, not yet `done`
        (own numbers); and those done now."""
        frontier = self.mine(new) & ~done
        if not frontier:
            return 0, done
        gained, forks = 0, self.forks
        while frontier:
            reached = self.along(open_ | frontier, frontier) & ~done  # (a start may be barred: it is left, not entered)
            done |= reached
            gained |= reached
            step, at_fork = 0, reached & self.at_forks
            while at_fork:
                low = at_fork & -at_fork
                step |= forks[low.bit_length() - 1]
                at_fork ^= low
            frontier = step & open_ & ~done
        out, map_bits = 0, self.map_bits
        while gained:  # run by run
            low = gained & -gained
            above = (gained + low) & ~gained
            out |= map_bits[above.bit_length() - 1] - map_bits[low.bit_length() - 1]
            gained ^= above - low
        return out, done


def stretches(steps: Mapping[Hex, list[Hex]]) -> list[Hex | None]:
    """The hexes with free steps in the order they are numbered: along stretches of track (hexes one step apart
    both ways), each ended by None; a stretch starts at a hex that does not continue one (an end or a fork), or
    anywhere on a loop."""
    both = {a: sorted(b for b in set(out) if a in steps.get(b, ())) for a, out in steps.items()}
    order: list[Hex | None] = []
    left = set(steps)
    for start in sorted(steps, key=lambda h: (len(both[h]) == 2, h)):
        if start not in left:
            continue
        here = start
        while here is not None:
            order.append(here)
            left.discard(here)
            here = next((b for b in both[here] if b in left), None)
        order.append(None)
    return order
