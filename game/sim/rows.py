"""One played game as a row of numbers: what the summary, the CSV, the plot and the targets read."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from typing import Any

from game.core.events import PlaceTaken, TurnBegan
from game.core.rules import control, victory
from game.core.state import WEAPONS
from game.scenario.measures import COUNTED_EVENTS


def game_row(index: int, record, scenario) -> dict:
    """The numbers of one game that the summary, the CSV and the plot use."""
    state = record.final
    setup = state.setup
    history = scenario.history
    sides = setup.sides
    owner = unit_sides(scenario)
    kinds: Counter = Counter(e.kind for e in record.events)
    row: dict[str, Any] = {
        "game": index, "seed": record.seed, "start_date": setup.start.isoformat(), "winner": state.winner,
        "end_reason": state.end_reason, "turns": len(record.turns),
        **{f"won_{side}": int(state.winner == side) for side in setup.sides},
    }
    place = history.place_taken
    fell_on = first_taken(record.events, place, history.winner) if place and history.winner else ""
    row["fell"] = int(bool(fell_on))
    row["fell_on"] = fell_on
    row["fell_day"] = (dt.date.fromisoformat(fell_on) - setup.start).days if fell_on else ""
    row["held_at_end"] = state.control.get(place, "") if place else ""
    score = victory.points(state)
    for side in sides:
        row[f"points_{side}"] = score[side]
    for side in sides:
        book = state.books.get(side, {})
        row[f"losses_{side}"] = book.get("men_lost", 0) + book.get("men_prisoners", 0)
    for side in sides:
        row[f"defected_to_{side}"] = state.books.get(side, {}).get("men_defected_in", 0)
    for side in sides:
        row[f"exited_{side}"] = state.books.get(side, {}).get("men_exited", 0)
    for side in sides:  # places taken from the enemy that the scenario scores for taking; men caught at the end
        row[f"took_{side}"] = len(control.places_taken(state, side))
        row[f"caught_{side}"] = victory.caught(state, side)
    for side in sides:
        book = state.books.get(side, {})
        for w in WEAPONS:
            row[f"captured_{side}_{w}"] = book.get(f"{w}_captured", 0)
    ambushed = Counter(owner.get(e.victim, "") for e in record.events if e.kind == "ambush")
    for side in sides:
        row[f"ambushed_{side}"] = ambushed.get(side, 0)
    row["ambush_victims"] = " ".join(sorted({e.victim for e in record.events if e.kind == "ambush"}))
    destroyed = {e.unit for e in record.events if e.kind in ("unit_destroyed", "surrendered")}
    row["units_destroyed"] = " ".join(sorted(destroyed))
    for kind in COUNTED_EVENTS:
        row[f"events_{kind}"] = kinds.get(kind, 0)
    for uid in sorted({t.measure[len("lost_"):] for t in history.targets if t.measure.startswith("lost_")}):
        row[f"lost_{uid}"] = int(uid in destroyed)
    return row


def row_columns(scenario, setup) -> list[str]:
    """The columns of every game's row, in order: a game not yet begun has them all (none depends on play)."""
    from game.core.setup import new_game
    from game.core.record import GameRecord

    state, events = new_game(setup, 0)
    return list(game_row(0, GameRecord(0, "", [], state, list(events)), scenario))


def scenario_mark(loaded) -> str:
    """The scenario file's text a table's rows were played on, in short (the start of its SHA-256; "sha256:" keeps
    it text in a typed table, never a number)."""
    return "sha256:" + loaded.sha256[:16]


def levels_text(levels) -> str:
    """The AI level on each side, as a table's rows say it: "basmachi=normal soviet=hard"."""
    return " ".join(f"{side}={level}" for side, level in levels)


def other_run(row: dict[str, str], loaded, setup) -> str:
    """Why a table's row was played on another scenario file or from another start date than this run's ("" if
    it was not): a resumed table holds one run's games."""
    if row["scenario"] != scenario_mark(loaded):
        return f"was played on another text of {os.path.basename(loaded.path)} (the file has changed since)"
    if row["start_date"] != setup.start.isoformat():
        return f"was played from {row['start_date']}, this run from {setup.start.isoformat()} (--start-date)"
    return ""


def unit_sides(scenario) -> dict[str, str]:
    """Unit id -> side, for every unit the scenario can put on the map."""
    owner = {}
    for side in scenario.sides:
        for spec in side.units:
            owner[spec.id] = side.id
        for rein in side.reinforcements:
            for spec in rein.units:
                owner[spec.id] = side.id
    return owner


def first_taken(events, place: str, side: str) -> str:
    """The date `side` first took `place` ("" if it never did)."""
    date = ""
    for e in events:
        if isinstance(e, TurnBegan):
            date = e.date
        elif isinstance(e, PlaceTaken) and e.place == place and e.side == side:
            return date
    return ""
