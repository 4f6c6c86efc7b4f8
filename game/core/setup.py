"""A new game from a validated scenario and a seed.

Strength ranges (`7000..8000`) are drawn here from the game's own dice, in
file order, so that the same scenario and seed always give the same forces.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from game.core.board import Board, build_board
from game.core.brief import Situation, UnitOnTheDay, UnitSpec, brief_of
from game.core.carry import Carried, bring
from game.core.dice import Dice, amount
from game.core.events import Event
from game.core.rulebook import RuleBook
from game.core.rules.control import update_control
from game.core.rules.movement import movement_allowance
from game.core.rules.reinforcements import answer_call, schedule, turn_of
from game.core.rules.weather import draw_weather
from game.core.state import ASSETS, Leader, Setup, State, Unit


class SetupError(ValueError):
    """The scenario cannot start as asked (e.g. an unknown start date)."""


def start_dates(scenario: Any) -> list[dt.date]:
    """The start dates of a validated scenario file."""
    return [s.date for s in scenario.calendar.start_dates]


def make_setup(scenario: Any, rules: RuleBook, start: dt.date | None = None, board: Board | None = None) -> Setup:
    """What never changes in a game of the validated `scenario` from `start`: its board, and the scenario read into
    the core's own frozen data (brief.py); the file's objects go no further."""
    board = board or build_board(scenario)
    brief = brief_of(scenario, board)
    choices = [s.date for s in brief.start_dates]
    start = start or choices[0]
    if start not in choices:
        raise SetupError(f"start date {start} is not one of the scenario's: {', '.join(map(str, choices))}")
    total = ((brief.end_date - start).days + 1) * brief.turns_per_day
    return Setup(brief, board, rules, tuple(s.id for s in brief.sides), start, total, brief.turns_per_day)


def situation(setup: Setup) -> Situation | None:
    """What the chosen start date sets up beyond the scenario's forces (None: the forces as listed)."""
    return next((s.situation for s in setup.scenario.start_dates if s.date == setup.start), None)


def make_unit(dice: Dice, spec: UnitSpec, side: str, setup: Setup, over: UnitOnTheDay | None = None) -> Unit:
    """A unit as the scenario lists it, or as the start date's situation (`over`) has it on that day."""
    def given(name: str) -> Any:
        value = getattr(over, name, None)
        return getattr(spec, name) if value is None else value

    men = amount(dice, given("men"))
    cut_off = getattr(over, "days_cut_off", 0) * setup.turns_per_day
    return Unit(
        id=spec.id, side=side, name=spec.name, type=spec.type,
        hex=given("at"),
        men=men, full_men=amount(dice, spec.men) if over is not None and over.men is not None else men,
        rifles=amount(dice, given("rifles")),
        machine_guns=amount(dice, given("machine_guns")), cannons=amount(dice, given("cannons")),
        ammunition=amount(dice, given("ammunition")), food=amount(dice, given("food")),
        horses=amount(dice, given("horses")), morale=given("morale"), posture=given("posture"),
        hidden=given("hidden"), wireless=spec.wireless, turns_cut_off=cut_off, supplied=cut_off == 0,
    )


def set_the_day(state: State, on_the_day: Situation) -> None:
    """The places and the calls already made as the start date's situation has them."""
    for pid, over in sorted(on_the_day.places.items()):
        if over.held_by is not None:
            state.control[pid] = over.held_by
        if over.support is not None:
            state.support[pid] = {side: over.support.get(side, 0) for side in state.setup.sides}
        if over.stocks is not None:
            ammunition, food = over.stocks
            state.stocks[pid] = {"ammunition": ammunition, "food": food}
    for made in on_the_day.calls:
        answer_call(state, made.side, made.station, since=made.turns_ago)


def new_game(setup: Setup, seed: int, carried: Carried = Carried()) -> tuple[State, list[Event]]:
    """The state before the first order, and the events of setting it up; `carried`: what the scenarios
    before this one in a campaign bring into it (core/carry.py)."""
    state = State(setup=setup, dice=Dice.seeded(seed))
    scenario = setup.scenario
    on_the_day = situation(setup)
    for side in scenario.sides:
        state.books[side.id] = {}
        for spec in side.units:
            over = on_the_day.units.get(spec.id) if on_the_day is not None else None
            unit = make_unit(state.dice, spec, side.id, setup, over)
            state.put(unit)
            for asset in ASSETS:
                state.book(side.id, f"{asset}_start", getattr(unit, asset))
        for index, rein in enumerate(side.reinforcements):
            key = f"{side.id}:{index}"
            state.reserves[key] = tuple(make_unit(state.dice, spec, side.id, setup) for spec in rein.units)
            if rein.date is not None:
                schedule(state, turn_of(state, rein.date, rein.part), key)
        for leader in side.leaders:
            state.leaders[leader.id] = Leader(leader.id, side.id, leader.name, leader.with_unit, leader.combat, leader.morale)
    for place in setup.board.places.values():
        state.control[place.id] = place.held_by
        if place.food or place.ammunition:
            state.stocks[place.id] = {"ammunition": place.ammunition, "food": place.food}
        given = dict(place.support)
        state.support[place.id] = {side: given.get(side, 0) for side in setup.sides}
    if on_the_day is not None:
        set_the_day(state, on_the_day)
    bring(state, carried)
    events: list[Event] = [draw_weather(state)]
    for uid in sorted(state.units):
        unit = state.units[uid]
        state.put(unit.but(moves_left=movement_allowance(state, unit)))
    from game.core.rules.reinforcements import arrive

    events += arrive(state)
    from game.core.rules.informants import report
    from game.core.rules.memory import remember

    events = update_control(state, {u.hex for u in state.units.values()}) + events + report(state)
    return state, events + remember(state)
