"""The account of the enemy's phase: at the start of a player's own phase, what it saw happen while the other
side moved, one thing at a time, the camera going to each (Space: next, Esc: skip), as Wesnoth replays the
opponent's moves.  It does not stop the player: the map can be used while it is open.
"""

from __future__ import annotations

import pygame
from pygame_gui.elements import UIButton, UIPanel, UITextBox

from game.play.happenings import Happening
from game.ui.dialogs import text_height
from game.ui.words import esc


class Account:
    """The happenings to tell, the one shown now, and the little panel at the top of the map that tells it."""

    def __init__(self, app, view: pygame.Rect, side_name: str, items: list[Happening]):
        px = app.px
        self.items, self.at, self.side_name = items, 0, side_name
        w = min(px(640), view.width - px(20))
        bw = max(px(130), app.ui.get_theme().get_font(["button"]).size("Next (Space)")[0] + px(20))
        h = max(px(96), min(view.height // 2, self.tallest(app, w - bw - px(12)) + px(4)))
        self.panel = UIPanel(pygame.Rect(view.centerx - w // 2, view.top + px(8), w, h), manager=app.ui,
                             starting_height=3, object_id="#account")
        inner = self.panel.get_container().get_rect()
        self.text = UITextBox("", pygame.Rect(px(4), px(2), inner.width - bw - px(12), inner.height - px(4)), app.ui,
                              container=self.panel)
        self.next = UIButton(pygame.Rect(inner.width - bw - px(4), px(4), bw, px(40)), "Next (Space)", app.ui,
                             container=self.panel, tool_tip_text="Go to the next thing that happened")
        self.skip = UIButton(pygame.Rect(inner.width - bw - px(4), px(48), bw, px(36)), "Skip (Esc)", app.ui,
                             container=self.panel, tool_tip_text="Close this account; the log keeps every line")
        self.show()

    def tallest(self, app, width: int) -> int:
        """The height the longest of the account's items needs in a box `width` wide (the panel keeps one size
        throughout; three lines were too few for a fight of six units at 1280x720)."""
        return max(text_height(app, self.html(k), width) for k in range(len(self.items))) + app.px(8)

    def html(self, k: int) -> str:
        return f"<b>While the {esc(self.side_name)} moved</b> ({k + 1} of {len(self.items)}): {esc(self.items[k].told)}"

    @property
    def current(self) -> Happening:
        return self.items[self.at]

    def show(self) -> None:
        self.text.set_text(self.html(self.at))
        last = self.at + 1 >= len(self.items)
        self.next.set_text("Done (Space)" if last else "Next (Space)")
        self.next.set_tooltip("Close this account: that was the last thing that happened" if last else
                              "Go to the next thing that happened")
        self.skip.hide() if last else self.skip.show()  # (on the last, Done closes it as Skip would)

    def step(self) -> bool:
        """On to the next happening; False when there is none left (the account is over)."""
        if self.at + 1 >= len(self.items):
            return False
        self.at += 1
        self.show()
        return True

    def clear_of(self, spot: pygame.Rect, view: pygame.Rect, margin: int) -> None:
        """Stand at the top of the map, or at its foot when the place told of lies under the panel there (at the
        map's top edge the camera cannot bring it lower)."""
        rect = self.panel.rect
        top = pygame.Rect(rect.x, view.top + margin, rect.width, rect.height)
        y = view.bottom - margin - rect.height if top.colliderect(spot) else top.y
        if y != rect.y:
            self.panel.set_position((rect.x, y))

    def kill(self) -> None:
        self.panel.kill()
