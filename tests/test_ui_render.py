"""What the window draws: colours at units' hexes, fog of war, overlays (tolerant of fonts)."""

import math

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
    app = app_with(tmp_path, [unit("g1", (1, 3))], [unit("r1", (4, 4))])  # the enemy 3 hexes off, in sight
    sides = app.screen.session.sides
    assert near(counter_side_pixel(app, off(1, 3)), theme.side_colour(sides, "green"))
    assert near(counter_side_pixel(app, off(4, 4)), theme.side_colour(sides, "red"))


def test_out_of_sight_the_map_is_dimmed_and_an_enemy_there_is_not_drawn(tmp_path):
    app = app_with(tmp_path, [unit("g1", (1, 3))], [unit("r1", (6, 4))])  # 5 hexes off: out of sight
    red = theme.side_colour(app.screen.session.sides, "red")
    assert not near(counter_side_pixel(app, off(6, 4)), red, 60)
    close, far = app.window.get_at(hex_pos(app, off(2, 3))), app.window.get_at(hex_pos(app, off(7, 3)))
    assert sum(far[:3]) < sum(close[:3]) - 60  # the same farmland, dimmed beyond sight


def test_where_an_enemy_was_last_seen_a_grey_marker_stays(tmp_path):
    from game.core.rules.memory import Sighting

    app = app_with(tmp_path, [unit("g1", (1, 3))], [unit("r1", (6, 4))])
    session = app.screen.session
    spot = off(6, 1)
    before = counter_side_pixel(app, spot)
    session.start.sightings["green"]["r1"] = Sighting("red", "infantry", "R1", spot, 0, 300, "seen")
    session._sight = (None, {})
    frames(app)
    marker = counter_side_pixel(app, spot)
    red = theme.side_colour(session.sides, "red")
    assert marker != before and not near(marker, red, 40)  # drawn, and grey rather than red


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
    app = app_with(tmp_path, [unit("g1", (2, 3))], [unit("r1", (5, 4))])
    x, y = hex_pos(app, off(4, 4))
    fx, fy = hex_pos(app, off(1, 5))
    before, far_before = app.window.get_at((x, y - 6)), app.window.get_at((fx, fy - 6))
    press(app, pygame.K_2)
    assert app.window.get_at((x, y - 6)) != before
    assert app.window.get_at((fx, fy - 6)) == far_before


@pytest.mark.parametrize("size, view, scroll", [
    (20, (0, 40, 1000, 600), (0, 0)),
    (30, (0, 60, 900, 500), (120, 80)),
    (12, (10, 80, 700, 420), (0, 0)),
    (44, (0, 36, 1200, 640), (300, 500)),
])
def test_the_reach_tint_covers_exactly_the_hexes_the_unit_can_reach(size, view, scroll):
    """Drawn alone on a blank surface, the tint lies on each reachable hex's centre and on no other."""
    from game.core.rules import movement
    from game.core.setup import make_setup, new_game
    from game.scenario.validate import load_scenario
    from game.ui.camera import Camera
    from game.ui.mapview import Marks, MapView

    pygame.display.init()
    loaded = load_scenario("scenarios/dushanbe_1922.yaml")
    setup = make_setup(loaded.scenario, loaded.rules)
    state, _ = new_game(setup, 1)
    cam = Camera(setup.board.width, setup.board.height, view, size)
    cam.ox, cam.oy = scroll
    for uid in ("rifles_7_1", "lakai_horse"):  # the Dushanbe garrison and the Lakai horsemen
        unit = state.units[uid]
        cam.centre_on(unit.hex)
        reach = set(movement.reachable(state, unit))
        assert len(reach) > 3
        surface = pygame.Surface((view[0] + view[2], view[1] + view[3]), pygame.SRCALPHA)
        MapView(setup.board, loaded.scenario, cam).draw_reach(surface, Marks(reach=reach))
        on_screen = [h for h in setup.board.hexes if cam.shows(h, 0.02)]
        tinted = {h for h in on_screen if surface.get_at(cam.screen_of(h))[3] > 0}
        assert tinted == reach & set(on_screen), uid


