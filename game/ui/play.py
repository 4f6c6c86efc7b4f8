"""The game screen: the controller between pygame events and a `Session`.

Clicks and keys become session calls (select, move, attack, orders, undo,
end turn); the session's state is drawn by `MapView`.  The AI's orders are
computed off the main thread (so the window stays responsive) and applied
one by one at a readable pace; Space skips to the end of its turn.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pygame
import pygame_gui

from game.core.engine import IllegalOrder, attack_targets
from game.core.orders import Attack, CallWireless, EndPhase, Entrench, Hide, LeaveMap, Move
from game.scenario.campaign import END
from game.scenario.problems import InputError
from game.ui import dialogs, paths, theme
from game.ui.account import Account
from game.ui.briefing import Briefing, start_html
from game.ui.roster import RosterWindow
from game.ui.online import NoteDialog
from game.ui.app import Screen
from game.ui.camera import LEVELS, Camera
from game.ui.mapview import FLASH_SECONDS, Marks, MapView
from game.ui.minimap import Minimap
from game.ui.panels import (HoverTip, LogBox, SidePanel, TopBar, hex_html, hex_tip, mark_on, reason_text, reason_under,
                            siege_html, switch, unit_html)
from game.play import roster
from game.ui.words import esc
from game.play.session import Session, side_name

PAN_SPEED = 900  # pixels a second, keys and screen edges
EDGE = 6  # pixels from the window edge that pan the map
ARROWS = {pygame.K_LEFT: (-1, 0), pygame.K_RIGHT: (1, 0), pygame.K_UP: (0, -1), pygame.K_DOWN: (0, 1)}


READABLE = 23  # the hex size the game opens at: a counter's strength drawn 10 px tall (tests/test_ui_render.py)


def pan_step(camera) -> float:
    """How far one press of an arrow key moves the map: three hexes, or a sixth of the view if that is more."""
    return max(camera.size * 3 * 1.732, min(camera.view[2], camera.view[3]) / 6)
DRAG_START = 5  # pixels the mouse moves before a press becomes a drag


class GameScreen(Screen):
    covers_window = True
    BRIEF_AT_START = True  # every game opens with its briefing (the window tests turn it off to reach the map)
    TELL_ENEMY_PHASE = True  # a player's phase opens with what it saw the enemy do (off in most window tests)

    def __init__(self, app, session: Session):
        super().__init__(app)
        self.session = session
        board = session.state.board
        self.camera = Camera(board.width, board.height, (0, 0, 800, 600))
        self.view = MapView(board, session.loaded.scenario, self.camera)
        self.view.px = app.px
        self.marks = Marks()
        self.show_minimap = True
        self.tall_log = False
        self.log = None
        self.reason_tip = None
        self.map_tip = None
        self.mouse = (-1, -1)
        self.dialog = None
        self.confirming = None
        self.confirm_action = None
        self.handover = None
        self.view_side = None if session.hot_seat else session.viewer
        self.hover = None
        self.drag = None
        self.mouse_seen = False
        self.framed = False
        self.victory_shown = session.state.over
        self.briefed = bool(session.steps) or not self.BRIEF_AT_START
        self.executor = ThreadPoolExecutor(1) if app.threaded else None
        self.ai_future = None
        self.ai_wait = 0.0
        self.skip_ai = False
        self.before_ai = None
        self.trail_time = 0.0
        self.account: Account | None = None  # the enemy's phase told over, while it is open
        self.accounted = None  # the (turn, side) whose phase was last told over
        self.note = ("", 0.0)
        self._panel_key = None

    # -- building the widgets ------------------------------------------------
    def build(self) -> None:
        app, px = self.app, self.app.px
        W, H = app.window.get_size()
        self.top = TopBar(app.ui, W, px)
        top_h = self.top.height
        side_w = max(px(330), min(px(380), W // 4))
        log_h = (H - top_h) // 2 if self.tall_log else max(px(120), min(px(170), H // 6))
        self.side = SidePanel(app.ui, pygame.Rect(W - side_w, top_h, side_w, H - top_h), px)
        self.reason_tip = HoverTip(app.ui, 0.5)  # as pygame_gui's own tooltips
        self.map_tip = HoverTip(app.ui, 0.6)
        place = self.log.scrolled_to() if self.log is not None else None
        self.log = LogBox(app.ui, pygame.Rect(0, H - log_h, W - side_w, log_h), self.session.state.setup.sides, place)
        self.camera.set_view((0, top_h, W - side_w, H - top_h - log_h))
        if not self.framed:
            self.frame_start()
        mm = min(px(210), (H - top_h - log_h) // 3)
        self.minimap = Minimap(self.view.art, self.session.state.board, mm, mm)
        self.minimap.place(8, H - log_h - self.minimap.rect.height - 8)
        self.dialog = self.handover = self.confirming = None
        told, self.account = self.account, None  # a new manager: the account's panel is made again
        if told is not None:
            self.account = Account(self.app, pygame.Rect(self.camera.view), told.side_name, told.items)
            self.account.at = told.at
            self.account.show()
        self._panel_key = None
        self.log.show(self.session.log_for(self.shown_viewer()), self.shown_viewer())

    def frame_start(self) -> None:
        """Open on the first objective at a readable zoom."""
        self.framed = True
        state = self.session.state
        readable = next((z for z in LEVELS if z >= READABLE * self.app.scale), LEVELS[-1])  # grows with the UI
        self.camera.zoom_to(max(self.camera.fit_size(), readable))
        objectives = state.setup.scenario.victory.objectives
        if objectives and objectives[0].place in state.board.places:
            self.camera.centre_on(state.board.places[objectives[0].place].hex)

    def teardown(self) -> None:
        self.session.close()
        for tip in (self.reason_tip, self.map_tip):
            if tip is not None:
                tip.close()
        for thing in (self.dialog, self.handover, self.account):
            if thing is not None:
                thing.kill()
        self.dialog = self.handover = self.confirming = self.account = None

    def shown_viewer(self) -> str:
        """The side whose eyes draw the map ("" = everything)."""
        return self.view_side if self.view_side is not None else self.session.viewer

    # -- events ----------------------------------------------------------------------
    def handle(self, event, consumed: bool) -> None:
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            self.button(event.ui_element)
            return
        if event.type == pygame_gui.UI_WINDOW_CLOSE:
            if self.dialog is not None and getattr(self.dialog, "window", None) is event.ui_element:
                self.dialog = None
            if self.confirming is not None and self.confirming.window is event.ui_element:
                self.confirming = None
            return
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and isinstance(self.dialog, (dialogs.SaveDialog, NoteDialog)):
            self.button(self.dialog.ok)
            return
        if event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION and isinstance(self.dialog, dialogs.FileListDialog):
            self.button(self.dialog.ok)
            return
        if self.handover is not None:
            if event.type == pygame.KEYDOWN and event.key in (pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER):
                self.hand_over_done()
            return
        if event.type == pygame.KEYDOWN:
            if not consumed:
                self.key(event)
            return
        if event.type == pygame.MOUSEMOTION:
            self.mouse_seen = True
            self.motion(event)
            return
        if self.dialog is not None or self.confirming is not None:
            return
        if event.type == pygame.MOUSEBUTTONDOWN and not consumed and event.button in (1, 2, 3):
            if self.minimap_on() and self.minimap.rect.collidepoint(event.pos):
                h = self.minimap.hex_at(event.pos)
                if h is not None:
                    self.camera.centre_on(h)
                return
            if self.camera.in_view(*event.pos):
                self.drag = [event.pos, False, event.button]
        elif event.type == pygame.MOUSEBUTTONUP and self.drag is not None and event.button == self.drag[2]:
            start, moved, button = self.drag
            self.drag = None
            if not moved:
                self.click(button, event.pos, bool(pygame.key.get_mods() & pygame.KMOD_SHIFT))
        elif event.type == pygame.MOUSEWHEEL and not consumed:
            x, y = pygame.mouse.get_pos()
            if self.camera.in_view(x, y):
                self.camera.zoom_step(1 if event.y > 0 else -1, x, y)

    def motion(self, event) -> None:
        if self.drag is not None:
            start = self.drag[0]
            if not self.drag[1] and abs(event.pos[0] - start[0]) + abs(event.pos[1] - start[1]) > DRAG_START:
                self.drag[1] = True
            if self.drag[1]:
                self.camera.pan(-event.rel[0], -event.rel[1])
        if self.camera.in_view(*event.pos) and not (self.minimap_on() and self.minimap.rect.collidepoint(event.pos)):
            h = self.camera.hex_at(*event.pos)
            self.hover = h if self.session.state.board.on_map(h) else None
        else:
            self.hover = None

    def key(self, event) -> None:
        k, ctrl = event.key, event.mod & pygame.KMOD_CTRL
        if self.confirming is not None:
            if k == pygame.K_ESCAPE:
                self.settle(go=False)
            return
        if isinstance(self.dialog, (dialogs.SaveDialog, NoteDialog)):
            if k in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.button(self.dialog.ok)
            elif k == pygame.K_ESCAPE:
                self.close_dialog()
            return
        if isinstance(self.dialog, dialogs.AttackDialog) and k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.button(self.dialog.go)
            return
        if isinstance(self.dialog, Briefing) and k in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.close_dialog()
            return
        if self.account is not None and self.dialog is None and k in (pygame.K_SPACE, pygame.K_ESCAPE):
            self.next_happening() if k == pygame.K_SPACE else self.close_account()
            return
        if k == pygame.K_ESCAPE:
            if self.dialog is not None:
                self.close_dialog()
            elif self.session.selected:
                self.session.select(None)
            else:
                self.leave(self.app.menu, "Back to the main menu?", "Main menu")
            return
        if k == pygame.K_F1:
            if isinstance(self.dialog, dialogs.HelpWindow):
                self.close_dialog()
            elif self.dialog is None:
                self.dialog = dialogs.HelpWindow(self.app)
            return
        if (k, type(self.dialog)) in ((pygame.K_p, dialogs.PointsWindow), (pygame.K_r, RosterWindow)):
            self.close_dialog()  # the key that opened the window closes it
            return
        if self.dialog is not None:
            return
        action = self.shortcuts(ctrl).get(k)
        if action is not None:
            action()

    def shortcuts(self, ctrl: bool) -> dict:
        """What each key does on the map with no dialog open (the help window lists them); with Ctrl held, the
        Ctrl keys first, and the arrows do nothing."""
        zoom_in, zoom_out, overlays = (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS), (pygame.K_MINUS, pygame.K_KP_MINUS), \
            (("supply", pygame.K_1), ("zoc", pygame.K_2), ("support", pygame.K_3))
        keys = {
            pygame.K_u: self.undo, pygame.K_RETURN: self.end_turn, pygame.K_KP_ENTER: self.end_turn,
            pygame.K_SPACE: self.hurry_ai, pygame.K_TAB: self.next_unit, pygame.K_g: self.toggle_grid,
            pygame.K_l: self.toggle_log, pygame.K_m: self.toggle_minimap, pygame.K_HOME: self.camera.fit,
            pygame.K_p: self.open_points, pygame.K_n: self.open_note, pygame.K_r: self.open_roster,
            pygame.K_c: self.cancel_go_to,
            **{k: (lambda: self.camera.zoom_step(1)) for k in zoom_in},
            **{k: (lambda: self.camera.zoom_step(-1)) for k in zoom_out},
            **{k: (lambda name=name: self.toggle(name)) for name, k in overlays},
            **{k: (lambda name=name: self.special(name)) for k, name in ORDER_KEYS.items()},
            **{k: (lambda d=d: self.camera.pan(*(x * pan_step(self.camera) for x in d))) for k, d in ARROWS.items()},
        }  # an arrow press moves a few hexes; held, it glides on (pan)
        return {**keys, **{k: (lambda: None) for k in ARROWS}, **self.ctrl_keys()} if ctrl else keys

    def ctrl_keys(self) -> dict:
        return {pygame.K_z: self.undo, pygame.K_s: self.open_save_dialog, pygame.K_l: self.open_load_dialog}

    def open_points(self) -> None:
        """The points as the side on screen reckons them (all of them, when the AI plays both)."""
        from game.core.observe import observe

        viewer = self.shown_viewer()
        state = self.session.state
        self.dialog = dialogs.PointsWindow(self.app, state, observe(state, viewer) if viewer else None)

    def open_roster(self, column: str = "name", descending: bool = False) -> None:
        """The units of the side on screen (the side to move when the AI plays both), as that side knows them."""
        s = self.session
        side = self.shown_viewer() or s.state.side
        known = s.seen_by(side)
        going = {uid: "going to " + known.board.place_name(o.to) if known.board.place_name(o.to) else "on a go-to"
                 for uid, o in s.standing.items()}
        table = roster.rows(known, side, going)
        title = f"Roster (R): the {side_name(s.state, side)}, {len(table)} units, {sum(r.men for r in table):,} men"
        self.close_dialog()
        self.dialog = RosterWindow(self.app, table, title, column, descending)

    def roster_buttons(self, d: RosterWindow) -> dict:
        acts = {b: (lambda key=key: self.open_roster(*d.resorted(key))) for b, key in d.headings.items()}
        return acts | {b: (lambda uid=uid: self.go_to_unit(uid)) for b, uid in d.cells.items()}

    def go_to_unit(self, uid: str) -> None:
        """Select a unit and bring it into view (from the roster)."""
        self.close_dialog()
        s = self.session
        s.select(uid)
        if uid in s.state.units:
            self.camera.centre_on(s.state.units[uid].hex)

    def cancel_go_to(self) -> None:
        s = self.session
        unit = s.my_unit(s.selected)
        if unit is not None and s.cancel_go_to(unit.id):
            self.flash(f"{unit.name}'s go-to is cancelled")
        elif unit is not None:
            self.flash(f"{unit.name} has no go-to order (Shift+click a hex to give one)")

    def hurry_ai(self) -> None:
        self.skip_ai = True

    def toggle_grid(self) -> None:
        self.view.grid = not self.view.grid

    def toggle_minimap(self) -> None:
        self.show_minimap = not self.show_minimap

    def minimap_on(self) -> bool:
        """The minimap is drawn when the player wants it and the map does not all fit the view."""
        return self.show_minimap and not self.camera.whole_map()

    def button(self, element) -> None:
        action = self.buttons().get(element)
        if action is not None:
            action()

    def buttons(self) -> dict:
        """What each button on the screen does now: the bars', the side panel's and the open dialog's."""
        top, side = self.top.buttons, self.side.buttons
        acts = {
            top["menu"]: lambda: self.leave(self.app.menu, "Back to the main menu?", "Main menu"),
            top["save"]: self.open_save_dialog, top["load"]: self.open_load_dialog, top["undo"]: self.undo,
            top["grid"]: self.toggle_grid, top["help"]: self.open_help, self.side.end: self.end_turn,
            top["roster"]: self.open_roster,
            **{top[name]: (lambda name=name: self.toggle(name)) for name in ("supply", "zoc", "support")},
            **{b: (lambda name=name: self.special(name)) for name, b in side.items()},
        }
        if self.handover is not None:
            acts[self.handover.ok] = self.hand_over_done
        if self.confirming is not None:
            acts.update(self.leave_buttons(self.confirming))
        if self.account is not None:
            acts.update({self.account.next: self.next_happening, self.account.skip: self.close_account})
        for kind, actions in self.DIALOG_BUTTONS.items():
            if isinstance(self.dialog, kind):
                acts.update(actions(self, self.dialog))
        return acts

    def open_help(self) -> None:
        if self.dialog is None:
            self.dialog = dialogs.HelpWindow(self.app)

    def attack_buttons(self, d: dialogs.AttackDialog) -> dict:
        return {d.go: lambda: (self.close_dialog(), self.attack(d.attackers, d.target)), d.toggle: d.switch,
                d.cancel: self.close_dialog, **{b: (lambda uid=uid: d.pick(uid)) for b, uid in d.picks.items()}}

    def save_buttons(self, d: dialogs.SaveDialog) -> dict:
        return {d.ok: lambda: (self.close_dialog(), self.save(os.path.join(paths.saves_dir(), d.name() + ".json"))),
                d.cancel: self.close_dialog}

    def load_buttons(self, d: dialogs.FileListDialog) -> dict:
        def load() -> None:
            path = d.chosen()
            if path:
                self.close_dialog()
                self.leave(lambda: self.app.open_save(path), "Load this game?", "Load")
        return {d.ok: load, d.cancel: self.close_dialog}

    def wireless_buttons(self, d: dialogs.WirelessDialog) -> dict:
        def call(station: str) -> None:
            self.close_dialog()
            self.give(CallWireless(self.session.selected, station))
        return {b: (lambda station=station: call(station)) for station, b in d.buttons.items()}

    def victory_buttons(self, d: dialogs.VictoryWindow) -> dict:
        acts = {d.replay: self.save_replay, d.report: self.write_report, d.look: self.close_dialog, d.menu: self.app.menu}
        if d.next is not None:
            acts[d.next] = self.next_in_campaign
        return acts

    def briefing_buttons(self, d: Briefing) -> dict:
        return {d.ok: self.close_dialog}

    def next_in_campaign(self) -> None:
        """The scenario is over: on to the one its result leads to, with what it left (or back to the menu)."""
        s = self.session
        self.autosave()
        following = s.campaign.finish(s.state)
        if following == END:
            self.app.menu()
            self.app.tell("The campaign is over: " + ", ".join(f"{step} {winner or 'nobody'}"
                                                              for step, winner in s.campaign.results), "Campaign")
            return
        self.app.play_campaign(s.campaign, s.players)

    def note_buttons(self, d: NoteDialog) -> dict:
        def keep() -> None:
            self.session.note = d.text()
            self.close_dialog()
            self.flash("The note goes with your end of turn" if self.session.note else "No note")
        return {d.ok: keep, d.cancel: self.close_dialog}

    DIALOG_BUTTONS = {dialogs.AttackDialog: attack_buttons, dialogs.SaveDialog: save_buttons, NoteDialog: note_buttons,
                      dialogs.FileListDialog: load_buttons, dialogs.WirelessDialog: wireless_buttons,
                      dialogs.VictoryWindow: victory_buttons, Briefing: briefing_buttons, RosterWindow: roster_buttons}

    def close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.kill()
            self.dialog = None

    # -- what the player does ------------------------------------------------------
    def humans_turn(self) -> bool:
        s = self.session
        return not s.state.over and not s.ai_to_move and self.handover is None and self.shown_viewer() == s.state.side

    def click(self, button: int, pos, shift: bool = False) -> None:
        """Select, move, attack; Shift+click sends the selected unit there over as many turns as it takes."""
        s = self.session
        h = self.camera.hex_at(*pos)
        if not s.state.board.on_map(h) or button == 2:
            s.select(None) if button != 2 else None
            return
        mine = s.my_unit(s.selected) if self.humans_turn() else None
        here = s.units_at(h, self.shown_viewer())
        friends_here = any(u.side == self.shown_viewer() for u in here)
        if mine is not None and h in self.marks.targets:
            self.open_attack(h)
            return
        can_move = mine is not None and h != mine.hex and h in s.reach(mine.id)
        if can_move and (button == 3 or not friends_here):  # right-click also moves onto a friendly stack
            self.give(Move(mine.id, h))
            return
        if mine is not None and shift and button == 1 and h != mine.hex:
            self.flash(s.go_to(mine.id, h))
            self.mark_happenings()
            return
        if button == 3:
            s.select(None)
            return
        if not here:
            if mine is not None and h not in s.reach(mine.id):
                self.flash(f"{mine.name} cannot get there this turn: Shift+click to send it over several turns")
            s.select(None)
            return
        ids = [u.id for u in here]
        if s.selected in ids:  # clicking a stack again picks the next unit in it
            s.select(ids[(ids.index(s.selected) + 1) % len(ids)])
        else:
            own = [u for u in here if u.side == self.shown_viewer()]
            s.select((own or here)[0].id)

    def give(self, order) -> bool:
        try:
            self.session.give(order)
        except IllegalOrder as exc:
            self.flash(str(exc))
            return False
        self.mark_happenings()
        fixed = self.session.just_fixed()
        if fixed and not isinstance(order, EndPhase):
            self.flash(f"Done; it cannot be undone: {fixed}")
        self.after_order(order)
        return True

    def after_order(self, order) -> None:
        if isinstance(order, EndPhase):
            self.autosave()

    def attack(self, attackers, target) -> None:
        if self.give(Attack(tuple(attackers), target)):
            self.marks.flash = target
            self.trail_time = 1.2

    def open_attack(self, target) -> None:
        s = self.session
        everyone = s.attackers_for(target)
        chosen = s.attackers_for(target, s.selected) or everyone
        if chosen:
            self.dialog = dialogs.AttackDialog(self.app, s, target, chosen, everyone)

    def special(self, key: str) -> None:
        s = self.session
        if not self.humans_turn() or self.dialog is not None:
            return
        if key == "next":
            self.next_unit()
            return
        unit = s.my_unit(s.selected)
        if unit is None:
            self.flash("Select one of your units first")
            return
        self.ORDERS[key](self, unit)

    def attack_order(self, unit) -> None:
        if self.marks.targets:
            self.open_attack(sorted(self.marks.targets)[0])
        else:
            self.flash(f"{unit.name} has no enemy next to it to attack")

    def wireless_order(self, unit) -> None:
        stations = self.session.callable_stations(unit.id)
        if not stations:
            self.flash(self.session.order_options(unit.id)["wireless"])
        else:
            self.dialog = dialogs.WirelessDialog(self.app, stations, unit.name)

    ORDERS = {  # the side panel's orders for the selected unit
        "attack": attack_order, "wireless": wireless_order,
        "entrench": lambda self, unit: self.give(Entrench(unit.id)),
        "hide": lambda self, unit: self.give(Hide(unit.id)),
        "leave": lambda self, unit: self.give(LeaveMap(unit.id)),
    }

    def next_unit(self) -> None:
        s = self.session
        if not self.humans_turn():
            return
        ready = [u for u in s.state.units_of(s.state.side) if u.moves_left > 0 and not u.attacked and not u.moved]
        ready = ready or [u for u in s.state.units_of(s.state.side) if u.moves_left > 0 and not u.attacked]
        if not ready:
            self.flash("No unit can still move: end the turn (Enter)")
            return
        ids = [u.id for u in ready]
        nxt = ids[(ids.index(s.selected) + 1) % len(ids)] if s.selected in ids else ids[0]
        s.select(nxt)
        self.camera.centre_on(s.state.units[nxt].hex) if not self.camera.shows(s.state.units[nxt].hex) else None

    def undo(self) -> None:
        if self.session.undo():
            self.flash("Move taken back")
        elif not self.session.ai_to_move:
            self.flash(f"Cannot undo: {self.session.why_no_undo()}")

    def end_turn(self) -> None:
        if self.humans_turn() and self.dialog is None:
            try:
                self.session.end_phase()
            except IllegalOrder as exc:  # an online game that has not taken the last order yet
                self.flash(str(exc))
                return
            self.autosave()

    def open_note(self) -> None:
        """A note to the other player, sent with the end of this turn (online games: N)."""
        s = self.session
        if s.kept_elsewhere and self.dialog is None:
            other = next(x for x in s.sides if x != s.viewer)
            self.dialog = NoteDialog(self.app, side_name(s.state, other), s.note)

    def toggle_log(self) -> None:
        """A log half the window tall, or back to its strip (L)."""
        self.tall_log = not self.tall_log
        self.app.rebuild()

    def toggle(self, overlay: str) -> None:
        self.view.shown ^= {overlay}

    def flash(self, text: str) -> None:
        self.note = (text, 4.0)

    # -- saving ------------------------------------------------------------------
    def default_save_name(self) -> str:
        """'dushanbe_1922-28Jan-night-turn2': the scenario, the day (its year is the scenario's), the turn."""
        state = self.session.state
        part = "night" if state.is_night else "day"
        return f"{self.session.loaded.scenario.id}-{state.date.day}{state.date.strftime('%b')}-{part}-turn{state.turn + 1}"

    def open_save_dialog(self) -> None:
        if self.dialog is None:
            self.dialog = dialogs.SaveDialog(self.app, self.default_save_name(), paths.saves_dir())

    def open_load_dialog(self) -> None:
        if self.dialog is None:
            from game.replay.save import read_save
            entries = dialogs.file_entries(paths.saves_dir(), lambda p: read_save(p).label)
            self.dialog = dialogs.FileListDialog(self.app, "Load a saved game", entries, "Load")

    def save(self, path: str) -> bool:
        try:
            self.session.save(path)
        except InputError as exc:
            dialogs.message(self.app, f"The game could not be saved:\n{exc}", "Not saved")
            return False
        self.flash(f"Saved: {os.path.basename(path)}")
        return True

    def autosave(self) -> None:
        """Every phase's end, into this game's own slot (written to a temporary file and renamed, so a crash
        loses nothing); a game only the AI plays is not the player's and is not kept."""
        if not self.session.humans or self.session.kept_elsewhere:
            return
        saved_at = self.session.saved_at
        try:
            self.session.save(paths.autosave_path(self.session.game_key))
            paths.prune_autosaves()
        except InputError:
            self.flash("Autosave failed: the data directory cannot be written")
        self.session.saved_at = saved_at  # an autosave is not the player's save

    def save_replay(self) -> None:
        s = self.session
        path = os.path.join(paths.replays_dir(), f"{s.loaded.scenario.id}-seed{s.seed}-{s.state.turn}.json")
        try:
            s.save_replay(path)
        except InputError as exc:
            dialogs.message(self.app, f"The replay could not be written:\n{exc}", "Not saved")
            return
        dialogs.message(self.app, f"Replay written to\n{path}\n\nWatch it from the main menu.", "Replay saved")

    def write_report(self) -> None:
        """The after-action report of the game, beside its replay; said where, and opened in the browser if any."""
        import webbrowser

        from game.ui.report import write_report

        s = self.session
        name = f"{s.loaded.scenario.id}-seed{s.seed}-{s.state.turn}"
        replay = os.path.join(paths.replays_dir(), name + ".json")
        out = os.path.join(paths.replays_dir(), name + "-report.html")
        try:
            s.save_replay(replay)
            write_report(replay, out)
        except InputError as exc:
            dialogs.message(self.app, f"The report could not be written:\n{exc}", "No report")
            return
        dialogs.message(self.app, f"The after-action report is in\n{out}\n\n(its replay beside it)", "Report written")
        try:
            webbrowser.open("file://" + os.path.abspath(out))
        except Exception:  # no browser here: the path was given
            pass

    def leave(self, then, question: str, action: str) -> None:
        """Go elsewhere; with unsaved progress, ask first, on a button named for what it does."""
        if not self.session.dirty or self.session.state.over:
            then()
            return
        self.confirm_action = then
        if self.confirming is not None:
            self.confirming.kill()
        self.confirming = dialogs.LeaveDialog(self.app, question, action)

    def leave_buttons(self, d: dialogs.LeaveDialog) -> dict:
        return {d.save_button: lambda: self.settle(save=True), d.confirm_button: self.settle,
                d.cancel_button: lambda: self.settle(go=False)}

    def settle(self, save: bool = False, go: bool = True) -> None:
        """The leave dialog answered: save first (and stay if that fails), go, or stay."""
        self.confirming.kill()
        self.confirming = None
        if save and not self.save(os.path.join(paths.saves_dir(), self.default_save_name() + ".json")):
            return
        if go:
            self.confirm_action()

    def request_quit(self) -> None:
        self.leave(self.app.quit, "Quit the game?", "Quit")

    def terminate(self) -> None:
        """Stopped from outside: the game as it stands, moves of this phase too, goes into its autosave."""
        self.autosave()
        self.app.quit()

    # -- hot seat -------------------------------------------------------------------
    def hand_over_done(self) -> None:
        if self.handover is not None:
            self.handover.kill()
            self.handover = None
        self.view_side = self.session.viewer
        self.session.select(None)

    # -- every frame ------------------------------------------------------------------
    def update(self, dt: float) -> None:
        s = self.session
        news = s.refresh()
        if news:
            self.flash(news)
        self.pan(dt)
        self.log.update()
        mark_on(self.top.buttons, {"grid": self.view.grid} | {k: k in self.view.shown for k in ("supply", "zoc", "support")})
        if self.reason_tip is not None:
            button, why = reason_under([*self.side.buttons.values(), self.side.end, *self.top.buttons.values()], self.mouse)
            self.reason_tip.update(dt, button, lambda: reason_text(button, why), self.mouse)
        if self.map_tip is not None:
            h, viewer = self.hover, self.shown_viewer()
            quiet = self.dialog is not None or self.handover is not None or (self.drag is not None and self.drag[1])
            on_window = pygame.Rect((0, 0), self.app.window.get_size()).collidepoint(self.mouse)
            key = None if h is None or quiet or not on_window else (h, id(s.state), viewer)
            self.map_tip.update(dt, key, lambda: hex_tip(s.seen_by(viewer), h, s.units_at(h, viewer), viewer), self.mouse)
        if s.hot_seat and not s.state.over and s.viewer != self.view_side and self.handover is None:
            if self.dialog is not None:
                self.close_dialog()
            s.select(None)
            side = s.viewer
            self.handover = dialogs.HandOver(self.app, side_name(s.state, side), theme.side_colour(s.sides, side))
        if not s.hot_seat:
            self.view_side = s.viewer
        self.step_ai(dt)
        self.age_happenings(dt)
        self.begin_phase()
        if not self.briefed and self.dialog is None and self.handover is None:
            self.briefed = True  # every game opens with its briefing (not again when a save is loaded)
            self.dialog = (Briefing(self.app, s.campaign.loaded.campaign.title, s.campaign.briefing())
                           if s.campaign is not None else Briefing(self.app, "Briefing", start_html(s)))
        if s.state.over and not self.victory_shown and self.dialog is None:
            from game.sim.simulate import summary
            try:
                record = s.record()
            except IllegalOrder:  # an online game's whole record is on its way from the server
                record = None
            if record is not None:
                self.victory_shown = True
                self.dialog = dialogs.VictoryWindow(self.app, s, summary(record, s.loaded.scenario.id))
        self.trail_time = max(0.0, self.trail_time - dt)
        if self.trail_time == 0:
            self.marks.trail, self.marks.flash = [], None
        self.note = (self.note[0], self.note[1] - dt) if self.note[1] > 0 else ("", 0.0)
        self.update_marks()
        self.update_panels()

    def pan(self, dt: float) -> None:
        if self.dialog is not None and isinstance(self.dialog, (dialogs.SaveDialog, NoteDialog)):
            return
        keys = pygame.key.get_pressed()
        dx = (keys[pygame.K_RIGHT] - keys[pygame.K_LEFT]) * PAN_SPEED * dt
        dy = (keys[pygame.K_DOWN] - keys[pygame.K_UP]) * PAN_SPEED * dt
        if self.mouse_seen and pygame.mouse.get_focused() and self.drag is None:
            x, y = pygame.mouse.get_pos()
            W, H = self.app.window.get_size()
            dx += PAN_SPEED * dt * ((x >= W - EDGE) - (x < EDGE))
            dy += PAN_SPEED * dt * ((y >= H - EDGE) - (y < EDGE))
        if dx or dy:
            self.camera.pan(dx, dy)

    def step_ai(self, dt: float) -> None:
        s = self.session
        if not s.ai_to_move or self.handover is not None or isinstance(self.dialog, dialogs.VictoryWindow):
            self.skip_ai = False
            if self.before_ai is not None and not s.ai_to_move:  # back to where the player was looking
                self.camera.size, self.camera.ox, self.camera.oy = self.before_ai
                self.before_ai = None
            return
        if self.before_ai is None:
            self.before_ai = (self.camera.size, self.camera.ox, self.camera.oy)
        if self.ai_future is not None:
            if not self.ai_future.done():
                return
            state, future = self.ai_future
            self.ai_future = None
            if state is s.state:
                self.apply_ai(future.result())
            return
        if self.ai_wait > 0 and not self.skip_ai:
            self.ai_wait -= dt
            return
        if self.executor is not None:
            state = s.state
            future = self.executor.submit(s.ai_order)
            self.ai_future = Pending(state, future)
        else:
            self.apply_ai(s.ai_order())

    def apply_ai(self, order) -> None:
        s = self.session
        before = s.state
        try:
            s.give(order)
        except IllegalOrder as exc:  # a bug in a player must not stop the game: end its phase instead
            self.flash(f"The AI gave an illegal order ({exc}); its turn ends")
            s.give(EndPhase(before.side))
            order = EndPhase(before.side)
        viewer = self.shown_viewer()
        self.mark_happenings()
        shown = False
        if isinstance(order, Move) and order.unit in s.state.units:
            unit = s.state.units[order.unit]
            if s.sees(unit, viewer):
                path = [u for e in s.steps[-1].events if e.kind == "unit_moved" for u in e.path]
                from game.core.hexgrid import Hex
                self.marks.trail = [Hex(*p) for p in path]
                self.marks.trail_colour = theme.side_colour(s.sides, unit.side)
                shown = True
                if not self.skip_ai and not self.camera.shows(unit.hex, 0.05):
                    self.camera.centre_on(unit.hex)
        elif isinstance(order, Attack):
            self.marks.flash = order.target
            shown = True
        if shown:
            self.trail_time = max(self.app.ai_delay * 2, 0.3)
        self.ai_wait = self.app.ai_delay if shown else min(0.05, self.app.ai_delay)
        if isinstance(order, EndPhase):
            self.autosave()

    # -- what happened --------------------------------------------------------------
    def mark_happenings(self) -> None:
        """Flash on the map what the last order did, as the side on screen saw it."""
        self.marks.happenings += [[h, FLASH_SECONDS] for h in self.session.happened(self.shown_viewer())]

    def age_happenings(self, dt: float) -> None:
        for mark in self.marks.happenings:
            mark[1] -= dt
        self.marks.happenings = [m for m in self.marks.happenings if m[1] > 0]

    def begin_phase(self) -> None:
        """As a player's phase begins: its go-to orders move on (or stop, saying why), and what it saw happen
        while the other side moved is told over."""
        s = self.session
        key = (s.state.turn, s.state.side)
        if not self.humans_turn() or self.dialog is not None or self.before_ai is not None or key == self.accounted:
            return  # (the camera goes back to where the player looked before the AI moved, first)
        self.accounted = key
        notes = s.carry_out(s.state.side)
        if notes:
            self.flash("; ".join(notes))
        items = s.account(s.state.side) if self.TELL_ENEMY_PHASE else []
        if items:
            others = [side_name(s.state, x) for x in s.sides if x != s.state.side]
            self.account = Account(self.app, pygame.Rect(self.camera.view), " and ".join(others), items)
            self.show_happening()

    def show_happening(self) -> None:
        h = self.account.current
        if not self.camera.shows(h.at):
            self.camera.centre_on(h.at)
        self.marks.happenings = [m for m in self.marks.happenings if m[0] != h] + [[h, FLASH_SECONDS]]

    def next_happening(self) -> None:
        if self.account is not None:
            self.show_happening() if self.account.step() else self.close_account()

    def close_account(self) -> None:
        if self.account is not None:
            self.account.kill()
            self.account = None

    def update_marks(self) -> None:
        s, m = self.session, self.marks
        m.selected, m.hover = s.selected, self.hover
        m.reach, m.path, m.path_cost, m.targets = set(), [], None, set()
        m.trace = self.traced() if "supply" in self.view.shown and self.handover is None else None
        viewer = self.shown_viewer()
        m.routes = [] if self.handover is not None else [
            (s.way_of(uid), uid == s.selected) for uid, order in sorted(s.standing.items())
            if uid in s.state.units and s.state.units[uid].side == viewer]
        mine = s.my_unit(s.selected) if self.humans_turn() else None
        if mine is None:
            return
        m.reach = set(s.reach(mine.id))
        if self.hover is not None and self.hover in m.reach:
            found = s.path(mine.id, self.hover)
            if found:
                m.path, m.path_cost = found
        m.targets = attack_targets(s.state, mine)

    def traced(self):
        """With the supply overlay on: the line of the selected unit (its own side's, or an enemy's as far as the
        side on screen sees it), else of the side on screen to the place pointed at."""
        s, viewer = self.session, self.shown_viewer()
        known = s.seen_by(viewer)
        unit = known.units.get(s.selected) if s.selected else None
        if unit is not None:
            return s.supply_trace(unit.side, unit.hex, viewer)
        h = self.hover
        if h is not None and h in known.board.place_at and (viewer or known.side):
            return s.supply_trace(viewer or known.side, h, viewer)
        return None

    def update_panels(self) -> None:
        s = self.session
        state = s.state
        viewer = self.shown_viewer()
        self.log.show(s.log_for(viewer), viewer) if self.handover is None else None
        total = state.setup.total_turns
        who = side_name(state, state.side)
        mover = ("you" if s.players.get(state.side) == "human" else "opponent"
                 if s.kept_elsewhere else f"AI: {s.players.get(state.side)}")
        status = f"{s.when()}  ·  {state.weather}  ·  turn {min(state.turn + 1, total)} of {total}  ·  {who} to move ({mover})"
        if state.over:
            status = f"{s.when()}  ·  the game is over: {side_name(state, state.winner)} win"
        elif s.ai_to_move:
            status += "  ·  Space: skip"
        self.top.set_status(status + s.status_note())
        key = (id(state), s.selected, self.hover, viewer, self.handover is None, len(s.steps), s.why_no_undo())
        if key == self._panel_key:
            return
        self._panel_key = key
        if self.handover is not None:
            self.side.set("unit", "")
            self.side.set("siege", "")
            self.side.set("hex", "")
        else:
            self.side.set("siege", siege_html(state, s.sieges(viewer), viewer, lambda r: s.storm_outlook(r, viewer)))
            known = s.seen_by(viewer)
            unit = known.units.get(s.selected) if s.selected else None
            if unit is not None:
                going = s.standing.get(unit.id) if viewer == unit.side else None
                where = (known.board.place_name(going.to) or "a hex") if going else ""
                self.side.set("unit", unit_html(known, unit, own=viewer in ("", unit.side))
                              + (f"<br>Go-to: <b>{esc(where)}</b>, by itself each turn (C cancels)" if going else ""))
            else:
                self.side.set("unit", idle_html(s, viewer))
            h = self.hover
            self.side.set("hex", hex_html(s.seen_by(viewer), h, viewer, s.units_at(h, viewer)) if h is not None else
                          "<font color='#b4a892'>Point at a hex to see its terrain, owner and support.</font>")
        mine = s.my_unit(s.selected) if self.humans_turn() else None
        options = s.order_options(mine.id) if mine else {}
        waiting = self.not_your_move()
        pick = waiting or "select one of your units first"
        for key_name in ("entrench", "hide", "wireless", "leave"):
            self.side.enable(key_name, bool(mine) and options.get(key_name) == "", options.get(key_name) or pick)
        no_attack = (f"{mine.name} has already attacked this turn" if mine.attacked else
                     f"no enemy {mine.name} can attack stands next to it") if mine else pick
        self.side.enable("attack", bool(mine) and bool(self.marks.targets), no_attack)
        self.side.enable("next", self.humans_turn(), waiting)
        self.side.enable("end", self.humans_turn(), waiting)
        switch(self.top.buttons["undo"], s.can_undo and self.handover is None, s.why_no_undo())

    def not_your_move(self) -> str:
        """Why the player cannot give orders now ("" when they can)."""
        s = self.session
        if s.state.over:
            return "the game is over"
        if self.handover is not None:
            return "hand the screen over first"
        return "" if self.humans_turn() else f"the {side_name(s.state, s.state.side)} are moving"

    def draw(self, surface: pygame.Surface) -> None:
        if self.handover is not None:
            surface.fill(theme.BACKGROUND)
            return  # the next player must not see the other's map
        viewer = self.shown_viewer()
        self.view.draw(surface, self.session, viewer, self.marks)
        if self.minimap_on():
            units = self.session.visible_units(viewer)
            self.minimap.draw(surface, self.camera, units, self.session.sides)
        if self.note[0]:
            self.draw_note(surface, self.note[0])

    def draw_note(self, surface: pygame.Surface, text: str) -> None:
        """A passing message (an order refused, a save written) over the top of the map; the status bar keeps the date."""
        x, y, w, _ = self.camera.view
        f = theme.font(self.app.px(15), bold=True)
        img = f.render(text, True, (255, 240, 215))
        box = img.get_rect(midtop=(x + w // 2, y + self.app.px(10))).inflate(self.app.px(24), self.app.px(12))
        box.clamp_ip(pygame.Rect(self.camera.view))
        pygame.draw.rect(surface, (30, 24, 18), box, border_radius=self.app.px(6))
        pygame.draw.rect(surface, theme.ACCENT, box, 2, border_radius=self.app.px(6))
        surface.blit(img, img.get_rect(center=box.center))


class Pending(tuple):
    """(state asked about, future): an AI answer is dropped if the state moved on meanwhile."""

    def __new__(cls, state, future):
        return super().__new__(cls, (state, future))

    def done(self) -> bool:
        return self[1].done()


ORDER_KEYS = {pygame.K_e: "entrench", pygame.K_h: "hide", pygame.K_w: "wireless", pygame.K_x: "leave",
              pygame.K_a: "attack"}


def idle_html(session: Session, viewer: str) -> str:
    state = session.state
    if not viewer:
        sides = ", ".join(f"{side_name(state, s)} {state.men(s):,} men" for s in state.setup.sides)
        return f"<b>Watching the AI</b><br>{sides}<br><font color='#b4a892'>Click a unit to see it.</font>"
    own = state.units_of(viewer)
    ready = sum(1 for u in own if u.moves_left > 0 and not u.moved and not u.attacked)
    return (f"<b>{side_name(state, viewer)}</b>: {len(own)} units, {state.men(viewer):,} men<br>"
            f"{ready} can still move.<br><font color='#b4a892'>Click a unit to select it; Tab picks the next one.</font>")
