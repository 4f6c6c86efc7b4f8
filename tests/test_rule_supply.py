"""Supply: lines to the rear, stocks, and what being cut off does (rules/supply.py)."""

import math

import pytest

from game.core.engine import apply
from game.core.hexgrid import distance, from_offset as off
from game.core.orders import Attack, EndPhase, Move
from game.core.rules import combat, movement, supply
from tests.builders import changed, end_turn, game, open_field, place, unit

FIELD = ["........"] * 6
CORRIDOR = ["~~~~~~~~", "~~~~~~~~", "~~~~~~~~", "........", "~~~~~~~~", "~~~~~~~~"]
DEPOT = off(0, 3)


def supplied_game(green=(), red=(), rows=FIELD, depot_at=(0, 3), tracks=(), places=(), **changes):
    """Red's rear depot (a road off the map) at `depot_at`; nothing to win."""
    depot = place("depot", depot_at, kind="depot", supply_source=["red"], rear=True, held_by="red")
    return game(green, red, rows=rows, map__places=[depot, *places], map__tracks=list(tracks),
                victory__objectives=[], victory__sudden_death=[], **changes)


def eaten(state, u) -> int:
    return math.ceil(u.men * state.rules.supply.rations_per_man_day / state.setup.turns_per_day)


# -- the line ------------------------------------------------------------------------

def test_a_line_runs_a_limited_number_of_supply_points_from_a_rear_source():
    state, _ = supplied_game(green=[unit("g1", (7, 0))], red=[unit("r1", (0, 3))])
    rules = state.rules.supply
    hexes = rules.path_cost // rules.open_cost  # farmland everywhere
    net = supply.network(state, "red")
    assert set(net) == {h for h in state.board.hexes if distance(h, DEPOT) <= hexes}
    assert set(net.values()) == {"full"}


def test_trace_costs_come_from_the_rules():
    rows = ["........", "hhhhhhhh", "........", "........", "~~~~~~~~", "........"]
    state, _ = supplied_game(rows=rows, tracks=[{"name": "road", "hexes": [[0, 0], [7, 0]]}],
                             green=[unit("g1", (7, 5))], red=[unit("r1", (0, 3))])
    rules, cost = state.rules.supply, supply.trace_cost(state)
    assert cost(off(0, 2), off(1, 2)) == rules.open_cost
    assert cost(off(0, 2), off(0, 1)) == rules.rough_cost
    assert cost(off(0, 3), off(0, 4)) is None  # water
    assert cost(off(0, 0), off(1, 0)) == rules.track_cost
    assert cost(off(1, 0), off(0, 0)) == rules.track_cost  # a track runs both ways


def test_tracks_carry_supply_any_distance():
    road = {"name": "road", "hexes": [[0, 3], [7, 3]]}
    state, _ = supplied_game(tracks=[road], green=[unit("g1", (7, 0))], red=[unit("r1", (0, 3))])
    bare, _ = supplied_game(green=[unit("g1", (7, 0))], red=[unit("r1", (0, 3))])
    rules = state.rules.supply
    far_end = off(7, 3)
    assert distance(far_end, DEPOT) * rules.open_cost > rules.path_cost
    assert far_end not in supply.network(bare, "red")  # too far across country...
    assert all(off(col, 3) in supply.network(state, "red") for col in range(8))  # ...but not along the road
    beyond = off(7, 5)  # and from the road's end the line runs on across country
    assert distance(beyond, far_end) * rules.open_cost <= rules.path_cost and beyond in supply.network(state, "red")


ROAD = {"name": "road", "hexes": [[0, 3], [7, 3]]}


def test_an_enemy_unit_and_its_zone_of_control_cut_the_line():
    state, _ = supplied_game(rows=CORRIDOR, tracks=[ROAD], green=[unit("g1", (5, 3))],
                             red=[unit("r1", (0, 3)), unit("r_far", (7, 3))])
    net = supply.network(state, "red")
    assert off(3, 3) in net
    assert off(4, 3) not in net  # the enemy's zone
    assert off(5, 3) not in net and off(7, 3) not in net  # the enemy itself, and beyond
    state, events = end_turn(state)
    assert ("cut_off", "r_far") in [(e.kind, getattr(e, "unit", "")) for e in events]
    assert not state.units["r_far"].supplied and state.units["r_far"].turns_cut_off == 1
    assert state.units["r1"].supplied and state.units["r1"].turns_cut_off == 0


