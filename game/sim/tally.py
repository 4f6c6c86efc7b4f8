"""The rows added up: the distributions, each history target's verdict, and the summary in words."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from typing import Any

from game.core.state import WEAPONS
from game.sim.targets import median, verdicts


class Tally:
    """What the summary and the plot need of the games: how often each value came up.

    Counts of whole numbers, not rows, so that memory stays flat however many
    games are played, and medians and ranges are still exact.
    """

    def __init__(self):
        self.games = 0
        self.winners: Counter = Counter()
        self.counts: dict[str, Counter] = {}

    def add(self, row: dict) -> None:
        self.games += 1
        self.winners[row["winner"]] += 1
        for key, value in row.items():
            if isinstance(value, int) and not isinstance(value, bool) and key not in ("game", "seed"):
                self.counts.setdefault(key, Counter())[value] += 1

    def values(self, column: str) -> Counter:
        """value -> number of games (games where the column is empty are left out)."""
        return self.counts.get(column, Counter())


def progress_bar(total: int, unit: str, shown: bool, done: int = 0):
    """A progress bar on stderr: done, rate, time left (tqdm); silent when not `shown`."""
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no watching thread: worker processes are forked only from a single-threaded one
    return tqdm(total=total, initial=done, unit=unit.rstrip("s"), file=sys.stderr, disable=not shown,
                dynamic_ncols=True, smoothing=0.1)


def spread(values: Counter) -> str:
    """Median and range of counted values: "120 (40-300)"."""
    if not values:
        return "-"
    return f"{fmt(median(values))} ({fmt(min(values))}-{fmt(max(values))})"


def fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def recorded(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if hasattr(value, "low"):
        return f"{value.low}-{value.high}"
    return str(value)


def summary_text(tally: Tally, scenario, setup, levels) -> str:
    h = scenario.history
    n = max(1, tally.games)
    sides = setup.sides
    lines = [f"{scenario.title}: {tally.games} games from {setup.start.isoformat()}, "
             + ", ".join(f"{side} {level}" for side, level in levels),
             f"  {'':34}{'simulated: median (range)':44}history"]

    def line(label: str, sim: str, hist: str = "-") -> None:
        lines.append(f"  {label:34}{sim:44}{hist}")

    for side in sides:
        line(f"{side} wins", f"{100 * tally.winners.get(side, 0) / n:.0f}%", "winner" if h.winner == side else "-")
    if h.place_taken:
        name = setup.board.places[h.place_taken].name if h.place_taken in setup.board.places else h.place_taken
        line(f"{name} taken by {h.winner}", f"{100 * tally.values('fell').get(1, 0) / n:.0f}% of games", "yes")
        days = tally.values("fell_day")
        when = "-"
        if days:
            mid, first, last = (setup.start + dt.timedelta(days=int(d)) for d in (median(days), min(days), max(days)))
            when = f"{mid.isoformat()} ({first.isoformat()} to {last.isoformat()})"
        line(f"{name} fell on", when, recorded(h.fell_on))
        line("  days after the start", spread(days), str((h.fell_on - setup.start).days) if h.fell_on else "-")
    for side in sides:
        line(f"victory points {side}", spread(tally.values(f"points_{side}")))
    for side in sides:
        line(f"losses {side} (killed, taken)", spread(tally.values(f"losses_{side}")), recorded(h.losses.get(side)))
    for side in sides:
        line(f"men defected to {side}", spread(tally.values(f"defected_to_{side}")), recorded(h.defections_to.get(side)))
    for side in sorted({e.side for e in scenario.victory.exits}):
        out = tally.values(f"exited_{side}")
        line(f"men {side} led off the map", spread(out) + f", {100 * (n - out.get(0, 0)) / n:.0f}% of games")
    for side in scenario.victory.left_behind_caught:
        out = tally.values(f"caught_{side}")
        line(f"men {side} caught at the end", spread(out) + f", {100 * (n - out.get(0, 0)) / n:.0f}% of games")
    for side in sorted({s for o in scenario.victory.objectives for s, worth in o.taking.items() if worth}):
        line(f"places {side} took (scored)", spread(tally.values(f"took_{side}")))
    for side in sides:
        caught = h.weapons_captured.get(side, {})
        for w in WEAPONS:
            values = tally.values(f"captured_{side}_{w}")
            if set(values) - {0} or w in caught:
                line(f"{w.replace('_', ' ')} taken by {side}", spread(values), recorded(caught.get(w)))
    for side in sides:
        hit = tally.values(f"ambushed_{side}")
        line(f"ambushes suffered by {side}", spread(hit) + f", {100 * (n - hit.get(0, 0)) / n:.0f}% of games")
    for kind in ("cut_off", "defected", "wireless_call", "reinforcements_arrived"):
        line(f"{kind.replace('_', ' ')} events", spread(tally.values(f"events_{kind}")))
    if h.targets:
        lines.append(f"  {'the record as targets':36}{'simulated':22}{'target':26}verdict")
        for v in verdicts(h.targets, tally, setup.start):
            lines.append(f"  {v.label:36}{v.value:22}{v.wanted:26}{'inside' if v.inside else 'OUTSIDE'}")
    return "\n".join(lines)
