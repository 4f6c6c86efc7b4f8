"""Hex geometry: axial pointy-top hexes and odd-r offset maps (Red Blob Games)."""

import math

import pytest
from hypothesis import given, settings, strategies as st

from game.core.hexgrid import (
    DIRECTIONS, Hex, corners, distance, from_offset, from_pixel, line, neighbours, ring, spiral,
    to_offset, to_pixel,
)

coord = st.integers(min_value=-60, max_value=60)
hexes = st.builds(Hex, coord, coord)
radii = st.integers(min_value=0, max_value=12)
sizes = st.sampled_from([1.0, 7.5, 24.0, 32.0, 50.0])

FAST = settings(max_examples=200, deadline=None)


def cube_distance(a: Hex, b: Hex) -> int:
    """Distance computed from the cube form, independently of hexgrid.distance."""
    return max(abs(a.q - b.q), abs(a.r - b.r), abs(a.s - b.s))


# -- distance -----------------------------------------------------------------


@FAST
@given(hexes, hexes)
def test_distance_zero_iff_equal_and_symmetric(a, b):
    assert (distance(a, b) == 0) == (a == b)
    assert distance(a, b) == distance(b, a) >= 0


@FAST
@given(hexes, hexes, hexes)
def test_distance_triangle_inequality(a, b, c):
    assert distance(a, c) <= distance(a, b) + distance(b, c)


@FAST
@given(hexes, hexes)
def test_distance_matches_cube_distance(a, b):
    assert distance(a, b) == cube_distance(a, b)


def test_distance_known_values():
    o = Hex(0, 0)
    assert distance(o, Hex(3, 0)) == 3
    assert distance(o, Hex(2, -5)) == 5
    assert distance(o, Hex(-2, -2)) == 4  # s = 4
    assert distance(Hex(1, 1), Hex(-1, 3)) == 2


# -- neighbours ---------------------------------------------------------------


def test_directions_are_the_fixed_six():
    assert DIRECTIONS == (Hex(1, 0), Hex(1, -1), Hex(0, -1), Hex(-1, 0), Hex(-1, 1), Hex(0, 1))


@FAST
@given(hexes)
def test_neighbours_are_the_six_at_distance_one_in_order(h):
    ns = neighbours(h)
    assert ns == tuple(Hex(h.q + d.q, h.r + d.r) for d in DIRECTIONS)
    assert len(set(ns)) == 6
    around = {Hex(h.q + dq, h.r + dr) for dq in range(-2, 3) for dr in range(-2, 3)}
    assert set(ns) == {x for x in around if cube_distance(h, x) == 1}
    assert all(distance(h, n) == 1 for n in ns)


# -- lines --------------------------------------------------------------------


@FAST
@given(hexes, hexes)
def test_line_is_a_connected_path_of_distance_plus_one(a, b):
    path = line(a, b)
    assert len(path) == distance(a, b) + 1
    assert path[0] == a and path[-1] == b
    assert all(distance(x, y) == 1 for x, y in zip(path, path[1:]))
    assert all(distance(a, h) == i for i, h in enumerate(path))


@FAST
@given(hexes, hexes)
def test_line_is_the_same_both_ways(a, b):
    # Line of sight from a to b crosses the same hexes as from b to a.
    assert line(b, a) == line(a, b)[::-1]


def test_line_is_the_same_both_ways_exhaustive_small_box():
    box = [Hex(q, r) for q in range(-4, 5) for r in range(-4, 5)]
    asymmetric = [(a, b) for a in box for b in box if line(b, a) != line(a, b)[::-1]]
    assert not asymmetric, asymmetric[:5]


def test_line_known_straight():
    assert line(Hex(0, 0), Hex(3, 0)) == [Hex(0, 0), Hex(1, 0), Hex(2, 0), Hex(3, 0)]
    assert line(Hex(2, 2), Hex(2, 2)) == [Hex(2, 2)]


# -- rings and spirals --------------------------------------------------------


@FAST
@given(hexes, radii)
def test_ring_size_distance_uniqueness_and_adjacency(c, k):
    hs = ring(c, k)
    assert len(hs) == (6 * k if k else 1)
    assert len(set(hs)) == len(hs)
    assert all(distance(c, h) == k for h in hs)
    if k:
        assert all(distance(x, y) == 1 for x, y in zip(hs, hs[1:] + hs[:1]))


