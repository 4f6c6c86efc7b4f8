"""The game state: everything that changes during a game, as plain data.

Units and leaders are frozen; the containers are copied by `State.copy()`
before the reducer changes anything, so a state handed out is never changed
again.  Everything in a state is an integer, a string, a bool or a tuple of
those, so that the digest is exact (DESIGN.md, determinism rule 3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable

from game.core.board import Board
from game.core.dice import Dice
from game.core.hexgrid import Hex, disc, distance
from game.core.rulebook import RuleBook

ASSETS = ("men", "rifles", "machine_guns", "cannons")
POSTURES = ("none", "hasty", "entrenched", "fortified")


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    side: str
    name: str
    type: str
    hex: Hex
    men: int
    rifles: int = 0
    machine_guns: int = 0
    cannons: int = 0
    ammunition: int = 0
    food: int = 0
    horses: int = 0
    morale: int = 60
    posture: str = "none"
    hidden: bool = False
    wireless: bool = False
    moves_left: int = 0
    moved: bool = False
    attacked: bool = False
    fought: bool = False  # attacked or was attacked this turn
    turns_cut_off: int = 0  # turns in a row without a supply line to the rear (rules/supply.py)
    supplied: bool = True
    shaken: int = 0  # turns left fighting weakened after being ambushed
    full_men: int = 0  # men at full strength, to measure losses against

    @property
    def lost_share(self) -> float:
        return 1 - self.men / self.full_men if self.full_men > 0 else 0.0

    def but(self, **changes: Any) -> "Unit":
        return replace(self, **changes)


class Units(dict):
    """The units on the map by id, and who stands in each hex.

    A dict of units by id that also keeps, for every hex with units in it,
    those units sorted by id; the hexes where units stand in or next to an
    enemy's hex (the front); the hidden units; and each side's men.  The
    rules ask who is at or near a hex without looking at every unit on the
    map.  Every way of changing it keeps the index in step; copies share
    nothing that changes.
    """

    __slots__ = ("_at", "_front", "_hidden", "_men")

    def __init__(self, units: dict[str, Unit] | None = None):
        super().__init__()
        self._at: dict[Hex, tuple[Unit, ...]] = {}
        self._front: dict[Hex, None] = {}
        self._hidden: frozenset[str] = frozenset()
        self._men: dict[str, int] = {}
        for uid, unit in (units or {}).items():
            self[uid] = unit

    def __setitem__(self, uid: str, unit: Unit) -> None:
        old = self.get(uid)
        if old is not None:
            self._leave(old)
        super().__setitem__(uid, unit)
        self._at[unit.hex] = tuple(sorted((*self._at.get(unit.hex, ()), unit), key=_by_id))
        if unit.hidden:
            self._hidden |= {uid}
        self._men[unit.side] = self._men.get(unit.side, 0) + unit.men
        if old is None or (old.hex, old.side) != (unit.hex, unit.side):
            self._redraw_front(unit.hex)
            if old is not None:
                self._redraw_front(old.hex)

    def __delitem__(self, uid: str) -> None:
        unit = self[uid]
        self._leave(unit)
        super().__delitem__(uid)
        self._redraw_front(unit.hex)

    def pop(self, uid: str, *default: Any) -> Unit:
        if uid not in self and default:
            return default[0]
        unit = self[uid]
        del self[uid]
        return unit

    def _leave(self, unit: Unit) -> None:
        rest = tuple(u for u in self._at[unit.hex] if u.id != unit.id)
        if rest:
            self._at[unit.hex] = rest
        else:
            del self._at[unit.hex]
        if unit.hidden:
            self._hidden -= {unit.id}
        self._men[unit.side] -= unit.men

    def _redraw_front(self, h: Hex) -> None:
        """Units came to or left `h`: it and its neighbours may have joined or left the front."""
        for x in disc(h, 1):
            if x in self._at and len({u.side for y in disc(x, 1) for u in self._at.get(y, ())}) > 1:
                self._front[x] = None
            else:
                self._front.pop(x, None)

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("units are changed one at a time (units[id] = unit, del units[id], pop)")

    update = setdefault = popitem = clear = __ior__ = _refuse

    def copy(self) -> "Units":
        new = Units()
        dict.update(new, self)
        new._at, new._front, new._hidden, new._men = dict(self._at), dict(self._front), self._hidden, dict(self._men)
        return new

    def __reduce__(self) -> tuple:
        return Units, (dict(self),)

    def at(self, h: Hex) -> tuple[Unit, ...]:
        """The units in hex `h`, sorted by id."""
        return self._at.get(h, ())

    def occupied(self) -> Iterable[Hex]:
        """Every hex with units in it."""
        return self._at.keys()

    def front(self) -> list[Hex]:
        """The hexes where units stand in or next to an enemy's hex, sorted."""
        return sorted(self._front)

    def men(self, side: str) -> int:
        """The men of `side` on the map."""
        return self._men.get(side, 0)

    def hidden(self) -> list[Unit]:
        """The hidden units, sorted by id."""
        return [self[uid] for uid in sorted(self._hidden)]