def test_the_trace_shows_the_open_line_and_for_a_cut_one_the_hexes_that_block_it():
    """Along the corridor: r1 traces from the depot hex by hex; r_far, beyond Green's band, has no line: its way
    would run along the road, blocked at the band's zone and the band's own hex; a unit past the corridor with
    no road is cut off by distance alone."""
    state, _ = supplied_game(rows=CORRIDOR, tracks=[ROAD], green=[unit("g1", (5, 3))],
                             red=[unit("r1", (2, 3)), unit("r_far", (7, 3))])
    near = supply.trace(state, "red", off(2, 3))
    assert near.line == "full" and near.source == "depot" and near.path == tuple(off(c, 3) for c in range(3))
    assert near.blocked == () and not near.too_far
    cut = supply.trace(state, "red", off(7, 3))
    assert cut.line == "" and cut.path == tuple(off(c, 3) for c in range(8))
    assert cut.blocked == (off(4, 3), off(5, 3), off(6, 3)) and not cut.too_far
    assert all(h not in supply.network(state, "red") for h in cut.blocked)
    bare, _ = supplied_game(green=[unit("g1", (7, 0))], red=[unit("r1", (0, 3)), unit("r_far", (7, 3))])
    far = supply.trace(bare, "red", off(7, 3))
    assert far.line == "" and far.blocked == () and far.too_far


def test_a_friendly_unit_standing_in_the_enemy_zone_keeps_the_line_open_through_it():
    state, _ = supplied_game(rows=CORRIDOR, tracks=[ROAD], green=[unit("g1", (5, 3))],
                             red=[unit("r1", (0, 3)), unit("r_post", (4, 3))])
    net = supply.network(state, "red")
    assert off(4, 3) in net and off(5, 3) not in net and off(6, 3) not in net


def test_a_hidden_enemy_blocks_its_own_hex_but_exerts_no_zone_of_control():
    rows = ["~~~~~~~~", "~~~~~~~~", "~~~~~~~~", ".....o..", "~~~~~~~~", "~~~~~~~~"]
    state, _ = supplied_game(rows=rows, tracks=[ROAD], green=[unit("g1", (5, 3), hidden=True)],
                             red=[unit("r1", (0, 3))])
    net = supply.network(state, "red")
    assert off(4, 3) in net and off(5, 3) not in net and off(6, 3) not in net
    seen = changed(state, "g1", hidden=False)
    assert off(4, 3) not in supply.network(seen, "red")


# -- food, ammunition and stocks -----------------------------------------------------------

def test_supplied_units_are_filled_up_and_cut_off_units_only_eat():
    red = [unit("r1", (0, 3), men=100, rifles=100, machine_guns=1, ammunition=10, food=300),
           unit("r_far", (7, 3), men=100, rifles=100, machine_guns=1, ammunition=10, food=300)]
    state, _ = supplied_game(rows=CORRIDOR, tracks=[ROAD], green=[unit("g1", (5, 3))], red=red)
    before = state
    state, _ = end_turn(state)
    load = supply.basic_load(state, state.units["r1"])
    assert load["ammunition"] > 10
    r1, far = state.units["r1"], state.units["r_far"]
    # deliveries come first, then the men eat
    assert r1.ammunition == load["ammunition"] and r1.food == max(300, load["food"]) - eaten(before, before.units["r1"])
    assert far.ammunition == 10 and far.food == 300 - eaten(before, before.units["r_far"])


def test_combat_uses_ammunition_and_an_empty_unit_fights_weaker():
    green = [unit("g1", (2, 3), men=300, rifles=200, machine_guns=1, ammunition=5000)]
    state, _ = open_field(green=green, red=[unit("r1", (3, 3), men=300, ammunition=50)])
    rules = state.rules.combat
    g1 = state.units["g1"]
    new, events = apply(state, Attack(("g1",), off(3, 3)))
    taken = {side: sum(e.ammunition for e in events if e.kind == "captured" and e.side == side) for side in ("green", "red")}
    spent = 5000 - (200 * rules.rounds_per_rifle + 1 * rules.rounds_per_machine_gun)
    after = new.units["g1"]
    # the survivors carry what was left after firing, in proportion to the men left, and what they took
    assert after.ammunition == (2 * spent * after.men + g1.men) // (2 * g1.men) + taken["green"]
    assert new.units["r1"].ammunition == taken["red"]  # it fired its last 50 rounds: never below nothing
    empty = new.units["r1"].but(ammunition=0)
    assert combat.fire_power(new, empty) < combat.fire_power(new, empty.but(ammunition=1))
    riflemen = min(empty.men, empty.rifles)
    melee = new.rules.unit_types[empty.type].melee * (empty.men - riflemen)
    assert combat.fire_power(new, empty) == pytest.approx(riflemen * rules.rifle * rules.out_of_ammunition + melee)


