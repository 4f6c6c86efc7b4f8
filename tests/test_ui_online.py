"""The window's Online game: made from the menu, joined, played through a server against a player elsewhere."""

from __future__ import annotations

import os
import time

import pygame
import pytest

from game.online.remote import Remote
from game.online.session import OnlineSession
from game.ui.briefing import start_html
from game.ui.texts import score_lines
from game.ui.app import App
from game.ui.menus import MenuScreen
from game.ui import dialogs
from game.ui.online import OnlineDialog
from game.ui.play import GameScreen
from tests.serving import Server
from tests.test_online import ai
from tests.test_ui_app import data_dir  # noqa: F401  (autouse: a data folder of its own, pygame shut after)
from tests.ui_helpers import frames, press_button, scenario_file

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


def wait(ready, seconds: float = 30.0):
    """`ready()` once it is true (a seat's thread brings news on its own; no window to draw meanwhile)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = ready()
        if found:
            return found
        time.sleep(0.01)
    raise AssertionError("not in time")


def small_map(tmp_path, green: list, red: list) -> str:
    """The small map of the one-screen tests (tests/builders.py) with no places and nothing to win but the fight."""
    return scenario_file(tmp_path, green=green, red=red, map__places=[], victory__objectives=[],
                         victory__sudden_death=[])


def over_to(other: Remote, app, screen) -> None:
    """The window's phase ended as soon as it is its own: on until the `other` seat is to move."""
    until(app, lambda: screen.session.now.my_move)
    screen.end_turn(sure=True)
    until(app, lambda: other.snapshot().my_move)


def seated(scenario: str, server) -> tuple:
    """A window that made a game of `scenario` from the menu and took its seat: (app, its game screen, the other
    side's code)."""
    app = App(scenario, size=SIZE, threaded=False, ai_delay=0)
    press_button(app, app.screen.buttons["online"])
    dialog = app.screen.dialog
    dialog.server.set_text(server.url)
    press_button(app, dialog.create)
    until(app, lambda: dialog.code.get_text())
    theirs = next(c for s, c in dialog.made_codes.items() if s != dialog.side)
    press_button(app, dialog.join)
    return app, until(app, lambda: isinstance(app.screen, GameScreen) and app.screen), theirs


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
        truth = score_lines(session.record().final)  # the points of the whole game, as the server played it
        assert all(line in screen.dialog.result for line in truth)
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
    import socket

    with socket.socket() as unused:  # a port nobody listens on: the dialog names the address and why, as it retries
        unused.bind(("127.0.0.1", 0))
        dead = f"ws://127.0.0.1:{unused.getsockname()[1]}"
    dialog.server.set_text(dead)
    press_button(app, dialog.join)
    said = until(app, lambda: "trying again" in dialog.words.html_text and dialog.words.html_text)
    assert f"No game server answers at {dead} (connection refused)" in said and "dushanbe serve" in said


def test_a_note_written_with_n_goes_to_the_other_player_with_the_end_of_the_turn(server):
    from game.play.log import side_name
    from game.ui.online import NoteDialog

    app, screen, theirs = seated("scenarios/kampchi_raid.yaml", server)
    session = screen.session
    other, decide = Remote(server.url, theirs), ai("normal", 1)
    try:
        def mine():
            now = other.snapshot()
            if now.my_move:
                other.give(decide(now.observation))
            return session.now.my_move
        until(app, mine)
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_n, mod=0, unicode="n", scancode=0))
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="n"))  # (as the system sends a letter key)
        frames(app, 3)
        assert isinstance(screen.dialog, NoteDialog) and screen.dialog.entry.get_text() == ""  # N is not typed in
        for letter in "no":
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=letter))
            frames(app, 1)
        assert screen.dialog.entry.get_text() == "no"  # an n typed in the box is
        screen.dialog.entry.set_text("Your flank at Regar is open.")
        press_button(app, screen.dialog.ok)
        assert screen.dialog is None and session.note == "Your flank at Regar is open."
        screen.end_turn(sure=True)
        heard = until(app, lambda: [l["text"] for l in other.snapshot().log if "Your flank at Regar" in l["text"]])
        assert heard[0].startswith(f"Note from the {side_name(session.state, session.side)} commander")
        assert heard[0][len("Note from the "):][0].isupper()
        assert session.note == ""
    finally:
        other.close()


