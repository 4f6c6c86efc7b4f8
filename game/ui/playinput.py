"""Events to session calls: the mouse, the keys, every button and what each dialog's buttons do.

A part of the game screen (`play.GameScreen`), kept in its own room."""

from __future__ import annotations


import pygame
import pygame_gui

from game.core.orders import CallWireless, Move
from game.ui.attack import AttackDialog
from game.ui import dialogs
from game.ui.briefing import Briefing
from game.ui.roster import RosterWindow
from game.ui.online import NoteDialog


PAN_SPEED = 900  # pixels a second, keys and screen edges
EDGE = 6  # pixels from the window edge that pan the map
ARROWS = {pygame.K_LEFT: (-1, 0), pygame.K_RIGHT: (1, 0), pygame.K_UP: (0, -1), pygame.K_DOWN: (0, 1)}


def pan_step(camera) -> float:
    """How far one press of an arrow key moves the map: three hexes, or a sixth of the view if that is more."""
    return max(camera.size * 3 * 1.732, min(camera.view[2], camera.view[3]) / 6)


DRAG_START = 5  # pixels the mouse moves before a press becomes a drag


ORDER_KEYS = {pygame.K_e: "entrench", pygame.K_h: "hide", pygame.K_w: "wireless", pygame.K_x: "leave",
              pygame.K_a: "attack"}


