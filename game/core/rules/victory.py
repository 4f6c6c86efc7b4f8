"""Victory: sudden death by holding key places, or points at the end.

Source: the scenario's `victory` block (docs/history.md: the town captured on
14 Feb is the Basmachi victory; points reward doing better than history).
At the end each side scores its objectives held, the places it took from
the enemy where the scenario scores the taking (a raid's gains are kept when
the raiders ride on), points per 100 enemy men lost, and points per 100 men
led off the map at exits; the higher score wins, a tie goes to the side the
scenario names.  Where the scenario says so (`left_behind_caught`), a side's
men still on the map at the end count as taken: the February campaign's
counterattack sweeps up the bands that did not withdraw in time.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.events import Event, GameOver
from game.core.rules.control import took
from game.core.state import State


def sudden_death(state: State) -> list[Event]:
    for rule in state.setup.scenario.victory.sudden_death:
        if all(state.control.get(pid) == rule.side for pid in rule.control):
            return finish(state, rule.side, "holds " + ", ".join(state.board.places[p].name for p in rule.control))
    coming = {key.split(":")[0] for turn, key in state.schedule if turn < state.setup.total_turns}  # help on its way
    for side in state.setup.sides:
        if state.men(side) == 0 and side not in coming:
            if state.books.get(side, {}).get("men_exited", 0):
                return final_result(state, f"{side} has left the map")
            others = state.enemies(side)
            if len(others) == 1:
                return finish(state, others[0], f"{side} has no men left")
    return []


@dataclass(frozen=True)
class Score:
    """One line of a side's points: what earned them."""
    side: str
    what: str
    points: int
    note: str = ""


SCORED_ENTRIES = ("men_lost", "men_prisoners", "men_exited")  # with "exit<i>_men" and "took_<place>"


def tallies(state: State, side: str) -> tuple[tuple[str, int], ...]:
    """The entries of `side`'s ledger the score is counted from — its men lost and taken, led off the map, the
    places it took: known to both sides, as the score is."""
    return tuple((k, n) for k, n in sorted(state.books.get(side, {}).items())
                 if k in SCORED_ENTRIES or k.startswith("took_") or (k.startswith("exit") and k.endswith("_men")))


def loss_rate(state: State, side: str) -> int:
    """Points `side` scores per full 100 enemy men killed or taken."""
    rate = state.setup.scenario.victory.points_per_100_enemy_losses
    return rate if isinstance(rate, int) else rate.get(side, 0)


def enemy_losses(state: State, side: str, on_map: dict[str, int] | None = None) -> int:
    """Enemy men killed or taken, those caught on the map at the end among them (`on_map`: each side's men
    caught, as a side reckons them; the true count by default)."""
    return sum(state.books.get(e, {}).get("men_lost", 0) + state.books.get(e, {}).get("men_prisoners", 0)
               + (on_map[e] if on_map is not None else caught(state, e)) for e in state.enemies(side))


def caught_if_left(state: State, side: str) -> bool:
    """The scenario counts `side`'s men still on the map at the end as taken (`left_behind_caught`)."""
    return side in state.setup.scenario.victory.left_behind_caught


def caught(state: State, side: str) -> int:
    """Men of `side` the scenario counts as taken should it end now: all still on the map, if it says so."""
    return sum(u.men for u in state.units_of(side)) if caught_if_left(state, side) else 0


