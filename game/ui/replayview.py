"""The replay viewer: a recorded game, turn by turn, forward and back, from either side or all revealed.

`ReplayBook` (no window) runs the replay's orders through the reducer once
and keeps the state after every turn; the screen shows one of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pygame
import pygame_gui
from pygame_gui.elements import UIDropDownMenu, UITextBox

from game.core.digest import state_digest
from game.core.narrate import when_text
from game.core.setup import make_setup, new_game
from game.core.state import State
from game.replay.record import load_replay
from game.replay.rerun import Refused, by_turn
from game.replay.verify import scenario_for

from game.ui.app import Screen
from game.ui.camera import Camera
from game.ui.mapview import Marks, MapView
from game.ui.minimap import Minimap
from game.ui.panels import TopBar, hex_html, line_html, mark_on
from game.play.session import LogLine, Watched, log_lines, side_name

ALL = "All revealed"
OVERLAYS = ("supply", "zoc", "support")  # switched by the bar's buttons and keys 1, 2, 3


@dataclass
class Frame:
    state: State
    lines: list[LogLine]
    in_sync: bool = True


class ReplayBook(Watched):
    """Every turn of a replay file, as states (InputError if the file or its scenario is bad)."""

    def __init__(self, path: str):
        replay = load_replay(path)
        self.loaded = scenario_for(replay)
        setup = make_setup(self.loaded.scenario, self.loaded.rules, dt.date.fromisoformat(replay.start_date))
        state, events = new_game(setup, replay.seed, replay.carried)
        self.frames = [Frame(state, self.lines(events, state, None))]
        try:
            for number, played, state in by_turn(state, [orders for orders, _ in replay.turns]):
                lines = [line for p in played for line in self.lines(p.events, p.after, p.before)]
                self.frames.append(Frame(state, lines, state_digest(state) == replay.turns[number][1]))
        except Refused as r:
            raise replay.fail(f"turn {r.turn}: order {r.index + 1} is illegal: {r.reason}", "turns", r.turn, "orders",
                              r.index) from None
        self.index = 0
        self.seed = replay.seed

    @staticmethod
    def lines(events, after, before) -> list[LogLine]:
        return log_lines(events, after, before)

    @property
    def state(self) -> State:
        return self.frames[self.index].state

    def go(self, index: int) -> None:
        self.index = max(0, min(len(self.frames) - 1, index))

    def log_upto(self, viewer: str) -> list[LogLine]:
        out = []
        for frame in self.frames[: self.index + 1]:
            out += [line for line in frame.lines if line.read_by(viewer)]
        return out


LONGEST_STATUS = "Replay (seed 999999): turn 52 of 52  ·  28 Jan 1922, night  ·  smoke  ·  Basmachi win"
LONGEST_CHAIN_STATUS = "Scenario 6 of 6, {title}: turn 52 of 52  ·  28 Jan 1922, night  ·  smoke  ·  Basmachi win"
BUTTONS = (("menu", "Menu", "Esc"), ("first", "|<", "First turn (Home)"), ("back", "<", "Turn back (Left)"),
           ("next", ">", "Turn forward (Right)"), ("last", ">|", "Last turn (End)"), ("supply", "Supply", "1"),
           ("zoc", "ZOC", "2"), ("support", "Support", "3"))
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

    def build(self) -> None:
        app, px = self.app, self.app.px
        W, H = app.window.get_size()
        side_w = max(px(330), W // 4)
        buttons, longest = (BUTTONS + CHAIN_BUTTONS, LONGEST_CHAIN_STATUS.format(title=self.title)) if self.chain \
            else (BUTTONS, LONGEST_STATUS)
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

    def handle(self, event, consumed: bool) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            action = self.button_actions().get(event.ui_element)
            if action is not None:
                action()
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
        return {b["menu"]: self.app.menu, **{b[name]: go for name, go in steps.items()},
                **{b[k]: (lambda k=k: self.toggle(k)) for k in OVERLAYS}, **chained}

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
                **({pygame.K_p: lambda: self.to_step(self.at - 1), pygame.K_n: lambda: self.to_step(self.at + 1)}
                   if self.chain else {})}

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
        which = f"Scenario {self.at + 1} of {len(self.chain)}, {self.title}" if self.chain else f"Replay (seed {book.seed})"
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
