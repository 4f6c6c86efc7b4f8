"""Each class of bad input gets one clear message, exit status 2 and no traceback (issue 11).

Output paths that cannot be written, saves and replays with wrong dates,
unknown AI levels or missing turns, scenarios that a save points at and
that are broken, too many workers, leftover temporary files, and the
command with no subcommand.  The inputs of each class are generated.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from game.cli import main
from game.sim.runner import workers_for
from game.files import TEMP_PREFIX, sweep_leftovers
from game.replay.record import load_replay, to_json
from game.replay.save import load_game, read_save
from game.scenario.problems import InputError, not_text
from tests.test_books import ROOT
from tests.test_fuzz_files import GOLDEN, SCENARIO, base_texts

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def bases(tmp_path_factory):
    return base_texts(tmp_path_factory.mktemp("bases"))


def refused(capsys, argv, path_first: str | None = None) -> str:
    status = main(argv)
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err and "internal error" not in err and ":0:" not in err
    if path_first:
        assert err.startswith(path_first), err
    return err


# -- outputs ------------------------------------------------------------------------

def bad_outputs(tmp_path, suffix: str) -> list[tuple[str, str]]:
    """(path, words in the reason) for every kind of place a file cannot be written."""
    a_file = tmp_path / "a_file.txt"
    a_file.write_text("x")
    (tmp_path / "a_folder").mkdir(exist_ok=True)
    return [(str(tmp_path / "no" / "such" / "folder" / f"out{suffix}"), "does not exist"),
            (str(tmp_path / "a_folder"), "is a folder"),
            (str(a_file / f"out{suffix}"), "is not a folder"),
            (f"/proc/out{suffix}", "cannot write in the folder")]


@pytest.mark.parametrize("command", [
    ["simulate", SCENARIO, "--record"],
    ["batch", SCENARIO, "--games", "50", "--out"],
    ["batch", SCENARIO, "--games", "50", "--plot"],
    ["schema", "--out"],
    ["sweep", SCENARIO, "--param", "ambush.surprise", "--points", "20", "--out"],
    ["calibrate", SCENARIO, "--param", "ambush.surprise", "--write"],
])
def test_an_output_that_cannot_be_written_is_refused_before_any_work(tmp_path, capsys, command):
    suffix = {"sweep": ".csv", "calibrate": ".yaml"}.get(command[0], ".png")
    for path, words in bad_outputs(tmp_path, suffix):
        start = time.monotonic()
        err = refused(capsys, command + [path], path)
        assert words in err
        assert time.monotonic() - start < 5  # before fifty games are played, not after


@pytest.mark.parametrize("command", [["simulate", SCENARIO, "--record"], ["schema", "--out"],
                                     ["report", GOLDEN, "--out"]])
def test_an_output_over_a_pipe_a_read_only_file_or_a_link_is_refused_or_written_through(tmp_path, capsys, command):
    """A write replaces the file whole: never a pipe or device (it replaced /dev/null with a file), never a
    read-only file (it was overwritten, writable), and through a link to its file, the link kept."""
    pipe, locked, real, link = (tmp_path / n for n in ("pipe", "locked.json", "real.json", "link.json"))
    os.mkfifo(pipe)
    locked.write_text("mine")
    locked.chmod(0o444)
    real.write_text("old")
    real.chmod(0o640)
    link.symlink_to(real.name)
    assert "not a plain file" in refused(capsys, command + [str(pipe)], str(pipe)) and pipe.is_fifo()
    assert "read-only" in refused(capsys, command + [str(locked)], str(locked)) and locked.read_text() == "mine"
    assert main(command + [str(link)]) == 0
    assert link.is_symlink() and real.read_text() != "old" and real.stat().st_mode & 0o777 == 0o640


def test_an_output_is_never_the_commands_own_input_or_another_output(tmp_path, capsys):
    """--record over the scenario replaced it with the replay; --out and --plot on one file kept only the plot."""
    scenario = tmp_path / "mine.yaml"
    text = open(SCENARIO, encoding="utf-8").read()
    scenario.write_text(text, encoding="utf-8")
    assert "--record would write over it" in refused(capsys, ["simulate", str(scenario), "--record", str(scenario)])
    assert scenario.read_text(encoding="utf-8") == text
    for command in (["simulate", SCENARIO, "--record", ""], ["batch", SCENARIO, "--games", "50", "--out", ""],
                    ["report", GOLDEN, "--out", ""]):  # an empty name was taken as no output at all
        assert "was given an empty name" in refused(capsys, command)
    plot = str(tmp_path / "same.png")
    assert "both --out and --plot" in refused(capsys, ["batch", SCENARIO, "--games", "50", "--out", plot, "--plot", plot])
    assert "--out would write over it" in refused(capsys, ["report", GOLDEN, "--out", GOLDEN])


def test_a_replay_given_another_scenario_or_none_says_which_and_a_moved_one_is_reported(tmp_path, capsys):
    """--scenario of another scenario said 'has changed since'; one not there said 'give it with --scenario';
    `report` had no --scenario though its message asked for one."""
    main_scenario = os.path.join(ROOT, "scenarios", "dushanbe_1922.yaml")
    err = refused(capsys, ["replay", GOLDEN, "--scenario", main_scenario], GOLDEN)
    assert "is another scenario ('dushanbe_1922'" in err
    missing = str(tmp_path / "nowhere.yaml")
    assert "given with --scenario is not there" in refused(capsys, ["replay", GOLDEN, "--scenario", missing], missing)
    moved = tmp_path / "replay.json"
    data = json.loads(open(GOLDEN, encoding="utf-8").read())
    data["scenario"]["path"] = "gone/denov_relief_column.yaml"
    moved.write_text(json.dumps(data), encoding="utf-8")
    assert "give it with --scenario" in refused(capsys, ["report", str(moved), "--out", str(tmp_path / "r.html")])
    assert main(["report", str(moved), "--out", str(tmp_path / "r.html"), "--scenario", SCENARIO]) == 0
    assert (tmp_path / "r.html").exists()


def test_a_campaign_given_for_a_scenario_or_a_scenario_for_a_replay_is_named_as_what_it_is(capsys):
    """`simulate CAMPAIGN` listed three schema errors; `replay SCENARIO.yaml` said 'not valid JSON' at line 1."""
    campaign = os.path.join(ROOT, "campaigns", "1922.yaml")
    err = refused(capsys, ["simulate", campaign, "--seed", "1"], campaign)
    assert "this is a campaign, not a scenario" in err and len(err.splitlines()) == 1
    err = refused(capsys, ["replay", SCENARIO], SCENARIO)
    assert "this is a YAML file (a scenario or a campaign), not a save or a replay" in err


def test_a_sweep_of_more_games_than_a_month_holds_is_refused_at_once(tmp_path, capsys):
    """10^12 games started without a word and grew to hundreds of megabytes before its first game."""
    start = time.monotonic()
    err = refused(capsys, ["sweep", SCENARIO, "--param", "ambush.surprise", "--points", "1000000", "--games", "1000000",
                           "--out", str(tmp_path / "big.csv")])
    assert "that is 1,000,000,000,000 games" in err and time.monotonic() - start < 5


def test_a_ladders_report_and_its_sprt_bounds_are_checked_before_any_game(tmp_path, capsys):
    """--report on a file was refused only after every game was played; --sprt nan inf and bounds the wrong way
    round were taken (and printed 'LLR +nan')."""
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    ladder = ["ladder", SCENARIO, "--levels", "easy,normal", "--games", "500", "--out", str(tmp_path / "l.csv")]
    start = time.monotonic()
    assert "is a file" in refused(capsys, ladder + ["--report", str(a_file)], str(a_file))
    for bounds, said in ((["nan", "inf"], "a gain in Elo"), (["50", "0"], "ELO0 less than ELO1")):
        with pytest.raises(SystemExit) if bounds[0] == "nan" else contextlib.nullcontext():
            status = main(ladder + ["--sprt", *bounds])
            assert status == 2
        assert said in capsys.readouterr().err
    assert time.monotonic() - start < 10 and not os.path.exists(tmp_path / "l.csv")


def test_the_exit_status_says_how_the_work_went_whatever_happens_to_the_output(tmp_path):
    """A reader that leaves early (`| head`) does not make a broken file's status 0; an output that cannot be
    written (a full disk) is said, status 2, and is no 'internal error'."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [\n", encoding="utf-8")
    command = [sys.executable, "-m", "game"]
    read, write = os.pipe()
    os.close(read)  # the reader has gone
    try:
        gone = subprocess.run(command + ["validate", str(broken)], stdout=write, stderr=write, cwd=ROOT)
    finally:
        os.close(write)
    assert gone.returncode == 2
    with open("/dev/full", "w") as full:
        filled = subprocess.run(command + ["schema"], stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert filled.returncode == 2 and "the output cannot be written: the disk is full" in filled.stderr
    assert "internal error" not in filled.stderr


def test_a_name_that_is_not_utf8_is_one_message(tmp_path, capsys):
    """Bytes of a file's name that are not UTF-8 (they come in as lone surrogates) cannot be written in a replay
    or a table: one message naming it (it was an internal error printing the whole replay)."""
    name = os.fsdecode(os.path.join(os.fsencode(str(tmp_path)), b"\xff\xfe.yaml"))
    with open(os.fsencode(name), "w", encoding="utf-8") as f:
        f.write(open(SCENARIO, encoding="utf-8").read())
    err = refused(capsys, ["simulate", name, "--record", str(tmp_path / "r.json")])
    assert "not UTF-8" in err and len(err.splitlines()) == 1


@SETTINGS
@given(st.text(alphabet="abcxyz.", min_size=0, max_size=8))
def test_a_plot_is_refused_unless_its_name_says_a_format(tmp_path, capsys, suffix):
    path = str(tmp_path / f"outcomes{suffix}")
    if os.path.splitext(path)[1].lower() in (".png", ".svg", ".pdf", ".jpg", ".jpeg", ".webp", ".tif", ".tiff", ".eps", ".ps"):
        return
    err = refused(capsys, ["batch", SCENARIO, "--games", "30", "--plot", path], path)
    assert ".png" in err and not os.path.exists(path + ".png")


def test_the_plot_is_written_where_it_says(tmp_path, capsys):
    plot = tmp_path / "outcomes.svg"
    assert main(["batch", SCENARIO, "--games", "2", "--plot", str(plot)]) == 0
    assert plot.exists() and f"plot written to {plot}" in capsys.readouterr().out


@pytest.mark.parametrize("asked, games, cpus, expected", [
    (1000, 2, 2, 2), (1000, 100, 2, 4), (3, 100, 2, 3), (5, 5, 1, 2), (1, 1, 8, 1)])
def test_workers_are_capped_at_the_games_and_a_few_per_cpu_saying_so(capsys, asked, games, cpus, expected):
    assert workers_for(asked, games, cpus) == expected
    err = capsys.readouterr().err
    assert (f"running {expected}" in err) == (asked > expected)


# -- saves and replays -----------------------------------------------------------------

def edited(text: str, change) -> str:
    data = json.loads(text)
    change(data)
    return json.dumps(data, indent=1)


@SETTINGS
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=12).filter(lambda t: t not in ("human", "simple", "easy", "normal", "hard",
                                                                    "historical")))
