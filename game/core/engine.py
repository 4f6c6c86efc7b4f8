"""The one reducer: `apply(state, order) -> (new state, events)`.

Every change to a game goes through here (Wesnoth's synced entry point;
boardgame.io's moves).  `legal_orders(state, side)` lists what a side may do,
and `check(state, order)` says why an order is not allowed.  The state passed
in is never changed.
"""

from __future__ import annotations

from typing import Callable

from game.core.events import Combat, Entrenched, Event, MoveStopped, PhaseEnded, UnitDestroyed, UnitMoved
from game.core.hexgrid import Hex, distance
from game.core.orders import Attack, CallWireless, EndPhase, Entrench, Hide, Move, Order
from game.core.rules import combat, control, movement, reinforcements, retreat, victory, weather
from game.core.rules.losses import take_losses
from game.core.rules.visibility import sees, visible_enemies_at
from game.core.state import POSTURES, State


class IllegalOrder(ValueError):
    """The order is not allowed in this state; the message says why."""


# -- checking orders ------------------------------------------------------------

def check(state: State, order: Order) -> None:
    """Raise IllegalOrder if `order` may not be given now."""
    if state.over:
        raise IllegalOrder("the game is over")
    handler = CHECKS.get(type(order))
    if handler is None:
        raise IllegalOrder(f"the rules do not know {order.kind} orders yet")
    handler(state, order)


def own_unit(state: State, unit_id: str):
    unit = state.units.get(unit_id)
    if unit is None:
        raise IllegalOrder(f"there is no unit '{unit_id}'")
    if unit.side != state.side:
        raise IllegalOrder(f"{unit.name} is not {state.side}'s to command in this phase")
    return unit


def check_move(state: State, order: Move) -> None:
    unit = own_unit(state, order.unit)
    if order.to == unit.hex:
        raise IllegalOrder(f"{unit.name} is already there")
    if unit.attacked:
        raise IllegalOrder(f"{unit.name} has fought this turn and cannot move")
    if order.to not in movement.reachable(state, unit):
        raise IllegalOrder(f"{unit.name} cannot reach {tuple(order.to)} this turn")


def check_attack(state: State, order: Attack) -> None:
    if len(set(order.units)) != len(order.units):
        raise IllegalOrder("a unit is named twice in the attack")
    if not visible_enemies_at(state, state.side, order.target):
        raise IllegalOrder(f"no enemy to attack at {tuple(order.target)}")
    for uid in order.units:
        unit = own_unit(state, uid)
        if unit.attacked:
            raise IllegalOrder(f"{unit.name} has already attacked this turn")
        if distance(unit.hex, order.target) != 1:
            raise IllegalOrder(f"{unit.name} is not next to {tuple(order.target)}")
        if combat.fire_power(state, unit) <= 0:
            raise IllegalOrder(f"{unit.name} has no way to fight")


def check_entrench(state: State, order: Entrench) -> None:
    unit = own_unit(state, order.unit)
    if unit.moved or unit.attacked:
        raise IllegalOrder(f"{unit.name} has moved or fought this turn and cannot dig in")
    if POSTURES.index(unit.posture) >= POSTURES.index("entrenched"):
        raise IllegalOrder(f"{unit.name} is already {unit.posture}")


def check_end_phase(state: State, order: EndPhase) -> None:
    if order.side != state.side:
        raise IllegalOrder(f"it is {state.side}'s phase, not {order.side}'s")


CHECKS: dict[type, Callable[[State, Order], None]] = {
    Move: check_move, Attack: check_attack, Entrench: check_entrench, EndPhase: check_end_phase,
}


# -- carrying orders out -------------------------------------------------------

def do_move(state: State, order: Move) -> list[Event]:
    unit = state.units[order.unit]
    reach = movement.reachable(state, unit)
    path = movement.path_to(reach, order.to)
    walked = [path[0]]
    events: list[Event] = []
    for step in path[1:]:
        stop = bump(state, unit.side, step)
        if stop:
            events.append(MoveStopped(unit.id, tuple(walked[-1]), stop))
            break
        walked.append(step)
    cost = reach[walked[-1]][0]
    moved = unit.but(hex=walked[-1], moves_left=unit.moves_left - cost if len(walked) > 1 else 0,
                     moved=True, posture="none", hidden=False)
    state.put(moved)
    events.insert(0, UnitMoved(unit.id, unit.side, tuple(tuple(h) for h in walked), cost))
    return events + control.update_control(state, walked)


def bump(state: State, side: str, step: Hex) -> str:
    """Why a move must stop before `step` ("" to go on): a hidden enemy is there."""
    hidden = [u for u in state.units_at(step) if u.side != side and not sees(side, u)]
    for u in hidden:
        state.put(u.but(hidden=False))
    return "ran into hidden enemies" if hidden else ""