@pytest.mark.account
def test_a_note_from_the_other_player_is_told_first_as_the_phase_opens(server):
    """The other player's note stood only at the log's end, easy to miss (found by a play-test): the phase opens
    with it, first in the account of what the other side did, and the map does not move for it."""
    from game.core.orders import EndPhase

    app, screen, theirs = seated("scenarios/kampchi_raid.yaml", server)
    session = screen.session
    other = Remote(server.url, theirs)
    try:
        over_to(other, app, screen)
        side = other.snapshot().side
        other.give(EndPhase(side), "Hold the bridge at Regar.")
        account = until(app, lambda: screen.account)
        first = account.items[0]
        assert first.kind == "note" and first.at is None and first.told.endswith("commander: Hold the bridge at Regar.")
        assert "Hold the bridge at Regar." in account.text.html_text
        assert not any(m[0] is first for m in screen.marks.happenings)  # nothing drawn on the map for it
        mine = session.remote.code
        screen.close_account()
        screen.end_turn(sure=True)
        until(app, lambda: other.snapshot().my_move)
        app.menu()  # the window leaves; the other player ends its phase with a note meanwhile
        other.give(EndPhase(side), "The ford at Kofarnihon is ours.")
        press_button(app, app.screen.buttons["online"])
        dialog = app.screen.dialog
        dialog.server.set_text(server.url)
        dialog.code.set_text(mine)
        press_button(app, dialog.join)
        again = until(app, lambda: isinstance(app.screen, GameScreen) and app.screen)
        account = until(app, lambda: again.account)  # joined again: the note sent while away comes first
        assert account.items[0].kind == "note" and account.items[0].told.endswith("The ford at Kofarnihon is ours.")
        assert not any("Hold the bridge" in item.told for item in account.items)  # (read before: not told again)
    finally:
        other.close()


def test_a_go_to_order_in_an_online_game_moves_the_unit_on_by_itself_one_order_at_a_time(server):
    """Shift+click's go-to works apart as at one screen: the unit moves at once as far as it can, and at the start
    of the side's next phase it moves on by itself (each move sent to the server once it has taken the last one),
    until it arrives or stops with a word why."""
    from game.core.hexgrid import distance
    from game.play.standing import route

    app, screen, theirs = seated("scenarios/dushanbe_1922.yaml", server)
    session = screen.session
    other, decide = Remote(server.url, theirs), ai("normal", 1)
    settled = lambda: not session.now.waiting and not session.going and session.leg is None  # noqa: E731
    try:
        def mine():
            now = other.snapshot()
            if now.my_move:
                other.give(decide(now.observation))
            return session.now.my_move and screen.dialog is None or (screen.dialog and screen.dialog.kill())
        until(app, mine)
        known = session.state
        enemies = [u.hex for u in known.units.values() if u.side != session.side]
        clear = lambda h: min((distance(h, e) for e in enemies), default=99)  # noqa: E731
        unit = max((u for u in known.units.values() if u.side == session.side and u.moves_left),
                   key=lambda u: (clear(u.hex), u.id))
        far = max((h for h in known.board.terrain if route(known, unit, h)),  # a long way, away from the enemy
                  key=lambda h: (clear(h) > 4, len(route(known, unit, h)), h))
        assert " there: about" in session.go_to(unit.id, far) and unit.id in session.standing
        until(app, settled)
        first = session.state.units[unit.id].hex
        assert first != unit.hex  # moved at once
        if unit.id not in session.standing:
            return  # (stopped at once, with a word: nothing left to carry on)
        screen.end_turn(sure=True)
        shown = []

        def next_phase():
            now = other.snapshot()
            if now.my_move:
                other.give(decide(now.observation))
            if screen.note:
                shown.append(screen.note[0])
            return session.now.my_move and session.state.turn > known.turn and settled() and screen.accounted
        until(app, next_phase, 60)
        later = session.state.units.get(unit.id)
        assert (later is not None and later.hex != first) or any(unit.name in n for n in shown)
        sent = [o for o in session.remote.snapshot().observation.units if o.id == unit.id]
        assert sent and sent[0].hex == later.hex  # the server's game has the unit where the window shows it
    finally:
        other.close()


