"""A game in progress, without a window: who plays what, the orders, undo, the AI, the log, saving.

The window draws a `Session` and turns clicks into calls on it; tests drive
it directly.  Every order goes through `game.core.engine.apply`.  Undo takes
orders back, but never past one that drew a random number or revealed a
hidden unit (Wesnoth's rule): the player may not fish for a better roll or
peek and take it back.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any
from dataclasses import dataclass, field

from game.core.digest import state_digest
from game.core.engine import apply, attackers_of, why_not, why_not_take_back
from game.core.carry import Carried
from game.core.events import Event
from game.core.hexgrid import Hex
from game.core.narrate import time_between, when_text
from game.core.orders import CallWireless, EndPhase, Entrench, Hide, LeaveMap, Move, Order
from game.core.rules import battle, movement, siege, wireless
from game.play.log import LogLine, Step, log_lines, side_name
from game.play.standing import GoTo, GoToOrders
from game.play.watched import Watched
from game.play.happenings import Happening, happenings
from game.core.setup import make_setup, new_game
from game.core.state import State, Unit
from game.replay import save as saves
from game.scenario.problems import InputError, Problem
from game.scenario.validate import LoadedScenario
from game.core.record import GameRecord, TurnRecord


HUMAN = saves.HUMAN


@dataclass
class Session(GoToOrders, Watched):
    loaded: LoadedScenario
    seed: int
    start_date: dt.date
    players: dict[str, str]  # side -> "human" or an AI level
    start: State
    steps: list[Step] = field(default_factory=list)
    log: list[LogLine] = field(default_factory=list)
    selected: str | None = None
    saved_at: int = 0  # len(steps) when last saved
    autosaved_at: int = -1  # len(steps) when last autosaved (-1: not yet)
    undo_floor: int = 0  # steps before this index cannot be undone
    undo_stop: str = "nothing has been done yet"  # why: the engine's reason, or the game's loading
    origin: str = ""  # a game played on from a replay: the turn it went on from ("from-turn12")
    loaded_from: str = ""  # the save it was loaded from, if any
    standing: dict[str, GoTo] = field(default_factory=dict)  # go-to orders carried on from turn to turn (play/standing.py)
    carried: Carried = Carried()  # a campaign's game: what the scenarios before brought in
    campaign: Any = None  # the CampaignRun (play/campaignrun.py) this game is a step of, or None
    _ais: dict = field(default_factory=dict)
    _reach: tuple = (None, None, None)
    _sieges: tuple = (None, None, ())
    _outlook: tuple = (None, None, {})

    # -- starting --------------------------------------------------------
    @classmethod
    def new(cls, loaded: LoadedScenario, players: dict[str, str], seed: int = 1,
            start_date: dt.date | None = None, campaign=None) -> "Session":
        """A new game; `campaign` (a CampaignRun) for the next step of a campaign, its forces carried in."""
        setup = make_setup(loaded.scenario, loaded.rules, start_date)
        carried = campaign.carried(setup) if campaign is not None else Carried()
        state, events = new_game(setup, seed, carried)
        session = cls(loaded, seed, setup.start, dict(players), state, carried=carried, campaign=campaign)
        session.add_log(events, state, None, "")
        return session

    @classmethod
    def load(cls, path: str) -> "Session":
        """A saved game, its orders run through the reducer again (InputError if the save is bad)."""
        saved, restored = saves.load_game(path)
        players = {side: saved.players.get(side, HUMAN) for side in restored.start.setup.sides}
        campaign = None
        if saved.campaign is not None:
            from game.play.campaignrun import CampaignRun

            campaign = CampaignRun.from_save(saved.campaign, path)
        session = cls(restored.loaded, saved.seed, saved.start_date, players, restored.start, carried=saved.carried,
                      campaign=campaign, loaded_from=path)
        session.add_log(restored.start_events, restored.start, None, "")
        for order, after, events in restored.steps:
            before = session.state
            session.steps.append(Step(order, before, after, events, True))
            session.add_log(events, after, before, before.side)
        session.undo_floor = session.saved_at = len(session.steps)
        session.undo_stop = "the game was loaded here"
        session.standing = {o.unit: GoTo(o.unit, o.to) for o in saved.standing if o.unit in session.state.units}
        session.origin = saved.origin
        return session

    kept_elsewhere = False  # an online game: its server keeps it (nothing saved here)

    # -- reading ---------------------------------------------------------
    def refresh(self) -> str:
        """Take in what arrived from elsewhere (an online game's server), once a frame; news for the player
        ("" if none). A game at one screen has nothing to take in."""
        return ""

    def status_note(self) -> str:
        """What the status line adds for this kind of game ("" at one screen)."""
        return ""

    def banner(self) -> str:
        """What the window shows over the map for as long as it holds ("" at one screen): a lost connection."""
        return ""

    why_no_save = ""  # why the game is not saved here ("" when it is)
    lost_on_leaving = ""  # what leaving now would lose that no save keeps ("" when nothing)
    why_no_orders = ""  # why this window can give no order at all now (an online seat lost: "" at one screen)
    sent = None  # the last order sent to a server (online)
    briefed_before = False  # the player has had this game's briefing (an online game joined again)

    def waiting_move(self) -> list[Hex]:
        """The way of a move given but not yet taken (online, while the server is away): none at one screen."""
        return []

    def close(self) -> None:
        """The window leaves the game (an online game's seat is given up; nothing to do at one screen)."""

    @property
    def state(self) -> State:
        return self.steps[-1].after if self.steps else self.start

    @property
    def sides(self) -> tuple[str, ...]:
        return self.start.setup.sides

    @property
    def game_key(self) -> str:
        """Which game this is, for its autosave: a new game's seed comes from the clock, a loaded one keeps its own."""
        key = f"{self.loaded.scenario.id}-{self.start_date.isoformat()}-seed{self.seed}"
        return f"{key}-{self.origin}" if self.origin else key

    @property
    def humans(self) -> list[str]:
        return [s for s in self.sides if self.players.get(s) == HUMAN]

    @property
    def hot_seat(self) -> bool:
        return len(self.humans) > 1

    @property
    def ai_to_move(self) -> bool:
        return not self.state.over and self.players.get(self.state.side) != HUMAN

    @property
    def viewer(self) -> str:
        """Whose eyes the map is drawn with ("" = all revealed, when only the AI plays)."""
        humans = self.humans
        if not humans:
            return ""
        if self.state.side in humans:
            return self.state.side
        return humans[0] if len(humans) == 1 else self.last_human_side()

    def last_human_side(self) -> str:
        for step in reversed(self.steps):
            if self.players.get(step.before.side) == HUMAN:
                return step.before.side
        return self.humans[0]

    @property
    def dirty(self) -> bool:
        """Moves that leaving now would lose: made by a player here since the last save and the last autosave (the
        AI's are made again from there: a game watched, or the AI's phase, loses none of the player's)."""
        return any(self.players.get(step.before.side) == HUMAN for step in self.steps[self.kept_up_to:])

    @property
    def kept_up_to(self) -> int:
        """How many of the steps the last save or autosave holds (-1 marks none, or a saved position undone)."""
        return max(0, self.saved_at, self.autosaved_at)

    def would_be_lost(self) -> str:
        """What leaving now loses, and what is kept."""
        if self.autosaved_at >= self.saved_at:
            return ("Your moves this phase would be lost; the autosave from its start is kept (Continue, in the menu, "
                    "goes on from it).")
        if self.saved_at > 0:
            return "Your moves since your last save would be lost."
        return "Your moves would be lost: this game has not been saved yet."

    def kept_on_leaving(self) -> str:
        """Where the game is kept when leaving loses nothing."""
        if self.state.over:
            return "The game is over; its replay is kept (Watch a replay, in the menu)."
        if not self.humans:
            return "Only the AI plays this game: it is not kept (its replay is, once it ends)."
        if not self.steps:
            return "Nothing has been played yet."
        since = len(self.steps) > self.kept_up_to  # (the AI's moves only: `dirty` is false)
        if self.autosaved_at >= self.saved_at:
            return ("Nothing of yours is lost: the autosave has every move you made (Continue, in the menu, goes on "
                    "from it" + ("; the AI makes its moves since again)." if since else ")."))
        return "Nothing of yours is lost: your last save has every move you made (Load game, in the menu)."

    @property
    def can_undo(self) -> bool:
        return len(self.steps) > self.undo_floor and not self.ai_to_move

    def just_fixed(self) -> str:
        """Why the order just given cannot be taken back ("" if it can, or nothing was given)."""
        return self.undo_stop if self.steps and self.undo_floor == len(self.steps) else ""

    def why_no_undo(self) -> str:
        """Why Undo is off now ("" when it is on)."""
        if self.can_undo:
            return ""
        if self.state.over:
            return "the game is over"
        if self.ai_to_move:
            return "the AI is moving"
        last = self.steps[-1].before if self.steps else None
        if self.undo_floor == len(self.steps) and last is not None and \
                (last.turn, last.active) != (self.state.turn, self.state.active):
            return "nothing has been done in this phase yet"  # (said once moved: the phases before are not undone)
        return self.undo_stop

    def when(self) -> str:
        return when_text(self.state, min(self.state.turn, self.state.setup.total_turns - 1))

    def seen_by(self, viewer: str | None = None) -> State:
        """The game as the viewer (the side whose screen it is, by default) knows it."""
        return self.seen(self.viewer if viewer is None else viewer)

    def sees(self, unit: Unit, viewer: str | None = None) -> bool:
        return unit.id in self.seen_by(viewer).units

    def visible_units(self, viewer: str | None = None) -> list[Unit]:
        return [u for _, u in sorted(self.seen_by(viewer).units.items())]

    def units_at(self, h: Hex, viewer: str | None = None) -> list[Unit]:
        return self.seen_by(viewer).units_at(h)

    def happened(self, viewer: str) -> list[Happening]:
        """The notable things the last order did, where they happened, as `viewer` saw them (the map's flashes)."""
        step = self.steps[-1] if self.steps else None
        return happenings(step.events, step.before, step.after, viewer) if step else []

    def account(self, viewer: str) -> list[Happening]:
        """What `viewer` saw happen since its own last order: the other side's phase, to tell over as its own
        begins (fights, ambushes, men going over, captures, places taken, arrivals)."""
        told: list[Happening] = []
        for step in reversed(self.steps):
            if step.before.side == viewer:
                break
            told[:0] = happenings(step.events, step.before, step.after, viewer)
        return told

    def log_for(self, viewer: str | None = None) -> list[LogLine]:
        viewer = self.viewer if viewer is None else viewer
        return [line for line in self.log if line.read_by(viewer)]

    def my_unit(self, uid: str | None) -> Unit | None:
        """The unit if it is the side-to-move's and a human commands it."""
        unit = self.state.units.get(uid) if uid else None
        if unit is None or unit.side != self.state.side or self.players.get(unit.side) != HUMAN:
            return None
        return unit

    # -- selection, paths and previews ------------------------------------
    def select(self, uid: str | None) -> None:
        self.selected = uid if uid in self.state.units else None

    def reach(self, uid: str) -> dict:
        """Hexes the unit can reach now as its side knows the map (what the engine will allow), cached per state."""
        state = self.state
        if self._reach[0] is state and self._reach[1] == uid:
            return self._reach[2]
        unit = state.units[uid]
        known = self.seen(unit.side)
        result = {} if unit.attacked or unit.moves_left <= 0 else movement.reachable(known, unit)
        self._reach = (state, uid, result)
        return result

    def path(self, uid: str, to: Hex) -> tuple[list[Hex], int] | None:
        reach = self.reach(uid)
        unit = self.state.units[uid]
        if to not in reach or to == unit.hex:
            return None
        return movement.path_to(movement.routes(self.seen(unit.side), unit), to), reach[to][0]

    def enemy_last_known_on(self, way: list[Hex], viewer: str) -> str:
        """A warning if `way` runs through a hex where `viewer` last saw or was told of an enemy it does not see now
        (the move is made on what the side sees: such an enemy, if still there, stops it): "" if none."""
        seen, reckoned = self.seen(viewer), self.reckoned(viewer)
        for h in way:
            if any(u.side != viewer and u.id not in seen.units for u in reckoned.units_at(h)):
                place = reckoned.board.place_at.get(h)
                where = reckoned.board.places[place].name if place else "on the way"
                return f"enemy last known {'at ' + where if place else where}"
        return ""

    def attackers_for(self, target: Hex, uid: str | None = None) -> tuple[str, ...]:
        """Who would attack `target`: the selected unit, or every ready unit next to it."""
        state = self.state
        ready = attackers_of(state, target)  # the engine's rule of who may attack whom
        if uid is not None:
            here = state.units[uid].hex if uid in state.units else None
            ready = tuple(x for x in ready if x == uid or state.units[x].hex == here)
        return ready

    def sieges(self, viewer: str | None = None) -> list:
        """The besieged places the viewer holds or besieges, judged by what it sees (rules/siege.py)."""
        viewer = self.viewer if viewer is None else viewer
        if self._sieges[0] is not self.state or self._sieges[1] != viewer:  # once per state and viewer, not per frame
            self._sieges = (self.state, viewer, [r for r in siege.sieges(self.reckoned(viewer))
                                                 if viewer in ("", r.holder, r.besieger)])
        return self._sieges[2]

    def storm_outlook(self, report: siege.Siege, viewer: str | None = None) -> tuple[float, int | None]:
        """The chance the besieger storms at (its AI level's, or the default level's for a player), and the turns
        until a storm reaches it at today's trend (rules/siege.storm_turns), judged by what the viewer knows."""
        from game.ai.levels import DEFAULT_LEVEL
        from game.ai.players import POSTURES

        viewer = self.viewer if viewer is None else viewer
        level = self.players.get(report.besieger, HUMAN)
        posture = POSTURES.get(level) or POSTURES[DEFAULT_LEVEL]
        if self._outlook[0] is not self.state or self._outlook[1] != viewer:  # once per state, viewer and place
            self._outlook = (self.state, viewer, {})
        known = self._outlook[2]
        if report.place not in known:
            known[report.place] = siege.storm_turns(self.reckoned(viewer), report, posture.storm_chance)
        return posture.storm_chance, known[report.place]

    def forecast(self, attackers: tuple[str, ...], target: Hex) -> battle.Prospect:
        """The engine's prospect of the attack, on what the attacking side knows: losses, fall back, broken, the
        place emptied, roll by roll (the fight itself may surprise it: hidden defenders join in)."""
        return battle.prospect(self.seen(self.state.side), attackers, target)

    def order_options(self, uid: str) -> dict[str, str]:
        """Each special order for the unit and why it cannot be given ("" when it can)."""
        state = self.state
        unit = state.units[uid]
        out = {}
        out["entrench"] = why_not(state, Entrench(uid))
        out["hide"] = why_not(state, Hide(uid))
        out["leave"] = why_not(state, LeaveMap(uid)) if state.board.exits else "no exits in this scenario"
        stations = wireless.side_spec(state, unit.side).stations
        if not unit.wireless:
            out["wireless"] = f"{unit.name} has no wireless set"
        else:
            reasons = [why_not(state, CallWireless(uid, s)) for s in stations]
            out["wireless"] = "" if any(r == "" for r in reasons) else (reasons[0] if reasons else "no stations to call")
        return out

    def callable_stations(self, uid: str) -> list[str]:
        unit = self.state.units[uid]
        return [s for s in wireless.side_spec(self.state, unit.side).stations
                if why_not(self.state, CallWireless(uid, s)) == ""]

    def station_offers(self, uid: str) -> dict[str, str]:
        """Each station the unit may call, and what the call brings in words ('about 1,200 men, due in 4 to 8
        days')."""
        side, per_day = self.state.units[uid].side, self.state.setup.turns_per_day
        offers = {}
        for station in self.callable_stations(uid):
            men, soonest, latest = wireless.help_on_call(self.state, side, station)
            offers[station] = f"about {men:,} men, the first due in {time_between(soonest, latest, per_day)}"
        return offers

    # -- giving orders -----------------------------------------------------
    def give(self, order: Order) -> list[LogLine]:
        """Apply one order (IllegalOrder if it may not be given) and log what happened."""
        before = self.state
        after, events = apply(before, order)
        stop = why_not_take_back(before, after, events)  # the engine says what may be undone
        self.steps.append(Step(order, before, after, events, bool(stop)))
        if stop:
            self.undo_floor, self.undo_stop = len(self.steps), stop
        if self.selected and self.selected not in after.units:
            self.selected = None
        return self.add_log(events, after, before, before.side)

    def undo(self) -> bool:
        if not self.can_undo:
            return False
        step = self.steps.pop()
        del self.log[len(self.log) - step_lines(step):]
        if self.saved_at > len(self.steps):
            self.saved_at = -1  # the saved position is gone
        if self.selected and self.selected not in self.state.units:
            self.selected = None
        return True

    def end_phase(self) -> list[LogLine]:
        self.selected = None
        return self.give(EndPhase(self.state.side))

    def add_log(self, events: list[Event], after: State, before: State | None, side: str) -> list[LogLine]:
        lines = log_lines(events, after, before, side)
        self.log += lines
        return lines

    # -- the AI ------------------------------------------------------------
    def ai_player(self, side: str):
        """The side's AI, caught up on the game so far (a loaded game plays on as the unbroken one would)."""
        from game.ai.players import make_player, resume

        if side not in self._ais:
            player = make_player(self.players[side], side, self.seed)
            resume(player, [s.before for s in self.steps if s.before.side == side], self.state)
            self._ais[side] = player
        return self._ais[side]

    def ai_order(self) -> Order:
        """The order the AI to move would give now (no change to the session)."""
        state = self.state
        from game.ai.view import ask

        return ask(self.ai_player(state.side), state)

    def ai_step(self) -> list[LogLine]:
        """Let the AI to move give one order."""
        return self.give(self.ai_order())

    def run_ai(self, limit: int = 100_000) -> None:
        """Let the AI play until a human is to move or the game ends."""
        for _ in range(limit):
            if not self.ai_to_move:
                return
            self.ai_step()

    # -- overlays ------------------------------------------------------------
    # -- saving --------------------------------------------------------------
    def label(self) -> str:
        """What a save is called in the Load list: the scenario, the turn and date, who is to move, who plays."""
        state = self.state
        part = "" if self.campaign is None else f"{self.campaign.loaded.campaign.title}, {len(self.campaign.results) + 1}: "
        turn = min(state.turn, state.setup.total_turns - 1) + 1
        humans = self.humans
        you = (f"you: {side_name(state, humans[0])}" if len(humans) == 1 else
               "at one screen" if humans else "the AI against itself")
        if state.over:
            where = f"over, {side_name(state, state.winner)} won" if state.winner else "over, drawn"
        else:
            where = f"turn {turn} of {state.setup.total_turns}, {self.when()}, {side_name(state, state.side)} to move"
        return f"{part}{self.loaded.scenario.title}: {where}; {you}"

    def save(self, path: str) -> None:
        saves.save_game(path, self.loaded, self.seed, self.start_date, self.players,
                        [s.order for s in self.steps], self.label(), self.carried,
                        self.campaign.to_save() if self.campaign is not None else None,
                        [Move(uid, o.to) for uid, o in sorted(self.standing.items())], self.origin)
        self.saved_at = len(self.steps)

    def record(self) -> GameRecord:
        """The game so far as a replay record (orders by turn, digest after each)."""
        turns: list[TurnRecord] = []
        for step in self.steps:
            if not turns or turns[-1].turn != step.before.turn:
                turns.append(TurnRecord(step.before.turn))
            turns[-1].orders.append(step.order)
            turns[-1].digest = state_digest(step.after)
        return GameRecord(self.seed, state_digest(self.start), turns, self.state, [e for s in self.steps for e in s.events],
                          self.carried)

    def save_replay(self, path: str) -> None:
        from game.files import ensure_folder
        from game.replay.record import save_replay

        if not self.steps:
            raise InputError([Problem(path, None, "nothing to record yet: no order has been given")])
        ensure_folder(os.path.dirname(os.path.abspath(path)))
        save_replay(path, self.loaded, self.record(), self.players)


def step_lines(step: Step) -> int:
    return len(step.events)
