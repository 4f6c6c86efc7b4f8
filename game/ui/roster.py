"""The roster window (R): the side's units in a table; a heading sorts by it, a row selects its unit.

The rows come from `play/roster.py`; this module only lays them out.
"""

from __future__ import annotations

import pygame
from pygame_gui.elements import UIButton, UIScrollingContainer, UIWindow

from game.play.roster import COLUMNS, NUMERIC, Row, sort
from game.ui.dialogs import centred
from game.ui.words import esc, fitted

WIDTHS = (0.4, 0.09, 0.1, 0.16, 0.09, 0.16)  # of the table's width, column by column


class RosterWindow:
    """The table, sorted by `column` (`descending`: largest first); `cells` maps each row's buttons to its unit."""

    def __init__(self, app, table: list[Row], title: str, column: str = "name", descending: bool = False):
        px = app.px
        self.column, self.descending, self.table = column, descending, table
        row_h = px(30)
        tall = px(40) + row_h * (len(table) + 1) + px(8)  # the title bar, the headings and every row
        self.window = UIWindow(centred(app, px(820), min(px(600), tall)), app.ui, title, object_id="#roster")
        inner = self.window.get_container().get_rect()
        width = inner.width - px(24)  # room for the scroll bar
        xs = [round(sum(WIDTHS[:i]) * width) for i in range(len(WIDTHS) + 1)]
        self.headings: dict = {}
        for (words, key), x0, x1 in zip(COLUMNS, xs, xs[1:]):
            sorted_here = key == column
            order = ("largest first" if descending else "smallest first") if key in NUMERIC else \
                ("Z to A" if descending else "A to Z")
            tip = f"Sorted by this, {order}: click to turn it round" if sorted_here else "Sort by this"
            button = UIButton(pygame.Rect(x0, 0, x1 - x0, row_h), words, app.ui, container=self.window,
                              tool_tip_text=tip, object_id="#roster_sorted" if sorted_here else None)
            self.headings[button] = key
        self.scroll = UIScrollingContainer(pygame.Rect(0, row_h + px(2), inner.width, inner.height - row_h - px(2)),
                                           app.ui, container=self.window, allow_scroll_x=False)
        self.cells: dict = {}
        for i, row in enumerate(sort(table, column, descending)):
            for (_, key), x0, x1 in zip(COLUMNS, xs, xs[1:]):
                kind = "#roster_cell" if key in NUMERIC - {"cut_off"} else "#roster_name"
                text = cell_text(row, key)
                shown = fitted(app.ui.get_theme().get_font(["button", kind]), text, x1 - x0 - px(12))
                button = UIButton(pygame.Rect(x0, i * row_h, x1 - x0, row_h), shown, app.ui, container=self.scroll,
                                  object_id=kind, tool_tip_text=(esc(text) + "<br>" if shown != text else "") +
                                  "Select this unit and go to it")
                self.cells[button] = row.uid
        self.scroll.set_scrollable_area_dimensions((width, max(1, len(table)) * row_h))

    def resorted(self, key: str) -> tuple[str, bool]:
        """The sort a click on heading `key` asks for: the other way round if it is already sorted by it; else
        numbers largest first and words A to Z."""
        return (key, not self.descending) if key == self.column else (key, key in NUMERIC)

    def kill(self) -> None:
        self.window.kill()


def cell_text(row: Row, key: str) -> str:
    if key == "name":
        return f"{row.name} ({row.leader})" if row.leader else row.name
    if key == "men":
        return f"{row.men:,}"
    if key == "cut_off":
        return row.supply
    return str(getattr(row, key))
