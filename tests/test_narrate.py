"""The log in plain words: dates with day or night, names, numbers, every kind of event."""

import datetime as dt

from game.ai.view import ask
from game.ai.players import make_player
from game.core import events as ev
from game.core.engine import apply
from game.core.orders import EndPhase
from game.core.narrate import day_text, narrate, narrate_events, when_text
from game.core.setup import make_setup, new_game
from game.scenario.validate import load_scenario
from tests.builders import game, leader, unit


def test_dates_read_like_the_log_of_a_campaign():
    assert day_text(dt.date(1922, 2, 7)) == "7 Feb 1922"
    state, _ = game(green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))])
    assert when_text(state, 0) == "8 Feb 1922, day"
    assert when_text(state, 3) == "9 Feb 1922, night"


def test_a_defection_says_who_went_over_to_whom_with_what():
    state, _ = game(green=[unit("g1", (1, 3), name="Enver's band")],
                    red=[unit("r1", (7, 5), name="2nd Bukharan company")])
    e = ev.Defected("r1", "red", "green", "g1", men=72, rifles=60, machine_guns=0, roll=12, chance=900)
    line = narrate_events([e], state)[0]
    assert line.startswith("8 Feb 1922, day: 72 men of the 2nd Bukharan company defect to Enver's band with 60 rifles")


def test_upkeep_events_keep_the_old_date_until_the_new_turn_begins():
    state, _ = game(green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))])
    later, _ = apply(state, EndPhase("green"))
    events = [ev.Attrition("g1", 3, "hunger"), ev.TurnBegan(1, "1922-02-08", "night", "snow")]
    lines = narrate_events(events, later, state)
    assert lines[0].startswith("8 Feb 1922, day: G1 loses 3 men to hunger")
    assert lines[1].startswith("8 Feb 1922, night: The night begins: snow")


def test_every_event_of_a_whole_game_gets_its_own_sentence():
    loaded = load_scenario("scenarios/dushanbe_1922.yaml")
    state, events = new_game(make_setup(loaded.scenario, loaded.rules), 3)
    players = {side: make_player("simple", side, 3) for side in state.setup.sides}
    seen = {}
    while not state.over:
        before = state
        state, events = apply(state, ask(players[state.side], state))
        for e, line in zip(events, narrate_events(events, state, before)):
            seen.setdefault(e.kind, line)
            text = line.split(": ", 1)[1]
            assert text.rstrip(".") != e.kind.replace("_", " ").capitalize(), line
            assert "None" not in text and "_" not in text.split("(")[0], line
    assert {"turn_began", "unit_moved", "phase_ended"} <= set(seen)


