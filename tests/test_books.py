"""The books balance after every order: on a scenario with every siege rule in play, and over
random and AI games of every shipped scenario at every AI level.

For each side and each asset — men, rifles, machine guns, cannons,
ammunition, horses, food — what came in equals what is on the map plus what
went out (game/core/ledger.py); and nothing anywhere goes negative.  A
failure names the game and the first order after which the books broke.
"""

import datetime as dt
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from game.ai.view import ask
from game.ai.players import LEVELS, make_player
from game.core.engine import apply, legal_orders
from game.core.ledger import imbalances
from game.core.orders import Attack, EndPhase
from game.core.rules import movement
from game.core.setup import make_setup, new_game
from game.scenario.validate import load_scenario
from tests.builders import end_phase, end_turn, game, leader, on_call, place, unit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIOS = [("dushanbe_1922", None), ("dushanbe_1922", "1922-02-08"), ("denov_relief_column", None),
             ("flight_1926", None)]
HARD_TURNS = 6  # the hard level looks ahead at every decision: a few turns of it are enough here

ROWS = [
    "MMMMMMMMMM",
    "h.o..v..o.",
    "..o.T..oo.",
    "v...o.....",
    "..oo....o.",
    "o.....v...",
]


def siege(seed: int):
    """A town with stocks and a wireless under siege: hidden bands, militia, leaders, help on call."""
    places = [
        place("town", (4, 2), kind="town", supply_source=["red"], held_by="red", wireless=True,
              stocks={"food": 3000, "ammunition": 40000}, support={"green": 30, "red": 60}),
        place("depot", (9, 3), kind="depot", supply_source=["red"], rear=True, held_by="red"),
        place("kishlak", (0, 3), support={"green": 85, "red": 10}, held_by="green"),
        place("bazaar", (5, 1), support={"green": 50, "red": 50}),
        place("orchards", (6, 5), support={"green": 70, "red": 20}, stocks={"food": 500, "ammunition": 0}),
    ]
    green = [
        unit("g_horse", (2, 2), men=150, type="horsemen", rifles=100, ammunition=4000, horses=150, food=300,
             hidden=True, morale=70),
        unit("g_foot", (0, 3), men=200, type="foot_band", rifles=80, ammunition=2000, food=400, morale=65),
        unit("g_road", (8, 2), men=120, type="horsemen", rifles=90, machine_guns=1, ammunition=3000, horses=120,
             food=200, hidden=True),
    ]
    red = [
        unit("r_garrison", "town", men=600, rifles=600, machine_guns=2, cannons=1, ammunition=60000, food=3000,
             posture="entrenched", wireless=True, morale=55),
        unit("r_militia", "town", men=150, rifles=120, type="militia", ammunition=8000, food=500, morale=40),
        unit("r_cav", (9, 3), men=200, type="cavalry", rifles=200, ammunition=20000, horses=200, food=1000),
        unit("r_guns", "town", men=40, type="artillery", rifles=10, cannons=2, ammunition=600, food=100),
        unit("r_ghost", (5, 1), men=0, type="militia"),  # a post with nobody left in it
    ]
    red_side = {
        "leaders": [leader("mazarof", "r_garrison", combat=10, morale=10), leader("kombrig", "r_cav", combat=15)],
        "stations": ["tashkent", "bukhara"],
        "reinforcements": [
            on_call("tashkent", [unit("r_tashkent", (9, 4), men=300, machine_guns=2)], delay="1..3"),
            on_call("bukhara", [unit("r_bukhara", (9, 1), men=150, type="militia")], delay=2),
            {"date": "1922-02-09", "units": [unit("r_column", (9, 5), men=250, type="cavalry", horses=250)]},
        ],
    }
    green_side = {"leaders": [leader("enver", "g_horse", combat=25, morale=20)]}
    return game(
        green, red, seed=seed, rows=ROWS, green_side=green_side, red_side=red_side,
        map__legend={".": "farmland", "v": "village", "o": "orchard", "h": "hills", "M": "mountains", "T": "town"},
        map__places=places,
        map__tracks=[{"name": "road", "hexes": ["depot", [6, 2], "town"]}],
        weather=[{"start": "1922-02-08", "end": "1922-02-10", "chances": {"clear": 40, "snow": 30, "rain": 30}}],
        victory__objectives=[{"place": "town", "points": {"green": 10, "red": 10}}],
        victory__sudden_death=[{"side": "green", "control": ["town"]}],
        victory__exits=[{"side": "green", "at": [[0, 5]], "points_per_100_men": 5}],
    )


def assert_books_balance(state, after: str = "the start"):
    wrong = imbalances(state)
    assert not wrong, f"the books broke after {after} (turn {state.turn}): " + "; ".join(wrong)


def assert_nothing_negative(state):
    for u in state.units.values():
        for name in ("men", "rifles", "machine_guns", "cannons", "ammunition", "food", "horses",
                     "moves_left", "turns_cut_off", "shaken"):
            assert getattr(u, name) >= 0, (u.id, name, getattr(u, name))
        assert 0 <= u.morale <= 100, (u.id, u.morale)
    for pid, stock in state.stocks.items():
        assert all(v >= 0 for v in stock.values()), (pid, stock)
    for pid, levels in state.support.items():
        assert all(0 <= v <= 100 for v in levels.values()), (pid, levels)


