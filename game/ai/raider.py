"""The raider who must get away: places scored for their taking, and the bands still on the map at the end caught.

Each phase every band reckons its turns to its way out, open or not yet,
against the turns left (rules/withdrawal.py, the reckoning the unit panel
shows).  A band with no more turns to spare than the posture keeps makes for
the way out and waits there until it opens.  The others ride for the nearest
place one of them can reach, take and still get away from: those who can
make it besiege it (and storm at the last day's chance in the last turn the
place still fits, or before the warning to a commander who goes when warned), those who cannot ride alone for another place they can
take in time, and the rest go home.
"""

from __future__ import annotations

from typing import Callable

from game.ai import reading
from game.ai.besieger import siege_target
from game.ai.marching import own_exits
from game.ai.plans import D, Plan, Task
from game.core.hexgrid import Hex
from game.core.rules import combat, control, victory, withdrawal
from game.core.state import State, Unit


class Raider:
    """The commander's planning as a raider who must get away (a mixin of Commander: `self` is the commander)."""

    def plan_raid(self, view: State, plan: Plan, own: list[Unit]) -> None:
        stay = [u for u in own if not self.must_leave(view, u)]
        goal = self.raid_goal(view, stay)
        joiners = [u for u in stay if goal is not None and self.in_time_for(view, [u])(goal)]
        if joiners:
            warned_next = self.posture.withdraw_when_warned and withdrawal.turns_until_open(view, self.side) == 1
            plan.last_chance = warned_next or not self.in_time_for(view, joiners, later=1)(goal)  # now or never
            self.plan_siege(view, plan, joiners, goal)
        self.raid_alone(view, plan, [u for u in stay if u.id not in plan.tasks], goal)
        self.withdraw(view, plan, [u for u in own if u.id not in plan.tasks and u not in joiners])

    def raid_goal(self, view: State, stay: list[Unit]) -> Hex | None:
        """The nearest place still in time that the bands could overpower (`raid_odds`), else the nearest in time."""
        in_time = self.in_time_for(view, stay)
        strong = siege_target(view, self.side, stay, lambda h: in_time(h) and odds_against(view, stay, h) >= D.raid_odds)
        return strong if strong is not None else siege_target(view, self.side, stay, in_time)

    def must_leave(self, view: State, unit: Unit) -> bool:
        """No more turns to spare than the posture keeps, or the way out open to a commander who goes when warned."""
        p = self.posture
        warned = p.withdraw_when_warned and bool(own_exits(view, self.side))
        return warned or withdrawal.spare_turns(view, unit) <= p.withdraw_spare

    def in_time_for(self, view: State, units: list[Unit], later: int = 0) -> Callable[[Hex], bool]:
        """Whether one more place is worth riding for: one of `units` can reach it, take it and still get away
        with the posture's turns to spare (`later`: were it to wait so many turns first)."""
        def fits(h: Hex) -> bool:
            budget = withdrawal.turns_left(view) - self.posture.withdraw_spare - D.turns_to_take - later
            return any(turns_to(view, u, h) + withdrawal.turns_to_leave(view, u, h) <= budget for u in units)
        return fits

    def raid_alone(self, view: State, plan: Plan, units: list[Unit], goal: Hex | None) -> None:
        """A band with no part in the raid on `goal` rides alone for the nearest other place it can take in time
        (it strikes when the odds are good)."""
        places = sorted(view.board.places[pid].hex for pid in control.places_to_take(view, self.side))
        for u in units:
            fits = self.in_time_for(view, [u])
            mine = [h for h in places if h != goal and fits(h)]
            if mine:
                plan.tasks[u.id] = Task("go", min(mine, key=lambda h: (turns_to(view, u, h), h)))

    def withdraw(self, view: State, plan: Plan, units: list[Unit]) -> None:
        """Make for the nearest way out, open or not yet, and leave as soon as it opens."""
        ways = [h for s, hexes, _ in view.board.exits if s == self.side for h in sorted(hexes)]
        for u in units:
            kind = reading.mover(view, u)
            best = min(ways, key=lambda h: (reading.route_costs(view, kind, h).get(u.hex, reading.UNREACHABLE), h))
            plan.tasks[u.id] = Task("exit", best)
        self.march(view, plan, units, clock=True)


def odds_against(state: State, units: list[Unit], h: Hex) -> float:
    """The bands' attack power against the known holders of `h` in their ground and posture (the rules' own powers)."""
    holders = reading.enemies_at(state, units[0].side, h) if units else []
    hold = sum(combat.unit_power(state, d, "defence") * combat.defence_factor(state, d, set()) for d in holders)
    return reading.power(state, units, "attack") / hold if hold else float("inf")


def turns_to(state: State, unit: Unit, goal: Hex) -> int:
    """Turns the unit needs to reach `goal` by road and country at its pace (this one counted)."""
    cost = reading.route_costs(state, reading.mover(state, unit), goal).get(unit.hex, reading.UNREACHABLE)
    return withdrawal.turns_for(state, unit, cost if cost < reading.UNREACHABLE else withdrawal.FAR)


def caught_if_late(state: State, side: str) -> bool:
    """The scenario counts the side's men still on the map at the end as caught, and gives it a way out."""
    return victory.caught_if_left(state, side) and withdrawal.has_way_out(state, side)
