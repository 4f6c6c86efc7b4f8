"""What a side is given: `observe(state, side)`, everything a player ever sees of the game.

Source: boardgame.io's `playerView`, OpenSpiel's observations (design notes,
"One view per player").  The window, the AI, a network client and a research
agent all get this and nothing else: plain data, JSON-serialisable
(`Observation.to_dict`), holding only what the side may know — its own
units, leaders, stocks and books; the enemy units in its sight, as they can
be seen from afar; its last sightings and its informants' reports; who holds
each place as far as it has heard; the weather, the date and the points as
they stand, with the entries of the enemy's ledger they are counted from (its
men lost and taken, led off the map, the places it took).  Never the game's generator, the enemy's reinforcements and
schedule, the enemy's stores, nor a leader with a unit it does not see.

`known_state(observation)` builds a `State` from it for planning and
drawing (the rules' functions take states): the enemy units it holds are the
ones seen, with what is not seen of them assumed, and its dice are a fixed
generator of its own, from which no roll of the game can be worked out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter

from game.core.dice import Dice
from game.core.hexgrid import Hex
from game.core.rules import memory, sight, victory
from game.core.state import Leader, Setup, State, Unit
from game.core.units import Units

UNKNOWN_MORALE_STEP = 10  # an enemy's spirit is judged to the nearest 10 (deserters, defectors, its bearing)


@dataclass(frozen=True)
class SeenUnit:
    """An enemy unit in sight, as it can be seen: its colours, kind and where it stands; its men, guns and
    spirit as counted from afar; whether it is dug in and cut off."""
    id: str
    side: str
    name: str
    type: str
    hex: tuple[int, int]
    men: int
    machine_guns: int
    cannons: int
    posture: str
    morale: int
    turns_cut_off: int


@dataclass(frozen=True)
class LastSeen:
    """An enemy unit out of sight: where and when the side last saw it (or was told of it), and how many men."""
    id: str
    side: str
    type: str
    name: str  # "" when only reported (the people cannot name it)
    hex: tuple[int, int]
    turn: int
    age: int  # turns since
    men: int
    how: str  # "seen" or "reported"
    place: str  # the place whose people reported it ("" if seen)


@dataclass(frozen=True)
class Observation:
    side: str
    turn: int
    date: str
    part: str  # day or night
    weather: str
    to_move: str  # the side whose phase it is
    over: bool
    winner: str
    end_reason: str
    units: tuple[Unit, ...]  # its own, whole
    leaders: tuple[Leader, ...]  # its own, and the enemy's with units it sees
    enemies: tuple[SeenUnit, ...]
    last_seen: tuple[LastSeen, ...]
    control: tuple[tuple[str, str], ...]  # (place, holder) as far as it has heard
    support: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # (place, ((side, percent), ...)): talked of openly
    stocks: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # its own places' food and ammunition
    books: tuple[tuple[str, int], ...]  # its own ledger
    tallies: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # the enemy's ledger entries the score counts
    reserves: tuple[tuple[str, tuple[Unit, ...]], ...]  # its own reinforcements not yet arrived
    schedule: tuple[tuple[int, str], ...]  # and when they are due
    calls: tuple[str, ...]  # its own wireless calls made
    wins: tuple[tuple[int, str, tuple[int, int]], ...]  # recent fights (they are heard across the valley)
    departed: tuple[Unit, ...]  # its own units led off the map
    points: tuple[tuple[str, int], ...]  # the points as they stand, as the side reckons them
    score: tuple[victory.Score, ...]  # and line by line
    caught: tuple[tuple[str, int], ...]  # each side's men it reckons would be caught on the map at the end
    setup: Setup = field(repr=False, compare=False)  # the scenario, board and rules: public, and not sent

    def to_dict(self) -> dict:
        """Plain JSON data: lists, dicts, strings, integers and booleans (the setup is the scenario's file)."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self) if f.name != "setup"}


def _plain(value):
    kind = type(value)
    if kind in _PRIMITIVE or value is None:
        return value
    read = _FIELDS.get(kind)
    if read is None and hasattr(value, "__dataclass_fields__"):
        names = tuple(f.name for f in fields(value))
        read = _FIELDS[kind] = (names, attrgetter(*names) if len(names) > 1 else lambda v, n=names[0]: (getattr(v, n),))
    if read is not None:
        return {name: v if type(v) in _PRIMITIVE else _plain(v) for name, v in zip(read[0], read[1](value))}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _PRIMITIVE else _plain(v) for v in value]
    return value


_PRIMITIVE = frozenset({int, str, bool, float})
_FIELDS: dict[type, tuple] = {}  # each dataclass's field names and a reader of their values, made once


