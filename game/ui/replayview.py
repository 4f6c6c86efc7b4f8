"""The replay viewer: a recorded game, turn by turn, forward and back, from either side or all revealed.

`play/replaybook.ReplayBook` (no window) runs the replay's orders through the
reducer once and keeps the state after every turn; the screen shows one of
them, and can play on from it.
"""

from __future__ import annotations


import pygame
import pygame_gui
from pygame_gui.elements import UIDropDownMenu, UITextBox

from game.core.narrate import when_text

from game.ui.app import Screen
from game.ui.camera import Camera
from game.ui.mapview import Marks, MapView
from game.ui.minimap import Minimap
from game.ui.panels import TopBar, mark_on
from game.ui.texts import hex_html, line_html
from game.play.replaybook import ReplayBook, play_on
from game.play.log import side_name

ALL = "All revealed"
OVERLAYS = ("supply", "zoc", "support")  # switched by the bar's buttons and keys 1, 2, 3


LONGEST_STATUS = "{title}, seed 999999: turn 52 of 52  ·  28 Jan 1922, night  ·  smoke  ·  Basmachi win"
LONGEST_CHAIN_STATUS = "Scenario 6 of 6, {title}: turn 52 of 52  ·  28 Jan 1922, night  ·  smoke  ·  Basmachi win"
BUTTONS = (("menu", "Menu", "Esc"), ("first", "|<", "First turn (Home)"), ("back", "<", "Turn back (Left)"),
           ("next", ">", "Turn forward (Right)"), ("last", ">|", "Last turn (End)"), ("supply", "Supply", "1"),
           ("zoc", "ZOC", "2"), ("support", "Support", "3"), ("play_on", "Play on", "Play a new game from this turn (O)"))
CHAIN_BUTTONS = (("prev_step", "<< Scenario", "The campaign's scenario before (P)"),
                 ("next_step", "Scenario >>", "The campaign's next scenario (N)"))


