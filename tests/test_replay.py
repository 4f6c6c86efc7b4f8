"""Replays: golden games re-verified turn by turn, and the checks that catch a bad one."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from game.replay.record import load_replay
from game.replay.verify import scenario_for, verify
from game.scenario.problems import InputError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "golden")
GAMES = sorted(f for f in os.listdir(GOLDEN) if f.endswith(".json") and f != "corrupted.json")
REGENERATE = "run `python -m tests.golden.regenerate` after a deliberate change to rules or scenarios"


def dushanbe(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize("name", GAMES)
def test_golden_replay_matches_every_turn(name):
    replay = load_replay(os.path.join(GOLDEN, name))
    try:
        loaded = scenario_for(replay)
    except InputError as exc:
        pytest.fail(f"{exc}\n{REGENERATE}")
    verdict = verify(replay, loaded)
    assert verdict.ok, "\n".join([verdict.message, *verdict.diff, REGENERATE])
    assert not verdict.notes, "\n".join([*verdict.notes, REGENERATE])
    assert verdict.turns_checked == len(replay.turns) > 0
    assert verdict.final.over


def test_every_shipped_scenario_has_a_golden_game_of_the_default_commander():
    from game.ai.levels import DEFAULT_LEVEL

    scenarios = sorted(f for f in os.listdir(os.path.join(ROOT, "scenarios")) if f.endswith(".yaml"))
    by_default = set()
    for name in GAMES:
        replay = load_replay(os.path.join(GOLDEN, name))
        sides = scenario_for(replay).scenario.sides
        if replay.players == {side.id: DEFAULT_LEVEL for side in sides}:
            by_default.add(os.path.basename(replay.scenario_path))
    assert set(scenarios) <= by_default


def test_the_golden_games_together_hold_every_kind_of_event():
    from game.core import events as ev

    defined = {cls.kind for cls in vars(ev).values() if isinstance(cls, type) and issubclass(cls, ev.Event)
               and cls is not ev.Event}
    held = set()
    for name in GAMES:
        for log in load_replay(os.path.join(GOLDEN, name)).logs:
            held |= set(log.kinds)
    assert held == defined, f"no golden game has {sorted(defined - held)}"


def test_the_first_differing_turn_is_shown_as_the_record_against_the_rerun():
    """The corrupted golden sends one unit elsewhere: the replay shows that unit's recorded move over today's."""
    path = os.path.join(GOLDEN, "corrupted.json")
    data = json.load(open(path))
    unit = data["comment"].split(": ")[1].split(" sent")[0]
    result = dushanbe("replay", path)
    shown = result.stderr.splitlines()
    record = [line for line in shown if line.startswith("  record:")]
    now = [line for line in shown if line.startswith("  now:")]
    assert record and len(record) == len(now)
    name = load_scenario_unit_name(unit)
    assert any(name in line and "moves" in line for line in record)
    assert any(name in line and "moves" in line for line in now)
    assert set(record[0].split(": ", 1)[1:]) != set(now[0].split(": ", 1)[1:])


def load_scenario_unit_name(uid: str) -> str:
    from game.scenario.validate import load_scenario

    loaded = load_scenario(os.path.join(ROOT, "scenarios", "dushanbe_1922.yaml"))
    return next(u.name for side in loaded.scenario.sides for u in side.units if u.id == uid)


def test_a_reworded_log_is_a_note_not_a_failure(tmp_path):
    data = json.load(open(os.path.join(GOLDEN, "denov_relief_column_seed14.json")))
    data["scenario"]["path"] = os.path.relpath(os.path.join(ROOT, "scenarios", "denov_relief_column.yaml"), tmp_path)
    line = data["turns"][2]["log"][0]
    data["turns"][2]["log"][0] = "In other words: " + line.replace("move", "ride")  # the same numbers, other words
    path = tmp_path / "reworded.json"
    path.write_text(json.dumps(data))
    result = dushanbe("replay", str(path))
    assert result.returncode == 0, result.stderr
    assert "turn 2: the state matches the record but the log reads differently now" in result.stdout
    assert "  record: In other words: " in result.stdout
    import re

    last = list(re.finditer(r"\d+", line))[-1]  # a number changed is another game, not other words
    data["turns"][2]["log"][0] = line[:last.start()] + str(int(last.group()) + 1) + line[last.end():]
    path.write_text(json.dumps(data))
    result = dushanbe("replay", str(path))
    assert result.returncode == 1 and "out of sync at turn 2" in result.stderr


def test_a_replay_of_version_2_without_its_log_still_verifies(tmp_path):
    data = json.load(open(os.path.join(GOLDEN, "denov_relief_column_seed14.json")))
    data["scenario"]["path"] = os.path.relpath(os.path.join(ROOT, "scenarios", "denov_relief_column.yaml"), tmp_path)
    data["version"] = 2
    for key in ("start_log", "players"):
        data.pop(key)
    for turn in data["turns"]:
        turn.pop("log"), turn.pop("events")
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    replay = load_replay(str(path))
    verdict = verify(replay, scenario_for(replay))
    assert verdict.ok and not verdict.notes
    turn["digest"] = "0" * 64
    path.write_text(json.dumps(data))
    verdict = verify(load_replay(str(path)), scenario_for(replay))
    assert not verdict.ok and verdict.first_bad_turn == turn["turn"] and verdict.diff == []


def test_the_corrupted_replay_is_caught_at_the_turn_it_was_changed():
    path = os.path.join(GOLDEN, "corrupted.json")
    with open(path) as handle:
        expected = int(json.load(handle)["comment"].split("turn ")[1].split(":")[0])
    replay = load_replay(path)
    verdict = verify(replay, scenario_for(replay))
    assert not verdict.ok
    assert verdict.first_bad_turn == expected
    result = dushanbe("replay", path)
    assert result.returncode == 1
    assert f"turn {expected}" in result.stderr and "Traceback" not in result.stderr


def test_a_changed_digest_is_named_at_its_turn(tmp_path):
    source = os.path.join(GOLDEN, "dushanbe_1922_seed1.json")
    data = json.load(open(source))
    data["turns"][3]["digest"] = "0" * 64
    data["scenario"]["path"] = os.path.relpath(os.path.join(ROOT, "scenarios", "dushanbe_1922.yaml"), tmp_path)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    replay = load_replay(str(path))
    verdict = verify(replay, scenario_for(replay))
    assert not verdict.ok and verdict.first_bad_turn == data["turns"][3]["turn"]


def test_record_and_replay_through_the_command_line(tmp_path):
    record = tmp_path / "game.json"
    sim = dushanbe("simulate", "scenarios/denov_relief_column.yaml", "--seed", "5", "--record", str(record), "--json")
    assert sim.returncode == 0, sim.stderr
    summary = json.loads(sim.stdout)
    result = dushanbe("replay", str(record), "--json")
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["ok"] and verdict["turns_checked"] == summary["turns_played"]
    assert verdict["winner"] == summary["winner"]


def test_a_replay_of_a_changed_scenario_is_refused(tmp_path):
    scenario = tmp_path / "relief.yaml"
    shutil.copy(os.path.join(ROOT, "scenarios", "denov_relief_column.yaml"), scenario)
    record = tmp_path / "game.json"
    assert dushanbe("simulate", str(scenario), "--seed", "2", "--record", str(record)).returncode == 0
    scenario.write_text(scenario.read_text().replace("title:", "# edited\ntitle:", 1))
    result = dushanbe("replay", str(record))
    assert result.returncode == 2
    assert "has changed since this replay was recorded" in result.stderr
    assert str(record) in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("content, message", [
    ("", "empty"),
    ("{not json", "not valid JSON"),
    ('{"format": "something-else"}', "not a save, replay or campaign record of this game"),
    ('{"format": "dushanbe-replay", "version": 99}', "version 99"),
    ('{"format": "dushanbe-replay", "version": 2}', "this key is required"),
    ('[1, 2, 3]', "not a replay file"),
])
def test_bad_replay_files_get_one_clear_message(tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_text(content)
    result = dushanbe("replay", str(path))
    assert result.returncode == 2
    assert message in result.stderr and f"{path}:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_order_in_a_replay_names_its_turn_and_line(tmp_path):
    data = json.load(open(os.path.join(GOLDEN, "dushanbe_1922_seed1.json")))
    data["turns"][2]["orders"].insert(0, {"kind": "teleport", "unit": "x"})
    path = tmp_path / "bad.json"
    from game.replay.record import to_json
    path.write_text(to_json(data))
    result = dushanbe("replay", str(path))
    assert result.returncode == 2 and "turns[2].orders[0]: unknown order kind 'teleport'" in result.stderr
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if '"teleport"' in text)
    assert f"{path}:{line}:" in result.stderr


def test_a_missing_replay_file_and_a_wrong_flag():
    missing = dushanbe("replay", "no/such/replay.json")
    assert missing.returncode == 2 and "no/such/replay.json: no such file" in missing.stderr
    flag = dushanbe("simulate", "scenarios/dushanbe_1922.yaml", "--seed", "many")
    assert flag.returncode == 2 and "a seed is a whole number" in flag.stderr and "Traceback" not in flag.stderr


def test_the_rerun_gives_each_recorded_order_again_and_stops_at_the_first_refused():
    """One loop re-runs recorded orders (replay/rerun.py): it yields each order with the states around it,
    and names the turn and place of an order the rules refuse."""
    import datetime as dt

    from game.core.digest import state_digest
    from game.core.orders import Move
    from game.core.setup import make_setup, new_game
    from game.replay.record import load_replay
    from game.replay.rerun import Refused, by_turn, rerun

    replay = load_replay(os.path.join(GOLDEN, "denov_relief_column_seed14.json"))
    loaded = scenario_for(replay)
    start, _ = new_game(make_setup(loaded.scenario, loaded.rules, dt.date.fromisoformat(replay.start_date)), replay.seed)
    turns = [orders for orders, _ in replay.turns]
    played = list(rerun(start, turns))
    assert len(played) == sum(len(t) for t in turns)
    assert all(a.after is b.before for a, b in zip(played, played[1:]))
    ends = list(by_turn(start, turns))
    assert [t for t, _, _ in ends] == list(range(len(turns)))
    assert all(state_digest(state) == replay.turns[t][1] for t, _, state in ends)
    first_move = next(p for p in played if isinstance(p.order, Move))
    bad = [list(t) for t in turns]
    bad[first_move.turn][first_move.index] = Move(first_move.order.unit, first_move.before.units[first_move.order.unit].hex)
    with pytest.raises(Refused) as refused:
        list(rerun(start, bad))
    assert (refused.value.turn, refused.value.index) == (first_move.turn, first_move.index)
