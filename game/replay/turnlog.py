"""Each turn in words: the log lines and event kinds a replay keeps beside its digest, and the readable
difference between a record and a re-run of it.

A digest says only *that* a turn came out differently; the log says *what*.
When a re-run leaves the record, the first differing turn is shown as the
record's lines against today's, pair by pair, as OpenSpiel's playthrough
tests show a changed game.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from game.core.events import Event
from game.core.narrate import narrate_events
from game.core.state import State
from game.replay.rerun import Played


@dataclass(frozen=True)
class TurnLog:
    kinds: dict[str, int]  # event kinds in the order they first happened, and how often
    lines: list[str]


def events_in_words(events: Iterable[Event], after: State, before: State | None = None) -> TurnLog:
    events = list(events)
    return TurnLog(dict(Counter(e.kind for e in events)), narrate_events(events, after, before))


def turn_log(played: list[Played]) -> TurnLog:
    """One turn's re-run orders, in words."""
    kinds: Counter = Counter()
    lines: list[str] = []
    for p in played:
        part = events_in_words(p.events, p.after, p.before)
        kinds.update(part.kinds)
        lines.extend(part.lines)
    return TurnLog(dict(kinds), lines)


def differences(record: list[str], now: list[str], context: int = 1) -> list[str]:
    """The record's lines against today's, each change as a 'record:' line over a 'now:' line, with a line of
    unchanged log around each; empty when they agree."""
    shown: list[str] = []
    for group in difflib.SequenceMatcher(None, record, now, autojunk=False).get_grouped_opcodes(context):
        if shown:
            shown.append("  ...")
        for tag, r0, r1, n0, n1 in group:
            if tag == "equal":
                shown.extend(f"  same:   {line}" for line in record[r0:r1])
                continue
            for i in range(max(r1 - r0, n1 - n0)):
                shown.append(f"  record: {record[r0 + i] if r0 + i < r1 else '(no such line)'}")
                shown.append(f"  now:    {now[n0 + i] if n0 + i < n1 else '(no such line)'}")
    return shown


def kinds_changed(record: dict[str, int], now: dict[str, int]) -> str:
    """'combat 3 -> 2, defected 0 -> 1' for the kinds whose counts differ; '' when none do."""
    kinds = list(record) + [k for k in now if k not in record]
    return ", ".join(f"{k} {record.get(k, 0)} -> {now.get(k, 0)}" for k in kinds if record.get(k, 0) != now.get(k, 0))
