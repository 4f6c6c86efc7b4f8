"""The siege as one discrete action space: a phase's orders taken apart into single choices.

An order of the game is one or more actions (docs/research.md, "Actions"):

- a move: choose the unit (`UNIT k`, the k-th of the side's units by id), then the hex (`HEX h`, the board's
  h-th hex);
- dig in, hide, lead off the map, call a wireless station: choose the unit, then `ENTRENCH`, `HIDE`, `LEAVE` or
  `CALL s`;
- an attack: choose a unit, then the enemy's hex (`HEX h`), then add attackers one at a time (`UNIT k`) and
  `COMMIT` — so an attack by any group of the units next to the target is reached without listing every group;
- `CANCEL` drops what was chosen; `END` ends the side's phase.

What an action means depends on what was chosen before it (`Pending`). Which actions are legal now (the mask)
is asked of the rules on the side's own view of the game (`known_state` of its observation): a side is told
nothing it may not know, and every action the mask allows leads to an order the engine accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.engine import attack_targets, attackers_of, may_move, why_not
from game.core.hexgrid import Hex
from game.core.orders import Attack, CallWireless, EndPhase, Entrench, Hide, LeaveMap, Move, Order
from game.core.rules import movement
from game.core.rules.visibility import visible_enemies_at
from game.core.state import Setup, State

END, CANCEL, COMMIT, ENTRENCH, HIDE, LEAVE = range(6)  # the actions before the stations, units and hexes
SPARE_SLOTS = 16  # unit slots beyond a side's units and reinforcements, for units a game may add


def unit_slots(setup: Setup) -> int:
    """How many units of a side the actions can name: the largest side's units and reinforcements, and some."""
    return max(len(s.units) + sum(len(r.units) for r in s.reinforcements) for s in setup.scenario.sides) + SPARE_SLOTS


def outcome(game: State, side: str) -> float:
    """What the end of the game is worth to `side`: +1 won, −1 lost, 0 a draw or not over."""
    if not game.over or not game.winner:
        return 0.0
    return 1.0 if game.winner == side else -1.0


class IllegalAction(ValueError):
    """The action is not one the side may take now; the message says why."""


@dataclass(frozen=True)
class Pending:
    """What the side to move has chosen towards its next order."""
    unit: str = ""  # the unit chosen ("" for none)
    target: Hex | None = None  # the enemy's hex an attack is being made on
    attackers: tuple[str, ...] = ()  # the units joined to the attack so far

    @property
    def stage(self) -> str:
        return "attack" if self.target is not None else "unit" if self.unit else "free"


