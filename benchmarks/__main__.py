"""Run the engine and AI benchmarks and write their section of docs/performance.md.

    .venv/bin/python -m benchmarks           # the full set (a few minutes)
    .venv/bin/python -m benchmarks --quick   # fewer games, smaller maps
    .venv/bin/python -m benchmarks --no-write

The window's frame time is measured separately by benchmarks/bench_render.py
(its own section, "Rendering").
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks import engine_ai, whole  # noqa: E402
from game import compiled  # noqa: E402

DOC = os.path.join(engine_ai.ROOT, "docs", "performance.md")
HEADING = "## Engine and AI"


def replace_section(text: str, section: str) -> str:
    """`text` with its "Engine and AI" section replaced (or added at the end)."""
    if not text.strip():
        text = "# Performance\n"
    start = text.find(HEADING + "\n")
    if start < 0:
        return text.rstrip("\n") + "\n\n" + section
    end = text.find("\n## ", start + len(HEADING))
    rest = text[end + 1:] if end >= 0 else ""
    return text[:start] + section + ("\n" + rest if rest else "")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="fewer games and smaller maps")
    p.add_argument("--no-write", action="store_true", help="print only; leave docs/performance.md alone")
    args = p.parse_args(argv)
    games = range(1, 4) if args.quick else range(1, 11)
    out = engine_ai.Section()
    out.add(HEADING, "",
            f"Measured {dt.date.today().isoformat()} with `.venv/bin/python -m benchmarks"
            f"{' --quick' if args.quick else ''}` on {platform.python_implementation()} {platform.python_version()}, "
            f"{platform.machine()}, {os.cpu_count()} CPUs, the rules engine {compiled.engine()} (setup.py). "
            "Targets (issue 5): a whole AI game of the main scenario "
            "well under a second at normal level; think time under 100 ms a phase at normal and under 1 s at hard; "
            "turn time roughly linear in map size and units.", "")
    engine_ai.full_games(out, games)
    engine_ai.think_times(out, games)
    engine_ai.engine_alone(out, games)
    engine_ai.scaling(out, args.quick)
    engine_ai.batch_throughput(out, 8 if args.quick else 40)
    engine_ai.sweep_throughput(out, 4 if args.quick else 10, 2 if args.quick else 10)
    whole.whole_commands(out, 3 if args.quick else 10)
    if not args.no_write:
        text = open(DOC, encoding="utf-8").read() if os.path.exists(DOC) else ""
        from game.replay.record import write_atomic

        write_atomic(DOC, replace_section(text, "\n".join(out.lines).rstrip("\n") + "\n"))
        print(f"written to {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