def observation_of(data: dict, setup: Setup) -> Observation:
    """The observation `Observation.to_dict` wrote (as a client is sent it), for the scenario's `setup`.
    Raises (KeyError, TypeError, ValueError) on data of another shape."""
    def unit(d: dict) -> Unit:
        return Unit(**{**d, "hex": Hex(*d["hex"])})

    def pairs(items: list) -> tuple:
        return tuple((k, v) for k, v in items)

    def nested(items: list) -> tuple:
        return tuple((k, pairs(v)) for k, v in items)

    return Observation(
        **{k: data[k] for k in ("side", "turn", "date", "part", "weather", "to_move", "over", "winner", "end_reason")},
        units=tuple(unit(u) for u in data["units"]), leaders=tuple(Leader(**l) for l in data["leaders"]),
        enemies=tuple(SeenUnit(**{**e, "hex": tuple(e["hex"])}) for e in data["enemies"]),
        last_seen=tuple(LastSeen(**{**e, "hex": tuple(e["hex"])}) for e in data["last_seen"]),
        control=pairs(data["control"]), support=nested(data["support"]), stocks=nested(data["stocks"]),
        books=pairs(data["books"]), tallies=nested(data["tallies"]),
        reserves=tuple((k, tuple(unit(u) for u in v)) for k, v in data["reserves"]),
        schedule=pairs(data["schedule"]), calls=tuple(data["calls"]),
        wins=tuple((t, s, tuple(h)) for t, s, h in data["wins"]),
        departed=tuple(unit(u) for u in data["departed"]), points=pairs(data["points"]),
        score=tuple(victory.Score(**line) for line in data["score"]), caught=pairs(data["caught"]), setup=setup)


def observe(state: State, side: str) -> Observation:
    """Everything `side` may know of the game now."""
    seen_ids = sight.in_sight(state, side)
    own = tuple(state.units_of(side))
    enemies = tuple(seen_unit(state, state.units[uid]) for uid in sorted(seen_ids))
    with_seen = {u.id for u in own} | set(seen_ids)
    mine = side + ":"
    heard = state.heard.get(side, {})
    return Observation(
        side=side, turn=state.turn, date=state.date.isoformat(), part="night" if state.is_night else "day",
        weather=state.weather, to_move=state.side if not state.over else "", over=state.over, winner=state.winner,
        end_reason=state.end_reason, units=own,
        leaders=tuple(l for _, l in sorted(state.leaders.items()) if l.side == side or l.unit in with_seen),
        enemies=enemies, last_seen=last_seen(state, side, seen_ids),
        control=tuple(sorted(heard.items())),
        support=tuple((p, tuple(sorted(levels.items()))) for p, levels in sorted(state.support.items())),
        stocks=tuple((p, tuple(sorted(s.items()))) for p, s in sorted(state.stocks.items()) if heard.get(p) == side),
        books=tuple(sorted(state.books.get(side, {}).items())),
        tallies=tuple((e, victory.tallies(state, e)) for e in state.enemies(side)),
        reserves=tuple((k, v) for k, v in sorted(state.reserves.items()) if k.startswith(mine)),
        schedule=tuple(e for e in state.schedule if e[1].startswith(mine)),
        calls=tuple(c for c in state.calls if c.startswith(mine)),
        wins=tuple((t, s, tuple(h)) for t, s, h in state.wins),
        departed=tuple(u for u in state.departed if u.side == side),
        **standing(state, side, seen_ids),
        setup=state.setup,
    )


def standing(state: State, side: str, seen_ids: frozenset[str]) -> dict:
    """The points as `side` reckons them: places as it last heard of them, the enemy men it would catch as it
    last counted them."""
    control, on_map = state.heard.get(side, {}), reckoned(state, side, seen_ids)
    score = tuple(victory.breakdown(state, control, on_map))
    points = {s: 0 for s in state.setup.sides}
    for line in score:
        points[line.side] += line.points
    return {"points": tuple(sorted(points.items())), "score": score, "caught": tuple(sorted(on_map.items()))}


def reckoned(state: State, side: str, seen_ids: frozenset[str]) -> dict[str, int]:
    """The men of each side `side` reckons would be caught on the map if the game ended now: its own, and the
    enemy's it sees or last knew of (losses are counted by both sides alike: the dead after every fight)."""
    out = {side: victory.caught(state, side)}
    book = state.sightings.get(side, {})
    for enemy in state.enemies(side):
        if victory.caught_if_left(state, enemy):
            out[enemy] = sum(sight.counted(state.units[u].men, state.rules.sight.seen_round) for u in seen_ids
                             if state.units[u].side == enemy) + \
                sum(s.men for u, s in book.items() if s.side == enemy and u not in seen_ids)
        else:
            out[enemy] = 0
    return out


def seen_unit(state: State, unit: Unit) -> SeenUnit:
    step = state.rules.sight.seen_round
    return SeenUnit(unit.id, unit.side, unit.name, unit.type, tuple(unit.hex), sight.counted(unit.men, step),
                    unit.machine_guns, unit.cannons, unit.posture,
                    int(round(unit.morale / UNKNOWN_MORALE_STEP)) * UNKNOWN_MORALE_STEP, unit.turns_cut_off)


def last_seen(state: State, side: str, seen_ids: frozenset[str]) -> tuple[LastSeen, ...]:
    book = state.sightings.get(side, {})
    return tuple(LastSeen(uid, s.side, s.type, s.name, tuple(s.hex), s.turn, state.turn - s.turn, s.men, s.how, s.place)
                 for uid, s in sorted(book.items()) if uid not in seen_ids)


