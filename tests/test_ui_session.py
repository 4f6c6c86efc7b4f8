"""The game session without a window: the engine's undo rule, orders, AI stepping, fog in the log, saving."""

import pytest

from game.core.engine import IllegalOrder, apply, can_take_back, why_not_take_back
from game.core.hexgrid import distance, from_offset as off
from game.core.orders import Attack, EndPhase, Entrench, Hide, Move
from game.core.audience import audience
from game.play.session import Session
from tests.builders import game, scenario, unit

ORCHARD = (0, 4)  # cover to hide in, on the builders' map


def test_a_plain_move_can_be_undone():
    state, _ = game(green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))])
    after, events = apply(state, Move("g1", off(2, 3)))
    assert can_take_back(state, after, events)


def test_an_attack_draws_dice_and_cannot_be_undone():
    state, _ = game(green=[unit("g1", (2, 2))], red=[unit("r1", "town", men=900)])
    after, events = apply(state, Attack(("g1",), off(3, 2)))
    assert after.dice.state != state.dice.state
    assert not can_take_back(state, after, events)
    assert why_not_take_back(state, after, events) == "the dice were rolled"


def test_ending_a_phase_cannot_be_undone():
    state, _ = game(green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))])
    after, events = apply(state, EndPhase("green"))
    assert not can_take_back(state, after, events)
    assert why_not_take_back(state, after, events) == "the turn has passed on"


def test_walking_into_a_hidden_unit_reveals_it_and_cannot_be_undone():
    state, _ = game(green=[unit("g1", (0, 2))], red=[unit("r1", ORCHARD, hidden=True, men=50)],
                    map__places=[], victory__objectives=[], victory__sudden_death=[])
    after, events = apply(state, Move("g1", off(0, 3)))
    assert not after.units["r1"].hidden or "r1" not in after.units
    assert not can_take_back(state, after, events)


def test_a_hidden_band_that_moves_out_of_hiding_cannot_be_undone_and_the_session_says_why():
    loaded = scenario(green=[unit("g1", ORCHARD, hidden=True)], red=[unit("r1", (7, 1))])
    session = Session.new(loaded, {"green": "human", "red": "human"})
    assert session.why_no_undo() == "nothing has been done yet"
    session.give(Move("g1", off(1, 4)))
    assert not session.state.units["g1"].hidden
    assert session.just_fixed() == "G1 came out of hiding" == session.why_no_undo()
    assert not session.undo()


def test_hiding_is_undoable_and_only_its_owner_hears_of_it():
    state, _ = game(green=[unit("g1", ORCHARD)], red=[unit("r1", (7, 1))])
    after, events = apply(state, Hide("g1"))
    assert can_take_back(state, after, events)
    assert audience(events[0], state, after) == {"green"}


def started(**kw):
    loaded = scenario(**kw)
    return Session.new(loaded, {"green": "human", "red": "simple"}, seed=3)


def test_undo_goes_back_to_the_last_dice_roll_and_no_further():
    s = started(green=[unit("g1", (1, 3)), unit("g2", (2, 2)), unit("g3", (0, 5))], red=[unit("r1", "town", men=900)])
    s.give(Move("g1", off(2, 3)))
    s.give(Attack(("g2",), off(3, 2)))
    s.give(Move("g3", off(1, 5)))
    assert s.undo()
    assert s.state.units["g3"].hex == off(0, 5)
    assert not s.can_undo and not s.undo()
    assert s.state.units["g1"].hex == off(2, 3)  # before the attack: kept


def test_undo_takes_the_log_lines_back_too():
    s = started(green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))])
    lines = len(s.log)
    s.give(Move("g1", off(2, 3)))
    assert len(s.log) > lines
    s.undo()
    assert len(s.log) == lines


def test_illegal_orders_are_refused_and_change_nothing():
    s = started(green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))])
    with pytest.raises(IllegalOrder):
        s.give(Move("g1", off(7, 0)))
    assert not s.steps


def test_the_ai_plays_its_phase_and_hands_back():
    s = started(green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))])
    s.end_phase()
    assert s.ai_to_move
    s.run_ai()
    assert not s.ai_to_move and s.state.side == "green" and s.state.turn == 1


