"""What the commands take and check: argument types, the AI and run options, writable outputs, workers."""

from __future__ import annotations

import argparse
import datetime as dt

from game.scenario.bundled import MAIN


EXIT_BAD_INPUT = 2


EXIT_MISMATCH = 1


EXIT_INTERNAL = 70


PLOT_FORMATS = (".png", ".svg", ".pdf", ".jpg", ".jpeg", ".webp", ".tif", ".tiff", ".eps", ".ps")


def default_scenario() -> str:
    """The Siege of Dushanbe: next to the package in a checkout."""
    return MAIN


def seed_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a seed is a whole number, not {text!r}") from None
    if not 0 <= value < 2**64:
        raise argparse.ArgumentTypeError("a seed is a whole number from 0 to 2^64-1")
    return value


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a date is written YYYY-MM-DD (e.g. 1922-02-08), not {text!r}") from None


def count_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if not 1 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError("expected a whole number from 1 to 1,000,000")
    return value


def elo_arg(text: str) -> float:
    """A gain in Elo: a number from -1000 to 1000."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a gain in Elo is a number, e.g. 50, not {text!r}") from None
    if not -1000 <= value <= 1000:  # (nan and inf are not)
        raise argparse.ArgumentTypeError(f"a gain in Elo is a number from -1000 to 1000, not {text!r}")
    return value


def size_arg(text: str) -> tuple[int, int]:
    w, _, h = text.lower().partition("x")
    if not (w.isdigit() and h.isdigit() and 320 <= int(w) <= 10000 and 240 <= int(h) <= 10000):
        raise argparse.ArgumentTypeError(f"a window size is WIDTHxHEIGHT, e.g. 1280x720, not {text!r}")
    return int(w), int(h)


def port_arg(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 0 to 65535 (0: any free port), not {text!r}")
    return int(text)


def level_arg(text: str) -> str:
    from game.ai.levels import LEVELS

    if text not in LEVELS:
        raise argparse.ArgumentTypeError(f"unknown AI level {text!r}; choose one of: {', '.join(LEVELS)}")
    return text


def levels_arg(text: str) -> tuple[str, ...]:
    levels = tuple(x.strip() for x in text.split(","))
    if "" in levels:
        raise argparse.ArgumentTypeError(f"levels are named one after another with commas, e.g. easy,normal,hard, "
                                         f"not {text!r}")
    for level in levels:
        level_arg(level)
    if len(levels) < 2 or len(set(levels)) != len(levels):
        raise argparse.ArgumentTypeError(f"give two or more different levels, e.g. easy,normal,hard, not {text!r}")
    return levels


def add_ai_args(p: argparse.ArgumentParser) -> None:
    from game.ai.levels import DEFAULT_LEVEL, LEVELS

    default = DEFAULT_LEVEL
    for side in ("basmachi", "soviet"):
        p.add_argument(f"--ai-{side}", type=level_arg, default=default, metavar="LEVEL",
                       help=f"one of {', '.join(LEVELS)} (default {default})")


def add_run_args(p: argparse.ArgumentParser, levels: bool = True) -> None:
    """What every command that plays many games takes: workers, seed, start date, progress, cluster, levels."""
    p.add_argument("--workers", type=count_arg, default=1, help="processes playing games at once (default 1; at most a "
                                                                "few a CPU)")
    p.add_argument("--seed", type=seed_arg, default=1, help="each game's dice are drawn from it: the same seed, the same "
                                                            "games, whatever --workers (default 1)")
    p.add_argument("--start-date", type=date_arg, default=None, help="one of the scenario's start dates")
    p.add_argument("--progress", action="store_true", help="show a progress bar even when stderr is not a terminal")
    p.add_argument("--cluster", metavar="ADDRESS", help="run the games on a Dask cluster, e.g. tcp://127.0.0.1:8786")
    if levels:
        add_ai_args(p)


def levels_for(args, sides: tuple[str, ...]) -> dict[str, str]:
    """The AI level of each side: --ai-SIDE for sides that have the flag, the default level otherwise."""
    from game.ai.levels import DEFAULT_LEVEL

    return {side: getattr(args, f"ai_{side}", None) or DEFAULT_LEVEL for side in sides}


def players_for(args, sides: tuple[str, ...], seed: int) -> dict:
    """One AI player per side, at its level (levels_for)."""
    from game.ai.players import make_player

    return {side: make_player(level, side, seed) for side, level in levels_for(args, sides).items()}


def writable(path: str, suffixes: tuple[str, ...] = (), what: str = "file") -> str:
    from game.files import writable as check

    return check(path, suffixes, what)


def writable_folder(path: str, what: str = "folder") -> str:
    from game.files import writable_folder as check

    return check(path, what)
