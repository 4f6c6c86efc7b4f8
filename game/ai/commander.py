"""The commander: an AI player that reads the scenario's aims and plays the siege.

Each phase it makes a plan from what its side can see (game/ai/view.py): a
task for every unit, and whether to storm.  Then it gives orders one at a
time, re-reading the board after each, since fights and ambushes change it.

What it does depends on the side's part in the scenario:

- besieger (a sudden-death place held by the enemy): close a ring of zones of
  control round the town so its supply line is cut, hide bands on the roads
  relief must come by, take weakly held posts, and storm only when the rules'
  own forecast says the assault will empty the town (defections, hunger and
  broken morale make that likelier every day cut off);
- defender (holds a place the enemy wins by taking): dig in, call every
  wireless station, sortie against besiegers caught at good odds, and march
  relief in escorted columns that scout ahead for ambushes;
- runner (has exits): make for the nearest exit and leave; field sides ambush
  the enemy's routes and strike at good odds.

Columns on the march (relief and runners) are wary: they ride down a band
they see within reach and can beat, and keep clear of the cover where a band
they saw lately has gone from sight (the commander remembers where it last
saw each enemy unit).

How well it does it is set by a `Posture` (game/ai/players.py has the
levels).  Its only randomness is its own dice, drawn from the game's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

from game.ai import lookahead, reading
from game.ai.doctrine import DOCTRINE, knobs
from game.ai.view import fogged, player_key
from game.core.engine import attack_targets, attackers_of, why_not
from game.core.hexgrid import Hex, disc, distance
from game.core.orders import Attack, CallWireless, EndPhase, Entrench, Hide, LeaveMap, Move, Order
from game.core.rules import ambush, combat, exits, morale, movement, siege, supply, wireless
from game.core.rules.visibility import visible_enemies_at
from game.core.state import POSTURES, State, Unit

D = DOCTRINE  # the numbers every level shares (game/data/ai.yaml)


@dataclass(frozen=True)
class Posture:
    """How a commander plays: the knobs the difficulty levels set (game/data/ai.yaml explains each)."""
    name: str
    strike_odds: float
    strike_gain: float
    storm_chance: float
    threat_odds: float
    storm_late_chance: float
    naive_storm_odds: float
    ring: bool
    ambushers: int
    hide: bool
    raid: bool
    wireless: str
    sortie_odds: float
    relief: str
    careless: float
    raid_date: str
    wary: bool
    rollouts: int
    horizon: int
    sees_all: bool = False  # a setting, for tests and experiments: read hidden enemies too (cheating)

    @classmethod
    def of(cls, level: str, **changes) -> "Posture":
        """The level's posture from ai.yaml, with `changes` (for tests and experiments)."""
        return cls(level, **{**knobs(level), **changes})


@dataclass(frozen=True)
class Task:
    kind: str  # hold, hide, go, assault, sortie, exit, join
    to: Hex
    lead: str = ""  # for join: the unit whose hex to make for


@dataclass
class Plan:
    tasks: dict[str, Task] = field(default_factory=dict)
    sequence: list[str] = field(default_factory=list)  # unit ids in the order they act
    target: Hex | None = None
    storm: tuple[str, ...] = ()
    chance: float = 0.0  # the forecast chance the storm takes the town
    keep: Hex | None = None  # the town to hold
    calls: list[CallWireless] = field(default_factory=list)
    exits: list[str] = field(default_factory=list)  # units whose task is to leave the map, by id
    no_strike: set[Hex] = field(default_factory=set)
    strike_odds: dict[str, float] = field(default_factory=dict)  # per-unit least odds
    marching: set[str] = field(default_factory=set)  # columns on the march, wary of bands gone to ground, by id
    drive_off: set[Hex] = field(default_factory=set)  # enemies worth a loss to drive off: by the town we besiege, or by a column's road
    pressed: set[str] = field(default_factory=set)  # runners with no turn to lose: they ride on, and strike only when done moving


