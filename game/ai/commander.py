"""The commander: an AI player that reads the scenario's aims and plays the siege.

Each phase it makes a plan from what its side can see (game/ai/view.py): a
task for every unit, and whether to storm.  Then it gives orders one at a
time, re-reading the board after each, since fights and ambushes change it.

What it plans depends on the side's part in the scenario, each in its module:

- besieger.py (a sudden-death place held by the enemy): the ring, the
  ambushes on the relief roads, raids on weak posts, the storm;
- defender.py (holds a place the enemy wins by taking): dig in, wireless
  calls, sorties, relief columns;
- marching.py (columns on the march, runners making for an exit, bands in
  the field): the wary march, the ride round the enemy, the race to an exit;
- raider.py (places scored for their taking, and whoever lingers caught):
  one more place against the turns left, and the withdrawal in time.

This module is the order loop they share: the plan's tasks in order, moves
a step at a time, attacks of opportunity (the engine says who may attack
where).  What it remembers of enemies gone from sight is its side's record of
sightings, the same the player's map shows.

How well it does it is set by a `Posture` (plans.py; the levels and every
number in game/data/ai.yaml).  It is given only its side's observation
(game/core/observe.py); its only randomness is its own dice (view.py).
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from game.ai import reading
from game.ai.besieger import Besieger, siege_target
from game.ai.defender import Defender, held_key, room_in
from game.ai.marching import Marching, own_exits
from game.ai.raider import Raider, caught_if_late
from game.ai.plans import D, TASK_ORDER, Plan, Posture, Task, strike_worth
from game.ai.view import fogged, player_key
from game.core.observe import Observation, known_state
from game.core.engine import attack_targets, attackers_of, why_not
from game.core.hexgrid import Hex, disc, distance
from game.core.orders import Attack, CallWireless, EndPhase, Entrench, Hide, LeaveMap, Move, Order
from game.core.rules import ambush, combat, exits
from game.core.rules.visibility import visible_enemies_at
from game.core.state import POSTURES, State, Unit


class Commander(Besieger, Defender, Marching, Raider):
    """The AI player: plans each phase by its side's part (besieger.py, defender.py, marching.py), then gives
    the plan's orders one at a time, re-reading the board after each."""

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
        self._detours: dict = {}  # route maps round hexes to avoid, this phase: (kind, goal, avoid) -> Ways
        self._eyes = self._belief = None  # the last observation and the views made of it (the next are made from them)

    # -- the player protocol ---------------------------------------------------
    def next_order(self, obs: Observation) -> Order:
        """The next order, from what the side observes alone: planned on what it knows and remembers, given only
        if what it sees allows it (what it sees allows, the game allows)."""
        view = fogged(obs, self.key, self._belief)
        self._belief = (obs, view)
        return self.order_from(view, obs)

    def order_from(self, view: State, obs: Observation) -> Order:
        if (view.turn, view.active) != self._phase:
            self.follow(view, self.make_plan(view))
        for order in self.candidates(view):
            if order in self._refused:
                continue
            if not self.refused(view, obs, order):
                self.note(order)
                return order
            self._refused.add(order)
        return EndPhase(self.side)

    def refused(self, view: State, obs: Observation, order: Order) -> str:
        """Why the game would refuse `order` ("" when it would not). The planner's view holds more enemies than
        the side sees, and an enemy more only forbids (its zone, its hex, a unit next to it that would see a
        band hide) — but for an attack (a target) and a wireless call (a besieger near): those are asked of
        what the side sees (`known_state(obs)`, made only then)."""
        why = why_not(view, order)
        if why or not isinstance(order, (Attack, CallWireless)):
            return why
        if self._eyes is None or self._eyes[0] is not obs:
            self._eyes = (obs, known_state(obs, self._eyes))
        return why_not(self._eyes[1], order)

    def follow(self, state: State, plan: Plan) -> None:
        """Take up `plan` for the phase `state` is in, starting it afresh."""
        self._phase = (state.turn, state.active)
        self._refused, self._moves, self._done, self._first = set(), Counter(), set(), 0
        self._forecasts, self._detours = {}, {}
        self.plan = plan

    def lurking(self, view: State) -> set[Hex]:
        """Cover an enemy seen lately and gone from sight may be hiding in, to strike a passing column again (the
        side's own record of sightings: the player sees the same)."""
        gone = [s.hex for uid, s in sorted(view.sightings.get(self.side, {}).items())
                if s.how == "seen" and view.turn - s.turn <= D.lurk_turns]
        return {c for h in gone for c in disc(h, D.lurk_range) if view.board.on_map(c) and reading.cover(view, c)}

    def note(self, order: Order) -> None:
        if isinstance(order, Move):
            self._moves[order.unit] += 1
        elif isinstance(order, (Hide, Entrench, LeaveMap)):
            self._done.add(order.unit)

    # -- planning ------------------------------------------------------------------
    def make_plan(self, view: State) -> Plan:
        """The plan for this phase: a task for every unit, by the side's part in the scenario."""
        plan = Plan()
        own = [u for u in view.units_of(self.side) if u.men > 0]
        if not own:
            return plan
        exits_ = own_exits(view, self.side)
        target = siege_target(view, self.side, own)
        keep = held_key(view, self.side)
        if caught_if_late(view, self.side):  # lingering is caught: the way out is weighed against one more place
            self.plan_raid(view, plan, own)
        elif exits_:
            self.plan_exits(view, plan, own, exits_)
        elif target is not None:
            self.plan_siege(view, plan, own, target)
        elif keep is not None:
            self.plan_defence(view, plan, own, keep)
        else:
            self.plan_field(view, plan, own)
        for u in own:
            plan.tasks.setdefault(u.id, Task("hold", u.hex))
        plan.sequence = sorted(plan.tasks, key=lambda uid: (TASK_ORDER.get(plan.tasks[uid].kind, 9), uid))
        plan.exits = sorted(uid for uid, task in plan.tasks.items() if task.kind == "exit")
        return plan















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
