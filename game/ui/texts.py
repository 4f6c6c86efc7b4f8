"""What the panels and dialogs say, as HTML for their text boxes: built from the state alone, with no pygame,
so it can be read and tested without a window (the widgets that show it are in panels.py and dialogs.py).

What a panel says is what the rules say: the defection chance and its causes come from
`defection.defection_chance`, supply from the unit's record and `supply.trace`, the points from `victory`.
"""

from __future__ import annotations

import re

from game.core.hexgrid import to_offset
from game.core.narrate import day_text, posture_words, time_of
from game.core.rules import combat, defection, supply, support, withdrawal
from game.core.state import State, Unit
from game.play.log import side_name
from game.ui import palette, unittypes
from game.ui.sighttext import enemy_html, sight_lines
from game.ui.words import coloured, esc, lighten, plural, side_label


def unit_html(state: State, unit: Unit, own: bool) -> str:
    """Everything about one's own unit; of an enemy's, what can be seen of it (`state`: the game as the viewer
    knows it)."""
    if not own:
        return enemy_html(state, unit)
    strength = f"<b>{unit.men:,}</b> men" + (f" of {unit.full_men:,}" if unit.full_men and unit.full_men != unit.men else "")
    lines = [f"<b>{esc(unit.name)}</b>",
             f"{side_label(state, unit.side)} {esc(unittypes.word(unit.type))}: {strength}"]
    for leader in state.leaders_with(unit.id):
        status = "" if leader.status == "fit" else f", {leader.status}"
        lines.append(f"Leader: <b>{esc(leader.name)}</b> (+{leader.combat}% combat, +{leader.morale} morale{status})")
    lines += way_out_lines(state, unit)  # where lingering is caught, what matters most
    weapons = [plural(unit.rifles, "rifle")] + ([plural(unit.machine_guns, "machine gun")] if unit.machine_guns else []) + \
              ([plural(unit.cannons, "gun")] if unit.cannons else []) + ([plural(unit.horses, "horse")] if unit.horses else []) + \
              (["<b>a wireless set</b> (W: call for help)"] if unit.wireless else [])
    lines.append(", ".join(weapons) + f"; {unit.ammunition:,} rounds, {unit.food:,} rations")
    done = "fought" if unit.attacked else "hidden" if unit.hidden else "moved" if unit.moved else \
        "ready" if unit.moves_left > 0 else "done"
    lines.append(f"Morale <b>{unit.morale}</b> &nbsp; Posture: {esc(posture_words(unit.posture))}" + (" &nbsp; <b>hidden</b>" if unit.hidden else "")
                 + f" &nbsp; Moves: {unit.moves_left} left ({done})")
    if unit.shaken:
        lines.append(coloured(f"Shaken for {plural(unit.shaken, 'more turn')} after an ambush", palette.OKABE_ITO["orange"]))
    trace = supply.trace(state, unit.side, unit.hex)
    now = trace_words(state, trace)
    if unit.supplied and not unit.turns_cut_off:
        lines.append("Supply: " + coloured("line open", lighten(palette.SUPPLY_FULL)) + f"; {now}")
    else:
        how_long = f" for {time_of(unit.turns_cut_off, state.setup.turns_per_day)}" if unit.turns_cut_off else ""
        if trace.line == "full":  # cut off at the last upkeep, a line open again now
            now = f"a line is open again, {now}: supplied at the turn's end if it holds"
        lines.append("Supply: " + coloured(f"CUT OFF{how_long}", palette.OKABE_ITO["orange"]) + f"; {now}")
    chance, factors = defection.defection_chance(state, unit)
    if chance < LOW_RISK:  # the causes of a risk this small would only crowd out the rest
        lines.append(f"Defection risk: <b>{chance * 100:.1f}%</b> a day (low)")
    else:
        lines.append(f"Defection risk: <b>{chance * 100:.1f}%</b> a day: " + coloured(defection_causes(factors), palette.MUTED))
    return "<br>".join(lines)