def test_a_save_naming_an_unknown_ai_level_is_refused_on_load(tmp_path, bases, level):
    path = tmp_path / "save.json"
    path.write_text(edited(bases["save"], lambda d: d["players"].update(soviet=level)), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_save(str(path))
    text = str(exc.value)
    assert "players.soviet" in text and "unknown player" in text and f"{path}:" in text


DATES = st.one_of(st.text(max_size=12), st.dates().map(str), st.sampled_from(["1922-02-30", "1922-13-01", "22-02-08"]))


@SETTINGS
@given(st.sampled_from(["save", "replay"]), DATES)
def test_a_start_date_that_is_no_date_or_not_the_scenarios_is_refused_naming_the_field(tmp_path, capsys, bases,
                                                                                        which, date):
    if date == "1922-01-29":  # the relief column's own start date
        return
    path = tmp_path / f"{which}.json"
    path.write_text(edited(bases[which], lambda d: d.update(start_date=date)), encoding="utf-8")
    err = refused(capsys, ["validate", str(path)], str(path))
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if '"start_date"' in text)
    assert f"{path}:{line}: start_date: " in err


@SETTINGS
@given(st.data())
def test_a_replay_with_turns_missing_is_refused_naming_the_first(tmp_path, capsys, bases, data):
    replay = json.loads(bases["replay"])
    count = len(replay["turns"])
    gone = data.draw(st.sets(st.integers(0, count - 1), min_size=1))
    replay["turns"] = [t for i, t in enumerate(replay["turns"]) if i not in gone]
    path = tmp_path / "cut.json"
    path.write_text(to_json(replay) if replay["turns"] else json.dumps(replay), encoding="utf-8")
    err = refused(capsys, ["replay", str(path)], str(path))
    if not replay["turns"]:
        assert "the list is empty" in err
    else:  # "turn N is missing", or when only the last turns are cut, "turn N is the first missing"
        assert f"turn {min(gone)} is" in err and "missing" in err


