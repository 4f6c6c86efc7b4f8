"""The AI's numbers live in game/data/ai.yaml: checked at start, every one used, one posture per level."""

import re

import pytest
import yaml

import game.ai.commander as commander
import game.ai.plans as plans
from game.ai import doctrine
from game.compiled import source_of
from game.ai.players import LEVELS, POSTURES
from importlib import resources

TEXT = resources.files("game.data").joinpath("ai.yaml").read_text(encoding="utf-8")


def test_every_level_but_the_simple_player_has_its_posture_in_the_file():
    assert set(doctrine.AI.levels) == set(LEVELS) - {"simple"} == set(POSTURES)
    assert POSTURES["easy"].careless > 0 and POSTURES["hard"].relief == "hold" != POSTURES["normal"].relief
    assert POSTURES["historical"].raid_date == "1922-01-31"


def test_every_number_of_the_doctrine_is_played_by():
    from game.ai import besieger, defender, marching, raider

    source = "".join(source_of(m.__name__, m.__file__).read_text(encoding="utf-8")
                     for m in (commander, besieger, defender, marching, raider, plans))  # (their source: compiled too)
    unused = [key for key in doctrine.Doctrine.model_fields if not re.search(rf"\bD\.{key}\b", source)]
    assert not unused, f"ai.yaml numbers no commander reads: {unused}"


@pytest.mark.parametrize("edit, where", [
    (lambda d: d["doctrine"].update(threat_range="three"), "doctrine.threat_range"),
    (lambda d: d["doctrine"].update(treat_range=3), "doctrine.treat_range"),
    (lambda d: d["posture"].update(storm_chance=1.5), "posture.storm_chance"),
    (lambda d: d["levels"]["easy"].update(wireless="some"), "levels.easy.wireless"),
    (lambda d: d["levels"]["hard"].update(looks_ahead=True), "levels.hard.looks_ahead"),
])
def test_a_wrong_number_in_the_file_is_named(edit, where):
    data = yaml.safe_load(TEXT)
    edit(data)
    with pytest.raises(ValueError, match=re.escape(f"game/data/ai.yaml: {where}:")):
        doctrine.read(yaml.safe_dump(data))


def test_a_level_is_the_normal_posture_with_its_changes():
    normal, easy = POSTURES["normal"], POSTURES["easy"]
    changed = set(doctrine.AI.levels["easy"])
    for name in doctrine.Knobs.model_fields:
        if name not in changed:
            assert getattr(easy, name) == getattr(normal, name), name
    assert plans.Posture.of("normal", careless=0.5).careless == 0.5
