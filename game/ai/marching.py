"""Columns on the march, units making for an exit, and bands in the field.

A column is wary: it rides down a band it sees within reach and can beat,
keeps clear of the cover where a band it saw lately has gone from sight, and
rides round enemy stacks (clear of their zones of control where it can).
Runners make for the nearest exit and leave, racing the scenario's clock;
field bands screen the enemy's exits and strike at good odds.
"""

from __future__ import annotations

from game.ai import reading
from game.core.hexgrid import Hex, disc, distance
from game.core.rules import combat, exits, morale, movement, withdrawal
from game.core.state import State, Unit
from game.core.ways import Ways
from game.ai.plans import D, Plan, Task, strike_worth


class Marching:
    """The commander's planning and moving of columns, runners and field bands (a mixin of Commander)."""

    def march(self, view: State, plan: Plan, movers: list[Unit], clock: bool = False) -> None:
        """A wary column minds the bands it meets: it rides down one it sees within reach and can beat,
        and keeps clear of cover where one gone from sight may lie (`suspect`).  Against the `clock`
        (a scenario's end), a runner with no turn to lose rides on instead (`pressed`).

        A band left alone beside the road hides again further on and strikes
        the column a second time (rules/ambush.py); beaten, it cannot.
        """
        p = self.posture
        if not p.wary:
            return
        plan.marching.update(u.id for u in movers)
        for u in movers:
            if clock and not time_to_spare(view, u, plan.tasks[u.id].to):
                plan.pressed.add(u.id)
                continue
            self.ride_down(view, plan, u)

    def ride_down(self, view: State, plan: Plan, u: Unit, seen_only: bool = False) -> bool:
        """Set `u` on the best enemy it knows of (or, `seen_only`, sees) within reach and can beat (`quarry`);
        whether it found one."""
        if not (reading.can_fight(view, u) and not morale.broken(view, u) and u.moves_left > 0):
            return False
        found = self.quarry(view, u, seen_only)
        if found is None:
            return False
        spot, target = found
        plan.tasks[u.id] = Task("sortie", spot)
        plan.strike_odds[u.id] = self.posture.strike_odds
        plan.drive_off.add(target)
        return True

    def quarry(self, view: State, unit: Unit, seen_only: bool = False) -> tuple[Hex, Hex] | None:
        """Where to stand, and whom to strike: the best enemy in reach at good odds, worth the exchange or likely driven off."""
        p = self.posture
        reach = movement.reachable(view, unit)
        around = movement.neighbour_map(view)
        best = None
        for target, stack in sorted(self.stacks_in_reach(view, unit).items()):
            known = reading.in_sight_now if seen_only else reading.known_now
            if not any(known(view, self.side, e) for e in stack):
                continue  # only remembered there (from an earlier turn): it may be anywhere now
            spots = [h for h in around[target] if h in reach and walkable(reach, h)
                     and not any(x.side != self.side for x in view.units.at(h))]
            if not spots:
                continue
            spot = min(spots, key=lambda h: (reach[h][0], -reading.defence(view, h), h))
            f = combat.forecast(reading.placed(view, {unit.id: spot}), (unit.id,), target)
            worth = strike_worth(f, p.strike_odds, p.strike_gain, drive_off=True)  # the band would strike again
            if worth is not None and (best is None or (worth, target) > best[0]):
                best = ((worth, target), (spot, target))
        return best[1] if best else None

    # runners and field forces
    def plan_exits(self, view: State, plan: Plan, own: list[Unit], exits_: list[Hex]) -> None:
        for u in own:
            if u.posture in ("entrenched", "fortified") and view.board.place_at.get(u.hex):
                continue  # dug-in posts hold
            kind = reading.mover(view, u)
            best = min(exits_, key=lambda h: (reading.route_costs(view, kind, h).get(u.hex, reading.UNREACHABLE), h))
            plan.tasks[u.id] = Task("exit", best)
        self.march(view, plan, [u for u in own if u.id in plan.tasks], clock=True)

    def plan_field(self, view: State, plan: Plan, own: list[Unit]) -> None:
        """No town to take or hold: lie in wait on the enemy's routes, block its exits, strike."""
        enemies = view.units_of_not(self.side)
        goals = [h for side, hexes, _ in view.board.exits if side != self.side for h in sorted(hexes)]
        for u in own:
            if u.hidden:
                plan.tasks[u.id] = Task("hide", u.hex)
        free = [u for u in own if u.id not in plan.tasks]
        if self.posture.wary:  # the leader's band rides down an enemy in sight it can beat (Enver pursued)
            free = [u for u in free if not (view.leaders_with(u.id) and self.ride_down(view, plan, u, seen_only=True))]
        if goals:
            spots = []
            for e in enemies:
                goal = min(goals, key=lambda h: (distance(e.hex, h), h))
                spots += reading.route(view, reading.mover(view, e), e.hex, goal)[3:]
            blocks = sorted(set(spots) or set(goals), key=lambda h: (-reading.defence(view, h), h))
            self.assign(view, plan, free, blocks[:len(free)], "block")  # in sight, across the road: its zone of control stops them
        else:
            for u in free:
                place = view.board.place_at.get(u.hex)
                if not place:
                    near = nearest_enemy(view, u)
                    if near is not None:
                        plan.tasks[u.id] = Task("go", near.hex)

    def step_towards(self, view: State, unit: Unit, goal: Hex, floor: int = 0, careful: bool = False) -> Hex | None:
        """The reachable hex closest to `goal` by road and country, no closer than `floor`; None if no progress.

        A careful unit does not stop next to an enemy stack that could crush it there.
        """
        reach = movement.reachable(view, unit)
        danger = self.danger(view, unit) if careful else set()
        kind = reading.mover(view, unit)
        suspect = self.suspect(view, unit) if careful else set()
        runner = unit.id in self.plan.exits  # a runner keeps to one way round the enemies it sees
        options = self.round_the_enemy(view, unit, reach, kind, goal, danger, floor, suspect) if runner else []
        options = options or progress(view, unit, reach, reading.route_costs(view, kind, goal), danger, floor, suspect)
        if not options and (danger or suspect):  # the short way runs past the enemy: go round
            options = progress(view, unit, reach, self.detour(view, kind, goal, danger | suspect), danger, floor, suspect) \
                or progress(view, unit, reach, self.detour(view, kind, goal, danger), danger, floor)
        if not options:
            return None
        if self.posture.careless and len(options) > 1:
            dice = view.dice
            if dice.roll() < self.posture.careless * 10_000:
                return options[dice.below(min(D.careless_choices, len(options)))][2]
        return options[0][2]

    def round_the_enemy(self, view: State, unit: Unit, reach: dict, kind: str, goal: Hex, danger: set[Hex], floor: int,
                        suspect: set[Hex]) -> list[tuple]:
        """Steps nearer `goal` on a way round the enemy stacks in reach: clear of their zones if it can, else past them."""
        stacks = set(self.stacks_in_reach(view, unit))
        if not stacks:
            return []
        around = movement.neighbour_map(view)
        zones = stacks | {n for h in stacks for n in around[h]}
        for avoid in (zones - {unit.hex, goal}, stacks - {goal}):
            options = progress(view, unit, reach, self.detour(view, kind, goal, avoid), danger, floor, suspect)
            if options:
                return options
        return []

    def detour(self, view: State, kind: str, goal: Hex, avoid: set[Hex]) -> Ways[Hex]:
        """Costs to `goal` round `avoid`; the units of a column mostly ask for the same one in a phase."""
        key = (kind, goal, frozenset(avoid))
        if key not in self._detours:
            self._detours[key] = reading.route_costs_avoiding(view, kind, goal, avoid)
        return self._detours[key]

    def suspect(self, view: State, unit: Unit) -> set[Hex]:
        """Hexes a column on the march does not pass through: next to cover a band that struck or shadowed it may be back in."""
        if unit.id not in self.plan.marching:
            return set()
        around = movement.neighbour_map(view)
        return {n for h in self.lurking(view) for n in around[h]} - {unit.hex}

    def stacks_in_reach(self, view: State, unit: Unit) -> dict[Hex, list[Unit]]:
        """The enemy stacks the unit sees within a move of it (a step costs at least a point), by hex."""
        stacks: dict[Hex, list[Unit]] = {}
        for e in view.units.near(unit.hex, unit.moves_left + 1):
            if e.side != self.side:
                stacks.setdefault(e.hex, []).append(e)
        return stacks

    def danger(self, view: State, unit: Unit) -> set[Hex]:
        """Hexes in the unit's reach next to enemy stacks that could attack it there at `threat_odds` or better."""
        stacks = self.stacks_in_reach(view, unit)
        least = self.posture.threat_odds * combat.unit_power(view, unit, "defence") * D.danger_margin
        around = movement.neighbour_map(view)
        return {h for e, there in stacks.items() if reading.power(view, there, "attack") >= least for h in around[e]}


