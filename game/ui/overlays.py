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
    elif kind == "zoc":
        for h in sorted(session.enemy_zoc(side)):
            if not state.board.on_map(h):
                continue
            pts = hex_points(camera, h, size)
            pygame.draw.polygon(surface, (*theme.ZOC, 55), pts)
            hatch(surface, pts, (*theme.ZOC, 200), max(4, int(size / 3)))
    return surface


@lru_cache(maxsize=256)
def rendered(text: str, size: int) -> pygame.Surface:
    return theme.font(size, bold=True).render(text, True, (255, 250, 235))


def support_bars(surface: pygame.Surface, camera: Camera, state, sides) -> None:
    """Under each place, a bar split by each side's local support (percent)."""
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
        for side in sides:
            share = levels.get(side, 0) / 100
            if share <= 0:
                continue
            pygame.draw.rect(surface, theme.side_colour(sides, side), (left, top, w * share, h))
            left += w * share
        if size >= 16:
            text = " / ".join(str(levels.get(s, 0)) for s in sides)
            surface.blit(rendered(text, max(9, int(size * 0.38))), (x + w / 2 + 3, top - 3))
