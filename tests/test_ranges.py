"""Every design choice in the rules' data has its plausible range (issue 13); only units of measure stay plain."""

from __future__ import annotations

import yaml

from game.scenario.ranges import split, with_values
from game.scenario.validate import load_scenario
from tests.test_validation import TEXT, edit, write

RULES = "game/data/rules.yaml"

# Not choices but the units the other numbers are measured in, or the rules' own structure.
UNITS_OF_MEASURE = {
    "terrain.plain.defence", "terrain.water.defence",  # open ground is the baseline; nobody stands in the Amu Darya
    "unit_types.machine_gun.melee", "unit_types.artillery.melee",  # guns do not charge
    "movement.track_cost", "supply.track_cost",  # a track: the least a step can cost; supply runs along it freely
    "combat.rifle", "combat.posture.none",  # a rifleman's fire and no posture: the units of combat power
    "weather.clear.move", "weather.clear.casualties", "weather.clear.attack", "ambush.detect_weather.clear",
    "sight.weather.clear",  # clear weather takes no sight away: the baseline
    "supply.rations_per_man_day",  # a ration is a man-day
    "combat.forecast_buckets",  # how finely the forecast is shown, not a rule
}


def numbers(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from numbers(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from numbers(value, path + (index,))
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield path, node


def name(path) -> str:
    return ".".join(str(p) for p in path)


def test_every_number_that_is_a_choice_has_a_range():
    with open(RULES, encoding="utf-8") as handle:
        plain, ranged = split(yaml.safe_load(handle))
    unranged = {name(p) for p, _ in numbers(plain) if p not in ranged}
    assert unranged == UNITS_OF_MEASURE, f"give these a range, or say why they are units: {sorted(unranged ^ UNITS_OF_MEASURE)}"


def test_each_end_of_a_pair_is_swept_on_its_own():
    loaded = load_scenario("scenarios/dushanbe_1922.yaml")
    low, high = loaded.ranges["defection.share[0]"], loaded.ranges["defection.share[1]"]
    assert low.high < high.low  # whatever is drawn, the low end stays below the high end
    plain = loaded.rules.model_dump()
    changed = with_values(plain, {low.path: low.high, high.path: high.low})
    assert list(changed["defection"]["share"]) == [low.high, high.low]


def test_a_scenario_that_sets_a_pair_keeps_its_ranges(tmp_path):
    text = TEXT.rstrip("\n") + "\nrules:\n  defection:\n    share: [0.03, 0.1]\n"
    loaded = load_scenario(write(tmp_path, text))
    assert tuple(loaded.rules.defection.share) == (0.03, 0.1)
    assert loaded.ranges["defection.share[0]"].value == 0.03 and loaded.ranges["defection.share[1]"].low == 0.05


def test_a_sweep_named_by_a_pair_varies_both_its_ends():
    from game.sim.sweep import chosen

    loaded = load_scenario("scenarios/dushanbe_1922.yaml")
    assert [p.name for p in chosen(loaded, ["defection.share", "supply.path_cost"])] == \
        ["defection.share[0]", "defection.share[1]", "supply.path_cost"]