# One event of every class, and words its sentence must hold (names looked up, numbers shown, nothing raw).
SAMPLES = [
    (ev.TurnBegan(1, "1922-02-08", "night", "snow", 4411), ["night begins", "snow", "roll 4411"]),
    (ev.PhaseEnded("green", 0), ["the Green end their moves"]),
    (ev.UnitMoved("g1", "green", ((1, 3), (2, 3), (3, 3)), 4), ["G1 moves 2 hexes", "(cost 4)"]),
    (ev.MoveStopped("g1", (2, 3), "an enemy zone of control"), ["G1 is stopped", "an enemy zone of control"]),
    (ev.Entrenched("g1", "dug in"), ["G1 digs in (dug in)"]),
    (ev.Combat(("g1",), ("r1",), "green", "red", (7, 5), 4000, 300, 100, 12, 30, True, "green", 1200, 800),
     ["G1 attacks R1", "the Green lose 12 men", "the Red 30 men", "the defenders fall back", "roll 4000",
      "odds 3.0 to 1", "1,200 and 800 rounds fired"]),
    (ev.Combat(("g1",), ("r1",), "green", "red", (7, 5), 4000, 10, 300, 12, 0, False, "", 1200, 800),
     ["odds 0.03 to 1"]),  # (never '0.0 to 1': the attack's forecast said 0.03)
    (ev.Retreated("r1", (7, 5), (7, 4)), ["R1 falls back into the open"]),
    (ev.CutDown("r1", 17), ["R1, with nowhere to fall back, loses 17 men more"]),
    (ev.Advanced("g1", (3, 3)), ["G1 advances to a hex near Town"]),
    (ev.UnitDestroyed("r1", "red", (2, 2)), ["R1 is wiped out at Town"]),
    (ev.PlaceTaken("town", "green", "red"), ["the Green take Town from the Red"]),
    (ev.ReinforcementsArrived("red", ("r1",), 250, (2, 2)), ["Red reinforcements arrive at Town: 250 men (R1)"]),
    (ev.ReinforcementsDelayed("red", "r0", "the road is cut"), ["Red reinforcements are held up: the road is cut"]),
    (ev.GameOver("green", "Town taken", (("green", 10), ("red", 3))),
     ["the game is over: the Green win (Town taken)", "Green 10, Red 3"]),
    (ev.Hid("g2"), ["G2 (Enver) hides"]),
    (ev.Spotted("g1", "r1", 3, 1200), ["R1 spots G1, 3 hexes off (roll 1200)"]),
    (ev.Spotted("g1", "r1", 1, -1), ["R1 spots G1, right next to it"]),
    (ev.Ambush(("g1",), "r1", (2, 3)), ["ambush! G1 falls on R1"]),
    (ev.Ambush(("g1", "g2"), "r1", (2, 3)), ["ambush! G1 and G2 (Enver) fall on R1"]),
    (ev.Panicked("r1", 77), ["R1 panics and runs, dropping weapons (roll 77)"]),
    (ev.Surrendered("r1", "red", "green", 40), ["40 men of R1 surrender to the Green"]),
    (ev.Surrendered("r1", "red", "green", 1), ["1 man of R1 surrenders to the Green"]),
    (ev.CutOff("r1", "red"), ["R1 is cut off from supply"]),
    (ev.Resupplied("r1", "red", 3), ["R1 has a supply line again after 3 turns cut off"]),
    (ev.Attrition("r1", 1, "hunger"), ["R1 loses 1 man to hunger"]),
    (ev.Defected("r1", "red", "green", "g1", 72, 60, 1, 12, 900),
     ["72 men of the R1 defect to G1 with 60 rifles and 1 machine gun", "chance 9%", "roll 12"]),
    (ev.Defected("r1", "red", "green", "g1", 1, 1, 0, 12, 900), ["1 man of the R1 defects to G1 with 1 rifle"]),
    (ev.Defected("r1", "red", "green", "g1", 50, 0, 0, 12, 40), ["50 men of the R1 defect to G1", "(chance 0.4%, roll 12)"]),
    (ev.Defected("r1", "red", "green", "g1", 50, 0, 0, 3, 4), ["(chance 0.04%, roll 3)"]),
    (ev.Captured("green", "red", (2, 2), 200, 5, 2, 0, 1, 0),
     ["the Green pick up 200 rifles, 5 machine guns, 2 guns and 1 horse the Red left on the field at Town"]),
    (ev.Captured("green", "red", (2, 2), 0, 0, 0, 9000, 0, 400, stores="town"),
     ["the Green seize the Red stores of Town: 9,000 rounds and 400 rations"]),
    (ev.Supplied("g1", "green", 28500, "rear"), ["G1 draws 28,500 rounds along its supply line"]),
    (ev.Supplied("r1", "red", 1200, "town"), ["R1 draws 1,200 rounds from the stores of Town"]),
    (ev.WirelessCall("red", "r1", "termez", 4, 3), ["R1 wires Termez for help", "expected 10 Feb 1922, day",
                                                     "delay drawn: 3 turns"]),
    (ev.LeaderHit("enver", "wounded", 310), ["Enver is wounded (roll 310)"]),
    (ev.LeaderMoved("enver", "g1"), ["Enver joins G1"]),
    (ev.LeaderMoved("enver", ""), ["Enver is captured"]),
    (ev.LeftMap("r1", "red", 120, 0), ["R1 leaves the map with 120 men"]),
    (ev.WayOpened("green", 0), ["the way out", "opens for the Green"]),
    (ev.Recruited("g1", "town", 35), ["35 men from Town join G1"]),
    (ev.Sighted("green", "r1", (7, 5), 250), ["the Green see R1", "about 250 men"]),
    (ev.Reported("red", "g1", "town", (2, 3), 300, 4412), ["the people of Town tell the Red of about 300 riflemen",
                                                          "(a report; roll 4412)"]),
    (ev.DiceRolled("spotting", "r1", 8100, 2500, False), ["dice: spotting for R1: roll 8100, needed under 2500, no"]),
    (ev.DiceRolled("defection share", "r1", 14, -1, True), ["dice: defection share for R1: drew 14"]),
    (ev.DiceRolled("leader fate", "enver", 900, 3000, True), ["dice: leader fate for Enver"]),
]


