"""A seat at an online game for a program with its own loop (the window): the connection lives in a thread.

The thread connects, reconnects by itself with backoff, keeps the order
given until the game has taken it (sending it again after a reconnection if
the game is still where it was), and keeps what arrived; the loop reads a
`Snapshot` whenever it likes and gives orders without waiting.  No pygame.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from dataclasses import dataclass

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import connect

from game.core.observe import Observation
from game.core.orders import Order, order_to_dict
from game.online.client import BACKOFF_MAX, BACKOFF_START, RECEIVE_LIMIT, Game, address, unreached
from game.online.protocol import dumps, versions


GIVEN_UP = ("refused", "closed")  # a seat's statuses after which it does not connect again


@dataclass(frozen=True)
class Snapshot:
    """What the seat knows now, copied for the reader."""
    status: str  # "connecting", "playing", "reconnecting", "refused", "closed"
    side: str
    seq: int
    observation: Observation | None
    log: tuple[dict, ...]  # {"text", "kind", "gainer"} (game/online/referee.py: sent)
    connected: dict
    waiting: bool  # an order given is not yet taken by the game
    problem: str  # the server's last refusal or error, in its words ("" if none)
    retry_in: float  # seconds to the next attempt while reconnecting
    plan: tuple = ()  # the seat's go-to orders as the server kept them when it joined ((unit, q, r) each)
    account: tuple = ()  # what the side saw happen since its own last order (game/online/referee.py: told)
    unreached: str = ""  # why the last attempt to reach the server failed, while reconnecting ("" if none)

    @property
    def given_up(self) -> bool:
        """The seat will not connect again (refused, or closed): `problem` says why."""
        return self.status in GIVEN_UP

    @property
    def my_move(self) -> bool:
        o = self.observation
        return o is not None and not o.over and o.to_move == self.side and not self.waiting


class Remote:
    """One side's seat, its connection kept by a thread; `snapshot()` to read, `give()` to order, `close()` to leave."""

    def __init__(self, server: str, code: str, trace=None):
        self.server, self.code, self.trace = address(server), code, trace
        self._game, self._lock = Game(), threading.Lock()
        self._pending: tuple[int, dict, str] | None = None
        self._sent: tuple[int, dict, str] | None = None  # the order last sent on this connection
        self._plan: list | None = None  # the go-to orders to keep on the server, as last given
        self._plan_sent: list | None = None  # ... as last sent, and as the server last said it kept them:
        self._plan_kept: list | None = None  # sent again on joining until it has
        self._outbox: queue.Queue = queue.Queue()
        self._status, self._problem, self._retry_at, self._unreached = "connecting", "", 0.0, ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"seat {code[:6]}", daemon=True)
        self._thread.start()

    # -- for the reader ---------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        with self._lock:
            g = self._game
            return Snapshot(self._status, g.side, g.seq, g.observation, tuple(g.log), dict(g.connected),
                            self._pending is not None and self._pending[0] == g.seq, self._problem,
                            max(0.0, self._retry_at - time.monotonic()) if self._status == "reconnecting" else 0.0,
                            tuple(tuple(entry) for entry in g.plan), tuple(g.account),
                            self._unreached if self._status == "reconnecting" else "")

    def give(self, order: Order, note: str = "") -> None:
        """Order for the game's current moment (kept, and sent again after a reconnection, until it is taken);
        none once the seat is refused or closed (it will not connect again)."""
        with self._lock:
            if self._status in GIVEN_UP:
                return
            self._pending = (self._game.seq, order_to_dict(order), note)
            self._problem = ""
        self._outbox.put(self._pending)

    def keep_plan(self, go_to: list) -> None:
        """Have the server keep the seat's go-to orders ([unit, q, r] each), for when the player joins again
        (sent again after a reconnection until the server says it has them)."""
        with self._lock:
            self._plan = go_to
        self._outbox.put("plan")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)

    @property
    def loaded(self):
        """The game's scenario, once the server has welcomed the seat (None before)."""
        with self._lock:
            return self._game.loaded

    @property
    def replay(self) -> dict | None:
        with self._lock:
            return self._game.replay

    def ask_replay(self) -> None:
        self._outbox.put("replay")

    # -- the thread -------------------------------------------------------------------------------
    def _run(self) -> None:
        pause = BACKOFF_START
        while not self._stop.is_set():
            try:
                with connect(self.server, max_size=RECEIVE_LIMIT, open_timeout=10) as ws:
                    pause = BACKOFF_START
                    self._session(ws)
            except InvalidURI as exc:
                return self._set("refused", str(exc))
            except _Refused as exc:
                return self._set("refused", str(exc))
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError) as exc:
                self._unreached = unreached(exc)
            if self._stop.is_set():
                break
            with self._lock:
                self._status, self._retry_at = "reconnecting", time.monotonic() + pause
            self._stop.wait(pause)
            pause = min(BACKOFF_MAX, pause * 2)
        self._set("closed", self._problem)

    def _session(self, ws) -> None:
        ws.send(dumps({"kind": "hello", **versions(), "code": self.code}))
        welcomed, self._sent = False, None
        while not self._stop.is_set():
            self._send_waiting(ws)
            try:
                text = ws.recv(timeout=0.05)
            except TimeoutError:
                continue
            message = json.loads(text)
            if self.trace:
                self.trace(message)
            with self._lock:
                kind = self._game.take(message)
                if (kind == "error" and not welcomed) or kind == "replaced":
                    raise _Refused(message["reason"])
                if kind == "welcome":
                    welcomed, self._status = True, "playing"
                    if self._plan is not None and self._plan_kept is not self._plan:
                        self._outbox.put("plan")
                elif kind == "plan_kept":
                    self._plan_kept = self._plan_sent
                elif kind in ("refused", "error") and "moved on" not in message["reason"]:
                    self._problem = message["reason"]
                    if kind == "refused" and self._pending and self._pending[0] == message.get("seq"):
                        self._pending = None
                elif kind == "state" and self._pending and self._pending[0] == self._game.seq \
                        and self._sent is not self._pending:
                    self._outbox.put(self._pending)  # (after a reconnection: the game is still where it was)

    def _send_waiting(self, ws) -> None:
        while True:
            try:
                item = self._outbox.get_nowait()
            except queue.Empty:
                return
            if item == "replay":
                ws.send(dumps({"kind": "replay"}))
                continue
            if item == "plan":
                with self._lock:
                    plan = self._plan
                if self._plan_kept is not plan:
                    ws.send(dumps({"kind": "plan", "go_to": plan}))
                    self._plan_sent = plan
                continue
            with self._lock:
                current = self._pending == item and item[0] == self._game.seq
            if current and self._sent is not item:
                seq, order, note = item
                ws.send(dumps({"kind": "order", "seq": seq, "order": order, "note": note}))
                self._sent = item

    def _set(self, status: str, problem: str) -> None:
        with self._lock:
            self._status, self._problem = status, problem


class _Refused(Exception):
    pass