@SETTINGS
@given(st.sampled_from(["save", "replay"]), st.text(st.characters(whitelist_categories=("Cc", "Cs")), min_size=1,
                                                    max_size=3))
def test_a_string_that_is_not_text_is_refused_at_its_line(tmp_path, capsys, bases, which, bad):
    """Control characters and half surrogate pairs would crash the terminal or the window that shows them."""
    if not not_text(json.loads(json.dumps(bad))):  # tabs and line breaks, or two halves that make a pair, are text
        return
    path = tmp_path / f"{which}.json"
    text = edited(bases[which], lambda d: d.update(comment=f"about {bad} this"))
    path.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if '"comment"' in t)
    err = refused(capsys, ["validate", str(path)], f"{path}:{line}: ")
    assert "not text" in err or "control character" in err


@pytest.mark.parametrize("which", ["save", "replay"])
@pytest.mark.parametrize("said", [{}, [], None, 3, "dushanbe-sav", "dushanbe-scenario"])
def test_a_format_the_game_does_not_read_is_refused_at_its_line(tmp_path, capsys, bases, which, said):
    """A file whose format is no string, or no format this game reads, is one message at that line (an object
    there was an internal error)."""
    path = tmp_path / f"{which}.json"
    text = edited(bases[which], lambda d: d.update(format=said))
    path.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if '"format"' in t)
    err = refused(capsys, ["validate", str(path)], f"{path}:{line}: format ")
    assert "not a save, replay or campaign record of this game (their formats: dushanbe-save, dushanbe-replay, " \
           "dushanbe-campaign-record)" in err
    assert len(err.strip().splitlines()) == 1


