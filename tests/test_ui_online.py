"""The window's Online game: made from the menu, joined, played through a server against a player elsewhere."""

from __future__ import annotations

import os
import time

import pygame
import pytest

from game.online.remote import Remote
from game.online.session import OnlineSession
from game.ui.briefing import start_html
from game.ui.app import App
from game.ui.menus import MenuScreen
from game.ui.online import OnlineDialog
from game.ui.play import GameScreen
from tests.serving import Server
from tests.test_online import ai
from tests.test_ui_app import data_dir  # noqa: F401  (autouse: a data folder of its own, pygame shut after)
from tests.ui_helpers import frames, press_button

SIZE = (1280, 720)


@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path / "games.sqlite").start()
    yield s
    s.stop()


def until(app, ready, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        frames(app, 1)
        found = ready()
        if found:
            return found
        time.sleep(0.01)
    raise AssertionError("not in time")


def test_a_game_made_and_joined_from_the_menu_is_played_to_its_end_against_a_player_elsewhere(server):
    app = App("scenarios/kampchi_raid.yaml", size=SIZE, threaded=False, ai_delay=0)
    menu = app.screen
    assert isinstance(menu, MenuScreen)
    press_button(app, menu.buttons["online"])
    dialog = menu.dialog
    assert isinstance(dialog, OnlineDialog)
    dialog.server.set_text(server.url)
    press_button(app, dialog.create)
    until(app, lambda: dialog.code.get_text())
    side = dialog.side
    theirs = next(c for s, c in dialog.made_codes.items() if s != side)
    assert theirs in dialog.words.html_text and dialog.code.get_text() in dialog.words.html_text
    press_button(app, dialog.join)
    screen = until(app, lambda: isinstance(app.screen, GameScreen) and app.screen)
    session = screen.session
    assert isinstance(session, OnlineSession) and session.side == side
    briefing = start_html(session)
    assert "a player elsewhere, through the server" in briefing and "the computer" not in briefing
    frames(app, 2)
    assert "opponent away" in screen.top.status.text
    other, decide = Remote(server.url, theirs), ai("normal", 1)
    try:
        mine = ai("normal", 2)
        def step():
            now = other.snapshot()
            if now.my_move:
                other.give(decide(now.observation))
            if session.now.my_move:
                screen.give(mine(session.now.observation))
            return session.state.over
        until(app, step, 120)
        assert "opponent away" not in screen.top.status.text
        until(app, lambda: screen.victory_shown, 30)
    finally:
        other.close()
    from game.ui import paths
    assert paths.load_settings()["online_code"] == dialog.code.get_text()  # offered again, to come back
    autosaves = os.path.join(os.environ["DUSHANBE_DATA_DIR"], "autosaves")
    assert not os.path.isdir(autosaves) or not os.listdir(autosaves)  # the server keeps an online game


def test_a_wrong_code_or_address_is_said_in_the_dialog(server):
    app = App("scenarios/kampchi_raid.yaml", size=SIZE, threaded=False, ai_delay=0)
    menu = app.screen
    press_button(app, menu.buttons["online"])
    dialog = menu.dialog
    dialog.server.set_text("http://nowhere")
    dialog.code.set_text("abc")
    press_button(app, dialog.join)
    assert "ws://HOST:PORT" in dialog.words.html_text
    dialog.server.set_text(server.url)
    dialog.code.set_text("0" * 40)
    press_button(app, dialog.join)
    until(app, lambda: "no game has this join code" in dialog.words.html_text)
    assert isinstance(app.screen, MenuScreen)


def test_a_note_written_with_n_goes_to_the_other_player_with_the_end_of_the_turn(server):
    from game.ui.online import NoteDialog
    from tests.ui_helpers import press

    app = App("scenarios/kampchi_raid.yaml", size=SIZE, threaded=False, ai_delay=0)
    menu = app.screen
    press_button(app, menu.buttons["online"])
    dialog = menu.dialog
    dialog.server.set_text(server.url)
    press_button(app, dialog.create)
    until(app, lambda: dialog.code.get_text())
    theirs = next(c for s, c in dialog.made_codes.items() if s != dialog.side)
    press_button(app, dialog.join)
    screen = until(app, lambda: isinstance(app.screen, GameScreen) and app.screen)
    session = screen.session
    other, decide = Remote(server.url, theirs), ai("normal", 1)
    try:
        def mine():
            now = other.snapshot()
            if now.my_move:
                other.give(decide(now.observation))
            return session.now.my_move
        until(app, mine)
        press(app, pygame.K_n)
        assert isinstance(screen.dialog, NoteDialog)
        screen.dialog.entry.set_text("Your flank at Regar is open.")
        press_button(app, screen.dialog.ok)
        assert screen.dialog is None and session.note == "Your flank at Regar is open."
        screen.end_turn()
        heard = until(app, lambda: [l["text"] for l in other.snapshot().log if "Your flank at Regar" in l["text"]])
        assert heard[0].startswith(f"Note from the {session.side} commander")
        assert session.note == ""
    finally:
        other.close()
