"""The record a side keeps: where it last saw each enemy unit, and who holds each place as far as it has heard.

Source: design choice (docs/rules.md, "What a side knows"); numbers in
rules.yaml `sight`.

- After every order each side notes every enemy unit in its sight (rules/sight.py): where, on which turn,
  about how many men (`seen_round`). An enemy that comes into its sight is news (a `sighted` event).
- The note stays when the unit leaves its sight, as a last-seen marker, until the side sees it again, looks
  at the hex and finds it gone, or `memory_turns` pass.  Informants' reports go in the same record
  (rules/informants.py).
- Who holds each place the side knows for its own places, the places it sees and those whose people favour
  it (`informant_support`); of the rest it keeps what it last heard.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.events import Event, Sighted
from game.core.hexgrid import Hex, distance
from game.core.rules.sight import farthest_sight, sight_lost, counted, in_sight, looked_at
from game.core.state import State

SEEN = "seen"
REPORTED = "reported"


@dataclass(frozen=True)
class Sighting:
    """What a side last knew of an enemy unit: whose and what it is, where, on which turn, about how many men,
    and how it knew (a report names no unit: `name` is empty)."""
    side: str
    type: str
    name: str
    hex: Hex
    turn: int
    men: int
    how: str  # SEEN or REPORTED
    place: str = ""  # the place whose people reported it (a report)


def remember(state: State, before: State | None = None) -> list[Event]:
    """After every order each side notes the enemy units it sees, and crosses out those it no longer finds where
    it last knew them; an enemy that comes into its sight is news (an event)."""
    events: list[Event] = []
    step = state.rules.sight.seen_round
    for side in state.setup.sides:
        book = state.sightings.setdefault(side, {})
        now = in_sight(state, side)
        earlier = in_sight(before, side) if before is not None else frozenset()
        same_turn = before is not None and before.turn == state.turn
        for uid in sorted(now):
            unit, last = state.units[uid], book.get(uid)
            if same_turn and uid in earlier and before.units.get(uid) is unit and last is not None:
                continue  # seen before the order as it is now: the note stands
            men = counted(unit.men, step)
            if last is None or (last.hex, last.turn, last.men, last.how) != (unit.hex, state.turn, men, SEEN):
                book[uid] = Sighting(unit.side, unit.type, unit.name, unit.hex, state.turn, men, SEEN)
            if uid not in earlier:
                events.append(Sighted(side, uid, tuple(unit.hex), book[uid].men))
        eyes = new_eyes(state, before, side)
        far = farthest_sight(state)
        for uid in sorted(set(book) - now):
            h = book[uid].hex
            looked = eyes is None or uid in earlier or (eyes and any(distance(h, e) <= far for e in eyes))
            if looked and looked_at(state, side, h):  # a unit just gone from sight, or new eyes near its hex
                del book[uid]
        hear(state, side, before, eyes)
    return events


def new_eyes(state: State, before: State | None, side: str) -> list[Hex] | None:
    """Where `side`'s units look from that they did not before the order (None: anything may look otherwise now:
    a new game, another hour or weather). Only near these can a note be crossed out."""
    if before is None or sight_lost(before) != sight_lost(state) or before.turn != state.turn:
        return None
    now, then = state.units, before.units
    moved = now.moved_since(then)
    candidates = state.units_of(side) if moved is None else \
        [now[uid] for uid in moved if uid in now and now[uid].side == side]
    return [u.hex for u in candidates if then.get(u.id) is None or then[u.id].hex != u.hex]


def hear(state: State, side: str, before: State | None = None, eyes: list[Hex] | None = None) -> None:
    """Who holds each place, as far as `side` knows: its own places, and those it sees or has friends in.
    (`before` and `eyes`, from `remember`: a place that changed no hands and has no new eyes near it is not
    looked at again.)"""
    heard = state.heard.setdefault(side, {})
    if heard == state.control:
        return
    friends = state.rules.sight.informant_support
    for pid in sorted(state.control):
        holder = state.control[pid]
        if heard.get(pid) == holder:
            continue
        here = state.board.places[pid].hex
        if pid not in heard or holder == side or state.support.get(pid, {}).get(side, 0) >= friends or \
                (not _unchanged(state, before, eyes, pid) and looked_at(state, side, here)):
            heard[pid] = holder


def _unchanged(state: State, before: State | None, eyes: list[Hex] | None, pid: str) -> bool:
    """Nothing that would show `side` who holds place `pid` changed since `before`: the same holder, the same
    eyes far from it (the place was not seen then, so it is not now)."""
    if eyes is None or before.control.get(pid) != state.control[pid]:
        return False
    here = state.board.places[pid].hex
    return all(distance(here, e) > farthest_sight(state) for e in eyes)


def forget(state: State) -> list[Event]:
    """At the start of a turn each side forgets what it last knew too long ago."""
    keep = state.rules.sight.memory_turns
    for book in state.sightings.values():
        for uid in sorted(book):
            if state.turn - book[uid].turn > keep:
                del book[uid]
    return []
