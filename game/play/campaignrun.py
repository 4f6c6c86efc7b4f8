"""A campaign played in the window: which step comes now, what it starts with, and how it is saved.

The headless loop (game/sim/campaign.py) plays a step after a step; here a
person plays them one at a time, with a briefing before each and a
debriefing after.  The run is plain data: it rides in every save of a game
of the campaign (`formats.CampaignSave`), so a campaign resumes at any
scenario and any turn.  No pygame here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from game.core.carry import Carried, Roster
from game.core.narrate import day_text
from game.core.state import State
from game.scenario.campaign import END, LoadedCampaign, Step, load_campaign
from game.scenario.problems import InputError
from game.sim.campaign import carried_from, handed_on, setup_of


@dataclass
class CampaignRun:
    loaded: LoadedCampaign
    seed: int
    step_id: str
    roster: Roster = Roster()
    previous: str = ""  # the step played before this one
    results: list[tuple[str, str]] = field(default_factory=list)  # (step, winner), in order

    @classmethod
    def begin(cls, loaded: LoadedCampaign, seed: int) -> "CampaignRun":
        return cls(loaded, seed, loaded.campaign.first)

    @property
    def step(self) -> Step:
        return self.loaded.step(self.step_id)

    @property
    def game_seed(self) -> int:
        return self.seed + len(self.results)  # as dushanbe campaign plays it

    def carried(self, setup=None) -> Carried:
        """What this step starts with (`setup`: its game's, when already made)."""
        before = self.loaded.step(self.previous) if self.previous else None
        return carried_from(self.roster, before, self.step, setup or setup_of(self.loaded, self.step))

    def following(self, final: State) -> str:
        """The step this one's result leads to (END when the campaign ends with it)."""
        return self.step.next.get(final.winner, END)

    def finish(self, final: State) -> str:
        """The step is over: remember its forces and its result; the step that follows (END when none)."""
        step = self.step
        self.roster, following = handed_on(self.roster, step, final)
        self.results.append((step.id, final.winner))
        if following != END:
            self.previous, self.step_id = step.id, following
        return following

    # -- words ----------------------------------------------------------------
    def briefing(self) -> str:
        """Before the step: its place in the chain, its briefing and description, and what it starts with."""
        step, scenario = self.step, self.loaded.scenarios[self.step_id].scenario
        setup = setup_of(self.loaded, step)
        lines = [f"<b>{esc(scenario.title)}</b> — scenario {len(self.results) + 1} of the campaign, "
                 f"from {day_text(setup.start)}", ""]
        if step.briefing:
            lines += [esc(step.briefing), ""]
        lines += [esc(scenario.description), "", "<b>Carried over</b>"]
        carried = self.carried(setup)
        lines += carried_lines(carried, setup) or ["nothing: every side starts as the scenario lists it"]
        waiting = self.not_here(setup)
        if waiting and not step.fresh:
            lines += ["", "<b>Not in this fight</b> (this scenario's forces do not include them; they go on to the "
                          "scenarios after it as they are):"] + \
                [f"{esc(side_short(setup, side))}: " + "; ".join(units) for side, units in waiting.items()]
        return "<br>".join(lines)

    def not_here(self, setup) -> dict[str, list[str]]:
        """The roster's units alive but not among this scenario's forces, by side: 'Denov cavalry detachment (321
        men)'."""
        here = {spec.id for side in setup.scenario.sides for spec in side.units}
        names = {spec.id: (side.id, spec.name) for loaded in self.loaded.scenarios.values()
                 for side in loaded.scenario.sides for spec in [*side.units, *(u for r in side.reinforcements for u in r.units)]}
        out: dict[str, list[str]] = {}
        for uid, strength in self.roster.units:
            if strength is not None and uid not in here:
                side, name = names.get(uid, ("", uid))
                out.setdefault(side, []).append(f"{esc(name)} ({strength.men:,} men)")
        return {side: out[side] for side in sorted(out)}

    def debriefing(self, final: State) -> str:
        """After the step: the result beside the record, and what comes next."""
        step = self.step
        following = self.following(final)
        nxt = "The campaign is over." if following == END else \
            f"Next: {esc(self.loaded.scenarios[following].scenario.title)}."
        record = f"<b>In history</b>: {esc(step.record)}<br>" if step.record else ""
        return f"{record}{nxt}"

    # -- saving ---------------------------------------------------------------------
    def to_save(self) -> dict:
        from game.replay.formats import roster_to_dict

        return {"path": self.loaded.path, "sha256": self.loaded.sha256, "step": self.step_id, "seed": self.seed,
                "previous": self.previous, "results": [{"step": s, "winner": w} for s, w in self.results],
                "roster": roster_to_dict(self.roster)}

    @classmethod
    def from_save(cls, block, save_path: str) -> "CampaignRun":
        """The run a save was made in (InputError naming the save if its campaign is gone or changed)."""
        from game.replay.formats import roster_of
        from game.scenario.problems import Problem, within

        try:
            loaded = load_campaign(block.path)
        except InputError as exc:
            raise within(save_path, exc) from None
        if loaded.sha256 != block.sha256:
            raise InputError([Problem(save_path, None, f"campaign.sha256: the campaign {block.path} or one of its "
                                                       "scenarios has changed since this game was saved")])
        if block.step not in {s.id for s in loaded.campaign.steps}:
            raise InputError([Problem(save_path, None, f"campaign.step: the campaign has no step '{block.step}'")])
        return cls(loaded, block.seed, block.step, roster_of(block.roster), block.previous,
                   [(r.step, r.winner) for r in block.results])


def carried_lines(carried: Carried, setup) -> list[str]:
    """What the steps before bring in, a line a side, then the lost, the wounded and the places."""
    names = {spec.id: (side.id, spec.name) for side in setup.scenario.sides for spec in side.units}
    sides: dict[str, list[str]] = {}
    for uid, strength in carried.units:
        side, name = names.get(uid, ("", uid))
        sides.setdefault(side, []).append(f"{esc(name)} ({strength.men:,} men"
                                          + (f", {strength.machine_guns} MG" if strength.machine_guns else "") + ")")
    lines = [f"{esc(side_short(setup, side))}: " + "; ".join(units) for side, units in sorted(sides.items()) if side]
    if carried.lost:
        lines.append("Lost before, and not here: " + ", ".join(esc(names.get(u, ("", u))[1]) for u in carried.lost))
    wounded = [lid for lid, status, _ in carried.leaders if status == "wounded"]
    if wounded:
        lines.append("Wounded: " + ", ".join(esc(l) for l in wounded))
    if carried.places:
        places = setup.board.places
        named = ", ".join(esc(places[pid].name if pid in places else pid)
                          + (f" (held by the {esc(side_short(setup, holder))})" if holder else "")
                          for pid, holder, _ in carried.places)
        lines.append(f"As the last fight left {'it' if len(carried.places) == 1 else 'them'}, with whom the people "
                     f"favour: {named}")
    return lines


def side_short(setup, side: str) -> str:
    return setup.scenario.side(side).name.split(" (")[0]


def esc(text: str) -> str:
    return html.escape(str(text), quote=False)  # as the window's text boxes take it (panels.esc)
