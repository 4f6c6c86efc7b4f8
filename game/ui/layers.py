"""The static map, drawn once per zoom level and cached: terrain, rivers, tracks, names, grid.

Nothing here changes during a game, so a frame only blits the visible part
of a cached surface (see benchmarks/bench_render.py).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from functools import lru_cache

import pygame

from game.core.board import path_hexes
from game.core.hexgrid import Hex, corners, distance
from game.ui import theme
from game.ui.camera import Camera


def shade(colour, factor: float):
    return tuple(max(0, min(255, int(c * factor))) for c in colour[:3])


def jitter(h: Hex, k: int) -> float:
    """A stable pseudo-random number in [0, 1) for decorations of hex `h`."""
    n = (h.q * 73856093) ^ (h.r * 19349663) ^ (k * 83492791)
    return (n & 0xFFFF) / 0x10000


class MapArt:
    """Draws the board of one scenario; keeps the last few zoom levels."""

    KEEP = 3

    def __init__(self, board, scenario):
        self.board = board
        self.rivers = [(r.name, path_hexes(r.hexes, scenario.map, board.places)) for r in scenario.map.rivers]
        self.cache: OrderedDict = OrderedDict()

    def layer(self, camera: Camera, grid: bool) -> pygame.Surface:
        key = (camera.size, grid)
        if key in self.cache:
            self.cache.move_to_end(key)
            return self.cache[key]
        surface = self.render(camera, camera.size, grid)
        self.cache[key] = surface
        while len(self.cache) > self.KEEP:
            self.cache.popitem(last=False)
        return surface

    def render(self, camera: Camera, size: float, grid: bool, detail: bool = True) -> pygame.Surface:
        surface = pygame.Surface(camera.world_size(size)).convert() if pygame.display.get_surface() else \
            pygame.Surface(camera.world_size(size))
        surface.fill(theme.BACKGROUND)
        px, py = camera.pad(size)
        shading = self.relief()
        for h in self.board.hexes:
            pts = [(x + px, y + py) for x, y in corners(h, size)]
            colour = shaded(theme.terrain_colour(self.board.terrain[h]), shading[h])
            pygame.draw.polygon(surface, colour, pts)
            if detail and size >= 9:
                self.decorate(surface, h, camera.world_of(h, size), size)
        if grid and size >= 7:
            for h in self.board.hexes:
                pts = [(x + px, y + py) for x, y in corners(h, size)]
                pygame.draw.lines(surface, theme.GRID, True, pts, 1)
        self.draw_rivers(surface, camera, size)
        self.draw_tracks(surface, camera, size)
        if detail:
            self.draw_river_names(surface, camera, size)  # place names are drawn over the units (`draw_names`)
        return surface

    def relief(self) -> dict[Hex, tuple[float, float]]:
        """Per hex: (light, snow).  The ground's height from its terrain, deeper into a range the higher, lit from
        the north-west (a slope facing it brighter, one turned away darker), and snow on the high peaks."""
        if getattr(self, "_relief", None) is None:
            self._relief = relief_of(self.board)
        return self._relief

    # -- terrain textures -----------------------------------------------------
    def decorate(self, s: pygame.Surface, h: Hex, at, size: float) -> None:
        kind = self.board.terrain[h]
        x, y = at
        base = theme.terrain_colour(kind)
        dark = shade(base, 0.72)
        k = size / 20
        if kind == "mountains":
            for dx, dy, scale in ((jitter(h, 5) * 4 - 2, 1, 1.15),):
                cx, cy = x + dx * k + (jitter(h, 1) - 0.5) * 4 * k, y + dy * k
                w, hh = 8 * k * scale, 9 * k * scale
                pygame.draw.polygon(s, shade(base, 0.78), [(cx - w, cy + hh / 2), (cx, cy - hh / 2), (cx + w, cy + hh / 2)])
                pygame.draw.polygon(s, (238, 238, 242), [(cx - w * 0.3, cy - hh * 0.15), (cx, cy - hh / 2), (cx + w * 0.3, cy - hh * 0.15)])
        elif kind == "hills":
            for dx in (-5, 4):
                r = pygame.Rect(0, 0, 10 * k, 8 * k)
                r.center = (x + dx * k, y + (jitter(h, 2) - 0.5) * 6 * k)
                pygame.draw.arc(s, dark, r, 0.2, math.pi - 0.2, max(1, int(2 * k)))
        elif kind == "ravine":
            pts = [(x - 8 * k, y - 4 * k), (x - 3 * k, y + 2 * k), (x + 2 * k, y - 3 * k), (x + 8 * k, y + 3 * k)]
            pygame.draw.lines(s, shade(base, 0.55), False, pts, max(1, int(2 * k)))
        elif kind in ("orchard", "thicket"):
            n = 3 if kind == "orchard" else 5
            for i in range(n):
                a = 2 * math.pi * (i / n + jitter(h, 3))
                cx, cy = x + math.cos(a) * 6 * k, y + math.sin(a) * 6 * k
                pygame.draw.circle(s, dark, (cx, cy), max(1, (3 if kind == "orchard" else 2) * k))
        elif kind == "village":
            for dx, dy in ((-4, 1), (3, -2), (2, 5)):
                r = pygame.Rect(0, 0, 5 * k, 4 * k)
                r.center = (x + dx * k, y + dy * k)
                pygame.draw.rect(s, shade(base, 0.6), r)
        elif kind == "town":
            for i in range(7):
                a = 2 * math.pi * i / 7
                r = pygame.Rect(0, 0, 5 * k, 5 * k)
                r.center = (x + math.cos(a) * 7 * k, y + math.sin(a) * 7 * k)
                pygame.draw.rect(s, shade(base, 0.6), r)
        elif kind == "marsh":
            for dy in (-4, 1, 6):
                pygame.draw.line(s, (70, 120, 150), (x - 6 * k, y + dy * k), (x + 6 * k, y + dy * k), max(1, int(k * 1.5)))
        elif kind == "desert":
            for i in range(4):
                pygame.draw.circle(s, shade(base, 0.82), (x + (jitter(h, i) - 0.5) * 16 * k, y + (jitter(h, i + 7) - 0.5) * 14 * k), max(1, k))
        elif kind == "water":
            for dy in (-4, 4):
                r = pygame.Rect(0, 0, 8 * k, 5 * k)
                for dx in (-4, 4):
                    r.center = (x + dx * k, y + dy * k)
                    pygame.draw.arc(s, (140, 180, 220), r, 0.3, math.pi - 0.3, max(1, int(k)))

    # -- rivers, tracks, names ---------------------------------------------------
    def draw_rivers(self, s: pygame.Surface, camera: Camera, size: float) -> None:
        """Each river a smooth curve through its hexes, widening downstream, with a darker bank."""
        for _, hexes in self.rivers:
            pts = smooth([camera.world_of(h, size) for h in hexes])
            if len(pts) < 2:
                continue
            for colour, extra in ((shade(theme.RIVER, 0.6), 2), (theme.RIVER, 0)):
                for i, (a, b) in enumerate(zip(pts, pts[1:])):
                    width = river_width(size, i / (len(pts) - 1)) + extra
                    pygame.draw.line(s, colour, a, b, width)
                    pygame.draw.circle(s, colour, b, width / 2)

    def draw_tracks(self, s: pygame.Surface, camera: Camera, size: float) -> None:
        """Tracks in brown on a pale bed; along a river they keep to its bank, not to its bed."""
        width = max(1, int(size / 9))
        bank = self.banks(camera, size)
        for a, b in sorted(self.board.tracks):
            pa, pb = bank.get(a, camera.world_of(a, size)), bank.get(b, camera.world_of(b, size))
            if size >= 10:
                pygame.draw.line(s, (236, 222, 186), pa, pb, width + 2)
            pygame.draw.line(s, theme.TRACK, pa, pb, width)

    def banks(self, camera: Camera, size: float) -> dict[Hex, tuple[float, float]]:
        """Where a track passes a river hex (not a place): a point on the river's left bank."""
        out: dict[Hex, tuple[float, float]] = {}
        for _, hexes in self.rivers:
            for i, h in enumerate(hexes):
                if h in out or h in self.board.place_at:
                    continue
                (ax, ay), (bx, by) = (camera.world_of(x, size) for x in (hexes[max(0, i - 1)], hexes[min(len(hexes) - 1, i + 1)]))
                length = math.hypot(bx - ax, by - ay) or 1.0
                x, y = camera.world_of(h, size)
                out[h] = (x - (by - ay) / length * size * 0.38, y + (bx - ax) / length * size * 0.38)
        return out

    def draw_river_names(self, s: pygame.Surface, camera: Camera, size: float) -> None:
        """Each river's name along it, turned to its course, beside a stretch clear of places (whose names and
        counters are drawn over the map later)."""
        if size < 14:
            return
        for name, hexes in self.rivers:
            i = self.river_name_spot(hexes)
            if i is None:
                continue
            (ax, ay), (bx, by) = camera.world_of(hexes[i - 1], size), camera.world_of(hexes[i + 1], size)
            angle = math.degrees(math.atan2(ay - by, bx - ax))
            angle = angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle  # never upside down
            words = halo_text(name.split(" (")[0], int(size * 0.55), False, RIVER_INK, italic=True, halo=RIVER_HALO)
            img = pygame.transform.rotate(words, angle)
            x, y = camera.world_of(hexes[i], size)
            up = math.radians(angle)  # the letters' "up", on screen: beside the water, never on it
            s.blit(img, img.get_rect(center=(x - math.sin(up) * size * 0.6, y - math.cos(up) * size * 0.6)))

    def river_name_spot(self, hexes: list[Hex]) -> int | None:
        """The hex nearest the middle of a river whose stretch (it and the next on each side) keeps two hexes
        from every place; None for a river too short or too crowded."""
        if len(hexes) < 4:
            return None
        places = [p.hex for p in self.board.places.values()]
        clear = [i for i in range(1, len(hexes) - 1)
                 if all(distance(h, p) >= 2 for h in hexes[i - 1:i + 2] for p in places)]
        return min(clear, key=lambda i: (abs(i - len(hexes) / 2), i)) if clear else None


