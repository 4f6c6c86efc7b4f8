"""Leaders: combat and morale bonuses, wounds and death, and a leader left alone (rules/leaders.py)."""

from dataclasses import replace

import pytest

from game.core.engine import apply
from game.core.hexgrid import from_offset as off
from game.core.orders import Attack, CallWireless, EndPhase, LeaveMap
from game.core.rules import combat, leaders, morale
from tests.builders import dice_where, end_turn, leader, on_call, open_field, unit, with_dice

CORRIDOR = ["~~~~~~~~", "~~~~~~~~", "~~~~~~~~", "........", "~~~~~~~~", "~~~~~~~~"]


def led_game(lead=None, green=None, red=None, **changes):
    lead = lead or leader("bek", "g1", combat=20, morale=10)
    green = green or [unit("g1", (2, 3), men=500), unit("g2", (2, 4), men=500)]
    red = red or [unit("r1", (3, 3), men=500)]
    return open_field(green=green, red=red, green_side={"leaders": [lead]}, **changes)


def wound(state, lid):
    new = state.copy()
    new.leaders[lid] = replace(new.leaders[lid], status="wounded", wounded_turns=state.rules.leaders.wounded_turns)
    return new


def test_a_leader_adds_his_combat_bonus_and_half_of_it_when_wounded():
    state, _ = led_game()
    g1, g2 = state.units["g1"], state.units["g2"]
    bonus = state.leaders["bek"].combat
    assert combat.unit_power(state, g1, "attack") == pytest.approx(combat.unit_power(state, g2, "attack") * (1 + bonus / 100))
    hurt = wound(state, "bek")
    assert combat.unit_power(hurt, g1, "attack") == pytest.approx(combat.unit_power(hurt, g2, "attack") * (1 + bonus / 200))


def test_a_fit_leader_lifts_his_units_morale_every_turn():
    state, _ = led_game(green=[unit("g1", (0, 0), men=500, morale=50), unit("g2", (0, 1), men=500, morale=50)],
                        red=[unit("r1", (7, 5))])
    after, _ = end_turn(state)
    assert after.units["g1"].morale - after.units["g2"].morale == state.rules.morale.leader
    hurt, _ = end_turn(wound(state, "bek"))
    assert hurt.units["g1"].morale == hurt.units["g2"].morale


def test_a_leaders_morale_points_steady_his_unit_in_morale_checks():
    m_rules = led_game()[0].rules.morale
    shaky = m_rules.break_point - 1
    state, _ = led_game(lead=leader("bek", "g1", morale=5),
                        green=[unit("g1", (2, 3), morale=shaky), unit("g2", (2, 4), morale=shaky)])
    assert morale.broken(state, state.units["g2"])
    assert not morale.broken(state, state.units["g1"])
    low = m_rules.surrender_point - 1
    assert not morale.surrenders(state, state.units["g1"].but(morale=low))
    assert morale.surrenders(state, state.units["g2"].but(morale=low))


# -- hit in a fight -----------------------------------------------------------------

def fight_rolls(state, leader_roll, fate_roll):
    """Dice for a fight: the combat roll, then the leader's hit roll, then (if hit) his fate."""
    return with_dice(state, dice_where(lambda r: leader_roll(r[1]) and fate_roll(r[2]), draws=3))


@pytest.mark.parametrize("killed", [True, False])
def test_a_leader_may_be_hit_in_a_fight_his_unit_loses_men_in(killed):
    state, _ = led_game()
    rules = state.rules.leaders
    state = fight_rolls(state, leader_roll=lambda r: r == 0,
                        fate_roll=(lambda r: r < rules.killed_share * 10_000) if killed
                        else (lambda r: r >= rules.killed_share * 10_000))
    new, events = apply(state, Attack(("g1",), off(3, 3)))
    assert events[0].attacker_losses > 0
    (hit,) = [e for e in events if e.kind == "leader_hit"]
    bek = new.leaders["bek"]
    if killed:
        assert hit.fate == "killed" and bek.status == "killed" and bek.unit == ""
        assert combat.leader_factor(new, new.units["g1"]) == 1.0
    else:
        assert hit.fate == "wounded" and bek.status == "wounded" and bek.wounded_turns == rules.wounded_turns
        assert bek.unit == "g1"


def test_the_chance_of_a_hit_follows_the_share_of_men_lost():
    state, _ = led_game()
    m = combat.matchup(state, ("g1",), off(3, 3))
    rules = state.rules.leaders
    for wanted_hit in (True, False):
        def test(r):
            lost_share = combat.share(500, combat.outcome(state, m, r[0]).attacker_rate) / 500
            edge = round(rules.hit_per_loss * lost_share * 10_000)
            return lost_share > 0 and ((r[1] < edge) if wanted_hit else (edge <= r[1] < edge + 50))
        new, events = apply(with_dice(state, dice_where(test, draws=2)), Attack(("g1",), off(3, 3)))
        assert ("leader_hit" in [e.kind for e in events]) == wanted_hit


