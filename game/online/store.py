"""Where the server keeps its games: SQLite (standard library), in WAL mode.

One small interface (`Store`) so that a server database can stand in later
(docs/online.md, "A larger deployment").  An order is written and committed
before the server acknowledges it (`add_order`), with `synchronous=FULL`,
so a server killed at any moment loses no acknowledged order.  Join codes
are kept only as their SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass

SCHEMA = """
create table if not exists games (
    id text primary key,
    created text not null,
    scenario_name text not null,
    scenario_text text not null,
    start_date text not null,
    seed integer not null,
    engine_version text not null,
    rules_sha256 text not null
);
create table if not exists codes (
    code_sha256 text primary key,
    game text not null references games(id),
    side text not null
);
create table if not exists orders (
    game text not null references games(id),
    seq integer not null,
    side text not null,
    body text not null,
    note text not null default '',
    primary key (game, seq)
);
create table if not exists plans (
    game text not null references games(id),
    side text not null,
    body text not null,
    primary key (game, side)
);
"""


@dataclass(frozen=True)
class GameRow:
    id: str
    created: str
    scenario_name: str
    scenario_text: str
    start_date: str
    seed: int
    engine_version: str
    rules_sha256: str


@dataclass(frozen=True)
class OrderRow:
    seq: int
    side: str
    order: dict
    note: str


class Taken(Exception):
    """The order's place in the game is taken already (another order was committed there first)."""


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


class Store:
    """The server's games, their join codes (hashed) and their orders, in one SQLite file."""

    def __init__(self, path: str):
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("pragma journal_mode=wal")
        self.db.execute("pragma synchronous=full")
        self.db.execute("pragma foreign_keys=on")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def add_game(self, row: GameRow, codes: dict[str, str]) -> None:
        """A new game and its join codes (side -> code; only their hashes are kept), in one transaction."""
        with self._transaction():
            self.db.execute("insert into games values (?, ?, ?, ?, ?, ?, ?, ?)",
                            (row.id, row.created, row.scenario_name, row.scenario_text, row.start_date, row.seed,
                             row.engine_version, row.rules_sha256))
            self.db.executemany("insert into codes values (?, ?, ?)",
                                [(code_hash(code), row.id, side) for side, code in sorted(codes.items())])

    def game(self, game_id: str) -> GameRow | None:
        found = self.db.execute("select * from games where id = ?", (game_id,)).fetchone()
        return GameRow(*found) if found else None

    def games(self) -> list[str]:
        return [r[0] for r in self.db.execute("select id from games order by created, id")]

    def seat(self, code: str) -> tuple[str, str] | None:
        """The (game, side) a join code gives, or None."""
        found = self.db.execute("select game, side from codes where code_sha256 = ?", (code_hash(code),)).fetchone()
        return (found[0], found[1]) if found else None

    def orders(self, game_id: str) -> list[OrderRow]:
        rows = self.db.execute("select seq, side, body, note from orders where game = ? order by seq", (game_id,))
        return [OrderRow(seq, side, json.loads(body), note) for seq, side, body, note in rows]

    def add_order(self, game_id: str, seq: int, side: str, order: dict, note: str = "") -> None:
        """Commit the game's order number `seq` (from 0); Taken if it is there already."""
        try:
            with self._transaction():
                self.db.execute("insert into orders values (?, ?, ?, ?, ?)",
                                (game_id, seq, side, json.dumps(order, sort_keys=True), note))
        except sqlite3.IntegrityError:
            raise Taken(f"order {seq} of game {game_id} is there already") from None

    def plan(self, game_id: str, side: str) -> list:
        """A seat's go-to orders as it last sent them ([unit, q, r] each; [] if none)."""
        found = self.db.execute("select body from plans where game = ? and side = ?", (game_id, side)).fetchone()
        return json.loads(found[0]) if found else []

    def keep_plan(self, game_id: str, side: str, go_to: list) -> None:
        with self._transaction():
            self.db.execute("insert or replace into plans values (?, ?, ?)", (game_id, side, json.dumps(go_to)))

    def _transaction(self):
        return _Transaction(self.db)


class _Transaction:
    """`begin immediate` ... `commit` (or `rollback` on an exception)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("begin immediate")

    def __exit__(self, kind, value, tb):
        self.db.execute("commit" if kind is None else "rollback")
        return False