def trace_words(state: State, trace) -> str:
    """What the traced line says now, short: 'now from West road', 'now cut: 3 hexes block it (1 shows where)'."""
    where = esc(state.board.places[trace.source].name) if trace.source in state.board.places else "its source"
    if trace.line == "full":
        return f"now from {where}"
    if trace.line == "forage":
        return f"now food only, from {where}"
    if not trace.path:
        return "no source to trace from"
    if trace.blocked:
        n = len(trace.blocked)
        return f"now cut: {n} hex{'es block' if n != 1 else ' blocks'} the way from {where} (1 shows where)"
    return f"now too far from {where}"


LOW_RISK = 0.01  # a day's chance of defection below which the panel does not list its causes


def way_out_lines(state: State, unit: Unit) -> list[str]:
    """How far the unit's way out is against the turns left (rules/withdrawal.py), and what lingering costs."""
    w = withdrawal.way_out(state, unit)
    if w is None:
        return []
    if w.turns_needed >= withdrawal.FAR:
        return [coloured("Way out: none it can reach", palette.MUTED)]
    opens = f", opens {day_text(w.opens)}" if w.opens else ", open"
    text = f"Way out: {plural(w.turns_needed, 'turn')} away{opens}; {plural(w.turns_left, 'turn')} left"
    if not w.caught:
        return [text]
    if w.spare < 0:
        return [coloured(text + ": too late, it will be caught", palette.OKABE_ITO["vermillion"])]
    if w.spare <= 1:
        return [coloured(text + ": make for it now, or be caught", palette.OKABE_ITO["orange"])]
    return [text + f" ({plural(w.spare, 'turn')} to spare; caught if still here at the end)"]


def defection_causes(factors) -> str:
    """The rule's factors in words: 'regulars 0.6%, 2 days cut off +1.0%; times 0.75, as the people here back the
    enemy only 25%; times 0.50, as a leader is with them'."""
    added = [f"{f.name} {f.value * 100:+.1f}%" if i else f"{f.name} {f.value * 100:.1f}%"
             for i, f in enumerate(x for x in factors if not x.scales)]
    scaled = [f"times {f.value:.2f}, as {f.name}" for f in factors if f.scales]
    return esc(", ".join(added) + ("; " + "; ".join(scaled) if scaled else ""))


def hex_html(state: State, h, viewer: str, visible_units: list[Unit]) -> str:
    board = state.board
    if not board.on_map(h):
        return ""
    rules = state.rules
    terrain = board.terrain[h]
    t = rules.terrain[terrain]
    col, row = to_offset(h)
    lines = []
    pid = board.place_at.get(h)
    if pid:
        place = board.places[pid]
        holder = state.control.get(pid, "")
        held = side_label(state, holder) if holder else "nobody"
        lines.append(f"<b>{esc(place.name)}</b> ({esc(place.kind)}), held by {held}")
    lines.append(f"Terrain: <b>{esc(terrain)}</b> [{col}, {row}] &nbsp; defence ×{t.defence:.1f}" + (", cover" if t.cover else ""))
    costs = ", ".join(f"{m} {c if c is not None else '—'}" for m, c in t.cost.items())
    lines.append(f"Move cost: {esc(costs)}")
    extras = (["river (+{} to cross, ×{:.1f} defence)".format(rules.movement.river_extra, rules.combat.river_defence)]
              if h in board.rivers else []) + (["track"] if any(h in e for e in board.tracks) else [])
    if extras:
        lines.append(esc("; ".join(extras)))
    near = support.nearest_place(state, h)
    if near:
        levels = state.support.get(near, {})
        parts = ", ".join(f"{side_label(state, s)} {levels.get(s, 0)}%" for s in state.setup.sides)
        where = "" if near == pid else f" (at {esc(board.places[near].name)})"
        lines.append(f"Local support{where}: {parts}")
    if pid and pid in state.stocks and state.control.get(pid) in (viewer, "") and viewer:
        stock = state.stocks[pid]
        lines.append(f"Stocks: {stock.get('food', 0):,} rations, {stock.get('ammunition', 0):,} rounds")
    for u in visible_units:
        lines.append(f"{side_label(state, u.side)}: {esc(u.name)}, {u.men:,} men")
    lines += sight_lines(state, h, viewer)
    return "<br>".join(lines)