def test_go_to_orders_apart_arrive_and_stop_as_at_one_screen(server, tmp_path):
    """The small map of the one-screen test (tests/test_ui_session.py), played apart: Green's first band is sent
    across it and moves on at the start of each of Green's phases, one order at a time through the server, until
    it arrives; the second, sent toward Red, stops when Red comes in sight near it."""
    import asyncio

    from game.core.hexgrid import distance, from_offset as off
    from game.core.orders import EndPhase
    from game.online import client
    from game.scenario.validate import load_scenario
    from tests.builders import unit

    loaded = load_scenario(small_map(tmp_path, [unit("g1", (0, 1), men=200), unit("g2", (0, 5), men=200)],
                                     [unit("r1", (7, 5), men=100)]))
    codes = asyncio.run(client.create(server.url, loaded, None, 1))["codes"]
    green, red = Remote(server.url, codes["green"]), Remote(server.url, codes["red"])

    try:
        s = OnlineSession.joined(green, wait(lambda: green.snapshot().my_move and green.snapshot()), loaded)
        notes: list[str] = []

        def settled():
            news = s.refresh()
            notes.extend(n for n in news.split("; ") if n)
            return not s.now.waiting and not s.going and s.leg is None

        far = off(7, 1)
        assert "goes there: about" in s.go_to("g1", far)
        wait(settled)
        moved = s.state.units["g1"].hex
        assert moved != off(0, 1) and "g1" in s.standing  # as far as it could at once
        s.go_to("g2", off(6, 5))
        wait(settled)
        hexes = [moved]
        for _ in range(6):
            if not s.standing:
                break
            s.end_phase()
            wait(lambda: red.snapshot().my_move)
            red.give(EndPhase("red"))
            wait(lambda: s.refresh() is not None and s.now.my_move)
            notes += s.carry_out("green")  # (what the window does as Green's phase begins)
            wait(settled)
            hexes.append(s.state.units["g1"].hex)
        assert s.state.units["g1"].hex == far and "G1 has arrived" in notes
        assert len(set(hexes)) > 2  # it moved on by itself in later phases, not only at once
        assert any(n.startswith("G2 stops: R1 is in sight") for n in notes) and not s.standing
        assert distance(s.state.units["g2"].hex, s.state.units["r1"].hex) <= 3
    finally:
        green.close()
        red.close()


def test_go_to_orders_are_kept_by_the_server_for_their_seat_alone_and_carried_on_after_joining_again(
        server, tmp_path):
    """A player who leaves with a unit on its way finds the go-to again on joining with the code (the server keeps
    a seat's plan, as it keeps its orders); the other side is never sent it."""
    import asyncio

    from game.core.hexgrid import from_offset as off
    from game.core.orders import EndPhase
    from game.online import client
    from game.scenario.validate import load_scenario
    from tests.builders import unit

    loaded = load_scenario(small_map(tmp_path, [unit("g1", (0, 1), men=200)], [unit("r1", (7, 5), men=100)]))
    codes = asyncio.run(client.create(server.url, loaded, None, 1))["codes"]
    red = Remote(server.url, codes["red"])
    seats = [Remote(server.url, codes["green"])]

    try:
        s = OnlineSession.joined(seats[0], wait(lambda: seats[0].snapshot().my_move and seats[0].snapshot()), loaded)
        settled = lambda: s.refresh() is not None and not s.now.waiting and not s.going and s.leg is None  # noqa: E731
        far = off(7, 1)
        assert "goes there: about" in s.go_to("g1", far)
        wait(settled)
        first = s.state.units["g1"].hex
        wait(lambda: s.refresh() is not None and seats[0]._plan_kept is not None)  # (the server said it has it)
        seats[0].close()  # the player leaves, and joins again with the code
        seats.append(Remote(server.url, codes["green"]))
        again = OnlineSession.joined(seats[1], wait(lambda: seats[1].snapshot().my_move and seats[1].snapshot()),
                                     loaded)
        assert again.standing == {"g1": s.standing["g1"]} and again.standing["g1"].to == far
        assert wait(lambda: red.snapshot().observation) and red.snapshot().plan == ()  # never the other side's
        again.end_phase()
        wait(lambda: red.snapshot().my_move)
        red.give(EndPhase("red"))
        wait(lambda: again.refresh() is not None and again.now.my_move)
        again.carry_out("green")  # (what the window does as Green's phase begins)
        wait(lambda: again.refresh() is not None and not again.now.waiting and not again.going and again.leg is None)
        assert again.state.units["g1"].hex != first  # carried on by itself after joining again
    finally:
        for seat in (*seats, red):
            seat.close()


