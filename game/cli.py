"""The `dushanbe` command: play, simulate, batch, replay, validate, schema.

Every bad input (scenario, save, replay, flag, output path) ends in one
message naming the file and line and exit status 2, never a traceback; the
statuses are listed in docs/exit-status.md.  Output paths are checked before
the work that fills them starts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

from game.scenario.problems import InputError, Problem, listed

EXIT_BAD_INPUT = 2
EXIT_MISMATCH = 1
EXIT_INTERNAL = 70
WORKERS_PER_CPU = 2  # more processes than this only share the same CPUs and cost memory
PLOT_FORMATS = (".png", ".svg", ".pdf", ".jpg", ".jpeg", ".webp", ".tif", ".tiff", ".eps", ".ps")


def default_scenario() -> str:
    """The Siege of Dushanbe: next to the package in a checkout."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(here, "scenarios", "dushanbe_1922.yaml")


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
    from game.ai.players import LEVELS

    if text not in LEVELS:
        raise argparse.ArgumentTypeError(f"unknown AI level {text!r}; choose one of: {', '.join(LEVELS)}")
    return text


def levels_arg(text: str) -> tuple[str, ...]:
    levels = tuple(x.strip() for x in text.split(",") if x.strip())
    for level in levels:
        level_arg(level)
    if len(levels) < 2 or len(set(levels)) != len(levels):
        raise argparse.ArgumentTypeError(f"give two or more different levels, e.g. easy,normal,hard, not {text!r}")
    return levels


def add_ai_args(p: argparse.ArgumentParser) -> None:
    from game.ai.players import DEFAULT_LEVEL, LEVELS

    default = DEFAULT_LEVEL
    p.add_argument("--ai-basmachi", type=level_arg, default=default, metavar="LEVEL", help=f"one of {', '.join(LEVELS)}")
    p.add_argument("--ai-soviet", type=level_arg, default=default, metavar="LEVEL", help=f"one of {', '.join(LEVELS)}")


def add_run_args(p: argparse.ArgumentParser) -> None:
    """What every command that plays many games takes: workers, seed, start date, progress, cluster, levels."""
    p.add_argument("--workers", type=count_arg, default=1)
    p.add_argument("--seed", type=seed_arg, default=1)
    p.add_argument("--start-date", type=date_arg, default=None, help="one of the scenario's start dates")
    p.add_argument("--progress", action="store_true", help="show a progress bar even when stderr is not a terminal")
    p.add_argument("--cluster", metavar="ADDRESS", help="run the games on a Dask cluster, e.g. tcp://127.0.0.1:8786")
    add_ai_args(p)


def levels_for(args, sides: tuple[str, ...]) -> dict[str, str]:
    """The AI level of each side: --ai-SIDE for sides that have the flag, the default level otherwise."""
    from game.ai.players import DEFAULT_LEVEL

    return {side: getattr(args, f"ai_{side}", None) or DEFAULT_LEVEL for side in sides}


