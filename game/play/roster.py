"""The roster: a side's units in one table (men, morale, supply, moves left, what each is doing), sortable.

Pure: the state as the side knows it in, rows out; the window draws them
(ui/roster.py).  Words for supply and posture are the unit panel's.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.engine import may_move
from game.core.narrate import posture_words, time_of
from game.core.state import State, Unit


@dataclass(frozen=True)
class Row:
    uid: str
    name: str
    men: int
    morale: int
    supply: str  # "open" or "cut off 1.5 days"
    cut_off: int  # turns
    moves: int  # movement points left
    doing: str  # "ready", "moved", "fought", "hidden", "dug in"...
    leader: str = ""  # the fit leaders with it


COLUMNS = (("Unit", "name"), ("Men", "men"), ("Morale", "morale"), ("Supply", "cut_off"), ("Moves", "moves"),
           ("Doing", "doing"))
NUMERIC = frozenset({"men", "morale", "cut_off", "moves"})


def rows(state: State, side: str, going: dict[str, str] | None = None) -> list[Row]:
    """`side`'s units on the map, by name; `going`: what a unit with a go-to order is doing ('going to Hisor')."""
    going = going or {}
    return sorted((row_of(state, u, going.get(u.id, "")) for u in state.units_of(side)), key=lambda r: (r.name, r.uid))


def row_of(state: State, unit: Unit, going: str = "") -> Row:
    turns = unit.turns_cut_off if not unit.supplied or unit.turns_cut_off else 0
    line = f"cut off {time_of(turns, state.setup.turns_per_day)}" if turns else "cut off" if not unit.supplied else "open"
    leaders = ", ".join(l.name for l in state.leaders_with(unit.id) if l.status == "fit")
    return Row(unit.id, unit.name, unit.men, unit.morale, line, turns, max(0, unit.moves_left), going or doing(unit),
               leaders)


def doing(unit: Unit) -> str:
    """What the unit is about this turn: its order so far, or its posture when it has none."""
    if unit.attacked:
        return "fought"
    if unit.hidden:
        return "hidden"
    if unit.posture != "none":  # (a move leaves the posture: a unit dug in has not moved since)
        return posture_words(unit.posture)
    if unit.moved:
        return "moved"
    return "ready" if may_move(unit) else "done"



def sort(table: list[Row], column: str, descending: bool = False) -> list[Row]:
    """The rows by one column (numbers largest first when `descending`), ties by name: a stable order."""
    return sorted(table, key=lambda r: (getattr(r, column), r.name, r.uid) if column in NUMERIC
                  else (str(getattr(r, column)).lower(), r.name, r.uid), reverse=descending)