# -- a state to plan and draw on ------------------------------------------------------------

def known_state(obs: Observation, before: tuple[Observation, State] | None = None, remembered: bool = False) -> State:
    """The game as the observation tells it, as a `State` the rules can read (never the game's own).

    Enemy units in sight stand where they are seen with what is seen of them; what cannot be seen — their
    rifles, ammunition and food — is assumed (a rifle a man, stores for a few fights). With `remembered`
    (a planner's view), the enemy units last seen or reported stand where they were last known too, and the
    rules reckon with those known of lately (`FRESH`) as with the units in sight (zones of control, held
    hexes); an order must still be one the plain view allows. `before`: the observation of the same phase
    a moment ago and the state made of it the same way, from which only what changed is made again (the
    same state, at the cost of the change: a player asks after every order)."""
    setup = obs.setup
    items = pieces(obs, remembered)
    same = before is not None and before[0].setup is setup and (before[0].turn, before[0].to_move) == (obs.turn, obs.to_move)
    if same:
        units = before[1].units.copy()
        update(units, pieces(before[0], remembered), items, setup)
    else:
        units = Units({uid: as_unit(setup, item) for uid, item in items.items()})
    view = State(setup=setup, dice=Dice.seeded(0), units=units, turn=obs.turn, weather=obs.weather,
                 active=setup.sides.index(obs.to_move) if obs.to_move else 0)
    known = {e.id for e in obs.enemies} | ({last.id for last in obs.last_seen if last.age <= FRESH} if remembered else set())
    view.units.keep(sight.sight_key(obs.side), frozenset(known))  # as the rule found it: not worked out again
    view.leaders = {l.id: l for l in obs.leaders}
    view.control = dict(obs.control)
    view.support = before[1].support if same and before[0].support == obs.support else \
        {p: dict(s) for p, s in obs.support}  # (a view is never changed: what did not change is shared)
    view.stocks = {p: dict(s) for p, s in obs.stocks}
    view.books = {obs.side: dict(obs.books)}
    view.reserves = {k: v for k, v in obs.reserves}
    view.schedule = obs.schedule
    view.calls = obs.calls
    view.wins = tuple((t, s, Hex(*h)) for t, s, h in obs.wins)
    view.departed = obs.departed
    view.winner, view.over, view.end_reason = obs.winner, obs.over, obs.end_reason
    view.heard = {obs.side: dict(obs.control)}
    view.sightings = before[1].sightings if same and before[0].last_seen == obs.last_seen else \
        {obs.side: {last.id: memory.Sighting(last.side, last.type, last.name, Hex(*last.hex), last.turn, last.men,
                                             last.how, last.place) for last in obs.last_seen}}
    return view


FRESH = 1  # turns: a sighting or report this old still stands in the way like a unit in sight; older, it only warns


def pieces(obs: Observation, remembered: bool) -> dict:
    """The units a view is made of, by id: its own, the enemy's in sight, and (`remembered`) those last known."""
    out: dict = {u.id: u for u in obs.units}
    out.update((e.id, e) for e in obs.enemies)
    if remembered:
        out.update((last.id, last) for last in obs.last_seen if last.id not in out)
    return out


def update(units: Units, was: dict, now: dict, setup: Setup) -> None:
    """Bring `units` from the pieces `was` to `now`, changing only those that changed."""
    for uid in sorted(set(was) - set(now)):
        del units[uid]
    for uid, item in sorted(now.items()):
        if was.get(uid) is not item and was.get(uid) != item:
            units[uid] = as_unit(setup, item)


def as_unit(setup: Setup, item: Unit | SeenUnit | LastSeen) -> Unit:
    """A piece of an observation as a unit: its own unit as it is; an enemy as its side reckons with it."""
    if isinstance(item, Unit):
        return item
    if isinstance(item, SeenUnit):
        return assumed(setup, item.id, item.side, item.name, item.type, Hex(*item.hex), item.men, item.machine_guns,
                       item.cannons, item.posture, item.morale, item.turns_cut_off)
    return assumed(setup, item.id, item.side, item.name or item.type, item.type, Hex(*item.hex), item.men, 0, 0,
                   "none", 60, 0)


def assumed(setup: Setup, uid: str, side: str, name: str, kind: str, h: Hex, men: int, machine_guns: int,
            cannons: int, posture: str, morale: int, turns_cut_off: int) -> Unit:
    """An enemy unit as a side reckons with it: what it has seen, and the rest assumed."""
    rules = setup.rules.combat
    horses = men if setup.rules.unit_types[kind].mover == "horse" else 0
    return Unit(uid, side, name, kind, h, men, rifles=men, machine_guns=machine_guns, cannons=cannons,
                ammunition=men * rules.rounds_per_rifle * 3 + machine_guns * rules.rounds_per_machine_gun * 3,
                food=men * 3, horses=horses, morale=morale, posture=posture, turns_cut_off=turns_cut_off,
                supplied=turns_cut_off == 0, full_men=men)


OBSERVATION_FIELDS = tuple(f.name for f in fields(Observation))