def test_the_viewer_is_the_human_side_and_nobody_when_the_ai_plays_both():
    loaded = scenario(green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))])
    assert Session.new(loaded, {"green": "simple", "red": "human"}).viewer == "red"
    assert Session.new(loaded, {"green": "simple", "red": "simple"}).viewer == ""


def test_log_lines_about_hidden_units_are_kept_from_the_enemy():
    s = started(green=[unit("g1", ORCHARD)], red=[unit("r1", (7, 1))])
    s.give(Hide("g1"))
    assert any("hides" in l.text for l in s.log_for("green"))
    assert not any("hides" in l.text for l in s.log_for("red"))


def test_a_session_saves_and_loads_to_the_same_state(tmp_path):
    from game.core.digest import state_digest
    from tests.ui_helpers import scenario_file
    from game.scenario.validate import load_scenario

    path = scenario_file(tmp_path, green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))])
    s = Session.new(load_scenario(path), {"green": "human", "red": "simple"}, seed=9)
    s.give(Move("g1", off(2, 3)))
    s.end_phase()
    s.run_ai()
    s.give(Entrench("g1"))
    s.save(str(tmp_path / "game.json"))
    assert not s.dirty
    again = Session.load(str(tmp_path / "game.json"))
    assert state_digest(again.state) == state_digest(s.state)
    assert again.players == s.players and [l.text for l in again.log] == [l.text for l in s.log]


def test_a_save_is_named_by_where_the_game_stands_and_a_finished_one_by_its_end(tmp_path):
    """The Load list's label: the turn, the date and who is to move while the game goes on; "over" and who won
    once it is (the turn it ended on says nothing of that)."""
    from tests.ui_helpers import scenario_file
    from game.scenario.validate import load_scenario

    path = scenario_file(tmp_path, green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))])
    s = Session.new(load_scenario(path), {"green": "human", "red": "simple"}, seed=9)
    assert ": turn 1 of " in s.label() and "to move; you: " in s.label()
    s.state.over, s.state.winner = True, "red"  # (as the reducer leaves a won game)
    assert s.label().endswith(": over, Red won; you: Green") and "to move" not in s.label()
    s.state.winner = ""
    assert ": over, drawn; " in s.label()


def test_the_defection_risk_is_told_in_words_a_player_reads():
    """The rule's multipliers read as reasons ('times 0.75, as the people here back the enemy only 25%'), not '+75.0%'."""
    from game.ui.texts import defection_causes

    from game.core.rules.defection import Factor

    text = defection_causes([Factor("regulars", 0.006), Factor("2 days cut off", 0.01),
                             Factor("the people here back the enemy only 25%", 0.75, scales=True),
                             Factor("a leader is with them", 0.5, scales=True)])
    assert text == ("regulars 0.6%, 2 days cut off +1.0%; times 0.75, as the people here back the enemy only 25%; "
                    "times 0.50, as a leader is with them")
    assert "+75.0%" not in text


def test_every_factor_the_defection_rule_gives_reads_as_words():
    from game.core.rules import defection
    from game.core.setup import make_setup, new_game
    from game.scenario.validate import load_scenario
    from game.ui.texts import defection_causes

    loaded = load_scenario("scenarios/dushanbe_1922.yaml")
    state, _ = new_game(make_setup(loaded.scenario, loaded.rules), 1)
    for unit in state.units.values():
        text = defection_causes(defection.defection_chance(state, unit)[1])
        assert "times" in text and " x0." not in text and " x1." not in text, text


def test_what_the_window_shows_a_side_is_the_cores_view_of_it():
    """Units, hex contents and overlays all come from what the side observes: a hidden enemy band is in none of
    them, and the side that hid it, or an onlooker, sees it in all."""
    from game.core.observe import known_state, observe
    from game.core.rules import movement, supply

    s = started(green=[unit("g1", ORCHARD, hidden=True, men=80)], red=[unit("r1", "town"), unit("r2", (6, 4))])
    band = s.state.units["g1"]
    for viewer, sees_band in (("red", False), ("green", True), ("", True)):
        assert s.sees(band, viewer) is sees_band
        assert ("g1" in {u.id for u in s.visible_units(viewer)}) is sees_band
        assert (band in s.units_at(band.hex, viewer)) is sees_band
    red = known_state(observe(s.state, "red"))
    assert s.enemy_zoc("red") == movement.enemy_zoc(red, "red")
    assert s.supply_network("red") == supply.network(red, "red")
    assert s.seen("red") is s.seen("red")  # made once per state and viewer


