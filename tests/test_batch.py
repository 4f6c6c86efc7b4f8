"""The batch runner: seeds, CSV rows, the same results whatever the number of workers."""

import csv
import os

import statistics

import pytest
from hypothesis import given, strategies as st

from game.cli import main
from game.sim import rows as game_rows, runner, tasks
from game.sim.targets import median

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELIEF = os.path.join(ROOT, "scenarios", "denov_relief_column.yaml")
MAIN = os.path.join(ROOT, "scenarios", "dushanbe_1922.yaml")


def rows_of(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_game_seeds_come_from_the_seed_sequence_one_per_game():
    from numpy.random import SeedSequence

    seeds = [tasks.game_seed(42, i) for i in range(5)]
    assert len(set(seeds)) == 5
    assert seeds[3] == int(SeedSequence(42).spawn(5)[3].generate_state(1, "uint64")[0])
    assert tasks.game_seed(43, 0) != seeds[0]


def test_the_rows_are_the_same_whatever_the_number_of_workers(tmp_path, capsys):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert main(["batch", RELIEF, "--games", "6", "--workers", "1", "--seed", "9", "--out", str(one)]) == 0
    assert main(["batch", RELIEF, "--games", "6", "--workers", "2", "--seed", "9", "--out", str(two)]) == 0
    assert one.read_text() == two.read_text()
    rows = rows_of(one)
    assert [int(r["game"]) for r in rows] == list(range(6))
    assert [int(r["seed"]) for r in rows] == [tasks.game_seed(9, i) for i in range(6)]
    out = capsys.readouterr().out
    assert "soviet wins" in out and "history" in out


def test_an_interrupted_batch_keeps_the_games_it_finished(tmp_path, monkeypatch):
    real = runner.play_game

    def stop_at_third(task):
        if task.index == 3:
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(runner, "play_game", stop_at_third)  # where the runner finds it
    out = tmp_path / "part.csv"
    assert main(["batch", RELIEF, "--games", "10", "--seed", "1", "--out", str(out)]) == 130
    assert [int(r["game"]) for r in rows_of(out)] == [0, 1, 2]


def test_the_summary_sets_the_games_beside_the_recorded_history(tmp_path, capsys):
    plot = tmp_path / "outcomes.png"
    out = tmp_path / "games.csv"
    assert main(["batch", MAIN, "--games", "2", "--seed", "3", "--start-date", "1922-02-08",
                 "--ai-basmachi", "historical", "--ai-soviet", "historical", "--out", str(out), "--plot", str(plot)]) == 0
    text = capsys.readouterr().out
    assert "Dushanbe fell on" in text and "1922-02-14" in text  # the recorded date beside the simulated ones
    assert "men defected to basmachi" in text and "160" in text
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    row = rows_of(out)[0]
    for column in ("winner", "fell", "fell_on", "losses_basmachi", "losses_soviet", "defected_to_basmachi",
                   "captured_basmachi_rifles", "ambushed_soviet", "events_wireless_call"):
        assert column in row


@pytest.mark.parametrize("argv, message", [
    (["batch", "no_such_file.yaml", "--games", "1"], "no_such_file.yaml"),
    (["batch", RELIEF, "--games", "1", "--out", "/no/such/dir/x.csv"], "x.csv"),
])
def test_bad_input_gets_a_message_and_exit_status_2(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_an_unknown_level_is_refused_by_the_command_line(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["batch", RELIEF, "--ai-soviet", "genius"])
    assert exc.value.code == 2
    assert "genius" in capsys.readouterr().err


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=60))
def test_the_summary_keeps_counts_yet_its_medians_are_exact(values):
    from collections import Counter

    assert median(Counter(values)) == statistics.median(values)


def test_a_row_counts_the_men_each_side_led_off_the_map(capsys):
    from game.ai.players import make_player
    from game.core.setup import make_setup
    from game.scenario.validate import load_scenario
    from game.sim.simulate import play

    loaded = load_scenario(os.path.join(ROOT, "scenarios", "flight_1926.yaml"))
    setup = make_setup(loaded.scenario, loaded.rules, None)
    led_off = []
    for seed in range(3):
        players = {side: make_player("normal", side, seed) for side in setup.sides}
        record = play(setup, seed, players, digests=False)
        row = game_rows.game_row(seed, record, loaded.scenario)
        for side in setup.sides:
            assert row[f"exited_{side}"] == sum(e.men for e in record.events if e.kind == "left_map" and e.side == side)
        led_off.append(row["exited_basmachi"])
    assert any(led_off)  # the flight's bands do get away in some of these games
    assert main(["batch", os.path.join(ROOT, "scenarios", "flight_1926.yaml"), "--games", "2", "--seed", "1"]) == 0
    assert "men basmachi led off the map" in capsys.readouterr().out


def test_worker_processes_start_though_another_thread_was_caught_importing(tmp_path, monkeypatch):
    """A child forked while another thread of this process held a lock waits on it for good: here a module
    half-imported (a window's AI thinking, a seat reconnecting, a test runner's own threads can be caught so).
    Beside other threads the workers come from a fork server instead, and start."""
    import importlib
    import sys
    import threading

    flag = tmp_path / "importing"
    flag.write_text("")
    (tmp_path / "slow_to_import.py").write_text(
        f"import os, time\nwhile os.path.exists({str(flag)!r}):\n    time.sleep(0.02)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    caught = threading.Thread(target=importlib.import_module, args=("slow_to_import",), daemon=True)
    caught.start()
    while "slow_to_import" not in sys.modules:
        pass  # (the thread holds the module's import lock from here until the flag goes)
    with runner.worker_pool(2, importlib.import_module, ("slow_to_import",)) as pool:
        flag.unlink()
        caught.join(10)
        assert sorted(pool.map(int, ["1", "2"])) == [1, 2]  # (a forked pool never comes back from this)
    monkeypatch.delitem(sys.modules, "slow_to_import")


CLOSING_POOLS = """
import signal, sys
sys.path.insert(0, {root!r})
from game.sim.runner import worker_pool

signal.signal(signal.SIGTERM, lambda *_: None)  # as SDL's handler does once a window opens: the signal only noted
for i in range(100):
    with worker_pool(2) as pool:
        pool.map(abs, [-1, -2])
print("closed", i + 1, flush=True)
"""


def test_a_pool_closes_though_the_process_that_made_it_only_notes_a_sigterm(tmp_path):
    """A pool is closed by SIGTERM to its workers; a worker forked from a process that had opened a window kept SDL's
    handler for it, which only notes the signal, and the close waited for it for good (now and then: the suite
    hung so). Workers stop when told, whatever their parent does with the signal."""
    import subprocess
    import sys

    import os
    import signal

    out = tmp_path / "out.txt"
    with open(out, "w") as handle:  # (not a pipe: a worker left behind would hold it open)
        child = subprocess.Popen([sys.executable, "-c", CLOSING_POOLS.format(root=ROOT)], stdout=handle,
                                 stderr=subprocess.STDOUT, start_new_session=True)
        try:
            child.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)  # the script and any worker it left waiting
            child.wait()
    assert "closed 100" in out.read_text()
