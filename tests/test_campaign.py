"""Campaigns: scenarios chained by outcome, forces carried on, the books balanced across the chain, records verified."""

import json
import shutil
import os
import random
import subprocess
import sys

import pytest

from game.ai.players import make_player
from game.core.carry import CARRIED, Roster, Strength, after, carried_into
from game.core.ledger import imbalances
from game.core.setup import make_setup, new_game
from game.scenario.campaign import END, load_campaign
from game.scenario.problems import InputError
from game.sim.campaign import play_campaign
from tests.builders import leader, scenario, unit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAMPAIGN = os.path.join(ROOT, "campaigns", "1922.yaml")
KEPT = ("men", "full_men", "rifles", "machine_guns", "cannons", "horses", "morale")  # (rounds and rations may be
# topped up from the stocks of a place a unit starts in)


def dushanbe(*args):
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def players(levels):
    return lambda setup, seed: {side: make_player(levels.get(side, "normal"), side, seed) for side in setup.sides}


# -- the rule: what a scenario starts with from the one before ---------------------------

def test_a_carried_unit_starts_with_what_it_ended_with_and_a_lost_one_is_gone():
    loaded = scenario(green=[unit("g1", (1, 3), men=400), unit("g2", (1, 4), men=100)], red=[unit("r1", "town")],
                      green_side={"leaders": [leader("boss", "g2")]})
    setup = make_setup(loaded.scenario, loaded.rules)
    band = Strength(men=250, full_men=400, rifles=180, machine_guns=2, cannons=0, ammunition=9000, food=300,
                    horses=40, morale=71)
    roster = Roster(units=(("g1", band), ("g2", None)), leaders=(("boss", "wounded", 6),),
                    places=(("town", "green", (("green", 70), ("red", 30))),))
    carried = carried_into(roster, setup, places=True)
    state, _ = new_game(setup, 5, carried)
    assert {name: getattr(state.units["g1"], name) for name in CARRIED} == {name: getattr(band, name) for name in CARRIED}
    assert "g2" not in state.units
    boss = state.leaders["boss"]
    assert (boss.status, boss.wounded_turns, boss.unit) == ("wounded", 6, "g1")  # his unit gone, he joins the band
    assert state.support["town"] == {"green": 70, "red": 30}
    assert imbalances(state) == []  # the books start from what came in
    assert state.books["green"]["men_start"] == 250
    assert carried_into(roster, setup, places=False).places == ()


def test_units_led_off_the_map_go_on_and_renamed_units_take_their_new_id():
    loaded = scenario(green=[unit("g1", (1, 3), men=400)], red=[unit("r1", "town")])
    state, _ = new_game(make_setup(loaded.scenario, loaded.rules), 1)
    left = state.units["g1"].but(men=333)
    del state.units["g1"]
    state.departed = (left,)
    roster = after(Roster(), state, {"g1": "band"}, places=False)
    assert dict(roster.units)["band"].men == 333 and "g1" not in dict(roster.units)
    assert dict(roster.units)["r1"].men == state.units["r1"].men


# -- the campaign file ------------------------------------------------------------------------

def write(tmp_path, text):
    path = tmp_path / "c.yaml"
    path.write_text(text.replace("SCEN", os.path.join(ROOT, "scenarios", "flight_1926.yaml")))
    return str(path)


