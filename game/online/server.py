"""`dushanbe serve`: the server that referees online games (docs/online.md).

An asyncio WebSocket server (the `websockets` library).  Each connection
first creates a game or takes a seat with a join code; a seated client then
gives orders for its side and is sent, after every order of either side,
what its side may know.  An order is acknowledged only once the store has
committed it.  Bad messages are answered with an error and logged; they
never stop another game.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import secrets
import signal
import time
from dataclasses import dataclass, field

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

import game
from game import faults
from game.online import protocol
from game.online.protocol import BadMessage, Create, Give, Hello, AskReplay, KeepPlan, Ping, dumps
from game.online.referee import Table
from game.online.store import GameRow, Store, Taken
from game.scenario.problems import InputError, listed
from game.scenario.validate import load_scenario_text, start_setup

log = logging.getLogger("dushanbe.server")

RATE = 200.0  # messages a second a connection is read at, on average (an AI client gives orders this fast)
BURST = 200  # and at once
BAD_MESSAGES = 100  # malformed or refused messages a connection may send before it is closed
FIRST_MESSAGE_SECONDS = 30


@dataclass
class Bucket:
    """A token bucket: a connection's messages are read at `RATE` a second, `BURST` at once; faster, the reader
    waits (nothing is dropped: the sender is slowed down, and told once a second)."""
    tokens: float = BURST
    at: float = field(default_factory=time.monotonic)
    warned: float = 0.0

    def wait(self) -> float:
        """Seconds to wait before the next message may be read (0: at once), the token taken."""
        now = time.monotonic()
        self.tokens = min(BURST, self.tokens + (now - self.at) * RATE)
        self.at = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / RATE

    def warn(self) -> bool:
        """Whether to tell the sender it is being slowed down (once a second)."""
        now = time.monotonic()
        if now - self.warned >= 1.0:
            self.warned = now
            return True
        return False


@dataclass
class Seat:
    game: str
    side: str
    ws: ServerConnection
    log_sent: int = 0


REPLACED = "your seat was taken by another window that joined with your code"


class Referee:
    """Every game the server holds, the clients seated at them, and what each message does."""

    def __init__(self, store: Store):
        self.store = store
        self.tables: dict[str, Table] = {}
        self.shared: dict = {}  # scenarios and set-ups by text and start date, shared by their games
        self.seats: dict[str, list[Seat]] = {}

    def table(self, game_id: str) -> Table:
        if game_id not in self.tables:
            self.tables[game_id] = Table(self.store.game(game_id), self.store.orders(game_id), self.shared)
        return self.tables[game_id]

    # -- a connection ------------------------------------------------------------------------------
    async def connection(self, ws: ServerConnection) -> None:
        peer = _peer(ws)
        try:
            first = await asyncio.wait_for(ws.recv(), FIRST_MESSAGE_SECONDS)
        except (asyncio.TimeoutError, ConnectionClosed):
            return
        try:
            message = protocol.read(first)
        except BadMessage as exc:
            return await self.refuse(ws, peer, str(exc))
        if isinstance(message, Create):
            return await self.create(ws, peer, message)
        if not isinstance(message, Hello):
            return await self.refuse(ws, peer, "the first message is hello (with a join code) or create")
        seated = self.store.seat(message.code)
        if seated is None:
            return await self.refuse(ws, peer, "no game has this join code (check it was copied whole)")
        row = self.store.game(seated[0])
        why = protocol.mismatch(message.protocol, message.engine_version, message.rules_sha256, row.engine_version,
                                row.rules_sha256)
        if why:
            return await self.refuse(ws, peer, why)
        try:
            self.table(seated[0])
        except Exception as exc:  # a stored game this server cannot play on: said, logged; other games go on
            log.exception("%s: game %s cannot be played on", peer, seated[0])
            return await self.refuse(ws, peer, f"game {seated[0]} cannot be played on this server ({exc}); "
                                               "its orders are kept: tell the server's keeper")
        seat = Seat(seated[0], seated[1], ws)
        await self.seated(seat, peer)

    async def seated(self, seat: Seat, peer: str) -> None:
        table = self.table(seat.game)
        await self.replace(seat, peer)
        self.seats.setdefault(seat.game, []).append(seat)
        log.info("%s: seated at game %s as %s", peer, seat.game, seat.side)
        try:
            await self.send(seat.ws, {"kind": "welcome", "game": seat.game, "side": seat.side,
                                      "scenario_name": table.row.scenario_name, "scenario_text": table.row.scenario_text,
                                      "start_date": table.row.start_date, "sides": list(table.sides),
                                      "plan": self.store.plan(seat.game, seat.side)})
            await self.tell(seat)
            await self.presence(seat.game)
            bucket, bad = Bucket(), 0
            async for text in seat.ws:
                pause = bucket.wait()
                if pause:
                    if bucket.warn():
                        await self.error(seat.ws, peer, f"too many messages: read at most {RATE:.0f} a second")
                    await asyncio.sleep(pause)
                if not await self.heard(seat, peer, text):
                    bad += 1
                    if bad >= BAD_MESSAGES:
                        log.warning("%s: closed after %d bad messages", peer, bad)
                        await seat.ws.close(1008, "too many bad messages")
                        break
        except ConnectionClosed:
            pass
        finally:
            self.seats[seat.game].remove(seat)
            sent = seat.ws.protocol.close_sent
            code = sent.code if sent is not None else seat.ws.close_code
            if code == 1009:
                log.warning("%s: closed: a message over %d bytes", peer, protocol.MAX_MESSAGE)
            log.info("%s: left game %s (%s)%s", peer, seat.game, seat.side,
                     f", closed with code {code}" if code not in (None, 1000, 1001) else "")
            await self.presence(seat.game)

    async def replace(self, seat: Seat, peer: str) -> None:
        """A seat is held by one connection: one that held it before (another window, or a connection not yet
        seen to be dead) is told and closed, and does not come back by itself."""
        for older in [s for s in self.seats.get(seat.game, []) if s.side == seat.side]:
            log.info("%s: game %s: the %s seat joined again; its older connection is closed", peer, seat.game,
                     seat.side)
            await self.send(older.ws, {"kind": "replaced", "reason": REPLACED})
            await older.ws.close(1000, "seat taken by a newer connection")

    async def heard(self, seat: Seat, peer: str, text) -> bool:
        """Do what a seated client's message asks; False if it was bad (malformed, or not for now)."""
        try:
            message = protocol.read(text)
        except BadMessage as exc:
            await self.error(seat.ws, peer, str(exc))
            return False
        if isinstance(message, Give):
            return await self.give(seat, peer, message)
        if isinstance(message, KeepPlan):
            self.store.keep_plan(seat.game, seat.side, [list(entry) for entry in message.go_to])
            await self.send(seat.ws, {"kind": "plan_kept"})
        elif isinstance(message, AskReplay):
            table = self.table(seat.game)
            if not table.state.over:
                await self.error(seat.ws, peer, "the replay is given when the game is over (it shows every hidden move)")
                return False
            await self.send(seat.ws, table.replay())
        elif isinstance(message, Ping):
            await self.send(seat.ws, {"kind": "pong"})
        else:
            await self.error(seat.ws, peer, f"{message.kind}: only as the first message of a connection")
            return False
        return True

    async def give(self, seat: Seat, peer: str, message: Give) -> bool:
        """Check the order, commit it, acknowledge it, and tell both sides; False if it was refused."""
        table = self.table(seat.game)
        why, order = table.refusal(seat.side, message.seq, message.order)
        if why:
            log.info("%s: game %s: refused %s order %d: %s", peer, seat.game, seat.side, message.seq, why)
            await self.send(seat.ws, {"kind": "refused", "seq": message.seq, "reason": why})
            await self.tell(seat)  # (what the game is at now)
            return False
        faults.reached("online.checked")
        try:
            self.store.add_order(seat.game, message.seq, seat.side, message.order, message.note)
        except Taken:  # another process holds this game too (docs/online.md): take it afresh from the store
            self.tables.pop(seat.game, None)
            await self.send(seat.ws, {"kind": "refused", "seq": message.seq, "reason": "the game has moved on"})
            await self.tell(seat)
            return True
        faults.reached("online.committed")
        table.play(order, seat.side, message.note)
        await self.send(seat.ws, {"kind": "ack", "seq": message.seq})
        for each in list(self.seats.get(seat.game, [])):
            await self.tell(each)
        return True

    async def create(self, ws: ServerConnection, peer: str, message: Create) -> None:
        why = protocol.mismatch(message.protocol, message.engine_version, message.rules_sha256, game.ENGINE_VERSION,
                                protocol.rules_sha256())
        if why:
            return await self.refuse(ws, peer, why)
        try:
            loaded = load_scenario_text(message.scenario_text, message.scenario_name)
            start = dt.date.fromisoformat(message.start_date) if message.start_date else None
            setup = start_setup(loaded, start)
        except InputError as exc:
            return await self.refuse(ws, peer, "the scenario is refused:\n" + "\n".join(listed(exc.problems)))
        except ValueError:
            return await self.refuse(ws, peer, f"start_date {message.start_date!r} is not a date (YYYY-MM-DD)")
        row = GameRow(secrets.token_hex(8), dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                      message.scenario_name, loaded.text, setup.start.isoformat(),
                      message.seed if message.seed is not None else secrets.randbits(63), game.ENGINE_VERSION,
                      protocol.rules_sha256())
        codes = {side: secrets.token_hex(20) for side in setup.sides}  # 160 bits each, in letters a shell and a chat pass whole
        self.store.add_game(row, codes)
        log.info("%s: created game %s of %s from %s", peer, row.id, message.scenario_name, row.start_date)
        await self.send(ws, {"kind": "created", "game": row.id, "codes": codes, "start_date": row.start_date})

    # -- telling -------------------------------------------------------------------------------------
    async def tell(self, seat: Seat) -> None:
        """Send a seat its side's view and the log lines it has not been sent yet."""
        view = self.table(seat.game).view(seat.side, seat.log_sent)
        seat.log_sent += len(view["log"])
        await self.send(seat.ws, view)

    async def presence(self, game_id: str) -> None:
        seats = self.seats.get(game_id, [])
        connected = {side: any(s.side == side for s in seats) for side in self.table(game_id).sides}
        for seat in list(seats):
            await self.send(seat.ws, {"kind": "presence", "connected": connected})

    async def send(self, ws: ServerConnection, message: dict) -> None:
        try:
            await ws.send(dumps(message))
        except ConnectionClosed:
            pass

    async def error(self, ws: ServerConnection, peer: str, reason: str) -> None:
        log.warning("%s: %s", peer, reason)
        await self.send(ws, {"kind": "error", "reason": reason})

    async def refuse(self, ws: ServerConnection, peer: str, reason: str) -> None:
        """An error, and the connection closed."""
        await self.error(ws, peer, reason)
        await ws.close(1008, reason[:120])


def _peer(ws: ServerConnection) -> str:
    address = ws.remote_address
    return f"{address[0]}:{address[1]}" if isinstance(address, tuple) else str(address)


async def run(host: str, port: int, db: str, ready=None) -> None:
    """Serve until SIGINT or SIGTERM; `ready(port)` is called once listening (port 0: a free one)."""
    store = Store(db)
    referee = Referee(store)
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    async with serve(referee.connection, host, port, max_size=protocol.MAX_MESSAGE, max_queue=32) as server:
        bound = server.sockets[0].getsockname()[1]
        log.info("serving on ws://%s:%d (games in %s)", host, bound, db)
        if ready:
            ready(bound)
        await stop
    store.close()
