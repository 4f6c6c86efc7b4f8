"""Write and read replay files (versioned JSON, never pickle).

A replay names its scenario file (relative to the replay) and that file's
SHA-256, the rules' hash, the engine version, the seed, start date and
players, and for every turn the orders given, the state digest after the
turn, the kinds of the events that happened and the turn in the log's words
(so a re-run that differs can show what changed, not only where).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field

import game
from game.files import write_atomic
from game.core.carry import Carried
from game.core.orders import Order, order_to_dict
from game.core.setup import new_game
from game.replay.rerun import by_turn
from game.replay.turnlog import TurnLog, events_in_words, turn_log
from game.scenario.problems import InputError, at_field
from game.scenario.textfile import LineMap
from game.core.record import GameRecord

FORMAT = "dushanbe-replay"
VERSION = 3  # 2: the `end` block, so a cut replay is refused; 3: each turn's events and log lines, the players
READS = (2, 3)


@dataclass(frozen=True)
class Replay:
    path: str
    scenario_path: str  # as resolved for this machine
    scenario_sha256: str
    rules_sha256: str
    engine_version: str
    seed: int
    start_date: str
    start_digest: str
    turns: list[tuple[list[Order], str]]  # (orders, digest after the turn)
    over: bool = True  # the game had ended when it was recorded
    lines: LineMap = field(default_factory=LineMap)
    logs: list[TurnLog | None] = field(default_factory=list)  # each turn in words (None: recorded before version 3)
    start_log: list[str] | None = None
    players: dict[str, str] = field(default_factory=dict)
    carried: Carried = Carried()  # a campaign's game: what the scenarios before brought in
    scenario_id: str = ""

    def fail(self, message: str, *where: str | int) -> InputError:
        """A problem with this replay, at the line of the field `where`."""
        return at_field(self.path, self.lines, message, where)


def rules_hash(rules) -> str:
    return hashlib.sha256(json.dumps(rules.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()


def in_words(record: GameRecord) -> tuple[list[str], list[TurnLog]]:
    """The start and each turn of a game in the log's words (its orders given again from the seed)."""
    start, events = new_game(record.final.setup, record.seed, record.carried)
    logs = [turn_log(played) for _, played, _ in by_turn(start, [t.orders for t in record.turns])]
    return events_in_words(events, start).lines, logs


def save_replay(path: str, loaded, record: GameRecord, players: dict[str, str] | None = None) -> None:
    """Write `record` as a replay of `loaded`; `players` names who played each side (an AI level or human)."""
    write_atomic(path, replay_text(path, loaded, record, players))


def replay_text(path: str, loaded, record: GameRecord, players: dict[str, str] | None = None) -> str:
    """The replay file's text, for a file at `path` (its scenario is named relative to it)."""
    from game.replay.formats import carried_to_dict

    setup = record.final.setup
    start_log, logs = in_words(record)
    scenario_rel = os.path.relpath(os.path.abspath(loaded.path), os.path.dirname(os.path.abspath(path)))
    data = {
        "format": FORMAT,
        "version": VERSION,
        "engine_version": game.ENGINE_VERSION,
        "scenario": {"path": scenario_rel.replace(os.sep, "/"), "id": loaded.scenario.id, "sha256": loaded.sha256},
        "rules_sha256": rules_hash(loaded.rules),
        "seed": record.seed,
        "start_date": setup.start.isoformat(),
        **({"players": dict(players)} if players else {}),
        **({"carried": carried_to_dict(record.carried)} if record.carried else {}),
        "start_digest": record.start_digest,
        "start_log": start_log,
        "end": {"turns": len(record.turns), "over": record.final.over},
        "turns": [{"turn": t.turn, "digest": t.digest, "events": log.kinds,
                   "orders": [order_to_dict(o) for o in t.orders], "log": log.lines}
                  for t, log in zip(record.turns, logs)],
    }
    return to_json(data)


def to_json(data: dict) -> str:
    """Indented JSON with one order and one log line a line, so replays diff well."""
    text = json.dumps({k: v for k, v in data.items() if k != "turns"}, indent=1, ensure_ascii=False)[:-2]
    turns = []
    for t in data["turns"]:
        head = {k: v for k, v in t.items() if k not in ("orders", "log")}
        parts = [json.dumps(head, ensure_ascii=False)[1:-1], '"orders": [\n' + one_a_line(t["orders"]) + "\n  ]"]
        if "log" in t:
            parts.append('"log": [\n' + one_a_line(t["log"]) + "\n  ]")
        turns.append("  {" + ", ".join(parts) + "}")
    return text + ',\n "turns": [\n' + ",\n".join(turns) + "\n ]\n}\n"


def one_a_line(items: list) -> str:
    return ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in items)


def load_replay(path: str) -> Replay:
    """Read a replay file, or raise InputError naming the file and line."""
    from game.replay.formats import ReplayFile, carried_of, read_format

    shape, lines = read_format(path, ReplayFile, FORMAT, READS, "replay")
    complete(shape, lines, path)
    resolved = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), shape.scenario.path))
    return Replay(path, resolved, shape.scenario.sha256, shape.rules_sha256, shape.engine_version, shape.seed,
                  shape.start_date.isoformat(), shape.start_digest,
                  [(list(t.orders), t.digest) for t in shape.turns], shape.end.over, lines,
                  [TurnLog(dict(t.events or {}), list(t.log)) if t.log is not None else None for t in shape.turns],
                  list(shape.start_log) if shape.start_log is not None else None, dict(shape.players or {}),
                  carried_of(shape.carried), shape.scenario.id)


def complete(shape, lines: LineMap, path: str) -> None:
    """A replay holds every turn from the first to its recorded end, numbered in order, or it is refused."""
    if not shape.turns:
        raise at_field(path, lines, "the list is empty; a replay holds every turn played, from turn 0", ("turns",))
    for index, entry in enumerate(shape.turns):
        if entry.turn != index:
            missing = f"turn {index} is missing" if entry.turn > index else f"turn {entry.turn} comes again"
            raise at_field(path, lines, f"{missing} (turns are numbered 0, 1, 2 ... in order)", ("turns", index, "turn"))
    held = len(shape.turns)
    if shape.end.turns != held:
        cut = f": turn {held} is the first missing" if shape.end.turns > held else ""
        raise at_field(path, lines, f"the game was recorded to {shape.end.turns} turns but the file holds {held}{cut}",
                       ("end", "turns"))
