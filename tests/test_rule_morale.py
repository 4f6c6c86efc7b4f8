"""Morale: losses, defeats and isolation lower it; victories, rest, supply and leaders lift it; when it is low
a unit falls back, routs or surrenders (rules/morale.py, rules/battle.py)."""

from game.core.engine import apply
from game.core.hexgrid import from_offset as off
from game.core.orders import Attack, EndPhase, Move
from game.core.rules import combat, morale
from game.core.rules.battle import defenders_fall_back
from game.core.rules.fight import Fight
from tests.builders import changed, dice_where, end_turn, game, leader, open_field, place, unit, with_dice

TARGET = off(3, 3)
CORRIDOR = ["~~~~~~~~", "~~~~~~~~", "~~~~~~~~", "........", "~~~~~~~~", "~~~~~~~~"]


def fought(state, attackers, target, test):
    """Apply an attack with a roll that passes `test(outcome)`."""
    m = combat.matchup(state, attackers, target)
    state = with_dice(state, dice_where(lambda r: test(combat.outcome(state, m, r[0]))))
    return state, *apply(state, Attack(attackers, target))


def test_losses_and_defeat_lower_morale_and_victory_lifts_it():
    state, _ = open_field(green=[unit("g1", (2, 3), men=1000, morale=60)], red=[unit("r1", (3, 3), men=1000, morale=60)])
    before, after, events = fought(state, ("g1",), TARGET, lambda o: o.defender_rate > o.attacker_rate and not o.retreat)
    fight = events[0]
    assert fight.winner == "green"
    for uid, lost, won in (("g1", fight.attacker_losses, True), ("r1", fight.defender_losses, False)):
        assert after.units[uid].morale == morale.morale_after_fight(state, 60, lost / 1000, won)
    assert after.units["r1"].morale < 60 < after.units["g1"].morale + 10  # the loser falls, the winner holds up


def test_the_rulebook_examples_of_morale_after_a_fight():
    """rules.yaml: 10 morale lost per 10% of the men lost in one fight, 5 gained by the winner, 8 lost by the
    loser, never below 0."""
    state, _ = open_field(green=[unit("g1", (2, 3))], red=[unit("r1", (3, 3))])
    assert morale.morale_after_fight(state, 60, 0.15, won=True) == 60 - 15 + 5
    assert morale.morale_after_fight(state, 60, 0.30, won=False) == 60 - 30 - 8
    assert morale.morale_after_fight(state, 60, 0.0, won=True) == 65
    assert morale.morale_after_fight(state, 5, 0.50, won=False) == 0


def test_rest_supply_and_a_leader_lift_morale_and_being_cut_off_lowers_it():
    depot = place("depot", (0, 3), kind="depot", rear=True, supply_source=["red"], held_by="red")
    red = [unit("r_rest", (0, 3), morale=50), unit("r_led", (1, 3), morale=50), unit("r_march", (1, 4), morale=50),
           unit("r_away", (7, 0), morale=50, food=10_000)]
    state, _ = game(green=[unit("g1", (7, 5), food=10_000)], red=red, map__places=[depot],
                    victory__objectives=[], victory__sudden_death=[],
                    red_side={"leaders": [leader("kombat", "r_led")]})
    m = state.rules.morale
    state, _ = apply(state, EndPhase("green"))
    state, _ = apply(state, Move("r_march", off(2, 4)))
    state, _ = end_turn(state)
    assert state.units["r_rest"].morale == 50 + m.rest + m.supplied
    assert state.units["r_led"].morale == 50 + m.rest + m.supplied + m.leader
    assert state.units["r_march"].morale == 50 + m.supplied
    assert state.units["r_away"].morale == 50 + m.rest  # cut off, but a day's isolation tells at the end of the day
    state, _ = apply(state, EndPhase("green"))
    state, _ = end_turn(state)  # the night turn: a full day cut off, so no rest, and the day's loss
    assert state.units["r_away"].morale == 50 + m.rest + m.cut_off_per_day


def test_morale_stays_between_0_and_100():
    state, _ = open_field(green=[unit("g1", (0, 0), morale=100)], red=[unit("r1", (7, 5), morale=0, food=0)])
    state = changed(state, "r1", turns_cut_off=state.turns_for_days(10))  # long cut off: no rest, only the loss
    state, _ = end_turn(state)
    assert 0 <= state.units["g1"].morale <= 100 and state.units["r1"].morale == 0


