"""Captured weapons and stores: the winner takes part of what the loser lost or left (rules/capture.py)."""

from game.core.engine import apply
from game.core.hexgrid import Hex, from_offset as off
from game.core.orders import Attack, Move
from game.core.rules import combat
from game.core.rules.capture import GEAR
from tests.builders import dice_where, end_phase, game, open_field, place, unit, with_dice

TARGET = off(3, 3)


def fight(attacker_wins: bool, **red_fields):
    """Green attacks red at (3, 3) with a roll that makes one side the clear winner."""
    green = [unit("g_riders", (2, 3), men=400, rifles=40, type="horsemen", ammunition=2000),
             unit("g_armed", (3, 4), men=400, rifles=400, ammunition=60_000)]
    red = [unit("r1", (3, 3), men=400, rifles=400, machine_guns=3, cannons=1, horses=50, ammunition=60_000,
                food=800, **red_fields)]
    state, _ = open_field(green=green, red=red)
    m = combat.matchup(state, ("g_armed", "g_riders"), TARGET)
    wanted = lambda r: (combat.outcome(state, m, r[0]).defender_rate > combat.outcome(state, m, r[0]).attacker_rate) == attacker_wins
    state = with_dice(state, dice_where(wanted))
    new, events = apply(state, Attack(("g_armed", "g_riders"), TARGET))
    return state, new, events


def kept(amount, men_after, men_before):
    """What survivors keep of `amount`: in proportion to the men left, rounded half up."""
    return (2 * amount * men_after + men_before) // (2 * men_before)


def lost_by(before, after, uid):
    """What a unit lost with its fallen men (ammunition fired in the fight is spent, not lost)."""
    was = before.units[uid]
    now = after.units.get(uid)
    lost = {k: getattr(was, k) - (getattr(now, k) if now else 0) for k in GEAR}
    c = before.rules.combat
    served = combat.hands(before, was)
    left = max(0, was.ammunition - served.riflemen * c.rounds_per_rifle - served.machine_guns * c.rounds_per_machine_gun)
    men_after = now.men if now else 0
    lost["ammunition"] = left - kept(left, men_after, was.men)
    return lost


def test_the_winner_of_a_fight_takes_a_share_of_the_losers_lost_weapons():
    before, after, events = fight(attacker_wins=True)
    fell_back = any(e.kind in ("retreated", "surrendered") for e in events)
    cut_down = any(e.kind == "cut_down" for e in events)
    assert not cut_down
    rules = before.rules.capture
    share = rules.retreat_share if fell_back else rules.battle_share
    lost = lost_by(before, after, "r1")
    assert lost["rifles"] > 0
    (taken,) = [e for e in events if e.kind == "captured"]
    assert (taken.side, taken.from_side) == ("green", "red")
    for k in GEAR:
        assert getattr(taken, k) == int(lost[k] * share), k
    assert after.books["green"]["rifles_captured"] == taken.rifles
    assert after.books["green"].get("machine_guns_captured", 0) == taken.machine_guns


def test_captured_rifles_go_to_the_men_who_have_none_and_arm_them():
    before, after, events = fight(attacker_wins=True)
    (taken,) = [e for e in events if e.kind == "captured"]
    riders_before, riders = before.units["g_riders"], after.units["g_riders"]
    combat_losses = riders_before.rifles - kept(riders_before.rifles, riders.men, riders_before.men)
    assert riders.rifles == riders_before.rifles - combat_losses + taken.rifles
    armed = after.units["g_armed"]
    assert armed.rifles <= before.units["g_armed"].rifles  # the well-armed unit gets nothing
    assert combat.fire_power(after, riders) > combat.fire_power(after, riders.but(rifles=riders.rifles - taken.rifles))


def test_a_defender_that_beats_off_an_attack_takes_the_attackers_weapons():
    before, after, events = fight(attacker_wins=False)
    (taken,) = [e for e in events if e.kind == "captured"]
    assert (taken.side, taken.from_side) == ("red", "green")
    lost = {k: sum(lost_by(before, after, u)[k] for u in ("g_armed", "g_riders")) for k in GEAR}
    for k in GEAR:
        assert getattr(taken, k) == int(lost[k] * before.rules.capture.battle_share), k
    r1_before, r1 = before.units["r1"], after.units["r1"]
    assert r1.rifles == kept(r1_before.rifles, r1.men, r1_before.men) + taken.rifles


def test_an_ambush_captures_the_columns_weapons():
    rows = ["........", "........", "...o....", "........", "........", "........"]
    band = unit("g_band", (3, 2), men=300, rifles=150, type="horsemen", hidden=True)
    column = unit("column", (0, 1), men=300, rifles=300, machine_guns=3, horses=300, type="cavalry", ammunition=40_000)
    state, _ = open_field(green=[band], red=[column], rows=rows)
    state, _ = end_phase(state)
    new, events = apply(state, Move("column", off(4, 1)))
    assert "ambush" in [e.kind for e in events]
    taken = [e for e in events if e.kind == "captured"]
    assert taken and all(e.side == "green" for e in taken)
    total = {k: sum(getattr(e, k) for e in taken) for k in GEAR}
    assert total["rifles"] > 0 and total["ammunition"] > 0
    assert new.units["g_band"].rifles == kept(150, new.units["g_band"].men, 300) + total["rifles"]
    assert new.books["green"]["rifles_captured"] == total["rifles"]


def test_taking_a_town_captures_most_of_its_stocks():
    town = place("fort", (3, 3), kind="town", held_by="red", stocks={"food": 1000, "ammunition": 50_000})
    state, _ = game(green=[unit("g1", (2, 3), men=200, ammunition=100, food=10)], red=[unit("r1", (7, 5))],
                    map__places=[town], victory__objectives=[], victory__sudden_death=[])
    new, events = apply(state, Move("g1", TARGET))
    share = state.rules.capture.town_stocks
    assert ("place_taken", "fort") in [(e.kind, getattr(e, "place", "")) for e in events]
    (taken,) = [e for e in events if e.kind == "captured"]
    assert (taken.ammunition, taken.food) == (int(50_000 * share), int(1000 * share))
    assert (taken.rifles, taken.machine_guns) == (0, 0)
    g1 = new.units["g1"]
    assert (g1.ammunition, g1.food) == (100 + taken.ammunition, 10 + taken.food)
    assert new.stocks["fort"] == {"food": 0, "ammunition": 0}
    again, events = apply(end_phase(new)[0], Move("r1", off(6, 5)))
    assert "captured" not in [e.kind for e in events]


def test_a_surrendered_units_weapons_fall_to_the_winner():
    # red is trapped at the end of a corridor with no morale: beaten, it surrenders
    rows = ["~~~~~~~~", "~~~~~~~~", "~~~~~~~~", "........", "~~~~~~~~", "~~~~~~~~"]
    state, _ = open_field(green=[unit("g1", (1, 3), men=1000, rifles=100)],
                          red=[unit("r1", (0, 3), men=300, rifles=300, machine_guns=2, morale=0)], rows=rows)
    new, events = apply(state, Attack(("g1",), Hex(*tuple(off(0, 3)))))
    assert "surrendered" in [e.kind for e in events] and "r1" not in new.units
    (taken,) = [e for e in events if e.kind == "captured"]
    share = state.rules.capture.retreat_share
    assert taken.rifles == int(300 * share) and taken.machine_guns == int(2 * share)
    assert new.books["red"]["men_prisoners"] + new.books["red"].get("men_lost", 0) == 300
