"""An online game as the window plays it: a `Session` whose game is what its side observes, its orders sent to the
server (game/online/remote.py) and the state it draws made from the server's latest observation.

The window reads it as it reads a game at one screen: `state` is the side's own view of the game
(`known_state` of its observation), never the game itself; there is no undo (the server has the order
once it is taken), no AI (the other side is a person elsewhere), nothing saved here (the server keeps the
game: rejoin with the code).  Go-to orders (play/standing.py) are carried on as at one screen, each move sent
once the server has taken the one before; they are the player's plan, kept by the server for this seat alone and
given back when the player joins again.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

from game.core.engine import IllegalOrder, check
from game.core.hexgrid import Hex
from game.core.observe import known_state
from game.core.orders import EndPhase, Move, Order
from game.core.state import State
from game.online.client import happening
from game.online.remote import Remote, Snapshot
from game.play.happenings import Happening
from game.play.log import LogLine
from game.play.session import HUMAN, Session
from game.play.standing import HALTS, GoTo, does, fought, stop
from game.scenario.problems import InputError, Problem

ELSEWHERE = "online"  # who plays the other side: a person at another screen


def retry(seconds: float) -> str:
    """When the seat tries the server again, in words: "in 3 s", or "now"."""
    return f"in {math.ceil(seconds)} s" if seconds >= 0.5 else "now"


def log_line(sent: dict, side: str) -> LogLine:
    """A log line as the server sent it to `side` (game/online/referee.py: sent), as the window reads a line of a
    game at one screen: its kind (colours, bold, the dice kept out of sight) and the side it is a gain for."""
    return LogLine(sent["text"], sent["kind"], frozenset({side}), gainer=sent["gainer"])


@dataclass
class OnlineSession(Session):
    remote: Remote | None = None
    side: str = ""
    now: Snapshot | None = None
    _drawn: tuple = (None, None)  # (seq, the state made of its observation)
    _told: list = field(default_factory=list)
    finished: object = None  # the whole game, from its replay, once it is over (client.finished)
    shown_problem: str = ""
    note: str = ""  # to go to the other player with the end of this turn
    going: list = field(default_factory=list)  # units whose go-to moves on this phase, sent one at a time
    leg: tuple | None = None  # (unit, hex, log lines then): the go-to move the server was sent last
    plan_told: list = field(default_factory=list)  # the go-to orders as the server was last asked to keep them
    kept_elsewhere = True

    @classmethod
    def joined(cls, remote: Remote, snapshot: Snapshot, loaded) -> "OnlineSession":
        """The session of a seat the server has welcomed (`snapshot` holds its first observation)."""
        obs = snapshot.observation
        start = known_state(obs)
        players = {s: HUMAN if s == snapshot.side else ELSEWHERE for s in obs.setup.sides}
        session = cls(loaded, 0, obs.setup.start, players, start, remote=remote, side=snapshot.side, now=snapshot)
        session.standing = {uid: GoTo(uid, Hex(q, r)) for uid, q, r in snapshot.plan if uid in start.units}
        session.plan_told = session.plan()
        return session

    # -- what arrived ----------------------------------------------------------------------------
    def refresh(self) -> str:
        """Read what the seat knows now (once a frame); the server's refusal of an order, if it is news."""
        self.now = self.remote.snapshot()
        news = self.now.problem if self.now.problem != self.shown_problem else ""
        self.shown_problem = self.now.problem
        notes = self.send_go_tos()
        if self.plan() != self.plan_told:
            self.plan_told = self.plan()
            self.remote.keep_plan(self.plan_told)
        return "; ".join([news] * bool(news) + notes)

    def plan(self) -> list:
        """The go-to orders as the server keeps them for the seat: [unit, q, r] each, by unit."""
        return [[uid, *order.to] for uid, order in sorted(self.standing.items())]

    def status_note(self) -> str:
        now = self.now
        other = next(s for s in self.sides if s != self.side)
        if now.status == "reconnecting":
            waits = "  ·  your order waits to be sent" if now.waiting else ""
            return f"  ·  reconnecting {retry(now.retry_in)}{waits}"
        if now.given_up:
            return "  ·  not connected"  # (why, over the map: `banner`)
        away = "" if now.connected.get(other) else "  ·  opponent away"
        return ("  ·  sending your order" if now.waiting else "") + away

    def account(self, viewer: str) -> list[Happening]:
        """What the side saw happen since its own last order, as the server told it (the other side's phase)."""
        return [happening(h) for h in self.now.account] if viewer == self.side else []

    def banner(self) -> str:
        now = self.now
        if now.status == "reconnecting":
            return (f"The server is out of reach: trying again {retry(now.retry_in)}. " +
                    ("Your order is kept: it goes to the server when it answers." if now.waiting else
                     "Your orders are kept and sent when it answers."))
        if now.given_up:
            return f"Not connected: {now.problem or 'the seat was closed'}. Join again from the menu with your code."
        return ""

    why_no_save = "the server keeps an online game: join again with your code to go on"

    def close(self) -> None:
        self.remote.close()

    @property
    def state(self) -> State:
        obs = self.now.observation
        if self._drawn[0] != self.now.seq:
            self._drawn = (self.now.seq, known_state(obs))
            if self.selected and self.selected not in self._drawn[1].units:
                self.selected = None
        return self._drawn[1]

    @property
    def log(self) -> list[LogLine]:
        lines = self.now.log if self.now is not None else ()
        if len(self._told) != len(lines):
            self._told = [log_line(line, self.side) for line in lines]
        return self._told

    @log.setter
    def log(self, value) -> None:  # (the dataclass sets it once; the log is the server's)
        pass

    # -- what the window asks ------------------------------------------------------------------------
    @property
    def ai_to_move(self) -> bool:
        return False

    @property
    def viewer(self) -> str:
        return self.side

    @property
    def waiting_for_server(self) -> bool:
        return self.now.waiting

    undo_stop: str = "an online game has no undo: the server has every order"

    # -- go-to orders, one move at a time through the server --------------------------------------------
    def carry_on(self, uid: str) -> str:
        """Queue the unit's go-to move: the server takes one order at a time (`send_go_tos` gives them)."""
        if uid not in self.going:
            self.going.append(uid)
        return ""

    def must_stop(self, uid: str, side: str) -> str:
        unit = self.state.units.get(uid)
        if unit is not None and unit.fought:
            return f"{stop(unit.name)}{fought(unit.name)}"
        return super().must_stop(uid, side)

    def send_go_tos(self) -> list[str]:
        """Once the server has taken the last order: how the last go-to move went, and the next one sent."""
        if self.now.waiting or not self.now.my_move:
            return []
        notes = [self.leg_done()] if self.leg else []
        while self.going and not self.leg:
            uid = self.going.pop(0)
            if uid not in self.standing or uid not in self.state.units:
                continue
            move, note = self.next_leg(uid)
            notes.append(note)
            if move is not None:
                try:
                    self.give(move)
                    self.leg = (uid, move.to, len(self.now.log))
                except IllegalOrder as exc:
                    self.standing.pop(uid, None)
                    notes.append(f"{self.state.units[uid].name} stops: {exc}")
        return [n for n in notes if n]

    def leg_done(self) -> str:
        """Whether the unit got as far as its go-to move sent it (a zone of control, an ambush or a fight on the
        way stops it, and its go-to with it: the log says what happened)."""
        (uid, to, heard), self.leg = self.leg, None
        unit, order = self.state.units.get(uid), self.standing.get(uid)
        if order is None:
            return ""
        if unit is None or unit.hex != to:
            self.standing.pop(uid)
            why = [line["text"].partition(": ")[2] for line in self.now.log[heard:] if line["kind"] in HALTS]
            return why[-1] if why else f"{stop(self.names_of(uid))}the move was cut short"
        if unit.hex == order.to:
            self.standing.pop(uid)
            return f"{does(unit.name, 'has', 'have')} arrived"
        self.note_near(uid)
        return ""

    @property
    def can_undo(self) -> bool:
        return False

    @property
    def dirty(self) -> bool:
        """An order given has not reached the server yet: leaving now would lose it (nothing else is kept here)."""
        return self.now.waiting

    @property
    def why_no_orders(self) -> str:
        return f"not connected: {self.now.problem or 'the seat was closed'}" if self.now.given_up else ""

    def kept_on_leaving(self) -> str:
        return "Nothing is lost: the server keeps the game (join again from the menu with your code)."

    @property
    def lost_on_leaving(self) -> str:
        return "Your last order has not reached the server yet: leave now and it is lost." if self.now.waiting else ""

    @property
    def game_key(self) -> str:
        return f"online-{self.remote.code[:8]}"

    def give(self, order: Order, note: str = "") -> list[LogLine]:
        """Send the order (IllegalOrder at once if the side's own view already shows it cannot be given; the
        server, who sees the whole game, may still refuse it: its words come back as `now.problem`)."""
        if self.now.given_up:
            raise IllegalOrder(f"not connected ({self.now.problem or 'the seat was closed'}): join again from the "
                               "menu with your code")
        if self.state.over or self.now.waiting or self.state.side != self.side:
            raise IllegalOrder("wait: the game has not taken your last order yet" if self.now.waiting else
                               "it is not your phase")
        check(self.state, order)
        self.remote.give(order, note)
        self.now, self.sent = self.remote.snapshot(), order
        return []

    def waiting_move(self) -> list[Hex]:
        """The way of a move given but not yet taken by the server (the map shows it: the unit stands where the
        game last was until then); none when nothing waits."""
        order = self.sent
        if not self.now.waiting or not isinstance(order, Move) or order.unit not in self.state.units:
            return []
        found = self.path(order.unit, order.to)
        return found[0] if found else []

    def end_phase(self, note: str = "") -> list[LogLine]:
        lines = self.give(EndPhase(self.side), note or self.note)
        self.selected, self.note, self.going, self.leg = None, "", [], None
        return lines

    def undo(self) -> bool:
        return False

    def save(self, path: str) -> None:
        raise InputError([Problem("online game", None, "it is kept by its server: to come back to it, join again "
                                                       "with your code")])

    def save_replay(self, path: str) -> None:
        """The whole game, every hidden move shown, once it is over (with its scenario file beside it)."""
        from game.files import ensure_folder
        from game.online.client import write_replay

        if not self.state.over or self.remote.replay is None:
            if self.state.over:
                self.remote.ask_replay()
            raise InputError([Problem(path, None, "the server gives the replay when the game is over" +
                                      (" (it is on its way: try again in a moment)" if self.state.over else ""))])
        ensure_folder(os.path.dirname(os.path.abspath(path)))
        write_replay(self.remote.replay, path)

    def record(self):
        """The whole game, once it is over and its replay has come (every hidden move in it)."""
        if self.finished is None:
            from game.online.client import finished

            replay = self.remote.replay
            if replay is None:
                self.remote.ask_replay()
                raise IllegalOrder("the game's replay is on its way from the server")
            self.finished = finished(replay)
        return self.finished[0]