def do_attack(state: State, order: Attack) -> list[Event]:
    m = combat.matchup(state, order.units, order.target)
    roll = state.dice.roll()
    result = combat.outcome(state, m, roll)
    side = state.units[order.units[0]].side
    defender_side = state.units[m.defenders[0]].side
    attacker_hexes = {state.units[uid].hex for uid in order.units}
    spend_ammunition(state, m.attackers + m.defenders)
    lost_a = sum(take_losses(state, state.units[uid], combat.share(state.units[uid].men, result.attacker_rate))["men"]
                 for uid in m.attackers)
    lost_d = sum(take_losses(state, state.units[uid], combat.share(state.units[uid].men, result.defender_rate))["men"]
                 for uid in m.defenders)
    winner = side if result.defender_rate > result.attacker_rate else defender_side
    events: list[Event] = [Combat(
        tuple(sorted(order.units)), m.defenders, side, defender_side, tuple(order.target), roll,
        round(m.attacker_power * 100), round(m.defender_power * 100), lost_a, lost_d, result.retreat, winner,
    )]
    for uid in m.attackers:
        if uid in state.units:
            state.put(state.units[uid].but(attacked=True, moves_left=0, hidden=False))
    if result.retreat:
        for uid in m.defenders:
            events += retreat.fall_back(state, uid, attacker_hexes)
        events += retreat.advance(state, tuple(u for u in order.units if u in state.units), order.target)
    events += [UnitDestroyed(uid, state_side, tuple(order.target)) for uid, state_side in
               [(u, side) for u in m.attackers] + [(u, defender_side) for u in m.defenders] if uid not in state.units]
    return events + control.update_control(state, attacker_hexes | {order.target})


def spend_ammunition(state: State, unit_ids: tuple[str, ...]) -> None:
    c = state.rules.combat
    for uid in unit_ids:
        u = state.units[uid]
        used = min(u.men, u.rifles) * c.rounds_per_rifle + u.machine_guns * c.rounds_per_machine_gun
        state.put(u.but(ammunition=max(0, u.ammunition - used)))


def do_entrench(state: State, order: Entrench) -> list[Event]:
    unit = state.units[order.unit]
    posture = POSTURES[POSTURES.index(unit.posture) + 1]
    state.put(unit.but(posture=posture, moves_left=0, moved=True))
    return [Entrenched(unit.id, posture)]


def do_end_phase(state: State, order: EndPhase) -> list[Event]:
    events: list[Event] = [PhaseEnded(order.side, state.turn)]
    if state.active + 1 < len(state.setup.sides):
        state.active += 1
        return events
    return events + end_turn(state)


# -- the turn ------------------------------------------------------------------

END_OF_TURN: list[Callable[[State], list[Event]]] = []
START_OF_TURN: list[Callable[[State], list[Event]]] = [reinforcements.arrive]


def end_turn(state: State) -> list[Event]:
    """Upkeep after every side has moved, then the next turn begins."""
    events: list[Event] = []
    for step in END_OF_TURN:
        events += step(state)
        if state.over:
            return events
    state.turn += 1
    state.active = 0
    if state.turn >= state.setup.total_turns:
        return events + victory.final_result(state)
    events.append(weather.draw_weather(state))
    for step in START_OF_TURN:
        events += step(state)
    refresh_units(state)
    return events


def refresh_units(state: State) -> None:
    for uid in sorted(state.units):
        u = state.units[uid]
        state.put(u.but(moves_left=movement.movement_allowance(state, u), moved=False, attacked=False))


HANDLERS: dict[type, Callable[[State, Order], list[Event]]] = {
    Move: do_move, Attack: do_attack, Entrench: do_entrench, EndPhase: do_end_phase,
}


def apply(state: State, order: Order) -> tuple[State, list[Event]]:
    """The one reducer.  Raises IllegalOrder, leaving `state` as it was."""
    check(state, order)
    new = state.copy()
    events = HANDLERS[type(order)](new, order)
    if not new.over:
        events += victory.sudden_death(new)
    return new, events


# -- what a side may do ----------------------------------------------------------

def legal_orders(state: State, side: str) -> list[Order]:
    """Every order `side` may give now, in a stable order."""
    if state.over or side != state.side:
        return []
    orders: list[Order] = []
    for unit in state.units_of(side):
        if unit.moves_left > 0 and not unit.attacked:
            orders += [Move(unit.id, h) for h in sorted(movement.reachable(state, unit)) if h != unit.hex]
        if not unit.moved and not unit.attacked and POSTURES.index(unit.posture) < POSTURES.index("entrenched"):
            orders.append(Entrench(unit.id))
    orders += attack_orders(state, side)
    orders.append(EndPhase(side))
    return orders


def attack_orders(state: State, side: str) -> list[Order]:
    ready = [u for u in state.units_of(side) if not u.attacked and combat.fire_power(state, u) > 0]
    targets = sorted({h for u in ready for h in state.board.neighbours(u.hex) if visible_enemies_at(state, side, h)})
    orders: list[Order] = []
    for target in targets:
        near = tuple(u.id for u in ready if distance(u.hex, target) == 1)
        orders.append(Attack(near, target))
        if len(near) > 1:
            orders += [Attack((uid,), target) for uid in near]
    return orders
