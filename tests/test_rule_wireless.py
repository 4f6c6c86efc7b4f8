"""Wireless calls for reinforcements, and reinforcements that come on (rules/wireless.py, reinforcements.py)."""

import pytest

from game.core.engine import IllegalOrder, apply, legal_orders
from game.core.hexgrid import from_offset as off
from game.core.orders import CallWireless, Move
from game.core.rules import wireless
from tests.builders import end_phase, end_turn, kinds, on_call, open_field, unit

STATIONS = ["tashkent", "bukhara", "samarkand"]


def garrison_game(green=None, red_extra=(), reinforcements=None, rows=None, seed=1, wireless_set=True):
    """A red garrison at (1, 3) with a wireless; green within reach of it; help at the east edge."""
    green = green if green is not None else [unit("g1", (3, 3))]
    help_from = reinforcements if reinforcements is not None else [
        on_call("tashkent", [unit("r_tashkent", (7, 3), men=500)], delay="2..5"),
        on_call("bukhara", [unit("r_bukhara", (7, 1), men=200, type="cavalry")], delay=1),
    ]
    red = [unit("r_hq", (1, 3), wireless=wireless_set), *red_extra]
    changes = {"rows": rows} if rows else {}
    return open_field(green=green, red=red, seed=seed,
                      red_side={"stations": STATIONS, "reinforcements": help_from}, **changes)


def red_phase(state):
    return end_phase(state)[0]


def calls(state):
    return [o for o in legal_orders(state, state.side) if isinstance(o, CallWireless)]


def test_a_besieged_garrison_may_call_each_station_with_help_once():
    state = red_phase(garrison_game()[0])
    assert calls(state) == [CallWireless("r_hq", "tashkent"), CallWireless("r_hq", "bukhara")]
    state, events = apply(state, CallWireless("r_hq", "tashkent"))
    assert [e.kind for e in events][:1] == ["wireless_call"] and "red:tashkent" in state.calls
    assert calls(state) == [CallWireless("r_hq", "bukhara")]
    with pytest.raises(IllegalOrder, match="already been called"):
        apply(state, CallWireless("r_hq", "tashkent"))
    state, _ = end_turn(state)
    state = red_phase(state)
    assert calls(state) == [CallWireless("r_hq", "bukhara")]  # once each, for the whole game


def test_a_station_with_nobody_on_call_cannot_help():
    state = red_phase(garrison_game()[0])
    assert wireless.why_not(state, CallWireless("r_hq", "samarkand")) == "nobody at samarkand can come"
    with pytest.raises(IllegalOrder, match="nobody"):
        apply(state, CallWireless("r_hq", "samarkand"))
    with pytest.raises(IllegalOrder, match="not a station"):
        apply(state, CallWireless("r_hq", "moscow"))


def test_only_a_unit_with_a_wireless_set_can_call():
    state = red_phase(garrison_game(wireless_set=False)[0])
    assert calls(state) == []
    with pytest.raises(IllegalOrder, match="no wireless"):
        apply(state, CallWireless("r_hq", "tashkent"))


def test_a_garrison_that_is_not_besieged_cannot_call():
    state, _ = garrison_game(green=[unit("g1", (7, 5))])
    state = red_phase(state)
    rng = state.rules.wireless.besieged_range
    assert rng < 6  # g1 is 6 hexes away
    assert state.units["r_hq"].turns_cut_off == 0 and calls(state) == []
    with pytest.raises(IllegalOrder, match="not besieged"):
        apply(state, CallWireless("r_hq", "tashkent"))
    state, _ = end_turn(state)  # a turn with no line to the rear: cut off, and so besieged
    state = red_phase(state)
    assert state.units["r_hq"].turns_cut_off > 0
    assert CallWireless("r_hq", "tashkent") in calls(state)


def test_a_hidden_enemy_does_not_make_a_siege():
    rows = ["........", "........", "........", "..o.....", "........", "........"]
    state, _ = garrison_game(green=[unit("g1", (2, 3), hidden=True), unit("g2", (7, 0))], rows=rows)
    state = red_phase(state)
    assert calls(state) == []


def test_help_arrives_after_a_delay_drawn_from_the_dice_at_its_entry():
    seen = set()
    spec = garrison_game()[0].setup.scenario.sides[1].reinforcements[0].delay_turns
    for seed in range(12):
        state = red_phase(garrison_game(seed=seed)[0])
        state, events = apply(state, CallWireless("r_hq", "tashkent"))
        (call,) = events
        assert spec.low <= call.delay <= spec.high
        assert call.arrives_turn == state.turn + max(1, call.delay)
        seen.add(call.delay)
        again, events_again = apply(red_phase(garrison_game(seed=seed)[0]), CallWireless("r_hq", "tashkent"))
        assert events_again == events  # the same seed, the same delay
        while state.turn < call.arrives_turn:
            assert "r_tashkent" not in state.units
            state, events = end_turn(state)
        arrived = [e for e in events if e.kind == "reinforcements_arrived"]
        assert [(e.units, e.at) for e in arrived] == [(("r_tashkent",), tuple(off(7, 3)))]
        assert state.units["r_tashkent"].hex == off(7, 3) and state.books["red"]["men_arrived"] == 500
    assert len(seen) > 1


def test_a_blocked_entry_delays_the_help_until_the_way_is_open():
    corridor = ["~~~~~~~~", "~~~~~~~~", "~~~~~~~~", "........", "~~~~~~~~", "~~~~~~~~"]
    # every hex within two of the entry (7, 3) that a unit can stand on is held by green
    green = [unit("g_siege", (2, 3)), unit("g5", (5, 3)), unit("g6", (6, 3)), unit("g7", (7, 3))]
    help_from = [on_call("tashkent", [unit("r_help", (7, 3), men=300)], delay=1)]
    state, _ = garrison_game(green=green, reinforcements=help_from, rows=corridor)
    state = red_phase(state)
    state, _ = apply(state, CallWireless("r_hq", "tashkent"))
    state, events = end_turn(state)
    assert "reinforcements_delayed" in kinds(events) and "r_help" not in state.units
    state, events = end_turn(state)
    assert "reinforcements_delayed" in kinds(events) and "r_help" not in state.units
    state, _ = apply(state, Move("g5", off(4, 3)))  # g5 steps aside: (5, 3) is free
    state, events = end_turn(state)
    assert "reinforcements_arrived" in kinds(events)
    assert state.units["r_help"].hex == off(5, 3) and state.books["red"]["men_arrived"] == 300


def test_dated_reinforcements_arrive_on_their_day_and_part():
    dated = [{"date": "1922-02-09", "part": "night", "units": [unit("r_column", (7, 5), men=250, type="cavalry")]}]
    state, _ = garrison_game(reinforcements=dated)
    turn = 3  # 9 February, night: the second day's second turn
    while state.turn < turn:
        assert "r_column" not in state.units
        state, events = end_turn(state)
    assert "reinforcements_arrived" in kinds(events) and state.units["r_column"].hex == off(7, 5)
    assert state.units["r_column"].moves_left > 0