class Codec:
    """The action space of one scenario: its size, what each action means and which are legal."""

    def __init__(self, setup: Setup, most_units: int):
        self.hexes = setup.board.hexes
        self.hex_index = {h: i for i, h in enumerate(self.hexes)}
        self.stations = tuple(sorted({s for side in setup.scenario.sides for s in side.stations}))
        self.most_units = most_units  # a side's units beyond this many (by id) cannot be chosen
        self.first_station = LEAVE + 1
        self.first_unit = self.first_station + len(self.stations)
        self.first_hex = self.first_unit + most_units
        self.size = self.first_hex + len(self.hexes)

    # -- what an action is ---------------------------------------------------------
    def name(self, action: int) -> str:
        """The action in words: "end", "unit 3", "hex (12, 7)", "call termez"."""
        fixed = ("end", "cancel", "commit", "entrench", "hide", "leave")
        if action < len(fixed):
            return fixed[action]
        if action < self.first_unit:
            return f"call {self.stations[action - self.first_station]}"
        if action < self.first_hex:
            return f"unit {action - self.first_unit}"
        return f"hex {tuple(self.hexes[action - self.first_hex])}"

    def slots(self, view: State, side: str) -> list[str]:
        """The side's units by slot: its units by id, the first `most_units` of them."""
        return [u.id for u in view.units_of(side)][:self.most_units]

    def take(self, view: State, side: str, pending: Pending, action: int,
             mask: bytearray | None = None) -> tuple[Order | None, Pending]:
        """The order an action gives (None while one is being chosen) and what is chosen after it; IllegalAction
        for an action the mask (`mask`, or worked out now) does not allow."""
        if not 0 <= action < self.size:
            raise IllegalAction(f"action {action} is outside the action space (0 to {self.size - 1})")
        if not (mask if mask is not None else self.mask(view, side, pending))[action]:
            raise IllegalAction(f"{self.name(action)} may not be chosen now ({pending.stage}: "
                                f"{pending.unit or 'no unit'} chosen)")
        return self.meaning(view, side, pending, action)

    def meaning(self, view: State, side: str, pending: Pending, action: int) -> tuple[Order | None, Pending]:
        if action == END:
            return EndPhase(side), Pending()
        if action == CANCEL:
            return None, Pending()
        if action == COMMIT:
            return Attack(tuple(sorted(pending.attackers)), pending.target), Pending()
        if action in (ENTRENCH, HIDE, LEAVE):
            return {ENTRENCH: Entrench, HIDE: Hide, LEAVE: LeaveMap}[action](pending.unit), Pending()
        if action < self.first_unit:
            return CallWireless(pending.unit, self.stations[action - self.first_station]), Pending()
        if action < self.first_hex:
            uid = self.slots(view, side)[action - self.first_unit]
            if pending.stage == "attack":
                return None, Pending(pending.unit, pending.target, tuple(sorted({*pending.attackers, uid})))
            return None, Pending(uid)
        h = self.hexes[action - self.first_hex]
        if visible_enemies_at(view, side, h):  # an enemy's hex the mask allows is a target: no move ends there
            return None, Pending(pending.unit, h, (pending.unit,))
        return Move(pending.unit, h), Pending()

    def actions_for(self, view: State, side: str, order: Order) -> list[int]:
        """The actions that give `order` from nothing chosen (for an attack: its first unit, the target, the
        others, commit): how a player that thinks in orders (the game's AI) acts in the environment."""
        if isinstance(order, EndPhase):
            return [END]
        slots = self.slots(view, side)
        if isinstance(order, Attack):
            first, *rest = order.units
            return [self.first_unit + slots.index(first), self.first_hex + self.hex_index[order.target],
                    *(self.first_unit + slots.index(u) for u in rest), COMMIT]
        unit = self.first_unit + slots.index(order.unit)
        if isinstance(order, Move):
            return [unit, self.first_hex + self.hex_index[order.to]]
        if isinstance(order, CallWireless):
            return [unit, self.first_station + self.stations.index(order.station)]
        return [unit, {Entrench: ENTRENCH, Hide: HIDE, LeaveMap: LEAVE}[type(order)]]

    # -- which actions are legal ----------------------------------------------------
    def mask(self, view: State, side: str, pending: Pending) -> bytearray:
        """1 for each action the side may take now, given what it has chosen (all 0 when it is not its phase)."""
        out = bytearray(self.size)
        if view.over or view.side != side:
            return out
        stage = pending.stage
        if stage == "free":
            out[END] = 1
            for k, uid in enumerate(self.slots(view, side)):
                if self.can_act(view, side, uid):
                    out[self.first_unit + k] = 1
        elif stage == "unit":
            out[CANCEL] = 1
            for action, order in self.unit_orders(view, side, pending.unit):
                out[action] = 1
        else:
            out[CANCEL] = 1
            out[COMMIT] = int(not why_not(view, Attack(tuple(sorted(pending.attackers)), pending.target)))
            joining = set(attackers_of(view, pending.target)) - set(pending.attackers)
            for k, uid in enumerate(self.slots(view, side)):
                if uid in joining:
                    out[self.first_unit + k] = 1
        return out

    def can_act(self, view: State, side: str, uid: str) -> bool:
        unit = view.units[uid]
        if may_move(unit) and movement.can_move(view, unit):  # (the rule's own answer whether it can move)
            return True
        return any(True for _ in self.orders_in_place(view, unit))

    def unit_orders(self, view: State, side: str, uid: str):
        """(action, order) for each thing the chosen unit may do now (an attack: its first choice, the target)."""
        unit = view.units[uid]
        if may_move(unit):  # (a move is legal exactly to the hexes the movement rule says the unit can reach)
            for h in sorted(movement.reachable(view, unit)):
                if h != unit.hex:
                    yield self.first_hex + self.hex_index[h], Move(uid, h)
        yield from self.orders_in_place(view, unit)

    def orders_in_place(self, view: State, unit):
        """(action, order) for each thing the unit may do now other than move."""
        uid = unit.id
        for action, order in ((ENTRENCH, Entrench(uid)), (HIDE, Hide(uid)), (LEAVE, LeaveMap(uid))):
            if not why_not(view, order):
                yield action, order
        if unit.wireless:
            for s, station in enumerate(self.stations):
                if not why_not(view, CallWireless(uid, station)):
                    yield self.first_station + s, CallWireless(uid, station)
        for target in sorted(attack_targets(view, unit)):
            if not why_not(view, Attack((uid,), target)):
                yield self.first_hex + self.hex_index[target], Attack((uid,), target)
