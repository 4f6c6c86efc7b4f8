"""Orders that last: a go-to carried out turn after turn until the unit arrives, or until something it must
react to happens: an enemy comes in sight near it, it is fought or ambushed, or its way is barred.

The route is found on the map as the side knows it (the AI's route search, around the enemies it sees or last
knew of); each turn the session gives the unit an ordinary `Move` to the farthest hex of that route it can
reach, which the engine checks like any other.  The standing orders are the player's plan, not the game's:
they are kept in saves beside the orders, never in the state.  `GoToOrders` is the session's part that keeps
them.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.ai import reading
from game.core.engine import IllegalOrder
from game.core.events import SIGHT_STOP
from game.core.hexgrid import Hex, distance
from game.core.narrate import agree
from game.core.orders import Move
from game.core.rules import movement
from game.core.state import State, Unit

WARY = 3  # an enemy that comes in sight this close stops a go-to (hexes)
HALTS = ("move_stopped", "ambush", "combat")  # what happening on the way stops a go-to


@dataclass(frozen=True)
class GoTo:
    unit: str
    to: Hex
    near: frozenset[str] = frozenset()  # the enemies known near it or its way since it was given: no news


def route(state: State, unit: Unit, to: Hex) -> tuple[Hex, ...]:
    """The cheapest way from the unit to `to` over the map, turns not counted (its mover's step costs, around
    the enemies in `state`: the AI's own route search, ai/reading.py); () if there is none.  The session asks it
    on the side's reckoning (`reckoned`): around the enemies it sees and those it last saw or was told of."""
    enemies = {u.hex for u in state.units.values() if u.side != unit.side}
    return () if to in enemies else tuple(reading.route(state, reading.mover(state, unit), unit.hex, to, enemies))


def turns_to(state: State, unit: Unit, way: tuple[Hex, ...]) -> int:
    """About how many turns the way takes at the unit's full allowance."""
    if len(way) < 2:
        return 0
    graph = movement.step_graph(state, state.rules.unit_types[unit.type].mover)
    cost = sum(dict(graph[a])[b] for a, b in zip(way, way[1:]))
    return -(-cost // max(1, movement.movement_allowance(state, unit)))


def leg(state: State, unit: Unit, way: tuple[Hex, ...]) -> Hex | None:
    """The farthest hex of the way the unit can move to this turn (None if it cannot move along it at all)."""
    reach = movement.reachable(state, unit)
    return next((h for h in reversed(way[1:]) if h in reach), None)


def near(state: State, unit: Unit) -> list[Unit]:
    """The enemies the side sees within `WARY` hexes of the unit."""
    return [u for u in state.units.values() if u.side != unit.side and distance(u.hex, unit.hex) <= WARY]


def wary_of(state: State, unit: Unit, known: frozenset[str] = frozenset()) -> Unit | None:
    """The nearest enemy `near` the unit, but those `known` there already (what a go-to stops for: an enemy come
    near, not one the player sent it past)."""
    new = [(distance(u.hex, unit.hex), u.id, u) for u in near(state, unit) if u.id not in known]
    return min(new)[2] if new else None


def enemies_near(state: State, unit: Unit) -> frozenset[str]:
    return frozenset(u.id for u in near(state, unit))


def enemies_along(state: State, unit: Unit, way: tuple[Hex, ...]) -> frozenset[str]:
    """The enemies in `state` within `WARY` hexes of the way: those the player sends the unit past or up to."""
    return frozenset(u.id for u in state.units.values()
                     if u.side != unit.side and any(distance(u.hex, h) <= WARY for h in way))


def does(name: str, singular: str, plural: str) -> str:
    """A unit's name and its verb in agreement: 'Hisor band stops', 'Lakai horsemen stop' (as the log says it)."""
    return f"{name} {agree(name, singular, plural)}"


def stop(name: str) -> str:
    return f"{does(name, 'stops', 'stop')}: "


def fought(name: str, how: str = "fought") -> str:
    return f"{agree(name, 'it was', 'they were')} {how}"


class GoToOrders:
    """The session's standing orders (`self.standing`, uid -> GoTo): given, carried on as each of the side's
    phases begins, stopped with a word why.  Mixed into `play/session.Session`, whose `give` moves the units."""

    def go_to(self, uid: str, to: Hex) -> str:
        """Send one's own unit to `to` over as many turns as it takes; it moves as far as it can at once.  Says
        what was done, or why not (the order is then not kept)."""
        unit = self.my_unit(uid)
        if unit is None:
            return "Select one of your units first"
        way = route(self.reckoned(unit.side), unit, to)
        if not way:
            return f"{does(unit.name, 'has', 'have')} no way to that hex"
        known = self.seen(unit.side)
        never = next(((a, b) for a, b in zip(way, way[1:]) if movement.beyond_a_turn(known, unit, a, b)), None)
        if never:
            return f"{does(unit.name, 'has', 'have')} no way to that hex: a {movement.why_never(known, unit, *never)}"
        near_way = enemies_near(known, unit) | enemies_along(self.reckoned(unit.side), unit, way)
        self.standing[uid] = GoTo(uid, to, near_way)  # (seen, or last seen or told of: coming in sight is no news)
        turns = turns_to(known, unit, way)
        notes = self.carry_on(uid)
        self.note_near(uid)
        moved = self.state.units.get(uid)
        unhid = unit.hidden and moved is not None and not moved.hidden  # (a move leaves hiding: it cannot be undone)
        later = unit.moves_left <= 0 or unit.attacked or self.state.side != unit.side
        return (f"{does(unit.name, 'goes', 'go')} there: about {turns} turn{'s' if turns != 1 else ''}" +
                (f"; {agree(unit.name, 'it sets', 'they set')} out next turn" if later else "") +
                ("; out of hiding, so the move cannot be undone" if unhid else "") + (f"; {notes}" if notes else ""))

    def cancel_go_to(self, uid: str) -> bool:
        return self.standing.pop(uid, None) is not None

    _ways: tuple = (None, {})

    def way_of(self, uid: str) -> tuple[Hex, ...]:
        """The route a standing order still has to go, as its side knows the map (kept per state)."""
        order, unit = self.standing.get(uid), self.state.units.get(uid)
        if not order or not unit:
            return ()
        if self._ways[0] is not self.state:
            self._ways = (self.state, {})
        key = (uid, order.to)
        if key not in self._ways[1]:
            self._ways[1][key] = route(self.reckoned(unit.side), unit, order.to)
        return self._ways[1][key]

    def carry_out(self, side: str) -> list[str]:
        """As `side`'s phase begins: each of its standing orders moves on, or stops and says why."""
        notes = []
        for uid in sorted(u for u, o in self.standing.items() if self.state.units.get(u, None) is None
                          or self.state.units[u].side == side):
            why = self.must_stop(uid, side)
            if why:
                self.standing.pop(uid)
                notes.append(why)
                continue
            note = self.carry_on(uid)
            if note:
                notes.append(note)
            self.note_near(uid)
        return notes

    def note_near(self, uid: str) -> None:
        """The enemies now near a unit on its way: they stop it no more (the player has seen them there; one lost
        from sight by night and seen again by day is no news)."""
        order, unit = self.standing.get(uid), self.state.units.get(uid)
        if order is not None and unit is not None:
            self.standing[uid] = GoTo(uid, order.to, order.near | enemies_near(self.seen(unit.side), unit))

    def must_stop(self, uid: str, side: str) -> str:
        unit = self.state.units.get(uid)
        if unit is None:
            return f"{does(self.names_of(uid), 'is', 'are')} gone: the go-to is dropped"
        known = self.seen(side)
        enemy = wary_of(known, unit, self.standing[uid].near)
        if enemy is not None:
            return f"{stop(unit.name)}{does(enemy.name, 'is', 'are')} in sight, {distance(enemy.hex, unit.hex)} hexes off"
        hit = [h for h in self.account(side) if h.kind in ("combat", "ambush") and distance(h.at, unit.hex) <= 1]
        return f"{stop(unit.name)}{fought(unit.name)}" if hit else ""

    def next_leg(self, uid: str) -> tuple[Move | None, str]:
        """The unit's move for this phase along its go-to; or none, with a word if it arrived or its way is barred
        (the order is then dropped), or with none if it cannot move on now."""
        order, unit = self.standing[uid], self.state.units[uid]
        if unit.hex == order.to:
            self.standing.pop(uid)
            return None, f"{does(unit.name, 'has', 'have')} arrived"
        if self.state.side != unit.side or unit.moves_left <= 0 or unit.attacked:
            return None, ""
        known = self.seen(unit.side)
        way = route(self.reckoned(unit.side), unit, order.to)
        step = leg(known, unit, way) if way else None
        if step is None or step == unit.hex:
            if not way:
                self.standing.pop(uid)
                return None, f"{stop(unit.name)}the way is barred"
            return None, self.held_up(uid, way)
        return Move(uid, step), ""

    def held_up(self, uid: str, way: tuple[Hex, ...]) -> str:
        """Why the unit takes no further step along `way` this turn, if the rules say ("" if not): it waits, or,
        where the step is one no turn allows, its order is dropped."""
        unit, known = self.state.units[uid], self.seen(self.state.units[uid].side)
        why = movement.why_not_step(known, unit, way[1]) if len(way) > 1 else ""
        if why and movement.beyond_a_turn(known, unit, unit.hex, way[1]):
            self.standing.pop(uid)
            return f"{stop(unit.name)}{why}"
        return f"{does(unit.name, 'waits', 'wait')}: {why}" if why else ""

    def carry_on(self, uid: str) -> str:
        """Give the unit's move for this turn along its go-to ("" or a word if it arrived, stopped or could not)."""
        move, note = self.next_leg(uid)
        if move is None:
            return note
        unit, order = self.state.units[uid], self.standing[uid]
        try:
            self.give(move)
        except IllegalOrder as exc:
            self.standing.pop(uid)
            return f"{stop(unit.name)}{exc}"
        halted = [e for e in self.steps[-1].events if e.kind in HALTS]
        if not halted and uid in self.state.units and self.state.units[uid].hex == order.to:
            self.standing.pop(uid)
            return f"{does(unit.name, 'has', 'have')} arrived"
        beside = self.halted_beside_known(uid, halted)
        if beside:
            return (f"{does(unit.name, 'halts', 'halt')} beside {beside} for this turn (a move ends beside an enemy); "
                    f"{agree(unit.name, 'it goes', 'they go')} on next turn")
        if halted:
            self.standing.pop(uid, None)
            return stop(unit.name) + (fought(unit.name, "ambushed") if any(e.kind == "ambush" for e in halted) else
                                      next((e.reason for e in halted if e.kind == "move_stopped"), fought(unit.name)))
        return self.why_short(uid)

    def why_short(self, uid: str) -> str:
        """Why a unit that moved along its go-to and has moves left went no farther ("" if nothing says why)."""
        unit = self.state.units.get(uid)
        if unit is None or unit.moves_left <= 0 or uid not in self.standing:
            return ""
        return self.held_up(uid, route(self.reckoned(unit.side), unit, self.standing[uid].to))

    def halted_beside_known(self, uid: str, halted: list) -> str:
        """The enemies the unit halted beside, by name, when it knew of each of them and nothing else stopped it
        (one came in sight on its way, or its way ran into one's zone): it goes on next turn; "" otherwise."""
        unit, order = self.state.units.get(uid), self.standing.get(uid)
        if unit is None or order is None or any(getattr(e, "reason", None) != SIGHT_STOP for e in halted):
            return ""
        beside = [u for u in self.seen(unit.side).units.values() if u.side != unit.side and distance(u.hex, unit.hex) <= 1]
        if not beside or any(u.id not in order.near for u in beside):
            return ""
        names = sorted(u.name for u in beside)
        return " and ".join(names) if len(names) <= 2 else f"{names[0]} and {len(names) - 1} other enemy units"

    def names_of(self, uid: str) -> str:
        for state in (self.state, self.start):
            if uid in state.units:
                return state.units[uid].name
        return uid
