"""Where tooltips stand.  pygame_gui draws every tooltip above everything, so the tooltip of a button behind a
window just opened (the Help button's, over the help) lay across the window: such a tooltip goes, and comes back
only once the mouse leaves its button and returns.  And one too tall to stand below or above the mouse it left
at the window's corner, over the toolbar: it stands beside the mouse."""

from __future__ import annotations

import math

from pygame_gui.elements import UIWindow


def off_windows(ui) -> None:
    """Take away each tooltip lying over a window above its button's own."""
    stack = ui.get_window_stack()
    windows = [*stack.stack, *stack.top_stack]  # the lowest first
    if not windows:
        return
    for element in ui.get_sprite_group().sprites():
        tip = getattr(element, "tool_tip", None)
        if tip is None:
            continue
        above = windows[windows.index(own) + 1:] if (own := window_of(element, windows)) else windows
        if any(tip.rect.colliderect(w.rect) for w in above):
            tip.kill()
            element.tool_tip, element.hover_time = None, -math.inf  # (not again while the mouse stays on it)


def window_of(element, windows: list[UIWindow]) -> UIWindow | None:
    """The window `element` is in (None: none, it is on the screen itself)."""
    roots = {id(w.get_container()): w for w in windows}
    container = element.ui_container
    while container is not None:
        if id(container) in roots:
            return roots[id(container)]
        container = container.ui_container if container.ui_container is not container else None
    return None


def place_near(tip, pos, window: tuple[int, int]) -> None:
    """A tooltip too tall to stand below or above the mouse: beside it, as low as the window lets it, within the
    window."""
    w, h = tip.rect.size
    x = pos[0] + 16 if pos[0] + 16 + w <= window[0] else pos[0] - 16 - w
    tip.set_position((max(0, min(x, window[0] - w)), max(0, min(pos[1] - h // 2, window[1] - h))))
