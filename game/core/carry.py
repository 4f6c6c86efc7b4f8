"""Forces carried from one scenario of a campaign into the next.

Source: the campaign file (docs/campaign-format.md), as Panzer General carries
its core units and Wesnoth its recall list.  A unit goes on by its id (or the
id the campaign maps it to): the next scenario's unit of that id starts with
the men, weapons, ammunition, food, horses and morale it ended with, where
the next scenario puts it; a unit that was lost does not appear.  Units the
next scenario lists that no earlier scenario had come as listed.  Leaders go
on with their wounds; a killed or captured leader does not appear, and a
leader whose unit is gone joins his side's strongest unit.  Places both
scenarios name keep their holder and support where the campaign says so.

The books start from what the units bring, so what leaves one scenario is
exactly what arrives in the next (tests/test_campaign.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from game.core.state import ASSETS, Setup, State, Unit

CARRIED = ("men", "full_men", "rifles", "machine_guns", "cannons", "ammunition", "food", "horses", "morale")


@dataclass(frozen=True)
class Strength:
    """What a unit brings into the next scenario."""
    men: int
    full_men: int
    rifles: int
    machine_guns: int
    cannons: int
    ammunition: int
    food: int
    horses: int
    morale: int

    @classmethod
    def of(cls, unit: Unit) -> "Strength":
        return cls(**{name: getattr(unit, name) for name in CARRIED})


@dataclass(frozen=True)
class Carried:
    """What the scenarios before bring into this one (empty: it starts as its file has it)."""
    units: tuple[tuple[str, Strength], ...] = ()  # (unit id here, what it brings), sorted by id (as every field)
    lost: tuple[str, ...] = ()  # units of this scenario lost in an earlier one
    leaders: tuple[tuple[str, str, int], ...] = ()  # (leader id, status, turns to recover)
    places: tuple[tuple[str, str, tuple[tuple[str, int], ...]], ...] = ()  # (place, holder, ((side, support), ...))

    def __bool__(self) -> bool:
        return bool(self.units or self.lost or self.leaders or self.places)


def bring(state: State, carried: Carried) -> None:
    """Set a starting game (new_game, before the first turn's upkeep) as earlier scenarios leave it."""
    if not carried:
        return
    for uid, strength in carried.units:
        if uid in state.units:
            unit = state.units[uid]
            rebook(state, unit, -1)
            state.put(replace(unit, **{name: getattr(strength, name) for name in CARRIED}))
            rebook(state, state.units[uid], +1)
    for uid in carried.lost:
        if uid in state.units:
            rebook(state, state.units[uid], -1)
            del state.units[uid]
    for lid, status, turns in carried.leaders:
        if lid in state.leaders:
            state.leaders[lid] = replace(state.leaders[lid], status=status, wounded_turns=turns)
    waiting = {u.id for units in state.reserves.values() for u in units}
    for lid, leader in sorted(state.leaders.items()):
        if leader.status in ("fit", "wounded") and leader.unit not in state.units and leader.unit not in waiting:
            state.leaders[lid] = replace(leader, unit=strongest(state, leader.side))
    for pid, holder, support in carried.places:
        if pid in state.control:
            state.control[pid] = holder
            state.support[pid] = {side: dict(support).get(side, 0) for side in state.setup.sides}


def rebook(state: State, unit: Unit, sign: int) -> None:
    """Take a unit's assets off (-1) or put them on (+1) its side's books of what it started with."""
    for asset in ASSETS:
        state.book(unit.side, f"{asset}_start", sign * getattr(unit, asset))


def strongest(state: State, side: str) -> str:
    units = state.units_of(side)
    return max(units, key=lambda u: (u.men, u.id)).id if units else ""


# -- what a finished scenario hands on ------------------------------------------------

@dataclass(frozen=True)
class Roster:
    """The campaign's memory of its forces: every unit and leader seen so far, as last seen."""
    units: tuple[tuple[str, Strength | None], ...] = ()  # None: lost
    leaders: tuple[tuple[str, str, int], ...] = ()
    places: tuple[tuple[str, str, tuple[tuple[str, int], ...]], ...] = ()


def after(roster: Roster, final: State, renamed: dict[str, str], places: bool) -> Roster:
    """The roster once a scenario is over: its units as they ended (led off the map counts as alive), by the
    ids the campaign gives them next; its leaders; its places if the campaign carries them."""
    units = dict(roster.units)
    starting = [spec.id for side in final.setup.scenario.sides for spec in side.units]
    arrived = [u.id for units_ in _arrived(final) for u in units_]
    gone = {u.id: u for u in final.departed}
    for uid in starting + arrived:
        unit = final.units.get(uid) or gone.get(uid)
        units[renamed.get(uid, uid)] = Strength.of(unit) if unit is not None and unit.men > 0 else None
    leaders = dict((lid, (status, turns)) for lid, status, turns in roster.leaders)
    for lid, leader in sorted(final.leaders.items()):
        leaders[lid] = ("fit" if leader.status == "left" else leader.status, leader.wounded_turns)
    held = dict((pid, (holder, support)) for pid, holder, support in roster.places)
    if places:
        for pid in sorted(final.control):
            held[pid] = (final.control[pid], tuple(sorted(final.support.get(pid, {}).items())))
    return Roster(tuple(sorted(units.items())), tuple((lid, s, t) for lid, (s, t) in sorted(leaders.items())),
                  tuple((pid, h, s) for pid, (h, s) in sorted(held.items())))


def _arrived(final: State):
    """The reinforcements that came on during the game (those still in reserve never did)."""
    waiting = set(final.reserves)
    for side in final.setup.scenario.sides:
        for index, rein in enumerate(side.reinforcements):
            if f"{side.id}:{index}" not in waiting:
                yield rein.units


def carried_into(roster: Roster, setup: Setup, places: bool) -> Carried:
    """What the roster brings to the start of a game of `setup` (places only if the step before carries them)."""
    known = dict(roster.units)
    sides = setup.scenario.sides
    specs = [spec.id for side in sides for spec in side.units]
    leaders = {leader.id for side in sides for leader in side.leaders}
    units = tuple(sorted((uid, known[uid]) for uid in specs if known.get(uid) is not None))
    lost = tuple(sorted(uid for uid in specs if uid in known and known[uid] is None))
    held = tuple(sorted(entry for entry in roster.places if entry[0] in setup.board.places)) if places else ()
    return Carried(units, lost, tuple(sorted(entry for entry in roster.leaders if entry[0] in leaders)), held)