def walkable(reach: dict, h: Hex, avoid: set[Hex] = frozenset()) -> bool:
    """The path to `h` stays on hexes the unit may stop in.

    `movement.reachable` leaves out hexes where its side's stack is full;
    the AI prefers moves that do not pass through them (a full stack on the
    way is usually a town it should not crowd through).
    """
    if h in avoid:
        return False
    prev = reach[h][1]
    while prev is not None:
        if prev not in reach or prev in avoid:
            return False
        prev = reach[prev][1]
    return True


def progress(view: State, unit: Unit, reach: dict, costs, danger: set[Hex], floor: int,
             suspect: set[Hex] = frozenset()) -> list[tuple]:
    """Safe reachable hexes nearer the goal by `costs` (no nearer than `floor`), best first.

    Safe: not in `danger`, and the way there does not pass through `suspect`.
    """
    here = costs.get(unit.hex, reading.UNREACHABLE)
    options = sorted((costs.get(h, reading.UNREACHABLE), -reading.defence(view, h), h) for h in reach
                     if h != unit.hex and h not in danger and walkable(reach, h, suspect))
    return [o for o in options if floor <= o[0] < here]


def time_to_spare(state: State, unit: Unit, goal: Hex) -> bool:
    """After this turn, the turns left still carry the unit to `goal` at the doctrine's `spare_pace` of its pace
    (the movement rule's over day and night, in the weather the day may be expected to bring: `withdrawal.pace`)."""
    cost = reading.route_costs(state, reading.mover(state, unit), goal).get(unit.hex, reading.UNREACHABLE)
    return cost <= (state.setup.total_turns - state.turn - 1) * withdrawal.pace(state, unit) * D.spare_pace


def own_exits(state: State, side: str) -> list[Hex]:
    """The side's ways out that are open now: until one opens, the side plays its other part."""
    return [h for i, (s, hexes, _) in enumerate(state.board.exits) if s == side and exits.is_open(state, i)
            for h in sorted(hexes)]


def columns(units: list[Unit]) -> list[list[Unit]]:
    """Units within `column_spread` hexes of each other march as one column, `column_size` at most: each joins the
    first it can."""
    groups: list[list[Unit]] = []
    joined: dict[Hex, list[int]] = {}  # hex -> numbers of the columns with a unit there
    for u in sorted(units, key=lambda u: u.id):
        near = [g for h in disc(u.hex, D.column_spread) for g in joined.get(h, ()) if len(groups[g]) < D.column_size]
        if near:
            groups[min(near)].append(u)
        else:
            groups.append([u])
        joined.setdefault(u.hex, []).append(min(near, default=len(groups) - 1))
    return groups


def nearest_enemy(state: State, unit: Unit) -> Unit | None:
    enemies = state.units_of_not(unit.side)
    return min(enemies, key=lambda e: (distance(e.hex, unit.hex), e.id)) if enemies else None

