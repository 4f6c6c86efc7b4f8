"""A world drawn from what a side knows (game/core/worlds.py): the side cannot tell it from the game, it holds
nothing the side may not know, and it can be played to its end."""

from __future__ import annotations

import os

import pytest

from game.ai.players import make_player
from game.core.digest import state_digest
from game.core.engine import apply
from game.core.hexgrid import Hex
from game.core.observe import observe
from game.core.rules import sight
from game.core.setup import make_setup, new_game
from game.core.worlds import drawn
from game.scenario.validate import load_scenario
from tests.test_books import ROOT
from tests.test_knowledge import SCENARIOS, blind_change


def moments(name: str, seed: int, every: int):
    """Every `every`-th state of a game the normal AI plays on both sides."""
    loaded = load_scenario(os.path.join(ROOT, "scenarios", name))
    setup = make_setup(loaded.scenario, loaded.rules)
    state, _ = new_game(setup, seed)
    players = {s: make_player("normal", s, seed) for s in setup.sides}
    step = 0
    while not state.over:
        if step % every == 0:
            yield state
        state, _ = apply(state, players[state.side].next_order(observe(state, state.side)))
        step += 1
    yield state


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_side_observes_a_world_drawn_from_its_knowledge_as_it_observes_the_game(name):
    checked = 0
    for state in moments(name, 4, 9):
        for side in state.setup.sides:
            obs = observe(state, side)
            for seed in (1, 2):
                assert observe(drawn(obs, seed), side) == obs, (name, state.turn, side, seed)
                checked += 1
    assert checked > 8


def test_a_world_holds_nothing_the_side_may_not_know_and_its_dice_are_its_own():
    import random

    state = list(moments("dushanbe_1922.yaml", 2, 40))[3]
    rng = random.Random(5)
    for side in state.setup.sides:
        world = drawn(observe(state, side), 9)
        blind = drawn(observe(blind_change(state, side, rng), side), 9)
        assert state_digest(world) == state_digest(blind)  # what the side may not know changed: the same world
        assert drawn(observe(state, side), 10).dice.state != world.dice.state != state.dice.state


def test_enemy_units_stand_where_last_known_or_where_the_scenario_starts_them_unless_in_sight():
    state = list(moments("dushanbe_1922.yaml", 3, 30))[4]
    for side in state.setup.sides:
        obs = observe(state, side)
        world = drawn(obs, 1)
        seen = {e.id for e in obs.enemies}
        for last in obs.last_seen:
            if last.id in world.units:
                assert world.units[last.id].hex == Hex(*last.hex) and last.id not in seen
        known = seen | {last.id for last in obs.last_seen}
        starts = {u.id: u.at for s in state.setup.scenario.sides if s.id != side for u in s.units}
        for unit in world.units_of_not(side):
            if unit.id not in known:
                assert tuple(unit.hex) == tuple(starts[unit.id])
        assert sight.in_sight(world, side) == seen  # nothing stands where the side would see it and does not


@pytest.mark.parametrize("name", ["kampchi_raid.yaml", "denov_relief_column.yaml"])
def test_a_world_plays_to_its_end_by_both_sides(name):
    state = list(moments(name, 6, 12))[2]
    for side in state.setup.sides:
        world = drawn(observe(state, side), 3)
        players = {s: make_player("easy", s, 3) for s in world.setup.sides}
        for _ in range(2_000):
            if world.over:
                break
            world, _ = apply(world, players[world.side].next_order(observe(world, world.side)))
        assert world.over and world.winner in world.setup.sides + ("",)


def test_a_world_in_which_the_side_knows_every_enemy_unit_still_sees_only_what_it_sees():
    """Every enemy unit seen or freshly reported, so none is added: the side's planning view reckons with the
    reported ones as if in sight, but in the world it sees what its units truly see."""
    from game.core.rules import memory

    state = list(moments("kampchi_raid.yaml", 2, 5))[1].copy()
    side = "basmachi"
    seen = sight.in_sight(state, side)
    book = state.sightings.setdefault(side, {})
    for unit in state.units_of_not(side):
        if unit.id not in seen:
            book[unit.id] = memory.Sighting(unit.side, unit.type, "", unit.hex, state.turn, unit.men, memory.REPORTED)
    obs = observe(state, side)
    assert obs.last_seen and {e.id for e in obs.enemies} | {x.id for x in obs.last_seen} == \
        {u.id for u in state.units_of_not(side)}
    world = drawn(obs, 1)
    assert observe(world, side) == obs
    assert all(world.units[x.id].hex == Hex(*x.hex) for x in obs.last_seen)  # out of sight, where reported
