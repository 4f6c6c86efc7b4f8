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
from game.core.observe import Observation, known_state
from game.core.rules import sight
from game.core.rules.reinforcements import schedule, turn_of
from game.core.setup import make_unit, situation
from game.core.state import Leader, State


def drawn(obs: Observation, seed: int) -> State:
    """A world `obs.side` cannot tell from the game it observes, with dice of `seed`: the side's planning view
    (`known_state`, the enemy last known where it was), made whole."""
    side, setup = obs.side, obs.setup
    world = known_state(obs, remembered=True)
    world.dice = Dice.seeded(seed)
    world.units.keep(sight.sight_key(side), sight.Seen(world, side))  # what it truly sees there, not what it reckons
    for enemy in (s for s in setup.scenario.sides if s.id != side):
        unheard_of(world, enemy, obs)
    seen = {e.id for e in obs.enemies}
    for uid in sorted(sight.in_sight(world, side) - seen):  # where it would be seen now: it is not there
        del world.units[uid]
        world.leaders = {lid: l for lid, l in world.leaders.items() if l.unit != uid}
    held = dict(obs.control)
    world.heard = {s: dict(held) for s in setup.sides}
    given = {pid: {"ammunition": p.ammunition, "food": p.food} for pid, p in sorted(setup.board.places.items())
             if (p.food or p.ammunition) and held.get(pid) != side}  # the enemy's towns: as the scenario stocks them
    world.stocks = {**given, **world.stocks}
    world.books.update((e, dict(entries)) for e, entries in obs.tallies)
    world.sightings.update((e, {}) for e in setup.sides if e != side)
    return world


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
