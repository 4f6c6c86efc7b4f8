"""What a side can see: its own units, and the enemy's that are not hidden (rules/visibility.py)."""

from game.core.rules.visibility import view_for
from tests.builders import game, unit


def test_a_sides_view_holds_what_it_sees_of_the_enemy_and_all_of_its_own():
    state, _ = game(green=[unit("g1", (1, 3)), unit("g2", (0, 4), hidden=True)],
                    red=[unit("r1", (6, 4)), unit("r2", (5, 1), hidden=True)])
    green = view_for(state, "green")
    assert set(green.units) == {"g1", "g2", "r1"}  # its own hidden band, not the enemy's
    assert set(view_for(state, "red").units) == {"g1", "r1", "r2"}
    assert set(state.units) == {"g1", "g2", "r1", "r2"} and green.dice.state == state.dice.state  # the game untouched
