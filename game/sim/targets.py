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
    value = value_of(target, tally, start)
    if target.share is not None:
        return Verdict(target.label, f"{100 * value:.0f}% of games", span(target.share, percent=True),
                       within(value, target.share))
    if target.per is not None:
        return Verdict(target.label, f"{value:.2f} times", span(target.median), within(value, target.median))
    if target.measure == "fell_on":
        shown = "never" if value is None else f"median {value.isoformat()}"
        return Verdict(target.label, shown, span(target.median), value is not None and within(value, target.median))
    return Verdict(target.label, f"median {value:g}", span(target.median), within(value, target.median))


def measured(measure: str, tally: Any) -> float:
    return median(tally.values("fell_day" if measure == "fell_on" else measure))


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


def value_of(target: Any, tally: Any, start: dt.date) -> Any:
    """What the games gave for the target: a share, a median, a ratio of medians, or a date (None: never)."""
    if target.share is not None:
        counts = tally.values(target.measure)
        return sum(n for value, n in counts.items() if value) / tally.games if tally.games else math.nan
    value = measured(target.measure, tally)
    if target.per is not None:
        below = measured(target.per, tally)
        return value / below if below else math.inf
    if target.measure == "fell_on":
        return None if math.isnan(value) else start + dt.timedelta(days=math.floor(value))
    return value


def miss(target: Any, tally: Any, start: dt.date) -> float:
    """How far the games fall outside the target, in units of its width (0: inside; 1 when they give nothing)."""
    value = value_of(target, tally, start)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 1.0
    low, high = target.share or target.median
    if isinstance(value, dt.date):
        value, low, high = (value - start).days, (low - start).days if low else None, (high - start).days if high else None
    width = (high - low) if low is not None and high is not None else abs(low if low is not None else high) or 1.0
    under = low - value if low is not None else 0.0
    over = value - high if high is not None else 0.0
    return max(under, over, 0.0) / max(width, 1e-9)
