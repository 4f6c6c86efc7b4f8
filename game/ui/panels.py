"""The side panel (selected unit, hex under the cursor, orders, end turn), the top bar and the log: the widgets.
What they say is built in texts.py, without pygame."""

from __future__ import annotations


import pygame
from pygame_gui.elements import UITooltip, UIButton, UILabel, UIPanel, UITextBox

from game.ui import tooltips
from game.ui.texts import line_html
from game.ui.words import esc



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
        self.heights = (unit_h, siege_h, free - unit_h - siege_h)  # the three boxes' heights as laid out
        self.least, self.gap = (px(64), px(46)), px(2)  # what the siege and hex boxes keep at least (the hex's
        # words are in its tooltip too); the space between boxes
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
            if box == "unit":
                self.fit_unit()

    def fit_unit(self) -> None:
        """A unit with much to say (leaders, a risk of defection, a go-to) takes room from the siege box below it,
        then from the hex box, rather than scroll, as far as each keeps a few lines."""
        (unit_h, siege_h, hex_h), (siege_least, hex_least) = self.heights, self.least
        frame = self.unit.rect.height - self.unit.text_wrap_rect.height
        wanted = self.unit.text_box_layout.layout_rect.height + frame
        height = max(unit_h, min(wanted, unit_h + siege_h + hex_h - siege_least - hex_least))
        if height == self.unit.rect.height:
            return
        taken = height - unit_h
        from_siege = min(taken, siege_h - siege_least)
        top, gap = self.unit.relative_rect.top, self.gap
        self.unit.set_dimensions((self.unit.relative_rect.width, height))
        self.unit.set_text(self._texts["unit"])  # (laid out again at its new height: no scroll bar left over)
        y = top + height + gap
        for box, h in ((self.siege, siege_h - from_siege), (self.hex, hex_h - (taken - from_siege))):
            box.set_relative_position((box.relative_rect.left, y))
            box.set_dimensions((box.relative_rect.width, h))
            y += h + gap

    def enable(self, key: str, on: bool, why: str = "") -> None:
        """Enable or grey out an order; a greyed one keeps `why` for its tooltip."""
        switch(self.buttons.get(key) or self.end, on, why)

    def kill(self) -> None:
        self.panel.kill()


def lowest(bar) -> bool:
    """A scroll bar's button is as low as it goes (a wheel's step moves it less than a pixel on a long log)."""
    button = bar.sliding_button
    return button is not None and bar.scroll_position >= bar.bottom_limit - button.relative_rect.height - 0.01


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
                if not self.tip.find_valid_position(pygame.math.Vector2(pos)):
                    tooltips.place_near(self.tip, pos, self.manager.window_resolution)

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

    @staticmethod
    def fitted(manager, width: int, wanted: int) -> int:
        """The log's height nearest `wanted` that shows whole lines only, none cut at its top edge (measured on
        the lines the box lays out, at the window's scale)."""
        probe = UITextBox("A<br>A", pygame.Rect(0, 0, width, wanted), manager, object_id="#log")
        first, second = probe.text_box_layout.layout_rows[:2]
        frame = probe.rect.height - probe.text_wrap_rect.height  # borders and padding
        probe.kill()
        pitch, line = second.y - first.y, first.height
        return frame + line + pitch * max(0, round((wanted - frame - line) / pitch))

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
        return self.place is None and (bar is None or bar.start_percentage + bar.visible_percentage >= 0.995
                                       or lowest(bar))

    def scrolled_to(self) -> float | None:
        """Where the player has scrolled back to, for the next log to take up (None: following the end)."""
        bar = self.box.scroll_bar
        if self.place is not None or self.pending:
            return self.place
        return None if self.at_end() else bar.start_percentage

    def update(self) -> None:
        bar = self.box.scroll_bar
        if not self.pending:
            if bar is not None and lowest(bar) and bar.start_percentage < self.end(bar):
                self.to_end(bar)  # at the bar's end (the player scrolled down, or the box set its own place)
            return
        if bar is not None:
            if self.place is None:
                self.to_end(bar)
            else:
                bar.set_scroll_from_start_percentage(self.place)
                self.box.redraw_from_text_block()  # the bar alone moves; the text follows only when told
        self.pending -= 1
        if not self.pending:
            self.place = None

    def to_end(self, bar) -> None:
        """Show the newest lines, the last flush with the bottom.  (pygame_gui's bar keeps its button 5 px tall
        at least, and reads its lowest place as short of the end: with a long log, a dozen lines short.)"""
        bar.set_scroll_from_start_percentage(1.0)
        bar.start_percentage = self.end(bar)
        self.box.redraw_from_text_block()

    @staticmethod
    def end(bar) -> float:
        """Where the bar starts with the newest line at the bottom (as the bar keeps it: four decimals)."""
        return round(1.0 - bar.visible_percentage, 4)

    def kill(self) -> None:
        self.box.kill()
