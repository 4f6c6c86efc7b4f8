"""What the map's marks and the panels show this frame, from the session as the side on screen knows it.

A part of the game screen (`play.GameScreen`), kept in its own room."""

from __future__ import annotations

import pygame

from game.core.engine import attack_targets, may_move
from game.core.narrate import Names
from game.ui import theme
from game.ui.panels import switch
from game.ui.texts import hex_html, siege_html, unit_html
from game.ui.words import esc
from game.play.log import side_name
from game.play.session import Session


class Panels:
    """What the map's marks and the panels show this frame, from the session as the side on screen knows it."""

    def update_marks(self) -> None:
        s, m = self.session, self.marks
        m.selected, m.hover = s.selected, self.hover
        m.reach, m.path, m.path_cost, m.path_warning, m.targets = set(), [], None, "", set()
        m.trace = self.traced() if "supply" in self.view.shown and self.handover is None else None
        viewer = self.shown_viewer()
        m.routes = [] if self.handover is not None else [
            (s.way_of(uid), uid == s.selected) for uid, order in sorted(s.standing.items())
            if uid in s.state.units and s.state.units[uid].side == viewer] + \
            [(way, True) for way in [s.waiting_move()] if way]  # a move sent, waiting for the server
        mine = s.my_unit(s.selected) if self.humans_turn() else None
        if mine is None:
            return
        m.reach = set(s.reach(mine.id))
        if self.hover is not None and self.hover in m.reach:
            found = s.path(mine.id, self.hover)
            if found:
                m.path, m.path_cost = found
                m.path_warning = s.enemy_last_known_on(m.path[1:], viewer)
        m.targets = attack_targets(s.state, mine)

    def traced(self):
        """With the supply overlay on: the line of the selected unit (its own side's, or an enemy's as far as the
        side on screen sees it), else of the side on screen to the place pointed at."""
        s, viewer = self.session, self.shown_viewer()
        known = s.seen_by(viewer)
        unit = known.units.get(s.selected) if s.selected else None
        if unit is not None:
            return s.supply_trace(unit.side, unit.hex, viewer)
        h = self.hover
        if h is not None and h in known.board.place_at and (viewer or known.side):
            return s.supply_trace(viewer or known.side, h, viewer)
        return None

    def update_panels(self) -> None:
        s = self.session
        state = s.state
        viewer = self.shown_viewer()
        self.log.show(s.log_for(viewer), viewer) if self.handover is None else None
        total = state.setup.total_turns
        who = side_name(state, state.side)
        mover = ("you" if s.players.get(state.side) == "human" else "opponent"
                 if s.kept_elsewhere else f"AI: {s.players.get(state.side)}")
        status = f"{s.when()}  ·  {state.weather}  ·  turn {min(state.turn + 1, total)} of {total}  ·  {who} to move ({mover})"
        if state.over:
            status = f"{s.when()}  ·  the game is over: {side_name(state, state.winner)} win"
        elif s.ai_to_move:
            status += "  ·  thinking…  ·  Space: skip" if self.thinking() else "  ·  Space: skip"
        self.top.set_status(status + s.status_note())
        key = (id(state), s.selected, self.hover, viewer, self.handover is None, len(s.steps), s.why_no_undo(),
               s.why_no_orders, self.dialog is None)  # (a window closed: Results may be pressed again)
        if key == self._panel_key:
            return
        self._panel_key = key
        if self.handover is not None:
            self.side.set("unit", "")
            self.side.set("siege", "")
            self.side.set("hex", "")
        else:
            self.side.set("siege", siege_html(state, s.sieges(viewer), viewer, lambda r: s.storm_outlook(r, viewer)))
            known = s.seen_by(viewer)
            unit = known.units.get(s.selected) if s.selected else None
            if unit is not None:
                going = s.standing.get(unit.id) if viewer == unit.side else None
                where = Names(known).to(going.to).split(" ", 1) if going else ""  # ('to', 'a hex near Kampçı')
                self.side.set("unit", unit_html(known, unit, own=viewer in ("", unit.side))
                              + (f"<br>Going {where[0]} <b>{esc(where[1])}</b> (C cancels)" if going else ""))
            else:
                self.side.set("unit", idle_html(s, viewer))
            h = self.hover
            self.side.set("hex", hex_html(s.seen_by(viewer), h, viewer, s.units_at(h, viewer)) if h is not None else
                          "<font color='#b4a892'>Point at a hex to see its terrain, owner and support.</font>")
        mine = s.my_unit(s.selected) if self.humans_turn() else None
        options = s.order_options(mine.id) if mine else {}
        waiting = self.not_your_move()
        pick = waiting or "select one of your units first"
        for key_name in ("entrench", "hide", "wireless", "leave"):
            self.side.enable(key_name, bool(mine) and options.get(key_name) == "", options.get(key_name) or pick)
        no_attack = (f"{mine.name} has already attacked this turn" if mine.attacked else
                     f"no enemy {mine.name} can attack stands next to it") if mine else pick
        self.side.enable("attack", bool(mine) and bool(self.marks.targets), no_attack)
        self.side.enable("next", self.humans_turn(), waiting)
        over = s.state.over  # the end of the game: the button opens its results again
        if over and self.side.end.text != "Results":
            self.side.end.set_text("Results")
            self.side.end.set_tooltip("How the game ended: the result, the record, the replay and the report (Enter)")
        self.side.enable("end", self.humans_turn() or (over and self.dialog is None), "" if over else waiting)
        switch(self.top.buttons["undo"], s.can_undo and self.handover is None, s.why_no_undo())
        switch(self.top.buttons["save"], not s.why_no_save, s.why_no_save)

    def not_your_move(self) -> str:
        """Why the player cannot give orders now ("" when they can)."""
        s = self.session
        if s.state.over:
            return "the game is over"
        if self.handover is not None:
            return "hand the screen over first"
        if s.why_no_orders:
            return s.why_no_orders
        return "" if self.humans_turn() else f"the {side_name(s.state, s.state.side)} are moving"

    def draw_note(self, surface: pygame.Surface, text: str, below: int | None = None) -> int:
        """A message (an order refused, a save written, a lost server) over the top of the map, or `below` another,
        in as many lines as the map's width needs; the status bar keeps the date.  Where its box ends."""
        x, y, w, _ = self.camera.view
        px = self.app.px
        f = theme.font(px(15), bold=True)
        images = [f.render(line, True, (255, 240, 215)) for line in wrapped(text, f, w - px(48))]
        inner = pygame.Rect(0, 0, max(i.get_width() for i in images), sum(i.get_height() for i in images))
        box = inner.inflate(px(24), px(12))
        box.midtop = (x + w // 2, (y + px(10)) if below is None else below + px(6))
        box.clamp_ip(pygame.Rect(self.camera.view))
        pygame.draw.rect(surface, (30, 24, 18), box, border_radius=px(6))
        pygame.draw.rect(surface, theme.ACCENT, box, 2, border_radius=px(6))
        top = box.top + px(6)
        for image in images:
            surface.blit(image, image.get_rect(midtop=(box.centerx, top)))
            top += image.get_height()
        return box.bottom


def wrapped(text: str, font, width: int) -> list[str]:
    """`text` in lines no wider than `width` in `font`, broken between words (a word longer than that alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.size(f"{lines[-1]} {word}")[0] <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def idle_html(session: Session, viewer: str) -> str:
    state = session.state
    if not viewer:
        sides = ", ".join(f"{side_name(state, s)} {state.men(s):,} men" for s in state.setup.sides)
        return f"<b>Watching the AI</b><br>{sides}<br><font color='#b4a892'>Click a unit to see it.</font>"
    own = state.units_of(viewer)
    head = f"<b>{side_name(state, viewer)}</b>: {len(own)} units, {state.men(viewer):,} men<br>"
    if state.over:
        return head + ("The game is over.<br><font color='#b4a892'>Results (Enter) shows how it ended; the map is "
                       "yours to look at.</font>")
    if session.why_no_orders:
        return head + (f"{esc(session.why_no_orders.capitalize())}.<br><font color='#b4a892'>No order can be given "
                       "here now: join again from the menu with your code.</font>")
    ready = sum(1 for u in own if may_move(u) and not u.moved)
    return head + (f"{ready} can still move.<br><font color='#b4a892'>Click a unit to select it; Tab picks the next "
                   "one.</font>")
