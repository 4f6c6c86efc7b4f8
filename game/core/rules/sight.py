"""Sight: which enemy units a side sees, and what it remembers of those it saw.

Source: design choice, after the sight ranges of hex wargames (Wesnoth's
vision, Unity of Command's fog); numbers in rules.yaml `sight`.

- A unit sees `base` hexes across open ground by day, more from hills and
  mountains, less from thickets, orchards, villages and towns (`ground`);
  `night` and bad `weather` shorten its sight, never below the next hex.
- A unit in cover (terrain with `cover`) is seen only `cover` hexes nearer.
- A side sees every enemy unit within the sight of one of its own; a hidden
  unit is seen by nobody until it is found (rules/ambush.py).

What a side remembers of what it saw is rules/memory.py.
"""

from __future__ import annotations

import weakref

from game.core.hexgrid import Hex, disc, distance
from game.core.state import State, Unit

def sight_range(state: State, unit: Unit) -> int:
    """How many hexes `unit` sees across open ground now."""
    return _reach(state, unit.hex, sight_lost(state))


def sight_lost(state: State) -> int:
    """Hexes of sight the hour and the weather take away."""
    key = ("sight lost", state.is_night, state.weather)
    lost = state.setup.memo.get(key)  # (asked after every change: kept per hour and weather, without a closure)
    if lost is None:
        rules = state.rules.sight
        lost = state.setup.memo[key] = (rules.night if state.is_night else 0) + rules.weather.get(state.weather, 0)
    return lost


def _reach(state: State, h: Hex, lost: int) -> int:
    return max(1, _ground(state).get(h, state.rules.sight.base) - lost)


def _ground(state: State) -> dict[Hex, int]:
    """Every hex's sight by day in clear weather, from the ground it is (worked out once a game)."""
    rules = state.rules.sight
    return state.setup.remember("sight by ground", lambda: {
        h: rules.base + rules.ground.get(t, 0) for h, t in state.board.terrain.items()})


def _cover(state: State) -> frozenset[Hex]:
    return state.setup.remember("cover", lambda: frozenset(
        h for h, t in state.board.terrain.items() if state.rules.terrain[t].cover))


def in_cover(state: State, h: Hex) -> bool:
    return h in _cover(state)


def reach_to(state: State, reach: int, h: Hex) -> int:
    """How far a unit that sees `reach` hexes sees a unit standing in `h`."""
    return max(1, reach - state.rules.sight.cover) if h in _cover(state) else reach


def watch(state: State, side: str) -> list[tuple[Hex, int]]:
    """Where `side`'s units stand and how far each sees (worked out once while the units stand)."""
    def build() -> list[tuple[Hex, int]]:
        lost = sight_lost(state)
        return [(u.hex, _reach(state, u.hex, lost)) for u in state.units_of(side)]

    return state.units.remembered(("watch", side, sight_lost(state)), build)


def in_sight(state: State, side: str) -> frozenset[str]:
    """The enemy units `side` sees now (worked out once for the hour and weather, then kept up to date unit by
    unit as the units change: rules/sight.py's busiest question)."""
    key = sight_key(side)
    kept = state.units.remembered(key, lambda: Seen(state, side))
    if isinstance(kept, Seen) and kept.lost != sight_lost(state):  # another hour or weather: looked at afresh
        kept = state.units.keep(key, Seen(state, side))
    return kept.ids() if isinstance(kept, Seen) else kept


def sight_key(side: str) -> tuple:
    """Where the units keep what `side` sees."""
    return ("seen", side)


