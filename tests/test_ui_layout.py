"""Every screen lays out at every UI scale and window size: no widget sticks out of its container or overlaps
another (tests/ui_helpers.layout_problems), from the documented least window to a large one."""

import pygame
import pytest

from game.core.hexgrid import from_offset as off
from game.ui import attack, dialogs
from game.ui.app import App, shown_scale
from tests.ui_helpers import click, frames, hex_pos, layout_problems, press, scenario_file, unit

SIZES = [(1024, 640), (1280, 720), (1920, 1080), (2560, 1440)]
SCALES = [0.75, 1.0, 1.5, 2.0]


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DUSHANBE_DATA_DIR", str(tmp_path / "data"))
    yield
    pygame.quit()


def check(app, what: str) -> None:
    problems = layout_problems(app)
    assert not problems, f"{what} at {app.window.get_size()}, scale {app.chosen_scale} (shown at {app.scale}): {problems}"


@pytest.mark.briefing
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scale", SCALES)
def test_the_menu_the_game_its_dialogs_and_the_replay_lay_out(tmp_path, size, scale):
    app = App("scenarios/dushanbe_1922.yaml", size=size, threaded=False, ai_delay=0, scale=scale)
    frames(app, 2)
    check(app, "the main menu")
    click(app, app.screen.buttons["online"].get_abs_rect().center)
    frames(app, 2)
    assert app.screen.dialog is not None
    check(app, "the online dialog")
    app.screen.dialog.kill()
    app.screen.dialog = None
    app.new_game(app.loaded, {"basmachi": "human", "soviet": "normal"}, seed=5)
    frames(app, 2)
    check(app, "the briefing")
    press(app, pygame.K_RETURN)
    assert app.screen.dialog is None
    check(app, "the game")
    press(app, pygame.K_F1)
    check(app, "the help")
    app.screen.close_dialog()
    press(app, pygame.K_p)
    check(app, "the points")
    app.screen.close_dialog()
    press(app, pygame.K_r)
    check(app, "the roster")
    app.screen.close_dialog()
    from game.play.happenings import Happening
    from game.ui.account import Account

    told = Account(app, pygame.Rect(app.screen.camera.view), "Soviet",
                   [Happening("ambush", off(5, 5), (("Ambush!", "basmachi"),), "Ambush! " + "A long sentence. " * 8)] * 2)
    frames(app, 2)
    check(app, "the enemy phase's account")
    told.kill()
    for action in ("Quit", "Main menu"):
        leave = dialogs.LeaveDialog(app, "Quit the game?", action)
        frames(app, 2)
        check(app, f"the leave dialog ({action})")
        leave.kill()
    radio = dialogs.WirelessDialog(app, {station: "about 1,400 men, the first due in 12 to 20 days"
                                         for station in ("tashkent", "bukhara", "samarkand")},
                                   "7th Rifle Regiment, 1st Battalion")
    frames(app, 2)
    check(app, "the wireless dialog")
    radio.kill()
    press(app, pygame.K_s, pygame.KMOD_CTRL)
    check(app, "the save dialog")
    app.screen.close_dialog()
    app.screen.open_load_dialog()
    frames(app, 2)
    check(app, "the load list")
    app.screen.close_dialog()
    dialogs.message(app, "This save cannot be loaded:\n/a/long/path/to/a/folder/far/away/save.json:43: " + "word " * 80, "Cannot load")
    frames(app, 2)
    check(app, "a long message")
    replay = App("scenarios/dushanbe_1922.yaml", size=size, replay="tests/golden/dushanbe_1922_seed1.json", threaded=False,
                 scale=scale)
    frames(replay, 2)
    check(replay, "the replay viewer")
    press(replay, pygame.K_RIGHT)
    press(replay, pygame.K_o)
    assert replay.screen.asking is not None
    check(replay, "the play-on dialog")


