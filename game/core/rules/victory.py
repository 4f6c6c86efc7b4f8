"""Victory: sudden death by holding key places, or points at the end.

Source: the scenario's `victory` block (HISTORY.md: the town captured on
14 Feb is the Basmachi victory; points reward doing better than history).
At the end each side scores its objectives held, points per 100 enemy men
lost, and points per 100 men led off the map at exits; the higher score
wins, a tie goes to the side the scenario names.
"""

from __future__ import annotations

from game.core.events import Event, GameOver
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


def points(state: State) -> dict[str, int]:
    v = state.setup.scenario.victory
    score = {side: 0 for side in state.setup.sides}
    for obj in v.objectives:
        holder = state.control.get(obj.place, "")
        if holder in score:
            score[holder] += obj.points.get(holder, 0)
    for side in state.setup.sides:
        enemy_lost = sum(state.books.get(e, {}).get("men_lost", 0) + state.books.get(e, {}).get("men_prisoners", 0)
                         for e in state.enemies(side))
        score[side] += enemy_lost // 100 * v.points_per_100_enemy_losses
    for index, (side, _, per_100) in enumerate(state.board.exits):
        score[side] += state.books.get(side, {}).get(f"exit{index}_men", 0) // 100 * per_100
    return {side: score[side] for side in state.setup.sides}


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
