"""Campaign files: scenarios in order, what follows each by its outcome, and what carries over.

A campaign (docs/campaign-format.md) is YAML read like a scenario: the same
safe reader with a line for every value, a strict pydantic shape, then its
references — the steps it names exist, every step can be reached from the
first and the chain always ends (no step leads back to one before it), each
scenario loads (its problems named inside the campaign's), start dates are
the scenario's, outcomes are its sides, renamed units exist.
`load_campaign(path)` returns a `LoadedCampaign` or raises `InputError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from game.scenario.problems import InputError, Problem, did_you_mean, within
from game.scenario.validate import LoadedScenario, check_shape, load_scenario
from game.scenario.textfile import LineMap, read_text
from game.scenario.yamlfile import parse_yaml

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
END = "end"  # a step's next for an outcome that ends the campaign


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Carry(Strict):
    """What goes on from a step into the next."""
    places: StrictBool = Field(False, description="the holder and local support of every place both scenarios name go on")
    rename: dict[Identifier, Identifier] = Field(
        default_factory=dict, description="this scenario's unit -> the id it has in the scenarios after")


class Step(Strict):
    id: Identifier
    scenario: str = Field(description="the scenario file, relative to the campaign file")
    start_date: dt.date | None = Field(None, description="one of the scenario's start dates (its first by default)")
    briefing: str = Field("", description="told before the scenario, with its own description and what carried over")
    record: str = Field("", description="what happened in history, told beside the result")
    next: dict[Identifier, Identifier] = Field(
        default_factory=dict, description=f"winning side -> the next step's id, or '{END}'; an outcome not named ends it")
    carry: Carry = Field(default_factory=Carry)
    fresh: StrictBool = Field(False, description="the step starts as its file has it, nothing carried in (the forces "
                                           "seen so far are still remembered for the steps after)")


class Campaign(Strict):
    id: Identifier
    title: str
    description: str = ""
    sources: list[str] = Field(default_factory=list)
    first: Identifier = Field(description="the step the campaign starts with")
    steps: Annotated[list[Step], Field(min_length=1, max_length=100)]


@dataclass(frozen=True)
class LoadedCampaign:
    path: str
    campaign: Campaign
    scenarios: dict[str, LoadedScenario]  # step id -> its scenario, loaded
    lines: LineMap
    sha256: str  # of the campaign file and every scenario file it names, in step order
    warnings: list[Problem] = field(default_factory=list)

    @property
    def sides(self) -> tuple[str, ...]:
        """Every side any of its scenarios has, by id (what --ai-SIDE and the players are given for)."""
        return tuple(sorted({s.id for loaded in self.scenarios.values() for s in loaded.scenario.sides}))

    def step(self, step_id: str) -> Step:
        return next(s for s in self.campaign.steps if s.id == step_id)

    def start_of(self, step: Step) -> dt.date:
        return step.start_date or self.scenarios[step.id].scenario.calendar.start_dates[0].date


def load_campaign(path: str) -> LoadedCampaign:
    text = read_text(path)
    data, lines = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise InputError([Problem(path, 1 if data is not None else None,
                                  "a campaign is a mapping of keys (title:, first:, steps: ...)")])
    if "steps" not in data and {"map", "sides"} <= set(data):
        raise InputError([Problem(path, None, "this is a scenario, not a campaign (a campaign lists `first:` and "
                                              "`steps:`); play a scenario with `dushanbe simulate` or `dushanbe play`")])
    campaign = check_shape(Campaign, data, lines, path)
    problems: list[Problem] = []
    scenarios = load_steps(campaign, path, lines, problems)
    if not problems:
        problems += references(campaign, scenarios, path, lines)
    if problems:
        raise InputError(problems)
    digest = hashlib.sha256(text.encode("utf-8"))
    for step in campaign.steps:
        digest.update(scenarios[step.id].sha256.encode())
    return LoadedCampaign(path, campaign, scenarios, lines, digest.hexdigest())


def load_steps(campaign: Campaign, path: str, lines: LineMap, problems: list[Problem]) -> dict[str, LoadedScenario]:
    here = os.path.dirname(os.path.abspath(path))
    scenarios = {}
    for i, step in enumerate(campaign.steps):
        at = lines.line(("steps", i, "scenario"))
        file = os.path.normpath(os.path.join(here, step.scenario))
        if not os.path.isfile(file):
            problems.append(Problem(path, at, f"steps[{i}].scenario: no scenario file {file}"))
            continue
        try:
            scenarios[step.id] = load_scenario(file)
        except InputError as exc:
            problems += [Problem(path, at, f"steps[{i}].scenario: {p.message}", p.severity)
                         for p in within(path, exc).problems]
    return scenarios


def references(campaign: Campaign, scenarios: dict[str, LoadedScenario], path: str, lines: LineMap) -> list[Problem]:
    ids = [s.id for s in campaign.steps]
    problems = []

    def bad(where: tuple, message: str) -> None:
        from game.scenario.problems import dotted

        problems.append(Problem(path, lines.line(where), f"{dotted(where)}: {message}"))

    for i, step in enumerate(campaign.steps):
        if ids.index(step.id) != i:
            bad(("steps", i, "id"), f"the step '{step.id}' comes twice")
        scenario = scenarios[step.id].scenario
        sides = [s.id for s in scenario.sides]
        starts = [s.date for s in scenario.calendar.start_dates]
        if step.start_date is not None and step.start_date not in starts:
            bad(("steps", i, "start_date"), f"{step.start_date} is not a start date of {step.scenario} "
                                            f"(its start dates: {', '.join(map(str, starts))})")
        for side, target in step.next.items():
            if side not in sides:
                bad(("steps", i, "next", side), f"'{side}' is not a side of {step.scenario} ({', '.join(sides)})"
                                                f"{did_you_mean(side, sides)}")
            if target != END and target not in ids:
                bad(("steps", i, "next", side), f"no step '{target}' (steps: {', '.join(ids)}, or '{END}')"
                                                f"{did_you_mean(target, ids)}")
        units = [u.id for s in scenario.sides for u in list(s.units) + [v for r in s.reinforcements for v in r.units]]
        for uid in step.carry.rename:
            if uid not in units:
                bad(("steps", i, "carry", "rename", uid), f"{step.scenario} has no unit '{uid}'{did_you_mean(uid, units)}")
    if campaign.first not in ids:
        bad(("first",), f"no step '{campaign.first}' (steps: {', '.join(ids)}){did_you_mean(campaign.first, ids)}")
    if problems:
        return problems
    return problems + chain_problems(campaign, path, lines)


def chain_problems(campaign: Campaign, path: str, lines: LineMap) -> list[Problem]:
    """Every step reached from the first, and no way back to a step already played (the chain always ends)."""
    steps = {s.id: s for s in campaign.steps}
    seen: set[str] = set()
    problems = []

    def walk(step_id: str, trail: tuple[str, ...]) -> None:
        if step_id in trail:
            i = [s.id for s in campaign.steps].index(trail[-1])
            problems.append(Problem(path, lines.line(("steps", i, "next")),
                                    f"steps[{i}].next leads back to '{step_id}': a campaign must end "
                                    f"({' -> '.join(trail + (step_id,))})"))
            return
        if step_id in seen:
            return
        seen.add(step_id)
        for target in sorted(set(steps[step_id].next.values()) - {END}):
            walk(target, trail + (step_id,))

    walk(campaign.first, ())
    for i, step in enumerate(campaign.steps):
        if step.id not in seen:
            problems.append(Problem(path, lines.line(("steps", i, "id")),
                                    f"steps[{i}]: no outcome of any step leads to '{step.id}' (from '{campaign.first}')"))
    return problems


def is_campaign(path: str) -> bool:
    """A YAML file that reads as a campaign (its keys `first:` and `steps:`), not a scenario."""
    from game.scenario.textfile import read_text
    from game.scenario.yamlfile import top_level_keys

    try:
        text = read_text(path)
    except InputError:
        return False  # loading it as a scenario names the problem
    return {"steps", "first"} <= top_level_keys(text)