def test_a_wounded_leader_recovers_after_his_turns():
    state, _ = led_game(green=[unit("g1", (0, 0)), unit("g2", (0, 1))], red=[unit("r1", (7, 5))])
    state = wound(state, "bek")
    turns = state.rules.leaders.wounded_turns
    state = state.copy()
    state.setup = replace(state.setup, total_turns=turns + 2)
    for left in range(turns - 1, -1, -1):
        state, _ = end_turn(state)
        bek = state.leaders["bek"]
        assert bek.wounded_turns == left and bek.status == ("fit" if left == 0 else "wounded")


# -- a leader alone -------------------------------------------------------------------

def trapped(friend_at):
    """Red's led unit trapped at the west end of a corridor, broken: attacked, it surrenders."""
    red = [unit("r1", (0, 3), men=300, morale=0)]
    if friend_at is not None:
        red.append(unit("r_friend", (friend_at, 3), men=100))
    state, _ = open_field(green=[unit("g1", (1, 3), men=1000)], red=red, rows=CORRIDOR,
                          red_side={"leaders": [leader("kombat", "r1", morale=0)]})
    # the leader is not hit in the fight (second roll high)
    return with_dice(state, dice_where(lambda r: r[1] >= 9000, draws=2))


def gone(state, uid):
    """The state after unit `uid` has vanished (cut down to the last man, or deserted)."""
    after = state.copy()
    del after.units[uid]
    return after


def test_a_leader_whose_unit_is_gone_joins_a_friend_nearby():
    rng = trapped(None).rules.leaders.rejoin_range
    before = trapped(rng)
    after = gone(before, "r1")
    events = leaders.rejoin(after, before)
    assert [(e.kind, e.to_unit) for e in events] == [("leader_moved", "r_friend")]
    assert after.leaders["kombat"].unit == "r_friend" and after.leaders["kombat"].status == "fit"


def test_a_leader_alone_with_no_friend_in_reach_is_captured():
    rng = trapped(None).rules.leaders.rejoin_range
    before = trapped(rng + 1)
    after = gone(before, "r1")
    events = leaders.rejoin(after, before)
    assert [(e.kind, e.to_unit) for e in events] == [("leader_moved", "")]
    assert after.leaders["kombat"].status == "captured" and after.leaders["kombat"].unit == ""
    later, events = apply(after, EndPhase("green"))
    assert later.leaders["kombat"].status == "captured" and "leader_moved" not in [e.kind for e in events]


def test_a_leader_is_taken_prisoner_with_the_unit_that_surrenders():
    rng = trapped(None).rules.leaders.rejoin_range
    state = trapped(rng)  # a friend in reach does not save him: he surrenders with his men
    new, events = apply(state, Attack(("g1",), off(0, 3)))
    assert "surrendered" in [e.kind for e in events] and "r1" not in new.units
    assert ("leader_moved", "") in [(e.kind, getattr(e, "to_unit", None)) for e in events]
    assert new.leaders["kombat"].status == "captured"


def test_a_leader_waiting_with_reinforcements_is_not_captured_before_they_come():
    help_from = [on_call("tashkent", [unit("r_help", (7, 3), men=300)], delay=1)]
    state, _ = open_field(green=[unit("g1", (2, 3))], red=[unit("r1", (1, 3), wireless=True)],
                          red_side={"stations": ["tashkent"], "reinforcements": help_from,
                                    "leaders": [leader("kombrig", "r_help")]})
    state, _ = apply(state, EndPhase("green"))
    assert state.leaders["kombrig"].status == "fit" and state.leaders["kombrig"].unit == "r_help"
    state, _ = apply(state, CallWireless("r1", "tashkent"))
    state, _ = end_turn(state)
    assert "r_help" in state.units
    assert state.leaders["kombrig"].status == "fit" and state.leaders["kombrig"].unit == "r_help"
    assert combat.leader_factor(state, state.units["r_help"]) > 1


def test_a_leader_leaves_the_map_with_his_unit():
    state, _ = led_game(green=[unit("g1", (0, 5)), unit("g2", (1, 5))], red=[unit("r1", (7, 0))],
                        victory__exits=[{"side": "green", "at": [[0, 5]]}])
    new, events = apply(state, LeaveMap("g1"))
    assert new.leaders["bek"].status == "left" and "leader_moved" not in [e.kind for e in events]
