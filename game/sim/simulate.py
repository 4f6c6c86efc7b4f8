"""Play a whole game headless and keep its record.

The loop is the same one the desktop game runs: ask the side to move for an
order, apply it, repeat.  The record holds every order by turn and the state
digest after every turn, which is exactly what a replay file stores.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Protocol

from pydantic import BaseModel, ConfigDict

from game.ai.view import ask
from game.core.carry import Carried
from game.core.digest import state_digest
from game.core.engine import apply
from game.core.events import Event
from game.core.observe import Observation
from game.core.orders import Order
from game.core.record import GameRecord, TurnRecord
from game.core.setup import new_game
from game.core.state import WEAPONS, Setup, State

ORDERS_A_PHASE = 200  # a player that gives more than this, and ORDERS_A_UNIT for each of its units, in one phase
ORDERS_A_UNIT = 10  # is stuck (a bug in it): the AI gives a unit at most a few orders a phase


class Player(Protocol):
    side: str

    def next_order(self, observation: Observation) -> Order: ...  # given observe(state, side), never the state


def play(setup: Setup, seed: int, players: dict[str, Player],
         on_turn: Callable[[State], None] | None = None, digests: bool = True,
         carried: Carried = Carried()) -> GameRecord:
    """Play from the start to the end with one player per side (`digests`: as a replay needs them; a batch does not;
    `carried`: what a campaign's scenarios before brought into this one)."""
    state, events = new_game(setup, seed, carried)
    record = GameRecord(seed, state_digest(state) if digests else "", [], state, list(events), carried)
    while not state.over:
        turn = TurnRecord(state.turn)
        while not state.over and state.turn == turn.turn:
            state = play_phase(state, players[state.side], turn.orders, record.events)
        turn.digest = state_digest(state) if digests else ""
        record.turns.append(turn)
        if on_turn:
            on_turn(state)
    record.final = state
    return record


def play_phase(state: State, player: Player, orders: list[Order], events: list[Event]) -> State:
    """Let one player give orders until its phase ends."""
    active = (state.turn, state.active)
    most = orders_allowed(state)
    for _ in range(most):
        order = ask(player, state)
        state, new_events = apply(state, order)
        orders.append(order)
        events.extend(new_events)
        if state.over or (state.turn, state.active) != active:
            return state
    raise RuntimeError(f"{player.side} gave {most} orders without ending its phase")


def orders_allowed(state: State) -> int:
    """How many orders a side may give in a phase before its player is taken to be stuck: more for a big side."""
    return ORDERS_A_PHASE + ORDERS_A_UNIT * len(state.units_of(state.side))


def last_turn_date(state: State) -> str:
    """The date of the last turn played (a finished game's counter is one past it)."""
    return state.setup.date_of(min(state.turn, state.setup.total_turns - 1)).isoformat()


def siege_facts(state: State) -> list[dict]:
    """The besieged places after a turn, as `simulate --json` lists them turn by turn (rules/siege.py)."""
    from game.core.rules.siege import sieges

    when = last_turn_date(state)
    return [{"turn": state.turn, "date": when, "place": s.place, "holder": s.holder, "besieger": s.besieger,
             "garrison": s.garrison, "turns_cut_off": s.turns_cut_off, "morale": s.morale, "morale_trend_per_day": s.trend,
             "broken_share": round(s.broken, 3), "defected_so_far": s.defected,
             "food_days": None if s.food_days == float("inf") else round(s.food_days, 1), "hungry": s.hungry,
             "storm_chance": round(s.storm, 3), "stormers": list(s.stormers)}
            for s in sieges(state)]


class SideSummary(BaseModel):
    """One side's numbers at the end of a game."""
    model_config = ConfigDict(defer_build=True)  # its checks are made when a game ends, not when the command starts
    men_start: int
    men_end: int
    killed: int
    prisoners: int
    defected_out: int
    defected_in: int
    reinforcements: int
    recruited: int
    exited: int
    weapons_captured: dict[str, int]


class Summary(BaseModel):
    """What `dushanbe simulate --json` prints, `simulate` says in lines and the victory screen shows."""
    model_config = ConfigDict(defer_build=True)
    scenario: str
    seed: int
    start_date: str
    turns_played: int
    winner: str
    end_reason: str
    final_date: str
    final_digest: str
    sides: dict[str, SideSummary]
    control: dict[str, str]
    events: dict[str, int]
    siege: list[dict]


def summary(record: GameRecord, scenario_id: str, siege: list[dict] | None = None) -> Summary:
    """The numbers of a played game."""
    state = record.final
    sides = {}
    for side in state.setup.sides:
        book = state.books.get(side, {})
        sides[side] = SideSummary(
            men_start=book.get("men_start", 0), men_end=state.men(side), killed=book.get("men_lost", 0),
            prisoners=book.get("men_prisoners", 0), defected_out=book.get("men_defected_out", 0),
            defected_in=book.get("men_defected_in", 0), reinforcements=book.get("men_arrived", 0),
            recruited=book.get("men_recruited", 0), exited=book.get("men_exited", 0),
            weapons_captured={w: book.get(f"{w}_captured", 0) for w in WEAPONS})
    return Summary(
        scenario=scenario_id, seed=record.seed, start_date=state.setup.start.isoformat(), turns_played=len(record.turns),
        winner=state.winner, end_reason=state.end_reason, final_date=last_turn_date(state),
        final_digest=record.turns[-1].digest if record.turns else record.start_digest, sides=sides,
        control=dict(sorted(state.control.items())), events=dict(sorted(Counter(e.kind for e in record.events).items())),
        siege=siege or [])


def summary_lines(result: Summary, title: str) -> list[str]:
    """The summary as `dushanbe simulate` prints it."""
    lines = [f"{title} (seed {result.seed}, from {result.start_date})",
             f"  {result.turns_played} turns to {result.final_date}: {result.winner} wins ({result.end_reason})"]
    for side, s in result.sides.items():
        w = s.weapons_captured
        lines.append(f"  {side:10} men {s.men_start:>5} -> {s.men_end:>5}   killed {s.killed:>4}   "
                     f"defected out {s.defected_out:>3} in {s.defected_in:>3}   reinforcements "
                     f"{s.reinforcements:>4}   captured {w['rifles']} rifles, {w['machine_guns']} MG, {w['cannons']} guns")
    lines.append("  events: " + ", ".join(f"{k} {v}" for k, v in result.events.items()))
    lines.append(f"  final digest {result.final_digest}")
    return lines