def test_an_online_window_says_over_the_map_while_the_server_is_away_and_does_not_offer_to_save(server):
    """Save is greyed with the reason (the server keeps the game; Ctrl+S says so too); a lost server is said over
    the map, with the seconds to the next try, until it answers again; an order given meanwhile is said to wait,
    and is taken once it answers."""
    app, screen, _ = seated("scenarios/kampchi_raid.yaml", server)
    session = screen.session
    frames(app, 2)
    save = screen.top.buttons["save"]
    assert not save.is_enabled and "server keeps an online game" in save.why_not
    assert session.why_no_undo() == "an online game has no undo: the server has every order"
    screen.open_save_dialog()
    assert screen.dialog is None or not isinstance(screen.dialog, dialogs.SaveDialog)
    assert screen.note[0].startswith("Not saved here: the server keeps")
    assert session.banner() == ""
    until(app, lambda: session.now.my_move)
    server.kill()
    until(app, lambda: "out of reach: trying again" in session.banner())
    assert "Your orders are kept" in session.banner()
    before = session.now.seq
    from game.core.orders import Move

    uid = next(u.id for u in sorted(session.state.units.values(), key=lambda u: u.id) if u.side == session.side
               and len(session.reach(u.id)) > 1)
    to = next(h for h in sorted(session.reach(uid)) if h != session.state.units[uid].hex)
    session.give(Move(uid, to))  # an order while the server is away
    frames(app, 2)
    assert "Your order is kept: it goes to the server when it answers" in session.banner()
    assert "your order waits to be sent" in screen.top.status.text
    assert any(way[-1] == to and way[0] == session.state.units[uid].hex for way, _ in screen.marks.routes)  # shown
    press_button(app, screen.top.buttons["menu"])  # leaving now would lose it: asked first
    asked = screen.confirming
    assert isinstance(asked, dialogs.LeaveDialog) and not asked.save_button.visible
    assert asked.confirm_button.text == "Main menu, order lost"
    press_button(app, asked.cancel_button)
    assert screen.confirming is None and app.screen is screen
    server.restart()
    until(app, lambda: session.banner() == "" and session.now.status == "playing" and session.now.seq > before)
    frames(app, 2)
    assert not session.waiting_move()
    assert not any(way[-1] == to for way, _ in screen.marks.routes)  # taken: the unit itself shows it now


@pytest.mark.account
def test_an_online_players_phase_opens_with_what_it_saw_the_other_player_do(server, tmp_path):
    """Red, a player elsewhere, attacks Green's band and ends its phase: Green's window opens its phase with the
    fight told over on the map, as at one screen."""
    from game.core.hexgrid import distance, from_offset as off
    from game.core.orders import Attack, EndPhase
    from tests.builders import unit

    assert distance(off(2, 3), off(3, 3)) == 1
    path = small_map(tmp_path, [unit("g1", (2, 3), men=150)], [unit("r1", (3, 3), men=400)])
    app, screen, theirs = seated(path, server)
    session = screen.session
    red = Remote(server.url, theirs)
    try:
        over_to(red, app, screen)
        before = red.snapshot().seq
        red.give(Attack(("r1",), off(2, 3)))
        until(app, lambda: red.snapshot().seq > before and red.snapshot().my_move)  # (the attack taken)
        red.give(EndPhase("red"))
        account = until(app, lambda: screen.account)
        assert account.items and account.items[0].kind == "combat" and account.items[0].at == off(2, 3)
        assert "R1" in account.items[0].told
        app.resize(SIZE[0] - 200, SIZE[1] - 100)  # the window made smaller: the game goes on, connected, told over
        frames(app, 5)
        assert app.screen is screen and screen.account is not None and screen.account.items == account.items
        assert screen.account.panel.alive() and not session.now.given_up and "not connected" not in session.banner()
        before = session.now.seq
        screen.end_turn(sure=True)  # and an order still goes through
        until(app, lambda: red.snapshot().my_move and red.snapshot().seq > before)
    finally:
        red.close()