def play(seed: int, picks: list[int]):
    """Random legal orders, through whole turns to the end: every phase ends after finitely many orders."""
    state, _ = siege(seed)
    assert_books_balance(state)
    kinds_seen: set[str] = set()
    step = 0
    while not state.over:
        orders = legal_orders(state, state.side)
        assert orders and isinstance(orders[-1], EndPhase)
        pick = picks[step % len(picks)]
        order = orders[-1] if pick % 8 == 0 else orders[pick % len(orders)]
        state, events = apply(state, order)
        kinds_seen.update(e.kind for e in events)
        assert_books_balance(state, f"order {step + 1} ({order})")
        assert_nothing_negative(state)
        step += 1
    return state, kinds_seen


def shipped(name: str, start: str | None, seed: int):
    loaded = load_scenario(os.path.join(ROOT, "scenarios", f"{name}.yaml"))
    return new_game(make_setup(loaded.scenario, loaded.rules, dt.date.fromisoformat(start) if start else None), seed)[0]


def play_checked(state, choose, label: str, last_turn: int | None = None):
    """Play on with `choose(state)`, checking the books after every order; name the first that breaks them."""
    step = 0
    while not state.over and (last_turn is None or state.turn < last_turn):
        order = choose(state)
        state, _ = apply(state, order)
        step += 1
        assert_books_balance(state, f"{label}, order {step} ({order})")
        assert_nothing_negative(state)
    return state


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("name, start", SCENARIOS)
def test_books_balance_in_ai_games_of_every_scenario_and_level(name, start, level):
    seed = 11 + LEVELS.index(level)
    state = shipped(name, start, seed)
    players = {side: make_player(level, side, seed) for side in state.setup.sides}
    play_checked(state, lambda s: ask(players[s.side], s), f"{name} {start or ''} {level} seed {seed}",
                 HARD_TURNS if level == "hard" else None)


@pytest.mark.parametrize("name, start", SCENARIOS)
def test_books_balance_in_random_games_of_every_scenario(name, start):
    for seed in range(3):
        rng = random.Random(seed)

        def choose(state):
            orders = legal_orders(state, state.side)
            return orders[-1] if rng.random() < 0.15 else rng.choice(orders)

        final = play_checked(shipped(name, start, seed), choose, f"{name} {start or ''} random seed {seed}")
        assert final.over


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1), st.lists(st.integers(0, 10_000), min_size=1, max_size=40))
def test_books_balance_after_every_order_of_random_games(seed, picks):
    state, _ = play(seed, picks)
    assert state.over and state.winner in state.setup.sides


def test_the_random_games_reach_the_siege_rules():
    """The property test is only worth something if the rules it guards actually fire."""
    seen: set[str] = set()
    for seed in range(12):
        _, kinds_seen = play(seed, [seed * 7919 + i * 104729 for i in range(37)])
        seen |= kinds_seen
    for kind in ("combat", "ambush", "captured", "defected", "recruited", "spotted", "hid", "wireless_call",
                 "reinforcements_arrived", "cut_off", "attrition"):
        assert kind in seen, kind


def test_a_unit_with_no_men_takes_nothing_blocks_nothing_and_is_gone_when_attacked():
    town = place("town", (3, 2), kind="town", held_by="red")
    state, _ = game(green=[unit("g_empty", (3, 2), men=0), unit("g2", (0, 5), food=1000)],
                    red=[unit("r1", (4, 2), men=300, food=1000)], map__places=[town],
                    victory__objectives=[], victory__sudden_death=[])
    empty_hex = state.units["g_empty"].hex
    assert state.control["town"] == "red"  # standing there with nobody does not take it
    assert not set(state.board.neighbours(empty_hex)) & movement.enemy_zoc(state, "red")
    state, _ = end_turn(state)
    state, _ = end_phase(state)
    assert_books_balance(state)
    state, events = apply(state, Attack(("r1",), empty_hex))
    assert "g_empty" not in state.units
    assert ("unit_destroyed", "g_empty") in [(e.kind, getattr(e, "unit", "")) for e in events]
    assert_books_balance(state)
    assert_nothing_negative(state)


def test_an_empty_post_holding_stores_takes_them_off_the_books_when_it_is_gone():
    """A post with nobody left that still holds food and rifles (it was handed a share of captured stores):
    when it is attacked and leaves the map, what it held is booked lost, not lost from the books."""
    state, _ = game(green=[unit("g_empty", (3, 2), men=0, food=450, rifles=5), unit("g2", (0, 5), food=1000)],
                    red=[unit("r1", (4, 2), men=300, food=1000)], victory__objectives=[], victory__sudden_death=[])
    state, _ = end_turn(state)
    state, _ = end_phase(state)
    state, _ = apply(state, Attack(("r1",), state.units["g_empty"].hex))
    assert "g_empty" not in state.units
    assert state.books["green"]["food_lost"] >= 450
    assert_books_balance(state)
