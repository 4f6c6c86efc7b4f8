"""A simple built-in player: attack at good odds, otherwise march on objectives.

Good enough to play a whole game headless; the real AI lives beside it.  It
reads only what its side can see and draws no random numbers, so its orders
depend on the state alone.
"""

from __future__ import annotations

from game.core.engine import why_not
from game.core.hexgrid import Hex, distance
from game.core.orders import Attack, EndPhase, Entrench, LeaveMap, Move, Order
from game.core.rules import combat, exits, movement
from game.core.rules.visibility import visible_enemies_at, visible_units
from game.core.observe import Observation, known_state
from game.core.state import State, Unit

ATTACK_ODDS = 1.5  # attack when our power is this many times theirs


class SimplePlayer:
    def __init__(self, side: str):
        self.side = side
        self._phase: tuple[int, int] | None = None
        self._done: set[str] = set()

    def next_order(self, obs: Observation) -> Order:
        """The next order for this side's phase, from what it observes; EndPhase when it has nothing left."""
        state = known_state(obs)
        if self._phase != (state.turn, state.active):
            self._phase, self._done = (state.turn, state.active), set()
        for unit in state.units_of(self.side):
            if unit.id in self._done:
                continue
            self._done.add(unit.id)
            order = self.order_for(state, unit)
            if order is not None and not why_not(state, order):
                return order
        return EndPhase(self.side)

    def order_for(self, state: State, unit: Unit) -> Order | None:
        if exits.exit_at(state, unit.side, unit.hex) >= 0:
            return LeaveMap(unit.id)
        attack = best_attack(state, unit)
        if attack is not None:
            return attack
        if holds_objective(state, unit):
            return Entrench(unit.id) if unit.posture in ("none", "hasty") and not unit.moved else None
        goal = nearest_goal(state, unit)
        return march(state, unit, goal) if goal is not None else None


def best_attack(state: State, unit: Unit) -> Attack | None:
    if not combat.ready_to_attack(state, unit):
        return None
    best = None
    for h in state.board.neighbours(unit.hex):
        if not visible_enemies_at(state, unit.side, h):
            continue
        f = combat.forecast(state, (unit.id,), h)
        if f.odds >= ATTACK_ODDS and (best is None or f.odds > best[0]):
            best = (f.odds, h)
    return Attack((unit.id,), best[1]) if best else None


def objective_hexes(state: State) -> list[Hex]:
    return [state.board.places[o.place].hex for o in state.setup.scenario.victory.objectives]


def holds_objective(state: State, unit: Unit) -> bool:
    return unit.hex in objective_hexes(state) and sum(
        1 for u in state.units_of(unit.side) if u.hex == unit.hex) <= 2


def nearest_goal(state: State, unit: Unit) -> Hex | None:
    """The nearest objective its side does not hold, else the nearest enemy it sees."""
    own_exits = [h for side, hexes, _ in state.board.exits if side == unit.side for h in sorted(hexes)]
    if own_exits:
        return min(own_exits, key=lambda h: (distance(unit.hex, h), h))
    goals = [state.board.places[o.place].hex for o in state.setup.scenario.victory.objectives
             if state.control.get(o.place) != unit.side]
    goals += [u.hex for u in visible_units(state, unit.side) if u.side != unit.side]
    return min(goals, key=lambda h: (distance(unit.hex, h), h)) if goals else None


def march(state: State, unit: Unit, goal: Hex) -> Move | None:
    if unit.moves_left <= 0 or unit.attacked:
        return None
    reach = movement.reachable(state, unit)
    best = min(reach, key=lambda h: (distance(h, goal), reach[h][0], h))
    if best == unit.hex or distance(best, goal) >= distance(unit.hex, goal):
        return None
    return Move(unit.id, best)
