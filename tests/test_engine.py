"""The reducer: legality, movement, zones of control, combat, retreat, turns, victory."""

import copy

import pytest
from hypothesis import given, settings, strategies as st

from game.core.digest import state_digest
from game.core.dice import Dice
from game.core.engine import IllegalOrder, apply, legal_orders
from game.core.hexgrid import from_offset as off
from game.core.orders import Attack, EndPhase, Entrench, Move
from game.core.rules import combat, movement
from game.core.ledger import imbalances
from game.core.state import ASSETS
from tests.builders import BASE, game, unit


def end_turn(state):
    for side in state.setup.sides:
        state, _ = apply(state, EndPhase(side))
    return state


def test_apply_leaves_the_given_state_alone():
    state, _ = game(green=[unit("g1", (1, 3))], red=[unit("r1", "town")])
    before = state_digest(state)
    new, events = apply(state, Move("g1", off(2, 3)))
    assert state_digest(state) == before
    assert new.units["g1"].hex == off(2, 3) and state.units["g1"].hex == off(1, 3)
    assert events[0].kind == "unit_moved"


@pytest.mark.parametrize("order, reason", [
    (Move("nobody", off(1, 1)), "no unit"),
    (Move("r1", off(4, 4)), "not green's"),
    (Move("g1", off(7, 5)), "cannot reach"),
    (Attack(("g1",), off(3, 2)), "not next to"),
    (EndPhase("red"), "green's phase"),
])
def test_illegal_orders_are_refused_with_a_reason(order, reason):
    state, _ = game(green=[unit("g1", (1, 3))], red=[unit("r1", "town")])  # the garrison in sight, 2 hexes off
    with pytest.raises(IllegalOrder, match=reason):
        apply(state, order)


def test_farmland_costs_two_and_infantry_has_six_points():
    state, _ = game(green=[unit("g1", (0, 3))], red=[unit("r1", (7, 5))])
    reach = movement.reachable(state, state.units["g1"])
    assert reach[off(3, 3)][0] == 6 and off(4, 3) not in reach


def test_mountains_cost_more_and_water_is_impassable():
    rows = ["MMMMMMMM", "~~~~~~~~", "........", "........", "........", "........"]
    state, _ = game(green=[unit("g1", (2, 2))], red=[unit("r1", (7, 5))], rows=rows,
                    map__places=[], victory__objectives=[], victory__sudden_death=[])
    reach = movement.reachable(state, state.units["g1"])
    assert not any(h in reach for h in (off(c, 1) for c in range(8)))


def test_entering_an_enemy_zone_of_control_ends_the_move():
    state, _ = game(green=[unit("g1", (0, 2), type="cavalry")], red=[unit("r1", (3, 2))], rows=["MMMMMMMM"] + ["." * 8] * 5,
                    map__places=[], victory__objectives=[], victory__sudden_death=[])
    reach = movement.reachable(state, state.units["g1"])  # the enemy is in sight, 3 hexes off
    assert off(2, 2) in reach  # next to the enemy: may enter...
    assert off(4, 2) not in reach and off(3, 2) not in reach  # ...but not pass on or into it
    assert off(4, 4) in reach  # going round, five steps of farmland, is fine


def test_night_halves_movement():
    state, _ = game(green=[unit("g1", (0, 3))], red=[unit("r1", (7, 5))])
    state = end_turn(state)
    assert state.is_night and state.units["g1"].moves_left == 3


def test_entrench_steps_up_posture_and_moving_loses_it():
    state, _ = game(green=[unit("g1", (0, 3))], red=[unit("r1", (7, 5))])
    state, _ = apply(state, Entrench("g1"))
    assert state.units["g1"].posture == "hasty"
    with pytest.raises(IllegalOrder):
        apply(state, Move("g1", off(1, 3)))
    state = end_turn(state)
    state, _ = apply(state, Move("g1", off(1, 3)))
    assert state.units["g1"].posture == "none"


