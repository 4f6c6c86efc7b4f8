"""What the window draws: colours at units' hexes, fog of war, overlays (tolerant of fonts)."""

import pygame
import pytest

from game.core.hexgrid import from_offset as off
from game.ui import theme
from game.ui.app import App
from tests.ui_helpers import click, frames, hex_pos, press, scenario_file, unit


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DUSHANBE_DATA_DIR", str(tmp_path / "data"))
    yield
    pygame.quit()


def near(colour, wanted, tolerance: int = 30) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour[:3], wanted[:3]))


def app_with(tmp_path, green, red, players=None):
    path = scenario_file(tmp_path, green=green, red=red)
    app = App(path, size=(1280, 720), players=players or {"green": "human", "red": "simple"}, threaded=False, ai_delay=0)
    frames(app)
    return app


def counter_side_pixel(app, h):
    """A point on the counter's coloured body, left of its symbol and its number."""
    x, y = hex_pos(app, h)
    size = app.screen.camera.size
    return app.window.get_at((int(x - size * 0.6), int(y + size * 0.25)))


def test_each_unit_is_drawn_in_its_sides_colour(tmp_path):
    app = app_with(tmp_path, [unit("g1", (1, 3))], [unit("r1", (6, 4))])
    sides = app.screen.session.sides
    assert near(counter_side_pixel(app, off(1, 3)), theme.side_colour(sides, "green"))
    assert near(counter_side_pixel(app, off(6, 4)), theme.side_colour(sides, "red"))


def test_hidden_enemies_are_not_drawn_but_own_hidden_units_are(tmp_path):
    app = app_with(tmp_path, [unit("g1", (5, 1))], [unit("r1", (0, 4), hidden=True)])
    red = theme.side_colour(app.screen.session.sides, "red")
    assert not near(counter_side_pixel(app, off(0, 4)), red, 60)
    watching = app_with(tmp_path, [unit("g1", (5, 1))], [unit("r1", (0, 4), hidden=True)],
                        players={"green": "simple", "red": "human"})
    seen = counter_side_pixel(watching, off(0, 4))
    assert not near(seen, theme.terrain_colour("orchard"), 10)  # drawn, faded: neither terrain nor full colour


def test_selecting_a_unit_tints_the_hexes_it_can_reach(tmp_path):
    app = app_with(tmp_path, [unit("g1", (1, 3))], [unit("r1", (7, 5))])
    x, y = hex_pos(app, off(2, 4))
    before = app.window.get_at((x, y))
    click(app, hex_pos(app, off(1, 3)))
    after = app.window.get_at((x, y))
    assert after != before and after[2] > before[2]  # sky blue added


def test_the_zone_of_control_overlay_marks_hexes_next_to_enemies(tmp_path):
    app = app_with(tmp_path, [unit("g1", (0, 0))], [unit("r1", (5, 4))])
    x, y = hex_pos(app, off(4, 4))
    fx, fy = hex_pos(app, off(1, 5))
    before, far_before = app.window.get_at((x, y - 6)), app.window.get_at((fx, fy - 6))
    press(app, pygame.K_2)
    assert app.window.get_at((x, y - 6)) != before
    assert app.window.get_at((fx, fy - 6)) == far_before
