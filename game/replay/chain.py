"""A campaign's record: one replay a scenario, and the chain that links them.

`dushanbe campaign --record DIR` writes each scenario's replay (`01-relief-3fa2c1d0.json`,
...: its place, its step, a short hash of its content; each holds what the scenarios before brought into it, so `dushanbe replay`
verifies it alone) and `campaign.json`, which names the campaign file, the
seed, the players and the steps in order.  `dushanbe replay DIR/campaign.json`
verifies the whole chain: every replay turn by turn (and who played it), and
between them that each scenario started with exactly what the one before
left, that the step played next is the one its result leads to, and that
every replay names the players the record does.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field, StringConstraints

import game
from game import faults
from game.core.carry import Roster
from game.files import ensure_folder, write_atomic
from game.replay.formats import Digest, Name, Player, Seed, Shape, read_format
from game.replay.record import load_replay, replay_text
from game.replay.verify import Verdict, scenario_for, verify
from game.scenario.campaign import END, LoadedCampaign, load_campaign
from game.scenario.problems import InputError, Problem, at_field, within

FORMAT = "dushanbe-campaign-record"
VERSION = 1
INDEX = "campaign.json"


class CampaignRef(Shape):
    path: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=4096)]
    id: Name
    sha256: Digest


class StepEntry(Shape):
    step: Name
    replay: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=255, pattern=r"^[^/\\]+\.json$")]
    winner: Annotated[str, StringConstraints(strict=True, max_length=100)]
    next: Name


class ChainFile(Shape):
    format: str
    version: int
    engine_version: Name
    campaign: CampaignRef
    seed: Seed
    players: Annotated[dict[Name, Player], Field(max_length=10)]
    steps: Annotated[list[StepEntry], Field(min_length=1, max_length=100)]
    comment: Annotated[str, StringConstraints(strict=True, max_length=4096)] = ""


def replay_name(index: int, step_id: str, text: str) -> str:
    """A step replay's file name: its place, its step and a short hash of its content, so a record written over
    another never overwrites a replay the other's index names."""
    return f"{index + 1:02d}-{step_id}-{hashlib.sha256(text.encode()).hexdigest()[:8]}.json"


STEP_FILE = re.compile(r"^\d{2,3}-[^/\\]+\.json$")


