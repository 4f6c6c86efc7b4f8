"""Whose turn: the AI's orders at a readable pace, the hand-over at one screen, and a player's phase
opening with its go-to orders and the account of what it saw the enemy do.

A part of the game screen (`play.GameScreen`), kept in its own room."""

from __future__ import annotations

import threading
from concurrent.futures import Future

import pygame

from game.core.engine import IllegalOrder
from game.core.orders import Attack, EndPhase, Move
from game.ui import dialogs, theme
from game.ui.account import Account
from game.ui.briefing import Briefing
from game.ui.mapview import FLASH_SECONDS
from game.play.happenings import Happening
from game.play.log import side_name

END_ALL_THE_SAME = "End it all the same"  # the answer that ends a turn in which nothing was done
JUST_BEGUN = 1.0  # seconds after a phase begins in which End turn asks first: an Enter meant for the phase before


def think(work) -> Future:
    """Run `work` on a thread of its own and return its future.  The thread is a daemon: quitting (or saving and
    quitting) while the AI thinks does not wait for its answer."""
    future: Future = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as exc:  # handed to the window's thread, which raises it in step_ai
            future.set_exception(exc)

    threading.Thread(target=run, name="ai-thinking", daemon=True).start()
    return future


class Pending(tuple):
    """(state asked about, future): an AI answer is dropped if the state moved on meanwhile."""

    def __new__(cls, state, future):
        return super().__new__(cls, (state, future))

    def done(self) -> bool:
        return self[1].done()


class Turns:
    """Whose turn: the AI's orders at a readable pace, the hand-over at one screen, and a player's phase"""

    def thinking(self) -> bool:
        """The AI is working out its next order (off the window's thread)."""
        return self.ai_future is not None and not self.ai_future.done()

    def hurry_ai(self) -> None:
        self.skip_ai = True

    def end_turn(self, sure: bool = False, by_key: bool = False) -> None:
        """End the side's phase; one in which no unit has done anything, or by a key in the phase's first second,
        only once asked (as Wesnoth asks: an Enter meant for a briefing that was not there, or pressed while the
        other side moved, ended a turn)."""
        if self.session.state.over and self.dialog is None:  # "Results": the end of the game told again
            self.victory_shown = False
            return
        hasty = by_key and self.just_begun()
        if self.humans_turn() and self.dialog is None and not sure and (hasty or self.nothing_done()):
            said = f"The {self.side_now()} turn has only just begun: end it already?" if hasty else \
                f"No unit of the {self.side_now()} has moved or fought this turn, and some that are neither " \
                "hidden nor dug in still can."
            self.dialog = dialogs.Question(self.app, "End the turn?", said, ((END_ALL_THE_SAME, "Enter"),))
            return
        if self.humans_turn() and self.dialog is None:
            try:
                self.session.end_phase()
            except IllegalOrder as exc:  # an online game that has not taken the last order yet
                self.flash(str(exc))
                return
            self.autosave()
            self.drop_account()  # what the enemy did last phase is old news once this one ends

    def end_turn_key(self) -> None:
        self.end_turn(by_key=True)

    def just_begun(self) -> bool:
        """The phase on screen began less than `JUST_BEGUN` seconds ago (or is still beginning): a key pressed
        while the other side moved, or twice where once was meant, must not end it (it ended whole turns)."""
        return (self.session.state.turn, self.session.state.side) != self.accounted or self.phase_age < JUST_BEGUN

    def nothing_done(self) -> bool:
        """No unit of the side to move has moved or fought this turn, and some could that is not lying hidden or
        dug in (those wait by choice: a band in ambush is not asked about every turn)."""
        own = [u for u in self.session.state.units_of(self.session.state.side) if u.men > 0]
        return not any(u.moved or u.attacked for u in own) and \
            any(u.moves_left > 0 and not u.hidden and u.posture == "none" for u in own)

    def side_now(self) -> str:
        return side_name(self.session.state, self.session.state.side)

    def hand_over_done(self) -> None:
        if self.handover is not None:
            self.handover.kill()
            self.handover = None
        self.hover, self.mouse_seen = None, False  # the hex the other player left the mouse on is not this one's
        self.view_side = self.session.viewer
        self.session.select(None)

    def step_ai(self, dt: float) -> None:
        s = self.session
        if not s.ai_to_move or self.handover is not None or isinstance(self.dialog, (dialogs.VictoryWindow, Briefing)):
            self.skip_ai = False
            if self.before_ai is not None and not s.ai_to_move:  # back to where the player was looking
                self.camera.size, self.camera.ox, self.camera.oy = self.before_ai
                self.before_ai = None
            return
        if self.before_ai is None:
            self.before_ai = (self.camera.size, self.camera.ox, self.camera.oy)
        if self.dialog is not None or self.confirming is not None:
            return  # a window open over the game holds the AI's next order until it is closed (as Wesnoth's do)
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
        if self.threaded:
            self.ai_future = Pending(s.state, think(s.ai_order))
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
        self.after_order(order)

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
        self.accounted, self.phase_age = key, 0.0
        notes = s.carry_out(s.state.side)
        items = self.letters(s.state.side) + (s.account(s.state.side) if self.TELL_ENEMY_PHASE else [])
        self.drop_account()  # (one left open from a phase before is not this phase's)
        if items:
            others = [side_name(s.state, x) for x in s.sides if x != s.state.side]
            self.account = Account(self.app, pygame.Rect(self.camera.view), " and ".join(others), items)
            self.show_happening()
        self.go_to_notes = "; ".join(notes)  # said once the account is told over (it would stand over them)
        if self.account is None:
            self.say_go_to_notes()

    def letters(self, side: str) -> list[Happening]:
        """The notes the other player sent since this side's last phase, to be told first (they stood only at the
        log's end, easy to miss): happenings with no hex."""
        s, told = self.session, self.session.log_for(side)
        read, self.read_to = self.read_to, len(told)
        if s.kept_elsewhere and read != self.read_to:
            kept = {key: n for key, n in self.app.settings.get("online_read", {}).items() if key != s.game_key}
            self.app.remember(online_read=dict(list(kept.items())[-49:] + [(s.game_key, self.read_to)]))
        return [Happening("note", None, (), line.text) for line in told[read:] if line.kind == "note"]

    def say_go_to_notes(self) -> None:
        """How the go-to orders went as the phase began: a stop and why, or an arrival (a while longer on the map
        than a passing note: it is the player's plan)."""
        if self.go_to_notes:
            self.note, self.go_to_notes = (self.go_to_notes, 8.0), ""

    def show_happening(self) -> None:
        h = self.account.current
        if h.at is None:
            return  # (a note from the other player: nowhere on the map)
        if not self.camera.shows(h.at):
            self.camera.centre_on(h.at)
        x, y = self.camera.screen_of(h.at)
        reach = int(self.camera.size * 1.5)  # (the hex, and the words said over it)
        self.account.clear_of(pygame.Rect(x - reach, y - reach, 2 * reach, 2 * reach), pygame.Rect(self.camera.view),
                              self.app.px(8))
        self.marks.happenings = [m for m in self.marks.happenings if m[0] != h] + [[h, FLASH_SECONDS]]

    def next_happening(self) -> None:
        if self.account is not None:
            self.show_happening() if self.account.step() else self.close_account()

    def close_account(self) -> None:
        if self.account is not None:
            self.drop_account()
            self.say_go_to_notes()

    def drop_account(self) -> None:
        if self.account is not None:
            self.account.kill()
            self.account = None
