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
