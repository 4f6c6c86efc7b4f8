"""Looking ahead with the engine: the hard level plays each candidate plan out.

At a decision that matters (storm now or wait; strike a relief column that
reached the town or keep the ring as it stands; sortie or stay behind the
walls) the hard commander makes both plans, plays `rollouts` short games of
`horizon` turns from its own view for each, both sides played at the normal
level, and keeps the plan with the better average result.  The budget is a
number of games, never a clock, so the same seed gives the same choice on
any machine.  The games start from the fogged view (no hidden enemies, no
enemy reinforcements) and roll the commander's own dice, so looking ahead
cannot read the real game's rolls.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from game.core.dice import Dice
from game.core.engine import apply
from game.core.orders import EndPhase
from game.core.rules import victory
from game.core.state import State

if TYPE_CHECKING:
    from game.ai.commander import Commander, Plan

MAX_ORDERS = 3000  # a look-ahead game gives up after this many orders


def choose(commander: "Commander", view: State, plan: "Plan") -> "Plan":
    """The better of the plan and its alternative, by playing both out."""
    options = alternatives(commander, view, plan)
    if len(options) < 2:
        return plan
    best = None
    for index, option in enumerate(options):
        total = sum(play_out(commander, view, option, game) for game in range(commander.posture.rollouts))
        if best is None or total > best[0]:
            best = (total, index, option)
    return best[2]


def alternatives(commander: "Commander", view: State, plan: "Plan") -> list["Plan"]:
    """The plan, and the opposite choice at the decision that matters now, if there is one."""
    if plan.target is not None:
        own = [u for u in view.units_of(commander.side) if u.men > 0]
        group, chance = commander.storm_option(view, own, plan.target)
        if group and chance >= 0.02:
            other = commander.base_plan(view, storm=not plan.storm)
            return [plan, other]
        if not plan.storm and plan.strike_odds:  # relief next to the town: strike it, or keep the ring as it is
            return [plan, commander.base_plan(view, strike_relief=False)]
    if plan.keep is not None and not view.is_night:  # sorties are weighed by day: at night they barely move
        garrison = [u for u in view.units_of(commander.side) if u.hex == plan.keep]
        if garrison and any(1 < _distance(e.hex, plan.keep) <= 3 for e in view.units_of_not(commander.side)):
            sortie = any(t.kind == "sortie" for t in plan.tasks.values())
            other = commander.base_plan(view, sortie=not sortie)
            if any(t.kind == "sortie" for t in other.tasks.values()) != sortie:
                return [plan, other]
    return [plan]


def _distance(a, b) -> int:
    from game.core.hexgrid import distance

    return distance(a, b)


def play_out(commander: "Commander", view: State, plan: "Plan", game: int) -> float:
    """Play `horizon` turns from the view with `plan` forced for this phase; the result for our side."""
    from game.ai.commander import Commander

    state = view.copy()
    state.dice = Dice.seeded(view.dice.state + game + 1)
    normal = replace(commander.posture, rollouts=0)
    players = {side: Commander(side, normal, seed=game) for side in state.setup.sides}
    me = players[commander.side]
    me._phase, me.plan = (state.turn, state.active), plan
    end = state.turn + commander.posture.horizon
    for _ in range(MAX_ORDERS):
        if state.over or state.turn >= end:
            break
        player = players[state.side]
        try:
            state, _ = apply(state, player.next_order(state))
        except ValueError:  # an order the rollout's state refuses: end the phase
            state, _ = apply(state, EndPhase(state.side))
    return value(state, commander.side)


def value(state: State, side: str) -> float:
    """How good a position is for `side`: the result if the game is over, else points and losses."""
    if state.over:
        return 1000.0 if state.winner == side else -1000.0
    score = victory.points(state)
    enemies = state.enemies(side)
    lost = {s: sum(state.books.get(s, {}).get(k, 0) for k in ("men_lost", "men_prisoners", "men_defected_out"))
            for s in state.setup.sides}
    return (score[side] - max(score[e] for e in enemies)
            + (sum(lost[e] for e in enemies) - lost[side]) / 100)
