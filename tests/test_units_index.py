"""The index of units by hex says what a scan of every unit says, after any order.

The rules and the AI read who stands where, zones of control, the front,
hidden units and men from the index (game/core/units.py) instead of
looking at every unit; if it fell out of step, moves, fights and the AI
would quietly go wrong.  Random legal orders on the siege of test_books
(every rule that moves, hides, removes or adds units) and the AI's fogged
views are checked against a brute-force scan, and so is the state each
order started from, which the reducer's copy must leave alone.
"""

from hypothesis import HealthCheck, given, settings, strategies as st

from game.ai.view import fogged
from game.core.observe import observe
from game.core.engine import apply, legal_orders
from game.core.hexgrid import distance, spiral
from game.core.state import State
from tests.test_books import siege


def assert_index_agrees(state: State) -> None:
    units = list(state.units.values())
    occupied = {u.hex for u in units}
    assert set(state.units.occupied()) == occupied
    for h in occupied:
        assert list(state.units.at(h)) == sorted((u for u in units if u.hex == h), key=lambda u: u.id)
    for side in state.setup.sides:
        zone = {}
        for u in units:
            if u.side == side and not u.hidden and u.men > 0:
                for h in spiral(u.hex, 1):
                    zone[h] = zone.get(h, 0) + 1
        assert dict(state.units.zone(side)) == zone
        assert state.units.men(side) == sum(u.men for u in units if u.side == side)
    front = sorted(h for h in occupied if any(u.side != v.side for u in units if u.hex == h
                                              for v in units if distance(u.hex, v.hex) <= 1))
    assert state.units.front() == front
    assert state.units.hidden() == sorted((u for u in units if u.hidden), key=lambda u: u.id)
    for h in sorted(occupied):
        for radius in (1, 3):
            assert state.units_near(h, radius) == sorted((u for u in units if distance(u.hex, h) <= radius),
                                                         key=lambda u: u.id)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1), st.lists(st.integers(0, 10_000), min_size=1, max_size=40))
def test_the_index_agrees_with_a_scan_of_every_unit_after_every_order(seed, picks):
    state, _ = siege(seed)
    step = 0
    while not state.over:
        orders = legal_orders(state, state.side)
        pick = picks[step % len(picks)]
        before = state
        state, _ = apply(state, orders[-1] if pick % 8 == 0 else orders[pick % len(orders)])
        assert_index_agrees(before)
        assert_index_agrees(state)
        assert_index_agrees(fogged(observe(state, state.side)))
        step += 1


def test_units_taken_out_and_put_back_by_hand_keep_the_index():
    state, _ = siege(1)
    copy = state.copy()
    hider = next(u for u in copy.units.values() if u.hidden)
    del copy.units[hider.id]
    moved = copy.units.pop("r_cav")
    copy.units["r_cav"] = moved.but(hex=hider.hex)
    copy.units[hider.id] = hider.but(hidden=False, hex=moved.hex)
    assert_index_agrees(copy)
    assert_index_agrees(state)


def test_a_units_changed_copy_is_what_dataclasses_replace_gives_and_refuses_unknown_fields():
    import dataclasses

    import pytest

    from game.core.hexgrid import Hex
    from game.core.state import Unit

    u = Unit("u1", "red", "Company", "infantry", Hex(1, 2), 100, rifles=90, morale=55)
    assert u.but(men=80, morale=40) == dataclasses.replace(u, men=80, morale=40)
    assert u.but() == u and u.but(men=80) is not u and u.men == 100
    with pytest.raises(TypeError, match="mne"):
        u.but(mne=80)