def test_a_unit_with_no_ammunition_can_still_attack_with_the_bayonet():
    state, _ = open_field(green=[unit("g1", (2, 3), men=300, ammunition=0)], red=[unit("r1", (3, 3), men=100)])
    assert combat.fire_power(state, state.units["g1"]) > 0
    new, events = apply(state, Attack(("g1",), off(3, 3)))
    assert events[0].kind == "combat" and new.units["g1"].ammunition == 0


def test_cut_off_units_draw_on_the_stocks_of_a_town_their_side_holds():
    town = place("fort", (3, 3), kind="town", held_by="red", stocks={"food": 100_000, "ammunition": 1_000_000})
    red = [unit("r_in", (3, 3), men=100, ammunition=0, food=0), unit("r_next", (4, 3), men=100, ammunition=0, food=0),
           unit("r_away", (6, 3), men=100, ammunition=0, food=0)]
    state, _ = open_field(green=[unit("g1", (0, 0), food=10_000)], red=red, rows=FIELD, map__places=[town])
    state, _ = end_turn(state)
    load = supply.basic_load(state, state.units["r_in"])
    for uid in ("r_in", "r_next"):
        assert not state.units[uid].supplied
        assert (state.units[uid].food, state.units[uid].ammunition) == (load["food"] - eaten(state, state.units[uid]),
                                                                       load["ammunition"])
    assert (state.units["r_away"].food, state.units["r_away"].ammunition) == (0, 0)
    stocks = state.stocks["fort"]
    assert stocks == {"food": 100_000 - 2 * load["food"], "ammunition": 1_000_000 - 2 * load["ammunition"]}


def test_stocks_run_out_but_never_below_nothing_and_the_enemy_cannot_use_them():
    town = place("fort", (3, 3), kind="town", held_by="red", stocks={"food": 50, "ammunition": 70})
    red = [unit("r_in", (3, 3), men=100, ammunition=0, food=0)]
    state, _ = open_field(green=[unit("g_next", (4, 3), men=100, ammunition=0, food=0)], red=red, map__places=[town])
    state, _ = end_turn(state)
    assert state.stocks["fort"] == {"food": 0, "ammunition": 0}
    assert eaten(state, state.units["r_in"]) == 50  # the 50 rations drawn are eaten at once
    assert (state.units["r_in"].food, state.units["r_in"].ammunition) == (0, 70)
    assert (state.units["g_next"].food, state.units["g_next"].ammunition) == (0, 0)


def test_villages_loyal_enough_feed_a_side_but_give_no_ammunition():
    rules_state, _ = open_field(green=[unit("g1", (0, 0))], red=[unit("r1", (7, 5))])
    line = rules_state.rules.supply.forage_support
    loyal = place("kishlak", (2, 2), support={"green": line, "red": 0})
    cool = place("kishlak", (2, 2), support={"green": line - 1, "red": 0})
    band = [unit("g1", (2, 2), men=100, ammunition=5, food=0)]
    state, _ = open_field(green=band, red=[unit("r1", (7, 5), food=10_000)], map__places=[loyal])
    net = supply.network(state, "green")
    assert net[off(2, 2)] == "forage" and "full" not in net.values()
    state, _ = end_turn(state)
    g1 = state.units["g1"]
    assert g1.food == supply.basic_load(state, g1)["food"] - eaten(state, g1) and g1.ammunition == 5
    assert not g1.supplied and g1.turns_cut_off == 1  # fed, but still cut off from the rear
    state, _ = open_field(green=band, red=[unit("r1", (7, 5), food=10_000)], map__places=[cool])
    assert supply.network(state, "green") == {}
    state, events = end_turn(state)
    assert state.units["g1"].food == 0 and ("attrition", "g1") in [(e.kind, getattr(e, "unit", "")) for e in events]


def test_network_gives_each_sides_lines_separately():
    band_village = place("kishlak", (6, 0), support={"green": 100})
    state, _ = supplied_game(green=[unit("g1", (7, 0))], red=[unit("r1", (0, 3))], places=[band_village])
    red, green = supply.network(state, "red"), supply.network(state, "green")
    assert DEPOT in red and DEPOT not in green
    assert off(6, 0) in green and off(6, 0) not in red
    assert set(red.values()) == {"full"} and set(green.values()) == {"forage"}


# -- days cut off ---------------------------------------------------------------------------

