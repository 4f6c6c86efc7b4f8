"""Ambushes: hiding in cover, being found, and the column that blunders in (rules/ambush.py)."""

import math
import pytest

from game.core.dice import succeeds
from game.core.engine import IllegalOrder, apply, legal_orders
from game.core.hexgrid import Hex, distance, from_offset as off
from game.core.orders import Attack, Hide, Move
from game.core.rules import ambush, battle, combat, movement
from game.core.rules.sight import sees
from game.core.rules.visibility import visible_units
from game.core.state import State
from tests.builders import changed, dice_where, end_phase, end_turn, kinds, open_field, scenario, unit, with_dice

COVER_ROWS = [
    "........",
    "........",
    "...o....",
    "........",
    "........",
    "........",
]
ORCHARD = off(3, 2)


def hidden_band(*red, men=200, **changes):
    """A green band hidden in the orchard at (3, 2), and red units as given."""
    band = unit("g_band", (3, 2), men=men, type="horsemen", hidden=True)
    return open_field(green=[band], red=list(red), rows=COVER_ROWS, **changes)


def terrain_rows(letter: str) -> list[str]:
    return ["........", "........", f"...{letter}....", "........", "........", "........"]


# -- hiding ----------------------------------------------------------------------

def passable_terrains():
    rules = scenario().rules
    return sorted(name for name, t in rules.terrain.items() if t.cost["foot"] is not None)


@pytest.mark.parametrize("terrain", passable_terrains())
def test_a_unit_may_hide_only_in_terrain_that_gives_cover(terrain):
    state, _ = open_field(green=[unit("g1", (3, 2))], red=[unit("r1", (7, 5))],
                          rows=terrain_rows("x"), map__legend={".": "farmland", "x": terrain})
    cover = state.rules.terrain[terrain].cover
    assert (Hide("g1") in legal_orders(state, "green")) == cover
    if cover:
        new, events = apply(state, Hide("g1"))
        assert new.units["g1"].hidden and kinds(events)[0] == "hid"
    else:
        with pytest.raises(IllegalOrder, match="no cover"):
            apply(state, Hide("g1"))


def test_no_unit_hides_under_the_eyes_of_an_adjacent_enemy():
    state, _ = open_field(green=[unit("g1", (3, 2))], red=[unit("r1", (4, 2))], rows=COVER_ROWS)
    assert Hide("g1") not in legal_orders(state, "green")
    with pytest.raises(IllegalOrder, match="next to it"):
        apply(state, Hide("g1"))


def test_hidden_units_are_unseen_cannot_be_attacked_and_exert_no_zone_of_control():
    state, _ = hidden_band(unit("r1", (2, 2), type="cavalry"))  # right next to it, and does not know
    band = state.units["g_band"]
    assert not sees(state, "red", band) and band not in visible_units(state, "red") and sees(state, "green", band)
    assert ORCHARD not in movement.enemy_zoc(state, "red")
    assert not any(h in movement.enemy_zoc(state, "red") for h in state.board.neighbours(ORCHARD))
    state, _ = end_phase(state)
    assert not any(isinstance(o, Attack) and o.target == ORCHARD for o in legal_orders(state, "red"))
    with pytest.raises(IllegalOrder, match="no enemy"):
        apply(state, Attack(("r1",), ORCHARD))
    revealed = changed(state, "g_band", hidden=False)
    assert set(state.board.neighbours(ORCHARD)) <= movement.enemy_zoc(revealed, "red")


# -- being found ----------------------------------------------------------------------

def test_an_adjacent_enemy_always_finds_a_hidden_unit_at_the_end_of_its_phase():
    for seed in range(5):
        state, _ = hidden_band(unit("r1", (4, 2)))
        state, _ = end_phase(state)  # green's phase: green looks, red is in plain sight
        assert state.units["g_band"].hidden
        state, events = end_phase(state)  # red's phase ends: red looks around
        spotted = [e for e in events if e.kind == "spotted"]
        assert [(e.unit, e.by, e.distance, e.roll) for e in spotted] == [("g_band", "r1", 1, -1)]
        assert not state.units["g_band"].hidden


