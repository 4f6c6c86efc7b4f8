"""The AI players: levels, determinism, fog, and that they play the siege with its mechanics."""

import dataclasses
import os

import pytest

from game.ai.view import ask
from game.core.observe import observe
from game.core.rules.memory import Sighting
from game.ai import reading
from game.ai.commander import Commander
from game.ai.plans import Posture, Task
from game.ai.players import LEVELS, make_player
from game.ai.view import fogged
from game.core.digest import state_digest
from game.core.engine import apply, why_not
from game.core.hexgrid import distance, from_offset as off
from game.core.orders import CallWireless, EndPhase, Hide, Move
from game.core.rules import battle, supply
from game.core.setup import make_setup, new_game
from game.scenario.validate import load_scenario
from game.sim.simulate import play
from tests.builders import game, unit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAIN = os.path.join(ROOT, "scenarios", "dushanbe_1922.yaml")
RELIEF = os.path.join(ROOT, "scenarios", "denov_relief_column.yaml")


@pytest.fixture(scope="module")
def main_setup():
    loaded = load_scenario(MAIN)
    return make_setup(loaded.scenario, loaded.rules)


def phase_orders(state, player, events=None):
    """Let `player` give its whole phase; the orders and the state after (its events added to `events`)."""
    orders = []
    key = (state.turn, state.active)
    while not state.over and (state.turn, state.active) == key:
        order = ask(player, state)
        orders.append(order)
        state, more = apply(state, order)
        if events is not None:
            events += more
    return orders, state


def test_every_level_makes_a_player_for_either_side_and_unknown_levels_are_refused():
    assert {"easy", "normal", "hard", "historical"} <= set(LEVELS)
    loaded = load_scenario(RELIEF)
    first, _ = new_game(make_setup(loaded.scenario, loaded.rules), 7)
    second, _ = apply(first, EndPhase(first.side))  # the other side to move
    for level in LEVELS:
        for state in (first, second):
            player = make_player(level, state.side, 7)
            order = ask(player, state)  # asked from its side's view, its order is one the engine takes
            assert player.side == state.side and why_not(state, order) == "", (level, state.side, order)
    with pytest.raises(ValueError, match="unknown AI level"):
        make_player("grandmaster", "soviet", 1)


@pytest.mark.parametrize("level", ["easy", "normal", "hard", "historical"])
def test_same_seed_same_decisions_and_the_state_is_never_touched(level):
    loaded = load_scenario(RELIEF)
    setup = make_setup(loaded.scenario, loaded.rules)
    runs = []
    for _ in range(2):
        players = {s: make_player(level, s, 11) for s in setup.sides}
        runs.append(play(setup, 11, players))
    assert [t.digest for t in runs[0].turns] == [t.digest for t in runs[1].turns]
    assert [t.orders for t in runs[0].turns] == [t.orders for t in runs[1].turns]
    state, _ = new_game(setup, 11)
    before = state_digest(state)
    ask(make_player(level, state.side, 11), state)
    assert state_digest(state) == before


def test_decisions_do_not_depend_on_enemies_the_side_cannot_see(main_setup):
    state, _ = new_game(main_setup, 5)
    state, _ = apply(state, EndPhase("basmachi"))
    hidden = state.units["qarotegh_band"]
    assert hidden.hidden and state.side == "soviet"
    elsewhere = state.copy()
    elsewhere.units["qarotegh_band"] = hidden.but(hex=off(24, 7))  # another hidden spot, far from any Soviet
    gone = state.copy()
    del gone.units["qarotegh_band"]
    for level in ("easy", "normal", "hard", "historical"):
        seen = [phase_orders(s, make_player(level, "soviet", 3))[0] for s in (state, elsewhere, gone)]
        assert seen[0][0] == seen[1][0] == seen[2][0], level  # until the band is walked into, nothing differs
        assert seen[1] == seen[2], level


def test_the_view_holds_no_hidden_enemy_and_no_enemy_plans(main_setup):
    state, _ = new_game(main_setup, 5)
    view = fogged(observe(state, "soviet"), 99)
    assert "qarotegh_band" not in view.units and "qarotegh_band" in state.units
    assert all(not k.startswith("basmachi:") for k in view.reserves)
    assert view.dice.state != state.dice.state  # its own dice: the real rolls stay unknown


