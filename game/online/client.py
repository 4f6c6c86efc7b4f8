"""A client of the online server: creating a game, taking a seat, and a headless player for one side.

A seat reconnects by itself (waiting longer each time, up to `BACKOFF_MAX`
seconds) and resumes at the game's current state; an order sent but not
acknowledged is sent again with the same number, so it is never given twice
nor lost.  What a client holds of the game is what its side observes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any, Callable

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from game.core.hexgrid import Hex
from game.core.observe import Observation, observation_of
from game.core.orders import Order, order_to_dict
from game.online.protocol import dumps, versions
from game.play.happenings import Happening
from game.scenario.validate import LoadedScenario, load_scenario_text, start_setup

RECEIVE_LIMIT = 256 * 1024 * 1024  # bytes: a whole replay is the largest thing a client is sent
BACKOFF_START, BACKOFF_MAX = 0.2, 5.0


class Refused(Exception):
    """The server will not let this client play (a wrong code, another version, a bad scenario): its words."""


class Unreachable(Exception):
    """No server answered at the address for as long as the client was willing to wait."""


def address(server: str) -> str:
    """`ws://HOST:PORT` (or wss://); ValueError saying what is wrong."""
    if not server.startswith(("ws://", "wss://")):
        raise ValueError(f"{server!r}: the server's address is ws://HOST:PORT (or wss:// behind a TLS proxy)")
    return server


async def create(server: str, loaded: LoadedScenario, start_date: str | None, seed: int | None,
                 wait: float = 30.0) -> dict:
    """Make a game on the server: {"game": ID, "codes": {side: CODE}, "start_date": ...}."""
    name = os.path.basename(loaded.path) if loaded.path.endswith((".yaml", ".yml")) else "scenario.yaml"
    message = {"kind": "create", **versions(), "scenario_name": name, "scenario_text": loaded.text,
               "start_date": start_date, "seed": seed}
    async with await _open(server, wait) as ws:
        await ws.send(dumps(message))
        answer = json.loads(await ws.recv())
    if answer.get("kind") != "created":
        raise Refused(answer.get("reason", f"unexpected answer {answer.get('kind')!r}"))
    return {"game": answer["game"], "codes": answer["codes"], "start_date": answer["start_date"]}


async def _open(server: str, wait: float):
    """A connection to the server, tried again with backoff for up to `wait` seconds."""
    loop = asyncio.get_running_loop()
    give_up, pause = loop.time() + wait, BACKOFF_START
    while True:
        try:
            return await connect(address(server), max_size=RECEIVE_LIMIT, open_timeout=10)
        except InvalidURI as exc:
            raise ValueError(f"{server!r}: {exc}") from None
        except (OSError, InvalidHandshake, asyncio.TimeoutError) as exc:
            if loop.time() + pause > give_up:
                raise Unreachable(f"no game server answers at {server} ({unreached(exc)})") from None
            await asyncio.sleep(pause)
            pause = min(BACKOFF_MAX, pause * 2)


def unreached(exc: Exception) -> str:
    """Why a server was not reached, in a few words: 'connection refused', 'no answer in time'."""
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    if isinstance(exc, ConnectionClosed):
        return "the connection was closed"
    if isinstance(exc, InvalidHandshake):
        return "it is not a game server (no WebSocket answered)"
    if isinstance(exc, OSError) and exc.errno:  # (asyncio words a refusal "Connect call failed ('127.0.0.1', 8765)")
        return os.strerror(exc.errno).lower()
    return (exc.strerror or str(exc)).lower() if isinstance(exc, OSError) else str(exc)


def happening(sent: dict) -> Happening:
    """A happening as the seat was sent it (referee.told), as the window reads one."""
    return Happening(sent["kind"], Hex(*sent["at"]), tuple(tuple(w) for w in sent["words"]), sent["told"])


@dataclass
class Game:
    """What a seated client knows: its side, the scenario, the latest observation and its log."""
    side: str = ""
    game: str = ""
    loaded: LoadedScenario | None = None
    setup: Any = None
    seq: int = 0
    observation: Observation | None = None
    log: list[dict] = field(default_factory=list)  # {"text", "kind", "gainer"}
    connected: dict[str, bool] = field(default_factory=dict)
    replay: dict | None = None
    plan: list = field(default_factory=list)  # the seat's go-to orders as the server kept them ([unit, q, r])
    account: list = field(default_factory=list)  # what the side saw happen since its own last order (referee.told)

    def take(self, message: dict) -> str:
        """Take in a message from the server; its kind."""
        kind = message.get("kind", "")
        if kind == "welcome":
            self.welcome(message)
        elif kind == "state":
            self.update(message)
        elif kind == "presence":
            self.connected = message["connected"]
        elif kind == "replay":
            self.replay = message
        return kind

    def welcome(self, message: dict) -> None:
        if self.loaded is None:
            self.loaded = load_scenario_text(message["scenario_text"], message["scenario_name"])
            self.setup = start_setup(self.loaded, dt.date.fromisoformat(message["start_date"]))
        self.side, self.game, self.plan = message["side"], message["game"], message.get("plan", [])

    def update(self, message: dict) -> None:
        self.seq = message["seq"]
        self.observation = observation_of(message["observation"], self.setup)
        del self.log[message["log_from"]:]
        self.log.extend(message["log"])
        self.account = message.get("account", [])

    @property
    def my_move(self) -> bool:
        o = self.observation
        return o is not None and not o.over and o.to_move == self.side


class Seat:
    """A seat at a game: connects with its code, reconnects by itself, and gives orders decided by `decide`."""

    def __init__(self, server: str, code: str, wait: float = 600.0, trace: Callable[[dict], None] | None = None):
        self.server, self.code, self.wait, self.trace = address(server), code, wait, trace
        self.game = Game()
        self.pending: tuple[int, dict, str] | None = None  # (seq, order, note) sent and not yet acknowledged
        self.reconnects = 0

    async def play(self, decide: Callable[[Observation], Order] | None, note: Callable[[Observation], str] = lambda o: "") -> Game:
        """Play the side to the end of the game, asking `decide` for each order; then fetch the replay."""
        while True:
            ws = await _open(self.server, self.wait)
            try:
                async with ws:
                    if await self._session(ws, decide, note):
                        return self.game
            except ConnectionClosed:
                pass
            self.reconnects += 1

    async def fetch_replay(self) -> Game:
        """The finished game's replay (Refused if it is not over)."""
        return await self.play(None)

    async def _session(self, ws, decide, note) -> bool:
        """One connection's worth of play; True once the game is over and its replay is here."""
        await ws.send(dumps({"kind": "hello", **versions(), "code": self.code}))
        welcomed = False
        async for text in ws:
            message = json.loads(text)
            if self.trace:
                self.trace(message)
            kind = self.game.take(message)
            if (kind == "error" and not welcomed) or kind == "replaced":
                raise Refused(message["reason"])
            welcomed = welcomed or kind == "welcome"
            if kind == "refused":
                if self.pending and self.pending[0] == message["seq"] and "moved on" not in message["reason"]:
                    raise Refused(f"the server refused an order: {message['reason']}")
                self.pending = None
            elif kind == "replay":
                return True
            elif kind == "state":
                if self.game.observation.over:
                    await ws.send(dumps({"kind": "replay"}))
                elif decide is None:
                    raise Refused(f"game {self.game.game} is not over (it is at turn {self.game.observation.turn}): "
                                  "its replay is given when it is")
                elif self.game.my_move:
                    await self._move(ws, decide, note)
        return False

    async def _move(self, ws, decide, note) -> None:
        """Send the order for the game's current moment: the one sent before if it is still this moment's."""
        seq = self.game.seq
        if self.pending is None or self.pending[0] != seq:
            order = decide(self.game.observation)
            self.pending = (seq, order_to_dict(order), note(self.game.observation))
        _, order, words = self.pending
        await ws.send(dumps({"kind": "order", "seq": seq, "order": order, "note": words}))


def write_replay(replay: dict, path: str) -> str:
    """Write the replay the server sent as `path`, with its scenario file beside it (as the replay names it);
    the scenario file's path."""
    from game.files import write_atomic

    scenario = os.path.join(os.path.dirname(os.path.abspath(path)), os.path.basename(replay["scenario_name"]))
    write_atomic(scenario, replay["scenario_text"])
    write_atomic(path, replay["replay"])
    return scenario


def finished(replay: dict):
    """The finished game the server's replay records, re-run here and checked: (its record, the siege facts
    after each turn, the scenario); Refused if the re-run contradicts the replay."""
    from game.core.setup import new_game
    from game.replay.record import load_replay
    from game.replay.rerun import by_turn
    from game.replay.verify import scenario_for, verify
    from game.core.record import GameRecord, TurnRecord
    from game.sim.simulate import siege_facts
    import datetime as dt

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "replay.json")
        write_replay(replay, path)
        recorded = load_replay(path)
        loaded = scenario_for(recorded)
        verdict = verify(recorded, loaded)
    if not verdict.ok:
        raise Refused(f"the server's replay of game {replay.get('game')} does not verify: {verdict.message}")
    state, events = new_game(start_setup(loaded, dt.date.fromisoformat(recorded.start_date)), recorded.seed)
    record, siege = GameRecord(recorded.seed, recorded.start_digest, [], state, list(events)), []
    for index, played, state in by_turn(state, [orders for orders, _ in recorded.turns]):
        turn = TurnRecord(played[0].before.turn if played else state.turn, [p.order for p in played],
                          recorded.turns[index][1])
        record.turns.append(turn)
        record.events.extend(e for p in played for e in p.events)
        siege.extend(siege_facts(state))
    record.final = state
    return record, siege, loaded