@pytest.mark.parametrize("size", [SIZES[0], SIZES[-1]])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_attack_forecast_and_the_victory_screen_lay_out(tmp_path, size, scale):
    path = scenario_file(tmp_path, green=[unit("g1", (3, 3), men=400), unit("g2", (2, 2), men=300),
                                          unit("g3", (2, 2), men=300, name="A band with a rather long name of its own")],
                         red=[unit("r1", "town", men=900)])
    app = App(path, size=size, players={"green": "human", "red": "simple"}, threaded=False, ai_delay=0, scale=scale)
    frames(app, 2)
    click(app, hex_pos(app, off(2, 2)))
    click(app, hex_pos(app, off(3, 2)))
    assert isinstance(app.screen.dialog, attack.AttackDialog) and len(app.screen.dialog.picks) == 3
    check(app, "the attack forecast")
    watched = App(path, size=size, players={"green": "simple", "red": "simple"}, threaded=False, ai_delay=0, scale=scale)
    frames(watched, 300)
    assert watched.screen.session.state.over and isinstance(watched.screen.dialog, dialogs.VictoryWindow)
    check(watched, "the victory screen")


def test_a_window_too_small_for_the_chosen_scale_shows_the_largest_it_holds():
    assert shown_scale(2.0, (1024, 640)) == 1.0
    assert shown_scale(2.0, (1280, 720)) == 1.1
    assert shown_scale(2.0, (2560, 1440)) == 2.0
    assert shown_scale(0.75, (1024, 640)) == 0.75
    assert shown_scale(1.5, (1920, 1080)) == 1.5


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_hot_seat_hand_over_lays_out(tmp_path, scale):
    app = App("scenarios/dushanbe_1922.yaml", size=SIZES[0], threaded=False, ai_delay=0, scale=scale)
    app.new_game(app.loaded, {"basmachi": "human", "soviet": "human"}, seed=5)
    frames(app, 3)
    assert app.screen.handover is not None  # the first player is asked to the screen
    check(app, "the hand-over screen")


def test_tooltips_grow_with_the_ui_scale():
    from game.ui.theme import theme

    assert int(theme(2.0)["tool_tip"]["misc"]["rect_width"]) == 2 * int(theme(1.0)["tool_tip"]["misc"]["rect_width"])


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_what_is_typed_in_a_box_grows_with_the_ui_scale_as_the_words_beside_it(scale):
    """The online dialog's server and code boxes (and every box to type in) use a font of the theme's, scaled: at
    1.65 they kept the library's small default beside scaled labels (found by a play-test)."""
    app = App("scenarios/kampchi_raid.yaml", size=(1920, 1080), threaded=False, ai_delay=0, scale=scale)
    click(app, app.screen.buttons["online"].get_abs_rect().center)
    frames(app, 2)
    entry = app.screen.dialog.server
    typed = entry.font.size("ws://127.0.0.1:8765")[1]
    label = app.ui.get_theme().get_font(["label"]).size("ws://127.0.0.1:8765")[1]
    assert typed >= label


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_a_messages_button_grows_with_the_ui_scale_and_holds_its_word(scale):
    """'Report written' and every message had pygame_gui's button, 24 pixels high at any scale: at 2 its word
    stood over its edges."""
    app = App("scenarios/kampchi_raid.yaml", size=(1920, 1080), threaded=False, ai_delay=0, scale=scale)
    frames(app, 2)
    window = dialogs.message(app, "The after-action report is in\n/a/folder/report.html", "Report written")
    frames(app, 2)
    button = window.dismiss_button
    word = app.ui.get_theme().get_font(["button"]).size("Dismiss")  # (its text is a key the library translates)
    assert button.rect.height >= word[1] + app.px(8) and button.rect.width >= word[0] + app.px(16)
    assert window.get_container().get_rect().contains(button.rect)
    assert not button.rect.colliderect(window.text_block.rect)
    check(app, "a message")


def test_the_help_names_the_supply_overlays_colours_as_they_are_drawn():
    """Issue 27, 1: the help said green and an orange outline; the overlay draws blue and dotted orange."""
    from game.ui import dialogs, theme

    names = {colour: name.replace("_", " ") for name, colour in theme.OKABE_ITO.items()}
    line = next(l for l in dialogs.HELP.splitlines() if l.startswith("Supply overlay"))
    assert f"{names[theme.SUPPLY_FULL]} = supply line open" in line
    assert f"dotted {names[theme.SUPPLY_FORAGE]} = foraging ground" in line


