"""The second pass: do the names and places in a scenario refer to real things?

After the shape check (Unciv's ruleset validation does the same): every
terrain letter, unit type, place, hex, side, leader and weather is looked up,
with "did you mean ..." for near misses.
"""

from __future__ import annotations

import typing
from typing import Any, Iterator

from game.core.board import Place, resolve
from game.core.hexgrid import from_offset, line, to_offset
from game.core.rulebook import Mover, RuleBook
from game.scenario.measures import measures
from game.scenario.problems import Problem, did_you_mean
from game.scenario.schema import MAX_UNITS, Scenario
from game.scenario.textfile import LineMap


class Checker:
    def __init__(self, scenario: Scenario, rules: RuleBook, lines: LineMap, path: str):
        self.s, self.rules, self.lines, self.path = scenario, rules, lines, path
        self.problems: list[Problem] = []
        self.places: dict[str, Place] = {}
        self.on_map: set = set()

    def error(self, loc: tuple, message: str) -> None:
        self.problems.append(Problem(self.path, self.lines.line(loc), message))

    def warn(self, loc: tuple, message: str) -> None:
        self.problems.append(Problem(self.path, self.lines.line(loc), message, "warning"))

    def run(self) -> list[Problem]:
        self.check_rules()
        self.check_map()
        side_ids = self.check_sides()
        self.check_units()
        self.check_situations(side_ids)
        self.check_weather()
        self.check_victory(side_ids)
        return self.problems

    # -- the rules overrides and the map -----------------------------------
    def check_rules(self) -> None:
        for name, terrain in self.rules.terrain.items():
            missing = [m for m in typing.get_args(Mover) if m not in terrain.cost]
            if missing:
                self.error(("rules", "terrain", name, "cost"),
                           f"terrain '{name}' needs a cost for {', '.join(missing)} (a number, or null for no entry)")

    def check_map(self) -> None:
        m = self.s.map
        for char, terrain in m.legend.items():
            if terrain not in self.rules.terrain:
                self.error(("map", "legend", char), f"unknown terrain '{terrain}'{did_you_mean(terrain, self.rules.terrain)}")
        for row, text in enumerate(m.rows):
            self.on_map.update(from_offset(col, row) for col in range(len(text)))
            bad = next((col for col, char in enumerate(text) if char not in m.legend), None)
            if bad is not None:
                self.error(("map", "rows", row), f"row {row}, column {bad}: letter '{text[bad]}' is not in the legend"
                           f" (known letters: {''.join(sorted(m.legend))})")
        seen: dict[str, int] = {}
        for i, p in enumerate(m.places):
            if p.id in seen:
                self.error(("map", "places", i, "id"), f"place id '{p.id}' is used twice (also places[{seen[p.id]}])")
            seen[p.id] = i
            if isinstance(p.at, str):
                self.error(("map", "places", i, "at"), "a place is placed by [column, row] or {lat, lon}, not by another place")
                continue
            h = self.hex_of(p.at, ("map", "places", i, "at"))
            if h is None:
                continue
            other = next((q for q in self.places.values() if q.hex == h), None)
            if other is not None:
                self.error(("map", "places", i, "at"), f"'{p.id}' falls on the same hex as '{other.id}' "
                           f"({list(to_offset(h))}); one hex holds one place")
            self.places[p.id] = Place(p.id, p.name, p.kind, h)
        for kind in ("rivers", "tracks"):
            for i, path in enumerate(getattr(m, kind)):
                ends = [self.hex_of(pos, ("map", kind, i, "hexes", j)) for j, pos in enumerate(path.hexes)]
                for j in range(len(ends) - 1):
                    self.check_leg(kind, i, j, ends[j], ends[j + 1], path.name)

    def check_leg(self, kind: str, i: int, j: int, a, b, name: str) -> None:
        """The straight hex line between two waypoints stays on the map (and a track off the water)."""
        if a is None or b is None:
            return
        loc = ("map", kind, i, "hexes", j + 1)
        for h in line(a, b):
            if h not in self.on_map:
                self.error(loc, f"{name}: the line from waypoint {j} to {j + 1} leaves the map at {list(to_offset(h))}; "
                                "add a waypoint between them")
                return
            terrain = self.s.map.legend.get(self.terrain_char(h), "")
            if kind == "tracks" and terrain in self.rules.terrain and all(
                    c is None for c in self.rules.terrain[terrain].cost.values()):
                self.warn(loc, f"{name}: the track from waypoint {j} to {j + 1} crosses {terrain} at {list(to_offset(h))}")
                return

    def hex_of(self, position: Any, loc: tuple):
        """The hex of a position, or None after reporting why there is none."""
        if isinstance(position, str):
            if position not in self.places:
                self.error(loc, f"unknown place '{position}'{did_you_mean(position, self.places)}")
                return None
            return self.places[position].hex
        if not isinstance(position, tuple) and self.s.map.origin is None:
            self.error(loc, "a {lat, lon} position needs map.origin (the lat/lon of hex [0, 0]); add it, or give [column, row]")
            return None
        where = f"[{position[0]}, {position[1]}]" if isinstance(position, tuple) else f"lat {position.lat}, lon {position.lon}"
        try:
            h = resolve(position, self.s.map, self.places)
        except (OverflowError, ValueError):
            self.error(loc, f"{where} is far off the map")
            return None
        if h not in self.on_map:
            self.error(loc, f"{where} is off the map (hex [column, row] {list(to_offset(h))}; the map is {len(self.s.map.rows[0])} x {len(self.s.map.rows)})")
            return None
        return h

    # -- sides, leaders and units ------------------------------------------
    def check_sides(self) -> set[str]:
        ids: set[str] = set()
        for i, side in enumerate(self.s.sides):
            if side.id in ids:
                self.error(("sides", i, "id"), f"side id '{side.id}' is used twice")
            ids.add(side.id)
        for i, p in enumerate(self.s.map.places):
            for j, sid in enumerate(p.supply_source):
                if sid not in ids:
                    self.error(("map", "places", i, "supply_source", j), f"unknown side '{sid}'{did_you_mean(sid, ids)}")
            if p.held_by and p.held_by not in ids:
                self.error(("map", "places", i, "held_by"), f"unknown side '{p.held_by}'{did_you_mean(p.held_by, ids)}")
            for sid in p.support:
                if sid not in ids:
                    self.error(("map", "places", i, "support", sid), f"unknown side '{sid}'{did_you_mean(sid, ids)}")
        return ids

    def all_units(self) -> Iterator[tuple[tuple, Any, Any]]:
        for i, side in enumerate(self.s.sides):
            for j, unit in enumerate(side.units):
                yield ("sides", i, "units", j), unit, side
            for k, rein in enumerate(side.reinforcements):
                for j, unit in enumerate(rein.units):
                    yield ("sides", i, "reinforcements", k, "units", j), unit, side

    def check_units(self) -> None:
        owner: dict[str, str] = {}
        units = list(self.all_units())
        if len(units) > MAX_UNITS:
            self.error(("sides",), f"{len(units):,} units in all (reinforcements too); a scenario may have at most "
                                   f"{MAX_UNITS:,}")
            return
        for loc, unit, side in units:
            if unit.id in owner:
                self.error(loc + ("id",), f"unit id '{unit.id}' is used twice")
            owner.setdefault(unit.id, side.id)
            if unit.type not in self.rules.unit_types:
                self.error(loc + ("type",), f"unknown unit type '{unit.type}'{did_you_mean(unit.type, self.rules.unit_types)}")
                continue
            h = self.hex_of(unit.at, loc + ("at",))
            if h is not None:
                self.check_passable(loc + ("at",), unit, h)
                self.check_cover(loc, unit, h)
        for i, side in enumerate(self.s.sides):
            for j, leader in enumerate(side.leaders):
                loc = ("sides", i, "leaders", j, "with_unit")
                if leader.with_unit not in owner:
                    self.error(loc, f"leader '{leader.id}' is with unit '{leader.with_unit}', which does not exist{did_you_mean(leader.with_unit, owner)}")
                elif owner[leader.with_unit] != side.id:
                    self.error(loc, f"leader '{leader.id}' of {side.id} is with unit '{leader.with_unit}' of {owner[leader.with_unit]}")
            for k, rein in enumerate(side.reinforcements):
                if rein.on_call and rein.on_call not in side.stations:
                    self.error(("sides", i, "reinforcements", k, "on_call"),
                               f"'{rein.on_call}' is not one of {side.id}'s stations{did_you_mean(rein.on_call, side.stations)}")

    # -- the situation a start date sets up ------------------------------
    def check_situations(self, side_ids: set[str]) -> None:
        starting = {unit.id: (unit, side) for side in self.s.sides for unit in side.units}
        later = {unit.id for loc, unit, side in self.all_units()} - set(starting)
        for i, start in enumerate(self.s.calendar.start_dates):
            if start.situation is None:
                continue
            loc = ("calendar", "start_dates", i, "situation")
            for uid, over in start.situation.units.items():
                here = loc + ("units", uid)
                if uid not in starting:
                    why = "a reinforcement, not on the map at the start" if uid in later else "not a unit of the scenario"
                    self.error(here, f"unit '{uid}' is {why}{did_you_mean(uid, starting) if uid not in later else ''}")
                    continue
                spec = starting[uid][0]
                if over.at is not None:
                    h = self.hex_of(over.at, here + ("at",))
                    if h is not None:
                        self.check_passable(here + ("at",), spec, h)
            for pid, over in start.situation.places.items():
                self.place_ref(loc + ("places", pid), pid)
                if over.held_by is not None:
                    self.side_ref(loc + ("places", pid, "held_by"), over.held_by, side_ids)
                for sid in over.support or {}:
                    self.side_ref(loc + ("places", pid, "support", sid), sid, side_ids)
            for j, made in enumerate(start.situation.calls):
                self.check_call(loc + ("calls", j), made, side_ids)

    def check_call(self, loc: tuple, made: Any, side_ids: set[str]) -> None:
        if made.side not in side_ids:
            self.side_ref(loc + ("side",), made.side, side_ids)
            return
        side = next(s for s in self.s.sides if s.id == made.side)
        if made.station not in side.stations:
            self.error(loc + ("station",), f"'{made.station}' is not one of {side.id}'s stations{did_you_mean(made.station, side.stations)}")

    def check_passable(self, loc: tuple, unit: Any, h) -> None:
        terrain = self.s.map.legend.get(self.terrain_char(h), "")
        mover = self.rules.unit_types[unit.type].mover
        if terrain in self.rules.terrain and self.rules.terrain[terrain].cost.get(mover, 0) is None:
            self.error(loc, f"unit '{unit.id}' ({unit.type}) stands on {terrain}, where it cannot go")

    def check_cover(self, loc: tuple, unit: Any, h) -> None:
        terrain = self.s.map.legend.get(self.terrain_char(h), "")
        if unit.hidden and terrain in self.rules.terrain and not self.rules.terrain[terrain].cover:
            self.warn(loc + ("hidden",), f"unit '{unit.id}' starts hidden on {terrain}, which gives no cover")

    def terrain_char(self, h) -> str:
        col, row = to_offset(h)
        return self.s.map.rows[row][col]

    # -- weather and victory -----------------------------------------------
    def check_weather(self) -> None:
        for i, spell in enumerate(self.s.weather):
            names = {spell.weather: ("weather", i, "weather")} if spell.weather else {
                name: ("weather", i, "chances", name) for name in spell.chances or {}}
            for name, loc in names.items():
                if name not in self.rules.weather:
                    self.error(loc, f"unknown weather '{name}'{did_you_mean(name, self.rules.weather)}")

    def check_victory(self, side_ids: set[str]) -> None:
        v = self.s.victory
        self.side_ref(("victory", "tie_goes_to"), v.tie_goes_to, side_ids)
        for i, obj in enumerate(v.objectives):
            self.place_ref(("victory", "objectives", i, "place"), obj.place)
            for key in ("points", "taking"):
                for sid in getattr(obj, key):
                    self.side_ref(("victory", "objectives", i, key, sid), sid, side_ids)
        for i, sd in enumerate(v.sudden_death):
            self.side_ref(("victory", "sudden_death", i, "side"), sd.side, side_ids)
            for j, pid in enumerate(sd.control):
                self.place_ref(("victory", "sudden_death", i, "control", j), pid)
        for i, sid in enumerate(v.left_behind_caught):
            self.side_ref(("victory", "left_behind_caught", i), sid, side_ids)
        for i, ex in enumerate(v.exits):
            self.side_ref(("victory", "exits", i, "side"), ex.side, side_ids)
            for j, pos in enumerate(ex.at):
                self.hex_of(pos, ("victory", "exits", i, "at", j))
        h = self.s.history
        if h.winner:
            self.side_ref(("history", "winner"), h.winner, side_ids)
        if h.place_taken:
            self.place_ref(("history", "place_taken"), h.place_taken)
        known = measures(side_ids, [unit.id for _, unit, _ in self.all_units()])
        for i, target in enumerate(h.targets):
            for key in ("measure", "per"):
                name = getattr(target, key)
                if name is not None and name not in known:
                    self.error(("history", "targets", i, key), f"unknown measure '{name}'{did_you_mean(name, known)}")

    def side_ref(self, loc: tuple, sid: str, side_ids: set[str]) -> None:
        if sid not in side_ids:
            self.error(loc, f"unknown side '{sid}'{did_you_mean(sid, side_ids)}")

    def place_ref(self, loc: tuple, pid: str) -> None:
        if pid not in self.places:
            self.error(loc, f"unknown place '{pid}'{did_you_mean(pid, self.places)}")


def check_references(scenario: Scenario, rules: RuleBook, lines: LineMap, path: str) -> list[Problem]:
    return Checker(scenario, rules, lines, path).run()
