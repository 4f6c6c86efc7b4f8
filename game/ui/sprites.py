"""Unit counters and place markers: drawn small, cached by what they show."""

from __future__ import annotations

import math
from functools import lru_cache

import pygame

from game.ui import theme, unittypes
from game.ui.layers import shade

WHITE = (255, 255, 255)
INK = (20, 18, 16)


def star_points(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.45
        pts.append((cx + math.cos(a) * rr, cy + math.sin(a) * rr))
    return pts


MOUNTED_FILL = (255, 226, 120)  # the mounted symbol's field: tells horse from foot at a glance, at any zoom


def type_symbol(s: pygame.Surface, kind: str, box: pygame.Rect) -> None:
    """NATO-style symbols, marked as assets/unit_types.json says (game/ui/unittypes.py): foot a cross, mounted a
    thick slash on a yellow field, guns a dot, machine guns an arrow, irregulars a bar; a type not listed a ring."""
    w = max(1, box.height // 6)
    l, t, r, b = box.left, box.top, box.right - 1, box.bottom - 1
    marks = unittypes.marks(kind)
    if "cross" in marks:
        pygame.draw.line(s, INK, (l, t), (r, b), w)
        pygame.draw.line(s, INK, (l, b), (r, t), w)
    if "slash" in marks:
        pygame.draw.line(s, INK, (l, b), (r, t), max(2, w * 2))
    if "bar" in marks:  # irregular or local: a bar at the foot
        pygame.draw.line(s, INK, (l + 1, b - w), (r - 1, b - w), w)
    if "dot" in marks:
        pygame.draw.circle(s, INK, box.center, max(2, box.height // 3))
    if "arrow" in marks:
        cx = box.centerx
        pygame.draw.line(s, INK, (cx, b), (cx, t + 1), w)
        pygame.draw.polygon(s, INK, [(cx - box.height // 3, t + box.height // 3), (cx, t), (cx + box.height // 3, t + box.height // 3)])
    if not marks:
        pygame.draw.circle(s, INK, box.center, max(2, box.height // 4), w)


def mounted(kind: str) -> bool:
    return "slash" in unittypes.marks(kind)


def counter_size(size: int) -> tuple[int, int]:
    """A counter's width and height on hexes of `size`: most of the hex, its strength readable at the opening zoom
    (a stack's lower counters peek out 3 px a counter, up to two)."""
    return max(10, int(size * 1.62)), max(8, int(size * 1.26))


@lru_cache(maxsize=512)
def counter(colour: tuple, kind: str, men: int, size: int, leader: bool = False, hidden: bool = False,
            cut_off: bool = False, stack: int = 1, posture: str = "none") -> pygame.Surface:
    """One counter: side colour, type symbol, men; a star for a leader; faded when hidden."""
    w, h = counter_size(size)
    extra = min(stack - 1, 2) * 3
    s = pygame.Surface((w + extra + 2, h + extra + 2), pygame.SRCALPHA)
    for i in range(min(stack - 1, 2), -1, -1):  # the stack's lower counters peek out up and right
        rect = pygame.Rect(1 + i * 3, 1 + extra - i * 3, w, h)
        pygame.draw.rect(s, shade(colour, 0.8 if i else 1.0), rect, border_radius=max(1, size // 10))
        pygame.draw.rect(s, INK, rect, 1, border_radius=max(1, size // 10))
    rect = pygame.Rect(1, 1 + extra, w, h)
    box = pygame.Rect(0, 0, int(w * 0.5), max(4, int(h * 0.32)))
    box.midtop = (rect.centerx, rect.top + max(1, int(h * 0.08)))
    pygame.draw.rect(s, MOUNTED_FILL if mounted(kind) else WHITE, box)
    type_symbol(s, kind, box.inflate(-2, -2))
    pygame.draw.rect(s, INK, box, 1)
    if h >= 14:
        f = theme.font(max(7, int(h * 0.56)), bold=True)
        words = strength(men)
        text = f.render(words, True, WHITE)
        if text.get_width() > w - 2:
            text = pygame.transform.smoothscale(text, (w - 2, text.get_height()))
        shadow = f.render(words, True, INK)
        tx, ty = rect.centerx - text.get_width() // 2, rect.bottom - text.get_height() + max(0, h // 14)
        if shadow.get_width() <= w - 2:
            s.blit(shadow, (tx + 1, ty + 1))
        s.blit(text, (tx, ty))
    if leader:
        pygame.draw.polygon(s, theme.ACCENT, star_points(rect.right - h * 0.2, rect.top + h * 0.22, h * 0.22))
        pygame.draw.polygon(s, INK, star_points(rect.right - h * 0.2, rect.top + h * 0.22, h * 0.22), 1)
    if cut_off:
        r = h * 0.22
        cx, cy = rect.left + r + 1, rect.top + r + 1
        pygame.draw.polygon(s, theme.OKABE_ITO["orange"], [(cx, cy - r), (cx + r, cy + r), (cx - r, cy + r)])
        pygame.draw.polygon(s, INK, [(cx, cy - r), (cx + r, cy + r), (cx - r, cy + r)], 1)
    if posture in ("entrenched", "fortified", "hasty"):
        y = rect.bottom + 0
        pygame.draw.line(s, INK, (rect.left + 2, y), (rect.right - 2, y), 2 if posture != "hasty" else 1)
    if stack > 1 and size >= 12:
        f = theme.font(max(9, int(h * 0.42)), bold=True)
        badge = f.render(str(stack), True, INK)
        bw = max(badge.get_width() + 4, badge.get_height())
        br = pygame.Rect(0, 0, bw, badge.get_height())
        br.topright = (s.get_width(), 0)
        pygame.draw.rect(s, theme.ACCENT, br, border_radius=br.height // 2)
        s.blit(badge, badge.get_rect(center=br.center))
    if hidden:  # faded, with a dashed edge: only its owner sees it
        s.fill((255, 255, 255, 140), special_flags=pygame.BLEND_RGBA_MULT)
        for x in range(rect.left, rect.right, 4):
            pygame.draw.line(s, WHITE, (x, rect.top), (min(x + 1, rect.right), rect.top), 1)
            pygame.draw.line(s, WHITE, (x, rect.bottom - 1), (min(x + 1, rect.right), rect.bottom - 1), 1)
    return s


def strength(men: int) -> str:
    """A counter's men: '350', '2150' (no comma: the digits get the room), '12k'."""
    return str(men) if men < 10000 else f"{men // 1000}k"


def place_marker(surface: pygame.Surface, kind: str, at, size: float, colour, ring: tuple | None = None) -> None:
    """Towns a square, forts a diamond, depots a square with a bar, villages a dot; filled in the holder's colour."""
    x, y = at
    r = max(3, size * (0.28 if kind in ("town", "fort", "depot") else 0.2))
    fill = colour or (235, 228, 210)
    if kind == "fort":
        pts = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
        pygame.draw.polygon(surface, fill, pts)
        pygame.draw.polygon(surface, INK, pts, 2)
    elif kind in ("town", "depot"):
        rect = pygame.Rect(0, 0, 2 * r, 2 * r)
        rect.center = (x, y)
        pygame.draw.rect(surface, fill, rect)
        pygame.draw.rect(surface, INK, rect, 2)
        if kind == "depot":
            pygame.draw.line(surface, INK, rect.midleft, rect.midright, 2)
    elif kind == "border":
        pts = [(x - r, y - r), (x + r, y), (x - r, y + r)]
        pygame.draw.polygon(surface, fill, pts)
        pygame.draw.polygon(surface, INK, pts, 2)
    else:
        pygame.draw.circle(surface, fill, (x, y), r)
        pygame.draw.circle(surface, INK, (x, y), r, 2)
