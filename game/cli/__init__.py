"""The `dushanbe` command: play, simulate, campaign, replay, report, batch, ladder, sweep, calibrate, validate,
schema, serve, online.

Every bad input (scenario, save, replay, flag, output path) ends in one
message naming the file and line and exit status 2, never a traceback; the
statuses are listed in docs/exit-status.md.  Output paths are checked before
the work that fills them starts.

One module a kind of command: `args` (what they take), `checks`, `games`, `many`; online play in
`game/online/commands.py`, the report in `game/ui/report.py`.
"""

from __future__ import annotations

import argparse
import os
import sys

from game.cli.args import (EXIT_BAD_INPUT, EXIT_INTERNAL, add_ai_args, add_run_args, count_arg, date_arg, elo_arg, level_arg,
                           levels_arg, port_arg, seed_arg, size_arg)
from game.cli.checks import cmd_schema, cmd_validate
from game.cli.games import cmd_campaign, cmd_play, cmd_replay, cmd_simulate
from game.cli.many import cmd_batch, cmd_calibrate, cmd_ladder, cmd_sweep
from game.cli.streams import kept_streams, unwritten
from game.scenario.problems import InputError, Problem, listed

__all__ = ["main", "parser", "run"]


def _play_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", default=None, help="scenario file (default: the Siege of Dushanbe)")
    p.add_argument("--load", metavar="SAVE", help="open a saved game")
    p.add_argument("--replay", metavar="FILE", help="watch a replay file")
    p.add_argument("--side", metavar="SIDE", help="skip the menu: play SIDE against the AI (or both, none)")
    p.add_argument("--ai", type=level_arg, default=None, metavar="LEVEL", help="the AI's level with --side")
    p.add_argument("--size", metavar="WxH", type=size_arg, help="window size, e.g. 1280x720")


def _simulate_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario")
    p.add_argument("--seed", type=seed_arg, default=1, help="the game's dice: the same seed, the same game (default 1)")
    p.add_argument("--start-date", type=date_arg, default=None, help="one of the scenario's start dates")
    p.add_argument("--record", metavar="FILE", help="write a replay file")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_ai_args(p)


def _batch_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="a scenario file, or a campaign file (whole campaigns: their branches and ends)")
    p.add_argument("--games", type=count_arg, default=100, help="how many games (default 100)")
    p.add_argument("--out", metavar="FILE.csv", help="one row per game, written as games finish")
    p.add_argument("--plot", metavar="FILE.png", help="the distributions, with the historical values marked")
    add_run_args(p)


def _sweep_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario")
    p.add_argument("--param", action="append", required=True, metavar="NAME",
                   help="a ranged number of the rules, e.g. defection.base_local (repeat for more)")
    p.add_argument("--design", choices=("lhs", "sobol", "morris"), default="lhs",
                   help="lhs: N points; sobol: N*(k+2) points, N a power of 2; morris: N*(k+1) points (k numbers)")
    p.add_argument("--points", type=count_arg, default=16, help="the design's size, N above (default 16)")
    p.add_argument("--games", type=count_arg, default=10, help="games at each point (default 10)")
    p.add_argument("--out", metavar="FILE.csv|FILE.parquet", required=True,
                   help="one row per game; run again to resume")
    p.add_argument("--report", metavar="DIR", help="sensitivity tables and plot, and the points nearest the record")
    add_run_args(p)


def _ladder_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario")
    p.add_argument("--levels", type=levels_arg, default=("easy", "normal", "hard"), metavar="A,B,...",
                   help="the levels to rate, e.g. easy,normal,hard (with --sprt: exactly two, the second tested)")
    p.add_argument("--games", type=count_arg, default=100,
                   help="seeds a pairing, each played twice with the sides swapped (with --sprt: at most; "
                        "default 100)")
    p.add_argument("--out", metavar="FILE.csv", required=True, help="one row per game; run again to resume")
    p.add_argument("--report", metavar="DIR", help="ratings.csv and ladder.png")
    p.add_argument("--sprt", nargs=2, type=elo_arg, metavar=("ELO0", "ELO1"),
                   help="stop as soon as it is known whether the second level is ELO1 stronger (or only ELO0)")
    add_run_args(p, levels=False)  # (the levels are --levels)


def _calibrate_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario")
    p.add_argument("--param", action="append", required=True, metavar="NAME", help="a ranged number (repeat for more)")
    p.add_argument("--games", type=count_arg, default=20, help="games a candidate plays, the same seeds for all "
                                                               "(default 20)")
    p.add_argument("--rounds", type=count_arg, default=5, help="generations of the search (default 5)")
    p.add_argument("--population", type=count_arg, default=5, help="candidates a generation, per number (default 5)")
    p.add_argument("--write", metavar="FILE.yaml", help="write the rules: block of the best values to FILE")
    add_run_args(p)