def siege_html(state: State, reports: list, viewer: str, outlook=None) -> str:
    """The besieged places as the viewer can judge them: cut off, morale and its trend, defections, food, a storm
    now, and (`outlook(report)`: the level the besieger storms at, turns until a storm reaches it) when."""
    if not reports:
        near = state.rules.wireless.besieged_range
        return coloured(f"No place is besieged. A garrison with enemies within {near} hexes, or cut off, shows here.",
                        palette.MUTED)
    blocks = []
    for r in reports:
        cut = f"cut off {time_of(r.turns_cut_off, state.setup.turns_per_day)}" if r.turns_cut_off else "its supply line open"
        trend = f"{r.trend:+d} a day" if r.trend else "steady"
        food = "plenty of food" if r.food_days == float("inf") or r.food_days > 60 else f"food for {r.food_days:.0f} days"
        storm = (f"a storm now by the {esc(side_name(state, r.besieger))}: <b>{r.storm * 100:.0f}%</b> to take it"
                 f" ({plural(len(r.stormers), 'unit')})" if r.besieger else "no enemy near")
        blocks.append("<br>".join([
            f"<b>{esc(r.name)}</b> ({esc(side_name(state, r.holder))}, {r.garrison:,} men): {storm}",
            *([storm_when(state, r, *outlook(r))] if outlook is not None and r.besieger else []),
            f"morale <b>{r.morale}</b>, {trend}; {r.broken * 100:.0f}% broken; {cut}",
            f"{esc(side_name(state, r.holder))} men gone over so far, anywhere: {r.defected:,}; {food}"
            + (" — <b>hungry</b>" if r.hungry else "")]))
    return "<br><br>".join(blocks)


def storm_when(state: State, r, level: float, turns: int | None) -> str:
    """When a storm would reach the chance the besieger storms at, if the garrison goes on as today."""
    at = f"{level * 100:.0f}%"
    if turns == 0:
        return coloured(f"A storm now reaches {at}: the besieger storms at those odds.", palette.ACCENT)
    if turns is None:
        why = ("not before the scenario ends" if r.trend < 0 else
               "its morale is not falling while its supply line is open" if not r.turns_cut_off else
               "its morale is not falling")
        return coloured(f"At this rate a storm never reaches {at}: {why}.", palette.MUTED)
    day = day_text(state.setup.date_of(min(state.turn + turns, state.setup.total_turns - 1)))
    return f"At this rate a storm reaches {at} about <b>{day}</b> ({plural(turns, 'turn')} from now)."

def hex_tip(state: State, h, visible_units: list[Unit], viewer: str = "") -> str:
    """A short line or two for the hex under the mouse: who stands there (as the viewer sees them), else the ground."""
    board = state.board
    if not board.on_map(h):
        return ""
    pid = board.place_at.get(h)
    lines = []
    for u in visible_units[:3]:
        lines.append(f"<b>{esc(u.name)}:</b> {u.men:,} men, {side_label(state, u.side)}"  # (the colon kept with the name)
                     + (" (hidden)" if u.hidden else ""))
    if len(visible_units) > 3:
        lines.append(f"and {len(visible_units) - 3} more")
    place = f", {esc(board.places[pid].name)} ({esc(board.places[pid].kind)})" if pid else ""  # as the panel says it
    ground = esc(board.terrain[h]) + place + (", river" if h in board.rivers else "")
    lines.append(coloured(ground, palette.MUTED) if visible_units else ground)
    return "<br>".join(lines + sight_lines(state, h, viewer)[-2:])

KIND_COLOUR = {"game_over": "#f0c85a", "turn_began": "#b4a892", "way_opened": "#f0c85a"}
BOLD = frozenset({"combat", "ambush"})


