"""The game state: everything that changes during a game, as plain data.

Units and leaders are frozen; the containers are copied by `State.copy()`
before the reducer changes anything, so a state handed out is never changed
again.  Everything in a state is an integer, a string, a bool or a tuple of
those, so that the digest is exact (docs/architecture.md, "Determinism").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Callable

from game.core.board import Board
from game.core.brief import Brief
from game.core.dice import Dice
from game.core.hexgrid import Hex
from game.core.rulebook import RuleBook
from game.core.units import Units, by_id

GEAR = ("rifles", "machine_guns", "cannons", "ammunition", "horses", "food")  # what men carry
WEAPONS = GEAR[:3]  # what they fight with: what the books count as captured, the summaries as taken
ASSETS = ("men",) + GEAR  # everything the books count
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
        """The unit with some fields changed (as `dataclasses.replace`, at a seventh of the cost: the reducer's
        busiest call)."""
        if not _UNIT_FIELDS.issuperset(changes):
            raise TypeError(f"a unit has no {', '.join(sorted(set(changes) - _UNIT_FIELDS))}")
        new = object.__new__(_Draft)  # (written as a plain object, then made a Unit: four times as fast as a Unit's
        _copy_unit(self, new)         # frozen slots written one by one)
        for name, value in changes.items():
            setattr(new, name, value)
        new.__class__ = Unit
        return new


class _Draft:
    """A unit while `Unit.but` writes it: a Unit's slots in a plain object."""
    __slots__ = Unit.__slots__


_UNIT_NAMES = tuple(f.name for f in fields(Unit))
_UNIT_FIELDS = frozenset(_UNIT_NAMES)


def copier(fields_copied: dict[str, str]) -> Callable[[Any, Any], None]:
    """A function `(old, new)` that sets each field of `new` to its expression of `old` (`{}`: the field), written
    line by line as dataclasses writes `__init__` (the reducer copies a state and units for every order)."""
    made: dict = {}
    exec("def copy(old, new):\n" + "".join(f"    new.{name} = {how.format('old.' + name)}\n"
                                            for name, how in fields_copied.items()), made)
    return made["copy"]


