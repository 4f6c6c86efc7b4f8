"""Sight: which enemy units a side sees, and what it remembers of those it saw.

Source: design choice, after the sight ranges of hex wargames (Wesnoth's
vision, Unity of Command's fog); numbers in rules.yaml `sight`.

- A unit sees `base` hexes across open ground by day, more from hills and
  mountains, less from thickets, orchards, villages and towns (`ground`);
  `night` and bad `weather` shorten its sight, never below the next hex.
- A unit in cover (terrain with `cover`) is seen only `cover` hexes nearer.
- A side sees every enemy unit within the sight of one of its own; a hidden
  unit is seen by nobody until it is found (rules/ambush.py).
- What a side has seen it remembers (`State.sightings`): where and when it
  last saw each enemy unit and about how many men it had, until it sees the
  unit again or `memory_turns` pass.  Informants' reports go in the same
  record (rules/informants.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.events import Event, Sighted
from game.core.hexgrid import Hex, disc, distance
from game.core.state import State, Unit

SEEN = "seen"
REPORTED = "reported"


@dataclass(frozen=True)
class Sighting:
    """What a side last knew of an enemy unit: whose and what it is, where, on which turn, about how many men,
    and how it knew (a report names no unit: `name` is empty)."""
    side: str
    type: str
    name: str
    hex: Hex
    turn: int
    men: int
    how: str  # SEEN or REPORTED
    place: str = ""  # the place whose people reported it (a report)


def sight_range(state: State, unit: Unit) -> int:
    """How many hexes `unit` sees across open ground now."""
    return _reach(state, unit.hex, _lost(state))


def _lost(state: State) -> int:
    """Hexes of sight the hour and the weather take away."""
    rules = state.rules.sight
    return (rules.night if state.is_night else 0) + rules.weather.get(state.weather, 0)


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
        lost = _lost(state)
        return [(u.hex, _reach(state, u.hex, lost)) for u in state.units_of(side)]

    return state.units.remembered(("watch", side, _lost(state)), build)


def in_sight(state: State, side: str) -> frozenset[str]:
    """The enemy units `side` sees now (worked out once for the hour and weather, then kept up to date unit by
    unit as the units change: rules/sight.py's busiest question)."""
    key = sight_key(side)
    kept = state.units.remembered(key, lambda: Seen(state, side))
    if isinstance(kept, Seen) and kept.lost != _lost(state):  # another hour or weather: looked at afresh
        kept = state.units.keep(key, Seen(state, side))
    return kept.ids() if isinstance(kept, Seen) else kept


def sight_key(side: str) -> tuple:
    """Where the units keep what `side` sees."""
    return ("seen", side)


class Seen:
    """The enemy units one side sees, kept up to date as units change one at a time (`Units` calls `changed`):
    a unit that moves looks around its new hex and is looked for from the other side's posts near it, so a
    move costs a look at its neighbourhood, not at every pair of units on the map."""

    def __init__(self, state: State, side: str):
        self.side, self.lost = side, _lost(state)
        self.ground, self.cover, self.step = _ground(state), _cover(state), state.rules.sight.cover
        self.farthest = _farthest(state)
        self.seen = {e.id for e in state.units_of_not(side) if not e.hidden and self.watched(state.units, e.hex)}
        self._frozen: frozenset[str] | None = None

    def copy(self) -> "Seen":
        new = object.__new__(Seen)
        new.__dict__.update(self.__dict__)
        new.seen = set(self.seen)
        return new

    def ids(self) -> frozenset[str]:
        if self._frozen is None:
            self._frozen = frozenset(self.seen)
        return self._frozen

    def reach(self, h: Hex) -> int:
        return max(1, self.ground.get(h, self.farthest) - self.lost)

    def sees(self, post: Hex, target: Hex) -> bool:
        reach = self.reach(post) - (self.step if target in self.cover else 0)
        return distance(post, target) <= max(1, reach)

    def watched(self, units, h: Hex) -> bool:
        """Whether a unit of the side sees hex `h`."""
        return any(u.side == self.side and self.sees(u.hex, h) for u in units.near(h, self.farthest))

    def changed(self, units, old, new) -> None:
        """`old` became `new` in `units` (either may be None): bring the seen set up to date."""
        if old is not None and new is not None and (old.hex, old.hidden, old.side) == (new.hex, new.hidden, new.side):
            return  # the same unit where it was (its men, stores or moves changed): nobody sees more or less
        self._frozen = None
        unit = new if new is not None else old
        if unit.side != self.side:
            self.seen.discard(unit.id)
            if new is not None and not new.hidden and self.watched(units, new.hex):
                self.seen.add(new.id)
            return
        if old is not None:  # a post left: the enemies near it may have lost their only watcher
            for e in units.near(old.hex, self.farthest):
                if e.id in self.seen and not self.watched(units, e.hex):
                    self.seen.discard(e.id)
        if new is not None:
            for e in units.near(new.hex, self.farthest):
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

    return state.units.remembered(("hexes", side, _lost(state)), build)


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
    return f"{reach} hex{'es' if reach != 1 else ''} (" + ", ".join(parts) + ("; never less than the next" if raw < 1 else "") + ")"


def counted(men: int, step: int) -> int:
    """A number of men as an observer counts them: to the nearest `step`, and never none while some are there."""
    return max(step, int(round(men / step)) * step) if men > 0 else 0


# -- memory ------------------------------------------------------------------------------

def remember(state: State, before: State | None = None) -> list[Event]:
    """After every order each side notes the enemy units it sees, and crosses out those it no longer finds where
    it last knew them; an enemy that comes into its sight is news (an event)."""
    events: list[Event] = []
    step = state.rules.sight.seen_round
    for side in state.setup.sides:
        book = state.sightings.setdefault(side, {})
        now = in_sight(state, side)
        earlier = in_sight(before, side) if before is not None else frozenset()
        for uid in sorted(now):
            unit, last = state.units[uid], book.get(uid)
            men = counted(unit.men, step)
            if last is None or (last.hex, last.turn, last.men, last.how) != (unit.hex, state.turn, men, SEEN):
                book[uid] = Sighting(unit.side, unit.type, unit.name, unit.hex, state.turn, men, SEEN)
            if uid not in earlier:
                events.append(Sighted(side, uid, tuple(unit.hex), book[uid].men))
        eyes = new_eyes(state, before, side)
        for uid in sorted(set(book) - now):
            h = book[uid].hex
            looked = eyes is None or uid in earlier or any(distance(h, e) <= _farthest(state) for e in eyes)
            if looked and looked_at(state, side, h):  # a unit just gone from sight, or new eyes near its hex
                del book[uid]
        hear(state, side)
    return events


def new_eyes(state: State, before: State | None, side: str) -> list[Hex] | None:
    """Where `side`'s units look from that they did not before the order (None: anything may look otherwise now:
    a new game, another hour or weather). Only near these can a note be crossed out."""
    if before is None or _lost(before) != _lost(state) or before.turn != state.turn:
        return None
    return [u.hex for u in state.units_of(side)
            if before.units.get(u.id) is None or before.units[u.id].hex != u.hex]


def hear(state: State, side: str) -> None:
    """Who holds each place, as far as `side` knows: its own places, and those it sees or has friends in."""
    heard = state.heard.setdefault(side, {})
    if heard == state.control:
        return
    friends = state.rules.sight.informant_support
    for pid in sorted(state.control):
        holder = state.control[pid]
        if heard.get(pid) == holder:
            continue
        place = state.board.places[pid]
        if pid not in heard or holder == side or looked_at(state, side, place.hex) \
                or state.support.get(pid, {}).get(side, 0) >= friends:
            heard[pid] = holder


def looked_at(state: State, side: str, h: Hex) -> bool:
    """Whether a unit of `side` now sees hex `h` (and so would see an enemy standing there): its units near `h`
    are asked, not every unit on the map."""
    lost, cover = _lost(state), (state.rules.sight.cover if h in _cover(state) else 0)
    return any(u.side == side and distance(u.hex, h) <= max(1, _reach(state, u.hex, lost) - cover)
               for u in state.units.near(h, _farthest(state)))


def _farthest(state: State) -> int:
    """The farthest any unit sees (from the best ground, by day, in clear weather)."""
    rules = state.rules.sight
    return state.setup.remember("farthest sight", lambda: max([rules.base, *(rules.base + g for g in rules.ground.values())]))


def forget(state: State) -> list[Event]:
    """At the start of a turn each side forgets what it last knew too long ago."""
    keep = state.rules.sight.memory_turns
    for book in state.sightings.values():
        for uid in sorted(book):
            if state.turn - book[uid].turn > keep:
                del book[uid]
    return []
