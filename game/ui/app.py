"""The desktop game: a window, a pygame_gui manager, and the screen being shown.

`run(scenario_path)` opens the main menu; `App` is also driven directly by
the tests (SDL_VIDEODRIVER=dummy), which post pygame events and call
`frame()`.  Screens: the main menu (menus.py), a game (play.py), a replay
(replayview.py).
"""

from __future__ import annotations

import time
import warnings

import pygame
import pygame_gui

from game.scenario.validate import load_scenario
from game.ui import paths, theme, tooltips

TITLE = "The Siege of Dushanbe, 1922"
MIN_SIZE = (1024, 640)
FPS, IDLE_FPS = 60, 15  # frames a second: while the player acts or something moves; with the window left alone
LIVELY_SECONDS = 1.0  # (an idle window drew 60 frames a second all the same: half a core for a still picture)


def forget_drawings() -> None:
    """Empty every cache of fonts and drawn pieces (they belong to one pygame session)."""
    from game.ui import layers, overlays, sprites

    for cached in (theme.font, layers.halo_text, overlays.rendered, overlays.sky, sprites.counter):
        cached.cache_clear()


def shown_scale(chosen: float, size: tuple[int, int]) -> float:
    """The UI scale the window can hold: the screens are laid out for 1024x640 at 1.0, so a window
    holds a scale up to its size over that (in steps of 0.05); below that, the chosen scale as it is."""
    room = min(size[0] / MIN_SIZE[0], size[1] / MIN_SIZE[1])
    return min(chosen, max(0.75, int(room * 20 + 1e-9) / 20))


class Screen:
    """One screen of the app; builds its widgets from the window size and scale."""

    covers_window = False  # True when draw() and the widgets paint every pixel (no clearing needed)

    def __init__(self, app: "App"):
        self.app = app

    def build(self) -> None: ...

    def teardown(self) -> None: ...

    def unbuild(self) -> None:
        """Before `build` again (a resize, a new UI scale): the widgets go, what the screen shows stays."""
        self.teardown()

    def handle(self, event, consumed: bool) -> None: ...

    def update(self, dt: float) -> None: ...

    def draw(self, surface: pygame.Surface) -> None: ...

    def busy(self) -> bool:
        """Something on the screen moves by itself (an animation, the AI's moves, the map panning): drawn at the
        full frame rate even with no input."""
        return False

    def request_quit(self) -> None:
        self.app.quit()

    def terminate(self) -> None:
        """The system asks the game to stop (SIGTERM, a logout): keep what can be kept, ask nothing, stop."""
        self.app.quit()