def attack_setup(men_g=1000, men_r=200, **extra):
    return game(green=[unit("g1", (1, 3), men=men_g)], red=[unit("r1", (2, 3), men=men_r, **extra)],
                map__places=[], victory__objectives=[], victory__sudden_death=[])


def test_combat_losses_are_the_forecast_outcome_for_the_drawn_roll():
    state, _ = attack_setup()
    roll = Dice(state.dice.state).roll()
    m = combat.matchup(state, ("g1",), off(2, 3))
    expected = combat.outcome(state, m, roll)
    new, events = apply(state, Attack(("g1",), off(2, 3)))
    fight = events[0]
    assert fight.roll == roll
    assert fight.attacker_losses == combat.share(1000, expected.attacker_rate)
    assert fight.defender_losses == combat.share(200, expected.defender_rate)
    assert new.units["g1"].men == 1000 - fight.attacker_losses


def test_losses_are_a_share_of_men_not_all_or_nothing():
    state, _ = attack_setup(men_g=1000, men_r=1000)
    f = combat.forecast(state, ("g1",), off(2, 3))
    for o in f.outcomes:
        assert 0 < o.defender_rate < 1 and 0 < o.attacker_rate < 1


def test_better_odds_mean_more_defender_losses_and_more_retreats():
    weak, _ = attack_setup(men_g=300, men_r=300)
    strong, _ = attack_setup(men_g=3000, men_r=300)
    fw = combat.forecast(weak, ("g1",), off(2, 3))
    fs = combat.forecast(strong, ("g1",), off(2, 3))
    assert fs.odds > fw.odds
    assert fs.expected_defender_losses > fw.expected_defender_losses
    assert fs.retreat_chance >= fw.retreat_chance and fs.retreat_chance > 0


def test_posture_and_terrain_multiply_the_defence():
    open_field, _ = attack_setup()
    dug_in, _ = attack_setup(posture="entrenched")
    a = combat.matchup(open_field, ("g1",), off(2, 3)).defender_power
    b = combat.matchup(dug_in, ("g1",), off(2, 3)).defender_power
    assert b == pytest.approx(a * 1.5)


def test_no_ammunition_cuts_fire_power():
    state, _ = attack_setup(ammunition=0)
    unit_r = state.units["r1"]
    assert combat.fire_power(state, unit_r) == pytest.approx(200 * 0.3)


def test_a_beaten_defender_falls_back_away_from_the_attacker():
    state, _ = attack_setup(men_g=5000, men_r=100)
    new, events = apply(state, Attack(("g1",), off(2, 3)))
    fight = events[0]
    assert fight.retreat
    retreat = next(e for e in events if e.kind == "retreated")
    assert retreat.unit == "r1"
    from game.core.hexgrid import distance
    assert distance(new.units["r1"].hex, off(1, 3)) == 2


def test_taking_the_town_is_a_sudden_death_victory():
    state, _ = game(green=[unit("g1", (2, 2), men=3000)], red=[unit("r1", "town", men=50, ammunition=0)])
    for _ in range(6):
        if state.over:
            break
        try:
            state, events = apply(state, Attack(("g1",), off(3, 2)))
        except IllegalOrder:
            state = end_turn(state)
    assert state.over and state.winner == "green"


def test_the_game_ends_on_points_after_the_last_turn():
    state, _ = game(green=[unit("g1", (0, 5))], red=[unit("r1", "town")])
    turns = state.setup.total_turns
    assert turns == 6  # 8 to 10 February, two turns a day
    for _ in range(turns):
        state = end_turn(state)
    assert state.over and state.winner == "red" and state.end_reason.startswith("points")


def test_dated_reinforcements_arrive_on_their_turn():
    rein = [{"date": "1922-02-09", "part": "night", "units": [unit("r2", (7, 4), men=500)]}]
    sides = copy.deepcopy(BASE["sides"])
    sides[0]["units"] = [unit("g1", (0, 5))]
    sides[1]["units"] = [unit("r1", "town")]
    sides[1]["reinforcements"] = rein
    state, _ = game(sides=sides)
    assert "r2" not in state.units
    for _ in range(3):
        state = end_turn(state)
    assert state.turn == 3 and state.units["r2"].men == 500
    assert state.books["red"]["men_arrived"] == 500


