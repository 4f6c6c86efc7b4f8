"""How the window shows each unit type: its word and its counter's marks, read from assets/unit_types.json (the
rules say what a type does; this file only how it looks)."""

from __future__ import annotations

import json
import os

MARKS = ("cross", "slash", "bar", "dot", "arrow")
FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "assets",
                    "unit_types.json")

with open(FILE, encoding="utf-8") as _handle:
    SHOWN: dict[str, dict] = json.load(_handle)["types"]


def word(kind: str) -> str:
    """The word for a unit type ("band on foot"); a type the file does not list, by its id."""
    return SHOWN[kind]["word"] if kind in SHOWN else kind.replace("_", " ")


def marks(kind: str) -> tuple[str, ...]:
    """The marks on a type's counter (of MARKS); none for a type the file does not list (drawn as a ring)."""
    return tuple(SHOWN[kind]["marks"]) if kind in SHOWN else ()
