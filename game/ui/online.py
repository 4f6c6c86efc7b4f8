"""The main menu's Online game: create a game on a server or join one with a code, then play as at one screen.

Creating sends the scenario, start date and side chosen in the menu; the server gives one code a side: the
player's own (kept here, to come back) and the other side's, to send to the opponent.  Joining waits, without
freezing the window, until the server has welcomed the seat (docs/online.md).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future, ThreadPoolExecutor

import pygame
from pygame_gui.elements import UIButton, UILabel, UITextBox, UITextEntryLine, UIWindow

from game.online import client
from game.online.protocol import MAX_NOTE
from game.online.remote import Remote
from game.ui.dialogs import centred
from game.ui.words import esc

DEFAULT_SERVER = "ws://127.0.0.1:8765"


class OnlineDialog:
    """Server, code, and Create / Join / Cancel; what is happening said beneath."""

    def __init__(self, app, loaded, start_date, side: str, side_names: dict[str, str]):
        px = app.px
        self.app, self.loaded, self.start_date, self.side, self.names = app, loaded, start_date, side, side_names
        self.window = UIWindow(centred(app, px(560), px(440)), app.ui, "Online game")
        w = px(520)
        UILabel(pygame.Rect(px(10), px(6), w, px(24)), "Server (ws://HOST:PORT):", app.ui, container=self.window)
        self.server = UITextEntryLine(pygame.Rect(px(10), px(32), w, px(32)), app.ui, container=self.window)
        self.server.set_text(app.settings.get("online_server") or DEFAULT_SERVER)
        UILabel(pygame.Rect(px(10), px(70), w, px(24)), "Join code (to join a game made elsewhere):", app.ui,
                container=self.window)
        self.code = UITextEntryLine(pygame.Rect(px(10), px(96), w, px(32)), app.ui, container=self.window)
        self.code.set_text(app.settings.get("online_code", ""))  # the game joined last: to come back to it
        self.words = UITextBox("", pygame.Rect(px(10), px(134), w, px(210)), app.ui, container=self.window)
        bw = (w - px(20)) // 3
        self.join = UIButton(pygame.Rect(px(10), px(352), bw, px(36)), "Join", app.ui, container=self.window,
                             tool_tip_text="Take your seat in the game with this code")
        self.create = UIButton(pygame.Rect(px(20) + bw, px(352), bw, px(36)), "Create", app.ui, container=self.window,
                               tool_tip_text=f"A new game of the scenario chosen in the menu; you play the "
                                             f"{side_names.get(side, side)}")
        self.cancel = UIButton(pygame.Rect(px(30) + 2 * bw, px(352), bw, px(36)), "Cancel", app.ui,
                               container=self.window)
        self.pool = ThreadPoolExecutor(1)
        self.making: Future | None = None
        self.made_codes: dict[str, str] = {}
        self.seat: Remote | None = None
        self.say(f"<b>Create</b> a game of {esc(loaded.scenario.title)} as the {esc(side_names.get(side, side))}, "
                 "and send the other side's code to your opponent; or paste the code you were sent and "
                 "<b>Join</b>. The server holds the game: close the window when you like and join again with "
                 "your code." + last_made(app.settings.get("online_made"), side_names))

    def say(self, html: str) -> None:
        self.words.set_text(html)

    # -- what the player does ------------------------------------------------------------------------
    def pressed(self, element) -> bool:
        """Act on a button of the dialog; False when it is not one of them."""
        if element is self.join:
            self.take_seat(self.code.get_text().strip())
        elif element is self.create:
            self.start_making()
        elif element is self.cancel:
            self.kill()
            return True
        else:
            return False
        return True

    def start_making(self) -> None:
        server = self.server.get_text().strip()
        self.say("Asking the server for a new game...")
        self.making = self.pool.submit(asyncio.run, client.create(server, self.loaded, self.start_date.isoformat()
                                                                 if self.start_date else None, None, wait=10))

    def take_seat(self, code: str) -> None:
        server = self.server.get_text().strip()
        if not code:
            return self.say("Paste your join code first (or <b>Create</b> a game).")
        try:
            client.address(server)
        except ValueError as exc:
            return self.say(esc(str(exc)))
        if self.seat is not None:
            self.seat.close()
        self.seat = Remote(server, code)
        self.say(f"Connecting to {esc(server)}...")

    # -- each frame ------------------------------------------------------------------------------------
    def update(self):
        """Follow what is under way; the joined session when the seat is taken (None before)."""
        if self.making is not None and self.making.done():
            self.made(self.making)
            self.making = None
        if self.seat is None:
            return None
        now = self.seat.snapshot()
        if now.status == "refused":
            self.say(f"The server says: {esc(now.problem)}")
            self.seat.close()
            self.seat = None
        elif now.status == "reconnecting":
            from game.online.session import retry

            why = f" ({esc(now.unreached)})" if now.unreached else ""
            self.say(f"No game server answers at {esc(self.seat.server)}{why}: trying again {retry(now.retry_in)}. "
                     "Check the address, and that the server runs (dushanbe serve); Cancel stops trying.")
        elif now.observation is not None and self.seat.loaded is not None:
            from game.online.session import OnlineSession

            session, self.seat = OnlineSession.joined(self.seat, now, self.seat.loaded), None
            session.briefed_before = session.game_key in self.app.settings.get("online_briefed", [])
            self.remember(session.remote.server, session.remote.code, briefed=session.game_key)
            return session
        return None

    def remember(self, server: str, code: str, made: dict | None = None, briefed: str = "") -> None:
        """The server and code of the game joined or made, offered again next time (to come back to it); of a game
        made, every side's code (the other side's is not yet sent, and the server keeps none it could give again)."""
        from game.scenario.problems import InputError
        from game.ui import paths

        self.app.settings.update(online_server=server, online_code=code)
        if made is not None:
            self.app.settings["online_made"] = made
        if briefed:  # the games this window has joined (their briefing is not shown again): the last 50
            seen = [key for key in self.app.settings.get("online_briefed", []) if key != briefed]
            self.app.settings["online_briefed"] = (seen + [briefed])[-50:]
        try:
            paths.save_settings(self.app.settings)
        except InputError:
            pass  # a read-only data directory only loses the convenience

    def made(self, future: Future) -> None:
        try:
            made = future.result()
        except (client.Refused, client.Unreachable, ValueError) as exc:
            return self.say(f"No game made: {esc(str(exc))}")
        self.made_codes = made["codes"]
        mine = made["codes"][self.side]
        self.remember(self.server.get_text().strip(), mine, made={"server": self.server.get_text().strip(),
                                                                  "codes": made["codes"], "side": self.side})
        theirs = {s: c for s, c in made["codes"].items() if s != self.side}
        self.code.set_text(mine)
        lines = [f"Game made. Your code, as the {esc(self.names.get(self.side, self.side))} (keep it to come "
                 f"back): <b>{mine}</b>"]
        lines += [f"Send the {esc(self.names.get(s, s))} player this code: <b>{c}</b>" for s, c in theirs.items()]
        copied = _copy(" ".join(theirs.values()))
        lines.append("(copied)" if copied else "")
        self.say("<br>".join(lines) + "<br>Press <b>Join</b> to take your seat.")

    def kill(self) -> None:
        if self.seat is not None:
            self.seat.close()
        self.pool.shutdown(wait=False)
        self.window.kill()


def last_made(made, names: dict[str, str]) -> str:
    """The codes of the game made last, said again, each side by its name (HTML; "" if none)."""
    if not isinstance(made, dict) or not isinstance(made.get("codes"), dict):
        return ""
    codes = ", ".join(f"{esc(names.get(side, str(side).capitalize()))}: <b>{esc(str(code))}</b>"
                      for side, code in sorted(made["codes"].items()))
    return f"<br><br>The game you made last (on {esc(str(made.get('server', '')))}): {codes}"


def _copy(text: str) -> bool:
    """Put `text` on the clipboard where there is one."""
    try:
        pygame.scrap.put_text(text)
        return True
    except (pygame.error, AttributeError, NotImplementedError):
        return False


class NoteDialog:
    """A short note to the other player, sent with the end of this turn (as a letter with a play-by-mail move)."""

    def __init__(self, app, to_whom: str, current: str):
        px = app.px
        self.window = UIWindow(centred(app, px(480), px(190)), app.ui, f"A note to the {to_whom} player")
        UILabel(pygame.Rect(px(10), px(6), px(440), px(24)), f"Sent with your end of turn (up to {MAX_NOTE} letters):",
                app.ui, container=self.window)
        self.entry = UITextEntryLine(pygame.Rect(px(10), px(34), px(440), px(32)), app.ui, container=self.window)
        self.entry.set_text_length_limit(MAX_NOTE)
        self.entry.set_text(current)
        self.entry.focus()
        self.ok = UIButton(pygame.Rect(px(10), px(84), px(215), px(36)), "Keep the note", app.ui, container=self.window)
        self.cancel = UIButton(pygame.Rect(px(235), px(84), px(215), px(36)), "Cancel", app.ui, container=self.window)

    def text(self) -> str:
        return self.entry.get_text().strip()[:MAX_NOTE]

    def kill(self) -> None:
        self.window.kill()