class Seen:
    """The enemy units one side sees, kept up to date as units change one at a time (`Units` calls `changed`):
    a unit that moves looks around its new hex and is looked for from the other side's posts near it, so a
    move costs a look at its neighbourhood, not at every pair of units on the map. `posts`: the hexes the
    side's units stand in (how many in each).

    The changes are taken in when next asked (`ids`, `looks_at`) or copied: a unit walking a path hex by hex is
    looked around once, from where it stopped.  What a side sees depends only on where the units stand (every
    change keeps `seen` the enemies not hidden that a post sees), so the changes taken in together, each unit's
    first and last state, leave the same set as taken one at a time.  A state the reducer hands out has nothing
    pending (`memory.remember` asks both sides' sight after every order), so reading it changes nothing."""

    def __init__(self, state: State, side: str):
        self.side, self.lost = side, sight_lost(state)
        self.ground, self.cover, self.step = _ground(state), _cover(state), state.rules.sight.cover
        self.base, self.farthest = state.rules.sight.base, farthest_sight(state)
        self._pending: dict[str, tuple] = {}  # unit id -> (as it was when last taken in, as it is now)
        self._units = None  # (a weak reference to) the units the pending changes were made in
        self.posts: dict[Hex, int] = {}
        for u in state.units_of(side):
            self.posts[u.hex] = self.posts.get(u.hex, 0) + 1
        self._looked: dict[Hex, bool] = {}  # hex -> whether a post sees it (replaced, never emptied, when posts change:
        # copies share it while their posts are the same)
        self.seen = {e.id for e in state.units_of_not(side) if not e.hidden and self.looks_at(e.hex)}
        self._frozen: frozenset[str] | None = None

    def copy(self) -> "Seen":
        if self._pending:
            self._take_in()
        new = object.__new__(Seen)
        new.__dict__.update(self.__dict__)
        new.seen, new.posts, new._pending = set(self.seen), dict(self.posts), {}
        return new

    def ids(self) -> frozenset[str]:
        if self._pending:
            self._take_in()
        if self._frozen is None:
            self._frozen = frozenset(self.seen)
        return self._frozen

    def reach(self, h: Hex) -> int:
        return max(1, self.ground.get(h, self.base) - self.lost)

    def sees(self, post: Hex, target: Hex) -> bool:
        reach = self.reach(post) - (self.step if target in self.cover else 0)
        return distance(post, target) <= max(1, reach)

    def looks_at(self, h: Hex) -> bool:
        """Whether a unit of the side sees hex `h` (its posts within the farthest sight are asked; the answer kept
        while the posts stand)."""
        if self._pending:
            self._take_in()
        looked = self._looked.get(h)
        if looked is None:
            looked = self._looked[h] = self._posts_see(h)
        return looked

    def _posts_see(self, h: Hex) -> bool:
        q, r, far, lost = h[0], h[1], self.farthest, self.lost + (self.step if h in self.cover else 0)
        ground, base = self.ground, self.base
        for p in self.posts:  # (the hex distance and `sees` written out: this is the busiest loop of the fog)
            d = (abs(p[0] - q) + abs(p[1] - r) + abs(p[0] - q + p[1] - r)) // 2
            if d <= far and (d <= 1 or d <= ground.get(p, base) - lost):
                return True
        return False

    def changed(self, units, old, new) -> None:
        """`old` became `new` in `units` (either may be None): noted, to be taken in when next asked."""
        if old is not None and new is not None and (old.hex, old.hidden, old.side) == (new.hex, new.hidden, new.side):
            return  # the same unit where it was (its men, stores or moves changed): nobody sees more or less
        self._frozen = None
        uid = (new if new is not None else old).id
        earlier = self._pending.get(uid)
        self._pending[uid] = (old if earlier is None else earlier[0], new)
        if self._units is None:
            self._units = weakref.ref(units)

    def _take_in(self) -> None:
        """Bring the seen set up to date with the changes noted, each unit from its first state to its last."""
        units, pending = self._units(), self._pending
        self._pending, self._units, self._frozen = {}, None, None
        for old, new in pending.values():
            if old is None or new is None:
                if old is not None or new is not None:  # (came and went between two questions: nothing to see)
                    self._take(units, old, new)
            elif (old.hex, old.hidden) != (new.hex, new.hidden):
                self._take(units, old, new)

    def _take(self, units, old, new) -> None:
        unit = new if new is not None else old
        if unit.side != self.side:
            self.seen.discard(unit.id)
            if new is not None and not new.hidden and self.looks_at(new.hex):
                self.seen.add(new.id)
            return
        if old is not None:  # a post left: the enemies near it may have lost their only watcher
            left = self.posts[old.hex] - 1
            if left:
                self.posts[old.hex] = left
            else:
                del self.posts[old.hex]
                self._looked = {}
                for e in units.near(old.hex, self.reach(old.hex)):  # (those it saw: no farther than its sight)
                    if e.id in self.seen and not self.looks_at(e.hex):
                        self.seen.discard(e.id)
        if new is not None:
            if new.hex not in self.posts:
                self._looked = {}
            self.posts[new.hex] = self.posts.get(new.hex, 0) + 1
            for e in units.near(new.hex, self.reach(new.hex)):
                if e.side != self.side and not e.hidden and self.sees(new.hex, e.hex):
                    self.seen.add(e.id)


