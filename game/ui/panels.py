"""The side panel (selected unit, hex under the cursor, orders, end turn), the top bar and the log.

The texts are built by plain functions from the state, so what the panel
says is what the rules say: the defection chance and its causes come from
`defection.defection_chance`, supply from the unit's record.
"""

from __future__ import annotations


import pygame
from pygame_gui.elements import UITooltip, UIButton, UILabel, UIPanel, UITextBox

from game.core.hexgrid import to_offset
from game.core.narrate import day_text
from game.core.rules import defection, supply, support, withdrawal
from game.core.state import State, Unit
from game.ui import theme
from game.play.session import side_name
from game.ui.sighttext import enemy_html, sight_lines
from game.ui.words import TYPE_WORDS, coloured, esc, lighten, plural, side_label



def unit_html(state: State, unit: Unit, own: bool) -> str:
    """Everything about one's own unit; of an enemy's, what can be seen of it (`state`: the game as the viewer
    knows it)."""
    if not own:
        return enemy_html(state, unit)
    strength = f"<b>{unit.men:,}</b> men" + (f" of {unit.full_men:,}" if unit.full_men and unit.full_men != unit.men else "")
    lines = [f"<b>{esc(unit.name)}</b>",
             f"{side_label(state, unit.side)} {esc(TYPE_WORDS.get(unit.type, unit.type))}: {strength}"]
    for leader in state.leaders_with(unit.id):
        status = "" if leader.status == "fit" else f", {leader.status}"
        lines.append(f"Leader: <b>{esc(leader.name)}</b> (+{leader.combat}% combat, +{leader.morale} morale{status})")
    lines += way_out_lines(state, unit)  # where lingering is caught, what matters most
    weapons = [plural(unit.rifles, "rifle")] + ([plural(unit.machine_guns, "machine gun")] if unit.machine_guns else []) + \
              ([plural(unit.cannons, "gun")] if unit.cannons else []) + ([plural(unit.horses, "horse")] if unit.horses else [])
    lines.append(", ".join(weapons) + f"; {unit.ammunition:,} rounds, {unit.food:,} rations")
    done = "fought" if unit.attacked else ("moved" if unit.moved else "ready")
    lines.append(f"Morale <b>{unit.morale}</b> &nbsp; Posture: {esc(unit.posture)}" + (" &nbsp; <b>hidden</b>" if unit.hidden else "")
                 + f" &nbsp; Moves: {unit.moves_left} left ({done})")
    if unit.shaken:
        lines.append(coloured(f"Shaken for {unit.shaken} more turn(s) after an ambush", theme.OKABE_ITO["orange"]))
    days = supply.days_cut_off(state, unit)
    now = trace_words(state, supply.trace(state, unit.side, unit.hex))
    if unit.supplied and not unit.turns_cut_off:
        lines.append("Supply: " + coloured("line open", lighten(theme.SUPPLY_FULL)) + f"; {now}")
    else:
        lines.append("Supply: " + coloured(f"CUT OFF {unit.turns_cut_off} turn(s) ({days} days)", theme.OKABE_ITO["orange"])
                     + f"; {now}")
    chance, factors = defection.defection_chance(state, unit)
    if chance < LOW_RISK:  # the causes of a risk this small would only crowd out the rest
        lines.append(f"Defection risk: <b>{chance * 100:.1f}%</b> a day (low)")
    else:
        lines.append(f"Defection risk: <b>{chance * 100:.1f}%</b> a day: " + coloured(defection_causes(factors), theme.MUTED))
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
        return [coloured("Way out: none it can reach", theme.MUTED)]
    opens = f", opens {day_text(w.opens)}" if w.opens else ", open"
    text = f"Way out: {plural(w.turns_needed, 'turn')} away{opens}; {plural(w.turns_left, 'turn')} left"
    if not w.caught:
        return [text]
    if w.spare < 0:
        return [coloured(text + ": too late, it will be caught", theme.OKABE_ITO["vermillion"])]
    if w.spare <= 1:
        return [coloured(text + ": make for it now, or be caught", theme.OKABE_ITO["orange"])]
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
                        theme.MUTED)
    blocks = []
    for r in reports:
        days = r.turns_cut_off / state.setup.turns_per_day
        cut = f"cut off {r.turns_cut_off} turns ({days:g} day{'' if days == 1 else 's'})" if r.turns_cut_off else "its supply line open"
        trend = f"{r.trend:+d} a day" if r.trend else "steady"
        food = "plenty of food" if r.food_days == float("inf") or r.food_days > 60 else f"food for {r.food_days:.0f} days"
        storm = (f"a storm now by the {esc(side_name(state, r.besieger))}: <b>{r.storm * 100:.0f}%</b> to take it"
                 f" ({plural(len(r.stormers), 'unit')})" if r.besieger else "no enemy near")
        blocks.append("<br>".join([
            f"<b>{esc(r.name)}</b> ({esc(side_name(state, r.holder))}, {r.garrison:,} men): {storm}",
            *([storm_when(state, r, *outlook(r))] if outlook is not None and r.besieger else []),
            f"morale <b>{r.morale}</b>, {trend}; {r.broken * 100:.0f}% broken; {cut}",
            f"gone over so far: {r.defected:,} men; {food}" + (" — <b>hungry</b>" if r.hungry else "")]))
    return "<br><br>".join(blocks)


