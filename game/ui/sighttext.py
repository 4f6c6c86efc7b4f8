"""What a side knows, in the panels' words: an enemy unit as it is seen, and who sees a hex and why.

Text only (HTML for the panels and tooltips), no pygame: the rules say what is seen (rules/sight.py) and what
is remembered (rules/memory.py); this module puts it in words.
"""

from __future__ import annotations

from game.core.hexgrid import distance
from game.core.narrate import KIND_WORDS, posture_words, time_of
from game.core.rules import sight
from game.core.state import State, Unit
from game.ui import palette, unittypes
from game.ui.words import coloured, esc, plural, side_label


def enemy_html(state: State, unit: Unit) -> str:
    """An enemy unit in sight, as it can be seen from afar (core/observe.py: what a side is told of it)."""
    lines = [f"<b>{esc(unit.name)}</b>", f"{side_label(state, unit.side)} {esc(unittypes.word(unit.type))}"]
    for leader in state.leaders_with(unit.id):
        lines.append(f"Leader: <b>{esc(leader.name)}</b>")
    lines.append(f"About <b>{unit.men:,}</b> men (counted from afar)")
    guns = ([plural(unit.machine_guns, "machine gun")] if unit.machine_guns else []) + \
        ([plural(unit.cannons, "gun")] if unit.cannons else [])
    if guns:
        lines.append("Seen with " + ", ".join(guns))
    lines.append(f"Spirit: about {unit.morale} &nbsp; Posture: {esc(posture_words(unit.posture))}")
    if unit.turns_cut_off:
        lines.append("Supply: " + coloured(f"cut off for {time_of(unit.turns_cut_off, state.setup.turns_per_day)}",
                                           palette.OKABE_ITO["orange"]))
    lines.append(coloured("Rifles, ammunition, food and its will to fight on: unknown (enemy)", palette.MUTED))
    return "<br>".join(lines)


def sight_lines(seen: State, h, viewer: str) -> list[str]:
    """Who of the viewer's sees hex `h` and why, or why nobody does; and what it last saw or was told of there.
    `seen` is the game as the viewer knows it (rules/sight.py says how far each unit sees)."""
    if not viewer:
        return []
    lines = []
    watching = sight.watchers(seen, viewer, h)
    if watching:
        unit, _ = watching[0]
        more = f" and {len(watching) - 1} more" if len(watching) > 1 else ""
        lines.append(f"In sight of {esc(unit.name)}{more}: sees {esc(sight.why(seen, unit))}")
    else:
        own = seen.units_of(viewer)
        nearest = min(own, key=lambda u: (distance(u.hex, h), u.id), default=None)
        if nearest is not None:
            reach = sight.sight_range(seen, nearest)
            near = sight.reach_to(seen, reach, h)
            cover = f"; in cover here, seen only from {near} {'hex' if near == 1 else 'hexes'} off" \
                if sight.in_cover(seen, h) else ""
            lines.append(coloured(f"Out of sight: {esc(nearest.name)}, {distance(nearest.hex, h)} hexes off, sees "
                                  f"{esc(sight.why(seen, nearest))}{cover}", palette.MUTED))
    here = [last for _, last in sorted(seen.sightings.get(viewer, {}).items()) if last.hex == h]
    seen_here = [last for last in here if last.how != "reported"]
    told = [last for last in here if last.how == "reported"]
    if seen_here:
        names = ", ".join(f"{esc(s.name)} (about {s.men:,})" for s in seen_here[:2]) + \
            (f" and {len(seen_here) - 2} more" if len(seen_here) > 2 else "")
        lines.append(coloured(f"Last seen here {ago(seen.turn - max(s.turn for s in seen_here))}: {names}", palette.MUTED))
    if told:
        places = sorted({seen.board.places[s.place].name for s in told if s.place in seen.board.places})
        kinds = ", ".join(f"{s.men:,} {esc(KIND_WORDS.get(s.type, 'armed men'))}" for s in told[:3]) + \
            (", ..." if len(told) > 3 else "")
        lines.append(coloured(f"Reported here {ago(seen.turn - max(s.turn for s in told))} by the people of "
                              f"{esc(', '.join(places))}: about {sum(s.men for s in told):,} men ({kinds})", palette.MUTED))
    return lines


def ago(turns: int) -> str:
    return "this turn" if turns == 0 else f"{turns} turn{'s' if turns != 1 else ''} ago"


