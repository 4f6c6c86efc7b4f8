"""The game's own random generator: PCG32 (O'Neill 2014), held in the state.

Pure integer arithmetic, so every machine and every Python build draws the
same numbers from the same seed.  A `Dice` is small and copied with the
state; the rules draw integer rolls and write them into the events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_MASK64 = (1 << 64) - 1
_MULT = 6364136223846793005
_INC = 1442695040888963407  # must be odd
ROLL_SIDES = 10_000  # a roll is an integer 0..9999; p% chance succeeds when roll < p * 100


@dataclass(slots=True)
class Dice:
    state: int

    @classmethod
    def seeded(cls, seed: int) -> "Dice":
        dice = cls(0)
        dice._step()
        dice.state = (dice.state + (seed & _MASK64)) & _MASK64
        dice._step()
        return dice

    def copy(self) -> "Dice":
        return Dice(self.state)

    def _step(self) -> None:
        self.state = (self.state * _MULT + _INC) & _MASK64

    def next_u32(self) -> int:
        old = self.state
        self._step()
        xorshifted = (((old >> 18) ^ old) >> 27) & 0xFFFFFFFF
        rot = old >> 59
        return ((xorshifted >> rot) | (xorshifted << ((-rot) & 31))) & 0xFFFFFFFF

    def below(self, n: int) -> int:
        """A uniform integer in 0..n-1 (unbiased, by rejection); 1 <= n <= 2**32."""
        if not 0 < n <= 1 << 32:
            raise ValueError(f"n must be in 1..2**32, not {n}")
        threshold = (1 << 32) % n
        while True:
            x = self.next_u32()
            if x >= threshold:
                return x % n

    def between(self, low: int, high: int) -> int:
        """A uniform integer in low..high, both included."""
        return low + self.below(high - low + 1)

    def roll(self) -> int:
        """A roll in 0..ROLL_SIDES-1, the unit of every chance in the rules."""
        return self.below(ROLL_SIDES)


def needed(chance: float) -> int:
    """The roll (0..9999) a `chance` must beat: it succeeds below this."""
    return round(chance * ROLL_SIDES)


def succeeds(roll: int, chance: float) -> bool:
    """Whether `roll` (0..9999) makes a `chance` between 0 and 1."""
    return roll < needed(chance)


def amount(dice: Dice, value: Any) -> int:
    """A fixed number, or one drawn from a range (anything with `low` and `high`)."""
    return value if isinstance(value, int) else dice.between(value.low, value.high)