PLACE_RANK = {"town": 0, "fort": 1, "depot": 2, "border": 3, "village": 4}  # who keeps its name where names would crowd


TEXT = (255, 250, 235)


RIVER_INK, RIVER_HALO = (24, 62, 130), (226, 236, 244)  # a river's name: river blue on a pale halo


@lru_cache(maxsize=512)
def halo_text(text: str, size: int, bold: bool, colour=TEXT, italic: bool = False, halo=(20, 16, 12)) -> pygame.Surface:
    """Text with a halo (dark by default), readable on any terrain, on a transparent surface (cached)."""
    f = theme.font(size, bold=bold)
    f.set_italic(italic)  # the font is shared (theme.font): set back below
    fg, bg = f.render(text, True, colour), f.render(text, True, halo)
    f.set_italic(False)
    out = pygame.Surface((fg.get_width() + 2, fg.get_height() + 2), pygame.SRCALPHA)
    for dx, dy in ((0, 1), (2, 1), (1, 0), (1, 2), (0, 0), (2, 2), (0, 2), (2, 0)):
        out.blit(bg, (dx, dy))
    out.blit(fg, (1, 1))
    return out


def name_spots(board, camera: Camera) -> list[tuple[str, pygame.Rect, bool]]:
    """Where each place's name goes on screen: just under its hex's centre (under a counter there), kept inside
    the view, and left out where it would run into a name already placed (towns first, then forts, depots,
    villages).  (name, rect, bold)."""
    size = camera.size
    view = pygame.Rect(camera.view)
    placed: list[tuple[str, pygame.Rect, bool]] = []
    for pid, place in sorted(board.places.items(), key=lambda kv: (PLACE_RANK.get(kv[1].kind, 9), kv[0])):
        big = place.kind == "town"
        x, y = camera.screen_of(place.hex)
        if not view.collidepoint(x, y):
            continue
        name = place.name.split(" (")[0]
        img = halo_text(name, name_size(size, big), big)
        rect = img.get_rect(midtop=(x, y + int(size * 0.56)))
        rect.clamp_ip(view)
        if any(rect.colliderect(other.inflate(4, 0)) for _, other, _ in placed):
            continue
        placed.append((name, rect, big))
    return placed


