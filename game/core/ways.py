"""The cheapest ways over a map: one search for a unit's moves, supply lines and the costs to a goal.

Dijkstra's search with a bucket for each whole cost (Dial's algorithm: every cost in the game is a small whole
number), cheapest first.  Each user says what differs: where the ways start, how far they may run, the hexes they
never enter (`barred`), the hexes they enter but never leave (`halts`: a zone of control ends a move), and how
ties are broken.  Searched as far as asked and resumable: a route table is walked outward only as far as the AI
looks, a move's check only as far as the hex it goes to (the supply lines the upkeep asks are reached as bits,
game/core/hexbits.py; `search` here draws a line on the map).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable
from itertools import repeat
from typing import Any, Generic, TypeVar

from game.core.board import ByHex

Spot = TypeVar("Spot", bound=Hashable)

NOWHERE = 10**6  # the cost of a spot no way reaches (more than any way on a map costs)


def tables(steps: ByHex, out_of_reach: int) -> tuple[Any, Any]:
    """Where a search writes each spot's cost (`out_of_reach` until written) and the spot its way comes from:
    for hexes by number (a range) lists, as a search over them walks most of the map; else dicts, the costs'
    answering `out_of_reach` for a spot first looked at (in C), so a search costs what it walks, not the map."""
    if isinstance(steps.on_map, range):
        return [out_of_reach] * len(steps.on_map), [None] * len(steps.on_map)
    return defaultdict(repeat(out_of_reach).__next__), {}


class Ways(Generic[Spot]):
    """The cheapest ways from `starts` over `steps` (each spot's steps out: (next spot, whole cost)), within
    `limit`: `before` (each spot reached -> the spot its way comes from, None for a start; in the order reached)
    and `cost` (every spot -> the cheapest cost found; out of reach, `over`, if none; -1 if barred).

    Ties: by the order reached (a step of cost 0, along a supply track, lands in the bucket being walked), or with
    `in_order` by the spots' own order — a heap by (cost, spot) would walk the same way; it needs steps of cost at
    least 1.  A spot's cost is sure once `settled` says so; `walk` settles them.
    """

    def __init__(self, steps: ByHex, starts: Iterable[Spot], *, limit: float = NOWHERE,
                 barred: Collection[Spot] = frozenset(), halts: Collection[Spot] = frozenset(), in_order: bool = False):
        self.steps, self.halts, self.in_order = steps, halts, in_order
        self.over = over = int(min(limit, NOWHERE - 1)) + 1  # the first cost out of reach
        self.cost, self.before = cost, before = tables(steps, over)  # (-1: barred; before: None for a start)
        self.by_spot = isinstance(cost, dict)  # (else a list by hex number)
        for spot in barred:
            cost[spot] = -1
        first = list(dict.fromkeys(starts))
        for spot in first:
            cost[spot], before[spot] = 0, None
        self.buckets: list = [first]  # the spots put in at each cost, to walk: as many as the limit, or grown
        if over < NOWHERE:
            self.buckets += [[] for _ in range(over - 1)]
        self.done = -1  # every spot of cost <= done is settled

    def settled(self, spot: Spot) -> bool:
        return self.reaches(spot) and self.cost[spot] <= self.done

    def get(self, spot: Spot, default: int = NOWHERE) -> int:
        """The cheapest cost to `spot` (`default` if no way reaches it), walking on as far as that needs."""
        cost = self.cost.get(spot, -1) if self.by_spot else self.cost[spot]
        if 0 <= cost <= self.done:  # settled already (the AI asks of a route table many times a phase)
            return cost
        while self.done + 1 < len(self.buckets) and not self.settled(spot):
            self.walk(self.done + 1)
        return self.cost[spot] if self.settled(spot) else default

    def reaches(self, spot: Spot) -> bool:
        """Whether a way reaches `spot` within the limit (sure once it is settled or the search is walked out)."""
        cost = self.cost.get(spot, -1) if self.by_spot else self.cost[spot]
        return 0 <= cost < self.over

    def path(self, to: Spot) -> list[Spot]:
        """The way from its start to `to`, both included."""
        path = [to]
        while self.before[path[-1]] is not None:
            path.append(self.before[path[-1]])
        return path[::-1]

    def walk(self, upto: int = NOWHERE) -> "Ways[Spot]":
        """Settle every spot costing at most `upto` (all, by default)."""
        cost, before, steps, halts, buckets = self.cost, self.before, self.steps, self.halts, self.buckets
        spent = self.done
        while spent < upto and spent + 1 < len(buckets):
            spent += 1
            bucket = buckets[spent]
            if self.in_order:
                bucket.sort()
            for here in bucket:  # grows while walked: a free step lands in the bucket being walked
                if cost[here] != spent:
                    continue  # reached more cheaply since it was put here
                if halts and here in halts and before[here] is not None:
                    continue  # entered, never left
                for nxt, step in steps[here]:
                    total = spent + step
                    if total < cost[nxt]:
                        cost[nxt], before[nxt] = total, here
                        try:
                            buckets[total].append(nxt)
                        except IndexError:  # no limit: the first way this dear
                            buckets += [[] for _ in range(total + 1 - len(buckets))]
                            buckets[total].append(nxt)
            buckets[spent] = ()  # walked
        self.done = spent
        return self
