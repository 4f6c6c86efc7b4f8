"""The game's own scenarios: the folder beside the package in a checkout, the main one, and a scenario by name."""

from __future__ import annotations

import os

from game.scenario.problems import InputError, Problem

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIOS = os.path.join(ROOT, "scenarios")
MAIN = os.path.join(SCENARIOS, "dushanbe_1922.yaml")  # the Siege of Dushanbe


def files() -> list[str]:
    """Every bundled scenario's file, sorted."""
    if not os.path.isdir(SCENARIOS):
        return []
    return sorted(os.path.join(SCENARIOS, n) for n in os.listdir(SCENARIOS) if n.endswith((".yaml", ".yml")))


def scenario_file(scenario: str) -> str:
    """A scenario's file: a path as given, or a bare name ("kampchi_raid") for one of the game's own scenarios."""
    if os.sep in scenario or "/" in scenario or scenario.endswith((".yaml", ".yml", ".json")):
        return scenario
    path = os.path.join(SCENARIOS, scenario + ".yaml")
    if not os.path.exists(path):
        names = [os.path.splitext(os.path.basename(f))[0] for f in files()]
        raise InputError([Problem(scenario, None, f"no scenario of that name; the game's own are {', '.join(names)} "
                                                  "(or give a scenario file's path)")])
    return path
