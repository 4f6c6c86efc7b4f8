"""The map drawn off screen by the window's own code: the after-action report's moments and the research
environment's `render` (docs/research.md) ask for it here.

`Picture(scenario, board, box).draw(shown, viewer)` draws the whole map as `viewer` knows it ("" for all revealed)
on a surface no larger than `box`, or, given `focus`, closer on those hexes; `rgb(surface)` is its pixels as a
numpy array.
"""

from __future__ import annotations

import pygame

from game.core.hexgrid import Hex, distance
from game.play.watched import Watched
from game.ui.camera import Camera
from game.ui.mapview import MapView, Marks

CLOSE = 20  # the hex size a moment is drawn at when it is drawn close, on what happened


class Shown(Watched):
    """A state to be drawn: what the map view asks of a game (each viewer's own view of it, made from `observe`)."""

    def __init__(self, state):
        self.state = state


class Picture:
    """The map of one scenario drawn off screen at most `box` pixels (its art kept from one drawing to the next;
    `scenario`: the scenario as loaded, whose rivers and tracks the art draws)."""

    def __init__(self, scenario, board, box: tuple[int, int]):
        from game.ui.app import forget_drawings

        pygame.font.init()
        forget_drawings()  # (fonts and pieces drawn in an earlier pygame session are no longer valid)
        self.box = box
        self.camera = Camera(board.width, board.height, (0, 0, *box))
        self.camera.fit()
        w, h = self.camera.world_size()
        self.camera.set_view((0, 0, min(w, box[0]), min(h, box[1])))
        self.camera.fit()
        self.view = MapView(board, scenario, self.camera)

    def draw(self, shown: Watched, viewer: str, marks: Marks | None = None,
             focus: list[Hex] | None = None) -> pygame.Surface:
        """The map of `shown` as `viewer` knows it: the whole of it, or close on the hexes of `focus`."""
        camera = self.camera
        if focus:  # close enough to read the counters, centred among the hexes
            camera.set_view((0, 0, *self.box))
            camera.zoom_to(max(camera.size, CLOSE))
            camera.centre_on(min(focus, key=lambda a: sum(distance(a, b) for b in focus)))
        surface = pygame.Surface(camera.view[2:])
        self.view.draw(surface, shown, viewer, marks or Marks())
        return surface


def rgb(surface: pygame.Surface):
    """The surface's pixels as a numpy array of (rows, columns, red-green-blue) bytes."""
    return pygame.surfarray.array3d(surface).swapaxes(0, 1).copy()


class Window:
    """A window that shows pictures as they come (the research environment's `human` mode)."""

    def __init__(self, caption: str):
        self.caption, self.screen = caption, None

    def show(self, surface: pygame.Surface) -> None:
        """`surface` in the window (opened, or fitted to it, the first time), the window kept responsive."""
        if self.screen is None or self.screen.get_size() != surface.get_size():
            pygame.display.init()
            self.screen = pygame.display.set_mode(surface.get_size())
            pygame.display.set_caption(self.caption)
        self.screen.blit(surface, (0, 0))
        pygame.event.pump()
        pygame.display.flip()

    def close(self) -> None:
        if self.screen is not None:
            pygame.display.quit()
            self.screen = None
