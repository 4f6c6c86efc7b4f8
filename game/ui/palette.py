"""The game's colours, without pygame: sides, terrain, overlays and the panels' text.

Sides and overlays use the Okabe-Ito palette (Okabe & Ito 2008), chosen to
stay distinguishable for the common kinds of colour blindness; counters also
carry a side emblem and the overlays a pattern, so colour is never the only
cue.  Terrain colours differ in lightness as well as hue.  The texts the
panels show (game/ui/texts.py) read them here; theme.py adds the fonts.
"""

from __future__ import annotations

OKABE_ITO = {
    "black": (0, 0, 0), "orange": (230, 159, 0), "sky_blue": (86, 180, 233), "bluish_green": (0, 158, 115),
    "yellow": (240, 228, 66), "blue": (0, 114, 178), "vermillion": (213, 94, 0), "reddish_purple": (204, 121, 167),
}
SIDE_PALETTE = [OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["reddish_purple"], OKABE_ITO["bluish_green"],
                OKABE_ITO["orange"], OKABE_ITO["sky_blue"], OKABE_ITO["yellow"], OKABE_ITO["black"]]

TERRAIN = {
    "plain": (214, 205, 160), "farmland": (186, 204, 122), "orchard": (122, 164, 86), "village": (204, 170, 118),
    "town": (170, 132, 100), "thicket": (86, 128, 84), "hills": (184, 156, 104), "ravine": (140, 106, 76),
    "mountains": (146, 140, 134), "desert": (232, 214, 158), "marsh": (140, 178, 160), "water": (70, 122, 178),
}
RIVER = (52, 110, 190)
TRACK = (96, 64, 38)
GRID = (60, 50, 40)
BACKGROUND = (28, 26, 24)
PANEL = (43, 38, 32)
TEXT = (239, 230, 210)
MUTED = (180, 168, 146)
FOG = (20, 22, 30)  # hexes out of the viewer's sight are dimmed with this
FOG_ALPHA = 95
LAST_SEEN = (150, 150, 150)  # a last-seen marker is this grey, tinted by the side
ACCENT = (240, 200, 90)
SELECT = OKABE_ITO["yellow"]
REACH = OKABE_ITO["sky_blue"]
PATH = OKABE_ITO["yellow"]
ZOC = OKABE_ITO["reddish_purple"]
SUPPLY_FULL = OKABE_ITO["blue"]  # blue against orange: the pair that stays apart under every common colour blindness
SUPPLY_FORAGE = OKABE_ITO["orange"]  # ...and foraging ground is dotted as well
CUT_OFF = OKABE_ITO["vermillion"]
TARGET = OKABE_ITO["vermillion"]
WARNING = OKABE_ITO["vermillion"]


def side_colour(sides: tuple[str, ...], side: str) -> tuple[int, int, int]:
    return SIDE_PALETTE[sides.index(side) % len(SIDE_PALETTE)] if side in sides else (120, 120, 120)


def terrain_colour(name: str) -> tuple[int, int, int]:
    if name in TERRAIN:
        return TERRAIN[name]
    h = sum(ord(c) * 31 ** i for i, c in enumerate(name))  # a stable colour for terrain we do not know
    return (90 + h % 120, 90 + h // 7 % 120, 90 + h // 49 % 120)


def css(colour: tuple[int, int, int]) -> str:
    return "#%02x%02x%02x" % colour[:3]
