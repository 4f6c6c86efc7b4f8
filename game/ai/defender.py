"""The defender: a side holding a place the enemy wins by taking.

It digs in, calls every wireless station, sorties against besiegers caught at
good odds, and marches relief to the town: in escorted columns, piecemeal, or
as the record has it (one mounted column from the nearest post).
"""

from __future__ import annotations


from game.ai import reading
from game.core.hexgrid import Hex, distance
from game.core.orders import CallWireless
from game.core.rules import combat, morale, movement, wireless
from game.core.state import State, Unit
from game.ai.plans import D, Plan, Task
from game.ai.marching import columns


class Defender:
    """The commander's planning as a defender (a mixin of Commander: `self` is the commander)."""

    def plan_defence(self, view: State, plan: Plan, own: list[Unit], keep: Hex) -> None:
        p = self.posture
        plan.keep = keep
        garrison = [u for u in own if u.hex == keep]
        for u in garrison:
            plan.tasks[u.id] = Task("hold", keep)
        plan.calls = self.wireless_calls(view, own)
        outside = [u for u in own if u.hex != keep]
        for u in outside:
            if distance(u.hex, keep) == 1 and u.id not in plan.tasks and room_in(view, u, keep):
                plan.tasks[u.id] = Task("go", keep)  # back inside after a sortie
        self.plan_sortie(view, plan, garrison, keep)
        column = recorded_column(view, keep) if p.relief == "column" else None
        posts = post_holders(view, self.side, [u for u in outside if u.id not in plan.tasks and u.id != column], keep)
        for u in posts:
            plan.tasks[u.id] = Task("hold", u.hex)
        movers = [u for u in outside if u.id not in plan.tasks]
        if p.relief == "hold":
            return
        if p.relief == "column":
            movers = relief_as_recorded(view, movers, column)
        self.plan_relief(view, plan, movers, keep)

    def wireless_calls(self, view: State, own: list[Unit]) -> list[CallWireless]:
        mode = self.posture.wireless
        if mode == "none":
            return []
        calls = []
        for u in own:
            if not u.wireless:
                continue
            for station in wireless.side_spec(view, self.side).stations:
                order = CallWireless(u.id, station)
                if not wireless.why_not(view, order):
                    calls.append(order)
        if mode == "one":
            return calls[:1] if view.turn % view.setup.turns_per_day == 0 else []
        return calls

    def plan_sortie(self, view: State, plan: Plan, garrison: list[Unit], keep: Hex) -> None:
        """A detachment out of the town against a besieger in reach, at good odds."""
        p = self.posture
        scripted = bool(p.raid_date) and view.date.isoformat() == p.raid_date and not view.is_night
        if not garrison or (not p.sortie_odds and not scripted):
            return
        if not scripted and not any(u.turns_cut_off > 0 for u in garrison):
            return
        enemies = sorted((u for u in view.units_of_not(self.side) if 1 < distance(u.hex, keep) <= D.sortie_reach),
                         key=lambda u: (distance(u.hex, keep), u.men, u.id))
        fighters = sorted((u for u in garrison if reading.can_fight(view, u) and not u.wireless),
                          key=lambda u: (-combat.fire_power(view, u), u.id))
        need = 1.0 if scripted else p.sortie_odds
        for enemy in enemies:
            launch = [h for h in view.board.neighbours(enemy.hex)
                      if distance(h, keep) == 1 and not any(x.side != self.side for x in view.units_at(h))]
            if not launch:
                continue
            spot = max(launch, key=lambda h: (reading.defence(view, h), h))
            party: list[Unit] = []
            for u in fighters:
                party.append(u)
                trial = reading.placed(view, {x.id: spot for x in party})
                f = combat.forecast(trial, tuple(x.id for x in party), enemy.hex)
                if f.odds >= need and len(party) <= (len(garrison) + 1) * D.sortie_share:
                    for x in party:
                        plan.tasks[x.id] = Task("sortie", spot)
                        plan.strike_odds[x.id] = min(need, p.strike_odds)
                    if p.sortie_strikes:  # out to drive the besieger off, not to trade losses
                        plan.drive_off.add(enemy.hex)
                    return
            if scripted:
                return

    def plan_relief(self, view: State, plan: Plan, movers: list[Unit], keep: Hex) -> None:
        """Relief marches on the town; escorted columns move as one stack behind their leader."""
        goal = approach_hex(view, self.side, keep)
        if not movers or goal is None:
            return
        for u in [u for u in movers if morale.broken(view, u) and distance(u.hex, keep) > 1]:
            rally = rally_point(view, self.side, u, keep)  # a broken column does not march on the besiegers
            plan.tasks[u.id] = Task("go", rally) if rally is not None else Task("hold", u.hex)
        movers = [u for u in movers if u.id not in plan.tasks]
        self.march(view, plan, [u for u in movers if distance(u.hex, keep) > 1])
        movers = [u for u in movers if u.id not in plan.tasks]
        if self.posture.relief != "escorted":
            for u in movers:
                plan.tasks[u.id] = Task("go", goal if distance(u.hex, keep) > 1 else u.hex)
            return
        groups = columns(movers)
        for group in groups:
            lead = min(group, key=lambda u: (u.moves_left, -u.men, u.id))  # the slowest sets the pace
            plan.tasks[lead.id] = Task("go", goal)
            for u in group:
                if u.id != lead.id:
                    plan.tasks[u.id] = Task("join", goal, lead.id)