def name_size(size: float, big: bool) -> int:
    return max(10, int(size * (0.5 if big else 0.4)))


def draw_names(surface: pygame.Surface, board, camera: Camera) -> None:
    """Every place's name where `name_spots` puts it."""
    for name, rect, big in name_spots(board, camera):
        surface.blit(halo_text(name, name_size(camera.size, big), big), rect)


HEIGHT = {"mountains": 1.0, "hills": 0.55, "ravine": 0.4, "thicket": 0.18, "orchard": 0.16, "village": 0.14,
          "town": 0.12, "farmland": 0.1, "plain": 0.08, "desert": 0.06, "marsh": 0.02, "water": 0.0}
FROM_NORTH_WEST = ((0, -1), (-1, 0))  # axial steps towards the light
TO_SOUTH_EAST = ((0, 1), (1, 0))


def relief_of(board) -> dict[Hex, tuple[float, float]]:
    terrain = board.terrain
    depth = range_depth(board)
    raw = {h: HEIGHT.get(terrain[h], 0.1) + 0.12 * min(depth.get(h, 0), 6) for h in board.hexes}
    height = {h: 0.5 * raw[h] + 0.5 * sum(raw[n] for n in board.neighbours(h)) / max(1, len(board.neighbours(h)))
              for h in board.hexes}
    out = {}
    for h in board.hexes:
        up = [height.get(Hex(h.q + dq, h.r + dr), height[h]) for dq, dr in FROM_NORTH_WEST]
        down = [height.get(Hex(h.q + dq, h.r + dr), height[h]) for dq, dr in TO_SOUTH_EAST]
        slope = sum(down) / 2 - sum(up) / 2  # rising away from the light: it faces the light
        light = 1.0 + max(-0.22, min(0.22, slope * 0.6)) + (jitter(h, 11) - 0.5) * 0.06
        snow = max(0.0, min(1.0, (depth.get(h, 0) - 1) / 4))
        out[h] = (light, snow)
    return out


