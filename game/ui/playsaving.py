"""Saving, loading, autosaves, the replay and its report, and leaving with a question first.

A part of the game screen (`play.GameScreen`), kept in its own room."""

from __future__ import annotations

import os

from game.scenario.campaign import END
from game.scenario.problems import InputError
from game.ui import dialogs, paths


class Saving:
    """Saving, loading, autosaves, the replay and its report, and leaving with a question first."""

    def next_in_campaign(self) -> None:
        """The scenario is over: on to the one its result leads to, with what it left (or back to the menu)."""
        s = self.session
        self.autosave()
        following = s.campaign.finish(s.state)
        if following == END:
            self.app.menu()
            self.app.tell("The campaign is over: " + ", ".join(f"{step} {winner or 'nobody'}"
                                                              for step, winner in s.campaign.results), "Campaign")
            return
        self.app.play_campaign(s.campaign, s.players)

    def default_save_name(self) -> str:
        """'dushanbe_1922-28Jan-night-turn2': the scenario, the day (its year is the scenario's), the turn."""
        state = self.session.state
        part = "night" if state.is_night else "day"
        return f"{self.session.loaded.scenario.id}-{state.date.day}{state.date.strftime('%b')}-{part}-turn{state.turn + 1}"

    def open_save_dialog(self) -> None:
        if self.session.why_no_save:
            self.flash(f"Not saved here: {self.session.why_no_save}")
        elif self.dialog is None:
            self.dialog = dialogs.SaveDialog(self.app, self.default_save_name(), paths.saves_dir())

    def open_load_dialog(self) -> None:
        if self.dialog is None:
            from game.replay.save import read_save
            entries = paths.file_entries(paths.saves_dir(), lambda p: read_save(p).label)
            self.dialog = dialogs.FileListDialog(self.app, "Load a saved game", entries, "Load")

    def save_as(self, name: str) -> None:
        """Save under `name`; a save of that name from another game is replaced only once the player says so
        (one this game was saved to or loaded from is simply brought up to date)."""
        path = os.path.join(paths.saves_dir(), name + ".json")
        if not os.path.exists(path) or os.path.abspath(path) in self.saved_here:
            self.save(path)
            return
        from game.replay.save import read_save
        try:
            what = f"It holds {read_save(path).label}."
        except InputError:
            what = "It is not a save this game can read."
        self.dialog = dialogs.Question(self.app, "Replace the save?",
                                       f"A save named “{name}” is already there. {what}\nReplace it with this game?",
                                       (("Replace it", "Enter"),), then=lambda _: self.save(path))

    def free_save_path(self, name: str) -> str:
        """Where a save named `name` goes without a question: its own file, or, if another game's save holds that
        name, the first free 'name-2', 'name-3'... (leaving is no moment to ask about replacing it)."""
        path, n = os.path.join(paths.saves_dir(), name + ".json"), 1
        while os.path.exists(path) and os.path.abspath(path) not in self.saved_here:
            n += 1
            path = os.path.join(paths.saves_dir(), f"{name}-{n}.json")
        return path

    def save(self, path: str) -> bool:
        try:
            self.session.save(path)
        except InputError as exc:
            dialogs.message(self.app, f"The game could not be saved:\n{exc}", "Not saved")
            return False
        self.saved_here.add(os.path.abspath(path))
        self.flash(f"Saved: {os.path.basename(path)}")
        self.autosave()  # (its slot too: Continue opens the game played last, from where it was saved)
        return True

    def autosave(self) -> None:
        """Every phase's end, into this game's own slot (written to a temporary file and renamed, so a crash
        loses nothing); a game only the AI plays is not the player's and is not kept."""
        if not self.session.humans or self.session.kept_elsewhere:
            return
        saved_at = self.session.saved_at
        try:
            self.session.save(paths.autosave_path(self.session.game_key))
            paths.prune_autosaves()
            self.session.autosaved_at = len(self.session.steps)
        except InputError:
            self.flash("Autosave failed: the data directory cannot be written")
        self.session.saved_at = saved_at  # an autosave is not the player's save

    def replay_path(self, ending: str = ".json") -> str:
        """Where this game's replay (and, with another ending, its report) is written."""
        s = self.session
        return os.path.join(paths.replays_dir(), f"{s.loaded.scenario.id}-seed{s.seed}-{s.state.turn}{ending}")

    def keep_replay(self) -> None:
        """A finished game's replay, written as it ends (as Wesnoth keeps its replays): a game watched or played and
        left from the victory screen is not lost; Save replay says where it is."""
        try:
            self.session.save_replay(self.replay_path())
        except InputError:
            pass  # Save replay says why, if the player asks

    def save_replay(self) -> None:
        s = self.session
        path = self.replay_path()
        try:
            s.save_replay(path)
        except InputError as exc:
            dialogs.message(self.app, f"The replay could not be written:\n{exc}", "Not saved")
            return
        dialogs.message(self.app, f"Replay written to\n{path}\n\nWatch it from the main menu.", "Replay saved")

    def write_report(self) -> None:
        """The after-action report of the game, beside its replay; said where, and opened in the browser if any."""
        import webbrowser

        from game.ui.report import write_report

        s = self.session
        replay, out = self.replay_path(), self.replay_path("-report.html")
        try:
            s.save_replay(replay)
            write_report(replay, out)
        except InputError as exc:
            dialogs.message(self.app, f"The report could not be written:\n{exc}", "No report")
            return
        dialogs.message(self.app, f"The after-action report is in\n{out}\n\n(its replay beside it)", "Report written")
        try:
            webbrowser.open("file://" + os.path.abspath(out))
        except Exception:  # no browser here: the path was given
            pass

    def leave(self, then, question: str, action: str, ask: bool = False) -> None:
        """Go elsewhere; with unsaved progress, ask first, on a button named for what it does; `ask`: ask even with
        nothing to lose, saying where the game is kept (a key pressed once, Esc, never leaves a game)."""
        s = self.session
        at_stake = s.dirty and not s.state.over
        if not at_stake and not ask:
            then()
            return
        self.confirm_action = then
        if self.confirming is not None:
            self.confirming.kill()
        self.confirming = dialogs.LeaveDialog(self.app, question, action, s.lost_on_leaving, s.would_be_lost(),
                                              "" if at_stake else s.kept_on_leaving())

    def settle(self, save: bool = False, go: bool = True) -> None:
        """The leave dialog answered: save first (and stay if that fails), go, or stay."""
        self.confirming.kill()
        self.confirming = None
        if save and not self.save(self.free_save_path(self.default_save_name())):
            return
        if go:
            self.confirm_action()

    def request_quit(self) -> None:
        self.leave(self.app.quit, "Quit the game?", "Quit")

    def terminate(self) -> None:
        """Stopped from outside: the game as it stands, moves of this phase too, goes into its autosave."""
        self.autosave()
        self.app.quit()