def books_balance(state):
    assert not imbalances(state)
    for unit in state.units.values():
        assert all(getattr(unit, asset) >= 0 for asset in ASSETS), unit


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32), st.lists(st.integers(0, 10_000), min_size=5, max_size=60))
def test_any_sequence_of_legal_orders_applies_and_keeps_the_books(seed, picks):
    state, _ = game(green=[unit("g1", (1, 3), men=800), unit("g2", (0, 4), type="cavalry")],
                    red=[unit("r1", "town", men=600), unit("r2", (5, 4), men=300)], seed=seed)
    for pick in picks:
        if state.over:
            break
        orders = legal_orders(state, state.side)
        assert orders and isinstance(orders[-1], EndPhase)
        state, _ = apply(state, orders[pick % len(orders)])
        books_balance(state)


def test_legal_orders_are_empty_for_the_side_not_moving():
    state, _ = game(green=[unit("g1", (0, 3))], red=[unit("r1", "town")])
    assert legal_orders(state, "red") == []


def test_a_move_may_pass_through_a_full_stack_it_may_not_stop_in():
    limit = 6
    crowd = [unit(f"g{i}", (2, 3), men=10) for i in range(limit)]
    rows = ["~~~~~~~~", "~~~~~~~~", "~~~~~~~~", "........", "~~~~~~~~", "~~~~~~~~"]
    state, _ = game(green=crowd + [unit("walker", (1, 3), type="cavalry")], red=[unit("r1", (7, 3))],
                    rows=rows, map__places=[], victory__objectives=[], victory__sudden_death=[])
    assert state.rules.movement.stack_limit == limit
    reach = movement.reachable(state, state.units["walker"])
    assert off(2, 3) not in reach and off(3, 3) in reach  # the only way east is through the crowd
    new, _ = apply(state, Move("walker", off(3, 3)))
    assert new.units["walker"].hex == off(3, 3)


def test_points_are_earned_line_by_line_and_each_side_may_score_losses_at_its_own_rate():
    from game.core.rules import victory

    state, _ = game(green=[unit("g1", (0, 5))], red=[unit("r1", "town")],
                    victory__points_per_100_enemy_losses={"green": 5, "red": 2})
    state.books["red"]["men_lost"] = 250  # 250 red men killed
    state.books["green"]["men_prisoners"] = 120  # 120 green men taken
    lines = victory.breakdown(state)
    assert [(l.side, l.points) for l in lines] == [("red", 10), ("green", 10), ("red", 2)]  # town; 2 x 5; 1 x 2
    assert "250 enemy men" in lines[1].what
    assert victory.points(state) == {"green": 10, "red": 12}


def test_a_small_action_counts_losses_by_full_tens():
    """victory.losses_counted_by: 10: each full ten men scores a tenth of the rate, rounded down."""
    from game.core.rules import victory

    state, _ = game(green=[unit("g1", (0, 5))], red=[unit("r1", "town")],
                    victory__points_per_100_enemy_losses={"green": 20, "red": 10}, victory__losses_counted_by=10)
    state.books["red"]["men_lost"] = 74  # 7 full tens x 20 / 10 = 14
    state.books["green"]["men_lost"] = 39  # 3 full tens x 10 / 10 = 3
    scored = {l.side: l.points for l in victory.breakdown(state) if "enemy men" in l.what}
    assert scored == {"green": 14, "red": 3}
    by_hundreds, _ = game(green=[unit("g1", (0, 5))], red=[unit("r1", "town")],
                          victory__points_per_100_enemy_losses={"green": 20, "red": 10})
    by_hundreds.books["red"]["men_lost"] = 74
    assert not [l for l in victory.breakdown(by_hundreds) if "enemy men" in l.what]  # under a full 100: nothing