@pytest.mark.parametrize("text, line, words", [
    ("id: c\ntitle: C\nfirst: a\nsteps:\n  - id: a\n    scenario: SCEN\n    next: {basmachi: b}\n", 7, "no step 'b'"),
    ("id: c\ntitle: C\nfirst: a\nsteps:\n  - id: a\n    scenario: SCEN\n    next: {soviets: end}\n", 7,
     "'soviets' is not a side"),
    ("id: c\ntitle: C\nfirst: a\nsteps:\n  - id: a\n    scenario: SCEN\n    next: {soviet: a}\n", 7, "a campaign must end"),
    ("id: c\ntitle: C\nfirst: a\nsteps:\n  - id: a\n    scenario: SCEN\n  - id: b\n    scenario: SCEN\n", 7,
     "no outcome of any step leads to 'b'"),
    ("id: c\ntitle: C\nfirst: a\nsteps:\n  - id: a\n    scenario: SCEN\n    start_date: 1922-02-08\n", 7,
     "is not a start date"),
    ("id: c\ntitle: C\nfirst: a\nsteps:\n  - id: a\n    scenario: nothere.yaml\n", 6, "no scenario file"),
    ("id: c\ntitle: C\nfirst: a\nsteps:\n  - id: a\n    scenario: SCEN\n    carry: {rename: {ghost: x}}\n", 7,
     "has no unit 'ghost'"),
    ("id: c\ntitle: C\nfirst: z\nsteps:\n  - id: a\n    scenario: SCEN\n", 3, "no step 'z'"),
    ("id: c\ntitle: C\nfirst: a\nsteps:\n  - id: a\n    scenario: SCEN\n    fresh: maybe\n", 7, "fresh"),
])
def test_a_bad_campaign_file_is_named_at_its_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_campaign(path)
    assert any(p.line == line and words in p.message for p in caught.value.problems), caught.value
    result = dushanbe("validate", path)
    assert result.returncode == 2 and f"{path}:{line}:" in result.stderr and "Traceback" not in result.stderr