def test_the_garrison_calls_every_station_once_it_knows_it_is_besieged(main_setup):
    """The wireless may be used once an enemy is seen near the town or the town is cut off; the garrison then
    calls every station in that very phase."""
    from game.core.rules import wireless

    state, _ = new_game(main_setup, 2)
    players = {side: make_player("normal", side, 2) for side in main_setup.sides}
    while not state.over:
        orders, after = phase_orders(state, players[state.side])
        set_ = state.units.get("rifles_7_1")
        if state.side == "soviet" and set_ is not None and wireless.besieged(state, set_):
            assert {o.station for o in orders if isinstance(o, CallWireless)} == {"tashkent", "bukhara", "samarkand"}
            return
        assert not any(isinstance(o, CallWireless) for o in orders)
        state = after
    raise AssertionError("the town was never besieged")


def test_the_besieger_rings_the_town_and_hides_in_cover(main_setup):
    """Over the first days the besieger marches, and hides bands in cover (ambushers once at their spots)."""
    state, _ = new_game(main_setup, 2)
    besieger, garrison = make_player("normal", "basmachi", 2), make_player("normal", "soviet", 2)
    orders = []
    for _ in range(6):
        given, state = phase_orders(state, besieger)
        orders += given
        state = phase_orders(state, garrison)[1]
    assert any(isinstance(o, Move) for o in orders) and any(isinstance(o, Hide) for o in orders)
    town = main_setup.board.places["dushanbe"].hex
    assert not any(isinstance(o, Move) and o.to == town for o in orders)


def test_a_ring_on_the_chosen_spots_cuts_the_town_off(main_setup):
    state, _ = new_game(main_setup, 2)
    town = main_setup.board.places["dushanbe"].hex
    assert supply.network(state, "soviet").get(town) == "full"
    arm = reading.main_arm(state, state.units_of("basmachi"))
    assert arm == "horse"  # Enver's bands are mostly mounted
    assert reading.main_arm(state, state.units_of("soviet")) == "foot"  # the garrison mostly on foot
    spots = reading.ring_cover(state, town, arm, set())
    assert 2 <= len(spots) <= 4 and all(distance(h, town) == 2 for h in spots)
    bands = [u for u in state.units_of("basmachi")][:len(spots)]
    for band, spot in zip(bands, spots):
        state.units[band.id] = band.but(hex=spot)
    assert supply.network(state, "soviet").get(town) != "full"


def test_an_assault_empties_a_town_held_by_a_broken_garrison_but_not_a_steady_one():
    def chance(morale):
        state, _ = game(green=[unit("g1", (2, 2), men=800)], red=[unit("r1", "town", men=800, morale=morale)],
                        map__places=[{"id": "town", "name": "Town", "kind": "town", "at": [3, 2], "held_by": "red"}])
        return battle.prospect(state, ("g1",), off(3, 2)).emptied_chance  # what the AI storms on
    assert chance(10) > 0.9
    assert chance(90) < chance(10)


def ringed_town(**red_out):
    """Three green bands two hexes round a town held by 3,500 red; `red_out` adds red units outside it."""
    red = [unit("r1", "town", men=2000), unit("r2", "town", men=1500)]
    red += [unit(uid, at, men=200) for uid, at in red_out.items()]
    state, _ = game(green=[unit("g1", (1, 2)), unit("g2", (5, 2)), unit("g3", (3, 4))], red=red)
    return state


def green_plan(state, level):
    """Green's plan, played as the level plays the Basmachi (hard sets its ring apart for them)."""
    player = Commander("green", Posture.of(level, "basmachi"), 1)
    return player.make_plan(fogged(observe(state, "green"), player.key))


def test_a_hard_ring_stands_when_the_garrison_steps_out_where_the_normal_one_rides_off():
    """A garrison unit stepping out next to the town makes the normal ring fear half the garrison and ride out of
    its reach, which reopens the town's supply; the hard ring stands (only enemies in the field move it)."""
    state = ringed_town(r3=(4, 2))
    town = state.board.places["town"].hex
    ring = {t.to for t in green_plan(ringed_town(), "normal").tasks.values()}
    assert all(distance(h, town) == 2 for h in ring)  # with the garrison inside, both levels ring the town
    normal, hard = green_plan(state, "normal"), green_plan(state, "hard")
    assert all(distance(t.to, town) > 2 for t in normal.tasks.values())
    assert {t.to for t in hard.tasks.values()} == ring


