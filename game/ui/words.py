"""The panels' small words: escaped text, a side's name in its colour, plurals (HTML for pygame_gui)."""

from __future__ import annotations

import html

from game.core.state import State
from game.ui import palette
from game.play.log import side_name



def esc(text: str) -> str:
    return html.escape(str(text), quote=False)


def coloured(text: str, colour) -> str:
    return f"<font color='{palette.css(colour)}'>{esc(text)}</font>"


def side_label(state: State, side: str) -> str:
    return coloured(side_name(state, side), lighten(palette.side_colour(state.setup.sides, side)))


def lighten(colour, k: float = 0.45):
    return tuple(int(c + (255 - c) * k) for c in colour)


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def fitted(font, text: str, width: int) -> str:
    """`text` cut with an ellipsis to fit `width` pixels in `font`."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text.rstrip(" ,") + "…"
