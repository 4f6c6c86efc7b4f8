"""Wireless calls for reinforcements.

Source: "Siege of Dushanbe" (docs/history.md): encircled, the garrison wires
Tashkent, Bukhara and Samarkand for help.  A unit with a wireless set, besieged (cut
off, or with enemies within `besieged_range`), may call each of its side's
stations once.  Every reinforcement the scenario puts `on_call` of that
station is then scheduled to arrive after its `delay_turns`, drawn from the
game's dice when the call is made.  They enter at their map edge, where they
can be met and ambushed on the road.
"""

from __future__ import annotations

from game.core.events import Event, WirelessCall
from game.core.orders import CallWireless
from game.core.rules.reinforcements import answer_call
from game.core.rules.sight import sees
from game.core.state import State


def side_spec(state: State, side: str):
    return state.setup.scenario.side(side)


def besieged(state: State, unit) -> bool:
    near = state.rules.wireless.besieged_range
    return unit.turns_cut_off > 0 or any(u.side != unit.side and sees(state, unit.side, u)
                                         for u in state.units_near(unit.hex, near))


def why_not(state: State, order: CallWireless) -> str:
    """Why this call cannot be made ("" when it can)."""
    unit = state.units[order.unit]
    spec = side_spec(state, unit.side)
    if not unit.wireless:
        return f"{unit.name} has no wireless set"
    if order.station not in spec.stations:
        return f"{order.station} is not a station {unit.side} can call (stations: {', '.join(spec.stations) or 'none'})"
    if f"{unit.side}:{order.station}" in state.calls:
        return f"{order.station} has already been called"
    if not besieged(state, unit):
        return f"{unit.name} is not besieged: no enemy within {state.rules.wireless.besieged_range} hexes and not cut off"
    if not any(r.on_call == order.station for r in spec.reinforcements):
        return f"nobody at {order.station} can come"
    return ""


def help_on_call(state: State, side: str, station: str) -> tuple[int, int, int]:
    """What a call to `station` brings, as the side knows it before calling: (men at the least, the fewest turns and
    the most turns before the first of them is due) — what the dialog offers, and the AI may weigh."""
    men, soonest, latest = 0, None, None
    for rein in side_spec(state, side).reinforcements:
        if rein.on_call != station:
            continue
        men += sum(u.men if isinstance(u.men, int) else u.men.low for u in rein.units)
        low, high = (rein.delay_turns, rein.delay_turns) if isinstance(rein.delay_turns, int) else \
            (rein.delay_turns.low, rein.delay_turns.high)
        soonest = max(1, low) if soonest is None else min(soonest, max(1, low))
        latest = max(1, high) if latest is None else min(latest, max(1, high))
    return men, soonest or 0, latest or 0


def call(state: State, order: CallWireless) -> list[Event]:
    unit = state.units[order.unit]
    events: list[Event] = [WirelessCall(unit.side, unit.id, order.station, arrives, delay)
                           for arrives, delay in answer_call(state, unit.side, order.station)]
    state.put(unit.but(moves_left=0, moved=True))
    return events
