"""What happened where: the fights, ambushes, defections, captures and places taken of an order, each at its hex
with a few words, for the window to flash on the map and to recount at the start of a player's phase.

Pure: events and the states around them in; only what the viewer saw happen (core/audience.py) out.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.audience import audience, side_of
from game.core.events import Event
from game.core.hexgrid import Hex
from game.core.narrate import narrate, sentence
from game.core.state import State

NOTABLE = ("combat", "ambush", "defected", "surrendered", "captured", "place_taken", "unit_destroyed",
           "reinforcements_arrived")


@dataclass(frozen=True)
class Happening:
    kind: str
    at: Hex
    words: tuple[tuple[str, str], ...]  # short words for the map, each with the side whose colour it takes
    told: str  # the whole sentence, as the log says it


def happenings(events: list[Event], before: State, after: State, viewer: str) -> list[Happening]:
    """The notable events of one order that `viewer` saw ("" sees all), in order."""
    out = []
    for e in events:
        if e.kind not in NOTABLE or (viewer and viewer not in audience(e, before, after)):
            continue
        at, words = where_and_words(e, before, after)
        if at is not None:
            out.append(Happening(e.kind, at, words, sentence(narrate(e, after, before))))
    return out


def where_and_words(e: Event, before: State, after: State) -> tuple[Hex | None, tuple]:
    kind = e.kind
    if kind == "combat":
        return Hex(*e.target), ((f"-{e.attacker_losses}", e.attacker_side), (f"-{e.defender_losses}", e.defender_side))
    if kind == "ambush":
        return Hex(*e.at), (("Ambush!", side_of(e.ambushers[0], before, after)),)
    if kind == "defected":
        return unit_hex(e.unit, before, after), ((f"{e.men} go over", e.to_side),)
    if kind == "surrendered":
        return unit_hex(e.unit, before, after), ((f"{e.men} give up", e.to_side),)
    if kind == "captured":
        what = f"+{e.rifles} rifles" if e.rifles else "+stores" if e.stores else "+gear"
        return Hex(*e.at), ((what, e.side),)
    if kind == "place_taken":
        place = after.board.places[e.place]
        return place.hex, ((f"{place.name} taken", e.side),)
    if kind == "unit_destroyed":
        return Hex(*e.at), (("wiped out", e.side),)
    if kind == "reinforcements_arrived":
        return Hex(*e.at), ((f"+{e.men} arrive", e.side),)
    return None, ()


def unit_hex(uid: str, before: State, after: State) -> Hex | None:
    for state in (after, before):
        if uid in state.units:
            return state.units[uid].hex
    return None