def line_html(line, sides: tuple[str, ...] = ()) -> str:
    """A log line: its date muted; a gain (a place, men, weapons) in the colour of the side that made it, as the
    counters are; fights in bold."""
    date, _, text = line.text.partition(": ")
    gainer = getattr(line, "gainer", "")
    if gainer in sides:
        colour = palette.css(lighten(palette.side_colour(sides, gainer)))
    else:
        colour = KIND_COLOUR.get(line.kind, "#efe6d2")
    body = f"<font color='{colour}'>{esc(text)}</font>"
    return f"<font color='#9c8f78'>{esc(date)}:</font> " + (f"<b>{body}</b>" if line.kind in BOLD else body)

def score_lines(state, notes: bool = True, obs=None) -> list[str]:
    """Each side's points, then how it earned them line by line (with each line's note against the record); as
    the observation `obs` reckons them, or the truth (the game over)."""
    from game.core.rules.victory import breakdown, points

    totals = dict(obs.points) if obs is not None else points(state)
    lines = ["<b>Points</b>: " + ", ".join(f"{side_label(state, s)} {p}" for s, p in totals.items())]
    for score in (obs.score if obs is not None else breakdown(state)):
        why = f" — {esc(score.note)}" if notes and score.note else ""
        lines.append(f"{side_label(state, score.side)}: {esc(score.what)}: <b>{score.points}</b>{why}")
    return lines


def standing_html(state, obs=None) -> str:
    """The points as they stand: as the side whose observation `obs` is reckons them (the truth without one)."""
    from game.core.rules.victory import caught

    left = state.setup.total_turns - state.turn
    lines = [f"If the scenario ended now ({left} turn{'s' if left != 1 else ''} still to play"
             + (", as far as you know" if obs is not None else "") + "):"]
    lines += score_lines(state, notes=False, obs=obs)
    reckoned = dict(obs.caught) if obs is not None else {s: caught(state, s) for s in state.setup.sides}
    for side in state.setup.sides:
        men = reckoned.get(side, 0)
        if men:
            lines.append(coloured(f"{side_name(state, side)}: {men:,} men still on the map would be caught at the end "
                                  "(counted as taken by the enemy): lead them out in time.", palette.OKABE_ITO["orange"]))
    return "<br>".join(lines + ["", *ways_html(state)])


def ways_html(state) -> list[str]:
    """Every way each side can score (victory.ways_to_score), side by side, and who wins a tie."""
    from game.core.rules.victory import ways_to_score

    ways = ways_to_score(state)
    lines = ["<b>How points are earned</b>"]
    for side in state.setup.sides:
        lines.append(side_label(state, side) + ":")
        lines += [f"  • {esc(text)}" for who, text in ways if who == side]
    tie = state.setup.scenario.victory.tie_goes_to
    lines.append(coloured(f"At the end the higher score wins; a tie goes to the {side_name(state, tie)}.", palette.MUTED))
    return lines

def breakable(text: str, chars: int) -> str:
    """Each word longer than a line (a path, mostly) broken after its folder separators into lines of `chars`."""
    out = []
    for line in text.split("\n"):
        words = []
        for word in line.split(" "):
            if len(word) <= chars or ("/" not in word and "\\" not in word):
                words.append(word)
                continue
            parts = re.split(r"(?<=[/\\])", word)
            piece = ""
            for part in parts:
                if piece and len(piece) + len(part) > chars:
                    words.append(piece + "\n")
                    piece = ""
                piece += part
            words.append(piece)
        out.append(" ".join(words).replace("\n ", "\n"))
    return "\n".join(out)

