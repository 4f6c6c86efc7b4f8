"""Which hexes steps reach within a cost, as bits (game/core/hexbits.py), against the one search of the ways
(game/core/ways.py) on random maps: the same hexes, whatever the costs, the free steps and the barred hexes."""

import random

import pytest

from game.core.board import ByHex
from game.core.hexbits import HexBits
from game.core.hexgrid import from_offset, neighbours
from game.core.ways import Ways


def patch(seed: int, width: int = 9, height: int = 7, one_way: float = 0.0):
    """A rectangle of hexes (odd-r rows, as maps are stored), a few holes; steps cost 0 (a track, both ways, or one
    way for a share `one_way` of the tracks), 1..4, or nothing."""
    rng = random.Random(seed)
    hexes = {from_offset(c, r) for c in range(width) for r in range(height) if rng.random() > 0.05}
    track = set()
    for a in sorted(hexes):
        for b in neighbours(a):
            if b in hexes and a < b and rng.random() < 0.15:
                track |= {(a, b), (b, a)} if rng.random() >= one_way else {rng.choice([(a, b), (b, a)])}
    dear = {(a, b): rng.choice([None, 1, 2, 2, 4]) for a in hexes for b in neighbours(a) if b in hexes}

    def cost(a, b):
        return 0 if (a, b) in track else dear[a, b]

    around = ByHex(hexes, lambda h: tuple(n for n in neighbours(h) if n in hexes))
    return sorted(hexes), around, cost


def by_search(hexes, around, cost, starts, barred, limit):
    steps = ByHex(set(hexes), lambda h: tuple((n, s) for n in around[h] if (s := cost(h, n)) is not None))
    ways = Ways(steps, starts, limit=limit, barred=barred).walk()
    return {h for h in hexes if ways.reaches(h)}


@pytest.mark.parametrize("one_way", [0.0, 0.3], ids=["tracks both ways", "some one way"])
@pytest.mark.parametrize("seed", range(40))
def test_the_hexes_reached_are_those_the_search_of_the_ways_reaches(seed, one_way):
    hexes, around, cost = patch(seed, one_way=one_way)
    rng = random.Random(seed)
    bits = HexBits(hexes, around, cost)
    starts = rng.sample(hexes, rng.randint(1, 3))
    barred = set(rng.sample(hexes, rng.randint(0, 12))) | set(rng.sample(starts, 1))  # a start may be barred
    limit = rng.randint(0, 9)
    want = by_search(hexes, around, cost, starts, barred, limit)
    first = bits.of(starts)
    reached = bits.reach(first, bits.of(barred) & ~first, limit)
    assert bits.members(reached) == sorted(want)
    assert {h for h in hexes if bits.holds(reached, h)} == want
    assert 0 < len(want) < len(hexes) or seed % 10  # (most draws reach some hexes and not others)


@pytest.mark.parametrize("seed", range(30))
def test_free_steps_reach_along_a_long_track_with_forks_what_the_search_does(seed):
    """Long stretches of track (the fill runs along them by addition), forks and loops, barred hexes on them."""
    rng = random.Random(seed)
    hexes = sorted({from_offset(c, r) for c in range(16) for r in range(12)})
    track, here = set(), rng.choice(hexes)
    for _ in range(rng.randint(20, 60)):  # a random walk laying track, now and then from a hex already on it
        there = rng.choice([n for n in neighbours(here) if n in set(hexes)])
        track |= {(here, there), (there, here)} if rng.random() > 0.1 else {(here, there)}
        here = there if rng.random() > 0.15 else rng.choice(sorted({a for a, _ in track}))
    on_track = sorted({a for a, _ in track})
    around = ByHex(set(hexes), lambda h: tuple(n for n in neighbours(h) if n in set(hexes)))

    def cost(a, b):
        return 0 if (a, b) in track else 3

    bits = HexBits(hexes, around, cost)
    starts = rng.sample(on_track, rng.randint(1, 3))
    barred = set(rng.sample(on_track, rng.randint(0, 6))) | set(rng.sample(hexes, 10))
    want = by_search(hexes, around, cost, starts, barred, 3)
    first = bits.of(starts)
    assert bits.members(bits.reach(first, bits.of(barred) & ~first, 3)) == sorted(want)


@pytest.mark.parametrize("seed", range(20))
def test_asked_for_some_hexes_it_stops_once_it_has_them_and_is_right_about_them(seed):
    hexes, around, cost = patch(seed, 12, 10)
    rng = random.Random(seed)
    bits = HexBits(hexes, around, cost)
    starts, barred = rng.sample(hexes, 2), set(rng.sample(hexes, 15))
    want = by_search(hexes, around, cost, starts, barred, 8)
    asked = rng.sample(hexes, 6)
    first = bits.of(starts)
    reached = set(bits.members(bits.reach(first, bits.of(barred) & ~first, 8, bits.of(asked))))
    assert {h for h in asked if h in reached} == {h for h in asked if h in want}
    assert reached <= want


def test_hexes_off_the_map_are_neither_counted_nor_held():
    hexes, around, cost = patch(1)
    bits = HexBits(hexes, around, cost)
    off = from_offset(40, 40)
    assert bits.of([off]) == 0 and not bits.holds(bits.every, off)
    assert bits.members(bits.every) == sorted(hexes)