_copy_unit = copier({name: "{}" for name in _UNIT_NAMES})


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
    """What does not change in a game: the scenario (as the core reads it), its board and its rules."""

    scenario: Brief
    board: Board
    rules: RuleBook
    sides: tuple[str, ...]
    start: dt.date
    total_turns: int
    turns_per_day: int
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def date_of(self, turn: int) -> dt.date:
        """The day turn `turn` (from 0) falls on."""
        return self.start + dt.timedelta(days=turn // self.turns_per_day)

    def remember(self, key: Any, build: Callable[[], Any]) -> Any:
        """A value worked out once per game from what never changes in it (board and rules)."""
        if key not in self.memo:
            self.memo[key] = build()
        return self.memo[key]

    def recall(self, table: str, key: Any, build: Callable[[], Any], most: int = 512) -> Any:
        """`remember` for values too many to keep them all (a route table to every hex): kept in the memo's
        `table`, the least recently used forgotten past `most` (worked out again if asked again)."""
        kept: dict = self.remember(table, dict)
        if key in kept:
            kept[key] = value = kept.pop(key)  # the most recently used last
            return value
        while len(kept) >= most:
            del kept[next(iter(kept))]
        kept[key] = value = build()
        return value


SHARED = "shared"  # never changes in a game: the same object in every copy
VALUE = "value"  # an int, string, bool or tuple of frozen things: nothing to copy
OWN_COPY = "own copy"  # has a copy() of its own (the dice, the units index)
DICT = "dict"  # a dict of frozen values: a new dict
NESTED = "nested"  # a dict of dicts of ints: new dicts all the way down (supply changes stocks in place)
POLICIES = (SHARED, VALUE, OWN_COPY, DICT, NESTED)


def kept(policy: str, default: Any = MISSING, factory: Any = MISSING) -> Any:
    """A state field and how `State.copy` copies it."""
    return field(default=default, default_factory=factory, metadata={"copy": policy})


@dataclass(slots=True)
class State:
    setup: Setup = kept(SHARED)
    dice: Dice = kept(OWN_COPY)
    turn: int = kept(VALUE, 0)
    active: int = kept(VALUE, 0)  # index of the side whose phase it is
    weather: str = kept(VALUE, "clear")
    units: Units = kept(OWN_COPY, factory=Units)
    leaders: dict[str, Leader] = kept(DICT, factory=dict)
    control: dict[str, str] = kept(DICT, factory=dict)  # place id -> side id ("" for none)
    books: dict[str, dict[str, int]] = kept(NESTED, factory=dict)
    reserves: dict[str, tuple[Unit, ...]] = kept(DICT, factory=dict)  # reinforcement key -> units not yet arrived
    schedule: tuple[tuple[int, str], ...] = kept(VALUE, ())  # (turn, reinforcement key), sorted
    support: dict[str, dict[str, int]] = kept(NESTED, factory=dict)  # place -> side -> percent
    wins: tuple[tuple[int, str, Hex], ...] = kept(VALUE, ())  # (turn, winning side, hex) of recent fights
    calls: tuple[str, ...] = kept(VALUE, ())  # "side:station" wireless calls made
    stocks: dict[str, dict[str, int]] = kept(NESTED, factory=dict)  # place -> food, ammunition left
    winner: str = kept(VALUE, "")
    over: bool = kept(VALUE, False)
    end_reason: str = kept(VALUE, "")
    departed: tuple[Unit, ...] = kept(VALUE, ())  # units led off the map, as they left (a campaign carries them on)
    sightings: dict[str, dict[str, Any]] = kept(NESTED, factory=dict)  # side -> enemy unit -> what it last knew (rules/sight.py)
    heard: dict[str, dict[str, str]] = kept(NESTED, factory=dict)  # side -> place -> its holder, as far as the side knows

    def __post_init__(self) -> None:
        if not isinstance(self.units, Units):
            self.units = Units(self.units)

    def copy(self) -> "State":
        """A state the reducer may change without touching this one: each field copied by its stated policy
        (the fields written straight into a new state's slots: the reducer copies a state for every order)."""
        new = object.__new__(State)
        _copy_state(self, new)
        return new

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
        return self.setup.date_of(self.turn)

    @property
    def is_night(self) -> bool:
        return self.setup.turns_per_day == 2 and self.turn % 2 == 1

    def enemies(self, side: str) -> tuple[str, ...]:
        return tuple(s for s in self.setup.sides if s != side)

    def units_of(self, side: str) -> list[Unit]:
        """`side`'s units, sorted by id."""
        return [u for u in self.units.in_order() if u.side == side]

    def units_of_not(self, side: str) -> list[Unit]:
        """The other sides' units, sorted by id."""
        return [u for u in self.units.in_order() if u.side != side]

    def units_at(self, h: Hex) -> list[Unit]:
        """The units in hex `h`, sorted by id."""
        return list(self.units.at(h))

    def units_near(self, h: Hex, radius: int) -> list[Unit]:
        """The units within `radius` hexes of `h`, sorted by id."""
        return sorted(self.units.near(h, radius), key=by_id)

    def leaders_with(self, unit_id: str) -> list[Leader]:
        return [self.leaders[lid] for lid in sorted(lid for lid, l in self.leaders.items()
                                                    if l.unit == unit_id and l.status in ("fit", "wounded"))]

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


_unstated = [f.name for f in fields(State) if f.metadata.get("copy") not in POLICIES]
if _unstated:  # a new field must say how it is copied, or the reducer could change a state handed out
    raise TypeError(f"State fields with no copy policy: {', '.join(_unstated)}")
_COPIED = {  # how each policy copies a field, in Python
    SHARED: "{}", VALUE: "{}", OWN_COPY: "{}.copy()", DICT: "dict({})", NESTED: "{{k: dict(v) for k, v in {}.items()}}",
}
_copy_state = copier({f.name: _COPIED[f.metadata["copy"]] for f in fields(State)})