class App:
    def __init__(self, scenario_path: str, size: tuple[int, int] | None = None, load: str | None = None,
                 replay: str | None = None, players: dict | None = None, threaded: bool = True,
                 ai_delay: float | None = None, scale: float | None = None):
        pygame.display.init()
        pygame.font.init()
        for said in ("Unable to fit tool tip on screen", "initial position for tool tip is off screen"):
            warnings.filterwarnings("ignore", message=said)  # (pygame_gui places it as best it can: not the player's news)
        forget_drawings()  # fonts and surfaces die with pygame.quit(); a second App needs new ones
        self.settings = paths.load_settings()
        paths.sweep_leftovers()
        if scale is not None:
            self.settings["ui_scale"] = scale
        self.scale = self.settings["ui_scale"]  # what the window is drawn at: the chosen scale, as far as the window holds it
        self.ai_delay = self.settings["ai_delay"] if ai_delay is None else ai_delay
        self.threaded = threaded
        self.window = pygame.display.set_mode(size or default_size(), pygame.RESIZABLE)
        pygame.display.set_caption(TITLE)
        pygame.key.set_repeat(300, 30)
        self.make_ui()
        self.clock = pygame.time.Clock()
        self.last_input = time.monotonic()  # when the last event came: a window left alone draws fewer frames
        self.running = True
        self.key_text, self.key_text_frames = None, 0  # (opened_by_key)
        self.screen: Screen | None = None
        self.scenario_path = scenario_path
        self.loaded = load_scenario(scenario_path)
        self.frame_times: list[float] = []
        if load:
            self.open_save(load, fail_to_menu=False)
        elif replay:
            from game.replay.chain import steps_if_chain
            from game.ui.replayview import ReplayScreen
            steps = steps_if_chain(replay)  # a campaign record: its scenarios' replays, one after another
            self.show(ReplayScreen(self, steps[0][1], steps, 0) if steps else ReplayScreen(self, replay))
        elif players:
            self.new_game(self.loaded, players)
        else:
            self.menu()

    # -- sizes and the UI manager ----------------------------------------------
    def px(self, n: float) -> int:
        return int(round(n * self.scale))

    @property
    def chosen_scale(self) -> float:
        return self.settings["ui_scale"]

    def make_ui(self) -> None:
        self.scale = shown_scale(self.chosen_scale, self.window.get_size())
        data = theme.theme(self.scale)
        self.ui = pygame_gui.UIManager(self.window.get_size(), data)
        fonts = self.ui.get_theme().get_font_dictionary()  # the text boxes' <b>, loaded before it is first drawn
        self.ui.preload_fonts([f for f in theme.bold_fonts(data) if not fonts.check_font_preloaded(
            fonts.create_font_id(f["point_size"], f["name"], True, False))])

    def rebuild(self) -> None:
        """After a resize or a new UI scale: a fresh manager, the screen's widgets built again."""
        if self.screen:
            self.screen.unbuild()
        self.ui.clear_and_reset()
        self.make_ui()
        if self.screen:
            self.screen.build()

    def set_scale(self, scale: float) -> None:
        self.remember(ui_scale=min(2.0, max(0.75, scale)))
        self.rebuild()

    def remember(self, **settings) -> None:
        """Keep settings for the next time the game opens."""
        from game.scenario.problems import InputError

        self.settings.update(settings)
        try:
            paths.save_settings(self.settings)
        except InputError:
            pass  # a read-only data directory only loses the setting

    # -- screens -----------------------------------------------------------------
    def show(self, screen: Screen) -> None:
        if self.screen:
            self.screen.teardown()
        self.ui.clear_and_reset()
        self.screen = screen
        screen.build()

    def menu(self) -> None:
        from game.ui.menus import MenuScreen
        self.show(MenuScreen(self))

    def new_game(self, loaded, players: dict, start_date=None, seed: int | None = None) -> None:
        from game.ui.play import GameScreen
        from game.play.session import Session
        seed = seed if seed is not None else int(time.time() * 1000) % 1_000_000
        self.show(GameScreen(self, Session.new(loaded, players, seed, start_date)))

    def start_campaign(self, path: str, players: dict, seed: int | None = None) -> bool:
        """A campaign from its first scenario; a bad campaign file gets a message, not a crash."""
        from game.scenario.campaign import load_campaign
        from game.scenario.problems import InputError
        from game.play.campaignrun import CampaignRun

        try:
            loaded = load_campaign(path)
        except InputError as exc:
            self.tell("This campaign cannot be played:\n" + str(exc), "Cannot start the campaign")
            return False
        seed = seed if seed is not None else int(time.time() * 1000) % 1_000_000
        self.play_campaign(CampaignRun.begin(loaded, seed), players)
        return True

    def play_campaign(self, run, players: dict) -> None:
        """The campaign's current scenario, its forces carried in; it opens with the briefing."""
        from game.ai.levels import DEFAULT_LEVEL
        from game.ui.play import GameScreen
        from game.play.session import Session

        step = run.step
        loaded = run.loaded.scenarios[step.id]
        chosen = {s.id: players.get(s.id, DEFAULT_LEVEL) for s in loaded.scenario.sides}
        self.show(GameScreen(self, Session.new(loaded, chosen, run.game_seed, run.loaded.start_of(step), campaign=run)))

    def open_save(self, path: str, fail_to_menu: bool = True) -> bool:
        """Load a saved game; a bad save gets a message, not a crash."""
        from game.scenario.problems import InputError
        from game.ui.play import GameScreen
        from game.play.session import Session
        try:
            session = Session.load(path)
        except InputError as exc:
            if not fail_to_menu:
                raise
            self.tell("This save cannot be loaded:\n" + str(exc), "Cannot load")
            return False
        self.show(GameScreen(self, session))
        return True

    def tell(self, text: str, title: str) -> None:
        """A message window (the last one is kept in `told`, for the tests)."""
        from game.ui.dialogs import message
        self.told = (title, text)
        message(self, text, title)

    told = ("", "")

    def quit(self) -> None:
        self.running = False

    stopping = False  # set by a SIGTERM: the next frame keeps the game and closes

    def on_signal(self, signum=None, frame=None) -> None:
        self.stopping = True

    # -- the loop ------------------------------------------------------------------
    def frame(self, dt: float | None = None) -> bool:
        """Handle pending events, update and draw one frame; False once the app should close."""
        start = time.perf_counter()
        if dt is None:
            lively = time.monotonic() - self.last_input < LIVELY_SECONDS or self.screen.busy()
            dt = self.clock.tick(FPS if lively else IDLE_FPS) / 1000
        if self.stopping:
            self.stopping = False
            self.screen.terminate()
            return self.running
        for event in pygame.event.get():
            self.last_input = time.monotonic()
            if event.type == pygame.TEXTINPUT and self.key_text is not None:
                if event.text == self.key_text:
                    continue  # the letter of the key that opened a box to type in: not typed into it
            if event.type == pygame.QUIT:
                self.screen.request_quit()
                continue
            if event.type == pygame.VIDEORESIZE:
                self.resize(event.w, event.h)
                continue
            consumed = self.ui.process_events(event)
            self.screen.handle(event, consumed)
        self.key_text = None if self.key_text_frames <= 0 else self.key_text
        self.key_text_frames -= 1
        self.screen.update(dt)
        self.ui.update(dt)
        tooltips.off_windows(self.ui)
        if not self.screen.covers_window:
            self.window.fill(theme.BACKGROUND)
        self.screen.draw(self.window)
        self.ui.draw_ui(self.window)
        pygame.display.flip()
        self.frame_times.append(time.perf_counter() - start)
        del self.frame_times[:-240]
        return self.running

    def opened_by_key(self, letter: str) -> None:
        """A box to type in was opened by the key `letter`: its letter, which the system sends as typed text
        after the key, is not typed into the box (this frame or the next)."""
        self.key_text, self.key_text_frames = letter, 1

    def resize(self, w: int, h: int) -> None:
        w, h = max(w, MIN_SIZE[0]), max(h, MIN_SIZE[1])
        if (w, h) != self.window.get_size():
            self.window = pygame.display.set_mode((w, h), pygame.RESIZABLE)
        self.rebuild()

    def run(self) -> int:
        import signal

        signal.signal(signal.SIGTERM, self.on_signal)  # not SDL's quit event, which would ask "Quit the game?"
        try:
            while self.frame():
                pass
        finally:
            if self.screen:
                self.screen.teardown()
            pygame.quit()
        return 0