def test_a_complete_replay_still_verifies(capsys):
    assert main(["replay", GOLDEN]) == 0
    assert load_replay(GOLDEN).over


def test_a_save_whose_scenario_is_broken_names_the_save_then_the_scenario(tmp_path, capsys, bases):
    scenario = tmp_path / "relief.yaml"
    scenario.write_text(open(SCENARIO, encoding="utf-8").read().replace("title:", "titel:", 1), encoding="utf-8")
    path = tmp_path / "save.json"
    path.write_text(edited(bases["save"], lambda d: d["scenario"].update(path=str(scenario))), encoding="utf-8")
    err = refused(capsys, ["validate", str(path)], f"{path}: {scenario}:")
    assert "did you mean 'title'" in err


def test_a_save_whose_scenario_is_gone_names_the_field(tmp_path, capsys, bases):
    path = tmp_path / "save.json"
    path.write_text(edited(bases["save"], lambda d: d["scenario"].update(path="/nowhere/x.yaml")), encoding="utf-8")
    err = refused(capsys, ["validate", str(path)], str(path))
    assert "scenario.path: the scenario file /nowhere/x.yaml of this save is not there" in err


# -- leftovers and the bare command ----------------------------------------------------------

def test_leftover_temporary_files_are_swept_and_finished_saves_never(tmp_path):
    rng = random.Random(3)
    now = time.time()
    names = {}
    for i in range(30):
        name = (TEMP_PREFIX if rng.random() < 0.5 else "") + f"game{i}" + rng.choice([".json", "", ".txt"])
        age = rng.choice([5, 3600, 86400 * 30])
        path = tmp_path / name
        path.write_text("{}")
        os.utime(path, (now - age, now - age))
        names[name] = age
    gone = set(sweep_leftovers(str(tmp_path), now))
    assert gone == {n for n, age in names.items() if n.startswith(TEMP_PREFIX) and age > 60}
    assert all((tmp_path / n).exists() for n in names if n not in gone)


def test_a_killed_save_leaves_nothing_once_the_game_starts_again(tmp_path, monkeypatch, bases):
    monkeypatch.setenv("DUSHANBE_DATA_DIR", str(tmp_path))
    from game.ui import paths

    saves = tmp_path / "saves"
    saves.mkdir()
    (saves / "mine.json").write_text(bases["save"], encoding="utf-8")
    stale = saves / f"{TEMP_PREFIX}abc123"
    stale.write_text('{"format": "dushanbe-sa')
    os.utime(stale, (time.time() - 600, time.time() - 600))
    assert paths.sweep_leftovers() == [stale.name]
    assert sorted(p.name for p in saves.iterdir()) == ["mine.json"]
    assert load_game(str(saves / "mine.json"))


def test_the_bare_command_without_a_screen_prints_the_help():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    out = subprocess.run([sys.executable, "-m", "game"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "usage: dushanbe" in out.stdout and "simulate" in out.stdout
    assert "no screen" in out.stderr and "Traceback" not in out.stderr and "AttributeError" not in out.stderr