def storm_when(state: State, r, level: float, turns: int | None) -> str:
    """When a storm would reach the chance the besieger storms at, if the garrison goes on as today."""
    at = f"{level * 100:.0f}%"
    if turns == 0:
        return coloured(f"A storm now passes {at}, the chance the besieger storms at.", theme.ACCENT)
    if turns is None:
        why = ("not before the scenario ends" if r.trend < 0 else
               "its morale is not falling while its supply line is open" if not r.turns_cut_off else
               "its morale is not falling")
        return coloured(f"At this rate a storm never reaches {at}: {why}.", theme.MUTED)
    day = day_text(state.setup.date_of(min(state.turn + turns, state.setup.total_turns - 1)))
    return f"At this rate a storm reaches {at} about <b>{day}</b> ({plural(turns, 'turn')} from now)."


class TopBar:
    """The date, day or night, weather, whose move it is; and the main buttons."""

    BUTTONS = (("menu", "Menu", "Back to the main menu (Esc)"), ("save", "Save", "Save the game (Ctrl+S)"),
               ("load", "Load", "Load a saved game (Ctrl+L)"), ("undo", "Undo", "Take back the last move (Ctrl+Z)"),
               ("roster", "Roster", "Your units in a table, sortable (R)"), ("grid", "Grid", "Show or hide the hex grid (G)"), ("supply", "Supply", "Supply lines and cut-off units (1)"),
               ("zoc", "ZOC", "Enemy zones of control (2)"), ("support", "Support", "Local support for each side (3)"),
               ("help", "Help", "Keys and how to play (F1)"))

    LONGEST_STATUS = ("28 Jan 1922, night  ·  smoke  ·  turn 52 of 52  ·  Basmachi to move (AI: historical)  ·  thinking…  ·  "
                      "Space: skip")

    def __init__(self, manager, width: int, px, buttons=BUTTONS, longest: str = LONGEST_STATUS, room: int = 0):
        """`buttons` (key, words, tooltip) sized to their words, then `room` px kept free after them (`room_x`:
        where it starts), then the status beside them if the window is wide enough for `longest`, else on a row
        of its own below (the bar's `height` says which)."""
        row = px(40)
        font = manager.get_theme().get_font(["label", "#status"])
        sizes = [max(px(54), font.size(text)[0] + px(22)) for _, text, _ in buttons]
        buttons_w = sum(sizes) + px(4) * len(sizes) + px(6) + room
        beside = buttons_w + font.size(longest)[0] + px(24) <= width
        top, button_h = px(4), row - px(10)
        second = top + button_h + px(3)  # the status row's top, when it has a row of its own
        self.height = row if beside else second + button_h + px(6)
        self.panel = UIPanel(pygame.Rect(0, 0, width, self.height), manager=manager, starting_height=2)
        self.buttons = {}
        x = px(6)
        for (key, text, tip), bw in zip(buttons, sizes):
            self.buttons[key] = UIButton(pygame.Rect(x, top, bw, button_h), text, manager,
                                         container=self.panel, tool_tip_text=tip)
            x += bw + px(4)
        self.room_x = x
        self.button_rect = pygame.Rect(0, top, 0, button_h)  # the buttons' row, for a widget laid in the room
        x += room
        inner = width - px(4)  # the panel's border
        if beside:
            rect = pygame.Rect(x + px(10), px(2), inner - x - px(16), row - px(6))
        else:
            rect = pygame.Rect(px(6), second, inner - px(12), button_h)
        self.status = UILabel(rect, "", manager, container=self.panel, object_id="#status")

    def set_status(self, text: str) -> None:
        if self.status.text != text:
            self.status.set_text(text)

    def kill(self) -> None:
        self.panel.kill()


