"""The main menu: scenario and start date, the side to play, the AI's level; load, replay, quit."""

from __future__ import annotations

import os
import re

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UIPanel, UITextBox

from game.ai.levels import DEFAULT_LEVEL, LEVELS, WHAT_EACH_DOES
from game.core.narrate import day_text
from game.scenario.problems import InputError
from game.scenario.validate import load_scenario
from game.ui import dialogs, paths, theme
from game.ui.app import Screen, shown_scale
from game.ui.camera import Camera
from game.ui.layers import MapArt, draw_names

WATCH = "Watch the AI play both sides"
HOT_SEAT = "Both sides at one screen (hot seat)"
GO_ON, ANEW = "Go on with it", "Start anew"  # the answers when the campaign was played before


class MenuScreen(Screen):
    def __init__(self, app):
        super().__init__(app)
        self.scenarios: dict[str, object] = {}  # label -> LoadedScenario: the one opened first, the others by date
        others = []
        for path in [p for p in paths.scenario_files() if os.path.abspath(p) != os.path.abspath(app.scenario_path)]:
            try:
                others.append(load_scenario(path))
            except InputError:
                continue  # a broken scenario is left off the list (`dushanbe validate` says why)
        for loaded in [app.loaded] + sorted(others, key=lambda o: (first_date(o), o.scenario.title)):
            self.scenarios[loaded.scenario.title] = loaded
        kept = app.settings  # the choices made the last time (checked against what there is now by make_dropdowns)
        self.choice = kept["menu_scenario"] if kept["menu_scenario"] in self.scenarios else next(iter(self.scenarios))
        self.level = kept["menu_level"] if kept["menu_level"] in LEVELS else DEFAULT_LEVEL
        self.play_as = kept["menu_side"] or None
        self.start = kept["menu_start"] or None
        self.dialog = None
        self.campaign_kept = ""  # the campaign autosave the Campaign button asked about
        self.background = None

    @property
    def loaded(self):
        return self.scenarios[self.choice]

    # -- widgets -----------------------------------------------------------------
    def build(self) -> None:
        app, px = self.app, self.app.px
        W, H = app.window.get_size()
        w, h = min(px(620), W - 40), min(px(640), H - 30)
        self.panel = UIPanel(pygame.Rect((W - w) // 2, (H - h) // 2, w, h), manager=app.ui, starting_height=1)
        iw = w - px(32)
        UILabel(pygame.Rect(px(16), px(6), iw, px(54)), "Siege of Dushanbe, 1922", app.ui, container=self.panel,
                object_id="#title")
        self.about = UITextBox("", pygame.Rect(px(16), px(62), iw, h - px(62) - px(392)), app.ui, container=self.panel)
        y = h - px(386)
        self.fields = {}
        lw = px(130)
        for key in FIELDS:
            UILabel(pygame.Rect(px(16), y, lw, px(32)), {"scenario": "Scenario", "start": "Start date",
                                                        "side": "Play as", "level": "AI level"}[key],
                    app.ui, container=self.panel)
            self.fields[key] = pygame.Rect(px(16) + lw, y, iw - lw, px(32))
            y += px(40)
        self.dropdowns = {}
        self.make_dropdowns()
        bw = (iw - px(8)) // 2
        y += px(6)
        self.buttons = {
            "new": UIButton(pygame.Rect(px(16), y, bw, px(46)), "New game", app.ui, container=self.panel,
                            object_id="#big", tool_tip_text="Start the chosen scenario (Enter)"),
            "online": UIButton(pygame.Rect(px(16) + bw + px(8), y, bw, px(46)), "Online game", app.ui,
                               container=self.panel, object_id="#big",
                               tool_tip_text="Play apart through a game server: create a game or join with a code"),
        }
        y += px(54)
        names = (("continue", "Continue", "The game you played last, from its autosave"), ("load", "Load game", "A saved game"),
                 ("replay", "Watch a replay", "Step through a recorded game"),
                 ("campaign", "Campaign of 1922", "Every action of the record as one chain, as the side chosen above: "
                                                  "what a fight leaves goes on into the next"),
                 ("scale", "", ""), ("quit", "Quit", "Close the game"))
        for i, (key, text, tip) in enumerate(names):
            col, row = i % 2, i // 2
            at = pygame.Rect(px(16) + col * (bw + px(8)), y + row * px(44), bw, px(38))
            if key == "scale":  # a list to choose from: a button that stepped through them moved under the mouse
                self.scales = {scale_text(app, s): s for s in sorted({*SCALES, app.chosen_scale})}
                self.dropdowns["scale"] = DropDown(list(self.scales), scale_text(app, app.chosen_scale), at,
                                                         app.ui, container=self.panel, object_id="#scale_list")
                self.dropdowns["scale"].set_tooltip(scale_tip(app))
                continue
            self.buttons[key] = UIButton(at, text, app.ui, container=self.panel, tool_tip_text=tip)
        if paths.latest_autosave() is None:
            self.buttons["continue"].disable()
        self.describe()
        self.background = None

    def make_dropdowns(self) -> None:
        for key in FIELDS:
            if key in self.dropdowns:
                self.dropdowns[key].kill()
        app = self.app
        loaded = self.loaded
        sides = loaded.scenario.sides
        self.start_options = {start_words(s.date, s.label): s.date for s in loaded.scenario.calendar.start_dates}
        self.side_options = {f"{s.name.split(' (')[0]} against the AI": {x.id: ("human" if x.id == s.id else "AI")
                                                                          for x in sides} for s in sides}
        self.side_options[HOT_SEAT] = {x.id: "human" for x in sides}
        self.side_options[WATCH] = {x.id: "AI" for x in sides}
        if self.play_as not in self.side_options:
            self.play_as = next(iter(self.side_options))
        if self.start not in self.start_options:
            self.start = next(iter(self.start_options))
        options = {"scenario": (list(self.scenarios), self.choice), "start": (list(self.start_options), self.start),
                   "side": (list(self.side_options), self.play_as), "level": (list(LEVELS), self.level)}
        for key, (items, current) in options.items():
            self.dropdowns[key] = DropDown(items, current, self.fields[key], app.ui, container=self.panel)
        self.level_for_ai()

    def level_for_ai(self) -> None:
        """The AI level means nothing when no side is the AI's (hot seat): greyed out, saying so."""
        level = self.dropdowns["level"]
        if "AI" in self.side_options[self.play_as].values():
            level.enable()
            level.set_tooltip("How the AI plays:<br>" + "<br>".join(f"<b>{name}</b>: {WHAT_EACH_DOES[name]}"
                                                                     for name in LEVELS), wrap_width=self.app.px(480))
        else:
            level.disable()
            level.set_tooltip("Hot seat: both sides are played by people, so there is no AI level to choose")
    def describe(self) -> None:
        """The scenario's description, and the reading of the chosen start date if it sets its own situation."""
        s = self.loaded.scenario
        text = f"<b>{dialogs.esc(s.title)}</b><br>{dialogs.esc(s.description)}"
        chosen = self.start_options.get(self.start)
        day = next((d for d in s.calendar.start_dates if d.date == chosen), None)
        if day is not None and day.situation is not None:  # first, where the player looks when choosing the date
            text = (f"<b>From {dialogs.esc(day_text(day.date))}</b>: {dialogs.esc(day.situation.reading)}<br><br>"
                    + text)
        self.about.set_text(text)

    def teardown(self) -> None:
        if self.dialog:
            self.dialog.kill()
            self.dialog = None

    # -- what the player does ----------------------------------------------------
    def players(self) -> dict:
        return {side: ("human" if who == "human" else self.level) for side, who in self.side_options[self.play_as].items()}

    def handle(self, event, consumed: bool) -> None:
        app = self.app
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            for key, d in self.dropdowns.items():
                if event.ui_element is d:
                    if key == "scenario":
                        self.choice = event.text
                        self.make_dropdowns()
                        self.describe()
                        self.background = None
                    elif key == "start":
                        self.start = event.text
                        self.describe()
                    elif key == "side":
                        self.play_as = event.text
                        self.level_for_ai()
                    elif key == "level":
                        self.level = event.text
                    else:
                        app.set_scale(self.scales[event.text])
                        return
                    app.remember(menu_scenario=self.choice, menu_start=self.start, menu_side=self.play_as,
                                 menu_level=self.level)
        elif event.type == pygame_gui.UI_BUTTON_PRESSED:
            self.pressed(event.ui_element)
        elif event.type == pygame.KEYDOWN and not consumed and self.dialog is None:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.start_game()  # (Esc does not quit from here: a second Esc after leaving a game closed it)

    def pressed(self, element) -> None:
        b = self.buttons
        app = self.app
        if element is b["new"]:
            self.start_game()
        elif element is b["quit"]:
            app.quit()
        elif element is b["campaign"] and self.dialog is None:
            self.ask_about_campaign()
        elif element is b["continue"]:
            app.open_save(paths.latest_autosave())
        elif element is b["load"]:
            from game.replay.save import read_save
            self.dialog = dialogs.FileListDialog(app, "Load a saved game", paths.file_entries(paths.saves_dir(), lambda p: read_save(p).label), "Load")
            self.dialog_kind = "load"
        elif element is b["replay"]:
            titles = {loaded.scenario.id: title for title, loaded in self.scenarios.items()}
            self.dialog = dialogs.FileListDialog(app, "Watch a replay", paths.file_entries(
                paths.replays_dir(), lambda path: replay_label(path, titles)), "Watch")
            self.dialog_kind = "replay"
        elif element is b["online"] and self.dialog is None:
            from game.ui.online import OnlineDialog
            self.dialog = OnlineDialog(app, self.loaded, self.start_options[self.start], self.online_side(),
                                       {x.id: x.name.split(" (")[0] for x in self.loaded.scenario.sides})
        elif self.dialog is not None and hasattr(self.dialog, "take_seat"):
            if self.dialog.pressed(element) and not self.dialog.window.alive():
                self.dialog = None
        elif self.dialog is not None and isinstance(self.dialog, dialogs.Question):
            answer, kept = self.dialog.answer(element), self.campaign_kept
            if answer or element is self.dialog.cancel:
                self.dialog.kill()
                self.dialog = None
            if answer == GO_ON:
                app.open_save(kept)
            elif answer == ANEW:
                app.start_campaign(paths.campaign_file(), self.players())
        elif self.dialog is not None and isinstance(self.dialog, dialogs.FileListDialog):
            if element is self.dialog.ok:
                path = self.dialog.chosen()
                if path:
                    self.dialog.kill()
                    self.dialog = None
                    if self.dialog_kind == "load":
                        app.open_save(path)
                    else:
                        self.open_replay(path)
            elif element is self.dialog.cancel:
                self.dialog.kill()
                self.dialog = None

    def ask_about_campaign(self) -> None:
        """The campaign from its start; if a campaign's game was played before, first whether to go on with it
        (as Continue would, but for the campaign even after other games)."""
        kept = paths.campaign_autosave()
        if kept is None:
            self.app.start_campaign(paths.campaign_file(), self.players())
            return
        self.campaign_kept = kept[0]
        self.dialog = dialogs.Question(
            self.app, "A campaign was played before",
            f"The last campaign game autosaved: {kept[1]}.\nGo on with it, or start the campaign anew as chosen "
            f"here? Its autosave stays in Load game's list (until five newer games push it out).",
            ((GO_ON, "Open that campaign game where it was left"), (ANEW, "The campaign's first scenario, as the "
                                                                            "side and level chosen above")))

    def open_replay(self, path: str) -> None:
        from game.ui.replayview import ReplayScreen
        try:
            self.app.show(ReplayScreen(self.app, path))
        except InputError as exc:
            self.app.menu()
            self.app.tell("This replay cannot be shown:\n" + str(exc), "Cannot open")

    def online_side(self) -> str:
        """The side played online: the one chosen to play against the AI (the first side for hot seat or watching)."""
        chosen = [side for side, who in self.side_options[self.play_as].items() if who == "human"]
        return chosen[0] if len(chosen) == 1 else self.loaded.scenario.sides[0].id

    def update(self, dt: float) -> None:
        if self.dialog is not None and not self.dialog.window.alive():  # closed with its title bar's x
            self.dialog.kill()
            self.dialog = None
        if self.dialog is not None and hasattr(self.dialog, "take_seat"):
            session = self.dialog.update()
            if session is not None:
                from game.ui.play import GameScreen
                self.dialog.kill()
                self.dialog = None
                self.app.show(GameScreen(self.app, session))

    def start_game(self) -> None:
        self.app.new_game(self.loaded, self.players(), self.start_options[self.start])

    # -- drawing -------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        W, H = surface.get_size()
        if self.background is None or self.background.get_size() != (W, H):
            board = self.loaded.scenario and None
            from game.core.board import build_board
            board = build_board(self.loaded.scenario)
            cam = Camera(board.width, board.height, (0, 0, W, H))
            size = min(s for s in (8, 10, 12, 14, 16, 18, 20, 23, 26, 30) if cam.world_size(s)[0] >= W or s == 30)
            cam.size = size
            cam.clamp()
            art = MapArt(board, self.loaded.scenario)
            layer = art.render(cam, size, grid=False)
            bg = pygame.Surface((W, H))
            bg.fill(theme.BACKGROUND)
            bg.blit(layer, (-cam.ox, -cam.oy))
            draw_names(bg, board, cam)
            shade = pygame.Surface((W, H), pygame.SRCALPHA)
            shade.fill((12, 10, 8, 150))
            bg.blit(shade, (0, 0))
            self.background = bg
        surface.blit(self.background, (0, 0))


SCALES = (0.75, 1.0, 1.25, 1.5, 1.75, 2.0)  # the UI scales to choose from
FIELDS = ("scenario", "start", "side", "level")  # the choices of a new game, each a list


def scale_text(app, scale: float) -> str:
    """'UI scale 2.00', and what this window shows if it holds less ('(1.10 here)')."""
    shown = shown_scale(scale, app.window.get_size())
    return f"UI scale {scale:.2f}" + (f" ({shown:.2f} here)" if shown < scale - 1e-6 else "")


def scale_tip(app) -> str:
    tip = "Bigger or smaller text and buttons: 0.75 to 2.00"
    if app.scale < app.chosen_scale - 1e-6:
        tip += (f"; this window holds {app.scale:.2f} at most, so that is what it shows: "
                "make the window bigger for the rest")
    return tip


def first_date(loaded):
    """The earliest day a scenario can begin on."""
    return min(start.date for start in loaded.scenario.calendar.start_dates)


def replay_label(path: str, titles: dict[str, str] | None = None) -> str:
    """A replay in the list: its scenario (by its title, as the load list says it, where `titles` knows its id),
    seed, turns and who played (read from the file, checked)."""
    from game.replay.record import load_replay

    replay = load_replay(path)
    players = ", ".join(f"{side} {who}" for side, who in sorted(replay.players.items()))
    named = (titles or {}).get(replay.scenario_id) or replay.scenario_id or "a scenario"
    return f"{named}, seed {replay.seed}, {len(replay.turns)} turns ({players})"


LEADING_DATE = re.compile(r"^\s*(\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{4})\b[,:]?\s*")


def start_words(date, label: str) -> str:
    """A start date as the menu lists it: the date, then what the scenario says of it without the date it begins
    with ('28 Jan 1922: the early date', '29 Jan 1922 (assumed: soon after the encirclement)')."""
    rest = LEADING_DATE.sub("", label or "", count=1).strip()
    return day_text(date) + ("" if not rest else f" {rest}" if rest.startswith("(") else f": {rest}")


class DropDown(UIDropDownMenu):
    """A drop-down whose tooltip shows when the mouse rests on it: pygame_gui gives the tooltip to the menu, under
    the buttons it is made of (made anew each time it opens or closes), so the mouse never rested on the menu."""

    def update(self, time_delta: float) -> None:
        super().update(time_delta)
        for button in getattr(self.current_state, "active_buttons", ()):
            if button.tool_tip_text != self.tool_tip_text:
                button.set_tooltip(self.tool_tip_text, wrap_width=self.tool_tip_wrap_width)