def test_a_river_that_a_track_follows_stays_in_sight():
    """The Dushanbinka runs beside the Kofarnihon valley road: at every hex they share (places aside) the river
    shows near the hex's centre, and the track beside it."""
    from game.core.setup import make_setup
    from game.scenario.validate import load_scenario
    from game.ui.camera import Camera
    from game.ui.layers import MapArt

    pygame.display.init()
    loaded = load_scenario("scenarios/dushanbe_1922.yaml")
    board = make_setup(loaded.scenario, loaded.rules).board
    art = MapArt(board, loaded.scenario)
    on_track = {h for pair in board.tracks for h in pair}
    shared = [h for name, hexes in art.rivers if name.startswith("Dushanbinka") for h in hexes
              if h in on_track and h not in board.place_at]
    assert len(shared) >= 2
    for size in (14, 20, 30):
        cam = Camera(board.width, board.height, (0, 0, 800, 600), size)
        layer = art.render(cam, size, grid=False, detail=False)
        for h in shared:
            x, y = cam.world_of(h, size)
            r = int(size * 0.3)  # the smoothed curve cuts a bend's corner
            around = [layer.get_at((int(x + dx), int(y + dy))) for dx in range(-r, r + 1) for dy in range(-r, r + 1)]
            assert any(near(c, theme.RIVER, 12) for c in around), (h, size)
            ring = [layer.get_at((int(x + size * 0.6 * math.cos(a / 12 * math.tau)), int(y + size * 0.6 * math.sin(a / 12 * math.tau))))
                    for a in range(12)]
            assert not all(near(c, theme.RIVER, 40) for c in ring)  # a line, not a flood


@pytest.mark.parametrize("size", [8, 14, 20, 30])
def test_place_names_never_run_together_and_stay_in_the_view(size):
    from game.core.setup import make_setup
    from game.scenario.validate import load_scenario
    from game.ui.camera import Camera
    from game.ui.app import forget_drawings
    from game.ui.layers import name_spots

    pygame.display.init()
    pygame.font.init()
    forget_drawings()
    loaded = load_scenario("scenarios/dushanbe_1922.yaml")
    board = make_setup(loaded.scenario, loaded.rules).board
    cam = Camera(board.width, board.height, (0, 40, 1100, 620), size)
    cam.centre_on(board.places["dushanbe"].hex)
    spots = name_spots(board, cam)
    names = [n for n, _, _ in spots]
    assert "Dushanbe" in names  # the town always keeps its name
    view = pygame.Rect(cam.view)
    for i, (_, a, _) in enumerate(spots):
        assert view.contains(a)
        assert not any(a.colliderect(b) for _, b, _ in spots[i + 1:])


def test_a_place_name_is_drawn_over_the_counter_standing_there(tmp_path):
    """The garrison's counter stands on Dushanbe: the name under the marker is still drawn, in its own colour."""
    app = App("scenarios/dushanbe_1922.yaml", size=(1280, 720), threaded=False, ai_delay=0)
    app.new_game(app.loaded, {"basmachi": "human", "soviet": "normal"}, seed=5)
    frames(app, 3)
    from game.ui.layers import name_spots

    cam = app.screen.camera
    cam.zoom_to(30)
    cam.centre_on(app.screen.session.state.board.places["dushanbe"].hex)
    frames(app, 3)
    (rect,) = [r for n, r, _ in name_spots(app.screen.session.state.board, cam) if n == "Dushanbe"]
    text = [app.window.get_at((x, y)) for x in range(rect.left, rect.right) for y in range(rect.top, rect.bottom)]
    assert sum(near(c, (255, 250, 235), 6) for c in text) > 20


def deuteranope(colour):
    """How a deuteranope sees an sRGB colour (Machado, Oliveira and Fernandes 2009, severity 1.0), linear-light."""
    lin = [((c / 255 + 0.055) / 1.055) ** 2.4 if c / 255 > 0.04045 else c / 255 / 12.92 for c in colour[:3]]
    m = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881))
    return tuple(max(0.0, min(1.0, sum(a * b for a, b in zip(row, lin)))) for row in m)


def test_the_supply_overlay_stays_two_colours_for_a_deuteranope():
    """Open supply and foraging ground: far apart in colour as a deuteranope sees them (the old green and orange
    were 0.43 apart, the new blue and orange 0.77), and foraging ground dotted besides."""
    full, forage = deuteranope(theme.SUPPLY_FULL), deuteranope(theme.SUPPLY_FORAGE)
    assert math.dist(full, forage) > 0.5


