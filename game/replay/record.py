"""Write and read replay files (versioned JSON, never pickle).

A replay names its scenario file (relative to the replay) and that file's
SHA-256, the rules' hash, the engine version, the seed and start date, and
for every turn the orders given and the state digest after the turn.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass

import game
from game.core.orders import Order, order_from_dict, order_to_dict
from game.scenario.problems import InputError, Problem
from game.scenario.yamlfile import read_text
from game.sim.simulate import GameRecord

FORMAT = "dushanbe-replay"
VERSION = 1


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


def rules_hash(rules) -> str:
    return hashlib.sha256(json.dumps(rules.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()


def write_atomic(path: str, text: str) -> None:
    """Write a file so that a crash mid-write leaves the old one whole."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save_replay(path: str, loaded, record: GameRecord) -> None:
    setup = record.final.setup
    scenario_rel = os.path.relpath(os.path.abspath(loaded.path), os.path.dirname(os.path.abspath(path)))
    data = {
        "format": FORMAT,
        "version": VERSION,
        "engine_version": game.ENGINE_VERSION,
        "scenario": {"path": scenario_rel.replace(os.sep, "/"), "id": loaded.scenario.id, "sha256": loaded.sha256},
        "rules_sha256": rules_hash(loaded.rules),
        "seed": record.seed,
        "start_date": setup.start.isoformat(),
        "start_digest": record.start_digest,
        "turns": [{"turn": t.turn, "orders": [order_to_dict(o) for o in t.orders], "digest": t.digest}
                  for t in record.turns],
    }
    write_atomic(path, to_json(data))


def to_json(data: dict) -> str:
    """Indented JSON with one order a line, so replays diff well."""
    text = json.dumps({k: v for k, v in data.items() if k != "turns"}, indent=1)[:-2]
    turns = []
    for t in data["turns"]:
        orders = ",\n".join("    " + json.dumps(o) for o in t["orders"])
        turns.append(f'  {{"turn": {t["turn"]}, "digest": "{t["digest"]}", "orders": [\n{orders}\n  ]}}')
    return text + ',\n "turns": [\n' + ",\n".join(turns) + "\n ]\n}\n"


def load_replay(path: str) -> Replay:
    """Read a replay file, or raise InputError naming the file and line."""
    text = read_text(path)
    if not text.strip():
        raise InputError([Problem(path, 1, "the file is empty")])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([Problem(path, exc.lineno, f"not valid JSON: {exc.msg}")]) from None
    except RecursionError:
        raise InputError([Problem(path, 1, "the JSON is nested too deeply")]) from None

    def fail(message: str, needle: str = "") -> InputError:
        line = text[: text.find(needle)].count("\n") + 1 if needle and needle in text else 1
        return InputError([Problem(path, line, message)])

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise fail(f"this is not a replay file (no \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise fail(f"replay format version {data.get('version')!r} is not supported (this game reads {VERSION})", '"version"')
    try:
        scenario = data["scenario"]
        turns = []
        for i, t in enumerate(data["turns"]):
            try:
                turns.append(([order_from_dict(o) for o in t["orders"]], _digest(t["digest"])))
            except (ValueError, KeyError, TypeError) as exc:
                raise fail(f"turn {i}: {exc}", f'"turn": {i},') from None
        scenario_path = scenario["path"]
        if not isinstance(scenario_path, str):
            raise TypeError("scenario.path must be a string")
        resolved = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), scenario_path))
        seed = data["seed"]
        if type(seed) is not int or not 0 <= seed < 2**64:
            raise TypeError("seed must be a whole number from 0 to 2^64-1")
        return Replay(path, resolved, str(scenario["sha256"]), str(data["rules_sha256"]),
                      str(data["engine_version"]), seed, str(data["start_date"]), _digest(data["start_digest"]), turns)
    except KeyError as exc:
        raise fail(f"missing field {exc}") from None
    except TypeError as exc:
        raise fail(f"malformed replay: {exc}") from None


def _digest(value: object) -> str:
    if not (isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)):
        raise ValueError("a digest is 64 lower-case hex digits")
    return value
