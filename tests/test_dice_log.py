"""Every random draw is in the event log: the rolls in the events account for all the dice used."""

from hypothesis import given, settings, strategies as st

from game.core.dice import Dice
from game.core.engine import apply, legal_orders
from tests.test_books import siege

from game.core.brief import Amount

ONE_DRAW = {"combat", "spotted", "panicked", "defected", "leader_hit", "dice", "reported"}


def drawn_delay(state, call) -> bool:
    """A wireless call draws its delay only when the scenario gives a range."""
    side = next(s for s in state.setup.scenario.sides if s.id == call.side)
    return any(r.on_call == call.station and isinstance(r.delay_turns, Amount) for r in side.reinforcements)


def draws_in(events, state) -> int:
    """How many draws the events say were made."""
    count = 0
    for e in events:
        if e.kind in ONE_DRAW and getattr(e, "roll", 0) >= 0:
            count += 1
        elif e.kind == "turn_began" and e.roll >= 0:
            count += 1
        elif e.kind == "wireless_call" and drawn_delay(state, e):
            count += 1
    return count


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32), st.lists(st.integers(0, 10_000), min_size=20, max_size=120))
def test_the_events_account_for_every_draw(monkeypatch_seed, picks):
    state, _ = siege(monkeypatch_seed % 1000)
    made = [0]
    below = Dice.below

    def counted(self, n):
        made[0] += 1
        return below(self, n)

    Dice.below = counted  # every draw (roll, between) goes through below()
    try:
        for pick in picks:
            if state.over:
                break
            orders = legal_orders(state, state.side)
            made[0] = 0
            state, events = apply(state, orders[pick % len(orders)])
            assert made[0] == draws_in(events, state), [e.kind for e in events]
    finally:
        Dice.below = below