class ReplayScreen(Screen):
    """One replay; or, for a campaign record (`chain`: its steps' replays), the one at `at`, with the others a
    button away."""

    def __init__(self, app, path: str, chain: list[tuple[str, str]] | None = None, at: int = 0):
        super().__init__(app)
        self.chain, self.at = chain or [], at
        self.book = ReplayBook(path)
        self.path = path
        board = self.book.state.board
        self.camera = Camera(board.width, board.height, (0, 0, 800, 600))
        self.view = MapView(board, self.book.loaded.scenario, self.camera)
        self.view.px = app.px
        self.viewer = ""
        self.hover = None
        self.drag = None
        self.framed = False
        self.asking = None  # the play-on dialog, while it is open

    def build(self) -> None:
        app, px = self.app, self.app.px
        W, H = app.window.get_size()
        side_w = max(px(330), W // 4)
        buttons, longest = (BUTTONS + CHAIN_BUTTONS, LONGEST_CHAIN_STATUS.format(title=self.title)) if self.chain \
            else (BUTTONS, LONGEST_STATUS.format(title=self.title))
        self.top = TopBar(app.ui, W, px, buttons, longest, room=px(200))
        self.panel, self.buttons, self.status, top_h = self.top.panel, self.top.buttons, self.top.status, self.top.height
        sides = [s.id for s in self.book.loaded.scenario.sides]
        self.view_options = {ALL: ""} | {f"{side_name(self.book.state, s)}'s view": s for s in sides}
        current = next(k for k, v in self.view_options.items() if v == self.viewer)
        # on the window, not in the top bar: a container clips what it holds, and the open list hangs below the bar
        bar = self.top.button_rect
        self.view_menu = UIDropDownMenu(list(self.view_options), current,
                                        pygame.Rect(self.top.room_x + px(6), bar.y, px(190), bar.height), app.ui)
        self.view_menu.placed_over = self.panel  # for the layout test: it belongs on the bar
        self.log = UITextBox("", pygame.Rect(W - side_w, top_h, side_w, H - top_h - px(170)), app.ui, object_id="#log")
        self.hexbox = UITextBox("", pygame.Rect(W - side_w, H - px(170), side_w, px(170)), app.ui)
        self.camera.set_view((0, top_h, W - side_w, H - top_h))
        if not self.framed:
            self.framed = True
            self.camera.fit()
        self.minimap = Minimap(self.view.art, self.book.state.board, px(200), px(200))
        self.minimap.place(8, H - self.minimap.rect.height - 8)
        self._shown = None
        self._hex_key = None
        self.asking = None  # a new manager: no dialog survives a rebuild

    def handle(self, event, consumed: bool) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            action = self.button_actions().get(event.ui_element)
            if action is not None:
                action()
        elif event.type == pygame_gui.UI_WINDOW_CLOSE and self.asking is not None and event.ui_element is self.asking.window:
            self.asking = None
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.view_menu:
            self.viewer = self.view_options[event.text]
        elif event.type == pygame.KEYDOWN and not consumed:
            action = self.shortcuts().get(event.key)
            if action is not None:
                action()
        elif event.type == pygame.MOUSEBUTTONDOWN and not consumed and self.camera.in_view(*event.pos):
            if self.minimap.rect.collidepoint(event.pos):
                h = self.minimap.hex_at(event.pos)
                if h is not None:
                    self.camera.centre_on(h)
            else:
                self.drag = event.pos
        elif event.type == pygame.MOUSEBUTTONUP:
            self.drag = None
        elif event.type == pygame.MOUSEMOTION:
            if self.drag is not None:
                self.camera.pan(-event.rel[0], -event.rel[1])
            h = self.camera.hex_at(*event.pos)
            self.hover = h if self.camera.in_view(*event.pos) and self.book.state.board.on_map(h) else None
        elif event.type == pygame.MOUSEWHEEL and not consumed:
            x, y = pygame.mouse.get_pos()
            if self.camera.in_view(x, y):
                self.camera.zoom_step(1 if event.y > 0 else -1, x, y)

    def steps(self) -> dict:
        """Going through the replay, by name: the bar's buttons and the keys share them."""
        book = self.book
        return {"first": lambda: book.go(0), "back": lambda: book.go(book.index - 1),
                "next": lambda: book.go(book.index + 1), "last": lambda: book.go(len(book.frames) - 1)}

    def button_actions(self) -> dict:
        b, steps = self.buttons, self.steps()
        chained = {b["prev_step"]: lambda: self.to_step(self.at - 1), b["next_step"]: lambda: self.to_step(self.at + 1)} \
            if self.chain else {}
        asked = {} if self.asking is None else {
            **{button: (lambda p=players: self.play_on(p)) for button, players in self.asking.choices.items()},
            self.asking.cancel: self.close_asking}
        return {b["menu"]: self.app.menu, **{b[name]: go for name, go in steps.items()},
                **{b[k]: (lambda k=k: self.toggle(k)) for k in OVERLAYS}, b["play_on"]: self.ask_play_on,
                **chained, **asked}

    def ask_play_on(self) -> None:
        """What if: a new game from the turn on screen, as either side against the AI or both at one screen."""
        if self.book.state.over:
            self.app.tell("The game is over at this turn: go back a turn or more to play on from there.", "Play on")
            return
        self.close_asking()
        self.asking = PlayOnDialog(self.app, self.book)

    def close_asking(self) -> None:
        if self.asking is not None:
            self.asking.kill()
            self.asking = None

    def play_on(self, players: dict[str, str]) -> None:
        from game.ui.play import GameScreen

        session = play_on(self.book, players)
        self.close_asking()
        self.app.show(GameScreen(self.app, session))

    @property
    def title(self) -> str:
        return self.book.loaded.scenario.title

    def to_step(self, index: int) -> None:
        """Another scenario of the campaign record, from its first turn."""
        if self.chain and 0 <= index < len(self.chain):
            self.app.show(ReplayScreen(self.app, self.chain[index][1], self.chain, index))

    def shortcuts(self) -> dict:
        """Left/Right or Page Up/Down: a turn back or on; Home/End: the start or the end; 1-3 overlays; G grid;
        in a campaign record, P and N: the scenario before or after."""
        steps = self.steps()
        return {pygame.K_LEFT: steps["back"], pygame.K_PAGEUP: steps["back"], pygame.K_RIGHT: steps["next"],
                pygame.K_PAGEDOWN: steps["next"], pygame.K_HOME: steps["first"], pygame.K_END: steps["last"],
                pygame.K_ESCAPE: self.app.menu, pygame.K_g: self.toggle_grid,
                **{pygame.K_1 + i: (lambda k=k: self.toggle(k)) for i, k in enumerate(OVERLAYS)},
                pygame.K_o: self.ask_play_on, pygame.K_F1: self.help,
                **({pygame.K_p: lambda: self.to_step(self.at - 1), pygame.K_n: lambda: self.to_step(self.at + 1)}
                   if self.chain else {})}

    def help(self) -> None:
        """F1: the viewer's keys."""
        self.app.tell("Left / Right (or Page Up / Down): a turn back or on\nHome / End: the start or the end\n"
                      "1, 2, 3: the supply, zones of control and support overlays; G: the grid\n"
                      "The list at the top right: the whole game, or what one side saw\n"
                      "O: play on from this turn (as a side against the AI, or two at one screen)\n"
                      + ("P / N: the scenario before or after\n" if self.chain else "") + "Esc: back to the menu",
                      "Watching a replay")

    def toggle(self, overlay: str) -> None:
        self.view.shown ^= {overlay}

    def toggle_grid(self) -> None:
        self.view.grid = not self.view.grid

    def update(self, dt: float) -> None:
        book = self.book
        state = book.state
        mark_on(self.buttons, {k: k in self.view.shown for k in OVERLAYS})
        frame = book.frames[book.index]
        turn = min(state.turn, state.setup.total_turns - 1)
        sync = "" if frame.in_sync else "  ·  OUT OF SYNC with the record"
        over = f"  ·  {side_name(state, state.winner)} win" if state.over else ""
        total = state.setup.total_turns
        where = "the end" if state.over else f"turn {turn + 1} of {total}"  # numbered as the game numbers them
        which = f"Scenario {self.at + 1} of {len(self.chain)}, {self.title}" if self.chain else \
            f"{self.title}, seed {book.seed}"
        text = f"{which}: {where}  ·  {when_text(state, turn)}  ·  {state.weather}{over}{sync}"
        if self.status.text != text:
            self.status.set_text(text)
        key = (book.index, self.viewer)
        if key != self._shown:
            self._shown = key
            lines = book.log_upto(self.viewer)[-200:]
            self.log.set_text("<br>".join(line_html(l, self.view.sides) for l in lines))
            if self.log.scroll_bar is not None:
                self.log.scroll_bar.set_scroll_from_start_percentage(1.0)
                self.log.redraw_from_text_block()  # the bar alone moves; the text follows only when told
        hk = (book.index, self.viewer, self.hover)
        if hk != self._hex_key:
            self._hex_key = hk
            units = book.seen(self.viewer).units_at(self.hover) if self.hover else []
            self.hexbox.set_text(hex_html(book.seen(self.viewer), self.hover, self.viewer, units) if self.hover
                                 else "Point at a hex.")

    def draw(self, surface: pygame.Surface) -> None:
        self.view.draw(surface, self.book, self.viewer, Marks(hover=self.hover))
        if not self.camera.whole_map():  # else it would only hide a corner of the map
            units = [u for _, u in sorted(self.book.seen(self.viewer).units.items())]
            self.minimap.draw(surface, self.camera, units, self.view.sides)


class PlayOnDialog:
    """Play on from this turn: as one side against the AI (the default level), or both at one screen."""

    def __init__(self, app, book: ReplayBook):
        from game.ai.levels import DEFAULT_LEVEL
        from game.ui.dialogs import centred
        from pygame_gui.elements import UIButton, UIWindow

        px = app.px
        state = book.state
        sides = state.setup.sides
        self.window = UIWindow(centred(app, px(460), px(110) + px(46) * (len(sides) + 2)), app.ui,
                               f"Play on from turn {min(state.turn, state.setup.total_turns - 1) + 1}")
        inner = self.window.get_container().get_rect()
        w = inner.width - px(20)
        UITextBox("A new game from this moment, saved as a game of its own: what if?",
                  pygame.Rect(px(10), px(6), w, px(64)), app.ui, container=self.window)
        self.choices = {}
        options = [(f"As the {side_name(state, side)}, against the AI",
                    {s: ("human" if s == side else DEFAULT_LEVEL) for s in sides}) for side in sides]
        options.append(("Both sides at one screen", {s: "human" for s in sides}))
        for i, (words, players) in enumerate(options):
            button = UIButton(pygame.Rect(px(10), px(76) + i * px(46), w, px(40)), words, app.ui, container=self.window)
            self.choices[button] = players
        self.cancel = UIButton(pygame.Rect(px(10), px(76) + len(options) * px(46), w, px(40)), "Cancel", app.ui,
                               container=self.window)

    def kill(self) -> None:
        self.window.kill()
