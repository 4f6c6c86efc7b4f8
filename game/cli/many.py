"""Many games: `batch`, `ladder`, `sweep`, `calibrate`."""

from __future__ import annotations

import os
import sys

from game.cli.args import PLOT_FORMATS, levels_for, writable, writable_folder
from game.scenario.problems import InputError


def cmd_batch(args) -> int:
    from game.scenario.campaign import is_campaign
    from game.scenario.validate import load_scenario, start_setup
    from game.sim.batch import run_batch
    from game.sim.runner import workers_for

    if args.out:
        writable(args.out, what="table of games")
    if args.plot:
        writable(args.plot, PLOT_FORMATS, what="plot")
    if is_campaign(args.scenario):
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
    from game.sim.runner import workers_for

    why = {"--start-date": "its steps name their start dates", "--plot": "a campaign's games have no one outcome "
           "to plot (its table, --out, holds each game's branch and end)",
           "--cluster": "campaigns run in local processes (--workers)"}
    for flag, given in (("--start-date", args.start_date), ("--plot", args.plot), ("--cluster", args.cluster)):
        if given:
            raise InputError([Problem(flag, None, f"not for a campaign: {why[flag]}")])
    loaded = load_campaign(args.scenario)
    levels = tuple(levels_for(args, loaded.sides).items())
    return run_campaign_batch(loaded, levels, args.games, workers_for(args.workers, args.games), args.seed,
                              args.out, args.progress or sys.stderr.isatty())


def cmd_ladder(args) -> int:
    from game.scenario.problems import Problem
    from game.scenario.validate import load_scenario, start_setup
    from game.sim.ladder import Ladder, rating_lines, results, run_ladder, tables, write_report
    from game.sim.ratings import fit
    from game.sim.runner import workers_for

    writable(args.out, (".csv",), what="table of games")
    if args.report:
        writable_folder(args.report, "report")  # before the games, not after them
    if args.sprt and len(args.levels) != 2:
        raise InputError([Problem("--sprt", None, "tests one level against another: give exactly two --levels")])
    if args.sprt and not args.sprt[0] < args.sprt[1]:
        raise InputError([Problem("--sprt", None, "ELO0 is the gain at most (H0), ELO1 the gain at least (H1): give "
                                                  "ELO0 less than ELO1, e.g. --sprt 0 50")])
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
    from game.sim.runner import workers_for
    from game.sim.sweep import Sweep, check_points, chosen, run_sweep

    writable(args.out, (".csv", ".parquet"), what="table of games")
    if args.report:
        writable_folder(args.report, "report")
    loaded = load_scenario(args.scenario)
    params = chosen(loaded, args.param)
    why = check_points(args.design, args.points, len(params), args.games)
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
    from game.sim.calibrate import calibrate, generation, rules_block
    from game.sim.runner import workers_for
    from game.sim.sweep import Sweep, chosen

    if args.write:
        writable(args.write, (".yaml", ".yml"), what="rules block")
    loaded = load_scenario(args.scenario)
    params = chosen(loaded, args.param)
    setup = start_setup(loaded, args.start_date)
    levels = tuple(levels_for(args, setup.sides).items())
    sweep = Sweep(loaded, setup, levels, params, "calibrate", 0, args.games, args.seed)
    games = generation(args.population, len(params)) * args.games
    found = calibrate(sweep, workers_for(args.workers, games), args.rounds, args.population,
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
