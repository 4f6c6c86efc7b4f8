"""Captured weapons and stores: the winner picks up what the loser lost or left.

Source: docs/history.md (the Denov column's machine guns, rifles and ammunition;
120 rifles and 2 machine guns on 14 Feb; a horse at Kampçı).  The shares are
in rules.yaml `capture` (design choices): more is taken from a loser that
fell back, routed or surrendered than from one that held its ground, and
most of a town's or depot's stocks fall to whoever takes it.  Captured
rifles arm the winner's men who have none.
"""

from __future__ import annotations

from game.core.events import Captured, Event
from game.core.hexgrid import Hex, distance
from game.core.state import GEAR, State
from game.core.rules.fight import Fight


def after_fight(state: State, f: Fight) -> list[Event]:
    share = state.rules.capture.retreat_share if f.loser_fell_back else state.rules.capture.battle_share
    lost = f.lost.get(f.loser, {})
    taken = {k: int(lost.get(k, 0) * share) for k in GEAR}
    winners = f.attackers if f.winner == f.attacker_side else f.defenders
    return hand_over(state, f.winner, f.loser, taken, winners, f.target)


def hand_over(state: State, side: str, from_side: str, taken: dict[str, int], receivers, at: Hex,
              stores: str = "") -> list[Event]:
    """Give captured gear to the neediest of the receiving units (by id, read as they are now); book it."""
    standing = [state.units[uid] for uid in receivers if uid in state.units]
    if not standing or not any(taken.values()):
        return []
    receiver = max(standing, key=lambda u: (u.men - u.rifles, u.id))
    state.put(receiver.but(**{k: getattr(receiver, k) + taken[k] for k in GEAR}))
    for k in GEAR:
        if taken[k]:
            state.book(side, f"{k}_captured", taken[k])
    return [Captured(side, from_side, tuple(at), *(taken[k] for k in GEAR), stores=stores)]


def take_stocks(state: State, place_id: str, side: str) -> list[Event]:
    """A taken town or depot yields most of its stocks to the taker's units there."""
    stocks = state.stocks.get(place_id)
    if not stocks or not any(stocks.values()):
        return []
    h = state.board.places[place_id].hex
    receivers = [u.id for u in state.units_of(side) if distance(u.hex, h) == 0]
    share = state.rules.capture.town_stocks
    taken = {k: 0 for k in GEAR}
    taken["ammunition"] = int(stocks.get("ammunition", 0) * share)
    taken["food"] = int(stocks.get("food", 0) * share)
    state.stocks[place_id] = {"ammunition": 0, "food": 0}
    previous = next((s for s in state.setup.sides if s != side), "")
    return hand_over(state, side, previous, taken, receivers, h, stores=place_id)