def range_depth(board) -> dict[Hex, int]:
    """How many steps each mountain hex lies from the range's edge (1: the first row of mountains)."""
    depth: dict[Hex, int] = {}
    frontier = [h for h in board.hexes if board.terrain[h] == "mountains"
                and any(board.terrain[n] != "mountains" for n in board.neighbours(h))]
    for h in frontier:
        depth[h] = 1
    while frontier:
        nxt = []
        for h in frontier:
            for n in board.neighbours(h):
                if board.terrain[n] == "mountains" and n not in depth:
                    depth[n] = depth[h] + 1
                    nxt.append(n)
        frontier = nxt
    return depth


def shaded(colour, shading: tuple[float, float]):
    light, snow = shading
    return tuple(int(c + (238 - c) * snow * 0.6) for c in shade(colour, light))


def smooth(points: list, rounds: int = 2) -> list:
    """Chaikin's corner cutting: the polyline through the hex centres as a smooth curve with the same ends."""
    for _ in range(rounds):
        if len(points) < 3:
            return points
        out = [points[0]]
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            out += [(0.75 * ax + 0.25 * bx, 0.75 * ay + 0.25 * by), (0.25 * ax + 0.75 * bx, 0.25 * ay + 0.75 * by)]
        points = out + [points[-1]]
    return points


def river_width(size: float, downstream: float) -> int:
    """A river's width at a hex size, from its source (0) to its mouth (1)."""
    return max(2, int(size * (0.12 + 0.14 * downstream)))


def label(surface: pygame.Surface, text: str, size: int, at, colour=TEXT, bold: bool = False,
          centre: bool = False) -> pygame.Rect:
    """Haloed text at `at` (its top left, or its top centre)."""
    img = halo_text(text, size, bold, colour)
    x, y = at
    if centre:
        x -= img.get_width() / 2
    return surface.blit(img, (x - 1, y - 1))