def test_rest_does_not_lift_morale_past_the_recovery_cap():
    state, _ = open_field(green=[unit("g1", (0, 0), morale=60)], red=[unit("r1", (7, 5))],
                          map__places=[{"id": "home", "name": "Home", "at": [0, 0], "supply_source": ["green"],
                                        "rear": True, "held_by": "green"}])
    cap = state.rules.morale.recovery_cap
    for _ in range(20):
        state, _ = end_turn(state)
    assert state.units["g1"].supplied and state.units["g1"].morale == cap


# -- low morale: retreat, surrender, cut down ----------------------------------------------------

def test_a_broken_defender_falls_back_even_from_a_fight_it_did_not_lose():
    m = open_field()[0].rules.morale
    state, _ = open_field(green=[unit("g1", (2, 3), men=300)], red=[unit("r1", (3, 3), men=1000, morale=0)])
    before, after, events = fought(state, ("g1",), TARGET,
                                   lambda o: o.attacker_rate > o.defender_rate and combat.share(1000, o.defender_rate) > 0)
    assert not events[0].retreat
    assert morale.broken(before, before.units["r1"]) and not morale.surrenders(before, before.units["r1"].but(morale=m.surrender_point))
    assert "retreated" in [e.kind for e in events] and after.units["r1"].hex != TARGET
    assert events[0].winner == "green"  # the ground is given up: the attacker has won


def test_a_steady_defender_holds_its_ground_after_the_same_fight():
    state, _ = open_field(green=[unit("g1", (2, 3), men=300)], red=[unit("r1", (3, 3), men=1000, morale=90)])
    _, after, events = fought(state, ("g1",), TARGET,
                              lambda o: o.attacker_rate > o.defender_rate and combat.share(1000, o.defender_rate) > 0)
    assert "retreated" not in [e.kind for e in events] and after.units["r1"].hex == TARGET
    assert events[0].winner == "red"


def test_a_broken_unit_with_nowhere_to_go_surrenders_and_its_men_are_prisoners():
    state, _ = open_field(green=[unit("g1", (1, 3), men=1000)], red=[unit("r1", (0, 3), men=300, morale=0)], rows=CORRIDOR)
    new, events = apply(state, Attack(("g1",), off(0, 3)))
    (gave_up,) = [e for e in events if e.kind == "surrendered"]
    fight = events[0]
    assert gave_up.men == 300 - fight.defender_losses and "r1" not in new.units
    assert new.books["red"]["men_prisoners"] == gave_up.men
    assert new.over and new.winner == "green"


def test_a_beaten_unit_with_nowhere_to_go_and_morale_left_is_cut_down():
    state, _ = open_field(green=[unit("g1", (1, 3), men=3000)], red=[unit("r1", (0, 3), men=300, morale=100)],
                          rows=CORRIDOR)
    _, after, events = fought(state, ("g1",), off(0, 3), lambda o: o.retreat)
    cut = [e for e in events if e.kind == "cut_down"]
    assert cut and "surrendered" not in [e.kind for e in events]
    men_after_fight = 300 - events[0].defender_losses
    assert cut[0].men == int(men_after_fight * state.rules.combat.retreat_loss)
    assert after.units["r1"].men == men_after_fight - cut[0].men and after.units["r1"].hex == off(0, 3)


def test_surrender_needs_both_broken_morale_and_no_way_out():
    state, _ = open_field(green=[unit("g1", (1, 3), men=1000)], red=[unit("r1", (0, 3), men=300, morale=0)])
    new, events = apply(state, Attack(("g1",), off(0, 3)))  # open ground: it can run
    assert "surrendered" not in [e.kind for e in events] and "retreated" in [e.kind for e in events]


def test_the_fall_back_rule_leaves_a_steady_unbeaten_defender_alone():
    state, _ = open_field(green=[unit("g1", (2, 3))], red=[unit("r1", (3, 3), morale=80)])
    f = Fight(("g1",), ("r1",), "green", "red", TARGET, {off(2, 3)}, lost_share={"r1": 0.1})
    assert defenders_fall_back(state, f, beaten=False) == [] and not f.loser_fell_back