@pytest.mark.parametrize("size", [20, 30])
def test_horse_and_foot_counters_differ_at_a_glance(size):
    """At the default zoom (20) and closer, a mounted counter's symbol differs from a foot one's over most of its field."""
    from game.ui import sprites
    from game.ui.app import forget_drawings

    pygame.display.init()
    pygame.font.init()
    forget_drawings()
    foot, horse = (sprites.counter((0, 114, 178), kind, 300, size) for kind in ("infantry", "cavalry"))
    w, h = max(10, int(size * 1.5)), max(8, int(size * 1.12))  # the counter's body, as sprites.counter draws it
    box = pygame.Rect(0, 0, int(w * 0.56), max(4, int(h * 0.38)))
    box.midtop = (1 + w // 2, 1 + max(1, int(h * 0.1)))
    field = [(x, y) for x in range(box.left, box.right) for y in range(box.top, box.bottom)]  # the symbol's field
    differ = sum(foot.get_at(p) != horse.get_at(p) for p in field)
    assert differ > 0.5 * len(field)


def test_night_darkens_the_map_and_snow_rain_and_smoke_show(tmp_path):
    app = app_with(tmp_path, [unit("g1", (1, 3))], [unit("r1", (7, 5))])
    state = app.screen.session.state
    view = pygame.Rect(app.screen.camera.view)
    points = [(x, y) for x in range(view.left + 5, view.right - 5, 7) for y in range(view.top + 5, view.bottom - 5, 7)]

    def look(weather, turn):
        state.weather, state.turn = weather, turn
        frames(app, 2)
        return [app.window.get_at(p) for p in points]

    light = lambda px: sum(sum(c[:3]) for c in px) / len(px)
    day, night = look("clear", 0), look("clear", 1)
    assert light(night) < 0.8 * light(day)
    shot = lambda: pygame.surfarray.array3d(app.window.subsurface(view)).astype(int)
    look("clear", 0)
    clear = shot()
    look("snow", 0)
    flakes = ((shot() - clear) > 30).all(axis=2).sum()  # pixels turned white
    assert flakes > view.width * view.height // 2000  # flakes all over the map
    assert look("rain", 0) != day and look("smoke", 0) != day


def test_relief_shading_makes_the_range_read_as_terrain():
    """Mountain hexes are no longer one grey: lit from the north-west, snow-capped deep in the range, darker at
    its edge."""
    from game.core.setup import make_setup
    from game.scenario.validate import load_scenario
    from game.ui.camera import Camera
    from game.ui.layers import MapArt, range_depth

    pygame.display.init()
    loaded = load_scenario("scenarios/dushanbe_1922.yaml")
    board = make_setup(loaded.scenario, loaded.rules).board
    cam = Camera(board.width, board.height, (0, 0, 800, 600), 14)
    layer = MapArt(board, loaded.scenario).render(cam, 14, grid=False, detail=False)
    depth = range_depth(board)
    colour = lambda h: tuple(layer.get_at(tuple(int(v) for v in cam.world_of(h, 14))))[:3]
    mountains = [h for h in board.hexes if board.terrain[h] == "mountains"]
    assert len({colour(h) for h in mountains}) >= 8
    light = lambda hexes: sum(sum(colour(h)) for h in hexes) / len(hexes)
    deep, edge = [h for h in mountains if depth[h] >= 5], [h for h in mountains if depth[h] == 1]
    assert deep and edge and light(deep) > light(edge) + 60


def lit_rows_and_width(surface, rect) -> tuple[int, int]:
    """Rows and columns of near-white pixels (a counter's digits) inside `rect` of `surface`."""
    rows, cols = set(), set()
    for y in range(rect.top, rect.bottom):
        for x in range(rect.left, rect.right):
            if min(surface.get_at((x, y))[:3]) > 170:
                rows.add(y)
                cols.add(x)
    return (max(rows) - min(rows) + 1, max(cols) - min(cols) + 1) if rows else (0, 0)


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_a_counters_strength_is_drawn_at_least_10_px_tall_at_the_zoom_the_game_opens_at(size):
    """The main map as a new game opens: the garrison of Dushanbe's counter, on screen, has digits 10 px tall or
    more, at their full width (not squeezed to fit)."""
    from game.ui.sprites import counter

    app = App("scenarios/dushanbe_1922.yaml", size=size, threaded=False, ai_delay=0)
    app.new_game(app.loaded, {"basmachi": "human", "soviet": "normal"}, seed=5)
    frames(app, 3)
    screen = app.screen
    town = screen.session.state.board.places["dushanbe"].hex
    assert screen.camera.shows(town)
    art = counter((0, 114, 178), "infantry", 2150, int(screen.camera.size))
    w, h = art.get_size()
    x, y = screen.camera.screen_of(town)
    shown = app.window.subsurface(pygame.Rect(x - w // 2, y - h // 2, w, h).clip(app.window.get_rect())).copy()
    lower = pygame.Rect(0, int(shown.get_height() * 0.55), shown.get_width(), shown.get_height() - int(shown.get_height() * 0.55))
    rows, _ = lit_rows_and_width(shown, lower)
    assert rows >= 10, f"digits {rows} px tall at hex size {screen.camera.size}"
    drawn_rows, drawn_w = lit_rows_and_width(art, pygame.Rect(0, int(h * 0.55), w, h - int(h * 0.55)))
    assert drawn_rows >= 10
    from game.ui import theme
    assert theme.font(int((h - 2) * 0.56), bold=True).size("2150")[0] <= w - 2  # four digits fit unsqueezed


def test_with_the_supply_overlay_on_the_selected_units_line_is_traced_and_what_cuts_it_is_crossed_out(tmp_path):
    """Red's far unit is cut off by Green's band on the road: with the overlay on (1) its way from the depot is
    drawn and the hexes that cut it crossed out in red; the panel says how many; off again, no trace."""
    from tests.builders import place

    depot = place("depot", (0, 3), kind="depot", supply_source=["red"], rear=True, held_by="red")
    path = scenario_file(tmp_path, green=[unit("g1", (5, 3), men=400)], red=[unit("r1", (2, 3)), unit("r_far", (7, 3))],
                         map__places=[depot], map__tracks=[{"name": "road", "hexes": [[0, 3], [7, 3]]}],
                         victory__objectives=[], victory__sudden_death=[])
    app = App(path, size=(1280, 720), players={"green": "human", "red": "human"}, threaded=False, ai_delay=0)
    frames(app)
    screen = app.screen
    for _ in range(2):  # Green takes the screen and ends its turn; Red takes the screen
        if screen.handover is not None:
            press(app, pygame.K_RETURN)
        if screen.session.state.side == "green":
            press(app, pygame.K_RETURN)
            press(app, pygame.K_RETURN)  # (nothing moved: asked first)
    assert screen.shown_viewer() == "red" and screen.humans_turn()
    press(app, pygame.K_1)
    screen.session.select("r_far")
    frames(app, 3)
    trace = screen.marks.trace
    assert trace is not None and trace.line == "" and trace.source == "depot"
    assert trace.blocked == (off(4, 3), off(5, 3), off(6, 3))  # its zone, the band, its zone
    x, y = screen.camera.screen_of(off(4, 3))
    r = int(screen.camera.size * 0.45)
    reds = [app.window.get_at((x + d, y + d)) for d in range(-r + 3, r - 3)]
    assert any(near(c, theme.CUT_OFF, 40) for c in reds)
    assert "now cut: 3 hexes block the way from Depot" in screen.side.unit.html_text
    press(app, pygame.K_1)
    assert screen.marks.trace is None


def test_every_unit_type_of_the_rules_has_its_word_and_marks_and_a_new_one_is_still_drawn():
    """How a type looks is data (assets/unit_types.json): every type rules.yaml defines is listed with a word and
    known marks; a mounted type's counter has the yellow field; a type the file does not list is named by its id
    and drawn with a ring, not left blank."""
    import pygame

    from game.scenario.validate import base_rules_data
    from game.ui import sprites, unittypes

    for kind in base_rules_data()["unit_types"]:
        assert kind in unittypes.SHOWN and unittypes.word(kind), kind
        assert unittypes.marks(kind) and set(unittypes.marks(kind)) <= set(unittypes.MARKS), kind
    assert sprites.mounted("horsemen") and not sprites.mounted("infantry")
    assert unittypes.word("camel_corps") == "camel corps" and unittypes.marks("camel_corps") == ()
    pygame.init()
    for kind in ("infantry", "camel_corps"):
        surface = pygame.Surface((40, 40))
        surface.fill((255, 255, 255))
        sprites.type_symbol(surface, kind, pygame.Rect(4, 4, 32, 32))
        inked = sum(1 for x in range(40) for y in range(40) if surface.get_at((x, y))[:3] == sprites.INK)
        assert inked > 20, kind