class Commander:
    def __init__(self, side: str, posture: Posture, seed: int = 0):
        self.side = side
        self.posture = posture
        self.key = player_key(side, seed)
        self._phase: tuple[int, int] | None = None
        self.plan = Plan()
        self._refused: set[Order] = set()
        self._moves: Counter = Counter()
        self._done: set[str] = set()
        self._first = 0  # plan.sequence before this index is done with
        self._forecasts: dict = {}
        self._detours: dict = {}  # route maps round hexes to avoid, this phase: (kind, goal, avoid) -> RouteMap
        self.sightings: dict[str, tuple[Hex, int]] = {}  # enemy unit -> where and on which turn it was last seen

    # -- the player protocol ---------------------------------------------------
    def next_order(self, state: State) -> Order:
        view = fogged(state, self.side, self.key, self.posture.sees_all)
        self.remember(view)
        if (state.turn, state.active) != self._phase:
            self.follow(state, self.make_plan(view))
        for order in self.candidates(view):
            if order in self._refused:
                continue
            if not why_not(state, order):
                self.note(order)
                return order
            self._refused.add(order)
        return EndPhase(self.side)

    def follow(self, state: State, plan: Plan) -> None:
        """Take up `plan` for the phase `state` is in, starting it afresh (the look-ahead hands its rollouts one)."""
        self._phase = (state.turn, state.active)
        self._refused, self._moves, self._done, self._first = set(), Counter(), set(), 0
        self._forecasts, self._detours = {}, {}
        self.plan = plan

    def storm_now(self, state: State) -> float:
        """The chance an assault by this side would take the town it besieges, from `state` (0 if none)."""
        own = [u for u in state.units_of(self.side) if u.men > 0]
        target = siege_target(state, self.side, own) if own else None
        return self.storm_option(state, own, target)[1] if target is not None else 0.0

    def witness(self, state: State) -> None:
        """See the state as when asked to move, without choosing an order (to catch up on a loaded game)."""
        self.remember(fogged(state, self.side, self.key, self.posture.sees_all))

    def remember(self, view: State) -> None:
        for u in view.units_of_not(self.side):
            self.sightings[u.id] = (u.hex, view.turn)

    def lurking(self, view: State) -> set[Hex]:
        """Cover an enemy seen lately and gone from sight may be hiding in, to strike a passing column again."""
        gone = [h for uid, (h, turn) in sorted(self.sightings.items())
                if uid not in view.units and view.turn - turn <= D.lurk_turns]
        return {c for h in gone for c in disc(h, D.lurk_range) if view.board.on_map(c) and reading.cover(view, c)}

    def note(self, order: Order) -> None:
        if isinstance(order, Move):
            self._moves[order.unit] += 1
        elif isinstance(order, (Hide, Entrench, LeaveMap)):
            self._done.add(order.unit)

    # -- planning ------------------------------------------------------------------
    def make_plan(self, view: State) -> Plan:
        plan = self.base_plan(view)
        if self.posture.rollouts:
            plan = lookahead.choose(self, view, plan)
        return plan

    def base_plan(self, view: State, storm: bool | None = None, sortie: bool | None = None,
                  strike_relief: bool = True) -> Plan:
        """The plan for this phase; `storm`, `sortie` and `strike_relief` force a choice (the look-ahead tries both)."""
        plan = Plan()
        own = [u for u in view.units_of(self.side) if u.men > 0]
        if not own:
            return plan
        exits_ = own_exits(view, self.side)
        target = siege_target(view, self.side, own)
        keep = held_key(view, self.side)
        if exits_:
            self.plan_exits(view, plan, own, exits_)
        elif target is not None:
            self.plan_siege(view, plan, own, target, storm, strike_relief)
        elif keep is not None:
            self.plan_defence(view, plan, own, keep, sortie)
        else:
            self.plan_field(view, plan, own)
        for u in own:
            plan.tasks.setdefault(u.id, Task("hold", u.hex))
        plan.sequence = sorted(plan.tasks, key=lambda uid: (TASK_ORDER.get(plan.tasks[uid].kind, 9), uid))
        plan.exits = sorted(uid for uid, task in plan.tasks.items() if task.kind == "exit")
        return plan

    # the besieger
    def plan_siege(self, view: State, plan: Plan, own: list[Unit], target: Hex, storm: bool | None,
                   strike_relief: bool = True) -> None:
        p = self.posture
        plan.target = target
        group, chance = self.storm_option(view, own, target)
        if storm is None:
            storm = bool(group) and (chance >= self.storm_threshold(view) if not p.naive_storm_odds
                                     else self.naive_ready(view, group, target))
        if storm and group:
            plan.storm, plan.chance = tuple(sorted(group)), chance
            for uid, spot in group.items():
                plan.tasks[uid] = Task("assault", spot)
            plan.no_strike.add(target)
            return
        plan.no_strike.add(target)  # no piecemeal attacks on the town
        enemies = [u for u in view.units_of_not(self.side)]
        free = [u for u in own if not u.hidden or distance(u.hex, target) <= D.lie_in_wait_beyond]
        starts = start_hexes(view)
        hidden_far = [u for u in own if u.hidden and distance(u.hex, target) > D.lie_in_wait_beyond and starts.get(u.id) == u.hex]
        for u in hidden_far:  # bands hidden at the start lie in wait where they are
            plan.tasks[u.id] = Task("hide", u.hex)
        if p.ring:
            fed = {h for h, kind in supply.network(view, self.side).items() if kind == "full"}
            held = {u.hex for u in own if not u.hidden}
            spots = reading.ring_cover(view, target, "horse", {u.hex for u in enemies}, fed, held)
            self.assign(view, plan, free, spots, "go")  # in sight: a hidden band has no zone of control
            if strike_relief:
                self.break_relief(view, plan, own, target, enemies)
        else:
            self.assign(view, plan, free, [h for h in view.board.neighbours(target)
                                           if not visible_enemies_at(view, self.side, h)][:3], "go")
        free = [u for u in free if u.id not in plan.tasks]
        if p.ambushers and free:
            spots = ambush_spots(view, self.side, target, enemies)
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
        reserve = reading.reserve_spots(view, target, self.side, {t.to for t in plan.tasks.values()})
        self.assign(view, plan, free, reserve, "hide" if p.hide else "go")
        if p.ring:
            self.evade(view, plan, own, enemies, target)

    def evade(self, view: State, plan: Plan, own: list[Unit], enemies: list[Unit], target: Hex) -> None:
        """Stacks that the enemy could overwhelm next turn ride out of its reach.

        The threat is every enemy in the field within striking range, and half
        the garrison (what a sortie can spare) for stacks next to the town's
        neighbours.
        """
        garrison = [e for e in enemies if e.hex == target]
        stacks: dict[Hex, list[Unit]] = {}
        for u in own:
            task = plan.tasks.get(u.id)
            if not u.hidden and task is not None and task.kind not in ("assault", "sortie") and u.moves_left > 0:
                stacks.setdefault(task.to, []).append(u)
        for spot, units in sorted(stacks.items()):
            near = [e for e in view.units_near(spot, D.threat_range) if e.side != self.side and e.hex != target]
            attack = reading.power(view, near, "attack")
            if distance(spot, target) <= D.ring_distance:
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

    def break_relief(self, view: State, plan: Plan, own: list[Unit], target: Hex, enemies: list[Unit]) -> None:
        """Enemies standing next to the town reopen its supply line: the ring strikes them at even odds."""
        breakers = [e for e in enemies if distance(e.hex, target) == 1]
        plan.drive_off = {e.hex for e in breakers}
        for e in breakers:
            for u in own:
                if distance(u.hex, e.hex) <= 1 or (u.id not in plan.tasks and distance(u.hex, e.hex) <= D.drive_off_reach):
                    plan.strike_odds[u.id] = min(D.drive_off_odds, self.posture.strike_odds)
                    if u.id not in plan.tasks:
                        spot = [h for h in view.board.neighbours(e.hex) if distance(h, target) == D.ring_distance and reading.passable(view, h, "horse")]
                        if spot:
                            plan.tasks[u.id] = Task("sortie", min(spot, key=lambda h: (distance(h, u.hex), h)))

    def storm_option(self, view: State, own: list[Unit], target: Hex) -> tuple[dict[str, Hex], float]:
        """Who can be next to the town this turn, and the chance their assault empties it (rules/siege.py)."""
        return siege.storm_option(view, own, target)

    def storm_threshold(self, view: State) -> float:
        """The least chance to storm at: lower in the last day, when a draw is a loss."""
        late = view.turn >= view.setup.total_turns - view.setup.turns_per_day
        return self.posture.storm_late_chance if late else self.posture.storm_chance

    def naive_ready(self, view: State, group: dict[str, Hex], target: Hex) -> bool:
        trial = reading.placed(view, group)
        return combat.forecast(trial, tuple(sorted(group)), target).odds >= self.posture.naive_storm_odds

    # the defender
    def plan_defence(self, view: State, plan: Plan, own: list[Unit], keep: Hex, sortie: bool | None) -> None:
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
        self.plan_sortie(view, plan, garrison, keep, sortie)
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

    def plan_sortie(self, view: State, plan: Plan, garrison: list[Unit], keep: Hex, sortie: bool | None) -> None:
        """A detachment out of the town against a besieger in reach, at good odds."""
        p = self.posture
        scripted = bool(p.raid_date) and view.date.isoformat() == p.raid_date and not view.is_night
        if sortie is False or not garrison or (not p.sortie_odds and not scripted):
            return
        if sortie is None and not scripted and not any(u.turns_cut_off > 0 for u in garrison):
            return
        enemies = sorted((u for u in view.units_of_not(self.side) if 1 < distance(u.hex, keep) <= D.sortie_reach),
                         key=lambda u: (distance(u.hex, keep), u.men, u.id))
        fighters = sorted((u for u in garrison if reading.can_fight(view, u) and not u.wireless),
                          key=lambda u: (-combat.fire_power(view, u), u.id))
        need = 1.0 if scripted or sortie else p.sortie_odds
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
            if reading.can_fight(view, u) and not morale.broken(view, u) and u.moves_left > 0:
                found = self.quarry(view, u)
                if found is not None:
                    spot, target = found
                    plan.tasks[u.id] = Task("sortie", spot)
                    plan.strike_odds[u.id] = p.strike_odds
                    plan.drive_off.add(target)

    def quarry(self, view: State, unit: Unit) -> tuple[Hex, Hex] | None:
        """Where to stand, and whom to strike: the best enemy in reach at good odds, worth the exchange or likely driven off."""
        p = self.posture
        reach = movement.reachable(view, unit)
        around = movement.neighbour_map(view)
        best = None
        for target in sorted(self.stacks_in_reach(view, unit)):
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

    def assign(self, view: State, plan: Plan, units: list[Unit], spots: list[Hex], kind: str) -> None:
        """Send the nearest free unit to each spot in turn."""
        free = [u for u in units if u.id not in plan.tasks]
        for u in list(free):  # who already stands on a spot keeps it
            if u.hex in spots:
                plan.tasks[u.id] = Task(kind if kind != "hide" or reading.cover(view, u.hex) else "go", u.hex)
                free.remove(u)
                spots = [h for h in spots if h != u.hex]
        for spot in spots:
            if not free:
                return
            def cost(u: Unit) -> tuple:
                return (reading.route_costs(view, reading.mover(view, u), spot).get(u.hex, reading.UNREACHABLE), u.id)
            near = sorted(free, key=lambda u: (distance(u.hex, spot), u.id))[:D.nearest]  # the road need not be searched far
            u = min(near, key=cost)
            if cost(u)[0] >= reading.UNREACHABLE:
                continue
            task_kind = kind if kind != "hide" or reading.cover(view, spot) else "go"
            plan.tasks[u.id] = Task(task_kind, spot)
            free.remove(u)

    # -- orders ------------------------------------------------------------------------
    def candidates(self, view: State):
        """Orders worth giving now, best first; the first legal one is given."""
        plan = self.plan
        for uid in plan.exits:
            u = view.units.get(uid)
            if u is not None and u.hex == plan.tasks[uid].to and not exits.why_not(view, LeaveMap(uid)):
                yield LeaveMap(uid)
        yield from plan.calls
        strike = self.best_strike(view)
        if strike is not None:
            yield strike
        for uid in self.waiting():
            unit = view.units.get(uid)
            if unit is None:
                self._done.add(uid)
                continue
            order = self.task_order(view, unit, plan.tasks[uid])
            if order is not None:
                yield order
            else:
                self._done.add(uid)
        if plan.storm and plan.target is not None:
            ready = tuple(sorted(u.id for u in view.units_of(self.side)
                                 if distance(u.hex, plan.target) == 1 and reading.can_fight(view, u)))
            if ready and visible_enemies_at(view, self.side, plan.target):
                yield Attack(ready, plan.target)

    def waiting(self) -> Iterator[str]:
        """The plan's units in their order, less those done with this phase."""
        sequence = self.plan.sequence
        while self._first < len(sequence) and sequence[self._first] in self._done:
            self._first += 1
        return (uid for uid in sequence[self._first:] if uid not in self._done)

    def task_order(self, view: State, unit: Unit, task: Task) -> Order | None:
        floor = 0
        if task.kind == "join":  # march on the column's goal, never ahead of its leader
            lead = view.units.get(task.lead)
            if lead is not None:
                floor = reading.route_costs(view, reading.mover(view, unit), task.to).get(lead.hex, 0)
            task = Task("go", task.to)
        if unit.hex == task.to:
            return self.settle(view, unit, task)
        most = D.runner_moves if unit.id in self.plan.exits else D.moves_per_phase
        if unit.attacked or unit.moves_left <= 0 or self._moves[unit.id] >= most:
            return self.settle(view, unit, task) if task.kind != "assault" else None
        if task.kind == "go" and self.plan.keep is not None and task.to == self.plan.keep and not room_in(view, unit, task.to):
            return None
        careful = self.posture.hide and task.kind not in ("assault", "sortie", "block") \
            and unit.id not in self.plan.pressed  # the easy level walks into trouble; a pressed runner rides on
        step = self.step_towards(view, unit, task.to, floor, careful)
        if step is None:
            return self.settle(view, unit, task) if unit.hex == task.to or task.kind in ("hide", "hold") else None
        return Move(unit.id, step)

    def settle(self, view: State, unit: Unit, task: Task) -> Order | None:
        """At (or stuck short of) its spot: hide if it should and can, else dig in."""
        if unit.attacked:
            return None
        wants_hide = task.kind == "hide" or (self.posture.hide and task.kind == "hold" and unit.hidden)
        if wants_hide and not unit.hidden and self.posture.hide and not ambush.why_not_hide(view, Hide(unit.id)):
            return Hide(unit.id)
        if unit.hidden or task.kind in ("assault", "exit", "sortie"):
            return None
        if not unit.moved and POSTURES.index(unit.posture) < POSTURES.index("entrenched"):
            return Entrench(unit.id)
        return None

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

    def detour(self, view: State, kind: str, goal: Hex, avoid: set[Hex]) -> reading.RouteMap:
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

    def best_strike(self, view: State) -> Attack | None:
        """The best attack of opportunity: all our units that may attack an enemy hex (the engine's rule), at good odds."""
        p = self.posture
        plan = self.plan
        front = view.units.front()  # only there do our units and the enemy's stand side by side
        ready = [u for h in front for u in view.units.at(h) if u.side == self.side]
        targets = sorted({h for u in ready for h in attack_targets(view, u)} - plan.no_strike)
        best = None
        for target in targets:
            near = [view.units[uid] for uid in attackers_of(view, target)]
            near = [u for u in near if self.may_strike(view, u, target)]
            if not near:
                continue
            ids = tuple(sorted(u.id for u in near))
            f = self.forecast(view, ids, target)
            need = min(plan.strike_odds.get(uid, p.strike_odds) for uid in ids)
            value = strike_worth(f, need, p.strike_gain, target in plan.drive_off, bool(view.board.place_at.get(target)))
            if value is None:
                continue
            if best is None or value > best[0]:
                best = (value, Attack(ids, target))
        return best[1] if best else None

    def forecast(self, view: State, ids: tuple[str, ...], target: Hex) -> combat.Forecast:
        """The combat forecast, remembered for the phase while nothing in it changes."""
        key = (ids, target, tuple(view.units[u] for u in ids), tuple(view.units_at(target)), view.weather,
               tuple(sorted(view.leaders.items())))
        f = self._forecasts.get(key)
        if f is None:
            f = self._forecasts[key] = combat.forecast(view, ids, target)
        return f

    def may_strike(self, view: State, unit: Unit, target: Hex) -> bool:
        task = self.plan.tasks.get(unit.id)
        if unit.hidden and task is not None and task.kind == "hide":
            return combat.forecast(view, (unit.id,), target).odds >= D.lurker_strike * self.posture.strike_odds
        if self.plan.storm and unit.id in self.plan.storm:
            return False
        return unit.id not in self.plan.pressed or unit.moves_left == 0


