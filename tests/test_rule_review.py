"""Rule details settled in review: each test pins one decision (see docs/rules.md)."""

from game.core.engine import apply
from game.core.hexgrid import from_offset as off
from game.core.orders import Attack, EndPhase, Hide, Move
from game.core.rules import combat, morale
from tests.builders import end_turn, on_call, open_field, place, unit

# A corridor along row 3 (cols 0-3) in water: a unit at (2, 3) attacked from (1, 3) can only go to (3, 3).
CORRIDOR = ["~~~~~~~~", "~~~~~~~~", "~~~~~~~~", "....~~~~", "~~~~~~~~", "~~~~~~~~"]
# Hex (0, 0) reachable only from (1, 0): (0, 1) is water.
CORNER = ["........", "~.......", "........", "........", "........", "........"]


def test_gun_crews_do_not_also_fire_rifles():
    state, _ = open_field(green=[unit("g1", (1, 1), men=100, rifles=100, machine_guns=2)], red=[unit("r1", (6, 4))])
    c = state.rules.combat
    hands = combat.hands(state, state.units["g1"])
    assert hands.machine_guns == 2 and hands.riflemen == 100 - 2 * c.crew_per_machine_gun
    assert combat.fire_power(state, state.units["g1"]) == hands.riflemen * c.rifle + 2 * c.machine_gun


def test_a_gun_without_a_crew_is_silent():
    state, _ = open_field(green=[unit("g1", (1, 1), men=3, rifles=0, machine_guns=1, ammunition=5000)],
                          red=[unit("r1", (2, 1), men=100)])
    assert state.rules.combat.crew_per_machine_gun > 3
    assert combat.hands(state, state.units["g1"]).machine_guns == 0


def test_defenders_who_were_attacked_do_not_rest():
    state, _ = open_field(green=[unit("g1", (1, 1), men=500)], red=[unit("r1", (2, 1), men=500, morale=50)])
    attacked, _ = apply(state, Attack(("g1",), off(2, 1)))
    fought = attacked.units["r1"]
    assert fought.fought
    m = state.rules.morale
    after = end_turn(attacked)[0].units["r1"]  # open field: no supply line (its loss comes at night), and no rest
    assert after.morale == fought.morale
    besieged = end_turn(state)[0].units["r1"]  # not attacked, but an enemy next to it: no rest either
    assert besieged.morale == 50
    alone, _ = open_field(green=[unit("g1", (7, 5), men=500)], red=[unit("r1", (2, 1), men=500, morale=50)])
    assert end_turn(alone)[0].units["r1"].morale == morale.clamp(50 + m.rest)


def test_a_side_wiped_out_loses_at_once_unless_help_is_actually_coming():
    help_ = [on_call("tashkent", [unit("r_help", (7, 3), men=300)], delay=2)]
    state, _ = open_field(green=[unit("g1", (1, 0), men=5000)], red=[unit("r1", (0, 0), men=5, morale=0)],
                          rows=CORNER, red_side={"stations": ["tashkent"], "reinforcements": help_})
    new, events = apply(state, Attack(("g1",), off(0, 0)))
    assert "surrendered" in [e.kind for e in events] and new.men("red") == 0
    assert new.over and new.winner == "green"  # help never called does not count


def test_a_place_is_taken_by_whoever_falls_back_into_it_alone():
    state, _ = open_field(green=[unit("g1", (1, 3), men=5000)], red=[unit("r1", (2, 3), men=100)],
                          rows=CORRIDOR, map__places=[place("kishlak", (3, 3))])
    assert state.control["kishlak"] == ""
    new, events = apply(state, Attack(("g1",), off(2, 3)))
    assert [tuple(e.to_hex) for e in events if e.kind == "retreated"] == [tuple(off(3, 3))]
    assert new.control["kishlak"] == "red"


def test_reinforcements_spread_out_rather_than_overstack():
    limit = open_field()[0].rules.movement.stack_limit
    group = [unit(f"r{i}", (6, 3), men=50) for i in range(limit + 2)]
    state, _ = open_field(green=[unit("g1", (0, 0))], red=[unit("r0x", (7, 5))],
                          red_side={"reinforcements": [{"date": "1922-02-08", "units": group}]})
    placed = [state.units[f"r{i}"].hex for i in range(limit + 2)]
    assert max(placed.count(h) for h in placed) <= limit and placed.count(off(6, 3)) == limit


def test_ambushers_striking_in_the_enemy_phase_keep_their_own():
    rows = ["........"] * 3 + ["...o...."] + ["........"] * 2
    state, _ = open_field(green=[unit("g1", (0, 3), type="cavalry")], red=[unit("r1", (3, 3), type="militia")],
                          rows=rows)
    state, _ = apply(state, EndPhase("green"))
    state, _ = apply(state, Hide("r1"))
    state, _ = apply(state, EndPhase("red"))  # night: green moves first, red's band lies hidden
    state, events = apply(state, Move("g1", off(2, 3)))
    assert "ambush" in [e.kind for e in events]
    assert state.side == "green" and not state.units["r1"].attacked  # red's own phase is still to come


def test_a_unit_may_hide_next_to_an_enemy_it_cannot_see():
    state, _ = open_field(green=[unit("g1", (1, 1))], red=[unit("r1", (2, 1), hidden=True)], rows=["oooooooo"] * 6)
    state, _ = apply(state, Hide("g1"))  # the hidden red unit next door must not give itself away
    assert state.units["g1"].hidden


def test_when_most_of_a_garrison_gives_way_the_rest_go_with_it():
    rows = ["~~~~~~~~", "~~~~~~~~", "~~~~~~~~", "........", "~~~~~~~~", "~~~~~~~~"]
    broken = [unit("r_broken", (2, 3), men=700, morale=0), unit("r_steady", (2, 3), men=300, morale=90)]
    state, _ = open_field(green=[unit("g1", (1, 3), men=300)], red=broken, rows=rows)
    new, events = apply(state, Attack(("g1",), off(2, 3)))
    fight = events[0]
    assert not fight.retreat  # the roll alone did not beat them
    assert 700 >= state.rules.morale.collapse_share * 1000  # the broken are most of the men
    fell_back = {e.unit for e in events if e.kind in ("retreated", "surrendered")}
    assert fell_back == {"r_broken", "r_steady"}
    assert all(u.hex != off(2, 3) for u in new.units_of("red"))