def test_a_hard_besieger_calls_back_a_band_that_rode_off_to_hide_where_the_normal_one_forgets_it():
    state = ringed_town()
    state.units["g1"] = state.units["g1"].but(hex=off(0, 5), hidden=True)  # gone to ground five hexes off
    town = state.board.places["town"].hex
    assert distance(state.units["g1"].hex, town) > 3
    assert green_plan(state, "normal").tasks["g1"] == Task("hold", off(0, 5))
    assert distance(green_plan(state, "hard").tasks["g1"].to, town) == 2


def test_a_hard_sortie_is_out_to_drive_the_besieger_off_where_a_normal_one_trades_losses():
    """A cut-off garrison sorties against a band of the ring at both levels; the hard sortie marks the band to be
    driven off (it strikes at a fair chance of that, even at an even exchange of losses), the normal one does not."""
    state = ringed_town()
    for uid in ("r1", "r2"):
        state.units[uid] = state.units[uid].but(turns_cut_off=2)
    for level, drives in (("normal", False), ("hard", True)):
        player = Commander("red", Posture.of(level, "soviet"), 1)
        plan = player.make_plan(fogged(observe(state, "red"), player.key))
        sortie = [uid for uid, t in plan.tasks.items() if t.kind == "sortie"]
        assert sortie, level
        targets = {u.hex for u in state.units_of("green")} & plan.drive_off
        assert bool(targets) == drives, (level, plan.drive_off)


def test_the_hard_defender_keeps_its_relief_out_of_the_bands_ambushes(main_setup):
    """Every 100 men the bands kill or take scores for them: hard Soviets hold their posts and keep the
    reinforcements where they come in, where normal ones march on the town."""
    state, _ = new_game(main_setup, 1)
    town = state.board.places["dushanbe"].hex
    for level, marches in (("normal", True), ("hard", False)):
        player = make_player(level, "soviet", 1)
        plan = player.make_plan(fogged(observe(state, "soviet"), player.key))
        outside = [u for u in state.units_of("soviet") if u.hex != town]
        going = [u.id for u in outside if plan.tasks[u.id].kind in ("go", "join") and plan.tasks[u.id].to != u.hex]
        assert bool(going) == marches, (level, going)


def soviet_to_move(main_setup):
    """The main scenario's first turn, the Soviets' phase."""
    state, _ = new_game(main_setup, 1)
    state.active = state.setup.sides.index("soviet")
    return state


def test_the_historical_relief_column_is_one_unit_even_after_it_has_arrived(main_setup):
    """The record has one mounted column from the nearest post; once it is in the town no other rides out."""
    from game.ai.defender import recorded_column, relief_as_recorded
    from game.ai.reading import start_hexes

    state = soviet_to_move(main_setup)
    town = state.board.places["dushanbe"].hex
    starts = start_hexes(state)
    on_map = [u for u in state.units_of("soviet") if u.id in starts and u.hex != town]
    column = recorded_column(state, town)
    chosen = [u.id for u in relief_as_recorded(state, on_map, column)]
    assert chosen == [column] and state.rules.unit_types[state.units[column].type].mover == "horse"
    without = [u for u in on_map if u.id != column]  # the column has reached the town: it is no longer a mover
    assert relief_as_recorded(state, without, recorded_column(state, town)) == []


def test_the_historical_column_rides_on_past_a_post_it_took_on_the_way(main_setup):
    """A column that takes an empty village on its road does not stay there as its post."""
    from game.ai.defender import recorded_column

    state = soviet_to_move(main_setup)
    column = recorded_column(state, state.board.places["dushanbe"].hex)
    regar = state.board.places["regar"]
    state.units[column] = state.units[column].but(hex=regar.hex)
    state.control["regar"] = "soviet"
    player = make_player("historical", "soviet", 1)
    ask(player, state)
    task = player.plan.tasks[column]
    assert task.kind == "go" and task.to != regar.hex


@pytest.fixture(scope="module")
def relief_scenario():
    loaded = load_scenario(RELIEF)
    return make_setup(loaded.scenario, loaded.rules)


