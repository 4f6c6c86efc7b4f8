"""The briefing before a scenario: the situation, what each side must do and how it scores, what the record says.

Every game opens with it (a campaign's scenario with its place in the chain and
what was carried over); a loaded save does not.
"""

from __future__ import annotations

import pygame
from pygame_gui.elements import UIButton, UITextBox, UIWindow

from game.core.narrate import day_text
from game.ui import theme
from game.ui.dialogs import centred
from game.ui.texts import history_html, ways_html
from game.ui.words import coloured, esc, side_label


class Briefing:
    """A window of the briefing's text with one button, Begin (Enter or Space)."""

    def __init__(self, app, title: str, text: str):
        px = app.px
        self.window = UIWindow(centred(app, px(820), px(620)), app.ui, title, object_id="#briefing")
        inner = self.window.get_container().get_rect()
        UITextBox(text, pygame.Rect(px(10), px(10), inner.width - px(20), inner.height - px(74)), app.ui,
                  container=self.window)
        self.ok = UIButton(pygame.Rect(inner.width - px(230), inner.height - px(54), px(220), px(44)), "Begin (Enter)",
                           app.ui, container=self.window, object_id="#big")

    def kill(self) -> None:
        self.window.kill()


def start_html(session) -> str:
    """A scenario's briefing: when and how long, the situation, who plays whom, how each side scores, the record."""
    state, scenario = session.state, session.loaded.scenario
    setup = state.setup
    end = setup.date_of(setup.total_turns - 1)
    per_day = "a day and a night each day" if setup.turns_per_day == 2 else "one a day"
    lines = [f"<b>{esc(scenario.title)}</b>",
             coloured(f"{day_text(setup.start)} to {day_text(end)}: {setup.total_turns} turns ({per_day}).",
                      theme.MUTED), "", esc(scenario.description), ""]
    lines += [players_html(session), "", *ways_html(state), "", history_html(state, scenario.history)]
    return "<br>".join(lines)


def campaign_html(session) -> str:
    """A campaign scenario's briefing: its place in the chain and what it carries (CampaignRun.briefing), then who
    plays whom and how each side scores, as a scenario's own briefing says them."""
    return "<br>".join([session.campaign.briefing(), "", players_html(session), "", *ways_html(session.state)])


def players_html(session) -> str:
    """'Basmachi: you · Soviet: the computer (normal)'."""
    state = session.state
    return " · ".join(f"{side_label(state, side)}: {esc(who(session, side))}" for side in state.setup.sides)


def who(session, side: str) -> str:
    player = session.players.get(side, "")
    if player == "human":
        return "you" if len(session.humans) == 1 else "a player at this screen"
    if session.kept_elsewhere:
        return "a player elsewhere, through the server"
    return f"the computer ({player})" if player else "the other player"
