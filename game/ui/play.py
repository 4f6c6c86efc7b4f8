"""The game screen: the controller between pygame events and a `Session`.

Clicks and keys become session calls (select, move, attack, orders, undo,
end turn); the session's state is drawn by `MapView`.  The AI's orders are
computed off the main thread (so the window stays responsive) and applied
one by one at a readable pace; Space skips to the end of its turn.  The
screen is made of rooms by role: `playinput` (events to session calls),
`playturns` (whose turn: the AI's pace, the hand-over, a phase's opening),
`playpanels` (what the marks and panels show), `playsaving` (saves, the
replay and its report, leaving); this module holds the screen's layout and
the player's orders.
"""

from __future__ import annotations

import os

import pygame

from game.core.engine import IllegalOrder, may_move
from game.core.orders import Attack, EndPhase, Entrench, Hide, LeaveMap
from game.ui.attack import AttackDialog
from game.ui import dialogs, theme
from game.ui.account import Account
from game.ui.briefing import Briefing, campaign_html, start_html
from game.ui.roster import RosterWindow
from game.ui.online import NoteDialog
from game.ui.app import Screen
from game.ui.camera import LEVELS, Camera
from game.ui.mapview import Marks, MapView
from game.ui.minimap import Minimap
from game.ui.panels import HoverTip, LogBox, SidePanel, TopBar, mark_on, reason_text, reason_under
from game.ui.texts import hex_tip
from game.play import roster
from game.play.log import side_name
from game.play.session import Session
from game.ui.playinput import Input
from game.ui.playpanels import Panels
from game.ui.playsaving import Saving
from game.ui.playturns import Turns


READABLE = 23  # the hex size the game opens at: a counter's strength drawn 10 px tall (tests/test_ui_render.py)


