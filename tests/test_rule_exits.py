"""Leaving the map at an exit: the men are safe and score (rules/exits.py, rules/victory.py)."""

import pytest

from game.ai.view import ask
from game.core.engine import IllegalOrder, apply, legal_orders
from game.core.orders import EndPhase, LeaveMap
from game.core.rules import victory
from game.core.state import ASSETS
from tests.builders import end_phase, leader, open_field, unit

EXITS = [{"side": "green", "at": [[0, 5], [1, 5]], "points_per_100_men": 7},
         {"side": "red", "at": [[7, 0]], "points_per_100_men": 3}]


def flight(green=None, red=None, **changes):
    green = green or [unit("g_out", (0, 5), men=250, machine_guns=1, horses=40), unit("g_in", (3, 3), men=100)]
    red = red or [unit("r1", (6, 1), men=100)]
    return open_field(green=green, red=red, victory__exits=EXITS, **changes)


def test_a_unit_on_its_sides_exit_may_leave_and_one_elsewhere_may_not():
    state, _ = flight()
    orders = legal_orders(state, "green")
    assert LeaveMap("g_out") in orders and LeaveMap("g_in") not in orders
    with pytest.raises(IllegalOrder, match="not at an exit"):
        apply(state, LeaveMap("g_in"))


def test_an_exit_of_the_enemy_is_no_way_out():
    state, _ = flight(green=[unit("g_out", (7, 0)), unit("g_in", (3, 3))], red=[unit("r1", (0, 5))])
    with pytest.raises(IllegalOrder, match="not at an exit"):
        apply(state, LeaveMap("g_out"))
    state, _ = end_phase(state)
    with pytest.raises(IllegalOrder, match="not at an exit"):
        apply(state, LeaveMap("r1"))


def test_leaving_takes_the_men_and_their_weapons_off_the_map_and_into_the_books():
    state, _ = flight()
    out = state.units["g_out"]
    new, events = apply(state, LeaveMap("g_out"))
    assert "g_out" not in new.units
    (left,) = [e for e in events if e.kind == "left_map"]
    assert (left.unit, left.side, left.men, left.exit) == ("g_out", "green", 250, 0)
    for asset in ASSETS:
        assert new.books["green"].get(f"{asset}_exited", 0) == getattr(out, asset)
    assert new.books["green"]["exit0_men"] == 250


def test_men_led_off_score_by_their_exit():
    state, _ = flight(green=[unit("g_out", (0, 5), men=250), unit("g_two", (1, 5), men=180), unit("g_in", (3, 3))])
    base = victory.points(state)["green"]
    state, _ = apply(state, LeaveMap("g_out"))
    assert victory.points(state)["green"] == base + 250 // 100 * 7
    state, _ = apply(state, LeaveMap("g_two"))
    assert state.books["green"]["exit0_men"] == 430
    assert victory.points(state)["green"] == base + 430 // 100 * 7


def test_a_leader_leaves_with_his_unit():
    state, _ = flight(green_side={"leaders": [leader("ishan", "g_out")]})
    new, _ = apply(state, LeaveMap("g_out"))
    assert new.leaders["ishan"].status == "left"


def test_when_the_last_men_have_left_the_game_ends_on_points():
    state, _ = flight(green=[unit("g_out", (0, 5), men=250)])
    new, events = apply(state, LeaveMap("g_out"))
    assert new.over and new.end_reason == "green has left the map"
    over = events[-1]
    assert over.kind == "game_over" and dict(over.points)["green"] == victory.points(new)["green"]


def test_a_side_with_reinforcements_still_to_come_plays_on():
    later = [{"date": "1922-02-09", "units": [unit("g_late", (3, 3), men=50)]}]
    state, _ = flight(green=[unit("g_out", (0, 5), men=250)], green_side={"reinforcements": later})
    new, _ = apply(state, LeaveMap("g_out"))
    assert not new.over
    assert legal_orders(new, "green") == [EndPhase("green")]


def test_an_exit_that_opens_on_a_date_is_shut_before_it_and_the_ai_waits_for_it():
    """victory.exits[].opens: a withdrawal ordered on a day (the February campaign's warning)."""
    from game.ai.players import make_player

    late = [{"side": "green", "at": [[0, 5], [1, 5]], "points_per_100_men": 7, "opens": "1922-02-09"}]
    state, _ = open_field(green=[unit("g_out", (0, 5)), unit("g_in", (4, 2))], red=[unit("r1", (7, 5))],
                          victory__exits=late)
    assert LeaveMap("g_out") not in legal_orders(state, "green")
    with pytest.raises(IllegalOrder, match="the way out here opens on 1922-02-09"):
        apply(state, LeaveMap("g_out"))
    commander = make_player("normal", "green", 1)
    assert not isinstance(ask(commander, state), LeaveMap)
    assert commander.plan.exits == []  # not a runner while the way is shut
    while state.date.isoformat() < "1922-02-09":  # two turns a day: the 9th is turn 2
        state, _ = apply(state, EndPhase(state.side))
    assert LeaveMap("g_out") in legal_orders(state, "green")
    commander = make_player("normal", "green", 1)
    assert ask(commander, state) == LeaveMap("g_out")  # a runner now, at its exit: out
    assert commander.plan.exits == ["g_in", "g_out"]
