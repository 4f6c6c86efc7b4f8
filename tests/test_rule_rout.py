"""Rout: a broken defender who gives way leaves weapons and stragglers behind; the victors pick them up
(rules/rout.py, rules/battle.py)."""

import math

from game.core.rules import combat
from tests.builders import open_field, unit
from tests.test_rule_morale import TARGET, fought



def rout_fight(red_morale: int):
    state, _ = open_field(green=[unit("g1", (2, 3), men=300, rifles=100)],
                          red=[unit("r1", (3, 3), men=1000, rifles=900, machine_guns=9, morale=red_morale)])
    return fought(state, ("g1",), TARGET, lambda o: o.attacker_rate > o.defender_rate and combat.share(1000, o.defender_rate) > 0)


def test_a_broken_defender_drops_its_share_of_weapons_and_stragglers_to_the_victors():
    before, after, events = rout_fight(red_morale=0)
    m = before.rules.morale
    men_after_fight = 1000 - events[0].defender_losses
    rifles_after_fight = round(900 * men_after_fight / 1000)
    stragglers = math.floor(men_after_fight * m.rout_stragglers + 0.5)
    routed = after.units["r1"]
    assert routed.hex != TARGET and routed.men == men_after_fight - stragglers
    guns_left = math.floor(9 * m.rout_abandon + 0.5)  # a gun is left behind or it is not: to the nearest whole
    assert guns_left >= 1 and routed.machine_guns <= 9 - guns_left
    green = after.units["g1"]
    taken = [e for e in events if e.kind == "captured" and e.side == "green"]
    assert taken and sum(e.rifles for e in taken) >= math.floor(rifles_after_fight * m.rout_abandon + 0.5)
    assert green.rifles > before.units["g1"].rifles and green.machine_guns >= guns_left
    # every rifle is accounted for: on the red unit, lost in the fight or the rout, or in green hands
    assert after.books["red"]["rifles_lost"] == 900 - routed.rifles
    assert after.books["red"]["men_lost"] == 1000 - routed.men


def test_a_steady_defender_that_holds_drops_nothing():
    before, after, events = rout_fight(red_morale=90)
    assert after.units["r1"].hex == TARGET
    assert after.units["r1"].machine_guns == 9 and not any(e.kind == "captured" and e.side == "green" for e in events)


def test_when_two_broken_defenders_rout_in_one_fight_the_victor_keeps_everything_both_dropped():
    """Each hand-over reads the receiving unit as it is now: the second must not overwrite the first."""
    state, _ = open_field(green=[unit("g1", (2, 3), men=400, rifles=100)],
                          red=[unit("r1", (3, 3), men=500, rifles=450, machine_guns=5, morale=0),
                               unit("r2", (3, 3), men=500, rifles=450, machine_guns=5, morale=0)])
    before, after, events = fought(state, ("g1",), TARGET, lambda o: o.attacker_rate > o.defender_rate)
    taken = [e for e in events if e.kind == "captured" and e.side == "green"]
    assert len(taken) >= 2, "both routed units should drop weapons to the victor"
    lost = after.books["green"]
    for gear in ("rifles", "machine_guns"):
        gained = getattr(after.units["g1"], gear) - getattr(before.units["g1"], gear) + lost.get(f"{gear}_lost", 0)
        assert gained == sum(getattr(e, gear) for e in taken) > 0, gear