def strike_worth(f: combat.Forecast, need: float, gain: float, drive_off: bool, place: bool = False) -> float | None:
    """What an attack is worth (expected losses inflicted less taken, plus driving the enemy off where that pays),
    or None if the odds are under `need`, or the exchange under `gain` and it is not an enemy worth a loss to drive off."""
    exchange = f.expected_defender_losses / max(1.0, f.expected_attacker_losses)
    if f.odds < need or (exchange < gain and not (drive_off and f.retreat_chance >= D.break_chance)):
        return None
    pays = place or drive_off
    return f.expected_defender_losses - f.expected_attacker_losses + D.drive_off_worth * f.retreat_chance * pays


TASK_ORDER = {"exit": 0, "sortie": 1, "assault": 2, "go": 3, "block": 3, "hide": 3, "join": 5, "hold": 6}


# -- reading the scenario's aims ---------------------------------------------------

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
    """After this turn, the turns left still carry the unit to `goal` at the doctrine's `spare_pace` of its day-and-night pace."""
    cost = reading.route_costs(state, reading.mover(state, unit), goal).get(unit.hex, reading.UNREACHABLE)
    rules = state.rules
    pace = rules.unit_types[unit.type].movement * (1 + rules.movement.night_factor) / 2
    return cost <= (state.setup.total_turns - state.turn - 1) * pace * D.spare_pace