def _campaign_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("campaign")
    p.add_argument("--seed", type=seed_arg, default=1, help="the first scenario's seed (the k-th is played from seed + "
                                                            "k - 1; default 1)")
    p.add_argument("--record", metavar="DIR", help="write one replay a scenario and the chain's campaign.json")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_ai_args(p)


def _replay_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="a replay file, or a campaign record's campaign.json")
    p.add_argument("--scenario", help="the scenario file, if it has moved")
    p.add_argument("--json", action="store_true", help="print the verdict as one JSON object")


def _validate_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", help="scenario, campaign, save or replay files, or campaign records "
                                            "(campaign.json)")
    p.add_argument("--ranges", action="store_true", help="list a scenario's ranged numbers: what sweep and "
                                                          "calibrate may vary (--param NAME)")


def _serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="where to listen (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=port_arg, default=8765, help="0: any free port (printed)")
    p.add_argument("--db", metavar="FILE", help="the games' SQLite file (default: in the user data folder)")


def _online_arguments(p: argparse.ArgumentParser) -> None:
    osub = p.add_subparsers(dest="online", metavar="ACTION", required=True)
    new = osub.add_parser("new", help="create a game and print one join code a side")
    new.add_argument("server", help="the server's address, ws://HOST:PORT")
    new.add_argument("scenario")
    new.add_argument("--start-date", type=date_arg, default=None, help="one of the scenario's start dates")
    new.add_argument("--seed", type=seed_arg, default=None, help="the game's dice (default: the server draws one)")
    new.add_argument("--json", action="store_true", help='print {"game": ID, "codes": {SIDE: CODE}}')
    opl = osub.add_parser("play", help="play a side with the AI to the end of the game, then print the result")
    opl.add_argument("server", help="the server's address, ws://HOST:PORT")
    opl.add_argument("code", help="the side's join code")
    opl.add_argument("--ai", type=level_arg, required=True, metavar="LEVEL", help="the AI's level")
    opl.add_argument("--seed", type=seed_arg, default=1, help="the AI's own dice (as `simulate --seed` gives it)")
    opl.add_argument("--trace", metavar="FILE", help="write every message received as a line of JSON")
    opl.add_argument("--record", metavar="FILE", help="write the whole game's replay when it is over")
    opl.add_argument("--wait", type=float, default=600.0, metavar="SECONDS",
                     help="how long to keep trying to reach the server (default 600)")
    opl.add_argument("--json", action="store_true", help="print one JSON object, as `simulate --json` does")
    orp = osub.add_parser("replay", help="download a finished game's replay, every hidden move shown")
    orp.add_argument("server", help="the server's address, ws://HOST:PORT")
    orp.add_argument("code", help="either side's join code")
    orp.add_argument("--out", required=True, metavar="FILE", help="the replay file (its scenario is written beside it)")
    orp.add_argument("--wait", type=float, default=60.0, metavar="SECONDS", help="how long to try to reach the server")


def _report_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("replay", help="the replay file")
    p.add_argument("--out", metavar="FILE", help="where to write it (default: REPLAY-report.html here)")
    p.add_argument("--scenario", help="the scenario file, if it has moved")


def _schema_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", metavar="FILE", help="write it to FILE instead")
    p.add_argument("--campaign", action="store_true", help="the schema of campaign files")


COMMAND_ARGUMENTS = {  # each command: what `--help` says of it, and its arguments (added only when asked for)
    "play": ("open the game window (the default)", _play_arguments),
    "simulate": ("play a whole game headless with the built-in players", _simulate_arguments),
    "batch": ("run many headless games in parallel and compare them with history", _batch_arguments),
    "sweep": ("play games across the ranges of the rules' numbers; what decides the outcome", _sweep_arguments),
    "ladder": ("rate AI levels against each other on one Elo scale, sides swapped", _ladder_arguments),
    "calibrate": ("search the rules' ranges for the values that best reproduce the record", _calibrate_arguments),
    "campaign": ("play a campaign's scenarios one after another, headless, forces carried on", _campaign_arguments),
    "replay": ("re-run a replay file (or a campaign record) and check every turn's digest", _replay_arguments),
    "validate": ("check scenario, save and replay files and list every problem", _validate_arguments),
    "serve": ("referee online games: a WebSocket server (docs/online.md)", _serve_arguments),
    "online": ("play apart: create a game on a server, or play a side headless", _online_arguments),
    "report": ("write the after-action report of a replay: one HTML page to keep or share", _report_arguments),
    "schema": ("print the JSON Schema of scenario files (or of campaign files)", _schema_arguments),
}


def parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command's parser; with `argv`, only the command it names gets its arguments (the others are listed, and
    built only for `dushanbe --help` or a command not known: a parser a command costs a few milliseconds)."""
    p = argparse.ArgumentParser(prog="dushanbe", description="The Siege of Dushanbe, 1922: a turn-based historical wargame.")
    p.add_argument("--version", action=Version, nargs=0, help="show the version and how the rules engine runs (compiled or not)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    named = next((a for a in (argv or []) if not a.startswith("-")), None)
    p.commands = {}  # each command's own parser: it names what it does not know, with its own usage
    for name, (says, arguments) in COMMAND_ARGUMENTS.items():
        if named not in COMMAND_ARGUMENTS or named == name:
            p.commands[name] = sub.add_parser(name, help=says)
            arguments(p.commands[name])
    return p


class Version(argparse.Action):
    """`--version`: the game's version and how its rules engine runs (worked out only when asked)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from game import __version__, compiled

        print(f"dushanbe {__version__}\nrules engine: {compiled.engine()}")
        parser.exit()


def run() -> int:
    """The `dushanbe` command as installed: `main`, then what it leaves is frozen for the collector, so the
    process's exit frees it without walking it first (20 ms after a game)."""
    status = main()
    import gc

    gc.freeze()
    return status


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a path that is not text (from a listing or argv) is printed escaped
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else argv
    top = parser(argv)
    args, unknown = top.parse_known_args(argv)
    if unknown:
        (top.commands.get(args.command) or top).error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.command is None:  # plain `dushanbe`: open the game, or say how to use it where there is no screen
        args = parser(["play"]).parse_args(["play"])
        args.bare = True
    with kept_streams() as (out, _):
        status = command(args)
        if status == 0 and unwritten(out):
            print(f"dushanbe: the output cannot be written: {unwritten(out)}", file=sys.stderr)
            status = EXIT_BAD_INPUT
    return status


def command(args) -> int:
    """Run the command; its exit status (bad input said in one message, a bug briefly)."""
    try:
        not_text = [value for value in paths_in(args) if not is_text(value)]
        if not_text:
            raise InputError([Problem(not_text[0], None, "its name is not UTF-8 text, which the game's files name "
                                                         "their files in; rename it")])
        check_outputs(args)
        return COMMANDS[args.command](args)
    except InputError as exc:
        print("\n".join(listed(exc.problems)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("dushanbe: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: say so briefly
        if os.environ.get("DUSHANBE_DEBUG"):
            raise
        said = repr(exc)
        said = said if len(said) <= 300 else said[:300] + "..."
        print(f"dushanbe: internal error: {said}. This is a bug; DUSHANBE_DEBUG=1 shows the traceback.", file=sys.stderr)
        return EXIT_INTERNAL


READ = ("scenario", "replay", "load", "campaign", "file", "files", "db")  # the files a command reads (their options)
WRITTEN = ("record", "out", "plot", "write", "trace", "report")  # and the files or folders it writes


def check_outputs(args) -> None:
    """InputError if a command would write over a file it reads, or write two outputs to one file."""
    given = vars(args)
    read = {os.path.realpath(p): p for name in READ for p in texts(given.get(name))}
    written: dict[str, str] = {}
    for name in WRITTEN:
        path = given.get(name)
        if path == "":
            raise InputError([Problem("(no path)", None, f"--{name} was given an empty name: give it a file name")])
        if not isinstance(path, str):
            continue
        real = os.path.realpath(path)
        if real in read:
            raise InputError([Problem(path, None, f"is a file this command reads; --{name} would write over it: "
                                                  "give another name")])
        if real in written:
            raise InputError([Problem(path, None, f"is given to both --{written[real]} and --{name}: give each its "
                                                  "own name")])
        written[real] = name


def paths_in(args) -> list[str]:
    """Every text the command line gave (paths among them)."""
    return [text for value in vars(args).values() for text in texts(value)]


def texts(value) -> list[str]:
    """The texts an argument holds: one, a list of them (nargs), or none."""
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]


def is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # bytes of a name that are not UTF-8 come in as lone surrogates
        return False
    return True


COMMANDS = {"play": cmd_play, "simulate": cmd_simulate, "campaign": cmd_campaign, "replay": cmd_replay, "validate": cmd_validate,
            "schema": cmd_schema, "batch": cmd_batch, "sweep": cmd_sweep, "calibrate": cmd_calibrate, "ladder": cmd_ladder,
            "serve": lambda args: _online().cmd_serve(args), "online": lambda args: _online().cmd_online(args),
            "report": lambda args: _report().cmd_report(args)}


def _report():
    from game.ui import report

    return report


def _online():
    from game.online import commands

    return commands
