"""Looking ahead with the engine: the hard level plays each candidate plan out.

At a decision that matters (storm now or wait, weighed from half the chance
the normal level storms at; strike a relief column that reached the town or
keep the ring as it stands; sortie or stay behind the walls) the hard
commander makes both plans and plays `rollouts` short games of `horizon`
turns from its own view for each, both sides played at the normal level.  A
game that stops before the end is worth the chance each side's assault would
take the town from where it stopped (a won or lost game times that chance),
then points and losses; a storm is worth its forecast chance of a won game,
since a few games would only sample its dice.  It keeps its plan unless the
other is better by more than `MARGIN`.  The budget is a number of games,
never a clock, so the same seed gives the same choice on any machine.  The
games start from the commander's view (what its side observes, the enemy it
last knew of where it was) and roll the commander's own dice, so looking
ahead cannot read the real game's rolls.
"""

from __future__ import annotations

from game.ai.plans import Plan, Planner
from game.ai.view import ask
from game.core.engine import apply
from game.core.hexgrid import distance
from game.core.orders import EndPhase
from game.core.rules import victory
from game.core.state import State

MAX_ORDERS = 3000  # a look-ahead game gives up after this many orders
WIN = 1000.0  # the value of a won game
MARGIN = 1.0  # the other choice must be better by this much (a victory point, or 100 men): less is the dice talking


def choose(commander: Planner, view: State, plan: Plan) -> Plan:
    """The better of the plan and its alternative, by playing both out."""
    options = alternatives(commander, view, plan)
    if len(options) < 2:
        return plan
    worths = [worth(commander, view, option) for option in options]
    best = max(range(1, len(options)), key=lambda i: (worths[i], -i))
    return options[best] if worths[best] > worths[0] + MARGIN else plan


def worth(commander: Planner, view: State, plan: Plan) -> float:
    """A plan's mean result over `rollouts` look-ahead games.

    A storm is worth its forecast chance of a won game, and the position as it
    stands otherwise: a few games would only sample its dice (one lucky assault
    in two games is not a 50% chance), while the games of waiting show how
    the chance grows or shrinks as the ring holds.
    """
    if plan.storm:
        return plan.chance * WIN + (1 - plan.chance) * standing(view, commander.side)
    games = commander.posture.rollouts
    return sum(play_out(commander, view, plan, game) for game in range(games)) / games


def alternatives(commander: Planner, view: State, plan: Plan) -> list[Plan]:
    """The plan, and the opposite choice at the decision that matters now, if there is one."""
    if plan.target is not None:
        own = [u for u in view.units_of(commander.side) if u.men > 0]
        group, chance = commander.storm_option(view, own, plan.target)
        if group and chance >= commander.storm_threshold(view) / 2:  # an early storm is weighed from half the chance
            other = commander.base_plan(view, storm=not plan.storm)
            return [plan, other]
        if not plan.storm and plan.strike_odds:  # relief next to the town: strike it, or keep the ring as it is
            return [plan, commander.base_plan(view, strike_relief=False)]
    if plan.keep is not None and not view.is_night:  # sorties are weighed by day: at night they barely move
        garrison = [u for u in view.units_of(commander.side) if u.hex == plan.keep]
        if garrison and any(1 < distance(e.hex, plan.keep) <= 3 for e in view.units_of_not(commander.side)):
            sortie = any(t.kind == "sortie" for t in plan.tasks.values())
            other = commander.base_plan(view, sortie=not sortie)
            if any(t.kind == "sortie" for t in other.tasks.values()) != sortie:
                return [plan, other]
    return [plan]


def play_out(commander: Planner, view: State, plan: Plan, game: int) -> float:
    """Play `horizon` turns from the view with `plan` forced for this phase; the result for our side."""
    state = view.copy()
    state.dice = view.dice.fork(game + 1)  # the commander's own dice (ai/view.py), never the game's
    normal = commander.posture.model_copy(update={"rollouts": 0})
    players = {side: type(commander)(side, normal, seed=game) for side in state.setup.sides}
    players[commander.side].follow(state, plan)
    end = state.turn + commander.posture.horizon
    for _ in range(MAX_ORDERS):
        if state.over or state.turn >= end:
            break
        player = players[state.side]
        try:
            state, _ = apply(state, ask(player, state))
        except ValueError:  # an order the rollout's state refuses: end the phase
            state, _ = apply(state, EndPhase(state.side))
    return value(state, commander.side, players)


def value(state: State, side: str, players: dict[str, Planner]) -> float:
    """How good a position is for `side`: the result if the game is over; else the chance each side's
    assault would take the town it besieges now, worth a won or lost game, and the standing."""
    if state.over:
        return WIN if state.winner == side else -WIN
    threat = {s: storm_chance(state, players[s]) for s in state.setup.sides}
    return WIN * (threat[side] - max(threat[e] for e in state.enemies(side))) + standing(state, side)


def standing(state: State, side: str) -> float:
    """Victory points ahead of the best enemy, and the balance of men lost, taken and defected, per 100."""
    score = victory.points(state)
    enemies = state.enemies(side)
    lost = {s: sum(state.books.get(s, {}).get(k, 0) for k in ("men_lost", "men_prisoners", "men_defected_out"))
            for s in state.setup.sides}
    return (score[side] - max(score[e] for e in enemies)
            + (sum(lost[e] for e in enemies) - lost[side]) / 100)


def storm_chance(state: State, commander: Planner) -> float:
    """The chance an assault by the commander's side would take the town it besieges, from here."""
    return commander.storm_now(state)
