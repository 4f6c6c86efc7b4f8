"""Saved games: versioned JSON, restored through the reducer; bad saves get file:line messages."""

import datetime as dt
import json

import pytest

from game.core.digest import state_digest
from game.core.engine import apply
from game.core.hexgrid import from_offset as off
from game.core.orders import EndPhase, Entrench, Move
from game.core.setup import make_setup, new_game
from game.replay.save import load_game, read_save, save_game
from game.scenario.problems import InputError
from game.scenario.validate import load_scenario
from tests.builders import unit
from tests.ui_helpers import scenario_file

PLAYERS = {"green": "human", "red": "simple"}


@pytest.fixture
def played(tmp_path):
    """A scenario file, and a few orders played on it."""
    loaded = load_scenario(scenario_file(tmp_path, green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))]))
    state, _ = new_game(make_setup(loaded.scenario, loaded.rules), 5)
    orders = [Move("g1", off(2, 3)), EndPhase("green"), Entrench("r1"), EndPhase("red")]
    for order in orders:
        state, _ = apply(state, order)
    return loaded, orders, state


def test_a_save_restores_the_same_state(tmp_path, played):
    loaded, orders, state = played
    path = str(tmp_path / "saves" / "a.json")
    save_game(path, loaded, 5, dt.date(1922, 2, 8), PLAYERS, orders, "label")
    saved, restored = load_game(path)
    assert state_digest(restored.state) == state_digest(state)
    assert saved.players == PLAYERS and saved.label == "label" and len(restored.steps) == len(orders)
    data = json.loads(open(path, encoding="utf-8").read())
    assert data["format"] == "dushanbe-save" and data["version"] == 1


def test_saving_again_replaces_the_file_whole(tmp_path, played):
    loaded, orders, _ = played
    path = tmp_path / "a.json"
    save_game(str(path), loaded, 5, dt.date(1922, 2, 8), PLAYERS, orders)
    save_game(str(path), loaded, 5, dt.date(1922, 2, 8), PLAYERS, orders[:1])
    assert len(read_save(str(path)).orders) == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp")] == []


def write(tmp_path, text: str) -> str:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


def problem(path: str):
    with pytest.raises(InputError) as exc:
        load_game(path)
    (p,) = exc.value.problems
    return p


def test_a_damaged_save_names_the_line(tmp_path):
    p = problem(write(tmp_path, '{\n "format": "dushanbe-save",\n "version": 1,\n "seed": oops\n}'))
    assert p.file.endswith("bad.json") and p.line == 4 and "not valid JSON" in p.message


def test_a_foreign_file_is_not_taken_for_a_save(tmp_path):
    p = problem(write(tmp_path, '{"format": "dushanbe-replay", "version": 1}'))
    assert "not a saved game" in p.message


def test_a_save_of_another_version_is_refused(tmp_path):
    p = problem(write(tmp_path, '{\n "format": "dushanbe-save",\n "version": 7\n}'))
    assert p.line == 3 and "version 7" in p.message


def saved_text(tmp_path, played) -> tuple[str, str]:
    loaded, orders, _ = played
    path = str(tmp_path / "a.json")
    save_game(path, loaded, 5, dt.date(1922, 2, 8), PLAYERS, orders)
    return path, open(path, encoding="utf-8").read()


def test_an_order_the_rules_refuse_names_its_line(tmp_path, played):
    path, text = saved_text(tmp_path, played)
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if '"entrench"' in line)
    lines[at] = lines[at].replace('"r1"', '"nobody"')
    open(path, "w", encoding="utf-8").write("\n".join(lines))
    p = problem(path)
    assert p.line == at + 1 and "order 3" in p.message


def test_a_changed_scenario_is_refused(tmp_path, played):
    path, _ = saved_text(tmp_path, played)
    scenario = played[0].path
    open(scenario, "a", encoding="utf-8").write("\n# edited\n")
    assert "has changed" in problem(path).message


def test_a_missing_field_is_reported_not_a_crash(tmp_path, played):
    path, text = saved_text(tmp_path, played)
    data = json.loads(text)
    del data["seed"]
    open(path, "w", encoding="utf-8").write(json.dumps(data))
    assert "seed: this key is required" in problem(path).message


def test_a_save_and_a_replay_are_refused_by_the_same_check_when_the_rules_change(tmp_path):
    """One check (replay/same.py) says whether a save or a replay is still the game it was played as."""
    from game.replay.same import played_on

    class Record:
        path = str(tmp_path / "x.json")
        scenario_sha256, rules_sha256, engine_version = "0" * 64, "0" * 64, "0"

        def fail(self, message, *where):
            return ValueError(message)

    with pytest.raises(ValueError, match="has changed since this game was saved"):
        played_on(Record(), "scenarios/denov_relief_column.yaml", "this game was saved")