def chance_with(state: State, spotter_id: str) -> float:
    return ambush.detect_chance(state, state.units[spotter_id], state.units["g_band"])


def test_detection_chance_by_distance_comes_from_the_rules():
    state, _ = hidden_band(unit("r2", (5, 2)), unit("r3", (6, 2)), unit("r4", (7, 2)))
    rules = state.rules.ambush
    assert [distance(state.units[r].hex, ORCHARD) for r in ("r2", "r3", "r4")] == [2, 3, 4]
    assert chance_with(state, "r2") == pytest.approx(rules.detect_chance[2])
    assert chance_with(state, "r3") == pytest.approx(rules.detect_chance[3])
    assert rules.detect_range == 3 and chance_with(state, "r4") == 0
    assert chance_with(state, "r3") < chance_with(state, "r2")


def test_detection_is_worse_at_night_and_in_snow_and_better_for_horsemen():
    day, _ = hidden_band(unit("r2", (5, 2)), unit("c2", (1, 2), type="cavalry"))
    rules = day.rules.ambush
    base = chance_with(day, "r2")
    assert chance_with(day, "c2") == pytest.approx(min(1.0, base * rules.detect_cavalry))
    assert chance_with(day, "c2") > base
    night, _ = end_turn(day)
    assert night.is_night and night.weather == "clear"
    assert chance_with(night, "r2") == pytest.approx(base * rules.detect_night)
    assert chance_with(night, "r2") < base
    snow_spell = [{"start": "1922-02-08", "end": "1922-02-10", "weather": "snow"}]
    snowy, _ = hidden_band(unit("r2", (5, 2)), weather=snow_spell)
    assert snowy.weather == "snow"
    assert chance_with(snowy, "r2") == pytest.approx(base * rules.detect_weather["snow"])
    assert chance_with(snowy, "r2") < base


def test_a_village_loyal_to_the_hider_hides_it_better():
    village = {"id": "qishloq", "name": "Qishloq", "kind": "village", "at": [3, 3], "support": {"green": 100}}
    state, _ = hidden_band(unit("r2", (5, 2)))
    loyal, _ = hidden_band(unit("r2", (5, 2)), map__places=[village])
    rules = state.rules.ambush
    assert chance_with(loyal, "r2") == pytest.approx(chance_with(state, "r2") * (1 - rules.detect_support))


@pytest.mark.parametrize("lucky", [True, False])
def test_at_two_hexes_the_dice_decide_whether_the_hider_is_found(lucky):
    state, _ = hidden_band(unit("r2", (5, 2)))
    state, _ = end_phase(state)
    chance = chance_with(state, "r2")
    assert 0 < chance < 1
    state = with_dice(state, dice_where(lambda r: succeeds(r[0], chance) == lucky))
    state, events = end_phase(state)
    spotted = [e for e in events if e.kind == "spotted"]
    assert bool(spotted) == lucky and state.units["g_band"].hidden != lucky
    if lucky:
        assert spotted[0].distance == 2 and succeeds(spotted[0].roll, chance)


# -- springing the ambush -------------------------------------------------------------------

def march(state: State, dice=None):
    """Red's column at (0, 1) marches east along row 1, past the orchard."""
    state, _ = end_phase(state)
    if dice is not None:
        state = with_dice(state, dice)
    return state, apply(state, Move("column", off(4, 1)))


def column(**extra):
    return unit("column", (0, 1), men=400, type="cavalry", rifles=400, machine_guns=2, horses=400, **extra)