def test_a_broken_scenario_in_a_campaign_is_named_inside_the_campaign(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(open(os.path.join(ROOT, "scenarios", "flight_1926.yaml")).read().replace("hex_km: 5", "hex_km: -5"))
    path = tmp_path / "c.yaml"
    path.write_text(f"id: c\ntitle: C\nfirst: a\nsteps:\n  - id: a\n    scenario: {broken}\n")
    result = dushanbe("campaign", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{path}:6: steps[0].scenario: {broken}:" in result.stderr and "hex_km" in result.stderr


def test_the_checked_in_campaign_schema_is_up_to_date():
    out = dushanbe("schema", "--campaign")
    assert out.returncode == 0
    with open(os.path.join(ROOT, "campaigns", "campaign.schema.json")) as handle:
        assert json.loads(out.stdout) == json.load(handle), "run `dushanbe schema --campaign --out campaigns/campaign.schema.json`"


# -- the chain, played ------------------------------------------------------------------------

def test_the_books_balance_across_random_campaigns():
    """What one scenario hands on is exactly what the next starts with, unit by unit, and every scenario's books
    balance at its end."""
    loaded = load_campaign(CAMPAIGN)
    dice = random.Random(1922)
    for _ in range(5):
        levels = {side: dice.choice(["simple", "easy", "normal"]) for side in ("basmachi", "soviet")}
        record = play_campaign(loaded, dice.randrange(10_000), players(levels), levels)
        assert record.played[0].step.id == loaded.campaign.first and record.played[-1].next == END
        left = Roster()  # every unit as last seen, through the chain
        for before, played in zip(record.played, record.played[1:]):
            assert before.next == played.step.id == before.step.next[before.record.final.winner]
            left = after(left, before.record.final, before.step.carry.rename, before.step.carry.places)
            start, _ = new_game(played.record.final.setup, played.seed, played.carried)
            assert imbalances(start) == []  # stocks a unit takes where it starts are booked as taken
            for uid, strength in played.carried.units:
                assert dict(left.units).get(uid) == strength
                arrived = Strength.of(start.units[uid])
                assert [getattr(arrived, k) for k in KEPT] == [getattr(strength, k) for k in KEPT], uid
            for uid in played.carried.lost:
                assert uid not in start.units
            carried_men = sum(s.men for _, s in played.carried.units)
            handed = sum(s.men for uid, s in left.units if s is not None and uid in dict(played.carried.units))
            assert carried_men == handed
        for played in record.played:
            assert imbalances(played.record.final) == [], played.step.id


def test_the_campaign_plays_headless_records_and_verifies(campaign_record):
    out, printed = campaign_record
    summary = json.loads(printed)
    steps = summary["steps"]
    assert steps[0]["step"] == "relief" and steps[-1]["next"] == END
    siege = next(s for s in steps if s["step"] == "siege")
    assert siege["carried_in"], "the relief column's and the raid's fights go on into the siege"
    check = dushanbe("replay", str(out / "campaign.json"))
    assert check.returncode == 0, check.stderr
    assert f"{len(steps)} scenarios" in check.stdout
    one = dushanbe("replay", str(next(out.glob("*-siege-*.json"))))  # each replay verifies alone too, carried forces and all
    assert one.returncode == 0, one.stderr


def test_a_record_whose_forces_do_not_follow_from_the_step_before_is_caught(tmp_path):
    out = tmp_path / "run"
    assert dushanbe("campaign", "campaigns/1922.yaml", "--seed", "2", "--record", str(out)).returncode == 0
    path = next(out.glob("*-siege-*.json"))
    seed = json.loads(path.read_text())["seed"]
    # a siege of the right seed, played alone: it verifies by itself, but it is not what the steps before left
    alone = dushanbe("simulate", "scenarios/dushanbe_1922.yaml", "--start-date", "1922-02-08", "--seed", str(seed),
                     "--record", str(path))
    assert alone.returncode == 0 and dushanbe("replay", str(path)).returncode == 0
    result = dushanbe("replay", str(out / "campaign.json"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{path.name}: the forces it starts with are not those the steps before left it" in result.stderr
    siege = json.loads(path.read_text())  # and a forged count of men is out of sync before the first order
    siege.setdefault("carried", {"units": {}})["units"] = {"rifles_7_3": {
        "men": 999, "full_men": 999, "rifles": 9, "machine_guns": 0, "cannons": 0, "ammunition": 0, "food": 0,
        "horses": 0, "morale": 50}}
    from game.replay.record import to_json

    path.write_text(to_json(siege))
    result = dushanbe("replay", str(out / "campaign.json"))
    assert result.returncode == 1 and f"{path.name}: out of sync before the first order" in result.stderr


def test_validate_reads_a_campaign_record_and_names_a_missing_scenario_replay(campaign_record, tmp_path):
    out = tmp_path / "run"
    shutil.copytree(campaign_record[0], out)
    good = dushanbe("validate", str(out / "campaign.json"))
    assert good.returncode == 0 and "valid campaign record" in good.stdout
    gone = next(out.glob("*-siege-*.json"))
    gone.unlink()
    bad = dushanbe("validate", str(out / "campaign.json"))
    assert bad.returncode == 2 and f"campaign.json: {gone}: no such file" in bad.stderr and "Traceback" not in bad.stderr


def test_a_campaign_record_folder_that_cannot_be_written_is_refused_before_the_games(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = dushanbe("campaign", "campaigns/1922.yaml", "--record", str(blocker))
    assert result.returncode == 2 and "is a file" in result.stderr and "Traceback" not in result.stderr


def test_a_batch_of_campaigns_counts_the_branches_and_the_ends(tmp_path):
    out = tmp_path / "c.csv"
    result = dushanbe("batch", "campaigns/1922.yaml", "--games", "2", "--workers", "2", "--seed", "3", "--out", str(out))
    assert result.returncode == 0, result.stderr
    import csv

    rows = list(csv.DictReader(open(out)))
    assert len(rows) == 2 and all(r["path"].startswith("relief>") for r in rows)
    assert len({r["path"] for r in rows}) == 2  # two branches taken: the count is of each
    sieges = sum(1 for r in rows if r["winner_siege"])
    assert f"siege: played in {100 * sieges // 2}%" in result.stdout
    assert "then: flight 100%" in result.stdout and "its winner:" in result.stdout
    assert dushanbe("batch", "campaigns/1922.yaml", "--games", "2", "--seed", "3").stdout == result.stdout  # any workers
    wrong = dushanbe("batch", "campaigns/1922.yaml", "--start-date", "1922-02-08")
    assert wrong.returncode == 2 and "--start-date: not for a campaign: its steps name their start dates" in wrong.stderr
    plotted = dushanbe("batch", "campaigns/1922.yaml", "--plot", "outcomes.png")
    assert plotted.returncode == 2 and "--plot: not for a campaign" in plotted.stderr and "start dates" not in plotted.stderr


def test_a_campaign_save_resumes_its_chain_and_a_changed_campaign_is_refused_by_name(tmp_path):
    from game.play.campaignrun import CampaignRun
    from game.play.session import Session

    for folder in ("campaigns", "scenarios"):
        shutil.copytree(os.path.join(ROOT, folder), tmp_path / folder)
    loaded = load_campaign(str(tmp_path / "campaigns" / "1922.yaml"))
    run = CampaignRun.begin(loaded, 7)
    first = Session.new(loaded.scenarios[run.step_id], {"basmachi": "normal", "soviet": "normal"}, run.game_seed,
                        loaded.start_of(run.step), campaign=run)
    first.run_ai()
    assert first.state.over and run.finish(first.state) == "kampchi"
    second = Session.new(loaded.scenarios[run.step_id], {"basmachi": "human", "soviet": "normal"}, run.game_seed,
                         loaded.start_of(run.step), campaign=run)
    path = str(tmp_path / "save.json")
    second.save(path)
    again = Session.load(path)
    assert (again.campaign.step_id, again.campaign.results, again.campaign.seed) == ("kampchi", run.results, 7)
    assert again.campaign.carried() == second.carried
    campaign = tmp_path / "campaigns" / "1922.yaml"
    campaign.write_text(campaign.read_text().replace("title:", "# edited\ntitle:", 1))
    with pytest.raises(InputError) as caught:
        Session.load(path)
    assert caught.value.problems[0].file == path and "has changed since this game was saved" in str(caught.value)


def test_files_given_in_the_wrong_place_get_one_message_each(tmp_path):
    scenario = dushanbe("campaign", "scenarios/flight_1926.yaml")
    assert scenario.returncode == 2 and scenario.stderr.count("\n") == 1
    assert "this is a scenario, not a campaign" in scenario.stderr
    schema = dushanbe("validate", "campaigns/campaign.schema.json")
    assert schema.returncode == 2 and "this is a JSON Schema" in schema.stderr and schema.stderr.count("\n") == 1
    blocker = tmp_path / "file"
    blocker.write_text("x")
    inside = dushanbe("campaign", "campaigns/1922.yaml", "--record", str(blocker / "run"))
    assert inside.returncode == 2 and str(blocker / "run") in inside.stderr and "Traceback" not in inside.stderr


def test_the_next_briefing_names_the_units_that_live_on_but_are_not_in_this_fight():
    """After the relief, the Kampçı raid's briefing lists the column and the bands it does not include, with
    their men, and says they go on to the scenarios after it."""
    from game.ai.players import make_player
    from game.play.campaignrun import CampaignRun
    from game.scenario.campaign import load_campaign
    from game.sim.campaign import setup_of
    from game.sim.simulate import play

    loaded = load_campaign("campaigns/1922.yaml")
    run = CampaignRun.begin(loaded, 4)
    setup = setup_of(loaded, run.step)
    final = play(setup, 4, {s: make_player("normal", s, 4) for s in setup.sides}, carried=run.carried(setup)).final
    assert run.finish(final) == "kampchi"
    text = run.briefing()
    alive = [u for u in [*final.units.values(), *final.departed] if u.men > 0]
    kampchi = {spec.id for side in setup_of(loaded, run.step).scenario.sides for spec in side.units}
    absent = [u for u in alive if u.id not in kampchi]
    assert absent and "Not in this fight" in text and "go on to the scenarios after it" in text
    for u in absent:
        assert f"{u.name} ({u.men:,} men)" in text
    here = setup_of(loaded, run.step)
    for side in {u.side for u in absent}:  # each side's by name, not mixed in one list
        assert f"<br>{here.scenario.side(side).name.split(' (')[0]}: " in text
    if "As the last fight left" in text:  # carried places are named
        assert any(p.name in text.split("As the last fight left")[1] for p in here.board.places.values())


def test_a_campaigns_switches_take_true_or_false_only_as_a_scenarios_do(tmp_path):
    """`fresh: "no"` and `places: "yes"` were taken as booleans in a campaign, where a scenario refuses them."""
    from game.scenario.campaign import load_campaign
    from game.scenario.problems import InputError

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    text = open(os.path.join(root, "campaigns", "1922.yaml"), encoding="utf-8").read()
    text = text.replace("scenario: ../scenarios/", f"scenario: {root}/scenarios/").replace("fresh: true", 'fresh: "no"')
    path = tmp_path / "campaign.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_campaign(str(path))
    assert any("fresh: expected true or false, not 'no'" in p.message for p in caught.value.problems)
