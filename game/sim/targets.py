"""The record as targets: does a batch of games put it inside the simulated distribution?

Each of a scenario's `history.targets` names a measure of a game (the columns
of `dushanbe batch --out`, game/scenario/measures.py) and the range its median,
or the share of games in which it is not 0, should fall in.  `dushanbe batch`
prints each with its verdict; the calibration test asserts them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Verdict:
    label: str
    value: str  # what the games gave, in words
    wanted: str  # the target range, in words
    inside: bool


def median(values: Counter) -> float:
    """The median of counted values (the mean of the middle two for an even count)."""
    total = sum(values.values())
    if not total:
        return math.nan
    ordered = sorted(values.items())

    def nth(k: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if seen > k:
                return value
        return ordered[-1][0]

    return nth(total // 2) if total % 2 else (nth(total // 2 - 1) + nth(total // 2)) / 2


def verdicts(targets: list[Any], tally: Any, start: dt.date) -> list[Verdict]:
    """Each target against the games counted in `tally` (a batch `Tally`) from `start`."""
    return [verdict(t, tally, start) for t in targets]


def verdict(target: Any, tally: Any, start: dt.date) -> Verdict:
    if target.share is not None:
        counts = tally.values(target.measure)
        happened = sum(n for value, n in counts.items() if value)
        share = happened / tally.games if tally.games else math.nan
        return Verdict(target.label, f"{100 * share:.0f}% of games", span(target.share, percent=True),
                       within(share, target.share))
    value = measured(target.measure, tally)
    if target.per is not None:
        below = measured(target.per, tally)
        value = value / below if below else math.inf
        return Verdict(target.label, f"{value:.2f} times", span(target.median), within(value, target.median))
    if target.measure == "fell_on":
        return fell_on(target, value, start)
    return Verdict(target.label, f"median {value:g}", span(target.median), within(value, target.median))


def measured(measure: str, tally: Any) -> float:
    return median(tally.values("fell_day" if measure == "fell_on" else measure))


def fell_on(target: Any, days: float, start: dt.date) -> Verdict:
    """A median date: the median day after the start, as a date (never, when no game gave one)."""
    if math.isnan(days):
        return Verdict(target.label, "never", span(target.median), False)
    date = start + dt.timedelta(days=math.floor(days))
    return Verdict(target.label, f"median {date.isoformat()}", span(target.median), within(date, target.median))


def within(value: Any, bounds: tuple) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return False
    low, high = bounds
    return (low is None or value >= low) and (high is None or value <= high)


def span(bounds: tuple, percent: bool = False) -> str:
    def shown(b: Any) -> str:
        if isinstance(b, dt.date):
            return b.isoformat()
        return f"{100 * b:.0f}%" if percent else f"{b:g}"

    low, high = bounds
    if high is None:
        return f"at least {shown(low)}"
    if low is None:
        return f"at most {shown(high)}"
    return f"{shown(low)} to {shown(high)}"