class GameScreen(Input, Saving, Turns, Panels, Screen):
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
        self.hovered_under = None  # the camera the hovered hex was found under (Input.rehover)
        self.dialog = None
        self.confirming = None
        self.confirm_action = None
        self.handover = None
        self.view_side = None if session.hot_seat else session.viewer
        self.hover = None
        self.drag = None
        self.mouse_seen = False
        self.framed = False
        self.victory_shown = False  # a finished game opened again (Continue) shows how it ended, with Next in a campaign
        self.briefed = bool(session.steps) or session.briefed_before or not self.BRIEF_AT_START
        self.threaded = app.threaded  # the AI thinks off the window's thread (playturns.think)
        self.ai_future = None
        self.ai_wait = 0.0
        self.skip_ai = False
        self.before_ai = None
        self.trail_time = 0.0
        self.account: Account | None = None  # the enemy's phase told over, while it is open
        self.saved_here = {os.path.abspath(session.loaded_from)} if session.loaded_from else set()  # (no question
        # when this game's own save is brought up to date: ui/playsaving.py)
        self.accounted = None  # the (turn, side) whose phase was last told over
        self.phase_age = 0.0  # seconds since it began
        self.read_to = app.settings.get("online_read", {}).get(session.game_key, 0) if session.kept_elsewhere else \
            len(session.log_for(session.viewer))  # the log lines read: notes after them are told (kept for a game
        # played apart: a note sent while this window was closed is told when it joins again)
        self.go_to_notes = ""  # how the go-to orders went as the phase began, said once its account is told
        self.note = ("", 0.0)
        self._panel_key = None
        if not session.steps and session.autosaved_at < 0:
            self.autosave()  # a new game is kept from its start: Continue goes back to it even before a phase ends

    # -- building the widgets ------------------------------------------------
    def build(self) -> None:
        app, px = self.app, self.app.px
        W, H = app.window.get_size()
        self.top = TopBar(app.ui, W, px)
        top_h = self.top.height
        side_w = max(px(330), min(px(380), W // 4))
        wanted_log_h = (H - top_h) // 2 if self.tall_log else max(px(120), min(px(170), H // 6))
        log_h = LogBox.fitted(app.ui, W - side_w, wanted_log_h)
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

    def unbuild(self) -> None:
        """The widgets gone, to be built again at a new size or UI scale: the game goes on, online its
        connection with it, and the enemy phase's account is shown again (`build`)."""
        for tip in (self.reason_tip, self.map_tip):
            if tip is not None:
                tip.close()
        for thing in (self.dialog, self.handover, self.account):
            if thing is not None:
                thing.kill()
        self.dialog = self.handover = self.confirming = None

    def teardown(self) -> None:
        self.unbuild()
        self.session.close()
        self.account = None

    def shown_viewer(self) -> str:
        """The side whose eyes draw the map ("" = everything)."""
        return self.view_side if self.view_side is not None else self.session.viewer

    # -- events ----------------------------------------------------------------------

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

    def toggle_grid(self) -> None:
        self.view.grid = not self.view.grid

    def toggle_minimap(self) -> None:
        self.show_minimap = not self.show_minimap

    def minimap_on(self) -> bool:
        """The minimap is drawn when the player wants it and the map does not all fit the view."""
        return self.show_minimap and not self.camera.whole_map()

    def open_help(self) -> None:
        if self.dialog is None:
            self.dialog = dialogs.HelpWindow(self.app)

    def close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.kill()
            self.dialog = None

    def busy(self) -> bool:
        """The map moves by itself: a happening's ring, a move's trail, the AI's orders coming, the map panning."""
        return bool(self.marks.happenings) or self.trail_time > 0 or self.session.ai_to_move or \
            self.drag is not None or self.panning()

    # -- what the player does ------------------------------------------------------
    def humans_turn(self) -> bool:
        s = self.session
        return not s.state.over and not s.ai_to_move and self.handover is None and \
            self.shown_viewer() == s.state.side and not s.why_no_orders

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
        if isinstance(order, EndPhase) or self.session.state.over:  # (a game won mid-phase is kept as it ended)
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
            self.dialog = AttackDialog(self.app, s, target, chosen, everyone)

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
            self.dialog = dialogs.WirelessDialog(self.app, self.session.station_offers(unit.id), unit.name)

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
        movers = [u for u in s.state.units_of(s.state.side) if may_move(u)]
        ready = [u for u in movers if not u.moved] or movers  # those not yet moved first
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

    def open_note(self) -> None:
        """A note to the other player, sent with the end of this turn (online games: N)."""
        s = self.session
        if s.kept_elsewhere and self.dialog is None:
            other = next(x for x in s.sides if x != s.viewer)
            self.dialog = NoteDialog(self.app, side_name(s.state, other), s.note)
            self.app.opened_by_key("n")

    def toggle_log(self) -> None:
        """A log half the window tall, or back to its strip (L)."""
        self.tall_log = not self.tall_log
        self.app.rebuild()

    def toggle(self, overlay: str) -> None:
        self.view.shown ^= {overlay}

    def flash(self, text: str) -> None:
        self.note = (text, 4.0)

    # -- saving ------------------------------------------------------------------


    # -- hot seat -------------------------------------------------------------------

    # -- every frame ------------------------------------------------------------------
    def update(self, dt: float) -> None:
        s = self.session
        news = s.refresh()
        if news:
            self.flash(news)
        self.pan(dt)
        self.rehover()
        self.log.update()
        mark_on(self.top.buttons, {"grid": self.view.grid} | {k: k in self.view.shown for k in ("supply", "zoc", "support")})
        if self.reason_tip is not None:
            button, why = reason_under([*self.side.buttons.values(), self.side.end, *self.top.buttons.values()], self.mouse)
            button = None if self.confirming is not None else button  # nothing behind the question tells its tale
            self.reason_tip.update(dt, button, lambda: reason_text(button, why), self.mouse)
        if self.map_tip is not None:
            h, viewer = self.hover, self.shown_viewer()
            quiet = self.dialog is not None or self.handover is not None or self.confirming is not None or \
                (self.drag is not None and self.drag[1])
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
        if not self.briefed and self.dialog is None and self.handover is None:
            self.briefed = True  # every game opens with its briefing (not again when a save is loaded)
            self.dialog = (Briefing(self.app, s.campaign.loaded.campaign.title, campaign_html(s))
                           if s.campaign is not None else Briefing(self.app, "Briefing", start_html(s)))
        self.step_ai(dt)  # not while the briefing is read
        self.age_happenings(dt)
        self.phase_age += dt
        self.begin_phase()
        if s.state.over and not self.victory_shown and self.dialog is None:
            from game.sim.simulate import summary
            try:
                record = s.record()
            except IllegalOrder:  # an online game's whole record is on its way from the server
                record = None
            if record is not None:
                self.victory_shown = True
                self.keep_replay()
                self.dialog = dialogs.VictoryWindow(self.app, s, summary(record, s.loaded.scenario.id), record.final)
        self.trail_time = max(0.0, self.trail_time - dt)
        if self.trail_time == 0:
            self.marks.trail, self.marks.flash = [], None
        self.note = (self.note[0], self.note[1] - dt) if self.note[1] > 0 else ("", 0.0)
        self.update_marks()
        self.update_panels()


    # -- what happened --------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        if self.handover is not None:
            surface.fill(theme.BACKGROUND)
            return  # the next player must not see the other's map
        viewer = self.shown_viewer()
        self.view.draw(surface, self.session, viewer, self.marks)
        if self.minimap_on():
            units = self.session.visible_units(viewer)
            self.minimap.draw(surface, self.camera, units, self.session.sides)
        banner = self.session.banner()
        below = self.draw_note(surface, banner) if banner else None
        if self.note[0]:
            self.draw_note(surface, self.note[0], below)
