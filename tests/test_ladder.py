"""The ladder (`dushanbe ladder`): ratings on one Elo scale with their intervals, the SPRT, and the command."""

import csv
import os
import random
import subprocess
import sys

import pytest

from game.sim.ratings import expected_score, fit, sprt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRUE = {"easy": -150.0, "normal": 0.0, "hard": 120.0}
SIDE = 80.0  # the first side's advantage in the made-up games


def made_up_games(n: int, seed: int) -> list[tuple[str, str, float]]:
    rng = random.Random(seed)
    games = []
    for _ in range(n):
        x, y = rng.sample(sorted(TRUE), 2)
        games.append((x, y, 1.0 if rng.random() < expected_score(TRUE[x] - TRUE[y] + SIDE) else 0.0))
    return games


def test_the_fit_finds_the_ratings_and_the_side_advantage_games_were_drawn_from_within_its_intervals():
    covered = 0
    for seed in range(20):
        r = fit(("normal", "easy", "hard"), made_up_games(2000, seed))
        d, lo, hi = r.difference("hard", "easy")
        covered += lo <= TRUE["hard"] - TRUE["easy"] <= hi
        assert abs(r.side_advantage - SIDE) < 40
        assert r.elo["normal"] == 0 and r.low["normal"] == r.high["normal"] == 0
    assert covered >= 17  # a 95% interval holds the truth about 19 times in 20


def test_with_more_games_the_intervals_narrow():
    small = fit(("normal", "easy", "hard"), made_up_games(300, 1)).difference("hard", "normal")
    large = fit(("normal", "easy", "hard"), made_up_games(3000, 1)).difference("hard", "normal")
    assert (large[2] - large[1]) < 0.5 * (small[2] - small[1])


def pairs_between(gain: float, n: int, rng: random.Random) -> list[float]:
    """Pair scores of a level `gain` Elo stronger, each seed twice with the sides swapped (side advantage SIDE)."""
    out = []
    for _ in range(n):
        first = rng.random() < expected_score(gain + SIDE)
        second = rng.random() < expected_score(gain - SIDE)
        out.append((first + second) / 2)
    return out


@pytest.mark.parametrize("gain, expected", [(100.0, "H1"), (0.0, "H0")])
def test_the_sprt_decides_rightly_with_its_stated_error_rates(gain, expected):
    """Over 200 sequential tests of [0, 100] on made-up pairs, the right answer at least 90% of the time (α = β =
    0.05, and the approximation is a little conservative); every test decides within 2,000 pairs."""
    right = 0
    for seed in range(200):
        rng = random.Random(seed)
        scores: list[float] = []
        verdict = None
        while verdict is None or not verdict.decided:
            scores += pairs_between(gain, 10, rng)
            verdict = sprt(scores, 0.0, 100.0)
            assert len(scores) <= 2000
        right += verdict.decided == expected
    assert right >= 180


def dushanbe(*args):
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, timeout=600)


def test_the_command_plays_every_pairing_both_ways_rates_them_and_resumes(tmp_path):
    out = tmp_path / "ladder.csv"
    args = ("ladder", "scenarios/kampchi_raid.yaml", "--levels", "simple,easy,normal", "--games", "3", "--workers",
            "2", "--out", str(out), "--report", str(tmp_path / "report"))
    done = dushanbe(*args)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert len(rows) == 3 * 2 * 3  # three pairings, both ways, three seeds
    pairs = {(r["first"], r["second"]) for r in rows}
    assert pairs == {(a, b) for a in ("simple", "easy", "normal") for b in ("simple", "easy", "normal") if a != b}
    by_seed = {}
    for r in rows:
        by_seed.setdefault(r["game"], set()).add(r["seed"])
    assert all(len(seeds) == 1 for seeds in by_seed.values())  # a seed's games share it, every pairing, both ways
    assert "Ratings (Elo, simple = 0" in done.stdout and "over" in done.stdout
    assert os.path.exists(tmp_path / "report" / "ladder.png") and os.path.exists(tmp_path / "report" / "ratings.csv")
    again = dushanbe(*args)
    assert again.returncode == 0 and list(csv.DictReader(open(out, encoding="utf-8"))) == rows
    other = dushanbe("ladder", "scenarios/kampchi_raid.yaml", "--levels", "easy,simple,normal", "--games", "3",
                     "--out", str(out))
    assert other.returncode == 2 and "other --levels" in other.stderr
    edited = tmp_path / "kampchi_raid.yaml"  # the scenario's text changed since the games were played
    edited.write_text(open("scenarios/kampchi_raid.yaml", encoding="utf-8").read() + "\n# edited\n", encoding="utf-8")
    changed = dushanbe("ladder", str(edited), *args[2:])
    assert changed.returncode == 2 and "the file has changed since" in changed.stderr
    assert list(csv.DictReader(open(out, encoding="utf-8"))) == rows


def test_the_sprt_needs_two_levels_and_stops_when_it_knows(tmp_path):
    bad = dushanbe("ladder", "scenarios/kampchi_raid.yaml", "--levels", "simple,easy,normal", "--sprt", "0", "50",
                   "--out", str(tmp_path / "x.csv"))
    assert bad.returncode == 2 and "exactly two" in bad.stderr
    out = tmp_path / "sprt.csv"
    done = dushanbe("ladder", "scenarios/kampchi_raid.yaml", "--levels", "easy,normal", "--games", "400",
                    "--workers", "2", "--sprt", "0", "400", "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert "SPRT [0, 400]" in done.stdout and ("(H1)" in done.stdout or "(H0)" in done.stdout)
    assert len(rows) < 800  # it stopped before playing all it was allowed