def test_the_effects_of_being_cut_off_grow_with_the_days():
    rules_state, _ = open_field()
    s = rules_state.rules.supply
    days = s.attrition_days + 1
    end = f"1922-02-{8 + days:02d}"
    state, _ = open_field(green=[unit("g1", (7, 0), food=100_000)],
                          red=[unit("r1", (0, 5), men=1000, food=100_000, morale=50)],
                          calendar__end_date=end)
    no_recovery_turns = state.turns_for_days(s.no_recovery_days)
    rest, cut = state.rules.morale.rest, state.rules.morale.cut_off_per_day
    seen_attrition = False
    for turn in range(1, state.turns_for_days(days) + 1):
        before = state.units["r1"]
        state, events = end_turn(state)
        r1 = state.units["r1"]
        cut_days = turn // state.setup.turns_per_day
        assert r1.turns_cut_off == turn and supply.days_cut_off(state, r1) == cut_days
        assert supply.combat_factor(state, r1, "attack") == (s.weak_attack if cut_days >= s.weak_attack_days else 1.0)
        assert supply.combat_factor(state, r1, "defence") == (s.weak_defence if cut_days >= s.weak_defence_days else 1.0)
        fresh = movement.movement_allowance(state, r1.but(turns_cut_off=0))
        assert (r1.moves_left < fresh) == (cut_days >= s.weak_defence_days)
        worn = [e for e in events if e.kind == "attrition" and e.unit == "r1"]
        if cut_days >= s.attrition_days:
            seen_attrition = True
            assert [(e.men, e.cause) for e in worn] == [(math.ceil(before.men * s.attrition), "cut off")]
        else:
            assert worn == []
        night = turn % state.setup.turns_per_day == 0  # the turn just ended was the day's last
        recovery = (rest if turn < no_recovery_turns else 0) + (cut if night else 0)
        assert r1.morale == max(0, before.morale + recovery)
    assert seen_attrition


def test_a_unit_out_of_food_goes_hungry_at_once():
    state, _ = open_field(green=[unit("g1", (7, 0), food=10_000)], red=[unit("r1", (0, 5), men=1000, food=0)])
    s = state.rules.supply
    state, events = end_turn(state)
    hunger = [e for e in events if e.kind == "attrition" and e.unit == "r1"]
    assert [(e.men, e.cause) for e in hunger] == [(int(1000 * s.hunger_attrition), "hunger")]
    assert state.units["r1"].men == 1000 - int(1000 * s.hunger_attrition) and state.units["r1"].food == 0


def test_back_in_supply_the_count_starts_again():
    state, _ = supplied_game(green=[unit("g1", (7, 0), food=10_000)], red=[unit("r_far", (7, 3), food=10_000)])
    assert off(7, 3) not in supply.network(state, "red")
    state, _ = end_turn(state)
    state, _ = end_turn(state)
    assert state.units["r_far"].turns_cut_off == 2 and not state.units["r_far"].supplied
    state, _ = apply(state, EndPhase("green"))
    back = next(h for h in sorted(movement.reachable(state, state.units["r_far"])) if h in supply.network(state, "red"))
    state, _ = apply(state, Move("r_far", back))
    state, events = apply(state, EndPhase("red"))
    assert state.units["r_far"].supplied and state.units["r_far"].turns_cut_off == 0
    assert ("resupplied", "r_far") in [(e.kind, getattr(e, "unit", "")) for e in events]


def test_the_upkeep_finds_each_unit_the_line_the_whole_network_has():
    """The upkeep's searches stop once they have reached every unit (`lines_at`): each unit's line is the one the
    whole network (`network`) gives its hex, on the main map through a game in which lines are cut and restored."""
    from game.ai.players import make_player
    from game.scenario.validate import load_scenario, start_setup
    from game.sim.simulate import play

    loaded = load_scenario("scenarios/dushanbe_1922.yaml")
    setup = start_setup(loaded, None)
    states = []
    play(setup, 4, {side: make_player("normal", side, 4) for side in setup.sides}, on_turn=states.append, digests=False)
    kinds = set()
    for state in states[::3]:
        for side in state.setup.sides:
            hexes = [u.hex for u in state.units_of(side)]
            net = supply.network(state, side)
            assert supply.lines_at(state, side, hexes) == {h: net.get(h, "") for h in hexes}
            assert dict(net.items()) == {h: net[h] for h in state.board.hexes if h in net}
            assert net.full_lines() == [h for h, line in net.items() if line == "full"]
            kinds |= set(net.get(h, "") for h in hexes)
    assert kinds == {"full", "forage", ""}  # every kind of line was asked about