class SidePanel:
    """The selected unit, the hex under the cursor, the order buttons and End turn."""

    ORDERS = (("attack", "Attack", "Attack the enemy hex: click a hex marked with a crosshair (A)"),
              ("entrench", "Entrench", "Dig in: hasty, then entrenched; costs the turn's move (E)"),
              ("hide", "Hide", "Hide in cover to ambush whoever comes by (H)"),
              ("wireless", "Wireless", "Call a station for reinforcements (W)"),
              ("leave", "Leave map", "Lead the unit off the map at an exit (X)"),
              ("next", "Next unit", "Select the next unit that can still move (Tab)"))

    def __init__(self, manager, rect: pygame.Rect, px):
        self.panel = UIPanel(rect, manager=manager, starting_height=2)
        w = rect.width - px(12)
        end_h = px(46)
        orders_h = px(33) * 2 + px(6)  # two rows of three
        free = rect.height - end_h - orders_h - px(24)
        unit_h, siege_h = int(free * 0.55), int(free * 0.29)  # the hex under the cursor also shows in its tooltip
        self.unit = UITextBox("", pygame.Rect(px(6), px(6), w, unit_h), manager, container=self.panel)
        self.siege = UITextBox("", pygame.Rect(px(6), px(8) + unit_h, w, siege_h), manager, container=self.panel,
                               object_id="#siege")
        self.hex = UITextBox("", pygame.Rect(px(6), px(10) + unit_h + siege_h, w, free - unit_h - siege_h), manager,
                             container=self.panel)
        y = px(14) + free
        self.buttons = {}
        bw = (w - px(8)) // 3
        for i, (key, text, tip) in enumerate(self.ORDERS):
            r = pygame.Rect(px(6) + (i % 3) * (bw + px(4)), y + (i // 3) * px(33), bw, px(30))
            self.buttons[key] = UIButton(r, text, manager, container=self.panel, tool_tip_text=tip)
        self.end = UIButton(pygame.Rect(px(6), rect.height - end_h - px(8), w, end_h), "End turn", manager,
                            container=self.panel, object_id="#end_turn", tool_tip_text="End your moves (Enter)")
        self._texts = {}

    def set(self, box: str, html_text: str) -> None:
        if self._texts.get(box) != html_text:
            self._texts[box] = html_text
            getattr(self, box).set_text(html_text)

    def enable(self, key: str, on: bool, why: str = "") -> None:
        """Enable or grey out an order; a greyed one keeps `why` for its tooltip."""
        switch(self.buttons.get(key) or self.end, on, why)

    def kill(self) -> None:
        self.panel.kill()


def switch(button: UIButton, on: bool, why: str = "") -> None:
    """Enable or grey out a button, remembering why it is greyed (`reason_under`)."""
    button.why_not = "" if on else why
    if on and not button.is_enabled:
        button.enable()
    elif not on and button.is_enabled:
        button.disable()


def mark_on(buttons: dict, on: dict[str, bool]) -> None:
    """Show which switches (grid, overlays) are on: a switched-on button is drawn selected."""
    for key, state in on.items():
        button = buttons[key]
        if state and not button.is_selected:
            button.select()
        elif not state and button.is_selected:
            button.unselect()


def reason_under(buttons, pos) -> tuple[UIButton | None, str]:
    """The greyed-out button under the mouse and why it is greyed (pygame_gui shows no tooltip on a disabled button)."""
    for button in buttons:
        if not button.is_enabled and button.visible and button.get_abs_rect().collidepoint(pos):
            why = getattr(button, "why_not", "")
            return (button, why) if why else (None, "")
    return None, ""


def hex_tip(state: State, h, visible_units: list[Unit], viewer: str = "") -> str:
    """A short line or two for the hex under the mouse: who stands there (as the viewer sees them), else the ground."""
    board = state.board
    if not board.on_map(h):
        return ""
    pid = board.place_at.get(h)
    lines = []
    for u in visible_units[:3]:
        lines.append(f"<b>{esc(u.name)}</b>: {u.men:,} men, {side_label(state, u.side)}"
                     + (" (hidden)" if u.hidden else ""))
    if len(visible_units) > 3:
        lines.append(f"and {len(visible_units) - 3} more")
    ground = esc(board.terrain[h]) + (f", {esc(board.places[pid].name)}" if pid else "") + (", river" if h in board.rivers else "")
    lines.append(coloured(ground, theme.MUTED) if visible_units else ground)
    return "<br>".join(lines + sight_lines(state, h, viewer)[-2:])


class HoverTip:
    """A tooltip for what the mouse rests on: a hex of the map (the side panel has the whole story), or a
    greyed-out button (pygame_gui gives those none) with the engine's reason."""

    def __init__(self, manager, delay: float):
        self.manager = manager
        self.delay = delay
        self.key = None
        self.waited = 0.0
        self.tip = None

    def update(self, dt: float, key, text_for, pos) -> None:
        """`key` says what is under the mouse (None: nothing to tell); `text_for()` writes it when it is due."""
        if key != self.key:
            self.close()
            self.key, self.waited = key, 0.0
        if key is None:
            return
        self.waited += dt
        if self.tip is None and self.waited >= self.delay:
            text = text_for()
            if text:
                self.tip = UITooltip(text, (0, 18), self.manager)
                self.tip.find_valid_position(pygame.math.Vector2(pos))

    def close(self) -> None:
        if self.tip is not None:
            self.tip.kill()
            self.tip = None


def reason_text(button: UIButton, why: str) -> str:
    """What the greyed-out button does, and why it cannot be done now."""
    base = button.tool_tip_text or ""
    return f"{base}<br><font color='#ffb07a'>Not now: {esc(why)}</font>" if base else esc(why)


class LogBox:
    """The event log: plain sentences with dates, newest at the bottom.

    It follows the newest line unless the player has scrolled back, and
    keeps its place when the window is rebuilt (a resize, a load, a taller log).
    """

    KEEP = 250
    FOLLOW_FRAMES = 3  # the box lays its text out over a frame or two: keep pulling to the end that long

    def __init__(self, manager, rect: pygame.Rect, sides: tuple[str, ...], place: float | None = None):
        self.box = UITextBox("", rect, manager, object_id="#log", starting_height=2)
        self.sides = sides
        self.count = 0
        self.viewer = None
        self.tail = None
        self.place = place  # where an earlier log was scrolled back to (None: at the end)
        self.pending = 0

    def show(self, lines, viewer: str) -> None:
        """Show `lines` (LogLine objects): appends the new ones, rebuilds after an undo or a change of viewer."""
        follow = self.at_end()
        at = next((i for i in range(len(lines) - 1, -1, -1) if lines[i] is self.tail), None) if self.tail else None
        if viewer == self.viewer and at is not None and self.count < 2 * self.KEEP:
            new = lines[at + 1:]
            if new:
                self.box.append_html_text("".join("<br>" + line_html(l, self.sides) for l in new))
                self.count += len(new)
                self.tail = new[-1]
                if follow:
                    self.pending = self.FOLLOW_FRAMES
            return
        self.viewer = viewer
        shown = lines[-self.KEEP:]
        self.box.set_text("<br>".join(line_html(l, self.sides) for l in shown))
        self.count = len(shown)
        self.tail = shown[-1] if shown else None
        self.pending = self.FOLLOW_FRAMES

    def at_end(self) -> bool:
        """The newest line is in sight (or everything is)."""
        bar = self.box.scroll_bar
        return self.place is None and (bar is None or bar.start_percentage + bar.visible_percentage >= 0.995)

    def scrolled_to(self) -> float | None:
        """Where the player has scrolled back to, for the next log to take up (None: following the end)."""
        bar = self.box.scroll_bar
        if self.place is not None or self.pending:
            return self.place
        return None if self.at_end() else bar.start_percentage

    def update(self) -> None:
        if not self.pending:
            return
        bar = self.box.scroll_bar
        if bar is not None:
            bar.set_scroll_from_start_percentage(1.0 if self.place is None else self.place)
            self.box.redraw_from_text_block()  # the bar alone moves; the text follows only when told
        self.pending -= 1
        if not self.pending:
            self.place = None

    def kill(self) -> None:
        self.box.kill()


KIND_COLOUR = {"game_over": "#f0c85a", "turn_began": "#b4a892", "way_opened": "#f0c85a"}
BOLD = frozenset({"combat", "ambush"})


def line_html(line, sides: tuple[str, ...] = ()) -> str:
    """A log line: its date muted; a gain (a place, men, weapons) in the colour of the side that made it, as the
    counters are; fights in bold."""
    date, _, text = line.text.partition(": ")
    gainer = getattr(line, "gainer", "")
    if gainer in sides:
        colour = theme.css(lighten(theme.side_colour(sides, gainer)))
    else:
        colour = KIND_COLOUR.get(line.kind, "#efe6d2")
    body = f"<font color='{colour}'>{esc(text)}</font>"
    return f"<font color='#9c8f78'>{esc(date)}:</font> " + (f"<b>{body}</b>" if line.kind in BOLD else body)
