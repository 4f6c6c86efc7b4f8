"""Defection: men who cross over with their weapons (rules/defection.py)."""

from dataclasses import replace

import pytest

from game.core.dice import ROLL_SIDES
from game.core.hexgrid import from_offset as off
from game.core.rules import defection, support
from tests.builders import changed, dice_where, end_turn, leader, open_field, place, unit, with_dice

NEAR = off(3, 4)


def siege(red_leaders=(), places=(), **red_fields):
    """Red militia and regulars side by side; two green units, one nearer."""
    red = [unit("a_mil", (3, 3), men=400, type="militia", **red_fields), unit("b_reg", (4, 3), men=400, **red_fields)]
    green = [unit("z_near", (3, 5), men=100, rifles=20, type="horsemen"), unit("z_far", (7, 5), men=100)]
    return open_field(green=green, red=red, map__places=list(places),
                      red_side={"leaders": list(red_leaders)} if red_leaders else None)


def chance(state, uid):
    return defection.defection_chance(state, state.units[uid])


def names(factors):
    return [f.name for f in factors]


def test_local_militia_defect_far_more_readily_than_regulars():
    state, _ = siege()
    d = state.rules.defection
    (militia, mf), (regular, rf) = chance(state, "a_mil"), chance(state, "b_reg")
    assert d.base_local > d.base_regular
    assert militia / regular == pytest.approx(d.base_local / d.base_regular)
    assert names(mf)[0] == "local troops" and names(rf)[0] == "regulars"


def with_cause(state, cause):
    uid = "b_reg"
    u = state.units[uid]
    if cause == "low morale":
        return changed(state, uid, morale=state.rules.defection.morale_line // 3)
    if cause == "cut off":
        return changed(state, uid, turns_cut_off=state.turns_for_days(3))
    if cause == "losses":
        return changed(state, uid, men=u.full_men // 2)
    if cause == "enemy success":
        new = state.copy()
        new.wins = ((state.turn, "green", off(4, 5)),)
        return new
    if cause == "enemy support":
        new = state.copy()
        new.support["qishloq"]["green"] = 100
        return new
    raise AssertionError(cause)


@pytest.mark.parametrize("cause, factor", [
    ("low morale", "low morale"), ("cut off", "days cut off"), ("losses", "losses"),
    ("enemy success", "enemy success nearby"), ("enemy support", "back the enemy 100%"),
])
def test_the_chance_grows_with_each_cause_and_names_it(cause, factor):
    state, _ = siege(places=[place("qishloq", (4, 4), support={"green": 0, "red": 50})])
    base, base_factors = chance(state, "b_reg")
    more, more_factors = chance(with_cause(state, cause), "b_reg")
    assert more > base
    assert not any(factor in n for n in names(base_factors))
    assert any(factor in n for n in names(more_factors))


def test_an_enemy_success_far_away_or_a_friendly_one_does_not_count():
    state, _ = siege()
    far = state.copy()
    far.wins = ((state.turn, "green", off(0, 0)),)  # 4+ hexes from b_reg
    own = state.copy()
    own.wins = ((state.turn, "red", off(4, 4)),)
    assert chance(far, "b_reg") == chance(state, "b_reg") == chance(own, "b_reg")


def test_a_fit_leader_cuts_the_chance_a_wounded_one_does_not():
    lead = leader("kombat", "b_reg")
    plain, _ = siege()
    led, _ = siege(red_leaders=[lead])
    d = plain.rules.defection
    with_leader, factors = chance(led, "b_reg")
    keep = 1 - d.leader_per_point * led.leaders["kombat"].morale  # his own morale points count
    assert 0 < keep < 1
    assert with_leader == pytest.approx(chance(plain, "b_reg")[0] * keep)
    assert with_leader < chance(plain, "b_reg")[0]
    assert any(f.name == "a leader is with them" and f.scales and f.value == pytest.approx(keep) for f in factors)
    wounded = led.copy()
    wounded.leaders["kombat"] = replace(wounded.leaders["kombat"], status="wounded", wounded_turns=3)
    assert chance(wounded, "b_reg")[0] == chance(plain, "b_reg")[0]


def test_the_chance_never_passes_the_cap():
    state, _ = siege(places=[place("qishloq", (4, 4), support={"green": 100})], morale=0)
    state = changed(state, "a_mil", men=10, turns_cut_off=state.turns_for_days(30))
    state.wins = ((state.turn, "green", off(3, 4)),)
    assert chance(state, "a_mil")[0] == state.rules.defection.max_chance


def night_state(**red_fields):
    """The night turn, when the day's defections are rolled; a_mil (first by id) rolls first."""
    state, _ = siege(places=[place("qishloq", (4, 4), support={"green": 100})], morale=10, **red_fields)
    state, _ = end_turn(state)
    assert support.is_end_of_day(state)
    return state


@pytest.mark.parametrize("defects", [True, False])
def test_the_daily_roll_is_made_against_defection_chance(defects):
    state = night_state()
    p, _ = chance(state, "a_mil")
    edge = round(p * ROLL_SIDES)
    assert 0 < edge < ROLL_SIDES
    if defects:
        dice = dice_where(lambda r: edge - 300 <= r[0] < edge)
    else:
        dice = dice_where(lambda r: edge <= r[0] < edge + 300)
    state = with_dice(state, dice)
    events = defection.daily(state)
    first = [e for e in events if e.kind == "defected" and e.unit == "a_mil"]
    assert bool(first) == defects
    if defects:
        assert first[0].chance == edge and first[0].roll < edge


def test_defectors_cross_with_their_weapons_to_the_nearest_enemy_unit():
    state = night_state(machine_guns=4)
    dice = dice_where(lambda r: r[0] == 0)
    state = with_dice(state, dice)
    before = state.copy()
    (event, *_) = [e for e in defection.daily(state) if e.kind == "defected"]
    d = state.rules.defection
    mil, was = state.units["a_mil"], before.units["a_mil"]
    assert (event.unit, event.to_side, event.to_unit) == ("a_mil", "green", "z_near")
    low, high = d.share
    assert max(1, int(was.men * low)) <= event.men <= max(1, int(was.men * high))
    assert mil.men == was.men - event.men
    assert event.rifles == was.rifles - mil.rifles and event.machine_guns == was.machine_guns - mil.machine_guns
    assert event.rifles > 0
    near, near_was = state.units["z_near"], before.units["z_near"]
    assert near.men == near_was.men + event.men and near.full_men == near_was.full_men + event.men
    assert near.rifles == near_was.rifles + event.rifles
    assert near.machine_guns == near_was.machine_guns + event.machine_guns
    assert near.ammunition == near_was.ammunition + was.ammunition - mil.ammunition
    assert state.units["z_far"] == before.units["z_far"]
    assert state.books["red"]["men_defected_out"] == event.men == state.books["green"]["men_defected_in"]
    assert state.books["red"]["rifles_defected_out"] == event.rifles == state.books["green"]["rifles_defected_in"]


def test_defection_is_rolled_once_a_day_at_the_end_of_the_night():
    state, _ = siege(morale=0)
    assert not support.is_end_of_day(state) and chance(state, "a_mil")[0] > 0
    before = state.dice.state
    assert defection.daily(state) == [] and state.dice.state == before  # the day turn: no roll at all
    night = night_state()
    before = night.dice.state
    defection.daily(night)
    assert night.dice.state != before
