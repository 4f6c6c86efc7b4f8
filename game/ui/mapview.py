"""The map on screen: the cached static layer, overlays, places, counters, selection and paths.

Fog of war: the map is drawn as the viewing side knows it (`observe`): hexes
out of its sight dimmed, the enemy units it sees, greyed markers where it last
saw (or was told of) the others with their age in turns, its own hidden units
faded.  With no viewer (the AI plays both, or a replay shown with all
revealed) every unit is drawn and nothing is dimmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from game.core.hexgrid import Hex
from game.core.rules import sight
from game.ui import overlays, sprites, theme
from game.ui.camera import Camera
from game.ui.layers import MapArt, draw_names, halo_text, label
from game.ui.words import lighten


@dataclass
class Marks:
    """What the controller wants shown on top of the map this frame."""
    selected: str | None = None
    hover: Hex | None = None
    reach: set = field(default_factory=set)
    path: list = field(default_factory=list)
    path_cost: int | None = None
    path_warning: str = ""  # said beside the cost: the way runs where the side last knew of enemies
    targets: set = field(default_factory=set)
    trail: list = field(default_factory=list)  # a move just made (the AI's), as hexes
    trail_colour: tuple = (255, 255, 255)
    flash: Hex | None = None  # a fight just fought
    happenings: list = field(default_factory=list)  # [Happening, seconds left]: flashed where they happened
    trace: object = None  # a supply line traced (rules/supply.Trace) to the selected unit or the place pointed at
    routes: list = field(default_factory=list)  # [(hexes, selected)]: the go-to orders of the side on screen


FLASH_SECONDS = 2.5  # how long a happening stays marked on the map


LABEL_SHIFTS = 6  # how far up (in labels) a happening's words go to keep clear of another's


class MapView:
    def __init__(self, board, scenario, camera: Camera):
        self.board = board
        self.sides = tuple(s.id for s in scenario.sides)
        self.art = MapArt(board, scenario)
        self.camera = camera
        self.grid = True
        self.shown: set[str] = set()  # overlays switched on
        self.px = None  # the window's UI-scale function: the overlays' legend is drawn when it is set
        self._layers: dict = {}

    # -- the parts ------------------------------------------------------------
    def draw(self, surface: pygame.Surface, state_view, viewer: str, marks: Marks) -> None:
        """`state_view` is a session (or replay frame): `.state`, `seen(viewer)`, `supply_network()` and `enemy_zoc()`."""
        cam = self.camera
        view = pygame.Rect(cam.view)
        clip = surface.get_clip()
        surface.set_clip(view)
        ww, wh = cam.world_size()
        if cam.ox < 0 or cam.oy < 0 or ww - cam.ox < view.width or wh - cam.oy < view.height:
            surface.fill(theme.BACKGROUND, view)  # the map does not cover the whole view
        self.blit_world(surface, self.art.layer(cam, self.grid))
        state = state_view.state
        kinds = tuple(k for k in ("supply", "zoc") if k in self.shown)
        if kinds:  # one cached world-size layer for the state overlays, redrawn when the state changes
            key = (kinds, id(state), viewer, cam.size)
            if self._layers.get("state", (None,))[0] != key:
                layer = overlays.world_layer(cam, kinds[0], state_view, viewer)
                for kind in kinds[1:]:
                    layer.blit(overlays.world_layer(cam, kind, state_view, viewer), (0, 0))
                self._layers["state"] = (key, layer)
            self.blit_world(surface, self._layers["state"][1])
        seen = state_view.seen(viewer)
        if viewer:  # a side's eyes: what it cannot see is dimmed, and what it last saw there is marked
            key = (id(state), viewer, cam.size)
            if self._layers.get("fog", (None,))[0] != key:
                self._layers["fog"] = (key, overlays.fog_layer(cam, self.board, sight.hexes_in_sight(seen, viewer)))
            self.blit_world(surface, self._layers["fog"][1])
        self.draw_places(surface, seen)
        if viewer:
            self.draw_last_seen(surface, seen, viewer)
        weather = overlays.sky((view.width, view.height), state.weather, state.is_night)
        if weather is not None:
            surface.blit(weather, view.topleft)
        if "support" in self.shown:
            overlays.support_bars(surface, cam, state, self.sides)
        self.draw_reach(surface, marks)
        if marks.trace is not None:
            overlays.trace_line(surface, cam, marks.trace)
        self.draw_units(surface, seen, marks)
        draw_names(surface, self.board, cam)  # over the counters, which would hide them
        if marks.trace is not None:
            overlays.trace_blocks(surface, cam, marks.trace)
        self.draw_routes(surface, marks)
        self.draw_path(surface, marks)
        self.draw_happenings(surface, marks)
        if self.px is not None:
            overlays.legend(surface, cam.view, self.shown, self.sides, self.px)
        surface.set_clip(clip)

    def blit_world(self, surface: pygame.Surface, layer: pygame.Surface) -> None:
        cam = self.camera
        x, y, w, h = cam.view
        sx, sy = int(cam.ox), int(cam.oy)
        dx, dy = x - min(sx, 0), y - min(sy, 0)
        area = pygame.Rect(max(sx, 0), max(sy, 0), w, h)
        surface.blit(layer, (dx, dy), area)

    def draw_places(self, surface: pygame.Surface, state) -> None:
        cam = self.camera
        for pid, place in sorted(self.board.places.items()):
            x, y = cam.screen_of(place.hex)
            if not cam.in_view(x, y) and not cam.in_view(x + cam.size, y + cam.size):
                continue
            holder = state.control.get(pid, "")
            colour = theme.side_colour(self.sides, holder) if holder else None
            sprites.place_marker(surface, place.kind, (x, y - cam.size * 0.05), cam.size, colour)

    def draw_last_seen(self, surface: pygame.Surface, seen, viewer: str) -> None:
        """Each enemy unit out of sight where the viewer last saw it (or was told of it): a grey counter with its
        age in turns; a report is marked as one ('?'), with the strength the people gave."""
        cam = self.camera
        size = int(cam.size)
        by_hex: dict[Hex, list] = {}
        for uid, last in sorted(seen.sightings.get(viewer, {}).items()):
            by_hex.setdefault(last.hex, []).append(last)
        for h, lasts in sorted(by_hex.items()):
            x, y = cam.screen_of(h)
            if not cam.in_view(x + size, y + size) and not cam.in_view(x - size, y - size):
                continue
            top = max(lasts, key=lambda s: (s.men, s.type))
            tint = theme.side_colour(self.sides, top.side)
            grey = tuple((a + 2 * b) // 3 for a, b in zip(tint, theme.LAST_SEEN))
            img = sprites.counter(grey, top.type, sum(s.men for s in lasts), size, stack=len(lasts)).copy()
            img.set_alpha(200)  # on a copy: the counters are cached
            rect = img.get_rect(center=(x, y))
            surface.blit(img, rect)
            age = seen.turn - max(s.turn for s in lasts)
            reported = all(s.how == "reported" for s in lasts)
            if size >= 10:
                label(surface, f"{'? ' if reported else ''}{age}t", max(9, int(size * 0.45)),
                      (rect.right - size * 0.1, rect.top - size * 0.25), colour=theme.MUTED, bold=True)

    def draw_reach(self, surface: pygame.Surface, marks: Marks) -> None:
        """The selected unit's reach: tinted and outlined, cached until the view or the reach changes."""
        if not marks.reach:
            return
        cam = self.camera
        key = (frozenset(marks.reach), cam.size, int(cam.ox), int(cam.oy), cam.view)
        if self._layers.get("reach", (None,))[0] != key:
            pts = [p for hx in marks.reach for p in overlays.hex_points(cam, hx, cam.size, screen=True)]
            box = pygame.Rect(min(p[0] for p in pts) - 4, min(p[1] for p in pts) - 4, 0, 0)
            box.width, box.height = max(p[0] for p in pts) - box.x + 8, max(p[1] for p in pts) - box.y + 8
            tint = pygame.Surface(box.size, pygame.SRCALPHA)  # only as big as the reach, not the view
            shifted = Camera(cam.cols, cam.rows, (cam.view[0] - box.x, cam.view[1] - box.y, *box.size), cam.size)  # the box's corner at (0, 0)
            shifted.ox, shifted.oy = cam.ox, cam.oy
            for hx in marks.reach:
                pygame.draw.polygon(tint, (*theme.REACH, 60), overlays.hex_points(shifted, hx, cam.size, screen=True))
            overlays.outline(tint, shifted, marks.reach, (*theme.REACH, 255), max(2, int(cam.size / 8)))
            self._layers["reach"] = (key, tint, box.topleft)
        _, tint, at = self._layers["reach"]
        surface.blit(tint, at)

    def unit_groups(self, seen) -> dict[Hex, list]:
        """The units the viewer sees (`seen`: the game as it knows it), by hex."""
        groups: dict[Hex, list] = {}
        for uid, u in sorted(seen.units.items()):
            groups.setdefault(u.hex, []).append(u)
        return groups

    def draw_units(self, surface: pygame.Surface, seen, marks: Marks) -> None:
        cam = self.camera
        size = int(cam.size)
        cut_shown = "supply" in self.shown
        for h, units in sorted(self.unit_groups(seen).items(), key=lambda g: (len(g[1]) > 1, g[0])):  # stacks last:
            x, y = cam.screen_of(h)  # their badge at the corner is not hidden under a neighbour's counter
            if not cam.in_view(x + size, y + size) and not cam.in_view(x - size, y - size):
                continue
            top = max(units, key=lambda u: (u.id == marks.selected, u.men, u.id))
            men = sum(u.men for u in units)
            leader = any(seen.leaders_with(u.id) for u in units)
            hidden = all(u.hidden for u in units)
            cut = cut_shown and any(not u.supplied for u in units)
            colour = theme.side_colour(self.sides, top.side)
            img = sprites.counter(colour, top.type, men, size, leader, hidden, cut, len(units), top.posture)
            rect = img.get_rect(center=(x, y))
            if h in marks.targets:
                pygame.draw.circle(surface, theme.TARGET, (x, y), cam.size * 0.95, max(2, size // 7))
            surface.blit(img, rect)
            if marks.selected in {u.id for u in units}:
                pygame.draw.rect(surface, theme.SELECT, rect.inflate(4, 4), max(2, size // 10), border_radius=3)
        for h in marks.targets:  # crosshairs on what the selected unit may attack
            x, y = cam.screen_of(h)
            r = cam.size * 0.95
            for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                pygame.draw.line(surface, theme.TARGET, (x + dx * r * 0.7, y + dy * r * 0.7), (x + dx * r * 1.15, y + dy * r * 1.15), 3)
        if marks.flash is not None:
            x, y = cam.screen_of(marks.flash)
            pygame.draw.circle(surface, theme.ACCENT, (x, y), cam.size * 1.1, 3)

    def draw_happenings(self, surface: pygame.Surface, marks: Marks) -> None:
        """Each happening a ring that widens and fades at its hex, with its words (losses, 'Ambush!', '72 go
        over') above it, each in the colour of the side it concerns."""
        cam = self.camera
        stacked: dict = {}  # several at one hex: their words one above another
        plates: list[pygame.Rect] = []  # those drawn: a label that would cover one goes up above it
        for happening, left in marks.happenings:
            x, y = cam.screen_of(happening.at)
            row = stacked[happening.at] = stacked.get(happening.at, -1) + 1
            if not cam.in_view(x, y):
                continue
            age = 1 - left / FLASH_SECONDS
            ring = pygame.Surface((int(cam.size * 5), int(cam.size * 5)), pygame.SRCALPHA)
            centre = (ring.get_width() // 2, ring.get_height() // 2)
            colour = (*theme.side_colour(self.sides, happening.words[0][1]), int(255 * (1 - age * 0.7)))
            pygame.draw.circle(ring, colour, centre, cam.size * (1.0 + 1.2 * age), max(3, int(cam.size / 6)))
            surface.blit(ring, ring.get_rect(center=(x, y)))
            font = max(13, int(cam.size * 0.7))
            texts = [halo_text(words, font, True) for words, _ in happening.words]
            widths = [t.get_width() for t in texts]
            line = max(t.get_height() for t in texts)
            counter_top = y - sprites.counter_size(int(cam.size))[1] / 2 - 7  # a stack's counters peek out above
            top = counter_top - line - age * cam.size * 0.4 - row * (line + 2)  # over the counter, never on its strength
            left_x = x - (sum(widths) + 6 * (len(widths) - 1)) / 2
            plate = pygame.Rect(int(left_x) - 4, int(top) - 2, sum(widths) + 6 * (len(widths) - 1) + 8, line + 2)
            for _ in range(LABEL_SHIFTS):
                if plate.collidelist(plates) < 0:
                    break
                plate.move_ip(0, -(line + 2))
                top -= line + 2
            plates.append(plate)
            backing = pygame.Surface(plate.size, pygame.SRCALPHA)  # readable over any counter or ground
            pygame.draw.rect(backing, (20, 16, 12, int(190 * (1 - age * 0.5))), backing.get_rect(), border_radius=4)
            surface.blit(backing, plate)
            for (words, side), w in zip(happening.words, widths):
                label(surface, words, font, (left_x, top), colour=lighten(theme.side_colour(self.sides, side), 0.35),
                      bold=True)
                left_x += w + 6

    def draw_routes(self, surface: pygame.Surface, marks: Marks) -> None:
        """Each go-to order: a dashed line along the way it still has to go, a flag where it ends; the selected
        unit's bright, the others faint."""
        cam = self.camera
        for way, selected in marks.routes:
            if len(way) < 2:
                continue
            colour = theme.PATH if selected else (200, 190, 160)
            width = max(2, int(cam.size / (7 if selected else 10)))
            pts = [cam.screen_of(h) for h in way]
            for i, (a, b) in enumerate(zip(pts, pts[1:])):
                if i % 2 == 0:  # dashed: every other step
                    pygame.draw.line(surface, (0, 0, 0), a, b, width + 2)
                    pygame.draw.line(surface, colour, a, b, width)
            x, y = pts[-1]
            pole = cam.size * 0.9
            pygame.draw.line(surface, (0, 0, 0), (x, y), (x, y - pole), 3)
            pygame.draw.polygon(surface, colour, [(x, y - pole), (x + pole * 0.6, y - pole * 0.8), (x, y - pole * 0.6)])
            pygame.draw.polygon(surface, (0, 0, 0), [(x, y - pole), (x + pole * 0.6, y - pole * 0.8), (x, y - pole * 0.6)], 1)

    def draw_path(self, surface: pygame.Surface, marks: Marks) -> None:
        cam = self.camera
        width = max(3, int(cam.size / 6))
        for hexes, colour in ((marks.trail, marks.trail_colour), (marks.path, theme.PATH)):
            if len(hexes) < 2:
                continue
            pts = [cam.screen_of(h) for h in hexes]
            pygame.draw.lines(surface, (0, 0, 0), False, pts, width + 2)
            pygame.draw.lines(surface, colour, False, pts, width)
            pygame.draw.circle(surface, colour, pts[-1], width * 1.4)
        if marks.path and marks.path_cost is not None:
            x, y = cam.screen_of(marks.path[-1])
            at = label(surface, f"{marks.path_cost} MP", max(12, int(cam.size * 0.6)),
                       (x + cam.size * 0.5, y - cam.size * 1.1), colour=theme.PATH, bold=True)
            if marks.path_warning:
                label(surface, marks.path_warning, max(12, int(cam.size * 0.5)), (at.left, at.bottom),
                      colour=theme.WARNING, bold=True)
        if marks.hover is not None and self.board.on_map(marks.hover):
            pygame.draw.polygon(surface, (255, 255, 255), overlays.hex_points(cam, marks.hover, cam.size, screen=True), 2)
