"""The siege as the player and the AI judge it (issue 12): rules/siege.py reads the rules, never changes the game."""

from __future__ import annotations

import datetime as dt

from game.core.digest import state_digest
from game.core.rules import siege
from game.core.setup import make_setup, new_game
from game.scenario.validate import load_scenario
from tests.builders import changed, end_turn, open_field, place, unit
from tests.test_rule_morale import TARGET


def late_siege():
    loaded = load_scenario("scenarios/dushanbe_1922.yaml")
    return new_game(make_setup(loaded.scenario, loaded.rules, dt.date(1922, 2, 8)), seed=3)[0]


def test_the_worn_garrison_of_8_february_is_reported_as_besieged():
    state = late_siege()
    before = state_digest(state)
    (town,) = [r for r in siege.sieges(state, besieger="basmachi") if r.place == "dushanbe"]
    assert state_digest(state) == before  # reading the siege changes nothing
    garrison = [u for u in state.units_at(state.board.places["dushanbe"].hex) if u.side == "soviet"]
    assert town.holder == "soviet" and town.garrison == sum(u.men for u in garrison)
    assert town.turns_cut_off == 2 * state.setup.turns_per_day
    assert min(u.morale for u in garrison) <= town.morale <= max(u.morale for u in garrison)
    assert town.trend < 0  # cut off and no rest: it falls every day
    assert 0 <= town.storm <= 1 and set(town.stormers) <= {u.id for u in state.units_of("basmachi")}


def test_the_trend_is_what_a_quiet_day_does_to_the_garrisons_morale():
    fort = place("fort", (3, 3), kind="fort", held_by="red")  # and no source anywhere: it stays cut off
    state, _ = open_field(green=[unit("g1", (1, 3), men=200)],
                          red=[unit("r1", (3, 3), men=400, morale=50, food=10_000)], map__places=[fort])
    state = changed(state, "r1", turns_cut_off=4, supplied=False)  # cut off two days already
    (report,) = siege.sieges(state)
    assert report.place == "fort" and report.besieger == "green"
    before = state.units["r1"].morale
    for _ in range(state.setup.turns_per_day):
        state, _ = end_turn(state)
    assert state.units["r1"].morale - before == report.trend < 0


def test_food_days_count_the_garrisons_rations_and_the_places_stocks():
    fort = place("fort", (3, 3), kind="fort", held_by="red", stocks={"food": 600})
    state, _ = open_field(green=[unit("g1", (1, 3))], red=[unit("r1", (3, 3), men=300, food=900)], map__places=[fort])
    (report,) = siege.sieges(state)
    assert report.food_days == (900 + 600) / 300 and not report.hungry


def test_the_storm_chance_is_the_emptying_chance_of_the_battle_prospect():
    """Two bands next to a worn fort: both go in, and the storm's chance is the battle prospect's chance that
    the place is emptied, with them standing where the storm puts them."""
    from game.core.rules import battle

    state = worn_fort(men=400)
    target = state.units["r1"].hex
    group, chance = siege.storm_option(state, state.units_of("green"), target)
    assert sorted(group) == ["g1", "g2"] and all(h in state.board.neighbours(target) for h in group.values())
    trial = siege.placed(state, group)
    assert 0 < chance < 1 and chance == battle.prospect(trial, tuple(sorted(group)), target).emptied_chance


def worn_fort(men: int = 250, supplied: bool = False):
    """A fort held by 400 Red at morale 60, two Green bands of `men` next to it, three weeks to play."""
    fort = place("fort", (3, 3), kind="fort", held_by="red")
    state, _ = open_field(green=[unit("g1", (2, 3), men=men), unit("g2", (4, 3), men=men)],
                          red=[unit("r1", (3, 3), men=400, morale=60, food=10_000)], map__places=[fort],
                          calendar__end_date="1922-02-28")
    return state if supplied else changed(state, "r1", turns_cut_off=4, supplied=False)


def test_the_storm_outlook_says_when_a_falling_garrison_can_be_stormed_at_the_besiegers_chance():
    """Cut off, the garrison's morale falls: a storm that has little chance now reaches each level on some later
    day, a higher level never sooner, always on a whole day; a level reached now is 0 turns away; one that no
    morale can give, never; reading it changes nothing."""
    state = worn_fort()
    before = state_digest(state)
    (report,) = siege.sieges(state)
    assert report.trend < 0 and report.storm < 0.1
    turns = [siege.storm_turns(state, report, level) for level in (0.1, 0.3, 0.45, 0.8)]
    assert all(t is not None and t > 0 and t % state.setup.turns_per_day == 0 for t in turns)
    assert turns == sorted(turns) and turns[0] < turns[-1]
    assert siege.storm_turns(state, report, report.storm) == 0
    assert siege.storm_turns(state, report, 1.01) is None
    assert state_digest(state) == before
    later = changed(state, "r1", morale=max(0, 60 + report.trend * turns[2] // state.setup.turns_per_day),
                    turns_cut_off=4 + turns[2])
    (then,) = siege.sieges(later)
    assert then.storm >= 0.45  # on the day it names, a storm does reach the level


def test_a_garrison_whose_morale_holds_is_never_worn_down_to_a_storm():
    state = worn_fort(supplied=True)
    (report,) = siege.sieges(state)
    assert report.trend >= 0 and report.storm < 0.45
    assert siege.storm_turns(state, report, 0.45) is None


def test_the_siege_box_says_whose_men_went_over_and_that_they_are_counted_anywhere():
    """'gone over so far: 7 men' read as the garrison's own, where the men had gone over far from the town."""
    from game.ui.texts import siege_html

    state = late_siege()
    reports = [r for r in siege.sieges(state, besieger="basmachi") if r.place == "dushanbe"]
    text = siege_html(state, reports, "basmachi")
    assert f"Soviet men gone over so far, anywhere: {reports[0].defected:,}" in text and "cut off 2 days" in text