def breakdown(state: State, control: dict[str, str] | None = None, on_map: dict[str, int] | None = None) -> list[Score]:
    """Every side's points, line by line: objectives held, enemy losses, men led off the map. `control` and
    `on_map` (who holds each place, each side's men caught on the map) as a side knows them: the truth by
    default (core/observe.py gives each side its own reckoning)."""
    v = state.setup.scenario.victory
    control = state.control if control is None else control
    lines = []
    for obj in v.objectives:
        holder = control.get(obj.place, "")
        if holder in state.setup.sides and obj.points.get(holder, 0):
            lines.append(Score(holder, f"holds {state.board.places[obj.place].name}", obj.points[holder], obj.note))
        for side, worth in sorted(obj.taking.items()):
            if worth and took(state, side, obj.place):
                lines.append(Score(side, f"took {state.board.places[obj.place].name}", worth, obj.note))
    step = v.losses_counted_by
    for side in state.setup.sides:
        lost, rate = enemy_losses(state, side, on_map), loss_rate(state, side)
        scored = lost // step * rate * step // 100  # by full hundreds: lost // 100 * rate
        if scored:
            swept = sum(on_map[e] if on_map is not None else caught(state, e) for e in state.enemies(side))
            among = f", counting {swept:,} still on the map as caught" if swept else ""
            lines.append(Score(side, f"{lost:,} enemy men killed or taken{among} — {per_hundred(rate, step)}", scored))
    for index, (side, _, per_100) in enumerate(state.board.exits):
        men = state.books.get(side, {}).get(f"exit{index}_men", 0)
        if men // 100 * per_100:
            lines.append(Score(side, f"{men:,} men led off the map{exit_at(state, index)} — {per_hundred(per_100)}",
                               men // 100 * per_100))
    return lines


def per_hundred(points: int, step: int = 100) -> str:
    """'10 points for every full 100 men' (or, counted by smaller steps, 'for every full 50, at 10 a 100')."""
    if step == 100:
        return f"{points} point{'s' if points != 1 else ''} for every full 100 men"
    return f"{points} points a 100 men, counted by every full {step}"


def exit_at(state: State, index: int) -> str:
    """' at Dushanbe' for an exit on a place, '' for one on the map's edge."""
    hexes = sorted(state.board.exits[index][1])
    names = [state.board.places[state.board.place_at[h]].name for h in hexes if h in state.board.place_at]
    return f" at {names[0]}" if names else ""


def ways_to_score(state: State) -> list[tuple[str, str]]:
    """Every way each side can earn points or win, before any of it has happened: (side, sentence).  The higher
    score wins at the end; a tie goes to `victory.tie_goes_to`."""
    v = state.setup.scenario.victory
    ways = []
    for rule in v.sudden_death:
        places = " and ".join(state.board.places[p].name for p in rule.control)
        ways.append((rule.side, f"Hold {places} at any moment: the game is won at once."))
    for obj in v.objectives:
        name = state.board.places[obj.place].name
        for side, worth in obj.points.items():
            if worth:
                ways.append((side, f"Hold {name} at the end: {worth} point{'s' if worth != 1 else ''}."))
        for side, worth in sorted(obj.taking.items()):
            if worth:
                ways.append((side, f"Take {name} from the enemy: {worth} point{'s' if worth != 1 else ''}, kept even if it is "
                                   "lost again."))
    for side in state.setup.sides:
        rate = loss_rate(state, side)
        if rate:
            ways.append((side, f"Kill or take enemy men: {per_hundred(rate, v.losses_counted_by)}."))
    for index, (side, _, per_100) in enumerate(state.board.exits):
        if per_100:
            ways.append((side, f"Lead men off the map{exit_at(state, index) or ' at its edge'}: {per_hundred(per_100)}."))
    for side in v.left_behind_caught:
        ways.append((side, "Men still on the map at the end count as taken by the enemy: lead them out in time."))
    return ways


def points(state: State, control: dict[str, str] | None = None, on_map: dict[str, int] | None = None) -> dict[str, int]:
    score = {side: 0 for side in state.setup.sides}
    for line in breakdown(state, control, on_map):
        score[line.side] += line.points
    return score


def final_result(state: State, reason: str = "points at the end of the scenario") -> list[Event]:
    score = points(state)
    best = max(score.values())
    leaders = [s for s in state.setup.sides if score[s] == best]
    winner = leaders[0] if len(leaders) == 1 else state.setup.scenario.victory.tie_goes_to
    return finish(state, winner, reason, score)


def finish(state: State, winner: str, reason: str, score: dict[str, int] | None = None) -> list[Event]:
    score = score or points(state)
    state.over, state.winner, state.end_reason = True, winner, reason
    return [GameOver(winner, reason, tuple(sorted(score.items())))]
