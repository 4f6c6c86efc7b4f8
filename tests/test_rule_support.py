"""Local support: moved by fights and by holding places; it feeds recruits, foraging, hiding and defection
(rules/support.py)."""

from game.core.engine import apply
from game.core.hexgrid import distance, from_offset as off
from game.core.orders import Attack
from game.core.rules import ambush, combat, defection, supply, support
from tests.builders import dice_where, end_turn, open_field, place, unit, with_dice

FIGHT_AT = off(3, 3)


def villages(**support_levels):
    """Three villages: one at the fight, one at the edge of its reach, one beyond."""
    reach = open_field()[0].rules.support.range
    spots = {"near": (3, 3), "edge": (3 + reach, 3), "far": (0, 0)}
    return [place(pid, spot, support=support_levels.get(pid, {"green": 50, "red": 50})) for pid, spot in spots.items()]


def fight_game(green_wins: bool, **levels):
    places = villages(**levels)
    state, _ = open_field(green=[unit("g1", (2, 3), men=600)], red=[unit("r1", (3, 3), men=600)], map__places=places)
    m = combat.matchup(state, ("g1",), FIGHT_AT)

    def wanted(r):
        o = combat.outcome(state, m, r[0])
        return (o.defender_rate > o.attacker_rate) == green_wins and not o.retreat

    return with_dice(state, dice_where(wanted))


def test_places_near_a_fight_warm_to_the_winner_and_cool_to_the_loser():
    state = fight_game(green_wins=True)
    rules = state.rules.support
    assert distance(state.board.places["edge"].hex, FIGHT_AT) == rules.range
    assert distance(state.board.places["far"].hex, FIGHT_AT) > rules.range
    new, events = apply(state, Attack(("g1",), FIGHT_AT))
    assert events[0].winner == "green"
    for pid in ("near", "edge"):
        assert new.support[pid] == {"green": 50 + rules.win, "red": 50 - rules.loss}
    assert new.support["far"] == {"green": 50, "red": 50}
    assert (state.turn, "green", FIGHT_AT) in new.wins


def test_a_failed_attack_moves_support_the_other_way():
    state = fight_game(green_wins=False)
    rules = state.rules.support
    new, events = apply(state, Attack(("g1",), FIGHT_AT))
    assert events[0].winner == "red"
    assert new.support["near"] == {"green": 50 - rules.loss, "red": 50 + rules.win}


def test_support_stays_between_0_and_100():
    state = fight_game(green_wins=True, near={"green": 99, "red": 2})
    new, _ = apply(state, Attack(("g1",), FIGHT_AT))
    assert new.support["near"] == {"green": 100, "red": 0}


def test_holding_a_place_wins_support_day_by_day():
    places = [place("held", (1, 1), held_by="green", support={"green": 40, "red": 40}),
              place("nobodys", (6, 1), support={"green": 40, "red": 40})]
    state, _ = open_field(green=[unit("g1", (0, 5), food=10_000)], red=[unit("r1", (7, 5), food=10_000)],
                          map__places=places)
    per_day = state.rules.support.hold_per_day
    state, _ = end_turn(state)  # the day turn: nothing yet
    assert state.support["held"]["green"] == 40
    state, _ = end_turn(state)  # the end of the first day
    assert state.support["held"] == {"green": 40 + per_day, "red": 40}
    assert state.support["nobodys"] == {"green": 40, "red": 40}


def test_loyal_villages_send_recruits_to_a_friendly_unit_next_to_them():
    line = open_field()[0].rules.support.recruit_support
    places = [place("loyal", (1, 1), support={"green": line}), place("lukewarm", (6, 1), support={"green": line - 1}),
              place("taken", (3, 4), support={"green": 100}, held_by="red")]
    green = [unit("g_loyal", (1, 2), men=100, food=10_000), unit("g_luke", (6, 2), men=100, food=10_000),
             unit("g_taken", (3, 5), men=100, food=10_000)]
    state, _ = open_field(green=green, red=[unit("r1", (7, 5), food=10_000)], map__places=places)
    state, _ = end_turn(state)
    state, events = end_turn(state)
    per_day = state.rules.support.recruits_per_day
    recruited = [(e.unit, e.place, e.men) for e in events if e.kind == "recruited"]
    assert recruited == [("g_loyal", "loyal", per_day)]
    assert state.units["g_loyal"].men == 100 + per_day and state.units["g_loyal"].full_men == 100 + per_day
    assert state.units["g_luke"].men == 100 and state.units["g_taken"].men == 100
    assert state.books["green"]["men_recruited"] == per_day


def test_support_feeds_foraging_hiding_and_defection():
    rows = ["........", "........", "...o....", "........", "........", "........"]
    kishlak = place("kishlak", (3, 3), support={"green": 0, "red": 0})
    state, _ = open_field(green=[unit("g_band", (3, 2), hidden=True), unit("g2", (0, 5))],
                          red=[unit("r_mil", (5, 2), type="militia")], rows=rows, map__places=[kishlak])
    loyal = state.copy()
    loyal.support["kishlak"]["green"] = 100
    spot = lambda s: ambush.detect_chance(s, s.units["r_mil"], s.units["g_band"])
    assert spot(loyal) < spot(state)
    assert defection.defection_chance(loyal, loyal.units["r_mil"])[0] > defection.defection_chance(state, state.units["r_mil"])[0]
    assert off(3, 3) in supply.network(loyal, "green") and off(3, 3) not in supply.network(state, "green")
    assert support.enemy_support(loyal, "red", off(5, 2)) == 100 and support.own_support(loyal, "green", off(3, 2)) == 100


def test_support_counts_at_the_nearest_place_within_three_hexes():
    places = [place("near", (2, 2), support={"green": 80}), place("nearer", (4, 2), support={"green": 20})]
    state, _ = open_field(green=[unit("g1", (0, 5))], red=[unit("r1", (7, 5))], map__places=places)
    assert support.enemy_support(state, "red", off(5, 2)) == 20
    assert support.enemy_support(state, "red", off(1, 2)) == 80
    assert support.enemy_support(state, "red", off(7, 5)) == 0  # nothing near