def sees(state: State, side: str, unit: Unit) -> bool:
    """Whether `side` sees `unit` now (its own units it always does)."""
    return unit.side == side or unit.id in in_sight(state, side)


def hexes_in_sight(state: State, side: str) -> frozenset[Hex]:
    """The hexes on the map where `side` would see an enemy unit standing (hidden ones apart)."""
    def build() -> frozenset[Hex]:
        found: set[Hex] = set()
        for here, reach in watch(state, side):
            found.update(h for h in disc(here, reach)
                         if state.board.on_map(h) and distance(here, h) <= reach_to(state, reach, h))
        return frozenset(found)

    return state.units.remembered(("hexes", side, sight_lost(state)), build)


def watchers(state: State, side: str, h: Hex) -> list[tuple[Unit, int]]:
    """The units of `side` that see hex `h`, nearest first, with how far each sees from where it stands."""
    found = [(u, sight_range(state, u)) for u in state.units_of(side)
             if distance(u.hex, h) <= reach_to(state, sight_range(state, u), h)]
    return sorted(found, key=lambda w: (distance(w[0].hex, h), w[0].id))


def why(state: State, unit: Unit) -> str:
    """How far `unit` sees and why, in words: '4 hexes (3 by day in the open, +1 from the hills)'."""
    rules = state.rules.sight
    terrain = state.board.terrain.get(unit.hex, "")
    ground, night, weather = rules.ground.get(terrain, 0), rules.night if state.is_night else 0, \
        rules.weather.get(state.weather, 0)
    parts = [f"{rules.base} by day in the open"] + ([f"{ground:+d} from the {terrain}"] if ground else []) + \
        ([f"-{night} at night"] if night else []) + ([f"-{weather} in the {state.weather}"] if weather else [])
    raw = rules.base + ground - night - weather
    reach = max(1, raw)
    return f"{reach} hex{'es' if reach != 1 else ''} (" + ", ".join(parts) + ("; a unit always sees the hexes next to it" if raw < 1 else "") + ")"


def counted(men: int, step: int) -> int:
    """A number of men as an observer counts them: to the nearest `step`, and never none while some are there."""
    return max(step, int(round(men / step)) * step) if men > 0 else 0


def looked_at(state: State, side: str, h: Hex) -> bool:
    """Whether a unit of `side` now sees hex `h` (and so would see an enemy standing there): its units near `h`
    are asked, not every unit on the map."""
    kept = state.units.remembered(sight_key(side), lambda: Seen(state, side))
    if isinstance(kept, Seen) and kept.lost == sight_lost(state):
        return kept.looks_at(h)
    lost, cover = sight_lost(state), (state.rules.sight.cover if h in _cover(state) else 0)
    return any(u.side == side and distance(u.hex, h) <= max(1, _reach(state, u.hex, lost) - cover)
               for u in state.units.near(h, farthest_sight(state)))


def farthest_sight(state: State) -> int:
    """The farthest any unit sees (from the best ground, by day, in clear weather)."""
    rules = state.rules.sight
    return state.setup.remember("farthest sight", lambda: max([rules.base] + [rules.base + g for g in rules.ground.values()]))
