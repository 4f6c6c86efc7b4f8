"""Take the screenshots docs/playing.md and the README show, on a real X display.

    Xvfb :99 -screen 0 1920x1080x24 &
    DISPLAY=:99 .venv/bin/python docs/images/shoot.py 1280x720 1.0 docs/images [briefing account siege play-on]

Each picture is the game's own window, driven from here as a player would get there (a new game, its first
turns played by the AI where a picture needs them); the names say what each shows.  Run it again after
changing what the window draws.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DUSHANBE_DATA_DIR", tempfile.mkdtemp(prefix="dushanbe-shots-"))

import pygame  # noqa: E402

from game.ui.app import App  # noqa: E402
from tests.ui_helpers import frames, press  # noqa: E402

SIZE = tuple(int(v) for v in sys.argv[1].split("x")) if len(sys.argv) > 1 else (1280, 720)
SCALE = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
OUT = sys.argv[3] if len(sys.argv) > 3 else "."
TAG = f"{SIZE[0]}x{SIZE[1]}" + ("" if SCALE == 1.0 else f"-scale{SCALE:g}")


def app(**kw) -> App:
    return App("scenarios/dushanbe_1922.yaml", size=SIZE, threaded=False, ai_delay=0, scale=SCALE, **kw)


def settle(a: App, n: int = 12) -> None:
    pygame.mouse.set_pos((SIZE[0] - 150, SIZE[1] // 2))  # over the side panel: no edge panning, no map tooltip
    for _ in range(n):
        a.frame(0.03)


def shot(a: App, name: str) -> None:
    settle(a)
    path = os.path.join(OUT, f"{name}-{TAG}.png")
    pygame.image.save(a.window, path)
    print(path)


def until_mine(a: App, turn: int = 0) -> None:
    """Let the AI play until it is the human's phase again (and at least `turn`), the enemy's account shown."""
    screen = a.screen
    for _ in range(20000):
        frames(a, 1)
        ready = screen.humans_turn() and screen.before_ai is None and \
            screen.accounted == (screen.session.state.turn, screen.session.state.side)
        if ready and screen.session.state.turn >= turn:
            return
        if ready:
            screen.close_account()
            screen.end_turn(sure=True)


def briefing_and_roster() -> None:
    a = app()
    a.new_game(a.loaded, {"basmachi": "human", "soviet": "normal"}, seed=5)
    frames(a, 3)
    shot(a, "briefing")
    press(a, pygame.K_RETURN)
    press(a, pygame.K_r)
    shot(a, "roster")
    a.screen.close_dialog()
    s = a.screen.session
    s.select("lakai_horse")
    a.screen.click(1, a.screen.camera.screen_of(s.state.board.places["faizobod"].hex), shift=True)
    s.select("lakai_horse")
    a.screen.camera.centre_on(s.state.units["lakai_horse"].hex)
    shot(a, "go-to")
    s.select("enver_band")
    press(a, pygame.K_1)
    a.screen.camera.centre_on(s.state.units["enver_band"].hex)
    shot(a, "supply-line")


def account() -> None:
    a = app()
    a.new_game(a.loaded, {"basmachi": "human", "soviet": "normal"}, seed=5, start_date=dt.date(1922, 2, 8))
    screen = a.screen
    screen.briefed = True
    for _ in range(40):
        until_mine(a)
        told = screen.account
        if told is not None and any(h.kind == "ambush" for h in told.items):
            while told.current.kind != "ambush":
                screen.next_happening()
            shot(a, "enemy-phase")
            return
        screen.close_account()
        screen.end_turn(sure=True)


def siege_forecast() -> None:
    a = app()
    a.new_game(a.loaded, {"basmachi": "normal", "soviet": "normal"}, seed=5)
    screen, s = a.screen, a.screen.session
    screen.briefed = True
    for _ in range(20000):
        frames(a, 1)
        if s.state.turn >= 12 and s.state.side == "basmachi":
            break
    s.players["basmachi"] = "human"
    screen.view_side = None
    until_mine(a)
    screen.close_account()
    screen.camera.centre_on(s.state.board.places["dushanbe"].hex)
    shot(a, "siege-forecast")


def play_on() -> None:
    a = app(replay="tests/golden/dushanbe_1922_seed1.json")
    frames(a, 3)
    for _ in range(6):
        press(a, pygame.K_RIGHT)
    press(a, pygame.K_o)
    shot(a, "play-on-ask")
    soviet = next(b for b, players in a.screen.asking.choices.items() if players == {"basmachi": "normal", "soviet": "human"})
    a.screen.play_on({"basmachi": "normal", "soviet": "human"}) if soviet else None
    until_mine(a)
    a.screen.close_account()
    shot(a, "play-on")


TAKES = {"briefing": briefing_and_roster, "account": account, "siege": siege_forecast, "play-on": play_on}

if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for name in sys.argv[4:] or TAKES:  # some of them by name, or all
        TAKES[name]()
        pygame.quit()