def test_the_enemy_phase_is_told_over_where_each_thing_happened_as_the_other_side_saw_it():
    """Green attacks the town and ends its phase: Red's account holds the fight at the town with each side's
    losses in its colour; Red's own phase is not told back to it; the last order's happening is there to
    flash."""
    loaded = scenario(green=[unit("g1", (2, 2), men=600), unit("g2", (0, 5), men=50)], red=[unit("r1", "town", men=300)])
    s = Session.new(loaded, {"green": "human", "red": "human"})
    target = s.state.units["r1"].hex
    s.give(Attack(("g1",), target))
    fight = next(e for e in s.steps[-1].events if e.kind == "combat")
    (flash,) = [h for h in s.happened("green") if h.kind == "combat"]
    assert flash.at == target and flash.words == ((f"-{fight.attacker_losses}", "green"),
                                                  (f"-{fight.defender_losses}", "red"))
    s.give(EndPhase("green"))
    told = s.account("red")
    assert [h.kind for h in told][:1] == ["combat"] and told[0].at == target and "G1 attacks R1" in told[0].told
    s.give(EndPhase("red"))
    assert s.account("green") == [] and s.account("red") == []  # Red did nothing; its own phase is not told


def test_a_go_to_order_moves_the_unit_on_each_turn_until_it_arrives_and_stops_when_an_enemy_comes_near(tmp_path):
    """Green's band is sent across the map: it moves as far as it can at once, goes on at the start of Green's
    next phases by itself, and the order ends when it arrives; another band sent toward Red stops when Red comes
    in sight near it.  The orders ride in a save."""
    from game.scenario.validate import load_scenario
    from tests.ui_helpers import scenario_file

    loaded = load_scenario(scenario_file(tmp_path, green=[unit("g1", (0, 1), men=200), unit("g2", (0, 5), men=200)],
                                         red=[unit("r1", (7, 5), men=100)], map__places=[], victory__objectives=[],
                                         victory__sudden_death=[]))
    s = Session.new(loaded, {"green": "human", "red": "human"})
    far = off(7, 1)
    told = s.go_to("g1", far)
    assert "goes there: about" in told and "g1" in s.standing
    moved = s.state.units["g1"].hex
    assert moved != off(0, 1) and s.steps[-1].order == Move("g1", moved)
    s.go_to("g2", off(6, 5))
    path = str(tmp_path / "go.json")
    s.save(path)
    assert set(Session.load(path).standing) == set(s.standing)
    notes = []
    for _ in range(6):
        if not s.standing:
            break
        s.give(EndPhase("green"))
        s.give(EndPhase("red"))
        notes += s.carry_out("green")
    assert s.state.units["g1"].hex == far and "G1 has arrived" in notes
    assert any(n.startswith("G2 stops: R1 is in sight") for n in notes) and not s.standing
    assert distance(s.state.units["g2"].hex, s.state.units["r1"].hex) <= 3


def test_a_go_to_can_be_cancelled_and_is_refused_where_there_is_no_way():
    loaded = scenario(green=[unit("g1", (0, 0))], red=[unit("r1", (7, 5))], rows=["........", "~~~~~~~~", "........",
                                                                                  "........", "........", "........"],
                      map__places=[], victory__objectives=[], victory__sudden_death=[])
    s = Session.new(loaded, {"green": "human", "red": "human"})
    assert s.go_to("g1", off(7, 4)) == "G1 has no way to that hex" and not s.standing  # the water is in the way
    assert "goes there" in s.go_to("g1", off(7, 0))
    assert s.cancel_go_to("g1") and not s.standing and not s.cancel_go_to("g1")