def _by_id(unit: Unit) -> str:
    return unit.id


@dataclass(frozen=True, slots=True)
class Leader:
    id: str
    side: str
    name: str
    unit: str  # id of the unit the leader is with ("" when none)
    combat: int  # percent added to the unit's combat power
    morale: int  # points added to the unit's morale checks
    status: str = "fit"  # fit, wounded, killed, captured, left (the map)
    wounded_turns: int = 0


@dataclass(frozen=True)
class Setup:
    """What does not change in a game: the scenario, its board and its rules."""

    scenario: Any
    board: Board
    rules: RuleBook
    sides: tuple[str, ...]
    start: dt.date
    total_turns: int
    turns_per_day: int
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def remember(self, key: Any, build: Callable[[], Any]) -> Any:
        """A value worked out once per game from what never changes in it (board and rules)."""
        if key not in self.memo:
            self.memo[key] = build()
        return self.memo[key]


@dataclass(slots=True)
class State:
    setup: Setup
    dice: Dice
    turn: int = 0
    active: int = 0  # index of the side whose phase it is
    weather: str = "clear"
    units: Units = field(default_factory=Units)
    leaders: dict[str, Leader] = field(default_factory=dict)
    control: dict[str, str] = field(default_factory=dict)  # place id -> side id ("" for none)
    books: dict[str, dict[str, int]] = field(default_factory=dict)
    reserves: dict[str, tuple[Unit, ...]] = field(default_factory=dict)  # reinforcement key -> units not yet arrived
    schedule: tuple[tuple[int, str], ...] = ()  # (turn, reinforcement key), sorted
    support: dict[str, dict[str, int]] = field(default_factory=dict)  # place -> side -> percent
    wins: tuple[tuple[int, str, Hex], ...] = ()  # (turn, winning side, hex) of recent fights
    calls: tuple[str, ...] = ()  # "side:station" wireless calls made
    stocks: dict[str, dict[str, int]] = field(default_factory=dict)  # place -> food, ammunition left
    winner: str = ""
    over: bool = False
    end_reason: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.units, Units):
            self.units = Units(self.units)

    def copy(self) -> "State":
        return State(
            setup=self.setup, dice=self.dice.copy(), turn=self.turn, active=self.active,
            weather=self.weather, units=self.units.copy(), leaders=dict(self.leaders),
            control=dict(self.control), books={k: dict(v) for k, v in self.books.items()},
            reserves=dict(self.reserves), schedule=self.schedule, support={k: dict(v) for k, v in self.support.items()},
            wins=self.wins, calls=self.calls, stocks={k: dict(v) for k, v in self.stocks.items()}, winner=self.winner,
            over=self.over, end_reason=self.end_reason,
        )

    # -- reading the state -------------------------------------------------
    @property
    def board(self) -> Board:
        return self.setup.board

    @property
    def rules(self) -> RuleBook:
        return self.setup.rules

    @property
    def side(self) -> str:
        """The side whose phase it is."""
        return self.setup.sides[self.active]

    @property
    def date(self) -> dt.date:
        return self.setup.start + dt.timedelta(days=self.turn // self.setup.turns_per_day)

    @property
    def is_night(self) -> bool:
        return self.setup.turns_per_day == 2 and self.turn % 2 == 1

    def enemies(self, side: str) -> tuple[str, ...]:
        return tuple(s for s in self.setup.sides if s != side)

    def units_of(self, side: str) -> list[Unit]:
        return [u for _, u in sorted(self.units.items()) if u.side == side]

    def units_of_not(self, side: str) -> list[Unit]:
        return [u for _, u in sorted(self.units.items()) if u.side != side]

    def units_at(self, h: Hex) -> list[Unit]:
        """The units in hex `h`, sorted by id."""
        return list(self.units.at(h))

    def units_near(self, h: Hex, radius: int) -> list[Unit]:
        """The units within `radius` hexes of `h`, sorted by id."""
        if 3 * radius * (radius + 1) + 1 <= len(self.units.occupied()):
            near = [u for x in disc(h, radius) for u in self.units.at(x)]
        else:
            near = [u for x in self.units.occupied() if distance(x, h) <= radius for u in self.units.at(x)]
        return sorted(near, key=_by_id)

    def leaders_with(self, unit_id: str) -> list[Leader]:
        return [l for _, l in sorted(self.leaders.items()) if l.unit == unit_id and l.status in ("fit", "wounded")]

    @property
    def days(self) -> float:
        """Days since the start, for rules counted in days."""
        return self.turn / self.setup.turns_per_day

    def turns_for_days(self, days: int) -> int:
        return days * self.setup.turns_per_day

    def men(self, side: str) -> int:
        return self.units.men(side)

    # -- changing a fresh copy (only inside the reducer) -------------------
    def put(self, unit: Unit) -> None:
        self.units[unit.id] = unit

    def book(self, side: str, entry: str, amount: int) -> None:
        """Add `amount` to one of a side's ledger entries."""
        ledger = self.books.setdefault(side, {})
        ledger[entry] = ledger.get(entry, 0) + amount
