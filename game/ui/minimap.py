"""The minimap: the whole board small, the units as dots, the view as a frame; click to jump."""

from __future__ import annotations

import pygame

from game.core.hexgrid import Hex
from game.ui import theme
from game.ui.camera import Camera
from game.ui.layers import MapArt


class Minimap:
    def __init__(self, art: MapArt, board, max_w: int, max_h: int):
        self.board = board
        probe = Camera(board.width, board.height, (0, 0, max_w, max_h))
        size = 1.0
        while probe.world_size(size + 0.25)[0] <= max_w and probe.world_size(size + 0.25)[1] <= max_h:
            size += 0.25
        self.camera = Camera(board.width, board.height, (0, 0, *probe.world_size(size)), size)
        self.camera.ox = self.camera.oy = 0
        self.base = art.render(self.camera, size, grid=False, detail=False)
        self.rect = pygame.Rect(0, 0, *self.base.get_size())

    def place(self, x: int, y: int) -> None:
        self.rect.topleft = (x, y)

    def draw(self, surface: pygame.Surface, main: Camera, units, sides) -> None:
        surface.blit(self.base, self.rect)
        for u in units:
            x, y = self.camera.world_of(u.hex)
            pygame.draw.circle(surface, theme.side_colour(sides, u.side), (self.rect.x + x, self.rect.y + y), max(2, self.camera.size * 0.8))
            pygame.draw.circle(surface, (0, 0, 0), (self.rect.x + x, self.rect.y + y), max(2, self.camera.size * 0.8), 1)
        k = self.camera.size / main.size
        vx, vy, vw, vh = main.view
        frame = pygame.Rect(self.rect.x + main.ox * k, self.rect.y + main.oy * k, vw * k, vh * k).clip(self.rect)
        pygame.draw.rect(surface, (255, 255, 255), frame, 2)
        pygame.draw.rect(surface, theme.ACCENT, self.rect, 1)

    def hex_at(self, pos) -> Hex | None:
        if not self.rect.collidepoint(pos):
            return None
        h = self.camera.hex_at(pos[0] - self.rect.x, pos[1] - self.rect.y)
        return h if self.board.on_map(h) else None