class Input:
    """Events to session calls: the mouse, the keys, every button and what each dialog's buttons do."""

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
            if event.type != pygame.KEYDOWN:
                return
            if self.confirming is not None:
                self.key(event)  # the question's own keys
            elif event.key in (pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER):
                self.hand_over_done()
            elif event.key == pygame.K_ESCAPE:
                self.leave(self.app.menu, "Back to the main menu?", "Main menu", ask=True)  # (the map stays covered)
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
        if self.camera.in_view(*event.pos) and not self.over_map_panel(event.pos) and self.dialog is None \
                and self.confirming is None:  # (a window open over the map is being read, not the map)
            h = self.camera.hex_at(*event.pos)
            self.hover = h if self.session.state.board.on_map(h) else None
        else:
            self.hover = None

    def rehover(self) -> None:
        """The hex under a still mouse, found again when the map moved under it (a jump to a unit from the roster,
        panning with the keys): the hex marked, its path and a click all mean the same hex."""
        key = (self.camera.size, self.camera.ox, self.camera.oy, tuple(self.camera.view))
        if key != self.hovered_under and self.mouse_seen and self.drag is None:
            self.hovered_under = key
            self.motion(pygame.event.Event(pygame.MOUSEMOTION, pos=self.mouse, rel=(0, 0), buttons=(0, 0, 0)))

    def over_map_panel(self, pos) -> bool:
        """Whether `pos` is on something drawn over the map (the minimap, the enemy phase's account), not a hex."""
        return (self.minimap_on() and self.minimap.rect.collidepoint(pos)) or \
            (self.account is not None and self.account.panel.get_abs_rect().collidepoint(pos))

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
        if isinstance(self.dialog, dialogs.Question) and k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.button(next(iter(self.dialog.buttons)))  # Enter again: end it all the same
            return
        if isinstance(self.dialog, AttackDialog) and k in (pygame.K_RETURN, pygame.K_KP_ENTER):
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
                self.leave(self.app.menu, "Back to the main menu?", "Main menu", ask=True)
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
            pygame.K_u: self.undo, pygame.K_RETURN: self.end_turn_key, pygame.K_KP_ENTER: self.end_turn_key,
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

    def roster_buttons(self, d: RosterWindow) -> dict:
        acts = {b: (lambda key=key: self.open_roster(*d.resorted(key))) for b, key in d.headings.items()}
        return acts | {b: (lambda uid=uid: self.go_to_unit(uid)) for b, uid in d.cells.items()}

    def button(self, element) -> None:
        action = self.buttons().get(element)
        if action is not None:
            action()

    def buttons(self) -> dict:
        """What each button on the screen does now: the bars', the side panel's and the open dialog's."""
        if self.confirming is not None:  # a question that must be answered first: nothing else acts
            return self.leave_buttons(self.confirming)
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
        if self.account is not None:
            acts.update({self.account.next: self.next_happening, self.account.skip: self.close_account})
        for kind, actions in self.DIALOG_BUTTONS.items():
            if isinstance(self.dialog, kind):
                acts.update(actions(self, self.dialog))
        return acts

    def attack_buttons(self, d: AttackDialog) -> dict:
        return {d.go: lambda: (self.close_dialog(), self.attack(d.attackers, d.target)), d.toggle: d.switch,
                d.cancel: self.close_dialog, **{b: (lambda uid=uid: d.pick(uid)) for b, uid in d.picks.items()}}

    def save_buttons(self, d: dialogs.SaveDialog) -> dict:
        return {d.ok: lambda: (self.close_dialog(), self.save_as(d.name())), d.cancel: self.close_dialog}

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
        return {**{b: (lambda station=station: call(station)) for station, b in d.buttons.items()},
                d.cancel: self.close_dialog}

    def victory_buttons(self, d: dialogs.VictoryWindow) -> dict:
        acts = {d.replay: self.save_replay, d.report: self.write_report, d.look: self.close_dialog, d.menu: self.app.menu}
        if d.next is not None:
            acts[d.next] = self.next_in_campaign
        return acts

    def briefing_buttons(self, d: Briefing) -> dict:
        return {d.ok: self.close_dialog}

    def note_buttons(self, d: NoteDialog) -> dict:
        def keep() -> None:
            self.session.note = d.text()
            self.close_dialog()
            self.flash("The note goes with your end of turn" if self.session.note else "No note")
        return {d.ok: keep, d.cancel: self.close_dialog}

    def question_buttons(self, d: dialogs.Question) -> dict:
        """Do what the question asked about (by default: end the turn in which nothing was done), or stay."""
        def answer(words: str) -> None:
            self.close_dialog()
            d.then(words) if d.then is not None else self.end_turn(sure=True)
        return {**{b: (lambda words=words: answer(words)) for b, words in d.buttons.items()}, d.cancel: self.close_dialog}

    DIALOG_BUTTONS = {AttackDialog: attack_buttons, dialogs.SaveDialog: save_buttons, NoteDialog: note_buttons,
                      dialogs.Question: question_buttons,
                      dialogs.FileListDialog: load_buttons, dialogs.WirelessDialog: wireless_buttons,
                      dialogs.VictoryWindow: victory_buttons, Briefing: briefing_buttons, RosterWindow: roster_buttons}

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
                return  # (still selected, for that Shift+click)
            s.select(None)
            return
        ids = [u.id for u in here]
        if s.selected in ids:  # clicking a stack again picks the next unit in it
            s.select(ids[(ids.index(s.selected) + 1) % len(ids)])
        else:
            own = [u for u in here if u.side == self.shown_viewer()]
            s.select((own or here)[0].id)

    def leave_buttons(self, d: dialogs.LeaveDialog) -> dict:
        return {d.save_button: lambda: self.settle(save=True), d.confirm_button: self.settle,
                d.cancel_button: lambda: self.settle(go=False)}

    def pan(self, dt: float) -> None:
        dx, dy = self.pan_way()
        if dx or dy:
            self.camera.pan(dx * PAN_SPEED * dt, dy * PAN_SPEED * dt)

    def pan_way(self) -> tuple[int, int]:
        """Which way the arrow keys and the mouse at the window's edge pan the map now (-1, 0 or 1 each way)."""
        if self.dialog is not None and isinstance(self.dialog, (dialogs.SaveDialog, NoteDialog)):
            return 0, 0
        keys = pygame.key.get_pressed()
        dx, dy = keys[pygame.K_RIGHT] - keys[pygame.K_LEFT], keys[pygame.K_DOWN] - keys[pygame.K_UP]
        if self.mouse_seen and pygame.mouse.get_focused() and self.drag is None:
            x, y = pygame.mouse.get_pos()
            W, H = self.app.window.get_size()
            dx, dy = dx + (x >= W - EDGE) - (x < EDGE), dy + (y >= H - EDGE) - (y < EDGE)
        return dx, dy

    def panning(self) -> bool:
        return self.pan_way() != (0, 0)
