"""The attack dialog: the forecast of an attack from the rule that resolves it, the choice of who attacks,
and the chart of the losses roll by roll."""

from __future__ import annotations

import pygame
from pygame_gui.elements import UIButton, UIImage, UILabel, UITextBox, UIWindow

from game.core.narrate import Names, odds
from game.play.log import side_name
from game.ui import theme
from game.ui.texts import defence_words
from game.ui.dialogs import centred
from game.ui.words import coloured, esc, fitted, lighten, side_label


class AttackDialog:
    """The forecast of an attack, from the rule that resolves it, before the player commits; with one switch
    for each unit that can join in, so the player chooses who attacks and sees the forecast for that choice."""

    def __init__(self, app, session, target, attackers: tuple[str, ...], everyone: tuple[str, ...]):
        px = app.px
        self.session, self.target, self.attackers, self.everyone = session, target, attackers, everyone
        rows = (len(everyone) + 1) // 2
        picks_h = px(34) * min(rows, 3) + px(28)
        self.window = UIWindow(centred(app, px(600), px(520) + picks_h), app.ui, "Attack", object_id="#attack")
        inner = self.window.get_container().get_rect()
        w = inner.width - px(20)
        self.text = UITextBox("", pygame.Rect(px(10), px(8), w, px(214)), app.ui, container=self.window)
        self.chart_rect = pygame.Rect(px(10), px(228), w, px(170))
        self.chart = None
        UILabel(pygame.Rect(px(10), px(402), w, px(24)), "Who attacks (click to add or leave out):", app.ui,
                container=self.window, object_id="#muted")
        self.picks: dict = {}
        half = (w - px(8)) // 2
        for i, uid in enumerate(everyone):
            x, y = px(10) + (i % 2) * (half + px(8)), px(428) + (i // 2) * px(34)
            self.picks[Switch(pygame.Rect(x, y, half, px(30)), "", app.ui, container=self.window,
                                object_id="#pick")] = uid
        y = inner.height - px(46)
        bw = (w - px(16)) // 3
        self.go = UIButton(pygame.Rect(px(10), y, bw, px(36)), "Attack!", app.ui, container=self.window,
                           object_id="#big", tool_tip_text="Roll the dice (Enter)")
        self.toggle = UIButton(pygame.Rect(px(18) + bw, y, bw, px(36)), "", app.ui, container=self.window)
        self.cancel = UIButton(pygame.Rect(px(26) + 2 * bw, y, bw, px(36)), "Cancel", app.ui, container=self.window,
                               tool_tip_text="Esc")
        self.app = app
        self.refresh()

    def refresh(self) -> None:
        p = self.session.forecast(self.attackers, self.target)
        f = p.forecast
        self.forecast = f
        state = self.session.state
        m = f.matchup
        a_side, d_side = state.units[m.attackers[0]].side, state.units[m.defenders[0]].side
        where = state.board.place_name(self.target)
        spot = f"on {where}" if where else Names(state).at(self.target)
        when = f"{'night' if state.is_night else 'day'}, {state.weather}"
        lines = [
            f"<b>Attack {esc(spot)}</b> ({esc(when)}): odds <b>{odds(f.odds)} to 1</b>",
            f"Expected losses: ours <b>{f.expected_attacker_losses:,.0f}</b> men, theirs <b>{f.expected_defender_losses:,.0f}</b> men",
            f"Chance the defenders fall back: <b>{p.fall_back_chance * 100:.0f}%</b>; "
            f"end the fight broken: <b>{p.broken_chance * 100:.0f}%</b>; "
            f"give up {'the place' if where else 'the hex'}: <b>{p.emptied_chance * 100:.0f}%</b>",
            f"{side_label(state, a_side)}: {names(state, m.attackers)}: {m.attacker_men:,} men, power {m.attacker_power:,.0f}",
            f"{side_label(state, d_side)}: {names(state, m.defenders)}: {m.defender_men:,} men, power {m.defender_power:,.0f}",
            f"Their defence: {esc(defence_words(state, m.attackers, m.defenders))}",
            coloured("The enemy as your side reckons it, counted from afar: the fight is fought with what it truly has, "
                     "so the odds may come out otherwise.", theme.MUTED),
            coloured(f"Chart: men lost for each of the {len(f.outcomes)} equally likely rolls, worst luck for the attacker "
                     "on the left; a yellow tick where the defenders fall back, a red one where they give it up.", theme.MUTED),
        ]
        self.text.set_text("<br>".join(lines))
        if self.chart is not None:
            self.chart.kill()
        self.chart = UIImage(self.chart_rect, chart(p, self.chart_rect.size, state, a_side, d_side, self.app.px), self.app.ui,
                             container=self.window)
        for button, uid in self.picks.items():
            unit = state.units[uid]
            joins = uid in self.attackers
            font = self.app.ui.get_theme().get_font(["button", "#pick"])
            room = button.relative_rect.width - self.app.px(24)
            words = f"{'Attacks' if joins else 'Stays'}: {unit.men:,}, {unit.name}"
            button.set_text(fitted(font, words, room))
            button.select() if joins else button.unselect()
            tip = ("The only one attacking" if joins and len(self.attackers) == 1 else
                   "Click to leave it out" if joins else "Click to add it to the attack")
            button.set_tooltip(f"{esc(unit.name)} ({unit.men:,} men)<br>{tip}")  # (the name in full: cut above)
        every = len(self.attackers) == len(self.everyone)
        self.toggle.set_text("Only the selected" if every else f"All {len(self.everyone)}")
        self.toggle.set_tooltip("Attack with the selected unit (and its stack) only" if every else
                                "Every unit that can join in attacks")
        self.toggle.disable() if len(self.everyone) <= 1 else self.toggle.enable()

    def pick(self, uid: str) -> None:
        """Add a unit to the attack or leave it out (the last one stays in)."""
        chosen = set(self.attackers) ^ {uid}
        if chosen:
            self.attackers = tuple(u for u in self.everyone if u in chosen)
            self.refresh()

    def switch(self) -> None:
        """All who can, or only the selected unit's stack."""
        if len(self.attackers) < len(self.everyone):
            self.attackers = self.everyone
        else:
            self.attackers = self.session.attackers_for(self.target, self.session.selected) or self.everyone[:1]
        self.refresh()

    def kill(self) -> None:
        self.window.kill()


class Switch(UIButton):
    """A unit's switch: lit while the unit attacks, and its tooltip shown lit or not (pygame_gui's lit buttons take
    no hover, so the name cut on a lit switch could not be read in full)."""

    def can_hover(self) -> bool:
        return self.is_enabled and not self.held

    def on_hovered(self) -> None:
        super().on_hovered()
        if self.is_selected and self.drawable_shape is not None:
            self.drawable_shape.set_active_state("selected")  # (lit it stays, under the mouse too)


def names(state, ids) -> str:
    units = [esc(state.units[u].name) for u in ids]
    return ", ".join(units) if len(units) <= 2 else f"{units[0]} and {len(units) - 1} more units"


AXIS = (200, 190, 170)


def chart(p, size, state, a_side: str, d_side: str, px=lambda v: v) -> pygame.Surface:
    """Bars of men lost per roll, worst luck for the attacker on the left: the defender's up from the middle,
    the attacker's down; a tick above a roll where the defenders fall back.  The labels have rows of their own
    above and below the bars, and a scale of men lost runs up the left."""
    f = p.forecast
    w, h = size
    s = pygame.Surface(size)
    s.fill((28, 25, 22))
    m = f.matchup
    n = len(f.outcomes)
    lost_a = [m.attacker_men * o.attacker_rate for o in f.outcomes]
    lost_d = [m.defender_men * o.defender_rate for o in f.outcomes]
    top = max(max(lost_a), max(lost_d), 1)
    small = theme.font(max(9, px(11)))
    row = small.get_linesize() + 2  # a label row above the plot, one below
    tick_room = px(10)  # the fall-back ticks above the bars
    scale_text = [small.render(f"{v:,.0f}", True, AXIS) for v in (top, 0)]
    left = max(t.get_width() for t in scale_text) + px(8)  # room for the scale
    plot = pygame.Rect(left, row + tick_room, w - left - 2, h - 2 * row - tick_room)
    mid = plot.centery
    reach = plot.height // 2
    bw = plot.width / n
    ca, cd = theme.side_colour(state.setup.sides, a_side), theme.side_colour(state.setup.sides, d_side)
    for i, (a, d, gives, emptied) in enumerate(zip(lost_a, lost_d, p.gives_way, p.emptied)):
        x = plot.x + int(i * bw) + 1
        hd, ha = int(reach * d / top), int(reach * a / top)
        pygame.draw.rect(s, cd, (x, mid - hd, max(1, int(bw) - 2), hd))
        pygame.draw.rect(s, ca, (x, mid, max(1, int(bw) - 2), ha))
        if gives:
            tick = theme.TARGET if emptied else theme.ACCENT
            cx = x + bw / 2
            pygame.draw.polygon(s, tick, [(cx - px(4), row + 1), (cx + px(4), row + 1), (cx, row + tick_room - 1)])
    pygame.draw.line(s, AXIS, (plot.x, mid), (plot.right, mid), 1)
    pygame.draw.line(s, AXIS, (plot.x - 1, mid - reach), (plot.x - 1, mid + reach), 1)  # the scale's axis
    for y, text in ((mid - reach, scale_text[0]), (mid, scale_text[1]), (mid + reach, scale_text[0])):
        pygame.draw.line(s, AXIS, (plot.x - px(4), y), (plot.x - 1, y), 1)
        s.blit(text, (plot.x - px(6) - text.get_width(), max(0, min(h - text.get_height(), y - text.get_height() // 2))))
    s.blit(small.render(f"{side_name(state, d_side)} men lost (up to {max(lost_d):,.0f})", True, lighten(cd)), (left, 0))
    s.blit(small.render(f"{side_name(state, a_side)} men lost (up to {max(lost_a):,.0f})", True, lighten(ca)), (left, h - row + 1))
    luck = small.render("rolls, from the worst luck for the attacker to the best", True, AXIS)
    s.blit(luck, (w - luck.get_width() - 2, h - row + 1))
    return s

