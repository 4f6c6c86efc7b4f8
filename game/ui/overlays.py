"""Map overlays: supply network and cut-off units, zones of control, local support, movement range.

Each is a translucent layer over the map, with a pattern as well as a colour
(hatching for zones of control, a thin outline for foraging ground) so that
it reads without colour vision.  Layers that depend only on the state are
drawn at world size once per state and zoom level.
"""

from __future__ import annotations

from functools import lru_cache

import pygame

from game.core.hexgrid import Hex, corners, to_pixel
from game.ui import theme
from game.ui.camera import Camera
from game.ui.layers import shade

KINDS = ("supply", "zoc", "support")


def hex_points(camera: Camera, h: Hex, size: float, screen: bool = False, inset: float = 0.0):
    if screen:
        x, y = camera.screen_of(h)
    else:
        x, y = camera.world_of(h, size)
    ox, oy = to_pixel(h, size)
    return [(x + (cx - ox) * (1 - inset), y + (cy - oy) * (1 - inset)) for cx, cy in corners(h, size)]


EDGE_TOWARDS = (Hex(1, 0), Hex(0, 1), Hex(-1, 1), Hex(-1, 0), Hex(0, -1), Hex(1, -1))  # corner i to i+1 faces this way


def outline(surface: pygame.Surface, camera: Camera, hexes: set[Hex], colour, width: int = 2, screen: bool = True) -> None:
    """The boundary of a set of hexes: the edges between a member and a non-member."""
    for h in hexes:
        pts = hex_points(camera, h, camera.size, screen)
        for i, d in enumerate(EDGE_TOWARDS):
            if Hex(h.q + d.q, h.r + d.r) not in hexes:
                pygame.draw.line(surface, colour, pts[i], pts[(i + 1) % 6], width)


def hatch(surface: pygame.Surface, pts, colour, step: int) -> None:
    """Diagonal hatching inside a hex (clipped to its bounding box, good enough at map scale)."""
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    clip = surface.get_clip()
    surface.set_clip(pygame.Rect(left + 2, top + 4, right - left - 4, bottom - top - 8).clip(clip) if clip else None)
    h = bottom - top
    x = left - h
    while x < right:
        pygame.draw.line(surface, colour, (x, bottom), (x + h, top), 1)
        x += step
    surface.set_clip(clip)


def dots(surface: pygame.Surface, centre, size: float, colour) -> None:
    """A few dots across a hex: the foraging ground's pattern, which reads without colour."""
    x, y = centre
    r = max(1, int(size / 10))
    for dx, dy in ((-0.35, -0.2), (0.35, -0.2), (0.0, 0.3), (-0.35, 0.5), (0.35, 0.5), (0.0, -0.55)):
        pygame.draw.circle(surface, colour, (x + dx * size, y + dy * size), r)


def world_layer(camera: Camera, kind: str, session, viewer: str) -> pygame.Surface:
    """A state overlay at world size (transparent where it says nothing)."""
    size = camera.size
    surface = pygame.Surface(camera.world_size(), pygame.SRCALPHA)
    state = session.state
    side = viewer or state.side
    if kind == "supply":
        for h, line in sorted(session.supply_network(side).items()):
            if not state.board.on_map(h):
                continue
            pts = hex_points(camera, h, size)
            colour = theme.SUPPLY_FULL if line == "full" else theme.SUPPLY_FORAGE
            pygame.draw.polygon(surface, (*colour, 70), pts)
            if line != "full":
                pygame.draw.polygon(surface, (*colour, 170), hex_points(camera, h, size, inset=0.15), 1)
                dots(surface, camera.world_of(h, size), size, (*colour, 230))
    elif kind == "zoc":
        for h in sorted(session.enemy_zoc(side)):
            if not state.board.on_map(h):
                continue
            pts = hex_points(camera, h, size)
            pygame.draw.polygon(surface, (*theme.ZOC, 55), pts)
            hatch(surface, pts, (*theme.ZOC, 200), max(4, int(size / 3)))
    return surface


def fog_layer(camera: Camera, board, in_sight) -> pygame.Surface:
    """The map out of the viewer's sight dimmed, at world size: hexes in sight left clear."""
    size = camera.size
    surface = pygame.Surface(camera.world_size(), pygame.SRCALPHA)
    surface.fill((*theme.FOG, theme.FOG_ALPHA))
    for h in in_sight:
        if board.on_map(h):
            pygame.draw.polygon(surface, (0, 0, 0, 0), hex_points(camera, h, size))  # drawn, not blended: clear
    return surface