def own_exits(state: State, side: str) -> list[Hex]:
    return [h for s, hexes, _ in state.board.exits if s == side for h in sorted(hexes)]


def siege_target(state: State, side: str, own: list[Unit]) -> Hex | None:
    """The nearest place whose capture wins the game at once, if the enemy holds it."""
    places = [pid for rule in state.setup.scenario.victory.sudden_death if rule.side == side
              for pid in rule.control if state.control.get(pid) != side]
    if not places:
        return None
    hexes = [state.board.places[pid].hex for pid in sorted(places)]
    return min(hexes, key=lambda h: (sum(distance(u.hex, h) for u in own), h))


def held_key(state: State, side: str) -> Hex | None:
    """A place the enemy wins by taking, that this side holds."""
    for rule in state.setup.scenario.victory.sudden_death:
        if rule.side == side:
            continue
        for pid in rule.control:
            if state.control.get(pid) == side:
                return state.board.places[pid].hex
    return None


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
            if not visible_enemies_at(state, side, h) and reading.passable(state, h, "foot")]
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
    starts = start_hexes(state)
    mounted = [spec.id for side in state.setup.scenario.sides if side.id == state.side for spec in side.units
               if state.rules.unit_types[spec.type].mover == "horse"]
    return min(mounted, key=lambda uid: (distance(starts[uid], keep), uid), default=None)


