"""The one search of the cheapest ways (game/core/ways.py), against a plain Dijkstra's search with a heap."""

import heapq
import random

import pytest

from game.core.board import ByHex
from game.core.hexgrid import Hex, neighbours
from game.core.ways import NOWHERE, Ways

SPOTS = [Hex(q, r) for q in range(8) for r in range(8)]


def graph(seed: int, cheapest: int = 1) -> ByHex:
    """A patch of hexes, each step out of a hex costing `cheapest`..4 (a few impassable)."""
    rng = random.Random(seed)
    on_map = set(SPOTS)
    steps = {h: tuple((n, rng.randint(cheapest, 4)) for n in neighbours(h) if n in on_map and rng.random() > 0.1)
             for h in SPOTS}
    return ByHex(on_map, lambda h: steps[h])


def heap_search(steps, start, limit, barred=(), halts=()):
    """The reference: a heap by (cost, hex), entering nothing barred, leaving nothing halted but the start."""
    best = {start: (0, None)}
    frontier = [(0, start)]
    while frontier:
        cost, here = heapq.heappop(frontier)
        if cost > best[here][0] or (here != start and here in halts):
            continue
        for nxt, step in steps[here]:
            total = cost + step
            if total <= limit and (nxt not in best or total < best[nxt][0]) and nxt not in barred:
                best[nxt] = (total, here)
                heapq.heappush(frontier, (total, nxt))
    return best


@pytest.mark.parametrize("seed", range(30))
def test_in_order_it_walks_exactly_as_a_heap_by_cost_and_hex(seed):
    rng = random.Random(seed)
    steps, start = graph(seed), rng.choice(SPOTS)
    barred = set(rng.sample(SPOTS, 6)) - {start}
    halts = set(rng.sample(SPOTS, 8))
    limit = rng.randint(3, 14)
    ways = Ways(steps, (start,), limit=limit, barred=barred, halts=halts, in_order=True).walk()
    found = {h: (ways.cost[h], before) for h, before in ways.before.items()}
    expected = heap_search(steps, start, limit, barred, halts)
    assert list(found.items()) == list(expected.items())  # same costs, same ways, reached in the same order
    assert not barred & set(found)
    assert all(ways.cost[h] <= limit for h in found)


@pytest.mark.parametrize("seed", range(20))
def test_free_steps_and_several_starts_give_the_cheapest_costs(seed):
    rng = random.Random(seed)
    steps, starts = graph(seed, cheapest=0), rng.sample(SPOTS, 3)
    ways = Ways(steps, starts, limit=9).walk()
    for h in SPOTS:
        best = min(heap_search(steps, s, 9).get(h, (NOWHERE,))[0] for s in starts)
        assert ways.reaches(h) == (best <= 9)
        if best <= 9:
            assert ways.cost[h] == best
            path = ways.path(h)
            assert path[0] in starts and path[-1] == h
            assert sum(dict(steps[a])[b] for a, b in zip(path, path[1:])) == best  # the way costs what it says


@pytest.mark.parametrize("seed", range(10))
def test_a_search_asked_as_it_goes_answers_as_one_walked_out(seed):
    rng = random.Random(seed)
    steps, goal = graph(seed), rng.choice(SPOTS)
    whole = Ways(steps, (goal,)).walk()
    asked = Ways(steps, (goal,))
    for h in rng.sample(SPOTS, len(SPOTS)):
        assert asked.get(h) == (whole.cost[h] if whole.reaches(h) else NOWHERE)
    assert asked.get(Hex(50, 50), -7) == -7  # off the patch: the default


def test_hexes_by_number_keep_their_tables_in_lists_and_answer_alike():
    steps = graph(5)
    number = {h: i for i, h in enumerate(SPOTS)}
    by_number = ByHex(range(len(SPOTS)), lambda i: tuple((number[n], c) for n, c in steps[SPOTS[i]]))
    hexes = Ways(steps, (SPOTS[9],), limit=12).walk()
    numbers = Ways(by_number, (9,), limit=12).walk()
    assert isinstance(numbers.cost, list)
    assert [numbers.reaches(i) for i in range(len(SPOTS))] == [hexes.reaches(h) for h in SPOTS]
    assert all(numbers.cost[number[h]] == hexes.cost[h] for h in SPOTS if hexes.reaches(h))
