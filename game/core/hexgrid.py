"""Hexes on axial coordinates (q, r), pointy-top, after Red Blob Games' guide.

Maps are stored as rectangles in "odd-r" offset coordinates (column, row):
odd rows are shoved half a hex to the right.  The rules work in axial
coordinates, where distance and lines are simple.
"""

from __future__ import annotations

import functools
import math
from typing import Iterator, NamedTuple

SQRT3 = math.sqrt(3.0)


class Hex(NamedTuple):
    """A hex in axial coordinates.  Ordered, hashable, and stable to sort."""

    q: int
    r: int

    @property
    def s(self) -> int:
        return -self.q - self.r

    def __add__(self, other: "Hex") -> "Hex":  # type: ignore[override]
        return Hex(self.q + other.q, self.r + other.r)

    def __sub__(self, other: "Hex") -> "Hex":
        return Hex(self.q - other.q, self.r - other.r)


# East, north-east, north-west, west, south-west, south-east.
DIRECTIONS: tuple[Hex, ...] = (
    Hex(1, 0), Hex(1, -1), Hex(0, -1), Hex(-1, 0), Hex(-1, 1), Hex(0, 1),
)


def neighbours(h: Hex) -> tuple[Hex, ...]:
    """The six hexes around `h`, always in the same order (`DIRECTIONS`, written out: the rules' busiest call)."""
    q, r = h
    return (_new(Hex, (q + 1, r)), _new(Hex, (q + 1, r - 1)), _new(Hex, (q, r - 1)),
            _new(Hex, (q - 1, r)), _new(Hex, (q - 1, r + 1)), _new(Hex, (q, r + 1)))


_new = tuple.__new__  # a hex made without NamedTuple's argument handling


def distance(a: Hex, b: Hex) -> int:
    """Number of steps between two hexes."""
    dq, dr = a.q - b.q, a.r - b.r
    return (abs(dq) + abs(dr) + abs(dq + dr)) // 2


def round_hex(q: float, r: float) -> Hex:
    """The hex containing fractional axial coordinates (q, r)."""
    s = -q - r
    rq, rr, rs = round(q), round(r), round(s)
    dq, dr, ds = abs(rq - q), abs(rr - r), abs(rs - s)
    if dq > dr and dq > ds:
        rq = -rr - rs
    elif dr > ds:
        rr = -rq - rs
    return Hex(int(rq), int(rr))


def line(a: Hex, b: Hex) -> list[Hex]:
    """The hexes on the straight line from `a` to `b`, both included."""
    n = distance(a, b)
    if n == 0:
        return [a]
    # A tiny nudge, different on q, r and s, keeps points that fall exactly on
    # an edge on one side, so the line from b to a is the line from a to b.
    aq, ar = a.q + 1e-6, a.r + 2e-6
    bq, br = b.q + 1e-6, b.r + 2e-6
    return [round_hex(aq + (bq - aq) * i / n, ar + (br - ar) * i / n) for i in range(n + 1)]


def ring(center: Hex, radius: int) -> list[Hex]:
    """The hexes exactly `radius` steps from `center`."""
    if radius < 0:
        raise ValueError("radius must not be negative")
    if radius == 0:
        return [center]
    out = []
    h = Hex(center.q + DIRECTIONS[4].q * radius, center.r + DIRECTIONS[4].r * radius)
    for side in range(6):
        for _ in range(radius):
            out.append(h)
            h = h + DIRECTIONS[side]
    return out


def spiral(center: Hex, radius: int) -> Iterator[Hex]:
    """`center`, then its rings out to `radius`."""
    for k in range(radius + 1):
        yield from ring(center, k)


@functools.lru_cache(maxsize=1 << 16)
def disc(center: Hex, radius: int) -> tuple[Hex, ...]:
    """The hexes within `radius` of `center`, as `spiral` walks them (remembered: the rules ask often)."""
    return tuple(spiral(center, radius))


def to_pixel(h: Hex, size: float) -> tuple[float, float]:
    """Centre of hex `h` in pixels; `size` is the centre-to-corner radius."""
    x = size * (SQRT3 * h.q + SQRT3 / 2 * h.r)
    y = size * (1.5 * h.r)
    return x, y


def from_pixel(x: float, y: float, size: float) -> Hex:
    """The hex under pixel (x, y)."""
    q = (SQRT3 / 3 * x - y / 3) / size
    r = (2 / 3 * y) / size
    return round_hex(q, r)


def corners(h: Hex, size: float) -> list[tuple[float, float]]:
    """The six corners of a pointy-top hex, for drawing."""
    cx, cy = to_pixel(h, size)
    return [
        (cx + size * math.cos(math.radians(60 * i - 30)), cy + size * math.sin(math.radians(60 * i - 30)))
        for i in range(6)
    ]


def from_offset(col: int, row: int) -> Hex:
    """Axial hex of an odd-r offset (column, row)."""
    return Hex(col - (row - (row & 1)) // 2, row)


def to_offset(h: Hex) -> tuple[int, int]:
    """Odd-r offset (column, row) of an axial hex."""
    return h.q + (h.r - (h.r & 1)) // 2, h.r
