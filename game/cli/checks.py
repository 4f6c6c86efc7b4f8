"""`dushanbe validate` and `dushanbe schema`: files checked, and the scenario format for editors."""

from __future__ import annotations

import json
import sys

from game.cli.args import EXIT_BAD_INPUT, writable
from game.scenario.problems import InputError, Problem, listed


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
        if args.ranges:
            print("\n".join(range_lines(path)))
    return status


def range_lines(path: str) -> list[str]:
    """The scenario's ranged numbers, one a line, as `--param` names them: what a sweep or calibration may vary."""
    from game.replay.formats import identify
    from game.scenario.validate import load_scenario

    if identify(path) != "scenario":
        return ["  (ranged numbers are a scenario's: give its file)"]
    ranges = load_scenario(path).ranges
    width = max((len(name) for name in ranges), default=0)
    return [f"  {name:<{width}}  {r.low:g} to {r.high:g} (now {r.value:g}){'; ' + r.source if r.source else ''}"
            for name, r in sorted(ranges.items())]


def validate_file(path: str) -> str:
    """Check a scenario, save or replay file (by what it says it is); what it is, or InputError."""
    from game.replay.formats import identify

    kind = identify(path)
    if kind == "save":
        from game.replay.save import load_game

        saved, restored = load_game(path)
        return f"valid save ({restored.loaded.scenario.title}, {len(saved.orders)} orders)"
    if kind == "replay":
        from game.replay.record import load_replay
        from game.replay.verify import scenario_for

        replay = load_replay(path)
        loaded = scenario_for(replay)
        return f"valid replay ({loaded.scenario.title}, {len(replay.turns)} turns; `dushanbe replay` checks every digest)"
    if kind == "campaign record":
        from game.replay.chain import chain_replays

        steps = chain_replays(path)
        return f"valid campaign record ({len(steps)} scenarios; `dushanbe replay` checks every turn and link)"
    if kind == "schema":
        raise InputError([Problem(path, None, "this is a JSON Schema (what editors check files against), not a "
                                              "scenario, campaign, save or replay")])
    if kind == "campaign":
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
