"""The log in plain words: dates with day or night, names, numbers, every kind of event."""

import datetime as dt
import inspect

from game.ai.players import make_player
from game.core import events as ev
from game.core.engine import apply
from game.core.orders import EndPhase
from game.core import narrate as narrate_module
from game.core.narrate import day_text, narrate, narrate_events, when_text
from game.core.setup import make_setup, new_game
from game.scenario.validate import load_scenario
from tests.builders import game, unit


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
        state, events = apply(state, players[state.side].next_order(state))
        for e, line in zip(events, narrate_events(events, state, before)):
            seen.setdefault(e.kind, line)
            text = line.split(": ", 1)[1]
            assert text.rstrip(".") != e.kind.replace("_", " ").capitalize(), line
            assert "None" not in text and "_" not in text.split("(")[0], line
    assert {"turn_began", "unit_moved", "phase_ended"} <= set(seen)


def test_each_kind_has_words():
    state, _ = game(green=[unit("g1", (1, 3))], red=[unit("r1", (7, 5))])
    kinds = {cls.kind for cls in vars(ev).values() if isinstance(cls, type) and issubclass(cls, ev.Event) and cls is not ev.Event}
    source = inspect.getsource(narrate_module)
    missing = [k for k in sorted(kinds) if f'"{k}"' not in source]
    assert not missing, f"no words for: {missing}"
    line = narrate(ev.Combat(("g1",), ("r1",), "green", "red", (7, 5), 4000, 300, 100, 12, 30, True, "green"), state)
    assert "lose 12 men" in line and "fall back" in line and "roll 4000" in line


def test_attrition_names_every_cause():
    state, _ = game(green=[unit("g1", (0, 3))], red=[unit("r1", "town")])
    for cause, words in [("cut off", "being cut off"), ("hunger", "hunger"),
                         ("cut off and hunger", "being cut off and hunger")]:
        assert narrate(ev.Attrition("g1", 3, cause), state).endswith(f"loses 3 men to {words}")