def relief_as_recorded(state: State, movers: list[Unit], column: str | None) -> list[Unit]:
    """The record: one mounted column rides from the nearest post; reinforcements march as they come.

    Every other unit that was on the map at the start keeps its place.
    """
    starts = start_hexes(state)
    return [u for u in movers if u.id not in starts or u.id == column]


def start_hexes(state: State) -> dict[str, Hex]:
    """Where the scenario puts each unit at the start (reinforcements are not in it)."""
    return {spec.id: spec.at for side in state.setup.scenario.sides for spec in side.units}


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


def ambush_spots(state: State, side: str, target: Hex, enemies: list[Unit]) -> list[Hex]:
    """Cover beside the roads enemy columns would take to the town, out of sight of it."""
    traffic: Counter = Counter()
    for e in enemies:
        if distance(e.hex, target) > D.road_watch_beyond:
            traffic.update(roadside_cover(state, reading.mover(state, e), e.hex, target))
    spots = [h for h in traffic if not any(u.side != side for u in state.units_near(h, D.road_watch_clear))]
    return sorted(spots, key=lambda h: (-traffic[h], -reading.defence(state, h), h))


def roadside_cover(state: State, kind: str, start: Hex, target: Hex) -> tuple[Hex, ...]:
    """Cover `roadside_near` to `roadside_far` hexes from `target` beside the road to it from `start`, once for each road hex it is next to."""
    def build() -> tuple[Hex, ...]:
        path = reading.route(state, kind, start, target)
        on_path = set(path)
        return tuple(n for h in path for n in state.board.neighbours(h)
                     if n not in on_path and D.roadside_near <= distance(n, target) <= D.roadside_far and reading.cover(state, n)
                     and reading.passable(state, n, "horse"))

    return state.setup.remember(("roadside cover", kind, start, target), build)


def weak_post(state: State, side: str, unit: Unit, target: Hex) -> Hex | None:
    """An enemy-held objective near `unit` that it could take: empty, or held by a weak post."""
    best = None
    for obj in state.setup.scenario.victory.objectives:
        place = state.board.places[obj.place]
        if state.control.get(obj.place) == side or place.hex == target or distance(place.hex, unit.hex) > D.weak_post_reach:
            continue
        holders = visible_enemies_at(state, side, place.hex)
        if holders and reading.power(state, holders, "defence") * D.weak_post_margin > combat.unit_power(state, unit, "attack"):
            continue
        key = (distance(place.hex, unit.hex), place.hex)
        if best is None or key < best[0]:
            best = (key, place.hex)
    return best[1] if best else None


def nearest_enemy(state: State, unit: Unit) -> Unit | None:
    enemies = state.units_of_not(unit.side)
    return min(enemies, key=lambda e: (distance(e.hex, unit.hex), e.id)) if enemies else None