def test_the_codes_of_a_game_made_are_kept_before_joining_and_offered_again(server):
    """Create keeps every side's code at once (the server keeps only their hashes: a window that closed before
    Join, or before the other code was sent, would lose the game); the dialog says them again next time."""
    from game.ui import paths

    app = App("scenarios/kampchi_raid.yaml", size=SIZE, threaded=False, ai_delay=0)
    press_button(app, app.screen.buttons["online"])
    dialog = app.screen.dialog
    dialog.server.set_text(server.url)
    press_button(app, dialog.create)
    until(app, lambda: dialog.code.get_text())
    kept = paths.load_settings()
    assert kept["online_code"] == dialog.made_codes[dialog.side] and kept["online_server"] == server.url
    assert kept["online_made"]["codes"] == dialog.made_codes
    app.quit()
    again = App("scenarios/kampchi_raid.yaml", size=SIZE, threaded=False, ai_delay=0)  # (as after a crash)
    press_button(again, again.screen.buttons["online"])
    shown = again.screen.dialog.words.html_text
    assert again.screen.dialog.code.get_text() == dialog.made_codes[dialog.side]
    assert all(code in shown for code in dialog.made_codes.values()) and "The game you made last" in shown
    assert "Basmachi: <b>" in shown and "Soviet: <b>" in shown


def test_a_window_whose_seat_was_taken_elsewhere_says_so_and_takes_no_order(server):
    """Another window joins with this window's code: this one says over the map that its seat was taken, gives no
    order (one would never be sent) and does not reconnect."""
    from game.core.engine import IllegalOrder

    app, screen, _ = seated("scenarios/kampchi_raid.yaml", server)
    session = screen.session
    until(app, lambda: session.now.my_move)
    order = ai("normal", 1)(session.now.observation)
    elsewhere = Remote(server.url, session.remote.code)
    try:
        until(app, lambda: "your seat was taken by another window" in session.banner())
        with pytest.raises(IllegalOrder, match="not connected"):
            session.give(order)
        frames(app, 3)
        assert "your seat was taken by another window" in session.banner() and not session.now.waiting
        assert not screen.side.end.is_enabled and not screen.humans_turn()  # nothing offers an order any more
        assert screen.not_your_move().startswith("not connected: your seat was taken")
        screen.session.select(None)
        frames(app, 3)
        said = screen.side.unit.html_text
        assert "Not connected: your seat was taken" in said and "can still move" not in said
        wait(lambda: elsewhere.snapshot().my_move)
        assert session.now.status == "refused"
    finally:
        elsewhere.close()


@pytest.mark.briefing
def test_an_online_game_is_briefed_when_first_joined_not_on_joining_again(server):
    from game.ui.briefing import Briefing

    app, screen, _ = seated("scenarios/kampchi_raid.yaml", server)
    until(app, lambda: isinstance(screen.dialog, Briefing))
    screen.close_dialog()
    code = screen.session.remote.code
    press_button(app, screen.top.buttons["menu"])
    frames(app, 3)
    press_button(app, app.screen.buttons["online"])
    dialog = app.screen.dialog
    dialog.server.set_text(server.url)
    dialog.code.set_text(code)
    press_button(app, dialog.join)
    again = until(app, lambda: isinstance(app.screen, GameScreen) and app.screen is not screen and app.screen)
    frames(app, 5)
    assert again.briefed and not isinstance(again.dialog, Briefing)