def test_the_selected_units_panel_shows_everything_without_scrolling_at_1280x720(tmp_path):
    """Enver's band (a leader, horses, a machine gun, its way out) at the default scale: no scroll bar."""
    app = App("scenarios/dushanbe_1922.yaml", size=(1280, 720), threaded=False, ai_delay=0, scale=1.0)
    app.new_game(app.loaded, {"basmachi": "human", "soviet": "normal"}, seed=5)
    frames(app, 2)
    app.screen.session.select("enver_band")
    frames(app, 4)
    box = app.screen.side.unit
    assert "Enver Pasha" in box.html_text and "Defection risk" in box.html_text
    assert box.scroll_bar is None


def test_a_unit_on_its_way_somewhere_shows_its_go_to_without_scrolling_at_1280x720_scale_2(tmp_path):
    """Shift+click sends the Lakai horsemen to Faizobod: their panel, with the line that says where they are going,
    fits at the largest scale the least documented window shows."""
    app = App("scenarios/dushanbe_1922.yaml", size=(1280, 720), threaded=False, ai_delay=0, scale=2.0)
    app.new_game(app.loaded, {"basmachi": "human", "soviet": "normal"}, seed=5)
    frames(app, 2)
    session = app.screen.session
    session.select("lakai_horse")
    assert "go there" in session.go_to("lakai_horse", session.state.board.places["faizobod"].hex)
    frames(app, 4)
    box = app.screen.side.unit
    assert "Going to <b>Faizobod</b>" in box.html_text and "Defection risk" in box.html_text
    assert box.scroll_bar is None


@pytest.mark.parametrize("scale", [1.0, 2.0])
@pytest.mark.parametrize("side", ["basmachi", "soviet"])
def test_every_units_panel_with_a_go_to_shows_without_scrolling_at_1280x720(tmp_path, side, scale):
    """Each of the side's units, sent somewhere far (its panel's longest: leaders, a risk of defection, the go-to
    line): the panel takes room from the siege box below it rather than scroll."""
    from game.play.standing import GoTo

    app = App("scenarios/dushanbe_1922.yaml", size=(1280, 720), threaded=False, ai_delay=0, scale=scale)
    app.new_game(app.loaded, {side: "human", **{s: "normal" for s in ("basmachi", "soviet") if s != side}}, seed=5)
    frames(app, 2)
    session = app.screen.session
    until = 200
    while session.state.side != side and until:
        frames(app, 5)
        until -= 1
    far = session.state.board.places["faizobod"].hex
    for unit in session.state.units_of(side):
        session.standing[unit.id] = GoTo(unit.id, far)
        session.select(unit.id)
        frames(app, 2)
        box = app.screen.side.unit
        assert "Going to" in box.html_text and box.scroll_bar is None, unit.id
        assert app.screen.side.siege.rect.height >= app.px(60) and app.screen.side.hex.rect.height >= app.px(40)
    check(app, "the side panel with the longest unit")


def test_a_go_to_to_a_hex_with_no_place_names_the_place_near_it(tmp_path):
    app = App("scenarios/dushanbe_1922.yaml", size=(1280, 720), threaded=False, ai_delay=0)
    app.new_game(app.loaded, {"basmachi": "human", "soviet": "normal"}, seed=5)
    frames(app, 2)
    session = app.screen.session
    board = session.state.board
    near = next(h for h in sorted(board.neighbours(board.places["qarotegh"].hex)) if h not in board.place_at
                and not session.state.units_at(h))
    from game.play.standing import GoTo

    session.standing["lakai_horse"] = GoTo("lakai_horse", near)
    session.select("lakai_horse")
    frames(app, 4)
    assert "Going to <b>a hex near Qarotegh</b> (C cancels)" in app.screen.side.unit.html_text


def test_a_message_over_the_map_is_broken_into_lines_as_wide_as_the_map_allows():
    """The 'seat taken' message ran past both edges of the map at 1280x720 (found by a play-test)."""
    from game.ui.playpanels import wrapped

    pygame.font.init()
    font = pygame.font.Font(None, 20)  # (not the theme's: its fonts are kept across windows a test closes)
    text = ("Not connected: your seat was taken by another window that joined with your code. Join again from the "
            "menu with your code.")
    lines = wrapped(text, font, 400)
    assert len(lines) > 1 and " ".join(lines) == text
    assert all(font.size(line)[0] <= 400 for line in lines)
    assert wrapped("", font, 400) == [""]