def result_html(state, summary, history) -> str:
    """The outcome and each side's numbers (`summary`: sim/simulate.Summary), then the points."""
    winner = side_label(state, state.winner) if state.winner else "nobody"
    lines = [f"<b>{winner} win</b>", esc(state.end_reason),
             esc(f"{summary.turns_played} turns, to {day_text(_date(summary.final_date))}"), ""]
    for side, s in summary.sides.items():
        w = s.weapons_captured
        came = [f"+{s.reinforcements:,} reinforcements"] + ([f"+{s.recruited:,} recruited"] if s.recruited else []) + \
            ([f"{s.exited:,} left the map"] if s.exited else [])  # every change of men, so the numbers add up
        lines += [f"<b>{side_label(state, side)}</b>",
                  f"Men: {s.men_start:,} at the start, {s.men_end:,} at the end ({', '.join(came)})",
                  f"Killed or wounded: {s.killed:,}; taken prisoner: {s.prisoners:,}",
                  f"Defected: {s.defected_out:,} went over, {s.defected_in:,} came over",
                  f"Captured: {plural(w['rifles'], 'rifle')}, {plural(w['machine_guns'], 'machine gun')}, "
                  f"{plural(w['cannons'], 'gun')}", ""]
    lines += points_html(state, history)
    return "<br>".join(lines)


def points_html(state, history) -> list[str]:
    """How each side earned its points, line by line, with what the record says where it says it."""
    lines = score_lines(state)
    losses = history.losses
    if losses:
        lines.append(coloured("The record's losses: ", palette.MUTED)  # each side's name in its own colour, once
                     + ", ".join(f"{side_label(state, s)} {coloured(_men(m), palette.MUTED)}" for s, m in losses.items()))
    return lines


def history_html(state, h) -> str:
    lines = ["<b>What happened in history</b>"]
    if h.winner:
        lines.append(f"Winner: {side_label(state, h.winner)}")
    if h.place_taken:
        name = state.board.places[h.place_taken].name if h.place_taken in state.board.places else h.place_taken
        lines.append(f"{esc(name)} taken" + (f" on {day_text(h.fell_on)}" if h.fell_on else ""))
    for side, men in h.losses.items():
        lines.append(f"Losses, {side_label(state, side)}: {esc(_men(men))}")
    for side, men in h.defections_to.items():
        lines.append(f"Defected to the {side_label(state, side)}: {esc(_men(men))}")
    for side, gear in h.weapons_captured.items():
        lines.append(f"Captured by the {side_label(state, side)}: " + esc(", ".join(f"{_men(v)} {k.replace('_', ' ')}" for k, v in gear.items())))
    if h.notes:
        lines.append("")
        lines += [esc("• " + n) for n in h.notes]
    if len(lines) == 1:
        lines.append(coloured("The scenario has no historical record.", palette.MUTED))
    return "<br>".join(lines)


def _men(value) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    low, high = getattr(value, "low", None), getattr(value, "high", None)
    return f"{low:,}–{high:,}" if low is not None else str(value)


def _date(text: str):
    import datetime as dt
    return dt.date.fromisoformat(text)


def defence_words(state: State, attackers: tuple[str, ...], defenders: tuple[str, ...]) -> str:
    """What multiplies the defenders' power in an attack (`combat.defence_reasons`), in words: 'hills ×1.5, dug in
    (hasty) ×1.3, the river ×1.2 (no attacker stands on it)'; a reason not every defender has names those it
    helps. Who attacks from where changes it: from the river, the river's help is gone, and that is said."""
    from_hexes = {state.units[uid].hex for uid in attackers}
    helped: dict[tuple[str, float], list[str]] = {}
    for uid in defenders:
        for reason, times in combat.defence_reasons(state, state.units[uid], from_hexes):
            if times != 1.0:
                helped.setdefault((reason, times), []).append(state.units[uid].name)
    river = state.board.rivers
    words = []
    for (reason, times), names in helped.items():
        said = ("the river" if reason == "river" else posture_words(reason) if reason in state.rules.combat.posture
                else reason)
        words.append(f"{said} ×{times:.1f}" + (" (no attacker stands on it)" if reason == "river" else "") +
                     ("" if len(names) == len(defenders) else f" ({', '.join(names)})"))
    if any(state.units[uid].hex in river for uid in defenders) and not any(r == "river" for r, _ in helped):
        words.append("no help from the river: an attacker stands on it")
    return "; ".join(words) if words else "none (open ground, not dug in)"
