"""Dialogs: save and load, wireless, hand-over, victory, help, points, leaving, messages (the attack's: attack.py)."""

from __future__ import annotations

import os

import pygame
from pygame_gui.elements import UIButton, UILabel, UIPanel, UISelectionList, UITextBox, UITextEntryLine, UIWindow
from pygame_gui.windows import UIMessageWindow

from game.scenario.campaign import END
from game.scenario.problems import shown
from game.ui import theme
from game.ui.texts import breakable, history_html, result_html, standing_html
from game.ui.words import esc, fitted


def centred(app, w: int, h: int) -> pygame.Rect:
    W, H = app.window.get_size()
    w, h = min(w, W - 20), min(h, H - 20)
    return pygame.Rect((W - w) // 2, (H - h) // 2, w, h)


class WirelessDialog:
    """The stations a besieged unit may call, each with the help it brings; each may be called once."""

    def __init__(self, app, offers: dict[str, str], unit_name: str):
        px = app.px
        self.window = UIWindow(centred(app, px(520), px(150) + px(42) * len(offers)), app.ui, f"Wireless: {unit_name}")
        UILabel(pygame.Rect(px(10), px(6), px(480), px(26)), "Call which station for help? (each once)", app.ui,
                container=self.window)
        self.buttons = {}
        for i, (st, offer) in enumerate(offers.items()):
            self.buttons[st] = UIButton(pygame.Rect(px(10), px(38) + i * px(42), px(480), px(36)),
                                        f"{st.replace('_', ' ').title()}: {offer}", app.ui, container=self.window,
                                        tool_tip_text="The help comes in at its map edge, where it can be met on the "
                                                      "road; the delay is drawn when the call is made")
        self.cancel = UIButton(pygame.Rect(px(10), px(44) + len(offers) * px(42), px(480), px(36)), "Cancel (Esc)",
                               app.ui, container=self.window)

    def kill(self) -> None:
        self.window.kill()


class SaveDialog:
    """A name for the save, and where it will be written."""

    def __init__(self, app, default_name: str, folder: str):
        px = app.px
        self.window = UIWindow(centred(app, px(440), px(250)), app.ui, "Save game")
        UILabel(pygame.Rect(px(10), px(6), px(400), px(24)), "Name of the save:", app.ui, container=self.window)
        self.entry = UITextEntryLine(pygame.Rect(px(10), px(34), px(400), px(32)), app.ui, container=self.window)
        self.entry.set_text(default_name)
        self.entry.focus()
        where = breakable(f"Saved as NAME.json in {folder}", 46).split("\n")
        self.where = UITextBox("<br>".join(esc(line) for line in where), pygame.Rect(px(10), px(72), px(400), px(78)),
                               app.ui, container=self.window, object_id="#muted")
        self.ok = UIButton(pygame.Rect(px(10), px(156), px(195), px(36)), "Save", app.ui, container=self.window)
        self.cancel = UIButton(pygame.Rect(px(215), px(156), px(195), px(36)), "Cancel", app.ui, container=self.window)

    def name(self) -> str:
        raw = self.entry.get_text().strip() or "save"
        return "".join(c if c.isalnum() or c in "-_ " else "_" for c in raw)[:60]

    def kill(self) -> None:
        self.window.kill()


ITEM_FONT = ["selection_list.#item_list_item", "selection_list.button", "#item_list_item", "button"]  # a list's
# items are buttons: the font pygame_gui draws them in, most particular first (the list's own is not theirs)


class FileListDialog:
    """Pick a save or a replay from a list (newest first)."""

    def __init__(self, app, title: str, entries: list[tuple[str, str]], action: str = "Open"):
        px = app.px
        self.window = UIWindow(centred(app, px(1000), px(460)), app.ui, title)
        inner = self.window.get_container().get_rect()
        self.paths = {}
        items = []
        font = app.ui.get_theme().get_font(ITEM_FONT)
        room = inner.width - px(20) - px(56)  # the list less its scroll bar and the items' padding
        for label_text, path in entries:
            text = fitted(font, label_text, room)  # cut with an ellipsis, not mid-word at the edge
            while text in self.paths:
                text += " "
            self.paths[text] = path
            items.append(text)
        top = px(10)
        if not items:
            UILabel(pygame.Rect(px(10), px(10), inner.width - px(20), px(30)), "Nothing saved yet.", app.ui, container=self.window)
            top = px(46)  # the empty list below the word that it is empty
        self.list = UISelectionList(pygame.Rect(px(10), top, inner.width - px(20), inner.height - px(60) - top), items,
                                    app.ui, container=self.window)
        y = inner.height - px(50)
        self.ok = UIButton(pygame.Rect(px(10), y, px(200), px(38)), action, app.ui, container=self.window)
        self.cancel = UIButton(pygame.Rect(px(220), y, px(200), px(38)), "Cancel", app.ui, container=self.window)

    def chosen(self) -> str | None:
        item = self.list.get_single_selection()
        return self.paths.get(item) if item else None

    def kill(self) -> None:
        self.window.kill()


class HandOver:
    """Hot seat: cover the map until the next player is at the screen."""

    def __init__(self, app, side_text: str, colour):
        px = app.px
        W, H = app.window.get_size()
        self.panel = UIPanel(pygame.Rect(0, 0, W, H), starting_height=40, manager=app.ui, object_id="#handover")
        self.panel.covers = True  # over everything, on purpose (for the layout test)
        inner = self.panel.get_container().get_rect().width
        self.title = UILabel(pygame.Rect(0, H // 2 - px(90), inner, px(50)), f"{side_text} to move", app.ui,
                             container=self.panel, object_id="#title")
        UILabel(pygame.Rect(0, H // 2 - px(36), inner, px(30)),
                f"The {side_text} player takes the screen; the map stays covered until they are ready. "
                "(Esc: back to the menu; the game is kept)", app.ui, container=self.panel)
        self.ok = UIButton(pygame.Rect(W // 2 - px(130), H // 2 + px(10), px(260), px(48)), "I am ready (Space)", app.ui,
                           container=self.panel, object_id="#big")
        self.colour = colour

    def kill(self) -> None:
        self.panel.kill()


HELP = open(os.path.join(theme.ASSETS, "help.txt"), encoding="utf-8").read().strip()  # keys, moving, the map: F1


class TextWindow:
    """A window of text, closed by its own key or its close button."""

    def __init__(self, app, title: str, html_text: str, size: tuple[int, int], object_id: str):
        px = app.px
        self.window = UIWindow(centred(app, px(size[0]), px(size[1])), app.ui, title, object_id=object_id)
        inner = self.window.get_container().get_rect()
        UITextBox(html_text, pygame.Rect(0, 0, inner.width, inner.height), app.ui, container=self.window)

    def kill(self) -> None:
        self.window.kill()


class HelpWindow(TextWindow):
    def __init__(self, app):
        super().__init__(app, "Help (F1)", HELP.replace("\n", "<br>"), (820, 620), "#help")


class PointsWindow(TextWindow):
    """The points as they stand: what each side would score if the scenario ended now, line by line."""

    def __init__(self, app, state, obs=None):
        super().__init__(app, "Points as they stand (P)", standing_html(state, obs), (720, 460), "#points")


def text_height(app, html: str, width: int) -> int:
    """The height a text box `width` wide needs to show `html` whole, as the box lays it out."""
    probe = UITextBox(html, pygame.Rect(0, 0, width, app.px(2000)), app.ui)
    rows = probe.text_box_layout.layout_rows
    need = (rows[-1].bottom if rows else 0) + probe.rect.height - probe.text_wrap_rect.height
    probe.kill()
    return need


class Question:
    """A question with its answers as buttons, the last of them Cancel; nothing behind it acts until it is
    answered (`answer(element)`: the answer a button gives, "" for none of them; `then`: what an answer does,
    where the screen asking has more than one question).  As tall as its text needs."""

    def __init__(self, app, title: str, text: str, answers: tuple[tuple[str, str], ...], then=None):
        self.then = then
        px = app.px
        html, width = esc(text).replace("\n", "<br>"), min(px(600), app.window.get_width() - px(20))
        chrome = px(110)  # the title bar, the buttons and the margins
        high = min(app.window.get_height() - px(20), max(px(240), text_height(app, html, width - px(40)) + chrome))
        self.window = UIWindow(centred(app, width, high), app.ui, title, object_id="#question")
        self.window.set_blocking(True)  # the rest of the window waits for the answer (no clicks, no tooltips)
        inner = self.window.get_container().get_rect()
        UITextBox(html, pygame.Rect(px(10), px(10), inner.width - px(20), inner.height - px(70)), app.ui,
                  container=self.window)
        bw, y = (inner.width - px(10) * (len(answers) + 2)) // (len(answers) + 1), inner.height - px(52)
        self.buttons = {UIButton(pygame.Rect(px(10) + k * (bw + px(10)), y, bw, px(40)), words, app.ui,
                                 container=self.window, tool_tip_text=tip or None): words
                        for k, (words, tip) in enumerate(answers)}
        self.cancel = UIButton(pygame.Rect(px(10) + len(answers) * (bw + px(10)), y, bw, px(40)), "Cancel", app.ui,
                               container=self.window)

    def answer(self, element) -> str:
        return self.buttons.get(element, "")

    def kill(self) -> None:
        self.window.kill()


class LeaveDialog(Question):
    """Unsaved moves: save them and go, go without them, or stay; or (`lost`: what would be lost that no save
    keeps, an online order not yet sent) go without it, or stay; or (`kept`: nothing would be lost, and where it
    is kept) go, or stay.  The buttons say what they do."""

    WORDS = {"Quit": ("Save and quit", "Quit without saving"), "Main menu": ("Save, then menu", "Menu, no save"),
             "Load": ("Save, then load", "Load, no save")}

    def __init__(self, app, question: str, action: str, lost: str = "", unsaved: str = "", kept: str = ""):
        save_words, leave_words = self.WORDS.get(action, (f"Save, then {action.lower()}", f"{action}, no save"))
        leave_words = f"{action}, order lost" if lost else action if kept else leave_words
        title = "Order not sent" if lost else "Leave the game" if kept else "Unsaved game"
        said = lost or kept or unsaved or "Your moves since the last save would be lost."
        super().__init__(app, title, f"{question}\n{said}", ((save_words, "Save the game, then go"), (leave_words, "")))
        self.save_button, self.confirm_button = self.buttons
        self.cancel_button = self.cancel
        if lost or kept:
            self.save_button.hide()  # (no save keeps it, or nothing needs one)


MESSAGE_CHARS = 2000  # a message window shows this much; the rest would only freeze the layout


def message(app, text: str, title: str = "Message") -> UIMessageWindow:
    """A message window as tall as its text needs (to most of the window); the text (often from a file) is made
    safe, cut to a readable length, and long paths are broken at their folders, never mid-name."""
    W, H = app.window.get_size()
    width = min(app.px(620), W - 20)
    chars = max(20, int((width - app.px(40)) / (app.px(14) * 0.55)))  # about this many characters a line
    lines = breakable(shown(text, MESSAGE_CHARS), chars).split("\n")
    rows = sum(1 + len(line) // chars for line in lines)
    height = min(int(H * 0.85), max(app.px(200), app.px(120) + rows * app.px(22)))
    window = UIMessageWindow(centred(app, width, height), "<br>".join(esc(line) for line in lines),
                             app.ui, window_title=shown(title, 80))
    grown(app, window)
    return window


def grown(app, window: UIMessageWindow) -> None:
    """The message's button as big as the UI scale makes every other (pygame_gui draws it 24 pixels high)."""
    button, spacing = window.dismiss_button, app.px(10)
    size = (max(button.rect.width, app.px(100)), app.px(34))
    button.set_dimensions(size)
    button.set_relative_position((-spacing - size[0], -spacing - size[1]))
    button.rebuild()  # (the text is placed again, in the middle)
    inner = window.get_container().get_size()
    window.text_block.set_dimensions((inner[0], inner[1] - 2 * spacing - size[1]))


class VictoryWindow:
    """The outcome, the losses, defections and captures, beside the historical record: of the whole game as it
    ended (`final`: in an online game the window's state is only its side's view)."""

    def __init__(self, app, session, summary: dict, final):
        px = app.px
        state = final
        self.window = UIWindow(centred(app, px(1040), px(640)), app.ui, "The game is over", object_id="#victory")
        inner = self.window.get_container().get_rect()
        half = (inner.width - px(30)) // 2
        h = inner.height - px(70)
        history = session.loaded.scenario.history  # what the record says: people read it, the rules never do
        campaign = session.campaign
        told = history_html(state, history) + (f"<br><br><b>The campaign</b><br>{campaign.debriefing(state)}"
                                               if campaign is not None else "")
        self.result = result_html(state, summary, history)
        UITextBox(self.result, pygame.Rect(px(10), px(10), half, h), app.ui, container=self.window)
        UITextBox(told, pygame.Rect(px(20) + half, px(10), half, h), app.ui, container=self.window)
        y = inner.height - px(52)
        n = 5 if campaign is not None else 4
        bw = (inner.width - px(10) * (n + 1)) // n
        at = lambda i: pygame.Rect(px(10) + i * (bw + px(10)), y, bw, px(40))  # noqa: E731
        self.replay = UIButton(at(0), "Save replay", app.ui, container=self.window,
                               tool_tip_text="Write the whole game as a replay file")
        self.report = UIButton(at(1), "Report", app.ui, container=self.window,
                               tool_tip_text="The after-action report: one page with the game's course, its decisive "
                                             "moments, the points and the log, to keep or share")
        self.look = UIButton(at(2), "Look at the map", app.ui, container=self.window)
        self.menu = UIButton(at(3), "Main menu", app.ui, container=self.window, object_id="#big")
        self.next = None
        if campaign is not None:
            last = campaign.following(state) == END
            self.next = UIButton(at(4), "End the campaign" if last else "Next scenario", app.ui, container=self.window,
                                 object_id="#big", tool_tip_text="The campaign goes on with what this fight left")

    def kill(self) -> None:
        self.window.kill()
