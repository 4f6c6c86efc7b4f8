"""The command line as a user meets it: summaries that add up, and errors without tracebacks."""

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIELDS = {"scenario", "seed", "turns_played", "winner", "final_digest", "sides", "events"}
SIDE_FIELDS = {"men_start", "men_end", "killed", "defected_out", "defected_in", "reinforcements", "weapons_captured"}


def dushanbe(*args, env=None):
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=180, env=env)


@pytest.fixture(scope="module")
def siege():
    out = dushanbe("simulate", "scenarios/dushanbe_1922.yaml", "--seed", "3", "--json",
                   "--ai-basmachi", "simple", "--ai-soviet", "simple")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_simulate_json_has_the_promised_fields(siege):
    assert FIELDS <= set(siege)
    assert siege["scenario"] == "dushanbe_1922" and siege["seed"] == 3
    assert set(siege["sides"]) == {"basmachi", "soviet"}
    for side in siege["sides"].values():
        assert SIDE_FIELDS <= set(side)
    assert len(siege["final_digest"]) == 64
    assert siege["events"]["turn_began"] == siege["turns_played"]


def test_simulate_json_men_add_up(siege):
    for name, s in siege["sides"].items():
        gained = s["men_start"] + s["reinforcements"] + s["defected_in"] + s["recruited"]
        spent = s["killed"] + s["defected_out"] + s["prisoners"] + s["exited"]
        assert s["men_end"] == gained - spent, name
    sides = siege["sides"]
    assert sides["basmachi"]["defected_in"] == sides["soviet"]["defected_out"]
    assert sides["soviet"]["defected_in"] == sides["basmachi"]["defected_out"]


def test_the_start_date_is_chosen_and_checked():
    late = dushanbe("simulate", "scenarios/denov_relief_column.yaml", "--seed", "1", "--json", "--start-date", "1922-01-29")
    assert late.returncode == 0 and json.loads(late.stdout)["start_date"] == "1922-01-29"
    wrong = dushanbe("simulate", "scenarios/dushanbe_1922.yaml", "--start-date", "1922-02-01")
    assert wrong.returncode == 2
    assert "1922-01-28" in wrong.stderr and "1922-02-08" in wrong.stderr and "Traceback" not in wrong.stderr


@pytest.mark.parametrize("args, words", [
    (["simulate"], "the following arguments are required"),
    (["simulate", "scenarios/dushanbe_1922.yaml", "--start-date", "8 Feb"], "YYYY-MM-DD"),
    (["simulate", "nowhere.yaml"], "nowhere.yaml: no such file"),
    (["simulate", "scenarios"], "is a directory"),
    (["frobnicate"], "invalid choice"),
    (["batch", "scenarios/dushanbe_1922.yaml", "--games", "0"], "from 1 to"),
])
def test_wrong_commands_and_flags_say_what_to_fix(args, words):
    out = dushanbe(*args)
    assert out.returncode == 2
    assert words in out.stderr and "Traceback" not in out.stderr


def test_module_and_console_script_agree():
    out = dushanbe("--version")
    assert out.returncode == 0 and out.stdout.startswith("dushanbe ")


def test_play_without_a_screen_says_so_instead_of_running_invisibly():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    out = dushanbe("play", env=env)
    assert out.returncode == 2
    assert "no screen to open the game window on" in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr  # one line: not SDL's "XDG_RUNTIME_DIR" before it


def test_a_flag_a_command_does_not_know_is_named_with_that_commands_usage():
    out = dushanbe("simulate", "scenarios/kampchi_raid.yaml", "--seed", "1", "--bogus")
    assert out.returncode == 2 and out.stderr.startswith("usage: dushanbe simulate")  # not the top-level usage
    assert "dushanbe simulate: error: unrecognized arguments: --bogus" in out.stderr


def test_a_param_not_known_points_to_the_list_of_ranged_numbers_which_validate_prints():
    """The error listed 184 names on one line, cut to a readable length: the list could not be read anywhere."""
    wrong = dushanbe("sweep", "scenarios/kampchi_raid.yaml", "--param", "ambush.surprize", "--out", "never.csv")
    assert wrong.returncode == 2 and "did you mean 'ambush.surprise'" in wrong.stderr
    assert "scenarios/kampchi_raid.yaml --ranges` lists all" in wrong.stderr  # (the path as the scenario was read)
    listing = dushanbe("validate", "scenarios/kampchi_raid.yaml", "--ranges")
    names = [line.split()[0] for line in listing.stdout.splitlines()[1:]]
    assert listing.returncode == 0 and "ambush.surprise" in names and len(names) > 100
