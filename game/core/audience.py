"""Who hears of what: each event's audience, and each side's log.

Source: design notes ("one view per player"); the fog of 1922 (docs/rules.md,
"What a side knows").  A side is told what it sees happen, and nothing of
what it does not:

- the turn, the weather, the end of a phase or of the game: everyone;
- a fight and all that follows from it (losses, retreats, panics, captures in
  the fight, leaders hit, men going over): both sides in it;
- a unit moving, digging in, stopping, leaving the map, arriving: its own
  side, and any side that sees it before or after (a side that sees only a
  part of a move is told that part; a stop for an enemy come into sight, which
  tells that the move meant to go on, only its own side);
- a unit hiding, calling by wireless, being cut off or supplied (or drawing
  rounds), starving,
  recruiting, a way out opening: its own side only;
- a place taken: the taker, and any side that learns of it (rules/sight.py,
  `hear`); a side whose post was taken out of its sight hears no word from it;
- a sighting or an informant's report: the side told;
- a failed search for a hidden unit: nobody (the roll is the referee's).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from game.core.events import SIGHT_STOP, Event
from game.core.hexgrid import Hex
from game.core.narrate import glimpse, narrate, sentence, when_text
from game.core.rules.sight import in_sight, looked_at
from game.core.state import State

EVERYONE = frozenset({"turn_began", "phase_ended", "game_over", "combat", "retreated", "cut_down", "advanced",
                      "ambush", "panicked", "surrendered", "leader_hit", "defected", "spotted"})
OWN_ONLY = frozenset({"hid", "supplied", "reinforcements_delayed", "wireless_call", "cut_off", "resupplied", "attrition",
                      "recruited", "leader_moved", "way_opened", "sighted", "reported"})
WATCHED = frozenset({"unit_moved", "move_stopped", "entrenched", "left_map", "unit_destroyed"})
IN_A_FIGHT = frozenset({"panic", "leader hit", "leader fate"})  # dice both sides of a fight see fall


def audience(event: Event, before: State, after: State) -> frozenset[str]:
    """The sides that see `event` happen (`before` and `after`: the states around the order that caused it)."""
    sides = after.setup.sides
    kind = event.kind
    if kind in EVERYONE:
        return frozenset(sides)
    if kind in OWN_ONLY:
        return frozenset({owner(event, before, after)})
    if kind == "move_stopped" and event.reason == SIGHT_STOP:
        return frozenset({owner(event, before, after)})  # where it meant to go on to is its own side's to know
    if kind in WATCHED:
        uid = event.unit
        return frozenset({owner(event, before, after)} | {s for s in sides if watched(uid, s, before, after)})
    if kind == "reinforcements_arrived":
        return frozenset({event.side} | {s for s in sides if any(u in in_sight(after, s) for u in event.units)})
    if kind == "place_taken":
        return frozenset({event.side} | {s for s in sides if after.heard.get(s, {}).get(event.place) == event.side})
    if kind == "captured":
        return frozenset({event.side} | {s for s in sides if looked_at(after, s, Hex(*event.at))})
    if kind == "dice":
        if event.purpose in IN_A_FIGHT:
            return frozenset(sides)
        if event.purpose == "spotting":
            return frozenset()
        return frozenset({side_of(event.subject, before, after)} - {""})
    return frozenset(sides)


def owner(event: Event, before: State, after: State) -> str:
    """The side whose event it is: its `side`, or the side of its unit."""
    side = getattr(event, "side", "")
    return side or side_of(getattr(event, "unit", "") or getattr(event, "leader", ""), before, after)


def side_of(uid: str, before: State, after: State) -> str:
    for state in (after, before):
        if uid in state.units:
            return state.units[uid].side
        if uid in state.leaders:
            return state.leaders[uid].side
    return ""


def watched(uid: str, side: str, before: State, after: State) -> bool:
    return uid in in_sight(before, side) or (uid in after.units and uid in in_sight(after, side))


def part_seen(event: Event, before: State, after: State, hears: frozenset[str]) -> tuple[frozenset, frozenset]:
    """Of the sides that watch a move, those that saw only a part of it: (saw it set off, then lost it from sight;
    saw it only where it ended).  The first read where it set off from, not where it went (`glimpse`); the second
    are told by their sighting of it, not how far it came."""
    if event.kind != "unit_moved":
        return frozenset(), frozenset()
    uid, mover = event.unit, owner(event, before, after)
    at_start = {s for s in hears if s != mover and uid in in_sight(before, s)}
    at_end = {s for s in hears if s != mover and uid in after.units and uid in in_sight(after, s)}
    return frozenset(at_start - at_end), frozenset(at_end - at_start)


@dataclass(frozen=True)
class Line:
    """A log line and who may read it; a rumour is word of an event its audience did not see (a viewer who sees
    everything reads the event itself instead)."""
    text: str
    kind: str
    audience: frozenset[str]
    rumour: bool = False
    gainer: str = ""  # the side that gains by it (a place, men, weapons), for the log's colour


GAINS = {"place_taken": "side", "captured": "side", "surrendered": "to_side", "reinforcements_arrived": "side"}


def gainer(event: Event, before: State, after: State) -> str:
    """The side an event is a gain for: the taker of a place, of weapons or of men ("" when it is nobody's gain)."""
    if event.kind in GAINS:
        return getattr(event, GAINS[event.kind])
    if event.kind == "defected":
        return side_of(event.to_unit, before, after)
    if event.kind == "recruited":
        return side_of(event.unit, before, after)
    return ""


def lines_of(events: Iterable[Event], after: State, before: State | None = None) -> list[Line]:
    """The events of one order as log lines ('DATE, PART: Sentence.'), each with its audience, and the rumours."""
    before = before if before is not None else after
    turn = before.turn
    out = []
    for e in events:
        if e.kind == "turn_began":
            turn = e.turn
        when = when_text(after, turn)
        hears = audience(e, before, after)
        lost, late = part_seen(e, before, after, hears)
        out.append(Line(f"{when}: {sentence(narrate(e, after, before))}", e.kind, hears - lost - late,
                        gainer=gainer(e, before, after)))
        if lost:
            out.append(Line(f"{when}: {sentence(glimpse(e, after, before))}", e.kind, lost, rumour=True))
        if e.kind == "place_taken" and e.previous and e.previous not in hears:
            out.append(Line(f"{when}: No word comes from {after.board.places[e.place].name}.", e.kind,
                            frozenset({e.previous}), rumour=True))
    return out


def heard(events: Iterable[Event], after: State, before: State | None, side: str) -> list[Line]:
    """The log lines of one order that `side` reads: what it saw happen, and the word it had of the rest."""
    return [line for line in lines_of(events, after, before) if side in line.audience]


def told(events: Iterable[Event], after: State, before: State | None, side: str) -> list[str]:
    """`heard`, as the lines' text."""
    return [line.text for line in heard(events, after, before, side)]
