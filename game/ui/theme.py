"""Colours, fonts and sizes: one place for the look of the game (the colours themselves in palette.py, which
needs no pygame)."""

from __future__ import annotations

import json
import os
from functools import lru_cache

import pygame
import pygame_gui

from game.ui.palette import (  # the colours, read as theme.X by the drawing code
    ACCENT, BACKGROUND, CUT_OFF, FOG, FOG_ALPHA, GRID, LAST_SEEN, MUTED, OKABE_ITO, PANEL, PATH, REACH, RIVER, SELECT,
    SIDE_PALETTE, SUPPLY_FORAGE, SUPPLY_FULL, TARGET, TERRAIN, TEXT, TRACK, WARNING, ZOC, css, side_colour, terrain_colour)

__all__ = ["ACCENT", "BACKGROUND", "CUT_OFF", "FOG", "FOG_ALPHA", "GRID", "LAST_SEEN", "MUTED", "OKABE_ITO", "PANEL",
           "PATH", "REACH", "RIVER", "SELECT", "SIDE_PALETTE", "SUPPLY_FORAGE", "SUPPLY_FULL", "TARGET", "TERRAIN", "TEXT",
           "TRACK", "WARNING", "ZOC", "css", "side_colour", "terrain_colour", "ASSETS", "FONT_DIR", "font", "bold_fonts", "theme"]

ASSETS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "assets")
FONT_DIR = os.path.join(os.path.dirname(pygame_gui.__file__), "data")


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> pygame.font.Font:
    """Noto Sans (shipped with pygame_gui), falling back to pygame's own font."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    path = os.path.join(FONT_DIR, name)
    size = max(6, int(size))
    try:
        return pygame.font.Font(path, size)
    except (OSError, FileNotFoundError):
        f = pygame.font.Font(None, int(size * 1.3))
        f.set_bold(bold)
        return f


def bold_fonts(data: dict) -> list[dict]:
    """Each font size the theme `data` uses, in bold: for pygame_gui to load before a text box asks for it."""
    sizes = set()

    def walk(node):
        if isinstance(node, dict):
            font_node = node.get("font")
            if isinstance(font_node, dict) and str(font_node.get("size", "")).isdigit():
                sizes.add(int(font_node["size"]))
            for value in node.values():
                walk(value)
    walk(data)
    return [{"name": "noto_sans", "point_size": size, "style": "bold"} for size in sorted(sizes)]


SCALED = ("size", "list_item_height", "title_bar_height", "rect_width")  # theme values in pixels that grow with the UI scale


def theme(scale: float = 1.0) -> dict:
    """The pygame_gui theme (assets/theme.json) with its fonts, list rows, title bars and tooltip widths scaled."""
    with open(os.path.join(ASSETS, "theme.json"), encoding="utf-8") as handle:
        data = json.load(handle)

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in SCALED and isinstance(value, str) and value.isdigit():
                    node[key] = str(max(8, round(int(value) * scale)))
                else:
                    walk(value)
    walk(data)
    return data
