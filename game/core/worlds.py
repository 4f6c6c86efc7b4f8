"""A world a side may believe in: a whole game drawn from what the side knows, to play forward in a search.

Source: Cowling, Powley and Whitehouse, "Information Set Monte Carlo Tree Search" (IEEE TCIAIG 4, 2012):
a search under hidden information plays out *determinisations*, games the searcher cannot tell from the one
it is in, drawn afresh for each playout.  OpenSpiel asks a game for them as `resample_from_infostate`.

A world is made from the side's observation (`game.core.observe`) and the scenario only, never from the game:

- its own units, leaders, stocks, ledger, reinforcements, calls and memory are as they are;
- the enemy units in sight stand where they are seen, with what cannot be seen assumed (`observe.assumed`);
- an enemy unit out of sight stands where the side last saw it or was told of it; one never seen or heard of
  stands where the scenario (public, as its briefing is) puts it on the start date, its men drawn from the
  scenario's range, with its leader; any of them on a hex the side sees now is left out (it would be seen);
- the enemy's reinforcements are those the scenario dates after now (a call for help it cannot know of); of its
  ledger only what the score counts (`victory.tallies`); its memory is empty; the places are as the side has
  heard, the enemy's towns with the stocks the scenario gives them;
- the dice are new, from `seed`: the rolls to come are not known either.

So the side observes the world as it observes the game (`tests/test_worlds.py` holds it), and a world can be
played to its end by both sides.
"""

from __future__ import annotations

from game.core.dice import Dice
from game.core.hexgrid import Hex
from game.core.observe import Observation, as_unit, pieces
from game.core.rules import memory, sight
from game.core.rules.reinforcements import schedule, turn_of
from game.core.setup import make_unit, situation
from game.core.state import Leader, State
from game.core.units import Units


def drawn(obs: Observation, seed: int) -> State:
    """A world `obs.side` cannot tell from the game it observes, with dice of `seed`."""
    setup = obs.setup
    units = Units({uid: as_unit(setup, item) for uid, item in pieces(obs, remembered=True).items()})
    world = State(setup=setup, dice=Dice.seeded(seed), units=units, turn=obs.turn, weather=obs.weather,
                  active=setup.sides.index(obs.to_move) if obs.to_move else 0)
    world.leaders = {l.id: l for l in obs.leaders}
    for enemy in (s for s in setup.scenario.sides if s.id != obs.side):
        unheard_of(world, enemy, obs)
    seen = {e.id for e in obs.enemies}
    for uid in sorted(sight.in_sight(world, obs.side) - seen):  # where it would be seen now: it is not there
        del world.units[uid]
        world.leaders = {lid: l for lid, l in world.leaders.items() if l.unit != uid}
    as_known(world, obs)
    return world


def as_known(world: State, obs: Observation) -> None:
    """The rest of the world as the side knows it: the places as it has heard (the enemy's towns with the stocks the
    scenario gives them), its own books, calls, reserves and memory; the enemy's ledger as the score counts it."""
    setup, side, held = obs.setup, obs.side, dict(obs.control)
    world.control, world.heard = dict(held), {s: dict(held) for s in setup.sides}
    world.support = {p: dict(levels) for p, levels in obs.support}
    given = {pid: {"ammunition": p.ammunition, "food": p.food} for pid, p in sorted(setup.board.places.items())
             if (p.food or p.ammunition) and held.get(pid) != side}
    world.stocks = {**given, **{p: dict(s) for p, s in obs.stocks}}
    world.books = {side: dict(obs.books), **{e: dict(entries) for e, entries in obs.tallies}}
    world.reserves = {**world.reserves, **{k: v for k, v in obs.reserves}}
    world.schedule = tuple(sorted(world.schedule + obs.schedule))
    world.calls, world.departed = obs.calls, obs.departed
    world.wins = tuple((t, s, Hex(*h)) for t, s, h in obs.wins)
    world.winner, world.over, world.end_reason = obs.winner, obs.over, obs.end_reason
    world.sightings = {s: {} for s in setup.sides}
    world.sightings[side] = {last.id: memory.Sighting(last.side, last.type, last.name, Hex(*last.hex), last.turn,
                                                      last.men, last.how, last.place) for last in obs.last_seen}


def unheard_of(world: State, enemy, obs: Observation) -> None:
    """The enemy's units the side has never seen nor heard of, where the scenario starts them, with their leaders;
    and its reinforcements the scenario dates after now."""
    setup, known = world.setup, {u.id for u in world.units_of(enemy.id)} | {last.id for last in obs.last_seen}
    on_the_day = situation(setup)
    for spec in enemy.units:
        if spec.id not in known:
            over = on_the_day.units.get(spec.id) if on_the_day is not None else None
            world.put(make_unit(world.dice, spec, enemy.id, setup, over))
    for leader in enemy.leaders:
        if leader.id not in world.leaders and leader.with_unit in world.units:
            world.leaders[leader.id] = Leader(leader.id, enemy.id, leader.name, leader.with_unit, leader.combat,
                                              leader.morale)
    for index, rein in enumerate(enemy.reinforcements):
        due = turn_of(world, rein.date, rein.part) if rein.date is not None else -1
        if due > world.turn:
            key = f"{enemy.id}:{index}"
            world.reserves[key] = tuple(make_unit(world.dice, spec, enemy.id, setup) for spec in rein.units)
            schedule(world, due, key)