def default_size() -> tuple[int, int]:
    """1600x900, or less on a small screen (never below 1024x640)."""
    try:
        dw, dh = pygame.display.get_desktop_sizes()[0]
    except (pygame.error, IndexError):
        dw, dh = 1600, 900
    return max(MIN_SIZE[0], min(1600, dw - 40)), max(MIN_SIZE[1], min(900, dh - 80))


def parse_size(text: str) -> tuple[int, int]:
    w, _, h = text.lower().partition("x")
    return int(w), int(h)


def run(scenario_path: str, load: str | None = None, replay: str | None = None, side: str | None = None,
        size: str | tuple | None = None, level: str | None = None) -> int:
    """Open the game window (the main menu, or straight into a save, a replay or a new game)."""
    load_scenario(scenario_path)  # a bad scenario, save or replay is reported (file:line) before any window opens
    if load:
        from game.replay.save import load_game
        load_game(load)
    if replay:
        from game.replay.chain import steps_if_chain
        from game.replay.record import load_replay
        from game.replay.verify import scenario_for
        if steps_if_chain(replay) is None:
            scenario_for(load_replay(replay))
    check_display()
    if isinstance(size, str):
        size = parse_size(size)
    players = None
    if side:
        players = players_for_side(load_scenario(scenario_path), side, level)
    app = App(scenario_path, size=size, load=load, replay=replay, players=players)
    return app.run()


class NoDisplay(Exception):
    """There is no screen to open the window on."""


HEADLESS_DRIVERS = ("offscreen", "dummy")


def check_display() -> None:
    """Refuse to run invisibly: SDL falls back to an offscreen driver when there is no screen."""
    import os
    import sys

    said = ("no screen to open the game window on (no DISPLAY or WAYLAND_DISPLAY). "
            "Run it on a desktop; headless games: `dushanbe simulate SCENARIO`")
    asked = os.environ.get("SDL_VIDEODRIVER", "")
    x_or_wayland = sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))
    if x_or_wayland and asked not in HEADLESS_DRIVERS and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise NoDisplay(said)  # before SDL looks for one (it prints its own error line on the way)
    pygame.display.init()
    if pygame.display.get_driver() in HEADLESS_DRIVERS and asked not in HEADLESS_DRIVERS:
        pygame.display.quit()
        raise NoDisplay(said)


def players_for_side(loaded, side: str, level: str | None = None) -> dict:
    """--side SIDE|both|none: who is human; the rest play at `level`."""
    from game.ai.levels import DEFAULT_LEVEL
    from game.scenario.problems import InputError, Problem
    sides = [s.id for s in loaded.scenario.sides]
    level = level or DEFAULT_LEVEL
    if side == "both":
        return {s: "human" for s in sides}
    if side == "none":
        return {s: level for s in sides}
    if side not in sides:
        raise InputError([Problem(loaded.path, 1, f"--side {side}: the scenario's sides are {', '.join(sides)} (or both, none)")])
    return {s: ("human" if s == side else level) for s in sides}