def test_a_column_that_moves_next_to_a_hidden_enemy_stops_at_once_and_is_struck():
    state, _ = hidden_band(column())
    before, (after, events) = march(state)
    stop = next(e for e in events if e.kind == "move_stopped")
    assert stop.reason == "ambushed"
    path = movement.path_to(movement.reachable(before, before.units["column"]), off(4, 1))
    first_next_to = next(h for h in path if distance(h, ORCHARD) == 1)
    assert tuple(first_next_to) == stop.at
    assert kinds(events)[:4] == ["unit_moved", "move_stopped", "ambush", "combat"]
    fight = events[3]
    assert fight.attackers == ("g_band",) and fight.defenders == ("column",)
    assert not after.units["g_band"].hidden
    if "column" in after.units:
        victim = after.units["column"]
        assert victim.moves_left == 0 and victim.shaken == after.rules.ambush.shaken_turns


def test_the_ambusher_strikes_with_surprise_and_the_victim_loses_more():
    state, _ = hidden_band(column())
    before, (after, events) = march(state)
    fight = next(e for e in events if e.kind == "combat")
    rules = before.rules.ambush
    caught = changed(before, "column", hex=Hex(*fight.target))
    plain = combat.matchup(caught, ("g_band",), caught.units["column"].hex)
    sprung = combat.matchup(caught, ("g_band",), caught.units["column"].hex, rules.surprise, rules.victim_losses,
                            in_column=True)
    assert fight.attacker_power == round(plain.attacker_power * rules.surprise * 100)
    assert fight.defender_power == round(sprung.defender_power * 100)
    expected = combat.outcome(caught, sprung, fight.roll)
    assert fight.defender_losses == combat.share(400, expected.defender_rate)
    assert fight.attacker_losses == combat.share(200, expected.attacker_rate)
    ordinary = combat.outcome(caught, plain, fight.roll)
    assert expected.defender_rate >= ordinary.defender_rate and expected.attacker_rate <= ordinary.attacker_rate
    assert expected.defender_rate > ordinary.defender_rate or expected.defender_rate == caught.rules.combat.max_loss


def test_the_victim_caught_in_column_gets_no_terrain_or_posture():
    village_rows = ["........", "..vvv...", "...o....", "........", "........", "........"]
    state, _ = open_field(green=[unit("g_band", (3, 2), type="horsemen", hidden=True)], red=[column()],
                          rows=village_rows)
    before, (after, events) = march(state)
    fight = next(e for e in events if e.kind == "combat")
    stop = next(e for e in events if e.kind == "move_stopped")
    assert before.board.terrain[Hex(*stop.at)] == "village"
    caught = changed(before, "column", hex=Hex(*stop.at))
    assert fight.defender_power == round(combat.unit_power(caught, caught.units["column"], "defence") * 100)


@pytest.mark.parametrize("panics", [True, False])
def test_the_ambushed_may_panic_rout_and_drop_their_weapons(panics):
    state, _ = hidden_band(column(morale=90))  # steady enough not to give up when it panics
    rules = state.rules.ambush
    # rolls: the fight, then the panic roll (no leaders here)
    # the panic chance grows with the share of men lost (at most half here: checked below)
    dice = dice_where(lambda r: (r[1] < rules.panic_chance * 10_000) if panics
                      else (r[1] >= min(9_999, 1.5 * rules.panic_chance * 10_000)), draws=2)
    before, (after, events) = march(state, dice)
    assert ("panicked" in kinds(events)) == panics
    # the same fight alone, without the panic that follows
    stop = next(e for e in events if e.kind == "move_stopped")
    alone = with_dice(changed(before, "column", hex=Hex(*stop.at)), dice)
    battle.fight(alone, ("g_band",), alone.units["column"].hex, rules.surprise, rules.victim_losses, in_column=True)
    fought = alone.units["column"]
    assert fought.lost_share <= 0.5
    victim = after.units["column"]
    if panics:
        for gear in ("rifles", "machine_guns", "horses"):
            assert getattr(victim, gear) == getattr(fought, gear) - math.floor(getattr(fought, gear) * rules.rout_abandon + 0.5)
        assert victim.morale == max(0, fought.morale - rules.rout_morale)
        dropped_rifles = math.floor(fought.rifles * rules.rout_abandon + 0.5)  # to the nearest whole rifle
        assert after.books["green"]["rifles_captured"] == alone.books["green"].get("rifles_captured", 0) + dropped_rifles
        assert victim.hex != fought.hex  # routed away
    else:
        assert (victim.rifles, victim.morale, victim.hex) == (fought.rifles, fought.morale, fought.hex)


