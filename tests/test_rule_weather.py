"""Weather by date, day and night, and what they change (rules/weather.py and the rules that read it)."""

import math
from dataclasses import replace

import pytest

from game.core.hexgrid import from_offset as off
from game.core.rules import ambush, combat, movement
from tests.builders import dice_where, end_phase, end_turn, open_field, unit, with_dice

DAY1, DAY2, DAY3 = "1922-02-08", "1922-02-09", "1922-02-10"


def weather_game(spells, **units):
    green = units.get("green", [unit("g1", (2, 3), men=500)])
    red = units.get("red", [unit("r1", (3, 3), men=500)])
    return open_field(green=green, red=red, weather=spells)


def weathers(state, turns):
    """The weather of this and the next `turns - 1` turns."""
    seen = [state.weather]
    for _ in range(turns - 1):
        state, _ = end_turn(state)
        seen.append(state.weather)
    return seen


def test_weather_by_date_and_part_of_day_with_the_last_spell_winning():
    spells = [
        {"start": DAY1, "end": DAY3, "weather": "cold"},
        {"start": DAY2, "end": DAY2, "part": "night", "weather": "snow"},
        {"start": DAY3, "end": DAY3, "part": "day", "weather": "smoke"},
    ]
    state, events = weather_game(spells)
    assert [e.weather for e in events if e.kind == "turn_began"] == ["cold"]
    assert weathers(state, 6) == ["cold", "cold", "cold", "snow", "smoke", "cold"]


def test_no_spell_means_clear_weather():
    state, _ = weather_game([{"start": DAY2, "end": DAY2, "weather": "rain"}])
    assert weathers(state, 6) == ["clear", "clear", "rain", "rain", "clear", "clear"]


def test_weather_drawn_from_chances_follows_the_roll():
    chances = {"snow": 30, "rain": 20, "clear": 50}
    spells = [{"start": DAY1, "end": DAY3, "chances": chances}]
    state, _ = weather_game(spells)
    state, _ = end_phase(state)
    # at the end of the day turn the first roll is the next turn's weather
    for roll_range, expected in [((0, 3000), "snow"), ((3000, 5000), "rain"), ((5000, 10_000), "clear")]:
        dice = dice_where(lambda r: roll_range[0] <= r[0] < roll_range[1])
        new, events = end_phase(with_dice(state, dice))
        began = next(e for e in events if e.kind == "turn_began")
        assert new.weather == expected == began.weather and roll_range[0] <= began.roll < roll_range[1]


def test_drawn_weather_is_only_ever_one_of_the_chances_and_all_of_them_come():
    spells = [{"start": DAY1, "end": DAY3, "chances": {"snow": 40, "rain": 30, "cold": 30}}]
    seen = set()
    for seed in range(15):
        state, _ = open_field(green=[unit("g1", (0, 0))], red=[unit("r1", (7, 5))], weather=spells, seed=seed)
        seen |= set(weathers(state, 6))
    assert seen == {"snow", "rain", "cold"}


@pytest.mark.parametrize("kind", ["clear", "cold", "rain", "snow", "smoke"])
def test_weather_slows_movement_by_its_factor_and_night_by_its_own(kind):
    state, _ = weather_game([{"start": DAY1, "end": DAY3, "weather": kind}])
    rules = state.rules
    base = rules.unit_types["infantry"].movement
    w = rules.weather[kind].move
    assert state.units["g1"].moves_left == max(1, math.floor(base * w + 1e-9))
    night, _ = end_turn(state)
    assert night.is_night
    assert night.units["g1"].moves_left == max(1, math.floor(base * w * rules.movement.night_factor + 1e-9))


def test_weather_changes_attack_power_and_casualties():
    clear, _ = weather_game([])
    target = off(3, 3)
    base = combat.matchup(clear, ("g1",), target)
    for kind, w in clear.rules.weather.items():
        state, _ = weather_game([{"start": DAY1, "end": DAY3, "weather": kind}])
        m = combat.matchup(state, ("g1",), target)
        assert m.attacker_power == pytest.approx(base.attacker_power * w.attack)
        assert m.defender_power == pytest.approx(base.defender_power)
        assert m.casualty_factor == w.casualties
        for roll in (500, 5000, 9500):
            plain = combat.outcome(clear, base, roll)
            wet = combat.outcome(clear, replace(base, casualty_factor=w.casualties), roll)
            assert wet.defender_rate == pytest.approx(plain.defender_rate * w.casualties)
            assert wet.attacker_rate == pytest.approx(plain.attacker_rate * w.casualties)


def test_bad_weather_cuts_casualties():
    snow, _ = weather_game([{"start": DAY1, "end": DAY3, "weather": "snow"}])
    clear, _ = weather_game([])
    assert snow.rules.weather["snow"].casualties < 1
    f_snow = combat.forecast(snow, ("g1",), off(3, 3))
    f_clear = combat.forecast(clear, ("g1",), off(3, 3))
    assert f_snow.expected_defender_losses < f_clear.expected_defender_losses


def test_night_and_snow_favour_the_hider():
    rows = ["........", "........", "...o....", "........", "........", "........"]
    band = unit("g_band", (3, 2), hidden=True)
    spotter = unit("r1", (5, 2))
    day, _ = open_field(green=[band], red=[spotter], rows=rows)
    snowy, _ = open_field(green=[band], red=[spotter], rows=rows,
                          weather=[{"start": DAY1, "end": DAY3, "weather": "snow"}])
    night, _ = end_turn(day)
    chance = lambda s: ambush.detect_chance(s, s.units["r1"], s.units["g_band"])
    assert chance(night) < chance(day) and chance(snowy) < chance(day)
    snowy_night, _ = end_turn(snowy)
    assert chance(snowy_night) == pytest.approx(chance(day) * day.rules.ambush.detect_night
                                                 * day.rules.ambush.detect_weather["snow"])


def test_night_halves_the_march_and_so_the_reach():
    state, _ = open_field(green=[unit("g1", (0, 3), type="cavalry")], red=[unit("r1", (7, 0))])
    day_reach = movement.reachable(state, state.units["g1"])
    night, _ = end_turn(state)
    night_reach = movement.reachable(night, night.units["g1"])
    assert set(night_reach) < set(day_reach)
    assert night.units["g1"].moves_left == math.floor(
        state.rules.unit_types["cavalry"].movement * state.rules.movement.night_factor)