def test_a_go_to_goes_around_the_enemies_the_side_was_told_of_not_only_those_it_sees():
    """At the start the Basmachi see nobody in Dushanbe, but its people have told of the garrison: a band sent
    from Hisor to Varzob is routed around the town, not through it (found by a play-test)."""
    from game.play.session import Session
    from game.play.standing import route
    from game.scenario.validate import load_scenario

    s = Session.new(load_scenario("scenarios/dushanbe_1922.yaml"), {"basmachi": "human", "soviet": "normal"}, seed=5)
    town, varzob = (s.state.board.places[p].hex for p in ("dushanbe", "varzob"))
    band = s.seen("basmachi").units["qarotegh_band"]
    assert not s.seen("basmachi").units_at(town) and s.reckoned("basmachi").units_at(town)
    assert town in route(s.seen("basmachi"), band, varzob)  # (what it saw alone would send it through the town)
    assert "goes there" in s.go_to("qarotegh_band", varzob)
    way = s.way_of("qarotegh_band") or route(s.reckoned("basmachi"), band, varzob)
    assert way and town not in way


def test_a_go_to_speaks_of_a_unit_as_the_log_does_in_the_singular_or_the_plural():
    """'Lakai horsemen go there', 'Hisor band goes there' (the notes said 'Lakai horsemen goes'; found by a
    play-test), and so for every word a go-to says."""
    from game.play.session import Session
    from game.play.standing import does, fought, stop
    from game.scenario.validate import load_scenario

    s = Session.new(load_scenario("scenarios/dushanbe_1922.yaml"), {"basmachi": "human", "soviet": "normal"}, seed=5)
    varzob = s.state.board.places["varzob"].hex
    assert s.go_to("lakai_horse", varzob).startswith("Lakai horsemen go there: about ")
    assert does("Hisor band", "goes", "go") == "Hisor band goes"
    assert stop("Lakai horsemen") + fought("Lakai horsemen") == "Lakai horsemen stop: they were fought"
    assert stop("Hisor band") + fought("Hisor band", "ambushed") == "Hisor band stops: it was ambushed"


def test_a_go_to_sent_past_an_enemy_in_sight_is_not_stopped_by_it_but_by_one_that_comes_near(tmp_path):
    """Green's band is sent along the map past Red's band, which it sees two hexes off: it goes on turn after turn
    (it stopped each turn for the band the player sent it past; found by a play-test); a Red band that then comes
    near stops it."""
    from game.core.rules import movement
    from game.scenario.validate import load_scenario
    from tests.ui_helpers import scenario_file

    loaded = load_scenario(scenario_file(tmp_path, green=[unit("g1", (0, 1), men=200)],
                                         red=[unit("r1", (2, 3), men=100), unit("r2", (7, 5), men=100, type="cavalry")],
                                         map__places=[], victory__objectives=[], victory__sudden_death=[]))
    s = Session.new(loaded, {"green": "human", "red": "human"})
    assert "r1" in s.seen("green").units
    assert " there: about" in s.go_to("g1", off(7, 1))
    before = s.state.units["g1"].hex
    s.give(EndPhase("green"))
    s.give(EndPhase("red"))
    notes = s.carry_out("green")
    assert not any("R1" in n for n in notes) and "g1" in s.standing and s.state.units["g1"].hex != before
    s.give(EndPhase("green"))
    g1 = s.state.units["g1"]
    near = min((h for h in movement.reachable(s.state, s.state.units["r2"])
                if 2 <= distance(h, g1.hex) <= 3), key=lambda h: (distance(h, g1.hex), h))
    s.give(Move("r2", near))  # Red rides up to it
    s.give(EndPhase("red"))
    notes = s.carry_out("green")
    assert any(n.startswith("G1 stops: R2 is in sight") for n in notes) and "g1" not in s.standing