def players_for(args, sides: tuple[str, ...], seed: int) -> dict:
    """One AI player per side, at its level (levels_for)."""
    from game.ai.players import make_player

    return {side: make_player(level, side, seed) for side, level in levels_for(args, sides).items()}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dushanbe", description="The Siege of Dushanbe, 1922: a turn-based historical wargame.")
    from game import __version__
    p.add_argument("--version", action="version", version=f"dushanbe {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="open the game window (the default)")
    play.add_argument("scenario", nargs="?", default=None, help="scenario file (default: the Siege of Dushanbe)")
    play.add_argument("--load", metavar="SAVE", help="open a saved game")
    play.add_argument("--replay", metavar="FILE", help="watch a replay file")
    play.add_argument("--side", metavar="SIDE", help="skip the menu: play SIDE against the AI (or both, none)")
    play.add_argument("--ai", type=level_arg, default=None, metavar="LEVEL", help="the AI's level with --side")
    play.add_argument("--size", metavar="WxH", type=size_arg, help="window size, e.g. 1280x720")

    sim = sub.add_parser("simulate", help="play a whole game headless with the built-in players")
    sim.add_argument("scenario")
    sim.add_argument("--seed", type=seed_arg, default=1)
    sim.add_argument("--start-date", type=date_arg, default=None, help="one of the scenario's start dates")
    sim.add_argument("--record", metavar="FILE", help="write a replay file")
    sim.add_argument("--json", action="store_true", help="print one JSON object")
    add_ai_args(sim)

    bat = sub.add_parser("batch", help="run many headless games in parallel and compare them with history")
    bat.add_argument("scenario", help="a scenario file, or a campaign file (whole campaigns: their branches and ends)")
    bat.add_argument("--games", type=count_arg, default=100)
    bat.add_argument("--out", metavar="FILE.csv", help="one row per game, written as games finish")
    bat.add_argument("--plot", metavar="FILE.png", help="the distributions, with the historical values marked")
    add_run_args(bat)

    swp = sub.add_parser("sweep", help="play games across the ranges of the rules' numbers; what decides the outcome")
    swp.add_argument("scenario")
    swp.add_argument("--param", action="append", required=True, metavar="NAME",
                     help="a ranged number of the rules, e.g. defection.base_local (repeat for more)")
    swp.add_argument("--design", choices=("lhs", "sobol", "morris"), default="lhs",
                     help="lhs: N points; sobol: N*(k+2) points, N a power of 2; morris: N*(k+1) points (k numbers)")
    swp.add_argument("--points", type=count_arg, default=16)
    swp.add_argument("--games", type=count_arg, default=10, help="games at each point")
    swp.add_argument("--out", metavar="FILE.csv|FILE.parquet", required=True,
                     help="one row per game; run again to resume")
    swp.add_argument("--report", metavar="DIR", help="sensitivity tables and plot, and the points nearest the record")
    add_run_args(swp)

    lad = sub.add_parser("ladder", help="rate AI levels against each other on one Elo scale, sides swapped")
    lad.add_argument("scenario")
    lad.add_argument("--levels", type=levels_arg, default=("easy", "normal", "hard"), metavar="A,B,...",
                     help="the levels to rate, e.g. easy,normal,hard (with --sprt: exactly two, the second tested)")
    lad.add_argument("--games", type=count_arg, default=100,
                     help="seeds a pairing, each played twice with the sides swapped (with --sprt: at most)")
    lad.add_argument("--out", metavar="FILE.csv", required=True, help="one row per game; run again to resume")
    lad.add_argument("--report", metavar="DIR", help="ratings.csv and ladder.png")
    lad.add_argument("--sprt", nargs=2, type=float, metavar=("ELO0", "ELO1"),
                     help="stop as soon as it is known whether the second level is ELO1 stronger (or only ELO0)")
    add_run_args(lad)

    cal = sub.add_parser("calibrate", help="search the rules' ranges for the values that best reproduce the record")
    cal.add_argument("scenario")
    cal.add_argument("--param", action="append", required=True, metavar="NAME", help="a ranged number (repeat for more)")
    cal.add_argument("--games", type=count_arg, default=20, help="games a candidate plays (the same seeds for all)")
    cal.add_argument("--rounds", type=count_arg, default=5, help="generations of the search")
    cal.add_argument("--population", type=count_arg, default=5, help="candidates a generation, per number")
    cal.add_argument("--write", metavar="FILE.yaml", help="write the rules: block of the best values to FILE")
    add_run_args(cal)

    cam = sub.add_parser("campaign", help="play a campaign's scenarios one after another, headless, forces carried on")
    cam.add_argument("campaign")
    cam.add_argument("--seed", type=seed_arg, default=1, help="the first scenario's seed (the k-th is played from seed + k - 1)")
    cam.add_argument("--record", metavar="DIR", help="write one replay a scenario and the chain's campaign.json")
    cam.add_argument("--json", action="store_true", help="print one JSON object")
    add_ai_args(cam)

    rep = sub.add_parser("replay", help="re-run a replay file (or a campaign record) and check every turn's digest")
    rep.add_argument("file")
    rep.add_argument("--scenario", help="the scenario file, if it has moved")
    rep.add_argument("--json", action="store_true")

    val = sub.add_parser("validate", help="check scenario, save and replay files and list every problem")
    val.add_argument("files", nargs="+")

    srv = sub.add_parser("serve", help="referee online games: a WebSocket server (docs/online.md)")
    srv.add_argument("--host", default="127.0.0.1", help="where to listen (default 127.0.0.1: this machine only)")
    srv.add_argument("--port", type=port_arg, default=8765, help="0: any free port (printed)")
    srv.add_argument("--db", metavar="FILE", help="the games' SQLite file (default: in the user data folder)")

    onl = sub.add_parser("online", help="play apart: create a game on a server, or play a side headless")
    osub = onl.add_subparsers(dest="online", metavar="ACTION", required=True)
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

    rpt = sub.add_parser("report", help="write the after-action report of a replay: one HTML page to keep or share")
    rpt.add_argument("replay", help="the replay file")
    rpt.add_argument("--out", metavar="FILE", help="where to write it (default: REPLAY-report.html here)")

    sch = sub.add_parser("schema", help="print the JSON Schema of scenario files (or of campaign files)")
    sch.add_argument("--out", metavar="FILE", help="write it to FILE instead")
    sch.add_argument("--campaign", action="store_true", help="the schema of campaign files")
    return p


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a path that is not text (from a listing or argv) is printed escaped
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    if args.command is None:  # plain `dushanbe`: open the game, or say how to use it where there is no screen
        args = parser().parse_args(["play"])
        args.bare = True
    try:
        return COMMANDS[args.command](args)
    except InputError as exc:
        print("\n".join(listed(exc.problems)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("dushanbe: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug, not bad input: say so briefly
        if os.environ.get("DUSHANBE_DEBUG"):
            raise
        print(f"dushanbe: internal error: {exc!r}. This is a bug; DUSHANBE_DEBUG=1 shows the traceback.", file=sys.stderr)
        return EXIT_INTERNAL


def cmd_validate(args) -> int:
    status = 0
    for path in args.files:
        try:
            said = validate_file(path)
        except InputError as exc:
            print("\n".join(listed(exc.problems)), file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        print(f"{path}: {said}")
    return status


def validate_file(path: str) -> str:
    """Check a scenario, save or replay file (by what it says it is); what it is, or InputError."""
    if path.lower().endswith(".json"):
        from game.scenario.jsonfile import read_json

        data, _ = read_json(path)
        kind = data.get("format") if isinstance(data, dict) else None
        if kind == "dushanbe-save":
            from game.replay.save import load_game

            saved, restored = load_game(path)
            return f"valid save ({restored.loaded.scenario.title}, {len(saved.orders)} orders)"
        if kind == "dushanbe-replay":
            from game.replay.record import load_replay
            from game.replay.verify import scenario_for

            replay = load_replay(path)
            loaded = scenario_for(replay)
            return f"valid replay ({loaded.scenario.title}, {len(replay.turns)} turns; `dushanbe replay` checks every digest)"
        if kind == "dushanbe-campaign-record":
            from game.replay.chain import chain_replays

            steps = chain_replays(path)
            return f"valid campaign record ({len(steps)} scenarios; `dushanbe replay` checks every turn and link)"
        if isinstance(data, dict) and ("$defs" in data or "$schema" in data):
            raise InputError([Problem(path, None, "this is a JSON Schema (what editors check files against), not a "
                                                  "scenario, campaign, save or replay")])
    if campaign_file(path):
        from game.scenario.campaign import load_campaign

        campaign = load_campaign(path)
        return f"valid campaign ({campaign.campaign.title}, {len(campaign.campaign.steps)} scenarios)"
    from game.scenario.validate import load_scenario

    loaded = load_scenario(path)
    for warning in loaded.warnings:
        print(warning, file=sys.stderr)
    return f"valid ({loaded.scenario.title})"


def cmd_schema(args) -> int:
    from game.scenario.campaign import Campaign
    from game.scenario.schema import Scenario

    if args.out:
        writable(args.out, what="schema")
    text = json.dumps((Campaign if args.campaign else Scenario).model_json_schema(), indent=2) + "\n"
    if args.out:
        from game.files import write_atomic

        write_atomic(args.out, text)
    else:
        sys.stdout.write(text)
    return 0


def writable(path: str, suffixes: tuple[str, ...] = (), what: str = "file") -> str:
    from game.files import writable as check

    return check(path, suffixes, what)


def cmd_simulate(args) -> int:
    from game.scenario.validate import load_scenario, start_setup
    from game.sim.simulate import play, siege_facts, summary, summary_lines

    if args.record:
        writable(args.record, what="replay")
    loaded = load_scenario(args.scenario)
    setup = start_setup(loaded, args.start_date)
    players = players_for(args, setup.sides, args.seed)
    siege: list[dict] = []
    record = play(setup, args.seed, players, on_turn=(lambda state: siege.extend(siege_facts(state))) if args.json else None)
    if args.record:
        from game.replay.record import save_replay

        save_replay(args.record, loaded, record, levels_for(args, setup.sides))
    result = summary(record, loaded.scenario.id, siege)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print("\n".join(summary_lines(result, loaded.scenario.title)))
    return 0


def cmd_campaign(args) -> int:
    from game.replay.chain import save_chain
    from game.scenario.campaign import load_campaign
    from game.sim.campaign import play_campaign, step_summary

    if args.record:
        from game.files import writable_folder

        writable_folder(args.record, what="campaign record")
    loaded = load_campaign(args.campaign)
    levels = levels_for(args, loaded.sides)
    record = play_campaign(loaded, args.seed, lambda setup, seed: players_for(args, setup.sides, seed), levels)
    index = save_chain(args.record, loaded, record) if args.record else None
    steps = [step_summary(p) for p in record.played]
    if args.json:
        print(json.dumps({"campaign": loaded.campaign.id, "seed": args.seed, "players": levels, "steps": steps,
                          "ended_after": steps[-1]["step"], "record": index}, indent=1))
        return 0
    print(f"{loaded.campaign.title} (seed {args.seed})")
    for s in steps:
        print(campaign_line(s))
    if index:
        print(f"recorded: {index} (`dushanbe replay {index}` verifies the whole chain)")
    return 0


def campaign_line(s: dict) -> str:
    """One played step in words: its result, and what it started with from before."""
    brought = "; ".join(f"{side} {c['units']} units, {c['men']:,} men, {c['machine_guns']} MG" for side, c in
                        sorted(s["carried_in"].items())) or "nothing"
    extra = (f"; lost before: {', '.join(s['lost_before'])}" if s["lost_before"] else "") + \
        (f"; leaders: {', '.join(f'{k} {v}' for k, v in s['leaders_in'].items())}" if s["leaders_in"] else "")
    nxt = "the campaign ends" if s["next"] == "end" else f"next: {s['next']}"
    return (f"  {s['step']} ({s['start_date']}, {s['turns_played']} turns): {s['winner']} win ({s['end_reason']})\n"
            f"    carried in: {brought}{extra}\n    men at the end: "
            + ", ".join(f"{side} {men:,}" for side, men in s["men_end"].items()) + f"; {nxt}")


def campaign_file(path: str) -> bool:
    """A YAML file that reads as a campaign (its keys `first:` and `steps:`), not a scenario."""
    from game.scenario.yamlfile import read_text, top_level_keys

    try:
        text = read_text(path)
    except InputError:
        return False  # load_scenario names the problem
    return {"steps", "first"} <= top_level_keys(text)


def cmd_replay(args) -> int:
    from game.replay.record import load_replay
    from game.replay.verify import scenario_for, verify

    if file_format(args.file) == "dushanbe-campaign-record":
        return replay_chain(args)
    replay = load_replay(args.file)
    loaded = scenario_for(replay, args.scenario)
    verdict = verify(replay, loaded)
    if args.json:
        print(json.dumps({"file": args.file, "ok": verdict.ok, "turns_checked": verdict.turns_checked,
                          "first_bad_turn": verdict.first_bad_turn, "message": verdict.message,
                          "winner": verdict.final.winner if verdict.final else "",
                          "diff": verdict.diff, "notes": verdict.notes}, indent=1))
    elif verdict.ok:
        print("\n".join([f"{args.file}: {verdict.message}", *verdict.notes]))
    else:
        print("\n".join([f"{args.file}: {verdict.message}", *verdict.diff]), file=sys.stderr)
    return 0 if verdict.ok else EXIT_MISMATCH


def file_format(path: str) -> str | None:
    """What a JSON file says it is (its "format"), or None; InputError if it is no JSON at all."""
    from game.scenario.jsonfile import read_json

    data, _ = read_json(path)
    return data.get("format") if isinstance(data, dict) else None


def replay_chain(args) -> int:
    from game.replay.chain import verify_chain

    verdict = verify_chain(args.file)
    if args.json:
        print(json.dumps({"file": args.file, "ok": verdict.ok, "message": verdict.message,
                          "scenarios": [{"replay": name, "ok": v.ok, "turns_checked": v.turns_checked,
                                         "winner": v.final.winner if v.final else ""} for name, v in verdict.steps]},
                         indent=1))
    else:
        lines = [f"  {name}: {v.message}" for name, v in verdict.steps]
        print("\n".join([f"{args.file}: {verdict.message}", *lines]), file=sys.stdout if verdict.ok else sys.stderr)
    return 0 if verdict.ok else EXIT_MISMATCH


def cmd_play(args) -> int:
    path = args.scenario or default_scenario()
    try:
        from game.ui.app import NoDisplay, run
    except ImportError as exc:
        print(f"dushanbe: the desktop game cannot start: {exc}. Install the game with "
              "`.venv/bin/pip install -e .` (it brings pygame-ce and pygame_gui).", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return run(path, load=getattr(args, "load", None), replay=getattr(args, "replay", None),
                   side=getattr(args, "side", None), size=getattr(args, "size", None), level=getattr(args, "ai", None))
    except NoDisplay as exc:
        if getattr(args, "bare", False):
            parser().print_help()
            print(f"\ndushanbe: {exc}", file=sys.stderr)
            return 0
        print(f"dushanbe: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def cmd_batch(args) -> int:
    from game.scenario.validate import load_scenario, start_setup
    from game.sim.batch import run_batch

    if args.out:
        writable(args.out, what="table of games")
    if args.plot:
        writable(args.plot, PLOT_FORMATS, what="plot")
    if campaign_file(args.scenario):
        return batch_of_campaigns(args)
    loaded = load_scenario(args.scenario)
    setup = start_setup(loaded, args.start_date)
    levels = tuple(levels_for(args, setup.sides).items())
    show = args.progress or sys.stderr.isatty()
    return run_batch(loaded, setup, levels, games=args.games, workers=workers_for(args.workers, args.games),
                     seed=args.seed, out=args.out, plot=args.plot, progress=show, cluster=args.cluster)


def batch_of_campaigns(args) -> int:
    """`dushanbe batch CAMPAIGN`: whole campaigns, their branches and their ends."""
    from game.scenario.campaign import load_campaign
    from game.scenario.problems import Problem
    from game.sim.campaign_batch import run_campaign_batch

    for flag, given in (("--start-date", args.start_date), ("--plot", args.plot), ("--cluster", args.cluster)):
        if given:
            raise InputError([Problem(flag, None, "not for a campaign: its steps name their start dates, and "
                                                  "campaigns run in local processes (--workers)")])
    loaded = load_campaign(args.scenario)
    levels = tuple(levels_for(args, loaded.sides).items())
    return run_campaign_batch(loaded, levels, args.games, workers_for(args.workers, args.games), args.seed,
                              args.out, args.progress or sys.stderr.isatty())


def cmd_ladder(args) -> int:
    from game.scenario.problems import Problem
    from game.scenario.validate import load_scenario, start_setup
    from game.sim.ladder import Ladder, rating_lines, results, run_ladder, tables, write_report
    from game.sim.ratings import fit

    writable(args.out, (".csv",), what="table of games")
    if args.sprt and len(args.levels) != 2:
        raise InputError([Problem("--sprt", None, "tests one level against another: give exactly two --levels")])
    loaded = load_scenario(args.scenario)
    setup = start_setup(loaded, args.start_date)
    ladder = Ladder(loaded, setup, args.levels, args.games, args.seed)
    total = 2 * len(ladder.pairings()) * args.games
    rows, verdict = run_ladder(ladder, workers_for(args.workers, total), args.out, args.progress or sys.stderr.isatty(),
                               args.cluster, tuple(args.sprt) if args.sprt else None)
    ratings = fit(args.levels, results(ladder, rows))
    print("\n".join([f"{loaded.scenario.title}, from {setup.start.isoformat()}: {len(rows)} games", *tables(ladder, rows),
                     "", *rating_lines(ratings)]))
    if verdict is not None:
        a, b = args.levels
        said = {"H1": f"{b} is stronger than {a} by {args.sprt[1]:g} Elo or more (H1)",
                "H0": f"{b} is not {args.sprt[1]:g} Elo stronger than {a}: at most {args.sprt[0]:g} (H0)",
                "": f"not decided after {verdict.pairs} pairs: run again with more --games"}[verdict.decided]
        print(f"SPRT [{args.sprt[0]:g}, {args.sprt[1]:g}], α = β = 0.05: LLR {verdict.llr:+.2f} in "
              f"({verdict.lower:.2f}, {verdict.upper:.2f}) after {verdict.pairs} pairs: {said}")
    if args.report:
        for path in write_report(ladder, ratings, rows, args.report):
            print(path)
    return 0


def cmd_sweep(args) -> int:
    from game.scenario.problems import Problem
    from game.scenario.validate import load_scenario, start_setup
    from game.sim.sweep import Sweep, check_points, chosen, run_sweep

    writable(args.out, (".csv", ".parquet"), what="table of games")
    if args.report:
        if os.path.exists(args.report) and not os.path.isdir(args.report):
            raise InputError([Problem(args.report, None, "is a file; the report is a folder of files")])
        writable(os.path.join(args.report, "sensitivity.csv") if os.path.isdir(args.report) else args.report,
                 what="report folder")
    loaded = load_scenario(args.scenario)
    params = chosen(loaded, args.param)
    why = check_points(args.design, args.points, len(params))
    if why:
        raise InputError([Problem("--points", None, why)])
    setup = start_setup(loaded, args.start_date)
    levels = tuple(levels_for(args, setup.sides).items())
    sweep = Sweep(loaded, setup, levels, params, args.design, args.points, args.games, args.seed)
    total = len(sweep.grid()) * args.games
    run_sweep(sweep, workers_for(args.workers, total), args.out, args.progress or sys.stderr.isatty(), args.cluster)
    if args.report:
        from game.sim.sweep_report import write_report

        for line in write_report(sweep, args.out, args.report):
            print(line)
    return 0


def cmd_calibrate(args) -> int:
    from game.scenario.validate import load_scenario, start_setup
    from game.sim.calibrate import calibrate, rules_block
    from game.sim.sweep import Sweep, chosen

    if args.write:
        writable(args.write, (".yaml", ".yml"), what="rules block")
    loaded = load_scenario(args.scenario)
    params = chosen(loaded, args.param)
    setup = start_setup(loaded, args.start_date)
    levels = tuple(levels_for(args, setup.sides).items())
    sweep = Sweep(loaded, setup, levels, params, "calibrate", 0, args.games, args.seed)
    generation = max(args.population, 4) * len(params) * args.games
    found = calibrate(sweep, workers_for(args.workers, generation), args.rounds, args.population,
                      args.progress or sys.stderr.isatty(), args.cluster)
    print(f"{loaded.scenario.title}: {found['candidates']} candidates of {args.games} games each")
    print(f"  distance from the record: {found['score']:.3f} (0: every target inside; luck moves it by about "
          f"{found['noise']:.3f})")
    for name, value in found["best"].items():
        low, high = found["spread"][name]
        print(f"  {name:32} {value:<10.4g} ({found['near']} candidates as good within the noise: {low:.4g} to {high:.4g})")
    block = rules_block(sweep, found["best"])
    if args.write:
        from game.files import write_atomic

        write_atomic(args.write, block)
        print(f"rules block written to {args.write}")
    else:
        print(block, end="")
    return 0


def workers_for(asked: int, games: int, cpus: int | None = None) -> int:
    """The worker processes a batch gets: no more than its games, nor than a few per CPU (saying so)."""
    cpus = cpus or os.cpu_count() or 1
    most = min(games, WORKERS_PER_CPU * cpus)
    if asked > most:
        why = f"{games} game{'s' if games != 1 else ''}" if games <= WORKERS_PER_CPU * cpus else f"{cpus} CPUs"
        print(f"dushanbe: --workers {asked} is more than {why} can use; running {most}", file=sys.stderr)
        return most
    return asked


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
