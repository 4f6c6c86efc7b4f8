"""A record says only what happened: every field of a replay or campaign record that the re-run contradicts is
named with exit status 1, and a record folder always holds one consistent record."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from game.ai.view import ask
from tests.test_books import ROOT

GOLDEN = os.path.join(ROOT, "tests", "golden", "dushanbe_1922_seed1.json")
SIEGE = os.path.join(ROOT, "scenarios", "dushanbe_1922.yaml")


def dushanbe(*args, env=None):
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=600, env=env)


def edited(tmp_path, change) -> str:
    """A copy of the main golden replay with one thing changed (its scenario named by --scenario)."""
    text = open(GOLDEN, encoding="utf-8").read()
    changed = change(text)
    assert changed != text, "the edit must change the file"
    path = tmp_path / "edited.json"
    path.write_text(changed, encoding="utf-8")
    return str(path)


def replay(path):
    return dushanbe("replay", path, "--scenario", SIEGE)


def test_the_unedited_golden_verifies_with_its_players(tmp_path):
    result = replay(edited(tmp_path, lambda t: t.replace('"version": 3', '"version": 3 ')))
    assert result.returncode == 0, result.stderr
    assert "basmachi's orders are the normal AI's; soviet's orders are the normal AI's" in result.stdout


@pytest.mark.parametrize("change, said", [
    (lambda t: t.replace('"soviet": "normal"', '"soviet": "easy"', 1), "players.soviet: the record says the easy AI"),
    (lambda t: t.replace("roll 465", "roll 466", 1), "the record's log tells other events or numbers"),
    (lambda t: t.replace('"over": true', '"over": false', 1), "end.over: the record says the game was still going"),
    (lambda t: t.replace('"turn_began": 1', '"turn_began": 2', 1), "the record's log tells other events"),
    (lambda t: t.replace('"id": "dushanbe_1922"', '"id": "dushanbe_1923"', 1), "scenario.id: the record says"),
])
def test_an_edited_field_the_rerun_contradicts_is_named_with_status_1(tmp_path, change, said):
    result = replay(edited(tmp_path, change))
    assert result.returncode == 1 and said in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_a_campaign_record_whose_players_were_edited_is_caught(campaign_record, tmp_path):
    out = tmp_path / "run"
    shutil.copytree(campaign_record[0], out)
    index = out / "campaign.json"
    index.write_text(index.read_text().replace('"soviet": "normal"', '"soviet": "hard"'))
    result = dushanbe("replay", str(index))
    assert result.returncode == 1 and "players: the record says basmachi normal, soviet hard" in result.stderr


def test_a_campaign_record_missing_a_steps_replay_is_named_record_first(campaign_record, tmp_path):
    out = tmp_path / "run"
    shutil.copytree(campaign_record[0], out)
    gone = out / step_files(out)[-1]
    gone.unlink()
    result = dushanbe("replay", str(out / "campaign.json"))
    assert result.returncode == 2 and result.stderr.startswith(f"{out / 'campaign.json'}: {gone}: no such file")


def step_files(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name != "campaign.json")


def other_branch(campaign_record) -> str:
    """A seed whose campaign takes another branch than the recorded one's (seed 4)."""
    recorded = [s["step"] for s in json.loads(campaign_record[1])["steps"]]
    for seed in range(5, 60):
        played = dushanbe("campaign", "campaigns/1922.yaml", "--seed", str(seed), "--json")
        if [s["step"] for s in json.loads(played.stdout)["steps"]] != recorded:
            return str(seed)
    raise AssertionError("every seed takes the recorded branch")


def test_a_record_written_over_another_branch_holds_only_its_own_replays(campaign_record, tmp_path):
    out = tmp_path / "run"
    shutil.copytree(campaign_record[0], out)
    before = step_files(out)
    seed = other_branch(campaign_record)
    assert dushanbe("campaign", "campaigns/1922.yaml", "--seed", seed, "--record", str(out)).returncode == 0
    index = json.loads((out / "campaign.json").read_text())
    assert [s["step"] for s in index["steps"]] != [name.split("-")[1] for name in before]  # another branch
    assert step_files(out) == sorted(s["replay"] for s in index["steps"])
    assert dushanbe("replay", str(out / "campaign.json")).returncode == 0


def test_a_record_write_killed_midway_leaves_the_earlier_record_whole(campaign_record, tmp_path):
    out = tmp_path / "run"
    shutil.copytree(campaign_record[0], out)
    index = (out / "campaign.json").read_text()
    killed = dushanbe("campaign", "campaigns/1922.yaml", "--seed", "9", "--record", str(out),
                      env=dict(os.environ, DUSHANBE_FAULT="chain.step-written:3"))  # any other seed
    assert killed.returncode == -9
    assert (out / "campaign.json").read_text() == index  # the index still names the earlier record ...
    check = dushanbe("replay", str(out / "campaign.json"))
    assert check.returncode == 0, check.stderr  # ... and every replay it names is there, as it was
    assert dushanbe("campaign", "campaigns/1922.yaml", "--seed", "9", "--record", str(out)).returncode == 0
    named = sorted(s["replay"] for s in json.loads((out / "campaign.json").read_text())["steps"])
    assert step_files(out) == named  # the new record, and nothing left of the old or of the killed write


def test_a_window_game_against_the_ai_verifies_its_ai_after_undo_and_a_reload(tmp_path):
    """The audit holds for games played in the window: the AI's orders there are the orders it gives again."""
    from game.ai.players import make_player
    from game.core.orders import Move
    from game.replay.record import load_replay
    from game.replay.verify import verify
    from game.scenario.validate import load_scenario
    from game.play.session import Session

    relief = os.path.join(ROOT, "scenarios", "denov_relief_column.yaml")
    save = str(tmp_path / "save.json")
    game = Session.new(load_scenario(relief), {"basmachi": "human", "soviet": "normal"}, seed=5)
    hand = make_player("simple", "basmachi")  # the human's orders
    reloaded = False
    while not game.state.over:
        if game.ai_to_move:
            game.ai_step()
            continue
        order = ask(hand, game.state)
        game.give(order)
        if isinstance(order, Move) and game.can_undo:  # a move taken back and given again
            game.undo()
            game.give(order)
        if game.state.turn == 4 and not reloaded:
            game.save(save)
            game, reloaded = Session.load(save), True
    game.save_replay(str(tmp_path / "game.json"))
    verdict = verify(load_replay(str(tmp_path / "game.json")), load_scenario(relief))
    assert verdict.ok and "soviet's orders are the normal AI's" in verdict.message, verdict.message