@lru_cache(maxsize=256)
def rendered(text: str, size: int) -> pygame.Surface:
    return theme.font(size, bold=True).render(text, True, (255, 250, 235))


def support_bars(surface: pygame.Surface, camera: Camera, state, sides) -> None:
    """Under each place, a bar of each side's local support.

    Each side's support is its own 0-100 (rules/support.py): two sides can
    both be liked, or neither, so the shares need not add up to 100.  The bar
    is a full 100 wide, each side's part drawn to its own share (overlapping
    parts are shared by halves), and the numbers are labelled by side.
    """
    size = camera.size
    w, h = max(24, int(size * 1.6)), max(5, int(size * 0.22))
    for pid, place in sorted(state.board.places.items()):
        x, y = camera.screen_of(place.hex)
        if not camera.in_view(x, y):
            continue
        top = y + size * 0.6 + max(12, size * 0.62) + 4
        levels = state.support.get(pid, {})
        left = x - w / 2
        pygame.draw.rect(surface, (30, 26, 22), (left - 1, top - 1, w + 2, h + 2))
        total = max(100, sum(levels.get(side, 0) for side in sides))  # more than 100 between them: scaled to fit
        for side in sides:
            share = levels.get(side, 0) / total
            if share <= 0:
                continue
            pygame.draw.rect(surface, theme.side_colour(sides, side), (left, top, w * share, h))
            left += w * share
        if size >= 16:
            text = " · ".join(f"{side_initial(s)} {levels.get(s, 0)}" for s in sides)
            surface.blit(rendered(text, max(9, int(size * 0.38))), (x + w / 2 + 3, top - 3))


def side_initial(side: str) -> str:
    return side[:1].upper()


LEGENDS = {
    "supply": [("fill", theme.SUPPLY_FULL, "supply line open"),
               ("ring", theme.SUPPLY_FORAGE, "foraging ground: food, no ammunition"),
               ("mark", theme.OKABE_ITO["orange"], "counter corner: the unit is cut off"),
               ("cross", theme.CUT_OFF, "line to the selected unit or place pointed at; X: what cuts it")],
    "zoc": [("hatch", theme.ZOC, "enemy zone of control: a move ends on entering it")],
    "support": [("bar", None, "local support at each place: each side's own 0-100 (B, S),"),
                ("", None, "so the two need not add up to 100; more than 100 together is scaled to fit")],
}