def save_chain(folder: str, loaded: LoadedCampaign, record) -> str:
    """Write every step's replay, then the chain's index, into `folder`; the index's path.

    The index is written last, whole, and it is what makes the record: a write killed before it leaves the
    earlier record as it was (the new replays, under names of their own, beside it); after it, the replays of
    the earlier record that the new index does not name are removed. So the folder always holds one record.
    """
    ensure_folder(folder)
    steps = []
    for index, played in enumerate(record.played):
        text = replay_text(os.path.join(folder, "x.json"), loaded.scenarios[played.step.id], played.record,
                           record.levels)
        name = replay_name(index, played.step.id, text)
        write_atomic(os.path.join(folder, name), text)
        faults.reached("chain.step-written")
        steps.append({"step": played.step.id, "replay": name, "winner": played.record.final.winner,
                      "next": played.next})
    rel = os.path.relpath(os.path.abspath(loaded.path), os.path.abspath(folder)).replace(os.sep, "/")
    data = {"format": FORMAT, "version": VERSION, "engine_version": game.ENGINE_VERSION,
            "campaign": {"path": rel, "id": loaded.campaign.id, "sha256": loaded.sha256},
            "seed": record.seed, "players": dict(record.levels), "steps": steps}
    index_path = os.path.join(folder, INDEX)
    write_atomic(index_path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    remove_others(folder, {entry["replay"] for entry in steps})
    return index_path


def remove_others(folder: str, kept: set[str]) -> None:
    """Remove the step replays of earlier records from `folder` (never a file not named like one)."""
    for name in sorted(os.listdir(folder)):
        if STEP_FILE.match(name) and name not in kept:
            try:
                os.remove(os.path.join(folder, name))
            except OSError:
                pass


def steps_if_chain(path: str) -> list[tuple[str, str]] | None:
    """A campaign record's steps (`chain_replays`), or None if `path` is not one (a plain replay, say)."""
    return chain_replays(path) if is_chain(path) else None


def is_chain(path: str) -> bool:
    """Whether `path` reads as a campaign record (its format says so), without checking the rest."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False  # whoever reads it next says what is wrong with it
    return isinstance(data, dict) and data.get("format") == FORMAT


def chain_replays(path: str) -> list[tuple[str, str]]:
    """The steps of a campaign record, in order: (step id, its replay's path), each replay loadable with its
    scenario (InputError naming the file otherwise)."""
    shape, _ = read_format(path, ChainFile, FORMAT, (VERSION,), "campaign record")
    folder = os.path.dirname(os.path.abspath(path))
    steps = [(entry.step, os.path.join(folder, entry.replay)) for entry in shape.steps]
    for _, replay_path in steps:
        try:
            scenario_for(load_replay(replay_path))
        except InputError as exc:
            raise within(path, exc) from None
    return steps


def who(players: dict[str, str]) -> str:
    return ", ".join(f"{side} {level}" for side, level in sorted(players.items())) or "nobody named"


@dataclass(frozen=True)
class ChainVerdict:
    ok: bool
    message: str
    steps: list[tuple[str, Verdict]]  # (replay file, its verdict), as far as checked


def verify_chain(path: str) -> ChainVerdict:
    """Re-run every scenario of a campaign record and check the links between them (InputError for a bad file)."""
    shape, lines = read_format(path, ChainFile, FORMAT, (VERSION,), "campaign record")
    folder = os.path.dirname(os.path.abspath(path))
    campaign_path = os.path.normpath(os.path.join(folder, shape.campaign.path))
    try:
        loaded = load_campaign(campaign_path)
    except InputError as exc:
        raise within(path, exc) from None
    if loaded.sha256 != shape.campaign.sha256:
        raise at_field(path, lines, f"the campaign {campaign_path} or one of its scenarios has changed since this "
                                    "campaign was recorded", ("campaign", "sha256"))
    if shape.campaign.id != loaded.campaign.id:
        return ChainVerdict(False, f"campaign.id: the record says '{shape.campaign.id}', but its campaign file is "
                                   f"'{loaded.campaign.id}'", [])
    from game.sim.campaign import carried_from, handed_on, setup_of

    roster, previous, step = Roster(), None, loaded.step(loaded.campaign.first)
    checked: list[tuple[str, Verdict]] = []
    for index, entry in enumerate(shape.steps):
        if entry.step != step.id:
            return ChainVerdict(False, f"step {index + 1} is '{entry.step}', but the campaign leads to '{step.id}'", checked)
        replay_path = os.path.join(folder, entry.replay)
        try:
            replay = load_replay(replay_path)
        except InputError as exc:
            raise within(path, exc) from None  # the record first, then its step's replay
        if replay.players != dict(shape.players):
            return ChainVerdict(False, f"players: the record says {who(shape.players)}, but {entry.replay} was "
                                       f"played by {who(replay.players)}", checked)
        verdict = verify(replay, scenario_for(replay))
        checked.append((entry.replay, verdict))
        if not verdict.ok:
            return ChainVerdict(False, f"{entry.replay}: {verdict.message}", checked)
        if replay.carried != carried_from(roster, previous, step, setup_of(loaded, step)):
            return ChainVerdict(False, f"{entry.replay}: the forces it starts with are not those the steps before "
                                       "left it", checked)
        if replay.seed != shape.seed + index:
            return ChainVerdict(False, f"{entry.replay}: seed {replay.seed}, but step {index + 1} of a campaign "
                                       f"from seed {shape.seed} is played from seed {shape.seed + index}", checked)
        final = verdict.final
        roster, following = handed_on(roster, step, final)
        if (entry.winner, entry.next) != (final.winner, following):
            return ChainVerdict(False, f"{entry.replay}: the record says {entry.winner or 'nobody'} won and "
                                       f"'{entry.next}' came next; the game gives {final.winner} and '{following}'", checked)
        if following == END:
            if index != len(shape.steps) - 1:
                return ChainVerdict(False, f"the campaign ends after step {index + 1}, but the record goes on", checked)
            return ChainVerdict(True, f"campaign verified: {len(checked)} scenarios, every turn and every link "
                                      "matches", checked)
        previous, step = step, loaded.step(following)
    raise InputError([Problem(path, lines.line(("steps",)),
                              f"steps: the record stops after {len(shape.steps)} steps, before the campaign's end "
                              f"(step '{step.id}' is next)")])
