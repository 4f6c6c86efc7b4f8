"""Raids and withdrawal in time: places scored for their taking, men left behind caught, the way out reckoned
(rules/control.py, rules/victory.py, rules/withdrawal.py), and the commander weighing one more place against it."""

from game.ai.view import ask
from game.ai.players import make_player
from game.core.engine import apply
from game.core.orders import LeaveMap, Move
from game.core.hexgrid import Hex, distance, from_offset
from game.core.rules import control, victory, withdrawal
from game.sim.simulate import play_phase
from tests.builders import changed, end_turn, game, unit


def play_on(state, players):
    while not state.over:
        state = play_phase(state, players[state.side], [], [])
    return state

TOWN = from_offset(3, 2)
EXIT = [{"side": "green", "at": [[0, 5], [1, 5]], "points_per_100_men": 0, "opens": "1922-02-10"}]
RAID = {"victory__objectives": [{"place": "town", "taking": {"green": 4}, "points": {"red": 3}}],
        "victory__sudden_death": [], "victory__exits": EXIT, "victory__left_behind_caught": ["green"],
        "victory__points_per_100_enemy_losses": {"green": 1, "red": 5}}


def raid(green=None, red=None, **changes):
    green = green if green is not None else [unit("band", (4, 2), men=400, type="horsemen", rifles=300)]
    red = red if red is not None else [unit("post", (6, 0), men=50)]
    return game(green, red, **{**RAID, **changes})


def take_town(state, uid="band"):
    """Walk `uid` into the empty town (a test's shortcut)."""
    state = changed(state, uid, hex=TOWN)
    control.sweep(state)
    return state


def test_a_place_scored_for_its_taking_counts_once_taken_and_stays_counted_when_lost_again():
    state, _ = raid(victory__left_behind_caught=[])
    assert victory.points(state) == {"green": 0, "red": 3} and control.places_taken(state, "green") == []
    state = take_town(state)
    assert control.places_taken(state, "green") == ["town"]
    assert any(line.what == "took Town" and line.points == 4 for line in victory.breakdown(state))
    state = changed(state, "band", hex=from_offset(6, 4))
    state = changed(state, "post", hex=TOWN)
    control.sweep(state)
    assert state.control["town"] == "red"
    assert {line.what for line in victory.breakdown(state) if line.side == "green"} == {"took Town"}
    assert any(line.side == "red" and line.what == "holds Town" for line in victory.breakdown(state))


def test_a_place_scored_only_for_holding_leaves_no_mark_in_the_books():
    """Scenarios that do not score the taking keep their books (and their replays' digests) as they were."""
    state, _ = game([unit("band", (4, 2), men=400)], [unit("post", (6, 0), men=50)],
                    victory__sudden_death=[])
    state = take_town(state)
    assert state.control["town"] == "green"
    assert not any(k.startswith("took_") for k in state.books["green"])


def test_men_left_on_the_map_at_the_end_count_as_taken_for_the_enemy():
    state, _ = raid(green=[unit("band", (4, 2), men=400), unit("out", (0, 5), men=150)])
    assert victory.caught(state, "green") == 550 and victory.caught(state, "red") == 0
    assert victory.points(state)["red"] == 3 + 5 * 5  # the town held, and 500 of the 550 counted by full hundreds
    line = next(s for s in victory.breakdown(state) if s.side == "red" and "enemy men" in s.what)
    assert "counting 550 still on the map as caught" in line.what
    while state.date.isoformat() < "1922-02-10":
        state, _ = end_turn(state)
    state, _ = apply(state, LeaveMap("out"))
    assert victory.caught(state, "green") == state.units["band"].men  # who left is safe


def test_without_the_rule_men_on_the_map_are_safe():
    state, _ = raid(victory__left_behind_caught=[])
    assert victory.caught(state, "green") == 0 and victory.points(state)["red"] == 3


def test_the_way_out_is_reckoned_in_turns_at_the_units_pace_open_or_not():
    state, _ = raid()
    band = state.units["band"]
    w = withdrawal.way_out(state, band)
    assert w.opens.isoformat() == "1922-02-10" and w.caught
    assert w.turns_left == state.setup.total_turns - state.turn
    costs = withdrawal.costs_to_leave(state, "green", "horse")
    assert costs.get(from_offset(0, 5)) == 0 and costs.get(from_offset(1, 5)) == 0
    assert w.turns_needed == max(1, -(-costs.get(band.hex) // withdrawal.pace(state, band)))
    far = changed(state, "band", hex=from_offset(7, 1))
    assert withdrawal.turns_to_leave(far, far.units["band"]) >= w.turns_needed
    assert withdrawal.way_out(state, state.units["post"]) is None  # red has no way out


def test_the_commander_rides_for_the_place_while_it_has_the_time_and_for_the_way_out_when_it_has_not():
    state, _ = raid(red=[unit("column", (7, 0), men=2000)], calendar__end_date="1922-02-14")  # a week: time to
    # take the town and get away before the column comes
    commander = make_player("normal", "green", 1)
    ask(commander, state)
    assert commander.plan.target == TOWN and commander.plan.exits == []
    players = {"green": commander, "red": make_player("normal", "red", 1)}
    end = play_on(state, players)
    assert control.places_taken(end, "green") == ["town"] and victory.caught(end, "green") == 0
    assert end.books["green"]["men_exited"] > 0
    short, _ = raid(green=[unit("band", (7, 1), men=400, type="horsemen", rifles=300)])
    while withdrawal.spare_turns(short, short.units["band"]) > 1:  # the band idles until it has no turn to spare
        short, _ = end_turn(short)
    assert short.control["town"] == "red" and not short.over
    commander = make_player("normal", "green", 1)
    order = ask(commander, short)
    assert commander.plan.exits == ["band"] and commander.plan.target is None
    assert isinstance(order, Move)  # toward the way out before it opens
    exit_hexes = [from_offset(0, 5), from_offset(1, 5)]
    assert min(distance(order.to, h) for h in exit_hexes) < min(distance(Hex(*short.units["band"].hex), h)
                                                                for h in exit_hexes)


def test_the_way_out_opening_is_told_once_on_the_first_turn_of_its_day():
    state, _ = raid()
    told = []
    while not state.over and state.date.isoformat() <= "1922-02-10":
        state, events = end_turn(state)
        told += [(state.turn, e) for e in events if e.kind == "way_opened"]
    assert [(turn, e.side, e.exit) for turn, e in told] == [(4, "green", 0)]  # 10 Feb, day: the third day's first turn
    late, _ = raid(calendar__start_dates=[{"date": "1922-02-11"}], calendar__end_date="1922-02-12")
    late, events = end_turn(late)
    assert not [e for e in events if e.kind == "way_opened"]  # open from the start: nothing to tell
