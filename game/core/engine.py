"""The one reducer: `apply(state, order) -> (new state, events)`.

Every change to a game goes through here (Wesnoth's synced entry point;
boardgame.io's moves).  `legal_orders(state, side)` lists what a side may do,
and `check(state, order)` says why an order is not allowed.  The state passed
in is never changed.
"""

from __future__ import annotations

from itertools import combinations
from typing import Callable

from game.core.events import SIGHT_STOP, Entrenched, Event, MoveStopped, PhaseEnded, UnitMoved
from game.core.hexgrid import Hex, distance
from game.core.orders import Attack, CallWireless, EndPhase, Entrench, Hide, LeaveMap, Move, Order
from game.core.rules import (ambush, battle, combat, control, defection, exits, leaders, morale, movement,
                             reinforcements, supply, support, victory, weather, wireless)
from game.core.rules import informants, memory
from game.core.rules.sight import sees
from game.core.rules.visibility import visible_enemies_at
from game.core.state import POSTURES, State, Unit


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


def why_not(state: State, order: Order) -> str:
    """Why `order` may not be given now ("" when it may): for the AI and the window."""
    try:
        check(state, order)
        return ""
    except IllegalOrder as exc:
        return str(exc)


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
    if not movement.can_reach(state, unit, order.to):
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
        raise IllegalOrder(f"{unit.name} has moved or attacked this turn and cannot dig in")
    if POSTURES.index(unit.posture) >= POSTURES.index("entrenched"):
        raise IllegalOrder(f"{unit.name} is already {unit.posture}")


def check_end_phase(state: State, order: EndPhase) -> None:
    if order.side != state.side:
        raise IllegalOrder(f"it is {state.side}'s phase, not {order.side}'s")


# Orders whose rule module says why not ("" when allowed).
REASONS: dict[type, Callable[[State, Order], str]] = {
    Hide: ambush.why_not_hide, CallWireless: wireless.why_not, LeaveMap: exits.why_not,
}


def check_by_rule(state: State, order: Hide | CallWireless | LeaveMap) -> None:
    own_unit(state, order.unit)
    reason = REASONS[type(order)](state, order)
    if reason:
        raise IllegalOrder(reason)


CHECKS: dict[type, Callable[[State, Order], None]] = {
    Move: check_move, Attack: check_attack, Entrench: check_entrench, Hide: check_by_rule,
    CallWireless: check_by_rule, LeaveMap: check_by_rule, EndPhase: check_end_phase,
}


# -- carrying orders out -------------------------------------------------------

def do_move(state: State, order: Move) -> list[Event]:
    """Walk the cheapest path the side knows of, step by step; hidden enemies may stop it (the ambush rule), and
    so does an enemy that comes into sight next to the path (its zone of control)."""
    unit = state.units[order.unit]
    way = movement.way_to(state, unit, order.to)
    path, spent = [h for h, _ in way], dict(way)
    events: list[Event] = [UnitMoved(unit.id, unit.side, tuple(tuple(h) for h in path), spent[order.to])]
    walked = [path[0]]
    for step in path[1:]:
        if bump(state, unit.side, step):
            events.append(MoveStopped(unit.id, tuple(walked[-1]), "ran into hidden enemies"))
            break
        walked.append(step)
        state.put(unit.but(hex=step, moves_left=unit.moves_left - spent[step], moved=True, posture="none", hidden=False))
        sprung = ambush.spring(state, unit.id)
        if sprung:
            events.append(MoveStopped(unit.id, tuple(step), "ambushed"))
            events += sprung
            break
        if step != path[-1] and movement.next_to_seen_enemy(state, state.units[unit.id]):
            events.append(MoveStopped(unit.id, tuple(step), SIGHT_STOP))
            break
    if len(walked) < len(path):
        events[0] = UnitMoved(unit.id, unit.side, tuple(tuple(h) for h in walked), spent[walked[-1]])
        if unit.id in state.units:
            state.put(state.units[unit.id].but(moves_left=0, moved=True))
    return events + control.update_control(state, walked)


def bump(state: State, side: str, step: Hex) -> bool:
    """A hidden enemy stands in the next hex: reveal it and stop.  (The mover, next to it, sees any other.)"""
    hidden = [u for u in state.units_at(step) if u.side != side and u.hidden]
    for u in hidden:
        state.put(u.but(hidden=False))
    return bool(hidden)


def do_attack(state: State, order: Attack) -> list[Event]:
    return battle.fight(state, order.units, order.target)


def do_entrench(state: State, order: Entrench) -> list[Event]:
    unit = state.units[order.unit]
    posture = POSTURES[POSTURES.index(unit.posture) + 1]
    state.put(unit.but(posture=posture, moves_left=0, moved=True))
    return [Entrenched(unit.id, posture)]


def do_end_phase(state: State, order: EndPhase) -> list[Event]:
    events: list[Event] = ambush.look_around(state, order.side) + [PhaseEnded(order.side, state.turn)]
    if state.active + 1 < len(state.setup.sides):
        state.active += 1
        return events
    return events + end_turn(state)


# -- the turn ------------------------------------------------------------------

END_OF_TURN: list[Callable[[State], list[Event]]] = [
    supply.upkeep, morale.turn_recovery, defection.daily, support.daily, leaders.recover, ambush.wear_off,
]
START_OF_TURN: list[Callable[[State], list[Event]]] = [reinforcements.arrive, exits.opening, memory.forget,
                                                      informants.report]


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
        moves = movement.movement_allowance(state, u)
        if (u.moves_left, u.moved, u.attacked, u.fought) != (moves, False, False, False):  # (else it stays as it is)
            state.put(u.but(moves_left=moves, moved=False, attacked=False, fought=False))


