"""The camera: which part of the map the window shows, and at what size.

Hex size steps through fixed levels so that the static map layer can be
drawn once per level and cached.  Zooming keeps the point under the cursor
in place; the map is kept on screen however far it is dragged.
"""

from __future__ import annotations

from game.core.hexgrid import SQRT3, Hex, from_pixel, to_pixel

LEVELS = (5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20, 23, 26, 30, 34, 38, 44)


class Camera:
    def __init__(self, width: int, height: int, view: tuple[int, int, int, int], size: float = 20):
        self.cols, self.rows = width, height
        self.view = view  # x, y, w, h on screen
        self.size = float(size)
        self.ox = 0.0  # world pixel shown at the view's top-left corner
        self.oy = 0.0

    # -- the world: pixels at the current size, hex [0, 0]'s corner at (0, 0) --
    def pad(self, size: float | None = None) -> tuple[float, float]:
        size = self.size if size is None else size
        return SQRT3 / 2 * size, size

    def world_size(self, size: float | None = None) -> tuple[int, int]:
        size = self.size if size is None else size
        return int(SQRT3 * size * (self.cols + 0.5)) + 2, int(size * (1.5 * self.rows + 0.5)) + 2

    def world_of(self, h: Hex, size: float | None = None) -> tuple[float, float]:
        size = self.size if size is None else size
        x, y = to_pixel(h, size)
        px, py = self.pad(size)
        return x + px, y + py

    # -- the screen ----------------------------------------------------------
    def screen_of(self, h: Hex) -> tuple[int, int]:
        x, y = self.world_of(h)
        return int(x - self.ox + self.view[0]), int(y - self.oy + self.view[1])

    def hex_at(self, sx: float, sy: float) -> Hex:
        px, py = self.pad()
        return from_pixel(sx - self.view[0] + self.ox - px, sy - self.view[1] + self.oy - py, self.size)

    def in_view(self, sx: float, sy: float) -> bool:
        x, y, w, h = self.view
        return x <= sx < x + w and y <= sy < y + h

    def set_view(self, view: tuple[int, int, int, int]) -> None:
        self.view = view
        self.clamp()

    # -- moving ------------------------------------------------------------
    def pan(self, dx: float, dy: float) -> None:
        self.ox += dx
        self.oy += dy
        self.clamp()

    def clamp(self) -> None:
        """Keep the map on screen; centre it on an axis where it is smaller than the view."""
        ww, wh = self.world_size()
        _, _, vw, vh = self.view
        margin = 0.04
        if ww <= vw:
            self.ox = (ww - vw) / 2
        else:
            self.ox = min(max(self.ox, -vw * margin), ww - vw * (1 - margin))
        if wh <= vh:
            self.oy = (wh - vh) / 2
        else:
            self.oy = min(max(self.oy, -vh * margin), wh - vh * (1 - margin))

    def zoom_to(self, size: float, sx: float | None = None, sy: float | None = None) -> None:
        """Change size keeping the world point under (sx, sy) (default: the view's centre) in place."""
        x, y, w, h = self.view
        sx = x + w / 2 if sx is None else sx
        sy = y + h / 2 if sy is None else sy
        ux = (sx - x + self.ox) / self.size
        uy = (sy - y + self.oy) / self.size
        self.size = float(size)
        self.ox = ux * self.size - (sx - x)
        self.oy = uy * self.size - (sy - y)
        self.clamp()

    def zoom_step(self, steps: int, sx: float | None = None, sy: float | None = None) -> None:
        i = min(range(len(LEVELS)), key=lambda k: abs(LEVELS[k] - self.size))
        i = max(0, min(len(LEVELS) - 1, i + steps))
        if LEVELS[i] != self.size:
            self.zoom_to(LEVELS[i], sx, sy)

    def fit_size(self) -> int:
        """The largest level at which the whole map fits the view."""
        _, _, vw, vh = self.view
        fitting = [s for s in LEVELS if self.world_size(s)[0] <= vw and self.world_size(s)[1] <= vh]
        return fitting[-1] if fitting else LEVELS[0]

    def whole_map(self) -> bool:
        """The whole map is in view (a minimap would only hide part of it)."""
        w, h = self.world_size(self.size)
        return w <= self.view[2] and h <= self.view[3]

    def fit(self) -> None:
        self.size = float(self.fit_size())
        self.clamp()

    def centre_on(self, h: Hex) -> None:
        x, y = self.world_of(h)
        self.ox = x - self.view[2] / 2
        self.oy = y - self.view[3] / 2
        self.clamp()

    def shows(self, h: Hex, inset: float = 0.1) -> bool:
        sx, sy = self.screen_of(h)
        x, y, w, hh = self.view
        return x + w * inset <= sx <= x + w * (1 - inset) and y + hh * inset <= sy <= y + hh * (1 - inset)