@FAST
@given(hexes, radii)
def test_ring_is_every_hex_at_that_distance(c, k):
    box = {Hex(c.q + dq, c.r + dr) for dq in range(-k, k + 1) for dr in range(-k, k + 1)}
    assert set(ring(c, k)) == {h for h in box if cube_distance(c, h) == k}


@FAST
@given(hexes, radii)
def test_spiral_covers_the_disc(c, k):
    hs = list(spiral(c, k))
    assert len(hs) == 1 + 3 * k * (k + 1)
    assert len(set(hs)) == len(hs)
    assert hs[0] == c
    assert [distance(c, h) for h in hs] == sorted(distance(c, h) for h in hs)
    assert all(distance(c, h) <= k for h in hs)


def test_ring_negative_radius_raises():
    with pytest.raises(ValueError):
        ring(Hex(0, 0), -1)


# -- pixels -------------------------------------------------------------------


@FAST
@given(hexes, sizes)
def test_pixel_round_trip(h, size):
    x, y = to_pixel(h, size)
    assert from_pixel(x, y, size) == h


@FAST
@given(hexes, sizes, st.floats(0, 0.4), st.floats(0, 2 * math.pi))
def test_pixel_off_centre_stays_in_hex(h, size, frac, angle):
    x, y = to_pixel(h, size)
    px, py = x + frac * size * math.cos(angle), y + frac * size * math.sin(angle)
    assert from_pixel(px, py, size) == h


def test_pixel_known_centres():
    # Pointy-top: east neighbour is sqrt(3)*size to the right; the row below
    # is 1.5*size down and half a hex to the right.
    assert to_pixel(Hex(0, 0), 10) == (0, 0)
    assert to_pixel(Hex(1, 0), 10) == pytest.approx((10 * math.sqrt(3), 0))
    assert to_pixel(Hex(0, 1), 10) == pytest.approx((5 * math.sqrt(3), 15))


@FAST
@given(hexes, sizes)
def test_corners_are_six_points_at_size(h, size):
    cx, cy = to_pixel(h, size)
    cs = corners(h, size)
    assert len(cs) == 6
    assert len({(round(x, 6), round(y, 6)) for x, y in cs}) == 6
    for x, y in cs:
        assert math.hypot(x - cx, y - cy) == pytest.approx(size)
    # Pointy-top: one corner straight above and one straight below the centre.
    assert any(x == pytest.approx(cx) and y == pytest.approx(cy - size) for x, y in cs)
    assert any(x == pytest.approx(cx) and y == pytest.approx(cy + size) for x, y in cs)


# -- odd-r offset -------------------------------------------------------------


@FAST
@given(hexes)
def test_offset_round_trip_from_axial(h):
    assert from_offset(*to_offset(h)) == h


@FAST
@given(coord, coord)
def test_offset_round_trip_from_offset(col, row):
    assert to_offset(from_offset(col, row)) == (col, row)


def test_offset_odd_rows_are_shifted_right():
    def offset_neighbours(col, row):
        return {to_offset(n) for n in neighbours(from_offset(col, row))}

    # Worked by hand on an odd-r map.
    assert offset_neighbours(0, 1) == {(1, 1), (-1, 1), (0, 0), (1, 0), (0, 2), (1, 2)}
    assert offset_neighbours(0, 0) == {(1, 0), (-1, 0), (-1, -1), (0, -1), (-1, 1), (0, 1)}
    assert offset_neighbours(2, -1) == {(3, -1), (1, -1), (2, -2), (3, -2), (2, 0), (3, 0)}
    # Odd rows sit half a hex to the right of even rows in pixel space.
    assert to_pixel(from_offset(0, 1), 10)[0] > to_pixel(from_offset(0, 0), 10)[0]
    assert to_pixel(from_offset(0, -1), 10)[0] > to_pixel(from_offset(0, 0), 10)[0]
    assert to_pixel(from_offset(0, 2), 10)[0] == pytest.approx(to_pixel(from_offset(0, 0), 10)[0])


def test_offset_known_values():
    assert from_offset(0, 0) == Hex(0, 0)
    assert from_offset(0, 1) == Hex(0, 1)
    assert from_offset(0, 2) == Hex(-1, 2)
    assert from_offset(3, 3) == Hex(2, 3)
    assert from_offset(0, -1) == Hex(1, -1)
    assert from_offset(-2, -2) == Hex(-1, -2)
