"""The besieger: a side whose sudden-death place the enemy holds.

It closes a ring of zones of control round the town so its supply line is
cut, hides bands on the roads relief must come by, takes weakly held posts,
rides its stacks out of reach of a blow it cannot take, strikes whoever
reopens the town's supply, and storms only when the rules' own forecast says
the assault will empty the town (rules/siege.py).
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

from game.ai import reading
from game.core.hexgrid import Hex, distance
from game.core.rules import combat, control, movement, siege, supply
from game.core.state import State, Unit
from game.ai.plans import D, Plan, Task
from game.ai.marching import walkable


class Besieger:
    """The commander's planning as a besieger (a mixin of Commander: `self` is the commander)."""

    def plan_siege(self, view: State, plan: Plan, own: list[Unit], target: Hex) -> None:
        p = self.posture
        plan.target = target
        if not reading.enemies_at(view, self.side, target):  # nobody known to hold it: the nearest rides in
            self.assign(view, plan, own, [target], "go")
        group, chance = self.storm_option(view, own, target)
        storm = bool(group) and (chance >= self.storm_threshold(view, plan.last_chance) if not p.naive_storm_odds
                                 else self.naive_ready(view, group, target))
        if storm:
            plan.storm = tuple(sorted(group))
            for uid, spot in group.items():
                plan.tasks[uid] = Task("assault", spot)
            plan.no_strike.add(target)
            return
        plan.no_strike.add(target)  # no piecemeal attacks on the town
        enemies = [u for u in view.units_of_not(self.side)]
        arm = reading.main_arm(view, own)  # where the side's bands can stand: the ring, the ambushes, the reserve
        starts = reading.start_hexes(view)
        hidden_far = [u for u in own if u.hidden and distance(u.hex, target) > D.lie_in_wait_beyond and starts.get(u.id) == u.hex]
        free = [u for u in own if u not in hidden_far  # a steady ring calls back the bands that rode off to hide
                and (p.steady_ring or not u.hidden or distance(u.hex, target) <= D.lie_in_wait_beyond)]
        for u in hidden_far:  # bands hidden at the start lie in wait where they are
            plan.tasks[u.id] = Task("hide", u.hex)
        if p.ring:
            fed = set(supply.network(view, self.side).full_lines())
            held = {u.hex for u in own if not u.hidden}
            spots = reading.ring_cover(view, target, arm, {u.hex for u in enemies}, fed, held)
            self.assign(view, plan, free, spots, "go")  # in sight: a hidden band has no zone of control
            self.break_relief(view, plan, own, target, enemies, arm)
        else:
            self.assign(view, plan, free, [h for h in view.board.neighbours(target)
                                           if not reading.enemies_at(view, self.side, h)][:3], "go")
        free = [u for u in free if u.id not in plan.tasks]
        if p.ambushers and free:
            spots = ambush_spots(view, self.side, target, enemies, arm)
            self.assign(view, plan, free, spots[:p.ambushers], "hide")
            free = [u for u in free if u.id not in plan.tasks]
        if p.raid:
            for u in free:
                post = weak_post(view, self.side, u, target)
                if post is not None:
                    plan.tasks[u.id] = Task("go", post)
        free = [u for u in free if u.id not in plan.tasks]
        if p.ring:  # the rest stand with the ring: a stack a sortie cannot break
            ring = sorted({t.to for t in plan.tasks.values() if t.kind == "go" and distance(t.to, target) == D.ring_distance})
            for _ in range(view.rules.movement.stack_limit - 1):
                self.assign(view, plan, free, ring, "go")
                free = [u for u in free if u.id not in plan.tasks]
        reserve = reading.reserve_spots(view, target, self.side, {t.to for t in plan.tasks.values()}, arm)
        self.assign(view, plan, free, reserve, "hide" if p.hide else "go")
        if p.ring:
            self.evade(view, plan, own, enemies, target)

    def evade(self, view: State, plan: Plan, own: list[Unit], enemies: list[Unit], target: Hex) -> None:
        """Stacks that the enemy could overwhelm next turn ride out of its reach.

        The threat is every enemy in the field within striking range, and half
        the garrison (what a sortie can spare) for stacks next to the town's
        neighbours.  A steady ring (the hard level) stands against the garrison:
        only enemies in the field beyond the town's neighbours make it ride off.
        """
        garrison = [e for e in enemies if e.hex == target]
        steady = self.posture.steady_ring
        stacks: dict[Hex, list[Unit]] = {}
        for u in own:
            task = plan.tasks.get(u.id)
            if not u.hidden and task is not None and task.kind not in ("assault", "sortie") and u.moves_left > 0:
                stacks.setdefault(task.to, []).append(u)
        for spot, units in sorted(stacks.items()):
            near = [e for e in view.units_near(spot, D.threat_range) if e.side != self.side and e.hex != target
                    and not (steady and distance(e.hex, target) <= 1)]
            attack = reading.power(view, near, "attack")
            if distance(spot, target) <= D.ring_distance and not steady:
                attack += reading.power(view, garrison, "attack") * D.sortie_share
            hold = sum(combat.unit_power(view, u, "defence") for u in units) * reading.defence(view, spot) \
                * view.rules.combat.posture["hasty"]
            if not near or attack < self.posture.threat_odds * hold:
                continue
            for u in units:
                reach = movement.reachable(view, u)
                safe = [h for h in reach if walkable(reach, h) and all(distance(h, e.hex) > D.threat_range for e in near)]
                if safe:
                    to = min(safe, key=lambda h: (distance(h, spot), not reading.cover(view, h), h))
                    plan.tasks[u.id] = Task("hide" if self.posture.hide and reading.cover(view, to) else "go", to)

    def break_relief(self, view: State, plan: Plan, own: list[Unit], target: Hex, enemies: list[Unit],
                     arm: str) -> None:
        """Enemies standing next to the town reopen its supply line: the ring strikes them at even odds."""
        breakers = [e for e in enemies if distance(e.hex, target) == 1]
        plan.drive_off = {e.hex for e in breakers}
        for e in breakers:
            for u in own:
                if distance(u.hex, e.hex) <= 1 or (u.id not in plan.tasks and distance(u.hex, e.hex) <= D.drive_off_reach):
                    plan.strike_odds[u.id] = min(D.drive_off_odds, self.posture.strike_odds)
                    if u.id not in plan.tasks:
                        spot = [h for h in view.board.neighbours(e.hex) if distance(h, target) == D.ring_distance and reading.passable(view, h, arm)]
                        if spot:
                            plan.tasks[u.id] = Task("sortie", min(spot, key=lambda h: (distance(h, u.hex), h)))

    def storm_option(self, view: State, own: list[Unit], target: Hex) -> tuple[dict[str, Hex], float]:
        """Who can be next to the town this turn, and the chance their assault empties it (rules/siege.py)."""
        return siege.storm_option(view, own, target)

    def storm_threshold(self, view: State, last_chance: bool = False) -> float:
        """The least chance to storm at: lower in the last day, when a draw is a loss, and in a raid's last turn
        for its place."""
        late = last_chance or view.turn >= view.setup.total_turns - view.setup.turns_per_day
        return self.posture.storm_late_chance if late else self.posture.storm_chance

    def naive_ready(self, view: State, group: dict[str, Hex], target: Hex) -> bool:
        trial = reading.placed(view, group)
        return combat.forecast(trial, tuple(sorted(group)), target).odds >= self.posture.naive_storm_odds


