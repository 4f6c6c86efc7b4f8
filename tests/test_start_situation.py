"""A start date that sets its own situation (issue 12): validated, and applied at set-up."""

from __future__ import annotations

import datetime as dt

from game.core.rules import movement
from game.core.setup import make_setup, new_game
from game.scenario.validate import load_scenario
from tests.test_validation import TEXT, edit, line_of, one_problem, write

MAIN = "scenarios/dushanbe_1922.yaml"
EARLY, LATE = dt.date(1922, 1, 28), dt.date(1922, 2, 8)

REINFORCED = edit("""      - {id: r1, name: Garrison, type: infantry, at: town, men: 500, rifles: 500, ammunition: 50000, posture: entrenched}
""", """      - {id: r1, name: Garrison, type: infantry, at: town, men: 500, rifles: 500, ammunition: 50000, posture: entrenched, wireless: true}
    stations: [hq]
    reinforcements:
      - {on_call: hq, delay_turns: 6, units: [{id: r_help, name: Help, type: infantry, at: [5, 0], men: 200}]}
""")


def with_situation(body: str, text: str = REINFORCED) -> str:
    return edit("  start_dates: [{date: 1922-02-08}]\n",
                "  start_dates:\n    - {date: 1922-02-08}\n    - date: 1922-02-09\n      situation:\n"
                "        reading: the second day (assumed)\n" + body, text)


def start(path: str, date: dt.date):
    loaded = load_scenario(path)
    return new_game(make_setup(loaded.scenario, loaded.rules, date), seed=7)[0]


def test_the_late_start_of_the_siege_is_the_worn_garrison_of_its_reading():
    early, late = start(MAIN, EARLY), start(MAIN, LATE)
    tpd = late.setup.turns_per_day
    battalion = late.units["rifles_7_2"]
    assert 520 <= battalion.men <= 600 and battalion.morale == 32
    assert battalion.turns_cut_off == 2 * tpd and not battalion.supplied
    assert battalion.full_men >= 600  # losses are measured against its strength in the scenario
    assert early.units["rifles_7_2"].morale == 52 and early.units["rifles_7_2"].supplied
    assert late.units["enver_band"].hex == late.board.places["kampchi"].hex != early.units["enver_band"].hex
    assert late.units["mg_dushanbe"].machine_guns == early.units["mg_dushanbe"].machine_guns - 1
    assert late.stocks["dushanbe"]["food"] < early.stocks["dushanbe"]["food"]
    assert late.support["dushanbe"]["basmachi"] > early.support["dushanbe"]["basmachi"]
    assert late.books["soviet"]["men_start"] == sum(u.men for u in late.units.values() if u.side == "soviet")
    assert late.calls == early.calls == ()


def test_a_call_already_made_brings_its_help_that_much_sooner(tmp_path):
    path = write(tmp_path, with_situation("        calls: [{side: red, station: hq, turns_ago: 4}]\n"))
    state = start(path, dt.date(1922, 2, 9))
    assert state.calls == ("red:hq",)
    assert state.schedule == ((6 - 4, "red:0"),)  # due 6 turns after the call, 4 of them already past
    fresh = start(path, dt.date(1922, 2, 8))
    assert fresh.calls == () and fresh.schedule == ()


def test_units_places_and_counts_take_the_days_values(tmp_path):
    path = write(tmp_path, with_situation(
        "        units: {r1: {men: 420, morale: 30, days_cut_off: 3, at: [3, 1]}, g1: {at: [1, 2], hidden: true}}\n"
        "        places: {town: {held_by: green, support: {green: 80}, stocks: {food: 100}}}\n"))
    state = start(path, dt.date(1922, 2, 9))
    r1, g1 = state.units["r1"], state.units["g1"]
    assert (r1.men, r1.full_men, r1.morale, r1.turns_cut_off, r1.supplied) == (420, 500, 30, 6, False)
    assert r1.rifles == 500  # what the day does not say stays as listed
    assert g1.hidden
    assert state.control["town"] == "green" and state.support["town"] == {"green": 80, "red": 0}
    assert state.stocks["town"] == {"ammunition": 0, "food": 100}


def test_a_situation_naming_a_unit_that_is_not_on_the_map_at_the_start_is_refused_at_its_line(tmp_path):
    text = with_situation("        units:\n          r_help: {morale: 10}\n")
    one_problem(write(tmp_path, text), line_of(text, "r_help: {morale"), "r_help", "reinforcement")
    text = with_situation("        units:\n          r9: {morale: 10}\n")
    one_problem(write(tmp_path, text, "b.yaml"), line_of(text, "r9: {morale"), "r9", "not a unit")


def test_a_situation_with_an_unknown_place_station_or_hex_is_refused_at_its_line(tmp_path):
    text = with_situation("        places:\n          hamlt: {held_by: red}\n")
    one_problem(write(tmp_path, text), line_of(text, "hamlt:"), "unknown place", "hamlet")
    text = with_situation("        calls:\n          - {side: red, station: hx}\n")
    one_problem(write(tmp_path, text, "b.yaml"), line_of(text, "station: hx"), "hx", "stations")
    text = with_situation("        units:\n          r1: {at: [40, 1]}\n")
    one_problem(write(tmp_path, text, "c.yaml"), line_of(text, "r1: {at"), "off the map")
    text = with_situation("        units:\n          r1: {morale: 130}\n")
    one_problem(write(tmp_path, text, "d.yaml"), line_of(text, "r1: {morale"), "morale")


def test_a_town_holds_more_units_of_a_side_than_open_ground():
    state = start(MAIN, EARLY)
    town = state.board.places["dushanbe"].hex
    beside = next(h for h in state.board.neighbours(town) if h not in state.board.place_at)
    assert movement.stack_limit_at(state, town) == state.rules.movement.town_stack_limit
    assert movement.stack_limit_at(state, beside) == state.rules.movement.stack_limit
    assert state.rules.movement.town_stack_limit > state.rules.movement.stack_limit