def test_a_panicked_column_below_the_give_up_line_lays_down_its_arms_to_the_ambushers():
    state, _ = hidden_band(column(morale=40))
    rules = state.rules.ambush
    dice = dice_where(lambda r: r[1] < rules.panic_chance * 10_000, draws=2)  # it panics
    before, (after, events) = march(state, dice)
    assert "panicked" in kinds(events)
    gave_up = [e for e in events if e.kind == "surrendered"]
    fought_men = next(e for e in events if e.kind == "surrendered").men
    assert [(e.unit, e.to_side) for e in gave_up] == [("column", "green")]
    assert "column" not in after.units
    assert after.books["red"]["men_prisoners"] == fought_men > 0
    red, green = after.books["red"], after.books["green"]
    assert red.get("rifles_lost", 0) + red.get("rifles_prisoners", 0) == before.units["column"].rifles  # none got away
    gained = after.units["g_band"].rifles - before.units["g_band"].rifles + green.get("rifles_lost", 0)
    assert gained == green["rifles_captured"] > red.get("rifles_lost", 0) // 2  # the dropped rifles, not just the battle's share
    steady, _ = hidden_band(column(morale=90))
    _, (kept, events) = march(steady, dice)
    assert "panicked" in kinds(events) and "column" in kept.units  # steadier men run instead


def test_surprise_wears_off():
    state, _ = hidden_band(column())
    _, (state, _) = march(state)
    rules = state.rules.ambush
    victim = state.units["column"]
    assert victim.shaken == rules.shaken_turns > 0
    steady = victim.but(shaken=0)
    assert combat.unit_power(state, victim, "attack") == pytest.approx(
        combat.unit_power(state, steady, "attack") * rules.shaken_power)
    for left in range(rules.shaken_turns - 1, -1, -1):
        state, _ = end_turn(state)
        if "column" not in state.units:
            return
        assert state.units["column"].shaken == left
    assert combat.unit_power(state, state.units["column"], "attack") == pytest.approx(
        combat.unit_power(state, state.units["column"].but(shaken=0), "attack"))


def test_a_unit_stepping_into_a_hidden_enemy_is_stopped_and_reveals_it():
    # r1 starts next to the hidden band (hidden at the start), so the first step is into its hex
    state, _ = hidden_band(unit("r1", (2, 2)))
    state, _ = end_phase(state)
    reach = movement.reachable(state, state.units["r1"])
    assert ORCHARD in movement.path_to(reach, off(4, 2))  # the band is not seen, so the path runs through it
    state, events = apply(state, Move("r1", off(4, 2)))
    stop = next(e for e in events if e.kind == "move_stopped")
    assert stop.reason == "ran into hidden enemies"
    assert state.units["r1"].hex == off(2, 2) and state.units["r1"].moves_left == 0
    assert not state.units["g_band"].hidden and "combat" not in kinds(events)


def test_an_ordered_attack_reveals_the_hidden_attacker_and_gets_no_surprise():
    state, _ = hidden_band(unit("r1", (4, 2), men=200))
    m = combat.matchup(state, ("g_band",), off(4, 2))
    new, events = apply(state, Attack(("g_band",), off(4, 2)))
    assert events[0].attacker_power == round(m.attacker_power * 100)
    assert "g_band" not in new.units or not new.units["g_band"].hidden
