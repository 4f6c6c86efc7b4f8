"""Files built to exhaust: each limit on an untrusted file (docs/exit-status.md) is refused at once with the
file named, and a file within every limit is validated in bounded time and memory.

Each file is checked by `dushanbe validate` in a process of its own, which reports its time and peak memory.
"""

import json
import os
import subprocess
import sys

import pytest

from game.scenario.jsonfile import MAX_VALUES
from game.scenario.schema import MAX_UNITS
from game.scenario.yamlfile import MAX_ANCHORS, MAX_NODES
from tests.test_books import ROOT

SIEGE = os.path.join(ROOT, "scenarios", "dushanbe_1922.yaml")
SECONDS = 10  # a file within the limits is validated within this on this machine ...
MEGABYTES = 500  # ... and this much memory
MEASURED = """
import resource, sys, time
from game.cli import main
start = time.monotonic()
status = main(sys.argv[1:])
try:  # the peak of this program (ru_maxrss would count the forked parent it started as)
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) // 1024
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"MEASURED {time.monotonic() - start:.2f} {peak}", file=sys.stderr)
sys.exit(status)
"""


def measured(*args) -> tuple[int, str, float, int]:
    """(status, what it said, seconds, peak megabytes) of one command in a fresh process."""
    result = subprocess.run([sys.executable, "-c", MEASURED, *args], capture_output=True, text=True, cwd=ROOT,
                            timeout=120)
    said = [line for line in result.stderr.splitlines() if not line.startswith("MEASURED ")]
    seconds, megabytes = result.stderr.rsplit("MEASURED ", 1)[1].split()
    return result.returncode, "\n".join(said + result.stdout.splitlines()), float(seconds), int(megabytes)


def scenario_with(tmp_path, before: str, added: str) -> str:
    """The main scenario with `added` inserted after the line `before`."""
    text = open(SIEGE, encoding="utf-8").read()
    assert before in text
    path = tmp_path / "big.yaml"
    path.write_text(text.replace(before, before + added, 1), encoding="utf-8")
    return str(path)


def refused_quickly(path: str, words: str) -> str:
    status, said, seconds, megabytes = measured("validate", path)
    assert status == 2 and words in said and path in said and "Traceback" not in said, said[:500]
    assert seconds < SECONDS and megabytes < MEGABYTES, (seconds, megabytes)
    return said


@pytest.mark.parametrize("shape", ["items", "flow", "keys"])
def test_a_yaml_file_of_too_many_small_values_is_refused(tmp_path, shape):
    n = MAX_NODES + 10
    text = {"items": "x:\n" + "- 1\n" * n, "flow": "x: [" + "1," * n + "1]\n",
            "keys": "x:\n" + "".join(f"  k{i}: 1\n" for i in range(n // 2))}[shape]
    path = tmp_path / "many.yaml"
    path.write_text(text)
    refused_quickly(str(path), f"more than {MAX_NODES:,} values (the limit)")


def test_a_yaml_file_of_too_many_anchors_is_refused(tmp_path):
    path = tmp_path / "anchors.yaml"
    path.write_text("x:\n" + "".join(f"- &a{i} 1\n" for i in range(100_000)))
    refused_quickly(str(path), f"more than {MAX_ANCHORS:,} anchors")


def test_a_million_weather_rows_are_refused(tmp_path):
    path = scenario_with(tmp_path, "weather:\n", "  - {start: 1922-01-28, end: 1922-02-13, weather: snow}\n" * 300_000)
    refused_quickly(path, "values (the limit)")


def test_a_scenario_of_more_units_than_the_limit_is_refused_naming_it(tmp_path):
    path = scenario_with(tmp_path, "\n    units:\n", extra_units(MAX_UNITS + 1))
    refused_quickly(path, f"a scenario may have at most {MAX_UNITS:,}")


def extra_units(n: int) -> str:
    return "".join(f"      - {{id: extra_{i}, name: Extra band {i}, type: foot_band, at: [{i % 41}, {20 + (i // 41) % 20}],"
                   " men: 50, rifles: 40, ammunition: 2000, food: 500, morale: 55}\n" for i in range(n))


def test_a_scenario_near_every_limit_validates_in_bounded_time_and_memory(tmp_path):
    rows = "  - {start: 1922-01-28, end: 1922-02-13, part: day, chances: {cold: 40, clear: 30, snow: 20, rain: 10}}\n"
    text = open(scenario_with(tmp_path, "\n    units:\n", extra_units(MAX_UNITS - 60)), encoding="utf-8").read()
    path = tmp_path / "near.yaml"
    path.write_text(text.replace("weather:\n", "weather:\n" + rows * 8_000, 1), encoding="utf-8")
    status, said, seconds, megabytes = measured("validate", str(path))
    assert status == 0 and "valid" in said, said[:500]
    assert seconds < SECONDS and megabytes < MEGABYTES, (seconds, megabytes)


def test_a_big_scenario_plays_to_its_end(tmp_path):
    """The cap on a player's orders a phase grows with its side: 900 more bands are not a stuck player."""
    path = scenario_with(tmp_path, "\n    units:\n", extra_units(900))
    result = subprocess.run([sys.executable, "-m", "game", "simulate", path, "--seed", "3"], capture_output=True,
                            text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0 and "turns to" in result.stdout, result.stderr[-500:]


@pytest.mark.parametrize("shape", ["numbers", "objects", "strings"])
def test_a_json_file_of_too_many_values_is_refused(tmp_path, shape):
    item = {"numbers": "123456", "objects": "{}", "strings": '"abcdefghij"'}[shape]
    path = tmp_path / "many.json"
    path.write_text('{"format": "dushanbe-replay", "version": 3, "turns": [' + ",".join([item] * MAX_VALUES) + "]}")
    refused_quickly(str(path), f"more than {MAX_VALUES:,} values (the limit)")


def test_a_json_file_just_within_the_values_is_checked_in_bounded_time(tmp_path):
    path = tmp_path / "many.json"
    path.write_text('{"format": "dushanbe-replay", "version": 3, "turns": [' + ",".join(["123456"] * (MAX_VALUES - 10))
                    + "]}")
    refused_quickly(str(path), "turns: give at most")


def test_a_replay_of_twenty_megabytes_in_the_shape_we_write_is_read_in_bounded_time(tmp_path):
    from game.replay.record import to_json

    data = json.load(open(os.path.join(ROOT, "tests", "golden", "dushanbe_1922_seed1.json"), encoding="utf-8"))
    data["scenario"]["path"] = os.path.relpath(SIEGE, tmp_path)
    turns = data["turns"]
    per_turn = len(to_json(data)) / len(turns)
    data["turns"] = [dict(turns[i % len(turns)], turn=i) for i in range(int(19_500_000 / per_turn))]
    data["end"]["turns"] = len(data["turns"])
    path = tmp_path / "long.json"
    path.write_text(to_json(data), encoding="utf-8")
    assert 18_000_000 < os.path.getsize(path) < 20 * 1024 * 1024
    status, said, seconds, megabytes = measured("validate", str(path))
    assert status == 0 and "valid replay" in said, said[:500]
    assert seconds < SECONDS and megabytes < MEGABYTES, (seconds, megabytes)
