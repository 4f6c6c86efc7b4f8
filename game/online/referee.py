"""A game on the server: the referee holds the state and the dice, and tells each side only what it may know.

Orders go through the same reducer as every game (`engine.check`, then
`engine.apply`); a refused order is answered with the engine's reason.  A
side is sent `observe(state, side)` and the log lines it may read
(`audience.heard`: each with its kind and the side it is a gain for, so the window colours it as at one
screen), never the state or the generator.  The game is the
same game `dushanbe simulate` plays: the same turns, digest for digest.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from game.core.digest import state_digest
from game.core.engine import IllegalOrder, apply, check
from game.core.audience import Line, heard
from game.core.observe import observe
from game.core.orders import EndPhase, Order, order_from_dict
from game.core.setup import new_game
from game.online.store import GameRow, OrderRow
from game.play.happenings import Happening, happenings
from game.play.log import QUIET, side_name
from game.replay.record import replay_text
from game.scenario.validate import LoadedScenario, load_scenario_text, start_setup
from game.core.record import GameRecord, TurnRecord

HUMAN = "human"


class Unplayable(Exception):
    """A stored game the server cannot play on (its orders broken, or refused by this engine)."""


class Table:
    """One game in progress: its scenario, its state, every order given, and each side's log."""

    def __init__(self, row: GameRow, orders: list[OrderRow] = (), shared: dict | None = None):
        """`shared`: scenarios and set-ups already made, by text and start date (games of one scenario share
        its set-up, and so the routes and supply graphs it works out once)."""
        shared = shared if shared is not None else {}
        key = (hashlib.sha256(row.scenario_text.encode("utf-8")).hexdigest(), row.scenario_name, row.start_date)
        if key not in shared:
            loaded = load_scenario_text(row.scenario_text, row.scenario_name)
            shared[key] = (loaded, start_setup(loaded, dt.date.fromisoformat(row.start_date)))
        self.row = row
        self.loaded, setup = shared[key]
        self.state, events = new_game(setup, row.seed)
        self.record = GameRecord(row.seed, state_digest(self.state), [], self.state, list(events))
        self.turn = TurnRecord(self.state.turn)
        self.logs: dict[str, list[dict]] = {side: sent(heard(events, self.state, None, side)) for side in setup.sides}
        self.accounts: dict[str, list[dict]] = {side: [] for side in setup.sides}  # what each saw since its last order
        self.seq = 0
        for row_order in orders:
            if row_order.seq != self.seq:
                raise Unplayable(f"game {row.id}: order {self.seq} is missing from the store")
            self.play(order_from_dict(row_order.order), row_order.side, row_order.note)

    @property
    def sides(self) -> tuple[str, ...]:
        return self.state.setup.sides

    def refusal(self, side: str, seq: int, data: dict) -> tuple[str, Order | None]:
        """Why `side` may not give this order now ("" and the order when it may)."""
        if self.state.over:
            return "the game is over", None
        if seq != self.seq:
            return f"the game has moved on: it is at order {self.seq}, not {seq}", None
        if self.state.side != side:
            return f"it is the {self.state.side} phase, not yours", None
        try:
            order = order_from_dict(data)
        except (ValueError, TypeError) as exc:
            return f"not an order: {exc}", None
        named = [order.unit] if hasattr(order, "unit") else list(getattr(order, "units", ()))
        strange = [u for u in named if u not in self.state.units or self.state.units[u].side != side]
        if strange:  # (said alike of an enemy unit and of none: the answer must not tell which)
            return f"you have no unit '{strange[0]}'", None
        try:
            check(self.state, order)
        except IllegalOrder as exc:
            return str(exc), None
        return "", order

    def play(self, order: Order, side: str, note: str = "") -> None:
        """Give an order the store has committed (checked before): the state moves on, each side's log grows."""
        before = self.state
        self.state, events = apply(before, order)
        self.seq += 1
        self.turn.orders.append(order)
        self.record.events.extend(events)
        for each in self.sides:
            self.logs[each].extend(sent(heard(events, self.state, before, each)))
            if each == side:
                self.accounts[each] = []
            else:
                self.accounts[each] += [told(h) for h in happenings(events, before, self.state, each)]
        if note and isinstance(order, EndPhase):
            other = [s for s in self.sides if s != side]
            for each in other:
                self.logs[each].append({"text": f"Note from the {side_name(self.state, side)} commander: {note}",
                                        "kind": "note", "gainer": ""})
        if self.state.over or self.state.turn != self.turn.turn:
            self.turn.digest = state_digest(self.state)
            self.record.turns.append(self.turn)
            self.turn = TurnRecord(self.state.turn)
        self.record.final = self.state

    def view(self, side: str, log_from: int = 0) -> dict:
        """What `side` is sent: its observation, its log lines from `log_from` on, and what it saw happen since its
        own last order (the other side's phase, told over as its own begins: play/happenings.py)."""
        return {"kind": "state", "game": self.row.id, "seq": self.seq, "observation": observe(self.state, side).to_dict(),
                "log_from": log_from, "log": self.logs[side][log_from:], "account": self.accounts[side]}

    def replay(self) -> dict:
        """The whole game, every hidden move in it, as a replay file beside its scenario file (for after the game)."""
        name = self.row.scenario_name
        text = replay_text("replay.json", _Named(self.loaded, name), self.record,
                           {side: HUMAN for side in self.sides})
        return {"kind": "replay", "game": self.row.id, "scenario_name": name, "scenario_text": self.row.scenario_text,
                "replay": text}


def sent(lines: list[Line]) -> list[dict]:
    """Log lines as a seat is sent them: the text, the kind of event (the window's colours and bold) and the side
    it is a gain for; not the dice's own lines, which no window shows (`QUIET`: the rolls that matter are in their
    events' lines)."""
    return [{"text": line.text, "kind": line.kind, "gainer": line.gainer} for line in lines if line.kind not in QUIET]


def told(h: Happening) -> dict:
    """A happening as a seat is sent it (client.happening reads it back)."""
    return {"kind": h.kind, "at": list(h.at), "words": [list(w) for w in h.words], "told": h.told}


class _Named:
    """The scenario as the replay names it: a file of that name beside the replay."""

    def __init__(self, loaded: LoadedScenario, name: str):
        self._loaded, self.path = loaded, name

    def __getattr__(self, key):
        return getattr(self._loaded, key)

