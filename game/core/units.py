"""The units on the map, indexed so that the rules can look near a hex.

`Units` is the state's dict of units by id.  Beside it, kept in step by
every change, it holds what the rules keep asking: who stands in a hex;
each side's zone of control (the hexes in or next to its visible units
with men); the front (hexes whose units have an enemy in or next to their
hex); the hidden units; each side's men.  So a move, a zone of control
or "is an enemy near?" costs about the same however many units are on the
map (a copy of the state still copies the tables, but in C, not unit by
unit in Python).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, Collection, Mapping

from game.core.hexgrid import Hex, disc

if TYPE_CHECKING:
    from game.core.state import Unit


class Units(dict):
    """Units by id, with the index; change it only one unit at a time (set, del, pop)."""

    __slots__ = ("_at", "_zones", "_front", "_hidden", "_men", "_memo", "_kept", "_moved", "_copied_from",
                 "__weakref__")

    def __init__(self, units: dict[str, Unit] | None = None):
        super().__init__()
        self._at: dict[Hex, tuple[Unit, ...]] = {}  # sorted by id
        self._zones: dict[str, dict[Hex, int]] = {}  # side -> hex -> its units exerting a zone of control there
        self._front: dict[Hex, None] = {}
        self._hidden: frozenset[str] = frozenset()
        self._men: dict[str, int] = {}
        self._memo: dict = {}  # what the rules worked out from these units as they stand: forgotten on a change
        self._kept: dict = {}  # what is kept up to date unit by unit (it has `changed`, rules/sight.py): told when a
        # unit comes, goes, or changes its hex, side, hiding or men (the rest of a unit no index looks at)
        self._moved: list[str] = []  # the units that came or changed hex since this copy was made
        self._copied_from: weakref.ref | None = None
        if units:
            self._build(units)

    def _build(self, units: dict[str, Unit]) -> None:
        """The index of many units at once (what setting them one by one would give, in one pass)."""
        dict.update(self, units)
        at: dict[Hex, list[Unit]] = {}
        for uid in sorted(units):
            unit = units[uid]
            at.setdefault(unit.hex, []).append(unit)
            self._tally(unit, 1)
            self._count_zone(unit, 1)
        self._at = {h: tuple(there) for h, there in at.items()}
        sides = {h: {u.side for u in there} for h, there in at.items()}
        for x in self._at:  # the front: occupied hexes with another side in or next to them
            here = set().union(*(sides.get(y, ()) for y in disc(x, 1)))
            if len(here) > 1:
                self._front[x] = None

    # -- changing ------------------------------------------------------------
    def __setitem__(self, uid: str, unit: Unit) -> None:
        old = self.get(uid)
        super().__setitem__(uid, unit)
        self._reindex(old, unit)

    def __delitem__(self, uid: str) -> None:
        old = self[uid]
        super().__delitem__(uid)
        self._reindex(old, None)

    def pop(self, uid: str, *default: Any) -> Unit:
        if uid not in self and default:
            return default[0]
        unit = self[uid]
        del self[uid]
        return unit

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("units are changed one at a time (units[id] = unit, del units[id], pop)")

    update = setdefault = popitem = clear = __ior__ = _refuse

    def copy(self) -> Units:
        new = Units()
        dict.update(new, self)
        new._at, new._front, new._hidden, new._men = dict(self._at), dict(self._front), self._hidden, dict(self._men)
        new._zones = {side: dict(zone) for side, zone in self._zones.items()}
        new._memo = dict(self._memo)
        new._kept = {k: v.copy() for k, v in self._kept.items()}
        new._copied_from = weakref.ref(self)
        return new

    def __reduce__(self) -> tuple:
        return Units, (dict(self),)

    # -- keeping the index -------------------------------------------------
    def _reindex(self, old: Unit | None, new: Unit | None) -> None:
        """`old` (None: a unit arrives) became `new` (None: it is gone)."""
        if old is not None and new is not None and old.hex == new.hex and old.men == new.men and \
                old.hidden == new.hidden and old.side == new.side:  # the same in every index: put in its place
            h = new.hex
            there = self._at[h]
            self._at[h] = (new,) if len(there) == 1 else tuple([new if u.id == new.id else u for u in there])
            if self._memo:
                self._memo = {}
            return
        if old is not None and new is not None and old.hex == new.hex:
            self._at[new.hex] = tuple(new if u.id == new.id else u for u in self._at[new.hex])
        else:
            self._move(old, new)
            if new is not None:
                self._moved.append(new.id)
        for unit, sign in ((old, -1), (new, 1)):
            if unit is not None:
                self._tally(unit, sign)
        if zone_of(old) != zone_of(new):
            self._count_zone(old, -1)
            self._count_zone(new, 1)
        if old is None or new is None or (old.hex, old.side) != (new.hex, new.side):
            for h in {u.hex for u in (old, new) if u is not None}:
                self._redraw_front(h)
        if self._memo:
            self._memo = {}
        for kept in self._kept.values():  # what is kept up to date unit by unit is told of the change
            kept.changed(self, old, new)

    def _move(self, old: Unit | None, new: Unit | None) -> None:
        """Take `old` out of its hex and put `new` in its own, keeping each hex sorted by id."""
        if old is not None:
            rest = tuple(u for u in self._at[old.hex] if u.id != old.id)
            if rest:
                self._at[old.hex] = rest
            else:
                del self._at[old.hex]
        if new is not None:
            self._at[new.hex] = tuple(sorted((*self._at.get(new.hex, ()), new), key=by_id))

    def _tally(self, unit: Unit, sign: int) -> None:
        """Count a unit in (+1) or out (-1) of the hidden units and its side's men."""
        if unit.hidden:
            self._hidden = self._hidden | {unit.id} if sign > 0 else self._hidden - {unit.id}
        self._men[unit.side] = self._men.get(unit.side, 0) + sign * unit.men

    def _count_zone(self, unit: Unit | None, change: int) -> None:
        if zone_of(unit) is None:
            return
        zone = self._zones.setdefault(unit.side, {})
        for h in disc(unit.hex, 1):
            count = zone.get(h, 0) + change
            if count:
                zone[h] = count
            else:
                del zone[h]

    def _redraw_front(self, h: Hex) -> None:
        """Units came to or left `h`: it and its neighbours may have joined or left the front."""
        for x in disc(h, 1):
            if x in self._at and len({u.side for y in disc(x, 1) for u in self._at.get(y, ())}) > 1:
                self._front[x] = None
            else:
                self._front.pop(x, None)

    # -- reading -------------------------------------------------------------
    def at(self, h: Hex) -> tuple[Unit, ...]:
        """The units in hex `h`, sorted by id."""
        return self._at.get(h, ())

    def occupied(self) -> Collection[Hex]:
        """Every hex with units in it (ask `h in occupied()`; iterate it only to look at every unit)."""
        return self._at.keys()

    def zone(self, side: str) -> Mapping[Hex, int]:
        """The hexes in or next to `side`'s visible units with men (ask `h in zone(side)`), on the map or off it."""
        return self._zones.get(side, {})

    def near(self, h: Hex, radius: int) -> list[Unit]:
        """The units within `radius` hexes of `h`, looked up hex by hex (or occupied hex by occupied hex if fewer)."""
        if 3 * radius * (radius + 1) + 1 <= len(self._at):
            return [u for x in disc(h, radius) for u in self._at.get(x, ())]
        low, high = -radius, radius  # (the hex distance is the largest of the three coordinates' differences,
        q, r = h                     # written out: this runs after every change of a unit, rules/sight.py)
        return [u for (xq, xr), there in self._at.items()
                if low <= xq - q <= high and low <= xr - r <= high and low <= xq - q + xr - r <= high for u in there]

    def front(self) -> list[Hex]:
        """The hexes whose units have an enemy in or next to their hex, sorted."""
        return sorted(self._front)

    def men(self, side: str) -> int:
        """The men of `side` on the map."""
        return self._men.get(side, 0)

    def remembered(self, key: Any, build: Any) -> Any:
        """`build()`, worked out once while the units stand as they are (any change forgets it, unless it keeps
        itself up to date: it has `changed(units, old, new)`, called when a unit comes, goes, or changes its hex, side,
        hiding or men)."""
        if key in self._kept:
            return self._kept[key]
        if key not in self._memo:
            return self.keep(key, build())
        return self._memo[key]

    def keep(self, key: Any, value: Any) -> Any:
        """Remember `value` under `key` in place of what was there."""
        self._kept.pop(key, None)
        self._memo.pop(key, None)
        (self._kept if hasattr(value, "changed") else self._memo)[key] = value
        return value

    def moved_since(self, earlier: Units) -> list[str] | None:
        """The ids of the units that came or changed hex (perhaps back) since `earlier`, if these units are its
        copy (None if not: then it is not known)."""
        made_from = self._copied_from() if self._copied_from is not None else None
        return sorted(set(self._moved)) if made_from is earlier else None

    def in_order(self) -> tuple[Unit, ...]:
        """Every unit, sorted by id."""
        return self.remembered("in order", lambda: tuple([u for _, u in sorted(self.items())]))

    def hidden(self) -> list[Unit]:
        """The hidden units, sorted by id."""
        return [self[uid] for uid in sorted(self._hidden)]


def zone_of(unit: Unit | None) -> tuple[Hex, str] | None:
    """Where a unit exerts a zone of control, and for whom: hidden units and units without men do not."""
    return (unit.hex, unit.side) if unit is not None and not unit.hidden and unit.men > 0 else None


def by_id(unit: Unit) -> str:
    return unit.id