def held_key(state: State, side: str) -> Hex | None:
    """A place the enemy wins by taking, that this side holds; else the one the enemy scores most for taking."""
    for rule in state.setup.scenario.victory.sudden_death:
        if rule.side == side:
            continue
        for pid in rule.control:
            if state.control.get(pid) == side:
                return state.board.places[pid].hex
    worth = [(-sum(o.taking.get(e, 0) for e in state.enemies(side)), i, o.place)
             for i, o in enumerate(state.setup.scenario.victory.objectives) if state.control.get(o.place) == side]
    worth = [w for w in worth if w[0] < 0]
    return state.board.places[min(worth)[2]].hex if worth else None


def rally_point(state: State, side: str, unit: Unit, keep: Hex) -> Hex | None:
    """The nearest place its side holds, other than the besieged town, for a broken unit to rally at."""
    held = [p.hex for pid, p in sorted(state.board.places.items())
            if state.control.get(pid) == side and p.hex != keep and p.kind != "border"]
    return min(held, key=lambda h: (distance(h, unit.hex), h), default=None)


def room_in(state: State, unit: Unit, h: Hex) -> bool:
    return not movement.own_stack_full(state, unit, h)


def approach_hex(state: State, side: str, keep: Hex) -> Hex | None:
    """Where relief makes for: the town if there is room, else a free hex next to it."""
    own_there = [u for u in state.units_at(keep) if u.side == side]
    if len(own_there) < movement.stack_limit_at(state, keep):
        return keep
    free = [h for h in state.board.neighbours(keep)
            if not reading.enemies_at(state, side, h) and reading.passable(state, h, "foot")]
    return max(free, key=lambda h: (reading.defence(state, h), h)) if free else None


def post_holders(state: State, side: str, units: list[Unit], keep: Hex) -> list[Unit]:
    """Units that keep their post: the foot (or the only unit) at a place their side holds."""
    holders = []
    by_place: dict[str, list[Unit]] = {}
    for u in units:
        pid = state.board.place_at.get(u.hex)
        if pid and state.control.get(pid) == side and u.hex != keep and state.board.places[pid].kind != "border":
            by_place.setdefault(pid, []).append(u)
    for pid, there in sorted(by_place.items()):
        foot = [u for u in there if reading.mover(state, u) != "horse"]
        holders += foot or [max(there, key=lambda u: (u.men, u.id))]
    return holders


def recorded_column(state: State, keep: Hex) -> str | None:
    """The record's relief column: the mounted unit that started nearest the town.

    Chosen from the scenario, so it stays the same once it has arrived, or fallen.
    """
    starts = reading.start_hexes(state)
    mounted = [spec.id for side in state.setup.scenario.sides if side.id == state.side for spec in side.units
               if state.rules.unit_types[spec.type].mover == "horse"]
    return min(mounted, key=lambda uid: (distance(starts[uid], keep), uid), default=None)


def relief_as_recorded(state: State, movers: list[Unit], column: str | None) -> list[Unit]:
    """The record: one mounted column rides from the nearest post; reinforcements march as they come.

    Every other unit that was on the map at the start keeps its place.
    """
    starts = reading.start_hexes(state)
    return [u for u in movers if u.id not in starts or u.id == column]