@pytest.fixture(scope="module")
def relief_setup(relief_scenario):
    """The relief map with twenty days to go: a column with time to spare."""
    return dataclasses.replace(relief_scenario, total_turns=40)


def column_meets_band(relief_setup, hidden: bool, turn: int = 0, at=(1, 17)):
    """The Denov column back at Denov, the Soviets to move, the Sariosiyo band beside the road ahead: by
    default in the open a hex off it, where the column sees it; elsewhere, as the Soviets last saw it."""
    state, _ = new_game(relief_setup, 1)
    state.turn = turn
    state.active = state.setup.sides.index("soviet")
    denov = state.board.places["denov"].hex
    for uid in ("denov_cavalry", "denov_squadron"):
        state.units[uid] = state.units[uid].but(hex=denov)
    band = state.units["sariosiyo_band"]
    state.units[band.id] = band.but(hex=off(*at), hidden=hidden)
    state.sightings.setdefault("soviet", {})[band.id] = Sighting(band.side, band.type, band.name, off(*at), 0,
                                                                 band.men, "seen")
    return state


def ambushes_in_phase(state, player):
    events = []
    phase_orders(state, player, events)
    return [e for e in events if e.kind == "ambush"]


def test_a_wary_column_rides_down_a_band_it_sees_and_the_recorded_one_rides_on(relief_setup):
    """A band left beside the road would hide again and strike; the normal column attacks it first."""
    band = off(1, 17)
    normal, _ = phase_orders(column_meets_band(relief_setup, hidden=False), make_player("normal", "soviet", 1))
    recorded, _ = phase_orders(column_meets_band(relief_setup, hidden=False), make_player("historical", "soviet", 1))
    assert any(getattr(o, "target", None) == band and "denov_cavalry" in o.units for o in normal)
    assert not any(getattr(o, "target", None) == band for o in recorded)


def test_a_column_racing_the_clock_rides_past_the_band_instead(relief_scenario):
    """Five days for the road: the normal column does not spend a turn on a band it could beat, it rides on."""
    band = off(1, 17)
    orders, after = phase_orders(column_meets_band(relief_scenario, hidden=False), make_player("normal", "soviet", 1))
    assert not any(getattr(o, "target", None) == band for o in orders)
    dushanbe = after.board.places["dushanbe"].hex
    costs = reading.route_costs(after, "horse", dushanbe)
    assert costs.get(after.units["denov_cavalry"].hex) < costs.get(after.board.places["denov"].hex)


def test_a_runner_rides_round_a_screen_across_the_road(relief_scenario):
    """An enemy standing on the road ahead: the column goes round it instead of standing still behind it."""
    state, _ = new_game(relief_scenario, 1)
    state.active = state.setup.sides.index("soviet")
    dushanbe = state.board.places["dushanbe"].hex
    costs = reading.route_costs(state, "horse", dushanbe)
    road = reading.route(state, "horse", state.units["denov_cavalry"].hex, dushanbe)  # the screen on its fourth hex
    screen = state.units["mirtyube_screen"]
    state.units[screen.id] = screen.but(hex=road[3])
    for uid in ("denov_cavalry", "denov_squadron"):
        state.units[uid] = state.units[uid].but(hex=road[2])
    assert not [h for h in state.board.neighbours(road[2]) if costs.get(h) < costs.get(road[2]) and h != road[3]]  # no step forward by the road
    orders, after = phase_orders(state, make_player("normal", "soviet", 1))
    round_it = reading.route_costs_avoiding(after, "horse", dushanbe, {road[3]})
    assert round_it.get(after.units["denov_cavalry"].hex) < round_it.get(road[2])


def test_a_wary_column_keeps_clear_of_cover_where_a_band_it_saw_went_to_ground(relief_setup):
    """Seen a turn ago, gone from sight now: the normal column does not pass next to it; the recorded one blunders in."""
    outcomes = {}
    for level in ("normal", "historical"):
        player = make_player(level, "soviet", 1)
        outcomes[level] = ambushes_in_phase(column_meets_band(relief_setup, hidden=True, turn=1, at=(4, 16)), player)
    assert outcomes["normal"] == [] and [e.victim for e in outcomes["historical"]] == ["denov_cavalry"]
