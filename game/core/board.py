"""The static map: terrain, rivers, tracks and places, built once per scenario.

Nothing on the board changes during a game, so every state of a game shares
one `Board`.  Positions in a scenario are a place id, an odd-r offset
[column, row], or a latitude/longitude projected from the map's origin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Container

from game.core.hexgrid import Hex, from_offset, from_pixel, neighbours, SQRT3

KM_PER_DEGREE_LAT = 110.57
KM_PER_DEGREE_LON_AT_EQUATOR = 111.32


class ByHex(dict):
    """Steps or neighbours the rules work out for every hex of the map (by hex, or by its number in board order),
    worked out for a hex when it is first asked (a game's first order asks about a corner of the map, not all of
    it).  A hex off the map has none."""

    def __init__(self, on_map: Container, work: Callable[[Any], tuple]):
        super().__init__()
        self.on_map, self.work = on_map, work

    def __missing__(self, h: Any) -> tuple:
        if h not in self.on_map:
            return ()
        value = self[h] = self.work(h)
        return value

    def get(self, h: Any, default: Any = None) -> Any:
        return self[h] if h in self.on_map else default


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str
    hex: Hex
    supply_source: tuple[str, ...] = ()
    rear: bool = False
    food: int = 0
    ammunition: int = 0
    support: tuple[tuple[str, int], ...] = ()
    wireless: bool = False
    held_by: str = ""


@dataclass(frozen=True)
class Board:
    width: int
    height: int
    hex_km: float
    terrain: dict[Hex, str]
    rivers: frozenset[Hex]
    tracks: frozenset[tuple[Hex, Hex]]
    places: dict[str, Place]
    place_at: dict[Hex, str]
    hexes: tuple[Hex, ...] = field(default=())  # every hex, sorted
    exits: tuple[tuple[str, frozenset[Hex], int], ...] = ()  # (side, hexes, points per 100 men)
    exit_opens: tuple[Any, ...] = ()  # for each exit, the date it may be taken from (None: from the start)

    def on_map(self, h: Hex) -> bool:
        return h in self.terrain

    def neighbours(self, h: Hex) -> tuple[Hex, ...]:
        """The on-map neighbours of `h`, in a fixed order."""
        return self.around[h] if h in self.terrain else tuple(n for n in neighbours(h) if n in self.terrain)

    @cached_property
    def around(self) -> ByHex:
        """Every hex's on-map neighbours, in a fixed order (worked out once: the rules ask it all the time)."""
        terrain = self.terrain
        return ByHex(terrain, lambda h: tuple([n for n in neighbours(h) if n in terrain]))

    def has_track(self, a: Hex, b: Hex) -> bool:
        return (a, b) in self.track_steps

    @cached_property
    def track_steps(self) -> frozenset[tuple[Hex, Hex]]:
        """Every step along a track, both ways (`tracks` keeps each once, lower hex first)."""
        return self.tracks | {(b, a) for a, b in self.tracks}

    def place_name(self, h: Hex) -> str:
        pid = self.place_at.get(h)
        return self.places[pid].name if pid else ""


def latlon_to_hex(lat: float, lon: float, origin_lat: float, origin_lon: float, hex_km: float) -> Hex:
    """The hex at (lat, lon) on a map whose hex (0, 0) is at the origin."""
    x = (lon - origin_lon) * KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(origin_lat))
    y = (origin_lat - lat) * KM_PER_DEGREE_LAT
    return from_pixel(x, y, hex_km / SQRT3)


def resolve(position: Any, game_map: Any, places: dict[str, Place] | None = None) -> Hex | None:
    """The hex a scenario position names, or None when it names nothing."""
    if isinstance(position, str):
        place = (places or {}).get(position)
        return place.hex if place else None
    if isinstance(position, tuple):
        return from_offset(position[0], position[1])
    if game_map.origin is None:
        return None
    return latlon_to_hex(position.lat, position.lon, game_map.origin.lat, game_map.origin.lon, game_map.hex_km)


def build_board(scenario: Any) -> Board:
    """The board of a validated scenario (references already checked)."""
    game_map = scenario.map
    terrain = {}
    for row, line in enumerate(game_map.rows):
        for col, char in enumerate(line):
            terrain[from_offset(col, row)] = game_map.legend[char]
    places: dict[str, Place] = {}
    for p in sorted(game_map.places, key=lambda p: p.id):
        places[p.id] = Place(
            id=p.id, name=p.name, kind=p.kind, hex=resolve(p.at, game_map),
            supply_source=tuple(sorted(p.supply_source)), rear=p.rear, food=int(p.stocks.food), ammunition=int(p.stocks.ammunition),
            support=tuple(sorted(p.support.items())), wireless=p.wireless, held_by=p.held_by or "",
        )
    rivers = frozenset(h for r in game_map.rivers for h in path_hexes(r.hexes, game_map, places))
    tracks = set()
    for t in game_map.tracks:
        steps = path_hexes(t.hexes, game_map, places)
        for a, b in zip(steps, steps[1:]):
            tracks.add((min(a, b), max(a, b)))
    return Board(
        width=len(game_map.rows[0]), height=len(game_map.rows), hex_km=game_map.hex_km,
        terrain=terrain, rivers=rivers, tracks=frozenset(tracks), places=places,
        place_at={p.hex: p.id for p in places.values()}, hexes=tuple(sorted(terrain)),
        exits=tuple((ex.side, frozenset(resolve(pos, game_map, places) for pos in ex.at), ex.points_per_100_men)
                    for ex in scenario.victory.exits),
        exit_opens=tuple(ex.opens for ex in scenario.victory.exits),
    )


def path_hexes(positions: list[Any], game_map: Any, places: dict[str, Place]) -> list[Hex]:
    """A river's or track's hexes: its waypoints joined by straight hex lines."""
    from game.core.hexgrid import line

    points = [resolve(p, game_map, places) for p in positions]
    out: list[Hex] = []
    for a, b in zip(points, points[1:]):
        if a is None or b is None:
            continue
        for h in line(a, b):
            if not out or out[-1] != h:
                out.append(h)
    return out