def siege_target(state: State, side: str, own: list[Unit], in_time: Callable[[Hex], bool] | None = None) -> Hex | None:
    """The nearest place whose capture wins the game at once, if the enemy holds it; else the nearest the side scores
    for taking (a raid's places), of those `in_time` allows."""
    places = [pid for rule in state.setup.scenario.victory.sudden_death if rule.side == side
              for pid in rule.control if state.control.get(pid) != side]
    if not places:
        places = control.places_to_take(state, side)
    hexes = [state.board.places[pid].hex for pid in sorted(places)]
    hexes = [h for h in hexes if in_time is None or in_time(h)]
    if not hexes:
        return None
    return min(hexes, key=lambda h: (sum(distance(u.hex, h) for u in own), h))


def ambush_spots(state: State, side: str, target: Hex, enemies: list[Unit], arm: str) -> list[Hex]:
    """Cover beside the roads enemy columns would take to the town, out of sight of it, where the side's `arm` (its
    main mover) can lie."""
    traffic: Counter = Counter()
    for e in enemies:
        if distance(e.hex, target) > D.road_watch_beyond:
            traffic.update(roadside_cover(state, reading.mover(state, e), e.hex, target, arm))
    spots = [h for h in traffic if not any(u.side != side for u in state.units_near(h, D.road_watch_clear))]
    return sorted(spots, key=lambda h: (-traffic[h], -reading.defence(state, h), h))


def roadside_cover(state: State, kind: str, start: Hex, target: Hex, arm: str) -> tuple[Hex, ...]:
    """Cover `roadside_near` to `roadside_far` hexes from `target` beside the road a `kind` mover takes to it from
    `start`, where an `arm` mover can lie, once for each road hex it is next to."""
    def build() -> tuple[Hex, ...]:
        path = reading.route(state, kind, start, target)
        on_path = set(path)
        return tuple(n for h in path for n in state.board.neighbours(h)
                     if n not in on_path and D.roadside_near <= distance(n, target) <= D.roadside_far and reading.cover(state, n)
                     and reading.passable(state, n, arm))

    return state.setup.remember(("roadside cover", kind, arm, start, target), build)


def weak_post(state: State, side: str, unit: Unit, target: Hex) -> Hex | None:
    """An enemy-held objective near `unit` that it could take: empty, or held by a weak post."""
    best = None
    for obj in state.setup.scenario.victory.objectives:
        place = state.board.places[obj.place]
        if state.control.get(obj.place) == side or place.hex == target or distance(place.hex, unit.hex) > D.weak_post_reach:
            continue
        holders = reading.enemies_at(state, side, place.hex)
        if holders and reading.power(state, holders, "defence") * D.weak_post_margin > combat.unit_power(state, unit, "attack"):
            continue
        key = (distance(place.hex, unit.hex), place.hex)
        if best is None or key < best[0]:
            best = (key, place.hex)
    return best[1] if best else None

