"""Helpers for the window tests: a small scenario file, an app on the dummy video driver, posted events."""

from __future__ import annotations

import copy
import os

import pygame
import yaml

from tests.builders import BASE, unit


def scenario_file(folder, green=(), red=(), **changes) -> str:
    """A hand-made scenario (tests/builders.py) written to a real file, for the app to open."""
    data = copy.deepcopy(BASE)
    data["sides"][0]["units"] = list(green)
    data["sides"][1]["units"] = list(red)
    for key, value in changes.items():
        target = data
        *path, last = key.split("__")
        for part in path:
            target = target[part]
        target[last] = value
    path = os.path.join(str(folder), "small.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle, sort_keys=False)
    return path


def frames(app, n: int = 3) -> None:
    for _ in range(n):
        app.frame(1 / 60)


def click(app, pos, button: int = 1) -> None:
    pos = (int(pos[0]), int(pos[1]))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
    frames(app, 3)


def hover(app, pos) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(int(pos[0]), int(pos[1])), rel=(0, 0), buttons=(0, 0, 0)))
    frames(app, 2)


def press(app, key, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0))
    frames(app, 3)


def press_button(app, button) -> None:
    click(app, button.get_abs_rect().center)


def hex_pos(app, h):
    """Screen position of a hex's centre in the game screen."""
    return app.screen.camera.screen_of(h)


GREEN_NEXT_TO_TOWN = dict(green=[unit("g1", (2, 2), men=400)], red=[unit("r1", (3, 2), men=150)])
__all__ = ["scenario_file", "frames", "click", "hover", "press", "press_button", "hex_pos", "unit", "GREEN_NEXT_TO_TOWN"]


def layout_problems(app) -> list[str]:
    """Widgets that stick out of their container or overlap a sibling (what a player sees as clipped or piled up).

    Walks every container from the root: each element a screen placed (not the parts a widget makes of itself,
    not windows, tooltips or an open drop-down's list) must lie inside its container and clear of its siblings.
    """
    from pygame_gui.core import UIContainer
    from pygame_gui.core.utility import translate
    from pygame_gui.elements import UIButton, UILabel, UITooltip, UIWindow

    problems = []

    def name(e) -> str:
        text = getattr(e, "text", "") or ""
        return f"{type(e).__name__}({str(text)[:18]!r})"

    def walk(container, owner_rect) -> None:
        for window in [e for e in container.elements if isinstance(e, UIWindow) and e.visible]:
            r = window.get_abs_rect()
            if not owner_rect.contains(r):
                problems.append(f"window {window.window_display_title!r} {tuple(r)} sticks out of {tuple(owner_rect)}")
            walk(window.get_container(), window.get_container().get_abs_rect())
        placed = [e for e in container.elements if e.visible and e.parent_element in (None, getattr(container, "parent_element", None))
                  and not isinstance(e, (UITooltip, UIWindow, UIContainer))]
        for e in placed:
            text, font = getattr(e, "text", None), getattr(e, "font", None)
            text = translate(text) if text else text  # as drawn: 'pygame-gui.Dismiss' is shown as 'Dismiss'
            if isinstance(e, (UIButton, UILabel)) and text and font is not None and font.size(text)[0] > e.get_abs_rect().width:
                problems.append(f"{name(e)}'s text ({font.size(text)[0]} px) is cut off at {e.get_abs_rect().width} px")
        for e in placed:
            r = e.get_abs_rect()
            bounds = getattr(e, "placed_over", None)  # a widget laid over a bar it does not belong to
            bounds = bounds.get_abs_rect() if bounds is not None else owner_rect
            if not bounds.contains(r):
                problems.append(f"{name(e)} {tuple(r)} sticks out of {tuple(bounds)}")
        for i, a in enumerate(placed):
            for b in placed[i + 1:]:
                if getattr(a, "placed_over", None) is b or getattr(b, "placed_over", None) is a:
                    continue
                if getattr(a, "covers", False) or getattr(b, "covers", False):  # a cover over the whole window
                    continue
                if a.get_abs_rect().colliderect(b.get_abs_rect()):
                    problems.append(f"{name(a)} overlaps {name(b)}")
        for e in placed:
            over = getattr(e, "placed_over", None)
            if over is not None and hasattr(over, "get_container"):
                for other in over.get_container().elements:
                    if other.visible and other.parent_element is None and e.get_abs_rect().colliderect(other.get_abs_rect()):
                        problems.append(f"{name(e)} overlaps {name(other)} in the bar it is laid over")
        for e in placed:
            inner = e.get_container() if hasattr(e, "get_container") and not isinstance(e, UIContainer) else None
            if isinstance(inner, UIContainer) and inner is not container:
                walk(inner, inner.get_abs_rect())

    root = app.ui.get_root_container()
    walk(root, pygame.Rect((0, 0), app.window.get_size()))
    return problems


def end_turn(app) -> None:
    """Press End turn; if asked (no unit moved or fought), end it all the same."""
    from game.ui import dialogs

    press_button(app, app.screen.side.end)
    if isinstance(app.screen.dialog, dialogs.Question):
        press_button(app, next(iter(app.screen.dialog.buttons)))