def test_how_long_a_unit_was_cut_off_is_said_as_time_and_a_line_open_again_says_so():
    """The panel read 'CUT OFF 1 turn(s) (0 days)' and 'CUT OFF 4 turn(s) (2 days); now from Termez' (cut off and
    supplied at once); the roster 'cut off 0 days'."""
    from game.core.narrate import time_of
    from game.play.roster import row_of
    from game.ui.texts import unit_html

    assert [time_of(t, 2) for t in (1, 2, 3)] == ["half a day", "1 day", "1.5 days"]
    from game.core.narrate import time_between  # (the wireless's spans: "half a day" read "half a to 4 days")

    assert [time_between(*span, 2) for span in ((24, 40), (1, 8), (3, 3))] == ["12 to 20 days", "half a day to 4 days",
                                                                                "1.5 days"]
    state, _ = game(green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))])
    state.put(state.units["g1"].but(supplied=False, turns_cut_off=1))
    assert row_of(state, state.units["g1"]).supply == "cut off half a day"
    panel = unit_html(state, state.units["g1"], own=True)
    assert "CUT OFF for half a day" in panel and "turn(s)" not in panel
    from game.core.rules import supply
    from game.core.setup import make_setup, new_game
    from game.scenario.validate import load_scenario

    loaded = load_scenario("scenarios/dushanbe_1922.yaml")
    siege, _ = new_game(make_setup(loaded.scenario, loaded.rules), 1)
    band = next(u for u in siege.units_of("basmachi") if supply.trace(siege, "basmachi", u.hex).line == "full")
    siege.put(band.but(supplied=False, turns_cut_off=4))  # cut off at the last upkeep; a line open again now
    panel = unit_html(siege, siege.units[band.id], own=True)
    assert "CUT OFF for 2 days</font>; a line is open again, now from" in panel
    assert "supplied at the turn's end if it holds" in panel


def test_a_posture_reads_alike_in_the_panel_and_the_roster():
    """The roster said 'dug in' where the panel said 'Posture: hasty'."""
    from game.play.roster import row_of
    from game.ui.texts import unit_html

    state, _ = game(green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))])
    state.put(state.units["g1"].but(posture="hasty"))
    assert row_of(state, state.units["g1"]).doing == "dug in (hasty)"
    state.put(state.units["g1"].but(moved=True))  # digging in costs the move: still said as dug in
    assert row_of(state, state.units["g1"]).doing == "dug in (hasty)"
    assert "Posture: dug in (hasty)" in unit_html(state, state.units["g1"], own=True)


def test_the_results_men_add_up_with_the_recruited_and_those_who_left_the_map():
    """The victory screen's men did not add up: recruits ('5 men from Kampçı join') and men who left the map were
    in no line; and it said '1 machine guns'."""
    from game.ai.players import make_player
    from game.core.setup import make_setup
    from game.scenario.validate import load_scenario
    from game.sim.simulate import play, summary
    from game.ui.texts import result_html

    loaded = load_scenario("scenarios/kampchi_raid.yaml")
    setup = make_setup(loaded.scenario, loaded.rules)
    record = play(setup, 1, {s: make_player("normal", s, 1) for s in setup.sides}, digests=False)
    said = summary(record, loaded.scenario.id)
    for s in said.sides.values():
        assert s.men_end == (s.men_start + s.reinforcements + s.recruited + s.defected_in - s.killed - s.prisoners
                             - s.defected_out - s.exited)
    text = result_html(record.final, said, loaded.scenario.history)
    recruited = said.sides["basmachi"].recruited
    assert recruited and f"+{recruited:,} recruited" in text and "1 machine guns" not in text


def test_the_forecast_says_what_multiplies_the_defence_and_that_an_attacker_on_the_river_takes_the_rivers_away():
    """The forecast's defence line comes from the rule (`combat.defence_reasons`): the ground, a posture, and a
    river the defenders hold against attackers off it; attacked from the river, it says the river gives nothing."""
    from game.core.rules import combat
    from game.core.state import State
    from game.ui.texts import defence_words
    from tests.builders import open_field

    state, _ = open_field(green=[unit("g1", (3, 2)), unit("g2", (3, 2))], red=[unit("r_off", (3, 3)), unit("r_on", (2, 2))],
                          rows=["hhhhhhhh"] * 6, map__rivers=[{"name": "Kofarnihon", "hexes": [[0, 2], [7, 2]]}])
    river = state.board.rivers
    assert off(3, 2) in river and off(2, 2) in river and off(3, 3) not in river
    state = state.copy()
    state.put(state.units["g1"].but(posture="entrenched"))
    off_river = defence_words(state, ("r_off",), ("g1", "g2"))
    assert off_river == ("hills ×1.4; entrenched ×1.5 (" + state.units["g1"].name + "); the river ×1.2 "
                         "(no attacker stands on it)")
    factor = combat.defence_factor(state, state.units["g1"], {off(3, 3)})
    assert factor == 1.4 * 1.5 * 1.2  # the words are the rule's own numbers, multiplied as the rule does
    on_river = defence_words(state, ("r_off", "r_on"), ("g1", "g2"))
    assert "the river ×" not in on_river and on_river.endswith("no help from the river: an attacker stands on it")


