"""The online commands: `dushanbe serve` and `dushanbe online new | play | replay` (docs/online.md)."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sqlite3
import sys

from game.files import data_dir, ensure_folder, writable
from game.online import client, server
from game.scenario.problems import InputError, Problem

def default_db() -> str:
    """The server's games: in the user data folder (DUSHANBE_DATA_DIR overrides it)."""
    return os.path.join(data_dir(), "server.sqlite")


def cmd_serve(args) -> int:
    db = args.db or default_db()
    if not args.db:
        ensure_folder(data_dir())  # (a fresh install has none until the game is first opened)
    writable(db, what="game database")
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("websockets").setLevel(logging.WARNING)  # (every connection opened and closed: too many lines)
    try:
        asyncio.run(server.run(args.host, args.port, db,
                               ready=lambda port: print(f"dushanbe serve: ws://{args.host}:{port} (games in {db})",
                                                        flush=True)))
    except sqlite3.DatabaseError as exc:
        raise InputError([Problem(db, None, f"not a game database the server can use ({exc})")]) from None
    except OSError as exc:
        raise InputError([Problem(f"{args.host}:{args.port}", None, f"cannot listen there: {exc.strerror or exc}")]) \
            from None
    return 0


def cmd_online(args) -> int:
    return {"new": online_new, "play": online_play, "replay": online_replay}[args.online](args)


def _run(server_address: str, work):
    """Run a client coroutine; what the server refuses, or no server, is bad input (exit 2) naming the server."""
    try:
        return asyncio.run(work)
    except (client.Refused, client.Unreachable, ValueError) as exc:
        raise InputError([Problem(server_address, None, str(exc))]) from None


def online_new(args) -> int:
    from game.scenario.validate import load_scenario

    loaded = load_scenario(args.scenario)
    made = _run(args.server, client.create(args.server, loaded, args.start_date and args.start_date.isoformat(),
                                           args.seed))
    if args.json:
        print(json.dumps({"game": made["game"], "codes": made["codes"]}, indent=1))
    else:
        print(f"Game {made['game']} of {loaded.scenario.title}, from {made['start_date']}, on {args.server}")
        for side, code in made["codes"].items():
            print(f"  {side:10} join code: {code}")
        print("Give each player the code of their side only: a code plays its side and sees what it sees.")
    return 0


def online_play(args) -> int:
    from game.ai.players import make_player
    from game.sim.simulate import summary, summary_lines

    if args.record:
        writable(args.record, what="replay")
    trace = open(writable(args.trace, what="trace"), "w", encoding="utf-8") if args.trace else None
    seat = client.Seat(args.server, args.code, wait=args.wait,
                       trace=(lambda m: trace.write(json.dumps(m) + "\n")) if trace else None)
    players: dict = {}

    def decide(observation):
        if observation.side not in players:
            players[observation.side] = make_player(args.ai, observation.side, args.seed)
        return players[observation.side].next_order(observation)

    try:
        finished = _run(args.server, seat.play(decide))
    finally:
        if trace:
            trace.close()
    if args.record:
        client.write_replay(finished.replay, args.record)
    record, siege, loaded = _verified(args.server, finished.replay)
    result = summary(record, loaded.scenario.id, siege)
    print(json.dumps(result.model_dump(), indent=1) if args.json else "\n".join(summary_lines(result, loaded.scenario.title)))
    return 0


def _verified(server_address: str, replay: dict):
    try:
        return client.finished(replay)
    except client.Refused as exc:
        raise InputError([Problem(server_address, None, str(exc))]) from None


def online_replay(args) -> int:
    writable(args.out, what="replay")
    seat = client.Seat(args.server, args.code, wait=args.wait)
    finished = _run(args.server, seat.fetch_replay())
    scenario = client.write_replay(finished.replay, args.out)
    print(f"{args.out}: the whole game, every hidden move shown (its scenario: {scenario}); check it with "
          f"`dushanbe replay {args.out}`")
    return 0
