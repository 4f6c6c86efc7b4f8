"""A campaign played headless: each scenario in turn, the next chosen by who won, forces carried on.

The loop of `dushanbe campaign` (and of a campaign in `dushanbe batch`): for
each step, the forces the campaign has carried so far are brought into the
scenario's start (core/carry.py), the game is played by the AI, and its end
is added to the roster.  Step k is played from seed `seed + k`, so a
campaign's seed gives the same chain on any machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.core.carry import Carried, Roster, after, carried_into
from game.core.setup import make_setup
from game.core.state import WEAPONS, State
from game.scenario.campaign import END, LoadedCampaign, Step
from game.core.record import GameRecord
from game.sim.simulate import play


@dataclass
class StepPlayed:
    step: Step
    seed: int
    record: GameRecord
    carried: Carried  # what it started with from the steps before
    next: str  # the step its result leads to, or END


@dataclass
class CampaignRecord:
    seed: int
    levels: dict[str, str]
    played: list[StepPlayed] = field(default_factory=list)
    roster: Roster = Roster()

    @property
    def final(self) -> State:
        return self.played[-1].record.final


def setup_of(loaded: LoadedCampaign, step: Step):
    scenario = loaded.scenarios[step.id]
    return make_setup(scenario.scenario, scenario.rules, loaded.start_of(step))


def carried_from(roster: Roster, previous: Step | None, step: Step, setup) -> Carried:
    """What the roster brings into `step`, a game of `setup` (places only if the step before carries them;
    nothing into a fresh one)."""
    if step.fresh:
        return Carried()
    return carried_into(roster, setup, previous is not None and previous.carry.places)


def handed_on(roster: Roster, step: Step, final: State) -> tuple[Roster, str]:
    """A step is over: the roster with its forces as they ended, and the step its result leads to (END when none).
    The one hand-over of the headless loop, the chain's verifier and the window's campaign."""
    return after(roster, final, step.carry.rename, step.carry.places), step.next.get(final.winner, END)


def play_campaign(loaded: LoadedCampaign, seed: int, make_players, levels: dict[str, str]) -> CampaignRecord:
    """Play the whole chain; `make_players(setup, seed)` gives each scenario's players."""
    record = CampaignRecord(seed, dict(levels))
    step, previous = loaded.step(loaded.campaign.first), None
    while True:
        setup = setup_of(loaded, step)
        carried = carried_from(record.roster, previous, step, setup)
        game_seed = seed + len(record.played)
        game = play(setup, game_seed, make_players(setup, game_seed), carried=carried)
        record.roster, following = handed_on(record.roster, step, game.final)
        record.played.append(StepPlayed(step, game_seed, game, carried, following))
        if following == END:
            return record
        step, previous = loaded.step(following), step


def step_summary(played: StepPlayed) -> dict:
    """One played step as `dushanbe campaign --json` lists it."""
    final = played.record.final
    carried = played.carried
    start_side = {spec.id: side.id for side in final.setup.scenario.sides for spec in side.units}
    brought: dict[str, dict[str, int]] = {}
    for uid, strength in carried.units:
        side = start_side.get(uid, "")
        entry = brought.setdefault(side, {"units": 0, "men": 0, "rifles": 0, "machine_guns": 0, "cannons": 0})
        entry["units"] += 1
        for key in ("men", *WEAPONS):
            entry[key] += getattr(strength, key)
    return {
        "step": played.step.id, "scenario": final.setup.scenario.id, "seed": played.seed,
        "start_date": final.setup.start.isoformat(), "turns_played": len(played.record.turns),
        "winner": final.winner, "end_reason": final.end_reason,
        "men_end": {side: final.men(side) for side in final.setup.sides},
        "carried_in": brought, "lost_before": list(carried.lost),
        "leaders_in": {lid: status for lid, status, _ in carried.leaders if status != "fit"},
        "places_in": {pid: holder for pid, holder, _ in carried.places},
        "next": played.next,
    }
