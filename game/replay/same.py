"""Is this still the game it was played as?  The one check behind saves and replays.

A save or a replay names the scenario file it was played on, with the
file's SHA-256, the rules data's hash and the engine's version; if any of
them has changed, replaying its orders would give another game, so it is
refused with a message naming what changed (`InputError`, file and field).
"""

from __future__ import annotations

import game
from game.replay.record import rules_hash
from game.scenario.problems import InputError, within
from game.scenario.validate import LoadedScenario, load_scenario


def played_on(record, path: str, done: str) -> LoadedScenario:
    """The scenario at `path`, if `record` (a save or a replay: `.fail`, `.path`, `.scenario_sha256`,
    `.rules_sha256`, `.engine_version`) was played on it as it is now, with these rules and this engine.
    `done` says when: "this replay was recorded", "this game was saved"."""
    try:
        loaded = load_scenario(path)
    except InputError as exc:
        raise within(record.path, exc) from None
    recorded_on = getattr(record, "scenario_id", "")
    if loaded.sha256 != record.scenario_sha256 and recorded_on and recorded_on != loaded.scenario.id:
        raise record.fail(f"the scenario file {path} is another scenario ('{loaded.scenario.id}'; {done} on "
                          f"'{recorded_on}')", "scenario", "id")
    if loaded.sha256 != record.scenario_sha256:
        raise record.fail(f"the scenario file {path} has changed since {done} (SHA-256 {loaded.sha256[:12]}..., "
                          f"then {record.scenario_sha256[:12]}...); its orders cannot be replayed on it",
                          "scenario", "sha256")
    if rules_hash(loaded.rules) != record.rules_sha256:
        raise record.fail(f"the rules data has changed since {done}", "rules_sha256")
    if record.engine_version != game.ENGINE_VERSION:
        raise record.fail(f"{done} with engine version {record.engine_version}; this is {game.ENGINE_VERSION}",
                          "engine_version")
    return loaded