def test_leaving_loses_only_the_players_own_moves_and_says_so(tmp_path):
    """Moves made by the AI since the last autosave are made again from it: they leave nothing at stake; a game
    only the AI plays is said not to be kept."""
    from tests.ui_helpers import scenario_file
    from game.scenario.validate import load_scenario

    loaded = load_scenario(scenario_file(tmp_path, green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))]))
    s = Session.new(loaded, {"green": "human", "red": "simple"}, seed=9)
    s.give(Move("g1", off(2, 3)))
    assert s.dirty
    s.end_phase()
    s.autosaved_at = len(s.steps)  # (the window autosaves as a phase ends)
    s.give(s.ai_order())  # the AI's first order of its phase
    assert not s.dirty and "the AI makes its moves since again" in s.kept_on_leaving()
    watched = Session.new(loaded, {"green": "simple", "red": "simple"}, seed=9)
    watched.give(EndPhase("green"))
    assert not watched.dirty and watched.kept_on_leaving().startswith("Only the AI plays this game")


def test_undo_at_a_phases_start_says_nothing_has_been_done_yet(tmp_path):
    """At the start of a phase Undo's reason read 'the turn has passed on', as if something could be undone."""
    from tests.ui_helpers import scenario_file
    from game.scenario.validate import load_scenario

    loaded = load_scenario(scenario_file(tmp_path, green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))]))
    s = Session.new(loaded, {"green": "human", "red": "simple"}, seed=9)
    s.give(Move("g1", off(2, 3)))
    s.end_phase()
    s.run_ai()
    assert s.state.side == "green" and s.why_no_undo() == "nothing has been done in this phase yet"
    s.give(Entrench("g1"))
    s.undo()
    assert s.why_no_undo() == "nothing has been done in this phase yet"


def test_a_hidden_band_sent_away_is_told_it_leaves_hiding_and_cannot_take_the_move_back(tmp_path):
    """A go-to from a hidden band brought it out of hiding and made the move final, and said only 'goes there:
    about 2 turns' (the Undo button's reason alone told why undo was off)."""
    from game.scenario.validate import load_scenario
    from tests.ui_helpers import scenario_file

    loaded = load_scenario(scenario_file(tmp_path, green=[unit("g1", (0, 1), men=200, hidden=True),
                                                          unit("g2", (0, 5), men=200)],
                                         red=[unit("r1", (7, 5), men=100)], map__places=[], victory__objectives=[],
                                         victory__sudden_death=[]))
    s = Session.new(loaded, {"green": "human", "red": "human"})
    assert "out of hiding, so the move cannot be undone" in s.go_to("g1", off(7, 1)) and not s.can_undo
    assert "out of hiding" not in s.go_to("g2", off(7, 4))


def test_a_go_to_sent_up_to_an_enemy_the_side_was_told_of_arrives_though_it_comes_in_sight():
    """A band sent up to Dushanbe, past the Hisor post, both known to the Basmachi only by report, dropped its
    order as the post came in sight ('stops: enemy in sight'), though the player had sent it past: a move ends
    beside an enemy (the rule stands), and the order goes on next turn (found by a play-test)."""
    from game.play.session import Session
    from game.scenario.validate import load_scenario

    s = Session.new(load_scenario("scenarios/dushanbe_1922.yaml"), {"basmachi": "human", "soviet": "human"}, seed=5)
    town = s.state.board.places["dushanbe"].hex
    garrison = {u.id for u in s.reckoned("basmachi").units_at(town)}
    assert garrison and not s.seen("basmachi").units_at(town)
    band = s.state.units["qarotegh_band"]
    target = min((h for h in s.state.board.hexes if distance(h, town) == 2 and not s.state.units_at(h)),
                 key=lambda h: (distance(h, band.hex), h))
    told = s.go_to("qarotegh_band", target)  # (its way runs beside the Hisor post, also known by report)
    assert "goes there" in told and "halts beside Hisor post" in told and "it goes on next turn" in told
    notes = []
    for _ in range(8):
        if "qarotegh_band" not in s.standing:
            break
        s.give(EndPhase(s.state.side))
        s.give(EndPhase(s.state.side))
        notes += s.carry_out("basmachi")
    assert not any("in sight" in n for n in notes), notes
    assert s.state.units["qarotegh_band"].hex == target and "Qarotegh band has arrived" in notes


