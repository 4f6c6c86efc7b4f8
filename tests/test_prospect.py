"""The attack forecast with the fall-back, rout and collapse rules (issue 12): what `fight` then does, roll by roll."""

from __future__ import annotations

import pytest

from game.core.dice import ROLL_SIDES
from game.core.engine import apply
from game.core.orders import Attack
from game.core.rules import battle
from tests.builders import open_field, unit
from tests.test_rule_morale import TARGET


class OneRoll:
    """The fight's roll fixed; every later draw (leader hits, shares) the highest, so nothing else happens."""

    def __init__(self, first: int):
        self.first = first

    def roll(self) -> int:
        value, self.first = (self.first, None) if self.first is not None else (ROLL_SIDES - 1, None)
        return value

    def below(self, n: int) -> int:
        return n - 1

    def copy(self) -> "OneRoll":
        return self


def each_roll(state, attackers):
    """For each of the prospect's rolls: (some defender fell back, no defender was left in the hex) in the real fight."""
    n = state.rules.combat.forecast_buckets
    seen = []
    for i in range(n):
        trial = state.copy()
        trial.dice = OneRoll(int((i + 0.5) * ROLL_SIDES / n))
        after, events = apply(trial, Attack(attackers, TARGET))
        went = any(e.kind in ("retreated", "surrendered") for e in events)
        seen.append((went, not any(u.side == "red" for u in after.units_at(TARGET))))
    return seen


@pytest.mark.parametrize("morale_weak, morale_steady, men", [(20, 20, 800), (28, 70, 800), (60, 60, 400), (10, 70, 300), (22, 30, 900), (26, 26, 700), (40, 40, 2500)])
def test_the_prospect_says_roll_by_roll_what_the_fight_does(morale_weak, morale_steady, men):
    state, _ = open_field(green=[unit("g1", (2, 3), men=men, morale=70)],
                          red=[unit("r_weak", (3, 3), men=300, morale=morale_weak),
                               unit("r_steady", (3, 3), men=500, morale=morale_steady)])
    p = battle.prospect(state, ("g1",), TARGET)
    assert list(zip(p.gives_way, p.emptied)) == each_roll(state, ("g1",))


def test_a_broken_garrison_falls_back_though_no_roll_beats_it():
    """The bug of issue 12: the forecast said 0% for a fight in which the defenders fell back."""
    state, _ = open_field(green=[unit("g1", (2, 3), men=300, morale=70)],
                          red=[unit("r1", (3, 3), men=900, morale=20)])
    p = battle.prospect(state, ("g1",), TARGET)
    assert p.forecast.retreat_chance == 0  # no roll beats it
    assert p.fall_back_chance == p.emptied_chance == p.broken_chance == 1.0  # but broken, it gives way whenever hit