def test_every_event_class_is_put_in_words():
    """Each class the engine defines has a sample here, and each sample's sentence says what happened."""
    state, _ = game(green=[unit("g1", (1, 3)), unit("g2", (1, 4))], red=[unit("r1", (7, 5))],
                    green_side={"leaders": [leader("enver", "g2")]})
    classes = {cls for cls in vars(ev).values() if isinstance(cls, type) and issubclass(cls, ev.Event) and cls is not ev.Event}
    assert {type(e) for e, _ in SAMPLES} == classes, "give every event class a sample"
    for e, words in SAMPLES:
        line = narrate(e, state)
        assert line != e.kind.replace("_", " "), f"{e.kind} has no words of its own"
        for w in words:
            assert w in line, f"{e.kind}: {w!r} not in {line!r}"
        assert "None" not in line and "'" not in line.replace("'s", ""), line


def test_a_fight_says_whether_the_attack_failed_or_took_the_ground():
    """Losses alone do not make a success: the line says whether the defenders held, fell back or beat it off."""
    state, _ = game(green=[unit("g1", (6, 5)), unit("villagers", (6, 4), name="Regar villagers")],
                    red=[unit("r1", (7, 5))])

    at = tuple(state.units["r1"].hex)

    def fight(attackers, retreat, winner):
        return narrate(ev.Combat(attackers, ("r1",), "green", "red", at, 4000, 300, 100, 12, 30, retreat, winner),
                       state)

    assert "the attack is beaten off" in fight(("g1",), False, "red")
    assert "the defenders lose a greater share of their men but hold their ground" in fight(("g1",), False, "green")
    assert "the defenders fall back" in fight(("g1",), True, "green")
    assert fight(("villagers",), False, "red").startswith("Regar villagers attack R1")
    gone = state.copy()
    gone.units.pop("r1")
    assert "none of the defenders is left" in narrate(
        ev.Combat(("g1",), ("r1",), "green", "red", at, 4000, 300, 100, 12, 30, False, "green"), gone, state)


def test_attrition_names_every_cause():
    state, _ = game(green=[unit("g1", (0, 3))], red=[unit("r1", "town")])
    for cause, words in [("cut off", "being cut off"), ("hunger", "hunger"),
                         ("cut off and hunger", "being cut off and hunger")]:
        assert narrate(ev.Attrition("g1", 3, cause), state).endswith(f"loses 3 men to {words}")


def test_a_unit_named_for_its_men_takes_a_plural_verb():
    from game.core.narrate import plural_name

    state, _ = game(green=[unit("g1", (1, 3), name="Regar villagers"), unit("g2", (1, 4), name="Hisor band")],
                    red=[unit("r1", (7, 5), name="Detachment of Enver's horsemen")])
    assert narrate(ev.UnitMoved("g1", "green", ((1, 3), (2, 3)), 2), state).startswith("Regar villagers move 1 hex")
    assert narrate(ev.UnitMoved("g2", "green", ((1, 4), (2, 4)), 2), state).startswith("Hisor band moves 1 hex")
    assert narrate(ev.CutOff("g1", "green"), state) == "Regar villagers are cut off from supply"
    assert [plural_name(n) for n in ("Lakai horsemen", "Dushanbe pickets", "Detachment of Enver's horsemen",
                                     "Red cavalry regiment (counterattack)", "Kofarnihon families")] == \
        [True, True, False, False, True]


def test_a_gain_is_marked_with_the_side_that_made_it_and_drawn_in_its_colour():
    """'The Red take Town' is Red's line whoever reads it; a defection is the gain of the side the men went to."""
    from game.core.audience import lines_of
    from game.play.log import LogLine
    from game.ui import theme
    from game.ui.texts import line_html
    from game.ui.words import lighten

    state, _ = game(green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))])
    sides = state.setup.sides
    events = [ev.PlaceTaken("town", "red", "green"), ev.Defected("r1", "red", "green", "g1", 72, 60, 1, 12, 900),
              ev.Captured("green", "red", (2, 2), 20, 0, 0, 0, 0, 0), ev.UnitMoved("g1", "green", ((1, 3), (2, 3)), 2)]
    lines = lines_of(events, state, state)
    assert [l.gainer for l in lines] == ["red", "green", "green", ""]
    html = [line_html(LogLine(l.text, l.kind, l.audience, "", l.rumour, l.gainer), sides) for l in lines]
    red, green = (theme.css(lighten(theme.side_colour(sides, s))) for s in ("red", "green"))
    assert red in html[0] and green not in html[0]
    assert green in html[1] and green in html[2]
    assert red not in html[3] and green not in html[3]