HANDLERS: dict[type, Callable[[State, Order], list[Event]]] = {
    Move: do_move, Attack: do_attack, Entrench: do_entrench, Hide: ambush.hide,
    CallWireless: wireless.call, LeaveMap: exits.leave, EndPhase: do_end_phase,
}


def apply(state: State, order: Order) -> tuple[State, list[Event]]:
    """The one reducer.  Raises IllegalOrder, leaving `state` as it was."""
    check(state, order)
    new = state.copy()
    events = HANDLERS[type(order)](new, order)
    events += leaders.rejoin(new, state)
    events += control.sweep(new)
    events += memory.remember(new, state)
    if not new.over:
        events += victory.sudden_death(new)
    return new, events


REVEALING = frozenset({"combat", "ambush", "spotted", "move_stopped", "panicked", "sighted"})  # events that show what was hidden


def can_take_back(before: State, after: State, events: list[Event]) -> bool:
    """Whether the order that led from `before` to `after` may be taken back (undone), as boardgame.io and
    Wesnoth allow: see `why_not_take_back`."""
    return not why_not_take_back(before, after, events)


def why_not_take_back(before: State, after: State, events: list[Event]) -> str:
    """Why the order from `before` to `after` may not be undone ("" if it may): it drew on the dice, revealed
    a hidden unit, brought one of its own out of hiding, or ended a phase (the other side has seen the result)."""
    if (after.turn, after.active) != (before.turn, before.active) or after.over:
        return "the turn has passed on"
    out = [u.name for uid, u in sorted(before.units.items()) if u.hidden and not (uid in after.units and after.units[uid].hidden)]
    if out:
        return f"{out[0]} came out of hiding"
    if after.dice.state != before.dice.state:
        return "the dice were rolled"
    shown = sorted((e for e in events if e.kind in REVEALING and shown_to(before.side, e)), key=lambda e: e.kind != "sighted")
    return came_to_light(before, shown[0]) if shown else ""  # (what came into sight first: the move's stop says less)


def shown_to(side: str, e: Event) -> bool:
    """Whether the event showed `side` something: the enemy seeing its units shows it nothing (the enemy's memory
    is taken back with the order, and the player is never told it was seen)."""
    return e.kind != "sighted" or e.side == side


def came_to_light(state: State, e: Event) -> str:
    """What an event showed the side that was hidden, as the reason its order stands."""
    if e.kind == "sighted":
        unit = state.units.get(e.unit)
        return f"{unit.name if unit is not None else 'an enemy unit'} came into sight"
    return {"combat": "a fight was fought", "ambush": "an ambush was sprung", "spotted": "a hidden band was found",
            "move_stopped": "the move was stopped by what it met", "panicked": "a unit panicked"}.get(e.kind,
                                                                                                   "something hidden came to light")


# -- what a side may do ----------------------------------------------------------

def may_move(unit: Unit) -> bool:
    """The unit can still move this phase: it has movement points left and has not attacked."""
    return unit.moves_left > 0 and not unit.attacked


def legal_orders(state: State, side: str) -> list[Order]:
    """Every order `side` may give now, in a stable order."""
    if state.over or side != state.side:
        return []
    orders: list[Order] = []
    for unit in state.units_of(side):
        if may_move(unit):
            orders += [Move(unit.id, h) for h in sorted(movement.reachable(state, unit)) if h != unit.hex]
        if not unit.moved and not unit.attacked and POSTURES.index(unit.posture) < POSTURES.index("entrenched"):
            orders.append(Entrench(unit.id))
        if not ambush.why_not_hide(state, Hide(unit.id)):
            orders.append(Hide(unit.id))
        if not exits.why_not(state, LeaveMap(unit.id)):
            orders.append(LeaveMap(unit.id))
        if unit.wireless:
            spec = wireless.side_spec(state, side)
            orders += [CallWireless(unit.id, st) for st in spec.stations
                       if not wireless.why_not(state, CallWireless(unit.id, st))]
    orders += attack_orders(state, side)
    orders.append(EndPhase(side))
    return orders


def attack_targets(state: State, unit: Unit) -> set[Hex]:
    """The hexes `unit` may attack now: next to it, with an enemy its side sees."""
    if not combat.ready_to_attack(state, unit):
        return set()
    return {h for h in state.board.neighbours(unit.hex) if visible_enemies_at(state, unit.side, h)}


def attackers_of(state: State, target: Hex) -> tuple[str, ...]:
    """Every unit of the side to move that may join an attack on `target` now (none if it sees no enemy there)."""
    if not visible_enemies_at(state, state.side, target):
        return ()
    return tuple(u.id for u in state.units_of(state.side) if distance(u.hex, target) == 1 and combat.ready_to_attack(state, u))


def attack_orders(state: State, side: str) -> list[Order]:
    """Every attack `side` may make: on each target, every group of the units that may join it, the whole first."""
    ready = [u for u in state.units_of(side) if combat.ready_to_attack(state, u)]
    targets = sorted({h for u in ready for h in attack_targets(state, u)})
    orders: list[Order] = []
    for target in targets:
        near = attackers_of(state, target)
        for size in range(len(near), 0, -1):
            orders += [Attack(group, target) for group in combinations(near, size)]
    return orders