def test_legal_orders_list_every_group_that_may_attack_and_only_those():
    """Three units next to an enemy hex: the seven groups of them may attack it, and each is listed."""
    from itertools import combinations

    from game.core.engine import check
    from game.core.hexgrid import distance

    state, _ = game(green=[unit("g1", (2, 2)), unit("g2", (2, 3)), unit("g3", (3, 3))],
                    red=[unit("r1", "town", men=900)])
    town = off(3, 2)
    near = tuple(uid for uid in ("g1", "g2", "g3") if distance(state.units[uid].hex, town) == 1)
    assert len(near) == 3
    listed = {o for o in legal_orders(state, "green") if isinstance(o, Attack) and o.target == town}
    wanted = {Attack(group, town) for size in range(1, len(near) + 1) for group in combinations(near, size)}
    assert listed == wanted
    for order in listed:
        check(state, order)  # every one of them the engine accepts


def test_a_units_routes_kept_while_the_units_stand_are_the_routes_searched_afresh():
    """`movement.routes` is worked out once while the units stand as they are and carried into the next state while
    none changes: through a whole game (moves, fights, night, weather), asked of every unit after every order,
    it is what a fresh search finds."""
    from game.ai.players import make_player
    from game.ai.view import ask
    from game.scenario.validate import load_scenario, start_setup
    from game.core.setup import new_game

    loaded = load_scenario("scenarios/dushanbe_1922.yaml")
    setup = start_setup(loaded, None)
    players = {side: make_player("normal", side, 6) for side in setup.sides}
    state, _ = new_game(setup, 6)
    kept = 0
    while not state.over and state.turn < 12:
        for u in state.units.in_order():
            if ("routes", u, state.is_night, state.weather) in state.units._memo:
                kept += 1
            assert movement.routes(state, u) == movement.search_routes(state, u), (state.turn, u.id)
        state, _ = apply(state, ask(players[state.side], state))
    assert kept > 100  # routes were carried from state to state, and each was right


def test_the_map_tables_worked_out_hex_by_hex_are_the_whole_tables():
    """The step tables are worked out a hex at a time when first asked (`board.ByHex`): for every hex of the main map
    and every mover, the steps into it are the steps out of its neighbours turned round, in board order, and a
    hex off the map has none."""
    from game.scenario.validate import load_scenario, start_setup
    from game.core.setup import new_game

    loaded = load_scenario("scenarios/dushanbe_1922.yaml")
    state, _ = new_game(start_setup(loaded, None), 1)
    for mover in ("foot", "horse", "wheeled"):
        out, into = movement.step_graph(state, mover), movement.steps_into(state, mover)
        turned: dict = {}
        for here in state.board.hexes:  # the whole table, turned round as a search backwards needs it
            for nxt, step in out[here]:
                turned.setdefault(nxt, []).append((here, step))
        assert all(tuple(turned.get(h, ())) == into[h] for h in reversed(state.board.hexes)), mover
    outside = next(h for h in (off(-1, -1), off(-5, 0)) if not state.board.on_map(h))
    assert movement.step_graph(state, "foot")[outside] == () == movement.steps_into(state, "foot").get(outside, ())


def test_a_unit_can_move_exactly_when_the_search_finds_somewhere_to_go():
    """`movement.can_move` answers from the neighbours when it can: through a game it agrees with the whole search
    for every unit after every order."""
    from game.ai.players import make_player
    from game.ai.view import ask
    from game.core.setup import new_game
    from game.scenario.validate import load_scenario, start_setup

    setup = start_setup(load_scenario("scenarios/dushanbe_1922.yaml"), None)
    players = {side: make_player("normal", side, 8) for side in setup.sides}
    state, _ = new_game(setup, 8)
    answers = set()
    while not state.over and state.turn < 10:
        for u in state.units.in_order():
            answer = movement.can_move(state, u)
            assert answer == (len(movement.reachable(state, u)) > 1), (state.turn, u.id)
            answers.add(answer)
        state, _ = apply(state, ask(players[state.side], state))
    assert answers == {True, False}
