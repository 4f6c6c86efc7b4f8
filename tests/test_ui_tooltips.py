"""A tooltip is drawn above everything: one of a button behind a window it would cover goes (game/ui/tooltips.py)."""

import os

import pygame
import pygame_gui
import pytest
from pygame_gui.elements import UIButton, UIWindow

from game.ui import tooltips


@pytest.fixture
def ui():
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((800, 600))
    yield pygame_gui.UIManager((800, 600))
    pygame.quit()


def tip_over(ui, button, at):
    """The button's tooltip, as pygame_gui makes it after a hover, with its top left at `at`."""
    button.tool_tip = ui.create_tool_tip(button.tool_tip_text, at, (0, 0), parent_element=button, object_id=None)
    button.tool_tip.set_position(at)
    return button.tool_tip


def test_a_tooltip_over_a_window_opened_above_its_button_goes_and_stays_away_while_the_mouse_stays(ui):
    button = UIButton(pygame.Rect(10, 10, 100, 30), "Help", ui, tool_tip_text="Keys and how to play (F1)")
    far = UIButton(pygame.Rect(650, 10, 100, 30), "Grid", ui, tool_tip_text="The hex grid")
    window = UIWindow(pygame.Rect(100, 40, 400, 300), ui, "Help")
    tip, clear = tip_over(ui, button, (105, 45)), tip_over(ui, far, (650, 45))
    tooltips.off_windows(ui)
    assert not tip.alive() and button.tool_tip is None
    button.while_hovering(5.0, (60, 25))  # the mouse stays on the button for seconds: no tooltip again
    assert button.tool_tip is None
    assert clear.alive() and far.tool_tip is clear  # a tooltip clear of every window stays
    window.kill()
    button.on_hovered()  # the mouse left and came back
    button.while_hovering(5.0, (60, 25))
    button.while_hovering(0.1, (60, 25))
    assert button.tool_tip is not None


def test_a_tooltip_of_a_button_in_the_window_on_top_stays(ui):
    window = UIWindow(pygame.Rect(100, 40, 400, 300), ui, "Save game")
    ok = UIButton(pygame.Rect(10, 10, 100, 30), "Save", ui, container=window, tool_tip_text="Save it here")
    tip = tip_over(ui, ok, (150, 120))
    tooltips.off_windows(ui)
    assert tip.alive() and ok.tool_tip is tip
    UIWindow(pygame.Rect(120, 60, 300, 200), ui, "Another, above it")
    tooltips.off_windows(ui)
    assert not tip.alive()


def test_a_hover_tip_too_tall_for_below_or_above_the_mouse_stands_beside_it_not_at_the_corner(ui):
    """At UI scale 2 the tooltip of a stack of many units did not fit below nor above the mouse: pygame_gui left it
    at the window's corner, over the buttons (found by a play-test); it stands beside the mouse, in the window."""
    import warnings

    from game.ui.panels import HoverTip

    tall = "<br>".join(f"7th Rifle Regiment, battalion {k}: 400 men, Soviet" for k in range(7))
    tip = HoverTip(ui, 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (pygame_gui warns that it cannot fit it)
        tip.update(1.0, "stack", lambda: tall, (400, 300))
    rect = tip.tip.rect
    assert pygame.Rect(0, 0, 800, 600).contains(rect) and rect.top > 0 and rect.height > 300, rect
    assert rect.left >= 400 + 16 or rect.right <= 400 - 16  # beside the mouse, not under it


def test_the_menus_drop_downs_show_their_tooltips_where_the_mouse_rests(tmp_path, monkeypatch):
    """pygame_gui gave a drop-down's tooltip to the menu, under its buttons, so the AI level's never showed (a
    play-test asked what the levels mean): its buttons carry it, also once the menu was opened and closed."""
    from game.ui.app import App
    from tests.ui_helpers import frames

    monkeypatch.setenv("DUSHANBE_DATA_DIR", str(tmp_path))
    app = App("scenarios/dushanbe_1922.yaml", size=(1280, 720), threaded=False)
    frames(app, 2)
    level = app.screen.dropdowns["level"]
    assert "<b>hard</b>: " in level.tool_tip_text
    buttons = level.current_state.active_buttons
    assert buttons and all(b.tool_tip_text == level.tool_tip_text for b in buttons)
    level.current_state.finish()  # opened and closed: its buttons are made anew
    level.current_state = level.menu_states["expanded"]
    level.current_state.start()
    frames(app, 2)
    assert all(b.tool_tip_text == level.tool_tip_text for b in level.current_state.active_buttons)
