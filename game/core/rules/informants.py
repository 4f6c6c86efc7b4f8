"""Informants: the people of a place tell the side they favour of the enemy near them.

Source: docs/history.md (Enver's informants in every village; Mazarof's
report of the people leaning towards Enver; the Denov column met where he
expected it); the numbers in rules.yaml `sight` are design choices.

- At the start of each turn, at every place where a side's local support is
  at least `informant_support`, the people report to that side every enemy
  unit within `informant_range` hexes that it does not see and that is not
  hidden (a band in ambush is hidden from its own people's talk too).
- A report gives where the unit is and its kind ("horsemen"), never its
  name, and its strength as the people judge it: off by up to
  `informant_error` of its men at the threshold of support, by nothing at
  full support, to the nearest `report_round` men.  The error is drawn from
  the game's dice and written in the event.
- A unit is reported once a turn, by the place nearest it.  The report goes
  into the side's record of sightings (rules/sight.py), as a report.
"""

from __future__ import annotations

from game.core.dice import ROLL_SIDES
from game.core.events import Event, Reported
from game.core.hexgrid import disc, distance
from game.core.rules.memory import REPORTED, Sighting
from game.core.rules.sight import counted, in_sight
from game.core.state import State, Unit


def report(state: State) -> list[Event]:
    """The turn's reports, side by side, unit by unit."""
    events: list[Event] = []
    for side in state.setup.sides:
        heard_at = earshot(state, side)
        if not heard_at:
            continue
        seen = in_sight(state, side)
        for enemy in state.units_of_not(side):
            if enemy.hex in heard_at and not enemy.hidden and enemy.id not in seen and enemy.men > 0:
                pid = heard_at[enemy.hex]
                events.append(told(state, side, enemy, pid, state.support[pid].get(side, 0)))
    return events


def earshot(state: State, side: str) -> dict:
    """Every hex the people of a place favouring `side` report on: hex -> the nearest such place."""
    least = state.rules.sight.informant_support
    friendly = tuple(p for p, s in sorted(state.support.items()) if s.get(side, 0) >= least)
    return state.setup.remember(("earshot", friendly), lambda: _earshot(state, friendly))


def _earshot(state: State, friendly: tuple) -> dict:
    found: dict = {}
    for pid in friendly:
        here = state.board.places[pid].hex
        for h in disc(here, state.rules.sight.informant_range):
            key = (distance(here, h), pid)
            if h not in found or key < found[h]:
                found[h] = key
    return {h: pid for h, (_, pid) in found.items()}


def told(state: State, side: str, enemy: Unit, pid: str, support: int) -> Reported:
    """One report: the unit's strength as the people of `pid` judge it."""
    rules = state.rules.sight
    roll = state.dice.roll()
    sureness = (support - rules.informant_support) / max(1, 100 - rules.informant_support)
    error = (2 * roll / (ROLL_SIDES - 1) - 1) * rules.informant_error * (1 - min(1.0, sureness))
    men = counted(round(enemy.men * (1 + error)), rules.report_round)
    state.sightings.setdefault(side, {})[enemy.id] = Sighting(enemy.side, enemy.type, "", enemy.hex, state.turn, men,
                                                              REPORTED, pid)
    return Reported(side, enemy.id, pid, tuple(enemy.hex), men, roll)