def legend(surface: pygame.Surface, view: tuple[int, int, int, int], kinds, sides, px) -> None:
    """What the overlays that are on mean, in the map's bottom-right corner."""
    rows = [row for kind in ("supply", "zoc", "support") if kind in kinds for row in LEGENDS[kind]]
    if not rows:
        return
    f = theme.font(px(12))
    sw, line = px(18), f.get_linesize() + px(4)
    width = sw + px(22) + max(f.size(text)[0] for _, _, text in rows)
    box = pygame.Rect(0, 0, width, line * len(rows) + px(10))
    box.bottomright = (view[0] + view[2] - px(8), view[1] + view[3] - px(8))
    panel = pygame.Surface(box.size, pygame.SRCALPHA)
    panel.fill((20, 16, 12, 215))
    surface.blit(panel, box)
    pygame.draw.rect(surface, (140, 122, 91), box, 1)
    y = box.y + px(5)
    for shape, colour, text in rows:
        swatch = pygame.Rect(box.x + px(6), y + px(2), sw, line - px(8))
        if shape == "fill":
            pygame.draw.rect(surface, colour, swatch)
        elif shape == "ring":
            pygame.draw.rect(surface, shade(colour, 0.45), swatch)
            pygame.draw.rect(surface, colour, swatch, 1)
            for i in range(3):
                pygame.draw.circle(surface, colour, (swatch.x + swatch.width * (i + 0.5) / 3, swatch.centery), max(1, px(2)))
        elif shape == "mark":
            r = swatch.height // 2
            pygame.draw.polygon(surface, colour, [(swatch.centerx, swatch.top), (swatch.centerx + r, swatch.bottom),
                                                  (swatch.centerx - r, swatch.bottom)])
        elif shape == "cross":
            pygame.draw.line(surface, (150, 150, 150), swatch.midleft, swatch.midright, max(2, px(3)))
            for dy in (-1, 1):
                pygame.draw.line(surface, colour, (swatch.centerx - swatch.height // 2, swatch.centery - dy * swatch.height // 2),
                                 (swatch.centerx + swatch.height // 2, swatch.centery + dy * swatch.height // 2), max(2, px(2)))
        elif shape == "hatch":
            pygame.draw.rect(surface, shade(colour, 0.45), swatch)
            hatch(surface, [swatch.topleft, swatch.topright, swatch.bottomright, swatch.bottomleft], colour, px(5))
        elif shape == "bar":
            half = swatch.width // 2
            pygame.draw.rect(surface, theme.side_colour(sides, sides[0]), (swatch.x, swatch.y, half, swatch.height))
            pygame.draw.rect(surface, theme.side_colour(sides, sides[-1]), (swatch.x + half, swatch.y, swatch.width - half, swatch.height))
        surface.blit(f.render(text, True, (239, 230, 210)), (swatch.right + px(8), y))
        y += line


SKY_NIGHT = (8, 14, 40, 120)  # night: the map darkened, the counters left clear


@lru_cache(maxsize=8)
def sky(size: tuple[int, int], weather: str, night: bool) -> pygame.Surface | None:
    """The light and the weather over the map: night darkens it; snow falls in flakes, rain in streaks, smoke in a
    brown haze (with snow in it: the 14 February 'smoky and snowy' noon); cold a faint frost.  Cached per view size."""
    if weather == "clear" and not night:
        return None
    w, h = size
    out = pygame.Surface(size, pygame.SRCALPHA)
    if night:
        out.fill(SKY_NIGHT)
    if weather == "cold" and not night:
        out.fill((200, 220, 255, 16))
    if weather == "smoke":
        haze = pygame.Surface(size, pygame.SRCALPHA)
        haze.fill((96, 84, 70, 60))
        for i in range(max(1, w * h // 40000)):
            x, y, r = spot(i, 1) * w, spot(i, 2) * h, 30 + spot(i, 3) * 70
            pygame.draw.circle(haze, (70, 62, 54, 45), (x, y), r)
        out.blit(haze, (0, 0))
    if weather in ("snow", "smoke"):
        for i in range(w * h // (900 if weather == "snow" else 2500)):
            pygame.draw.circle(out, (250, 250, 255, 200), (spot(i, 4) * w, spot(i, 5) * h), 1 + (i % 3 == 0))
    if weather == "rain":
        for i in range(w * h // 1400):
            x, y = spot(i, 6) * w, spot(i, 7) * h
            pygame.draw.line(out, (170, 190, 225, 130), (x, y), (x - 4, y + 11), 1)
    return out.convert_alpha() if pygame.display.get_surface() else out  # blitted every frame: in the screen's format


def spot(i: int, k: int) -> float:
    """A stable pseudo-random number in [0, 1) for the i-th mark of a pattern (the same every frame)."""
    n = (i * 2654435761 + k * 40503 * 2246822519) & 0xFFFFFFFF
    n ^= n >> 15
    n = (n * 2246822519) & 0xFFFFFFFF
    n ^= n >> 13
    return (n & 0xFFFFFF) / 0x1000000

def trace_line(surface: pygame.Surface, camera: Camera, trace) -> None:
    """A supply line from its source: solid blue when open, dotted orange for foraging ground, grey where none
    runs; a ring on the source (`trace_blocks` crosses out what cuts it)."""
    if len(trace.path) < 2:
        return
    pts = [camera.screen_of(h) for h in trace.path]
    width = max(3, int(camera.size / 5))
    colour = {"full": theme.SUPPLY_FULL, "forage": theme.SUPPLY_FORAGE}.get(trace.line, (150, 150, 150))
    pygame.draw.lines(surface, (0, 0, 0), False, pts, width + 2)
    if trace.line == "forage":
        for a, b in zip(pts, pts[1:]):
            dots(surface, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2), camera.size, colour)
    pygame.draw.lines(surface, colour, False, pts, width)
    pygame.draw.circle(surface, colour, pts[0], camera.size * 0.7, width)


def trace_blocks(surface: pygame.Surface, camera: Camera, trace) -> None:
    """Each hex that cuts a traced line crossed out in red, over the counters (an enemy's own hex is one)."""
    width = max(3, int(camera.size / 5))
    r = camera.size * 0.45
    for h in trace.blocked:
        x, y = camera.screen_of(h)
        for dx in (-1, 1):
            pygame.draw.line(surface, (0, 0, 0), (x - r, y - dx * r), (x + r, y + dx * r), width + 3)
            pygame.draw.line(surface, theme.CUT_OFF, (x - r, y - dx * r), (x + r, y + dx * r), width)
