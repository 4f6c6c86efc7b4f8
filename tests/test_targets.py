"""The verdicts `dushanbe batch` prints beside the record."""

from __future__ import annotations

import datetime as dt

import pytest

from game.scenario.schema import Target
from game.sim.tally import Tally
from game.sim.targets import verdicts

START = dt.date(1922, 1, 28)


def tally_of(rows: list[dict]) -> Tally:
    tally = Tally()
    for row in rows:
        tally.add({"winner": "basmachi", **row})
    return tally


def target(**given) -> Target:
    return Target.model_validate({"label": "t", **given})


def test_a_share_counts_the_games_where_the_measure_is_not_zero():
    games = tally_of([{"fell": 1}, {"fell": 1}, {"fell": 0}, {"fell": 1}])
    (inside, outside) = verdicts([target(measure="fell", share=[0.7, 1.0]), target(measure="fell", share=[0.8, None])],
                                 games, START)
    assert inside.inside and inside.value == "75% of games"
    assert not outside.inside and outside.wanted == "at least 80%"


def test_a_median_a_ratio_of_medians_and_a_median_date():
    games = tally_of([{"losses_soviet": s, "losses_basmachi": b, "fell_day": d}
                      for s, b, d in [(300, 100, 16), (200, 50, 17), (500, 200, 20)]])
    losses, ratio, date = verdicts([target(measure="losses_soviet", median=[200, 400]),
                                    target(measure="losses_soviet", per="losses_basmachi", median=[3, None]),
                                    target(measure="fell_on", median=[dt.date(1922, 2, 11), dt.date(1922, 2, 14)])],
                                   games, START)
    assert losses.inside and losses.value == "median 300"
    assert ratio.value == "3.00 times" and ratio.inside
    assert date.value == "median 1922-02-14" and date.inside  # 28 Jan + 17 days


def test_no_fall_is_never_inside_a_date_target():
    (date,) = verdicts([target(measure="fell_on", median=[dt.date(1922, 2, 11), None])], tally_of([{"fell": 0}]), START)
    assert date.value == "never" and not date.inside


@pytest.mark.parametrize("given, words", [
    ({"measure": "fell"}, "exactly one"),
    ({"measure": "fell", "share": [0.5, 1.2]}, "between 0 and 1"),
    ({"measure": "fell_on", "median": [10, 20]}, "dates"),
    ({"measure": "losses_soviet", "median": [dt.date(1922, 2, 1), None]}, "numbers"),
    ({"measure": "fell", "share": [0.5, 1], "per": "turns"}, "medians"),
])
def test_a_target_that_cannot_be_checked_is_refused(given, words):
    with pytest.raises(ValueError, match=words):
        target(**given)


def test_a_target_naming_an_unknown_measure_is_refused_at_its_line(tmp_path):
    from tests.test_validation import TEXT, line_of, one_problem, write

    text = TEXT.rstrip("\n") + "\nhistory:\n  targets:\n    - {label: losses, measure: losses_gren, median: [0, 10]}\n"
    one_problem(write(tmp_path, text), line_of(text, "losses_gren"), "unknown measure", "losses_green")


def test_batch_prints_each_target_with_its_verdict(capsys):
    from game.cli import main

    assert main(["batch", "scenarios/dushanbe_1922.yaml", "--games", "2", "--workers", "1",
                 "--ai-basmachi", "historical", "--ai-soviet", "historical"]) == 0
    out = capsys.readouterr().out
    for label in ("Dushanbe falls", "median fall date", "Denov column destroyed or taken"):
        line = next(l for l in out.splitlines() if l.strip().startswith(label))
        assert line.rstrip().endswith(("inside", "OUTSIDE")), line


def test_a_miss_is_zero_inside_and_grows_with_the_distance_outside():
    from game.sim.targets import miss

    games = tally_of([{"fell": f, "losses_soviet": l, "fell_day": 17} for f, l in [(1, 300), (1, 500), (0, 700)]])
    assert miss(target(measure="fell", share=[0.5, 1.0]), games, START) == 0
    assert miss(target(measure="fell", share=[0.9, 1.0]), games, START) == pytest.approx((0.9 - 2 / 3) / 0.1)
    assert miss(target(measure="losses_soviet", median=[200, 400]), games, START) == pytest.approx(0.5)
    assert miss(target(measure="fell_on", median=[dt.date(1922, 2, 11), dt.date(1922, 2, 17)]), games, START) == 0
    assert miss(target(measure="fell_on", median=[dt.date(1922, 2, 11), None]), tally_of([{"fell": 0}]), START) == 1.0
