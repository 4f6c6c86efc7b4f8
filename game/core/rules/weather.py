"""Weather by date: fixed for a spell, or drawn each turn from the spell's chances.

Source: the scenario's `weather` spells (docs/history.md: February is cold and wet
with snow; 14 Feb "smoky and snowy"); the effects of each kind on movement,
casualties and attack are in rules.yaml `weather`.  Where spells overlap, the
last one in the file wins; no spell means clear weather.
"""

from __future__ import annotations

from game.core.events import TurnBegan
from game.core.state import State


def spell_for(state: State):
    return spell_on(state, state.date, "night" if state.is_night else "day")


def spell_on(state: State, date, part: str):
    """The spell that rules `date`'s day or night (the last in the file that covers it), or None."""
    found = None
    for spell in state.setup.scenario.weather:
        if spell.start <= date <= spell.end and spell.part in (part, "both"):
            found = spell
    return found


def expected_move(state: State, date, part: str) -> float:
    """The movement factor `date`'s day or night may be expected to bring: its spell's weather, or the mean over
    its chances."""
    spell = spell_on(state, date, part)
    factors = state.rules.weather
    if spell is None:
        return factors["clear"].move
    if spell.weather is not None:
        return factors[spell.weather].move
    total = sum(percent for _, percent in spell.chances)
    return sum(factors[name].move * percent for name, percent in spell.chances) / total if total else 1.0


def draw_weather(state: State) -> TurnBegan:
    """Set the weather for the turn that begins; the event carries the roll."""
    spell = spell_for(state)
    roll = -1
    if spell is None:
        weather = "clear"
    elif spell.weather is not None:
        weather = spell.weather
    else:
        roll = state.dice.roll()
        weather, edge = "clear", 0
        for name, percent in spell.chances:
            edge += percent * 100
            if roll < edge:
                weather = name
                break
    state.weather = weather
    part = "night" if state.is_night else "day"
    return TurnBegan(state.turn, state.date.isoformat(), part, weather, roll)
