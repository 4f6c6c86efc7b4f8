"""One game, or one chain of them: `simulate`, `campaign`, `replay`, `play`."""

from __future__ import annotations

import json
import sys

from game.cli.args import EXIT_BAD_INPUT, EXIT_MISMATCH, default_scenario, levels_for, players_for, writable


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
        print(json.dumps(result.model_dump(), indent=1))
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


def cmd_replay(args) -> int:
    from game.replay.record import load_replay
    from game.replay.verify import scenario_for, verify

    from game.replay.formats import declared

    if declared(args.file) == "campaign record":
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
            from game.cli import parser

            parser().print_help()
            print(f"\ndushanbe: {exc}", file=sys.stderr)
            return 0
        print(f"dushanbe: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