def test_a_go_to_that_cannot_move_on_says_why_and_one_that_never_could_is_refused():
    """Horsemen sent into the mountains stood still for about ten turns with moves left and no word why (a step
    there costs a horse's whole day; night halves it): they wait, saying so, and go on by day.  Foot, for whom a
    mountain step costs more than any turn gives, are refused the order instead of waiting for ever."""
    loaded = scenario(green=[unit("g1", (1, 3)), unit("c1", (1, 1), type="cavalry")], red=[unit("r1", (7, 5))],
                      rows=["..MMM..."] * 6, map__places=[], victory__objectives=[], victory__sudden_death=[])
    s = Session.new(loaded, {"green": "human", "red": "human"}, seed=3)
    assert s.go_to("g1", off(6, 3)) == ("G1 has no way to that hex: a step into mountains costs 8 moves, more than "
                                        "a whole turn gives (6)") and "g1" not in s.standing
    assert "goes there" in s.go_to("c1", off(6, 1))
    notes, nights = [], 0
    for _ in range(8):
        if "c1" not in s.standing:
            break
        s.give(EndPhase(s.state.side))
        s.give(EndPhase(s.state.side))
        nights += s.state.is_night and s.state.units["c1"].hex.q in (2, 3)
        notes += s.carry_out("green")
    assert nights and "C1 waits: the next step costs 10 moves, with 5 to move this turn (night)" in notes
    assert "C1 has arrived" in notes and s.state.units["c1"].hex == off(6, 1)


def test_a_go_to_says_why_it_went_no_farther_each_time_and_names_a_crowd_briefly():
    """A go-to that halted beside an enemy it was sent past, in sight all along, said nothing (the move ended in
    its zone: no enemy 'came in sight'); a halt beside a garrison named all six of its units; one given with no
    moves left said only 'goes there'; one that moved a hex and stopped with moves left said nothing."""
    loaded = scenario(green=[unit("g1", (1, 2)), unit("c2", (0, 5), type="cavalry")],
                      red=[unit("r1", (3, 2), men=50), unit("r2", (3, 2), men=50), unit("r3", (3, 2), men=50)],
                      victory__sudden_death=[])
    s = Session.new(loaded, {"green": "human", "red": "human"}, seed=3)
    assert {"r1", "r2", "r3"} <= set(s.seen("green").units)
    told = s.go_to("g1", off(6, 2))
    assert "G1 halts beside R1 and 2 other enemy units for this turn" in told and "it goes on next turn" in told
    assert "g1" in s.standing
    spent = max(s.reach("c2"), key=lambda h: (s.reach("c2")[h][0], h))
    s.give(Move("c2", spent))
    assert s.state.units["c2"].moves_left == 0
    assert "C2 goes there: about 1 turn; it sets out next turn" == s.go_to("c2", off(7, 3))
    ridge = scenario(green=[unit("c1", (0, 1), type="cavalry")], red=[unit("r1", (7, 5))], rows=["..MMM..."] * 6,
                     map__places=[], victory__objectives=[], victory__sudden_death=[])
    s = Session.new(ridge, {"green": "human", "red": "human"}, seed=3)
    told = s.go_to("c1", off(6, 1))  # a hex of farmland, then a mountain's 10 with 8 moves left
    assert told.endswith("C1 waits: the next step costs 10 moves, with 8 to move this turn") and "c1" in s.standing
    assert s.state.units["c1"].hex == off(1, 1)


def test_undo_after_the_game_is_over_says_so():
    """Undo's reason read 'nothing has been done in this phase yet' on the finished game's map (a play-test)."""
    s = Session.new(scenario(green=[unit("g1", (2, 2))], red=[unit("r1", (7, 5))]), {"green": "human", "red": "human"})
    s.give(Move("g1", off(3, 2)))  # into the town: Green wins at once
    s.give(EndPhase("green")) if not s.state.over else None
    assert s.state.over and s.why_no_undo() == "the game is over"
